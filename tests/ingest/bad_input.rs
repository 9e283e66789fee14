//! The README's "Bad input" table, row by row, on the project's fixtures, the shared real corpus
//! (`../shared/fixtures/real`, when present) and a few files made here: what grayzone prints for
//! each kind of bad input, and that the batch still exits 0.

use std::collections::BTreeMap;
use std::path::Path;

use testkit::export::{gzip, zip_files};

use crate::cli;
use crate::real;

use cli::{csv_rows, grayzone};

type Row = BTreeMap<String, String>;

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn activities(path: &str) -> Vec<Row> {
    let out = grayzone(&["activities", "-q", path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "bad files never change the exit status: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv_rows(&out.stdout)
}

fn find<'a>(rows: &'a [Row], path: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["path"] == path)
        .unwrap_or_else(|| panic!("no row {path}"))
}

fn has_quality(row: &Row, code: &str) -> bool {
    row["quality"].split(';').any(|c| c == code)
}

/// A run read despite its fault: the row is the run (`ok`, or `duplicate` when the corpus holds
/// another copy of the same run), with its samples.
fn data_kept(row: &Row) -> bool {
    matches!(row["status"].as_str(), "ok" | "not_run" | "duplicate")
        && row["elapsed_time_s"].parse::<f64>().is_ok_and(|t| t > 0.0)
}

#[test]
fn fixtures_behave_as_the_bad_input_table_says() {
    let rows = activities("fixtures/files");
    let f = |name: &str| find(&rows, &format!("fixtures/files/{name}"));

    // 0-byte file
    assert_eq!(f("empty.fit")["status"], "error");
    assert_eq!(f("empty.fit")["error"], "empty file (0 bytes)");
    // garbage named .fit
    assert_eq!(f("garbage.fit")["status"], "error");
    assert!(f("garbage.fit")["error"].starts_with("not a FIT file"));
    // FIT with a wrong CRC: data kept
    assert_eq!(f("bad_crc.fit")["status"], "ok");
    assert!(has_quality(f("bad_crc.fit"), "crc_mismatch"));
    assert_eq!(f("bad_crc.fit")["elapsed_time_s"], "1800.0");
    // truncated FIT: the records before the break. It is the first 18 minutes of the run
    // `bad_crc.fit` holds whole: part of the same run, so that one is kept.
    assert_eq!(f("truncated.fit")["status"], "duplicate");
    assert!(data_kept(f("truncated.fit")));
    assert_eq!(
        f("truncated.fit")["note"],
        "part of the same run as fixtures/files/bad_crc.fit (kept: it recorded more of it)"
    );
    assert!(has_quality(f("truncated.fit"), "truncated"));
    // chained file with a broken second part: one row per part, never merged
    let second = f("chained_bad_second.fit#2");
    assert_eq!(second["status"], "ok");
    assert!(has_quality(second, "crc_mismatch"));
    assert_eq!(f("chained_bad_second.fit#1")["status"], "duplicate");
    // FIT settings file
    assert_eq!(f("settings.fit")["status"], "not_run");
    assert_eq!(
        f("settings.fit")["note"],
        "FIT settings file (file type 2), not an activity"
    );
    // GPX that is not XML: the fault and its byte offset
    assert_eq!(f("not_xml.gpx")["status"], "error");
    assert_eq!(
        f("not_xml.gpx")["error"],
        "not XML: text where the first element should be, at byte 0 (line 1)"
    );
    // GPX track without times (a planner's route): no activity, and no error either
    assert_eq!(f("no_times.gpx")["status"], "not_run");
    assert!(
        f("no_times.gpx")["note"]
            .ends_with("no <time> at all: a route or a plan, not a recorded activity"),
        "{}",
        f("no_times.gpx")["note"]
    );
}

