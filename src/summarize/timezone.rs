//! Local time for every activity: the runner's week starts on their Monday, not UTC's.
//!
//! Precedence, and the `tz_source` word for each:
//! 1. `tz_flag`: `--tz` (or the profile's `timezone`), an IANA zone, DST-aware at each instant;
//! 2. `file`: the offset the file states (FIT `activity.local_timestamp`, a GPX/TCX time written
//!    with an offset) — except an offset of exactly 0 where the start position lies in a zone
//!    that is not at UTC then: COROS writes UTC as local time, MapMyRide writes UTC as `+00:00`;
//!    and except a GPX/TCX offset that the zone at the start position has at the other season
//!    of that year, not then: an exporter that applied summer time wrongly (Polar wrote `+01:00`
//!    through a Kraków April). Any other offset stands: a traveller's phone, a border, a virtual
//!    route are not the exporter's mistake. A FIT's offset is the watch's own clock, and stands;
//! 3. `gps_timezone`: the time zone at the start position, from an offline map of the world's
//!    zone boundaries ([`tzf_rs`], OpenStreetMap data), DST-aware with the IANA rules ([`Zone`]). Not for a (0, 0)
//!    position, nor for a virtual or indoor activity (Zwift puts riders on a Pacific island);
//! 4. `nearest_activity`: an activity with no position of its own (a treadmill, a file without
//!    GPS) takes the zone, or the offset, of the activity nearest in time that has one from 2 or
//!    3 — only within [`BORROW_MAX_S`]: a runner travels, and a file weeks away says nothing;
//! 5. `utc_default`: nothing to go on.

use std::sync::{Once, OnceLock};

use crate::activity::calendar::{offset_at, parse_tz, Zone};
use crate::activity::UnixTime;
use crate::summarize::geo::plausible;

/// Borrow an offset only from an activity this close in time: a runner who flew across an ocean
/// weeks ago is no longer in that zone (over the corpora, borrowing within 7 days was right 8
/// times of 8, beyond it 13 of 48). Three days, the first figure, left an export's first file, a
/// treadmill run 88 hours before the first run outdoors, in UTC (independent seasons, round 33).
pub const BORROW_MAX_S: f64 = 7.0 * 86_400.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TzSource {
    /// The file itself says (FIT local_timestamp, or a time written with an offset).
    File,
    /// `--tz` given by the user.
    Flag,
    /// The zone at the start position.
    GpsTimezone,
    /// Borrowed from the activity nearest in time that knows its zone, within a few days.
    NearestActivity,
    /// Nothing to go on: UTC.
    Utc,
}

impl TzSource {
    pub fn name(self) -> &'static str {
        match self {
            TzSource::File => "file",
            TzSource::Flag => "tz_flag",
            TzSource::GpsTimezone => "gps_timezone",
            TzSource::NearestActivity => "nearest_activity",
            TzSource::Utc => "utc_default",
        }
    }
}

/// What one activity brings to the time-zone question.
#[derive(Clone, Debug, PartialEq)]
pub struct Clues {
    pub start: UnixTime,
    /// The offset its file states.
    pub file_offset_s: Option<i32>,
    /// That offset was written into the times of a GPX or TCX by the app that exported it,
    /// which the position overrules (a FIT's comes from the watch's clock, and stands).
    pub offset_in_text: bool,
    /// The zone at its start position, when it has one that is real (see [`zone_at`]) and it can
    /// matter ([`zone_matters`]).
    pub zone: Option<Zone>,
}

/// Resolves each activity's offset (seconds east of UTC) and where it came from.
pub fn resolve(clues: &[Clues], flag: Option<&Zone>) -> Vec<(i32, TzSource)> {
    let own: Vec<Option<(i32, TzSource)>> = clues.iter().map(own_offset).collect();
    // The activities others may borrow from, in time order: (start, zone or offset).
    let mut lenders: Vec<(UnixTime, Option<&Zone>, i32)> = clues
        .iter()
        .zip(&own)
        .filter_map(|(c, o)| o.map(|(offset, source)| (c, offset, source)))
        .map(|(c, offset, source)| {
            let zone = c.zone.as_ref().filter(|_| source == TzSource::GpsTimezone);
            (c.start, zone, offset)
        })
        .collect();
    lenders.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
    clues
        .iter()
        .zip(own)
        .map(|(c, own)| {
            if let Some(tz) = flag {
                return (offset_at(tz, c.start), TzSource::Flag);
            }
            if let Some(known) = own {
                return known;
            }
            match nearest(&lenders, c.start) {
                Some((Some(zone), _)) => (offset_at(zone, c.start), TzSource::NearestActivity),
                Some((None, offset)) => (offset, TzSource::NearestActivity),
                None => (0, TzSource::Utc),
            }
        })
        .collect()
}

