//! Turns the data messages of a FIT file into the raw material of activities: samples, session
//! summaries, timer events, laps, device and clock information. One pass, no look-back.

use super::hr::Beats;
use super::intent::IntentMessages;
use super::products;
use super::profile::{self, activity, event, file_id, lap, mesg, record, session, sport};
use super::reader::{fit_time, Message, FIRST_ABSOLUTE_TIME};
use crate::activity::{Activity, DeviceTotals, Sample};
use crate::ingest::budget;

/// A session message, with the part of a chained file it came from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SessionSummary {
    pub part: usize,
    pub timestamp: Option<f64>,
    pub sport: Option<u8>,
    pub sub_sport: Option<u8>,
    pub totals: DeviceTotals,
}

impl SessionSummary {
    /// When the session began: its start time, else its end minus its elapsed time.
    pub(super) fn start(&self) -> Option<f64> {
        self.totals
            .start_time
            .or_else(|| Some(self.timestamp? - self.totals.elapsed_s?))
    }
}

/// A moment tied to the part of the file it came from (laps, timer events).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Stamped<T> {
    pub part: usize,
    pub time: Option<f64>,
    pub what: T,
}

/// Timer start or stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Timer {
    Start,
    Stop,
}

/// Everything read from a file, before it is split into activities.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// Record samples in file order.
    pub samples: Vec<Sample>,
    /// Index into `samples` where each part's records begin.
    pub part_starts: Vec<usize>,
    pub sessions: Vec<SessionSummary>,
    pub timer: Vec<Stamped<Timer>>,
    pub laps: Vec<Stamped<()>>,
    pub device: Option<String>,
    /// `file_id.type` of each part that had one.
    pub file_types: Vec<u8>,
    /// Raw FIT (timestamp, local_timestamp) of the first activity message that has both.
    pub activity_clock: Option<(u64, u64)>,
    /// The `sport` message, for files without sessions.
    pub sport: Option<(Option<u8>, Option<u8>)>,
    /// Records that carried no time and came before any timestamp in their part.
    pub records_without_time: usize,
    /// Workout, lap marks and the watch's settings.
    pub intent: IntentMessages,
    /// Whether `device` is the name a file_id wrote for its device (a creator device_info's
    /// name does not replace it).
    pub device_self_named: bool,
    /// Heart beats from `hr` messages (a chest strap's own log), merged into the records later.
    pub beats: Beats,
    /// The memory budget refused room for more: the file is not read further.
    pub over_budget: bool,
}

impl Collected {
    pub(super) fn has_activity_data(&self) -> bool {
        !self.samples.is_empty() || !self.sessions.is_empty()
    }
}

/// What one session is charged: its summary, the activity it becomes and that activity's row and
/// summary (about 1 KB, a measured bound, with their texts).
const SESSION_COST: usize = size_of::<SessionSummary>() + size_of::<Activity>() + 1024;

/// Per-part state: timestamps and accumulators do not carry over between chained files.
#[derive(Default)]
struct PartState {
    file_type: Option<u8>,
    last_timestamp: Option<u64>,
    /// Running total of compressed distance in 1/16 m, and the last 12-bit counter value.
    distance_16ths: u64,
    last_distance_counter: u64,
}

/// Reads messages into a [`Collected`].
#[derive(Default)]
pub(super) struct Collector {
    pub out: Collected,
    part: usize,
    state: PartState,
}

/// FIT semicircles to degrees.
fn degrees(semicircles: f64) -> f64 {
    semicircles * (180.0 / 2_147_483_648.0)
}

impl Collector {
    /// Starts a new part of a (possibly chained) file.
    pub(super) fn begin_part(&mut self) {
        if !self.out.part_starts.is_empty() {
            self.part += 1;
        }
        self.out.part_starts.push(self.out.samples.len());
        self.state = PartState::default();
        self.out.beats.begin_part();
    }

