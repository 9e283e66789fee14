//! Every usage error names what is at fault (the file, the option, the profile key) and says what to
//! do about it, on one line of stderr, with exit status 2.

use std::path::Path;
use std::process::Command;

/// Runs grayzone and returns its one stderr line, after checking the exit status is 2.
fn error_of(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run grayzone");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err.trim_end().to_string()
}

fn profile(dir: &Path, text: &str) -> String {
    let path = dir.join("me.toml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const SEASON: &str = "fixtures/seasons/fail";

#[test]
fn input_and_output_paths() {
    assert_eq!(
        error_of(&["weekly", "no/such/export"]),
        "grayzone: no/such/export: no such file or folder (check the spelling; give your export's folder, its .zip, or .fit/.gpx/.tcx files)"
    );
    assert_eq!(
        error_of(&["weekly", "README.md"]),
        "grayzone: README.md: not a .fit, .gpx, .tcx (optionally .gz) or .zip file"
    );
    let err = error_of(&["weekly", "-q", SEASON, "-o", "no/such/folder/weeks.csv"]);
    assert!(
        err.starts_with("grayzone: cannot write no/such/folder/weeks.csv: ")
            && err.ends_with("(create its folder first, or write somewhere else)"),
        "{err}"
    );
}

#[test]
fn flags_name_themselves() {
    assert_eq!(
        error_of(&["weekly", "--easy-pace", "fast", SEASON]),
        "grayzone: --easy-pace: cannot read pace 'fast': write it like 5:40/km or 9:07/mi"
    );
    assert_eq!(
        error_of(&["weekly", "--max-hr", "20", SEASON]),
        "grayzone: --max-hr 20 is not a plausible max heart rate (100–250 bpm)"
    );
    // A resting HR in the max's field (review 36 §1.3: every steady run read 100 % high).
    assert_eq!(
        error_of(&["weekly", "--max-hr", "40", SEASON]),
        "grayzone: --max-hr 40 is not a plausible max heart rate (100–250 bpm)"
    );
    assert_eq!(
        error_of(&["weekly", "--resting-hr", "140", SEASON]),
        "grayzone: --resting-hr 140 is not a plausible resting heart rate (25–120 bpm)"
    );
    assert_eq!(
        error_of(&["weekly", "--lthr", "60", SEASON]),
        "grayzone: --lthr 60 is not a plausible threshold heart rate (80–240 bpm)"
    );
    assert_eq!(
        error_of(&["weekly", "--tz", "Paris", SEASON]),
        "grayzone: --tz: unknown time zone 'Paris': use an IANA name such as Europe/Paris or America/New_York"
    );
    assert_eq!(
        error_of(&["check", "--since", "May 1st", SEASON]),
        "grayzone: --since 'May 1st': write the date as YYYY-MM-DD, for example 2024-03-31"
    );
    assert_eq!(
        error_of(&["chart", "--min-easy", "120", SEASON]),
        "grayzone: --min-easy 120 must be a percentage between 0 and 100"
    );
}

#[test]
fn profile_errors_name_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile(dir.path(), "max_hr = 20\n");
    assert_eq!(
        error_of(&["weekly", "--profile", &p, SEASON]),
        format!(
            "grayzone: profile {p}: max_hr = 20 is not a plausible max heart rate (100–250 bpm)"
        )
    );
    let p = profile(dir.path(), "max_hr = 180\neasy_pace = \"fast\"\n");
    assert_eq!(
        error_of(&["weekly", "--profile", &p, SEASON]),
        format!("grayzone: profile {p}: easy_pace: cannot read pace 'fast': write it like 5:40/km or 9:07/mi")
    );
    let p = profile(dir.path(), "timezone = \"Paris\"\n");
    assert!(
        error_of(&["weekly", "--profile", &p, SEASON]).starts_with(&format!(
            "grayzone: profile {p}: timezone: unknown time zone 'Paris'"
        ))
    );
    let p = profile(dir.path(), "max_hr = 180\nmaxhr = 3\n");
    let err = error_of(&["weekly", "--profile", &p, SEASON]);
    assert!(
        err.starts_with(&format!(
            "grayzone: {p}, line 2: unknown field `maxhr`, expected one of `max_hr`"
        )) && err.ends_with("(every key is explained in the template `grayzone init DIR` writes)"),
        "{err}"
    );
    let p = profile(dir.path(), "lthr = = 3\n");
    assert!(error_of(&["weekly", "--profile", &p, SEASON])
        .starts_with(&format!("grayzone: {p}, line 1: ")));
    let missing = dir.path().join("none.toml");
    let err = error_of(&["weekly", "--profile", missing.to_str().unwrap(), SEASON]);
    assert!(
        err.contains("none.toml: cannot read profile")
            && err.ends_with("(check the path given to --profile)"),
        "{err}"
    );
}

#[test]
fn a_profile_that_is_no_small_regular_file_is_refused_without_reading_it_all() {
    // `--profile /dev/zero` grew to 24 GB until the kernel killed it, a pipe waited forever, and
    // a 10 GB grayzone.toml beside the export was read whole before its first line was checked.
    let err = error_of(&["weekly", "--profile", "/dev/zero", SEASON]);
    assert_eq!(
        err,
        "grayzone: /dev/zero: cannot read profile: over 1 MB, far more than any profile file holds; is it the right file?"
    );
    // Named with --profile, a pipe is the runner's own: `--profile <(cat a.toml b.toml)`.
    let mut piped = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["baseline", "-q", "--profile", "/dev/stdin", SEASON])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = piped.stdin.take().unwrap();
        stdin.write_all(b"max_hr = 185\n").unwrap();
    }
    let out = piped.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(",185.0,given (profile /dev/stdin)"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    let beside = dir.path().join("grayzone.toml");
    let big = std::fs::File::create(&beside).unwrap();
    big.set_len(10 << 30).unwrap();
    let folder = dir.path().to_str().unwrap();
    let err = error_of(&["weekly", folder]);
    assert!(
        err.ends_with("grayzone.toml: cannot read profile: over 1 MB, far more than any profile file holds; is it the right file?"),
        "{err}"
    );
    std::fs::remove_file(&beside).unwrap();
    std::fs::create_dir(&beside).unwrap();
    assert!(error_of(&["weekly", folder])
        .ends_with("cannot read profile: not a regular file (a folder)"));
}

