//! Right about every file: what was measured never depends on the sport guess, the guess reads
//! the evidence (rides are never runs, fast runners stay runners), figures no one produces are
//! left out and said, time that goes back is repaired, TCX laps and trackpoints agree on one
//! source, a GPX of several days is several outings. Generated files for each case, and the real
//! files of the shared corpora where they have one.

use std::path::Path;

use grayzone::activity::{SourceFormat, Sport};
use grayzone::summarize::row::{FileRow, LeftOut, Status};
use grayzone::summarize::rows_for_file;
use grayzone::summarize::summary::Summary;
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

/// 2019-07-20T14:00:00Z.
const T0: f64 = 1_563_631_200.0;
/// Metres per degree of latitude near 45° N.
const M_PER_DEG_LAT: f64 = 111_132.0;

/// One GPX track point: seconds from T0, position, heart rate, cadence.
#[derive(Clone, Copy, Debug, Default)]
struct Point {
    t: f64,
    lat: f64,
    lon: f64,
    hr: Option<u8>,
    cadence: Option<u8>,
}

/// A GPX 1.1 file, one track, one segment per slice, points in the order given.
fn gpx(segments: &[Vec<Point>], sport: Option<&str>) -> Vec<u8> {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk>"#,
    );
    if let Some(sport) = sport {
        out.push_str(&format!("<type>{sport}</type>"));
    }
    for segment in segments {
        out.push_str("<trkseg>");
        for p in segment {
            out.push_str(&format!(
                r#"<trkpt lat="{:.7}" lon="{:.7}"><time>{}</time>"#,
                p.lat,
                p.lon,
                testkit::iso_time(T0 + p.t, None)
            ));
            if p.hr.is_some() || p.cadence.is_some() {
                out.push_str("<extensions><gpxtpx:TrackPointExtension>");
                if let Some(hr) = p.hr {
                    out.push_str(&format!("<gpxtpx:hr>{hr}</gpxtpx:hr>"));
                }
                if let Some(c) = p.cadence {
                    out.push_str(&format!("<gpxtpx:cad>{c}</gpxtpx:cad>"));
                }
                out.push_str("</gpxtpx:TrackPointExtension></extensions>");
            }
            out.push_str("</trkpt>");
        }
        out.push_str("</trkseg>");
    }
    out.push_str("</trk></gpx>");
    out.into_bytes()
}

/// A track northwards at the given speed per second (1 Hz), starting near Grenoble.
fn track(speeds: &[f64], hr: Option<u8>, cadence: Option<u8>) -> Vec<Point> {
    let mut lat = 45.2;
    let mut out = vec![Point {
        t: 0.0,
        lat,
        lon: 5.77,
        hr,
        cadence,
    }];
    for (i, v) in speeds.iter().enumerate() {
        lat += v / M_PER_DEG_LAT;
        out.push(Point {
            t: (i + 1) as f64,
            lat,
            lon: 5.77,
            hr: hr.map(|h| h + (i % 3) as u8),
            cadence,
        });
    }
    out
}

fn read(name: &str, format: SourceFormat, bytes: &[u8]) -> Vec<FileRow> {
    rows_for_file(name, format, bytes)
}

fn only(name: &str, format: SourceFormat, bytes: &[u8]) -> FileRow {
    let mut rows = read(name, format, bytes);
    assert_eq!(rows.len(), 1, "{name}: {rows:?}");
    rows.remove(0)
}

fn summary(row: &FileRow) -> &Summary {
    row.summary
        .as_ref()
        .unwrap_or_else(|| panic!("{}: {}", row.path, row.error))
}

fn has(row: &FileRow, code: &str) -> bool {
    summary(row).quality.iter().any(|q| q.code == code)
}

fn detail<'a>(row: &'a FileRow, code: &str) -> &'a str {
    summary(row)
        .quality
        .iter()
        .find(|q| q.code == code)
        .map_or("", |q| q.detail.as_str())
}

