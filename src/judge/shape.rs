//! The shape of a run's effort, read from its zoned 10-second buckets: repetitions, the longest
//! high stretch, whether it was one steady effort, how it started and whether it pushed to the
//! end, the bursts of strides, the best 10 minutes. Classification reads verdicts off the shape.

use statrs::statistics::Statistics;

// Every figure below comes from the rules table.
use crate::judge::rules::*;
use crate::judge::zones::{mean_speed, RunZones, Thresholds, Zone};
use crate::summarize::grade::effort_per_speed;
use crate::summarize::quantile::median;
use crate::summarize::summary::{Bucket, DistanceSource, Summary, BUCKET_S};
use crate::summarize::walks::{WalkBreaks, WALK_BREAK_MAX_MPS};

const MIN: f64 = 60.0;

/// Shape of a run's intensity, from its zone buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shape {
    pub reps: usize,
    pub longest_high_s: f64,
    /// The longest effort held from start to finish: the longest high effort, or a longer
    /// stretch that never eased back to the low zone and was mostly high (see [`held_hard`]).
    pub held: Block,
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
    /// Share of the run's climb made during the repetitions, when they climb at
    /// `HILLS_MIN_REP_GRADE` or steeper (hill repeats climb in their reps); else 0.
    pub climb_in_reps: f64,
    /// Best average grade-adjusted speed over 10 minutes of moving time (m/s), when pace is known:
    /// ten minutes down a long hill are not threshold work.
    pub best_10min_speed: Option<f64>,
    /// Best average grade-adjusted speed over 2 minutes (m/s), when pace is known: where an
    /// 800 m race shows.
    pub best_2min_speed: Option<f64>,
    /// Separate bursts at high-zone pace (strides, surges).
    pub bursts: usize,
    /// Longest unbroken stretch of high-zone HR (lagged, without the pace override), seconds.
    pub longest_hr_high_s: f64,
    /// Surges at threshold pace or faster with recoveries between them (see [`surges`]).
    pub surges: Surges,
    /// HR and speed of the first and last thirds of the moving time (cardiac drift).
    pub drift: Option<Drift>,
    /// Average grade-adjusted speed over the moving time (m/s), when pace is known.
    pub gap_speed: Option<f64>,
    /// High-zone HR on climbs at a low grade-adjusted pace, counted moderate (seconds).
    pub climb_capped_s: f64,
    /// A run-walk session's walk breaks: its pace is read over the running.
    pub walk_breaks: Option<WalkBreaks>,
    /// A block at marathon pace or faster with easy running on both sides (see [`paced_block`]).
    pub paced_block: Option<PacedBlock>,
}

/// A block of a run held at marathon pace or faster between easy running: its moving time, its
/// grade-adjusted speed, and the faster of the (grade-adjusted) speeds before and after it, which
/// the block outruns by [`PACED_BLOCK_OVER_AROUND`] or more.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PacedBlock {
    pub secs: f64,
    pub speed: f64,
    pub around_speed: f64,
    /// Held at threshold pace or faster: a tempo's block, not a marathon-pace one.
    pub at_threshold: bool,
}

/// A stretch of a run, with the moving time before it and after it (a race's warm-up and
/// cool-down, when both are saved in its file).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Block {
    pub secs: f64,
    pub before_s: f64,
    pub after_s: f64,
}

impl Block {
    fn of(z: &RunZones, range: std::ops::Range<usize>) -> Block {
        Block {
            secs: z.moving[range.clone()].iter().sum(),
            before_s: z.moving[..range.start].iter().sum(),
            after_s: z.moving[range.end..].iter().sum(),
        }
    }
}

/// Repeated surges read from pace alone: what a coach sees in a fartlek or a track session when
/// HR lags behind 30–90 s efforts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Surges {
    /// Surges with a recovery after (or, for the last, before) them.
    pub count: usize,
    pub total_s: f64,
    /// Mean grade-adjusted speed of the surges and of the recoveries between them (m/s; 0 for
    /// recoveries stood still).
    pub surge_speed: f64,
    pub recovery_speed: f64,
    /// Time in the recoveries between the surges, standing rests included.
    pub recovery_s: f64,
    /// Share of the surges within `INTERVALS_EVEN_WITHIN` of their median length (even reps are
    /// intervals).
    pub even_share: f64,
    /// Share of the run's climb made in the surges, when they climb at `HILLS_MIN_REP_GRADE` or
    /// steeper; else 0.
    pub climb_share: f64,
    /// Stretches as fast and as long as a surge that HR did not answer: not counted.
    pub unanswered: usize,
    /// Stretches as fast and as long as a surge, without HR, on a GPS track, that gained less
    /// ground than the fixes' wobble ([`GPS_MIN_GAIN_M`]): not counted.
    pub wobbles: usize,
}

impl Surges {
    /// Even reps (intervals), not lengths played by feel (a fartlek).
    pub fn is_even(&self) -> bool {
        self.even_share >= INTERVALS_MIN_EVEN_SHARE
    }

    /// Enough surges, long enough, fast enough and far enough above their recoveries to be a
    /// workout by structure, whatever HR did.
    pub fn make_a_workout(&self, threshold_speed: f64, moving_s: f64) -> bool {
        self.count >= STRUCTURE_MIN_SURGES
            && self.total_s >= STRUCTURE_MIN_SURGE_S.max(STRUCTURE_MIN_SURGE_SHARE * moving_s)
            && self.surge_speed >= STRUCTURE_MIN_SURGE_SPEED * threshold_speed
            && self.recovery_s > 0.0
            && self.surge_speed >= STRUCTURE_MIN_CONTRAST * self.recovery_speed
    }
}

/// HR and speed over the first and the last third of the moving time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drift {
    pub early_hr: f64,
    pub late_hr: f64,
    /// Late speed over early speed (1.0 = even), when pace is known.
    pub speedup: Option<f64>,
}

/// The run's shape from its zones and its series (decoded once by the caller, who judged the
/// zones from it).
pub fn shape(z: &RunZones, summary: &Summary, series: &[Bucket], t: &Thresholds) -> Shape {
    let n = z.buckets.len();
    if n == 0 {
        return Shape::default();
    }
    let mut s = Shape::default();
    let (mut climb_in_reps, mut distance_in_reps) = (0.0, 0.0);
    for effort in high_efforts(z) {
        // A rep holds 30 s high in one piece: joining blips does not make one.
        if effort.longest_piece_s >= REP_MIN_S {
            s.reps += 1;
            climb_in_reps += z.ascent[effort.start..effort.end].iter().sum::<f64>();
            distance_in_reps += (effort.start..effort.end)
                .map(|k| z.speeds[k].unwrap_or(0.0) * z.moving[k])
                .sum::<f64>();
        }
        let effort = Block::of(z, effort.start..effort.end);
        if effort.secs > s.longest_high_s {
            s.longest_high_s = effort.secs;
            s.held = effort;
        }
    }
    let hard = held_hard(z);
    if hard.secs > s.held.secs {
        s.held = hard;
    }
    let total_climb: f64 = z.ascent.iter().sum();
    s.climb_in_reps = if total_climb >= HILLS_MIN_CLIMB_M
        && climb_in_reps >= HILLS_MIN_REP_GRADE * distance_in_reps
    {
        climb_in_reps / total_climb
    } else {
        0.0
    };
    s.steady = steadiness(z);
    // The grade-adjusted speed of each 10-second step, once: the surges, the run's average and its
    // best 10 minutes (ten minutes down a long hill are not threshold work) all read it.
    let steps = (summary.pace_source() != DistanceSource::None).then(|| bucket_speeds(series));
    let gps = summary.pace_source() == DistanceSource::Gps;
    s.surges = steps.as_deref().map_or_else(Surges::default, |st| {
        surges_in(st, t.threshold_speed, t.hr_low_top, gps)
    });
    s.drift = drift(summary, series);
    s.gap_speed = steps.as_deref().and_then(gap_speed);
    s.best_10min_speed = steps
        .as_deref()
        .and_then(|st| best_speed(st, THRESHOLD_WINDOW_S));
    s.best_2min_speed = steps
        .as_deref()
        .and_then(|st| best_speed(st, SHORT_RACE_WINDOW_S));
    s.climb_capped_s = z.climb_capped_s;
    s.walk_breaks = summary.walk_breaks.filter(|_| steps.is_some());
    s.paced_block = steps
        .as_deref()
        .and_then(|st| paced_block(st, t.threshold_speed, t.hr_low_top));
    // The moving buckets, once: the bursts and the late push read them.
    let moving: Vec<Bucket> = series
        .iter()
        .filter(|b| b.moving_s > 0.0)
        .copied()
        .collect();
    s.bursts = bursts(
        summary,
        &moving,
        STRIDE_SPEED_OF_THRESHOLD * t.threshold_speed,
    );
    s.longest_hr_high_s = longest_stretch(z, |i| z.hrs[i].is_some_and(|h| h >= t.hr_high_start));
    let head = (n * START_TENTHS).div_ceil(10).max(1);
    s.start_low_share = low_share(z, head);
    (s.late_push_s, s.late_push_start, s.push_speedup) = late_push(z, &moving, head);
    s
}

/// The share of the first `head` buckets' moving time spent in the low zone.
fn low_share(z: &RunZones, head: usize) -> f64 {
    let (low_head, all_head) = z.buckets[..head]
        .iter()
        .zip(&z.moving[..head])
        .fold((0.0, 0.0), |(l, a), (zone, m)| {
            (l + if *zone == Some(Zone::Low) { *m } else { 0.0 }, a + m)
        });
    if all_head > 0.0 {
        low_head / all_head
    } else {
        0.0
    }
}

