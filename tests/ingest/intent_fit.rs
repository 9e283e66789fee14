//! What a FIT file says the run was meant to be: a structured workout and its steps, laps marked
//! warm-up / work / rest / cool-down, the watch's own heart-rate settings, and the device's name.
//! Files are written by the test kit's FIT writer (from the spec, independent of the decoder),
//! read back by grayzone and by fitparser, the oracle.

use fitparser::{FitDataRecord, Value};
use grayzone::activity::intent::{
    HeartRateValue, Intensity, LapMark, StepDuration, StepTarget, Workout, WorkoutStep, ZoneBasis,
};
use grayzone::activity::{Activity, FileContent, Intent, Sample, Sport, WatchSettings};
use grayzone::judge::intent::{self, Planned, PlannedSource, Said, WordList};
use testkit::fit_writer::{write_fit, FitOptions};

const T0: f64 = 1_709_533_800.0; // 2024-03-04T06:30:00Z

fn step(
    name: Option<&str>,
    intensity: Intensity,
    duration: StepDuration,
    target: StepTarget,
) -> WorkoutStep {
    WorkoutStep {
        name: name.map(str::to_owned),
        intensity: Some(intensity),
        duration,
        target,
        notes: None,
    }
}

/// "6x800 @ 3:15–3:05/km, 90 s jog": warm-up in HR zone 2, six 800 m reps at a pace target with
/// 90 s rest, cool-down.
fn six_by_800() -> Workout {
    Workout {
        name: Some("6x800".into()),
        description: Some("Track: 90 s jog between".into()),
        steps: vec![
            step(
                Some("Warm up"),
                Intensity::Warmup,
                StepDuration::Time { seconds: 900.0 },
                StepTarget::HeartRateZone(2),
            ),
            step(
                None,
                Intensity::Active,
                StepDuration::Distance { metres: 800.0 },
                StepTarget::Speed {
                    low_mps: 5.128,
                    high_mps: 5.405,
                },
            ),
            step(
                None,
                Intensity::Rest,
                StepDuration::Time { seconds: 90.0 },
                StepTarget::Open,
            ),
            step(
                None,
                Intensity::Active,
                StepDuration::Repeat {
                    from_step: 1,
                    times: 6,
                },
                StepTarget::Open,
            ),
            step(
                Some("Cool down"),
                Intensity::Cooldown,
                StepDuration::Open,
                StepTarget::HeartRate {
                    low: HeartRateValue::Bpm(110),
                    high: HeartRateValue::PercentOfMax(70),
                },
            ),
        ],
    }
}

/// A 45-minute run at 1 Hz, with the workout, 14 laps marked as the watch marks them, and the
/// watch's settings on the day.
fn structured_run() -> Activity {
    let samples = (0..2700)
        .map(|i| Sample {
            time: T0 + f64::from(i),
            position: Some((52.0 + f64::from(i) * 3e-5, 4.9)),
            distance_m: Some(f64::from(i) * 3.3),
            speed_mps: Some(3.3),
            altitude_m: Some(5.0),
            heart_rate: Some(140 + (i % 30) as u8),
            cadence: Some(85),
            power_w: None,
        })
        .collect();
    let mark = |intensity, step| LapMark {
        start: 0.0,
        timer_s: None,
        distance_m: None,
        intensity: Some(intensity),
        step: Some(step),
    };
    let mut laps = vec![mark(Intensity::Warmup, 0)];
    for _ in 0..6 {
        laps.push(mark(Intensity::Active, 1));
        laps.push(mark(Intensity::Rest, 2));
    }
    laps.push(mark(Intensity::Cooldown, 4));
    Activity {
        sport: Sport::Running,
        samples,
        laps: laps.len() as u32,
        utc_offset_s: Some(3600),
        intent: Intent {
            workout: Some(std::sync::Arc::new(six_by_800())),
            laps,
            ..Intent::default()
        },
        watch: WatchSettings {
            max_hr: Some(192),
            resting_hr: Some(48),
            threshold_hr: Some(172),
            zone_tops_bpm: vec![96, 115, 134, 153, 172, 192],
            zone_basis: Some(ZoneBasis::PercentOfMax),
        },
        ..Activity::default()
    }
}

fn decode(bytes: &[u8]) -> Vec<Activity> {
    match grayzone::ingest::decode::fit::decode(bytes) {
        Ok(FileContent::Activities(a)) => a,
        other => panic!("{other:?}"),
    }
}

/// The watch's standing settings, different from the ones of the day, to tell them apart.
fn standing() -> WatchSettings {
    WatchSettings {
        max_hr: Some(185),
        resting_hr: Some(50),
        threshold_hr: Some(170),
        zone_tops_bpm: vec![],
        zone_basis: Some(ZoneBasis::PercentOfReserve),
    }
}

