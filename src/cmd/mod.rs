//! The command line: one file per subcommand, each opening with its usage (as xsv does), the options
//! they share in [`options`]. The work itself is in the library's stages; a subcommand wires options
//! to them and decides the exit status.

/// `eprintln!` that cannot panic: a message stderr will not take (`2>/dev/full`, a closed pipe)
/// is lost, where `eprintln!` would crash the run over it. Defined before the subcommands'
/// modules, so that all of them have it.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod activities;
pub mod baseline;
pub mod chart;
pub mod check;
pub mod choices;
pub mod completions;
pub mod explain;
pub mod init;
#[cfg(unix)]
pub mod interrupt;
pub mod man;
pub mod options;
pub mod rules;
pub mod summary;
pub mod team;
pub mod weekly;

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use options::CommonArgs;

/// Exit status: the run worked (even if some files were error rows).
pub const EXIT_OK: i32 = 0;
/// Exit status of `check` when a week misses the target.
pub const EXIT_MISSED: i32 = 1;
/// Exit status of anything that stopped a run or left it short: a usage error, an input path
/// named that cannot be read, a profile that does not parse, an output that cannot be written
/// (README, "Exit status"). One status for them all, as ripgrep's 2: the message says which.
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "grayzone",
    version,
    about = "Is your training really 80/20? Judges every run of a GPS-watch export against your own baseline.",
    after_help = "Examples:\n  grayzone weekly ~/Downloads/garmin-export.zip\n  grayzone activities export/ other.fit.gz -o runs.csv\n  grayzone check export/ --min-easy 80 --last 4\n  grayzone team coaching/ --table summary\n  grayzone chart export/ -o weeks.svg\n  grayzone weekly export/ --html report.html\n  grayzone explain export/run.fit export/\n  grayzone init export/\n\nWith no subcommand, in a terminal: a short summary of the last weeks of the current folder."
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
    Weekly(weekly::WeeklyArgs),
    /// What grayzone believes about you, week by week: max HR, easy pace, threshold, and where each came from.
    #[command(after_help = "Example:\n  grayzone baseline export/ --max-hr 188")]
    Baseline(CommonArgs),
    /// Exit 1 when a selected week misses the 80/20 target (for CI); lists the weeks that miss.
    #[command(
        after_help = "Example:\n  grayzone check export/ --min-easy 80 --last 4",
        mut_arg("format", |a| a
            .help("json: the verdict and every week checked, as one JSON object, for a program (default: text)")
            .hide_possible_values(true))
    )]
    Check(check::CheckArgs),
    /// A coach's team: each sub-folder or .zip of DIR is one athlete, judged alone (their own
    /// baseline and grayzone.toml); one table of them all with an `athlete` column (weekly by
    /// default), a summary line per athlete, --check per athlete, and --html pages.
    #[command(
        after_help = "Examples:\n  grayzone team coaching/\n  grayzone team coaching/ --table summary\n  grayzone team coaching/ --table activities -o runs.csv\n  grayzone team coaching/ --check --last 4\n  grayzone team coaching/ --html team-report/"
    )]
    Team(team::TeamArgs),
    /// A short human summary of the last weeks (8 calendar weeks, up to the export's last run,
    /// none before its first, unless --last, --since, --until or --all say otherwise).
    #[command(
        after_help = "Example:\n  grayzone summary export/ --last 12",
        mut_arg("format", |a| a.hide(true))
    )]
    Summary(summary::SummaryArgs),
    /// A chart of the weeks as an SVG or PNG picture: one bar per week (per month past 40 weeks),
    /// low / moderate / high stacked against the 80 % line, gray-zone runs marked.
    #[command(
        after_help = "Examples:\n  grayzone chart export/ -o weeks.svg\n  grayzone chart export/ -o weeks.png\n  grayzone chart export/ --method sessions -o sessions.svg"
    )]
    Chart(chart::ChartArgs),
    /// Why one run got its verdict: your baseline on its date, its zones minute by minute, the rule
    /// behind its class, every flag with the rule it broke, and the data-quality notes.
    #[command(
        after_help = "Give the rest of your export after the file, so the run is judged against your own baseline.\n\nExamples:\n  grayzone explain export/2024-04-06-08-16-08.fit export/\n  grayzone explain 'garmin.zip!DI_CONNECT/.../run.fit' garmin.zip\n  grayzone explain 'recovery jog' export/\n  grayzone explain 2024-04-06T07:30 export/"
    )]
    Explain(explain::ExplainArgs),
    /// Write a commented grayzone.toml (every key, all commented out) into DIR, default the current
    /// folder: put it beside your export and uncomment what you know about yourself.
    #[command(after_help = "Examples:\n  grayzone init export/\n  grayzone init --force")]
    Init(init::InitArgs),
    /// Every figure the judgement rests on, with its default and why, as a Markdown table.
    #[command(after_help = "Example:\n  grayzone rules")]
    Rules,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to standard output.
    #[command(
        after_help = "Examples:\n  grayzone completions bash >> ~/.bash_completion\n  grayzone completions zsh > ~/.zfunc/_grayzone\n  grayzone completions fish > ~/.config/fish/completions/grayzone.fish\n\nA folder written into must exist first (mkdir -p ~/.zfunc ~/.config/fish/completions); zsh also needs fpath=(~/.zfunc $fpath) before compinit. The README's table gives each shell's set-up."
    )]
    Completions(completions::CompletionsArgs),
    /// Print grayzone's man page (roff) to standard output, or a subcommand's, or write them all
    /// into a folder.
    #[command(
        after_help = "Examples:\n  grayzone man | man -l -\n  grayzone man chart | man -l -\n  grayzone man --dir ~/.local/share/man/man1"
    )]
    Man(man::ManArgs),
}

