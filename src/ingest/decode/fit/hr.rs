//! Heart rate a chest strap logged apart from the records (`hr` messages: HRM-Pro and HRM-Swim
//! store beats while the watch cannot hear them, under water or away from the wrist), merged into
//! the records by time exactly as Garmin's FIT SDK does (`hr_mesg_utils.merge_heart_rates`):
//! - beat times are an anchor (`timestamp` + `fractional_timestamp`, with its 32-bit
//!   `event_timestamp`) plus, in the messages after it, 12-bit `event_timestamp_12` deltas
//!   accumulated in 1/1024 s;
//! - the beats are spread over 250 ms steps, each reading carried up to 5 s across a gap;
//! - a record gets the rounded mean of the readings since the record before it. The strap's
//!   reading wins over the one the record carried (a wrist sensor's).

use super::profile::{hr, TIMESTAMP_SLOT};
use super::reader::{Message, FIT_EPOCH_UNIX};
use crate::activity::Sample;
use crate::ingest::budget;

/// What a beat costs the memory budget: its slot, and its share of the sort and merge.
const BEAT_COST: usize = 2 * std::mem::size_of::<(f64, u8)>();

/// `event_timestamp` units per second.
const EVENT_TICKS_PER_S: f64 = 1024.0;
/// The SDK's expansion: readings every 250 ms…
const STEP_S: f64 = 0.25;
/// …carried across a gap for at most 20 steps (5 s).
const MAX_CARRY_STEPS: u32 = 20;

/// Beats read from `hr` messages, in file order.
#[derive(Debug, Default)]
pub(super) struct Beats {
    /// (time, bpm) of every beat.
    pub beats: Vec<(f64, u8)>,
    /// Unix time of the anchor and its `event_timestamp` (ticks).
    anchor: Option<(f64, u64)>,
    /// The accumulated `event_timestamp` (ticks) and the last 12-bit value added to it.
    accumulated: u64,
    last_12: u64,
}

impl Beats {
    /// Anchors and accumulators do not carry over into a chained file's next part.
    pub(super) fn begin_part(&mut self) {
        self.anchor = None;
        self.accumulated = 0;
        self.last_12 = 0;
    }

    /// Reads one `hr` message; `false` when the memory budget has no room for its beats.
    pub(super) fn take(&mut self, m: &Message<'_>) -> bool {
        let full: Vec<u64> = m
            .uint_elements(hr::EVENT_TIMESTAMP)
            .flatten()
            .collect::<Vec<_>>();
        if let Some(ts) = m.uint::<u64>(TIMESTAMP_SLOT) {
            // An anchor: its time, and the one event time it pins down.
            let fraction = m
                .number(hr::FRACTIONAL_TIMESTAMP)
                .map(|f| f / 32_768.0)
                .or_else(|| m.number(hr::TIME256).map(|f| f / 256.0))
                .unwrap_or(0.0);
            match full.as_slice() {
                [event] => self.anchor = Some((FIT_EPOCH_UNIX + ts as f64 + fraction, *event)),
                // The SDK refuses an anchor without exactly one event time; so do we.
                _ => self.anchor = None,
            }
        }
        let events: Vec<u64> = if full.is_empty() {
            self.expand_12_bit(m)
        } else {
            if let Some(&last) = full.last() {
                self.accumulated = last;
                self.last_12 = last;
            }
            full
        };
        let Some((anchor_time, anchor_event)) = self.anchor else {
            return true;
        };
        let bpms = m.uint_elements(hr::FILTERED_BPM);
        for (event, bpm) in events.into_iter().zip(bpms) {
            let Some(bpm) = bpm.and_then(|b| u8::try_from(b).ok()) else {
                continue;
            };
            let ticks = event as f64 - anchor_event as f64;
            // A 32-bit event time that wrapped past its anchor's (every 48.5 days of ticks).
            let ticks = if ticks < -(f64::from(u32::MAX) / 2.0) {
                ticks + f64::from(u32::MAX) + 1.0
            } else {
                ticks
            };
            let time = anchor_time + ticks / EVENT_TICKS_PER_S;
            if time.is_finite() {
                if !budget::reserve(&mut self.beats, BEAT_COST) {
                    return false;
                }
                self.beats.push((time, bpm));
            }
        }
        true
    }

    /// The event times packed as 12-bit values (least significant bits first), each added to the
    /// running total by how far it moved on since the last, modulo 4096.
    fn expand_12_bit(&mut self, m: &Message<'_>) -> Vec<u64> {
        let Some(bytes) = m.raw(hr::EVENT_TIMESTAMP_12) else {
            return Vec::new();
        };
        let bits = bytes.len() * 8;
        let mut out = Vec::with_capacity(bits / 12);
        let mut at = 0;
        while at + 12 <= bits {
            let mut value = 0u64;
            for bit in 0..12 {
                let i = at + bit;
                if bytes[i / 8] >> (i % 8) & 1 == 1 {
                    value |= 1 << bit;
                }
            }
            self.accumulated = self
                .accumulated
                .wrapping_add(value.wrapping_sub(self.last_12) & 0xFFF);
            self.last_12 = value;
            out.push(self.accumulated);
            at += 12;
        }
        out
    }
}

/// The SDK's readings: each beat, preceded by the beat before it carried forward in 250 ms
/// steps across the gap (at most 5 s of them). Lazy: a long strap log never becomes a list 20
/// times its size.
struct Readings<'a> {
    beats: &'a [(f64, u8)],
    next: usize,
    /// Carried steps still to give before `beats[next]`: (from, bpm, step, steps).
    carry: Option<(f64, u8, u32, u32)>,
}

