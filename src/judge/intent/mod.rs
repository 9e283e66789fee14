//! What the runner meant a run to be, read from what they and their watch already said: a race
//! marker in the export's index, the structured workout the watch guided the run by (its steps,
//! its laps marked work and rest), and the words of the run's title (`words.csv`, in the languages
//! runners title their runs in). Judging compares this intent with what the run was (phase B wires
//! it in: `harder_than_planned`, `easier_than_planned`).
//!
//! Which source speaks: a coach's override; a race marker; a title (the file's, else the index's
//! name) that names a race; a long-run marker; the structured workout (its targets, then its name, then the bare
//! shape of its steps, then laps marked work and rest); the title; and, when no title speaks, the
//! notes (the file's, then the index's description).

pub mod words;

use std::fmt;

use crate::activity::intent::{Intensity, LapMark, StepDuration, StepTarget, Workout, WorkoutStep};
use crate::judge::rules::{
    DEFAULT_LOW_TOP_PCT, LONG_RUN_MIN_S, PLANNED_HARD_HR_ZONE, PLANNED_HARD_SPEED_OVER_EASY,
    PLANNED_LONG_MIN_M, PLANNED_MIN_REPS, RECOVERY_HR_ONLY_FRACTION,
};
pub use words::{TitleIntent, WordList};

/// The kind of run the runner planned. The order is the precedence when a title says several:
/// race > workout > long > recovery > easy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Planned {
    Easy,
    Recovery,
    Long,
    Workout,
    Race,
}

impl Planned {
    pub const ALL: [Planned; 5] = [
        Planned::Recovery,
        Planned::Easy,
        Planned::Long,
        Planned::Workout,
        Planned::Race,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Planned::Recovery => "recovery",
            Planned::Easy => "easy",
            Planned::Long => "long",
            Planned::Workout => "workout",
            Planned::Race => "race",
        }
    }

    pub fn from_name(name: &str) -> Option<Planned> {
        Planned::ALL.into_iter().find(|p| p.name() == name)
    }

    /// A run meant to be easy: running it hard is the accidental workout.
    pub fn is_easy(self) -> bool {
        matches!(self, Planned::Recovery | Planned::Easy)
    }

    /// A run meant to be hard: running it easy is a missed session.
    pub fn is_hard(self) -> bool {
        matches!(self, Planned::Workout | Planned::Race)
    }
}

impl fmt::Display for Planned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the intent was read (the `planned_source` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlannedSource {
    StructuredWorkout,
    RaceMarker,
    Title,
    Index,
    Override,
}

impl PlannedSource {
    pub fn name(self) -> &'static str {
        match self {
            PlannedSource::StructuredWorkout => "structured_workout",
            PlannedSource::RaceMarker => "race_marker",
            PlannedSource::Title => "title",
            PlannedSource::Index => "index",
            PlannedSource::Override => "override",
        }
    }
}

/// A run's intent and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRun {
    pub planned: Planned,
    pub source: PlannedSource,
    /// What said it: the title's words, the workout's name, "race marker", …
    pub evidence: Vec<String>,
}

/// Everything a run says about its intent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Said<'a> {
    /// A coach's override (the sidecar file).
    pub overridden: Option<Planned>,
    /// The export marks it a race (Strava's workout type or Competition tag, Garmin's event type).
    pub race_marker: bool,
    /// The export marks it a long run (Strava's Long Run tag or workout type).
    pub long_marker: bool,
    /// The title and notes in the file.
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The export index's name and description of the run.
    pub index_title: Option<&'a str>,
    pub index_description: Option<&'a str>,
    pub workout: Option<&'a Workout>,
    pub laps: &'a [LapMark],
    /// Max HR and easy speed valid on the day, to read custom targets.
    pub max_hr: Option<f64>,
    pub easy_speed_mps: Option<f64>,
}

