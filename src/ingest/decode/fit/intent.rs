//! What a FIT file says the run was meant to be, beside what it recorded: the structured workout
//! (`workout`, `workout_step`), how laps were marked (lap `intensity`, `wkt_step_index`), and the
//! watch's heart-rate settings (`user_profile`, `zones_target`, `hr_zone`, `time_in_zone`).
//! Collected during the one pass, handed to the activities once they are assembled.

use std::sync::Arc;

use super::profile::{
    device_info, hr_zone, lap, time_in_zone, user_profile, workout, workout_step, zones_target,
};
use super::reader::{fit_time, Message};
use crate::activity::intent::{
    clean_text, HeartRateValue, Intensity, LapMark, PowerValue, StepDuration, StepTarget, Workout,
    WorkoutStep, ZoneBasis,
};
use crate::activity::{Activity, WatchSettings};

/// More steps than any watch stores (Garmin's limit is 100): a file claiming more is not a
/// workout anyone planned, and what is kept travels with the run's summary.
const MAX_WORKOUT_STEPS: usize = 250;
/// Lap marks kept per file: enough for a day of 400 m track laps.
const MAX_LAP_MARKS: usize = 5_000;

/// `time_in_zone.reference_mesg` values.
const REFERENCE_SESSION: u16 = 18;
const REFERENCE_LAP: u16 = 19;

/// The intent messages of a file, as read.
#[derive(Debug, Default)]
pub(super) struct IntentMessages {
    workout_name: Option<String>,
    workout_description: Option<String>,
    /// (message_index, step) in file order.
    steps: Vec<(Option<u16>, WorkoutStep)>,
    laps: Vec<LapMark>,
    user_profile: WatchSettings,
    zones_target: WatchSettings,
    hr_zone_tops: Vec<(u16, u8)>,
    /// Settings of each session-referenced `time_in_zone`, with its session index.
    session_zones: Vec<(Option<u16>, WatchSettings)>,
    /// The first lap-referenced `time_in_zone`, for files without a session one.
    lap_zones: Option<WatchSettings>,
    /// The creator device's own name (`device_info.product_name` of device 0).
    pub creator_name: Option<String>,
}

/// A heart rate the watch stores with 0 for "not set".
fn bpm(value: Option<u8>) -> Option<u8> {
    value.filter(|&v| v > 0)
}

fn text(m: &Message<'_>, slot: usize) -> Option<String> {
    m.text(slot).as_deref().and_then(clean_text)
}

impl IntentMessages {
    pub(super) fn workout(&mut self, m: &Message<'_>) {
        if self.workout_name.is_none() {
            self.workout_name = text(m, workout::WKT_NAME);
        }
        if self.workout_description.is_none() {
            self.workout_description = text(m, workout::WKT_DESCRIPTION);
        }
    }

    pub(super) fn workout_step(&mut self, m: &Message<'_>) {
        if self.steps.len() >= MAX_WORKOUT_STEPS {
            return;
        }
        let value = m.uint::<u32>(workout_step::DURATION_VALUE);
        let target_value = m.uint::<u32>(workout_step::TARGET_VALUE);
        let duration = step_duration(m.uint(workout_step::DURATION_TYPE), value, target_value);
        let target = match duration {
            // A repeat's target value is its count, not a target.
            StepDuration::Repeat { .. } | StepDuration::RepeatUntil { .. } => StepTarget::Open,
            _ => step_target(
                m.uint(workout_step::TARGET_TYPE),
                target_value,
                m.uint(workout_step::CUSTOM_LOW),
                m.uint(workout_step::CUSTOM_HIGH),
            ),
        };
        let step = WorkoutStep {
            name: text(m, workout_step::NAME),
            intensity: m
                .uint(workout_step::INTENSITY)
                .and_then(Intensity::from_fit),
            duration,
            target,
            notes: text(m, workout_step::NOTES),
        };
        self.steps.push((m.uint(workout_step::MESSAGE_INDEX), step));
    }

