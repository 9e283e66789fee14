//! The titles of every real file we have (the shared corpus and its extra files: Strava, Garmin,
//! Locus, GPSBabel, Zwift exports): read from the files as written, and none of them read as an
//! intent it does not state — default titles ("Friday Evening Run", "Mannheim Running", "Wahoo
//! Workout"), place names, dates and a handheld's track numbers ("Tag 1") say nothing.

use std::path::Path;

use grayzone::activity::{FileContent, SourceFormat};
use grayzone::judge::intent::{Planned, WordList};

fn format_of(path: &Path) -> Option<SourceFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "fit" => Some(SourceFormat::Fit),
        "gpx" => Some(SourceFormat::Gpx),
        "tcx" => Some(SourceFormat::Tcx),
        _ => None,
    }
}

#[test]
fn real_titles_are_read_and_say_nothing_they_do_not_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    if !root.join("real/REFERENCE.csv").is_file() {
        assert!(
            std::env::var_os("GRAYZONE_REQUIRE_REAL_CORPUS").is_none(),
            "the real corpus is missing and GRAYZONE_REQUIRE_REAL_CORPUS is set"
        );
        eprintln!("skipped: ../shared/fixtures/real not found");
        return;
    }
    let mut paths = crate::real::files_under(&root.join("real"));
    paths.extend(crate::real::files_under(&root.join("real-extra")));
    paths.sort();
    let mut names = Vec::new();
    for path in &paths {
        let Some(format) = format_of(path) else {
            continue;
        };
        let bytes = std::fs::read(path).unwrap();
        let Ok(FileContent::Activities(activities)) =
            grayzone::ingest::decode::decode(format, &bytes)
        else {
            continue;
        };
        for a in activities {
            if let Some(name) = a.intent.name() {
                let read = WordList::builtin().read(name);
                println!("{}: {name:?} → {read:?}", path.display());
                names.push((name.to_owned(), read));
            }
        }
    }
    // One real title states its intent: a Garmin Edge's interval workout.
    let said: Vec<(&str, Option<Planned>, Vec<String>)> = names
        .iter()
        .filter_map(|(n, r)| {
            r.as_ref()
                .map(|r| (n.as_str(), Some(r.planned), r.words.clone()))
        })
        .collect();
    assert_eq!(
        said,
        [(
            "HIIT 20 X 0:30/0:15",
            Some(Planned::Workout),
            vec!["HIIT".to_owned(), "20 X 0:30/0:15".to_owned()]
        )]
    );
    let titles: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    // GPX titles as their apps wrote them, entities and all.
    for expected in [
        "Friday Evening Run",
        "Hardlopen",
        "Tag 1",
        "Mannheim Running",
        "Run avec Nico & Mag",
        "120' moderate and hard",
        "Rondje achterhoek",
        "casual stroll",
        "Zwift Session",
    ] {
        assert!(titles.contains(&expected), "{expected:?} not in {titles:?}");
    }
    // FIT workout names (Wahoo's, Garmin's) and TCX notes.
    assert!(titles.contains(&"HIIT 20 X 0:30/0:15"), "{titles:?}");
    assert!(titles.contains(&"Wahoo Workout"), "{titles:?}");
    assert!(titles.contains(&"Aerobics"), "{titles:?}");
    assert!(titles.len() >= 30, "{} titles", titles.len());
}
