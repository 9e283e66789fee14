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
/// page (`windows-1252`, which older European tools write): the text in UTF-8. Read as UTF-8, its
/// accented letters were dropped ("Café Rün" read "Caf Rn"; "fractionné" no longer named the
/// session). `None` for anything else, and for such a file already valid UTF-8 (the declaration
/// is then wrong, the bytes right).
fn latin1_to_utf8(bytes: &[u8]) -> Option<Result<String, DecodeError>> {
    let head = bytes.get(..bytes.len().min(200))?;
    let declaration = head.strip_prefix(b"<?xml")?;
    let end = declaration.windows(2).position(|w| w == b"?>")?;
    let declared = declaration[..end].to_ascii_lowercase();
    let windows = [b"windows-1252".as_slice(), b"cp1252"]
        .iter()
        .any(|name| declared.windows(name.len()).any(|w| w == *name));
    let latin1 = [
        b"iso-8859-1".as_slice(),
        b"iso8859-1",
        b"latin1",
        b"latin-1",
    ]
    .iter()
    .any(|name| declared.windows(name.len()).any(|w| w == *name));
    if !(windows || latin1) || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    // At most 3 bytes of UTF-8 for each byte (the Euro sign of windows-1252).
    if !budget::charge(bytes.len() as u64 * 3) {
        return Some(Err(DecodeError::new(budget::refusal_here())));
    }
    // Windows-1252's letters where Latin-1 has control codes (0x80–0x9F); the five it leaves
    // unassigned read as Latin-1 does.
    const CP1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        text.push(match b {
            0x80..=0x9F if windows => CP1252[usize::from(b - 0x80)],
            _ => char::from(b),
        });
    }
    Some(Ok(text))
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
        // Declared so but already UTF-8, or not declared: left to the XML reader.
        assert!(latin1_to_utf8("<?xml encoding=\"latin1\"?><n>Café</n>".as_bytes()).is_none());
        assert!(latin1_to_utf8(b"<?xml version=\"1.0\"?><n>Caf\xe9</n>").is_none());
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
