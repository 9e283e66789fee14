//! Issue 14's hard cases, one run at a time: each rule (short repetitions, trail gray zone, hills,
//! an optical sensor locked on cadence, a recovery run near its edge, heat drift, a planned
//! progression, a baseline the run contradicts) and each look-alike that must not trip it
//! (strides, walk breaks, stop-and-go, a GPS glitch, a tempo whose HR happens to sit near the
//! cadence). Every run is simulated by the test kit from what the body and the sensor do, written
//! as FIT after three ordinary weeks of history, and judged through the whole pipeline with the
//! auto baseline.

use std::path::Path;

use grayzone::activity::units::Units;
use grayzone::activity::{Activity, UnixTime};
use grayzone::judge::classify::{Flag, Judgement, RunClass, SessionKind};
use grayzone::judge::judge;
use grayzone::judge::profile::Profile;
use grayzone::judge::ActivityRow;
use grayzone::report::explain::{explain, ExplainOptions};
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::gpx_writer::{write_gpx, GpxStyle, GpxVersion, HrTagStyle};
use testkit::simulate::{simulate, Amount, Athlete, Conditions, Faults, Intent, RunPlan};

const DAY: f64 = 86_400.0;
/// Monday 2024-05-06, 00:00 at UTC+01:00.
const MONDAY: UnixTime = 1_714_950_000.0;
/// The run under test: Wednesday of the fourth week, 07:00.
const TEST_DAY: f64 = 23.0;

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

/// The ordinary week of the intermediate runner (COACHING_RULES' sample week, no slips).
fn ordinary_week() -> Vec<(f64, RunPlan)> {
    vec![
        (0.0, plan(Intent::Easy, 45.0)),
        (1.0, plan(intervals(), 50.0)),
        (2.0, plan(Intent::Recovery, 30.0)),
        (3.0, plan(Intent::Easy, 45.0)),
        (4.0, plan(Intent::Tempo { minutes: 25.0 }, 50.0)),
        (5.0, plan(Intent::Long, 90.0)),
        (6.0, plan(Intent::Recovery, 35.0)),
    ]
}

/// What the test saw: the simulated run and its judged row.
struct Judged {
    activity: Activity,
    row: ActivityRow,
    /// `grayzone explain` of the run, among its history.
    explained: String,
}

impl Judged {
    fn verdict(&self) -> &Judgement {
        self.row
            .judgement
            .as_ref()
            .unwrap_or_else(|| panic!("not judged: {} {}", self.row.note, self.row.error))
    }

    /// class, session, gray, flags and reason, for assertion messages.
    fn said(&self) -> String {
        let j = self.verdict();
        format!(
            "class {} session {:?} gray {} flags {:?} quality {:?} planned {:?} max HR {:.0}: {}",
            j.class.name(),
            j.session,
            j.gray_zone,
            j.flags,
            self.quality(),
            j.planned,
            j.baseline.max_hr.value,
            j.reason
        )
    }

    /// The data-quality codes of the run (the summary's notes and the judgement's flags).
    fn quality(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .row
            .summary
            .as_ref()
            .map(|s| s.quality.iter().map(|q| q.code).collect())
            .unwrap_or_default();
        v.extend(self.verdict().flags.iter().map(|f| f.name()));
        v
    }
}

/// `history` (day, plan) runs, then the run under test on `test_day`; the athlete's own seeds.
fn judge_after(
    athlete: &Athlete,
    history: &[(f64, RunPlan)],
    test_day: f64,
    test: &RunPlan,
    seed: u64,
) -> Judged {
    judge_recorded(athlete, history, test_day, test, seed, |_| {})
}

/// [`judge_after`], each simulated run passed through `record` (what the watch kept of it)
/// before it is written; the `activity` of the result is the run as simulated.
fn judge_recorded(
    athlete: &Athlete,
    history: &[(f64, RunPlan)],
    test_day: f64,
    test: &RunPlan,
    seed: u64,
    record: impl Fn(&mut Activity),
) -> Judged {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, day: f64, p: &RunPlan, seed: u64| {
        let start = MONDAY + day * DAY + 7.0 * 3600.0;
        // The run as simulated (what the test compares with), and what the watch kept of it.
        let activity = simulate(athlete, p, start, seed);
        let mut kept = activity.clone();
        record(&mut kept);
        std::fs::write(
            dir.path().join(name),
            write_fit(std::slice::from_ref(&kept), &FitOptions::default()),
        )
        .unwrap();
        activity
    };
    for (i, (day, p)) in history.iter().enumerate() {
        write(&format!("h{i:03}.fit"), *day, p, 1 + i as u64);
    }
    let activity = write("test.fit", test_day, test, seed);
    let rows = judge(
        read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap(),
        &Profile::default(),
    );
    let index = rows
        .iter()
        .position(|r| {
            r.status == Status::Ok
                && Path::new(&r.path)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() == "test.fit")
        })
        .expect("the run under test has a row");
    let explained = explain_plain(&rows, index);
    let row = rows[index].clone();
    Judged {
        activity,
        row,
        explained,
    }
}

/// Three ordinary weeks, then the run under test on Wednesday of the fourth (the day after the
/// intervals of that week are not part of it: the Tuesday is a plain easy day).
fn judge_run(athlete: &Athlete, test: &RunPlan, seed: u64) -> Judged {
    judge_after(athlete, &ordinary_history(), TEST_DAY, test, seed)
}

/// [`ordinary_history`] written into `dir` as FIT files, with the seeds [`judge_after`] gives it.
fn write_ordinary_history(a: &Athlete, dir: &Path) {
    for (i, (day, p)) in ordinary_history().iter().enumerate() {
        let start = MONDAY + day * DAY + 7.0 * 3600.0;
        let run = simulate(a, p, start, 1 + i as u64);
        std::fs::write(
            dir.join(format!("h{i:03}.fit")),
            write_fit(&[run], &FitOptions::default()),
        )
        .unwrap();
    }
}

/// The history [`judge_run`] puts before its run: three ordinary weeks, then Monday and Tuesday
/// easy.
fn ordinary_history() -> Vec<(f64, RunPlan)> {
    let mut history = Vec::new();
    for week in 0..3 {
        for (day, p) in ordinary_week() {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    history.push((21.0, plan(Intent::Easy, 45.0)));
    history.push((22.0, plan(Intent::Easy, 40.0)));
    history
}

fn hr_share(a: &Athlete, act: &Activity, from: usize) -> f64 {
    let hrs: Vec<f64> = act.samples[from..]
        .iter()
        .filter_map(|s| s.heart_rate)
        .map(f64::from)
        .collect();
    hrs.iter().sum::<f64>() / hrs.len() as f64 / f64::from(a.max_hr)
}

/// The highest 5-second mean HR (one record a second).
fn peak_5s(act: &Activity) -> f64 {
    act.samples
        .windows(5)
        .filter_map(|w| {
            let hrs: Option<Vec<f64>> = w.iter().map(|s| s.heart_rate.map(f64::from)).collect();
            hrs.map(|h| h.iter().sum::<f64>() / 5.0)
        })
        .fold(0.0, f64::max)
}

// ---------------------------------------------------------------------------------------------
// Structure: short repetitions are a workout even when HR lags; strides, walk breaks,
// stop-and-go and a GPS glitch are not.
// ---------------------------------------------------------------------------------------------

#[test]
fn fartlek_of_short_surges_is_a_workout() {
    let a = Athlete::intermediate();
    let fartlek = Intent::ShortReps {
        reps: 12,
        surge_s: 40.0,
        jog_s: 75.0,
    };
    let got = judge_run(&a, &plan(fartlek, 50.0), 501);
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    assert!(
        matches!(j.session, SessionKind::Fartlek | SessionKind::Intervals),
        "{}",
        got.said()
    );
    assert!(!j.gray_zone, "{}", got.said());
    // explain shows the surges it counted.
    let e = &j.evidence;
    assert!(e.workout_by_surges && e.surges.count >= 10, "{e:?}");
    // The reason names what made it a workout: the surges, not the few reps HR reached.
    assert!(
        j.reason
            .to_string()
            .contains(&format!("{} surges of", e.surges.count)),
        "{}",
        j.reason
    );
    assert!(
        got.explained
            .contains(&format!("evidence: {} surges", e.surges.count))
            && got.explained.contains("a workout by its structure"),
        "{}",
        got.explained
    );
    // explain names the clause it met before the whole rule.
    assert!(
        got.explained.contains(&format!(
            "  matched: 6+ surges at threshold pace or faster with recoveries between them: {} surges\n  rule:  workout:",
            e.surges.count
        )),
        "{}",
        got.explained
    );
}

#[test]
fn two_hundred_metre_repeats_are_hard() {
    let a = Athlete::intermediate();
    let repeats = Intent::TrackRepeats {
        reps: 12,
        rep_m: 200.0,
        jog_s: 75.0,
    };
    let got = judge_run(&a, &plan(repeats, 45.0), 502);
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    assert!(
        matches!(j.session, SessionKind::Intervals | SessionKind::Fartlek),
        "{}",
        got.said()
    );
}

#[test]
fn easy_run_with_strides_stays_easy() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::EasyWithStrides, 45.0), 503);
    assert_eq!(got.verdict().class, RunClass::Easy, "{}", got.said());
    assert!(!got.verdict().gray_zone, "{}", got.said());
    // The strides are counted and named: they are why it is no recovery run.
    let strides = got.verdict().evidence.strides;
    assert!((3..=6).contains(&strides), "{strides}: {}", got.said());
    assert!(
        got.verdict()
            .reason
            .to_string()
            .contains(&format!("with {strides} strides")),
        "{}",
        got.said()
    );
    assert!(
        got.explained.contains(&format!(
            "evidence: {strides} strides (bursts of 20 s or so at"
        )) && got.explained.contains("not a recovery run"),
        "{}",
        got.explained
    );
}

