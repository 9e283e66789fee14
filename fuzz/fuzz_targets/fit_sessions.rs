//! The FIT decoder's session path, differentially: arbitrary bytes are read as a list of sessions,
//! laps, timer events and records, written as a FIT file, decoded, and each activity's laps and
//! pauses compared with a plain reading of the rule the decoder implements in linear time (every
//! lap and pause to the last session started at or before it, else the first; a pause from a stop
//! to the next start, repeated stops keeping the first). Then every session through the pipeline
//! (summarize, one row each). Also a finding: a panic, a hang (the assembly was quadratic: 200 000
//! sessions took hours), a row count that is not the session count.
#![no_main]

use grayzone::activity::{FileContent, SourceFormat};
use grayzone::ingest::decode::fit;
use grayzone::summarize::rows_for_file;
use libfuzzer_sys::fuzz_target;
use testkit::fit_writer::crc16;

/// FIT seconds of 2024-11-08: every time in the input is an offset from it.
const T: u32 = 1_100_000_000;

#[derive(Clone, Copy, Debug)]
enum Message {
    /// start offset, elapsed seconds
    Session(u32, u32),
    Lap(u32),
    /// offset, start (true) or stop
    Timer(u32, bool),
    Record(u32),
}

fn messages(data: &[u8]) -> Vec<Message> {
    data.chunks_exact(3)
        .map(|c| {
            let offset = u32::from(u16::from_le_bytes([c[1], c[2]]));
            match c[0] % 4 {
                0 => Message::Session(offset, u32::from(c[0] / 4) * 10),
                1 => Message::Lap(offset),
                2 => Message::Timer(offset, c[0] & 4 == 0),
                _ => Message::Record(offset),
            }
        })
        .collect()
}

fn fit_file(messages: &[Message]) -> Vec<u8> {
    let mut data = vec![
        // event (21) as local 1: timestamp, event, event_type
        0x41, 0, 0, 21, 0, 3, 253, 4, 0x86, 0, 1, 0, 1, 1, 0,
        // lap (19) as local 2: timestamp, start_time
        0x42, 0, 0, 19, 0, 2, 253, 4, 0x86, 2, 4, 0x86,
        // session (18) as local 3: timestamp, start_time, sport, total_elapsed_time
        0x43, 0, 0, 18, 0, 4, 253, 4, 0x86, 2, 4, 0x86, 5, 1, 0, 7, 4, 0x86,
        // record (20) as local 4: timestamp, heart_rate
        0x44, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02,
    ];
    for m in messages {
        match *m {
            Message::Session(start, elapsed) => {
                data.push(0x03);
                data.extend((T + start + elapsed).to_le_bytes());
                data.extend((T + start).to_le_bytes());
                data.push(1);
                data.extend((elapsed * 1000).to_le_bytes());
            }
            Message::Lap(at) => {
                data.push(0x02);
                data.extend((T + at).to_le_bytes());
                data.extend((T + at).to_le_bytes());
            }
            Message::Timer(at, start) => {
                data.push(0x01);
                data.extend((T + at).to_le_bytes());
                data.extend([0, if start { 0 } else { 1 }]);
            }
            Message::Record(at) => {
                data.push(0x04);
                data.extend((T + at).to_le_bytes());
                data.push(140);
            }
        }
    }
    let mut file = vec![12, 0x10, 0, 0];
    file.extend((data.len() as u32).to_le_bytes());
    file.extend(b".FIT");
    file.extend(&data);
    let crc = crc16(&file);
    file.extend(crc.to_le_bytes());
    file
}

/// The session a moment belongs to, the plain way: sessions in file order, by start.
fn session_at(starts: &[(u32, usize)], at: u32) -> usize {
    starts
        .iter()
        .filter(|(start, _)| *start <= at)
        .last()
        .or(starts.first())
        .map_or(0, |&(_, i)| i)
}

fuzz_target!(|data: &[u8]| {
    let messages = messages(data);
    let mut starts: Vec<(u32, usize)> = messages
        .iter()
        .filter_map(|m| match m {
            Message::Session(start, _) => Some(*start),
            _ => None,
        })
        .enumerate()
        .map(|(i, start)| (start, i))
        .collect();
    if starts.is_empty() {
        return;
    }
    starts.sort_by_key(|&(start, i)| (start, i));
    let sessions = starts.len();
    let mut laps = vec![0u32; sessions];
    let mut pauses = vec![0usize; sessions];
    let mut stopped: Option<u32> = None;
    for m in &messages {
        match *m {
            Message::Lap(at) => laps[session_at(&starts, at)] += 1,
            Message::Timer(at, false) if stopped.is_none() => stopped = Some(at),
            Message::Timer(at, true) => {
                if let Some(stop) = stopped.take() {
                    if at >= stop {
                        pauses[session_at(&starts, stop)] += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let file = fit_file(&messages);
    let Ok(FileContent::Activities(activities)) = fit::decode(&file) else {
        panic!("a well-formed file of {sessions} sessions did not decode");
    };
    assert_eq!(activities.len(), sessions);
    for (i, a) in activities.iter().enumerate() {
        assert_eq!(a.laps, laps[i], "laps of session {i}");
        assert_eq!(a.pauses.len(), pauses[i], "pauses of session {i}");
    }
    let rows = rows_for_file("sessions.fit", SourceFormat::Fit, &file);
    assert_eq!(rows.len(), sessions);
});
