//! What the GPX and TCX readers share: the XML reader set-up, reading numbers and times out of
//! element text, and the rules that decide whether a list of timed points is a usable activity.
//!
//! Both formats are "a list of points, each with a time and some values"; the bad-value, missing-
//! time and truncation rules are the same for both, so they live here once.

use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

use crate::activity::{DecodeError, DecodeResult, Pause, QualityNote, Sample, UnixTime};
use crate::ingest::budget;
use crate::ingest::decode::xmltime::{parse_iso8601, unix_midnight};

/// The longest namespace address a reader compares or searches. A real one is a few dozen bytes;
/// a hostile file can bind a prefix to megabytes and use it on every element, and comparing that
/// each time (the address of the file's own format, a look for "TrackPointExtension") took
/// minutes for a few MB. A longer address is no format's: its elements are foreign.
pub(crate) const MAX_NAMESPACE_LEN: usize = 256;

/// A format's reader of timed points (GPX, TCX): what the one streaming pass over the XML hands
/// it, element by element. The pass itself, and what text outside any element or a file that
/// ends with elements still open mean, are the same for both formats and live in [`read`].
pub(crate) trait PointReader: Default {
    /// An element opens.
    fn open(&mut self, reader: &NsReader<&[u8]>, element: &BytesStart) -> Result<(), DecodeError>;
    /// Where the text of the innermost open element goes, when it is a value this format reads.
    fn value_text(&mut self) -> Option<&mut Vec<u8>>;
    /// Whether the root element has opened.
    fn root_seen(&self) -> bool;
    /// Whether some element is still open.
    fn elements_open(&self) -> bool;
    /// The innermost element closes; true when that was the root (what follows it is not read).
    fn close(&mut self) -> bool;
    /// The XML broke off at `offset` for `reason`: keep what was read before it, or refuse the
    /// file when nothing usable was.
    fn broken(&mut self, bytes: &[u8], offset: u64, reason: &str) -> Result<(), DecodeError>;
    /// The activities read.
    fn finish(self) -> DecodeResult;
}

/// Reads a whole file with the format's reader `R`, in one streaming pass.
pub(crate) fn read<R: PointReader>(bytes: &[u8]) -> DecodeResult {
    let mut xml = reader(bytes);
    let mut points = R::default();
    let mut namespaces = Namespaces::default();
    loop {
        if budget::stopped() {
            return Err(DecodeError::new(budget::refusal_here()));
        }
        match xml.read_event() {
            Ok(Event::Start(element)) => {
                if let Err(reason) = namespaces.open(&element) {
                    points.broken(bytes, xml.buffer_position(), &reason)?;
                    break;
                }
                points.open(&xml, &element)?
            }
            Ok(Event::End(_)) => {
                namespaces.close();
                if points.close() {
                    break;
                }
            }
            Ok(Event::Text(text)) => take_text(&mut points, &text, bytes)?,
            Ok(Event::CData(data)) => take_text(&mut points, &data, bytes)?,
            Ok(Event::Eof) => {
                if !points.root_seen() {
                    return Err(DecodeError::new("not XML: no element in the file"));
                }
                if points.elements_open() {
                    let reason = "the file ends before its elements are closed";
                    points.broken(bytes, bytes.len() as u64, reason)?;
                }
                break;
            }
            Ok(_) => {}
            Err(error) => {
                points.broken(bytes, xml.error_position(), &error.to_string())?;
                break;
            }
        }
    }
    points.finish()
}

/// The XML namespaces declared in the open elements, counted: a name is resolved against every
/// one in force (quick-xml looks through them in turn), so a file that nests or piles up
/// declarations makes each element cost as many steps. No GPS export declares more than a dozen;
/// past [`MOST_NAMESPACES`] the file breaks there, keeping what was read (round 36 H1: 300,000
/// nested declarations in a 25 KB `.gpx.gz` took 30 s, a million 565 s).
#[derive(Default)]
struct Namespaces {
    /// Open elements.
    depth: usize,
    /// The declaring open elements: their depth and how many they declare. At most
    /// `MOST_NAMESPACES` long, as each declares one or more.
    declaring: Vec<(usize, usize)>,
    in_force: usize,
}

