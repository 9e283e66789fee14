//! Judging every run: recovery, easy or hard; gray-zone runs; accidental workouts; the recovery
//! rules of COACHING_RULES.md. Each run is judged against the baseline valid at its date, from its
//! zones and its [`shape`](crate::judge::shape), in this order (every figure is in
//! [`rules`](crate::judge::rules), with the reason for its value):
//! - **gray zone** (class hard): one steady, unstructured effort, mostly moderate, faster than the
//!   usual easy pace yet short of threshold;
//! - **workout** (class hard): enough time in the high zone, or clear repetitions: intervals, hill
//!   repeats, tempo, race or fartlek;
//! - **accidental workout** (class hard): starts easy, then a sustained push to the end — or, the
//!   day after a hard session, an unstructured run at moderate effort and faster than easy;
//! - any other run mostly moderate or high, the pace agreeing: hard;
//! - otherwise low intensity: **recovery** when slow against the usual easy pace, calm, short and
//!   shorter than the runner's normal easy runs, without strides; else **easy** (long runs included).

use rayon::prelude::*;

use crate::activity::calendar::local_day;
use crate::judge::baseline::{self, Baseline, RunFacts, OWN_EASY_PACE_WHY};
use crate::judge::intent::{planned, Planned, PlannedRun, Said, WordList};
use crate::judge::overrides::Override;
// The verdict's words live in a leaf of their own, so the overrides that name a class need not
// reach into the classifier (a cycle between them).
use crate::judge::profile::Profile;
use crate::judge::reason::Reason;
use crate::judge::session;
pub use crate::judge::verdict::{Flag, RunClass, SessionKind};
use crate::judge::watch::{Reading, WatchHistory};
// Every figure below comes from the rules table.
use crate::judge::rules::*;
use crate::judge::shape::{shape, Drift, PacedBlock, Shape, Surges};
use crate::judge::zones::{self, Thresholds, ZoneSource, ZoneTotals};
use crate::judge::SeriesAfter;
use crate::summarize::row::FileRow;
use crate::summarize::series::Series;
use crate::summarize::summary::{DistanceSource, Summary};
use crate::summarize::walks::{WalkBreaks, Walks};

const MIN: f64 = 60.0;

/// The verdict on one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub class: RunClass,
    pub gray_zone: bool,
    pub session: SessionKind,
    /// What to look at, in a fixed order (see README).
    pub flags: Vec<Flag>,
    pub reason: Reason,
    /// The run's time in each zone as it was judged: without its walks.
    pub zones: ZoneTotals,
    /// The whole file's, walks and all, when walks were left out (see [`Judgement::week_zones`]).
    pub file_zones: Option<ZoneTotals>,
    /// The file's time in each zone by pace, for a run judged easy by its legs because its heart
    /// drifted at an even pace (heat, duration): what the week counts of it.
    pub week_by_pace: Option<ZoneTotals>,
    pub zone_source: ZoneSource,
    pub baseline: Baseline,
    pub thresholds: Thresholds,
    /// Average HR as a share of max HR (0–1), when HR is usable.
    pub hr_fraction: Option<f64>,
    /// Seconds per km slower (+) or faster (−) than the usual easy pace.
    pub pace_vs_easy_s_per_km: Option<f64>,
    /// Repetitions of ≥ 30 s in the high zone.
    pub reps: usize,
    /// What the runner meant the run to be, and where that was read.
    pub planned: Option<PlannedRun>,
    /// What a coach's override set (`class`, `planned`, `race`, `note`), in that order.
    pub overridden: Vec<&'static str>,
    /// The override's note and the line it is on.
    pub override_note: Option<String>,
    /// What the rules for structure, terrain and drift saw (for `explain`).
    pub evidence: Evidence,
    /// The run continues the session of the run before it (saved minutes after it): the week
    /// counts the session once.
    pub continues_session: bool,
}

/// The figures behind the rules that look past the zones: surges counted from pace, the terrain,
/// the heart drifting at an even pace, HR on climbs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evidence {
    /// A race in one all-out effort (a track race with its warm-up and cool-down): its best 2
    /// minutes' grade-adjusted speed (m/s).
    pub short_race_speed: Option<f64>,
    pub surges: Surges,
    /// Whether the surges are enough for a workout by structure…
    pub surges_suffice: bool,
    /// …and whether they alone made it one (no HR repetitions to tell it).
    pub workout_by_surges: bool,
    /// Climb per km, and whether the route counted as trail or hilly.
    pub climb_m_per_km: Option<f64>,
    pub terrain: bool,
    /// The pace came without a position (a treadmill, a footpod): blind to an incline.
    pub incline_unseen: bool,
    /// Grade-adjusted pace against the usual easy pace (s/km, − faster), on hilly routes.
    pub gap_vs_easy_s_per_km: Option<f64>,
    /// High-zone HR on climbs at a low grade-adjusted pace, counted moderate (seconds).
    pub climb_capped_s: f64,
    pub drift: Option<Drift>,
    /// The run was judged by pace because its HR drifted at an even easy pace.
    pub judged_by_pace_for_drift: bool,
    /// Which recovery figure missed its edge by a margin while the others agreed.
    pub recovery_margin: Option<&'static str>,
    /// Strides in an easy run (bursts at stride pace, 30 s apart; 0 under `STRIDES_MIN_BURSTS`):
    /// they make it easy, not recovery.
    pub strides: usize,
    /// The running time of the session the run is one file of, when it was saved in pieces.
    pub session_moving_s: Option<f64>,
    /// Mostly moderate or high by heart rate, yet judged low: the pace stayed near the usual
    /// easy pace and the average HR under the figure that is hard by the heart alone.
    pub heart_without_the_legs: bool,
    /// The bursts at stride pace that made the run a set of short reps (0 when they did not).
    pub short_reps: usize,
    /// A run-walk session's walk breaks, when its pace was read over its running.
    pub walk_breaks: Option<WalkBreaks>,
    /// The walks before, in the middle of and after the running, left out of its judging.
    pub walks: Option<Walks>,
    /// A block at marathon pace or faster between easy running (see `shape::paced_block`)…
    pub paced_block: Option<PacedBlock>,
    /// …and whether it alone made the run a workout (a tempo).
    pub workout_by_block: bool,
    /// The clause of the workout rule that made a hard run hard, for `explain` to name (the rule
    /// lists a dozen). `None` for a run that is not hard, and for gray-zone runs and accidental
    /// workouts, whose rules are one clause each.
    pub hard_by: Option<HardBy>,
    /// The clause that made a gray-zone run one (see [`GrayBy`]).
    pub gray_by: Option<GrayBy>,
}

/// Which clause of the gray-zone rule made a run gray.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrayBy {
    /// Steady, mostly moderate by the heart, at a pace clearly faster than the easy pace.
    Road,
    /// Steady at a pace far faster than the easy pace, the heart just under the band.
    Legs,
    /// A moderate heart on a trail, a hilly route or an incline the pace cannot see: the ground,
    /// not the runner, slowed the pace.
    Terrain,
    /// Steady and mostly moderate, by pace alone (or by a heart with no pace to compare).
    Zones,
    /// Nothing inside the run is known, only its average HR, in the gray band.
    AverageHr,
    /// Steady and mostly moderate or high, with the pace agreeing.
    MostlyNotLow,
    /// Mostly moderate with the pace agreeing, unsteady but with no reps, surges or block and next
    /// to nothing high: it never reached threshold.
    NeverThreshold,
}

/// Which clause of the workout rule made a run hard, in the order the classifier tries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HardBy {
    /// Nothing inside the run is known, only its average HR: at the gray band's top or over it.
    AverageHr,
    /// Time in the high zone: 5 minutes and 8 % of the run.
    HighTime,
    /// Repetitions of 30 s or more in an unsteady run, with 3 minutes high in all.
    Reps,
    /// Surges at threshold pace or faster with recoveries between them.
    Surges,
    /// A block at marathon pace between easy running.
    Block,
    /// One all-out effort of 800 m to a mile.
    ShortRace,
    /// Mostly moderate or high, with the pace (or the heart alone) agreeing.
    MostlyNotLow,
    /// A dozen bursts or more at stride pace: short reps, whatever the heart did.
    ShortReps,
}

impl Judgement {
    /// The time in each zone the week counts: the file's, as its moving time is the device's (a
    /// walk home is time on the feet, at low intensity).
    ///
    /// A run the heart's drift had judged by its legs gives its minutes by pace: a hot summer's
    /// easy runs, their heart 10–15 bpm up at the usual pace, failed the week's 80/20 and made it
    /// "gray-zone heavy" with no gray run in it (season 35 F1).
    pub fn week_zones(&self) -> ZoneTotals {
        self.week_by_pace.or(self.file_zones).unwrap_or(self.zones)
    }

    /// Planned recovery or easy, judged hard: the accidental workout by the runner's own word.
    pub fn harder_than_planned(&self) -> bool {
        self.flags.contains(&Flag::HarderThanPlanned)
    }

    /// Planned workout or race, run easy: a missed session.
    pub fn easier_than_planned(&self) -> bool {
        self.flags.contains(&Flag::EasierThanPlanned)
    }
}

/// What intent a run carries: the file's and the index's words, its workout, an override.
fn said<'a>(s: &'a Summary, b: &Baseline, o: Option<&Override>) -> Said<'a> {
    let index = s.index.as_ref();
    Said {
        overridden: o.and_then(|o| o.planned),
        race_marker: index.is_some_and(|e| e.race),
        long_marker: index.is_some_and(|e| e.long_run),
        title: s.intent.title.as_deref(),
        description: s.intent.description.as_deref(),
        index_title: index.and_then(|e| e.name.as_deref()),
        index_description: index.and_then(|e| e.description.as_deref()),
        workout: s.intent.workout.as_deref(),
        laps: &s.intent.laps,
        max_hr: Some(b.max_hr.value),
        easy_speed_mps: Some(b.easy_speed.value),
    }
}

