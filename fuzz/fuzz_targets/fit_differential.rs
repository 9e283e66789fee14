//! Differential fuzzing of our FIT decoder against `fitparser`, the oracle of
//! `tests/fit_oracle.rs`: wherever fitparser decodes a (mutated) file without error, our decoder
//! must give the same values for every field grayzone uses — every record's time, position,
//! distance, speed, altitude, heart rate, cadence and power; every session's totals and sport; the
//! lap count; a device named in file_id is named.
//!
//! The expectation is built as in `tests/fit_oracle.rs`, with the same documented differences:
//!
//! * `compressed_speed_distance`: fitparser adds up the raw 12-bit distance counters; the FIT SDK
//!   accumulates the counter's differences modulo 4096. The expected distance is accumulated from
//!   the raw bytes the SDK way.
//! * Fields whose size is not a multiple of their base type: fitparser re-reads them as byte
//!   arrays; we treat them as absent.
//! * Array fields: we take the first element (absent when it holds the invalid marker). That
//!   holds for times too, which fitparser leaves as raw numbers when declared as arrays.
//! * A field and its "enhanced" twin (altitude 2 / 78, speed 6 / 73 / 8): we keep the enhanced
//!   field when valid.
//! * Records without their own time get the last timestamp of their part, from any message,
//!   those fitparser's profile does not know (and leaves undated) included.
//!
//! Mutated files reach corners the real corpus never does; there the comparison is refused (the
//! input counts as "not decoded without error") in exactly these cases, each an oracle behaviour
//! that is not the FIT SDK's, see `FUZZING.md`:
//!
//! * fitparser returns an error, or panics (it does on some timestamps far from the epoch). Its
//!   CRC checks are switched off: a mutation breaks the CRC, and we keep the data of a file with a
//!   wrong CRC anyway.
//! * A field we use is declared with an element size other than its profile type's (a 4-byte
//!   timestamp as four 1-byte elements, or an unknown base type), or with a base-type byte whose
//!   endian bit disagrees with its type number (fitparser then reads a uint8 per byte; the SDK
//!   reads the type the low 5 bits name, so a max_heart_rate declared 0xA7 is a string to it and
//!   to us, a number to fitparser). The two decoders read different things, neither meaningful.
//! * A definition declares a field we use twice (a session with two max_heart_rate fields). The
//!   data message then carries two values: we read the last, a later declaration replacing an
//!   earlier one; fitparser drops invalid values before merging fields by number, so an invalid
//!   last copy leaves the first value standing. Malformed input, no single right reading.
//! * A record's compressed_speed_distance is declared with a base type other than its profile's
//!   byte. We read its 3 bytes as the bits they pack, whatever the type; fitparser reads typed
//!   elements and replaces any that holds its type's invalid marker by a marker, losing the bits.
//! * A timestamp or session start time is declared as a float (base type float32/float64):
//!   fitparser's conversion to a time fails on floats and it dates the message at the FIT epoch
//!   whatever the value; we read a whole, non-negative float as the count of seconds.
//! * fitparser reads a data message to another length than its definition gives. It checks that
//!   a field's size is a multiple of its base type's only for regular fields: a developer field
//!   of 207 bytes described as uint16 is read as 104 elements, one byte past the field, and every
//!   later message is read from the wrong place. We step over developer fields by their size.
//! * A header gives a size other than 12 or 14: fitparser reads messages from byte 12 or 14 on
//!   whatever it says; the SDK (and we) skip the whole header.
//! * A message runs past the data size its part's header gives. The SDK stops at that size (the
//!   bytes after it are the CRC); so do we, keeping what came before and flagging `truncated`;
//!   fitparser reads the message on.
//! * A message has both a compressed-timestamp header and its own valid timestamp field. The SDK
//!   (and we) take the field, for the message and as the base of later offsets; fitparser applies
//!   the header's offset on top of it, shifting every later compressed time by up to 31 s.
//!
//! And a few rules of our decoder that are by design, mirrored in the expectation:
//!
//! * the messages of a part whose `file_id` says it is not an activity (settings, course…) are
//!   ignored;
//! * records that come before any timestamp of their part are skipped (quality note
//!   `records_without_time`), compressed-timestamp ones included: their offset counts from a full
//!   timestamp, and fitparser's from the FIT epoch when there was none;
//! * a whole-number field read into a narrower type (heart rate, sport and sub-sport as u8, power
//!   as u16, times as u64) is absent when its value does not fit.
#![no_main]

