//! What every command that reads an export shares: the paths and output options, how to read the
//! export and what the runner says of themselves ([`ReadArgs`]), and [`load`], which reads and
//! judges everything once for the subcommand to report on.

use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::activity::calendar::{parse_tz, WeekStart};
use crate::activity::units::{counted, Units};
use crate::cmd::EXIT_OK;
use crate::ingest::archive::{Limits, DEFAULT_MAX_ARCHIVE_GB};
use crate::ingest::budget::DEFAULT_MEMORY_MB;
use crate::judge::profile::{self, GivenFigures, Profile};
use crate::judge::{self, ActivityRow, SeriesAfter};
use crate::report::window::{self, WindowRequest};
use crate::report::{self, printable, Format};
use crate::summarize::row::Status;
use crate::summarize::ReadOptions;

/// Options every tabular command shares.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Files and folders to read: .fit .gpx .tcx (each also .gz) and .zip exports, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: an aligned table in a terminal; CSV when piped or written with -o).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// What the tabular commands write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for people (the default in a terminal).
    Table,
    /// Comma-separated values, one header row (the default when piped or written to a file).
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

impl OutputFormat {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Csv => "csv",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
        }
    }

    /// The data format, or `None` for the table.
    pub fn data(self) -> Option<Format> {
        match self {
            OutputFormat::Table => None,
            OutputFormat::Csv => Some(Format::Csv),
            OutputFormat::Json => Some(Format::Json),
            OutputFormat::Jsonl => Some(Format::Jsonl),
        }
    }
}

impl CommonArgs {
    /// `--format`, else a table when the output is a terminal, else the format an `-o` file's
    /// name ends in (`.json`, `.jsonl`), else CSV: scripts that pipe or write a `.csv` get
    /// exactly the CSV they always got (newcomer 37 N5: `-o weeks.json`, a name grayzone itself
    /// suggests, was written as CSV).
    pub fn output_format(&self) -> OutputFormat {
        match self.named_format() {
            Some(format) => format,
            None if self.output.is_none() && io::stdout().is_terminal() => OutputFormat::Table,
            None => OutputFormat::Csv,
        }
    }

    /// How the format was asked for, for a message refusing it: `--format csv`, or `-o x.jsonl`.
    pub fn format_asked(&self, format: OutputFormat) -> String {
        match (&self.format, &self.output) {
            (None, Some(path)) => format!(
                "-o {}",
                crate::report::printable(&path.display().to_string())
            ),
            _ => format!("--format {}", format.name()),
        }
    }

    /// The format asked for: by `--format`, else by the name of the `-o` file (`.json`,
    /// `.jsonl`). `check`, `team --check` and `summary` read it too, so `check -o verdict.json`
    /// writes JSON as `weekly -o weeks.json` does (review 38 §1.5: it wrote text).
    pub fn named_format(&self) -> Option<OutputFormat> {
        let named = self
            .output
            .as_ref()
            .and_then(|path| path.extension())
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase);
        match (self.format, named.as_deref()) {
            (Some(format), _) => Some(format),
            (None, Some("json")) => Some(OutputFormat::Json),
            (None, Some("jsonl" | "ndjson")) => Some(OutputFormat::Jsonl),
            (None, _) => None,
        }
    }
}

/// Which dates to show. Every run is still judged against all the history before it.
#[derive(Args, Debug, Clone, Default)]
pub struct WindowArgs {
    /// Only from this local date on (YYYY-MM-DD); weekly output shows the whole week holding it.
    /// Earlier runs still make your baseline.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only up to this local date (YYYY-MM-DD), the same way.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only the last N calendar weeks, up to the week of the export's last run (or of --until).
    #[arg(long, value_name = "N", conflicts_with = "since")]
    pub last: Option<usize>,
    /// Every week (chart, the HTML report and summary show the recent weeks by default).
    #[arg(long, conflicts_with_all = ["since", "until", "last"])]
    pub all: bool,
}

