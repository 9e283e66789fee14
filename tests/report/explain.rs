//! `grayzone explain`: one run, judged among the runner's other runs, explained — checked on the
//! labelled gray-heavy season and the sample export against what `grayzone activities` says.

use std::process::{Command, Output};

use crate::cli;
use cli::csv_rows;

fn grayzone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run grayzone")
}

fn text(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The line after `heading`.
fn after<'a>(text: &'a str, heading: &str) -> &'a str {
    let mut lines = text.lines();
    lines.find(|l| l.starts_with(heading));
    lines
        .next()
        .unwrap_or_else(|| panic!("no {heading} in\n{text}"))
}

const SEASON: &str = "fixtures/seasons/fail";
/// A gray-zone run of the fail season (LABELS.csv: intent gray_zone, class hard, gray_zone true).
const GRAY_RUN: &str = "fixtures/seasons/fail/2024-04-15-06-57-08.fit";

#[test]
fn explain_says_a_gray_zone_run_is_gray_and_why() {
    let labels = std::fs::read_to_string(format!("{SEASON}/LABELS.csv")).unwrap();
    assert!(labels.contains("2024-04-15-06-57-08.fit,2024-04-15,gray_zone,running,hard,true,"));
    let out = text(&grayzone(&["explain", "-q", GRAY_RUN, SEASON]));
    let activities = csv_rows(&grayzone(&["activities", "-q", SEASON]).stdout);
    let row = activities
        .iter()
        .find(|r| r["path"] == GRAY_RUN)
        .expect("row of the gray run");
    assert_eq!(row["gray_zone"], "true");

    // Piped: plain letters, no colour codes.
    assert!(!out.contains('\x1b'));
    assert!(out.starts_with(&format!(
        "{GRAY_RUN}\nMon 15 Apr 2024, 06:57 (UTC-05:00) · running · "
    )));
    assert_eq!(
        after(&out, "Verdict: HARD · gray-zone run").trim(),
        row["reason"]
    );
    assert!(row["reason"].starts_with("gray zone: "));

    // The baseline the run was judged by, with where it came from; judged among the whole season.
    assert!(out.contains("Baseline on this date (judged among 38 runs)"));
    let max_hr: f64 = row["max_hr_used"].parse().unwrap();
    let max_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("max HR"))
        .unwrap();
    assert!(max_line.contains(&format!("{max_hr:.0} bpm")), "{max_line}");
    let easy_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("easy pace"))
        .unwrap();
    assert!(
        easy_line.contains(&row["easy_pace_used_per_km"]),
        "{easy_line}"
    );
    assert!(easy_line.contains("derived from") || easy_line.contains("early estimate"));

    // The minute strip: one letter per minute of moving time, mostly moderate.
    let strip: String = out
        .lines()
        .skip_while(|l| !l.starts_with("Minute by minute"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .flat_map(|l| l.split("'  ").nth(1).unwrap_or("").chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let minutes: f64 = row["moving_time_s"].parse::<f64>().unwrap() / 60.0;
    assert!(
        (strip.len() as f64 - minutes).abs() <= 1.0,
        "{strip} vs {minutes} min"
    );
    assert!(strip.chars().all(|c| "LMH-".contains(c)), "{strip}");
    let moderate = strip.chars().filter(|c| *c == 'M').count();
    assert!(moderate * 2 > strip.len(), "{strip}");

    // Time in zone: the activities CSV's shares.
    let zones = after(&out, "Time in zone, by heart rate");
    for (name, column) in [
        ("low", "low_pct"),
        ("moderate", "moderate_pct"),
        ("high", "high_pct"),
    ] {
        let pct: f64 = row[column].parse().unwrap();
        assert!(
            zones.contains(&format!("{name} ")) && zones.contains(&format!("({pct:.0} %)")),
            "{zones} vs {column} {pct}"
        );
    }

    // Why: the gray-zone rule and this run's figures against it.
    let why = out
        .lines()
        .skip_while(|l| !l.starts_with("Why gray-zone run"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        why.contains("at least 60 % of the time moderate or high"),
        "{why}"
    );
    // The clause it met first, with its figures (newcomer 37 N9: the road clause's "10 s/km
    // faster" read beside a mountain run's "274 s/km slower").
    let not_low = 100.0 - row["low_pct"].parse::<f64>().unwrap();
    assert!(
        why.contains(&format!(
            "\n  matched: steady, at least 60 % moderate or high (moderate the most), 10 s/km or more faster than your usual easy pace: {not_low:.0} % moderate or high, "
        )),
        "{why}"
    );
    let not_low = 100.0 - row["low_pct"].parse::<f64>().unwrap();
    assert!(
        why.contains(&format!("this run: moderate or high {not_low:.0} %")),
        "{why}"
    );
    let faster = -row["pace_vs_easy_s_per_km"].parse::<f64>().unwrap();
    assert!(faster >= 10.0);
    assert!(
        why.contains(&format!(
            "{faster:.0} s/km faster than your usual easy pace"
        )),
        "{why}"
    );

    // Every flag, with its rule.
    let flags: Vec<&str> = row["flags"].split(';').filter(|f| !f.is_empty()).collect();
    assert_eq!(flags, ["hr_cleaned"]);
    let flag_block = out
        .lines()
        .skip_while(|l| *l != "Flags")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>();
    assert_eq!(flag_block[0].trim(), "hr_cleaned");
    assert!(flag_block[1].trim().starts_with("rule: "));
    assert!(flag_block[2].trim().starts_with("this run: excluded: "));
    // Data quality names the code the CSV names.
    assert!(out.contains("\nData quality\n"));
    for code in row["quality"].split(';').filter(|c| !c.is_empty()) {
        assert!(out.contains(&format!("  {code}: ")), "{code}");
    }
}

#[test]
fn a_flag_names_the_session_it_came_after() {
    // 10 April: an easy run that picked up the day after Tuesday's intervals: an accidental
    // workout, and explain names the session it came after.
    let out = text(&grayzone(&[
        "explain",
        "-q",
        "fixtures/seasons/fail/2024-04-10-07-11-22.fit",
        SEASON,
    ]));
    assert!(out.contains("Verdict: HARD"), "{out}");
    let flag = out
        .lines()
        .skip_while(|l| l.trim() != "accidental_workout")
        .nth(2)
        .expect("the flag's figure");
    assert!(
        flag.contains("the day after your ") && flag.contains(" on 2024-04-09"),
        "{flag}"
    );
}

#[test]
fn a_run_inside_an_archive_is_named_by_its_member() {
    let zip = "fixtures/sample-export/garmin-connect-export.zip";
    let out = text(&grayzone(&[
        "explain",
        "-q",
        &format!("{zip}!runner@example.com_15310102947.fit"),
        "fixtures/sample-export",
    ]));
    assert!(out.starts_with(&format!(
        "{zip}!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!runner@example.com_15310102947.fit\n"
    )));
    assert!(out.contains("Mon 17 Jun 2024, 06:53 (UTC+02:00)"));
    assert!(out.contains("Verdict: HARD · gray-zone run"));
    assert!(out.contains("(judged among 70 runs)"));

    // The whole archive is 70 runs: the error says how to name one.
    let whole = grayzone(&["explain", "-q", zip]);
    assert_eq!(whole.status.code(), Some(2));
    let err = String::from_utf8_lossy(&whole.stderr);
    assert!(
        err.contains("is an archive with 70 runs") && err.contains("!inner/path.fit"),
        "{err}"
    );
}

#[test]
fn a_run_judged_alone_says_to_give_the_export() {
    let out = text(&grayzone(&["explain", "-q", GRAY_RUN]));
    assert!(out.contains("(judged among 1 run)"));
    assert!(out.contains(&format!("grayzone explain {GRAY_RUN} EXPORT/")));
}

#[test]
fn missing_files_and_non_runs_exit_2_naming_the_file() {
    let missing = grayzone(&["explain", "no/such/run.fit", SEASON]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("no/such/run.fit: no such file"), "{err}");

    let ride = grayzone(&["explain", "-q", "fixtures/files/ride.fit"]);
    assert_eq!(ride.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&ride.stdout).contains("not a run: cycling"));
    assert!(String::from_utf8_lossy(&ride.stderr).contains("fixtures/files/ride.fit: not a run"));
}

#[test]
fn colour_in_a_terminal_unless_no_color() {
    // `script` (util-linux) runs the command on a pseudo-terminal.
    let Ok(script) = which("script") else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    let cmd = format!(
        "{} explain -q {GRAY_RUN} {SEASON}",
        env!("CARGO_BIN_EXE_grayzone")
    );
    let run = |no_color: bool| {
        let mut c = Command::new(&script);
        c.args(["-qec", &cmd, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&c.output().expect("script").stdout).into_owned()
    };
    let coloured = run(false);
    assert!(coloured.contains("\x1b[1;31mHARD\x1b[0m"), "{coloured}");
    assert!(coloured.contains("\x1b[1;33mM\x1b[0m"));
    let plain = run(true);
    assert!(plain.contains("Verdict: HARD · gray-zone run"), "{plain}");
    assert!(!plain.contains('\x1b'));
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

/// The rule lines state the classifier's figures as they stand (75 % low over the first 30 %,
/// 3 minutes, 5 %, 30 %, 10 s/km; 60 %, 10 s/km, 10 min, 90 %, 50 %, 25 %): a literal each, so a
/// wrong figure in the sentence, or a figure left out, fails. (The figures themselves are checked
/// against `src/judge/rules.rs` by the README's rules table.)
#[test]
fn rule_texts_state_the_classifiers_figures() {
    let out = grayzone(&[
        "explain",
        "-q",
        "fixtures/seasons/fail/2024-04-10-07-11-22.fit",
        "fixtures/seasons/fail",
    ]);
    let accidental = text(&out);
    let why = accidental
        .lines()
        .skip_while(|l| !l.starts_with("Why accidental workout"))
        .nth(1)
        .expect("a rule line under 'Why accidental workout'");
    assert_eq!(
        why,
        "  rule:  accidental workout: meant easy, then drifted — started easy (≥ 75 % low over the first 30 %), then ≥ 3 min moderate or high lasting to the end with the pace ≥ 5 % faster than at the start, for at most 50 % of the run and 30 min (a longer push had a warm-up: a tempo, a progression, a marathon-pace finish); or, within a day after a hard session, an unstructured run (no reps, no tempo block, not a race, not gray) ≥ 30 % moderate/high at 10 s/km or more faster than your usual easy pace; the day after reps, hills or a race, a tempo held no longer than the easy running before it counts too, unless its title, workout or laps planned it"
    );
    // The gray-zone rule of a gray-zone run of the same season.
    let gray = text_of_gray_run();
    assert!(
        gray.contains("at least 60 % of the time moderate or high (moderate the most), 10 s/km or more faster than your usual easy pace, yet never 10 min at threshold pace (unless the threshold is only the rule of thumb's and the heart says moderate) and an average HR under 90 % of max (without pace: moderate ≥ 50 % of the time, high < 25 %)"),
        "{gray}"
    );
    // The zones say what they rest on (newcomer 38 N4: a watch's LTHR printed above zones that
    // ignored it).
    assert!(
        gray.contains(
            "high ≥ 169 bpm (80 % / 88 % of max HR; the LTHR above sets them only when you give it)\n"
        ),
        "{gray}"
    );
    let by_lthr = text(&grayzone(&[
        "explain",
        "-q",
        "fixtures/seasons/fail/2024-04-06-08-16-08.fit",
        "fixtures/seasons/fail",
        "--lthr",
        "165",
    ]));
    assert!(by_lthr.contains(" bpm (from your LTHR)\n"), "{by_lthr}");
    // Every clause the classifier applies, the one by the legs too (review 38 §2.6: the rule line
    // left out "moderate the most").
    assert!(
        gray.contains("; or, steady, 35 s/km or more faster than your usual easy pace with the heart at the low zone's top (average HR 76 % of max or more, at least 25 % moderate, at most 5 % high)\n"),
        "{gray}"
    );
}

fn text_of_gray_run() -> String {
    text(&grayzone(&[
        "explain",
        "-q",
        "fixtures/seasons/fail/2024-04-06-08-16-08.fit",
        "fixtures/seasons/fail",
    ]))
}

/// Judged alone, the gray run of the fail season is mostly moderate by heart rate (152.7 bpm,
/// 81 % of the 188 its one run allows), at its own pace: hard takes the legs too, or an average
/// HR of 83 % of max. `explain` said "easy: mostly low" of a run 79 % moderate, then "the legs do
/// not confirm it" of a pace that was only its own; it now says no other run sets an easy pace,
/// with the figure that decided unrounded, and the verdict's reason no longer leads with its
/// small share of low time.
#[test]
fn explain_says_why_a_mostly_moderate_run_is_easy() {
    let out = text(&grayzone(&["explain", "-q", GRAY_RUN]));
    assert!(out.contains("Verdict: EASY · easy run"), "{out}");
    let rule = after(&out, "Why easy run");
    assert!(
        rule.contains("mostly low (or moderate by heart rate alone: less than 10 s/km faster than your usual easy pace, average HR under 83 % of max)"),
        "{rule}"
    );
    let evidence = out
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("evidence: mostly moderate or high by heart rate")
        })
        .unwrap_or_else(|| panic!("no evidence line in\n{out}"));
    assert!(
        evidence.contains("no other run within a year before it or 8 weeks after to set an easy pace by, so the legs cannot confirm it, and an average HR of 81.2 % of max, under the 83 %"),
        "{evidence}"
    );
    let reason = after(&out, "Verdict: EASY · easy run");
    assert!(
        reason.contains("% of the time moderate or high, but easy by the average HR (under 83 % of max), avg HR 81.2 % of max"),
        "{reason}"
    );
    assert!(
        evidence.ends_with("give --max-hr if you know yours"),
        "{evidence}"
    );
    // A runner who gave their max is not asked for it (newcomer 38 N7): with their easy pace
    // given too, faster than this run's, the legs do not confirm the heart.
    let given = text(&grayzone(&[
        "explain",
        "-q",
        GRAY_RUN,
        "--max-hr",
        "188",
        "--easy-pace",
        "4:50/km",
    ]));
    let evidence = given
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("evidence: mostly moderate or high by heart rate")
        })
        .unwrap_or_else(|| panic!("no evidence line in\n{given}"));
    assert!(
        evidence.ends_with("under the 83 % that is hard by the heart alone"),
        "{evidence}"
    );
    // Among its season the pace says what the heart says: gray, and no such line.
    let among = text(&grayzone(&["explain", "-q", GRAY_RUN, SEASON]));
    assert!(!among.contains("the legs do not confirm it"), "{among}");
}