mod common;
#[path = "../../tests/support/fitparser_values.rs"]
mod fitparser_values;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Once;

use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::{get_field_variant_as_string, FieldDataType, MesgNum};
use fitparser::{FitDataRecord, Value};
use grayzone::activity::{Activity, DecodeResult, FileContent, Sample};
use libfuzzer_sys::fuzz_target;

use fitparser_values::{
    first_element, first_field, fits, misaligned, number, raw_narrow, raw_wide, time_of,
    CompressedDistance, FIT_EPOCH,
};

// ---------------------------------------------------------------------------------------------
// Running the oracle without letting its panics count as ours
// ---------------------------------------------------------------------------------------------

thread_local! {
    static IN_ORACLE: Cell<bool> = const { Cell::new(false) };
}

/// libFuzzer's panic hook aborts on any panic, caught or not. A panic inside fitparser is the
/// oracle giving up, not a finding: the hook is wrapped once to stay silent while it runs.
fn quiet_oracle_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_ORACLE.with(Cell::get) {
                fuzzer_hook(info);
            }
        }));
    });
}

fn oracle_verdict(bytes: &[u8]) -> Option<Oracle> {
    IN_ORACLE.with(|f| f.set(true));
    let outcome = std::panic::catch_unwind(|| run_oracle(bytes));
    IN_ORACLE.with(|f| f.set(false));
    outcome.ok()?.ok()
}

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const FILE_TYPE_ACTIVITY: u8 = 4;

struct OracleRecord {
    raw: HashMap<u8, Value>,
    /// The record's own timestamp, else the last one of any message in its part.
    time: Option<f64>,
    /// Distance from compressed_speed_distance, accumulated the SDK way.
    compressed_distance: Option<f64>,
}

struct Oracle {
    records: Vec<OracleRecord>,
    /// Each session, with the numbers of the fields fitparser read as bytes (misaligned): its
    /// decoded values of those are scaled bytes, no longer recognisable as such.
    sessions: Vec<(FitDataRecord, Vec<u8>)>,
    laps: usize,
    /// Whether a file_id naming a device was seen (the one our device name comes from).
    device_named: bool,
    /// The first `sport` message: its sport and sub-sport words, for sessions without their own.
    sport_message: Option<(Option<String>, Option<String>)>,
    /// `hr` messages: a strap's log, which we merge into the records as Garmin's SDK does and
    /// fitparser leaves apart, so record heart rates are not compared in such a file.
    hr_messages: usize,
}

/// The size of one element of each field we use, by the FIT profile's base type.
fn profile_width(global: u16, field: u8) -> Option<u8> {
    Some(match (global, field) {
        (_, 253) => 4,
        // file_id: type, manufacturer, product, product_name
        (0, 0) => 1,
        (0, 1 | 2) => 2,
        (0, 8) => 1,
        // record: lat, long, altitude, enhanced_altitude, hr, cadence, distance, speed,
        // enhanced_speed, power, compressed_speed_distance
        (20, 0 | 1 | 78 | 5 | 73) => 4,
        (20, 2 | 6 | 7) => 2,
        (20, 3 | 4 | 8) => 1,
        // session: start_time, sport, sub_sport, elapsed, timer, distance, avg/max hr, ascent
        (18, 2 | 7 | 8 | 9) => 4,
        (18, 5 | 6 | 16 | 17) => 1,
        (18, 22) => 2,
        // lap start_time, event event/event_type, activity local_timestamp, sport sport/sub_sport
        (19, 2) | (34, 5) => 4,
        (21, 0 | 1) | (12, 0 | 1) => 1,
        _ => return None,
    })
}

