//! Inputs the fuzzers (`fuzz/`, see FUZZING.md) found breaking a promise, minimized, each with the
//! behaviour fixed since. Inline when a few bytes say it; generated files under
//! `fixtures/regressions/` otherwise.

use grayzone::activity::{FileContent, SourceFormat, Sport};
use grayzone::ingest::decode::{fit, gpx, tcx};
use grayzone::summarize::row::Status;
use grayzone::summarize::rows_for_file;
use testkit::fit_writer::crc16;

fn one_line(text: &str) -> bool {
    !text.is_empty() && !text.contains(['\n', '\r']) && !text.chars().any(char::is_control)
}

/// gpx_decode / tcx_decode, minimized to 4 bytes: quick-xml's reason for the break quotes the
/// bytes it found, newline included, and the error message spanned two lines (a broken CSV line
/// on stderr, a multi-line `error` cell).
#[test]
fn xml_fault_that_quotes_a_newline_is_one_line() {
    for result in [gpx::decode(b"</\n>"), tcx::decode(b"</\n>")] {
        let message = result.expect_err("not XML").0;
        assert!(one_line(&message), "{message:?}");
        assert!(
            message.starts_with("not XML: XML breaks at byte "),
            "{message}"
        );
    }
}

/// The same fault after some points: the `truncated` quality note carries the reason.
#[test]
fn truncation_note_that_quotes_a_newline_is_one_line() {
    let doc = "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\
               <trkpt lat=\"48.1\" lon=\"11.5\"><time>2024-03-04T06:30:00Z</time></trkpt>\
               <trkpt lat=\"48.1\" lon=\"11.5\"><time>2024-03-04T06:30:05Z</tim\ne></trkpt>";
    let Ok(FileContent::Activities(activities)) = gpx::decode(doc.as_bytes()) else {
        panic!("the point before the break is kept");
    };
    let note = activities[0]
        .notes
        .iter()
        .find(|n| n.code == "truncated")
        .expect("truncated note");
    assert!(one_line(&note.detail), "{:?}", note.detail);
    assert!(note.detail.contains("`</tim e>`"), "{}", note.detail);
}

/// A root element named with control characters (a terminal acts on ESC) and at great length.
#[test]
fn root_element_name_in_a_message_is_short_and_clean() {
    let name = format!("x\u{1b}[31m{}", "y".repeat(5000));
    let doc = format!("<{name}></{name}>");
    for message in [
        gpx::decode(doc.as_bytes()).expect_err("not GPX").0,
        tcx::decode(doc.as_bytes()).expect_err("not TCX").0,
    ] {
        assert!(one_line(&message), "{message:?}");
        assert!(message.chars().count() < 300, "{} chars", message.len());
        assert!(message.contains("…"), "{message}");
    }
}

/// pipeline, minimized to 158 bytes: one trackpoint and a lap of 2 s of timer time, no elapsed
/// total. Moving time came out 2 s and elapsed 0 s; elapsed is never shorter than moving.
#[test]
fn single_trackpoint_with_lap_timer_keeps_moving_within_elapsed() {
    let tcx = "<TrainingCenterDatabase\n><Activities> <Activity>\n<Lap> \
               <TotalTimeSeconds>2</TotalTimeSeconds><Track> <Trackpoint>\
               <Time>2007-08-07T02:42:41</Time></Trackpoint>";
    let rows = rows_for_file("min.tcx", SourceFormat::Tcx, tcx.as_bytes());
    assert_eq!(rows.len(), 1);
    let summary = rows[0].summary.as_deref().expect("a summary");
    assert_ne!(rows[0].status, Status::Error);
    assert_eq!(summary.moving_time_s, 2.0);
    assert_eq!(summary.elapsed_time_s, 2.0);
}

/// A FIT file around `data` (definition and data messages): 12-byte header, right CRC.
fn fit_file(data: &[u8]) -> Vec<u8> {
    let mut file = vec![12, 0x10, 0, 0];
    file.extend((data.len() as u32).to_le_bytes());
    file.extend(b".FIT");
    file.extend(data);
    let crc = crc16(&file);
    file.extend(crc.to_le_bytes());
    file
}

