//! Moving or stopped: the run's distance along the ground from the best source (the device's own,
//! or the jitter-filtered GPS track), and for each interval between samples whether the runner was
//! moving (not in a timer pause, not standing still for a few seconds).

use crate::activity::{Pause, Sample};
use crate::summarize::hr_clean;
use crate::summarize::pauses::Pauses;

/// Where the distance figure came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DistanceSource {
    /// The device's own total or cumulative distance (wheel, footpod, GPS fusion).
    Device,
    /// Our jitter-filtered GPS track.
    Gps,
    None,
}

/// A stop must last this long to count as one (a stumble at a crossing is not a stop).
const MIN_STOP_S: f64 = 3.0;
/// Window over which speed is measured to decide moving vs stopped.
const SPEED_WINDOW_S: f64 = 10.0;
/// Slower than this over the window is standing still, whatever the sport: a walker's slowest
/// shuffle is faster, and the same rule for every activity keeps moving time a measurement, not a
/// consequence of what the activity is taken to be.
pub(super) const STOP_SPEED_MPS: f64 = 0.5;

/// Metres of height gained or lost over the speed window that, with the device's speed, say the
/// runner moved though the distance did not: standing, a barometer drifts by a few tenths. Only
/// for an interval no longer than the window: across a gap in the records, the speeds at its two
/// ends say nothing of what came between, and a barometer drifts by metres through a 45-minute
/// café stop the watch wrote no record of (5.6 m: read as 45 minutes of moving before this).
const CLIMB_WITNESS_M: f64 = 1.5;

/// The run's position along the ground: cumulative distance per sample from the best source.
pub(super) struct Track {
    /// Metres from the start at each sample; NaN where nothing is known yet (a device distance
    /// that starts late). A plain `f64` rather than an `Option`: half the memory on a long file.
    pub(super) cumulative_m: Vec<f64>,
    pub(super) source: DistanceSource,
    pub(super) has_gps: bool,
    /// GPS only: metres of standing wander left out, over how many stops, and jumps skipped.
    pub(super) wander_m: f64,
    pub(super) stops_with_wander: usize,
    pub(super) jumps: usize,
    /// The records held the device's speed but neither a distance nor a position: the track is
    /// that speed summed over time.
    pub(super) from_speed: bool,
    /// The records' distances went down at this many of their steps (and at least a fifth): each
    /// is the metres since the record before, not a running total, and the track is their sum.
    pub(super) from_increments: Option<usize>,
}

impl Track {
    pub(super) fn build(samples: &[Sample], pauses: &[Pause]) -> Track {
        let (with_distance, with_gps) = samples.iter().fold((0usize, 0usize), |(d, g), s| {
            (
                d + usize::from(s.distance_m.is_some()),
                g + usize::from(s.position.is_some_and(crate::summarize::geo::plausible)),
            )
        });
        let has_gps = with_gps >= 2;
        // A distance that never grows (a rower or a trainer writing zeros) says nothing about movement.
        let distance_grows = {
            let mut it = samples
                .iter()
                .filter_map(|s| s.distance_m)
                .filter(|d| d.is_finite());
            let first = it.next();
            first.is_some_and(|f| it.any(|d| d > f))
        };
        if with_distance * 2 >= samples.len() && with_distance >= 2 && distance_grows {
            let (cumulative_m, backwards) = device_distance(samples, pauses);
            if let Some(backwards) = backwards {
                return Track {
                    from_increments: Some(backwards),
                    ..Track::without_gps_cleaning(summed(samples), DistanceSource::Device, has_gps)
                };
            }
            return Track::without_gps_cleaning(cumulative_m, DistanceSource::Device, has_gps);
        }
        if has_gps {
            let gps = crate::summarize::geo::measure_track(samples, pauses);
            return Track {
                cumulative_m: gps.cumulative_m,
                source: DistanceSource::Gps,
                has_gps,
                wander_m: gps.wander_m,
                stops_with_wander: gps.stops_with_wander,
                jumps: gps.jumps,
                from_speed: false,
                from_increments: None,
            };
        }
        if let Some(cumulative_m) = summed_speed(samples, pauses) {
            return Track {
                from_speed: true,
                ..Track::without_gps_cleaning(cumulative_m, DistanceSource::Device, has_gps)
            };
        }
        Track::without_gps_cleaning(vec![f64::NAN; samples.len()], DistanceSource::None, has_gps)
    }

    /// A track that is not the GPS's: nothing of it left out as wander or jumps.
    fn without_gps_cleaning(
        cumulative_m: Vec<f64>,
        source: DistanceSource,
        has_gps: bool,
    ) -> Track {
        Track {
            cumulative_m,
            source,
            has_gps,
            wander_m: 0.0,
            stops_with_wander: 0,
            jumps: 0,
            from_speed: false,
            from_increments: None,
        }
    }

