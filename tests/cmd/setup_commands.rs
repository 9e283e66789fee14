//! The commands that set grayzone up rather than read an export: `init`, `completions`, `man`; and
//! the help every subcommand owes a newcomer (an example that works).

use std::path::Path;
use std::process::{Command, Output};

use clap::{CommandFactory, Parser};

fn grayzone_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run grayzone")
}

fn grayzone(args: &[&str]) -> Output {
    grayzone_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

#[test]
fn init_writes_a_profile_that_is_read_and_never_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let out = grayzone(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let path = dir.path().join("grayzone.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, grayzone::judge::profile::TEMPLATE);
    assert!(String::from_utf8_lossy(&out.stderr).contains("grayzone.toml"));

    // Uncomment max_hr: the next run reads the file beside the export (the first path given).
    std::fs::write(&path, text.replace("# max_hr = 188", "max_hr = 181")).unwrap();
    let season = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seasons/fail");
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::copy(
        season.join("2024-04-15-06-57-08.fit"),
        export.join("run.fit"),
    )
    .unwrap();
    std::fs::rename(&path, export.join("grayzone.toml")).unwrap();
    let baseline = stdout(&grayzone(&["baseline", "-q", export.to_str().unwrap()]));
    assert!(baseline.contains(",181.0,given (profile "), "{baseline}");

    // A second init refuses, names the file and the way out; --force replaces.
    let again = grayzone(&["init", export.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("grayzone.toml: already exists") && err.contains("--force"),
        "{err}"
    );
    assert!(std::fs::read_to_string(export.join("grayzone.toml"))
        .unwrap()
        .contains("max_hr = 181"));
    assert_eq!(
        grayzone(&["init", "--force", export.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(export.join("grayzone.toml")).unwrap(),
        grayzone::judge::profile::TEMPLATE
    );

    // Default: the current folder. A missing folder says what to do.
    let cwd = tempfile::tempdir().unwrap();
    assert_eq!(grayzone_in(cwd.path(), &["init"]).status.code(), Some(0));
    assert!(cwd.path().join("grayzone.toml").is_file());
    let missing = grayzone(&["init", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/folder: no such folder"));
}

#[test]
fn bash_completion_completes_subcommands_options_and_values() {
    let script = stdout(&grayzone(&["completions", "bash"]));
    if !on_path("bash") {
        eprintln!("skipped: no bash");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grayzone.bash");
    std::fs::write(&file, script).unwrap();
    // Source it the way bash-completion would, then ask it as bash does on <TAB>.
    let probe = format!(
        r#"source {}
complete -p grayzone
complete_words() {{ COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _grayzone grayzone "${{@: -1}}" "${{@: -2:1}}"; echo "${{COMPREPLY[*]}}"; }}
complete_words grayzone ch
complete_words grayzone ex
complete_words grayzone chart --met
complete_words grayzone chart --method ""
complete_words grayzone summary --units ""
complete_words grayzone completions ""
"#,
        file.display()
    );
    let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("-F _grayzone grayzone"), "{text}");
    assert_eq!(lines[1], "check chart");
    assert_eq!(lines[2], "explain");
    assert_eq!(lines[3], "--method");
    assert_eq!(lines[4], "time sessions");
    assert_eq!(lines[5], "metric imperial");
    assert_eq!(lines[6], "-h --help bash elvish fish powershell zsh");
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let subcommands: Vec<String> = grayzone::cmd::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    assert_eq!(subcommands.len(), 12);
    for (shell, marker) in [
        ("bash", "complete -F _grayzone"),
        ("zsh", "#compdef grayzone"),
        ("fish", "complete -c grayzone"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[grayzone]"),
    ] {
        let script = stdout(&grayzone(&["completions", shell]));
        assert!(script.contains(marker), "{shell}");
        for name in &subcommands {
            assert!(script.contains(name.as_str()), "{shell} lacks {name}");
        }
    }
    let bad = grayzone(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_pages_render() {
    let page = stdout(&grayzone(&["man"]));
    assert!(page.contains(".TH grayzone 1"), "{}", &page[..200]);
    for name in [
        "activities",
        "weekly",
        "chart",
        "explain",
        "init",
        "completions",
        "team",
    ] {
        assert!(page.contains(&format!("grayzone\\-{name}(1)")), "{name}");
    }
    let chart = stdout(&grayzone(&["man", "chart"]));
    assert!(chart.contains(".TH grayzone-chart 1"));
    assert!(chart.contains("\\-\\-method") && chart.contains("sessions"));
    let unknown = grayzone(&["man", "sprint"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("no subcommand 'sprint': try one of activities"));

    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        grayzone(&["man", "--dir", dir.path().to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 13);
    assert!(
        files.contains(&"grayzone.1".to_string())
            && files.contains(&"grayzone-explain.1".to_string())
    );

    // man itself reads the page, when it is installed.
    if on_path("man") {
        let file = dir.path().join("grayzone-explain.1");
        let out = Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "100")
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        // man justifies lines: compare with single spaces.
        let text = stdout(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("grayzone-explain - Why one run got its verdict"),
            "{text}"
        );
        assert!(text.contains("--units <UNITS>"), "{text}");
    }
}

#[test]
fn every_subcommand_help_has_a_working_example() {
    let cli = grayzone::cmd::Cli::command();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        let help = stdout(&grayzone(&[name, "--help"]));
        let examples: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Example"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        assert!(
            !examples.is_empty(),
            "{name} --help has no example:\n{help}"
        );
        for example in examples {
            let words: Vec<&str> = example.split_whitespace().collect();
            assert_eq!(words.first(), Some(&"grayzone"), "{name}: {example}");
            assert_eq!(words.get(1), Some(&name), "{name}: {example}");
            // The example parses: every option it uses exists.
            let args: Vec<&str> = words
                .iter()
                .take_while(|w| !matches!(**w, ">" | "|" | ">>"))
                .copied()
                .collect();
            assert!(
                grayzone::cmd::Cli::try_parse_from(&args).is_ok(),
                "{name}: example does not parse: {example}"
            );
        }
    }
}

#[test]
fn help_offers_only_the_formats_a_command_takes() {
    // `summary --help` listed table, csv, json and jsonl, each refused; `check --help` the same
    // four, where only json is taken.
    let summary = stdout(&grayzone(&["summary", "--help"]));
    assert!(!summary.contains("--format"), "{summary}");
    let check = stdout(&grayzone(&["check", "--help"]));
    assert!(check.contains("--format <FORMAT>"), "{check}");
    assert!(
        !check.contains("jsonl") && !check.contains("table"),
        "{check}"
    );
    let json = grayzone(&["check", "fixtures/files/run.tcx", "-q", "--format", "json"]);
    assert!(
        String::from_utf8_lossy(&json.stdout).starts_with('{'),
        "{json:?}"
    );
    for refused in ["csv", "jsonl"] {
        let out = grayzone(&["check", "fixtures/files/run.tcx", "-q", "--format", refused]);
        assert_eq!(out.status.code(), Some(2), "{refused}");
    }
    // Every format the tables' help lists, each table takes.
    for table in ["activities", "weekly", "baseline"] {
        let help = stdout(&grayzone(&[table, "--help"]));
        for format in ["table", "csv", "json", "jsonl"] {
            assert!(help.contains(&format!("- {format}:")), "{help}");
            let out = grayzone(&[table, "fixtures/files/run.tcx", "-q", "--format", format]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{table} --format {format}: {out:?}"
            );
        }
    }
}
