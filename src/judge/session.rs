//! One session, several files: a warm-up, a workout and a cool-down saved as three activities a
//! few minutes apart (the runner stopped the watch to stretch, to queue at a start line, or ran
//! the watch's workout as an activity of its own). A coach reads one session, the workout, and
//! the jogs around it as its warm-up and cool-down: not easy days of their own (the week's count
//! of sessions), and not the recovery run the workout should have been followed by (a cool-down
//! five minutes after the last rep is no "day after").

use std::ops::Range;

use crate::judge::rules::{SESSION_GAP_S, SESSION_MAX_SPAN_S, WARM_UP_MAX_S};

/// The sessions of runs in date order, as ranges of their indices: a run that starts within
/// [`SESSION_GAP_S`] of the end of the runs before it, and within [`SESSION_MAX_SPAN_S`] of the
/// first one's start, continues their session. `spans` are the runs' (start, end) times; a run
/// without them is a session of its own.
pub fn sessions(spans: &[Option<(f64, f64)>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    // The open session: its first run, when that started, and where the session ends so far.
    let mut open: Option<(usize, f64, f64)> = None;
    for (i, span) in spans.iter().enumerate() {
        open = match (open, span) {
            (Some((first, began, end)), Some((start, this_end)))
                if *start - end <= SESSION_GAP_S && *start - began <= SESSION_MAX_SPAN_S =>
            {
                Some((first, began, end.max(*this_end)))
            }
            _ => {
                if let Some((first, _, _)) = open {
                    out.push(first..i);
                }
                span.map(|(start, end)| (i, start, end))
            }
        };
        if span.is_none() {
            out.push(i..i + 1);
        }
    }
    if let Some((first, _, _)) = open {
        out.push(first..spans.len());
    }
    out
}

/// A session's running time from its runs' (start, end of running) spans: their moving time,
/// no more than from the first start to the last end (two recordings of one stretch, overlapping,
/// are not twice the run).
pub fn running_time(spans: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut first, mut last) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
    for (start, end) in spans {
        sum += end - start;
        first = first.min(start);
        last = last.max(end);
    }
    sum.min(last - first).max(0.0)
}

/// The workout of a session of several runs, as an index into `parts` (each `Some((hard, moving
/// seconds))`, `None` for a run without a verdict): its longest hard run. `None` for a single run
/// or when no part is hard (an easy run saved in two halves is two easy runs).
pub fn workout_of(parts: &[Option<(bool, f64)>]) -> Option<usize> {
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.filter(|(hard, _)| *hard).map(|(_, moving)| (i, moving)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

/// Whether a part of a session is the warm-up or cool-down of its workout: not hard itself, and
/// no longer than [`WARM_UP_MAX_S`] (a 90-minute easy run before a separate tempo is a long run,
/// while a 20-minute warm-up may outlast the 17-minute 5K it prepares).
pub fn surrounds(hard: bool, moving_s: f64) -> bool {
    !hard && moving_s <= WARM_UP_MAX_S
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: f64 = 60.0;

    fn span(start_min: f64, minutes: f64) -> Option<(f64, f64)> {
        Some((start_min * MIN, (start_min + minutes) * MIN))
    }

    #[test]
    fn runs_minutes_apart_are_one_session_and_a_double_hours_apart_is_two() {
        let spans = [
            span(0.0, 12.0),        // warm-up
            span(15.0, 30.0),       // workout, 3 min later
            span(50.0, 10.0),       // cool-down, 5 min after it
            span(8.0 * 60.0, 30.0), // the evening's easy run
            None,
            span(9.0 * 60.0, 20.0),
        ];
        assert_eq!(sessions(&spans), vec![0..3, 3..4, 4..5, 5..6]);
    }

    #[test]
    fn the_gap_is_measured_from_the_end_of_the_session_so_far() {
        // A 30-minute gap after a 2-hour run: one session; 31 minutes: two.
        assert_eq!(sessions(&[span(0.0, 120.0), span(150.0, 10.0)]), vec![0..2]);
        assert_eq!(
            sessions(&[span(0.0, 120.0), span(151.0, 10.0)]),
            vec![0..1, 1..2]
        );
        // A short run inside a long one's span does not pull the session's end back.
        assert_eq!(
            sessions(&[span(0.0, 120.0), span(10.0, 5.0), span(140.0, 10.0)]),
            vec![0..3]
        );
    }

    #[test]
    fn a_session_ends_twelve_hours_after_it_began() {
        // A backyard ultra saved a lap a file: a 50-minute lap on every hour, 36 of them. They
        // chained into one session of a day and a half; now each 12 hours from a first lap.
        let laps: Vec<_> = (0..36).map(|h| span(f64::from(h) * 60.0, 50.0)).collect();
        assert_eq!(sessions(&laps), vec![0..13, 13..26, 26..36]);
    }

    #[test]
    fn a_sessions_running_time_counts_overlapping_recordings_once() {
        // Two halves with a 5-minute stop: 65 + 55 minutes.
        let halves = [(0.0, 65.0 * MIN), (70.0 * MIN, 125.0 * MIN)];
        assert_eq!(running_time(halves.into_iter()), 120.0 * MIN);
        // A watch and a phone on the same hour: one hour, not two.
        let twice = [(0.0, 60.0 * MIN), (-MIN, 61.0 * MIN)];
        assert_eq!(running_time(twice.into_iter()), 62.0 * MIN);
        assert_eq!(running_time(std::iter::empty()), 0.0);
    }

    #[test]
    fn the_workout_is_the_longest_hard_part() {
        let parts = [
            Some((false, 12.0 * MIN)),
            Some((true, 8.0 * MIN)),
            Some((true, 30.0 * MIN)),
            None,
            Some((false, 10.0 * MIN)),
        ];
        assert_eq!(workout_of(&parts), Some(2));
        assert_eq!(
            workout_of(&[Some((false, 30.0)), Some((false, 20.0))]),
            None
        );
        assert_eq!(workout_of(&[Some((true, 30.0))]), None);
    }

    #[test]
    fn a_warm_up_is_an_easy_part_of_at_most_forty_minutes() {
        assert!(surrounds(false, 12.0 * MIN));
        // Longer than the 17-minute race it warms up for.
        assert!(surrounds(false, 20.0 * MIN));
        assert!(!surrounds(true, 12.0 * MIN));
        assert!(!surrounds(false, 90.0 * MIN));
    }
}
