//! Unit tests of the FIT decoder on hand-built files (every primitive, byte by byte) and on
//! prefixes and corruptions of small real files.

use super::crc::crc16;
use super::decode;
use super::reader::FIT_EPOCH_UNIX;
use crate::activity::{Activity, FileContent, QualityNote, Sample, Sport};

/// Writes FIT files message by message.
#[derive(Default)]
struct FitWriter {
    data: Vec<u8>,
}

// Base types as written in definitions.
const ENUM: u8 = 0x00;
const UINT8: u8 = 0x02;
const SINT32: u8 = 0x85;
const UINT16: u8 = 0x84;
const UINT32: u8 = 0x86;
const STRING: u8 = 0x07;
const BYTE: u8 = 0x0D;

const T0: u32 = 1_000_000_000;

fn unix(fit: u32) -> f64 {
    FIT_EPOCH_UNIX + f64::from(fit)
}

impl FitWriter {
    fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) -> &mut Self {
        self.define_full(local, global, false, fields, &[])
    }

    fn define_full(
        &mut self,
        local: u8,
        global: u16,
        big_endian: bool,
        fields: &[(u8, u8, u8)],
        dev_fields: &[(u8, u8, u8)],
    ) -> &mut Self {
        let dev_flag = if dev_fields.is_empty() { 0 } else { 0x20 };
        self.data.push(0x40 | dev_flag | local);
        self.data.push(0);
        self.data.push(u8::from(big_endian));
        let g = if big_endian {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        };
        self.data.extend_from_slice(&g);
        self.data.push(fields.len() as u8);
        for &(n, size, base) in fields {
            self.data.extend_from_slice(&[n, size, base]);
        }
        if !dev_fields.is_empty() {
            self.data.push(dev_fields.len() as u8);
            for &(n, size, index) in dev_fields {
                self.data.extend_from_slice(&[n, size, index]);
            }
        }
        self
    }

    fn data(&mut self, local: u8, body: &[u8]) -> &mut Self {
        self.data.push(local);
        self.data.extend_from_slice(body);
        self
    }

    fn compressed(&mut self, local: u8, offset: u8, body: &[u8]) -> &mut Self {
        self.data.push(0x80 | (local << 5) | (offset & 0x1F));
        self.data.extend_from_slice(body);
        self
    }

    /// A complete file: 14-byte header with its CRC, the messages, the file CRC.
    fn finish(&self) -> Vec<u8> {
        let mut out = vec![14, 0x20, 0x08, 0x08];
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let header_crc = crc16(&out);
        out.extend_from_slice(&header_crc.to_le_bytes());
        out.extend_from_slice(&self.data);
        let crc = crc16(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// file_id of an activity by a Garmin device.
    fn activity_file() -> Self {
        let mut w = FitWriter::default();
        w.define(0, 0, &[(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16)])
            .data(0, &[4, 1, 0, 0xE5, 0x06]); // type 4, garmin, product 1765
        w
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn activities(bytes: &[u8]) -> Vec<Activity> {
    match decode(bytes) {
        Ok(FileContent::Activities(a)) => a,
        other => panic!("expected activities, got {other:?}"),
    }
}

fn codes(notes: &[QualityNote]) -> Vec<&'static str> {
    notes.iter().map(|n| n.code).collect()
}

/// record: timestamp, heart_rate.
fn define_hr_record(w: &mut FitWriter, local: u8) {
    w.define(local, 20, &[(253, 4, UINT32), (3, 1, UINT8)]);
}

fn hr_record(t: u32, hr: u8) -> Vec<u8> {
    cat(&[&t.to_le_bytes(), &[hr]])
}

/// A tiny valid activity: 3 records, one session, a pause, an activity message.
fn small_activity() -> Vec<u8> {
    let mut w = FitWriter::activity_file();
    define_hr_record(&mut w, 1);
    for i in 0..3 {
        w.data(1, &hr_record(T0 + i, 120 + i as u8));
    }
    // event: timestamp, event, event_type
    w.define(2, 21, &[(253, 4, UINT32), (0, 1, ENUM), (1, 1, ENUM)]);
    w.data(2, &cat(&[&(T0 + 1).to_le_bytes(), &[0, 1]]))
        .data(2, &cat(&[&(T0 + 2).to_le_bytes(), &[0, 0]]));
    // session: timestamp, start_time, sport, sub_sport, elapsed, timer, distance
    w.define(
        3,
        18,
        &[
            (253, 4, UINT32),
            (2, 4, UINT32),
            (5, 1, ENUM),
            (6, 1, ENUM),
            (7, 4, UINT32),
            (8, 4, UINT32),
            (9, 4, UINT32),
        ],
    );
    w.data(
        3,
        &cat(&[
            &(T0 + 2).to_le_bytes(),
            &T0.to_le_bytes(),
            &[1, 1],
            &2000u32.to_le_bytes(),
            &1500u32.to_le_bytes(),
            &1234u32.to_le_bytes(),
        ]),
    );
    // activity: timestamp, local_timestamp (UTC+2, written 4 s apart)
    w.define(4, 34, &[(253, 4, UINT32), (5, 4, UINT32)]);
    w.data(
        4,
        &cat(&[&(T0 + 2).to_le_bytes(), &(T0 + 2 + 7204).to_le_bytes()]),
    );
    w.finish()
}

#[test]
fn small_activity_decodes_completely() {
    let acts = activities(&small_activity());
    assert_eq!(acts.len(), 1);
    let a = &acts[0];
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    assert_eq!(a.device.as_deref(), Some("Forerunner 920XT"));
    assert_eq!(
        (a.sport, a.sport_raw.as_str()),
        (Sport::TreadmillRunning, "running/treadmill")
    );
    let hrs: Vec<_> = a.samples.iter().map(|s| (s.time, s.heart_rate)).collect();
    assert_eq!(
        hrs,
        [
            (unix(T0), Some(120)),
            (unix(T0 + 1), Some(121)),
            (unix(T0 + 2), Some(122))
        ]
    );
    assert_eq!(a.pauses.len(), 1);
    assert_eq!(
        (a.pauses[0].stopped_at, a.pauses[0].resumed_at),
        (unix(T0 + 1), unix(T0 + 2))
    );
    assert_eq!(a.totals.start_time, Some(unix(T0)));
    assert_eq!(a.totals.elapsed_s, Some(2.0));
    assert_eq!(a.totals.timer_s, Some(1.5));
    assert_eq!(a.totals.distance_m, Some(12.34));
    assert_eq!(a.utc_offset_s, Some(7200));
}

#[test]
fn error_texts_name_the_fault() {
    assert_eq!(decode(&[]).unwrap_err().0, "empty file (0 bytes)");
    let gpx = b"<?xml version=\"1.0\"?><gpx></gpx>";
    assert_eq!(
        decode(gpx).unwrap_err().0,
        "not a FIT file: header has no .FIT signature"
    );
    assert_eq!(
        decode(&small_activity()[..7]).unwrap_err().0,
        "not a FIT file: too short for a FIT header (7 bytes)"
    );
    // A valid header followed by nothing readable.
    let mut w = FitWriter::default();
    w.data(0, &[]);
    let err = decode(&w.finish()).unwrap_err().0;
    assert!(
        err.starts_with(
            "no activity data decoded: data message at byte 14 uses local message type 0"
        ),
        "{err}"
    );
}

#[test]
fn header_crc_zero_means_not_set_and_a_wrong_one_is_only_noted() {
    let mut bytes = small_activity();
    bytes[12] = 0;
    bytes[13] = 0;
    let a = &activities(&bytes)[0];
    // The file CRC covers the header bytes, so fix it after changing them.
    assert_eq!(codes(&a.notes), ["crc_mismatch"]);
    let n = bytes.len();
    let crc = crc16(&bytes[..n - 2]);
    bytes[n - 2..].copy_from_slice(&crc.to_le_bytes());
    assert!(activities(&bytes)[0].notes.is_empty());

    bytes[12] = 0x12;
    let crc = crc16(&bytes[..n - 2]);
    bytes[n - 2..].copy_from_slice(&crc.to_le_bytes());
    let a = &activities(&bytes)[0];
    assert_eq!(codes(&a.notes), ["header_crc_mismatch"]);
    assert_eq!(a.samples.len(), 3);
}

#[test]
fn a_note_repeated_in_every_part_is_kept_three_times_and_the_rest_counted() {
    // Hostile round 37 H1: a note for each of 900,000 broken parts held 300 MB past a 16 MB
    // budget, and each session a copy of them all.
    let mut bad = small_activity();
    bad[12] = 0x12;
    let n = bad.len();
    let crc = crc16(&bad[..n - 2]);
    bad[n - 2..].copy_from_slice(&crc.to_le_bytes());
    let parts: Vec<&[u8]> = vec![&bad; 1000];
    let acts = activities(&cat(&parts));
    assert_eq!(acts.len(), 1000);
    for a in &acts {
        assert_eq!(codes(&a.notes), ["header_crc_mismatch"; 4]);
        assert_eq!(a.notes[3].detail, "and 997 more like it");
    }
    assert_eq!(
        acts[0].notes[2].detail,
        format!(
            "part 3 at byte {}: header CRC does not match its bytes",
            2 * n
        )
    );
}

#[test]
fn a_recording_never_closed_is_read_to_the_end_of_the_file() {
    // The header's data size still 0 and no header CRC, as a watch that died mid-run leaves it:
    // "no activity data decoded" before, every message lost.
    let mut bytes = small_activity();
    bytes[4..8].copy_from_slice(&[0; 4]);
    bytes[12..14].copy_from_slice(&[0; 2]);
    let full = small_activity_samples(&bytes);
    assert_eq!(full.0, 3);
    // Its last two bytes happen to be a CRC: no message, no fault of their own.
    assert_eq!(full.1, ["unclosed_recording"]);
    // Stopped inside the last message (the session), the CRC never written: the records stand.
    let cut = small_activity_samples(&bytes[..bytes.len() - 7]);
    assert_eq!(cut, (3, vec!["unclosed_recording"]));
    // An empty part, then a whole one (a chained file): the second part is read, as before.
    let empty_part = cat(&[&bytes[..14], &crc16(&bytes[..14]).to_le_bytes()]);
    let chained = activities(&cat(&[&empty_part, &small_activity()]));
    assert_eq!(chained.len(), 1);
    assert_eq!((chained[0].samples.len(), chained[0].notes.len()), (3, 0));
    // A header of data size 0 and its CRC alone is an empty file, as before.
    let empty = decode(&empty_part);
    assert!(
        matches!(&empty, Err(e) if e.0 == "no records and no session in the FIT file"),
        "{empty:?}"
    );
}

fn small_activity_samples(bytes: &[u8]) -> (usize, Vec<&'static str>) {
    let acts = activities(bytes);
    assert_eq!(acts.len(), 1);
    (acts[0].samples.len(), codes(&acts[0].notes))
}

#[test]
fn twelve_byte_header_is_read() {
    let full = small_activity();
    let data = &full[14..full.len() - 2];
    let mut bytes = vec![12, 0x10, 0x08, 0x08];
    bytes.extend_from_slice(&(data.len() as u32).to_le_bytes());
    bytes.extend_from_slice(b".FIT");
    bytes.extend_from_slice(data);
    let crc = crc16(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    let a = &activities(&bytes)[0];
    assert!(a.notes.is_empty());
    assert_eq!(a.samples.len(), 3);
}

#[test]
fn file_crc_mismatch_keeps_the_data() {
    let mut bytes = small_activity();
    let n = bytes.len();
    bytes[n - 1] ^= 0x55;
    let a = &activities(&bytes)[0];
    assert_eq!(codes(&a.notes), ["crc_mismatch"]);
    assert_eq!(a.samples.len(), 3);
}

#[test]
fn compressed_timestamps_follow_the_last_full_one_with_rollover() {
    let mut w = FitWriter::activity_file();
    define_hr_record(&mut w, 0);
    // local 1: record with only heart rate, used with compressed headers
    w.define(1, 20, &[(3, 1, UINT8)]);
    let base = T0 + 28; // low 5 bits = 28
    w.data(0, &hr_record(base, 100))
        .compressed(1, 30, &[101]) // +2 s
        .compressed(1, 3, &[102]) // rolls over: +7 s
        .compressed(1, 3, &[103]); // same second again
    let a = &activities(&w.finish())[0];
    let times: Vec<f64> = a.samples.iter().map(|s| s.time - unix(base)).collect();
    assert_eq!(times, [0.0, 2.0, 7.0, 7.0]);
    assert!(a.notes.contains(&QualityNote::new(
        "no_session",
        "file has records but no session message; sport from the sport message if any"
    )));
}

#[test]
fn big_endian_definitions_read_big_endian_values() {
    let mut w = FitWriter::activity_file();
    w.define_full(
        2,
        20,
        true,
        &[
            (253, 4, UINT32),
            (0, 4, SINT32),
            (1, 4, SINT32),
            (2, 2, UINT16),
            (7, 2, UINT16),
        ],
        &[],
    );
    let lat: i32 = 0x2000_0000; // 45°
    let long: i32 = -0x4000_0000; // -90°
    w.data(
        2,
        &cat(&[
            &T0.to_be_bytes(),
            &lat.to_be_bytes(),
            &long.to_be_bytes(),
            &3000u16.to_be_bytes(), // 3000/5 - 500 = 100 m
            &250u16.to_be_bytes(),
        ]),
    );
    let s = activities(&w.finish())[0].samples[0];
    assert_eq!(s.time, unix(T0));
    assert_eq!(s.position, Some((45.0, -90.0)));
    assert_eq!(s.altitude_m, Some(100.0));
    assert_eq!(s.power_w, Some(250));
}

/// record with every field we read, all given.
fn full_record_definition(w: &mut FitWriter, local: u8) {
    w.define(
        local,
        20,
        &[
            (253, 4, UINT32),
            (0, 4, SINT32),
            (1, 4, SINT32),
            (2, 2, UINT16),
            (78, 4, UINT32),
            (3, 1, UINT8),
            (4, 1, UINT8),
            (5, 4, UINT32),
            (6, 2, UINT16),
            (73, 4, UINT32),
            (7, 2, UINT16),
        ],
    );
}

#[allow(clippy::too_many_arguments)]
fn full_record(
    lat: i32,
    long: i32,
    alt: u16,
    enh_alt: u32,
    hr: u8,
    cad: u8,
    dist: u32,
    speed: u16,
    enh_speed: u32,
    power: u16,
) -> Vec<u8> {
    cat(&[
        &T0.to_le_bytes(),
        &lat.to_le_bytes(),
        &long.to_le_bytes(),
        &alt.to_le_bytes(),
        &enh_alt.to_le_bytes(),
        &[hr, cad],
        &dist.to_le_bytes(),
        &speed.to_le_bytes(),
        &enh_speed.to_le_bytes(),
        &power.to_le_bytes(),
    ])
}

#[test]
fn invalid_markers_read_as_absent_and_enhanced_fields_win_when_valid() {
    let mut w = FitWriter::activity_file();
    full_record_definition(&mut w, 3);
    // all valid: enhanced altitude and speed win over the plain ones
    w.data(
        3,
        &full_record(1, 2, 3000, 3500, 150, 85, 12345, 2000, 3000, 300),
    );
    // all invalid
    w.data(
        3,
        &full_record(
            0x7FFF_FFFF,
            0x7FFF_FFFF,
            0xFFFF,
            0xFFFF_FFFF,
            0xFF,
            0xFF,
            0xFFFF_FFFF,
            0xFFFF,
            0xFFFF_FFFF,
            0xFFFF,
        ),
    );
    // enhanced invalid: the plain fields are used; latitude alone is not a position
    w.data(
        3,
        &full_record(
            1,
            0x7FFF_FFFF,
            3000,
            0xFFFF_FFFF,
            0,
            0,
            0,
            2000,
            0xFFFF_FFFF,
            0,
        ),
    );
    let samples = &activities(&w.finish())[0].samples;
    assert_eq!(
        samples[0],
        Sample {
            time: unix(T0),
            position: Some((180.0 / 2f64.powi(31), 360.0 / 2f64.powi(31))),
            distance_m: Some(123.45),
            speed_mps: Some(3.0),
            altitude_m: Some(200.0),
            heart_rate: Some(150),
            cadence: Some(85),
            power_w: Some(300),
        }
    );
    assert_eq!(
        samples[1],
        Sample {
            time: unix(T0),
            ..Sample::default()
        }
    );
    let s = samples[2];
    assert_eq!(
        (s.position, s.altitude_m, s.speed_mps),
        (None, Some(100.0), Some(2.0))
    );
    // zero is a real value for plain (non-z) types
    assert_eq!(
        (s.heart_rate, s.cadence, s.distance_m, s.power_w),
        (Some(0), Some(0), Some(0.0), Some(0))
    );
}

#[test]
fn developer_fields_are_stepped_over_by_their_size() {
    let mut w = FitWriter::activity_file();
    w.define_full(
        5,
        20,
        false,
        &[(253, 4, UINT32), (3, 1, UINT8)],
        &[(0, 7, 0), (1, 2, 0)],
    );
    w.data(5, &cat(&[&hr_record(T0, 140), &[0xAA; 9]]))
        .data(5, &cat(&[&hr_record(T0 + 1, 141), &[0xBB; 9]]));
    let a = &activities(&w.finish())[0];
    assert!(a.notes.iter().all(|n| n.code == "no_session"));
    let hrs: Vec<_> = a.samples.iter().map(|s| s.heart_rate).collect();
    assert_eq!(hrs, [Some(140), Some(141)]);
}

#[test]
fn misaligned_and_array_fields() {
    let mut w = FitWriter::activity_file();
    // altitude (uint16) declared 3 bytes: absent, and heart rate after it stays aligned;
    // power (uint16) as a 2-element array: the first element; cadence array whose first element
    // is invalid: absent.
    w.define(
        6,
        20,
        &[
            (253, 4, UINT32),
            (2, 3, UINT16),
            (3, 1, UINT8),
            (7, 4, UINT16),
            (4, 2, UINT8),
        ],
    );
    w.data(
        6,
        &cat(&[
            &T0.to_le_bytes(),
            &[0x10, 0x20, 0x30],
            &[155],
            &[200, 0, 44, 1],
            &[0xFF, 90],
        ]),
    );
    let s = activities(&w.finish())[0].samples[0];
    assert_eq!(s.altitude_m, None);
    assert_eq!(s.heart_rate, Some(155));
    assert_eq!(s.power_w, Some(200));
    assert_eq!(s.cadence, None);
}

#[test]
fn compressed_speed_distance_accumulates_the_rolling_counter() {
    let mut w = FitWriter::activity_file();
    w.define(7, 20, &[(253, 4, UINT32), (8, 3, BYTE)]);
    // counter (1/16 m) 4000 → 4090 → 10 (wrapped: +16) → 100
    let csd = |speed: u16, counter: u16| -> [u8; 3] {
        [
            (speed & 0xFF) as u8,
            ((speed >> 8) as u8 & 0x0F) | ((counter as u8 & 0x0F) << 4),
            (counter >> 4) as u8,
        ]
    };
    for (i, counter) in [4000u16, 4090, 10, 100].into_iter().enumerate() {
        w.data(
            7,
            &cat(&[&(T0 + i as u32).to_le_bytes(), &csd(345, counter)]),
        );
    }
    w.data(7, &cat(&[&(T0 + 4).to_le_bytes(), &[0xFF; 3]]));
    let samples = &activities(&w.finish())[0].samples;
    let dist: Vec<_> = samples.iter().map(|s| s.distance_m).collect();
    assert_eq!(
        dist,
        [
            Some(250.0),
            Some(4090.0 / 16.0),
            Some(4106.0 / 16.0),
            Some(4196.0 / 16.0),
            None
        ]
    );
    assert_eq!(samples[0].speed_mps, Some(3.45));
    assert_eq!(samples[4].speed_mps, None);
}

/// The rolling distance counter counts on every record, including one skipped for coming before
/// any timestamp (found by review while writing the differential fuzz target: skipping it lost
/// its distance when the counter wrapped in between).
#[test]
fn compressed_distance_of_a_record_without_time_still_counts() {
    let csd = |counter: u16| -> [u8; 3] {
        [
            0x59,
            0x01 | ((counter as u8 & 0x0F) << 4),
            (counter >> 4) as u8,
        ]
    };
    let mut w = FitWriter::activity_file();
    w.define(6, 20, &[(8, 3, BYTE)])
        .data(6, &csd(4000))
        .define(7, 20, &[(253, 4, UINT32), (8, 3, BYTE)])
        .data(7, &cat(&[&T0.to_le_bytes(), &csd(10)]));
    let a = &activities(&w.finish())[0];
    assert_eq!(a.samples.len(), 1);
    // 4000/16 m, then (10 - 4000) mod 4096 = 106 sixteenths more.
    assert_eq!(a.samples[0].distance_m, Some(4106.0 / 16.0));
    assert!(a.notes.iter().any(|n| n.code == "records_without_time"));
}

#[test]
fn undefined_local_type_stops_with_a_note_and_keeps_earlier_records() {
    let mut w = FitWriter::activity_file();
    define_hr_record(&mut w, 1);
    w.data(1, &hr_record(T0, 120))
        .data(1, &hr_record(T0 + 1, 121));
    let at = 14 + w.data.len();
    w.data(9, &[1, 2, 3]).data(1, &hr_record(T0 + 2, 122));
    let a = &activities(&w.finish())[0];
    assert_eq!(a.samples.len(), 2);
    assert_eq!(codes(&a.notes), ["undefined_message", "no_session"]);
    assert!(a.notes[0].detail.starts_with(&format!(
        "data message at byte {at} uses local message type 9"
    )));
}

#[test]
fn chained_files_are_all_read_and_a_broken_part_is_noted() {
    let one = small_activity();
    let acts = activities(&cat(&[&one, &one]));
    assert_eq!(acts.len(), 2);
    assert!(acts
        .iter()
        .all(|a| a.samples.len() == 3 && a.notes.is_empty() && a.laps == 0));

    let mut broken = one.clone();
    broken[9] = b'X'; // ".FXT"
    let acts = activities(&cat(&[&one, &broken]));
    assert_eq!(acts.len(), 1);
    assert_eq!(codes(&acts[0].notes), ["chained_part_broken"]);
    assert_eq!(
        acts[0].notes[0].detail,
        format!(
            "part 2 at byte {}: header has no .FIT signature; its {} bytes are ignored",
            one.len(),
            one.len()
        )
    );

    // second part cut short: its complete records are still kept, under the first session
    let cut = &one[..one.len() - 40];
    let acts = activities(&cat(&[&one, cut]));
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].samples.len(), 6);
    assert_eq!(codes(&acts[0].notes), ["truncated"]);
    assert!(acts[0].notes[0]
        .detail
        .starts_with(&format!("part 2 at byte {}", one.len())));
}

#[test]
fn file_cut_on_a_message_boundary_or_before_its_crc() {
    let full = small_activity();
    let no_crc = &full[..full.len() - 2];
    assert_eq!(codes(&activities(no_crc)[0].notes), ["missing_crc"]);
    let half_crc = &full[..full.len() - 1];
    assert_eq!(codes(&activities(half_crc)[0].notes), ["missing_crc"]);
}

#[test]
fn settings_file_is_not_an_activity() {
    let mut w = FitWriter::default();
    w.define(0, 0, &[(0, 1, ENUM), (1, 2, UINT16), (8, 8, STRING)])
        .data(0, &cat(&[&[2, 1, 0], b"Edge\0\0\0\0"]));
    match decode(&w.finish()) {
        Ok(FileContent::NotActivity { note }) => {
            assert_eq!(note, "FIT settings file (file type 2), not an activity")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn product_name_and_non_utf8_strings() {
    let mut w = FitWriter::default();
    w.define(
        0,
        0,
        &[
            (0, 1, ENUM),
            (1, 2, UINT16),
            (2, 2, UINT16),
            (8, 10, STRING),
        ],
    )
    .data(
        0,
        &cat(&[
            &[4],
            &294u16.to_le_bytes(),
            &851u16.to_le_bytes(),
            b"COROS\0junk",
        ]),
    );
    define_hr_record(&mut w, 1);
    w.data(1, &hr_record(T0, 99));
    assert_eq!(activities(&w.finish())[0].device.as_deref(), Some("COROS"));

    let mut w = FitWriter::default();
    w.define(
        0,
        0,
        &[(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16), (8, 4, STRING)],
    )
    .data(
        0,
        &cat(&[
            &[4],
            &260u16.to_le_bytes(),
            &0u16.to_le_bytes(),
            &[0xC3, 0x28, 0x1C, 0],
        ]),
    );
    define_hr_record(&mut w, 1);
    w.data(1, &hr_record(T0, 99));
    assert_eq!(activities(&w.finish())[0].device.as_deref(), Some("Zwift"));
}

#[test]
fn records_are_sorted_by_time_stably() {
    let mut w = FitWriter::activity_file();
    define_hr_record(&mut w, 1);
    w.data(1, &hr_record(T0 + 2, 1))
        .data(1, &hr_record(T0, 2))
        .data(1, &hr_record(T0 + 2, 3))
        .data(1, &hr_record(T0 + 1, 4));
    let hrs: Vec<_> = activities(&w.finish())[0]
        .samples
        .iter()
        .map(|s| s.heart_rate)
        .collect();
    assert_eq!(hrs, [Some(2), Some(4), Some(1), Some(3)]);
}

#[test]
fn every_prefix_of_a_small_file_decodes_without_panic_and_salvages_in_order() {
    let full = small_activity();
    let mut last_count = 0;
    for len in 0..=full.len() {
        let result = decode(&full[..len]);
        let count = match &result {
            Ok(FileContent::Activities(a)) => a.iter().map(|a| a.samples.len()).sum(),
            Ok(FileContent::NotActivity { .. }) => panic!("prefix {len}: not an activity"),
            Err(e) => {
                assert!(!e.0.is_empty() && !e.0.contains('\n'), "prefix {len}: {e}");
                0
            }
        };
        assert!(count >= last_count, "prefix {len} lost records");
        last_count = count;
        if let Ok(FileContent::Activities(a)) = &result {
            let clean = a[0].notes.iter().all(|n| n.code == "no_session");
            assert_eq!(
                clean,
                len == full.len(),
                "prefix {len}: notes {:?}",
                a[0].notes
            );
        }
    }
    assert_eq!(last_count, 3);
}

fn real_file(name: &str) -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/real/fit")
        .join(name);
    let bytes = std::fs::read(path).ok();
    if bytes.is_none() {
        println!("skipped: ../shared/fixtures/real not found");
    }
    bytes
}

/// Where each part of a (chained) file ends, from its headers.
fn part_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    while let Some(h) = bytes.get(start..start + 12) {
        let data = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
        start += usize::from(h[0]) + data + 2;
        ends.push(start);
    }
    ends
}

#[test]
fn every_prefix_of_real_files_never_panics() {
    for name in [
        "fitparse__activity-settings.fit",
        "fitparse__antfs-dump.63.fit",
        "tormoder__unterminated-strings.fit",
    ] {
        let Some(full) = real_file(name) else { return };
        let complete: usize = match decode(&full) {
            Ok(FileContent::Activities(a)) => a.iter().map(|a| a.samples.len()).sum(),
            other => panic!("{name}: {other:?}"),
        };
        let ends = part_ends(&full);
        let mut last = 0;
        for len in 0..full.len() {
            let count = match decode(&full[..len]) {
                Ok(FileContent::Activities(a)) => {
                    let noted = !a[0].notes.is_empty();
                    assert!(
                        noted || ends.contains(&len),
                        "{name} prefix {len}: cut without a note"
                    );
                    a.iter().map(|a| a.samples.len()).sum()
                }
                _ => 0,
            };
            assert!(
                count >= last && count <= complete,
                "{name} prefix {len}: {count} records"
            );
            last = count;
        }
    }
}

#[test]
fn corrupting_any_byte_of_a_real_file_never_panics() {
    let Some(full) = real_file("fitparse__activity-settings.fit") else {
        return;
    };
    let mut bytes = full.clone();
    for i in 0..bytes.len() {
        for value in [0x00, 0xFF, 0x40, 0x4F, 0x80, 0x2E] {
            bytes[i] = value;
            let _ = decode(&bytes);
        }
        bytes[i] = full[i];
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_data_after_a_valid_header_never_panics(
        data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
        declared in 0u32..700,
    ) {
        let mut bytes = vec![14, 0x20, 0x08, 0x08];
        bytes.extend_from_slice(&declared.to_le_bytes());
        bytes.extend_from_slice(b".FIT\0\0");
        bytes.extend_from_slice(&data);
        let _ = decode(&bytes);
    }

    #[test]
    fn random_record_streams_never_panic(
        messages in proptest::collection::vec(
            (0u8..16, proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12)), 0..40),
    ) {
        let mut w = FitWriter::activity_file();
        full_record_definition(&mut w, 3);
        for (local, body) in &messages {
            w.data(*local, body);
        }
        let _ = decode(&w.finish());
    }
}

#[test]
fn unset_clock_keeps_device_times_with_a_note() {
    let mut w = FitWriter::activity_file();
    define_hr_record(&mut w, 1);
    w.data(1, &hr_record(3600, 90))
        .data(1, &hr_record(3601, 91));
    let a = &activities(&w.finish())[0];
    let times: Vec<f64> = a.samples.iter().map(|s| s.time).collect();
    assert_eq!(times, [unix(3600), unix(3601)]);
    assert_eq!(codes(&a.notes), ["no_session", "relative_time"]);
}

/// 64-bit timestamps far past any real date (found by review while writing the differential fuzz
/// target): the compressed-timestamp rollover and the local-time offset must not overflow.
#[test]
fn timestamps_near_the_end_of_u64_do_not_overflow() {
    const UINT64: u8 = 0x8F;
    let huge = u64::MAX - 1;
    let mut w = FitWriter::activity_file();
    w.define(1, 20, &[(253, 8, UINT64), (3, 1, UINT8)])
        .data(1, &cat(&[&huge.to_le_bytes(), &[120]]))
        .define(2, 20, &[(3, 1, UINT8)])
        .compressed(2, 0, &[121])
        .define(3, 34, &[(253, 8, UINT64), (5, 8, UINT64)])
        .data(
            3,
            &cat(&[&huge.to_le_bytes(), &(i64::MAX as u64).to_le_bytes()]),
        )
        .data(3, &cat(&[&(1u64 << 40).to_le_bytes(), &huge.to_le_bytes()]));
    let a = &activities(&w.finish())[0];
    assert_eq!(a.utc_offset_s, None);
    assert!(a.samples.iter().all(|s| s.time.is_finite()));
}
