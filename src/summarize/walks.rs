//! Walk breaks: a run-walk session (run 4 minutes, walk 1; a beginner's 1 and 1) walks on
//! purpose between stretches of easy running. Its pace over moving time mixes the two, so it
//! says less of how hard the runner ran than the pace of the running does: a 4:1 session
//! averages faster than a 1:1 at the same running pace, and every running stretch of either
//! is faster than the session's average. The runner's easy pace and a run's effort are read
//! over the running.

use super::series::Bucket;

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
    breaks(series, 0)
}

/// The walk breaks of `series`, a walk taking up to `jitter` faster buckets in a row between
/// its walking ones (a GPS track's jitter).
fn breaks(series: &[Bucket], jitter: usize) -> Option<WalkBreaks> {
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
    let walk_at = walking_speed(running);
    let mut out = WalkBreaks::default();
    let mut close = |w: Stretch| {
        if w.secs >= WALK_BREAK_MIN_S {
            out.count += 1;
            out.walk_s += w.secs;
            out.walk_m += w.metres;
        }
    };
    for_each_walk(series, (walk_at, running), jitter, &mut close);
    (out.count >= WALK_BREAKS_MIN_COUNT
        && out.walk_s >= WALK_BREAKS_MIN_SHARE * moving
        && moving - out.walk_s >= RUNNING_MIN_S)
        .then_some(out)
}

/// Whether the running between the walks at its ends is a run-walk session on its own: then
/// the run's breaks are the runner's way of running, and the walks at its ends are more of them.
/// Otherwise a walk or two between (a hill, a crossing) are incidents, as they are in any run,
/// and breaks at the ends are walks a GPS track's jitter cut up. The breaks must stand counted
/// with a track's jitter in them too: a GPS track cuts one long walk into several "breaks".
pub fn run_walk_between(running: &[Bucket]) -> bool {
    walk_breaks(running).is_some() && breaks(running, WALK_JITTER_BUCKETS).is_some()
}

/// Whether a bucket is at a walker's speed, `walk_at` or slower (a bucket with time but no
/// distance walks: its distance stalled; a distance that is no number does not).
fn walking(b: &Bucket, walk_at: f64) -> bool {
    let metres = b.distance_m as f64;
    metres.is_finite() && b.moving_s.is_finite() && metres <= walk_at * b.moving_s as f64
}

/// A stretch at a walker's speed, as [`for_each_walk`] finds it.
#[derive(Clone, Copy, Default)]
struct Stretch {
    /// Its buckets in the series searched: `from..to`.
    from: usize,
    to: usize,
    secs: f64,
    metres: f64,
    climb_m: f64,
    /// Moving time with HR, and HR × seconds.
    hr_s: f64,
    hr_sum: f64,
}

impl Stretch {
    fn add(&mut self, b: &Bucket) {
        self.secs += b.moving_s as f64;
        self.metres += b.distance_m as f64;
        self.climb_m += b.ascent_m as f64;
        self.hr_s += b.hr_s as f64;
        self.hr_sum += b.hr_sum as f64;
    }

    fn join(&mut self, other: &Stretch) {
        self.secs += other.secs;
        self.metres += other.metres;
        self.climb_m += other.climb_m;
        self.hr_s += other.hr_s;
        self.hr_sum += other.hr_sum;
    }

    fn avg_hr(&self) -> Option<f64> {
        (self.hr_s > 0.0).then(|| self.hr_sum / self.hr_s)
    }
}

/// Every stretch of `series` at a walker's speed, in order, to `found`. A bucket with no moving
/// time (a stop) neither breaks a walk nor lengthens it; up to `jitter` buckets in a row faster
/// than a walk belong to it when walking follows them (a GPS track's jitter, a few jogged steps
/// across a road), if they are slower than the running (`running`, m/s): in the middle of a run
/// a faster bucket is a stride or a surge, and the jog after it no walk of the same one.
fn for_each_walk(
    series: &[Bucket],
    (walk_at, running): (f64, f64),
    jitter: usize,
    found: &mut impl FnMut(Stretch),
) {
    let mut walk: Option<Stretch> = None;
    let mut fast = Stretch::default();
    let mut fast_in_a_row = 0;
    for (k, b) in series.iter().enumerate() {
        if b.moving_s <= 0.0 {
            continue;
        }
        match walk.as_mut() {
            Some(w) if walking(b, walk_at) => {
                w.join(&fast);
                w.add(b);
                w.to = k + 1;
                (fast, fast_in_a_row) = (Stretch::default(), 0);
            }
            None if walking(b, walk_at) => {
                let mut w = Stretch {
                    from: k,
                    to: k + 1,
                    ..Stretch::default()
                };
                w.add(b);
                walk = Some(w);
            }
            Some(_)
                if fast_in_a_row < jitter
                    && (b.distance_m as f64) < running * b.moving_s as f64 =>
            {
                fast.add(b);
                fast_in_a_row += 1;
            }
            Some(_) => {
                if let Some(w) = walk.take() {
                    found(w);
                }
                (fast, fast_in_a_row) = (Stretch::default(), 0);
            }
            None => {}
        }
    }
    if let Some(w) = walk {
        found(w);
    }
}