impl WindowArgs {
    /// The window asked for, checked before anything is read.
    pub fn request(&self) -> Result<WindowRequest, String> {
        let request = WindowRequest {
            since: self
                .since
                .as_deref()
                .map(|d| window::parse_date(window::Spelling::Flag, "since", d))
                .transpose()?,
            until: self
                .until
                .as_deref()
                .map(|d| window::parse_date(window::Spelling::Flag, "until", d))
                .transpose()?,
            last_weeks: self.last,
            all: self.all,
        };
        request.check(window::Spelling::Flag)?;
        Ok(request)
    }
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
    /// Worker threads, 1 to 1024 (default: one per core; at most four per core are started).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_THREADS))]
    pub threads: Option<u64>,
    /// Largest single activity file read, after decompression, in MB (1 to 1048576).
    #[arg(long, value_name = "MB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=MAX_MB))]
    pub max_file_mb: u64,
    /// Most a zip export may decompress to, its nested zips included, in GB (1 to 1048576).
    #[arg(long, value_name = "GB", default_value_t = DEFAULT_MAX_ARCHIVE_GB, value_parser = clap::value_parser!(u64).range(1..=MAX_MB))]
    pub max_archive_gb: u64,
    /// Memory the reading may hold at once, all threads together, in MB (16 to 1048576): files
    /// being read, their decoded samples, the rows. A file that does not fit is an error row.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MEMORY_MB, value_parser = clap::value_parser!(u64).range(16..=MAX_MB))]
    pub memory_mb: u64,
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
    /// Keep each run's 10-second series after judging (`explain` shows it; no other command
    /// reads it, and dropping it leaves its memory to the verdicts). Not an option.
    #[arg(skip)]
    pub keep_series: bool,
    /// Count the unreadable files on stderr in one line rather than one line each (`explain`,
    /// asked about one run, is not the place to list an export's broken files). Not an option.
    #[arg(skip)]
    pub errors_counted: bool,
}

/// The most `-j` takes: more threads than this only cost memory (each has its stack).
const MAX_THREADS: u64 = 1024;
/// The most a size option takes, in its unit: 1 TB as MB (or 1 PB as GB). Checked so that a
/// figure too large to hold in bytes is a usage error, not a limit that wraps to 0.
const MAX_MB: u64 = 1 << 20;
const MB: u64 = 1024 * 1024;

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            tz: None,
            quiet: false,
            threads: None,
            max_file_mb: 512,
            max_archive_gb: DEFAULT_MAX_ARCHIVE_GB,
            memory_mb: DEFAULT_MEMORY_MB,
            units: None,
            week_start: None,
            runner: RunnerArgs::default(),
            keep_series: false,
            errors_counted: false,
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
        format: None,
        window: WindowArgs::default(),
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
    /// A path named on the command line could not be read (its row says why): the command still
    /// writes everything, and exits 2 ([`exit_status`]).
    pub named_unreadable: bool,
}

/// The exit status of a command that wrote everything: its own, or 2 when a path the runner
/// named could not be read, as ripgrep's is — a CI `check` over a mistyped folder must not pass.
pub fn exit_status(code: i32, named_unreadable: bool) -> i32 {
    if named_unreadable {
        crate::cmd::EXIT_USAGE
    } else {
        code
    }
}

/// Reads and judges everything under the paths.
pub fn load(args: &ReadArgs, paths: &[PathBuf]) -> Result<Loaded, String> {
    init_threads(args);
    let r = &args.runner;
    let flags = GivenFigures {
        max_hr: r.max_hr,
        resting_hr: r.resting_hr,
        lthr: r.lthr,
        easy_pace: r.easy_pace.clone(),
        threshold_pace: r.threshold_pace.clone(),
        units: args.units,
        spelling: crate::activity::label::Spelling::Flag,
    };
    let profile = profile::load(&flags, r.profile.as_deref(), paths)?;
    read_judged(args, paths, &Default::default(), &profile)
}

/// `-j N`: the worker threads of every parallel stage, set once before any is used.
pub fn init_threads(args: &ReadArgs) {
    if let Some(n) = args.threads {
        // Ignored if the pool already exists (only in tests that call twice).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads_started(n, cores()))
            .build_global();
    }
}

