//! Verdicts on the real files of the shared corpus (`real` and `real-extra`), each judged alone as
//! a runner trying grayzone on one file would: whatever the baseline made of one run says, the
//! reason must name the rule that made the run hard.

use std::path::Path;

use grayzone::judge::baseline::Provenance;
use grayzone::judge::classify::{Judgement, RunClass, SessionKind};
use grayzone::judge::judge;
use grayzone::judge::profile::Profile;
use grayzone::judge::rules::REPS_MIN_HIGH_S;
use grayzone::judge::zones::ZoneSource;
use grayzone::summarize::row::Status;
use grayzone::summarize::{read_export, ReadOptions};

/// Every run of the corpus, each judged alone: (path, judgement).
fn judged_alone(real: &Path) -> Vec<(String, Judgement)> {
    let mut paths = crate::real::files_under(real);
    paths.extend(crate::real::files_under(&real.join("../real-extra")));
    paths.sort();
    paths.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["fit", "gpx", "tcx"].contains(&e.to_ascii_lowercase().as_str()))
    });
    let mut out = Vec::new();
    for path in &paths {
        let Ok(rows) = read_export(std::slice::from_ref(path), &ReadOptions::default()) else {
            continue;
        };
        for row in judge(rows, &Profile::default()) {
            if row.status != Status::Ok {
                continue;
            }
            if let Some(j) = row.judgement {
                out.push((row.path, *j));
            }
        }
    }
    out
}

/// A fartlek is played by feel, surges among easier running: a hard run that is half high or more
/// with no reps or surges to its structure is a tempo (a Wahoo triathlon's run leg, 66 % high,
/// read "fartlek").
#[test]
fn no_fartlek_is_half_of_it_high() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let judged = judged_alone(&real);
    assert!(judged.len() >= 30, "{} runs judged", judged.len());
    for (path, j) in &judged {
        if j.session == SessionKind::Fartlek && !j.evidence.workout_by_surges {
            let (_, _, high) = j.zones.shares();
            assert!(high < 50.0, "{path}: {}", j.reason);
        }
    }
    assert!(
        judged
            .iter()
            .any(|(_, j)| j.session == SessionKind::Tempo && j.zones.shares().2 >= 50.0),
        "no tempo of half high or more in the corpus"
    );
}

/// A set of reps names a session only with the 3 minutes high that make reps a workout; a run made
/// hard by its surges (HR lagging on short efforts) says so, with the surges it counted — not "3
/// reps, 2 % of the time high" (a Garmin Connect "casual stroll" judged alone once read that way).
#[test]
fn a_hard_run_named_by_its_reps_had_the_high_time_reps_need() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let (mut by_reps, mut by_surges) = (0, 0);
    for (path, j) in &judged_alone(&real) {
        if j.class != RunClass::Hard
            || !matches!(j.session, SessionKind::Intervals | SessionKind::Hills)
        {
            continue;
        }
        if j.evidence.workout_by_surges {
            by_surges += 1;
            assert!(
                j.reason
                    .to_string()
                    .contains(&format!("{} surges of", j.evidence.surges.count)),
                "{path}: {}",
                j.reason
            );
        } else {
            by_reps += 1;
            assert!(
                j.zones.high_s >= REPS_MIN_HIGH_S && j.reason.to_string().contains(" reps, "),
                "{path}: {} ({:.0} s high)",
                j.reason,
                j.zones.high_s
            );
        }
    }
    // Runs named by their reps abound in the corpus: the check above is not empty. (A run made
    // hard by surges alone is rarer: `hard_cases` has one, and checks its reason too.) Judged
    // alone, a run with walk breaks sets its easy pace by its running: two that read "3 reps,
    // 7 % high" and "5 reps, 18 % high" by the pace of a slower average are easy runs now.
    assert!(by_reps >= 3, "{by_reps} by reps, {by_surges} by surges");
}

/// Against the watch's own max HR, a run mostly out of the low zone is never "easy" — even judged
/// alone, where its pace is compared with itself ("at your easy pace") and says nothing (a
/// Forerunner 645 run, 78 % moderate or high at 82 % of max, read "easy run: 22 % of the time
/// low").
#[test]
fn a_run_mostly_above_low_against_a_firm_max_hr_is_not_easy() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let mut firm = 0;
    for (path, j) in &judged_alone(&real) {
        let by_watch = matches!(
            j.baseline.max_hr.provenance,
            Provenance::Watch(_) | Provenance::Given(_)
        );
        if !by_watch || j.zone_source != ZoneSource::Hr {
            continue;
        }
        firm += 1;
        let (low, _, _) = j.zones.shares();
        if low < 50.0 {
            assert!(
                !matches!(j.class, RunClass::Easy | RunClass::Recovery),
                "{path}: {}",
                j.reason
            );
        }
    }
    assert!(firm >= 5, "{firm} runs with the watch's max HR");
}