/// What an activity says of its own zone: its file, or its position.
fn own_offset(c: &Clues) -> Option<(i32, TzSource)> {
    let from_position = c.zone.as_ref().map(|zone| offset_at(zone, c.start));
    match (c.file_offset_s, from_position) {
        // UTC written as local time: the position knows better.
        (Some(0), Some(at_position)) if at_position != 0 => {
            Some((at_position, TzSource::GpsTimezone))
        }
        // Summer time applied wrongly by an exporter: the place's other season's offset.
        (Some(offset), Some(at_position))
            if c.offset_in_text
                && offset != at_position
                && c.zone
                    .as_ref()
                    .is_some_and(|zone| other_season(zone, c.start) == offset) =>
        {
            Some((at_position, TzSource::GpsTimezone))
        }
        (Some(offset), _) => Some((offset, TzSource::File)),
        (None, Some(at_position)) => Some((at_position, TzSource::GpsTimezone)),
        (None, None) => None,
    }
}

/// The offset a zone has a season away from `t` (three or six months on either side), where it
/// differs from its offset at `t`: its winter offset in summer, its summer one in winter; its
/// offset at `t` where it keeps one all year.
fn other_season(zone: &Zone, t: UnixTime) -> i32 {
    const QUARTER_S: f64 = 91.25 * 86_400.0;
    let now = offset_at(zone, t);
    [-2.0, -1.0, 1.0, 2.0]
        .iter()
        .map(|q| offset_at(zone, t + q * QUARTER_S))
        .find(|&o| o != now)
        .unwrap_or(now)
}

/// The lender nearest in time, within [`BORROW_MAX_S`].
fn nearest<'a>(
    sorted: &[(UnixTime, Option<&'a Zone>, i32)],
    t: UnixTime,
) -> Option<(Option<&'a Zone>, i32)> {
    let i = sorted.partition_point(|(x, _, _)| *x < t);
    let before = i.checked_sub(1).and_then(|j| sorted.get(j));
    let after = sorted.get(i);
    let best = match (before, after) {
        (Some(b), Some(a)) => Some(if t - b.0 <= a.0 - t { b } else { a }),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }?;
    ((best.0 - t).abs() <= BORROW_MAX_S).then_some((best.1, best.2))
}

/// The finder over the world's time-zone polygons, built once (≈ 5 ms) on first use.
fn finder() -> &'static tzf_rs::EmbeddedFinder {
    static FINDER: OnceLock<tzf_rs::EmbeddedFinder> = OnceLock::new();
    FINDER.get_or_init(tzf_rs::EmbeddedFinder::new)
}

/// Builds the finder now, ahead of its first use.
fn warm_up() {
    finder();
}

/// Starts building the finder on the thread pool, once, for a reading that has just met an
/// activity needing it: it is then ready when every file is read, built on whichever thread
/// was free. An export whose files all give their own offset never pays for it.
pub fn warm_up_soon() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| rayon::spawn(warm_up));
}

/// Whether an activity's zone (from its position) can decide its offset: when its file gives
/// none, or gives UTC, which may be UTC written as local time, or wrote it into a GPX's or a TCX's
/// times ([`resolve`]).
pub fn zone_matters(file_offset_s: Option<i32>, offset_in_text: bool) -> bool {
    matches!(file_offset_s, None | Some(0)) || offset_in_text
}

/// The IANA zone at a position; `None` for a position no GPS gave ((0, 0), out of range).
pub fn zone_at(position: (f64, f64)) -> Option<Zone> {
    if !plausible(position) {
        return None;
    }
    let name = finder().get_tz_name(position.1, position.0);
    parse_tz(name).ok()
}

/// Whether an activity's positions are not where the runner was: a virtual ride or run (Zwift,
/// Strava's VirtualRide/VirtualRun, FIT sub-sport `virtual_activity`) or an indoor one (a
/// treadmill or trainer with a position, the home's at best). A file re-exported by Garmin
/// Connect or Strava may say none of that: its positions in Zwift's own islands still tell.
pub fn positions_are_virtual(
    sport_raw: &str,
    device: Option<&str>,
    start: Option<(f64, f64)>,
) -> bool {
    let sport = sport_raw.trim().to_ascii_lowercase();
    // Strava's GPX type ids: 17 VirtualRide, 53 VirtualRun.
    let strava_virtual = matches!(sport.as_str(), "17" | "53");
    strava_virtual
        || ["virtual", "indoor", "treadmill", "trainer"]
            .iter()
            .any(|w| sport.contains(w))
        || device.is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("zwift"))
        || start.is_some_and(in_zwift_islands)
}

