//! Test kit — for tests, benches and the fixture generator (`examples/make_fixtures.rs`) only; not
//! part of grayzone's API.
//!
//! It holds FIT / GPX / TCX writers written from the format specs, independently of the decoders in
//! [`grayzone::ingest::decode`], so a round trip through both catches a misreading on either side; a training
//! simulator that produces realistic runs for a known intent; season plans with the expected labels;
//! and the generator of the committed `fixtures/` tree.
#![doc(hidden)]

pub mod export;
pub mod fit_writer;
pub mod fixtures;
pub mod gpx_writer;
pub mod rng;
pub mod season;
pub mod simulate;
pub mod tcx_writer;

use grayzone::activity::{Activity, DeviceTotals, Sample, UnixTime};
use std::ops::Range;

/// `2024-03-04T06:30:00Z`, or with the given offset (`…+01:00`) when `offset_s` is `Some`.
/// Sub-second times keep milliseconds.
pub fn iso_time(t: UnixTime, offset_s: Option<i32>) -> String {
    let shift = offset_s.unwrap_or(0);
    let millis = (t * 1000.0).round() as i64 + i64::from(shift) * 1000;
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let dt = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    let mut s = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
    if ms != 0 {
        s.push_str(&format!(".{ms:03}"));
    }
    match offset_s {
        None => s.push('Z'),
        Some(o) => {
            let sign = if o < 0 { '-' } else { '+' };
            let a = o.unsigned_abs();
            s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60));
        }
    }
    s
}

/// Index ranges of the samples between timer pauses: one range per stretch the timer was running.
pub fn timer_segments(activity: &Activity) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for (i, pair) in activity.samples.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        let paused = activity
            .pauses
            .iter()
            .any(|p| a.time <= p.stopped_at && b.time >= p.resumed_at);
        if paused {
            segments.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < activity.samples.len() {
        segments.push(start..activity.samples.len());
    }
    segments
}

