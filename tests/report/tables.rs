//! The tables as their two audiences read them. A runner at a terminal gets an aligned table of
//! the columns read first; a program (a pipe, `-o`, `--format`) gets exactly the CSV or JSON.
//! An analyst loads the CSVs with pandas and DuckDB and gets the right types: UTC instants, local
//! dates, paces that are text (never a time of day), whole counts, `week` always text.
//!
//! pandas and DuckDB come from PyPI (`.ci/run` installs them); where they are missing the analysts'
//! test says so and skips, except under `GRAYZONE_REQUIRE_PANDAS_DUCKDB=1` (CI), where it fails.

use std::collections::BTreeMap;
use std::process::Command;

use crate::cli::{csv_rows, grayzone};

fn stdout(args: &[&str]) -> String {
    let out = grayzone(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The start column of each heading in a table's first line.
fn column_starts(header: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in header.split("  ") {
        let trimmed = part.trim_start();
        if !trimmed.is_empty() {
            let start = at + (part.len() - trimmed.len());
            out.push((trimmed.to_string(), start));
        }
        at += part.len() + 2;
    }
    out
}

#[test]
fn weekly_as_a_table_holds_the_csv_s_figures_in_aligned_columns() {
    let csv = csv_rows(stdout(&["weekly", "-q", "fixtures/seasons/fail"]).as_bytes());
    let text = stdout(&["weekly", "-q", "--format", "table", "fixtures/seasons/fail"]);
    let lines: Vec<&str> = text.lines().collect();
    // The table, then its answer under a blank line.
    assert_eq!(lines.len(), 2 + csv.len() + 3, "{text}");
    let meeting = |column: &str| {
        csv.iter()
            .filter(|w| w[column].parse::<f64>().unwrap() >= 80.0)
            .count()
    };
    assert_eq!(lines[2 + csv.len()], "");
    assert_eq!(
        lines[3 + csv.len()],
        format!(
            "{} of {} weeks had at least 80 % of their moving time low; {} of {} by easy runs.",
            meeting("low_pct"),
            csv.len(),
            meeting("easy_sessions_pct"),
            csv.len()
        )
    );
    let lines = &lines[..2 + csv.len()];
    assert!(lines[1].starts_with("--------  ----------  ----"), "{text}");
    let heads = column_starts(lines[0]);
    let names: Vec<&str> = heads.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "week",
            "from",
            "runs",
            "moving",
            "km",
            "low %",
            "moderate %",
            "high %",
            "easy runs %",
            "gray zone",
            "flags"
        ]
    );
    // Right-aligned numbers end under the end of their heading; the rule is as wide.
    let runs_end = heads[2].1 + "runs".len();
    let low_end = heads[5].1 + "low %".len();
    for (line, week) in lines[2..].iter().zip(&csv) {
        assert!(line.starts_with(&format!("{}  {}", week["week"], week["week_start"])));
        assert_eq!(line[..runs_end].trim_end(), line[..runs_end].to_string());
        assert_eq!(
            line[..runs_end].rsplit(' ').next().unwrap(),
            week["runs"],
            "{line}"
        );
        assert_eq!(
            line[..low_end].rsplit(' ').next().unwrap(),
            format!("{:.1}", week["low_pct"].parse::<f64>().unwrap()),
            "{line}"
        );
        // The flags in words, in the CSV's order.
        let words: Vec<&str> = week["flags"]
            .split(';')
            .filter(|f| !f.is_empty())
            .map(|f| match f {
                "below_80_20" => "low < 80 %",
                "below_80_20_sessions" => "easy runs < 80 %",
                "gray_zone_heavy" => "gray-heavy",
                "hard_days_back_to_back" => "hard days back to back",
                "accidental_workout" => "accidental workout",
                "no_recovery_run" => "no recovery run",
                other => panic!("a flag this test does not know: {other}"),
            })
            .collect();
        assert!(line.ends_with(&words.join(", ")), "{line}");
    }
}

