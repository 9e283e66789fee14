//! Judging every run: recovery, easy or hard; gray-zone runs; accidental workouts; the recovery
//! rules of COACHING_RULES.md. Each run is judged against the baseline valid at its date.
//!
//! The rules, in the order they are applied (figures are the defaults):
//! - **gray zone** (class hard): moderate for at least half the zoned time, high under a quarter,
//!   and no repetitions: steady, unstructured, too hard for easy and too easy for a workout;
//! - **workout** (class hard): at least 5 minutes (and 8 % of the run) in the high zone: intervals,
//!   tempo, race, hills or fartlek;
//! - **accidental workout** (class hard): starts easy, then at least 10 minutes (and 20 % of the
//!   run) moderate or high with the pace picking up, lasting to the end — or, the day after a hard
//!   session, any run that is not easy;
//! - otherwise the run is low intensity: **recovery** when it is slow against the usual easy pace
//!   (≥ 25 s/km slower, the lower edge of the 37–56 s/km rule with a margin for GPS), calm (average
//!   HR ≤ 74 % of max, the top of the 60–70 % rule with margin for lag and drift) and at most
//!   60 minutes (the advanced runners' limit); else **easy** (long runs included).

use rayon::prelude::*;
use statrs::statistics::Statistics;

use crate::baseline::{self, Baseline, RunFacts};
use crate::profile::Profile;
use crate::row::ActivityRow;
use crate::summary::Summary;
use crate::timezone::local_day;
use crate::zones::{self, RunZones, Thresholds, Zone, ZoneSource, ZoneTotals};

const MIN: f64 = 60.0;
pub const GRAY_MIN_MODERATE: f64 = 0.50;
pub const GRAY_MAX_HIGH: f64 = 0.25;
/// A gray-zone run is run faster than the usual easy pace by at least this much…
pub const GRAY_MIN_FASTER_S_PER_KM: f64 = 10.0;
/// …unless its average HR alone is clearly moderate.
const GRAY_CLEAR_HR_FRACTION: f64 = 0.83;
/// A gray-zone run never holds threshold pace (98.5 % of threshold speed, within the estimate's
/// error) for 10 minutes…
const GRAY_MAX_THRESHOLD_SPEED: f64 = 0.985;
/// …nor ten unbroken minutes of high-zone HR…
pub const SUSTAINED_HIGH_S: f64 = 10.0 * MIN;
/// A tempo block: 12 unbroken minutes high.
pub const TEMPO_MIN_S: f64 = 12.0 * MIN;
/// A long race (half marathon and up) is run this much faster than the usual easy pace.
const RACE_MIN_FASTER_S_PER_KM: f64 = 25.0;
/// …nor averages threshold HR.
pub const GRAY_MAX_HR_FRACTION: f64 = 0.90;
/// Share of the run moderate or high for a steady run with pace to be gray.
pub const GRAY_MIN_NOT_LOW: f64 = 0.6;
pub const WORKOUT_MIN_HIGH_S: f64 = 5.0 * MIN;
pub const WORKOUT_MIN_HIGH_SHARE: f64 = 0.08;
pub const ACCIDENTAL_MIN_S: f64 = 3.0 * MIN;
/// A run "starts easy" when its first `START_TENTHS` tenths (30 %) are at least this share low:
/// long enough to be the run's intent, short enough to leave room for the drift.
pub const START_MIN_LOW_SHARE: f64 = 0.75;
pub const START_TENTHS: usize = 3;
/// …and its late push is run at least this much faster (1.05 = 5 %) than that start, when pace is
/// known: HR drifting up at an even pace is not a push.
pub const PUSH_MIN_SPEEDUP: f64 = 1.05;
/// A repetition: at least 30 s of high effort (shorter bursts are strides).
pub const REP_MIN_S: f64 = 30.0;
/// "The day after" a hard session: the same or the next local day.
pub const DAY_AFTER_MAX_DAYS: i64 = 1;
pub const DAY_AFTER_MIN_HARD_SHARE: f64 = 0.30;
pub const DAY_AFTER_MIN_FASTER_S_PER_KM: f64 = 10.0;
pub const REPS_FOR_INTERVALS: usize = 3;
/// Clear repetitions make a workout with less high time than a steady effort needs (HR lags on
/// short reps): 3 minutes.
pub const REPS_MIN_HIGH_S: f64 = 3.0 * MIN;
/// A run this much (share of zoned time) moderate or high is never easy.
pub const MOSTLY_NOT_LOW: f64 = 0.5;
const STEADY_MAX_SPEED_CV: f64 = 0.12;
const STEADY_MAX_HR_SWING: f64 = 4.5;
pub const RECOVERY_MIN_SLOWER_S_PER_KM: f64 = 25.0;
pub const RECOVERY_MAX_HR_FRACTION: f64 = 0.74;
pub const RECOVERY_MAX_S: f64 = 60.0 * MIN;
/// Without pace (or on a trail), HR alone says "recovery" at the rule's own 70 % of max…
const RECOVERY_HR_ONLY_FRACTION: f64 = 0.70;
/// …or 8 bpm under the runner's usual easy-day HR.
const RECOVERY_HR_BELOW_EASY_BPM: f64 = 8.0;
/// Strides (3+ short bursts at 5K pace or faster) make an easy run, not a recovery run.
const STRIDES_MIN_BURSTS: usize = 3;
/// 5K pace is about 5 % faster than threshold pace.
const STRIDE_SPEED_OF_THRESHOLD: f64 = 1.05;
/// A recovery run is shorter than the runner's normal easy runs (10 % grace).
const BASE_RUN_TOLERANCE: f64 = 1.1;
/// A slow run longer than this the day after a hard session was meant as recovery but went long.
pub const RECOVERY_TOO_LONG_MAX_S: f64 = 90.0 * MIN;
/// "Recovery-sized" run the day after a hard session (beginner to intermediate durations).
pub const RECOVERY_SIZED_S: f64 = 45.0 * MIN;
/// A long run lasts 90 minutes or more…
pub const LONG_RUN_MIN_S: f64 = 90.0 * MIN;
/// …and at least this many times the runner's normal easy run, so a runner whose every run is
/// long does not have only long runs.
pub const LONG_RUN_BASE_MULTIPLE: f64 = 1.5;
/// A race is run at least this share of the time moderate or high (a steady all-out effort).
pub const RACE_MIN_NOT_LOW: f64 = 0.8;
/// Threshold pace held this long is threshold work, not gray: long enough that GPS noise and a
/// downhill cannot fake it.
pub const THRESHOLD_WINDOW_S: f64 = 10.0 * MIN;
pub const LONG_RACE_M: f64 = 20_500.0;
pub const DAYS_OFF_AFTER_LONG_RACE: i64 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RunClass {
    Recovery,
    Easy,
    Hard,
}

