//! What the tests over the shared corpus of real files (`../shared/fixtures/real`) share: finding
//! it, and its `REFERENCE.csv` (values from Garmin's FIT SDK and gpxpy) as one map per file.
//! Included with `#[path = "support/real.rs"] mod real;` next to `#[path = "support/cli.rs"] mod
//! cli;`, whose CSV reader it uses.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One REFERENCE.csv row: column → cell.
pub type ReferenceRow = BTreeMap<String, String>;

/// The corpus folder, or `None` (with a line saying so) where it is not beside the checkout. CI
/// sets `GRAYZONE_REQUIRE_REAL_CORPUS=1`, and there a missing corpus fails the test instead.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real");
    if dir.join("REFERENCE.csv").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("GRAYZONE_REQUIRE_REAL_CORPUS").is_none(),
        "{} has no REFERENCE.csv, and GRAYZONE_REQUIRE_REAL_CORPUS is set",
        dir.display()
    );
    static SAID: std::sync::Once = std::sync::Once::new();
    crate::cli::note(
        &SAID,
        "the tests on real files skip here: they read ../shared/fixtures/real, the project's shared corpus, beside this checkout; to run them, put the shared folder there (`ln -s /path/to/shared ../shared`; CI has it, and sets GRAYZONE_REQUIRE_REAL_CORPUS=1 so they fail instead)",
    );
    None
}

/// Every REFERENCE.csv row, in file order.
pub fn reference(dir: &Path) -> Vec<ReferenceRow> {
    let path = dir.join("REFERENCE.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    crate::cli::csv_rows(&bytes)
}

/// Every file under `dir`, in sorted order (a corpus walk; the callers pick the formats they read).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// The files under `dir` whose extension is `ext` (any case), in sorted order.
pub fn files_ending(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = files_under(dir);
    files.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)));
    files
}
