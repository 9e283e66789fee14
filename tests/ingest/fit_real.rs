//! Our FIT decoder against `REFERENCE.csv` of the real-world corpus (values from Garmin's official
//! FIT SDK), and the salvage outcome of every file the SDK refuses.

use grayzone::activity::{Activity, FileContent};
use std::path::Path;

use crate::real;

use real::{corpus as real_corpus, ReferenceRow as Row};

/// REFERENCE.csv rows of FIT files.
fn reference_rows(dir: &Path) -> Vec<Row> {
    real::reference(dir)
        .into_iter()
        .filter(|row| row["format"] == "fit")
        .collect()
}

fn num(row: &Row, col: &str) -> Option<f64> {
    let v = row[col].as_str();
    (!v.is_empty()).then(|| v.parse().unwrap())
}

fn count(row: &Row, col: &str) -> usize {
    row[col].parse().unwrap()
}

fn iso_to_unix(s: &str) -> f64 {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp() as f64
}

/// What we promise for a file the SDK could not read to the end (or at all).
enum Outcome {
    Error(&'static str),
    Activities {
        /// Samples per activity, in session order.
        records: &'static [usize],
        with_hr: usize,
        sport_raw: &'static [&'static str],
        /// Quality-note codes every activity carries, in order.
        notes: &'static [&'static str],
    },
}

/// Per file the SDK refused: what we make of it, and why that is right.
fn salvage_expectation(file: &str) -> Option<Outcome> {
    use Outcome::*;
    Some(match file {
        // Nothing to read.
        "broken/elevate__empty.fit" => Error("empty file (0 bytes)"),
        // Developer field descriptions whose base type does not match their size crash the SDK
        // and fitdecode; we step over developer fields by their declared sizes, and fitparser
        // (fit_oracle) agrees with every record value.
        "broken/fff__tpv_dev_fields_20260222.fit" => Activities {
            records: &[3400],
            with_hr: 3400,
            sport_raw: &["cycling/virtual_activity"],
            notes: &[],
        },
        // Two chained copies of one activity, the second with a wrong CRC: both kept, as the SDK
        // did before raising the CRC error at the very end.
        "broken/fitparse__activity-activity-filecrc.fit" => Activities {
            records: &[14, 14],
            with_hr: 0,
            sport_raw: &["running", "running"],
            notes: &["crc_mismatch"],
        },
        "broken/fitparse__activity-filecrc.fit" => Activities {
            records: &[14],
            with_hr: 0,
            sport_raw: &["running"],
            notes: &["crc_mismatch"],
        },
        // The second chained part has no .FIT signature.
        "broken/fitparse__activity-settings-corruptheader.fit" => Activities {
            records: &[14],
            with_hr: 0,
            sport_raw: &["running"],
            notes: &["chained_part_broken"],
        },
        // The second chained part's header promises data the file does not have.
        "broken/fitparse__activity-settings-nodata.fit" => Activities {
            records: &[14],
            with_hr: 0,
            sport_raw: &["running"],
            notes: &["truncated"],
        },
        // The header's data size runs past the end of the file.
        "broken/fitparse__activity-unexpected-eof.fit" => Activities {
            records: &[14],
            with_hr: 0,
            sport_raw: &["running"],
            notes: &["truncated"],
        },
        // Sigma never finished the file: its last message runs past the header's data size and
        // no CRC follows. No session message; the sport comes from the sport message.
        "broken/fitparse__nick_sigma-unterminated.fit" => Activities {
            records: &[14391],
            with_hr: 14391,
            sport_raw: &["cycling"],
            notes: &["truncated", "no_session"],
        },
        // A data message with an undefined local type at byte 7471: everything before is kept.
        "broken/fitparse__strava-android-app-201.10.fit" => Activities {
            records: &[473],
            with_hr: 0,
            sport_raw: &["running"],
            notes: &["undefined_message"],
        },
        // Forerunner 70 files use compressed-timestamp headers, which the Python SDK does not
        // support (0 records); fitdecode reads 686 / 755 records, as we do, and fitparser agrees
        // with every value (fit_oracle). The clock was never set: times are device-relative.
        "fit/fitparse__antfs-dump.63.fit" => Activities {
            records: &[686],
            with_hr: 685,
            sport_raw: &["running"],
            notes: &["relative_time"],
        },
        "fit/fitparse__compressed-speed-distance.fit" => Activities {
            records: &[755],
            with_hr: 754,
            sport_raw: &["running"],
            notes: &["relative_time"],
        },
        _ => return None,
    })
}

/// "running/treadmill" from the SDK's words; "running" when the sub-sport is generic or absent.
fn sport_raw(sport: &str, sub: &str) -> String {
    if sub.is_empty() || sub == "generic" {
        sport.to_owned()
    } else {
        format!("{sport}/{sub}")
    }
}