impl Iterator for Readings<'_> {
    type Item = (f64, u8);

    fn next(&mut self) -> Option<(f64, u8)> {
        if let Some((from, bpm, step, steps)) = self.carry {
            if step <= steps {
                self.carry = Some((from, bpm, step + 1, steps));
                return Some((from + STEP_S * f64::from(step), bpm));
            }
            self.carry = None;
        }
        let &(time, bpm) = self.beats.get(self.next)?;
        self.next += 1;
        if let Some(&(after, _)) = self.beats.get(self.next) {
            // As the SDK counts it: one step per 250 ms of gap beyond the first.
            let gap_ms = ((after - time).abs() * 1000.0).max(0.0);
            let steps = ((gap_ms - 1e-9) / (STEP_S * 1000.0))
                .floor()
                .clamp(0.0, 1e6) as u32;
            let steps = steps.min(MAX_CARRY_STEPS);
            if steps > 0 {
                self.carry = Some((time, bpm, 1, steps));
            }
        }
        Some((time, bpm))
    }
}

/// Puts the strap's heart rate into the records, walking them in file order as the SDK does: each
/// record gets the rounded mean of the readings after the record before it and up to its own time
/// (the first record, those of the second before it; a record at the same time as the one before
/// re-reads that record's last reading). As in the SDK, a record only gets a mean once a reading
/// past it shows its window is complete. Returns how many records got a strap reading.
pub(super) fn merge(samples: &mut [Sample], beats: &[(f64, u8)]) -> usize {
    if samples.is_empty() || beats.is_empty() {
        return 0;
    }
    let mut readings = Readings {
        beats,
        next: 0,
        carry: None,
    }
    .peekable();
    let mut merged = 0;
    let mut start: Option<f64> = None;
    let mut last_read: Option<(f64, u8)> = None;
    for sample in samples.iter_mut() {
        let end = sample.time;
        let mut begin = start.unwrap_or(end);
        // The SDK's rule for a record at the time of the one before: one second back, and the
        // reading before the current one read again.
        let mut again = None;
        if begin == end {
            begin = end - 1.0;
            again = last_read;
        }
        let (mut sum, mut count) = (0u64, 0u64);
        loop {
            let (reading, repeated) = match again {
                Some(r) => (r, true),
                None => match readings.peek() {
                    Some(&r) => (r, false),
                    None => break,
                },
            };
            let (t, bpm) = reading;
            if t > end {
                if count > 0 {
                    // The SDK's rounding: int(mean + 0.5).
                    let mean = (sum as f64 / count as f64 + 0.5).floor();
                    sample.heart_rate = u8::try_from(mean as u64).ok();
                    merged += 1;
                }
                start = Some(end);
                break;
            }
            if t > begin {
                sum += u64::from(bpm);
                count += 1;
            }
            if repeated {
                again = None;
            } else {
                readings.next();
            }
            last_read = Some(reading);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time: f64, heart_rate: Option<u8>) -> Sample {
        Sample {
            time,
            heart_rate,
            ..Default::default()
        }
    }

    #[test]
    fn readings_carry_a_beat_over_a_gap_in_quarter_seconds_up_to_five() {
        let beats = [(0.0, 100), (0.6, 110), (10.0, 120)];
        let readings: Vec<(f64, u8)> = Readings {
            beats: &beats,
            next: 0,
            carry: None,
        }
        .collect();
        // 0.6 s after the first beat: 2 carried steps (0.25, 0.5); 9.4 s after the second: 20
        // (up to 5.6 s), then the third beat.
        assert_eq!(readings.len(), 3 + 2 + 20);
        assert_eq!(readings[1], (0.25, 100));
        assert_eq!(readings[3], (0.6, 110));
        assert_eq!(readings[23], (5.6, 110));
        assert_eq!(readings[24], (10.0, 120));
    }

    #[test]
    fn each_record_takes_the_mean_since_the_record_before_and_the_strap_wins() {
        // Beats every 0.5 s: 150 for the first 2 s, 160 after.
        let beats: Vec<(f64, u8)> = (0..12)
            .map(|i| (100.0 + 0.5 * f64::from(i), if i < 4 { 150 } else { 160 }))
            .collect();
        let mut samples = vec![
            at(101.0, Some(120)),
            at(102.0, Some(121)),
            at(104.0, None),
            at(106.0, None),
            at(200.0, Some(125)),
        ];
        assert_eq!(merge(&mut samples, &beats), 3);
        let hr: Vec<Option<u8>> = samples.iter().map(|s| s.heart_rate).collect();
        // (100, 101]: 100.25 (carried), 100.5, 100.75, 101.0 → 150.
        // (101, 102]: 150 ×3 (101.25, 101.5 carried, 101.75), 160 at 102.0 → 152.5 → 153.
        // (102, 104]: all 160. (104, 106] holds the log's last readings, but as in the SDK a
        // window only closes on a reading past it: none. The record at 200 s keeps the wrist's.
        assert_eq!(hr, vec![Some(150), Some(153), Some(160), None, Some(125)]);
        // A record at the time of the one before re-reads that record's last reading.
        let mut twice = vec![at(101.0, None), at(101.0, None), at(103.0, None)];
        assert_eq!(merge(&mut twice, &beats), 3);
        assert_eq!(twice[1].heart_rate, Some(150));
    }
}
