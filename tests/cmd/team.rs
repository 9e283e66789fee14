//! `grayzone team DIR`: each athlete of the generated team (`fixtures/team`: ana, a beginner with
//! her own grayzone.toml; ben, an intermediate who runs his easy days gray and stops a week early;
//! cleo.zip, an advanced runner's Garmin export with cleo.grayzone.toml beside it) is judged
//! exactly as `grayzone weekly` judges that athlete alone, their profile only theirs, a bad
//! athlete a row and never the end of the team, the check per athlete, and the same bytes at any
//! thread count.

use std::path::Path;

use crate::cli::{csv_rows, grayzone};

const TEAM: &str = "fixtures/team";

/// The one-athlete command line that judges an athlete as the team does: a zip's profile is the
/// file beside it.
fn alone(athlete: &str) -> Vec<String> {
    match athlete {
        "cleo" => vec![
            format!("{TEAM}/cleo.zip"),
            "--profile".into(),
            format!("{TEAM}/cleo.grayzone.toml"),
        ],
        name => vec![format!("{TEAM}/{name}")],
    }
}

fn run(args: &[&str]) -> std::process::Output {
    let out = grayzone(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The CSV's lines, the header first.
fn lines(out: &std::process::Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every team table, athlete by athlete, is the one-athlete table with `athlete` put first and an
/// empty `athlete_error` last: the same rows, cell for cell, in the same order.
#[test]
fn each_athletes_rows_are_their_own_tables_with_the_athlete_column_added() {
    for (table, command) in [
        ("weekly", "weekly"),
        ("activities", "activities"),
        ("baseline", "baseline"),
    ] {
        let team = lines(&run(&[
            "team", TEAM, "-q", "--format", "csv", "--table", table,
        ]));
        let mut expected = Vec::new();
        for athlete in ["ana", "ben", "cleo"] {
            let mut args = vec![
                command.to_string(),
                "-q".into(),
                "--format".into(),
                "csv".into(),
            ];
            args.extend(alone(athlete));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let own = lines(&run(&args));
            if expected.is_empty() {
                expected.push(format!("athlete,{},athlete_error", own[0]));
            }
            assert!(own.len() > 3, "{table} {athlete}: {} lines", own.len());
            expected.extend(own[1..].iter().map(|row| format!("{athlete},{row},")));
        }
        assert_eq!(team, expected, "{table}");
    }
}

#[test]
fn the_team_is_three_athletes_of_different_fitness() {
    let weeks = csv_rows(&run(&["team", TEAM, "-q"]).stdout);
    let of = |name: &str| {
        weeks
            .iter()
            .filter(|w| w["athlete"] == name)
            .collect::<Vec<_>>()
    };
    let low =
        |w: &&std::collections::BTreeMap<String, String>| w["low_pct"].parse::<f64>().unwrap();
    // Four ISO weeks from 2 September 2024; ben stopped after three.
    let labels = |name: &str| {
        of(name)
            .iter()
            .map(|w| w["week"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels("ana"),
        ["2024-W36", "2024-W37", "2024-W38", "2024-W39"]
    );
    assert_eq!(labels("ben"), ["2024-W36", "2024-W37", "2024-W38"]);
    assert_eq!(labels("cleo"), labels("ana"));
    // The polarized advanced runner is low most of her time every week, the gray runner never.
    assert!(
        of("cleo").iter().all(|w| low(w) >= 85.0),
        "{:?}",
        of("cleo")
    );
    assert!(of("ben").iter().all(|w| low(w) < 75.0), "{:?}", of("ben"));
    assert!(of("ben").iter().all(|w| w["gray_zone_runs"] != "0"));
    // And they train at their own paces: her easy pace minutes apart from the beginner's.
    let base = csv_rows(&run(&["team", TEAM, "-q", "--table", "baseline"]).stdout);
    let easy = |name: &str| {
        base.iter()
            .find(|b| b["athlete"] == name)
            .map(|b| b["easy_pace_s_per_km"].parse::<f64>().unwrap())
            .unwrap()
    };
    assert!(
        easy("ana") - easy("cleo") > 90.0,
        "{} {}",
        easy("ana"),
        easy("cleo")
    );
    // Each profile is its athlete's: ana's file gives her max HR, cleo's file beside her zip hers,
    // ben has none and his is derived.
    let source = |name: &str| {
        base.iter()
            .find(|b| b["athlete"] == name)
            .map(|b| (b["max_hr"].clone(), b["max_hr_source"].clone()))
            .unwrap()
    };
    assert_eq!(
        source("ana"),
        (
            "194.0".into(),
            "given (profile fixtures/team/ana/grayzone.toml)".into()
        )
    );
    assert_eq!(
        source("cleo"),
        (
            "183.0".into(),
            "given (profile fixtures/team/cleo.grayzone.toml)".into()
        )
    );
    assert!(
        source("ben").1.starts_with("early estimate"),
        "{:?}",
        source("ben")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn team_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(TEAM),
        dir.path(),
    );
    dir
}

fn athlete_lines(out: &std::process::Output, athlete: &str) -> Vec<String> {
    lines(out)
        .into_iter()
        .filter(|l| l.starts_with(&format!("{athlete},")))
        .collect()
}

#[test]
fn a_profile_changes_its_own_athlete_only() {
    let before = run(&["team", TEAM, "-q", "--table", "activities"]);
    let dir = team_copy();
    std::fs::write(dir.path().join("ben/grayzone.toml"), "max_hr = 172\n").unwrap();
    let path = dir.path().to_str().unwrap();
    let after = run(&["team", path, "-q", "--table", "activities"]);
    // The others' rows are the same but for where their files lie.
    for athlete in ["ana", "cleo"] {
        let moved: Vec<String> = athlete_lines(&after, athlete)
            .iter()
            .map(|l| l.replace(path, TEAM))
            .collect();
        assert_eq!(moved, athlete_lines(&before, athlete), "{athlete}");
    }
    // Ben's runs are judged against 172 bpm now, and more of his time is above the low zone —
    // except a run whose own clean 5-second peak is higher: no run is judged against a max HR
    // below its own peak, so that run's max is its peak (at most its highest reading).
    let runs = csv_rows(&after.stdout);
    let ben: Vec<_> = runs
        .iter()
        .filter(|r| r["athlete"] == "ben" && !r["class"].is_empty())
        .collect();
    assert_eq!(ben.len(), 17);
    let used = |r: &std::collections::BTreeMap<String, String>, k: &str| {
        r[k].parse::<f64>().unwrap_or(f64::NAN)
    };
    let at_given = ben.iter().filter(|r| r["max_hr_used"] == "172.0").count();
    assert!(at_given >= 8, "{at_given} of 17 runs at the given 172");
    assert!(
        ben.iter().all(|r| used(r, "max_hr_used") == 172.0
            || (used(r, "max_hr_used") > 172.0 && used(r, "max_hr_used") <= used(r, "max_hr"))),
        "{ben:?}"
    );
    let weeks = |out: &std::process::Output| {
        csv_rows(&out.stdout)
            .into_iter()
            .filter(|w| w["athlete"] == "ben")
            .map(|w| w["low_pct"].parse::<f64>().unwrap())
            .collect::<Vec<_>>()
    };
    let old = weeks(&run(&["team", TEAM, "-q"]));
    let new = weeks(&run(&["team", path, "-q"]));
    assert_eq!(old.len(), new.len());
    assert!(
        new.iter().zip(&old).all(|(n, o)| n < o),
        "{old:?} → {new:?}"
    );
}

#[test]
fn a_bad_athlete_is_a_row_and_the_team_goes_on() {
    let dir = team_copy();
    let d = dir.path();
    std::fs::create_dir(d.join("dan")).unwrap();
    std::fs::write(d.join("dan/grayzone.toml"), "max_hr = \"high\"\n").unwrap();
    std::fs::write(d.join("eve.zip"), b"not a zip at all").unwrap();
    std::fs::create_dir(d.join("fay")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/files/run.tcx"),
        d.join("loose.tcx"),
    )
    .unwrap();
    let path = d.to_str().unwrap();
    let out = grayzone(&["team", path]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("loose.tcx: in no athlete's folder, ignored"),
        "{stderr}"
    );
    assert!(stderr.contains("grayzone: athlete dan: "), "{stderr}");
    let rows = csv_rows(&out.stdout);
    let error = |name: &str| {
        let mine: Vec<_> = rows.iter().filter(|r| r["athlete"] == name).collect();
        assert_eq!(mine.len(), 1, "{name}");
        assert_eq!(mine[0]["week"], "");
        mine[0]["athlete_error"].clone()
    };
    assert!(
        error("dan").starts_with(&format!("{path}/dan/grayzone.toml, line 1: ")),
        "{}",
        error("dan")
    );
    assert_eq!(
        error("eve"),
        format!("no run read: 1 unreadable file ({path}/eve.zip: not a readable zip archive: no end record, so no directory of its entries (not a zip, or one cut short: an export that did not finish downloading?))")
    );
    assert!(error("fay").starts_with(&format!("no activity file found in {path}/fay")));
    // The good athletes are untouched.
    let good = |out: &std::process::Output| {
        lines(out)
            .into_iter()
            .filter(|l| ["ana,", "ben,", "cleo,"].iter().any(|a| l.starts_with(a)))
            .collect::<Vec<_>>()
    };
    assert_eq!(good(&out), good(&run(&["team", TEAM, "-q"])));
    // In a terminal's table too: the athlete first, their reason in the last column.
    let table = run(&["team", path, "-q", "--format", "table"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.starts_with("athlete  week "), "{text}");
    let eve = text.lines().find(|l| l.starts_with("eve ")).unwrap();
    assert!(eve.contains("no run read: 1 unreadable file ("), "{eve}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("ben ")).count(),
        3,
        "{text}"
    );
    // The summary has a line for every athlete, the bad ones saying why.
    let summary = csv_rows(&run(&["team", path, "-q", "--table", "summary"]).stdout);
    let names: Vec<&str> = summary.iter().map(|s| s["athlete"].as_str()).collect();
    assert_eq!(names, ["ana", "ben", "cleo", "dan", "eve", "fay"]);
    assert_eq!(summary[4]["unreadable_files"], "1");
    // In the check, an athlete who cannot be read fails it as `check` fails on a bad profile.
    let check = grayzone(&["team", path, "-q", "--check", "--min-easy", "40"]);
    assert_eq!(check.status.code(), Some(2));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("\nERROR dan: "), "{text}");
    // An athlete whose only file cannot be read fails it too (it passed, "nothing to check").
    assert!(
        text.contains("\nERROR eve: no run read: 1 unreadable file ("),
        "{text}"
    );
    // And one whose folder holds no activity file, as `check` on that folder fails (review 37
    // §1.1: it passed, "nothing to check", and so did the team).
    assert!(
        text.contains(&format!(
            "\nERROR fay: no activity file found in {path}/fay: "
        )),
        "{text}"
    );
    let alone = grayzone(&["check", "-q", &format!("{path}/fay")]);
    assert_eq!(alone.status.code(), Some(2));
}

#[test]
fn the_check_names_athletes_and_weeks_and_sets_the_exit_status() {
    let out = grayzone(&["team", TEAM, "-q", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let misses: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("MISS "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        misses,
        [
            "MISS ana 2024-W39 (2024-09-23)",
            "MISS ben 2024-W36 (2024-09-02)",
            "MISS ben 2024-W37 (2024-09-09)",
            "MISS ben 2024-W38 (2024-09-16)",
        ]
    );
    assert!(
        text.contains("\nben: 0 of 3 weeks meet the 80/20 target\n"),
        "{text}"
    );
    assert!(
        text.contains("\ncleo: 4 of 4 weeks meet the 80/20 target\n"),
        "{text}"
    );
    assert!(text.ends_with(
        "1 of 3 athletes meets the 80/20 target in every week checked (80 % of moving time low)\n"
    ));
    // Each athlete's misses are the ones `grayzone check` finds in their folder alone.
    for athlete in ["ana", "ben", "cleo"] {
        let mut args = vec!["check".to_string(), "-q".into()];
        args.extend(alone(athlete));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let own = String::from_utf8(grayzone(&args).stdout).unwrap();
        let own: Vec<String> = own
            .lines()
            .filter_map(|l| l.strip_prefix("MISS "))
            .map(|l| format!("MISS {athlete} {l}"))
            .collect();
        let team: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(&format!("MISS {athlete} ")))
            .collect();
        assert_eq!(team, own, "{athlete}");
    }
    // A target every week meets passes.
    assert_eq!(
        grayzone(&["team", TEAM, "-q", "--check", "--min-easy", "45"])
            .status
            .code(),
        Some(0)
    );
    // --last counts back from the team's last week (W39), the same weeks for everyone: ben, who
    // stopped in W38, has nothing to check there, and ana's 69 % is the only week.
    let last = grayzone(&[
        "team",
        TEAM,
        "-q",
        "--check",
        "--last",
        "1",
        "--min-easy",
        "65",
    ]);
    assert_eq!(last.status.code(), Some(0));
    let text = String::from_utf8(last.stdout).unwrap();
    assert!(
        text.contains("ben: no week with runs selected: nothing to check"),
        "{text}"
    );
    assert!(text.contains("ana: 1 of 1 week meets"), "{text}");
    // ben had no week to meet anything with: two athletes checked, and he is counted apart.
    assert!(
        text.ends_with(
            "2 of 2 athletes meet the target in every week checked (65 % of moving time low); 1 athlete has no week with runs selected\n"
        ),
        "{text}"
    );
    // A window that misses every athlete's runs (a typo in a year) checks nothing, and each
    // athlete's line says where their runs are.
    let typo = grayzone(&["team", TEAM, "-q", "--check", "--since", "2034-09-01"]);
    assert_eq!(typo.status.code(), Some(0));
    let text = String::from_utf8(typo.stdout).unwrap();
    assert!(
        text.ends_with("no athlete has a week with runs selected: nothing checked\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\nben: the check covers from 2034-09-01; 3 earlier weeks with runs (17 runs) left out"
        ),
        "{text}"
    );
    // JSON for a program: the same verdict.
    let json = grayzone(&["team", TEAM, "-q", "--check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["athletes_missed"], 2);
    assert_eq!(v["athletes"][1]["athlete"], "ben");
    assert_eq!(v["athletes"][1]["weeks_missed"], 3);
    assert_eq!(v["athletes"][2]["weeks"].as_array().unwrap().len(), 4);
}

#[test]
fn the_summary_counts_each_athletes_weeks() {
    let summary = csv_rows(&run(&["team", TEAM, "-q", "--table", "summary"]).stdout);
    let weeks = csv_rows(&run(&["team", TEAM, "-q"]).stdout);
    assert_eq!(summary.len(), 3);
    for s in &summary {
        let mine: Vec<_> = weeks
            .iter()
            .filter(|w| w["athlete"] == s["athlete"])
            .collect();
        let total = |col: &str| {
            mine.iter()
                .map(|w| w[col].parse::<usize>().unwrap())
                .sum::<usize>()
        };
        // The last 8 weeks up to the team's last run hold all of this team's weeks.
        assert_eq!(s["runs"].parse::<usize>().unwrap(), total("runs"), "{s:?}");
        assert_eq!(
            s["gray_zone_runs"].parse::<usize>().unwrap(),
            total("gray_zone_runs")
        );
        assert_eq!(s["weeks_checked"].parse::<usize>().unwrap(), mine.len());
        assert_eq!(s["last_weeks"].len(), 8);
    }
    let by = |name: &str| summary.iter().find(|s| s["athlete"] == name).unwrap();
    assert_eq!(by("ana")["last_weeks"], "....ooox");
    assert_eq!(by("ana")["missed_weeks"], "2024-W39");
    assert_eq!(by("ben")["last_weeks"], "....xxx.");
    assert_eq!(by("ben")["weeks_missed"], "3");
    assert_eq!(by("ben")["last_run"], "2024-09-21");
    assert_eq!(by("cleo")["last_weeks"], "....oooo");
    assert_eq!(by("cleo")["last_run"], "2024-09-28");
}

#[test]
fn the_same_bytes_at_any_thread_count() {
    for table in ["activities", "weekly", "baseline", "summary"] {
        let one = run(&["team", TEAM, "-q", "-j", "1", "--table", table]).stdout;
        for j in ["2", "5"] {
            let many = run(&["team", TEAM, "-q", "-j", j, "--table", table]).stdout;
            assert!(one == many, "{table} at -j {j}");
        }
        assert!(one.len() > 300, "{table}");
    }
    let dir = tempfile::tempdir().unwrap();
    let pages = |j: &str| {
        let out = dir.path().join(j);
        run(&["team", TEAM, "-q", "-j", j, "--html", out.to_str().unwrap()]);
        [
            "index.html",
            "athletes/ana.html",
            "athletes/ben.html",
            "athletes/cleo.html",
        ]
        .map(|p| std::fs::read(out.join(p)).unwrap())
    };
    assert!(pages("1") == pages("2"));
}

#[test]
fn the_html_team_page_links_each_athletes_own_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pages");
    let done = run(&["team", TEAM, "--html", out.to_str().unwrap()]);
    assert!(
        done.stdout.is_empty(),
        "with --html the table goes only to -o"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for athlete in ["ana", "ben", "cleo"] {
        assert!(
            index.contains(&format!(
                "<a href=\"athletes/{athlete}.html\">{athlete}</a>"
            )),
            "{athlete}"
        );
    }
    assert!(
        index.contains("<strong>1 of 3</strong> athletes"),
        "{index}"
    );
    // The athletes whose last run ends the team's weeks get the very page `weekly --html` makes
    // of their folder alone.
    for athlete in ["ana", "cleo"] {
        let own = dir.path().join(format!("{athlete}.html"));
        let mut args = vec!["weekly".to_string(), "-q".into()];
        args.extend(alone(athlete));
        args.extend(["--html".into(), own.to_str().unwrap().into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args);
        assert_eq!(
            std::fs::read_to_string(out.join(format!("athletes/{athlete}.html"))).unwrap(),
            std::fs::read_to_string(&own).unwrap(),
            "{athlete}"
        );
    }
}

#[test]
fn the_runners_figures_belong_in_each_athletes_profile() {
    for flag in [["--max-hr", "180"], ["--easy-pace", "5:40/km"]] {
        let out = grayzone(&["team", TEAM, flag[0], flag[1]]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "team judges each athlete with their own figures and takes no {}",
                flag[0]
            )),
            "{stderr}"
        );
    }
    let out = grayzone(&["team", "fixtures/team/ana/grayzone.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
}

#[test]
fn a_team_folder_that_is_not_there_says_what_to_give() {
    // It said "no such file or folder" alone, where every other command says what to give.
    let out = grayzone(&["team", "coaching-typo/", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "grayzone: coaching-typo/: no such file or folder (check the spelling; give the coach's folder, which holds a folder or a .zip per athlete)\n"
    );
}

/// The team's pages go outside the team's folder: inside it, the next reading took their
/// `athletes` folder for an athlete (hostile round 34 M4). Refused before anything is made.
#[test]
fn the_pages_are_never_written_into_the_team_folder() {
    let team = team_copy();
    let before = std::fs::read_dir(team.path()).unwrap().count();
    for html in [team.path().to_path_buf(), team.path().join("report")] {
        let out = grayzone(&[
            "team",
            "-q",
            team.path().to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(": inside the team's folder ")
                && err.contains("give a folder outside it (team-report/)"),
            "{err}"
        );
    }
    let after = std::fs::read_dir(team.path()).unwrap().count();
    assert_eq!(before, after, "nothing made in the team's folder");
    // The table never goes into the pages' folder, where it replaced the team's index or an
    // athlete's page (hostile round 35 H1).
    let pages = tempfile::tempdir().unwrap();
    std::fs::create_dir(pages.path().join("athletes")).unwrap();
    for table in ["index.html", "athletes/ana.html"] {
        let out = grayzone(&[
            "team",
            "-q",
            team.path().to_str().unwrap(),
            "--html",
            pages.path().to_str().unwrap(),
            "-o",
            pages.path().join(table).to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(": inside the --html folder "), "{err}");
        assert!(!pages.path().join(table).exists());
    }
    // Beside it, the pages are written.
    let beside = tempfile::tempdir().unwrap();
    let out = grayzone(&[
        "team",
        "-q",
        team.path().to_str().unwrap(),
        "--html",
        beside.path().join("report").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(beside.path().join("report/index.html").is_file());
}

/// A link in one athlete's folder to another's is not followed: each read the other's runs as
/// their own (hostile round 34 M3). The link is a row of the athlete it sits in; the other
/// athlete's runs stay theirs alone.
#[cfg(unix)]
#[test]
fn a_link_into_another_athlete_s_folder_is_not_followed() {
    let team = team_copy();
    let alone = lines(&run(&[
        "team",
        "-q",
        "--table",
        "activities",
        team.path().to_str().unwrap(),
    ]));
    std::os::unix::fs::symlink("../ben", team.path().join("ana/ben-runs")).unwrap();
    // Nor one to a folder inside theirs, to their zip or to one of their files (round 35 H2).
    std::fs::create_dir(team.path().join("ben/2024")).unwrap();
    std::fs::rename(
        team.path().join("ben/2024-09-02-07-05-07.fit"),
        team.path().join("ben/2024/2024-09-02-07-05-07.fit"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../ben/2024", team.path().join("ana/ben-2024")).unwrap();
    std::os::unix::fs::symlink("../cleo.zip", team.path().join("ana/cleo.zip")).unwrap();
    std::os::unix::fs::symlink(
        "../ben/2024-09-03-18-07-35.fit",
        team.path().join("ana/ben-one.fit"),
    )
    .unwrap();
    let out = run(&[
        "team",
        "-q",
        "--table",
        "activities",
        team.path().to_str().unwrap(),
    ]);
    let linked = lines(&out);
    // Four rows more, ana's, saying why each link was not read.
    assert_eq!(linked.len(), alone.len() + 4, "{}", linked.join("\n"));
    for (link, what) in [
        ("ben-2024", "folder"),
        ("cleo.zip", "file"),
        ("ben-one.fit", "file"),
    ] {
        let row = linked
            .iter()
            .find(|l| l.starts_with("ana,") && l.contains(&format!("/ana/{link},")))
            .unwrap_or_else(|| panic!("a row for {link}"));
        assert!(
            row.contains(&format!(
                ",error,a link to another athlete's {what}: not read (each athlete is read alone)"
            )),
            "{row}"
        );
    }
    let link_row = linked
        .iter()
        .find(|l| l.contains("ben-runs"))
        .expect("a row for the link");
    assert!(link_row.starts_with("ana,"), "{link_row}");
    assert!(
        link_row
            .contains("a link to another athlete's folder: not read (each athlete is read alone)"),
        "{link_row}"
    );
    assert_eq!(
        athlete_lines(&out, "ben").len(),
        alone.iter().filter(|l| l.starts_with("ben,")).count()
    );
}

/// An athlete's own subfolder is theirs, whoever else links to it: a second athlete that is a
/// link to it (a coach's view of one season) made it "a link to another athlete's folder", and
/// its runs were lost from the first (hostile round 36 H2).
#[cfg(unix)]
#[test]
fn an_athlete_s_own_subfolder_is_read_whoever_links_to_it() {
    let team = team_copy();
    std::fs::create_dir(team.path().join("ben/2024")).unwrap();
    std::fs::rename(
        team.path().join("ben/2024-09-02-07-05-07.fit"),
        team.path().join("ben/2024/2024-09-02-07-05-07.fit"),
    )
    .unwrap();
    let table = |team: &Path| {
        run(&[
            "team",
            "-q",
            "--table",
            "activities",
            team.to_str().unwrap(),
        ])
    };
    let before = table(team.path());
    let ben = athlete_lines(&before, "ben");
    std::os::unix::fs::symlink("ben/2024", team.path().join("ben-2024")).unwrap();
    let after = table(team.path());
    let out = String::from_utf8_lossy(&after.stdout).into_owned();
    assert_eq!(athlete_lines(&after, "ben"), ben, "{out}");
    assert!(!out.contains("a link to another athlete"), "{out}");
    let season = athlete_lines(&after, "ben-2024");
    assert_eq!(season.len(), 1, "{out}");
    assert!(
        season[0].contains("/ben-2024/2024-09-02-07-05-07.fit,ok,"),
        "{out}"
    );
}

/// An athlete that is itself a link owns nothing of another athlete's it leads to: a parent's
/// export holding the child's, both linked into the team, read the child's runs as the parent's
/// own; an athlete linked to the team folder read every athlete (hostile round 37 H4).
#[cfg(unix)]
#[test]
fn an_athlete_that_is_a_link_reads_no_other_athlete_s_folder_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports/family");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join(TEAM);
    copy_dir(&fixtures.join("ben"), &exports);
    copy_dir(&fixtures.join("ana"), &exports.join("kid"));
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::os::unix::fs::symlink("../exports/family", team.join("family")).unwrap();
    std::os::unix::fs::symlink("../exports/family/kid", team.join("kid")).unwrap();
    let table = |team: &Path| {
        run(&[
            "team",
            "-q",
            "--table",
            "activities",
            team.to_str().unwrap(),
        ])
    };
    let alone = table(&fixtures);
    let out = table(&team);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let runs_of = |out: &std::process::Output, athlete: &str| {
        athlete_lines(out, athlete)
            .iter()
            .filter(|l| l.contains(",ok,") || l.contains(",not_run,"))
            .count()
    };
    assert_eq!(runs_of(&out, "family"), runs_of(&alone, "ben"), "{text}");
    assert_eq!(runs_of(&out, "kid"), runs_of(&alone, "ana"), "{text}");
    assert!(
        text.contains("a link to another athlete's folder: not read"),
        "{text}"
    );
    // An athlete linked to the team's own folder reads none of the others.
    let team = team_copy();
    std::os::unix::fs::symlink(".", team.path().join("all")).unwrap();
    let out = table(team.path());
    assert_eq!(
        runs_of(&out, "all"),
        0,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(runs_of(&out, "ana"), runs_of(&alone, "ana"));
}

/// An athlete's profile is found in their folder as `weekly` finds it: a pipe, a device or a
/// folder named `grayzone.toml` is the athlete's error, never waited on nor passed over (the team
/// judged them on defaults without a word, and a pipe beside a zip made the whole team wait:
/// hostile round 35 H7); an overrides file with no profile beside it applies.
#[test]
fn an_athlete_s_profile_is_found_as_weekly_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(TEAM), &team);
    for fifo in ["ana/grayzone.toml", "cleo.grayzone.toml"] {
        let _ = std::fs::remove_file(team.join(fifo));
        let made = std::process::Command::new("mkfifo")
            .arg(team.join(fifo))
            .status()
            .unwrap();
        assert!(made.success());
    }
    std::fs::write(
        team.join("ben/grayzone-overrides.toml"),
        "[[run]]\nfile = \"2024-09-02-07-05-07.fit\"\nexclude = true\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["team", "--table", "activities"])
        .arg(&team)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("team waited on a pipe named as a profile");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    for athlete in ["ana", "cleo"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("grayzone: athlete {athlete}: "))
                    && l.contains("cannot read profile: not a regular file (a pipe or a device)")),
            "{err}"
        );
        let rows = athlete_lines(&out, athlete);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(rows[0].contains(",error,"), "{}", rows[0]);
    }
    let ben = athlete_lines(&out, "ben");
    let excluded: Vec<&String> = ben
        .iter()
        .filter(|l| l.contains("2024-09-02-07-05-07.fit"))
        .collect();
    assert_eq!(excluded.len(), 1, "{ben:?}");
    assert!(excluded[0].contains(",excluded,"), "{}", excluded[0]);
}

#[test]
fn a_week_is_flagged_against_the_target_the_runner_gave() {
    // ben's W36: 70.3 % low, 2 of 5 runs easy. At 80 % it misses both ways; at 70 only by runs,
    // and every report says so in the target's words (review 36 and 37 §3.1: the flag and its
    // words stayed at 80 % whatever --min-easy said, beside a verdict counted at the target).
    let flags_of = |target: &str| {
        let team = csv_rows(
            &run(&[
                "team",
                TEAM,
                "-q",
                "--table",
                "weekly",
                "--min-easy",
                target,
            ])
            .stdout,
        );
        let ben = team
            .iter()
            .find(|w| w["athlete"] == "ben" && w["week"] == "2024-W36")
            .unwrap()["flags"]
            .clone();
        let alone =
            csv_rows(&run(&["weekly", &format!("{TEAM}/ben"), "-q", "--min-easy", target]).stdout);
        assert_eq!(alone[0]["flags"], ben, "{target}");
        ben
    };
    assert_eq!(
        flags_of("80"),
        "below_80_20;below_80_20_sessions;hard_days_back_to_back"
    );
    assert_eq!(
        flags_of("70"),
        "below_80_20_sessions;hard_days_back_to_back"
    );
    let table = run(&[
        "weekly",
        &format!("{TEAM}/ben"),
        "-q",
        "--min-easy",
        "70",
        "--format",
        "table",
    ]);
    let text = String::from_utf8(table.stdout).unwrap();
    let w36 = text.lines().find(|l| l.starts_with("2024-W36")).unwrap();
    assert!(
        w36.ends_with("  easy runs < 70 %, hard days back to back"),
        "{text}"
    );
    assert!(
        text.contains("weeks had at least 70 % of their moving time low"),
        "{text}"
    );
    let summary = String::from_utf8(
        run(&["summary", &format!("{TEAM}/ben"), "-q", "--min-easy", "70"]).stdout,
    )
    .unwrap();
    assert!(
        summary.contains(" easy runs < 70 %, hard days back to back\n"),
        "{summary}"
    );
}
