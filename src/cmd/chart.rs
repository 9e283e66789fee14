//! `grayzone chart PATH… [-o weeks.svg|weeks.png] [--method time|sessions] [--min-easy PCT]
//! [--since DATE] [--until DATE] [--last N | --all]`: the weeks as a picture, one stacked bar per
//! week (per month past 40 weeks) against the target line; the last 16 weeks unless told otherwise.
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use crate::cmd::options::{
    check_target, check_writable_for, exit_status, hint_if_empty, hint_if_no_run, load, output,
    Loaded, ReadArgs, WindowArgs,
};
use crate::cmd::EXIT_OK;
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report;
use crate::report::chart::ChartOptions;
use crate::report::weekly::{self, Method};

#[derive(Args, Debug, Clone)]
pub struct ChartArgs {
    /// Files and folders to read: .fit .gpx .tcx (each also .gz) and .zip exports, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the chart to this file (.svg or .png); standard output when not given, or `-`.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Picture format (default: from the extension of -o, else svg).
    #[arg(long, value_enum)]
    pub format: Option<ChartFormat>,
    /// Stack time in zone, or runs (easy and recovery / gray zone / other hard).
    #[arg(long, value_enum, default_value = "time")]
    pub method: Method,
    /// Where to draw the target line, in percent.
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The chart's picture format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartFormat {
    /// Scalable vector graphics: any browser opens it, bars show their figures on hover.
    Svg,
    /// A bitmap, twice the SVG's size, for chat apps, slides and image viewers.
    Png,
}

impl ChartFormat {
    fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

/// The chart's format: `--format`, else the extension of `-o`, else SVG. Decided before the
/// export is read, so a misnamed file costs no time.
fn chart_format(args: &ChartArgs) -> Result<ChartFormat, String> {
    let ext = args.output.as_ref().and_then(|path| {
        path.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
    });
    let by_ext = match ext.as_deref() {
        Some("svg") => Some(ChartFormat::Svg),
        Some("png") => Some(ChartFormat::Png),
        _ => None,
    };
    let shown = || {
        args.output
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    };
    let format = match (args.format, by_ext, &ext) {
        (Some(flag), Some(named), _) if flag != named => {
            return Err(format!(
                "{}: --format {} writes a .{} file: name it so, or drop --format",
                shown(),
                flag.extension(),
                flag.extension()
            ))
        }
        (Some(flag), _, _) => flag,
        (None, Some(named), _) => named,
        (None, None, None) => ChartFormat::Svg,
        (None, None, Some(_)) => {
            return Err(format!(
                "{}: the chart is an SVG or a PNG picture: name the file .svg (any browser opens it) or .png, or give --format",
                shown()
            ))
        }
    };
    if format == ChartFormat::Png && args.output.is_none() && io::stdout().is_terminal() {
        return Err(
            "a PNG is no text for a terminal: give -o weeks.png, or pipe the output".to_string(),
        );
    }
    Ok(format)
}

pub fn run(args: &ChartArgs) -> Result<i32, String> {
    check_target(args.min_easy)?;
    let format = chart_format(args)?;
    let request = args.window.request()?;
    if let Some(path) = &args.output {
        check_writable_for(path, &args.read)?;
    }
    let Loaded {
        rows,
        units,
        week_start,
        named_unreadable,
    } = load(&args.read, &args.paths)?;
    hint_if_empty(&rows, &args.read, &args.paths);
    hint_if_no_run(&rows, &args.read);
    let all_weeks = weekly::weeks_starting(&rows, week_start, args.min_easy);
    let window = request.resolve(&rows, week_start, Some(crate::report::window::RECENT_WEEKS));
    if !args.read.quiet {
        if let Some(note) = window.note(&all_weeks, "the chart shows") {
            say!("grayzone: {note}");
        }
    }
    let weeks = window.framed_weeks(&all_weeks, week_start);
    let options = ChartOptions {
        method: args.method,
        target_pct: args.min_easy,
        units,
        week_start,
    };
    let svg = report::chart::svg(&weeks, &options);
    let picture = match format {
        ChartFormat::Svg => svg.into_bytes(),
        ChartFormat::Png => report::png::from_svg(&svg)?,
    };
    let mut out = output(args.output.as_ref())?;
    out.write_all(&picture)
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing the chart: {e}"))?;
    Ok(exit_status(EXIT_OK, named_unreadable))
}