/// A rolling ride: median 5.2 m/s, one minute in ten descending at 9.5 m/s.
fn rolling_ride() -> Vec<f64> {
    (0..3600)
        .map(|i| {
            if (i / 60) % 10 == 9 {
                9.5
            } else {
                5.2 + 0.6 * (i as f64 / 45.0).sin()
            }
        })
        .collect()
}

#[test]
fn what_was_measured_never_depends_on_the_sport_guess() {
    // A straight 1 Hz track at 13 m/s (a fast ride): 23.4 km in 30 minutes.
    let fast = track(&[13.0; 1800], Some(135), None);
    let typed = only(
        "typed.gpx",
        SourceFormat::Gpx,
        &gpx(std::slice::from_ref(&fast), Some("cycling")),
    );
    let untyped = only("untyped.gpx", SourceFormat::Gpx, &gpx(&[fast], None));
    let (a, b) = (summary(&typed), summary(&untyped));
    assert_eq!(
        (a.distance_m, a.moving_time_s),
        (b.distance_m, b.moving_time_s)
    );
    assert!(
        (a.distance_m - 23_400.0).abs() < 0.005 * 23_400.0,
        "{}",
        a.distance_m
    );
    assert_eq!(a.moving_time_s, 1800.0);
    assert_eq!((b.sport, b.sport_inferred), (Sport::Cycling, true));
    // The same for a rolling ride, and for the same track declared a run.
    let ride = track(&rolling_ride(), Some(140), None);
    let rows: Vec<FileRow> = [Some("cycling"), None, Some("running")]
        .iter()
        .map(|sport| {
            only(
                "ride.gpx",
                SourceFormat::Gpx,
                &gpx(std::slice::from_ref(&ride), *sport),
            )
        })
        .collect();
    let truth: f64 = rolling_ride().iter().sum();
    for r in &rows {
        let s = summary(r);
        assert_eq!(s.distance_m, summary(&rows[0]).distance_m);
        assert_eq!(s.moving_time_s, 3600.0);
        assert!(
            (s.distance_m - truth).abs() < 0.005 * truth,
            "{} vs {truth}",
            s.distance_m
        );
    }
}

#[test]
fn rides_without_a_sport_are_rides_and_fast_runners_stay_runners() {
    let ride = only(
        "ride.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&rolling_ride(), Some(134), None)], None),
    );
    assert_eq!(summary(&ride).sport, Sport::Cycling);
    assert_eq!(ride.status, Status::NotRun);
    assert!(detail(&ride, "sport_inferred").contains("faster than any runner holds"));
    // A steady 5.5 m/s with an easy heart: a gentle ride, not an elite's tempo.
    let gentle = only(
        "gentle.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&[5.5; 2400], Some(120), None)], None),
    );
    assert_eq!(summary(&gentle).sport, Sport::Cycling);
    assert!(
        detail(&gentle, "sport_inferred").contains("bpm"),
        "{}",
        detail(&gentle, "sport_inferred")
    );
    // The same speed with nothing else to go on is not guessed at all, and never judged.
    let bare = only(
        "bare.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&[5.5; 2400], None, None)], None),
    );
    assert_eq!(
        (summary(&bare).sport, bare.status),
        (Sport::Other, Status::NotRun)
    );
    assert!(has(&bare, "sport_unknown"));
    // A fast runner: 5.0 m/s at 92 strides a minute, hard heart.
    let fast = only(
        "fast.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&[5.0; 1800], Some(172), Some(92))], None),
    );
    assert_eq!(
        (summary(&fast).sport, fast.status),
        (Sport::Running, Status::Ok)
    );
    assert!(detail(&fast, "sport_inferred").contains("cadence 92"));
    // An ordinary run with nothing but its pace.
    let jog = only(
        "jog.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&[3.0; 1800], None, None)], None),
    );
    assert_eq!(summary(&jog).sport, Sport::Running);
}