/// A real run that walks twice in its middle (a Garmin vivoactive HR's: 95 s with a stop in it,
/// then 3 minutes, the heart falling from 125 to 77) is judged by its running, the walks left out;
/// a real run whose strides end in jogs and a walk home (a Forerunner 110's, judged alone) keeps
/// its jogs as running and leaves the walk home out.
#[test]
fn real_walks_in_the_middle_and_home_are_left_out_and_stride_jogs_kept() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let one = |name: &str| {
        let path = real.join("fit").join(name);
        let rows = read_export(std::slice::from_ref(&path), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let row = judge(rows, &Profile::default())
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{name}: no row"));
        let s = row.summary.unwrap_or_else(|| panic!("{name}: no summary"));
        let j = row
            .judgement
            .unwrap_or_else(|| panic!("{name}: not judged"));
        (s, *j)
    };
    let (s, j) = one("saf__fit_format_test_File.FIT");
    let w = s.walks.unwrap_or_else(|| panic!("no walks: {}", j.reason));
    let between: Vec<f64> = w.between().map(|b| b.secs).collect();
    assert_eq!(between, [95.0, 190.0], "{w:?}");
    assert_eq!((w.start_s, w.end_s), (0.0, 0.0), "{w:?}");
    // The running: 5:24/km against the file's 6:00, the heart 6 beats higher.
    let pace = |p: Option<f64>| p.unwrap_or(f64::NAN);
    assert!((pace(s.pace_s_per_km()) - 360.0).abs() < 1.0);
    assert!(
        (pace(s.run_pace_s_per_km()) - 324.0).abs() < 2.0,
        "{:?}",
        s.run_pace_s_per_km()
    );
    let hr_up = s.run_avg_hr().unwrap_or(0.0) - s.avg_hr.unwrap_or(f64::NAN);
    assert!((4.0..8.0).contains(&hr_up), "{hr_up}");
    assert!(
        j.reason
            .to_string()
            .contains(" min walking in the middle, left out)"),
        "{}",
        j.reason
    );
    let (s, j) = one("fitparse__2013-02-06-12-11-14.fit");
    let w = s
        .walks
        .unwrap_or_else(|| panic!("no walk home: {}", j.reason));
    assert_eq!(w.between().count(), 0, "{w:?}");
    assert_eq!((w.start_s, w.end_s), (0.0, 145.0), "{w:?}");
    assert!(
        j.reason
            .to_string()
            .contains("(and a 2-min walk after it, left out)"),
        "{}",
        j.reason
    );
}

/// Every hard run of the corpus, judged alone, names the clause of the workout rule it met (gray
/// runs and accidental workouts have rules of one clause), and that clause's own figure holds for
/// it: `explain` prints it first, so a clause it names must be one the run met. A Forerunner 645
/// run, 11 % high and 78 % moderate or high at its own pace, is a tempo by being mostly moderate
/// or high (the newcomer read a 700-character rule to find that out).
#[test]
fn every_workout_names_the_clause_it_met() {
    use grayzone::judge::classify::HardBy;
    use grayzone::judge::rules::{
        GRAY_MAX_HR_FRACTION, MOSTLY_NOT_LOW, SHORT_REPS_MIN_BURSTS, STRUCTURE_MIN_SURGES,
        WORKOUT_MIN_HIGH_S,
    };
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut workoutizer = None;
    for (path, j) in &judged_alone(&real) {
        let by = j.evidence.hard_by;
        let one_clause = matches!(
            j.session,
            SessionKind::GrayZone | SessionKind::AccidentalWorkout
        );
        if j.class != RunClass::Hard || one_clause {
            assert_eq!(by, None, "{path}: {}", j.reason);
            continue;
        }
        let by = by.unwrap_or_else(|| panic!("{path}: hard with no clause: {}", j.reason));
        let (_, m, h) = j.zones.shares();
        let holds = match by {
            HardBy::AverageHr => {
                j.zones.zoned_s() <= 0.0 && j.hr_fraction.is_some_and(|f| f >= GRAY_MAX_HR_FRACTION)
            }
            HardBy::HighTime => j.zones.high_s >= WORKOUT_MIN_HIGH_S,
            HardBy::Reps => j.zones.high_s >= REPS_MIN_HIGH_S,
            HardBy::Surges => j.evidence.surges.count >= STRUCTURE_MIN_SURGES,
            HardBy::Block => j.evidence.paced_block.is_some(),
            HardBy::ShortRace => j.session == SessionKind::Race,
            HardBy::MostlyNotLow => m + h >= MOSTLY_NOT_LOW * 100.0,
            HardBy::ShortReps => j.evidence.short_reps >= SHORT_REPS_MIN_BURSTS,
        };
        assert!(holds, "{path}: {by:?} does not hold: {}", j.reason);
        seen.insert(format!("{by:?}"));
        if path.ends_with("workoutizer__run_with_coordinates.fit") {
            workoutizer = Some(by);
        }
    }
    assert_eq!(workoutizer, Some(HardBy::MostlyNotLow));
    assert!(seen.len() >= 3, "clauses met: {seen:?}");
}