/// The machine's cores, as the default pool counts them.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Threads started for `-j n` on `cores` cores: at most [`THREADS_PER_CORE`] a core. The work is
/// the cores' (a file read from the page cache, then decoded), so more threads only wait, and a
/// thousand of them spinning as they wait made a 40 MB export 20 times slower. The output is the
/// same at any count.
fn threads_started(n: u64, cores: usize) -> usize {
    let most = cores.saturating_mul(THREADS_PER_CORE).max(1);
    (n.clamp(1, MAX_THREADS) as usize).min(most)
}

const THREADS_PER_CORE: usize = 4;

/// Reads and judges everything under the paths with this profile (`load` once the profile is
/// known; `team` calls it once per athlete, with the athlete's own), and says on stderr what the
/// runner should know beside the rows: unreadable files, export indexes and overrides.
/// `keep_out`: folders no link may lead into (`team`: the athletes').
pub fn read_judged(
    args: &ReadArgs,
    paths: &[PathBuf],
    keep_out: &crate::ingest::discover::KeepOut,
    profile: &Profile,
) -> Result<Loaded, String> {
    let tz = args
        .tz
        .as_deref()
        .map(|flag| parse_tz(flag).map_err(|e| format!("--tz: {e}")))
        .transpose()?;
    let options = ReadOptions {
        tz,
        limits: Limits {
            max_file_bytes: args.max_file_mb.saturating_mul(MB),
            max_archive_bytes: args.max_archive_gb.saturating_mul(1024 * MB),
            memory_bytes: args.memory_mb.saturating_mul(MB),
            ..Limits::default()
        },
        progress: (!args.quiet && io::stderr().is_terminal())
            .then(|| std::sync::Arc::new(ProgressBar::default()) as _),
        keep_out: keep_out.clone(),
    };
    let series = if args.keep_series {
        SeriesAfter::Kept
    } else {
        SeriesAfter::Dropped
    };
    let judged = judge::read_and_judge(paths, &options, profile, series).map_err(|e| {
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
    // sees them without opening the CSV. An export index that cannot be read is no row (it is no
    // activity): said here alone. File and entry names are the file's, not ours: a name with ESC
    // or a newline in it must not drive the terminal or split the line.
    if !args.quiet {
        for problem in &judged.index_problems {
            say!("grayzone: {}", printable(problem));
        }
        let unreadable = judged.rows.iter().filter(|r| r.status == Status::Error);
        if args.errors_counted {
            // One is the run asked about, or one beside it: `explain` says its own.
            let n = unreadable.count();
            if n > 1 {
                say!(
                    "grayzone: {} (`grayzone activities` lists them with their faults)",
                    counted(n, "file could not be read", "files could not be read")
                );
            }
        } else {
            for row in unreadable {
                say!(
                    "grayzone: {}: {}",
                    printable(&row.path),
                    printable(&row.error)
                );
            }
        }
        for problem in &judged.override_problems {
            say!("grayzone: {}", printable(problem));
        }
    }
    Ok(Loaded {
        rows: judged.rows,
        units: args.units.or(profile.units).unwrap_or_default(),
        week_start: args.week_start.or(profile.week_start).unwrap_or_default(),
        // A path the runner named that could not be read is a row like any other, and the
        // batch goes on; the exit status says it.
        named_unreadable: judged.unreadable_path,
    })
}

/// The bar on stderr while an export of 50 files or more is read: made at the first file read,
/// once the count is known.
#[derive(Debug, Default)]
struct ProgressBar(std::sync::OnceLock<Option<indicatif::ProgressBar>>);

impl crate::ingest::Progress for ProgressBar {
    fn read(&self, done: usize, of: usize) {
        let bar = self.0.get_or_init(|| {
            (of >= 50).then(|| {
                let bar = indicatif::ProgressBar::new(of as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{spinner} reading {pos}/{len} files {wide_bar} {eta}",
                ) {
                    bar.set_style(style);
                }
                bar
            })
        });
        if let Some(bar) = bar {
            bar.set_position(done as u64);
        }
    }

    fn finished(&self) {
        if let Some(Some(bar)) = self.0.get() {
            bar.finish_and_clear();
        }
    }
}

/// Where a command's output goes: standard output, or `-o FILE`. A file is written beside FILE
/// and renamed over it by `flush()`, every command's last step: an error on the way (a full
/// disk) leaves FILE as it was, never cut mid-row. On standard output, a reader that goes away
/// (`| head -1`) ends the program quietly with status 0, as ripgrep does: it had what it wanted.
pub fn output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(AtomicFile::create(path)?)),
        None => Box::new(BufWriter::new(QuietPipe(io::stdout().lock()))),
    })
}