#[test]
fn a_structured_workout_reads_back_step_by_step() {
    let run = structured_run();
    let opts = FitOptions {
        watch_profile: Some(standing()),
        ..FitOptions::default()
    };
    let decoded = decode(&write_fit(std::slice::from_ref(&run), &opts));
    assert_eq!(decoded.len(), 1);
    let a = &decoded[0];
    assert_eq!(a.intent.workout, run.intent.workout);
    // Laps: the marks as written, each at its real start.
    let marks: Vec<(Option<Intensity>, Option<u16>)> = a
        .intent
        .laps
        .iter()
        .map(|l| (l.intensity, l.step))
        .collect();
    let written: Vec<(Option<Intensity>, Option<u16>)> = run
        .intent
        .laps
        .iter()
        .map(|l| (l.intensity, l.step))
        .collect();
    assert_eq!(marks, written);
    assert_eq!(a.intent.laps[0].start, T0);
    assert!(a.intent.laps.windows(2).all(|w| w[0].start < w[1].start));
    // Each lap's timer time is the one the writer gave that lap.
    let lap_seconds: Vec<f64> = a.intent.laps.iter().filter_map(|l| l.timer_s).collect();
    let written_seconds: Vec<f64> = testkit::lap_ranges(&run)
        .into_iter()
        .filter_map(|r| testkit::totals_of(&run, r).timer_s)
        .collect();
    assert_eq!(lap_seconds.len(), 14);
    assert_eq!(lap_seconds, written_seconds);
    // Every lap's start, marked or not, for a run cut from its recording to count its own.
    assert_eq!(a.laps, 14);
    let starts: Vec<f64> = a.intent.laps.iter().map(|l| l.start).collect();
    assert_eq!(a.lap_starts, starts);
    // The settings of the day (time_in_zone of the session) win over the standing ones.
    assert_eq!(a.watch, run.watch);
    // And the whole reads as a workout, from its steps.
    let said = Said {
        workout: a.intent.workout.as_deref(),
        laps: &a.intent.laps,
        max_hr: Some(192.0),
        easy_speed_mps: Some(3.0),
        ..Said::default()
    };
    let planned = intent::planned(&said, WordList::builtin()).unwrap();
    assert_eq!(planned.planned, Planned::Workout);
    assert_eq!(planned.source, PlannedSource::StructuredWorkout);
    assert_eq!(planned.evidence, ["6x800"]);
}

#[test]
fn the_sessions_of_one_file_share_its_workout_and_each_keeps_its_own_laps() {
    // Two legs saved in one file (a multisport file's, or a run resumed): one workout for the
    // file, shared, not a copy a session (30,000 sessions of a 28 KB file held 4.8 GB, hostile
    // round 35 H4); each lap goes to the session running at its start.
    let first = structured_run();
    let mut second = structured_run();
    for s in &mut second.samples {
        s.time += 3.0 * 3600.0;
    }
    let decoded = decode(&write_fit(&[first, second], &FitOptions::default()));
    assert_eq!(decoded.len(), 2);
    let (a, b) = (&decoded[0], &decoded[1]);
    let (Some(wa), Some(wb)) = (&a.intent.workout, &b.intent.workout) else {
        panic!("both legs keep the file's workout");
    };
    assert!(std::sync::Arc::ptr_eq(wa, wb));
    assert_eq!(**wa, six_by_800());
    assert_eq!(a.intent.laps.len(), 14);
    assert_eq!(b.intent.laps.len(), 14);
    assert!(a.intent.laps.iter().all(|l| l.start < T0 + 3.0 * 3600.0));
    assert!(b.intent.laps.iter().all(|l| l.start >= T0 + 3.0 * 3600.0));
}

#[test]
fn standing_settings_fill_in_when_the_run_has_none() {
    let mut run = structured_run();
    run.watch = WatchSettings::default();
    run.intent = Intent::default();
    let opts = FitOptions {
        watch_profile: Some(standing()),
        ..FitOptions::default()
    };
    let a = &decode(&write_fit(&[run], &opts))[0];
    // zones_target's max, threshold and basis; user_profile's resting HR.
    assert_eq!(a.watch, standing());
    assert_eq!(a.intent.workout, None);
    assert!(a.intent.laps.is_empty(), "{:?}", a.intent.laps);
    assert!(a.intent.is_empty());
}

#[test]
fn the_summary_keeps_what_was_said() {
    let run = structured_run();
    let a = decode(&write_fit(
        std::slice::from_ref(&run),
        &FitOptions::default(),
    ))
    .pop()
    .unwrap();
    let summary = grayzone::summarize::summary::summarize(a);
    assert_eq!(summary.intent.workout, run.intent.workout);
    assert_eq!(summary.intent.laps.len(), 14);
    assert_eq!(summary.watch.max_hr, Some(192));
    assert_eq!(summary.intent.name(), Some("6x800"));
    assert_eq!(summary.device.as_deref(), Some("Forerunner 245"));
}

