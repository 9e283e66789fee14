//! ISO 8601 times as GPX and TCX write them.
//!
//! Hand-written because a GPX/TCX file is mostly timestamps: a general date library would dominate
//! the decode time. The parser is strict about shape (so garbage like "undefined" or "2017-13-01"
//! is rejected rather than guessed at) but accepts everything watches and apps actually write:
//! fractional seconds of any length, `Z`, `±hh:mm`, `±hhmm`, `±hh`, or no zone at all (read as UTC,
//! which is what the GPX and TCX schemas say a time is).

use crate::activity::UnixTime;

/// Parses `YYYY-MM-DDThh:mm:ss[.fff…][Z|±hh:mm|±hhmm|±hh]`.
///
/// Returns the instant in UTC seconds and, only when the text carried a numeric offset, that
/// offset in seconds (local time minus UTC). `Z` and a missing zone both give `None`: they say
/// nothing about the runner's local time. The text must be exactly the time (callers trim).
pub fn parse_iso8601(s: &[u8]) -> Option<(UnixTime, Option<i32>)> {
    let year = digits(s, 0, 4)?;
    expect(s, 4, b'-')?;
    let month = digits(s, 5, 2)?;
    expect(s, 7, b'-')?;
    let day = digits(s, 8, 2)?;
    if !matches!(s.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(s, 11, 2)?;
    expect(s, 13, b':')?;
    let minute = digits(s, 14, 2)?;
    expect(s, 16, b':')?;
    let second = digits(s, 17, 2)?;

    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // 60 is a leap second; it simply runs into the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }

    let (fraction, rest) = fraction(s.get(19..)?)?;
    let offset = zone(rest)?;

    let days = days_from_civil(year, month, day);
    let whole =
        days * 86_400 + hour * 3_600 + minute * 60 + second - i64::from(offset.unwrap_or(0));
    Some((whole as f64 + fraction, offset))
}

/// Seconds since the epoch of midnight UTC on the given civil date (for tests and callers that
/// need a calendar bound such as "before 1990").
pub fn unix_midnight(year: i64, month: i64, day: i64) -> UnixTime {
    (days_from_civil(year, month, day) * 86_400) as f64
}

fn digits(s: &[u8], at: usize, len: usize) -> Option<i64> {
    let field = s.get(at..at + len)?;
    field.iter().try_fold(0i64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
    })
}

fn expect(s: &[u8], at: usize, byte: u8) -> Option<()> {
    (s.get(at) == Some(&byte)).then_some(())
}

/// Reads an optional `.digits` (or ISO's `,digits`) and returns its value and the rest of the text.
fn fraction(s: &[u8]) -> Option<(f64, &[u8])> {
    match s.first() {
        Some(b'.' | b',') => {}
        _ => return Some((0.0, s)),
    }
    let tail = s.get(1..)?;
    let len = tail.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    // 15 digits is far below any clock's resolution and keeps the integer exact in an f64.
    let kept = tail.get(..len.min(15))?;
    let numerator = kept
        .iter()
        .fold(0u64, |acc, &b| acc * 10 + u64::from(b - b'0'));
    let value = numerator as f64 / 10f64.powi(kept.len() as i32);
    Some((value, tail.get(len..)?))
}