/// Namespace declarations in force at once that a file may have (real ones have under 15).
const MOST_NAMESPACES: usize = 100;

impl Namespaces {
    #[inline]
    fn open(&mut self, element: &BytesStart) -> Result<(), String> {
        self.depth += 1;
        // Most elements have no attributes, and a track point's are `lat` and `lon`, with no `x`
        // in them: one byte looked for is the cheapest test on the hot path.
        let raw = element.attributes_raw();
        if raw.is_empty() || memchr::memchr(b'x', raw).is_none() {
            return Ok(());
        }
        self.declared(element)
    }

    /// The declarations of an element that may have some.
    #[cold]
    fn declared(&mut self, element: &BytesStart) -> Result<(), String> {
        let declared = element
            .attributes()
            .with_checks(false)
            .flatten()
            .filter(|a| a.key.as_ref().starts_with(b"xmlns"))
            .count();
        if declared == 0 {
            return Ok(());
        }
        self.in_force += declared;
        self.declaring.push((self.depth, declared));
        if self.in_force > MOST_NAMESPACES {
            return Err(format!(
                "more than {MOST_NAMESPACES} XML namespaces declared at once, where a GPS export declares a few"
            ));
        }
        Ok(())
    }

    #[inline]
    fn close(&mut self) {
        if let Some(&(depth, declared)) = self.declaring.last() {
            if depth == self.depth {
                self.declaring.pop();
                self.in_force -= declared;
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Text goes to the value being read; text before the root element means the file is no XML.
fn take_text<R: PointReader>(
    points: &mut R,
    content: &[u8],
    bytes: &[u8],
) -> Result<(), DecodeError> {
    if let Some(value) = points.value_text() {
        value.extend_from_slice(content);
    } else if !points.root_seen() {
        return Err(text_before_root(bytes));
    }
    Ok(())
}

/// Builds the streaming reader. Trimming drops the whitespace-only text between elements without
/// handing it to us; expanding `<a/>` into start+end keeps one code path per element.
fn reader(bytes: &[u8]) -> NsReader<&[u8]> {
    let mut reader = NsReader::from_reader(bytes);
    let config = reader.config_mut();
    config.trim_text(true);
    config.expand_empty_elements = true;
    reader
}

/// "byte 1234 (line 56)", for messages about where a file breaks.
pub(crate) fn place(bytes: &[u8], offset: u64) -> String {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let line = 1 + bytes
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
    format!("byte {offset} (line {line})")
}

/// File text quoted in a message (the XML parser's reason for a break quotes the tags it found,
/// a root element's name): on one line, without control characters a terminal would act on, and
/// short, since a broken file can hand the parser a "name" thousands of bytes long.
pub(crate) fn one_line(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 2));
    let mut kept = 0;
    let mut after_space = true;
    for c in text.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && after_space {
            continue;
        }
        if kept == MAX_CHARS {
            out.push('…');
            break;
        }
        after_space = c == ' ';
        out.push(c);
        kept += 1;
    }
    out.truncate(out.trim_end().len());
    out
}

/// "XML breaks at byte 1234 (line 56): <reason>".
pub(crate) fn breaks_at(bytes: &[u8], offset: u64, reason: &str) -> String {
    format!(
        "XML breaks at {}: {}",
        place(bytes, offset),
        one_line(reason)
    )
}

/// The error for a file that starts with text instead of markup (a binary file, a web page saved
/// as text): names where the text starts.
fn text_before_root(bytes: &[u8]) -> DecodeError {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let offset = (bytes.len() - body.len() + start) as u64;
    DecodeError::new(format!(
        "not XML: text where the first element should be, at {}",
        place(bytes, offset)
    ))
}

/// A UTC time as ISO 8601 with whole seconds, for messages.
pub(crate) fn iso(time: UnixTime) -> String {
    chrono::DateTime::from_timestamp(time.floor() as i64, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| format!("{time} s since 1970"))
}

/// Element text as a finite number. Rust's parser also takes "inf" and "NaN", which no device
/// means as a measurement.
pub(crate) fn number(text: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(text.trim_ascii()).ok()?;
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The root element's `creator` attribute, as words (`None` when it is missing or empty): who
/// wrote the file (a GPX's app or device; Runtastic's and Huawei's TCX, which name no device).
pub(crate) fn creator(root: &BytesStart) -> Option<String> {
    root.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == b"creator")
        .map(|a| words(&a.value))
        .filter(|c| !c.is_empty())
}

/// Element text as a short string (names, sport words), entities resolved: at most
/// [`MOST_WORDS_BYTES`] of it (a name, a description and a sport are short; a 20 MB `<type>`
/// is no sport).
pub(crate) fn words(text: &[u8]) -> String {
    let text = text.trim_ascii();
    let text = text.get(..MOST_WORDS_BYTES).unwrap_or(text);
    let raw = String::from_utf8_lossy(text);
    match quick_xml::escape::unescape(&raw) {
        Ok(clean) => clean.trim().to_string(),
        Err(_) => raw.trim().to_string(),
    }
}

/// Room for the longest description kept ([`crate::activity::intent::MAX_TEXT_CHARS`] letters of
/// up to 4 bytes each, with entities) and far more than any sport or device name.
const MOST_WORDS_BYTES: usize = 8 * 1024;

/// Times before this are placeholders (GPSBabel's INT32_MIN 1901 dates, 1970 epoch zeros, a GPS
/// week rollover), never when someone actually ran with a GPS watch.
pub(crate) fn earliest_plausible_time() -> UnixTime {
    unix_midnight(1990, 1, 1)
}

/// The values a point can carry, for counting the ones we could not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Position,
    Altitude,
    Distance,
    HeartRate,
    Cadence,
    Power,
    Speed,
    Time,
    LapTotal,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Position,
        Field::Altitude,
        Field::Distance,
        Field::HeartRate,
        Field::Cadence,
        Field::Power,
        Field::Speed,
        Field::Time,
        Field::LapTotal,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Position => "position",
            Field::Altitude => "altitude",
            Field::Distance => "distance",
            Field::HeartRate => "heart rate",
            Field::Cadence => "cadence",
            Field::Power => "power",
            Field::Speed => "speed",
            Field::Time => "time",
            Field::LapTotal => "lap total",
        }
    }
}

