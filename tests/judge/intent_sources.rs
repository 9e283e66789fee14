//! Which source says what a run was meant to be: an override, a race marker, a title naming a
//! race, the structured workout (its steps, its laps), then the title and the index's words.
//! And what structured workouts say, from the steps coaches and watches write.

use grayzone::activity::intent::{
    HeartRateValue, Intensity, LapMark, PowerValue, StepDuration, StepTarget, Workout, WorkoutStep,
};
use grayzone::judge::intent::{
    from_laps, from_workout, planned, Planned, PlannedSource, Said, WordList,
};

use Intensity::*;
use StepDuration::*;

fn step(intensity: Intensity, duration: StepDuration, target: StepTarget) -> WorkoutStep {
    WorkoutStep {
        name: None,
        intensity: Some(intensity),
        duration,
        target,
        notes: None,
    }
}

fn workout(name: Option<&str>, steps: Vec<WorkoutStep>) -> Workout {
    Workout {
        name: name.map(str::to_owned),
        description: None,
        steps,
    }
}

fn minutes(m: f64) -> StepDuration {
    Time { seconds: m * 60.0 }
}

/// Garmin's daily suggestion "Base": one step in HR zone 2.
fn base_45() -> Workout {
    workout(
        Some("Base"),
        vec![step(Active, minutes(45.0), StepTarget::HeartRateZone(2))],
    )
}

/// "Recovery": 30 min in zone 1.
fn recovery_30() -> Workout {
    workout(
        Some("Recovery"),
        vec![step(Active, minutes(30.0), StepTarget::HeartRateZone(1))],
    )
}

/// Threshold: 15' warm-up, 3 × 10' at 165–172 bpm with 2' jog, 10' cool-down.
fn threshold_3x10() -> Workout {
    workout(
        Some("Threshold"),
        vec![
            step(Warmup, minutes(15.0), StepTarget::HeartRateZone(2)),
            step(
                Active,
                minutes(10.0),
                StepTarget::HeartRate {
                    low: HeartRateValue::Bpm(165),
                    high: HeartRateValue::Bpm(172),
                },
            ),
            step(Recovery, minutes(2.0), StepTarget::Open),
            step(
                Active,
                Repeat {
                    from_step: 1,
                    times: 3,
                },
                StepTarget::Open,
            ),
            step(Cooldown, minutes(10.0), StepTarget::Open),
        ],
    )
}

/// A long run built in the watch: 2 h at an easy pace target.
fn long_2h() -> Workout {
    workout(
        None,
        vec![step(
            Active,
            minutes(120.0),
            StepTarget::Speed {
                low_mps: 2.78,
                high_mps: 3.03,
            },
        )],
    )
}

/// A run-walk plan: 10 × (4' run, 1' walk), no targets — reps with rest, but 50 min easy.
fn run_walk() -> Workout {
    workout(
        Some("Run/walk"),
        vec![
            step(Active, minutes(4.0), StepTarget::Open),
            step(Rest, minutes(1.0), StepTarget::Open),
            step(
                Active,
                Repeat {
                    from_step: 0,
                    times: 10,
                },
                StepTarget::Open,
            ),
        ],
    )
}

#[test]
fn structured_workouts_say_what_their_steps_aim_at() {
    let max = Some(190.0);
    let easy = Some(2.9);
    assert_eq!(from_workout(&base_45(), max, easy), Some(Planned::Easy));
    assert_eq!(
        from_workout(&recovery_30(), max, easy),
        Some(Planned::Recovery)
    );
    // 165 of 190 is 87 % of max: above the low zone's top.
    assert_eq!(
        from_workout(&threshold_3x10(), max, easy),
        Some(Planned::Workout)
    );
    // Without max HR the bpm target says nothing, but the reps with rest between still do.
    assert_eq!(
        from_workout(&threshold_3x10(), None, None),
        Some(Planned::Workout)
    );
    assert_eq!(from_workout(&long_2h(), max, easy), Some(Planned::Long));
    // A fast pace target makes a one-step run a workout: 20 min at 4.0 m/s (4:10/km) when the
    // easy pace is 2.9 m/s (5:45/km): a tempo run.
    let tempo = workout(
        None,
        vec![step(
            Active,
            minutes(20.0),
            StepTarget::Speed {
                low_mps: 3.9,
                high_mps: 4.1,
            },
        )],
    );
    assert_eq!(from_workout(&tempo, max, easy), Some(Planned::Workout));
    assert_eq!(from_workout(&tempo, max, None), None);
    // Power zones: 4 and up is threshold work.
    let power = workout(
        None,
        vec![
            step(Active, minutes(8.0), StepTarget::PowerZone(5)),
            step(
                Active,
                minutes(30.0),
                StepTarget::Power {
                    low: PowerValue::Watts(180),
                    high: PowerValue::Watts(220),
                },
            ),
        ],
    );
    assert_eq!(from_workout(&power, max, easy), Some(Planned::Workout));
    // Reps with walking breaks have the shape of intervals; by the steps alone that is all there
    // is to read (the workout's name speaks first: `a_workout_name_outranks_the_bare_shape`).
    assert_eq!(from_workout(&run_walk(), max, easy), Some(Planned::Workout));
    // An open step with no target says nothing.
    let open = workout(None, vec![step(Active, Open, StepTarget::Open)]);
    assert_eq!(from_workout(&open, max, easy), None);
}

