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
            "0 runs read (1 file, 0 unreadable; 1 run not judged (1 too short to judge), in no week)"
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
            .any(|l| l.ends_with("weeks meet the 80/20 target (80 % of moving time low)")),
        "{text}"
    );
}
