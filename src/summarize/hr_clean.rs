//! Heart-rate cleaning, before any statistic is taken.
//!
//! Optical sensors and chest straps lie in known ways: values outside what a human heart does, a
//! chest strap that reads 180–200 for the first minutes of an easy run (dry contacts, cadence lock),
//! and dropouts where the reading collapses far below the surrounding values or the sensor stops
//! sending. Each is found here, excluded, and reported.

use crate::activity::Sample;
use crate::summarize::grade::effort_of_grade;
use crate::summarize::quantile::median;

/// Physiologically possible heart rates while exercising (bpm).
pub const MIN_VALID_HR: u8 = 30;
pub const MAX_VALID_HR: u8 = 230;

/// How far above the settled HR a start-of-run reading must be (at no higher pace) to be a spike.
const SPIKE_MARGIN_BPM: f64 = 25.0;
/// Strap spikes live in the first minutes; after that a high HR is believed.
const SPIKE_WINDOW_S: f64 = 8.0 * 60.0;
/// The settled HR the spike is measured against is taken from here to 20 minutes in; nothing
/// after that matters to the spike check, so callers need no speeds past it.
pub(crate) const SETTLED_END_S: f64 = SPIKE_WINDOW_S + 12.0 * 60.0;
/// A sparse recorder's settled HR is told by this many readings at least, over five minutes.
const SPIKE_SPARSE_MIN_READINGS: usize = 6;
/// A dropout reads this far below the local median.
const DROPOUT_MARGIN_BPM: f64 = 35.0;
/// Window of the local median used to spot dropouts.
const DROPOUT_WINDOW_S: f64 = 60.0;

/// What cleaning did to one activity's heart rate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HrCleaning {
    /// Cleaned HR per sample (None: no reading, or a reading that was thrown away).
    pub hr: Vec<Option<u8>>,
    pub out_of_range: usize,
    /// Seconds at the start excluded as a strap spike.
    pub spike_s: f64,
    /// Samples excluded as dropouts (readings collapsing far below their neighbours).
    pub dropout_samples: usize,
    /// Stretches where the sensor read the step rate (see [`remove_cadence_lock`]).
    pub cadence_lock: CadenceLock,
}

impl HrCleaning {
    pub fn changed(&self) -> bool {
        self.out_of_range > 0
            || self.spike_s > 0.0
            || self.dropout_samples > 0
            || self.cadence_lock.seconds > 0.0
    }
}

/// Cleans the heart rate of time-ordered samples. `speed` is the moving speed per sample (m/s) if
/// known, used to tell a strap spike (HR high at an easy pace) from a fast start (HR high because the
/// runner is fast); it needs to cover only the samples of the first [`SETTLED_END_S`] seconds.
pub fn clean(samples: &[Sample], speed: &[Option<f64>]) -> HrCleaning {
    let mut out = HrCleaning {
        hr: Vec::with_capacity(samples.len()),
        ..Default::default()
    };
    out.hr.extend(samples.iter().map(|s| {
        // Zero is how many devices write "no sensor": no reading, not a bad one.
        let h = s.heart_rate.filter(|&h| h != 0)?;
        let valid = (MIN_VALID_HR..=MAX_VALID_HR).contains(&h);
        out.out_of_range += usize::from(!valid);
        valid.then_some(h)
    }));
    out.spike_s = remove_start_spike(samples, speed, &mut out.hr);
    out.dropout_samples =
        remove_dropouts(samples, &mut out.hr) + remove_stuck(samples, &mut out.hr);
    out
}

/// Finds a strap spike at the start: HR far above the HR the runner settles at later, while running
/// no faster than later. Returns the seconds excluded.
fn remove_start_spike(samples: &[Sample], speed: &[Option<f64>], hr: &mut [Option<u8>]) -> f64 {
    let Some(first) = samples.first() else {
        return 0.0;
    };
    let t0 = first.time;
    // The reference: HR and speed once the start is over (minutes 8–20, or what the run has).
    // Samples are in time order, so the settled stretch is found by bisection, not by a scan.
    let usable = samples.len().min(hr.len()).min(speed.len());
    let from = samples[..usable].partition_point(|s| s.time - t0 < SPIKE_WINDOW_S);
    let mut settled_hr: Vec<u8> = Vec::new();
    let mut settled_speed: Vec<f64> = Vec::new();
    let (mut first_settled, mut last_settled) = (None, 0.0);
    for ((s, h), v) in samples[from..usable]
        .iter()
        .zip(&hr[from..usable])
        .zip(&speed[from..usable])
    {
        if s.time - t0 >= SETTLED_END_S {
            break;
        }
        if let Some(h) = *h {
            settled_hr.push(h);
            settled_speed.extend(*v);
            first_settled.get_or_insert(s.time);
            last_settled = s.time;
        }
    }
    // Twenty readings, or (a watch recording every 20–60 s) a few spread over five minutes.
    let spread_s = first_settled.map_or(0.0, |first| last_settled - first);
    if settled_hr.len() < 20 && (settled_hr.len() < SPIKE_SPARSE_MIN_READINGS || spread_s < 300.0) {
        return 0.0;
    }
    let Some(settled_hr) = median_u8(&mut settled_hr).map(f64::from) else {
        return 0.0;
    };
    let settled_speed = if settled_speed.is_empty() {
        None
    } else {
        Some(median(&mut settled_speed))
    };
    // The spike is the stretch from the start to the last early sample that reads implausibly high;
    // it must begin within the first minute (a spike starts with the run), and the runner must not
    // have been running faster through it than later (a fast start lifts a real heart). The pace
    // is judged over the whole stretch: on rolling ground one second's speed swings with the
    // slope, and a spike's samples down a hill are a spike all the same.
    let mut last_spiky: Option<usize> = None;
    let mut first_spiky: Option<usize> = None;
    for (i, s) in samples.iter().enumerate() {
        if s.time - t0 >= SPIKE_WINDOW_S {
            break;
        }
        let Some(h) = hr[i] else { continue };
        if h as f64 > settled_hr + SPIKE_MARGIN_BPM {
            first_spiky.get_or_insert(i);
            last_spiky = Some(i);
        }
    }
    let (Some(first_i), Some(last_i)) = (first_spiky, last_spiky) else {
        return 0.0;
    };
    if samples[first_i].time - t0 > 60.0 {
        return 0.0;
    }
    // Grade-adjusted: a spike down the first hill is run faster, and no harder, than the climb
    // the runner settles on.
    let end = last_i.min(usable.saturating_sub(1));
    let stretch: Vec<f64> = speed[..=end].iter().flatten().copied().collect();
    if let (Some(ref_v), false) = (settled_speed, stretch.is_empty()) {
        let mean = stretch.iter().sum::<f64>() / stretch.len() as f64;
        let settled_end = samples[..usable]
            .partition_point(|s| s.time - t0 < SETTLED_END_S)
            .max(from);
        let effort = |range: &[Sample]| effort_of_grade(net_grade(range).unwrap_or(0.0));
        if mean * effort(&samples[..=end]) > ref_v * 1.1 * effort(&samples[from..settled_end]) {
            return 0.0;
        }
    }
    for h in hr.iter_mut().take(last_i + 1) {
        *h = None;
    }
    samples[last_i].time - t0
}

