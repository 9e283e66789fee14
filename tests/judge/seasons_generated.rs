//! Classification on generated seasons the committed fixtures do not cover: other athletes (max
//! HR, resting HR, paces, UTC offsets incl. half-hour zones), hot days, long runs over 2 h, slow
//! HR kinetics, a half marathon, runs just after midnight, five times the device faults, GPX/TCX
//! mixes with duplicates, Garmin and Strava zips, a runner without a heart-rate sensor. A small, fast subset of
//! `cargo run --release --example validate`, scored with the auto baseline and with max HR given.
//!
//! Left out, because the classifier does not meet the targets there yet (see the validation
//! report): runners whose easy HR sits near 78 % of max, runners whose gray-zone pace is within a
//! few % of threshold, hilly routes, fast finishes, and exports where no file states its UTC
//! offset.

use crate::sweep;

use sweep::{CaseResult, Score};

/// Seasons of the sweep's first seed that the committed classifier meets the targets on (by
/// name; the names say athlete group, condition, plan and seed).
const SUBSET: [&str; 10] = [
    "preset/intermediate/GrayHeavy/s1",
    "preset/advanced/Polarized/s1",
    "athlete/1/Intermediate/s1",
    "athlete/5/Mixed/s1",
    "condition/hot_days/GrayHeavy/s1",
    "condition/after_midnight/Polarized/s1",
    "condition/faults_x5/Intermediate/s1",
    "condition/half_marathon/Advanced/s1",
    "condition/garmin_zip/Advanced/s1",
    "condition/no_hr_monitor/GrayHeavy/s1",
];

fn results() -> Vec<CaseResult> {
    let root = tempfile::tempdir().unwrap();
    let cases: Vec<sweep::Case> = sweep::cases(1)
        .into_iter()
        .filter(|c| SUBSET.contains(&c.name.as_str()))
        .collect();
    assert_eq!(cases.len(), SUBSET.len(), "a season of the subset is gone");
    cases
        .iter()
        .map(|c| sweep::run_case(c, root.path()).unwrap())
        .collect()
}

fn check(label: &str, total: &Score) {
    for m in &total.misses {
        eprintln!("{label}: {}", m.line());
    }
    eprintln!(
        "{label}: {} runs, class accuracy {:.3}, gray-zone F1 {:.3}, accidental {}/{}",
        total.runs(),
        total.accuracy(),
        total.gray_f1(),
        total.accidental_found,
        total.accidental_total
    );
    assert!(total.runs() >= 300, "{label}: only {} runs", total.runs());
    assert!(
        total.gray_tp + total.gray_fn >= 10,
        "{label}: too few gray-zone runs to score"
    );
    assert!(
        total.accuracy() >= 0.95,
        "{label}: class accuracy {:.3}\n{}",
        total.accuracy(),
        total.confusion_table()
    );
    assert!(
        total.gray_f1() >= 0.85,
        "{label}: gray-zone F1 {:.3}",
        total.gray_f1()
    );
    // Rides and walks are never judged as runs, whatever the file format or packaging.
    assert_eq!(total.cross_ok, total.cross_total, "{label}: cross-training");
}

#[test]
fn generated_seasons_meet_the_targets_with_auto_baseline_and_with_max_hr_given() {
    let results = results();
    let (mut auto, mut given) = (Score::default(), Score::default());
    for r in &results {
        auto.add(&r.auto);
        given.add(&r.given);
    }
    check("auto baseline", &auto);
    check("max HR given", &given);
    // With the true max HR the weekly time in zone follows the simulated truth: the low % of
    // at least 95 % of the weeks within 3 points.
    let off = given.weeks_off_by_more_than(3.0);
    assert!(
        off * 20 <= given.weeks.len(),
        "{off} of {} weeks over 3 points: {:?}",
        given.weeks.len(),
        given.weeks
    );
}

#[test]
fn the_sweep_labels_what_it_varies() {
    // The generator really produces the conditions the subset claims to cover.
    let cases = sweep::cases(1);
    let offsets: std::collections::BTreeSet<i32> =
        cases.iter().map(|c| c.athlete.utc_offset_s).collect();
    assert!(offsets.iter().any(|o| o % 3600 != 0), "half-hour zones");
    assert!(offsets.iter().any(|&o| o <= -30_000) && offsets.iter().any(|&o| o >= 30_000));
    let hot = cases
        .iter()
        .find(|c| c.name == "condition/hot_days/GrayHeavy/s1")
        .unwrap();
    let runs = testkit::season::season_with(
        &hot.athlete,
        hot.weeks,
        hot.kind,
        hot.start_monday,
        hot.seed,
        &hot.options,
    );
    let hot_runs = runs.iter().filter(|r| r.plan.conditions.heat > 0.0).count();
    assert!(
        hot_runs * 5 >= runs.len(),
        "{hot_runs} hot of {}",
        runs.len()
    );
    assert!(runs
        .iter()
        .all(|r| r.variation.contains("hot") == (r.plan.conditions.heat > 0.0)));
}

