//! What the command-line tests share: running the built binary and reading its CSV.
//! Included by each test file with `#[path = "support/cli.rs"] mod cli;` (not every file uses
//! every helper).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::process::{Command, Output};

/// Runs `grayzone ARGS` from the project root.
pub fn grayzone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run grayzone")
}

/// A CSV table as one map (column → cell) per row.
pub fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A line for the person running the tests, written to the terminal itself: the harness captures
/// `eprintln!` and shows it only for failing tests or with `--nocapture`, so a skip said that way
/// goes unseen. Once per `once`, so a binary says each thing one time.
pub fn note(once: &'static std::sync::Once, line: &str) {
    once.call_once(|| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "note: {line}");
    });
}
