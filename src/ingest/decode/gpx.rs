//! GPX 1.0 / 1.1 reader: one streaming pass, one [`Activity`] per file.
//!
//! What is read: `trk/trkseg/trkpt` (`lat`/`lon`, `ele`, `time`), heart rate, cadence and speed from
//! Garmin's TrackPointExtension (v1 or v2, matched by the namespace naming it whatever the prefix), power from
//! any `power`/`PowerInWatts` element, a namespace-less `hr`/`heartrate` (HOLUX: `bpm`, `rpm`) as a fallback, and a
//! file-level heart-rate track of timed readings (SportTracks' `heartRate`), joined by time. Every
//! track and segment goes into the one activity; the time between segments becomes a [`Pause`](crate::activity::Pause).
//! Waypoints and routes are plans, not recordings, and are ignored.
//!
//! Rules (shared with TCX, see `xmlpoints`): points without a usable time are dropped when they are
//! fewer than 10 %, otherwise the file is refused; placeholder (pre-1990) or all-identical times
//! refuse the file; unreadable values become `None` with a `bad_values` note; a file that breaks
//! off after some points keeps them with a `truncated` note.

use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use crate::activity::intent::clean_text;
use crate::activity::{
    Activity, DecodeError, DecodeResult, FileContent, Intent, Pause, QualityNote, Sample,
    SourceFormat, Sport,
};
use crate::ingest::budget;
use crate::ingest::decode::xmlpoints;
use crate::ingest::decode::xmlpoints::{
    breaks_at, gaps_between, one_line, words, Coordinate, PendingPoint, PointLog, PointReader,
    PointTime, Span, Vocabulary, MAX_NAMESPACE_LEN,
};
use crate::ingest::decode::xmltime::parse_iso8601;

const TRACK_POINT_EXTENSION_V1: &[u8] = b"http://www.garmin.com/xmlschemas/TrackPointExtension/v1";
const TRACK_POINT_EXTENSION_V2: &[u8] = b"http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
/// ClueTrust's GPXData, written by tapiriik and some Mac apps (`gpxdata:hr`, `gpxdata:cadence`).
const CLUETRUST_GPXDATA: &[u8] = b"http://www.cluetrust.com/XML/GPXDATA/1/0";

/// Whether a namespace is Garmin's TrackPointExtension under another spelling of its address.
/// Apps copy the address by hand: HealthFit (Apple Watch) writes the schema file's URL
/// (`http://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd`), OsmAnd 5 the same over
/// `https`, others `xmlschemes` or another case. The address naming the schema is what tells its `hr` is heart rate; an
/// unknown vendor's `hr` still is not.
fn names_track_point_extension(namespace: &[u8]) -> bool {
    const NAME: &[u8] = b"trackpointextension";
    namespace
        .windows(NAME.len())
        .any(|w| w.eq_ignore_ascii_case(NAME))
}

const WORDS: Vocabulary = Vocabulary {
    points: "GPX track points",
    time_tag: "<time>",
};

/// Decodes a whole GPX file.
pub fn decode(bytes: &[u8]) -> DecodeResult {
    xmlpoints::read::<GpxReader>(bytes)
}

/// Where an element sits, as far as GPX reading cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Gpx,
    /// GPX 1.1 `<metadata>`.
    Metadata,
    /// `<name>` and `<desc>` of the file (GPX 1.0: under `<gpx>`; 1.1: under `<metadata>`) and
    /// of the track: the runner's title and notes.
    FileName,
    FileDesc,
    TrackName,
    /// The name of a track after the first: its outing's, when it has one of its own.
    LaterTrackName,
    TrackDesc,
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
    /// The file's own `<extensions>` (beside the tracks) and the containers inside it, where
    /// SportTracks keeps a heart-rate track of timed readings.
    FileExtensions,
    /// Anything we do not read, and everything under it.
    Ignored,
}

