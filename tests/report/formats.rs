//! Output formats and units: JSON and JSON lines carry the CSV's fields and values for every table,
//! the imperial columns agree with the SI ones, and `--units` changes human output only.

use std::collections::BTreeMap;
use std::process::{Command, Output};

fn grayzone(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run grayzone");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

type Row = BTreeMap<String, String>;

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Row>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (headers, rows)
}

/// A JSON value as the CSV writes it.
fn as_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn assert_formats_agree(command: &str, input: &str) -> Vec<Row> {
    let (headers, rows) = csv_rows(&grayzone(&[command, "-q", input]).stdout);
    assert!(!rows.is_empty(), "{command} {input}: no rows");
    let json: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&grayzone(&[command, "-q", "--format", "json", input]).stdout)
            .expect("json");
    let jsonl_out = grayzone(&[command, "-q", "--format", "jsonl", input]).stdout;
    let jsonl: Vec<serde_json::Map<String, serde_json::Value>> = String::from_utf8(jsonl_out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object per line"))
        .collect();
    assert_eq!(json.len(), rows.len(), "{command}");
    assert_eq!(jsonl, json, "{command}: jsonl and json differ");
    for (csv_row, object) in rows.iter().zip(&json) {
        // Same fields, in the same order.
        let keys: Vec<&String> = object.keys().collect();
        let mut sorted_headers: Vec<&String> = headers.iter().collect();
        sorted_headers.sort();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort();
        assert_eq!(sorted_keys, sorted_headers, "{command}");
        for (field, cell) in csv_row {
            let json_cell = as_cell(&object[field]);
            match (cell.parse::<f64>(), json_cell.parse::<f64>()) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{command} {field}"),
                _ => assert_eq!(cell, &json_cell, "{command} {field}"),
            }
        }
    }
    rows
}

fn num(row: &Row, k: &str) -> f64 {
    row[k]
        .parse()
        .unwrap_or_else(|_| panic!("{k} = '{}'", row[k]))
}

#[test]
fn weekly_json_and_csv_agree_field_for_field() {
    for input in ["fixtures/sample-export", "fixtures/seasons/fail"] {
        let rows = assert_formats_agree("weekly", input);
        for r in &rows {
            // Both rounded from the same distance: to the metre, and to 0.01 mile.
            assert!((num(r, "distance_mi") - num(r, "distance_m") / 1609.344).abs() <= 0.0055);
        }
    }
    let rows = assert_formats_agree("weekly", "fixtures/seasons/fail");
    assert_eq!(rows.len(), 6);
    // 2024-W14 of the fail season: 50 082 m is 31.12 miles.
    assert_eq!(rows[0]["week"], "2024-W14");
    assert_eq!(num(&rows[0], "distance_m"), 50_082.0);
    assert_eq!(num(&rows[0], "distance_mi"), 31.12);
}

#[test]
fn baseline_json_and_csv_agree_field_for_field() {
    for input in ["fixtures/sample-export", "fixtures/seasons/pass"] {
        let rows = assert_formats_agree("baseline", input);
        for r in &rows {
            for pace in ["easy_pace", "threshold_pace"] {
                let per_km = num(r, &format!("{pace}_s_per_km"));
                let per_mi = num(r, &format!("{pace}_s_per_mi"));
                // Both are rounded to the second from the same figure (so half a second per km
                // becomes 0.8 s per mile).
                assert!(
                    (per_mi - per_km * 1.609344).abs() <= 1.31,
                    "{pace}: {per_km} {per_mi}"
                );
                // `9:07/mi`: the unit is part of the text.
                let text = &r[&format!("{pace}_per_mi")];
                let clock = text.strip_suffix("/mi").unwrap_or_else(|| panic!("{text}"));
                let (m, s) = clock.split_once(':').unwrap();
                let seconds = m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap();
                assert!((seconds - per_mi).abs() <= 1.0, "{clock} vs {per_mi}");
            }
        }
    }
}

