//! Garmin's `*_summarizedActivities.json`, read in one pass that keeps only what an entry needs.
//!
//! The file lists every activity of the account with some eighty members each (laps, splits,
//! device ids, …); a heavy user's is tens of MB. Read as a tree of values it held about seven
//! times its size (10,000 activities, 23 MB: a peak of 176 MiB); read here, member by member, what
//! is held is the file and the entries (32 MiB for the whole run).

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{non_empty, Index, IndexEntry, IndexError};
use crate::activity::{Sport, UnixTime};

/// Garmin Connect's event type id for a race (9 is "uncategorized", 4 "training").
const GARMIN_EVENT_RACE: i64 = 1;

/// The key of the list of activities, in a chunk of the export (or in the whole document).
const LIST_KEY: &str = "summarizedActivitiesExport";

/// Reads Garmin's `*_summarizedActivities.json`: `[{"summarizedActivitiesExport": [...]}]`
/// (a bare list of activities is read too, and one object holding the list).
pub fn read_garmin_json(bytes: &[u8]) -> Result<Index, IndexError> {
    // A text with an escape in it (`\n`, `\"`, `\u00e9`) is unescaped into a copy before it is
    // looked at: a name of 250 MB is 250 MB more.
    if !crate::ingest::budget::charge(longest_escaped_text(bytes) as u64) {
        return Err(IndexError(crate::ingest::budget::refusal_here()));
    }
    let mut reading = Reading::default();
    let mut document = serde_json::Deserializer::from_slice(bytes);
    let read = Document(&mut reading)
        .deserialize(&mut document)
        .and_then(|()| document.end());
    // An entry over the memory budget stopped the reading with an error of its own.
    if let Some(refused) = reading.refused {
        return Err(refused);
    }
    read.map_err(|e| IndexError(format!("not readable JSON: {e}")))?;
    // An export with no activity still has its list, empty: that is an index that says nothing,
    // not a file that is not one.
    if reading.activities == 0 && !reading.listed {
        return Err(IndexError(format!(
            "not Garmin's summarized activities: no {LIST_KEY} list"
        )));
    }
    Ok(reading.index)
}

/// The length of the longest JSON text in `bytes` with an escape in it: what the parser's copy of
/// one may need. One pass, skipped where there is no backslash at all.
fn longest_escaped_text(bytes: &[u8]) -> usize {
    if !bytes.contains(&b'\\') {
        return 0;
    }
    let (mut longest, mut start, mut in_text, mut escaped, mut has_escape) =
        (0, 0, false, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if !in_text {
            if b == b'"' {
                (in_text, start, has_escape) = (true, i, false);
            }
        } else if escaped {
            escaped = false;
        } else if b == b'\\' {
            (escaped, has_escape) = (true, true);
        } else if b == b'"' {
            in_text = false;
            if has_escape {
                longest = longest.max(i - start - 1);
            }
        }
    }
    // An unfinished text runs to the end.
    if in_text && has_escape {
        longest = longest.max(bytes.len() - start - 1);
    }
    longest
}

/// What the reading has kept so far.
#[derive(Default)]
struct Reading {
    index: Index,
    /// Activities met, read or not: the number of the next one's problem line.
    activities: usize,
    /// A list of activities was found (an empty one says "no activity", not "not an index").
    listed: bool,
    /// The budget refused an entry.
    refused: Option<IndexError>,
}

impl Reading {
    fn add(&mut self, activity: Activity) -> Result<(), IndexError> {
        self.activities += 1;
        let entry = activity.entry();
        if entry.start_time.is_none() {
            self.index.problem(format!(
                "activity {} (entry {}): no startTimeGmt or beginTimestamp, cannot be matched",
                entry.activity_id.as_deref().unwrap_or("?"),
                self.activities
            ));
            return Ok(());
        }
        self.index.push(entry)
    }

