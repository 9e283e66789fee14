//! Walk breaks: a run-walk session (run 4 minutes, walk 1; a beginner's 1 and 1) walks on
//! purpose between stretches of easy running. Its pace over moving time mixes the two, so it
//! says less of how hard the runner ran than the pace of the running does: a 4:1 session
//! averages faster than a 1:1 at the same running pace, and every running stretch of either
//! is faster than the session's average. The runner's easy pace and a run's effort are read
//! over the running.

use super::summary::Bucket;

/// A stretch walks at this speed or slower (6.8 km/h, where walking turns to jogging; the
/// sport guess's walker's pace)…
pub const WALK_BREAK_MAX_MPS: f64 = 1.9;
/// …and at most this share of the run's running speed (its 80th percentile): a slow jogger's
/// hills at 1.8 m/s are still running when the rest goes at 2.0.
pub const WALK_BREAK_OF_RUNNING: f64 = 0.75;
/// A walk break lasts this long at least: a few slow steps on a hill, a bend, a bottle from a
/// pocket are part of the running.
pub const WALK_BREAK_MIN_S: f64 = 30.0;
/// A run-walk session walks again and again: one or two walks (up a steep hill, to take a
/// call) are a run's incident, not its way of running…
pub const WALK_BREAKS_MIN_COUNT: usize = 3;
/// …and the breaks together are this share of the moving time or more: three 30-s walks in an
/// hour change its pace by seconds.
pub const WALK_BREAKS_MIN_SHARE: f64 = 0.05;
/// The running left is this long at least (otherwise it was a walk with a jog in it).
const RUNNING_MIN_S: f64 = 5.0 * 60.0;

/// The walk breaks of a run, when they are enough to read its pace over the running alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WalkBreaks {
    /// How many breaks, their moving time and the ground they covered.
    pub count: usize,
    pub walk_s: f64,
    pub walk_m: f64,
}

impl WalkBreaks {
    /// Speed over the running alone (m/s), given the run's moving time and distance.
    pub fn running_speed(&self, moving_s: f64, distance_m: f64) -> Option<f64> {
        let secs = moving_s - self.walk_s;
        let metres = distance_m - self.walk_m;
        (secs > 0.0 && metres > 0.0).then(|| metres / secs)
    }
}

/// The walk breaks in a run's 10-second series, if they are its way of running (see
/// [`WALK_BREAKS_MIN_COUNT`]).
pub fn walk_breaks(series: &[Bucket]) -> Option<WalkBreaks> {
    // Most runs never walk: no break is possible without 5 % of the time at a walker's speed.
    let (mut moving, mut slow) = (0.0, 0.0);
    for b in series.iter().filter(|b| b.moving_s > 0.0) {
        moving += b.moving_s as f64;
        if (b.distance_m as f64) <= WALK_BREAK_MAX_MPS * b.moving_s as f64 {
            slow += b.moving_s as f64;
        }
    }
    if slow < WALK_BREAKS_MIN_SHARE * moving {
        return None;
    }
    let running = running_speed_p80(series)?;
    let walk_at = WALK_BREAK_MAX_MPS.min(WALK_BREAK_OF_RUNNING * running);
    let mut out = WalkBreaks::default();
    // A stretch of walking buckets; a bucket with no moving time (a stop) neither breaks nor
    // lengthens it.
    let (mut secs, mut metres) = (0.0, 0.0);
    let close = |secs: &mut f64, metres: &mut f64, out: &mut WalkBreaks| {
        if *secs >= WALK_BREAK_MIN_S {
            out.count += 1;
            out.walk_s += *secs;
            out.walk_m += *metres;
        }
        *secs = 0.0;
        *metres = 0.0;
    };
    for b in series {
        if b.moving_s <= 0.0 {
            continue;
        }
        // A bucket with time but no distance walks: its distance stalled.
        let v = b.distance_m as f64 / b.moving_s as f64;
        if v <= walk_at {
            secs += b.moving_s as f64;
            metres += b.distance_m as f64;
        } else {
            close(&mut secs, &mut metres, &mut out);
        }
    }
    close(&mut secs, &mut metres, &mut out);
    (out.count >= WALK_BREAKS_MIN_COUNT
        && out.walk_s >= WALK_BREAKS_MIN_SHARE * moving
        && moving - out.walk_s >= RUNNING_MIN_S)
        .then_some(out)
}

