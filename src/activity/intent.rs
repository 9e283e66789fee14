//! What the runner and the watch said about a run, beside what it recorded: the title and notes the
//! runner gave it, the structured workout the watch guided it by, how the watch marked its laps
//! (warm-up, work, rest, cool-down), and the heart-rate settings the watch held on the day.
//!
//! Decoders fill these from the file (FIT `workout`, `workout_step`, lap `intensity`,
//! `user_profile`, `zones_target`, `time_in_zone`; GPX `<name>`/`<desc>`; TCX `<Notes>`, `<Plan>`,
//! lap `<Intensity>`); the judge stage reads intent from them. Nothing here judges anything.

use super::UnixTime;

/// Longest title or description kept, in characters: a title is a line, and a pasted training
/// diary must not ride along in every summary.
pub const MAX_TEXT_CHARS: usize = 500;

/// What the runner wrote about the run.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Intent {
    /// The activity's title (GPX `<name>`; an export index's activity name).
    pub title: Option<String>,
    /// Free text (GPX `<desc>`, TCX `<Notes>`; Strava's description).
    pub description: Option<String>,
    /// The structured workout the watch guided the run by, when it did.
    /// One per file, shared by its sessions (a multisport file's legs).
    pub workout: Option<std::sync::Arc<Workout>>,
    /// Laps as the watch marked them, in time order; empty when no lap says more than its time.
    pub laps: Vec<LapMark>,
}

impl Intent {
    /// The name a runner knows the run by: its title, else its workout's name, else the first
    /// line of its notes.
    pub fn name(&self) -> Option<&str> {
        self.title
            .as_deref()
            .or_else(|| self.workout.as_ref().and_then(|w| w.name.as_deref()))
            .or_else(|| {
                self.description
                    .as_deref()
                    .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            })
    }

    pub fn is_empty(&self) -> bool {
        *self == Intent::default()
    }
}

/// Text from a file as a title or note: control characters and undecodable bytes dropped,
/// whitespace runs made one space, at most [`MAX_TEXT_CHARS`]; `None` when nothing readable is
/// left.
pub fn clean_text(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut kept = 0;
    let mut space = false;
    for c in raw.chars() {
        if c == char::REPLACEMENT_CHARACTER || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if kept >= MAX_TEXT_CHARS {
            break;
        }
        if space {
            out.push(' ');
            kept += 1;
            space = false;
        }
        out.push(c);
        kept += 1;
    }
    out.chars().any(char::is_alphanumeric).then_some(out)
}

/// What a workout step or a lap was meant to be (the FIT `intensity` enum; TCX laps say only
/// active or resting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Intensity {
    Active,
    Rest,
    Warmup,
    Cooldown,
    Recovery,
    Interval,
    Other,
}

impl Intensity {
    /// From the FIT enum value; `None` for values the profile does not define.
    pub fn from_fit(value: u8) -> Option<Intensity> {
        Some(match value {
            0 => Intensity::Active,
            1 => Intensity::Rest,
            2 => Intensity::Warmup,
            3 => Intensity::Cooldown,
            4 => Intensity::Recovery,
            5 => Intensity::Interval,
            6 => Intensity::Other,
            _ => return None,
        })
    }

    /// The FIT enum value.
    pub fn fit_value(self) -> u8 {
        match self {
            Intensity::Active => 0,
            Intensity::Rest => 1,
            Intensity::Warmup => 2,
            Intensity::Cooldown => 3,
            Intensity::Recovery => 4,
            Intensity::Interval => 5,
            Intensity::Other => 6,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Intensity::Active => "active",
            Intensity::Rest => "rest",
            Intensity::Warmup => "warmup",
            Intensity::Cooldown => "cooldown",
            Intensity::Recovery => "recovery",
            Intensity::Interval => "interval",
            Intensity::Other => "other",
        }
    }

    /// The running part of a workout (not its warm-up, cool-down or the jogs between reps).
    pub fn is_work(self) -> bool {
        matches!(self, Intensity::Active | Intensity::Interval)
    }

    /// A pause between reps.
    pub fn is_rest(self) -> bool {
        matches!(self, Intensity::Rest | Intensity::Recovery)
    }
}

/// A lap as the watch marked it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LapMark {
    pub start: UnixTime,
    /// Timer time of the lap, seconds.
    pub timer_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub intensity: Option<Intensity>,
    /// The workout step the lap ran (FIT `wkt_step_index`).
    pub step: Option<u16>,
}