/// The late push: its seconds, the bucket it starts at, and its speed against the start's (the
/// first `head` buckets). Walk back from the end while the effort is moderate or high (bridging
/// one easy bucket), and see if it reaches into the last 10 %. A fast finish ends with the walk
/// to stop the watch, which the heart's lag reads into the push's last half minute: the push may
/// end up to `FINISH_WALK_MAX_S` before the run does (the longest that does).
fn late_push(z: &RunZones, moving: &[Bucket], head: usize) -> (f64, usize, Option<f64>) {
    let n = z.buckets.len();
    let tail_start = n - (n / 10).max(1);
    let hard = |k: usize| matches!(z.buckets[k], Some(Zone::Moderate | Zone::High));
    let push_to = |end: usize| {
        let mut j = end;
        let mut secs = 0.0;
        while j > 0 && (hard(j - 1) || (j >= 2 && hard(j - 2) && j < end)) {
            secs += z.moving[j - 1];
            j -= 1;
        }
        (j, secs)
    };
    let (mut start, mut secs) = push_to(n);
    let mut push_end = n;
    let (mut end, mut after) = (n, 0.0);
    while end > 0 && after + z.moving[end - 1] <= FINISH_WALK_MAX_S {
        after += z.moving[end - 1];
        end -= 1;
        // Inside a hard stretch that goes on, a push is only a part of the one ending later.
        if hard(end) {
            continue;
        }
        let (j, longer) = push_to(end);
        if longer > secs {
            (start, secs, push_end) = (j, longer, end);
        }
    }
    // No push that lasts to the end (or to the walk after it): none.
    if !(start <= tail_start && secs > 0.0) {
        return (0.0, 0, None);
    }
    let speed_of = |range: std::ops::Range<usize>| -> Option<f64> {
        let (d, m) = moving.get(range)?.iter().fold((0.0, 0.0), |(d, m), b| {
            (d + b.distance_m as f64, m + b.moving_s as f64)
        });
        (d > 0.0 && m > 0.0).then(|| d / m)
    };
    let speedup = match (speed_of(0..head.min(start)), speed_of(start..push_end)) {
        (Some(early), Some(late)) => Some(late / early),
        _ => None,
    };
    (secs, start, speedup)
}

/// One high effort of a run: buckets `start..end`, and its longest piece high (seconds).
struct HighEffort {
    start: usize,
    end: usize,
    longest_piece_s: f64,
}

