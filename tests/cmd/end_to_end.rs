//! The command line, end to end, on the project's own fixtures: rows, statuses, exit codes,
//! determinism across thread counts and input order, CSV and JSON agreeing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::cli;
use cli::{csv_rows, grayzone};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn row<'a>(rows: &'a [BTreeMap<String, String>], path_end: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["path"].ends_with(path_end))
        .unwrap_or_else(|| panic!("no row for {path_end}"))
}

#[test]
fn activities_gives_one_row_per_file_with_the_contract_columns() {
    let out = grayzone(&["activities", "fixtures/files"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(header.starts_with(
        "path,status,error,sport,start_time,moving_time_s,elapsed_time_s,distance_m,avg_hr,max_hr,class,gray_zone,flags"
    ));
    let rows = csv_rows(&out.stdout);

    // Every activity file on disk gives at least one row (zips give one per member).
    let mut on_disk = 0;
    for entry in std::fs::read_dir(fixtures().join("files")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            on_disk += std::fs::read_dir(&p).unwrap().count();
        } else if grayzone::ingest::discover::kind_of(&p.to_string_lossy())
            .is_some_and(|k| k != grayzone::ingest::discover::Kind::Zip)
        {
            on_disk += 1;
        }
    }
    let plain_rows = rows
        .iter()
        .filter(|r| !r["path"].contains('!'))
        .map(|r| r["path"].split('#').next().unwrap_or("").to_string())
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(plain_rows.len(), on_disk);

    assert_eq!(row(&rows, "empty.fit")["status"], "error");
    assert_eq!(row(&rows, "empty.fit")["error"], "empty file (0 bytes)");
    assert_eq!(row(&rows, "garbage.fit")["status"], "error");
    assert_eq!(row(&rows, "not_xml.gpx")["status"], "error");
    assert_eq!(row(&rows, "settings.fit")["status"], "not_run");
    assert_eq!(row(&rows, "ride.fit")["status"], "not_run");
    assert_eq!(row(&rows, "ride.fit")["sport"], "cycling");
    assert_eq!(row(&rows, "treadmill.fit")["sport"], "treadmill_running");
    assert_eq!(row(&rows, "treadmill.fit")["status"], "ok");
    assert_eq!(row(&rows, "multisport.fit#1")["sport"], "running");
    assert_eq!(row(&rows, "multisport.fit#2")["sport"], "cycling");
    assert_eq!(row(&rows, "two_activities.tcx#2")["status"], "ok");
    assert!(row(&rows, "truncated.fit")["quality"].contains("truncated"));
    assert!(row(&rows, "bad_crc.fit")["quality"].contains("crc_mismatch"));

    let dup = row(&rows, "duplicate_pair/run.gpx");
    assert_eq!(dup["status"], "duplicate");
    assert!(
        dup["note"].contains("duplicate_pair/run.fit"),
        "{}",
        dup["note"]
    );
    assert_eq!(row(&rows, "duplicate_pair/run.fit")["status"], "ok");
    assert_eq!(row(&rows, "two_runs_same_day/morning.fit")["status"], "ok");
    assert_eq!(row(&rows, "two_runs_same_day/evening.fit")["status"], "ok");

    // Zip members are named through the archive, nested zips through both.
    assert!(rows
        .iter()
        .any(|r| r["path"].contains("strava_export.zip!activities/")
            && r["path"].ends_with(".fit.gz")));
    assert!(rows.iter().any(|r| r["path"].contains(
        "garmin_export.zip!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!"
    )));
    assert!(!rows
        .iter()
        .any(|r| r["path"].ends_with(".csv") || r["path"].ends_with(".json")));

    // Runs have a class; the rest do not.
    for r in &rows {
        match r["status"].as_str() {
            "ok" => assert!(
                ["recovery", "easy", "hard"].contains(&r["class"].as_str()),
                "{:?}",
                r
            ),
            _ => assert_eq!(r["class"], "", "{:?}", r),
        }
    }
    // Local time with the offset the FIT file states.
    assert_eq!(
        row(&rows, "run_1s_hr.fit")["start_time"],
        "2024-03-04T07:30:00+01:00"
    );
    assert_eq!(row(&rows, "run_1s_hr.fit")["tz_source"], "file");
}

#[test]
fn output_is_identical_at_any_thread_count_and_input_order() {
    let one = grayzone(&["activities", "-j", "1", "fixtures/files"]);
    let two = grayzone(&["activities", "-j", "2", "fixtures/files"]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, two.stdout);
    let mut paths: Vec<String> = std::fs::read_dir(fixtures().join("files"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| !p.ends_with(".md"))
        .collect();
    paths.sort();
    paths.reverse();
    let mut args = vec!["activities", "-j", "2"];
    args.extend(paths.iter().map(String::as_str));
    let reversed = grayzone(&args);
    // Same rows; only the displayed paths differ in prefix, so compare without it.
    let strip = |o: &Output| {
        String::from_utf8_lossy(&o.stdout).replace(
            &format!("{}/", fixtures().join("files").display()),
            "fixtures/files/",
        )
    };
    assert_eq!(strip(&reversed), strip(&one));
}

#[test]
fn json_has_the_same_fields_and_values_as_csv() {
    let csv_out = grayzone(&["activities", "fixtures/files"]);
    let json_out = grayzone(&["activities", "--format", "json", "fixtures/files"]);
    assert_eq!(json_out.status.code(), Some(0));
    let rows = csv_rows(&csv_out.stdout);
    let json: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json_out.stdout).expect("json");
    assert_eq!(rows.len(), json.len());
    for (c, j) in rows.iter().zip(&json) {
        assert_eq!(c.keys().collect::<Vec<_>>(), {
            let mut k: Vec<&String> = j.keys().collect();
            k.sort();
            k
        });
        for (k, v) in c {
            let jv = match &j[k] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // CSV writes 1800.0 where JSON writes 1800.0 too; compare as numbers when both parse.
            match (v.parse::<f64>(), jv.parse::<f64>()) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{k}"),
                _ => assert_eq!(v, &jv, "{k}"),
            }
        }
    }
    let jsonl = grayzone(&["activities", "--format", "jsonl", "fixtures/files"]);
    assert_eq!(
        String::from_utf8_lossy(&jsonl.stdout).lines().count(),
        rows.len()
    );
}