/// The verdict against the plan and the coach's word: a planned race is raced (not a gray-zone
/// run, not an accident), an override's class wins over the verdict and says so, and the run is
/// flagged when it went harder or easier than planned.
fn apply_intent(j: &mut Judgement, race: bool, o: Option<&Override>) {
    if let Some(o) = o {
        if o.planned.is_some() {
            j.overridden.push("planned");
        }
    }
    if race && j.class == RunClass::Hard && j.session != SessionKind::Race {
        j.session = SessionKind::Race;
        j.gray_zone = false;
        j.flags.retain(|f| *f != Flag::AccidentalWorkout);
        j.reason = std::mem::take(&mut j.reason).after("race (as planned): ");
    }
    // A workout the runner planned (its title, its watch workout, the coach's file) and ran at a
    // moderate, steady effort is a session with a purpose, a marathon-pace tempo: the gray zone
    // is the unplanned run, too hard to be easy and too easy to be a real workout.
    let planned_workout = j
        .planned
        .as_ref()
        .is_some_and(|p| p.planned == Planned::Workout);
    if planned_workout && j.gray_zone {
        j.session = SessionKind::Tempo;
        j.gray_zone = false;
        j.reason = std::mem::take(&mut j.reason)
            .without_lead("gray zone: ")
            .after("tempo run (a planned workout, not a gray-zone run): ");
    }
    if let Some((o, class)) = o.and_then(|o| Some((o, o.class?))) {
        if class != j.class {
            let judged = j.class;
            j.class = class;
            if class != RunClass::Hard {
                j.gray_zone = false;
                j.flags.retain(|f| *f != Flag::AccidentalWorkout);
                j.session = match (class, j.session) {
                    (RunClass::Recovery, _) => SessionKind::Recovery,
                    (_, SessionKind::LongRun) => SessionKind::LongRun,
                    _ => SessionKind::Easy,
                };
            }
            j.reason = std::mem::take(&mut j.reason).after(format!(
                "{} by override (line {}; judged {}): ",
                class.name(),
                o.line,
                judged.name(),
            ));
        }
        j.overridden.insert(0, "class");
    }
    if let Some(o) = o {
        if o.race.is_some() {
            j.overridden.push("race");
        }
        if let Some(note) = &o.note {
            j.overridden.push("note");
            // Kept apart from the reason: the coach's own words, which the report adds to it
            // as written (never rewritten into miles).
            j.override_note = Some(note.clone());
        }
    }
    let planned = j.planned.as_ref().map(|p| p.planned);
    // An easy start building to threshold on a day planned hard is the plan's progression run,
    // not an accident.
    if planned.is_some_and(Planned::is_hard) && j.session == SessionKind::AccidentalWorkout {
        j.session = SessionKind::Progression;
        j.reason = std::mem::take(&mut j.reason)
            .renamed("accidental workout", "progression run (planned hard)");
    }
    // A workout the runner planned is no accident, whatever the day before was.
    if planned.is_some_and(Planned::is_hard) {
        j.flags.retain(|f| *f != Flag::AccidentalWorkout);
    }
    if planned.is_some_and(Planned::is_easy) && j.class == RunClass::Hard {
        j.flags.push(Flag::HarderThanPlanned);
    }
    if planned.is_some_and(Planned::is_hard) && j.class != RunClass::Hard {
        j.flags.push(Flag::EasierThanPlanned);
    }
}

/// What the parallel pass of [`verdicts`] finds of a run, for the pass in date order.
struct Measured {
    /// The run's time in each zone, as it is judged (without its walks)…
    zones: ZoneTotals,
    /// …and the whole file's, when walks were left out…
    file_zones: Option<ZoneTotals>,
    /// …and the file's by pace alone.
    file_by_pace: ZoneTotals,
    shape: Shape,
    thresholds: Thresholds,
    intent: Option<PlannedRun>,
}

/// The verdict on every ok run of `rows` (sorted by start time), in the rows' order; `None` for
/// rows that are not runs. With [`SeriesAfter::Dropped`], every row's series is dropped: a run's
/// once it is measured, the others' at once.
pub fn verdicts(
    rows: &mut [FileRow],
    profile: &Profile,
    overrides: &[Option<&Override>],
    series_after: SeriesAfter,
) -> Vec<Option<Box<Judgement>>> {
    let run_idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].is_run()).collect();
    // Each run's facts read its whole series: across threads (collect keeps the order).
    let mut facts: Vec<RunFacts> = run_idx
        .par_iter()
        .filter_map(|&i| rows[i].summary.as_deref().map(RunFacts::from_summary))
        .collect();
    // The sessions, as ranges of the runs in date order. A run ends, for this, when its running
    // does: its start and its moving time. A watch left recording for hours after the run
    // (forgotten on the wrist) must not make the evening's run the morning workout's cool-down.
    let spans: Vec<Option<(f64, f64)>> = run_idx
        .iter()
        .map(|&i| {
            let s = rows[i].summary.as_deref()?;
            Some((s.start_time, s.start_time + s.moving_time_s))
        })
        .collect();
    let sessions = session::sessions(&spans);
    baseline::mark_sessions(&mut facts, &sessions);
    let watch = watch_history(rows, &run_idx);
    let mut timeline = baseline::timeline_with_watch(&facts, profile, &watch);
    for (&i, b) in run_idx.iter().zip(timeline.iter_mut()) {
        if let Some(s) = rows[i].summary.as_deref() {
            b.raise_max_to_peak(peak_of(s));
        }
    }
    let taken = take_series(rows, &run_idx, series_after);
    let rows: &[FileRow] = rows;
    let measured = measure(rows, &run_idx, &timeline, taken, profile, overrides);
    let mut verdicts: Vec<Option<Box<Judgement>>> = vec![None; rows.len()];
    // In date order, a session at a time: every part of a session is judged against the days
    // before it (a cool-down is no "day after" the workout it ends), then the parts around its
    // workout become its warm-up and cool-down.
    let mut days = DaysBefore::default();
    let mut runs = run_idx.iter().zip(timeline).zip(measured);
    for range in sessions {
        let before = days;
        let mut parts: Vec<Part> = Vec::with_capacity(range.len());
        let items: Vec<_> = runs.by_ref().take(range.len()).collect();
        // A file whose successor in the session does not start easy: its push goes on there.
        let goes_on: Vec<bool> = (0..items.len())
            .map(|k| {
                items
                    .get(k + 1)
                    .and_then(|(_, m)| m.as_ref())
                    .is_some_and(|m| m.shape.start_low_share < START_MIN_LOW_SHARE)
            })
            .collect();
        for (((&i, b), m), push_goes_on) in items.into_iter().zip(goes_on) {
            let Some(m) = m else { continue };
            let row = &rows[i];
            let Some(s) = row.summary.as_deref() else {
                continue;
            };
            let o = overrides.get(i).copied().flatten();
            let c = Context {
                push_goes_on,
                ..before.of(s, row.utc_offset_s)
            };
            let (j, raced) = judge_in_context(s, &m, b.clone(), o, c);
            parts.push(Part {
                row: i,
                baseline: b,
                measured: m,
                judgement: j,
                raced,
                push_goes_on,
            });
        }
        if !surround_the_workout(&mut parts, rows, overrides) {
            judge_as_one_run(&mut parts, rows, overrides, &before);
        }
        for part in parts.iter_mut().skip(1) {
            part.judgement.continues_session = true;
        }
        for part in parts {
            let row = &rows[part.row];
            if let Some(s) = row.summary.as_deref() {
                days.add(s, row.utc_offset_s, &part.judgement, part.raced);
            }
            verdicts[part.row] = Some(Box::new(part.judgement));
        }
    }
    verdicts
}

/// The watch's own settings, dated by the runs whose files carried them.
fn watch_history(rows: &[FileRow], run_idx: &[usize]) -> WatchHistory {
    WatchHistory::from_readings(run_idx.iter().filter_map(|&i| {
        let row = &rows[i];
        let s = row.summary.as_deref()?;
        let date =
            crate::activity::calendar::local_datetime(s.start_time, row.utc_offset_s)?.date();
        Some(Reading {
            time: s.start_time,
            date,
            device: s.device.as_deref(),
            settings: &s.watch,
        })
    }))
}

/// The runs' series, taken out of their rows when they are to be dropped (one per run, in
/// `run_idx` order; `None` where the row keeps its own for `explain`). The rows that are not
/// runs lose theirs too: nothing reads them.
fn take_series(
    rows: &mut [FileRow],
    run_idx: &[usize],
    series_after: SeriesAfter,
) -> Vec<Option<Series>> {
    match series_after {
        SeriesAfter::Dropped => {
            let runs = run_idx
                .iter()
                .map(|&i| {
                    rows[i]
                        .summary
                        .as_mut()
                        .map(|s| std::mem::take(&mut s.series))
                })
                .collect();
            for s in rows.iter_mut().filter_map(|r| r.summary.as_deref_mut()) {
                s.series = Series::default();
            }
            runs
        }
        SeriesAfter::Kept => vec![None; run_idx.len()],
    }
}

/// Each run's zones, shape and what the runner planned, against its baseline, in parallel (the
/// context pass after it is in date order). Only the totals outlive this: the bucket detail of
/// thousands of runs would be most of the memory of a big export. A taken series is dropped as
/// soon as its run is measured, and each run's measures are boxed: they then fill the room the
/// series leave, instead of growing the heap past it.
fn measure(
    rows: &[FileRow],
    run_idx: &[usize],
    timeline: &[Baseline],
    mut taken: Vec<Option<Series>>,
    profile: &Profile,
    overrides: &[Option<&Override>],
) -> Vec<Option<Box<Measured>>> {
    run_idx
        .par_iter()
        .zip(timeline.par_iter())
        .zip(taken.par_iter_mut())
        .map(|((&i, b), taken)| {
            let s = rows[i].summary.as_deref()?;
            let mut series = match taken.take() {
                Some(own) => own.to_vec(),
                None => s.series.to_vec(),
            };
            let t = Thresholds::new(b, profile);
            // The run is judged without its walks; the time it reports in each zone is
            // the file's, walks and all (as its moving time is the device's).
            let file = s.walks.map(|_| zones::zones_in(s, &series, &t));
            let file_zones = file.as_ref().map(|f| f.totals());
            s.leave_out_walks(&mut series);
            let z = zones::zones_in(s, &series, &t);
            let file_by_pace = file.as_ref().map_or(z.by_pace, |f| f.by_pace);
            let sh = shape(&z, s, &series, &t);
            let o = overrides.get(i).copied().flatten();
            let intent = planned(&said(s, b, o), WordList::builtin());
            Some(Box::new(Measured {
                zones: z.totals(),
                file_zones,
                file_by_pace,
                shape: sh,
                thresholds: t,
                intent,
            }))
        })
        .collect()
}

/// What the days before a session say of it: the last hard session's day and kind, the last long
/// race's day.
#[derive(Clone, Copy, Debug, Default)]
struct DaysBefore {
    last_hard: Option<(i64, SessionKind)>,
    last_long_race: Option<i64>,
}

/// The days before, as one run's verdict reads them.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    day_after_hard: Option<SessionKind>,
    after_long_race: bool,
    /// The running time of the whole session, for a run that is one of several files of it: a
    /// long run saved in two halves (a dead watch, a stop saved by mistake) is one long run, and
    /// neither half is a recovery run "longer than your base runs".
    session_moving_s: Option<f64>,
    /// The next file of the session starts where this one ended, hard: a push to this file's end
    /// goes on in it (a watch that crashed mid-tempo), and did not end the run.
    push_goes_on: bool,
}

impl DaysBefore {
    fn of(&self, s: &Summary, utc_offset_s: i32) -> Context {
        let day = local_day(s.start_time, utc_offset_s);
        Context {
            // "Within about 24 h": the next calendar day, or later the same day (a double).
            day_after_hard: self
                .last_hard
                .filter(|(d, _)| (0..=DAY_AFTER_MAX_DAYS).contains(&(day - d)))
                .map(|(_, kind)| kind),
            after_long_race: self
                .last_long_race
                .is_some_and(|d| day > d && day - d <= DAYS_OFF_AFTER_LONG_RACE),
            session_moving_s: None,
            push_goes_on: false,
        }
    }

    fn add(&mut self, s: &Summary, utc_offset_s: i32, j: &Judgement, raced: bool) {
        let day = local_day(s.start_time, utc_offset_s);
        if j.session.is_hard_session() || j.class == RunClass::Hard {
            self.last_hard = Some((day, j.session));
        }
        if raced && s.run_distance_m() >= LONG_RACE_M {
            self.last_long_race = Some(day);
        }
    }
}

