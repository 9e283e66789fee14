//! FIT decoder: a single pass over the bytes, no per-record allocation beyond the samples.
//!
//! A FIT file is one or more *parts* back to back (chained files), each a header, a stream of
//! definition and data messages, and a CRC. We read every part; whatever goes wrong after the
//! first header (wrong CRC, truncation, an undefined message, a broken later part) becomes a
//! [`QualityNote`] and everything decoded before it is kept.

mod assemble;
mod collect;
mod crc;
mod hr;
mod intent;
mod products;
mod profile;
mod reader;
#[cfg(test)]
mod tests;

use crate::activity::{DecodeError, DecodeResult, FileContent, NoteList, QualityNote};
use crate::ingest::budget;
use collect::{Collected, Collector};
use reader::{read_header, Fault, Header, HeaderFault, Stream};

/// Decodes a FIT file (possibly chained) into its activities.
pub fn decode(bytes: &[u8]) -> DecodeResult {
    if bytes.is_empty() {
        return Err(DecodeError::new("empty file (0 bytes)"));
    }
    let header = read_header(bytes).map_err(|fault| match fault {
        HeaderFault::NoSignature => {
            DecodeError::new("not a FIT file: header has no .FIT signature")
        }
        other => DecodeError::new(format!("not a FIT file: {}", other.describe())),
    })?;
    let (collected, notes) = scan(bytes, header);
    if collected.over_budget {
        return Err(DecodeError::new(budget::refusal_here()));
    }
    let content = content(collected, notes);
    if budget::stopped() {
        return Err(DecodeError::new(budget::refusal_here()));
    }
    content
}

/// Reads every part, collecting data and the quality notes of what went wrong.
fn scan(bytes: &[u8], first: Header) -> (Collected, NoteList) {
    let mut collector = Collector::default();
    let mut notes = NoteList::default();
    let mut part_start = 0;
    let mut header = first;
    let mut part_no = 1;
    loop {
        let label = PartLabel {
            part_no,
            part_start,
        };
        collector.begin_part();
        if header.crc_ok == Some(false) {
            notes.push(QualityNote::new(
                "header_crc_mismatch",
                format!("{label}header CRC does not match its bytes"),
            ));
        }
        let Some(part_end) =
            read_part(bytes, part_start, header, &mut collector, &mut notes, label)
        else {
            break;
        };
        if part_end >= bytes.len() {
            break;
        }
        part_start = part_end;
        part_no += 1;
        header = match read_header(bytes.get(part_start..).unwrap_or_default()) {
            Ok(h) => h,
            Err(fault) => {
                notes.push(QualityNote::new(
                    "chained_part_broken",
                    format!(
                        "part {part_no} at byte {part_start}: {}; its {} bytes are ignored",
                        fault.describe(),
                        bytes.len() - part_start
                    ),
                ));
                break;
            }
        };
    }
    (collector.out, notes)
}

/// Names a part in notes: nothing for a plain file, "part 2 at byte 771: " in chained files.
#[derive(Clone, Copy)]
struct PartLabel {
    part_no: usize,
    part_start: usize,
}

impl std::fmt::Display for PartLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.part_no > 1 {
            write!(f, "part {} at byte {}: ", self.part_no, self.part_start)?;
        }
        Ok(())
    }
}

