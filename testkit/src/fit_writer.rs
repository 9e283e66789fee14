//! A FIT writer written from the FIT protocol spec, independent of [`grayzone::ingest::decode::fit`]:
//! 14-byte header with its CRC, definition and data messages (little- or big-endian), compressed
//! timestamp headers, base-type invalid values, developer data, and the closing file CRC.
//!
//! It writes what a running watch writes for an activity: `file_id`, timer events (with a stop/start
//! pair around every pause), `record`s, `lap`s, one `session` per [`Activity`], and an `activity`
//! message whose `local_timestamp` carries the UTC offset.

use super::{lap_ranges, totals_of};
use grayzone::activity::{Activity, Sample, Sport, UnixTime};

/// Unix time of the FIT epoch, 1989-12-31T00:00:00Z.
pub const FIT_EPOCH: i64 = 631_065_600;
/// Profile version written in the header (21.32, a 2020 SDK).
const PROFILE_VERSION: u16 = 2132;
/// Protocol 2.0 (needed for developer fields; readers accept it for plain files too).
const PROTOCOL_VERSION: u8 = 0x20;

// Global message numbers (FIT profile).
const MESG_FILE_ID: u16 = 0;
const MESG_USER_PROFILE: u16 = 3;
const MESG_SESSION: u16 = 18;
const MESG_LAP: u16 = 19;
const MESG_RECORD: u16 = 20;
const MESG_EVENT: u16 = 21;
const MESG_ACTIVITY: u16 = 34;
const MESG_HR: u16 = 132;
const MESG_FIELD_DESCRIPTION: u16 = 206;
const MESG_DEVELOPER_DATA_ID: u16 = 207;

const FIELD_TIMESTAMP: u8 = 253;
const FIELD_MESSAGE_INDEX: u8 = 254;

// `event` and `event_type` enum values.
const EVENT_TIMER: u8 = 0;
const EVENT_SESSION: u8 = 8;
const EVENT_LAP: u8 = 9;
const EVENT_ACTIVITY: u8 = 26;
const EVENT_TYPE_START: u8 = 0;
const EVENT_TYPE_STOP: u8 = 1;
const EVENT_TYPE_STOP_ALL: u8 = 4;

/// Garmin's manufacturer id and the Forerunner 245's product id.
pub const MANUFACTURER_GARMIN: u16 = 1;
pub const PRODUCT_FR245: u16 = 3076;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FitFileType {
    #[default]
    Activity,
    /// A settings file (user profile only): valid FIT that holds no activity.
    Settings,
}

impl FitFileType {
    fn code(self) -> u8 {
        match self {
            FitFileType::Settings => 2,
            FitFileType::Activity => 4,
        }
    }
}

/// Which record fields carry speed and altitude: old devices write the 16-bit `speed`/`altitude`,
/// newer ones the 32-bit `enhanced_*` fields, some both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SpeedAltitudeFields {
    Enhanced,
    Legacy,
    #[default]
    Both,
}

#[derive(Clone, Debug)]
pub struct FitOptions {
    pub file_type: FitFileType,
    /// Use compressed-timestamp record headers whenever the gap to the previous timestamp allows.
    pub compressed_timestamps: bool,
    /// Big-endian architecture in every definition (multi-byte values stored big-endian).
    pub big_endian: bool,
    /// Add a developer data id, two field descriptions and developer fields on every record.
    pub developer_fields: bool,
    pub speed_altitude: SpeedAltitudeFields,
    pub manufacturer: u16,
    pub product: u16,
    pub serial_number: u32,
    /// Write 0x0000 as the header CRC (allowed by the spec; several Garmin devices do it).
    pub zero_header_crc: bool,
    /// `file_id.time_created`; defaults to the first activity's start.
    pub time_created: Option<UnixTime>,
    /// Heart beats (time, bpm) a chest strap logged apart from the records, written as `hr`
    /// messages after the records the way an HRM-Pro's log reaches a Garmin file: an anchor
    /// (timestamp, fractional_timestamp, one 32-bit event_timestamp), then blocks of 8 beats as
    /// 12-bit event_timestamp_12 deltas with their filtered_bpm.
    pub strap_beats: Vec<(UnixTime, u8)>,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            file_type: FitFileType::Activity,
            compressed_timestamps: false,
            big_endian: false,
            developer_fields: false,
            speed_altitude: SpeedAltitudeFields::Both,
            manufacturer: MANUFACTURER_GARMIN,
            product: PRODUCT_FR245,
            serial_number: 3_912_345_678,
            zero_header_crc: false,
            time_created: None,
            strap_beats: Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Base types and values
// ---------------------------------------------------------------------------------------------

/// FIT base types this writer uses. Strings and byte arrays carry their fixed field size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Enum,
    Uint8,
    Sint32,
    Uint16,
    Uint32,
    Float32,
    Uint32z,
    Str(u8),
    Bytes(u8),
    /// An array of `n` uint8 values.
    Uint8s(u8),
}

impl Base {
    fn id(self) -> u8 {
        match self {
            Base::Enum => 0x00,
            Base::Uint8 => 0x02,
            Base::Uint16 => 0x84,
            Base::Sint32 => 0x85,
            Base::Uint32 => 0x86,
            Base::Str(_) => 0x07,
            Base::Float32 => 0x88,
            Base::Uint32z => 0x8C,
            Base::Bytes(_) => 0x0D,
            Base::Uint8s(_) => 0x02,
        }
    }

    fn size(self) -> u8 {
        match self {
            Base::Enum | Base::Uint8 => 1,
            Base::Uint16 => 2,
            Base::Sint32 | Base::Uint32 | Base::Float32 | Base::Uint32z => 4,
            Base::Str(n) | Base::Bytes(n) | Base::Uint8s(n) => n,
        }
    }

    /// The "no value" marker of the base type, as an unsigned bit pattern.
    fn invalid(self) -> u64 {
        match self {
            Base::Enum | Base::Uint8 | Base::Bytes(_) | Base::Uint8s(_) => 0xFF,
            Base::Uint16 => 0xFFFF,
            Base::Sint32 => 0x7FFF_FFFF,
            Base::Uint32 | Base::Float32 => 0xFFFF_FFFF,
            Base::Uint32z | Base::Str(_) => 0,
        }
    }

