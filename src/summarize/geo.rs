//! Distances from GPS positions: on the WGS84 ellipsoid GPS itself uses, along the track as
//! recorded, with the wander of a standing watch and the jumps of a lost fix left out.
//!
//! What a runner covered is the path through the recorded points, as every reference tool sums
//! it (gpxpy, the FIT SDK's GPS distance). Two things are not ground covered and are taken out:
//! - **standing still**: a stopped watch's position wanders by a few metres each second, which
//!   summed point to point adds hundreds of metres in a long stop. Where the runner stood (the
//!   track's *displacement* over [`STOP_WINDOW_S`] is under [`STOP_DRIFT_MPS`]), only the straight
//!   line from where they stopped to where they set off counts;
//! - **jumps**: a fix gone astray (a burst of positions hundreds of metres off the route) is
//!   skipped: the track leaves for it and comes back at a speed it never moves at itself (see
//!   [`accepted_points`]).
//!
//! Neither rule depends on the sport: what was measured never changes with what the activity is
//! taken to be.

use crate::activity::{Pause, Sample};
use crate::summarize::pauses::Pauses;

/// WGS84 semi-major axis (m) and first eccentricity squared: the ellipsoid GPS positions are on.
const WGS84_A_M: f64 = 6_378_137.0;
const WGS84_E2: f64 = 0.006_694_379_990_14;
/// Mean Earth radius (IUGG), for the rare step too long for the local radii to hold.
const MEAN_RADIUS_M: f64 = 6_371_008.8;
/// Steps longer than this use the great circle: the local radii of curvature are exact to well
/// under a millimetre on a watch's steps of metres, but not over hundreds of kilometres.
const LOCAL_RADII_MAX_M: f64 = 50_000.0;

/// Faster than anything these files record under its own power or on a bike (the Tour de
/// France's fastest descents are ≈ 36 m/s): a step this fast is always a jump.
pub const MAX_GPS_SPEED_MPS: f64 = 50.0;
/// Standing still is judged on the displacement over this window: long enough that the wander of
/// a stopped watch (a few metres) stays well under a slow walker's progress.
pub const STOP_WINDOW_S: f64 = 20.0;
/// …and under this speed of displacement (4 m in 20 s) the runner stood: slower than anyone
/// walking or climbing on foot (≥ 0.3 m/s on the steepest trail), faster than a stopped watch's
/// wander.
pub const STOP_DRIFT_MPS: f64 = 0.2;

/// Distance in metres between two (lat, lon) points in degrees, on the WGS84 ellipsoid: with the
/// meridian and prime-vertical radii of curvature at the mid-latitude, which for the steps of a
/// track is the ellipsoidal distance itself. (A sphere is off by up to 0.7 %: gpxpy's equatorial
/// radius is 0.67 % long north–south at the equator, the mean radius 0.28 % short east–west at
/// 45°.) Long steps fall back to the great circle on the mean sphere.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let mid = ((a.0 + b.0) / 2.0).to_radians();
    let w = 1.0 - WGS84_E2 * mid.sin().powi(2);
    let meridian = WGS84_A_M * (1.0 - WGS84_E2) / (w * w.sqrt());
    let prime_vertical = WGS84_A_M / w.sqrt();
    let d_lat = (b.0 - a.0).to_radians();
    let mut d_lon = (b.1 - a.1).to_radians();
    if d_lon > std::f64::consts::PI {
        d_lon -= std::f64::consts::TAU;
    } else if d_lon < -std::f64::consts::PI {
        d_lon += std::f64::consts::TAU;
    }
    let local = (meridian * d_lat).hypot(prime_vertical * mid.cos() * d_lon);
    if local <= LOCAL_RADII_MAX_M {
        local
    } else {
        great_circle_m(a, b)
    }
}

/// Great-circle distance in metres on the mean sphere.
pub fn great_circle_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = lon2 - lon1;
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * MEAN_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// A position a GPS can have produced: in range and not the "null island" (0, 0) that apps write
/// when they had no fix.
pub fn plausible(p: (f64, f64)) -> bool {
    p.0.is_finite()
        && p.1.is_finite()
        && (-90.0..=90.0).contains(&p.0)
        && (-180.0..=180.0).contains(&p.1)
        && !(p.0 == 0.0 && p.1 == 0.0)
}

/// A GPS track measured: metres from the start at each sample, and what was left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GpsTrack {
    pub cumulative_m: Vec<f64>,
    /// Metres of wander while standing still left out (the path minus the straight line, summed
    /// over the stops), and over how many stops.
    pub wander_m: f64,
    pub stops_with_wander: usize,
    /// Positions skipped as jumps.
    pub jumps: usize,
}

