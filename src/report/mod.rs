//! Stage 4, report: judged rows into [`weekly`] weeks, then written out. The exporters sit side by
//! side, one per format: [`records`] are the rows of every table, which [`csv`] and [`json`] write
//! field for field alike; [`chart`] draws the weeks as SVG ([`png`] renders it), [`html`] is the
//! one-page report, [`terminal`] the summary for humans, and [`explain`] tells why one run got its
//! verdict.

pub mod chart;
pub mod check;
pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod png;
pub mod query;
pub mod records;
pub mod table;
pub mod team;
pub mod terminal;
pub mod weekly;
pub mod window;

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::activity::units::{Units, METERS_PER_MILE};

/// Output format of the tabular commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Writes records in the chosen format.
pub fn write<T: Serialize + Default>(
    format: Format,
    records: &[T],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Csv => csv::write(records, out),
        Format::Json => json::write_array(records, out),
        Format::Jsonl => json::write_lines(records, out),
    }
}

/// "2 runs not judged (1 too short to judge, 1 with implausible figures)", for the human outputs,
/// or `None` when every run was judged.
pub fn left_out_sentence<'a, J: 'a>(
    rows: impl IntoIterator<Item = &'a crate::summarize::row::Row<J>>,
) -> Option<String> {
    use crate::summarize::row::LeftOut;
    let (mut short, mut implausible, mut alone) = (0usize, 0usize, 0usize);
    for row in rows.into_iter().filter(|r| r.is_left_out()) {
        match row.left_out {
            Some(LeftOut::TooShort { .. }) => short += 1,
            Some(LeftOut::Implausible(_)) => implausible += 1,
            Some(LeftOut::NothingToCompare) => alone += 1,
            None => {}
        }
    }
    let total = short + implausible + alone;
    if total == 0 {
        return None;
    }
    let plural = |n: usize| if n == 1 { "run" } else { "runs" };
    let mut parts = Vec::new();
    if short > 0 {
        parts.push(format!("{short} too short to judge"));
    }
    if implausible > 0 {
        parts.push(format!("{implausible} with implausible figures"));
    }
    if alone > 0 {
        parts.push(format!(
            "{alone} with no heart rate and no run near it to hold its pace against"
        ));
    }
    Some(format!(
        "{total} {} not judged ({})",
        plural(total),
        parts.join(", ")
    ))
}

/// A target as set: `80`, `80.5` (never `80` for `80.4`, beside a week shown at `80.1`).
/// "the 80/20 target" at the rule's own 80 %, else "the target": a target of 81 % is no 80/20
/// (newcomer 39 N9: "meet the 80/20 target (81 % …)").
pub fn target_name(target_pct: f64) -> &'static str {
    if target_words(target_pct) == target_words(crate::judge::rules::DEFAULT_MIN_EASY_PCT) {
        "the 80/20 target"
    } else {
        "the target"
    }
}

pub fn target_words(target_pct: f64) -> String {
    let tenths = crate::report::round(target_pct, 1);
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// Three shares in percent, rounded to tenths so that they add up to exactly 100 and none goes
/// below 0 (largest remainder: the tenths lost to rounding go to the shares that lost most).
pub fn tenths_to_100(shares: (f64, f64, f64)) -> (f64, f64, f64) {
    let raw = [shares.0, shares.1, shares.2].map(|x| (x.max(0.0) * 10.0).max(0.0));
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let scaled = raw.map(|x| x / total * 1000.0);
    let mut units = scaled.map(|x| x.floor() as i64);
    let mut missing = 1000 - units.iter().sum::<i64>();
    let mut order = [0usize, 1, 2];
    order.sort_by(|&a, &b| {
        (scaled[b] - scaled[b].floor())
            .total_cmp(&(scaled[a] - scaled[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(3 * 3) {
        if missing <= 0 {
            break;
        }
        units[i] += 1;
        missing -= 1;
    }
    (
        units[0] as f64 / 10.0,
        units[1] as f64 / 10.0,
        units[2] as f64 / 10.0,
    )
}

/// Rounds to `digits` decimals so output is tidy and identical everywhere.
pub fn round(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    let r = (x * p).round() / p;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `text` in the terminal colour `code` (an SGR number: `32` green, `1;31` bold red) when
/// `color`, else as it is.
pub(crate) fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Why a run got its verdict, as the runner reads it: the classifier's reason in the chosen units,
/// then the coach's note from the overrides file in their own words ("the 10 km loop at 4:30/km"
/// stays as written).
pub fn reason_in(j: &crate::judge::classify::Judgement, units: Units) -> String {
    let reason = j.reason.in_units(units);
    match &j.override_note {
        Some(note) => format!("{reason}; coach: {note}"),
        None => reason,
    }
}

/// How many files the rows came from: a multi-session file (`run.fit#1`, `run.fit#2`) is one
/// file with several rows.
pub fn files_read<J>(rows: &[crate::summarize::row::Row<J>]) -> usize {
    let mut files: Vec<&str> = rows
        .iter()
        .map(|r| crate::activity::label::file(&r.path))
        .collect();
    files.sort_unstable();
    files.dedup();
    files.len()
}

/// Miles from metres, rounded for tables.
pub fn miles(meters: f64) -> f64 {
    round(meters / METERS_PER_MILE, 2)
}

/// Text as a terminal should show it: control characters (ESC, CR, LF, BEL, the C1 set, DEL)
/// written as escapes (`\x1b`, `\r`, `\n`, `\u{9b}`), so a file or entry name cannot move the
/// cursor, retitle the window or split a one-line message; and the bidirectional overrides,
/// embeddings and isolates (U+202A–202E, U+2066–2069), which make a name read backwards on screen
/// (`run`, U+202E, `xcod.gpx` shows as `runxpg.docx`) while its bytes say otherwise. Used for
/// stderr, human output and CSV.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character that acts on the display instead of showing: a control, or a bidirectional
/// override, embedding or isolate.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escapes text for XML and HTML (element content and quoted attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Where a plan was read, in words.
fn source_words(source: crate::judge::intent::PlannedSource) -> &'static str {
    use crate::judge::intent::PlannedSource;
    match source {
        PlannedSource::StructuredWorkout => "its structured workout",
        PlannedSource::RaceMarker => "the export's race marker",
        PlannedSource::Title => "its title",
        PlannedSource::Index => "the export's index",
        PlannedSource::Override => "the overrides file",
    }
}

/// What the human reports (`summary`, the HTML page) say of the watch's settings: when the runs
/// overruled the watch's max HR, every verdict hangs on that, so the runner is told (as of the
/// last judged run shown), with the way to say otherwise. Empty otherwise.
/// The note on a max HR the runner gave that the runs' clean peak passed, at the last judged run
/// shown (see `Baseline::given_max_note`).
pub fn given_max_passed<'a>(shown: &[&'a crate::judge::ActivityRow]) -> Option<&'a String> {
    shown
        .iter()
        .rev()
        .find_map(|r| r.judgement.as_deref())
        .and_then(|j| j.baseline.given_max_note.as_ref())
}

pub fn watch_overruled<'a>(shown: &[&'a crate::judge::ActivityRow]) -> &'a [String] {
    shown
        .iter()
        .rev()
        .find_map(|r| r.judgement.as_deref())
        .filter(|j| j.baseline.watch_max_not_used)
        .map_or(&[][..], |j| &j.baseline.watch_notes[..])
}