/// A run's verdict in its context, and whether it was raced.
fn judge_in_context(
    s: &Summary,
    m: &Measured,
    b: Baseline,
    o: Option<&Override>,
    c: Context,
) -> (Judgement, bool) {
    let mut j = decide(s, m.zones, m.shape, b, m.thresholds, c);
    j.file_zones = m.file_zones;
    j.planned = m.intent.clone();
    // A run is a race when the runner planned one (a race marker, a title, an override's
    // `planned`) or the coach says so, else when it ran like one; `race = false` unsays both.
    let planned_race = j
        .planned
        .as_ref()
        .is_some_and(|p| p.planned == Planned::Race);
    let race = match o.and_then(|o| o.race) {
        Some(said) => said,
        None => planned_race,
    };
    let raced = match o.and_then(|o| o.race) {
        Some(said) => said,
        None => planned_race || j.session == SessionKind::Race,
    };
    apply_intent(&mut j, race, o);
    if j.evidence.judged_by_pace_for_drift && j.class != RunClass::Hard {
        j.week_by_pace = Some(m.file_by_pace).filter(|p| p.zoned_s() > 0.0);
    }
    (j, raced)
}

/// One run of a session, judged.
struct Part {
    row: usize,
    baseline: Baseline,
    measured: Box<Measured>,
    judgement: Judgement,
    raced: bool,
    /// See [`Context::push_goes_on`].
    push_goes_on: bool,
}

/// In a session of several runs with a workout, the short easy runs before and after it are its
/// warm-up and cool-down: judged again without the days before (a warm-up the day after a
/// hard session is no recovery run "too fast"), and named so; the week counts them with their
/// workout, not as sessions of their own (their time in zone still counts).
/// Returns whether the session had a workout.
fn surround_the_workout(
    parts: &mut [Part],
    rows: &[FileRow],
    overrides: &[Option<&Override>],
) -> bool {
    let hard_and_moving: Vec<Option<(bool, f64)>> = parts
        .iter()
        .map(|p| {
            let s = rows[p.row].summary.as_deref()?;
            Some((p.judgement.class == RunClass::Hard, s.run_moving_s()))
        })
        .collect();
    let Some(w) = session::workout_of(&hard_and_moving) else {
        return false;
    };
    let Some(workout) = rows[parts[w].row].summary.as_deref() else {
        return false;
    };
    let (kind, workout_start) = (parts[w].judgement.session, workout.start_time);
    let workout_end = workout.start_time + workout.moving_time_s;
    for (k, p) in parts.iter_mut().enumerate() {
        let Some(s) = rows[p.row].summary.as_deref() else {
            continue;
        };
        let hard = p.judgement.class == RunClass::Hard;
        if k == w || !session::surrounds(hard, s.run_moving_s()) {
            continue;
        }
        let o = overrides.get(p.row).copied().flatten();
        let c = Context {
            push_goes_on: p.push_goes_on,
            ..Context::default()
        };
        let (mut j, raced) = judge_in_context(s, &p.measured, p.baseline.clone(), o, c);
        if j.class == RunClass::Hard {
            continue;
        }
        // The workout carries the session's plan: a warm-up saved under the workout's title is
        // not "easier than planned".
        j.flags.retain(|f| *f != Flag::EasierThanPlanned);
        let (part, gap_s, [to, when, apart]) = if k < w {
            let gap_s = workout_start - (s.start_time + s.moving_time_s);
            (SessionKind::WarmUp, gap_s, ["for", "started", "after"])
        } else {
            let gap_s = s.start_time - workout_end;
            (SessionKind::CoolDown, gap_s, ["after", "ended", "before"])
        };
        j.session = part;
        j.reason = std::mem::take(&mut j.reason).after(format!(
            "{} {to} the {} that {when} {:.0} min {apart} it; ",
            part.name(),
            kind.name(),
            (gap_s / MIN).max(0.0),
        ));
        p.judgement = j;
        p.raced = raced;
    }
    true
}

/// A session of several files and no workout is one run saved in pieces (a watch that died, a
/// stop saved instead of paused): each piece is judged again with the session's running time for
/// the rules of length (a 2-hour long run saved in two halves is a long run, neither half a
/// recovery run "longer than your base runs"), and its reason says so.
fn judge_as_one_run(
    parts: &mut [Part],
    rows: &[FileRow],
    overrides: &[Option<&Override>],
    before: &DaysBefore,
) {
    if parts.len() < 2 {
        return;
    }
    let total = session::running_time(
        parts
            .iter()
            .filter_map(|p| rows[p.row].summary.as_deref())
            .map(|s| (s.start_time, s.start_time + s.moving_time_s)),
    );
    let count = parts.len();
    for (k, p) in parts.iter_mut().enumerate() {
        let row = &rows[p.row];
        let Some(s) = row.summary.as_deref() else {
            continue;
        };
        let o = overrides.get(p.row).copied().flatten();
        let c = Context {
            session_moving_s: Some(total),
            push_goes_on: p.push_goes_on,
            ..before.of(s, row.utc_offset_s)
        };
        let (mut j, raced) = judge_in_context(s, &p.measured, p.baseline.clone(), o, c);
        j.reason = std::mem::take(&mut j.reason).after(format!(
            "file {} of {count} of one {:.0}-min run; ",
            k + 1,
            total / MIN,
        ));
        p.judgement = j;
        p.raced = raced;
    }
}

/// The highest HR a run shows: its 5-second peak, or the device's own maximum where its average
/// is all there is of its heart (a lap's totals over three track points: judged by an average of
/// 179 against a max of 190 when the same lap said 206, probe 35 P2).
fn peak_of(s: &Summary) -> Option<f64> {
    let device = s
        .max_hr
        .filter(|_| average_alone(s) && !zones::hr_usable(s))
        .map(f64::from);
    match (s.peak_hr_5s, device) {
        (Some(p), Some(d)) => Some(p.max(d)),
        (p, d) => p.or(d),
    }
}

/// Whether a run's average HR is all there is of its heart, and trustworthy: the device's own
/// over the whole run, or the records' where they are too far apart to zone.
fn average_alone(s: &Summary) -> bool {
    s.quality
        .iter()
        .any(|q| matches!(q.code, "hr_from_device_totals" | "sparse_records"))
}

/// A run's figures read against its baseline: what every rule of [`decide`] looks at.
#[derive(Clone, Copy, Default)]
struct Figures {
    /// Moving time (at least the zoned time).
    moving: f64,
    /// How long the run was for the rules of length (long run, recovery): the session's, when the
    /// run is one of several files of it.
    length: f64,
    zoned: f64,
    low_pct: f64,
    mod_pct: f64,
    high_pct: f64,
    /// The moderate and high shares, 0–1.
    f_mod: f64,
    f_high: f64,
    /// Average HR against max HR, when the heart is usable.
    hr_fraction: Option<f64>,
    /// Pace against the runner's own easy pace (negative: faster), when both are known.
    pace_vs_easy: Option<f64>,
    /// Repetitions with an effort that really swings.
    reps_structured: bool,
    /// Short surges at threshold pace and faster, with recoveries between them.
    by_surges: bool,
    /// A dozen bursts or more at stride pace, where neither the ground nor walks make them.
    short_reps: bool,
    structured: bool,
    /// The reps (not the surges) name the session.
    reps_name_it: bool,
    climb_m_per_km: Option<f64>,
    trail: bool,
    /// A trail, or a hilly route: pace says as much about the ground as about the effort.
    terrain: bool,
    /// A pace without a position (a treadmill, a footpod): blind to the incline it was run up.
    incline_unseen: bool,
    /// The max HR the zones are drawn from is a guess from easy runs (see `Baseline`).
    max_hr_guessed: bool,
    /// Grade-adjusted pace against easy pace, on hilly routes.
    gap_vs_easy: Option<f64>,
    /// The legs' effort against easy: grade-adjusted on hilly routes, else the pace.
    effort_vs_easy: Option<f64>,
    long: bool,
    pace_says_threshold: bool,
    sustained_high_hr: bool,
    race_like: bool,
    /// One all-out effort of 800 m to a mile, however easy the running around it.
    short_race: bool,
}

impl Figures {
    fn new(
        s: &Summary,
        z: &ZoneTotals,
        sh: &Shape,
        b: &Baseline,
        session_moving_s: Option<f64>,
    ) -> Self {
        // The run's own figures: without its walks (as its zones and shape are).
        let moving = s.run_moving_s().max(z.zoned_s());
        let length = session_moving_s.map_or(moving, |t| t.max(moving));
        let zoned = z.zoned_s();
        let (low_pct, mod_pct, high_pct) = z.shares();
        let (f_mod, f_high) = (mod_pct / 100.0, high_pct / 100.0);
        // A run with no zones (lap totals alone, records minutes apart) still has the average HR
        // the device measured over all of it.
        let hr_fraction = s
            .run_avg_hr()
            .filter(|_| zones::hr_usable(s) || z.zoned_s() <= 0.0 && average_alone(s))
            .map(|h| h / b.max_hr.value);
        let own_easy_pace = own_easy_pace(b, z);
        // A run-walk session's effort is its running's pace (as its easy pace is): its running
        // is this much faster than its whole moving time.
        let running_over_all = sh
            .walk_breaks
            .and_then(|w| w.running_speed(s.run_moving_s(), s.run_distance_m()))
            .zip(s.run_pace_s_per_km())
            .map_or(1.0, |(v, p)| v * p / 1000.0);
        let pace_vs_easy = s
            .run_pace_s_per_km()
            .filter(|_| s.distance_source != DistanceSource::None && own_easy_pace)
            .map(|p| p / running_over_all - b.easy_pace_s_per_km());
        // Repetitions make a session structured only if the effort really swings: a steady run
        // whose HR hovers at the high-zone boundary crosses it many times without a single rep.
        let reps_structured = sh.reps >= REPS_FOR_INTERVALS && !sh.steady;
        // Short surges at threshold pace and faster, with recoveries between them, are a workout
        // whatever HR did: on 30–90 s efforts it lags and never sits in the high zone for long.
        let threshold_speed = b.threshold_speed.value;
        // On trails and hilly routes pace says as much about the ground as about the effort.
        let climb_m_per_km = s.climb_m_per_km();
        let trail = s.sport == crate::activity::Sport::TrailRunning;
        let hilly = climb_m_per_km.is_some_and(|c| c >= HILLY_MIN_CLIMB_M_PER_KM);
        let terrain = trail || hilly;
        let by_surges = surges_may_make_a_workout(terrain, z.source, &sh.surges, z.high_s)
            && sh.surges.make_a_workout(threshold_speed, moving);
        // A block at marathon pace between easy running is a session someone ran on purpose,
        // however moderate the heart: no drift, no easy run that pushed on to its end (the gray
        // zone asks only reps and surges: see `gray_zone`).
        let structured = reps_structured || by_surges || sh.paced_block.is_some();
        let short_reps = short_reps(sh, terrain);
        let reps_name_it = reps_name_the_session(reps_structured, z.high_s, by_surges);
        // The legs' effort: on hilly routes the grade-adjusted pace, elsewhere the pace.
        let gap_vs_easy = sh
            .gap_speed
            .filter(|_| hilly && pace_vs_easy.is_some())
            .map(|v| 1000.0 / (v * running_over_all) - b.easy_pace_s_per_km());
        let effort_vs_easy = gap_vs_easy.or(pace_vs_easy);
        let base = b.base_run_s.unwrap_or(DEFAULT_BASE_RUN_S);
        let long = length >= LONG_RUN_MIN_S.max(LONG_RUN_BASE_MULTIPLE * base);
        // Ten minutes at threshold pace, or ten unbroken minutes of high-zone HR, is threshold
        // work or racing, not gray. HR decides first (gray-zone runs sit at 80–87 % of max, tempo
        // at 88 % and up); pace only where it is unmistakable, because a threshold-pace estimate
        // is a few % loose.
        let at_threshold_pace = sh
            .best_10min_speed
            .is_some_and(|v| v >= GRAY_MAX_THRESHOLD_SPEED * threshold_speed);
        // A threshold pace from the rule of thumb (no hard effort seen yet) is too loose for pace
        // alone to call a run threshold work against a heart that says moderate (a race asks the
        // heart too).
        let threshold_by_rule = b.threshold_by_rule();
        let pace_says_threshold =
            at_threshold_pace && !(threshold_by_rule && z.source == Some(ZoneSource::Hr));
        let sustained_high_hr = sh.longest_hr_high_s >= SUSTAINED_HIGH_S;
        // A track race saved with its warm-up and cool-down is mostly easy running around two or
        // three minutes no rep or tempo rule sees: the pace of its best two minutes, far past
        // threshold, and a heart that answered, say race. Reps are their own workout.
        let short_race = z.source == Some(ZoneSource::Hr)
            && b.threshold_pace_known()
            && !reps_structured
            && !by_surges
            && z.high_s >= SHORT_RACE_MIN_HIGH_S
            && sh
                .best_2min_speed
                .is_some_and(|v| v >= SHORT_RACE_MIN_OVER_THRESHOLD * threshold_speed);
        let mut figures = Figures {
            moving,
            length,
            zoned,
            low_pct,
            mod_pct,
            high_pct,
            f_mod,
            f_high,
            hr_fraction,
            pace_vs_easy,
            reps_structured,
            by_surges,
            short_reps,
            structured,
            reps_name_it,
            climb_m_per_km,
            trail,
            terrain,
            incline_unseen: !s.has_gps && s.pace_source() == DistanceSource::Device,
            max_hr_guessed: b.max_hr_guessed,
            gap_vs_easy,
            effort_vs_easy,
            long,
            pace_says_threshold,
            sustained_high_hr,
            race_like: false,
            short_race,
        };
        figures.race_like = figures.ran_like_a_race(s, z, sh, b, at_threshold_pace);
        figures
    }