impl Tag {
    fn holds_value(self) -> bool {
        matches!(
            self,
            Tag::TrackType
                | Tag::FileName
                | Tag::FileDesc
                | Tag::TrackName
                | Tag::LaterTrackName
                | Tag::TrackDesc
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
    /// A prefix the file never declared (`gpxtpx:hr` without `xmlns:gpxtpx`): some exporters
    /// forget the declaration, and the local name is all there is to go by.
    Undeclared,
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
    /// A file-level heart-rate track's readings: (time, bpm).
    file_heart_rates: Vec<(f64, u8)>,
    /// Name and description of the first track, then of the file.
    track_name: Option<String>,
    /// The track being read's name, and the names of the tracks read with their first time (at
    /// most [`NAMED_TRACKS`]): each outing of a file of several days is named by its own.
    this_track_name: Option<String>,
    named_tracks: Vec<(f64, String)>,
    track_desc: Option<String>,
    file_name: Option<String>,
    file_desc: Option<String>,
}

impl PointReader for GpxReader {
    fn open(&mut self, reader: &NsReader<&[u8]>, element: &BytesStart) -> Result<(), DecodeError> {
        let name = element.local_name();
        let local = name.as_ref();
        let tag = match self.stack.last() {
            None => self.open_root(reader, element)?,
            Some(Tag::Gpx) => match local {
                b"trk" if self.vocab(reader, element) == Vocab::Gpx => {
                    self.tracks += 1;
                    self.track_start = self.log.tally();
                    self.this_track_name = None;
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
                b"metadata" if self.vocab(reader, element) == Vocab::Gpx => Tag::Metadata,
                b"extensions" if self.vocab(reader, element) == Vocab::Gpx => Tag::FileExtensions,
                b"name" if self.vocab(reader, element) == Vocab::Gpx => Tag::FileName,
                b"desc" if self.vocab(reader, element) == Vocab::Gpx => Tag::FileDesc,
                _ => Tag::Ignored,
            },
            Some(Tag::Metadata) => match local {
                b"name" if self.vocab(reader, element) == Vocab::Gpx => Tag::FileName,
                b"desc" if self.vocab(reader, element) == Vocab::Gpx => Tag::FileDesc,
                _ => Tag::Ignored,
            },
            Some(Tag::Track) => match local {
                b"trkseg" if self.vocab(reader, element) == Vocab::Gpx => {
                    self.log.begin_segment();
                    Tag::Segment
                }
                b"type"
                    if self.sport_raw.is_none() && self.vocab(reader, element) == Vocab::Gpx =>
                {
                    Tag::TrackType
                }
                b"name" if self.tracks == 1 && self.vocab(reader, element) == Vocab::Gpx => {
                    Tag::TrackName
                }
                b"name"
                    if self.named_tracks.len() < NAMED_TRACKS
                        && self.vocab(reader, element) == Vocab::Gpx =>
                {
                    Tag::LaterTrackName
                }
                b"desc" if self.tracks == 1 && self.vocab(reader, element) == Vocab::Gpx => {
                    Tag::TrackDesc
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
            Some(Tag::FileExtensions) if local == b"heartRate" => {
                self.file_heart_rate(element);
                Tag::Ignored
            }
            Some(Tag::FileExtensions) => Tag::FileExtensions,
            Some(_) => Tag::Ignored,
        };
        if tag.holds_value() {
            self.text.clear();
        }
        self.stack.push(tag);
        Ok(())
    }

    fn value_text(&mut self) -> Option<&mut Vec<u8>> {
        match self.stack.last() {
            Some(tag) if tag.holds_value() => Some(&mut self.text),
            _ => None,
        }
    }

    fn root_seen(&self) -> bool {
        self.root_seen
    }

    fn elements_open(&self) -> bool {
        !self.stack.is_empty()
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
            Tag::TrackName => {
                self.track_name = clean_text(&words(&text));
                self.this_track_name.clone_from(&self.track_name);
            }
            Tag::LaterTrackName => self.this_track_name = clean_text(&words(&text)),
            Tag::TrackDesc => self.track_desc = clean_text(&words(&text)),
            Tag::FileName => self.file_name = clean_text(&words(&text)),
            Tag::FileDesc => self.file_desc = clean_text(&words(&text)),
            Tag::Point => {
                let point = std::mem::take(&mut self.point);
                match point.latitude {
                    // My Tracks and early OpenTracks wrote a pause as a point at latitude 100
                    // and the resume as one at 200: no place, a timer pause. Read as points with
                    // an impossible position, the pause had been a stop, and the line across it
                    // distance.
                    Coordinate::Degrees(lat) if lat == PAUSE_MARKER_LAT => {
                        self.segments.extend(self.segment.take());
                    }
                    Coordinate::Degrees(lat) if lat == RESUME_MARKER_LAT => {}
                    _ => {
                        if let Some(time) = self.log.commit(point) {
                            self.segment.include(time);
                        }
                    }
                }
            }
            Tag::Segment => self.segments.extend(self.segment.take()),
            Tag::Track => self.end_track(),
            _ => {}
        }
        self.text = text;
        self.stack.is_empty()
    }

    /// The XML broke off at `offset`. Points before the break are kept when there are any.
    fn broken(&mut self, bytes: &[u8], offset: u64, reason: &str) -> Result<(), DecodeError> {
        let message = breaks_at(bytes, offset, reason);
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
        let untimed_track_points: usize = self.untimed_tracks.iter().sum();
        // Tracks with no time at all, and nothing else: a planner's route (outdooractive,
        // Komoot, CalTopo) drawn as a track, which is no broken recording. A heart rate on its
        // points says a recording lost its times: that stays an error.
        if untimed_track_points > 0
            && untimed_track_points == self.log.seen
            && self.log.unreadable_times() == 0
            && self.log.untimed_readings() == 0
        {
            return Ok(FileContent::NotActivity {
                note: format!(
                    "GPX holds {} track(s) of {untimed_track_points} points with no <time> at all: a route or a plan, not a recorded activity",
                    self.untimed_tracks.len()
                ),
            });
        }
        let mut log = self.log;
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
        let mut points = log.finish(&WORDS).map_err(DecodeError::new)?;
        join_file_heart_rates(
            &mut points.samples,
            self.file_heart_rates,
            &mut points.notes,
        );
        let sport_raw = self.sport_raw.unwrap_or_default();
        let template = Activity {
            format: Some(SourceFormat::Gpx),
            sport: sport_from_gpx_type(&sport_raw),
            sport_raw,
            device: self.creator,
            utc_offset_s: points.utc_offset_s,
            notes: points.notes,
            intent: Intent {
                title: self.track_name.or(self.file_name),
                description: self.track_desc.or(self.file_desc),
                ..Intent::default()
            },
            ..Activity::default()
        };
        outings(
            template,
            points.samples,
            gaps_between(self.segments),
            &self.named_tracks,
        )
        .map(FileContent::Activities)
    }
}

/// A file-level heart-rate track's readings become records of their own among the points (the
/// summary stands each record on the last reading, as for any record without one), those within
/// the points' time span only: a reading outside it would stretch the run.
fn join_file_heart_rates(
    samples: &mut Vec<Sample>,
    readings: Vec<(f64, u8)>,
    notes: &mut Vec<QualityNote>,
) {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return;
    };
    let (first, last) = (first.time, last.time);
    let before = samples.len();
    samples.extend(
        readings
            .into_iter()
            .filter(|(t, _)| (first..=last).contains(t))
            .map(|(time, bpm)| Sample {
                time,
                heart_rate: Some(bpm),
                ..Sample::default()
            }),
    );
    let joined = samples.len() - before;
    if joined > 0 {
        samples.sort_by(|a, b| a.time.total_cmp(&b.time));
        notes.push(QualityNote::new(
            "heart_rate_track",
            format!("heart rate from the file's own heart-rate track ({joined} readings), joined to the points by time"),
        ));
    }
}

/// My Tracks' markers of a pause and its resume (see `close`).
const PAUSE_MARKER_LAT: f64 = 100.0;
const RESUME_MARKER_LAT: f64 = 200.0;

/// Track names kept to name a file's outings by: a day's log holds a few, a file of thousands
/// of tracks names its outings by the first (each name is up to 8 KB).
const NAMED_TRACKS: usize = 64;

/// A break this long ends an outing: a café stop or an aid station is shorter, a night or the
/// second run of the day is longer.
pub(crate) const OUTING_GAP_S: f64 = 3.0 * 3600.0;

/// One activity per outing: a GPX file can hold the tracks of several days (a device's whole
/// log, tracks saved weeks apart), which are separate runs, not one run with days of pause.
/// Samples are in time order. A lone point hours away from everything else is a stray time, not
/// an outing, and is left out.
///
/// `pauses` are in time order and never overlap ([`gaps_between`]): each outing finds its own by
/// a binary search, so a file of 340,000 two-point tracks is not 340,000 passes over 340,000
/// pauses (a minute). Each outing is an activity of its own, charged to the memory budget.
fn outings(
    template: Activity,
    samples: Vec<Sample>,
    pauses: Vec<Pause>,
    named_tracks: &[(f64, String)],
) -> Result<Vec<Activity>, DecodeError> {
    let mut groups: Vec<Vec<Sample>> = Vec::new();
    for sample in samples {
        match groups.last_mut() {
            Some(group)
                if group
                    .last()
                    .is_some_and(|last| sample.time - last.time <= OUTING_GAP_S) =>
            {
                group.push(sample)
            }
            _ => groups.push(vec![sample]),
        }
    }
    let strays = if groups.iter().any(|g| g.len() >= 2) {
        let before = groups.len();
        groups.retain(|g| g.len() >= 2);
        before - groups.len()
    } else {
        0
    };
    let several = groups.len();
    // An outing's activity, its copy of the file's texts (a 20 MB `<type>` copied into every
    // outing had held 2 GB), its notes and its row's share of the summary's fixed cost.
    let texts = template.sport_raw.len()
        + template.device.as_ref().map_or(0, String::len)
        + template.intent.title.as_ref().map_or(0, String::len)
        + template.intent.description.as_ref().map_or(0, String::len)
        + template.notes.iter().map(|n| n.detail.len()).sum::<usize>();
    let outing_cost = (std::mem::size_of::<Activity>() + 512 + texts) as u64;
    if several > 1 && !budget::charge(outing_cost.saturating_mul(several as u64)) {
        return Err(DecodeError::new(budget::refusal_here()));
    }
    Ok(groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let mut activity = template.clone();
            if let (Some(first), Some(last)) = (group.first(), group.last()) {
                let (from, to) = (first.time, last.time);
                // Named by the first track that began in it (CalTopo's "Day 02" was "Day 01").
                if several > 1 {
                    let own = named_tracks
                        .iter()
                        .filter(|(t, _)| (from..=to).contains(t))
                        .min_by(|a, b| a.0.total_cmp(&b.0));
                    if let Some((_, name)) = own {
                        activity.intent.title = Some(name.clone());
                    }
                }
                let lo = pauses.partition_point(|p| p.stopped_at < from);
                let hi = pauses.partition_point(|p| p.stopped_at <= to);
                activity.pauses = pauses[lo..hi.max(lo)]
                    .iter()
                    .filter(|p| p.resumed_at <= to)
                    .copied()
                    .collect();
            }
            if several > 1 {
                activity.notes.push(QualityNote::new(
                    "several_outings",
                    format!(
                        "the file holds {several} outings (breaks of more than {:.0} h between them): this is outing {} of {several}",
                        OUTING_GAP_S / 3600.0,
                        i + 1
                    ),
                ));
            }
            if strays > 0 {
                activity.notes.push(QualityNote::new(
                    "bad_timestamps",
                    format!(
                        "{strays} point(s) timed hours or more away from every other point were left out"
                    ),
                ));
            }
            activity.samples = group;
            activity
        })
        .collect())
}

impl GpxReader {
    fn open_root(
        &mut self,
        reader: &NsReader<&[u8]>,
        root: &BytesStart,
    ) -> Result<Tag, DecodeError> {
        if root.local_name().as_ref() != b"gpx" {
            return Err(DecodeError::new(format!(
                "not a GPX file: the root element is <{}>, not <gpx>",
                one_line(&String::from_utf8_lossy(root.name().as_ref()))
            )));
        }
        self.root_seen = true;
        if let (ResolveResult::Bound(Namespace(ns)), _) = reader.resolve_element(root.name()) {
            self.gpx_namespace = ns.to_vec();
        }
        self.creator = xmlpoints::creator(root);
        Ok(Tag::Gpx)
    }

