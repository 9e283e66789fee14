//! The export indexes: Strava's `activities.csv` (columns by name, the duplicate `Distance` and
//! `Elapsed Time` columns, tags) and Garmin's summarized activities (matched to files by start
//! time), read from realistic copies of both.

use grayzone::activity::Sport;
use grayzone::ingest::index::{
    read, read_garmin_json, read_strava_csv, GarminStarts, IndexKind, StravaFiles,
};

/// The current English header (103 columns, `Elapsed Time`, `Distance`, `Max Heart Rate`,
/// `Relative Effort` and `Commute` twice) and four rows: a run with a comma in its name, a
/// manual entry without a file, a race tagged Competition, a long run tagged Long Run.
const STRAVA: &str = concat!(
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,Grade Adjusted Distance,Weather Observation Time,Weather Condition,Weather Temperature,Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,Dirt Distance,Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,Total Steps,Carbon Saved,Pool Length,Training Load,Intensity,Average Grade Adjusted Pace,Timer Time,Total Cycles,Recovery,With Pet,Competition,Long Run,For a Cause,With Kid,Downhill Distance,Total Sets,Total Reps,Media\n",
    "12345678901,\"Mar 9, 2025, 6:02:11 AM\",\"Easy run, Vistula boulevards\",Run,\"Z2, legs heavy\",3725,10.04,158,41,false,,Pegasus 41,activities/13211224455.fit.gz,,,3725.0,3650.0,10043.2,3.9,2.751,38.0,36.0,,,,,,,,83.6,158.0,139.4,,,702.0,,,41.0,,,,,,,,,,,,,0.0,,1.0,10112.0,,,,,,,,,,,,,,,,,,,,,,,,,,,2.696,,,,1.0,10980.0,,,41.0,,,3650.0,,,,,,,,,,,\n",
    "12350000002,\"Mar 16, 2025, 8:30:00 AM\",Gym,Weight Training,,2700,0.00,,,false,,,,,,2700.0,2700.0,0.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0.0,,0.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1.0,,,,,,,,,,,,,,,,,,\n",
    "12360000003,\"Mar 23, 2025, 9:00:04 AM\",Półmaraton Warszawski,Run,PB!,5460,21.2,181,190,false,,,activities/13300000001.fit.gz,,,5460.0,5455.0,21190.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1.0,,,,,,,\n",
    "12370000004,\"Mar 30, 2025, 7:15:00 AM\",Sunday,Run,,7300,24.1,160,88,false,,,activities/13400000002.gpx.gz,,,7300.0,7200.0,24100.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1.0,,,,,,\n",
);

#[test]
fn strava_rows_read_by_column_name() {
    let index = read_strava_csv(STRAVA.as_bytes()).unwrap();
    assert!(index.problems.is_empty(), "{:?}", index.problems);
    assert_eq!(index.entries.len(), 4);
    let run = &index.entries[0];
    assert_eq!(run.activity_id.as_deref(), Some("12345678901"));
    assert_eq!(run.name.as_deref(), Some("Easy run, Vistula boulevards"));
    assert_eq!(run.sport.as_deref(), Some("Run"));
    assert_eq!(run.description.as_deref(), Some("Z2, legs heavy"));
    assert_eq!(run.file.as_deref(), Some("activities/13211224455.fit.gz"));
    assert_eq!(run.start_time, Some(1_741_500_131.0));
    assert!(!run.race && !run.long_run);
    let manual = &index.entries[1];
    assert_eq!(manual.file, None);
    assert_eq!(manual.sport.as_deref(), Some("Weight Training"));
    let race = &index.entries[2];
    assert!(race.race, "Competition = 1.0");
    assert_eq!(race.marker.as_deref(), Some("Strava Competition tag"));
    assert_eq!(race.name.as_deref(), Some("Półmaraton Warszawski"));
    let long = &index.entries[3];
    assert!(long.long_run && !long.race);
    assert_eq!(long.marker.as_deref(), Some("Strava Long Run tag"));
}