/// Element size of a base-type byte as the FIT SDK reads it (the low 5 bits are the type).
fn sdk_width(base: u8) -> u8 {
    match base & 0x1F {
        3 | 4 | 11 => 2,
        5 | 6 | 8 | 12 => 4,
        9 | 14..=16 => 8,
        _ => 1,
    }
}

/// Whether fitparser reads a base-type byte as the type the FIT SDK reads. fitparser looks up the
/// whole byte (bits 5 and 6 masked) and reads any byte it does not know as a uint8; the SDK reads
/// the type the low 5 bits name. So a type whose endian bit is wrong (0x04 for uint16, read as
/// single bytes) or a string with the endian bit set (0x87 or 0xA7: a number to fitparser, text
/// to the SDK and to us) is read as two different things.
fn fitparser_reads_as_sdk(base: u8) -> bool {
    matches!(
        base & 0x9F,
        0x00..=0x02 | 0x83..=0x86 | 0x07 | 0x88 | 0x89 | 0x0A | 0x8B | 0x8C | 0x0D | 0x8E..=0x90
    )
}

/// A definition as written: global number, (field, size, base type) triples, and the length of
/// its data messages after their header byte, developer fields included.
#[derive(Clone, Default)]
struct RawDefinition {
    global: u16,
    fields: Vec<(u8, u8, u8)>,
    data_len: usize,
}

impl RawDefinition {
    /// Reads the bytes of a definition message fitparser has just consumed.
    fn parse(message: &[u8]) -> Option<(u8, RawDefinition)> {
        let (&head, rest) = message.split_first()?;
        let &[_, arch, g0, g1, count, ref fields @ ..] = rest else {
            return None;
        };
        let global = if arch == 1 {
            u16::from_be_bytes([g0, g1])
        } else {
            u16::from_le_bytes([g0, g1])
        };
        let (fields, dev) = fields.split_at_checked(3 * usize::from(count))?;
        let fields: Vec<(u8, u8, u8)> =
            fields.chunks_exact(3).map(|f| (f[0], f[1], f[2])).collect();
        let mut data_len: usize = fields.iter().map(|&(_, size, _)| usize::from(size)).sum();
        if head & 0x20 != 0 {
            let (&dev_count, dev) = dev.split_first()?;
            data_len += dev
                .chunks_exact(3)
                .take(usize::from(dev_count))
                .map(|f| usize::from(f[1]))
                .sum::<usize>();
        }
        Some((
            head & 0x0F,
            RawDefinition {
                global,
                fields,
                data_len,
            },
        ))
    }

    /// Whether a field we use is declared more than once. The data message then holds several
    /// values for it: we read the last one, as a later declaration replaces an earlier one;
    /// fitparser drops invalid values before merging them by number, so an invalid last copy
    /// leaves the earlier value standing. Malformed input with no single right reading.
    fn repeats_a_used_field(&self) -> bool {
        self.fields.iter().enumerate().any(|(i, &(field, _, _))| {
            profile_width(self.global, field).is_some()
                && self
                    .fields
                    .iter()
                    .skip(i + 1)
                    .any(|&(other, _, _)| other == field)
        })
    }

    /// Whether a record's compressed_speed_distance is declared with a base type other than its
    /// profile's byte. Its 3 bytes pack two values bit by bit, which we read whatever the type;
    /// fitparser reads typed elements (unknown types as uint8) and replaces an element holding
    /// its type's invalid marker (0xFF, 0x7F, 0x00) by a marker, so the packed bits are lost.
    fn typed_packed_field(&self) -> bool {
        self.global == 20
            && self
                .fields
                .iter()
                .any(|&(field, _, base)| field == 8 && base != 0x0D)
    }

    /// Whether a date_time field we use (any message's timestamp, a session's start time) is
    /// declared as a float: fitparser cannot make an integer of it and dates it at the FIT epoch
    /// whatever it holds.
    fn float_time(&self) -> bool {
        self.fields.iter().any(|&(field, _, base)| {
            (field == 253 || (self.global, field) == (18, 2)) && matches!(base & 0x1F, 8 | 9)
        })
    }