/// The run's high efforts: stretches of High (bridging single-bucket dips: a lagging HR sample),
/// and two stretches joined when the legs held their pace between them. A heart at the zone's
/// edge dips out of it on a tempo or a drift into one; a recovery is slower (grade-adjusted, so a
/// jog down from a hill rep is one). Without pace, HR alone splits them.
fn high_efforts(z: &RunZones) -> Vec<HighEffort> {
    let n = z.buckets.len();
    let high = |k: usize| z.buckets[k] == Some(Zone::High);
    let speed = |range: std::ops::Range<usize>| -> Option<f64> {
        let (sum, count) = z.efforts[range]
            .iter()
            .flatten()
            .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
        (count > 0).then(|| sum / count as f64)
    };
    let mut efforts: Vec<HighEffort> = Vec::new();
    let mut i = 0;
    while i < n {
        if !high(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && (high(j) || (j + 1 < n && high(j + 1))) {
            j += 1;
        }
        let piece_s: f64 = z.moving[i..j].iter().sum();
        let held = efforts.last().is_some_and(|last| {
            match (speed(last.start..last.end), speed(last.end..i), speed(i..j)) {
                (Some(before), Some(between), Some(after)) => {
                    between >= REP_RECOVERY_MAX_SPEED * before.min(after)
                }
                _ => false,
            }
        });
        match efforts.last_mut() {
            Some(last) if held => {
                last.end = j;
                last.longest_piece_s = last.longest_piece_s.max(piece_s);
            }
            _ => efforts.push(HighEffort {
                start: i,
                end: j,
                longest_piece_s: piece_s,
            }),
        }
        i = j.max(i + 1);
    }
    efforts
}

/// The longest stretch that never eased back to the low zone (a 10-second dip bridged), from its
/// first high bucket to its last, high for [`HELD_MIN_HIGH_SHARE`] of it or more: a race run from
/// the gun to the line, where the heart wanders across the high zone's edge and the pace dips on
/// a hill, and the high efforts split.
fn held_hard(z: &RunZones) -> Block {
    let n = z.buckets.len();
    let high = |k: usize| z.buckets[k] == Some(Zone::High);
    let hard = |k: usize| matches!(z.buckets[k], Some(Zone::Moderate | Zone::High));
    let mut best = Block::default();
    let mut i = 0;
    while i < n {
        if !high(i) {
            i += 1;
            continue;
        }
        let (mut j, mut last_high) = (i, i);
        while j < n && (hard(j) || (j + 1 < n && hard(j + 1))) {
            if high(j) {
                last_high = j;
            }
            j += 1;
        }
        let block = Block::of(z, i..last_high + 1);
        let high_s: f64 = (i..=last_high)
            .filter(|&k| high(k))
            .map(|k| z.moving[k])
            .sum();
        if block.secs > best.secs && high_s >= HELD_MIN_HIGH_SHARE * block.secs {
            best = block;
        }
        i = j.max(i + 1);
    }
    best
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

/// Bursts at or above `fast` (m/s), 30 s or more apart: strides and surges. A burst is a
/// 10-second bucket at `fast` whose 20 seconds with a neighbour hold `BURST_PAIR_SHARE` of it: a
/// stride of 20 s rarely fills two buckets (it starts anywhere in one), so bursts read on 20-s
/// windows alone missed most strides; and one 10-second GPS speed can be 40 % off, but its
/// neighbour then reads short by as much, which the 20 seconds average out. `moving`: the run's
/// buckets with moving time.
fn bursts(summary: &Summary, moving: &[Bucket], fast: f64) -> usize {
    if summary.pace_source() == DistanceSource::None {
        return 0;
    }
    let pair_speed = |lo: usize| moving.get(lo..lo + 2).and_then(mean_speed).unwrap_or(0.0);
    // No step at `fast`, no burst: most easy runs end here, before the median is sorted out.
    if !moving
        .iter()
        .any(|b| mean_speed(std::slice::from_ref(b)).is_some_and(|v| v >= fast))
    {
        return 0;
    }
    let usual = median_speed(
        moving
            .iter()
            .filter_map(|b| mean_speed(std::slice::from_ref(b))),
    )
    .unwrap_or(0.0);
    // A burst is fast against the run too, not only against a threshold that may be a guess: in
    // its bucket and over its 20 seconds, where one 10-second step of a watch's distance that
    // ran ahead of the runner by a few metres is averaged with the next.
    let fast = fast.max(STRIDE_SPEED_OF_RUN * usual);
    // On a GPS track a burst must gain ground on the run's median speed beyond the fixes' wobble:
    // one fix 10 m ahead and the next 10 m behind make a "stride" of a steady run.
    let least_pair_speed = if summary.pace_source() == DistanceSource::Gps {
        usual + GPS_MIN_GAIN_M / (2.0 * BUCKET_S)
    } else {
        0.0
    }
    .max(STRIDE_SPEED_OF_RUN * usual);
    let near = near_stretches(moving, BURST_PAIR_SHARE * fast);
    let mut count = 0;
    let mut since_last = f64::INFINITY;
    let mut in_burst = false;
    for (i, bucket) in moving.iter().enumerate() {
        let with_neighbour = pair_speed(i.saturating_sub(1)).max(pair_speed(i));
        let quick = mean_speed(std::slice::from_ref(bucket)).is_some_and(|v| v >= fast)
            && with_neighbour >= (BURST_PAIR_SHARE * fast).max(least_pair_speed)
            && near[i] <= STRIDE_MAX_S;
        if quick && !in_burst && since_last >= BURST_MIN_GAP_S {
            count += 1;
        }
        if quick {
            since_last = 0.0;
        } else {
            since_last += bucket.moving_s as f64;
        }
        in_burst = quick;
    }
    count
}

/// For each bucket, the moving seconds of the stretch at `speed` or faster it belongs to (0 for a
/// bucket under it), one slower bucket between two at it bridged: how long the running near a
/// burst's pace lasted, which tells a stride from a block held at the stride pace's edge.
fn near_stretches(moving: &[Bucket], speed: f64) -> Vec<f64> {
    let at = |i: usize| {
        moving
            .get(i)
            .and_then(|b| mean_speed(std::slice::from_ref(b)))
            .is_some_and(|v| v >= speed)
    };
    let mut out = vec![0.0; moving.len()];
    let mut i = 0;
    while i < moving.len() {
        if !at(i) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while at(end) || at(end + 1) {
            end += if at(end) { 1 } else { 2 };
        }
        let secs: f64 = moving[i..end].iter().map(|b| b.moving_s as f64).sum();
        out[i..end].iter_mut().for_each(|s| *s = secs);
        i = end;
    }
    out
}

/// Best average grade-adjusted speed over `span_s` of moving time, from the run's steps.
fn best_speed(steps: &[Step], span_s: f64) -> Option<f64> {
    // (grade-adjusted metres, moving seconds) of a step: a standing step adds nothing to either,
    // so the window runs over every step, with no list of the moving ones to allocate.
    let of = |s: &Step| {
        if s.moving_s > 0.0 {
            (s.speed.unwrap_or(0.0) * s.moving_s, s.moving_s)
        } else {
            (0.0, 0.0)
        }
    };
    let (mut d, mut m, mut lo) = (0.0f64, 0.0f64, 0usize);
    let mut best: Option<f64> = None;
    for step in steps {
        let (distance, secs) = of(step);
        if secs <= 0.0 {
            continue;
        }
        d += distance;
        m += secs;
        while lo < steps.len() && m - of(&steps[lo]).1 >= span_s {
            let (gone_d, gone_s) = of(&steps[lo]);
            d -= gone_d;
            m -= gone_s;
            lo += 1;
        }
        if m >= span_s * 0.95 && d > 0.0 {
            best = Some(best.map_or(d / m, |x: f64| x.max(d / m)));
        }
    }
    best
}

/// The longest block at marathon pace or faster ([`PACED_BLOCK_MIN_OF_THRESHOLD`] of threshold
/// speed, grade-adjusted, one minute of slower steps bridged), when it lasts
/// [`PACED_BLOCK_MIN_S`] (or [`PACED_BLOCK_AT_THRESHOLD_MIN_S`] at threshold pace) and the running before it and after it is easy: at least
/// [`PACED_BLOCK_MIN_BEFORE_S`] before and [`PACED_BLOCK_MIN_AFTER_S`] after, [`PACED_BLOCK_OVER_AROUND`] slower or more. With HR, the heart
/// must say it too: the block's average out of the low zone (a long descent's pace is the hill's,
/// and grade adjustment is only near).
fn paced_block(steps: &[Step], threshold_speed: f64, hr_low_top: f64) -> Option<PacedBlock> {
    const BRIDGED_STEPS: usize = (60.0 / BUCKET_S) as usize;
    let fast_at = PACED_BLOCK_MIN_OF_THRESHOLD * threshold_speed;
    if fast_at.is_nan() || fast_at <= 0.0 {
        return None;
    }
    let fast = |s: &Step| s.speed.is_some_and(|v| v >= fast_at);
    // (metres, moving seconds) over steps, grade-adjusted.
    let ground = |steps: &[Step]| {
        steps.iter().fold((0.0, 0.0), |(d, m), s| {
            (d + s.speed.unwrap_or(0.0) * s.moving_s, m + s.moving_s)
        })
    };
    let mut best: Option<(usize, usize, f64)> = None;
    let mut i = 0;
    while i < steps.len() {
        if !fast(&steps[i]) {
            i += 1;
            continue;
        }
        let (mut end, mut j) = (i + 1, i + 1);
        while j < steps.len() && j - end <= BRIDGED_STEPS {
            if fast(&steps[j]) {
                end = j + 1;
            }
            j += 1;
        }
        let (_, secs) = ground(&steps[i..end]);
        if best.is_none_or(|(_, _, b)| secs > b) {
            best = Some((i, end, secs));
        }
        i = end;
    }
    let (start, end, secs) =
        best.filter(|&(_, _, secs)| secs >= PACED_BLOCK_MIN_S.min(PACED_BLOCK_AT_THRESHOLD_MIN_S))?;
    let speed_of = |(d, m): (f64, f64), least: f64| (m >= least).then(|| d / m);
    let speed = speed_of(ground(&steps[start..end]), 0.0)?;
    // Under marathon pace's 20 minutes, a block is a session only at threshold pace: a tempo.
    if secs < PACED_BLOCK_MIN_S && speed < threshold_speed {
        return None;
    }
    let before = speed_of(ground(&steps[..start]), PACED_BLOCK_MIN_BEFORE_S)?;
    let after = speed_of(ground(&steps[end..]), PACED_BLOCK_MIN_AFTER_S)?;
    let around_speed = before.max(after);
    let (hr_sum, hr_s) = steps[start..end]
        .iter()
        .filter_map(|s| s.hr.map(|h| (h * s.moving_s, s.moving_s)))
        .fold((0.0, 0.0), |(a, b), (h, m)| (a + h, b + m));
    let heart_agrees = hr_s <= 0.0 || hr_sum / hr_s >= hr_low_top;
    (speed >= fast_at && speed >= PACED_BLOCK_OVER_AROUND * around_speed && heart_agrees).then_some(
        PacedBlock {
            secs,
            speed,
            around_speed,
            at_threshold: speed >= threshold_speed,
        },
    )
}

/// Grade-adjusted speed of each bucket of the series (None: not moving), and its climb.
fn bucket_speeds(series: &[Bucket]) -> Vec<Step> {
    (0..series.len())
        .map(|i| {
            let b = &series[i];
            Step {
                speed: b.speed().map(|v| v * effort_per_speed(series, i)),
                moving_s: b.moving_s as f64,
                climb_m: b.ascent_m as f64,
                distance_m: b.distance_m as f64,
                hr: b.hr(),
            }
        })
        .collect()
}

/// One 10-second step of a run, as the surges read it.
#[derive(Clone, Copy, Debug)]
struct Step {
    /// Grade-adjusted speed (m/s); `None` with no moving time.
    speed: Option<f64>,
    moving_s: f64,
    climb_m: f64,
    distance_m: f64,
    hr: Option<f64>,
}

/// Surges over the run's steps: stretches of 20 s to 8 min at 95 % of threshold speed or faster (grade-adjusted, one
/// slower 10-second step bridged; from or into a standstill, the step that reaches the pace
/// counted in the length), each followed (or, the last, preceded) by 20 s or more of recovery
/// below 85 % of threshold — a jog, a walk or a standing rest. Strides are too few and too short
/// to add up; a steady run's GPS wobble never drops into a recovery and back; a stop at a crossing
/// is a recovery with no surge around it. With HR, a surge the heart does not answer (5 bpm up
/// during it or in the minute after, and out of the low zone, `hr_low_top`; or 20 bpm up before a
/// standing rest) was the terrain's, not the runner's: faster down a hill, or back to pace after a
/// climb, on a run whose heart stays easy throughout.
fn surges_in(steps: &[Step], threshold_speed: f64, hr_low_top: f64, gps: bool) -> Surges {
    let mut out = Surges::default();
    if threshold_speed <= 0.0 {
        return out;
    }
    let speeds = SurgeSpeeds {
        fast_at: SURGE_MIN_OF_THRESHOLD * threshold_speed,
        slow_at: SURGE_RECOVERY_OF_THRESHOLD * threshold_speed,
    };
    let found = candidate_surges(steps, &speeds, hr_low_top, gps, &mut out);
    count_recovered(steps, &found, &speeds, &mut out);
    out
}

/// The speeds that make a step part of a surge, or of a recovery.
struct SurgeSpeeds {
    fast_at: f64,
    slow_at: f64,
}

impl SurgeSpeeds {
    fn fast(&self, s: &Step) -> bool {
        s.speed.is_some_and(|v| v >= self.fast_at)
    }

    /// A step with no moving time inside a run is a standing rest: it recovers.
    fn slow(&self, s: &Step) -> bool {
        s.speed.is_none_or(|v| v <= self.slow_at)
    }

    /// A standing or walked rest: no moving time, or a walker's speed.
    fn stood(&self, s: &Step) -> bool {
        self.slow(s) && s.speed.is_none_or(|v| v <= WALK_BREAK_MAX_MPS)
    }
}

/// The stretches of 20 s to 8 min at surge speed (start, end exclusive, their ramps' seconds),
/// less those the heart did not answer and, on a GPS track without HR, those that gained no
/// ground on the run's usual speed (counted in `out`).
fn candidate_surges(
    steps: &[Step],
    speeds: &SurgeSpeeds,
    hr_low_top: f64,
    gps: bool,
    out: &mut Surges,
) -> Vec<(usize, usize, f64)> {
    let fast_at = speeds.fast_at;
    // The run's median speed away from its fast stretches, that a surge on a GPS track without HR
    // must gain ground on: the steady run's own on a steady run, the recoveries' where reps fill
    // most of the time (10 × 200 m with 30-s rests pull the whole run's median up to their pace,
    // and every rep then "gained" nothing).
    let usual_speed = gps
        .then(|| {
            median_speed(
                steps
                    .iter()
                    .filter_map(|s| s.speed)
                    .filter(|&v| v < fast_at),
            )
        })
        .flatten();
    let fast = |k: usize| speeds.fast(&steps[k]);
    let n = steps.len();
    let stood = |k: usize| speeds.stood(&steps[k]);
    // A step between a surge and a standing rest (or a walked one), neither fast nor slow, is the
    // rep's start or end: reaching pace from a standstill takes seconds, and the 10-second step
    // holding them averages below the pace. Its moving time counts in the rep's length (a 30-s
    // rep from standing is otherwise "two fast steps", 15–20 s, and no surge), not in its pace.
    // From a jog the step between is half jog, half rep, as any rep's edge is: not counted.
    let ramp = |k: usize, beyond: Option<usize>| -> f64 {
        let middling = steps[k]
            .speed
            .is_some_and(|v| v > speeds.slow_at && v < fast_at);
        let between = middling && beyond.is_some_and(stood);
        if between {
            steps[k].moving_s
        } else {
            0.0
        }
    };
    let mut found: Vec<(usize, usize, f64)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !fast(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (fast(j) || (j + 1 < n && fast(j + 1) && steps[j].speed.is_some())) {
            j += 1;
        }
        // One fast step is a GPS glitch (`SURGE_MIN_S`), with or without its edges.
        let ramps = if (i..j).filter(|&k| fast(k)).count() >= 2 {
            i.checked_sub(1).map_or(0.0, |k| ramp(k, k.checked_sub(1)))
                + if j < n {
                    ramp(j, Some(j + 1).filter(|&b| b < n))
                } else {
                    0.0
                }
        } else {
            0.0
        };
        let secs: f64 = steps[i..j].iter().map(|s| s.moving_s).sum::<f64>() + ramps;
        if (SURGE_MIN_S..=SURGE_MAX_S).contains(&secs) {
            // The runner stood or walked after it (the step after, or the one after its edge).
            let rest_after = (j..(j + 2).min(n)).any(stood);
            match heart_answers(steps, i, j, hr_low_top, rest_after) {
                Some(false) => out.unanswered += 1,
                None if usual_speed.is_some_and(|v| gain(&steps[i..j], v) < GPS_MIN_GAIN_M) => {
                    out.wobbles += 1
                }
                _ => found.push((i, j, ramps)),
            }
        }
        i = j;
    }
    found
}

/// The surges among `found` that a recovery of 20 s or more follows (or, the last, precedes):
/// their count, lengths, speeds, the recoveries between them and the climb they hold.
fn count_recovered(
    steps: &[Step],
    found: &[(usize, usize, f64)],
    speeds: &SurgeSpeeds,
    out: &mut Surges,
) {
    let n = steps.len();
    // Recovery time (slow steps; a stopped step counts its 10 s) in a range of steps.
    let recovery = |a: usize, b: usize| -> (f64, f64, f64) {
        steps[a..b]
            .iter()
            .filter(|s| speeds.slow(s))
            .fold((0.0, 0.0, 0.0), |(secs, d, m), s| {
                let moving = s.moving_s;
                let dist = s.speed.map_or(0.0, |v| v * moving);
                (
                    secs + if moving > 0.0 { moving } else { BUCKET_S },
                    d + dist,
                    m + moving,
                )
            })
    };
    let (mut surge_d, mut surge_m, mut ramp_s) = (0.0, 0.0, 0.0);
    let (mut rec_d, mut rec_m, mut rec_s) = (0.0, 0.0, 0.0);
    let mut lengths: Vec<f64> = Vec::new();
    let (mut climb, mut distance) = (0.0, 0.0);
    for (k, &(a, b, ramps)) in found.iter().enumerate() {
        let next = found.get(k + 1).map_or(n, |x| x.0);
        let after = recovery(b, next);
        let before = recovery(if k == 0 { 0 } else { found[k - 1].1 }, a);
        let recovered = after.0 >= SURGE_MIN_RECOVERY_S
            || (k + 1 == found.len() && before.0 >= SURGE_MIN_RECOVERY_S);
        if !recovered {
            continue;
        }
        let (d, m) = steps[a..b].iter().fold((0.0, 0.0), |(d, m), s| {
            (d + s.speed.map_or(0.0, |v| v * s.moving_s), m + s.moving_s)
        });
        surge_d += d;
        surge_m += m;
        ramp_s += ramps;
        // The recoveries are what lies between surges: after the last one comes the cool-down,
        // and the walk to stop the watch, which would make any steady run's bursts "reps".
        if after.0 >= SURGE_MIN_RECOVERY_S && (k + 1 < found.len() || found.len() == 1) {
            rec_s += after.0;
            rec_d += after.1;
            rec_m += after.2;
        }
        lengths.push(m + ramps);
        climb += steps[a..b].iter().map(|s| s.climb_m).sum::<f64>();
        distance += steps[a..b].iter().map(|s| s.distance_m).sum::<f64>();
    }
    out.count = lengths.len();
    out.total_s = surge_m + ramp_s;
    out.surge_speed = if surge_m > 0.0 {
        surge_d / surge_m
    } else {
        0.0
    };
    out.recovery_speed = if rec_m > 0.0 { rec_d / rec_m } else { 0.0 };
    out.recovery_s = rec_s;
    out.even_share = even_share(&mut lengths);
    let total_climb: f64 = steps.iter().map(|s| s.climb_m).sum();
    out.climb_share = if total_climb >= HILLS_MIN_CLIMB_M && climb >= HILLS_MIN_REP_GRADE * distance
    {
        climb / total_climb
    } else {
        0.0
    };
}

/// Share of `lengths` within `INTERVALS_EVEN_WITHIN` of their median (1 for fewer than two).
fn even_share(lengths: &mut [f64]) -> f64 {
    if lengths.len() < 2 {
        return 1.0;
    }
    let median = median(lengths);
    let even = lengths
        .iter()
        .filter(|l| (*l - median).abs() <= INTERVALS_EVEN_WITHIN * median)
        .count();
    even as f64 / lengths.len() as f64
}

/// Whether HR answers the surge over steps `start..end`: it rises by `SURGE_HR_RISE_BPM` above
/// its level as the surge began (the lower of the step before and the first), during the surge or
/// within `SURGE_HR_AFTER_S` after it, and reaches the moderate zone (`hr_low_top`): a rolling
/// route lifts an easy heart by 5 bpm on every rise, an effort at threshold pace lifts it out of
/// the low zone. Or, for a surge the runner stood or walked after (`rest_after`), it climbs
/// `SURGE_HR_RISE_FROM_REST_BPM` inside the low zone: after a minute stood still the heart starts
/// a 30-s rep so low that it is over before the heart leaves the zone, and no hill or GPS wobble
/// lifts a running heart that far. A pick-up after a stop at the lights, on into the run, is
/// only the heart coming back to its running level from the stop: that is no rep. With no HR as it began, or none after, there is nothing to ask (`None`), and the
/// pace speaks alone.
fn heart_answers(
    steps: &[Step],
    start: usize,
    end: usize,
    hr_low_top: f64,
    rest_after: bool,
) -> Option<bool> {
    // The lower of the step before and the first: a surge's first 10 s may not have moved HR
    // yet, and a short recovery may not have brought it down.
    let before = steps[start.saturating_sub(1)..=start]
        .iter()
        .filter_map(|s| s.hr)
        .fold(f64::INFINITY, f64::min);
    if before.is_infinite() {
        return None;
    }
    let after = (SURGE_HR_AFTER_S / BUCKET_S) as usize;
    let peak = steps[start..(end + after).min(steps.len())]
        .iter()
        .filter_map(|s| s.hr)
        .fold(f64::NEG_INFINITY, f64::max);
    let rise = peak - before;
    (!peak.is_infinite()).then_some(
        rise >= SURGE_HR_RISE_BPM
            && (peak >= hr_low_top || rest_after && rise >= SURGE_HR_RISE_FROM_REST_BPM),
    )
}

/// The median of a run's 10-second speeds (for surges, those under a surge's), that a surge or a
/// burst on a GPS track must gain ground on (see [`GPS_MIN_GAIN_M`]).
fn median_speed(speeds: impl Iterator<Item = f64>) -> Option<f64> {
    let mut speeds: Vec<f64> = speeds.collect();
    (!speeds.is_empty()).then(|| median(&mut speeds))
}

/// The ground `steps` gained on a runner holding `usual` m/s (grade-adjusted) over their moving
/// time.
fn gain(steps: &[Step], usual: f64) -> f64 {
    steps
        .iter()
        .map(|s| s.speed.map_or(0.0, |v| (v - usual) * s.moving_s))
        .sum()
}

/// HR and speed of the first and last thirds of the moving time: drift is a heart that rises
/// while the legs do not.
fn drift(summary: &Summary, series: &[Bucket]) -> Option<Drift> {
    let total: f64 = series.iter().map(|b| b.moving_s as f64).sum();
    if total <= 0.0 {
        return None;
    }
    let third = total / 3.0;
    let (mut elapsed, mut early, mut late) = (0.0, [0.0f64; 4], [0.0f64; 4]);
    for b in series {
        let m = b.moving_s as f64;
        if m <= 0.0 {
            continue;
        }
        let part = if elapsed < third {
            Some(&mut early)
        } else if elapsed >= total - third {
            Some(&mut late)
        } else {
            None
        };
        elapsed += m;
        if let Some(p) = part {
            p[0] += b.hr_sum as f64;
            p[1] += b.hr_s as f64;
            p[2] += b.distance_m as f64;
            p[3] += m;
        }
    }
    if early[1] <= 0.0 || late[1] <= 0.0 {
        return None;
    }
    let speed = |p: &[f64; 4]| (p[3] > 0.0 && p[2] > 0.0).then(|| p[2] / p[3]);
    let speedup = match (speed(&early), speed(&late)) {
        (Some(a), Some(b)) if summary.pace_source() != DistanceSource::None => Some(b / a),
        _ => None,
    };
    Some(Drift {
        early_hr: early[0] / early[1],
        late_hr: late[0] / late[1],
        speedup,
    })
}

/// Average grade-adjusted speed over the moving time (climbs cost 3.3 % per 1 % of grade).
fn gap_speed(steps: &[Step]) -> Option<f64> {
    let (d, m) = steps.iter().fold((0.0, 0.0), |(d, m), s| {
        (d + s.speed.map_or(0.0, |v| v * s.moving_s), m + s.moving_s)
    });
    (d > 0.0 && m > 0.0).then(|| d / m)
}

/// Whether a run was one steady effort, after the first 5 minutes (warm-up, HR settling): the
/// 30-second pace varies by less than 12 % (coefficient of variation; intervals and fartlek swing by
/// 25 % or more), and HR a minute apart differs by less than 4.5 bpm on average (slow drift is
/// steady; surges and their recoveries are not, and HR shows them even when GPS blurs the pace).
/// Each test applies when the run has that data. The 90 s after a stop are left out (HR fell while
/// standing at a crossing and climbs back as the legs pick up again): a few stops do not break a
/// steady run, but a run that is mostly restarts (reps with standing rests) is no steady effort.
fn steadiness(z: &RunZones) -> bool {
    let n = z.buckets.len();
    let skip = ((STEADY_SKIP_S / BUCKET_S) as usize).min(n / 4);
    let end = n - n / 20;
    if end <= skip + 6 {
        return true;
    }
    let settled = |i: usize, span_s: f64| {
        z.since_stop_s
            .get(i)
            .is_none_or(|&s| s >= span_s + STEADY_STOP_SETTLE_S)
    };
    let window = skip..end;
    let with_pace = z.speeds[window.clone()].iter().flatten().count();
    let speeds: Vec<f64> = window
        .clone()
        .filter(|&i| settled(i, 0.0))
        .filter_map(|i| z.speeds[i])
        .collect();
    let pace_steady = with_pace * 2 < end - skip
        || speeds.len() * 2 >= with_pace && {
            let (mean, sd) = (speeds.iter().mean(), speeds.iter().population_std_dev());
            mean > 0.0 && sd / mean < STEADY_MAX_SPEED_CV
        };
    let step = (MIN / BUCKET_S) as usize;
    let pairs = window
        .clone()
        .filter(|&i| i + step < end)
        .filter_map(|i| Some((i + step, z.hrs[i + step]? - z.hrs[i]?)));
    let (mut with_hr, mut changes) = (0usize, Vec::new());
    for (later, change) in pairs {
        with_hr += 1;
        // A stop inside the minute, or in the 90 s before its end, moved HR; the legs did not.
        if settled(later, MIN) {
            changes.push(change);
        }
    }
    // Swings, not trends: a steady rise (settling in, drift) moves HR one way; surges and their
    // recoveries move it up and down. The mean absolute change less the mean change keeps only
    // the back-and-forth.
    let swing = changes.iter().map(|c| c.abs()).mean() - changes.iter().mean().abs();
    let hr_steady =
        with_hr * 2 < end - skip || changes.len() * 2 >= with_hr && swing < STEADY_MAX_HR_SWING;
    pace_steady && hr_steady
}

/// [`surges_in`] of a summary's series.
#[cfg(test)]
fn surges(summary: &Summary, threshold_speed: f64, hr_low_top: f64) -> Surges {
    if summary.pace_source() == DistanceSource::None {
        return Surges::default();
    }
    surges_in(
        &bucket_speeds(&summary.series.to_vec()),
        threshold_speed,
        hr_low_top,
        summary.pace_source() == DistanceSource::Gps,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Sample, SourceFormat};
    use crate::summarize::summary::summarize_run;

    /// Threshold speed of the runner in these tests: 4:00/km.
    const T: f64 = 1000.0 / 240.0;
    /// Where their low zone ends: 135 bpm.
    const LOW_TOP: f64 = 135.0;

    /// A run at `speed(t)` m/s each second for `n` seconds (0: standing), on the flat, its HR
    /// following the effort with a 30-second lag.
    fn run(n: usize, speed: impl Fn(usize) -> f64) -> Summary {
        let mut hr = 120.0;
        run_with_hr(n, &speed, |t| {
            hr += (60.0 + 22.0 * speed(t) - hr) / 30.0;
            Some(hr.round() as u8)
        })
    }

    /// [`run`] with the HR `hr(t)`.
    fn run_with_hr(
        n: usize,
        speed: impl Fn(usize) -> f64,
        hr: impl FnMut(usize) -> Option<u8>,
    ) -> Summary {
        run_on(n, speed, hr, |_, _| None)
    }

    /// [`run_with_hr`] over ground whose altitude is `altitude(t, distance)`.
    fn run_on(
        n: usize,
        speed: impl Fn(usize) -> f64,
        mut hr: impl FnMut(usize) -> Option<u8>,
        altitude: impl Fn(usize, f64) -> Option<f64>,
    ) -> Summary {
        recorded(SourceFormat::Fit, n, &speed, |t, d| Sample {
            distance_m: Some(d),
            speed_mps: Some(speed(t) as f32),
            altitude_m: altitude(t, d).map(|a| a as f32),
            heart_rate: hr(t),
            ..Default::default()
        })
    }

    /// The summary of a run at `speed(t)` m/s each second for `n` seconds, each second's sample
    /// as `sample(t, distance so far)` writes it (its time set here).
    fn recorded(
        format: SourceFormat,
        n: usize,
        speed: impl Fn(usize) -> f64,
        mut sample: impl FnMut(usize, f64) -> Sample,
    ) -> Summary {
        let mut d = 0.0;
        let samples = (0..n)
            .map(|t| {
                d += speed(t);
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    ..sample(t, d)
                }
            })
            .collect();
        summarize_run(format, samples)
    }

    /// Easy (5:30/km) for 10 minutes, then `reps` × (`on` s at `fast`, `off` s at `slow`), then
    /// 10 minutes easy.
    fn reps(reps: usize, on: usize, fast: f64, off: usize, slow: f64) -> Summary {
        run(
            1200 + reps * (on + off),
            reps_speed(reps, on, fast, off, slow),
        )
    }

    /// The speed of [`reps`] at second `t`.
    fn reps_speed(
        reps: usize,
        on: usize,
        fast: f64,
        off: usize,
        slow: f64,
    ) -> impl Fn(usize) -> f64 {
        let easy = 1000.0 / 330.0;
        let block = reps * (on + off);
        move |t| {
            if t < 600 || t >= 600 + block {
                easy
            } else if (t - 600) % (on + off) < on {
                fast
            } else {
                slow
            }
        }
    }

    /// The bursts of `summary` at stride pace for [`T`].
    fn bursts_of(summary: &Summary) -> usize {
        let moving: Vec<Bucket> = summary.series.iter().filter(|b| b.moving_s > 0.0).collect();
        bursts(summary, &moving, STRIDE_SPEED_OF_THRESHOLD * T)
    }

    #[test]
    fn strides_of_20_seconds_starting_mid_bucket_are_each_a_burst() {
        // 25 minutes easy (5:30/km), then 6 × 20 s strides at 3:25/km (4.9 m/s) with 70 s slow
        // jogs (7:30/km), each starting mid-bucket: no 20-s window of two buckets holds a whole
        // stride (15 s of it and 5 s of jog: 4.2 m/s, under stride pace, 4.4).
        let stride = 1000.0 / 205.0;
        let jog = 1000.0 / 450.0;
        let speed = move |t: usize| {
            let k = t.saturating_sub(1506);
            if t < 1506 || k >= 6 * 90 {
                1000.0 / 330.0
            } else if k % 90 < 20 {
                stride
            } else {
                jog
            }
        };
        assert_eq!(bursts_of(&run(2100, speed)), 6);
        // The same run with no strides has none.
        assert_eq!(bursts_of(&run(2100, |_| 1000.0 / 330.0)), 0);
    }

    #[test]
    fn a_stride_is_fast_against_the_run_not_only_against_a_guessed_threshold() {
        // An easy run at 4:10/km (4.0 m/s) against a threshold of 4:00/km guessed by the rule of
        // thumb: six times the watch's distance runs 15 % ahead for 10 s (4.6 m/s, over stride
        // pace, 4.4). No stride: a stride is 20 % faster than the run it is part of.
        let easy = 4.0;
        let ahead = move |t: usize| {
            let k = t.saturating_sub(600);
            if (600..600 + 6 * 120).contains(&t) && k % 120 < 10 {
                easy * 1.15
            } else {
                easy
            }
        };
        assert_eq!(bursts_of(&run(2100, ahead)), 0);
        // Six real strides on the same run, 20 s at 3:05/km (5.4 m/s): six.
        let strides = move |t: usize| {
            let k = t.saturating_sub(600);
            if (600..600 + 6 * 120).contains(&t) && k % 120 < 20 {
                5.4
            } else {
                easy
            }
        };
        assert_eq!(bursts_of(&run(2100, strides)), 6);
    }

    #[test]
    fn the_recoveries_are_between_the_surges_not_the_cool_down_and_the_walk_after() {
        // 10 minutes easy, 8 × 60 s at 4.5 m/s with 90 s at 3.4, 5 minutes at 3.4 after the
        // last, then the walk to stop the watch: 90 s at 1.0 m/s. The recoveries ran at 3.4.
        let speed = |t: usize| {
            let k = t.saturating_sub(600);
            if t < 600 {
                3.4
            } else if k < 8 * 150 {
                if k % 150 < 60 {
                    4.5
                } else {
                    3.4
                }
            } else if t < 600 + 8 * 150 + 300 {
                3.4
            } else {
                1.0
            }
        };
        let sh = shape_of(&run(600 + 8 * 150 + 300 + 90, speed));
        assert_eq!(sh.surges.count, 8, "{:?}", sh.surges);
        assert!(
            (sh.surges.recovery_speed - 3.4).abs() < 0.05,
            "{:?}",
            sh.surges
        );
    }

    #[test]
    fn a_gps_speed_off_for_ten_seconds_is_no_stride() {
        // Easy at 5:30/km (3.03 m/s); six times, the speed reads 60 % fast for 10 s and as much
        // slow for the next 10 (a fix ahead of the runner, then the track catching up): each fast
        // bucket is over stride pace (4.4 m/s), its 20 seconds with either neighbour are not.
        let easy = 1000.0 / 330.0;
        let speed = move |t: usize| {
            let k = t.saturating_sub(600);
            if t < 600 || k >= 6 * 120 {
                easy
            } else if k % 120 < 10 {
                easy * 1.6
            } else if k % 120 < 20 {
                easy * 0.4
            } else {
                easy
            }
        };
        assert_eq!(bursts_of(&run(2100, speed)), 0);
    }

    /// A run at `speed(t)` m/s recorded as a GPS track only (no distance, no HR), each fix
    /// `error(t)` metres ahead of the runner along the way (north).
    fn run_on_track(
        n: usize,
        speed: impl Fn(usize) -> f64,
        error: impl Fn(usize) -> f64,
    ) -> Summary {
        recorded(SourceFormat::Gpx, n, speed, |t, d| Sample {
            position: Some((52.0 + (d + error(t)) / 111_195.0, 4.0)),
            ..Default::default()
        })
    }

    #[test]
    fn a_gps_track_s_wobble_makes_no_surges_and_no_strides() {
        let easy = 1000.0 / 330.0;
        // Steady at 5:30/km for 44 minutes; from minute 10, twelve times, the fixes drift 22 m
        // ahead over 20 s and back over the next 20 (1.1 m/s each way): twelve 20-second
        // "surges" at 4:01/km with "recoveries" at 8:38/km — a fartlek's structure, on a run
        // that never changed pace. Each gains 22 m on the run's median speed: no surge.
        let drift = |t: usize| {
            let p = t.saturating_sub(600) % 120;
            if !(600..600 + 12 * 120).contains(&t) {
                0.0
            } else if p < 20 {
                1.1 * p as f64
            } else if p < 40 {
                22.0 - 1.1 * (p - 20) as f64
            } else {
                0.0
            }
        };
        let wobbly = run_on_track(2640, |_| easy, drift);
        assert_eq!(wobbly.pace_source(), DistanceSource::Gps);
        let s = surges(&wobbly, T, LOW_TOP);
        assert_eq!((s.count, s.wobbles), (0, 12), "{s:?}");
        // A fartlek on the same track (12 × 45 s at 3:48/km, 75 s jogs at 6:00/km) gains 60 m
        // a surge: a workout still.
        let fartlek = run_on_track(
            2640,
            reps_speed(12, 45, 1000.0 / 228.0, 75, 1000.0 / 360.0),
            |_| 0.0,
        );
        let s = surges(&fartlek, T, LOW_TOP);
        assert_eq!((s.count, s.wobbles), (12, 0), "{s:?}");
        assert!(s.make_a_workout(T, 2640.0), "{s:?}");
        // Six times a fix 20 m ahead, then 24, then back (2.0, 0.4 and -1.2 m/s over 10, 10
        // and 20 s): a 10-second bucket at stride pace whose 20 seconds hold 90 % of it, 24 m
        // gained. From a watch's own speed that is a stride; on a GPS track it is the wobble.
        let wobble = |t: usize| {
            let p = t.saturating_sub(600) % 120;
            if !(600..600 + 6 * 120).contains(&t) {
                0.0
            } else if p < 10 {
                2.0 * p as f64
            } else if p < 20 {
                20.0 + 0.4 * (p - 10) as f64
            } else if p < 40 {
                24.0 - 1.2 * (p - 20) as f64
            } else {
                0.0
            }
        };
        assert_eq!(bursts_of(&run_on_track(2100, |_| easy, wobble)), 0);
        let as_told = |t: usize| easy + wobble(t + 1) - wobble(t);
        assert_eq!(bursts_of(&run(2100, as_told)), 6);
    }

    #[test]
    fn on_a_gps_track_reps_that_fill_the_session_still_gain_on_its_rests() {
        // 10 × 200 m in 45 s (4.4 m/s, 3:47/km) with 28-s walks at 1.0 m/s, nothing before or
        // after (a GPX of the session alone): three fifths of the moving time is reps, and the
        // whole run's median speed is theirs. Each gains some 150 m on the walks: ten surges.
        let (on, off) = (45, 28);
        let speed = |t: usize| {
            if t % (on + off) < on {
                200.0 / 45.0
            } else {
                1.0
            }
        };
        let session = run_on_track(10 * (on + off), speed, |_| 0.0);
        assert_eq!(session.pace_source(), DistanceSource::Gps);
        let s = surges(&session, T, LOW_TOP);
        assert_eq!((s.count, s.wobbles), (10, 0), "{s:?}");
    }

    #[test]
    fn a_fartlek_of_short_surges_is_a_workout_by_its_structure() {
        // 12 × 45 s at 5K pace (3:48/km) with 75 s jogs at 6:00/km.
        let s = surges(
            &reps(12, 45, 1000.0 / 228.0, 75, 1000.0 / 360.0),
            T,
            LOW_TOP,
        );
        assert_eq!(s.count, 12, "{s:?}");
        assert!((400.0..=560.0).contains(&s.total_s), "{s:?}");
        assert!(s.make_a_workout(T, 2640.0), "{s:?}");
    }

    #[test]
    fn two_hundred_metre_repeats_with_standing_rests_are_a_workout() {
        // 10 × 200 m in 44 s, 60 s standing between.
        let s = surges(&reps(10, 44, 200.0 / 44.0, 60, 0.0), T, LOW_TOP);
        assert_eq!(s.count, 10, "{s:?}");
        assert!(s.make_a_workout(T, 2240.0), "{s:?}");
        assert!(s.is_even(), "{s:?}");
    }

    /// 10 × 33 s at 3:40/km from a standing start (6 s to reach the pace), each with 62 s stood
    /// still after it, 10 min easy either side; HR `rest` bpm (±1) but from 20 s into each rep to
    /// 20 s after it, `rest + rise`.
    fn standing_reps(rest: u8, rise: u8) -> Summary {
        let (on, off, fast) = (33, 62, 1000.0 / 220.0);
        let easy = 1000.0 / 330.0;
        // The last rep is stood after too, before the cool-down.
        let block = 10 * (on + off);
        let speed = move |t: usize| {
            if !(600..600 + block).contains(&t) {
                return easy;
            }
            let k = (t - 600) % (on + off);
            if k < on {
                fast * ((k + 1) as f64 / 6.0).min(1.0)
            } else {
                0.0
            }
        };
        run_with_hr(1200 + block, speed, move |t| {
            let k = t.saturating_sub(600) % (on + off);
            let up = (600..620 + block).contains(&t) && (20..on + 20).contains(&k);
            Some(if up { rest + rise } else { rest } + (t % 3) as u8)
        })
    }

    #[test]
    fn short_reps_with_standing_rests_are_a_workout_though_the_heart_stays_low() {
        // A minute stood still brings the heart to 100; each rep lifts it 25 bpm, to 125, and it
        // never leaves the low zone (135): the rise alone answers the rep.
        let s = surges(&standing_reps(100, 25), T, LOW_TOP);
        assert_eq!(s.count, 10, "{s:?}");
        assert_eq!(s.unanswered, 0, "{s:?}");
        // A rep's length counts the seconds it took to reach pace from standing (the fast
        // steps alone hold about 20 s of each).
        assert!((280.0..=340.0).contains(&s.total_s), "{s:?}");
        assert!(s.is_even(), "{s:?}");
        assert!(s.make_a_workout(T, 2000.0), "{s:?}");
        // 12 bpm up inside the low zone is a rolling route's, not a rep's.
        let s = surges(&standing_reps(100, 12), T, LOW_TOP);
        assert_eq!((s.count, s.unanswered), (0, 10), "{s:?}");
    }

    /// A 10-second step at `speed` m/s (`None`: stood still) with `moving_s` of moving time and
    /// heart rate `hr`.
    fn step(speed: Option<f64>, moving_s: f64, hr: Option<f64>) -> Step {
        Step {
            speed,
            moving_s: if speed.is_some() { moving_s } else { 0.0 },
            climb_m: 0.0,
            distance_m: speed.map_or(0.0, |v| v * moving_s),
            hr,
        }
    }

    #[test]
    fn pick_ups_after_stops_at_the_lights_are_no_reps() {
        // 9 times: easy (3:30/km… 0.86 × threshold) at 130 bpm, 45 s stopped at the lights (the
        // heart falls to 106), then 20–30 s away from them at 1.07 × threshold and on at the
        // easy pace: the heart climbs 24 bpm, back to its running level and no further.
        let easy = 0.86 * T;
        // Each pick-up is followed by `easy_after` steps at the easy pace, then the next stop.
        let pick_ups = |easy_after: usize| {
            let mut steps = vec![step(Some(easy), 10.0, Some(130.0)); 30];
            for _ in 0..9 {
                steps.extend([step(None, 0.0, Some(106.0)); 5]);
                steps.push(step(Some(1.07 * T), 10.0, Some(112.0)));
                steps.push(step(Some(1.07 * T), 10.0, Some(124.0)));
                steps.push(step(Some(1.07 * T), 5.0, Some(130.0)));
                steps.extend(vec![step(Some(easy), 10.0, Some(130.0)); easy_after]);
            }
            steps.extend([step(None, 0.0, Some(106.0)); 5]);
            steps.extend([step(Some(easy), 10.0, Some(130.0)); 30]);
            steps
        };
        let s = surges_in(&pick_ups(24), T, LOW_TOP, false);
        assert_eq!((s.count, s.unanswered), (0, 9), "{s:?}");
        // The same pick-ups with a stop right after each, as reps with standing rests are:
        // counted.
        let s = surges_in(&pick_ups(0), T, LOW_TOP, false);
        assert_eq!((s.count, s.unanswered), (9, 0), "{s:?}");
    }

    #[test]
    fn one_fast_step_between_standstills_is_no_surge() {
        // A GPS glitch at a stop: one fast step, a slower one either side reaching and leaving
        // it: 30 s "from a standstill", but one fast step is no rep.
        let mut steps = vec![step(Some(3.0), 10.0, None); 30];
        for _ in 0..8 {
            steps.extend([step(None, 0.0, None); 4]);
            steps.push(step(Some(3.8), 10.0, None));
            steps.push(step(Some(5.0), 10.0, None));
            steps.push(step(Some(3.8), 10.0, None));
        }
        steps.extend([step(None, 0.0, None); 4]);
        steps.extend([step(Some(3.0), 10.0, None); 30]);
        let s = surges_in(&steps, T, LOW_TOP, false);
        assert_eq!(s.count, 0, "{s:?}");
    }

    #[test]
    fn eight_strides_with_a_walk_back_are_no_workout() {
        // 8 × 20 s at 3:20/km from a walk (the first 6 s reaching the pace), 60 s walking back:
        // each stride is measured whole, 20 s, and 8 of them are under the 3 minutes a workout
        // by structure takes.
        let mut steps = vec![step(Some(3.0), 10.0, None); 60];
        for _ in 0..8 {
            steps.extend([step(Some(1.4), 10.0, None); 6]);
            steps.push(step(Some(3.8), 6.0, None));
            steps.push(step(Some(5.0), 10.0, None));
            steps.push(step(Some(5.0), 4.0, None));
        }
        steps.extend([step(Some(1.4), 10.0, None); 6]);
        steps.extend([step(Some(3.0), 10.0, None); 60]);
        let s = surges_in(&steps, T, LOW_TOP, false);
        assert_eq!(s.count, 8, "{s:?}");
        assert_eq!(s.total_s, 160.0, "{s:?}");
        assert!(!s.make_a_workout(T, 3000.0), "{s:?}");
    }

    #[test]
    fn surges_with_every_recovery_stood_still_are_a_workout() {
        // 8 × 30 s at 3:40/km, 60 s stood still between (no moving time, no pace): the
        // recoveries' speed is nothing, which is all the contrast a rep needs.
        let mut steps = vec![step(Some(3.0), BUCKET_S, None); 60];
        for rep in 0..8 {
            steps.extend([step(Some(1000.0 / 220.0), BUCKET_S, None); 3]);
            if rep < 7 {
                steps.extend([step(None, 0.0, None); 6]);
            }
        }
        steps.extend([step(Some(3.0), BUCKET_S, None); 60]);
        let s = surges_in(&steps, T, LOW_TOP, false);
        assert_eq!(s.count, 8, "{s:?}");
        assert_eq!((s.recovery_speed, s.recovery_s), (0.0, 420.0), "{s:?}");
        assert!(s.make_a_workout(T, 2400.0 + 240.0), "{s:?}");
    }

    #[test]
    fn surges_the_heart_does_not_answer_are_the_terrain() {
        // The fartlek's pace, HR flat within 3 bpm throughout (faster stretches down hills and
        // after climbs): no surge counts.
        let speed = reps_speed(12, 45, 1000.0 / 228.0, 75, 1000.0 / 360.0);
        let flat = run_with_hr(2640, &speed, |t| Some(140 + (t % 4) as u8));
        assert_eq!(surges(&flat, T, LOW_TOP).count, 0);
        assert_eq!(surges(&flat, T, LOW_TOP).unanswered, 12);
        // HR rising 4 bpm during each surge: still not the 5 a rep brings.
        let small = run_with_hr(2640, &speed, |t| {
            let fast = (600..2040).contains(&t) && (t - 600) % 120 < 45;
            Some(if fast { 144 } else { 140 })
        });
        assert_eq!(surges(&small, T, LOW_TOP).count, 0);
        // Without HR, the pace speaks alone: the fartlek is found.
        let no_hr = run_with_hr(2640, &speed, |_| None);
        assert_eq!(surges(&no_hr, T, LOW_TOP).count, 12);
        assert!(surges(&no_hr, T, LOW_TOP).make_a_workout(T, 2640.0));
    }

    #[test]
    fn an_easy_heart_rising_on_rolling_ground_does_not_answer_a_surge() {
        // The fartlek's pace (downhills, GPS), HR up 8 bpm after each fast stretch but from 120
        // to 128 (±1), under the low zone's top (135): the rises of a rolling route on an easy run.
        let speed = reps_speed(12, 45, 1000.0 / 228.0, 75, 1000.0 / 360.0);
        let rolling = |base: u8| {
            move |t: usize| {
                let k = t.saturating_sub(600) % 120;
                let lifted = (600..2040).contains(&t) && (20..80).contains(&k);
                Some(if lifted { base + 8 } else { base } + (t % 3) as u8)
            }
        };
        let easy = run_with_hr(2640, &speed, rolling(120));
        assert_eq!(surges(&easy, T, LOW_TOP).count, 0);
        assert_eq!(surges(&easy, T, LOW_TOP).unanswered, 12);
        // The same 8 bpm from 130 to 138 leaves the low zone: every surge counts.
        let worked = run_with_hr(2640, &speed, rolling(130));
        assert_eq!(surges(&worked, T, LOW_TOP).count, 12);
        assert!(surges(&worked, T, LOW_TOP).make_a_workout(T, 2640.0));
    }

    #[test]
    fn a_heart_answering_late_still_confirms_a_surge() {
        // 10 × 30 s with 60 s jogs; HR climbs 6 bpm only 50 s after each surge ends (a lagging
        // optical sensor): every surge counts.
        let speed = reps_speed(10, 30, 1000.0 / 220.0, 60, 1000.0 / 360.0);
        let late = run_with_hr(2100, &speed, |t| {
            let in_block = (600..1500).contains(&t);
            let k = (t.saturating_sub(600)) % 90;
            Some(if in_block && (80..90).contains(&k) {
                146
            } else {
                140
            })
        });
        let s = surges(&late, T, LOW_TOP);
        assert_eq!(s.count, 10, "{s:?}");
    }

    #[test]
    fn a_few_pick_ups_over_hours_are_no_workout() {
        // 8 × 30 s at 5K pace with 90 s jogs: 4 minutes of surges. In a 50-minute run, a
        // fartlek; scattered over a 4.5-hour trail run (under 3 % of it), no workout.
        let s = surges(&reps(8, 30, 1000.0 / 228.0, 90, 1000.0 / 360.0), T, LOW_TOP);
        assert_eq!(s.count, 8, "{s:?}");
        assert!(s.make_a_workout(T, 3000.0), "{s:?}");
        assert!(!s.make_a_workout(T, 4.5 * 3600.0), "{s:?}");
    }

    #[test]
    fn strides_are_not_a_workout() {
        // 6 × 20 s fast with 60 s jogs at the end of an easy run.
        let s = surges(&reps(6, 20, 1000.0 / 210.0, 60, 1000.0 / 340.0), T, LOW_TOP);
        assert!(!s.make_a_workout(T, 1680.0), "{s:?}");
        assert!(s.total_s < STRUCTURE_MIN_SURGE_S, "{s:?}");
    }

    #[test]
    fn stop_and_go_and_walk_breaks_are_not_surges() {
        // Easy running with a 30 s stop every 3 minutes (crossings).
        let stops = surges(
            &run(3600, |t| if t % 180 < 30 { 0.0 } else { 3.0 }),
            T,
            LOW_TOP,
        );
        assert_eq!(stops.count, 0, "{stops:?}");
        // Run 4 min, walk 1 min.
        let walks = surges(
            &run(3600, |t| if t % 300 < 240 { 3.0 } else { 1.4 }),
            T,
            LOW_TOP,
        );
        assert_eq!(walks.count, 0, "{walks:?}");
    }

    #[test]
    fn a_steady_gray_run_with_gps_wobble_has_no_structure() {
        // 90 % of threshold speed, the 10-second speed wobbling ±8 % in a 40-second pattern.
        let wobble = [1.08, 1.08, 0.92, 0.92];
        let s = surges(&run(3600, |t| 0.9 * T * wobble[(t / 10) % 4]), T, LOW_TOP);
        assert!(!s.make_a_workout(T, 3600.0), "{s:?}");
    }

    #[test]
    fn a_gps_glitch_is_not_a_surge() {
        // One 10-second jump to twice the pace in an easy run.
        let s = surges(
            &run(3600, |t| if (1800..1810).contains(&t) { 6.0 } else { 3.0 }),
            T,
            LOW_TOP,
        );
        assert_eq!(s.count, 0, "{s:?}");
    }
    #[test]
    fn a_fast_finish_then_a_walk_to_stop_the_watch_is_still_a_push() {
        // 40 minutes easy, 10 at threshold, then `walk` seconds walking (by pace: no HR).
        let finish = |walk: usize| {
            run_with_hr(
                3000 + walk,
                |t| match t {
                    0..2400 => 0.8 * T,
                    2400..3000 => T,
                    _ => 1.3,
                },
                |_| None,
            )
        };
        let pushed = shape_of(&finish(0)).late_push_s;
        assert!((540.0..=610.0).contains(&pushed), "{pushed}");
        let walked = shape_of(&finish(30)).late_push_s;
        assert!((walked - pushed).abs() <= 30.0, "{walked} against {pushed}");
        // Three minutes of walking after it: the run did not end fast.
        assert_eq!(shape_of(&finish(180)).late_push_s, 0.0);
    }

    /// The shape of `summary` for the runner of these tests (low zone to 135 bpm, high from 150).
    fn shape_of(summary: &Summary) -> Shape {
        let t = Thresholds {
            hr_low_top: LOW_TOP,
            hr_high_start: 150.0,
            speed_low_top: 0.89 * T,
            speed_high_start: 0.98 * T,
            threshold_speed: T,
            pace_known: true,
            held_pace_counts: true,
        };
        let series = summary.series.to_vec();
        let z = crate::judge::zones::zones_in(summary, &series, &t);
        shape(&z, summary, &series, &t)
    }

    /// 20 minutes easy (5:30/km), then `block_min` minutes at `block` m/s, then `after_min`
    /// minutes easy, the heart moderate in the block (142 bpm, low to 135, high from 150) and
    /// low around it (125).
    fn easy_block_easy(block_min: usize, block: f64, after_min: usize) -> Summary {
        let easy = 1000.0 / 330.0;
        let (start, end) = (1200, 1200 + block_min * 60);
        let inside = move |t: usize| (start..end).contains(&t);
        run_with_hr(
            end + after_min * 60,
            move |t| if inside(t) { block } else { easy },
            move |t| Some(if inside(t) { 142 } else { 125 }),
        )
    }

    #[test]
    fn fifteen_minutes_at_threshold_pace_between_easy_running_is_a_tempo_block() {
        // Season 34 F4: 20 minutes easy, 15 at threshold pace or a little faster, 4 easy; the
        // max HR set a few bpm high left the heart moderate, and the run read "easy run with 3
        // strides". At threshold pace, 12 minutes are a tempo's block; a cool-down of 4 minutes
        // is one.
        let b = shape_of(&easy_block_easy(15, 1.03 * T, 4)).paced_block;
        let b = b.expect("a block at threshold pace");
        assert!(b.at_threshold, "{b:?}");
        assert!((14.0 * 60.0..=16.0 * 60.0).contains(&b.secs), "{b:?}");
        // At marathon pace (93 % of threshold), 15 minutes are no block: marathon-pace work
        // lasts 20 minutes and more, and a short one is what easy running near its top looks
        // like to a threshold a few % off.
        assert_eq!(
            shape_of(&easy_block_easy(15, 0.93 * T, 4)).paced_block,
            None
        );
        let b = shape_of(&easy_block_easy(25, 0.93 * T, 4)).paced_block;
        assert!(b.is_some_and(|b| !b.at_threshold), "{b:?}");
        // Ten minutes at threshold pace: no tempo block.
        assert_eq!(
            shape_of(&easy_block_easy(10, 1.03 * T, 4)).paced_block,
            None
        );
        // A block that runs to the end (a minute after it) is the late push's to judge.
        assert_eq!(
            shape_of(&easy_block_easy(15, 1.03 * T, 1)).paced_block,
            None
        );
    }

    #[test]
    fn a_block_at_the_stride_pace_edge_is_no_strides() {
        // Season 34 F4: 15 minutes wavering around 5K pace (stride pace, 1.05 × threshold: from
        // 3 % under it to 3 % over, every two minutes) read "3 strides": the block crossed the
        // stride pace three times. Strides are short bursts between slower running.
        let fast = STRIDE_SPEED_OF_THRESHOLD * T;
        let wave = move |t: usize| {
            if (1200..2100).contains(&t) {
                fast * (1.0 + 0.03 * (t as f64 * std::f64::consts::TAU / 120.0).sin())
            } else {
                1000.0 / 330.0
            }
        };
        assert_eq!(bursts_of(&run(2400, wave)), 0);
        // Six 20-second strides at 1.15 × stride pace after the same 20 minutes: six.
        let strides = move |t: usize| {
            let k = t.saturating_sub(1200);
            if (1200..1200 + 6 * 90).contains(&t) && k % 90 < 20 {
                1.15 * fast
            } else {
                1000.0 / 330.0
            }
        };
        assert_eq!(bursts_of(&run(2400, strides)), 6);
    }

    #[test]
    fn a_tempo_whose_heart_dips_at_the_high_zone_edge_is_one_effort() {
        // 10 minutes easy, then 20 minutes at threshold pace, HR hovering at the edge of the high
        // zone: 50 s at 151, 20 s at 148.
        let easy = 1000.0 / 330.0;
        let tempo = run_with_hr(
            1800,
            |t| if t < 600 { easy } else { T },
            |t| {
                Some(if t < 600 {
                    125
                } else if ((t - 600) / 10) % 7 < 5 {
                    151
                } else {
                    148
                })
            },
        );
        let sh = shape_of(&tempo);
        assert!(sh.reps <= 1, "{sh:?}");
        assert!(sh.longest_high_s >= TEMPO_MIN_S, "{sh:?}");
    }

    #[test]
    fn a_race_slowed_on_its_hills_is_held_as_one_effort_and_reps_are_not() {
        // 12 minutes easy, 45 at threshold pace whose legs slow to 75 % for 90 s on a hill every
        // 10 minutes, the heart dipping to the moderate zone there, and 8 minutes' cool-down.
        let easy = 1000.0 / 330.0;
        let race_t = |t: usize| (720..720 + 45 * 60).contains(&t);
        let hill = |t: usize| race_t(t) && (t - 720) % 600 >= 510;
        let race = run_with_hr(
            720 + 45 * 60 + 480,
            |t| match (race_t(t), hill(t)) {
                (true, false) => T,
                (true, true) => 0.75 * T,
                _ => easy,
            },
            |t| {
                // A heart that wanders by a beat or two (one flat for minutes is a stuck sensor).
                let wander = (t / 7 % 3) as u8;
                Some(match (race_t(t), hill(t)) {
                    (true, false) => 155 + wander,
                    (true, true) => 140 + wander,
                    _ => 124 + wander,
                })
            },
        );
        let sh = shape_of(&race);
        // The hills split the high efforts (the pace did not hold between them)…
        assert!(sh.longest_high_s < 15.0 * MIN, "{sh:?}");
        // …but the heart never eased back to low: one effort held 45 minutes, after the warm-up.
        assert!((sh.held.secs - 45.0 * MIN).abs() <= 60.0, "{sh:?}");
        assert!((sh.held.before_s - 12.0 * MIN).abs() <= 60.0, "{sh:?}");
        assert!((sh.held.after_s - 8.0 * MIN).abs() <= 60.0, "{sh:?}");
        // 8 × 4 minutes with 2-minute jogs that bring the heart back to low: no held effort.
        let speed = reps_speed(8, 240, 1.05 * T, 120, 0.72 * T);
        let reps = run_with_hr(1200 + 8 * 360, &speed, |t| {
            let in_block = (600..600 + 8 * 360).contains(&t);
            let wander = (t / 7 % 3) as u8;
            Some(match in_block {
                true if (t - 600) % 360 < 240 => 155 + wander,
                true => 127 + wander,
                false => 124 + wander,
            })
        });
        let sh = shape_of(&reps);
        assert!(sh.held.secs <= 5.0 * MIN, "{sh:?}");
    }

    #[test]
    fn reps_with_jogged_recoveries_stay_reps_when_the_heart_stays_moderate() {
        // 5 × (3 min at 105 % of threshold speed, HR 155; 90 s jog at 72 %, HR down to 146 only).
        let speed = reps_speed(5, 180, 1.05 * T, 90, 0.72 * T);
        let intervals = run_with_hr(1200 + 5 * 270, &speed, |t| {
            let in_block = (600..600 + 5 * 270).contains(&t);
            Some(match in_block {
                true if (t - 600) % 270 < 180 => 155,
                true => 146,
                false => 125,
            })
        });
        let sh = shape_of(&intervals);
        assert_eq!(sh.reps, 5, "{sh:?}");
    }
    /// HR 155 in the reps of [`reps_speed`]`(reps, on, _, off, _)`, 146 between them, 125 before
    /// and after.
    fn reps_hr(reps: usize, on: usize, off: usize) -> impl Fn(usize) -> Option<u8> {
        move |t| {
            let in_block = (600..600 + reps * (on + off)).contains(&t);
            Some(match in_block {
                true if (t - 600) % (on + off) < on => 155,
                true => 146,
                false => 125,
            })
        }
    }

    #[test]
    fn reps_on_a_rolling_route_are_no_hill_session() {
        // 6 × 4 min at 105 % of threshold speed with 90 s jogs, over ground rolling ±3 m every
        // 500 m (1.2 % of climb a metre): the reps hold their share of the climb, two thirds.
        let speed = reps_speed(6, 240, 1.05 * T, 90, 0.72 * T);
        let rolling = |_, d: f64| Some(3.0 * (d / 500.0 * std::f64::consts::TAU).sin());
        let sh = shape_of(&run_on(1200 + 6 * 330, speed, reps_hr(6, 240, 90), rolling));
        assert!(sh.reps >= 3, "{sh:?}");
        assert_eq!(sh.climb_in_reps, 0.0, "{sh:?}");
    }

    #[test]
    fn hill_repeats_climb_in_their_reps() {
        // 6 × (75 s up a 6 % grade at 90 % of threshold speed, 2 min jogging back down).
        let (on, off) = (75, 120);
        let (up, down) = (0.9 * T, 0.75 * T);
        let speed = reps_speed(6, on, up, off, down);
        let climb_per_rep = 0.06 * up * on as f64;
        let hill = move |t: usize, _| {
            let k = t.saturating_sub(600);
            let (rep, into) = (k / (on + off), k % (on + off));
            Some(if t < 600 || rep >= 6 {
                0.0
            } else if into < on {
                climb_per_rep * into as f64 / on as f64
            } else {
                climb_per_rep * (1.0 - (into - on) as f64 / off as f64)
            })
        };
        let sh = shape_of(&run_on(
            1200 + 6 * (on + off),
            speed,
            reps_hr(6, on, off),
            hill,
        ));
        assert!(sh.climb_in_reps >= HILLS_MIN_CLIMB_IN_REPS, "{sh:?}");
    }

    #[test]
    fn one_rep_split_in_two_leaves_a_set_even_and_a_fartlek_stays_uneven() {
        // 6 × 3 min, the third broken by 20 s of jogging (a GPS dropout or a shoelace).
        let split = surges(
            &run(1200 + 6 * 270, |t| {
                let k = t.wrapping_sub(600);
                if t < 600 || k >= 6 * 270 {
                    1000.0 / 330.0
                } else if k % 270 >= 180 || (2 * 270 + 80..2 * 270 + 100).contains(&k) {
                    0.72 * T
                } else {
                    1.05 * T
                }
            }),
            T,
            LOW_TOP,
        );
        assert_eq!(split.count, 7, "{split:?}");
        assert!(split.is_even(), "{split:?}");
        // Surges of 1 to 3 minutes, played by feel, 90 s jogs between.
        let lengths = [60, 180, 90, 150, 70, 120, 170, 100];
        let mut plan = Vec::new();
        for on in lengths {
            plan.extend(std::iter::repeat_n(1.05 * T, on));
            plan.extend(std::iter::repeat_n(0.72 * T, 90));
        }
        let fartlek = surges(
            &run(1200 + plan.len(), |t| {
                t.checked_sub(600)
                    .and_then(|k| plan.get(k).copied())
                    .unwrap_or(1000.0 / 330.0)
            }),
            T,
            LOW_TOP,
        );
        assert_eq!(fartlek.count, lengths.len(), "{fartlek:?}");
        assert!(!fartlek.is_even(), "{fartlek:?}");
    }
    #[test]
    fn a_pace_from_gps_fixes_alone_is_read_over_50_seconds() {
        // 40 minutes at 3.3 m/s and 144–146 bpm, its 10-second pace wobbling ±25 % in a minute's
        // pattern: a GPS's noise. Over 30 s it swings 15 %, over 50 s 5 %.
        let wobble = [1.25, 1.25, 1.25, 0.75, 0.75, 0.75];
        let speed = |t: usize| 3.3 * wobble[(t / 10) % 6];
        // The heart of a steady run, beat to beat.
        let hr = |t: usize| Some(144 + (t % 3) as u8);
        let device = shape_of(&run_with_hr(2400, speed, hr));
        assert!(!device.steady, "{device:?}");
        let mut lat = 52.0;
        let fixes: Vec<Sample> = (0..2400)
            .map(|t| {
                lat += speed(t) / 111_195.0;
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    position: Some((lat, 5.0)),
                    heart_rate: hr(t),
                    ..Default::default()
                }
            })
            .collect();
        let gpx = summarize_run(SourceFormat::Gpx, fixes.clone());
        assert_eq!(gpx.distance_source, DistanceSource::Gps);
        let sh = shape_of(&gpx);
        assert!(sh.steady, "{sh:?}");
        // The same fixes in a FIT file whose session holds the device's total distance (an app's
        // export: records with positions only): the total is the device's, each step's pace is
        // still one from fixes, and read as such.
        let total = gpx.distance_m;
        let fit = crate::summarize::summary::summarize(crate::activity::Activity {
            format: Some(SourceFormat::Fit),
            sport: crate::activity::Sport::Running,
            samples: fixes,
            totals: crate::activity::DeviceTotals {
                distance_m: Some(total),
                ..Default::default()
            },
            ..Default::default()
        });
        assert_eq!(fit.distance_source, DistanceSource::Device);
        assert_eq!(fit.pace_source(), DistanceSource::Gps);
        let sh = shape_of(&fit);
        assert!(sh.steady, "{sh:?}");
    }
    #[test]
    fn a_steady_run_stopped_at_three_lights_is_still_one_steady_effort() {
        // 42 minutes at 4:45/km and 150 bpm; at minutes 12, 20 and 28 the runner stands 40 s at a
        // light: HR falls 20 bpm while standing and climbs back over the next minute.
        let lights = [720usize, 1200, 1680];
        let standing = move |t: usize| lights.iter().any(|&s| (s..s + 40).contains(&t));
        let speed = move |t: usize| if standing(t) { 0.0 } else { 1000.0 / 285.0 };
        let hr = move |t: usize| {
            let dip: f64 = lights
                .iter()
                .map(|&s| match t.checked_sub(s) {
                    Some(k) if k < 40 => 0.5 * k as f64,
                    Some(k) if k < 100 => 20.0 - (k - 40) as f64 / 3.0,
                    _ => 0.0,
                })
                .sum();
            Some((150.0 - dip + (t % 3) as f64).round() as u8)
        };
        let stopped = shape_of(&run_with_hr(2520, speed, hr));
        assert!(stopped.steady, "{stopped:?}");
        // The same stops every 100 s (reps with standing rests): mostly restarts, no steady run.
        let rests = move |t: usize| t >= 300 && (t - 300) % 100 < 40;
        let reps = shape_of(&run_with_hr(
            2520,
            move |t| if rests(t) { 0.0 } else { 1000.0 / 285.0 },
            move |t| Some(if rests(t) { 130 } else { 150 }),
        ));
        assert!(!reps.steady, "{reps:?}");
    }

    #[test]
    fn ten_minutes_down_a_long_hill_are_not_threshold_work() {
        // 20 minutes easy on the flat, then 12 minutes at threshold pace down a 5 % slope: the
        // legs ran a tenth easier than threshold.
        let speed = |t: usize| if t < 1200 { 0.8 * T } else { T };
        let flat_end = 1200.0 * 0.8 * T;
        let descent = move |_, d: f64| Some(500.0 - 0.05 * (d - flat_end).max(0.0));
        let sh = shape_of(&run_on(1920, speed, |t| Some(140 + (t % 3) as u8), descent));
        let best = sh.best_10min_speed.unwrap_or(0.0);
        assert!(best > 0.8 * T, "{sh:?}");
        assert!(best < GRAY_MAX_THRESHOLD_SPEED * T, "{sh:?}");
    }
}