    /// Largest valid value (one below the invalid marker for unsigned types).
    fn max_valid(self) -> i64 {
        match self {
            Base::Enum | Base::Uint8 | Base::Bytes(_) | Base::Uint8s(_) => 0xFE,
            Base::Uint16 => 0xFFFE,
            Base::Sint32 => 0x7FFF_FFFE,
            Base::Uint32 | Base::Uint32z => 0xFFFF_FFFE,
            Base::Float32 | Base::Str(_) => i64::MAX,
        }
    }

    fn min_valid(self) -> i64 {
        match self {
            Base::Sint32 => -0x7FFF_FFFF,
            Base::Uint32z => 1,
            _ => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Int(i64),
    Float(f32),
    Text(String),
    Raw(Vec<u8>),
    Invalid,
}

impl Val {
    /// A scaled physical value (`stored = (value + offset) * scale`), or invalid when absent.
    fn scaled(v: Option<f64>, scale: f64, offset: f64) -> Val {
        match v {
            Some(x) if x.is_finite() => Val::Int(((x + offset) * scale).round() as i64),
            _ => Val::Invalid,
        }
    }

    fn opt<T: Into<i64>>(v: Option<T>) -> Val {
        v.map_or(Val::Invalid, |x| Val::Int(x.into()))
    }
}

#[derive(Clone, Debug)]
struct Field {
    num: u8,
    base: Base,
    value: Val,
}

fn field(num: u8, base: Base, value: Val) -> Field {
    Field { num, base, value }
}

/// A developer field on a data message: number, developer data index, base type, value.
#[derive(Clone, Debug)]
struct DevField {
    num: u8,
    dev_index: u8,
    base: Base,
    value: Val,
}

#[derive(Clone, Debug)]
struct Message {
    global: u16,
    fields: Vec<Field>,
    dev_fields: Vec<DevField>,
}

impl Message {
    fn new(global: u16, fields: Vec<Field>) -> Message {
        Message {
            global,
            fields,
            dev_fields: Vec::new(),
        }
    }

    fn timestamp(&self) -> Option<u32> {
        self.fields
            .iter()
            .find(|f| f.num == FIELD_TIMESTAMP)
            .and_then(|f| match f.value {
                Val::Int(t) => u32::try_from(t).ok(),
                _ => None,
            })
    }

    /// What a definition message must describe for this data message.
    fn layout(&self) -> Layout {
        Layout {
            global: self.global,
            fields: self
                .fields
                .iter()
                .map(|f| (f.num, f.base.size(), f.base.id()))
                .collect(),
            dev_fields: self
                .dev_fields
                .iter()
                .map(|d| (d.num, d.base.size(), d.dev_index))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Layout {
    global: u16,
    fields: Vec<(u8, u8, u8)>,
    dev_fields: Vec<(u8, u8, u8)>,
}

// ---------------------------------------------------------------------------------------------
// CRC and the encoder
// ---------------------------------------------------------------------------------------------

const CRC_TABLE: [u16; 16] = [
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
    0x5000, 0x9C01, 0x8801, 0x4400,
];

/// The FIT CRC-16 (the CRC-16/ARC polynomial, processed a nibble at a time as the spec shows).
pub fn crc16(bytes: &[u8]) -> u16 {
    bytes.iter().fold(0u16, |crc, &b| crc_byte(crc, b))
}

fn crc_byte(mut crc: u16, byte: u8) -> u16 {
    for nibble in [byte & 0x0F, byte >> 4] {
        let tmp = CRC_TABLE[usize::from(crc & 0x0F)];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ CRC_TABLE[usize::from(nibble)];
    }
    crc
}

/// Degrees to FIT semicircles (2^31 semicircles = 180°), saturating at the valid range.
pub fn semicircles(deg: f64) -> i32 {
    let s = (deg * 2_147_483_648.0 / 180.0).round();
    s.clamp(-2_147_483_647.0, 2_147_483_646.0) as i32
}

/// Unix seconds to a FIT `date_time` (seconds since the FIT epoch).
pub fn fit_time(t: UnixTime) -> u32 {
    (t.round() as i64 - FIT_EPOCH).clamp(0, i64::from(u32::MAX - 1)) as u32
}

/// Streams messages into the data section, managing the 16 local definition slots.
struct Encoder {
    data: Vec<u8>,
    big_endian: bool,
    compressed: bool,
    slots: [Option<Layout>; 16],
    slot_used: [u64; 16],
    tick: u64,
    last_timestamp: Option<u32>,
}

impl Encoder {
    fn new(opts: &FitOptions) -> Encoder {
        Encoder {
            data: Vec::new(),
            big_endian: opts.big_endian,
            compressed: opts.compressed_timestamps,
            slots: Default::default(),
            slot_used: [0; 16],
            tick: 0,
            last_timestamp: None,
        }
    }

    /// Writes one data message, defining its layout first if no slot holds it. Records go out with
    /// a compressed-timestamp header when allowed and the time is less than 32 s after the last
    /// timestamp written.
    fn write(&mut self, mut msg: Message) {
        let compress_offset = self.compressible(&msg);
        if compress_offset.is_some() {
            msg.fields.retain(|f| f.num != FIELD_TIMESTAMP);
        }
        let ts = msg.timestamp();
        // Compressed headers only have two bits for the local message type.
        let slot_limit = if compress_offset.is_some() { 4 } else { 16 };
        let layout = msg.layout();
        let slot = self.slot_for(&layout, slot_limit);
        match compress_offset {
            Some(t) => {
                self.data.push(0x80 | (slot << 5) | (t & 0x1F) as u8);
                self.last_timestamp = Some(t);
            }
            None => self.data.push(slot),
        }
        if let Some(t) = ts {
            self.last_timestamp = Some(t);
        }
        for f in &msg.fields {
            self.put_value(f.base, &f.value);
        }
        for d in &msg.dev_fields {
            self.put_value(d.base, &d.value);
        }
    }

    fn compressible(&self, msg: &Message) -> Option<u32> {
        if !self.compressed || msg.global != MESG_RECORD {
            return None;
        }
        let t = msg.timestamp()?;
        let last = self.last_timestamp?;
        (t >= last && t - last < 32).then_some(t)
    }

    fn slot_for(&mut self, layout: &Layout, limit: usize) -> u8 {
        self.tick += 1;
        if let Some(i) = (0..limit).find(|&i| self.slots[i].as_ref() == Some(layout)) {
            self.slot_used[i] = self.tick;
            return i as u8;
        }
        // Least recently used slot (an empty one first) gets the new definition.
        let i = (0..limit).min_by_key(|&i| self.slot_used[i]).unwrap_or(0);
        self.define(i as u8, layout);
        self.slots[i] = Some(layout.clone());
        self.slot_used[i] = self.tick;
        i as u8
    }

    fn define(&mut self, slot: u8, layout: &Layout) {
        let has_dev = !layout.dev_fields.is_empty();
        self.data.push(0x40 | if has_dev { 0x20 } else { 0 } | slot);
        self.data.push(0); // reserved
        self.data.push(u8::from(self.big_endian));
        self.put_u16(layout.global);
        self.data.push(layout.fields.len() as u8);
        for &(num, size, base) in &layout.fields {
            self.data.extend_from_slice(&[num, size, base]);
        }
        if has_dev {
            self.data.push(layout.dev_fields.len() as u8);
            for &(num, size, index) in &layout.dev_fields {
                self.data.extend_from_slice(&[num, size, index]);
            }
        }
    }

    fn put_u16(&mut self, v: u16) {
        let b = if self.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        };
        self.data.extend_from_slice(&b);
    }

    fn put_uint(&mut self, v: u64, size: u8) {
        let bytes = v.to_le_bytes();
        let mut chunk = bytes[..usize::from(size)].to_vec();
        if self.big_endian {
            chunk.reverse();
        }
        self.data.extend_from_slice(&chunk);
    }

    fn put_value(&mut self, base: Base, value: &Val) {
        let size = base.size();
        match (base, value) {
            (Base::Str(n), Val::Text(s)) => {
                let mut bytes: Vec<u8> = s.bytes().take(usize::from(n) - 1).collect();
                bytes.resize(usize::from(n), 0);
                self.data.extend_from_slice(&bytes);
            }
            (Base::Bytes(n) | Base::Uint8s(n), Val::Raw(raw)) => {
                let mut bytes = raw.clone();
                bytes.resize(usize::from(n), 0xFF);
                self.data.extend_from_slice(&bytes);
            }
            (Base::Float32, Val::Float(x)) => self.put_uint(u64::from(x.to_bits()), 4),
            (_, Val::Int(i)) => {
                let clamped = (*i).clamp(base.min_valid(), base.max_valid());
                // Two's complement truncated to the field size is the wire form of signed values.
                self.put_uint(clamped as u64, size);
            }
            (Base::Str(n), _) => self.data.extend(std::iter::repeat_n(0, usize::from(n))),
            (Base::Bytes(n) | Base::Uint8s(n), _) => {
                self.data.extend(std::iter::repeat_n(0xFF, usize::from(n)))
            }
            _ => self.put_uint(base.invalid(), size),
        }
    }

    /// Header + data + file CRC.
    fn finish(self, zero_header_crc: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 16);
        out.push(14);
        out.push(PROTOCOL_VERSION);
        out.extend_from_slice(&PROFILE_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let header_crc = if zero_header_crc { 0 } else { crc16(&out) };
        out.extend_from_slice(&header_crc.to_le_bytes());
        out.extend_from_slice(&self.data);
        let file_crc = crc16(&out);
        out.extend_from_slice(&file_crc.to_le_bytes());
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The activity file
// ---------------------------------------------------------------------------------------------

/// Writes a FIT file holding one session per activity (a settings file when `opts.file_type` says
/// so; the activities are then ignored).
pub fn write_fit(activities: &[Activity], opts: &FitOptions) -> Vec<u8> {
    let mut enc = Encoder::new(opts);
    let created = opts
        .time_created
        .or_else(|| {
            activities
                .iter()
                .find_map(|a| a.samples.first().map(|s| s.time))
        })
        .unwrap_or(1_704_067_200.0);
    enc.write(file_id(opts, created));
    match opts.file_type {
        FitFileType::Settings => enc.write(user_profile()),
        FitFileType::Activity => write_activities(&mut enc, activities, opts),
    }
    enc.finish(opts.zero_header_crc)
}

fn file_id(opts: &FitOptions, created: UnixTime) -> Message {
    Message::new(
        MESG_FILE_ID,
        vec![
            field(0, Base::Enum, Val::Int(i64::from(opts.file_type.code()))),
            field(1, Base::Uint16, Val::Int(i64::from(opts.manufacturer))),
            field(2, Base::Uint16, Val::Int(i64::from(opts.product))),
            field(3, Base::Uint32z, Val::Int(i64::from(opts.serial_number))),
            field(4, Base::Uint32, Val::Int(i64::from(fit_time(created)))),
        ],
    )
}

fn user_profile() -> Message {
    Message::new(
        MESG_USER_PROFILE,
        vec![
            field(0, Base::Str(16), Val::Text("Runner".into())),
            field(1, Base::Enum, Val::Int(1)),     // gender: male
            field(2, Base::Uint8, Val::Int(38)),   // age
            field(3, Base::Uint8, Val::Int(178)),  // height, cm (scale 100 of metres)
            field(4, Base::Uint16, Val::Int(705)), // weight, 0.1 kg
            field(8, Base::Uint8, Val::Int(50)),   // resting heart rate
            field(9, Base::Uint8, Val::Int(188)),  // default max running heart rate
            field(11, Base::Uint8, Val::Int(188)), // default max heart rate
        ],
    )
}

fn write_activities(enc: &mut Encoder, activities: &[Activity], opts: &FitOptions) {
    if opts.developer_fields {
        for m in developer_definitions() {
            enc.write(m);
        }
    }
    let mut lap_index = 0u16;
    let mut timer_total = 0.0;
    let mut last_time = None;
    for (session_index, activity) in activities.iter().enumerate() {
        let (Some(first), Some(last)) = (activity.samples.first(), activity.samples.last()) else {
            continue;
        };
        enc.write(timer_event(first.time, EVENT_TYPE_START));
        let first_lap = lap_index;
        write_records_and_laps(enc, activity, opts, &mut lap_index);
        let totals = totals_of(activity, 0..activity.samples.len());
        timer_total += totals.timer_s.unwrap_or(0.0);
        enc.write(session(
            activity,
            session_index as u16,
            first_lap,
            lap_index - first_lap,
        ));
        last_time = Some(last.time);
    }
    for m in strap_hr_messages(&opts.strap_beats) {
        enc.write(m);
    }
    if let Some(end) = last_time {
        let offset = activities.iter().find_map(|a| a.utc_offset_s);
        enc.write(activity_message(
            end,
            timer_total,
            activities.len() as u16,
            offset,
        ));
    }
}

/// Records in time order, with stop/start timer events at each pause and a lap message after each
/// lap's last record; the final lap follows the closing stop_all event, as watches write it.
fn write_records_and_laps(
    enc: &mut Encoder,
    activity: &Activity,
    opts: &FitOptions,
    lap_index: &mut u16,
) {
    let fields = RecordFields::of(activity, opts);
    let laps = lap_ranges(activity);
    let mut pauses = activity.pauses.iter().peekable();
    for (lap_no, lap) in laps.iter().enumerate() {
        for i in lap.clone() {
            let s = &activity.samples[i];
            while let Some(p) = pauses.next_if(|p| p.resumed_at <= s.time) {
                enc.write(timer_event(p.stopped_at, EVENT_TYPE_STOP));
                enc.write(timer_event(p.resumed_at, EVENT_TYPE_START));
            }
            let mut rec = record(s, &fields);
            if opts.developer_fields {
                rec.dev_fields = developer_values(i);
            }
            enc.write(rec);
        }
        let is_last = lap_no + 1 == laps.len();
        if is_last {
            if let Some(end) = activity.samples.last() {
                enc.write(timer_event(end.time, EVENT_TYPE_STOP_ALL));
            }
        }
        enc.write(lap_message(activity, lap.clone(), *lap_index, is_last));
        *lap_index += 1;
    }
}

/// `event_timestamp` ticks per second (1/1024 s).
const HR_TICKS_PER_S: f64 = 1024.0;

/// The `hr` messages of a strap's log: an anchor whenever a beat cannot be reached by a 12-bit
/// delta (the first, or after a gap of 4 s or more), and blocks of up to 8 beats after it.
fn strap_hr_messages(beats: &[(UnixTime, u8)]) -> Vec<Message> {
    let mut out = Vec::new();
    let mut anchor: Option<(UnixTime, i64)> = None;
    let mut last_ticks = 0i64;
    let mut block: Vec<(i64, u8)> = Vec::new();
    let flush = |block: &mut Vec<(i64, u8)>, out: &mut Vec<Message>| {
        if block.is_empty() {
            return;
        }
        let mut packed = vec![0u8; (block.len() * 12).div_ceil(8)];
        for (k, (ticks, _)) in block.iter().enumerate() {
            let value = (*ticks as u64) & 0xFFF;
            for bit in 0..12 {
                if value >> bit & 1 == 1 {
                    let at = k * 12 + bit;
                    packed[at / 8] |= 1 << (at % 8);
                }
            }
        }
        let bpms: Vec<u8> = block.iter().map(|b| b.1).collect();
        out.push(Message::new(
            MESG_HR,
            vec![
                field(6, Base::Uint8s(bpms.len() as u8), Val::Raw(bpms)),
                field(10, Base::Bytes(packed.len() as u8), Val::Raw(packed)),
            ],
        ));
        block.clear();
    };
    for &(time, bpm) in beats {
        let reachable = anchor.is_some_and(|(t0, ticks0)| {
            let ticks = ticks0 + ((time - t0) * HR_TICKS_PER_S).round() as i64;
            ticks > last_ticks && ticks - last_ticks < 4096
        });
        if !reachable {
            flush(&mut block, &mut out);
            let whole = time.floor();
            let ticks0 = (time * HR_TICKS_PER_S).round() as i64 % (1 << 32);
            out.push(Message::new(
                MESG_HR,
                vec![
                    field(
                        FIELD_TIMESTAMP,
                        Base::Uint32,
                        Val::Int(i64::from(fit_time(whole))),
                    ),
                    field(
                        0,
                        Base::Uint16,
                        Val::Int(((time - whole) * 32_768.0).round() as i64),
                    ),
                    field(6, Base::Uint8s(1), Val::Raw(vec![bpm])),
                    field(9, Base::Uint32, Val::Int(ticks0)),
                ],
            ));
            anchor = Some((time, ticks0));
            last_ticks = ticks0;
            continue;
        }
        let Some((t0, ticks0)) = anchor else { continue };
        let ticks = ticks0 + ((time - t0) * HR_TICKS_PER_S).round() as i64;
        block.push((ticks, bpm));
        last_ticks = ticks;
        if block.len() == 8 {
            flush(&mut block, &mut out);
        }
    }
    flush(&mut block, &mut out);
    out
}

fn timer_event(t: UnixTime, event_type: u8) -> Message {
    Message::new(
        MESG_EVENT,
        vec![
            field(
                FIELD_TIMESTAMP,
                Base::Uint32,
                Val::Int(i64::from(fit_time(t))),
            ),
            field(0, Base::Enum, Val::Int(i64::from(EVENT_TIMER))),
            field(1, Base::Enum, Val::Int(i64::from(event_type))),
            // data = timer_trigger: manual
            field(3, Base::Uint32, Val::Int(0)),
            field(4, Base::Uint8, Val::Int(0)),
        ],
    )
}

/// Which optional record fields this activity carries: a field is written when any sample has it,
/// and samples without it get the invalid value.
struct RecordFields {
    position: bool,
    distance: bool,
    speed: bool,
    altitude: bool,
    heart_rate: bool,
    cadence: bool,
    power: bool,
    legacy: bool,
    enhanced: bool,
}

impl RecordFields {
    fn of(activity: &Activity, opts: &FitOptions) -> RecordFields {
        let any = |f: fn(&Sample) -> bool| activity.samples.iter().any(f);
        RecordFields {
            position: any(|s| s.position.is_some()),
            distance: any(|s| s.distance_m.is_some()),
            speed: any(|s| s.speed_mps.is_some()),
            altitude: any(|s| s.altitude_m.is_some()),
            heart_rate: any(|s| s.heart_rate.is_some()),
            cadence: any(|s| s.cadence.is_some()),
            power: any(|s| s.power_w.is_some()),
            legacy: opts.speed_altitude != SpeedAltitudeFields::Enhanced,
            enhanced: opts.speed_altitude != SpeedAltitudeFields::Legacy,
        }
    }
}

fn record(s: &Sample, f: &RecordFields) -> Message {
    let mut fields = vec![field(
        FIELD_TIMESTAMP,
        Base::Uint32,
        Val::Int(i64::from(fit_time(s.time))),
    )];
    if f.position {
        let (lat, lon) = match s.position {
            Some((lat, lon)) => (
                Val::Int(semicircles(lat).into()),
                Val::Int(semicircles(lon).into()),
            ),
            None => (Val::Invalid, Val::Invalid),
        };
        fields.push(field(0, Base::Sint32, lat));
        fields.push(field(1, Base::Sint32, lon));
    }
    let altitude = s.altitude_m.map(f64::from);
    if f.altitude && f.legacy {
        fields.push(field(2, Base::Uint16, Val::scaled(altitude, 5.0, 500.0)));
    }
    if f.heart_rate {
        fields.push(field(3, Base::Uint8, Val::opt(s.heart_rate)));
    }
    if f.cadence {
        fields.push(field(4, Base::Uint8, Val::opt(s.cadence)));
    }
    if f.distance {
        fields.push(field(
            5,
            Base::Uint32,
            Val::scaled(s.distance_m, 100.0, 0.0),
        ));
    }
    let speed = s.speed_mps.map(f64::from);
    if f.speed && f.legacy {
        fields.push(field(6, Base::Uint16, Val::scaled(speed, 1000.0, 0.0)));
    }
    if f.power {
        fields.push(field(7, Base::Uint16, Val::opt(s.power_w)));
    }
    if f.speed && f.enhanced {
        fields.push(field(73, Base::Uint32, Val::scaled(speed, 1000.0, 0.0)));
    }
    if f.altitude && f.enhanced {
        fields.push(field(78, Base::Uint32, Val::scaled(altitude, 5.0, 500.0)));
    }
    Message::new(MESG_RECORD, fields)
}

/// FIT `sport` and `sub_sport` codes.
pub fn sport_codes(sport: Sport) -> (u8, u8) {
    match sport {
        Sport::Running => (1, 0),
        Sport::TreadmillRunning => (1, 1),
        Sport::TrailRunning => (1, 3),
        Sport::TrackRunning => (1, 4),
        Sport::Cycling => (2, 0),
        Sport::Swimming => (5, 0),
        Sport::Walking => (11, 0),
        Sport::Hiking => (17, 0),
        Sport::Other => (0, 0),
    }
}

/// Summary fields shared by lap and session (they differ only in field numbers).
struct Summary {
    start: UnixTime,
    end: UnixTime,
    start_pos: Option<(f64, f64)>,
    end_pos: Option<(f64, f64)>,
    elapsed: Option<f64>,
    timer: Option<f64>,
    distance: Option<f64>,
    avg_speed: Option<f64>,
    max_speed: Option<f64>,
    avg_hr: Option<u8>,
    max_hr: Option<u8>,
    avg_cadence: Option<u8>,
    max_cadence: Option<u8>,
    avg_power: Option<u16>,
    max_power: Option<u16>,
    ascent: Option<f64>,
}

fn summarize(
    activity: &Activity,
    range: std::ops::Range<usize>,
    use_device_totals: bool,
) -> Summary {
    let samples = activity.samples.get(range.clone()).unwrap_or(&[]);
    let mut t = totals_of(activity, range);
    if use_device_totals {
        t = super::expected_totals(activity);
    }
    let avg_speed = match (t.distance_m, t.timer_s) {
        (Some(d), Some(s)) if s > 0.0 => Some(d / s),
        _ => None,
    };
    let cadences: Vec<u8> = samples
        .iter()
        .filter_map(|s| s.cadence)
        .filter(|&c| c > 0)
        .collect();
    let powers: Vec<u16> = samples.iter().filter_map(|s| s.power_w).collect();
    Summary {
        start: samples.first().map_or(0.0, |s| s.time),
        end: samples.last().map_or(0.0, |s| s.time),
        start_pos: samples.iter().find_map(|s| s.position),
        end_pos: samples.iter().rev().find_map(|s| s.position),
        elapsed: t.elapsed_s,
        timer: t.timer_s,
        distance: t.distance_m,
        avg_speed,
        max_speed: samples
            .iter()
            .filter_map(|s| s.speed_mps)
            .map(f64::from)
            .reduce(f64::max),
        avg_hr: t.avg_hr,
        max_hr: t.max_hr,
        avg_cadence: mean_u8(&cadences),
        max_cadence: cadences.iter().copied().max(),
        avg_power: (!powers.is_empty()).then(|| {
            (powers.iter().map(|&p| f64::from(p)).sum::<f64>() / powers.len() as f64).round() as u16
        }),
        max_power: powers.iter().copied().max(),
        ascent: t.ascent_m,
    }
}

fn mean_u8(xs: &[u8]) -> Option<u8> {
    (!xs.is_empty())
        .then(|| (xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len() as f64).round() as u8)
}

fn position_fields(lat_num: u8, pos: Option<(f64, f64)>) -> [Field; 2] {
    let (lat, lon) = match pos {
        Some((a, b)) => (
            Val::Int(semicircles(a).into()),
            Val::Int(semicircles(b).into()),
        ),
        None => (Val::Invalid, Val::Invalid),
    };
    [
        field(lat_num, Base::Sint32, lat),
        field(lat_num + 1, Base::Sint32, lon),
    ]
}

fn lap_message(
    activity: &Activity,
    range: std::ops::Range<usize>,
    index: u16,
    is_last: bool,
) -> Message {
    let s = summarize(activity, range, false);
    let (sport, sub_sport) = sport_codes(activity.sport);
    // lap_trigger: distance for auto-laps, session_end for the closing one.
    let trigger = if is_last { 7 } else { 2 };
    let mut fields = vec![
        field(
            FIELD_MESSAGE_INDEX,
            Base::Uint16,
            Val::Int(i64::from(index)),
        ),
        field(
            FIELD_TIMESTAMP,
            Base::Uint32,
            Val::Int(i64::from(fit_time(s.end))),
        ),
        field(0, Base::Enum, Val::Int(i64::from(EVENT_LAP))),
        field(1, Base::Enum, Val::Int(i64::from(EVENT_TYPE_STOP))),
        field(2, Base::Uint32, Val::Int(i64::from(fit_time(s.start)))),
    ];
    fields.extend(position_fields(3, s.start_pos));
    fields.extend(position_fields(5, s.end_pos));
    fields.extend([
        field(7, Base::Uint32, Val::scaled(s.elapsed, 1000.0, 0.0)),
        field(8, Base::Uint32, Val::scaled(s.timer, 1000.0, 0.0)),
        field(9, Base::Uint32, Val::scaled(s.distance, 100.0, 0.0)),
        field(13, Base::Uint16, Val::scaled(s.avg_speed, 1000.0, 0.0)),
        field(14, Base::Uint16, Val::scaled(s.max_speed, 1000.0, 0.0)),
        field(15, Base::Uint8, Val::opt(s.avg_hr)),
        field(16, Base::Uint8, Val::opt(s.max_hr)),
        field(17, Base::Uint8, Val::opt(s.avg_cadence)),
        field(18, Base::Uint8, Val::opt(s.max_cadence)),
        field(19, Base::Uint16, Val::opt(s.avg_power)),
        field(20, Base::Uint16, Val::opt(s.max_power)),
        field(21, Base::Uint16, Val::scaled(s.ascent, 1.0, 0.0)),
        field(24, Base::Enum, Val::Int(trigger)),
        field(25, Base::Enum, Val::Int(i64::from(sport))),
        field(39, Base::Enum, Val::Int(i64::from(sub_sport))),
    ]);
    Message::new(MESG_LAP, fields)
}

fn session(activity: &Activity, index: u16, first_lap: u16, num_laps: u16) -> Message {
    let s = summarize(activity, 0..activity.samples.len(), true);
    let (sport, sub_sport) = sport_codes(activity.sport);
    let mut fields = vec![
        field(
            FIELD_MESSAGE_INDEX,
            Base::Uint16,
            Val::Int(i64::from(index)),
        ),
        field(
            FIELD_TIMESTAMP,
            Base::Uint32,
            Val::Int(i64::from(fit_time(s.end))),
        ),
        field(0, Base::Enum, Val::Int(i64::from(EVENT_SESSION))),
        field(1, Base::Enum, Val::Int(i64::from(EVENT_TYPE_STOP))),
        field(2, Base::Uint32, Val::Int(i64::from(fit_time(s.start)))),
    ];
    fields.extend(position_fields(3, s.start_pos));
    fields.extend([
        field(5, Base::Enum, Val::Int(i64::from(sport))),
        field(6, Base::Enum, Val::Int(i64::from(sub_sport))),
        field(7, Base::Uint32, Val::scaled(s.elapsed, 1000.0, 0.0)),
        field(8, Base::Uint32, Val::scaled(s.timer, 1000.0, 0.0)),
        field(9, Base::Uint32, Val::scaled(s.distance, 100.0, 0.0)),
        field(14, Base::Uint16, Val::scaled(s.avg_speed, 1000.0, 0.0)),
        field(15, Base::Uint16, Val::scaled(s.max_speed, 1000.0, 0.0)),
        field(16, Base::Uint8, Val::opt(s.avg_hr)),
        field(17, Base::Uint8, Val::opt(s.max_hr)),
        field(18, Base::Uint8, Val::opt(s.avg_cadence)),
        field(19, Base::Uint8, Val::opt(s.max_cadence)),
        field(20, Base::Uint16, Val::opt(s.avg_power)),
        field(21, Base::Uint16, Val::opt(s.max_power)),
        field(22, Base::Uint16, Val::scaled(s.ascent, 1.0, 0.0)),
        field(25, Base::Uint16, Val::Int(i64::from(first_lap))),
        field(26, Base::Uint16, Val::Int(i64::from(num_laps))),
        field(28, Base::Enum, Val::Int(0)), // trigger: activity_end
        field(124, Base::Uint32, Val::scaled(s.avg_speed, 1000.0, 0.0)),
        field(125, Base::Uint32, Val::scaled(s.max_speed, 1000.0, 0.0)),
    ]);
    Message::new(MESG_SESSION, fields)
}

fn activity_message(
    end: UnixTime,
    timer_s: f64,
    sessions: u16,
    utc_offset_s: Option<i32>,
) -> Message {
    let ts = fit_time(end);
    let local = utc_offset_s.map(|o| i64::from(ts) + i64::from(o));
    Message::new(
        MESG_ACTIVITY,
        vec![
            field(FIELD_TIMESTAMP, Base::Uint32, Val::Int(i64::from(ts))),
            field(0, Base::Uint32, Val::scaled(Some(timer_s), 1000.0, 0.0)),
            field(1, Base::Uint16, Val::Int(i64::from(sessions))),
            field(2, Base::Enum, Val::Int(0)), // type: manual
            field(3, Base::Enum, Val::Int(i64::from(EVENT_ACTIVITY))),
            field(4, Base::Enum, Val::Int(i64::from(EVENT_TYPE_STOP))),
            field(5, Base::Uint32, Val::opt(local)),
        ],
    )
}

/// A Connect IQ-style data field: developer data id plus two field descriptions. Their values must
/// never leak into heart rate, power or speed.
fn developer_definitions() -> Vec<Message> {
    let app_id: Vec<u8> = (0..16u8).map(|i| 0xA0 ^ i.wrapping_mul(17)).collect();
    let describe = |num: u8, base: u8, name: &str, units: &str| {
        Message::new(
            MESG_FIELD_DESCRIPTION,
            vec![
                field(0, Base::Uint8, Val::Int(0)),
                field(1, Base::Uint8, Val::Int(i64::from(num))),
                field(2, Base::Uint8, Val::Int(i64::from(base))),
                field(3, Base::Str(24), Val::Text(name.into())),
                field(8, Base::Str(16), Val::Text(units.into())),
            ],
        )
    };
    vec![
        Message::new(
            MESG_DEVELOPER_DATA_ID,
            vec![
                field(1, Base::Bytes(16), Val::Raw(app_id)),
                field(3, Base::Uint8, Val::Int(0)),
                field(4, Base::Uint32, Val::Int(7)),
            ],
        ),
        describe(0, Base::Uint16.id(), "Power", "Watts"),
        describe(1, Base::Float32.id(), "Leg Spring Stiffness", "kN/m"),
    ]
}

fn developer_values(i: usize) -> Vec<DevField> {
    vec![
        DevField {
            num: 0,
            dev_index: 0,
            base: Base::Uint16,
            value: Val::Int(900 + (i % 50) as i64),
        },
        DevField {
            num: 1,
            dev_index: 0,
            base: Base::Float32,
            value: Val::Float(9.5 + (i % 7) as f32 * 0.25),
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Corruption helpers
// ---------------------------------------------------------------------------------------------

/// The first `n` bytes, as if the upload stopped there.
pub fn truncate(bytes: &[u8], n: usize) -> Vec<u8> {
    bytes.get(..n).unwrap_or(bytes).to_vec()
}

/// The same file with its closing CRC wrong (data untouched).
pub fn with_bad_crc(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let n = out.len();
    if n >= 2 {
        out[n - 2] ^= 0x5A;
        out[n - 1] ^= 0xA5;
    }
    out
}

/// Several FIT files back to back, as devices write chained files.
pub fn chain(files: &[Vec<u8>]) -> Vec<u8> {
    files.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone::activity::Pause;

    #[test]
    fn crc_matches_the_crc16_arc_check_value() {
        // CRC-16/ARC of "123456789" is 0xBB3D (the catalogue check value of that polynomial).
        assert_eq!(crc16(b"123456789"), 0xBB3D);
        assert_eq!(crc16(&[]), 0);
        // A file's CRC over everything including the stored CRC is zero.
        let mut buf = b"grayzone".to_vec();
        let c = crc16(&buf);
        buf.extend_from_slice(&c.to_le_bytes());
        assert_eq!(crc16(&buf), 0);
    }

    #[test]
    fn semicircle_conversion() {
        assert_eq!(semicircles(0.0), 0);
        assert_eq!(semicircles(90.0), 1 << 30);
        assert_eq!(semicircles(-45.0), -(1 << 29));
        assert_eq!(semicircles(180.0), 2_147_483_646);
        // 1 semicircle ≈ 8.38e-8°.
        assert_eq!(semicircles(52.370_216), 624_801_014);
    }

    #[test]
    fn fit_time_counts_from_1989_12_31() {
        assert_eq!(fit_time(631_065_600.0), 0);
        assert_eq!(fit_time(1_709_533_800.0), 1_078_468_200);
    }

    fn tiny_run() -> Activity {
        Activity {
            sport: Sport::Running,
            samples: (0..40)
                .filter(|i| !(10..20).contains(i))
                .map(|i| Sample {
                    time: 1_709_533_800.0 + f64::from(i),
                    position: Some((52.0 + f64::from(i) * 1e-5, 4.9)),
                    distance_m: Some(f64::from(i) * 3.0),
                    speed_mps: Some(3.0),
                    altitude_m: Some(10.0),
                    heart_rate: if i == 5 { None } else { Some(140) },
                    cadence: Some(85),
                    power_w: None,
                })
                .collect(),
            pauses: vec![Pause {
                stopped_at: 1_709_533_809.0,
                resumed_at: 1_709_533_820.0,
            }],
            utc_offset_s: Some(3600),
            laps: 2,
            ..Activity::default()
        }
    }

    #[test]
    fn header_declares_the_data_size_and_crcs_check_out() {
        for opts in [
            FitOptions::default(),
            FitOptions {
                big_endian: true,
                compressed_timestamps: true,
                developer_fields: true,
                ..FitOptions::default()
            },
        ] {
            let bytes = write_fit(&[tiny_run()], &opts);
            assert_eq!(bytes[0], 14);
            assert_eq!(&bytes[8..12], b".FIT");
            let data_size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
            assert_eq!(data_size, bytes.len() - 14 - 2);
            assert_eq!(
                u16::from_le_bytes([bytes[12], bytes[13]]),
                crc16(&bytes[..12])
            );
            assert_eq!(crc16(&bytes), 0, "file CRC");
        }
    }

    #[test]
    fn first_definition_is_file_id_in_the_chosen_byte_order() {
        let le = write_fit(&[tiny_run()], &FitOptions::default());
        // Definition header for local 0, reserved, arch 0, global 0 (LE), 5 fields.
        assert_eq!(&le[14..20], &[0x40, 0, 0, 0, 0, 5]);
        let be = write_fit(
            &[tiny_run()],
            &FitOptions {
                big_endian: true,
                ..FitOptions::default()
            },
        );
        assert_eq!(&be[14..20], &[0x40, 0, 1, 0, 0, 5]);
    }

    #[test]
    fn compressed_headers_make_the_file_smaller() {
        let plain = write_fit(&[tiny_run()], &FitOptions::default());
        let packed = write_fit(
            &[tiny_run()],
            &FitOptions {
                compressed_timestamps: true,
                ..FitOptions::default()
            },
        );
        // 30 records, all but the first and the one after the pause events compressible, each
        // saving 4 bytes; plus one extra definition (records without a timestamp field).
        assert!(
            packed.len() < plain.len() - 4 * 25,
            "{} vs {}",
            packed.len(),
            plain.len()
        );
        assert!(packed.iter().skip(14).any(|&b| b & 0x80 != 0));
    }

    /// Decodes with the third-party `fitparser` crate: an independent reader of the same spec.
    fn decode_with_fitparser(bytes: &[u8]) -> Vec<(String, Vec<(String, fitparser::Value)>)> {
        fitparser::from_bytes(bytes)
            .unwrap()
            .into_iter()
            .map(|r| {
                let fields = r
                    .fields()
                    .iter()
                    .map(|f| (f.name().to_string(), f.value().clone()))
                    .collect();
                (r.kind().to_string(), fields)
            })
            .collect()
    }

    fn get<'a>(
        fields: &'a [(String, fitparser::Value)],
        name: &str,
    ) -> Option<&'a fitparser::Value> {
        fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn as_f64(v: Option<&fitparser::Value>) -> f64 {
        let v: Result<f64, _> = v.unwrap().clone().try_into();
        v.unwrap()
    }

    #[test]
    fn fitparser_reads_back_every_record_in_every_layout() {
        let run = tiny_run();
        for opts in [
            FitOptions::default(),
            FitOptions {
                big_endian: true,
                speed_altitude: SpeedAltitudeFields::Legacy,
                ..FitOptions::default()
            },
            FitOptions {
                compressed_timestamps: true,
                developer_fields: true,
                speed_altitude: SpeedAltitudeFields::Enhanced,
                zero_header_crc: true,
                ..FitOptions::default()
            },
        ] {
            let msgs = decode_with_fitparser(&write_fit(std::slice::from_ref(&run), &opts));
            let records: Vec<_> = msgs
                .iter()
                .filter(|(k, _)| k == "record")
                .map(|(_, f)| f)
                .collect();
            assert_eq!(records.len(), run.samples.len(), "{opts:?}");
            for (rec, s) in records.iter().zip(&run.samples) {
                let ts = match get(rec, "timestamp") {
                    Some(fitparser::Value::Timestamp(t)) => t.timestamp() as f64,
                    other => panic!("timestamp {other:?}"),
                };
                assert_eq!(ts, s.time, "{opts:?}");
                assert_eq!(as_f64(get(rec, "distance")), s.distance_m.unwrap());
                let lat = as_f64(get(rec, "position_lat"));
                assert_eq!(lat as i32, semicircles(s.position.unwrap().0));
                assert!((as_f64(get(rec, "enhanced_speed")) - 3.0).abs() < 1e-9);
                assert!((as_f64(get(rec, "enhanced_altitude")) - 10.0).abs() < 1e-9);
                match s.heart_rate {
                    Some(hr) => {
                        assert_eq!(get(rec, "heart_rate"), Some(&fitparser::Value::UInt8(hr)))
                    }
                    // fitparser drops invalid values: the 0xFF was written and recognised as such.
                    None => assert!(get(rec, "heart_rate").is_none()),
                }
            }
            let events: Vec<_> = msgs.iter().filter(|(k, _)| k == "event").collect();
            assert_eq!(events.len(), 4, "start, stop, start, stop_all");
            let session = &msgs.iter().find(|(k, _)| k == "session").unwrap().1;
            assert_eq!(as_f64(get(session, "total_elapsed_time")), 39.0);
            assert_eq!(as_f64(get(session, "total_timer_time")), 39.0 - 11.0);
            assert_eq!(as_f64(get(session, "total_distance")), 117.0);
            assert_eq!(
                get(session, "avg_heart_rate"),
                Some(&fitparser::Value::UInt8(140))
            );
            assert_eq!(msgs.iter().filter(|(k, _)| k == "lap").count(), 2);
            let activity = &msgs.iter().find(|(k, _)| k == "activity").unwrap().1;
            let (Some(fitparser::Value::Timestamp(ts)), Some(fitparser::Value::Timestamp(local))) =
                (get(activity, "timestamp"), get(activity, "local_timestamp"))
            else {
                panic!("activity timestamps")
            };
            assert_eq!(local.timestamp() - ts.timestamp(), 3600);
            let dev_values = msgs
                .iter()
                .filter(|(k, _)| k == "record")
                .flat_map(|(_, f)| f.iter())
                .filter(|(n, _)| n == "Power" || n == "Leg Spring Stiffness")
                .count();
            let expect_dev = if opts.developer_fields {
                2 * run.samples.len()
            } else {
                0
            };
            assert_eq!(dev_values, expect_dev);
        }
    }

    #[test]
    fn settings_file_has_no_records() {
        let bytes = write_fit(
            &[tiny_run()],
            &FitOptions {
                file_type: FitFileType::Settings,
                ..FitOptions::default()
            },
        );
        let msgs = decode_with_fitparser(&bytes);
        let kinds: Vec<&str> = msgs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["file_id", "user_profile"]);
        assert_eq!(
            get(&msgs[0].1, "type"),
            Some(&fitparser::Value::String("settings".into()))
        );
    }

    #[test]
    fn corruption_helpers() {
        let good = write_fit(&[tiny_run()], &FitOptions::default());
        assert_eq!(truncate(&good, 100).len(), 100);
        assert_eq!(truncate(&good, 1_000_000), good);
        let bad = with_bad_crc(&good);
        assert_eq!(bad.len(), good.len());
        assert_ne!(crc16(&bad), 0);
        assert_eq!(&bad[..bad.len() - 2], &good[..good.len() - 2]);
        assert_eq!(chain(&[good.clone(), good.clone()]).len(), 2 * good.len());
    }
}
