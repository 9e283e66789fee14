//! `grayzone explain RUN [PATH…]`: why one run got its verdict, judged against the rest of the
//! export given after it. RUN is a file on disk, one session of it (`brick.fit#2`), or a file
//! inside an archive, `export.zip!inner/run.fit`: every path `grayzone` prints; or, with the
//! export after it, a part of the run's name (`"recovery jog"`), its local date (`2024-04-06`) or
//! start (`2024-04-06T07:30`), or its activity id: several runs that match are listed to choose
//! from.
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::activity::label::split_session;
use crate::cmd::options::{check_writable_for, exit_status, load, output, Loaded, ReadArgs};
use crate::cmd::{EXIT_OK, EXIT_USAGE};
use crate::judge::ActivityRow;
use crate::report::explain::{self, ExplainOptions};
use crate::report::query::Query;
use crate::summarize::row::Status;

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// The run: a .fit/.gpx/.tcx file (also .gz), a session of one as FILE#N, a file inside an archive as ARCHIVE.zip!inner/path.fit,
    /// or (with the export after it) a part of its name, its file name alone (a run inside the export's zip), its date 2024-04-06 or start 2024-04-06T07:30, or its activity id.
    #[arg(value_name = "RUN")]
    pub file: PathBuf,
    /// The rest of your export (files and folders), so the run is judged against your own baseline.
    #[arg(value_name = "PATH")]
    pub context: Vec<PathBuf>,
    /// Write to this file instead of standard output (never coloured; `-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: &ExplainArgs) -> Result<i32, String> {
    // Before anything is read, as every command does: `-o run.tcx` would replace the run.
    if let Some(path) = &args.output {
        check_writable_for(path, &args.read)?;
    }
    let target = match Target::parse(&args.file) {
        Ok(target) => target,
        // Not a file: a run by its name, date, activity id or file name (`vivoactive.fit.gz`,
        // inside the export's zip), among the export given after it.
        Err(e) if looks_like_a_path(&args.file) || args.context.is_empty() => {
            return Err(if args.context.is_empty() {
                format!("{e}; or name a run by a part of its name, its date (2024-04-06, 2024-04-06T07:30) or its activity id, and give the export after it")
            } else {
                e
            })
        }
        Err(_) => return run_by_query(args),
    };
    // The run is judged against the export given after it: without it (a mistyped folder) it
    // would be judged alone, against its own pace, and the verdict would mislead.
    if let Some((path, why)) = args
        .context
        .iter()
        .find_map(|p| crate::ingest::discover::unreadable_given(p).map(|why| (p.display(), why)))
    {
        return Err(format!(
            "{path}: {why} (the export the run is judged against: check the spelling)"
        ));
    }
    // The export first, so its grayzone.toml is the profile; the file itself only if the export
    // does not already hold it (it would be read twice and be its own duplicate).
    let mut inputs = args.context.clone();
    if !target.covered_by(&inputs) {
        inputs.push(target.disk.clone());
    }
    let Loaded {
        rows,
        units,
        named_unreadable,
        ..
    } = load(&with_series(&args.read), &inputs)?;
    let found = target.rows(&rows);
    let file = args.file.display();
    if found.is_empty() {
        return Err(format!(
            "{file}: no activity of that name was read (check the path, or the member name inside the archive)"
        ));
    }
    let runs: Vec<usize> = found
        .iter()
        .copied()
        .filter(|&i| rows[i].judgement.is_some())
        .collect();
    let is_archive = target
        .disk
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if target.member.is_none() && target.session.is_none() && runs.len() > 1 && is_archive {
        return Err(format!(
            "{file} is an archive with {} runs: name one as {file}!inner/path.fit (see `grayzone activities {file}` for the names)",
            runs.len()
        ));
    }
    let color = args.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let options = ExplainOptions { color, units };
    let text: Vec<String> = found
        .iter()
        .map(|&i| explain::explain(&rows, i, &options))
        .collect();
    let mut out = output(args.output.as_ref())?;
    out.write_all(text.join("\n").as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    if runs.is_empty() {
        return not_explained(file, &rows[found[0]], &shown_in(args));
    }
    Ok(exit_status(EXIT_OK, named_unreadable))
}