/// Net climb per metre run over `samples` (first to last sample with altitude and distance).
fn net_grade(samples: &[Sample]) -> Option<f64> {
    let at = |s: &Sample| Some((s.altitude_m? as f64, s.distance_m?));
    let (a0, d0) = samples.iter().find_map(at)?;
    let (a1, d1) = samples.iter().rev().find_map(at)?;
    (d1 - d0 > 50.0).then(|| (a1 - a0) / (d1 - d0))
}

/// Drops readings that collapse far below the median of the surrounding minute: a strap losing
/// contact reads 60–90 bpm in the middle of a run. Returns the number of samples dropped.
fn remove_dropouts(samples: &[Sample], hr: &mut [Option<u8>]) -> usize {
    let n = samples.len();
    if n < 10 {
        return 0;
    }
    let half = DROPOUT_WINDOW_S / 2.0;
    let mut window = HrWindow::default();
    let mut drop = vec![false; n];
    let (mut lo, mut hi) = (0usize, 0usize);
    // The median moves slowly: it is looked up again every five readings, not at each one.
    let mut cached_median = f64::NAN;
    let mut cached_at = usize::MAX;
    for i in 0..n {
        let Some(h) = hr[i] else { continue };
        if cached_at == usize::MAX || i >= cached_at + 5 {
            // The window is only read here, and what it holds depends on this reading's time
            // alone (samples are in time order), so it is brought up to date here only.
            let t = samples[i].time;
            while lo < n && samples[lo].time < t - half {
                if lo < hi {
                    window.remove(hr[lo]);
                }
                lo += 1;
            }
            hi = hi.max(lo);
            while hi < n && samples[hi].time <= t + half {
                window.add(hr[hi]);
                hi += 1;
            }
            cached_median = if window.len() >= 5 {
                window.median()
            } else {
                f64::NAN
            };
            cached_at = i;
        }
        if cached_median.is_finite() && (h as f64) < cached_median - DROPOUT_MARGIN_BPM {
            drop[i] = true;
        }
    }
    let mut dropped = 0;
    for (h, d) in hr.iter_mut().zip(drop) {
        if d && h.is_some() {
            *h = None;
            dropped += 1;
        }
    }
    dropped
}

/// The heart rates of a sliding window, as a histogram: a reading enters and leaves in O(1), and
/// the median is a walk over 16 block counts and 16 bins, instead of a sort of the window.
pub(crate) struct HrWindow {
    counts: [u32; 256],
    /// Readings in each run of 16 consecutive bpm values.
    blocks: [u32; 16],
    len: usize,
}

impl Default for HrWindow {
    fn default() -> Self {
        HrWindow {
            counts: [0; 256],
            blocks: [0; 16],
            len: 0,
        }
    }
}

impl HrWindow {
    pub(crate) fn add(&mut self, hr: Option<u8>) {
        if let Some(h) = hr {
            self.counts[usize::from(h)] += 1;
            self.blocks[usize::from(h >> 4)] += 1;
            self.len += 1;
        }
    }