#[test]
fn an_output_named_like_an_activity_file_is_refused_and_the_file_kept() {
    // `-o export/run.tcx` wrote the CSV over the runner's run.
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.tcx");
    std::fs::copy("fixtures/files/run.tcx", &run).unwrap();
    let before = std::fs::read(&run).unwrap();
    let (folder, out) = (dir.path().to_str().unwrap(), run.to_str().unwrap());
    assert_eq!(
        error_of(&["activities", folder, "-o", out]),
        format!("grayzone: {out}: named like an activity file (.fit, .gpx, .tcx, .zip): grayzone never writes one; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)")
    );
    assert_eq!(std::fs::read(&run).unwrap(), before);
    // A table may well be named like Strava's index.
    let csv = dir.path().join("activities.csv");
    let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q", folder, "-o", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0));
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("path,status,"));
}

#[test]
fn explain_against_a_mistyped_export_is_refused_not_judged_alone() {
    // Judged alone, the run was "easy, at its own pace"; against its export, a race effort.
    let err = error_of(&[
        "explain",
        "fixtures/seasons/pass/2024-01-16-17-48-42.fit",
        "fixtures/seasons/passs",
    ]);
    assert_eq!(
        err,
        "grayzone: fixtures/seasons/passs: no such file or folder (the export the run is judged against: check the spelling)"
    );
}

#[test]
fn a_mistyped_path_before_the_export_keeps_the_export_s_profile() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    std::fs::write(dir.path().join("grayzone.toml"), "max_hr = 172\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([
            "baseline",
            "-q",
            "no/such/folder",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    // Everything is written, with 172 from the profile; the status says a path was not read.
    assert_eq!(out.status.code(), Some(2));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains(",172.0,given (profile "), "{table}");
}

