//! Classification against labelled seasons: simulated training seasons (from the project's own
//! test kit, modelled on COACHING_RULES' sample weeks) whose every run has a known intent.
//! Asserts class accuracy, gray-zone F1 and the weekly verdicts, with the auto baseline and with
//! the runner's max HR given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use grayzone::judge::classify::Flag;
use grayzone::judge::profile::{Given, Profile};
use grayzone::judge::ActivityRow;
use grayzone::judge::{judge, judge_telling, SeriesAfter};
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};

#[derive(Debug)]
struct Label {
    class: String,
    gray_zone: bool,
    accidental: bool,
}

fn labels(dir: &Path) -> BTreeMap<String, Label> {
    let mut reader = csv::Reader::from_path(dir.join("LABELS.csv")).expect("LABELS.csv");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (file, class, gray, acc) = (
        col("file"),
        col("class"),
        col("gray_zone"),
        col("accidental_workout"),
    );
    reader
        .records()
        .map(|r| r.expect("row"))
        .map(|r| {
            (
                r[file].to_string(),
                Label {
                    class: r[class].to_string(),
                    gray_zone: &r[gray] == "true",
                    accidental: &r[acc] == "true",
                },
            )
        })
        .collect()
}

fn judged(dir: &Path, profile: &Profile) -> Vec<ActivityRow> {
    judge(
        read_export(&[dir.to_path_buf()], &ReadOptions::default()).expect("ingest"),
        profile,
    )
}

/// The label key of a row: its path relative to the season folder, without archive prefixes.
fn key(row: &ActivityRow, dir: &Path) -> String {
    let prefix = format!("{}/", dir.display());
    let path = row.path.strip_prefix(&prefix).unwrap_or(&row.path);
    path.rsplit('!')
        .next()
        .unwrap_or(path)
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_string()
}

struct Score {
    runs: usize,
    correct: usize,
    gray_tp: usize,
    gray_fp: usize,
    gray_fn: usize,
    accidental_found: usize,
    accidental_total: usize,
    misses: Vec<String>,
}

fn score(dir: &Path, profile: &Profile) -> Score {
    let labels = labels(dir);
    let rows = judged(dir, profile);
    let mut s = Score {
        runs: 0,
        correct: 0,
        gray_tp: 0,
        gray_fp: 0,
        gray_fn: 0,
        accidental_found: 0,
        accidental_total: 0,
        misses: vec![],
    };
    for row in rows.iter().filter(|r| r.status == Status::Ok) {
        let k = key(row, dir);
        let Some(label) = labels.get(&k) else {
            continue;
        };
        if label.class.is_empty() {
            continue;
        }
        let j = row.judgement.as_ref().expect("ok runs are judged");
        s.runs += 1;
        if j.class.name() == label.class {
            s.correct += 1;
        } else {
            s.misses.push(format!(
                "{k}: labelled {} got {} ({})",
                label.class,
                j.class.name(),
                j.reason
            ));
        }
        match (label.gray_zone, j.gray_zone) {
            (true, true) => s.gray_tp += 1,
            (false, true) => {
                s.gray_fp += 1;
                s.misses
                    .push(format!("{k}: called gray, is not ({})", j.reason));
            }
            (true, false) => {
                s.gray_fn += 1;
                s.misses
                    .push(format!("{k}: gray, not called gray ({})", j.reason));
            }
            _ => {}
        }
        if label.accidental && !j.flags.contains(&Flag::AccidentalWorkout) {
            s.misses.push(format!(
                "{k}: accidental workout not flagged ({})",
                j.reason
            ));
        }
        if label.accidental {
            s.accidental_total += 1;
            s.accidental_found += usize::from(j.flags.contains(&Flag::AccidentalWorkout));
        }
    }
    s
}

fn seasons() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures.join("seasons"))
        .expect("fixtures/seasons")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .chain(std::iter::once(fixtures.join("sample-export")))
        .filter(|p| p.join("LABELS.csv").is_file())
        .collect();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "no labelled seasons under fixtures/seasons"
    );
    dirs
}

/// Scores a season; returns what falls short (nothing when it passes).
fn check_season(dir: &Path, profile: &Profile) -> Vec<String> {
    let s = score(dir, profile);
    let mut problems = Vec::new();
    if s.runs < 20 {
        problems.push(format!(
            "{}: only {} labelled runs read",
            dir.display(),
            s.runs
        ));
    }
    let accuracy = s.correct as f64 / s.runs.max(1) as f64;
    let f1 = if s.gray_tp + s.gray_fp + s.gray_fn == 0 {
        1.0
    } else {
        2.0 * s.gray_tp as f64 / (2 * s.gray_tp + s.gray_fp + s.gray_fn) as f64
    };
    eprintln!(
        "{}: class accuracy {:.3} ({} runs), gray-zone F1 {:.3}, accidental workouts flagged {}/{}",
        dir.display(),
        accuracy,
        s.runs,
        f1,
        s.accidental_found,
        s.accidental_total
    );
    for m in &s.misses {
        eprintln!("  miss: {m}");
    }
    if accuracy < 0.95 {
        problems.push(format!("{}: class accuracy {accuracy:.3}", dir.display()));
    }
    if f1 < 0.9 {
        problems.push(format!("{}: gray-zone F1 {f1:.3}", dir.display()));
    }
    if s.accidental_found * 3 < s.accidental_total * 2 {
        problems.push(format!(
            "{}: accidental workouts flagged {}/{}",
            dir.display(),
            s.accidental_found,
            s.accidental_total
        ));
    }
    problems
}

