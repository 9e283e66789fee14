//! `grayzone weekly --html`: the page opened in a real browser (headless Chromium), which must lay
//! out the charts and the tables and log nothing to its console.
//!
//! Chromium is Debian's `chromium` package; `.ci/run` installs it and sets
//! `GRAYZONE_REQUIRE_BROWSER=1`, so in CI a missing browser fails the test instead of skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli;
use cli::{csv_rows, grayzone};

fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// The browser, or None (after saying so) when it is absent and not required.
fn browser_or_skip() -> Option<PathBuf> {
    let found = browser();
    if found.is_none() {
        assert!(
            std::env::var_os("GRAYZONE_REQUIRE_BROWSER").is_none(),
            "GRAYZONE_REQUIRE_BROWSER is set but no chromium is installed (apt-get install -y chromium)"
        );
        static SAID: std::sync::Once = std::sync::Once::new();
        cli::note(
            &SAID,
            "the HTML report's browser tests skip here: no chromium (apt-get install -y chromium)",
        );
    }
    found
}

/// What the browser made of a page: its DOM after loading, and its console messages.
struct Rendered {
    dom: String,
    console: Vec<String>,
}

fn render(chromium: &Path, page: &Path) -> Rendered {
    render_at(chromium, page, "1200,900")
}

fn render_at(chromium: &Path, page: &Path, window: &str) -> Rendered {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--window-size={window}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Rendered {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        // Chromium logs every console message (errors, warnings, uncaught exceptions) as
        // `[…:INFO:CONSOLE:line] "message", source: …`; the rest of its stderr is its own noise.
        console: String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_string)
            .collect(),
    }
}

/// Measures the laid-out page from inside the browser. Only this test copy of the page has a
/// script; the report itself has none.
const PROBE: &str = r#"<script>
const box = (el) => el ? el.getBoundingClientRect().height : -1;
const charts = [...document.querySelectorAll('section.chart svg')].map((svg) => ({
  plot: box(svg.querySelector('rect.plot')),
  bars: [...svg.querySelectorAll('g.bar')].map((g) => ({
    key: g.dataset.key,
    low: box(g.querySelector('rect.low')),
    moderate: box(g.querySelector('rect.moderate')),
    high: box(g.querySelector('rect.high')),
  })),
}));
const weeks = [...document.querySelectorAll('table.weeks tbody tr')].map((tr) => ({
  week: tr.dataset.week, height: box(tr), low: tr.children[5].textContent,
}));
const runs = [...document.querySelectorAll('table.runs tbody tr')].map((tr) => box(tr));
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({ charts, weeks, runs });
document.body.appendChild(out);
</script>"#;

fn probe(dom: &str) -> serde_json::Value {
    let start = dom.find("<pre id=\"probe\">").expect("probe output") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").expect("end of probe");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).expect("probe JSON")
}

#[test]
fn the_report_renders_its_charts_and_tables_with_no_console_errors() {
    let Some(chromium) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = grayzone(&[
        "weekly",
        "-q",
        "fixtures/sample-export",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // With --html and no -o, the page is the output.
    assert!(out.stdout.is_empty());
    let weeks = csv_rows(&grayzone(&["weekly", "-q", "fixtures/sample-export"]).stdout);
    let runs = csv_rows(&grayzone(&["activities", "-q", "fixtures/sample-export"]).stdout);
    assert_eq!(weeks.len(), 12);

    let html = std::fs::read_to_string(&page).unwrap();
    for fetch in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(
            !html.contains(fetch),
            "the report must fetch nothing: {fetch}"
        );
    }

    let plain = render(&chromium, &page);
    assert!(plain.console.is_empty(), "{:?}", plain.console);
    assert_eq!(plain.dom.matches("class=\"grayzone-chart\"").count(), 2);
    assert_eq!(plain.dom.matches("<tr data-week=").count(), weeks.len());

    // The same page with a probe that measures the layout.
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let rendered = render(&chromium, &probed);
    assert!(rendered.console.is_empty(), "{:?}", rendered.console);
    let p = probe(&rendered.dom);

    // The time chart: bars laid out in proportion to the weekly CSV's shares.
    let time = &p["charts"][0];
    let plot = time["plot"].as_f64().unwrap();
    assert!(plot > 150.0, "plot drawn {plot} px high");
    let bars = time["bars"].as_array().unwrap();
    assert_eq!(bars.len(), weeks.len());
    for (bar, week) in bars.iter().zip(&weeks) {
        assert_eq!(bar["key"], week["week"].as_str());
        for (seg, col) in [
            ("low", "low_pct"),
            ("moderate", "moderate_pct"),
            ("high", "high_pct"),
        ] {
            let drawn = bar[seg].as_f64().unwrap() / plot * 100.0;
            let csv: f64 = week[col].parse().unwrap();
            // Sub-pixel layout rounding: within half a percent of the plot.
            assert!(
                (drawn - csv).abs() < 0.5,
                "{} {seg}: {drawn} vs {csv}",
                week["week"]
            );
        }
    }
    // The sessions chart is there too.
    assert_eq!(
        p["charts"][1]["bars"].as_array().unwrap().len(),
        weeks.len()
    );

    // The weekly table: a visible row per week with the CSV's low share.
    let rows = p["weeks"].as_array().unwrap();
    assert_eq!(rows.len(), weeks.len());
    for (row, week) in rows.iter().zip(&weeks) {
        assert_eq!(row["week"], week["week"].as_str());
        assert!(row["height"].as_f64().unwrap() > 10.0);
        let low: f64 = row["low"].as_str().unwrap().parse().unwrap();
        assert_eq!(low, week["low_pct"].parse::<f64>().unwrap());
    }

    // The flagged runs: every gray-zone run or run with a flag about the training, each a
    // visible row; a flag about the data alone (hr_cleaned, pace_only) lists no run.
    let flagged = runs
        .iter()
        .filter(|r| {
            r["gray_zone"] == "true"
                || r["flags"]
                    .split(';')
                    .any(|f| !f.is_empty() && f != "hr_cleaned" && f != "pace_only")
        })
        .count();
    let data_only = runs
        .iter()
        .filter(|r| r["gray_zone"] == "false" && !r["flags"].is_empty())
        .count()
        - runs
            .iter()
            .filter(|r| {
                r["gray_zone"] == "false"
                    && r["flags"]
                        .split(';')
                        .any(|f| !f.is_empty() && f != "hr_cleaned" && f != "pace_only")
            })
            .count();
    assert!(
        data_only >= 1,
        "the sample has runs whose only flag is about the data"
    );
    assert!(flagged >= 2);
    let shown = p["runs"].as_array().unwrap();
    assert_eq!(shown.len(), flagged);
    assert!(shown.iter().all(|h| h.as_f64().unwrap() > 10.0));
}

/// Where each file-name cell of the flagged runs breaks its lines: the character before each
/// break, and whether the break falls between two text nodes (at a `<wbr>`).
const FILE_PROBE: &str = r#"<script>
const cells = [...document.querySelectorAll('table.runs td.file')].map((td) => {
  const breaks = [];
  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  let node, lastTop = null, previous = '';
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const top = range.getBoundingClientRect().top;
      if (lastTop !== null && top > lastTop + 1) {
        breaks.push({ after: previous, at_wbr: i === 0 });
      }
      lastTop = top;
      previous = node.data[i];
    }
  }
  return { text: td.textContent, breaks };
});
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({ cells });
document.body.appendChild(out);
</script>"#;

