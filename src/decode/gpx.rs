//! GPX 1.0 / 1.1 reader: one streaming pass, one [`Activity`] per file.
//!
//! What is read: `trk/trkseg/trkpt` (`lat`/`lon`, `ele`, `time`), heart rate, cadence and speed from
//! Garmin's TrackPointExtension (v1 or v2, matched by namespace URI whatever the prefix), power from
//! any `power`/`PowerInWatts` element, and a namespace-less `hr`/`heartrate` as a fallback. Every
//! track and segment goes into the one activity; the time between segments becomes a [`Pause`].
//! Waypoints and routes are plans, not recordings, and are ignored.
//!
//! Rules (shared with TCX, see [`xmlpoints`]): points without a usable time are dropped when they are
//! fewer than 10 %, otherwise the file is refused; placeholder (pre-1990) or all-identical times
//! refuse the file; unreadable values become `None` with a `bad_values` note; a file that breaks
//! off after some points keeps them with a `truncated` note.

#[path = "xmlpoints.rs"]
pub(crate) mod xmlpoints;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use crate::activity::{Activity, DecodeError, DecodeResult, FileContent, SourceFormat, Sport};
use xmlpoints::{
    gaps_between, place, words, Coordinate, PendingPoint, PointLog, PointTime, Span, Vocabulary,
};

const TRACK_POINT_EXTENSION_V1: &[u8] = b"http://www.garmin.com/xmlschemas/TrackPointExtension/v1";
const TRACK_POINT_EXTENSION_V2: &[u8] = b"http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
/// ClueTrust's GPXData, written by tapiriik and some Mac apps (`gpxdata:hr`, `gpxdata:cadence`).
const CLUETRUST_GPXDATA: &[u8] = b"http://www.cluetrust.com/XML/GPXDATA/1/0";

const WORDS: Vocabulary = Vocabulary {
    points: "GPX track points",
    time_tag: "<time>",
};

/// Decodes a whole GPX file.
pub fn decode(bytes: &[u8]) -> DecodeResult {
    let mut reader = xmlpoints::reader(bytes);
    let mut gpx = GpxReader::default();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => gpx.open(&reader, &element)?,
            Ok(Event::End(_)) => {
                if gpx.close() {
                    break;
                }
            }
            Ok(Event::Text(text)) => gpx.text(&text, bytes)?,
            Ok(Event::CData(data)) => gpx.text(&data, bytes)?,
            Ok(Event::Eof) => {
                gpx.end_of_file(bytes)?;
                break;
            }
            Ok(_) => {}
            Err(error) => {
                gpx.broken(bytes, reader.error_position(), &error.to_string())?;
                break;
            }
        }
    }
    gpx.finish()
}

/// Where an element sits, as far as GPX reading cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Gpx,
    Track,
    TrackType,
    Segment,
    Point,
    Elevation,
    Time,
    /// `<extensions>` or a container inside it (`TrackPointExtension`), or a GPX 1.0 foreign element.
    Extensions,
    GarminHeartRate,
    LooseHeartRate,
    Cadence,
    Power,
    Speed,
    /// Anything we do not read, and everything under it.
    Ignored,
}

impl Tag {
    fn holds_value(self) -> bool {
        matches!(
            self,
            Tag::TrackType
                | Tag::Elevation
                | Tag::Time
                | Tag::GarminHeartRate
                | Tag::LooseHeartRate
                | Tag::Cadence
                | Tag::Power
                | Tag::Speed
        )
    }
}

/// Which vocabulary an element name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vocab {
    /// GPX itself: the root's namespace (1.0, 1.1, or none at all).
    Gpx,
    GarminTrackPoint,
    ClueTrust,
    Foreign,
}

#[derive(Default)]
struct GpxReader {
    stack: Vec<Tag>,
    root_seen: bool,
    /// The namespace the root `<gpx>` is in; children in it are GPX elements.
    gpx_namespace: Vec<u8>,
    text: Vec<u8>,
    log: PointLog,
    point: PendingPoint,
    /// Whether the current point's heart rate came from Garmin's extension (which wins).
    garmin_heart_rate: bool,
    segment: Span,
    segments: Vec<(f64, f64)>,
    /// The log's tally when the current track began.
    track_start: (usize, usize, usize),
    /// Points of tracks in which no point has a time at all.
    untimed_tracks: Vec<usize>,
    tracks: usize,
    waypoints: usize,
    routes: usize,
    sport_raw: Option<String>,
    creator: Option<String>,
    truncated: Option<String>,
}

