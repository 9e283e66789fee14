//! Stage 3, judge: each run against the runner's own baseline at its date. [`profile`] is what the
//! runner says of themselves; [`baseline`] dates what their runs say (max HR, easy and threshold
//! pace); [`zones`] puts every 10 seconds of a run in low, moderate or high; [`shape`] reads the
//! run's structure; [`classify`] gives the verdict (recovery, easy or hard, gray zone, accidental
//! workout, the recovery rules), every figure from the table in [`rules`].

pub mod baseline;
pub mod classify;
pub mod intent;
pub mod overrides;
pub mod profile;
pub mod rules;
pub mod shape;
pub mod watch;
pub mod zones;

use crate::summarize::row::{FileRow, Row};
use classify::Judgement;
use profile::Profile;

/// A judged row: what the file holds and, for a run, its verdict.
pub type ActivityRow = Row<Option<Judgement>>;

/// Judges every run of the export (rows sorted by start time, as the summarize stage leaves them).
pub fn judge(rows: Vec<FileRow>, profile: &Profile) -> Vec<ActivityRow> {
    let verdicts = classify::verdicts(&rows, profile);
    rows.into_iter()
        .zip(verdicts)
        .map(|(row, verdict)| row.judged(verdict))
        .collect()
}
