//! The outputs README.md shows are the tool's: each text block that opens with a `$ grayzone …`
//! line (or that follows a command named just before it) is run and compared line for line, so a
//! change to a verdict or a wording cannot leave the README telling another story.

use crate::cli::grayzone;

fn readme() -> String {
    std::fs::read_to_string("README.md").unwrap()
}

/// The block of text after `opening` up to the closing fence, without the opening line.
fn block_after(readme: &str, opening: &str) -> String {
    let start = readme
        .find(opening)
        .unwrap_or_else(|| panic!("README.md no longer shows {opening:?}"))
        + opening.len();
    let rest = &readme[start..];
    let end = rest.find("\n```").expect("a closing fence");
    rest[..end].trim_start_matches('\n').to_string()
}

#[test]
fn the_explain_example_is_what_explain_prints() {
    let shown = block_after(
        &readme(),
        "$ grayzone explain fixtures/seasons/fail/2024-04-06-08-16-08.fit fixtures/seasons/fail\n",
    );
    let out = grayzone(&[
        "explain",
        "fixtures/seasons/fail/2024-04-06-08-16-08.fit",
        "fixtures/seasons/fail",
        "-q",
    ]);
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(shown.trim_end(), printed.trim_end());
}

#[test]
fn the_against_the_plan_example_is_what_summary_prints() {
    let shown = block_after(&readme(), "```text\nAgainst the plan:\n");
    let out = grayzone(&["summary", "fixtures/intent/strava_export.zip", "-q"]);
    let printed = String::from_utf8(out.stdout).unwrap();
    let section: Vec<&str> = printed
        .lines()
        .skip_while(|l| *l != "Against the plan:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(shown.trim_end(), section.join("\n"));
}

#[test]
fn the_chart_picture_is_what_chart_draws() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("weeks.svg");
    let out = grayzone(&[
        "chart",
        "fixtures/sample-export",
        "-o",
        svg.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success());
    // Remade with the command README.md gives under the picture when a verdict moves.
    assert!(
        std::fs::read(&svg).unwrap() == std::fs::read("docs/weeks.svg").unwrap(),
        "docs/weeks.svg is stale: grayzone chart fixtures/sample-export -o docs/weeks.svg"
    );
}

/// The commands README.md offers to try on the bundled export find runs in it (newcomer 37 N2:
/// `explain 2024-03-06` and `--since 2024-01-01 --until 2024-03-31` asked for dates it does
/// not hold).
#[test]
fn the_commands_to_try_on_the_sample_export_find_its_runs() {
    let readme = readme();
    let explain = readme
        .split('`')
        .find(|s| s.starts_with("grayzone explain ") && s.ends_with(" fixtures/sample-export"))
        .expect("README.md offers an explain on the sample export");
    let args: Vec<&str> = explain.split_whitespace().skip(1).collect();
    let out = grayzone(&[args.as_slice(), &["-q"]].concat());
    assert!(
        out.status.success(),
        "{explain}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let window = readme
        .lines()
        .find(|l| l.starts_with("grayzone weekly export/ --since "))
        .expect("README.md shows a window of weeks");
    let mut args: Vec<&str> = window
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .map(|a| {
            if a == "export/" {
                "fixtures/sample-export"
            } else {
                a
            }
        })
        .collect();
    args.push("-q");
    let out = grayzone(&args);
    assert!(out.status.success());
    let weeks = String::from_utf8(out.stdout).unwrap().lines().count() - 1;
    assert!(weeks >= 4, "{window}: {weeks} weeks");
}
