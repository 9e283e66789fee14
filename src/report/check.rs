//! What `check` says of the weeks it looked at, for one runner or each of a team: a missed
//! week's line, the tally, and the JSON record of a week.

use std::path::PathBuf;

use serde::Serialize;

use crate::activity::units::counted;
use crate::judge::ActivityRow;
use crate::report::weekly::{Method, Week};
use crate::report::window::{select_weeks, Window};

/// Why a check (`check`, an athlete of `team --check`) fails before any week: the export holds
/// no activity file (an empty or mis-synced folder, a zip without one, planned routes only), or
/// no run was read and a file could not be, which may have been one. A CI gate over a broken
/// export must not pass with "nothing to check".
pub fn uncheckable(rows: &[ActivityRow], paths: &[PathBuf]) -> Option<String> {
    if rows.iter().all(|r| r.holds_no_activity()) {
        return Some(crate::report::terminal::nothing_found(paths));
    }
    use crate::summarize::row::Status;
    let read_a_run = rows.iter().any(|r| r.status == Status::Ok);
    let unreadable = rows.iter().any(|r| r.status == Status::Error);
    (unreadable && !read_a_run).then(|| crate::report::team::why_no_weeks(rows))
}

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

/// What a check of one runner's weeks says: the weeks it looked at, a line for each that missed
/// (after `MISS `), the tally (`3 of 4 weeks meet`; `None`: no week was selected), and the notes
/// under it (runs in no week; where the runs are, when the window missed them all). `check`
/// prints it as it is, `team --check` with the athlete's name on each line: one verdict, so the
/// two cannot tell a runner's weeks apart.
pub struct Verdict<'a> {
    pub selected: Vec<(&'a Week, f64, bool)>,
    pub misses: Vec<String>,
    pub tally: Option<String>,
    pub notes: Vec<String>,
}

impl<'a> Verdict<'a> {
    pub fn of(
        rows: &[ActivityRow],
        weeks: &'a [Week],
        window: &Window,
        method: Method,
        min_easy: f64,
    ) -> Verdict<'a> {
        let selected = select_weeks(weeks, window, method, min_easy);
        let misses: Vec<String> = selected
            .iter()
            .filter(|(_, _, ok)| !ok)
            .map(|(w, share, _)| miss_line(w, *share, min_easy, method))
            .collect();
        let tally = (!selected.is_empty())
            .then(|| weeks_meeting(selected.len() - misses.len(), selected.len()));
        // Runs too short or implausible to judge are in no week: said, so a week that seems to
        // be missing one is explained; a window that missed every run (a typo in a year) says
        // where they are.
        let mut notes: Vec<String> = crate::report::left_out_sentence(window.rows(rows))
            .map(|s| format!("{s}, in no week"))
            .into_iter()
            .collect();
        if selected.is_empty() {
            notes.extend(window.note(weeks, "the check covers"));
        }
        Verdict {
            selected,
            misses,
            tally,
            notes,
        }
    }

    pub fn passed(&self) -> bool {
        self.misses.is_empty()
    }
}

/// `3 of 4 weeks meet`, `1 of 4 weeks meets`, `1 of 1 week meets`.
fn weeks_meeting(met: usize, weeks: usize) -> String {
    let verb = if met == 1 { "meets" } else { "meet" };
    format!("{met} of {} {verb}", counted(weeks, "week", "weeks"))
}

/// What `check` says of a week that misses the target (after `MISS `): the week, its share, the
/// zone split and its runs.
fn miss_line(w: &Week, share: f64, min_easy: f64, method: Method) -> String {
    // As the weekly table shows them: to tenths adding up to 100 (rounded each alone they made
    // 77/7/15 and "-0 %": newcomer 38 N12, hostile round 38 M1).
    let (low, moderate, high) = crate::report::tenths_to_100(w.zone_pcts());
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
        "{when}: {:.1} % {}, target {} % — low/moderate/high {:.1}/{:.1}/{:.1} %, {} ({} easy, {} recovery, {} hard{gray})",
        share,
        method.words(),
        crate::report::target_words(min_easy),
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
    use super::{miss_line, weeks_meeting};
    use crate::report::weekly::{Method, Week};
    use crate::report::window::{select_weeks, Window};

    /// A week of 10,000 s zoned, `low_s` of it low and the rest moderate.
    fn week(low_s: f64) -> Week {
        let mut w = Week::default();
        w.week = "2024-W10".into();
        w.week_start = "2024-03-04".into();
        w.runs = 5;
        w.easy_runs = 4;
        w.hard_runs = 1;
        w.low_s = low_s;
        w.moderate_s = 10_000.0 - low_s;
        w
    }

    #[test]
    fn a_week_meets_or_misses_on_the_share_it_shows() {
        // 79.96 % low is shown as 80.0: it meets 80. 79.94 % is shown as 79.9: it misses.
        let weeks = [week(7_996.0), week(7_994.0)];
        let checked = select_weeks(&weeks, &Window::default(), Method::Time, 80.0);
        let seen: Vec<(f64, bool)> = checked.iter().map(|(_, s, m)| (*s, *m)).collect();
        assert_eq!(seen, vec![(80.0, true), (79.9, false)]);
    }

    #[test]
    fn a_miss_names_the_target_as_set() {
        let w = week(8_030.0);
        let line = miss_line(&w, w.shown_easy_pct(Method::Time), 80.4, Method::Time);
        assert!(
            line.contains("80.3 % of moving time low, target 80.4 %"),
            "{line}"
        );
        let line = miss_line(&w, 80.3, 85.0, Method::Time);
        assert!(line.contains("target 85 %"), "{line}");
    }

    #[test]
    fn a_miss_gives_the_split_as_the_table_does() {
        // 77.04 / 7.46 / 15.5: each rounded alone, 77/7/16 would not say what the table says; a
        // share a hair under zero read "-0 %".
        let mut w = week(7_704.0);
        w.moderate_s = 746.0;
        w.high_s = 1_550.0;
        let line = miss_line(&w, 77.0, 80.0, Method::Time);
        assert!(line.contains("low/moderate/high 77.0/7.5/15.5 %"), "{line}");
        let mut w = week(4_500.0);
        w.high_s = -1e-9;
        let line = miss_line(&w, 45.0, 80.0, Method::Time);
        assert!(line.contains("low/moderate/high 45.0/55.0/0.0 %"), "{line}");
    }

    #[test]
    fn the_tally_agrees_with_its_counts() {
        assert_eq!(weeks_meeting(3, 4), "3 of 4 weeks meet");
        assert_eq!(weeks_meeting(1, 4), "1 of 4 weeks meets");
        assert_eq!(weeks_meeting(1, 1), "1 of 1 week meets");
        assert_eq!(weeks_meeting(0, 1), "0 of 1 week meet");
    }
}