#[test]
fn the_exports_own_index_is_never_written_over_but_a_table_of_that_name_is() {
    // `-o export/activities.csv` replaced Strava's list of what the runner called each run.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    let strava = dir.path().join("activities.csv");
    let index = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename\n\
                 1,\"Mar 9, 2025, 6:02:11 AM\",Hill reps,Run,,2400,8.1,activities/1.tcx\n";
    std::fs::write(&strava, index).unwrap();
    let garmin = dir.path().join("me_0_summarizedActivities.json");
    std::fs::write(&garmin, "[{\"summarizedActivitiesExport\": []}]").unwrap();
    let folder = dir.path().to_str().unwrap();
    for out in [&strava, &garmin] {
        let out = out.to_str().unwrap();
        assert_eq!(
            error_of(&["weekly", folder, "-o", out]),
            format!("grayzone: {out}: the export's own index (Strava's activities.csv, or Garmin's summarized activities), which holds the names of the runs and which grayzone reads: it never writes over it; name the output another way (weekly.csv, runs.csv)")
        );
    }
    assert_eq!(std::fs::read_to_string(&strava).unwrap(), index);
    // A table of grayzone's own named so is written, and written again: it is not an index.
    std::fs::remove_file(&strava).unwrap();
    for _ in 0..2 {
        let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["activities", "-q", folder, "-o", strava.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(done.status.code(), Some(0), "{done:?}");
    }
    assert!(std::fs::read_to_string(&strava)
        .unwrap()
        .starts_with("path,status,"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_or_stderr_is_an_error_never_a_crash_or_a_pass() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // `--help > /dev/full` exited 0 as if the help were printed.
    let help = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .arg("--help")
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(help.stderr).unwrap(),
        "grayzone: writing output: No space left on device (os error 28)\n"
    );
    // A message stderr would not take panicked (status 101).
    let missing = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["weekly", "no/such/export"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
}

#[test]
fn an_export_index_is_read_within_the_memory_budget() {
    // 8 million rows of Strava's activities.csv (16 MB) zip into 30 KB; read whole, their entries
    // took 1.6 GB whatever --memory-mb said: now refused at the budget. Garmin's summary of eight
    // million zeros did the same in the tree of values built before a line of it was read; read
    // member by member, the zeros are skipped unkept (its one activity, without a start, is a
    // problem line) and it reads in the budget.
    let header = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename\n";
    let strava = format!("{header}{}", "1\n".repeat(8_000_000));
    let garmin = format!("[{{\"activityId\":1,\"x\":[{}0]}}]", "0,".repeat(8_000_000));
    let run = std::fs::read("fixtures/files/run.tcx").unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (zip, index, refused) in [
        ("strava.zip", ("activities.csv", strava), true),
        (
            "garmin.zip",
            (
                "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json",
                garmin,
            ),
            false,
        ),
    ] {
        let bytes = testkit::export::zip_files(&[
            (index.0.to_string(), index.1.into_bytes()),
            ("activities/run.tcx".to_string(), run.clone()),
        ]);
        let path = dir.path().join(zip);
        std::fs::write(&path, bytes).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["activities", "--memory-mb", "64", "--format", "csv"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{zip}");
        let err = String::from_utf8(out.stderr).unwrap();
        let refusal = format!(
            "{}: export index: needs more memory than the 64 MB budget: raise it with --memory-mb (the runs are read without their names)",
            index.0
        );
        assert_eq!(err.contains(&refusal), refused, "{zip}: {err}");
        assert_eq!(err.contains("export index"), refused, "{zip}: {err}");
        // The run is read all the same.
        let rows = String::from_utf8(out.stdout).unwrap();
        assert!(rows.contains("!activities/run.tcx,ok,"), "{zip}: {rows}");
    }
}

#[test]
fn explain_never_writes_over_the_run_it_explains() {
    // `explain run.tcx -o run.tcx` replaced the run with its explanation, and exited 0.
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.tcx");
    std::fs::copy("fixtures/files/run.tcx", &run).unwrap();
    let before = std::fs::read(&run).unwrap();
    let out = run.to_str().unwrap();
    assert_eq!(
        error_of(&["explain", out, "-o", out]),
        format!("grayzone: {out}: named like an activity file (.fit, .gpx, .tcx, .zip): grayzone never writes one; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)")
    );
    assert_eq!(std::fs::read(&run).unwrap(), before);
    // Nor over the profile beside the export.
    let profile = dir.path().join("grayzone.toml");
    std::fs::write(&profile, "max_hr = 190\n").unwrap();
    let profile = profile.to_str().unwrap();
    assert_eq!(
        error_of(&["activities", out, "-o", profile]),
        format!("grayzone: {profile}: named like a settings file (grayzone.toml, grayzone-overrides.toml): no table or report is written there (`grayzone init` writes the profile); give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)")
    );
    assert_eq!(std::fs::read_to_string(profile).unwrap(), "max_hr = 190\n");
    let why = dir.path().join("why.txt");
    let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["explain", "-q", out, "-o", why.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0));
    assert!(std::fs::read_to_string(&why)
        .unwrap()
        .contains("Verdict: EASY"));
}

#[test]
fn long_names_that_a_file_system_takes_are_written() {
    // An output named with 245 bytes failed after the whole export was read: its temporary's
    // name had 17 bytes more. An athlete folder of 255 bytes (85 CJK letters) made a page name
    // past the limit, and stopped the whole team report, index.html included.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join(format!("{}.csv", "o".repeat(245)));
    let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q", "fixtures/files/run.tcx", "-o"])
        .arg(&table)
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    assert!(std::fs::read_to_string(&table)
        .unwrap()
        .starts_with("path,status,"));
    // A team of `athletes` (one run each) written as pages into `html`.
    let team_pages = |team: &str, athletes: &[&str], html: &str| {
        let team = dir.path().join(team);
        for athlete in athletes {
            std::fs::create_dir_all(team.join(athlete)).unwrap();
            std::fs::copy("fixtures/files/run.tcx", team.join(athlete).join("run.tcx")).unwrap();
        }
        let html = dir.path().join(html);
        let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["team", "-q"])
            .arg(&team)
            .arg("--html")
            .arg(&html)
            .output()
            .unwrap();
        assert_eq!(done.status.code(), Some(0), "{done:?}");
        html
    };
    let long = "長".repeat(85);
    let html = team_pages("team", &["ana", long.as_str()], "html");
    let index = std::fs::read_to_string(html.join("index.html")).unwrap();
    let mut pages: Vec<String> = std::fs::read_dir(html.join("athletes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert_eq!(pages[0], "ana.html");
    // The long name's first 200 bytes (66 letters) and a hash of the whole.
    let hashed = &pages[1];
    assert!(
        hashed.starts_with(&"長".repeat(66)) && hashed.ends_with(".html"),
        "{hashed}"
    );
    assert!(hashed.len() <= 255);
    assert!(index.matches("athletes/").count() >= 2, "both pages linked");

    // A folder named like another athlete's shortened page, and two names a case-blind file
    // system holds as one: each athlete gets a page of their own (one report had replaced the
    // other while the index said "2 reports").
    let hashed_stem = hashed.trim_end_matches(".html").to_string();
    let html = team_pages(
        "team2",
        &[long.as_str(), hashed_stem.as_str(), "Ana", "ana"],
        "html2",
    );
    let pages = std::fs::read_dir(html.join("athletes")).unwrap().count();
    assert_eq!(pages, 4);
}

#[test]
fn a_check_over_an_export_of_nothing_but_unreadable_files_fails() {
    // A CI gate over a broken export passed: "no week with runs selected: nothing to check".
    let dir = tempfile::tempdir().unwrap();
    let ana = dir.path().join("team").join("ana");
    let bob = dir.path().join("team").join("bob");
    std::fs::create_dir_all(&ana).unwrap();
    std::fs::create_dir_all(&bob).unwrap();
    std::fs::write(ana.join("a.fit"), "garbage").unwrap();
    std::fs::write(ana.join("b.gpx"), "").unwrap();
    std::fs::copy("fixtures/files/run.tcx", bob.join("run.tcx")).unwrap();
    let a = ana.to_str().unwrap();
    // Nor over an empty folder (a CI job pointed at the wrong one).
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = empty.to_str().unwrap();
    assert_eq!(
        error_of(&["check", "-q", e]),
        format!("grayzone: no activity file found in {e}: grayzone reads .fit, .gpx and .tcx files (also .gz) and .zip exports (Garmin's, Strava's), in folders and their subfolders")
    );
    // Or at a zip that holds none.
    std::fs::write(
        empty.join("export.zip"),
        testkit::export::zip_files(&[("notes.txt".to_string(), b"x".to_vec())]),
    )
    .unwrap();
    assert!(error_of(&["check", "-q", e]).starts_with("grayzone: no activity file found in"));
    // Or at planned routes alone: their rows say so, and no activity is among them.
    std::fs::copy("fixtures/files/no_times.gpx", empty.join("route.gpx")).unwrap();
    assert!(error_of(&["check", "-q", e]).starts_with("grayzone: no activity file found in"));
    assert_eq!(
        error_of(&["check", "-q", a]),
        format!("grayzone: no run read: 2 unreadable files ({a}/a.fit: not a FIT file: too short for a FIT header (7 bytes))")
    );
    let team = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["team", "--check", "-q", "--format", "json"])
        .arg(dir.path().join("team"))
        .output()
        .unwrap();
    assert_eq!(team.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&team.stdout).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["athletes"][0]["athlete"], "ana");
    assert_eq!(report["athletes"][0]["passed"], false);
    assert!(report["athletes"][0]["error"]
        .as_str()
        .unwrap()
        .starts_with("no run read: 2 unreadable files"));
    // Nor does a ride read beside them make it pass: no run was read, and files were not.
    std::fs::copy("fixtures/files/ride.fit", ana.join("ride.fit")).unwrap();
    assert!(
        error_of(&["check", "-q", a]).starts_with("grayzone: no run read: 2 unreadable files (")
    );
    // An export with a run is checked as ever.
    let bob_check = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["check", "-q"])
        .arg(&bob)
        .output()
        .unwrap();
    assert_eq!(bob_check.status.code(), Some(1));
}

#[test]
fn an_output_name_no_file_system_takes_is_refused_before_reading() {
    // 256 bytes: the early check's probe has a short name of its own, so this failed only after
    // the whole export was read.
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join(format!("{}.csv", "o".repeat(252)));
    let out = long.to_str().unwrap();
    assert_eq!(
        error_of(&["activities", "fixtures/files/run.tcx", "-o", out]),
        format!("grayzone: cannot write {out}: its name is over 255 bytes, more than a file system takes")
    );
}

#[test]
fn a_garmin_index_of_a_million_small_objects_reads_in_a_small_budget() {
    // 1.2 M objects of one member, 9.6 MB in a 24 KB zip: read as a tree of values they built
    // 700 bytes each, and the reading peaked at 858 MB (then was refused at 256 MB). Read member
    // by member, nothing of them is held: the index reads under a 32 MB budget, none of its
    // entries matched (none has a start).
    let objects = vec!["{\"a\":0}"; 1_200_000].join(",");
    let json = format!("[{{\"summarizedActivitiesExport\":[{objects}]}}]");
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("export.zip");
    let bytes = testkit::export::zip_files(&[
        (
            "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json".to_string(),
            json.into_bytes(),
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/run.tcx".to_string(),
            std::fs::read("fixtures/files/run.tcx").unwrap(),
        ),
    ]);
    std::fs::write(&zip, bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "--format", "csv", "--memory-mb", "32"])
        .arg(&zip)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("export index"), "{err}");
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("run.tcx,"), "{csv}");
}