/// Writes a whole file at once, atomically as [`output`] does (the HTML report, grayzone.toml).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    // `--html -`: standard output, as `-o -` is.
    if path.as_os_str() == "-" {
        let mut out = QuietPipe(io::stdout().lock());
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| format!("writing output: {e}"));
    }
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .and_then(|_| file.flush())
        .map_err(|e| format!("writing output: {e}"))
}

/// [`write_file`] for a file grayzone names itself in a folder it was given (a team's pages, the
/// man pages, `init`'s grayzone.toml): a pipe or a device standing there is no output anyone
/// chose, and writing to it would wait for a reader forever (hostile round 36 M2). A FIFO named
/// with `-o` is the runner's own and is written.
pub fn write_named_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    refuse_special(path)?;
    write_file(path, bytes)
}

/// Refuses a pipe or a device where grayzone writes a file it names itself (see
/// [`write_named_file`]).
pub fn refuse_special(path: &Path) -> Result<(), String> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(format!(
            "{}: a pipe or a device stands where grayzone writes this file: not written (remove it, or give another folder)",
            printable(&path.display().to_string())
        )),
        _ => Ok(()),
    }
}

/// Standard output, where a closed pipe ends the program with status 0 and nothing on stderr.
struct QuietPipe<W: Write>(W);

impl<W: Write> QuietPipe<W> {
    fn check<T>(result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if e.kind() == io::ErrorKind::BrokenPipe {
                std::process::exit(crate::cmd::EXIT_OK);
            }
        }
        result
    }
}

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Self::check(self.0.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        Self::check(self.0.flush())
    }
}

/// The most of an output's name its temporary keeps, in bytes.
const TEMP_NAME_KEEP: usize = 200;

/// The longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// A file written under a temporary name in its folder, and renamed over its target by
/// `flush()`. Dropped before that, the temporary file goes and the target is untouched. A target
/// that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written directly:
/// renaming over it would replace the device.
struct AtomicFile {
    target: PathBuf,
    file: Option<Pending>,
}

enum Pending {
    Temporary(tempfile::NamedTempFile, Interrupted),
    Direct(fs::File),
}

/// What removes the temporary file if the program is interrupted while writing it.
#[cfg(unix)]
type Interrupted = crate::cmd::interrupt::Pending;
#[cfg(not(unix))]
type Interrupted = ();

impl AtomicFile {
    fn create(path: &Path) -> Result<AtomicFile, String> {
        let fail = |e: io::Error| cannot_write(path, &e);
        let existing = fs::metadata(path).ok();
        if existing.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(fail(io::Error::from(io::ErrorKind::IsADirectory)));
        }
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            let file = fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map_err(fail)?;
            return Ok(AtomicFile {
                target: path.to_path_buf(),
                file: Some(Pending::Direct(file)),
            });
        }
        // A link is followed: the file it points to is replaced, the link stays. A link to a
        // file not there yet (a dotfiles repository's `grayzone.toml`) makes it, as `>` does.
        let target = match link_target(path).map_err(fail)? {
            Some(target) => {
                refuse_link_target(path, &target)?;
                target
            }
            None => path.to_path_buf(),
        };
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The temporary's name must fit where the target's does (255 bytes in most file systems),
        // with its dot, random part and `.tmp`: a long name is cut.
        let mut cut = name.len().min(TEMP_NAME_KEEP);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let prefix = format!(".{}.", &name[..cut]);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // The handler knows the temporary's name before the file exists, not after: a signal in
        // between left it behind (hostile round 35 M3). Removing a name not made yet is harmless.
        let mut interrupted: Option<Interrupted> = None;
        let make = |path: &Path| {
            #[cfg(unix)]
            {
                interrupted = Some(crate::cmd::interrupt::Pending::new(path));
            }
            #[cfg(not(unix))]
            {
                interrupted = Some(());
            }
            let mut open = fs::OpenOptions::new();
            open.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
                // What File::create gives (0666 less the umask), or the mode of the file replaced.
                open.mode(
                    existing
                        .as_ref()
                        .map_or(0o666, |m| m.permissions().mode() & 0o7777),
                );
            }
            open.open(path)
        };
        // The temporary's error names the temporary: the runner named the target.
        let file = builder.make_in(&folder, make).map_err(|e| {
            let e = io::Error::from(e.kind());
            if folder.is_dir() && e.kind() != io::ErrorKind::PermissionDenied {
                format!(
                    "cannot write {}: no new file can be made in {} ({e}): write somewhere else",
                    path.display(),
                    folder.display()
                )
            } else {
                fail(e)
            }
        })?;
        let Some(interrupted) = interrupted else {
            return Err(fail(io::Error::other("no temporary file was made")));
        };
        Ok(AtomicFile {
            target,
            file: Some(Pending::Temporary(file, interrupted)),
        })
    }
}