#[test]
fn activities_as_a_table_leads_with_what_a_runner_reads_first() {
    let csv = csv_rows(stdout(&["activities", "-q", "fixtures/files"]).as_bytes());
    let text = stdout(&["activities", "-q", "--format", "table", "fixtures/files"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + csv.len());
    let names: Vec<String> = column_starts(lines[0])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "date",
            "file",
            "class",
            "gray zone",
            "moving",
            "km",
            "pace /km",
            "avg HR",
            "reason"
        ]
    );
    for (line, row) in lines[2..].iter().zip(&csv) {
        match row["status"].as_str() {
            "ok" => {
                assert!(line.contains(&format!("  {}  ", row["class"])), "{line}");
                assert!(line.ends_with(row["reason"].as_str()), "{line}");
                // The pace as a runner writes it, without the unit the heading carries.
                let pace = row["avg_pace_per_km"].trim_end_matches("/km");
                assert!(line.contains(&format!(" {pace} ")), "{line} / {pace}");
            }
            "error" => {
                assert!(line.contains("unreadable"), "{line}");
                assert!(line.ends_with(row["error"].as_str()), "{line}");
            }
            _ => {}
        }
        if !row["start_time"].is_empty() {
            assert!(line.starts_with(&row["start_time"][..10]), "{line}");
        }
    }
    // With imperial units the distance and pace follow.
    let miles = stdout(&[
        "activities",
        "-q",
        "--format",
        "table",
        "--units",
        "imperial",
        "fixtures/files/run.tcx",
    ]);
    assert!(
        miles.lines().next().unwrap().contains("  mi  pace /mi  "),
        "{miles}"
    );
    // …and so do the reasons beside them (review 37 §1.3: "s/km … (5:56/km)" under miles).
    let export = stdout(&[
        "activities",
        "-q",
        "--format",
        "table",
        "--units",
        "imperial",
        "fixtures/sample-export",
    ]);
    let reasons: Vec<&str> = export
        .lines()
        .filter(|l| l.contains("easy pace ("))
        .collect();
    assert!(!reasons.is_empty(), "{export}");
    for line in reasons {
        assert!(line.contains("/mi)") && !line.contains("/km"), "{line}");
    }
}

#[test]
fn piped_or_written_the_tables_are_the_csv_they_always_were() {
    for command in ["activities", "weekly", "baseline"] {
        let piped = stdout(&[command, "-q", "fixtures/seasons/fail"]);
        let asked = stdout(&[command, "-q", "--format", "csv", "fixtures/seasons/fail"]);
        assert_eq!(piped, asked, "{command}");
        assert!(piped.starts_with(if command == "activities" {
            "path,"
        } else {
            "week,"
        }));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.csv");
        stdout(&[
            command,
            "-q",
            "fixtures/seasons/fail",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), piped, "{command}");
        // A file named .json or .jsonl is written as its name says, as --format would (newcomer
        // 37 N5: `-o weeks.json`, a name grayzone suggests, held CSV).
        for (name, format) in [("t.json", "json"), ("t.JSONL", "jsonl")] {
            let file = dir.path().join(name);
            let path = file.to_str().unwrap();
            stdout(&[command, "-q", "fixtures/seasons/fail", "-o", path]);
            let asked = stdout(&[command, "-q", "--format", format, "fixtures/seasons/fail"]);
            assert_eq!(
                std::fs::read_to_string(&file).unwrap(),
                asked,
                "{command} {name}"
            );
        }
    }
}

/// `script` runs a command under a pseudo-terminal, as a person's shell would.
fn in_a_terminal(command: &str) -> Option<String> {
    let script = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("script"))
            .find(|p| p.is_file())
    });
    let Some(script) = script else {
        static SAID: std::sync::Once = std::sync::Once::new();
        crate::cli::note(
            &SAID,
            "the terminal-table test skips here: no `script` (util-linux) to give it a terminal",
        );
        return None;
    };
    let out = Command::new(script)
        .args(["-qec", command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"))
}

#[test]
fn in_a_terminal_the_table_is_the_default_and_fits_its_width() {
    let bin = env!("CARGO_BIN_EXE_grayzone");
    let Some(text) = in_a_terminal(&format!(
        "stty rows 50 cols 140; {bin} activities -q fixtures/seasons/fail"
    )) else {
        return;
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("date "), "{text}");
    assert!(!text.contains("path,status"), "{text}");
    // 38 runs, a ride and the heading lines, each cut to the terminal's 140 columns, then where
    // the cut reasons are whole.
    assert_eq!(lines.len(), 42, "{text}");
    assert!(lines.iter().all(|l| l.chars().count() <= 140), "{text}");
    assert!(lines.iter().any(|l| l.ends_with('…')), "{text}");
    assert!(lines[41].starts_with("Reasons cut to fit: "), "{text}");
    // -o in a terminal still writes the CSV.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.csv");
    in_a_terminal(&format!(
        "{bin} weekly -q fixtures/seasons/fail -o {}",
        file.display()
    ));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("week,runs,"));
}

