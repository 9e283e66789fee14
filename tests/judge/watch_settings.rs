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

/// A setting no heart shows (a max HR of 250, a resting HR of 5: a placeholder, a corrupt field)
/// is no setting; the watch's last plausible one, if any, stands.
#[test]
fn a_setting_no_heart_shows_is_no_setting() {
    let placeholder = settings(Some(250), Some(5));
    let set = settings(Some(188), Some(48));
    let runs = [(0, &placeholder), (5, &set), (10, &placeholder)];
    let history = WatchHistory::from_readings(runs.iter().map(|&(d, s)| Reading {
        time: MARCH_1 + d as f64 * DAY,
        date: date(d),
        device: Some("Forerunner 245"),
        settings: s,
    }));
    let at = |setting: Setting, d: f64| history.at(setting, MARCH_1 + d * DAY).map(|v| v.bpm);
    assert_eq!(at(Setting::MaxHr, 1.0), None);
    assert_eq!(at(Setting::RestingHr, 1.0), None);
    assert_eq!(at(Setting::MaxHr, 11.0), Some(188));
    assert_eq!(at(Setting::RestingHr, 11.0), Some(48));
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

/// Runs of the intermediate athlete (max HR 188), one per plan, two days apart from 2024-03-01
/// (45 minutes, a race its distance), their FIT files carrying `watch` as the watch's settings;
/// read.
fn runs_with_watch(
    plans: &[testkit::simulate::Intent],
    first_seed: u64,
    watch: WatchSettings,
) -> Vec<grayzone::summarize::row::FileRow> {
    use grayzone::summarize::{read_export, ReadOptions};
    use testkit::fit_writer::{write_fit, FitOptions};
    use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

    let dir = tempfile::tempdir().unwrap();
    let athlete = Athlete::intermediate();
    for (day, &intent) in plans.iter().enumerate() {
        let amount = match intent {
            Intent::Race { km } => Amount::Km(km),
            _ => Amount::Minutes(45.0),
        };
        let run = simulate(
            &athlete,
            &RunPlan::new(intent, amount),
            MARCH_1 + day as f64 * 2.0 * DAY,
            first_seed + day as u64,
        );
        let bytes = write_fit(
            std::slice::from_ref(&run),
            &FitOptions {
                watch_profile: Some(watch.clone()),
                ..FitOptions::default()
            },
        );
        std::fs::write(dir.path().join(format!("run{day}.fit")), bytes).unwrap();
    }
    read_export(&[dir.path().to_path_buf()], &ReadOptions::default()).unwrap()
}

/// Six runs (a tempo run and a 10K race among easy runs) with `watch` on the watch.
fn six_runs_with_watch(watch: WatchSettings) -> Vec<grayzone::summarize::row::FileRow> {
    use testkit::simulate::Intent;
    let plans = [
        Intent::Easy,
        Intent::Tempo { minutes: 20.0 },
        Intent::Easy,
        Intent::Race { km: 10.0 },
        Intent::Easy,
        Intent::Easy,
    ];
    runs_with_watch(&plans, 500, watch)
}

/// A judged row's clean 5-second peak HR, in whole beats.
fn peak_of(row: &grayzone::judge::ActivityRow) -> f64 {
    row.summary.as_deref().unwrap().peak_hr_5s.unwrap().round()
}

/// What `summary` prints of judged rows (the last 8 weeks), and the HTML report's page.
fn summary_and_page(rows: &[grayzone::judge::ActivityRow]) -> (String, String) {
    use grayzone::activity::calendar::WeekStart;
    let weeks = grayzone::report::weekly::weeks_starting(rows, WeekStart::Monday, 80.0);
    let window = grayzone::report::window::WindowRequest::default().resolve(
        rows,
        WeekStart::Monday,
        Some(8),
    );
    let summary = grayzone::report::terminal::summary(
        rows,
        &weeks,
        &window,
        grayzone::report::terminal::SummaryOptions {
            week_start: WeekStart::Monday,
            target_pct: 80.0,
            units: Default::default(),
            color: false,
        },
        &[],
    );
    let info = grayzone::report::html::PageInfo {
        source: "export/".into(),
        target_pct: 80.0,
        units: Default::default(),
        week_start: WeekStart::Monday,
        window,
    };
    (summary, grayzone::report::html::page(rows, &weeks, &info))
}

/// Through the whole pipeline: FIT files whose watch holds max HR 190 and resting HR 48 (the
/// athlete's max is 188) are judged by those figures (between the profile and the derived
/// values), with the watch's provenance; a given max HR still wins.
#[test]
fn the_watch_setting_is_a_baseline_source_between_profile_and_runs() {
    use grayzone::judge::profile::{Given, Profile};

    let rows = six_runs_with_watch(settings(Some(190), Some(48)));
    let judged = grayzone::judge::judge(rows.clone(), &Profile::default());
    let last = judged.last().unwrap().judgement.as_ref().unwrap();
    let b = &last.baseline;
    assert_eq!(b.max_hr.value, 190.0);
    assert_eq!(
        b.max_hr.provenance.describe(),
        "watch setting: max HR 190, Forerunner 245, 2024-03-01"
    );
    assert_eq!(b.max_hr.provenance.code(), "watch");
    let resting = b.resting_hr.as_ref().unwrap();
    assert_eq!(
        (resting.value, resting.provenance.describe().as_str()),
        (
            48.0,
            "watch setting: resting HR 48, Forerunner 245, 2024-03-01"
        )
    );

    let given = Profile {
        max_hr: Some(Given {
            value: 186.0,
            by: "--max-hr".into(),
        }),
        ..Profile::default()
    };
    let judged = grayzone::judge::judge(rows, &given);
    let b = &judged.last().unwrap().judgement.as_ref().unwrap().baseline;
    assert_eq!(
        (b.max_hr.value, b.max_hr.provenance.code()),
        (186.0, "given")
    );
    assert!(b.watch_notes.is_empty());
}

/// A watch's max HR well above what the runs allow (200, when a 10K race peaked near 181: its
/// runner's max is at most 181 / 0.97 = 187) is the watch's own guess: not used, the runs' own
/// figure is (as without the setting), and `baseline` says why. The runs before any hard effort,
/// which cannot speak against it, keep it; its resting HR is used.
#[test]
fn a_watch_max_far_above_what_the_runs_allow_is_not_used() {
    use grayzone::judge::profile::Profile;

    let judged = grayzone::judge::judge(
        six_runs_with_watch(settings(Some(200), Some(48))),
        &Profile::default(),
    );
    let without = grayzone::judge::judge(
        six_runs_with_watch(WatchSettings::default()),
        &Profile::default(),
    );
    let baseline = |rows: &[grayzone::judge::ActivityRow], i: usize| {
        rows[i].judgement.as_ref().unwrap().baseline.clone()
    };
    assert_eq!(
        (
            baseline(&judged, 0).max_hr.value,
            baseline(&judged, 0).max_hr.provenance.code()
        ),
        (200.0, "watch")
    );
    let b = baseline(&judged, 5);
    assert_eq!(
        b.max_hr,
        baseline(&without, 5).max_hr,
        "the runs' own figure"
    );
    assert!(b.max_hr.value < 190.0, "{}", b.max_hr.value);
    assert_eq!(b.resting_hr.as_ref().map(|r| r.value), Some(48.0));
    let race_peak = peak_of(&judged[3]);
    assert_eq!(
        b.watch_notes,
        [format!(
            "the watch's max HR 200 (Forerunner 245, since 2024-03-01) is more than 5 bpm above \
             the highest your runs allow ({:.0}: their peak of {race_peak:.0} bpm at 97 % of it), \
             so not used: a watch's own guess (220 − age) is often left unset; give --max-hr if \
             200 is right",
            (race_peak / 0.97).round()
        )]
    );
    // `summary` and the HTML report tell the runner (the watch's max was overruled), and not
    // when it was used.
    let (summary, page) = summary_and_page(&judged);
    assert!(
        summary.contains(
            "\nYour watch's settings:\n  the watch's max HR 200 (Forerunner 245, since \
             2024-03-01) is more than 5 bpm above the highest your runs allow"
        ),
        "{summary}"
    );
    assert!(
        page.contains(
            "<h2 id=\"watch\">Your watch's settings</h2>\n<ul class=\"watch\">\n<li>the \
             watch&#39;s max HR 200 (Forerunner 245, since 2024-03-01) is more than 5 bpm above"
        ),
        "{page}"
    );
    let used = grayzone::judge::judge(
        six_runs_with_watch(settings(Some(190), Some(48))),
        &Profile::default(),
    );
    let (summary, page) = summary_and_page(&used);
    assert!(!summary.contains("Your watch's settings"));
    assert!(!page.contains("id=\"watch\""));
    // `explain` says it too, under the max HR it used.
    let text = grayzone::report::explain::explain(&judged, 5, &Default::default());
    assert!(
        text.contains(&format!(
            "  max HR       {:.0} bpm    derived",
            b.max_hr.value
        )) && text.contains("\n  watch        the watch's max HR 200 (Forerunner 245, since 2024-03-01) is more than 5 bpm above"),
        "{text}"
    );
}

/// A watch's max HR below what the runner's heart reached (the watch's own 220 − age guess, never
/// set) is no max: the race that went past it is judged against its own peak; every run after it
/// by what the runs say (as without the setting), the race named in the note; the runs before it
/// keep the watch's figure.
#[test]
fn a_watch_max_the_heart_went_past_is_not_used_from_that_run_on() {
    use grayzone::judge::profile::Profile;
    use testkit::simulate::Intent;

    let plans = [
        Intent::Easy,
        Intent::Easy,
        Intent::Race { km: 10.0 },
        Intent::Easy,
        Intent::Easy,
    ];
    let judged = grayzone::judge::judge(
        runs_with_watch(&plans, 700, settings(Some(170), None)),
        &Profile::default(),
    );
    let without = grayzone::judge::judge(
        runs_with_watch(&plans, 700, WatchSettings::default()),
        &Profile::default(),
    );
    let baseline = |rows: &[grayzone::judge::ActivityRow], i: usize| {
        rows[i].judgement.as_ref().unwrap().baseline.clone()
    };
    let race_peak = peak_of(&judged[2]);
    assert!(
        race_peak > 175.0,
        "the race went well past 170: {race_peak}"
    );

    let first = baseline(&judged, 0);
    assert_eq!(
        (first.max_hr.value, first.max_hr.provenance.describe()),
        (
            170.0,
            "watch setting: max HR 170, Forerunner 245, 2024-03-01".to_string()
        )
    );
    let race = baseline(&judged, 2);
    assert!(race.max_hr.value >= race_peak, "{}", race.max_hr.value);
    assert!(
        race.max_hr.provenance.describe().starts_with(
            "raised to this run's own clean 5-second peak (was 170 bpm, watch setting"
        ),
        "{}",
        race.max_hr.provenance.describe()
    );
    // A table of figures by week names the run (newcomer 38 N12: "this run" named none).
    assert!(
        race.max_hr
            .provenance
            .describe_at("2024-03-15")
            .starts_with("raised to the 2024-03-15 run's own clean 5-second peak (was 170 bpm"),
        "{}",
        race.max_hr.provenance.describe_at("2024-03-15")
    );
    for after in [3, 4] {
        let b = baseline(&judged, after);
        assert_eq!(b.max_hr, baseline(&without, after).max_hr, "run {after}");
        assert!(b.max_hr.value >= race_peak, "run {after}");
        assert!(b.watch_max_not_used);
        assert_eq!(
            b.watch_notes,
            [format!(
                "the watch's max HR 170 (Forerunner 245, since 2024-03-01) is below the clean \
                 peak of {race_peak:.0} bpm your heart reached on 2024-03-05, so not used: a \
                 watch's own guess (220 − age) is often left unset; give --max-hr if you know \
                 yours"
            )],
            "run {after}"
        );
    }
}