/// Zwift sets its made-up worlds (Watopia, Crit City, Makuri Islands) in the Coral Sea by the
/// Santa Cruz Islands, so they map onto the Solomon Islands' zone (UTC+11): a virtual run there
/// would date an evening session in Europe or America a day late. Few real runs start there.
fn in_zwift_islands((latitude, longitude): (f64, f64)) -> bool {
    (-12.0..=-10.0).contains(&latitude) && (165.5..=167.5).contains(&longitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::calendar::{format_local, local_day, parse_tz};

    fn clue(start: f64, file: Option<i32>, zone: Option<&str>) -> Clues {
        Clues {
            start,
            file_offset_s: file,
            offset_in_text: false,
            zone: zone.map(|z| parse_tz(z).unwrap()),
        }
    }

    // 2024-07-01 00:00 UTC (summer) and 2024-01-15 (winter).
    const SUMMER: f64 = 1_719_792_000.0;
    const WINTER: f64 = 1_705_305_600.0;
    const DAY: f64 = 86_400.0;

    #[test]
    fn the_start_position_gives_the_zone_with_its_daylight_saving() {
        assert_eq!(zone_at((52.23, 21.01)).unwrap().name(), "Europe/Warsaw");
        assert_eq!(zone_at((60.17, 24.94)).unwrap().name(), "Europe/Helsinki");
        assert_eq!(zone_at((33.45, -112.07)).unwrap().name(), "America/Phoenix");
        assert_eq!(zone_at((0.0, 0.0)), None);
        assert_eq!(
            resolve(&[clue(WINTER, None, Some("Europe/Warsaw"))], None),
            vec![(3600, TzSource::GpsTimezone)]
        );
        assert_eq!(
            resolve(&[clue(SUMMER, None, Some("Europe/Warsaw"))], None),
            vec![(7200, TzSource::GpsTimezone)]
        );
    }

    #[test]
    fn flag_beats_file_beats_position_beats_a_neighbour_beats_utc() {
        let paris = parse_tz("Europe/Paris").unwrap();
        assert_eq!(
            resolve(
                &[clue(SUMMER, Some(-18000), Some("Europe/Warsaw"))],
                Some(&paris)
            ),
            vec![(7200, TzSource::Flag)]
        );
        assert_eq!(
            resolve(&[clue(SUMMER, Some(3600), Some("Europe/Warsaw"))], None),
            vec![(3600, TzSource::File)]
        );
        let own = [
            clue(SUMMER, Some(-18000), None),
            clue(SUMMER + 2.0 * DAY, None, None),
            clue(WINTER, None, None),
        ];
        assert_eq!(
            resolve(&own, None),
            vec![
                (-18000, TzSource::File),
                (-18000, TzSource::NearestActivity),
                (0, TzSource::Utc)
            ]
        );
    }

    #[test]
    fn utc_written_as_local_time_gives_way_to_the_position() {
        // COROS and MapMyRide write UTC with an offset of 0; in Bogotá it is −05:00.
        assert_eq!(
            resolve(&[clue(WINTER, Some(0), Some("America/Bogota"))], None),
            vec![(-18000, TzSource::GpsTimezone)]
        );
        // In London in winter 0 is right, and the file says so.
        assert_eq!(
            resolve(&[clue(WINTER, Some(0), Some("Europe/London"))], None),
            vec![(0, TzSource::File)]
        );
    }

    #[test]
    fn borrowing_only_from_a_few_days_away_and_by_zone() {
        // A treadmill run 2 days after a Paris run in summer, one 4 days before it, another 4
        // weeks later.
        let own = [
            clue(SUMMER, None, Some("Europe/Paris")),
            clue(SUMMER + 2.0 * DAY, None, None),
            clue(SUMMER - 4.0 * DAY, None, None),
            clue(SUMMER + 28.0 * DAY, None, None),
        ];
        assert_eq!(
            resolve(&own, None),
            vec![
                (7200, TzSource::GpsTimezone),
                (7200, TzSource::NearestActivity),
                (7200, TzSource::NearestActivity),
                (0, TzSource::Utc)
            ]
        );
        // The zone is borrowed, not the offset: across the October change, the winter offset.
        let change = 1_729_987_200.0; // 2024-10-27, the last Sunday of October
        let own = [
            clue(change - DAY, None, Some("Europe/Paris")),
            clue(change + DAY, None, None),
        ];
        assert_eq!(
            resolve(&own, None),
            vec![
                (7200, TzSource::GpsTimezone),
                (3600, TzSource::NearestActivity)
            ]
        );
    }

    #[test]
    fn a_zone_that_cannot_matter_is_not_looked_up() {
        // Every mix of file offsets, with and without zones, borrowing across days: leaving out
        // the zones `zone_matters` says cannot matter changes nothing; leaving out one it says
        // can (UTC in the file) does.
        let files = [None, Some(0), Some(3600), Some(-25_200), Some(19_800)];
        let zones = [None, Some("Europe/Warsaw"), Some("America/Phoenix")];
        let mut all = Vec::new();
        for (i, file) in files.iter().enumerate() {
            for (j, zone) in zones.iter().enumerate() {
                for in_text in [false, true] {
                    let start =
                        SUMMER + ((i * 3 + j) * 2 + usize::from(in_text)) as f64 * DAY * 0.7;
                    all.push(Clues {
                        offset_in_text: in_text,
                        ..clue(start, *file, *zone)
                    });
                }
            }
        }
        let trimmed: Vec<Clues> = all
            .iter()
            .map(|c| Clues {
                zone: c
                    .zone
                    .clone()
                    .filter(|_| zone_matters(c.file_offset_s, c.offset_in_text)),
                ..c.clone()
            })
            .collect();
        assert_eq!(resolve(&trimmed, None), resolve(&all, None));
        let utc_in_warsaw = [clue(SUMMER, Some(0), Some("Europe/Warsaw"))];
        assert_eq!(
            resolve(&utc_in_warsaw, None),
            vec![(7200, TzSource::GpsTimezone)]
        );
        assert!(zone_matters(Some(0), false) && zone_matters(None, false));
        assert!(!zone_matters(Some(3600), false) && zone_matters(Some(3600), true));
    }

    #[test]
    fn an_offset_an_exporter_wrote_gives_way_to_the_place() {
        // Polar wrote +01:00 into the times of a run in Kraków in April (summer time, +02:00).
        let polar = Clues {
            offset_in_text: true,
            ..clue(SUMMER, Some(3600), Some("Europe/Warsaw"))
        };
        assert_eq!(resolve(&[polar], None), vec![(7200, TzSource::GpsTimezone)]);
        // A watch's own clock (FIT) stands; so does a text offset the place agrees with.
        let watch = clue(SUMMER, Some(3600), Some("Europe/Warsaw"));
        assert_eq!(resolve(&[watch], None), vec![(3600, TzSource::File)]);
        let right = Clues {
            offset_in_text: true,
            ..clue(SUMMER, Some(7200), Some("Europe/Warsaw"))
        };
        assert_eq!(resolve(&[right], None), vec![(7200, TzSource::File)]);
        // An offset the place never has then stands: a Spanish phone's +02:00 on the Portuguese
        // side of the river, a virtual ride's -04:00 on an Italian pass.
        for (offset, zone) in [(7200, "Europe/Lisbon"), (-14_400, "Europe/Rome")] {
            let other = Clues {
                offset_in_text: true,
                ..clue(SUMMER, Some(offset), Some(zone))
            };
            assert_eq!(resolve(&[other], None), vec![(offset, TzSource::File)]);
        }
        // Winter written as summer is the same mistake the other way round.
        let winter = Clues {
            offset_in_text: true,
            ..clue(WINTER, Some(7200), Some("Europe/Warsaw"))
        };
        assert_eq!(
            resolve(&[winter], None),
            vec![(3600, TzSource::GpsTimezone)]
        );
    }

    #[test]
    fn virtual_and_indoor_positions_are_not_the_runners() {
        assert!(positions_are_virtual(
            "cycling/virtual_activity",
            None,
            None
        ));
        assert!(positions_are_virtual("17", Some("StravaGPX"), None));
        assert!(positions_are_virtual("cycling", Some("zwift 0"), None));
        assert!(positions_are_virtual("running/treadmill", None, None));
        assert!(!positions_are_virtual(
            "running",
            Some("garmin fr935"),
            None
        ));
        // A Zwift ride as Garmin Connect exports it: "Biking", its device the export's, in
        // Crit City and Watopia.
        assert!(positions_are_virtual(
            "Biking",
            Some("Connect Api"),
            Some((-10.3839, 165.8021))
        ));
        assert!(positions_are_virtual(
            "running",
            None,
            Some((-11.6403, 166.9518))
        ));
        // Honiara, Solomon Islands (the same zone, a real town): real.
        assert!(!positions_are_virtual(
            "running",
            None,
            Some((-9.4333, 159.95))
        ));
    }

    #[test]
    fn local_formatting_and_day() {
        assert_eq!(format_local(SUMMER, 7200), "2024-07-01T02:00:00+02:00");
        assert_eq!(local_day(SUMMER - 3600.0, 7200), local_day(SUMMER, 0));
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
