//! The coaching rules that need context — a recovery run that broke a rule, a run too soon after a
//! half marathon, accidental workouts the day after a hard session — on a runner's weeks built
//! with the test kit's simulator, written as FIT files and read back through the whole pipeline.

use std::path::Path;

use grayzone::activity::UnixTime;
use grayzone::judge::classify::{Flag, RunClass};
use grayzone::judge::judge;
use grayzone::judge::profile::Profile;
use grayzone::judge::ActivityRow;
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::simulate::{simulate, Amount, Athlete, Conditions, Intent, RunPlan};

const DAY: f64 = 86_400.0;
/// Monday 2024-05-06, 00:00 at UTC+01:00.
const MONDAY: UnixTime = 1_714_950_000.0;

fn plan(intent: Intent, minutes: f64) -> RunPlan {
    RunPlan::new(intent, Amount::Minutes(minutes))
}

fn intervals() -> Intent {
    Intent::Intervals {
        reps: 6,
        rep_m: 800.0,
        rest_s: 120.0,
    }
}

/// Three ordinary weeks of history, then the week under test. Returns the judged rows by name.
fn judged(test_week: &[(f64, &str, RunPlan)]) -> Vec<(String, ActivityRow)> {
    let athlete = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, day: f64, hour: f64, p: &RunPlan, seed: u64| {
        let start = MONDAY + day * DAY + hour * 3600.0;
        let activity = simulate(&athlete, p, start, seed);
        std::fs::write(
            dir.path().join(name),
            write_fit(&[activity], &FitOptions::default()),
        )
        .unwrap();
    };
    let ordinary = [
        (0.0, plan(Intent::Easy, 45.0)),
        (1.0, plan(intervals(), 50.0)),
        (2.0, plan(Intent::Recovery, 30.0)),
        (3.0, plan(Intent::Easy, 45.0)),
        (5.0, plan(Intent::Long, 90.0)),
        // The day after the long run is a recovery day (COACHING_RULES' intermediate week).
        (6.0, plan(Intent::Recovery, 35.0)),
    ];
    for week in 0..3 {
        for (i, (day, p)) in ordinary.iter().enumerate() {
            let name = format!("h{week}-{i}.fit");
            write(
                &name,
                week as f64 * 7.0 + day,
                7.0,
                p,
                (week * 10 + i) as u64 + 1,
            );
        }
    }
    for (i, (day, name, p)) in test_week.iter().enumerate() {
        write(name, 21.0 + day, 7.0, p, 900 + i as u64);
    }
    let rows = judge(
        read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap(),
        &Profile::default(),
    );
    rows.into_iter()
        .filter(|r| r.status == Status::Ok)
        .map(|r| {
            let name = Path::new(&r.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, r)
        })
        .collect()
}

fn verdict<'a>(
    rows: &'a [(String, ActivityRow)],
    name: &str,
) -> &'a grayzone::judge::classify::Judgement {
    rows.iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, r)| r.judgement.as_ref())
        .unwrap_or_else(|| panic!("{name} not judged"))
}

