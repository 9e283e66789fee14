//! What our FIT decoder reads of intent and settings, against fitparser, on every FIT file we
//! have (the project's fixtures, the shared real corpus and its extra files): the device's name,
//! the workout's name and steps, the laps' marks, and the watch's heart-rate settings.
//!
//! The rules of which value wins are ours (the file's own device name over the profile table,
//! a session's `time_in_zone` over `zones_target` over `user_profile`); the values themselves
//! must be fitparser's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};
use grayzone::activity::intent::Intensity;
use grayzone::activity::{Activity, FileContent};

use crate::fitparser_values::{first_field, number};
use crate::real;

const PRODUCTS: &str = include_str!("../../src/ingest/decode/fit/products.csv");
const MANUFACTURERS: &str = include_str!("../../src/ingest/decode/fit/manufacturers.csv");

/// sdk name → display name, from one of the generated tables (the sdk name is the last column,
/// the display name the one before it).
fn table(csv: &str) -> HashMap<String, String> {
    csv.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let n = cells.len();
            Some((cells.get(n - 1)?.to_string(), cells.get(n - 2)?.to_string()))
        })
        .collect()
}

/// The device name rule's notion of readable text.
fn readable(s: &str) -> Option<String> {
    let s: String = s
        .chars()
        .filter(|&c| !c.is_control() && c != char::REPLACEMENT_CHARACTER)
        .collect();
    let s = s.trim();
    s.chars().any(char::is_alphanumeric).then(|| s.to_owned())
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.split('\0').next().unwrap_or("").to_owned()),
        Value::Array(items) => match items.first() {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn bpm(rec: &FitDataRecord, name: &str) -> Option<u8> {
    first_field(rec, name)
        .and_then(number)
        .filter(|v| *v > 0.0 && *v < 255.0)
        .map(|v| v as u8)
}

/// What fitparser says of a file's intent and settings.
#[derive(Default)]
struct Said {
    /// (maker sdk name, product sdk name or number, product_name) of the first file_id that
    /// names a device.
    file_id: Option<(Option<String>, Option<String>, Option<String>)>,
    creator_name: Option<String>,
    workout_name: Option<String>,
    workout_steps: usize,
    /// Per lap with an intensity or a workout step: its intensity word.
    lap_marks: Vec<Option<String>>,
    /// Every max / resting / threshold HR the settings messages carry.
    max_hr: Vec<u8>,
    resting_hr: Vec<u8>,
    threshold_hr: Vec<u8>,
    /// A session-referenced time_in_zone for session 0: (max, resting, threshold).
    session0: Option<(Option<u8>, Option<u8>, Option<u8>)>,
}

fn oracle(bytes: &[u8]) -> Option<Said> {
    let records = std::panic::catch_unwind(|| fitparser::from_bytes(bytes))
        .ok()?
        .ok()?;
    let mut said = Said::default();
    for rec in &records {
        match rec.kind() {
            MesgNum::FileId if said.file_id.is_none() => {
                let maker = first_field(rec, "manufacturer").map(|v| v.to_string());
                let product = first_field(rec, "garmin_product")
                    .or_else(|| first_field(rec, "favero_product"))
                    .or_else(|| first_field(rec, "product"))
                    .map(|v| v.to_string());
                let name = text(first_field(rec, "product_name"));
                let names_one = maker.is_some()
                    || product.is_some()
                    || name.as_deref().and_then(readable).is_some();
                if names_one {
                    said.file_id = Some((maker, product, name));
                }
            }
            MesgNum::DeviceInfo if said.creator_name.is_none() => {
                let creator = first_field(rec, "device_index")
                    .is_some_and(|v| v.to_string() == "creator" || number(v) == Some(0.0));
                if creator {
                    said.creator_name = text(first_field(rec, "product_name"));
                }
            }
            MesgNum::Workout if said.workout_name.is_none() => {
                said.workout_name = text(first_field(rec, "wkt_name"));
            }
            MesgNum::WorkoutStep => said.workout_steps += 1,
            MesgNum::Lap => {
                let intensity = first_field(rec, "intensity").map(|v| v.to_string());
                let step = first_field(rec, "wkt_step_index").is_some();
                if intensity.is_some() || step {
                    said.lap_marks.push(intensity);
                }
            }
            MesgNum::UserProfile => {
                said.resting_hr.extend(bpm(rec, "resting_heart_rate"));
                said.max_hr
                    .extend(bpm(rec, "default_max_running_heart_rate"));
                said.max_hr.extend(bpm(rec, "default_max_heart_rate"));
            }
            MesgNum::ZonesTarget => {
                said.max_hr.extend(bpm(rec, "max_heart_rate"));
                said.threshold_hr.extend(bpm(rec, "threshold_heart_rate"));
            }
            MesgNum::TimeInZone => {
                let (max, rest, lt) = (
                    bpm(rec, "max_heart_rate"),
                    bpm(rec, "resting_heart_rate"),
                    bpm(rec, "threshold_heart_rate"),
                );
                said.max_hr.extend(max);
                said.resting_hr.extend(rest);
                said.threshold_hr.extend(lt);
                let session = first_field(rec, "reference_mesg").map(|v| v.to_string());
                let index = first_field(rec, "reference_index").and_then(number);
                if session.as_deref() == Some("session")
                    && index == Some(0.0)
                    && said.session0.is_none()
                {
                    said.session0 = Some((max, rest, lt));
                }
            }
            _ => {}
        }
    }
    Some(said)
}

/// Checks one file; returns what was compared, or why nothing was.
fn check(name: &str, bytes: &[u8]) -> String {
    let activities: Vec<Activity> = match grayzone::ingest::decode::fit::decode(bytes) {
        Ok(FileContent::Activities(a)) if !a.is_empty() => a,
        _ => return format!("{name}: no activity"),
    };
    let Some(said) = oracle(bytes) else {
        return format!("{name}: fitparser refused");
    };
    let first = &activities[0];

    // The device: its own name, else the profile's name of its product, else maker and number
    // (product 0 is none: "Polar", not "Polar 0").
    let products = table(PRODUCTS);
    let makers = table(MANUFACTURERS);
    let own_name = said
        .file_id
        .as_ref()
        .and_then(|(_, _, n)| n.as_deref().and_then(readable));
    let want_device = match (&own_name, &said.file_id) {
        (Some(n), _) => Some(n.clone()),
        (None, _) if said.creator_name.as_deref().and_then(readable).is_some() => {
            said.creator_name.as_deref().and_then(readable)
        }
        (None, Some((maker, product, _))) => {
            let maker_name = maker
                .as_ref()
                .map(|m| makers.get(m).cloned().unwrap_or(m.clone()));
            match (
                maker_name,
                product.as_ref().and_then(|p| products.get(p).cloned()),
            ) {
                (_, Some(name)) => Some(name),
                (Some(m), None) => Some(match product {
                    Some(p) if p != "0" => format!("{m} {p}"),
                    _ => m,
                }),
                (None, None) => product.clone(),
            }
        }
        (None, None) => None,
    };
    assert_eq!(first.device, want_device, "{name}: device");

    // The workout.
    let workout = first.intent.workout.as_ref();
    let want_name = said
        .workout_name
        .as_deref()
        .and_then(grayzone::activity::intent::clean_text);
    assert_eq!(
        workout.and_then(|w| w.name.clone()),
        want_name,
        "{name}: workout name"
    );
    assert_eq!(
        workout.map_or(0, |w| w.steps.len()),
        said.workout_steps.min(250),
        "{name}: workout steps"
    );

    // The laps' marks, in order, over every activity of the file.
    let ours: Vec<Option<String>> = activities
        .iter()
        .flat_map(|a| a.intent.laps.iter())
        .map(|l| l.intensity.map(|i: Intensity| i.name().to_owned()))
        .collect();
    assert_eq!(ours, said.lap_marks, "{name}: lap marks");

    // The watch's settings: values fitparser read, the session's own first.
    let w = &first.watch;
    for (ours, theirs, what) in [
        (w.max_hr, &said.max_hr, "max HR"),
        (w.resting_hr, &said.resting_hr, "resting HR"),
        (w.threshold_hr, &said.threshold_hr, "threshold HR"),
    ] {
        match ours {
            Some(v) => assert!(theirs.contains(&v), "{name}: {what} {v} not in {theirs:?}"),
            None => assert!(
                theirs.is_empty(),
                "{name}: {what} missed, fitparser has {theirs:?}"
            ),
        }
    }
    if let Some((max, rest, lt)) = said.session0 {
        for (ours, theirs, what) in [
            (w.max_hr, max, "max HR"),
            (w.resting_hr, rest, "resting HR"),
            (w.threshold_hr, lt, "threshold HR"),
        ] {
            if theirs.is_some() {
                assert_eq!(ours, theirs, "{name}: session {what}");
            }
        }
    }
    format!(
        "{name}: device {:?}, workout {:?} ({} steps), {} lap marks, watch max {:?} rest {:?} LT {:?}",
        first.device.as_deref().unwrap_or(""),
        workout.and_then(|w| w.name.as_deref()).unwrap_or(""),
        workout.map_or(0, |w| w.steps.len()),
        ours.len(),
        w.max_hr,
        w.resting_hr,
        w.threshold_hr
    )
}

fn fit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(crate::real::files_ending(dir, "fit"));
}

#[test]
fn intent_and_settings_match_fitparser_on_every_fit_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    fit_files(&root.join("fixtures"), &mut files);
    if let Some(real) = real::corpus() {
        fit_files(&real, &mut files);
        let extra = real.join("../real-extra");
        assert!(extra.is_dir(), "{} is missing", extra.display());
        fit_files(&extra, &mut files);
    }
    files.sort();
    let mut workouts = 0;
    let mut settings = 0;
    for path in &files {
        let line = check(&path.display().to_string(), &std::fs::read(path).unwrap());
        workouts += usize::from(line.contains(" steps)") && !line.contains("(0 steps)"));
        settings += usize::from(line.contains("watch max Some"));
        println!("{line}");
    }
    if real::corpus().is_some() {
        // The real files hold 1 structured workout with steps (a Garmin Edge 530's "HIIT 20 X
        // 0:30/0:15") and more than 20 with the watch's max HR.
        assert!(workouts >= 1, "{workouts} workouts with steps");
        assert!(settings >= 20, "{settings} files with a watch max HR");
    }
}
