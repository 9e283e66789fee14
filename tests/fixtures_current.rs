//! The committed `fixtures/` must be exactly what the generator produces, and must be readable by
//! independent third-party decoders (fitparser, gpx) where the file is meant to be valid.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use testkit::fixtures;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every file under `root`, keyed by its `/`-separated path relative to `root`.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn committed_fixtures_are_byte_identical_to_a_fresh_generation() {
    let fresh_dir = tempfile::tempdir().unwrap();
    let written = fixtures::write_all(fresh_dir.path()).unwrap();
    let fresh = tree(fresh_dir.path());
    assert_eq!(fresh.len(), written, "generator wrote a path twice");
    let committed = tree(&fixtures_dir());
    let mut problems = Vec::new();
    for (path, bytes) in &fresh {
        match committed.get(path) {
            None => problems.push(format!("missing from fixtures/: {path}")),
            Some(old) if old != bytes => problems.push(format!(
                "differs: {path} (committed {} bytes, generated {} bytes)",
                old.len(),
                bytes.len()
            )),
            Some(_) => {}
        }
    }
    for path in committed.keys().filter(|p| !fresh.contains_key(*p)) {
        problems.push(format!("not produced by the generator: {path}"));
    }
    assert!(
        problems.is_empty(),
        "fixtures/ is stale; run `cargo run --example make_fixtures`:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn generation_is_deterministic_in_memory() {
    let a = fixtures::files();
    let b = fixtures::files();
    assert_eq!(a, b);
}

fn files_dir() -> PathBuf {
    fixtures_dir().join("files")
}

#[test]
fn valid_fit_fixtures_decode_with_fitparser_and_broken_ones_do_not() {
    let valid = [
        "run_1s_hr.fit",
        "run_smart_recording.fit",
        "run_with_pauses.fit",
        "run_compressed_timestamps.fit",
        "run_big_endian.fit",
        "run_dev_fields.fit",
        "treadmill.fit",
        "ride.fit",
        "multisport.fit",
        "settings.fit",
        "strap_spike.fit",
        "dropouts.fit",
        "duplicate_pair/run.fit",
        "two_runs_same_day/morning.fit",
        "two_runs_same_day/evening.fit",
    ];
    for name in valid {
        let bytes = std::fs::read(files_dir().join(name)).unwrap();
        let msgs = fitparser::from_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sessions = msgs
            .iter()
            .filter(|m| m.kind() == fitparser::profile::MesgNum::Session)
            .count();
        let expected = match name {
            "settings.fit" => 0,
            "multisport.fit" => 2,
            _ => 1,
        };
        assert_eq!(sessions, expected, "{name}");
    }
    for name in [
        "truncated.fit",
        "bad_crc.fit",
        "garbage.fit",
        "chained_bad_second.fit",
    ] {
        let bytes = std::fs::read(files_dir().join(name)).unwrap();
        assert!(
            fitparser::from_bytes(&bytes).is_err(),
            "{name} should not decode cleanly"
        );
    }
    // fitparser treats 0 bytes as a stream of no files; either way there is nothing in it.
    let empty = std::fs::read(files_dir().join("empty.fit")).unwrap();
    assert!(empty.is_empty());
    assert!(fitparser::from_bytes(&empty).map_or(true, |m| m.is_empty()));
    // The chained file's first part alone is a clean, complete FIT.
    let chained = std::fs::read(files_dir().join("chained_bad_second.fit")).unwrap();
    let first_len = 14 + u32::from_le_bytes(chained[4..8].try_into().unwrap()) as usize + 2;
    let first = fitparser::from_bytes(&chained[..first_len]).unwrap();
    assert_eq!(
        first
            .iter()
            .filter(|m| m.kind() == fitparser::profile::MesgNum::Session)
            .count(),
        1
    );
    assert_eq!(&chained[first_len + 8..first_len + 12], b".FIT");
}

#[test]
fn dev_field_values_are_not_heart_rate_or_power() {
    let bytes = std::fs::read(files_dir().join("run_dev_fields.fit")).unwrap();
    let msgs = fitparser::from_bytes(&bytes).unwrap();
    let mut records = 0;
    for m in msgs
        .iter()
        .filter(|m| m.kind() == fitparser::profile::MesgNum::Record)
    {
        records += 1;
        let hr = m
            .fields()
            .iter()
            .find(|f| f.name() == "heart_rate")
            .unwrap();
        let fitparser::Value::UInt8(hr) = hr.value() else {
            panic!("hr type")
        };
        assert!((60..=188).contains(hr));
        // The developer "Power" (900–949) is the only power-like value in the record.
        assert!(m.fields().iter().all(|f| f.name() != "power"));
        let dev = m.fields().iter().find(|f| f.name() == "Power").unwrap();
        let fitparser::Value::UInt16(p) = dev.value() else {
            panic!("dev power type")
        };
        assert!((900..950).contains(p));
    }
    assert!(records > 3000);
}

