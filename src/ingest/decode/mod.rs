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
            let bytes = match utf16_to_utf8(bytes).or_else(|| latin1_to_utf8(bytes)) {
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

/// XML whose declaration says it is Latin-1 (`ISO-8859-1`, `latin1`) or Windows' Western code
/// page (`windows-1252`, which older European tools write): the text in UTF-8, every byte read as
/// windows-1252 (as browsers read both labels: files that say Latin-1 are mostly 1252). Read as
/// UTF-8, its accented letters were dropped ("Café Rün" read "Caf Rn"; "fractionné" no longer
/// named the session). `None` for anything else, and for such a file that holds UTF-8 (any valid
/// multi-byte sequence: the declaration is then wrong and the bytes right, whatever stray byte
/// or cut character it also has).
fn latin1_to_utf8(bytes: &[u8]) -> Option<Result<String, DecodeError>> {
    const LABELS: [&[u8]; 6] = [
        b"iso-8859-1",
        b"iso8859-1",
        b"latin1",
        b"latin-1",
        b"windows-1252",
        b"cp1252",
    ];
    let head = bytes.get(..bytes.len().min(200))?;
    let declaration = head.strip_prefix(b"<?xml")?;
    let declaration = &declaration[..declaration.windows(2).position(|w| w == b"?>")?];
    let at = declaration.windows(8).position(|w| w == b"encoding")?;
    let rest = declaration[at + 8..]
        .trim_ascii_start()
        .strip_prefix(b"=")?;
    let rest = rest.trim_ascii_start();
    let quote = *rest.first().filter(|q| **q == b'"' || **q == b'\'')?;
    let value = &rest[1..];
    let value = &value[..value.iter().position(|&b| b == quote)?];
    if !LABELS.iter().any(|label| value.eq_ignore_ascii_case(label)) || holds_utf8(bytes) {
        return None;
    }
    let length: usize = bytes.iter().map(|&b| to_char(b).len_utf8()).sum();
    if !budget::charge(length as u64) {
        return Some(Err(DecodeError::new(budget::refusal_here())));
    }
    let mut text = String::with_capacity(length);
    text.extend(bytes.iter().map(|&b| to_char(b)));
    Some(Ok(text))
}

/// A windows-1252 byte as a character: its letters where Latin-1 has control codes (0x80–0x9F);
/// the five it leaves unassigned read as Latin-1 does.
fn to_char(b: u8) -> char {
    const CP1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => CP1252[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Whether the bytes hold a valid UTF-8 sequence of two bytes or more: Latin-1 text almost never
/// does (it would take "Ã©" written out), a UTF-8 file with an accent always does.
fn holds_utf8(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let width = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        if bytes
            .get(i..i + width)
            .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
        {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_windows_1252_xml_keep_their_accents() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx><trk><name>Caf\xe9 R\xfcn</name></trk></gpx>";
        assert_eq!(
            latin1_to_utf8(latin1).unwrap().unwrap(),
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx><trk><name>Café Rün</name></trk></gpx>"
        );
        let cp1252 =
            b"<?xml version='1.0' encoding='windows-1252'?><n>\x80 \x93fractionn\xe9\x94</n>";
        assert!(latin1_to_utf8(cp1252)
            .unwrap()
            .unwrap()
            .ends_with("<n>€ “fractionné”</n>"));
        // Declared so but UTF-8, even with a stray byte or a character cut at the end; not
        // declared; or another of the ISO-8859 family: left to the XML reader.
        assert!(latin1_to_utf8("<?xml encoding=\"latin1\"?><n>Café</n>".as_bytes()).is_none());
        let mut stray = "<?xml encoding=\"latin1\"?><n>Café \u{b0}"
            .as_bytes()
            .to_vec();
        stray.extend_from_slice(b"\xb0 \xc3");
        assert!(latin1_to_utf8(&stray).is_none());
        assert!(latin1_to_utf8(b"<?xml version=\"1.0\"?><n>Caf\xe9</n>").is_none());
        assert!(latin1_to_utf8(b"<?xml encoding=\"ISO-8859-15\"?><n>Caf\xe9</n>").is_none());
    }

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