#[test]
fn activities_json_and_csv_agree_and_imperial_columns_match() {
    let rows = assert_formats_agree("activities", "fixtures/seasons/fail");
    let runs: Vec<&Row> = rows.iter().filter(|r| r["status"] == "ok").collect();
    assert_eq!(runs.len(), 38);
    for r in runs {
        assert!((num(r, "distance_mi") - num(r, "distance_m") / 1609.344).abs() <= 0.0055);
        let per_km = num(r, "avg_pace_s_per_km");
        let per_mi = num(r, "avg_pace_s_per_mi");
        assert!(
            (per_mi - per_km * 1.609344).abs() <= 0.2,
            "{per_km} {per_mi}"
        );
        assert!(r["easy_pace_used_per_mi"].ends_with("/mi"));
        assert!(r["avg_pace_per_km"].ends_with("/km") && r["avg_pace_per_mi"].ends_with("/mi"));
        // The numeric twin of the easy pace is the text's figure.
        let easy = num(r, "easy_pace_used_s_per_km").round() as u64;
        assert_eq!(
            r["easy_pace_used_per_km"],
            format!("{}:{:02}/km", easy / 60, easy % 60)
        );
    }
}

#[test]
fn units_change_human_output_but_never_the_tables() {
    let metric = grayzone(&["weekly", "-q", "fixtures/seasons/fail"]).stdout;
    let imperial = grayzone(&[
        "weekly",
        "-q",
        "--units",
        "imperial",
        "fixtures/seasons/fail",
    ])
    .stdout;
    assert_eq!(metric, imperial);

    let (_, weeks) = csv_rows(&metric);
    let summary = String::from_utf8(
        grayzone(&[
            "summary",
            "-q",
            "--units",
            "imperial",
            "fixtures/seasons/fail",
        ])
        .stdout,
    )
    .unwrap();
    let header = summary.lines().find(|l| l.starts_with("week ")).unwrap();
    assert!(header.split_whitespace().any(|w| w == "mi"), "{header}");
    for week in &weeks {
        let line = summary
            .lines()
            .find(|l| l.starts_with(week["week"].as_str()))
            .unwrap();
        let miles = format!("{:.1}", num(week, "distance_m") / 1609.344);
        assert_eq!(
            line.split_whitespace().nth(3),
            Some(miles.as_str()),
            "{line}"
        );
    }

    // Explain in miles: not a kilometre left, the classifier's reason included.
    let explain = String::from_utf8(
        grayzone(&[
            "explain",
            "-q",
            "--units",
            "imperial",
            "fixtures/seasons/fail/2024-04-15-06-57-08.fit",
            "fixtures/seasons/fail",
        ])
        .stdout,
    )
    .unwrap();
    assert!(!explain.contains("km"), "{explain}");
    assert!(
        explain.contains("/mi") && explain.contains(" mi · "),
        "{explain}"
    );

    // The chart's subtitle: the season's 302.6 km as miles.
    let chart = String::from_utf8(
        grayzone(&[
            "chart",
            "-q",
            "--units",
            "imperial",
            "fixtures/seasons/fail",
        ])
        .stdout,
    )
    .unwrap();
    let total_m: f64 = weeks.iter().map(|w| num(w, "distance_m")).sum();
    assert!(chart.contains(&format!("38 runs, {:.1} mi", total_m / 1609.344)));
}

#[test]
fn the_profile_sets_units_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("me.toml");
    std::fs::write(&profile, "units = \"imperial\"\n").unwrap();
    let profile = profile.to_str().unwrap();
    let header = |extra: &[&str]| {
        let mut args = vec![
            "summary",
            "-q",
            "--profile",
            profile,
            "fixtures/seasons/fail",
        ];
        args.extend_from_slice(extra);
        let text = String::from_utf8(grayzone(&args).stdout).unwrap();
        text.lines()
            .find(|l| l.starts_with("week "))
            .unwrap()
            .split_whitespace()
            .nth(3)
            .unwrap()
            .to_string()
    };
    assert_eq!(header(&[]), "mi");
    assert_eq!(header(&["--units", "metric"]), "km");
}
