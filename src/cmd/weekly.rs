//! `grayzone weekly PATH… [-o FILE] [--format csv|json|jsonl] [--html FILE]`: one row per week,
//! the 80/20 split by time in zone and by sessions, and the week flags; with `--html`, the one-page
//! report.
use std::path::PathBuf;

use clap::Args;

use crate::cmd::options::{emit, load, write_file, CommonArgs, Loaded};
use crate::cmd::EXIT_OK;
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::records::WeekRecord;
use crate::report::{self, weekly};

#[derive(Args, Debug, Clone)]
pub struct WeeklyArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Also write one self-contained HTML page (charts, weekly table, flagged runs) to FILE; the
    /// table then goes only to -o, if given.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

pub fn run(args: &WeeklyArgs) -> Result<i32, String> {
    let common = &args.common;
    let Loaded {
        rows,
        units,
        week_start,
    } = load(&common.read, &common.paths)?;
    let weeks = weekly::weeks_starting(&rows, week_start);
    if let Some(path) = &args.html {
        let info = report::html::PageInfo {
            source: common
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            target_pct: DEFAULT_MIN_EASY_PCT,
            units,
            week_start,
        };
        let page = report::html::page(&rows, &weeks, &info);
        write_file(path, page.as_bytes())?;
        if !common.read.quiet {
            eprintln!(
                "grayzone: wrote {} ({} weeks, {} runs)",
                path.display(),
                weeks.len(),
                rows.iter().filter(|r| r.is_run()).count()
            );
        }
        if common.output.is_none() {
            return Ok(EXIT_OK);
        }
    }
    let records: Vec<WeekRecord> = weeks.iter().map(WeekRecord::from_week).collect();
    emit(common, &records)
}
