//! Three intensity zones for the 80/20: low, moderate (the gray band) and high.
//!
//! Heart rate decides when the run has good HR; pace against the runner's own threshold decides
//! when it has none. Defaults (overridable in the profile):
//! - with max HR: low below 80 %, high from 88 % (moderate between);
//! - with LTHR given: low below 90 % LTHR (top of the 80/20 system's Zone 2 is 89 %), high from
//!   95 % LTHR (so its Zone X, 90–94 %, is moderate);
//! - with resting HR given: 72 % / 84 % of heart-rate reserve (Karvonen; ≈ 80 % / 88 % of max for a
//!   typical resting HR);
//! - by pace: low slower than 89 % of threshold speed, high from 98 % (the speeds at which a
//!   typical runner's HR crosses 80 % and 88 % of max).
//!
//! Time in zone integrates over moving time only (the summary's buckets hold moving seconds). HR
//! trails effort by 30–60 s, so on short reps it never reaches the high zone while the legs are
//! there: each bucket is judged by the HR 30 s later, and a bucket run at high-zone pace counts as
//! high if HR then answers it (5 bpm up and out of the low zone within 90 s): a heart that stays
//! low says the pace was the ground's (a descent) or the GPS's, not the runner's effort.

use crate::judge::baseline::Baseline;
use crate::judge::profile::Profile;
use crate::judge::rules::{
    CLIMB_CAP_MAX_S, CLIMB_HR_AFTER_S, CLIMB_MIN_GRADE, HRR_HIGH_START, HRR_LOW_TOP, HR_LAG_S,
    LTHR_HIGH_START, LTHR_LOW_TOP, PACED_BLOCK_OVER_AROUND, PACE_HELD_HIGH_S, PACE_HIGH_START,
    PACE_LOW_TOP, SURGE_HR_RISE_BPM,
};
use crate::summarize::grade::effort_per_speed;
use crate::summarize::summary::{Bucket, Summary, BUCKET_S};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zone {
    Low,
    Moderate,
    High,
}

/// What the zones of a run were computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneSource {
    Hr,
    Pace,
    None,
}

impl ZoneSource {
    pub fn name(self) -> &'static str {
        match self {
            ZoneSource::Hr => "hr",
            ZoneSource::Pace => "pace",
            ZoneSource::None => "none",
        }
    }
}

/// Zone boundaries in bpm and m/s, valid at one date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub hr_low_top: f64,
    pub hr_high_start: f64,
    pub speed_low_top: f64,
    pub speed_high_start: f64,
    /// The threshold speed the pace zones are drawn from (m/s).
    pub threshold_speed: f64,
    /// Whether the pace zones say anything of a climb's effort: not when they are the rule of
    /// thumb's over the run's own pace (judged alone: a race's climbs would read easy against the
    /// race's own average). Over the default easy pace they still do, roughly: a trail runner's
    /// exports have no road run to read a pace from, and their climbs' first minutes stay capped.
    /// (Whether the pace says anything of a race: [`Baseline::threshold_pace_known`].)
    pub pace_known: bool,
    /// Whether a pace held high says a run was hard whatever the heart says: not when the
    /// threshold is the rule of thumb's over an easy pace fewer than `MIN_RUNS` runs tell (a
    /// hilly run at 64 % of max judged a fartlek against one run's guess: review 37 §1.6).
    pub held_pace_counts: bool,
}

impl Thresholds {
    pub fn new(baseline: &Baseline, profile: &Profile) -> Thresholds {
        let low = profile.low_zone_top_pct / 100.0;
        let high = profile.high_zone_start_pct / 100.0;
        let max = baseline.max_hr.value;
        let (hr_low_top, hr_high_start) = match (&profile.lthr, &profile.resting_hr) {
            (Some(lthr), _) => (LTHR_LOW_TOP * lthr.value, LTHR_HIGH_START * lthr.value),
            (None, Some(rest)) if rest.value < max => {
                // Karvonen: shares of the reserve. 72 % / 84 % HRR sit at 80 % / 88 % of max for a
                // typical resting HR, and move with the runner's own.
                let reserve = max - rest.value;
                (
                    rest.value + HRR_LOW_TOP * reserve,
                    rest.value + HRR_HIGH_START * reserve,
                )
            }
            _ => (low * max, high * max),
        };
        let v_t = baseline.threshold_speed.value;
        Thresholds {
            hr_low_top,
            hr_high_start,
            speed_low_top: PACE_LOW_TOP * v_t,
            speed_high_start: PACE_HIGH_START * v_t,
            threshold_speed: v_t,
            pace_known: !(baseline.easy_pace_own && baseline.threshold_by_rule()),
            held_pace_counts: baseline.threshold_pace_established(),
        }
    }

