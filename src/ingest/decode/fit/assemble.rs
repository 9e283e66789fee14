//! Splits what was collected from a FIT file into activities: one per session (triathlons and
//! chained files have several), or one for the whole file when it has no session message.

use super::collect::{Collected, SessionSummary, Stamped, Timer};
use super::profile;
use super::reader::{FIRST_ABSOLUTE_TIME, FIT_EPOCH_UNIX};
use crate::activity::{Activity, Pause, QualityNote, Sample, SourceFormat, Sport};
use crate::ingest::budget;

/// Sessions ordered by start, to find the one a moment belongs to.
struct SessionClock {
    /// (start, session index) of every session, sorted by start; unknown starts sort first.
    all: Vec<(f64, usize)>,
    /// The same, per part of a chained file.
    by_part: Vec<Vec<(f64, usize)>>,
}

impl SessionClock {
    fn new(sessions: &[SessionSummary]) -> Self {
        let mut all: Vec<(f64, usize)> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.start().unwrap_or(f64::NEG_INFINITY), i))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        let parts = sessions.iter().map(|s| s.part + 1).max().unwrap_or(0);
        let mut by_part = vec![Vec::new(); parts];
        for &(start, i) in &all {
            if let Some(list) = sessions.get(i).and_then(|s| by_part.get_mut(s.part)) {
                list.push((start, i));
            }
        }
        SessionClock { all, by_part }
    }

    /// The session a moment of `part` belongs to: among the sessions of that part (all sessions
    /// when the part has none, as in summary-first files), the last one started at or before it;
    /// moments before every start go to the first session, moments after every end to the last.
    fn session_at(&self, part: usize, time: Option<f64>) -> usize {
        let list = match self.by_part.get(part) {
            Some(list) if !list.is_empty() => list,
            _ => &self.all,
        };
        let time = time.unwrap_or(f64::NEG_INFINITY);
        let started = list.partition_point(|&(start, _)| start <= time);
        list.get(started.saturating_sub(1)).map_or(0, |&(_, i)| i)
    }
}

/// Builds the activities of a file. `notes` are the file's quality notes, given to every
/// activity. Returns no activity when the file has neither records nor sessions.
pub(super) fn activities(mut c: Collected, notes: &[QualityNote]) -> Vec<Activity> {
    let intent = std::mem::take(&mut c.intent);
    // The strap's log goes into the records in file order, before they are split into sessions,
    // as the SDK merges it.
    c.beats.beats.sort_by(|a, b| a.0.total_cmp(&b.0));
    super::hr::merge(&mut c.samples, &c.beats.beats);
    let mut template = Activity {
        format: Some(SourceFormat::Fit),
        device: c.device.clone(),
        utc_offset_s: c
            .activity_clock
            .and_then(|(utc, local)| super::collect::utc_offset(utc, local)),
        notes: notes.to_vec(),
        ..Activity::default()
    };
    if c.records_without_time > 0 {
        template.notes.push(QualityNote::new(
            "records_without_time",
            format!(
                "{} record(s) before the first timestamp of their part were skipped",
                c.records_without_time
            ),
        ));
    }
    let mut out = if c.sessions.is_empty() {
        without_session(c, template).into_iter().collect()
    } else {
        with_sessions(c, &template)
    };
    out.iter_mut().for_each(note_device_time);
    intent.attach(&mut out);
    out
}

/// Watches whose clock was never set count seconds from power-on: the dates are 1990, not real.
fn note_device_time(a: &mut Activity) {
    let first = a.samples.first().map(|s| s.time).or(a.totals.start_time);
    if first.is_some_and(|t| t < FIT_EPOCH_UNIX + FIRST_ABSOLUTE_TIME as f64) {
        a.notes.push(QualityNote::new(
            "relative_time",
            "times count from device power-on (clock not set); the dates are not real",
        ));
    }
}

