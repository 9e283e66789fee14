//! Per-run overrides a coach can edit: `grayzone-overrides.toml`, beside the profile. One `[[run]]`
//! table per run, matched by one of `id`, `file` or `start`, setting any of `class`, `planned`,
//! `race`, `exclude`, `note`:
//!
//! ```toml
//! [[run]]
//! start = "2024-04-06T07:30"   # local start, to the minute; a date alone when it had one run
//! planned = "recovery"          # recovery | easy | long | workout | race
//! note = "meant as recovery, went with the club"
//!
//! [[run]]
//! file = "activities/12116271787.fit.gz"   # the file, or the end of its path
//! class = "easy"                # the verdict: recovery | easy | hard
//! note = "HR strap dropout: it read 40 bpm high"
//!
//! [[run]]
//! id = 12345678901              # the activity id of the export's index
//! race = true                   # counts as a race for the rules that use races
//!
//! [[run]]
//! start = "2024-05-01"
//! exclude = true                # left out of judging and of the weeks
//! ```
//!
//! Reading validates everything: an error names the file, the line and the key. Matching to runs
//! is [`Overrides::resolve`]: every override must match exactly one run.

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::Deserialize;
use toml::Spanned;

use crate::judge::classify::RunClass;
use crate::judge::intent::Planned;

/// The file name looked for beside the profile.
pub const FILE_NAME: &str = "grayzone-overrides.toml";

/// Which run an override is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The activity id in the export's index (Strava, Garmin).
    ActivityId(String),
    /// The file as found, or the end of its path (`run.fit`, `activities/1.fit.gz`).
    File(String),
    /// The local start, to the minute.
    Start(NaiveDateTime),
    /// The local date: the run of that day.
    Date(NaiveDate),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::ActivityId(id) => format!("id = {id}"),
            Target::File(f) => format!("file = \"{f}\""),
            Target::Start(t) => format!("start = \"{}\"", t.format("%Y-%m-%dT%H:%M")),
            Target::Date(d) => format!("start = \"{d}\""),
        }
    }
}

/// One override, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// Line of its `[[run]]` in the file.
    pub line: usize,
    pub target: Target,
    pub class: Option<RunClass>,
    pub planned: Option<Planned>,
    pub race: Option<bool>,
    pub exclude: bool,
    pub note: Option<String>,
}

/// What a run is known by, for matching.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunKey<'a> {
    pub path: &'a str,
    pub activity_id: Option<&'a str>,
    /// Local start time.
    pub local_start: Option<NaiveDateTime>,
}

impl Override {
    /// Whether this override is for the run.
    pub fn matches(&self, run: &RunKey<'_>) -> bool {
        match &self.target {
            Target::ActivityId(id) => run.activity_id == Some(id.as_str()),
            Target::File(f) => path_ends_with(run.path, f),
            Target::Start(t) => run.local_start.is_some_and(|s| {
                s.date() == t.date() && s.hour() == t.hour() && s.minute() == t.minute()
            }),
            Target::Date(d) => run.local_start.is_some_and(|s| s.date() == *d),
        }
    }
}

/// Whether `path` is `tail` or ends with it at a folder, archive or session boundary.
fn path_ends_with(path: &str, tail: &str) -> bool {
    let norm = |s: &str| s.replace('\\', "/").to_lowercase();
    let (path, tail) = (norm(path), norm(tail.trim()));
    // A session's `#N` is cut unless the tail names the session itself.
    let path = if tail.contains('#') {
        path
    } else {
        crate::activity::label::file(&path).to_owned()
    };
    if tail.is_empty() || !path.ends_with(&tail) {
        return false;
    }
    let before = path.len() - tail.len();
    before == 0 || path[..before].ends_with(['/', '!'])
}

/// The overrides of one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    pub runs: Vec<Override>,
}

/// Which override applies to which run, and what did not fit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolved {
    /// Per run (in the order given), the index of its override in [`Overrides::runs`].
    pub per_run: Vec<Option<usize>>,
    /// One line per override that matched no run or several, or runs given two overrides.
    pub problems: Vec<String>,
}