    pub fn hr_zone(&self, hr: f64) -> Zone {
        if hr >= self.hr_high_start {
            Zone::High
        } else if hr >= self.hr_low_top {
            Zone::Moderate
        } else {
            Zone::Low
        }
    }

    pub fn pace_zone(&self, speed: f64) -> Zone {
        if speed >= self.speed_high_start {
            Zone::High
        } else if speed >= self.speed_low_top {
            Zone::Moderate
        } else {
            Zone::Low
        }
    }
}

/// A run's intensity, bucket by bucket and in total.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunZones {
    /// Zone of each bucket that had moving time (None: no data to judge it).
    pub buckets: Vec<Option<Zone>>,
    /// Moving seconds of each bucket, parallel to `buckets`.
    pub moving: Vec<f64>,
    pub low_s: f64,
    pub moderate_s: f64,
    pub high_s: f64,
    pub source: Option<ZoneSource>,
    /// Speed over 30 s around each bucket (m/s), parallel to `buckets`.
    pub speeds: Vec<Option<f64>>,
    /// The same speed grade-adjusted (the effort the pace zone was judged by), parallel to
    /// `buckets`.
    pub efforts: Vec<Option<f64>>,
    /// The (lagged) HR each bucket was judged by, parallel to `buckets`.
    pub hrs: Vec<Option<f64>>,
    /// Climb in each bucket (m), parallel to `buckets`.
    pub ascent: Vec<f64>,
    /// Moving seconds since the runner last stopped (a bucket less than half moving), up to the
    /// start of each bucket, parallel to `buckets`; infinite before the first stop.
    pub since_stop_s: Vec<f64>,
    /// Seconds of high-zone HR on climbs at a low grade-adjusted pace, counted moderate.
    pub climb_capped_s: f64,
    /// The same buckets zoned by their grade-adjusted pace alone: what a run judged by its legs
    /// (its heart drifted at an even pace) gives the week.
    pub by_pace: ZoneTotals,
}

impl RunZones {
    pub fn zoned_s(&self) -> f64 {
        self.totals().zoned_s()
    }

    /// Shares of zoned time in percent, summing to 100 (or all zero).
    pub fn shares(&self) -> (f64, f64, f64) {
        self.totals().shares()
    }

    /// What a judged run keeps: the bucket detail (a few KB a run) is needed only while judging
    /// it, or again by `explain`, which recomputes it from the summary.
    pub fn totals(&self) -> ZoneTotals {
        ZoneTotals {
            low_s: self.low_s,
            moderate_s: self.moderate_s,
            high_s: self.high_s,
            source: self.source,
        }
    }
}

/// A run's time in each zone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ZoneTotals {
    pub low_s: f64,
    pub moderate_s: f64,
    pub high_s: f64,
    pub source: Option<ZoneSource>,
}

impl ZoneTotals {
    /// `secs` more in `zone` (none: not zoned).
    fn add(&mut self, zone: Option<Zone>, secs: f64) {
        match zone {
            Some(Zone::Low) => self.low_s += secs,
            Some(Zone::Moderate) => self.moderate_s += secs,
            Some(Zone::High) => self.high_s += secs,
            None => {}
        }
    }

    pub fn zoned_s(&self) -> f64 {
        self.low_s + self.moderate_s + self.high_s
    }

    /// Shares of zoned time in percent, summing to 100 (or all zero).
    pub fn shares(&self) -> (f64, f64, f64) {
        let total = self.zoned_s();
        if total <= 0.0 {
            return (0.0, 0.0, 0.0);
        }
        (
            self.low_s / total * 100.0,
            self.moderate_s / total * 100.0,
            self.high_s / total * 100.0,
        )
    }
}

