//! Command-line interface: argument parsing and one function per subcommand. The work itself is in
//! the library modules; this file only wires options to them and decides exit codes.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::discover::Limits;
use crate::pipeline::{self, IngestOptions};
use crate::profile::{self, ProfileFlags};
use crate::report::chart::ChartOptions;
use crate::report::records::{ActivityRecord, BaselineRecord, WeekRecord};
use crate::report::{self, Format, Units};
use crate::row::ActivityRow;
pub use crate::weekly::Method;
use crate::weekly::{self, Week, WeekStart};

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
    after_help = "Examples:\n  grayzone weekly ~/Downloads/garmin-export.zip\n  grayzone activities export/ other.fit.gz -o runs.csv\n  grayzone check export/ --min-easy 80 --last 4\n  grayzone chart export/ -o weeks.svg\n  grayzone weekly export/ --html report.html\n  grayzone explain export/run.fit export/\n  grayzone init export/\n\nWith no subcommand, in a terminal: a short summary of the last weeks of the current folder."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// One row per activity file (per session for multisport files): totals, data quality, verdict.
    #[command(after_help = "Example:\n  grayzone activities export/ other.fit.gz -o runs.csv")]
    Activities(CommonArgs),
    /// One row per week (ISO, or from Sunday with --week-start sunday): the 80/20 split by time in zone and by sessions, and week flags;
    /// with --html, a report page with the charts, the weeks and the runs worth a second look.
    #[command(
        after_help = "Examples:\n  grayzone weekly ~/Downloads/garmin-export.zip\n  grayzone weekly export/ --html report.html"
    )]
    Weekly(WeeklyArgs),
    /// What grayzone believes about you, week by week: max HR, easy pace, threshold, and where each came from.
    #[command(after_help = "Example:\n  grayzone baseline export/ --max-hr 188")]
    Baseline(CommonArgs),
    /// Exit 1 when a selected week misses the 80/20 target (for CI); lists the weeks that miss.
    #[command(after_help = "Example:\n  grayzone check export/ --min-easy 80 --last 4")]
    Check(CheckArgs),
    /// A short human summary of the last weeks.
    #[command(after_help = "Example:\n  grayzone summary export/ --weeks 8")]
    Summary(SummaryArgs),
    /// A chart of the weeks as an SVG or PNG picture: one bar per week (per month past 40 weeks),
    /// low / moderate / high stacked against the 80 % line, gray-zone runs marked.
    #[command(
        after_help = "Examples:\n  grayzone chart export/ -o weeks.svg\n  grayzone chart export/ -o weeks.png\n  grayzone chart export/ --method sessions -o sessions.svg"
    )]
    Chart(ChartArgs),
    /// Why one run got its verdict: your baseline on its date, its zones minute by minute, the rule
    /// behind its class, every flag with the rule it broke, and the data-quality notes.
    #[command(
        after_help = "Examples:\n  grayzone explain export/2024-04-06-08-16-08.fit export/\n  grayzone explain 'garmin.zip!DI_CONNECT/.../run.fit' garmin.zip\n\nGive the rest of your export after the file, so the run is judged against your own baseline."
    )]
    Explain(ExplainArgs),
    /// Write a commented grayzone.toml (every key, all commented out) into DIR, default the current
    /// folder: put it beside your export and uncomment what you know about yourself.
    #[command(after_help = "Examples:\n  grayzone init export/\n  grayzone init --force")]
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to standard output.
    #[command(
        after_help = "Examples:\n  grayzone completions bash > ~/.local/share/bash-completion/completions/grayzone\n  grayzone completions zsh > ~/.zfunc/_grayzone\n  grayzone completions fish > ~/.config/fish/completions/grayzone.fish"
    )]
    Completions(CompletionsArgs),
    /// Print grayzone's man page (roff) to standard output, or a subcommand's, or write them all
    /// into a folder.
    #[command(
        after_help = "Examples:\n  grayzone man | man -l -\n  grayzone man chart | man -l -\n  grayzone man --dir ~/.local/share/man/man1"
    )]
    Man(ManArgs),
}

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

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Target share of easy training, in percent.
    #[arg(long, value_name = "PCT", default_value_t = weekly::DEFAULT_MIN_EASY_PCT)]
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

#[derive(Args, Debug, Clone)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// How many recent weeks to show.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub weeks: usize,
}

#[derive(Args, Debug, Clone)]
pub struct WeeklyArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Also write one self-contained HTML page (charts, weekly table, flagged runs) to FILE; the
    /// table then goes only to -o, if given.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct ChartArgs {
    /// Files and folders to read: .fit .gpx .tcx (each also .gz) and .zip exports, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the chart to this file (.svg or .png); standard output when not given.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Picture format (default: from the extension of -o, else svg).
    #[arg(long, value_enum)]
    pub format: Option<ChartFormat>,
    /// Stack time in zone, or runs (easy and recovery / gray zone / other hard).
    #[arg(long, value_enum, default_value = "time")]
    pub method: Method,
    /// Where to draw the target line, in percent.
    #[arg(long, value_name = "PCT", default_value_t = weekly::DEFAULT_MIN_EASY_PCT)]
    pub min_easy: f64,
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

