//! Seeds for the fuzz corpora, written at run time into `fuzz/corpus/<target>/` (never committed):
//!
//! * small, complete files written with grayzone's test kit: seconds of running in every dialect
//!   the writers know (a few KB each, so libFuzzer runs fast and still sees whole files: headers,
//!   definitions, records, sessions, CRCs, closing tags);
//! * every file of `fixtures/files` and, when present, `../shared/fixtures/real`: archives as they
//!   are for the `archive` target, and their activity files (gunzipped, unzipped through
//!   `grayzone::ingest::discover::expand_bytes`) for the decoder targets.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example make_seeds -- fuzz/corpus`

use std::fs;
use std::path::{Path, PathBuf};

use grayzone::activity::SourceFormat;
use grayzone::ingest::archive::{expand_bytes, Limits};
use grayzone::ingest::discover::{kind_of, Kind};

use grayzone::activity::{Activity, Pause, Sport};
use testkit::export::{garmin_export, gzip, zip_files};
use testkit::fit_writer::{
    chain, truncate, with_bad_crc, write_fit, FitFileType, FitOptions, SpeedAltitudeFields,
};
use testkit::gpx_writer::{strip_times, write_gpx, GpxStyle, GpxVersion, HrTagStyle};
use testkit::simulate::{simulate, Amount, Athlete, Faults, Intent, RunPlan};
use testkit::tcx_writer::write_tcx;

const START: f64 = 1_709_533_800.0; // 2024-03-04T06:30:00Z

/// A couple of minutes of the plan, cut to `seconds` so the files stay small.
fn short(plan: RunPlan, seconds: f64, seed: u64) -> Activity {
    let mut a = simulate(
        &Athlete::intermediate(),
        &plan,
        START + seed as f64 * 7200.0,
        seed,
    );
    let end = a.samples.first().map_or(0.0, |s| s.time) + seconds;
    a.samples.retain(|s| s.time <= end);
    a.pauses.retain(|p| p.resumed_at <= end);
    a
}

fn easy(seconds: f64, seed: u64) -> Activity {
    short(
        RunPlan::new(Intent::Easy, Amount::Minutes(20.0)),
        seconds,
        seed,
    )
}

/// The run with a timer pause in its middle third: no samples while the timer stood.
fn with_pause(mut a: Activity) -> Activity {
    let (Some(first), Some(last)) = (a.samples.first(), a.samples.last()) else {
        return a;
    };
    let span = last.time - first.time;
    let (stop, resume) = (first.time + span / 3.0, first.time + span * 2.0 / 3.0);
    a.samples.retain(|s| s.time <= stop || s.time >= resume);
    a.pauses = vec![Pause {
        stopped_at: stop,
        resumed_at: resume,
    }];
    a
}

fn fit_seeds() -> Vec<(String, Vec<u8>)> {
    let run = easy(90.0, 1);
    let paused = with_pause(short(
        RunPlan::new(Intent::Easy, Amount::Minutes(20.0)).stops(1),
        120.0,
        2,
    ));
    let smart = short(
        RunPlan::new(Intent::Tempo { minutes: 10.0 }, Amount::Minutes(20.0)).smart(),
        150.0,
        3,
    );
    let indoor = short(
        RunPlan::new(Intent::Easy, Amount::Minutes(20.0))
            .sport(Sport::TreadmillRunning)
            .faults(Faults {
                no_gps: true,
                hr_dropouts: true,
                ..Faults::default()
            }),
        90.0,
        4,
    );
    let ride = short(RunPlan::new(Intent::Ride, Amount::Minutes(20.0)), 60.0, 5);
    let one = std::slice::from_ref(&run);
    let plain = write_fit(one, &FitOptions::default());
    let opts = |f: fn(&mut FitOptions)| {
        let mut o = FitOptions::default();
        f(&mut o);
        o
    };
    let mut seeds = vec![
        ("run".to_string(), plain.clone()),
        (
            "compressed".into(),
            write_fit(one, &opts(|o| o.compressed_timestamps = true)),
        ),
        (
            "big_endian".into(),
            write_fit(one, &opts(|o| o.big_endian = true)),
        ),
        (
            "dev_fields".into(),
            write_fit(one, &opts(|o| o.developer_fields = true)),
        ),
        (
            "legacy_speed".into(),
            write_fit(
                one,
                &opts(|o| o.speed_altitude = SpeedAltitudeFields::Legacy),
            ),
        ),
        (
            "zero_header_crc".into(),
            write_fit(one, &opts(|o| o.zero_header_crc = true)),
        ),
        (
            "settings".into(),
            write_fit(&[], &opts(|o| o.file_type = FitFileType::Settings)),
        ),
        (
            "paused".into(),
            write_fit(&[paused], &FitOptions::default()),
        ),
        (
            "smart".into(),
            write_fit(&[smart], &opts(|o| o.compressed_timestamps = true)),
        ),
        (
            "indoor".into(),
            write_fit(&[indoor], &FitOptions::default()),
        ),
        (
            "multisport".into(),
            write_fit(&[run.clone(), ride.clone()], &FitOptions::default()),
        ),
        (
            "chained".into(),
            chain(&[plain.clone(), write_fit(&[ride], &FitOptions::default())]),
        ),
        ("bad_crc".into(), with_bad_crc(&plain)),
        ("truncated".into(), truncate(&plain, plain.len() * 2 / 3)),
    ];
    seeds.push((
        "chained_bad_second".into(),
        chain(&[plain.clone(), with_bad_crc(&plain)]),
    ));
    seeds
}