/// Words for messages, so GPX and TCX errors name the file's own elements.
pub(crate) struct Vocabulary {
    /// "GPX track points", "TCX trackpoints".
    pub points: &'static str,
    /// "<time>", "<Time>".
    pub time_tag: &'static str,
}

/// One coordinate as read from the file.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) enum Coordinate {
    #[default]
    Absent,
    Unreadable,
    Degrees(f64),
}

impl Coordinate {
    pub fn read(text: &[u8]) -> Coordinate {
        number(text).map_or(Coordinate::Unreadable, Coordinate::Degrees)
    }
}

/// The time of a point as read from the file.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) enum PointTime {
    #[default]
    Absent,
    Unreadable,
    At(UnixTime, Option<i32>),
}

impl PointTime {
    pub fn read(text: &[u8]) -> PointTime {
        match parse_iso8601(text.trim_ascii()) {
            Some((time, offset)) => PointTime::At(time, offset),
            None => PointTime::Unreadable,
        }
    }
}

/// The point being read, between its start and end tags.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PendingPoint {
    pub sample: Sample,
    pub time: PointTime,
    pub latitude: Coordinate,
    pub longitude: Coordinate,
}

/// Every point of one activity as it streams past, plus the counts the quality rules need.
#[derive(Debug, Default)]
pub(crate) struct PointLog {
    pub samples: Vec<Sample>,
    /// Points seen, whatever became of them.
    pub seen: usize,
    untimed: usize,
    /// Untimed points that carried a sensor's reading (heart rate, cadence, power): a recording
    /// whose times were stripped, not a route someone drew.
    untimed_readings: usize,
    prehistoric: usize,
    first_prehistoric: Option<UnixTime>,
    unreadable: [usize; Field::ALL.len()],
    null_island: usize,
    pub utc_offset_s: Option<i32>,
    notes: Vec<QualityNote>,
    /// Where each segment (GPX `<trkseg>`, TCX `<Track>`) begins in `samples`: within one, the
    /// file's order is the order the points were recorded in.
    segment_starts: Vec<usize>,
}