/// A structured workout: a name and its steps, as the watch stored them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Workout {
    pub name: Option<String>,
    pub description: Option<String>,
    pub steps: Vec<WorkoutStep>,
}

/// One step of a structured workout.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkoutStep {
    pub name: Option<String>,
    pub intensity: Option<Intensity>,
    pub duration: StepDuration,
    pub target: StepTarget,
    pub notes: Option<String>,
}

/// How long a step lasts (FIT `wkt_step_duration` with its value).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum StepDuration {
    /// Until the lap button.
    Open,
    Time {
        seconds: f64,
    },
    Distance {
        metres: f64,
    },
    /// Until heart rate falls below or rises above a value (`workout_hr` encoding).
    HeartRate {
        below: bool,
        value: HeartRateValue,
    },
    /// Go back to step `from_step` until it has run `times` times in all.
    Repeat {
        from_step: u32,
        times: u32,
    },
    /// Go back to step `from_step` until some condition (time, distance, HR, power) is met: the
    /// number of repetitions is not planned.
    RepeatUntil {
        from_step: u32,
    },
    /// Calories, power and other conditions that say nothing of intent.
    Other,
}

/// What a step aims at (FIT `wkt_step_target` with its values).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum StepTarget {
    Open,
    /// One of the watch's heart-rate zones (1–5).
    HeartRateZone(u8),
    HeartRate {
        low: HeartRateValue,
        high: HeartRateValue,
    },
    /// One of the watch's speed zones.
    SpeedZone(u8),
    /// A pace range, metres per second (the slow end first).
    Speed {
        low_mps: f64,
        high_mps: f64,
    },
    PowerZone(u8),
    Power {
        low: PowerValue,
        high: PowerValue,
    },
    /// Cadence, grade, resistance and the rest.
    Other,
}

/// A heart rate in a workout, as FIT stores it: up to 100 a share of max HR, above that bpm + 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HeartRateValue {
    PercentOfMax(u32),
    Bpm(u32),
}

impl HeartRateValue {
    pub fn from_fit(raw: u32) -> HeartRateValue {
        if raw <= 100 {
            HeartRateValue::PercentOfMax(raw)
        } else {
            HeartRateValue::Bpm(raw - 100)
        }
    }

    pub fn fit_value(self) -> u32 {
        match self {
            HeartRateValue::PercentOfMax(p) => p,
            HeartRateValue::Bpm(b) => b + 100,
        }
    }

    /// As a share of max HR, when max HR is known or the value is a share already.
    pub fn fraction_of_max(self, max_hr: Option<f64>) -> Option<f64> {
        match self {
            HeartRateValue::PercentOfMax(p) => Some(f64::from(p) / 100.0),
            HeartRateValue::Bpm(b) => max_hr.filter(|m| *m > 0.0).map(|m| f64::from(b) / m),
        }
    }
}

/// A power in a workout, as FIT stores it: up to 1000 a share of FTP, above that watts + 1000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PowerValue {
    PercentOfFtp(u32),
    Watts(u32),
}

impl PowerValue {
    pub fn from_fit(raw: u32) -> PowerValue {
        if raw <= 1000 {
            PowerValue::PercentOfFtp(raw)
        } else {
            PowerValue::Watts(raw - 1000)
        }
    }

    pub fn fit_value(self) -> u32 {
        match self {
            PowerValue::PercentOfFtp(p) => p,
            PowerValue::Watts(w) => w + 1000,
        }
    }
}

/// How the watch computed its heart-rate zones (FIT `hr_zone_calc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ZoneBasis {
    Custom,
    PercentOfMax,
    PercentOfReserve,
    PercentOfThreshold,
}

impl ZoneBasis {
    pub fn from_fit(value: u8) -> Option<ZoneBasis> {
        Some(match value {
            0 => ZoneBasis::Custom,
            1 => ZoneBasis::PercentOfMax,
            2 => ZoneBasis::PercentOfReserve,
            3 => ZoneBasis::PercentOfThreshold,
            _ => return None,
        })
    }

    pub fn fit_value(self) -> u8 {
        match self {
            ZoneBasis::Custom => 0,
            ZoneBasis::PercentOfMax => 1,
            ZoneBasis::PercentOfReserve => 2,
            ZoneBasis::PercentOfThreshold => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ZoneBasis::Custom => "custom",
            ZoneBasis::PercentOfMax => "% of max HR",
            ZoneBasis::PercentOfReserve => "% of HR reserve",
            ZoneBasis::PercentOfThreshold => "% of threshold HR",
        }
    }
}