impl GpxReader {
    fn open(&mut self, reader: &NsReader<&[u8]>, element: &BytesStart) -> Result<(), DecodeError> {
        let name = element.local_name();
        let local = name.as_ref();
        let tag = match self.stack.last() {
            None => self.open_root(reader, element)?,
            Some(Tag::Gpx) => match local {
                b"trk" if self.vocab(reader, element) == Vocab::Gpx => {
                    self.tracks += 1;
                    self.track_start = self.log.tally();
                    Tag::Track
                }
                b"wpt" => {
                    self.waypoints += 1;
                    Tag::Ignored
                }
                b"rte" => {
                    self.routes += 1;
                    Tag::Ignored
                }
                _ => Tag::Ignored,
            },
            Some(Tag::Track) => match local {
                b"trkseg" if self.vocab(reader, element) == Vocab::Gpx => Tag::Segment,
                b"type"
                    if self.sport_raw.is_none() && self.vocab(reader, element) == Vocab::Gpx =>
                {
                    Tag::TrackType
                }
                _ => Tag::Ignored,
            },
            Some(Tag::Segment) => match local {
                b"trkpt" if self.vocab(reader, element) == Vocab::Gpx => {
                    self.start_point(element);
                    Tag::Point
                }
                _ => Tag::Ignored,
            },
            Some(Tag::Point) => match (local, self.vocab(reader, element)) {
                (b"ele", Vocab::Gpx) => Tag::Elevation,
                (b"time", Vocab::Gpx) => Tag::Time,
                (b"extensions", Vocab::Gpx) => Tag::Extensions,
                // GPX 1.0 has no <extensions>: foreign elements sit directly in the point.
                (_, Vocab::Gpx) => Tag::Ignored,
                _ => Tag::Extensions,
            },
            Some(Tag::Extensions) => extension_tag(local, self.vocab(reader, element)),
            Some(_) => Tag::Ignored,
        };
        if tag.holds_value() {
            self.text.clear();
        }
        self.stack.push(tag);
        Ok(())
    }