/// Reads each CSV with pandas and with DuckDB's sniffer, and reports the types and the values
/// to check, as JSON.
const ANALYST: &str = r#"
import json, sys
import duckdb
import pandas as pd
from pandas.api import types as t

def kind(series):
    if t.is_bool_dtype(series): return "bool"
    if t.is_integer_dtype(series): return "int"
    if t.is_float_dtype(series): return "float"
    if t.is_datetime64_any_dtype(series): return "datetime"
    if t.is_string_dtype(series) or t.is_object_dtype(series): return "text"
    return str(series.dtype)

report = {}
for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
    frame = pd.read_csv(path)
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{path}')")
    entry = {
        "rows": len(frame),
        "pandas": {c: kind(frame[c]) for c in frame.columns},
        "duckdb": dict(zip(rel.columns, [str(x) for x in rel.types])),
    }
    if name == "activities":
        runs = frame[frame.status == "ok"]
        # One UTC instant per run, whatever offsets the export mixes; the same instant as the
        # local start with its offset.
        utc = pd.to_datetime(frame.start_time_utc.dropna())
        local = pd.to_datetime(frame.start_time.dropna(), utc=True, format="ISO8601")
        entry["utc_matches_local"] = bool((utc.values == local.values).all())
        entry["offsets"] = sorted(set(frame.start_time.dropna().str[-6:]))
        entry["local_date_is_start_date"] = bool(
            (frame.local_date.dropna() == frame.start_time.dropna().str[:10]).all())
        entry["laps_total"] = int(frame.laps.sum())
        entry["error_rows"] = int((frame.status == "error").sum())
        paces = runs.dropna(subset=["avg_pace_s_per_km"])
        # The text is the pace to the second, the number to a tenth: they agree within 0.55 s.
        def seconds(text, unit):
            clock = text.removesuffix("/" + unit)
            return sum(float(part) * 60 ** i for i, part in enumerate(reversed(clock.split(":"))))
        entry["pace_texts_agree"] = bool(all(
            text.endswith("/km") and abs(seconds(text, "km") - s) <= 0.55
            for s, text in zip(paces.avg_pace_s_per_km, paces.avg_pace_per_km)))
        entry["pace_text_sample"] = str(paces.avg_pace_per_km.iloc[0])
        db = duckdb.sql(f"SELECT local_time, start_time_utc, avg_pace_per_km FROM read_csv_auto('{path}') WHERE status = 'ok' LIMIT 1").fetchall()[0]
        entry["duckdb_first_run"] = [str(x) for x in db]
    report[name] = entry
print(json.dumps(report))
"#;

