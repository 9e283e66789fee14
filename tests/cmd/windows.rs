//! `--since DATE`, `--until DATE`, `--last N` (calendar weeks) and `--all` on every command that
//! reads an export; the chart, the HTML report and `summary` show recent weeks by default and say
//! what they leave out; and a window never changes a verdict: every run is still judged against
//! all the history before it.

use std::collections::BTreeMap;

use crate::cli::{csv_rows, grayzone};

/// Three seasons in one export: 10 weeks from 8 January 2024, 6 from 1 April, 12 from 3 June
/// (ISO weeks 2 to 34, with gaps): 28 weeks with runs over 33 calendar weeks.
const LONG: [&str; 3] = [
    "fixtures/seasons/pass",
    "fixtures/seasons/fail",
    "fixtures/sample-export",
];

fn run_ok(args: &[&str]) -> std::process::Output {
    let out = grayzone(args);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn table(command: &str, extra: &[&str]) -> Vec<BTreeMap<String, String>> {
    let args: Vec<&str> = [command, "-q"]
        .into_iter()
        .chain(LONG)
        .chain(extra.iter().copied())
        .collect();
    csv_rows(&run_ok(&args).stdout)
}

fn labels(rows: &[BTreeMap<String, String>]) -> Vec<String> {
    rows.iter().map(|r| r["week"].clone()).collect()
}

#[test]
fn a_window_shows_fewer_runs_and_never_changes_a_verdict() {
    let all = table("activities", &[]);
    let window = table(
        "activities",
        &["--since", "2024-04-03", "--until", "2024-04-14"],
    );
    // Runs dated 3 to 14 April, local time, both ends included; every other row left out.
    let expected: Vec<&BTreeMap<String, String>> = all
        .iter()
        .filter(|r| {
            let d = r["local_date"].as_str();
            ("2024-04-03"..="2024-04-13").contains(&d)
        })
        .collect();
    assert!(expected.len() >= 10, "{}", expected.len());
    assert_eq!(window.len(), expected.len());
    // Row for row the same, verdicts and baselines included: the runs before the window still
    // made the baseline these runs were judged by.
    for (shown, full) in window.iter().zip(expected) {
        assert_eq!(shown, full);
    }
    assert!(window.iter().any(|r| r["local_date"] == "2024-04-03"));
    assert!(window.iter().any(|r| r["local_date"] == "2024-04-13"));
    assert!(all.iter().any(|r| r["local_date"] == "2024-04-02"));
    assert!(all.iter().any(|r| r["local_date"] == "2024-04-15"));
}

#[test]
fn last_counts_calendar_weeks_back_from_the_export_s_last_run() {
    let all = table("weekly", &[]);
    assert_eq!(all.len(), 28);
    // The export's last run is in ISO week 34 (19–25 August): the last 4 weeks are 31 to 34.
    let last = table("weekly", &["--last", "4"]);
    assert_eq!(
        labels(&last),
        ["2024-W31", "2024-W32", "2024-W33", "2024-W34"]
    );
    // Each week's row is the one of the whole table.
    for week in &last {
        assert!(all.contains(week), "{week:?}");
    }
    // Weeks 12 and 13 have no runs (between the seasons): the last 4 weeks up to 7 April hold
    // the two weeks around them that have.
    let until = table("weekly", &["--last", "4", "--until", "2024-04-07"]);
    assert_eq!(labels(&until), ["2024-W11", "2024-W14"]);
    // --since alone: the week holding the date and every one after it.
    let since = table("weekly", &["--since", "2024-08-14"]);
    assert_eq!(labels(&since), ["2024-W33", "2024-W34"]);
    // baseline follows the same weeks.
    let baseline = table("baseline", &["--last", "4", "--until", "2024-04-07"]);
    assert_eq!(labels(&baseline), ["2024-W11", "2024-W14"]);
    let baseline_all = table("baseline", &[]);
    for week in &baseline {
        assert!(baseline_all.contains(week), "{week:?}");
    }
}

#[test]
fn check_looks_at_the_weeks_with_runs_in_its_window() {
    let text = |extra: &[&str]| {
        let args: Vec<&str> = ["check", "-q", "--min-easy", "0"]
            .into_iter()
            .chain(LONG)
            .chain(extra.iter().copied())
            .collect();
        String::from_utf8(run_ok(&args).stdout).unwrap()
    };
    // --last 8 is 8 calendar weeks (27 to 34), all with runs here; up to 14 April it is weeks 8
    // to 15, of which 6 have runs (12 and 13 are the gap between the seasons).
    assert!(text(&["--last", "8"]).contains("8 of 8 weeks meet"));
    assert!(text(&["--last", "8", "--until", "2024-04-14"]).contains("6 of 6 weeks meet"));
    assert!(text(&[]).contains("28 of 28 weeks meet"));
}

#[test]
fn the_chart_and_the_report_show_the_last_16_weeks_and_say_what_they_leave_out() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("weeks.svg");
    let args: Vec<&str> = ["chart"]
        .into_iter()
        .chain(LONG)
        .chain(["-o", svg.to_str().unwrap()])
        .collect();
    let out = run_ok(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    // 16 weeks up to week 34 start on Monday 6 May (week 19, the fail season's last).
    assert!(
        err.contains("the chart shows the last 16 weeks (2024-05-06 to 2024-08-25); 15 earlier weeks with runs")
            && err.contains("--all shows every week"),
        "{err}"
    );
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(picture.matches("<g class=\"bar\"").count(), 16);
    assert!(
        picture.contains("data-key=\"2024-W19\"") && !picture.contains("data-key=\"2024-W18\"")
    );
    // --all: every week from the first, as a chart of months past 40 weeks, here 33 weeks.
    let args: Vec<&str> = ["chart", "-q", "--all"]
        .into_iter()
        .chain(LONG)
        .chain(["-o", svg.to_str().unwrap()])
        .collect();
    assert!(run_ok(&args).stderr.is_empty());
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(picture.matches("<g class=\"bar\"").count(), 33);

    // The HTML report: the same 16 weeks, and the note on the page.
    let page = dir.path().join("report.html");
    let args: Vec<&str> = ["weekly", "-q"]
        .into_iter()
        .chain(LONG)
        .chain(["--html", page.to_str().unwrap()])
        .collect();
    run_ok(&args);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<tr data-week=").count(), 13);
    assert!(
        html.contains("This page shows the last 16 weeks (2024-05-06 to 2024-08-25); 15 earlier weeks with runs"),
        "{html}"
    );
    // The whole export is still counted in the heading, and its answer beside the window's, as
    // `check` gives it over every week.
    assert!(html.contains("28 weeks with runs"), "{html}");
    let args: Vec<&str> = ["check", "-q"].into_iter().chain(LONG).collect();
    let check = String::from_utf8(grayzone(&args).stdout).unwrap();
    let met = check
        .lines()
        .find_map(|l| {
            l.strip_suffix(" of 28 weeks meet the 80/20 target (80 % of moving time low)")
        })
        .unwrap_or_else(|| panic!("{check}"));
    assert!(
        html.contains(&format!(
            "Over all 28 weeks with runs: {met} of 28 by moving time, "
        )),
        "{html}"
    );
}

#[test]
fn summary_s_last_8_weeks_are_8_calendar_weeks() {
    // The fail season has runs in 6 weeks (14 to 19): its last 8 weeks are 12 to 19, but the
    // two before the export began are no weeks off, and are not shown as weeks without runs
    // (newcomer 37 N16).
    let out = run_ok(&["summary", "-q", "fixtures/seasons/fail"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let weeks: Vec<&str> = text.lines().filter(|l| l.starts_with("2024-W")).collect();
    assert_eq!(weeks.len(), 6, "{text}");
    assert!(weeks[0].starts_with("2024-W14     6 "), "{text}");
    assert!(text.contains("6 weeks, 2024-W14 to 2024-W19"), "{text}");
    assert!(!text.contains("without runs"), "{text}");
    // The answer counts the weeks with runs, as `check` does.
    let check = run_ok(&["check", "-q", "fixtures/seasons/fail", "--last", "8"]);
    let check = String::from_utf8(check.stdout).unwrap();
    let met = check
        .lines()
        .find_map(|l| {
            l.split(" of 6 weeks meet")
                .next()
                .filter(|n| n.len() < l.len())
        })
        .unwrap_or_else(|| panic!("{check}"));
    assert!(
        text.contains(&format!(
            "\n{met} of 6 weeks had at least 80 % of their moving time low; "
        )),
        "{text}\n{check}"
    );
    // Flags in words.
    assert!(
        text.contains("low < 80 %") && !text.contains("below_80_20"),
        "{text}"
    );
    // Over the three seasons: 8 weeks up to week 34, and what is left out.
    let args: Vec<&str> = ["summary", "-q"].into_iter().chain(LONG).collect();
    let text = String::from_utf8(run_ok(&args).stdout).unwrap();
    assert!(
        text.contains(
            "Shown: the last 8 weeks (2024-07-01 to 2024-08-25); 20 earlier weeks with runs"
        ),
        "{text}"
    );
    // A long break is one line.
    let args: Vec<&str> = ["summary", "-q", "--since", "2024-01-01"]
        .into_iter()
        .chain(["fixtures/seasons/pass", "fixtures/sample-export"])
        .collect();
    let text = String::from_utf8(run_ok(&args).stdout).unwrap();
    assert!(
        text.contains("\n2024-W12     0   (11 weeks without runs, to 2024-W22)\n"),
        "{text}"
    );
}

#[test]
fn bad_windows_are_refused_before_any_file_is_read() {
    // fixtures/files holds unreadable files, each of which says so on stderr once read: a
    // refused option is the only line.
    for (args, message) in [
        (
            vec!["weekly", "--since", "2024-13-01", "fixtures/files"],
            "grayzone: --since '2024-13-01': write the date as YYYY-MM-DD, for example 2024-03-31",
        ),
        (
            vec!["activities", "--until", "yesterday", "fixtures/files"],
            "grayzone: --until 'yesterday': write the date as YYYY-MM-DD, for example 2024-03-31",
        ),
        (
            vec![
                "chart",
                "--since",
                "2024-05-01",
                "--until",
                "2024-04-01",
                "fixtures/files",
            ],
            "grayzone: --since 2024-05-01 is after --until 2024-04-01: nothing would be shown",
        ),
        (
            vec!["summary", "--last", "0", "fixtures/files"],
            "grayzone: --last 0: give a number of weeks, 1 or more",
        ),
    ] {
        let out = grayzone(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), message);
    }
    // --last with --since is a contradiction clap refuses.
    let both = grayzone(&[
        "weekly",
        "--last",
        "2",
        "--since",
        "2024-01-01",
        "fixtures/files",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}

#[test]
fn a_file_dated_in_year_9999_is_a_row_in_no_week() {
    // A GPX says what it likes: placed in a week, the runs of 2024 and one "run" of 9999 were
    // 417,943 weeks to list (140 MB); and a far `--last` overflowed the calendar and panicked.
    let dir = tempfile::tempdir().unwrap();
    let gpx = std::fs::read_to_string("fixtures/files/run_gpxtpx.gpx").unwrap();
    assert!(gpx.contains("<time>2024-"));
    std::fs::write(
        dir.path().join("late.gpx"),
        gpx.replace("<time>2024-", "<time>9999-"),
    )
    .unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    let folder = dir.path().to_str().unwrap();
    let weeks = csv_rows(&run_ok(&["weekly", "-q", "--all", folder]).stdout);
    assert_eq!(labels(&weeks), ["2024-W12"]);
    let runs = csv_rows(&run_ok(&["activities", "-q", folder]).stdout);
    let late = runs
        .iter()
        .find(|r| r["path"].ends_with("late.gpx"))
        .unwrap();
    assert_eq!(late["status"], "ok");
    assert_eq!(late["class"], "");
    assert!(late["note"].contains("its clock says 9999-"), "{late:?}");
    let late_path = dir.path().join("late.gpx");
    let explained = grayzone(&["explain", "-q", late_path.to_str().unwrap(), folder]);
    let said = String::from_utf8_lossy(&explained.stdout);
    assert!(said.contains("a start that is no date ·"), "{said}");
    assert!(
        said.contains("\nnot judged as a run: its clock says 9999-")
            && !said.contains("not judged: not judged"),
        "{said}"
    );
    let far = grayzone(&["summary", "-q", "--last", "100000000", folder]);
    assert_eq!(far.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&far.stderr).contains("at most 5740 weeks"));
}
