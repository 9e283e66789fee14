//! `--week-start sunday` / `week_start = "sunday"`: every weekly output moves its weeks together —
//! the weekly table (CSV and JSON), `check --since/--last`, `summary`, `baseline`, the HTML report
//! — and Monday stays the default.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::cli;
use cli::{csv_rows, grayzone};

const FAIL: &str = "fixtures/seasons/fail";

fn ok(args: &[&str]) -> String {
    let out = grayzone(args);
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// (week, week_start, runs) of each row of `grayzone weekly`.
fn weeks(extra: &[&str]) -> Vec<(String, String, usize)> {
    csv_rows(ok(&[&["weekly", "-q", FAIL], extra].concat()).as_bytes())
        .iter()
        .map(|w| {
            (
                w["week"].clone(),
                w["week_start"].clone(),
                w["runs"].parse().expect("runs"),
            )
        })
        .collect()
}

/// Runs per week counted straight from `grayzone activities` (judged runs by local start date),
/// for weeks that start on `first_weekday` (0 = Monday … 6 = Sunday).
fn runs_by_week(first_weekday: u32) -> BTreeMap<NaiveDate, usize> {
    let mut out = BTreeMap::new();
    for row in csv_rows(ok(&["activities", "-q", FAIL]).as_bytes()) {
        if row["status"] != "ok" || row["class"].is_empty() {
            continue;
        }
        let day = NaiveDate::parse_from_str(&row["start_time"][..10], "%Y-%m-%d").expect("date");
        let back = (day.weekday().num_days_from_monday() + 7 - first_weekday) % 7;
        *out.entry(day - Duration::days(i64::from(back)))
            .or_default() += 1;
    }
    out
}

#[test]
fn a_sunday_run_changes_week_with_the_week_start() {
    let monday = weeks(&[]);
    let sunday = weeks(&["--week-start", "sunday"]);
    assert_eq!(
        monday
            .iter()
            .map(|w| (w.0.as_str(), w.2))
            .collect::<Vec<_>>(),
        [
            ("2024-W14", 6),
            ("2024-W15", 6),
            ("2024-W16", 6),
            ("2024-W17", 7),
            ("2024-W18", 7),
            ("2024-W19", 6)
        ]
    );
    // Sunday weeks are named by their Sunday (`Sun 2024-03-31`, text in every table reader),
    // and `week_start` is that date.
    assert_eq!(
        sunday
            .iter()
            .map(|w| (w.0.as_str(), w.2))
            .collect::<Vec<_>>(),
        [
            ("Sun 2024-03-31", 5),
            ("Sun 2024-04-07", 7),
            ("Sun 2024-04-14", 5),
            ("Sun 2024-04-21", 7),
            ("Sun 2024-04-28", 7),
            ("Sun 2024-05-05", 6),
            ("Sun 2024-05-12", 1)
        ]
    );
    assert!(sunday.iter().all(|w| w.0 == format!("Sun {}", w.1)));
    // Sunday 7 April's run closes ISO week 14 but opens the Sunday week of 7 April.
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
    let activities = csv_rows(ok(&["activities", "-q", FAIL]).as_bytes());
    let on_7_april = activities
        .iter()
        .filter(|r| !r["class"].is_empty() && r["start_time"].starts_with("2024-04-07"))
        .count();
    assert_eq!(on_7_april, 1);
    // The same counts, from the activities table by local date.
    for (start, table) in [(0, &monday), (6, &sunday)] {
        let counted = runs_by_week(start);
        let reported: BTreeMap<NaiveDate, usize> = table.iter().map(|w| (day(&w.1), w.2)).collect();
        assert_eq!(reported, counted, "weeks from weekday {start}");
    }
}

#[test]
fn check_since_and_last_follow_the_week_start() {
    let missed = |extra: &[&str]| -> Vec<String> {
        ok(&[&["check", "-q", FAIL], extra].concat())
            .lines()
            .filter_map(|l| l.strip_prefix("MISS "))
            .map(|l| l.split(':').next().unwrap_or("").to_string())
            .collect()
    };
    // Sunday 21 April: the ISO week holding it began on the 15th; the Sunday week begins on it.
    assert_eq!(
        missed(&["--since", "2024-04-21"]),
        [
            "2024-W16 (2024-04-15)",
            "2024-W17 (2024-04-22)",
            "2024-W18 (2024-04-29)",
            "2024-W19 (2024-05-06)"
        ]
    );
    assert_eq!(
        missed(&["--since", "2024-04-21", "--week-start", "sunday"]),
        [
            "week of Sunday 2024-04-21",
            "week of Sunday 2024-04-28",
            "week of Sunday 2024-05-05",
            "week of Sunday 2024-05-12"
        ]
    );
    // Saturday 20 April is still in the Sunday week of the 14th.
    assert_eq!(
        missed(&["--since", "2024-04-20", "--week-start", "sunday"])[0],
        "week of Sunday 2024-04-14"
    );
    assert_eq!(
        missed(&["--last", "2", "--week-start", "sunday"]),
        ["week of Sunday 2024-05-05", "week of Sunday 2024-05-12"]
    );
    let tally = ok(&["check", "-q", FAIL, "--week-start", "sunday"]);
    assert!(
        tally.ends_with("0 of 7 weeks meet the 80/20 target (80 % of moving time low)\n"),
        "{tally}"
    );
}

#[test]
fn the_profile_sets_the_week_start_and_the_flag_wins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path().join("grayzone.toml");
    std::fs::write(&profile, "week_start = \"sunday\"\n").expect("write profile");
    let profile = profile.to_str().expect("UTF-8 path");
    let by_file = weeks(&["--profile", profile]);
    assert_eq!(
        by_file.first().map(|w| w.0.as_str()),
        Some("Sun 2024-03-31")
    );
    let flag_wins = weeks(&["--profile", profile, "--week-start", "monday"]);
    assert_eq!(flag_wins, weeks(&[]));
}

