//! `grayzone activities PATH… [-o FILE] [--format table|csv|json|jsonl] [--since DATE] [--until
//! DATE] [--last N]`: one row per activity file (per session of a multisport file): totals, data
//! quality and the verdict. An aligned table in a terminal, CSV when piped.
use crate::cmd::options::{
    check_output, emit, exit_status, hint_if_empty, load, CommonArgs, Loaded,
};
use crate::report::records::ActivityRecord;
use crate::report::table;

pub fn run(args: &CommonArgs) -> Result<i32, String> {
    let request = args.window.request()?;
    check_output(args)?;
    let Loaded {
        rows,
        units,
        week_start,
        named_unreadable,
    } = load(&args.read, &args.paths)?;
    hint_if_empty(&rows, &args.read, &args.paths);
    let window = request.resolve(&rows, week_start, None);
    let records: Vec<ActivityRecord> = window
        .rows(&rows)
        .into_iter()
        .map(ActivityRecord::from_row)
        .collect();
    emit(args, &records, |records, width| {
        table::activities(records, units, width)
    })
    .map(|code| exit_status(code, named_unreadable))
}
