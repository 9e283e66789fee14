//! `grayzone team DIR… [--table weekly|activities|baseline|summary] [-o FILE] [--format
//! table|csv|json|jsonl] [--since DATE] [--until DATE] [--last N | --all] [--check [--min-easy PCT]
//! [--method time|sessions]] [--html DIR]`: a coach's team. Each sub-folder or `.zip` directly in
//! DIR is one athlete, named by it, judged alone — their own baseline, their own `grayzone.toml` —
//! exactly as `grayzone weekly` judges that folder; one table of every athlete with an `athlete`
//! column first (weekly by default), a one-line-per-athlete summary, a check per athlete for CI, and
//! an HTML page linking each athlete's own report.
//!
//! Athletes are read one after another, each on every core (their files in parallel, as `weekly`
//! reads an export): the memory is one athlete's reading budget whatever the size of the team,
//! and what is kept of each athlete once judged is the verdicts and totals, not their 10-second
//! series. `--last N` counts back from the team's last run, so every athlete shows the same weeks.
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use crate::activity::calendar::WeekStart;
use crate::activity::units::{counted, Units};
use crate::cmd::options::{
    cannot_write, check_output, check_target, emit, exit_status, init_threads, output, read_judged,
    resolved, write_named_file, CommonArgs, Loaded, OutputFormat, ReadArgs, RunnerArgs,
};
use crate::cmd::{EXIT_MISSED, EXIT_OK, EXIT_USAGE};
use crate::ingest::athletes::{self, AthleteSource};
use crate::ingest::discover::KeepOut;
use crate::judge::profile::{self, GivenFigures};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::judge::ActivityRow;
use crate::report::check::{CheckedWeek, Verdict};
use crate::report::records::{baseline_records, ActivityRecord, BaselineRecord, WeekRecord};
use crate::report::team::{
    self as team_report, AthleteRow, Target, TeamPageLine, TeamSummaryRecord,
};
use crate::report::weekly::{self, Method, Week};
use crate::report::window::{last_run_date, Window, WindowRequest, RECENT_WEEKS, SUMMARY_WEEKS};
use crate::report::{html, printable, table, terminal};

#[derive(Args, Debug, Clone)]
#[command(
    mut_arg("paths", |a| a.value_name("DIR").help("Team folders: each sub-folder or .zip directly in one is an athlete's export, named by it")),
    mut_arg("last", |a| a.help("Only the last N calendar weeks, up to the week of the team's last run (or of --until): the same weeks for every athlete")),
    mut_arg("max_hr", |a| a.hide(true)),
    mut_arg("resting_hr", |a| a.hide(true)),
    mut_arg("lthr", |a| a.hide(true)),
    mut_arg("easy_pace", |a| a.hide(true)),
    mut_arg("threshold_pace", |a| a.hide(true)),
    mut_arg("profile", |a| a.hide(true)),
)]
pub struct TeamArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Which table: one row per athlete and week (weekly), per activity (activities), the baseline
    /// week by week (baseline), or one line per athlete over the last weeks (summary: the last 8
    /// unless a window is given).
    #[arg(long, value_enum, default_value = "weekly")]
    pub table: TeamTable,
    /// Instead of a table, check every athlete's weeks against the target: exit 1 when a week
    /// misses, naming the athletes and weeks (as `grayzone check` on each athlete's folder).
    #[arg(long, conflicts_with = "table")]
    pub check: bool,
    /// Target share of easy training, in percent (for --check, the summary and the HTML pages).
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
    /// Count easy training by time in the low zone, or by easy sessions.
    #[arg(long, value_enum, default_value = "time")]
    pub method: Method,
    /// Also write the team's HTML pages into DIR (made if needed): DIR/index.html, one line per
    /// athlete linking DIR/athletes/NAME.html, each athlete's own report (`grayzone weekly
    /// --html`); the table then goes only to -o, if given.
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
}

/// The tables of `grayzone team`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TeamTable {
    /// One row per athlete and week: `grayzone weekly`'s columns.
    Weekly,
    /// One row per athlete and activity: `grayzone activities`' columns.
    Activities,
    /// One row per athlete and week: `grayzone baseline`'s columns.
    Baseline,
    /// One row per athlete: their last weeks against the target, gray-zone runs, misses.
    Summary,
}