#[test]
fn json_summary_baseline_and_report_use_the_same_sunday_weeks() {
    let sunday = ["--week-start", "sunday"];
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        &["weekly", "-q", FAIL, "--format", "json"][..],
        &sunday,
    ]
    .concat()))
    .expect("JSON");
    let labels: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|w| w["week"].as_str())
        .collect();
    let csv: Vec<String> = weeks(&sunday).into_iter().map(|w| w.0).collect();
    assert_eq!(labels, csv);

    // The summary's week column widens for the Sunday labels; its last row is the lone run of
    // Sunday 12 May.
    let summary = ok(&[&["summary", "-q", FAIL, "--weeks", "2"][..], &sunday].concat());
    let rows: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("Sun 2024-"))
        .collect();
    assert_eq!(rows.len(), 2, "{summary}");
    assert!(rows[0].starts_with("Sun 2024-05-05    6 "), "{summary}");
    assert!(rows[1].starts_with("Sun 2024-05-12    1 "), "{summary}");

    // The baseline is listed per Sunday week, dated by each week's first run on or after it.
    let baseline = csv_rows(ok(&[&["baseline", "-q", FAIL][..], &sunday].concat()).as_bytes());
    let weeks_and_dates: Vec<(&str, &str)> = baseline
        .iter()
        .map(|b| (b["week"].as_str(), b["date"].as_str()))
        .collect();
    assert_eq!(weeks_and_dates[0], ("Sun 2024-03-31", "2024-04-01"));
    assert_eq!(weeks_and_dates.len(), 7);

    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    ok(&[
        &["weekly", "-q", FAIL, "--html", page.to_str().expect("path")][..],
        &sunday,
    ]
    .concat());
    let page = std::fs::read_to_string(&page).expect("report");
    assert!(page.contains("<th class=\"text\">Sunday</th>"));
    for label in &csv {
        assert!(
            page.contains(&format!("<tr data-week=\"{label}\">")),
            "{label}"
        );
    }
    assert!(page.contains("week, from its Sunday (your local time)"));
    assert!(!page.contains("2024-W"));
}