impl RunClass {
    pub fn name(self) -> &'static str {
        match self {
            RunClass::Recovery => "recovery",
            RunClass::Easy => "easy",
            RunClass::Hard => "hard",
        }
    }
}

/// What kind of session a run was, in a coach's words (for reasons and next-day context).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Recovery,
    Easy,
    LongRun,
    GrayZone,
    Intervals,
    Hills,
    Tempo,
    Race,
    Fartlek,
    AccidentalWorkout,
}

impl SessionKind {
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Recovery => "recovery run",
            SessionKind::Easy => "easy run",
            SessionKind::LongRun => "long run",
            SessionKind::GrayZone => "gray-zone run",
            SessionKind::Intervals => "intervals",
            SessionKind::Hills => "hill repeats",
            SessionKind::Tempo => "tempo run",
            SessionKind::Race => "race effort",
            SessionKind::Fartlek => "fartlek",
            SessionKind::AccidentalWorkout => "accidental workout",
        }
    }

    /// Sessions after which the next day should be easy or recovery (COACHING_RULES: intervals,
    /// tempo or race-pace work, hills, long run).
    pub fn is_hard_session(self) -> bool {
        !matches!(self, SessionKind::Recovery | SessionKind::Easy)
    }
}

/// The verdict on one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub class: RunClass,
    pub gray_zone: bool,
    pub session: SessionKind,
    /// Codes, in a fixed order (see README).
    pub flags: Vec<&'static str>,
    pub reason: String,
    pub zones: ZoneTotals,
    pub zone_source: ZoneSource,
    pub baseline: Baseline,
    pub thresholds: Thresholds,
    /// Average HR as a share of max HR (0–1), when HR is usable.
    pub hr_fraction: Option<f64>,
    /// Seconds per km slower (+) or faster (−) than the usual easy pace.
    pub pace_vs_easy_s_per_km: Option<f64>,
    /// Repetitions of ≥ 30 s in the high zone.
    pub reps: usize,
}

