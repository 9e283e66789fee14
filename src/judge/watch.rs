//! The watch's own heart-rate settings as a baseline source: what the runner set on their watch
//! (max HR, resting HR, threshold HR), read from the runs' files, dated by the runs that carried
//! them. It sits between the profile file and the derived values: a figure the runner typed into
//! their watch is their word, if an older one than the profile's.

use chrono::NaiveDate;

use crate::activity::{UnixTime, WatchSettings};
use crate::judge::rules::{TRAINING_PEAK_OF_MAX, WATCH_DISAGREE_BPM};

/// The settings one run's file carried.
#[derive(Clone, Copy, Debug)]
pub struct Reading<'a> {
    pub time: UnixTime,
    /// The run's local date, for provenance.
    pub date: NaiveDate,
    pub device: Option<&'a str>,
    pub settings: &'a WatchSettings,
}

/// Which setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    MaxHr,
    RestingHr,
    ThresholdHr,
}

impl Setting {
    pub fn name(self) -> &'static str {
        match self {
            Setting::MaxHr => "max HR",
            Setting::RestingHr => "resting HR",
            Setting::ThresholdHr => "threshold HR",
        }
    }

    /// The setting a run's file carried, if it is a heart's figure at all: a max HR of 250 or a
    /// resting HR of 5 is a placeholder or a corrupt field, not the runner's word, and would judge
    /// every run before the runs can overrule it.
    fn of(self, s: &WatchSettings) -> Option<u8> {
        let (value, plausible) = match self {
            Setting::MaxHr => (s.max_hr, PLAUSIBLE_MAX_HR),
            Setting::RestingHr => (s.resting_hr, PLAUSIBLE_RESTING_HR),
            Setting::ThresholdHr => (s.threshold_hr, PLAUSIBLE_THRESHOLD_HR),
        };
        value.filter(|v| plausible.contains(v))
    }
}

/// What an adult's heart can show for each setting, wide: a max HR from 120 (an older runner on
/// beta blockers) to 230 (a teenager), a resting HR from 25 (an elite endurance athlete) to 110, a
/// threshold HR from 100 to 220.
const PLAUSIBLE_MAX_HR: std::ops::RangeInclusive<u8> = 120..=230;
const PLAUSIBLE_RESTING_HR: std::ops::RangeInclusive<u8> = 25..=110;
const PLAUSIBLE_THRESHOLD_HR: std::ops::RangeInclusive<u8> = 100..=220;

/// A setting's value from the day a run first showed it.
#[derive(Clone, Debug, PartialEq)]
pub struct WatchValue {
    pub bpm: u8,
    /// The first run that carried it (UTC) and its local date.
    pub since: UnixTime,
    pub since_date: NaiveDate,
    pub device: Option<String>,
}

impl WatchValue {
    /// "watch setting: max HR 192, Forerunner 255, 2024-03-01".
    pub fn provenance(&self, setting: Setting) -> String {
        let device = self
            .device
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        format!(
            "watch setting: {} {}{device}, {}",
            setting.name(),
            self.bpm,
            self.since_date.format("%Y-%m-%d")
        )
    }
}

/// Each setting's values over time: a new entry whenever a run shows a value (or a device)
/// other than the run before it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WatchHistory {
    max_hr: Vec<WatchValue>,
    resting_hr: Vec<WatchValue>,
    threshold_hr: Vec<WatchValue>,
}

