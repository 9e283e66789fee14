//! The per-run overrides file: every key read and checked, errors that name the file, the line
//! and the key, and matching to runs by id, file or start.

use chrono::{NaiveDate, NaiveDateTime};
use grayzone::judge::classify::RunClass;
use grayzone::judge::intent::Planned;
use grayzone::judge::overrides::{parse, RunKey, Target};

const FILE: &str = "coach/grayzone-overrides.toml";

fn at(date: &str, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

const EXAMPLE: &str = r#"# Coach's corrections for April.

[[run]]
start = "2024-04-06T07:30"
planned = "recovery"
note = "meant as recovery, went with the club"

[[run]]
file = "activities/12116271787.fit.gz"
class = "easy"
note = "HR strap dropout: it read 40 bpm high"

[[run]]
id = 12345678901
race = true

[[run]]
start = "2024-04-10"
exclude = true
"#;

#[test]
fn the_documented_example_reads() {
    let o = parse(FILE, EXAMPLE).unwrap();
    assert_eq!(o.runs.len(), 4);
    let r = &o.runs[0];
    assert_eq!(r.line, 3);
    assert_eq!(r.target, Target::Start(at("2024-04-06", 7, 30)));
    assert_eq!(r.planned, Some(Planned::Recovery));
    assert_eq!(
        r.note.as_deref(),
        Some("meant as recovery, went with the club")
    );
    assert_eq!(o.runs[1].class, Some(RunClass::Easy));
    assert_eq!(
        o.runs[1].target,
        Target::File("activities/12116271787.fit.gz".into())
    );
    assert_eq!(o.runs[2].target, Target::ActivityId("12345678901".into()));
    assert_eq!(o.runs[2].race, Some(true));
    assert_eq!(o.runs[2].line, 13);
    assert!(o.runs[3].exclude);
    assert_eq!(
        o.runs[3].target,
        Target::Date(NaiveDate::from_ymd_opt(2024, 4, 10).unwrap())
    );
    // The module's documentation carries the same example.
    let doc = include_str!("../../src/judge/overrides.rs");
    assert!(doc.contains("//! planned = \"recovery\""));
}

#[test]
fn errors_name_the_file_the_line_and_the_key() {
    let err = |text: &str| parse(FILE, text).unwrap_err();
    let e = err("[[run]]\nstart = \"2024-04-06\"\nplanned = \"hardish\"\n");
    assert_eq!(
        e,
        "coach/grayzone-overrides.toml, line 3: key `planned`: `hardish` is none of recovery, easy, long, workout, race"
    );
    let e = err("\n\n[[run]]\nfile = \"a.fit\"\nclass = \"tempo\"\n");
    assert!(
        e.starts_with("coach/grayzone-overrides.toml, line 5: key `class`"),
        "{e}"
    );
    let e = err("[[run]]\nstart = \"6 April\"\nexclude = true\n");
    assert!(
        e.starts_with("coach/grayzone-overrides.toml, line 2: key `start`"),
        "{e}"
    );
    let e = err("[[run]]\nstart = \"2024-04-06\"\nplaned = \"easy\"\n");
    assert!(
        e.starts_with("coach/grayzone-overrides.toml, line 3:"),
        "{e}"
    );
    assert!(e.contains("planed"), "{e}");
    let e = err("[[run]]\nplanned = \"easy\"\n");
    assert_eq!(
        e,
        "coach/grayzone-overrides.toml, line 1: [[run]] says no run: give id, file or start"
    );
    let e = err("[[run]]\nid = 5\nfile = \"a.fit\"\nrace = true\n");
    assert!(e.contains("line 1: [[run]] gives id and file"), "{e}");
    let e = err("[[run]]\nid = 5\n");
    assert!(e.contains("changes nothing"), "{e}");
    let e = err("[[run]]\nid = 5\nrace = \"yes\"\n");
    assert!(
        e.starts_with("coach/grayzone-overrides.toml, line 3:"),
        "{e}"
    );
    let e = err("[[run]\n");
    assert!(
        e.starts_with("coach/grayzone-overrides.toml, line 1:"),
        "{e}"
    );
    // An empty file overrides nothing.
    assert!(parse(FILE, "# nothing yet\n").unwrap().runs.is_empty());
}

#[test]
fn overrides_find_their_runs() {
    let o = parse(FILE, EXAMPLE).unwrap();
    let runs = [
        RunKey {
            path: "export.zip!activities/11111.fit.gz",
            activity_id: Some("999"),
            local_start: Some(at("2024-04-06", 7, 30)),
        },
        RunKey {
            path: "export.zip!activities/12116271787.fit.gz",
            activity_id: Some("12345678901"),
            local_start: Some(at("2024-04-08", 18, 0)),
        },
        RunKey {
            path: "export.zip!activities/22222.fit.gz",
            activity_id: None,
            local_start: Some(at("2024-04-10", 6, 45)),
        },
    ];
    let resolved = o.resolve(FILE, &runs);
    // Run 1 by its start; run 2 by its file (its id matches the third override too: the first
    // one kept, the clash said); run 3 by its date.
    assert_eq!(resolved.per_run, [Some(0), Some(1), Some(3)]);
    assert_eq!(
        resolved.problems,
        ["coach/grayzone-overrides.toml, line 13: id = 12345678901 is the run of line 8 too; line 8 is kept"]
    );
}

#[test]
fn a_date_with_two_runs_asks_for_the_time() {
    let o = parse(
        FILE,
        "[[run]]\nstart = \"2024-04-10\"\nnote = \"double day\"\n",
    )
    .unwrap();
    let runs = [
        RunKey {
            path: "a.fit",
            activity_id: None,
            local_start: Some(at("2024-04-10", 6, 45)),
        },
        RunKey {
            path: "b.fit",
            activity_id: None,
            local_start: Some(at("2024-04-10", 18, 5)),
        },
    ];
    let resolved = o.resolve(FILE, &runs);
    assert_eq!(resolved.per_run, [None, None]);
    assert_eq!(
        resolved.problems,
        ["coach/grayzone-overrides.toml, line 1: start = \"2024-04-10\" matches 2 runs (2024-04-10T06:45, 2024-04-10T18:05): give the start to the minute, the file or the id"]
    );
    let none = o.resolve(FILE, &[]);
    assert_eq!(
        none.problems,
        ["coach/grayzone-overrides.toml, line 1: start = \"2024-04-10\" matches no run"]
    );
    // A day of 12 runs: the first five are named, and how many more (hostile round 37 H3: an
    // override matching 3,000 sessions named them all, 10,000 times over).
    let day: Vec<RunKey> = (0..12)
        .map(|h| RunKey {
            path: "many.fit",
            activity_id: None,
            local_start: Some(at("2024-04-10", 6 + h, 0)),
        })
        .collect();
    assert_eq!(
        o.resolve(FILE, &day).problems,
        ["coach/grayzone-overrides.toml, line 1: start = \"2024-04-10\" matches 12 runs (2024-04-10T06:00, 2024-04-10T07:00, 2024-04-10T08:00, 2024-04-10T09:00, 2024-04-10T10:00, and 7 more): give the start to the minute, the file or the id"]
    );
}