#[test]
fn an_800_m_race_with_its_warm_up_and_cool_down_is_a_race() {
    // Two and a half minutes all out between 10–15 minutes of warm-up and a jog home: mostly low,
    // too short for the high zone's 5 minutes, one effort where reps have several.
    for (athlete, seed) in [(Athlete::intermediate(), 504), (Athlete::advanced(), 505)] {
        let race = RunPlan::new(Intent::Race { km: 0.8 }, Amount::Km(0.8));
        let got = judge_run(&athlete, &race, seed);
        let j = got.verdict();
        assert_eq!(
            (j.class, j.session),
            (RunClass::Hard, SessionKind::Race),
            "{}",
            got.said()
        );
        assert!(j.zones.shares().0 > 50.0, "mostly low: {}", got.said());
        // The reason names the effort, and explain the rule it met.
        assert!(
            j.reason
                .to_string()
                .starts_with("race effort: one all-out effort, its best 2 min at "),
            "{}",
            j.reason
        );
        assert!(
            got.explained.contains(
                "or one all-out effort whose best 2 min run 1.15 × threshold speed or faster with the heart high 90 s or more"
            ),
            "{}",
            got.explained
        );
        let speed = j.evidence.short_race_speed.expect("the effort's speed");
        assert!(
            got.explained.contains(&format!(
                "  matched: one all-out effort whose best 2 min run 1.15 × threshold speed or faster: {}\n",
                Units::Metric.pace(1000.0 / speed)
            )),
            "{}",
            got.explained
        );
    }
}

#[test]
fn easy_run_with_walk_breaks_stays_easy() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::EasyWalkBreaks, 50.0), 504);
    // The walk breaks are there: stretches of ≥ 30 s under 1.7 m/s.
    let slow = got
        .activity
        .samples
        .iter()
        .filter(|s| s.speed_mps.is_some_and(|v| v < 1.7))
        .count();
    assert!(slow >= 120, "{slow} s walking");
    assert_eq!(got.verdict().class, RunClass::Easy, "{}", got.said());
}

/// [`plan`], with a 2–8 min walk to the start before it, a 2–7 min walk in its middle, a 2–8
/// min walk home after it, or some of them.
fn walked(intent: Intent, minutes: f64, to_the_start: bool, middle: bool, home: bool) -> RunPlan {
    RunPlan {
        start_walk: to_the_start,
        mid_walk: middle,
        cooldown_walk: home,
        ..plan(intent, minutes)
    }
}

#[test]
fn walks_to_the_start_in_the_middle_and_home_are_left_out_of_the_judging() {
    // The same run with and without minutes of walking at 12:00/km before, in or after it.
    // Judged with the walks, an easy run read as recovery and a gray run as easy (the walks slow
    // its pace and lower its average HR), and a walk in the middle of a gray run made it a
    // tempo run or an accidental workout (the heart fell and climbed back: no steady effort).
    let a = Athlete::intermediate();
    for (seed, intent, class, session) in [
        (530, Intent::Easy, RunClass::Easy, SessionKind::Easy),
        (531, Intent::GrayZone, RunClass::Hard, SessionKind::GrayZone),
        (
            532,
            Intent::AccidentalWorkout,
            RunClass::Hard,
            SessionKind::AccidentalWorkout,
        ),
    ] {
        let ran = judge_run(&a, &plan(intent, 45.0), seed);
        let r = ran.verdict();
        assert_eq!((r.class, r.session), (class, session), "{}", ran.said());
        for (to_the_start, middle, home, says) in [
            (false, false, true, "-min walk after it, left out"),
            (true, false, false, "-min walk before it, left out"),
            (
                true,
                false,
                true,
                " min walking before and after it, left out",
            ),
            (false, true, false, "-min walk in the middle, left out"),
            (
                true,
                true,
                true,
                " min walking before, in the middle and after it, left out",
            ),
        ] {
            let walked = judge_run(&a, &walked(intent, 45.0, to_the_start, middle, home), seed);
            let w = walked.verdict();
            assert_eq!((w.class, w.session), (class, session), "{}", walked.said());
            let walks = w
                .evidence
                .walks
                .unwrap_or_else(|| panic!("no walk found: {}", walked.said()));
            for (there, secs) in [
                (to_the_start, walks.start_s),
                (middle, walks.between_s()),
                (home, walks.end_s),
            ] {
                assert_eq!(there, secs > 0.0, "{walks:?}");
                assert!(!there || (100.0..=490.0).contains(&secs), "{walks:?}");
            }
            assert_eq!(walks.between().count(), usize::from(middle), "{walks:?}");
            // Its pace and heart are the running's.
            let pace = |j: &Judgement| j.pace_vs_easy_s_per_km.unwrap_or(f64::NAN);
            assert!(
                (pace(w) - pace(r)).abs() <= 5.0,
                "{} against {}",
                pace(w),
                pace(r)
            );
            let heart = |j: &Judgement| j.hr_fraction.unwrap_or(f64::NAN);
            assert!(
                (heart(w) - heart(r)).abs() <= 0.015,
                "{} against {}",
                heart(w),
                heart(r)
            );
            // The file's figures and the week's zones keep the walks.
            let moving = |g: &Judged| g.row.summary.as_deref().map_or(0.0, |s| s.moving_time_s);
            let more = moving(&walked) - moving(&ran);
            assert!(
                (more - walks.walk_s()).abs() <= 40.0,
                "{more} s more: {walks:?}"
            );
            let zoned = w.week_zones().zoned_s() - r.week_zones().zoned_s();
            assert!(
                (zoned - walks.walk_s()).abs() <= 40.0,
                "{zoned} s more zoned"
            );
            // The run's own zones, as judged, are the running's.
            let judged = w.zones.zoned_s() - r.zones.zoned_s();
            assert!(judged.abs() <= 40.0, "{judged} s more judged");
            assert!(w.reason.to_string().contains(says), "{}", w.reason);
            assert!(
                walked.explained.contains("walking left out: ")
                    && (walked.explained.contains(
                        " km; a walk of 60 s or more at a walker's pace, not up a climb)"
                    ) || walked.explained.contains(
                        " km in all; each 60 s or more at a walker's pace, not up a climb)"
                    ))
                    && walked
                        .explained
                        .contains(") left out; the week counts the file's: low"),
                "{}",
                walked.explained
            );
        }
    }
}

/// A beginner's run-walk on a phone, no heart-rate strap: jog a minute at 6:40/km, walk one at
/// 12:00/km, for 36 minutes, a fix a second on a flat loop.
fn run_walk(start: UnixTime) -> Activity {
    run_walk_over(start, 0.0)
}

/// [`run_walk`] on a loop that climbs `climb_m` and comes down again each lap.
fn run_walk_over(start: UnixTime, climb_m: f64) -> Activity {
    let mut samples = Vec::new();
    let mut distance = 0.0;
    for t in 0..36 * 60 {
        // Uphill the runner slows to hold the effort (3.3 % a 1 % grade).
        let grade = climb_m / 1600.0
            * std::f64::consts::PI
            * (distance / 1600.0 * std::f64::consts::TAU).sin();
        let running = 2.5 / (1.0 + 3.3 * grade.max(0.0));
        let speed = if t % 120 < 60 {
            running
        } else {
            1000.0 / 720.0
        };
        distance += speed;
        // A loop of 1,600 m: 255 m across.
        let angle = distance / 1600.0 * std::f64::consts::TAU;
        samples.push(grayzone::activity::Sample {
            time: start + f64::from(t),
            position: Some((
                52.0 + 255.0 * angle.sin() / 111_200.0,
                4.0 + 255.0 * angle.cos() / (111_200.0 * 52f64.to_radians().cos()),
            )),
            altitude_m: Some((100.0 + climb_m / 2.0 * (1.0 - angle.cos())) as f32),
            ..Default::default()
        });
    }
    Activity {
        sport: grayzone::activity::Sport::Running,
        samples,
        ..Default::default()
    }
}

/// Judged alone, a run-walk session's jogs are its easy running: against its average (its walks
/// and jogs together, 8:35/km) they were 18 "surges at threshold" with walked recoveries, an
/// interval session. Among the runner's other run-walk sessions the same: their easy pace is the
/// pace of their running.
#[test]
fn a_run_walk_session_without_hr_is_not_judged_alone_and_easy_among_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    write_activity(dir.path(), "alone.fit", &run_walk(at(0.0, 7.0)));
    // Alone, with no heart rate, its pace would be held against itself, which says nothing of
    // its intensity: no verdict, and the row says why (probe 35 P1: a 10K race read "easy").
    let rows = judge_dir(dir.path());
    let alone = rows
        .iter()
        .find(|r| r.path.ends_with("alone.fit"))
        .expect("a row");
    assert!(alone.judgement.is_none());
    assert_eq!(
        alone.left_out,
        Some(grayzone::summarize::row::LeftOut::NothingToCompare)
    );
    for day in 1..10 {
        write_activity(
            dir.path(),
            &format!("d{day}.fit"),
            &run_walk(at(2.0 * f64::from(day), 7.0)),
        );
    }
    let rows = judge_dir(dir.path());
    let last = verdict_of(&rows, "d9.fit");
    assert_eq!(last.class, RunClass::Easy, "{}", said(&last));
    assert!(
        last.reason
            .to_string()
            .contains("running at your easy pace (6:4"),
        "{}",
        said(&last)
    );
    let index = rows
        .iter()
        .position(|r| r.path.ends_with("d9.fit"))
        .expect("d9.fit has a row");
    let explained = explain_plain(&rows, index);
    assert!(
        explained.contains("evidence: walk breaks: 18 of 30 s or more at a walker's pace, 18.0 min in all: a run-walk session, whose pace is read over its running, 6:4"),
        "{explained}"
    );
    assert!(
        (last.baseline.easy_pace_s_per_km() - 400.0).abs() < 3.0,
        "{}",
        said(&last)
    );
}

/// On a hilly loop (40 m up and down every 1,600 m, the runner slowing uphill) the same: easy,
/// its pace read over its running. Its jogs up the steepest part (8 %) are no surges at
/// threshold: grade-adjusted they hold the effort of the flat.
#[test]
fn a_hilly_run_walk_session_is_easy_among_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    for day in 0..10 {
        write_activity(
            dir.path(),
            &format!("d{day}.fit"),
            &run_walk_over(at(2.0 * f64::from(day), 7.0), 40.0),
        );
    }
    let rows = judge_dir(dir.path());
    let last = verdict_of(&rows, "d9.fit");
    assert_eq!(last.class, RunClass::Easy, "{}", said(&last));
    assert!(
        last.reason.to_string().contains("between 18 walk breaks"),
        "{}",
        said(&last)
    );
}

#[test]
fn stop_and_go_at_crossings_stays_easy() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::EasyStopAndGo, 45.0), 505);
    let standing = got
        .activity
        .samples
        .iter()
        .filter(|s| s.cadence == Some(0))
        .count();
    assert!(standing >= 60, "{standing} s standing");
    assert_eq!(got.verdict().class, RunClass::Easy, "{}", got.said());
}