    /// Metres covered between samples `a` and `b`, if the track knows both.
    pub(super) fn between(&self, a: usize, b: usize) -> Option<f64> {
        let (x, y) = (*self.cumulative_m.get(a)?, *self.cumulative_m.get(b)?);
        (!x.is_nan() && !y.is_nan()).then_some(y - x)
    }

    pub(super) fn total_m(&self) -> f64 {
        let known = || self.cumulative_m.iter().filter(|d| !d.is_nan());
        let first = known().next().copied().unwrap_or(0.0);
        let last = known().next_back().copied().unwrap_or(0.0);
        (last - first).max(0.0)
    }
}

/// The most metres one record's step may hold when the records' distances are read as steps.
const MOST_STEP_M: f64 = 200.0;

/// The running total of distances that are each the metres since the record before; a record
/// without one adds nothing.
fn summed(samples: &[Sample]) -> Vec<f64> {
    let mut total = 0.0;
    samples
        .iter()
        .map(|s| {
            total += s
                .distance_m
                .filter(|d| d.is_finite() && *d > 0.0)
                .unwrap_or(0.0);
            total
        })
        .collect()
}

/// The device's distance at every sample, never backwards. A sample without one (a record of the
/// heart rate alone) lies between two readings, and the ground between them was covered at an
/// even pace: Strava on an Apple Watch writes its distance in records of their own, at times 100 s
/// apart while the runner runs on, and carried forward, each such gap read as a stop (a treadmill
/// run of 10:18 was "6:31 moving, 4 stops, 4:00/km" for 6:20/km). A stop stays a stop: the
/// readings around it are a few metres apart, too slow for moving. Carried forward, as before,
/// across a timer pause (its distance is not the pause's) and after the last reading.
///
/// With it, how many steps between readings went backwards, when at least 3 and a fifth of them
/// did and no reading is over [`MOST_STEP_M`]: such distances are each the metres since the record before (msimms' running app writes
/// its TCX so), and read as a running total they gave 0.47 m for 27 m (probe 36 P1). A running
/// total goes back only at a rare glitch.
fn device_distance(samples: &[Sample], pauses: &[Pause]) -> (Vec<f64>, Option<usize>) {
    // Carried forward first, never backwards, as nearly every file needs nothing more (one pass
    // the compiler keeps tight); the gaps, if the records had any, are filled after.
    let mut last = f64::NAN;
    let mut reading = f64::NAN;
    let (mut steps, mut backwards) = (0usize, 0usize);
    let mut gaps = false;
    let mut cumulative_m: Vec<f64> = samples
        .iter()
        .map(|s| {
            match s.distance_m.filter(|d| d.is_finite()) {
                Some(d) => {
                    // Against NaN (no reading yet) neither counts.
                    steps += usize::from(!reading.is_nan());
                    backwards += usize::from(d < reading);
                    reading = d;
                    // `max` of NaN (nothing yet) and `d` is `d`.
                    last = last.max(d);
                }
                None => gaps |= !last.is_nan(),
            }
            last
        })
        .collect();
    // Each a step's metres, none is over 200 m (a minute's running between records); a running
    // total that jitters back past that is summed into nothing absurd.
    if backwards >= 3 && backwards * 5 >= steps && last <= MOST_STEP_M {
        return (cumulative_m, Some(backwards));
    }
    if gaps {
        fill_gaps(samples, &mut cumulative_m, &Pauses::new(pauses));
    }
    (cumulative_m, None)
}

/// Spreads each rise of the carried-forward distance over the samples without a reading before
/// it, by time, unless a timer pause lies between the two readings.
fn fill_gaps(samples: &[Sample], cumulative_m: &mut [f64], pauses: &Pauses) {
    let has_reading = |s: &Sample| s.distance_m.is_some_and(|d| d.is_finite());
    let mut last: Option<usize> = None;
    for i in 0..samples.len().min(cumulative_m.len()) {
        if !has_reading(&samples[i]) {
            continue;
        }
        if let Some(j) = last.filter(|&j| i > j + 1) {
            let (t0, t1) = (samples[j].time, samples[i].time);
            let (d0, d1) = (cumulative_m[j], cumulative_m[i]);
            if d1 > d0 && t1 > t0 && !pauses.between(t0, t1) {
                for k in j + 1..i {
                    let share = ((samples[k].time - t0) / (t1 - t0)).clamp(0.0, 1.0);
                    cumulative_m[k] = d0 + (d1 - d0) * share;
                }
            }
        }
        last = Some(i);
    }
}

