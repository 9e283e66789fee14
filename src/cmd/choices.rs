//! The command line's names for the library's choices (`--units`, `--week-start`, `--method`).
//! The choices themselves live where the pipeline uses them and know nothing of clap: the library
//! can be used without the command line, and only this room translates between them.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::activity::calendar::WeekStart;
use crate::activity::units::Units;
use crate::report::weekly::Method;

/// `impl ValueEnum` for a library enum: each variant with its name on the command line and, when
/// there is one, the line `--help` shows beside it.
macro_rules! choices {
    ($ty:ident { $($variant:ident => $name:literal $(: $help:literal)?,)+ }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($ty::$variant),+]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(match self {
                    $($ty::$variant => PossibleValue::new($name)$(.help($help))?,)+
                })
            }
        }
    };
}

choices!(Units {
    Metric => "metric": "Kilometres, minutes per km",
    Imperial => "imperial": "Miles, minutes per mile",
});

choices!(WeekStart {
    Monday => "monday",
    Sunday => "sunday",
});

choices!(Method {
    Time => "time": "Share of moving time in the low zone",
    Sessions => "sessions": "Share of runs that were easy or recovery",
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
        assert_eq!(Units::value_variants().len(), 2);
        assert!(Units::from_str("furlongs", false).is_err());
    }
}