/// The end of an `explain` that explained no run: said on stdout (or in the `-o` file:
/// `shown_in` says where), and the status says so, with one line on stderr. A file that cannot be
/// read had that line as it was read (its reason), unless quiet; a run not judged gets one saying
/// why.
fn not_explained(
    shown: impl std::fmt::Display,
    row: &ActivityRow,
    shown_in: &str,
) -> Result<i32, String> {
    match row.status {
        // The reading counted the unreadable files in one line: the run asked about says its
        // fault here, quiet or not.
        Status::Error => Err(format!("{shown}: {}", row.error)),
        _ => Err(format!("{shown}: {}; {shown_in}", not_judged(row))),
    }
}

/// Where the explanation went: above the line on stderr, or into the `-o` file.
fn shown_in(args: &ExplainArgs) -> String {
    match &args.output {
        Some(path) => format!("see {}", path.display()),
        None => "see above".to_string(),
    }
}

/// Why a row got no verdict, for the one line on stderr: a run too short, a duplicate or one
/// an override leaves out is a run all the same, and says so.
fn not_judged(row: &ActivityRow) -> String {
    match (&row.left_out, row.status) {
        (Some(why), _) => why.describe(),
        (None, Status::Duplicate | Status::Excluded) => row.note.clone(),
        (None, _) => "not a run grayzone can judge".to_string(),
    }
}

/// Whether FILE was meant as a path (a folder separator, an archive's `!`) rather than a name,
/// date, id or the file name of a run in the export.
fn looks_like_a_path(file: &Path) -> bool {
    file.to_string_lossy().contains(['/', '\\', '!'])
}

/// The start of a judged run to give as an example: the nearest to a date or start asked, else
/// the last; none in an export without one.
fn example_start(rows: &[ActivityRow], query: &Query) -> Option<String> {
    let starts = rows
        .iter()
        .filter(|r| r.judgement.is_some())
        .filter_map(|r| r.local_start())
        .filter_map(|t| t.get(..16).map(str::to_string));
    let minutes = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
            .ok()
            .map(|t| t.and_utc().timestamp() / 60)
    };
    match query {
        Query::Date(d) | Query::Start(d) => {
            let asked = minutes(&format!("{}T00:00", d.get(..10)?))?
                + minutes(d).map_or(12 * 60, |m| m % (24 * 60));
            starts.min_by_key(|t| minutes(t).map_or(i64::MAX, |m| (m - asked).abs()))
        }
        _ => starts.max(),
    }
}

/// Where the export's runs are, for a run asked that is not there: "; its runs are from
/// 2024-06-03 to 2024-08-25", and for a date, the run nearest it. Runs only: a hike years before
/// the first run is no run (newcomer 38 N5).
fn runs_span(rows: &[ActivityRow], query: &Query) -> String {
    let mut dates: Vec<String> = rows
        .iter()
        .filter(|r| r.is_run())
        .filter_map(|r| r.local_start())
        .filter_map(|t| t.get(..10).map(str::to_string))
        .collect();
    dates.sort_unstable();
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return String::new();
    };
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let nearest = match query {
        Query::Date(d) | Query::Start(d) => d.get(..10).and_then(day).and_then(|asked| {
            dates
                .iter()
                .filter_map(|d| day(d).map(|x| (x, d)))
                .min_by_key(|(x, _)| (*x - asked).num_days().abs())
                .map(|(_, d)| format!(", the nearest on {d}"))
        }),
        _ => None,
    };
    format!(
        "; its runs are from {first} to {last}{}",
        nearest.unwrap_or_default()
    )
}

/// The reading options, keeping each run's series: `explain` shows the run's zones over time.
fn with_series(read: &ReadArgs) -> ReadArgs {
    ReadArgs {
        keep_series: true,
        errors_counted: true,
        ..read.clone()
    }
}