#[cfg(unix)]
#[test]
fn init_through_a_link_to_a_file_not_there_yet_makes_it() {
    // A dotfiles repository's link: it said "create its folder first", the folder being there.
    let dir = tempfile::tempdir().unwrap();
    let (export, dots) = (dir.path().join("export"), dir.path().join("dots"));
    std::fs::create_dir_all(&export).unwrap();
    std::fs::create_dir_all(&dots).unwrap();
    std::os::unix::fs::symlink("../dots/grayzone.toml", export.join("grayzone.toml")).unwrap();
    let done = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .arg("init")
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    assert!(std::fs::read_to_string(dots.join("grayzone.toml"))
        .unwrap()
        .starts_with("# grayzone.toml"));
    assert!(std::fs::symlink_metadata(export.join("grayzone.toml"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A profile linked to the coach's overrides file is not written through: `init --force` put the
/// profile's template over the overrides (hostile round 34 M2).
#[cfg(unix)]
#[test]
fn init_never_writes_over_the_overrides_file_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("grayzone-overrides.toml");
    std::fs::write(
        &overrides,
        "[[run]]\nstart = \"2024-04-06\"\nclass = \"easy\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("grayzone-overrides.toml", dir.path().join("grayzone.toml"))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["init", "--force"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the overrides file: not written over"),
        "{out:?}"
    );
    assert!(std::fs::read_to_string(&overrides)
        .unwrap()
        .starts_with("[[run]]"));
}

/// Every command that reads an export writes all it can when one path named beside it cannot be
/// read, and exits 2 for it (as ripgrep does); without that path the same command exits 0. The
/// status is each command's own, not a flag left set by an earlier reading.
#[test]
fn every_command_writes_everything_and_exits_2_for_a_path_it_could_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::copy("fixtures/files/run.tcx", export.join("run.tcx")).unwrap();
    let e = export.to_str().unwrap();
    let chart = dir.path().join("weeks.svg");
    let c = chart.to_str().unwrap();
    let commands: [&[&str]; 7] = [
        &["activities", "-q", "--format", "csv"],
        &["weekly", "-q", "--format", "csv"],
        &["summary", "-q"],
        &["baseline", "-q", "--format", "csv"],
        &["check", "-q", "--min-easy", "0"],
        &["chart", "-q", "-o", c],
        &["explain", "-q", "run.tcx"],
    ];
    for args in commands {
        let run = |extra: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_grayzone"))
                .args(args)
                .args(extra)
                .output()
                .unwrap()
        };
        let whole = run(&[e]);
        assert_eq!(whole.status.code(), Some(0), "{args:?}: {whole:?}");
        let _ = std::fs::remove_file(&chart);
        let mistyped = run(&["no/such/folder", e]);
        assert_eq!(mistyped.status.code(), Some(2), "{args:?}: {mistyped:?}");
        if args[0] == "chart" {
            assert!(chart.is_file(), "the chart is written");
        } else {
            assert!(!mistyped.stdout.is_empty(), "{args:?} wrote nothing");
        }
    }
}