#[test]
fn a_ride_recorded_as_a_run_is_not_judged_as_a_run() {
    let row = only(
        "run.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&rolling_ride(), Some(140), None)], Some("running")),
    );
    assert_eq!(row.status, Status::Ok);
    assert!(
        matches!(row.left_out, Some(LeftOut::Implausible(_))),
        "{:?}",
        row.left_out
    );
    assert!(detail(&row, "implausible_speed").contains("faster than any runner holds"));
    // A declared run at a runner's pace is a run.
    let run = only(
        "run.gpx",
        SourceFormat::Gpx,
        &gpx(&[track(&[3.2; 1800], Some(150), None)], Some("running")),
    );
    assert_eq!(run.left_out, None);
}

/// The real rides and runs of the corpora, their `<type>` removed: the evidence tells them apart.
#[test]
fn real_files_without_their_sport_are_read_for_what_they_were() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let extra = real.with_file_name("real-extra");
    let strip = |path: &Path| -> Vec<u8> {
        let text = std::fs::read_to_string(path).unwrap();
        let (Some(a), Some(b)) = (text.find("<type>"), text.find("</type>")) else {
            panic!("{}: no <type>", path.display());
        };
        format!("{}{}", &text[..a], &text[b + "</type>".len()..]).into_bytes()
    };
    for (file, expected) in [
        (
            "gpx/thomaschampagne__elevate__20190721_ride_2551623996.gpx",
            Sport::Cycling,
        ),
        (
            "gpx/thomaschampagne__elevate__20190929_ride_4108490848.gpx",
            Sport::Cycling,
        ),
        ("gpx/thomaschampagne__elevate__ride.gpx", Sport::Cycling),
        (
            "gpx/GoldenCheetah__sweatpy__4801048867_strava.gpx",
            Sport::Cycling,
        ),
        (
            "gpx/GoldenCheetah__sweatpy__activity_5039744860.gpx",
            Sport::Cycling,
        ),
        (
            "gpx/thomaschampagne__elevate__20160422_virtualride_553573871.gpx",
            Sport::Cycling,
        ),
        (
            "gpx/thomaschampagne__elevate__20170319_run_906581465.gpx",
            Sport::Running,
        ),
    ] {
        let path = extra.join(file);
        let typed = std::fs::read(&path).unwrap();
        let with = only(file, SourceFormat::Gpx, &typed);
        let without = only(file, SourceFormat::Gpx, &strip(&path));
        assert_eq!(
            summary(&without).sport,
            expected,
            "{file}: {}",
            detail(&without, "sport_inferred")
        );
        // The guess changed nothing that was measured.
        assert_eq!(
            summary(&without).distance_m,
            summary(&with).distance_m,
            "{file}"
        );
        assert_eq!(
            summary(&without).moving_time_s,
            summary(&with).moving_time_s,
            "{file}"
        );
    }
}

#[test]
fn time_going_back_keeps_the_path_and_says_so() {
    // A straight run at 3 m/s, 1 Hz, one point in six with its time swapped with the next.
    let mut points = track(&[3.0; 3600], Some(141), None);
    let mut i = 1;
    while i + 1 < points.len() {
        if i % 6 == 1 {
            let t = points[i].t;
            points[i].t = points[i + 1].t;
            points[i + 1].t = t;
            i += 2;
        } else {
            i += 1;
        }
    }
    let row = only(
        "swapped.gpx",
        SourceFormat::Gpx,
        &gpx(&[points], Some("running")),
    );
    let s = summary(&row);
    assert!(
        (s.distance_m - 10_800.0).abs() < 0.005 * 10_800.0,
        "{}",
        s.distance_m
    );
    assert!(
        detail(&row, "time_out_of_order").starts_with("600 of 3601"),
        "{}",
        detail(&row, "time_out_of_order")
    );
    assert_eq!(s.elapsed_time_s, 3600.0);
}

