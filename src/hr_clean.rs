//! Heart-rate cleaning, before any statistic is taken.
//!
//! Optical sensors and chest straps lie in known ways: values outside what a human heart does, a
//! chest strap that reads 180–200 for the first minutes of an easy run (dry contacts, cadence lock),
//! and dropouts where the reading collapses far below the surrounding values or the sensor stops
//! sending. Each is found here, excluded, and reported.

use crate::activity::Sample;

/// Physiologically possible heart rates while exercising (bpm).
pub const MIN_VALID_HR: u8 = 30;
pub const MAX_VALID_HR: u8 = 230;

/// How far above the settled HR a start-of-run reading must be (at no higher pace) to be a spike.
const SPIKE_MARGIN_BPM: f64 = 25.0;
/// Strap spikes live in the first minutes; after that a high HR is believed.
const SPIKE_WINDOW_S: f64 = 8.0 * 60.0;
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
}

impl HrCleaning {
    pub fn changed(&self) -> bool {
        self.out_of_range > 0 || self.spike_s > 0.0 || self.dropout_samples > 0
    }
}

/// Cleans the heart rate of time-ordered samples. `speed` is the moving speed per sample (m/s) if
/// known, used to tell a strap spike (HR high at an easy pace) from a fast start (HR high because the
/// runner is fast).
pub fn clean(samples: &[Sample], speed: &[Option<f64>]) -> HrCleaning {
    let mut out = HrCleaning {
        hr: Vec::with_capacity(samples.len()),
        ..Default::default()
    };
    for s in samples {
        match s.heart_rate {
            Some(hr) if (MIN_VALID_HR..=MAX_VALID_HR).contains(&hr) => out.hr.push(Some(hr)),
            // Zero is how many devices write "no sensor": no reading, not a bad one.
            Some(0) => out.hr.push(None),
            Some(_) => {
                out.out_of_range += 1;
                out.hr.push(None);
            }
            None => out.hr.push(None),
        }
    }
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
    let settled: Vec<(f64, Option<f64>)> = samples
        .iter()
        .zip(hr.iter())
        .zip(speed.iter())
        .filter(|((s, _), _)| {
            s.time - t0 >= SPIKE_WINDOW_S && s.time - t0 < SPIKE_WINDOW_S + 12.0 * 60.0
        })
        .filter_map(|((_, h), v)| h.map(|h| (h as f64, *v)))
        .collect();
    if settled.len() < 20 {
        return 0.0;
    }
    let mut settled_hr: Vec<f64> = settled.iter().map(|(h, _)| *h).collect();
    let settled_hr = median(&mut settled_hr);
    let mut settled_speed: Vec<f64> = settled.iter().filter_map(|(_, v)| *v).collect();
    let settled_speed = if settled_speed.is_empty() {
        None
    } else {
        Some(median(&mut settled_speed))
    };
    // The spike is the stretch from the start to the last early sample that reads implausibly high
    // for its pace; it must begin within the first minute (a spike starts with the run).
    let mut last_spiky: Option<usize> = None;
    let mut first_spiky: Option<usize> = None;
    for (i, s) in samples.iter().enumerate() {
        if s.time - t0 >= SPIKE_WINDOW_S {
            break;
        }
        let Some(h) = hr[i] else { continue };
        let not_faster = match (speed.get(i).copied().flatten(), settled_speed) {
            (Some(v), Some(ref_v)) => v <= ref_v * 1.1,
            _ => true,
        };
        if h as f64 > settled_hr + SPIKE_MARGIN_BPM && not_faster {
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
    for h in hr.iter_mut().take(last_i + 1) {
        *h = None;
    }
    samples[last_i].time - t0
}

/// Drops readings that collapse far below the median of the surrounding minute: a strap losing
/// contact reads 60–90 bpm in the middle of a run. Returns the number of samples dropped.
fn remove_dropouts(samples: &[Sample], hr: &mut [Option<u8>]) -> usize {
    let n = samples.len();
    if n < 10 {
        return 0;
    }
    let half = DROPOUT_WINDOW_S / 2.0;
    let mut window: Vec<f64> = Vec::with_capacity(64);
    let mut drop = vec![false; n];
    let (mut lo, mut hi) = (0usize, 0usize);
    // A median needs a window; to stay linear-ish we only recompute it every few samples.
    let mut cached_median = f64::NAN;
    let mut cached_at = usize::MAX;
    for i in 0..n {
        let Some(h) = hr[i] else { continue };
        let t = samples[i].time;
        while lo < n && samples[lo].time < t - half {
            lo += 1;
        }
        while hi < n && samples[hi].time <= t + half {
            hi += 1;
        }
        if cached_at == usize::MAX || i >= cached_at + 5 {
            window.clear();
            window.extend(hr[lo..hi].iter().flatten().map(|&x| x as f64));
            cached_median = if window.len() >= 5 {
                median(&mut window)
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

/// A sensor that froze repeats one value: a living heart never reads exactly the same for this
/// long over this many readings.
const STUCK_MIN_S: f64 = 90.0;
const STUCK_MIN_SAMPLES: usize = 15;

/// Drops stretches where HR repeats one exact value for 90 s or more (over 15+ readings).
/// Returns the number of samples dropped.
fn remove_stuck(samples: &[Sample], hr: &mut [Option<u8>]) -> usize {
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
        let readings = hr[i..j].iter().filter(|h| h.is_some()).count();
        let span = samples[j - 1].time - samples[i].time;
        if span >= STUCK_MIN_S && readings >= STUCK_MIN_SAMPLES {
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

/// Median of a non-empty slice (reorders it).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    *m
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
    fn fast_start_is_not_a_spike() {
        let s = run(|i| Some(if i < 120 { 185 } else { 140 }), 1800);
        let v: Vec<Option<f64>> = (0..1800)
            .map(|i| Some(if i < 120 { 5.0 } else { 3.0 }))
            .collect();
        let c = clean(&s, &v);
        assert_eq!(c.spike_s, 0.0);
        assert_eq!(c.hr[10], Some(185));
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
}
