//! What the activity was, when the file does not say: from the evidence a coach would look at, not
//! from the average speed alone (fast runners run 4.5–5.5 m/s; easy rides go no faster).
//!
//! The evidence, all measured over moving time before any guess is made (the guess never changes
//! what was measured):
//! - **sustained speed**: the speed over 30-second stretches, its median and spread, and how long
//!   it stays beyond what any runner holds ([`BEYOND_RUNNER_MPS`]: the 400 m world record is
//!   9.3 m/s over 43 s);
//! - **coasting**: moving fast with the pedals (cadence 0) or the power (0 W) at rest, which only a
//!   wheel allows;
//! - **cadence**: a runner's feet cover at most ≈ 3.5 m per stride at a pace held for minutes,
//!   a crank turn on a bike covers 4–10 m ([`MAX_RUN_STRIDE_M`]);
//! - **power**: running costs about 1 J per kg per metre, so a runner's watts per m/s are about
//!   their body mass (≥ [`MIN_RUN_WATTS_PER_MPS`]); riding on the flat costs a fraction of that;
//! - **heart rate**: no runner holds 4.5 m/s (3:42/km) or faster with an easy heart;
//! - **the swing of speed**: a fast tenth twice the median is a ride's descents or a runner's reps,
//!   and without a sensor nothing tells which ([`SWING_P90_OVER_MEDIAN`]): no guess.
//!
//! The same "beyond any runner" test also catches a ride recorded as a run: that "run" is not
//! judged (see [`beyond_a_runner`]).

use crate::activity::{Sample, Sport};
use crate::summarize::quantile::{weighted_quantile, weighted_quantiles};

/// Speeds are read over stretches this long: long enough that GPS noise and a stride's rhythm
/// average out, short enough to see a descent or a sprint.
const WINDOW_S: f64 = 30.0;
/// Faster than any runner holds for 30 s more than once in a session (the 400 m world record
/// is 9.3 m/s over 43 s; a 300 m rep at 8.8 m/s is world class)…
pub const BEYOND_RUNNER_MPS: f64 = 9.0;
/// …and faster than this over three minutes (the 1500 m world record is 7.28 m/s over 3:26): a
/// bus or a bike on the flat that never reaches 9 m/s…
pub const HELD_BEYOND_RUNNER_MPS: f64 = 7.3;
pub(super) const HELD_WINDOW_S: f64 = 180.0;
/// …for this much moving time in all: a minute of it is a bike.
pub const BEYOND_RUNNER_S: f64 = 60.0;