/// Shape of a run's intensity, from its zone buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Shape {
    reps: usize,
    longest_high_s: f64,
    /// Share of low time over the first 30 % of the run.
    start_low_share: f64,
    /// Longest moderate-or-high stretch that lasts into the last 10 % of the run, in seconds, and
    /// where it starts (bucket index).
    late_push_s: f64,
    late_push_start: usize,
    /// Speed in the late push vs the first 30 % (1.05 = 5 % faster), when pace is known.
    push_speedup: Option<f64>,
    /// Steady effort after the first minutes: no surges and recoveries (see [`steadiness`]).
    steady: bool,
    /// Share of the run's climb made during the repetitions (hill repeats climb in their reps).
    climb_in_reps: f64,
    /// Best average speed over 10 minutes of moving time (m/s), when pace is known.
    best_10min_speed: Option<f64>,
    /// Separate bursts at high-zone pace (strides, surges).
    bursts: usize,
    /// Longest unbroken stretch of high-zone HR (lagged, without the pace override), seconds.
    longest_hr_high_s: f64,
}

fn shape(z: &RunZones, summary: &Summary, t: &Thresholds) -> Shape {
    let n = z.buckets.len();
    if n == 0 {
        return Shape::default();
    }
    let mut s = Shape::default();
    let mut climb_in_reps = 0.0;
    // Repetitions: stretches of High, bridging single-bucket dips (a lagging HR sample).
    let mut i = 0;
    while i < n {
        if z.buckets[i] != Some(Zone::High) {
            i += 1;
            continue;
        }
        let mut secs = 0.0;
        let mut j = i;
        while j < n
            && (z.buckets[j] == Some(Zone::High)
                || (j + 1 < n && z.buckets[j + 1] == Some(Zone::High)))
        {
            secs += z.moving[j];
            j += 1;
        }
        if secs >= REP_MIN_S {
            s.reps += 1;
            climb_in_reps += z.ascent[i..j].iter().sum::<f64>();
        }
        s.longest_high_s = s.longest_high_s.max(secs);
        i = j.max(i + 1);
    }
    let total_climb: f64 = z.ascent.iter().sum();
    s.climb_in_reps = if total_climb >= 20.0 {
        climb_in_reps / total_climb
    } else {
        0.0
    };
    s.steady = steadiness(z);
    s.best_10min_speed = best_speed(summary, THRESHOLD_WINDOW_S);
    s.bursts = bursts(summary, STRIDE_SPEED_OF_THRESHOLD * t.threshold_speed);
    s.longest_hr_high_s = longest_stretch(z, |i| z.hrs[i].is_some_and(|h| h >= t.hr_high_start));
    let head = (n * START_TENTHS).div_ceil(10).max(1);
    let (low_head, all_head) = z.buckets[..head]
        .iter()
        .zip(&z.moving[..head])
        .fold((0.0, 0.0), |(l, a), (zone, m)| {
            (l + if *zone == Some(Zone::Low) { *m } else { 0.0 }, a + m)
        });
    s.start_low_share = if all_head > 0.0 {
        low_head / all_head
    } else {
        0.0
    };
    // The late push: walk back from the end while the effort is moderate or high (bridging one
    // easy bucket), and see if it reaches into the last 10 %.
    let tail_start = n - (n / 10).max(1);
    let mut j = n;
    let mut secs = 0.0;
    while j > 0 {
        let hard = |k: usize| matches!(z.buckets[k], Some(Zone::Moderate | Zone::High));
        if hard(j - 1) || (j >= 2 && hard(j - 2) && j < n) {
            secs += z.moving[j - 1];
            j -= 1;
        } else {
            break;
        }
    }
    if j <= tail_start && secs > 0.0 {
        s.late_push_s = secs;
        s.late_push_start = j;
    } else {
        // No push that lasts to the end: look for the longest sustained moderate/high stretch that
        // ends in the last 10 % (a fast finish with a short walk at the end still counts).
        s.late_push_s = 0.0;
    }
    if s.late_push_s > 0.0 {
        let moving_series: Vec<&crate::summary::Bucket> =
            summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
        let speed_of = |range: std::ops::Range<usize>| -> Option<f64> {
            let (d, m) = moving_series
                .get(range)?
                .iter()
                .fold((0.0, 0.0), |(d, m), b| {
                    (d + b.distance_m as f64, m + b.moving_s as f64)
                });
            (d > 0.0 && m > 0.0).then(|| d / m)
        };
        if let (Some(early), Some(late)) = (
            speed_of(0..head.min(s.late_push_start)),
            speed_of(s.late_push_start..n),
        ) {
            s.push_speedup = Some(late / early);
        }
    }
    s
}

