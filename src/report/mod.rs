//! Exporters, one per format, side by side. Every exporter writes the same records with the same
//! field names, so CSV and JSON agree field for field.

pub mod csv;
pub mod json;
pub mod records;

use std::io::Write;

use serde::Serialize;

/// Output format of the tabular commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Writes records in the chosen format.
pub fn write<T: Serialize>(
    format: Format,
    records: &[T],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Csv => csv::write(records, out),
        Format::Json => json::write_array(records, out),
        Format::Jsonl => json::write_lines(records, out),
    }
}

/// Rounds to `digits` decimals so output is tidy and identical everywhere.
pub fn round(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    let r = (x * p).round() / p;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `5:32` from seconds (`1:02:03` past an hour).
///
/// ```
/// assert_eq!(grayzone::report::clock(332.4), "5:32");
/// assert_eq!(grayzone::report::clock(3723.0), "1:02:03");
/// ```
pub fn clock(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}