/// One athlete, judged or not.
struct Athlete {
    name: String,
    /// Their export as given (the folder or the zip), for messages and pages.
    source: String,
    judged: Result<Judged, String>,
}

struct Judged {
    rows: Vec<ActivityRow>,
    /// Every week they ran.
    weeks: Vec<Week>,
    units: Units,
    week_start: WeekStart,
    /// The athlete's folder or zip could not be read.
    unreadable: bool,
}

pub fn run(args: &TeamArgs) -> Result<i32, String> {
    let common = &args.common;
    check_team_args(args)?;
    let request = common.window.request()?;
    check_output(common)?;
    if let Some(dir) = &args.html {
        if dir.as_os_str() == "-" {
            return Err("--html -: the team's pages are a folder of files, not one stream; give a folder (team-report/)".into());
        }
        // Pages inside the team's folder are read as a team member next time (`athletes`), and
        // an athlete's folder would hold them (hostile round 34 M4).
        if let Some(team) = common.paths.iter().find(|team| inside(dir, team)) {
            return Err(format!(
                "--html {}: inside the team's folder {}, where the next reading would take the pages for an athlete; give a folder outside it (team-report/)",
                printable(&dir.display().to_string()),
                printable(&team.display().to_string())
            ));
        }
        // The pages' folder is the tool's: a table written into it replaced the team's index or
        // an athlete's page, and said "wrote" (hostile round 35 H1).
        if let Some(out) = common.output.as_ref().filter(|o| inside(o, dir)) {
            return Err(format!(
                "-o {}: inside the --html folder {}, whose pages it would replace; give the table a file outside it",
                printable(&out.display().to_string()),
                printable(&dir.display().to_string())
            ));
        }
        // Made now: a folder that cannot be should not cost the reading of a whole team.
        std::fs::create_dir_all(dir.join("athletes")).map_err(|e| cannot_write(dir, &e))?;
    }
    let found = athletes::athletes(&common.paths).map_err(|e| {
        // As every command says of a path it cannot read: what a team folder is.
        if e.reason.starts_with("no such file") {
            format!("{e} (check the spelling; give the coach's folder, which holds a folder or a .zip per athlete)")
        } else {
            e.to_string()
        }
    })?;
    if !common.read.quiet {
        say_who_is_left_out(&found, &common.paths);
    }
    init_threads(&common.read);
    let sources: Vec<PathBuf> = found.athletes.iter().map(|a| a.path.clone()).collect();
    let keep_out = KeepOut::of(&sources);
    let team: Vec<Athlete> = found
        .athletes
        .iter()
        .map(|a| Athlete {
            name: a.name.clone(),
            source: a.path.display().to_string(),
            judged: judge_athlete(a, &keep_out, &common.read, args.min_easy),
        })
        .collect();
    if !common.read.quiet {
        for a in &team {
            if let Err(e) = &a.judged {
                say!("grayzone: athlete {}: {}", printable(&a.name), printable(e));
            }
        }
    }
    // An athlete's folder or zip that could not be read is a row; the status says it, as of a
    // path named on the command line.
    let unreadable = team
        .iter()
        .any(|a| a.judged.as_ref().is_ok_and(|j| j.unreadable));
    report(args, &team, &request).map(|code| exit_status(code, unreadable))
}

