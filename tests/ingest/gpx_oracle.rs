//! Our GPX reader against the `gpx` crate (georust) as an oracle for positions and times.
//!
//! For every `.gpx` under the crate's `fixtures/` and under `../shared/fixtures/real/{gpx,broken}`,
//! wherever the `gpx` crate parses the file, the track points it finds must be exactly our samples:
//! same count, lat/lon within 1e-9°, time within 1 ms.
//!
//! Order: we compare against the oracle's points *stably sorted by time* (ties keep file order),
//! not as multisets. That is the order our reader promises (`Activity::samples` is sorted, stably),
//! so the comparison also checks the sort; a multiset comparison would accept a reader that
//! reorders points sharing a time, which changes pace between them.
//!
//! Points we drop on purpose, mirrored here from the oracle's data: points without a time, points
//! timed before 1990 (placeholders). When we refuse a file, the oracle's points must show why
//! (nothing timed, under 90 % timed once whole untimed tracks are set aside, or one time for all).

use std::path::{Path, PathBuf};

use grayzone::activity::{FileContent, Sample};

use crate::real;

struct OraclePoint {
    lat: f64,
    lon: f64,
    time: Option<f64>,
}

/// The oracle's view of one file: points per track, in file order.
fn oracle(bytes: &[u8]) -> Result<Vec<Vec<OraclePoint>>, String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let gpx = gpx::read(body).map_err(|e| e.to_string())?;
    let mut tracks = Vec::new();
    for track in &gpx.tracks {
        let mut points = Vec::new();
        for segment in &track.segments {
            for point in &segment.points {
                let time = match point.time {
                    Some(t) => Some(unix_seconds(&t.format().map_err(|e| e.to_string())?)?),
                    None => None,
                };
                points.push(OraclePoint {
                    lat: point.point().y(),
                    lon: point.point().x(),
                    time,
                });
            }
        }
        tracks.push(points);
    }
    Ok(tracks)
}

/// Parsed with chrono, not with our own ISO parser, so the oracle stays independent.
fn unix_seconds(iso: &str) -> Result<f64, String> {
    let t = chrono::DateTime::parse_from_rfc3339(iso).map_err(|e| format!("{iso}: {e}"))?;
    Ok(t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9)
}

/// 1990-01-01T00:00:00Z
const EARLIEST: f64 = 631_152_000.0;

/// What our reader should keep: timed points from 1990 on, stably sorted by time.
fn expected_samples(tracks: &[Vec<OraclePoint>]) -> Vec<&OraclePoint> {
    let mut kept: Vec<&OraclePoint> = tracks
        .iter()
        .flatten()
        .filter(|p| p.time.is_some_and(|t| t >= EARLIEST))
        .collect();
    kept.sort_by(|a, b| a.time.unwrap_or(0.0).total_cmp(&b.time.unwrap_or(0.0)));
    kept
}

/// Why the oracle's points are no usable activity, mirroring our documented rules; None if usable.
fn why_unusable(tracks: &[Vec<OraclePoint>]) -> Option<String> {
    let kept = expected_samples(tracks);
    if kept.is_empty() {
        return Some("no usable time".into());
    }
    // Whole tracks without any time are set aside before the 90 % rule.
    let considered: usize = tracks
        .iter()
        .filter(|t| t.iter().any(|p| p.time.is_some()))
        .map(Vec::len)
        .sum();
    if kept.len() * 10 < considered * 9 {
        return Some(format!("{} of {considered} timed", kept.len()));
    }
    if kept.len() >= 2 && kept.first().map(|p| p.time) == kept.last().map(|p| p.time) {
        return Some("all times identical".into());
    }
    None
}

fn gpx_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = real::corpus()?;
    let mut files = Vec::new();
    collect(&root.join("fixtures"), &mut files);
    collect(&real.join("gpx"), &mut files);
    collect(&real.join("broken"), &mut files);
    files.sort();
    Some(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    files.extend(crate::real::files_ending(dir, "gpx"));
}

fn compare(ours: &[Sample], expected: &[&OraclePoint]) -> Result<(), String> {
    if ours.len() != expected.len() {
        return Err(format!(
            "{} samples, oracle keeps {}",
            ours.len(),
            expected.len()
        ));
    }
    for (i, (sample, point)) in ours.iter().zip(expected).enumerate() {
        let time = point.time.unwrap_or(f64::NAN);
        if (sample.time - time).abs() > 1e-3 {
            return Err(format!("point {i}: time {} vs oracle {time}", sample.time));
        }
        match sample.position {
            Some((lat, lon)) => {
                if (lat - point.lat).abs() > 1e-9 || (lon - point.lon).abs() > 1e-9 {
                    return Err(format!(
                        "point {i}: ({lat}, {lon}) vs oracle ({}, {})",
                        point.lat, point.lon
                    ));
                }
            }
            // We drop exactly 0,0 (no fix); anything else must be kept.
            None if point.lat == 0.0 && point.lon == 0.0 => {}
            None => {
                return Err(format!(
                    "point {i}: no position, oracle has ({}, {})",
                    point.lat, point.lon
                ))
            }
        }
    }
    Ok(())
}

#[test]
fn positions_and_times_match_the_gpx_crate() {
    let Some(files) = gpx_files() else { return };
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).unwrap();
        let ours = grayzone::ingest::decode::gpx::decode(&bytes);
        let tracks = match oracle(&bytes) {
            Ok(tracks) => tracks,
            Err(e) => {
                println!("{name}: gpx crate refuses ({e}); ours: {}", outcome(&ours));
                continue;
            }
        };
        let expected = expected_samples(&tracks);
        let verdict = match (&ours, why_unusable(&tracks)) {
            (Ok(FileContent::Activities(list)), None) => {
                // A file of several outings is several activities, in time order.
                let samples: Vec<Sample> = list.iter().flat_map(|a| a.samples.clone()).collect();
                compare(&samples, &expected)
                    .map(|()| format!("{} points match ({} outing(s))", expected.len(), list.len()))
            }
            (Err(e), Some(why)) => Ok(format!("refused by both rules ({why}): {e}")),
            (Ok(FileContent::NotActivity { note }), _) if tracks.iter().all(Vec::is_empty) => {
                Ok(format!("no track points: {note}"))
            }
            // Points and not one time among them: a planner's route.
            (Ok(FileContent::NotActivity { note }), Some(_))
                if tracks.iter().flatten().all(|p| p.time.is_none()) =>
            {
                Ok(format!("untimed tracks alone: {note}"))
            }
            (ours, why) => Err(format!("ours {}, oracle {:?}", outcome(ours), why)),
        };
        match verdict {
            Ok(line) => {
                compared += 1;
                println!("{name}: ok, {line}");
            }
            Err(problem) => {
                println!("{name}: MISMATCH {problem}");
                failures.push(format!("{name}: {problem}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The real corpus holds 19 + 3 GPX files; most of them the oracle can read.
    assert!(compared >= 15, "only {compared} files compared");
}

fn outcome(result: &grayzone::activity::DecodeResult) -> String {
    match result {
        Ok(FileContent::Activities(list)) => {
            format!(
                "{} activity, {} samples",
                list.len(),
                list.iter().map(|a| a.samples.len()).sum::<usize>()
            )
        }
        Ok(FileContent::NotActivity { note }) => format!("not an activity ({note})"),
        Err(e) => format!("error ({e})"),
    }
}