    /// A lap, when it says what it was meant to be (its intensity or its workout step).
    pub(super) fn lap(&mut self, m: &Message<'_>, start: Option<u64>) {
        let intensity = m.uint(lap::INTENSITY).and_then(Intensity::from_fit);
        let step = m.uint(lap::WKT_STEP_INDEX);
        let (Some(start), true) = (start, intensity.is_some() || step.is_some()) else {
            return;
        };
        if self.laps.len() >= MAX_LAP_MARKS {
            return;
        }
        self.laps.push(LapMark {
            start: fit_time(start),
            timer_s: m.number(lap::TOTAL_TIMER_TIME).map(|v| v / 1000.0),
            distance_m: m.number(lap::TOTAL_DISTANCE).map(|v| v / 100.0),
            intensity,
            step,
        });
    }

    pub(super) fn user_profile(&mut self, m: &Message<'_>) {
        let read = WatchSettings {
            resting_hr: bpm(m.uint(user_profile::RESTING_HR)),
            max_hr: bpm(m.uint(user_profile::MAX_RUNNING_HR))
                .or_else(|| bpm(m.uint(user_profile::MAX_HR))),
            ..WatchSettings::default()
        };
        self.user_profile = std::mem::take(&mut self.user_profile).or(read);
    }

    pub(super) fn zones_target(&mut self, m: &Message<'_>) {
        let read = WatchSettings {
            max_hr: bpm(m.uint(zones_target::MAX_HR)),
            threshold_hr: bpm(m.uint(zones_target::THRESHOLD_HR)),
            zone_basis: m
                .uint(zones_target::HR_CALC_TYPE)
                .and_then(ZoneBasis::from_fit),
            ..WatchSettings::default()
        };
        self.zones_target = std::mem::take(&mut self.zones_target).or(read);
    }

    pub(super) fn hr_zone(&mut self, m: &Message<'_>) {
        if let (Some(index), Some(top)) = (
            m.uint(hr_zone::MESSAGE_INDEX),
            bpm(m.uint(hr_zone::HIGH_BPM)),
        ) {
            if self.hr_zone_tops.len() < 16 {
                self.hr_zone_tops.push((index, top));
            }
        }
    }

    pub(super) fn time_in_zone(&mut self, m: &Message<'_>) {
        let tops: Vec<u8> = m
            .raw(time_in_zone::HR_ZONE_HIGH_BOUNDARY)
            .map(|raw| raw.iter().copied().filter(|&b| b != 0xFF).collect())
            .unwrap_or_default();
        let read = WatchSettings {
            max_hr: bpm(m.uint(time_in_zone::MAX_HR)),
            resting_hr: bpm(m.uint(time_in_zone::RESTING_HR)),
            threshold_hr: bpm(m.uint(time_in_zone::THRESHOLD_HR)),
            zone_tops_bpm: tops,
            zone_basis: m
                .uint(time_in_zone::HR_CALC_TYPE)
                .and_then(ZoneBasis::from_fit),
        };
        if read.is_empty() {
            return;
        }
        match m.uint::<u16>(time_in_zone::REFERENCE_MESG) {
            Some(REFERENCE_SESSION) if self.session_zones.len() < 64 => {
                let index = m.uint(time_in_zone::REFERENCE_INDEX);
                self.session_zones.push((index, read));
            }
            Some(REFERENCE_LAP) if self.lap_zones.is_none() => self.lap_zones = Some(read),
            _ => {}
        }
    }

    /// The name of the creator device (device 0), when it writes one.
    pub(super) fn device_info(&mut self, m: &Message<'_>) {
        if self.creator_name.is_none() && m.uint::<u8>(device_info::DEVICE_INDEX) == Some(0) {
            self.creator_name = m.text(device_info::PRODUCT_NAME);
        }
    }