#[test]
fn a_gpx_of_several_days_is_one_row_per_outing_and_a_stray_point_is_dropped() {
    let day = 86_400.0;
    let shift = |points: Vec<Point>, by: f64| -> Vec<Point> {
        points
            .into_iter()
            .map(|p| Point { t: p.t + by, ..p })
            .collect()
    };
    let run = || track(&[3.0; 1800], Some(145), None);
    // Three runs 1 and 40 days apart, written out of order, in one file.
    let bytes = gpx(
        &[shift(run(), day), run(), shift(run(), 41.0 * day)],
        Some("running"),
    );
    let rows = read("log.gpx", SourceFormat::Gpx, &bytes);
    assert_eq!(rows.len(), 3);
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["log.gpx#1", "log.gpx#2", "log.gpx#3"]);
    for r in &rows {
        assert_eq!(summary(r).elapsed_time_s, 1800.0, "{}", r.path);
        assert!(detail(r, "several_outings").contains("3 outings"));
    }
    // One point stamped ten years later is a stray time, not an outing.
    let mut points = run();
    let last = points.len() - 1;
    points[last].t += 3650.0 * day;
    let row = only(
        "stray.gpx",
        SourceFormat::Gpx,
        &gpx(&[points], Some("running")),
    );
    assert_eq!(summary(&row).elapsed_time_s, 1799.0);
    assert!(has(&row, "bad_timestamps"));
}

/// A TCX of one lap and its trackpoints, with the lap's totals as given.
fn tcx(lap_s: f64, lap_m: f64, points: usize, speed: f64) -> Vec<u8> {
    let mut track = String::new();
    for i in 0..points {
        track.push_str(&format!(
            "<Trackpoint><Time>{}</Time><DistanceMeters>{:.1}</DistanceMeters><HeartRateBpm><Value>141</Value></HeartRateBpm></Trackpoint>",
            testkit::iso_time(T0 + i as f64, None),
            i as f64 * speed
        ));
    }
    format!(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>{id}</Id><Lap StartTime="{id}"><TotalTimeSeconds>{lap_s}</TotalTimeSeconds><DistanceMeters>{lap_m}</DistanceMeters><Track>{track}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"#,
        id = testkit::iso_time(T0, None)
    )
    .into_bytes()
}

#[test]
fn tcx_laps_and_trackpoints_give_one_consistent_pace() {
    // Laps 625 s / 1999 m; trackpoints 907 s / 2919 m at 5:10/km: the lap lost a part.
    let row = only(
        "short_lap.tcx",
        SourceFormat::Tcx,
        &tcx(625.0, 1999.0, 908, 2919.0 / 907.0),
    );
    let s = summary(&row);
    assert_eq!((s.distance_m.round(), s.moving_time_s), (2919.0, 907.0));
    assert!((s.pace_s_per_km().unwrap() - 310.7).abs() < 1.0);
    assert!(detail(&row, "laps_disagree").contains("from the trackpoints"));
    // The other way round: 19 trackpoints of a run whose lap says 8.3 km in 38:45.
    let row = only(
        "few_points.tcx",
        SourceFormat::Tcx,
        &tcx(2325.0, 8348.5, 60, 3.0),
    );
    let s = summary(&row);
    assert_eq!((s.distance_m, s.moving_time_s), (8348.5, 2325.0));
    assert!(detail(&row, "laps_disagree").contains("from the laps"));
    // Agreeing within 3 %: no note, the lap's distance as before.
    let row = only(
        "agree.tcx",
        SourceFormat::Tcx,
        &tcx(600.0, 1830.0, 601, 3.0),
    );
    assert!(!has(&row, "laps_disagree"));
    assert_eq!(summary(&row).distance_m, 1830.0);
}

