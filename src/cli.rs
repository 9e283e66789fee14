//! Command-line interface: argument parsing and one function per subcommand. The work itself is in
//! the library modules; this file only wires options to them and decides exit codes.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::discover::Limits;
use crate::pipeline::{self, IngestOptions};
use crate::report::{self, records::ActivityRecord, Format};
use crate::row::ActivityRow;

/// Exit status: the run worked (even if some files were error rows).
pub const EXIT_OK: i32 = 0;
/// Exit status of `check` when a week misses the target.
pub const EXIT_MISSED: i32 = 1;
/// Exit status on a usage error or an unreadable input path.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "grayzone",
    version,
    about = "Is your training really 80/20? Judges every run of a GPS-watch export against your own baseline.",
    after_help = "Examples:\n  grayzone activities ~/Downloads/garmin-export.zip > runs.csv\n  grayzone activities export/ other.fit.gz -o runs.csv"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// One row per activity file (per session for multisport files): totals, data quality, judgement.
    #[command(after_help = "Example:\n  grayzone activities export/ other.fit.gz -o runs.csv")]
    Activities(CommonArgs),
}

/// Options every reading command shares.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Files and folders to read: .fit .gpx .tcx (each also .gz) and .zip exports, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Time zone (IANA name, e.g. Europe/Paris) for every activity, overriding the files' own.
    #[arg(long, value_name = "IANA_NAME")]
    pub tz: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest single activity file read, after decompression, in MB.
    #[arg(long, value_name = "MB", default_value_t = 512)]
    pub max_file_mb: u64,
}

/// Runs the CLI and returns the process exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let Some(command) = cli.command else {
        let _ = <Cli as clap::CommandFactory>::command().print_help();
        return EXIT_USAGE;
    };
    let result = match command {
        Command::Activities(args) => activities(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("grayzone: {message}");
            EXIT_USAGE
        }
    }
}

fn ingest(args: &CommonArgs) -> Result<Vec<ActivityRow>, String> {
    if let Some(n) = args.threads {
        // Ignored if the pool already exists (only in tests that call twice).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let tz = args.tz.as_deref().map(crate::timezone::parse_tz).transpose()?;
    let options = IngestOptions {
        tz,
        limits: Limits {
            max_file_bytes: args.max_file_mb.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        progress: !args.quiet && io::stderr().is_terminal(),
    };
    pipeline::ingest(&args.paths, &options).map_err(|e| e.to_string())
}

fn output(args: &CommonArgs) -> Result<Box<dyn Write>, String> {
    Ok(match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn activities(args: &CommonArgs) -> Result<i32, String> {
    let rows = ingest(args)?;
    let records: Vec<ActivityRecord> = rows.iter().map(ActivityRecord::from_row).collect();
    let mut out = output(args)?;
    report::write(args.format, &records, &mut out).map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}
