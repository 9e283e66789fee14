//! `grayzone check PATH… [--min-easy PCT] [--method time|sessions] [--last N] [--since DATE]`:
//! exit 1 when a selected week misses the 80/20 target, naming the weeks; for CI.
use std::io::Write;

use clap::Args;

use crate::cmd::options::{check_target, load, output, CommonArgs, Loaded};
use crate::cmd::{EXIT_MISSED, EXIT_OK};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::weekly::{self, Method, Week};

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
    /// Only the last N weeks with runs.
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    /// Only weeks starting on or after this date (YYYY-MM-DD; the week containing it counts).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// The weeks `check` looks at, with the share that counts and whether it meets the target.
pub fn select_weeks<'a>(
    weeks: &'a [Week],
    args: &CheckArgs,
) -> Result<Vec<(&'a Week, f64, bool)>, String> {
    let since = match &args.since {
        Some(text) => Some(
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| format!("--since '{text}': write the date as YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let mut selected: Vec<&Week> = weeks
        .iter()
        .filter(|w| {
            since.is_none_or(|d| {
                chrono::NaiveDate::parse_from_str(&w.week_start, "%Y-%m-%d")
                    .is_ok_and(|start| start + chrono::Duration::days(6) >= d)
            })
        })
        .collect();
    if let Some(n) = args.last {
        let skip = selected.len().saturating_sub(n);
        selected.drain(..skip);
    }
    Ok(selected
        .into_iter()
        .map(|w| {
            let share = w.easy_pct(args.method);
            (w, share, share + 1e-9 >= args.min_easy)
        })
        .collect())
}

pub fn run(args: &CheckArgs) -> Result<i32, String> {
    check_target(args.min_easy)?;
    let Loaded {
        rows, week_start, ..
    } = load(&args.common.read, &args.common.paths)?;
    let weeks = weekly::weeks_starting(&rows, week_start);
    let selected = select_weeks(&weeks, args)?;
    let method = match args.method {
        Method::Time => "of moving time low",
        Method::Sessions => "of runs easy",
    };
    let mut out = output(args.common.output.as_ref())?;
    let write = |out: &mut Box<dyn Write>, line: String| {
        writeln!(out, "{line}").map_err(|e| format!("writing output: {e}"))
    };
    if selected.is_empty() {
        write(
            &mut out,
            "no week with runs selected: nothing to check".into(),
        )?;
        out.flush().map_err(|e| e.to_string())?;
        return Ok(EXIT_OK);
    }
    let missed: Vec<_> = selected.iter().filter(|(_, _, ok)| !ok).collect();
    for (w, share, _) in &missed {
        let (low, moderate, high) = w.zone_pcts();
        // A Sunday week's label is already its first day's date.
        let when = if w.week == w.week_start {
            format!("week of Sunday {}", w.week_start)
        } else {
            format!("{} ({})", w.week, w.week_start)
        };
        write(
            &mut out,
            format!(
                "MISS {when}: {:.1} % {method}, target {:.0} % — low/moderate/high {:.0}/{:.0}/{:.0} %, {} runs ({} easy, {} recovery, {} hard, {} gray zone)",
                share, args.min_easy, low, moderate, high, w.runs, w.easy_runs, w.recovery_runs, w.hard_runs, w.gray_zone_runs
            ),
        )?;
    }
    write(
        &mut out,
        format!(
            "{} of {} weeks meet the 80/20 target ({:.0} % {method})",
            selected.len() - missed.len(),
            selected.len(),
            args.min_easy
        ),
    )?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(if missed.is_empty() {
        EXIT_OK
    } else {
        EXIT_MISSED
    })
}