    pub(crate) fn remove(&mut self, hr: Option<u8>) {
        if let Some(h) = hr {
            let count = &mut self.counts[usize::from(h)];
            if *count > 0 {
                *count -= 1;
                self.blocks[usize::from(h >> 4)] -= 1;
                self.len -= 1;
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The same value [`median`] gives for the window's readings: the element at index `len / 2`
    /// of the sorted window (the upper one of the two middles when `len` is even).
    pub(crate) fn median(&self) -> f64 {
        let rank = self.len / 2;
        let mut below = 0usize;
        for (block, &in_block) in self.blocks.iter().enumerate() {
            if below + in_block as usize <= rank {
                below += in_block as usize;
                continue;
            }
            for value in block * 16..block * 16 + 16 {
                below += self.counts[value] as usize;
                if below > rank {
                    return value as f64;
                }
            }
        }
        f64::NAN
    }
}

/// The median of a few heart rates, as [`median`] computes it, without leaving integers.
pub(crate) fn median_u8(values: &mut [u8]) -> Option<u8> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable(mid);
    Some(*m)
}

/// A wrist sensor locked on cadence reads the step rate as the heart rate: within this many bpm
/// of steps per minute (the arm swings once a step; a real heart matches it only by chance).
const LOCK_MATCH_BPM: u16 = 3;
/// …for at least 2 minutes (a chance match at a few readings is not a lock)…
const LOCK_MIN_S: f64 = 120.0;
/// …over at least 70 % of its readings (the lock slips and catches again)…
const LOCK_MIN_MATCHED: f64 = 0.7;
/// …while reading at least 10 bpm above the HR just before (or after) it…
const LOCK_JUMP_BPM: f64 = 10.0;
/// …at no more than 8 % more (grade-adjusted) speed: the heart follows the legs, a lock does not.
const LOCK_MAX_SPEEDUP: f64 = 1.08;
/// The HR the stretch is held against: the 40 s before it (or after it), less 5 s at the edge.
/// A heart cannot rise 10 bpm in that time at an unchanged pace; a lock jumps in seconds.
const LOCK_REFERENCE_S: f64 = 40.0;
const LOCK_EDGE_S: f64 = 5.0;
/// A lock also leaps: the sensor slides to the step rate in a few seconds, so the HR over the
/// stretch's first 15 s stands 10 bpm above the 15 s before its edge (or its last 15 s above
/// the 15 s after). A heart rises a few bpm in that time, even when it rises 10 bpm over 40 s:
/// it lags the legs by a minute or two, so 40 s after a surge or at the foot of a climb it is
/// still catching up at what looks like an unchanged pace (a fenix 6's progression run, a trail
/// runner's climb from a valley, both read as locks before this).
const LOCK_LEAP_S: f64 = 15.0;
/// Unmatched readings bridged inside one locked stretch.
const LOCK_BRIDGE_S: f64 = 15.0;
/// Steps per minute a runner takes: the range a lock can sit in.
const LOCK_MIN_STEPS: u16 = 130;

/// What the cadence-lock check found: locked seconds, the step rate the sensor read, and how far
/// above the surrounding HR (at the same pace) the readings sat.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CadenceLock {
    pub seconds: f64,
    pub steps_per_min: f64,
    pub jump_bpm: f64,
    pub stretches: usize,
    /// Found without a cadence to match (see [`remove_blind_lock`]).
    pub blind: bool,
}

/// Without a cadence in the file, a lock is told by its shape alone: the HR leaps this far in
/// seconds at an unchanged pace, holds where a step rate sits, and falls back as far, again at
/// the same pace. No heart does that: it follows the legs, and rises 25 bpm over minutes.
const BLIND_LEAP_BPM: f64 = 25.0;
/// Where the readings looked at for a leap start: this long before a reading.
const BLIND_LOOK_BACK_S: f64 = 20.0;
/// A step rate: 150 to 200 steps a minute (a runner's, walking excluded).
const BLIND_STEPS: std::ops::RangeInclusive<f64> = 150.0..=200.0;
/// Leaps weighed in a run, each with a search for its fall: a lock slips a few times a run, and
/// a strap's noise leaping every second costs no more than this many searches.
const BLIND_MAX_LEAPS: usize = 16;

/// Steps per minute from a recorded cadence: running watches write strides of one foot (under
/// 120), some exporters steps. Whole numbers, as heart rates are: matching them stays in integers.
fn steps_per_min(cadence: Option<u8>) -> Option<u16> {
    let c = u16::from(cadence.filter(|&c| c > 0)?);
    let steps = if c < 120 { 2 * c } else { c };
    (steps >= LOCK_MIN_STEPS).then_some(steps)
}

/// Finds stretches where HR reads the step rate instead of the heart — close to cadence for
/// minutes, well above the HR around it while the (grade-adjusted) pace did not pick up — and
/// drops those readings, so the stretch is judged by pace. `distance` is metres from the start at
/// each sample (NaN where unknown).
pub fn remove_cadence_lock(
    samples: &[Sample],
    distance: &[f64],
    hr: &mut [Option<u8>],
) -> CadenceLock {
    let n = samples.len().min(hr.len()).min(distance.len());
    if !samples[..n]
        .iter()
        .any(|s| steps_per_min(s.cadence).is_some())
    {
        return remove_blind_lock(&samples[..n], &distance[..n], &mut hr[..n]);
    }
    let mut found = CadenceLock::default();
    let matched = |i: usize| -> bool {
        match (hr[i], steps_per_min(samples[i].cadence)) {
            (Some(h), Some(steps)) => u16::from(h).abs_diff(steps) <= LOCK_MATCH_BPM,
            _ => false,
        }
    };
    // Most runs have no cadence at all, or never match: one cheap scan says so.
    if !(0..n).any(matched) {
        return found;
    }
    let flags: Vec<bool> = (0..n).map(matched).collect();
    let mut locked: Vec<(usize, usize, f64, f64)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !flags[i] {
            i += 1;
            continue;
        }
        // Grow the stretch over matched readings, bridging short slips.
        let (start, mut end) = (i, i);
        let mut j = i + 1;
        while j < n && samples[j].time - samples[end].time <= LOCK_BRIDGE_S {
            if flags[j] {
                end = j;
            }
            j += 1;
        }
        i = end + 1;
        let span = samples[end].time - samples[start].time;
        if span < LOCK_MIN_S {
            continue;
        }
        let readings = (start..=end).filter(|&k| hr[k].is_some()).count();
        let hits = (start..=end).filter(|&k| flags[k]).count();
        if readings == 0 || (hits as f64) < LOCK_MIN_MATCHED * readings as f64 {
            continue;
        }
        let Some((hr_in, speed_in)) = stretch_effort(samples, distance, hr, start, end) else {
            continue;
        };
        // Held against the minutes before it, else after it: a heart that rose with the legs (a
        // surge, a climb) is believed; one that jumped at the same pace is not.
        let t0 = samples[start].time;
        let t1 = samples[end].time;
        let before = window(samples, 0, start, t0 - LOCK_REFERENCE_S, t0 - LOCK_EDGE_S);
        let after = window(samples, end + 1, n, t1 + LOCK_EDGE_S, t1 + LOCK_REFERENCE_S);
        let leapt = |entering: bool| {
            let (inside, edge) = if entering {
                (
                    window(samples, start, end + 1, t0, t0 + LOCK_LEAP_S),
                    window(
                        samples,
                        0,
                        start,
                        t0 - LOCK_EDGE_S - LOCK_LEAP_S,
                        t0 - LOCK_EDGE_S,
                    ),
                )
            } else {
                (
                    window(samples, start, end + 1, t1 - LOCK_LEAP_S, t1),
                    window(
                        samples,
                        end + 1,
                        n,
                        t1 + LOCK_EDGE_S,
                        t1 + LOCK_EDGE_S + LOCK_LEAP_S,
                    ),
                )
            };
            stands_above(hr, inside, edge, LOCK_JUMP_BPM)
        };
        let jumped =
            [(before, true), (after, false)]
                .into_iter()
                .find_map(|(reference, entering)| {
                    let (a, b) = reference?;
                    let (hr_ref, speed_ref) = stretch_effort(samples, distance, hr, a, b)?;
                    let same_pace = speed_ref > 0.0 && speed_in <= speed_ref * LOCK_MAX_SPEEDUP;
                    (same_pace && hr_in - hr_ref >= LOCK_JUMP_BPM && leapt(entering))
                        .then_some(hr_in - hr_ref)
                });
        if let Some(jump) = jumped {
            let steps: Vec<f64> = (start..=end)
                .filter_map(|k| steps_per_min(samples[k].cadence).map(f64::from))
                .collect();
            let mean_steps = steps.iter().sum::<f64>() / steps.len().max(1) as f64;
            locked.push((start, end, mean_steps, jump));
        }
    }
    for (start, end, steps, jump) in locked {
        let secs = samples[end].time - samples[start].time;
        found.steps_per_min =
            (found.steps_per_min * found.seconds + steps * secs) / (found.seconds + secs).max(1e-9);
        found.jump_bpm = found.jump_bpm.max(jump);
        found.seconds += secs;
        found.stretches += 1;
        for h in &mut hr[start..=end] {
            *h = None;
        }
    }
    found
}

