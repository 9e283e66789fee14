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

/// The stages a file names as `crate::STAGE`, outside its unit tests.
fn stages_used(text: &str) -> Vec<&'static str> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    STAGES
        .into_iter()
        .filter(|s| {
            code.contains(&format!("crate::{s}::")) || code.contains(&format!("crate::{s};"))
        })
        .collect()
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
        for used in stages_used(&std::fs::read_to_string(file).unwrap()) {
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
}
