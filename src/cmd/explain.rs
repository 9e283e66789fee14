//! `grayzone explain RUN [PATH…]`: why one run got its verdict, judged against the rest of the
//! export given after it. RUN is a file on disk or a file inside an archive,
//! `export.zip!inner/run.fit`; or, with the export after it, a part of the run's name
//! (`"recovery jog"`), its local date (`2024-04-06`) or start (`2024-04-06T07:30`), or its
//! activity id: several runs that match are listed to choose from.
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cmd::options::{load, output, Loaded, ReadArgs};
use crate::cmd::EXIT_OK;
use crate::judge::ActivityRow;
use crate::report::explain::{self, ExplainOptions};

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// The run: a .fit/.gpx/.tcx file (also .gz), a file inside an archive as ARCHIVE.zip!inner/path.fit,
    /// or (with the export after it) a part of its name, its date 2024-04-06 or start 2024-04-06T07:30, or its activity id.
    #[arg(value_name = "RUN")]
    pub file: PathBuf,
    /// The rest of your export (files and folders), so the run is judged against your own baseline.
    #[arg(value_name = "PATH")]
    pub context: Vec<PathBuf>,
    /// Write to this file instead of standard output (never coloured).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: &ExplainArgs) -> Result<i32, String> {
    let target = match Target::parse(&args.file) {
        Ok(target) => target,
        // Not a file: a run by its name, date or activity id, among the export given after it.
        Err(e) if looks_like_a_path(&args.file) || args.context.is_empty() => {
            return Err(if args.context.is_empty() {
                format!("{e}; or name a run by a part of its name, its date (2024-04-06, 2024-04-06T07:30) or its activity id, and give the export after it")
            } else {
                e
            })
        }
        Err(_) => return run_by_query(args),
    };
    // The export first, so its grayzone.toml is the profile; the file itself only if the export
    // does not already hold it (it would be read twice and be its own duplicate).
    let mut inputs = args.context.clone();
    if !target.covered_by(&inputs) {
        inputs.push(target.disk.clone());
    }
    let Loaded { rows, units, .. } = load(&args.read, &inputs)?;
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
    if target.member.is_none()
        && runs.len() > 1
        && found.iter().any(|&i| rows[i].path.contains('!'))
    {
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
        // Not a run (or unreadable): said on stdout; the status says nothing was explained.
        return Err(format!("{file}: not a run grayzone can judge (see above)"));
    }
    Ok(EXIT_OK)
}

/// Whether FILE was meant as a path (a folder separator, an archive's `!`, an activity file's
/// extension) rather than a name, date or id.
fn looks_like_a_path(file: &Path) -> bool {
    let text = file.to_string_lossy();
    text.contains(['/', '\\', '!'])
        || crate::ingest::discover::kind_of(&text)
            .is_some_and(|k| !matches!(k, crate::ingest::discover::Kind::Index(_)))
}

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
        Query::Name(t.to_lowercase())
    }

    /// Whether the row is the run asked for.
    pub fn matches(&self, row: &ActivityRow) -> bool {
        let local = row.local_start().unwrap_or_default();
        match self {
            Query::Date(d) => local.get(..10) == Some(d.as_str()),
            Query::Start(t) => local.get(..16) == Some(t.as_str()),
            Query::ActivityId(id) => row.activity_id() == Some(id.as_str()),
            Query::Name(part) => {
                !part.is_empty() && row.name().is_some_and(|n| n.to_lowercase().contains(part))
            }
        }
    }
}

/// `explain "Recovery jog" export/`, `explain 2024-04-06 export/`, `explain 11000000003 export/`:
/// the one run that matches, or the list of candidates when several do.
fn run_by_query(args: &ExplainArgs) -> Result<i32, String> {
    let asked = args.file.to_string_lossy().to_string();
    let query = Query::parse(&asked);
    let Loaded { rows, units, .. } = load(&args.read, &args.context)?;
    let found: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].summary.is_some() && query.matches(&rows[i]))
        .collect();
    let shown = crate::report::printable(&asked).into_owned();
    match found.as_slice() {
        [] => Err(format!(
            "{shown}: no run of that name, date or activity id in the export (give a part of its name, its date 2024-04-06 or 2024-04-06T07:30, its activity id, or the file)"
        )),
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
                return Err(format!("{shown}: not a run grayzone can judge (see above)"));
            }
            Ok(EXIT_OK)
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
                        line.push_str(&format!(" id {id}"));
                    }
                    line.push_str(&format!(" {}", crate::report::printable(&r.path)));
                    line
                })
                .collect();
            Err(format!(
                "{shown} matches {} runs; name one by its start (2024-04-06T07:30), its activity id or its file:\n{}",
                many.len(),
                list.join("\n")
            ))
        }
    }
}

/// Where the run to explain lives: a file on disk, or a member of an archive
/// (`export.zip!inner/run.fit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The file on disk (the archive, for a member).
    pub disk: PathBuf,
    /// The member's path inside the archive(s), after the first `!`.
    pub member: Option<String>,
}

impl Target {
    /// Reads `FILE` as given: a path on disk, or `ARCHIVE!member`. Errors name the file and what
    /// to do.
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
            });
        }
        if let Some((disk, member)) = text.split_once('!') {
            if Path::new(disk).is_file() {
                return Ok(Target {
                    disk: PathBuf::from(disk),
                    member: Some(member.to_string()),
                });
            }
        }
        Err(format!(
            "{text}: no such file (give a .fit, .gpx or .tcx file, or a file inside an archive as export.zip!path/in/zip.fit)"
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
        let mut canonical: HashMap<&str, Option<PathBuf>> = HashMap::new();
        (0..rows.len())
            .filter(|&i| {
                let (disk, member) = split_label(&rows[i].path);
                let same_disk = canonical
                    .entry(disk)
                    .or_insert_with(|| Path::new(disk).canonicalize().ok())
                    .as_ref()
                    == Some(&me);
                same_disk
                    && match (&self.member, member) {
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

/// `a.zip!b/c.fit#2` → (`a.zip`, Some(`b/c.fit`)); `run.fit#1` → (`run.fit`, None).
fn split_label(label: &str) -> (&str, Option<&str>) {
    let strip_session = |s: &'_ str| -> usize {
        match s.rsplit_once('#') {
            Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => head.len(),
            _ => s.len(),
        }
    };
    match label.split_once('!') {
        Some((disk, member)) => (disk, Some(&member[..strip_session(member)])),
        None => (&label[..strip_session(label)], None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_into_file_and_archive_member() {
        assert_eq!(split_label("a/run.fit"), ("a/run.fit", None));
        assert_eq!(split_label("a/multi.fit#2"), ("a/multi.fit", None));
        assert_eq!(
            split_label("e.zip!in/b.zip!c.fit#1"),
            ("e.zip", Some("in/b.zip!c.fit"))
        );
        assert_eq!(split_label("odd#name.fit"), ("odd#name.fit", None));
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