    /// Whether a field we use is declared with an element size that is not its profile type's
    /// (a 4-byte timestamp as four 1-byte elements), or with a base-type byte fitparser reads as
    /// another type than the SDK. The decoders then read different things, neither of them
    /// meaningful.
    fn mistyped(&self) -> bool {
        self.fields.iter().any(|&(field, _, base)| {
            profile_width(self.global, field)
                .is_some_and(|width| sdk_width(base) != width || !fitparser_reads_as_sdk(base))
        })
    }
}

/// The local message type a data message header names.
fn local_type(head: u8) -> u8 {
    if head & 0x80 != 0 {
        (head >> 5) & 0x03
    } else {
        head & 0x0F
    }
}

/// Per-part state, as our decoder keeps it: nothing carries over between chained files.
#[derive(Default)]
struct Part {
    last_time: Option<f64>,
    counter: CompressedDistance,
    file_type: Option<u8>,
}

impl Part {
    fn is_activity(&self) -> bool {
        self.file_type.is_none_or(|t| t == FILE_TYPE_ACTIVITY)
    }
}

fn run_oracle(bytes: &[u8]) -> Result<Oracle, String> {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    let mut out = Oracle {
        records: Vec::new(),
        sessions: Vec::new(),
        laps: 0,
        device_named: false,
        sport_message: None,
        hr_messages: 0,
    };
    let mut part = Part::default();
    let mut definitions: HashMap<u8, RawDefinition> = HashMap::new();
    // Where the data of the current part ends, by its header.
    let mut data_end = 0;
    let mut buf = bytes;
    while !buf.is_empty() {
        let at = bytes.len() - buf.len();
        let (rest, obj) = processor.deserialize_next(buf).map_err(|e| e.to_string())?;
        let consumed = buf.get(..buf.len() - rest.len()).unwrap_or_default();
        buf = rest;
        if let FitObject::Header(header) = &obj {
            if !matches!(header.header_size(), 12 | 14) {
                return Err("a header size other than 12 or 14".into());
            }
            data_end = at + usize::from(header.header_size()) + header.data_size() as usize;
        } else if !matches!(obj, FitObject::Crc(_)) && at + consumed.len() > data_end {
            return Err("a message runs past the data size its header gives".into());
        }
        let msg = match obj {
            FitObject::Crc(_) => {
                processor.reset();
                part = Part::default();
                continue;
            }
            FitObject::DefinitionMessage(_) => {
                if let Some((local, def)) = RawDefinition::parse(consumed) {
                    definitions.insert(local, def);
                }
                continue;
            }
            FitObject::DataMessage(msg) => msg,
            _ => continue,
        };
        let def = consumed
            .first()
            .and_then(|&h| definitions.get(&local_type(h)));
        if def.is_some_and(|d| consumed.len() != 1 + d.data_len) {
            return Err("fitparser read a data message past its definition's length".into());
        }
        if def.is_some_and(RawDefinition::mistyped) {
            return Err("a field we use is declared with another element size".into());
        }
        if def.is_some_and(RawDefinition::repeats_a_used_field) {
            return Err("a field we use is declared twice in one definition".into());
        }
        if def.is_some_and(RawDefinition::typed_packed_field) {
            return Err("compressed_speed_distance declared with a type other than byte".into());
        }
        if def.is_some_and(RawDefinition::float_time) {
            return Err("a timestamp or start time declared as a float".into());
        }
        if msg.time_offset().is_some() && msg.fields().contains_key(&253) {
            return Err("a compressed-timestamp message with its own timestamp field".into());
        }
        let compressed_time = msg.time_offset().is_some();
        let raw = msg.fields().clone();
        let decoded = processor.decode_message(msg).map_err(|e| e.to_string())?;
        // A compressed time is an offset from the part's last full timestamp. Before there is
        // one, fitparser counts it from the FIT epoch; for us the message has no time (and a
        // record none of its own: the rule on records before any timestamp).
        let dated = !compressed_time || part.last_time.is_some();
        // Field 253 is the timestamp of every message, those fitparser's profile does not know
        // (which it names `unknown_field_253`) included: the SDK and we date records by it.
        if let Some(t) = decoded
            .fields()
            .iter()
            .find(|f| f.number() == 253)
            .map(|f| f.value())
            .filter(|_| dated)
            .and_then(time_of)
        {
            part.last_time = Some(t);
        }
        if decoded.kind() == MesgNum::FileId {
            if let Some(t) = raw.get(&0).and_then(number).and_then(fits::<u8>) {
                part.file_type = Some(t);
            }
            // Our device name comes from the first file_id that names a device at all (maker,
            // product or product name); a later file_id's maker is not ours to compare.
            let names_device = decoded.fields().iter().any(|f| match f.number() {
                1 | 2 => true,
                8 => f.value().to_string().chars().any(char::is_alphanumeric),
                _ => false,
            });
            if names_device {
                out.device_named = true;
            }
            continue;
        }
        if !part.is_activity() {
            continue;
        }
        match decoded.kind() {
            MesgNum::Record => {
                let compressed_distance = raw.get(&8).and_then(|v| part.counter.accumulate(v));
                out.records.push(OracleRecord {
                    raw,
                    time: part.last_time,
                    compressed_distance,
                });
            }
            MesgNum::Session => {
                let as_bytes = raw
                    .iter()
                    .filter(|(_, v)| misaligned(v))
                    .map(|(&field, _)| field)
                    .collect();
                out.sessions.push((decoded, as_bytes));
            }
            MesgNum::Sport if out.sport_message.is_none() => {
                let word = |name: &str| sport_word(&decoded, name);
                out.sport_message = Some((word("sport"), word("sub_sport")));
            }
            MesgNum::Lap => out.laps += 1,
            MesgNum::Hr => out.hr_messages += 1,
            _ => {}
        }
    }
    Ok(out)
}

