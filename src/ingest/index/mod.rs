//! Export indexes: the lists an export keeps beside its activity files, with what the runner
//! called each run. Strava's bulk export has `activities.csv` at its root (name, type,
//! description, the file it came from, its tags); Garmin's has
//! `DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json` (name, type, start, event type).
//!
//! Pure functions: finding the index files in a listing, reading them, and matching a file to
//! its entry (Strava by file name; Garmin by start time, because the number in a Garmin file's
//! name is an upload id, not the activity's).

use std::collections::HashMap;

use crate::activity::{label, UnixTime};

mod garmin;

pub use garmin::{read_garmin_json, GarminStarts, GARMIN_MATCH_S};

/// Which export an index comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    /// Strava's `activities.csv`.
    StravaCsv,
    /// Garmin's `*_summarizedActivities.json`.
    GarminJson,
}

/// What an index says of one activity.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexEntry {
    pub activity_id: Option<String>,
    /// The activity's title as the runner left it.
    pub name: Option<String>,
    /// The export's own sport word ("Run", "running", "trail_running").
    pub sport: Option<String>,
    pub description: Option<String>,
    /// Strava: the activity's file inside the export (`activities/123.fit.gz`).
    pub file: Option<String>,
    /// UTC start, when the index gives one that reads.
    pub start_time: Option<UnixTime>,
    /// The export marks it a race (Strava's Competition tag or workout type, Garmin's event type).
    pub race: bool,
    /// The export marks it a long run (Strava's Long Run tag or workout type).
    pub long_run: bool,
    /// The marker that said race or long run, in words, for provenance.
    pub marker: Option<String>,
}

/// An index read: its entries, and the rows that could not be read (one line each).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    pub entries: Vec<IndexEntry>,
    pub problems: Vec<String>,
    /// How many rows could not be read: `problems` lists the first of them.
    pub rows_not_read: usize,
}

/// The rows of an index that could not be read are listed up to this many.
const PROBLEMS_LISTED: usize = 100;

impl Index {
    /// What the index holds on the heap: its entries (with their texts) and its problem lines.
    pub fn heap_bytes(&self) -> u64 {
        let texts: usize = self.entries.iter().map(IndexEntry::text_bytes).sum();
        let problems: usize = self.problems.iter().map(|p| p.capacity()).sum();
        (self.entries.capacity() * std::mem::size_of::<IndexEntry>()
            + texts
            + self.problems.capacity() * std::mem::size_of::<String>()
            + problems) as u64
    }

