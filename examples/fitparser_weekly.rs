//! The peer of `grayzone weekly` for the speed comparison (`benches/compare.sh`): the same extraction
//! done the way a Rust tool built on the `fitparser` crate does it today.
//!
//! ```sh
//! cargo run --release --example fitparser_weekly -- FOLDER [-j N] [--max-hr BPM]
//! ```
//!
//! It walks FOLDER, decodes every `.fit` with `fitparser::from_bytes` on a rayon pool (`-j N`, or
//! `RAYON_NUM_THREADS`, or one thread per core), keeps of each record the fields grayzone uses
//! (timestamp, heart rate, distance, enhanced speed or speed, position, enhanced altitude or
//! altitude, cadence, power) and the session totals, reduces each file to a small summary (moving
//! time, distance, time-weighted mean heart rate over moving time, time in three heart-rate zones
//! against a fixed max HR: low below 80 %, moderate to 88 %, high above; climb, mean cadence and
//! power) and prints one CSV row per ISO week (UTC), in week order.
//!
//! Its per-file work is a fair like-for-like, and lighter than grayzone's (no HR cleaning, no GPS
//! jitter filter, no baseline or per-run verdict): a file's records are collected into a vector of
//! samples and summarized in one pass, as such tools do. `benches/peer_weekly.py` is the same
//! reduction in Python; both print the same CSV for the same files. A file that cannot be read or
//! decoded is reported on stderr and skipped; the exit status is then 1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Utc};
use fitparser::profile::MesgNum;
use fitparser::Value;
use rayon::prelude::*;

/// A sample counts as moving at this speed or more (m/s).
const MOVING_SPEED: f64 = 0.5;
/// A gap between records longer than this (a timer pause) counts as this long.
const MAX_GAP_S: f64 = 10.0;
/// Zone boundaries as shares of max HR.
const LOW_TOP: f64 = 0.80;
const HIGH_START: f64 = 0.88;
/// Altitude must change by this much before it counts as climb.
const CLIMB_HYSTERESIS_M: f64 = 3.0;

/// One record, as decoded.
#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    time: f64,
    heart_rate: Option<f64>,
    distance_m: Option<f64>,
    speed_mps: Option<f64>,
    position: Option<(f64, f64)>,
    altitude_m: Option<f64>,
    cadence: Option<f64>,
    power_w: Option<f64>,
}

/// The session message's totals.
#[derive(Clone, Copy, Debug, Default)]
struct Session {
    start_time: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
}

/// What is kept of one file.
#[derive(Clone, Copy, Debug, Default)]
struct RunSummary {
    start_time: f64,
    moving_s: f64,
    distance_m: f64,
    hr_s: f64,
    hr_sum: f64,
    zone_s: [f64; 3],
    ascent_m: f64,
    cadence_sum: f64,
    cadence_n: f64,
    power_sum: f64,
    power_n: f64,
}

/// One ISO week's totals.
#[derive(Clone, Copy, Debug, Default)]
struct Week {
    runs: u32,
    moving_s: f64,
    distance_m: f64,
    hr_s: f64,
    hr_sum: f64,
    zone_s: [f64; 3],
    ascent_m: f64,
}

struct Args {
    folder: PathBuf,
    threads: Option<usize>,
    max_hr: f64,
}