    /// Gives each activity (one per session, in session order) what the file said.
    pub(super) fn attach(self, activities: &mut [Activity]) {
        let IntentMessages {
            workout_name,
            workout_description,
            mut steps,
            laps,
            user_profile,
            zones_target,
            mut hr_zone_tops,
            session_zones,
            lap_zones,
            creator_name: _,
        } = self;
        // Steps in their stored order (message_index), file order where they have none.
        steps.sort_by_key(|(index, _)| index.unwrap_or(u16::MAX));
        let workout = (workout_name.is_some() || !steps.is_empty()).then(|| Workout {
            name: workout_name,
            description: workout_description,
            steps: steps.into_iter().map(|(_, s)| s).collect(),
        });
        hr_zone_tops.sort_unstable();
        let file_settings = zones_target.or(WatchSettings {
            zone_tops_bpm: hr_zone_tops.iter().map(|&(_, top)| top).collect(),
            ..WatchSettings::default()
        });
        let file_settings = file_settings.or(user_profile);
        let fallback_zones = session_zones.first().map(|(_, s)| s.clone()).or(lap_zones);
        // One workout for the file, shared by its sessions: a copy each made a 28 KB file of
        // 30,000 sessions hold 4.8 GB (hostile round 35 H4).
        let workout = workout.map(Arc::new);
        let several = activities.len() > 1;
        // Each session's own zones (the first message naming it) and each lap's session, found
        // once: asking every session to look through every lap and every start took 47 s for a
        // 31 KB file of 4,000 sessions (H5), as it had for pauses in `assemble`.
        let mut own: Vec<Option<WatchSettings>> = vec![None; activities.len()];
        for (index, zones) in session_zones {
            if let Some(slot) = index.and_then(|i| own.get_mut(usize::from(i))) {
                slot.get_or_insert(zones);
            }
        }
        let owners = Owners::new(activities.iter().map(activity_start));
        let mut laps_of: Vec<Vec<LapMark>> = vec![Vec::new(); activities.len()];
        for lap in laps {
            if let Some(mine) = laps_of.get_mut(owners.at(lap.start)) {
                mine.push(lap);
            }
        }
        for ((a, own), laps) in activities.iter_mut().zip(own).zip(laps_of) {
            a.intent.workout.clone_from(&workout);
            let zones = match own {
                Some(s) => Some(s),
                None if !several => fallback_zones.clone(),
                None => None,
            };
            a.watch = zones.unwrap_or_default().or(file_settings.clone());
            a.intent.laps = laps;
        }
    }
}

/// When an activity began: its session's start, else its first sample.
fn activity_start(a: &Activity) -> f64 {
    a.totals
        .start_time
        .or_else(|| a.samples.first().map(|s| s.time))
        .unwrap_or(f64::NEG_INFINITY)
}

/// The activities' starts in time order, to find whose a moment is.
struct Owners(Vec<(f64, usize)>);

impl Owners {
    fn new(starts: impl IntoIterator<Item = f64>) -> Self {
        // A start that is no number owns no moment (as no `start <= time` holds for it).
        let mut starts: Vec<(f64, usize)> = starts
            .into_iter()
            .zip(0..)
            .filter(|(start, _)| !start.is_nan())
            .collect();
        starts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        Owners(starts)
    }

    /// The activity a moment belongs to: the latest started at or before it (of two started
    /// together, the later in the file), the first for moments before every start.
    fn at(&self, time: f64) -> usize {
        if time.is_nan() {
            return 0;
        }
        let before = self
            .0
            .partition_point(|&(start, _)| start.total_cmp(&time).is_le());
        before
            .checked_sub(1)
            .and_then(|k| self.0.get(k))
            .map_or(0, |&(_, i)| i)
    }
}

/// A step's duration from its type and value (FIT `wkt_step_duration`).
fn step_duration(kind: Option<u8>, value: Option<u32>, target_value: Option<u32>) -> StepDuration {
    match (kind, value) {
        (Some(5) | None, _) => StepDuration::Open,
        (Some(0), Some(v)) => StepDuration::Time {
            seconds: f64::from(v) / 1000.0,
        },
        (Some(1), Some(v)) => StepDuration::Distance {
            metres: f64::from(v) / 100.0,
        },
        (Some(k @ (2 | 3)), Some(v)) => StepDuration::HeartRate {
            below: k == 2,
            value: HeartRateValue::from_fit(v),
        },
        (Some(6), Some(from_step)) => match target_value {
            Some(times) => StepDuration::Repeat { from_step, times },
            None => StepDuration::RepeatUntil { from_step },
        },
        (Some(7..=13 | 17 | 18), Some(from_step)) => StepDuration::RepeatUntil { from_step },
        _ => StepDuration::Other,
    }
}