#[test]
fn the_real_corpus_behaves_as_the_bad_input_table_says() {
    let Some(_) = real::corpus() else { return };
    let rows = activities("../shared/fixtures/real");
    let f = |name: &str| find(&rows, &format!("../shared/fixtures/real/{name}"));

    assert_eq!(
        f("broken/elevate__empty.fit")["error"],
        "empty file (0 bytes)"
    );
    // wrong file CRC, data kept
    let crc = f("broken/fitparse__activity-filecrc.fit");
    assert!(data_kept(crc) && has_quality(crc, "crc_mismatch"));
    // truncated: header says more data than the file has
    let eof = f("broken/fitparse__activity-unexpected-eof.fit");
    assert!(data_kept(eof) && has_quality(eof, "truncated"));
    // chained file whose second header is corrupt / whose second part has no data
    let corrupt = f("broken/fitparse__activity-settings-corruptheader.fit");
    assert!(data_kept(corrupt) && has_quality(corrupt, "chained_part_broken"));
    let nodata = f("broken/fitparse__activity-settings-nodata.fit");
    assert!(data_kept(nodata));
    // Sigma: no CRC, no session
    let sigma = f("broken/fitparse__nick_sigma-unterminated.fit");
    assert!(
        data_kept(sigma) && has_quality(sigma, "truncated") && has_quality(sigma, "no_session")
    );
    // Strava: a data message of an undefined local type; the records before it are a run
    let strava = f("broken/fitparse__strava-android-app-201.10.fit");
    assert_eq!(strava["status"], "ok");
    assert!(has_quality(strava, "undefined_message"));
    // developer fields that break Garmin's and fitdecode's decoders
    assert!(data_kept(f("broken/fff__tpv_dev_fields_20260222.fit")));
    // invalid GPX / TCX values
    let bad_gpx = f("broken/togeojson__bad.gpx");
    assert_eq!(bad_gpx["status"], "error");
    assert!(bad_gpx["error"].ends_with("cannot tell pace or duration"));
    let bad_tcx = f("broken/togeojson__bad.tcx");
    assert!(data_kept(bad_tcx) && has_quality(bad_tcx, "bad_values"));
    assert!(data_kept(f("broken/georust__with_accuracy.gpx")));
    // settings file
    assert_eq!(f("fit/fitparse__Settings-edge510.fit")["status"], "not_run");
    // tracks without (usable) times
    let strava_route = f("gpx/georust__strava_route_example.gpx");
    assert_eq!(strava_route["status"], "not_run");
    assert!(
        strava_route["note"].ends_with("a route or a plan, not a recorded activity"),
        "{}",
        strava_route["note"]
    );
    for route in [
        "gpx/gpxpy__cerknicko-without-times.gpx",
        "gpx/gpxpy__Mojstrovka.gpx",
    ] {
        assert_eq!(f(route)["status"], "error", "{route}");
        assert!(
            f(route)["error"].contains("cannot tell pace or duration")
                || f(route)["error"].contains("placeholder times"),
            "{route}: {}",
            f(route)["error"]
        );
    }
    // Every error row is one line.
    for row in rows.iter().filter(|r| r["status"] == "error") {
        assert!(!row["error"].is_empty() && !row["error"].contains('\n'));
    }
}

/// Archives that break: a cut `.gz`, a zip entry whose checksum is wrong, a zip that cannot be
/// opened, a member that is not an activity.
#[test]
fn broken_archives_give_what_they_can() {
    let dir = tempfile::tempdir().unwrap();
    let fit = std::fs::read(crate_root().join("fixtures/files/run_1s_hr.fit")).unwrap();
    let gz = gzip(&fit);
    std::fs::write(dir.path().join("cut.fit.gz"), &gz[..gz.len() * 2 / 3]).unwrap();
    std::fs::write(dir.path().join("hello.gpx.gz"), b"hello").unwrap();
    std::fs::write(dir.path().join("notzip.zip"), b"PK but not a zip").unwrap();
    let mut zip = zip_files(&[
        ("a/run.fit".to_string(), fit.clone()),
        ("b/junk.tcx".to_string(), b"junk".to_vec()),
    ]);
    // Flip the first entry's CRC in its local header and in the central directory.
    let local = zip.windows(4).position(|w| w == b"PK\x03\x04").unwrap();
    zip[local + 14] ^= 0xFF;
    let central = zip.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    zip[central + 16] ^= 0xFF;
    std::fs::write(dir.path().join("export.zip"), zip).unwrap();

    let rows = activities(dir.path().to_str().unwrap());
    let f = |name: &str| find(&rows, &format!("{}/{name}", dir.path().display()));

    // The cut copy is read as far as it goes; the zip holds the same run whole, so the cut copy
    // is the duplicate.
    let cut = f("cut.fit.gz");
    assert_eq!(cut["status"], "duplicate", "{cut:?}");
    assert!(data_kept(cut));
    assert!(
        cut["note"].starts_with("part of the same run as ")
            && cut["note"].ends_with("export.zip!a/run.fit (kept: it recorded more of it)")
    );
    assert!(has_quality(cut, "archive_broken") && has_quality(cut, "truncated"));
    assert!(cut["quality_detail"].contains("gzip: "));
    let crc = f("export.zip!a/run.fit");
    assert_eq!(crc["status"], "ok");
    assert_eq!(crc["elapsed_time_s"], "1800.0");
    assert!(has_quality(crc, "archive_broken"));
    assert!(f("export.zip!b/junk.tcx")["error"].starts_with("not XML"));
    assert!(f("hello.gpx.gz")["error"].starts_with("gzip: "));
    assert!(f("notzip.zip")["error"].starts_with("not a readable zip archive"));
    assert_eq!(rows.len(), 5);
}