/// The team's pages, check or table, once every athlete is judged.
fn report(args: &TeamArgs, team: &[Athlete], request: &WindowRequest) -> Result<i32, String> {
    let common = &args.common;
    let team_end = team
        .iter()
        .filter_map(|a| a.judged.as_ref().ok())
        .filter_map(|j| last_run_date(&j.rows))
        .max();
    let target = Target {
        min_easy: args.min_easy,
        method: args.method,
    };
    let units = common.read.units.unwrap_or_default();
    if let Some(dir) = &args.html {
        write_pages(dir, team, request, team_end, target, common)?;
        if common.output.is_none() && !args.check {
            return Ok(EXIT_OK);
        }
    }
    if args.check {
        return check(args, team, request, team_end);
    }
    let window_of =
        |j: &Judged, default: Option<usize>| request.resolve_at(team_end, j.week_start, default);
    match args.table {
        TeamTable::Weekly => {
            let rows = weekly_rows(team, |j| {
                window_of(j, None)
                    .weeks(&j.weeks)
                    .iter()
                    .map(WeekRecord::from_week)
                    .collect()
            });
            emit(common, &rows, |rows, width| {
                table::team_weeks(rows, units, width)
            })
        }
        TeamTable::Baseline => {
            let rows = weekly_rows(team, |j: &Judged| -> Vec<BaselineRecord> {
                baseline_records(&j.rows, &window_of(j, None).weeks(&j.weeks))
            });
            emit(common, &rows, |rows, width| {
                table::team_baseline(rows, units, width)
            })
        }
        TeamTable::Activities => {
            let rows = activity_rows(team, |j| window_of(j, None));
            emit(common, &rows, |rows, width| {
                table::team_activities(rows, units, width)
            })
        }
        TeamTable::Summary => {
            let records: Vec<TeamSummaryRecord> = team
                .iter()
                .map(|a| summary_line(a, |j| window_of(j, Some(SUMMARY_WEEKS)), target))
                .collect();
            emit(common, &records, |records, width| {
                table::team_summary(records, width)
            })
        }
    }
}

/// What a team takes of the common options: no runner's own figures (each athlete has theirs),
/// a target in range, and `--check`'s verdict as text or JSON only.
fn check_team_args(args: &TeamArgs) -> Result<(), String> {
    refuse_runner_figures(&args.common.read.runner)?;
    check_target(args.min_easy)?;
    match args.common.named_format().filter(|f| *f != OutputFormat::Json) {
        Some(format) if args.check => Err(format!(
            "team --check writes its verdict as text, or as JSON with --format json (or -o NAME.json); {} is for the tables (`grayzone team --format {}`)",
            args.common.format_asked(format),
            format.name()
        )),
        _ => Ok(()),
    }
}