#[test]
fn gpx_fixtures_parse_with_the_gpx_crate() {
    for name in [
        "run_gpxtpx.gpx",
        "run_ns3.gpx",
        "run_default_ns.gpx",
        "run_no_hr.gpx",
        "run_gpx10.gpx",
        "gps_jumps.gpx",
        "no_times.gpx",
        "duplicate_pair/run.gpx",
    ] {
        let bytes = std::fs::read(files_dir().join(name)).unwrap();
        let g = gpx::read(&bytes[..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(g.tracks.len(), 1, "{name}");
        let points: usize = g.tracks[0].segments.iter().map(|s| s.points.len()).sum();
        assert!(points > 250, "{name}: {points} points");
        let timed = g.tracks[0].segments[0]
            .points
            .iter()
            .filter(|p| p.time.is_some())
            .count();
        if name == "no_times.gpx" {
            assert_eq!(timed, 0);
        } else {
            assert_eq!(timed, g.tracks[0].segments[0].points.len(), "{name}");
        }
    }
    assert!(gpx::read(&std::fs::read(files_dir().join("not_xml.gpx")).unwrap()[..]).is_err());
}

#[test]
fn readme_lists_every_file() {
    let readme = std::fs::read_to_string(files_dir().join("README.md")).unwrap();
    for path in tree(&files_dir()).keys().filter(|p| *p != "README.md") {
        assert!(
            readme.contains(&format!("| `{path}` |")),
            "README.md misses {path}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Seasons
// ---------------------------------------------------------------------------------------------

use testkit::season::{self, PlannedRun};

#[derive(Debug)]
struct Label {
    file: String,
    date_local: String,
    intent: String,
    sport: String,
    class: String,
    gray_zone: bool,
    accidental_workout: bool,
    fault: String,
}

fn read_labels(path: &Path) -> Vec<Label> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(season::LABELS_HEADER));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            assert_eq!(c.len(), 8, "{l}");
            Label {
                file: c[0].into(),
                date_local: c[1].into(),
                intent: c[2].into(),
                sport: c[3].into(),
                class: c[4].into(),
                gray_zone: c[5].parse().unwrap(),
                accidental_workout: c[6].parse().unwrap(),
                fault: c[7].into(),
            }
        })
        .collect()
}

/// Week index of a local date, counted from the season's first Monday.
fn week_of(date_local: &str, first_monday: &str) -> u32 {
    let d = chrono::NaiveDate::parse_from_str(date_local, "%Y-%m-%d").unwrap();
    let m = chrono::NaiveDate::parse_from_str(first_monday, "%Y-%m-%d").unwrap();
    ((d - m).num_days() / 7) as u32
}

/// (runs, recovery, easy, hard, gray, accidental) per week, duplicates counted once.
fn counts_from_labels(labels: &[Label], first_monday: &str, weeks: u32) -> Vec<[u32; 6]> {
    let mut v = vec![[0u32; 6]; weeks as usize];
    for l in labels
        .iter()
        .filter(|l| !l.fault.starts_with("duplicate_of:"))
    {
        let w = &mut v[week_of(&l.date_local, first_monday) as usize];
        match l.class.as_str() {
            "recovery" => w[1] += 1,
            "easy" => w[2] += 1,
            "hard" => w[3] += 1,
            "" => continue,
            other => panic!("class {other}"),
        }
        w[0] += 1;
        w[4] += u32::from(l.gray_zone);
        w[5] += u32::from(l.accidental_workout);
    }
    v
}

fn counts_from_plan(runs: &[PlannedRun], weeks: u32) -> Vec<[u32; 6]> {
    season::week_counts(runs, weeks)
        .iter()
        .map(|c| {
            [
                c.runs,
                c.recovery,
                c.easy,
                c.hard,
                c.gray_zone,
                c.accidental_workout,
            ]
        })
        .collect()
}

fn check_label_semantics(labels: &[Label]) {
    for l in labels {
        let expected_class = match l.intent.as_str() {
            "recovery" => "recovery",
            "easy" | "long" | "easy_with_strides" => "easy",
            "ride" | "walk" => "",
            "intervals" | "tempo" | "hills" | "fartlek" | "race" | "gray_zone"
            | "accidental_workout" => "hard",
            other => panic!("intent {other}"),
        };
        assert_eq!(l.class, expected_class, "{}", l.file);
        assert_eq!(l.gray_zone, l.intent == "gray_zone", "{}", l.file);
        assert_eq!(
            l.accidental_workout,
            l.intent == "accidental_workout",
            "{}",
            l.file
        );
        assert!(
            grayzone::activity::Sport::from_name(&l.sport).is_some(),
            "{}",
            l.sport
        );
    }
}

#[test]
fn pass_season_labels_match_the_plan_and_every_week_meets_80_20() {
    let dir = fixtures_dir().join("seasons/pass");
    let labels = read_labels(&dir.join("LABELS.csv"));
    check_label_semantics(&labels);
    let mut files: Vec<String> = tree(&dir)
        .into_keys()
        .filter(|k| k != "LABELS.csv" && k != "ATHLETE.txt")
        .collect();
    files.sort();
    let mut labelled: Vec<String> = labels.iter().map(|l| l.file.clone()).collect();
    labelled.sort();
    assert_eq!(files, labelled, "every file labelled, every label a file");
    assert!(labels.iter().any(|l| l.file.ends_with(".gpx.gz")));
    assert!(labels.iter().filter(|l| l.file.ends_with(".fit")).count() > labels.len() * 3 / 4);

    let counts = counts_from_labels(&labels, "2024-01-08", season::PASS_WEEKS);
    assert_eq!(
        counts,
        counts_from_plan(&season::pass_season(), season::PASS_WEEKS)
    );
    for (w, c) in counts.iter().enumerate() {
        let [runs, _, _, hard, gray, accidental] = *c;
        assert_eq!(hard, 1, "week {w}");
        assert!(
            f64::from(hard) / f64::from(runs) <= 0.2,
            "week {w}: {hard}/{runs}"
        );
        assert_eq!(gray + accidental, 0);
    }
}

#[test]
fn fail_season_labels_match_the_plan_and_most_weeks_miss_80_20() {
    let dir = fixtures_dir().join("seasons/fail");
    let labels = read_labels(&dir.join("LABELS.csv"));
    check_label_semantics(&labels);
    assert_eq!(
        labels.len(),
        tree(&dir).len() - 2,
        "every file labelled, beside LABELS.csv and ATHLETE.txt"
    );
    let counts = counts_from_labels(&labels, "2024-04-01", season::FAIL_WEEKS);
    assert_eq!(
        counts,
        counts_from_plan(&season::fail_season(), season::FAIL_WEEKS)
    );
    let missing = counts
        .iter()
        .filter(|c| f64::from(c[3]) / f64::from(c[0]) > 0.2)
        .count();
    assert!(missing * 2 > counts.len(), "{missing} weeks miss 80/20");
    for c in &counts {
        assert!(
            c[4] + c[5] >= 1,
            "a gray-zone run or an accidental workout every week: {c:?}"
        );
    }
}

/// The committed FIT runs carry the physiology their labels claim (session average HR from an
/// independent decoder, as a fraction of the athlete's 188 max).
#[test]
fn fail_season_heart_rates_fit_their_labels() {
    let dir = fixtures_dir().join("seasons/fail");
    let mut checked = 0;
    for l in read_labels(&dir.join("LABELS.csv")) {
        if !l.file.ends_with(".fit") || !l.fault.is_empty() || l.class.is_empty() {
            continue;
        }
        let msgs = fitparser::from_bytes(&std::fs::read(dir.join(&l.file)).unwrap()).unwrap();
        let session = msgs
            .iter()
            .find(|m| m.kind() == fitparser::profile::MesgNum::Session)
            .unwrap();
        let avg = session
            .fields()
            .iter()
            .find(|f| f.name() == "avg_heart_rate")
            .unwrap();
        let fitparser::Value::UInt8(avg) = avg.value() else {
            panic!()
        };
        let f = f64::from(*avg) / 188.0;
        let band = match l.intent.as_str() {
            "recovery" => 0.60..=0.70,
            "easy" | "long" => 0.69..=0.78,
            "gray_zone" => 0.80..=0.88,
            // Easy start, tempo finish: the average lands in between.
            "accidental_workout" => 0.76..=0.85,
            _ => continue,
        };
        assert!(
            band.contains(&f),
            "{} ({}): avg HR {avg} = {f:.3} of max",
            l.file,
            l.intent
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn sample_export_holds_every_labelled_file_in_the_nested_zip() {
    use std::io::Read;
    let dir = fixtures_dir().join("sample-export");
    let labels = read_labels(&dir.join("LABELS.csv"));
    check_label_semantics(&labels);
    let outer_bytes = std::fs::read(dir.join(season::SAMPLE_ZIP)).unwrap();
    let mut outer = zip::ZipArchive::new(std::io::Cursor::new(outer_bytes)).unwrap();
    let mut inner_bytes = Vec::new();
    outer
        .by_name("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip")
        .unwrap()
        .read_to_end(&mut inner_bytes)
        .unwrap();
    let inner = zip::ZipArchive::new(std::io::Cursor::new(inner_bytes)).unwrap();
    let names: Vec<&str> = inner.file_names().collect();
    assert_eq!(names.len(), labels.len());
    for l in &labels {
        assert!(
            names.contains(&l.file.as_str()),
            "{} not in the export",
            l.file
        );
    }
    let dups: Vec<&Label> = labels
        .iter()
        .filter(|l| l.fault.starts_with("duplicate_of:"))
        .collect();
    assert_eq!(dups.len(), 1);
    assert!(dups[0].file.ends_with(".gpx"));
    let original = dups[0].fault.trim_start_matches("duplicate_of:");
    let orig = labels.iter().find(|l| l.file == original).unwrap();
    assert_eq!(
        (orig.date_local.as_str(), orig.intent.as_str()),
        (dups[0].date_local.as_str(), dups[0].intent.as_str())
    );
    let rides = labels.iter().filter(|l| l.intent == "ride").count();
    assert!((1..=10).contains(&rides), "{rides} rides");
    let counts = counts_from_labels(&labels, "2024-06-03", season::SAMPLE_WEEKS);
    assert_eq!(
        counts,
        counts_from_plan(&season::sample_season(), season::SAMPLE_WEEKS)
    );
    // Mixed: some weeks meet 80/20, some do not.
    let meets = counts
        .iter()
        .filter(|c| f64::from(c[3]) / f64::from(c[0]) <= 0.2)
        .count();
    assert!(
        meets >= 2 && meets <= counts.len() - 2,
        "{meets} weeks meet 80/20"
    );
}

#[test]
fn fixtures_stay_small() {
    let total: usize = tree(&fixtures_dir()).values().map(Vec::len).sum();
    assert!(total < 8 * 1024 * 1024, "fixtures/ is {total} bytes");
}

#[test]
fn compressed_timestamps_decode_to_the_one_second_sequence() {
    let bytes = std::fs::read(files_dir().join("run_compressed_timestamps.fit")).unwrap();
    let times: Vec<i64> = fitparser::from_bytes(&bytes)
        .unwrap()
        .iter()
        .filter(|m| m.kind() == fitparser::profile::MesgNum::Record)
        .map(|m| {
            match m
                .fields()
                .iter()
                .find(|f| f.name() == "timestamp")
                .unwrap()
                .value()
            {
                fitparser::Value::Timestamp(t) => t.timestamp(),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(times.len(), 1801);
    assert!(
        times.windows(2).all(|w| w[1] - w[0] == 1),
        "1 s steps through every 32 s rollover"
    );
    // Most record headers are compressed (bit 7 set): the file is far smaller than 1801 full records.
    let plain = std::fs::metadata(files_dir().join("run_1s_hr.fit"))
        .unwrap()
        .len();
    assert!(
        (bytes.len() as u64) < plain * 3 / 4,
        "{} vs {plain}",
        bytes.len()
    );
}

/// Counts elements by local name in a TCX (plain or gzipped) with quick-xml, proving it is
/// well-formed XML.
fn tcx_counts(name: &str) -> BTreeMap<String, usize> {
    use std::io::Read;
    let raw = std::fs::read(files_dir().join(name)).unwrap();
    let text = if name.ends_with(".gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_string(&mut s)
            .unwrap();
        s
    } else {
        String::from_utf8(raw).unwrap()
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut counts = BTreeMap::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => {
                let n = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                *counts.entry(n).or_insert(0) += 1;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    counts
}

#[test]
fn tcx_fixtures_are_well_formed_with_laps_and_tracks() {
    let run = tcx_counts("run.tcx");
    assert_eq!(run["Activity"], 1);
    // ~5.2 km in 1 km auto-laps; the timer pause adds one extra <Track>.
    assert_eq!(run["Lap"], 6);
    assert_eq!(run["Track"], run["Lap"] + 1);
    assert!(run["Trackpoint"] > 300);
    assert_eq!(run["RunCadence"], run["Trackpoint"]);
    let two = tcx_counts("two_activities.tcx");
    assert_eq!(two["Activity"], 2);
    let gz = tcx_counts("run.tcx.gz");
    assert_eq!(gz["Activity"], 1);
    assert_eq!(gz["HeartRateBpm"], gz["Trackpoint"]);
    assert_eq!(gz["AverageHeartRateBpm"], gz["Lap"]);
}
