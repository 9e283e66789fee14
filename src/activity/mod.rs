//! The one model every stage speaks: an activity as every decoder (FIT, GPX, TCX) produces it,
//! whatever the format, and the runner's vocabulary around it: [`units`] (paces and distances as a
//! runner reads them) and [`calendar`] (local time, local days, the first day of the week).
//!
//! The decoders fill an [`Activity`] and nothing downstream ever looks at file bytes again. Its
//! samples live only until the summary stage has condensed them; the rest of the pipeline works on
//! the summary.

pub mod calendar;
pub mod intent;
pub mod label;
pub mod units;

use std::fmt;

pub use intent::{Intent, WatchSettings};

/// Seconds since the Unix epoch, UTC. Fractional because GPX and TCX carry sub-second times.
pub type UnixTime = f64;

/// The file format an activity was decoded from. Order is the duplicate-preference order:
/// when the same run exists twice, the richer format wins (FIT > TCX > GPX).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SourceFormat {
    Gpx,
    Tcx,
    Fit,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Fit => "fit",
            SourceFormat::Gpx => "gpx",
            SourceFormat::Tcx => "tcx",
        }
    }
}

/// Normalized sport names, as in the CSV `sport` column.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Sport {
    Running,
    TrailRunning,
    TreadmillRunning,
    TrackRunning,
    Walking,
    Hiking,
    Cycling,
    Swimming,
    #[default]
    Other,
}

/// What [`Sport::family`] tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Running,
    Walking,
    Cycling,
    Swimming,
    Other,
}