#[test]
fn one_gps_glitch_stays_easy() {
    let a = Athlete::intermediate();
    let p = plan(Intent::Easy, 45.0).faults(Faults {
        gps_glitch: true,
        ..Faults::default()
    });
    let got = judge_run(&a, &p, 506);
    let fastest = got
        .activity
        .samples
        .iter()
        .filter_map(|s| s.speed_mps)
        .fold(0.0f32, f32::max);
    assert!(fastest > 5.0, "the glitch shows as a surge: {fastest} m/s");
    assert_eq!(got.verdict().class, RunClass::Easy, "{}", got.said());
}

// ---------------------------------------------------------------------------------------------
// Terrain: a steady moderate trail run is gray; the climbs of an easy run are not a workout.
// ---------------------------------------------------------------------------------------------

#[test]
fn steady_trail_run_at_moderate_effort_is_gray() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::TrailGray, 60.0), 507);
    let f = hr_share(&a, &got.activity, 360);
    assert!((0.82..=0.87).contains(&f), "simulated at {f:.3} of max HR");
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    assert!(j.gray_zone, "{}", got.said());
    // explain names the terrain rule and the route's climb.
    assert!(j.evidence.terrain, "{:?}", j.evidence);
    assert!(
        got.explained.contains("evidence: terrain:") && got.explained.contains("trail or hilly"),
        "{}",
        got.explained
    );
    assert!(
        j.pace_vs_easy_s_per_km.is_some_and(|d| d > 20.0),
        "slower than road easy pace: {:?}; {}",
        j.pace_vs_easy_s_per_km,
        got.said()
    );
}

#[test]
fn hilly_easy_run_stays_easy() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::HillyEasy, 55.0), 508);
    // HR does rise on the climbs: its highest minute is well above the run's mean.
    let s = &got.activity.samples;
    let minute_max = s
        .windows(60)
        .map(|w| {
            w.iter()
                .filter_map(|x| x.heart_rate)
                .map(f64::from)
                .sum::<f64>()
                / 60.0
        })
        .fold(0.0, f64::max);
    let mean = hr_share(&a, &got.activity, 300) * f64::from(a.max_hr);
    assert!(
        minute_max > mean + 6.0,
        "climb {minute_max:.0} vs mean {mean:.0}"
    );
    assert_eq!(got.verdict().class, RunClass::Easy, "{}", got.said());
}

// ---------------------------------------------------------------------------------------------
// Sensor faults: HR that follows the step cadence is not the heart.
// ---------------------------------------------------------------------------------------------

#[test]
fn cadence_locked_easy_run_stays_easy_with_a_quality_note() {
    let a = Athlete::intermediate();
    let p = plan(Intent::Easy, 50.0).faults(Faults {
        cadence_lock: true,
        ..Faults::default()
    });
    let got = judge_run(&a, &p, 509);
    // The lock is there: minutes of HR within 2 bpm of the step rate (2 × FIT stride cadence).
    let locked = got
        .activity
        .samples
        .iter()
        .filter(|s| match (s.heart_rate, s.cadence) {
            (Some(h), Some(c)) if c > 0 => (i32::from(h) - 2 * i32::from(c)).abs() <= 2,
            _ => false,
        })
        .count();
    assert!(locked >= 150, "{locked} s locked");
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Easy, "{}", got.said());
    assert!(got.quality().contains(&"hr_cadence_lock"), "{}", got.said());
    // explain shows the HR-cadence match: the step rate it read and the jump at the same pace.
    assert!(
        got.explained
            .contains("locked on cadence (HR within 3 bpm of your")
            && got.explained.contains("steps/min"),
        "{}",
        got.explained
    );
}

#[test]
fn tempo_whose_hr_sits_near_cadence_is_still_hard() {
    // Max HR 195: threshold HR (≈ 176) falls on this runner's step rate at threshold pace.
    let a = Athlete {
        max_hr: 195,
        ..Athlete::intermediate()
    };
    let got = judge_run(&a, &plan(Intent::Tempo { minutes: 25.0 }, 50.0), 510);
    let near = got
        .activity
        .samples
        .iter()
        .filter(|s| match (s.heart_rate, s.cadence) {
            (Some(h), Some(c)) if c > 0 => (i32::from(h) - 2 * i32::from(c)).abs() <= 4,
            _ => false,
        })
        .count();
    assert!(near >= 300, "only {near} s of HR near the step rate");
    assert_eq!(got.verdict().class, RunClass::Hard, "{}", got.said());
    // A tempo is hard by its time high, and explain says so.
    let high = got.verdict().zones.high_s;
    assert!(high >= 10.0 * 60.0, "{}", got.said());
    assert!(
        got.explained.contains(&format!(
            "  matched: at least 5 min (and 8 % of the run) high: {:.0} min high (",
            high / 60.0
        )),
        "{}",
        got.explained
    );
}

// ---------------------------------------------------------------------------------------------
// Drift, progression, recovery near its edge.
// ---------------------------------------------------------------------------------------------

#[test]
fn long_run_drifting_in_the_heat_stays_easy() {
    let a = Athlete::intermediate();
    let p = plan(Intent::Long, 130.0).conditions(Conditions {
        heat: 1.0,
        ..Conditions::default()
    });
    let got = judge_run(&a, &p, 511);
    let s = &got.activity.samples;
    let n = s.len();
    let early = hr_share(&a, &got.activity, 600) * f64::from(a.max_hr);
    let late_hrs: Vec<f64> = s[n - 900..]
        .iter()
        .filter_map(|x| x.heart_rate)
        .map(f64::from)
        .collect();
    let late = late_hrs.iter().sum::<f64>() / late_hrs.len() as f64;
    assert!(late > early + 5.0, "drift {early:.0} → {late:.0}");
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Easy, "{}", got.said());
    assert_eq!(j.session, SessionKind::LongRun, "{}", got.said());
    // Judged by its legs, it gives the week its minutes by pace: counted by the drifted heart, a
    // hot summer's easy runs failed the 80/20 and made weeks "gray-zone heavy" with no gray run
    // in them (season 35 F1).
    assert!(j.evidence.judged_by_pace_for_drift, "{}", got.said());
    let (by_heart, _, _) = j.zones.shares();
    let (in_the_week, _, _) = j.week_zones().shares();
    assert!(
        in_the_week >= 90.0 && in_the_week >= by_heart + 10.0,
        "low {by_heart:.0} % by heart, {in_the_week:.0} % in the week"
    );
    assert!(
        got.explained.contains("the week counts it by pace"),
        "{}",
        got.explained
    );
}

/// Judged alone, a 3-hour easy run was its own usual length, so no long run: one run is no norm.
#[test]
fn a_long_run_judged_alone_is_a_long_run() {
    let a = Athlete::intermediate();
    let got = judge_after(&a, &[], TEST_DAY, &plan(Intent::Long, 180.0), 513);
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Easy, "{}", got.said());
    assert_eq!(j.session, SessionKind::LongRun, "{}", got.said());
    assert_eq!(j.baseline.base_run_s, None, "{}", got.said());
}

#[test]
fn progression_on_a_planned_hard_day_is_a_workout_not_an_accident() {
    let a = Athlete::intermediate();
    let got = judge_run(&a, &plan(Intent::Progression { minutes: 12.0 }, 55.0), 512);
    let j = got.verdict();
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    assert!(
        !j.flags.contains(&Flag::AccidentalWorkout),
        "{}",
        got.said()
    );
    assert_ne!(j.session, SessionKind::AccidentalWorkout, "{}", got.said());
}

/// The run under test as the watch kept it when stopped at the end of its fastest running: the
/// cool-down not recorded (the history as it was).
fn stopped_after_the_work(threshold_speed: f64) -> impl Fn(&mut Activity) {
    move |act: &mut Activity| {
        let test_start = MONDAY + TEST_DAY * DAY + 7.0 * 3600.0;
        if act.samples.first().is_none_or(|s| s.time < test_start) {
            return;
        }
        let last = act
            .samples
            .iter()
            .rposition(|s| {
                s.speed_mps
                    .is_some_and(|v| f64::from(v) >= 0.9 * threshold_speed)
            })
            .expect("work at threshold pace");
        act.samples.truncate(last + 1);
        act.totals = Default::default();
    }
}

/// A tempo whose cool-down was not recorded (the watch stopped at the end of the tempo, a walk
/// home) and a progression by thirds start easy and end hard, as an easy run that got away does;
/// but their easy start is a warm-up, shorter than the work. They read "accidental workout:
/// started easy, then 29 min moderate to high" (season 34, 4 of 4 tempos and 5 of 7
/// progressions). An easy run that pushes its last third to threshold is still one.
#[test]
fn a_tempo_stopped_at_its_end_and_a_progression_are_no_accidental_workouts() {
    let a = Athlete::intermediate();
    let threshold = 1000.0 / a.threshold_pace_s_per_km;
    for (minutes, seed) in [(25.0, 531), (30.0, 532)] {
        let got = judge_recorded(
            &a,
            &ordinary_history(),
            TEST_DAY,
            &plan(Intent::Tempo { minutes }, minutes + 25.0),
            seed,
            stopped_after_the_work(threshold),
        );
        let j = got.verdict();
        assert_eq!(
            (j.class, j.session),
            (RunClass::Hard, SessionKind::Tempo),
            "{}",
            got.said()
        );
        assert!(
            !j.flags.contains(&Flag::AccidentalWorkout),
            "{}",
            got.said()
        );
    }
    // The same shape at a third of the run is an easy run that pushed on.
    let got = judge_run(&a, &plan(Intent::AccidentalWorkout, 45.0), 533);
    let j = got.verdict();
    assert_eq!(j.session, SessionKind::AccidentalWorkout, "{}", got.said());
    assert!(j.flags.contains(&Flag::AccidentalWorkout), "{}", got.said());
}