/// Says on stderr which files lie in no athlete's folder, and when the team has no athlete.
fn say_who_is_left_out(found: &athletes::Team, paths: &[PathBuf]) {
    for path in &found.loose {
        say!(
            "grayzone: {}: in no athlete's folder, ignored (each sub-folder or .zip of a team folder is one athlete)",
            printable(path)
        );
    }
    if found.athletes.is_empty() {
        say!(
            "grayzone: no athlete found in {}: each sub-folder or .zip in a team folder is one athlete's export",
            paths
                .iter()
                .map(|p| printable(&p.display().to_string()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// Every athlete's runs in their window; an athlete with none gets one error row saying why.
fn activity_rows(
    team: &[Athlete],
    window_of: impl Fn(&Judged) -> Window,
) -> Vec<AthleteRow<ActivityRecord>> {
    let mut rows = Vec::new();
    for a in team {
        match &a.judged {
            Ok(j) if !j.rows.is_empty() => rows.extend(
                window_of(j)
                    .rows(&j.rows)
                    .into_iter()
                    .map(|r| framed(&a.name, ActivityRecord::from_row(r))),
            ),
            judged => {
                let error = match judged {
                    Err(e) => e.clone(),
                    Ok(_) => terminal::nothing_found(&[PathBuf::from(&a.source)]),
                };
                rows.push(AthleteRow {
                    athlete: a.name.clone(),
                    record: ActivityRecord {
                        path: a.source.clone(),
                        status: "error",
                        error: error.clone(),
                        ..ActivityRecord::default()
                    },
                    athlete_error: error,
                });
            }
        }
    }
    rows
}

/// The profile figures are each athlete's own: a flag would give every athlete the same max HR.
fn refuse_runner_figures(runner: &RunnerArgs) -> Result<(), String> {
    let given = [
        ("--max-hr", runner.max_hr.is_some(), "max_hr = 188"),
        (
            "--resting-hr",
            runner.resting_hr.is_some(),
            "resting_hr = 48",
        ),
        ("--lthr", runner.lthr.is_some(), "lthr = 170"),
        (
            "--easy-pace",
            runner.easy_pace.is_some(),
            "easy_pace = \"5:40/km\"",
        ),
        (
            "--threshold-pace",
            runner.threshold_pace.is_some(),
            "threshold_pace = \"4:35/km\"",
        ),
        ("--profile", runner.profile.is_some(), "max_hr = 188"),
    ];
    match given.iter().find(|(_, given, _)| *given) {
        Some((flag, _, example)) => Err(format!(
            "team judges each athlete with their own figures and takes no {flag}: write them in the athlete's profile, DIR/ATHLETE/grayzone.toml (for ATHLETE.zip, DIR/ATHLETE.grayzone.toml), e.g. `{example}`"
        )),
        None => Ok(()),
    }
}

/// Reads and judges one athlete, alone: their profile, their baseline. Every failure is theirs.
/// A link from their folder into another athlete's is not followed (`keep_out`: each would read
/// the other's runs, hostile round 34 M3).
fn judge_athlete(
    athlete: &AthleteSource,
    keep_out: &KeepOut,
    read: &ReadArgs,
    min_easy: f64,
) -> Result<Judged, String> {
    if let Some(problem) = &athlete.problem {
        return Err(problem.clone());
    }
    // A folder's profile and overrides file are found in it as `weekly` finds them (an overrides
    // file with no profile beside it was passed over); a zip's profile is the one beside it. Found,
    // not named: a pipe or a device there is said, never waited on (hostile round 35 H7).
    let flags = GivenFigures::default();
    let profile = if athlete.path.is_dir() {
        profile::load(&flags, None, std::slice::from_ref(&athlete.path))?
    } else if let Some(found) = &athlete.profile {
        profile::load_found(&flags, found)?
    } else {
        profile::load(&flags, None, &[])?
    };
    // The tables and pages need each run's verdict and totals: the 10-second series, the
    // judge's input only, is dropped as judging ends (`keep_series` is off), so a team of
    // athletes does not keep every one.
    let Loaded {
        rows,
        units,
        week_start,
        named_unreadable,
    } = read_judged(
        read,
        std::slice::from_ref(&athlete.path),
        keep_out,
        &profile,
    )?;
    let weeks = weekly::weeks_starting(&rows, week_start, min_easy);
    Ok(Judged {
        rows,
        weeks,
        units,
        week_start,
        unreadable: named_unreadable,
    })
}

fn framed<T>(athlete: &str, record: T) -> AthleteRow<T> {
    AthleteRow {
        athlete: athlete.to_string(),
        record,
        athlete_error: String::new(),
    }
}

/// Why an athlete has no week at all (never said of one whose weeks fall outside the window).
fn no_weeks(athlete: &Athlete) -> Option<String> {
    match &athlete.judged {
        Err(e) => Some(e.clone()),
        Ok(j) if j.rows.is_empty() => {
            Some(terminal::nothing_found(&[PathBuf::from(&athlete.source)]))
        }
        Ok(j) if j.weeks.is_empty() => Some(team_report::why_no_weeks(&j.rows)),
        Ok(_) => None,
    }
}

/// A weekly table of the team: each athlete's records, or one row saying why they have none.
fn weekly_rows<T: Default>(
    team: &[Athlete],
    records: impl Fn(&Judged) -> Vec<T>,
) -> Vec<AthleteRow<T>> {
    let mut rows = Vec::new();
    for a in team {
        match (no_weeks(a), &a.judged) {
            (None, Ok(j)) => rows.extend(records(j).into_iter().map(|r| framed(&a.name, r))),
            (why, _) => rows.push(AthleteRow {
                athlete: a.name.clone(),
                record: T::default(),
                athlete_error: why.unwrap_or_default(),
            }),
        }
    }
    rows
}

fn summary_line(
    athlete: &Athlete,
    window: impl Fn(&Judged) -> Window,
    target: Target,
) -> TeamSummaryRecord {
    let summed = |j: &Judged| {
        TeamSummaryRecord::new(
            &athlete.name,
            &j.rows,
            &j.weeks,
            &window(j),
            j.week_start,
            target,
        )
    };
    match (&athlete.judged, no_weeks(athlete)) {
        (Ok(j), None) => summed(j),
        // Files read, none a run in a week: the line says why beside what was read.
        (Ok(j), Some(why)) if !j.rows.is_empty() => TeamSummaryRecord {
            athlete_error: why,
            ..summed(j)
        },
        (_, why) => TeamSummaryRecord::failed(&athlete.name, &why.unwrap_or_default()),
    }
}

/// The team page and every judged athlete's own report. The pages are made on every core, then
/// written in the athletes' order.
/// Writers at once for the athletes' pages. Each page is made whole on disk before it replaces
/// the last one (a sync, then a rename), and a sync waits on the disk, not on a core: one after
/// another, 4,000 athletes' pages took 24 s of which 0.9 s was work (hostile round 39 F1);
/// syncs waiting together are committed together.
const PAGE_WRITERS: usize = 16;

/// An athlete's page: where it goes, the team page's link to it, its text.
type Page = (PathBuf, String, String);
/// A page's link and whether it was written.
type Written = Option<(String, Result<(), String>)>;

/// Writes each page (`None`: the athlete has none), several at a time; the results in the pages'
/// order, each with the link the team's page gives it.
fn write_all(pages: Vec<Option<Page>>) -> Vec<Written> {
    let count = pages.len();
    let writers = PAGE_WRITERS.min(count).max(1);
    // Dealt out in turn, so each writer has as many pages as the next.
    let mut shares: Vec<Vec<(usize, Page)>> = vec![Vec::new(); writers];
    for (k, page) in pages.into_iter().enumerate() {
        if let Some(page) = page {
            shares[k % writers].push((k, page));
        }
    }
    let mut out: Vec<Written> = (0..count).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                s.spawn(move || {
                    share
                        .into_iter()
                        .map(|(k, (path, href, text))| {
                            (k, href, write_named_file(&path, text.as_bytes()))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            let written = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (k, href, result) in written {
                out[k] = Some((href, result));
            }
        }
    });
    out
}

fn write_pages(
    dir: &Path,
    team: &[Athlete],
    request: &WindowRequest,
    team_end: Option<chrono::NaiveDate>,
    target: Target,
    common: &CommonArgs,
) -> Result<(), String> {
    let window_of = |j: &Judged| request.resolve_at(team_end, j.week_start, Some(RECENT_WEEKS));
    let files = page_file_names(team.iter().map(|a| a.name.as_str()));
    let pages: Vec<Option<Page>> = team
        .par_iter()
        .zip(&files)
        .map(|(a, file)| {
            let j = a.judged.as_ref().ok().filter(|j| !j.rows.is_empty())?;
            let info = html::PageInfo {
                source: a.source.clone(),
                target_pct: target.min_easy,
                units: common.read.units.unwrap_or(j.units),
                week_start: j.week_start,
                window: window_of(j),
            };
            Some((
                dir.join("athletes").join(file),
                format!("athletes/{}", team_report::link_segment(file)),
                html::page(&j.rows, &j.weeks, &info),
            ))
        })
        .collect();
    let written = write_all(pages);
    let mut lines = Vec::new();
    // A page that cannot be written is said, and the others and the team's page are written all
    // the same; the status then says the report is not whole.
    let mut unwritten = Vec::new();
    for (a, page) in team.iter().zip(written) {
        let report = match page {
            Some((href, result)) => match result {
                Ok(()) => Some(href),
                Err(e) => {
                    say!(
                        "grayzone: athlete {}: {}",
                        printable(&a.name),
                        printable(&e)
                    );
                    unwritten.push(a.name.as_str());
                    None
                }
            },
            None => None,
        };
        lines.push(TeamPageLine {
            summary: summary_line(a, window_of, target),
            report,
        });
    }
    let title = common
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let shown = match request_words(request) {
        Some(words) => words,
        None => format!("the last {RECENT_WEEKS} weeks up to the team's last run"),
    };
    let index = dir.join("index.html");
    write_named_file(
        &index,
        team_report::page(&title, &lines, target, &shown).as_bytes(),
    )?;
    if !common.read.quiet {
        say!(
            "grayzone: wrote {} ({} athletes, {} reports)",
            index.display(),
            lines.len(),
            lines.iter().filter(|l| l.report.is_some()).count()
        );
    }
    match unwritten.as_slice() {
        [] => Ok(()),
        names => Err(format!(
            "the team's page was written, but not the report of {} (above)",
            names
                .iter()
                .map(|n| printable(n).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Every athlete's page file, in the team's order: one that another athlete's already takes
/// (compared without case, as macOS and Windows compare names; or a name that is itself a long
/// name's shortened form) gets `-2`, `-3`… so no report overwrites another.
fn page_file_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    names
        .map(|name| {
            let stem = page_stem(name);
            let mut file = format!("{stem}.html");
            let mut n = 1;
            while !taken.insert(file.to_lowercase()) {
                n += 1;
                file = format!("{stem}-{n}.html");
            }
            file
        })
        .collect()
}

/// An athlete's page file, without its `.html`: their name, unless that is past what a file name
/// may hold (255 bytes): then its first 200 bytes and a hash of the whole, so that two long names
/// that begin alike still get pages of their own.
fn page_stem(name: &str) -> String {
    const MAX_NAME: usize = 255;
    const KEEP: usize = 200;
    // Room for `.html` and a `-N` that tells two alike names apart.
    if name.len() + ".html".len() + 8 <= MAX_NAME {
        return name.to_string();
    }
    let mut cut = KEEP;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a: the same name gives the same file on every machine and every run.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{}-{:08x}", &name[..cut], hash as u32)
}

/// The window asked for, in words, for the team page (`None`: the default).
fn request_words(request: &WindowRequest) -> Option<String> {
    if request.all {
        return Some("every week".into());
    }
    let until = request
        .until
        .map(|d| format!("up to {d}"))
        .unwrap_or_else(|| "up to the team's last run".into());
    match (request.last_weeks, request.since) {
        (Some(n), _) => Some(format!("the last {n} weeks {until}")),
        (None, Some(since)) => Some(format!("from {since} {until}")),
        (None, None) if request.until.is_some() => Some(until),
        (None, None) => None,
    }
}

/// `team --check --format json`: the verdict, athlete by athlete.
#[derive(Serialize)]
struct TeamCheckReport<'a> {
    target_pct: f64,
    method: &'static str,
    athletes_checked: usize,
    athletes_missed: usize,
    passed: bool,
    athletes: Vec<AthleteCheck<'a>>,
}

#[derive(Serialize)]
struct AthleteCheck<'a> {
    athlete: &'a str,
    error: String,
    weeks_checked: usize,
    weeks_missed: usize,
    passed: bool,
    weeks: Vec<CheckedWeek<'a>>,
}

/// `--check`: every athlete's weeks against the target. The status is the worst athlete's, as
/// `grayzone check` on their folder would give it: 2 when one cannot be read (a bad profile, an
/// unreadable folder), else 1 when a week misses, else 0.
fn check(
    args: &TeamArgs,
    team: &[Athlete],
    request: &WindowRequest,
    team_end: Option<chrono::NaiveDate>,
) -> Result<i32, String> {
    let mut code = EXIT_OK;
    let mut report = TeamCheckReport {
        target_pct: args.min_easy,
        method: args.method.name(),
        athletes_checked: team.len(),
        athletes_missed: 0,
        passed: true,
        athletes: Vec::new(),
    };
    let mut lines: Vec<String> = Vec::new();
    for a in team {
        let (checked, status) = check_athlete(args, a, request, team_end, &mut lines);
        if !checked.passed {
            report.athletes_missed += 1;
        }
        code = code.max(status);
        report.athletes.push(checked);
    }
    report.passed = report.athletes_missed == 0;
    let mut out = output(args.common.output.as_ref())?;
    let written = if args.common.named_format() == Some(OutputFormat::Json) {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        lines.push(team_line(args, &report));
        lines
            .iter()
            .try_for_each(|line| writeln!(out, "{}", printable(line)))
    };
    written
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    Ok(code)
}

/// One athlete's weeks against the target: their part of the report, their lines (pushed on
/// `lines`), and the status `grayzone check` on their folder would give.
fn check_athlete<'a>(
    args: &TeamArgs,
    a: &'a Athlete,
    request: &WindowRequest,
    team_end: Option<chrono::NaiveDate>,
    lines: &mut Vec<String>,
) -> (AthleteCheck<'a>, i32) {
    // An athlete whose folder holds no activity file, or none of whose files could be read, is
    // an error, as one whose folder cannot be read, and as `check` on their folder says: a CI
    // gate must not pass over a broken export.
    let judged = match &a.judged {
        Ok(j) => match crate::report::check::uncheckable(&j.rows, &[PathBuf::from(&a.source)]) {
            Some(why) => Err(why),
            None => Ok(j),
        },
        Err(e) => Err(e.clone()),
    };
    let j = match judged {
        Ok(j) => j,
        Err(e) => {
            lines.push(format!("ERROR {}: {e}", a.name));
            let failed = AthleteCheck {
                athlete: &a.name,
                error: e,
                weeks_checked: 0,
                weeks_missed: 0,
                passed: false,
                weeks: Vec::new(),
            };
            return (failed, EXIT_USAGE);
        }
    };
    let window = request.resolve_at(team_end, j.week_start, None);
    let verdict = Verdict::of(&j.rows, &j.weeks, &window, args.method, args.min_easy);
    let name = &a.name;
    lines.extend(verdict.misses.iter().map(|m| format!("MISS {name} {m}")));
    lines.push(match &verdict.tally {
        Some(tally) => format!(
            "{name}: {tally} {}",
            crate::report::target_name(args.min_easy)
        ),
        None => format!("{name}: no week with runs selected: nothing to check"),
    });
    lines.extend(verdict.notes.iter().map(|n| format!("{name}: {n}")));
    let checked = AthleteCheck {
        athlete: &a.name,
        error: String::new(),
        weeks_checked: verdict.selected.len(),
        weeks_missed: verdict.misses.len(),
        passed: verdict.passed(),
        weeks: verdict
            .selected
            .iter()
            .map(|(w, share, ok)| CheckedWeek::new(w, *share, *ok))
            .collect(),
    };
    let status = if verdict.passed() {
        EXIT_OK
    } else {
        EXIT_MISSED
    };
    (checked, status)
}

/// The team's last line: how many athletes meet the target, those with no week in the window
/// counted apart (they met nothing), not as passes.
fn team_line(args: &TeamArgs, report: &TeamCheckReport) -> String {
    let unchecked = report
        .athletes
        .iter()
        .filter(|a| a.error.is_empty() && a.weeks_checked == 0)
        .count();
    let checked = report.athletes_checked - unchecked;
    if checked == 0 {
        return "no athlete has a week with runs selected: nothing checked".to_string();
    }
    let met = checked - report.athletes_missed;
    format!(
        "{met} of {} {} {} in every week checked ({} % {}){}",
        counted(checked, "athlete", "athletes"),
        if met == 1 { "meets" } else { "meet" },
        crate::report::target_name(args.min_easy),
        crate::report::target_words(args.min_easy),
        args.method.words(),
        match unchecked {
            0 => String::new(),
            1 => "; 1 athlete has no week with runs selected".to_string(),
            n => format!("; {n} athletes have no week with runs selected"),
        }
    )
}

/// Whether `dir` (made or not yet) is `folder` or inside it, as they are on disk: the nearest
/// folder of `dir` that exists, through its links, and the rest of its path below it.
fn inside(dir: &Path, folder: &Path) -> bool {
    resolved(dir).starts_with(resolved(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_written_at_once_come_back_in_the_athletes_order() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let page = |k: usize| {
            (
                dir.path().join(format!("a{k}.html")),
                format!("athletes/a{k}.html"),
                format!("page {k}"),
            )
        };
        // 40 athletes (more than there are writers), every third without a page, one page
        // whose folder does not exist.
        let mut pages: Vec<Option<Page>> = (0..40).map(|k| (k % 3 != 1).then(|| page(k))).collect();
        pages[5] = Some((
            dir.path().join("missing").join("a5.html"),
            "athletes/a5.html".into(),
            "page 5".into(),
        ));
        let written = write_all(pages);
        assert_eq!(written.len(), 40);
        for (k, result) in written.iter().enumerate() {
            match (k, result) {
                (5, Some((href, Err(e)))) => {
                    assert_eq!(href, "athletes/a5.html");
                    assert!(e.contains("a5.html"), "{e}");
                }
                (k, None) => assert_eq!(k % 3, 1, "athlete {k}"),
                (k, Some((href, Ok(())))) => {
                    assert_eq!(href, &format!("athletes/a{k}.html"));
                    let text = std::fs::read_to_string(dir.path().join(format!("a{k}.html")))
                        .expect("the page was written");
                    assert_eq!(text, format!("page {k}"));
                }
                (k, other) => panic!("athlete {k}: {other:?}"),
            }
        }
    }
}
