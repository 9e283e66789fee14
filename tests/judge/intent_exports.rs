//! Intent against execution on the generated exports of `fixtures/intent/`: a Strava-style export
//! (`activities/*.gz` and `activities.csv`) and a Garmin-style one (uploads in a zip in the zip,
//! names and a race in the summarized-activities JSON), titled in five languages, with a
//! structured-workout FIT file and a half-marathon race. Every run that says something gets its
//! name and plan; runs named easy that ran hard are flagged; a coach's overrides change the
//! verdict and say so.

use std::path::{Path, PathBuf};

use grayzone::judge::classify::Flag;
use grayzone::judge::profile::{self, GivenFigures, Profile};
use grayzone::judge::{judge, judge_telling, ActivityRow, SeriesAfter};
use grayzone::summarize::{read_export, ReadOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/intent")
        .join(name)
}

fn judged(paths: &[PathBuf], profile: &Profile) -> Vec<ActivityRow> {
    judge(
        read_export(paths, &ReadOptions::default()).unwrap(),
        profile,
    )
}

/// (local date, name, planned, planned_source, flags) of every run.
fn intent_of(rows: &[ActivityRow]) -> Vec<(String, String, String, String, Vec<&'static str>)> {
    rows.iter()
        .filter(|r| r.is_run())
        .map(|r| {
            let j = r.judgement.as_ref().unwrap();
            let planned = j.planned.as_ref();
            (
                r.local_start().unwrap()[..10].to_string(),
                r.name().unwrap_or("").to_string(),
                planned.map_or("", |p| p.planned.name()).to_string(),
                planned.map_or("", |p| p.source.name()).to_string(),
                j.flags
                    .iter()
                    .copied()
                    .filter(|f| {
                        matches!(
                            f,
                            Flag::HarderThanPlanned
                                | Flag::EasierThanPlanned
                                | Flag::TooSoonAfterRace
                        )
                    })
                    .map(Flag::name)
                    .collect(),
            )
        })
        .collect()
}

fn row<'a>(rows: &'a [ActivityRow], name: &str) -> &'a ActivityRow {
    rows.iter()
        .find(|r| r.name() == Some(name))
        .unwrap_or_else(|| panic!("no run named {name:?}"))
}

#[test]
fn strava_export_names_and_plans_every_run_that_says_something() {
    let rows = judged(&[fixture("strava_export.zip")], &Profile::default());
    let s = |x: &str| x.to_string();
    assert_eq!(
        intent_of(&rows),
        vec![
            // German title in activities.csv.
            (
                s("2024-04-01"),
                s("Lockerer Dauerlauf"),
                s("easy"),
                s("index"),
                vec![]
            ),
            // The index's title; the FIT file's structured workout says what was planned.
            (
                s("2024-04-02"),
                s("Bahn: 6x800"),
                s("workout"),
                s("structured_workout"),
                vec![]
            ),
            // Named recovery, ran gray: the accidental workout by the runner's own word.
            (
                s("2024-04-03"),
                s("Recovery jog"),
                s("recovery"),
                s("index"),
                vec!["harder_than_planned"]
            ),
            // French title in the GPX file itself.
            (
                s("2024-04-04"),
                s("Sortie récup"),
                s("recovery"),
                s("title"),
                vec![]
            ),
            // Named a workout, run easy: a missed session.
            (
                s("2024-04-05"),
                s("Tempo Thursday"),
                s("workout"),
                s("index"),
                vec!["easier_than_planned"]
            ),
            (s("2024-04-06"), s("Parkrun"), s("race"), s("index"), vec![]),
            // A default title says nothing.
            (s("2024-04-07"), s("Afternoon Run"), s(""), s(""), vec![]),
            // Spanish "easy run", drifted into a workout.
            (
                s("2024-04-08"),
                s("Rodaje suave"),
                s("easy"),
                s("index"),
                vec!["harder_than_planned"]
            ),
        ]
    );
    assert_eq!(
        row(&rows, "Recovery jog")
            .judgement
            .as_ref()
            .unwrap()
            .session
            .name(),
        "gray-zone run"
    );
    assert_eq!(
        row(&rows, "Recovery jog").activity_id(),
        Some("11000000003")
    );
    // The planned race ran as one: a race, never gray.
    let parkrun = row(&rows, "Parkrun").judgement.as_ref().unwrap();
    assert_eq!(
        (parkrun.session.name(), parkrun.gray_zone),
        ("race effort", false)
    );
}