fn samples_with_hr(acts: &[Activity]) -> usize {
    acts.iter()
        .flat_map(|a| &a.samples)
        .filter(|s| s.heart_rate.is_some())
        .count()
}

fn decode_file(dir: &Path, file: &str) -> grayzone::activity::DecodeResult {
    grayzone::ingest::decode::fit::decode(&std::fs::read(dir.join(file)).unwrap())
}

/// Session totals the SDK decoded (before any error) must be ours too.
fn assert_totals(row: &Row, acts: &[Activity], file: &str) {
    let sessions = count(row, "sessions");
    if sessions == 0 {
        return;
    }
    assert_eq!(acts.len(), sessions, "{file}: sessions");
    let sum = |f: fn(&Activity) -> Option<f64>| acts.iter().filter_map(f).sum::<f64>();
    let close = |ours: f64, col: &str| {
        if let Some(want) = num(row, col) {
            assert!((ours - want).abs() < 1e-3, "{file}: {col} {ours} vs {want}");
        }
    };
    close(sum(|a| a.totals.elapsed_s), "total_elapsed_time_s");
    close(sum(|a| a.totals.timer_s), "total_timer_time_s");
    close(sum(|a| a.totals.distance_m), "total_distance_m");
    let start = acts[0].totals.start_time.unwrap();
    assert_eq!(
        start,
        iso_to_unix(&row["session_start_time"]),
        "{file}: session_start_time"
    );
    if let Some(max_hr) = num(row, "max_heart_rate") {
        let ours = acts.iter().filter_map(|a| a.totals.max_hr).max().unwrap();
        assert_eq!(f64::from(ours), max_hr, "{file}: max_heart_rate");
    }
}

fn check_sdk_decoded(row: &Row, result: grayzone::activity::DecodeResult, file: &str) {
    let sessions = count(row, "sessions");
    let records = count(row, "records");
    if sessions == 0 && records == 0 {
        assert!(
            matches!(&result, Ok(FileContent::NotActivity { note }) if note.contains("not an activity")),
            "{file}: expected not-an-activity, got {result:?}"
        );
        return;
    }
    let Ok(FileContent::Activities(acts)) = result else {
        panic!("{file}: expected activities, got {result:?}");
    };
    assert_totals(row, &acts, file);
    let sports: Vec<&str> = row["sport"].split('|').collect();
    let subs: Vec<&str> = row["sub_sport"].split('|').collect();
    for (i, a) in acts.iter().enumerate() {
        let want = sport_raw(sports[i], subs.get(i).copied().unwrap_or(""));
        assert_eq!(a.sport_raw, want, "{file}: sport of session {i}");
        assert!(a.notes.is_empty(), "{file}: unexpected notes {:?}", a.notes);
    }
    let total: usize = acts.iter().map(|a| a.samples.len()).sum();
    assert_eq!(total, records, "{file}: records");
    // Heart rate a strap logged in `hr` messages is merged into the records, as the SDK does.
    let with_hr = match row["fit_records_with_hr_sdk_merged"].as_str() {
        "" => count(row, "records_with_hr"),
        _ => count(row, "fit_records_with_hr_sdk_merged"),
    };
    assert_eq!(
        samples_with_hr(&acts),
        with_hr,
        "{file}: records_with_hr (SDK-merged)"
    );
    let times = || acts.iter().flat_map(|a| a.samples.iter().map(|s| s.time));
    let first = times().fold(f64::INFINITY, f64::min);
    let last = times().fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(
        first,
        iso_to_unix(&row["first_time"]),
        "{file}: first record time"
    );
    assert_eq!(
        last,
        iso_to_unix(&row["last_time"]),
        "{file}: last record time"
    );
    let maker = row["device"].split(' ').next().unwrap_or("");
    let maker = match maker {
        "wahoo_fitness" => "wahoo",
        m => m,
    };
    let device = acts[0].device.as_deref().unwrap_or("");
    assert!(
        device.starts_with(maker),
        "{file}: device {device:?} vs SDK {:?}",
        row["device"]
    );
}