    fn vocab(&self, reader: &NsReader<&[u8]>, element: &BytesStart) -> Vocab {
        match reader.resolve_element(element.name()).0 {
            ResolveResult::Unbound => Vocab::Gpx,
            ResolveResult::Bound(Namespace(ns)) if ns.len() > MAX_NAMESPACE_LEN => Vocab::Foreign,
            ResolveResult::Bound(Namespace(ns)) if ns == self.gpx_namespace.as_slice() => {
                Vocab::Gpx
            }
            ResolveResult::Bound(Namespace(
                TRACK_POINT_EXTENSION_V1 | TRACK_POINT_EXTENSION_V2,
            )) => Vocab::GarminTrackPoint,
            ResolveResult::Bound(Namespace(CLUETRUST_GPXDATA)) => Vocab::ClueTrust,
            ResolveResult::Bound(Namespace(ns)) if names_track_point_extension(ns) => {
                Vocab::GarminTrackPoint
            }
            ResolveResult::Unknown(_) => Vocab::Undeclared,
            ResolveResult::Bound(_) => Vocab::Foreign,
        }
    }

    /// One reading of a file-level heart-rate track (SportTracks' `<st:heartRate time="…"
    /// bpm="…"/>`, as the a-rival SpoQ's software writes it): kept when both read and the heart
    /// could beat so.
    fn file_heart_rate(&mut self, element: &BytesStart) {
        let (mut time, mut bpm) = (None, None);
        for attribute in element.attributes().with_checks(false).flatten() {
            match attribute.key.local_name().as_ref() {
                b"time" => time = parse_iso8601(&attribute.value).map(|(t, _)| t),
                b"bpm" => {
                    bpm = std::str::from_utf8(&attribute.value)
                        .ok()
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .filter(|v| (20.0..=250.0).contains(v))
                        .map(|v| v.round() as u8)
                }
                _ => {}
            }
        }
        // Each reading becomes a record of its own: charged as one (a stopped job is refused at
        // the next element).
        if let (Some(time), Some(bpm)) = (time, bpm) {
            if budget::reserve_few(&mut self.file_heart_rates, budget::SAMPLE_COST) {
                self.file_heart_rates.push((time, bpm));
            }
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

    /// Garmin handhelds save a copy of the active log with the times stripped; planners export
    /// routes as tracks. Such a track has no time at all, unlike a recording with a few gaps.
    fn end_track(&mut self) {
        let (untimed, timed, prehistoric) = self.log.tally();
        let (untimed_before, timed_before, prehistoric_before) = self.track_start;
        if let Some(name) = self.this_track_name.take() {
            let first = self
                .log
                .samples
                .get(timed_before..timed)
                .and_then(|new| new.iter().map(|s| s.time).min_by(f64::total_cmp));
            if let (Some(first), true) = (first, self.named_tracks.len() < NAMED_TRACKS) {
                self.named_tracks.push((first, name));
            }
        }
        if timed == timed_before && prehistoric == prehistoric_before && untimed > untimed_before {
            self.untimed_tracks.push(untimed - untimed_before);
        }
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
        // A plain `<cadence>` beside a plain `<heartrate>`, as some apps write them; HOLUX's
        // loggers write `<rpm>` beside `<bpm>`.
        (
            Vocab::GarminTrackPoint | Vocab::ClueTrust | Vocab::Undeclared | Vocab::Gpx,
            b"cad" | b"cadence",
        )
        | (Vocab::Gpx | Vocab::Undeclared, b"rpm") => Tag::Cadence,
        (Vocab::GarminTrackPoint, b"speed") => Tag::Speed,
        (_, b"power" | b"PowerInWatts") => Tag::Power,
        (Vocab::Gpx | Vocab::ClueTrust | Vocab::Undeclared, b"hr" | b"heartrate")
        | (Vocab::Gpx | Vocab::Undeclared, b"bpm") => Tag::LooseHeartRate,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{Pause, Sample};

    const GPX11: &str = r#"xmlns="http://www.topografix.com/GPX/1/1""#;

    /// A GPX 1.1 document with the given extra root attributes and body.
    fn gpx(root_attributes: &str, body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Test &amp; Co" {GPX11} {root_attributes}>{body}</gpx>"#
        )
    }

    fn one_activity(doc: &str) -> Activity {
        match decode(doc.as_bytes()) {
            Ok(FileContent::Activities(mut list)) => {
                assert_eq!(list.len(), 1);
                list.remove(0)
            }
            other => panic!("expected one activity, got {other:?}"),
        }
    }

    fn error(doc: &[u8]) -> String {
        match decode(doc) {
            Err(DecodeError(message)) => message,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    /// The instant an ISO 8601 time names.
    fn at(time: &str) -> f64 {
        crate::ingest::decode::xmltime::parse_iso8601(time.as_bytes())
            .unwrap()
            .0
    }

    fn point(lat: &str, lon: &str, time: &str, inner: &str) -> String {
        format!(r#"<trkpt lat="{lat}" lon="{lon}"><time>{time}</time>{inner}</trkpt>"#)
    }

    fn heart_rates(activity: &Activity) -> Vec<Option<u8>> {
        activity.samples.iter().map(|s| s.heart_rate).collect()
    }

    #[test]
    fn a_file_level_heart_rate_track_is_joined_to_the_points_by_time() {
        // SportTracks' extension, as the a-rival SpoQ's software writes it: the readings in a
        // list of their own beside the track. They were not read: a run judged by pace alone.
        let readings = r#"<extensions><st:activity startTime="2013-09-29T09:36:22Z">
            <st:heartRateTrack>
              <st:heartRate time="2013-09-29T09:36:20Z" bpm="99" />
              <st:heartRate time="2013-09-29T09:36:22Z" bpm="103" />
              <st:heartRate time="2013-09-29T09:36:25Z" bpm="105" />
              <st:heartRate time="2013-09-29T09:36:28Z" bpm="300" />
              <st:heartRate time="2013-09-29T09:36:30Z" bpm="107" />
            </st:heartRateTrack></st:activity></extensions>"#;
        let body = format!(
            "{readings}<trk><trkseg>{}{}</trkseg></trk>",
            point("51.41", "7.39", "2013-09-29T09:36:22Z", ""),
            point("51.4101", "7.3901", "2013-09-29T09:36:30Z", ""),
        );
        let ns = r#"xmlns:st="urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD""#;
        let a = one_activity(&gpx(ns, &body));
        // The reading before the first point is outside the run, and 300 is no heart's: left out.
        // The one at the first point's second is a record of its own there.
        let times: Vec<(f64, Option<u8>)> = a
            .samples
            .iter()
            .map(|s| (s.time - 1_380_447_382.0, s.heart_rate))
            .collect();
        assert_eq!(
            times,
            [
                (0.0, None),
                (0.0, Some(103)),
                (3.0, Some(105)),
                (8.0, None),
                (8.0, Some(107))
            ]
        );
        assert!(a.notes.iter().any(|n| n.code == "heart_rate_track"));
    }

    #[test]
    fn an_offset_no_time_zone_uses_sets_no_local_time() {
        // One point of a run written in UTC carries "+23:59" (hostile round 39 F2): it moved the
        // whole run's local date a day on. Its instant is read; its offset is no zone's.
        let body = format!(
            "<trk><type>running</type><trkseg>{}{}{}</trkseg></trk>",
            point("46.5", "15.25", "2020-06-01T06:00:00Z", ""),
            point("46.5001", "15.2502", "2020-06-02T05:59:02+23:59", ""),
            point("46.5002", "15.2504", "2020-06-01T06:00:03Z", "")
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.utc_offset_s, None);
        // 2020-06-01T06:00:02Z.
        assert_eq!(run.samples[1].time, 1_590_991_202.0);
        // A real zone's offset is read as before.
        let body = format!(
            "<trk><type>running</type><trkseg>{}{}</trkseg></trk>",
            point("46.5", "15.25", "2020-06-01T08:00:00+02:00", ""),
            point("46.5001", "15.2502", "2020-06-01T08:00:01+02:00", "")
        );
        assert_eq!(one_activity(&gpx("", &body)).utc_offset_s, Some(7_200));
    }

    #[test]
    fn reads_points_elevation_time_and_device() {
        let body = format!(
            "<trk><type>running</type><trkseg>{}{}</trkseg></trk>",
            point("46.5", "15.25", "2020-06-01T06:00:00Z", "<ele>301.5</ele>"),
            point(
                "46.5001",
                "15.2502",
                "2020-06-01T06:00:01.5Z",
                "<ele> 302 </ele>"
            )
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.format, Some(SourceFormat::Gpx));
        assert_eq!(run.sport, Sport::Running);
        assert_eq!(run.sport_raw, "running");
        assert_eq!(run.device.as_deref(), Some("Test & Co"));
        assert_eq!(
            run.samples,
            vec![
                Sample {
                    time: 1_590_991_200.0,
                    position: Some((46.5, 15.25)),
                    altitude_m: Some(301.5),
                    ..Sample::default()
                },
                Sample {
                    time: 1_590_991_201.5,
                    position: Some((46.5001, 15.2502)),
                    altitude_m: Some(302.0),
                    ..Sample::default()
                },
            ]
        );
        assert!(run.notes.is_empty(), "{:?}", run.notes);
        assert_eq!(run.utc_offset_s, None);
        assert_eq!(run.laps, 0);
    }

    #[test]
    fn garmin_extension_is_matched_by_namespace_whatever_the_prefix() {
        let v1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1";
        let v2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
        let cases = [
            (format!(r#"xmlns:gpxtpx="{v1}""#), "gpxtpx:"),
            (format!(r#"xmlns:ns3="{v1}""#), "ns3:"),
            (format!(r#"xmlns:tpx2="{v2}""#), "tpx2:"),
            // HealthFit (Apple Watch) writes the schema file's URL; others mistype the path.
            (
                r#"xmlns:gpxtpx="http://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd""#
                    .to_string(),
                "gpxtpx:",
            ),
            // OsmAnd 5: https, and the v1 schema file.
            (
                r#"xmlns:gpxtpx="https://www8.garmin.com/xmlschemas/TrackPointExtensionv1.xsd""#
                    .to_string(),
                "gpxtpx:",
            ),
            (
                r#"xmlns:gpxtpx="https://www.garmin.com/xmlschemes/trackpointextension/v1""#
                    .to_string(),
                "gpxtpx:",
            ),
        ];
        for (declaration, prefix) in cases {
            let ext = format!(
                "<extensions><{prefix}TrackPointExtension><{prefix}hr>151</{prefix}hr>\
                 <{prefix}cad>88</{prefix}cad></{prefix}TrackPointExtension></extensions>"
            );
            let body = format!(
                "<trk><trkseg>{}{}</trkseg></trk>",
                point("1", "2", "2020-06-01T06:00:00Z", &ext),
                point("1", "2", "2020-06-01T06:00:01Z", "")
            );
            let run = one_activity(&gpx(&declaration, &body));
            assert_eq!(heart_rates(&run), vec![Some(151), None], "{prefix}");
            assert_eq!(run.samples[0].cadence, Some(88), "{prefix}");
        }
        // The extension's namespace as the default namespace of its container: no prefix at all.
        let ext = format!(
            r#"<extensions><TrackPointExtension xmlns="{v2}"><hr>140</hr><speed>3.5</speed></TrackPointExtension></extensions>"#
        );
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", &ext),
            point("1", "2", "2020-06-01T06:00:01Z", "")
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(heart_rates(&run), vec![Some(140), None]);
        assert_eq!(run.samples[0].speed_mps, Some(3.5));
    }

    #[test]
    fn hr_of_an_unknown_vendor_namespace_is_not_heart_rate() {
        let ext = r#"<extensions><x:hr xmlns:x="http://example.com/other">150</x:hr></extensions>"#;
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", ext),
            point("1", "2", "2020-06-01T06:00:01Z", "")
        );
        assert_eq!(
            heart_rates(&one_activity(&gpx("", &body))),
            vec![None, None]
        );
    }

    #[test]
    fn plain_hr_in_extensions_is_a_fallback_that_garmin_overrides() {
        let tpx = r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1""#;
        let body = format!(
            "<trk><trkseg>{}{}{}</trkseg></trk>",
            point(
                "1",
                "2",
                "2020-06-01T06:00:00Z",
                "<extensions><heartrate>120</heartrate><cadence>86</cadence></extensions>"
            ),
            point(
                "1",
                "2",
                "2020-06-01T06:00:01Z",
                "<extensions><hr>121</hr><power>250</power></extensions>"
            ),
            point(
                "1",
                "2",
                "2020-06-01T06:00:02Z",
                "<extensions><hr>99</hr><gpxtpx:TrackPointExtension><gpxtpx:hr>122</gpxtpx:hr>\
                 </gpxtpx:TrackPointExtension><hr>98</hr></extensions>"
            ),
        );
        let run = one_activity(&gpx(tpx, &body));
        assert_eq!(heart_rates(&run), vec![Some(120), Some(121), Some(122)]);
        assert_eq!(run.samples[0].cadence, Some(86));
        assert_eq!(run.samples[1].power_w, Some(250));
    }

    #[test]
    fn holux_loggers_write_heart_rate_as_bpm_and_cadence_as_rpm() {
        let ext = |bpm: &str, rpm: &str| {
            format!(
                r#"<extensions><speed src="gps">9.86</speed><bpm>{bpm}</bpm><rpm>{rpm}</rpm><mbar>1003.4</mbar></extensions>"#
            )
        };
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2011-11-03T09:09:25Z", &ext("158", "80")),
            point("1", "2", "2011-11-03T09:09:26Z", &ext("161", "84")),
        );
        let ride = one_activity(&gpx("", &body));
        assert_eq!(heart_rates(&ride), vec![Some(158), Some(161)]);
        assert_eq!(ride.samples[1].cadence, Some(84));
    }

    #[test]
    fn undeclared_prefixes_and_cluetrust_still_give_heart_rate_and_cadence() {
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point(
                "1",
                "2",
                "2020-06-01T06:00:00Z",
                "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>131</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad>\
                 </gpxtpx:TrackPointExtension></extensions>"
            ),
            point(
                "1",
                "2",
                "2020-06-01T06:00:01Z",
                r#"<extensions><gpxdata:hr xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">132</gpxdata:hr></extensions>"#
            ),
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(heart_rates(&run), vec![Some(131), Some(132)]);
        assert_eq!(run.samples[0].cadence, Some(85));
    }

    #[test]
    fn a_cadence_of_255_is_no_reading() {
        // FIT's "no reading", copied into a GPX by a converter: read as cadence, the run averaged
        // 510 steps a minute.
        let cad = |c: &str| {
            format!("<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>{c}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>")
        };
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", &cad("255")),
            point("1", "2", "2020-06-01T06:00:01Z", &cad("254")),
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.samples[0].cadence, None);
        assert_eq!(run.samples[1].cadence, Some(254));
    }

    #[test]
    fn apple_power_in_watts_is_power() {
        let tpx = r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1""#;
        let ext =
            "<extensions><gpxtpx:PowerExtension><gpxtpx:PowerInWatts>312</gpxtpx:PowerInWatts>\
                   </gpxtpx:PowerExtension></extensions>";
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", ext),
            point("1", "2", "2020-06-01T06:00:01Z", "")
        );
        assert_eq!(one_activity(&gpx(tpx, &body)).samples[0].power_w, Some(312));
    }

    #[test]
    fn gpx_1_0_and_foreign_elements_directly_in_the_point() {
        let doc = r#"<?xml version="1.0"?>
<gpx version="1.0" creator="GPSBabel" xmlns="http://www.topografix.com/GPX/1/0"
     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <trk><name>ACTIVE LOG</name><trkseg>
  <trkpt lat="46.1" lon="14.2"><ele>500</ele><time>2010-10-03T09:36:30Z</time><speed>1.2</speed>
   <gpxtpx:TrackPointExtension><gpxtpx:hr>133</gpxtpx:hr></gpxtpx:TrackPointExtension></trkpt>
  <trkpt lat="46.2" lon="14.3"><time>2010-10-03T09:36:40Z</time></trkpt>
 </trkseg></trk></gpx>"#;
        let hike = one_activity(doc);
        assert_eq!(hike.samples.len(), 2);
        assert_eq!(hike.samples[0].position, Some((46.1, 14.2)));
        assert_eq!(hike.samples[0].altitude_m, Some(500.0));
        assert_eq!(heart_rates(&hike), vec![Some(133), None]);
        assert_eq!(hike.device.as_deref(), Some("GPSBabel"));
    }

    #[test]
    fn byte_order_mark_and_no_namespace() {
        let doc = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<gpx version=\"1.1\"><trk><trkseg>\
                   <trkpt lat=\"46.23\" lon=\"15.26\"><time>2018-06-26T09:06:55Z</time>\
                   <extensions><hr>90</hr></extensions></trkpt>\
                   <trkpt lat=\"46.24\" lon=\"15.27\"><time>2018-06-26T09:06:56Z</time></trkpt>\
                   </trkseg></trk></gpx>";
        let run = one_activity(doc);
        assert_eq!(run.samples.len(), 2);
        assert_eq!(run.samples[1].position, Some((46.24, 15.27)));
        assert_eq!(heart_rates(&run), vec![Some(90), None]);
        assert_eq!(run.device, None);
        assert_eq!(run.sport, Sport::Other);
        assert_eq!(run.sport_raw, "");
    }

    #[test]
    fn elements_of_another_namespace_named_like_gpx_ones_are_ignored() {
        let body = format!(
            r#"<trk><trkseg>{}{}<o:trkpt xmlns:o="http://example.com/o" lat="3" lon="4"><time>2020-06-01T06:00:05Z</time></o:trkpt></trkseg></trk>"#,
            point(
                "1",
                "2",
                "2020-06-01T06:00:00Z",
                r#"<o:time xmlns:o="http://example.com/o">1999-01-01T00:00:00Z</o:time>"#
            ),
            point("1", "2", "2020-06-01T06:00:01Z", ""),
        );
        let run = one_activity(&gpx("", &body));
        let times: Vec<f64> = run.samples.iter().map(|s| s.time).collect();
        assert_eq!(times, vec![1_590_991_200.0, 1_590_991_201.0]);
    }

    #[test]
    fn strava_type_ids_and_words() {
        for (written, sport) in [
            ("9", Sport::Running),
            ("1", Sport::Cycling),
            ("4", Sport::Hiking),
            ("10", Sport::Walking),
            ("16", Sport::Swimming),
            ("53", Sport::Running),
            ("Run", Sport::Running),
            ("running", Sport::Running),
            ("cycling", Sport::Cycling),
            ("2", Sport::Other),
        ] {
            let body = format!(
                "<trk><type>{written}</type><trkseg>{}{}</trkseg></trk>",
                point("1", "2", "2020-06-01T06:00:00Z", ""),
                point("1", "2", "2020-06-01T06:00:01Z", "")
            );
            let activity = one_activity(&gpx("", &body));
            assert_eq!(activity.sport, sport, "{written}");
            assert_eq!(activity.sport_raw, written);
        }
    }

    #[test]
    fn tracks_and_segments_merge_in_time_order_with_pauses_between() {
        // The second track was recorded first; one segment of the first track follows a stop.
        let body = format!(
            "<trk><trkseg>{}{}</trkseg><trkseg></trkseg><trkseg>{}</trkseg></trk>\
             <trk><trkseg>{}{}</trkseg></trk>",
            point("1", "1", "2020-06-01T07:00:00Z", ""),
            point("1", "2", "2020-06-01T07:00:10Z", ""),
            point("1", "3", "2020-06-01T07:05:00Z", ""),
            point("2", "1", "2020-06-01T06:00:00Z", ""),
            point("2", "2", "2020-06-01T06:30:00Z", ""),
        );
        let run = one_activity(&gpx("", &body));
        let lons: Vec<(f64, f64)> = run.samples.iter().filter_map(|s| s.position).collect();
        assert_eq!(
            lons,
            vec![(2.0, 1.0), (2.0, 2.0), (1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]
        );
        assert_eq!(
            run.pauses,
            vec![
                Pause {
                    stopped_at: at("2020-06-01T06:30:00Z"),
                    resumed_at: at("2020-06-01T07:00:00Z")
                },
                Pause {
                    stopped_at: at("2020-06-01T07:00:10Z"),
                    resumed_at: at("2020-06-01T07:05:00Z")
                },
            ]
        );
    }

    #[test]
    fn a_huge_type_is_cut_before_every_outing_copies_it() {
        // A 20 MB `<type>` in a file of 100 outings held 2 GB: each outing's copy of it.
        let body = format!(
            "<trk><type>{}</type><trkseg>{}{}</trkseg></trk>",
            "running ".repeat(20_000),
            point("1", "1", "2020-06-01T07:00:00Z", ""),
            point("1", "2", "2020-06-01T07:10:00Z", ""),
        );
        let run = one_activity(&gpx("", &body));
        assert!(run.sport_raw.len() <= 8 * 1024, "{}", run.sport_raw.len());
        assert!(run.sport_raw.starts_with("running running"));
    }

    #[test]
    fn each_outing_is_named_by_its_own_track() {
        // A planner's two days, each its own named track: both outings were "Day 01". A track
        // without a name leaves its outing the file's first.
        let mut body = String::new();
        for (day, name) in [
            ("01", "<name>Day 01</name>"),
            ("02", "<name>Day 02</name>"),
            ("03", ""),
        ] {
            body.push_str(&format!(
                "<trk>{name}<trkseg>{}{}</trkseg></trk>",
                point("1", "1", &format!("2020-06-{day}T07:00:00Z"), ""),
                point("1", "2", &format!("2020-06-{day}T07:10:00Z"), ""),
            ));
        }
        let list = match decode(gpx("", &body).as_bytes()) {
            Ok(FileContent::Activities(list)) => list,
            other => panic!("{other:?}"),
        };
        let titles: Vec<Option<&str>> = list.iter().map(|a| a.intent.title.as_deref()).collect();
        assert_eq!(titles, [Some("Day 01"), Some("Day 02"), Some("Day 01")]);
    }

    #[test]
    fn my_tracks_pause_markers_are_a_pause_not_a_stop() {
        // A point at latitude 100 marks a pause, one at 200 its resume (My Tracks, early
        // OpenTracks): they had read as points with an impossible position, the pause a stop.
        let body = format!(
            "<trk><trkseg>{}{}{}{}{}{}</trkseg></trk>",
            point("45", "6", "2020-06-01T07:00:00Z", ""),
            point("45.001", "6", "2020-06-01T07:01:00Z", ""),
            point("100", "0", "2020-06-01T07:01:05Z", ""),
            point("200", "0", "2020-06-01T07:11:00Z", ""),
            point("45.002", "6", "2020-06-01T07:11:05Z", ""),
            point("45.003", "6", "2020-06-01T07:12:05Z", ""),
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.samples.len(), 4);
        assert!(run.notes.is_empty(), "{:?}", run.notes);
        assert_eq!(
            run.pauses,
            vec![Pause {
                stopped_at: at("2020-06-01T07:01:00Z"),
                resumed_at: at("2020-06-01T07:11:05Z")
            }]
        );
    }

    #[test]
    fn each_outing_keeps_its_own_pauses() {
        // Three outings a day apart, each with a stop between two segments; the gap between the
        // outings is no pause of either.
        let mut body = String::new();
        for day in ["01", "02", "03"] {
            body.push_str(&format!(
                "<trk><trkseg>{}{}</trkseg><trkseg>{}{}</trkseg></trk>",
                point("1", "1", &format!("2020-06-{day}T07:00:00Z"), ""),
                point("1", "2", &format!("2020-06-{day}T07:10:00Z"), ""),
                point("1", "3", &format!("2020-06-{day}T07:12:00Z"), ""),
                point("1", "4", &format!("2020-06-{day}T07:20:00Z"), ""),
            ));
        }
        let list = match decode(gpx("", &body).as_bytes()) {
            Ok(FileContent::Activities(list)) => list,
            other => panic!("{other:?}"),
        };
        assert_eq!(list.len(), 3);
        for (run, day) in list.iter().zip(["01", "02", "03"]) {
            assert_eq!(
                run.pauses,
                vec![Pause {
                    stopped_at: at(&format!("2020-06-{day}T07:10:00Z")),
                    resumed_at: at(&format!("2020-06-{day}T07:12:00Z"))
                }]
            );
        }
    }

    #[test]
    fn a_written_offset_becomes_the_utc_offset() {
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2015-12-11T15:43:13.000+01:00", ""),
            point("1", "2", "2015-12-11T15:43:13.994+01:00", "")
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.utc_offset_s, Some(3_600));
        assert_eq!(run.samples[0].time, 1_449_844_993.0);
    }

    #[test]
    fn unreadable_values_become_none_with_a_count() {
        let tpx = r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1""#;
        let body = format!(
            "<trk><trkseg>{}{}{}</trkseg></trk>",
            point(
                "undefined",
                "undefined",
                "2020-06-01T06:00:00Z",
                "<ele>bad data</ele>"
            ),
            point(
                "1",
                "2",
                "2020-06-01T06:00:01Z",
                "<ele>12</ele><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>x</gpxtpx:hr>\
                 </gpxtpx:TrackPointExtension></extensions>"
            ),
            r#"<trkpt lon="2"><time>2020-06-01T06:00:02Z</time></trkpt>"#,
        );
        let run = one_activity(&gpx(tpx, &body));
        let positions: Vec<_> = run.samples.iter().map(|s| s.position).collect();
        assert_eq!(positions, vec![None, Some((1.0, 2.0)), None]);
        assert_eq!(run.samples[0].altitude_m, None);
        assert_eq!(run.samples[1].altitude_m, Some(12.0));
        assert_eq!(heart_rates(&run), vec![None, None, None]);
        assert_eq!(run.notes.len(), 1);
        assert_eq!(run.notes[0].code, "bad_values");
        assert_eq!(
            run.notes[0].detail,
            "4 unreadable or impossible values left out (position: 2, altitude: 1, heart rate: 1)"
        );
    }

    #[test]
    fn time_rules() {
        let timed = |n: usize| -> String {
            (0..n)
                .map(|i| point("1", "2", &format!("2020-06-01T06:00:{i:02}Z"), ""))
                .collect()
        };
        let untimed =
            |n: usize| -> String { (0..n).map(|_| r#"<trkpt lat="1" lon="2"/>"#).collect() };

        // A planner's route drawn as a track: no recording, and no broken one either.
        let route = gpx("", &format!("<trk><trkseg>{}</trkseg></trk>", untimed(3)));
        assert!(matches!(
            decode(route.as_bytes()),
            Ok(FileContent::NotActivity { note })
                if note == "GPX holds 1 track(s) of 3 points with no <time> at all: a route or a plan, not a recorded activity"
        ));

        // The same track with a heart rate on each point: a recording whose times were
        // stripped, not a plan; an error row says so.
        let hearts: String = (0..3)
            .map(|_| {
                r#"<trkpt lat="1" lon="2"><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>"#
            })
            .collect();
        let stripped = gpx(
            r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1""#,
            &format!("<trk><trkseg>{hearts}</trkseg></trk>"),
        );
        assert_eq!(
            error(stripped.as_bytes()),
            "GPX track points have no <time>: cannot tell pace or duration"
        );

        // Times that are there but no date (a library's sample file: "PLACEHOLDER").
        let placeholder: String = (0..3)
            .map(|_| r#"<trkpt lat="1" lon="2"><time>PLACEHOLDER</time></trkpt>"#)
            .collect();
        let placeholder = gpx("", &format!("<trk><trkseg>{placeholder}</trkseg></trk>"));
        assert_eq!(
            error(placeholder.as_bytes()),
            "GPX track points have no usable <time> (3 not a date and time): cannot tell pace or duration"
        );

        let mostly_untimed = gpx(
            "",
            &format!("<trk><trkseg>{}{}</trkseg></trk>", timed(8), untimed(2)),
        );
        assert_eq!(
            error(mostly_untimed.as_bytes()),
            "only 8 of 10 GPX track points have a usable <time> (90 % needed): cannot tell pace or duration"
        );

        let few_untimed = gpx(
            "",
            &format!("<trk><trkseg>{}{}</trkseg></trk>", timed(9), untimed(1)),
        );
        let run = one_activity(&few_untimed);
        assert_eq!(run.samples.len(), 9);
        assert_eq!(run.notes[0].code, "points_without_time");
        assert_eq!(
            run.notes[0].detail,
            "1 of 10 GPX track points had no usable <time> and were left out"
        );

        let placeholder = gpx(
            "",
            &format!(
                "<trk><trkseg>{}{}</trkseg></trk>",
                point("1", "2", "1901-12-13T20:45:52Z", ""),
                point("1", "3", "1901-12-13T20:45:52Z", "")
            ),
        );
        assert!(error(placeholder.as_bytes()).contains("before 1990 (1901-12-13T20:45:52Z)"));

        let frozen = gpx(
            "",
            &format!(
                "<trk><trkseg>{}{}</trkseg></trk>",
                point("1", "2", "2007-05-11T15:22:06Z", ""),
                point("1", "3", "2007-05-11T15:22:06Z", "")
            ),
        );
        assert_eq!(
            error(frozen.as_bytes()),
            "all 2 GPX track points have the same time 2007-05-11T15:22:06Z: cannot tell pace or duration"
        );

        let garbage_time = gpx(
            "",
            &format!(
                "<trk><trkseg>{}{}</trkseg></trk>",
                timed(9),
                point("1", "2", "yesterday", "")
            ),
        );
        let run = one_activity(&garbage_time);
        assert_eq!(run.samples.len(), 9);
        let codes: Vec<&str> = run.notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, vec!["points_without_time", "bad_values"]);
    }

    #[test]
    fn a_track_without_any_time_beside_a_timed_one_is_left_out() {
        let body = format!(
            "<trk><name>saved copy</name><trkseg>{}</trkseg></trk><trk><trkseg>{}{}</trkseg></trk>",
            r#"<trkpt lat="1" lon="2"/><trkpt lat="1" lon="3"/><trkpt lat="1" lon="4"/>"#,
            point("1", "2", "2020-06-01T06:00:00Z", ""),
            point("1", "3", "2020-06-01T06:00:01Z", "")
        );
        let run = one_activity(&gpx("", &body));
        assert_eq!(run.samples.len(), 2);
        assert_eq!(run.notes.len(), 1);
        assert_eq!(run.notes[0].code, "untimed_tracks");
    }

    #[test]
    fn files_that_are_not_activities() {
        let plan = gpx(
            "",
            r#"<wpt lat="1" lon="2"><name>Summit</name></wpt><rte><rtept lat="1" lon="2"/></rte>"#,
        );
        match decode(plan.as_bytes()) {
            Ok(FileContent::NotActivity { note }) => {
                assert!(note.contains("1 waypoint(s) and 1 route(s)"), "{note}")
            }
            other => panic!("{other:?}"),
        }
        let empty_track = gpx("", "<trk><name>x</name><trkseg/></trk>");
        assert!(matches!(
            decode(empty_track.as_bytes()),
            Ok(FileContent::NotActivity { .. })
        ));
    }

    #[test]
    fn files_that_are_not_gpx_or_not_xml() {
        assert_eq!(
            error(b"<?xml version=\"1.0\"?><TrainingCenterDatabase/>"),
            "not a GPX file: the root element is <TrainingCenterDatabase>, not <gpx>"
        );
        assert_eq!(
            error(b"\x0e\x10\xd9\x07.FIT binary"),
            "not XML: text where the first element should be, at byte 0 (line 1)"
        );
        assert_eq!(error(b""), "not XML: no element in the file");
        assert_eq!(error(b"  \n "), "not XML: no element in the file");
        let message = error(b"<?xml version=\"1.0\"?>\n<!-- unterminated");
        assert!(
            message.starts_with("not XML: XML breaks at byte 22 (line 2)"),
            "{message}"
        );
        assert_eq!(
            error(b"<gpx><trk>"),
            "XML breaks at byte 10 (line 1): the file ends before its elements are closed, before any track point"
        );
        let message = error(b"<gpx><trk></trkseg></trk></gpx>");
        assert!(
            message.starts_with("XML breaks at byte 10 (line 1)"),
            "{message}"
        );
        assert!(message.ends_with("before any track point"), "{message}");
    }

    #[test]
    fn broken_xml_after_some_points_keeps_them() {
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", ""),
            point("1", "3", "2020-06-01T06:00:01Z", "")
        );
        let doc = gpx("", &body).replace("</trkseg></trk>", "</trkseg></trk oops>");
        let run = one_activity(&doc);
        assert_eq!(run.samples.len(), 2);
        assert_eq!(run.notes[0].code, "truncated");
        assert!(
            run.notes[0].detail.starts_with("XML breaks at byte "),
            "{}",
            run.notes[0].detail
        );
    }

    #[test]
    fn piled_up_namespace_declarations_break_the_file_where_they_pass_a_hundred() {
        // Each element's name is resolved against every declaration in force: a file that nests
        // them costs their square. A dozen is real (kept), 101 at once is not: the points read
        // before are kept, as at any break, and a root that declares them all reads nothing.
        let nested = |n: usize| {
            format!(
                "<extensions>{}{}</extensions>",
                (0..n)
                    .map(|i| format!("<x xmlns:p{i}=\"u\">"))
                    .collect::<String>(),
                "</x>".repeat(n)
            )
        };
        let body = |n: usize| {
            format!(
                "<trk><trkseg>{}{}{}</trkseg></trk>",
                point("1", "2", "2020-06-01T06:00:00Z", ""),
                point("1", "3", "2020-06-01T06:00:01Z", ""),
                point("1", "4", "2020-06-01T06:00:02Z", &nested(n))
            )
        };
        // The root declares one (the default namespace): 99 more nested are 100 in force.
        let run = one_activity(&gpx("", &body(99)));
        assert_eq!(run.samples.len(), 3);
        assert!(run.notes.is_empty(), "{:?}", run.notes);
        let run = one_activity(&gpx("", &body(100)));
        assert_eq!(run.samples.len(), 2);
        assert_eq!(run.notes[0].code, "truncated");
        assert!(
            run.notes[0]
                .detail
                .contains("more than 100 XML namespaces declared at once"),
            "{}",
            run.notes[0].detail
        );
        // Declarations closed with their element are no longer in force.
        let twice = body(60).replace(
            "</trkseg>",
            &format!(
                "{}</trkseg>",
                point("1", "5", "2020-06-01T06:00:03Z", &nested(60))
            ),
        );
        assert_eq!(one_activity(&gpx("", &twice)).samples.len(), 4);
        let wide: String = (0..150).map(|i| format!(" xmlns:q{i}=\"u{i}\"")).collect();
        let message = error(gpx(&wide, &body(0)).as_bytes());
        assert!(
            message.contains("more than 100 XML namespaces"),
            "{message}"
        );
    }

    #[test]
    fn truncation_at_every_byte_keeps_the_points_before_the_cut() {
        let tpx = r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1""#;
        let ext = "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr>\
                   </gpxtpx:TrackPointExtension></extensions>";
        let body = format!(
            "<trk><type>9</type><trkseg>{}{}{}</trkseg></trk>",
            point("1.5", "2.5", "2020-06-01T06:00:00Z", ext),
            point("1.6", "2.6", "2020-06-01T06:00:01Z", "<ele>5</ele>"),
            point("1.7", "2.7", "2020-06-01T06:00:02Z", ext),
        );
        let doc = gpx(tpx, &body).into_bytes();
        let ends: Vec<usize> = doc
            .windows(8)
            .enumerate()
            .filter(|(_, w)| w == b"</trkpt>")
            .map(|(i, _)| i + 8)
            .collect();
        assert_eq!(ends.len(), 3);
        let complete = doc.len();
        for cut in 0..=complete {
            let kept = ends.iter().filter(|&&end| end <= cut).count();
            match decode(&doc[..cut]) {
                Ok(FileContent::Activities(list)) => {
                    let run = &list[0];
                    assert_eq!(run.samples.len(), kept, "cut at {cut}");
                    assert_eq!(run.sport, Sport::Running, "cut at {cut}");
                    let first_hr = run.samples.first().and_then(|s| s.heart_rate);
                    assert_eq!(first_hr, Some(150), "cut at {cut}");
                    let truncated = run.notes.iter().any(|n| n.code == "truncated");
                    assert_eq!(truncated, cut < complete, "cut at {cut}: {:?}", run.notes);
                }
                Ok(FileContent::NotActivity { note }) => {
                    panic!("cut at {cut}: not an activity: {note}")
                }
                Err(e) => assert_eq!(kept, 0, "cut at {cut}: {e}"),
            }
        }
    }

    #[test]
    fn never_panics_on_mangled_bytes() {
        let body = format!(
            "<trk><trkseg>{}{}</trkseg></trk>",
            point("1", "2", "2020-06-01T06:00:00Z", "<ele>1</ele>"),
            point(
                "1",
                "3",
                "2020-06-01T06:00:01Z",
                "<extensions><hr>1</hr></extensions>"
            )
        );
        let doc = gpx("", &body).into_bytes();
        for at in 0..doc.len() {
            for byte in [b'<', b'>', b'/', b'"', b'&', 0xFF, b'x'] {
                let mut mangled = doc.clone();
                mangled[at] = byte;
                let _ = decode(&mangled);
            }
        }
    }
}
