//! `grayzone chart` against `grayzone weekly`: the SVG's bars, labels and gray-zone marks are the
//! weekly CSV's figures, drawn; the PNG is that SVG's pixels.

use std::collections::BTreeMap;

use quick_xml::events::Event;

use crate::cli;
use cli::{csv_rows, grayzone};

/// What the test reads back from the SVG.
#[derive(Debug, Default)]
struct Drawn {
    width: f64,
    height: f64,
    plot_y: f64,
    plot_h: f64,
    target_y: f64,
    /// Per bar (in order): key, start, segment heights low/moderate/high, gray count.
    bars: Vec<DrawnBar>,
    /// x-label texts by key.
    labels: BTreeMap<String, String>,
    /// x-label anchor points (x, baseline y), in order.
    label_points: Vec<(f64, f64)>,
    years: Vec<String>,
    /// The x axis's caption.
    x_axis: String,
}

#[derive(Debug, Default, Clone)]
struct DrawnBar {
    key: String,
    start: String,
    runs: usize,
    heights: BTreeMap<String, f64>,
    /// Segment rectangles by class: x, y, width, height.
    rects: BTreeMap<String, (f64, f64, f64, f64)>,
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
                    (b"svg", _) => {
                        drawn.width = num(&a, "width");
                        drawn.height = num(&a, "height");
                    }
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
                            bar.rects.insert(
                                class.clone(),
                                (
                                    num(&a, "x"),
                                    num(&a, "y"),
                                    num(&a, "width"),
                                    num(&a, "height"),
                                ),
                            );
                        }
                    }
                    (b"g", "gray-mark") => {
                        if let Some(bar) = current.as_mut() {
                            bar.gray_mark = Some(a["data-count"].parse().unwrap());
                        }
                    }
                    (b"text", "x-label") => {
                        drawn.label_points.push((num(&a, "x"), num(&a, "y")));
                        text_class = Some(("x-label".into(), a.get("data-key").cloned()))
                    }
                    (b"text", "axis-label") if a.contains_key("x") => {
                        text_class = Some(("x-axis".into(), None))
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
                        "x-axis" => drawn.x_axis = text,
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

/// Checks the time chart of `input` against its weekly CSV, both made with the extra `options`;
/// returns the drawing.
fn check_time_chart(input: &str, options: &[&str]) -> Drawn {
    let weekly = grayzone(&[&["weekly", "-q", input], options].concat());
    assert_eq!(weekly.status.code(), Some(0));
    let weeks = csv_rows(&weekly.stdout);
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("weeks.svg");
    let out = grayzone(
        &[
            &["chart", "-q", input, "-o", svg_path.to_str().unwrap()],
            options,
        ]
        .concat(),
    );
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
        // Every week is labelled with its first day, in the runner's local time.
        let first = chrono::NaiveDate::parse_from_str(&week["week_start"], "%Y-%m-%d").unwrap();
        assert_eq!(drawn.labels[&bar.key], first.format("%-d %b").to_string());
    }
    drawn
}

#[test]
fn the_fail_season_chart_draws_the_weekly_csv() {
    let drawn = check_time_chart("fixtures/seasons/fail", &[]);
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
    assert_eq!(drawn.x_axis, "week, from its Monday (your local time)");
    // The gray-heavy season: 10 gray-zone runs marked, and no week's low share reaches the line.
    let marked: usize = drawn.bars.iter().filter_map(|b| b.gray_mark).sum();
    assert_eq!(marked, 10);
    assert!(drawn.bars.iter().all(|b| pct(&drawn, b, "low") < 80.0));
}

#[test]
fn the_sample_export_chart_draws_the_weekly_csv() {
    let drawn = check_time_chart("fixtures/sample-export", &[]);
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
fn sunday_weeks_chart_the_sunday_weekly_csv() {
    let drawn = check_time_chart("fixtures/seasons/fail", &["--week-start", "sunday"]);
    // New York weeks from Sunday: the season's first run (Monday 1 April) is in the week of
    // Sunday 31 March, and its last Sunday (12 May) opens a week of its own.
    let keys: Vec<&str> = drawn.bars.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "Sun 2024-03-31",
            "Sun 2024-04-07",
            "Sun 2024-04-14",
            "Sun 2024-04-21",
            "Sun 2024-04-28",
            "Sun 2024-05-05",
            "Sun 2024-05-12"
        ]
    );
    let labels: Vec<&str> = drawn
        .bars
        .iter()
        .map(|b| drawn.labels[&b.key].as_str())
        .collect();
    assert_eq!(
        labels,
        ["31 Mar", "7 Apr", "14 Apr", "21 Apr", "28 Apr", "5 May", "12 May"]
    );
    assert_eq!(drawn.x_axis, "week, from its Sunday (your local time)");
    // Moving the week's edges moves runs, never loses one: 38 runs, 10 gray-zone runs either way.
    assert_eq!(drawn.bars.iter().map(|b| b.runs).sum::<usize>(), 38);
    assert_eq!(
        drawn.bars.iter().filter_map(|b| b.gray_mark).sum::<usize>(),
        10
    );
}