    /// A race of any length: a steady all-out effort, or one short one.
    fn raced(&self) -> bool {
        self.race_like || self.short_race
    }

    /// Structure by reps or surges: what the gray zone asks (a block at marathon pace between
    /// easy running is no veto there: see [`gray_zone`]).
    fn structured_by_reps(&self) -> bool {
        self.reps_structured || self.by_surges
    }

    /// Whether the run went like a race: long enough, a sustained effort that is no set of reps,
    /// held from a short warm-up to near its end (or mostly not low), at threshold pace or with a
    /// heart that says so.
    fn ran_like_a_race(
        &self,
        s: &Summary,
        z: &ZoneTotals,
        sh: &Shape,
        b: &Baseline,
        at_threshold_pace: bool,
    ) -> bool {
        self.zoned > 0.0
            && s.run_distance_m() >= RACE_MIN_M
            // Reps the heart split inside an effort it never eased from (a race's hills) are no
            // structure; surges the legs made with recoveries are.
            && !(self.by_surges || self.reps_structured && sh.held.secs < RACE_MIN_BLOCK_S)
            && (self.f_mod + self.f_high >= RACE_MIN_NOT_LOW
                || sh.held.secs >= RACE_MIN_BLOCK_S
                    && sh.held.after_s <= WARM_UP_MAX_S
                    && sh.held.before_s
                        <= if sh.held.secs >= 60.0 * MIN {
                            WARM_UP_MAX_S
                        } else {
                            RACE_WARM_UP_MAX_S
                        })
            // Against a threshold of no one's (the rule over the run's own pace, or the default's),
            // the pace says nothing: the heart decides.
            && match sh
                .best_10min_speed
                .filter(|_| b.threshold_pace_known() || z.source != Some(ZoneSource::Hr))
            {
                // Without the heart, the pace says race only against a threshold the runner's
                // own runs or word set: against one guessed from the easy pace, a steady
                // 40 minutes at 1.27 × easy speed is a tempo, and no runner races three times
                // in a week (review 36 §1.4). A race planned by its title is one still.
                Some(_) => {
                    at_threshold_pace
                        && (self.sustained_high_hr
                            || z.source != Some(ZoneSource::Hr)
                                && !b.threshold_by_rule())
                        || (s.run_distance_m() >= LONG_RACE_M
                            && self.pace_vs_easy.is_some_and(|d| d <= -RACE_MIN_FASTER_S_PER_KM))
                }
                None => self.f_high >= RACE_NO_PACE_MIN_HIGH,
            }
    }
}

/// Whether the easy pace the run is compared with is the runner's own. Against a default one (no
/// run said it) the pace says nothing. One or two runs are an anecdote (judged alone, a run's
/// "easy pace" is its own: compared with itself, a steady moderate run is always "at your easy
/// pace" and never gray) — set aside when the heart's zones stand on firmer ground (max HR given,
/// or the watch's own setting); while max HR is itself an estimate from those few runs, the pace
/// stays the brake on it. Without a pace to compare, HR decides.
fn own_easy_pace(b: &Baseline, z: &ZoneTotals) -> bool {
    let firm_max_hr = matches!(
        b.max_hr.provenance,
        baseline::Provenance::Given(_) | baseline::Provenance::Watch(_)
    );
    // Without a heart to decide, the pace speaks however few runs set it.
    let heart_decides = firm_max_hr && z.source == Some(ZoneSource::Hr);
    match b.easy_speed.provenance {
        baseline::Provenance::Default => false,
        baseline::Provenance::EarlyEstimate { runs, .. } => runs >= MIN_RUNS || !heart_decides,
        _ => true,
    }
}

/// Whether a run's surges may make it a workout by their structure. On a trail or a hilly route
/// its quick stretches are its descents and its flats between climbs, fast even grade-adjusted:
/// with a heart to ask, surges count there only if they climb (hill repeats) or the heart went
/// high for a while (`TERRAIN_SURGES_MIN_HIGH_S`).
fn surges_may_make_a_workout(
    terrain: bool,
    zones_from: Option<ZoneSource>,
    surges: &crate::judge::shape::Surges,
    high_s: f64,
) -> bool {
    !terrain
        || zones_from != Some(ZoneSource::Hr)
        || surges.climb_share >= HILLS_MIN_CLIMB_IN_REPS
        || high_s >= TERRAIN_SURGES_MIN_HIGH_S
}

/// Cardiac drift: HR creeping up from an easy start while the pace holds at or slower than easy
/// (a long run, a hot day). The legs say easy: judged by pace, not by the heart. Not on a trail:
/// there an even pace says nothing of an even effort (the climbs, the footing).
fn drifting(r: &Figures, z: &ZoneTotals, sh: &Shape) -> bool {
    z.source == Some(ZoneSource::Hr)
        && r.moving >= DRIFT_MIN_S
        && !r.trail
        && !r.structured
        && !r.raced()
        && !r.pace_says_threshold
        && sh.start_low_share >= START_MIN_LOW_SHARE
        && r.effort_vs_easy
            .is_some_and(|d| d >= -DRIFT_MAX_FASTER_S_PER_KM)
        && sh.drift.is_some_and(|d| {
            d.late_hr - d.early_hr >= DRIFT_MIN_BPM
                && d.speedup.is_some_and(|x| x <= DRIFT_MAX_SPEEDUP)
        })
}

/// Gray zone: one steady, unstructured, moderate effort. By HR alone it would hinge on max HR to a
/// few beats (gray-zone runs sit next to the 88 % boundary), so when the run has pace the legs
/// decide too: faster than the usual easy pace, short of threshold.
///
/// A block at marathon pace between easy running does not make a run ungray: a gray run with a
/// jog out and a jog home has its shape, and neither pace nor heart tells it from a marathon-pace
/// tempo (both sit in the moderate band). The block makes a workout only of a run the gray zone
/// does not take (a long run with 40 minutes at marathon pace in its middle, mostly easy).
fn gray_zone(r: &Figures, z: &ZoneTotals, sh: &Shape) -> Option<GrayBy> {
    let pace_known = r.pace_vs_easy.is_some() && sh.best_10min_speed.is_some();
    // A treadmill's or a footpod's pace cannot see the incline: a steady run up one is judged by
    // its heart, as on a trail (an 8 % incline at 84 % of max read "tempo run", its slow pace
    // vetoing the gray zone).
    let indoor = r.incline_unseen && sh.steady;
    if z.source == Some(ZoneSource::Hr) && (pace_known || r.terrain || indoor) {
        let not_threshold = !r.pace_says_threshold
            && !r.sustained_high_hr
            && !r.raced()
            && r.hr_fraction.is_none_or(|f| f < GRAY_MAX_HR_FRACTION)
            && !r.structured_by_reps();
        let moderate = r.f_mod + r.f_high >= GRAY_MIN_NOT_LOW && r.f_mod >= r.f_high;
        let road = sh.steady
            && moderate
            && r.effort_vs_easy
                .is_some_and(|d| d <= -GRAY_MIN_FASTER_S_PER_KM)
            && not_threshold;
        // The legs clearly moderate, the heart just under the band (see the rule's figures).
        let by_legs = sh.steady
            && !r.terrain
            && r.f_high <= GRAY_BY_LEGS_MAX_HIGH
            && r.f_mod >= GRAY_BY_LEGS_MIN_NOT_LOW
            && r.hr_fraction
                .is_some_and(|f| f >= GRAY_BY_LEGS_MIN_HR_FRACTION)
            && r.effort_vs_easy
                .is_some_and(|d| d <= -GRAY_BY_LEGS_FASTER_S_PER_KM)
            && not_threshold;
        // On trails and hills a moderate heart is gray even at a pace slower than the road's
        // easy pace: the ground, not the runner, slowed it. Pace and heart both swing with the
        // climbs (a long one holds HR high for minutes): what makes it gray is a heart moderate
        // on average, with no structure, short of threshold.
        let on_terrain = (r.terrain || indoor)
            && moderate
            && r.hr_fraction
                .is_some_and(|f| (TERRAIN_GRAY_MIN_HR_FRACTION..GRAY_MAX_HR_FRACTION).contains(&f))
            && !r.pace_says_threshold
            && !r.raced()
            && !r.structured_by_reps();
        if road {
            Some(GrayBy::Road)
        } else if by_legs {
            Some(GrayBy::Legs)
        } else {
            on_terrain.then_some(GrayBy::Terrain)
        }
    } else {
        // Moderate against a max HR guessed from easy runs is no gray run unless the heart is
        // clearly in the band: a 6-minute jog judged alone, its heart rising from rest to 78 % of
        // a max guessed from its own peak, read "gray zone".
        let heart_in_the_band = !(z.source == Some(ZoneSource::Hr) && r.max_hr_guessed)
            || r.hr_fraction
                .is_some_and(|f| f >= TERRAIN_GRAY_MIN_HR_FRACTION);
        (r.zoned > 0.0
            && r.f_mod >= GRAY_MIN_MODERATE
            && r.f_high < GRAY_MAX_HIGH
            && sh.steady
            && !r.raced()
            && heart_in_the_band)
            .then_some(GrayBy::Zones)
    }
}

