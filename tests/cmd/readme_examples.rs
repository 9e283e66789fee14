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
