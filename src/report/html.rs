//! The HTML report (`grayzone weekly --html report.html`): one self-contained page — the weekly
//! charts as inline SVG, the weekly table and the runs worth a second look — with inline CSS and no
//! script, font or stylesheet from the network, so it opens offline, prints, and can be mailed.

use crate::activity::calendar::WeekStart;
use crate::activity::units::{clock, counted, Units};
use crate::judge::classify::Flag;
use crate::judge::rules::GRAY_MIN_MODERATE;
use crate::judge::ActivityRow;
use crate::report::chart::{self, ChartOptions};
use crate::report::records::WeekRecord;
use crate::report::weekly::{Method, Week, WeekFlag};
use crate::report::window::Window;
use crate::report::{escape, printable, reason_in};
use crate::summarize::row::Status;

/// The pages' style sheet (the team page shares it).
pub const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  color: #222; background: #fff; margin: 1.5rem auto; max-width: 1180px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
p.meta { color: #555; margin: 0 0 1rem; }
.verdict { font-size: 1.05rem; }
.chart { overflow-x: auto; margin: .5rem 0 1rem; }
.chart svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .3rem .45rem; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top;
  white-space: nowrap; }
th { background: #f3f3f3; position: sticky; top: 0; white-space: normal; }
td.text, th.text { text-align: left; }
td.miss { color: #b2182b; font-weight: bold; }
td.meets { color: #2166ac; font-weight: bold; }
td.flags { text-align: left; white-space: normal; }
.flag { display: inline-block; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .78rem;
  background: #f1f1f1; border-radius: 3px; padding: 0 .25rem; margin: 0 .2rem .15rem 0; }
td.file { white-space: normal; overflow-wrap: normal; word-break: normal; min-width: 8rem; text-align: left; }
td.why { white-space: normal; min-width: 18rem; text-align: left; }
tr.gray td:first-child { border-left: 4px solid #8a8a8a; }
.swatch { display: inline-block; width: .8em; height: .8em; vertical-align: -.05em; margin-right: .2em; }
footer { margin: 2rem 0 1rem; color: #666; font-size: .85rem; }
@media print { .chart { overflow: visible; } th { position: static; } }
"#;

/// What the page is about, for its heading.
#[derive(Clone, Debug, Default)]
pub struct PageInfo {
    /// The inputs as given (`export/`, `run.fit`), for the heading.
    pub source: String,
    pub target_pct: f64,
    pub units: Units,
    pub week_start: WeekStart,
    /// The dates the page shows (the weeks and runs in it); the heading still counts the whole
    /// export and says what the window leaves out.
    pub window: Window,
}

/// The whole page: of every row and week of the export, those in `info.window`.
pub fn page(rows: &[ActivityRow], all_weeks: &[Week], info: &PageInfo) -> String {
    let weeks = info.window.weeks(all_weeks);
    let weeks = weeks.as_slice();
    let shown_rows = info.window.rows(rows);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>grayzone: 80/20 report of {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        named(&info.source)
    ));
    heading(&mut out, rows, all_weeks, weeks, info);
    let framed = info.window.framed_weeks(all_weeks, info.week_start);
    for method in [Method::Time, Method::Sessions] {
        let options = ChartOptions {
            method,
            target_pct: info.target_pct,
            units: info.units,
            week_start: info.week_start,
        };
        out.push_str(&format!(
            "<section class=\"chart\" id=\"chart-{}\">\n{}</section>\n",
            match method {
                Method::Time => "time",
                Method::Sessions => "sessions",
            },
            chart::svg(&framed, &options)
        ));
    }
    week_table(&mut out, weeks, info);
    against_plan(&mut out, &shown_rows);
    watch_settings(&mut out, &shown_rows);
    given_max(&mut out, &shown_rows);
    flagged_runs(&mut out, &shown_rows, info.units);
    unreadable(&mut out, rows);
    out.push_str(&format!(
        "<footer>Made by grayzone {} from the files alone, offline. Zones, rules and columns are described in grayzone's README.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

fn heading(
    out: &mut String,
    rows: &[ActivityRow],
    all_weeks: &[Week],
    weeks: &[Week],
    info: &PageInfo,
) {
    // Runs as the weeks and the charts count them: a session saved in parts (a warm-up, the
    // reps, a cool-down; a multisport file's legs) is one run (newcomer 37 N14, 38 N9: the
    // headline said 23 runs, the charts under it 22).
    let recordings = rows.iter().filter(|r| r.is_run()).count();
    let runs: usize = all_weeks.iter().map(|w| w.runs).sum();
    let parts = if recordings > runs {
        format!(" (from {recordings} recordings: a session saved in parts counts once)")
    } else {
        String::new()
    };
    let errors = rows.iter().filter(|r| r.status == Status::Error).count();
    let verdict = crate::report::weekly::Verdict::of(weeks, info.target_pct);
    out.push_str("<h1>Is your training really 80/20?</h1>\n");
    let left_out = crate::report::left_out_sentence(rows)
        .map(|s| format!(" · {s}, in no week"))
        .unwrap_or_default();
    out.push_str(&format!(
        "<p class=\"meta\">{} · {}{parts} in {} ({errors} unreadable) · {} with runs{}</p>\n",
        named(&info.source),
        counted(runs, "run", "runs"),
        counted(crate::report::files_read(rows), "file", "files"),
        counted(all_weeks.len(), "week", "weeks"),
        escape(&left_out)
    ));
    if let Some(note) = info.window.note(all_weeks, "This page shows") {
        out.push_str(&format!(
            "<p class=\"meta window\">{}.</p>\n",
            escape(&note)
        ));
    }
    out.push_str(&format!(
        "<p class=\"verdict\">{}</p>\n",
        verdict.sentence_with(|count| format!("<strong>{count}</strong>"), " ")
    ));
    // The page shows the recent weeks; a runner whose runs are spread wider reads the whole
    // answer beside the recent one (`check` counts every week).
    let all = crate::report::weekly::Verdict::of(all_weeks, info.target_pct);
    if all.weeks > verdict.weeks {
        out.push_str(&format!(
            "<p class=\"meta window\">Over all {} with runs: {} of {} by moving time, {} of {} by easy runs (<code>--all</code> shows them).</p>\n",
            counted(all.weeks, "week", "weeks"),
            all.by_time,
            all.weeks,
            all.by_sessions,
            all.weeks,
        ));
    }
}

fn week_table(out: &mut String, weeks: &[Week], info: &PageInfo) {
    out.push_str("<h2 id=\"weeks\">Week by week</h2>\n<div class=\"table-wrap\">\n<table class=\"weeks\">\n<thead><tr>");
    let unit = info.units.distance_unit();
    for (head, text) in [
        ("week", true),
        (info.week_start.day_name(), true),
        ("runs", false),
        ("moving time", false),
        (unit, false),
        ("low %", false),
        ("moderate %", false),
        ("high %", false),
        ("easy runs %", false),
        ("gray-zone runs", false),
        ("flags", true),
    ] {
        out.push_str(&format!(
            "<th{}>{}</th>",
            if text { " class=\"text\"" } else { "" },
            escape(head)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for week in weeks {
        let r = WeekRecord::from_week(week);
        let mark = |pct: f64| {
            if crate::report::weekly::meets_target(pct, info.target_pct) {
                "meets"
            } else {
                "miss"
            }
        };
        out.push_str(&format!(
            "<tr data-week=\"{}\"><td class=\"text\">{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{:.1}</td><td>{:.1}</td><td>{:.1}</td><td class=\"{}\">{:.0}</td><td>{}</td><td class=\"flags\">{}</td></tr>\n",
            escape(&r.week),
            escape(&r.week),
            escape(&r.week_start),
            r.runs,
            clock(r.moving_time_s),
            info.units
                .distance(r.distance_m)
                .trim_end_matches(unit)
                .trim_end(),
            mark(r.low_pct),
            r.low_pct,
            r.moderate_pct,
            r.high_pct,
            mark(r.easy_sessions_pct),
            r.easy_sessions_pct,
            r.gray_zone_runs,
            flag_tags(r.flags.iter().map(|f| (f.name(), f.words())))
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// Flags that describe the data rather than the training: a run is not worth a second look for
/// them alone (its heart rate was cleaned, or it had none and was judged by pace).
const DATA_NOTES: [Flag; 2] = [Flag::HrCleaned, Flag::PaceOnly];

/// A gray-zone run, a run mostly moderate (a tempo at a moderate heart: what makes a week
/// gray-heavy without a gray-zone run in it, which the page then said had "no flag"), or one
/// with a flag about the training.
fn worth_a_look(row: &ActivityRow) -> bool {
    row.judgement.as_ref().is_some_and(|j| {
        j.gray_zone
            || j.zones.shares().1 >= 100.0 * GRAY_MIN_MODERATE
            || j.flags.iter().any(|f| !DATA_NOTES.contains(f))
    })
}

fn flagged_runs(out: &mut String, rows: &[&ActivityRow], units: Units) {
    let flagged: Vec<&ActivityRow> = rows.iter().copied().filter(|r| worth_a_look(r)).collect();
    out.push_str(&format!(
        "<h2 id=\"flagged\">Runs worth a second look ({})</h2>\n",
        flagged.len()
    ));
    if flagged.is_empty() {
        out.push_str(
            "<p>No gray-zone run, no run mostly moderate and no flag about the training.</p>\n",
        );
        return;
    }
    out.push_str("<p>Gray-zone runs, runs mostly moderate (the time that makes a week gray-heavy) and every run with a flag about the training (<code>hr_cleaned</code> and <code>pace_only</code> describe the data, and list no run on their own). <code>grayzone explain FILE EXPORT</code> shows one minute by minute.</p>\n");
    out.push_str("<div class=\"table-wrap\">\n<table class=\"runs\">\n<thead><tr><th class=\"text\">date</th><th class=\"text\">class</th><th class=\"text\">session</th><th class=\"text\">flags</th><th class=\"text\">why</th><th class=\"text\">run</th></tr></thead>\n<tbody>\n");
    for row in flagged {
        let Some(j) = &row.judgement else { continue };
        let date = row
            .local_start()
            .map(|s| s.get(..16).unwrap_or(&s).replace('T', " "))
            .unwrap_or_default();
        let mut class = if j.gray_zone {
            format!("{} (gray zone)", j.class.name())
        } else {
            j.class.name().to_string()
        };
        if j.overridden.contains(&"class") {
            class.push_str(" (override)");
        }
        // The run by its name where it has one; the file is the tooltip either way.
        let shown_name = match row.name() {
            Some(name) => escape(name),
            // The file's own name (the full path is the cell's tooltip).
            None => breakable(&printable(crate::activity::label::file_name(&row.path))),
        };
        out.push_str(&format!(
            "<tr{}><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"flags\">{}</td><td class=\"why\">{}</td><td class=\"file\" title=\"{}\">{}</td></tr>\n",
            if j.gray_zone { " class=\"gray\"" } else { "" },
            escape(&date),
            escape(&class),
            escape(j.session.name()),
            flag_tags(j.flags.iter().map(|f| (f.name(), run_flag_words(*f)))),
            escape(&reason_in(j, units)),
            named(&row.path),
            shown_name
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The runs that went otherwise than the runner planned, in words, and what a coach overrode.
fn against_plan(out: &mut String, rows: &[&ActivityRow]) {
    let lines: Vec<String> = rows
        .iter()
        .filter_map(|r| crate::report::against_plan(r))
        .collect();
    let overridden: Vec<String> = rows
        .iter()
        .filter_map(|r| crate::report::overridden_line(r))
        .collect();
    if lines.is_empty() && overridden.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<h2 id=\"plan\">Against the plan ({})</h2>\n<p>Runs whose name, structured workout or race marker said one thing while the run did another.</p>\n<ul class=\"plan\">\n",
        lines.len()
    ));
    for line in &lines {
        out.push_str(&format!("<li>{}</li>\n", escape(line)));
    }
    out.push_str("</ul>\n");
    if !overridden.is_empty() {
        out.push_str("<p>Overridden by the coach's file:</p>\n<ul class=\"overridden\">\n");
        for line in &overridden {
            out.push_str(&format!("<li>{}</li>\n", escape(line)));
        }
        out.push_str("</ul>\n");
    }
}

/// The watch's max HR the runs overruled, when they did (see [`crate::report::watch_overruled`]).
fn watch_settings(out: &mut String, rows: &[&ActivityRow]) {
    let notes = crate::report::watch_overruled(rows);
    if notes.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"watch\">Your watch's settings</h2>\n<ul class=\"watch\">\n");
    for note in notes {
        out.push_str(&format!("<li>{}</li>\n", escape(note)));
    }
    out.push_str("</ul>\n");
}

/// The max HR the runner gave, when their runs' clean peak passed it (see
/// [`crate::report::given_max_passed`]).
fn given_max(out: &mut String, rows: &[&ActivityRow]) {
    if let Some(note) = crate::report::given_max_passed(rows) {
        out.push_str(&format!(
            "<h2 id=\"max-hr\">Your max HR</h2>\n<ul class=\"watch\">\n<li>{}</li>\n</ul>\n",
            escape(note)
        ));
    }
}

/// Each flag in its own box, so a cell of several wraps between them, never inside one; in words,
/// as the terminal shows it, its name (the CSV's) on hover (newcomer 37 N15: the page for people
/// showed `below_80_20_sessions`).
fn flag_tags(flags: impl Iterator<Item = (&'static str, String)>) -> String {
    flags
        .map(|(name, words)| {
            format!(
                "<span class=\"flag\" title=\"{}\">{}</span>",
                escape(name),
                escape(&words)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A run's flag in words: its name spaced, the race's as the week's says it.
fn run_flag_words(flag: Flag) -> String {
    match flag {
        Flag::TooSoonAfterRace => WeekFlag::TooSoonAfterRace.words(),
        other => other.name().replace('_', " "),
    }
}

/// A path or a message naming files, for the page: its control characters written as escapes
/// (`\x1b`, `\n`), as the CSV and the terminal show them, then escaped for HTML.
fn named(text: &str) -> String {
    escape(&printable(text))
}

/// A file name that wraps, when it must, only after its separators (`-`, `_`, `.`, `@`), never
/// inside a word or a number: `<wbr>` marks each place.
fn breakable(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 16);
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        if matches!(c, '_' | '.' | '@' | '-') && chars.peek().is_some() {
            out.push_str("<wbr>");
        }
    }
    out
}

fn unreadable(out: &mut String, rows: &[ActivityRow]) {
    let errors: Vec<&ActivityRow> = rows.iter().filter(|r| r.status == Status::Error).collect();
    if errors.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<h2 id=\"unreadable\">Files that could not be read ({})</h2>\n<ul>\n",
        errors.len()
    ));
    for row in errors {
        out.push_str(&format!(
            "<li><code>{}</code>: {}</li>\n",
            named(&row.path),
            named(&row.error)
        ));
    }
    out.push_str("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::row::FileRow;

    #[test]
    fn a_page_without_runs_is_still_a_whole_page() {
        let rows = vec![FileRow::error("bad<1>.fit", "not a FIT file").judged(None)];
        let page = page(
            &rows,
            &[],
            &PageInfo {
                source: "export/".into(),
                target_pct: 80.0,
                units: Units::Metric,
                week_start: WeekStart::Monday,
                window: Window::default(),
            },
        );
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.ends_with("</html>\n"));
        assert!(page.contains("<code>bad&lt;1&gt;.fit</code>: not a FIT file"));
        assert!(page.contains("No week with runs to count."));
        // A name's control characters are shown as the CSV and the terminal show them, never
        // written raw into the page (its title, a tooltip).
        let odd = super::page(
            &[FileRow::error("ex\u{1b}[2J/a\nb.fit", "not a FIT file").judged(None)],
            &[],
            &PageInfo {
                source: "ex\u{1b}[2J".into(),
                target_pct: 80.0,
                units: Units::Metric,
                week_start: WeekStart::Monday,
                window: Window::default(),
            },
        );
        assert!(!odd.contains('\u{1b}'));
        assert!(odd.contains("<title>grayzone: 80/20 report of ex\\x1b[2J</title>"));
        assert!(odd.contains("<code>ex\\x1b[2J/a\\nb.fit</code>"));
        // Self-contained: nothing fetched from anywhere.
        for fetch in [
            "src=", "href=", "<script", "<link", "url(", "@import", "https:",
        ] {
            assert!(!page.contains(fetch), "{fetch}");
        }
    }
}
