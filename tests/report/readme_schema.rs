//! The README's column tables stay the CSV schema: every column each table command writes is
//! documented in its section, and nothing documented there is missing from the output.

use std::collections::BTreeSet;
use std::process::Command;

fn header(command: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args([command, "-q", "fixtures/seasons/fail"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run grayzone");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect()
}

/// Backticked names in the first column of the table under `heading` (up to the next heading).
fn documented(readme: &str, heading: &str) -> BTreeSet<String> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README has no {heading}"));
    let section = &readme[start + heading.len()..];
    let end = section.find("\n#").unwrap_or(section.len());
    section[..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| {
            let first_cell = l.split('|').nth(1).unwrap_or("");
            first_cell
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_csv_column_is_documented_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (command, heading) in [
        ("activities", "## `grayzone activities` columns"),
        ("weekly", "**Per week** (`grayzone weekly`"),
        ("baseline", "## `grayzone baseline` columns"),
    ] {
        let columns: BTreeSet<String> = header(command).into_iter().collect();
        let docs = documented(&readme, heading);
        let undocumented: Vec<&String> = columns.difference(&docs).collect();
        let stale: Vec<&String> = docs.difference(&columns).collect();
        assert!(
            undocumented.is_empty() && stale.is_empty(),
            "{command}: undocumented {undocumented:?}, documented but absent {stale:?}"
        );
    }
}

/// `grayzone team`'s tables are the one-athlete tables framed by `athlete` and `athlete_error`,
/// and its summary's columns are the README's.
#[test]
fn the_team_tables_are_documented_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let team_header = |table: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
            .args(["team", "-q", "fixtures/team", "--table", table])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run grayzone");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    for table in ["activities", "weekly", "baseline"] {
        let mut framed = vec!["athlete".to_string()];
        framed.extend(header(table));
        framed.push("athlete_error".into());
        assert_eq!(team_header(table), framed, "{table}");
    }
    let columns: BTreeSet<String> = team_header("summary").into_iter().collect();
    let docs = documented(&readme, "## A coach's team: `grayzone team`");
    assert_eq!(columns, docs);
}

/// The README's table of rule figures is `grayzone rules`, verbatim: the figures the code applies
/// and the ones the README states cannot drift apart.
#[test]
fn the_readme_rule_table_is_the_code_s() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- rules:begin -->\n")
        .expect("rules:begin marker")
        + 21;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .arg("rules")
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        &readme[start..end],
        table,
        "README's table differs from `grayzone rules`: paste its output between the markers"
    );
    assert_eq!(
        table.lines().count(),
        grayzone::judge::rules::FIGURES.len() + 2
    );
    assert!(
        table.contains("| recovery | `RECOVERY_MAX_S` | 60 min |"),
        "{table}"
    );
}
