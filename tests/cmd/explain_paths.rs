//! `explain` accepts every path grayzone prints (`brick.fit#2`, the file a duplicate points to)
//! and any file name (`Great run!.fit`, `Tempo #3.fit`); a run too short to judge says so.

use std::path::Path;

use grayzone::activity::{Activity, Sample, Sport};
use testkit::fit_writer::{write_fit, FitOptions};
use testkit::gpx_writer::{write_gpx, GpxStyle};
use testkit::simulate::{simulate, Amount, Athlete, Intent, RunPlan};

use crate::cli::{csv_rows, grayzone};

/// 2023-09-02T13:15:00Z.
const START: f64 = 1_693_660_500.0;

/// A simulated easy run, recorded as a watch's smart recording does.
fn run(start: f64, minutes: f64, seed: u64) -> Activity {
    simulate(
        &Athlete::intermediate(),
        &RunPlan::new(Intent::Easy, Amount::Minutes(minutes)).smart(),
        start,
        seed,
    )
}

fn explain(file: &Path, dir: &Path) -> (i32, String, String) {
    let out = grayzone(&[
        "explain",
        &file.to_string_lossy(),
        &dir.to_string_lossy(),
        "-q",
    ]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_printed_path_and_any_file_name_can_be_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A brick: a run, a ride, a run.
    let ride = Activity {
        sport: Sport::Cycling,
        ..run(START + 1300.0, 40.0, 2)
    };
    let brick = write_fit(
        &[run(START, 20.0, 1), ride, run(START + 4000.0, 15.0, 3)],
        &FitOptions::default(),
    );
    std::fs::write(d.join("brick.fit"), &brick).unwrap();
    // The first leg again, as an app's GPX copy: a duplicate that points at brick.fit#1.
    let leg = run(START, 20.0, 1);
    std::fs::write(
        d.join("brick-run-leg.gpx"),
        write_gpx(&leg, GpxStyle::default()),
    )
    .unwrap();
    let single = write_fit(
        &[run(START + 2.0 * 86_400.0, 30.0, 4)],
        &FitOptions::default(),
    );
    std::fs::write(d.join("Great run!.fit"), &single).unwrap();
    let other = write_fit(
        &[run(START + 4.0 * 86_400.0, 30.0, 5)],
        &FitOptions::default(),
    );
    std::fs::write(d.join("Tempo #3.fit"), &other).unwrap();

    // The session form `grayzone activities` prints.
    let (code, out, err) = explain(&d.join("brick.fit#3"), d);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!("{}#3\n", d.join("brick.fit").display())),
        "{out}"
    );
    assert!(
        !out.contains("brick.fit#1"),
        "only the session asked for: {out}"
    );
    assert!(out.contains("Verdict:"), "{out}");

    // The duplicate names the file to explain instead, and that name works.
    let (code, out, err) = explain(&d.join("brick-run-leg.gpx"), d);
    assert_eq!(code, 2);
    let pointed = format!("{}#1", d.join("brick.fit").display());
    assert!(out.contains(&pointed), "{out}");
    assert!(
        err.contains(&format!("same activity as {pointed}")),
        "{err}"
    );
    let (code, out, err) = explain(Path::new(&pointed), d);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Verdict:"), "{out}");

    // Names with `!` and `#` are files first.
    for name in ["Great run!.fit", "Tempo #3.fit"] {
        let (code, out, err) = explain(&d.join(name), d);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(
            out.starts_with(&d.join(name).display().to_string()),
            "{out}"
        );
        assert!(out.contains("Verdict:"), "{name}: {out}");
    }

    // A session that does not exist is still an error naming the file.
    let (code, _, err) = explain(&d.join("brick.fit#9"), d);
    assert_eq!(code, 2);
    assert!(err.contains("brick.fit#9"), "{err}");
}

