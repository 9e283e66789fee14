//! `grayzone check PATH… [--min-easy PCT] [--method time|sessions] [--last N] [--since DATE]
//! [--until DATE] [--format json]`: exit 1 when a selected week misses the 80/20 target, naming
//! the weeks; for CI. `--format json` writes the same verdict for a program.
use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::cmd::options::{
    check_output, check_target, exit_status, hint_if_no_run, load, output, CommonArgs, Loaded,
    OutputFormat,
};
use crate::cmd::{EXIT_MISSED, EXIT_OK};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::check::{CheckedWeek, Verdict};
use crate::report::weekly::{self, Method};

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Target share of easy training, in percent.
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
    /// Count easy training by time in the low zone, or by easy sessions.
    #[arg(long, value_enum, default_value = "time")]
    pub method: Method,
}

/// `check --format json`: the verdict and every week checked.
#[derive(Serialize)]
struct CheckReport<'a> {
    target_pct: f64,
    method: &'static str,
    weeks_checked: usize,
    weeks_missed: usize,
    passed: bool,
    weeks: Vec<CheckedWeek<'a>>,
}

pub fn run(args: &CheckArgs) -> Result<i32, String> {
    check_target(args.min_easy)?;
    let json = match args.common.named_format() {
        None => false,
        Some(OutputFormat::Json) => true,
        Some(other) => {
            return Err(format!(
                "check writes its verdict as text, or as JSON with --format json (or -o NAME.json); {} is for the tables (`grayzone weekly --format {}`)",
                args.common.format_asked(other),
                other.name()
            ))
        }
    };
    let request = args.common.window.request()?;
    check_output(&args.common)?;
    let Loaded {
        rows,
        week_start,
        named_unreadable,
        ..
    } = load(&args.common.read, &args.common.paths)?;
    if let Some(why) = crate::report::check::uncheckable(&rows, &args.common.paths) {
        return Err(why);
    }
    hint_if_no_run(&rows, &args.common.read);
    let window = request.resolve(&rows, week_start, None);
    let weeks = weekly::weeks_starting(&rows, week_start, args.min_easy);
    let verdict = Verdict::of(&rows, &weeks, &window, args.method, args.min_easy);
    let code = if verdict.passed() {
        EXIT_OK
    } else {
        EXIT_MISSED
    };
    let mut out = output(args.common.output.as_ref())?;
    if json {
        let report = CheckReport {
            target_pct: args.min_easy,
            method: args.method.name(),
            weeks_checked: verdict.selected.len(),
            weeks_missed: verdict.misses.len(),
            passed: verdict.passed(),
            weeks: verdict
                .selected
                .iter()
                .map(|(w, share, ok)| CheckedWeek::new(w, *share, *ok))
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(|e| format!("writing output: {e}"))?;
        writeln!(out).map_err(|e| format!("writing output: {e}"))?;
        out.flush().map_err(|e| format!("writing output: {e}"))?;
        return Ok(exit_status(code, named_unreadable));
    }
    // A window that missed the export (a typo in a year) passes a CI check: the notes say where
    // the runs are.
    let tally = match &verdict.tally {
        Some(tally) => format!(
            "{tally} {} ({} % {})",
            crate::report::target_name(args.min_easy),
            crate::report::target_words(args.min_easy),
            args.method.words()
        ),
        None => "no week with runs selected: nothing to check".to_string(),
    };
    let lines = verdict
        .misses
        .iter()
        .map(|line| format!("MISS {line}"))
        .chain(std::iter::once(tally))
        .chain(verdict.notes.iter().cloned());
    for line in lines {
        writeln!(out, "{line}").map_err(|e| format!("writing output: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(exit_status(code, named_unreadable))
}