/// Longest run of buckets where `hit` holds, bridging single-bucket dips (a noisy sample).
fn longest_stretch(z: &RunZones, hit: impl Fn(usize) -> bool) -> f64 {
    let n = z.buckets.len();
    let (mut best, mut current, mut misses) = (0.0f64, 0.0f64, 0usize);
    for i in 0..n {
        if hit(i) {
            current += z.moving[i];
            misses = 0;
        } else {
            misses += 1;
            if misses > 1 {
                current = 0.0;
            }
        }
        best = best.max(current);
    }
    best
}

/// Bursts of 20 s or more at or above `fast` (m/s), 30 s or more apart: strides and surges. Judged
/// on 20-second speeds, because one 10-second GPS speed can be 40 % off.
fn bursts(summary: &Summary, fast: f64) -> usize {
    if summary.distance_source == crate::summary::DistanceSource::None {
        return 0;
    }
    let moving: Vec<&crate::summary::Bucket> =
        summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
    let mut count = 0;
    let mut since_last = f64::INFINITY;
    let mut in_burst = false;
    for pair in moving.windows(2) {
        let (d, m) = pair.iter().fold((0.0f64, 0.0f64), |(d, m), b| {
            (d + b.distance_m as f64, m + b.moving_s as f64)
        });
        let quick = m > 0.0 && d / m >= fast;
        if quick && !in_burst && since_last >= 30.0 {
            count += 1;
        }
        if quick {
            since_last = 0.0;
        } else {
            since_last += pair[0].moving_s as f64;
        }
        in_burst = quick;
    }
    count
}

/// Best average speed over `span_s` of moving time, from the summary's buckets.
fn best_speed(summary: &Summary, span_s: f64) -> Option<f64> {
    if summary.distance_source == crate::summary::DistanceSource::None {
        return None;
    }
    let moving: Vec<&crate::summary::Bucket> =
        summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
    let (mut d, mut m, mut lo) = (0.0f64, 0.0f64, 0usize);
    let mut best: Option<f64> = None;
    for b in &moving {
        d += b.distance_m as f64;
        m += b.moving_s as f64;
        while lo < moving.len() && m - moving[lo].moving_s as f64 >= span_s {
            d -= moving[lo].distance_m as f64;
            m -= moving[lo].moving_s as f64;
            lo += 1;
        }
        if m >= span_s * 0.95 && d > 0.0 {
            best = Some(best.map_or(d / m, |x: f64| x.max(d / m)));
        }
    }
    best
}

/// Whether a run was one steady effort, after the first 5 minutes (warm-up, HR settling): the
/// 30-second pace varies by less than 12 % (coefficient of variation; intervals and fartlek swing by
/// 25 % or more), and HR a minute apart differs by less than 4.5 bpm on average (slow drift is
/// steady; surges and their recoveries are not, and HR shows them even when GPS blurs the pace).
/// Each test applies when the run has that data.
fn steadiness(z: &RunZones) -> bool {
    let n = z.buckets.len();
    let skip = ((5.0 * MIN / crate::summary::BUCKET_S) as usize).min(n / 4);
    let end = n - n / 20;
    if end <= skip + 6 {
        return true;
    }
    let speeds: Vec<f64> = z.speeds[skip..end].iter().flatten().copied().collect();
    let pace_steady = speeds.len() * 2 < end - skip || {
        let (mean, sd) = (speeds.iter().mean(), speeds.iter().population_std_dev());
        mean > 0.0 && sd / mean < STEADY_MAX_SPEED_CV
    };
    let hrs = &z.hrs[skip..end];
    let step = (MIN / crate::summary::BUCKET_S) as usize;
    let changes: Vec<f64> = hrs
        .iter()
        .zip(hrs.iter().skip(step))
        .filter_map(|(a, b)| Some(b.as_ref()? - a.as_ref()?))
        .collect();
    // Swings, not trends: a steady rise (settling in, drift) moves HR one way; surges and their
    // recoveries move it up and down. The mean absolute change less the mean change keeps only
    // the back-and-forth.
    let swing = changes.iter().map(|c| c.abs()).mean() - changes.iter().mean().abs();
    let hr_steady = changes.len() * 2 < end - skip || swing < STEADY_MAX_HR_SWING;
    pace_steady && hr_steady
}