/// Metres from the start at each sample along the GPS track (samples in time order). A sample
/// without a usable position carries the distance so far; across a timer pause (or a gap between
/// GPX segments, possibly days apart) nothing is counted: the runner was not running.
pub fn track_cumulative_m(samples: &[Sample], pauses: &[Pause]) -> Vec<f64> {
    measure_track(samples, pauses).cumulative_m
}

/// [`track_cumulative_m`], with what was left out.
pub fn measure_track(samples: &[Sample], pauses: &[Pause]) -> GpsTrack {
    let mut track = GpsTrack::default();
    let mut cumulative = vec![0.0; samples.len()];
    let mut total = 0.0;
    let pauses = Pauses::new(pauses);
    let mut start = 0;
    while start < samples.len() {
        // One stretch without a pause inside it.
        let mut end = start + 1;
        while end < samples.len() && !pauses.between(samples[end - 1].time, samples[end].time) {
            end += 1;
        }
        let (points, jumps) = accepted_points(&samples[start..end]);
        track.jumps += jumps;
        let added = stretch_distances(&points, &mut track);
        let mut next = 0;
        let stretch = &samples[start..end];
        for (offset, c) in cumulative[start..end].iter_mut().enumerate() {
            while next < points.len() && points[next].index <= offset {
                total_at(&mut total, &added, next);
                next += 1;
            }
            // A sample between two kept positions (a record without a fix, a jump left out) is
            // where the runner was by then: the step to the next kept position, in proportion to
            // the time. Left at the last position, the whole step would land on the last interval
            // (a jump skipped between fixes 30 s apart: 90 s of running in 30, "9 m/s").
            *c = match (next.checked_sub(1).map(|k| points[k]), points.get(next)) {
                (Some(before), Some(after))
                    if before.index != offset && after.time > before.time =>
                {
                    let share = (stretch[offset].time - before.time) / (after.time - before.time);
                    total + added.get(next).copied().unwrap_or(0.0) * share.clamp(0.0, 1.0)
                }
                _ => total,
            };
        }
        start = end;
    }
    track.cumulative_m = cumulative;
    track
}

/// Adds the distance the `i`th accepted point brings (0 for the first).
fn total_at(total: &mut f64, added: &[f64], i: usize) {
    *total += added.get(i).copied().unwrap_or(0.0);
}

/// A position kept for the distance: its sample's index within the stretch, time and place, and
/// (once kept) the step from the point kept before it, measured once for both the jump test and
/// the distance.
#[derive(Clone, Copy, Debug)]
struct Point {
    index: usize,
    time: f64,
    at: (f64, f64),
    step_m: f64,
}

/// The plausible positions of a stretch, without the GPS jumps (and how many positions those
/// were). A jump is a position the track leaves for and comes back from at a speed the track
/// itself never moves at: faster than [`JUMP_SPEED_RATIO`] times (and [`JUMP_SPEED_MARGIN_MPS`]
/// more than) the median speed of its last steps, and never faster than [`MAX_GPS_SPEED_MPS`].
/// Judged against the track's own speed, not the sport's: a ride at 13 m/s is no jump, a fix
/// 400 m off a run's route is, whatever the file says the activity was. A departure the track does
/// not come back from within [`JUMP_RETURN_S`] is where the runner went (a signal lost in a
/// tunnel), and is kept.
fn accepted_points(samples: &[Sample]) -> (Vec<Point>, usize) {
    let positions: Vec<Point> = samples
        .iter()
        .enumerate()
        .filter_map(|(index, s)| {
            s.position.filter(|p| plausible(*p)).map(|at| Point {
                index,
                time: s.time,
                at,
                step_m: 0.0,
            })
        })
        .collect();
    let mut points: Vec<Point> = Vec::with_capacity(positions.len());
    // The last steps, in a ring (their median ignores their order): no allocation a position.
    let mut recent = [0.0f64; RECENT_STEPS];
    let (mut filled, mut next) = (0usize, 0usize);
    let mut jumps = 0;
    let mut i = 0;
    while i < positions.len() {
        let p = positions[i];
        let Some(&last) = points.last() else {
            points.push(p);
            i += 1;
            continue;
        };
        let speed = |q: &Point| distance_m(last.at, q.at) / (q.time - last.time).max(1.0);
        let step_m = distance_m(last.at, p.at);
        let dt = (p.time - last.time).max(1.0);
        let step = step_m / dt;
        let margin = jump_margin(dt);
        // No limit is below the margin (the median is never negative), so most steps need no
        // median.
        let limit = if step > margin.min(MAX_GPS_SPEED_MPS) {
            jump_speed(&recent[..filled], margin)
        } else {
            f64::INFINITY
        };
        if step > limit {
            // Does the track come back? A later position within reach of the last good one,
            // reached from the position before it as fast as the track left.
            let back = (i + 1..positions.len())
                .take_while(|&k| positions[k].time - p.time <= JUMP_RETURN_S)
                .find(|&k| {
                    let (before, q) = (&positions[k - 1], &positions[k]);
                    let step = distance_m(before.at, q.at) / (q.time - before.time).max(1.0);
                    speed(q) <= limit && step > limit
                });
            if let Some(k) = back {
                jumps += k - i;
                i = k;
                continue;
            }
        }
        recent[next] = step;
        next = (next + 1) % RECENT_STEPS;
        filled = (filled + 1).min(RECENT_STEPS);
        points.push(Point { step_m, ..p });
        i += 1;
    }
    (points, jumps)
}