/// The profile given with `--profile` is never an output, whatever its name and however it is
/// reached (hostile round 34 H4: `--profile runner.cfg -o runner.cfg` wrote the CSV over it, and
/// so did `-o weeks.csv` where weeks.csv was a link to it); the profile is left as it was.
#[cfg(unix)]
#[test]
fn the_profile_in_use_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    let profile = dir.path().join("runner.cfg");
    std::fs::write(&profile, "max_hr = 181\n").unwrap();
    std::os::unix::fs::symlink("runner.cfg", dir.path().join("weeks.csv")).unwrap();
    for output in ["runner.cfg", "weeks.csv"] {
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["weekly", "-q", "--profile"])
            .arg(&profile)
            .arg("-o")
            .arg(dir.path().join(output))
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{output}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("the profile given with --profile: no table or report is written over it"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&profile).unwrap(), "max_hr = 181\n");
    }
}

/// One file cannot be both the page and the table: `weekly --html F -o F` wrote the table over
/// the page and said the page was written (hostile round 34 M4). Nothing is written.
#[test]
fn the_page_and_the_table_in_one_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/files/run.tcx", dir.path().join("run.tcx")).unwrap();
    let same = dir.path().join("weeks.html");
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["weekly", "-q", "--html"])
        .arg(&same)
        .arg("-o")
        .arg(&same)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "grayzone: --html and -o both name {}: give the page and the table a file each\n",
            same.display()
        )
    );
    assert!(!same.exists());
    // Named two ways, the file is still one: through `..`, a linked folder, or a link to a page
    // already written (hostile round 35 H1: each wrote the table over the page, exit 0).
    let o = dir.path().join("o");
    std::fs::create_dir(&o).unwrap();
    std::os::unix::fs::symlink(&o, dir.path().join("linked")).unwrap();
    std::fs::write(o.join("a.html"), "the page").unwrap();
    std::os::unix::fs::symlink(o.join("a.html"), o.join("b.html")).unwrap();
    // …or a link to a page not written yet, relative, through another link (round 36 H4).
    std::os::unix::fs::symlink("c.html", o.join("d.html")).unwrap();
    std::os::unix::fs::symlink("o/d.html", dir.path().join("e.html")).unwrap();
    for (page, table) in [
        (o.join("x.html"), o.join("..").join("o").join("x.html")),
        (o.join("y.html"), dir.path().join("linked").join("y.html")),
        (o.join("a.html"), o.join("b.html")),
        (o.join("c.html"), o.join("d.html")),
        (o.join("c.html"), dir.path().join("e.html")),
        (dir.path().join("e.html"), o.join("c.html")),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["weekly", "-q", "--html"])
            .arg(&page)
            .arg("-o")
            .arg(&table)
            .arg(dir.path().join("run.tcx"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{} {}",
            page.display(),
            table.display()
        );
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("give the page and the table a file each"),
            "{out:?}"
        );
    }
    assert!(!o.join("x.html").exists() && !o.join("y.html").exists());
    assert!(!o.join("c.html").exists());
    assert_eq!(
        std::fs::read_to_string(o.join("a.html")).unwrap(),
        "the page"
    );
}