impl WatchHistory {
    /// From the runs' readings, in any order.
    pub fn from_readings<'a>(readings: impl IntoIterator<Item = Reading<'a>>) -> Self {
        let mut readings: Vec<Reading> = readings
            .into_iter()
            .filter(|r| r.time.is_finite())
            .collect();
        readings.sort_by(|a, b| a.time.total_cmp(&b.time));
        let history = |setting: Setting| {
            let mut out: Vec<WatchValue> = Vec::new();
            for r in &readings {
                let Some(bpm) = setting.of(r.settings) else {
                    continue;
                };
                let same = out
                    .last()
                    .is_some_and(|v| v.bpm == bpm && v.device.as_deref() == r.device);
                if !same {
                    out.push(WatchValue {
                        bpm,
                        since: r.time,
                        since_date: r.date,
                        device: r.device.map(str::to_owned),
                    });
                }
            }
            out
        };
        WatchHistory {
            max_hr: history(Setting::MaxHr),
            resting_hr: history(Setting::RestingHr),
            threshold_hr: history(Setting::ThresholdHr),
        }
    }

    /// The value the watch held at `time`: the one shown by the last run at or before it.
    /// `None` before the first run that showed one.
    pub fn at(&self, setting: Setting, time: UnixTime) -> Option<&WatchValue> {
        let list = match setting {
            Setting::MaxHr => &self.max_hr,
            Setting::RestingHr => &self.resting_hr,
            Setting::ThresholdHr => &self.threshold_hr,
        };
        let n = list.partition_point(|v| v.since <= time);
        n.checked_sub(1).and_then(|i| list.get(i))
    }
}

/// A line for `baseline` when the derived figure and the watch's differ by more than
/// [`WATCH_DISAGREE_BPM`]: "derived max HR 184 bpm; the watch's setting is 192 (Forerunner 255,
/// since 2024-03-01), 8 bpm higher".
pub fn disagreement(setting: Setting, derived_bpm: f64, watch: &WatchValue) -> Option<String> {
    let diff = f64::from(watch.bpm) - derived_bpm;
    if !diff.is_finite() || diff.abs() <= WATCH_DISAGREE_BPM {
        return None;
    }
    let device = device_first(watch);
    Some(format!(
        "derived {} {derived_bpm:.0} bpm; the watch's setting is {} ({device}since {}), {:.0} bpm {}",
        setting.name(),
        watch.bpm,
        watch.since_date.format("%Y-%m-%d"),
        diff.abs(),
        if diff > 0.0 { "higher" } else { "lower" }
    ))
}

/// A line for `baseline` when the watch's max HR is more than [`WATCH_DISAGREE_BPM`] above the
/// highest the runs allow, and so not used: "the watch's max HR 200 (Forerunner 245, since
/// 2024-03-01) is more than 5 bpm above the highest your runs allow (187: their peak of 181 bpm
/// at 97 % of it), so not used: a watch's own guess (220 − age) is often left unset; give
/// --max-hr if 200 is right".
pub fn watch_max_not_used(watch: &WatchValue, peak: f64, allowed: f64) -> String {
    let device = device_first(watch);
    format!(
        "the watch's max HR {} ({device}since {}) is more than {WATCH_DISAGREE_BPM:.0} bpm above \
         the highest your runs allow ({allowed:.0}: their peak of {peak:.0} bpm at {:.0} % of \
         it), so not used: a watch's own guess (220 − age) is often left unset; give --max-hr if \
         {} is right",
        watch.bpm,
        watch.since_date.format("%Y-%m-%d"),
        100.0 * TRAINING_PEAK_OF_MAX,
        watch.bpm
    )
}

/// A line for `baseline` when a clean peak of the runs went past the watch's max HR, which is
/// then not used: "the watch's max HR 170 (Forerunner 245, since 2024-03-01) is below the clean
/// peak of 186 bpm your heart reached on 2024-03-05, so not used: a watch's own guess (220 − age)
/// is often left unset; give --max-hr if you know yours".
pub fn watch_max_passed(watch: &WatchValue, peak: f64, on: UnixTime) -> String {
    format!(
        "the watch's max HR {} ({}since {}) is below the clean peak of {peak:.0} bpm your heart \
         reached on {}, so not used: a watch's own guess (220 − age) is often left unset; give \
         --max-hr if you know yours",
        watch.bpm,
        device_first(watch),
        watch.since_date.format("%Y-%m-%d"),
        peak_day(on)
    )
}

/// The day a peak was reached, as the notes on a max HR name it (`2024-03-05`, UTC).
pub fn peak_day(on: UnixTime) -> String {
    crate::activity::calendar::format_local(on, 0)
        .get(..10)
        .unwrap_or("")
        .to_string()
}

/// "Forerunner 245, " before a setting's date, or nothing for a watch without a name.
fn device_first(watch: &WatchValue) -> String {
    watch
        .device
        .as_deref()
        .map(|d| format!("{d}, "))
        .unwrap_or_default()
}
