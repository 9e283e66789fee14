//! Which dates a report shows: `--since DATE`, `--until DATE`, `--last N` weeks, `--all`. Judging
//! never looks through the window: every run of the export is judged against the history before
//! it (the baseline needs it), and the window only chooses the runs and weeks that are shown.
//!
//! `--last N` counts calendar weeks, empty ones included, back from the week of the export's last
//! run (or of `--until`): an export is a snapshot up to the day it was made, so a year-old export
//! still shows its own last weeks rather than empty ones up to today.

use chrono::{Duration, NaiveDate};

use crate::activity::calendar::{day_to_date, local_day, WeekStart};
use crate::activity::label::echo;
use crate::judge::ActivityRow;
use crate::report::weekly::{Method, Week};
use crate::summarize::row::{DATABLE_FROM_UTC, DATABLE_UNTIL_UTC};

/// The most weeks a window spans: every week a watch's dates can fall in (1990 to 2099), so a
/// window is never a list of hundreds of thousands of empty weeks.
pub const MOST_WEEKS: usize =
    ((DATABLE_UNTIL_UTC - DATABLE_FROM_UTC) / (7.0 * 86_400.0)) as usize + 1;

/// What the runner asked for, checked before any file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowRequest {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Calendar weeks back from the week of `until`, else of the export's last run.
    pub last_weeks: Option<usize>,
    /// Every week, even where the command shows recent weeks by default.
    pub all: bool,
}

/// The local dates shown, both ends included; `None` is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// How the window was chosen, for the note on what it leaves out.
    pub kind: WindowKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WindowKind {
    /// Nothing asked, nothing left out by default.
    #[default]
    Everything,
    /// The command's own default: its last N weeks.
    DefaultLast(usize),
    /// `--last N`.
    Last(usize),
    /// `--since` and/or `--until`.
    Dates,
}

/// Weeks the HTML report and the chart show when no window is given: four months read at a
/// glance, with bars wide enough to read and hover.
pub const RECENT_WEEKS: usize = 16;

/// Weeks `summary` shows when no window is given.
pub const SUMMARY_WEEKS: usize = 8;

pub use crate::activity::label::Spelling;

/// Reads `YYYY-MM-DD` for the option `option` (`since`, `until`).
pub fn parse_date(spelling: Spelling, option: &str, text: &str) -> Result<NaiveDate, String> {
    let name = spelling.of(option);
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "{name} '{}': write the date as YYYY-MM-DD, for example 2024-03-31",
            echo(text)
        )
    })?;
    let years = NaiveDate::from_ymd_opt(1990, 1, 1)..NaiveDate::from_ymd_opt(2100, 1, 1);
    if years
        .start
        .zip(years.end)
        .is_some_and(|(a, b)| (a..b).contains(&date))
    {
        Ok(date)
    } else {
        Err(format!(
            "{name} {date}: give a date from 1990 to 2099, the years a watch records{}",
            if spelling == Spelling::Flag {
                " (--all shows every week)"
            } else {
                ""
            }
        ))
    }
}

impl WindowRequest {
    /// Checks the dates together: an empty window is a mistake worth saying before reading.
    pub fn check(&self, spelling: Spelling) -> Result<(), String> {
        let name = |option| spelling.of(option);
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since > until {
                return Err(format!(
                    "{} {since} is after {} {until}: nothing would be shown",
                    name("since"),
                    name("until")
                ));
            }
        }
        if self.last_weeks == Some(0) {
            return Err(format!(
                "{} 0: give a number of weeks, 1 or more",
                name("last")
            ));
        }
        if let Some(n) = self.last_weeks.filter(|&n| n > MOST_WEEKS) {
            return Err(format!(
                "{} {n}: at most {MOST_WEEKS} weeks, the years a watch records (1990 to 2099){}",
                name("last"),
                if spelling == Spelling::Flag {
                    "; --all shows every week"
                } else {
                    ""
                }
            ));
        }
        Ok(())
    }

    /// The window over the export's rows. `default_weeks`: what a command shows when the runner
    /// asked nothing (the chart, the HTML report and `summary` show their recent weeks).
    pub fn resolve(
        &self,
        rows: &[ActivityRow],
        week_start: WeekStart,
        default_weeks: Option<usize>,
    ) -> Window {
        self.resolve_at(last_run_date(rows), week_start, default_weeks)
    }

    /// [`resolve`](Self::resolve) with the last weeks counted back from `last_run` (unless
    /// `--until` is given): a team's athletes share the weeks up to the team's last run.
    pub fn resolve_at(
        &self,
        last_run: Option<NaiveDate>,
        week_start: WeekStart,
        default_weeks: Option<usize>,
    ) -> Window {
        if self.all {
            return Window::default();
        }
        let (weeks, kind) = match (self.last_weeks, default_weeks) {
            (Some(n), _) => (Some(n), WindowKind::Last(n)),
            // `--until` alone moves the end of the default window.
            (None, Some(n)) if self.since.is_none() => (Some(n), WindowKind::DefaultLast(n)),
            _ => (None, WindowKind::Dates),
        };
        let Some(weeks) = weeks else {
            return Window {
                first: self.since,
                last: self.until,
                kind: if self.since.is_some() || self.until.is_some() {
                    WindowKind::Dates
                } else {
                    WindowKind::Everything
                },
            };
        };
        let Some(end) = self.until.or(last_run) else {
            // No dated activity at all: nothing to show, nothing left out.
            return Window::default();
        };
        // `check` bounds the weeks; a caller that did not ask it still gets a calendar date.
        let back = Duration::weeks(weeks.clamp(1, MOST_WEEKS) as i64 - 1);
        let week = week_start.start_of(end);
        Window {
            first: Some(week.checked_sub_signed(back).unwrap_or(NaiveDate::MIN)),
            last: Some(
                self.until
                    .unwrap_or(week.checked_add_signed(Duration::days(6)).unwrap_or(end)),
            ),
            kind,
        }
    }
}