    /// A part whose file_id says it is not an activity (settings, course, …) contributes nothing
    /// but its type; a part without file_id is given the benefit of the doubt.
    fn in_activity_part(&self) -> bool {
        self.state
            .file_type
            .is_none_or(|t| t == profile::FILE_TYPE_ACTIVITY)
    }

    /// The message's time in FIT seconds: its own timestamp field, else the compressed-header
    /// offset applied to the last full timestamp (with the 5-bit rollover).
    fn message_time(&mut self, m: &Message<'_>) -> Option<u64> {
        if let Some(ts) = m.uint::<u64>(profile::TIMESTAMP_SLOT) {
            self.state.last_timestamp = Some(ts);
            return Some(ts);
        }
        let offset = u64::from(m.time_offset?);
        let last = self.state.last_timestamp?;
        let ts = compressed_timestamp(last, offset)?;
        self.state.last_timestamp = Some(ts);
        Some(ts)
    }

    /// Takes one data message. What it adds is charged to the memory budget as the lists grow,
    /// never sized from the bytes left: a record can be a single byte (a definition with no
    /// field), so "bytes left" would promise 72 bytes of samples for every byte of the file.
    pub(super) fn take(&mut self, m: &Message<'_>) {
        let time = self.message_time(m);
        match m.def.global {
            mesg::FILE_ID => self.file_id(m),
            _ if !self.in_activity_part() => {}
            mesg::RECORD => {
                if budget::reserve(&mut self.out.samples, budget::SAMPLE_COST) {
                    self.record(m, time);
                } else {
                    self.out.over_budget = true;
                }
            }
            // A session becomes an activity and a row.
            mesg::SESSION => {
                if budget::reserve(&mut self.out.sessions, SESSION_COST) {
                    self.session(m, time);
                } else {
                    self.out.over_budget = true;
                }
            }
            mesg::LAP => {
                // Each lap's start is also copied to its activity's `lap_starts`.
                let cost = size_of::<Stamped<()>>() + size_of::<f64>();
                if budget::reserve(&mut self.out.laps, cost) {
                    self.lap(m, time);
                } else {
                    self.out.over_budget = true;
                }
            }
            mesg::EVENT => {
                if budget::reserve(&mut self.out.timer, size_of::<Stamped<Timer>>()) {
                    self.event(m, time);
                } else {
                    self.out.over_budget = true;
                }
            }
            mesg::ACTIVITY => self.activity(m, time),
            mesg::HR => self.out.over_budget |= !self.out.beats.take(m),
            mesg::SPORT if self.out.sport.is_none() => {
                self.out.sport = Some((m.uint(sport::SPORT), m.uint(sport::SUB_SPORT)));
            }
            mesg::WORKOUT => self.out.intent.workout(m),
            mesg::WORKOUT_STEP => self.out.intent.workout_step(m),
            mesg::USER_PROFILE => self.out.intent.user_profile(m),
            mesg::ZONES_TARGET => self.out.intent.zones_target(m),
            mesg::HR_ZONE => self.out.intent.hr_zone(m),
            mesg::TIME_IN_ZONE => self.out.intent.time_in_zone(m),
            mesg::DEVICE_INFO => self.device_info(m),
            _ => {}
        }
    }

    fn file_id(&mut self, m: &Message<'_>) {
        if let Some(t) = m.uint::<u8>(file_id::TYPE) {
            self.state.file_type = Some(t);
            self.out.file_types.push(t);
        }
        if self.out.device.is_none() {
            let written = m.text(file_id::PRODUCT_NAME);
            self.out.device = products::device_name(
                m.uint(file_id::MANUFACTURER),
                m.uint(file_id::PRODUCT),
                written.as_deref(),
            );
            self.out.device_self_named = products::written_name(written.as_deref()).is_some();
        }
    }

    /// The creator device's own name (Wahoo, Hammerhead and others write it here, not in
    /// file_id) names the device better than a maker and a product number.
    fn device_info(&mut self, m: &Message<'_>) {
        self.out.intent.device_info(m);
        if self.out.device_self_named {
            return;
        }
        if let Some(name) = products::written_name(self.out.intent.creator_name.as_deref()) {
            self.out.device = Some(name);
            self.out.device_self_named = true;
        }
    }