fn without_session(c: Collected, mut activity: Activity) -> Option<Activity> {
    if c.samples.is_empty() {
        return None;
    }
    let (sport, sub_sport) = c.sport.unwrap_or((None, None));
    (activity.sport, activity.sport_raw) = sport_words(sport, sub_sport);
    activity.pauses = pauses(&c.timer).map(|(_, pause)| pause).collect();
    activity.laps = u32::try_from(c.laps.len()).unwrap_or(u32::MAX);
    activity.lap_starts = c.laps.iter().filter_map(|l| l.time).collect();
    activity.samples = c.samples;
    crate::activity::sort_by_time(&mut activity.samples);
    activity.notes.push(QualityNote::new(
        "no_session",
        "file has records but no session message; sport from the sport message if any",
    ));
    Some(activity)
}

fn with_sessions(c: Collected, template: &Activity) -> Vec<Activity> {
    let clock = SessionClock::new(&c.sessions);
    let mut out: Vec<Activity> = c
        .sessions
        .iter()
        .map(|s| {
            let mut a = template.clone();
            let sport = s.sport.or_else(|| c.sport.and_then(|(sp, _)| sp));
            let sub = s.sub_sport.or_else(|| c.sport.and_then(|(_, sub)| sub));
            (a.sport, a.sport_raw) = sport_words(sport, sub);
            a.totals = s.totals;
            a
        })
        .collect();

    if let [only] = out.as_mut_slice() {
        only.samples = c.samples;
    } else {
        // The samples are copied into their sessions while the file's list still holds them.
        let copy = (c.samples.len() as u64).saturating_mul(size_of::<Sample>() as u64);
        if !budget::charge(copy) {
            return Vec::new();
        }
        distribute_samples(&c, &clock, &mut out);
    }
    // Each pause and lap is given to its session once: asking every session to look through every
    // event made 200 000 sessions take hours.
    for (stop, pause) in pauses(&c.timer) {
        if let Some(a) = out.get_mut(clock.session_at(stop.part, stop.time)) {
            a.pauses.push(pause);
        }
    }
    for lap in &c.laps {
        if let Some(a) = out.get_mut(clock.session_at(lap.part, lap.time)) {
            a.laps += 1;
            a.lap_starts.extend(lap.time);
        }
    }
    for a in &mut out {
        crate::activity::sort_by_time(&mut a.samples);
    }
    out
}

/// Copies every sample to its session's activity. Owners are found first so that each activity
/// is allocated once at its final size (multisport files are the big ones).
fn distribute_samples(c: &Collected, clock: &SessionClock, out: &mut [Activity]) {
    let ends = c
        .part_starts
        .iter()
        .skip(1)
        .copied()
        .chain([c.samples.len()]);
    let mut owners: Vec<usize> = Vec::with_capacity(c.samples.len());
    for (part, (start, end)) in c.part_starts.iter().copied().zip(ends).enumerate() {
        let samples = c.samples.get(start..end).unwrap_or_default();
        owners.extend(samples.iter().map(|s| clock.session_at(part, Some(s.time))));
    }
    let mut counts = vec![0usize; out.len()];
    for &o in &owners {
        if let Some(n) = counts.get_mut(o) {
            *n += 1;
        }
    }
    for (a, &n) in out.iter_mut().zip(&counts) {
        a.samples.reserve_exact(n);
    }
    for (s, &o) in c.samples.iter().zip(&owners) {
        if let Some(a) = out.get_mut(o) {
            a.samples.push(*s);
        }
    }
}

/// Timer pauses: each stop up to the next start, within one part, with the stop that began it.
/// Repeated stops keep the first.
fn pauses(events: &[Stamped<Timer>]) -> impl Iterator<Item = (&Stamped<Timer>, Pause)> {
    let mut stopped: Option<&Stamped<Timer>> = None;
    events.iter().filter_map(move |e| match (e.what, stopped) {
        (Timer::Stop, None) => {
            stopped = Some(e);
            None
        }
        (Timer::Start, Some(stop)) => {
            stopped = None;
            let (stopped_at, resumed_at) = (stop.time?, e.time?);
            (stop.part == e.part && resumed_at >= stopped_at).then_some((
                stop,
                Pause {
                    stopped_at,
                    resumed_at,
                },
            ))
        }
        _ => None,
    })
}