/// Whether no runner covers an interval: faster than one both over its step and over the window
/// around it, 30 seconds beyond [`BEYOND_RUNNER_MPS`] or three minutes beyond
/// [`HELD_BEYOND_RUNNER_MPS`]. A ride's fast stretch is fast at every step, where a GPS that froze
/// and then caught up puts one long step in windows of standing still (a tunnel) and must not make
/// a run a ride. `over_30s` and `over_3min` measure the windows, asked only when the step is fast.
pub(super) fn beyond_a_runner_at(
    step_mps: f64,
    over_30s: impl FnOnce() -> Option<f64>,
    over_3min: impl FnOnce() -> Option<f64>,
) -> bool {
    step_mps > BEYOND_RUNNER_MPS && over_30s().is_some_and(|v| v > BEYOND_RUNNER_MPS)
        || step_mps > HELD_BEYOND_RUNNER_MPS
            && over_3min().is_some_and(|v| v > HELD_BEYOND_RUNNER_MPS)
}
/// Coasting: moving at least this fast (a jog is slower, a freewheeling bike faster)…
const COASTING_MIN_MPS: f64 = 3.0;
/// …with the cadence or the power at zero, for this share of the moving time.
const COASTING_MIN_SHARE: f64 = 0.05;
/// A sensor speaks when it reports on at least this share of the moving time.
const SENSOR_MIN_SHARE: f64 = 0.5;
/// Metres per cadence cycle (one foot's stride, or a crank turn): a runner holding a pace for
/// minutes covers at most about this much (an elite marathoner at 5.7 m/s and 92 strides a
/// minute: 3.7 m)…
pub const MAX_RUN_STRIDE_M: f64 = 4.2;
/// Feet never coast: cadence that never drops to 0 at speed (under this share of the moving
/// time, sensor glitches aside) over a whole session is a runner's, where any road ride
/// freewheels in corners and descents.
const MAX_FOOT_COASTING_SHARE: f64 = 0.01;
/// Watts per m/s: running costs about 1 J per kg per metre, so even a 45-kg runner needs this
/// much; riding on the flat at 5–10 m/s costs 10–25.
pub const MIN_RUN_WATTS_PER_MPS: f64 = 40.0;
const MAX_RIDE_WATTS_PER_MPS: f64 = 28.0;
/// At this median speed (3:42/km) or faster a runner works hard…
const FAST_RUN_MPS: f64 = 4.5;
/// …so an average HR under this is not a run.
const EASY_HEART_BPM: f64 = 130.0;
/// A fast tenth of the moving time (the 90th percentile of the 30-second speed) this many times
/// the median, and at 4.5 m/s or faster: a ride's descents against its climbs (a mountain bike on
/// a hilly trail: 20 km/h down, 7 km/h up) as much as a runner's reps against their jogs. Without
/// a sensor or a sport to tell, no guess: a ride is never read as a run.
const SWING_P90_OVER_MEDIAN: f64 = 1.8;
/// Median speeds: slower than this is walking (≈ 6.8 km/h, where walking turns to jogging)…
const WALK_MAX_MPS: f64 = 1.9;
/// A third of the time at this speed (7:35/km) or faster is running, whatever the median: a
/// walker does not hold it for 30 s at a time, a run-walk session (run 1 minute, walk 1) jogs
/// half its time and walks the other half, and its median falls between the two.
const JOG_MIN_MPS: f64 = 2.2;
/// …faster than this for a whole session is beyond any runner (the 10,000 m world record is
/// 6.3 m/s).
pub const RUN_MAX_MEDIAN_MPS: f64 = 6.5;
/// A median this fast (48.6 km/h) over a session is beyond a rider on the road (a Tour de France
/// time trial averages 50 km/h for under an hour; amateurs ride at 25–35): with no pedal sensor to
/// say otherwise, a car, a train or a boat carried the device.
const MOTOR_MIN_MEDIAN_MPS: f64 = 13.5;
/// The longest run a guess from the speed takes a session for (moving time): a marathon at a
/// walk-jog, a mountain ultra's first half. A file that names no sport and moves at a runner's
/// speed for longer is as likely a boat drifting for a day, or a hike (a multi-day trip read as
/// 28 hours of "running" set a runner's easy pace and usual run: real-files round 39).
pub const GUESSED_RUN_MAX_MOVING_S: f64 = 6.0 * 3600.0;
/// A walker takes 100–130 steps a minute; the slowest jog takes 145 or more.
const WALK_MAX_STEPS_PER_MIN: f64 = 140.0;
/// With neither a step rate nor a heart rate to tell, a run's fastest tenth must be slower than
/// this (9:48/km) to be taken for a walk: a slow jogger at 9:00/km with a phone in their pocket
/// runs as fast as a brisk walker walks, and the file says run.
const WALK_MAX_MPS_UNSENSED: f64 = 1.7;
/// A walker's heart: a runner's, even on the slowest jog, beats faster, and so does a climber's
/// on a steep mountain leg, whose effort is training whatever the feet did (it stays a run: the
/// rule errs towards what the file says).
const WALK_MAX_HR_BPM: f64 = 115.0;
/// Too little to tell anything from.
const MIN_MOVING_S: f64 = 60.0;
const MIN_DISTANCE_M: f64 = 200.0;

/// What the measured series says about the sport.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub moving_s: f64,
    pub distance_m: f64,
    /// Median and 90th percentile of the 30-second speed, over moving time (m/s).
    pub speed_p50: Option<f64>,
    pub speed_p90: Option<f64>,
    /// The speed a third of the moving time was faster than: a run-walk session's running.
    pub speed_p67: Option<f64>,
    /// Moving seconds whose 30-second speed is beyond any runner.
    pub beyond_runner_s: f64,
    /// Share of moving time with a cadence reading, and with cadence 0 while moving fast.
    pub cadence_share: f64,
    pub cadence_coasting_share: f64,
    /// Median metres per cadence cycle, and the median cadence as written.
    pub stride_m: Option<f64>,
    pub cadence: Option<f64>,
    /// The same for power: readings, 0 W while moving fast, and the median watts per m/s.
    pub power_share: f64,
    pub power_coasting_share: f64,
    pub watts_per_mps: Option<f64>,
    pub avg_hr: Option<f64>,
}

/// How much of the evidence a file needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Everything: the file names no sport, and [`infer`] guesses it.
    Full,
    /// Only what [`beyond_a_runner`] reads (moving time, distance, time beyond a runner): the
    /// file says run. Most files do, and the medians are most of the cost of the evidence.
    SpeedOnly,
}