/// FIT seconds of the test files' start (2024-11-08).
const T: u32 = 1_100_000_000;
const FIT_EPOCH_UNIX: f64 = 631_065_600.0;

/// Session field numbers and base types the findings below were made of.
const START_TIME: u8 = 2;
const SPORT: u8 = 5;
const SUB_SPORT: u8 = 6;
const TOTAL_ELAPSED_TIME: u8 = 7;
const TOTAL_TIMER_TIME: u8 = 8;
const MAX_HEART_RATE: u8 = 17;
const UINT32: u8 = 0x86;

/// A FIT file of one heart-rate record (150 bpm at `T`) and one session message stamped `T` + 60
/// whose other fields are `fields`: (field number, base-type byte, value bytes), each declared as
/// long as its bytes. The shape most fit_differential findings minimized to.
fn fit_with_session(fields: &[(u8, u8, &[u8])]) -> Vec<u8> {
    // record definition (local 0): timestamp, heart_rate; then one record
    let mut data = vec![0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02, 0x00];
    data.extend(T.to_le_bytes());
    data.push(150);
    // session definition (local 1): timestamp, then `fields`
    let count = u8::try_from(fields.len() + 1).expect("a test's few fields");
    data.extend([0x41, 0, 0, 18, 0, count, 253, 4, UINT32]);
    for (number, base, value) in fields {
        let size = u8::try_from(value.len()).expect("a test's short value");
        data.extend([*number, size, *base]);
    }
    data.push(0x01);
    data.extend((T + 60).to_le_bytes());
    for (_, _, value) in fields {
        data.extend(*value);
    }
    fit_file(&data)
}

/// A session whose `sport` is declared with base type `base` and holds `sport`, with its start
/// time and a minute's elapsed time (fit_differential's 616 bytes minimized to their cause).
fn fit_with_session_sport(base: u8, sport: u8) -> Vec<u8> {
    fit_with_session(&[
        (START_TIME, UINT32, &T.to_le_bytes()),
        (SPORT, base, &[sport]),
        (TOTAL_ELAPSED_TIME, UINT32, &60_000u32.to_le_bytes()),
    ])
}

/// fit_differential: a session's `sport` declared as sint8 (base type 0x01) holding -17. fitparser
/// reads the number -17; we read sport as a u8 enum, so a value that does not fit is no sport at
/// all, and the rest of the session stays. The finding was in the target's expectation, which
/// applied the narrow-field rule to heart rate and power but not to sport words; this pins our
/// side of it: the negative value gives no sport, a sint8 value that fits is read as the enum.
#[test]
fn session_sport_declared_signed_is_read_only_when_it_fits() {
    let negative = fit_with_session_sport(0x01, (-17i8).to_le_bytes()[0]);
    let Ok(FileContent::Activities(activities)) = fit::decode(&negative) else {
        panic!("an activity");
    };
    let [only] = activities.as_slice() else {
        panic!("one session, one activity: {activities:?}");
    };
    assert_eq!(only.sport, Sport::Other);
    assert_eq!(only.sport_raw, "");
    assert_eq!(only.totals.elapsed_s, Some(60.0));
    assert_eq!(only.samples.len(), 1);
    assert!(only.notes.is_empty(), "{:?}", only.notes);

    let positive = fit_with_session_sport(0x01, 1);
    let Ok(FileContent::Activities(activities)) = fit::decode(&positive) else {
        panic!("an activity");
    };
    assert_eq!(activities[0].sport, Sport::Running);
    assert_eq!(activities[0].sport_raw, "running");
}