#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// The run: a .fit/.gpx/.tcx file (also .gz), or a file inside an archive as ARCHIVE.zip!inner/path.fit.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The rest of your export (files and folders), so the run is judged against your own baseline.
    #[arg(value_name = "PATH")]
    pub context: Vec<PathBuf>,
    /// Write to this file instead of standard output (never coloured).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to write grayzone.toml into (your export's folder, where grayzone looks for it).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing grayzone.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ManArgs {
    /// The subcommand whose page to print (grayzone-SUBCOMMAND(1)); the main page when not given.
    #[arg(value_name = "SUBCOMMAND")]
    pub command: Option<String>,
    /// Write every page (grayzone.1 and grayzone-SUBCOMMAND.1) into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
    let command = match cli.command {
        Some(command) => command,
        None if io::stdout().is_terminal() => Command::Summary(SummaryArgs {
            common: default_common(vec![PathBuf::from(".")]),
            weeks: 8,
        }),
        None => {
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            return EXIT_USAGE;
        }
    };
    let result = match command {
        Command::Activities(args) => activities(&args),
        Command::Weekly(args) => weekly_report(&args),
        Command::Baseline(args) => baseline_report(&args),
        Command::Check(args) => check(&args),
        Command::Summary(args) => summary(&args),
        Command::Chart(args) => chart(&args),
        Command::Explain(args) => explain(&args),
        Command::Init(args) => init(&args),
        Command::Completions(args) => completions(args.shell),
        Command::Man(args) => man(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("grayzone: {message}");
            EXIT_USAGE
        }
    }
}

fn default_common(paths: Vec<PathBuf>) -> CommonArgs {
    CommonArgs {
        paths,
        output: None,
        format: Format::Csv,
        read: ReadArgs::default(),
    }
}

/// What a command has to work with once the export is read and judged.
struct Loaded {
    rows: Vec<ActivityRow>,
    /// `--units`, else the profile's, else metric.
    units: Units,
    /// `--week-start`, else the profile's, else Monday.
    week_start: WeekStart,
}

/// Reads and judges everything under the paths.
fn load(args: &ReadArgs, paths: &[PathBuf]) -> Result<Loaded, String> {
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
        (Some(flag), _) => Some(crate::timezone::parse_tz(flag).map_err(|e| format!("--tz: {e}"))?),
        (None, Some(zone)) => Some(crate::timezone::parse_tz(zone)?),
        (None, None) => None,
    };
    let options = IngestOptions {
        tz,
        limits: Limits {
            max_file_bytes: args.max_file_mb.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        progress: !args.quiet && io::stderr().is_terminal(),
    };
    let mut rows = pipeline::ingest(paths, &options).map_err(|e| {
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
        for row in rows
            .iter()
            .filter(|r| r.status == crate::row::Status::Error)
        {
            eprintln!("grayzone: {}: {}", row.path, row.error);
        }
    }
    crate::classify::judge(&mut rows, &profile);
    Ok(Loaded {
        rows,
        units: args.units.or(profile.units).unwrap_or_default(),
        week_start: args.week_start.or(profile.week_start).unwrap_or_default(),
    })
}

fn output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| cannot_write(path, &e))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// "cannot write FILE: why", and what to do about it.
fn cannot_write(path: &std::path::Path, e: &io::Error) -> String {
    let hint = match e.kind() {
        io::ErrorKind::NotFound => " (create its folder first, or write somewhere else)",
        io::ErrorKind::PermissionDenied => " (choose a folder you can write to)",
        io::ErrorKind::IsADirectory => " (that is a folder: give a file name)",
        _ => "",
    };
    format!("cannot write {}: {e}{hint}", path.display())
}

fn emit<T: serde::Serialize>(args: &CommonArgs, records: &[T]) -> Result<i32, String> {
    let mut out = output(args.output.as_ref())?;
    report::write(args.format, records, &mut out).map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}

fn activities(args: &CommonArgs) -> Result<i32, String> {
    let Loaded { rows, .. } = load(&args.read, &args.paths)?;
    let records: Vec<ActivityRecord> = rows.iter().map(ActivityRecord::from_row).collect();
    emit(args, &records)
}

fn weekly_report(args: &WeeklyArgs) -> Result<i32, String> {
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
            target_pct: weekly::DEFAULT_MIN_EASY_PCT,
            units,
            week_start,
        };
        let page = report::html::page(&rows, &weeks, &info);
        std::fs::write(path, page).map_err(|e| cannot_write(path, &e))?;
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