fn gpx_seeds() -> Vec<(String, Vec<u8>)> {
    let run = easy(20.0, 6);
    let style = |hr, version, offset_times| GpxStyle {
        hr,
        version,
        sport_type: Some("running"),
        offset_times,
    };
    let gpxtpx = write_gpx(&run, style(HrTagStyle::Gpxtpx, GpxVersion::V1_1, false));
    vec![
        ("gpxtpx".into(), gpxtpx.clone().into_bytes()),
        (
            "ns3".into(),
            write_gpx(&run, style(HrTagStyle::Ns3, GpxVersion::V1_1, true)).into_bytes(),
        ),
        (
            "default_ns".into(),
            write_gpx(
                &run,
                style(HrTagStyle::DefaultNamespace, GpxVersion::V1_1, true),
            )
            .into_bytes(),
        ),
        (
            "gpx10".into(),
            write_gpx(&run, style(HrTagStyle::None, GpxVersion::V1_0, false)).into_bytes(),
        ),
        ("route".into(), strip_times(&gpxtpx).into_bytes()),
        (
            "truncated".into(),
            gpxtpx.as_bytes()[..gpxtpx.len() / 2].to_vec(),
        ),
    ]
}

fn tcx_seeds() -> Vec<(String, Vec<u8>)> {
    let run = easy(15.0, 7);
    let paused = with_pause(easy(20.0, 8));
    let one = write_tcx(std::slice::from_ref(&run));
    vec![
        ("run".into(), one.clone().into_bytes()),
        ("two".into(), write_tcx(&[run, easy(10.0, 9)]).into_bytes()),
        ("paused".into(), write_tcx(&[paused]).into_bytes()),
        ("truncated".into(), one.as_bytes()[..one.len() / 2].to_vec()),
    ]
}

fn archive_seeds(fit: &[u8], gpx: &[u8], tcx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let inner = zip_files(&[
        ("a/run.fit".into(), fit.to_vec()),
        ("b.gpx".into(), gpx.to_vec()),
    ]);
    let nested = zip_files(&[
        ("inner.zip".into(), inner.clone()),
        ("x.tcx.gz".into(), gzip(tcx)),
    ]);
    vec![
        ("gz".into(), gzip(fit)),
        ("zip".into(), inner),
        ("nested".into(), nested.clone()),
        ("nested3".into(), zip_files(&[("n.zip".into(), nested)])),
        (
            "garmin".into(),
            garmin_export(&[("UploadedFiles/1.fit".into(), fit.to_vec())], START),
        ),
    ]
}

