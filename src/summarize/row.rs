//! One row per activity (per file, or per session of a multi-session file): what the file was and
//! what it holds. The judge stage adds its verdict to the same row, so every later stage reads one
//! shape whatever it needs.

use crate::summarize::summary::Summary;
use crate::summarize::timezone::TzSource;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Status {
    /// A run, read and summarized.
    Ok,
    /// Read fine but not a run: cross-training (ride, swim, walk…) or not an activity at all
    /// (a settings file).
    NotRun,
    /// The same activity as another file, which is kept instead.
    Duplicate,
    /// Could not be read; `error` says why.
    Error,
    /// A run a coach's override leaves out of judging and of the weeks (`note` says which line).
    Excluded,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NotRun => "not_run",
            Status::Duplicate => "duplicate",
            Status::Error => "error",
            Status::Excluded => "excluded",
        }
    }
}

/// The first time a watch's clock says: the FIT epoch, 1989-12-31 00:00 UTC, where a device whose
/// clock was never set starts counting…
pub const DATABLE_FROM_UTC: f64 = 631_065_600.0;
/// …and the end of the dates it records: 2100-01-01 (a FIT time runs to 2126).
pub const DATABLE_UNTIL_UTC: f64 = 4_102_444_800.0;

/// Whether a start is a date at all: a file dated in year 9999 or 1 AD (a GPX says what it likes)
/// belongs to no week. Placed in one, the weeks between it and the runner's real runs would be
/// hundreds of thousands of empty ones to list.
pub fn datable(utc: f64) -> bool {
    (DATABLE_FROM_UTC..DATABLE_UNTIL_UTC).contains(&utc)
}

/// Why a run is read but given no verdict. Its row stays (`status` ok), with an empty `class`, and
/// it counts in no weekly figure and in nobody's baseline.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LeftOut {
    /// Less moving time than the profile's shortest judged run (`min_judged_min`): a start pressed
    /// by mistake, a transition leg. `moving_s` is the run's, `min_s` the limit.
    TooShort { moving_s: f64, min_s: f64 },
    /// Figures no runner produces (the quality notes say which): what was measured is shown, but
    /// it is not judged as a run.
    Implausible(String),
    /// No heart rate to judge it by, and no pace to hold its own against (no other run near it,
    /// none given): judged against its own pace, a 10K race at 3:42/km read "easy run, 100 % low"
    /// (probe 35 P1).
    NothingToCompare,
}

impl LeftOut {
    /// The code in the `flags` column.
    pub fn code(&self) -> &'static str {
        match self {
            LeftOut::TooShort { .. } => "too_short_to_judge",
            LeftOut::Implausible(_) => "implausible_figures",
            LeftOut::NothingToCompare => "nothing_to_compare",
        }
    }

    /// Why, in words (the `note` column, `explain`).
    pub fn describe(&self) -> String {
        match self {
            LeftOut::TooShort { moving_s, min_s } => format!(
                "too short to judge: {} of moving time, under the {} a verdict needs",
                crate::activity::units::clock(*moving_s),
                whole_minutes(*min_s)
            ),
            LeftOut::Implausible(why) => format!("not judged as a run: {why}"),
            LeftOut::NothingToCompare => "no usable heart rate (none, or too little of the run), and no other run within a year before it or 8 weeks after to hold its pace against: its intensity cannot be told (give your easy or threshold pace, or judge it with the rest of your export)".to_string(),
        }
    }
}

/// `5 min`, or `90 s` when not a whole number of minutes.
fn whole_minutes(seconds: f64) -> String {
    if seconds >= 60.0 && (seconds / 60.0).fract() == 0.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{seconds:.0} s")
    }
}

/// A row as summarized: nothing judged yet.
pub type FileRow = Row<()>;

/// One activity's row. `J` is what judging adds: nothing yet (`()`, a [`FileRow`]), then each run's
/// verdict (the judge stage's `ActivityRow`). Boxed, so a row is the same size before and after
/// judging: the judged rows then take the place of the rows they come from, instead of a second
/// list of them all.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Row<J> {
    /// The file as found (`export.zip!inner/run.fit`, `#2` for a second session).
    pub path: String,
    pub status: Status,
    /// One line: why the file could not be read (error rows only).
    pub error: String,
    /// Why a row is not_run or duplicate, in words.
    pub note: String,
    pub summary: Option<Box<Summary>>,
    /// Local time offset (seconds east of UTC) and where it came from.
    pub utc_offset_s: i32,
    pub tz_source: Option<TzSource>,
    /// Set when a run is read but not judged, and why.
    pub left_out: Option<LeftOut>,
    /// What the judge stage said of it (a run's verdict; never anything in a [`FileRow`]).
    pub judgement: Option<Box<J>>,
}