    fn record(&mut self, m: &Message<'_>, time: Option<u64>) {
        // The rolling counter counts on every record, even one skipped below for lack of a time.
        let compressed = self.compressed_speed_distance(m);
        let time = match time.or(self.state.last_timestamp) {
            Some(t) => fit_time(t),
            None => {
                self.out.records_without_time += 1;
                return;
            }
        };
        let position = match (m.number(record::LAT), m.number(record::LONG)) {
            (Some(lat), Some(long)) => Some((degrees(lat), degrees(long))),
            _ => None,
        };
        let altitude = m
            .number(record::ENHANCED_ALTITUDE)
            .or_else(|| m.number(record::ALTITUDE))
            .map(|v| (v / 5.0 - 500.0) as f32);
        let mut speed = m
            .number(record::ENHANCED_SPEED)
            .or_else(|| m.number(record::SPEED))
            .map(|v| (v / 1000.0) as f32);
        let mut distance = m.number(record::DISTANCE).map(|v| v / 100.0);
        if let Some((s, d)) = compressed {
            speed = speed.or(Some(s));
            distance = distance.or(Some(d));
        }
        self.out.samples.push(Sample {
            time,
            position,
            distance_m: distance,
            speed_mps: speed,
            altitude_m: altitude,
            heart_rate: m.uint(record::HEART_RATE),
            cadence: m.uint(record::CADENCE),
            power_w: m.uint(record::POWER),
        });
    }

    /// Old Garmin watches pack speed (low 12 bits, 1/100 m/s) and a rolling distance counter
    /// (high 12 bits, 1/16 m, wrapping at 256 m) into 3 bytes. The counter must be accumulated
    /// across records, modulo its width, to become a cumulative distance.
    fn compressed_speed_distance(&mut self, m: &Message<'_>) -> Option<(f32, f64)> {
        let raw = m.raw(record::COMPRESSED_SPEED_DISTANCE)?;
        let &[b0, b1, b2] = raw.get(..3)? else {
            return None;
        };
        if raw.iter().all(|&b| b == 0xFF) {
            return None;
        }
        let speed = u16::from(b0) | (u16::from(b1 & 0x0F) << 8);
        let counter = u64::from(b1 >> 4) | (u64::from(b2) << 4);
        let st = &mut self.state;
        st.distance_16ths += counter.wrapping_sub(st.last_distance_counter) & 0xFFF;
        st.last_distance_counter = counter;
        Some((f32::from(speed) / 100.0, st.distance_16ths as f64 / 16.0))
    }

    fn session(&mut self, m: &Message<'_>, time: Option<u64>) {
        let totals = DeviceTotals {
            start_time: m.uint::<u64>(session::START_TIME).map(fit_time),
            end_time: time.map(fit_time),
            elapsed_s: m.number(session::TOTAL_ELAPSED_TIME).map(|v| v / 1000.0),
            timer_s: m.number(session::TOTAL_TIMER_TIME).map(|v| v / 1000.0),
            distance_m: m.number(session::TOTAL_DISTANCE).map(|v| v / 100.0),
            avg_hr: m.uint(session::AVG_HEART_RATE),
            max_hr: m.uint(session::MAX_HEART_RATE),
            ascent_m: m.number(session::TOTAL_ASCENT),
        };
        self.out.sessions.push(SessionSummary {
            part: self.part,
            timestamp: time.map(fit_time),
            sport: m.uint(session::SPORT),
            sub_sport: m.uint(session::SUB_SPORT),
            totals,
        });
    }

    fn lap(&mut self, m: &Message<'_>, time: Option<u64>) {
        let start = m.uint::<u64>(lap::START_TIME).or(time);
        self.out.intent.lap(m, start);
        self.out.laps.push(Stamped {
            part: self.part,
            time: start.map(fit_time),
            what: (),
        });
    }