pub use crate::judge::rules::hr_usable;

/// Zones of one run against the thresholds valid at its date.
pub fn zones(summary: &Summary, t: &Thresholds) -> RunZones {
    // Looks back and ahead of each bucket: decoded once.
    zones_in(summary, &summary.run_series(), t)
}

/// [`zones`] over the run's series, decoded by the caller (who reads its shape from it too).
pub fn zones_in(summary: &Summary, series: &[Bucket], t: &Thresholds) -> RunZones {
    let use_hr = hr_usable(summary);
    let has_pace = summary.pace_source() != crate::summarize::summary::DistanceSource::None;
    let from_fixes = summary.pace_source() == crate::summarize::summary::DistanceSource::Gps;
    let lag = (HR_LAG_S / BUCKET_S).round() as usize;
    let mut out = RunZones {
        source: Some(if use_hr {
            ZoneSource::Hr
        } else if has_pace {
            ZoneSource::Pace
        } else {
            ZoneSource::None
        }),
        // One entry a moving bucket: at most the series' length, and grown once.
        buckets: Vec::with_capacity(series.len()),
        moving: Vec::with_capacity(series.len()),
        speeds: Vec::with_capacity(series.len()),
        efforts: Vec::with_capacity(series.len()),
        hrs: Vec::with_capacity(series.len()),
        ascent: Vec::with_capacity(series.len()),
        since_stop_s: Vec::with_capacity(series.len()),
        ..Default::default()
    };
    // The time in each zone as judged, and by pace alone.
    let mut judged = ZoneTotals::default();
    out.by_pace.source = has_pace.then_some(ZoneSource::Pace);
    let mut since_stop = f64::INFINITY;
    // High-zone seconds of the climb under way counted moderate so far, and whether it may be
    // (decided as it starts).
    let mut climb_capped = 0.0;
    let mut climb_cappable: Option<bool> = None;
    // Moving buckets at high-zone pace with the heart low and not answering: high if held.
    let mut unanswered: Vec<usize> = Vec::new();
    for (i, b) in series.iter().enumerate() {
        if i > 0 && f64::from(b.moving_s) < BUCKET_S / 2.0 {
            since_stop = 0.0;
        }
        if b.moving_s <= 0.0 {
            continue;
        }
        // Pace over 30 s centred on the bucket: GPS speed over 10 s wobbles by ±10 %, and a burst
        // shorter than that is a stride, not effort.
        // Without HR the pace is all there is, and a pace worked out from GPS fixes alone (a GPX
        // with no speed or distance of the device's) is noisier than a watch's own: average it
        // over 50 s so GPS noise is not effort.
        let speed = if has_pace {
            smoothed_speed(series, i, if use_hr && !from_fixes { 1 } else { 2 })
        } else {
            None
        };
        // Uphill the same pace costs more, downhill less: judge the effort by grade-adjusted
        // speed, or hill repeats read as slow and every descent as a surge.
        let effort = effort_per_speed(series, i);
        let effort_speed = speed.map(|v| v * effort);
        let pace_zone = effort_speed.map(|v| t.pace_zone(v));
        // The HR 30 s later shows this bucket's effort; at the end of a run there is no later.
        let lagged = if use_hr {
            series
                .get(i + lag)
                .and_then(|later| later.hr())
                .or_else(|| b.hr())
        } else {
            None
        };
        let by_hr = lagged.map(|h| t.hr_zone(h));
        // High HR at a low grade-adjusted pace: a climb's cost, if this is a climb. Asked only
        // then, or to see whether the climb being capped goes on; and only where the pace zones
        // are the runner's, not the run's own.
        let climb_cost = t.pace_known
            && by_hr == Some(Zone::High)
            && matches!(pace_zone, Some(Zone::Low | Zone::Moderate));
        let on_climb = use_hr && (climb_cost || climb_capped > 0.0) && climbing(series, i);
        if !on_climb {
            climb_capped = 0.0;
            climb_cappable = None;
        } else if climb_cappable.is_none() {
            // A heart already high on the way to the climb is not the climb's: a race on a
            // rolling course, high for two hours, had each of its rises of 10–20 m capped anew,
            // an hour of it counted moderate (probe 34 P1).
            climb_cappable = Some(!high_before(&out.hrs, t));
        }
        let zone = if use_hr {
            match (by_hr, pace_zone) {
                // High-zone pace counts while HR catches up — if HR does catch up: a real surge
                // lifts it out of the low zone within 90 s; GPS noise or a downhill on a steady
                // run does not, nor does the next rise of a rolling route that stays low.
                (Some(z), Some(Zone::High)) if hr_rises(series, i, t) => Some(z.max(Zone::High)),
                // Held for minutes with the heart still low, it is the runner's effort: a heart
                // held down is no easy run (decided after, see [`pace_held_high`]). A heart in
                // the moderate zone decides (a gray run near a loose threshold's pace).
                (Some(Zone::Low), Some(Zone::High)) => {
                    unanswered.push(out.buckets.len());
                    Some(Zone::Low)
                }
                // A climb lifts HR at an easy effort: high HR on a climb whose grade-adjusted
                // pace stays low is the hill's cost, not a rep — for the climb's first minutes;
                // held high longer, the heart says what the runner did.
                _ if climb_cost
                    && on_climb
                    && climb_capped < CLIMB_CAP_MAX_S
                    && climb_cappable == Some(true) =>
                {
                    climb_capped += b.moving_s as f64;
                    out.climb_capped_s += b.moving_s as f64;
                    Some(Zone::Moderate)
                }
                (Some(z), _) => Some(z),
                (None, p) => p,
            }
        } else {
            pace_zone
        };
        let secs = b.moving_s as f64;
        judged.add(zone, secs);
        out.by_pace.add(pace_zone, secs);
        out.buckets.push(zone);
        out.moving.push(secs);
        out.speeds.push(speed);
        out.efforts.push(effort_speed);
        out.hrs.push(lagged);
        out.ascent.push(b.ascent_m as f64);
        out.since_stop_s.push(since_stop);
        since_stop += secs;
    }
    if !unanswered.is_empty() && t.pace_known && t.held_pace_counts {
        let held = pace_held_high(&out.efforts, &out.moving, t);
        for k in unanswered {
            if held.get(k).copied().unwrap_or(false) {
                out.buckets[k] = Some(Zone::High);
                judged.low_s -= out.moving[k];
                judged.high_s += out.moving[k];
            }
        }
    }
    (out.low_s, out.moderate_s, out.high_s) = (judged.low_s, judged.moderate_s, judged.high_s);
    out
}