/// fitparser's name for a sport or sub-sport. An array field is named by its first element
/// (absent when that is invalid), as we read arrays; fitparser leaves arrays unnamed. A value the
/// profile does not name is written `sport_N` by us, `N` (or `unknown_variant_N`) by fitparser;
/// one that is no u8 (a sint8 sport of -17) is absent for us, a number for fitparser.
fn sport_word(rec: &FitDataRecord, name: &str) -> Option<String> {
    let kind = match name {
        "sport" => FieldDataType::Sport,
        _ => FieldDataType::SubSport,
    };
    let word = match first_field(rec, name)? {
        // The first element, under the same narrow-field rule: fitparser's enum lookup wraps a
        // negative sint8 element into a byte (-23 names sub-sport 233).
        Value::Array(items) => first_element(items)
            .and_then(number)
            .and_then(fits::<u8>)
            .map(|n| get_field_variant_as_string(kind, i64::from(n)))?,
        value => value.to_string(),
    };
    let number = word.strip_prefix("unknown_variant_").unwrap_or(&word);
    if number.parse::<i64>().is_err() {
        return Some(word);
    }
    // We read sport words as u8: a value that does not fit (a negative one, in a field declared
    // as sint8) is absent, as for the other narrow fields.
    number.parse::<u8>().ok().map(|n| format!("{name}_{n}"))
}