#[test]
fn file_names_wrap_between_their_parts_never_inside_a_word() {
    let Some(chromium) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = grayzone(&[
        "weekly",
        "-q",
        "fixtures/sample-export",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(&page).unwrap();
    let probed = dir.path().join("probed.html");
    std::fs::write(
        &probed,
        html.replace("</body>", &format!("{FILE_PROBE}</body>")),
    )
    .unwrap();
    // A phone-sized window: the file column is as narrow as the table can make it.
    let rendered = render_at(&chromium, &probed, "520,900");
    assert!(rendered.console.is_empty(), "{:?}", rendered.console);
    let cells = probe(&rendered.dom)["cells"].as_array().unwrap().clone();
    assert!(!cells.is_empty());
    let breaks: Vec<&serde_json::Value> = cells
        .iter()
        .flat_map(|c| c["breaks"].as_array().unwrap())
        .collect();
    // The names (runner@example.com_15310000000.fit) do wrap at this width…
    assert!(!breaks.is_empty(), "{cells:?}");
    // …and only after a separator, where the page put a <wbr>.
    for cell in &cells {
        for b in cell["breaks"].as_array().unwrap() {
            assert!(
                b["at_wbr"] == true && "_.@-".contains(b["after"].as_str().unwrap()),
                "{} breaks inside a word: {b}",
                cell["text"]
            );
        }
    }
}

#[test]
fn the_console_check_catches_errors() {
    // The check above is only worth something if it sees a page's console errors.
    let Some(chromium) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><script>console.error('broken on purpose'); notDefined();</script></body></html>",
    )
    .unwrap();
    let rendered = render(&chromium, &page);
    assert_eq!(rendered.console.len(), 2, "{:?}", rendered.console);
    assert!(rendered.console[0].contains("broken on purpose"));
    assert!(rendered.console[1].contains("notDefined"));
}

#[test]
fn html_with_a_table_output_writes_both() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let table = dir.path().join("weeks.csv");
    let out = grayzone(&[
        "weekly",
        "fixtures/seasons/fail",
        "--html",
        page.to_str().unwrap(),
        "-o",
        table.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrote") && err.contains("r.html") && err.contains("6 weeks, 38 runs"),
        "{err}"
    );
    assert_eq!(csv_rows(&std::fs::read(&table).unwrap()).len(), 6);
    let html = std::fs::read_to_string(&page).unwrap();
    // The fail season: 0 of 6 weeks by time, 10 gray-zone runs; every gray run is in the table.
    assert!(html.contains("<strong>0 of 6</strong> weeks"), "{html}");
    assert!(html.contains("10 gray-zone runs"));
    assert_eq!(html.matches("<tr class=\"gray\">").count(), 10);
}

#[test]
fn an_unwritable_report_names_the_file_and_the_fix() {
    let out = grayzone(&[
        "weekly",
        "-q",
        "fixtures/seasons/fail",
        "--html",
        "no/such/folder/report.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/folder/report.html") && err.contains("create its folder first"),
        "{err}"
    );
}

/// `grayzone weekly . --html report.html` titled its page ". · 70 runs": the current folder is
/// named by its own name.
#[test]
fn the_page_names_the_current_folder_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_grayzone"))
        .args(["weekly", ".", "-q", "--html"])
        .arg(&page)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-export"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<title>grayzone: 80/20 report of sample-export</title>"),
        "{}",
        &html[..400]
    );
}