/// fit_differential, 616 bytes minimized to 169: a record whose timestamp is declared as an array
/// (116 bytes of uint32), after an event with a later time. The FIT SDK reads element 0 of an
/// array field, and so do we; fitparser leaves the array as raw numbers and dated the record with
/// the event's time instead. The target's expectation now takes element 0 too; this pins ours:
/// the record's own first element is its time, and when that element is the invalid marker the
/// record gets the last time of its part, as a record without a timestamp does.
#[test]
fn record_timestamp_declared_as_an_array_is_its_first_element() {
    // event definition (local 0): timestamp, event, event_type; a timer start at T + 100
    let mut data = vec![0x40, 0, 0, 21, 0, 3, 253, 4, 0x86, 0, 1, 0, 1, 1, 0, 0x00];
    data.extend((T + 100).to_le_bytes());
    data.extend([0, 0]);
    // record definition (local 1): timestamp as 3 × uint32, heart_rate
    data.extend([0x41, 0, 0, 20, 0, 2, 253, 12, 0x86, 3, 1, 0x02]);
    for (times, hr) in [([T, T + 1, T + 2], 150), ([u32::MAX, T + 5, T + 6], 151)] {
        data.push(0x01);
        times.iter().for_each(|t| data.extend(t.to_le_bytes()));
        data.push(hr);
    }
    let Ok(FileContent::Activities(activities)) = fit::decode(&fit_file(&data)) else {
        panic!("an activity");
    };
    let samples: Vec<(f64, Option<u8>)> = activities
        .iter()
        .flat_map(|a| {
            a.samples
                .iter()
                .map(|s| (s.time - FIT_EPOCH_UNIX, s.heart_rate))
        })
        .collect();
    let t = f64::from(T);
    assert_eq!(samples, [(t, Some(150)), (t, Some(151))]);
}

/// One record per (base type, timestamp bytes), each with its own definition, heart rate 150 + i.
fn fit_with_record_times(times: &[(u8, [u8; 4])]) -> Vec<u8> {
    let mut data = Vec::new();
    for (i, &(base, time)) in times.iter().enumerate() {
        data.extend([0x40, 0, 0, 20, 0, 2, 253, 4, base, 3, 1, 0x02, 0x00]);
        data.extend(time);
        data.push(150 + i as u8);
    }
    fit_file(&data)
}

fn record_times(file: &[u8]) -> Vec<(f64, Option<u8>)> {
    let Ok(FileContent::Activities(activities)) = fit::decode(file) else {
        panic!("an activity");
    };
    activities
        .iter()
        .flat_map(|a| {
            a.samples
                .iter()
                .map(|s| (s.time - FIT_EPOCH_UNIX, s.heart_rate))
        })
        .collect()
}

/// Variant of the array-timestamp finding, found by reading fitparser's time conversion, not by
/// the fuzzer: a timestamp declared sint32 and negative. fitparser dates it before the FIT epoch;
/// we read times as unsigned counts, so it is no time and the record gets the last time of its
/// part, or, first in its part, is skipped. Such a file alone said "no records", which was wrong.
#[test]
fn negative_sint32_timestamp_is_no_time() {
    let sint32 = 0x85;
    let file = fit_with_record_times(&[(0x86, T.to_le_bytes()), (sint32, (-5i32).to_le_bytes())]);
    let t = f64::from(T);
    assert_eq!(record_times(&file), [(t, Some(150)), (t, Some(151))]);

    let alone = fit_with_record_times(&[(sint32, (-5i32).to_le_bytes())]);
    let message = fit::decode(&alone).expect_err("nothing to date").0;
    assert_eq!(
        message,
        "no activity data decoded: 1 record(s) without a timestamp to date them, and no session"
    );
}

/// Same variant: a timestamp declared float32. fitparser fails to make an integer of a float and
/// dates it at the FIT epoch whatever it holds (the target refuses such files, see FUZZING.md);
/// we read a whole, non-negative float as the count of seconds, and nothing else: 1999.5 s is no
/// time, so that record gets the last one. (Small counts, since a float32 near today's FIT times
/// has no fraction to test; they are device-relative times.)
#[test]
fn float_timestamp_counts_only_when_whole() {
    let float32 = 0x88;
    let file = fit_with_record_times(&[
        (float32, 1000f32.to_le_bytes()),
        (float32, 1999.5f32.to_le_bytes()),
        (float32, 3000f32.to_le_bytes()),
    ]);
    assert_eq!(
        record_times(&file),
        [
            (1000.0, Some(150)),
            (1000.0, Some(151)),
            (3000.0, Some(152))
        ]
    );
}