/// Trackpoints without a distance (a treadmill, an indoor trainer) under a lap that says more
/// time than they span: a Garmin Training Center file kept 16 minutes of records of a 2-hour lap.
/// The laps' time (and distance, where they give one) is the run's; the records' minutes under
/// the lap's 5 km had made a 3:13/km "pace", without a word.
#[test]
fn trackpoints_without_a_distance_that_lost_a_part_give_way_to_the_laps() {
    let without_distance = |bytes: Vec<u8>| {
        let text = String::from_utf8(bytes).unwrap();
        let mut out = String::new();
        for (i, part) in text.split("<Trackpoint>").enumerate() {
            if i == 0 {
                out.push_str(part);
                continue;
            }
            // Each trackpoint's own distance goes; the lap's (before the first one) stays.
            let (head, tail) = part.split_once("<DistanceMeters>").unwrap();
            let (_, tail) = tail.split_once("</DistanceMeters>").unwrap();
            out.push_str("<Trackpoint>");
            out.push_str(head);
            out.push_str(tail);
        }
        out.into_bytes()
    };
    let row = only(
        "trainer.tcx",
        SourceFormat::Tcx,
        &without_distance(tcx(7204.0, 5000.0, 968, 3.0)),
    );
    let s = summary(&row);
    assert_eq!((s.distance_m, s.moving_time_s), (5000.0, 7204.0));
    let said = detail(&row, "laps_disagree");
    assert!(
        said.starts_with("laps say 5.00 km in 2:00:04, trackpoints (no distance) span 16:07")
            && said.ends_with("too small a part of the run to tell its intensity by"),
        "{said}"
    );
    // A lap of no distance: its time alone.
    let row = only(
        "bike.tcx",
        SourceFormat::Tcx,
        &without_distance(tcx(7204.0, 0.0, 968, 3.0)),
    );
    assert_eq!(summary(&row).moving_time_s, 7204.0);
    assert!(detail(&row, "laps_disagree").contains("missing a part, time from the laps"));
    // Records spanning the lap, or all of it but its first 20 s: nothing to say.
    for (file, points) in [("whole.tcx", 901), ("late.tcx", 581)] {
        let row = only(
            file,
            SourceFormat::Tcx,
            &without_distance(tcx(600.0, 1800.0, points, 3.0)),
        );
        assert!(!has(&row, "laps_disagree"), "{file}");
        assert!(summary(&row).moving_time_s <= 900.0, "{file}");
    }
    // Two laps an exporter wrote overlapping (the second starts 5 minutes before the first
    // ends): 50 minutes of laps' time, a 45-minute span, records over all of it.
    let one_lap = String::from_utf8(without_distance(tcx(1500.0, 0.0, 2701, 3.0))).unwrap();
    let second = format!(
        "</Lap><Lap StartTime=\"{}\"><TotalTimeSeconds>1500</TotalTimeSeconds><DistanceMeters>0</DistanceMeters><Track>",
        testkit::iso_time(T0 + 1200.0, None)
    );
    let at = one_lap.find(&format!(
        "<Time>{}</Time>",
        testkit::iso_time(T0 + 1200.0, None)
    ));
    let at = one_lap[..at.unwrap()].rfind("<Trackpoint>").unwrap();
    let overlapping = format!("{}</Track>{second}{}", &one_lap[..at], &one_lap[at..]);
    let row = only("overlap.tcx", SourceFormat::Tcx, overlapping.as_bytes());
    assert!(
        !has(&row, "laps_disagree"),
        "{:?}",
        row.summary.as_deref().map(|s| &s.quality)
    );
    assert_eq!(summary(&row).moving_time_s, 2700.0);
}

#[test]
fn real_tcx_laps_that_disagree_are_said_and_those_that_agree_are_not() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    for file in ["tcx/togeojson__sample.tcx", "tcx/togeojson__tour_hr.tcx"] {
        let bytes = std::fs::read(real.join(file)).unwrap();
        let row = only(file, SourceFormat::Tcx, &bytes);
        assert!(has(&row, "laps_disagree"), "{file}");
        let s = summary(&row);
        // Distance and time from the same record: the laps, 3–3.6 m/s.
        let speed = s.distance_m / s.moving_time_s;
        assert!((2.9..3.7).contains(&speed), "{file}: {speed}");
    }
    // A mountain outing whose laps pause for 399 s: the distances agree.
    let extra = real.with_file_name("real-extra");
    let file = "tcx/GoldenCheetah__sweatpy__3173437224.tcx";
    let row = only(
        file,
        SourceFormat::Tcx,
        &std::fs::read(extra.join(file)).unwrap(),
    );
    assert!(!has(&row, "laps_disagree"));
}