#[test]
fn usage_errors_exit_2_with_a_message_naming_the_problem() {
    let missing = grayzone(&["activities", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("no/such/folder") && err.contains("no such file"),
        "{err}"
    );
    let bad_tz = grayzone(&["activities", "--tz", "Mars/Olympus", "fixtures/files"]);
    assert_eq!(bad_tz.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_tz.stderr).contains("Mars/Olympus"));
    let bad_flag = grayzone(&["weekly", "--bogus", "fixtures/files"]);
    assert_eq!(bad_flag.status.code(), Some(2));
    let bad_pace = grayzone(&["weekly", "--easy-pace", "fast", "fixtures/files"]);
    assert_eq!(bad_pace.status.code(), Some(2));
}

#[test]
fn tz_flag_overrides_every_file() {
    let out = grayzone(&["activities", "--tz", "America/New_York", "fixtures/files"]);
    let rows = csv_rows(&out.stdout);
    let r = row(&rows, "run_1s_hr.fit");
    // 2024-03-04T07:30+01:00 is 01:30 in New York (EST, before the March DST change).
    assert_eq!(r["start_time"], "2024-03-04T01:30:00-05:00");
    assert_eq!(r["tz_source"], "tz_flag");
}

#[test]
fn output_file_and_weekly_shares_sum_to_100() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("weeks.csv");
    let out = grayzone(&["weekly", "fixtures/files", "-o", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let rows = csv_rows(&std::fs::read(&out_path).unwrap());
    assert!(!rows.is_empty());
    for r in &rows {
        let sum: f64 = ["low_pct", "moderate_pct", "high_pct"]
            .iter()
            .map(|k| r[*k].parse::<f64>().unwrap())
            .sum();
        assert!((sum - 100.0).abs() < 1e-6, "{:?}", r);
        assert!(r["week"].contains("-W"));
    }
}

#[test]
fn check_passes_a_polarized_season_and_fails_a_gray_heavy_one() {
    let pass = grayzone(&["check", "fixtures/seasons/pass", "--min-easy", "80"]);
    assert_eq!(
        pass.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&pass.stdout)
    );
    assert!(String::from_utf8_lossy(&pass.stdout).contains("10 of 10 weeks meet"));

    let fail = grayzone(&["check", "fixtures/seasons/fail", "--min-easy", "80"]);
    assert_eq!(fail.status.code(), Some(1));
    let text = String::from_utf8_lossy(&fail.stdout);
    let misses: Vec<&str> = text.lines().filter(|l| l.starts_with("MISS ")).collect();
    assert_eq!(misses.len(), 6, "{text}");
    assert!(
        misses[0].starts_with("MISS 2024-W14 (2024-04-01)"),
        "{text}"
    );
    // The classes add up to the runs: a gray-zone run is one of the hard ones.
    assert!(
        misses[0].ends_with("6 runs (1 easy, 1 recovery, 4 hard, 1 of them gray zone)"),
        "{text}"
    );

    // --last and --since select weeks; by sessions the gray-heavy season misses too.
    let last = grayzone(&["check", "fixtures/seasons/fail", "--last", "2"]);
    assert_eq!(
        String::from_utf8_lossy(&last.stdout)
            .lines()
            .filter(|l| l.starts_with("MISS"))
            .count(),
        2
    );
    let since = grayzone(&["check", "fixtures/seasons/fail", "--since", "2024-05-01"]);
    let since_text = String::from_utf8_lossy(&since.stdout);
    assert!(
        since_text.contains("2024-W18") && !since_text.contains("2024-W17"),
        "{since_text}"
    );
    let sessions = grayzone(&["check", "fixtures/seasons/fail", "--method", "sessions"]);
    assert_eq!(sessions.status.code(), Some(1));
    // A lenient target passes the same season.
    let lenient = grayzone(&["check", "fixtures/seasons/fail", "--min-easy", "30"]);
    assert_eq!(lenient.status.code(), Some(0));
    // A target of 30 % is no 80/20 (newcomer 39 N9: "meet the 80/20 target (81 % …)").
    let said = String::from_utf8_lossy(&lenient.stdout);
    assert!(
        said.contains(" the target (30 % of moving time low)") && !said.contains("80/20"),
        "{said}"
    );
    // Usage errors are 2, not 1.
    let bad = grayzone(&["check", "fixtures/seasons/fail", "--since", "May 1st"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn error_rows_are_also_one_line_on_stderr_unless_quiet() {
    let out = grayzone(&[
        "activities",
        "fixtures/files/empty.fit",
        "fixtures/files/run_1s_hr.fit",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "grayzone: fixtures/files/empty.fit: empty file (0 bytes)"
    );
    let quiet = grayzone(&["activities", "-q", "fixtures/files/empty.fit"]);
    assert!(quiet.stderr.is_empty());
}

#[test]
fn baseline_says_where_each_figure_comes_from() {
    let out = grayzone(&["baseline", "fixtures/seasons/pass", "--max-hr", "188"]);
    assert_eq!(out.status.code(), Some(0));
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 10);
    assert!(rows
        .iter()
        .all(|r| r["max_hr"] == "188.0" || r["max_hr"] == "188"));
    assert!(rows
        .iter()
        .all(|r| r["max_hr_source"] == "given (--max-hr)"));
    // Derived figures name their runs once there is history.
    assert!(
        rows[5]["easy_pace_source"].starts_with("derived from "),
        "{:?}",
        rows[5]
    );
    // The pass season's runner has an easy pace of 5:45/km: the derived one is within 15 s.
    let easy: f64 = rows[5]["easy_pace_s_per_km"].parse().unwrap();
    assert!((easy - 345.0).abs() <= 15.0, "{easy}");
    assert!(rows[0]["easy_pace_source"].starts_with("early estimate"));
}

/// A run of `minutes` north from (lat, lon), a point every 10 s, times written with `offset`
/// (`"+01:00"`), from the UTC start `start` (`2024-07-10T16:00:00`).
fn gpx_with_offset(start: &str, offset: &str, lat: f64, lon: f64, minutes: usize) -> String {
    let t0 = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M:%S")
        .unwrap()
        .and_utc();
    let shift = chrono::FixedOffset::east_opt(
        offset[1..3].parse::<i32>().unwrap() * 3600 * if offset.starts_with('-') { -1 } else { 1 },
    )
    .unwrap();
    let points: String = (0..minutes * 6)
        .map(|i| {
            let t = (t0 + chrono::Duration::seconds(10 * i as i64)).with_timezone(&shift);
            format!(
                r#"<trkpt lat="{:.6}" lon="{lon:.6}"><time>{}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>"#,
                lat + i as f64 * 30.0 / 111_132.0,
                t.format("%Y-%m-%dT%H:%M:%S%:z")
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Polar Flow" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"#
    )
}

#[test]
fn summer_time_an_exporter_left_out_gives_way_to_the_place_and_other_offsets_stand() {
    let dir = tempfile::tempdir().unwrap();
    // Polar's mistake: Kraków in July written at +01:00, its winter offset.
    let polar = dir.path().join("krakow.gpx");
    std::fs::write(
        &polar,
        gpx_with_offset("2024-07-10T21:30:00", "+01:00", 50.06, 19.94, 40),
    )
    .unwrap();
    // A Spanish phone's +02:00 on the Portuguese side of the Minho: no mistake of Portugal's
    // seasons (+00:00 / +01:00), so the file's offset stands.
    let border = dir.path().join("valenca.gpx");
    std::fs::write(
        &border,
        gpx_with_offset("2024-07-10T06:00:00", "+02:00", 42.02, -8.645, 40),
    )
    .unwrap();
    let out = grayzone(&["activities", "-q", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let rows = csv_rows(&out.stdout);
    let krakow = row(&rows, "krakow.gpx");
    // 21:30 UTC is 23:30 in Kraków: still the 10th, where +01:00 made it 22:30.
    assert_eq!(krakow["start_time"], "2024-07-10T23:30:00+02:00");
    assert_eq!(krakow["tz_source"], "gps_timezone");
    assert!(
        krakow["quality"].contains("tz_offset_disagrees"),
        "{krakow:?}"
    );
    assert!(
        krakow["quality_detail"].contains("2024-07-10T22:30:00+01:00"),
        "{krakow:?}"
    );
    let valenca = row(&rows, "valenca.gpx");
    assert_eq!(valenca["start_time"], "2024-07-10T08:00:00+02:00");
    assert_eq!(valenca["tz_source"], "file");
    assert!(!valenca["quality"].contains("tz_offset"), "{valenca:?}");
}

#[test]
fn a_tcx_lap_start_its_laps_cannot_reach_from_the_trackpoints_gives_way_to_the_first() {
    // Garmin Training Center: the lap starts at 07:21:53Z, its 22 minutes end six hours before
    // the first trackpoint (13:29:31Z).
    let points: String = (0..140)
        .map(|i| {
            format!(
                "<Trackpoint><Time>2012-08-19T13:{:02}:{:02}Z</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>",
                29 + (31 + i * 10) / 60,
                (31 + i * 10) % 60
            )
        })
        .collect();
    let tcx = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2012-08-19T07:21:53Z</Id><Lap StartTime="2012-08-19T07:21:53Z"><TotalTimeSeconds>1390</TotalTimeSeconds><DistanceMeters>4000</DistanceMeters><Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dakota.tcx");
    std::fs::write(&path, tcx).unwrap();
    let out = grayzone(&["activities", "-q", "--tz", "UTC", path.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let rows = csv_rows(&out.stdout);
    let r = row(&rows, "dakota.tcx");
    assert_eq!(r["start_time"], "2012-08-19T13:29:31+00:00");
    assert!(r["quality"].contains("start_off_records"), "{r:?}");
}

/// A folder holding one 40-minute GPX run (no heart rate: a profile gives the easy pace its pace
/// is held against) and an overrides file giving it `note` (TOML-quoted).
fn run_with_a_coach_s_note(note: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("grayzone.toml"), "easy_pace = \"6:00\"\n").unwrap();
    let run = dir.path().join("run.gpx");
    std::fs::write(
        &run,
        gpx_with_offset("2024-07-10T06:00:00", "+02:00", 52.37, 4.89, 40),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("grayzone-overrides.toml"),
        format!("[[run]]\nfile = \"run.gpx\"\nnote = \"{note}\"\n"),
    )
    .unwrap();
    (dir, run)
}

#[test]
fn a_coach_s_note_reads_as_written_in_miles_too() {
    // The classifier's figures turn into miles; the coach's words in the overrides file do not
    // (they had read "the 6.2 mi loop at 7:15/mi").
    let (dir, run) = run_with_a_coach_s_note("the 10 km loop at 4:30/km");
    let export = dir.path().to_str().unwrap();
    let run = run.to_str().unwrap();
    for units in ["metric", "imperial"] {
        let out = grayzone(&["explain", "--units", units, run, export]);
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("; coach: the 10 km loop at 4:30/km"),
            "{units}: {text}"
        );
        // The classifier's own pace is in the chosen unit.
        let unit = if units == "metric" { "/km" } else { "/mi" };
        let verdict = text.lines().nth(1).unwrap_or("");
        assert!(verdict.contains(unit), "{units}: {verdict}");
    }
    let out = grayzone(&["activities", "-q", export]);
    let rows = csv_rows(&out.stdout);
    assert!(
        row(&rows, "run.gpx")["reason"].ends_with("; coach: the 10 km loop at 4:30/km"),
        "{:?}",
        row(&rows, "run.gpx")
    );
}

#[test]
fn a_coach_s_note_cannot_break_explain_s_lines() {
    // A note with a line feed, a carriage return and a right-to-left override: CSV and JSON
    // escaped it, explain printed it raw (its verdict split in two, the text reversed on screen).
    let (dir, run) = run_with_a_coach_s_note("one\\ntwo\\r\\u202Ethree");
    let out = grayzone(&[
        "explain",
        run.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let verdict = text.lines().find(|l| l.contains("; coach:")).unwrap_or("");
    assert!(
        verdict.ends_with("; coach: one\\ntwo\\r\\u{202e}three"),
        "{text}"
    );
    assert!(!text.contains('\u{202e}') && !text.contains('\r'), "{text}");
}

#[test]
fn one_run_is_said_in_the_singular() {
    // "1 runs read (1 files)", "0 of 1 weeks": each count agrees with its noun.
    let run = "fixtures/files/run_1s_hr.fit";
    let summary = String::from_utf8(grayzone(&["summary", run]).stdout).unwrap();
    assert!(
        summary.starts_with("1 run read (1 file, 0 unreadable)"),
        "{summary}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (svg, html) = (dir.path().join("c.svg"), dir.path().join("w.html"));
    let out = grayzone(&["chart", run, "-o", svg.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(
        chart.contains("· 1 run, ")
            && chart.contains("0 gray-zone runs · ")
            && chart.contains(" of 1 week at or above"),
        "{chart}"
    );
    let out = grayzone(&["weekly", "--html", html.to_str().unwrap(), run]);
    assert!(out.status.success(), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("1 run in 1 file (0 unreadable) · 1 week with runs"),
        "{page}"
    );
    // One week shown of the bundled export's twelve.
    let out = grayzone(&[
        "weekly",
        "--last",
        "1",
        "--html",
        html.to_str().unwrap(),
        "fixtures/sample-export",
    ]);
    assert!(out.status.success(), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("shows the last 1 week (")
            && page.contains("<strong>0 of 1</strong> week had at least"),
        "{page}"
    );
    // Its flags in words, as the terminal shows them, their names on hover (newcomer 37 N15).
    assert!(
        page.contains("<span class=\"flag\" title=\"below_80_20\">low &lt; 80 %</span>"),
        "{page}"
    );
    assert!(!page.contains(">below_80_20<"), "{page}");
}

#[test]
fn explain_says_when_the_local_time_is_a_guess() {
    // A treadmill's TCX: times in UTC, no position, and no other run to borrow a zone from.
    let dir = tempfile::tempdir().unwrap();
    let points: String = (0..40 * 6)
        .map(|i| {
            format!(
                "<Trackpoint><Time>2024-03-05T19:{:02}:{:02}Z</Time><DistanceMeters>{}</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>",
                i / 6,
                i % 6 * 10,
                i * 30
            )
        })
        .collect();
    let tcx = format!(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-03-05T19:00:00Z</Id><Lap StartTime="2024-03-05T19:00:00Z"><TotalTimeSeconds>2390</TotalTimeSeconds><DistanceMeters>7170</DistanceMeters><Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"#
    );
    let run = dir.path().join("treadmill.tcx");
    std::fs::write(&run, tcx).unwrap();
    let text = |args: &[&str]| String::from_utf8(grayzone(args).stdout).unwrap();
    let guessed = text(&["explain", run.to_str().unwrap()]);
    assert!(
        guessed.contains("local time: UTC, a guess") && !guessed.contains("no problem found"),
        "{guessed}"
    );
    let given = text(&["explain", "--tz", "Europe/Oslo", run.to_str().unwrap()]);
    assert!(!given.contains("local time: UTC"), "{given}");
}

/// The page's headline counts runs as its charts and weeks do: a multisport file's two run legs
/// are one session (newcomer 37 N14, 38 N9: "23 runs" over charts of 22).
#[test]
fn the_page_counts_its_runs_as_its_charts_do() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let out = grayzone(&[
        "weekly",
        "-q",
        real.to_str().unwrap(),
        "--all",
        "--html",
        "-",
    ]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    let charted: Vec<&str> = page
        .split("class=\"subtitle\"")
        .skip(1)
        .filter_map(|s| s.split(" · ").nth(1))
        .collect();
    assert_eq!(charted.len(), 2, "{page}");
    let runs = charted[0].split(',').next().unwrap();
    assert!(runs.ends_with(" runs"), "{runs}");
    assert!(
        page.contains(&format!("· {runs} (from ")) || page.contains(&format!("· {runs} in ")),
        "{runs}: {page}"
    );
}
