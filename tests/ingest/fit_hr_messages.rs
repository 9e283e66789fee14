//! Heart rate a chest strap logged apart from the records (FIT `hr` messages, as an HRM-Pro's log
//! reaches a Garmin file): merged into the records by time as Garmin's SDK does, the strap winning
//! over the wrist. The test kit writes the messages from the FIT profile (anchor, 12-bit deltas).

use grayzone::activity::{Activity, FileContent, Sample, SourceFormat, Sport};
use grayzone::summarize::rows_for_file;
use testkit::fit_writer::{write_fit, FitOptions};

/// 2024-05-06T06:00:00Z.
const START: f64 = 1_714_975_200.0;

/// A 30-minute run at 3 m/s, 1 Hz records, with the wrist's HR in the records or none.
fn run(wrist: Option<u8>) -> Activity {
    Activity {
        format: Some(SourceFormat::Fit),
        sport: Sport::Running,
        samples: (0..=1800)
            .map(|i| Sample {
                time: START + f64::from(i),
                distance_m: Some(f64::from(i) * 3.0),
                speed_mps: Some(3.0),
                heart_rate: wrist.map(|w| w + (i % 4) as u8),
                ..Default::default()
            })
            .collect(),
        laps: 1,
        ..Default::default()
    }
}

/// The strap's beats: one every 0.8 s (75 bpm would be slower; the strap reports its filtered
/// bpm, 150–153, at each beat), with a 10-second gap in the middle (the strap moved).
fn beats() -> Vec<(f64, u8)> {
    (0..2250)
        .map(|k| {
            let t = START + 0.3 + 0.8 * f64::from(k);
            (t, 150 + (k % 4) as u8)
        })
        .filter(|(t, _)| !(START + 900.0..START + 910.0).contains(t))
        .collect()
}

fn decode(bytes: &[u8]) -> Activity {
    match grayzone::ingest::decode::fit::decode(bytes) {
        Ok(FileContent::Activities(mut list)) => list.remove(0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_run_whose_heart_rate_is_only_in_the_straps_log_gets_it() {
    let options = FitOptions {
        strap_beats: beats(),
        ..FitOptions::default()
    };
    let bytes = write_fit(&[run(None)], &options);
    let without = write_fit(&[run(None)], &FitOptions::default());
    assert!(
        bytes.len() > without.len() + 2000,
        "the hr messages were written"
    );
    let activity = decode(&bytes);
    let with_hr = activity
        .samples
        .iter()
        .filter(|s| s.heart_rate.is_some())
        .count();
    // Every record but the ones in the strap's 10-second gap (carried 5 s) gets a reading.
    assert!((1790..=1797).contains(&with_hr), "{with_hr}");
    let values: Vec<u8> = activity
        .samples
        .iter()
        .filter_map(|s| s.heart_rate)
        .collect();
    assert!(values.iter().all(|h| (150..=153).contains(h)), "{values:?}");
    let row = &rows_for_file("strap.fit", SourceFormat::Fit, &bytes)[0];
    let s = row.summary.as_deref().unwrap();
    let mean = s.avg_hr.unwrap();
    assert!((mean - 151.5).abs() < 0.3, "{mean}");
    assert!(s.hr_coverage_pct > 99.0);
}

#[test]
fn the_straps_reading_wins_over_the_wrists() {
    let options = FitOptions {
        strap_beats: beats(),
        ..FitOptions::default()
    };
    let bytes = write_fit(&[run(Some(120))], &options);
    let activity = decode(&bytes);
    // Where the strap has beats, its reading; in its gap, the wrist's.
    let at = |t: f64| {
        activity
            .samples
            .iter()
            .find(|s| s.time == START + t)
            .and_then(|s| s.heart_rate)
            .unwrap()
    };
    assert!((150..=153).contains(&at(100.0)), "{}", at(100.0));
    assert!((120..=123).contains(&at(908.0)), "{}", at(908.0));
    let s = rows_for_file("both.fit", SourceFormat::Fit, &bytes)[0]
        .summary
        .clone()
        .unwrap();
    assert!((s.avg_hr.unwrap() - 151.5).abs() < 0.5, "{:?}", s.avg_hr);
    // The file without the strap's log keeps the wrist's.
    let wrist_only = write_fit(&[run(Some(120))], &FitOptions::default());
    let s = rows_for_file("wrist.fit", SourceFormat::Fit, &wrist_only)[0]
        .summary
        .clone()
        .unwrap();
    assert!((s.avg_hr.unwrap() - 121.5).abs() < 0.1, "{:?}", s.avg_hr);
}
