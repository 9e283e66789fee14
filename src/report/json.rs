//! JSON exporters: an array (`--format json`) or one object per line (`--format jsonl`).

use std::io::Write;

use serde::Serialize;

pub fn write_array<T: Serialize>(records: &[T], out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, records).map_err(std::io::Error::other)?;
    writeln!(out)
}

pub fn write_lines<T: Serialize>(records: &[T], out: &mut dyn Write) -> std::io::Result<()> {
    for record in records {
        serde_json::to_writer(&mut *out, record).map_err(std::io::Error::other)?;
        writeln!(out)?;
    }
    Ok(())
}