/// A lock in a file without cadence (a phone app's GPX, many TCX exports): an island of HR in a
/// step rate's range that leapt [`BLIND_LEAP_BPM`] above the HR before it and fell as far to the
/// HR after it, both at the pace around it, held [`LOCK_MIN_S`] or more. Its readings are dropped,
/// so the stretch is judged by pace. A recovery jog read "tempo run" with 15 minutes at 170 bpm
/// between 124 and 125 at the same 6:25/km.
fn remove_blind_lock(samples: &[Sample], distance: &[f64], hr: &mut [Option<u8>]) -> CadenceLock {
    let n = samples.len();
    let mut found = CadenceLock {
        blind: true,
        ..CadenceLock::default()
    };
    // One pass finds readings 25 bpm above a reading 20 s before them: most runs have none.
    let mut candidates = Vec::new();
    let mut back = 0;
    for i in 0..n {
        while back + 1 < i && samples[back + 1].time <= samples[i].time - BLIND_LOOK_BACK_S {
            back += 1;
        }
        if let (Some(now), Some(then)) = (hr[i], hr[back]) {
            if f64::from(now) - f64::from(then) >= BLIND_LEAP_BPM && back < i {
                candidates.push(back);
            }
        }
    }
    candidates.dedup();
    let mut after_last = 0;
    let mut leaps = 0;
    for edge in candidates {
        if edge < after_last {
            continue;
        }
        let t0 = samples[edge].time;
        // The leap: the 15 s from the edge against the 15 s before it, at the same pace.
        let inside = window(samples, edge, n, t0, t0 + LOCK_LEAP_S);
        let before = window(samples, 0, edge, t0 - LOCK_EDGE_S - LOCK_LEAP_S, t0);
        if !stands_above(hr, inside, before, BLIND_LEAP_BPM) {
            continue;
        }
        leaps += 1;
        if leaps > BLIND_MAX_LEAPS {
            break;
        }
        // The fall back: the first reading LOCK_MIN_S on from which the HR drops as far.
        let Some(end) = (edge..n)
            .skip_while(|&k| samples[k].time < t0 + LOCK_MIN_S)
            .find(|&k| {
                let t1 = samples[k].time;
                stands_above(
                    hr,
                    window(samples, edge, k + 1, t1 - LOCK_LEAP_S, t1),
                    window(
                        samples,
                        k + 1,
                        n,
                        t1 + LOCK_EDGE_S,
                        t1 + LOCK_EDGE_S + LOCK_LEAP_S,
                    ),
                    BLIND_LEAP_BPM,
                )
            })
        else {
            continue;
        };
        let t1 = samples[end].time;
        let Some((hr_in, speed_in)) = stretch_effort(samples, distance, hr, edge + 1, end) else {
            continue;
        };
        let reference = |range: Option<(usize, usize)>| {
            let (a, b) = range?;
            stretch_effort(samples, distance, hr, a, b)
        };
        let (Some((hr_before, speed_before)), Some((hr_after, speed_after))) = (
            reference(window(samples, 0, edge + 1, t0 - LOCK_REFERENCE_S, t0)),
            reference(window(
                samples,
                end + 1,
                n,
                t1 + LOCK_EDGE_S,
                t1 + LOCK_REFERENCE_S,
            )),
        ) else {
            continue;
        };
        let same_pace = |speed_ref: f64| {
            speed_ref > 0.0
                && speed_in <= speed_ref * LOCK_MAX_SPEEDUP
                && speed_in * LOCK_MAX_SPEEDUP >= speed_ref
        };
        let island = hr_in - hr_before.max(hr_after);
        if BLIND_STEPS.contains(&hr_in)
            && island >= BLIND_LEAP_BPM
            && same_pace(speed_before)
            && same_pace(speed_after)
        {
            // The lock's own readings: from the first past halfway up the leap to the last
            // before halfway down the fall (the windows found them to within 15 s).
            let up = (hr_before + hr_in) / 2.0;
            let down = (hr_after + hr_in) / 2.0;
            let high = |k: &usize, line: f64| hr[*k].is_some_and(|h| f64::from(h) >= line);
            let reach =
                window(samples, end, n, t1, t1 + LOCK_EDGE_S + LOCK_LEAP_S).map_or(end, |(_, b)| b);
            let (Some(first), Some(last)) = (
                (edge..=end).find(|k| high(k, up)),
                (edge..=reach).rev().find(|k| high(k, down)),
            ) else {
                continue;
            };
            if last <= first {
                continue;
            }
            let secs = samples[last].time - samples[first].time;
            found.steps_per_min = (found.steps_per_min * found.seconds + hr_in * secs)
                / (found.seconds + secs).max(1e-9);
            found.jump_bpm = found.jump_bpm.max(island);
            found.seconds += secs;
            found.stretches += 1;
            for h in &mut hr[first..=last] {
                *h = None;
            }
            after_last = last + 1;
        }
    }
    found
}