/// Judges all ok runs in `rows` (sorted by start time) and stores the verdicts in them.
pub fn judge(rows: &mut [ActivityRow], profile: &Profile) {
    let run_idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].is_run()).collect();
    let facts: Vec<RunFacts> = run_idx
        .iter()
        .filter_map(|&i| rows[i].summary.as_ref().map(RunFacts::from_summary))
        .collect();
    let timeline = baseline::timeline(&facts, profile);
    // Per-run work (zones, shape) in parallel; the context pass below is in date order.
    // Only the totals outlive this map: the bucket detail of thousands of runs would be most of
    // the memory of a big export.
    let measured: Vec<Option<(ZoneTotals, Shape, Thresholds)>> = run_idx
        .par_iter()
        .zip(timeline.par_iter())
        .map(|(&i, b)| {
            let s = rows[i].summary.as_ref()?;
            let t = Thresholds::new(b, profile);
            let z = zones::zones(s, &t);
            let sh = shape(&z, s, &t);
            Some((z.totals(), sh, t))
        })
        .collect();
    let mut last_hard_day: Option<(i64, SessionKind)> = None;
    let mut last_long_race_day: Option<i64> = None;
    for ((&i, b), m) in run_idx.iter().zip(timeline).zip(measured) {
        let Some((z, sh, t)) = m else { continue };
        let row = &rows[i];
        let Some(s) = row.summary.as_ref() else {
            continue;
        };
        let day = local_day(s.start_time, row.utc_offset_s);
        // "Within about 24 h": the next calendar day, or later the same day (a double).
        let day_after_hard = last_hard_day
            .filter(|(d, _)| (0..=DAY_AFTER_MAX_DAYS).contains(&(day - d)))
            .map(|(_, kind)| kind);
        let after_long_race =
            last_long_race_day.is_some_and(|d| day > d && day - d <= DAYS_OFF_AFTER_LONG_RACE);
        let j = decide(s, z, sh, b, t, day_after_hard, after_long_race);
        if j.session.is_hard_session() {
            last_hard_day = Some((day, j.session));
        }
        if j.session == SessionKind::Race && s.distance_m >= LONG_RACE_M {
            last_long_race_day = Some(day);
        }
        rows[i].judgement = Some(j);
    }
}