/// `explain "Recovery jog" export/`, `explain 2024-04-06 export/`, `explain 11000000003 export/`:
/// the one run that matches, or the list of candidates when several do.
fn run_by_query(args: &ExplainArgs) -> Result<i32, String> {
    let asked = args.file.to_string_lossy().to_string();
    let query = Query::parse(&asked);
    let Loaded {
        rows,
        units,
        named_unreadable,
        ..
    } = load(&with_series(&args.read), &args.context)?;
    let mut found: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].summary.is_some() && query.matches(&rows[i]))
        .collect();
    // No run by that: a part of a file's name, or a file that could not be read, which then
    // says why (review 38 §1.7, newcomer 38 N5).
    if found.is_empty() {
        found = (0..rows.len())
            .filter(|&i| query.matches_loosely(&rows[i]))
            .collect();
    }
    // A copy dedupe set aside is the run kept, not a second run on that day: asked by date,
    // start or name, the kept one answers (review 37 §1.4: "matches 2 runs", and the start it
    // offered matched both again). Named by its own file, a copy is still explained.
    let kept: Vec<usize> = found
        .iter()
        .copied()
        .filter(|&i| rows[i].status != Status::Duplicate)
        .collect();
    if !kept.is_empty() {
        found = kept;
    }
    // Rides and walks that match too are not what a runner asks `explain` about: the runs answer
    // when there are any (newcomer 39 N3: "matches 77 runs", 7 of them rides).
    let runs: Vec<usize> = found
        .iter()
        .copied()
        .filter(|&i| rows[i].is_run())
        .collect();
    if !runs.is_empty() {
        found = runs;
    }
    let shown = crate::report::printable(&asked).into_owned();
    match found.as_slice() {
        [] => {
            // The example is a run of this export's, the nearest to a date asked (newcomer 37
            // N2: a date it did not hold sent the runner to a second miss; newcomer 38 N5: the
            // last run's start was offered for a date beside another).
            let example = example_start(&rows, &query)
                .map(|start| {
                    format!(
                        "its date {} or start {start}",
                        start.get(..10).unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "its date or start".to_string());
            Err(format!(
                "{shown}: no run of that name, file name, date or activity id in the export{} (give a part of its name or file name, {example}, its activity id, or the file)",
                runs_span(&rows, &query),
            ))
        }
        [i] => {
            let color = args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let text = explain::explain(&rows, *i, &ExplainOptions { color, units });
            let mut out = output(args.output.as_ref())?;
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| format!("writing output: {e}"))?;
            if rows[*i].judgement.is_none() {
                return not_explained(&shown, &rows[*i], &shown_in(args));
            }
            Ok(exit_status(EXIT_OK, named_unreadable))
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|&i| {
                    let r = &rows[i];
                    let when = r.local_start().unwrap_or_default();
                    let mut line = format!("  {}", when.get(..16).unwrap_or(&when));
                    if let Some(name) = r.name() {
                        line.push_str(&format!(" '{}'", crate::report::printable(name)));
                    }
                    if let Some(id) = r.activity_id() {
                        line.push_str(&format!(" id {}", crate::report::printable(id)));
                    }
                    line.push_str(&format!(" {}", crate::report::printable(&r.path)));
                    line
                })
                .collect();
            // Every name and path in the list was made printable above: the list is one line a
            // run, which the usual error path would fold into one.
            let start = many
                .first()
                .and_then(|&i| rows[i].local_start())
                .and_then(|t| t.get(..16).map(str::to_string))
                .unwrap_or_default();
            say!(
                "grayzone: {shown} matches {}; name one by its start ({start}), its activity id or its file:\n{}",
                if many.iter().all(|&i| rows[i].is_run()) {
                    crate::activity::units::counted(many.len(), "run", "runs")
                } else {
                    crate::activity::units::counted(many.len(), "activity", "activities")
                },
                list.join("\n")
            );
            Ok(EXIT_USAGE)
        }
    }
}

/// Where the run to explain lives: a file on disk, a member of an archive
/// (`export.zip!inner/run.fit`), and for a file of several sessions or activities, which one
/// (`brick.fit#2`, the way `grayzone activities` names it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The file on disk (the archive, for a member).
    pub disk: PathBuf,
    /// The member's path inside the archive(s), after the archive's `!`.
    pub member: Option<String>,
    /// The `N` of a trailing `#N`: one session of a multisport file.
    pub session: Option<u32>,
}

impl Target {
    /// Reads `FILE` as given. A name is taken as it is first (a file may be called `Great
    /// run!.fit` or `Tempo #3.fit`); only when no such file exists is a trailing `#N` read as a
    /// session, and then a `!` as the start of an archive member, at the first `!` whose left
    /// part is a file. Errors name the file and what to do.
    pub fn parse(file: &Path) -> Result<Target, String> {
        let text = file.to_string_lossy();
        if file.is_dir() {
            return Err(format!(
                "{text}: is a folder: name one run in it, and give the folder after it for your baseline (grayzone explain {text}/run.fit {text})"
            ));
        }
        if file.exists() {
            return Ok(Target {
                disk: file.to_path_buf(),
                member: None,
                session: None,
            });
        }
        let (name, session) = match split_session(&text) {
            (name, Some(n)) => (name, Some(n)),
            (_, None) => (text.as_ref(), None),
        };
        if session.is_some() && Path::new(name).is_file() {
            return Ok(Target {
                disk: PathBuf::from(name),
                member: None,
                session,
            });
        }
        for (at, _) in name.match_indices('!') {
            let (disk, member) = (&name[..at], &name[at + 1..]);
            if !member.is_empty() && Path::new(disk).is_file() {
                return Ok(Target {
                    disk: PathBuf::from(disk),
                    member: Some(member.to_string()),
                    session,
                });
            }
        }
        Err(format!(
            "{text}: no such file (give a .fit, .gpx or .tcx file, a session of one as run.fit#2, or a file inside an archive as export.zip!path/in/zip.fit)"
        ))
    }

