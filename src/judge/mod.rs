//! Stage 3, judge: each run against the runner's own baseline at its date. [`profile`] is what the
//! runner says of themselves; [`baseline`] dates what their runs say (max HR, easy and threshold
//! pace); [`zones`] puts every 10 seconds of a run in low, moderate or high; [`shape`] reads the
//! run's structure; [`session`] finds a workout's warm-up and cool-down saved as files of their
//! own; [`classify`] gives the verdict (recovery, easy or hard, gray zone, accidental
//! workout, the recovery rules), every figure from the table in [`rules`].

pub mod baseline;
pub mod classify;
pub mod intent;
pub mod overrides;
pub mod profile;
pub mod reason;
pub mod rules;
pub mod session;
pub mod shape;
pub mod verdict;
pub mod watch;
pub mod zones;

use std::path::PathBuf;

use crate::ingest::discover::PathError;
use crate::summarize::row::{FileRow, LeftOut, Row, Status};
use crate::summarize::ReadOptions;
use classify::Judgement;
use overrides::{Override, RunKey};
use profile::Profile;

/// A judged row: what the file holds and, for a run, its verdict.
pub type ActivityRow = Row<Judgement>;

/// What the judged rows keep of each activity's 10-second series. Only `explain` shows it (a run's
/// zones minute by minute); every other report reads the verdicts. Dropped as soon as its run is
/// measured, a series leaves its room to the verdicts: the series is the largest part of a run
/// held in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeriesAfter {
    #[default]
    Kept,
    Dropped,
}

/// An export read and judged: its rows, and what the caller should tell the runner beside them.
pub struct Judged {
    pub rows: Vec<ActivityRow>,
    /// One line per export index (Strava's `activities.csv`, Garmin's summarized activities)
    /// that could not be read, or some rows of, each saying so: their runs are read without
    /// their names.
    pub index_problems: Vec<String>,
    /// One line per override of the profile's overrides file that matched no run, or several:
    /// it applies to none.
    pub override_problems: Vec<String>,
    /// A path among those given could not be read. Its row says why, and the batch went on; a
    /// check over a mistyped folder must still not pass.
    pub unreadable_path: bool,
}

/// Reads every activity under `paths` and judges the runs against `profile`: the whole pipeline
/// up to the verdicts, for any front end (the command line, the Python package) to report on.
/// `options.tz` sets every file's zone, else the profile's `timezone` where it has one. Only when
/// no path can be read at all is it an error.
pub fn read_and_judge(
    paths: &[PathBuf],
    options: &ReadOptions,
    profile: &Profile,
    series: SeriesAfter,
) -> Result<Judged, PathError> {
    // On a worker of the pool, as the reading is: the judge's own allocations (verdicts, the
    // judged rows) then reuse the memory the runs' series leave when dropped, instead of a second
    // allocator arena of the calling thread's (FIT ×5,000 at -j 1: 36 → 32 MB).
    rayon::scope(|_| read_and_judge_here(paths, options, profile, series))
}

fn read_and_judge_here(
    paths: &[PathBuf],
    options: &ReadOptions,
    profile: &Profile,
    series: SeriesAfter,
) -> Result<Judged, PathError> {
    let options = ReadOptions {
        tz: options.tz.clone().or_else(|| profile.timezone.clone()),
        ..options.clone()
    };
    intent::words::WordList::warm_up_soon();
    let (rows, index_problems) = crate::summarize::read_export_telling(paths, &options)?;
    let unreadable_path = paths
        .iter()
        .any(|p| crate::ingest::discover::unreadable_given(p).is_some());
    let (rows, override_problems) = judge_telling(rows, profile, series);
    Ok(Judged {
        rows,
        index_problems,
        override_problems,
        unreadable_path,
    })
}

/// Judges every run of the export (rows sorted by start time, as the summarize stage leaves them).
/// Runs too short to judge are left out first, so they get no verdict and feed no baseline.
pub fn judge(rows: Vec<FileRow>, profile: &Profile) -> Vec<ActivityRow> {
    judge_telling(rows, profile, SeriesAfter::Kept).0
}

