//! What every command that reads an export shares: the paths and output options, how to read the
//! export and what the runner says of themselves ([`ReadArgs`]), and [`load`], which reads and
//! judges everything once for the subcommand to report on.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::activity::calendar::{parse_tz, WeekStart};
use crate::activity::units::Units;
use crate::cmd::EXIT_OK;
use crate::ingest::archive::Limits;
use crate::judge::profile::{self, ProfileFlags};
use crate::judge::{self, ActivityRow};
use crate::report::{self, Format};
use crate::summarize::row::Status;
use crate::summarize::{self, ReadOptions};

/// Options every tabular command shares.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Files and folders to read: .fit .gpx .tcx (each also .gz) and .zip exports, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How to read the export and judge the runs: every command that reads files takes these.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Time zone (IANA name, e.g. Europe/Paris) for every activity, overriding the files' own.
    #[arg(long, value_name = "IANA_NAME")]
    pub tz: Option<String>,
    /// No progress bar, and no stderr line per unreadable file (they stay rows in the output).
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest single activity file read, after decompression, in MB.
    #[arg(long, value_name = "MB", default_value_t = 512)]
    pub max_file_mb: u64,
    /// Paces and distances in human output (summary, explain, chart, HTML); CSV and JSON always
    /// carry both (default: the profile's `units`, else metric).
    #[arg(long, value_enum, value_name = "UNITS")]
    pub units: Option<Units>,
    /// First day of the week for weekly output: monday (ISO weeks, 2024-W05) or sunday (weeks
    /// named by their Sunday's date) (default: the profile's `week_start`, else monday).
    #[arg(long, value_enum, value_name = "DAY")]
    pub week_start: Option<WeekStart>,
    #[command(flatten)]
    pub runner: RunnerArgs,
}

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            tz: None,
            quiet: false,
            threads: None,
            max_file_mb: 512,
            units: None,
            week_start: None,
            runner: RunnerArgs::default(),
        }
    }
}

/// Figures about the runner that override what grayzone derives.
#[derive(Args, Debug, Clone, Default)]
pub struct RunnerArgs {
    /// Your max heart rate (bpm).
    #[arg(long, value_name = "BPM")]
    pub max_hr: Option<f64>,
    /// Your resting heart rate (bpm): zones then use heart-rate reserve.
    #[arg(long, value_name = "BPM")]
    pub resting_hr: Option<f64>,
    /// Your lactate-threshold heart rate (bpm): zones then follow the 80/20 system's LTHR zones.
    #[arg(long, value_name = "BPM")]
    pub lthr: Option<f64>,
    /// Your usual easy pace, e.g. 5:40/km or 9:07/mi.
    #[arg(long, value_name = "PACE")]
    pub easy_pace: Option<String>,
    /// Your threshold pace, e.g. 4:35/km.
    #[arg(long, value_name = "PACE")]
    pub threshold_pace: Option<String>,
    /// Profile file (default: grayzone.toml in the export folder, if there is one).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

pub fn default_common(paths: Vec<PathBuf>) -> CommonArgs {
    CommonArgs {
        paths,
        output: None,
        format: Format::Csv,
        read: ReadArgs::default(),
    }
}

/// What a command has to work with once the export is read and judged.
pub struct Loaded {
    pub rows: Vec<ActivityRow>,
    /// `--units`, else the profile's, else metric.
    pub units: Units,
    /// `--week-start`, else the profile's, else Monday.
    pub week_start: WeekStart,
}

/// Reads and judges everything under the paths.
pub fn load(args: &ReadArgs, paths: &[PathBuf]) -> Result<Loaded, String> {
    if let Some(n) = args.threads {
        // Ignored if the pool already exists (only in tests that call twice).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let r = &args.runner;
    let flags = ProfileFlags {
        max_hr: r.max_hr,
        resting_hr: r.resting_hr,
        lthr: r.lthr,
        easy_pace: r.easy_pace.clone(),
        threshold_pace: r.threshold_pace.clone(),
    };
    let profile = profile::load(&flags, r.profile.as_deref(), paths)?;
    // The profile's time zone was checked when it was read; --tz is checked here.
    let tz = match (&args.tz, &profile.timezone) {
        (Some(flag), _) => Some(parse_tz(flag).map_err(|e| format!("--tz: {e}"))?),
        (None, Some(zone)) => Some(parse_tz(zone)?),
        (None, None) => None,
    };
    let options = ReadOptions {
        tz,
        limits: Limits {
            max_file_bytes: args.max_file_mb.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        progress: !args.quiet && io::stderr().is_terminal(),
    };
    let rows = summarize::read_export(paths, &options).map_err(|e| {
        let hint = if e.reason.starts_with("no such file") {
            " (check the spelling; give your export's folder, its .zip, or .fit/.gpx/.tcx files)"
        } else if e.reason.starts_with("permission denied") {
            " (check its permissions)"
        } else {
            ""
        };
        format!("{e}{hint}")
    })?;
    // Unreadable files are rows in the output; say so on stderr too, one line each, so a runner
    // sees them without opening the CSV. The batch goes on.
    if !args.quiet {
        for row in rows.iter().filter(|r| r.status == Status::Error) {
            eprintln!("grayzone: {}: {}", row.path, row.error);
        }
    }
    let rows = judge::judge(rows, &profile);
    Ok(Loaded {
        rows,
        units: args.units.or(profile.units).unwrap_or_default(),
        week_start: args.week_start.or(profile.week_start).unwrap_or_default(),
    })
}

pub fn output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| cannot_write(path, &e))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// "cannot write FILE: why", and what to do about it.
pub fn cannot_write(path: &Path, e: &io::Error) -> String {
    let hint = match e.kind() {
        io::ErrorKind::NotFound => " (create its folder first, or write somewhere else)",
        io::ErrorKind::PermissionDenied => " (choose a folder you can write to)",
        io::ErrorKind::IsADirectory => " (that is a folder: give a file name)",
        _ => "",
    };
    format!("cannot write {}: {e}{hint}", path.display())
}

pub fn emit<T: serde::Serialize>(args: &CommonArgs, records: &[T]) -> Result<i32, String> {
    let mut out = output(args.output.as_ref())?;
    report::write(args.format, records, &mut out).map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}

pub fn check_target(min_easy: f64) -> Result<(), String> {
    if (0.0..=100.0).contains(&min_easy) {
        Ok(())
    } else {
        Err(format!(
            "--min-easy {min_easy} must be a percentage between 0 and 100"
        ))
    }
}
