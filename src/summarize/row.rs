//! One row per activity (per file, or per session of a multi-session file): what the file was and
//! what it holds. The judge stage adds its verdict to the same row, so every later stage reads one
//! shape whatever it needs.

use crate::summarize::summary::Summary;
use crate::summarize::timezone::TzSource;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// A row as summarized: nothing judged yet.
pub type FileRow = Row<()>;

/// One activity's row. `J` is what judging adds: nothing yet (`()`, a [`FileRow`]), then each run's
/// verdict (the judge stage's `ActivityRow`).
#[derive(Clone, Debug, PartialEq)]
pub struct Row<J> {
    /// The file as found (`export.zip!inner/run.fit`, `#2` for a second session).
    pub path: String,
    pub status: Status,
    /// One line: why the file could not be read (error rows only).
    pub error: String,
    /// Why a row is not_run or duplicate, in words.
    pub note: String,
    pub summary: Option<Summary>,
    /// Local time offset (seconds east of UTC) and where it came from.
    pub utc_offset_s: i32,
    pub tz_source: Option<TzSource>,
    /// What the judge stage said of it.
    pub judgement: J,
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
            judgement: (),
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
        let (status, note) = if summary.sport.is_run() {
            (Status::Ok, String::new())
        } else {
            (
                Status::NotRun,
                format!(
                    "{}: cross-training, not judged as a run",
                    summary.sport.name()
                ),
            )
        };
        Row {
            path: path.into(),
            status,
            error: String::new(),
            note,
            summary: Some(summary),
            utc_offset_s: 0,
            tz_source: None,
            judgement: (),
        }
    }

    /// The same row with the judge stage's verdict.
    pub fn judged<J>(self, judgement: J) -> Row<J> {
        Row {
            path: self.path,
            status: self.status,
            error: self.error,
            note: self.note,
            summary: self.summary,
            utc_offset_s: self.utc_offset_s,
            tz_source: self.tz_source,
            judgement,
        }
    }
}

impl<J> Row<J> {
    /// UTC start, for sorting; rows without one sort last.
    pub fn start_time(&self) -> Option<f64> {
        self.summary
            .as_ref()
            .map(|s| s.start_time)
            .filter(|t| *t > 0.0)
    }

    /// Local start time as the runner saw it on their watch.
    pub fn local_start(&self) -> Option<String> {
        self.start_time()
            .map(|t| crate::activity::calendar::format_local(t, self.utc_offset_s))
    }

    /// The name a runner knows the run by: the file's title, else the name the export's index
    /// gives it, else the file's workout name or the first line of its notes.
    pub fn name(&self) -> Option<&str> {
        let s = self.summary.as_ref()?;
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

    pub fn is_run(&self) -> bool {
        self.status == Status::Ok
    }
}