fn parse_args() -> Result<Args, String> {
    let mut folder = None;
    let mut threads = None;
    let mut max_hr = 188.0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" | "--threads" => {
                let n = args.next().and_then(|n| n.parse::<usize>().ok());
                threads = Some(n.filter(|&n| n > 0).ok_or("-j needs a positive number")?);
            }
            "--max-hr" => {
                let n = args.next().and_then(|n| n.parse::<f64>().ok());
                max_hr = n.filter(|&n| n > 0.0).ok_or("--max-hr needs a number")?;
            }
            _ if folder.is_none() && !a.starts_with('-') => folder = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    Ok(Args {
        folder: folder.ok_or("no FOLDER given")?,
        threads,
        max_hr,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "fitparser_weekly: {e}\nusage: fitparser_weekly FOLDER [-j N] [--max-hr BPM]"
            );
            std::process::exit(2);
        }
    };
    if let Some(n) = args.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("fitparser_weekly: thread pool: {e}");
            std::process::exit(2);
        }
    }
    let mut paths = Vec::new();
    if let Err(e) = walk(&args.folder, &mut paths) {
        eprintln!("fitparser_weekly: {}: {e}", args.folder.display());
        std::process::exit(2);
    }
    paths.sort();
    let results: Vec<Result<RunSummary, String>> = paths
        .par_iter()
        .map(|p| summarize_file(p, args.max_hr).map_err(|e| format!("{}: {e}", p.display())))
        .collect();
    let mut weeks: BTreeMap<(i32, u32), Week> = BTreeMap::new();
    let mut failed = 0;
    for r in results {
        match r {
            Ok(run) => add_to_week(&mut weeks, &run),
            Err(e) => {
                eprintln!("fitparser_weekly: {e}");
                failed += 1;
            }
        }
    }
    print_weeks(&weeks);
    if failed > 0 {
        std::process::exit(1);
    }
}