/// Whether the heart was in the high zone all of the last three minutes of moving buckets so far
/// (their lagged HR): there are three minutes before, and no reading fell under the zone. A race
/// holds it; a gray run at the zone's edge dips out of it (a minute asked of them read four
/// simulated gray runs on rolling roads as tempo runs).
fn high_before(hrs: &[Option<f64>], t: &Thresholds) -> bool {
    const BEFORE: usize = (180.0 / BUCKET_S) as usize;
    hrs.len() >= BEFORE
        && hrs[hrs.len() - BEFORE..]
            .iter()
            .all(|h| h.is_some_and(|h| h >= t.hr_high_start))
}

/// Grade over the bucket and its neighbours: climb per metre run (descents count as flat: this
/// asks whether the runner is climbing), capped at a steep 25 %.
pub(crate) fn smoothed_grade(series: &[Bucket], i: usize) -> f64 {
    let lo = i.saturating_sub(1);
    let hi = (i + 2).min(series.len());
    let (climb, d) = series[lo..hi].iter().fold((0.0f64, 0.0f64), |(c, d), b| {
        (c + b.ascent_m as f64, d + b.distance_m as f64)
    });
    if d > 0.0 {
        (climb / d).clamp(0.0, 0.25)
    } else {
        0.0
    }
}

/// Whether bucket `i` or one in the [`CLIMB_HR_AFTER_S`] before it climbs at 3 % or more: HR
/// comes down from a long climb over a minute or two, so the high HR past the crest is still the
/// climb's.
fn climbing(series: &[Bucket], i: usize) -> bool {
    let back = (CLIMB_HR_AFTER_S / BUCKET_S).round() as usize;
    (i.saturating_sub(back)..=i).any(|k| smoothed_grade(series, k) >= CLIMB_MIN_GRADE)
}