/// Reads the evidence ([`Reading::Full`]) from the samples, the metres from the start at each
/// sample, and the moving verdict of each interval (interval `i` ends at sample `i + 1`).
pub fn evidence(
    samples: &[Sample],
    cumulative_m: &[f64],
    moving: &[bool],
    avg_hr: Option<f64>,
) -> Evidence {
    let n = samples.len().min(cumulative_m.len());
    let mut speeds: Vec<(f64, f64)> = Vec::with_capacity(n);
    let mut strides: Vec<(f64, f64)> = Vec::new();
    let mut cadences: Vec<(f64, f64)> = Vec::new();
    let mut watts: Vec<(f64, f64)> = Vec::new();
    let mut ev = Evidence {
        avg_hr,
        ..Evidence::default()
    };
    let (mut cadence_s, mut cadence_zero_s, mut power_s, mut power_zero_s) = (0.0, 0.0, 0.0, 0.0);
    // Sums in locals, not in `ev`: kept in registers, they do not wait on a store each step.
    let (mut moving_s, mut distance_m, mut beyond_runner_s) = (0.0, 0.0, 0.0);
    let (mut window, mut held) = (Window::default(), Window::of(HELD_WINDOW_S));
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (&samples[i], &samples[i + 1]);
        let dt = b.time - a.time;
        if dt <= 0.0 || !moving.get(i).copied().unwrap_or(false) {
            continue;
        }
        moving_s += dt;
        let step = cumulative_m[i + 1] - cumulative_m[i];
        if step.is_finite() && step > 0.0 {
            distance_m += step;
        }
        let Some(speed) = window.speed(samples, cumulative_m, n, i) else {
            continue;
        };
        speeds.push((speed, dt));
        if beyond_a_runner_at(
            step / dt,
            || Some(speed),
            || held.speed(samples, cumulative_m, n, i),
        ) {
            beyond_runner_s += dt;
        }
        if let Some(c) = b.cadence {
            cadence_s += dt;
            if c == 0 && speed >= COASTING_MIN_MPS {
                cadence_zero_s += dt;
            } else if c > 0 && speed >= 1.0 {
                strides.push((speed / (f64::from(c) / 60.0), dt));
                cadences.push((f64::from(c), dt));
            }
        }
        if let Some(p) = b.power_w {
            power_s += dt;
            if p == 0 && speed >= COASTING_MIN_MPS {
                power_zero_s += dt;
            } else if p > 0 && speed >= 2.0 {
                watts.push((f64::from(p) / speed, dt));
            }
        }
    }
    (ev.moving_s, ev.distance_m, ev.beyond_runner_s) = (moving_s, distance_m, beyond_runner_s);
    if ev.moving_s > 0.0 {
        ev.cadence_share = cadence_s / ev.moving_s;
        ev.cadence_coasting_share = cadence_zero_s / ev.moving_s;
        ev.power_share = power_s / ev.moving_s;
        ev.power_coasting_share = power_zero_s / ev.moving_s;
    }
    [ev.speed_p50, ev.speed_p67, ev.speed_p90] = weighted_quantiles(&speeds, [0.5, 2.0 / 3.0, 0.9]);
    ev.stride_m = weighted_quantile(&strides, 0.5);
    ev.cadence = weighted_quantile(&cadences, 0.5);
    ev.watts_per_mps = weighted_quantile(&watts, 0.5);
    ev
}

/// The evidence of a file that says run ([`Reading::SpeedOnly`]), with the moving time and
/// distance [`evidence`] would sum, summed while the series was built (so nothing here waits on
/// a running sum): only a step faster than a runner needs its 30-second window.
pub fn speed_only(
    samples: &[Sample],
    cumulative_m: &[f64],
    moving: impl Fn(usize) -> bool,
    (moving_s, distance_m): (f64, f64),
    avg_hr: Option<f64>,
) -> Evidence {
    let n = samples.len().min(cumulative_m.len());
    let (mut window, mut held) = (Window::default(), Window::of(HELD_WINDOW_S));
    let mut beyond_runner_s = 0.0;
    for i in 0..n.saturating_sub(1) {
        let dt = samples[i + 1].time - samples[i].time;
        let step = cumulative_m[i + 1] - cumulative_m[i];
        // A bound without a division rules out nearly every step; `beyond_a_runner_at` then
        // decides, as in `evidence`.
        if !(step > HELD_BEYOND_RUNNER_MPS * 0.999 * dt && dt > 0.0 && moving(i)) {
            continue;
        }
        if beyond_a_runner_at(
            step / dt,
            || window.speed(samples, cumulative_m, n, i),
            || held.speed(samples, cumulative_m, n, i),
        ) {
            beyond_runner_s += dt;
        }
    }
    Evidence {
        moving_s,
        distance_m,
        beyond_runner_s,
        avg_hr,
        ..Evidence::default()
    }
}

/// A window of `span_s` (30 s unless said) centred on an interval, as its first and last samples.
/// Its ends only move forward, so intervals may be skipped: the ends catch up when one is asked
/// for.
pub(super) struct Window {
    lo: usize,
    hi: usize,
    span_s: f64,
}

impl Default for Window {
    fn default() -> Self {
        Window::of(WINDOW_S)
    }
}

impl Window {
    pub(super) fn of(span_s: f64) -> Window {
        Window {
            lo: 0,
            hi: 0,
            span_s,
        }
    }