impl PointLog {
    /// A new segment of points begins (its points are recorded in file order).
    pub fn begin_segment(&mut self) {
        self.segment_starts.push(self.samples.len());
    }

    /// Counts a value the file wrote but we could not read.
    pub fn unreadable(&mut self, field: Field) {
        if let Some(count) = self.unreadable.get_mut(field as usize) {
            *count += 1;
        }
    }

    /// Reads element text as a number within `min..=max`, counting it when it is not.
    pub fn value(&mut self, text: &[u8], field: Field, min: f64, max: f64) -> Option<f64> {
        let value = number(text).filter(|v| (min..=max).contains(v));
        if value.is_none() {
            self.unreadable(field);
        }
        value
    }

    pub fn heart_rate(&mut self, text: &[u8]) -> Option<u8> {
        // 0 bpm is how several devices write "strap not worn"; it is no reading, not an error.
        self.value(text, Field::HeartRate, 0.0, 255.0)
            .map(|v| v.round() as u8)
            .filter(|&bpm| bpm > 0)
    }

    pub fn cadence(&mut self, text: &[u8]) -> Option<u8> {
        // Garmin's schemas stop at 254: 255 is FIT's "no reading", which converters copy through
        // (read as a cadence, a run averaged 510 steps a minute).
        self.value(text, Field::Cadence, 0.0, 255.0)
            .map(|v| v.round() as u8)
            .filter(|&c| c != u8::MAX)
    }

    pub fn power(&mut self, text: &[u8]) -> Option<u16> {
        self.value(text, Field::Power, 0.0, 65_535.0)
            .map(|v| v.round() as u16)
    }

    pub fn altitude(&mut self, text: &[u8]) -> Option<f32> {
        // Deeper than the Dead Sea shore is fine (a mine run), the stratosphere is not.
        self.value(text, Field::Altitude, -1_000.0, 10_000.0)
            .map(|v| v as f32)
    }

    pub fn speed(&mut self, text: &[u8]) -> Option<f32> {
        self.value(text, Field::Speed, 0.0, 1_000.0)
            .map(|v| v as f32)
    }

    pub fn distance(&mut self, text: &[u8]) -> Option<f64> {
        self.value(text, Field::Distance, 0.0, 1.0e8)
    }

    /// Reads a time that is not a point's own (an activity `Id`, a lap `StartTime`).
    pub fn other_time(&mut self, text: &[u8]) -> Option<UnixTime> {
        match PointTime::read(text) {
            PointTime::At(time, offset) => {
                self.utc_offset_s = self.utc_offset_s.or(real_offset(offset));
                Some(time)
            }
            _ => {
                self.unreadable(Field::Time);
                None
            }
        }
    }

    /// Ends a point: keeps it if its time is usable, counts it otherwise. Returns the time kept.
    pub fn commit(&mut self, point: PendingPoint) -> Option<UnixTime> {
        self.seen += 1;
        let mut sample = point.sample;
        sample.position = self.position(point.latitude, point.longitude);
        match point.time {
            PointTime::At(time, _) if time < earliest_plausible_time() => {
                self.prehistoric += 1;
                self.first_prehistoric.get_or_insert(time);
                None
            }
            PointTime::At(time, offset) => {
                self.utc_offset_s = self.utc_offset_s.or(real_offset(offset));
                sample.time = time;
                // Refused by the memory budget: the reading stops at the next event.
                if !budget::reserve_few(&mut self.samples, budget::SAMPLE_COST) {
                    return None;
                }
                self.samples.push(sample);
                Some(time)
            }
            PointTime::Unreadable => {
                self.unreadable(Field::Time);
                self.untimed += 1;
                None
            }
            PointTime::Absent => {
                self.untimed += 1;
                if sample.heart_rate.is_some()
                    || sample.cadence.is_some()
                    || sample.power_w.is_some()
                {
                    self.untimed_readings += 1;
                }
                None
            }
        }
    }

