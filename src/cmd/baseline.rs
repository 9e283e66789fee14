//! `grayzone baseline PATH… [-o FILE] [--format table|csv|json|jsonl] [--since DATE] [--until
//! DATE] [--last N]`: what grayzone believes about the runner week by week (max HR, easy and
//! threshold pace, LTHR, zone boundaries) and where each figure came from.
use crate::cmd::options::{
    check_output, emit, exit_status, hint_if_empty, load, CommonArgs, Loaded,
};
use crate::judge::rules::DEFAULT_MIN_EASY_PCT;
use crate::report::{records, table, weekly};

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
    let records = records::baseline_records(
        &rows,
        &window.weeks(&weekly::weeks_starting(
            &rows,
            week_start,
            DEFAULT_MIN_EASY_PCT,
        )),
    );
    emit(args, &records, |records, width| {
        table::baseline(records, units, width)
    })
    .map(|code| exit_status(code, named_unreadable))
}
