//! The committed `fixtures/` must be exactly what the generator produces, and must be readable by
//! independent third-party decoders (fitparser, gpx) where the file is meant to be valid.

use grayzone::testkit::fixtures;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
