//! Our FIT decoder against `fitparser`, record by record, on every FIT file we have.
//!
//! fitparser is used at two levels: its raw data messages (field values after base-type and
//! invalid-value handling, before the profile) tell which source field a value must come from,
//! and its profile-decoded records give the values (timestamps with compressed offsets applied,
//! scaled numbers). Where the two decoders knowingly differ, the expectation is derived here
//! from fitparser's raw values instead; each such place says why:
//!
//! * `compressed_speed_distance`: fitparser adds up the raw 12-bit distance counters; the FIT SDK
//!   accumulates the counter's differences modulo 4096 (it is a rolling counter). The expected
//!   distance is accumulated from fitparser's raw bytes the SDK way.
//! * Fields whose size is not a multiple of their base type (COROS): fitparser re-reads them as
//!   byte arrays; we treat them as absent.
//! * Array fields: fitparser keeps the array; we take its first element (absent when that element
//!   holds the invalid marker).
//! * Preference between a field and its "enhanced" twin (altitude 2 / 78, speed 6 / 73 / 8):
//!   fitparser emits every expansion under the enhanced name; we keep one value, the enhanced
//!   field when valid. The expected value follows that rule on the raw fields and must be among
//!   fitparser's emitted values.
//! * Records without their own time: fitparser gives them none; we give them the last timestamp
//!   of the part, which the test tracks the same way.

use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};
use grayzone::activity::{Activity, FileContent, Sample};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::fitparser_values;
use crate::real;

use fitparser_values::{
    first_field, number, raw_narrow, raw_wide, time_of, CompressedDistance, FIT_EPOCH,
};

fn collect_fit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(crate::real::files_ending(dir, "fit"));
}

fn corpus() -> Vec<PathBuf> {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_fit_files(&crate_root.join("fixtures"), &mut files);
    if let Some(real) = real::corpus() {
        collect_fit_files(&real.join("fit"), &mut files);
        collect_fit_files(&real.join("broken"), &mut files);
    }
    files.sort();
    files
}

/// One record message as fitparser sees it.
struct OracleRecord {
    raw: HashMap<u8, Value>,
    decoded: FitDataRecord,
    /// The record's own timestamp, else the last one of any message in its part.
    time: Option<f64>,
    /// Distance from compressed_speed_distance, accumulated the SDK way.
    compressed_distance: Option<f64>,
}

struct Oracle {
    records: Vec<OracleRecord>,
    sessions: Vec<FitDataRecord>,
    laps: usize,
    /// `hr` messages: a strap's own log, which we merge into the records (as Garmin's SDK does)
    /// and fitparser leaves apart.
    hr_messages: usize,
}

fn run_oracle(bytes: &[u8]) -> Result<Oracle, String> {
    let mut processor = FitStreamProcessor::new();
    let mut out = Oracle {
        records: Vec::new(),
        sessions: Vec::new(),
        laps: 0,
        hr_messages: 0,
    };
    let mut last_time: Option<f64> = None;
    let mut counter = CompressedDistance::default();
    let mut buf = bytes;
    while !buf.is_empty() {
        let (rest, obj) = processor.deserialize_next(buf).map_err(|e| e.to_string())?;
        buf = rest;
        let msg = match obj {
            FitObject::Crc(_) => {
                processor.reset();
                last_time = None;
                counter = CompressedDistance::default();
                continue;
            }
            FitObject::DataMessage(msg) => msg,
            _ => continue,
        };
        let raw = msg.fields().clone();
        let decoded = processor.decode_message(msg).map_err(|e| e.to_string())?;
        if let Some(t) = first_field(&decoded, "timestamp").and_then(time_of) {
            last_time = Some(t);
        }
        match decoded.kind() {
            MesgNum::Record => {
                let compressed_distance = raw.get(&8).and_then(|v| counter.accumulate(v));
                out.records.push(OracleRecord {
                    raw,
                    decoded,
                    time: last_time,
                    compressed_distance,
                });
            }
            MesgNum::Session => out.sessions.push(decoded),
            MesgNum::Hr => out.hr_messages += 1,
            MesgNum::Lap => out.laps += 1,
            _ => {}
        }
    }
    Ok(out)
}

fn all_fields<'a>(rec: &'a FitDataRecord, name: &str) -> Vec<&'a Value> {
    rec.fields()
        .iter()
        .filter(|f| f.name() == name)
        .map(|f| f.value())
        .collect()
}