/// A path given to read is never an output: `-o myrun` over a run saved without its extension,
/// given and refused as not an activity file, replaced it with the table (hostile round 35 M4).
#[test]
fn an_output_is_never_a_path_given_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.tcx");
    std::fs::copy("fixtures/files/run.tcx", &run).unwrap();
    let myrun = dir.path().join("myrun");
    std::fs::copy("fixtures/files/run.tcx", &myrun).unwrap();
    let before = std::fs::read(&myrun).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["activities", "-q"])
        .arg(&run)
        .arg(&myrun)
        .arg("-o")
        .arg(&myrun)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "grayzone: {}: one of the paths given to read: no table or report is written over it; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)\n",
            myrun.display()
        )
    );
    assert_eq!(std::fs::read(&myrun).unwrap(), before);
}

/// A pipe where grayzone writes a file it names itself (`init`'s grayzone.toml, a man page) is
/// refused at once: written to, it waited for a reader forever (hostile round 36 M2).
#[cfg(unix)]
#[test]
fn a_pipe_where_grayzone_names_a_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("man");
    std::fs::create_dir(&man).unwrap();
    for fifo in [dir.path().join("grayzone.toml"), man.join("grayzone.1")] {
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
    }
    for args in [
        vec!["init", "--force", dir.path().to_str().unwrap()],
        vec!["man", "--dir", man.to_str().unwrap()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(&args)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("{args:?} waits on the pipe");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("a pipe or a device stands where grayzone writes this file"),
            "{err}"
        );
    }
}