fn decide(
    s: &Summary,
    z: ZoneTotals,
    sh: Shape,
    b: Baseline,
    t: Thresholds,
    day_after_hard: Option<SessionKind>,
    after_long_race: bool,
) -> Judgement {
    let moving = s.moving_time_s.max(z.zoned_s());
    let zoned = z.zoned_s();
    let (low_pct, mod_pct, high_pct) = z.shares();
    let (f_mod, f_high) = (mod_pct / 100.0, high_pct / 100.0);
    let hr_fraction = s
        .avg_hr
        .filter(|_| zones::hr_usable(s))
        .map(|h| h / b.max_hr.value);
    let pace_vs_easy = s
        .pace_s_per_km()
        .filter(|_| s.distance_source != crate::summary::DistanceSource::None)
        .map(|p| p - b.easy_pace_s_per_km());
    // Repetitions make a session structured only if the effort really swings: a steady run whose
    // HR hovers at the high-zone boundary crosses it many times without a single rep.
    let structured = sh.reps >= REPS_FOR_INTERVALS && !sh.steady;
    let base = b.base_run_s.unwrap_or(45.0 * MIN);
    let long = moving >= LONG_RUN_MIN_S.max(LONG_RUN_BASE_MULTIPLE * base);
    let threshold_speed = b.threshold_speed.value;
    // Ten minutes at threshold pace, or ten unbroken minutes of high-zone HR, is threshold work or
    // racing, not gray. HR decides first (gray-zone runs sit at 80–87 % of max, tempo at 88 % and
    // up); pace only where it is unmistakable, because a threshold-pace estimate is a few % loose.
    let at_threshold_pace = sh
        .best_10min_speed
        .is_some_and(|v| v >= GRAY_MAX_THRESHOLD_SPEED * threshold_speed);
    let sustained_high_hr = sh.longest_hr_high_s >= SUSTAINED_HIGH_S;
    let race_like = zoned > 0.0
        && s.distance_m >= 4_900.0
        && !structured
        && f_mod + f_high >= RACE_MIN_NOT_LOW
        && match sh.best_10min_speed {
            Some(_) => {
                at_threshold_pace && (sustained_high_hr || z.source != Some(ZoneSource::Hr))
                    || (s.distance_m >= LONG_RACE_M
                        && pace_vs_easy.is_some_and(|d| d <= -RACE_MIN_FASTER_S_PER_KM))
            }
            None => f_high >= 0.6,
        };

    let mut flags: Vec<&'static str> = Vec::new();
    // Gray zone: one steady, unstructured, moderate effort. By HR alone it would hinge on max HR
    // to a few beats (gray-zone runs sit next to the 88 % boundary), so when the run has pace the
    // legs decide too: faster than the usual easy pace, short of threshold.
    let pace_known = pace_vs_easy.is_some() && sh.best_10min_speed.is_some();
    let gray = if pace_known && z.source == Some(ZoneSource::Hr) {
        sh.steady
            && f_mod + f_high >= GRAY_MIN_NOT_LOW
            && f_mod >= f_high
            && pace_vs_easy.is_some_and(|d| d <= -GRAY_MIN_FASTER_S_PER_KM)
            && !at_threshold_pace
            && !sustained_high_hr
            && !race_like
            && hr_fraction.is_none_or(|f| f < GRAY_MAX_HR_FRACTION)
            && !structured
    } else {
        zoned > 0.0
            && f_mod >= GRAY_MIN_MODERATE
            && f_high < GRAY_MAX_HIGH
            && sh.steady
            && !race_like
    };
    let pace_agrees = pace_vs_easy.is_none_or(|d| d <= -GRAY_MIN_FASTER_S_PER_KM)
        || hr_fraction.is_some_and(|f| f >= GRAY_CLEAR_HR_FRACTION);
    // Mostly not low, yet neither steady-moderate nor a clear workout (a progression, a run on
    // the high-zone boundary): never easy.
    let mostly_not_low = zoned > 0.0 && f_mod + f_high >= MOSTLY_NOT_LOW;
    let workout = !gray
        && (z.high_s >= WORKOUT_MIN_HIGH_S.max(WORKOUT_MIN_HIGH_SHARE * moving)
            || structured && z.high_s >= REPS_MIN_HIGH_S);
    let pushes = sh.start_low_share >= START_MIN_LOW_SHARE
        && sh.late_push_s >= ACCIDENTAL_MIN_S
        && sh.push_speedup.is_none_or(|x| x >= PUSH_MIN_SPEEDUP);
    // Gray runs climb into the moderate zone as they settle in: they are gray, not drifting.
    let drifted_up = pushes && !structured && !gray;
    // The day after a hard session, a run that is not easy is an accidental workout — but only when
    // the legs say so too (faster than the usual easy pace): HR drifting up on a long easy run the day
    // after a tempo (Saturday's long run after Friday's tempo) is not one.
    // A gray-zone run is steady from the start: it is flagged gray, not as a run that drifted. A
    // planned workout (reps, a tempo block, a race) the day after a long run is a training plan's
    // normal Monday, not an accident.
    let not_easy_day_after = day_after_hard.is_some()
        && !structured
        && !gray
        && !sustained_high_hr
        && !race_like
        && f_mod + f_high >= DAY_AFTER_MIN_HARD_SHARE
        && pace_vs_easy.is_some_and(|d| d <= -DAY_AFTER_MIN_FASTER_S_PER_KM);

    let (class, session) = if gray {
        (RunClass::Hard, SessionKind::GrayZone)
    } else if workout {
        let kind = if race_like {
            SessionKind::Race
        } else if drifted_up {
            SessionKind::AccidentalWorkout
        } else if sustained_high_hr && sh.longest_high_s >= TEMPO_MIN_S {
            // One long block at threshold (crossing the boundary a few times on the way is not
            // a set of reps).
            SessionKind::Tempo
        } else if structured && sh.climb_in_reps >= 0.5 {
            SessionKind::Hills
        } else if structured {
            SessionKind::Intervals
        } else if sh.longest_high_s >= TEMPO_MIN_S {
            SessionKind::Tempo
        } else {
            SessionKind::Fartlek
        };
        (RunClass::Hard, kind)
    } else if drifted_up || not_easy_day_after {
        (RunClass::Hard, SessionKind::AccidentalWorkout)
    } else if mostly_not_low && pace_agrees {
        let kind = if race_like {
            SessionKind::Race
        } else {
            SessionKind::Tempo
        };
        (RunClass::Hard, kind)
    } else {
        low_intensity_class(
            s,
            &sh,
            &b,
            moving,
            hr_fraction,
            pace_vs_easy,
            day_after_hard,
            long,
            &mut flags,
        )
    };
    if class == RunClass::Hard && (drifted_up || not_easy_day_after) {
        flags.insert(0, "accidental_workout");
    }
    if after_long_race {
        flags.push("too_soon_after_race");
    }
    let zone_source = z.source.unwrap_or(ZoneSource::None);
    if zone_source != ZoneSource::Hr {
        flags.push("pace_only");
    }
    if s.hr_cleaning.changed() {
        flags.push("hr_cleaned");
    }
    let reason = reason(&ReasonFacts {
        session,
        moving,
        low_pct,
        mod_pct,
        high_pct,
        hr_fraction,
        pace_vs_easy,
        easy_pace: b.easy_pace_s_per_km(),
        reps: sh.reps,
        late_push_s: sh.late_push_s,
        day_after_hard,
        flags: &flags,
        zone_source,
    });
    Judgement {
        class,
        gray_zone: session == SessionKind::GrayZone,
        session,
        flags,
        reason,
        zones: z,
        zone_source,
        baseline: b,
        thresholds: t,
        hr_fraction,
        pace_vs_easy_s_per_km: pace_vs_easy,
        reps: sh.reps,
    }
}