/// fit_differential, 1919 bytes: a session definition declaring max_heart_rate (field 17) twice,
/// 195 in the first copy and the invalid marker in the second. We read the last copy, a later
/// declaration replacing an earlier one; fitparser drops the invalid copy and keeps 195. Malformed
/// input with no single right reading: the target refuses it (see FUZZING.md), and this pins ours.
#[test]
fn field_declared_twice_reads_its_last_copy() {
    let session = |first: u8, second: u8| {
        // session definition: timestamp, max_heart_rate, max_heart_rate, total_elapsed_time (ms)
        let mut data = vec![0x40, 0, 0, 18, 0, 4, 253, 4, 0x86, 17, 1, 0x02, 17, 1, 0x02];
        data.extend([7, 4, 0x86, 0x00]);
        data.extend(T.to_le_bytes());
        data.extend([first, second]);
        data.extend(60_000u32.to_le_bytes());
        let Ok(FileContent::Activities(activities)) = fit::decode(&fit_file(&data)) else {
            panic!("a session is an activity");
        };
        assert_eq!(activities.len(), 1);
        assert_eq!(activities[0].totals.elapsed_s, Some(60.0));
        activities[0].totals.max_hr
    };
    assert_eq!(session(195, 0xFF), None);
    assert_eq!(session(190, 195), Some(195));
    assert_eq!(session(0xFF, 195), Some(195));
}

/// fit_differential, 1336 bytes minimized to 25: a compressed-timestamp record before any full
/// timestamp. Its 5-bit offset counts from a full timestamp, and there is none: fitparser counts
/// from the FIT epoch (a 1989 time), we skip the record and say so, as for any record before the
/// first time of its part; the records after a full timestamp keep their offsets.
#[test]
fn compressed_timestamp_before_any_full_one_is_skipped() {
    // record definitions: local 0 heart rate only; local 1 timestamp and heart rate
    let mut data = vec![0x40, 0, 0, 20, 0, 1, 3, 1, 0x02];
    data.extend([0x41, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02]);
    let compressed = |offset: u8| 0x80 | offset; // local 0
    data.extend([compressed(8), 140]);
    data.push(0x01);
    data.extend(T.to_le_bytes()); // T is a multiple of 32: offsets land at T + offset
    data.push(150);
    data.extend([compressed(5), 151]);
    let file = fit_file(&data);
    let t = f64::from(T);
    assert_eq!(record_times(&file), [(t, Some(150)), (t + 5.0, Some(151))]);
    let Ok(FileContent::Activities(activities)) = fit::decode(&file) else {
        panic!("an activity");
    };
    let note = activities[0]
        .notes
        .iter()
        .find(|n| n.code == "records_without_time")
        .expect("the skipped record is told");
    assert!(note.detail.starts_with("1 record(s)"), "{}", note.detail);
}

/// The same finding's first shape: compressed_speed_distance declared uint8 (or an unknown base
/// type) instead of byte. Its 3 bytes pack a 12-bit speed and a 12-bit rolling distance counter;
/// we read the bits whatever the declared type, so a 0xFF byte (uint8's invalid marker) is just
/// bits. fitparser turns such a byte into an invalid marker; the target refuses these files.
#[test]
fn compressed_speed_distance_is_read_as_bits_whatever_its_type() {
    let mut data = Vec::new();
    for (i, base) in [0x02u8, 0xFC].into_iter().enumerate() {
        let local = i as u8;
        data.extend([0x40 | local, 0, 0, 20, 0, 2, 253, 4, 0x86, 8, 3, base]);
        data.push(local);
        data.extend((T + i as u32).to_le_bytes());
        // speed 0x0FA (2.50 m/s) then 0x0FF (2.55 m/s); counter 16 then 48 (1/16 m)
        data.extend(if i == 0 {
            [0xFA, 0x00, 0x01]
        } else {
            [0xFF, 0x00, 0x03]
        });
    }
    let Ok(FileContent::Activities(activities)) = fit::decode(&fit_file(&data)) else {
        panic!("an activity");
    };
    let read: Vec<(Option<f32>, Option<f64>)> = activities[0]
        .samples
        .iter()
        .map(|s| (s.speed_mps, s.distance_m))
        .collect();
    assert_eq!(read, [(Some(2.5), Some(1.0)), (Some(2.55), Some(3.0))]);
}