/// Normalized sport and the profile words ("running/treadmill"; "running" when the sub-sport is
/// generic or absent).
fn sport_words(sport: Option<u8>, sub_sport: Option<u8>) -> (Sport, String) {
    let Some(sport) = sport else {
        return (Sport::Other, String::new());
    };
    let sport_name = profile::sport_name(sport);
    let sub_name = sub_sport.map(profile::sub_sport_name);
    let raw = match (&sub_name, sub_sport) {
        (Some(sub), Some(s)) if s != 0 => format!("{sport_name}/{sub}"),
        _ => sport_name.clone(),
    };
    (Sport::from_text(&sport_name, sub_name.as_deref()), raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::DeviceTotals;

    fn session(part: usize, start: f64, elapsed: f64) -> SessionSummary {
        SessionSummary {
            part,
            timestamp: Some(start + elapsed),
            sport: Some(1),
            sub_sport: None,
            totals: DeviceTotals {
                start_time: Some(start),
                elapsed_s: Some(elapsed),
                ..DeviceTotals::default()
            },
        }
    }

    #[test]
    fn moments_go_to_the_session_that_contains_them() {
        let sessions = [
            session(0, 100.0, 50.0),
            session(0, 150.0, 50.0),
            session(0, 200.0, 10.0),
        ];
        let clock = SessionClock::new(&sessions);
        assert_eq!(clock.session_at(0, Some(120.0)), 0);
        assert_eq!(clock.session_at(0, Some(150.0)), 1); // boundary: the session that starts
        assert_eq!(clock.session_at(0, Some(50.0)), 0); // before all: first
        assert_eq!(clock.session_at(0, Some(999.0)), 2); // after all: last
    }

    #[test]
    fn chained_parts_keep_their_own_sessions_even_with_equal_times() {
        // Two copies of the same activity chained: each part's records stay in its part.
        let sessions = [session(0, 100.0, 50.0), session(1, 100.0, 50.0)];
        let clock = SessionClock::new(&sessions);
        assert_eq!(clock.session_at(0, Some(120.0)), 0);
        assert_eq!(clock.session_at(1, Some(120.0)), 1);
        // a part without sessions (records before their summary) uses every session
        assert_eq!(clock.session_at(2, Some(120.0)), 1);
    }

    #[test]
    fn pauses_pair_stop_with_next_start() {
        let ev = |t: f64, what| Stamped {
            part: 0,
            time: Some(t),
            what,
        };
        let events = [
            ev(0.0, Timer::Start),
            ev(10.0, Timer::Stop),
            ev(12.0, Timer::Stop),
            ev(20.0, Timer::Start),
            ev(30.0, Timer::Stop),
        ];
        assert_eq!(
            pauses(&events).map(|(_, p)| p).collect::<Vec<_>>(),
            vec![Pause {
                stopped_at: 10.0,
                resumed_at: 20.0
            }]
        );
    }

    #[test]
    fn sport_words_follow_the_profile() {
        assert_eq!(
            sport_words(Some(1), Some(1)),
            (Sport::TreadmillRunning, "running/treadmill".into())
        );
        assert_eq!(
            sport_words(Some(1), Some(0)),
            (Sport::Running, "running".into())
        );
        assert_eq!(
            sport_words(Some(1), Some(3)),
            (Sport::TrailRunning, "running/trail".into())
        );
        assert_eq!(
            sport_words(Some(5), Some(17)),
            (Sport::Swimming, "swimming/lap_swimming".into())
        );
        assert_eq!(
            sport_words(Some(2), Some(58)),
            (Sport::Cycling, "cycling/virtual_activity".into())
        );
        assert_eq!(
            sport_words(Some(17), None),
            (Sport::Hiking, "hiking".into())
        );
        assert_eq!(
            sport_words(Some(200), None),
            (Sport::Other, "sport_200".into())
        );
        assert_eq!(sport_words(None, None), (Sport::Other, String::new()));
    }
}