/// One sentence for a run that went otherwise than the runner planned, with the numbers:
/// `'Recovery jog' 2024-04-06 07:30 ran gray: 84 % of max for 41 min (planned recovery, by its
/// title)`. `None` for a run that went as planned or said nothing.
pub fn against_plan(row: &crate::judge::ActivityRow) -> Option<String> {
    let j = row.judgement.as_ref()?;
    let planned = j.planned.as_ref()?;
    let s = row.summary.as_deref()?;
    let how = if j.harder_than_planned() {
        if j.gray_zone {
            "ran gray".to_string()
        } else {
            format!("ran hard ({})", j.session.name())
        }
    } else if j.easier_than_planned() {
        format!("ran {}", j.class.name())
    } else {
        return None;
    };
    let minutes = (s.moving_time_s / 60.0).round();
    let effort = match j.hr_fraction {
        Some(f) => format!("{:.0} % of max for {minutes:.0} min", f * 100.0),
        None => format!("{minutes:.0} min, judged by pace"),
    };
    Some(format!(
        "{} {how}: {effort} (planned {}, by {})",
        row.display_name(),
        planned.planned.name(),
        source_words(planned.source)
    ))
}

/// One line for a run a coach's override changed: what it set and its note.
pub fn overridden_line(row: &crate::judge::ActivityRow) -> Option<String> {
    let j = row.judgement.as_ref()?;
    if j.overridden.is_empty() {
        return None;
    }
    let mut line = format!(
        "{}: {} set by the overrides file, now {}",
        row.display_name(),
        j.overridden.join(", "),
        j.class.name()
    );
    if let Some(p) = &j.planned {
        line.push_str(&format!(", planned {}", p.planned.name()));
    }
    if let Some(note) = &j.override_note {
        line.push_str(&format!(" (\"{note}\")"));
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_paces_and_distances() {
        assert_eq!(Units::Metric.pace(340.0), "5:40/km");
        // 340 s/km × 1.609344 = 547.2 s = 9:07 per mile.
        assert_eq!(Units::Imperial.pace(340.0), "9:07/mi");
        assert_eq!(Units::Metric.distance(12_345.0), "12.3 km");
        assert_eq!(Units::Imperial.distance(10_000.0), "6.2 mi");
        assert_eq!(Units::Imperial.pace_gap(-23.0), "37 s/mi");
        assert_eq!(miles(42_195.0), 26.22);
        assert_eq!(Units::from_name("Imperial"), Some(Units::Imperial));
        assert_eq!(Units::from_name("furlongs"), None);
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            printable("run\u{1b}]0;owned\u{7}\r\n\u{9b}2J.fit"),
            "run\\x1b]0;owned\\x07\\r\\n\\u{9b}2J.fit"
        );
        assert!(matches!(printable("plain é"), Cow::Borrowed("plain é")));
        // A right-to-left override shows `run\u{202e}xcod.gpx` as "rundocx.gpx"-like text.
        assert_eq!(
            printable("run\u{202e}xcod.gpx \u{2067}x\u{2069}"),
            "run\\u{202e}xcod.gpx \\u{2067}x\\u{2069}"
        );
        // Marks that only direct the text around them (Hebrew and Arabic titles) are left alone.
        assert!(matches!(printable("ריצה\u{200f} קלה"), Cow::Borrowed(_)));
    }

    #[test]
    fn sessions_of_one_file_count_as_one_file() {
        let rows: Vec<crate::summarize::row::FileRow> = ["tri.fit#1", "tri.fit#2", "run.fit"]
            .iter()
            .map(|p| crate::summarize::row::FileRow::error(*p, "x"))
            .collect();
        assert_eq!(files_read(&rows), 2);
    }
}