#[test]
fn a_chart_file_must_be_svg_or_png_and_the_error_says_so() {
    let out = grayzone(&["chart", "-q", "fixtures/seasons/fail", "-o", "weeks.jpg"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("weeks.jpg") && err.contains(".svg") && err.contains(".png"),
        "{err}"
    );
    assert!(!std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("weeks.jpg")
        .exists());
    // A --format that contradicts the file's name is refused too, before anything is written.
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("weeks.svg");
    let out = grayzone(&[
        "chart",
        "-q",
        "fixtures/seasons/fail",
        "--format",
        "png",
        "-o",
        svg_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("weeks.svg") && err.contains(".png"), "{err}");
    assert!(!svg_path.exists());
}

/// An sRGB colour from `#rrggbb`.
fn rgb(hex: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [byte(1), byte(3), byte(5)]
}

#[test]
fn the_png_is_the_svg_drawn_bars_colours_and_labels() {
    let input = "fixtures/seasons/fail";
    let svg = grayzone(&["chart", "-q", input]);
    assert_eq!(svg.status.code(), Some(0));
    let drawn = parse(&String::from_utf8(svg.stdout).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("weeks.png");
    let out = grayzone(&["chart", "-q", input, "-o", png_path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png_path).unwrap();
    let png = resvg::tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG that decodes");
    // Twice the SVG's size (844 × 430 for six weeks), so 11-px labels stay sharp.
    let scale = grayzone::report::png::SCALE as f64;
    assert_eq!((drawn.width, drawn.height), (844.0, 430.0));
    assert_eq!(
        (png.width(), png.height()),
        ((drawn.width * scale) as u32, (drawn.height * scale) as u32)
    );
    let pixel = |x: f64, y: f64| {
        let p = png
            .pixel((x * scale) as u32, (y * scale) as u32)
            .expect("inside the picture")
            .demultiply();
        [p.red(), p.green(), p.blue()]
    };
    // Where the SVG has a bar segment, the PNG has its colour, exactly (flat fills, sampled at
    // the segment's centre, away from anti-aliased edges).
    let colours = [
        ("low", rgb(grayzone::report::chart::LOW_COLOUR)),
        ("moderate", rgb(grayzone::report::chart::MODERATE_COLOUR)),
        ("high", rgb(grayzone::report::chart::HIGH_COLOUR)),
    ];
    let mut sampled = 0;
    for bar in &drawn.bars {
        for (class, colour) in &colours {
            let (x, y, w, h) = bar.rects[*class];
            if h < 2.0 {
                continue;
            }
            assert_eq!(
                pixel(x + w / 2.0, y + h / 2.0),
                *colour,
                "{} {class}",
                bar.key
            );
            sampled += 1;
        }
    }
    assert_eq!(sampled, 18, "six weeks, three segments each");
    // Labels: dark glyph pixels around each label's anchor, and none midway between two labels.
    let dark_in = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (x0, y0, x1, y1) = (
            (x0 * scale) as u32,
            (y0 * scale) as u32,
            (x1 * scale) as u32,
            (y1 * scale) as u32,
        );
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                png.pixel(x, y).is_some_and(|p| {
                    let p = p.demultiply();
                    u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 3 * 96
                })
            })
            .count()
    };
    assert_eq!(drawn.label_points.len(), 6);
    for &(x, y) in &drawn.label_points {
        // "8 Apr" at 11 px: about 30 px wide and 8 px tall above its baseline.
        let dark = dark_in(x - 18.0, y - 10.0, x + 18.0, y + 2.0);
        assert!(dark >= 40, "label at x={x}: {dark} dark pixels");
    }
    for pair in drawn.label_points.windows(2) {
        let (mid, y) = ((pair[0].0 + pair[1].0) / 2.0, pair[0].1);
        assert_eq!(dark_in(mid - 8.0, y - 10.0, mid + 8.0, y + 2.0), 0);
    }
}

#[test]
fn format_png_writes_a_png_to_a_pipe() {
    let out = grayzone(&[
        "chart",
        "-q",
        "fixtures/seasons/fail",
        "--format",
        "png",
        "--week-start",
        "sunday",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = resvg::tiny_skia::Pixmap::decode_png(&out.stdout).expect("a PNG that decodes");
    // Seven Sunday weeks: the plot keeps its 720 px, so the size is that of six Monday weeks.
    assert_eq!((png.width(), png.height()), (1688, 860));
}
