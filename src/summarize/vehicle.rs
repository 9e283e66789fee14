//! A run the watch kept recording in a car, a bus, a train or on a bike: the runner forgot to stop
//! it and drove home, or started it on the way to the trailhead. The file says run, and its ride
//! is faster than any runner, so the whole file read as a ride recorded as a run and was not
//! judged; on a slow bus it read as a run that sped up at its end (an accidental workout). The
//! ride at either end is left out and the run judged on what is left, with a note saying so. A
//! ride between two runs leaves the longer run, and what lies on the ride's side of it is cut
//! only when most of it is riding: a run, a 10-minute tram and another run stays a ride
//! recorded as a run.

use std::ops::RangeInclusive;

use crate::activity::units::clock;
use crate::activity::{Pause, QualityNote, Sample};
use crate::summarize::motion::{classify_intervals, Motion, Track, STOP_SPEED_MPS};
use crate::summarize::sport::{
    beyond_a_runner_at, Window, BEYOND_RUNNER_S, HELD_BEYOND_RUNNER_MPS, HELD_WINDOW_S,
};
/// Riding resumed after this much moving time slower than a vehicle (a crawl in traffic, a slow
/// corner, a climb on a bike) is still the same ride.
const BRIDGE_S: f64 = 120.0;
/// From a ride's start to the end of the recording (or from its start to the ride's end), riding
/// is at least this share of the moving time: a car in town crawls and waits, but a run that
/// passed a fast stretch and ran on for half an hour did not end in a car.
const END_MIN_RIDE_SHARE: f64 = 0.4;
/// Steps looked at for a first sign of riding.
const PRE_CHECK_STRIDE: usize = 4;
/// What is left must hold this much moving time to be a run; less, and the file is a ride…
const MIN_RUN_S: f64 = 300.0;
/// …and its median pace must be at most this share of the rides' speed (a car at 50 km/h and a
/// runner at 12; a bike at 36 km/h on the flat and 23 on a climb is one ride).
const RUN_OF_RIDE_SPEED: f64 = 0.5;
/// Steps this much faster than the run, next to a ride, are its vehicle pulling away or slowing
/// down (a bus at 5 m/s before it is beyond a runner).
const PULLING_AWAY_OF_RUN: f64 = 1.5;
/// The stop where the runner got in (a car park, a bus stop) is looked for this far before the
/// ride, and the one where they got out this far after a ride at the start: the run ends where
/// that stop began.
const BOARDING_S: f64 = 180.0;

/// The run inside a recording that rode before or after it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RunBetweenRides {
    /// The run's samples.
    pub keep: RangeInclusive<usize>,
    pub before: Option<Ride>,
    pub after: Option<Ride>,
}

/// What was left out at one end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Ride {
    pub elapsed_s: f64,
    pub moving_s: f64,
    pub distance_m: f64,
}

impl RunBetweenRides {
    /// The note saying what was left out, for the data-quality column.
    pub(super) fn note(&self, samples: &[Sample]) -> QualityNote {
        let first = samples.first().map_or(0.0, |s| s.time);
        let at = |i: usize| samples.get(i).map_or(0.0, |s| s.time - first);
        let ride = |r: &Ride| {
            let kmh = if r.moving_s > 0.0 {
                r.distance_m / r.moving_s * 3.6
            } else {
                0.0
            };
            format!(
                "{} ({:.1} km at {kmh:.0} km/h while moving)",
                clock(r.elapsed_s),
                r.distance_m / 1000.0
            )
        };
        let mut parts = Vec::new();
        if let Some(r) = &self.before {
            parts.push(format!(
                "its first {} before the run, which starts at {}",
                ride(r),
                clock(at(*self.keep.start()))
            ));
        }
        if let Some(r) = &self.after {
            parts.push(format!(
                "its last {} after the run, which ends at {}",
                ride(r),
                clock(at(*self.keep.end()))
            ));
        }
        QualityNote::new(
            "ride_left_out",
            format!(
                "the watch kept recording in a car, a bus or on a bike: {}, faster than any runner holds, left out",
                parts.join("; and ")
            ),
        )
    }
}

/// Riding over interval indices `first..=last`, with the moving and riding seconds of the
/// recording before it and through it.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    first: usize,
    last: usize,
    ride_s: f64,
    moving_before: f64,
    ride_before: f64,
    moving_through: f64,
    ride_through: f64,
}