#[test]
fn strava_columns_in_another_order_and_an_older_export() {
    // Columns moved and a workout type column: found by name, not place.
    let csv = "Filename,Activity Type,Workout Type,Activity Name,Activity ID,Activity Date\n\
               activities/1.tcx.gz,Run,1,Stadtlauf,77,\"Apr 6, 2024, 7:30:00 AM\"\n\
               activities/2.tcx.gz,Run,2,Sonntag,78,\"Apr 7, 2024, 7:30:00 AM\"\n";
    let index = read_strava_csv(csv.as_bytes()).unwrap();
    assert_eq!(index.entries[0].name.as_deref(), Some("Stadtlauf"));
    assert_eq!(index.entries[0].activity_id.as_deref(), Some("77"));
    assert!(index.entries[0].race);
    assert_eq!(
        index.entries[0].marker.as_deref(),
        Some("Strava workout type race")
    );
    assert!(index.entries[1].long_run);
    // A German export: names the reader does not know fall back to the columns' places, and
    // the file is the cell that names one.
    let csv = "Aktivitäts-ID,Aktivitätsdatum,Aktivitätsname,Aktivitätsart,Aktivitätsbeschreibung,Verstrichene Zeit,Distanz,Datei\n\
               99,\"20.09.2026, 14:12:12\",Lockerer Dauerlauf,Lauf,,3600,10,activities/9.fit.gz\n";
    let index = read_strava_csv(csv.as_bytes()).unwrap();
    let e = &index.entries[0];
    assert_eq!(e.activity_id.as_deref(), Some("99"));
    assert_eq!(e.name.as_deref(), Some("Lockerer Dauerlauf"));
    assert_eq!(e.file.as_deref(), Some("activities/9.fit.gz"));
    assert_eq!(e.start_time, Some(1_789_913_532.0));
}

#[test]
fn strava_files_match_by_their_path_in_the_export() {
    let index = read(IndexKind::StravaCsv, STRAVA.as_bytes()).unwrap();
    let files = StravaFiles::new(&[("export_9.zip!activities.csv", &index)]);
    let hit = files
        .entry("export_9.zip!activities/13211224455.fit.gz")
        .unwrap();
    assert_eq!(hit.activity_id.as_deref(), Some("12345678901"));
    // A second session of the same file, and a different case.
    assert_eq!(
        files
            .entry("export_9.zip!Activities/13300000001.FIT.GZ#2")
            .and_then(|e| e.activity_id.as_deref()),
        Some("12360000003")
    );
    // The same file name in another export, or the upload id as an activity id, is no match.
    assert!(files
        .entry("other.zip!activities/13211224455.fit.gz")
        .is_none());
    assert!(files
        .entry("export_9.zip!activities/12345678901.fit.gz")
        .is_none());
}

#[test]
fn not_a_strava_index_says_why() {
    let err = read_strava_csv(b"a,b\n1,2\n").unwrap_err();
    assert!(err.0.contains("not Strava's activities.csv"), "{err}");
    // A row that is not UTF-8 is read in Windows-1252, as a spreadsheet on Windows saved it
    // (hostile round 38 H2: it was dropped, its run nameless, without a word).
    let mut csv =
        b"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Filename\n\
                    1,\"Mar 9, 2025, 6:02:11 AM\",Run,Run,,activities/1.fit\n"
            .to_vec();
    csv.extend_from_slice(b"2,\"Mar 10, 2025, 6:02:11 AM\",R\xffn,Run,,activities/2.fit\n");
    csv.extend_from_slice(b"3,\"Mar 11, 2025, 6:02:11 AM\",Tempo,Run,,activities/3.fit\n");
    let index = read_strava_csv(&csv).unwrap();
    let names: Vec<&str> = index
        .entries
        .iter()
        .filter_map(|e| e.name.as_deref())
        .collect();
    assert_eq!(names, ["Run", "Rÿn", "Tempo"]);
    assert_eq!((index.problems.len(), index.rows_not_read), (0, 0));
}

