//! `grayzone chart` against `grayzone weekly`: the SVG's bars, labels and gray-zone marks are the
//! weekly CSV's figures, drawn.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use quick_xml::events::Event;

fn grayzone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run grayzone")
}

fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// What the test reads back from the SVG.
#[derive(Debug, Default)]
struct Drawn {
    plot_y: f64,
    plot_h: f64,
    target_y: f64,
    /// Per bar (in order): key, start, segment heights low/moderate/high, gray count.
    bars: Vec<DrawnBar>,
    /// x-label texts by key.
    labels: BTreeMap<String, String>,
    years: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct DrawnBar {
    key: String,
    start: String,
    runs: usize,
    heights: BTreeMap<String, f64>,
    gray_mark: Option<usize>,
}

fn attrs(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("attribute");
            (
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                a.unescape_value().expect("value").into_owned(),
            )
        })
        .collect()
}

fn num(a: &BTreeMap<String, String>, k: &str) -> f64 {
    a[k].parse().unwrap_or_else(|_| panic!("{k} = {}", a[k]))
}

fn parse(svg: &str) -> Drawn {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut drawn = Drawn::default();
    let mut current: Option<DrawnBar> = None;
    let mut text_class: Option<(String, Option<String>)> = None;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let a = attrs(&e);
                let class = a.get("class").cloned().unwrap_or_default();
                match (e.name().as_ref(), class.as_str()) {
                    (b"rect", "plot") => {
                        drawn.plot_y = num(&a, "y");
                        drawn.plot_h = num(&a, "height");
                    }
                    (b"line", "target") => drawn.target_y = num(&a, "y1"),
                    (b"g", "bar") => {
                        current = Some(DrawnBar {
                            key: a["data-key"].clone(),
                            start: a["data-start"].clone(),
                            runs: a["data-runs"].parse().unwrap(),
                            ..Default::default()
                        })
                    }
                    (b"rect", "low" | "moderate" | "high") => {
                        if let Some(bar) = current.as_mut() {
                            bar.heights.insert(class.clone(), num(&a, "height"));
                        }
                    }
                    (b"g", "gray-mark") => {
                        if let Some(bar) = current.as_mut() {
                            bar.gray_mark = Some(a["data-count"].parse().unwrap());
                        }
                    }
                    (b"text", "x-label") => {
                        text_class = Some(("x-label".into(), a.get("data-key").cloned()))
                    }
                    (b"text", "x-year") => text_class = Some(("x-year".into(), None)),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((class, key)) = text_class.take() {
                    let text = t.unescape().expect("text").into_owned();
                    match class.as_str() {
                        "x-label" => {
                            drawn.labels.insert(key.unwrap_or_default(), text);
                        }
                        _ => drawn.years.push(text),
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"g" => {
                if let Some(bar) = current.take() {
                    drawn.bars.push(bar);
                }
            }
            _ => {}
        }
    }
    drawn
}

fn pct(drawn: &Drawn, bar: &DrawnBar, class: &str) -> f64 {
    bar.heights[class] / drawn.plot_h * 100.0
}

fn f(row: &BTreeMap<String, String>, k: &str) -> f64 {
    row[k].parse().unwrap()
}

/// Checks the time chart of `input` against its weekly CSV; returns the drawing.
fn check_time_chart(input: &str) -> Drawn {
    let weekly = grayzone(&["weekly", "-q", input]);
    assert_eq!(weekly.status.code(), Some(0));
    let weeks = csv_rows(&weekly.stdout);
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("weeks.svg");
    let out = grayzone(&["chart", "-q", input, "-o", svg_path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let drawn = parse(&std::fs::read_to_string(&svg_path).unwrap());
    assert!(drawn.plot_h > 100.0);
    // The 80 % line sits a fifth of the way down the plot.
    assert!((drawn.target_y - (drawn.plot_y + 0.2 * drawn.plot_h)).abs() < 0.01);
    // One bar per week from the first to the last: these exports have no empty week.
    assert_eq!(drawn.bars.len(), weeks.len());
    for (week, bar) in weeks.iter().zip(&drawn.bars) {
        assert_eq!(bar.key, week["week"]);
        assert_eq!(bar.start, week["week_start"]);
        assert_eq!(bar.runs.to_string(), week["runs"]);
        for (class, column) in [
            ("low", "low_pct"),
            ("moderate", "moderate_pct"),
            ("high", "high_pct"),
        ] {
            // The CSV rounds the three shares to tenths that add up to 100 (largest remainder),
            // so each is within 0.1 % of the exact share; the drawing keeps 0.001 px.
            let drawn_pct = pct(&drawn, bar, class);
            let tolerance = 0.101;
            assert!(
                (drawn_pct - f(week, column)).abs() <= tolerance,
                "{} {class}: drawn {drawn_pct}, CSV {}",
                bar.key,
                week[column]
            );
        }
        let gray: usize = week["gray_zone_runs"].parse().unwrap();
        assert_eq!(bar.gray_mark, (gray > 0).then_some(gray), "{}", bar.key);
        // Every week is labelled with its Monday, in the runner's local time.
        let monday = chrono::NaiveDate::parse_from_str(&week["week_start"], "%Y-%m-%d").unwrap();
        assert_eq!(drawn.labels[&bar.key], monday.format("%-d %b").to_string());
    }
    drawn
}

#[test]
fn the_fail_season_chart_draws_the_weekly_csv() {
    let drawn = check_time_chart("fixtures/seasons/fail");
    let labels: Vec<&str> = drawn
        .bars
        .iter()
        .map(|b| drawn.labels[&b.key].as_str())
        .collect();
    // New York weeks, Mondays in local time.
    assert_eq!(
        labels,
        ["1 Apr", "8 Apr", "15 Apr", "22 Apr", "29 Apr", "6 May"]
    );
    assert_eq!(drawn.years, ["2024"]);
    // The gray-heavy season: 10 gray-zone runs marked, and no week's low share reaches the line.
    let marked: usize = drawn.bars.iter().filter_map(|b| b.gray_mark).sum();
    assert_eq!(marked, 10);
    assert!(drawn.bars.iter().all(|b| pct(&drawn, b, "low") < 80.0));
}

#[test]
fn the_sample_export_chart_draws_the_weekly_csv() {
    let drawn = check_time_chart("fixtures/sample-export");
    assert_eq!(drawn.bars.len(), 12);
    assert_eq!(drawn.labels["2024-W23"], "3 Jun");
    assert_eq!(drawn.labels["2024-W34"], "19 Aug");
    assert_eq!(
        drawn.bars.iter().filter_map(|b| b.gray_mark).sum::<usize>(),
        2
    );
}

#[test]
fn the_sessions_chart_stacks_easy_gray_and_other_hard_runs() {
    let weekly = grayzone(&["weekly", "-q", "fixtures/seasons/fail"]);
    let weeks = csv_rows(&weekly.stdout);
    let out = grayzone(&[
        "chart",
        "-q",
        "fixtures/seasons/fail",
        "--method",
        "sessions",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let drawn = parse(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(drawn.bars.len(), weeks.len());
    for (week, bar) in weeks.iter().zip(&drawn.bars) {
        let runs = f(week, "runs");
        let gray = f(week, "gray_zone_runs");
        let hard = f(week, "hard_runs");
        let close = |a: f64, b: f64| (a - b).abs() <= 0.051;
        assert!(close(pct(&drawn, bar, "low"), f(week, "easy_sessions_pct")));
        assert!(close(pct(&drawn, bar, "moderate"), gray / runs * 100.0));
        assert!(close(
            pct(&drawn, bar, "high"),
            (hard - gray) / runs * 100.0
        ));
    }
    // Week 15 of the fail season: 6 runs, 1 easy, 2 gray-zone, 3 other hard.
    let w15 = &drawn.bars[1];
    assert_eq!(w15.key, "2024-W15");
    assert!((pct(&drawn, w15, "low") - 100.0 / 6.0).abs() < 0.01);
    assert!((pct(&drawn, w15, "moderate") - 200.0 / 6.0).abs() < 0.01);
}

#[test]
fn a_chart_file_must_be_svg_and_the_error_says_so() {
    let out = grayzone(&["chart", "-q", "fixtures/seasons/fail", "-o", "weeks.jpg"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("weeks.jpg") && err.contains(".svg"), "{err}");
    assert!(!std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("weeks.jpg")
        .exists());
}