/// Whether the HR over `high` stands `by_bpm` above the HR over `low` (each a range of samples
/// with two readings or more).
fn stands_above(
    hr: &[Option<u8>],
    high: Option<(usize, usize)>,
    low: Option<(usize, usize)>,
    by_bpm: f64,
) -> bool {
    match (mean_hr(hr, high), mean_hr(hr, low)) {
        (Some(high), Some(low)) => high - low >= by_bpm,
        _ => false,
    }
}

/// Mean of the readings over a range of samples, when it holds two or more.
fn mean_hr(hr: &[Option<u8>], range: Option<(usize, usize)>) -> Option<f64> {
    let (a, b) = range?;
    let (sum, count) = hr
        .get(a..=b)?
        .iter()
        .flatten()
        .fold((0.0, 0usize), |(s, c), &h| (s + f64::from(h), c + 1));
    (count >= 2).then(|| sum / count as f64)
}

/// Index range `[from, to)` of the samples timed in `[t_from, t_to]`, if it holds any.
fn window(
    samples: &[Sample],
    from: usize,
    to: usize,
    t_from: f64,
    t_to: f64,
) -> Option<(usize, usize)> {
    let slice = &samples[from..to];
    let a = from + slice.partition_point(|s| s.time < t_from);
    let b = from + slice.partition_point(|s| s.time <= t_to);
    (b > a + 1).then(|| (a, b - 1))
}

/// Mean HR and grade-adjusted speed over samples `a..=b` (needs readings and distance).
fn stretch_effort(
    samples: &[Sample],
    distance: &[f64],
    hr: &[Option<u8>],
    a: usize,
    b: usize,
) -> Option<(f64, f64)> {
    let (sum, count) = hr[a..=b]
        .iter()
        .flatten()
        .fold((0.0, 0usize), |(s, c), &h| (s + f64::from(h), c + 1));
    if count < 5 {
        return None;
    }
    let dt = samples[b].time - samples[a].time;
    let dd = distance[b] - distance[a];
    if !(dt > 0.0 && dd.is_finite() && dd > 0.0) {
        return None;
    }
    let climb = match (samples[a].altitude_m, samples[b].altitude_m) {
        (Some(x), Some(y)) => (f64::from(y) - f64::from(x)).max(0.0),
        _ => 0.0,
    };
    Some((sum / count as f64, dd / dt * effort_of_grade(climb / dd)))
}

/// A sensor that froze repeats one value: a living heart never reads exactly the same for this
/// long over this many readings.
const STUCK_MIN_S: f64 = 90.0;
const STUCK_MIN_SAMPLES: usize = 15;