    /// The speed over the window around the interval from sample `i` to `i + 1`, of the `n`
    /// samples in use: none without time or a known distance.
    pub(super) fn speed(
        &mut self,
        samples: &[Sample],
        cumulative_m: &[f64],
        n: usize,
        i: usize,
    ) -> Option<f64> {
        let mid = (samples[i].time + samples[i + 1].time) / 2.0;
        while self.lo + 1 < n && samples[self.lo + 1].time <= mid - self.span_s / 2.0 {
            self.lo += 1;
        }
        while self.hi + 1 < n && samples[self.hi].time < mid + self.span_s / 2.0 {
            self.hi += 1;
        }
        let (from, to) = (self.lo.min(i), self.hi.max(i + 1));
        let window_s = samples[to].time - samples[from].time;
        let covered = cumulative_m[to] - cumulative_m[from];
        (window_s > 0.0 && covered.is_finite()).then(|| covered.max(0.0) / window_s)
    }
}

/// What the evidence says.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// `Other` when nothing tells.
    pub sport: Sport,
    /// The evidence, in words, for `quality_detail`.
    pub because: String,
}

/// Why this is no run, when the evidence says a bike (or something else on wheels).
fn ride_evidence(ev: &Evidence) -> Option<String> {
    if ev.beyond_runner_s >= BEYOND_RUNNER_S {
        return Some(format!(
            "{:.0} s faster than any runner holds ({BEYOND_RUNNER_MPS:.0} m/s over 30 s, or {HELD_BEYOND_RUNNER_MPS:.1} over 3 minutes)",
            ev.beyond_runner_s
        ));
    }
    if ev.cadence_share >= SENSOR_MIN_SHARE && ev.cadence_coasting_share >= COASTING_MIN_SHARE {
        return Some(format!(
            "coasting: cadence 0 at {COASTING_MIN_MPS:.0} m/s or faster for {:.0} % of the moving time",
            ev.cadence_coasting_share * 100.0
        ));
    }
    if ev.power_share >= SENSOR_MIN_SHARE && ev.power_coasting_share >= COASTING_MIN_SHARE {
        return Some(format!(
            "coasting: 0 W at {COASTING_MIN_MPS:.0} m/s or faster for {:.0} % of the moving time",
            ev.power_coasting_share * 100.0
        ));
    }
    if let Some(w) = ev
        .watts_per_mps
        .filter(|_| ev.power_share >= SENSOR_MIN_SHARE)
        .filter(|&w| w < MAX_RIDE_WATTS_PER_MPS)
    {
        return Some(format!(
            "{w:.0} W per m/s: running costs {MIN_RUN_WATTS_PER_MPS:.0} or more"
        ));
    }
    if let Some(m) = ev
        .stride_m
        .filter(|_| ev.cadence_share >= SENSOR_MIN_SHARE)
        .filter(|&m| m > MAX_RUN_STRIDE_M)
    {
        return Some(format!(
            "{m:.1} m per cadence cycle: a crank turn, no runner's stride"
        ));
    }
    match (ev.speed_p50, ev.avg_hr) {
        (Some(v), Some(hr)) if v >= FAST_RUN_MPS && hr < EASY_HEART_BPM => Some(format!(
            "median {v:.1} m/s with an average HR of {hr:.0} bpm: a runner that fast works far harder"
        )),
        _ => None,
    }
}

/// Why this is on foot, when a sensor says so.
fn foot_evidence(ev: &Evidence) -> Option<String> {
    if let Some(w) = ev
        .watts_per_mps
        .filter(|_| ev.power_share >= SENSOR_MIN_SHARE)
        .filter(|&w| w >= MIN_RUN_WATTS_PER_MPS)
    {
        return Some(format!("{w:.0} W per m/s, the cost of running"));
    }
    match (ev.stride_m, ev.cadence) {
        (Some(m), Some(c))
            if ev.cadence_share >= SENSOR_MIN_SHARE
                && ev.cadence_coasting_share < MAX_FOOT_COASTING_SHARE
                && m <= MAX_RUN_STRIDE_M =>
        {
            Some(format!(
                "cadence {c:.0} at {m:.1} m per cycle and never coasting: feet, not pedals"
            ))
        }
        _ => None,
    }
}

/// The sport of an activity whose file does not say, from the evidence (`Other` with its reason
/// when there is too little to tell anything from); `None` for a session without a speed.
pub fn infer(ev: &Evidence) -> Option<Guess> {
    let guess = by_the_evidence(ev)?;
    if guess.sport.is_run() && ev.moving_s > GUESSED_RUN_MAX_MOVING_S {
        return Some(Guess {
            sport: Sport::Other,
            because: format!(
                "median {:.1} m/s, a runner's pace, but for {} of moving: longer than a run is taken to be without the sport named ({} at most), a boat's or a hike's as likely",
                ev.speed_p50.unwrap_or_default(),
                crate::activity::units::clock(ev.moving_s),
                crate::activity::units::clock(GUESSED_RUN_MAX_MOVING_S)
            ),
        });
    }
    Some(guess)
}