#[test]
fn recovery_rules_say_which_rule_a_run_broke() {
    let rows = judged(&[
        (
            1.0,
            "tue-tempo.fit",
            plan(Intent::Tempo { minutes: 25.0 }, 50.0),
        ),
        // The day after: recovery-sized but at the usual easy pace.
        (2.0, "wed-too-fast.fit", plan(Intent::Easy, 35.0)),
        (3.0, "thu-intervals.fit", plan(intervals(), 50.0)),
        // The day after: slow and calm like recovery, but 70 minutes.
        (4.0, "fri-too-long.fit", plan(Intent::Recovery, 70.0)),
        (5.0, "sat-easy.fit", plan(Intent::Easy, 40.0)),
        // A real recovery run, longer than the runner's usual easy runs (40–45 min).
        (6.0, "sun-recovery.fit", plan(Intent::Recovery, 55.0)),
    ]);
    let tempo = verdict(&rows, "tue-tempo.fit");
    assert_eq!(tempo.class, RunClass::Hard, "{}", tempo.reason);

    let too_fast = verdict(&rows, "wed-too-fast.fit");
    assert_eq!(too_fast.class, RunClass::Easy, "{}", too_fast.reason);
    assert!(
        too_fast.flags.contains(&Flag::RecoveryTooFast),
        "{:?} {}",
        too_fast.flags,
        too_fast.reason
    );
    assert!(
        too_fast.reason.to_string().contains("day after "),
        "{}",
        too_fast.reason
    );

    let too_long = verdict(&rows, "fri-too-long.fit");
    assert_eq!(too_long.class, RunClass::Easy, "{}", too_long.reason);
    assert!(
        too_long.flags.contains(&Flag::RecoveryTooLong),
        "{:?} {}",
        too_long.flags,
        too_long.reason
    );

    // Slow and calm, but longer than the runner's normal easy runs: not a recovery run (the
    // rules: "always shorter than the runner's normal (base) easy runs"), and it says why.
    let long_recovery = verdict(&rows, "sun-recovery.fit");
    assert_eq!(
        long_recovery.class,
        RunClass::Easy,
        "{}",
        long_recovery.reason
    );
    assert!(
        long_recovery
            .flags
            .contains(&Flag::RecoveryLongerThanBaseRuns),
        "{:?}",
        long_recovery.flags
    );
    // The history's own recovery runs are recovery, unflagged.
    let history_recovery = verdict(&rows, "h2-2.fit");
    assert_eq!(
        history_recovery.class,
        RunClass::Recovery,
        "{}",
        history_recovery.reason
    );
    assert!(
        history_recovery.flags.is_empty(),
        "{:?}",
        history_recovery.flags
    );

    // Ordinary history runs carry none of these flags.
    for (name, row) in rows.iter().filter(|(n, _)| n.starts_with('h')) {
        let j = row.judgement.as_ref().unwrap();
        assert!(
            !j.flags.iter().any(|f| matches!(
                f,
                Flag::RecoveryTooFast | Flag::RecoveryTooLong | Flag::AccidentalWorkout
            )),
            "{name}: {:?} {}",
            j.flags,
            j.reason
        );
    }
}

#[test]
fn runs_within_two_days_of_a_half_marathon_are_flagged() {
    let rows = judged(&[
        (
            5.0,
            "sat-half.fit",
            RunPlan::new(Intent::Race { km: 21.1 }, Amount::Km(21.1)),
        ),
        (6.0, "sun-shakeout.fit", plan(Intent::Recovery, 25.0)),
        (7.0, "mon-easy.fit", plan(Intent::Easy, 35.0)),
        (8.0, "tue-easy.fit", plan(Intent::Easy, 35.0)),
    ]);
    let race = verdict(&rows, "sat-half.fit");
    assert_eq!(race.class, RunClass::Hard, "{}", race.reason);
    assert!(
        race.reason.to_string().starts_with("race effort"),
        "{}",
        race.reason
    );
    for name in ["sun-shakeout.fit", "mon-easy.fit"] {
        let j = verdict(&rows, name);
        assert!(
            j.flags.contains(&Flag::TooSoonAfterRace),
            "{name}: {:?}",
            j.flags
        );
    }
    assert!(!verdict(&rows, "tue-easy.fit")
        .flags
        .contains(&Flag::TooSoonAfterRace));
}

#[test]
fn a_day_after_accidental_workout_that_never_started_easy_does_not_say_it_did() {
    // A run-commute at a moderate effort with a dozen stops at lights, the day after intervals:
    // its reason said "started easy, then 4 min moderate to high" while it was moderate from
    // its first minute.
    let rows = judged(&[
        (1.0, "tue-intervals.fit", plan(intervals(), 50.0)),
        (
            2.0,
            "wed-commute.fit",
            plan(Intent::GrayZone, 40.0).stops(12),
        ),
    ]);
    let commute = verdict(&rows, "wed-commute.fit");
    assert_eq!(commute.class, RunClass::Hard, "{}", commute.reason);
    assert!(
        !commute.reason.to_string().contains("started easy"),
        "{}",
        commute.reason
    );
}