/// Garmin's export: one chunk, as written (ms, cm), three runs and a ride.
const GARMIN: &str = r#"[{"summarizedActivitiesExport": [
 {"activityId": 18543216789, "name": "Warszawa Running", "activityType": "running", "sportType": "RUNNING",
  "eventTypeId": 9, "beginTimestamp": 1741500131000, "startTimeGmt": 1741500131000, "startTimeLocal": 1741503731000,
  "duration": 3650123.04, "distance": 1004320.0, "manufacturer": "GARMIN"},
 {"activityId": 18600000001, "name": "Recovery jog", "activityType": "running", "eventTypeId": 4,
  "startTimeGmt": 1741586531000, "description": "after the club session"},
 {"activityId": 18600000002, "name": "Cracovia Półmaraton", "activityType": "running", "eventTypeId": 1,
  "startTimeGmt": 1742104800000},
 {"activityId": 18600000003, "name": "Warszawa Cycling", "activityType": "road_biking", "eventTypeId": 9,
  "startTimeGmt": 1742104830000},
 {"activityId": 18600000004, "name": "No time", "activityType": "running"}
]}]"#;

#[test]
fn garmin_entries_read_with_their_event_type() {
    let index = read_garmin_json(GARMIN.as_bytes()).unwrap();
    assert_eq!(index.entries.len(), 4);
    assert_eq!(index.problems.len(), 1);
    assert!(
        index.problems[0].contains("18600000004"),
        "{:?}",
        index.problems
    );
    let first = &index.entries[0];
    assert_eq!(first.activity_id.as_deref(), Some("18543216789"));
    assert_eq!(first.name.as_deref(), Some("Warszawa Running"));
    assert_eq!(first.start_time, Some(1_741_500_131.0));
    assert!(!first.race);
    assert_eq!(
        index.entries[1].description.as_deref(),
        Some("after the club session")
    );
    assert!(index.entries[2].race);
    assert_eq!(
        index.entries[2].marker.as_deref(),
        Some("Garmin event type race")
    );
}

#[test]
fn garmin_files_match_by_start_time_and_sport() {
    let index = read_garmin_json(GARMIN.as_bytes()).unwrap();
    let starts = GarminStarts::new(&[&index]);
    let name = |t: f64, s: Sport| starts.entry(t, s).and_then(|e| e.name.as_deref());
    // The FIT session's start equals beginTimestamp / 1000; a few seconds off still matches.
    assert_eq!(
        name(1_741_500_131.0, Sport::Running),
        Some("Warszawa Running")
    );
    assert_eq!(
        name(1_741_500_131.0 + 42.0, Sport::Running),
        Some("Warszawa Running")
    );
    assert_eq!(
        name(1_741_500_131.0 - 60.0, Sport::Running),
        Some("Warszawa Running")
    );
    assert_eq!(name(1_741_500_131.0 + 61.0, Sport::Running), None);
    // A run and a ride 30 s apart: each file gets its own sport's entry.
    assert_eq!(
        name(1_742_104_815.0, Sport::Running),
        Some("Cracovia Półmaraton")
    );
    assert_eq!(
        name(1_742_104_815.0, Sport::Cycling),
        Some("Warszawa Cycling")
    );
    // A file without a sport takes the nearest.
    assert_eq!(
        name(1_742_104_829.0, Sport::Other),
        Some("Warszawa Cycling")
    );
}