/// The device's speed summed over time, for records that hold a speed (half of them at least)
/// but neither a distance nor a position (an indoor run's footpod or accelerometer, as some apps
/// write it): each interval at the mean of the speeds at its ends (the one it has, when only one),
/// none across a timer pause or a silence longer than [`SPEED_GAP_MAX_S`].
fn summed_speed(samples: &[Sample], pauses: &[Pause]) -> Option<Vec<f64>> {
    let speed = |s: &Sample| {
        s.speed_mps
            .map(f64::from)
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    let with_speed = samples.iter().filter(|s| speed(s).is_some()).count();
    if with_speed < 2 || with_speed * 2 < samples.len() {
        return None;
    }
    let pauses = Pauses::new(pauses);
    let mut total = 0.0;
    let mut out = Vec::with_capacity(samples.len());
    out.push(0.0);
    for pair in samples.windows(2) {
        let [a, b] = pair else { continue };
        let dt = b.time - a.time;
        let v = match (speed(a), speed(b)) {
            (Some(x), Some(y)) => Some((x + y) / 2.0),
            (x, y) => x.or(y),
        };
        if let Some(v) = v.filter(|_| dt > 0.0 && dt <= SPEED_GAP_MAX_S) {
            if !pauses.between(a.time, b.time) {
                total += v * dt;
            }
        }
        out.push(total);
    }
    Some(out)
}

/// The longest interval between two records whose speed is summed over it: longer, nothing says
/// what the runner did in between.
const SPEED_GAP_MAX_S: f64 = 15.0;

/// One interval between consecutive samples (interval `i` ends at sample `i + 1`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Interval {
    pub(super) dt: f64,
    pub(super) moving_s: f64,
    pub(super) distance_m: f64,
}

/// The verdict on one interval: the only thing about it that is not read back from the samples.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Verdict {
    pub(super) moving: bool,
    pub(super) stopped: bool,
}

/// Whether the runner moved over each interval. Only the verdicts are stored (2 bytes an
/// interval: a 50 MB file has 1.7 M of them); durations and distances come from the samples and
/// the track when asked for.
pub(super) struct Motion<'a> {
    pub(super) samples: &'a [Sample],
    pub(super) track: &'a Track,
    pub(super) verdicts: Vec<Verdict>,
}

impl Motion<'_> {
    pub(super) fn iter(&self) -> impl Iterator<Item = Interval> + '_ {
        self.samples
            .windows(2)
            .zip(self.track.cumulative_m.windows(2))
            .zip(&self.verdicts)
            .map(|((pair, distances), &verdict)| interval(pair, distances, verdict))
    }
}

/// The interval between the two samples of `pair`, at the two track distances of `distances`.
#[inline]
fn interval(pair: &[Sample], distances: &[f64], verdict: Verdict) -> Interval {
    let ([a, b], &[x, y]) = (pair, distances) else {
        return Interval::default();
    };
    let dt = b.time - a.time;
    if dt <= 0.0 {
        return Interval::default();
    }
    Interval {
        dt,
        moving_s: if verdict.moving { dt } else { 0.0 },
        distance_m: if x.is_nan() || y.is_nan() {
            0.0
        } else {
            (y - x).max(0.0)
        },
    }
}