/// The speed the run's fastest fifth of moving time reaches: its running, when it walks up to
/// half of the time. `None` without distance. Counted into 2-cm/s bins on the stack: the few
/// runs that walk enough to be asked would otherwise each allocate and sort their series.
fn running_speed_p80(series: &[Bucket]) -> Option<f64> {
    const BIN_MPS: f64 = 0.02;
    const BINS: usize = 512;
    let mut weight = [0.0f64; BINS];
    let mut total = 0.0;
    let mut any_ground = false;
    for b in series.iter().filter(|b| b.moving_s > 0.0) {
        let v = b.distance_m as f64 / b.moving_s as f64;
        any_ground |= v > 0.0;
        // Not negative and below BINS by the `min`: the cast keeps it.
        let bin = ((v.max(0.0) / BIN_MPS) as usize).min(BINS - 1);
        weight[bin] += b.moving_s as f64;
        total += b.moving_s as f64;
    }
    if !any_ground {
        return None;
    }
    let mut seen = 0.0;
    weight
        .iter()
        .position(|w| {
            seen += w;
            seen >= 0.8 * total
        })
        .map(|bin| (bin as f64 + 0.5) * BIN_MPS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run at `speed(t)` m/s for each 10-s bucket `t`.
    fn run(buckets: usize, speed: impl Fn(usize) -> f64) -> Vec<Bucket> {
        (0..buckets)
            .map(|t| Bucket {
                moving_s: 10.0,
                distance_m: (10.0 * speed(t)) as f32,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn a_run_walk_session_walks_its_minutes_of_walking() {
        // 30 min: run 4 min at 6:40/km (2.5 m/s), walk 1 at 12:00/km (1.39 m/s).
        let series = run(180, |t| if t % 30 < 24 { 2.5 } else { 1000.0 / 720.0 });
        let w = walk_breaks(&series).expect("walk breaks");
        assert_eq!(w.count, 6);
        assert_eq!(w.walk_s, 360.0);
        let running = w.running_speed(1800.0, 6.0 * 240.0 * 2.5 + 6.0 * 60.0 * 1000.0 / 720.0);
        assert!((running.unwrap_or(0.0) - 2.5).abs() < 1e-3, "{running:?}");
    }

    #[test]
    fn a_slow_jogger_s_hills_and_a_few_slow_steps_are_running() {
        // A jog at 2.0 m/s slowing to 1.7 on every other 2-minute hill: 1.7 is over three
        // quarters of the running, so no break.
        let hills = run(360, |t| if t % 24 < 12 { 2.0 } else { 1.7 });
        assert_eq!(walk_breaks(&hills), None);
        // A steady run at 3 m/s with a 20-s walk every 5 min: too short to be a break.
        let sips = run(360, |t| if t % 30 < 28 { 3.0 } else { 1.2 });
        assert_eq!(walk_breaks(&sips), None);
        // One 90-s walk up a hill in an hour's run: a break, but too little to matter.
        let one = run(360, |t| if (100..109).contains(&t) { 1.2 } else { 3.0 });
        assert_eq!(walk_breaks(&one), None);
        // Two 3-minute walks up a steep hill, out and back, on a 30-min recovery jog: a tenth
        // of its time, but two walks are the hill's, not a way of running.
        let hill = run(180, |t| if t % 90 < 72 { 2.6 } else { 1.1 });
        assert_eq!(walk_breaks(&hill), None);
    }

    #[test]
    fn a_walk_with_a_jog_in_it_has_no_running_to_read() {
        // 40 min of walking with 3 min of jogging: the running is too short.
        let series = run(240, |t| if t < 18 { 2.4 } else { 1.4 });
        assert_eq!(walk_breaks(&series), None);
    }
}