fn mark(intensity: Intensity) -> LapMark {
    LapMark {
        start: 0.0,
        timer_s: None,
        distance_m: None,
        intensity: Some(intensity),
        step: None,
    }
}

#[test]
fn sources_speak_in_order() {
    let words = WordList::builtin();
    let threshold = threshold_3x10();
    let said = |title: Option<&'static str>| Said {
        title,
        workout: Some(&threshold),
        max_hr: Some(190.0),
        ..Said::default()
    };
    // The structured workout speaks before the title…
    let p = planned(&said(Some("Easy Tuesday")), words).unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Workout, PlannedSource::StructuredWorkout)
    );
    assert_eq!(p.evidence, ["Threshold"]);
    // …but a title that names a race wins: a race run with a pacing workout is a race.
    let p = planned(&said(Some("Stockholm Marathon")), words).unwrap();
    assert_eq!((p.planned, p.source), (Planned::Race, PlannedSource::Title));
    assert_eq!(p.evidence, ["Marathon"]);
    // A race marker beats every word; an override beats the marker.
    let mut s = said(Some("Easy Tuesday"));
    s.race_marker = true;
    let p = planned(&s, words).unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Race, PlannedSource::RaceMarker)
    );
    // A long-run tag speaks after a race title, before the workout.
    let mut l = said(Some("Sunday"));
    l.long_marker = true;
    let p = planned(&l, words).unwrap();
    assert_eq!((p.planned, p.source), (Planned::Long, PlannedSource::Index));
    let mut l = said(Some("Marathon"));
    l.long_marker = true;
    assert_eq!(planned(&l, words).unwrap().planned, Planned::Race);
    s.overridden = Some(Planned::Easy);
    let p = planned(&s, words).unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Easy, PlannedSource::Override)
    );
}

#[test]
fn titles_then_index_then_notes() {
    let words = WordList::builtin();
    let p = planned(
        &Said {
            title: Some("Morning Run"),
            index_title: Some("Recovery jog"),
            description: Some("Next week: Parkrun"),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Recovery, PlannedSource::Index)
    );
    assert_eq!(p.evidence, ["Recovery jog"]);
    // Notes speak only when no title does.
    let p = planned(
        &Said {
            title: Some("Morning Run"),
            description: Some("Sortie longue avec le club"),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!((p.planned, p.source), (Planned::Long, PlannedSource::Title));
    // A workout without a readable structure speaks by its name.
    let named = workout(
        Some("Tempo 20'"),
        vec![step(Active, Open, StepTarget::Open)],
    );
    let p = planned(
        &Said {
            workout: Some(&named),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Workout, PlannedSource::StructuredWorkout)
    );
    // Laps marked work and rest, without a workout message.
    let laps = [
        mark(Warmup),
        mark(Active),
        mark(Rest),
        mark(Active),
        mark(Cooldown),
    ];
    assert_eq!(from_laps(&laps), Some(Planned::Workout));
    let p = planned(
        &Said {
            laps: &laps,
            title: Some("Lockerer Dauerlauf"),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!(p.source, PlannedSource::StructuredWorkout);
    // Nothing said, nothing planned.
    assert_eq!(
        planned(
            &Said {
                title: Some("Afternoon Run"),
                laps: &[mark(Active), mark(Active)],
                ..Said::default()
            },
            words
        ),
        None
    );
}

#[test]
fn a_workout_name_outranks_the_bare_shape() {
    let words = WordList::builtin();
    let rw = run_walk();
    let p = planned(
        &Said {
            workout: Some(&rw),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!(
        (p.planned, p.source),
        (Planned::Easy, PlannedSource::StructuredWorkout)
    );
    assert_eq!(p.evidence, ["Run/walk"]);
    // Targets outrank the name: "Easy intervals" aimed at zone 4 is a workout.
    let mut hard = threshold_3x10();
    hard.name = Some("Easy".into());
    let p = planned(
        &Said {
            workout: Some(&hard),
            max_hr: Some(190.0),
            ..Said::default()
        },
        words,
    )
    .unwrap();
    assert_eq!(p.planned, Planned::Workout);
    assert_eq!(p.evidence, ["Easy"]);
}

#[test]
fn planned_names_and_sides() {
    for p in Planned::ALL {
        assert_eq!(Planned::from_name(p.name()), Some(p));
    }
    assert!(Planned::Recovery.is_easy() && Planned::Easy.is_easy());
    assert!(Planned::Workout.is_hard() && Planned::Race.is_hard());
    assert!(!Planned::Long.is_easy() && !Planned::Long.is_hard());
    assert_eq!(
        PlannedSource::StructuredWorkout.name(),
        "structured_workout"
    );
}