#[test]
fn totals_no_device_produces_are_left_out_and_said() {
    let athlete = Athlete::intermediate();
    let run = simulate(
        &athlete,
        &RunPlan::new(Intent::Easy, Amount::Minutes(30.0)),
        T0,
        3,
    );
    let bytes = write_fit(&[run], &FitOptions::default());
    let good = only("good.fit", SourceFormat::Fit, &bytes);
    // The session's total_distance (field 9, uint32 cm) set to 0xFFFFFFFE: 42,950 km.
    let patched = patch_session_field(&bytes, 9, 0xFFFF_FFFE);
    let row = only("huge.fit", SourceFormat::Fit, &patched);
    assert!(
        detail(&row, "implausible_total").contains("42949.7 km"),
        "{:?}",
        summary(&row).quality
    );
    let (a, b) = (summary(&good), summary(&row));
    assert!(
        (b.distance_m - a.distance_m).abs() < 0.01 * a.distance_m,
        "{} vs {}",
        b.distance_m,
        a.distance_m
    );
    assert_eq!(row.left_out, None);
    // Its total_elapsed_time (field 7, uint32 ms) set to 30 days: left out, the records' 30 min.
    let patched = patch_session_field(&bytes, 7, 30 * 86_400_000);
    let row = only("month.fit", SourceFormat::Fit, &patched);
    assert!(
        detail(&row, "implausible_total").contains("elapsed time 30.0 days"),
        "{:?}",
        summary(&row).quality
    );
    assert!((summary(&row).elapsed_time_s - a.elapsed_time_s).abs() < 1.0);
}

/// Rewrites a uint32 field of the first session message of a FIT file made by the test kit
/// (fixing the file CRC), as a corrupt device would write it.
fn patch_session_field(bytes: &[u8], field: u8, raw: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let header = usize::from(out[0]);
    let end = out.len() - 2;
    let mut definitions: std::collections::HashMap<u8, (u16, Vec<(u8, u8)>)> = Default::default();
    let mut at = header;
    while at < end {
        let head = out[at];
        at += 1;
        if head & 0x80 != 0 {
            let local = (head >> 5) & 0x03;
            let (_, fields) = &definitions[&local];
            at += fields.iter().map(|f| usize::from(f.1)).sum::<usize>();
            continue;
        }
        let local = head & 0x0F;
        if head & 0x40 != 0 {
            let global = u16::from_le_bytes([out[at + 2], out[at + 3]]);
            let n = usize::from(out[at + 4]);
            let fields = (0..n)
                .map(|k| (out[at + 5 + 3 * k], out[at + 6 + 3 * k]))
                .collect();
            definitions.insert(local, (global, fields));
            at += 5 + 3 * n;
            continue;
        }
        let (global, fields) = definitions[&local].clone();
        let mut offset = at;
        for (num, size) in &fields {
            if global == 18 && *num == field {
                out[offset..offset + 4].copy_from_slice(&raw.to_le_bytes());
                let crc = testkit::fit_writer::crc16(&out[..end]);
                out[end..].copy_from_slice(&crc.to_le_bytes());
                return out;
            }
            offset += usize::from(*size);
        }
        at = offset;
    }
    panic!("no session field {field} to patch");
}

#[test]
fn real_impossible_figures_are_never_judged_as_a_run() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    // A 140-day "run" of three outings: three rows, none longer than a day.
    let file = "gpx/togeojson__blue_hills.gpx";
    let rows = read(
        file,
        SourceFormat::Gpx,
        &std::fs::read(real.join(file)).unwrap(),
    );
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| summary(r).elapsed_time_s < 86_400.0));
    // 13.7 km "in 1 second": a lap written twice and two trackpoints. Counted once, from the lap.
    let file = "broken/togeojson__bad.tcx";
    let row = only(
        file,
        SourceFormat::Tcx,
        &std::fs::read(real.join(file)).unwrap(),
    );
    let s = summary(&row);
    assert!((s.distance_m - 6839.97).abs() < 1e-6, "{}", s.distance_m);
    assert_eq!(s.moving_time_s, 2283.0);
    assert!(has(&row, "copied_laps") && has(&row, "laps_disagree"));
}

