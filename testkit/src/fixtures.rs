//! The committed `fixtures/` tree, generated. `examples/make_fixtures.rs` writes it;
//! `tests/fixtures_current.rs` regenerates it and demands byte-identical files.

use super::export::{
    garmin_export, garmin_export_with_summaries, gzip, strava_export, GarminSummary, StravaActivity,
};
use super::fit_writer::{
    chain, truncate, with_bad_crc, write_fit, FitFileType, FitOptions, SpeedAltitudeFields,
};
use super::gpx_writer::{strip_times, write_gpx, GpxStyle, GpxVersion, HrTagStyle};
use super::rng::{self, Rng};
use super::season;
use super::simulate::{simulate, Amount, Athlete, Faults, Intent, RunPlan};
use super::tcx_writer::write_tcx;
use super::{expected_totals, iso_time};
use grayzone::activity::{Activity, Sport, UnixTime};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// One generated file: path relative to `fixtures/` (always `/`-separated) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixture {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Local midnight (UTC+01:00) starting Monday 2024-03-04: day 0 of the single-file fixtures.
const FILES_MONDAY: UnixTime = 1_709_506_800.0;

/// A start time `day` days after [`FILES_MONDAY`] at a local clock hour.
fn at(day: u32, local_hour: f64) -> UnixTime {
    FILES_MONDAY + f64::from(day) * 86_400.0 + local_hour * 3600.0
}

/// Every fixture, in a fixed order.
pub fn all() -> Vec<Fixture> {
    let mut v = files();
    v.extend(intent_exports());
    v.extend(season::season_fixtures());
    v.extend(season::team_fixtures());
    v
}

/// Writes every fixture under `dir` (creating folders). Returns how many files were written.
pub fn write_all(dir: &Path) -> io::Result<usize> {
    let fixtures = all();
    for f in &fixtures {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.bytes)?;
    }
    Ok(fixtures.len())
}

/// Folders under `fixtures/` that the generator owns entirely.
pub const GENERATED_DIRS: [&str; 5] = ["files", "seasons", "sample-export", "intent", "team"];