impl FileRow {
    pub fn error(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Row {
            path: path.into(),
            status: Status::Error,
            error: reason.into(),
            note: String::new(),
            summary: None,
            utc_offset_s: 0,
            tz_source: None,
            left_out: None,
            judgement: None,
        }
    }

    pub fn not_run(path: impl Into<String>, note: impl Into<String>) -> Self {
        Row {
            status: Status::NotRun,
            error: String::new(),
            note: note.into(),
            ..FileRow::error(path, "")
        }
    }

    pub fn from_summary(path: impl Into<String>, summary: Summary) -> Self {
        let (status, note, left_out) = Self::status_of(&summary);
        Row {
            path: path.into(),
            status,
            error: String::new(),
            note,
            summary: Some(Box::new(summary)),
            utc_offset_s: 0,
            tz_source: None,
            left_out,
            judgement: None,
        }
    }

    /// The status a summary gives its row: a run, or cross-training saying what it was; and a
    /// run whose figures no runner produces, left out.
    pub fn status_of(summary: &Summary) -> (Status, String, Option<LeftOut>) {
        let (status, note) = if summary.sport.is_run() {
            (Status::Ok, String::new())
        } else if let Some(walk) = summary.quality.iter().find(|q| q.code == "walk_not_run") {
            // A "run" the evidence took as a walk says why.
            (Status::NotRun, format!("walking: {}", walk.detail))
        } else {
            (
                Status::NotRun,
                format!(
                    "{}: cross-training, not judged as a run",
                    summary.sport.name()
                ),
            )
        };
        // A "run" whose figures no runner produces is read, not judged; nor is one that cannot be
        // dated (a session with neither a start nor a record): it belongs to no week, and the
        // baselines, read in date order, have no place for it.
        let left_out = match (&summary.implausible, status) {
            (Some(why), Status::Ok) => Some(LeftOut::Implausible(why.clone())),
            (None, Status::Ok) if summary.start_time.is_nan() || summary.start_time <= 0.0 => {
                Some(LeftOut::Implausible(
                    "no start time in the file: a run that cannot be dated".to_string(),
                ))
            }
            // A watch whose clock was never set counts from its power-on: 1989's last days.
            (None, Status::Ok) if summary.quality.iter().any(|q| q.code == "relative_time") => {
                Some(LeftOut::Implausible(
                    "its watch's clock was never set (times count from power-on): a run that cannot be dated".to_string(),
                ))
            }
            (None, Status::Ok) if !datable(summary.start_time) => {
                Some(LeftOut::Implausible(format!(
                    "its clock says {} UTC, a date no watch records (1990 to 2099, UTC): a run that cannot be dated",
                    chrono::DateTime::from_timestamp(summary.start_time as i64, 0)
                        .map_or_else(|| "a time beyond any calendar".to_string(), |t| t.date_naive().to_string())
                )))
            }
            _ => None,
        };
        (status, note, left_out)
    }

    /// The same row with the judge stage's verdict.
    pub fn judged<J>(self, judgement: Option<Box<J>>) -> Row<J> {
        Row {
            path: self.path,
            status: self.status,
            error: self.error,
            note: self.note,
            summary: self.summary,
            utc_offset_s: self.utc_offset_s,
            tz_source: self.tz_source,
            left_out: self.left_out,
            judgement,
        }
    }
}

impl<J> Row<J> {
    /// UTC start, for sorting; rows without one (or with a clock no watch has: [`datable`])
    /// sort last and belong to no week.
    pub fn start_time(&self) -> Option<f64> {
        self.summary
            .as_ref()
            .map(|s| s.start_time)
            .filter(|t| datable(*t))
    }

    /// Local start time as the runner saw it on their watch.
    pub fn local_start(&self) -> Option<String> {
        self.start_time()
            .map(|t| crate::activity::calendar::format_local(t, self.utc_offset_s))
    }

    /// The name a runner knows the run by: the file's title, else the name the export's index
    /// gives it, else the file's workout name or the first line of its notes.
    pub fn name(&self) -> Option<&str> {
        let s = self.summary.as_deref()?;
        let index = s
            .index
            .as_ref()
            .and_then(|e| e.name.as_deref())
            .filter(|n| !n.trim().is_empty());
        // The title the runner gave (in the file, else in the export's list) before the name of
        // the workout the watch ran or the first line of the notes.
        s.intent
            .title
            .as_deref()
            .or(index)
            .or_else(|| s.intent.name())
    }

