//! The archive layer (`src/ingest/archive.rs`) on arbitrary bytes, read both as a `.zip` (nested
//! zips, copied to temporary files; `.gz` members) and as a `.gz` file, inside a memory budget as
//! the command line reads them: no panic, no hang, nothing decompressed beyond the caps (a member,
//! an archive in all, the budget), nesting and entry count bounded, entries that share their bytes
//! read once, every failure a one-line reason.
#![no_main]

mod common;

use grayzone::ingest::archive::{expand_bytes, Limits};
use grayzone::ingest::budget::{self, Budget, Run};
use libfuzzer_sys::fuzz_target;

/// Small limits so that the caps themselves are what gets exercised (a 64 KB input can inflate to
/// tens of MB through two levels of deflate).
const LIMITS: Limits = Limits {
    max_file_bytes: 1024 * 1024,
    max_zip_depth: 3,
    max_zip_entries: 32,
    max_archive_bytes: 4 * 1024 * 1024,
    memory_bytes: 2 * 1024 * 1024,
};

fn check(label: &str, data: &[u8]) {
    let budget = Budget::new(LIMITS.memory_bytes);
    let job = budget::Job::open(&budget, Run::Alone);
    let found = expand_bytes(label, data.to_vec(), &LIMITS);
    let need = job.close();
    if need.stop.is_none() {
        assert!(
            need.bytes <= LIMITS.memory_bytes,
            "over the budget unnoticed"
        );
    }
    // What zip entries decompress to (not counting `.gz` members, whose own output only the
    // member cap bounds) stays within the archive's total.
    let unzipped: u64 = found
        .iter()
        .filter_map(|m| m.as_ref().ok())
        .filter(|m| !m.label.ends_with(".gz"))
        .filter_map(|m| m.bytes.as_ref().ok())
        .map(|b| b.len() as u64)
        .sum();
    if label.ends_with(".zip") {
        assert!(
            unzipped <= LIMITS.max_archive_bytes,
            "archive total exceeded"
        );
    }
    if label.ends_with(".gz") {
        assert_eq!(found.len(), 1, "a .gz file is one member");
    }
    for item in &found {
        let name = match item {
            Ok(member) => {
                if let Ok(bytes) = &member.bytes {
                    assert!(bytes.len() as u64 <= LIMITS.max_file_bytes, "cap exceeded");
                }
                if let Err(reason) = &member.bytes {
                    common::assert_one_line(reason, "member error");
                }
                if let Some(broken) = &member.broken {
                    common::assert_one_line(broken, "broken read");
                    assert!(
                        member.bytes.as_ref().is_ok_and(|b| !b.is_empty()),
                        "a broken read keeps the bytes before the break"
                    );
                }
                &member.label
            }
            Err(problem) => {
                common::assert_one_line(&problem.reason, "archive error");
                &problem.label
            }
        };
        assert!(name.starts_with(label), "label {name:?} lost its archive");
        // `a.zip!b.zip!c.fit`: one `!` per level, never deeper than the limit.
        let levels = name.matches(".zip!").count() as u32;
        assert!(
            levels <= LIMITS.max_zip_depth,
            "nested {levels} deep: {name}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    check("fuzz.zip", data);
    check("fuzz.fit.gz", data);
});
