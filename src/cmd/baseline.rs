//! `grayzone baseline PATH… [-o FILE] [--format table|csv|json|jsonl] [--since DATE] [--until
//! DATE] [--last N]`: what grayzone believes about the runner week by week (max HR, easy and
//! threshold pace, LTHR, zone boundaries) and where each figure came from.
use crate::cmd::options::{check_output, emit, hint_if_empty, load, CommonArgs, Loaded};
use crate::report::records::BaselineRecord;
use crate::report::{table, weekly};

pub fn run(args: &CommonArgs) -> Result<i32, String> {
    let request = args.window.request()?;
    check_output(args)?;
    let Loaded {
        rows,
        units,
        week_start,
    } = load(&args.read, &args.paths)?;
    hint_if_empty(&rows, &args.read, &args.paths);
    let window = request.resolve(&rows, week_start, None);
    let mut records: Vec<BaselineRecord> = Vec::new();
    for week in window.weeks(&weekly::weeks_starting(&rows, week_start)) {
        // The baseline valid at the week's first judged run.
        let first = rows.iter().find(|r| {
            r.judgement.is_some()
                && r.local_start()
                    .is_some_and(|d| d.get(..10).is_some_and(|d| d >= week.week_start.as_str()))
        });
        if let Some((row, j)) = first.and_then(|r| r.judgement.as_ref().map(|j| (r, j))) {
            let date = row.local_start().unwrap_or_default();
            records.push(BaselineRecord::new(
                &week.week,
                date.get(..10).unwrap_or(""),
                j,
            ));
        }
    }
    emit(args, &records, |records, width| {
        table::baseline(records, units, width)
    })
}