    /// Adds an activity; a refusal stops the whole document.
    fn add_or_stop<E: de::Error>(&mut self, activity: Activity) -> Result<(), E> {
        self.add(activity).map_err(|refused| {
            self.refused = Some(refused);
            E::custom("over the memory budget")
        })
    }
}

/// The members of an activity that an entry is made of, as the file gives them (for a member
/// written twice, the last, as a tree of values keeps it).
#[derive(Default)]
struct Activity {
    /// The member `activityId` is there, whatever its value: what makes a chunk's item an activity.
    has_id: bool,
    id: Option<String>,
    name: Option<String>,
    activity_name: Option<String>,
    sport: Option<String>,
    description: Option<String>,
    start_time_gmt: Option<f64>,
    begin_timestamp: Option<f64>,
    event_type_id: Option<i64>,
    event_type: Option<String>,
    event_type_dto: Option<String>,
}

impl Activity {
    fn entry(self) -> IndexEntry {
        let start_ms = self.start_time_gmt.or(self.begin_timestamp);
        let event_key = self.event_type.or(self.event_type_dto);
        let race =
            self.event_type_id == Some(GARMIN_EVENT_RACE) || event_key.as_deref() == Some("race");
        IndexEntry {
            activity_id: self.id,
            name: self.name.or(self.activity_name),
            sport: self.sport,
            description: self.description,
            file: None,
            start_time: start_ms.filter(|ms| ms.is_finite()).map(|ms| ms / 1000.0),
            race,
            long_run: false,
            marker: race.then(|| "Garmin event type race".to_owned()),
        }
    }