    /// Keeps an entry, charged to the memory budget of the reading (an index of millions of rows
    /// in a few KB of zip must not grow past it): `Err` when it does not fit.
    fn push(&mut self, entry: IndexEntry) -> Result<(), IndexError> {
        // Twice the entry: the list grows by doubling.
        let cost = 2 * std::mem::size_of::<IndexEntry>() + entry.text_bytes();
        if !crate::ingest::budget::charge(cost as u64) {
            return Err(IndexError(crate::ingest::budget::refusal_here()));
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Notes a row that could not be read: the first [`PROBLEMS_LISTED`], then one line saying
    /// there are more.
    fn problem(&mut self, line: String) {
        self.rows_not_read += 1;
        match self.problems.len() {
            n if n < PROBLEMS_LISTED => self.problems.push(line),
            n if n == PROBLEMS_LISTED => self.problems.push("more rows not read".to_owned()),
            _ => {}
        }
    }
}

impl IndexEntry {
    fn text_bytes(&self) -> usize {
        [
            &self.activity_id,
            &self.name,
            &self.sport,
            &self.description,
            &self.file,
            &self.marker,
        ]
        .iter()
        .map(|t| t.as_ref().map_or(0, String::capacity))
        .sum()
    }
}

/// Why an index could not be read at all (one line; the caller adds the path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexError(pub String);

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which index a file is, by its name (`activities.csv`, `…_summarizedActivities.json`).
pub fn index_kind(path: &str) -> Option<IndexKind> {
    let name = label::file_name(path).to_ascii_lowercase();
    if name == "activities.csv" {
        Some(IndexKind::StravaCsv)
    } else if name.ends_with("summarizedactivities.json") {
        Some(IndexKind::GarminJson)
    } else {
        None
    }
}

/// Reads an index of either kind.
pub fn read(kind: IndexKind, bytes: &[u8]) -> Result<Index, IndexError> {
    match kind {
        IndexKind::StravaCsv => read_strava_csv(bytes),
        IndexKind::GarminJson => read_garmin_json(bytes),
    }
}

/// Whether a file that begins with `head` is an export's own index of this kind, as the export
/// wrote it: Strava's header names at least two of its columns (a table of grayzone's own,
/// named `activities.csv`, names none); Garmin's summary is JSON. An output must never replace
/// one: it is the runner's only record of what they called each run.
pub fn is_export_index(kind: IndexKind, head: &[u8]) -> bool {
    match kind {
        IndexKind::StravaCsv => {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(head);
            let mut header = csv::StringRecord::new();
            if !reader.read_record(&mut header).unwrap_or(false) {
                return false;
            }
            let named = header
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
                .filter(|n| {
                    STRAVA_COLUMNS
                        .iter()
                        .any(|(_, aliases, _)| aliases.contains(&n.as_str()))
                })
                .count();
            named >= 2
        }
        // Garmin's list, or a bare list of its activities (a table of grayzone's own names none).
        IndexKind::GarminJson => [&b"summarizedActivitiesExport"[..], b"\"activityId\""]
            .iter()
            .any(|key| head.windows(key.len()).any(|w| w == *key)),
    }
}

// ------------------------------------------------------------------------------------------
// Strava
// ------------------------------------------------------------------------------------------

/// The columns read, with the header names Strava writes for them in the languages seen so far.
/// Headers are localised to the account's language; where a name is not known, the first five
/// columns (ID, date, name, type, description) have kept their place in every export version.
const STRAVA_COLUMNS: [(Column, &[&str], Option<usize>); 9] = [
    (
        Column::Id,
        &[
            "activity id",
            "aktivitäts-id",
            "id de actividad",
            "id de l'activité",
            "id attività",
        ],
        Some(0),
    ),
    (
        Column::Date,
        &[
            "activity date",
            "aktivitätsdatum",
            "fecha de la actividad",
            "date de l'activité",
        ],
        Some(1),
    ),
    (
        Column::Name,
        &[
            "activity name",
            "aktivitätsname",
            "name der aktivität",
            "nombre de la actividad",
            "nom de l'activité",
            "nome attività",
        ],
        Some(2),
    ),
    (
        Column::Type,
        &[
            "activity type",
            "aktivitätsart",
            "aktivitätstyp",
            "tipo de actividad",
            "type d'activité",
            "tipo di attività",
        ],
        Some(3),
    ),
    (
        Column::Description,
        &[
            "activity description",
            "aktivitätsbeschreibung",
            "descripción de la actividad",
            "description de l'activité",
            "descrizione attività",
        ],
        Some(4),
    ),
    (
        Column::File,
        &[
            "filename",
            "dateiname",
            "nombre del archivo",
            "nom du fichier",
            "nome file",
        ],
        None,
    ),
    (
        Column::Competition,
        &[
            "competition",
            "wettkampf",
            "competición",
            "compétition",
            "competizione",
        ],
        None,
    ),
    (Column::LongRun, &["long run", "langer lauf"], None),
    (Column::WorkoutType, &["workout type", "trainingstyp"], None),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Id,
    Date,
    Name,
    Type,
    Description,
    File,
    Competition,
    LongRun,
    WorkoutType,
}

/// Where each column sits: by header name (first occurrence: `Distance`, `Elapsed Time` and
/// others appear twice, and the columns read here appear once), else by its stable place.
fn strava_columns(header: &csv::StringRecord) -> HashMap<Column, usize> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let mut out = HashMap::new();
    for (column, aliases, place) in STRAVA_COLUMNS {
        let found = names.iter().position(|n| aliases.contains(&n.as_str()));
        if let Some(i) = found.or(place.filter(|&p| p < names.len())) {
            out.insert(column, i);
        }
    }
    out
}

/// A Strava tag cell: "1", "1.0", "true".
fn truthy(cell: &str) -> bool {
    let c = cell.trim().to_ascii_lowercase();
    c == "true" || c.parse::<f64>().is_ok_and(|v| v > 0.0)
}

/// Strava's activity date, UTC: `Mar 9, 2025, 6:02:11 AM`, `20.09.2026, 14:12:12`, or ISO.
fn strava_date(cell: &str) -> Option<UnixTime> {
    let cell = cell.trim();
    [
        "%b %d, %Y, %I:%M:%S %p",
        "%b %d, %Y %I:%M:%S %p",
        "%d.%m.%Y, %H:%M:%S",
        "%d/%m/%Y, %H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%SZ",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(cell, f).ok())
    .map(|t| t.and_utc().timestamp() as f64)
}

/// A cell in Windows-1252, the code page a spreadsheet on Windows saves a CSV in: Latin-1 but for
/// the printable characters it puts at 0x80–0x9F (€, curly quotes, dashes).
fn windows_1252(cell: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    cell.iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

fn non_empty(cell: Option<&str>) -> Option<String> {
    crate::activity::intent::clean_text(cell?)
}

/// Reads Strava's `activities.csv`.
pub fn read_strava_csv(bytes: &[u8]) -> Result<Index, IndexError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| IndexError(format!("not a readable CSV header: {e}")))?
        .clone();
    let columns = strava_columns(&header);
    let file_by_name = columns.contains_key(&Column::File);
    if columns.len() < 3 {
        return Err(IndexError(format!(
            "not Strava's activities.csv: {} column(s), none named Activity Name or Filename",
            header.len()
        )));
    }
    let mut index = Index::default();
    for (i, record) in reader.byte_records().enumerate() {
        let line = i + 2;
        let record = match record.map(csv::StringRecord::from_byte_record) {
            Ok(Ok(r)) => r,
            // Not UTF-8: a spreadsheet on Windows saves the file in its own code page, and a
            // runner's "10 km du marché" lost its name, id and race mark without a word (hostile
            // round 38 H2).
            Ok(Err(e)) => e
                .into_byte_record()
                .iter()
                .map(windows_1252)
                .collect::<Vec<String>>()
                .into(),
            Err(e) => {
                index.problem(format!("row {line}: {e}"));
                continue;
            }
        };
        let cell = |c: Column| columns.get(&c).and_then(|&i| record.get(i));
        // An older export without a Filename header: the cell that names an activity file.
        let file = if file_by_name {
            non_empty(cell(Column::File))
        } else {
            record
                .iter()
                .find(|c| c.trim_start().starts_with("activities/"))
                .and_then(|c| non_empty(Some(c)))
        };
        let workout_type = cell(Column::WorkoutType).map(str::trim).unwrap_or("");
        // Strava's workout types for runs: 1 race, 2 long run (rides: 11 race).
        let race_type =
            matches!(workout_type, "1" | "11") || workout_type.eq_ignore_ascii_case("race");
        let long_type = workout_type == "2" || workout_type.eq_ignore_ascii_case("long run");
        let competition = cell(Column::Competition).is_some_and(truthy);
        let long_tag = cell(Column::LongRun).is_some_and(truthy);
        let marker = if competition {
            Some("Strava Competition tag")
        } else if race_type {
            Some("Strava workout type race")
        } else if long_tag {
            Some("Strava Long Run tag")
        } else if long_type {
            Some("Strava workout type long run")
        } else {
            None
        };
        let entry = IndexEntry {
            activity_id: non_empty(cell(Column::Id)),
            name: non_empty(cell(Column::Name)),
            sport: non_empty(cell(Column::Type)),
            description: non_empty(cell(Column::Description)),
            file,
            start_time: cell(Column::Date).and_then(strava_date),
            race: competition || race_type,
            long_run: long_tag || long_type,
            marker: marker.map(str::to_owned),
        };
        if entry == IndexEntry::default() {
            continue;
        }
        index.push(entry)?;
    }
    Ok(index)
}