#[test]
fn an_apple_health_route_says_where_its_heart_rate_is() {
    // The Health app's export holds each workout's route as a GPX of positions alone; the heart
    // rate stays in export.xml. Judged by pace, and the row says why and what to do.
    let with_creator = |creator: &str, hr: Option<u8>| {
        let text = String::from_utf8(gpx(&[track(&[2.8; 1800], hr, None)], None))
            .unwrap()
            .replace("creator=\"test\"", &format!("creator=\"{creator}\""));
        let row = only(
            "route_2024-05-04_7.30am.gpx",
            SourceFormat::Gpx,
            text.as_bytes(),
        );
        summary(&row)
            .quality
            .iter()
            .any(|q| q.code == "apple_health_route")
    };
    assert!(with_creator("Apple Health Export", None));
    // Another app's route, or a Health route that somehow carries heart rate: nothing to say.
    assert!(!with_creator("StravaGPX", None));
    assert!(!with_creator("Apple Health Export", Some(140)));
}

/// A run of which the TCX kept 4 s of trackpoints and its lap: 44:38 and 6.2 km, the lap's
/// average HR 179 (a tapiriik export in the npm `tcx` package). Its average HR is the lap's, not
/// the 4 s of records', and nothing inside it is zoned: judged alone against the default max
/// (190), 94 % is hard by its average alone — it had read "easy: 0 % of the time low" by a pace
/// zone of 4 seconds.
#[test]
fn a_track_cut_to_seconds_keeps_its_lap_s_average_heart_rate_and_is_judged_by_it() {
    let bytes = String::from_utf8(tcx(2678.0, 6164.9, 5, 3.0))
        .unwrap()
        .replace(
            "<DistanceMeters>6164.9</DistanceMeters>",
            "<DistanceMeters>6164.9</DistanceMeters><AverageHeartRateBpm><Value>179</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>188</Value></MaximumHeartRateBpm>",
        );
    let row = only("cut.tcx", SourceFormat::Tcx, bytes.as_bytes());
    let s = summary(&row);
    assert_eq!(
        (s.moving_time_s, s.avg_hr, s.max_hr),
        (2678.0, Some(179.0), Some(188))
    );
    assert!(detail(&row, "hr_from_device_totals").contains("0:04 of 44:38"));
    assert!(s.series.to_vec().is_empty(), "a fragment is not zoned");
    assert!(detail(&row, "laps_disagree")
        .ends_with("too small a part of the run to tell its intensity by"));
    let rows = grayzone::judge::judge(vec![row], &grayzone::judge::profile::Profile::default());
    let j = rows[0].judgement.as_ref().expect("judged");
    assert_eq!(
        j.class,
        grayzone::judge::classify::RunClass::Hard,
        "{}",
        j.reason
    );
    assert!(
        j.reason
            .to_string()
            .starts_with("tempo run: by its average HR alone"),
        "{}",
        j.reason
    );
    // Judged by the heart, not by pace: no `pace_only` flag beside that reason.
    assert!(
        !j.flags.contains(&grayzone::judge::classify::Flag::PaceOnly),
        "{:?}",
        j.flags
    );
    // The file as it is, its lap's maximum 206: no max HR under it judges the lap's average
    // (179 of 190 read "tempo run, 94 %" where the lap itself said 206: probe 35 P2).
    let real = bytes.replace(
        "<MaximumHeartRateBpm><Value>188</Value>",
        "<MaximumHeartRateBpm><Value>206</Value>",
    );
    let row = only("cut.tcx", SourceFormat::Tcx, real.as_bytes());
    let rows = grayzone::judge::judge(vec![row], &grayzone::judge::profile::Profile::default());
    let j = rows[0].judgement.as_ref().expect("judged");
    assert_eq!(j.baseline.max_hr.value, 206.0);
    assert_eq!(
        j.session,
        grayzone::judge::classify::SessionKind::GrayZone,
        "{}",
        j.reason
    );
}

