//! A sweep of simulated training seasons beyond the committed fixtures — other athletes, devices,
//! time zones, conditions and data faults — written to disk like a real export, run through
//! grayzone's ingest and judgement, and scored against the labels the simulator knows.
//!
//! Shared by `examples/validate.rs` (the full sweep, for people) and `tests/seasons_generated.rs`
//! (a small subset, as a regression test).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use grayzone::judge::classify::{Flag, RunClass, SessionKind};
use grayzone::judge::judge;
use grayzone::judge::profile::{Given, Profile};
use grayzone::judge::ActivityRow;
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};
use testkit::export::{garmin_export, gzip, strava_export, StravaActivity};
use testkit::rng::Rng;
use testkit::season::{
    labels_csv, render, season_with, Output, PlannedRun, SeasonKind, SeasonOptions,
};
use testkit::simulate::{simulate, Athlete, Faults, HrResponse, Intent, Level, Recording};

/// Monday 2024-01-01, 00:00 UTC: seasons start on a Monday some weeks after it.
const BASE_MONDAY_UTC: f64 = 1_704_067_200.0;
const WEEK_S: f64 = 7.0 * 86_400.0;

/// How the season reaches grayzone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packaging {
    /// Loose files in a folder (FIT, GPX/TCX gzipped), as copied off a watch or a sync tool.
    Folder,
    /// Garmin's GDPR export: a zip holding a zip of the uploads.
    GarminZip,
    /// Strava's bulk export: `activities/<id>.fit.gz` (XML formats `.gpx.gz`, `.tcx.gz`).
    StravaZip,
}

impl Packaging {
    fn name(self) -> &'static str {
        match self {
            Packaging::Folder => "folder",
            Packaging::GarminZip => "garmin_zip",
            Packaging::StravaZip => "strava_zip",
        }
    }
}

/// One season of the sweep.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// `preset` (the test kit's own athletes), `athlete` (other athletes, nothing else changed),
    /// `condition` (one condition layered on another athlete), `phenomena` (one hard case of
    /// issue 14, or `all` of them, on another athlete) or `masters` (the same on a runner whose
    /// max HR is 145–165).
    pub group: &'static str,
    pub condition: &'static str,
    pub athlete: Athlete,
    pub kind: SeasonKind,
    pub weeks: u32,
    pub start_monday: f64,
    pub seed: u64,
    pub options: SeasonOptions,
    pub packaging: Packaging,
    /// The watch's max HR written into every FIT file (`zones_target`), as the athlete's true
    /// max plus this many bpm; `None`: no watch setting, as the seasons are written.
    pub watch_max_off: Option<i32>,
}

impl Case {
    pub fn athlete_desc(&self) -> String {
        describe(&self.athlete)
    }
}

pub fn describe(a: &Athlete) -> String {
    let off = a.utc_offset_s;
    let sign = if off < 0 { '-' } else { '+' };
    let r = &a.response;
    let mut s = format!(
        "{:?} max{} rest{} easy{} thr{} UTC{sign}{}:{:02}",
        a.level,
        a.max_hr,
        a.resting_hr,
        clock(a.easy_pace_s_per_km),
        clock(a.threshold_pace_s_per_km),
        off.unsigned_abs() / 3600,
        off.unsigned_abs() % 3600 / 60
    );
    if *r != HrResponse::default() {
        let _ = write!(
            s,
            " easyHR{:.0}% thrHR{:.0}% kin×{:.1}",
            r.easy_hr * 100.0,
            r.threshold_hr * 100.0,
            r.kinetics
        );
    }
    s
}

fn clock(s_per_km: f64) -> String {
    let s = s_per_km.round() as i64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Local midnight of a Monday `weeks_later` weeks after 2024-01-01, as a UTC instant.
fn monday(weeks_later: u32, utc_offset_s: i32) -> f64 {
    BASE_MONDAY_UTC + f64::from(weeks_later) * WEEK_S - f64::from(utc_offset_s)
}

/// UTC offsets from −10 h to +10 h, half- and three-quarter-hour zones included.
const OFFSETS: [i32; 14] = [
    -36_000, -34_200, -25_200, -18_000, -12_600, -10_800, 0, 3_600, 7_200, 16_200, 19_800, 20_700,
    34_200, 36_000,
];
const HOMES: [(f64, f64); 6] = [
    (21.306_9, -157.858_3),
    (-33.868_8, 151.209_3),
    (28.613_9, 77.209_0),
    (47.376_9, 8.541_7),
    (-23.550_5, -46.633_3),
    (61.218_1, -149.900_3),
];

/// An athlete drawn from the ranges runners come in: max HR 165–205, resting 40–65, easy pace
/// 4:30–7:30/km (beginners 6:40 and slower, advanced 5:10 and faster: a plan's mileage goes with
/// the runner who follows it), threshold 17–30 % faster than easy, any offset in ±10 h.
pub fn random_athlete(rng: &mut Rng, level: Option<Level>) -> Athlete {
    let (lo, hi) = match level {
        Some(Level::Beginner) => (400.0, 450.0),
        Some(Level::Intermediate) => (311.0, 399.0),
        Some(Level::Advanced) => (270.0, 310.0),
        None => (270.0, 450.0),
    };
    let easy = rng.range(lo, hi).round();
    let threshold = (easy / rng.range(1.17, 1.30)).round();
    let level = if easy >= 400.0 {
        Level::Beginner
    } else if easy <= 310.0 {
        Level::Advanced
    } else {
        Level::Intermediate
    };
    let (lat, lon) = *rng.pick(&HOMES).unwrap_or(&HOMES[0]);
    Athlete {
        max_hr: rng.int(165, 205) as u8,
        resting_hr: rng.int(40, 65) as u8,
        easy_pace_s_per_km: easy,
        threshold_pace_s_per_km: threshold,
        utc_offset_s: *rng.pick(&OFFSETS).unwrap_or(&0),
        home_lat: lat,
        home_lon: lon,
        level,
        response: HrResponse::default(),
    }
}

/// Each season draws from its own stream (FNV-1a of its name), so adding a condition or a
/// draw leaves every other season as it was.
fn case_rng(name: &str) -> Rng {
    let hash = name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    });
    Rng::new(hash)
}