/// Decides for each interval whether the runner was moving: not inside a timer pause, and not
/// standing still (speed over a ~10 s window below [`STOP_SPEED_MPS`]).
pub(super) fn classify_intervals<'a>(
    samples: &'a [Sample],
    track: &'a Track,
    pauses: &[Pause],
) -> Motion<'a> {
    let n = samples.len().min(track.cumulative_m.len());
    let mut verdicts = Vec::with_capacity(n.saturating_sub(1));
    // Seconds of each interval, for the stumble pass below.
    let dt_of = |i: usize| {
        let dt = samples[i + 1].time - samples[i].time;
        if dt > 0.0 {
            dt
        } else {
            0.0
        }
    };
    let pauses = Pauses::new(pauses);
    let (mut lo, mut hi) = (0usize, 0usize);
    for i in 1..n {
        let (a, b) = (&samples[i - 1], &samples[i]);
        let dt = b.time - a.time;
        if dt <= 0.0 {
            verdicts.push(Verdict::default());
            continue;
        }
        let mid = (a.time + b.time) / 2.0;
        let paused = pauses.covers(mid);
        // Speed over a centred window, so one slow sample is not a stop and GPS wobble averages out.
        while lo + 1 < n && samples[lo + 1].time <= mid - SPEED_WINDOW_S / 2.0 {
            lo += 1;
        }
        while hi + 1 < n && samples[hi].time < mid + SPEED_WINDOW_S / 2.0 {
            hi += 1;
        }
        // Never across a standstill the records skip, longer than the window (a pause the file
        // does not mark, as a TCX with auto-pause): its few metres over minutes would read the
        // seconds of running beside it as standing (a rower's 55-s pieces lost 7 s each). Smart
        // recording's 7-15 s between records while running is no such gap. The interval judged
        // is always in, and only the window's end intervals can be that long: looked at only
        // when the window is twice its width (an ordinary record costs nothing more).
        let skipped_standstill = |a: usize, b: usize| {
            let dt = samples[b].time - samples[a].time;
            dt > SPEED_WINDOW_S && track.between(a, b).is_some_and(|d| d < STOP_SPEED_MPS * dt)
        };
        let (mut lo_i, mut hi_i) = (lo.min(i - 1), hi.max(i));
        let mut window_s = samples[hi_i].time - samples[lo_i].time;
        if window_s > 2.0 * SPEED_WINDOW_S {
            if lo_i + 1 < i && skipped_standstill(lo_i, lo_i + 1) {
                lo_i += 1;
            }
            if hi_i > i && skipped_standstill(hi_i - 1, hi_i) {
                hi_i -= 1;
            }
            window_s = samples[hi_i].time - samples[lo_i].time;
        }
        let device_speed = match (a.speed_mps, b.speed_mps) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some(((x + y) / 2.0) as f64),
            _ => None,
        };
        let window_speed = track
            .between(lo_i, hi_i)
            .filter(|_| window_s > 0.0)
            .map(|d| d / window_s);
        let climbed = || match (samples[lo_i].altitude_m, samples[hi_i].altitude_m) {
            (Some(x), Some(y)) if dt <= SPEED_WINDOW_S => {
                (f64::from(y) - f64::from(x)).abs() >= CLIMB_WITNESS_M
            }
            _ => false,
        };
        let speed = match (device_speed, window_speed) {
            // Moving only if the ground covered agrees with the device's speed: a speed sensor can
            // hold its last value through a stop. Unless the height changed as well: a distance
            // that stalls on a steep climb (a Suunto's, for 10–30 s at a time, while its speed
            // says 1–1.5 m/s and the runner gains 3 m) is the one that is wrong.
            (Some(v), Some(w)) if w < STOP_SPEED_MPS && v >= STOP_SPEED_MPS && climbed() => Some(v),
            (Some(v), Some(w)) => Some(v.min(w)),
            (Some(v), None) => Some(v),
            (None, w) => w,
        };
        let stopped = !paused && speed.is_some_and(|v| v < STOP_SPEED_MPS);
        verdicts.push(Verdict {
            moving: !(paused || stopped),
            stopped,
        });
    }
    // A "stop" shorter than a few seconds is a stumble, not a stop: count it as moving.
    let mut i = 0;
    while i < verdicts.len() {
        if !verdicts[i].stopped {
            i += 1;
            continue;
        }
        let start = i;
        let mut length = 0.0;
        while i < verdicts.len() && verdicts[i].stopped {
            length += dt_of(i);
            i += 1;
        }
        if length < MIN_STOP_S {
            for v in &mut verdicts[start..i] {
                *v = Verdict {
                    moving: true,
                    stopped: false,
                };
            }
        }
    }
    Motion {
        samples,
        track,
        verdicts,
    }
}

pub(super) fn count_stops(motion: &Motion) -> u32 {
    let mut stops = 0;
    let mut in_stop = false;
    for v in &motion.verdicts {
        if v.stopped && !in_stop {
            stops += 1;
        }
        in_stop = v.stopped;
    }
    stops
}

/// Speed at each sample (m/s) while moving, for the strap-spike check. That check looks at the
/// first 20 minutes only, so the speeds stop there.
pub(super) fn per_sample_speed(samples: &[Sample], motion: &Motion) -> Vec<Option<f64>> {
    let Some(t0) = samples.first().map(|s| s.time) else {
        return Vec::new();
    };
    let needed = samples.partition_point(|s| s.time - t0 < hr_clean::SETTLED_END_S);
    let known_track = motion.track.source != DistanceSource::None;
    let device = |s: &Sample| s.speed_mps.map(f64::from).filter(|v| v.is_finite());
    let mut out = Vec::with_capacity(needed + 1);
    // The first sample ends no interval; each later one ends the interval before it.
    out.extend(samples.first().map(device));
    for (s, iv) in samples[1..].iter().zip(motion.iter()).take(needed) {
        let from_interval = (iv.moving_s > 0.0 && known_track).then(|| iv.distance_m / iv.dt);
        out.push(device(s).or(from_interval));
    }
    out
}