    /// Reads the value of one member into its field; any other member is skipped unread.
    fn member<'de, A: MapAccess<'de>>(&mut self, key: Key, map: &mut A) -> Result<(), A::Error> {
        let value = |map: &mut A| map.next_value_seed(ScalarSeed);
        match key {
            Key::ActivityId => {
                self.has_id = true;
                self.id = value(map)?.id();
            }
            Key::Name => self.name = value(map)?.text(),
            Key::ActivityName => self.activity_name = value(map)?.text(),
            // The sport's word, or (in newer exports) an object with it as `typeKey`.
            Key::ActivityType => {
                self.sport = match value(map)? {
                    Scalar::TypeKey(key) => key,
                    other => other.text(),
                }
            }
            Key::Description => self.description = value(map)?.text(),
            Key::StartTimeGmt => self.start_time_gmt = value(map)?.number(),
            Key::BeginTimestamp => self.begin_timestamp = value(map)?.number(),
            Key::EventTypeId => self.event_type_id = value(map)?.whole(),
            Key::EventType => self.event_type = value(map)?.type_key(),
            Key::EventTypeDto => self.event_type_dto = value(map)?.type_key(),
            Key::List | Key::Kind | Key::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The member names read, told apart without keeping the name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    List,
    ActivityId,
    Name,
    ActivityName,
    ActivityType,
    Description,
    StartTimeGmt,
    BeginTimestamp,
    EventTypeId,
    EventType,
    EventTypeDto,
    /// `typeKey`, inside `eventType` or `activityType`.
    Kind,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
                Ok(match name {
                    LIST_KEY => Key::List,
                    "activityId" => Key::ActivityId,
                    "name" => Key::Name,
                    "activityName" => Key::ActivityName,
                    "activityType" => Key::ActivityType,
                    "description" => Key::Description,
                    "startTimeGmt" => Key::StartTimeGmt,
                    "beginTimestamp" => Key::BeginTimestamp,
                    "eventTypeId" => Key::EventTypeId,
                    "eventType" => Key::EventType,
                    "eventTypeDTO" => Key::EventTypeDto,
                    "typeKey" => Key::Kind,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The visitor methods of the scalars (text, number, true or false, null), each giving `$value`:
/// where the reading looks for a list or an object, a scalar is passed over.
macro_rules! scalars_give {
    ($value:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// Skips what is left of a list or an object that the reading does not look into.
fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A member's value as far as an entry looks into it: a scalar as it is, an object by its
/// `typeKey` (`eventType`, `activityType`), a list not at all.
enum Scalar {
    /// A text, cleaned as shown (control characters out, at most a title's length): a name of
    /// megabytes is not copied whole.
    Text(Option<String>),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
    Bool(bool),
    /// `null`, or a list.
    Nothing,
    /// An object, and its `typeKey` when that is a text (the last, for one written twice).
    TypeKey(Option<String>),
}

impl Scalar {
    /// A text member (`name`, `description`), cleaned for a terminal; nothing for another value.
    fn text(self) -> Option<String> {
        match self {
            Scalar::Text(s) => s,
            _ => None,
        }
    }

    /// `startTimeGmt`, `beginTimestamp`: a number of milliseconds, whole or not.
    fn number(self) -> Option<f64> {
        match self {
            Scalar::Signed(n) => Some(n as f64),
            Scalar::Unsigned(n) => Some(n as f64),
            Scalar::Float(n) => Some(n),
            _ => None,
        }
    }

    /// `eventTypeId`: a whole number (`1.0` is not one, as JSON readers see it).
    fn whole(self) -> Option<i64> {
        match self {
            Scalar::Signed(n) => Some(n),
            Scalar::Unsigned(n) => i64::try_from(n).ok(),
            _ => None,
        }
    }

    /// `eventType`, `eventTypeDTO`: the `typeKey` that names the kind (`"race"`).
    fn type_key(self) -> Option<String> {
        match self {
            Scalar::TypeKey(key) => key,
            _ => None,
        }
    }

    /// `activityId`: a number in Garmin's files, read as JSON writes it, as Strava's ids are; a
    /// text is cleaned of control characters (a terminal shows it). An object is no id.
    fn id(self) -> Option<String> {
        match self {
            Scalar::Text(s) => s.filter(|s| s != "null"),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Float(n) => Some(serde_json::Value::from(n).to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Nothing | Scalar::TypeKey(_) => None,
        }
    }
}

struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(non_empty(Some(s))))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Scalar, E> {
        Ok(Scalar::Signed(n))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Scalar, E> {
        Ok(Scalar::Unsigned(n))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(n))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        skip_seq(seq).map(|()| Scalar::Nothing)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        let mut key = None;
        while let Some(name) = map.next_key::<Key>()? {
            if name == Key::Kind {
                key = match map.next_value_seed(ScalarSeed)? {
                    Scalar::Text(s) => s,
                    _ => None,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Scalar::TypeKey(key))
    }
}

/// The whole document: a list of chunks (as Garmin writes it), or one object holding the list.
struct Document<'r>(&'r mut Reading);

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Garmin's summarized activities")
    }
    scalars_give!(());
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut items = 0;
        while seq.next_element_seed(Chunk(&mut *self.0))?.is_some() {
            items += 1;
        }
        // `[]`: an export of nothing.
        if items == 0 {
            self.0.listed = true;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // One object: only its list counts (its own members are not an activity).
        while let Some(key) = map.next_key::<Key>()? {
            if key == Key::List {
                self.0.listed |= map.next_value_seed(List(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// An item of the document's list: a chunk holding a list of activities, or an activity itself.
struct Chunk<'r>(&'r mut Reading);

impl<'de> DeserializeSeed<'de> for Chunk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Chunk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chunk of activities")
    }
    scalars_give!(());
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut listed = false;
        let mut itself = Activity::default();
        while let Some(key) = map.next_key::<Key>()? {
            if key == Key::List {
                listed |= map.next_value_seed(List(&mut *self.0))?;
            } else {
                itself.member(key, &mut map)?;
            }
        }
        if listed {
            self.0.listed = true;
        } else if itself.has_id {
            self.0.add_or_stop(itself)?;
        }
        Ok(())
    }
}

/// A list of activities, each added as soon as it is read: `true` when the value was a list.
struct List<'r>(&'r mut Reading);

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of activities")
    }
    scalars_give!(false);
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        skip_map(map).map(|()| false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(activity) = seq.next_element_seed(ActivitySeed)? {
            self.0.add_or_stop(activity)?;
        }
        Ok(true)
    }
}

/// One activity of a list; a value that is not an object is an activity without members.
struct ActivitySeed;

impl<'de> DeserializeSeed<'de> for ActivitySeed {
    type Value = Activity;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Activity, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ActivitySeed {
    type Value = Activity;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an activity")
    }
    scalars_give!(Activity::default());
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Activity, A::Error> {
        skip_seq(seq).map(|()| Activity::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Activity, A::Error> {
        let mut activity = Activity::default();
        while let Some(key) = map.next_key::<Key>()? {
            activity.member(key, &mut map)?;
        }
        Ok(activity)
    }
}

/// Two starts this close are the same activity: watches and Connect round the start to the
/// second, and a few public importers allow a minute.
pub const GARMIN_MATCH_S: f64 = 60.0;

/// Garmin entries by start time.
pub struct GarminStarts<'a> {
    /// (start, the entry's sport as read once, entry), sorted by start.
    by_start: Vec<(f64, Sport, &'a IndexEntry)>,
}

/// Entries looked at around a run's start: a real export holds one or two a minute. An index of
/// 500,000 entries in one second beside 4,000 runs had every run read every one of them, their
/// sports parsed anew each time (77 s).
const MOST_ENTRIES_NEAR_A_START: usize = 64;

impl<'a> GarminStarts<'a> {
    /// Every index's entries as one (an export's summaries come in parts): one search a run,
    /// however many parts. At the same start an earlier part's entry comes first.
    pub fn new(indexes: &[&'a Index]) -> Self {
        let mut by_start: Vec<(f64, Sport, &IndexEntry)> = indexes
            .iter()
            .flat_map(|index| index.entries.iter())
            .filter_map(|e| {
                let start = e.start_time?;
                let sport = e
                    .sport
                    .as_deref()
                    .map_or(Sport::Other, |s| Sport::from_text(s, None));
                Some((start, sport, e))
            })
            .collect();
        by_start.sort_by(|a, b| a.0.total_cmp(&b.0));
        GarminStarts { by_start }
    }

    /// The entry that started within [`GARMIN_MATCH_S`] of `start`, nearest first, of the same
    /// sport family when both sides know the sport.
    pub fn entry(&self, start: UnixTime, sport: Sport) -> Option<&'a IndexEntry> {
        let from = self
            .by_start
            .partition_point(|&(t, _, _)| t < start - GARMIN_MATCH_S);
        self.by_start
            .get(from..)?
            .iter()
            .take_while(|&&(t, _, _)| t <= start + GARMIN_MATCH_S)
            .take(MOST_ENTRIES_NEAR_A_START)
            .filter(|&&(_, theirs, _)| {
                theirs == Sport::Other || sport == Sport::Other || theirs.family() == sport.family()
            })
            .min_by(|a, b| (a.0 - start).abs().total_cmp(&(b.0 - start).abs()))
            .map(|&(_, _, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading as it was, through a tree of values: the oracle the one-pass reading must
    /// agree with, entry for entry and problem for problem. (One difference by design, in no
    /// document below: the one pass cleans a `typeKey` before comparing it, so `" race "` is a
    /// race there.)
    fn by_tree(bytes: &[u8]) -> Result<Index, IndexError> {
        use serde_json::Value;
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| IndexError(format!("not readable JSON: {e}")))?;
        let activities: Vec<&Value> = match &value {
            Value::Array(items) => items
                .iter()
                .flat_map(|item| match item.get(LIST_KEY) {
                    Some(Value::Array(list)) => list.iter().collect(),
                    _ if item.get("activityId").is_some() => vec![item],
                    _ => vec![],
                })
                .collect(),
            Value::Object(_) => match value.get(LIST_KEY) {
                Some(Value::Array(list)) => list.iter().collect(),
                _ => vec![],
            },
            _ => vec![],
        };
        let has_list = |v: &Value| matches!(v.get(LIST_KEY), Some(Value::Array(_)));
        let listed = match &value {
            Value::Array(items) => items.is_empty() || items.iter().any(has_list),
            other => has_list(other),
        };
        if activities.is_empty() && !listed {
            return Err(IndexError(format!(
                "not Garmin's summarized activities: no {LIST_KEY} list"
            )));
        }
        let mut index = Index::default();
        for (i, a) in activities.into_iter().enumerate() {
            let text = |key: &str| {
                a.get(key)
                    .and_then(Value::as_str)
                    .and_then(|s| non_empty(Some(s)))
            };
            let number = |key: &str| a.get(key).and_then(Value::as_f64);
            let start_ms = number("startTimeGmt").or_else(|| number("beginTimestamp"));
            let event_id = a.get("eventTypeId").and_then(Value::as_i64);
            let event_key = ["eventType", "eventTypeDTO"].iter().find_map(|k| {
                a.get(*k)
                    .and_then(|e| e.get("typeKey"))
                    .and_then(Value::as_str)
            });
            let race = event_id == Some(GARMIN_EVENT_RACE) || event_key == Some("race");
            let id = a.get("activityId").and_then(|v| match v {
                Value::String(s) => crate::activity::intent::clean_text(s),
                Value::Array(_) | Value::Object(_) => None,
                other => Some(other.to_string()),
            });
            let entry = IndexEntry {
                activity_id: id.filter(|s| s != "null"),
                name: text("name").or_else(|| text("activityName")),
                sport: text("activityType").or_else(|| {
                    a.get("activityType")
                        .and_then(|t| t.get("typeKey"))
                        .and_then(Value::as_str)
                        .and_then(|s| non_empty(Some(s)))
                }),
                description: text("description"),
                file: None,
                start_time: start_ms.filter(|ms| ms.is_finite()).map(|ms| ms / 1000.0),
                race,
                long_run: false,
                marker: race.then(|| "Garmin event type race".to_owned()),
            };
            if entry.start_time.is_none() {
                index.problem(format!(
                    "activity {} (entry {}): no startTimeGmt or beginTimestamp, cannot be matched",
                    entry.activity_id.as_deref().unwrap_or("?"),
                    i + 1
                ));
                continue;
            }
            index.entries.push(entry);
        }
        Ok(index)
    }

    #[test]
    fn texts_with_escapes_and_kept_entries_are_charged_to_the_budget() {
        use crate::ingest::budget::{Budget, Job, Run};
        assert_eq!(
            longest_escaped_text(br#"{"a":"plain","b":"x\"y","c":"no"}"#),
            4
        );
        assert_eq!(longest_escaped_text(br#"["a\n"#), 3);
        assert_eq!(longest_escaped_text(b"[\"no escape\"]"), 0);
        let within = |limit: u64, doc: &str| {
            let budget = Budget::new(limit);
            let job = Job::open(&budget, Run::Alone);
            let read = read_garmin_json(doc.as_bytes());
            job.close();
            read
        };
        // A name of 2 MB with a newline in it, under a 1 MB budget: its copy does not fit.
        let long_name = format!(
            r#"[{{"summarizedActivitiesExport":[{{"activityId":1,"startTimeGmt":1,"name":"\n{}"}}]}}]"#,
            "a".repeat(2_000_000)
        );
        assert!(within(1 << 20, &long_name)
            .unwrap_err()
            .0
            .contains("budget"));
        assert!(within(8 << 20, &long_name).is_ok());
        // 20,000 entries with their starts and names, under a 1 MB budget: they do not fit.
        let list: Vec<String> = (0..20_000)
            .map(|i| {
                format!(r#"{{"activityId":{i},"startTimeGmt":1{i}000,"name":"Morning Run {i}"}}"#)
            })
            .collect();
        let many = format!(r#"[{{"summarizedActivitiesExport":[{}]}}]"#, list.join(","));
        assert!(within(1 << 20, &many).unwrap_err().0.contains("budget"));
        assert_eq!(within(64 << 20, &many).unwrap().entries.len(), 20_000);
    }

    /// One activity as a real export writes it: eighty-odd members, objects and lists among them.
    fn realistic(i: u64) -> String {
        let event = [1, 4, 9][(i % 3) as usize];
        let sport = if i.is_multiple_of(5) {
            "road_biking"
        } else {
            "running"
        };
        format!(
            r#"{{"activityId":{id},"uuidMsb":-4{i}2,"name":"Morning Run {i} \"quoted\" \u00e9","activityType":"{sport}","userProfileId":9182736,"timeZoneId":124,"beginTimestamp":{begin},"eventTypeId":{event},"rule":"subscribers","sportType":"RUNNING","startTimeGmt":{start}.0,"startTimeLocal":{local}.0,"duration":3650123.04,"distance":1004320.0,"elevationGain":3400.0,"avgHr":141.0,"maxHr":171.0,"calories":2987.5,"bmrCalories":101.2,"avgSpeed":0.2751,"maxSpeed":0.4012,"avgRunCadence":84.5,"steps":9876,"startLongitude":21.012,"startLatitude":52.229,"deviceId":3391234567,"manufacturer":"GARMIN","lapCount":10,"waterEstimated":912.0,"trainingEffectLabel":"AEROBIC_BASE","activityTrainingLoad":88.4,"summarizedExerciseSets":[],"splitSummaries":[{{"noOfSplits":10,"totalAscent":34.0,"duration":3650.1,"splitType":"INTERVAL_ACTIVE","averageSpeed":2.751,"distance":10043.2}},{{"noOfSplits":1,"splitType":"RWD_RUN","averageSpeed":2.8}}],"hrTimeInZone_1":600.0,"hrTimeInZone_2":2400.0,"eventType":{{"typeId":{event},"typeKey":"{event_key}","sortOrder":3}},"favorite":false,"pr":{pr},"parent":false,"purposeful":false,"manualActivity":false,"autoCalcCalories":false,"elevationCorrected":false,"atpActivity":false,"description":null,"vO2MaxValue":52.0}}"#,
            id = 18_500_000_000 + i,
            begin = 1_741_500_131_000 + i * 86_400_000,
            start = 1_741_500_131_000 + i * 86_400_000,
            local = 1_741_503_731_000 + i * 86_400_000,
            event_key = if event == 1 { "race" } else { "training" },
            pr = i.is_multiple_of(7),
        )
    }

    #[test]
    fn one_pass_reads_as_the_tree_did() {
        let many: Vec<String> = (0..300).map(realistic).collect();
        let documents = [
            format!(r#"[{{"summarizedActivitiesExport":[{}]}}]"#, many.join(",")),
            // Chunks, one without a list, a bare activity among them, scalars between.
            format!(
                r#"[{{"summarizedActivitiesExport":[{}]}},{{"note":1}},{},3,"x",null,[1,[2]],{{"summarizedActivitiesExport":[{}]}}]"#,
                many[..3].join(","),
                many[3],
                many[4..6].join(",")
            ),
            // One object holding the list; its own id is not an activity.
            format!(r#"{{"activityId":5,"summarizedActivitiesExport":[{}]}}"#, many[7]),
            // Odd members: every kind of id, types as objects or not, members written twice,
            // starts as text, event ids as floats and past i64, lists where objects are.
            r#"[{"summarizedActivitiesExport":[
                {"activityId":"  12\u0007 34 ","name":"","activityName":"Fallback","startTimeGmt":1e12},
                {"activityId":1.5e3,"name":7,"beginTimestamp":-5,"eventTypeId":1.0},
                {"activityId":true,"activityType":{"typeKey":"trail_running","typeId":3},"startTimeGmt":"1741500131000","beginTimestamp":1741500131000},
                {"activityId":null,"eventTypeDTO":{"typeKey":"race"},"startTimeGmt":1741500131000},
                {"activityId":"null","eventType":{"typeKey":"training"},"eventTypeDTO":{"typeKey":"race"},"startTimeGmt":2},
                {"activityId":{"a":1},"eventTypeId":18446744073709551615,"startTimeGmt":3},
                {"activityId":[1],"eventType":"race","startTimeGmt":4,"name":"first","name":"second"},
                {"eventType":{"typeKey":"race","typeKey":3},"startTimeGmt":5,"activityType":{"typeKey":7}},
                {"eventType":{"typeKey":{"typeKey":"race"}},"startTimeGmt":1e300},
                {"startTimeGmt":6,"startTimeGmt":null},
                17, "text", [1,2], null, {}
            ]}]"#
            .to_owned(),
            r#"[{"activityId":1,"summarizedActivitiesExport":{"not":"a list"},"startTimeGmt":9}]"#.to_owned(),
            r#"[{"activityId":1,"summarizedActivitiesExport":[],"startTimeGmt":9}]"#.to_owned(),
            r#"[{"summarizedActivitiesExport":[]},{"activityId":2,"startTimeGmt":9}]"#.to_owned(),
            "[]".to_owned(),
            "{}".to_owned(),
            r#"{"summarizedActivitiesExport":[]}"#.to_owned(),
            r#"{"summarizedActivitiesExport":7}"#.to_owned(),
            r#"[{"note":"no list"}]"#.to_owned(),
            r#"{"sleep":[]}"#.to_owned(),
            "\"just text\"".to_owned(),
            "42".to_owned(),
            r#"[{"summarizedActivitiesExport": ["#.to_owned(),
            r#"[{"summarizedActivitiesExport":[{"activityId":1,"startTimeGmt":2}]}] trailing"#.to_owned(),
            r#"[{"summarizedActivitiesExport":[{"activityId":1,"startTimeGmt":2,}]}]"#.to_owned(),
            String::new(),
        ];
        for doc in &documents {
            let (one_pass, tree) = (read_garmin_json(doc.as_bytes()), by_tree(doc.as_bytes()));
            assert_eq!(one_pass, tree, "{}", &doc[..doc.len().min(300)]);
        }
        // Lists nested deeper than serde_json builds a tree of (128) are skipped, not refused.
        let deep = format!("[{}{}]", "[".repeat(100_000), "]".repeat(100_000));
        assert!(by_tree(deep.as_bytes())
            .unwrap_err()
            .0
            .contains("recursion limit"));
        assert!(read_garmin_json(deep.as_bytes())
            .unwrap_err()
            .0
            .starts_with("not Garmin's summarized activities"));
        // The oracle is not read trivially: the realistic list gives every entry, races marked.
        let index = read_garmin_json(documents[0].as_bytes()).unwrap();
        assert_eq!(index.entries.len(), 300);
        assert_eq!(index.entries.iter().filter(|e| e.race).count(), 100);
        assert_eq!(
            index.entries[4].name.as_deref(),
            Some("Morning Run 4 \"quoted\" é")
        );
        assert_eq!(index.entries[5].sport.as_deref(), Some("road_biking"));
        let mixed = read_garmin_json(documents[1].as_bytes()).unwrap();
        assert_eq!(mixed.entries.len(), 6);
        let odd = read_garmin_json(documents[3].as_bytes()).unwrap();
        assert_eq!((odd.entries.len(), odd.problems.len()), (9, 6));
    }
}