/// The run in a recording that rode at its start or its end, if it did. Only a recording with a
/// minute of steps faster than [`HELD_BEYOND_RUNNER_MPS`] is looked at closely: nearly every run has none.
pub(super) fn run_between_rides(
    samples: &[Sample],
    track: &Track,
    pauses: &[Pause],
) -> Option<RunBetweenRides> {
    let n = samples.len().min(track.cumulative_m.len());
    if n < 3 || !rides_at_all(&samples[..n], &track.cumulative_m[..n]) {
        return None;
    }
    let rec = Recording {
        samples,
        c: &track.cumulative_m,
        n,
        motion: classify_intervals(&samples[..n], track, pauses),
    };
    let (stretches, total_moving, total_ride) = rec.ride_stretches();
    let split = run_split(&stretches, total_moving, total_ride)?;
    let before = split.checked_sub(1).map(|h| stretches[h]);
    let after = stretches.get(split).copied();

    // The run's own speed, between the rides as first found: the pace of its moving steps.
    let run_speed = rec.median_speed(
        before.map_or(0, |s| s.last + 1),
        after.map_or(n - 1, |s| s.first),
    )?;
    let end = after.map_or(n - 1, |s| rec.where_they_got_in(s, run_speed));
    let start = before.map_or(0, |s| rec.where_they_got_out(s, run_speed));
    if start >= end {
        return None;
    }
    if rec.moving_s(start, end) < MIN_RUN_S {
        return None;
    }
    let left_out = |from: usize, to: usize| Ride {
        elapsed_s: samples[to].time - samples[from].time,
        moving_s: rec.moving_s(from, to),
        distance_m: Some(rec.c[to] - rec.c[from])
            .filter(|d| d.is_finite())
            .unwrap_or(0.0)
            .max(0.0),
    };
    let run = RunBetweenRides {
        keep: start..=end,
        before: before.map(|_| left_out(0, start)),
        after: after.map(|_| left_out(end, n - 1)),
    };
    // What is left must be a run: no faster than half the rides cut from it (a bike ride in run
    // mode, fast on the flat and slower on a climb, keeps its climb otherwise).
    let ride_speed = [run.before, run.after]
        .iter()
        .flatten()
        .filter(|r| r.moving_s > 0.0)
        .map(|r| r.distance_m / r.moving_s)
        .fold(0.0, f64::max);
    let kept_speed = rec.median_speed(start, end)?;
    (kept_speed <= RUN_OF_RIDE_SPEED * ride_speed).then_some(run)
}

/// Whether a recording holds a minute of steps faster than any runner, before anything costlier
/// is asked of it. A ride holds a minute of fast steps: one step in four shows one if there is
/// any (at one record a second, fifteen of its sixty; at one in ten seconds, one of its six).
/// Nearly every run has none, and pays for a quarter of a pass.
fn rides_at_all(samples: &[Sample], c: &[f64]) -> bool {
    let dt = |i: usize| samples[i + 1].time - samples[i].time;
    let fast = |i: usize| c[i + 1] - c[i] > HELD_BEYOND_RUNNER_MPS * dt(i);
    let n = samples.len();
    (0..n.saturating_sub(1)).step_by(PRE_CHECK_STRIDE).any(fast)
        && (0..n.saturating_sub(1))
            .filter(|&i| dt(i) > 0.0 && fast(i))
            .map(dt)
            .sum::<f64>()
            >= BEYOND_RUNNER_S
}

/// The run is the moving time between two rides (or a ride and an end of the recording) such
/// that what lies before it and what lies after it is mostly riding: the most of it, when more
/// than one split would do. The split `k` keeps what lies between stretch `k - 1` and stretch `k`.
fn run_split(stretches: &[Stretch], total_moving: f64, total_ride: f64) -> Option<usize> {
    let share_ok = |ride: f64, moving: f64| ride >= END_MIN_RIDE_SHARE * moving;
    let m = stretches.len();
    (0..=m)
        .filter(|&k| {
            let head_ok = k == 0 || {
                let h = &stretches[k - 1];
                share_ok(h.ride_through, h.moving_through)
            };
            let tail_ok = k == m || {
                let t = &stretches[k];
                share_ok(total_ride - t.ride_before, total_moving - t.moving_before)
            };
            head_ok && tail_ok && m > 0
        })
        .max_by(|&a, &b| {
            let run_s = |k: usize| {
                stretches.get(k).map_or(total_moving, |t| t.moving_before)
                    - k.checked_sub(1)
                        .and_then(|h| stretches.get(h))
                        .map_or(0.0, |h| h.moving_through)
            };
            run_s(a).total_cmp(&run_s(b)).then(b.cmp(&a))
        })
}

