//! Packaging as the services deliver it: `.gz` files, and the Strava and Garmin bulk-export zip
//! layouts. Timestamps and permissions inside the archives are fixed so the bytes are the same on
//! every run and every machine.

use super::iso_time;
use flate2::write::GzEncoder;
use flate2::Compression;
use grayzone::activity::UnixTime;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// gzip with mtime 0 and no file name in the header.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// A zip archive of (path inside the archive, bytes), deflated, every entry dated
/// 2024-01-01 00:00:00 with mode 0644.
pub fn zip_files(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let when = DateTime::from_date_and_time(2024, 1, 1, 0, 0, 0).unwrap_or_default();
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        if zip.start_file(name.as_str(), opts).is_ok() {
            let _ = zip.write_all(bytes);
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// One activity in a Strava bulk export.
#[derive(Clone, Debug)]
pub struct StravaActivity {
    pub id: u64,
    pub name: String,
    /// Strava's type word: "Run", "Ride", "Walk".
    pub activity_type: String,
    pub start: UnixTime,
    pub elapsed_s: f64,
    pub distance_m: f64,
    pub max_hr: Option<u8>,
    /// Path inside the export, e.g. `activities/1234.fit.gz`.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Strava's bulk-export layout: `activities/<id>.<fmt>[.gz]`, `activities.csv` indexing them, and
/// an unrelated `profile.csv`.
pub fn strava_export(activities: &[StravaActivity]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("activities.csv".to_string(), strava_activities_csv(activities).into_bytes()),
        (
            "profile.csv".to_string(),
            b"Athlete ID,Email Address,First Name,Last Name,Sex,Description,Weight,City,State,Country\n\
              48151623,runner@example.com,Sam,Runner,M,,70.5,Amsterdam,North Holland,Netherlands\n"
                .to_vec(),
        ),
    ];
    for a in activities {
        entries.push((a.file_name.clone(), a.bytes.clone()));
    }
    zip_files(&entries)
}

fn strava_activities_csv(activities: &[StravaActivity]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "Activity ID",
        "Activity Date",
        "Activity Name",
        "Activity Type",
        "Activity Description",
        "Elapsed Time",
        "Distance",
        "Max Heart Rate",
        "Relative Effort",
        "Commute",
        "Activity Private Note",
        "Activity Gear",
        "Filename",
    ]);
    for a in activities {
        let _ = w.write_record([
            a.id.to_string(),
            strava_date(a.start),
            a.name.clone(),
            a.activity_type.clone(),
            String::new(),
            format!("{:.0}", a.elapsed_s),
            format!("{:.2}", a.distance_m / 1000.0),
            a.max_hr.map(|h| format!("{h}.0")).unwrap_or_default(),
            String::new(),
            "false".to_string(),
            String::new(),
            String::new(),
            a.file_name.clone(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Strava's CSV date, in UTC: `Mar 4, 2024, 6:30:00 AM`.
fn strava_date(t: UnixTime) -> String {
    chrono::DateTime::from_timestamp(t.round() as i64, 0)
        .unwrap_or_default()
        .format("%b %-d, %Y, %-I:%M:%S %p")
        .to_string()
}

/// One activity as Garmin's `*_summarizedActivities.json` lists it.
#[derive(Clone, Debug)]
pub struct GarminSummary {
    pub activity_id: u64,
    pub name: String,
    /// Garmin's type key: "running", "trail_running", "cycling".
    pub type_key: String,
    pub start: UnixTime,
    /// Garmin's event type: 1 for a race, 4 training, 9 uncategorized.
    pub event_type_id: u8,
}

/// [`garmin_export`] with the activities listed in its summarized-activities JSON, as Garmin
/// writes them (start in milliseconds, GMT; the event type's id).
pub fn garmin_export_with_summaries(
    uploads: &[(String, Vec<u8>)],
    summaries: &[GarminSummary],
) -> Vec<u8> {
    let list: Vec<String> = summaries
        .iter()
        .map(|a| {
            format!(
                "{{\"activityId\":{},\"name\":\"{}\",\"activityType\":\"{}\",\"sportType\":\"RUNNING\",\"startTimeGmt\":{:.0},\"eventTypeId\":{}}}",
                a.activity_id,
                json_text(&a.name),
                json_text(&a.type_key),
                (a.start * 1000.0).round(),
                a.event_type_id
            )
        })
        .collect();
    let json = format!(
        "[{{\"summarizedActivitiesExport\":[{}]}}]\n",
        list.join(",")
    );
    zip_files(&[
        (
            "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json"
                .to_string(),
            json.into_bytes(),
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip".to_string(),
            zip_files(uploads),
        ),
    ])
}

/// A JSON string's content: quotes, backslashes and control characters escaped.
fn json_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Garmin's GDPR export layout: the original uploads sit in a zip inside the zip
/// (`DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`), next to JSON files that
/// are not activities.
pub fn garmin_export(uploads: &[(String, Vec<u8>)], exported_at: UnixTime) -> Vec<u8> {
    let inner = zip_files(uploads);
    let stamp = iso_time(exported_at, None);
    let profile = format!(
        "{{\"userName\":\"runner@example.com\",\"gender\":\"MALE\",\"birthDate\":\"1986-05-14\",\"exportedAt\":\"{stamp}\"}}\n"
    );
    let summaries = format!(
        "[{{\"summarizedActivitiesExport\":[],\"note\":\"activity summaries omitted\",\"exportedAt\":\"{stamp}\"}}]\n"
    );
    let sleep = "[{\"calendarDate\":\"2024-01-01\",\"deepSleepSeconds\":5400,\"lightSleepSeconds\":14400}]\n";
    zip_files(&[
        (
            "DI_CONNECT/DI-Connect-User/user_profile.json".to_string(),
            profile.into_bytes(),
        ),
        (
            "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json"
                .to_string(),
            summaries.into_bytes(),
        ),
        (
            "DI_CONNECT/DI-Connect-Wellness/2024-01-01_2024-04-10_123456_sleepData.json"
                .to_string(),
            sleep.as_bytes().to_vec(),
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip".to_string(),
            inner,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut buf = Vec::new();
                f.read_to_end(&mut buf).unwrap();
                (f.name().to_string(), buf)
            })
            .collect()
    }

    #[test]
    fn gzip_round_trips_with_a_zero_mtime() {
        let g = gzip(b"hello runner");
        assert_eq!(&g[..4], &[0x1f, 0x8b, 8, 0]);
        assert_eq!(&g[4..8], &[0, 0, 0, 0], "mtime");
        let mut out = String::new();
        flate2::read::GzDecoder::new(&g[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "hello runner");
        assert_eq!(gzip(b"same"), gzip(b"same"));
    }

    #[test]
    fn zips_are_deterministic_and_readable() {
        let entries = vec![
            ("a/b.txt".to_string(), b"x".repeat(100)),
            ("c.fit".to_string(), vec![1, 2, 3]),
        ];
        let z = zip_files(&entries);
        assert_eq!(z, zip_files(&entries));
        assert_eq!(unzip(&z), entries);
    }

    #[test]
    fn strava_layout() {
        let a = StravaActivity {
            id: 10_234_567_890,
            name: "Morning Run".into(),
            activity_type: "Run".into(),
            start: 1_709_533_800.0,
            elapsed_s: 1800.0,
            distance_m: 5_230.0,
            max_hr: Some(171),
            file_name: "activities/10234567890.fit.gz".into(),
            bytes: vec![9; 10],
        };
        let files = unzip(&strava_export(&[a]));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "activities.csv",
                "profile.csv",
                "activities/10234567890.fit.gz"
            ]
        );
        let csv = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(csv.contains(
            "10234567890,\"Mar 4, 2024, 6:30:00 AM\",Morning Run,Run,,1800,5.23,171.0,,false,,,activities/10234567890.fit.gz"
        ));
    }

    #[test]
    fn garmin_layout_nests_the_uploads() {
        let outer = unzip(&garmin_export(
            &[("u_1.fit".into(), vec![1, 2])],
            1_712_700_000.0,
        ));
        let (name, inner) = outer.last().unwrap();
        assert_eq!(
            name,
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
        );
        assert_eq!(unzip(inner), vec![("u_1.fit".to_string(), vec![1, 2])]);
        assert_eq!(
            outer.iter().filter(|(n, _)| n.ends_with(".json")).count(),
            3
        );
    }
}