impl AtomicFile {
    /// An error of the writing, naming the file the runner asked for (not its temporary): "File
    /// too large" alone said nothing of which output failed.
    fn named(&self, e: io::Error) -> io::Error {
        io::Error::new(
            e.kind(),
            format!("{}: {e}", printable(&self.target.display().to_string())),
        )
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(Pending::Temporary(file, _)) => file.as_file_mut().write(buf),
            Some(Pending::Direct(file)) => file.write(buf),
            None => Err(io::Error::other("the output file is already complete")),
        }
        .map_err(|e| self.named(e))
    }

    /// Completes the file: its bytes to disk, then the rename over the target.
    fn flush(&mut self) -> io::Result<()> {
        match self.file.take() {
            Some(Pending::Temporary(file, _interrupted)) => file
                .as_file()
                .sync_all()
                .and_then(|()| file.persist(&self.target).map(drop).map_err(|e| e.error)),
            Some(Pending::Direct(mut file)) => file.flush(),
            None => Ok(()),
        }
        .map_err(|e| self.named(e))
    }
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

/// Writes the records in the format asked (see [`CommonArgs::output_format`]); `table` lays them
/// out for a terminal of the given width.
pub fn emit<T: serde::Serialize + Default>(
    args: &CommonArgs,
    records: &[T],
    table: impl FnOnce(&[T], Option<usize>) -> String,
) -> Result<i32, String> {
    let mut out = output(args.output.as_ref())?;
    let written = match args.output_format().data() {
        Some(format) => report::write(format, records, &mut out),
        None => {
            let width = if args.output.is_none() {
                terminal_width()
            } else {
                None
            };
            out.write_all(table(records, width).as_bytes())
        }
    };
    written.map_err(|e| format!("writing output: {e}"))?;
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(EXIT_OK)
}