/// [`judge`], and one line per override of the profile's overrides file that matched no run or
/// several (they apply to none: the caller says so on stderr).
pub fn judge_telling(
    mut rows: Vec<FileRow>,
    profile: &Profile,
    series: SeriesAfter,
) -> (Vec<ActivityRow>, Vec<String>) {
    leave_out_fragments(&mut rows, profile);
    let (per_row, problems) = match &profile.overrides {
        Some(file) => {
            let keys: Vec<RunKey<'_>> = rows.iter().map(run_key).collect();
            let resolved = file.overrides.resolve(&file.label, &keys);
            (resolved.per_run, resolved.problems)
        }
        None => (vec![None; rows.len()], Vec::new()),
    };
    let chosen: Vec<Option<&Override>> = per_row
        .iter()
        .map(|k| {
            let file = profile.overrides.as_ref()?;
            file.overrides.runs.get((*k)?)
        })
        .collect();
    for (row, o) in rows.iter_mut().zip(&chosen) {
        if let Some(o) = o.filter(|o| o.exclude) {
            row.status = Status::Excluded;
            row.note = match &o.note {
                Some(note) => format!("excluded by override (line {}): {note}", o.line),
                None => format!("excluded by override (line {})", o.line),
            };
        }
    }
    let mut verdicts = classify::verdicts(&mut rows, profile, &chosen, series);
    // A verdict that rests on nothing is none: no heart rate, and the run's own pace as the easy
    // pace it is held against (no other run near it, none given) reads every such run easy — a
    // 10K race at 3:42/km "easy run, 100 % low" (probe 35 P1). A coach's class stands.
    for (row, verdict) in rows.iter_mut().zip(verdicts.iter_mut()) {
        let unfounded = verdict.as_ref().is_some_and(|j| {
            j.baseline.easy_pace_own
                && j.zone_source == zones::ZoneSource::Pace
                && !j.overridden.contains(&"class")
        });
        if unfounded {
            row.left_out = Some(LeftOut::NothingToCompare);
            *verdict = None;
        }
    }
    let rows = rows
        .into_iter()
        .zip(verdicts)
        .map(|(row, verdict)| row.judged(verdict))
        .collect();
    (rows, problems)
}

/// What an override can match a row by; only runs can be matched (a ride on the day of a run
/// does not make `start = "2024-04-06"` ambiguous).
fn run_key(row: &FileRow) -> RunKey<'_> {
    if !row.is_run() {
        return RunKey::default();
    }
    RunKey {
        path: &row.path,
        activity_id: row.activity_id(),
        local_start: row
            .start_time()
            .and_then(|t| crate::activity::calendar::local_datetime(t, row.utc_offset_s)),
    }
}

/// A run with less moving time than the profile's shortest judged run (`min_judged_min`, default
/// [`rules::MIN_JUDGED_S`]) is left out: a 19-second start pressed by mistake would otherwise be
/// a "hard run" that fails its week, and its peak HR would set the runner's max.
fn leave_out_fragments(rows: &mut [FileRow], profile: &Profile) {
    for row in rows.iter_mut().filter(|r| r.is_run()) {
        let Some(moving_s) = row.summary.as_deref().map(|s| s.moving_time_s) else {
            continue;
        };
        if moving_s < profile.min_judged_s {
            row.left_out = Some(LeftOut::TooShort {
                moving_s,
                min_s: profile.min_judged_s,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judged_rows_take_the_place_of_the_rows() {
        // A row is the same size judged or not, so the judged rows are built where the rows
        // were: no second list of every row at the end of a big export.
        assert_eq!(size_of::<FileRow>(), size_of::<ActivityRow>());
        let rows = vec![
            FileRow::error("a.fit", "not a FIT file"),
            FileRow::not_run("b.gpx", "a ride"),
        ];
        let at = rows.as_ptr() as usize;
        let judged = judge(rows, &Profile::default());
        assert_eq!(judged.len(), 2);
        assert_eq!(judged.as_ptr() as usize, at);
        assert!(judged.iter().all(|r| r.judgement.is_none()));
    }

    #[test]
    fn a_row_said_ok_without_a_summary_moves_no_run_onto_another_s_baseline() {
        // The Python package's `judge` takes rows back from JSON, where a row may say "ok" and
        // hold no summary. Counted among the runs, it shifted every later run onto the next
        // one's baseline (the runs and their facts were zipped, one list a row shorter).
        let paths = [std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/seasons/fail"
        ))];
        let read = || crate::summarize::read_export(&paths, &Default::default());
        let Ok(rows) = read() else {
            panic!("the bundled season reads");
        };
        let verdicts = |rows: Vec<FileRow>| -> Vec<(String, f64, String)> {
            judge(rows, &Profile::default())
                .into_iter()
                .filter_map(|r| {
                    let j = r.judgement.as_ref()?;
                    Some((
                        r.path.clone(),
                        j.baseline.easy_pace_s_per_km(),
                        j.reason.to_string(),
                    ))
                })
                .collect()
        };
        let expected = verdicts(rows.clone());
        assert!(expected.len() >= 10, "{}", expected.len());
        let mut odd = rows;
        let mut empty = FileRow::not_run("hollow.fit", "");
        empty.status = Status::Ok;
        odd.insert(0, empty);
        assert_eq!(verdicts(odd), expected);
    }
}