    fn event(&mut self, m: &Message<'_>, time: Option<u64>) {
        if m.uint::<u8>(event::EVENT) != Some(event::TIMER) {
            return;
        }
        let what = match m.uint::<u8>(event::EVENT_TYPE) {
            Some(0) => Timer::Start,
            // stop, stop_all, stop_disable, stop_disable_all
            Some(1 | 4 | 8 | 9) => Timer::Stop,
            _ => return,
        };
        self.out.timer.push(Stamped {
            part: self.part,
            time: time.map(fit_time),
            what,
        });
    }

    fn activity(&mut self, m: &Message<'_>, time: Option<u64>) {
        if self.out.activity_clock.is_some() {
            return;
        }
        if let (Some(utc), Some(local)) = (time, m.uint::<u64>(activity::LOCAL_TIMESTAMP)) {
            self.out.activity_clock = Some((utc, local));
        }
    }
}

/// The timestamp of a compressed-header message: the low 5 bits of the last full timestamp are
/// replaced by the offset, rolling over into the next 32 s when the offset is smaller. `None` past
/// the end of a 64-bit timestamp (a 64-bit field can hold one; no device writes it).
pub(super) fn compressed_timestamp(last: u64, offset: u64) -> Option<u64> {
    let offset = offset & 0x1F;
    let ts = (last & !0x1F).checked_add(offset)?;
    if offset < (last & 0x1F) {
        ts.checked_add(0x20)
    } else {
        Some(ts)
    }
}

/// Local time minus UTC from an activity message, rounded to the nearest quarter hour (devices
/// write the two clocks a few seconds apart). Ignored when the clock was not set or the offset is
/// beyond any real time zone.
pub(super) fn utc_offset(utc: u64, local: u64) -> Option<i32> {
    if utc < FIRST_ABSOLUTE_TIME || local < FIRST_ABSOLUTE_TIME {
        return None;
    }
    // Clocks days apart are no time zone (and 64-bit fields can be far apart).
    let diff = i32::try_from(i128::from(local) - i128::from(utc)).ok()?;
    let offset = i32::try_from((f64::from(diff) / 900.0).round() as i64 * 900).ok()?;
    crate::activity::calendar::is_real_offset(offset).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_timestamp_rolls_over_the_5_bit_window() {
        // last full timestamp ends in 0b11110 (30): offset 2 means 4 s later, in the next window.
        assert_eq!(compressed_timestamp(1_000_030, 2), Some(1_000_034));
        // offset above the last's low bits stays in the same window.
        assert_eq!(compressed_timestamp(1_000_030, 31), Some(1_000_031));
        // equal low bits: same second.
        assert_eq!(compressed_timestamp(1_000_030, 30), Some(1_000_030));
        // 1_000_000 has low bits 0: every offset stays in its window.
        assert_eq!(compressed_timestamp(1_000_000, 0), Some(1_000_000));
        assert_eq!(compressed_timestamp(1_000_000, 5), Some(1_000_005));
        // no next window after the last one a u64 holds
        assert_eq!(compressed_timestamp(u64::MAX - 1, 0), None);
    }

    #[test]
    fn utc_offset_rounds_to_quarter_hours_and_rejects_unset_clocks() {
        let utc = 1_000_000_000;
        assert_eq!(utc_offset(utc, utc + 7200 + 3), Some(7200));
        assert_eq!(utc_offset(utc, utc - 16_200 - 20), Some(-16_200)); // UTC-4:30
        assert_eq!(utc_offset(utc, utc + 5 * 3600 + 45 * 60), Some(20_700)); // Nepal
        assert_eq!(utc_offset(utc, utc + 15 * 3600), None);
        assert_eq!(utc_offset(1000, 1000 + 3600), None);
        // A clock set 18 minutes fast (real files round 39): "+00:15" is no zone's.
        assert_eq!(utc_offset(utc, utc + 18 * 60), None);
    }
}
