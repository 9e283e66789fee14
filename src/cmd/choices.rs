//! The command line's names for the library's choices (`--units`, `--week-start`, `--method`).
//! The choices themselves live where the pipeline uses them and know nothing of clap: the library
//! can be used without the command line, and only this room translates between them.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::activity::calendar::WeekStart;
use crate::activity::units::Units;
use crate::report::weekly::Method;

/// `impl ValueEnum` for a library enum: each variant with its name on the command line, the
/// short names the profile file also takes, and, when there is one, the line `--help` shows
/// beside it.
macro_rules! choices {
    ($ty:ident { $($variant:ident => $name:literal [$($alias:literal),*] $(: $help:literal)?,)+ }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($ty::$variant),+]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(match self {
                    $($ty::$variant => PossibleValue::new($name)$(.alias($alias))*$(.help($help))?,)+
                })
            }
        }
    };
}

// The names and short names are the profile file's (`Units::from_name`, `WeekStart::from_name`):
// `units = "km"` in grayzone.toml, and `--units km` on the command line.
choices!(Units {
    Metric => "metric" ["km"]: "Kilometres, minutes per km",
    Imperial => "imperial" ["mi", "miles"]: "Miles, minutes per mile",
});

choices!(WeekStart {
    Monday => "monday" ["mon"],
    Sunday => "sunday" ["sun"],
});

choices!(Method {
    Time => "time" []: "Share of moving time in the low zone",
    Sessions => "sessions" []: "Share of runs that were easy or recovery",
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant has a name, the names are the ones the README and the profile file use, and
    /// each reads back as itself.
    #[test]
    fn names_read_back() {
        for (name, units) in [("metric", Units::Metric), ("imperial", Units::Imperial)] {
            assert_eq!(Units::from_str(name, false), Ok(units));
        }
        for (name, day) in [("monday", WeekStart::Monday), ("sunday", WeekStart::Sunday)] {
            assert_eq!(WeekStart::from_str(name, false), Ok(day));
        }
        for method in Method::value_variants() {
            assert_eq!(Method::from_str(method.name(), false).as_ref(), Ok(method));
        }
        // Every name the profile file takes, the command line takes too, as the same choice.
        for units in Units::value_variants() {
            for name in units.to_possible_value().unwrap().get_name_and_aliases() {
                assert_eq!(Units::from_name(name), Some(*units), "{name}");
                assert_eq!(Units::from_str(name, false).as_ref(), Ok(units));
            }
        }
        for day in WeekStart::value_variants() {
            for name in day.to_possible_value().unwrap().get_name_and_aliases() {
                assert_eq!(WeekStart::from_name(name), Some(*day), "{name}");
            }
        }
        assert_eq!(Units::from_str("km", false), Ok(Units::Metric));
        assert_eq!(WeekStart::from_str("sun", false), Ok(WeekStart::Sunday));
        assert_eq!(Units::value_variants().len(), 2);
        assert!(Units::from_str("furlongs", false).is_err());
    }
}
