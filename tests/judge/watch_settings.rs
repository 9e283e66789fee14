//! The watch's own settings as a baseline source: the value valid at a date, where it came from,
//! and when it disagrees with what the runs say.

use chrono::NaiveDate;
use grayzone::activity::WatchSettings;
use grayzone::judge::watch::{disagreement, Reading, Setting, WatchHistory};

const DAY: f64 = 86_400.0;
/// 2024-03-01T07:00:00Z
const MARCH_1: f64 = 1_709_276_400.0;

fn settings(max: Option<u8>, resting: Option<u8>) -> WatchSettings {
    WatchSettings {
        max_hr: max,
        resting_hr: resting,
        ..WatchSettings::default()
    }
}

fn date(days_after_march_1: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 1).unwrap() + chrono::Duration::days(days_after_march_1)
}

#[test]
fn the_setting_at_a_date_is_the_last_one_a_run_showed() {
    let a = settings(Some(190), Some(50));
    let b = settings(Some(192), Some(50));
    let c = settings(None, Some(47));
    let runs = [
        (10, &b, "Forerunner 255"),
        (0, &a, "Forerunner 245"),
        (3, &a, "Forerunner 245"),
        (12, &c, "Forerunner 255"),
        (20, &b, "Forerunner 255"),
    ];
    let history = WatchHistory::from_readings(runs.iter().map(|&(d, s, device)| Reading {
        time: MARCH_1 + d as f64 * DAY,
        date: date(d),
        device: Some(device),
        settings: s,
    }));
    let max_at = |d: f64| {
        history
            .at(Setting::MaxHr, MARCH_1 + d * DAY)
            .map(|v| v.provenance(Setting::MaxHr))
    };
    assert_eq!(max_at(-1.0), None, "before any run showed one");
    assert_eq!(
        max_at(0.0).as_deref(),
        Some("watch setting: max HR 190, Forerunner 245, 2024-03-01")
    );
    assert_eq!(
        max_at(9.5).as_deref(),
        Some("watch setting: max HR 190, Forerunner 245, 2024-03-01")
    );
    // The new watch came with 192 on 2024-03-11; a run without the setting changes nothing.
    assert_eq!(
        max_at(15.0).as_deref(),
        Some("watch setting: max HR 192, Forerunner 255, 2024-03-11")
    );
    assert_eq!(
        max_at(400.0).as_deref(),
        Some("watch setting: max HR 192, Forerunner 255, 2024-03-11")
    );
    let resting = history
        .at(Setting::RestingHr, MARCH_1 + 15.0 * DAY)
        .unwrap();
    assert_eq!(resting.bpm, 47);
    assert_eq!(
        resting.provenance(Setting::RestingHr),
        "watch setting: resting HR 47, Forerunner 255, 2024-03-13"
    );
    assert_eq!(history.at(Setting::ThresholdHr, MARCH_1 + 15.0 * DAY), None);
}

#[test]
fn disagreement_is_said_beyond_a_few_beats() {
    let s = settings(Some(192), None);
    let history = WatchHistory::from_readings([Reading {
        time: MARCH_1,
        date: date(0),
        device: Some("Forerunner 255"),
        settings: &s,
    }]);
    let watch = history.at(Setting::MaxHr, MARCH_1).unwrap();
    assert_eq!(disagreement(Setting::MaxHr, 188.0, watch), None);
    assert_eq!(disagreement(Setting::MaxHr, 197.0, watch), None);
    assert_eq!(
        disagreement(Setting::MaxHr, 184.0, watch).as_deref(),
        Some("derived max HR 184 bpm; the watch's setting is 192 (Forerunner 255, since 2024-03-01), 8 bpm higher")
    );
    assert_eq!(
        disagreement(Setting::MaxHr, 199.4, watch).as_deref(),
        Some("derived max HR 199 bpm; the watch's setting is 192 (Forerunner 255, since 2024-03-01), 7 bpm lower")
    );
    assert_eq!(disagreement(Setting::MaxHr, f64::NAN, watch), None);
}