/// [`infer`] before its bound on a guessed run's length.
fn by_the_evidence(ev: &Evidence) -> Option<Guess> {
    if ev.moving_s < MIN_MOVING_S || ev.distance_m < MIN_DISTANCE_M {
        return Some(Guess {
            sport: Sport::Other,
            because: format!(
                "{} of moving over {:.0} m is too little to tell a sport by (at least {} over {:.0} m)",
                crate::activity::units::clock(ev.moving_s),
                ev.distance_m,
                crate::activity::units::clock(MIN_MOVING_S),
                MIN_DISTANCE_M
            ),
        });
    }
    let v = ev.speed_p50?;
    let median = format!("median {v:.1} m/s");
    // A sensor that turns: a stream of zeros (a watch writing cadence 0 in a car) is no pedal.
    let pedalled = ev.cadence_share - ev.cadence_coasting_share >= SENSOR_MIN_SHARE
        || ev.power_share - ev.power_coasting_share >= SENSOR_MIN_SHARE;
    if v > MOTOR_MIN_MEDIAN_MPS && !pedalled {
        return Some(Guess {
            sport: Sport::Other,
            because: format!(
                "{median} ({:.0} km/h) for the session, beyond any rider without a motor, and no pedal sensor: a car, a train or a boat",
                v * 3.6
            ),
        });
    }
    if let Some(why) = ride_evidence(ev) {
        let because = if why.starts_with("median") {
            why
        } else {
            format!("{median}; {why}")
        };
        return Some(Guess {
            sport: Sport::Cycling,
            because,
        });
    }
    let on_foot = foot_evidence(ev);
    let swings = ev
        .speed_p90
        .filter(|&p| p >= FAST_RUN_MPS && p >= SWING_P90_OVER_MEDIAN * v);
    let run_walk = ev
        .speed_p67
        .filter(|&p| v < WALK_MAX_MPS && p >= JOG_MIN_MPS)
        .filter(|_| ev.speed_p90.is_some_and(|p| p < FAST_RUN_MPS));
    if let Some(p) = run_walk {
        return Some(Guess {
            sport: Sport::Running,
            because: format!(
                "{median}, but a third of the time at {p:.1} m/s or faster: a run-walk session jogs between its walks"
            ),
        });
    }
    let sport = if v < WALK_MAX_MPS {
        Sport::Walking
    } else if let Some(p) = swings.filter(|_| on_foot.is_none() && v <= RUN_MAX_MEDIAN_MPS) {
        return Some(Guess {
            sport: Sport::Other,
            because: format!(
                "{median}, its fastest tenth at {p:.1} m/s or more: a ride's descents or a runner's reps, and no cadence, power or sport to tell"
            ),
        });
    } else if v <= RUN_MAX_MEDIAN_MPS && (v < FAST_RUN_MPS || on_foot.is_some()) {
        Sport::Running
    } else if v > RUN_MAX_MEDIAN_MPS {
        Sport::Cycling
    } else {
        return Some(Guess {
            sport: Sport::Other,
            because: format!(
                "{median}, a fast run or an easy ride, and no cadence, power or heart rate to tell"
            ),
        });
    };
    let because = match (sport, on_foot) {
        (Sport::Cycling, _) => format!("{median}, faster than any runner holds for a session"),
        (_, Some(why)) => format!("{median}; {why}"),
        (Sport::Walking, None) => format!("{median}, a walker's pace"),
        (_, None) => format!("{median}, a runner's pace, and nothing says a bike"),
    };
    Some(Guess { sport, because })
}

/// For an activity the file calls a run: why it cannot be one (a ride recorded in run mode), if
/// the speed says so. Only the speed is trusted here, not a missing or odd sensor.
pub fn beyond_a_runner(ev: &Evidence) -> Option<String> {
    (ev.beyond_runner_s >= BEYOND_RUNNER_S).then(|| {
        format!(
            "{:.0} s faster than any runner holds ({BEYOND_RUNNER_MPS:.0} m/s over 30 s, or {HELD_BEYOND_RUNNER_MPS:.1} over 3 minutes): a ride recorded as a run?",
            ev.beyond_runner_s
        )
    })
}

/// For an activity the file calls a run: why it was a walk (the watch left in run mode for a
/// walk with the dog, a walk on the treadmill), if the evidence says so. Even its fastest tenth
/// of 30-second stretches stays under a jog (a run-walk session jogs a good part of its time, and
/// stays a run), the step rate (when there is one) is a walker's, and so is the heart (when
/// there is one): a run whose GPS lost the route keeps a runner's step rate and heart, a hard
/// climb on foot a hard heart.
pub fn walked(ev: &Evidence) -> Option<String> {
    if ev.moving_s < MIN_MOVING_S || ev.distance_m < MIN_DISTANCE_M {
        return None;
    }
    let p90 = ev.speed_p90.filter(|&v| v < WALK_MAX_MPS)?;
    let mut why = vec![format!(
        "its fastest tenth at {p90:.1} m/s, a walker's pace"
    )];
    if ev.cadence_share >= SENSOR_MIN_SHARE {
        // Running files write strides (one foot's) a minute.
        let steps = 2.0 * ev.cadence?;
        if steps >= WALK_MAX_STEPS_PER_MIN {
            return None;
        }
        why.push(format!("{steps:.0} steps a minute"));
    }
    if let Some(hr) = ev.avg_hr {
        if hr >= WALK_MAX_HR_BPM {
            return None;
        }
        why.push(format!("an average HR of {hr:.0} bpm"));
    }
    if why.len() == 1 {
        if p90 >= WALK_MAX_MPS_UNSENSED {
            return None;
        }
        why.push("no step rate or heart rate to say otherwise".into());
    }
    Some(why.join(", "))
}

