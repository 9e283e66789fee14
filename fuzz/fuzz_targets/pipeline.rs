//! One file through the whole pipeline (`grayzone::summarize::rows_for_file`: decode, summarize;
//! then the export stage beside a copy cut short, and `grayzone::judge::judge`) as FIT, GPX and TCX,
//! and each row through the CSV writer. A panic anywhere is a
//! finding even though `rows_for_file` catches it (libFuzzer's panic hook aborts first).
//! Rows must hold what the README promises: at least one per file, named after it, moving time
//! within elapsed time, shares, totals and averages that are real, non-negative numbers.
#![no_main]

mod common;

use grayzone::activity::SourceFormat;
use grayzone::judge::judge;
use grayzone::judge::profile::Profile;
use grayzone::report::records::ActivityRecord;
use grayzone::summarize::row::{FileRow, Status};
use grayzone::summarize::rows_for_file;
use grayzone::summarize::series::Series;
use libfuzzer_sys::fuzz_target;

fn check(format: SourceFormat, data: &[u8]) {
    let label = format!("fuzz.{}", format.name());
    let rows = rows_for_file(&label, format, data);
    assert!(!rows.is_empty(), "no row for a file");
    for row in &rows {
        assert!(
            row.path == label
                || row
                    .path
                    .strip_prefix(&label)
                    .is_some_and(|n| n.starts_with('#')),
            "row path {:?}",
            row.path
        );
        match row.status {
            Status::Error => common::assert_one_line(&row.error, "error"),
            Status::NotRun if row.summary.is_none() => common::assert_one_line(&row.note, "note"),
            _ => {}
        }
        if let Some(s) = &row.summary {
            assert!(
                s.elapsed_time_s.is_finite() && s.elapsed_time_s >= 0.0,
                "elapsed {}",
                s.elapsed_time_s
            );
            assert!(s.moving_time_s >= 0.0, "moving {}", s.moving_time_s);
            assert!(
                s.moving_time_s <= s.elapsed_time_s + 1e-6,
                "moving {} > elapsed {}",
                s.moving_time_s,
                s.elapsed_time_s
            );
            assert!(
                s.distance_m.is_finite() && s.distance_m >= 0.0,
                "distance {}",
                s.distance_m
            );
            assert!(
                (0.0..=100.0 + 1e-9).contains(&s.hr_coverage_pct),
                "hr coverage {}",
                s.hr_coverage_pct
            );
            assert!(s.start_time.is_finite(), "start {}", s.start_time);
            // Figures a runner reads are real, non-negative numbers, whatever the device wrote.
            for (what, value) in [
                ("timer time", s.timer_time_s),
                ("elevation gain", s.elevation_gain_m),
                ("average HR", s.avg_hr),
                ("5-s peak HR", s.peak_hr_5s),
                ("cadence", s.avg_cadence),
                ("power", s.avg_power_w),
            ] {
                assert!(
                    value.is_none_or(|v| v.is_finite() && v >= 0.0),
                    "{what} {value:?}"
                );
            }
            s.quality.iter().for_each(common::assert_note);
        }
    }
    // The export stage (local times, duplicates, order) on the file's rows beside a copy of them
    // cut short, as a watch that died would have saved it: the dedupe compares the two, series
    // and all.
    let mut export = rows.clone();
    export.extend(rows.iter().cloned().map(cut_short));
    grayzone::summarize::finish_rows(&mut export, None);
    assert_eq!(
        export.len(),
        2 * rows.len(),
        "rows lost by the export stage"
    );
    for row in &judge(export, &Profile::default()) {
        let record = ActivityRecord::from_row(row);
        let mut csv = Vec::new();
        grayzone::report::csv::write(&[record], &mut csv).expect("CSV of a row");
    }
}

/// The row of another file holding the first three fifths of the same recording.
fn cut_short(mut row: FileRow) -> FileRow {
    row.path = format!("{}~cut", row.path);
    if let Some(s) = row.summary.as_deref_mut() {
        let buckets = s.series.to_vec();
        s.series = Series::from(&buckets[..buckets.len() * 3 / 5]);
        s.elapsed_time_s *= 0.6;
        s.moving_time_s = s.moving_time_s.min(s.elapsed_time_s);
        s.distance_m *= 0.6;
    }
    row
}

fuzz_target!(|data: &[u8]| {
    for format in [SourceFormat::Fit, SourceFormat::Gpx, SourceFormat::Tcx] {
        check(format, data);
    }
});
