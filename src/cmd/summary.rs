//! `grayzone summary PATH… [--last N | --since DATE | --until DATE | --all] [--min-easy PCT]` (and
//! `grayzone` alone in a terminal): a short table of the last weeks with bars, for humans: the
//! last 8 calendar weeks up to the export's last run unless told otherwise, each week's low share
//! against the target (80 % unless `--min-easy` says otherwise).
use std::io::{self, IsTerminal, Write};

use clap::Args;

use crate::cmd::options::{
    check_output, check_target, exit_status, load, output, CommonArgs, Loaded, OutputFormat,
};
use crate::cmd::EXIT_OK;
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::weekly;
use crate::report::window::{Spelling, SUMMARY_WEEKS};

#[derive(Args, Debug, Clone)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The same as --last N (kept for scripts that use it).
    #[arg(long, value_name = "N", hide = true, conflicts_with_all = ["last", "since", "all"])]
    pub weeks: Option<usize>,
    /// Target share of easy training, in percent: a week under it is flagged and shown in red.
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
}

pub fn run(args: &SummaryArgs) -> Result<i32, String> {
    if let Some(format) = args.common.named_format() {
        let suggested = match format {
            OutputFormat::Table | OutputFormat::Csv => "csv",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
        };
        return Err(format!(
            "summary is a text for people, not {}: for a table a program reads, use `grayzone weekly --format {suggested} --last {SUMMARY_WEEKS}` (the same weeks), or `grayzone activities` for the runs",
            args.common.format_asked(format)
        ));
    }
    check_target(args.min_easy)?;
    let mut request = args.common.window.request()?;
    if let Some(n) = args.weeks {
        request.last_weeks = Some(n);
        request.check(Spelling::Flag)?;
    }
    check_output(&args.common)?;
    let Loaded {
        rows,
        units,
        week_start,
        named_unreadable,
    } = load(&args.common.read, &args.common.paths)?;
    let window = request.resolve(&rows, week_start, Some(SUMMARY_WEEKS));
    let weeks = weekly::weeks_starting(&rows, week_start, args.min_easy);
    let mut out = output(args.common.output.as_ref())?;
    let color = args.common.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let text = crate::report::terminal::summary(
        &rows,
        &weeks,
        &window,
        crate::report::terminal::SummaryOptions {
            week_start,
            target_pct: args.min_easy,
            units,
            color,
        },
        &args.common.paths,
    );
    out.write_all(text.as_bytes())
        .map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(exit_status(EXIT_OK, named_unreadable))
}
