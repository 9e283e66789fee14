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
use crate::report::check::{miss_line, weeks_meeting, CheckedWeek};
use crate::report::weekly::{self, Method};
use crate::report::window::select_weeks;

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
    let json = match args.common.format {
        None => false,
        Some(OutputFormat::Json) => true,
        Some(other) => {
            return Err(format!(
                "check writes its verdict as text, or as JSON with --format json; --format {} is for the tables (`grayzone weekly --format {}`)",
                other.name(),
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
    let weeks = weekly::weeks_starting(&rows, week_start);
    let selected = select_weeks(&weeks, &window, args.method, args.min_easy);
    let missed: Vec<_> = selected.iter().filter(|(_, _, ok)| !ok).collect();
    let code = if missed.is_empty() {
        EXIT_OK
    } else {
        EXIT_MISSED
    };
    let mut out = output(args.common.output.as_ref())?;
    if json {
        let report = CheckReport {
            target_pct: args.min_easy,
            method: args.method.name(),
            weeks_checked: selected.len(),
            weeks_missed: missed.len(),
            passed: missed.is_empty(),
            weeks: selected
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
    let method = args.method.words();
    let write = |out: &mut Box<dyn Write>, line: String| {
        writeln!(out, "{line}").map_err(|e| format!("writing output: {e}"))
    };
    // Runs too short (or too implausible) to judge are in no week: said, so a week that seems
    // to be missing one is explained.
    let left_out =
        crate::report::left_out_sentence(window.rows(&rows)).map(|s| format!("{s}, in no week"));
    if selected.is_empty() {
        write(
            &mut out,
            "no week with runs selected: nothing to check".into(),
        )?;
        if let Some(line) = left_out {
            write(&mut out, line)?;
        }
        // A window that missed the export (a typo in a year) passes a CI check: say where the
        // runs are.
        if let Some(line) = window.note(&weeks, "the check covers") {
            write(&mut out, line)?;
        }
        out.flush().map_err(|e| format!("writing output: {e}"))?;
        return Ok(exit_status(EXIT_OK, named_unreadable));
    }
    for (w, share, _) in &missed {
        write(
            &mut out,
            format!("MISS {}", miss_line(w, *share, args.min_easy, args.method)),
        )?;
    }
    write(
        &mut out,
        format!(
            "{} the 80/20 target ({:.0} % {method})",
            weeks_meeting(selected.len() - missed.len(), selected.len()),
            args.min_easy
        ),
    )?;
    if let Some(line) = left_out {
        write(&mut out, line)?;
    }
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(exit_status(code, named_unreadable))
}