/// fit_differential, 2390 bytes: a developer field of 207 bytes whose description says uint16.
/// fitparser reads it as whole uint16 elements, one byte past the field, and reads every later
/// message from the wrong place (the target now refuses a message fitparser reads to another
/// length than its definition gives). We step over developer fields by their declared size, so
/// the records after such a field stay whole.
#[test]
fn developer_field_of_odd_size_is_stepped_over_by_its_size() {
    // field_description (global 206): developer_data_index, field_definition_number, base type
    let mut data = vec![0x40, 0, 0, 206, 0, 3, 0, 1, 0x02, 1, 1, 0x02, 2, 1, 0x02];
    data.extend([0x00, 0, 0, 0x84]); // developer field 0 of index 0 is a uint16
                                     // record definition (local 1) with developer data: timestamp, heart_rate; dev field 0, 3 bytes
    data.extend([0x61, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02, 1, 0, 3, 0]);
    for i in 0..2u8 {
        data.push(0x01);
        data.extend((T + u32::from(i)).to_le_bytes());
        data.push(150 + i);
        data.extend([0xAA, 0xBB, 0xCC]);
    }
    let file = fit_file(&data);
    let t = f64::from(T);
    assert_eq!(record_times(&file), [(t, Some(150)), (t + 1.0, Some(151))]);
    let Ok(FileContent::Activities(activities)) = fit::decode(&file) else {
        panic!("an activity");
    };
    // Nothing read out of step: no truncation, no undefined message; only the missing session.
    let codes: Vec<&str> = activities[0].notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["no_session"]);
}

/// fit_differential, 1279 bytes: records without a timestamp field after a message of a number
/// the FIT profile does not name (22), which has one. Field 253 is the timestamp of every
/// message, so the records take its time; fitparser names it `unknown_field_253` in such a
/// message, and the target had dated the records by the record before it (6 s earlier).
#[test]
fn records_without_time_take_it_from_a_message_of_any_number() {
    // record definition (local 0): timestamp, heart rate; message 22 (local 1): timestamp;
    // record definition (local 2): heart rate only
    let mut data = vec![0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02, 0x00];
    data.extend(T.to_le_bytes());
    data.push(150);
    data.extend([0x41, 0, 0, 22, 0, 1, 253, 4, 0x86, 0x01]);
    data.extend((T + 6).to_le_bytes());
    data.extend([0x42, 0, 0, 20, 0, 1, 3, 1, 0x02, 0x02, 151]);
    let t = f64::from(T);
    assert_eq!(
        record_times(&fit_file(&data)),
        [(t, Some(150)), (t + 6.0, Some(151))]
    );
}

/// A session whose `max_heart_rate` is declared with base type `base` and holds 134.
fn fit_with_session_max_hr(base: u8) -> Vec<u8> {
    fit_with_session(&[
        (START_TIME, UINT32, &T.to_le_bytes()),
        (MAX_HEART_RATE, base, &[134]),
        (TOTAL_ELAPSED_TIME, UINT32, &60_000u32.to_le_bytes()),
    ])
}

/// fit_differential, 3,370 bytes: a session's `max_heart_rate` declared with base-type byte 0xA7.
/// The FIT SDK reads the type its low 5 bits name, 7, a string; so do we, and text is no heart
/// rate. fitparser masks only bits 5 and 6, does not know 0x87, and reads any type it does not
/// know as a uint8: 134. The target now refuses a field we use whose base-type byte fitparser
/// reads as another type than the SDK; this pins our reading, the SDK's: bits 5 and 6 are
/// reserved and ignored (0x22 is a uint8), the low 5 bits name the type.
#[test]
fn base_type_is_named_by_its_low_five_bits() {
    let max_hr = |base: u8| match fit::decode(&fit_with_session_max_hr(base)) {
        Ok(FileContent::Activities(activities)) => activities[0].totals.max_hr,
        other => panic!("an activity for base type {base:#04x}: {other:?}"),
    };
    assert_eq!(max_hr(0x02), Some(134), "uint8");
    assert_eq!(max_hr(0x22), Some(134), "uint8 with a reserved bit set");
    assert_eq!(max_hr(0x07), None, "string");
    assert_eq!(
        max_hr(0xA7),
        None,
        "string with the endian and a reserved bit set"
    );
}

