//! The same run in two files (the watch's FIT and the GPX Strava made of it, or a re-import):
//! keep the richest, mark the others `duplicate` with a note naming the kept file.
//!
//! Two files are one activity when they start within 60 s, are the same sport family, and their
//! durations and distances agree within 3 % — or when they start within 10 s and last the same to
//! 1 %, with distances within 8 % (a GPX copy's GPS distance against the watch's own) — or when
//! both recorded the same stretch of time (all but a tenth of each, or 5 minutes) with distances
//! within 10 %: two devices on one run (a watch and a phone app, started and stopped by hand a
//! minute or two apart), since nobody runs two runs at once — or when, over the time both
//! recorded, both covered the same ground and that time is either all of the shorter (a watch
//! whose battery died at 65 minutes while the phone recorded the whole 2 hours) or half or more of
//! each (a phone started at home, a watch at the park and run home), each a run's recording,
//! moving most of its time. Two runs on one day fail all four, so they are never merged.
//!
//! The richest recording is kept, among those that recorded the whole run: the phone's 2 hours
//! over the watch's 65 minutes with heart rate (the run's length makes it a long run, and its
//! minutes are counted once).

use crate::activity::label;
use crate::summarize::row::{FileRow, Status};
use crate::summarize::summary::{Summary, BUCKET_S};

const START_TOLERANCE_S: f64 = 60.0;
const RELATIVE_TOLERANCE: f64 = 0.03;
const SAME_RECORDING_START_S: f64 = 10.0;
const SAME_RECORDING_DISTANCE: f64 = 0.08;
/// Two devices on one run: each recorded alone no more than this share of its time…
const SAME_RUN_ALONE_SHARE: f64 = 0.1;
/// …or this long (a phone started while walking to the start of a 20-minute run)…
const SAME_RUN_ALONE_S: f64 = 300.0;
/// …and their distances (two GPS chips, or a GPS and a footpod) agree within this share…
const SAME_RUN_DISTANCE: f64 = 0.10;
/// …or within this share, or over the time both recorded within [`SAME_GROUND_FACTOR`], when
/// their tracks say they were in the same places at the same marks of the clock: a phone's GPS in
/// a pocket can read a fifth short of the watch's, while two people running at once on one
/// account (10 km north, 8 km south) are kilometres apart at the first mark.
const SAME_PLACES_DISTANCE: f64 = 0.25;
const SAME_GROUND_FACTOR: f64 = 2.0;
/// Two fixes of one runner at one mark of the clock, each taken within its slack: GPS error and
/// up to 30 s at a run's pace.
const SAME_PLACE_M: f64 = 300.0;
/// A recording must have moved this share of its time to be a run's recording: a watch forgotten
/// on the wrist all day also records the evening run a phone recorded, but it is no run's
/// recording, and the evening run stays a run of its own.
const MIN_MOVING_SHARE: f64 = 0.5;
/// Two staggered recordings of one run (neither inside the other) share at least this much of
/// each: a phone started at home for the walk to the park, a watch at the park and run home.
const STAGGERED_MIN_SHARE: f64 = 0.5;
/// The time both recorded must have covered this much ground: two devices standing still (a
/// treadmill with no distance, a watch left on a bench) say nothing of one running.
const SAME_RUNNING_MIN_DISTANCE_M: f64 = 500.0;

/// Whether two recordings are one activity. `read_series` allows [`same_running`], which reads
/// both series: only for the first few activities after one (see [`MAX_SERIES_COMPARED`]).
fn same_activity(a: &Summary, b: &Summary, read_series: bool) -> bool {
    if a.sport.family() != b.sport.family() {
        return false;
    }
    if two_devices_on_one_run(a, b) || read_series && same_running(a, b) {
        return true;
    }
    let start_gap = (a.start_time - b.start_time).abs();
    if start_gap > START_TOLERANCE_S {
        return false;
    }
    if close(a.elapsed_time_s, b.elapsed_time_s, 30.0) && close(a.distance_m, b.distance_m, 50.0) {
        return true;
    }
    // A GPX copy measures distance from its GPS track while the watch used its own (footpod,
    // GPS fusion): 4 % apart is common. Starting within seconds and lasting the same to 1 % is
    // the same recording, so the distance may differ by up to 8 %.
    start_gap <= SAME_RECORDING_START_S
        && (a.elapsed_time_s - b.elapsed_time_s).abs()
            <= 0.01 * a.elapsed_time_s.max(b.elapsed_time_s).max(60.0)
        && (a.distance_m - b.distance_m).abs()
            <= SAME_RECORDING_DISTANCE * a.distance_m.max(b.distance_m)
}