/// The speed a run walks at: a walker's (1.9 m/s) and at most 75 % of its running speed.
fn walking_speed(running: f64) -> f64 {
    WALK_BREAK_MAX_MPS.min(WALK_BREAK_OF_RUNNING * running)
}

/// A walk left out of a run lasts this long at least: a shorter stroll to stop the watch is
/// read by the judge's finish-walk allowance (`FINISH_WALK_MAX_S`), and a few slow steps in the
/// middle change a run's pace by seconds.
pub const WALK_LEFT_OUT_MIN_S: f64 = 60.0;
/// Up to this many 10-s buckets in a row faster than a walk belong to it when walking comes on
/// both sides (a GPS track's jitter, a few jogged steps across a road).
const WALK_JITTER_BUCKETS: usize = 2;
/// A walk that climbs this much of its distance or more (6 %) is a hike, part of the effort: up
/// to the finish, up from the trailhead, or up the steep hill in the middle of a trail run.
pub const WALK_LEFT_OUT_MAX_GRADE: f64 = 0.06;
/// A walk in the middle of a run eases the heart at least this much under the running's
/// average: slowing to a walker's speed up a climb (a slow jogger's hill) holds it where it was.
pub const WALK_HR_BELOW_RUNNING_BPM: f64 = 8.0;
/// At most this many walks between the running are left out, the longest: one or two are a
/// run's incidents; a run that walks often enough to have more is a run-walk session (read by
/// its breaks), or an hours-long run whose shorter walks change it little.
pub const MAX_WALKS_BETWEEN: usize = 3;

/// The walking a run is judged without: to the start before the running (the watch started at
/// the door), home after it (a cool-down walk before the watch is stopped), and a walk or two
/// in the middle of it (a stitch, a phone call, a friend met, a walk back from a turn-around).
/// The file's figures keep them all (they are the device's); the run's effort is judged without
/// them, as a coach reads a run by its running: five minutes of walking at 12:00/km with an easy
/// 40 minutes reads it as recovery, with a tempo averages it down to easy, and in the middle of
/// a steady gray-zone run breaks it into something that looks structured.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Walks {
    /// How many 10-s buckets at the start and at the end of the series each walk spans (stops
    /// inside it included); 0 for no walk at that end.
    pub start_buckets: usize,
    pub end_buckets: usize,
    /// The moving time of each walk…
    pub start_s: f64,
    pub end_s: f64,
    /// The walks between the running, in time order; unused places are empty (no moving time).
    #[serde(default)]
    pub between: [WalkBetween; MAX_WALKS_BETWEEN],
    /// …and the ground all of them covered.
    pub walk_m: f64,
    /// The mean HR over the running (moving time with HR, the walks left out), when there is
    /// one.
    pub run_avg_hr: Option<f64>,
}

/// A walk between the running: where it is in the series and how long it lasted.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WalkBetween {
    /// Its buckets in the run's series: `from..to` (stops inside it included).
    pub from: usize,
    pub to: usize,
    /// Its moving time.
    pub secs: f64,
}

impl Walks {
    /// Moving time of all the walks.
    pub fn walk_s(&self) -> f64 {
        self.start_s + self.end_s + self.between_s()
    }

    /// The walks between the running.
    pub fn between(&self) -> impl Iterator<Item = &WalkBetween> {
        self.between.iter().filter(|w| w.secs > 0.0)
    }

    /// Moving time of the walks between the running.
    pub fn between_s(&self) -> f64 {
        self.between().map(|w| w.secs).sum()
    }