/// Every `.fit` under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("fit"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn summarize_file(path: &Path, max_hr: f64) -> Result<RunSummary, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let records = fitparser::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    let mut session = Session::default();
    for record in &records {
        match record.kind() {
            MesgNum::Record => samples.push(sample_of(record.fields())),
            MesgNum::Session => {
                for f in record.fields() {
                    match f.name() {
                        "start_time" => session.start_time = number(f.value()),
                        "total_timer_time" => session.timer_s = number(f.value()),
                        "total_distance" => session.distance_m = number(f.value()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if samples.is_empty() {
        return Err("no records".into());
    }
    Ok(reduce(&samples, &session, max_hr))
}

fn sample_of(fields: &[fitparser::FitDataField]) -> Sample {
    let mut s = Sample::default();
    let (mut lat, mut lon) = (None, None);
    let (mut speed, mut enhanced_speed) = (None, None);
    let (mut altitude, mut enhanced_altitude) = (None, None);
    for f in fields {
        let v = f.value();
        match f.name() {
            "timestamp" => s.time = number(v).unwrap_or(f64::NAN),
            "heart_rate" => s.heart_rate = number(v),
            "distance" => s.distance_m = number(v),
            "speed" => speed = number(v),
            "enhanced_speed" => enhanced_speed = number(v),
            "position_lat" => lat = number(v),
            "position_long" => lon = number(v),
            "altitude" => altitude = number(v),
            "enhanced_altitude" => enhanced_altitude = number(v),
            "cadence" => s.cadence = number(v),
            "power" => s.power_w = number(v),
            _ => {}
        }
    }
    let deg = 180.0 / 2f64.powi(31);
    s.position = lat.zip(lon).map(|(a, b)| (a * deg, b * deg));
    s.speed_mps = enhanced_speed.or(speed);
    s.altitude_m = enhanced_altitude.or(altitude);
    s
}

/// A numeric field value (fitparser has already applied scale and offset); timestamps in Unix s.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Timestamp(t) => Some(t.timestamp() as f64),
        Value::Invalid | Value::String(_) | Value::Array(_) => None,
        other => other.clone().try_into().ok(),
    }
}

/// One pass over the samples: moving time, time in zone, climb, cadence and power.
fn reduce(samples: &[Sample], session: &Session, max_hr: f64) -> RunSummary {
    let mut run = RunSummary {
        start_time: session.start_time.unwrap_or(samples[0].time),
        ..RunSummary::default()
    };
    let mut path_m = 0.0;
    let mut climb_anchor: Option<f64> = None;
    for (i, s) in samples.iter().enumerate() {
        if let Some(alt) = s.altitude_m {
            match climb_anchor {
                None => climb_anchor = Some(alt),
                Some(a) if alt - a >= CLIMB_HYSTERESIS_M => {
                    run.ascent_m += alt - a;
                    climb_anchor = Some(alt);
                }
                Some(a) if a - alt >= CLIMB_HYSTERESIS_M => climb_anchor = Some(alt),
                Some(_) => {}
            }
        }
        if let Some(c) = s.cadence.filter(|&c| c > 0.0) {
            run.cadence_sum += c;
            run.cadence_n += 1.0;
        }
        if let Some(p) = s.power_w.filter(|&p| p > 0.0) {
            run.power_sum += p;
            run.power_n += 1.0;
        }
        let Some(next) = samples.get(i + 1) else {
            break;
        };
        let dt = next.time - s.time;
        if dt.is_nan() || dt <= 0.0 {
            continue;
        }
        let step_m = match (s.distance_m, next.distance_m, s.position, next.position) {
            (Some(a), Some(b), _, _) => (b - a).max(0.0),
            (_, _, Some(a), Some(b)) => haversine_m(a, b),
            _ => 0.0,
        };
        path_m += step_m;
        let speed = s.speed_mps.unwrap_or(step_m / dt);
        if speed < MOVING_SPEED {
            continue;
        }
        let dt = dt.min(MAX_GAP_S);
        run.moving_s += dt;
        if let Some(hr) = s.heart_rate {
            run.hr_s += dt;
            run.hr_sum += hr * dt;
            let zone = if hr < LOW_TOP * max_hr {
                0
            } else if hr < HIGH_START * max_hr {
                1
            } else {
                2
            };
            run.zone_s[zone] += dt;
        }
    }
    run.distance_m = session.distance_m.filter(|&d| d > 0.0).unwrap_or_else(|| {
        samples
            .iter()
            .rev()
            .find_map(|s| s.distance_m)
            .unwrap_or(path_m)
    });
    if samples.len() < 2 {
        // One record spans no time: the session's timer is all there is.
        run.moving_s = session.timer_s.unwrap_or(0.0);
    }
    run
}

fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

fn add_to_week(weeks: &mut BTreeMap<(i32, u32), Week>, run: &RunSummary) {
    let Some(start) = chrono::DateTime::<Utc>::from_timestamp(run.start_time as i64, 0) else {
        return;
    };
    let iso = start.iso_week();
    let w = weeks.entry((iso.year(), iso.week())).or_default();
    w.runs += 1;
    w.moving_s += run.moving_s;
    w.distance_m += run.distance_m;
    w.hr_s += run.hr_s;
    w.hr_sum += run.hr_sum;
    for z in 0..3 {
        w.zone_s[z] += run.zone_s[z];
    }
    w.ascent_m += run.ascent_m;
}

fn print_weeks(weeks: &BTreeMap<(i32, u32), Week>) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut text = String::from(
        "week,runs,moving_time_s,distance_m,avg_hr,low_pct,moderate_pct,high_pct,ascent_m\n",
    );
    for ((year, week), w) in weeks {
        let avg_hr = if w.hr_s > 0.0 {
            format!("{:.1}", w.hr_sum / w.hr_s)
        } else {
            String::new()
        };
        let pct = |z: usize| {
            if w.hr_s > 0.0 {
                format!("{:.1}", w.zone_s[z] / w.hr_s * 100.0)
            } else {
                String::new()
            }
        };
        text.push_str(&format!(
            "{year}-W{week:02},{},{:.1},{:.1},{avg_hr},{},{},{},{:.1}\n",
            w.runs,
            w.moving_s,
            w.distance_m,
            pct(0),
            pct(1),
            pct(2),
            w.ascent_m
        ));
    }
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        eprintln!("fitparser_weekly: writing the CSV: {e}");
        std::process::exit(1);
    }
}
