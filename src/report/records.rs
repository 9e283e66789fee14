//! The flat records the exporters write: one struct per table, fields in column order. Numbers
//! carry no units in their cells; units are in the column names.

use serde::Serialize;

use crate::activity::units::{clock, s_per_mile, Units};
use crate::judge::classify::Judgement;
use crate::judge::ActivityRow;
use crate::report::weekly::{flag_names, Week, WeekFlag};
use crate::report::{miles, round, tenths_to_100};

/// A pace as its text column holds it: `5:42/km`, `9:10/mi`. The unit is part of the text so that
/// no CSV reader (DuckDB, spreadsheets) takes `5:42` for a time of day, five hours and 42 minutes;
/// the `_s_per_km` / `_s_per_mi` column beside it has the number.
pub fn pace_text(seconds: f64, unit: &str) -> String {
    format!("{}/{unit}", clock(seconds))
}

/// A UTC instant in ISO 8601 with its `Z`: `2024-05-01T05:30:00Z`.
fn utc_text(time: f64) -> String {
    chrono::DateTime::from_timestamp(time.floor() as i64, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// One row of `grayzone activities`.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
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
    // Counts are always whole numbers, 0 where no activity was read (an unreadable file), so a
    // table reader never turns the column into decimals for want of a value.
    pub timer_pauses: u32,
    pub stops: u32,
    pub laps: u32,
    pub quality: String,
    pub quality_detail: String,
    pub session: String,
    pub zone_source: String,
    pub low_pct: Option<f64>,
    pub moderate_pct: Option<f64>,
    pub high_pct: Option<f64>,
    pub avg_hr_pct_of_max: Option<f64>,
    pub pace_vs_easy_s_per_km: Option<f64>,
    pub max_hr_used: Option<f64>,
    pub easy_pace_used_per_km: String,
    // Imperial twins of the metric columns, always present so the schema never changes.
    pub distance_mi: Option<f64>,
    pub avg_pace_s_per_mi: Option<f64>,
    pub avg_pace_per_mi: String,
    pub easy_pace_used_per_mi: String,
    // For analysts: the start as one UTC instant (`start_time` carries each run's own offset, and
    // a column of mixed offsets is no single type), its local date and time of day as the runner
    // lived them, and the baseline's easy pace as a number.
    pub start_time_utc: String,
    pub local_date: String,
    pub local_time: String,
    pub easy_pace_used_s_per_km: Option<f64>,
    pub easy_pace_used_s_per_mi: Option<f64>,
    // What the runner meant: the run's name, its id in the export's index, what was planned and
    // where that was read, and what a coach's override set.
    pub name: String,
    pub activity_id: String,
    pub planned: String,
    pub planned_source: String,
    pub overridden: String,
    /// The reason in miles, for a terminal's table under imperial units: not a column (the
    /// CSV's and JSON's reason is metric, as their schema says).
    #[serde(skip)]
    pub reason_in_miles: String,
}

impl ActivityRecord {
    pub fn from_row(row: &ActivityRow) -> Self {
        let s = row.summary.as_deref();
        let is_foot = s.is_some_and(|s| s.sport.on_foot());
        let pace = s.and_then(|s| s.pace_s_per_km()).filter(|_| is_foot);
        let j = row.judgement.as_ref();
        let shares = j
            .map(|j| j.zones.shares())
            .filter(|_| j.is_some_and(|j| j.zones.zoned_s() > 0.0));
        let easy = j.map(|j| j.baseline.easy_pace_s_per_km());
        let local = row.local_start().unwrap_or_default();
        ActivityRecord {
            path: row.path.clone(),
            status: row.status.name(),
            error: row.error.clone(),
            sport: s.map(|s| s.sport.name().to_string()).unwrap_or_default(),
            start_time: local.clone(),
            moving_time_s: s.map(|s| round(s.moving_time_s, 1)),
            elapsed_time_s: s.map(|s| round(s.elapsed_time_s, 1)),
            distance_m: s.map(|s| round(s.distance_m, 2)),
            avg_hr: s.and_then(|s| s.avg_hr).map(|h| round(h, 1)),
            max_hr: s.and_then(|s| s.max_hr),
            class: j.map(|j| j.class.name().to_string()).unwrap_or_default(),
            gray_zone: j.is_some_and(|j| j.gray_zone),
            flags: match (&row.left_out, j) {
                (Some(left_out), _) => left_out.code().to_string(),
                (None, Some(j)) => j
                    .flags
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(";"),
                (None, None) => String::new(),
            },
            reason: j
                .map(|j| crate::report::reason_in(j, Units::Metric))
                .unwrap_or_default(),
            reason_in_miles: j
                .map(|j| crate::report::reason_in(j, Units::Imperial))
                .unwrap_or_default(),
            note: match &row.left_out {
                Some(left_out) if row.note.is_empty() => left_out.describe(),
                _ => row.note.clone(),
            },
            format: s.map(|s| s.format.name().to_string()).unwrap_or_default(),
            device: s.and_then(|s| s.device.clone()).unwrap_or_default(),
            tz_source: row
                .tz_source
                .map(|t| t.name().to_string())
                .unwrap_or_default(),
            avg_pace_s_per_km: pace.map(|p| round(p, 1)),
            avg_pace_per_km: pace.map(|p| pace_text(p, "km")).unwrap_or_default(),
            elevation_gain_m: s.and_then(|s| s.elevation_gain_m).map(|g| round(g, 0)),
            avg_cadence_spm: s
                .filter(|_| is_foot)
                .and_then(|s| s.avg_cadence)
                .map(|c| round(c, 0)),
            avg_cadence_rpm: s
                .filter(|_| !is_foot)
                .and_then(|s| s.avg_cadence)
                .map(|c| round(c, 0)),
            avg_power_w: s.and_then(|s| s.avg_power_w).map(|p| round(p, 0)),
            hr_coverage_pct: s.map(|s| round(s.hr_coverage_pct, 1)),
            timer_pauses: s.map_or(0, |s| s.timer_pauses),
            stops: s.map_or(0, |s| s.stops),
            laps: s.map_or(0, |s| s.laps),
            quality: s
                .map(|s| {
                    s.quality
                        .iter()
                        .map(|q| q.code)
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default(),
            quality_detail: s
                .map(|s| {
                    s.quality
                        .iter()
                        .map(|q| q.detail.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default(),
            session: j.map(|j| j.session.name().to_string()).unwrap_or_default(),
            zone_source: j
                .map(|j| j.zone_source.name().to_string())
                .unwrap_or_default(),
            low_pct: shares.map(|z| tenths_to_100(z).0),
            moderate_pct: shares.map(|z| tenths_to_100(z).1),
            high_pct: shares.map(|z| tenths_to_100(z).2),
            avg_hr_pct_of_max: j.and_then(|j| j.hr_fraction).map(|f| round(f * 100.0, 1)),
            pace_vs_easy_s_per_km: j.and_then(|j| j.pace_vs_easy_s_per_km).map(|d| round(d, 0)),
            max_hr_used: j.map(|j| j.baseline.max_hr.value),
            easy_pace_used_per_km: easy.map(|p| pace_text(p, "km")).unwrap_or_default(),
            distance_mi: s.map(|s| miles(s.distance_m)),
            avg_pace_s_per_mi: pace.map(|p| round(s_per_mile(p), 1)),
            avg_pace_per_mi: pace
                .map(|p| pace_text(s_per_mile(p), "mi"))
                .unwrap_or_default(),
            easy_pace_used_per_mi: easy
                .map(|p| pace_text(s_per_mile(p), "mi"))
                .unwrap_or_default(),
            start_time_utc: row.start_time().map(utc_text).unwrap_or_default(),
            local_date: local.get(..10).unwrap_or("").to_string(),
            local_time: local.get(11..19).unwrap_or("").to_string(),
            easy_pace_used_s_per_km: easy.map(|p| round(p, 0)),
            easy_pace_used_s_per_mi: easy.map(|p| round(s_per_mile(p), 0)),
            name: row.name().unwrap_or_default().to_string(),
            activity_id: row.activity_id().unwrap_or_default().to_string(),
            planned: j
                .and_then(|j| j.planned.as_ref())
                .map(|p| p.planned.name().to_string())
                .unwrap_or_default(),
            planned_source: j
                .and_then(|j| j.planned.as_ref())
                .map(|p| p.source.name().to_string())
                .unwrap_or_default(),
            overridden: j.map(|j| j.overridden.join(";")).unwrap_or_default(),
        }
    }
}

fn week_flag_names<S: serde::Serializer>(flags: &[WeekFlag], to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(&flag_names(flags))
}

/// One row of `grayzone weekly`.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct WeekRecord {
    pub week: String,
    pub runs: usize,
    pub recovery_runs: usize,
    pub easy_runs: usize,
    pub hard_runs: usize,
    pub gray_zone_runs: usize,
    pub moving_time_s: f64,
    pub low_pct: f64,
    pub moderate_pct: f64,
    pub high_pct: f64,
    pub easy_sessions_pct: f64,
    /// By name, `;`-joined: one CSV cell, and the same string in JSON.
    #[serde(serialize_with = "week_flag_names")]
    pub flags: Vec<WeekFlag>,
    pub week_start: String,
    pub accidental_workouts: usize,
    pub distance_m: f64,
    pub run_days: usize,
    pub longest_run_s: f64,
    pub cross_training_min: f64,
    pub polarization_index: Option<f64>,
    pub distance_mi: f64,
    pub harder_than_planned: usize,
    pub easier_than_planned: usize,
}

impl WeekRecord {
    pub fn from_week(w: &Week) -> Self {
        let zoned = w.low_s + w.moderate_s + w.high_s > 0.0;
        let (low, moderate, high) = if zoned {
            tenths_to_100(w.zone_pcts())
        } else {
            (0.0, 0.0, 0.0)
        };
        WeekRecord {
            week: w.week.clone(),
            runs: w.runs,
            recovery_runs: w.recovery_runs,
            easy_runs: w.easy_runs,
            hard_runs: w.hard_runs,
            gray_zone_runs: w.gray_zone_runs,
            moving_time_s: round(w.moving_time_s, 0),
            low_pct: low,
            moderate_pct: moderate,
            high_pct: high,
            easy_sessions_pct: round(w.easy_sessions_pct(), 1),
            flags: w.flags.clone(),
            week_start: w.week_start.clone(),
            accidental_workouts: w.accidental_workouts,
            distance_m: round(w.distance_m, 0),
            run_days: w.run_days,
            longest_run_s: round(w.longest_run_s, 0),
            cross_training_min: round(w.cross_training_s / 60.0, 0),
            polarization_index: w.polarization_index().map(|p| round(p, 2)),
            distance_mi: miles(w.distance_m),
            harder_than_planned: w.harder_than_planned,
            easier_than_planned: w.easier_than_planned,
        }
    }
}

/// One row of `grayzone baseline`: the figures valid in one week, and where each came from.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct BaselineRecord {
    pub week: String,
    pub date: String,
    pub max_hr: f64,
    pub max_hr_source: String,
    pub easy_pace_s_per_km: f64,
    pub easy_pace_per_km: String,
    pub easy_pace_source: String,
    pub threshold_pace_s_per_km: f64,
    pub threshold_pace_per_km: String,
    pub threshold_pace_source: String,
    pub lthr: Option<f64>,
    pub lthr_source: String,
    pub resting_hr: Option<f64>,
    pub resting_hr_source: String,
    pub base_run_min: Option<f64>,
    pub low_zone_top_bpm: f64,
    pub high_zone_start_bpm: f64,
    pub easy_pace_s_per_mi: f64,
    pub easy_pace_per_mi: String,
    pub threshold_pace_s_per_mi: f64,
    pub threshold_pace_per_mi: String,
    pub watch_note: String,
}

impl BaselineRecord {
    pub fn new(week: &str, date: &str, j: &Judgement) -> Self {
        let b = &j.baseline;
        BaselineRecord {
            week: week.to_string(),
            date: date.to_string(),
            max_hr: b.max_hr.value,
            max_hr_source: b.max_hr.provenance.describe_at(date),
            easy_pace_s_per_km: round(b.easy_pace_s_per_km(), 0),
            easy_pace_per_km: pace_text(b.easy_pace_s_per_km(), "km"),
            easy_pace_source: b.easy_speed.provenance.describe(),
            threshold_pace_s_per_km: round(b.threshold_pace_s_per_km(), 0),
            threshold_pace_per_km: pace_text(b.threshold_pace_s_per_km(), "km"),
            threshold_pace_source: b.threshold_speed.provenance.describe(),
            lthr: b.lthr.as_ref().map(|f| f.value),
            lthr_source: b
                .lthr
                .as_ref()
                .map(|f| f.provenance.describe())
                .unwrap_or_else(|| "not enough hard 20-minute efforts (give --lthr)".into()),
            resting_hr: b.resting_hr.as_ref().map(|f| f.value),
            resting_hr_source: b
                .resting_hr
                .as_ref()
                .map(|f| f.provenance.describe())
                .unwrap_or_else(|| "not derivable from runs (give --resting-hr)".into()),
            base_run_min: b.base_run_s.map(|s| round(s / 60.0, 0)),
            low_zone_top_bpm: round(j.thresholds.hr_low_top, 1),
            high_zone_start_bpm: round(j.thresholds.hr_high_start, 1),
            easy_pace_s_per_mi: round(s_per_mile(b.easy_pace_s_per_km()), 0),
            easy_pace_per_mi: pace_text(s_per_mile(b.easy_pace_s_per_km()), "mi"),
            threshold_pace_s_per_mi: round(s_per_mile(b.threshold_pace_s_per_km()), 0),
            threshold_pace_per_mi: pace_text(s_per_mile(b.threshold_pace_s_per_km()), "mi"),
            watch_note: b
                .watch_notes
                .iter()
                .chain(&b.given_max_note)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// The rows of `grayzone baseline` for these weeks: the baseline valid at each week's first
/// judged run (a week without one has no row).
pub fn baseline_records(rows: &[ActivityRow], weeks: &[Week]) -> Vec<BaselineRecord> {
    // Each week's row is the first judged one dated in or after it. A later week's comes no
    // earlier in the rows (a row dated after the later week's start is after the earlier's too),
    // so one cursor walks the rows once: a search from the top for every week took 36 s on a
    // file of 39,000 daily runs (hostile round 38 H1).
    let dates: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            r.judgement
                .as_ref()
                .and(r.local_start())
                .and_then(|d| d.get(..10).map(str::to_string))
        })
        .collect();
    let mut records = Vec::new();
    let mut at = 0;
    for week in weeks {
        while dates
            .get(at)
            .is_some_and(|d| d.as_deref().is_none_or(|d| d < week.week_start.as_str()))
        {
            at += 1;
        }
        let (Some(row), Some(Some(date))) = (rows.get(at), dates.get(at)) else {
            break;
        };
        if let Some(j) = &row.judgement {
            records.push(BaselineRecord::new(&week.week, date, j));
        }
    }
    records
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_round_to_tenths_that_sum_to_100_and_never_go_negative() {
        assert_eq!(
            crate::report::tenths_to_100((61.25, 38.75, 0.0)),
            (61.3, 38.7, 0.0)
        );
        assert_eq!(
            crate::report::tenths_to_100((33.333, 33.333, 33.334)),
            (33.3, 33.3, 33.4)
        );
        assert_eq!(
            crate::report::tenths_to_100((0.0, 0.0, 0.0)),
            (0.0, 0.0, 0.0)
        );
        let (a, b, c) = crate::report::tenths_to_100((12.36, 50.02, 37.62));
        assert!(((a + b + c) - 100.0).abs() < 1e-9 && a >= 0.0 && b >= 0.0 && c >= 0.0);
    }
}