#[test]
fn garmin_export_matches_names_by_start_and_a_race_marker_makes_a_race() {
    let rows = judged(&[fixture("garmin_export.zip")], &Profile::default());
    let s = |x: &str| x.to_string();
    assert_eq!(
        intent_of(&rows),
        vec![
            // Garmin's event type "race": the half marathon is a race whatever its title.
            (
                s("2024-04-14"),
                s("Berlin"),
                s("race"),
                s("race_marker"),
                vec![]
            ),
            // The day after a half-marathon race: too soon, by the planned race.
            (
                s("2024-04-15"),
                s("Easy shakeout"),
                s("easy"),
                s("index"),
                vec!["too_soon_after_race"]
            ),
            // Dutch "recovery run", ran hard.
            (
                s("2024-04-17"),
                s("Herstelloop"),
                s("recovery"),
                s("index"),
                vec!["harder_than_planned"]
            ),
            (
                s("2024-04-18"),
                s("Intervalos 5x1000"),
                s("workout"),
                s("index"),
                vec![]
            ),
        ]
    );
    assert_eq!(row(&rows, "Berlin").activity_id(), Some("14000000001"));
}

/// A planned race counts for the race rules even when the run alone would not say race: the
/// same export with the race marker unsaid by an override loses the rule's flag.
#[test]
fn overrides_change_the_verdict_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["strava_export.zip", "garmin_export.zip"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(
        dir.path().join("grayzone-overrides.toml"),
        r#"
[[run]]
id = 11000000003
class = "easy"
note = "HR strap read high"

[[run]]
file = "activities/11000000005.fit.gz"
planned = "easy"

[[run]]
start = "2024-04-07"
exclude = true

[[run]]
start = "2024-04-14T09:00"
race = false

[[run]]
start = "2023-01-01"
class = "hard"
"#,
    )
    .unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let profile = profile::load(&GivenFigures::default(), None, &paths).unwrap();
    assert_eq!(profile.overrides.as_ref().unwrap().overrides.runs.len(), 5);
    let (rows, problems) = judge_telling(
        read_export(&paths, &ReadOptions::default()).unwrap(),
        &profile,
        SeriesAfter::Dropped,
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("line 19") && problems[0].contains("matches no run"),
        "{problems:?}"
    );

    // The class set by the coach wins, and the reason says what grayzone had judged.
    let jog = row(&rows, "Recovery jog").judgement.as_ref().unwrap();
    assert_eq!(jog.class.name(), "easy");
    assert!(!jog.gray_zone);
    assert_eq!(jog.overridden, ["class", "note"]);
    assert_eq!(jog.override_note.as_deref(), Some("HR strap read high"));
    let reason = grayzone::report::reason_in(jog, grayzone::activity::units::Units::Metric);
    assert!(
        reason.starts_with("easy by override (line 2; judged hard)")
            && reason.ends_with("; coach: HR strap read high"),
        "{reason}"
    );
    assert!(!jog.harder_than_planned());

    // A plan set by the coach: no longer a missed workout.
    let tempo = row(&rows, "Tempo Thursday").judgement.as_ref().unwrap();
    let planned = tempo.planned.as_ref().unwrap();
    assert_eq!(
        (planned.planned.name(), planned.source.name()),
        ("easy", "override")
    );
    assert_eq!(tempo.overridden, ["planned"]);
    assert!(!tempo.easier_than_planned());

    // Excluded: out of judging and of the weeks, saying why.
    let afternoon = row(&rows, "Afternoon Run");
    assert_eq!(afternoon.status.name(), "excluded");
    assert_eq!(afternoon.note, "excluded by override (line 11)");
    assert!(afternoon.judgement.is_none());

    // `race = false`: the half marathon is no race for the rules, so the next day is not too soon.
    let berlin = row(&rows, "Berlin").judgement.as_ref().unwrap();
    assert_eq!(berlin.overridden, ["race"]);
    let shakeout = row(&rows, "Easy shakeout").judgement.as_ref().unwrap();
    assert!(
        !shakeout.flags.contains(&Flag::TooSoonAfterRace),
        "{:?}",
        shakeout.flags
    );
    // Runs no override names are judged as before.
    let rodaje = row(&rows, "Rodaje suave").judgement.as_ref().unwrap();
    assert!(rodaje.harder_than_planned() && rodaje.overridden.is_empty());
}