/// A running session whose `sub_sport` is declared as an array of two sint8 elements holding
/// `first` and 0.
fn fit_with_session_sub_sport_array(first: i8) -> Vec<u8> {
    const ENUM: u8 = 0x00;
    const SINT8: u8 = 0x01;
    const RUNNING: u8 = 1;
    fit_with_session(&[
        (START_TIME, UINT32, &T.to_le_bytes()),
        (SPORT, ENUM, &[RUNNING]),
        (SUB_SPORT, SINT8, &[first.to_le_bytes()[0], 0]),
        (TOTAL_ELAPSED_TIME, UINT32, &60_000u32.to_le_bytes()),
    ])
}

/// fit_differential, 285 bytes: a session's `sub_sport` declared as two sint8 elements, the
/// first -23. We read an array field by its first element, under the narrow-field rule: -23 does
/// not fit the u8 enum, so there is no sub-sport. fitparser's enum lookup wraps -23 into 233 and
/// names it `sub_sport_233`; the target's expectation had applied the rule to single values only.
/// This pins ours: the negative element gives no sub-sport, a positive one names it.
#[test]
fn sub_sport_array_is_read_by_its_first_element_only_when_it_fits() {
    let sport_raw = |first: i8| match fit::decode(&fit_with_session_sub_sport_array(first)) {
        Ok(FileContent::Activities(activities)) => activities[0].sport_raw.clone(),
        other => panic!("an activity for sub_sport {first}: {other:?}"),
    };
    assert_eq!(sport_raw(-23), "running");
    assert_eq!(sport_raw(3), "running/trail");
}

/// pipeline, 2,545 bytes: a session whose `total_distance` is declared sint32 and holds a
/// negative number, in a file whose records carry no distance or position. The row said
/// -8,556 km. A total that cannot be true is left out (noted `bad_values`), as a missing one is;
/// here that leaves no distance at all. The same session in TCX form: a lap of -5 m.
#[test]
fn negative_device_distance_is_left_out() {
    // record definition (local 0): timestamp, heart_rate; two records a minute apart
    let mut data = vec![0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02];
    for (dt, hr) in [(0u32, 140u8), (60, 141)] {
        data.push(0x00);
        data.extend((T + dt).to_le_bytes());
        data.push(hr);
    }
    // session definition (local 1): timestamp, start_time, total_elapsed_time, total_distance
    // declared sint32
    data.extend([
        0x41, 0, 0, 18, 0, 4, 253, 4, 0x86, 2, 4, 0x86, 7, 4, 0x86, 9, 4, 0x85,
    ]);
    data.push(0x01);
    data.extend((T + 60).to_le_bytes());
    data.extend(T.to_le_bytes());
    data.extend(60_000u32.to_le_bytes());
    data.extend((-855_614_977i32).to_le_bytes());
    let rows = rows_for_file("neg.fit", SourceFormat::Fit, &fit_file(&data));
    let summary = rows[0].summary.as_deref().expect("a summary");
    assert_eq!(summary.distance_m, 0.0);
    assert_eq!(summary.elapsed_time_s, 60.0);
    let codes: Vec<&str> = summary.quality.iter().map(|n| n.code).collect();
    assert!(codes.contains(&"bad_values"), "{codes:?}");

    let tcx = "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap>\
               <TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>-5</DistanceMeters>\
               <Track><Trackpoint><Time>2024-11-08T10:00:00Z</Time></Trackpoint>\
               <Trackpoint><Time>2024-11-08T10:01:00Z</Time></Trackpoint></Track></Lap>\
               </Activity></Activities></TrainingCenterDatabase>";
    let rows = rows_for_file("neg.tcx", SourceFormat::Tcx, tcx.as_bytes());
    let summary = rows[0].summary.as_deref().expect("a summary");
    assert_eq!(summary.distance_m, 0.0);
}