    /// What the walks were, in a runner's words: "the walk home", "the walk to the start and a
    /// walk in the middle".
    pub fn named(&self) -> String {
        let between = match self.between().count() {
            0 => None,
            1 => Some("a walk in the middle".to_string()),
            n => Some(format!("{n} walks in the middle")),
        };
        let parts: Vec<String> = [
            (self.start_s > 0.0).then(|| "the walk to the start".to_string()),
            between,
            (self.end_s > 0.0).then(|| "the walk home".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// The running of `series` (this run's) between the walks at its ends.
    pub fn running<'a>(&self, series: &'a [Bucket]) -> &'a [Bucket] {
        &series[self.running_range(series.len())]
    }

    /// Where the running is in a series of `len` buckets (this run's), between the walks at its
    /// ends.
    pub fn running_range(&self, len: usize) -> std::ops::Range<usize> {
        let end = len.saturating_sub(self.end_buckets);
        self.start_buckets.min(end)..end
    }

    /// Leaves the walks out of `series` (this run's, decoded): those between become stops (the
    /// running either side stays apart, and the heart climbing back after one is read as after
    /// any stop), those at the ends are cut off.
    pub fn leave_out(&self, series: &mut Vec<Bucket>) {
        for w in self.between() {
            let to = w.to.min(series.len());
            for b in &mut series[w.from.min(to)..to] {
                *b = Bucket::default();
            }
        }
        let running = self.running_range(series.len());
        series.truncate(running.end);
        series.drain(..running.start);
    }
}

/// The walks a run's 10-second series is judged without, if it has any (see [`Walks`]): at a
/// walker's speed as a walk break is (at most 1.9 m/s and 75 % of the running's speed), at least
/// [`WALK_LEFT_OUT_MIN_S`] long, not a climb, with at least 5 minutes of running left. Walks between
/// are looked for only when the running is no run-walk session (whose walks are its breaks),
/// and are walks only if the heart eased in them ([`WALK_HR_BELOW_RUNNING_BPM`]).
pub fn walks(series: &[Bucket]) -> Option<Walks> {
    // Most runs never walk: no walk is left out without a minute at a walker's speed.
    let slow_s: f64 = series
        .iter()
        .filter(|b| {
            b.moving_s > 0.0 && b.distance_m as f64 <= WALK_BREAK_MAX_MPS * b.moving_s as f64
        })
        .map(|b| b.moving_s as f64)
        .sum();
    if slow_s < WALK_LEFT_OUT_MIN_S {
        return None;
    }
    let running_speed = running_speed_p80(series)?;
    let walk_at = walking_speed(running_speed);
    let end = edge_walk(series.iter().rev(), walk_at).unwrap_or_default();
    let before_the_walk_home = &series[..series.len() - end.buckets];
    let start = edge_walk(before_the_walk_home.iter(), walk_at).unwrap_or_default();
    let run = &before_the_walk_home[start.buckets..];
    let mut between = [WalkBetween::default(); MAX_WALKS_BETWEEN];
    let mut between_m = 0.0;
    if !run_walk_between(run) {
        let found = walks_between(run, (walk_at, running_speed));
        for (slot, w) in between.iter_mut().zip(found.into_iter().flatten()) {
            between_m += w.metres;
            *slot = WalkBetween {
                from: start.buckets + w.from,
                to: start.buckets + w.to,
                secs: w.secs,
            };
        }
    }
    if start.buckets == 0 && end.buckets == 0 && between.iter().all(|w| w.secs <= 0.0) {
        return None;
    }
    let walked_between = |i: usize| {
        between
            .iter()
            .any(|w| (w.from..w.to).contains(&(start.buckets + i)))
    };
    let mut running = Stretch::default();
    let mut runs = false;
    for (_, b) in run.iter().enumerate().filter(|&(i, _)| !walked_between(i)) {
        running.add(b);
        runs |= b.speed().is_some_and(|v| v > walk_at);
    }
    if running.secs < RUNNING_MIN_S || !runs {
        return None;
    }
    Some(Walks {
        start_buckets: start.buckets,
        end_buckets: end.buckets,
        start_s: start.secs,
        end_s: end.secs,
        between,
        walk_m: start.metres + end.metres + between_m,
        run_avg_hr: running.avg_hr(),
    })
}

/// Whether a stretch at a walker's speed is a walk to leave out: long enough, at a walker's
/// speed as a whole, not a climb.
fn a_walk(w: &Stretch, walk_at: f64) -> bool {
    w.secs >= WALK_LEFT_OUT_MIN_S
        && w.metres <= walk_at * w.secs
        && w.climb_m <= WALK_LEFT_OUT_MAX_GRADE * w.metres.max(1.0)
}

/// A walk at one end of a series, as [`edge_walk`] finds it.
#[derive(Clone, Copy, Default)]
struct EdgeWalk {
    buckets: usize,
    secs: f64,
    metres: f64,
}

/// The walk at the edge `from_the_edge` starts at (the series' buckets, inwards), if one is
/// there (see [`a_walk`]). A GPS track's fixes put a walker's 10 s at 2 m/s now and then: a few
/// faster buckets between walking ones are the walk's. More in a row are the running.
fn edge_walk<'a>(
    from_the_edge: impl Iterator<Item = &'a Bucket>,
    walk_at: f64,
) -> Option<EdgeWalk> {
    let mut walk = Stretch::default();
    let mut fast = Stretch::default();
    let mut fast_in_a_row = 0;
    let mut buckets = 0;
    for (k, b) in from_the_edge.enumerate() {
        if b.moving_s <= 0.0 {
            continue;
        }
        if walking(b, walk_at) {
            walk.join(&fast);
            walk.add(b);
            (fast, fast_in_a_row) = (Stretch::default(), 0);
            buckets = k + 1;
        } else if fast_in_a_row < WALK_JITTER_BUCKETS {
            fast.add(b);
            fast_in_a_row += 1;
        } else {
            break;
        }
    }
    a_walk(&walk, walk_at).then_some(EdgeWalk {
        buckets,
        secs: walk.secs,
        metres: walk.metres,
    })
}

