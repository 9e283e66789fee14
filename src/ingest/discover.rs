//! Finding activity files: the paths the runner gave, folders walked recursively in sorted order.
//! Names only: nothing is read here ([`super::archive`] reads the bytes, gzipped or zipped).

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::activity::SourceFormat;

/// What a file name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Activity { format: SourceFormat, gzipped: bool },
    Zip,
}

/// Classifies a file name by extension, case-insensitively. `None`: not ours, silently ignored.
pub fn kind_of(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let (stem, gzipped) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    let format = if stem.ends_with(".fit") {
        SourceFormat::Fit
    } else if stem.ends_with(".gpx") {
        SourceFormat::Gpx
    } else if stem.ends_with(".tcx") {
        SourceFormat::Tcx
    } else if stem.ends_with(".zip") && !gzipped {
        return Some(Kind::Zip);
    } else {
        return None;
    };
    Some(Kind::Activity { format, gzipped })
}

/// A file found on disk that grayzone will read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// How the path is shown in the output (as the user typed it, joined with what the walk found).
    pub label: String,
    pub kind: Kind,
}

/// An input path the user gave that cannot be read at all: a usage error (exit status 2).
#[derive(Debug)]
pub struct PathError {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl std::error::Error for PathError {}

/// A folder entry we could not read during the walk (permission denied, a symlink loop…). It
/// becomes an error row; the walk goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkProblem {
    pub label: String,
    pub reason: String,
}

/// Walks the given paths. Files named explicitly are read whatever their extension says only if
/// it is one of ours; folders are walked recursively in sorted order. Symlinked folders are
/// followed once (loops are reported, not followed).
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<Input>, Vec<WalkProblem>), PathError> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let label = path.to_string_lossy().into_owned();
        let meta = fs::metadata(path).map_err(|e| PathError {
            path: label.clone(),
            reason: describe_io(&e),
        })?;
        if meta.is_dir() {
            let mut seen = HashSet::new();
            walk(path, &label, &mut seen, &mut inputs, &mut problems);
        } else if let Some(kind) = kind_of(&label) {
            inputs.push(Input {
                path: path.clone(),
                label,
                kind,
            });
        } else {
            return Err(PathError {
                path: label,
                reason: "not a .fit, .gpx, .tcx (optionally .gz) or .zip file".into(),
            });
        }
    }
    Ok((inputs, problems))
}

fn walk(
    dir: &Path,
    label: &str,
    seen: &mut HashSet<PathBuf>,
    inputs: &mut Vec<Input>,
    problems: &mut Vec<WalkProblem>,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        problems.push(WalkProblem {
            label: label.to_string(),
            reason: "folder already visited (symlink loop): skipped".into(),
        });
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(WalkProblem {
                label: label.to_string(),
                reason: format!("cannot read folder: {}", describe_io(&e)),
            });
            return;
        }
    };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let name = name.to_string_lossy();
        let child_label = if label.ends_with('/') {
            format!("{label}{name}")
        } else {
            format!("{label}/{name}")
        };
        // `metadata` follows symlinks; a dangling link is an error row only if it looks like ours.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, &child_label, seen, inputs, problems),
            Ok(_) => {
                if let Some(kind) = kind_of(&name) {
                    inputs.push(Input {
                        path,
                        label: child_label,
                        kind,
                    });
                }
            }
            Err(e) => {
                if kind_of(&name).is_some() {
                    problems.push(WalkProblem {
                        label: child_label,
                        reason: describe_io(&e),
                    });
                }
            }
        }
    }
}

pub(crate) fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive_and_gz_aware() {
        assert_eq!(
            kind_of("a/B.FIT"),
            Some(Kind::Activity {
                format: SourceFormat::Fit,
                gzipped: false
            })
        );
        assert_eq!(
            kind_of("x.Gpx.GZ"),
            Some(Kind::Activity {
                format: SourceFormat::Gpx,
                gzipped: true
            })
        );
        assert_eq!(kind_of("export.ZIP"), Some(Kind::Zip));
        assert_eq!(kind_of("activities.csv"), None);
        assert_eq!(kind_of("a.zip.gz"), None);
        assert_eq!(kind_of("fit"), None);
    }
}