/// The run's intent, from the first source that says something (module doc for the order).
pub fn planned(said: &Said<'_>, words: &WordList) -> Option<PlannedRun> {
    if let Some(planned) = said.overridden {
        return Some(PlannedRun {
            planned,
            source: PlannedSource::Override,
            evidence: vec!["override".to_owned()],
        });
    }
    if said.race_marker {
        return Some(PlannedRun {
            planned: Planned::Race,
            source: PlannedSource::RaceMarker,
            evidence: vec!["race marker".to_owned()],
        });
    }
    let from_text = |text: Option<&str>, source| {
        let read = words.read(text?)?;
        Some(PlannedRun {
            planned: read.planned,
            source,
            evidence: read.words,
        })
    };
    // The title first; the index's name where the file has none that speaks; notes last, and
    // only when no title speaks (a note mentions next week's race, a title does not).
    let titled = from_text(said.title, PlannedSource::Title)
        .or_else(|| from_text(said.index_title, PlannedSource::Index));
    if let Some(race) = titled.as_ref().filter(|t| t.planned == Planned::Race) {
        return Some(race.clone());
    }
    if said.long_marker {
        return Some(PlannedRun {
            planned: Planned::Long,
            source: PlannedSource::Index,
            evidence: vec!["long run marker".to_owned()],
        });
    }
    let structured = said
        .workout
        .and_then(|w| {
            let name = w.name.as_deref().and_then(|n| words.read(n));
            let by_steps = |planned| PlannedRun {
                planned,
                source: PlannedSource::StructuredWorkout,
                evidence: vec![w.name.clone().unwrap_or_else(|| "workout steps".to_owned())],
            };
            // Targets say more than a name; a name says more than the bare shape of the steps
            // (a run/walk plan has reps too).
            match (read_workout(w, said.max_hr, said.easy_speed_mps), name) {
                (Some((planned, Evidence::Targets)), _) => Some(by_steps(planned)),
                (_, Some(read)) => Some(PlannedRun {
                    planned: read.planned,
                    source: PlannedSource::StructuredWorkout,
                    evidence: read.words,
                }),
                (Some((planned, Evidence::Shape)), None) => Some(by_steps(planned)),
                (None, None) => None,
            }
        })
        .or_else(|| {
            from_laps(said.laps).map(|planned| PlannedRun {
                planned,
                source: PlannedSource::StructuredWorkout,
                evidence: vec!["laps marked work and rest".to_owned()],
            })
        });
    structured.or(titled).or_else(|| {
        from_text(said.description, PlannedSource::Title)
            .or_else(|| from_text(said.index_description, PlannedSource::Index))
    })
}

/// How hard a step aims to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Aim {
    Recovery,
    Easy,
    Hard,
}

/// What a step's target says of its effort, when it says anything.
fn aim(step: &WorkoutStep, max_hr: Option<f64>, easy_speed: Option<f64>) -> Option<Aim> {
    let low_top = DEFAULT_LOW_TOP_PCT / 100.0;
    let zone = |z: u8| {
        if z >= PLANNED_HARD_HR_ZONE {
            Aim::Hard
        } else if z <= 1 {
            Aim::Recovery
        } else {
            Aim::Easy
        }
    };
    match step.target {
        StepTarget::HeartRateZone(z) => Some(zone(z)),
        StepTarget::HeartRate { low, high } => {
            let low = low.fraction_of_max(max_hr)?;
            let high = high.fraction_of_max(max_hr)?;
            Some(if low >= low_top {
                Aim::Hard
            } else if high <= RECOVERY_HR_ONLY_FRACTION {
                Aim::Recovery
            } else if high <= low_top + 0.02 {
                Aim::Easy
            } else {
                return None;
            })
        }
        StepTarget::PowerZone(z) => Some(if z >= PLANNED_HARD_HR_ZONE {
            Aim::Hard
        } else {
            Aim::Easy
        }),
        StepTarget::Speed { low_mps, .. } => {
            let easy = easy_speed.filter(|e| *e > 0.0)?;
            Some(if low_mps >= easy * PLANNED_HARD_SPEED_OVER_EASY {
                Aim::Hard
            } else {
                Aim::Easy
            })
        }
        _ if step.intensity == Some(Intensity::Interval) => Some(Aim::Hard),
        _ => None,
    }
}

/// One step as the watch runs it.
struct Visit<'a> {
    step: &'a WorkoutStep,
}

/// The steps in the order the watch runs them, repeats unrolled (an open-ended repeat counted
/// twice), at most `cap` of them.
fn run_order(steps: &[WorkoutStep], cap: usize) -> Vec<Visit<'_>> {
    let mut out = Vec::new();
    let mut done = vec![0u32; steps.len()];
    let mut pc = 0;
    let mut guard = 0;
    while let Some(step) = steps.get(pc) {
        guard += 1;
        if out.len() >= cap || guard > 4 * cap {
            break;
        }
        let (from, times) = match step.duration {
            StepDuration::Repeat { from_step, times } => (from_step, times),
            StepDuration::RepeatUntil { from_step } => (from_step, 2),
            _ => {
                out.push(Visit { step });
                pc += 1;
                continue;
            }
        };
        let from = from as usize;
        let count = done.get_mut(pc);
        match count {
            Some(n) if *n + 1 < times && from < pc => {
                *n += 1;
                pc = from;
            }
            Some(n) => {
                *n = 0;
                pc += 1;
            }
            None => break,
        }
    }
    out
}

