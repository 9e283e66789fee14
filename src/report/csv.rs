//! CSV exporter: a header row (always, even with no record), then one row per record, fields in
//! declaration order.
//!
//! A CSV is opened in a spreadsheet, and a spreadsheet runs a cell that starts with `=`, `+`, `-`
//! or `@` as a formula (`=HYPERLINK(…)` in a GPX `creator`, a file named `=cmd|' /C calc'!A0.gpx`).
//! As OWASP recommends, such a cell — and one that starts with a tab or a carriage return — is
//! written with a single quote in front, which the spreadsheet shows as text. A number (`-3.5`,
//! a negative offset) is left as it is. Control characters inside a text cell (an ESC, a newline
//! in a file name) are written as escapes (`\x1b`, `\n`), so a CSV printed to a terminal cannot
//! drive it and a row stays one line.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::report::printable;

pub fn write<T: Serialize + Default>(records: &[T], out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    let mut write = |cells: &::csv::StringRecord| {
        writer
            .write_record(cells.iter().map(|c| safe_cell(c).into_owned()))
            .map_err(std::io::Error::other)
    };
    if records.is_empty() {
        // The header alone: the names of a default record's fields, not its values.
        each_row(&[T::default()], true, Some(1), &mut write)?;
    }
    // Records are serialized as the csv crate writes them (numbers exactly as before), read back
    // into cells, and each cell made safe; a few hundred at a time, as a reader costs a little to
    // set up.
    for (i, chunk) in records.chunks(256).enumerate() {
        each_row(chunk, i == 0, None, &mut write)?;
    }
    writer.flush()
}

/// The rows the csv crate writes for `records` (the header first when `header`), cell by cell;
/// only the first `rows` of them when given.
fn each_row<T: Serialize>(
    records: &[T],
    header: bool,
    rows: Option<usize>,
    row: &mut dyn FnMut(&::csv::StringRecord) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buffer = ::csv::WriterBuilder::new()
        .has_headers(header)
        .from_writer(Vec::new());
    for record in records {
        buffer.serialize(record).map_err(std::io::Error::other)?;
    }
    let bytes = buffer.into_inner().map_err(|e| e.into_error())?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut cells = ::csv::StringRecord::new();
    let mut left = rows.unwrap_or(usize::MAX);
    while left > 0
        && reader
            .read_record(&mut cells)
            .map_err(std::io::Error::other)?
    {
        row(&cells)?;
        left -= 1;
    }
    Ok(())
}

/// A cell a spreadsheet shows as written and a terminal prints as text.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    let formula = match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        Some(b'-') => !is_number(cell),
        _ => false,
    };
    let text = printable(cell);
    if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

/// A decimal number as grayzone writes them: `-12`, `-0.5`, `-1e-7`.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && all_digits(whole)
        && all_digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && all_digits(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_left_alone() {
        assert_eq!(
            safe_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(safe_cell("+1+2.gpx"), "'+1+2.gpx");
        assert_eq!(safe_cell("@SUM(1+2).gpx"), "'@SUM(1+2).gpx");
        assert_eq!(safe_cell("-1+2.gpx"), "'-1+2.gpx");
        assert_eq!(safe_cell("\tTAB=1+2.gpx"), "'\\tTAB=1+2.gpx");
        assert_eq!(safe_cell("\rx"), "'\\rx");
        for number in ["-3", "-3.25", "-0.5", "-1e-7", "-2E+3"] {
            assert_eq!(safe_cell(number), number);
        }
        for text in ["-", "-.5", "-1.2.3", "-1e", "-inf", "-NaN", "- 3"] {
            assert_eq!(safe_cell(text), format!("'{text}"));
        }
        for plain in ["run.fit", "2024-05-01T07:30:00+02:00", "", "a=b", "1+2"] {
            assert_eq!(safe_cell(plain), plain);
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            safe_cell("a\u{1b}[31mred\nrun.fit"),
            "a\\x1b[31mred\\nrun.fit"
        );
    }

    #[derive(Default, Serialize)]
    struct Two {
        name: String,
        value: f64,
    }

    #[test]
    fn the_header_is_written_without_records_and_numbers_as_before() {
        let mut out = Vec::new();
        write::<Two>(&[], &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "name,value\n");
        let mut out = Vec::new();
        let records = [
            Two {
                name: "=1+2, \"q\"".into(),
                value: -0.125,
            },
            Two {
                name: "ok".into(),
                value: 1e21,
            },
        ];
        write(&records, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,value\n\"'=1+2, \"\"q\"\"\",-0.125\nok,1e21\n"
        );
    }
}