/// Recovery or easy, and the recovery rules a run broke. A recovery run is slow against the usual
/// easy pace, calm, short, shorter than the runner's normal easy runs, and has no strides in it.
#[allow(clippy::too_many_arguments)]
fn low_intensity_class(
    s: &Summary,
    sh: &Shape,
    b: &Baseline,
    moving: f64,
    hr_fraction: Option<f64>,
    pace_vs_easy: Option<f64>,
    day_after_hard: Option<SessionKind>,
    long: bool,
    flags: &mut Vec<&'static str>,
) -> (RunClass, SessionKind) {
    // On trails pace says more about the terrain than the effort: there, and without pace, judge
    // by HR alone at the rule's own 70 % (or clearly below the runner's usual easy HR).
    let trail = s.sport == crate::activity::Sport::TrailRunning;
    let hr_says_slow = hr_fraction.is_some_and(|f| f <= RECOVERY_HR_ONLY_FRACTION)
        || matches!((s.avg_hr, b.easy_hr), (Some(h), Some(e)) if h <= e - RECOVERY_HR_BELOW_EASY_BPM);
    let slow = match pace_vs_easy {
        Some(d) if !trail => d >= RECOVERY_MIN_SLOWER_S_PER_KM,
        _ => hr_says_slow,
    };
    // Calm: within the rule's band (with margin), or no harder than the runner's own easy days.
    let calm = hr_fraction.is_none_or(|f| f <= RECOVERY_MAX_HR_FRACTION)
        || matches!((s.avg_hr, b.easy_hr), (Some(h), Some(e)) if h <= e);
    let strides = sh.bursts >= STRIDES_MIN_BURSTS;
    let longer_than_base = b
        .base_run_s
        .is_some_and(|base| moving > base * BASE_RUN_TOLERANCE);
    let easy_kind = if long {
        SessionKind::LongRun
    } else {
        SessionKind::Easy
    };
    let recovery_like = slow && calm && !strides;
    if recovery_like && moving <= RECOVERY_MAX_S && !longer_than_base {
        return (RunClass::Recovery, SessionKind::Recovery);
    }
    if recovery_like && !long {
        if moving <= RECOVERY_MAX_S {
            flags.push("recovery_longer_than_base_runs");
        } else if day_after_hard.is_some() && moving <= RECOVERY_TOO_LONG_MAX_S {
            flags.push("recovery_too_long");
        }
    } else if day_after_hard.is_some()
        && !recovery_like
        && moving <= RECOVERY_SIZED_S
        && !longer_than_base
    {
        flags.push("recovery_too_fast");
    }
    (RunClass::Easy, easy_kind)
}

