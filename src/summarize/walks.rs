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
    let walk_at = walking_speed(running_speed_p80(series)?);
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

/// Whether the running between the walks at its ends is a run-walk session on its own: then
/// the run's breaks are the runner's way of running, and the walks at its ends are more of them.
/// Otherwise a walk or two between (a hill, a crossing) are incidents, as they are in any run,
/// and breaks at the ends are walks a GPS track's jitter cut up.
pub fn run_walk_between(running: &[Bucket]) -> bool {
    walk_breaks(running).is_some()
}

/// The speed a run walks at: a walker's (1.9 m/s) and at most 75 % of its running speed.
fn walking_speed(running: f64) -> f64 {
    WALK_BREAK_MAX_MPS.min(WALK_BREAK_OF_RUNNING * running)
}

/// A walk at either end of a run lasts this long at least: a shorter stroll to stop the watch is
/// read by the judge's finish-walk allowance (`FINISH_WALK_MAX_S`), and changes a run's pace by
/// seconds.
pub const END_WALK_MIN_S: f64 = 60.0;
/// Up to this many 10-s buckets in a row faster than a walk belong to it when walking comes on
/// both sides (a GPS track's jitter, a few jogged steps across a road).
const END_WALK_JITTER_BUCKETS: usize = 2;
/// A walk that climbs this much of its distance or more (6 %) is a hike, part of the effort: up
/// to the finish, or up from the trailhead.
pub const END_WALK_MAX_GRADE: f64 = 0.06;

/// The walking at the ends of a run: to the start before the running (the watch started at the
/// door), and home after it (a cool-down walk before the watch is stopped). The file's figures
/// keep both (they are the device's); the run's effort is judged without them, as a coach reads
/// a run by its running: five minutes of walking at 12:00/km with an easy 40 minutes reads it as
/// recovery, and with a tempo averages it down to easy.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EndWalks {
    /// How many 10-s buckets at the start and at the end of the series each walk spans (stops
    /// inside it included); 0 for no walk at that end.
    pub start_buckets: usize,
    pub end_buckets: usize,
    /// The moving time of each walk…
    pub start_s: f64,
    pub end_s: f64,
    /// …and the ground both covered.
    pub walk_m: f64,
    /// The mean HR over the running between them (moving time with HR), when there is one.
    pub run_avg_hr: Option<f64>,
}

impl EndWalks {
    /// Moving time of both walks.
    pub fn walk_s(&self) -> f64 {
        self.start_s + self.end_s
    }

    /// What the walks were, in a runner's words.
    pub fn named(&self) -> &'static str {
        match (self.start_s > 0.0, self.end_s > 0.0) {
            (true, true) => "the walks to the start and home",
            (true, false) => "the walk to the start",
            _ => "the walk home",
        }
    }

    /// The running of `series` (this run's): without the walks.
    pub fn running<'a>(&self, series: &'a [Bucket]) -> &'a [Bucket] {
        &series[self.running_range(series.len())]
    }

    /// Where the running is in a series of `len` buckets (this run's).
    pub fn running_range(&self, len: usize) -> std::ops::Range<usize> {
        let end = len.saturating_sub(self.end_buckets);
        self.start_buckets.min(end)..end
    }
}

/// The walks that start and end a run's 10-second series, if either is one (see [`EndWalks`]):
/// at a walker's speed as a walk break is (at most 1.9 m/s and 75 % of the running's speed), at
/// least [`END_WALK_MIN_S`] long, not a climb, with at least 5 minutes of running between them.
pub fn end_walks(series: &[Bucket]) -> Option<EndWalks> {
    // Most runs start and end running: no walk is at an end without one of its first or last
    // buckets at a walker's speed.
    let walked = |from_the_edge: &mut dyn Iterator<Item = &Bucket>| {
        from_the_edge
            .filter(|b| b.moving_s > 0.0)
            .take(END_WALK_JITTER_BUCKETS + 1)
            .any(|b| b.distance_m as f64 <= WALK_BREAK_MAX_MPS * b.moving_s as f64)
    };
    if !walked(&mut series.iter()) && !walked(&mut series.iter().rev()) {
        return None;
    }
    let walk_at = walking_speed(running_speed_p80(series)?);
    let end = edge_walk(series.iter().rev(), walk_at).unwrap_or_default();
    let before_the_walk_home = &series[..series.len() - end.buckets];
    let start = edge_walk(before_the_walk_home.iter(), walk_at).unwrap_or_default();
    if start.buckets == 0 && end.buckets == 0 {
        return None;
    }
    let run = &before_the_walk_home[start.buckets..];
    let run_s: f64 = run.iter().map(|b| b.moving_s as f64).sum();
    if run_s < RUNNING_MIN_S || !run.iter().any(|b| b.speed().is_some_and(|v| v > walk_at)) {
        return None;
    }
    let (hr_s, hr_sum) = run.iter().fold((0.0f64, 0.0f64), |(s, sum), b| {
        (s + b.hr_s as f64, sum + b.hr_sum as f64)
    });
    Some(EndWalks {
        start_buckets: start.buckets,
        end_buckets: end.buckets,
        start_s: start.secs,
        end_s: end.secs,
        walk_m: start.metres + end.metres,
        run_avg_hr: (hr_s > 0.0).then(|| hr_sum / hr_s),
    })
}

