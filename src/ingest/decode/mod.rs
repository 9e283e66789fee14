//! Decoders: bytes of one file in, [`FileContent`] out. One module per format; none of them
//! allocates per record beyond pushing samples, and none panics on any input.

pub mod fit;
pub mod gpx;
pub mod tcx;
pub(crate) mod xmlpoints;
pub mod xmltime;

use crate::activity::{DecodeError, DecodeResult, FileContent, SourceFormat};
use crate::ingest::budget;

/// The first four bytes of an AppleDouble file: the metadata macOS writes beside a file it copies
/// to a disk or zip that cannot hold it (`._run.fit`). Found by its bytes too, so a renamed one is
/// a `not_run` row, not an error.
pub const APPLE_DOUBLE_MAGIC: [u8; 4] = [0x00, 0x05, 0x16, 0x07];

/// The note of an AppleDouble file's row.
pub const APPLE_DOUBLE_NOTE: &str = "macOS metadata (an AppleDouble file), not an activity";

/// Decodes one file's bytes in the given format.
pub fn decode(format: SourceFormat, bytes: &[u8]) -> DecodeResult {
    if bytes.starts_with(&APPLE_DOUBLE_MAGIC) {
        return Ok(FileContent::NotActivity {
            note: APPLE_DOUBLE_NOTE.to_string(),
        });
    }
    match format {
        SourceFormat::Fit => fit::decode(bytes),
        SourceFormat::Gpx | SourceFormat::Tcx => {
            let utf8;
            let bytes = match utf16_to_utf8(bytes) {
                None => bytes,
                Some(transcoded) => {
                    utf8 = transcoded?;
                    utf8.as_bytes()
                }
            };
            match format {
                SourceFormat::Gpx => gpx::decode(bytes),
                _ => tcx::decode(bytes),
            }
        }
    }
}

/// XML in UTF-16, told by its byte-order mark or, without one, by how `<?` is written (the XML
/// specification's own detection): the text in UTF-8, which the XML reader takes. `None` for
/// anything else. The declaration's `encoding="UTF-16"` is left as it is: the reader goes by the
/// bytes.
fn utf16_to_utf8(bytes: &[u8]) -> Option<Result<String, DecodeError>> {
    let (little_endian, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        [b'<', 0, b'?', 0, ..] => (true, bytes),
        [0, b'<', 0, b'?', ..] => (false, bytes),
        _ => return None,
    };
    // At most 3 bytes of UTF-8 for every 2 of UTF-16.
    if !budget::charge(body.len() as u64 / 2 * 3) {
        return Some(Err(DecodeError::new(budget::refusal_here())));
    }
    let units = body.chunks(2).map(|pair| match *pair {
        [a, b] if little_endian => u16::from_le_bytes([a, b]),
        [a, b] => u16::from_be_bytes([a, b]),
        // An odd last byte: not a whole unit, reported below as unpaired.
        _ => 0xD800,
    });
    let mut text = String::with_capacity(body.len() / 2 * 3);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) if text.is_empty() => {
                return Some(Err(DecodeError::new(
                    "not XML: UTF-16 (by its first bytes) but not valid UTF-16 at byte 0",
                )))
            }
            // Broken off mid-character (a cut file): what came before is read as usual.
            Err(_) if 2 * i + 2 >= body.len() => break,
            Err(_) => {
                return Some(Err(DecodeError::new(format!(
                    "not XML: UTF-16 (by its first bytes) with a broken character at byte {}",
                    bytes.len() - body.len() + 2 * i
                ))))
            }
        }
    }
    Some(Ok(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_is_found_by_its_mark_or_its_first_characters() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx>é ✓ 𝄞</gpx>";
        for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let got = utf16_to_utf8(&utf16(xml, le, bom));
            assert_eq!(got, Some(Ok(xml.to_string())), "le {le} bom {bom}");
        }
        assert_eq!(utf16_to_utf8(xml.as_bytes()), None);
        assert_eq!(utf16_to_utf8(b""), None);
    }

    #[test]
    fn broken_utf16_is_a_clear_error_and_a_cut_one_keeps_what_came_before() {
        let mut bad = utf16("<?xml?><gpx>", true, true);
        bad.extend([0x00, 0xDC]); // a lone low surrogate
        bad.extend(utf16("</gpx>", true, false));
        let err = utf16_to_utf8(&bad).unwrap().unwrap_err();
        assert_eq!(
            err.0,
            "not XML: UTF-16 (by its first bytes) with a broken character at byte 26"
        );
        let mut cut = utf16("<?xml?><gpx>", true, true);
        cut.push(b'<');
        assert_eq!(utf16_to_utf8(&cut), Some(Ok("<?xml?><gpx>".to_string())));
    }

    #[test]
    fn an_apple_double_file_is_not_an_activity_whatever_its_name() {
        let mut bytes = APPLE_DOUBLE_MAGIC.to_vec();
        bytes.extend(b"\x00\x02\x00\x00Mac OS X        ");
        for format in [SourceFormat::Fit, SourceFormat::Gpx, SourceFormat::Tcx] {
            match decode(format, &bytes) {
                Ok(FileContent::NotActivity { note }) => assert_eq!(note, APPLE_DOUBLE_NOTE),
                other => panic!("{format:?}: {other:?}"),
            }
        }
    }
}