/// What a workout was: a race, an accidental workout (a run that pushed on), a tempo, hills,
/// intervals or a fartlek.
fn workout_kind(r: &Figures, sh: &Shape, drifted_up: bool) -> SessionKind {
    // A run that started easy and pushed to its end was no race, however long it held on.
    if r.raced() && !drifted_up {
        SessionKind::Race
    } else if drifted_up {
        SessionKind::AccidentalWorkout
    } else if r.sustained_high_hr && sh.longest_high_s >= TEMPO_MIN_S {
        // One long block at threshold (crossing the boundary a few times on the way is not a set
        // of reps).
        SessionKind::Tempo
    } else if r.reps_name_it && sh.climb_in_reps >= HILLS_MIN_CLIMB_IN_REPS
        || r.by_surges && sh.surges.climb_share >= HILLS_MIN_CLIMB_IN_REPS
    {
        SessionKind::Hills
    } else if r.reps_name_it {
        // Even reps are intervals; uneven ones, played by feel, a fartlek. The pace tells their
        // lengths (HR lags at both ends); without it, reps are intervals.
        if sh.surges.count < REPS_FOR_INTERVALS || sh.surges.is_even() {
            SessionKind::Intervals
        } else {
            SessionKind::Fartlek
        }
    } else if r.by_surges {
        // Even surges are a set of reps; uneven ones, played by feel, a fartlek.
        if sh.surges.is_even() {
            SessionKind::Intervals
        } else {
            SessionKind::Fartlek
        }
    } else if sh.paced_block.is_some() {
        SessionKind::Tempo
    } else if r.short_reps {
        SessionKind::Intervals
    } else if sh.longest_high_s >= TEMPO_MIN_S || r.f_high >= TEMPO_MIN_HIGH_SHARE || sh.steady {
        // A steady hard effort with no reps and no surges is a tempo, whatever its length high:
        // a fartlek is played in surges.
        SessionKind::Tempo
    } else {
        SessionKind::Fartlek
    }
}

/// The verdict on one run: its figures read against the baseline ([`Figures`]), its class and
/// kind ([`Call`]), the flags, the evidence `explain` shows and the reason.
fn decide(
    s: &Summary,
    z: ZoneTotals,
    sh: Shape,
    b: Baseline,
    t: Thresholds,
    c: Context,
) -> Judgement {
    let Context {
        day_after_hard,
        after_long_race,
        session_moving_s,
        push_goes_on,
    } = c;
    let r = Figures::new(s, &z, &sh, &b, session_moving_s);
    let Call {
        class,
        session,
        mut flags,
        recovery_margin,
        drifting,
        heart_without_the_legs,
        by_block,
        hard_by,
        gray_by,
    } = Call::of(s, &r, &z, &sh, &b, day_after_hard, push_goes_on);
    if after_long_race {
        flags.push(Flag::TooSoonAfterRace);
    }
    let zone_source = z.source.unwrap_or(ZoneSource::None);
    // A run of lap totals alone judged by the average HR its device measured is not judged by
    // pace, whatever its zones could not say.
    let by_average_hr = zone_source == ZoneSource::None && r.hr_fraction.is_some();
    if zone_source != ZoneSource::Hr && !by_average_hr {
        flags.push(Flag::PaceOnly);
    }
    if s.hr_cleaning.changed() {
        flags.push(Flag::HrCleaned);
    }
    let evidence = Evidence {
        short_race_speed: sh
            .best_2min_speed
            .filter(|_| r.short_race && !r.race_like && session == SessionKind::Race),
        walks: s.walks,
        paced_block: sh.paced_block,
        workout_by_block: by_block,
        hard_by,
        gray_by: gray_by.filter(|_| session == SessionKind::GrayZone),
        walk_breaks: sh.walk_breaks.filter(|w| {
            r.pace_vs_easy.is_some()
                && w.running_speed(s.run_moving_s(), s.run_distance_m())
                    .is_some()
        }),
        heart_without_the_legs,
        short_reps: if hard_by == Some(HardBy::ShortReps) {
            sh.bursts
        } else {
            0
        },
        surges: sh.surges,
        surges_suffice: r.by_surges,
        workout_by_surges: r.by_surges && !r.reps_name_it,
        climb_m_per_km: r.climb_m_per_km,
        terrain: r.terrain,
        incline_unseen: r.incline_unseen,
        gap_vs_easy_s_per_km: r.gap_vs_easy,
        climb_capped_s: sh.climb_capped_s,
        drift: sh.drift,
        judged_by_pace_for_drift: drifting,
        recovery_margin,
        session_moving_s,
        strides: if matches!(session, SessionKind::Easy | SessionKind::LongRun)
            && sh.bursts >= STRIDES_MIN_BURSTS
        {
            sh.bursts
        } else {
            0
        },
    };
    let reason = reason(&ReasonFacts {
        evidence: &evidence,
        session,
        moving: r.moving,
        low_pct: r.low_pct,
        mod_pct: r.mod_pct,
        high_pct: r.high_pct,
        hr_fraction: r.hr_fraction,
        pace_vs_easy: r.pace_vs_easy,
        easy_pace: b.easy_pace_s_per_km(),
        easy_pace_own: b.easy_pace_own,
        reps: sh.reps,
        // "Started easy, then…" only of a run that did: a run moderate from its first minute,
        // the day after a hard session, is one by its share of moderate and high.
        late_push_s: if sh.start_low_share >= START_MIN_LOW_SHARE {
            sh.late_push_s
        } else {
            0.0
        },
        day_after_hard,
        flags: &flags,
        zone_source,
    });
    Judgement {
        class,
        gray_zone: session == SessionKind::GrayZone,
        session,
        flags,
        reason,
        zones: z,
        file_zones: None,
        week_by_pace: None,
        zone_source,
        baseline: b,
        thresholds: t,
        hr_fraction: r.hr_fraction,
        pace_vs_easy_s_per_km: r.pace_vs_easy,
        reps: if r.by_surges && !r.reps_name_it {
            sh.surges.count
        } else {
            sh.reps
        },
        planned: None,
        overridden: Vec::new(),
        override_note: None,
        evidence,
        continues_session: false,
    }
}

/// A run's class and kind, and the rules behind them that the flags and the evidence name.
struct Call {
    class: RunClass,
    session: SessionKind,
    /// The rules the run broke, the accidental workout first.
    flags: Vec<Flag>,
    /// The recovery figure just past its edge that the others outvoted.
    recovery_margin: Option<&'static str>,
    /// HR drifted up at an even easy pace: judged by pace.
    drifting: bool,
    /// Mostly moderate by the heart, easy by the legs and the average HR.
    heart_without_the_legs: bool,
    /// A workout only by its block at marathon pace between easy running.
    by_block: bool,
    /// The clause that made a workout one (see [`HardBy`]).
    hard_by: Option<HardBy>,
    /// The clause that made a gray-zone run one (see [`GrayBy`]), when it is one.
    gray_by: Option<GrayBy>,
}

impl Call {
    /// In this order: drift (judged by pace), gray zone, workout, accidental workout, mostly not
    /// low, and else recovery or easy ([`low_intensity_class`]).
    fn of(
        s: &Summary,
        r: &Figures,
        z: &ZoneTotals,
        sh: &Shape,
        b: &Baseline,
        day_after_hard: Option<SessionKind>,
        push_goes_on: bool,
    ) -> Call {
        let mut flags: Vec<Flag> = Vec::new();
        let drifting = drifting(r, z, sh);
        let gray_by = (!drifting).then(|| gray_zone(r, z, sh)).flatten();
        let gray = gray_by.is_some();
        // A pace that cannot be compared (no easy pace of the runner's own, or none in the run)
        // leaves the heart to decide — unless the max HR is itself a guess from easy runs: 80 %
        // of a guess is no tempo (a 6-minute jog judged alone), only an average clearly high is.
        let pace_agrees = match r.pace_vs_easy {
            Some(d) => d <= -GRAY_MIN_FASTER_S_PER_KM,
            None => !b.max_hr_guessed,
        } || r.hr_fraction.is_some_and(|f| f >= GRAY_CLEAR_HR_FRACTION);
        // Mostly not low, yet neither steady-moderate nor a clear workout (a progression, a run on
        // the high-zone boundary): never easy.
        let mostly_not_low = !drifting && r.zoned > 0.0 && r.f_mod + r.f_high >= MOSTLY_NOT_LOW;
        let by_high_time =
            !drifting && z.high_s >= WORKOUT_MIN_HIGH_S.max(WORKOUT_MIN_HIGH_SHARE * r.moving);
        let by_reps = !drifting && r.reps_structured && z.high_s >= REPS_MIN_HIGH_S;
        let by_the_heart = by_high_time || by_reps;
        let by_short_reps = !drifting && r.short_reps;
        // A marathon-pace block is the workout only where nothing else made the run one.
        let by_block = !gray && !r.by_surges && !by_the_heart && sh.paced_block.is_some();
        let workout =
            !gray && (r.by_surges || by_the_heart || by_block || r.short_race || by_short_reps);
        let pushes = sh.start_low_share >= START_MIN_LOW_SHARE
            && sh.late_push_s >= ACCIDENTAL_MIN_S
            && sh.late_push_s <= PUSH_MAX_SHARE * r.moving
            && r.f_mod + r.f_high <= PUSH_MAX_SHARE
            && sh.late_push_s <= PUSH_MAX_S
            && sh.push_speedup.is_none_or(|x| x >= PUSH_MIN_SPEEDUP)
            // A push that goes on in the session's next file did not end the run: the first
            // half of a tempo split by a crashed watch is no easy run that got away (season
            // 34 F6).
            && !push_goes_on;
        // Gray runs climb into the moderate zone as they settle in: they are gray, not drifting.
        let drifted_up = pushes && !r.structured && !gray && !drifting;
        // The day after a hard session, a run that is not easy is an accidental workout — but only when
        // the legs say so too (faster than the usual easy pace): HR drifting up on a long easy run the day
        // after a tempo (Saturday's long run after Friday's tempo) is not one.
        // A gray-zone run is steady from the start: it is flagged gray, not as a run that drifted. A
        // planned workout (reps, a tempo block, a race) the day after a long run is a training plan's
        // normal Monday, not an accident.
        // The day after reps, hills or a race, a run that started easy and then held threshold
        // no longer than it had run easy, with no reps in it, is the easy day that got away: a
        // warm-up is shorter than the work it leads into (as `PUSH_MAX_SHARE` says), and a
        // plan's tempo says so in its title, its workout or its laps (the intent, applied
        // after). Left to the shape, the bigger the accident (unbroken minutes high, a block at
        // threshold pace), the surer it passed as planned (season 35 F3, season 36 F2). After a
        // long run a tempo is a plan's Monday; after a tempo, a fartlek or a gray run (each
        // maybe the accident itself, told from its shape alone) a second is left to the plan.
        let got_away = day_after_hard.is_some_and(|k| {
            matches!(
                k,
                SessionKind::Intervals | SessionKind::Hills | SessionKind::Race
            )
        }) && sh.start_low_share >= START_MIN_LOW_SHARE
            && sh.held.secs <= sh.held.before_s
            && !r.reps_structured
            && !r.by_surges;
        let not_easy_day_after = day_after_hard.is_some()
            && (!r.structured || got_away)
            && !gray
            && (!r.sustained_high_hr || got_away)
            && !r.raced()
            && r.f_mod + r.f_high >= DAY_AFTER_MIN_HARD_SHARE
            && r.pace_vs_easy
                .is_some_and(|d| d <= -DAY_AFTER_MIN_FASTER_S_PER_KM);

        let mut recovery_margin = None;
        // Nothing inside the run is known, only its average HR: hard at the gray band's figures
        // (steady or not, no one can tell), else as low intensity by the heart.
        let by_average = (r.zoned <= 0.0).then_some(r.hr_fraction).flatten();
        let mut hard_by = None;
        let mut gray_by = gray_by;
        let (class, session) = if by_average.is_some_and(|f| f >= GRAY_MAX_HR_FRACTION) {
            hard_by = Some(HardBy::AverageHr);
            (RunClass::Hard, SessionKind::Tempo)
        } else if gray || by_average.is_some_and(|f| f >= GRAY_CLEAR_HR_FRACTION) {
            if !gray {
                gray_by = Some(GrayBy::AverageHr);
            }
            (RunClass::Hard, SessionKind::GrayZone)
        } else if workout {
            let kind = workout_kind(r, sh, drifted_up);
            let clause = if by_high_time {
                HardBy::HighTime
            } else if by_reps {
                HardBy::Reps
            } else if r.by_surges {
                HardBy::Surges
            } else if by_block {
                HardBy::Block
            } else if r.short_race {
                HardBy::ShortRace
            } else {
                HardBy::ShortReps
            };
            hard_by = (kind != SessionKind::AccidentalWorkout).then_some(clause);
            (RunClass::Hard, kind)
        } else if drifted_up || not_easy_day_after {
            (RunClass::Hard, SessionKind::AccidentalWorkout)
        } else if mostly_not_low && pace_agrees {
            let kind = if r.race_like {
                SessionKind::Race
            } else if sh.steady && r.f_high < GRAY_MAX_HIGH {
                gray_by = Some(GrayBy::MostlyNotLow);
                SessionKind::GrayZone
            } else if !r.structured && r.f_high <= GRAY_UNSTRUCTURED_MAX_HIGH {
                gray_by = Some(GrayBy::NeverThreshold);
                SessionKind::GrayZone
            } else {
                SessionKind::Tempo
            };
            hard_by = (kind != SessionKind::GrayZone).then_some(HardBy::MostlyNotLow);
            (RunClass::Hard, kind)
        } else {
            low_intensity_class(
                s,
                sh,
                b,
                r,
                day_after_hard,
                &mut flags,
                &mut recovery_margin,
            )
        };
        // A tempo block held 12 minutes the day after a long run is a plan's Monday. A workout
        // the run's own shape tells, the day after an accidental workout, may be the plan that
        // accident came before (a race week's threshold reps the day after an easy run got
        // away): only a hard day the runner meant makes the next one's workout an accident
        // (season 37 F3).
        let after_an_accident = day_after_hard == Some(SessionKind::AccidentalWorkout);
        if class == RunClass::Hard
            && (drifted_up
                || not_easy_day_after
                    && (session != SessionKind::Tempo || got_away)
                    && !(workout && after_an_accident))
        {
            flags.insert(0, Flag::AccidentalWorkout);
        }
        Call {
            class,
            session,
            flags,
            recovery_margin,
            drifting,
            by_block: by_block && class == RunClass::Hard && session == SessionKind::Tempo,
            hard_by,
            gray_by,
            heart_without_the_legs: mostly_not_low
                && z.source == Some(ZoneSource::Hr)
                && !pace_agrees
                && matches!(class, RunClass::Easy | RunClass::Recovery),
        }
    }
}

