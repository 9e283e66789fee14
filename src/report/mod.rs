//! Exporters, one per format, side by side. Every exporter writes the same records with the same
//! field names, so CSV and JSON agree field for field.

pub mod chart;
pub mod csv;
pub mod html;
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

/// `5:32` from seconds.
pub fn clock(seconds: f64) -> String {
    let total = seconds.round().max(0.0) as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Metres in an international mile.
pub const METERS_PER_MILE: f64 = 1609.344;

/// Units of paces and distances in human output (summary, explain, chart, HTML report). Tables
/// (CSV / JSON) always carry both: SI columns plus `_mi` ones, so their schema never changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Units {
    /// Kilometres, minutes per km.
    #[default]
    Metric,
    /// Miles, minutes per mile.
    Imperial,
}

impl Units {
    /// Reads `metric` / `imperial` (the profile file's `units` key).
    pub fn from_name(name: &str) -> Option<Units> {
        match name.trim().to_ascii_lowercase().as_str() {
            "metric" | "km" => Some(Units::Metric),
            "imperial" | "mi" | "miles" => Some(Units::Imperial),
            _ => None,
        }
    }

    /// `km` or `mi`.
    pub fn distance_unit(self) -> &'static str {
        match self {
            Units::Metric => "km",
            Units::Imperial => "mi",
        }
    }

    /// Metres in one unit of distance.
    fn unit_m(self) -> f64 {
        match self {
            Units::Metric => 1000.0,
            Units::Imperial => METERS_PER_MILE,
        }
    }

    /// `12.3 km` / `7.6 mi`.
    pub fn distance(self, meters: f64) -> String {
        format!("{:.1} {}", meters / self.unit_m(), self.distance_unit())
    }

    /// `5:40/km` / `9:07/mi` from seconds per km.
    pub fn pace(self, s_per_km: f64) -> String {
        format!(
            "{}/{}",
            clock(s_per_km * self.unit_m() / 1000.0),
            self.distance_unit()
        )
    }

    /// A pace difference, `23 s/km` / `37 s/mi`, from seconds per km (sign dropped).
    pub fn pace_gap(self, s_per_km: f64) -> String {
        format!(
            "{:.0} s/{}",
            (s_per_km * self.unit_m() / 1000.0).abs(),
            self.distance_unit()
        )
    }
}

/// Miles from metres, rounded for tables.
pub fn miles(meters: f64) -> f64 {
    round(meters / METERS_PER_MILE, 2)
}

/// Seconds per mile from seconds per km.
pub fn s_per_mile(s_per_km: f64) -> f64 {
    s_per_km * METERS_PER_MILE / 1000.0
}

/// Escapes text for XML and HTML (element content and quoted attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_paces_and_distances() {
        assert_eq!(Units::Metric.pace(340.0), "5:40/km");
        // 340 s/km × 1.609344 = 547.2 s = 9:07 per mile.
        assert_eq!(Units::Imperial.pace(340.0), "9:07/mi");
        assert_eq!(Units::Metric.distance(12_345.0), "12.3 km");
        assert_eq!(Units::Imperial.distance(10_000.0), "6.2 mi");
        assert_eq!(Units::Imperial.pace_gap(-23.0), "37 s/mi");
        assert_eq!(miles(42_195.0), 26.22);
        assert_eq!(Units::from_name("Imperial"), Some(Units::Imperial));
        assert_eq!(Units::from_name("furlongs"), None);
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