/// The terminal's width in columns, when standard output is one.
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Fails now, before the export is read, when `path` cannot be written: a typo in a folder name
/// should not cost the reading of a whole export. Nothing is left behind: an existing file is
/// opened without being changed, and a new one is tried with a probe file that is removed.
pub fn check_writable(path: &Path) -> Result<(), String> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    refuse_name(path, &printable(&path.display().to_string()))?;
    // A link is written through (see [`AtomicFile`]): what it points to is what would be
    // replaced. `runs.csv` linked to a run in the export had the CSV written over the run.
    if let Some(target) = link_target(path).map_err(|e| cannot_write(path, &e))? {
        refuse_link_target(path, &target)?;
    }
    // The probe below has a short name of its own: a name too long is found here, not after the
    // export is read.
    if path.file_name().is_some_and(|n| n.len() > NAME_MAX) {
        return Err(cannot_write(
            path,
            &io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("its name is over {NAME_MAX} bytes, more than a file system takes"),
            ),
        ));
    }
    if path.is_dir() {
        return Err(cannot_write(
            path,
            &io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    if path.exists() {
        // A pipe or a device (-o /dev/stdout) is left to the writing itself.
        if path.is_file() {
            OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(|e| cannot_write(path, &e))?;
        }
        return Ok(());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(cannot_write(
            path,
            &io::Error::new(io::ErrorKind::NotFound, "no such folder"),
        ));
    }
    let probe = folder.join(format!(".grayzone-write-check-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(cannot_write(path, &e)),
    }
}

/// The file a link leads to, through a chain of links, whether or not it exists yet (a link to a
/// file not made yet is made, as `>` does); `None` when `path` is no link. A loop of links is an
/// error: written through, its first link had been replaced by the output.
fn link_target(path: &Path) -> io::Result<Option<PathBuf>> {
    const MOST_LINKS: usize = 40;
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(None);
    }
    if let Ok(target) = fs::canonicalize(path) {
        return Ok(Some(target));
    }
    let mut at = path.to_path_buf();
    for _ in 0..MOST_LINKS {
        if !fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(Some(at));
        }
        let to = fs::read_link(&at)?;
        at = match at.parent() {
            Some(folder) if to.is_relative() => folder.join(to),
            _ => to,
        };
    }
    Err(io::Error::other(format!(
        "a loop of links, or a chain of more than {MOST_LINKS}"
    )))
}

/// Refuses a link whose target grayzone reads, whatever writes through it: `init`'s
/// grayzone.toml and `team --html`'s pages as much as `-o` (hostile round 33 H2: `init --force`
/// wrote the profile's template over the run `grayzone.toml` linked to). A link from one settings
/// file to another (a dotfiles repository's `grayzone.toml`) is written through — but not onto
/// the coach's overrides file, which `init --force` replaced with the profile's template
/// (hostile round 34 M2).
fn refuse_link_target(path: &Path, target: &Path) -> Result<(), String> {
    let toml = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    };
    let overrides = target
        .file_name()
        .is_some_and(|n| n == crate::judge::overrides::FILE_NAME);
    if overrides && path.file_name() != target.file_name() {
        return Err(format!(
            "{} is a link to {}, the overrides file: not written over",
            printable(&path.display().to_string()),
            printable(&target.display().to_string())
        ));
    }
    if toml(path) && toml(target) {
        return Ok(());
    }
    refuse_name(
        target,
        &format!(
            "{} (a link to {})",
            printable(&path.display().to_string()),
            printable(&target.display().to_string())
        ),
    )
}

/// Refuses an output whose name is one grayzone reads: `shown` is how the message names it.
fn refuse_name(path: &Path, shown: &str) -> Result<(), String> {
    // An output named like an activity file would replace one (`-o export/run.tcx` wrote the CSV
    // over the runner's run), or be read as a broken one by the next run.
    use crate::ingest::discover::{kind_of, Kind};
    // (An export's index, Strava's activities.csv, is a name a table may well be given.)
    if matches!(
        kind_of(&path.to_string_lossy()),
        Some(Kind::Activity { .. } | Kind::Zip | Kind::GzippedZip)
    ) {
        return Err(format!(
            "{shown}: named like an activity file (.fit, .gpx, .tcx, .zip): grayzone never writes one; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)"
        ));
    }
    // Nor a settings file: `-o export/grayzone.toml` wrote the CSV over the runner's profile, and
    // the next reading of the folder stopped at it.
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Err(format!(
            "{shown}: named like a settings file (grayzone.toml, grayzone-overrides.toml): no table or report is written there (`grayzone init` writes the profile); give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)"
        ));
    }
    if is_an_export_index(path) {
        return Err(format!(
            "{shown}: the export's own index (Strava's activities.csv, or Garmin's summarized activities), which holds the names of the runs and which grayzone reads: it never writes over it; name the output another way (weekly.csv, runs.csv)"
        ));
    }
    Ok(())
}

