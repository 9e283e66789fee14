//! The flat records the exporters write: one struct per table, fields in column order. Numbers
//! carry no units in their cells; units are in the column names.

use serde::Serialize;

use crate::report::{clock, round};
use crate::row::ActivityRow;

/// One row of `grayzone activities`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ActivityRecord {
    pub path: String,
    pub status: &'static str,
    pub error: String,
    pub sport: String,
    pub start_time: String,
    pub moving_time_s: Option<f64>,
    pub elapsed_time_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<u8>,
    pub class: String,
    pub gray_zone: bool,
    pub flags: String,
    pub reason: String,
    pub note: String,
    pub format: String,
    pub device: String,
    pub tz_source: String,
    pub avg_pace_s_per_km: Option<f64>,
    pub avg_pace_per_km: String,
    pub elevation_gain_m: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
    pub avg_cadence_rpm: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub hr_coverage_pct: Option<f64>,
    pub timer_pauses: Option<u32>,
    pub stops: Option<u32>,
    pub laps: Option<u32>,
    pub quality: String,
    pub quality_detail: String,
}

impl ActivityRecord {
    pub fn from_row(row: &ActivityRow) -> Self {
        let s = row.summary.as_ref();
        let is_foot = s.is_some_and(|s| matches!(s.sport.family(), 0 | 1));
        let pace = s.and_then(|s| s.pace_s_per_km()).filter(|_| is_foot);
        ActivityRecord {
            path: row.path.clone(),
            status: row.status.name(),
            error: row.error.clone(),
            sport: s.map(|s| s.sport.name().to_string()).unwrap_or_default(),
            start_time: row.local_start().unwrap_or_default(),
            moving_time_s: s.map(|s| round(s.moving_time_s, 1)),
            elapsed_time_s: s.map(|s| round(s.elapsed_time_s, 1)),
            distance_m: s.map(|s| round(s.distance_m, 1)),
            avg_hr: s.and_then(|s| s.avg_hr).map(|h| round(h, 1)),
            max_hr: s.and_then(|s| s.max_hr),
            class: String::new(),
            gray_zone: false,
            flags: String::new(),
            reason: String::new(),
            note: row.note.clone(),
            format: s.map(|s| s.format.name().to_string()).unwrap_or_default(),
            device: s.and_then(|s| s.device.clone()).unwrap_or_default(),
            tz_source: row.tz_source.map(|t| t.name().to_string()).unwrap_or_default(),
            avg_pace_s_per_km: pace.map(|p| round(p, 1)),
            avg_pace_per_km: pace.map(clock).unwrap_or_default(),
            elevation_gain_m: s.and_then(|s| s.elevation_gain_m).map(|g| round(g, 0)),
            avg_cadence_spm: s.filter(|_| is_foot).and_then(|s| s.avg_cadence).map(|c| round(c, 0)),
            avg_cadence_rpm: s.filter(|_| !is_foot).and_then(|s| s.avg_cadence).map(|c| round(c, 0)),
            avg_power_w: s.and_then(|s| s.avg_power_w).map(|p| round(p, 0)),
            hr_coverage_pct: s.map(|s| round(s.hr_coverage_pct, 1)),
            timer_pauses: s.map(|s| s.timer_pauses),
            stops: s.map(|s| s.stops),
            laps: s.map(|s| s.laps),
            quality: s
                .map(|s| s.quality.iter().map(|q| q.code).collect::<Vec<_>>().join(";"))
                .unwrap_or_default(),
            quality_detail: s
                .map(|s| s.quality.iter().map(|q| q.detail.as_str()).collect::<Vec<_>>().join("; "))
                .unwrap_or_default(),
        }
    }
}