#[test]
fn gray_runs_drifting_runs_and_strides_the_days_after_a_hard_session() {
    let rows = judged(&[
        (1.0, "tue-intervals.fit", plan(intervals(), 50.0)),
        (2.0, "wed-gray.fit", plan(Intent::GrayZone, 45.0)),
        (4.0, "fri-drift.fit", plan(Intent::AccidentalWorkout, 45.0)),
        (6.0, "sun-strides.fit", plan(Intent::EasyWithStrides, 45.0)),
    ]);
    // Steady moderate from the start: a gray-zone run (hard), not one that drifted.
    let gray = verdict(&rows, "wed-gray.fit");
    assert_eq!(gray.class, RunClass::Hard);
    assert!(gray.gray_zone, "{}", gray.reason);
    assert!(
        gray.reason.to_string().contains("day after intervals"),
        "{}",
        gray.reason
    );
    assert!(
        !gray.flags.contains(&Flag::AccidentalWorkout),
        "{:?}",
        gray.flags
    );
    let drift = verdict(&rows, "fri-drift.fit");
    assert_eq!(drift.class, RunClass::Hard, "{}", drift.reason);
    assert!(
        drift.flags.contains(&Flag::AccidentalWorkout),
        "{:?} {}",
        drift.flags,
        drift.reason
    );
    assert!(!drift.gray_zone);
    // Strides at the end of an easy run are fine.
    let strides = verdict(&rows, "sun-strides.fit");
    assert_eq!(strides.class, RunClass::Easy, "{}", strides.reason);
    assert!(strides.flags.is_empty(), "{:?}", strides.flags);
}

#[test]
fn mountain_runs_at_an_easy_heart_leave_the_flat_easy_pace_where_it_is() {
    // Four weeks of flat easy runs and long mountain runs (climbs of 150 m, over and over) at
    // the same easy heart, then a flat recovery jog. Read at their raw pace, the mountain runs
    // had pulled the easy pace down by 40 s/km, and every flat recovery run was "too fast".
    let athlete = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let mountain = Conditions {
        hills_m: 150.0,
        ..Conditions::default()
    };
    let mut seed = 1;
    let mut write = |name: String, day: f64, p: &RunPlan| {
        let activity = simulate(&athlete, p, MONDAY + day * DAY + 7.0 * 3600.0, seed);
        seed += 1;
        std::fs::write(
            dir.path().join(name),
            write_fit(&[activity], &FitOptions::default()),
        )
        .unwrap();
    };
    for week in 0..4 {
        let first = f64::from(week) * 7.0;
        for day in [0.0, 2.0, 4.0] {
            write(
                format!("flat-{week}-{day}.fit"),
                first + day,
                &plan(Intent::Easy, 45.0),
            );
        }
        for day in [1.0, 3.0, 6.0] {
            let hills = plan(Intent::Easy, 100.0).conditions(mountain);
            write(format!("hills-{week}-{day}.fit"), first + day, &hills);
        }
    }
    write("jog.fit".into(), 28.0, &plan(Intent::Recovery, 30.0));
    let rows = judge(
        read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap(),
        &Profile::default(),
    );
    let jog = rows
        .iter()
        .find(|r| r.path.ends_with("jog.fit"))
        .and_then(|r| r.judgement.as_ref())
        .expect("the jog judged");
    assert_eq!(jog.class, RunClass::Recovery, "{}", jog.reason);
    assert!(
        !jog.flags.contains(&Flag::RecoveryTooFast),
        "{}",
        jog.reason
    );
}