/// The local date of an activity row, if it has a start time.
pub fn local_date(row: &ActivityRow) -> Option<NaiveDate> {
    let s = row
        .summary
        .as_ref()
        .filter(|_| row.start_time().is_some())?;
    day_to_date(local_day(s.start_time, row.utc_offset_s))
}

/// The local date of the export's last run, else of its last dated activity of any kind.
pub fn last_run_date(rows: &[ActivityRow]) -> Option<NaiveDate> {
    rows.iter()
        .filter(|r| r.is_run())
        .filter_map(local_date)
        .max()
        .or_else(|| rows.iter().filter_map(local_date).max())
}

fn week_first_day(week: &Week) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&week.week_start, "%Y-%m-%d").ok()
}

impl Window {
    pub fn is_everything(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    pub fn holds_date(&self, date: NaiveDate) -> bool {
        self.first.is_none_or(|f| date >= f) && self.last.is_none_or(|l| date <= l)
    }

    /// A week is shown when any of its seven days is: a week is judged whole, never cut.
    pub fn holds_week(&self, week: &Week) -> bool {
        match week_first_day(week) {
            Some(start) => {
                self.first.is_none_or(|f| start + Duration::days(6) >= f)
                    && self.last.is_none_or(|l| start <= l)
            }
            None => self.is_everything(),
        }
    }

    /// The rows shown: those dated inside the window, and every row without a date (a file that
    /// could not be read belongs to no week, and is never hidden).
    pub fn rows<'a>(&self, rows: &'a [ActivityRow]) -> Vec<&'a ActivityRow> {
        rows.iter()
            .filter(|r| local_date(r).is_none_or(|d| self.holds_date(d)))
            .collect()
    }

    /// The weeks shown, in order.
    pub fn weeks(&self, weeks: &[Week]) -> Vec<Week> {
        weeks
            .iter()
            .filter(|w| self.holds_week(w))
            .cloned()
            .collect()
    }

    /// Every calendar week the window spans (bounded by the weeks given where it is open), with
    /// the weeks without runs as empty weeks, oldest first: "the last 8 weeks" are 8 weeks.
    pub fn calendar_weeks(&self, weeks: &[Week], week_start: WeekStart) -> Vec<Week> {
        let shown = self.weeks(weeks);
        let dated: Vec<NaiveDate> = shown.iter().filter_map(week_first_day).collect();
        let first = self
            .first
            .map(|d| week_start.start_of(d))
            .or_else(|| dated.first().copied());
        let last = self
            .last
            .map(|d| week_start.start_of(d))
            .or_else(|| dated.last().copied());
        let (Some(first), Some(last)) = (first, last) else {
            return shown;
        };
        let mut by_start = shown.into_iter().peekable();
        let mut out = Vec::new();
        let mut start = first;
        while start <= last {
            match by_start.peek() {
                Some(w) if week_first_day(w) == Some(start) => {
                    out.extend(by_start.next());
                }
                _ => {
                    let mut empty = Week::default();
                    empty.week = week_start.label(start);
                    empty.week_start = start.format("%Y-%m-%d").to_string();
                    out.push(empty);
                }
            }
            start += Duration::days(7);
        }
        out
    }

    /// The weeks a chart draws: those the window shows, framed by the window's own first and last
    /// weeks as empty weeks, within the export's running (its first to its last week with runs).
    /// "The last 16 weeks" after a break are 16 weeks with one bar at the end, not the one week
    /// alone (newcomer 38 N3); a window reaching past the running adds no empty years.
    pub fn framed_weeks(&self, weeks: &[Week], week_start: WeekStart) -> Vec<Week> {
        let mut shown = self.weeks(weeks);
        let running: Vec<NaiveDate> = weeks
            .iter()
            .filter(|w| w.runs > 0)
            .filter_map(week_first_day)
            .collect();
        let (Some(&ran_from), Some(&ran_to)) = (running.first(), running.last()) else {
            return shown;
        };
        let (Some(first), Some(last)) = (
            shown.first().and_then(week_first_day),
            shown.last().and_then(week_first_day),
        ) else {
            return shown;
        };
        let empty = |start: NaiveDate| {
            let mut w = Week::default();
            w.week = week_start.label(start);
            w.week_start = start.format("%Y-%m-%d").to_string();
            w
        };
        if let Some(from) = self.first.map(|d| week_start.start_of(d).max(ran_from)) {
            if from < first {
                shown.insert(0, empty(from));
            }
        }
        if let Some(to) = self.last.map(|d| week_start.start_of(d).min(ran_to)) {
            if to > last {
                shown.push(empty(to));
            }
        }
        shown
    }

    /// What the window leaves out of these weeks, and how to see it: `None` when nothing is left
    /// out. `shown` names what is shown (`the chart shows`, `this page shows`).
    pub fn note(&self, weeks: &[Week], shown: &str) -> Option<String> {
        let out: Vec<&Week> = weeks
            .iter()
            .filter(|w| w.runs > 0 && !self.holds_week(w))
            .collect();
        if out.is_empty() {
            return None;
        }
        let before = out
            .iter()
            .filter(|w| {
                self.first
                    .zip(week_first_day(w))
                    .is_some_and(|(f, s)| s + Duration::days(6) < f)
            })
            .count();
        let after = out.len() - before;
        let runs: usize = out.iter().map(|w| w.runs).sum();
        let range = match (self.first, self.last) {
            (Some(f), Some(l)) => format!("{f} to {l}"),
            (Some(f), None) => format!("from {f}"),
            (None, Some(l)) => format!("up to {l}"),
            (None, None) => String::new(),
        };
        let what = match self.kind {
            WindowKind::DefaultLast(n) | WindowKind::Last(n) => {
                format!(
                    "the last {} ({range})",
                    crate::activity::units::counted(n, "week", "weeks")
                )
            }
            _ => range,
        };
        let left = match (before, after) {
            (b, 0) => format!(
                "{} with runs",
                crate::activity::units::counted(b, "earlier week", "earlier weeks")
            ),
            (0, a) => format!(
                "{} with runs",
                crate::activity::units::counted(a, "later week", "later weeks")
            ),
            (b, a) => format!("{b} earlier and {a} later weeks with runs"),
        };
        Some(format!(
            "{shown} {what}; {left} ({}) left out: --all shows every week, --since YYYY-MM-DD or --last N another window",
            crate::activity::units::counted(runs, "run", "runs")
        ))
    }
}