/// What a workout's reading rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    /// The steps' HR, pace or power targets.
    Targets,
    /// Only the steps' shape: reps with rest between, a long total.
    Shape,
}

/// What a structured workout's steps say was planned, when they say it: hard targets or reps
/// with rest between make a workout; a long total a long run; gentle targets on every step an
/// easy or recovery run.
pub fn from_workout(
    workout: &Workout,
    max_hr: Option<f64>,
    easy_speed_mps: Option<f64>,
) -> Option<Planned> {
    read_workout(workout, max_hr, easy_speed_mps).map(|(planned, _)| planned)
}

fn read_workout(
    workout: &Workout,
    max_hr: Option<f64>,
    easy_speed_mps: Option<f64>,
) -> Option<(Planned, Evidence)> {
    let visits = run_order(&workout.steps, 1_000);
    let work: Vec<&Visit> = visits
        .iter()
        .filter(|v| v.step.intensity.is_none_or(Intensity::is_work))
        .collect();
    let aims: Vec<Option<Aim>> = work
        .iter()
        .map(|v| aim(v.step, max_hr, easy_speed_mps))
        .collect();
    if aims.contains(&Some(Aim::Hard)) {
        return Some((Planned::Workout, Evidence::Targets));
    }
    // Work, rest, work: reps, whatever their targets.
    if reps_of(visits.iter().map(|v| v.step.intensity)) >= PLANNED_MIN_REPS {
        return Some((Planned::Workout, Evidence::Shape));
    }
    let seconds: f64 = visits
        .iter()
        .map(|v| match v.step.duration {
            StepDuration::Time { seconds } => seconds,
            _ => 0.0,
        })
        .sum();
    let metres: f64 = visits
        .iter()
        .map(|v| match v.step.duration {
            StepDuration::Distance { metres } => metres,
            _ => 0.0,
        })
        .sum();
    if seconds >= LONG_RUN_MIN_S || metres >= PLANNED_LONG_MIN_M {
        return Some((Planned::Long, Evidence::Shape));
    }
    let all: Option<Vec<Aim>> = aims.into_iter().collect();
    match all.as_deref() {
        Some(aims) if !aims.is_empty() => {
            let planned = if aims.iter().all(|&a| a == Aim::Recovery) {
                Planned::Recovery
            } else {
                Planned::Easy
            };
            Some((planned, Evidence::Targets))
        }
        _ => None,
    }
}

/// Laps the watch marked work, rest, work…: a structured session, even without its workout.
pub fn from_laps(laps: &[LapMark]) -> Option<Planned> {
    (reps_of(laps.iter().map(|lap| lap.intensity)) >= PLANNED_MIN_REPS).then_some(Planned::Workout)
}

