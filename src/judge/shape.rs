//! The shape of a run's effort, read from its zoned 10-second buckets: repetitions, the longest
//! high stretch, whether it was one steady effort, how it started and whether it pushed to the
//! end, the bursts of strides, the best 10 minutes. Classification reads verdicts off the shape.

use statrs::statistics::Statistics;

// Every figure below comes from the rules table.
use crate::judge::rules::*;
use crate::judge::zones::{RunZones, Thresholds, Zone};
use crate::summarize::summary::{Bucket, DistanceSource, Summary, BUCKET_S};

const MIN: f64 = 60.0;

/// Shape of a run's intensity, from its zone buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shape {
    pub reps: usize,
    pub longest_high_s: f64,
    /// Share of low time over the first 30 % of the run.
    pub start_low_share: f64,
    /// Longest moderate-or-high stretch that lasts into the last 10 % of the run, in seconds, and
    /// where it starts (bucket index).
    pub late_push_s: f64,
    pub late_push_start: usize,
    /// Speed in the late push vs the first 30 % (1.05 = 5 % faster), when pace is known.
    pub push_speedup: Option<f64>,
    /// Steady effort after the first minutes: no surges and recoveries (see [`steadiness`]).
    pub steady: bool,
    /// Share of the run's climb made during the repetitions (hill repeats climb in their reps).
    pub climb_in_reps: f64,
    /// Best average speed over 10 minutes of moving time (m/s), when pace is known.
    pub best_10min_speed: Option<f64>,
    /// Separate bursts at high-zone pace (strides, surges).
    pub bursts: usize,
    /// Longest unbroken stretch of high-zone HR (lagged, without the pace override), seconds.
    pub longest_hr_high_s: f64,
}

pub fn shape(z: &RunZones, summary: &Summary, t: &Thresholds) -> Shape {
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
    s.climb_in_reps = if total_climb >= HILLS_MIN_CLIMB_M {
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
        let moving_series: Vec<&Bucket> =
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
    if summary.distance_source == DistanceSource::None {
        return 0;
    }
    let moving: Vec<&Bucket> = summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
    let mut count = 0;
    let mut since_last = f64::INFINITY;
    let mut in_burst = false;
    for pair in moving.windows(2) {
        let (d, m) = pair.iter().fold((0.0f64, 0.0f64), |(d, m), b| {
            (d + b.distance_m as f64, m + b.moving_s as f64)
        });
        let quick = m > 0.0 && d / m >= fast;
        if quick && !in_burst && since_last >= BURST_MIN_GAP_S {
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
    if summary.distance_source == DistanceSource::None {
        return None;
    }
    let moving: Vec<&Bucket> = summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
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
    let skip = ((STEADY_SKIP_S / BUCKET_S) as usize).min(n / 4);
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
    let step = (MIN / BUCKET_S) as usize;
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
