//! The human summary printed by `grayzone` in a terminal: the last weeks as a compact table with a
//! bar of low / moderate / high time, coloured only when the output is a terminal (and `NO_COLOR`
//! is unset).

use std::path::PathBuf;

use crate::activity::calendar::WeekStart;
use crate::activity::units::{clock, counted, Units};
use crate::judge::ActivityRow;
use crate::report::paint;
use crate::report::weekly::Week;
use crate::report::window::Window;
use crate::summarize::row::Status;

const BAR_WIDTH: usize = 30;

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

/// What to say when the paths hold no activity file at all: what grayzone looks for.
pub fn nothing_found(paths: &[PathBuf]) -> String {
    let place = match paths {
        [one] => one.display().to_string(),
        _ => "the paths given".to_string(),
    };
    format!(
        "no activity file found in {place}: grayzone reads .fit, .gpx and .tcx files (also .gz) and .zip exports (Garmin's, Strava's), in folders and their subfolders"
    )
}

/// What the activities were when none of them is a run judged: their sports, and what else kept
/// them out. `None` when a run was judged (or nothing was read: see [`nothing_found`]).
pub fn no_run_judged(rows: &[ActivityRow]) -> Option<String> {
    if rows.is_empty() || rows.iter().any(|r| r.judgement.is_some()) {
        return None;
    }
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for r in rows {
        let kind = match (r.status, &r.summary) {
            (Status::NotRun, Some(s)) => s.sport.name().replace('_', " "),
            (Status::Error, _) => "unreadable".to_string(),
            (Status::Duplicate, _) => "duplicate".to_string(),
            (_, _) if r.left_out.is_some() => "left out".to_string(),
            _ => "other".to_string(),
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let listed: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    // Nothing but unreadable files: their faults were said one a file; rides and swims are
    // beside the point (newcomer 37 N10: a text file named .fit was answered about rides).
    let why = if rows.iter().all(|r| r.status == Status::Error) {
        "each file's fault is said above: are they activity files, downloaded whole?"
    } else {
        "grayzone judges runs; rides, swims and walks count as cross-training in the weeks of runs"
    };
    Some(format!(
        "no run judged among {} ({}): {why}",
        counted(rows.len(), "activity", "activities"),
        listed.join(", ")
    ))
}

/// Weeks without runs this many in a row or more are one line: a long break reads as one.
const GAP_LINE_WEEKS: usize = 5;

/// The summary: what was read, then every calendar week of the window (empty ones included, long
/// breaks on one line) with its bar, then what the window leaves out.
/// How the summary is shown: the weeks' first day, the target their low share is held to (red
/// under it), paces and distances, and colours for a terminal.
#[derive(Clone, Copy, Debug)]
pub struct SummaryOptions {
    pub week_start: WeekStart,
    pub target_pct: f64,
    pub units: Units,
    pub color: bool,
}

pub fn summary(
    rows: &[ActivityRow],
    weeks: &[Week],
    window: &Window,
    options: SummaryOptions,
    paths: &[PathBuf],
) -> String {
    let SummaryOptions {
        week_start,
        target_pct,
        units,
        color,
    } = options;
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str(&format!("Nothing to sum up: {}.\n", nothing_found(paths)));
        return out;
    }
    let errors = rows.iter().filter(|r| r.status == Status::Error).count();
    let runs = rows.iter().filter(|r| r.is_run()).count();
    let left_out = crate::report::left_out_sentence(rows)
        .map(|s| format!("; {s}, in no week"))
        .unwrap_or_default();
    let files = counted(crate::report::files_read(rows), "file", "files");
    if weeks.is_empty() {
        // Nothing but unreadable files is no question of rides and swims (newcomer 38 N10).
        let why = if errors > 0 && errors == rows.len() {
            ": no file could be read; each file's fault is said on stderr (without -q) and in `grayzone activities`"
        } else {
            ". grayzone judges runs; rides, walks and swims count as cross-training"
        };
        out.push_str(&format!(
            "{} judged ({files}, {errors} unreadable{left_out}): none to sum up{why}.\n",
            counted(runs, "run", "runs")
        ));
        return out;
    }
    // Weeks before the export's first run are no weeks off: the window starts with the running
    // (newcomer 37 N16: "6 weeks without runs" before an export that began in week 14).
    let mut shown = window.calendar_weeks(weeks, week_start);
    if let Some(first) = weeks.iter().find(|w| w.runs > 0) {
        shown.retain(|w| w.week_start >= first.week_start);
    }
    let span = match (shown.first(), shown.last()) {
        (Some(a), Some(b)) => format!(
            "{}, {} to {}",
            counted(shown.len(), "week", "weeks"),
            a.week,
            b.week
        ),
        _ => "no weeks".to_string(),
    };
    out.push_str(&format!(
        "{} read ({files}, {errors} unreadable{left_out}). {span}; low% = of the time, easy% = of the runs; bar = time low {} / moderate {} / high {}:\n\n",
        counted(runs, "run", "runs"),
        paint(".", "32", color),
        paint("=", "33", color),
        paint("#", "31", color),
    ));
    // ISO labels (`2024-W05`) fit 9 columns; a Sunday week's label (`Sun 2024-02-04`) needs 14.
    let week_w = shown.iter().map(|w| w.week.len()).fold(9, usize::max);
    out.push_str(&format!(
        "{:<week_w$} {:>4} {:>8} {:>8} {:>6} {:>6} {:<w$} {}\n",
        "week",
        "runs",
        "time",
        units.distance_unit(),
        "low%",
        "easy%",
        "",
        "flags",
        w = BAR_WIDTH
    ));
    out.push_str(&week_lines(&shown, week_w, units, color, target_pct));
    let verdict = crate::report::weekly::Verdict::of(&shown, target_pct);
    out.push_str(&format!("\n{}\n", verdict.sentence()));
    // What the runner meant against what they ran, and what a coach changed: by name and date.
    let shown_rows = window.rows(rows);
    let against: Vec<String> = shown_rows
        .iter()
        .filter_map(|r| crate::report::against_plan(r))
        .collect();
    push_section(&mut out, "Against the plan", &against);
    let overridden: Vec<String> = shown_rows
        .iter()
        .filter_map(|r| crate::report::overridden_line(r))
        .collect();
    push_section(&mut out, "Overridden", &overridden);
    push_section(
        &mut out,
        "Your watch's settings",
        crate::report::watch_overruled(&shown_rows),
    );
    push_section(
        &mut out,
        "Your max HR",
        crate::report::given_max_passed(&shown_rows).as_slice(),
    );
    if let Some(note) = window.note(weeks, "Shown:") {
        out.push_str(&format!("\n{note}.\n"));
    }
    out
}

/// One line per week shown, a run of weeks without runs folded into one line.
fn week_lines(shown: &[Week], week_w: usize, units: Units, color: bool, target_pct: f64) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < shown.len() {
        let w = &shown[i];
        if w.runs == 0 {
            let gap = shown[i..].iter().take_while(|w| w.runs == 0).count();
            if gap >= GAP_LINE_WEEKS {
                let last = &shown[i + gap - 1];
                out.push_str(&format!(
                    "{:<week_w$} {:>4}   ({gap} weeks without runs, to {})\n",
                    w.week, 0, last.week
                ));
                i += gap;
                continue;
            }
            out.push_str(&format!("{:<week_w$} {:>4}\n", w.week, 0));
            i += 1;
            continue;
        }
        // As the CSV and `check` round it: the three shares to tenths that add up to 100.
        let (low, _, _) = crate::report::tenths_to_100(w.zone_pcts());
        let low_text = format!("{low:>6.1}");
        let low_text = if !crate::report::weekly::meets_target(low, target_pct) {
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
            w.flags
                .iter()
                .map(|f| f.words())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        i += 1;
    }
    out
}

/// A titled list of lines (what was against the plan, overridden, the watch's settings), if any.
fn push_section<S: AsRef<str>>(out: &mut String, title: &str, lines: &[S]) {
    if lines.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}:\n"));
    for line in lines {
        out.push_str(&format!("  {}\n", crate::report::printable(line.as_ref())));
    }
}