fn check_salvage(row: &Row, result: grayzone::activity::DecodeResult, file: &str, expect: Outcome) {
    match expect {
        Outcome::Error(msg) => match result {
            Err(e) => assert_eq!(e.0, msg, "{file}"),
            other => panic!("{file}: expected error {msg:?}, got {other:?}"),
        },
        Outcome::Activities {
            records,
            with_hr,
            sport_raw,
            notes,
        } => {
            let Ok(FileContent::Activities(acts)) = result else {
                panic!("{file}: expected activities, got {result:?}");
            };
            let ours: Vec<usize> = acts.iter().map(|a| a.samples.len()).collect();
            assert_eq!(ours, records, "{file}: records per activity");
            assert_eq!(samples_with_hr(&acts), with_hr, "{file}: samples with HR");
            for a in &acts {
                let codes: Vec<&str> = a.notes.iter().map(|n| n.code).collect();
                assert_eq!(codes, notes, "{file}: notes {:?}", a.notes);
                assert!(
                    a.samples.is_sorted_by(|x, y| x.time <= y.time),
                    "{file}: sorted"
                );
            }
            let raws: Vec<&str> = acts.iter().map(|a| a.sport_raw.as_str()).collect();
            assert_eq!(raws, sport_raw, "{file}: sports");
            // Whatever the SDK decoded before its error, we have too.
            let total: usize = ours.iter().sum();
            assert!(
                total >= count(row, "records"),
                "{file}: fewer records than the SDK"
            );
            let alt = count(row, "alt_fitdecode_records");
            assert!(
                alt == 0 || total == alt,
                "{file}: fitdecode read {alt} records, we {total}"
            );
            assert_totals(row, &acts, file);
        }
    }
}

#[test]
fn fit_files_match_the_garmin_sdk_reference() {
    let Some(dir) = real_corpus() else { return };
    let rows = reference_rows(&dir);
    assert!(
        rows.len() >= 45,
        "REFERENCE.csv lists {} FIT files",
        rows.len()
    );
    for row in &rows {
        let file = row["file"].as_str();
        let result = decode_file(&dir, file);
        let sdk_refused = !row["decode_errors"].is_empty();
        match salvage_expectation(file) {
            Some(expect) => check_salvage(row, result, file, expect),
            None => {
                assert!(
                    !sdk_refused && !file.starts_with("broken/"),
                    "{file}: the SDK refused it ({}); write its expected outcome",
                    row["decode_errors"]
                );
                check_sdk_decoded(row, result, file);
            }
        }
        println!("{file}: ok");
    }
}

#[test]
fn chained_activity_files_split_per_part() {
    let Some(dir) = real_corpus() else { return };
    // Two copies of the same activity: same start, each keeps its own 14 records and 1 lap.
    let Ok(FileContent::Activities(acts)) =
        decode_file(&dir, "broken/fitparse__activity-activity-filecrc.fit")
    else {
        panic!("expected activities");
    };
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0].totals.start_time, acts[1].totals.start_time);
    assert_eq!(acts[0].samples, acts[1].samples);
    assert_eq!((acts[0].laps, acts[1].laps), (1, 1));
    assert!(
        acts[0].notes[0].detail.starts_with("part 2 at byte 771"),
        "{:?}",
        acts[0].notes
    );
}

#[test]
fn triathlon_with_summary_first_assigns_records_to_their_legs() {
    let Some(dir) = real_corpus() else { return };
    let Ok(FileContent::Activities(acts)) =
        decode_file(&dir, "fit/muktihari__triathlon_summary_first.fit")
    else {
        panic!("expected activities");
    };
    let sports: Vec<_> = acts.iter().map(|a| a.sport).collect();
    use grayzone::activity::Sport::*;
    assert_eq!(sports, [Swimming, Other, Cycling, Other, Running]);
    for (i, a) in acts.iter().enumerate() {
        let start = a.totals.start_time.unwrap();
        let end = start + a.totals.elapsed_s.unwrap();
        assert!(!a.samples.is_empty(), "leg {i} has samples");
        for s in &a.samples {
            assert!(
                s.time >= start && s.time <= end + 1.0,
                "leg {i}: sample at {} outside {start}..{end}",
                s.time
            );
        }
    }
    // Device and UTC offset are shared by every leg.
    assert!(acts
        .iter()
        .all(|a| a.device.as_deref() == Some("garmin 3992")));
    assert!(acts.iter().all(|a| a.utc_offset_s == Some(-18000)));
}

#[test]
fn pauses_and_offsets_of_a_paused_ride() {
    let Some(dir) = real_corpus() else { return };
    let Ok(FileContent::Activities(acts)) =
        decode_file(&dir, "fit/fitparse__garmin-edge-500-activity.fit")
    else {
        panic!("expected activities");
    };
    let a = &acts[0];
    // timer 10641 s of 12691 s elapsed: the pauses must account for (most of) the difference.
    let paused: f64 = a.pauses.iter().map(|p| p.resumed_at - p.stopped_at).sum();
    let gap = a.totals.elapsed_s.unwrap() - a.totals.timer_s.unwrap();
    assert!(
        (paused - gap).abs() < 60.0,
        "paused {paused} s vs elapsed-timer {gap} s"
    );
    assert!(a.pauses.iter().all(|p| p.resumed_at >= p.stopped_at));
    assert_eq!(a.sport, grayzone::activity::Sport::Cycling);
    assert_eq!(a.device.as_deref(), Some("garmin 1036"));
}