#[test]
fn a_run_too_short_to_judge_keeps_its_row_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fragment = Activity {
        sport: Sport::Running,
        samples: (0..=19)
            .map(|i| Sample {
                time: START + f64::from(i),
                position: Some((52.37 + f64::from(i) * 4.6 / 111_250.0, 4.89)),
                heart_rate: Some(150),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    std::fs::write(
        d.join("oops.gpx"),
        write_gpx(&fragment, GpxStyle::default()),
    )
    .unwrap();
    std::fs::write(
        d.join("easy.fit"),
        write_fit(&[run(START + 86_400.0, 45.0, 9)], &FitOptions::default()),
    )
    .unwrap();
    let out = grayzone(&["activities", &d.to_string_lossy(), "-q"]);
    let rows = csv_rows(&out.stdout);
    let oops = rows
        .iter()
        .find(|r| r["path"].ends_with("oops.gpx"))
        .unwrap();
    assert_eq!(
        (
            oops["status"].as_str(),
            oops["class"].as_str(),
            oops["flags"].as_str()
        ),
        ("ok", "", "too_short_to_judge")
    );
    assert!(
        oops["note"].starts_with("too short to judge: 0:19"),
        "{}",
        oops["note"]
    );
    let easy = rows
        .iter()
        .find(|r| r["path"].ends_with("easy.fit"))
        .unwrap();
    assert_ne!(easy["class"], "");

    let (code, out, err) = explain(&d.join("oops.gpx"), d);
    assert_eq!(code, 2);
    assert!(out.contains("not judged: too short to judge"), "{out}");
    // Its one line on stderr says it is a run, too short, not "not a run".
    assert!(err.contains("oops.gpx: too short to judge: 0:19"), "{err}");
    // A file that cannot be read says so, not "not a run": on stderr one line, its reason,
    // quiet or not.
    std::fs::write(d.join("junk.fit"), b"not a fit file at all").unwrap();
    for quiet in [true, false] {
        let junk = d.join("junk.fit");
        let mut args = vec!["explain", junk.to_str().unwrap(), d.to_str().unwrap()];
        if quiet {
            args.push("-q");
        }
        let run = grayzone(&args);
        let (out, err) = (
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr),
        );
        assert_eq!(run.status.code(), Some(2));
        assert!(out.contains("cannot be read: "), "{out}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "quiet {quiet}: {err}");
        let reason = out.split("cannot be read: ").nth(1).unwrap_or("").trim();
        assert!(
            lines[0].starts_with("grayzone: ")
                && lines[0].contains("junk.fit: ")
                && lines[0].ends_with(reason),
            "quiet {quiet}: {err} / {reason}"
        );
    }

    // The summary and the weekly table count the judged run only, and say what was left out.
    let summary = grayzone(&["summary", &d.to_string_lossy()]);
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(
        text.contains("1 run not judged (1 too short to judge)"),
        "{text}"
    );
    let weekly = grayzone(&["weekly", &d.to_string_lossy(), "-q"]);
    let weeks = csv_rows(&weekly.stdout);
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["runs"], "1");
}

/// A folder of rides and a swim holds no run: `weekly` and `check` write their empty tables and
/// say why on stderr, which alone would say nothing; quiet, they do not.
#[test]
fn a_folder_without_a_run_says_what_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (k, sport) in [Sport::Cycling, Sport::Cycling, Sport::Swimming]
        .into_iter()
        .enumerate()
    {
        let activity = Activity {
            sport,
            ..run(START + k as f64 * 86_400.0, 40.0, 10 + k as u64)
        };
        std::fs::write(
            d.join(format!("{k}.fit")),
            write_fit(&[activity], &FitOptions::default()),
        )
        .unwrap();
    }
    let folder = d.to_string_lossy();
    for command in ["weekly", "check"] {
        let out = grayzone(&[command, &folder]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("grayzone: no run judged among 3 activities (2 cycling, 1 swimming)"),
            "{command}: {err}"
        );
        let quiet = grayzone(&[command, &folder, "-q"]);
        assert!(quiet.stderr.is_empty(), "{command} -q");
    }
    // Nothing but unreadable files: rides are beside the point (newcomer 37 N10).
    let notes = d.join("notes.fit");
    std::fs::write(&notes, "hello, this is not a FIT file\n").unwrap();
    let out = grayzone(&["weekly", &notes.to_string_lossy()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("grayzone: no run judged among 1 activity (1 unreadable): each file's fault is said above"),
        "{err}"
    );
    assert!(!err.contains("rides"), "{err}");
}

/// `explain` of a ride says on stderr why it explained no run, and where its page went: above,
/// or into the `-o` file (it said "see above" of a page written to a file).
#[test]
fn explain_of_a_ride_points_to_where_its_page_went() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("ride.txt");
    let out = grayzone(&[
        "explain",
        "fixtures/files/ride.fit",
        "-o",
        &page.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "not a run grayzone can judge; see {}",
            page.display()
        )),
        "{err}"
    );
    assert!(std::fs::read_to_string(&page).unwrap().contains("cycling"));
    let out = grayzone(&["explain", "fixtures/files/ride.fit"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a run grayzone can judge; see above"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_whose_name_is_not_utf8_can_be_explained() {
    // Every other command read it; explain said "no activity of that name was read".
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"r\xfe.fit");
    let file = dir.path().join(name);
    std::fs::write(
        &file,
        write_fit(&[run(START, 30.0, 6)], &FitOptions::default()),
    )
    .unwrap();
    for context in [None, Some(dir.path())] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_grayzone"));
        command.arg("explain").arg(&file).arg("-q");
        command.args(context);
        let out = command.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{context:?}: {out:?}");
        assert!(text.contains("r\u{FFFD}.fit\n"), "{text}");
        assert!(text.contains("Verdict:"), "{text}");
    }
}