/// A step's target from its type and values (FIT `wkt_step_target`): a zone number, or 0 and a
/// custom range.
fn step_target(
    kind: Option<u8>,
    zone: Option<u32>,
    low: Option<u32>,
    high: Option<u32>,
) -> StepTarget {
    let zone = zone.filter(|&z| z > 0).and_then(|z| u8::try_from(z).ok());
    match (kind, zone, low, high) {
        (Some(2) | None, _, _, _) => StepTarget::Open,
        (Some(1), Some(z), _, _) => StepTarget::HeartRateZone(z),
        (Some(1), None, Some(l), Some(h)) => StepTarget::HeartRate {
            low: HeartRateValue::from_fit(l),
            high: HeartRateValue::from_fit(h),
        },
        (Some(0), Some(z), _, _) => StepTarget::SpeedZone(z),
        (Some(0), None, Some(l), Some(h)) => StepTarget::Speed {
            low_mps: f64::from(l) / 1000.0,
            high_mps: f64::from(h) / 1000.0,
        },
        (Some(4 | 7..=10), Some(z), _, _) => StepTarget::PowerZone(z),
        (Some(4 | 7..=10), None, Some(l), Some(h)) => StepTarget::Power {
            low: PowerValue::from_fit(l),
            high: PowerValue::from_fit(h),
        },
        (Some(0 | 1 | 4 | 7..=10), None, _, _) => StepTarget::Open,
        _ => StepTarget::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_profile() {
        assert_eq!(
            step_duration(Some(0), Some(300_000), None),
            StepDuration::Time { seconds: 300.0 }
        );
        assert_eq!(
            step_duration(Some(1), Some(80_000), None),
            StepDuration::Distance { metres: 800.0 }
        );
        assert_eq!(
            step_duration(Some(6), Some(1), Some(6)),
            StepDuration::Repeat {
                from_step: 1,
                times: 6
            }
        );
        assert_eq!(
            step_duration(Some(8), Some(2), Some(500_000)),
            StepDuration::RepeatUntil { from_step: 2 }
        );
        assert_eq!(
            step_duration(Some(2), Some(230), None),
            StepDuration::HeartRate {
                below: true,
                value: HeartRateValue::Bpm(130)
            }
        );
        assert_eq!(step_duration(Some(5), Some(0), None), StepDuration::Open);
        assert_eq!(step_duration(Some(4), Some(300), None), StepDuration::Other);
    }

    #[test]
    fn targets_are_zones_or_custom_ranges() {
        assert_eq!(
            step_target(Some(1), Some(2), None, None),
            StepTarget::HeartRateZone(2)
        );
        assert_eq!(
            step_target(Some(1), Some(0), Some(265), Some(275)),
            StepTarget::HeartRate {
                low: HeartRateValue::Bpm(165),
                high: HeartRateValue::Bpm(175)
            }
        );
        assert_eq!(
            step_target(Some(0), Some(0), Some(3_700), Some(3_900)),
            StepTarget::Speed {
                low_mps: 3.7,
                high_mps: 3.9
            }
        );
        assert_eq!(
            step_target(Some(7), Some(3), Some(186), Some(223)),
            StepTarget::PowerZone(3)
        );
        assert_eq!(step_target(Some(2), Some(0), None, None), StepTarget::Open);
        assert_eq!(step_target(Some(1), Some(0), None, None), StepTarget::Open);
        assert_eq!(
            step_target(Some(3), Some(0), Some(170), Some(180)),
            StepTarget::Other
        );
    }

    #[test]
    fn moments_belong_to_the_activity_running_then() {
        let owners = Owners::new([100.0, 200.0, 300.0]);
        assert_eq!(owners.at(50.0), 0);
        assert_eq!(owners.at(100.0), 0);
        assert_eq!(owners.at(250.0), 1);
        assert_eq!(owners.at(1e9), 2);
        assert_eq!(owners.at(f64::NAN), 0);
        assert_eq!(Owners::new([]).at(5.0), 0);
        // Sessions out of time order in the file, and two started together (the later in the
        // file takes the moment).
        let owners = Owners::new([300.0, 100.0, 200.0, 100.0]);
        assert_eq!(owners.at(150.0), 3);
        assert_eq!(owners.at(250.0), 2);
        assert_eq!(owners.at(400.0), 0);
        assert_eq!(owners.at(50.0), 0);
        // A start that is no number, of either sign, owns nothing.
        let owners = Owners::new([-f64::NAN, 100.0]);
        assert_eq!(owners.at(50.0), 0);
        assert_eq!(owners.at(150.0), 1);
    }
}
