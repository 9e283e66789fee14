//! The second shared corpus of real files (`../shared/fixtures/real-extra`: Garmin, Suunto, COROS,
//! Polar, Wahoo, Stryd, Zwift, app exports) against its REFERENCE.csv: one row per unit
//! (`file[!member][#N]`), running distances within 0.5 % of Garmin's SDK or gpxpy, average heart
//! rate within 1 bpm of the device's, a strap's `hr` log merged as the SDK merges it, and local
//! time from where each activity started. Each exception names the reason the reference is not the
//! figure to meet.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use grayzone::summarize::row::FileRow;
use grayzone::summarize::{read_export, ReadOptions};

use crate::real;

/// The corpus folder beside `real`, when the shared corpora are there.
fn corpus() -> Option<PathBuf> {
    let dir = real::corpus()?.with_file_name("real-extra");
    assert!(
        dir.join("REFERENCE.csv").is_file(),
        "{} has no REFERENCE.csv",
        dir.display()
    );
    Some(dir)
}

/// Our rows by unit key (the path below the corpus folder).
fn rows_by_key(dir: &Path) -> BTreeMap<String, FileRow> {
    let prefix = format!("{}/", dir.display());
    read_export(&[dir.to_path_buf()], &ReadOptions::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.path.trim_start_matches(&prefix).to_string(), r))
        .collect()
}

fn num(r: &real::ReferenceRow, column: &str) -> Option<f64> {
    r.get(column).and_then(|v| v.parse().ok())
}

/// An AppleDouble file (macOS metadata) renamed like a FIT: whether it is an error row or skipped
/// altogether is the archive layer's call, not this test's.
const APPLE_DOUBLE: &str = "fit/thomaschampagne__elevate__._empty.fit";

#[test]
fn every_unit_has_its_row() {
    let Some(dir) = corpus() else { return };
    let rows = rows_by_key(&dir);
    let reference = real::reference(&dir);
    assert!(reference.len() >= 57, "{} units", reference.len());
    for r in &reference {
        let key = &r["key"];
        if key == APPLE_DOUBLE {
            continue;
        }
        assert!(rows.contains_key(key), "{key}: no row");
    }
}