    /// The activity id the export's index gives the run.
    pub fn activity_id(&self) -> Option<&str> {
        self.summary
            .as_ref()?
            .index
            .as_ref()?
            .activity_id
            .as_deref()
    }

    /// How a runner finds the run in a list: its name and local start (`'Recovery jog'
    /// 2024-04-06 07:30`), else the file as found.
    pub fn display_name(&self) -> String {
        let when = self.local_start().map(|t| t.replace('T', " "));
        let when = when.as_deref().map(|t| t.get(..16).unwrap_or(t));
        match (self.name(), when) {
            (Some(name), Some(when)) => format!("'{name}' {when}"),
            (Some(name), None) => format!("'{name}'"),
            (None, Some(when)) => format!("{when} {}", self.path),
            (None, None) => self.path.clone(),
        }
    }

    /// A run to judge: read as a run (`status` ok) and not left out (too short, implausible).
    pub fn is_run(&self) -> bool {
        // A row made elsewhere (the Python package reads rows back from JSON) may say "ok" with
        // no summary: nothing to judge, and no place among the runs whose baselines line up.
        self.status == Status::Ok && self.left_out.is_none() && self.summary.is_some()
    }

    /// A run read but left out of judging.
    pub fn is_left_out(&self) -> bool {
        self.status == Status::Ok && self.left_out.is_some()
    }

    /// A file with no activity in it at all (a zip without one, a planned route, a watch's
    /// settings): its row says why, and it has no figures.
    pub fn holds_no_activity(&self) -> bool {
        self.status == Status::NotRun && self.summary.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::{FileRow, LeftOut, Status};
    use crate::activity::{Sample, SourceFormat};
    use crate::summarize::summary::summarize_run;

    /// Twenty minutes at 3 m/s and 140 bpm from `start`, one record a second.
    fn steady_run(start: f64) -> Vec<Sample> {
        (0..1200)
            .map(|t| Sample {
                time: start + f64::from(t),
                distance_m: Some(3.0 * f64::from(t)),
                heart_rate: Some(140),
                ..Sample::default()
            })
            .collect()
    }

    #[test]
    fn a_run_without_a_start_is_read_but_not_judged() {
        let samples = steady_run(1_700_000_000.0);
        let mut summary = summarize_run(SourceFormat::Fit, samples);
        assert_eq!(
            FileRow::status_of(&summary),
            (Status::Ok, String::new(), None)
        );
        summary.start_time = 0.0;
        let (status, _, left_out) = FileRow::status_of(&summary);
        assert_eq!(status, Status::Ok);
        assert!(
            matches!(&left_out, Some(LeftOut::Implausible(why)) if why.starts_with("no start time")),
            "{left_out:?}"
        );
    }

    #[test]
    fn a_run_from_a_watch_whose_clock_was_never_set_belongs_to_no_week() {
        // Dated 1989-12-31 from power-on, it was judged, counted in week 1989-W52 and in the
        // baseline, under its own note that the dates are not real.
        let samples = steady_run(631_070_000.0);
        let mut summary = summarize_run(SourceFormat::Fit, samples);
        summary.quality.push(crate::activity::QualityNote::new(
            "relative_time",
            "times count from device power-on (clock not set); the dates are not real",
        ));
        let (status, _, left_out) = FileRow::status_of(&summary);
        assert_eq!(status, Status::Ok);
        assert!(
            matches!(&left_out, Some(LeftOut::Implausible(why)) if why.starts_with("its watch's clock was never set")),
            "{left_out:?}"
        );
    }

    #[test]
    fn a_run_dated_in_year_9999_belongs_to_no_week() {
        let samples = steady_run(253_370_000_000.0);
        let summary = summarize_run(SourceFormat::Gpx, samples);
        let (status, _, left_out) = FileRow::status_of(&summary);
        assert_eq!(status, Status::Ok);
        assert!(
            matches!(&left_out, Some(LeftOut::Implausible(why)) if why.starts_with("its clock says 9998-12-") && why.contains(" UTC, a date no watch records (1990 to 2099, UTC)")),
            "{left_out:?}"
        );
        // A watch whose clock was never set counts from the FIT epoch: that is a date.
        assert!(super::datable(631_065_600.0) && super::datable(4_102_444_799.0));
        assert!(!super::datable(631_065_599.0) && !super::datable(4_102_444_800.0));
    }
}