/// A phone's GPX in a Strava export names no sport, and at 3.2 m/s with nothing else to tell it
/// is read as a run by its speed; the export's `activities.csv` says the runner logged a ride.
/// The index is the runner's own record: the row is cross-training, its cadence a crank's, and
/// its quality says where its sport came from. A file that names its sport keeps it.
#[test]
fn a_file_without_a_sport_takes_the_one_the_export_s_index_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("activities")).unwrap();
    let ride = track(&[3.2; 1800], None, Some(80));
    std::fs::write(
        d.join("activities/1.gpx"),
        gpx(std::slice::from_ref(&ride), None),
    )
    .unwrap();
    let alone =
        grayzone::summarize::read_export(&[d.join("activities/1.gpx")], &Default::default())
            .unwrap();
    let guessed = summary(&alone[0]);
    assert_eq!(
        (guessed.sport, guessed.avg_cadence),
        (Sport::Running, Some(160.0))
    );
    let csv =
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Filename\n\
               1,\"Jul 20, 2019, 2:00:00 PM\",Evening,Ride,,activities/1.gpx\n\
               2,\"Jul 21, 2019, 2:00:00 PM\",Morning,Ride,,activities/2.gpx\n";
    std::fs::write(d.join("activities.csv"), csv).unwrap();
    let rows = grayzone::summarize::read_export(&[d.to_path_buf()], &Default::default()).unwrap();
    let row = rows.iter().find(|r| r.path.ends_with("1.gpx")).unwrap();
    let s = summary(row);
    assert_eq!(row.status, Status::NotRun, "{}", row.note);
    assert_eq!(
        (s.sport, s.sport_inferred, s.avg_cadence),
        (Sport::Cycling, false, Some(80.0))
    );
    assert!(
        detail(row, "sport_from_index").contains("\"Ride\""),
        "{:?}",
        s.quality
    );
    assert!(!has(row, "sport_inferred"));
    // A ride at 7.5 m/s that the index calls a run (logged in the wrong sport) is read, not
    // judged, as when the file itself says run.
    std::fs::write(
        d.join("activities/2.gpx"),
        gpx(&[track(&[7.5; 1800], None, None)], None),
    )
    .unwrap();
    let csv = csv.replace("Morning,Ride,", "Morning,Run,");
    std::fs::write(d.join("activities.csv"), csv).unwrap();
    let rows = grayzone::summarize::read_export(&[d.to_path_buf()], &Default::default()).unwrap();
    let fast = rows.iter().find(|r| r.path.ends_with("2.gpx")).unwrap();
    assert_eq!(summary(fast).sport, Sport::Running);
    assert!(
        matches!(&fast.left_out, Some(LeftOut::Implausible(why)) if why.contains("7.5 m/s")),
        "{:?}",
        fast.left_out
    );
    // The same file saying `<type>running</type>` stays a run, whatever the index says.
    std::fs::write(
        d.join("activities/1.gpx"),
        gpx(std::slice::from_ref(&ride), Some("running")),
    )
    .unwrap();
    let rows = grayzone::summarize::read_export(&[d.to_path_buf()], &Default::default()).unwrap();
    let row = rows.iter().find(|r| r.path.ends_with("1.gpx")).unwrap();
    assert_eq!(
        (row.status, summary(row).sport),
        (Status::Ok, Sport::Running)
    );
    // A file whose sport is only "other" (TCX's word for none of running and biking) takes the
    // index's, as one without a word does.
    std::fs::write(d.join("activities/1.gpx"), gpx(&[ride], Some("other"))).unwrap();
    let rows = grayzone::summarize::read_export(&[d.to_path_buf()], &Default::default()).unwrap();
    let row = rows.iter().find(|r| r.path.ends_with("1.gpx")).unwrap();
    assert_eq!(
        (row.status, summary(row).sport),
        (Status::NotRun, Sport::Cycling)
    );
}