/// Drops stretches where HR repeats one exact value for 90 s or more (over 15+ readings).
/// Returns the number of samples dropped.
///
/// A stretch is a reading and the readings (or gaps) after it that repeat it. HR changes every
/// few seconds, so where one stretch ends is a coin toss for the processor's branch predictor:
/// the stretch's start, readings and value follow as conditional moves, and the only branch
/// asks whether a stretch that just ended was stuck (almost never).
fn remove_stuck(samples: &[Sample], hr: &mut [Option<u8>]) -> usize {
    let n = samples.len().min(hr.len());
    let mut dropped = 0;
    let mut drop_stretch = |hr: &mut [Option<u8>]| {
        for h in hr {
            if h.take().is_some() {
                dropped += 1;
            }
        }
    };
    // The stretch so far: its value (None before the first reading), first sample, readings.
    let (mut value, mut start, mut readings) = (None, 0usize, 0usize);
    for j in 0..n {
        let h = hr[j];
        let ends = h.is_some() & (h != value);
        // Only the stretch `start..j` that `h` ends can be stuck; a span, not the readings,
        // rules out nearly every one.
        let long = j > 0 && samples[j - 1].time - samples[start].time >= STUCK_MIN_S;
        if ends & long & value.is_some() & (readings >= STUCK_MIN_SAMPLES) {
            drop_stretch(&mut hr[start..j]);
        }
        start = if ends { j } else { start };
        readings = if ends {
            1
        } else {
            readings + usize::from(h.is_some())
        };
        value = if h.is_some() { h } else { value };
    }
    let long = n > 0 && samples[n - 1].time - samples[start].time >= STUCK_MIN_S;
    if long && value.is_some() && readings >= STUCK_MIN_SAMPLES {
        drop_stretch(&mut hr[start..n]);
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run whose HR follows `hr`, with the beat-to-beat wobble of a real heart (±1 bpm).
    fn run(hr: impl Fn(usize) -> Option<u8>, n: usize) -> Vec<Sample> {
        (0..n)
            .map(|i| Sample {
                time: 1_600_000_000.0 + i as f64,
                heart_rate: hr(i).map(|h| {
                    if h > 100 && h < 200 {
                        h - 1 + (i % 3) as u8
                    } else {
                        h
                    }
                }),
                speed_mps: Some(3.0),
                ..Default::default()
            })
            .collect()
    }

    fn speeds(n: usize) -> Vec<Option<f64>> {
        vec![Some(3.0); n]
    }

    #[test]
    fn out_of_range_values_are_dropped() {
        let s = run(
            |i| {
                Some(if i == 5 {
                    250
                } else if i == 6 {
                    20
                } else {
                    140
                })
            },
            100,
        );
        let c = clean(&s, &speeds(100));
        assert_eq!(c.out_of_range, 2);
        assert_eq!(c.hr[5], None);
        assert_eq!(c.hr[6], None);
        assert_eq!(c.hr[7], Some(140));
    }

    #[test]
    fn strap_spike_at_easy_pace_is_removed() {
        // 190 bpm for the first 2 minutes at the same easy pace the runner then holds at 140 bpm.
        let s = run(|i| Some(if i < 120 { 190 } else { 140 }), 1800);
        let c = clean(&s, &speeds(1800));
        assert_eq!(c.spike_s, 119.0);
        assert!(c.hr[..120].iter().all(|h| h.is_none()));
        assert!(c.hr[120].is_some_and(|h| (139..=141).contains(&h)));
    }

    #[test]
    fn a_strap_spike_recorded_once_a_minute_is_removed() {
        // A watch saving battery: a record a minute, the first three at 190 bpm at the pace the
        // runner then holds at 140. Minutes 8–20 hold 12 readings, not the 20 a dense recording
        // gives: the spike stayed, and set the runner's max HR 10 bpm high.
        let dense = run(|i| Some(if i < 150 { 190 } else { 140 }), 1800);
        // Every 61 s, so the readings still wobble by a beat (a frozen sensor does not).
        let s: Vec<Sample> = dense.into_iter().step_by(61).collect();
        let c = clean(&s, &vec![Some(3.0); s.len()]);
        assert_eq!(c.spike_s, 122.0);
        assert!(c.hr[..3].iter().all(|h| h.is_none()));
        assert!(c.hr[3].is_some_and(|h| (139..=141).contains(&h)));
        // Three readings over minutes 8–20 tell nothing: nothing is removed.
        let few: Vec<Sample> = s
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < 3 || *k % 4 == 0)
            .map(|(_, x)| *x)
            .collect();
        let c = clean(&few, &vec![Some(3.0); few.len()]);
        assert_eq!(c.spike_s, 0.0);
    }

    #[test]
    fn strap_spike_down_the_first_hill_is_removed() {
        // 190 bpm for the first 100 s, run down a 3 % slope at 3.4 m/s; then 140 bpm climbing 5 %
        // at 2.8 m/s: a fifth faster, no harder.
        let mut d = 0.0;
        let mut alt = 100.0;
        let s: Vec<Sample> = run(|i| Some(if i < 100 { 190 } else { 140 }), 1800)
            .into_iter()
            .enumerate()
            .map(|(i, mut x)| {
                let (v, grade) = if i < 100 { (3.4, -0.03) } else { (2.8, 0.05) };
                d += v;
                alt += v * grade;
                x.speed_mps = Some(v as f32);
                x.distance_m = Some(d);
                x.altitude_m = Some(alt as f32);
                x
            })
            .collect();
        let v: Vec<Option<f64>> = s.iter().map(|x| x.speed_mps.map(f64::from)).collect();
        let c = clean(&s, &v);
        assert_eq!(c.spike_s, 99.0);
    }

    #[test]
    fn fast_start_is_not_a_spike() {
        let s = run(|i| Some(if i < 120 { 185 } else { 140 }), 1800);
        let v: Vec<Option<f64>> = (0..1800)
            .map(|i| Some(if i < 120 { 5.0 } else { 3.0 }))
            .collect();
        let c = clean(&s, &v);
        assert_eq!(c.spike_s, 0.0);
        assert_eq!(c.hr[10], Some(185));
    }

    /// The rule as first written, one stretch at a time: the oracle of [`remove_stuck`].
    fn remove_stuck_by_stretches(samples: &[Sample], hr: &mut [Option<u8>]) -> usize {
        let mut dropped = 0;
        let mut i = 0;
        while i < hr.len() {
            let Some(value) = hr[i] else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < hr.len() && hr[j].is_none_or(|h| h == value) {
                j += 1;
            }
            let span = samples[j - 1].time - samples[i].time;
            if span >= STUCK_MIN_S
                && hr[i..j].iter().filter(|h| h.is_some()).count() >= STUCK_MIN_SAMPLES
            {
                for h in &mut hr[i..j] {
                    if h.take().is_some() {
                        dropped += 1;
                    }
                }
            }
            i = j;
        }
        dropped
    }

    #[test]
    fn stuck_stretches_are_found_as_one_stretch_at_a_time_finds_them() {
        let mut rng = testkit::rng::Rng::new(0x853c_49e6_748f_ea9b);
        let mut next = move |m: u64| rng.next_u64() % m;
        let mut stuck_somewhere = 0;
        for case in 0..400 {
            let n = 1 + case * 2;
            let mut t = 0.0;
            let samples: Vec<Sample> = (0..n)
                .map(|_| {
                    t += [0.0, 1.0, 1.0, 2.0, 8.0][next(5) as usize];
                    Sample {
                        time: t,
                        ..Default::default()
                    }
                })
                .collect();
            // Long flat stretches, gaps inside and at the ends, and a value that comes back.
            let mut value = 140u8;
            let hr: Vec<Option<u8>> = (0..n)
                .map(|_| {
                    if next(40) == 0 {
                        value = 130 + next(3) as u8;
                    }
                    (next(4) != 0).then_some(value)
                })
                .collect();
            let (mut fast, mut slow) = (hr.clone(), hr);
            let dropped = remove_stuck(&samples, &mut fast);
            assert_eq!(
                dropped,
                remove_stuck_by_stretches(&samples, &mut slow),
                "case {case}"
            );
            assert_eq!(fast, slow, "case {case}");
            stuck_somewhere += usize::from(dropped > 0);
        }
        assert!(stuck_somewhere > 100, "{stuck_somewhere}");
    }

    #[test]
    fn a_frozen_sensor_is_removed_but_a_steady_heart_is_not() {
        // 2 minutes stuck at exactly 151 in the middle of a run that otherwise varies.
        let mut s = run(|_| Some(140), 1200);
        for sample in &mut s[600..720] {
            sample.heart_rate = Some(151);
        }
        let c = clean(&s, &speeds(1200));
        assert_eq!(c.dropout_samples, 120);
        assert_eq!(c.hr[650], None);
        assert!(c.hr[800].is_some());
        // 40 s of one value is just a steady heart.
        let mut s = run(|_| Some(140), 1200);
        for sample in &mut s[600..640] {
            sample.heart_rate = Some(151);
        }
        assert_eq!(clean(&s, &speeds(1200)).dropout_samples, 0);
    }

    #[test]
    fn window_median_is_the_sorted_median_as_readings_come_and_go() {
        // A sliding window of 1..=40 readings over a wobbling, climbing heart rate.
        let readings: Vec<u8> = (0..400u32)
            .map(|i| (100 + i / 5 + (i * 7) % 11) as u8)
            .collect();
        let mut window = HrWindow::default();
        let mut lo = 0;
        for (hi, &h) in readings.iter().enumerate() {
            window.add(Some(h));
            if hi - lo > hi % 40 {
                window.remove(Some(readings[lo]));
                lo += 1;
            }
            let mut sorted: Vec<f64> = readings[lo..=hi].iter().map(|&x| f64::from(x)).collect();
            assert_eq!(window.len(), sorted.len());
            assert_eq!(window.median(), median(&mut sorted), "window {lo}..={hi}");
            let mut small = readings[lo..=hi].to_vec();
            assert_eq!(
                median_u8(&mut small).map(f64::from),
                Some(median(&mut sorted))
            );
        }
        // Removing what was never added leaves the window as it was.
        let before = window.len();
        window.remove(Some(7));
        window.remove(None);
        assert_eq!(window.len(), before);
    }

    #[test]
    fn dropouts_are_removed() {
        let s = run(
            |i| Some(if (600..630).contains(&i) { 70 } else { 150 }),
            1200,
        );
        let c = clean(&s, &speeds(1200));
        assert_eq!(c.dropout_samples, 30);
        assert_eq!(c.hr[610], None);
        assert_eq!(c.hr[640], Some(150));
    }

    /// 40 minutes at `speed(t)` m/s, stride cadence `cadence(t)` (strides of one foot per minute,
    /// as running watches write it), HR `hr(t)`; distance from the speed.
    fn cadence_run(
        speed: impl Fn(usize) -> f64,
        cadence: impl Fn(usize) -> u8,
        hr: impl Fn(usize) -> u8,
    ) -> (Vec<Sample>, Vec<f64>) {
        let mut distance = Vec::new();
        let mut d = 0.0;
        let samples = (0..2400)
            .map(|t| {
                d += speed(t);
                distance.push(d);
                Sample {
                    time: 1_600_000_000.0 + t as f64,
                    heart_rate: Some(hr(t)),
                    cadence: Some(cadence(t)),
                    speed_mps: Some(speed(t) as f32),
                    ..Default::default()
                }
            })
            .collect();
        (samples, distance)
    }

    #[test]
    fn a_wrist_sensor_reading_the_step_rate_is_dropped() {
        // Easy at 3 m/s, HR 140; from minute 12 to 20 the sensor reads the step rate (86 strides
        // = 172 steps a minute, wobbling with it) while the pace does not change.
        let locked = |t: usize| (720..1200).contains(&t);
        let cad = |t: usize| 85 + (t % 3) as u8;
        let (samples, distance) = cadence_run(
            |_| 3.0,
            cad,
            |t| {
                if locked(t) {
                    2 * cad(t)
                } else {
                    139 + (t % 3) as u8
                }
            },
        );
        let mut hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
        let lock = remove_cadence_lock(&samples, &distance, &mut hr);
        assert_eq!(lock.stretches, 1);
        assert!((478.0..=480.0).contains(&lock.seconds), "{lock:?}");
        assert!((171.0..=173.0).contains(&lock.steps_per_min), "{lock:?}");
        assert!(lock.jump_bpm >= 30.0, "{lock:?}");
        assert!(hr[720..1200].iter().all(Option::is_none));
        assert_eq!(hr.iter().filter(|h| h.is_some()).count(), 2400 - 480);
    }

    /// 10 minutes easy at 3 m/s (80 strides, HR 140), then 4.2 m/s at `strides` with the HR
    /// `rising(t)`: a heart that follows the legs near the step rate is kept, every reading.
    fn believed_after_a_speed_up(strides: u8, rising: impl Fn(usize) -> u8) {
        let fast = |t: usize| t >= 600;
        let (samples, distance) = cadence_run(
            |t| if fast(t) { 4.2 } else { 3.0 },
            |t| if fast(t) { strides } else { 80 },
            |t| if fast(t) { rising(t) } else { 140 },
        );
        let mut hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
        let lock = remove_cadence_lock(&samples, &distance, &mut hr);
        assert_eq!(lock, CadenceLock::default());
        assert!(hr.iter().all(Option::is_some));
    }

    #[test]
    fn a_heart_that_rose_with_the_legs_is_believed_near_the_cadence() {
        // A tempo: 10 minutes easy, then 4.2 m/s with HR climbing to 172 — right at the step rate
        // (86 strides) — as the legs sped up 40 %: the heart followed the legs, not the arm.
        believed_after_a_speed_up(86, |t| (140 + (t - 600) / 4).min(172) as u8 - (t % 2) as u8);
    }

    #[test]
    fn a_heart_still_catching_up_with_a_surge_is_believed() {
        // A progression run's last push: the heart following the speed-up at 0.4 bpm a second,
        // up to the step rate (91 strides, 182 steps) and holding there to the end. Its 40 s
        // before the match are already at the new pace, and 11 bpm lower: the heart had not
        // caught up yet. It never leapt.
        believed_after_a_speed_up(91, |t| (140.0 + (t - 600) as f64 * 0.4).min(182.0) as u8);
    }

    #[test]
    fn a_chance_match_for_a_minute_is_not_a_lock() {
        // HR jumps to the step rate for 60 s only: too short to tell from a surge of feeling.
        let locked = |t: usize| (720..780).contains(&t);
        let (samples, distance) =
            cadence_run(|_| 3.0, |_| 85, |t| if locked(t) { 170 } else { 140 });
        let mut hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
        assert_eq!(
            remove_cadence_lock(&samples, &distance, &mut hr).seconds,
            0.0
        );
    }

    #[test]
    fn without_cadence_a_lock_is_told_by_its_leap_and_fall_at_one_pace() {
        // A recovery jog at 2.6 m/s, HR 124; from 5:00 to 23:00 a wrist sensor reads 170 (the
        // step rate), leaping there in a second and falling back as fast, the pace unchanged.
        // The file has no cadence: the jog read "tempo run" before.
        let locked = |t: usize| (300..1380).contains(&t);
        let (samples, distance) = cadence_run(
            |_| 2.6,
            |_| 0,
            |t| {
                if locked(t) {
                    169 + (t % 3) as u8
                } else {
                    123 + (t % 3) as u8
                }
            },
        );
        let mut hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
        let lock = remove_cadence_lock(&samples, &distance, &mut hr);
        assert!(lock.blind, "{lock:?}");
        assert_eq!(lock.stretches, 1, "{lock:?}");
        assert!((1070.0..=1080.0).contains(&lock.seconds), "{lock:?}");
        assert!((169.0..=171.0).contains(&lock.steps_per_min), "{lock:?}");
        assert!(hr[301..1379].iter().all(Option::is_none));
        assert!(hr[..300].iter().all(Option::is_some));
        assert!(hr[1381..].iter().all(Option::is_some));
    }

    #[test]
    fn without_cadence_a_heart_that_follows_the_legs_or_never_falls_back_is_believed() {
        let kept = |speed: &dyn Fn(usize) -> f64, heart: &dyn Fn(usize) -> u8| {
            let (samples, distance) = cadence_run(speed, |_| 0, heart);
            let mut hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
            let lock = remove_cadence_lock(&samples, &distance, &mut hr);
            assert_eq!(lock.seconds, 0.0, "{lock:?}");
            assert!(hr.iter().all(Option::is_some));
        };
        // A tempo block: the legs 35 % faster from 10:00 to 30:00, the heart rising to 170
        // over a minute and a half, and back after it.
        let block = |t: usize| (600..1800).contains(&t);
        kept(&|t| if block(t) { 3.5 } else { 2.6 }, &|t| {
            if block(t) {
                (124 + (t - 600) / 2).min(170) as u8
            } else if t >= 1800 {
                (170 - (t - 1800).min(90) / 2) as u8
            } else {
                124
            }
        });
        // A strap that read low from the start, then right from 5:00 on: it never falls back.
        kept(&|_| 2.6, &|t| if t < 300 { 124 } else { 170 });
        // Reps at the step rate's HR: the legs leapt too.
        kept(&|t| if block(t) { 3.6 } else { 2.6 }, &|t| {
            if block(t) {
                170
            } else {
                124
            }
        });
    }
}