/// What our sample must hold for this record, field by field.
fn expected_sample(r: &OracleRecord, time: f64) -> Sample {
    let raw = &r.raw;
    let position = match (raw_wide(raw, 0), raw_wide(raw, 1)) {
        (Some(lat), Some(long)) => {
            Some((lat * 180.0 / 2f64.powi(31), long * 180.0 / 2f64.powi(31)))
        }
        _ => None,
    };
    let altitude = raw_wide(raw, 78)
        .or_else(|| raw_wide(raw, 2))
        .map(|v| (v / 5.0 - 500.0) as f32);
    let compressed = raw.get(&8).and_then(|v| match v {
        Value::Array(b) => match (b.first(), b.get(1)) {
            (Some(Value::Byte(b0)), Some(Value::Byte(b1))) => {
                Some(f32::from(u16::from(*b0) | (u16::from(*b1 & 0x0F) << 8)) / 100.0)
            }
            _ => None,
        },
        _ => None,
    });
    let speed = raw_wide(raw, 73)
        .or_else(|| raw_wide(raw, 6))
        .map(|v| (v / 1000.0) as f32)
        .or(compressed);
    let distance = raw_wide(raw, 5)
        .map(|v| v / 100.0)
        .or(r.compressed_distance);
    Sample {
        time,
        position,
        distance_m: distance,
        speed_mps: speed,
        altitude_m: altitude,
        heart_rate: raw_narrow(raw, 3).and_then(fits),
        cadence: raw_narrow(raw, 4).and_then(fits),
        power_w: raw_wide(raw, 7).and_then(fits),
    }
}

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