/// A command-line mistake is one line, as grayzone's own errors are: the fault, the parser's
/// suggestion when it is one, and where the options are (newcomer 37 N11: five lines, Rust's
/// "invalid digit found in string", and advice to write `-- --min-easy`).
#[test]
fn a_command_line_mistake_is_one_line() {
    for (args, said) in [
        (
            &["weekly", "--sinse", "2024-01-01", "x"][..],
            "grayzone: unexpected argument '--sinse' found (a similar argument exists: '--since'); `grayzone weekly --help` lists them",
        ),
        (
            &["weekly", "x", "--last", "four"][..],
            "grayzone: invalid value 'four' for '--last <N>': not a whole number",
        ),
        // What was missing, and what a value may be (newcomer 38 N1: one line had dropped both).
        (
            &["weekly"][..],
            "grayzone: the following required arguments were not provided: <PATH>...; `grayzone weekly --help` lists them",
        ),
        (
            &["check", "x", "--week-start", "tue"][..],
            "grayzone: invalid value 'tue' for '--week-start <DAY>' (possible values: monday, sunday)",
        ),
        (
            &["check", "x", "--method"][..],
            "grayzone: a value is required for '--method <METHOD>' but none was supplied (possible values: time, sessions)",
        ),
        (
            &["activities", "x", "--min-easy", "80"][..],
            "grayzone: unexpected argument '--min-easy' found; `grayzone activities --help` lists them",
        ),
    ] {
        assert_eq!(error_of(args), said, "{args:?}");
    }
    // Help is still help, on standard output.
    let help = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["weekly", "--help"])
        .output()
        .expect("run grayzone");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: grayzone weekly"));
}
