//! The test kit's simulation of issue 14's hard cases, checked against what the body and the
//! sensors do (before any judging): surges and lagging HR, trail pace at gray effort, a sensor
//! locked on cadence, a GPS glitch, a progression carrying its workout, walk breaks, stops,
//! climbs, and the season options that layer them on (off by default).

use grayzone::activity::{Activity, Sample, Sport, UnixTime};
use testkit::season::{season, season_with, SeasonKind, SeasonOptions, PASS_START};
use testkit::simulate::{simulate, Amount, Athlete, Faults, Intent, RunPlan};

const T0: UnixTime = 1_709_533_800.0;

fn speed(pace_s_per_km: f64) -> f64 {
    1000.0 / pace_s_per_km
}

fn hr_fraction(a: &Athlete, samples: &[Sample]) -> f64 {
    let hrs: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.heart_rate)
        .map(f64::from)
        .collect();
    hrs.iter().sum::<f64>() / hrs.len() as f64 / f64::from(a.max_hr)
}

/// Pace over the whole run from device distance and elapsed time, s/km.
fn pace(act: &Activity) -> f64 {
    let s = &act.samples;
    let d = s.last().unwrap().distance_m.unwrap();
    (s.last().unwrap().time - s[0].time) / d * 1000.0
}

fn run(intent: Intent, minutes: f64, seed: u64) -> (Athlete, Activity) {
    let a = Athlete::intermediate();
    let act = simulate(
        &a,
        &RunPlan::new(intent, Amount::Minutes(minutes)),
        T0,
        seed,
    );
    (a, act)
}

/// Seconds of HR within `tol` bpm of the step rate (twice the stride cadence), while moving.
fn near_cadence(act: &Activity, tol: i32) -> usize {
    act.samples
        .iter()
        .filter(|s| match (s.heart_rate, s.cadence) {
            (Some(h), Some(c)) if c > 0 => (i32::from(h) - 2 * i32::from(c)).abs() <= tol,
            _ => false,
        })
        .count()
}

#[test]
fn short_reps_surge_at_5k_pace_while_hr_lags() {
    let a = Athlete::intermediate();
    let intent = Intent::ShortReps {
        reps: 12,
        surge_s: 40.0,
        jog_s: 75.0,
    };
    let act = simulate(&a, &RunPlan::new(intent, Amount::Minutes(50.0)), T0, 3);
    // Surges: stretches of ≥ 20 s well above easy speed (halfway to threshold; rolling roads
    // slow a surge on the rises, the jogs are slower than easy).
    let v_mid = (speed(a.threshold_pace_s_per_km) + speed(a.easy_pace_s_per_km)) / 2.0;
    let mut surges = 0;
    let mut run = 0;
    for s in &act.samples {
        if f64::from(s.speed_mps.unwrap()) > v_mid {
            run += 1;
        } else {
            if run >= 20 {
                surges += 1;
            }
            run = 0;
        }
    }
    assert_eq!(surges, 12);
    // HR lags: little time at 88 % of max or more.
    let high = act
        .samples
        .iter()
        .filter(|s| f64::from(s.heart_rate.unwrap()) >= 0.88 * f64::from(a.max_hr))
        .count();
    assert!(high * 4 < act.samples.len(), "{high} s high");
    assert_eq!(intent.class(), "hard");
}

#[test]
fn trail_gray_runs_are_moderate_and_slower_than_road_easy() {
    let a = Athlete::intermediate();
    for seed in 0..4 {
        let act = simulate(
            &a,
            &RunPlan::new(Intent::TrailGray, Amount::Minutes(60.0)),
            T0,
            seed,
        );
        assert_eq!(act.sport, Sport::TrailRunning);
        let f = hr_fraction(&a, &act.samples[360..]);
        assert!((0.82..=0.87).contains(&f), "seed {seed}: {f:.3}");
        let slower = pace(&act) - a.easy_pace_s_per_km;
        assert!((25.0..=100.0).contains(&slower), "seed {seed}: {slower:.0}");
    }
    assert!(Intent::TrailGray.is_gray_zone());
}