/// A tempo split in two by a watch that crashed 12 minutes into it: the first file (its warm-up
/// and the tempo's start) ends hard, and the second, a minute later, goes on hard. The first was
/// "accidental workout: started easy, then 12 min moderate to high" (season 34 F6, 2 of 2); its
/// push goes on in the next file, so it did not end the run: a workout, as the second is.
#[test]
fn a_tempo_split_by_a_crashed_watch_is_no_accidental_workout() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    write_ordinary_history(&a, dir.path());
    let start = MONDAY + TEST_DAY * DAY + 7.0 * 3600.0;
    let tempo = simulate(&a, &plan(Intent::Tempo { minutes: 25.0 }, 50.0), start, 551);
    let threshold = 1000.0 / a.threshold_pace_s_per_km;
    let tempo_start = tempo
        .samples
        .iter()
        .find(|s| {
            s.speed_mps
                .is_some_and(|v| f64::from(v) >= 0.95 * threshold)
        })
        .expect("the tempo")
        .time;
    let crash = tempo_start + 12.0 * 60.0;
    let part = |keep: &dyn Fn(f64) -> bool| {
        let mut p = tempo.clone();
        p.samples.retain(|s| keep(s.time));
        p.totals = Default::default();
        p
    };
    let first = part(&|t| t < crash);
    let second = part(&|t| t >= crash + 60.0);
    for (name, act) in [("part1.fit", first), ("part2.fit", second)] {
        std::fs::write(
            dir.path().join(name),
            write_fit(&[act], &FitOptions::default()),
        )
        .unwrap();
    }
    let rows = judge(
        read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap(),
        &Profile::default(),
    );
    let verdict = |name: &str| {
        rows.iter()
            .find(|r| r.path.ends_with(name))
            .and_then(|r| r.judgement.as_deref())
            .unwrap_or_else(|| panic!("{name} judged"))
    };
    for name in ["part1.fit", "part2.fit"] {
        let j = verdict(name);
        assert_eq!(j.class, RunClass::Hard, "{name}: {}", j.reason);
        assert!(
            !j.flags.contains(&Flag::AccidentalWorkout)
                && j.session != SessionKind::AccidentalWorkout,
            "{name}: {}",
            j.reason
        );
    }
}

#[test]
fn a_moderate_steady_run_the_runner_planned_as_a_workout_is_no_gray_zone_run() {
    // A marathon-pace tempo looks like a gray-zone run to pace and heart alike. The runner's (or
    // the coach's) word that it was a planned workout makes it a tempo: the gray zone is the
    // unplanned run.
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    write_ordinary_history(&a, dir.path());
    let start = MONDAY + TEST_DAY * DAY + 7.0 * 3600.0;
    let gray = simulate(&a, &plan(Intent::GrayZone, 50.0), start, 541);
    std::fs::write(
        dir.path().join("test.fit"),
        write_fit(&[gray], &FitOptions::default()),
    )
    .unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let judged = |profile: &Profile| {
        let rows = judge(
            read_export(&paths, &ReadOptions::default()).unwrap(),
            profile,
        );
        let test = rows
            .iter()
            .find(|r| r.path.ends_with("test.fit"))
            .and_then(|r| r.judgement.clone())
            .expect("judged");
        test
    };
    let unplanned = judged(&Profile::default());
    assert!(unplanned.gray_zone, "{}", unplanned.reason);
    std::fs::write(
        dir.path().join("grayzone-overrides.toml"),
        "[[run]]\nfile = \"test.fit\"\nplanned = \"workout\"\n",
    )
    .unwrap();
    let profile = grayzone::judge::profile::load(
        &grayzone::judge::profile::GivenFigures::default(),
        None,
        &paths,
    )
    .unwrap();
    let planned = judged(&profile);
    assert!(!planned.gray_zone, "{}", planned.reason);
    assert_eq!(planned.session, SessionKind::Tempo);
    assert_eq!(planned.class, RunClass::Hard);
    assert!(
        planned
            .reason
            .to_string()
            .starts_with("tempo run (a planned workout, not a gray-zone run): "),
        "{}",
        planned.reason
    );
}

#[test]
fn a_short_jog_judged_alone_is_no_tempo_against_a_max_hr_it_guessed() {
    // A 6-minute jog, its heart still rising from rest, judged alone: its max HR is a guess from
    // its own peak, and no easy pace is known. Mostly "moderate" against that guess, it had read
    // "tempo run" (a Sportractive file of 6 minutes at 7:21/km, HR 112 → 142).
    let a = Athlete::beginner();
    for seed in [531, 532, 533] {
        let got = judge_after(&a, &[], TEST_DAY, &plan(Intent::Easy, 6.0), seed);
        let j = got.verdict();
        assert!(j.baseline.max_hr_guessed, "{}", got.said());
        assert_ne!(j.class, RunClass::Hard, "{}\n{}", got.said(), got.explained);
    }
}

#[test]
fn a_marathon_pace_block_between_easy_running_is_a_workout_not_a_long_run_or_gray() {
    // 30–40 minutes at marathon pace in the middle of a long run, and a marathon-pace tempo with
    // its warm-up and cool-down: the heart sits in the moderate zone throughout (the pace is a
    // marathon's), so no high-zone rule sees them. They read "easy long run" and "gray zone".
    let a = Athlete::intermediate();
    for (block_min, total_min, seed) in [(40.0, 120.0, 521), (30.0, 110.0, 522), (35.0, 60.0, 523)]
    {
        let got = judge_run(
            &a,
            &plan(Intent::MarathonBlock { minutes: block_min }, total_min),
            seed,
        );
        let j = got.verdict();
        assert_eq!(j.class, RunClass::Hard, "{}", got.said());
        assert_eq!(j.session, SessionKind::Tempo, "{}", got.said());
        assert!(!j.gray_zone, "{}", got.said());
        assert!(
            !j.flags.contains(&Flag::AccidentalWorkout),
            "{}",
            got.said()
        );
        assert!(
            j.reason
                .to_string()
                .contains("(marathon pace or faster) between easier running"),
            "{}",
            got.said()
        );
        let b = j.evidence.paced_block.expect("the block");
        assert!(
            got.explained.contains(&format!(
                "  matched: 20 min or more at 88 % of threshold speed or faster, or 12 min at threshold speed, between easy running: {:.0} min at ",
                b.secs / 60.0
            )),
            "{}",
            got.explained
        );
    }
    // The same long run, easy the whole way, and a gray run, moderate the whole way, are what
    // they were: the block needs easy running on both sides of it.
    let long = judge_run(&a, &plan(Intent::Long, 120.0), 521);
    assert_eq!(long.verdict().class, RunClass::Easy, "{}", long.said());
    let gray = judge_run(&a, &plan(Intent::GrayZone, 60.0), 524);
    assert!(gray.verdict().gray_zone, "{}", gray.said());
    assert!(
        gray.verdict().evidence.paced_block.is_none(),
        "{}",
        gray.said()
    );
}