/// A recording's intervals, as the search for its rides reads them: each one's seconds and
/// metres, and whether the runner moved or stood.
struct Recording<'a> {
    samples: &'a [Sample],
    c: &'a [f64],
    /// The samples in use (those with a place on the track).
    n: usize,
    motion: Motion<'a>,
}

impl Recording<'_> {
    fn dt(&self, i: usize) -> f64 {
        self.samples[i + 1].time - self.samples[i].time
    }

    fn step(&self, i: usize) -> f64 {
        self.c[i + 1] - self.c[i]
    }

    fn moving(&self, i: usize) -> bool {
        self.motion.verdicts[i].moving && self.dt(i) > 0.0
    }

    fn moving_s(&self, from: usize, to: usize) -> f64 {
        (from..to)
            .filter(|&i| self.moving(i))
            .map(|i| self.dt(i))
            .sum()
    }

    /// The median speed of the moving steps of `from..to`.
    fn median_speed(&self, from: usize, to: usize) -> Option<f64> {
        let mut v: Vec<f64> = (from..to)
            .filter(|&i| self.moving(i))
            .map(|i| self.step(i) / self.dt(i))
            .filter(|v| v.is_finite())
            .collect();
        (!v.is_empty()).then(|| crate::summarize::quantile::median(&mut v))
    }

    /// Faster than the run by half is the vehicle pulling away (a bus at 5 m/s before it
    /// reaches a rider's speed), at any length.
    fn pulling_away(&self, i: usize, run_speed: f64) -> bool {
        self.moving(i) && self.step(i) > PULLING_AWAY_OF_RUN * run_speed * self.dt(i)
    }

    /// Standing by the car reads as moving for its first seconds (the moving verdict looks 10 s
    /// around it): a step that stood still is no running either.
    fn not_running(&self, i: usize) -> bool {
        self.motion.verdicts[i].stopped
            || !self.moving(i)
            || !self.step(i).is_finite()
            || self.step(i) < STOP_SPEED_MPS * self.dt(i)
    }

    /// The stretches of riding, each with the moving and riding seconds before it and through
    /// it, and the recording's moving and riding seconds in all. A GPS jump or a sprint down a
    /// hill is a few seconds: no ride.
    fn ride_stretches(&self) -> (Vec<Stretch>, f64, f64) {
        let (samples, c, n) = (self.samples, self.c, self.n);
        let (mut sprint, mut held) = (Window::default(), Window::of(HELD_WINDOW_S));
        let mut riding = |i: usize| {
            self.moving(i)
                && beyond_a_runner_at(
                    self.step(i) / self.dt(i),
                    || sprint.speed(samples, c, n, i),
                    || held.speed(samples, c, n, i),
                )
        };
        let mut stretches: Vec<Stretch> = Vec::new();
        let (mut moving_s, mut ride_s) = (0.0, 0.0);
        let mut since_ride = f64::INFINITY;
        for i in 0..n - 1 {
            if !self.moving(i) {
                continue;
            }
            let d = self.dt(i);
            if !riding(i) {
                moving_s += d;
                since_ride += d;
                continue;
            }
            match stretches.last_mut() {
                Some(s) if since_ride <= BRIDGE_S => s.last = i,
                _ => stretches.push(Stretch {
                    first: i,
                    last: i,
                    ride_s: 0.0,
                    moving_before: moving_s,
                    ride_before: ride_s,
                    moving_through: 0.0,
                    ride_through: 0.0,
                }),
            }
            moving_s += d;
            ride_s += d;
            since_ride = 0.0;
            if let Some(s) = stretches.last_mut() {
                s.ride_s += d;
                s.moving_through = moving_s;
                s.ride_through = ride_s;
            }
        }
        stretches.retain(|s| s.ride_s >= BEYOND_RUNNER_S);
        (stretches, moving_s, ride_s)
    }

    /// Where the run ends before a ride: where the stop before the ride began (the runner got
    /// in; a timer paused at the car park is such a stop).
    fn where_they_got_in(&self, ride: Stretch, run_speed: f64) -> usize {
        let mut j = ride.first;
        while j > 0 && self.pulling_away(j - 1, run_speed) {
            j -= 1;
        }
        let ride_at = self.samples[j].time;
        let mut k = j;
        while k > 0 && ride_at - self.samples[k - 1].time <= BOARDING_S && !self.not_running(k - 1)
        {
            k -= 1;
        }
        if k > 0 && self.not_running(k - 1) {
            j = k;
        }
        while j > 0 && self.not_running(j - 1) {
            j -= 1;
        }
        j
    }

    /// Where the run starts after a ride: where the stop after it ended (they got out).
    fn where_they_got_out(&self, ride: Stretch, run_speed: f64) -> usize {
        let n = self.n;
        let mut j = ride.last + 1;
        while j < n - 1 && self.pulling_away(j, run_speed) {
            j += 1;
        }
        let ride_end = self.samples[j].time;
        let mut k = j;
        while k < n - 1 && self.samples[k].time - ride_end <= BOARDING_S && !self.not_running(k) {
            k += 1;
        }
        if k < n - 1 && self.not_running(k) {
            j = k;
        }
        while j < n - 1 && self.not_running(j) {
            j += 1;
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use crate::activity::{Activity, DeviceTotals, Sample, SourceFormat, Sport};
    use crate::summarize::summary::{summarize, Summary};

    /// One record a second over `(seconds, m/s)` pieces, with a device distance and a heart that
    /// wobbles by a beat; the device's totals count everything, as a watch's do.
    fn recorded(pieces: &[(usize, f64)]) -> Activity {
        let (mut t, mut d) = (1_700_000_000.0, 0.0);
        let mut samples = Vec::new();
        for &(secs, v) in pieces {
            for _ in 0..secs {
                samples.push(Sample {
                    time: t,
                    distance_m: Some(d),
                    speed_mps: Some(v as f32),
                    heart_rate: Some(140 + (samples.len() % 3) as u8),
                    ..Default::default()
                });
                t += 1.0;
                d += v;
            }
        }
        Activity {
            format: Some(SourceFormat::Fit),
            sport: Sport::Running,
            totals: DeviceTotals {
                start_time: Some(1_700_000_000.0),
                elapsed_s: Some(t - 1_700_000_000.0),
                timer_s: Some(t - 1_700_000_000.0),
                distance_m: Some(d),
                ..Default::default()
            },
            samples,
            ..Default::default()
        }
    }

    /// The 40 minutes at 3 m/s the tests ran, kept whole: within 3 s and 10 m.
    fn assert_kept_the_run(s: &Summary) {
        assert!(
            (s.moving_time_s - 2400.0).abs() <= 3.0,
            "{}",
            s.moving_time_s
        );
        assert!((s.distance_m - 7200.0).abs() <= 10.0, "{}", s.distance_m);
    }

    fn left_out(s: &Summary) -> Option<&str> {
        s.quality
            .iter()
            .find(|q| q.code == "ride_left_out")
            .map(|q| q.detail.as_str())
    }

    #[test]
    fn a_run_whose_watch_rode_home_is_the_run_up_to_the_car() {
        // 40 minutes at 3 m/s, 2 minutes standing by the car, 12 minutes driving at 50 km/h.
        let s = summarize(recorded(&[(2400, 3.0), (120, 0.0), (720, 14.0)]));
        assert_eq!(s.sport, Sport::Running);
        assert_eq!(s.implausible, None);
        assert_kept_the_run(&s);
        assert!(s.elapsed_time_s < 2410.0, "{}", s.elapsed_time_s);
        let note = left_out(&s).unwrap();
        assert!(note.contains("its last 13:59"), "{note}");
        assert!(note.contains("10.1 km at 50 km/h"), "{note}");
        assert!(note.contains("ends at 40:0"), "{note}");
    }

    #[test]
    fn a_bus_that_never_reaches_9_m_s_is_still_no_runner() {
        // 29 km/h for 15 minutes: no 30 seconds beyond a sprinter, but 3 minutes beyond the
        // 1500 m world record. Before, the run read as one that sped up at its end.
        let s = summarize(recorded(&[(2400, 3.0), (300, 0.0), (900, 8.0)]));
        assert_eq!(s.implausible, None);
        assert!(
            (s.moving_time_s - 2400.0).abs() <= 3.0,
            "{}",
            s.moving_time_s
        );
        assert!(left_out(&s).is_some());
        // A whole ride at that speed in run mode is no run.
        let ride = summarize(recorded(&[(3600, 8.0)]));
        assert!(ride.implausible.is_some());
        assert_eq!(left_out(&ride), None);
    }

    #[test]
    fn a_drive_to_the_start_is_left_out_and_the_run_starts_where_the_runner_got_out() {
        let s = summarize(recorded(&[(600, 15.0), (90, 0.0), (2400, 3.0)]));
        assert_eq!(s.implausible, None);
        assert_kept_the_run(&s);
        // The start is the run's, not the car's.
        assert!(
            (s.start_time - (1_700_000_000.0 + 690.0)).abs() <= 3.0,
            "{}",
            s.start_time - 1_700_000_000.0
        );
        let note = left_out(&s).unwrap();
        assert!(
            note.contains("its first 11:30") && note.contains("9.0 km at 54 km/h"),
            "{note}"
        );
    }

    #[test]
    fn a_fast_minute_is_no_ride_and_a_ride_in_the_middle_is_not_cut() {
        // A 45-second sprint at 9.5 m/s inside a run (or a GPS that ran ahead): under a minute
        // beyond a runner, nothing cut, nothing implausible.
        let sprint = summarize(recorded(&[(1200, 3.0), (45, 9.5), (1200, 3.0)]));
        assert_eq!(left_out(&sprint), None);
        assert_eq!(sprint.implausible, None);
        // A tram between two runs: a third of what follows it (or precedes it) is riding, so no
        // end of the file is a ride to cut, and the file is not taken for one run.
        let tram = summarize(recorded(&[(1200, 3.0), (600, 12.0), (1200, 3.0)]));
        assert_eq!(left_out(&tram), None);
        assert!(tram.implausible.is_some());
    }

    #[test]
    fn a_bike_ride_in_run_mode_keeps_no_climb_as_a_run() {
        // 36 km/h on the flat, 23 up a climb, 36 again: the climb is no run between two rides.
        let s = summarize(recorded(&[(1800, 10.0), (1800, 6.5), (1800, 10.0)]));
        assert_eq!(left_out(&s), None);
        assert!(s.implausible.is_some());
    }

    #[test]
    fn a_bus_pulling_away_slowly_is_the_bus_not_the_run() {
        // The bus takes 4 minutes at 5 m/s to leave town before it is beyond a runner.
        let s = summarize(recorded(&[(2400, 3.0), (60, 0.0), (240, 5.0), (900, 8.0)]));
        assert_kept_the_run(&s);
    }

    #[test]
    fn a_watch_paused_at_the_car_park_starts_the_run_where_it_resumed() {
        // Driving 10 minutes, the timer paused for 5 at the car park (no records), then the run
        // (whose first seconds after a pause read as standing, as in any run).
        let mut a = recorded(&[(600, 15.0), (2400, 3.0)]);
        let resume = 1_700_000_000.0 + 900.0;
        for s in a.samples.iter_mut().skip(600) {
            s.time += 300.0;
        }
        a.pauses = vec![crate::activity::Pause {
            stopped_at: 1_700_000_000.0 + 599.5,
            resumed_at: resume,
        }];
        let s = summarize(a);
        assert_eq!(s.implausible, None);
        assert!(left_out(&s).is_some());
        assert!(
            (s.start_time - resume).abs() <= 6.0,
            "{}",
            s.start_time - resume
        );
        assert!(s.elapsed_time_s <= 2402.0, "{}", s.elapsed_time_s);
        // The pause at the car park was before the run.
        assert_eq!(s.timer_pauses, 0);
        assert!(
            (s.moving_time_s - 2400.0).abs() <= 6.0,
            "{}",
            s.moving_time_s
        );
    }

    #[test]
    fn a_run_in_a_car_both_ways_is_the_run_between() {
        let mut a = recorded(&[(600, 15.0), (60, 0.0), (1800, 3.2), (60, 0.0), (900, 13.0)]);
        // The timer paused once at a crossing in the run, and twice at lights on the way home
        // (each a gap of 20 s in the records).
        let paused_at = |s: usize| 1_700_000_000.0 + s as f64 - 0.5;
        let pauses = [1500, 2700, 3000];
        for (k, &at) in pauses.iter().enumerate() {
            for s in a.samples.iter_mut().skip(at + k) {
                s.time += 20.0;
            }
            a.pauses.push(crate::activity::Pause {
                stopped_at: paused_at(at) + 20.0 * k as f64,
                resumed_at: paused_at(at) + 20.0 * (k + 1) as f64 + 0.5,
            });
        }
        // A lap every 10 minutes of the recording: the run (from 660 s to 2460 s) ran in four.
        a.laps = 6;
        a.lap_starts = [0, 600, 1200, 1800, 2400, 3000]
            .iter()
            .map(|&i| a.samples[i].time)
            .collect();
        let s = summarize(a);
        assert_eq!(s.timer_pauses, 1, "{:?}", s.quality);
        assert_eq!(s.laps, 4);
        assert_eq!(s.implausible, None);
        assert!(
            (s.moving_time_s - 1800.0).abs() <= 4.0,
            "{}",
            s.moving_time_s
        );
        assert!((s.distance_m - 5760.0).abs() <= 15.0, "{}", s.distance_m);
        let note = left_out(&s).unwrap();
        assert!(
            note.contains("its first") && note.contains("its last"),
            "{note}"
        );
    }
}