impl Overrides {
    /// Matches every override to the runs. An override that matches no run, or several, is a
    /// problem and applies to none; a run two overrides match takes the first.
    pub fn resolve(&self, label: &str, runs: &[RunKey<'_>]) -> Resolved {
        let mut per_run = vec![None; runs.len()];
        let mut problems = Vec::new();
        for (k, o) in self.runs.iter().enumerate() {
            let hits: Vec<usize> = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| o.matches(r))
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [] => problems.push(format!(
                    "{label}, line {}: {} matches no run",
                    o.line,
                    o.target.describe()
                )),
                [i] => match per_run.get_mut(*i) {
                    Some(Some(first)) => {
                        let kept = self.runs.get(*first).map_or(0, |f: &Override| f.line);
                        problems.push(format!(
                            "{label}, line {}: {} is the run of line {kept} too; line {kept} is kept",
                            o.line,
                            o.target.describe(),
                        ));
                    }
                    Some(slot) => *slot = Some(k),
                    None => {}
                },
                many => {
                    let which: Vec<String> = many
                        .iter()
                        .filter_map(|&i| runs.get(i))
                        .map(|r| match r.local_start {
                            Some(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
                            None => r.path.to_owned(),
                        })
                        .collect();
                    problems.push(format!(
                        "{label}, line {}: {} matches {} runs ({}): give the start to the minute, the file or the id",
                        o.line,
                        o.target.describe(),
                        many.len(),
                        which.join(", ")
                    ));
                }
            }
        }
        Resolved { per_run, problems }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRaw {
    #[serde(default)]
    run: Vec<Spanned<RunRaw>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdRaw {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRaw {
    id: Option<Spanned<IdRaw>>,
    file: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
    class: Option<Spanned<String>>,
    planned: Option<Spanned<String>>,
    race: Option<Spanned<bool>>,
    exclude: Option<Spanned<bool>>,
    note: Option<Spanned<String>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// Reads an overrides file. `label` names it in errors (its path).
pub fn parse(label: &str, text: &str) -> Result<Overrides, String> {
    let raw: FileRaw = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| format!(", line {}", line_of(text, s.start)))
            .unwrap_or_default();
        format!(
            "{label}{line}: {} (the format is in the README, \"Per-run overrides\")",
            e.message().trim().replace('\n', " ")
        )
    })?;
    let runs = raw
        .run
        .into_iter()
        .map(|table| one_run(label, text, table))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Overrides { runs })
}

/// One `[[run]]` table: which run it names, and what it changes (at least one thing).
fn one_run(label: &str, text: &str, table: Spanned<RunRaw>) -> Result<Override, String> {
    let line = line_of(text, table.span().start);
    let r = table.into_inner();
    let err = |key: &str, at: std::ops::Range<usize>, what: String| {
        format!(
            "{label}, line {}: key `{key}`: {what}",
            line_of(text, at.start)
        )
    };
    let target = which_run(&r, &err, &format!("{label}, line {line}"))?;
    let class = match &r.class {
        Some(c) => Some(run_class(c.get_ref()).ok_or_else(|| {
            err(
                "class",
                c.span(),
                format!("`{}` is none of recovery, easy, hard", c.get_ref()),
            )
        })?),
        None => None,
    };
    let planned = match &r.planned {
        Some(p) => Some(Planned::from_name(p.get_ref().trim()).ok_or_else(|| {
            err(
                "planned",
                p.span(),
                format!(
                    "`{}` is none of recovery, easy, long, workout, race",
                    p.get_ref()
                ),
            )
        })?),
        None => None,
    };
    let note = r
        .note
        .map(|n| n.into_inner().trim().to_owned())
        .filter(|n| !n.is_empty());
    let race = r.race.map(Spanned::into_inner);
    let exclude = r.exclude.is_some_and(Spanned::into_inner);
    if class.is_none() && planned.is_none() && race.is_none() && !exclude && note.is_none() {
        return Err(format!(
            "{label}, line {line}: [[run]] changes nothing: set class, planned, race, exclude or note"
        ));
    }
    Ok(Override {
        line,
        target,
        class,
        planned,
        race,
        exclude,
        note,
    })
}

/// The run a table names, by exactly one of `id`, `file` or `start`; `at` says where the table
/// is, for the errors.
fn which_run(
    r: &RunRaw,
    err: &impl Fn(&str, std::ops::Range<usize>, String) -> String,
    at: &str,
) -> Result<Target, String> {
    let mut targets = Vec::new();
    if let Some(id) = &r.id {
        let id_text = match id.get_ref() {
            IdRaw::Number(n) => n.to_string(),
            IdRaw::Text(s) => s.trim().to_owned(),
        };
        if id_text.is_empty() {
            return Err(err("id", id.span(), "is empty".to_owned()));
        }
        targets.push(("id", Target::ActivityId(id_text)));
    }
    if let Some(file) = &r.file {
        if file.get_ref().trim().is_empty() {
            return Err(err("file", file.span(), "is empty".to_owned()));
        }
        targets.push(("file", Target::File(file.get_ref().trim().to_owned())));
    }
    if let Some(start) = &r.start {
        let target = parse_start(start.get_ref()).ok_or_else(|| {
            err(
                "start",
                start.span(),
                format!(
                    "`{}` is not a local start (\"2024-04-06T07:30\") or date (\"2024-04-06\")",
                    start.get_ref()
                ),
            )
        })?;
        targets.push(("start", target));
    }
    match targets.len() {
        0 => Err(format!("{at}: [[run]] says no run: give id, file or start")),
        1 => Ok(targets.remove(0).1),
        _ => {
            let keys: Vec<&str> = targets.iter().map(|(k, _)| *k).collect();
            Err(format!(
                "{at}: [[run]] gives {}: one of id, file or start says which run",
                keys.join(" and ")
            ))
        }
    }
}

fn run_class(word: &str) -> Option<RunClass> {
    [RunClass::Recovery, RunClass::Easy, RunClass::Hard]
        .into_iter()
        .find(|c| c.name() == word.trim())
}

fn parse_start(text: &str) -> Option<Target> {
    let t = text.trim();
    for f in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Some(Target::Start(dt));
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .map(Target::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_end_at_a_boundary() {
        assert!(path_ends_with(
            "export.zip!activities/1.fit.gz",
            "activities/1.fit.gz"
        ));
        assert!(path_ends_with("export.zip!activities/1.fit.gz", "1.fit.gz"));
        assert!(path_ends_with("/runs/a.fit#2", "a.fit"));
        assert!(path_ends_with("C:\\runs\\A.FIT", "runs/a.fit"));
        assert!(!path_ends_with("/runs/aa.fit", "a.fit"));
        assert!(!path_ends_with("/runs/a.fit", ""));
        assert!(path_ends_with("/runs/a.fit#2", "a.fit#2"));
        assert!(!path_ends_with("/runs/a.fit#2", "a.fit#1"));
    }

    #[test]
    fn starts_read_to_the_minute_or_the_day() {
        let day = NaiveDate::from_ymd_opt(2024, 4, 6).unwrap();
        assert_eq!(parse_start("2024-04-06"), Some(Target::Date(day)));
        assert_eq!(
            parse_start("2024-04-06T07:30"),
            Some(Target::Start(day.and_hms_opt(7, 30, 0).unwrap()))
        );
        assert_eq!(parse_start("6 April"), None);
    }
}
