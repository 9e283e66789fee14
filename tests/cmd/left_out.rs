//! Runs left out of judging are said where a runner reads the verdict: a week that seems to be
//! missing a run, or an export with "nothing to check", is explained.

use crate::cli::grayzone;

/// The real Apple Watch GPX of 18.5 s of moving time: before issue 13 it was a hard gray-zone run
/// whose week failed `check` (exit 1, `MISS 2025-W18`).
const FRAGMENT: &str = "gpx/togeojson__Friday-Evening-Run.gpx";

#[test]
fn check_and_summary_say_how_many_runs_were_left_out() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let file = real.join(FRAGMENT);
    let file = file.to_str().unwrap();
    let out = grayzone(&["check", file, "-q"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "no week with runs selected: nothing to check\n1 run not judged (1 too short to judge), in no week\n"
    );
    let out = grayzone(&["summary", file, "-q"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "0 runs judged (1 file, 0 unreadable; 1 run not judged (1 too short to judge), in no week)"
        ),
        "{text}"
    );
    // Beside judged runs, the weeks are checked as before and the fragment is said after them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join("fragment.gpx")).unwrap();
    std::fs::copy(
        real.join("gpx/workoutizer__garmin_example.gpx"),
        dir.path().join("run.gpx"),
    )
    .unwrap();
    let out = grayzone(&["check", dir.path().to_str().unwrap(), "-q"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.last(),
        Some(&"1 run not judged (1 too short to judge), in no week"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == &"1 of 1 week meets the 80/20 target (80 % of moving time low)"),
        "{text}"
    );
}

/// A window that holds none of the export's runs (a typo in a year) says where they are: `check`
/// in its report (it still passes: there is nothing to check), `weekly` on stderr beside its
/// empty table.
#[test]
fn a_window_that_misses_the_export_says_where_its_runs_are() {
    let window = [
        "fixtures/sample-export",
        "--since",
        "2024-01-01",
        "--until",
        "2024-03-31",
    ];
    let out = grayzone(&[&["check"][..], &window[..], &["-q"][..]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "no week with runs selected: nothing to check\n\
         the check covers 2024-01-01 to 2024-03-31; 12 later weeks with runs (70 runs) left out: \
         --all shows every week, --since YYYY-MM-DD or --last N another window\n"
    );
    let out = grayzone(&[&["weekly"][..], &window[..]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("grayzone: the table shows 2024-01-01 to 2024-03-31; 12 later weeks with runs (70 runs) left out"),
        "{err}"
    );
    // Asked to be quiet, it is.
    let out = grayzone(&[&["weekly"][..], &window[..], &["-q"][..]].concat());
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

/// A real tempo run two-thirds moderate (workoutizer's run with coordinates): hard, not gray, no
/// flag of its own, yet it alone makes its week gray-heavy. The page listed no run worth a second
/// look and said "no flag about the training" under a week flagged gray-heavy.
#[test]
fn a_run_mostly_moderate_is_worth_a_second_look_on_the_page() {
    let Some(real) = crate::real::corpus() else {
        return;
    };
    let file = real.join("fit/workoutizer__run_with_coordinates.fit");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = grayzone(&[
        "weekly",
        file.to_str().unwrap(),
        "-q",
        "--all",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("gray_zone_heavy"), "the week is gray-heavy");
    assert!(html.contains("Runs worth a second look (1)"), "{html}");
    assert!(html.contains("tempo run"), "{html}");
    assert!(!html.contains("no flag about the training"), "{html}");
}