fn weeks(rng: &mut Rng) -> u32 {
    rng.int(8, 16) as u32
}

const KINDS: [SeasonKind; 6] = [
    SeasonKind::Beginner,
    SeasonKind::Intermediate,
    SeasonKind::Advanced,
    SeasonKind::Polarized,
    SeasonKind::GrayHeavy,
    SeasonKind::Mixed,
];

/// The level a plan is written for (none for the plans every level follows).
fn kind_level(kind: SeasonKind) -> Option<Level> {
    match kind {
        SeasonKind::Beginner => Some(Level::Beginner),
        SeasonKind::Intermediate => Some(Level::Intermediate),
        SeasonKind::Advanced => Some(Level::Advanced),
        _ => None,
    }
}

fn own_kind(level: Level) -> SeasonKind {
    match level {
        Level::Beginner => SeasonKind::Beginner,
        Level::Intermediate => SeasonKind::Intermediate,
        Level::Advanced => SeasonKind::Advanced,
    }
}

/// The conditions layered on other athletes, one per season: (name, options, HR response,
/// packaging).
pub fn conditions() -> Vec<(&'static str, SeasonOptions, HrResponse, Packaging)> {
    let plain = SeasonOptions::default;
    vec![
        (
            "easy_hr_low",
            plain(),
            HrResponse::easy_shifted(-0.06),
            Packaging::Folder,
        ),
        (
            "easy_hr_high",
            plain(),
            HrResponse::easy_shifted(0.05),
            Packaging::Folder,
        ),
        (
            "slow_hr_kinetics",
            plain(),
            HrResponse {
                kinetics: 1.7,
                ..HrResponse::default()
            },
            Packaging::Folder,
        ),
        (
            "hot_days",
            SeasonOptions {
                hot_share: 0.35,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "hilly",
            SeasonOptions {
                hills_m: 35.0,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "long_runs_2h",
            SeasonOptions {
                long_run_minutes: Some((125.0, 170.0)),
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "fast_finish",
            SeasonOptions {
                fast_finish_share: 0.3,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "half_marathon",
            SeasonOptions {
                half_marathon: true,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "after_midnight",
            SeasonOptions {
                after_midnight_share: 0.25,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "gpx_only",
            SeasonOptions {
                gpx_share: 1.0,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "xml_only",
            SeasonOptions {
                xml_only: true,
                after_midnight_share: 0.15,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "gpx_tcx_duplicates",
            SeasonOptions {
                gpx_share: 0.3,
                tcx_share: 0.15,
                duplicates: 3,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "faults_x5",
            SeasonOptions {
                fault_rate: 5.0,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "garmin_zip",
            SeasonOptions {
                duplicates: 2,
                ..plain()
            },
            HrResponse::default(),
            Packaging::GarminZip,
        ),
        (
            "strava_zip",
            SeasonOptions {
                gpx_share: 0.2,
                ..plain()
            },
            HrResponse::default(),
            Packaging::StravaZip,
        ),
        (
            "no_hr_monitor",
            SeasonOptions {
                no_hr_monitor: true,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "fitness_gain",
            SeasonOptions {
                fitness_change: 0.1,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "fitness_loss",
            SeasonOptions {
                fitness_change: -0.1,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "sparse_20s",
            SeasonOptions {
                record_every_s: Some(20),
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "sparse_60s",
            SeasonOptions {
                record_every_s: Some(60),
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "finish_walk",
            SeasonOptions {
                finish_walk: true,
                fast_finish_share: 0.15,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "cooldown_walk",
            SeasonOptions {
                cooldown_walk: true,
                fast_finish_share: 0.15,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "start_walk",
            SeasonOptions {
                start_walk: true,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "mid_walk",
            SeasonOptions {
                mid_walk: true,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "standing_rests",
            SeasonOptions {
                standing_rests: true,
                short_reps_share: 0.2,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        // Heart rate alone, every run or some: a treadmill without a footpod, a heart-rate-only
        // watch, GPS off.
        (
            "no_pace",
            SeasonOptions {
                no_pace_share: 1.0,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
        (
            "some_no_pace",
            SeasonOptions {
                no_pace_share: 0.3,
                ..plain()
            },
            HrResponse::default(),
            Packaging::Folder,
        ),
    ]
}

/// The hard cases of issue 14, one per season, each on another athlete: (name, options). `all`
/// mixes them.
pub fn phenomena() -> Vec<(&'static str, SeasonOptions)> {
    let plain = SeasonOptions::default;
    vec![
        (
            "short_reps",
            SeasonOptions {
                short_reps_share: 0.6,
                ..plain()
            },
        ),
        (
            "trail_gray",
            SeasonOptions {
                trail_gray_share: 0.3,
                ..plain()
            },
        ),
        (
            "hilly_easy",
            SeasonOptions {
                hilly_easy_share: 0.5,
                ..plain()
            },
        ),
        (
            "cadence_lock",
            SeasonOptions {
                cadence_lock_share: 0.3,
                ..plain()
            },
        ),
        (
            "recovery_edge",
            SeasonOptions {
                recovery_edge_share: 0.7,
                ..plain()
            },
        ),
        (
            "drift",
            SeasonOptions {
                drift_share: 0.3,
                ..plain()
            },
        ),
        (
            "progression",
            SeasonOptions {
                progression_share: 0.5,
                ..plain()
            },
        ),
        (
            "comeback",
            SeasonOptions {
                comeback: true,
                ..plain()
            },
        ),
        (
            "look_alikes",
            SeasonOptions {
                look_alike_share: 0.5,
                ..plain()
            },
        ),
        (
            "all",
            SeasonOptions {
                short_reps_share: 0.3,
                trail_gray_share: 0.1,
                hilly_easy_share: 0.15,
                cadence_lock_share: 0.1,
                recovery_edge_share: 0.3,
                drift_share: 0.1,
                progression_share: 0.2,
                comeback: true,
                look_alike_share: 0.2,
                ..plain()
            },
        ),
    ]
}

/// The full sweep for `seeds` seeds from seed 1 (the dev seeds): see [`cases_from`].
pub fn cases(seeds: u64) -> Vec<Case> {
    cases_from(1, seeds)
}

/// The sweep for seeds `first..first + seeds`: per seed, the three presets on their own plan,
/// Polarized, GrayHeavy and Mixed; six other athletes (one per season kind); every condition on
/// yet another athlete; and every phenomenon of issue 14 on yet another. Seeds from 101 on are
/// held out: no rule is tuned on them.
pub fn cases_from(first: u64, seeds: u64) -> Vec<Case> {
    let mut out = Vec::new();
    for seed in first..first + seeds {
        for (pname, athlete) in [
            ("beginner", Athlete::beginner()),
            ("intermediate", Athlete::intermediate()),
            ("advanced", Athlete::advanced()),
        ] {
            for kind in [
                own_kind(athlete.level),
                SeasonKind::Polarized,
                SeasonKind::GrayHeavy,
                SeasonKind::Mixed,
            ] {
                let name = format!("preset/{pname}/{kind:?}/s{seed}");
                let mut rng = case_rng(&name);
                let w = weeks(&mut rng);
                out.push(Case {
                    name,
                    group: "preset",
                    condition: "plain",
                    start_monday: monday(rng.int(0, 30) as u32, athlete.utc_offset_s),
                    athlete: athlete.clone(),
                    kind,
                    weeks: w,
                    seed: rng.next_u64(),
                    options: SeasonOptions::default(),
                    packaging: Packaging::Folder,
                    watch_max_off: None,
                });
            }
        }
        for (k, kind) in KINDS.iter().enumerate() {
            let name = format!("athlete/{k}/{kind:?}/s{seed}");
            let mut rng = case_rng(&name);
            let athlete = random_athlete(&mut rng, kind_level(*kind));
            let w = weeks(&mut rng);
            out.push(Case {
                name,
                group: "athlete",
                condition: "plain",
                start_monday: monday(rng.int(0, 30) as u32, athlete.utc_offset_s),
                athlete,
                kind: *kind,
                weeks: w,
                seed: rng.next_u64(),
                options: SeasonOptions::default(),
                packaging: Packaging::Folder,
                watch_max_off: None,
            });
        }
        for (c, (name, options, response, packaging)) in conditions().into_iter().enumerate() {
            // Cycle the plans so every condition meets every kind over a few seeds.
            let kind = KINDS[(c + seed as usize) % KINDS.len()];
            let case_name = format!("condition/{name}/{kind:?}/s{seed}");
            let mut rng = case_rng(&case_name);
            let mut athlete = random_athlete(&mut rng, kind_level(kind));
            athlete.response = response;
            if options.xml_only {
                // Far from UTC, where a file without its offset lands on another day.
                athlete.utc_offset_s = *rng
                    .pick(&[-36_000, -34_200, 34_200, 36_000])
                    .unwrap_or(&36_000);
            }
            let w = weeks(&mut rng);
            out.push(Case {
                name: case_name,
                group: "condition",
                condition: name,
                start_monday: monday(rng.int(0, 30) as u32, athlete.utc_offset_s),
                athlete,
                kind,
                weeks: w,
                seed: rng.next_u64(),
                options,
                packaging,
                watch_max_off: None,
            });
        }
        // The hard cases, then the same on a masters runner: max HR falls about 0.7 bpm a year,
        // to 145–165 at 55–75, under the 165–180 steps a minute a wrist sensor can slip onto.
        for (group, shift) in [("phenomena", 0), ("masters", 3)] {
            for (c, (name, options)) in phenomena().into_iter().enumerate() {
                let kind = KINDS[(c + seed as usize + shift) % KINDS.len()];
                let case_name = format!("{group}/{name}/{kind:?}/s{seed}");
                let mut rng = case_rng(&case_name);
                let mut athlete = random_athlete(&mut rng, kind_level(kind));
                if group == "masters" {
                    athlete.max_hr = rng.int(145, 165) as u8;
                    athlete.resting_hr = athlete.resting_hr.min(athlete.max_hr - 90);
                }
                let w = weeks(&mut rng);
                out.push(Case {
                    name: case_name,
                    group,
                    condition: name,
                    start_monday: monday(rng.int(0, 30) as u32, athlete.utc_offset_s),
                    athlete,
                    kind,
                    weeks: w,
                    seed: rng.next_u64(),
                    options,
                    packaging: Packaging::Folder,
                    watch_max_off: None,
                });
            }
        }
    }
    out
}

/// A season on disk: its planned runs and, for each label key (the file name as grayzone shows
/// it, without folders or archive prefixes), the run's index.
pub struct Written {
    pub runs: Vec<PlannedRun>,
    pub keys: BTreeMap<String, usize>,
}

/// Writes the season's files (packaged as the case says), `LABELS.csv` and `ATHLETE.txt` into
/// `dir`.
/// A season's file as the test kit writes it, its FIT files with the case's watch max HR if it
/// has one (a watch's own guess, off the athlete's true max by `watch_max_off`).
fn rendered(case: &Case, run: &PlannedRun) -> Vec<u8> {
    let (activity, bytes) = render(&case.athlete, run);
    match (case.watch_max_off, &run.output) {
        (Some(off), Output::Fit) => {
            let max = (i32::from(case.athlete.max_hr) + off).clamp(1, 254) as u8;
            testkit::fit_writer::write_fit(
                std::slice::from_ref(&activity),
                &testkit::fit_writer::FitOptions {
                    watch_profile: Some(grayzone::activity::WatchSettings {
                        max_hr: Some(max),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            )
        }
        _ => bytes,
    }
}

pub fn write_case(case: &Case, dir: &Path) -> std::io::Result<Written> {
    let runs = season_with(
        &case.athlete,
        case.weeks,
        case.kind,
        case.start_monday,
        case.seed,
        &case.options,
    );
    std::fs::create_dir_all(dir)?;
    let mut keys = BTreeMap::new();
    let files: Vec<(String, Vec<u8>)> = runs
        .iter()
        .map(|r| (r.file_name.clone(), rendered(case, r)))
        .collect();
    match case.packaging {
        Packaging::Folder => {
            for (i, (name, bytes)) in files.iter().enumerate() {
                std::fs::write(dir.join(name), bytes)?;
                keys.insert(name.clone(), i);
            }
        }
        Packaging::GarminZip => {
            for (i, (name, _)) in files.iter().enumerate() {
                keys.insert(name.clone(), i);
            }
            let exported_at = case.start_monday + f64::from(case.weeks) * WEEK_S + 36_000.0;
            std::fs::write(dir.join("export.zip"), garmin_export(&files, exported_at))?;
        }
        Packaging::StravaZip => {
            let mut activities = Vec::new();
            for (i, (r, (_, bytes))) in runs.iter().zip(&files).enumerate() {
                let id = 9_000_000_000u64 + i as u64 * 7_919;
                let (ext, bytes) = match r.output {
                    Output::Fit => ("fit.gz", gzip(bytes)),
                    Output::Gpx(_) => ("gpx.gz", bytes.clone()),
                    Output::Tcx => ("tcx.gz", bytes.clone()),
                };
                let file = format!("{id}.{ext}");
                keys.insert(file.clone(), i);
                activities.push(StravaActivity {
                    id,
                    name: strava_title(r.intent(), i).to_string(),
                    activity_type: if r.is_run() { "Run" } else { "Ride" }.to_string(),
                    start: r.start,
                    elapsed_s: 3600.0,
                    distance_m: 10_000.0,
                    max_hr: None,
                    file_name: format!("activities/{file}"),
                    bytes,
                });
            }
            std::fs::write(dir.join("export.zip"), strava_export(&activities))?;
        }
    }
    std::fs::write(dir.join("LABELS.csv"), labels_csv(&runs))?;
    let a = &case.athlete;
    std::fs::write(
        dir.join("ATHLETE.txt"),
        format!(
            "max_hr={}\nresting_hr={}\neasy_pace_s_per_km={}\nthreshold_pace_s_per_km={}\nutc_offset_s={}\n",
            a.max_hr, a.resting_hr, a.easy_pace_s_per_km, a.threshold_pace_s_per_km, a.utc_offset_s
        ),
    )?;
    Ok(Written { runs, keys })
}

/// The label key of a row: the file name, without folders, archive prefixes or `#N`.
pub fn key(row: &ActivityRow) -> String {
    let path = row.path.rsplit('!').next().unwrap_or(&row.path);
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('#').next().unwrap_or(name).to_string()
}

pub fn auto_profile() -> Profile {
    Profile::default()
}

pub fn given_profile(max_hr: u8) -> Profile {
    Profile {
        max_hr: Some(Given {
            value: f64::from(max_hr),
            by: "--max-hr".into(),
        }),
        ..Profile::default()
    }
}

pub const CLASSES: [&str; 3] = ["recovery", "easy", "hard"];

/// One run grayzone got wrong, with everything needed to see why.
#[derive(Clone, Debug)]
pub struct Miss {
    pub case: String,
    pub profile: &'static str,
    pub athlete: String,
    pub file: String,
    pub date: String,
    pub intent: String,
    pub sport: String,
    pub fault: String,
    pub variation: String,
    /// What went wrong, e.g. `easy→hard`, `gray missed`, `accidental not flagged`.
    pub what: String,
    pub predicted: String,
    pub flags: String,
    pub reason: String,
    pub zones: (f64, f64, f64),
    pub session: String,
    pub max_hr_used: f64,
    pub easy_pace_used: f64,
    pub threshold_pace_used: f64,
    /// The run's average HR over max HR (the true max) and its moving pace, s/km.
    pub hr_of_true_max: Option<f64>,
    pub pace: Option<f64>,
}

impl Miss {
    pub fn line(&self) -> String {
        format!(
            "MISS [{}] {} | {} | {} {} intent={} sport={} fault={} var={} | {} → {} [{}] flags={} | zones L{:.0}/M{:.0}/H{:.0} | HR {:.0}% of true max, pace {}/km | used maxHR {:.0}, easy {}/km, thr {}/km | {}",
            self.profile,
            self.case,
            self.athlete,
            self.file,
            self.date,
            self.intent,
            self.sport,
            if self.fault.is_empty() { "-" } else { &self.fault },
            if self.variation.is_empty() { "-" } else { &self.variation },
            self.what,
            self.predicted,
            self.session,
            self.flags,
            self.zones.0,
            self.zones.1,
            self.zones.2,
            self.hr_of_true_max.unwrap_or(0.0) * 100.0,
            self.pace.map_or("-".to_string(), clock),
            self.max_hr_used,
            clock(self.easy_pace_used),
            clock(self.threshold_pace_used),
            self.reason,
        )
    }
}

/// Scores of one season (or many, added up).
#[derive(Clone, Debug, Default)]
pub struct Score {
    /// Labelled class (recovery, easy, hard) × predicted (recovery, easy, hard, not judged).
    pub confusion: [[usize; 4]; 3],
    pub gray_tp: usize,
    pub gray_fp: usize,
    pub gray_fn: usize,
    pub accidental_total: usize,
    pub accidental_found: usize,
    pub accidental_false: usize,
    /// Runs within 2 days of a half marathon, and how many carry `too_soon_after_race`.
    pub after_race_total: usize,
    pub after_race_flagged: usize,
    /// Duplicate pairs, and how many came out with exactly one judged run.
    pub duplicate_pairs: usize,
    pub duplicate_pairs_ok: usize,
    pub duplicate_problems: Vec<String>,
    /// Max HR the baseline used for the season's last judged run, over the true max HR.
    pub max_hr_ratio: Option<f64>,
    /// Rides and walks, and how many were kept out of the runs.
    pub cross_total: usize,
    pub cross_ok: usize,
    /// Per week: (week, reference low %, grayzone's low %).
    pub weeks: Vec<(String, f64, f64)>,
    /// Weeks in the labels that grayzone reported with another run count (time-zone trouble).
    pub week_count_mismatches: Vec<String>,
    pub misses: Vec<Miss>,
    /// Judged runs, and how many were judged against a max HR more than a beat below their own
    /// clean 5-second HR peak (the true HR, device faults off). Counted for the phenomena group only.
    pub peak_checked: usize,
    pub below_own_peak: usize,
    /// Planned workouts by kind: how many the verdict named what.
    pub named: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
}

impl Score {
    pub fn runs(&self) -> usize {
        self.confusion.iter().flatten().sum()
    }

    pub fn correct(&self) -> usize {
        (0..3).map(|i| self.confusion[i][i]).sum()
    }

    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.runs().max(1) as f64
    }

    pub fn gray_precision(&self) -> f64 {
        ratio(self.gray_tp, self.gray_tp + self.gray_fp)
    }

    pub fn gray_recall(&self) -> f64 {
        ratio(self.gray_tp, self.gray_tp + self.gray_fn)
    }

    pub fn gray_f1(&self) -> f64 {
        let d = 2 * self.gray_tp + self.gray_fp + self.gray_fn;
        if d == 0 {
            1.0
        } else {
            2.0 * self.gray_tp as f64 / d as f64
        }
    }

    pub fn accidental_recall(&self) -> f64 {
        ratio(self.accidental_found, self.accidental_total)
    }

    /// Largest |grayzone − reference| weekly low %, in points.
    pub fn worst_week_gap(&self) -> f64 {
        self.weeks
            .iter()
            .map(|(_, r, g)| (g - r).abs())
            .fold(0.0, f64::max)
    }

    pub fn weeks_off_by_more_than(&self, points: f64) -> usize {
        self.weeks
            .iter()
            .filter(|(_, r, g)| (g - r).abs() > points)
            .count()
    }

    pub fn add(&mut self, o: &Score) {
        for i in 0..3 {
            for j in 0..4 {
                self.confusion[i][j] += o.confusion[i][j];
            }
        }
        self.gray_tp += o.gray_tp;
        self.gray_fp += o.gray_fp;
        self.gray_fn += o.gray_fn;
        self.accidental_total += o.accidental_total;
        self.accidental_found += o.accidental_found;
        self.accidental_false += o.accidental_false;
        self.after_race_total += o.after_race_total;
        self.after_race_flagged += o.after_race_flagged;
        self.duplicate_pairs += o.duplicate_pairs;
        self.duplicate_pairs_ok += o.duplicate_pairs_ok;
        self.duplicate_problems
            .extend(o.duplicate_problems.iter().cloned());
        self.cross_total += o.cross_total;
        self.cross_ok += o.cross_ok;
        self.weeks.extend(o.weeks.iter().cloned());
        self.week_count_mismatches
            .extend(o.week_count_mismatches.iter().cloned());
        self.peak_checked += o.peak_checked;
        self.below_own_peak += o.below_own_peak;
        self.misses.extend(o.misses.iter().cloned());
        for (kind, got) in &o.named {
            let e = self.named.entry(kind).or_default();
            for (name, n) in got {
                *e.entry(name).or_default() += n;
            }
        }
    }

    pub fn confusion_table(&self) -> String {
        let mut s = String::from("    labelled \\ got   recovery     easy     hard  missing\n");
        for (i, c) in CLASSES.iter().enumerate() {
            let _ = writeln!(
                s,
                "    {c:<16} {:>8} {:>8} {:>8} {:>8}",
                self.confusion[i][0],
                self.confusion[i][1],
                self.confusion[i][2],
                self.confusion[i][3]
            );
        }
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn class_index(c: &str) -> Option<usize> {
    CLASSES.iter().position(|x| *x == c)
}

fn predicted_index(c: RunClass) -> usize {
    match c {
        RunClass::Recovery => 0,
        RunClass::Easy => 1,
        RunClass::Hard => 2,
    }
}

/// Ingests the season folder and judges it with `profile`.
pub fn judged(dir: &Path, profile: &Profile) -> Vec<ActivityRow> {
    let rows = read_export(&[dir.to_path_buf()], &ReadOptions::default());
    judge(rows.unwrap_or_default(), profile)
}

/// Scores grayzone's rows against the season's labels; `reference` is the weekly low % the
/// simulated truth gives (see [`reference_weeks`]).
pub fn score(
    case: &Case,
    written: &Written,
    rows: &[ActivityRow],
    profile_name: &'static str,
    reference: &BTreeMap<String, (f64, f64)>,
) -> Score {
    let mut s = Score::default();
    let runs = &written.runs;
    let mut row_of: BTreeMap<usize, &ActivityRow> = BTreeMap::new();
    for row in rows {
        if let Some(&i) = written.keys.get(&key(row)) {
            row_of.insert(i, row);
        }
    }
    let is_dup = |r: &PlannedRun| r.fault.starts_with("duplicate_of:");
    // Duplicate pairs: the copy follows its original.
    let mut paired: BTreeSet<usize> = BTreeSet::new();
    for (i, r) in runs.iter().enumerate() {
        if is_dup(r) && i > 0 {
            paired.insert(i - 1);
            paired.insert(i);
            s.duplicate_pairs += 1;
            let ok = [i - 1, i]
                .iter()
                .filter(|k| row_of.get(k).is_some_and(|row| row.status == Status::Ok))
                .count();
            s.duplicate_pairs_ok += usize::from(ok == 1);
            if ok != 1 {
                let status = |k: usize| {
                    row_of.get(&k).map_or("no row".to_string(), |row| {
                        format!("{} {}", row.status.name(), row.note)
                    })
                };
                s.duplicate_problems.push(format!(
                    "{}: {} [{}] and its copy {} [{}]: {ok} judged",
                    case.name,
                    runs[i - 1].file_name,
                    status(i - 1),
                    r.file_name,
                    status(i)
                ));
            }
        }
    }
    for (i, r) in runs.iter().enumerate() {
        let row = row_of.get(&i).copied();
        if !r.is_run() {
            s.cross_total += 1;
            s.cross_ok += usize::from(row.is_some_and(|row| row.status == Status::NotRun));
            continue;
        }
        let judgement = row
            .filter(|row| row.status == Status::Ok)
            .and_then(|row| row.judgement.as_ref());
        let Some(label) = class_index(r.class) else {
            continue;
        };
        let Some(j) = judgement else {
            // One file of a duplicate pair is rightly left out.
            if paired.contains(&i) {
                continue;
            }
            s.confusion[label][3] += 1;
            let what = match row {
                Some(row) => format!(
                    "not judged ({}: {}{})",
                    row.status.name(),
                    row.note,
                    row.error
                ),
                None => "no row".to_string(),
            };
            s.misses.push(miss(
                case,
                profile_name,
                r,
                what,
                None,
                row.map(|x| x.path.as_str()),
            ));
            continue;
        };
        let got = predicted_index(j.class);
        s.confusion[label][got] += 1;
        if matches!(case.group, "phenomena" | "masters") {
            s.peak_checked += 1;
            if j.baseline.max_hr.value < clean_peak_5s(&case.athlete, r) - 1.0 {
                s.below_own_peak += 1;
            }
        }
        let accidental_flag = j.flags.contains(&Flag::AccidentalWorkout);
        if let Some(kind) = planned_session(r.intent()) {
            let name = if j.gray_zone {
                "gray zone"
            } else {
                j.session.name()
            };
            *s.named.entry(kind).or_default().entry(name).or_default() += 1;
        }
        let mut what = Vec::new();
        if let Some(kind) = planned_session(r.intent()) {
            if std::env::var_os("SWEEP_NAMES").is_some() && j.session.name() != kind {
                what.push(format!("named {}", j.session.name()));
            }
        }
        if got != label {
            what.push(format!("{}→{}", r.class, j.class.name()));
        }
        match (r.gray_zone, j.gray_zone) {
            (true, true) => s.gray_tp += 1,
            (false, true) => {
                s.gray_fp += 1;
                what.push("called gray".to_string());
            }
            (true, false) => {
                s.gray_fn += 1;
                what.push("gray missed".to_string());
            }
            _ => {}
        }
        if r.accidental_workout {
            s.accidental_total += 1;
            s.accidental_found += usize::from(accidental_flag);
            if !accidental_flag {
                what.push("accidental not flagged".to_string());
            }
        } else if accidental_flag {
            s.accidental_false += 1;
            what.push("accidental flagged".to_string());
        }
        if r.variation.contains("after_half_marathon") {
            s.after_race_total += 1;
            let flagged = j.flags.contains(&Flag::TooSoonAfterRace);
            s.after_race_flagged += usize::from(flagged);
            if !flagged {
                what.push("too_soon_after_race not flagged".to_string());
            }
        }
        if !what.is_empty() {
            s.misses
                .push(miss(case, profile_name, r, what.join(", "), row, None));
        }
    }
    weekly_comparison(&mut s, runs, rows, reference);
    s.max_hr_ratio = rows
        .iter()
        .rev()
        .find_map(|r| r.judgement.as_ref())
        .map(|j| j.baseline.max_hr.value / f64::from(case.athlete.max_hr));
    s
}

fn miss(
    case: &Case,
    profile: &'static str,
    r: &PlannedRun,
    what: String,
    row: Option<&ActivityRow>,
    path: Option<&str>,
) -> Miss {
    let j = row.and_then(|row| row.judgement.as_ref());
    Miss {
        case: case.name.clone(),
        profile,
        athlete: case.athlete_desc(),
        file: path.map_or_else(|| r.file_name.clone(), str::to_string),
        date: r.date_local.clone(),
        intent: intent_text(r.intent()),
        sport: r.sport().name().to_string(),
        fault: r.fault.clone(),
        variation: r.variation.clone(),
        what,
        predicted: j.map_or_else(String::new, |j| {
            format!(
                "{}{}",
                j.class.name(),
                if j.gray_zone { "+gray" } else { "" }
            )
        }),
        flags: j.map_or_else(String::new, |j| {
            j.flags
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join("|")
        }),
        reason: j.map_or_else(String::new, |j| j.reason.to_string()),
        zones: j.map_or((0.0, 0.0, 0.0), |j| j.zones.shares()),
        session: j.map_or_else(String::new, |j| j.session.name().to_string()),
        max_hr_used: j.map_or(0.0, |j| j.baseline.max_hr.value),
        easy_pace_used: j.map_or(0.0, |j| j.baseline.easy_pace_s_per_km()),
        threshold_pace_used: j.map_or(0.0, |j| j.baseline.threshold_pace_s_per_km()),
        hr_of_true_max: row
            .and_then(|row| row.summary.as_deref())
            .and_then(|s| s.avg_hr)
            .map(|h| h / f64::from(case.athlete.max_hr)),
        pace: row
            .and_then(|row| row.summary.as_deref())
            .and_then(|s| s.pace_s_per_km()),
    }
}

/// An activity's title in a Strava export: every other run keeps Strava's default, the rest carry
/// what the runner planned (an easy day that went hard was planned easy; nobody plans a gray-zone
/// run).
fn strava_title(intent: Intent, i: usize) -> &'static str {
    if i.is_multiple_of(2) {
        return match intent {
            Intent::Ride => "Morning Ride",
            Intent::Walk => "Morning Walk",
            _ => "Morning Run",
        };
    }
    match intent {
        Intent::Recovery | Intent::RecoveryEdge => "Recovery run",
        Intent::Easy
        | Intent::EasyWithStrides
        | Intent::EasyWalkBreaks
        | Intent::EasyStopAndGo
        | Intent::HillyEasy
        | Intent::AccidentalWorkout
        | Intent::FastFinish { .. }
        | Intent::PickUpAndJogHome { .. } => "Easy run",
        Intent::Long | Intent::MarathonBlock { .. } => "Long run",
        Intent::Intervals { .. } | Intent::TrackRepeats { .. } => "Intervals",
        Intent::ShortReps { .. } | Intent::Fartlek => "Fartlek",
        Intent::Tempo { .. } => "Tempo",
        Intent::Hills { .. } => "Hill repeats",
        Intent::Race { .. } => "Race",
        Intent::Progression { .. } => "Progression run",
        Intent::GrayZone | Intent::TrailGray => "Lunch Run",
        Intent::Ride => "Afternoon Ride",
        Intent::Walk => "Afternoon Walk",
    }
}

/// A planned workout's session, as the verdict should name it (what a coach reads first).
fn planned_session(i: Intent) -> Option<&'static str> {
    Some(match i {
        Intent::Tempo { .. } => SessionKind::Tempo.name(),
        // Short reps (30–55 s surges) are a fartlek to some coaches, intervals to others: both
        // name a set of even reps intervals.
        Intent::Intervals { .. } | Intent::TrackRepeats { .. } | Intent::ShortReps { .. } => {
            SessionKind::Intervals.name()
        }
        Intent::Hills { .. } => SessionKind::Hills.name(),
        Intent::Fartlek => SessionKind::Fartlek.name(),
        Intent::Race { .. } => SessionKind::Race.name(),
        _ => return None,
    })
}

fn intent_text(i: Intent) -> String {
    match i {
        Intent::Intervals { reps, rep_m, .. } => format!("intervals({reps}x{rep_m:.0}m)"),
        Intent::Tempo { minutes } => format!("tempo({minutes:.0}min)"),
        Intent::Hills { reps } => format!("hills({reps})"),
        Intent::Race { km } => format!("race({km}km)"),
        Intent::FastFinish { minutes } => format!("fast_finish({minutes:.0}min)"),
        Intent::ShortReps {
            reps,
            surge_s,
            jog_s,
        } => format!("short_reps({reps}x{surge_s:.0}s/{jog_s:.0}s)"),
        Intent::TrackRepeats { reps, rep_m, .. } => format!("track_repeats({reps}x{rep_m:.0}m)"),
        Intent::Progression { minutes } => format!("progression({minutes:.0}min)"),
        other => other.name().to_string(),
    }
}

fn iso_week_of(date_local: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(date_local, "%Y-%m-%d").ok()?;
    let w = d.iso_week();
    Some(format!("{}-W{:02}", w.year(), w.week()))
}

/// Compares grayzone's weekly low % with the reference, and its run counts with the labels'.
fn weekly_comparison(
    s: &mut Score,
    runs: &[PlannedRun],
    rows: &[ActivityRow],
    reference: &BTreeMap<String, (f64, f64)>,
) {
    let weeks = grayzone::report::weekly::weeks(rows);
    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in runs
        .iter()
        .filter(|r| r.is_run() && !r.fault.starts_with("duplicate_of:"))
    {
        if let Some(w) = iso_week_of(&r.date_local) {
            *label_counts.entry(w).or_default() += 1;
        }
    }
    let got: BTreeMap<&str, &grayzone::report::weekly::Week> =
        weeks.iter().map(|w| (w.week.as_str(), w)).collect();
    for (week, &n) in &label_counts {
        let have = got.get(week.as_str()).map_or(0, |w| w.runs);
        if have != n {
            s.week_count_mismatches
                .push(format!("{week}: {n} runs labelled, {have} reported"));
        }
    }
    for (week, &(low, total)) in reference {
        let Some(w) = got.get(week.as_str()) else {
            continue;
        };
        if total <= 0.0 {
            continue;
        }
        s.weeks
            .push((week.clone(), low / total * 100.0, w.zone_pcts().0));
    }
}

/// The weekly low % the simulated truth gives: each run simulated again without its device faults,
/// every moving second judged by the true HR 30 s later against the athlete's true max HR (low
/// under 80 %, high from 88 %, as grayzone's defaults), and high whenever the 30-second effort is
/// at 98 % of true threshold speed or more (the README's rule for short reps; effort is speed
/// scaled by grade as the simulator's physiology has it, so running fast downhill is not effort).
/// Returns, per ISO week, (low seconds, zoned seconds).
pub fn reference_weeks(athlete: &Athlete, runs: &[PlannedRun]) -> BTreeMap<String, (f64, f64)> {
    let mut out: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for r in runs
        .iter()
        .filter(|r| r.is_run() && !r.fault.starts_with("duplicate_of:"))
    {
        let Some(week) = iso_week_of(&r.date_local) else {
            continue;
        };
        let (low, total) = reference_run(athlete, r);
        let e = out.entry(week).or_default();
        e.0 += low;
        e.1 += total;
    }
    out
}

/// The run's highest 5-second mean of the true HR (device faults off): what a clean reading shows.
pub fn clean_peak_5s(a: &Athlete, r: &PlannedRun) -> f64 {
    let mut plan = r.plan.clone();
    plan.faults = Faults::default();
    // The truth of a sparse recording is the run second by second (its long gaps are no pauses).
    if matches!(plan.recording, Recording::Sparse { .. }) {
        plan.recording = Recording::EverySecond;
    }
    let act = simulate(a, &plan, r.start, r.seed);
    let s = &act.samples;
    let mut peak = 0.0f64;
    for (i, x) in s.iter().enumerate() {
        let hrs: Vec<f64> = s[i..]
            .iter()
            .take_while(|y| y.time < x.time + 5.0)
            .filter_map(|y| y.heart_rate)
            .map(f64::from)
            .collect();
        if !hrs.is_empty() {
            peak = peak.max(hrs.iter().sum::<f64>() / hrs.len() as f64);
        }
    }
    peak
}

/// (low seconds, zoned seconds) of one run by the simulated truth.
pub fn reference_run(a: &Athlete, r: &PlannedRun) -> (f64, f64) {
    let mut plan = r.plan.clone();
    plan.faults = Faults::default();
    // The truth of a sparse recording is the run second by second (its long gaps are no pauses).
    if matches!(plan.recording, Recording::Sparse { .. }) {
        plan.recording = Recording::EverySecond;
    }
    let act = simulate(a, &plan, r.start, r.seed);
    let s = &act.samples;
    let max = f64::from(a.max_hr);
    let v_high = 0.98 * 1000.0 / a.threshold_pace_s_per_km;
    let (mut low, mut total) = (0.0, 0.0);
    for (i, x) in s.iter().enumerate() {
        let Some(next) = s.get(i + 1) else { break };
        let gap = next.time - x.time;
        // A timer pause leaves a long gap: not moving time.
        if gap > 10.0 || x.speed_mps.unwrap_or(0.0) < 0.5 {
            continue;
        }
        let later = s[i..].iter().find(|y| y.time >= x.time + 30.0).unwrap_or(x);
        let Some(hr) = later.heart_rate.or(x.heart_rate) else {
            continue;
        };
        let hr = f64::from(hr);
        let before = s[..=i]
            .iter()
            .rev()
            .find(|y| y.time <= x.time - 15.0)
            .unwrap_or(&s[0]);
        let after = s[i..].iter().find(|y| y.time >= x.time + 15.0).unwrap_or(x);
        let pace_high = match (before.distance_m, after.distance_m) {
            (Some(d0), Some(d1)) if after.time > before.time && d1 > d0 => {
                let grade = match (before.altitude_m, after.altitude_m) {
                    (Some(a0), Some(a1)) => f64::from(a1 - a0) / (d1 - d0),
                    _ => 0.0,
                };
                let effort = (d1 - d0) / (after.time - before.time) * (1.0 + 4.0 * grade).max(0.5);
                effort >= v_high
            }
            _ => false,
        };
        total += gap;
        if hr < 0.80 * max && !pace_high {
            low += gap;
        }
    }
    (low, total)
}

/// Everything about one season: scores with the auto baseline and with max HR given.
pub struct CaseResult {
    pub case: Case,
    pub runs: usize,
    pub auto: Score,
    pub given: Score,
    pub seconds: f64,
}

/// Generates, writes, ingests, judges and scores one season in a fresh folder under `root`.
pub fn run_case(case: &Case, root: &Path) -> std::io::Result<CaseResult> {
    let started = std::time::Instant::now();
    let dir: PathBuf = root.join(case.name.replace('/', "_"));
    let written = write_case(case, &dir)?;
    let reference = reference_weeks(&case.athlete, &written.runs);
    let auto_rows = judged(&dir, &auto_profile());
    let given_rows = judged(&dir, &given_profile(case.athlete.max_hr));
    let auto = score(case, &written, &auto_rows, "auto", &reference);
    let given = score(case, &written, &given_rows, "max-hr", &reference);
    Ok(CaseResult {
        case: case.clone(),
        runs: written.runs.iter().filter(|r| r.is_run()).count(),
        auto,
        given,
        seconds: started.elapsed().as_secs_f64(),
    })
}

pub fn packaging_name(p: Packaging) -> &'static str {
    p.name()
}