    fn open_root(
        &mut self,
        reader: &NsReader<&[u8]>,
        root: &BytesStart,
    ) -> Result<Tag, DecodeError> {
        if root.local_name().as_ref() != b"gpx" {
            return Err(DecodeError::new(format!(
                "not a GPX file: the root element is <{}>, not <gpx>",
                String::from_utf8_lossy(root.name().as_ref())
            )));
        }
        self.root_seen = true;
        if let (ResolveResult::Bound(Namespace(ns)), _) = reader.resolve_element(root.name()) {
            self.gpx_namespace = ns.to_vec();
        }
        self.creator = root
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == b"creator")
            .map(|a| words(&a.value))
            .filter(|c| !c.is_empty());
        Ok(Tag::Gpx)
    }

    fn vocab(&self, reader: &NsReader<&[u8]>, element: &BytesStart) -> Vocab {
        match reader.resolve_element(element.name()).0 {
            ResolveResult::Unbound => Vocab::Gpx,
            ResolveResult::Bound(Namespace(ns)) if ns == self.gpx_namespace.as_slice() => {
                Vocab::Gpx
            }
            ResolveResult::Bound(Namespace(
                TRACK_POINT_EXTENSION_V1 | TRACK_POINT_EXTENSION_V2,
            )) => Vocab::GarminTrackPoint,
            ResolveResult::Bound(Namespace(CLUETRUST_GPXDATA)) => Vocab::ClueTrust,
            _ => Vocab::Foreign,
        }
    }

    fn start_point(&mut self, element: &BytesStart) {
        self.point = PendingPoint::default();
        self.garmin_heart_rate = false;
        for attribute in element.attributes().with_checks(false).flatten() {
            match attribute.key.as_ref() {
                b"lat" => self.point.latitude = Coordinate::read(&attribute.value),
                b"lon" => self.point.longitude = Coordinate::read(&attribute.value),
                _ => {}
            }
        }
        // A point with no lat/lon at all breaks the schema; count it like an unreadable one.
        if self.point.latitude == Coordinate::Absent || self.point.longitude == Coordinate::Absent {
            self.point.latitude = Coordinate::Unreadable;
        }
    }

    fn text(&mut self, content: &[u8], bytes: &[u8]) -> Result<(), DecodeError> {
        match self.stack.last() {
            Some(tag) if tag.holds_value() => self.text.extend_from_slice(content),
            Some(_) => {}
            None if !self.root_seen => return Err(xmlpoints::text_before_root(bytes)),
            None => {}
        }
        Ok(())
    }

    /// Returns true when the root element has closed.
    fn close(&mut self) -> bool {
        let Some(tag) = self.stack.pop() else {
            return true;
        };
        let text = std::mem::take(&mut self.text);
        match tag {
            Tag::Elevation => self.point.sample.altitude_m = self.log.altitude(&text),
            Tag::Time => self.point.time = PointTime::read(&text),
            Tag::GarminHeartRate => {
                self.point.sample.heart_rate = self.log.heart_rate(&text);
                self.garmin_heart_rate = true;
            }
            Tag::LooseHeartRate if !self.garmin_heart_rate => {
                self.point.sample.heart_rate = self.log.heart_rate(&text);
            }
            Tag::Cadence => self.point.sample.cadence = self.log.cadence(&text),
            Tag::Power => self.point.sample.power_w = self.log.power(&text),
            Tag::Speed => self.point.sample.speed_mps = self.log.speed(&text),
            Tag::TrackType => self.sport_raw = Some(words(&text)),
            Tag::Point => {
                if let Some(time) = self.log.commit(std::mem::take(&mut self.point)) {
                    self.segment.include(time);
                }
            }
            Tag::Segment => self.segments.extend(self.segment.take()),
            Tag::Track => self.end_track(),
            _ => {}
        }
        self.text = text;
        self.stack.is_empty()
    }

    /// Garmin handhelds save a copy of the active log with the times stripped; planners export
    /// routes as tracks. Such a track has no time at all, unlike a recording with a few gaps.
    fn end_track(&mut self) {
        let (untimed, timed, prehistoric) = self.log.tally();
        let (untimed_before, timed_before, prehistoric_before) = self.track_start;
        if timed == timed_before && prehistoric == prehistoric_before && untimed > untimed_before {
            self.untimed_tracks.push(untimed - untimed_before);
        }
    }

    fn end_of_file(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if !self.root_seen {
            return Err(DecodeError::new("not XML: no element in the file"));
        }
        if let Some(open) = self.stack.last() {
            let reason = format!("file ends inside an open element ({open:?})");
            self.broken(bytes, bytes.len() as u64, &reason)?;
        }
        Ok(())
    }

    /// The XML broke off at `offset`. Points before the break are kept when there are any.
    fn broken(&mut self, bytes: &[u8], offset: u64, reason: &str) -> Result<(), DecodeError> {
        let message = format!("XML breaks at {}: {reason}", place(bytes, offset));
        if !self.root_seen {
            return Err(DecodeError::new(format!("not XML: {message}")));
        }
        if self.log.seen == 0 {
            return Err(DecodeError::new(format!(
                "{message}, before any track point"
            )));
        }
        // The segment being read ends at the break.
        self.segments.extend(self.segment.take());
        self.truncated = Some(message);
        Ok(())
    }

    fn finish(self) -> DecodeResult {
        if self.log.seen == 0 {
            return Ok(FileContent::NotActivity {
                note: self.nothing_recorded(),
            });
        }
        let mut log = self.log;
        let untimed_track_points: usize = self.untimed_tracks.iter().sum();
        // Only set aside when something else is timed: a file of untimed tracks is refused whole.
        if untimed_track_points > 0 && log.tally().1 > 0 {
            log.forget_untimed(untimed_track_points);
            log.note(
                "untimed_tracks",
                format!(
                    "{} track(s) with {untimed_track_points} points and no <time> at all left out: a \
                     saved copy or a plan, not the recording",
                    self.untimed_tracks.len()
                ),
            );
        }
        if let Some(message) = self.truncated {
            log.note(
                "truncated",
                format!("{message}; points before the break are kept"),
            );
        }
        let points = log.finish(&WORDS).map_err(DecodeError::new)?;
        let sport_raw = self.sport_raw.unwrap_or_default();
        Ok(FileContent::Activities(vec![Activity {
            format: Some(SourceFormat::Gpx),
            sport: sport_from_gpx_type(&sport_raw),
            sport_raw,
            device: self.creator,
            samples: points.samples,
            pauses: gaps_between(self.segments),
            utc_offset_s: points.utc_offset_s,
            notes: points.notes,
            ..Activity::default()
        }]))
    }

    fn nothing_recorded(&self) -> String {
        if self.tracks > 0 {
            return format!("GPX has {} track(s) but no track points", self.tracks);
        }
        format!(
            "GPX holds no track, only {} waypoint(s) and {} route(s): a plan, not a recorded activity",
            self.waypoints, self.routes
        )
    }
}

fn extension_tag(local: &[u8], vocab: Vocab) -> Tag {
    match (vocab, local) {
        (Vocab::GarminTrackPoint, b"hr") => Tag::GarminHeartRate,
        (Vocab::GarminTrackPoint | Vocab::ClueTrust, b"cad" | b"cadence") => Tag::Cadence,
        (Vocab::GarminTrackPoint, b"speed") => Tag::Speed,
        (_, b"power" | b"PowerInWatts") => Tag::Power,
        (Vocab::Gpx | Vocab::ClueTrust, b"hr" | b"heartrate") => Tag::LooseHeartRate,
        _ => Tag::Extensions,
    }
}

/// Strava writes its activity type ids instead of words (9 is a run, 1 a ride); the rest of the
/// world writes words, which [`Sport::from_text`] knows.
fn sport_from_gpx_type(raw: &str) -> Sport {
    let word = match raw.trim() {
        "1" => "ride",
        "4" => "hike",
        "9" => "run",
        "10" => "walk",
        "16" => "swim",
        "17" => "virtualride",
        "53" => "virtualrun",
        other => other,
    };
    Sport::from_text(word, None)
}