/// Recovery or easy, and the recovery rules a run broke. A recovery run is slow against the usual
/// easy pace, calm, short, shorter than the runner's normal easy runs, and has no strides in it.
/// No verdict rests on one figure near its edge: a figure that misses by a small margin still
/// says recovery when the others clearly do (`margin` names it).
fn low_intensity_class(
    s: &Summary,
    sh: &Shape,
    b: &Baseline,
    r: &Figures,
    day_after_hard: Option<SessionKind>,
    flags: &mut Vec<Flag>,
    margin: &mut Option<&'static str>,
) -> (RunClass, SessionKind) {
    let Figures {
        length,
        hr_fraction,
        effort_vs_easy,
        long,
        trail,
        ..
    } = *r;
    // On trails pace says more about the terrain than the effort: there, and without pace, judge
    // by HR alone at the rule's own 70 % (or clearly below the runner's usual easy HR).
    let hr_says_slow = hr_fraction.is_some_and(|f| f <= RECOVERY_HR_ONLY_FRACTION)
        || matches!((s.run_avg_hr(), b.easy_hr), (Some(h), Some(e)) if h <= e - RECOVERY_HR_BELOW_EASY_BPM);
    // Slow as the legs' effort is: on hills grade-adjusted, as the easy pace reads a hilly run
    // (a hill run-walk at its usual effort read 38 s/km "slower than easy", a recovery run).
    let road_pace = effort_vs_easy.filter(|_| !trail);
    let pace_clearly_slow = road_pace.is_some_and(|d| d >= RECOVERY_CLEAR_SLOWER_S_PER_KM);
    let slow_strict = match road_pace {
        Some(d) => d >= RECOVERY_MIN_SLOWER_S_PER_KM,
        None => hr_says_slow,
    };
    // Pace just short of the edge, with a heart clearly at recovery effort.
    let slow_by_margin = !slow_strict
        && hr_says_slow
        && road_pace
            .is_some_and(|d| d >= RECOVERY_MIN_SLOWER_S_PER_KM - RECOVERY_EDGE_PACE_S_PER_KM);
    let slow = slow_strict || slow_by_margin;
    // Calm: within the rule's band (with margin), or no harder than the runner's own easy days.
    let calm_strict = hr_fraction.is_none_or(|f| f <= RECOVERY_MAX_HR_FRACTION)
        || matches!((s.run_avg_hr(), b.easy_hr), (Some(h), Some(e)) if h <= e);
    // HR just over the edge, with legs clearly at recovery pace.
    let calm_by_margin = !calm_strict
        && pace_clearly_slow
        && hr_fraction.is_some_and(|f| f <= RECOVERY_MAX_HR_FRACTION + RECOVERY_EDGE_HR_FRACTION);
    let calm = calm_strict || calm_by_margin;
    let strides = sh.bursts >= STRIDES_MIN_BURSTS;
    let longer_than_base = b
        .base_run_s
        .is_some_and(|base| length > base * BASE_RUN_TOLERANCE);
    let easy_kind = if long {
        SessionKind::LongRun
    } else {
        SessionKind::Easy
    };
    let recovery_like = slow && calm && !strides;
    if recovery_like && length <= RECOVERY_MAX_S && !longer_than_base {
        // At most one figure leans on its margin: each margin asks the other figure to be clear.
        *margin = if slow_by_margin {
            Some("pace")
        } else if calm_by_margin {
            Some("heart rate")
        } else {
            None
        };
        return (RunClass::Recovery, SessionKind::Recovery);
    }
    if recovery_like && !long {
        if length <= RECOVERY_MAX_S {
            flags.push(Flag::RecoveryLongerThanBaseRuns);
        } else if day_after_hard.is_some() && length <= RECOVERY_TOO_LONG_MAX_S {
            flags.push(Flag::RecoveryTooLong);
        }
    } else if day_after_hard.is_some()
        && !recovery_like
        && length <= RECOVERY_SIZED_S
        && !longer_than_base
    {
        flags.push(Flag::RecoveryTooFast);
    }
    (RunClass::Easy, easy_kind)
}

struct ReasonFacts<'a> {
    evidence: &'a Evidence,
    session: SessionKind,
    moving: f64,
    low_pct: f64,
    mod_pct: f64,
    high_pct: f64,
    hr_fraction: Option<f64>,
    pace_vs_easy: Option<f64>,
    easy_pace: f64,
    /// The easy pace is the run's own (no other run with a pace to read one from).
    easy_pace_own: bool,
    reps: usize,
    late_push_s: f64,
    day_after_hard: Option<SessionKind>,
    flags: &'a [Flag],
    zone_source: ZoneSource,
}

/// Which structure names a workout: its reps when they carry the high time a set of reps needs
/// (or no surges speak instead); else its surges, on which HR lagged — "3 reps, 2 % of the time
/// high" is no reason for a workout that its surges made.
/// A dozen bursts or more at stride pace are short reps, where neither the ground nor walks make
/// them: downhills on a hilly route, the running between a run-walk's walks.
fn short_reps(sh: &Shape, terrain: bool) -> bool {
    sh.bursts >= SHORT_REPS_MIN_BURSTS && !terrain && sh.walk_breaks.is_none()
}

fn reps_name_the_session(reps_structured: bool, high_s: f64, by_surges: bool) -> bool {
    reps_structured && (high_s >= REPS_MIN_HIGH_S || !by_surges)
}

/// The walks left out of a run, as the reason names them: "and a 5-min walk after it", "and 9
/// min walking before and after it".
fn walked(w: &Walks) -> String {
    let mins = |s: f64| (s / MIN).round().max(1.0);
    // "an 8-min walk", "an 11-min walk", "an 18-min walk": read aloud, they start with a vowel.
    let a = |m: f64| match m as u32 {
        8 | 11 | 18 | 80..=89 => "an",
        _ => "a",
    };
    let between = w.between().count();
    let (before, middle, after) = (w.start_s > 0.0, between > 0, w.end_s > 0.0);
    let place = match (before, middle, after) {
        (true, false, false) => "before it",
        (false, _, false) => "in the middle",
        (false, false, true) => "after it",
        (true, false, true) => "before and after it",
        (true, true, false) => "before it and in the middle",
        (false, true, true) => "in the middle and after it",
        (true, true, true) => "before, in the middle and after it",
    };
    let one_walk = usize::from(before) + between + usize::from(after) == 1;
    if one_walk {
        let m = mins(w.walk_s());
        format!("and {} {m:.0}-min walk {place}", a(m))
    } else {
        format!("and {:.0} min walking {place}", mins(w.walk_s()))
    }
}

/// One sentence a runner understands, with the numbers behind the verdict: what the run was
/// ([`lead`]), its heart, its length, its pace ([`pace_words`]), the day before, the rules it
/// broke and the climbs that were counted moderate.
fn reason(f: &ReasonFacts) -> Reason {
    let mut parts: Vec<Reason> = vec![lead(f)];
    let mut said = |text: String| parts.push(Reason::words(text));
    match f.hr_fraction {
        // Next to the boundary it is judged by, rounding would put it on the other side.
        Some(h) if f.evidence.heart_without_the_legs => {
            said(format!("avg HR {:.1} % of max", h * 100.0))
        }
        Some(h) => said(format!("avg HR {:.0} % of max", h * 100.0)),
        None => {}
    }
    said(match f.evidence.walks {
        Some(w) => format!("{:.0} min ({}, left out)", f.moving / MIN, walked(&w)),
        None => format!("{:.0} min", f.moving / MIN),
    });
    parts.extend(pace_words(f));
    if let Some(kind) = f.day_after_hard {
        parts.push(Reason::words(format!("day after {}", kind.name())));
    }
    for flag in f.flags {
        let text = match *flag {
            Flag::RecoveryTooFast => "too fast for the recovery run it should have been",
            Flag::RecoveryTooLong => "too long for a recovery run (over 60 min)",
            Flag::RecoveryLongerThanBaseRuns => "longer than your usual easy runs",
            Flag::TooSoonAfterRace => "within 2 days of a half marathon or longer: rest first",
            _ => continue,
        };
        parts.push(Reason::words(text));
    }
    if f.zone_source == ZoneSource::Pace {
        parts.push(Reason::words("judged by pace (no usable HR)"));
    }
    if f.evidence.climb_capped_s >= MIN {
        parts.push(Reason::words(format!(
            "{:.0} min of high HR on climbs at an easy grade-adjusted pace counted moderate",
            f.evidence.climb_capped_s / MIN
        )));
    }
    Reason::joined(parts, ", ")
}