#[test]
fn indexes_in_parts_are_searched_as_one() {
    // Two Strava indexes naming the same file: the first one found stands (as it did when each
    // index was asked in turn); a file only the second names is found in it.
    let one = read(IndexKind::StravaCsv, STRAVA.as_bytes()).unwrap();
    let other = "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n\
                 1,\"Mar 9, 2025, 6:02:11 AM\",Other name,Run,activities/13211224455.fit.gz\n\
                 2,\"Mar 9, 2025, 6:02:11 AM\",Only here,Run,activities/777.fit.gz\n";
    let two = read(IndexKind::StravaCsv, other.as_bytes()).unwrap();
    let files = StravaFiles::new(&[
        ("export_9.zip!activities.csv", &one),
        ("export_9.zip!activities.csv", &two),
    ]);
    let id = |path: &str| files.entry(path).and_then(|e| e.activity_id.as_deref());
    assert_eq!(
        id("export_9.zip!activities/13211224455.fit.gz"),
        Some("12345678901")
    );
    assert_eq!(id("export_9.zip!activities/777.fit.gz"), Some("2"));
    // A Garmin export's summaries in two parts: a run finds its entry in either, the nearest.
    let index = read_garmin_json(GARMIN.as_bytes()).unwrap();
    let empty = read_garmin_json(b"[{\"summarizedActivitiesExport\": []}]").unwrap();
    let starts = GarminStarts::new(&[&empty, &index]);
    assert_eq!(
        starts
            .entry(1_741_500_131.0, Sport::Running)
            .and_then(|e| e.name.as_deref()),
        Some("Warszawa Running")
    );
}

#[test]
fn a_garmin_index_crowding_one_minute_is_weighed_at_its_first_64_entries() {
    // A real export holds one or two entries a minute. 500,000 entries in one second beside 4,000
    // runs had every run parse every entry's sport (77 s): past 64 near a start, none is weighed.
    let mut json = String::from(r#"[{"summarizedActivitiesExport": ["#);
    for i in 0..100 {
        json.push_str(&format!(
            r#"{{"activityId": {i}, "name": "ride {i}", "sportType": "CYCLING", "activityType": "road_biking", "startTimeGmt": 1717311600000, "beginTimestamp": 1717311600000}},"#
        ));
    }
    json.push_str(r#"{"activityId": 999, "name": "the run", "sportType": "RUNNING", "activityType": "running", "startTimeGmt": 1717311600000, "beginTimestamp": 1717311600000}]}]"#);
    let index = read_garmin_json(json.as_bytes()).unwrap();
    assert_eq!(index.entries.len(), 101);
    let starts = GarminStarts::new(&[&index]);
    // The run's own entry is the 101st at that second: not weighed. A ride still finds a ride.
    assert_eq!(starts.entry(1_717_311_600.0, Sport::Running), None);
    assert_eq!(
        starts
            .entry(1_717_311_600.0, Sport::Cycling)
            .and_then(|e| e.name.as_deref()),
        Some("ride 0")
    );
}

#[test]
fn not_a_garmin_index_says_why() {
    assert!(read_garmin_json(b"{\"sleep\": []}")
        .unwrap_err()
        .0
        .contains("no summarizedActivitiesExport"));
    assert!(read_garmin_json(b"[{\"summarizedActivitiesExport\": [")
        .unwrap_err()
        .0
        .starts_with("not readable JSON"));
    // An empty chunk is an index with nothing in it.
    assert!(read_garmin_json(b"[]").unwrap().entries.is_empty());
}

/// An id is shown on a terminal (`explain`'s list of candidates, the tables): one written with
/// control characters loses them, as a Strava title does.
#[test]
fn a_garmin_id_with_control_characters_is_read_without_them() {
    let json = br#"[{"summarizedActivitiesExport": [
        {"activityId": "1\u001b[31mRED\u001b]0;pwned\u0007", "name": "Run", "activityType": "running",
         "beginTimestamp": 1717400000000}]}]"#;
    let index = read_garmin_json(json).unwrap();
    assert_eq!(
        index.entries[0].activity_id.as_deref(),
        Some("1[31mRED]0;pwned")
    );
}

/// An account with no activity exports its list empty (the generated Garmin fixture does too):
/// an index that says nothing, not an unreadable one.
#[test]
fn an_empty_garmin_list_is_an_index_with_no_entries() {
    let index = read_garmin_json(br#"[{"summarizedActivitiesExport":[],"note":"omitted"}]"#)
        .expect("an empty list reads");
    assert!(index.entries.is_empty() && index.problems.is_empty());
    assert!(read_garmin_json(br#"[{"note":"no list"}]"#).is_err());
}