/// Reads the zone designator, which must end the text. `Some(None)`: UTC or no zone.
fn zone(s: &[u8]) -> Option<Option<i32>> {
    let sign = match s {
        [] | [b'Z' | b'z'] => return Some(None),
        [b'+', ..] => 1,
        [b'-', ..] => -1,
        _ => return None,
    };
    let (hours, minutes) = match s.len() {
        3 => (digits(s, 1, 2)?, 0),
        5 => (digits(s, 1, 2)?, digits(s, 3, 2)?),
        6 if s.get(3) == Some(&b':') => (digits(s, 1, 2)?, digits(s, 4, 2)?),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(Some(sign * (hours * 3_600 + minutes * 60) as i32))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<(f64, Option<i32>)> {
        parse_iso8601(s.as_bytes())
    }

    #[test]
    fn utc_with_z_has_no_offset() {
        assert_eq!(t("2017-07-29T14:46:35Z"), Some((1_501_339_595.0, None)));
        assert_eq!(t("1970-01-01T00:00:00Z"), Some((0.0, None)));
    }

    #[test]
    fn no_zone_is_read_as_utc() {
        assert_eq!(t("2017-07-29T14:46:35"), Some((1_501_339_595.0, None)));
    }

    #[test]
    fn written_offsets_shift_to_utc_and_are_reported() {
        // 15:43:13+01:00 is 14:43:13Z.
        assert_eq!(
            t("2015-12-11T15:43:13+01:00"),
            Some((1_449_844_993.0, Some(3_600)))
        );
        assert_eq!(
            t("2015-12-11T09:43:13-0500"),
            Some((1_449_844_993.0, Some(-18_000)))
        );
        assert_eq!(
            t("2015-12-11T20:13:13+05:30"),
            Some((1_449_844_993.0, Some(19_800)))
        );
        assert_eq!(
            t("2015-12-11T16:43:13+02"),
            Some((1_449_844_993.0, Some(7_200)))
        );
        assert_eq!(
            t("2015-12-11T14:43:13+00:00"),
            Some((1_449_844_993.0, Some(0)))
        );
    }

    #[test]
    fn fractional_seconds_of_any_length() {
        let (secs, off) = t("2015-12-11T15:43:13.994+01:00").unwrap();
        assert!((secs - 1_449_844_993.994).abs() < 1e-6);
        assert_eq!(off, Some(3_600));
        let (secs, _) = t("2025-05-02T15:51:15.692Z").unwrap();
        assert!((secs - 1_746_201_075.692).abs() < 1e-6);
        let (secs, _) = t("2022-11-12T15:58:25.8498Z").unwrap();
        assert!((secs - 1_668_268_705.849_8).abs() < 1e-6);
        let (secs, _) = t("2022-11-12T15:58:25.5Z").unwrap();
        assert!((secs - 1_668_268_705.5).abs() < 1e-9);
        let (secs, _) = t("2022-11-12T15:58:25.123456789012345678901Z").unwrap();
        assert!((secs - 1_668_268_705.123_456_7).abs() < 1e-6);
        let (secs, _) = t("2022-11-12T15:58:25,25Z").unwrap();
        assert!((secs - 1_668_268_705.25).abs() < 1e-9);
    }

    #[test]
    fn dates_before_the_epoch_and_leap_days() {
        // The INT32_MIN placeholder time GPSBabel writes.
        let (secs, _) = t("1901-12-13T20:45:52Z").unwrap();
        assert_eq!(secs, -2_147_483_648.0);
        assert_eq!(t("2020-02-29T00:00:00Z"), Some((1_582_934_400.0, None)));
        assert_eq!(t("2000-02-29T12:00:00Z"), Some((951_825_600.0, None)));
        assert_eq!(unix_midnight(1990, 1, 1), 631_152_000.0);
    }

    #[test]
    fn lower_case_and_space_separators_are_accepted() {
        assert_eq!(t("2017-07-29t14:46:35z"), Some((1_501_339_595.0, None)));
        assert_eq!(t("2017-07-29 14:46:35Z"), Some((1_501_339_595.0, None)));
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            "undefined",
            "2017-07-29",
            "2017-07-29T14:46Z",
            "2017-07-29T14:46:35ZZ",
            "2017-07-29T14:46:35 ",
            " 2017-07-29T14:46:35Z",
            "2017-13-01T00:00:00Z",
            "2017-00-01T00:00:00Z",
            "2017-02-29T00:00:00Z",
            "2017-04-31T00:00:00Z",
            "2017-01-00T00:00:00Z",
            "2017-01-01T24:00:00Z",
            "2017-01-01T23:60:00Z",
            "2017-01-01T23:59:61Z",
            "2017-01-01T23:59:59.Z",
            "2017-01-01T23:59:59+1:00",
            "2017-01-01T23:59:59+24:00",
            "2017-01-01T23:59:59+01:60",
            "2017-01-01T23:59:59+01:00:00",
            "2017-01-01X23:59:59Z",
            "2017/01/01T23:59:59Z",
            "+017-01-01T23:59:59Z",
            "2017-01-01T23:59:5aZ",
        ] {
            assert_eq!(t(bad), None, "{bad:?} must be rejected");
        }
    }

    #[test]
    fn never_panics_on_prefixes() {
        let full = "2015-12-11T15:43:13.994+01:00";
        for cut in 0..full.len() {
            let _ = t(&full[..cut]);
        }
        assert!(t(full).is_some());
    }
}