/// What the run was, with the figure that says it: "gray zone: 84 % of the time moderate,
/// steady", "intervals: 6 reps, 40 % of the time high".
fn lead(f: &ReasonFacts) -> Reason {
    let judged = f.low_pct + f.mod_pct + f.high_pct > 0.0;
    match f.session {
        SessionKind::Tempo
        | SessionKind::GrayZone
        | SessionKind::Easy
        | SessionKind::LongRun
        | SessionKind::Recovery
            if !judged && f.hr_fraction.is_some() =>
        {
            Reason::words(format!(
                "{}: by its average HR alone, all that is known of its intensity",
                f.session.name()
            ))
        }
        SessionKind::Easy | SessionKind::LongRun if !judged => {
            Reason::words("no usable HR or pace to judge intensity: counted easy")
        }
        SessionKind::GrayZone
            if (f.evidence.terrain || f.evidence.incline_unseen)
                && f.pace_vs_easy.is_none_or(|d| d > -GRAY_MIN_FASTER_S_PER_KM) =>
        {
            Reason::words(format!(
                "gray zone: {:.0} % of the time moderate, a moderate heart on ",
                f.mod_pct,
            ))
            .and(terrain_words(f.evidence))
        }
        // Unsteady, so not "steady": what made it gray is that it never reached threshold.
        SessionKind::GrayZone if f.evidence.gray_by == Some(GrayBy::NeverThreshold) => {
            Reason::words(format!(
                "gray zone: {:.0} % of the time moderate, {:.0} % high: never at threshold, with no reps or surges",
                f.mod_pct, f.high_pct
            ))
        }
        SessionKind::GrayZone => Reason::words(format!(
            "gray zone: {:.0} % of the time moderate, steady",
            f.mod_pct
        )),
        SessionKind::Easy | SessionKind::LongRun if f.evidence.judged_by_pace_for_drift => {
            let rise = f.evidence.drift.map_or(0.0, |d| d.late_hr - d.early_hr);
            Reason::words(format!(
                "{}: HR drifted up {:.0} bpm at an even pace (heat, duration): judged by pace",
                f.session.name(),
                rise
            ))
        }
        SessionKind::Intervals | SessionKind::Hills | SessionKind::Fartlek
            if f.evidence.workout_by_surges =>
        {
            surges_lead(f)
        }
        SessionKind::Intervals if f.evidence.short_reps > 0 => Reason::words(format!(
            "{}: {} short reps at stride pace, HR lagged ({:.0} % of the time high)",
            f.session.name(),
            f.evidence.short_reps,
            f.high_pct
        )),
        SessionKind::Intervals | SessionKind::Hills => Reason::words(format!(
            "{}: {} reps, {:.0} % of the time high",
            f.session.name(),
            f.reps,
            f.high_pct
        )),
        SessionKind::Tempo if f.evidence.workout_by_block => paced_block_lead(f),
        SessionKind::Race if f.evidence.short_race_speed.is_some() => {
            let speed = f.evidence.short_race_speed.unwrap_or(1.0).max(0.1);
            Reason::words("race effort: one all-out effort, its best 2 min at ")
                .pace(1000.0 / speed)
                .then(format!(", {:.0} % of the time high", f.high_pct))
        }
        SessionKind::Tempo | SessionKind::Race | SessionKind::Fartlek => Reason::words(format!(
            "{}: {:.0} % of the time high",
            f.session.name(),
            f.high_pct
        )),
        SessionKind::AccidentalWorkout | SessionKind::Progression => {
            Reason::words(if f.late_push_s > 0.0 {
                format!(
                    "accidental workout: started easy, then {:.0} min moderate to high",
                    f.late_push_s / MIN
                )
            } else {
                format!(
                    "accidental workout: {:.0} % of the time moderate or high",
                    f.mod_pct + f.high_pct
                )
            })
        }
        SessionKind::Recovery => Reason::words(match f.evidence.recovery_margin {
            Some(figure) => format!(
                "recovery (its {figure} just past the edge, the other figures clearly recovery)"
            ),
            None => "recovery".to_string(),
        }),
        SessionKind::Easy | SessionKind::LongRun if f.evidence.strides > 0 => {
            Reason::words(format!(
                "{}: {:.0} % of the time low, with {} strides",
                f.session.name(),
                f.low_pct,
                f.evidence.strides
            ))
        }
        // Mostly moderate by the heart, easy by the legs and the average (see `decide`): said so,
        // not "15 % of the time low" under an easy verdict.
        SessionKind::Easy | SessionKind::LongRun if f.evidence.heart_without_the_legs => {
            Reason::words(format!(
                "{}: {:.0} % of the time moderate or high, but easy by {} (under {:.0} % of max)",
                f.session.name(),
                f.mod_pct + f.high_pct,
                if f.easy_pace_own || f.pace_vs_easy.is_none() {
                    "the average HR"
                } else {
                    "the pace and the average HR"
                },
                GRAY_CLEAR_HR_FRACTION * 100.0
            ))
        }
        // Warm-ups and cool-downs are named after the verdict (by the session they belong to),
        // never by `decide`.
        SessionKind::Easy | SessionKind::LongRun | SessionKind::WarmUp | SessionKind::CoolDown => {
            Reason::words(format!(
                "{}: {:.0} % of the time low",
                f.session.name(),
                f.low_pct
            ))
        }
    }
}

/// A workout told by its surges (HR lags on short reps): how many, how long, how fast against
/// the recoveries.
fn surges_lead(f: &ReasonFacts) -> Reason {
    let su = &f.evidence.surges;
    let said = Reason::words(format!(
        "{}: {} surges of {:.0} s on average at ",
        f.session.name(),
        su.count,
        su.total_s / su.count.max(1) as f64,
    ))
    .pace(1000.0 / su.surge_speed.max(0.1))
    .then(" (recoveries ");
    let said = if su.recovery_speed > 0.0 {
        said.pace(1000.0 / su.recovery_speed)
    } else {
        said.then("standing")
    };
    said.then(format!(
        "), {:.0} min in all; {}",
        su.total_s / MIN,
        // With HR, why so little of the time was high; without, there is no HR to lag.
        if f.hr_fraction.is_some() {
            format!("HR lagged ({:.0} % of the time high)", f.high_pct)
        } else {
            format!("{:.0} % of the time high by pace", f.high_pct)
        }
    ))
}

/// "tempo run: 40 min at 4:35/km (marathon pace or faster) between easier running at 5:20/km".
fn paced_block_lead(f: &ReasonFacts) -> Reason {
    match f.evidence.paced_block {
        Some(b) => Reason::words(format!("{}: {:.0} min at ", f.session.name(), b.secs / MIN))
            .pace(1000.0 / b.speed.max(0.1))
            .then(format!(
                " ({} pace or faster) between easier running at ",
                if b.at_threshold {
                    "threshold"
                } else {
                    "marathon"
                },
            ))
            .pace(1000.0 / b.around_speed.max(0.1))
            .then(format!(", {:.0} % of the time high", f.high_pct)),
        None => Reason::words(format!(
            "{}: {:.0} % of the time high",
            f.session.name(),
            f.high_pct
        )),
    }
}

/// The run's pace against the usual easy pace (of its running, between walk breaks), when both
/// are known.
fn pace_words(f: &ReasonFacts) -> Option<Reason> {
    let d = f.pace_vs_easy?.round();
    let easy = f.easy_pace;
    let pace = if f.easy_pace_own {
        Reason::words("at its own pace (")
            .pace(easy)
            .then(format!("; {OWN_EASY_PACE_WHY})"))
    } else if d.abs() < 1.0 {
        Reason::words("at your easy pace (").pace(easy).then(")")
    } else {
        Reason::default()
            .pace_gap(d)
            .then(if d > 0.0 { " slower" } else { " faster" })
            .then(" than your easy pace (")
            .pace(easy)
            .then(")")
    };
    Some(match f.evidence.walk_breaks {
        Some(w) => Reason::words("running ").and(pace).then(format!(
            " between {} walk break{} ({:.0} min walking)",
            w.count,
            if w.count == 1 { "" } else { "s" },
            w.walk_s / MIN
        )),
        None => pace,
    })
}