/// Runs the CLI and returns the process exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let line = one_line(&e.render().to_string());
            say!("grayzone: {}", crate::report::printable(&line));
            return EXIT_USAGE;
        }
        Err(e) => {
            // `--help > /dev/full` must not pass for printed.
            // (A closed pipe, `--help | head`, ends it quietly, as every output does.)
            return match (e.print(), e.use_stderr()) {
                (Err(failed), false) if failed.kind() != io::ErrorKind::BrokenPipe => {
                    say!("grayzone: writing output: {failed}");
                    EXIT_USAGE
                }
                (_, true) => EXIT_USAGE,
                (_, false) => EXIT_OK,
            };
        }
    };
    let mut command = match cli.command {
        Some(command) => command,
        None if io::stdout().is_terminal() => Command::Summary(summary::SummaryArgs {
            common: options::default_common(vec![PathBuf::from(".")]),
            weeks: None,
            min_easy: crate::judge::rules::DEFAULT_MIN_EASY_PCT,
        }),
        None => {
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            return EXIT_USAGE;
        }
    };
    let result = dash_is_standard_output(&mut command).and_then(|()| run_command(command));
    match result {
        Ok(code) => code,
        Err(message) => {
            // Messages quote paths the runner gave, and names found in files and archives.
            say!("grayzone: {}", crate::report::printable(&message));
            EXIT_USAGE
        }
    }
}

/// A command-line mistake in one line, as grayzone's own errors are (newcomer 37 N11: five
/// lines of the parser's, one of them advising `-- --min-easy` for an option another command
/// takes, and Rust's "invalid digit found in string" for `--last four`): the fault, the parser's
/// suggestion when it is one, and where the options are listed.
fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let fault = lines
        .next()
        .unwrap_or("the command line could not be read")
        .trim_start_matches("error: ")
        .replace("invalid digit found in string", "not a whole number")
        .replace("invalid float literal", "not a number");
    let mut out = fault;
    let mut usage = None;
    let mut named = Vec::new();
    for line in lines {
        if let Some(values) = line
            .strip_prefix("[possible values: ")
            .and_then(|v| v.strip_suffix(']'))
        {
            // What a bad or missing value may be: the line that says what to type (newcomer 38
            // N1: `--week-start tue` was refused without naming one).
            out.push_str(&format!(" (possible values: {values})"));
        } else if out.ends_with(':')
            && !line.starts_with("Usage: ")
            && !line.starts_with("For more")
        {
            // "the following required arguments were not provided:" and the arguments it means.
            named.push(line.to_string());
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            // "to pass '--x' as a value, use '-- --x'": an option of another command, not a value.
            if !tip.starts_with("to pass ") {
                out.push_str(&format!(" ({tip})"));
            }
        } else if let Some(rest) = line.strip_prefix("Usage: ") {
            let command: Vec<&str> = rest
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            usage = Some(command.join(" "));
        }
    }
    if !named.is_empty() {
        out = format!("{} {}", out, named.join(", "));
    }
    match usage {
        Some(command) if !command.is_empty() => format!("{out}; `{command} --help` lists them"),
        _ => out,
    }
}

fn run_command(command: Command) -> Result<i32, String> {
    match command {
        Command::Activities(args) => activities::run(&args),
        Command::Weekly(args) => weekly::run(&args),
        Command::Baseline(args) => baseline::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Team(args) => team::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Rules => rules::run(),
        Command::Completions(args) => completions::run(args.shell),
        Command::Man(args) => man::run(&args),
    }
}

/// `-o -` is standard output, as for every Unix tool (it wrote a file named `-`).
fn dash_is_standard_output(command: &mut Command) -> Result<(), String> {
    let dash = |path: &Option<PathBuf>| path.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if let Command::Weekly(args) = command {
        if dash(&args.html) && dash(&args.common.output) {
            return Err("--html - and -o -: the page and the table cannot both be standard output; write one to a file (-o weeks.csv)".into());
        }
    }
    let output = match command {
        Command::Activities(args) | Command::Baseline(args) => &mut args.output,
        Command::Weekly(args) => &mut args.common.output,
        Command::Check(args) => &mut args.common.output,
        Command::Team(args) => &mut args.common.output,
        Command::Summary(args) => &mut args.common.output,
        Command::Chart(args) => &mut args.output,
        Command::Explain(args) => &mut args.output,
        Command::Init(_) | Command::Rules | Command::Completions(_) | Command::Man(_) => {
            return Ok(())
        }
    };
    if dash(output) {
        *output = None;
    }
    Ok(())
}
