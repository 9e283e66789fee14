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

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::Deserialize;
use toml::Spanned;

use crate::judge::intent::Planned;
use crate::judge::verdict::RunClass;

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

/// A path's last two parts, folders and zip members alike (`a/b.zip!c/d.fit`: `c` and `d.fit`);
/// `None` for a name alone. A tail [`path_ends_with`] matches starts at a part's start, so a run
/// it names has the same two.
fn folder_and_name(path: &str) -> Option<(&str, &str)> {
    let mut parts = path.rsplitn(3, ['/', '!']);
    let name = parts.next()?;
    let folder = parts.next()?;
    Some((folder, name))
}

/// How many of the runs an ambiguous override matches its problem names.
const MATCHES_NAMED: usize = 5;

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
        let index = RunIndex::of(runs);
        for (k, o) in self.runs.iter().enumerate() {
            let hits: Vec<usize> = index
                .candidates(&o.target)
                .iter()
                .copied()
                .filter(|&i| runs.get(i).is_some_and(|r| o.matches(r)))
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
                    // The first few, and how many more: an override matching every session of a
                    // 3,000-session file, 10,000 times over, named them all (hostile round 37
                    // H3: 217 MB of messages).
                    let mut which: Vec<String> = many
                        .iter()
                        .take(MATCHES_NAMED)
                        .filter_map(|&i| runs.get(i))
                        .map(|r| match r.local_start {
                            Some(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
                            None => r.path.to_owned(),
                        })
                        .collect();
                    if many.len() > MATCHES_NAMED {
                        which.push(format!("and {} more", many.len() - MATCHES_NAMED));
                    }
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

/// The runs by what an override names them by, so that each override is matched against the
/// few runs it may name: matched against every run, a 1 MB overrides file took a 6,000-run
/// export's reading from 0.3 s to 17 s (hostile round 35 M1).
#[derive(Default)]
struct RunIndex<'a> {
    ids: HashMap<&'a str, Vec<usize>>,
    /// By the file's own name, lowercased: its session's `#N` cut, and kept.
    names: HashMap<String, Vec<usize>>,
    /// By the folder (or zip) the file lies in and its name: runs that share a name (thousands
    /// of `NNNN/activity.fit`) are told apart by it (hostile round 36 M1).
    places: HashMap<(String, String), Vec<usize>>,
    sessions: HashMap<String, Vec<usize>>,
    minutes: HashMap<(NaiveDate, u32, u32), Vec<usize>>,
    days: HashMap<NaiveDate, Vec<usize>>,
}

impl<'a> RunIndex<'a> {
    fn of(runs: &[RunKey<'a>]) -> Self {
        let mut index = RunIndex::default();
        for (i, r) in runs.iter().enumerate() {
            if let Some(id) = r.activity_id {
                index.ids.entry(id).or_default().push(i);
            }
            let name =
                |p: &str| crate::activity::label::file_name(&p.replace('\\', "/")).to_lowercase();
            let file = crate::activity::label::file(r.path);
            index.names.entry(name(file)).or_default().push(i);
            if let Some((folder, name)) = folder_and_name(&file.replace('\\', "/").to_lowercase()) {
                index
                    .places
                    .entry((folder.to_owned(), name.to_owned()))
                    .or_default()
                    .push(i);
            }
            index.sessions.entry(name(r.path)).or_default().push(i);
            if let Some(t) = r.local_start {
                index
                    .minutes
                    .entry((t.date(), t.hour(), t.minute()))
                    .or_default()
                    .push(i);
                index.days.entry(t.date()).or_default().push(i);
            }
        }
        index
    }

    /// The runs `target` may name (each still asked whether it does).
    fn candidates(&self, target: &Target) -> &[usize] {
        let found = match target {
            Target::ActivityId(id) => self.ids.get(id.as_str()),
            Target::File(tail) => {
                let tail = tail.trim().replace('\\', "/").to_lowercase();
                let name = crate::activity::label::file_name(&tail);
                if tail.contains('#') {
                    self.sessions.get(name)
                } else {
                    match folder_and_name(&tail).filter(|(folder, _)| !folder.is_empty()) {
                        Some((folder, name)) => {
                            self.places.get(&(folder.to_owned(), name.to_owned()))
                        }
                        None => self.names.get(name),
                    }
                }
            }
            Target::Start(t) => self.minutes.get(&(t.date(), t.hour(), t.minute())),
            Target::Date(d) => self.days.get(d),
        };
        found.map_or(&[], Vec::as_slice)
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

/// A start as text, or as a TOML date or date-time written without quotes (`start =
/// 2024-06-03`): the runner wrote a date, and was told "invalid type: map" (hostile round 36 M3).
#[derive(Deserialize)]
#[serde(untagged)]
enum StartRaw {
    Text(String),
    Date(toml::value::Datetime),
}

impl StartRaw {
    fn text(&self) -> String {
        match self {
            StartRaw::Text(text) => text.clone(),
            StartRaw::Date(date) => date.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRaw {
    id: Option<Spanned<IdRaw>>,
    file: Option<Spanned<String>>,
    start: Option<Spanned<StartRaw>>,
    class: Option<Spanned<String>>,
    planned: Option<Spanned<String>>,
    race: Option<Spanned<bool>>,
    exclude: Option<Spanned<bool>>,
    note: Option<Spanned<String>>,
}

/// 1-based line of a byte offset.
/// Where the file's lines start, to name the line of an offset: counting the newlines before
/// each of 21,000 tables again took a 1 MB file seconds (hostile round 35 M1).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Self {
        Lines(text.match_indices('\n').map(|(at, _)| at).collect())
    }

    /// The line (from 1) `offset` is on.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

/// Reads an overrides file. `label` names it in errors (its path).
pub fn parse(label: &str, text: &str) -> Result<Overrides, String> {
    let lines = Lines::of(text);
    let raw: FileRaw = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| format!(", line {}", lines.line_of(s.start)))
            .unwrap_or_default();
        format!(
            "{label}{line}: {} (the format is in the README, \"Per-run overrides\")",
            e.message().trim().replace('\n', " ")
        )
    })?;
    let runs = raw
        .run
        .into_iter()
        .map(|table| one_run(label, &lines, table))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Overrides { runs })
}

/// One `[[run]]` table: which run it names, and what it changes (at least one thing).
fn one_run(label: &str, lines: &Lines, table: Spanned<RunRaw>) -> Result<Override, String> {
    let line = lines.line_of(table.span().start);
    let r = table.into_inner();
    let err = |key: &str, at: std::ops::Range<usize>, what: String| {
        format!(
            "{label}, line {}: key `{key}`: {what}",
            lines.line_of(at.start)
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
        let text = start.get_ref().text();
        let target = parse_start(&text).ok_or_else(|| {
            err(
                "start",
                start.span(),
                format!(
                    "`{text}` is not a local start (\"2024-04-06T07:30\") or date (\"2024-04-06\") from 1990 to 2099"
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
    // The years a watch records, as `--since` asks: year 0 or 10000 names no run (hostile
    // round 36 M3).
    let recorded = |d: NaiveDate| (1990..2100).contains(&chrono::Datelike::year(&d));
    for f in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return recorded(dt.date()).then_some(Target::Start(dt));
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|d| recorded(*d))
        .map(Target::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_what_asking_every_run_finds() {
        // The runs an override names are looked up, not asked one by one (a 1 MB overrides
        // file took seconds over 6,000 runs): every kind of name, matched both ways, agrees.
        let at = |d: u32, h: u32, m: u32| {
            NaiveDate::from_ymd_opt(2024, 5, d).and_then(|day| day.and_hms_opt(h, m, 7))
        };
        let paths = [
            "/runs/a.fit",
            "/runs/a.fit#2",
            "C:\\Runs\\B.FIT",
            "export.zip!activities/1.fit.gz",
            "export.zip!activities/11.fit.gz",
            "other/activities/1.fit.gz",
            "/x/run.tcx",
            "/y/run.tcx",
        ];
        let ids = [
            None,
            Some("77"),
            None,
            Some("1"),
            Some("11"),
            None,
            Some("77"),
            None,
        ];
        let starts = [
            at(1, 7, 30),
            at(1, 7, 30),
            at(2, 18, 5),
            None,
            at(3, 6, 0),
            at(3, 6, 1),
            at(4, 9, 9),
            at(4, 9, 10),
        ];
        let runs: Vec<RunKey<'_>> = (0..paths.len())
            .map(|i| RunKey {
                path: paths[i],
                activity_id: ids[i],
                local_start: starts[i],
            })
            .collect();
        let targets = [
            Target::File("a.fit".into()),
            Target::File("A.FIT#2".into()),
            Target::File("runs/b.fit".into()),
            Target::File("activities/1.fit.gz".into()),
            Target::File("1.fit.gz".into()),
            Target::File(" run.tcx ".into()),
            // By the folder too (hostile round 36 M1): a zip's member, a partial part, a drive.
            Target::File("export.zip!activities/1.fit.gz".into()),
            Target::File("zip!activities/1.fit.gz".into()),
            Target::File("y/run.tcx".into()),
            Target::File("/y/run.tcx".into()),
            Target::File("runs\\b.fit".into()),
            Target::File("c:\\runs\\b.fit".into()),
            Target::File("y/run.tcx".into()),
            Target::File("ctivities/1.fit.gz".into()),
            Target::File("".into()),
            Target::ActivityId("77".into()),
            Target::ActivityId("1".into()),
            Target::ActivityId("2".into()),
            Target::Start(at(1, 7, 30).unwrap()),
            Target::Start(at(3, 6, 1).unwrap()),
            Target::Date(NaiveDate::from_ymd_opt(2024, 5, 4).unwrap()),
            Target::Date(NaiveDate::from_ymd_opt(2024, 5, 9).unwrap()),
        ];
        let index = RunIndex::of(&runs);
        for target in targets {
            let o = Override {
                line: 1,
                target,
                class: None,
                planned: None,
                race: None,
                exclude: true,
                note: None,
            };
            let asked: Vec<usize> = (0..runs.len()).filter(|&i| o.matches(&runs[i])).collect();
            let looked_up: Vec<usize> = index
                .candidates(&o.target)
                .iter()
                .copied()
                .filter(|&i| o.matches(&runs[i]))
                .collect();
            assert_eq!(looked_up, asked, "{:?}", o.target);
        }
    }

    #[test]
    fn lines_are_counted_from_one() {
        let lines = Lines::of("a\nbc\n\nd");
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 6].map(|o| lines.line_of(o)),
            [1, 1, 2, 2, 2, 3, 4]
        );
    }

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
        // No watch records year 0 or 10000 (hostile round 36 M3).
        assert_eq!(parse_start("0000-01-01"), None);
        assert_eq!(parse_start("+10000-01-01"), None);
        assert_eq!(parse_start("2100-01-01T07:00"), None);
    }

    #[test]
    fn a_start_written_as_a_toml_date_is_read_as_one() {
        // Unquoted, `start = 2024-04-06` is a TOML date: it read "invalid type: map".
        let day = NaiveDate::from_ymd_opt(2024, 4, 6).unwrap();
        let read = parse("o.toml", "[[run]]\nstart = 2024-04-06\nclass = \"easy\"\n").unwrap();
        assert_eq!(read.runs[0].target, Target::Date(day));
        let read = parse(
            "o.toml",
            "[[run]]\nstart = 2024-04-06T07:30:00\nexclude = true\n",
        )
        .unwrap();
        assert_eq!(
            read.runs[0].target,
            Target::Start(day.and_hms_opt(7, 30, 0).unwrap())
        );
        let err = parse("o.toml", "[[run]]\nstart = 1985-04-06\nexclude = true\n").unwrap_err();
        assert!(err.contains("from 1990 to 2099"), "{err}");
    }
}
