//! What `check` says of the weeks it looked at, for one runner or each of a team: a missed
//! week's line, the tally, and the JSON record of a week.

use serde::Serialize;

use crate::activity::units::counted;
use crate::report::weekly::{Method, Week};

/// One week `check --format json` looked at.
#[derive(Serialize)]
pub struct CheckedWeek<'a> {
    week: &'a str,
    week_start: &'a str,
    easy_pct: f64,
    meets_target: bool,
    runs: usize,
    low_pct: f64,
    moderate_pct: f64,
    high_pct: f64,
}

impl<'a> CheckedWeek<'a> {
    pub fn new(w: &'a Week, share: f64, meets_target: bool) -> Self {
        let record = crate::report::records::WeekRecord::from_week(w);
        CheckedWeek {
            week: &w.week,
            week_start: &w.week_start,
            easy_pct: crate::report::round(share, 1),
            meets_target,
            runs: w.runs,
            low_pct: record.low_pct,
            moderate_pct: record.moderate_pct,
            high_pct: record.high_pct,
        }
    }
}

/// `3 of 4 weeks meet`, `1 of 4 weeks meets`, `1 of 1 week meets`.
pub fn weeks_meeting(met: usize, weeks: usize) -> String {
    let verb = if met == 1 { "meets" } else { "meet" };
    format!("{met} of {} {verb}", counted(weeks, "week", "weeks"))
}

/// What `check` says of a week that misses the target (after `MISS `): the week, its share, the
/// zone split and its runs.
pub fn miss_line(w: &Week, share: f64, min_easy: f64, method: Method) -> String {
    let (low, moderate, high) = w.zone_pcts();
    // A Sunday week's label already names its first day.
    let when = match w.week.strip_prefix("Sun ") {
        Some(date) => format!("week of Sunday {date}"),
        None => format!("{} ({})", w.week, w.week_start),
    };
    // A gray-zone run is a hard run: counted among them, so the classes add up to the runs.
    let gray = match w.gray_zone_runs {
        0 => String::new(),
        n => format!(", {n} of them gray zone"),
    };
    format!(
        "{when}: {:.1} % {}, target {:.0} % — low/moderate/high {:.0}/{:.0}/{:.0} %, {} ({} easy, {} recovery, {} hard{gray})",
        share,
        method.words(),
        min_easy,
        low,
        moderate,
        high,
        counted(w.runs, "run", "runs"),
        w.easy_runs,
        w.recovery_runs,
        w.hard_runs,
    )
}

#[cfg(test)]
mod tests {
    use super::weeks_meeting;

    #[test]
    fn the_tally_agrees_with_its_counts() {
        assert_eq!(weeks_meeting(3, 4), "3 of 4 weeks meet");
        assert_eq!(weeks_meeting(1, 4), "1 of 4 weeks meets");
        assert_eq!(weeks_meeting(1, 1), "1 of 1 week meets");
        assert_eq!(weeks_meeting(0, 1), "0 of 1 week meet");
    }
}