    /// Whether one of `paths` already reads this file (a folder holding it, or the file itself),
    /// so it need not be added to the inputs again (it would come out as its own duplicate).
    pub fn covered_by(&self, paths: &[PathBuf]) -> bool {
        let Ok(me) = self.disk.canonicalize() else {
            return false;
        };
        paths
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .any(|p| me == p || (p.is_dir() && me.starts_with(&p)))
    }

    /// The rows that are this file (several for a multisport file, or for an archive given whole).
    pub fn rows(&self, rows: &[ActivityRow]) -> Vec<usize> {
        let Ok(me) = self.disk.canonicalize() else {
            return Vec::new();
        };
        // Canonical form of each left part of a label tried, so a big export costs one lookup
        // per file on disk, not one per row.
        let mut canonical: HashMap<&str, Option<PathBuf>> = HashMap::new();
        (0..rows.len())
            .filter(|&i| {
                let label = rows[i].path.as_str();
                let (name, session) = split_session(label);
                if self.session.is_some() && session != self.session {
                    return false;
                }
                // The label's file on disk: the whole name, or its part before one of its `!`
                // (a file name may hold a `!` of its own).
                let candidates = std::iter::once((name, None)).chain(
                    name.match_indices('!')
                        .map(|(at, _)| (&name[..at], Some(&name[at + 1..]))),
                );
                let mut found: Option<Option<&str>> = None;
                for (disk, member) in candidates {
                    let same = canonical
                        .entry(disk)
                        .or_insert_with(|| Path::new(disk).canonicalize().ok())
                        .as_ref()
                        == Some(&me)
                        // A name that is not UTF-8 is labelled with U+FFFD for its bytes, a
                        // path no file has: it is the file named as it was given.
                        || disk.contains('\u{FFFD}') && disk == self.disk.to_string_lossy();
                    if same {
                        found = Some(member);
                        break;
                    }
                }
                let Some(member) = found else {
                    return false;
                };
                match (&self.member, member) {
                    (None, _) => true,
                    (Some(want), Some(have)) => {
                        // The inner path in full, or its tail from a folder or a nested archive.
                        have == want
                            || have.ends_with(&format!("/{want}"))
                            || have.ends_with(&format!("!{want}"))
                    }
                    (Some(_), None) => false,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_named_with_a_trailing_number_is_that_session() {
        // A part of a title ends with a number as a session's label does: `Tempo #3` asks for
        // the third session of a run named "Tempo ".
        assert_eq!(split_session("Tempo #3"), ("Tempo ", Some(3)));
    }

    #[test]
    fn names_with_bang_or_hash_are_files_first() {
        let dir = tempfile::tempdir().unwrap();
        let bang = dir.path().join("Great run!.fit");
        std::fs::write(&bang, b"x").unwrap();
        let t = Target::parse(&bang).unwrap();
        assert_eq!((t.disk, t.member, t.session), (bang.clone(), None, None));
        let multi = dir.path().join("brick.fit");
        std::fs::write(&multi, b"x").unwrap();
        let t = Target::parse(Path::new(&format!("{}#5", multi.display()))).unwrap();
        assert_eq!(
            (t.disk, t.member, t.session),
            (multi.clone(), None, Some(5))
        );
        let zip = dir.path().join("export!old.zip");
        std::fs::write(&zip, b"x").unwrap();
        let t = Target::parse(Path::new(&format!("{}!runs/a.fit#2", zip.display()))).unwrap();
        assert_eq!(
            (t.disk, t.member.as_deref(), t.session),
            (zip, Some("runs/a.fit"), Some(2))
        );
    }

    #[test]
    fn a_missing_file_or_a_folder_says_what_to_give() {
        let err = Target::parse(Path::new("no/such/run.fit")).unwrap_err();
        assert!(err.starts_with("no/such/run.fit: no such file"), "{err}");
        assert!(err.contains("export.zip!"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = Target::parse(dir.path()).unwrap_err();
        assert!(err.contains("is a folder: name one run in it"), "{err}");
    }
}
