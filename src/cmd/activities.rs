//! `grayzone activities PATH… [-o FILE] [--format csv|json|jsonl]`: one row per activity file (per
//! session of a multisport file): totals, data quality and the verdict.
use crate::cmd::options::{emit, load, CommonArgs, Loaded};
use crate::report::records::ActivityRecord;

pub fn run(args: &CommonArgs) -> Result<i32, String> {
    let Loaded { rows, .. } = load(&args.read, &args.paths)?;
    let records: Vec<ActivityRecord> = rows.iter().map(ActivityRecord::from_row).collect();
    emit(args, &records)
}