/// One activity written twice into one file: the same sport, started within seconds, as long
/// and as far.
fn repeated_in_one_file(a: &Summary, b: &Summary) -> bool {
    a.sport.family() == b.sport.family()
        && (a.start_time - b.start_time).abs() <= SAME_RECORDING_START_S
        && close(a.elapsed_time_s, b.elapsed_time_s, 30.0)
        && close(a.distance_m, b.distance_m, 50.0)
}

/// How long a recording may run alone, before or after the other, and still be the same run.
fn alone_allowed(s: &Summary) -> f64 {
    SAME_RUN_ALONE_S.max(SAME_RUN_ALONE_SHARE * s.elapsed_time_s)
}

/// The same running recorded twice at once: each recording ran alone, before or after the other,
/// no more than it may (a watch left recording for hours after its run covers an evening run, but
/// ran alone for hours), and the two measured about the same distance.
fn two_devices_on_one_run(a: &Summary, b: &Summary) -> bool {
    let overlap = end(a).min(end(b)) - a.start_time.max(b.start_time);
    let apart = (a.distance_m - b.distance_m).abs();
    let far = a.distance_m.max(b.distance_m);
    overlap > 0.0
        && a.elapsed_time_s - overlap <= alone_allowed(a)
        && b.elapsed_time_s - overlap <= alone_allowed(b)
        && (apart <= SAME_RUN_DISTANCE * far
            || apart <= SAME_PLACES_DISTANCE * far && same_places(a, b))
}

/// Whether two recordings were in the same places at every mark of the clock both passed with
/// GPS, and passed one at least. Without a shared mark (no GPS, or a recording of minutes) nothing
/// says so.
fn same_places(a: &Summary, b: &Summary) -> bool {
    // Both lists are in clock order: one walk through the two (a crafted file spanning years
    // holds a mark for each of its samples).
    let (mut xs, mut ys) = (
        a.clock_marks.as_slice().iter().peekable(),
        b.clock_marks.as_slice().iter().peekable(),
    );
    let mut shared = 0;
    while let (Some(m), Some(n)) = (xs.peek(), ys.peek()) {
        match m.mark.cmp(&n.mark) {
            std::cmp::Ordering::Less => {
                xs.next();
            }
            std::cmp::Ordering::Greater => {
                ys.next();
            }
            std::cmp::Ordering::Equal => {
                let here = (f64::from(m.lat), f64::from(m.lon));
                let there = (f64::from(n.lat), f64::from(n.lon));
                if crate::summarize::geo::great_circle_m(here, there) > SAME_PLACE_M {
                    return false;
                }
                shared += 1;
                xs.next();
                ys.next();
            }
        }
    }
    shared > 0
}

/// The same running recorded twice, read from the two 10-second series over the time both
/// recorded: both covered the same distance (within 10 %), and either
/// - one lies inside the other (a watch whose battery died, a phone app that crashed, a watch
///   started late): the short one runs alone no more than it may, and the long one moved most of
///   its time, or
/// - they are staggered (a phone started at home, a watch at the park and run home): most of
///   each is the time both recorded, and each moved most of its time.
///
/// A watch left recording at home while its runner ran with the phone covers the run's time but
/// not its distance; one forgotten on the wrist all day covers both, but stood still most of the
/// day; a run of its own inside a recording of another athlete's is not in one runner's export.
fn same_running(a: &Summary, b: &Summary) -> bool {
    let (long, short) = if a.elapsed_time_s >= b.elapsed_time_s {
        (a, b)
    } else {
        (b, a)
    };
    let from = short.start_time.max(long.start_time);
    let to = end(short).min(end(long));
    let together = to - from;
    let moved = |s: &Summary| s.moving_time_s >= MIN_MOVING_SHARE * s.elapsed_time_s;
    let inside = short.elapsed_time_s - together <= alone_allowed(short) && moved(long);
    let staggered = [short, long]
        .iter()
        .all(|s| together >= STAGGERED_MIN_SHARE * s.elapsed_time_s && moved(s));
    if to <= from || !(inside || staggered) {
        return false;
    }
    let (ran_short, ran_long) = (
        distance_between(short, from, to),
        distance_between(long, from, to),
    );
    let (less, more) = (ran_short.min(ran_long), ran_short.max(ran_long));
    ran_short >= SAME_RUNNING_MIN_DISTANCE_M
        && (more - less <= SAME_RUN_DISTANCE * more
            || less >= SAME_RUNNING_MIN_DISTANCE_M
                && more <= SAME_GROUND_FACTOR * less
                && same_places(a, b))
}

