//! Aligned tables for a terminal: what `activities`, `weekly` and `baseline` print when their
//! output is a person rather than a program. A runner reads the date, the run, its class and the
//! figures first, so those come first, numbers right-aligned; the last column is free text (the
//! reason, the flags), cut with `…` to the terminal's width so a row stays one line. Piped, sent
//! to a file or asked for with `--format`, the same commands write CSV or JSON instead, unchanged.

use crate::activity::label;
use crate::activity::units::{clock, Units};
use crate::report::printable;
use crate::report::records::{ActivityRecord, BaselineRecord, WeekRecord};
use crate::report::team::{AthleteRow, TeamSummaryRecord};
use crate::report::weekly::WeekFlag;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Narrowest the last, free-text column is cut to: below that a sentence is no help, and the
/// terminal may wrap instead.
const MIN_FREE_TEXT: usize = 24;

fn width_of(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to `max` characters, the cut marked with `…` (at the start when `from_end`, for
/// paths, whose end names the file).
fn cut(text: &str, max: usize, from_end: bool) -> String {
    let n = width_of(text);
    if n <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    if from_end {
        let kept: String = text.chars().skip(n - (max - 1)).collect();
        format!("…{kept}")
    } else {
        let kept: String = text.chars().take(max - 1).collect();
        format!("{kept}…")
    }
}

/// Lays out the rows under their headings, two spaces between columns, a rule under the
/// headings. With `width` (a terminal's), the last column is cut so that every line fits.
pub fn render(columns: &[(&str, Align)], rows: &[Vec<String>], width: Option<usize>) -> String {
    render_cut(columns, rows, width).0
}

/// [`render`], and whether the last column had to be cut to the width.
fn render_cut(
    columns: &[(&str, Align)],
    rows: &[Vec<String>],
    width: Option<usize>,
) -> (String, bool) {
    // A file's name may hold a newline (a row split in two) or a terminal's escapes (a screen
    // cleared, a window retitled): written as escapes, as on stderr (hostile round 37 M1).
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| crate::report::printable(cell).into_owned())
                .collect()
        })
        .collect();
    let rows = rows.as_slice();
    let mut widths: Vec<usize> = columns.iter().map(|(title, _)| width_of(title)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width_of(cell));
        }
    }
    let mut cut_last = false;
    if let (Some(total), Some(last)) = (width, widths.len().checked_sub(1)) {
        let before: usize = widths[..last].iter().map(|w| w + 2).sum();
        let room = total.saturating_sub(before).max(MIN_FREE_TEXT);
        cut_last = widths[last] > room;
        widths[last] = widths[last].min(room);
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut text = String::new();
        for (i, ((cell, (_, align)), w)) in cells.iter().zip(columns).zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let cell = cut(cell, *w, false);
            let pad = w.saturating_sub(width_of(&cell));
            match align {
                Align::Left => {
                    text.push_str(&cell);
                    text.push_str(&" ".repeat(pad));
                }
                Align::Right => {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(&cell);
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    let titles: Vec<String> = columns.iter().map(|(t, _)| t.to_string()).collect();
    line(&titles, &mut out);
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rules, &mut out);
    for row in rows {
        line(row, &mut out);
    }
    (out, cut_last)
}

/// A distance in the runner's unit, without the unit (it is in the heading).
fn distance(units: Units, meters: f64) -> String {
    units
        .distance(meters)
        .trim_end_matches(units.distance_unit())
        .trim_end()
        .to_string()
}

fn number(value: Option<f64>, decimals: usize) -> String {
    value.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

/// Longest file name shown whole; longer ones keep their end, which names the file.
const MAX_FILE: usize = 28;

/// Headings, and how a record becomes a line's cells.
type Columns = Vec<(String, Align)>;

fn columns(list: &[(&str, Align)]) -> Columns {
    list.iter().map(|(t, a)| (t.to_string(), *a)).collect()
}

fn render_columns(columns: &Columns, rows: &[Vec<String>], width: Option<usize>) -> String {
    render_columns_cut(columns, rows, width).0
}

fn render_columns_cut(
    columns: &Columns,
    rows: &[Vec<String>],
    width: Option<usize>,
) -> (String, bool) {
    let borrowed: Vec<(&str, Align)> = columns.iter().map(|(t, a)| (t.as_str(), *a)).collect();
    render_cut(&borrowed, rows, width)
}

/// `grayzone activities` in a terminal: one line per activity.
pub fn activities(records: &[ActivityRecord], units: Units, width: Option<usize>) -> String {
    let (columns, row) = activity_layout(units);
    let rows: Vec<Vec<String>> = records.iter().map(row).collect();
    let (table, cut) = render_columns_cut(&columns, &rows, width);
    // The reason is why the tool exists: cut to a laptop's width, the runner is told where it is
    // whole.
    if cut {
        return format!(
            "{table}\nReasons cut to fit: `grayzone explain FILE EXPORT` shows one whole, `-o runs.csv` all.\n"
        );
    }
    table
}

fn activity_layout(units: Units) -> (Columns, impl Fn(&ActivityRecord) -> Vec<String>) {
    let unit = units.distance_unit();
    let pace_head = format!("pace /{unit}");
    let columns = columns(&[
        ("date", Align::Left),
        ("file", Align::Left),
        ("class", Align::Left),
        ("gray zone", Align::Left),
        ("moving", Align::Right),
        (unit, Align::Right),
        (pace_head.as_str(), Align::Right),
        ("avg HR", Align::Right),
        ("reason", Align::Left),
    ]);
    let row = move |r: &ActivityRecord| {
        let date = r
            .start_time
            .get(..16)
            .map(|d| d.replace('T', " "))
            .unwrap_or_default();
        // Not a run: say what it is instead of a class, and why in the last column.
        let (class, why) = match r.status {
            // A run left unjudged (too short, out of the baseline's dates) says why, as its
            // CSV's note does: blank, it read as a run the tool forgot.
            "ok" if r.class.is_empty() => ("not judged".to_string(), r.note.clone()),
            // The record's reason is in kilometres, as the CSV's contract says; the table's
            // columns beside it are in the units asked for (review 37 §1.3).
            "ok" => (
                r.class.clone(),
                match units {
                    Units::Metric => r.reason.clone(),
                    Units::Imperial => r.reason_in_miles.clone(),
                },
            ),
            "error" => ("unreadable".to_string(), r.error.clone()),
            "duplicate" => ("duplicate".to_string(), r.note.clone()),
            _ => (
                if r.sport.is_empty() {
                    "not a run".to_string()
                } else {
                    r.sport.clone()
                },
                r.note.clone(),
            ),
        };
        // The CSV's own text, without the unit the heading carries.
        let pace = match units {
            Units::Metric => &r.avg_pace_per_km,
            Units::Imperial => &r.avg_pace_per_mi,
        };
        let pace = pace.trim_end_matches(&format!("/{unit}")).to_string();
        vec![
            date,
            // The file's own name: the full path is in the CSV.
            cut(label::file_name(&r.path), MAX_FILE, true),
            class,
            if r.gray_zone { "gray zone" } else { "" }.to_string(),
            r.moving_time_s.map(clock).unwrap_or_default(),
            r.distance_m.map(|m| distance(units, m)).unwrap_or_default(),
            pace,
            number(r.avg_hr, 0),
            why,
        ]
    };
    (columns, row)
}

/// `grayzone weekly` in a terminal: one line per week. A terminal narrower than the full table
/// (a laptop's 80 columns) gets the columns of the 80/20 question alone: the full one wrapped
/// every row, mid-number.
pub fn weeks(records: &[WeekRecord], units: Units, width: Option<usize>) -> String {
    if width.is_some_and(|w| w < WEEKS_FULL_WIDTH) {
        let (columns, row) = narrow_week_layout(units);
        let rows: Vec<Vec<String>> = records.iter().map(row).collect();
        return render_columns(&columns, &rows, width);
    }
    let (columns, row) = week_layout(units);
    let rows: Vec<Vec<String>> = records.iter().map(row).collect();
    render_columns(&columns, &rows, width)
}

/// The width the full weekly table needs: its columns before the flags (about 95), and room
/// for a flag or two.
const WEEKS_FULL_WIDTH: usize = 120;

/// A week's flags as a runner reads them (the CSV and JSON keep their names); `with_target`:
/// with the two that say the week missed its target, which the narrow table's figures already
/// say.
fn flag_words(flags: &[WeekFlag], with_target: bool) -> String {
    flags
        .iter()
        .filter(|f| with_target || !f.is_target())
        .map(|f| f.words())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A week's share as the narrow table shows it, with the target it missed beside it (`80.9 < 81`):
/// a figure rounded to the target's own would read as met (newcomer 39 N1: 80.9 shown as "81"
/// under `--min-easy 81`, its flag dropped as the figure's to say).
fn missed_or_not(
    figure: String,
    flags: &[WeekFlag],
    target_of: impl Fn(WeekFlag) -> Option<f64>,
) -> String {
    match flags.iter().find_map(|f| target_of(*f)) {
        Some(target) => format!("{figure} < {}", crate::report::target_words(target)),
        None => figure,
    }
}

fn narrow_week_layout(units: Units) -> (Columns, impl Fn(&WeekRecord) -> Vec<String>) {
    let columns = columns(&[
        ("week", Align::Left),
        ("runs", Align::Right),
        (units.distance_unit(), Align::Right),
        ("low %", Align::Right),
        ("easy runs %", Align::Right),
        ("gray", Align::Right),
        ("other flags", Align::Left),
    ]);
    let row = move |w: &WeekRecord| {
        vec![
            w.week.clone(),
            w.runs.to_string(),
            distance(units, w.distance_m),
            missed_or_not(format!("{:.1}", w.low_pct), &w.flags, |f| match f {
                WeekFlag::BelowTarget { target_pct } => Some(target_pct),
                _ => None,
            }),
            missed_or_not(
                format!("{:.0}", w.easy_sessions_pct),
                &w.flags,
                |f| match f {
                    WeekFlag::BelowTargetSessions { target_pct } => Some(target_pct),
                    _ => None,
                },
            ),
            w.gray_zone_runs.to_string(),
            flag_words(&w.flags, false),
        ]
    };
    (columns, row)
}

fn week_layout(units: Units) -> (Columns, impl Fn(&WeekRecord) -> Vec<String>) {
    let columns = columns(&[
        ("week", Align::Left),
        ("from", Align::Left),
        ("runs", Align::Right),
        ("moving", Align::Right),
        (units.distance_unit(), Align::Right),
        ("low %", Align::Right),
        ("moderate %", Align::Right),
        ("high %", Align::Right),
        ("easy runs %", Align::Right),
        ("gray zone", Align::Right),
        ("flags", Align::Left),
    ]);
    let row = move |w: &WeekRecord| {
        vec![
            w.week.clone(),
            w.week_start.clone(),
            w.runs.to_string(),
            clock(w.moving_time_s),
            distance(units, w.distance_m),
            format!("{:.1}", w.low_pct),
            format!("{:.1}", w.moderate_pct),
            format!("{:.1}", w.high_pct),
            format!("{:.0}", w.easy_sessions_pct),
            w.gray_zone_runs.to_string(),
            flag_words(&w.flags, true),
        ]
    };
    (columns, row)
}

/// `grayzone baseline` in a terminal: one line per week, the figures and where max HR came from.
pub fn baseline(records: &[BaselineRecord], units: Units, width: Option<usize>) -> String {
    let (columns, row) = baseline_layout(units);
    let rows: Vec<Vec<String>> = records.iter().map(row).collect();
    render_columns(&columns, &rows, width)
}

fn baseline_layout(units: Units) -> (Columns, impl Fn(&BaselineRecord) -> Vec<String>) {
    let unit = units.distance_unit();
    let easy = format!("easy /{unit}");
    let threshold = format!("threshold /{unit}");
    let columns = columns(&[
        ("week", Align::Left),
        ("date", Align::Left),
        ("max HR", Align::Right),
        (easy.as_str(), Align::Right),
        (threshold.as_str(), Align::Right),
        ("LTHR", Align::Right),
        ("low below", Align::Right),
        ("high from", Align::Right),
        ("usual run", Align::Right),
        ("max HR from", Align::Left),
    ]);
    let pace = move |per_km: &str, per_mi: &str| {
        match units {
            Units::Metric => per_km,
            Units::Imperial => per_mi,
        }
        .trim_end_matches(&format!("/{unit}"))
        .to_string()
    };
    let row = move |b: &BaselineRecord| {
        vec![
            b.week.clone(),
            b.date.clone(),
            format!("{:.0}", b.max_hr),
            pace(&b.easy_pace_per_km, &b.easy_pace_per_mi),
            pace(&b.threshold_pace_per_km, &b.threshold_pace_per_mi),
            number(b.lthr, 0),
            format!("{:.0}", b.low_zone_top_bpm),
            format!("{:.0}", b.high_zone_start_bpm),
            b.base_run_min
                .map(|m| format!("{m:.0} min"))
                .unwrap_or_default(),
            b.max_hr_source.clone(),
        ]
    };
    (columns, row)
}

/// A team table in a terminal: the athlete first, then the one-athlete table's columns; an
/// athlete without a row of their own has their `athlete_error` in the last column.
fn with_athletes<T>(
    rows: &[AthleteRow<T>],
    (inner, row): (Columns, impl Fn(&T) -> Vec<String>),
    width: Option<usize>,
) -> String {
    let mut all = columns(&[("athlete", Align::Left)]);
    let blanks = inner.len().saturating_sub(1);
    all.extend(inner);
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![printable(&r.athlete).into_owned()];
            if r.athlete_error.is_empty() {
                cells.extend(row(&r.record));
            } else {
                cells.extend(std::iter::repeat_n(String::new(), blanks));
                cells.push(printable(&r.athlete_error).into_owned());
            }
            cells
        })
        .collect();
    render_columns(&all, &lines, width)
}

/// `grayzone team --table activities` in a terminal.
pub fn team_activities(
    rows: &[AthleteRow<ActivityRecord>],
    units: Units,
    width: Option<usize>,
) -> String {
    with_athletes(rows, activity_layout(units), width)
}

/// `grayzone team` (`--table weekly`) in a terminal.
pub fn team_weeks(rows: &[AthleteRow<WeekRecord>], units: Units, width: Option<usize>) -> String {
    with_athletes(rows, week_layout(units), width)
}

/// `grayzone team --table baseline` in a terminal.
pub fn team_baseline(
    rows: &[AthleteRow<BaselineRecord>],
    units: Units,
    width: Option<usize>,
) -> String {
    with_athletes(rows, baseline_layout(units), width)
}

/// `grayzone team --table summary` in a terminal: one line per athlete, their problems last.
pub fn team_summary(records: &[TeamSummaryRecord], width: Option<usize>) -> String {
    let columns = columns(&[
        ("athlete", Align::Left),
        ("weeks", Align::Left),
        ("missed", Align::Right),
        ("runs", Align::Right),
        ("moving", Align::Right),
        ("low %", Align::Right),
        ("easy runs %", Align::Right),
        ("gray zone", Align::Right),
        ("accidental", Align::Right),
        ("last run", Align::Left),
        ("problems", Align::Left),
    ]);
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|s| {
            let problems = if !s.athlete_error.is_empty() {
                printable(&s.athlete_error).into_owned()
            } else if s.unreadable_files > 0 {
                format!("{} unreadable files", s.unreadable_files)
            } else {
                String::new()
            };
            vec![
                printable(&s.athlete).into_owned(),
                s.last_weeks.clone(),
                format!("{}/{}", s.weeks_missed, s.weeks_checked),
                s.runs.to_string(),
                clock(s.moving_time_s),
                number(s.low_pct, 1),
                number(s.easy_sessions_pct, 0),
                s.gray_zone_runs.to_string(),
                s.accidental_workouts.to_string(),
                s.last_run.clone(),
                problems,
            ]
        })
        .collect();
    render_columns(&columns, &rows, width)
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_in_a_cell_are_written_as_escapes() {
        let columns = [("file", super::Align::Left)];
        let rows = vec![vec!["new\nline\u{1b}[2J.fit".to_string()]];
        let (table, _) = super::render_cut(&columns, &rows, None);
        assert_eq!(table.lines().count(), 3, "{table}");
        assert!(table.contains("new\\nline\\x1b[2J.fit"), "{table}");
        assert!(!table.contains('\u{1b}'), "{table}");
    }

    use super::*;

    #[test]
    fn columns_align_and_the_last_one_is_cut_to_the_width() {
        let columns = [
            ("date", Align::Left),
            ("km", Align::Right),
            ("reason", Align::Left),
        ];
        let rows = vec![
            vec![
                "2024-06-03".to_string(),
                "5.9".to_string(),
                "easy run: 100 % of the time low, avg HR 73 % of max".to_string(),
            ],
            vec![
                "2024-06-04".to_string(),
                "10.3".to_string(),
                "intervals".to_string(),
            ],
        ];
        let text = render(&columns, &rows, Some(44));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "date          km  reason");
        // 44 columns: 10 + 2 + 4 + 2 before the reason, which gets the 26 left.
        assert_eq!(lines[1], "----------  ----  --------------------------");
        assert_eq!(lines[2], "2024-06-03   5.9  easy run: 100 % of the ti…");
        assert_eq!(lines[3], "2024-06-04  10.3  intervals");
        assert!(lines.iter().all(|l| l.chars().count() <= 44), "{text}");
        // Without a width (a file), nothing is cut.
        assert!(render(&columns, &rows, None).contains("73 % of max\n"));
    }

    #[test]
    fn a_run_left_unjudged_says_why_in_place_of_a_class() {
        let short = ActivityRecord {
            status: "ok",
            path: "a/short.gpx".into(),
            note: "too short to judge: 0:36 of moving time".into(),
            ..ActivityRecord::default()
        };
        let judged = ActivityRecord {
            status: "ok",
            path: "a/run.fit".into(),
            class: "easy".into(),
            reason: "easy run".into(),
            note: "a note".into(),
            ..ActivityRecord::default()
        };
        let (_, row) = activity_layout(Units::Metric);
        // Cut to a narrow terminal, the table says where the reasons are whole; wide, it does not.
        let narrow = activities(std::slice::from_ref(&short), Units::Metric, Some(60));
        assert!(narrow.ends_with("`-o runs.csv` all.\n"), "{narrow}");
        let wide = activities(std::slice::from_ref(&short), Units::Metric, Some(300));
        assert!(!wide.contains("Reasons cut"), "{wide}");
        let cells = row(&short);
        assert_eq!(cells[2], "not judged");
        assert_eq!(cells[8], "too short to judge: 0:36 of moving time");
        let cells = row(&judged);
        assert_eq!((cells[2].as_str(), cells[8].as_str()), ("easy", "easy run"));
    }

    #[test]
    fn a_laptop_s_80_columns_get_the_weeks_80_20_columns_on_one_line_each() {
        let week = WeekRecord {
            week: "2024-W24".into(),
            week_start: "2024-06-10".into(),
            runs: 6,
            distance_m: 49_100.0,
            moving_time_s: 16_706.0,
            low_pct: 69.4,
            moderate_pct: 14.1,
            high_pct: 16.5,
            easy_sessions_pct: 33.3,
            gray_zone_runs: 1,
            flags: vec![
                WeekFlag::BelowTarget { target_pct: 80.0 },
                WeekFlag::BelowTargetSessions { target_pct: 80.0 },
                WeekFlag::NoRecoveryRun,
            ],
            ..WeekRecord::default()
        };
        let narrow = weeks(std::slice::from_ref(&week), Units::Metric, Some(80));
        let lines: Vec<&str> = narrow.lines().collect();
        assert_eq!(
            lines[0],
            "week      runs    km      low %  easy runs %  gray  other flags"
        );
        assert_eq!(
            lines[2],
            "2024-W24     6  49.1  69.4 < 80      33 < 80     1  no recovery run"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 80), "{narrow}");
        // Rounded to the target's own figure, a missed week read as met: 80.9 % under 81.
        let near = WeekRecord {
            low_pct: 80.9,
            easy_sessions_pct: 100.0,
            flags: vec![WeekFlag::BelowTarget { target_pct: 81.0 }],
            ..week.clone()
        };
        let near = weeks(&[near], Units::Metric, Some(80));
        assert!(near.contains("  80.9 < 81  "), "{near}");
        let met = WeekRecord {
            low_pct: 81.0,
            easy_sessions_pct: 100.0,
            flags: Vec::new(),
            ..week.clone()
        };
        let met = weeks(&[met], Units::Metric, Some(80));
        assert!(met.contains("  81.0  ") && !met.contains(" < "), "{met}");
        // A wide terminal, or a file, has every column, the flags in words.
        let wide = weeks(&[week], Units::Metric, Some(200));
        assert!(wide.starts_with("week      from"), "{wide}");
        assert!(
            wide.contains("  low < 80 %, easy runs < 80 %, no recovery run\n"),
            "{wide}"
        );
    }

    #[test]
    fn long_file_names_keep_their_end() {
        assert_eq!(
            cut("runner@example.com_15310000000.fit", 12, true),
            "…0000000.fit"
        );
        assert_eq!(label::file_name("export.zip!inner/dir/run.fit"), "run.fit");
    }
}