/// "a trail", "a hilly route (24 m of climb per km)".
fn terrain_words(e: &Evidence) -> Reason {
    match e.climb_m_per_km {
        Some(c) if c >= HILLY_MIN_CLIMB_M_PER_KM => {
            Reason::words("a hilly route (").climb(c).then(")")
        }
        _ if e.terrain => Reason::words("a trail"),
        _ => Reason::words("a treadmill (or a footpod): its pace is blind to an incline"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::walks::WalkBetween;

    #[test]
    fn the_reason_says_where_the_walks_left_out_were() {
        let middle = |secs: f64| WalkBetween {
            from: 100,
            to: 120,
            secs,
        };
        let walks = |start_s: f64, between: &[f64], end_s: f64| {
            let mut w = Walks {
                start_s,
                end_s,
                ..Walks::default()
            };
            for (slot, &secs) in w.between.iter_mut().zip(between) {
                *slot = middle(secs);
            }
            w
        };
        for (w, says) in [
            (walks(300.0, &[], 0.0), "and a 5-min walk before it"),
            (walks(0.0, &[], 480.0), "and an 8-min walk after it"),
            (walks(0.0, &[240.0], 0.0), "and a 4-min walk in the middle"),
            (
                walks(0.0, &[120.0, 180.0], 0.0),
                "and 5 min walking in the middle",
            ),
            (
                walks(180.0, &[], 240.0),
                "and 7 min walking before and after it",
            ),
            (
                walks(180.0, &[240.0], 0.0),
                "and 7 min walking before it and in the middle",
            ),
            (
                walks(0.0, &[240.0], 180.0),
                "and 7 min walking in the middle and after it",
            ),
            (
                walks(60.0, &[240.0], 180.0),
                "and 8 min walking before, in the middle and after it",
            ),
        ] {
            assert_eq!(walked(&w), says, "{w:?}");
        }
    }

    #[test]
    fn reps_short_of_the_high_time_leave_the_name_to_the_surges() {
        // Three reps holding 2:17 high, six surges: the surges made the workout and name it.
        assert!(!reps_name_the_session(true, 137.0, true));
        // Reps with their 3 minutes high name it, surges or not.
        assert!(reps_name_the_session(true, 200.0, true));
        // With no surges to speak, the reps name what the high time made.
        assert!(reps_name_the_session(true, 100.0, false));
        // A steady run's boundary crossings are no reps.
        assert!(!reps_name_the_session(false, 600.0, true));
    }

    #[test]
    fn a_steady_hard_run_without_reps_or_surges_is_a_tempo_not_a_fartlek() {
        // 20 minutes at an even 4:00/km, HR climbing from 136 to 185: 28 % high, 5 minutes of
        // it unbroken. Played in surges, the same figures are a fartlek.
        let r = Figures {
            f_high: 0.28,
            f_mod: 0.3,
            ..Default::default()
        };
        let steady = Shape {
            steady: true,
            longest_high_s: 300.0,
            ..Default::default()
        };
        assert_eq!(workout_kind(&r, &steady, false), SessionKind::Tempo);
        let surging = Shape {
            steady: false,
            ..steady
        };
        assert_eq!(workout_kind(&r, &surging, false), SessionKind::Fartlek);
    }

    #[test]
    fn a_steady_run_just_over_half_moderate_is_gray_not_a_tempo() {
        // 48 steady minutes, 56 % moderate and none of it high, 22 s/km faster than easy: under
        // the gray rule's 60 %, it read "tempo run: 0 % of the time high" (season 34 F3).
        let samples = (0..2880)
            .map(|t| crate::activity::Sample {
                time: 1_700_000_000.0 + f64::from(t),
                distance_m: Some(3.1 * f64::from(t)),
                heart_rate: Some(150),
                ..Default::default()
            })
            .collect();
        let s =
            crate::summarize::summary::summarize_run(crate::activity::SourceFormat::Fit, samples);
        let b = Baseline::for_tests(190.0);
        let r = Figures {
            moving: 2880.0,
            length: 2880.0,
            zoned: 2880.0,
            low_pct: 44.0,
            mod_pct: 56.0,
            f_mod: 0.56,
            hr_fraction: Some(0.80),
            pace_vs_easy: Some(-22.0),
            effort_vs_easy: Some(-22.0),
            ..Default::default()
        };
        let z = ZoneTotals {
            source: Some(ZoneSource::Hr),
            low_s: 0.44 * 2880.0,
            moderate_s: 0.56 * 2880.0,
            ..Default::default()
        };
        let steady = Shape {
            steady: true,
            ..Default::default()
        };
        let call = Call::of(&s, &r, &z, &steady, &b, None, false);
        assert_eq!(
            (call.class, call.session, call.hard_by),
            (RunClass::Hard, SessionKind::GrayZone, None)
        );
        // The same shares in a run that swings, with no reps, surges or block and nothing high:
        // its pace swung with the hills, its heart about the low zone's top. It never reached
        // threshold: gray, not "tempo run: 0 % of the time high" (season 39, a hilly gray run).
        let swinging = Shape {
            steady: false,
            ..steady
        };
        let call = Call::of(&s, &r, &z, &swinging, &b, None, false);
        assert_eq!(
            (call.class, call.session, call.hard_by, call.gray_by),
            (
                RunClass::Hard,
                SessionKind::GrayZone,
                None,
                Some(GrayBy::NeverThreshold)
            )
        );
        // One that swings into the high zone for a tenth of it (a fartlek by feel) stays a
        // tempo, by the clause.
        let r = Figures {
            mod_pct: 46.0,
            high_pct: 10.0,
            f_mod: 0.46,
            f_high: 0.10,
            ..r
        };
        let z = ZoneTotals {
            moderate_s: 0.46 * 2880.0,
            high_s: 0.10 * 2880.0,
            ..z
        };
        let call = Call::of(&s, &r, &z, &swinging, &b, None, false);
        assert_eq!(
            (call.class, call.session, call.hard_by),
            (
                RunClass::Hard,
                SessionKind::Tempo,
                Some(HardBy::MostlyNotLow)
            )
        );
    }

    #[test]
    fn a_dozen_bursts_at_stride_pace_are_short_reps_not_strides() {
        // 16 × 30/30 on a wrist whose HR lagged: 95 % of the run low by the heart (season 39:
        // "easy run: 95 % of the time low, with 16 strides").
        let samples = (0..2160)
            .map(|t| crate::activity::Sample {
                time: 1_700_000_000.0 + f64::from(t),
                distance_m: Some(3.1 * f64::from(t)),
                heart_rate: Some(127),
                ..Default::default()
            })
            .collect();
        let s =
            crate::summarize::summary::summarize_run(crate::activity::SourceFormat::Fit, samples);
        let b = Baseline::for_tests(189.0);
        let r = Figures {
            moving: 2160.0,
            length: 2160.0,
            zoned: 2160.0,
            low_pct: 95.0,
            high_pct: 5.0,
            f_high: 0.05,
            hr_fraction: Some(0.67),
            pace_vs_easy: Some(-22.0),
            effort_vs_easy: Some(-22.0),
            ..Default::default()
        };
        let z = ZoneTotals {
            source: Some(ZoneSource::Hr),
            low_s: 0.95 * 2160.0,
            high_s: 0.05 * 2160.0,
            ..Default::default()
        };
        let reps = Shape {
            bursts: 16,
            ..Default::default()
        };
        // The figures read the bursts as `Figures::new` does.
        let seen = |r: Figures, sh: &Shape| Figures {
            short_reps: short_reps(sh, r.terrain),
            ..r
        };
        let call = Call::of(&s, &seen(r, &reps), &z, &reps, &b, None, false);
        assert_eq!(
            (call.class, call.session, call.hard_by),
            (
                RunClass::Hard,
                SessionKind::Intervals,
                Some(HardBy::ShortReps)
            )
        );
        // Eight are strides in an easy run.
        let strides = Shape {
            bursts: 8,
            ..Default::default()
        };
        let call = Call::of(&s, &seen(r, &strides), &z, &strides, &b, None, false);
        assert_eq!(
            (call.class, call.session),
            (RunClass::Easy, SessionKind::Easy)
        );
        // On a hilly route the downhills make bursts; between a run-walk's walks, the running.
        let hilly = Figures { terrain: true, ..r };
        let call = Call::of(&s, &seen(hilly, &reps), &z, &reps, &b, None, false);
        assert_eq!(call.class, RunClass::Easy);
        let run_walk = Shape {
            walk_breaks: Some(WalkBreaks::default()),
            ..reps
        };
        let call = Call::of(&s, &seen(r, &run_walk), &z, &run_walk, &b, None, false);
        assert_eq!(call.class, RunClass::Easy);
    }

    #[test]
    fn a_steady_run_far_faster_than_easy_is_gray_by_its_legs_with_the_heart_under_the_band() {
        // 46 minutes steady, 57 s/km faster than the usual easy pace, 60 % low against a max read
        // 3 % high (reps that end at the max): "easy run" (season 38 F1). The legs say gray, the
        // heart sits at the low zone's top.
        let r = Figures {
            f_mod: 0.40,
            f_high: 0.0,
            zoned: 2760.0,
            hr_fraction: Some(0.79),
            pace_vs_easy: Some(-57.0),
            effort_vs_easy: Some(-57.0),
            ..Default::default()
        };
        let z = ZoneTotals {
            source: Some(ZoneSource::Hr),
            ..Default::default()
        };
        let sh = Shape {
            steady: true,
            best_10min_speed: Some(3.4),
            ..Default::default()
        };
        assert_eq!(gray_zone(&r, &z, &sh), Some(GrayBy::Legs));
        // Not a tempo whose block reaches the high zone (a fifth of the run), nor a heart well in
        // the low zone, nor a pace only a little faster than easy, nor on a trail.
        for (case, not_gray) in [
            Figures {
                f_mod: 0.29,
                f_high: 0.23,
                ..r
            },
            Figures {
                hr_fraction: Some(0.74),
                ..r
            },
            Figures {
                effort_vs_easy: Some(-30.0),
                ..r
            },
            Figures { terrain: true, ..r },
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(gray_zone(&not_gray, &z, &sh), None, "case {case}");
        }
    }

    #[test]
    fn a_steady_run_up_a_treadmill_incline_is_gray_by_its_heart() {
        // 40 minutes up an 8 % incline at 84 % of max, the footpod's pace 57 s/km slower than
        // easy: the pace vetoed the gray zone, and the run read "tempo run".
        let r = Figures {
            f_mod: 0.69,
            f_high: 0.14,
            zoned: 2880.0,
            hr_fraction: Some(0.84),
            pace_vs_easy: Some(57.0),
            effort_vs_easy: Some(57.0),
            incline_unseen: true,
            ..Default::default()
        };
        let z = ZoneTotals {
            source: Some(ZoneSource::Hr),
            ..Default::default()
        };
        let sh = Shape {
            steady: true,
            best_10min_speed: Some(2.5),
            ..Default::default()
        };
        assert_eq!(gray_zone(&r, &z, &sh), Some(GrayBy::Terrain));
        // The same heart and pace outdoors, where the track sees the ground: no gray run.
        let outdoors = Figures {
            incline_unseen: false,
            ..r
        };
        assert!(gray_zone(&outdoors, &z, &sh).is_none());
        // Nor an effort that swings (reps up the incline).
        let swinging = Shape {
            steady: false,
            ..sh
        };
        assert!(gray_zone(&r, &z, &swinging).is_none());
    }

    #[test]
    fn on_a_trail_surges_the_heart_never_followed_high_make_no_workout() {
        let flats = crate::judge::shape::Surges {
            count: 9,
            climb_share: 0.11,
            ..Default::default()
        };
        let hr = Some(ZoneSource::Hr);
        // A 160-minute trail run, 2 minutes of it high: its quick flats are no intervals.
        assert!(!surges_may_make_a_workout(true, hr, &flats, 119.0));
        // The same surges on the road, or judged by pace (nothing else to ask), may be.
        assert!(surges_may_make_a_workout(false, hr, &flats, 119.0));
        assert!(surges_may_make_a_workout(
            true,
            Some(ZoneSource::Pace),
            &flats,
            0.0
        ));
        // Hill repeats climb in their surges; a heart 3 minutes high says it was work.
        let repeats = crate::judge::shape::Surges {
            climb_share: 0.6,
            ..flats
        };
        assert!(surges_may_make_a_workout(true, hr, &repeats, 60.0));
        assert!(surges_may_make_a_workout(true, hr, &flats, 200.0));
    }

    #[test]
    fn a_run_without_hr_made_a_workout_by_its_surges_blames_no_heart() {
        let evidence = Evidence {
            workout_by_surges: true,
            surges: crate::judge::shape::Surges {
                count: 9,
                total_s: 280.0,
                surge_speed: 1000.0 / 307.0,
                recovery_speed: 1000.0 / 447.0,
                ..Default::default()
            },
            ..Default::default()
        };
        let facts = |hr_fraction: Option<f64>| ReasonFacts {
            evidence: &evidence,
            session: SessionKind::Fartlek,
            moving: 2040.0,
            low_pct: 73.0,
            mod_pct: 11.0,
            high_pct: 16.0,
            hr_fraction,
            pace_vs_easy: Some(0.0),
            easy_pace: 405.0,
            easy_pace_own: false,
            reps: 9,
            late_push_s: 0.0,
            day_after_hard: None,
            flags: &[],
            zone_source: if hr_fraction.is_some() {
                ZoneSource::Hr
            } else {
                ZoneSource::Pace
            },
        };
        let said = reason(&facts(None)).to_string();
        assert!(
            said.starts_with("fartlek: 9 surges of 31 s on average at 5:07/km"),
            "{said}"
        );
        assert!(
            said.contains("16 % of the time high by pace") && !said.contains("HR lagged"),
            "{said}"
        );
        let said = reason(&facts(Some(0.74))).to_string();
        assert!(said.contains("HR lagged (16 % of the time high)"), "{said}");
        assert!(said.contains("(recoveries 7:27/km)"), "{said}");
    }

    #[test]
    fn reps_with_their_recoveries_stood_still_say_so() {
        // No pace in the recoveries is no "166:40/km".
        let evidence = Evidence {
            workout_by_surges: true,
            surges: crate::judge::shape::Surges {
                count: 12,
                total_s: 400.0,
                surge_speed: 1000.0 / 230.0,
                recovery_speed: 0.0,
                recovery_s: 700.0,
                ..Default::default()
            },
            ..Default::default()
        };
        let said = reason(&ReasonFacts {
            evidence: &evidence,
            session: SessionKind::Intervals,
            moving: 2200.0,
            low_pct: 96.0,
            mod_pct: 3.0,
            high_pct: 1.0,
            hr_fraction: Some(0.68),
            pace_vs_easy: Some(5.0),
            easy_pace: 330.0,
            easy_pace_own: false,
            reps: 0,
            late_push_s: 0.0,
            day_after_hard: None,
            flags: &[],
            zone_source: ZoneSource::Hr,
        })
        .to_string();
        assert!(
            said.starts_with(
                "intervals: 12 surges of 33 s on average at 3:50/km (recoveries standing)"
            ),
            "{said}"
        );
    }
}
