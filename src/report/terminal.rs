//! The human summary printed by `grayzone` in a terminal: the last weeks as a compact table with a
//! bar of low / moderate / high time, coloured only when the output is a terminal (and `NO_COLOR`
//! is unset).

use crate::activity::units::{clock, Units};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::judge::ActivityRow;
use crate::report::weekly::Week;
use crate::summarize::row::Status;

const BAR_WIDTH: usize = 30;

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A bar of `BAR_WIDTH` cells: `.` low, `=` moderate, `#` high (green / yellow / red in colour).
pub fn bar(week: &Week, color: bool) -> String {
    let (low, moderate, _) = week.zone_pcts();
    let cells = |pct: f64| ((pct / 100.0) * BAR_WIDTH as f64).round() as usize;
    let l = cells(low).min(BAR_WIDTH);
    let m = cells(moderate).min(BAR_WIDTH - l);
    let h = BAR_WIDTH - l - m;
    format!(
        "{}{}{}",
        paint(&".".repeat(l), "32", color),
        paint(&"=".repeat(m), "33", color),
        paint(&"#".repeat(h), "31", color)
    )
}

pub fn summary(
    rows: &[ActivityRow],
    weeks: &[Week],
    last: usize,
    color: bool,
    units: Units,
) -> String {
    let mut out = String::new();
    let errors = rows.iter().filter(|r| r.status == Status::Error).count();
    let runs = rows.iter().filter(|r| r.is_run()).count();
    let left_out = crate::report::left_out_sentence(rows)
        .map(|s| format!("; {s}, in no week"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{runs} runs read ({} files, {errors} unreadable{left_out}). Last {} weeks, bar = time low {} / moderate {} / high {}:\n\n",
        rows.len(),
        last.min(weeks.len()),
        paint(".", "32", color),
        paint("=", "33", color),
        paint("#", "31", color),
    ));
    let skip = weeks.len().saturating_sub(last);
    let shown = &weeks[skip..];
    // ISO labels (`2024-W05`) fit 9 columns; a Sunday week's date label needs 10.
    let week_w = shown.iter().map(|w| w.week.len()).fold(9, usize::max);
    out.push_str(&format!(
        "{:<week_w$} {:>4} {:>8} {:>8} {:>6} {:>6} {:<w$} {}\n",
        "week",
        "runs",
        "time",
        units.distance_unit(),
        "low%",
        "easy#%",
        "",
        "flags",
        w = BAR_WIDTH
    ));
    for w in shown {
        let (low, _, _) = w.zone_pcts();
        let low_text = format!("{low:>6.1}");
        let low_text = if low < DEFAULT_MIN_EASY_PCT {
            paint(&low_text, "31", color)
        } else {
            paint(&low_text, "32", color)
        };
        let distance = units.distance(w.distance_m);
        out.push_str(&format!(
            "{:<week_w$} {:>4} {:>8} {:>8} {} {:>6.0} {} {}\n",
            w.week,
            w.runs,
            clock(w.moving_time_s),
            distance.trim_end_matches(units.distance_unit()).trim_end(),
            low_text,
            w.easy_sessions_pct(),
            bar(w, color),
            w.flags.join(" ")
        ));
    }
    if weeks.is_empty() {
        out.push_str("(no runs found)\n");
    }
    out
}