/// Whether HR climbs by 5 bpm or more within 30–90 s after bucket `i`, to the moderate zone or
/// above (or there is no HR to ask).
fn hr_rises(series: &[Bucket], i: usize, t: &Thresholds) -> bool {
    let Some(now) = series[i].hr() else {
        return true;
    };
    let later = series
        .iter()
        .skip(i + 3)
        .take(7)
        .filter_map(|b| b.hr())
        .fold(f64::NEG_INFINITY, f64::max);
    later.is_infinite() || (later - now >= SURGE_HR_RISE_BPM && later >= t.hr_low_top)
}

/// For each moving bucket (its grade-adjusted speed as the zones read it, and its seconds),
/// whether it was run at high-zone pace in a stretch that holds [`PACE_HELD_HIGH_S`] of it or
/// more, dips to moderate-zone pace of a minute at most bridged (a tempo a whisker under the
/// threshold's estimate wobbles across the zone's edge), and outruns the rest of the run by
/// [`PACED_BLOCK_OVER_AROUND`] (grade-adjusted): a block the runner ran, not a whole run against
/// a threshold estimate too slow. Empty when none is held.
fn pace_held_high(efforts: &[Option<f64>], moving: &[f64], t: &Thresholds) -> Vec<bool> {
    /// The longest dip to moderate-zone pace a held stretch bridges.
    const DIP_MAX_S: f64 = 60.0;
    let metres = |range: std::ops::Range<usize>| -> (f64, f64) {
        efforts[range.clone()]
            .iter()
            .zip(&moving[range])
            .fold((0.0, 0.0), |(d, s), (v, secs)| match v {
                Some(v) => (d + v * secs, s + secs),
                None => (d, s),
            })
    };
    let (all_m, all_s) = metres(0..efforts.len().min(moving.len()));
    let mut held = Vec::new();
    // The stretch under way: its high buckets and seconds, and its dip so far.
    let mut high: Vec<usize> = Vec::new();
    let (mut high_s, mut dip_s) = (0.0, 0.0);
    let close = |held: &mut Vec<bool>, high: &mut Vec<usize>, high_s: f64| {
        if let (Some(&first), Some(&last)) = (high.first(), high.last()) {
            let (m, s) = metres(first..last + 1);
            let outruns = s > 0.0
                && all_s - s > 0.0
                && m / s >= PACED_BLOCK_OVER_AROUND * (all_m - m) / (all_s - s);
            if high_s >= PACE_HELD_HIGH_S && outruns {
                held.resize(efforts.len(), false);
                for &k in high.iter() {
                    held[k] = true;
                }
            }
        }
        high.clear();
    };
    for (k, (v, &secs)) in efforts.iter().zip(moving).enumerate() {
        match v.map(|v| t.pace_zone(v)) {
            Some(Zone::High) => {
                high.push(k);
                high_s += secs;
                dip_s = 0.0;
            }
            Some(Zone::Moderate) if !high.is_empty() && dip_s + secs <= DIP_MAX_S => {
                dip_s += secs;
            }
            _ => {
                close(&mut held, &mut high, high_s);
                (high_s, dip_s) = (0.0, 0.0);
            }
        }
    }
    close(&mut held, &mut high, high_s);
    held
}

/// Mean speed over the bucket and `half` neighbours each side (moving time only).
fn smoothed_speed(series: &[Bucket], i: usize, half: usize) -> Option<f64> {
    let lo = i.saturating_sub(half);
    let hi = (i + half + 1).min(series.len());
    mean_speed(&series[lo..hi])
}

