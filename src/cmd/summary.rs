//! `grayzone summary PATH… [--weeks N]` (and `grayzone` alone in a terminal): a short table of the
//! last weeks with bars, for humans.
use std::io::{self, IsTerminal, Write};

use clap::Args;

use crate::cmd::options::{load, output, CommonArgs, Loaded};
use crate::cmd::EXIT_OK;
use crate::report::weekly;

#[derive(Args, Debug, Clone)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// How many recent weeks to show.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub weeks: usize,
}

pub fn run(args: &SummaryArgs) -> Result<i32, String> {
    let Loaded {
        rows,
        units,
        week_start,
    } = load(&args.common.read, &args.common.paths)?;
    let weeks = weekly::weeks_starting(&rows, week_start);
    let mut out = output(args.common.output.as_ref())?;
    let color = args.common.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let text = crate::report::terminal::summary(&rows, &weeks, args.weeks, color, units);
    out.write_all(text.as_bytes())
        .map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}
