//! `grayzone weekly PATH… [-o FILE] [--format table|csv|json|jsonl] [--html FILE] [--min-easy PCT]
//! [--since DATE] [--until DATE] [--last N | --all]`: one row per week, the 80/20 split by time in
//! zone and by sessions, and the week flags (a share under `--min-easy`, 80 % unless told
//! otherwise, among them); with `--html`, the one-page report (of the last 16 weeks unless told
//! otherwise).
use std::path::PathBuf;

use clap::Args;

use crate::activity::units::counted;
use crate::cmd::options::{
    check_output, check_target, check_writable_for, emit, exit_status, hint_if_empty,
    hint_if_no_run, load, refuse_an_input, same_file, write_file, CommonArgs, Loaded,
};
use crate::cmd::EXIT_OK;
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::records::WeekRecord;
use crate::report::{self, table, weekly};

#[derive(Args, Debug, Clone)]
pub struct WeeklyArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Also write one self-contained HTML page (charts, weekly table, flagged runs) to FILE, of the
    /// last 16 weeks unless --since, --until, --last or --all say otherwise; the table then goes
    /// only to -o, if given.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Target share of easy training, in percent: a week under it is flagged (below_80_20,
    /// below_80_20_sessions), and the verdict counts the weeks that meet it.
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
}

pub fn run(args: &WeeklyArgs) -> Result<i32, String> {
    let common = &args.common;
    check_target(args.min_easy)?;
    let request = common.window.request()?;
    check_output(common)?;
    if let Some(path) = &args.html {
        check_writable_for(path, &common.read)?;
        refuse_an_input(path, &common.paths)?;
        // One file cannot hold both: the table was written over the page, and the page said
        // written (hostile round 34 M4).
        if common.output.as_ref().is_some_and(|o| same_file(o, path)) {
            return Err(format!(
                "--html and -o both name {}: give the page and the table a file each",
                crate::report::printable(&path.display().to_string())
            ));
        }
    }
    let Loaded {
        rows,
        units,
        week_start,
        named_unreadable,
    } = load(&common.read, &common.paths)?;
    hint_if_empty(&rows, &common.read, &common.paths);
    hint_if_no_run(&rows, &common.read);
    let all_weeks = weekly::weeks_starting(&rows, week_start, args.min_easy);
    if let Some(path) = &args.html {
        let window = request.resolve(&rows, week_start, Some(crate::report::window::RECENT_WEEKS));
        let info = report::html::PageInfo {
            source: common
                .paths
                .iter()
                .map(|p| page_name(p))
                .collect::<Vec<_>>()
                .join(" "),
            target_pct: args.min_easy,
            units,
            week_start,
            window,
        };
        let page = report::html::page(&rows, &all_weeks, &info);
        write_file(path, page.as_bytes())?;
        if !common.read.quiet {
            let weeks = window.weeks(&all_weeks);
            say!(
                "grayzone: wrote {} ({}, {})",
                if path.as_os_str() == "-" {
                    "the page to standard output".into()
                } else {
                    path.display().to_string()
                },
                counted(weeks.len(), "week", "weeks"),
                counted(weeks.iter().map(|w| w.runs).sum::<usize>(), "run", "runs")
            );
            if let Some(note) = window.note(&all_weeks, "the page shows") {
                say!("grayzone: {note}");
            }
        }
        if common.output.is_none() {
            return Ok(exit_status(EXIT_OK, named_unreadable));
        }
    }
    let window = request.resolve(&rows, week_start, None);
    let shown = window.weeks(&all_weeks);
    // An empty table from a window that missed the export (a typo in a year) says where the
    // runs are.
    if !common.read.quiet && shown.iter().all(|w| w.runs == 0) {
        if let Some(note) = window.note(&all_weeks, "the table shows") {
            say!("grayzone: {note}");
        }
    }
    let records: Vec<WeekRecord> = shown.iter().map(WeekRecord::from_week).collect();
    // For a person, the table ends with its answer (a program reads the CSV's columns).
    let verdict = weekly::Verdict::of(&shown, args.min_easy);
    emit(common, &records, |records, width| {
        let table = table::weeks(records, units, width);
        if records.is_empty() {
            table
        } else {
            format!("{table}\n{}\n", verdict.sentence())
        }
    })
    .map(|code| exit_status(code, named_unreadable))
}

/// A path as the page's title names it: `.` (or `..`, `runs/.`) by the folder's own name, which
/// says whose runs these are; any other as given.
fn page_name(path: &std::path::Path) -> String {
    let named = path.file_name().is_some()
        && !path.ends_with(".")
        && path.components().next_back() != Some(std::path::Component::ParentDir);
    if !named {
        if let Some(name) = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        {
            return name;
        }
    }
    path.display().to_string()
}