/// The track's own pace is the median speed of its last this many steps.
const RECENT_STEPS: usize = 15;
/// A jump leaves the track faster than this many times its own speed…
const JUMP_SPEED_RATIO: f64 = 3.0;
/// …and by more than this (a sprint from a standstill is no jump)…
const JUMP_SPEED_MARGIN_MPS: f64 = 10.0;
/// …over a step of up to this long; over a longer one (a watch fixing its position every 30 s)
/// the margin is those 100 m spread over the step: no sprint gains 10 m/s over half a minute,
/// and a fix 300 m off the route, 30 s from the ones either side of it, is a jump.
const JUMP_MARGIN_STEP_S: f64 = 10.0;
/// A jump comes back within this long; a departure the track keeps is real.
const JUMP_RETURN_S: f64 = 60.0;

/// How much faster than the track a step of `dt` seconds may be before it can be a jump.
fn jump_margin(dt: f64) -> f64 {
    JUMP_SPEED_MARGIN_MPS * (JUMP_MARGIN_STEP_S / dt).min(1.0)
}

/// The speed beyond which a step is a jump, from the track's recent steps.
fn jump_speed(recent: &[f64], margin: f64) -> f64 {
    let n = recent.len().min(RECENT_STEPS);
    if n == 0 {
        return MAX_GPS_SPEED_MPS;
    }
    // On the stack: for a ride, or a watch fixing every 30 s, every position asks.
    let mut window = [0.0f64; RECENT_STEPS];
    window[..n].copy_from_slice(&recent[..n]);
    let (_, &mut median, _) = window[..n].select_nth_unstable_by(n / 2, f64::total_cmp);
    (median * JUMP_SPEED_RATIO)
        .max(median + margin)
        .min(MAX_GPS_SPEED_MPS)
}

/// The distance each accepted point adds: the step from the one before while moving; for a
/// stretch of standing still, nothing until the runner sets off, then the straight line from
/// where they stopped.
fn stretch_distances(points: &[Point], track: &mut GpsTrack) -> Vec<f64> {
    let n = points.len();
    let mut added = vec![0.0; n];
    if n < 2 {
        return added;
    }
    let stopped = standing_steps(points);
    let mut i = 0;
    while i + 1 < n {
        if !stopped[i] {
            added[i + 1] = points[i + 1].step_m;
            i += 1;
            continue;
        }
        let from = i;
        let mut path = 0.0;
        while i + 1 < n && stopped[i] {
            path += points[i + 1].step_m;
            i += 1;
        }
        added[i] = distance_m(points[from].at, points[i].at);
        if path > added[i] {
            track.wander_m += path - added[i];
            track.stops_with_wander += 1;
        }
    }
    added
}