#[test]
fn labelled_seasons_with_auto_baseline() {
    let problems: Vec<String> = seasons()
        .iter()
        .flat_map(|d| check_season(d, &Profile::default()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn labelled_seasons_with_max_hr_given() {
    let mut problems = Vec::new();
    for dir in seasons() {
        // The athlete's true max HR is written beside the labels by the generator.
        let Some(max_hr) = std::fs::read_to_string(dir.join("ATHLETE.txt"))
            .ok()
            .and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("max_hr=")
                        .and_then(|v| v.trim().parse::<f64>().ok())
                })
            })
        else {
            panic!("{}: ATHLETE.txt with max_hr= is missing", dir.display());
        };
        let profile = Profile {
            max_hr: Some(Given {
                value: max_hr,
                by: "--max-hr".into(),
            }),
            ..Profile::default()
        };
        problems.extend(check_season(&dir, &profile));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The weekly split by sessions follows from the classes: with the labels' classes it must come out
/// the same as grayzone's, week by week (ISO weeks in the runner's local time).
#[test]
fn weekly_session_split_matches_the_labels() {
    for dir in seasons() {
        let labels = labels(&dir);
        let rows = judged(&dir, &Profile::default());
        let weeks = grayzone::report::weekly::weeks(&rows);
        let mut reader = csv::Reader::from_path(dir.join("LABELS.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (file, date) = (col("file"), col("date_local"));
        let mut expected: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for record in reader.records() {
            let record = record.unwrap();
            let label = &labels[&record[file]];
            // Labelled duplicates are counted once, under the file that is kept.
            if label.class.is_empty() || record.iter().any(|f| f.starts_with("duplicate_of:")) {
                continue;
            }
            let day = chrono::NaiveDate::parse_from_str(&record[date], "%Y-%m-%d").unwrap();
            let iso = chrono::Datelike::iso_week(&day);
            let week = format!("{}-W{:02}", iso.year(), iso.week());
            let entry = expected.entry(week).or_default();
            entry.0 += 1;
            entry.1 += usize::from(label.class != "hard");
        }
        let mut mismatches = Vec::new();
        for w in &weeks {
            let (runs, easy) = expected.get(&w.week).copied().unwrap_or_default();
            if runs != w.runs || easy != w.recovery_runs + w.easy_runs {
                mismatches.push(format!(
                    "{}: labels {easy}/{runs} easy, grayzone {}/{}",
                    w.week,
                    w.recovery_runs + w.easy_runs,
                    w.runs
                ));
            }
        }
        assert_eq!(weeks.len(), expected.len(), "{}: weeks", dir.display());
        assert!(mismatches.is_empty(), "{}: {mismatches:#?}", dir.display());
    }
}

#[test]
fn dropping_the_series_after_judging_changes_no_verdict() {
    // What the commands but `explain` do: the verdicts are those of a judge that kept every
    // series, and no row holds one afterwards.
    let dir = seasons().into_iter().next().expect("a season");
    let profile = Profile::default();
    let read = || read_export(std::slice::from_ref(&dir), &ReadOptions::default()).expect("ingest");
    let (kept, _) = judge_telling(read(), &profile, SeriesAfter::Kept);
    let (dropped, _) = judge_telling(read(), &profile, SeriesAfter::Dropped);
    assert_eq!(kept.len(), dropped.len());
    let mut judged = 0;
    for (k, d) in kept.iter().zip(&dropped) {
        assert_eq!(k.path, d.path);
        assert_eq!(k.judgement, d.judgement, "{}", k.path);
        judged += usize::from(k.judgement.is_some());
        let (ks, ds) = (k.summary.as_deref(), d.summary.as_deref());
        assert_eq!(ks.map(|s| s.moving_time_s), ds.map(|s| s.moving_time_s));
        assert!(ds.is_none_or(|s| s.series.is_empty()), "{}", d.path);
    }
    assert!(judged > 50, "{judged} runs judged");
    assert!(kept
        .iter()
        .filter_map(|r| r.summary.as_deref())
        .all(|s| s.moving_time_s < 10.0 || !s.series.is_empty()));
}
