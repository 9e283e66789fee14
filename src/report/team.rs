//! A coach's team (`grayzone team`): every athlete judged alone, against their own baseline, and
//! their tables put one under the other with an `athlete` column first. [`AthleteRow`] adds that
//! column to any table's record (and `athlete_error` last, for an athlete with no row of their
//! own); [`TeamSummaryRecord`] is the coach's one line per athlete; [`page`] the team's HTML page
//! linking each athlete's own report.

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

use crate::judge::ActivityRow;
use crate::report::weekly::{Method, Week};
use crate::report::window::{last_run_date, select_weeks, Window};
use crate::report::{escape, round};
use crate::summarize::row::Status;

/// One row of a team table: the athlete, then the record exactly as the one-athlete command
/// writes it, then `athlete_error`: why the athlete has no row of their own in this table
/// (empty on every other row).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AthleteRow<T> {
    pub athlete: String,
    pub record: T,
    pub athlete_error: String,
}

impl<T: Serialize> Serialize for AthleteRow<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The record's own fields, in its order, between the two: CSV and JSON alike, and the
        // record type stays the one the one-athlete command writes.
        self.record.serialize(Framed {
            inner: serializer,
            athlete: &self.athlete,
            athlete_error: &self.athlete_error,
        })
    }
}

/// A serializer that takes a struct and writes it with `athlete` before its fields and
/// `athlete_error` after them.
struct Framed<'a, S> {
    inner: S,
    athlete: &'a str,
    athlete_error: &'a str,
}

struct FramedFields<'a, S> {
    inner: S,
    athlete_error: &'a str,
}

impl<S: SerializeStruct> SerializeStruct for FramedFields<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.inner.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.inner.skip_field(key)
    }

    fn end(mut self) -> Result<S::Ok, S::Error> {
        self.inner
            .serialize_field("athlete_error", self.athlete_error)?;
        self.inner.end()
    }
}

fn not_a_record<E: ser::Error>() -> E {
    E::custom("a team row frames a table's record (a struct)")
}

macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<S::Ok, S::Error> {
            Err(not_a_record())
        })*
    };
}

impl<'a, S: Serializer> Serializer for Framed<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = FramedFields<'a, S::SerializeStruct>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(not_a_record())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_record())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_record())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(not_a_record())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(not_a_record())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(not_a_record())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(not_a_record())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Err(not_a_record())
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let mut fields = self.inner.serialize_struct(name, len + 2)?;
        fields.serialize_field("athlete", self.athlete)?;
        Ok(FramedFields {
            inner: fields,
            athlete_error: self.athlete_error,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(not_a_record())
    }
}

/// One line per athlete: how their weeks in the window went against the target.
#[derive(Clone, Debug, Default, serde::Serialize, PartialEq)]
pub struct TeamSummaryRecord {
    pub athlete: String,
    /// One mark per calendar week of the window, oldest first: `o` met the target, `x` missed it,
    /// `.` no run.
    pub last_weeks: String,
    pub weeks_checked: usize,
    pub weeks_missed: usize,
    /// The weeks that missed, `;`-separated.
    pub missed_weeks: String,
    pub runs: usize,
    pub moving_time_s: f64,
    /// Share of the window's zoned moving time spent low (all its weeks together).
    pub low_pct: Option<f64>,
    /// Share of the window's runs that were easy or recovery.
    pub easy_sessions_pct: Option<f64>,
    pub gray_zone_runs: usize,
    pub accidental_workouts: usize,
    /// Local date of the athlete's last run, whatever the window.
    pub last_run: String,
    pub unreadable_files: usize,
    pub athlete_error: String,
}

/// What the team summary counts against.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub min_easy: f64,
    pub method: Method,
}