struct ReasonFacts<'a> {
    session: SessionKind,
    moving: f64,
    low_pct: f64,
    mod_pct: f64,
    high_pct: f64,
    hr_fraction: Option<f64>,
    pace_vs_easy: Option<f64>,
    easy_pace: f64,
    reps: usize,
    late_push_s: f64,
    day_after_hard: Option<SessionKind>,
    flags: &'a [&'static str],
    zone_source: ZoneSource,
}

/// One sentence a runner understands, with the numbers behind the verdict.
fn reason(f: &ReasonFacts) -> String {
    let mut parts: Vec<String> = Vec::new();
    let judged = f.low_pct + f.mod_pct + f.high_pct > 0.0;
    let lead = match f.session {
        SessionKind::Easy | SessionKind::LongRun if !judged => {
            "no usable HR or pace to judge intensity: counted easy".to_string()
        }
        SessionKind::GrayZone => {
            format!("gray zone: {:.0} % of the time moderate, steady", f.mod_pct)
        }
        SessionKind::Intervals | SessionKind::Hills => {
            format!(
                "{}: {} reps, {:.0} % of the time high",
                f.session.name(),
                f.reps,
                f.high_pct
            )
        }
        SessionKind::Tempo | SessionKind::Race | SessionKind::Fartlek => {
            format!("{}: {:.0} % of the time high", f.session.name(), f.high_pct)
        }
        SessionKind::AccidentalWorkout => {
            if f.late_push_s > 0.0 {
                format!(
                    "accidental workout: started easy, then {:.0} min moderate to high",
                    f.late_push_s / MIN
                )
            } else {
                format!(
                    "accidental workout: {:.0} % of the time moderate or high",
                    f.mod_pct + f.high_pct
                )
            }
        }
        SessionKind::Recovery => "recovery".to_string(),
        SessionKind::Easy | SessionKind::LongRun => {
            format!("{}: {:.0} % of the time low", f.session.name(), f.low_pct)
        }
    };
    parts.push(lead);
    if let Some(h) = f.hr_fraction {
        parts.push(format!("avg HR {:.0} % of max", h * 100.0));
    }
    parts.push(format!("{:.0} min", f.moving / MIN));
    if let Some(d) = f.pace_vs_easy {
        let d = d.round();
        let easy = crate::report::clock(f.easy_pace);
        if d.abs() < 1.0 {
            parts.push(format!("at your easy pace ({easy}/km)"));
        } else if d > 0.0 {
            parts.push(format!(
                "{d:.0} s/km slower than your easy pace ({easy}/km)"
            ));
        } else {
            parts.push(format!(
                "{:.0} s/km faster than your easy pace ({easy}/km)",
                -d
            ));
        }
    }
    if let Some(kind) = f.day_after_hard {
        parts.push(format!("day after {}", kind.name()));
    }
    for flag in f.flags {
        let text = match *flag {
            "recovery_too_fast" => "too fast for the recovery run it should have been",
            "recovery_too_long" => "too long for a recovery run (over 60 min)",
            "recovery_longer_than_base_runs" => "longer than your usual easy runs",
            "too_soon_after_race" => "within 2 days of a half marathon or longer: rest first",
            _ => continue,
        };
        parts.push(text.to_string());
    }
    if f.zone_source == ZoneSource::Pace {
        parts.push("judged by pace (no usable HR)".to_string());
    }
    parts.join(", ")
}