/// What our sample must hold for this record, field by field.
fn expected_sample(r: &OracleRecord) -> Sample {
    let raw = &r.raw;
    let position = match (raw_wide(raw, 0), raw_wide(raw, 1)) {
        (Some(lat), Some(long)) => {
            Some((lat * 180.0 / 2f64.powi(31), long * 180.0 / 2f64.powi(31)))
        }
        _ => None,
    };
    let altitude = raw_wide(raw, 78)
        .or_else(|| raw_wide(raw, 2))
        .map(|v| (v / 5.0 - 500.0) as f32);
    let compressed = raw.get(&8).and_then(|v| match v {
        Value::Array(b) => match (b.first(), b.get(1)) {
            (Some(Value::Byte(b0)), Some(Value::Byte(b1))) => {
                Some(f32::from(u16::from(*b0) | (u16::from(*b1 & 0x0F) << 8)) / 100.0)
            }
            _ => None,
        },
        _ => None,
    });
    let speed = raw_wide(raw, 73)
        .or_else(|| raw_wide(raw, 6))
        .map(|v| (v / 1000.0) as f32)
        .or(compressed);
    let distance = raw_wide(raw, 5)
        .map(|v| v / 100.0)
        .or(r.compressed_distance);
    Sample {
        time: r.time.unwrap_or(f64::NAN),
        position,
        distance_m: distance,
        speed_mps: speed,
        altitude_m: altitude,
        heart_rate: raw_narrow(raw, 3).map(|v| v as u8),
        cadence: raw_narrow(raw, 4).map(|v| v as u8),
        power_w: raw_wide(raw, 7).map(|v| v as u16),
    }
}

/// fitparser's own profile-decoded values must agree with the expectation wherever it emits the
/// same quantity (this checks the raw-level reasoning above against fitparser's profile).
fn check_against_decoded(r: &OracleRecord, want: &Sample, ctx: &str) {
    let d = &r.decoded;
    let has = |name: &str, value: f64, tol: f64| {
        all_fields(d, name)
            .iter()
            .filter_map(|v| number(v))
            .any(|x| (x - value).abs() <= tol)
    };
    if let Some(alt) = want.altitude_m {
        assert!(
            has("enhanced_altitude", f64::from(alt), 1e-3),
            "{ctx}: fitparser altitude"
        );
    }
    if let Some(speed) = want.speed_mps {
        assert!(
            has("enhanced_speed", f64::from(speed), 1e-6),
            "{ctx}: fitparser speed"
        );
    }
    if let (Some(dist), Some(_)) = (want.distance_m, raw_wide(&r.raw, 5)) {
        assert!(has("distance", dist, 1e-9), "{ctx}: fitparser distance");
    }
    if let Some(hr) = want.heart_rate {
        assert!(
            has("heart_rate", f64::from(hr), 0.0),
            "{ctx}: fitparser heart_rate"
        );
    }
    if let Some(t) = first_field(d, "timestamp").and_then(time_of) {
        assert_eq!(t, want.time, "{ctx}: fitparser timestamp");
    }
}

fn assert_sample(ours: &Sample, want: &Sample, ctx: &str) {
    assert_eq!(ours.time, want.time, "{ctx}: time");
    match (ours.position, want.position) {
        (Some((a, b)), Some((c, d))) => {
            assert!(
                (a - c).abs() < 1e-7 && (b - d).abs() < 1e-7,
                "{ctx}: position {a},{b} vs {c},{d}"
            )
        }
        (o, w) => assert_eq!(o, w, "{ctx}: position"),
    }
    match (ours.distance_m, want.distance_m) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ctx}: distance {a} vs {b}"),
        (o, w) => assert_eq!(o, w, "{ctx}: distance"),
    }
    assert_eq!(ours.speed_mps, want.speed_mps, "{ctx}: speed");
    assert_eq!(ours.altitude_m, want.altitude_m, "{ctx}: altitude");
    assert_eq!(ours.heart_rate, want.heart_rate, "{ctx}: heart_rate");
    assert_eq!(ours.cadence, want.cadence, "{ctx}: cadence");
    assert_eq!(ours.power_w, want.power_w, "{ctx}: power");
}

fn assert_session(ours: &Activity, s: &FitDataRecord, ctx: &str) {
    let num = |name: &str| first_field(s, name).and_then(number);
    let t = &ours.totals;
    assert_eq!(
        t.start_time,
        first_field(s, "start_time").and_then(time_of),
        "{ctx}: start_time"
    );
    let close = |a: Option<f64>, b: Option<f64>, what: &str| match (a, b) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ctx}: {what} {a} vs {b}"),
        (a, b) => assert_eq!(a, b, "{ctx}: {what}"),
    };
    close(t.elapsed_s, num("total_elapsed_time"), "total_elapsed_time");
    close(t.timer_s, num("total_timer_time"), "total_timer_time");
    close(t.distance_m, num("total_distance"), "total_distance");
    close(t.ascent_m, num("total_ascent"), "total_ascent");
    assert_eq!(
        t.avg_hr.map(f64::from),
        num("avg_heart_rate"),
        "{ctx}: avg_heart_rate"
    );
    assert_eq!(
        t.max_hr.map(f64::from),
        num("max_heart_rate"),
        "{ctx}: max_heart_rate"
    );
    let word = |name: &str| first_field(s, name).map(|v| v.to_string());
    let want_raw = match (word("sport"), word("sub_sport")) {
        (Some(sport), Some(sub)) if sub != "generic" => format!("{sport}/{sub}"),
        (Some(sport), _) => sport,
        (None, _) => String::new(),
    };
    assert_eq!(ours.sport_raw, want_raw, "{ctx}: sport");
}