/// Whether `path` is an export's own index as the export wrote it: `-o export/activities.csv`
/// would replace Strava's list of run names with a table. A table of grayzone's own of that
/// name may be written again.
fn is_an_export_index(path: &Path) -> bool {
    use crate::ingest::index::{index_kind, is_export_index};
    use std::io::Read;
    let Some(kind) = index_kind(&path.to_string_lossy()) else {
        return false;
    };
    if !path.is_file() {
        return false;
    }
    // Strava's header is about 2 KB; a file that cannot be read here is left to the write.
    let mut head = Vec::new();
    match fs::File::open(path).and_then(|f| f.take(16 * 1024).read_to_end(&mut head)) {
        Ok(_) => is_export_index(kind, &head),
        Err(_) => false,
    }
}

/// Says on stderr (unless quiet) what grayzone looks for when the paths held no activity file at
/// all: the table commands still write their (empty) output, which alone would say nothing.
pub fn hint_if_empty(rows: &[ActivityRow], args: &ReadArgs, paths: &[PathBuf]) {
    if rows.is_empty() && !args.quiet {
        say!("grayzone: {}", report::terminal::nothing_found(paths));
    }
}

/// Says on stderr (unless quiet) why the weeks are empty when files were read but none was a
/// run judged (a folder of rides or swims): an empty table alone would say nothing.
pub fn hint_if_no_run(rows: &[ActivityRow], args: &ReadArgs) {
    if args.quiet {
        return;
    }
    if let Some(why) = report::terminal::no_run_judged(rows) {
        say!("grayzone: {why}");
    }
}

/// Checks `-o` before reading (see [`check_writable`]).
pub fn check_output(args: &CommonArgs) -> Result<(), String> {
    match &args.output {
        Some(path) => {
            check_writable_for(path, &args.read)?;
            refuse_an_input(path, &args.paths)
        }
        None => Ok(()),
    }
}

/// An output is never a path the reading was given, whatever its name: `-o myrun` over a run
/// saved without its extension, given to be read and refused as not an activity file, replaced it
/// with the table (hostile round 35 M4).
pub fn refuse_an_input(path: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    if path.as_os_str() == "-" || !fs::exists(path).unwrap_or(false) {
        return Ok(());
    }
    match inputs.iter().find(|input| same_file(path, input)) {
        Some(_) => Err(format!(
            "{}: one of the paths given to read: no table or report is written over it; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)",
            printable(&path.display().to_string())
        )),
        None => Ok(()),
    }
}

/// Whether two paths name one file as it is on disk: through links, `..` and linked folders,
/// whether the file exists yet or not (`-o o/b.html --html o/../o/b.html` wrote the table over
/// the page: hostile round 35 H1).
pub fn same_file(a: &Path, b: &Path) -> bool {
    resolved(a) == resolved(b)
}

/// Where a path leads on disk: its deepest existing ancestor's real path, and the rest of it as
/// given (a file about to be written does not exist yet, but its folder does). A link to a file
/// not made yet leads where writing through it makes the file (round 36 H4: `-o b.html` with
/// `b.html -> a.html` wrote the table over `--html a.html`).
pub fn resolved(path: &Path) -> PathBuf {
    let leads_to = link_target(path).ok().flatten();
    let path = leads_to.as_deref().unwrap_or(path);
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for existing in absolute.ancestors() {
        if let Ok(real) = fs::canonicalize(existing) {
            let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
            return real.join(rest);
        }
    }
    absolute
}

/// [`check_writable`], and never the profile the reading uses (`--profile runner.cfg -o
/// runner.cfg` wrote the CSV over it, whatever its name: hostile round 34 H4).
pub fn check_writable_for(path: &Path, read: &ReadArgs) -> Result<(), String> {
    check_writable(path)?;
    if let Some(profile) = &read.runner.profile {
        if fs::exists(path).unwrap_or(false) && same_file(path, profile) {
            return Err(format!(
                "{}: the profile given with --profile: no table or report is written over it; give the output another name (runs.csv, weeks.json, chart.svg, report.html, why.txt)",
                printable(&path.display().to_string())
            ));
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_four_threads_a_core_are_started() {
        assert_eq!(threads_started(1, 2), 1);
        assert_eq!(threads_started(2, 2), 2);
        assert_eq!(threads_started(8, 2), 8);
        assert_eq!(threads_started(1024, 2), 8);
        assert_eq!(threads_started(1024, 64), 256);
        assert_eq!(threads_started(3, 0), 1);
    }
}