#[test]
fn devices_are_named_as_their_makers_name_them() {
    let run = {
        let mut r = structured_run();
        r.intent = Intent::default();
        r
    };
    let device = |opts: FitOptions| {
        decode(&write_fit(std::slice::from_ref(&run), &opts))[0]
            .device
            .clone()
    };
    assert_eq!(
        device(FitOptions::default()).as_deref(),
        Some("Forerunner 245")
    );
    assert_eq!(
        device(FitOptions {
            product: 3113,
            ..FitOptions::default()
        })
        .as_deref(),
        Some("Forerunner 945")
    );
    // COROS and Suunto write the name in file_id.
    assert_eq!(
        device(FitOptions {
            manufacturer: 294,
            product: 851,
            product_name: Some("COROS PACE 3".into()),
            ..FitOptions::default()
        })
        .as_deref(),
        Some("COROS PACE 3")
    );
    // Wahoo writes it in the creator's device_info; it beats "Wahoo 31".
    assert_eq!(
        device(FitOptions {
            manufacturer: 32,
            product: 31,
            creator_name: Some("ELEMNT BOLT".into()),
            ..FitOptions::default()
        })
        .as_deref(),
        Some("ELEMNT BOLT")
    );
    assert_eq!(
        device(FitOptions {
            manufacturer: 32,
            product: 31,
            ..FitOptions::default()
        })
        .as_deref(),
        Some("Wahoo 31")
    );
    // A name in file_id is kept over the creator's.
    assert_eq!(
        device(FitOptions {
            manufacturer: 23,
            product: 67,
            product_name: Some("Suunto Vertical 2".into()),
            creator_name: Some("Vertical".into()),
            ..FitOptions::default()
        })
        .as_deref(),
        Some("Suunto Vertical 2")
    );
}

fn fields(rec: &FitDataRecord) -> Vec<(String, Value)> {
    rec.fields()
        .iter()
        .map(|f| (f.name().to_owned(), f.value().clone()))
        .collect()
}

fn get<'a>(fields: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(|v| v.clone().try_into().ok())
}

/// fitparser, the oracle, reads the writer's messages with the values grayzone reads.
#[test]
fn fitparser_reads_the_same_workout_zones_and_laps() {
    let run = structured_run();
    let opts = FitOptions {
        watch_profile: Some(standing()),
        ..FitOptions::default()
    };
    let bytes = write_fit(std::slice::from_ref(&run), &opts);
    let records = fitparser::from_bytes(&bytes).unwrap();
    let of = |kind: &str| -> Vec<Vec<(String, Value)>> {
        records
            .iter()
            .filter(|r| r.kind().to_string() == kind)
            .map(fields)
            .collect()
    };
    let workout = of("workout");
    assert_eq!(workout.len(), 1);
    assert_eq!(
        get(&workout[0], "wkt_name"),
        Some(&Value::String("6x800".into()))
    );
    let steps = of("workout_step");
    assert_eq!(steps.len(), 5);
    assert_eq!(
        get(&steps[1], "duration_type"),
        Some(&Value::String("distance".into()))
    );
    assert_eq!(num(get(&steps[1], "duration_distance")), Some(800.0));
    assert_eq!(
        get(&steps[1], "intensity"),
        Some(&Value::String("active".into()))
    );
    assert_eq!(num(get(&steps[1], "custom_target_speed_low")), Some(5.128));
    assert_eq!(
        get(&steps[3], "duration_type"),
        Some(&Value::String("repeat_until_steps_cmplt".into()))
    );
    assert_eq!(num(get(&steps[3], "repeat_steps")), Some(6.0));
    assert_eq!(num(get(&steps[3], "duration_step")), Some(1.0));
    assert_eq!(num(get(&steps[0], "target_hr_zone")), Some(2.0));
    assert_eq!(num(get(&steps[0], "duration_time")), Some(900.0));
    assert_eq!(
        num(get(&steps[4], "custom_target_heart_rate_low")),
        Some(210.0)
    );
    let laps = of("lap");
    let intensities: Vec<Option<String>> = laps
        .iter()
        .map(|l| get(l, "intensity").map(|v| v.to_string()))
        .collect();
    assert_eq!(
        intensities.first().cloned().flatten().as_deref(),
        Some("warmup")
    );
    assert_eq!(
        intensities.get(2).cloned().flatten().as_deref(),
        Some("rest")
    );
    assert_eq!(num(get(&laps[13], "wkt_step_index")), Some(4.0));
    let tiz = of("time_in_zone");
    assert_eq!(tiz.len(), 1);
    assert_eq!(num(get(&tiz[0], "max_heart_rate")), Some(192.0));
    assert_eq!(num(get(&tiz[0], "threshold_heart_rate")), Some(172.0));
    assert_eq!(num(get(&tiz[0], "resting_heart_rate")), Some(48.0));
    assert_eq!(
        get(&tiz[0], "reference_mesg"),
        Some(&Value::String("session".into()))
    );
    let zt = of("zones_target");
    assert_eq!(num(get(&zt[0], "max_heart_rate")), Some(185.0));
    let up = of("user_profile");
    assert_eq!(num(get(&up[0], "resting_heart_rate")), Some(50.0));
}
