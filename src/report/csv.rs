//! CSV exporter: a header row, then one row per record, fields in declaration order.

use std::io::Write;

use serde::Serialize;

pub fn write<T: Serialize>(records: &[T], out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(out);
    for record in records {
        writer.serialize(record).map_err(std::io::Error::other)?;
    }
    writer.flush()
}