/// Reps in a run of steps or laps: each stretch of work after a rest (the first counts alone).
fn reps_of(intensities: impl IntoIterator<Item = Option<Intensity>>) -> usize {
    let mut reps = 0;
    let mut rested = false;
    for intensity in intensities {
        match intensity {
            Some(i) if i.is_rest() => rested = true,
            Some(i) if i.is_work() => {
                if reps == 0 || rested {
                    reps += 1;
                }
                rested = false;
            }
            _ => {}
        }
    }
    reps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::intent::HeartRateValue;

    fn step(intensity: Intensity, duration: StepDuration, target: StepTarget) -> WorkoutStep {
        WorkoutStep {
            name: None,
            intensity: Some(intensity),
            duration,
            target,
            notes: None,
        }
    }

    #[test]
    fn repeats_unroll_as_the_watch_runs_them() {
        use StepDuration::*;
        let steps = vec![
            step(Intensity::Warmup, Time { seconds: 600.0 }, StepTarget::Open),
            step(
                Intensity::Active,
                Distance { metres: 800.0 },
                StepTarget::Open,
            ),
            step(Intensity::Rest, Time { seconds: 90.0 }, StepTarget::Open),
            step(
                Intensity::Active,
                Repeat {
                    from_step: 1,
                    times: 6,
                },
                StepTarget::Open,
            ),
            step(
                Intensity::Cooldown,
                Time { seconds: 600.0 },
                StepTarget::Open,
            ),
        ];
        let order = run_order(&steps, 1000);
        assert_eq!(order.len(), 1 + 6 * 2 + 1);
        let metres: f64 = order
            .iter()
            .map(|v| match v.step.duration {
                Distance { metres } => metres,
                _ => 0.0,
            })
            .sum();
        assert_eq!(metres, 4800.0);
        // A repeat pointing forward (or at itself) runs once.
        let odd = vec![step(
            Intensity::Active,
            Repeat {
                from_step: 5,
                times: 3,
            },
            StepTarget::Open,
        )];
        assert_eq!(run_order(&odd, 1000).len(), 0);
        assert_eq!(run_order(&steps, 5).len(), 5);
    }

    #[test]
    fn nested_repeats_multiply() {
        use StepDuration::*;
        // 3 × (2 × 400 m + 200 m jog), set rest between: 6 reps of 400.
        let steps = vec![
            step(
                Intensity::Active,
                Distance { metres: 400.0 },
                StepTarget::Open,
            ),
            step(
                Intensity::Rest,
                Distance { metres: 200.0 },
                StepTarget::Open,
            ),
            step(
                Intensity::Active,
                Repeat {
                    from_step: 0,
                    times: 2,
                },
                StepTarget::Open,
            ),
            step(Intensity::Rest, Time { seconds: 180.0 }, StepTarget::Open),
            step(
                Intensity::Active,
                Repeat {
                    from_step: 0,
                    times: 3,
                },
                StepTarget::Open,
            ),
        ];
        let order = run_order(&steps, 1000);
        let fours = order
            .iter()
            .filter(|v| v.step.duration == Distance { metres: 400.0 })
            .count();
        assert_eq!(fours, 6);
    }

    #[test]
    fn hr_targets_tell_hard_easy_and_recovery() {
        let s = |target| step(Intensity::Active, StepDuration::Open, target);
        assert_eq!(
            aim(&s(StepTarget::HeartRateZone(4)), None, None),
            Some(Aim::Hard)
        );
        assert_eq!(
            aim(&s(StepTarget::HeartRateZone(2)), None, None),
            Some(Aim::Easy)
        );
        assert_eq!(
            aim(&s(StepTarget::HeartRateZone(1)), None, None),
            Some(Aim::Recovery)
        );
        let custom = |low, high| StepTarget::HeartRate {
            low: HeartRateValue::Bpm(low),
            high: HeartRateValue::Bpm(high),
        };
        // 160–170 of 190 is 84–89 %: hard.
        assert_eq!(
            aim(&s(custom(160, 170)), Some(190.0), None),
            Some(Aim::Hard)
        );
        // 120–130 of 190 is 63–68 %: recovery.
        assert_eq!(
            aim(&s(custom(120, 130)), Some(190.0), None),
            Some(Aim::Recovery)
        );
        // 130–150 of 190 is 68–79 %: easy.
        assert_eq!(
            aim(&s(custom(130, 150)), Some(190.0), None),
            Some(Aim::Easy)
        );
        // Without max HR, bpm say nothing.
        assert_eq!(aim(&s(custom(130, 150)), None, None), None);
        let pace = StepTarget::Speed {
            low_mps: 3.9,
            high_mps: 4.1,
        };
        // Easy at 3.0 m/s (5:33/km): 3.9 m/s (4:16/km) is 30 % faster, hard.
        assert_eq!(aim(&s(pace), None, Some(3.0)), Some(Aim::Hard));
        assert_eq!(aim(&s(pace), None, Some(3.7)), Some(Aim::Easy));
        assert_eq!(aim(&s(pace), None, None), None);
    }

    #[test]
    fn laps_need_rest_between_work() {
        let lap = |i| LapMark {
            start: 0.0,
            timer_s: None,
            distance_m: None,
            intensity: Some(i),
            step: None,
        };
        use Intensity::*;
        let structured = [
            lap(Warmup),
            lap(Active),
            lap(Rest),
            lap(Active),
            lap(Rest),
            lap(Active),
            lap(Cooldown),
        ];
        assert_eq!(from_laps(&structured), Some(Planned::Workout));
        // Auto-laps of an ordinary run are all "active".
        assert_eq!(from_laps(&[lap(Active); 10]), None);
        assert_eq!(from_laps(&[lap(Warmup), lap(Active), lap(Cooldown)]), None);
        assert_eq!(from_laps(&[]), None);
    }
}
