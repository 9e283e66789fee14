//! The export indexes (Garmin's summarized activities, Strava's `activities.csv`) on arbitrary
//! bytes: no panic, no hang, and what is kept is what an entry may hold.
#![no_main]

use grayzone::ingest::index::{read, IndexKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in [IndexKind::GarminJson, IndexKind::StravaCsv] {
        let Ok(index) = read(kind, data) else {
            continue;
        };
        // An entry takes at least a start or a file name from the bytes.
        assert!(index.entries.len() <= data.len());
        assert!(index.problems.len() <= 101);
        for entry in &index.entries {
            if kind == IndexKind::GarminJson {
                assert!(entry.start_time.is_some_and(f64::is_finite));
                assert!(entry.file.is_none());
            }
            for text in [&entry.name, &entry.description, &entry.activity_id] {
                assert!(text
                    .as_deref()
                    .is_none_or(|t| !t.chars().any(char::is_control)));
            }
        }
    }
});