/// Samples in a total order: by time, then by every value (ties in time may come in another order
/// when a file's sessions overlap).
fn sort_samples(samples: &mut [Sample]) {
    let key = |s: &Sample| {
        [
            s.time,
            s.position.map_or(f64::NAN, |p| p.0),
            s.position.map_or(f64::NAN, |p| p.1),
            s.distance_m.unwrap_or(f64::NAN),
            s.speed_mps.map_or(f64::NAN, f64::from),
            s.altitude_m.map_or(f64::NAN, f64::from),
            s.heart_rate.map_or(f64::NAN, f64::from),
            s.cadence.map_or(f64::NAN, f64::from),
            s.power_w.map_or(f64::NAN, f64::from),
        ]
    };
    samples.sort_by(|a, b| {
        key(a)
            .iter()
            .zip(key(b).iter())
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

fn same_f64(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (a, b) => a == b,
    }
}

fn assert_sample(ours: &Sample, want: &Sample, ctx: &str) {
    assert_eq!(ours.time, want.time, "{ctx}: time");
    match (ours.position, want.position) {
        (Some((a, b)), Some((c, d))) => assert!(
            same_f64(Some(a), Some(c)) && same_f64(Some(b), Some(d)),
            "{ctx}: position {a},{b} vs {c},{d}"
        ),
        (o, w) => assert_eq!(o, w, "{ctx}: position"),
    }
    assert!(
        same_f64(ours.distance_m, want.distance_m),
        "{ctx}: distance {:?} vs {:?}",
        ours.distance_m,
        want.distance_m
    );
    assert_eq!(ours.speed_mps, want.speed_mps, "{ctx}: speed");
    assert_eq!(ours.altitude_m, want.altitude_m, "{ctx}: altitude");
    assert_eq!(ours.heart_rate, want.heart_rate, "{ctx}: heart_rate");
    assert_eq!(ours.cadence, want.cadence, "{ctx}: cadence");
    assert_eq!(ours.power_w, want.power_w, "{ctx}: power");
}

fn assert_session(
    ours: &Activity,
    s: &FitDataRecord,
    as_bytes: &[u8],
    sport_message: &Option<(Option<String>, Option<String>)>,
    ctx: &str,
) {
    // A total whose size is not a multiple of its type's is absent to us, as in records;
    // fitparser reads it as bytes, then scales them (a total_elapsed_time of 11 bytes is a list
    // of eleven thousandths of a second).
    let num = |name: &str| {
        s.fields()
            .iter()
            .find(|f| f.name() == name && !as_bytes.contains(&f.number()))
            .and_then(|f| number(f.value()))
    };
    let t = &ours.totals;
    assert_eq!(
        t.start_time,
        first_field(s, "start_time").and_then(time_of),
        "{ctx}: start_time"
    );
    let close = |a: Option<f64>, b: Option<f64>, what: &str| {
        assert!(same_f64(a, b), "{ctx}: {what} {a:?} vs {b:?}");
    };
    close(t.elapsed_s, num("total_elapsed_time"), "total_elapsed_time");
    close(t.timer_s, num("total_timer_time"), "total_timer_time");
    close(t.distance_m, num("total_distance"), "total_distance");
    close(t.ascent_m, num("total_ascent"), "total_ascent");
    assert_eq!(
        t.avg_hr,
        num("avg_heart_rate").and_then(fits::<u8>),
        "{ctx}: avg_heart_rate"
    );
    assert_eq!(
        t.max_hr,
        num("max_heart_rate").and_then(fits::<u8>),
        "{ctx}: max_heart_rate"
    );
    // A session without its own sport takes the file's first sport message's (our rule).
    let word = |name: &str| sport_word(s, name);
    let (fallback_sport, fallback_sub) = sport_message.clone().unwrap_or_default();
    let sport = word("sport").or(fallback_sport);
    let sub = word("sub_sport").or(fallback_sub);
    let want_raw = match (sport, sub) {
        (Some(sport), Some(sub)) if sub != "generic" => format!("{sport}/{sub}"),
        (Some(sport), _) => sport,
        (None, _) => String::new(),
    };
    assert_eq!(ours.sport_raw, want_raw, "{ctx}: sport");
}

fn compare(ours: DecodeResult, oracle: Oracle) {
    let activities = match ours {
        Ok(FileContent::Activities(a)) => a,
        other => {
            let timed = oracle.records.iter().filter(|r| r.time.is_some()).count();
            assert!(
                timed == 0 && oracle.sessions.is_empty(),
                "fitparser finds {timed} timed records and {} sessions; ours: {other:?}",
                oracle.sessions.len()
            );
            return;
        }
    };

    let mut ours: Vec<Sample> = activities
        .iter()
        .flat_map(|a| a.samples.iter().copied())
        .collect();
    let mut want: Vec<Sample> = oracle
        .records
        .iter()
        .filter_map(|r| r.time.map(|t| expected_sample(r, t)))
        .collect();
    assert_eq!(
        ours.len(),
        want.len(),
        "record count; ours at {:?}; fitparser's records at {:?} with fields {:?}",
        ours.iter().map(|s| s.time - FIT_EPOCH).collect::<Vec<_>>(),
        oracle
            .records
            .iter()
            .map(|r| r.time.map(|t| t - FIT_EPOCH))
            .collect::<Vec<_>>(),
        oracle
            .records
            .iter()
            .map(|r| r.raw.keys().copied().collect::<Vec<_>>())
            .collect::<Vec<_>>(),
    );
    if oracle.hr_messages > 0 {
        for s in ours.iter_mut().chain(want.iter_mut()) {
            s.heart_rate = None;
        }
    }
    sort_samples(&mut ours);
    sort_samples(&mut want);
    for (i, (o, w)) in ours.iter().zip(&want).enumerate() {
        assert_sample(o, w, &format!("record {i} (t={})", w.time - FIT_EPOCH));
    }

    assert_eq!(
        activities.len(),
        oracle.sessions.len().max(1),
        "activities per session"
    );
    for (i, (a, (s, as_bytes))) in activities.iter().zip(&oracle.sessions).enumerate() {
        assert_session(
            a,
            s,
            as_bytes,
            &oracle.sport_message,
            &format!("session {i}"),
        );
    }
    let laps: u32 = activities.iter().map(|a| a.laps).sum();
    assert_eq!(laps as usize, oracle.laps, "laps");
    // A file_id that names a device always gives a device name (its own name, the profile's name
    // of the product, or maker and number: tests/ingest/intent_oracle.rs checks which, against
    // fitparser, on every real file); a creator device_info can only add one.
    if oracle.device_named {
        assert!(
            activities[0].device.is_some(),
            "device named in file_id, none read"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    quiet_oracle_panics();
    let ours = grayzone::ingest::decode::fit::decode(data);
    common::check_decoded(&ours);
    if let Some(oracle) = oracle_verdict(data) {
        compare(ours, oracle);
    }
});