#[test]
fn recovery_run_near_the_edge_stays_recovery() {
    let a = Athlete::intermediate();
    // The day after a tempo, as a plan puts it.
    let mut history = Vec::new();
    for week in 0..3 {
        for (day, p) in ordinary_week() {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    history.push((21.0, plan(Intent::Easy, 45.0)));
    history.push((22.0, plan(Intent::Tempo { minutes: 25.0 }, 50.0)));
    let got = judge_after(
        &a,
        &history,
        TEST_DAY,
        &plan(Intent::RecoveryEdge, 32.0),
        513,
    );
    assert_eq!(got.verdict().class, RunClass::Recovery, "{}", got.said());
}

// ---------------------------------------------------------------------------------------------
// Consistency: no run is judged against a max HR below its own clean peak.
// ---------------------------------------------------------------------------------------------

#[test]
fn comeback_run_after_a_short_history_raises_the_baseline_max() {
    // Two easy runs, then a 5K race four days later: the history never saw a hard effort.
    let a = Athlete::intermediate();
    let history = [
        (0.0, plan(Intent::Easy, 35.0)),
        (2.0, plan(Intent::Easy, 40.0)),
    ];
    let got = judge_after(
        &a,
        &history,
        6.0,
        &plan(Intent::Race { km: 5.0 }, 40.0),
        514,
    );
    let peak = peak_5s(&got.activity);
    let j = got.verdict();
    assert!(
        j.baseline.max_hr.value >= peak - 0.5,
        "max HR {:.0} below the run's clean 5 s peak {peak:.0}; {}",
        j.baseline.max_hr.value,
        got.said()
    );
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
}

#[test]
fn comeback_run_after_months_off_raises_the_baseline_max() {
    // Three weeks of easy running only, twelve weeks off, then intervals.
    let a = Athlete::intermediate();
    let mut history = Vec::new();
    for week in 0..3 {
        for day in [0.0, 2.0, 5.0] {
            history.push((week as f64 * 7.0 + day, plan(Intent::Easy, 40.0)));
        }
    }
    let back = 21.0 + 12.0 * 7.0;
    history.push((back, plan(Intent::Easy, 30.0)));
    let got = judge_after(&a, &history, back + 2.0, &plan(intervals(), 50.0), 515);
    let peak = peak_5s(&got.activity);
    let j = got.verdict();
    assert!(
        j.baseline.max_hr.value >= peak - 0.5,
        "max HR {:.0} below the run's clean 5 s peak {peak:.0}; {}",
        j.baseline.max_hr.value,
        got.said()
    );
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    // The baseline says the run raised it, and what it was.
    assert_eq!(j.baseline.max_hr.provenance.code(), "raised_by_run");
    assert!(
        got.explained
            .contains("raised to this run's own clean 5-second peak (was "),
        "{}",
        got.explained
    );
}

// ---------------------------------------------------------------------------------------------
// A baseline that holds no easy pace of the runner's own: pace says nothing, HR decides.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_short_gray_run_judged_alone_is_gray_by_its_heart() {
    // A beginner's 13-minute steady moderate run, all there is: too short to tell an easy pace,
    // so the baseline's easy pace is the default 5:45/km, a stranger's. The run at about 6:15/km
    // is "slower than easy" by it, which must not make a moderate heart easy.
    let a = Athlete::beginner();
    let got = judge_after(&a, &[], TEST_DAY, &plan(Intent::GrayZone, 13.0), 511);
    let j = got.verdict();
    assert_eq!(
        j.baseline.easy_speed.provenance,
        grayzone::judge::baseline::Provenance::Default,
        "{}",
        got.said()
    );
    assert_eq!(j.class, RunClass::Hard, "{}", got.said());
    assert!(j.gray_zone, "{}", got.said());
    // Nothing is measured against the stranger's pace.
    assert_eq!(j.pace_vs_easy_s_per_km, None, "{}", got.said());
    assert!(!j.reason.to_string().contains("easy pace"), "{}", j.reason);
}

/// Two runners whose zones sit at other heart rates and paces.
fn intermediate_and_advanced() -> [(&'static str, Athlete); 2] {
    [
        ("intermediate", Athlete::intermediate()),
        ("advanced", Athlete::advanced()),
    ]
}

#[test]
fn an_easy_run_drifting_into_tempo_at_the_zone_edge_is_an_accidental_workout() {
    // Easy for two thirds, then a few minutes' ramp to threshold pace held to the end: the heart
    // sits at the high zone's edge and dips out of it while the pace holds. One accident, not
    // a set of reps.
    for (name, a) in intermediate_and_advanced() {
        for seed in 600..606 {
            let got = judge_run(&a, &plan(Intent::AccidentalWorkout, 45.0), seed);
            let j = got.verdict();
            assert_eq!(j.class, RunClass::Hard, "{name} {seed}: {}", got.said());
            assert_eq!(
                j.session,
                SessionKind::AccidentalWorkout,
                "{name} {seed}: {}",
                got.said()
            );
            assert!(
                j.flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: {}",
                got.said()
            );
        }
    }
}

#[test]
fn a_tempo_the_day_after_intervals_is_a_tempo_not_an_accident() {
    // Back-to-back hard days are a plan's choice: the tempo block says it was planned.
    let mut history = Vec::new();
    for week in 0..3 {
        for (day, p) in ordinary_week() {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    history.push((21.0, plan(Intent::Easy, 45.0)));
    history.push((22.0, plan(intervals(), 50.0)));
    for (name, a) in intermediate_and_advanced() {
        for seed in 620..626 {
            let test = plan(Intent::Tempo { minutes: 25.0 }, 50.0);
            let got = judge_after(&a, &history, TEST_DAY, &test, seed);
            let j = got.verdict();
            assert_eq!(j.class, RunClass::Hard, "{name} {seed}: {}", got.said());
            assert_eq!(
                j.session,
                SessionKind::Tempo,
                "{name} {seed}: {}",
                got.said()
            );
            assert!(
                !j.flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: {}",
                got.said()
            );
        }
    }
}

#[test]
fn an_easy_day_that_picked_up_to_threshold_the_day_after_intervals_is_an_accident() {
    // 20 minutes easy, 15 at threshold, 5 jogging home, the day after intervals: the push did not
    // last to the end, and its 15 minutes high looked planned. The same run the day after a
    // long run, or after a tempo, is left to the plan: a tempo without its cool-down.
    let history = |day_before: Intent| {
        let mut history = Vec::new();
        for week in 0..3 {
            for (day, p) in ordinary_week() {
                history.push((week as f64 * 7.0 + day, p));
            }
        }
        history.push((21.0, plan(Intent::Easy, 45.0)));
        history.push((22.0, plan(day_before, 50.0)));
        history
    };
    let after_reps = history(intervals());
    let after_tempo = history(Intent::Tempo { minutes: 25.0 });
    for (name, a) in intermediate_and_advanced() {
        for seed in 630..634 {
            let test = plan(Intent::PickUpAndJogHome { minutes: 15.0 }, 40.0);
            let got = judge_after(&a, &after_reps, TEST_DAY, &test, seed);
            let j = got.verdict();
            assert_eq!(j.class, RunClass::Hard, "{name} {seed}: {}", got.said());
            assert!(
                j.flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: {}",
                got.said()
            );
            let got = judge_after(&a, &after_tempo, TEST_DAY, &test, seed);
            let j = got.verdict();
            assert_eq!(j.class, RunClass::Hard, "{name} {seed}: {}", got.said());
            assert!(
                !j.flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: {}",
                got.said()
            );
        }
    }
}

#[test]
fn a_workout_the_day_after_an_accidental_workout_is_no_accident_of_its_own() {
    // Race week: an easy run got away on Tuesday, and Wednesday's planned threshold reps are a
    // workout (season 37 F3: read as a fartlek, it was flagged an accident for following one).
    // The day after intervals, the same run still is: a hard day the runner meant.
    let history = |last: &[Intent]| {
        let mut history = Vec::new();
        for week in 0..3 {
            for (day, p) in ordinary_week() {
                history.push((week as f64 * 7.0 + day, p));
            }
        }
        history.push((20.0, plan(Intent::Easy, 45.0)));
        for (i, intent) in last.iter().enumerate() {
            history.push((23.0 - last.len() as f64 + i as f64, plan(*intent, 45.0)));
        }
        history
    };
    let after_accident = history(&[Intent::Easy, Intent::AccidentalWorkout]);
    let after_reps = history(&[Intent::Easy, intervals()]);
    for (name, a) in intermediate_and_advanced() {
        for seed in 640..644 {
            // Race week's 2 × 8 minutes at threshold, with a 2-minute jog.
            let test = plan(
                Intent::Intervals {
                    reps: 2,
                    rep_m: 2_000.0,
                    rest_s: 120.0,
                },
                40.0,
            );
            let got = judge_after(&a, &after_accident, TEST_DAY, &test, seed);
            let j = got.verdict();
            assert_eq!(j.class, RunClass::Hard, "{name} {seed}: {}", got.said());
            assert!(
                got.said().contains("day after accidental workout"),
                "{name} {seed}: {}",
                got.said()
            );
            assert!(
                !j.flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: {}",
                got.said()
            );
            let got = judge_after(&a, &after_reps, TEST_DAY, &test, seed);
            assert!(
                got.verdict().flags.contains(&Flag::AccidentalWorkout),
                "{name} {seed}: after reps: {}",
                got.said()
            );
        }
    }
}

#[test]
fn a_watch_that_reads_the_heart_every_five_seconds_is_judged_by_the_heart() {
    // An Apple Watch through HealthFit: a record every second, a heart-rate reading in one of
    // five. Judged by pace alone before ("no usable HR": 20 % of the time had a reading), a
    // gray-zone run and the easy days around it are judged by the heart, as with a reading a second.
    let a = Athlete::intermediate();
    let every_fifth = |act: &mut Activity| {
        for (i, s) in act.samples.iter_mut().enumerate() {
            if i % 5 != 0 {
                s.heart_rate = None;
            }
        }
    };
    let history = ordinary_history();
    for seed in [700, 701] {
        let got = judge_recorded(
            &a,
            &history,
            TEST_DAY,
            &plan(Intent::GrayZone, 40.0),
            seed,
            every_fifth,
        );
        let j = got.verdict();
        assert_eq!(
            j.zone_source,
            grayzone::judge::zones::ZoneSource::Hr,
            "{}",
            got.said()
        );
        assert!(j.gray_zone, "{}", got.said());
        assert!(!j.flags.contains(&Flag::PaceOnly), "{}", got.said());
        assert_eq!(
            got.row.summary.as_deref().map(|s| s.hr_coverage_pct),
            Some(100.0)
        );
    }
}

#[test]
fn an_indoor_season_with_speed_but_no_distance_is_judged_with_its_pace() {
    // Records holding the device's speed but neither a distance nor a position (an indoor run as
    // some apps write it): read as 0 m and no pace before (in a short season the max HR then came
    // out low and easy runs read gray). Summed over time, the speed gives the distance within 1 %
    // and the verdicts a distance gives.
    let a = Athlete::intermediate();
    let speed_only = |act: &mut Activity| {
        for s in &mut act.samples {
            s.distance_m = None;
            s.position = None;
        }
    };
    for (seed, intent, gray) in [(710, Intent::Easy, false), (711, Intent::GrayZone, true)] {
        let got = judge_recorded(
            &a,
            &ordinary_history(),
            TEST_DAY,
            &plan(intent, 40.0),
            seed,
            speed_only,
        );
        let j = got.verdict();
        assert_eq!(j.gray_zone, gray, "{}", got.said());
        if !gray {
            assert_eq!(j.class, RunClass::Easy, "{}", got.said());
        }
        let s = got.row.summary.as_deref().expect("summary");
        let truth = got
            .activity
            .samples
            .last()
            .and_then(|x| x.distance_m)
            .unwrap_or(0.0);
        assert!(
            (s.distance_m - truth).abs() < 0.01 * truth,
            "{} m against {truth} m",
            s.distance_m
        );
    }
}

#[test]
fn without_a_heart_a_steady_run_at_a_guessed_threshold_is_a_tempo_not_a_race() {
    // Easy days and one steady 9 km at 10K pace, no HR in any file, no hard run before it: the
    // threshold is the rule of thumb's, from the easy pace. Against it the pace cannot
    // tell a race from a tempo, and a race is the rarer (review 36 §1.4: "race effort" three
    // times in six days).
    let a = Athlete::intermediate();
    let no_heart = |act: &mut Activity| {
        for s in &mut act.samples {
            s.heart_rate = None;
        }
    };
    let history: Vec<(f64, RunPlan)> = [0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 10.0, 12.0]
        .into_iter()
        .map(|day| (day, plan(Intent::Easy, 40.0)))
        .collect();
    for seed in [740, 741, 742] {
        // Steady at 10K pace, faster than the guessed threshold.
        let test = RunPlan::new(Intent::Race { km: 9.0 }, Amount::Km(9.0));
        let got = judge_recorded(&a, &history, 14.0, &test, seed, no_heart);
        let j = got.verdict();
        assert!(j.flags.contains(&Flag::PaceOnly), "{}", got.said());
        assert_eq!(j.class, RunClass::Hard, "{}", got.said());
        assert_eq!(j.session, SessionKind::Tempo, "{}", got.said());
    }
}

#[test]
fn a_runner_without_a_heart_rate_monitor_is_judged_by_the_pace_of_their_own_tempo_runs() {
    // No HR in any file (a phone app, a watch worn without its sensor) and, as many runners do,
    // two gray-zone runs a week among the easy ones. Easy days told by pace alone (the faster third
    // of the runs dropped) kept the gray runs among them: the easy pace came out fast, the threshold
    // by the rule of thumb faster still, and the gray runs read as easy. The tempo runs' 20 minutes
    // at threshold say where moderate starts; the runs under it are the easy days.
    let a = Athlete::intermediate();
    let no_heart = |act: &mut Activity| {
        for s in &mut act.samples {
            s.heart_rate = None;
        }
    };
    let mut history = Vec::new();
    for week in 0..4 {
        for (day, p) in [
            (0.0, plan(Intent::GrayZone, 40.0)),
            (1.0, plan(intervals(), 50.0)),
            (2.0, plan(Intent::Recovery, 30.0)),
            (3.0, plan(Intent::GrayZone, 45.0)),
            (4.0, plan(Intent::Tempo { minutes: 25.0 }, 50.0)),
            (5.0, plan(Intent::Long, 90.0)),
            (6.0, plan(Intent::Easy, 40.0)),
        ] {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    let day = 28.0;
    for (seed, intent, class, gray) in [
        (720, Intent::GrayZone, RunClass::Hard, true),
        (721, Intent::Easy, RunClass::Easy, false),
    ] {
        let got = judge_recorded(&a, &history, day, &plan(intent, 40.0), seed, no_heart);
        let j = got.verdict();
        assert!(j.flags.contains(&Flag::PaceOnly), "{}", got.said());
        assert_eq!(j.class, class, "{}", got.said());
        assert_eq!(j.gray_zone, gray, "{}", got.said());
        // The easy pace the run was judged against: the athlete's own (5:45/km), within 15 s.
        let easy = j.baseline.easy_pace_s_per_km();
        assert!(
            (easy - a.easy_pace_s_per_km).abs() < 15.0,
            "easy pace {easy}: {}",
            got.said()
        );
    }
}

#[test]
fn a_gray_run_before_any_hard_session_is_gray_by_its_heart_not_the_rule_of_thumb_threshold() {
    // A runner who keeps easy days very easy (7:30/km against a 5:30/km threshold) and whose
    // only hard sessions are short reps: no run held a threshold effort, so the threshold pace is
    // the rule of thumb's (easy speed / 0.8, about 6:00/km), which a steady gray-zone run at
    // about 5:55/km passes. Its heart, moderate throughout,
    // says what the loose pace cannot: gray, not a tempo.
    let a = Athlete {
        easy_pace_s_per_km: 450.0,
        threshold_pace_s_per_km: 330.0,
        ..Athlete::beginner()
    };
    let mut history = Vec::new();
    for week in 0..3 {
        for (day, p) in [
            (0.0, plan(Intent::Easy, 40.0)),
            (1.0, plan(intervals(), 45.0)),
            (2.0, plan(Intent::Recovery, 25.0)),
            (3.0, plan(Intent::Easy, 40.0)),
            (5.0, plan(Intent::Long, 70.0)),
        ] {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    for seed in 640..646 {
        let got = judge_after(&a, &history, TEST_DAY, &plan(Intent::GrayZone, 35.0), seed);
        let j = got.verdict();
        assert!(
            matches!(
                j.baseline.threshold_speed.provenance,
                grayzone::judge::baseline::Provenance::Rule(_)
            ),
            "{seed}: {}",
            got.said()
        );
        assert_eq!(j.class, RunClass::Hard, "{seed}: {}", got.said());
        assert_eq!(j.session, SessionKind::GrayZone, "{seed}: {}", got.said());
    }
}

#[test]
fn a_trail_gray_run_whose_heart_climbs_is_no_drift_at_an_even_pace() {
    // Two steady moderate trail runs whose HR rises from an easy start: on a road, HR creeping up
    // at an even pace is drift (heat, duration) and the pace judges; on a trail an even pace says
    // nothing of an even effort, so the heart does.
    for (name, a, seed) in [
        ("beginner", Athlete::beginner(), 731),
        ("intermediate", Athlete::intermediate(), 700),
    ] {
        let got = judge_run(&a, &plan(Intent::TrailGray, 60.0), seed);
        let j = got.verdict();
        assert!(
            !j.evidence.judged_by_pace_for_drift,
            "{name}: {}",
            got.said()
        );
        assert_eq!(j.class, RunClass::Hard, "{name}: {}", got.said());
        assert!(j.gray_zone, "{name}: {}", got.said());
    }
}

#[test]
fn a_watch_recording_every_thirty_seconds_still_sees_a_steady_gray_run() {
    // UltraTrac-style recording (a record every 30 s) of a steady gray-zone run: its empty
    // 10-second buckets read as a stop every 20 s, the run as unsteady, and it was a "tempo run".
    let a = Athlete::intermediate();
    let gray = plan(Intent::GrayZone, 50.0);
    let every_30_s = |act: &mut Activity| {
        let t0 = act.samples[0].time;
        act.samples
            .retain(|s| ((s.time - t0) as usize).is_multiple_of(30));
    };
    let sparse = judge_recorded(&a, &ordinary_history(), TEST_DAY, &gray, 77, every_30_s);
    let dense = judge_run(&a, &gray, 77);
    for j in [&sparse, &dense] {
        let v = j.verdict();
        assert!(v.gray_zone, "{}", j.said());
        assert_eq!(v.session, SessionKind::GrayZone, "{}", j.said());
    }
    // And an easy run so recorded stays easy.
    let easy = plan(Intent::Easy, 45.0);
    let sparse_easy = judge_recorded(&a, &ordinary_history(), TEST_DAY, &easy, 78, every_30_s);
    assert_eq!(
        sparse_easy.verdict().class,
        RunClass::Easy,
        "{}",
        sparse_easy.said()
    );
}

// ---------------------------------------------------------------------------------------------
// One session, several files: a warm-up, the workout and a cool-down saved minutes apart.
// ---------------------------------------------------------------------------------------------

/// At `hour` o'clock of `day` (days from the first Monday).
fn at(day: f64, hour: f64) -> UnixTime {
    MONDAY + day * DAY + hour * 3600.0
}

/// `explain` of row `index`, uncoloured and metric.
fn explain_plain(rows: &[ActivityRow], index: usize) -> String {
    explain(
        rows,
        index,
        &ExplainOptions {
            color: false,
            units: Units::Metric,
        },
    )
}

/// Writes an activity as the FIT file `name` in `dir`.
fn write_activity(dir: &Path, name: &str, activity: &Activity) {
    std::fs::write(
        dir.join(name),
        write_fit(std::slice::from_ref(activity), &FitOptions::default()),
    )
    .unwrap();
}

/// Simulates `p` from `start`, writes it as `name` in `dir`, and gives the run as simulated.
fn write_run(dir: &Path, name: &str, a: &Athlete, start: UnixTime, p: &RunPlan) -> Activity {
    let seed = 90 + name.bytes().map(u64::from).sum::<u64>();
    let activity = simulate(a, p, start, seed);
    write_activity(dir, name, &activity);
    activity
}

/// Three ordinary weeks at 07:00, then `more` (day, plan): `h000.fit`, `h001.fit`, …
fn write_weeks(dir: &Path, a: &Athlete, more: &[(f64, RunPlan)]) {
    let mut history = Vec::new();
    for week in 0..3 {
        for (day, p) in ordinary_week() {
            history.push((week as f64 * 7.0 + day, p));
        }
    }
    history.extend_from_slice(more);
    for (i, (day, p)) in history.iter().enumerate() {
        write_activity(
            dir,
            &format!("h{i:03}.fit"),
            &simulate(a, p, at(*day, 7.0), 1 + i as u64),
        );
    }
}

/// Every file of `dir` judged with the auto baseline.
fn judge_dir(dir: &Path) -> Vec<ActivityRow> {
    judge(
        read_export(&[dir.to_path_buf()], &ReadOptions::default()).unwrap(),
        &Profile::default(),
    )
}

/// A verdict in a line, for assertion messages.
fn said(j: &Judgement) -> String {
    format!("{:?} {:?} {:?}: {}", j.class, j.session, j.flags, j.reason)
}

/// The week's minutes in zone are `all_s` (each run's counted once), to the second.
fn assert_week_zoned(week: &grayzone::report::weekly::Week, all_s: f64) {
    let week_zoned = week.low_s + week.moderate_s + week.high_s;
    assert!((week_zoned - all_s).abs() < 1.0, "{week_zoned} vs {all_s}");
}

/// The last week of `rows`.
fn last_week(rows: &[ActivityRow]) -> grayzone::report::weekly::Week {
    let mut weeks = grayzone::report::weekly::weeks(rows);
    weeks.pop().expect("a week")
}

/// A week's sessions: all, hard, recovery or easy.
fn sessions(week: &grayzone::report::weekly::Week) -> (usize, usize, usize) {
    (
        week.runs,
        week.hard_runs,
        week.recovery_runs + week.easy_runs,
    )
}

/// The verdict on the file `name` among `rows`.
fn verdict_of(rows: &[ActivityRow], name: &str) -> Judgement {
    let row = rows
        .iter()
        .find(|r| r.path.ends_with(name))
        .unwrap_or_else(|| panic!("{name} has a row"));
    row.judgement
        .as_deref()
        .unwrap_or_else(|| panic!("{name} not judged: {}", row.note))
        .clone()
}

#[test]
fn a_workout_saved_with_its_warm_up_and_cool_down_as_files_of_their_own_is_one_hard_session() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Monday a tempo; Tuesday the intervals, their warm-up and cool-down saved on their own;
    // Wednesday an easy run.
    write_weeks(
        d,
        &a,
        &[(21.0, plan(Intent::Tempo { minutes: 25.0 }, 50.0))],
    );
    let warm_up = write_run(d, "wu.fit", &a, at(22.0, 7.0), &plan(Intent::Easy, 12.0));
    let workout_start = warm_up.samples.last().unwrap().time + 240.0;
    let workout = write_run(
        d,
        "workout.fit",
        &a,
        workout_start,
        &plan(intervals(), 40.0),
    );
    let cool_down_start = workout.samples.last().unwrap().time + 180.0;
    write_run(
        d,
        "cd.fit",
        &a,
        cool_down_start,
        &plan(Intent::Recovery, 10.0),
    );
    write_run(d, "next.fit", &a, at(23.0, 7.0), &plan(Intent::Easy, 40.0));

    let rows = judge_dir(d);
    let verdict = |name: &str| verdict_of(&rows, name);

    let main = verdict("workout.fit");
    assert_eq!(main.class, RunClass::Hard, "{}", said(&main));
    assert_eq!(main.session, SessionKind::Intervals, "{}", said(&main));
    // The warm-up (the day after the tempo) and the cool-down (minutes after the last rep) are
    // the workout's, not recovery runs that came out too fast.
    for (name, part, words) in [
        (
            "wu.fit",
            SessionKind::WarmUp,
            "warm-up for the intervals that started 4 min after it",
        ),
        (
            "cd.fit",
            SessionKind::CoolDown,
            "cool-down after the intervals that ended 3 min before it",
        ),
    ] {
        let j = verdict(name);
        assert_eq!(j.session, part, "{name}: {}", said(&j));
        assert_ne!(j.class, RunClass::Hard, "{name}: {}", said(&j));
        assert!(
            !j.flags.iter().any(|f| f.name().starts_with("recovery_")),
            "{name}: {}",
            said(&j)
        );
        assert!(
            j.reason.to_string().starts_with(words),
            "{name}: {}",
            said(&j)
        );
        assert!(
            !j.reason.to_string().contains("day after"),
            "{name}: {}",
            said(&j)
        );
        // Twelve minutes whose heart is still rising from rest: no cardiac drift.
        assert!(!j.evidence.judged_by_pace_for_drift, "{name}: {}", said(&j));
    }
    // The next day is the day after the intervals.
    let next = verdict("next.fit");
    assert!(
        next.reason.to_string().contains("day after intervals"),
        "{}",
        said(&next)
    );

    // The week counts one session for the three files: the tempo and the intervals hard, the
    // four other runs of the week easy; the warm-up's and cool-down's minutes still count.
    let week = last_week(&rows);
    assert_eq!(sessions(&week), (3, 2, 1), "{week:?}");
    let zoned = |name: &str| verdict(name).zones.zoned_s();
    let all: f64 = ["h021.fit", "wu.fit", "workout.fit", "cd.fit", "next.fit"]
        .iter()
        .map(|n| zoned(n))
        .sum();
    assert_week_zoned(&week, all);
}

#[test]
fn a_watch_forgotten_on_the_wrist_after_a_workout_joins_no_later_run_to_it() {
    // The intervals, then the watch left recording for three hours on a desk (standing, no
    // steps); two hours after the last rep, a 30-minute easy run. It is a run of its own: no
    // cool-down of the intervals, and the evening after them.
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_weeks(d, &a, &[]);
    let mut workout = simulate(&a, &plan(intervals(), 40.0), at(22.0, 7.0), 91);
    let last = *workout.samples.last().unwrap();
    let ended = last.time;
    for k in 1..=(3 * 3600 / 5) {
        workout.samples.push(grayzone::activity::Sample {
            time: ended + 5.0 * k as f64,
            heart_rate: Some(70),
            speed_mps: Some(0.0),
            cadence: Some(0),
            ..last
        });
    }
    write_activity(d, "workout.fit", &workout);
    write_run(
        d,
        "evening.fit",
        &a,
        ended + 2.0 * 3600.0,
        &plan(Intent::Easy, 30.0),
    );
    let rows = judge_dir(d);
    let verdict = |name: &str| verdict_of(&rows, name);
    let main = verdict("workout.fit");
    assert_eq!(main.class, RunClass::Hard, "{}", main.reason);
    let e = verdict("evening.fit");
    assert!(
        !e.session.is_part_of_a_workout(),
        "{:?}: {}",
        e.session,
        e.reason
    );
    assert!(
        e.reason.to_string().contains("day after intervals"),
        "{}",
        e.reason
    );
}

/// Three ordinary weeks (a 90-minute long run on Saturdays), then a Monday easy run and a
/// Wednesday one (`next.fit`), around the long run on Tuesday the test writes.
fn a_long_run_week(d: &Path, a: &Athlete) {
    write_weeks(d, a, &[(21.0, plan(Intent::Easy, 45.0))]);
    write_run(d, "next.fit", a, at(23.0, 7.0), &plan(Intent::Easy, 40.0));
}

/// The week of [`a_long_run_week`], checked: Wednesday is the day after a long run, and the
/// week holds three easy sessions (Monday's, the long run, Wednesday's).
fn the_long_run_week(rows: &[ActivityRow]) -> grayzone::report::weekly::Week {
    let next = verdict_of(rows, "next.fit");
    assert!(
        next.reason.to_string().contains("day after long run"),
        "{}",
        said(&next)
    );
    let week = last_week(rows);
    assert_eq!(sessions(&week), (3, 0, 3), "{week:?}");
    week
}

#[test]
fn a_long_run_saved_in_two_halves_is_one_long_run() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Tuesday's 2-hour long run saved in two files: the watch stopped and saved after 65
    // minutes, started again 4 minutes later.
    a_long_run_week(d, &a);
    let first = write_run(d, "half1.fit", &a, at(22.0, 7.0), &plan(Intent::Long, 65.0));
    let restart = first.samples.last().unwrap().time + 240.0;
    write_run(d, "half2.fit", &a, restart, &plan(Intent::Easy, 55.0));

    let rows = judge_dir(d);
    let verdict = |name: &str| verdict_of(&rows, name);
    for (name, words) in [
        ("half1.fit", "file 1 of 2 of one 120-min run; long run"),
        ("half2.fit", "file 2 of 2 of one 120-min run; long run"),
    ] {
        let j = verdict(name);
        assert_eq!(j.class, RunClass::Easy, "{name}: {}", said(&j));
        assert_eq!(j.session, SessionKind::LongRun, "{name}: {}", said(&j));
        assert!(
            j.reason.to_string().starts_with(words),
            "{name}: {}",
            said(&j)
        );
        assert_eq!(j.continues_session, name == "half2.fit", "{name}");
        let total = j.evidence.session_moving_s.unwrap_or(0.0) / 60.0;
        assert!((total - 120.0).abs() < 2.0, "{name}: {total} min");
    }
    // The week counts the two files as one easy session, two hours long.
    let week = the_long_run_week(&rows);
    assert!(
        (week.longest_run_s / 60.0 - 120.0).abs() < 2.0,
        "{}",
        week.longest_run_s
    );
}

#[test]
fn a_watch_that_died_during_a_long_run_the_phone_recorded_is_one_long_run() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Tuesday's 2-hour long run, recorded by the phone (GPX, no heart rate, its GPS 3 % long)
    // from start to end, and by the watch until its battery died at 65 minutes.
    a_long_run_week(d, &a);
    let run = simulate(&a, &plan(Intent::Long, 120.0), at(22.0, 7.0), 97);
    let start = run.samples[0].time;
    let mut watch = run.clone();
    watch.samples.retain(|s| s.time < start + 65.0 * 60.0);
    watch.totals = Default::default();
    write_activity(d, "watch.fit", &watch);
    let mut phone = run.clone();
    for s in &mut phone.samples {
        s.heart_rate = None;
        s.distance_m = s.distance_m.map(|m| m * 1.03);
    }
    let gpx = write_gpx(
        &phone,
        GpxStyle {
            hr: HrTagStyle::None,
            version: GpxVersion::V1_1,
            sport_type: Some("running"),
            offset_times: false,
        },
    );
    std::fs::write(d.join("phone.gpx"), gpx).unwrap();

    let rows = judge_dir(d);
    let row = |name: &str| rows.iter().find(|r| r.path.ends_with(name)).unwrap();
    // The watch's 65 minutes are part of the phone's run: one run, the phone's, kept whole.
    assert_eq!(row("watch.fit").status, Status::Duplicate);
    assert!(
        row("watch.fit")
            .note
            .starts_with("part of the same run as "),
        "{}",
        row("watch.fit").note
    );
    let long = verdict_of(&rows, "phone.gpx");
    assert_eq!(long.class, RunClass::Easy, "{}", said(&long));
    assert_eq!(long.session, SessionKind::LongRun, "{}", said(&long));
    // The week: the long run's two hours counted once.
    let week = the_long_run_week(&rows);
    let ran = |name: &str| row(name).summary.as_deref().unwrap().moving_time_s;
    assert_week_zoned(&week, ran("phone.gpx") + ran("next.fit") + ran("h021.fit"));
}

#[test]
fn a_half_marathon_saved_with_a_long_warm_up_in_its_file_is_a_race_and_rest_follows() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_weeks(d, &a, &[]);
    // Sunday: a jog to the start, a warm-up, the half marathon and a cool-down, in one file.
    let mut race = simulate(&a, &plan(Intent::Easy, 25.0), at(20.0, 8.0), 95);
    let jog_end = race.samples.last().unwrap().time;
    let jog_m = race
        .samples
        .iter()
        .rev()
        .find_map(|s| s.distance_m)
        .unwrap();
    let half = simulate(
        &a,
        &RunPlan::new(Intent::Race { km: 21.1 }, Amount::Km(21.1)),
        jog_end + 1.0,
        96,
    );
    race.samples
        .extend(half.samples.iter().map(|s| grayzone::activity::Sample {
            distance_m: s.distance_m.map(|m| m + jog_m),
            ..*s
        }));
    write_activity(d, "half.fit", &race);
    write_monday_evening_run(d, &a);

    let rows = judge_dir(d);
    let j = verdict_of(&rows, "half.fit");
    // The jog, the warm-up and the cool-down leave over a fifth of the file low: short of "80 %
    // moderate or high", but the hour and more held at race effort after them is no tempo run
    // (and no gray-zone run, which it was called before).
    let (low_pct, _, _) = j.zones.shares();
    assert!(low_pct > 25.0, "{low_pct:.0} % low: {}", j.reason);
    assert_eq!(j.session, SessionKind::Race, "{}", j.reason);
    let next = verdict_of(&rows, "monday.fit");
    assert!(too_soon_after_race(&next), "{}", said(&next));
}

#[test]
fn a_10k_race_with_its_warm_up_is_a_race_and_a_tempo_run_stays_a_tempo_run() {
    // Saturday: a 10 km race (≈ 46 minutes for this runner) with its 10–15-minute warm-up and
    // its cool-down in the file; Thursday: 30 minutes at threshold in a 55-minute run. Both are
    // hard; only the race holds threshold longer than a tempo run does.
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_weeks(d, &a, &[]);
    write_run(
        d,
        "tempo.fit",
        &a,
        at(17.0, 7.0),
        &plan(Intent::Tempo { minutes: 30.0 }, 55.0),
    );
    write_run(
        d,
        "race.fit",
        &a,
        at(19.0, 9.0),
        &RunPlan::new(Intent::Race { km: 10.0 }, Amount::Km(10.0)),
    );
    let rows = judge_dir(d);
    let race = verdict_of(&rows, "race.fit");
    let (low_pct, _, _) = race.zones.shares();
    // Its warm-up and cool-down leave a fifth of it low or more: short of "80 % moderate or high".
    assert!(low_pct > 20.0, "{low_pct:.0} % low: {}", race.reason);
    assert_eq!(race.class, RunClass::Hard, "{}", race.reason);
    assert_eq!(race.session, SessionKind::Race, "{}", race.reason);
    let tempo = verdict_of(&rows, "tempo.fit");
    assert_eq!(tempo.class, RunClass::Hard, "{}", tempo.reason);
    assert_eq!(tempo.session, SessionKind::Tempo, "{}", tempo.reason);
}

#[test]
fn a_fast_finish_or_a_progression_held_40_minutes_is_no_race() {
    // 30 minutes easy, then 40 held fast to the end; 35 easy, then 40 building: each holds the
    // high zone as long as a 10K does, after more easy running than a race's warm-up, and pushes
    // to its end. Hard, and no race (no rest days asked after it, no race in the week).
    let a = Athlete::intermediate();
    for (name, p) in [
        (
            "finish.fit",
            plan(Intent::FastFinish { minutes: 40.0 }, 70.0),
        ),
        (
            "build.fit",
            plan(Intent::Progression { minutes: 40.0 }, 75.0),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_weeks(d, &a, &[]);
        write_run(d, name, &a, at(19.0, 9.0), &p);
        let j = verdict_of(&judge_dir(d), name);
        assert_eq!(j.class, RunClass::Hard, "{name}: {}", j.reason);
        assert_ne!(j.session, SessionKind::Race, "{name}: {}", j.reason);
    }
}

#[test]
fn a_long_run_with_an_hour_long_fast_finish_is_no_race() {
    // The look-alike of a half marathon with its warm-up: an hour held fast, but after an hour
    // of easy running, in a 25-km run. A hard long run, not a race: no rest days asked after it.
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_weeks(d, &a, &[]);
    write_run(
        d,
        "long.fit",
        &a,
        at(20.0, 8.0),
        &plan(Intent::FastFinish { minutes: 60.0 }, 125.0),
    );
    write_monday_evening_run(d, &a);
    let rows = judge_dir(d);
    let j = verdict_of(&rows, "long.fit");
    assert_eq!(j.class, RunClass::Hard, "{}", j.reason);
    assert_ne!(j.session, SessionKind::Race, "{}", j.reason);
    let next = verdict_of(&rows, "monday.fit");
    assert!(!too_soon_after_race(&next), "{}", said(&next));
}

/// The Monday evening easy run after Sunday's long effort: `monday.fit`.
fn write_monday_evening_run(dir: &Path, a: &Athlete) {
    write_run(
        dir,
        "monday.fit",
        a,
        at(21.0, 18.0),
        &plan(Intent::Easy, 40.0),
    );
}

/// Whether a run is flagged for coming within the days of rest a long race asks.
fn too_soon_after_race(j: &Judgement) -> bool {
    j.flags.contains(&Flag::TooSoonAfterRace)
}

#[test]
fn a_walk_saved_in_run_mode_is_cross_training_not_a_recovery_run() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_weeks(d, &a, &[(21.0, plan(Intent::Easy, 45.0))]);
    // Tuesday evening: a 50-minute walk with the watch left in run mode; Wednesday an easy run
    // with walk breaks, which stays a run.
    let mut walk = plan(Intent::Walk, 50.0);
    walk.sport = grayzone::activity::Sport::Running;
    write_run(d, "walk.fit", &a, at(22.0, 18.0), &walk);
    write_run(
        d,
        "breaks.fit",
        &a,
        at(23.0, 7.0),
        &plan(Intent::EasyWalkBreaks, 45.0),
    );
    let rows = judge_dir(d);
    let row = rows.iter().find(|r| r.path.ends_with("walk.fit")).unwrap();
    assert_eq!(row.status, Status::NotRun, "{}", row.note);
    assert!(
        row.note
            .starts_with("walking: the file says running, but its fastest tenth"),
        "{}",
        row.note
    );
    assert_ne!(verdict_of(&rows, "breaks.fit").class, RunClass::Hard);
    // The week: two runs, the walk's 50 minutes cross-training.
    let week = last_week(&rows);
    assert_eq!(week.runs, 2, "{week:?}");
    assert!(
        (week.cross_training_s / 60.0 - 50.0).abs() < 2.0,
        "{}",
        week.cross_training_s
    );
}

/// A runner who never runs a workout: easy runs, a long run, and a recovery jog after each (the
/// rules' 37–56 s/km slower). The jogs were the slower quarter of the runs, the "easy speed"
/// that told a hard effort: every easy run beat it by 10 %, so the easy runs' peak was taken for
/// a training peak and divided by 0.97 — a max HR 14 % low, and every easy run gray.
#[test]
fn a_runner_who_runs_no_workout_has_easy_runs_judged_easy() {
    for athlete in [Athlete::beginner(), Athlete::intermediate()] {
        let week = [
            (0.0, plan(Intent::Easy, 45.0)),
            (1.0, plan(Intent::Recovery, 30.0)),
            (3.0, plan(Intent::Easy, 45.0)),
            (4.0, plan(Intent::Recovery, 30.0)),
            (5.0, plan(Intent::Long, 90.0)),
            (6.0, plan(Intent::Recovery, 35.0)),
        ];
        let history: Vec<(f64, RunPlan)> = (0..3)
            .flat_map(|w| {
                week.iter()
                    .map(move |(d, p)| (w as f64 * 7.0 + d, p.clone()))
            })
            .collect();
        let easy = judge_after(&athlete, &history, TEST_DAY, &plan(Intent::Easy, 45.0), 7);
        let v = easy.verdict();
        assert_eq!(v.class, RunClass::Easy, "{}", easy.said());
        assert!(!v.gray_zone, "{}", easy.said());
        // Easy running tops out near 80 % of max HR, steady moderate running near 97 %: the
        // estimate is the population's max within [peak / 0.97, peak / 0.80], a few percent
        // from the athlete's (a beginner of 194: 182), not a seventh under it.
        let ratio = v.baseline.max_hr.value / f64::from(athlete.max_hr);
        assert!(
            (0.92..=1.08).contains(&ratio),
            "max HR ×{ratio:.3}: {}",
            easy.said()
        );
    }
}

/// Without a heart to decide, the pace speaks however few runs set it: a runner who gives their
/// max HR and wears no strap had their second run's pace "not compared (too few runs)" against
/// the easy pace the baseline showed, and a recovery run read easy.
#[test]
fn without_hr_the_second_run_is_judged_by_its_pace_against_the_first() {
    let a = Athlete::intermediate();
    let dir = tempfile::tempdir().unwrap();
    let no_hr = |intent: Intent, minutes: f64| {
        let mut p = plan(intent, minutes);
        p.faults = Faults {
            no_hr: true,
            ..Faults::default()
        };
        p
    };
    for (i, (day, p)) in [
        (0.0, no_hr(Intent::Easy, 45.0)),
        (2.0, no_hr(Intent::Recovery, 30.0)),
    ]
    .iter()
    .enumerate()
    {
        let run = simulate(&a, p, MONDAY + day * DAY + 7.0 * 3600.0, 40 + i as u64);
        std::fs::write(
            dir.path().join(format!("r{i}.fit")),
            write_fit(std::slice::from_ref(&run), &FitOptions::default()),
        )
        .unwrap();
    }
    let profile = Profile {
        max_hr: Some(grayzone::judge::profile::Given {
            value: f64::from(a.max_hr),
            by: "--max-hr".into(),
        }),
        ..Profile::default()
    };
    let rows = judge(
        read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap(),
        &profile,
    );
    let second = rows
        .iter()
        .find(|r| r.path.ends_with("r1.fit"))
        .and_then(|r| r.judgement.as_ref())
        .expect("the second run is judged");
    assert_eq!(second.class, RunClass::Recovery, "{}", second.reason);
    assert!(
        second.pace_vs_easy_s_per_km.is_some_and(|d| d >= 25.0),
        "{:?}",
        second.pace_vs_easy_s_per_km
    );
}

// ---------------------------------------------------------------------------------------------
// No pace at all: weeks on a treadmill without a footpod, heart rate only.
// ---------------------------------------------------------------------------------------------

/// `activity` as a treadmill without a footpod records it: the heart, no position, distance or
/// speed.
fn without_a_pace(mut activity: Activity) -> Activity {
    for s in &mut activity.samples {
        s.position = None;
        s.distance_m = None;
        s.speed_mps = None;
    }
    activity.totals.distance_m = None;
    activity
}

/// What the treadmill weeks hold.
#[derive(Clone, Copy, PartialEq)]
enum Treadmill {
    /// Every run, and only easy runs (the workouts run as easy 45 minutes).
    EasyOnly,
    /// Every run, workouts and all.
    Everything,
    /// The workouts; the easy days are run outdoors with GPS.
    WorkoutsOnly,
}

/// Four weeks at 07:00 of `ordinary_week`'s plans, on a treadmill without a footpod as `where`
/// says. The verdicts, in date order, beside the plans.
fn treadmill_weeks(a: &Athlete, indoors: Treadmill) -> Vec<(Intent, Judgement)> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut plans = Vec::new();
    for week in 0..4 {
        for (day, p) in ordinary_week() {
            let workout = !matches!(p.intent, Intent::Easy | Intent::Recovery | Intent::Long);
            let p = if indoors == Treadmill::EasyOnly && workout {
                plan(Intent::Easy, 45.0)
            } else {
                p
            };
            let i = plans.len();
            let run = simulate(a, &p, at(week as f64 * 7.0 + day, 7.0), 1 + i as u64);
            let run = if indoors == Treadmill::WorkoutsOnly && !workout {
                run
            } else {
                without_a_pace(run)
            };
            write_activity(d, &format!("t{i:03}.fit"), &run);
            plans.push(p.intent);
        }
    }
    let rows = judge_dir(d);
    plans
        .into_iter()
        .enumerate()
        .map(|(i, intent)| (intent, verdict_of(&rows, &format!("t{i:03}.fit"))))
        .collect()
}

#[test]
fn weeks_on_a_treadmill_without_a_pace_are_judged_by_a_max_hr_their_heart_allows() {
    // Heart rate alone. Easy runs only: nothing says any run was hard, so the peak is a guess
    // within 80–97 % of max (it had been taken as a training peak: max HR 154 for a runner of
    // 188, and every easy run a tempo run).
    let a = Athlete::intermediate();
    let true_max = f64::from(a.max_hr);
    for (intent, j) in treadmill_weeks(&a, Treadmill::EasyOnly) {
        assert_ne!(j.class, RunClass::Hard, "{intent:?}: {}", said(&j));
        assert!(!j.gray_zone, "{intent:?}: {}", said(&j));
        let max = j.baseline.max_hr.value;
        assert!(max >= 0.9 * true_max, "{intent:?}: max HR {max}");
    }
    // With its workouts: their hearts, 12 % and more above the usual, say they were hard, so
    // the peak is a training peak again (had they been guessed at too, the max would read 199
    // and every tempo run easy) — and so when only the workouts are run indoors, the easy days
    // outdoors with GPS, whose legs say nothing of the treadmill's.
    for indoors in [Treadmill::Everything, Treadmill::WorkoutsOnly] {
        for (intent, j) in treadmill_weeks(&a, indoors) {
            let max = j.baseline.max_hr.value;
            assert!(
                (max - true_max).abs() <= 0.03 * true_max,
                "{intent:?}: max HR {max}"
            );
            let workout = !matches!(intent, Intent::Easy | Intent::Recovery | Intent::Long);
            assert_eq!(
                j.class == RunClass::Hard,
                workout,
                "{intent:?}: {}",
                said(&j)
            );
        }
    }
}