/// A file that says run is read in full (for [`walked`]) when its average moving speed is under
/// this: a walk, or a run-walk session that walks most of its time.
pub const WALK_CHECK_MAX_MPS: f64 = 2.2;

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1 Hz series at the given speeds, cadence and power per second.
    fn series(
        speeds: &[f64],
        cadence: Option<&dyn Fn(usize) -> u8>,
        power: Option<&dyn Fn(usize) -> u16>,
    ) -> (Vec<Sample>, Vec<f64>, Vec<bool>) {
        let mut cumulative = vec![0.0];
        for v in speeds {
            let last = *cumulative.last().unwrap();
            cumulative.push(last + v);
        }
        let samples = (0..=speeds.len())
            .map(|i| Sample {
                time: i as f64,
                cadence: cadence.map(|c| c(i)),
                power_w: power.map(|p| p(i)),
                ..Default::default()
            })
            .collect();
        (samples, cumulative, vec![true; speeds.len()])
    }

    fn guess(speeds: &[f64], hr: Option<f64>) -> Option<Guess> {
        let (s, c, m) = series(speeds, None, None);
        infer(&evidence(&s, &c, &m, hr))
    }

    #[test]
    fn speed_decides_only_where_no_runner_or_no_rider_fits() {
        let jog = vec![3.0; 1800];
        assert_eq!(guess(&jog, None).unwrap().sport, Sport::Running);
        let walk = vec![1.3; 1800];
        assert_eq!(guess(&walk, None).unwrap().sport, Sport::Walking);
        // A run-walk session (jog 70 s at 2.5 m/s, walk 90 s at 1.4): its median is a walk's,
        // and a walker never holds 2.5 m/s a third of the time.
        let run_walk: Vec<f64> = (0..1920)
            .map(|i| if i % 160 < 70 { 2.5 } else { 1.4 })
            .collect();
        let g = guess(&run_walk, None).unwrap();
        assert_eq!(g.sport, Sport::Running, "{g:?}");
        assert!(g.because.contains("run-walk"), "{g:?}");
        // A walk with a jog across a road or two stays a walk.
        let crossings: Vec<f64> = (0..1800)
            .map(|i| if i % 600 < 30 { 2.5 } else { 1.4 })
            .collect();
        assert_eq!(guess(&crossings, None).unwrap().sport, Sport::Walking);
        let fast_ride = vec![8.0; 1800];
        assert_eq!(guess(&fast_ride, None).unwrap().sport, Sport::Cycling);
        // A steady 5.5 m/s: an elite's race or an easy ride. Nothing tells, so no guess…
        let steady = vec![5.5; 2400];
        assert_eq!(guess(&steady, None).unwrap().sport, Sport::Other);
        // …but an easy heart at that speed is a rider's, and a hard one a runner's.
        assert_eq!(guess(&steady, Some(121.0)).unwrap().sport, Sport::Cycling);
        let (s, c, m) = series(&steady, Some(&|_| 92), None);
        assert_eq!(
            infer(&evidence(&s, &c, &m, Some(172.0))).unwrap().sport,
            Sport::Running
        );
    }

    #[test]
    fn a_motorway_is_no_ride_but_a_fast_ride_with_its_pedals_is() {
        // Two hours at a median 14 m/s (50 km/h), no sensor: a car.
        let car = vec![14.0; 7200];
        let g = guess(&car, None).unwrap();
        assert_eq!(g.sport, Sport::Other, "{}", g.because);
        assert!(g.because.contains("a car"), "{}", g.because);
        // 11 m/s (40 km/h), a fast group ride: still a ride.
        assert_eq!(
            guess(&vec![11.0; 7200], None).unwrap().sport,
            Sport::Cycling
        );
        // The same 14 m/s with a crank turning at 95 rpm: a rider, however fast.
        let (s, c, m) = series(&car, Some(&|_| 95), None);
        assert_eq!(
            infer(&evidence(&s, &c, &m, None)).unwrap().sport,
            Sport::Cycling
        );
        // A watch writing cadence 0 all the way: no pedal, the car still.
        let (s, c, m) = series(&car, Some(&|_| 0), None);
        assert_eq!(
            infer(&evidence(&s, &c, &m, None)).unwrap().sport,
            Sport::Other
        );
    }

    #[test]
    fn rolling_ride_with_descents_is_a_ride_though_its_median_is_a_runners() {
        // Median 5.2 m/s, 10 % of the time descending at 9.5 m/s in blocks of a minute.
        let speeds: Vec<f64> = (0..3600)
            .map(|i| if (i / 60) % 10 == 9 { 9.5 } else { 5.2 })
            .collect();
        let g = guess(&speeds, Some(150.0)).unwrap();
        assert_eq!(g.sport, Sport::Cycling, "{}", g.because);
        assert!(
            g.because.contains("faster than any runner holds"),
            "{}",
            g.because
        );
        // A runner's 6 × 30 s strides at 8 m/s after 22 minutes easy are no ride.
        let strides: Vec<f64> = (0..2400)
            .map(|i| if i >= 1320 && i % 180 < 30 { 8.0 } else { 3.2 })
            .collect();
        assert_eq!(guess(&strides, Some(150.0)).unwrap().sport, Sport::Running);
    }

    #[test]
    fn a_speed_swinging_from_climbs_to_descents_is_no_guess_without_a_sensor() {
        // A mountain bike on a hilly trail: 7 km/h up for 3 minutes, 18 km/h down for 2, no
        // sensor. The median (2.0 m/s) is a jogger's; the fast tenth is 2.5 times it.
        let speeds: Vec<f64> = (0..3600)
            .map(|i| if i % 300 < 180 { 2.0 } else { 5.0 })
            .collect();
        let g = guess(&speeds, Some(140.0)).unwrap();
        assert_eq!(g.sport, Sport::Other, "{}", g.because);
        assert!(g.because.contains("a ride's descents"), "{}", g.because);
        // Feet tell: the same speeds at a runner's cadence that never coasts are a run (hill
        // repeats with jogs down, or reps).
        let (s, c, m) = series(&speeds, Some(&|_| 84), None);
        assert_eq!(
            infer(&evidence(&s, &c, &m, Some(150.0))).unwrap().sport,
            Sport::Running
        );
        // A fartlek of 8 × 1 min at 4.5 m/s among 3.0 m/s jogs swings less: a run.
        let fartlek: Vec<f64> = (0..2400)
            .map(|i| {
                if (600..1800).contains(&i) && i % 150 < 60 {
                    4.5
                } else {
                    3.0
                }
            })
            .collect();
        assert_eq!(guess(&fartlek, Some(150.0)).unwrap().sport, Sport::Running);
    }

    #[test]
    fn coasting_and_watts_tell_a_slow_ride_from_a_run() {
        // A slow mountain-bike ride at 3.5 m/s: pedals still for 20 % of the time.
        let speeds = vec![3.5; 1800];
        let (s, c, m) = series(&speeds, Some(&|i| if i % 5 == 0 { 0 } else { 70 }), None);
        assert_eq!(
            infer(&evidence(&s, &c, &m, None)).unwrap().sport,
            Sport::Cycling
        );
        // The same speed at 160 W: 46 W per m/s is a runner's cost…
        let (s, c, m) = series(&speeds, None, Some(&|_| 160));
        assert_eq!(
            infer(&evidence(&s, &c, &m, None)).unwrap().sport,
            Sport::Running
        );
        // …and at 70 W it is a bike's.
        let (s, c, m) = series(&speeds, None, Some(&|_| 70));
        assert_eq!(
            infer(&evidence(&s, &c, &m, None)).unwrap().sport,
            Sport::Cycling
        );
    }

    #[test]
    fn a_fast_runner_with_a_footpod_stays_a_runner() {
        // 5.3 m/s at 94 strides a minute (3.4 m each): a sub-elite's tempo.
        let speeds = vec![5.3; 1500];
        let (s, c, m) = series(&speeds, Some(&|_| 94), None);
        let g = infer(&evidence(&s, &c, &m, Some(176.0))).unwrap();
        assert_eq!(g.sport, Sport::Running, "{}", g.because);
        assert_eq!(beyond_a_runner(&evidence(&s, &c, &m, None)), None);
    }

    #[test]
    fn a_gps_that_freezes_and_catches_up_does_not_make_a_run_a_ride() {
        // A 40-min run at 3 m/s, 1 Hz, whose GPS froze for 2 minutes four times (a tunnel, a
        // lost fix) and caught up in one step of 360 m: the 30-s windows around each catch-up
        // are beyond any runner for half a minute, the run's own steps never are.
        let mut speeds = Vec::new();
        for _ in 0..4 {
            speeds.extend([3.0; 480]);
            speeds.extend([0.0; 119]);
            speeds.push(360.0);
        }
        let (s, c, m) = series(&speeds, None, None);
        let ev = evidence(&s, &c, &m, Some(150.0));
        assert_eq!(ev.beyond_runner_s, 4.0);
        assert_eq!(beyond_a_runner(&ev), None);
        assert_eq!(infer(&ev).unwrap().sport, Sport::Running);
    }

    #[test]
    fn a_walk_in_run_mode_is_a_walk_and_a_run_walk_a_climb_or_a_lost_gps_are_not() {
        let walk = vec![1.4; 1800];
        let steps = |n: u8| move |_: usize| n;
        let (s, c, m) = series(&walk, Some(&steps(58)), None);
        let why = walked(&evidence(&s, &c, &m, Some(102.0))).unwrap();
        assert!(why.contains("116 steps a minute"), "{why}");
        assert!(why.contains("an average HR of 102 bpm"), "{why}");
        // No sensor at all: the pace alone, and a slower bar. A slow jogger at 9:00/km with a
        // phone (no step rate, no HR) runs as fast as a brisk walker walks, and the file says run.
        let (s, c, m) = series(&walk, None, None);
        assert!(walked(&evidence(&s, &c, &m, None)).is_some());
        let jog: Vec<f64> = (0..1800)
            .map(|i| 1.85 + 0.05 * (i % 7) as f64 / 6.0)
            .collect();
        let (s, c, m) = series(&jog, None, None);
        assert_eq!(walked(&evidence(&s, &c, &m, None)), None);
        let (s, c, m) = series(&jog, Some(&steps(57)), None);
        assert!(walked(&evidence(&s, &c, &m, Some(100.0))).is_some());
        // The same speed at a runner's step rate (a run whose GPS lost the route), or with a
        // climber's heart (a steep mountain leg): runs.
        let (s, c, m) = series(&walk, Some(&steps(80)), None);
        assert_eq!(walked(&evidence(&s, &c, &m, Some(102.0))), None);
        let (s, c, m) = series(&walk, Some(&steps(58)), None);
        assert_eq!(walked(&evidence(&s, &c, &m, Some(150.0))), None);
        // Couch to 5K: 60 s jogging at 2.4 m/s, 90 s walking, eight times.
        let run_walk: Vec<f64> = (0..1200)
            .map(|i| if i % 150 < 60 { 2.4 } else { 1.4 })
            .collect();
        let (s, c, m) = series(&run_walk, None, None);
        assert_eq!(walked(&evidence(&s, &c, &m, Some(105.0))), None);
    }

    #[test]
    fn a_file_that_says_run_reads_the_same_time_beyond_a_runner() {
        // Rides, tunnels, pauses and a step backwards: the shortcut of a file that says run must
        // find every second the full reading finds.
        let mut speeds = Vec::new();
        for k in 0..6 {
            speeds.extend([3.0; 300]);
            speeds.extend([11.0 + k as f64; 90]);
            speeds.extend([0.0; 30]);
            speeds.push(300.0);
            speeds.push(-5.0);
            speeds.extend([9.0 + 0.001 * k as f64; 40]);
        }
        let (s, c, mut m) = series(&speeds, None, None);
        for (i, moving) in m.iter_mut().enumerate() {
            *moving = i % 97 != 0;
        }
        let full = evidence(&s, &c, &m, Some(150.0));
        let fast = speed_only(
            &s,
            &c,
            |i| m[i],
            (full.moving_s, full.distance_m),
            Some(150.0),
        );
        assert!(full.beyond_runner_s > 500.0, "{}", full.beyond_runner_s);
        assert_eq!(fast.beyond_runner_s, full.beyond_runner_s);
        assert_eq!(beyond_a_runner(&fast), beyond_a_runner(&full));
    }

    #[test]
    fn a_day_at_a_runner_s_speed_is_no_run_without_the_sport_named() {
        // A boat drifting at 2.7 m/s, 7 hours of it: a runner's pace, a day no run lasts.
        let drift = guess(&[2.7; 7 * 3600], None).unwrap();
        assert_eq!(drift.sport, Sport::Other, "{}", drift.because);
        assert!(
            drift.because.contains("7:00:00 of moving"),
            "{}",
            drift.because
        );
        // A 5-hour marathon at the same pace is a run.
        let marathon = guess(&[2.7; 5 * 3600], None).unwrap();
        assert_eq!(marathon.sport, Sport::Running, "{}", marathon.because);
        // A run-walk day as long is no guess either.
        let mut run_walk = Vec::new();
        for _ in 0..(7 * 60) {
            run_walk.extend([2.6; 30]);
            run_walk.extend([1.4; 30]);
        }
        let run_walk = guess(&run_walk, None).unwrap();
        assert_eq!(run_walk.sport, Sport::Other, "{}", run_walk.because);
    }

    #[test]
    fn too_little_tells_no_sport_and_says_so() {
        let short = guess(&[3.0; 30], None).unwrap();
        assert_eq!(short.sport, Sport::Other);
        assert!(
            short
                .because
                .starts_with("0:30 of moving over 90 m is too little"),
            "{}",
            short.because
        );
    }
}
