//! Finding a run in the judged rows as a runner names it: by its date, its start, its activity
//! id, or a part of its name (`explain 2024-04-06 export/`). Library logic, not the command
//! line's: the Python package could ask the same.

use crate::activity::label::{file, file_name};
use crate::judge::ActivityRow;

/// What a run is asked for by when it is not a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// `2024-04-06`: the local date.
    Date(String),
    /// `2024-04-06T07:30` (or with a space): the local start, to the minute.
    Start(String),
    /// All digits: the export index's activity id.
    ActivityId(String),
    /// Anything else: a part of the run's name, case ignored.
    Name(String),
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let t = text.trim();
        let is_date =
            |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && d.len() == 10;
        if is_date(t) {
            return Query::Date(t.to_string());
        }
        let minute = t.replacen(' ', "T", 1);
        if minute.len() == 16
            && chrono::NaiveDateTime::parse_from_str(&minute, "%Y-%m-%dT%H:%M").is_ok()
        {
            return Query::Start(minute);
        }
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return Query::ActivityId(t.to_string());
        }
        // The activities table cuts a long file name to its end behind a '…': pasted as shown,
        // it names the file (newcomer 37 N3).
        Query::Name(t.trim_start_matches('…').to_lowercase())
    }

    /// Whether the row is the run asked for, a name also by a part of its file's name: asked
    /// when no run matched as [`Query::matches`] does (most runs have no title, and a runner
    /// remembers "portland", not `thomaschampagne__elevate__portland.fit`: newcomer 38 N5).
    pub fn matches_loosely(&self, row: &ActivityRow) -> bool {
        match self {
            Query::Name(part) => {
                self.matches(row)
                    || !part.is_empty()
                        && file_name(&row.path).to_lowercase().contains(part.as_str())
            }
            // Digits that are no run's id are a part of a file's name like any other
            // (newcomer 39 N3: "15310", in every name of the sample, found none).
            Query::ActivityId(digits) => {
                self.matches(row) || file_name(&row.path).contains(digits.as_str())
            }
            _ => self.matches(row),
        }
    }

    /// Whether the row is the run asked for.
    pub fn matches(&self, row: &ActivityRow) -> bool {
        let local = row.local_start().unwrap_or_default();
        match self {
            Query::Date(d) => local.get(..10) == Some(d.as_str()),
            Query::Start(t) => local.get(..16) == Some(t.as_str()),
            // Its id in the export's index, or in its file's name: Garmin names an upload
            // `<account>_<id>.fit` (review 37 §1.4: a run's own name without `.fit` was not
            // found in an export without an index).
            Query::ActivityId(id) => {
                let file = file_name(file(&row.path));
                let file = file.strip_suffix(".gz").unwrap_or(file);
                row.activity_id() == Some(id.as_str())
                    || file
                        .rsplit_once('.')
                        .and_then(|(stem, _)| stem.strip_suffix(id.as_str()))
                        .is_some_and(|head| head.is_empty() || head.ends_with('_'))
            }
            // Its name in the export's index, or its file's own name (a run inside a zip named
            // without the zip's path: `vivoactive.fit.gz`, not `export.zip!vivoactive.fit.gz`).
            Query::Name(part) => {
                !part.is_empty()
                    && (row.name().is_some_and(|n| n.to_lowercase().contains(part)) || {
                        let file = file_name(&row.path).to_lowercase();
                        file == *part || part.contains('.') && file.ends_with(part.as_str())
                    })
            }
        }
    }
}