/// The path a Strava index's `Filename` has in the listing, given where the index was found:
/// `export.zip!activities.csv` and `activities/1.fit.gz` give `export.zip!activities/1.fit.gz`.
pub fn strava_file_path(index_path: &str, file: &str) -> String {
    let dir_end = index_path.rfind(['/', '\\', '!']).map_or(0, |i| i + 1);
    let dir = index_path.get(..dir_end).unwrap_or("");
    let file = file.trim().trim_start_matches("./").replace('\\', "/");
    format!("{dir}{file}")
}

/// Strava entries by the path their file has in the listing (compared without case: exports
/// move between file systems).
pub struct StravaFiles<'a> {
    by_path: HashMap<String, &'a IndexEntry>,
}

impl<'a> StravaFiles<'a> {
    /// Every index's entries in one map, `(where the index was found, the index)`: one look-up a
    /// file, however many indexes an export holds (40,000 indexes beside 40,000 runs, each asked
    /// in turn, were 1.6 billion look-ups, 3 minutes). An earlier index's entry stands over a
    /// later one's for the same file; within an index, the last entry for a file stands.
    pub fn new(indexes: &[(&str, &'a Index)]) -> Self {
        // Inserted from the last index to the first: what is inserted last stands.
        let by_path = indexes
            .iter()
            .rev()
            .flat_map(|&(index_path, index)| {
                index.entries.iter().filter_map(move |e| {
                    let file = e.file.as_deref()?;
                    Some((strava_file_path(index_path, file).to_lowercase(), e))
                })
            })
            .collect();
        StravaFiles { by_path }
    }

    /// The entry of a file as found (a second session's `#2` suffix ignored).
    pub fn entry(&self, path: &str) -> Option<&'a IndexEntry> {
        self.by_path
            .get(&label::file(path).replace('\\', "/").to_lowercase())
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_a_windows_spreadsheet_saved_keeps_its_name_and_marks() {
        // "10 km du marché – €5" in Windows-1252 (é 0xE9, en dash 0x96, € 0x80), beside a row in
        // UTF-8: both read, nothing listed as unread (hostile round 38 H2: the row was dropped).
        let mut csv =
            b"Activity ID,Activity Date,Activity Name,Activity Type,Filename,Competition\n\
111,\"Mar 4, 2024, 6:30:00 AM\",Course du village \xc3\xa9t\xc3\xa9,Run,a.fit,0\n"
                .to_vec();
        csv.extend_from_slice(
            b"222,\"Mar 4, 2024, 5:00:00 PM\",10 km du march\xe9 \x96 \x805,Run,b.fit,1\n",
        );
        let index = read_strava_csv(&csv).unwrap();
        assert_eq!((index.entries.len(), index.rows_not_read), (2, 0));
        assert_eq!(
            index.entries[0].name.as_deref(),
            Some("Course du village été")
        );
        assert_eq!(
            index.entries[1].name.as_deref(),
            Some("10 km du marché – €5")
        );
        assert_eq!(index.entries[1].activity_id.as_deref(), Some("222"));
        assert!(index.entries[1].race && !index.entries[0].race);
    }

    #[test]
    fn index_files_are_found_by_name() {
        let listing = [
            "export.zip!activities.csv",
            "export.zip!activities/1.fit.gz",
            "export.zip!media/activities.csv.jpg",
            "g.zip!DI_CONNECT/DI-Connect-Fitness/runner@x.com_0_summarizedActivities.json",
            "g.zip!DI_CONNECT/DI-Connect-Fitness/runner@x.com_1001_summarizedActivities.json",
            "g.zip!DI_CONNECT/DI-Connect-Wellness/x_sleepData.json",
            "/home/r/Strava/ACTIVITIES.CSV",
        ];
        let mut kinds: Vec<(&str, IndexKind)> = listing
            .iter()
            .filter_map(|&path| Some((path, index_kind(path)?)))
            .collect();
        kinds.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(
            kinds,
            [
                ("/home/r/Strava/ACTIVITIES.CSV", IndexKind::StravaCsv),
                ("export.zip!activities.csv", IndexKind::StravaCsv),
                (
                    "g.zip!DI_CONNECT/DI-Connect-Fitness/runner@x.com_0_summarizedActivities.json",
                    IndexKind::GarminJson
                ),
                (
                    "g.zip!DI_CONNECT/DI-Connect-Fitness/runner@x.com_1001_summarizedActivities.json",
                    IndexKind::GarminJson
                ),
            ]
        );
    }

    #[test]
    fn strava_dates_read_in_utc() {
        // 2025-03-09T06:02:11Z
        assert_eq!(
            strava_date("Mar 9, 2025, 6:02:11 AM"),
            Some(1_741_500_131.0)
        );
        assert_eq!(
            strava_date("Mar 9, 2025, 6:02:11 PM"),
            Some(1_741_543_331.0)
        );
        assert_eq!(strava_date("09.03.2025, 06:02:11"), Some(1_741_500_131.0));
        assert_eq!(strava_date("yesterday"), None);
    }

    #[test]
    fn strava_paths_join_the_index_folder() {
        assert_eq!(
            strava_file_path("export.zip!activities.csv", "activities/1.fit.gz"),
            "export.zip!activities/1.fit.gz"
        );
        assert_eq!(
            strava_file_path("/data/export_123/activities.csv", "activities/2.gpx"),
            "/data/export_123/activities/2.gpx"
        );
        assert_eq!(
            strava_file_path("activities.csv", "activities/3.tcx.gz"),
            "activities/3.tcx.gz"
        );
    }
}