fn write(dir: &Path, seeds: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    for (name, bytes) in seeds {
        fs::write(dir.join(format!("seed_{name}")), bytes)?;
    }
    Ok(())
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Seeds per target from the files of a fixture tree; names keep the file's path so a finding can
/// be traced to the fixture it grew from.
#[derive(Default)]
struct Harvest {
    archives: Vec<(String, Vec<u8>)>,
    fit: Vec<(String, Vec<u8>)>,
    gpx: Vec<(String, Vec<u8>)>,
    tcx: Vec<(String, Vec<u8>)>,
}

fn harvest(root: &Path, prefix: &str, into: &mut Harvest) {
    let mut paths = Vec::new();
    files_under(root, &mut paths);
    for path in paths {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let Some(kind) = kind_of(&rel) else { continue };
        let Ok(bytes) = fs::read(&path) else { continue };
        let name = format!("{prefix}_{}", rel.replace(['/', '!', '#'], "_"));
        let is_archive = matches!(kind, Kind::Zip | Kind::Activity { gzipped: true, .. });
        if is_archive {
            into.archives.push((name.clone(), bytes.clone()));
        }
        for member in expand_bytes(&rel, bytes, &Limits::default())
            .into_iter()
            .flatten()
        {
            let Ok(bytes) = member.bytes else { continue };
            let name = format!("{prefix}_{}", member.label.replace(['/', '!', '#'], "_"));
            match member.format {
                SourceFormat::Fit => into.fit.push((name, bytes)),
                SourceFormat::Gpx => into.gpx.push((name, bytes)),
                SourceFormat::Tcx => into.tcx.push((name, bytes)),
            }
        }
    }
}

/// `fit_sessions` reads its input three bytes a message (kind and seconds): a multisport day
/// (three sessions with laps and a pause each), and sessions that share their start.
fn session_seeds() -> Vec<(String, Vec<u8>)> {
    let message = |kind: u8, at: u16| {
        let [lo, hi] = at.to_le_bytes();
        [kind, lo, hi]
    };
    let mut day = Vec::new();
    for start in [0u16, 1800, 5400] {
        // session of (200 / 4) × 10 s, two laps, a stop and a start, records
        day.extend(message(200, start));
        day.extend(message(1, start));
        day.extend(message(1, start + 600));
        day.extend(message(2 | 4, start + 300));
        day.extend(message(2, start + 320));
        for r in 0..5 {
            day.extend(message(3, start + r * 60));
        }
    }
    let mut same = Vec::new();
    for _ in 0..40 {
        same.extend(message(120, 100));
        same.extend(message(1, 100));
    }
    vec![("multisport_day".into(), day), ("same_start".into(), same)]
}

/// Export indexes as Garmin and Strava write them, and a few odd shapes of each.
fn index_seeds() -> Vec<(String, Vec<u8>)> {
    let garmin = r#"[{"summarizedActivitiesExport":[{"activityId":18543216789,"name":"Morning Run","activityType":"running","sportType":"RUNNING","eventTypeId":9,"beginTimestamp":1741500131000,"startTimeGmt":1741500131000.0,"duration":3650123.04,"splitSummaries":[{"noOfSplits":1,"splitType":"RWD_RUN"}],"eventType":{"typeId":1,"typeKey":"race"}},{"activityId":"1\u001b[31m","activityType":{"typeKey":"trail_running"},"eventTypeDTO":{"typeKey":"race"},"startTimeGmt":1e12},{"activityId":2}]}]"#;
    let strava = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename,Competition,Long Run,Workout Type\n\
        123,\"Mar 9, 2025, 6:02:11 AM\",Easy run,Run,\"with \"\"strides\"\"\",3650,10.04,activities/123.fit.gz,,,\n\
        124,\"Mar 10, 2025, 6:02:11 AM\",Race,Run,,2400,10.0,activities/124.gpx,1,,1\n";
    vec![
        ("garmin".into(), garmin.as_bytes().to_vec()),
        (
            "garmin_object".into(),
            format!(
                "{{\"summarizedActivitiesExport\":{}}}",
                &garmin[31..garmin.len() - 2]
            )
            .into_bytes(),
        ),
        ("strava".into(), strava.as_bytes().to_vec()),
    ]
}

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/corpus".into());
    let out = Path::new(&out);
    let fit = fit_seeds();
    let gpx = gpx_seeds();
    let tcx = tcx_seeds();
    let mut archives = archive_seeds(&fit[0].1, &gpx[0].1, &tcx[0].1);
    let (mut fit, mut gpx, mut tcx) = (fit, gpx, tcx);
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Harvest::default();
    harvest(&crate_root.join("fixtures/files"), "fixture", &mut found);
    let real = crate_root.join("../shared/fixtures/real");
    if real.is_dir() {
        harvest(&real, "real", &mut found);
    } else {
        eprintln!(
            "skipped: ../shared/fixtures/real not found (generated and fixtures/ seeds only)"
        );
    }
    archives.extend(found.archives);
    fit.extend(found.fit);
    gpx.extend(found.gpx);
    tcx.extend(found.tcx);
    write(&out.join("fit_decode"), &fit)?;
    write(&out.join("fit_differential"), &fit)?;
    write(&out.join("gpx_decode"), &gpx)?;
    write(&out.join("tcx_decode"), &tcx)?;
    write(&out.join("archive"), &archives)?;
    let named = |format: &str, seeds: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        seeds
            .iter()
            .map(|(n, b)| (format!("{format}_{n}"), b.clone()))
            .collect()
    };
    let all: Vec<_> = [named("fit", &fit), named("gpx", &gpx), named("tcx", &tcx)].concat();
    write(&out.join("pipeline"), &all)?;
    write(&out.join("fit_sessions"), &session_seeds())?;
    write(&out.join("export_index"), &index_seeds())?;
    eprintln!(
        "seeds: {} FIT, {} GPX, {} TCX, {} archives",
        fit.len(),
        gpx.len(),
        tcx.len(),
        archives.len()
    );
    Ok(())
}