/// The heart-rate settings the watch held when it recorded the run. Values the watch leaves at 0
/// ("not set") are `None`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WatchSettings {
    pub max_hr: Option<u8>,
    pub resting_hr: Option<u8>,
    pub threshold_hr: Option<u8>,
    /// Top of each heart-rate zone, bpm, lowest zone first (FIT `hr_zone_high_boundary`; the
    /// first value is the top of zone 0, the "below zone 1" band).
    pub zone_tops_bpm: Vec<u8>,
    pub zone_basis: Option<ZoneBasis>,
}

impl WatchSettings {
    pub fn is_empty(&self) -> bool {
        self.max_hr.is_none()
            && self.resting_hr.is_none()
            && self.threshold_hr.is_none()
            && self.zone_tops_bpm.is_empty()
    }

    /// Each value from `self` where it has one, else from `other`.
    pub fn or(self, other: WatchSettings) -> WatchSettings {
        WatchSettings {
            max_hr: self.max_hr.or(other.max_hr),
            resting_hr: self.resting_hr.or(other.resting_hr),
            threshold_hr: self.threshold_hr.or(other.threshold_hr),
            zone_tops_bpm: if self.zone_tops_bpm.is_empty() {
                other.zone_tops_bpm
            } else {
                self.zone_tops_bpm
            },
            zone_basis: self.zone_basis.or(other.zone_basis),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_keeps_words_and_drops_noise() {
        assert_eq!(
            clean_text("  Sortie\trécup\n\n 8 km ").as_deref(),
            Some("Sortie récup 8 km")
        );
        assert_eq!(clean_text("\u{1c}\u{FFFD} "), None);
        assert_eq!(clean_text("--"), None);
        let long = "a".repeat(MAX_TEXT_CHARS + 40);
        assert_eq!(clean_text(&long).map(|s| s.len()), Some(MAX_TEXT_CHARS));
    }

    #[test]
    fn name_prefers_title_then_workout_then_first_note_line() {
        let mut intent = Intent {
            description: Some("\n  Legs heavy\nfelt ok later".into()),
            ..Intent::default()
        };
        assert_eq!(intent.name(), Some("Legs heavy"));
        intent.workout = Some(std::sync::Arc::new(Workout {
            name: Some("6x800".into()),
            ..Workout::default()
        }));
        assert_eq!(intent.name(), Some("6x800"));
        intent.title = Some("Track Tuesday".into());
        assert_eq!(intent.name(), Some("Track Tuesday"));
    }

    #[test]
    fn fit_encodings_round_trip() {
        for v in 0..=6 {
            assert_eq!(Intensity::from_fit(v).map(Intensity::fit_value), Some(v));
        }
        assert_eq!(Intensity::from_fit(7), None);
        assert_eq!(
            HeartRateValue::from_fit(85),
            HeartRateValue::PercentOfMax(85)
        );
        assert_eq!(HeartRateValue::from_fit(265), HeartRateValue::Bpm(165));
        assert_eq!(HeartRateValue::Bpm(165).fit_value(), 265);
        assert_eq!(
            HeartRateValue::Bpm(171).fraction_of_max(Some(190.0)),
            Some(0.9)
        );
        assert_eq!(HeartRateValue::Bpm(171).fraction_of_max(None), None);
        assert_eq!(PowerValue::from_fit(1250), PowerValue::Watts(250));
        assert_eq!(PowerValue::from_fit(95), PowerValue::PercentOfFtp(95));
        assert_eq!(ZoneBasis::from_fit(3), Some(ZoneBasis::PercentOfThreshold));
    }

    #[test]
    fn watch_settings_fill_gaps_from_the_other() {
        let session = WatchSettings {
            max_hr: Some(193),
            zone_tops_bpm: vec![97, 116],
            ..WatchSettings::default()
        };
        let profile = WatchSettings {
            max_hr: Some(185),
            resting_hr: Some(49),
            zone_tops_bpm: vec![1, 2, 3],
            ..WatchSettings::default()
        };
        let both = session.or(profile);
        assert_eq!(both.max_hr, Some(193));
        assert_eq!(both.resting_hr, Some(49));
        assert_eq!(both.zone_tops_bpm, vec![97, 116]);
        assert!(WatchSettings::default().is_empty());
    }
}