    fn position(&mut self, latitude: Coordinate, longitude: Coordinate) -> Option<(f64, f64)> {
        match (latitude, longitude) {
            (Coordinate::Absent, Coordinate::Absent) => None,
            // Exactly 0,0 is what a receiver without a fix writes, not a run in the Gulf of Guinea.
            (Coordinate::Degrees(lat), Coordinate::Degrees(lon)) if lat == 0.0 && lon == 0.0 => {
                self.null_island += 1;
                None
            }
            (Coordinate::Degrees(lat), Coordinate::Degrees(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                Some((lat, lon))
            }
            _ => {
                self.unreadable(Field::Position);
                None
            }
        }
    }

    /// How many points are so far untimed, timed, or timed before 1990; a reader compares two of
    /// these to learn what one track held.
    pub fn tally(&self) -> (usize, usize, usize) {
        (self.untimed, self.samples.len(), self.prehistoric)
    }

    /// Untimed points with a sensor's reading (see the field).
    pub fn untimed_readings(&self) -> usize {
        self.untimed_readings
    }

    /// Points whose time was there but no date and time ("PLACEHOLDER").
    pub fn unreadable_times(&self) -> usize {
        self.unreadable
            .get(Field::Time as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Forgets `points` untimed points, so they neither count against the 90 % rule nor appear in
    /// the `points_without_time` note (the caller writes its own note about them).
    pub fn forget_untimed(&mut self, points: usize) {
        self.untimed = self.untimed.saturating_sub(points);
    }

    pub fn note(&mut self, code: &'static str, detail: impl Into<String>) {
        self.notes.push(QualityNote::new(code, detail));
    }

    /// Applies the time rules, sorts the samples into time order and writes the quality notes.
    /// `Err` says in one line why these points are no activity.
    pub fn finish(mut self, words: &Vocabulary) -> Result<FinishedPoints, String> {
        let Vocabulary { points, time_tag } = *words;
        let timed = self.samples.len();
        let dropped = self.untimed + self.prehistoric;
        let total = timed + dropped;
        if timed == 0 {
            return Err(match self.first_prehistoric {
                Some(first) => format!(
                    "{points} are timed before 1990 ({}): the device wrote placeholder times, not \
                     when the activity happened",
                    iso(first)
                ),
                // A time that is there but no date ("PLACEHOLDER" in a library's sample file) is
                // not missing: say which.
                None => match self
                    .unreadable
                    .get(Field::Time as usize)
                    .copied()
                    .unwrap_or(0)
                {
                    0 => format!("{points} have no {time_tag}: cannot tell pace or duration"),
                    n => format!(
                        "{points} have no usable {time_tag} ({n} not a date and time): cannot \
                         tell pace or duration"
                    ),
                },
            });
        }
        // 90 %: a few untimed points are a glitch; more means the times are not the device's clock.
        if timed * 10 < total * 9 {
            return Err(format!(
                "only {timed} of {total} {points} have a usable {time_tag} (90 % needed): cannot \
                 tell pace or duration"
            ));
        }
        let repaired = repair_time_order(&mut self.samples, &self.segment_starts);
        crate::activity::sort_by_time(&mut self.samples);
        if let (Some(first), Some(last)) = (self.samples.first(), self.samples.last()) {
            if timed >= 2 && first.time == last.time {
                return Err(format!(
                    "all {timed} {points} have the same time {}: cannot tell pace or duration",
                    iso(first.time)
                ));
            }
        }
        if dropped > 0 {
            let before_1990 = match self.prehistoric {
                0 => String::new(),
                n => format!(" ({n} timed before 1990)"),
            };
            self.note(
                "points_without_time",
                format!("{dropped} of {total} {points} had no usable {time_tag}{before_1990} and were left out"),
            );
        }
        if repaired.dropped > 0 || repaired.reversed > 0 {
            let mut parts = Vec::new();
            if repaired.dropped > 0 {
                parts.push(format!(
                    "{} of {timed} {points} timed earlier than the points written before them \
                     were left out (the order in the file is the path run)",
                    repaired.dropped
                ));
            }
            if repaired.reversed > 0 {
                parts.push(format!(
                    "{} segment(s) written newest point first were read in time order",
                    repaired.reversed
                ));
            }
            self.note("time_out_of_order", parts.join("; "));
        }
        self.note_unreadable_values();
        Ok(FinishedPoints {
            samples: self.samples,
            utc_offset_s: self.utc_offset_s,
            notes: self.notes,
        })
    }

    fn note_unreadable_values(&mut self) {
        let total: usize = self.unreadable.iter().sum::<usize>() + self.null_island;
        if total == 0 {
            return;
        }
        let mut parts: Vec<String> = Field::ALL
            .iter()
            .zip(self.unreadable)
            .filter(|(_, n)| *n > 0)
            .map(|(field, n)| format!("{}: {n}", field.label()))
            .collect();
        if self.null_island > 0 {
            parts.push(format!("position 0,0 (no fix): {}", self.null_island));
        }
        let detail = format!(
            "{total} unreadable or impossible values left out ({})",
            parts.join(", ")
        );
        self.note("bad_values", detail);
    }
}

/// Samples in time order with what was learned about them.
#[derive(Debug)]
pub(crate) struct FinishedPoints {
    pub samples: Vec<Sample>,
    pub utc_offset_s: Option<i32>,
    pub notes: Vec<QualityNote>,
}

/// What [`repair_time_order`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Repaired {
    dropped: usize,
    reversed: usize,
}

/// Time that goes backwards inside a segment: the points are in the order they were recorded
/// (the path), so a time earlier than the point before it is the time that is wrong. Sorting
/// by time would zig-zag along the path and add distance (a Sports Tracker export with 3,078
/// backward steps gained 9.8 %). Each segment keeps its longest run of points in file order
/// whose times never go back (one stray time, early or late, costs only its own point); a
/// segment written newest first is read the other way round. Segments themselves may come in
/// any order: they are sorted by time afterwards.
fn repair_time_order(samples: &mut Vec<Sample>, segment_starts: &[usize]) -> Repaired {
    let mut repaired = Repaired::default();
    if samples.is_sorted_by(|a, b| a.time <= b.time) {
        return repaired;
    }
    let mut bounds: Vec<usize> = segment_starts
        .iter()
        .copied()
        .filter(|&s| s < samples.len())
        .collect();
    bounds.push(0);
    bounds.push(samples.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut keep = vec![true; samples.len()];
    for pair in bounds.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let segment = &mut samples[from..to];
        let backward = segment.windows(2).filter(|w| w[1].time < w[0].time).count();
        if backward == 0 {
            continue;
        }
        let forward = segment.windows(2).filter(|w| w[1].time > w[0].time).count();
        if backward > forward {
            segment.reverse();
            repaired.reversed += 1;
        }
        for (k, kept) in longest_time_ordered(segment).into_iter().enumerate() {
            if !kept {
                keep[from + k] = false;
                repaired.dropped += 1;
            }
        }
    }
    let mut flags = keep.into_iter();
    samples.retain(|_| flags.next().unwrap_or(true));
    repaired
}

/// Which points belong to the longest subsequence whose times never decrease (patience sorting,
/// O(n log n)).
fn longest_time_ordered(points: &[Sample]) -> Vec<bool> {
    // tails[k]: the point ending the kept run of length k + 1 with the smallest last time.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; points.len()];
    for (i, p) in points.iter().enumerate() {
        let at = tails.partition_point(|&j| points[j].time <= p.time);
        before[i] = at.checked_sub(1).map(|k| tails[k]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut kept = vec![false; points.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = before[i];
    }
    kept
}

/// The pauses between recorded spans: the gaps left after overlapping spans are merged.
/// Spans may come in any order (GPX tracks are not always chronological).
pub(crate) fn gaps_between(mut spans: Vec<(UnixTime, UnixTime)>) -> Vec<Pause> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut pauses = Vec::new();
    let mut covered_until: Option<UnixTime> = None;
    for (start, end) in spans {
        match covered_until {
            Some(until) if start > until => {
                pauses.push(Pause {
                    stopped_at: until,
                    resumed_at: start,
                });
                covered_until = Some(end);
            }
            Some(until) => covered_until = Some(until.max(end)),
            None => covered_until = Some(end),
        }
    }
    pauses
}

/// The span of times of the points of one segment or track, in whatever order they come.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span(Option<(UnixTime, UnixTime)>);

impl Span {
    pub fn include(&mut self, time: UnixTime) {
        self.0 = Some(match self.0 {
            Some((first, last)) => (first.min(time), last.max(time)),
            None => (time, time),
        });
    }

    pub fn take(&mut self) -> Option<(UnixTime, UnixTime)> {
        self.0.take()
    }
}

/// A time's written offset, when a time zone could have written it: one point's "+23:59" set a
/// whole run's local date a day late (hostile round 39 F2); its instant still stands.
fn real_offset(offset: Option<i32>) -> Option<i32> {
    offset.filter(|&o| crate::activity::calendar::is_real_offset(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: Vocabulary = Vocabulary {
        points: "points",
        time_tag: "<time>",
    };

    fn timed(t: f64) -> PendingPoint {
        PendingPoint {
            time: PointTime::At(t, None),
            ..PendingPoint::default()
        }
    }

    #[test]
    fn place_counts_lines_from_one() {
        assert_eq!(place(b"ab\ncd\nef", 0), "byte 0 (line 1)");
        assert_eq!(place(b"ab\ncd\nef", 4), "byte 4 (line 2)");
        assert_eq!(place(b"ab\ncd\nef", 99), "byte 99 (line 3)");
    }

    #[test]
    fn numbers_must_be_finite() {
        assert_eq!(number(b" 12.5 "), Some(12.5));
        assert_eq!(number(b"-3e2"), Some(-300.0));
        for bad in [&b"undefined"[..], b"inf", b"NaN", b"", b"1,5", b"12 m"] {
            assert_eq!(number(bad), None);
        }
    }

    #[test]
    fn gaps_merge_overlapping_spans_in_any_order() {
        let pauses = gaps_between(vec![(50.0, 60.0), (0.0, 10.0), (5.0, 20.0), (20.0, 30.0)]);
        assert_eq!(
            pauses,
            vec![Pause {
                stopped_at: 30.0,
                resumed_at: 50.0
            }]
        );
        assert!(gaps_between(vec![]).is_empty());
    }

    #[test]
    fn a_few_untimed_points_are_dropped_with_a_note() {
        let mut log = PointLog::default();
        for t in 0..9 {
            log.commit(timed(1.0e9 + f64::from(t)));
        }
        log.commit(PendingPoint::default());
        let done = log.finish(&WORDS).unwrap();
        assert_eq!(done.samples.len(), 9);
        assert_eq!(done.notes.len(), 1);
        assert_eq!(done.notes[0].code, "points_without_time");
        assert!(
            done.notes[0].detail.starts_with("1 of 10 points"),
            "{}",
            done.notes[0].detail
        );
    }

    #[test]
    fn too_many_untimed_points_is_an_error_naming_counts() {
        let mut log = PointLog::default();
        for t in 0..8 {
            log.commit(timed(1.0e9 + f64::from(t)));
        }
        log.commit(PendingPoint::default());
        log.commit(PendingPoint::default());
        let err = log.finish(&WORDS).unwrap_err();
        assert!(err.starts_with("only 8 of 10 points"), "{err}");
    }

    #[test]
    fn placeholder_times_are_an_error() {
        let mut log = PointLog::default();
        log.commit(timed(-2_147_483_648.0));
        log.commit(timed(-2_147_483_648.0));
        let err = log.finish(&WORDS).unwrap_err();
        assert!(err.contains("before 1990 (1901-12-13T20:45:52Z)"), "{err}");
    }

    #[test]
    fn identical_times_are_an_error_but_one_point_is_not() {
        let mut log = PointLog::default();
        log.commit(timed(1.0e9));
        log.commit(timed(1.0e9));
        assert!(log
            .finish(&WORDS)
            .unwrap_err()
            .starts_with("all 2 points have the same time"));
        let mut log = PointLog::default();
        log.commit(timed(1.0e9));
        assert_eq!(log.finish(&WORDS).unwrap().samples.len(), 1);
    }

    #[test]
    fn segments_are_sorted_stably() {
        let mut log = PointLog::default();
        for (t, hr) in [(3.0, 1), (1.0, 2), (3.0, 3), (2.0, 4)] {
            log.begin_segment();
            let mut p = timed(1.0e9 + t);
            p.sample.heart_rate = Some(hr);
            log.commit(p);
        }
        let done = log.finish(&WORDS).unwrap();
        let order: Vec<u8> = done.samples.iter().filter_map(|s| s.heart_rate).collect();
        assert_eq!(order, vec![2, 4, 1, 3]);
        assert!(done.notes.iter().all(|n| n.code != "time_out_of_order"));
    }

    /// Points in the order they were recorded, some with times swapped: the path is the file's
    /// order, so the point whose time goes back is the one left out, and nothing zig-zags.
    #[test]
    fn time_going_back_inside_a_segment_drops_the_point_out_of_order() {
        let mut log = PointLog::default();
        log.begin_segment();
        for (t, hr) in [
            (0.0, 1),
            (2.0, 2),
            (1.0, 3),
            (3.0, 4),
            (5.0, 5),
            (4.0, 6),
            (6.0, 7),
        ] {
            let mut p = timed(1.0e9 + t);
            p.sample.heart_rate = Some(hr);
            log.commit(p);
        }
        let done = log.finish(&WORDS).unwrap();
        let order: Vec<u8> = done.samples.iter().filter_map(|s| s.heart_rate).collect();
        assert_eq!(order.len(), 5, "{order:?}");
        let times: Vec<f64> = done.samples.iter().map(|s| s.time).collect();
        assert!(times.is_sorted(), "{times:?}");
        let note = done.notes.iter().find(|n| n.code == "time_out_of_order");
        assert!(
            note.is_some_and(|n| n.detail.starts_with("2 of 7 points")),
            "{:?}",
            done.notes
        );
        // One stray time far ahead costs only its own point, not everything after it.
        let mut log = PointLog::default();
        log.begin_segment();
        for t in [0.0, 1.0, 99_999.0, 2.0, 3.0, 4.0] {
            log.commit(timed(1.0e9 + t));
        }
        let done = log.finish(&WORDS).unwrap();
        assert_eq!(done.samples.len(), 5);
        // A segment written newest first is read the other way round, nothing lost.
        let mut log = PointLog::default();
        log.begin_segment();
        for t in [5.0, 4.0, 3.0, 2.0, 1.0] {
            log.commit(timed(1.0e9 + t));
        }
        let done = log.finish(&WORDS).unwrap();
        assert_eq!(done.samples.len(), 5);
        assert!(
            done.notes[0].detail.contains("newest point first"),
            "{:?}",
            done.notes
        );
    }

    #[test]
    fn positions_out_of_range_or_at_zero_zero_are_dropped() {
        let mut log = PointLog::default();
        let mut p = timed(1.0e9);
        p.latitude = Coordinate::Degrees(91.0);
        p.longitude = Coordinate::Degrees(10.0);
        log.commit(p);
        let mut p = timed(1.0e9 + 1.0);
        p.latitude = Coordinate::Degrees(0.0);
        p.longitude = Coordinate::Degrees(0.0);
        log.commit(p);
        let mut p = timed(1.0e9 + 2.0);
        p.latitude = Coordinate::Degrees(45.0);
        p.longitude = Coordinate::Degrees(-7.5);
        log.commit(p);
        let done = log.finish(&WORDS).unwrap();
        let positions: Vec<_> = done.samples.iter().map(|s| s.position).collect();
        assert_eq!(positions, vec![None, None, Some((45.0, -7.5))]);
        assert_eq!(done.notes[0].code, "bad_values");
        assert_eq!(
            done.notes[0].detail,
            "2 unreadable or impossible values left out (position: 1, position 0,0 (no fix): 1)"
        );
    }

    #[test]
    fn zero_heart_rate_is_no_reading() {
        let mut log = PointLog::default();
        assert_eq!(log.heart_rate(b"0"), None);
        assert_eq!(log.heart_rate(b"142.4"), Some(142));
        assert_eq!(log.heart_rate(b"300"), None);
        assert_eq!(log.unreadable[Field::HeartRate as usize], 1);
    }
}
