//! Paces, distances and durations as a runner reads them: `5:40/km` or `9:07/mi`, `12.3 km`,
//! `1:02:03`. Human output (reasons, summary, explain, chart, HTML) speaks through these; the tables
//! carry SI figures and their `_mi` twins whatever the runner's units.

/// A count and its noun, singular for one: `1 run`, `3 runs`.
///
/// ```
/// assert_eq!(grayzone::activity::units::counted(1, "run", "runs"), "1 run");
/// assert_eq!(grayzone::activity::units::counted(0, "run", "runs"), "0 runs");
/// ```
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `5:32` from seconds (`1:02:03` past an hour).
///
/// ```
/// assert_eq!(grayzone::activity::units::clock(332.4), "5:32");
/// assert_eq!(grayzone::activity::units::clock(3723.0), "1:02:03");
/// ```
pub fn clock(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Metres in an international mile.
pub const METERS_PER_MILE: f64 = 1609.344;
pub const METERS_PER_FOOT: f64 = 0.3048;

/// Units of paces and distances in human output (summary, explain, chart, HTML report). Tables
/// (CSV / JSON) always carry both: SI columns plus `_mi` ones, so their schema never changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Units {
    /// Kilometres, minutes per km.
    #[default]
    Metric,
    /// Miles, minutes per mile.
    Imperial,
}

impl Units {
    /// Reads `metric` / `imperial` (the profile file's `units` key).
    pub fn from_name(name: &str) -> Option<Units> {
        match name.trim().to_ascii_lowercase().as_str() {
            "metric" | "km" => Some(Units::Metric),
            "imperial" | "mi" | "miles" => Some(Units::Imperial),
            _ => None,
        }
    }

    /// `km` or `mi`.
    pub fn distance_unit(self) -> &'static str {
        match self {
            Units::Metric => "km",
            Units::Imperial => "mi",
        }
    }

    /// Metres in one unit of distance.
    fn unit_m(self) -> f64 {
        match self {
            Units::Metric => 1000.0,
            Units::Imperial => METERS_PER_MILE,
        }
    }

    /// `12.3 km` / `7.6 mi`.
    pub fn distance(self, meters: f64) -> String {
        format!("{:.1} {}", meters / self.unit_m(), self.distance_unit())
    }

    /// `5:40/km` / `9:07/mi` from seconds per km.
    pub fn pace(self, s_per_km: f64) -> String {
        format!(
            "{}/{}",
            clock(per_km_shown(s_per_km) * self.unit_m() / 1000.0),
            self.distance_unit()
        )
    }

    /// A climb, `24 m of climb per km` / `127 ft of climb per mi`, from metres per km: an
    /// American route is told in feet per mile, never in both units at once (review 37 §1.7).
    pub fn climb(self, m_per_km: f64) -> String {
        // The feet are told from the metres as shown, as a reason's paces are.
        let shown = m_per_km.round_ties_even();
        match self {
            Units::Metric => format!("{shown:.0} m of climb per km"),
            Units::Imperial => format!(
                "{:.0} ft of climb per mi",
                shown * METERS_PER_MILE / 1000.0 / METERS_PER_FOOT
            ),
        }
    }

    /// A pace difference, `23 s/km` / `37 s/mi`, from seconds per km (sign dropped).
    pub fn pace_gap(self, s_per_km: f64) -> String {
        format!(
            "{:.0} s/{}",
            (per_km_shown(s_per_km) * self.unit_m() / 1000.0).abs(),
            self.distance_unit()
        )
    }
}

/// A pace as the classifier's reasons write it, to the second per km: a mile's pace is told from
/// it, as a reason's own "5:55/km" is told in miles, so one page never gives one pace two ways
/// (review 38 §1.4: "9:31/mi" in the reason, "9:32/mi" in the baseline).
fn per_km_shown(s_per_km: f64) -> f64 {
    s_per_km.round()
}

/// Seconds per mile from seconds per km.
pub fn s_per_mile(s_per_km: f64) -> f64 {
    s_per_km * METERS_PER_MILE / 1000.0
}