impl Sport {
    pub const ALL: [Sport; 9] = [
        Sport::Running,
        Sport::TrailRunning,
        Sport::TreadmillRunning,
        Sport::TrackRunning,
        Sport::Walking,
        Sport::Hiking,
        Sport::Cycling,
        Sport::Swimming,
        Sport::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Sport::Running => "running",
            Sport::TrailRunning => "trail_running",
            Sport::TreadmillRunning => "treadmill_running",
            Sport::TrackRunning => "track_running",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Cycling => "cycling",
            Sport::Swimming => "swimming",
            Sport::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Sport> {
        Sport::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Runs are what grayzone judges; everything else is cross-training (or unknown).
    pub fn is_run(self) -> bool {
        matches!(
            self,
            Sport::Running | Sport::TrailRunning | Sport::TreadmillRunning | Sport::TrackRunning
        )
    }

    /// How the sport moves: two files of one family can be the same activity (a run's trail and
    /// road names, a walk and a hike).
    pub fn family(self) -> Family {
        match self {
            Sport::Running
            | Sport::TrailRunning
            | Sport::TreadmillRunning
            | Sport::TrackRunning => Family::Running,
            Sport::Walking | Sport::Hiking => Family::Walking,
            Sport::Cycling => Family::Cycling,
            Sport::Swimming => Family::Swimming,
            Sport::Other => Family::Other,
        }
    }

    /// Running or walking: a cadence counts steps.
    pub fn on_foot(self) -> bool {
        matches!(self.family(), Family::Running | Family::Walking)
    }

    /// Maps the free-text sport names of GPX `<type>`, TCX `Sport=` and FIT sport/sub-sport names.
    pub fn from_text(sport: &str, sub_sport: Option<&str>) -> Sport {
        let s = sport.trim().to_ascii_lowercase();
        let sub = sub_sport.map(|x| x.trim().to_ascii_lowercase());
        let sub = sub.as_deref().unwrap_or("");
        let running = matches!(
            s.as_str(),
            "running"
                | "run"
                | "9"
                | "trail_running"
                | "trailrun"
                | "trail run"
                | "virtualrun"
                | "treadmill"
        ) || s.contains("running")
            || names_running_in_another_language(sport);
        if running {
            if sub.contains("treadmill")
                || s.contains("treadmill")
                || sub == "indoor_running"
                || sub == "virtual_activity"
            {
                return Sport::TreadmillRunning;
            }
            if sub.contains("trail") || s.contains("trail") {
                return Sport::TrailRunning;
            }
            if sub.contains("track") || s.contains("track") {
                return Sport::TrackRunning;
            }
            return Sport::Running;
        }
        match s.as_str() {
            "walking" | "walk" => Sport::Walking,
            "hiking" | "hike" => Sport::Hiking,
            "cycling" | "biking" | "ride" | "bike" | "virtualride" | "e_biking" | "ebikeride"
            | "mountain_biking" | "road_biking" | "cycle" => Sport::Cycling,
            "swimming" | "swim" | "open_water_swimming" | "lap_swimming" => Sport::Swimming,
            _ if s.contains("cycl") || s.contains("bik") || s.contains("ride") => Sport::Cycling,
            _ if s.contains("swim") => Sport::Swimming,
            _ if s.contains("walk") => Sport::Walking,
            _ if s.contains("hik") => Sport::Hiking,
            // A sport named in the app's own words ("Fahrrad/ Strasse", OruxMaps in German) is
            // read as a title's.
            _ => Sport::from_title(sport).unwrap_or(Sport::Other),
        }
    }
}

impl Sport {
    /// The sport an activity's title names, for a file that names none of its own: phone apps
    /// title a run by its sport and time ("Running 4/13/16 6:29 pm" in a Runkeeper export,
    /// "Morning Ride" in Strava's, "Cycling" in MapMyTracks') and write no `<type>`. The runner
    /// chose that word, where the speed can only guess between a brisk walk and a jog. Whole words
    /// only ("Pride 10K" is no ride), and one sport only: "Bike & Run" is a brick, left to the
    /// evidence.
    pub fn from_title(title: &str) -> Option<Sport> {
        // Split at digits too: an app that writes the date before the sport ("20260208Ходьба").
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        // Scripts written without spaces ("户外健走", outdoor walking): a part of the title.
        let has_phrase = |list: &[&str]| list.iter().any(|p| title.contains(p));
        let running = has(&[
            "run",
            "running",
            "runs",
            "jog",
            "jogging",
            "parkrun",
            "treadmill",
        ]) || names_running_in_another_language(title);
        let families = [
            running.then(|| {
                if has(&["treadmill", "indoor"]) {
                    Sport::TreadmillRunning
                } else if has(&["trail"]) {
                    Sport::TrailRunning
                } else {
                    Sport::Running
                }
            }),
            (has(&[
                "ride",
                "riding",
                "cycling",
                "cycle",
                "bike",
                "biking",
                "bicycle",
                "mtb",
                "ebike",
                "fietsen",
                "radfahren",
                "fahrrad",
                "rennrad",
                "radsport",
                "radtour",
                "vélo",
                "velo",
                "ciclismo",
                "bici",
                "велосипед",
                "велотренировка",
                "rower",
                "kolo",
                "bisiklet",
                "pyöräily",
                "cykling",
                "sykling",
            ]) || has_phrase(&["骑行", "自行车", "单车", "サイクリング", "자전거"]))
            .then_some(Sport::Cycling),
            (has(&[
                "walk",
                "walking",
                "wandelen",
                "spaziergang",
                "caminata",
                "camminata",
                "ходьба",
                "прогулка",
                "spacer",
                "chůze",
                "yürüyüş",
                "kävely",
                "promenad",
            ]) || has_phrase(&["健走", "步行", "散步", "ウォーキング", "걷기"]))
            .then_some(Sport::Walking),
            (has(&[
                "hike",
                "hiking",
                "wandern",
                "wanderung",
                "randonnée",
                "senderismo",
                "поход",
                "wędrówka",
                "turistika",
                "vaellus",
            ]) || has_phrase(&["徒步", "登山", "ハイキング", "하이킹", "등산"]))
            .then_some(Sport::Hiking),
            has(&[
                "swim",
                "swimming",
                "schwimmen",
                "zwemmen",
                "natation",
                "natación",
            ])
            .then_some(Sport::Swimming),
        ];
        let mut named = families.into_iter().flatten();
        match (named.next(), named.next()) {
            (Some(sport), None) => Some(sport),
            _ => None,
        }
    }
}

/// Phone apps and Chinese watches (Zepp, Mi Fitness, Huawei Health) write the sport in the phone's
/// language ("Бег на улице", "Laufen", "Course à pied", "户外跑步"). A whole word, not a part of
/// one (German's "Skilanglauf" is no run), but for scripts written without spaces.
fn names_running_in_another_language(text: &str) -> bool {
    const WORDS: [&str; 19] = [
        "бег",
        "пробежка",
        "біг",
        "laufen",
        "lauf",
        "dauerlauf",
        "correr",
        "carrera",
        "corsa",
        "corrida",
        "hardlopen",
        "löpning",
        "løb",
        "løping",
        "juoksu",
        "bieganie",
        "bieg",
        "běh",
        "koşu",
    ];
    const PHRASES: [&str; 6] = [
        "course à pied",
        "course a pied",
        "跑步",
        "ランニング",
        "러닝",
        "달리기",
    ];
    let text = text.to_lowercase();
    PHRASES.iter().any(|p| text.contains(p))
        || text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| WORDS.contains(&w))
}

impl fmt::Display for Sport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One recorded point. `None` means the device did not record that value at that point (or recorded
/// the format's "invalid" marker).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    pub time: UnixTime,
    /// Degrees (latitude, longitude).
    pub position: Option<(f64, f64)>,
    /// Cumulative distance written by the device (wheel, footpod, GPS fusion).
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f32>,
    pub altitude_m: Option<f32>,
    pub heart_rate: Option<u8>,
    /// As the device writes it: revolutions (or strides) per minute. Running watches store strides
    /// per minute of one foot; the summary doubles it into steps per minute for runs.
    pub cadence: Option<u8>,
    pub power_w: Option<u16>,
}

/// A timer pause (FIT timer stop → start). Time between the two is never moving time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pause {
    pub stopped_at: UnixTime,
    pub resumed_at: UnixTime,
}