#[test]
fn a_season_recorded_every_minute_is_judged_as_well_as_one_recorded_every_few_seconds() {
    // A watch saving battery writes a record a minute. Its runs had no peak HR (three readings
    // had to lie within 30 s), so max HR came from nothing better than the early estimate; its
    // 10-second steps were mostly empty (read as stops: no run steady, no gray-zone run); and a
    // strap spike at the start stayed (twenty readings were asked of minutes 8–20 to tell it):
    // its easy run set max HR 10 bpm high, and the gray-zone runs read easy. A dev seed.
    let root = tempfile::tempdir().unwrap();
    let case = sweep::cases_from(3, 1)
        .into_iter()
        .find(|c| c.name == "condition/sparse_60s/GrayHeavy/s3")
        .expect("the sparse season is in the sweep");
    assert_eq!(case.options.record_every_s, Some(60));
    let r = sweep::run_case(&case, root.path()).unwrap();
    for m in &r.auto.misses {
        eprintln!("{}", m.line());
    }
    assert!(r.runs >= 80, "{} runs", r.runs);
    assert!(
        r.auto.accuracy() >= 0.98,
        "accuracy {:.3}",
        r.auto.accuracy()
    );
    assert!(
        r.auto.gray_tp >= 5,
        "{} gray-zone runs found",
        r.auto.gray_tp
    );
    assert!(
        r.auto.gray_f1() >= 0.9,
        "gray-zone F1 {:.3}",
        r.auto.gray_f1()
    );
    let ratio = r.auto.max_hr_ratio.unwrap_or(0.0);
    assert!((0.95..=1.05).contains(&ratio), "max HR ×{ratio:.3}");
    // With the true max HR the weeks' time in zone follows the truth second by second: every
    // week within 5 points (a record a minute blurs the edges of each effort), most within 3.
    let off = r.given.weeks_off_by_more_than(3.0);
    assert!(
        off * 5 <= r.given.weeks.len() && r.given.worst_week_gap() <= 5.0,
        "{off} of {} weeks: {:?}",
        r.given.weeks.len(),
        r.given.weeks
    );
}

/// The sweep's season `name` of the seed `seed`, run, its misses printed.
fn season(name: &str, seed: u64) -> CaseResult {
    let root = tempfile::tempdir().unwrap();
    let case = sweep::cases_from(seed, 1)
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the sweep"));
    let r = sweep::run_case(&case, root.path()).unwrap();
    for m in &r.auto.misses {
        eprintln!("{}", m.line());
    }
    r
}

#[test]
fn a_season_that_walks_home_after_every_run_is_judged_by_its_running() {
    // Every run ends with 2–8 minutes of walking before the watch is stopped. Judged with the
    // walk, its gray-zone runs read as tempo runs or easy (the walk broke the steady effort and
    // slowed the pace), its accidental workouts as fartleks (their push no longer lasted to the
    // end) and easy runs as recovery: accidental workouts 0 of 14 found. A dev seed.
    let r = season("condition/cooldown_walk/GrayHeavy/s1", 1);
    assert!(r.runs >= 60, "{} runs", r.runs);
    assert!(
        r.auto.accuracy() >= 0.98,
        "accuracy {:.3}",
        r.auto.accuracy()
    );
    assert!(
        r.auto.gray_tp >= 5 && r.auto.gray_f1() >= 0.9,
        "{} gray-zone runs found, F1 {:.3}",
        r.auto.gray_tp,
        r.auto.gray_f1()
    );
    assert!(
        r.auto.accidental_total >= 10
            && r.auto.accidental_found * 10 >= r.auto.accidental_total * 9,
        "accidental workouts {}/{}",
        r.auto.accidental_found,
        r.auto.accidental_total
    );
    // The week counts the walk as the file's moving time does: with the true max HR every
    // week's low % within 5 points of the truth, which counts every moving second.
    assert!(r.given.worst_week_gap() <= 5.0, "{:?}", r.given.weeks);
}

#[test]
fn a_season_that_walks_in_the_middle_of_its_runs_is_judged_by_its_running() {
    // Every steady run walks 2–7 minutes in its middle (a stitch, a call, a friend met). Judged
    // with the walk, its gray-zone run read as a tempo run (the heart fell and climbed back: no
    // steady effort) and easy runs as recovery: accuracy 0.962 on this dev seed.
    let r = season("condition/mid_walk/Intermediate/s2", 2);
    assert!(r.runs >= 45, "{} runs", r.runs);
    assert!(
        r.auto.accuracy() >= 0.99,
        "accuracy {:.3}",
        r.auto.accuracy()
    );
    assert!(
        r.auto.gray_tp >= 1 && r.auto.gray_f1() >= 0.99,
        "{} gray-zone runs found, F1 {:.3}",
        r.auto.gray_tp,
        r.auto.gray_f1()
    );
    // The week counts the walk as the file's moving time does.
    assert!(r.given.worst_week_gap() <= 5.0, "{:?}", r.given.weeks);
}

#[test]
fn a_season_that_stands_still_between_its_short_reps_is_judged_hard_on_those_days() {
    // Every interval, short-rep and track session stands still in its recoveries. A minute
    // standing brings the heart so low that a 30-40 s rep is over before it leaves the low zone,
    // and the 10-second step holding the start from standing is no rep pace: 4 of this dev
    // seed's 15 short-rep sessions read easy (accuracy 0.955).
    let r = season("condition/standing_rests/Intermediate/s1", 1);
    assert!(r.runs >= 80, "{} runs", r.runs);
    let reps_read_easy = r
        .auto
        .misses
        .iter()
        .filter(|m| m.intent.starts_with("short_reps") && m.what.starts_with("hard→"))
        .count();
    assert!(
        reps_read_easy <= 1,
        "{reps_read_easy} short-rep sessions not hard"
    );
    assert!(
        r.auto.accuracy() >= 0.985,
        "accuracy {:.3}",
        r.auto.accuracy()
    );
}