fn baseline_report(args: &CommonArgs) -> Result<i32, String> {
    let Loaded {
        rows, week_start, ..
    } = load(&args.read, &args.paths)?;
    let mut records: Vec<BaselineRecord> = Vec::new();
    for week in weekly::weeks_starting(&rows, week_start) {
        // The baseline valid at the week's first judged run.
        let first = rows.iter().find(|r| {
            r.judgement.is_some()
                && r.local_start()
                    .is_some_and(|d| d.get(..10).is_some_and(|d| d >= week.week_start.as_str()))
        });
        if let Some((row, j)) = first.and_then(|r| r.judgement.as_ref().map(|j| (r, j))) {
            let date = row.local_start().unwrap_or_default();
            records.push(BaselineRecord::new(
                &week.week,
                date.get(..10).unwrap_or(""),
                j,
            ));
        }
    }
    emit(args, &records)
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

fn check(args: &CheckArgs) -> Result<i32, String> {
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

fn summary(args: &SummaryArgs) -> Result<i32, String> {
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
    let text = crate::terminal::summary(&rows, &weeks, args.weeks, color, units);
    out.write_all(text.as_bytes())
        .map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
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

fn chart(args: &ChartArgs) -> Result<i32, String> {
    check_target(args.min_easy)?;
    let format = chart_format(args)?;
    let Loaded {
        rows,
        units,
        week_start,
    } = load(&args.read, &args.paths)?;
    let weeks = weekly::weeks_starting(&rows, week_start);
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
    Ok(EXIT_OK)
}

fn check_target(min_easy: f64) -> Result<(), String> {
    if (0.0..=100.0).contains(&min_easy) {
        Ok(())
    } else {
        Err(format!(
            "--min-easy {min_easy} must be a percentage between 0 and 100"
        ))
    }
}

fn explain(args: &ExplainArgs) -> Result<i32, String> {
    let target = crate::explain::Target::parse(&args.file)?;
    // The export first, so its grayzone.toml is the profile; the file itself only if the export
    // does not already hold it (it would be read twice and be its own duplicate).
    let mut inputs = args.context.clone();
    if !target.covered_by(&inputs) {
        inputs.push(target.disk.clone());
    }
    let Loaded { rows, units, .. } = load(&args.read, &inputs)?;
    let found = target.rows(&rows);
    let file = args.file.display();
    if found.is_empty() {
        return Err(format!(
            "{file}: no activity of that name was read (check the path, or the member name inside the archive)"
        ));
    }
    let runs: Vec<usize> = found
        .iter()
        .copied()
        .filter(|&i| rows[i].judgement.is_some())
        .collect();
    if target.member.is_none()
        && runs.len() > 1
        && found.iter().any(|&i| rows[i].path.contains('!'))
    {
        return Err(format!(
            "{file} is an archive with {} runs: name one as {file}!inner/path.fit (see `grayzone activities {file}` for the names)",
            runs.len()
        ));
    }
    let color = args.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let options = crate::explain::ExplainOptions { color, units };
    let text: Vec<String> = found
        .iter()
        .map(|&i| crate::explain::explain(&rows, i, &options))
        .collect();
    let mut out = output(args.output.as_ref())?;
    out.write_all(text.join("\n").as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    if runs.is_empty() {
        // Not a run (or unreadable): said on stdout; the status says nothing was explained.
        return Err(format!("{file}: not a run grayzone can judge (see above)"));
    }
    Ok(EXIT_OK)
}

fn init(args: &InitArgs) -> Result<i32, String> {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such folder (create it first, or give the folder of your export)",
            dir.display()
        ));
    }
    let path = dir.join("grayzone.toml");
    if path.exists() && !args.force {
        return Err(format!(
            "{}: already exists (edit it, or pass --force to replace it with a fresh template)",
            path.display()
        ));
    }
    std::fs::write(&path, crate::profile::TEMPLATE).map_err(|e| cannot_write(&path, &e))?;
    eprintln!(
        "grayzone: wrote {}: uncomment the lines you know (max_hr, easy_pace, …); `grayzone baseline {}` shows what grayzone derives",
        path.display(),
        dir.display()
    );
    Ok(EXIT_OK)
}

fn completions(shell: clap_complete::Shell) -> Result<i32, String> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "grayzone", &mut out);
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}

fn man(args: &ManArgs) -> Result<i32, String> {
    let mut command = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = &args.dir {
        clap_mangen::generate_to(command, dir).map_err(|e| cannot_write(dir, &e))?;
        eprintln!(
            "grayzone: wrote the man pages into {} (add its parent to MANPATH if `man grayzone` does not find them)",
            dir.display()
        );
        return Ok(EXIT_OK);
    }
    let page = match &args.command {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            format!(
                "no subcommand '{name}': try one of {}",
                command
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
    };
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .and_then(|_| out.flush())
        .map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}
