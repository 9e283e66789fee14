//! The pipeline is the file tree, and its arrows only point down it: a stage of `src/` uses only
//! the stages before it (`activity` → `ingest` → `summarize` → `judge` → `report` → `cmd`), so each
//! can be read and tested without the ones after it. Unit tests may reach anywhere.

use std::path::Path;

const STAGES: [&str; 6] = ["activity", "ingest", "summarize", "judge", "report", "cmd"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The stages a file names as `crate::STAGE` (or inside `crate::{…}`), outside its unit tests.
fn stages_used(text: &str) -> Vec<&'static str> {
    let code = production_code(text);
    let grouped: Vec<&str> = code
        .match_indices("crate::{")
        .map(|(at, _)| {
            let group = &code[at + "crate::".len()..];
            &group[..item_end(group)]
        })
        .collect();
    STAGES
        .into_iter()
        .filter(|s| {
            code.contains(&format!("crate::{s}::"))
                || code.contains(&format!("crate::{s};"))
                || code.contains(&format!("crate::{s} as "))
                || grouped.iter().any(|g| {
                    g.split(|c: char| c == '{' || c == ',' || c.is_whitespace())
                        .any(|part| part == *s || part.starts_with(&format!("{s}::")))
                })
        })
        .collect()
}

/// The file without its unit tests: every item under `#[cfg(test)]` (a `mod tests`, a helper
/// function between the others) cut out, wherever it stands.
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = &rest[item_end(rest)..];
    }
    out.push_str(rest);
    out
}

/// Where the item (or `{…}` group) that `text` starts with ends: after its `;`, or after the `}`
/// that closes its first `{`. Braces inside strings, characters and comments do not count.
fn item_end(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(b.len() - i);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += text[i..].find("*/").map_or(b.len() - i, |e| e + 1);
            }
            b'r' if !b[..i]
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                && matches!(b.get(i + 1), Some(b'"' | b'#')) =>
            {
                // A raw string: r"…", r#"…"#.
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) == Some(&b'"') {
                    let close = format!("\"{}", "#".repeat(hashes));
                    let from = i + 2 + hashes;
                    i = from
                        + text[from..]
                            .find(&close)
                            .map_or(b.len() - from, |e| e + hashes);
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            // A character ('{', '\''), not a lifetime ('a).
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i += 2 + text[i + 2..].find('\'').unwrap_or(b.len() - i - 2);
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

#[test]
fn every_stage_uses_only_the_stages_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut rooms = std::collections::BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let room = rel
            .iter()
            .next()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if room == "lib" || room == "main" {
            continue;
        }
        rooms.insert(room.clone());
        let Some(me) = STAGES.iter().position(|s| *s == room) else {
            wrong.push(format!("{}: not in a stage of the pipeline", rel.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        // Whatever precedes the first test item is production code, all of it read.
        let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
        assert!(production_code(&text).starts_with(before_tests));
        for used in stages_used(&text) {
            let them = STAGES.iter().position(|s| *s == used).unwrap();
            if them > me {
                wrong.push(format!(
                    "{} ({room}) uses {used}, a later stage",
                    rel.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(rooms.len(), STAGES.len(), "{rooms:?}");
}

#[test]
fn the_check_sees_a_backward_arrow() {
    assert_eq!(
        stages_used("use crate::judge::rules;\nuse crate::activity::Sport;"),
        ["activity", "judge"]
    );
    assert_eq!(
        stages_used("#[cfg(test)]\nmod tests { use crate::cmd::run; }"),
        Vec::<&str>::new()
    );
    // A test helper between two functions hides nothing after it; braces in its strings,
    // characters and comments do not end it early.
    let helper_between = r##"
        fn a() {}
        #[cfg(test)]
        fn helper() { let _ = ("}", '}', r#"}"#); /* } */ use crate::cmd::run; }
        fn b() { crate::report::csv::write(); }
    "##;
    assert_eq!(stages_used(helper_between), ["report"]);
    // Grouped and renamed paths count too.
    assert_eq!(
        stages_used("use crate::{activity::Sport, report::{csv, json}};"),
        ["activity", "report"]
    );
    assert_eq!(stages_used("use crate::report as r;"), ["report"]);
}

/// The terminal and the command line are the binary's: no stage before `cmd` names clap, a
/// progress bar or the terminal's size (a library user, the Python package, has neither). The
/// crate arrows above could not see `clap::ValueEnum` derived on the model's types.
#[test]
fn only_the_command_line_knows_the_terminal() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel.starts_with("cmd") || rel == Path::new("main.rs") {
            continue;
        }
        let code = production_code(&std::fs::read_to_string(file).unwrap());
        for name in ["clap", "indicatif", "terminal_size"] {
            if code.contains(&format!("{name}::")) || code.contains(&format!("use {name}")) {
                wrong.push(format!("{} uses {name}", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Inside a room, its files do not lean on each other in a circle either: a file names another of
/// its room as `crate::ROOM::FILE` or `super::FILE` (review 36-38 §3: the judge's baseline, zones,
/// classify, overrides and profile formed one, which the arrows between rooms could not see).
#[test]
fn no_room_s_files_use_each_other_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for room in STAGES {
        let dir = src.join(room);
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        // A file of the room is its first component under the room: `judge/intent/words.rs` is
        // `intent`.
        let name_of = |path: &Path| -> String {
            let rel = path.strip_prefix(&dir).unwrap();
            let first = rel.iter().next().unwrap().to_string_lossy().to_string();
            first.trim_end_matches(".rs").to_string()
        };
        let names: std::collections::BTreeSet<String> = files
            .iter()
            .map(|f| name_of(f))
            .filter(|n| n != "mod")
            .collect();
        let mut uses: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for file in &files {
            let me = name_of(file);
            if me == "mod" {
                continue;
            }
            let code = production_code(&std::fs::read_to_string(file).unwrap());
            for other in names.iter().filter(|n| **n != me) {
                let named = [
                    format!("crate::{room}::{other}::"),
                    format!("crate::{room}::{other};"),
                    format!("crate::{room}::{other}}}"),
                    format!("crate::{room}::{other},"),
                    format!("crate::{room}::{{{other}"),
                    format!("super::{other}::"),
                ]
                .iter()
                .any(|p| code.contains(p.as_str()));
                if named {
                    uses.entry(me.clone()).or_default().insert(other.clone());
                }
            }
        }
        // A circle is a file that reaches itself through the others.
        for start in &names {
            let mut seen = std::collections::BTreeSet::new();
            let mut todo: Vec<&String> = uses.get(start).into_iter().flatten().collect();
            while let Some(next) = todo.pop() {
                assert!(
                    next != start,
                    "{room}/{start} reaches itself through {seen:?} ({uses:?})"
                );
                if seen.insert(next.clone()) {
                    todo.extend(uses.get(next).into_iter().flatten());
                }
            }
        }
    }
}