/// Totals the device itself wrote (FIT session, TCX laps). Used where they are more trustworthy than
/// what we can compute from samples (distance from a footpod or wheel), and for cross-checks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DeviceTotals {
    pub start_time: Option<UnixTime>,
    /// When the device closed the session (a FIT session's own timestamp; a TCX's latest lap end,
    /// its start and time): with the start, it bounds the records even where the device's elapsed
    /// time leaves a long stop out.
    pub end_time: Option<UnixTime>,
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<u8>,
    pub max_hr: Option<u8>,
    pub ascent_m: Option<f64>,
}

/// A data-quality finding made while decoding. `code` is a stable snake_case word that goes into
/// the `flags` / `quality` columns; `detail` is for humans.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QualityNote {
    #[serde(deserialize_with = "static_code")]
    pub code: StaticCode,
    pub detail: String,
}

/// How many notes of one code a file keeps word for word: the rest of that code are counted in
/// one more note.
pub const NOTES_KEPT_PER_CODE: usize = 3;

/// A file's quality notes as a decoder collects them: the first [`NOTES_KEPT_PER_CODE`] of a
/// code word for word, the rest of it counted (hostile round 37 H1: a chained FIT of 900,000
/// broken parts held a note for each, 300 MB past a 16 MB budget, and a copy of them all for each
/// of its sessions; a TCX of 300,000 empty activities wrote a 42 MB row).
#[derive(Debug, Default)]
pub struct NoteList {
    kept: Vec<QualityNote>,
    folded: Vec<(StaticCode, usize)>,
    /// The last note pushed, when it was counted rather than kept: the fault that stopped a
    /// reading is told in its own words.
    last_folded: Option<QualityNote>,
}

impl NoteList {
    pub fn push(&mut self, note: QualityNote) {
        let same = self.kept.iter().filter(|n| n.code == note.code).count();
        if same < NOTES_KEPT_PER_CODE {
            self.kept.push(note);
            self.last_folded = None;
            return;
        }
        match self.folded.iter_mut().find(|(code, _)| *code == note.code) {
            Some((_, count)) => *count += 1,
            None => self.folded.push((note.code, 1)),
        }
        self.last_folded = Some(note);
    }

    /// The last note pushed.
    pub fn last(&self) -> Option<&QualityNote> {
        self.last_folded.as_ref().or(self.kept.last())
    }

    /// The notes kept, then one for each code with more, saying how many.
    pub fn into_notes(self) -> Vec<QualityNote> {
        let mut notes = self.kept;
        for (code, count) in self.folded {
            notes.push(QualityNote::new(code, format!("and {count} more like it")));
        }
        notes
    }
}

/// A quality code: `&'static str` under a name, so that serde does not take it for text borrowed
/// from its input.
pub type StaticCode = &'static str;

