//! Our GPX and TCX readers against `../shared/fixtures/real/REFERENCE.csv` (gpxpy for GPX, Python's
//! ElementTree for TCX), and the documented outcome of every broken or refused file.

use std::collections::BTreeMap;
use std::path::Path;

use grayzone::activity::{Activity, FileContent, SourceFormat};

use crate::real;

use real::{corpus, ReferenceRow};

/// REFERENCE.csv rows of GPX and TCX files, by relative path.
fn reference(real: &Path) -> BTreeMap<String, ReferenceRow> {
    real::reference(real)
        .into_iter()
        .filter(|row| matches!(row["format"].as_str(), "gpx" | "tcx"))
        .map(|row| (row["file"].clone(), row))
        .collect()
}

/// How a file that is not simply "accepted, matching the reference" must come out.
enum Documented {
    /// Refused: the error message starts with this.
    Refused(&'static str),
    /// Accepted with exactly these quality-note codes (any other difference is checked separately).
    Notes(&'static [&'static str]),
    /// Read as no activity (a route, a plan): the note starts with this.
    NotActivity(&'static str),
}

/// Every broken file and every GPX we refuse or read differently from gpxpy, with the reason.
fn documented() -> BTreeMap<&'static str, Documented> {
    use Documented::*;
    BTreeMap::from([
        // A Strava route exported as a track: no times at all, a plan.
        (
            "gpx/georust__strava_route_example.gpx",
            NotActivity("GPX holds 1 track(s) of "),
        ),
        // GPSBabel's INT32_MIN placeholder times (1901-12-13).
        (
            "gpx/gpxpy__Mojstrovka.gpx",
            Refused("GPX track points are timed before 1990 (1901-12-13T20:45:52Z)"),
        ),
        // Seven tracks without any time are set aside; of the last one only 5 of 21 points are timed.
        (
            "gpx/gpxpy__cerknicko-without-times.gpx",
            Refused("only 5 of 21 GPX track points have a usable <time> (90 % needed)"),
        ),
        // A Garmin handheld's saved (time-stripped) copy of the track beside the timed ACTIVE LOGs:
        // the copy's 358 points are left out (gpxpy counts 871 points, we keep 513).
        ("gpx/gpxpy__korita-zbevnica.gpx", Notes(&["untimed_tracks"])),
        // gpxpy refuses the non-schema <fix>; we do not read <fix> and keep the 3 points.
        ("broken/georust__with_accuracy.gpx", Notes(&[])),
        // Both points are "undefined" and share one time: nothing to measure.
        (
            "broken/togeojson__bad.gpx",
            Refused("all 2 GPX track points have the same time 2007-05-11T15:22:06Z"),
        ),
        // Non-numeric and 0,0 positions become None; everything else is read. Its one lap is
        // written twice (same start, time and distance): counted once.
        (
            "broken/togeojson__bad.tcx",
            Notes(&["bad_values", "copied_laps"]),
        ),
        // Outings days and months apart: one activity each.
        (
            "gpx/togeojson__blue_hills.gpx",
            Notes(&["several_outings"; 3]),
        ),
        (
            "gpx/togeojson__multitrackgpx.gpx",
            Notes(&["several_outings"; 3]),
        ),
    ])
}

fn decode(real: &Path, file: &str) -> grayzone::activity::DecodeResult {
    let bytes = std::fs::read(real.join(file)).unwrap();
    let format = if file.ends_with(".tcx") {
        SourceFormat::Tcx
    } else {
        SourceFormat::Gpx
    };
    grayzone::ingest::decode::decode(format, &bytes)
}

fn time(iso: &str) -> f64 {
    let t = chrono::DateTime::parse_from_rfc3339(iso).unwrap();
    t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
}

fn samples(list: &[Activity]) -> usize {
    list.iter().map(|a| a.samples.len()).sum()
}

fn samples_with_hr(list: &[Activity]) -> usize {
    list.iter()
        .flat_map(|a| &a.samples)
        .filter(|s| s.heart_rate.is_some())
        .count()
}

/// Our first and last sample time. Samples are sorted per activity; activities are in file order.
fn first_last(list: &[Activity]) -> (f64, f64) {
    let first = list
        .first()
        .and_then(|a| a.samples.first())
        .map_or(f64::NAN, |s| s.time);
    let last = list
        .last()
        .and_then(|a| a.samples.last())
        .map_or(f64::NAN, |s| s.time);
    (first, last)
}

fn check_counts_and_times(file: &str, row: &BTreeMap<String, String>, list: &[Activity]) {
    let (first, last) = first_last(list);
    match file {
        // gpxpy's first/last are in file order and these tracks are not chronological: we sort.
        "gpx/togeojson__blue_hills.gpx" => {
            assert_eq!(
                (first, last),
                (time("2001-05-26T15:15:07Z"), time("2001-10-13T21:25:40Z")),
                "{file}"
            );
        }
        _ => {
            assert!(
                (first - time(&row["first_time"])).abs() < 1e-3,
                "{file}: first {first} vs {}",
                row["first_time"]
            );
            assert!(
                (last - time(&row["last_time"])).abs() < 1e-3,
                "{file}: last {last} vs {}",
                row["last_time"]
            );
        }
    }
    let records = number(row, "records") as usize;
    let expected_samples = if file == "gpx/gpxpy__korita-zbevnica.gpx" {
        records - 358
    } else {
        records
    };
    assert_eq!(samples(list), expected_samples, "{file}: samples");
    assert_eq!(
        samples_with_hr(list),
        number(row, "records_with_hr") as usize,
        "{file}: samples with HR"
    );
}