/// Records every second with a heart-rate reading in one of five (an Apple Watch through
/// HealthFit): each record stands on the last reading, so the run has HR throughout and is zoned
/// by it, not by pace.
#[test]
fn a_heart_read_every_five_seconds_covers_the_run() {
    use testkit::fit_writer::{write_fit, FitOptions};
    use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};
    let dir = tempfile::tempdir().unwrap();
    let plan = RunPlan::new(Intent::Easy, Amount::Minutes(40.0));
    let mut run = simulate(&Athlete::intermediate(), &plan, 1_717_225_200.0, 17);
    for (i, s) in run.samples.iter_mut().enumerate() {
        if i % 5 != 0 {
            s.heart_rate = None;
        }
    }
    let path = dir.path().join("watch.fit");
    std::fs::write(&path, write_fit(&[run], &FitOptions::default())).unwrap();
    let rows = activities(path.to_str().unwrap());
    let row = find(&rows, path.to_str().unwrap());
    assert_eq!(row["status"], "ok", "{row:?}");
    assert_eq!(row["hr_coverage_pct"], "100.0", "{row:?}");
    assert_eq!(row["zone_source"], "hr", "{row:?}");
    assert!(!row["flags"].contains("pace_only"), "{row:?}");
}

#[test]
fn a_path_that_does_not_exist_is_a_row_and_the_others_are_read() {
    // One bad path never stops the batch: it is an error row and a line on stderr, as a bad file
    // found in a folder is, and everything is written; the status says a named path was not
    // read (as ripgrep's does), so a CI check over a mistyped folder does not pass.
    let out = grayzone(&["activities", "fixtures/files", "no/such/export.zip"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines()
            .any(|l| l == "grayzone: no/such/export.zip: no such file or folder"),
        "{err}"
    );
    let rows = csv_rows(&out.stdout);
    let bad = rows
        .iter()
        .find(|r| r["path"] == "no/such/export.zip")
        .unwrap();
    assert_eq!(bad["status"], "error");
    assert_eq!(bad["error"], "no such file or folder");
    assert!(rows.iter().filter(|r| r["status"] == "ok").count() >= 10);
    // With nothing readable at all, it is a usage error: one line naming the path and the
    // reason, then what to do.
    let out = grayzone(&["activities", "no/such/export.zip"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1);
    assert!(
        err.trim()
            .starts_with("grayzone: no/such/export.zip: no such file or folder"),
        "{err}"
    );
}

#[test]
fn one_activity_written_three_times_into_one_tcx_counts_once() {
    // Sessions of one file were never compared as duplicates (a multisport file's legs are not
    // copies of each other): a TCX of 50 identical <Activity> blocks was 50 runs' minutes.
    let tcx = std::fs::read_to_string(crate_root().join("fixtures/files/run.tcx")).unwrap();
    let (from, to) = (
        tcx.find("<Activity ").unwrap(),
        tcx.find("</Activity>").unwrap() + "</Activity>".len(),
    );
    let thrice = format!("{}{}{}", &tcx[..from], tcx[from..to].repeat(3), &tcx[to..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thrice.tcx");
    std::fs::write(&path, thrice).unwrap();
    let path = path.to_str().unwrap();
    let rows = activities(path);
    assert_eq!(find(&rows, &format!("{path}#1"))["status"], "ok");
    for n in [2, 3] {
        let copy = find(&rows, &format!("{path}#{n}"));
        assert_eq!(copy["status"], "duplicate");
        assert_eq!(
            copy["note"],
            // The same activity three times: none is richer (real files round 39 #7).
            format!("same activity as {path}#1 (kept: the same data, first by path)")
        );
    }
    let out = grayzone(&["weekly", "-q", path]);
    let weeks = csv_rows(&out.stdout);
    assert_eq!(weeks.len(), 1);
    // The run's 30 minutes of running: the seconds beside its pause are not read as standing.
    assert_eq!(weeks[0]["moving_time_s"], "1800.0");
}