/// Mean speed of buckets (m/s): their distance over their moving time; None when they did not
/// move or covered no ground.
pub(crate) fn mean_speed(buckets: &[Bucket]) -> Option<f64> {
    let (d, m) = buckets.iter().fold((0.0f64, 0.0f64), |(d, m), b| {
        (d + b.distance_m as f64, m + b.moving_s as f64)
    });
    (m > 0.0 && d > 0.0).then(|| d / m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Sample, SourceFormat};
    use crate::judge::profile::Given;
    use crate::summarize::summary::summarize_run;

    fn baseline(max_hr: f64) -> Baseline {
        Baseline::for_tests(max_hr)
    }

    /// An hour on the flat at 3.0 m/s (low-zone pace against a 3.75 m/s threshold) with one
    /// minute at 4.2 m/s (high-zone pace) from the 20th; HR `easy` throughout, climbing to `after`
    /// over the fast minute and staying there for a minute after it.
    fn fast_minute(easy: u8, after: u8) -> Summary {
        let mut d = 0.0;
        let samples = (0..3600)
            .map(|t| {
                let fast = (1200..1260).contains(&t);
                d += if fast { 4.2 } else { 3.0 };
                // ±1 bpm: a sensor stuck on one value is excluded as a dropout.
                let level = if (1200..1320).contains(&t) {
                    let up = ((t - 1200) as f64 / 60.0).min(1.0);
                    easy as f64 + up * (after as f64 - easy as f64)
                } else {
                    easy as f64
                };
                let hr = level.round() as u8 + (t % 3) as u8;
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    distance_m: Some(d),
                    heart_rate: Some(hr),
                    ..Default::default()
                }
            })
            .collect();
        summarize_run(SourceFormat::Fit, samples)
    }

    #[test]
    fn high_zone_pace_counts_high_only_if_the_heart_leaves_the_low_zone() {
        // Max HR 200: low below 160.
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        // A real surge: HR from 140 to 165 (moderate) while the legs ran at high-zone pace: the
        // fast minute counts high though HR never reached the high zone.
        let surge = zones(&fast_minute(140, 165), &t);
        assert_eq!(surge.source, Some(ZoneSource::Hr));
        assert!(
            (50.0..=70.0).contains(&surge.high_s),
            "{:?}",
            surge.totals()
        );
        // The same minute on an easy heart that rises 7 bpm and stays low (a descent, the next
        // rise of a rolling route): no high time, all of it low.
        let terrain = zones(&fast_minute(120, 127), &t);
        assert_eq!(terrain.high_s, 0.0, "{:?}", terrain.totals());
        assert_eq!(terrain.moderate_s, 0.0, "{:?}", terrain.totals());
        // A heart that does not move at all (GPS noise): no high time either.
        let noise = zones(&fast_minute(150, 150), &t);
        assert_eq!(noise.high_s, 0.0, "{:?}", noise.totals());
    }

    /// 10 minutes at 3 m/s, `block_min` minutes at 3.72 m/s (high-zone pace against a 3.75 m/s
    /// threshold, just under it), 10 minutes at 3 m/s; the heart at 125 ± 1 throughout.
    fn held_down(block_min: usize) -> Summary {
        let mut d = 0.0;
        let block = 600..600 + block_min * 60;
        let samples = (0..1200 + block_min * 60)
            .map(|t| {
                d += if block.contains(&t) { 3.72 } else { 3.0 };
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    distance_m: Some(d),
                    heart_rate: Some(124 + (t % 3) as u8),
                    ..Default::default()
                }
            })
            .collect();
        summarize_run(SourceFormat::Fit, samples)
    }

    #[test]
    fn a_threshold_pace_held_for_minutes_counts_high_whatever_the_heart() {
        // A heart held down (a beta-blocker, a max set too high): 25 minutes at threshold pace
        // are high, as the legs say (season 36 F1). Four minutes are no more than the GPS's or
        // the ground's, as a minute is.
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        let tempo = zones(&held_down(25), &t);
        assert!(
            (24.0 * 60.0..=26.0 * 60.0).contains(&tempo.high_s),
            "{:?}",
            tempo.totals()
        );
        let short = zones(&held_down(4), &t);
        assert_eq!(short.high_s, 0.0, "{:?}", short.totals());
        // A pace of the run's own (no threshold the runner's) says nothing of the kind.
        let mut own = baseline(200.0);
        own.easy_pace_own = true;
        own.threshold_speed.provenance = crate::judge::baseline::Provenance::Rule("easy pace");
        let guessed = zones(&held_down(25), &Thresholds::new(&own, &Profile::default()));
        assert_eq!(guessed.high_s, 0.0, "{:?}", guessed.totals());
        // Nor does the rule of thumb over an easy pace one earlier run tells (review 37 §1.6: a
        // hilly run at 64 % of max read a fartlek); over three, it does.
        let mut early = baseline(200.0);
        early.threshold_speed.provenance = crate::judge::baseline::Provenance::Rule("easy pace");
        for (runs, high) in [(1, false), (3, true)] {
            early.easy_speed.provenance = crate::judge::baseline::Provenance::EarlyEstimate {
                runs,
                since_break: None,
            };
            let held = zones(
                &held_down(25),
                &Thresholds::new(&early, &Profile::default()),
            );
            assert_eq!(held.high_s > 0.0, high, "{runs} runs: {:?}", held.totals());
        }
    }

    /// 10 minutes on the flat at 3 m/s and HR 140, then `climb_min` minutes up a 10 % grade at
    /// 1.2 m/s (an easy grade-adjusted pace) with HR 185, then 10 minutes on the flat again.
    fn long_climb(climb_min: usize) -> Summary {
        let (mut d, mut alt) = (0.0, 100.0);
        let climb = 600..600 + climb_min * 60;
        let samples = (0..1200 + climb_min * 60)
            .map(|t| {
                let up = climb.contains(&t);
                let v = if up { 1.2 } else { 3.0 };
                d += v;
                if up {
                    alt += 0.1 * v;
                }
                let hr = if up && t >= climb.start + 60 {
                    185
                } else {
                    140
                };
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    distance_m: Some(d),
                    altitude_m: Some(alt as f32),
                    heart_rate: Some(hr + (t % 3) as u8),
                    ..Default::default()
                }
            })
            .collect();
        summarize_run(SourceFormat::Fit, samples)
    }

    #[test]
    fn a_hill_s_high_heart_counts_moderate_for_its_first_minutes_only() {
        // Max HR 200: high from 180.
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        // Eight minutes of high HR up a hill on an easy run: the hill's cost, moderate.
        let hill = zones(&long_climb(9), &t);
        assert_eq!(hill.high_s, 0.0, "{:?}", hill.totals());
        assert!(hill.climb_capped_s >= 150.0, "{}", hill.climb_capped_s);
        // Twenty minutes of it (a mountain race, a long climb run hard): the cap's minutes
        // moderate, the rest high.
        let mountain = zones(&long_climb(20), &t);
        assert!(
            (CLIMB_CAP_MAX_S..=CLIMB_CAP_MAX_S + 30.0).contains(&mountain.climb_capped_s),
            "{}",
            mountain.climb_capped_s
        );
        assert!(
            mountain.high_s >= 18.0 * 60.0 - CLIMB_CAP_MAX_S,
            "{:?}",
            mountain.totals()
        );
    }

    /// A race on a rolling course: 3 m/s, the heart at 185 from the first minutes, and a rise of
    /// 12 m at 6 % every 5 minutes (2 minutes up, 3 minutes down), for an hour.
    fn rolling_race() -> Summary {
        let (mut d, mut alt) = (0.0, 20.0);
        let samples = (0..3600)
            .map(|t| {
                d += 3.0;
                alt += if t % 300 < 120 { 0.1 } else { -0.0667 };
                Sample {
                    time: 1_700_000_000.0 + t as f64,
                    distance_m: Some(d),
                    altitude_m: Some(alt as f32),
                    heart_rate: Some(if t < 120 { 150 } else { 185 } + (t % 3) as u8),
                    ..Default::default()
                }
            })
            .collect();
        summarize_run(SourceFormat::Fit, samples)
    }

    #[test]
    fn a_heart_high_on_the_way_to_a_rise_is_not_the_rise_s_cost() {
        // Max HR 200: high from 180; 3 m/s is an easy pace against the baseline's zones, so every
        // rise's high heart is at an easy grade-adjusted pace. Each rise had the cap anew: 12
        // rises, most of the hour counted moderate (probe 34 P1).
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        let race = zones(&rolling_race(), &t);
        assert!(
            race.high_s >= 55.0 * 60.0,
            "{:?}, {} s capped",
            race.totals(),
            race.climb_capped_s
        );
        // Only the first rise, reached on a heart not yet high, is capped.
        assert!(race.climb_capped_s <= 5.0 * 60.0, "{}", race.climb_capped_s);
    }

    /// Three buckets of 30 m each climbing (positive) or descending (negative) `metres` each.
    fn slope(metres: f32) -> Vec<Bucket> {
        let b = Bucket {
            moving_s: 10.0,
            distance_m: 30.0,
            ascent_m: metres.max(0.0),
            descent_m: (-metres).max(0.0),
            ..Default::default()
        };
        vec![b; 3]
    }

    #[test]
    fn grade_adjusted_speed_costs_climbs_and_credits_descents_to_ten_percent() {
        let effort = |metres: f32| effort_per_speed(&slope(metres), 1);
        assert_eq!(effort(0.0), 1.0);
        // 5 % up: 16.5 % more; 5 % down: 10 % less; 20 % down: no easier than 10 % down.
        assert!((effort(1.5) - 1.165).abs() < 1e-6, "{}", effort(1.5));
        assert!((effort(-1.5) - 0.9).abs() < 1e-6, "{}", effort(-1.5));
        assert!((effort(-6.0) - 0.8).abs() < 1e-6, "{}", effort(-6.0));
        assert!((effort(-3.0) - 0.8).abs() < 1e-6, "{}", effort(-3.0));
    }

    #[test]
    fn a_fast_descent_without_hr_is_not_high_zone_pace() {
        // Without HR, pace decides: 4.0 m/s is high-zone pace (high from 3.675 m/s) on the flat,
        // but down an 8 % slope it costs 16 % less (3.36 m/s on the flat): moderate.
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        let run = |drop_per_s: f32| {
            let mut d = 0.0;
            let samples = (0..1800)
                .map(|s| {
                    let fast = (600..900).contains(&s);
                    d += if fast { 4.0 } else { 3.0 };
                    let down = (s.clamp(600, 900) - 600) as f32 * drop_per_s;
                    Sample {
                        time: 1_700_000_000.0 + s as f64,
                        distance_m: Some(d),
                        altitude_m: Some(500.0 - down),
                        ..Default::default()
                    }
                })
                .collect();
            summarize_run(SourceFormat::Gpx, samples)
        };
        let flat = zones(&run(0.0), &t);
        assert_eq!(flat.source, Some(ZoneSource::Pace));
        assert!(flat.high_s >= 250.0, "{:?}", flat.totals());
        let downhill = zones(&run(0.32), &t);
        assert!(downhill.high_s <= 20.0, "{:?}", downhill.totals());
        assert!(downhill.moderate_s >= 250.0, "{:?}", downhill.totals());
    }

    #[test]
    fn default_boundaries_are_80_and_88_percent_of_max() {
        let t = Thresholds::new(&baseline(200.0), &Profile::default());
        assert_eq!((t.hr_low_top, t.hr_high_start), (160.0, 176.0));
        assert_eq!(t.hr_zone(159.0), Zone::Low);
        assert_eq!(t.hr_zone(170.0), Zone::Moderate);
        assert_eq!(t.hr_zone(176.0), Zone::High);
        assert!((t.speed_low_top - 3.3375).abs() < 1e-9);
    }

    #[test]
    fn lthr_and_reserve_boundaries() {
        let p = Profile {
            lthr: Some(Given {
                value: 170.0,
                by: "--lthr".into(),
            }),
            ..Profile::default()
        };
        let t = Thresholds::new(&baseline(200.0), &p);
        assert_eq!((t.hr_low_top, t.hr_high_start), (153.0, 161.5));
        let p = Profile {
            resting_hr: Some(Given {
                value: 50.0,
                by: "--resting-hr".into(),
            }),
            ..Profile::default()
        };
        let t = Thresholds::new(&baseline(200.0), &p);
        // 50 + 72 % and 84 % of the 150 bpm reserve.
        assert!((t.hr_low_top - 158.0).abs() < 1e-9 && (t.hr_high_start - 176.0).abs() < 1e-9);
    }
}