/// fit_differential, 1,951 bytes: a session's `total_elapsed_time` declared uint32 but 11 bytes
/// long. A size that is not a multiple of the type's is no value we can read: absent, as in
/// records, and the timer time beside it stays. fitparser reads the 11 bytes as a byte list and
/// scales each (0 bytes became 0.0 s); the target had compared against that for session totals.
#[test]
fn session_total_of_misaligned_size_is_absent() {
    let file = fit_with_session(&[
        (TOTAL_ELAPSED_TIME, UINT32, &[0u8; 11]),
        (TOTAL_TIMER_TIME, UINT32, &60_000u32.to_le_bytes()),
    ]);
    let Ok(FileContent::Activities(activities)) = fit::decode(&file) else {
        panic!("an activity");
    };
    assert_eq!(activities[0].totals.elapsed_s, None);
    assert_eq!(activities[0].totals.timer_s, Some(60.0));
    assert_eq!(activities[0].samples.len(), 1);
}

/// pipeline, 2,843 bytes: records dated by 64-bit timestamps near 4.5e18 s. There, f64 times are
/// 512 s apart and subtracting a 5-s window changes nothing, so the 5-s peak-HR window walked
/// past its own end (index out of bounds; the pipeline's guard turned it into an internal-error
/// row). The window now always ends at the current reading.
#[test]
fn records_at_huge_64_bit_times_do_not_break_the_hr_peak() {
    // record definition (local 0): timestamp as uint64, heart_rate
    let mut data = vec![0x40, 0, 0, 20, 0, 2, 253, 8, 0x8F, 3, 1, 0x02];
    for k in 0..6u64 {
        data.push(0x00);
        // 1,024 s apart: distinct times, where a 5-s step is lost in rounding
        data.extend((4_474_328_581_459_377_000u64 + 1024 * k).to_le_bytes());
        data.push(150 + k as u8);
    }
    let rows = rows_for_file("huge.fit", SourceFormat::Fit, &fit_file(&data));
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].status, Status::Error, "{}", rows[0].error);
    let summary = rows[0].summary.as_deref().expect("a summary");
    assert_eq!(summary.samples, 6);
    assert_eq!(summary.max_hr, Some(155));
}

/// fit_differential, 1,440 bytes: a session's `sport` declared as a 243-byte array of base type
/// byte, the first byte 0xFF. We read an array by its first element and 0xFF is the byte type's
/// invalid marker, so there is no sport (nor, here, a sport message to fall back on). fitparser
/// keeps byte-array elements raw and named it sport 255; the target now reads them as we do.
#[test]
fn byte_array_sport_starting_with_the_invalid_marker_is_no_sport() {
    const BYTE: u8 = 0x0D;
    let sport_raw =
        |first: u8| match fit::decode(&fit_with_session(&[(SPORT, BYTE, &[first, 1, 1])])) {
            Ok(FileContent::Activities(activities)) => activities[0].sport_raw.clone(),
            other => panic!("an activity: {other:?}"),
        };
    assert_eq!(sport_raw(0xFF), "");
    assert_eq!(sport_raw(1), "running");
}

/// fit_differential, 3,332 bytes: two file_id messages in one part. The first has an invalid
/// manufacturer (0xFFFF) but a product (3327); a mutated later one names manufacturer 2212. Our
/// device name comes from the first file_id that names a device at all: here the bare product.
/// The target had compared with the first manufacturer fitparser found, the later message's.
#[test]
fn device_comes_from_the_first_file_id_that_names_one() {
    // file_id definition (local 0): type, manufacturer, product
    let mut data = vec![0x40, 0, 0, 0, 0, 3, 0, 1, 0x00, 1, 2, 0x84, 2, 2, 0x84];
    data.extend([0x00, 4, 0xFF, 0xFF]);
    data.extend(3327u16.to_le_bytes());
    // record definition (local 1): timestamp, heart_rate; one record
    data.extend([0x41, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02, 0x01]);
    data.extend(T.to_le_bytes());
    data.push(150);
    // a second file_id: manufacturer 2212 (activity type, so the part stays an activity)
    data.extend([0x00, 4]);
    data.extend(2212u16.to_le_bytes());
    data.extend(1u16.to_le_bytes());
    let Ok(FileContent::Activities(activities)) = fit::decode(&fit_file(&data)) else {
        panic!("an activity");
    };
    assert_eq!(activities[0].device.as_deref(), Some("3327"));
}