#[test]
fn a_cadence_lock_reads_the_step_rate_for_minutes() {
    let a = Athlete::intermediate();
    let plan = RunPlan::new(Intent::Easy, Amount::Minutes(50.0));
    for seed in 0..4 {
        let plain = simulate(&a, &plan, T0, seed);
        let locked = simulate(
            &a,
            &plan.clone().faults(Faults {
                cadence_lock: true,
                ..Faults::default()
            }),
            T0,
            seed,
        );
        assert!(near_cadence(&plain, 2) < 30, "{}", near_cadence(&plain, 2));
        let n = near_cadence(&locked, 2);
        assert!((150..=900).contains(&n), "seed {seed}: {n} s locked");
        // Locked readings sit where step rates of easy running are.
        let locked_hr: Vec<u8> = locked
            .samples
            .iter()
            .zip(&plain.samples)
            .filter(|(l, p)| l.heart_rate != p.heart_rate)
            .filter_map(|(l, _)| l.heart_rate)
            .collect();
        let high = locked_hr.iter().filter(|&&h| h >= 155).count();
        assert!(high * 10 >= locked_hr.len() * 8, "{locked_hr:?}");
        assert_eq!(plain.samples.len(), locked.samples.len());
    }
}

#[test]
fn a_gps_glitch_adds_a_short_false_surge() {
    let a = Athlete::intermediate();
    let plan = RunPlan::new(Intent::Easy, Amount::Minutes(40.0));
    let plain = simulate(&a, &plan, T0, 5);
    let glitch = simulate(
        &a,
        &plan.clone().faults(Faults {
            gps_glitch: true,
            ..Faults::default()
        }),
        T0,
        5,
    );
    let end = |x: &Activity| x.samples.last().unwrap().distance_m.unwrap();
    let extra = end(&glitch) - end(&plain);
    assert!((40.0..=100.0).contains(&extra), "{extra:.0} m");
    let fast = glitch
        .samples
        .iter()
        .filter(|s| s.speed_mps.unwrap() > 4.5)
        .count();
    assert!((8..=21).contains(&fast), "{fast} s fast");
}

#[test]
fn progression_builds_to_threshold_and_carries_its_workout() {
    let (a, act) = run(Intent::Progression { minutes: 12.0 }, 55.0, 2);
    let n = act.samples.len();
    let early = hr_fraction(&a, &act.samples[300..n / 3]);
    let last = hr_fraction(&a, &act.samples[n - 300..]);
    assert!((0.70..=0.77).contains(&early), "early {early:.3}");
    assert!((0.86..=0.94).contains(&last), "last {last:.3}");
    let w = act.intent.workout.as_ref().unwrap();
    assert_eq!(w.name.as_deref(), Some("Progression run"));
    assert_eq!(act.intent.title.as_deref(), Some("Progression run"));
    assert_eq!(w.steps.len(), 3);
    assert!(!Intent::Progression { minutes: 12.0 }.is_accidental_workout());
    // Other runs carry no intent.
    let (_, easy) = run(Intent::Easy, 30.0, 2);
    assert!(easy.intent.is_empty());
}