/// Files under the generated folders of `dir` that the generator no longer produces (left over
/// from an older generation), so `make_fixtures` can remove them.
pub fn stale_files(dir: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    let wanted: std::collections::BTreeSet<std::path::PathBuf> =
        all().iter().map(|f| dir.join(&f.path)).collect();
    let mut stale = Vec::new();
    let mut pending: Vec<std::path::PathBuf> = GENERATED_DIRS
        .iter()
        .map(|d| dir.join(d))
        .filter(|p| p.is_dir())
        .collect();
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if !wanted.contains(&path) {
                stale.push(path);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

/// A row of `files/README.md`.
struct Row {
    file: String,
    tests: String,
    expect: String,
}

struct Builder {
    fixtures: Vec<Fixture>,
    rows: Vec<Row>,
}

impl Builder {
    fn add(&mut self, file: &str, bytes: Vec<u8>, tests: &str, expect: impl Into<String>) {
        self.fixtures.push(Fixture {
            path: format!("files/{file}"),
            bytes,
        });
        self.rows.push(Row {
            file: file.to_string(),
            tests: tests.to_string(),
            expect: expect.into(),
        });
    }
}

fn athlete() -> Athlete {
    Athlete::intermediate()
}

fn sim(plan: RunPlan, start: UnixTime, seed: u64) -> Activity {
    simulate(&athlete(), &plan, start, seed)
}

fn easy(minutes: f64) -> RunPlan {
    RunPlan::new(Intent::Easy, Amount::Minutes(minutes))
}

fn fit(a: &[Activity]) -> Vec<u8> {
    write_fit(a, &FitOptions::default())
}

fn fit_with(a: &[Activity], opts: FitOptions) -> Vec<u8> {
    write_fit(a, &opts)
}

/// `m:ss` or `h:mm:ss`.
fn clock(secs: f64) -> String {
    let s = secs.round() as i64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// What a decoder should report for an activity: the values the writers put in the file.
pub fn describe(a: &Activity) -> String {
    let t = expected_totals(a);
    let mut s = format!(
        "{} · starts {} · elapsed {} · timer {}",
        a.sport,
        iso_time(t.start_time.unwrap_or(0.0), a.utc_offset_s),
        clock(t.elapsed_s.unwrap_or(0.0)),
        clock(t.timer_s.unwrap_or(0.0)),
    );
    if let Some(d) = t.distance_m {
        let _ = write!(s, " · {:.2} km", d / 1000.0);
    }
    match (t.avg_hr, t.max_hr) {
        (Some(avg), Some(max)) => {
            let _ = write!(s, " · HR avg {avg} / max {max}");
        }
        _ => s.push_str(" · no HR"),
    }
    let gps = a.samples.iter().filter(|x| x.position.is_some()).count();
    let _ = write!(s, " · {} samples ({} with GPS)", a.samples.len(), gps);
    if !a.pauses.is_empty() {
        let _ = write!(s, " · {} timer pause(s)", a.pauses.len());
    }
    s
}

fn one(a: &Activity) -> String {
    format!("1 activity: {}", describe(a))
}

/// `fixtures/files/`: one file per decoder feature or failure mode, with its README.
pub fn files() -> Vec<Fixture> {
    let mut b = Builder {
        fixtures: Vec::new(),
        rows: Vec::new(),
    };
    fit_files(&mut b);
    xml_files(&mut b);
    packaged_files(&mut b);
    broken_files(&mut b);
    let readme = files_readme(&b.rows);
    b.fixtures.push(Fixture {
        path: "files/README.md".into(),
        bytes: readme.into_bytes(),
    });
    b.fixtures
}

fn fit_files(b: &mut Builder) {
    let run = sim(easy(30.0), at(0, 7.5), 101);
    b.add(
        "run_1s_hr.fit",
        fit_with(
            std::slice::from_ref(&run),
            FitOptions {
                speed_altitude: SpeedAltitudeFields::Enhanced,
                ..FitOptions::default()
            },
        ),
        "plain FIT run: 1 s records with HR, GPS, enhanced speed/altitude only",
        one(&run),
    );

    let smart = sim(easy(40.0).smart(), at(0, 18.0), 102);
    b.add(
        "run_smart_recording.fit",
        fit(std::slice::from_ref(&smart)),
        "smart recording: irregular 1–7 s gaps between records",
        one(&smart),
    );

    let paused = sim(easy(45.0).pauses(2).stops(1), at(1, 7.0), 103);
    b.add(
        "run_with_pauses.fit",
        fit(std::slice::from_ref(&paused)),
        "two timer pauses (stop/start events, no records in between) and one traffic-light stop with the timer running",
        format!("{}; timer time excludes the pauses; the 20–60 s standing stop is not moving time", one(&paused)),
    );

    let compressed = sim(easy(30.0), at(1, 18.5), 104);
    b.add(
        "run_compressed_timestamps.fit",
        fit_with(
            std::slice::from_ref(&compressed),
            FitOptions {
                compressed_timestamps: true,
                speed_altitude: SpeedAltitudeFields::Legacy,
                ..FitOptions::default()
            },
        ),
        "compressed-timestamp record headers (5-bit offsets with rollover) and legacy 16-bit speed/altitude",
        format!("{}; every record's time equals the 1 s sequence", one(&compressed)),
    );

    let tempo = sim(
        RunPlan::new(Intent::Tempo { minutes: 20.0 }, Amount::Minutes(45.0)),
        at(2, 7.0),
        105,
    );
    b.add(
        "run_big_endian.fit",
        fit_with(
            std::slice::from_ref(&tempo),
            FitOptions {
                big_endian: true,
                ..FitOptions::default()
            },
        ),
        "big-endian architecture in every definition message (a 20 min tempo run)",
        format!("same values as a little-endian file: {}", one(&tempo)),
    );

    let reps = sim(
        RunPlan::new(
            Intent::Intervals {
                reps: 6,
                rep_m: 800.0,
                rest_s: 120.0,
            },
            Amount::Minutes(55.0),
        ),
        at(3, 18.0),
        106,
    );
    b.add(
        "run_dev_fields.fit",
        fit_with(
            std::slice::from_ref(&reps),
            FitOptions {
                developer_fields: true,
                ..FitOptions::default()
            },
        ),
        "developer data id + field descriptions + two developer fields (\"Power\" uint16, float32) on every record",
        format!("developer fields skipped, never read as power/HR: {}", one(&reps)),
    );

    let treadmill = sim(easy(35.0).sport(Sport::TreadmillRunning), at(4, 6.5), 107);
    b.add(
        "treadmill.fit",
        fit(std::slice::from_ref(&treadmill)),
        "treadmill run (sub_sport treadmill): no position fields at all, distance from the footpod",
        format!("{}; distance from the device, not GPS", one(&treadmill)),
    );

    let ride = sim(
        RunPlan::new(Intent::Ride, Amount::Minutes(75.0)),
        at(5, 9.0),
        108,
    );
    b.add(
        "ride.fit",
        fit(std::slice::from_ref(&ride)),
        "cycling (cross-training, not a run) with power and cadence in rpm",
        format!("{}; not judged as a run", one(&ride)),
    );

    let leg1 = sim(easy(30.0), at(6, 8.0), 109);
    let leg1_end = leg1.samples.last().map_or(0.0, |s| s.time);
    let leg2 = sim(
        RunPlan::new(Intent::Ride, Amount::Minutes(60.0)).smart(),
        leg1_end + 180.0,
        110,
    );
    b.add(
        "multisport.fit",
        fit(&[leg1.clone(), leg2.clone()]),
        "one file, two sessions (run then ride), records of both in one stream",
        format!(
            "2 activities: [{}] and [{}]",
            describe(&leg1),
            describe(&leg2)
        ),
    );

    b.add(
        "settings.fit",
        fit_with(
            &[],
            FitOptions {
                file_type: FitFileType::Settings,
                ..FitOptions::default()
            },
        ),
        "valid FIT of file type settings (user profile only)",
        "not an activity (skipped with a note, not an error)",
    );

    let spike = sim(
        easy(40.0).faults(Faults {
            strap_spike: true,
            ..Faults::default()
        }),
        at(7, 7.0),
        111,
    );
    b.add(
        "strap_spike.fit",
        fit(std::slice::from_ref(&spike)),
        "HR strap cadence lock: 170–200 bpm for the first 1–3 min of an easy run",
        format!(
            "{}; the opening spike must not become max HR or make the run hard",
            one(&spike)
        ),
    );

    let drops = sim(
        easy(40.0).faults(Faults {
            hr_dropouts: true,
            ..Faults::default()
        }),
        at(7, 18.0),
        112,
    );
    let missing = drops
        .samples
        .iter()
        .filter(|s| s.heart_rate.is_none())
        .count();
    b.add(
        "dropouts.fit",
        fit(std::slice::from_ref(&drops)),
        "HR dropouts: 2–4 gaps written as the invalid value 0xFF, and a stretch stuck at one value",
        format!("{}; {missing} records without HR", one(&drops)),
    );
}

fn xml_files(b: &mut Builder) {
    let styles: [(&str, HrTagStyle, Option<&str>, bool, &str); 4] = [
        ("run_gpxtpx.gpx", HrTagStyle::Gpxtpx, Some("running"), false, "GPX 1.1, HR/cadence in `gpxtpx:TrackPointExtension`"),
        ("run_ns3.gpx", HrTagStyle::Ns3, Some("running"), false, "GPX 1.1, Garmin Connect's `ns3:` prefix for the same extension"),
        (
            "run_default_ns.gpx",
            HrTagStyle::DefaultNamespace,
            Some("Run"),
            true,
            "GPX 1.1, extension in a default namespace (no prefix) and local times with +01:00 offsets",
        ),
        ("run_no_hr.gpx", HrTagStyle::None, None, false, "GPX 1.1 without any extension and without `<type>`"),
    ];
    for (i, (file, hr, sport_type, offset_times, tests)) in styles.into_iter().enumerate() {
        let a = sim(easy(25.0).smart(), at(8 + i as u32, 7.0), 120 + i as u64);
        let style = GpxStyle {
            hr,
            version: GpxVersion::V1_1,
            sport_type,
            offset_times,
        };
        let expect = if hr == HrTagStyle::None {
            format!(
                "1 activity, no HR (judged by pace): {}",
                describe_gpx(&a, false)
            )
        } else {
            format!("1 activity: {}", describe_gpx(&a, true))
        };
        b.add(file, write_gpx(&a, style).into_bytes(), tests, expect);
    }
    let old = sim(easy(25.0).smart(), at(12, 7.0), 124);
    b.add(
        "run_gpx10.gpx",
        write_gpx(
            &old,
            GpxStyle {
                hr: HrTagStyle::None,
                version: GpxVersion::V1_0,
                sport_type: None,
                offset_times: false,
            },
        )
        .into_bytes(),
        "GPX 1.0 namespace, `<speed>` in `trkpt`, no extensions",
        format!("1 activity, no HR: {}", describe_gpx(&old, false)),
    );

    let jumpy = sim(
        easy(30.0).smart().faults(Faults {
            gps_jumps: true,
            ..Faults::default()
        }),
        at(13, 7.0),
        125,
    );
    // Faults draw from their own random stream: without them the same seed gives the clean run.
    let clean = sim(easy(30.0).smart(), at(13, 7.0), 125);
    b.add(
        "gps_jumps.gpx",
        write_gpx(&jumpy, GpxStyle::default()).into_bytes(),
        "GPS glitches: 2–3 bursts of 1–5 points 200–800 m off the route",
        format!(
            "1 activity: {}; the raw point-to-point path is {:.2} km, {:.2} km without the jumps: \
             distance should come out near the latter",
            describe_gpx(&jumpy, true),
            path_km(&jumpy),
            path_km(&clean)
        ),
    );

    let tcx_run = sim(easy(30.0).smart().pauses(1), at(14, 7.0), 126);
    b.add(
        "run.tcx",
        write_tcx(std::slice::from_ref(&tcx_run)).into_bytes(),
        "TCX v2: 1 km laps with totals, a new `<Track>` after the timer pause, `RunCadence` in `ns3:TPX`",
        one(&tcx_run),
    );

    let first = sim(easy(25.0).smart(), at(15, 7.0), 127);
    let second = sim(
        RunPlan::new(Intent::Recovery, Amount::Minutes(20.0)).smart(),
        at(15, 19.0),
        128,
    );
    b.add(
        "two_activities.tcx",
        write_tcx(&[first.clone(), second.clone()]).into_bytes(),
        "two `<Activity>` elements in one TCX",
        format!(
            "2 activities: [{}] and [{}]",
            describe(&first),
            describe(&second)
        ),
    );
}

/// GPX carries no device distance or totals: describe what can be read back.
fn describe_gpx(a: &Activity, with_hr: bool) -> String {
    let first = a.samples.first().map_or(0.0, |s| s.time);
    let last = a.samples.last().map_or(0.0, |s| s.time);
    let mut s = format!(
        "{} · starts {} · elapsed {} · {} track points",
        a.sport,
        iso_time(first, a.utc_offset_s),
        clock(last - first),
        a.samples.iter().filter(|x| x.position.is_some()).count()
    );
    if with_hr {
        let t = expected_totals(a);
        if let Some(max) = t.max_hr {
            let _ = write!(s, " · HR max {max}");
        }
    }
    s
}

/// Point-to-point length of the GPS track (equirectangular; plenty for a few km).
fn path_km(a: &Activity) -> f64 {
    let pts: Vec<(f64, f64)> = a.samples.iter().filter_map(|s| s.position).collect();
    let metres: f64 = pts
        .windows(2)
        .map(|w| {
            let north = (w[1].0 - w[0].0) * 111_320.0;
            let east = (w[1].1 - w[0].1) * 111_320.0 * rng::cos(rng::rad(w[0].0));
            (north * north + east * east).sqrt()
        })
        .sum();
    metres / 1000.0
}

fn packaged_files(b: &mut Builder) {
    let g = sim(easy(30.0).smart(), at(16, 7.0), 130);
    b.add(
        "run.gpx.gz",
        gzip(write_gpx(&g, GpxStyle::default()).as_bytes()),
        "gzip-compressed GPX",
        format!("1 activity: {}", describe_gpx(&g, true)),
    );
    let f = sim(easy(30.0).smart(), at(17, 7.0), 131);
    b.add(
        "run.fit.gz",
        gzip(&fit(std::slice::from_ref(&f))),
        "gzip-compressed FIT",
        one(&f),
    );
    let t = sim(easy(30.0).smart(), at(18, 7.0), 132);
    b.add(
        "run.tcx.gz",
        gzip(write_tcx(std::slice::from_ref(&t)).as_bytes()),
        "gzip-compressed TCX",
        one(&t),
    );

    // Strava bulk export: one file of each format, gzipped as Strava serves them.
    let s1 = sim(easy(35.0).smart(), at(19, 7.0), 140);
    let s2 = sim(
        RunPlan::new(Intent::Ride, Amount::Minutes(50.0)).smart(),
        at(20, 12.0),
        141,
    );
    let s3 = sim(
        RunPlan::new(Intent::Recovery, Amount::Minutes(30.0)).smart(),
        at(21, 7.0),
        142,
    );
    let strava = [
        strava_entry(
            10_234_567_801,
            "Morning Run",
            "Run",
            &s1,
            "fit.gz",
            gzip(&fit(std::slice::from_ref(&s1))),
        ),
        strava_entry(
            10_234_567_802,
            "Lunch Ride",
            "Ride",
            &s2,
            "gpx.gz",
            gzip(
                write_gpx(
                    &s2,
                    GpxStyle {
                        sport_type: Some("cycling"),
                        ..GpxStyle::default()
                    },
                )
                .as_bytes(),
            ),
        ),
        strava_entry(
            10_234_567_803,
            "Easy shakeout",
            "Run",
            &s3,
            "tcx.gz",
            gzip(write_tcx(std::slice::from_ref(&s3)).as_bytes()),
        ),
    ];
    b.add(
        "strava_export.zip",
        strava_export(&strava),
        "Strava bulk export: `activities/<id>.fit.gz`, `.gpx.gz`, `.tcx.gz`, `activities.csv`, unrelated `profile.csv`",
        format!(
            "3 activities (2 runs, 1 ride); the two CSVs are not activities: [{}] [{}] [{}]",
            describe(&s1),
            describe(&s2),
            describe(&s3)
        ),
    );

    let g1 = sim(easy(35.0).smart(), at(22, 7.0), 150);
    let g2 = sim(
        RunPlan::new(Intent::Tempo { minutes: 20.0 }, Amount::Minutes(45.0)).smart(),
        at(23, 18.0),
        151,
    );
    let g3 = sim(
        RunPlan::new(Intent::Long, Amount::Minutes(80.0)).smart(),
        at(25, 8.0),
        152,
    );
    let uploads = vec![
        (
            "runner@example.com_20240309.fit".to_string(),
            fit(std::slice::from_ref(&g1)),
        ),
        (
            "runner@example.com_20240310.fit".to_string(),
            fit(std::slice::from_ref(&g2)),
        ),
        (
            "runner@example.com_20240311.fit".to_string(),
            fit(std::slice::from_ref(&g3)),
        ),
    ];
    b.add(
        "garmin_export.zip",
        garmin_export(&uploads, at(27, 12.0)),
        "Garmin GDPR export: `.fit` files inside `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip` (a zip in the zip), plus JSON files",
        format!(
            "3 running activities from the nested zip; JSON files ignored: [{}] [{}] [{}]",
            describe(&g1),
            describe(&g2),
            describe(&g3)
        ),
    );

    let same = sim(easy(40.0).smart(), at(26, 7.0), 160);
    b.add(
        "duplicate_pair/run.fit",
        fit(std::slice::from_ref(&same)),
        "the same run twice (FIT copy)",
        format!(
            "duplicate of duplicate_pair/run.gpx; the FIT copy is kept: {}",
            one(&same)
        ),
    );
    b.add(
        "duplicate_pair/run.gpx",
        write_gpx(&same, GpxStyle::default()).into_bytes(),
        "the same run twice (GPX copy, e.g. re-uploaded from Strava)",
        "duplicate of duplicate_pair/run.fit: counted once",
    );

    let morning = sim(easy(35.0).smart(), at(28, 6.5), 170);
    let evening = sim(
        RunPlan::new(Intent::Recovery, Amount::Minutes(25.0)).smart(),
        at(28, 19.0),
        171,
    );
    b.add(
        "two_runs_same_day/morning.fit",
        fit(std::slice::from_ref(&morning)),
        "two distinct runs on the same day (morning)",
        format!("NOT a duplicate of evening.fit: {}", one(&morning)),
    );
    b.add(
        "two_runs_same_day/evening.fit",
        fit(std::slice::from_ref(&evening)),
        "two distinct runs on the same day (evening)",
        format!("NOT a duplicate of morning.fit: {}", one(&evening)),
    );
}

fn strava_entry(
    id: u64,
    name: &str,
    kind: &str,
    a: &Activity,
    ext: &str,
    bytes: Vec<u8>,
) -> StravaActivity {
    let t = expected_totals(a);
    StravaActivity {
        id,
        name: name.to_string(),
        activity_type: kind.to_string(),
        start: t.start_time.unwrap_or(0.0),
        elapsed_s: t.elapsed_s.unwrap_or(0.0),
        distance_m: t.distance_m.unwrap_or(0.0),
        max_hr: t.max_hr,
        file_name: format!("activities/{id}.{ext}"),
        bytes,
    }
}

fn broken_files(b: &mut Builder) {
    let a = sim(easy(30.0), at(29, 7.0), 180);
    let whole = fit(std::slice::from_ref(&a));
    let cut = whole.len() * 3 / 5;
    b.add(
        "truncated.fit",
        truncate(&whole, cut),
        "upload cut off mid-file: header declares more data than present, no CRC",
        format!(
            "a partial activity flagged `truncated` (and `no_session`: the session was in the lost part); {cut} of {} bytes present; the first 18 minutes of `bad_crc.fit`'s run, so marked `duplicate` of it (part of the same run)",
            whole.len()
        ),
    );
    b.add(
        "bad_crc.fit",
        with_bad_crc(&whole),
        "intact data, wrong closing CRC",
        format!(
            "the activity, data kept, flagged `crc_mismatch`: {}",
            describe(&a)
        ),
    );
    let second = sim(easy(20.0), at(29, 18.0), 181);
    let chained = chain(&[
        whole.clone(),
        with_bad_crc(&fit(std::slice::from_ref(&second))),
    ]);
    b.add(
        "chained_bad_second.fit",
        chained,
        "two FIT files back to back; the first is valid, the second has a wrong CRC",
        format!(
            "one row per part (`#1`, `#2`), never merged: the first is the run of bad_crc.fit ({}); the file's `crc_mismatch` note names part 2",
            describe(&a)
        ),
    );
    b.add(
        "empty.fit",
        Vec::new(),
        "0-byte file",
        "decode error `empty file (0 bytes)`, no panic",
    );
    let mut junk = vec![0u8; 4096];
    Rng::new(190).fill_bytes(&mut junk);
    // Never a valid-looking header by accident.
    junk[0] = 0x7E;
    b.add(
        "garbage.fit",
        junk,
        "4 KiB of random bytes with a .fit name",
        "decode error `not a FIT file: …`, no panic",
    );
    b.add(
        "not_xml.gpx",
        b"This is not a GPX file.\nIt is a note someone saved with the wrong extension.\n".to_vec(),
        "plain text with a .gpx name",
        "decode error `not XML: …` naming the byte offset, no panic",
    );
    // A planner draws positions alone: no heart rate, no cadence, no time.
    let mut route = sim(easy(20.0).smart(), at(30, 10.0), 191);
    for s in &mut route.samples {
        (s.heart_rate, s.cadence, s.power_w) = (None, None, None);
    }
    b.add(
        "no_times.gpx",
        strip_times(&write_gpx(&route, GpxStyle::default())).into_bytes(),
        "a track with positions but no `<time>` anywhere (a planned route)",
        "`not_run`: a route or a plan, not a recorded activity",
    );
}

fn files_readme(rows: &[Row]) -> String {
    let mut s = String::from(
        "# Single-file fixtures\n\n\
         Generated by `cargo run --example make_fixtures` (testkit/); `tests/fixtures_current.rs` fails\n\
         when these bytes drift from the generator. All runs are by the intermediate test athlete\n\
         (max HR 188, resting 52, easy 5:45/km, threshold 4:40/km, UTC+01:00). Expected values are\n\
         what the writers put in the files (FIT session / TCX lap totals computed from the samples);\n\
         GPX holds no device distance, so only times, points and HR are listed for it.\n\n\
         | file | what it tests | expected outcome |\n| --- | --- | --- |\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} |",
            r.file,
            r.tests,
            r.expect.replace('|', "/")
        );
    }
    s
}

/// Local midnight (UTC+01:00) of Monday 2024-04-01: day 0 of the intent exports.
const INTENT_MONDAY: UnixTime = 1_711_926_000.0;

fn intent_at(day: u32, local_hour: f64) -> UnixTime {
    INTENT_MONDAY + f64::from(day) * 86_400.0 + local_hour * 3600.0
}

/// One run of an intent export: what the runner called it, what they ran, and what grayzone
/// must read of it (`expect` lines of the exports' README, checked by tests/judge/intent_exports.rs).
struct Titled {
    name: &'static str,
    activity: Activity,
}

/// "6x800": warm-up in HR zone 2, six 800 m reps at 3:05–3:15/km with 90 s rest, cool-down, as
/// a Garmin watch stores a structured workout.
fn six_by_800() -> grayzone::activity::intent::Workout {
    use grayzone::activity::intent::{Intensity, StepDuration, StepTarget, Workout, WorkoutStep};
    let step = |intensity, duration, target| WorkoutStep {
        name: None,
        intensity: Some(intensity),
        duration,
        target,
        notes: None,
    };
    Workout {
        name: Some("6x800".into()),
        description: None,
        steps: vec![
            step(
                Intensity::Warmup,
                StepDuration::Time { seconds: 900.0 },
                StepTarget::HeartRateZone(2),
            ),
            step(
                Intensity::Active,
                StepDuration::Distance { metres: 800.0 },
                StepTarget::Speed {
                    low_mps: 5.128,
                    high_mps: 5.405,
                },
            ),
            step(
                Intensity::Rest,
                StepDuration::Time { seconds: 90.0 },
                StepTarget::Open,
            ),
            step(
                Intensity::Active,
                StepDuration::Repeat {
                    from_step: 1,
                    times: 6,
                },
                StepTarget::Open,
            ),
            step(Intensity::Cooldown, StepDuration::Open, StepTarget::Open),
        ],
    }
}

/// A GPX file with the runner's title in its `<trk><name>`, as Strava writes it.
fn titled_gpx(a: &Activity, title: &str) -> Vec<u8> {
    let mut titled = a.clone();
    titled.intent.title = Some(title.to_string());
    write_gpx(&titled, GpxStyle::default()).into_bytes()
}

/// The intent exports (`fixtures/intent/`): a Strava-style export (`activities/*.gz` and
/// `activities.csv`) and a Garmin-style one (uploads in a zip in the zip, names and a race in
/// the summarized-activities JSON), titled in English, French, German, Spanish and Dutch, with a
/// structured-workout FIT file and a half-marathon race.
pub fn intent_exports() -> Vec<Fixture> {
    let plan = |intent, minutes| RunPlan::new(intent, Amount::Minutes(minutes)).smart();
    let mut structured = sim(
        RunPlan::new(
            Intent::Intervals {
                reps: 6,
                rep_m: 800.0,
                rest_s: 90.0,
            },
            Amount::Minutes(50.0),
        )
        .smart(),
        intent_at(1, 18.0),
        402,
    );
    structured.intent.workout = Some(std::sync::Arc::new(six_by_800()));
    let strava_runs = [
        Titled {
            name: "Lockerer Dauerlauf",
            activity: sim(plan(Intent::Easy, 45.0), intent_at(0, 7.0), 401),
        },
        Titled {
            name: "Bahn: 6x800",
            activity: structured,
        },
        Titled {
            name: "Recovery jog",
            activity: sim(plan(Intent::GrayZone, 41.0), intent_at(2, 7.0), 403),
        },
        Titled {
            name: "Sortie récup",
            activity: sim(plan(Intent::Recovery, 30.0), intent_at(3, 7.0), 404),
        },
        Titled {
            name: "Tempo Thursday",
            activity: sim(plan(Intent::Easy, 40.0), intent_at(4, 18.0), 405),
        },
        Titled {
            name: "Parkrun",
            activity: sim(
                RunPlan::new(Intent::Race { km: 5.0 }, Amount::Km(5.0)).smart(),
                intent_at(5, 9.0),
                406,
            ),
        },
        Titled {
            name: "Afternoon Run",
            activity: sim(plan(Intent::Easy, 50.0), intent_at(6, 15.0), 407),
        },
        Titled {
            name: "Rodaje suave",
            activity: sim(
                plan(Intent::AccidentalWorkout, 50.0),
                intent_at(7, 7.0),
                408,
            ),
        },
    ];
    let strava: Vec<StravaActivity> = strava_runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = 11_000_000_001 + i as u64;
            // The French run as Strava exports an upload from a phone app: a GPX with its title.
            if r.name == "Sortie récup" {
                strava_entry(
                    id,
                    r.name,
                    "Run",
                    &r.activity,
                    "gpx.gz",
                    gzip(&titled_gpx(&r.activity, r.name)),
                )
            } else {
                strava_entry(
                    id,
                    r.name,
                    "Run",
                    &r.activity,
                    "fit.gz",
                    gzip(&fit(std::slice::from_ref(&r.activity))),
                )
            }
        })
        .collect();

    let garmin_runs = [
        Titled {
            name: "Berlin",
            activity: sim(
                RunPlan::new(Intent::Race { km: 21.1 }, Amount::Km(21.1)).smart(),
                intent_at(13, 9.0),
                411,
            ),
        },
        Titled {
            name: "Easy shakeout",
            activity: sim(plan(Intent::Easy, 30.0), intent_at(14, 8.0), 412),
        },
        Titled {
            name: "Herstelloop",
            activity: sim(
                plan(Intent::AccidentalWorkout, 45.0),
                intent_at(16, 7.0),
                413,
            ),
        },
        Titled {
            name: "Intervalos 5x1000",
            activity: sim(
                RunPlan::new(
                    Intent::Intervals {
                        reps: 5,
                        rep_m: 1000.0,
                        rest_s: 120.0,
                    },
                    Amount::Minutes(55.0),
                )
                .smart(),
                intent_at(17, 18.0),
                414,
            ),
        },
    ];
    let uploads: Vec<(String, Vec<u8>)> = garmin_runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("runner@example.com_{}.fit", 900_001 + i),
                fit(std::slice::from_ref(&r.activity)),
            )
        })
        .collect();
    let summaries: Vec<GarminSummary> = garmin_runs
        .iter()
        .enumerate()
        .map(|(i, r)| GarminSummary {
            activity_id: 14_000_000_001 + i as u64,
            name: r.name.to_string(),
            type_key: "running".into(),
            start: expected_totals(&r.activity).start_time.unwrap_or(0.0),
            event_type_id: if i == 0 { 1 } else { 9 },
        })
        .collect();
    let mut readme = String::from(
        "# Intent exports (generated: `cargo run --release --example make_fixtures`)\n\n\
         What each run was called and what was run; tests/judge/intent_exports.rs checks what\n\
         grayzone reads of them.\n\n| export | name | ran |\n|---|---|---|\n",
    );
    let exports: [(&str, &[Titled]); 2] = [
        ("strava_export.zip", &strava_runs),
        ("garmin_export.zip", &garmin_runs),
    ];
    for (export, runs) in exports {
        for r in runs.iter() {
            let _ = writeln!(readme, "| {export} | {} | {} |", r.name, one(&r.activity));
        }
    }
    vec![
        Fixture {
            path: "intent/strava_export.zip".into(),
            bytes: strava_export(&strava),
        },
        Fixture {
            path: "intent/garmin_export.zip".into(),
            bytes: garmin_export_with_summaries(&uploads, &summaries),
        },
        Fixture {
            path: "intent/README.md".into(),
            bytes: readme.into_bytes(),
        },
    ]
}