/// Stable sort by time, as our decoder orders samples.
fn by_time<T>(items: &mut [T], time: impl Fn(&T) -> f64) {
    items.sort_by(|a, b| time(a).total_cmp(&time(b)));
}

/// The path below `fixtures/` or the real corpus, for the summary lines.
fn display_name(path: &Path) -> String {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = crate_root.join("../shared/fixtures/real");
    let short = path
        .strip_prefix(&real)
        .or_else(|_| path.strip_prefix(crate_root))
        .unwrap_or(path);
    short.display().to_string()
}

fn compare_file(path: &Path) -> String {
    let name = display_name(path);
    let bytes = std::fs::read(path).unwrap();
    let ours = grayzone::ingest::decode::fit::decode(&bytes);
    let oracle = std::panic::catch_unwind(|| run_oracle(&bytes))
        .unwrap_or_else(|_| Err("fitparser panicked".to_owned()));
    let outcome = match &ours {
        Ok(FileContent::Activities(a)) => format!("{} activities", a.len()),
        Ok(FileContent::NotActivity { note }) => format!("not an activity ({note})"),
        Err(e) => format!("error ({e})"),
    };
    let oracle = match oracle {
        Ok(o) => o,
        Err(e) => return format!("{name}: oracle refused ({e}); ours: {outcome}"),
    };

    let activities = match ours {
        Ok(FileContent::Activities(a)) => a,
        _ => {
            assert!(
                oracle.records.is_empty() && oracle.sessions.is_empty(),
                "{name}: fitparser finds {} records and {} sessions but we return {outcome}",
                oracle.records.len(),
                oracle.sessions.len()
            );
            return format!("{name}: no activity data in either decoder; ours: {outcome}");
        }
    };

    let mut ours: Vec<Sample> = activities
        .iter()
        .flat_map(|a| a.samples.iter().copied())
        .collect();
    let mut theirs = oracle.records;
    assert_eq!(ours.len(), theirs.len(), "{name}: record count");
    by_time(&mut ours, |s| s.time);
    by_time(&mut theirs, |r| r.time.unwrap_or(f64::NAN));
    for (i, (o, r)) in ours.iter().zip(&theirs).enumerate() {
        let ctx = format!(
            "{name} record {i} (t={})",
            r.time.unwrap_or(f64::NAN) - FIT_EPOCH
        );
        let mut want = expected_sample(r);
        check_against_decoded(r, &want, &ctx);
        if oracle.hr_messages > 0 {
            // The strap's beats are merged into the records and win over the record's own
            // reading: checked against the SDK's merge in fit_real.rs, not against fitparser.
            want.heart_rate = o.heart_rate;
        }
        assert_sample(o, &want, &ctx);
    }

    assert_eq!(
        activities.len(),
        oracle.sessions.len().max(1),
        "{name}: activities per session"
    );
    for (i, (a, s)) in activities.iter().zip(&oracle.sessions).enumerate() {
        assert_session(a, s, &format!("{name} session {i}"));
    }
    let laps: u32 = activities.iter().map(|a| a.laps).sum();
    assert_eq!(laps as usize, oracle.laps, "{name}: laps");
    // The device's name, the workout, lap marks and the watch's settings: `intent_oracle`, over
    // the same files.
    let merged = match oracle.hr_messages {
        0 => String::new(),
        n => format!(" (heart rate merged from {n} hr messages, not compared)"),
    };
    format!(
        "{name}: ok, {} records, {} sessions, {} laps identical{merged}",
        ours.len(),
        oracle.sessions.len(),
        laps
    )
}

#[test]
fn every_fit_file_matches_fitparser() {
    let files = corpus();
    let mut compared = 0;
    for path in &files {
        let line = compare_file(path);
        compared += usize::from(line.contains(": ok,"));
        println!("{line}");
    }
    println!(
        "{compared} of {} FIT files compared record by record",
        files.len()
    );
    if real::corpus().is_some() {
        // The real corpus has 30 files fitparser reads cleanly; fewer means something regressed.
        assert!(compared >= 30, "only {compared} files compared");
    }
}