fn check_tcx_totals(file: &str, row: &BTreeMap<String, String>, list: &[Activity]) {
    let timer: f64 = list.iter().filter_map(|a| a.totals.timer_s).sum();
    let distance: f64 = list.iter().filter_map(|a| a.totals.distance_m).sum();
    // The reference sums every <Lap>; bad.tcx writes its one lap twice, which counts once.
    let copies = if file == "broken/togeojson__bad.tcx" {
        2.0
    } else {
        1.0
    };
    assert!(
        (timer - number(row, "total_timer_time_s") / copies).abs() < 1e-3,
        "{file}: timer {timer}"
    );
    assert!(
        (distance - number(row, "total_distance_m") / copies).abs() < 1e-3,
        "{file}: distance {distance}"
    );
    assert_eq!(
        list.len(),
        number(row, "sessions") as usize,
        "{file}: activities"
    );
    let sports: Vec<&str> = list.iter().map(|a| a.sport_raw.as_str()).collect();
    assert_eq!(sports.join("|"), row["sport"], "{file}: sport");
    assert!(list.iter().all(|a| a.laps > 0), "{file}: laps");
}

#[test]
fn gpx_and_tcx_match_the_reference() {
    let Some(real) = corpus() else { return };
    let rows = reference(&real);
    let documented = documented();
    let mut checked = 0;
    for (file, row) in &rows {
        let result = decode(&real, file);
        let list = match (&result, documented.get(file.as_str())) {
            (Err(e), Some(Documented::Refused(start))) => {
                assert!(e.0.starts_with(start), "{file}: {e}");
                println!("{file}: refused as documented: {e}");
                checked += 1;
                continue;
            }
            (Ok(FileContent::NotActivity { note }), Some(Documented::NotActivity(start))) => {
                assert!(note.starts_with(start), "{file}: {note}");
                assert!(
                    note.ends_with("a route or a plan, not a recorded activity"),
                    "{file}: {note}"
                );
                checked += 1;
                continue;
            }
            (Ok(FileContent::Activities(list)), Some(Documented::Notes(codes))) => {
                let found: Vec<&str> = list.iter().flat_map(|a| &a.notes).map(|n| n.code).collect();
                assert_eq!(&found, codes, "{file}");
                list
            }
            (Ok(FileContent::Activities(list)), None) => {
                let notes: Vec<_> = list.iter().flat_map(|a| &a.notes).collect();
                assert!(notes.is_empty(), "{file}: unexpected notes {notes:?}");
                list
            }
            (other, expected) => panic!(
                "{file}: got {other:?}, documented {:?}",
                expected.map(describe)
            ),
        };
        if row["records"].is_empty() {
            // gpxpy could not read it (with_accuracy.gpx); the points are checked in the unit test.
            assert_eq!(samples(list), 3, "{file}");
        } else {
            check_counts_and_times(file, row, list);
        }
        if file.ends_with(".tcx") {
            check_tcx_totals(file, row, list);
        }
        println!(
            "{file}: ok, {} samples, {} with HR",
            samples(list),
            samples_with_hr(list)
        );
        checked += 1;
    }
    assert_eq!(checked, rows.len());
    // 19 GPX + 10 TCX + 3 broken XML files in the corpus.
    assert!(checked >= 32, "only {checked} files");
    for file in documented.keys() {
        assert!(
            rows.contains_key(*file),
            "{file} is documented but not in REFERENCE.csv"
        );
    }
}

fn describe(d: &Documented) -> String {
    match d {
        Documented::Refused(start) => format!("refused: {start}…"),
        Documented::Notes(codes) => format!("accepted with notes {codes:?}"),
        Documented::NotActivity(start) => format!("no activity: {start}…"),
    }
}

#[test]
fn broken_tcx_keeps_what_is_readable() {
    let Some(real) = corpus() else { return };
    let Ok(FileContent::Activities(list)) = decode(&real, "broken/togeojson__bad.tcx") else {
        panic!("bad.tcx must be read");
    };
    let ride = &list[0];
    let positions: Vec<_> = ride.samples.iter().map(|s| s.position).collect();
    // Times 15:59:36, :37 in both laps (sorted, ties in file order): 0,0 / no,undefined / 0,10 / undefined,10.
    assert_eq!(positions, vec![None, None, Some((0.0, 10.0)), None]);
    assert_eq!(ride.utc_offset_s, Some(3_600));
    assert_eq!(ride.device.as_deref(), Some("Fitbit Versa"));
    assert_eq!(
        ride.notes[0].detail,
        "3 unreadable or impossible values left out (position: 2, position 0,0 (no fix): 1)"
    );
}

#[test]
fn two_activity_tcx_keeps_them_apart() {
    let Some(real) = corpus() else { return };
    let Ok(FileContent::Activities(list)) =
        decode(&real, "tcx/dblock__multiple_running_activities.tcx")
    else {
        panic!("must be read");
    };
    let shape: Vec<(usize, usize, u32, Option<f64>)> = list
        .iter()
        .map(|a| {
            let hr = a.samples.iter().filter(|s| s.heart_rate.is_some()).count();
            (a.samples.len(), hr, a.laps, a.totals.timer_s)
        })
        .collect();
    // The first activity is dblock__running_activity_1.tcx (1254 points, 15 laps, HR throughout).
    assert_eq!(
        shape,
        vec![(1254, 1254, 15, Some(3270.0)), (1463, 0, 11, Some(5259.0))]
    );
}