fn end(s: &Summary) -> f64 {
    s.start_time + s.elapsed_time_s
}

/// The distance a recording covered between two moments, from its 10-second buckets (each
/// counted whole: a bucket is 10 s of a run that lasts tens of minutes).
fn distance_between(s: &Summary, from: f64, to: f64) -> f64 {
    let bucket = |t: f64| ((t - s.start_time) / BUCKET_S).max(0.0) as usize;
    let (first, last) = (bucket(from), bucket(to));
    s.series
        .iter()
        .skip(first)
        .take(last.saturating_add(1).saturating_sub(first))
        .map(|b| f64::from(b.distance_m))
        .sum()
}

/// Whether a recording is as long as the longest of its group, but for what a recording may run
/// alone: one that stopped early did not record the whole run.
fn recorded_it_all(s: Option<&Summary>, longest_s: f64, allowed_s: f64) -> bool {
    s.is_some_and(|s| s.elapsed_time_s >= longest_s - allowed_s)
}

/// How far after `a` another activity may start and still be one with it: `a` runs alone until
/// the other starts, or the other starts inside it (a watch started late on a run the phone
/// recorded from its start).
fn start_gap_bound(a: &Summary) -> f64 {
    START_TOLERANCE_S
        .max(alone_allowed(a))
        .max(a.elapsed_time_s)
}

/// Within 3 %, or within a small absolute slack for very short activities.
fn close(x: f64, y: f64, slack: f64) -> bool {
    let diff = (x - y).abs();
    diff <= slack.min(x.max(y) * 0.5) || diff <= RELATIVE_TOLERANCE * x.max(y)
}

/// Richer first: heart rate, then format (FIT > TCX > GPX), then a copy read whole (not cut
/// short, its checksum right, its archive sound: of a clean copy and a damaged one, the damaged
/// one had been kept), then more samples, then path.
fn richness(row: &FileRow) -> (bool, u8, bool, usize) {
    let s = row.summary.as_deref();
    let damaged = |s: &Summary| {
        s.quality.iter().any(|q| {
            matches!(
                q.code,
                "truncated"
                    | "crc_mismatch"
                    | "header_crc_mismatch"
                    | "archive_broken"
                    | "chained_part_broken"
            )
        })
    };
    (
        s.is_some_and(|s| s.has_hr()),
        s.map_or(0, |s| s.format as u8),
        s.is_some_and(|s| !damaged(s)),
        s.map_or(0, |s| s.samples),
    )
}

/// Most activities after one, in start order, that it is compared with.
const MAX_COMPARED: usize = 64;
/// Most of those tested for the same running ([`same_running`]), which reads both series (up to
/// 20,000 buckets each): a run's recordings are a handful, and a crafted export of thousands of
/// overlapping day-long tracks must not make the dedupe cost more than reading them did.
const MAX_SERIES_COMPARED: usize = 8;

/// A row's start as its file gives it, whether or not it is a date (two copies of a file dated
/// 9999 are still copies): the order the comparisons below walk and stop by.
fn raw_start(row: &FileRow) -> f64 {
    row.summary
        .as_ref()
        .map(|s| s.start_time)
        .filter(|t| !t.is_nan())
        .unwrap_or(0.0)
}