/// A walk at one end of a series, as [`edge_walk`] finds it.
#[derive(Clone, Copy, Default)]
struct EdgeWalk {
    buckets: usize,
    secs: f64,
    metres: f64,
}

/// The walk at the edge `from_the_edge` starts at (the series' buckets, inwards), if one is
/// there: long enough, at a walker's speed as a whole, not a climb. A GPS track's fixes put a
/// walker's 10 s at 2 m/s now and then: a few faster buckets between walking ones are the
/// walk's. More in a row are the running.
fn edge_walk<'a>(
    from_the_edge: impl Iterator<Item = &'a Bucket>,
    walk_at: f64,
) -> Option<EdgeWalk> {
    let mut walk = EdgeWalk::default();
    let mut climb_m = 0.0;
    let (mut fast_s, mut fast_m, mut fast_climb, mut fast_in_a_row) = (0.0, 0.0, 0.0, 0);
    for (k, b) in from_the_edge.enumerate() {
        if b.moving_s <= 0.0 {
            continue;
        }
        let (secs, metres, climb) = (b.moving_s as f64, b.distance_m as f64, b.ascent_m as f64);
        // Not at a walker's speed (nor a distance that is no number): running.
        let walking = metres.is_finite() && metres <= walk_at * secs;
        if !walking {
            fast_in_a_row += 1;
            if fast_in_a_row > END_WALK_JITTER_BUCKETS {
                break;
            }
            fast_s += secs;
            fast_m += metres;
            fast_climb += climb;
            continue;
        }
        walk.secs += secs + fast_s;
        walk.metres += metres + fast_m;
        climb_m += climb + fast_climb;
        (fast_s, fast_m, fast_climb, fast_in_a_row) = (0.0, 0.0, 0.0, 0);
        walk.buckets = k + 1;
    }
    (walk.secs >= END_WALK_MIN_S
        && walk.metres <= walk_at * walk.secs
        && climb_m <= END_WALK_MAX_GRADE * walk.metres.max(1.0))
    .then_some(walk)
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

    /// `run` with an HR of `hr(t)` bpm all its moving time.
    fn with_hr(mut series: Vec<Bucket>, hr: impl Fn(usize) -> f32) -> Vec<Bucket> {
        for (t, b) in series.iter_mut().enumerate() {
            b.hr_s = b.moving_s;
            b.hr_sum = hr(t) * b.moving_s;
        }
        series
    }

    #[test]
    fn the_walk_home_after_a_run_is_left_apart_from_it() {
        // 40 min at 3 m/s and HR 140, then 5 min walking at 1.3 m/s, HR falling to 100.
        let series = with_hr(run(270, |t| if t < 240 { 3.0 } else { 1.3 }), |t| {
            if t < 240 {
                140.0
            } else {
                100.0
            }
        });
        let w = end_walks(&series).expect("a walk home");
        assert_eq!((w.start_buckets, w.end_buckets), (0, 30));
        assert_eq!((w.start_s, w.end_s), (0.0, 300.0));
        assert!((w.walk_m - 390.0).abs() < 0.1, "{}", w.walk_m);
        assert_eq!(w.run_avg_hr, Some(140.0));
        assert_eq!(w.running(&series).len(), 240);
    }

    #[test]
    fn the_walk_to_the_start_and_home_are_both_left_apart() {
        // 3 min walking (HR 95), 40 min at 3 m/s (HR 150), 2 min walking home (HR 110); stops
        // at the door before and after.
        let mut series = with_hr(
            run(272, |t| match t {
                1..19 => 1.4,
                19..259 => 3.0,
                _ => 1.2,
            }),
            |t| match t {
                1..19 => 95.0,
                19..259 => 150.0,
                _ => 110.0,
            },
        );
        for i in [0, 271] {
            series[i] = Bucket::default();
        }
        let w = end_walks(&series).expect("walks at both ends");
        assert_eq!((w.start_buckets, w.end_buckets), (19, 13));
        assert_eq!((w.start_s, w.end_s), (180.0, 120.0));
        assert_eq!(w.run_avg_hr, Some(150.0));
        assert!(w.running(&series).iter().all(|b| b.distance_m == 30.0));
    }

    #[test]
    fn a_gps_track_s_jitter_does_not_cut_the_walk_home_into_walk_breaks() {
        // The walk home at 1.4 m/s, every fourth 10 s read at 2.1 m/s by the fixes: one walk,
        // not six walk breaks, and the run before it walked nowhere.
        let series = run(264, |t| match t {
            0..240 => 3.0,
            _ if t % 4 == 3 => 2.1,
            _ => 1.4,
        });
        assert!(walk_breaks(&series).is_some(), "the jitter makes breaks");
        let w = end_walks(&series).expect("a walk home");
        assert_eq!(w.end_buckets, 24);
        assert!(!run_walk_between(w.running(&series)));
        // Three faster buckets in a row are running again: the walk is what follows them.
        let jogged = run(270, |t| match t {
            0..240 => 3.0,
            256..259 => 2.5,
            _ => 1.4,
        });
        assert_eq!(end_walks(&jogged).map(|w| w.end_buckets), Some(11));
        // One 40-s walk up a hill in the running is no run-walk session: the walk home is still
        // left apart, however the jitter cut it.
        let hill = run(264, |t| match t {
            100..104 => 1.2,
            0..240 => 3.0,
            _ if t % 4 == 3 => 2.1,
            _ => 1.4,
        });
        let w = end_walks(&hill).expect("a walk home");
        assert!(!run_walk_between(w.running(&hill)));
        // Two 90-s walks up hills are incidents of the running too: the walk home still stands
        // apart, though the whole run walks three times.
        let hills = run(270, |t| match t {
            60..69 | 150..159 => 1.2,
            0..240 => 3.0,
            _ => 1.4,
        });
        assert!(walk_breaks(&hills).is_some_and(|b| b.count == 3));
        let w = end_walks(&hills).expect("a walk home");
        assert!(!run_walk_between(w.running(&hills)));
        // A bucket whose distance is no number is no walking.
        let mut broken = series.clone();
        broken[250].distance_m = f32::NAN;
        assert!(end_walks(&broken).is_none_or(|w| w.walk_m.is_finite()));
    }

    #[test]
    fn a_short_stroll_a_climb_or_a_slow_run_is_no_walk_to_leave_apart() {
        // 40 s of walking: the finish-walk allowance's, not a walk home.
        let stroll = run(244, |t| if t < 240 { 3.0 } else { 1.3 });
        assert_eq!(end_walks(&stroll), None);
        // The last 3 minutes hiked up a 15 % slope: the effort's, not a walk home; nor the
        // first 3 up from the trailhead.
        let mut hike = run(258, |t| if t < 240 { 3.0 } else { 1.0 });
        for b in &mut hike[240..] {
            b.ascent_m = 1.5;
        }
        assert_eq!(end_walks(&hike), None);
        hike.reverse();
        assert_eq!(end_walks(&hike), None);
        // A recovery jog at one even, slow pace: nothing at a walker's speed against it.
        let jog = run(240, |_| 1.8);
        assert_eq!(end_walks(&jog), None);
        // 4 minutes of running between two walks: too little running to set them apart.
        let short = run(72, |t| if (24..48).contains(&t) { 3.0 } else { 1.3 });
        assert_eq!(end_walks(&short), None);
        // Nothing to read: no buckets, or none moving.
        assert_eq!(end_walks(&[]), None);
        assert_eq!(end_walks(&[Bucket::default(); 100]), None);
    }

    #[test]
    fn a_run_walk_session_s_first_and_last_walks_are_two_of_its_breaks() {
        // Walk 1 min, run 4, six times, walking first and last.
        let series = run(186, |t| {
            if t % 30 < 6 || t >= 180 {
                1000.0 / 720.0
            } else {
                2.5
            }
        });
        let w = end_walks(&series).expect("the end walks read alone");
        assert_eq!((w.start_buckets, w.end_buckets), (6, 6));
        assert!(run_walk_between(w.running(&series)));
    }
}