/// Every quality code grayzone writes, sorted: a code read back from a serialized summary (the
/// Python package's `judge`) is one of these or refused. A fixed list keeps no state: the
/// process's memory does not grow with a caller's words, and no caller's words can crowd out a
/// real code (review 35 §5.3, review 36 §1.2). A test checks that every code the source writes
/// is here.
pub const QUALITY_CODES: [&str; 44] = [
    "activity_skipped",
    "apple_health_route",
    "archive_broken",
    "bad_timestamps",
    "bad_values",
    "chained_part_broken",
    "copied_laps",
    "crc_mismatch",
    "distance_from_speed",
    "distance_increments",
    "gps_jumps_skipped",
    "gps_wander_removed",
    "header_crc_mismatch",
    "heart_rate_track",
    "hr_cadence_lock",
    "hr_dropout",
    "hr_from_device_totals",
    "hr_out_of_range",
    "hr_strap_spike",
    "implausible_speed",
    "implausible_total",
    "laps_disagree",
    "missing_crc",
    "no_session",
    "no_trackpoints",
    "points_without_time",
    "records_incomplete",
    "records_without_time",
    "relative_time",
    "ride_left_out",
    "several_outings",
    "sparse_records",
    "sport_from_index",
    "sport_from_title",
    "sport_inferred",
    "sport_unknown",
    "start_off_records",
    "time_out_of_order",
    "truncated",
    "tz_offset_disagrees",
    "unclosed_recording",
    "undefined_message",
    "untimed_tracks",
    "walk_not_run",
];

/// A quality code read back from a serialized summary, as the list holds it.
fn static_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let code = <String as serde::Deserialize>::deserialize(d)?;
    match QUALITY_CODES.binary_search(&code.as_str()) {
        Ok(i) => Ok(QUALITY_CODES[i]),
        Err(_) => Err(serde::de::Error::custom(format!(
            "{} is not a quality code grayzone writes (a summary from another version?)",
            crate::activity::label::echo(&code)
        ))),
    }
}

impl QualityNote {
    pub fn new(code: &'static str, detail: impl Into<String>) -> Self {
        QualityNote {
            code,
            detail: detail.into(),
        }
    }
}

/// One activity (one FIT session, one TCX `<Activity>`, one GPX file) in a single data model.
#[derive(Clone, Debug, Default)]
pub struct Activity {
    pub format: Option<SourceFormat>,
    pub sport: Sport,
    /// The vendor's sport words as written (e.g. "running/treadmill"), for the curious.
    pub sport_raw: String,
    pub device: Option<String>,
    /// Samples in time order: every decoder leaves them so ([`sort_by_time`]), and the summary
    /// makes sure of it for an activity built by other means.
    pub samples: Vec<Sample>,
    pub pauses: Vec<Pause>,
    /// Local time minus UTC, in seconds, when the file says (FIT `activity.local_timestamp`, or a GPX
    /// or TCX time written with an offset).
    pub utc_offset_s: Option<i32>,
    pub totals: DeviceTotals,
    pub laps: u32,
    /// When the laps began (those whose start is known): a run cut from its recording counts only
    /// the laps it ran.
    pub lap_starts: Vec<f64>,
    pub notes: Vec<QualityNote>,
    /// What the runner and the watch said the run was meant to be (title, workout, lap marks).
    pub intent: Intent,
    /// The watch's own heart-rate settings on the day.
    pub watch: WatchSettings,
}

/// What a decoder makes of one file.
#[derive(Debug)]
pub enum FileContent {
    /// One entry per session / activity in the file (usually one).
    Activities(Vec<Activity>),
    /// A valid file that holds no activity (FIT settings, monitoring, a GPX route without times…).
    NotActivity { note: String },
}