/// The longest [`MAX_WALKS_BETWEEN`] walks in `running` (a run's series between the walks at its
/// ends), in time order (see [`a_walk`]). In the middle of a run, slowing to a walker's speed is
/// as often a climb run slowly as a walk: a walk is one the heart eased in, at least
/// [`WALK_HR_BELOW_RUNNING_BPM`] under the running's (when both have HR).
fn walks_between(
    running: &[Bucket],
    (walk_at, running_speed): (f64, f64),
) -> [Option<Stretch>; MAX_WALKS_BETWEEN] {
    let mut at_speed = Stretch::default();
    for b in running
        .iter()
        .filter(|b| b.moving_s > 0.0 && !walking(b, walk_at))
    {
        at_speed.add(b);
    }
    let running_hr = at_speed.avg_hr();
    // A walk between has running on both sides: what reaches an end is the walk at that end,
    // or was no walk there (a stride taken for a GPS track's jitter must not make a piece of it
    // one in the middle).
    let ran = |b: &Bucket| b.moving_s > 0.0 && !walking(b, walk_at);
    let first_running = running.iter().position(ran);
    let last_running = running.iter().rposition(ran);
    let mut kept: [Option<Stretch>; MAX_WALKS_BETWEEN] = [None; MAX_WALKS_BETWEEN];
    let mut keep = |w: Stretch| {
        let eased = match (w.avg_hr(), running_hr) {
            (Some(walk), Some(run)) => walk <= run - WALK_HR_BELOW_RUNNING_BPM,
            _ => true,
        };
        let between =
            first_running.is_some_and(|i| i < w.from) && last_running.is_some_and(|i| i >= w.to);
        if !a_walk(&w, walk_at) || !eased || !between {
            return;
        }
        // In the first empty place, or over the shortest kept when it is shorter.
        let place = kept.iter().position(Option::is_none).or_else(|| {
            kept.iter()
                .enumerate()
                .filter_map(|(k, s)| Some((k, (*s)?.secs)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|&(_, secs)| secs < w.secs)
                .map(|(k, _)| k)
        });
        if let Some(k) = place {
            kept[k] = Some(w);
        }
    };
    for_each_walk(
        running,
        (walk_at, running_speed),
        WALK_JITTER_BUCKETS,
        &mut keep,
    );
    kept.sort_by_key(|s| s.map_or(usize::MAX, |s| s.from));
    kept
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
        let w = walks(&series).expect("a walk home");
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
        let w = walks(&series).expect("walks at both ends");
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
        assert!(!run_walk_between(&series), "one walk, not six breaks");
        let w = walks(&series).expect("a walk home");
        assert_eq!(w.end_buckets, 24);
        assert!(!run_walk_between(w.running(&series)));
        // Three faster buckets in a row are running again: the walk is what follows them.
        let jogged = run(270, |t| match t {
            0..240 => 3.0,
            256..259 => 2.5,
            _ => 1.4,
        });
        assert_eq!(walks(&jogged).map(|w| w.end_buckets), Some(11));
        // One 40-s walk up a hill in the running is no run-walk session: the walk home is still
        // left apart, however the jitter cut it.
        let hill = run(264, |t| match t {
            100..104 => 1.2,
            0..240 => 3.0,
            _ if t % 4 == 3 => 2.1,
            _ => 1.4,
        });
        let w = walks(&hill).expect("a walk home");
        assert!(!run_walk_between(w.running(&hill)));
        // Two 90-s walks up hills are incidents of the running too: the walk home still stands
        // apart, though the whole run walks three times.
        let hills = run(270, |t| match t {
            60..69 | 150..159 => 1.2,
            0..240 => 3.0,
            _ => 1.4,
        });
        assert!(walk_breaks(&hills).is_some_and(|b| b.count == 3));
        let w = walks(&hills).expect("a walk home");
        assert!(!run_walk_between(w.running(&hills)));
        // A bucket whose distance is no number is no walking.
        let mut broken = series.clone();
        broken[250].distance_m = f32::NAN;
        assert!(walks(&broken).is_none_or(|w| w.walk_m.is_finite()));
    }

    #[test]
    fn a_short_stroll_a_climb_or_a_slow_run_is_no_walk_to_leave_apart() {
        // 40 s of walking: the finish-walk allowance's, not a walk home.
        let stroll = run(244, |t| if t < 240 { 3.0 } else { 1.3 });
        assert_eq!(walks(&stroll), None);
        // The last 3 minutes hiked up a 15 % slope: the effort's, not a walk home; nor the
        // first 3 up from the trailhead.
        let mut hike = run(258, |t| if t < 240 { 3.0 } else { 1.0 });
        for b in &mut hike[240..] {
            b.ascent_m = 1.5;
        }
        assert_eq!(walks(&hike), None);
        hike.reverse();
        assert_eq!(walks(&hike), None);
        // A recovery jog at one even, slow pace: nothing at a walker's speed against it.
        let jog = run(240, |_| 1.8);
        assert_eq!(walks(&jog), None);
        // 4 minutes of running between two walks: too little running to set them apart.
        let short = run(72, |t| if (24..48).contains(&t) { 3.0 } else { 1.3 });
        assert_eq!(walks(&short), None);
        // Nothing to read: no buckets, or none moving.
        assert_eq!(walks(&[]), None);
        assert_eq!(walks(&[Bucket::default(); 100]), None);
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
        let w = walks(&series).expect("the end walks read alone");
        assert_eq!((w.start_buckets, w.end_buckets), (6, 6));
        assert!(run_walk_between(w.running(&series)));
    }

    /// 20 min at 3 m/s (HR 150), `walk` buckets at 1.3 m/s with HR `walk_hr`, 20 min at 3 m/s.
    fn walk_in_the_middle(walk: usize, walk_hr: f32) -> Vec<Bucket> {
        let walking = 120..120 + walk;
        with_hr(
            run(240 + walk, |t| if walking.contains(&t) { 1.3 } else { 3.0 }),
            |t| {
                if (120..120 + walk).contains(&t) {
                    walk_hr
                } else {
                    150.0
                }
            },
        )
    }

    #[test]
    fn a_walk_in_the_middle_of_a_run_is_left_apart_from_the_running() {
        // 4 minutes of walking, the heart down to 110.
        let mut series = walk_in_the_middle(24, 110.0);
        let w = walks(&series).expect("a walk in the middle");
        assert_eq!((w.start_s, w.end_s), (0.0, 0.0));
        let between: Vec<WalkBetween> = w.between().copied().collect();
        assert_eq!(
            between,
            [WalkBetween {
                from: 120,
                to: 144,
                secs: 240.0
            }]
        );
        assert_eq!(w.walk_s(), 240.0);
        assert!((w.walk_m - 312.0).abs() < 0.1, "{}", w.walk_m);
        assert_eq!(w.run_avg_hr, Some(150.0));
        assert_eq!(w.named(), "a walk in the middle");
        // Left out, the walk is a stop between the running: nothing moves in it.
        w.leave_out(&mut series);
        assert_eq!(series.len(), 264);
        let moving: f32 = series.iter().map(|b| b.moving_s).sum();
        assert_eq!(moving, 2400.0);
        assert!(series[120..144].iter().all(|b| *b == Bucket::default()));
        // A GPS track's jitter (every fourth 10 s read at 2.1 m/s) does not cut it into walk
        // breaks of a run-walk session: it is still one walk.
        let jittery = with_hr(
            run(264, |t| match t {
                120..144 if t % 4 == 3 => 2.1,
                120..144 => 1.3,
                _ => 3.0,
            }),
            |t| {
                if (120..144).contains(&t) {
                    110.0
                } else {
                    150.0
                }
            },
        );
        assert!(walk_breaks(&jittery).is_some(), "the jitter makes breaks");
        let w = walks(&jittery).expect("a walk in the middle");
        assert_eq!(w.between().count(), 1, "{w:?}");
        assert!((w.between_s() - 230.0).abs() <= 10.0, "{w:?}");
    }

    #[test]
    fn slowing_up_a_climb_is_no_walk_to_leave_out() {
        // 4 minutes at a walker's speed with the heart held at the running's: a slow jogger up
        // a long hill, running.
        assert_eq!(walks(&walk_in_the_middle(24, 148.0)), None);
        // The same with the heart easing: a walk, unless it climbs 6 % or more (a hike up the
        // hill, part of the effort).
        let mut hike = walk_in_the_middle(24, 110.0);
        for b in &mut hike[120..144] {
            b.ascent_m = 1.0;
        }
        assert_eq!(walks(&hike), None);
        // 50 s of walking: too short to leave out.
        assert_eq!(walks(&walk_in_the_middle(5, 110.0)), None);
        // The slow climb on a GPS track, every fourth 10 s read at 2.1 m/s: no walk, and not
        // the six walk breaks of a run-walk session either.
        let jittery = with_hr(
            run(264, |t| match t {
                120..144 if t % 4 == 3 => 2.1,
                120..144 => 1.3,
                _ => 3.0,
            }),
            |_| 150.0,
        );
        assert!(walk_breaks(&jittery).is_some_and(|b| b.count == 6));
        assert!(!run_walk_between(&jittery));
        assert_eq!(walks(&jittery), None);
    }

    #[test]
    fn a_piece_of_a_walk_at_an_end_is_no_walk_in_the_middle() {
        // 80 s walking from the door, a 20-s stride, 20 s more walking, then 40 min running:
        // the stride ends the walk to the start too early for it to count, and the 80 s before
        // it have no running before them: no walk in the middle either.
        let series = with_hr(
            run(252, |t| match t {
                0..8 | 10..12 => 1.3,
                8..10 => 6.0,
                _ => 3.0,
            }),
            |t| if t < 12 { 100.0 } else { 150.0 },
        );
        assert!(walks(&series).is_none_or(|w| w.between().count() == 0));
    }

    #[test]
    fn strides_and_the_jogs_between_them_are_running() {
        // 30 min at 3 m/s, then five 20-s strides at 5 m/s, each with a 70-s jog at 1.6 m/s
        // after it, the heart where it was: the jogs are recoveries, and a stride is no GPS
        // jitter inside a walk.
        let series = with_hr(
            run(225, |t| match t {
                0..180 => 3.0,
                _ if (t - 180) % 9 < 2 => 5.0,
                _ => 1.6,
            }),
            |_| 150.0,
        );
        assert!(run_walk_between(&series), "five jogs, not one walk");
        assert!(walks(&series).is_none_or(|w| w.between().count() == 0));
    }

    #[test]
    fn only_the_longest_walks_between_are_left_out() {
        // A 3-hour run walking 70, 90, 120 and 150 s at four points: not a run-walk session (a
        // small share of it), and the three longest are left out.
        let at = [(200, 7), (400, 9), (600, 12), (800, 15)];
        let walking = |t: usize| at.iter().any(|&(from, n)| (from..from + n).contains(&t));
        let series = with_hr(run(1080, |t| if walking(t) { 1.3 } else { 3.0 }), |t| {
            if walking(t) {
                110.0
            } else {
                150.0
            }
        });
        assert_eq!(walk_breaks(&series), None);
        let w = walks(&series).expect("walks in the middle");
        let kept: Vec<(usize, f64)> = w.between().map(|b| (b.from, b.secs)).collect();
        assert_eq!(kept, [(400, 90.0), (600, 120.0), (800, 150.0)]);
        assert_eq!(w.named(), "3 walks in the middle");
    }
}