#[test]
fn easy_look_alikes_walk_stop_and_climb() {
    let (a, walk) = run(Intent::EasyWalkBreaks, 50.0, 1);
    let walking = walk
        .samples
        .iter()
        .filter(|s| s.speed_mps.unwrap() < 1.7 && s.cadence.unwrap() > 40)
        .count();
    assert!(walking >= 150, "{walking} s walking");
    assert!(hr_fraction(&a, &walk.samples[300..]) < 0.76);

    let (_, stops) = run(Intent::EasyStopAndGo, 45.0, 1);
    let standing = stops
        .samples
        .iter()
        .filter(|s| s.cadence == Some(0))
        .count();
    assert!((80..=900).contains(&standing), "{standing} s standing");

    let (a, hilly) = run(Intent::HillyEasy, 55.0, 1);
    let climb = testkit::expected_totals(&hilly).ascent_m.unwrap();
    assert!(climb > 100.0, "{climb} m");
    let f = hr_fraction(&a, &hilly.samples[300..]);
    assert!((0.70..=0.79).contains(&f), "hilly easy at {f:.3}");
    let minute_max = hilly
        .samples
        .windows(60)
        .map(|w| hr_fraction(&a, w))
        .fold(0.0, f64::max);
    assert!(minute_max > f + 0.03, "climbs {minute_max:.3} vs {f:.3}");

    for seed in 0..4 {
        let (a, easy) = run(Intent::Easy, 40.0, seed);
        let (_, edge) = run(Intent::RecoveryEdge, 32.0, seed + 50);
        let gap = pace(&edge) - pace(&easy);
        assert!((5.0..=50.0).contains(&gap), "seed {seed}: {gap:.0}");
        let f = hr_fraction(&a, &edge.samples[300..]);
        assert!((0.65..=0.72).contains(&f), "seed {seed}: {f:.3}");
    }
}
#[test]
fn hard_cases_tag_their_runs_and_keep_the_labels_true() {
    let a = Athlete::intermediate();
    let o = SeasonOptions {
        short_reps_share: 0.5,
        trail_gray_share: 0.2,
        hilly_easy_share: 0.3,
        cadence_lock_share: 0.3,
        recovery_edge_share: 0.5,
        drift_share: 0.2,
        progression_share: 0.5,
        look_alike_share: 0.5,
        ..SeasonOptions::default()
    };
    let runs = season_with(&a, 16, SeasonKind::Intermediate, PASS_START, 8, &o);
    let plain = season(&a, 16, SeasonKind::Intermediate, PASS_START, 8);
    assert_eq!(runs.len(), plain.len());
    for tag in [
        "short_reps",
        "trail_gray",
        "hilly_easy",
        "cadence_lock",
        "recovery_edge",
        "drift",
        "progression",
    ] {
        assert!(
            runs.iter().any(|r| r.variation.contains(tag)),
            "no {tag} run"
        );
    }
    assert!(runs.iter().any(|r| {
        ["walk_breaks", "stop_and_go", "strides", "gps_glitch"]
            .iter()
            .any(|t| r.variation.contains(t))
    }));
    for r in &runs {
        assert_eq!(r.class, r.intent().class(), "{r:?}");
        assert_eq!(r.gray_zone, r.intent().is_gray_zone());
        assert_eq!(r.fault, r.plan.faults.label());
        if r.plan.faults.cadence_lock {
            assert_eq!(r.class, "easy");
        }
    }
    // The options off: the plain season.
    let off = season_with(
        &a,
        16,
        SeasonKind::Intermediate,
        PASS_START,
        8,
        &SeasonOptions {
            hot_share: 0.3,
            ..SeasonOptions::default()
        },
    );
    assert!(off.iter().all(|r| !r.variation.contains("short_reps")));
}

#[test]
fn a_comeback_leaves_a_short_easy_history_then_a_break() {
    let a = Athlete::intermediate();
    let o = SeasonOptions {
        comeback: true,
        ..SeasonOptions::default()
    };
    let (mut short, mut base) = (0, 0);
    for seed in 0..8 {
        let plain = season(&a, 10, SeasonKind::Polarized, PASS_START, seed);
        let runs = season_with(&a, 10, SeasonKind::Polarized, PASS_START, seed, &o);
        let before: Vec<_> = runs.iter().filter(|r| r.week < 2 && r.is_run()).collect();
        assert!(before.iter().all(|r| r.class == "easy"));
        if runs.iter().any(|r| r.variation.contains("short_history")) {
            short += 1;
            assert!(
                (2..=3).contains(&before.len()),
                "{} early runs",
                before.len()
            );
        } else {
            base += 1;
            assert_eq!(runs.len(), plain.len());
            assert!(runs.iter().any(|r| r.variation.contains("easy_base")));
        }
        let gaps: Vec<f64> = runs.windows(2).map(|w| w[1].start - w[0].start).collect();
        let longest = gaps.iter().copied().fold(0.0, f64::max) / 86_400.0 / 7.0;
        assert!((7.0..=17.5).contains(&longest), "{longest:.1} weeks off");
        assert!(runs.windows(2).all(|w| w[0].start <= w[1].start));
        // After the break the plan's hard sessions are back.
        assert!(runs.iter().any(|r| r.week >= 10 && r.class == "hard"));
    }
    assert!(short > 0 && base > 0, "{short} short, {base} easy bases");
}
