//! Local time for every activity: the runner's week starts on their Monday, not UTC's.
//!
//! Precedence: `--tz` (an IANA zone, DST-aware at each activity's instant) over the offset the file
//! states (FIT `activity.local_timestamp`, a GPX/TCX time written with an offset), over the offset
//! of the FIT file of the same export nearest in time, over UTC. The `tz_source` column says which.

use chrono_tz::Tz;

use crate::activity::calendar::offset_at;
use crate::activity::UnixTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TzSource {
    /// The file itself says (FIT local_timestamp, or a time written with an offset).
    File,
    /// `--tz` given by the user.
    Flag,
    /// Borrowed from the FIT activity of the same export nearest in time.
    NearestFit,
    /// No file of the export states an offset: the solar offset of where the run started
    /// (longitude / 15°, to the half hour) — a day boundary in the right place, if not always the
    /// legal zone.
    GpsLongitude,
    /// Nothing to go on: UTC.
    Utc,
}

impl TzSource {
    pub fn name(self) -> &'static str {
        match self {
            TzSource::File => "file",
            TzSource::Flag => "tz_flag",
            TzSource::NearestFit => "nearest_fit",
            TzSource::GpsLongitude => "gps_longitude",
            TzSource::Utc => "utc_default",
        }
    }
}

/// Resolves each activity's offset. `own` holds, per activity, its start time, the offset its file
/// states, and whether it is a FIT file (whose offsets others may borrow).
pub fn resolve(own: &[(UnixTime, Option<i32>, bool)], flag: Option<&Tz>) -> Vec<(i32, TzSource)> {
    let mut fit_offsets: Vec<(UnixTime, i32)> = own
        .iter()
        .filter(|(_, offset, is_fit)| *is_fit && offset.is_some())
        .filter_map(|(t, offset, _)| offset.map(|o| (*t, o)))
        .collect();
    fit_offsets.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    own.iter()
        .map(|(t, offset, _)| {
            if let Some(tz) = flag {
                return (offset_at(tz, *t), TzSource::Flag);
            }
            if let Some(o) = offset {
                return (*o, TzSource::File);
            }
            match nearest(&fit_offsets, *t) {
                Some(o) => (o, TzSource::NearestFit),
                None => (0, TzSource::Utc),
            }
        })
        .collect()
}

fn nearest(sorted: &[(UnixTime, i32)], t: UnixTime) -> Option<i32> {
    let i = sorted.partition_point(|(x, _)| *x < t);
    let before = i.checked_sub(1).and_then(|j| sorted.get(j));
    let after = sorted.get(i);
    match (before, after) {
        (Some(b), Some(a)) => Some(if t - b.0 <= a.0 - t { b.1 } else { a.1 }),
        (Some(x), None) | (None, Some(x)) => Some(x.1),
        (None, None) => None,
    }
}

/// The offset (seconds) of the meridian nearest a longitude, to the half hour.
pub fn offset_from_longitude(longitude: f64) -> i32 {
    ((longitude.clamp(-180.0, 180.0) / 15.0 * 2.0).round() / 2.0 * 3600.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::calendar::{format_local, local_day, parse_tz};

    #[test]
    fn flag_beats_file_beats_nearest_fit_beats_utc() {
        let paris = parse_tz("Europe/Paris").unwrap();
        // 2024-07-01 (CEST, +2h) and 2024-01-15 (CET, +1h).
        let summer = 1_719_792_000.0;
        let winter = 1_705_305_600.0;
        assert_eq!(
            resolve(&[(summer, Some(-18000), true)], Some(&paris)),
            vec![(7200, TzSource::Flag)]
        );
        assert_eq!(
            resolve(&[(winter, None, false)], Some(&paris)),
            vec![(3600, TzSource::Flag)]
        );
        let own = [
            (summer, Some(-18000), true),
            (summer + 86_400.0 * 3.0, None, false),
            (winter, Some(3600), false),
        ];
        assert_eq!(
            resolve(&own, None),
            vec![
                (-18000, TzSource::File),
                (-18000, TzSource::NearestFit),
                (3600, TzSource::File)
            ]
        );
        assert_eq!(
            resolve(&[(winter, None, false)], None),
            vec![(0, TzSource::Utc)]
        );
    }

    #[test]
    fn longitude_gives_the_nearest_half_hour_meridian() {
        assert_eq!(offset_from_longitude(2.35), 0); // Paris, by the sun
        assert_eq!(offset_from_longitude(-73.97), -5 * 3600); // New York
        assert_eq!(offset_from_longitude(151.2), 10 * 3600); // Sydney
        assert_eq!(offset_from_longitude(77.2), 5 * 3600); // New Delhi: 5.15 h → 5 h
        assert_eq!(offset_from_longitude(82.5), 5 * 3600 + 1800);
    }

    #[test]
    fn local_formatting_and_day() {
        assert_eq!(
            format_local(1_719_792_000.0, 7200),
            "2024-07-01T02:00:00+02:00"
        );
        assert_eq!(
            local_day(1_719_792_000.0 - 3600.0, 7200),
            local_day(1_719_792_000.0, 0)
        );
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