fn python() -> String {
    std::env::var("GRAYZONE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Whether pandas and DuckDB can be imported; if not, says so once on the terminal (not through
/// the captured `eprintln!`), or fails where CI requires them.
fn pandas_and_duckdb() -> bool {
    let ok = Command::new(python())
        .args(["-c", "import pandas, duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("GRAYZONE_REQUIRE_PANDAS_DUCKDB").is_none(),
            "GRAYZONE_REQUIRE_PANDAS_DUCKDB is set but `{} -c 'import pandas, duckdb'` fails (pip install pandas duckdb)",
            python()
        );
        static SAID: std::sync::Once = std::sync::Once::new();
        crate::cli::note(
            &SAID,
            "the pandas/DuckDB test of the CSV tables skips here: `pip install pandas duckdb` to run it, in an active virtual environment or with GRAYZONE_PYTHON naming its python (CI does)",
        );
    }
    ok
}

#[test]
fn pandas_and_duckdb_read_every_table_with_the_right_types() {
    if !pandas_and_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Runs from two continents and three offsets, unreadable files and multi-session files.
    let inputs = [
        "fixtures/files",
        "fixtures/sample-export",
        "fixtures/seasons/fail",
    ];
    let mut tables = Vec::new();
    for (name, command, extra) in [
        ("activities", "activities", &[][..]),
        ("weekly", "weekly", &[][..]),
        ("weekly_sunday", "weekly", &["--week-start", "sunday"][..]),
        ("baseline", "baseline", &[][..]),
        (
            "baseline_sunday",
            "baseline",
            &["--week-start", "sunday"][..],
        ),
    ] {
        let path = dir.path().join(format!("{name}.csv"));
        let args: Vec<&str> = [command, "-q", "-o", path.to_str().unwrap()]
            .into_iter()
            .chain(inputs)
            .chain(extra.iter().copied())
            .collect();
        stdout(&args);
        tables.push((name.to_string(), path));
    }
    let mut command = Command::new(python());
    command.args(["-c", ANALYST]);
    for (name, path) in &tables {
        command.arg(name).arg(path);
    }
    let out = command.output().expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let types = |table: &str, reader: &str| -> BTreeMap<String, String> {
        report[table][reader]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect()
    };

    let a = &report["activities"];
    let pandas = types("activities", "pandas");
    let duck = types("activities", "duckdb");
    // Unreadable rows are there, and the counts stay whole numbers in spite of them.
    assert!(a["error_rows"].as_u64().unwrap() >= 3);
    for count in ["laps", "stops", "timer_pauses"] {
        assert_eq!(pandas[count], "int", "pandas {count}");
        assert_eq!(duck[count], "BIGINT", "duckdb {count}");
    }
    let rows = csv_rows(&std::fs::read(&tables[0].1).unwrap());
    let laps: u64 = rows.iter().map(|r| r["laps"].parse::<u64>().unwrap()).sum();
    assert_eq!(a["laps_total"].as_u64(), Some(laps));
    // The export mixes offsets, which no single datetime type holds: start_time_utc does.
    assert!(
        a["offsets"].as_array().unwrap().len() >= 3,
        "{}",
        a["offsets"]
    );
    assert_eq!(a["utc_matches_local"], true);
    assert_eq!(duck["start_time_utc"], "TIMESTAMP WITH TIME ZONE");
    assert_eq!(duck["local_date"], "DATE");
    assert_eq!(duck["local_time"], "TIME");
    assert_eq!(a["local_date_is_start_date"], true);
    // Paces are text with their unit, beside their numbers.
    for pace in [
        "avg_pace_per_km",
        "avg_pace_per_mi",
        "easy_pace_used_per_km",
        "easy_pace_used_per_mi",
    ] {
        assert_eq!(duck[pace], "VARCHAR", "duckdb {pace}");
        assert_eq!(pandas[pace], "text", "pandas {pace}");
    }
    for number in [
        "avg_pace_s_per_km",
        "avg_pace_s_per_mi",
        "easy_pace_used_s_per_km",
        "easy_pace_used_s_per_mi",
        "moving_time_s",
    ] {
        assert_eq!(duck[number], "DOUBLE", "duckdb {number}");
        assert_eq!(pandas[number], "float", "pandas {number}");
    }
    assert_eq!(a["pace_texts_agree"], true);
    assert!(a["pace_text_sample"].as_str().unwrap().ends_with("/km"));
    assert_eq!(duck["gray_zone"], "BOOLEAN");
    assert_eq!(pandas["gray_zone"], "bool");
    // The first run of the export: the local hour survives, the instant is UTC.
    let first = rows.iter().find(|r| r["status"] == "ok").unwrap();
    let db = a["duckdb_first_run"].as_array().unwrap();
    assert_eq!(db[0], first["local_time"].as_str());
    assert_eq!(db[0].as_str().unwrap(), &first["start_time"][11..19]);
    assert_eq!(db[2], first["avg_pace_per_km"].as_str());

    // `week` is text whatever the week start; its first day is a date.
    for table in ["weekly", "weekly_sunday", "baseline", "baseline_sunday"] {
        let duck = types(table, "duckdb");
        let pandas = types(table, "pandas");
        assert_eq!(duck["week"], "VARCHAR", "{table}");
        assert_eq!(pandas["week"], "text", "{table}");
        assert!(report[table]["rows"].as_u64().unwrap() > 10, "{table}");
    }
    for table in ["weekly", "weekly_sunday"] {
        let duck = types(table, "duckdb");
        let pandas = types(table, "pandas");
        assert_eq!(duck["week_start"], "DATE");
        for count in [
            "runs",
            "easy_runs",
            "hard_runs",
            "gray_zone_runs",
            "run_days",
        ] {
            assert_eq!(duck[count], "BIGINT", "{table} {count}");
            assert_eq!(pandas[count], "int", "{table} {count}");
        }
    }
    for table in ["baseline", "baseline_sunday"] {
        let duck = types(table, "duckdb");
        assert_eq!(duck["date"], "DATE");
        for pace in [
            "easy_pace_per_km",
            "threshold_pace_per_km",
            "easy_pace_per_mi",
            "threshold_pace_per_mi",
        ] {
            assert_eq!(duck[pace], "VARCHAR", "{table} {pace}");
        }
        assert_eq!(duck["easy_pace_s_per_km"], "DOUBLE");
    }
}