/// Marks duplicates in place. Deterministic: the result does not depend on row order.
pub fn mark_duplicates(rows: &mut [FileRow]) {
    let mut candidates: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            rows[i].summary.is_some() && matches!(rows[i].status, Status::Ok | Status::NotRun)
        })
        .collect();
    candidates.sort_by(|&a, &b| {
        let (sa, sb) = (raw_start(&rows[a]), raw_start(&rows[b]));
        sa.total_cmp(&sb)
            .then_with(|| rows[a].path.cmp(&rows[b].path))
    });
    // Union-find over pairs that start within the tolerance of each other.
    let mut parent: Vec<usize> = (0..candidates.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..candidates.len() {
        // Bounded, so the pass stays linear: a runner's copies of one activity are a handful; only
        // a hostile file (200 000 sessions at one time) has more starts within the tolerance.
        for (k, j) in (i + 1..candidates.len()).take(MAX_COMPARED).enumerate() {
            let (Some(a), Some(b)) = (&rows[candidates[i]].summary, &rows[candidates[j]].summary)
            else {
                continue;
            };
            if b.start_time - a.start_time > start_gap_bound(a) {
                break;
            }
            // Two sessions of one multisport file are its legs, one after the other, never
            // copies of each other — unless the file holds one activity twice (a TCX of 50
            // identical <Activity> blocks counted its 30 minutes 50 times).
            let same_file =
                label::file(&rows[candidates[i]].path) == label::file(&rows[candidates[j]].path);
            let one = if same_file {
                repeated_in_one_file(a, b)
            } else {
                same_activity(a, b, k < MAX_SERIES_COMPARED)
            };
            if one {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, &row) in candidates.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(row);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let Some(longest) = members
            .iter()
            .filter_map(|&m| rows[m].summary.as_deref())
            .max_by(|a, b| a.elapsed_time_s.total_cmp(&b.elapsed_time_s))
        else {
            continue;
        };
        let (longest_s, allowed_s) = (longest.elapsed_time_s, alone_allowed(longest));
        let whole = |m: usize| recorded_it_all(rows[m].summary.as_deref(), longest_s, allowed_s);
        let Some(&keep) = members.iter().max_by(|&&a, &&b| {
            (whole(a), richness(&rows[a]))
                .cmp(&(whole(b), richness(&rows[b])))
                .then_with(|| rows[b].path.cmp(&rows[a].path))
        }) else {
            continue;
        };
        let kept_path = rows[keep].path.clone();
        let parts: Vec<(usize, bool)> = members
            .iter()
            .filter(|&&m| m != keep)
            .map(|&m| (m, whole(m)))
            .collect();
        for (m, whole) in parts {
            rows[m].note = if rows[m].path == kept_path {
                // `grayzone activities export export/run.tcx`: one file, reached twice.
                format!("{kept_path} named twice: read once")
            } else if whole && richness(&rows[m]) == richness(&rows[keep]) {
                // Copies as rich as each other (one file saved twice, a folder copied): no
                // "richer data" to speak of (real files round 39 #7).
                format!("same activity as {kept_path} (kept: the same data, first by path)")
            } else if whole {
                format!("same activity as {kept_path} (kept: richer data)")
            } else {
                format!("part of the same run as {kept_path} (kept: it recorded more of it)")
            };
            rows[m].status = Status::Duplicate;
            lend_the_runner_s_words(rows, m, keep);
        }
    }
}

/// What the runner said of a run on the recording left out (its title and notes, the watch
/// workout it followed, its export-index entry), given to the one kept where it has none: the
/// phone app's "Tempo Thursday" names the run the watch recorded better, and the plan and race
/// mark it carries are read from the kept row (newcomer 39 N2: the sample's only named run was
/// its duplicate, and `explain "morning run"` found nothing to explain).
fn lend_the_runner_s_words(rows: &mut [FileRow], from: usize, to: usize) {
    let Some(lent) = rows[from].summary.as_deref() else {
        return;
    };
    let (title, description, workout, index) = (
        lent.intent.title.clone(),
        lent.intent.description.clone(),
        lent.intent.workout.clone(),
        lent.index.clone(),
    );
    let Some(kept) = rows[to].summary.as_deref_mut() else {
        return;
    };
    if kept.intent.title.is_none() {
        kept.intent.title = title;
    }
    if kept.intent.description.is_none() {
        kept.intent.description = description;
    }
    if kept.intent.workout.is_none() {
        kept.intent.workout = workout;
    }
    if kept.index.is_none() {
        kept.index = index;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{QualityNote, SourceFormat, Sport};
    use crate::summarize::series::Series;
    use crate::summarize::summary::{
        Bucket, ClockMark, ClockMarks, DistanceSource, HrCleaningReport,
    };

    fn summary(format: SourceFormat, start: f64, elapsed: f64, distance: f64, hr: bool) -> Summary {
        Summary {
            format,
            sport: Sport::Running,
            sport_inferred: false,
            sport_raw: String::new(),
            device: None,
            start_time: start,
            utc_offset_s: None,
            moving_time_s: elapsed,
            elapsed_time_s: elapsed,
            timer_time_s: None,
            distance_m: distance,
            distance_source: DistanceSource::Device,
            track_source: Some(DistanceSource::Device),
            avg_hr: hr.then_some(140.0),
            max_hr: None,
            peak_hr_5s: None,
            hr_coverage_pct: 0.0,
            elevation_gain_m: None,
            avg_cadence: None,
            avg_power_w: None,
            timer_pauses: 0,
            stops: 0,
            laps: 0,
            has_gps: true,
            start_position: None,
            clock_marks: Default::default(),
            samples: 100,
            hr_cleaning: HrCleaningReport::default(),
            implausible: None,
            quality: vec![],
            series: Default::default(),
            walk_breaks: None,
            walks: None,
            intent: Default::default(),
            watch: Default::default(),
            index: None,
        }
    }

    #[test]
    fn fit_is_kept_over_gpx_of_the_same_run() {
        let mut rows = vec![
            FileRow::from_summary(
                "b/run.gpx",
                summary(SourceFormat::Gpx, 1000.0, 3600.0, 10_050.0, true),
            ),
            FileRow::from_summary(
                "a/run.fit",
                summary(SourceFormat::Fit, 1010.0, 3590.0, 10_000.0, true),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(rows[0].status, Status::Duplicate);
        assert_eq!(
            rows[0].note,
            "same activity as a/run.fit (kept: richer data)"
        );
        assert_eq!(rows[1].status, Status::Ok);
        // The same recording saved twice: neither is richer.
        let copy = || summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, true);
        let mut rows = vec![
            FileRow::from_summary("b/run.fit", copy()),
            FileRow::from_summary("a/run.fit", copy()),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(
            rows[0].note,
            "same activity as a/run.fit (kept: the same data, first by path)"
        );
    }

    #[test]
    fn the_kept_recording_takes_the_title_and_notes_of_the_one_left_out() {
        let mut phone = summary(SourceFormat::Gpx, 1000.0, 3600.0, 10_050.0, true);
        phone.intent.title = Some("Tempo Thursday".into());
        phone.intent.description = Some("3 x 10 min".into());
        let mut watch = summary(SourceFormat::Fit, 1010.0, 3590.0, 10_000.0, true);
        watch.intent.description = Some("felt good".into());
        let mut rows = vec![
            FileRow::from_summary("b/run.gpx", phone),
            FileRow::from_summary("a/run.fit", watch),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(rows[0].status, Status::Duplicate);
        let kept = rows[1].summary.as_deref().expect("the kept run");
        assert_eq!(kept.intent.title.as_deref(), Some("Tempo Thursday"));
        // Its own words stay its own.
        assert_eq!(kept.intent.description.as_deref(), Some("felt good"));
        // Two runs on one day lend nothing to each other.
        let mut morning = summary(SourceFormat::Gpx, 1000.0, 3600.0, 10_050.0, true);
        morning.intent.title = Some("Tempo".into());
        let mut rows = vec![
            FileRow::from_summary("b/am.gpx", morning),
            FileRow::from_summary(
                "a/pm.fit",
                summary(SourceFormat::Fit, 40_000.0, 3600.0, 10_000.0, true),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(
            rows[1]
                .summary
                .as_deref()
                .and_then(|s| s.intent.title.as_deref()),
            None
        );
    }

    #[test]
    fn a_clean_copy_is_kept_over_a_damaged_one() {
        // The same FIT file twice, one copy with a bad checksum (or cut short): the clean one is
        // kept, whatever the paths' order.
        for code in ["crc_mismatch", "truncated", "archive_broken"] {
            let mut damaged = summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, true);
            damaged.quality.push(QualityNote::new(code, "x"));
            let mut rows = vec![
                FileRow::from_summary("a/run.fit", damaged),
                FileRow::from_summary(
                    "b/run.fit",
                    summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, true),
                ),
            ];
            mark_duplicates(&mut rows);
            assert_eq!(rows[0].status, Status::Duplicate, "{code}");
            assert_eq!(rows[1].status, Status::Ok, "{code}");
        }
    }

    #[test]
    fn hr_beats_format() {
        let mut rows = vec![
            FileRow::from_summary(
                "run.gpx",
                summary(SourceFormat::Gpx, 1000.0, 3600.0, 10_000.0, true),
            ),
            FileRow::from_summary(
                "run.fit",
                summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, false),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(rows[0].status, Status::Ok);
        assert_eq!(rows[1].status, Status::Duplicate);
    }

    #[test]
    fn a_gpx_copy_whose_gps_distance_is_4_percent_longer_is_still_the_same_run() {
        let mut rows = vec![
            FileRow::from_summary(
                "run.fit",
                summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, true),
            ),
            FileRow::from_summary(
                "run.gpx",
                summary(SourceFormat::Gpx, 1003.0, 3601.0, 10_410.0, true),
            ),
            // Same start, same length, 11–17 % longer: not a copy.
            FileRow::from_summary(
                "other.gpx",
                summary(SourceFormat::Gpx, 1000.0, 3600.0, 11_700.0, true),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(rows[0].status, Status::Ok);
        assert_eq!(rows[1].status, Status::Duplicate);
        assert_eq!(rows[2].status, Status::Ok);
    }

    #[test]
    fn a_watch_and_a_phone_on_one_run_are_one_run_and_a_forgotten_watch_is_not() {
        // The phone app started 90 s before the watch and stopped a minute after it; its GPS
        // measured 4 % more.
        let mut rows = vec![
            FileRow::from_summary(
                "phone.gpx",
                summary(SourceFormat::Gpx, 1000.0, 3750.0, 10_400.0, false),
            ),
            FileRow::from_summary(
                "watch.fit",
                summary(SourceFormat::Fit, 1090.0, 3600.0, 10_000.0, true),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!(
            (rows[0].status, rows[1].status),
            (Status::Duplicate, Status::Ok)
        );
        // A watch left recording for four hours covers the evening's 40-minute run, which
        // covers a sixth of it: two activities.
        let mut rows = vec![
            FileRow::from_summary(
                "forgotten.fit",
                summary(SourceFormat::Fit, 1000.0, 4.0 * 3600.0, 8_000.0, true),
            ),
            FileRow::from_summary(
                "evening.fit",
                summary(
                    SourceFormat::Fit,
                    1000.0 + 3.0 * 3600.0,
                    2400.0,
                    8_000.0,
                    true,
                ),
            ),
        ];
        mark_duplicates(&mut rows);
        assert_eq!((rows[0].status, rows[1].status), (Status::Ok, Status::Ok));
    }

    /// A run at an even `mps`, its series written out, starting at `start`.
    fn run_at(format: SourceFormat, start: f64, elapsed: f64, mps: f32, hr: bool) -> Summary {
        let bucket = Bucket {
            moving_s: 10.0,
            distance_m: 10.0 * mps,
            ..Bucket::default()
        };
        let buckets = vec![bucket; (elapsed / 10.0) as usize];
        Summary {
            series: Series::from(buckets.as_slice()),
            ..summary(format, start, elapsed, f64::from(mps) * elapsed, hr)
        }
    }

    /// The rows of the named recordings, duplicates marked.
    fn marked<P: Into<String>>(recordings: impl IntoIterator<Item = (P, Summary)>) -> Vec<FileRow> {
        let mut rows: Vec<FileRow> = recordings
            .into_iter()
            .map(|(path, s)| FileRow::from_summary(path, s))
            .collect();
        mark_duplicates(&mut rows);
        rows
    }

    fn statuses(rows: &[FileRow]) -> Vec<Status> {
        rows.iter().map(|r| r.status).collect()
    }

    use SourceFormat::{Fit, Gpx};
    use Status::Duplicate;
    const MIN: f64 = 60.0;

    #[test]
    fn a_file_named_twice_is_said_so() {
        // It read "same activity as run.tcx (kept: richer data)", of itself.
        let rows = marked([
            ("exp/run.tcx", run_at(Gpx, 1000.0, 40.0 * MIN, 3.0, true)),
            ("exp/run.tcx", run_at(Gpx, 1000.0, 40.0 * MIN, 3.0, true)),
        ]);
        let twice: Vec<&FileRow> = rows.iter().filter(|r| r.status == Duplicate).collect();
        assert_eq!(twice.len(), 1);
        assert_eq!(twice[0].note, "exp/run.tcx named twice: read once");
    }

    #[test]
    fn a_folder_with_a_hash_in_its_name_is_no_file_s_session() {
        // `wk#12/` read every file in it as sessions of one file "wk": two devices on one run
        // there were both kept, and the run counted twice.
        let two = |folder: &str| {
            marked([
                (
                    format!("{folder}/watch.fit"),
                    run_at(Fit, 1000.0, 40.0 * MIN, 3.0, true),
                ),
                (
                    format!("{folder}/phone.gpx"),
                    run_at(Gpx, 1030.0, 40.0 * MIN, 3.0, false),
                ),
            ])
        };
        for folder in ["plain", "wk#12"] {
            let rows = two(folder);
            assert_eq!(
                statuses(&rows).iter().filter(|&&s| s == Duplicate).count(),
                1,
                "{folder}"
            );
        }
    }

    #[test]
    fn a_watch_that_died_inside_the_phones_run_is_part_of_it_and_the_phone_is_kept() {
        // The watch (with HR) died 65 minutes into a 2-hour run the phone recorded whole.
        let rows = marked([
            ("watch.fit", run_at(Fit, 1000.0, 65.0 * MIN, 2.8, true)),
            ("phone.gpx", run_at(Gpx, 1030.0, 120.0 * MIN, 2.9, false)),
        ]);
        assert_eq!(statuses(&rows), [Duplicate, Status::Ok]);
        assert_eq!(
            rows[0].note,
            "part of the same run as phone.gpx (kept: it recorded more of it)"
        );
        // The watch started 40 minutes late: the same.
        let rows = marked([
            ("phone.gpx", run_at(Gpx, 1000.0, 120.0 * MIN, 2.9, false)),
            (
                "watch.fit",
                run_at(Fit, 1000.0 + 40.0 * MIN, 80.0 * MIN, 2.8, true),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Duplicate]);
    }

    #[test]
    fn a_phone_started_at_home_and_a_watch_run_home_are_one_run() {
        // The phone from the front door (10 minutes alone), the watch from the park to the end
        // of the run home (12 minutes alone), 40 minutes together: neither lies inside the other,
        // each recorded more than a tenth alone. The watch (HR) is kept: it is as long as the
        // run, but for what a recording may run alone.
        let rows = marked([
            ("phone.gpx", run_at(Gpx, 1000.0, 50.0 * MIN, 2.9, false)),
            (
                "watch.fit",
                run_at(Fit, 1000.0 + 10.0 * MIN, 52.0 * MIN, 2.8, true),
            ),
        ]);
        assert_eq!(statuses(&rows), [Duplicate, Status::Ok]);
        assert_eq!(
            rows[0].note,
            "same activity as watch.fit (kept: richer data)"
        );
        // Sharing only 20 minutes of a 50- and a 52-minute recording: both kept (dropping either
        // would lose half an hour of the run; the 20 minutes count twice).
        let rows = marked([
            ("first.fit", run_at(Fit, 1000.0, 50.0 * MIN, 2.9, true)),
            (
                "second.fit",
                run_at(Fit, 1000.0 + 30.0 * MIN, 52.0 * MIN, 2.9, true),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Status::Ok]);
    }

    /// Positions at the clock's marks from `start` for `minutes`: on a line heading north from
    /// (45, 7) at `north_mps` (negative: south).
    fn marks(start: f64, minutes: f64, north_mps: f64) -> ClockMarks {
        let first = (start / 600.0).ceil() as u32;
        (first..)
            .take_while(|&m| (m as f64) * 600.0 <= start + minutes * MIN)
            .map(|mark| ClockMark {
                mark,
                lat: (45.0 + north_mps * (mark as f64 * 600.0 - start) / 111_320.0) as f32,
                lon: 7.0,
            })
            .collect()
    }

    #[test]
    fn a_phone_far_short_in_the_same_places_is_the_runs_second_recording() {
        // The watch records 40 minutes; a phone app, started 20 s later and stopped at 30
        // minutes, reads its GPS 15 % (then 29 %) short on a winding route, in the same places
        // at each mark of the clock. Read as two runs of one session, the week counted 70
        // minutes of a 40-minute run.
        let start = 6000.0;
        let watch = || Summary {
            clock_marks: marks(start, 40.0, 3.5),
            ..run_at(Fit, start, 40.0 * MIN, 3.5, true)
        };
        for phone_mps in [2.95, 2.5] {
            let phone = Summary {
                clock_marks: marks(start, 30.0, 3.5),
                ..run_at(Gpx, start + 20.0, 30.0 * MIN, phone_mps, false)
            };
            let rows = marked([("watch.fit", watch()), ("phone.gpx", phone)]);
            assert_eq!(statuses(&rows), [Status::Ok, Duplicate], "{phone_mps}");
        }
        // Two people on one account, started 2 minutes apart, 10 km north and 8 km south: as
        // far apart in distance, kilometres apart at the marks. Two runs.
        let him = Summary {
            clock_marks: marks(start, 50.0, 3.3),
            ..run_at(Fit, start, 50.0 * MIN, 3.3, true)
        };
        let her = Summary {
            clock_marks: marks(start + 120.0, 50.0, -2.7),
            ..run_at(Gpx, start + 120.0, 50.0 * MIN, 2.7, true)
        };
        assert_eq!(
            statuses(&marked([("him.fit", him), ("her.gpx", her)])),
            [Status::Ok, Status::Ok]
        );
        // Without positions (a treadmill, GPS off) nothing shows they were the same places: the
        // distances must agree within 10 %.
        let rows = marked([
            ("watch.fit", run_at(Fit, start, 40.0 * MIN, 3.5, true)),
            (
                "phone.gpx",
                run_at(Gpx, start + 20.0, 30.0 * MIN, 2.95, false),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Status::Ok]);
    }

    #[test]
    fn a_run_inside_a_recording_that_is_not_that_run_is_a_run_of_its_own() {
        // A watch left recording at home all afternoon (a few metres of GPS drift a bucket)
        // while its runner ran 40 minutes with the phone.
        let rows = marked([
            (
                "forgotten.fit",
                run_at(Fit, 1000.0, 240.0 * MIN, 0.05, true),
            ),
            (
                "phone.gpx",
                run_at(Gpx, 1000.0 + 60.0 * MIN, 40.0 * MIN, 3.0, false),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Status::Ok]);
        // A watch forgotten on the wrist from the morning run to the night: it recorded the
        // evening run the phone did too, but stood still most of its ten hours.
        let day: Vec<Bucket> = (0..3600)
            .map(|k| {
                let running = k < 360 || (2880..3120).contains(&k);
                Bucket {
                    moving_s: if running { 10.0 } else { 0.0 },
                    distance_m: if running { 30.0 } else { 0.0 },
                    ..Bucket::default()
                }
            })
            .collect();
        let forgotten = Summary {
            series: Series::from(day.as_slice()),
            moving_time_s: 100.0 * MIN,
            ..summary(Fit, 1000.0, 600.0 * MIN, 18_000.0, true)
        };
        let rows = marked([
            ("forgotten.fit", forgotten),
            (
                "evening.gpx",
                run_at(Gpx, 1000.0 + 480.0 * MIN, 40.0 * MIN, 3.0, false),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Status::Ok]);
        // A recording inside another at half its pace: not the same running either.
        let rows = marked([
            ("long.fit", run_at(Fit, 1000.0, 120.0 * MIN, 3.0, true)),
            (
                "inside.fit",
                run_at(Fit, 1000.0 + 10.0 * MIN, 30.0 * MIN, 1.5, true),
            ),
        ]);
        assert_eq!(statuses(&rows), [Status::Ok, Status::Ok]);
    }

    #[test]
    fn only_the_first_few_recordings_after_one_have_their_series_read() {
        // A crafted export: a 2-hour track, then nine more starting inside it, none covering its
        // ground nor each other's (each 12 % faster than the one before, all slower than it),
        // then one that does. The series are read for the first eight after the long one only
        // (a run's recordings are a handful): the tenth is not reached.
        let long = (
            "long.fit".to_string(),
            run_at(Fit, 1000.0, 120.0 * MIN, 3.0, true),
        );
        let slow = |k: i32| {
            let start = 1100.0 + 10.0 * f64::from(k);
            (
                format!("slow{k}.fit"),
                run_at(Fit, start, 30.0 * MIN, 1.12f32.powi(k), true),
            )
        };
        let inside = (
            "inside.fit".to_string(),
            run_at(Fit, 1200.0, 30.0 * MIN, 3.0, true),
        );
        let rows = marked(
            std::iter::once(long.clone())
                .chain((0..9).map(slow))
                .chain(std::iter::once(inside.clone())),
        );
        assert!(statuses(&rows).iter().all(|&s| s == Status::Ok));
        // Seven between them, so it is the eighth after the long one: it is read, and inside.
        let rows = marked(
            std::iter::once(long)
                .chain((2..9).map(slow))
                .chain(std::iter::once(inside)),
        );
        assert_eq!(statuses(&rows).last(), Some(&Duplicate));
    }

    #[test]
    fn two_runs_on_one_day_are_not_duplicates() {
        let mut rows = vec![
            FileRow::from_summary(
                "am.fit",
                summary(SourceFormat::Fit, 1000.0, 3600.0, 10_000.0, true),
            ),
            FileRow::from_summary(
                "pm.fit",
                summary(SourceFormat::Fit, 40_000.0, 3600.0, 10_000.0, true),
            ),
            // Same start but a different length: a different recording, not a copy.
            FileRow::from_summary(
                "other.gpx",
                summary(SourceFormat::Gpx, 1020.0, 1800.0, 5_000.0, true),
            ),
        ];
        mark_duplicates(&mut rows);
        assert!(rows.iter().all(|r| r.status == Status::Ok));
    }
}