/// Reads the messages and CRC of one part. Returns where the next part would start, or `None`
/// when the part ended in a way that leaves nothing trustworthy after it.
fn read_part(
    bytes: &[u8],
    part_start: usize,
    header: Header,
    collector: &mut Collector,
    notes: &mut NoteList,
    label: PartLabel,
) -> Option<usize> {
    let data_start = part_start + header.size;
    // A header whose data size is 0 with messages after it: a recording never closed (the
    // watch's battery died, the app stopped before it wrote the size back; the file often ends
    // on a round block). Its messages run to the end of the file; there is no CRC to check, and
    // the last message may be cut off. Unless a FIT header follows its CRC: an empty part, then
    // another of a chained file.
    let after_crc = data_start.saturating_add(2);
    let unclosed = header.data_size == 0
        && bytes.len() > after_crc
        && read_header(bytes.get(after_crc..).unwrap_or_default()).is_err();
    let data_end = if unclosed {
        bytes.len()
    } else {
        data_start.saturating_add(header.data_size)
    };
    let mut stream = Stream::new(bytes, data_start, data_end);
    if unclosed {
        notes.push(QualityNote::new(
            "unclosed_recording",
            format!(
                "{label}the header gives no data size (a recording the watch never closed): read to the end of the file, without a CRC to check"
            ),
        ));
    }
    loop {
        if collector.out.over_budget {
            return None;
        }
        match stream.next_message() {
            Ok(Some(message)) => collector.take(&message),
            Ok(None) => break,
            // The unclosed file's last message, cut off where the writing stopped, or its last
            // two bytes a CRC after all: said above.
            Err(Fault::Truncated { .. }) if unclosed => return None,
            Err(Fault::Undefined { at, .. }) if unclosed && at.saturating_add(2) >= bytes.len() => {
                return None
            }
            Err(fault) => {
                notes.push(fault_note(fault, label, bytes.len(), data_end));
                return None;
            }
        }
    }
    if unclosed {
        return None;
    }
    if data_end > bytes.len() {
        notes.push(QualityNote::new(
            "truncated",
            format!(
                "{label}file ends at byte {} inside the data, which the header says runs to byte {data_end}",
                stream.position()
            ),
        ));
        return None;
    }
    let Some(&[lo, hi]) = bytes.get(data_end..data_end + 2) else {
        notes.push(QualityNote::new(
            "missing_crc",
            format!("{label}file ends at byte {} without its CRC", bytes.len()),
        ));
        return None;
    };
    let stored = u16::from_le_bytes([lo, hi]);
    let computed = crc::crc16(bytes.get(part_start..data_end).unwrap_or_default());
    if stored != computed {
        notes.push(QualityNote::new(
            "crc_mismatch",
            format!("{label}file CRC is {stored:#06x} but the bytes give {computed:#06x}"),
        ));
    }
    Some(data_end + 2)
}

fn fault_note(fault: Fault, label: PartLabel, file_len: usize, data_end: usize) -> QualityNote {
    match fault {
        Fault::Truncated { at } if data_end > file_len => QualityNote::new(
            "truncated",
            format!("{label}message at byte {at} is cut off by the end of the file ({file_len} bytes)"),
        ),
        Fault::Truncated { at } => QualityNote::new(
            "truncated",
            format!("{label}message at byte {at} runs past the end of the data (byte {data_end}) given in the header"),
        ),
        Fault::Undefined { local, at } => QualityNote::new(
            "undefined_message",
            format!("{label}data message at byte {at} uses local message type {local}, which was never defined; the rest is unreadable"),
        ),
    }
}

/// What the file holds, from what was collected.
fn content(collected: Collected, notes: NoteList) -> DecodeResult {
    if collected.has_activity_data() {
        return Ok(FileContent::Activities(assemble::activities(
            collected,
            &notes.into_notes(),
        )));
    }
    let types = &collected.file_types;
    let other_type = types.iter().find(|&&t| t != profile::FILE_TYPE_ACTIVITY);
    if let (false, Some(&t)) = (types.contains(&profile::FILE_TYPE_ACTIVITY), other_type) {
        return Ok(FileContent::NotActivity {
            note: format!(
                "FIT {} file (file type {t}), not an activity",
                profile::file_type_name(t)
            ),
        });
    }
    // The last note is the fault that stopped the reading, if any.
    Err(DecodeError::new(match notes.last() {
        Some(note) => format!("no activity data decoded: {}", note.detail),
        None if collected.records_without_time > 0 => format!(
            "no activity data decoded: {} record(s) without a timestamp to date them, and no session",
            collected.records_without_time
        ),
        None => "no records and no session in the FIT file".to_owned(),
    }))
}