impl TeamSummaryRecord {
    /// The line of an athlete judged: their weeks in `window` (`weeks`: every week they ran).
    pub fn new(
        athlete: &str,
        rows: &[ActivityRow],
        weeks: &[Week],
        window: &Window,
        week_start: crate::activity::calendar::WeekStart,
        target: Target,
    ) -> Self {
        let checked = select_weeks(weeks, window, target.method, target.min_easy);
        let met = |w: &Week| {
            checked
                .iter()
                .find(|(c, _, _)| c.week_start == w.week_start)
                .map(|(_, _, ok)| *ok)
        };
        let last_weeks: String = window
            .calendar_weeks(weeks, week_start)
            .iter()
            .map(|w| match met(w) {
                Some(true) => 'o',
                Some(false) => 'x',
                None => '.',
            })
            .collect();
        let shown: Vec<&Week> = checked.iter().map(|(w, _, _)| *w).collect();
        let sum = |f: fn(&Week) -> f64| shown.iter().map(|w| f(w)).sum::<f64>();
        let count = |f: fn(&Week) -> usize| shown.iter().map(|w| f(w)).sum::<usize>();
        let zoned = sum(|w| w.low_s + w.moderate_s + w.high_s);
        let runs = count(|w| w.runs);
        let easy = count(|w| w.easy_runs + w.recovery_runs);
        TeamSummaryRecord {
            athlete: athlete.to_string(),
            last_weeks,
            weeks_checked: checked.len(),
            weeks_missed: checked.iter().filter(|(_, _, ok)| !ok).count(),
            missed_weeks: checked
                .iter()
                .filter(|(_, _, ok)| !ok)
                .map(|(w, _, _)| w.week.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            runs,
            moving_time_s: round(sum(|w| w.moving_time_s), 0),
            low_pct: (zoned > 0.0).then(|| round(sum(|w| w.low_s) / zoned * 100.0, 1)),
            easy_sessions_pct: (runs > 0).then(|| round(easy as f64 / runs as f64 * 100.0, 1)),
            gray_zone_runs: count(|w| w.gray_zone_runs),
            accidental_workouts: count(|w| w.accidental_workouts),
            last_run: last_run_date(rows)
                .filter(|_| rows.iter().any(|r| r.is_run()))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            unreadable_files: rows.iter().filter(|r| r.status == Status::Error).count(),
            athlete_error: String::new(),
        }
    }

    /// The line of an athlete that could not be judged at all.
    pub fn failed(athlete: &str, error: &str) -> Self {
        TeamSummaryRecord {
            athlete: athlete.to_string(),
            athlete_error: error.to_string(),
            ..TeamSummaryRecord::default()
        }
    }
}

/// Why an athlete read without error has no week: what their rows hold instead.
pub fn why_no_weeks(rows: &[ActivityRow]) -> String {
    let errors: Vec<&ActivityRow> = rows.iter().filter(|r| r.status == Status::Error).collect();
    match errors.first() {
        Some(first) => format!(
            "no run read: {} unreadable file{} ({}: {})",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            first.path,
            first.error
        ),
        None => format!(
            "no run among {} activit{}",
            rows.len(),
            if rows.len() == 1 { "y" } else { "ies" }
        ),
    }
}

/// An athlete's line on the team page, with the address of their own report (when they have one).
#[derive(Clone, Debug)]
pub struct TeamPageLine {
    pub summary: TeamSummaryRecord,
    pub report: Option<String>,
}

/// The team's page: one line per athlete linking their own report, the same figures as the team
/// summary. Self-contained like the athlete reports.
pub fn page(title: &str, lines: &[TeamPageLine], target: Target, note: &str) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>grayzone: 80/20 team report of {}</title>\n<style>{}</style>\n</head>\n<body>\n",
        escape(&crate::report::printable(title)),
        crate::report::html::STYLE
    ));
    let missing = lines
        .iter()
        .filter(|l| l.summary.weeks_missed > 0 || !l.summary.athlete_error.is_empty())
        .count();
    out.push_str("<h1>Is the team's training really 80/20?</h1>\n");
    out.push_str(&format!(
        "<p class=\"meta\">{} · {} athletes, each judged against their own baseline · {}</p>\n",
        escape(&crate::report::printable(title)),
        lines.len(),
        escape(note)
    ));
    out.push_str(&format!(
        "<p class=\"verdict\"><strong>{} of {}</strong> athletes had at least {:.0} % {} in every week checked.</p>\n",
        lines.len() - missing,
        lines.len(),
        target.min_easy,
        match target.method {
            Method::Time => "of their moving time low",
            Method::Sessions => "of their runs easy",
        }
    ));
    out.push_str("<div class=\"table-wrap\">\n<table class=\"team\">\n<thead><tr>");
    for (head, text) in [
        ("athlete", true),
        ("weeks (oldest first: o met, x missed, . no run)", true),
        ("weeks missed", false),
        ("runs", false),
        ("low %", false),
        ("easy runs %", false),
        ("gray-zone runs", false),
        ("accidental workouts", false),
        ("last run", true),
        ("problems", true),
    ] {
        out.push_str(&format!(
            "<th{}>{}</th>",
            if text { " class=\"text\"" } else { "" },
            escape(head)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let number = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    for line in lines {
        let s = &line.summary;
        let name = match &line.report {
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                escape(href),
                escape(&crate::report::printable(&s.athlete))
            ),
            None => escape(&crate::report::printable(&s.athlete)),
        };
        let problems = if !s.athlete_error.is_empty() {
            s.athlete_error.clone()
        } else if s.unreadable_files > 0 {
            format!("{} unreadable files", s.unreadable_files)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<tr data-athlete=\"{}\"><td class=\"text\">{name}</td><td class=\"text\"><code>{}</code></td><td class=\"{}\">{} of {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td><td class=\"why\">{}</td></tr>\n",
            escape(&s.athlete),
            escape(&s.last_weeks),
            if s.weeks_missed > 0 { "miss" } else { "meets" },
            s.weeks_missed,
            s.weeks_checked,
            s.runs,
            number(s.low_pct),
            number(s.easy_sessions_pct),
            s.gray_zone_runs,
            s.accidental_workouts,
            escape(&s.last_run),
            escape(&crate::report::printable(&problems))
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out.push_str(&format!(
        "<footer>Made by grayzone {} from the files alone, offline. Each athlete's name opens their own report.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

/// A name as one segment of a relative link: everything but letters, digits and `-._~`
/// percent-encoded, so a name with spaces, `#`, `?` or `/`-like characters still links to its file.
pub fn link_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, Default, serde::Serialize)]
    struct Two {
        week: String,
        runs: usize,
    }

    #[test]
    fn the_athlete_frames_the_record_in_csv_and_json() {
        let rows = vec![
            AthleteRow {
                athlete: "ana".into(),
                record: Two {
                    week: "2024-W05".into(),
                    runs: 4,
                },
                athlete_error: String::new(),
            },
            AthleteRow {
                athlete: "bob".into(),
                record: Two::default(),
                athlete_error: "no run among 2 activities".into(),
            },
        ];
        let mut csv = Vec::new();
        crate::report::csv::write(&rows, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "athlete,week,runs,athlete_error\nana,2024-W05,4,\nbob,,0,no run among 2 activities\n"
        );
        let mut empty = Vec::new();
        crate::report::csv::write::<AthleteRow<Two>>(&[], &mut empty).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            "athlete,week,runs,athlete_error\n"
        );
        assert_eq!(
            serde_json::to_string(&rows[0]).unwrap(),
            r#"{"athlete":"ana","week":"2024-W05","runs":4,"athlete_error":""}"#
        );
    }

    #[test]
    fn a_name_reads_as_its_characters_on_the_team_page() {
        // A folder named "\u{202e}gnp.exe" showed on the page as "exe.png".
        let line = TeamPageLine {
            summary: TeamSummaryRecord {
                athlete: "\u{202e}gnp.exe\nx".into(),
                athlete_error: "a\u{1b}[31m".into(),
                ..TeamSummaryRecord::default()
            },
            report: Some("athletes/x.html".into()),
        };
        let target = Target {
            min_easy: 80.0,
            method: crate::report::weekly::Method::Time,
        };
        let page = page("t", &[line], target, "n");
        assert!(page.contains(">\\u{202e}gnp.exe\\nx</a>"), "{page}");
        assert!(page.contains("a\\x1b[31m"), "{page}");
        assert!(!page.contains('\u{1b}'));
    }

    #[test]
    fn links_survive_any_name() {
        assert_eq!(link_segment("ana-b_1.x"), "ana-b_1.x");
        assert_eq!(link_segment("Zoë #2?"), "Zo%C3%AB%20%232%3F");
    }
}