/// Whether the runner stood still over each step (`i` → `i + 1`): the displacement across a
/// window of [`STOP_WINDOW_S`] centred on the step is under [`STOP_DRIFT_MPS`]. Displacement, not
/// path: the wander of a stopped watch adds up along its path but goes nowhere.
fn standing_steps(points: &[Point]) -> Vec<bool> {
    let n = points.len();
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut stopped = Vec::with_capacity(n.saturating_sub(1));
    for i in 0..n - 1 {
        let mid = (points[i].time + points[i + 1].time) / 2.0;
        while lo + 1 < n && points[lo + 1].time <= mid - STOP_WINDOW_S / 2.0 {
            lo += 1;
        }
        while hi + 1 < n && points[hi].time < mid + STOP_WINDOW_S / 2.0 {
            hi += 1;
        }
        let (a, b) = (lo.min(i), hi.max(i + 1));
        let window_s = points[b].time - points[a].time;
        let displacement = distance_m(points[a].at, points[b].at);
        stopped.push(window_s > 0.0 && displacement < STOP_DRIFT_MPS * window_s);
    }
    stopped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time: f64, lat: f64, lon: f64) -> Sample {
        Sample {
            time,
            position: Some((lat, lon)),
            ..Default::default()
        }
    }

    #[test]
    fn a_degree_follows_the_ellipsoid() {
        // WGS84: a degree of latitude is 110,574 m at the equator and 111,694 m at the pole;
        // a degree of longitude at 45° is 78,847 m.
        let north = distance_m((0.0, 7.0), (0.01, 7.0)) * 100.0;
        assert!((north - 110_574.0).abs() < 2.0, "{north}");
        let polar = distance_m((89.99, 0.0), (89.98, 0.0)) * 100.0;
        assert!((polar - 111_694.0).abs() < 2.0, "{polar}");
        let east = distance_m((45.0, 7.0), (45.0, 7.01)) * 100.0;
        assert!((east - 78_847.0).abs() < 2.0, "{east}");
        // Across the date line, the short way round.
        let across = distance_m((0.0, 179.9995), (0.0, -179.9995));
        assert!((across - 111.3).abs() < 0.1, "{across}");
        // A long step is the great circle.
        let far = distance_m((45.0, 7.0), (46.0, 7.0));
        assert!((far - 111_195.0).abs() < 50.0, "{far}");
    }

    #[test]
    fn each_kept_point_carries_the_step_from_the_one_kept_before() {
        // A wandering track with jumps out and back, a real departure and standing still: the
        // step a kept point carries is the distance from the point kept before it, bit for bit,
        // whatever was skipped between them.
        let mut rng = testkit::rng::Rng::new(0xbb67_ae85_84ca_a73b);
        let (mut lat, mut lon) = (46.0, 7.0);
        let mut samples = Vec::new();
        for i in 0..3_000 {
            let speed_deg = if (i / 200) % 3 == 2 { 0.0 } else { 3.0e-5 };
            lat += rng.range(-1.0, 1.0) * speed_deg;
            lon += rng.range(-1.0, 1.0) * speed_deg;
            let off = if rng.chance(0.02) {
                rng.range(-0.01, 0.01)
            } else {
                0.0
            };
            samples.push(at(i as f64, lat + off, lon));
        }
        let (points, jumps) = accepted_points(&samples);
        assert!(jumps > 20, "{jumps} jumps");
        assert!(points.len() > 2_000);
        assert_eq!(points[0].step_m, 0.0);
        for w in points.windows(2) {
            assert_eq!(
                w[1].step_m.to_bits(),
                distance_m(w[0].at, w[1].at).to_bits(),
                "at {}",
                w[1].time
            );
        }
    }

    #[test]
    fn standing_wander_adds_nothing_but_slow_walking_counts_every_step() {
        // Two minutes standing: the fix wanders around a circle of 2 m a minute (25 m of path
        // going nowhere).
        let mut samples: Vec<Sample> = (0..120)
            .map(|i| {
                let angle = i as f64 / 60.0 * std::f64::consts::TAU;
                at(
                    i as f64 - 60.0,
                    46.0 + 2.0 * angle.sin() / 111_200.0,
                    7.0 + 2.0 * angle.cos() / 77_200.0,
                )
            })
            .collect();
        // Then a slow walk at 0.6 m/s around a square of 10 m sides (turning every ~17 s).
        let m = 1.0 / 111_200.0;
        let lon_m = m / 46f64.to_radians().cos();
        let (mut lat, mut lon) = (46.0, 7.0);
        for i in 0..200 {
            let side = (i / 17) % 4;
            match side {
                0 => lat += 0.6 * m,
                1 => lon += 0.6 * lon_m,
                2 => lat -= 0.6 * m,
                _ => lon -= 0.6 * lon_m,
            }
            samples.push(at(60.0 + i as f64, lat, lon));
        }
        let total = *track_cumulative_m(&samples, &[]).last().unwrap();
        let path: f64 = samples
            .windows(2)
            .filter_map(|w| Some(distance_m(w[0].position?, w[1].position?)))
            .sum();
        // 200 steps of 0.6 m: 120 m walked, every corner of it; of the 25 m the standing watch
        // wandered, only the 2 m back to the centre and the half window at the stop's edge count.
        assert!(path > 140.0, "{path}");
        assert!((118.0..126.0).contains(&total), "{total}");
    }

    #[test]
    fn jumps_are_skipped_and_fast_tracks_are_not() {
        // 13 m/s for 100 s (a ride), with one fix 1 km off.
        let step = 13.0 / 111_200.0;
        let mut samples: Vec<Sample> = (0..=100)
            .map(|i| at(i as f64, 46.0 + i as f64 * step, 7.0))
            .collect();
        samples[50].position = Some((46.009 + 50.0 * step, 7.0));
        let total = *track_cumulative_m(&samples, &[]).last().unwrap();
        assert!((total - 1300.0).abs() < 5.0, "{total}");
    }

    /// Fixes `every_s` apart along a meridian at `speed` m/s, from 46° N.
    fn north(fixes: usize, every_s: f64, speed: f64) -> Vec<Sample> {
        let step = speed / 111_200.0;
        (0..fixes)
            .map(|i| at(i as f64 * every_s, 46.0 + i as f64 * every_s * step, 7.0))
            .collect()
    }

    /// Moves fixes `metres` east, off the route.
    fn off_east(fixes: &mut [Sample], metres: f64) {
        for s in fixes {
            s.position = s.position.map(|(lat, lon)| (lat, lon + metres / 77_300.0));
        }
    }

    #[test]
    fn a_burst_off_the_route_is_a_jump_whatever_the_sport_and_a_real_departure_is_not() {
        // A run at 3 m/s recorded every 5 s, with 4 fixes 150 m east of the route: reaching
        // them takes 30 m/s, under any fixed cap a ride would need, yet 10 times the run's speed.
        let mut samples = north(101, 5.0, 3.0);
        off_east(&mut samples[40..44], 150.0);
        let track = measure_track(&samples, &[]);
        let total = *track.cumulative_m.last().unwrap();
        assert!((total - 1500.0).abs() < 5.0, "{total}");
        assert_eq!(track.jumps, 4);
        // A ride at 12 m/s swinging 30 m wide through a bend: well within its own speed, kept.
        let mut ride = north(101, 5.0, 12.0);
        off_east(&mut ride[40..44], 30.0);
        assert_eq!(measure_track(&ride, &[]).jumps, 0);
        // The signal lost for 5 minutes in a tunnel: the runner did cover the gap.
        let step = 3.0 / 111_200.0;
        let mut tunnel: Vec<Sample> = (0..=100)
            .map(|i| at(i as f64, 46.0 + i as f64 * step, 7.0))
            .collect();
        tunnel.extend((400..=500).map(|i| at(i as f64, 46.0 + i as f64 * step, 7.0)));
        let total = *track_cumulative_m(&tunnel, &[]).last().unwrap();
        assert!((total - 1500.0).abs() < 5.0, "{total}");
    }

    #[test]
    fn a_fix_off_the_route_between_fixes_half_a_minute_apart_is_a_jump() {
        // A watch fixing its position every 30 s, a run at 3 m/s, two fixes 300 m east: 10 m/s
        // to reach, under the 10 m/s margin a 1-second step needs above the run's speed, but no
        // sprint gains that over half a minute.
        let mut samples = north(61, 30.0, 3.0);
        off_east(&mut samples[30..32], 300.0);
        let track = measure_track(&samples, &[]);
        assert_eq!(track.jumps, 2);
        let c = &track.cumulative_m;
        assert!((c[60] - 5400.0).abs() < 5.0, "{}", c[60]);
        // The records whose fixes were left out are where the runner was by then: 90 m a step,
        // not 270 m on the step back to the route (9 m/s: "no runner holds that").
        for k in 29..33 {
            let step_m = c[k + 1] - c[k];
            assert!((step_m - 90.0).abs() < 1.0, "step {k}: {step_m}");
        }
    }

    #[test]
    fn nothing_is_counted_across_a_pause() {
        let samples = vec![
            at(0.0, 46.0, 7.0),
            at(10.0, 46.0003, 7.0),
            at(1000.0, 46.1, 7.0),
            at(1010.0, 46.1003, 7.0),
        ];
        let pauses = [Pause {
            stopped_at: 10.0,
            resumed_at: 1000.0,
        }];
        let c = track_cumulative_m(&samples, &pauses);
        assert!((c[1] - 33.4).abs() < 0.2, "{c:?}");
        assert_eq!(c[1], c[2]);
        assert!((c[3] - 2.0 * c[1]).abs() < 0.1, "{c:?}");
    }

    #[test]
    fn null_island_is_not_a_position() {
        assert!(!plausible((0.0, 0.0)));
        assert!(!plausible((91.0, 0.0)));
        assert!(plausible((0.0, 10.0)));
    }
}
