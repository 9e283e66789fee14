//! The runner's calendar: local time (an instant and its UTC offset), local days, and the first
//! day of their week. Weeks, day-after rules and every date a runner reads are local, never UTC.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::activity::UnixTime;

/// The UTC offset of an IANA zone at an instant.
pub fn offset_at(tz: &Tz, time: UnixTime) -> i32 {
    let secs = time.floor() as i64;
    match Utc.timestamp_opt(secs, 0).single() {
        Some(utc) => tz
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

/// Parses an IANA zone name (`Europe/Paris`), or `UTC`.
pub fn parse_tz(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!(
            "unknown time zone '{name}': use an IANA name such as Europe/Paris or America/New_York"
        )
    })
}

/// `2024-05-01T07:30:00+02:00`.
pub fn format_local(time: UnixTime, offset_s: i32) -> String {
    let Some(offset) = FixedOffset::east_opt(offset_s) else {
        return String::new();
    };
    match offset.timestamp_opt(time.floor() as i64, 0).single() {
        Some(local) => local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        None => String::new(),
    }
}

/// Local calendar date (days since 1970-01-01 in local time) of an instant.
pub fn local_day(time: UnixTime, offset_s: i32) -> i64 {
    ((time + offset_s as f64) / 86_400.0).floor() as i64
}

/// The first day of the runner's week. Monday weeks are ISO weeks, labelled `2024-W05`; Sunday
/// weeks (the calendar of the US, Canada, Japan…) have no ISO number, so they are labelled by
/// their Sunday, `Sun 2024-02-04`, which says exactly which days they hold. The day name keeps the
/// label text: a bare date would turn the `week` column into a date column in DuckDB and
/// spreadsheets for Sunday weeks only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

impl WeekStart {
    /// Reads `monday` / `sunday` (the profile file's `week_start` key).
    pub fn from_name(name: &str) -> Option<WeekStart> {
        match name.trim().to_ascii_lowercase().as_str() {
            "monday" | "mon" => Some(WeekStart::Monday),
            "sunday" | "sun" => Some(WeekStart::Sunday),
            _ => None,
        }
    }

    /// `Monday` / `Sunday`, for human output.
    pub fn day_name(self) -> &'static str {
        match self {
            WeekStart::Monday => "Monday",
            WeekStart::Sunday => "Sunday",
        }
    }

    /// The first day of the week holding `date`.
    pub fn start_of(self, date: NaiveDate) -> NaiveDate {
        let back = match self {
            WeekStart::Monday => date.weekday().num_days_from_monday(),
            WeekStart::Sunday => date.weekday().num_days_from_sunday(),
        };
        date - Duration::days(i64::from(back))
    }

    /// The label of the week starting on `start`: `2024-W05`, or `Sun 2024-02-04`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            WeekStart::Monday => {
                let iso = start.iso_week();
                format!("{}-W{:02}", iso.year(), iso.week())
            }
            WeekStart::Sunday => start.format("Sun %Y-%m-%d").to_string(),
        }
    }

    /// The week's fourth day, whose month (and year) holds most of the week: the Thursday by which
    /// ISO gives weeks to years, or the Wednesday of a Sunday week.
    pub fn middle_of(self, start: NaiveDate) -> NaiveDate {
        start + Duration::days(3)
    }

    /// `Thursday` / `Wednesday`: the day [`WeekStart::middle_of`] gives.
    pub fn middle_day_name(self) -> &'static str {
        match self {
            WeekStart::Monday => "Thursday",
            WeekStart::Sunday => "Wednesday",
        }
    }
}