/// The weeks `check` looks at (those with runs in the window), with the share that counts and
/// whether it meets the target.
pub fn select_weeks<'a>(
    weeks: &'a [Week],
    window: &Window,
    method: Method,
    min_easy: f64,
) -> Vec<(&'a Week, f64, bool)> {
    weeks
        .iter()
        .filter(|w| w.runs > 0 && window.holds_week(w))
        .map(|w| {
            let share = w.shown_easy_pct(method);
            (
                w,
                share,
                crate::report::weekly::meets_target(share, min_easy),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(start: &str, runs: usize) -> Week {
        let date = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        let mut w = Week::default();
        w.week = WeekStart::Monday.label(date);
        w.week_start = start.to_string();
        w.runs = runs;
        w
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_chart_of_the_last_weeks_is_framed_by_them_within_the_running() {
        // Running in January, then nothing until October: the last 16 weeks are drawn from
        // their first (an empty week frames it), not from October's one week (newcomer 38 N3).
        let weeks = [week("2025-01-06", 3), week("2025-10-06", 1)];
        let window = WindowRequest::default().resolve_at(
            Some(date("2025-10-08")),
            WeekStart::Monday,
            Some(16),
        );
        let framed = window.framed_weeks(&weeks, WeekStart::Monday);
        let starts: Vec<(&str, usize)> = framed
            .iter()
            .map(|w| (w.week_start.as_str(), w.runs))
            .collect();
        assert_eq!(starts, [("2025-06-23", 0), ("2025-10-06", 1)]);
        // A window reaching before the running starts draws from its first run.
        let weeks = [week("2025-09-22", 2), week("2025-10-06", 1)];
        let framed = window.framed_weeks(&weeks, WeekStart::Monday);
        assert_eq!(framed.len(), 2);
        assert_eq!(framed[0].week_start, "2025-09-22");
        // --all frames nothing.
        let all = WindowRequest {
            all: true,
            ..WindowRequest::default()
        }
        .resolve_at(Some(date("2025-10-08")), WeekStart::Monday, Some(16));
        assert_eq!(all.framed_weeks(&weeks, WeekStart::Monday).len(), 2);
    }

    #[test]
    fn a_week_is_shown_when_any_of_its_days_is() {
        let window = Window {
            first: Some(date("2024-04-03")), // a Wednesday
            last: Some(date("2024-04-15")),  // a Monday
            kind: WindowKind::Dates,
        };
        assert!(!window.holds_week(&week("2024-03-25", 1)));
        assert!(window.holds_week(&week("2024-04-01", 1)));
        assert!(window.holds_week(&week("2024-04-15", 1)));
        assert!(!window.holds_week(&week("2024-04-22", 1)));
        assert!(window.holds_date(date("2024-04-03")) && !window.holds_date(date("2024-04-02")));
    }

    #[test]
    fn the_last_weeks_are_calendar_weeks_with_the_empty_ones() {
        // Runs in the weeks of 1 and 29 April only: the last 4 weeks are 4 rows, 2 empty.
        let weeks = [
            week("2024-03-04", 2),
            week("2024-04-01", 3),
            week("2024-04-29", 1),
        ];
        let window = Window {
            first: Some(date("2024-04-08")),
            last: Some(date("2024-05-05")),
            kind: WindowKind::Last(4),
        };
        let shown = window.calendar_weeks(&weeks, WeekStart::Monday);
        let labels: Vec<(&str, usize)> = shown.iter().map(|w| (w.week.as_str(), w.runs)).collect();
        assert_eq!(
            labels,
            [
                ("2024-W15", 0),
                ("2024-W16", 0),
                ("2024-W17", 0),
                ("2024-W18", 1)
            ]
        );
        let note = window.note(&weeks, "shown:").unwrap();
        assert_eq!(
            note,
            "shown: the last 4 weeks (2024-04-08 to 2024-05-05); 2 earlier weeks with runs (5 runs) left out: --all shows every week, --since YYYY-MM-DD or --last N another window"
        );
        assert_eq!(Window::default().note(&weeks, "shown:"), None);
    }

    #[test]
    fn requests_are_checked_before_reading() {
        assert!(parse_date(Spelling::Flag, "since", "2024-13-01")
            .unwrap_err()
            .contains("--since '2024-13-01': write the date as YYYY-MM-DD"));
        let backwards = WindowRequest {
            since: Some(date("2024-05-01")),
            until: Some(date("2024-04-01")),
            ..WindowRequest::default()
        };
        assert_eq!(
            backwards.check(Spelling::Flag).unwrap_err(),
            "--since 2024-05-01 is after --until 2024-04-01: nothing would be shown"
        );
        // The Python package's keywords are named as the caller wrote them, with no flag to try.
        assert_eq!(
            backwards.check(Spelling::Keyword).unwrap_err(),
            "since 2024-05-01 is after until 2024-04-01: nothing would be shown"
        );
        let zero = WindowRequest {
            last_weeks: Some(0),
            ..WindowRequest::default()
        };
        assert!(zero.check(Spelling::Flag).is_err());
        // A number of weeks past every date a watch records is no window, and is said before
        // any date is counted back (it overflowed the calendar).
        let far = WindowRequest {
            last_weeks: Some(13_783_586),
            ..WindowRequest::default()
        };
        assert!(far.check(Spelling::Flag).unwrap_err().ends_with(
            "at most 5740 weeks, the years a watch records (1990 to 2099); --all shows every week"
        ));
        assert!(far
            .check(Spelling::Keyword)
            .unwrap_err()
            .starts_with("last 13783586: at most 5740 weeks"));
        assert!(!parse_date(Spelling::Keyword, "since", "0001-01-01")
            .unwrap_err()
            .contains("--"));
        assert!(parse_date(Spelling::Flag, "since", "0001-01-01")
            .unwrap_err()
            .contains("from 1990 to 2099"));
        assert!(parse_date(Spelling::Flag, "until", "2100-01-01").is_err());
        assert!(parse_date(Spelling::Flag, "since", "1989-12-31").is_err());
        assert!(
            parse_date(Spelling::Flag, "since", "1990-01-01").is_ok()
                && parse_date(Spelling::Flag, "until", "2099-12-31").is_ok()
        );
    }

    #[test]
    fn a_window_not_checked_still_ends_on_a_calendar_date() {
        let far = WindowRequest {
            last_weeks: Some(usize::MAX),
            ..WindowRequest::default()
        };
        let w = far.resolve_at(Some(date("2024-03-20")), WeekStart::Monday, None);
        // As far back as a window reaches: the weeks from 1990 to 2100.
        assert_eq!(
            w.first,
            Some(date("2024-03-18") - Duration::weeks(MOST_WEEKS as i64 - 1))
        );
        assert_eq!(w.last, Some(date("2024-03-24")));
    }
}
