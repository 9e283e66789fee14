//! The runner's calendar: local time (an instant and its UTC offset), local days, and the first
//! day of their week. Weeks, day-after rules and every date a runner reads are local, never UTC.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, TimeZone};

use crate::activity::UnixTime;

/// An IANA time zone (`Europe/Paris`): its rules at every instant, DST included.
///
/// The rules come from the IANA database compiled into the binary (jiff's bundled copy), never
/// the machine's: the same export gives the same local times on every machine. Not chrono-tz,
/// whose tables hold a pointer per transition: 40,000 relocations, 1.2 MB of pages written at
/// every start of the process, ≈ 0.6 ms of each run of `grayzone` (a quarter of its fixed start).
#[derive(Clone, Debug)]
pub struct Zone(jiff::tz::TimeZone);

impl Zone {
    /// The zone's IANA name as the database spells it (`Europe/Paris` for `europe/paris`).
    pub fn name(&self) -> &str {
        self.0.iana_name().unwrap_or("")
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name() == other.name()
    }
}

/// The UTC offset of an IANA zone at an instant (0 for an instant no calendar holds).
pub fn offset_at(zone: &Zone, time: UnixTime) -> i32 {
    match jiff::Timestamp::from_second(time.floor() as i64) {
        Ok(instant) => zone.0.to_offset(instant).seconds(),
        Err(_) => 0,
    }
}

/// Parses an IANA zone name (`Europe/Paris`, any case), or `UTC`.
pub fn parse_tz(name: &str) -> Result<Zone, String> {
    jiff::tz::TimeZone::get(name).map(Zone).map_err(|_| {
        format!(
            "unknown time zone '{}': use an IANA name such as Europe/Paris or America/New_York",
            super::label::echo(name)
        )
    })
}

/// The wall-clock date and time of an instant at a UTC offset (its second), as the runner's watch
/// showed it: `None` past chrono's years.
/// Whether `offset_s` (local time minus UTC) is one a time zone uses: within −12:00 to +14:00, on
/// the hour, the half hour or the three quarters (Nepal's +05:45, the Chatham Islands' +12:45). A
/// watch whose clock was set 18 minutes fast writes "+00:18", and no zone is a quarter past: such
/// an offset says the clock was wrong, not where the runner was.
pub fn is_real_offset(offset_s: i32) -> bool {
    let minutes = offset_s.unsigned_abs() / 60;
    (-12 * 3600..=14 * 3600).contains(&offset_s)
        && offset_s % 60 == 0
        && matches!(minutes % 60, 0 | 30 | 45)
}

pub fn local_datetime(time: UnixTime, offset_s: i32) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp(time.floor() as i64 + i64::from(offset_s), 0)
        .map(|d| d.naive_utc())
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

/// Local day numbers count from 1970-01-01; chrono counts from 0001-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The date of a local day number (`None` past chrono's years).
pub fn day_to_date(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(
        i32::try_from(day.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?).ok()?,
    )
}

/// The local day number of a date.
pub fn date_to_day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The first day of the runner's week. Monday weeks are ISO weeks, labelled `2024-W05`; Sunday
/// weeks (the calendar of the US, Canada, Japan…) have no ISO number, so they are labelled by
/// their Sunday, `Sun 2024-02-04`, which says exactly which days they hold. The day name keeps the
/// label text: a bare date would turn the `week` column into a date column in DuckDB and
/// spreadsheets for Sunday weeks only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::is_real_offset;

    #[test]
    fn only_a_time_zone_s_offset_is_real() {
        for real in [
            0,
            3600,
            -16_200,
            20_700,
            45_900,
            14 * 3600,
            -12 * 3600,
            19_800,
        ] {
            assert!(is_real_offset(real), "{real}");
        }
        // A quarter past, a clock 18 minutes fast, a day less a minute, beyond +14:00.
        for odd in [900, 1080, 86_340, 15 * 3600, -13 * 3600, 3601] {
            assert!(!is_real_offset(odd), "{odd}");
        }
    }

    use super::*;

    /// Every zone chrono-tz knows is known here, by the same name, with the same offset at every
    /// instant of a grid over 1976–2025 (each month's 1st and 15th, at 02:30 and 14:30 UTC: both
    /// sides of most DST changes). A wrong offset dates a run on the wrong day or week. The grid
    /// ends where the two databases part: chrono-tz 0.10 carries IANA 2025b, ours 2026f, whose
    /// later rules move Vancouver, Edmonton and Winnipeg (from November 2026), Havana and
    /// Casablanca; and it starts after 2025b's Baja California of 1970–1975, corrected since.
    #[test]
    fn every_zone_agrees_with_chrono_tz() {
        use chrono::Offset;
        let mut disagree = Vec::new();
        for tz in chrono_tz::TZ_VARIANTS {
            let name = tz.name();
            let zone = parse_tz(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            for month in 6 * 12..56 * 12u32 {
                let (year, month) = (1970 + (month / 12) as i32, 1 + month % 12);
                for (day, hour) in [(1, 2), (1, 14), (15, 2), (15, 14)] {
                    let utc = chrono::NaiveDate::from_ymd_opt(year, month, day)
                        .and_then(|d| d.and_hms_opt(hour, 30, 0))
                        .unwrap();
                    let expected = tz.offset_from_utc_datetime(&utc).fix().local_minus_utc();
                    let got = offset_at(&zone, utc.and_utc().timestamp() as f64);
                    if got != expected {
                        disagree.push(format!("{name} {utc}: {got} (chrono-tz {expected})"));
                    }
                }
            }
        }
        assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    }

    #[test]
    fn a_zone_is_named_as_the_database_spells_it() {
        let paris = parse_tz("europe/paris").unwrap();
        assert_eq!(paris.name(), "Europe/Paris");
        assert_eq!(paris, parse_tz("Europe/Paris").unwrap());
        assert_ne!(paris, parse_tz("Europe/Berlin").unwrap());
        // 2024-07-01 and 2024-01-15, 00:00 UTC.
        assert_eq!(offset_at(&paris, 1_719_792_000.0), 7200);
        assert_eq!(offset_at(&paris, 1_705_276_800.0), 3600);
        assert_eq!(offset_at(&parse_tz("UTC").unwrap(), 1_719_792_000.0), 0);
        let err = parse_tz("Mars/Olympus").unwrap_err();
        assert!(err.contains("unknown time zone 'Mars/Olympus'"), "{err}");
        // A pasted page is echoed by its start and length: the message stays a line.
        let err = parse_tz(&"x".repeat(100_000)).unwrap_err();
        assert!(err.len() < 200, "{}", err.len());
        assert!(err.contains("… (100000 characters)'"), "{err}");
    }
}