/// Why a file could not be read at all. The message is one line and names the fault, not the file
/// (the caller adds the path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl DecodeError {
    pub fn new(msg: impl Into<String>) -> Self {
        DecodeError(msg.into())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

pub type DecodeResult = Result<FileContent, DecodeError>;

/// Puts samples in time order, stably (points that share a time keep their file order); a
/// file already in order, nearly every one, costs one look.
pub fn sort_by_time(samples: &mut [Sample]) {
    if !samples.is_sorted_by(|a, b| a.time <= b.time) {
        samples.sort_by(|a, b| a.time.total_cmp(&b.time));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_code(code: &str) -> Result<QualityNote, serde_json::Error> {
        serde_json::from_str::<QualityNote>(&format!(
            "{{\"code\": {}, \"detail\": \"\"}}",
            serde_json::Value::from(code)
        ))
    }

    #[test]
    fn quality_codes_read_back_are_the_list_s_own() {
        let Ok(a) = read_code("hr_dropout") else {
            panic!("a code reads back");
        };
        let at = QUALITY_CODES.binary_search(&"hr_dropout").unwrap();
        assert!(std::ptr::eq(a.code, QUALITY_CODES[at]), "the list's own");
        // No caller's words crowd out a real code, however many were refused before it.
        for n in 0..300 {
            let e = read_code(&format!("junk_{n}"))
                .expect_err("junk")
                .to_string();
            assert!(e.contains("is not a quality code grayzone writes"), "{e}");
        }
        for code in QUALITY_CODES {
            assert_eq!(read_code(code).map(|n| n.code).ok(), Some(code));
        }
        for odd in ["", "Not A Code", &"x".repeat(41), "naïve", "hr_cleaned"] {
            assert!(read_code(odd).is_err(), "{odd}");
        }
    }

    /// Every code the source writes (`QualityNote::new("…"` and `.note("…"`) is in the list,
    /// which is sorted and has each once: a new code not added would be refused when read back.
    #[test]
    fn every_code_the_source_writes_is_in_the_list() {
        assert!(
            QUALITY_CODES.windows(2).all(|w| w[0] < w[1]),
            "sorted, once"
        );
        let mut seen = std::collections::BTreeSet::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for call in ["QualityNote::new(", ".note("] {
                    for (at, _) in text.match_indices(call) {
                        let rest = text[at + call.len()..].trim_start();
                        let Some(lit) = rest.strip_prefix('"') else {
                            continue;
                        };
                        let code = &lit[..lit.find('"').unwrap()];
                        // This test's own words about the calls are no call: a code is a word.
                        let word = !code.is_empty()
                            && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                        if !word {
                            continue;
                        }
                        assert!(
                            QUALITY_CODES.contains(&code),
                            "{}: {code} is not in QUALITY_CODES",
                            path.display()
                        );
                        seen.insert(code.to_string());
                    }
                }
            }
        }
        // The scan finds the codes it is meant to (a scan that finds none passes nothing).
        assert!(seen.len() >= 40, "{seen:?}");
    }

    #[test]
    fn a_run_is_named_in_the_phone_s_language() {
        for run in [
            "20260208Бег на улице",
            "Laufen",
            "Course à pied",
            "户外跑步",
            "屋外ランニング",
            "Hardlopen",
            "Löpning",
            "Bieganie",
        ] {
            assert_eq!(Sport::from_text(run, None), Sport::Running, "{run}");
        }
        for not_run in ["Skilanglauf", "Course", "Yoga"] {
            assert_eq!(Sport::from_text(not_run, None), Sport::Other, "{not_run}");
        }
        // A ride in the app's words is a ride (OruxMaps in German writes "Fahrrad/ Strasse"), and
        // so are a walk and a hike (Zepp, Huawei Health and Russian apps write them so).
        for (words, sport) in [
            ("Radfahren", Sport::Cycling),
            ("Fahrrad/ Strasse", Sport::Cycling),
            ("Ciclismo", Sport::Cycling),
            ("Велосипед", Sport::Cycling),
            ("户外骑行", Sport::Cycling),
            ("Ходьба", Sport::Walking),
            ("20260208Велосипед", Sport::Cycling),
            ("户外健走", Sport::Walking),
            ("ウォーキング", Sport::Walking),
            ("徒步", Sport::Hiking),
        ] {
            assert_eq!(Sport::from_text(words, None), sport, "{words}");
        }
    }
    #[test]
    fn a_title_names_the_sport_by_a_whole_word_of_one_sport() {
        for (title, sport) in [
            ("Running 4/13/16 6:29 pm", Some(Sport::Running)),
            ("Morning Ride", Some(Sport::Cycling)),
            ("Cycling", Some(Sport::Cycling)),
            ("Leiden Fietsen", Some(Sport::Cycling)),
            ("Evening Walk with the dog", Some(Sport::Walking)),
            ("Hike up Mount Tam", Some(Sport::Hiking)),
            ("Lunch Swim", Some(Sport::Swimming)),
            ("Treadmill run", Some(Sport::TreadmillRunning)),
            ("Trail run, Mont Blanc", Some(Sport::TrailRunning)),
            ("Sonntagslauf", None),
            ("Lockerer Dauerlauf", Some(Sport::Running)),
            ("Saturday parkrun", Some(Sport::Running)),
            // A part of a word is no sport; two sports are a brick; no sport word, no sport.
            ("Pride 10K", None),
            ("Bike & Run brick", None),
            ("Greeting SF with a dumb, dumb route", None),
            ("2019-07-12 19:04:29", None),
        ] {
            assert_eq!(Sport::from_title(title), sport, "{title}");
        }
    }
}
