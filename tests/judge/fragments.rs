//! Runs too short to judge: a start pressed by mistake, a 0-second session, a triathlon's empty
//! transition leg. They keep their row but get no verdict, count in no week and feed no baseline;
//! the profile's `min_judged_min` moves the limit. On generated files and on the real ones the
//! shared corpora hold.

use std::path::{Path, PathBuf};

use grayzone::activity::{Activity, Sample, SourceFormat, Sport, UnixTime};
use grayzone::judge::judge;
use grayzone::judge::profile::Profile;
use grayzone::judge::rules::MIN_JUDGED_S;
use grayzone::judge::ActivityRow;
use grayzone::report::weekly::weeks;
use grayzone::summarize::row::{LeftOut, Status};
use grayzone::summarize::{read_export, ReadOptions};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::gpx_writer::{write_gpx, GpxStyle};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

const DAY: f64 = 86_400.0;
/// Monday 2024-05-06, 06:00 UTC.
const MONDAY: UnixTime = 1_714_975_200.0;

/// A straight run of `seconds` at 4.6 m/s with HR at `bpm`, 1 Hz, in Amsterdam.
fn short_run(start: UnixTime, seconds: usize, bpm: u8) -> Activity {
    Activity {
        format: Some(SourceFormat::Gpx),
        sport: Sport::Running,
        samples: (0..=seconds)
            .map(|i| Sample {
                time: start + i as f64,
                position: Some((52.37 + i as f64 * 4.6 / 111_250.0, 4.89)),
                heart_rate: Some(bpm + (i % 3) as u8),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// An export: three weeks of ordinary runs (FIT), and the given extra GPX files.
fn export(extra: &[(&str, Activity)]) -> (tempfile::TempDir, Vec<ActivityRow>) {
    let dir = tempfile::tempdir().unwrap();
    let athlete = Athlete::intermediate();
    for week in 0..3 {
        // A tempo each week: peaks from training, which the max HR is read from (a history of
        // easy runs alone says little of it).
        for (day, intent, minutes) in [
            (0.0, Intent::Easy, 45.0),
            (2.0, Intent::Recovery, 30.0),
            (3.0, Intent::Tempo { minutes: 20.0 }, 45.0),
            (5.0, Intent::Long, 80.0),
        ] {
            let start = MONDAY + (week as f64 * 7.0 + day) * DAY;
            let run = simulate(
                &athlete,
                &RunPlan::new(intent, Amount::Minutes(minutes)),
                start,
                (week * 10) as u64 + day as u64 + 1,
            );
            std::fs::write(
                dir.path().join(format!("w{week}-d{day}.fit")),
                write_fit(&[run], &FitOptions::default()),
            )
            .unwrap();
        }
    }
    for (name, activity) in extra {
        std::fs::write(
            dir.path().join(name),
            write_gpx(activity, GpxStyle::default()),
        )
        .unwrap();
    }
    let rows = judge_dir(dir.path(), &Profile::default());
    (dir, rows)
}

fn judge_dir(dir: &Path, profile: &Profile) -> Vec<ActivityRow> {
    judge(
        read_export(&[dir.to_path_buf()], &ReadOptions::default()).unwrap(),
        profile,
    )
}

fn row<'a>(rows: &'a [ActivityRow], name: &str) -> &'a ActivityRow {
    rows.iter()
        .find(|r| r.path.ends_with(name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn a_19_second_run_keeps_its_row_but_gets_no_verdict_and_no_week() {
    // Week 4 (day 21): only the fragment; day 1 of week 1: a fragment beside real runs.
    let (_dir, rows) = export(&[
        ("lone.gpx", short_run(MONDAY + 21.0 * DAY, 19, 150)),
        ("beside.gpx", short_run(MONDAY + DAY, 19, 150)),
    ]);
    for name in ["lone.gpx", "beside.gpx"] {
        let r = row(&rows, name);
        assert_eq!(r.status, Status::Ok, "{name}");
        assert!(r.judgement.is_none(), "{name} was judged");
        assert!(
            matches!(r.left_out, Some(LeftOut::TooShort { moving_s, min_s }) if moving_s <= 19.0 && min_s == MIN_JUDGED_S),
            "{name}: {:?}",
            r.left_out
        );
    }
    let with = weeks(&rows);
    // The fragment's own week is not a week with runs; the other weeks are what they are
    // without the fragments, to the second and the flag.
    let (_dir2, plain) = export(&[]);
    let without = weeks(&plain);
    assert_eq!(
        with.len(),
        3,
        "{:?}",
        with.iter().map(|w| &w.week).collect::<Vec<_>>()
    );
    assert_eq!(with[0].left_out, 1);
    for (a, b) in with.iter().zip(&without) {
        assert_eq!(a.runs, 4);
        assert_eq!(
            (&a.week, a.runs, a.low_s, a.moderate_s, a.high_s, &a.flags),
            (&b.week, b.runs, b.low_s, b.moderate_s, b.high_s, &b.flags)
        );
    }
}

#[test]
fn the_profile_moves_the_limit_and_zero_judges_every_run() {
    let (dir, _) = export(&[("short.gpx", short_run(MONDAY + DAY, 240, 150))]);
    let every = Profile {
        min_judged_s: 0.0,
        ..Profile::default()
    };
    let rows = judge_dir(dir.path(), &every);
    assert!(row(&rows, "short.gpx").judgement.is_some());
    let three_minutes = Profile {
        min_judged_s: 180.0,
        ..Profile::default()
    };
    let rows = judge_dir(dir.path(), &three_minutes);
    assert!(row(&rows, "short.gpx").judgement.is_some());
    let rows = judge_dir(dir.path(), &Profile::default());
    assert!(row(&rows, "short.gpx").judgement.is_none());
}

#[test]
fn a_fragment_never_sets_the_max_hr() {
    let max_of = |rows: &[ActivityRow]| {
        rows.iter()
            .filter_map(|r| r.judgement.as_ref())
            .map(|j| j.baseline.max_hr.value)
            .fold(0.0, f64::max)
    };
    let (_dir, without) = export(&[]);
    let max = max_of(&without);
    // 19 seconds a few beats above the runner's training peaks (a sprint to the bus): close
    // enough to the other runs' peaks to pass for a real one.
    let peak = (max * 0.97).round() as u8;
    let (dir, with) = export(&[("sprint.gpx", short_run(MONDAY - DAY, 19, peak + 5))]);
    assert_eq!(max_of(&with), max);
    // Judged, it would have raised the max: the rule, not chance, keeps it out.
    let every = Profile {
        min_judged_s: 0.0,
        ..Profile::default()
    };
    assert!(max_of(&judge_dir(dir.path(), &every)) > max + 2.0);
}

#[test]
fn the_empty_legs_of_a_multisport_file_are_left_out_and_its_real_run_is_judged() {
    let dir = tempfile::tempdir().unwrap();
    let athlete = Athlete::intermediate();
    let start = MONDAY + 3.0 * DAY;
    let leg = |seconds: usize, at: f64| Activity {
        sport: Sport::Running,
        ..short_run(at, seconds, 70)
    };
    let run = simulate(
        &athlete,
        &RunPlan::new(Intent::Easy, Amount::Minutes(40.0)),
        start + 120.0,
        7,
    );
    let bytes = write_fit(
        &[leg(24, start), leg(11, start + 60.0), run],
        &FitOptions::default(),
    );
    std::fs::write(dir.path().join("brick.fit"), bytes).unwrap();
    let rows = judge_dir(dir.path(), &Profile::default());
    assert!(row(&rows, "brick.fit#1").left_out.is_some());
    assert!(row(&rows, "brick.fit#2").left_out.is_some());
    assert!(row(&rows, "brick.fit#3").judgement.is_some());
    let weeks = weeks(&rows);
    assert_eq!(weeks.len(), 1);
    assert_eq!((weeks[0].runs, weeks[0].left_out), (1, 2));
}

/// The real fragments of the shared corpora: an Apple Watch "evening run" of 18 s, a NikePlus file
/// of two points, a fēnix 5 file of 57 s, a 0-second session, the 24-second run leg of a
/// run/transition/rowing file. None is judged, and none of their weeks is a week with runs.
#[test]
fn real_fragments_get_no_verdict_and_their_weeks_disappear() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let extra = real.with_file_name("real-extra");
    let paths: Vec<PathBuf> = vec![real.clone(), extra.clone()];
    let rows = judge(
        read_export(&paths, &ReadOptions::default()).unwrap(),
        &Profile::default(),
    );
    for name in [
        "real/gpx/togeojson__Friday-Evening-Run.gpx",
        "real/gpx/gpxpy__track-with-less-sec-time.gpx",
        "real/fit/fitparse__garmin-fenix-5-run.fit",
        // Its copies with a bad checksum, cut short or a broken chained part are duplicates of it.
        "real/fit/fitparse__activity-settings.fit",
        "real-extra/fit/GoldenCheetah__sweatpy__6471559601_ACTIVITY.fit#1",
    ] {
        let r = row(&rows, name);
        assert_eq!(r.status, Status::Ok, "{name}");
        assert!(r.judgement.is_none(), "{name} was judged");
        assert!(
            matches!(r.left_out, Some(LeftOut::TooShort { .. })),
            "{name}: {:?}",
            r.left_out
        );
    }
    let labels: Vec<String> = weeks(&rows).into_iter().map(|w| w.week).collect();
    for gone in ["2025-W18", "2012-W15", "2015-W50", "2017-W23", "2021-W12"] {
        assert!(
            !labels.iter().any(|w| w == gone),
            "{gone} is still a week with runs"
        );
    }
    // No judged run anywhere in the corpora is shorter than the limit.
    for r in rows.iter().filter(|r| r.judgement.is_some()) {
        let s = r.summary.as_deref().unwrap();
        assert!(
            s.moving_time_s >= MIN_JUDGED_S,
            "{}: {}",
            r.path,
            s.moving_time_s
        );
    }
}
