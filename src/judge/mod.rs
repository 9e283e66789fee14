//! Stage 3, judge: each run against the runner's own baseline at its date. [`profile`] is what the
//! runner says of themselves; [`baseline`] dates what their runs say (max HR, easy and threshold
//! pace); [`zones`] puts every 10 seconds of a run in low, moderate or high; [`shape`] reads the
//! run's structure; [`classify`] gives the verdict (recovery, easy or hard, gray zone, accidental
//! workout, the recovery rules), every figure from the table in [`rules`].

pub mod baseline;
pub mod classify;
pub mod profile;
pub mod rules;
pub mod shape;
pub mod zones;

use crate::summarize::row::{FileRow, LeftOut, Row};
use classify::Judgement;
use profile::Profile;

/// A judged row: what the file holds and, for a run, its verdict.
pub type ActivityRow = Row<Option<Judgement>>;

/// Judges every run of the export (rows sorted by start time, as the summarize stage leaves them).
/// Runs too short to judge are left out first, so they get no verdict and feed no baseline.
pub fn judge(mut rows: Vec<FileRow>, profile: &Profile) -> Vec<ActivityRow> {
    leave_out_fragments(&mut rows, profile);
    let verdicts = classify::verdicts(&rows, profile);
    rows.into_iter()
        .zip(verdicts)
        .map(|(row, verdict)| row.judged(verdict))
        .collect()
}

/// A run with less moving time than the profile's shortest judged run (`min_judged_min`, default
/// [`rules::MIN_JUDGED_S`]) is left out: a 19-second start pressed by mistake would otherwise be
/// a "hard run" that fails its week, and its peak HR would set the runner's max.
fn leave_out_fragments(rows: &mut [FileRow], profile: &Profile) {
    for row in rows.iter_mut().filter(|r| r.is_run()) {
        let Some(moving_s) = row.summary.as_ref().map(|s| s.moving_time_s) else {
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