#[test]
fn running_distances_are_the_sdks_and_gpxpys_within_half_a_percent() {
    let Some(dir) = corpus() else { return };
    let rows = rows_by_key(&dir);
    let mut checked = 0;
    for r in real::reference(&dir) {
        let key = &r["key"];
        let Some(row) = rows.get(key) else { continue };
        let Some(s) = row.summary.as_deref() else {
            continue;
        };
        let running = r["ref_family"].contains("running") || s.sport.is_run();
        let Some(expected) = num(&r, "ref_distance_m").filter(|d| *d > 0.0) else {
            continue;
        };
        if !running {
            continue;
        }
        let flagged = s.quality.iter().any(|q| q.code == "gps_wander_removed");
        // gpxpy's lengths are rounded to 0.1 m.
        let tolerance = (0.005 * expected).max(0.05);
        assert!(
            flagged || (s.distance_m - expected).abs() <= tolerance,
            "{key}: distance {} vs reference {expected}",
            s.distance_m
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} running units checked");
}

/// Sessions this short: the device's average covers heart rate from before the first record.
const SHORT_SESSION_S: f64 = 65.0;

#[test]
fn average_heart_rate_is_the_devices_within_1_bpm() {
    let Some(dir) = corpus() else { return };
    let rows = rows_by_key(&dir);
    let mut checked = 0;
    for r in real::reference(&dir) {
        let key = &r["key"];
        // FIT sessions and TCX laps carry the device's average; a GPX has none.
        if !matches!(r["format"].as_str(), "fit" | "tcx") || r["ref_family"] == "swimming" {
            continue;
        }
        let Some(device) = num(&r, "ref_avg_hr").filter(|h| *h > 0.0) else {
            continue;
        };
        if num(&r, "ref_timer_s").is_some_and(|t| t < SHORT_SESSION_S) {
            continue;
        }
        let Some(s) = rows.get(key).and_then(|row| row.summary.as_deref()) else {
            panic!("{key}: no summary");
        };
        if s.hr_cleaning.changed() {
            // flagged-hr.fit: readings of 234 bpm dropped on purpose (hr_out_of_range).
            continue;
        }
        let ours = s.avg_hr.unwrap_or_else(|| panic!("{key}: no avg_hr"));
        assert!(
            (ours - device).abs() <= 1.0,
            "{key}: avg_hr {ours} vs the device's {device}"
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} units checked");
}

/// A pool swim whose heart rate is only in the strap's `hr` messages: without the merge it has
/// none. The device's own swim average (137) comes from the strap's log in a way the records do
/// not show, so the figure to meet is the SDK's merged records (130.25).
#[test]
fn a_straps_log_is_merged_as_the_sdk_merges_it() {
    let Some(dir) = corpus() else { return };
    let rows = rows_by_key(&dir);
    let reference = real::reference(&dir);
    let key = "fit/thomaschampagne__elevate__spiros-02.fit";
    let r = reference.iter().find(|r| r["key"] == key).unwrap();
    assert_eq!(
        r["rec_hr_mean_unmerged"], "",
        "the records themselves hold no HR"
    );
    let merged = num(r, "rec_hr_mean").unwrap();
    let s = rows[key].summary.as_deref().unwrap();
    let ours = s.avg_hr.expect("HR from the strap's log");
    assert!(
        (ours - merged).abs() <= 0.5,
        "{ours} vs SDK-merged {merged}"
    );
    assert!(s.hr_coverage_pct > 90.0, "{}", s.hr_coverage_pct);
}

/// The local start of activities whose GPS tells where they were, against the zone at the start
/// (looked up with tzfpy, which uses the same boundary data): before, they borrowed an offset from
/// a FIT recorded up to a year away on another continent.
#[test]
fn local_time_comes_from_where_the_activity_started() {
    let Some(dir) = corpus() else { return };
    let rows = rows_by_key(&dir);
    for (key, start, source) in [
        // Grenoble, March (CET): was 09:49 −07:00.
        (
            "gpx/thomaschampagne__elevate__20170319_run_906581465.gpx",
            "2017-03-19T17:49:30+01:00",
            "gps_timezone",
        ),
        // FITs without local_timestamp, in France in summer and autumn.
        (
            "fit/thomaschampagne__elevate__huez.fit",
            "2015-07-10T10:58:32+02:00",
            "gps_timezone",
        ),
        (
            "fit/thomaschampagne__elevate__mont-eynard.fit",
            "2014-10-18T10:11:43+02:00",
            "gps_timezone",
        ),
        (
            "fit/jimmykane__fit-parser__example.fit",
            "2015-10-12T17:47:45+02:00",
            "gps_timezone",
        ),
        // Beijing.
        (
            "fit/thomaschampagne__elevate__flagged-speed.fit",
            "2021-02-16T07:50:50+08:00",
            "gps_timezone",
        ),
        // Starts at (0, 0): its own −03:00 stands.
        ("fit/thomaschampagne__elevate__noroeste.fit", "", "file"),
        // Zwift's Watopia is no place on Earth: no offset from it (and none borrowed from far).
        (
            "fit/thomaschampagne__elevate__zwift-pschit.fit",
            "2019-03-10T16:17:31+00:00",
            "utc_default",
        ),
    ] {
        let row = rows.get(key).unwrap_or_else(|| panic!("{key}: no row"));
        if !start.is_empty() {
            assert_eq!(row.local_start().as_deref(), Some(start), "{key}");
        }
        assert_eq!(row.tz_source.map(|t| t.name()), Some(source), "{key}");
    }
    // Every activity with a real position of its own is in the zone of its file or of that
    // position: none borrowed an offset while its own position knew better.
    let mut with_position = 0;
    for (key, row) in &rows {
        let Some(s) = row.summary.as_deref() else {
            continue;
        };
        let real_position = s.start_position.is_some()
            && !grayzone::summarize::timezone::positions_are_virtual(
                &s.sport_raw,
                s.device.as_deref(),
                s.start_position,
            );
        if !real_position {
            continue;
        }
        let source = row.tz_source.map(|t| t.name()).unwrap_or_default();
        assert!(matches!(source, "file" | "gps_timezone"), "{key}: {source}");
        with_position += 1;
    }
    assert!(with_position >= 30, "{with_position}");
}