/// Sample index ranges of the laps, `activity.laps` of them (at least one). When that count is
/// what a watch's auto-lap gives (every 1 km, 1 mile, 5 km or 10 km, the last lap partial), the
/// laps end where the device distance crosses each boundary; otherwise the distance (or, without
/// distance, the time) is split evenly. Every sample belongs to exactly one lap.
pub fn lap_ranges(activity: &Activity) -> Vec<Range<usize>> {
    let n = activity.samples.len();
    let laps = activity.laps.max(1) as usize;
    if n == 0 {
        return vec![];
    }
    let total = last_distance(&activity.samples).filter(|&d| d > 0.0);
    let first_t = activity.samples[0].time;
    let span_t = activity.samples[n - 1].time - first_t;
    let auto_lap = total.and_then(|tot| {
        [1000.0, 1609.344, 5000.0, 10_000.0]
            .into_iter()
            .find(|&len| (tot / len).ceil() as usize == laps)
    });
    let mut ranges = Vec::with_capacity(laps);
    let mut start = 0;
    for (i, s) in activity.samples.iter().enumerate() {
        let lap_of_sample = match (auto_lap, total, s.distance_m) {
            (Some(len), _, Some(d)) => (d / len).floor(),
            (None, Some(tot), Some(d)) => (d / tot * laps as f64).floor(),
            _ if span_t > 0.0 => ((s.time - first_t) / span_t * laps as f64).floor(),
            _ => 0.0,
        };
        // A lap closes on the first sample that reaches the next boundary.
        if lap_of_sample as usize > ranges.len() && ranges.len() + 1 < laps {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < n {
        ranges.push(start..n);
    }
    ranges
}

fn last_distance(samples: &[Sample]) -> Option<f64> {
    samples.iter().rev().find_map(|s| s.distance_m)
}

/// The totals the writers put in FIT sessions and TCX laps, computed from the samples the way a
/// watch does (unless the activity already carries device totals, which win). Tests compare decoded
/// totals against this.
pub fn expected_totals(activity: &Activity) -> DeviceTotals {
    let computed = totals_of(activity, 0..activity.samples.len());
    let given = activity.totals;
    DeviceTotals {
        start_time: given.start_time.or(computed.start_time),
        end_time: given.end_time.or(computed.end_time),
        elapsed_s: given.elapsed_s.or(computed.elapsed_s),
        timer_s: given.timer_s.or(computed.timer_s),
        distance_m: given.distance_m.or(computed.distance_m),
        avg_hr: given.avg_hr.or(computed.avg_hr),
        max_hr: given.max_hr.or(computed.max_hr),
        ascent_m: given.ascent_m.or(computed.ascent_m),
    }
}

/// Totals over a sample range (a lap or the whole activity).
pub fn totals_of(activity: &Activity, range: Range<usize>) -> DeviceTotals {
    let samples = activity.samples.get(range.clone()).unwrap_or(&[]);
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return DeviceTotals::default();
    };
    let elapsed = last.time - first.time;
    let paused: f64 = activity
        .pauses
        .iter()
        .filter(|p| p.stopped_at >= first.time && p.resumed_at <= last.time)
        .map(|p| p.resumed_at - p.stopped_at)
        .sum();
    let distance = match (
        first_distance_before(activity, range.start),
        last_distance(samples),
    ) {
        (Some(d0), Some(d1)) => Some(d1 - d0),
        (None, Some(d1)) => Some(d1),
        _ => None,
    };
    DeviceTotals {
        start_time: Some(first.time),
        end_time: Some(last.time),
        elapsed_s: Some(elapsed),
        timer_s: Some(elapsed - paused),
        distance_m: distance,
        avg_hr: time_weighted_hr(activity, samples),
        max_hr: samples.iter().filter_map(|s| s.heart_rate).max(),
        ascent_m: ascent(samples),
    }
}

/// Distance already covered when the lap starting at `start` began (the previous lap's last value).
fn first_distance_before(activity: &Activity, start: usize) -> Option<f64> {
    if start == 0 {
        return None;
    }
    activity.samples.get(..start).and_then(last_distance)
}

/// Mean HR weighted by how long each reading stood (capped at 10 s, and 1 s across a timer pause),
/// as a watch averages over timer time rather than over records.
fn time_weighted_hr(activity: &Activity, samples: &[Sample]) -> Option<u8> {
    let mut sum = 0.0;
    let mut weight = 0.0;
    for (i, s) in samples.iter().enumerate() {
        let Some(hr) = s.heart_rate else { continue };
        let w = match samples.get(i + 1) {
            Some(next) => {
                let gap = next.time - s.time;
                let across_pause = activity
                    .pauses
                    .iter()
                    .any(|p| s.time <= p.stopped_at && next.time >= p.resumed_at);
                if across_pause {
                    1.0
                } else {
                    gap.clamp(0.0, 10.0)
                }
            }
            None => 1.0,
        };
        sum += f64::from(hr) * w;
        weight += w;
    }
    (weight > 0.0).then(|| (sum / weight).round() as u8)
}

/// Total ascent with a 1 m hysteresis, so barometer noise does not add up to phantom climbing.
fn ascent(samples: &[Sample]) -> Option<f64> {
    let mut alts = samples.iter().filter_map(|s| s.altitude_m);
    let mut anchor = f64::from(alts.next()?);
    let mut gain = 0.0;
    for a in alts {
        let a = f64::from(a);
        if a - anchor >= 1.0 {
            gain += a - anchor;
            anchor = a;
        } else if anchor - a >= 1.0 {
            anchor = a;
        }
    }
    Some((gain * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone::activity::Pause;

    fn steady(n: usize) -> Activity {
        Activity {
            samples: (0..n)
                .map(|i| Sample {
                    time: 1_000.0 + i as f64,
                    distance_m: Some(i as f64 * 3.0),
                    heart_rate: Some(140),
                    altitude_m: Some(if i % 100 < 50 { i as f32 % 100.0 } else { 50.0 }),
                    ..Sample::default()
                })
                .collect(),
            laps: 3,
            ..Activity::default()
        }
    }

    #[test]
    fn iso_time_formats_utc_offset_and_millis() {
        assert_eq!(iso_time(1_709_533_800.0, None), "2024-03-04T06:30:00Z");
        assert_eq!(
            iso_time(1_709_533_800.0, Some(3600)),
            "2024-03-04T07:30:00+01:00"
        );
        assert_eq!(
            iso_time(1_709_533_800.0, Some(-19_800)),
            "2024-03-04T01:00:00-05:30"
        );
        assert_eq!(iso_time(1_709_533_800.25, None), "2024-03-04T06:30:00.250Z");
    }

    #[test]
    fn laps_are_auto_laps_when_the_count_fits() {
        // 2997 m in 3 laps: 1 km auto-laps, closing at the first samples past 1000 m and 2000 m
        // (samples 334 at 1002 m and 667 at 2001 m), the last one partial.
        let a = steady(1000);
        let laps = lap_ranges(&a);
        assert_eq!(laps, vec![0..335, 335..668, 668..1000]);
    }

    #[test]
    fn laps_split_evenly_otherwise() {
        // 5 laps cannot be auto-laps of 2997 m: five equal shares of ~599 m.
        let mut a = steady(1000);
        a.laps = 5;
        let laps = lap_ranges(&a);
        assert_eq!(laps.len(), 5);
        assert_eq!(laps[0], 0..201);
        assert_eq!(laps[4].end, 1000);
        for w in laps.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        // Without any distance the split is by time.
        for s in &mut a.samples {
            s.distance_m = None;
        }
        assert_eq!(lap_ranges(&a)[0], 0..201);
    }

    #[test]
    fn totals_subtract_pauses_and_count_climb() {
        let mut a = steady(1000);
        a.pauses.push(Pause {
            stopped_at: 1_100.0,
            resumed_at: 1_100.0,
        });
        // Remove samples 101..=160 to make a 60 s hole the pause explains.
        a.samples.retain(|s| !(1_101.0..=1_160.0).contains(&s.time));
        a.pauses[0].resumed_at = 1_161.0;
        let t = expected_totals(&a);
        assert_eq!(t.elapsed_s, Some(999.0));
        assert_eq!(t.timer_s, Some(999.0 - 61.0));
        assert_eq!(t.distance_m, Some(2997.0));
        assert_eq!(t.avg_hr, Some(140));
        assert_eq!(t.max_hr, Some(140));
        assert_eq!(timer_segments(&a).len(), 2);
        // Ten blocks that each climb 0 → 50 m, then drop back: 500 m, the hole included.
        assert_eq!(t.ascent_m, Some(500.0));
    }
}