/// Asked about one run, `explain` counts the export's unreadable files in one line rather than
/// listing each (newcomer 37 N12: four lines about files it was not asked about); asked about an
/// unreadable one, it says that file's fault.
#[test]
fn explain_counts_the_other_unreadable_files_and_names_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy("fixtures/files/run_1s_hr.fit", d.join("run.fit")).unwrap();
    for name in ["notes.fit", "empty.fit"] {
        std::fs::write(
            d.join(name),
            if name == "empty.fit" { "" } else { "notes\n" },
        )
        .unwrap();
    }
    let folder = d.to_string_lossy();
    let run = d.join("run.fit");
    let out = grayzone(&["explain", &run.to_string_lossy(), &folder]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("grayzone: 2 files could not be read (`grayzone activities` lists them"),
        "{err}"
    );
    assert!(!err.contains("notes.fit"), "{err}");
    let notes = d.join("notes.fit");
    let out = grayzone(&["explain", &notes.to_string_lossy(), &folder]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("grayzone: {}: not a FIT file", notes.display())),
        "{err}"
    );
}

/// Under imperial units one page gives one easy pace: the reason's "(9:31/mi)" and the baseline's
/// line (review 38 §1.4: the reason's was told from "5:55/km", the baseline's from the unrounded
/// pace, and 50 of the sample's runs showed two paces a second apart); its climb is told in feet
/// per mile (§1.3: the terrain line said "34 m of climb per km").
#[test]
fn an_explained_run_gives_its_easy_pace_one_way_in_miles() {
    let sample = "fixtures/sample-export";
    let rows = csv_rows(&grayzone(&["activities", sample, "-q"]).stdout);
    let (mut compared, mut climbs) = (0, 0);
    for row in rows.iter().filter(|r| r["status"] == "ok") {
        let start = &row["start_time"][..16];
        let out = grayzone(&["explain", start, sample, "-q", "--units", "imperial"]);
        let text = String::from_utf8(out.stdout).unwrap();
        let told = text
            .split("easy pace (")
            .nth(1)
            .and_then(|s| s.split(')').next());
        let baseline = text
            .lines()
            .find(|l| l.trim_start().starts_with("easy pace "))
            .and_then(|l| l.split_whitespace().nth(2));
        if let (Some(told), Some(baseline)) = (told, baseline) {
            assert_eq!(told, baseline, "{start}: {text}");
            compared += 1;
        }
        if let Some(terrain) = text
            .lines()
            .find(|l| l.contains("terrain: ") && l.contains(" of climb per "))
        {
            assert!(terrain.contains(" ft of climb per mi"), "{terrain}");
            climbs += 1;
        }
    }
    assert!(compared >= 30 && climbs >= 1, "{compared} {climbs}");
}

/// Most runs have no title: a part of a file's name finds the run, and names a file that could
/// not be read, whose fault is then said (newcomer 38 N5: "portland" was "no run of that name";
/// review 38 §1.7: so was `broken.fit`).
#[test]
fn a_part_of_a_file_name_finds_its_run_or_says_why_it_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fit = write_fit(&[run(START, 40.0, 7)], &FitOptions::default());
    std::fs::write(d.join("thomas__elevate__portland.fit"), &fit).unwrap();
    // Its header and a record's start: nothing decodes.
    std::fs::write(d.join("broken.fit"), &fit[..40]).unwrap();
    let (code, out, err) = explain(Path::new("Portland"), d);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with("thomas__elevate__portland.fit"),
        "{out}"
    );
    let (code, _, err) = explain(Path::new("broken.fit"), d);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("grayzone: broken.fit: no activity data decoded"),
        "{err}"
    );
}

/// Digits that are no activity id are a part of a file's name, and the rides that match too are
/// left out of the runs offered (newcomer 39 N3: "15310", in every file name of the sample,
/// found nothing; "example" matched "77 runs", 7 of them rides).
#[test]
fn digits_of_a_file_name_find_its_runs_and_rides_are_not_counted_among_them() {
    let sample = Path::new("fixtures/sample-export");
    for asked in ["15310", "example"] {
        let (code, _, err) = explain(Path::new(asked), sample);
        assert_eq!(code, 2, "{asked}: {err}");
        assert!(
            err.starts_with(&format!("grayzone: {asked} matches 70 runs; name one by")),
            "{asked}: {err}"
        );
        assert!(!err.contains("15310023757"), "a ride offered: {err}");
    }
    // The digits of one file's name find its run.
    let (code, out, err) = explain(Path::new("277165"), sample);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("runner@example.com_15310277165.fit\n"),
        "{out}"
    );
}
