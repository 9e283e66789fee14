//! The runner's own baseline, dated: what grayzone believes about them at each run's date, and why.
//!
//! Every figure is either given (a `--flag` or the profile file) or derived from the runs *before*
//! the date being judged, over a trailing window: 12 months for max HR, 8 weeks for paces. Early in
//! an export, when too few runs precede a date, the estimate from the export's first 8 weeks is used
//! and the provenance says so. Nothing here reads a file: it works from run summaries.

use rayon::prelude::*;
use statrs::statistics::{Data, OrderStatistics};

use crate::judge::profile::{Given, Profile};
use crate::judge::rules::{
    ALL_OUT_MIN_HR_OVER_USUAL, ALL_OUT_SUSTAINED_FRACTION, BASE_RUN_PERCENTILE, DEFAULT_EASY_SPEED,
    DEFAULT_MAX_HR, EARLY_WINDOW_S, EASY_DAY_MAX_HR_FRACTION, EASY_DAY_TIME_SHARE,
    EASY_PEAK_OF_MAX, EASY_TO_THRESHOLD_SPEED, HARD_EFFORT_HR_OVER_USUAL, HARD_EFFORT_OVER_USUAL,
    HILLY_MIN_CLIMB_M_PER_KM, LONE_PEAK_BPM, LTHR_EFFORT_MIN_HR_FRACTION, LTHR_HELD_MIN_S,
    LTHR_OF_BEST_20MIN_HR, MAX_HR_POPULATION_SD, MAX_HR_WINDOW_S, MAX_THRESHOLD_OVER_EASY,
    MAX_WINDOW_RUNS, MIN_RUNS, MIN_THRESHOLD_OVER_EASY, NEVER_EASY_HR_FRACTION, PACE_LOW_TOP,
    PACE_ONLY_EFFORT_WINDOW_S, PACE_RUN_MIN_S, PACE_WINDOW_S, REPS_OVER_USUAL,
    SUSTAINED_EFFORT_HR_FRACTION, TRAINING_PEAK_OF_MAX, WATCH_DISAGREE_BPM,
};
use crate::judge::session;
use crate::judge::watch::{
    disagreement, watch_max_not_used, watch_max_passed, Setting, WatchHistory, WatchValue,
};
use crate::summarize::grade::effort_per_speed;
use crate::summarize::quantile::{median, weighted_quantile};
use crate::summarize::summary::{Bucket, Summary, BUCKET_S};

/// What a baseline figure rests on.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// Given by the user: the text names where (the option or the profile file).
    Given(String),
    /// Derived from `runs` runs between two UTC times.
    Derived { runs: usize, from: f64, to: f64 },
    /// Too little history before this date: the estimate from the export's first weeks, or
    /// from the first weeks after a year or more without a run (`since_break`: when they
    /// began).
    EarlyEstimate {
        runs: usize,
        since_break: Option<f64>,
    },
    /// Derived from another figure by a rule of thumb.
    Rule(&'static str),
    /// The runner's own watch setting on the day: "watch setting: max HR 192, Forerunner 255,
    /// 2024-03-01".
    Watch(String),
    /// Below a clean 5-second peak, so raised to it: a clean reading proves the max is at least
    /// that high. `was` is the figure before and what it rested on; `on` the start of the
    /// earlier run that reached it (`None`: the run judged itself).
    RaisedByRun {
        was: f64,
        from: String,
        on: Option<f64>,
    },
    /// Nothing to go on.
    Default,
}

impl Provenance {
    /// As a table of figures by week says it, of the run the figures were read at (`date`, its
    /// local date): a max raised to "this run's" own peak named no run there (newcomer 38 N12).
    pub fn describe_at(&self, date: &str) -> String {
        match self {
            Provenance::RaisedByRun {
                was,
                from,
                on: None,
            } => format!(
                "raised to the {date} run's own clean 5-second peak (was {was:.0} bpm, {from})"
            ),
            other => other.describe(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Provenance::Given(by) => format!("given ({by})"),
            Provenance::Derived { runs, from, to } => format!(
                "derived from {runs} run{} {}..{}",
                if *runs == 1 { "" } else { "s" },
                crate::activity::calendar::format_local(*from, 0)
                    .get(..10)
                    .unwrap_or(""),
                crate::activity::calendar::format_local(*to, 0)
                    .get(..10)
                    .unwrap_or("")
            ),
            Provenance::EarlyEstimate { runs, since_break } => {
                let plural = if *runs == 1 { "" } else { "s" };
                match since_break {
                    None => format!(
                        "early estimate from the export's first 8 weeks ({runs} run{plural}): little history before this date"
                    ),
                    Some(t) => format!(
                        "early estimate from the first 8 weeks after a year or more without a run (from {}, {runs} run{plural}): little history before this date",
                        crate::activity::calendar::format_local(*t, 0)
                            .get(..10)
                            .unwrap_or("")
                    ),
                }
            }
            Provenance::Rule(rule) => format!("rule: {rule}"),
            Provenance::Watch(said) => said.clone(),
            Provenance::RaisedByRun {
                was,
                from,
                on: None,
            } => {
                format!("raised to this run's own clean 5-second peak (was {was:.0} bpm, {from})")
            }
            Provenance::RaisedByRun {
                was,
                from,
                on: Some(on),
            } => format!(
                "raised to the clean 5-second peak of the run of {} (was {was:.0} bpm, {from})",
                crate::activity::calendar::format_local(*on, 0)
                    .get(..10)
                    .unwrap_or("")
            ),
            Provenance::Default => "default (no usable data)".into(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Provenance::Given(_) => "given",
            Provenance::Derived { .. } => "derived",
            Provenance::EarlyEstimate { .. } => "early_estimate",
            Provenance::Rule(_) => "rule",
            Provenance::Watch(_) => "watch",
            Provenance::RaisedByRun { .. } => "raised_by_run",
            Provenance::Default => "default",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub provenance: Provenance,
}

impl Figure {
    fn new(value: f64, provenance: Provenance) -> Self {
        Figure { value, provenance }
    }

    /// The runner gave it (a flag or the profile): they know it, and it is not a guess.
    pub fn is_given(&self) -> bool {
        matches!(self.provenance, Provenance::Given(_))
    }
}

/// Why a run's easy pace is its own ([`Baseline::easy_pace_own`]): the windows the easy pace is
/// read over (the year before the date, the first 8 weeks of an export) hold no other run.
pub const OWN_EASY_PACE_WHY: &str =
    "no other run within a year before it or 8 weeks after to set an easy pace by";

/// The baseline valid at one date.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub max_hr: Figure,
    /// The runner's usual easy pace, as a speed (m/s).
    pub easy_speed: Figure,
    /// Threshold (about one-hour race) speed, m/s.
    pub threshold_speed: Figure,
    pub lthr: Option<Figure>,
    pub resting_hr: Option<Figure>,
    /// Typical moving time of the runner's easy runs: a recovery run should be shorter.
    pub base_run_s: Option<f64>,
    /// Typical average HR of the runner's easy days: a recovery run should be no harder.
    pub easy_hr: Option<f64>,
    /// Where a figure derived from the runs and the watch's own setting differ by more than a
    /// few beats, one line each (the watch's is used), or the watch's max HR was not used.
    pub watch_notes: Vec<String>,
    /// The watch held a max HR the runs overruled (`watch_notes` says why): `summary` says so.
    pub watch_max_not_used: bool,
    /// The max HR the runner gave is below a clean peak of their runs before the date (a max
    /// from 220 − age): kept, as they gave it, and this says so (see [`given_max_passed`]).
    pub given_max_note: Option<String>,
    /// The easy pace is the run's own: the early estimate rests on the run judged alone (judged
    /// alone, or the first run with a pace). Its pace against it says nothing.
    pub easy_pace_own: bool,
    /// The max HR is a guess: from easy runs' peaks (no run shown hard, see
    /// [`max_from_easy_peak`]) or nothing at all. A run's HR against it says less than usual.
    pub max_hr_guessed: bool,
}

impl Baseline {
    /// No run is judged against a max HR below its own clean 5-second peak: the peak proves the
    /// max is at least that high (a short history, a comeback, a max given too low). Returns
    /// whether it raised it.
    pub fn raise_max_to_peak(&mut self, peak: Option<f64>) -> bool {
        match peak {
            Some(p) if p.is_finite() && p > self.max_hr.value => {
                let was = self.max_hr.value;
                let from = self.max_hr.provenance.describe();
                self.max_hr = Figure::new(
                    p,
                    Provenance::RaisedByRun {
                        was,
                        from,
                        on: None,
                    },
                );
                true
            }
            _ => false,
        }
    }

    /// A baseline of defaults at `max_hr`: easy 3.0 m/s, threshold 3.75 m/s, nothing else known.
    #[cfg(test)]
    pub(crate) fn for_tests(max_hr: f64) -> Baseline {
        Baseline {
            max_hr: Figure {
                value: max_hr,
                provenance: Provenance::Default,
            },
            easy_speed: Figure {
                value: 3.0,
                provenance: Provenance::Default,
            },
            threshold_speed: Figure {
                value: 3.75,
                provenance: Provenance::Default,
            },
            lthr: None,
            resting_hr: None,
            base_run_s: None,
            easy_hr: None,
            watch_notes: Vec::new(),
            watch_max_not_used: false,
            given_max_note: None,
            easy_pace_own: false,
            max_hr_guessed: false,
        }
    }

    pub fn easy_pace_s_per_km(&self) -> f64 {
        1000.0 / self.easy_speed.value
    }

    pub fn threshold_pace_s_per_km(&self) -> f64 {
        1000.0 / self.threshold_speed.value
    }

    /// Whether the threshold pace (and the pace zones drawn from it) says anything of an effort:
    /// not when it is the rule of thumb's over the run's own pace (judged alone: a race's climbs
    /// would read easy against the race's own average) or over no one's (the default easy pace).
    pub fn threshold_pace_known(&self) -> bool {
        !(self.threshold_by_rule()
            && (self.easy_pace_own || self.easy_speed.provenance == Provenance::Default))
    }

    /// Whether the threshold pace rests on more than an anecdote: the runner's own (their word,
    /// their hard efforts), or the rule of thumb's over an easy pace they gave or that at least
    /// `MIN_RUNS` runs tell.
    pub fn threshold_pace_established(&self) -> bool {
        !self.threshold_by_rule()
            || match &self.easy_speed.provenance {
                Provenance::Given(_) => true,
                Provenance::Derived { runs, .. } | Provenance::EarlyEstimate { runs, .. } => {
                    *runs >= MIN_RUNS
                }
                _ => false,
            }
    }

    /// The threshold is the rule of thumb's over the easy pace: no hard effort of the runner's,
    /// nor their word, set it.
    pub fn threshold_by_rule(&self) -> bool {
        matches!(self.threshold_speed.provenance, Provenance::Rule(_))
    }
}

/// The few facts of a run the baseline needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunFacts {
    pub start: f64,
    pub moving_s: f64,
    pub speed: Option<f64>,
    /// A run with walk breaks (see `walks`): the speed of its running, the breaks left out.
    pub run_walk_speed: Option<f64>,
    pub avg_hr: Option<f64>,
    pub peak_hr: Option<f64>,
    /// Best 20-minute average speed and the average HR over those 20 minutes.
    pub best20_speed: Option<f64>,
    pub best20_hr: Option<f64>,
    /// Best 3-minute average speed: a set of reps shows there, not over 20 minutes.
    pub best_reps_speed: Option<f64>,
    /// 75th percentile of the run's HR over moving time: an easy day stays low most of the way,
    /// which an average hides (an easy start and a tempo finish average out as "easy").
    pub hr_p75: Option<f64>,
    pub trail: bool,
    /// Where the run stands in its session (see [`mark_sessions`]).
    pub session: SessionPart,
}

/// Where a run stands in its session, for the length of the runner's base runs: a run saved in
/// pieces is one run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum SessionPart {
    /// The only file of its session.
    #[default]
    Alone,
    /// The first file of a session of several: the session's running time, and the highest
    /// 75th-percentile HR of its files (a warm-up saved before intervals is no easy day).
    First { moving_s: f64, hr_p75: Option<f64> },
    /// A later file of a session: counted with the first.
    Later,
}

/// Marks the runs (facts in date order) that are files of one session: `sessions` are ranges of
/// their indices (`session::sessions`).
pub fn mark_sessions(facts: &mut [RunFacts], sessions: &[std::ops::Range<usize>]) {
    for range in sessions {
        if range.len() < 2 {
            continue;
        }
        let Some(parts) = facts.get_mut(range.clone()) else {
            continue;
        };
        let moving_s = session::running_time(parts.iter().map(|f| (f.start, f.start + f.moving_s)));
        let hr_p75 = parts.iter().filter_map(|f| f.hr_p75).reduce(f64::max);
        for (k, f) in parts.iter_mut().enumerate() {
            f.session = if k == 0 {
                SessionPart::First { moving_s, hr_p75 }
            } else {
                SessionPart::Later
            };
        }
    }
}

impl RunFacts {
    /// The speed of its running: what an easy day says of the runner's easy pace (a run-walk
    /// session's walks are no slower running). How hard a run was is told by `speed`: an
    /// interval session's walked recoveries are breaks too.
    fn running_speed(&self) -> Option<f64> {
        self.run_walk_speed.or(self.speed)
    }

    pub fn from_summary(s: &Summary) -> RunFacts {
        let hr_ok = crate::judge::rules::hr_usable(s);
        // Read twice below (and each window twice): decoded once.
        // The run without its walks, as it is judged.
        let mut series = s.run_series();
        // On hills every speed read here is grade-adjusted, as the pace zones are: a mountain
        // run at an easy heart, 45 s/km slower than the flat, had pulled the easy pace down by
        // 40 s/km (every flat recovery run "too fast"), and an uphill tempo the threshold.
        let hilly = s
            .climb_m_per_km()
            .is_some_and(|c| c >= HILLY_MIN_CLIMB_M_PER_KM);
        let distance_m = if hilly {
            s.run_distance_m() * grade_adjust(&mut series)
        } else {
            s.run_distance_m()
        };
        let (best20_speed, best20_hr) = best_sustained(&series, BEST_EFFORT_S);
        let (best_reps_speed, _) = best_sustained(&series, REPS_EFFORT_S);
        let speed =
            (distance_m > 200.0 && s.run_moving_s() > 0.0).then(|| distance_m / s.run_moving_s());
        RunFacts {
            start: s.start_time,
            moving_s: s.run_moving_s(),
            speed,
            run_walk_speed: speed
                .and(s.walk_breaks)
                .and_then(|w| w.running_speed(s.run_moving_s(), distance_m)),
            avg_hr: s.run_avg_hr().filter(|_| hr_ok),
            peak_hr: s.peak_hr_5s.filter(|_| hr_ok),
            best20_speed,
            best20_hr: best20_hr.filter(|_| hr_ok),
            best_reps_speed,
            hr_p75: hr_percentile(&series, 0.75).filter(|_| hr_ok),
            trail: s.sport == crate::activity::Sport::TrailRunning,
            session: SessionPart::Alone,
        }
    }
}

/// The HR below which `q` of the run's moving time with HR was spent (per 10-s bucket).
fn hr_percentile(series: &[Bucket], q: f64) -> Option<f64> {
    let buckets: Vec<(f64, f64)> = series
        .iter()
        .filter_map(|b| b.hr().map(|h| (h, b.hr_s as f64)))
        .collect();
    weighted_quantile(&buckets, q)
}

/// A hard effort is read over its best 20 minutes.
const BEST_EFFORT_S: f64 = 20.0 * 60.0;

/// …and a set of reps over its best 3 minutes.
const REPS_EFFORT_S: f64 = 3.0 * 60.0;

/// Each bucket's distance made its grade-adjusted distance (see [`effort_per_speed`]); returns
/// how much the whole grew (1 on the flat, or without a distance).
fn grade_adjust(series: &mut [Bucket]) -> f64 {
    let efforts: Vec<f64> = (0..series.len())
        .map(|i| effort_per_speed(series, i))
        .collect();
    let (mut raw, mut adjusted) = (0.0f64, 0.0f64);
    for (b, effort) in series.iter_mut().zip(efforts) {
        raw += b.distance_m as f64;
        b.distance_m = (b.distance_m as f64 * effort) as f32;
        adjusted += b.distance_m as f64;
    }
    if raw > 0.0 {
        adjusted / raw
    } else {
        1.0
    }
}

/// Best average speed over `span_s` seconds of moving time, and the HR over that stretch.
fn best_sustained(series: &[Bucket], span_s: f64) -> (Option<f64>, Option<f64>) {
    let n = (span_s / BUCKET_S) as usize;
    if series.len() < n || n == 0 {
        return (None, None);
    }
    let (mut dist, mut moving, mut hr_sum, mut hr_s) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut best: Option<(f64, Option<f64>)> = None;
    // A run without a distance (a treadmill without a footpod) has no pace to rank its windows
    // by: its hardest 20 minutes are those the heart held highest.
    let paced = series.iter().any(|b| b.distance_m > 0.0);
    // The bucket leaving the window, `n` behind the one entering it.
    let mut leaving = series.iter();
    for (i, b) in series.iter().enumerate() {
        dist += b.distance_m as f64;
        moving += b.moving_s as f64;
        hr_sum += b.hr_sum as f64;
        hr_s += b.hr_s as f64;
        if let Some(old) = (i >= n).then(|| leaving.next()).flatten() {
            dist -= old.distance_m as f64;
            moving -= old.moving_s as f64;
            hr_sum -= old.hr_sum as f64;
            hr_s -= old.hr_s as f64;
        }
        // Only windows that were nearly all moving: a stop inside would flatter the speed.
        if i + 1 >= n && moving >= span_s * 0.9 {
            let hr = (hr_s >= span_s * 0.5).then(|| hr_sum / hr_s);
            let rank = if paced {
                dist / moving
            } else {
                hr.unwrap_or(0.0)
            };
            if best.is_none_or(|(b, _)| rank > b) {
                best = Some((rank, hr));
            }
        }
    }
    match best {
        Some((v, hr)) => (Some(v).filter(|_| paced), hr),
        None => (None, None),
    }
}

/// Computes the baseline valid at each run's date. `runs` must be sorted by start time.
pub fn timeline(runs: &[RunFacts], profile: &Profile) -> Vec<Baseline> {
    timeline_with_watch(runs, profile, &WatchHistory::default())
}

/// [`timeline`] with the watch's own settings as a source between the profile and the runs: a
/// max, resting or threshold HR the runner set on their watch is their word, dated by the runs
/// whose files carried it.
pub fn timeline_with_watch(
    runs: &[RunFacts],
    profile: &Profile,
    watch: &WatchHistory,
) -> Vec<Baseline> {
    let eras = eras(runs);
    let era_at = |date: f64| {
        let k = eras.partition_point(|e| e.first_start <= date);
        &eras[k.saturating_sub(1)]
    };
    // Runs that start at the same moment (the sessions of one file) share their baseline.
    let mut dates: Vec<f64> = runs.iter().map(|r| r.start).collect();
    dates.dedup_by(|a, b| a.total_cmp(b).is_eq());
    let baselines: Vec<Baseline> = dates
        .par_iter()
        .map(|&date| at_date(date, runs, era_at(date), profile, watch))
        .collect();
    // Every run at its own moment (the rule): the baselines are the runs', in order, without a
    // second list of copies.
    if dates.len() == runs.len() {
        return baselines;
    }
    let mut next = dates.iter().zip(baselines).peekable();
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        while next
            .peek()
            .is_some_and(|(date, _)| date.total_cmp(&run.start).is_lt())
        {
            next.next();
        }
        out.push(match next.peek() {
            Some((_, baseline)) => baseline.clone(),
            // Not reached while the runs are in start order, as `verdicts` gives them.
            None => at_date(run.start, runs, era_at(run.start), profile, watch),
        });
    }
    out
}

/// A stretch of an export without a year's break in it, and its first weeks: what the early
/// estimate reads for a date with too little history.
pub struct Era<'a> {
    pub first_start: f64,
    pub early: Vec<&'a RunFacts>,
    /// The stretch began after a year or more without a run.
    pub after_break: bool,
}

/// The runs (in start order) cut where the runner stopped for a year or more. Every window looks
/// back a year at most, so after such a break nothing before it is read, and a date with too
/// little history fell back on the export's first weeks however old: the easy pace of one run
/// five years before set a comeback's ("74 s/km faster than your easy pace": a race). The weeks
/// after the return are the first weeks of the runner who came back.
fn eras(runs: &[RunFacts]) -> Vec<Era<'_>> {
    let mut out: Vec<Era> = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        let new_era = k == 0 || r.start - runs[k - 1].start >= MAX_HR_WINDOW_S;
        if new_era {
            out.push(Era {
                first_start: r.start,
                after_break: k > 0,
                early: runs[k..]
                    .iter()
                    .take_while(|x| x.start < r.start + EARLY_WINDOW_S)
                    .take(MAX_WINDOW_RUNS)
                    .collect(),
            });
        }
    }
    if out.is_empty() {
        out.push(Era {
            first_start: 0.0,
            early: Vec::new(),
            after_break: false,
        });
    }
    out
}

/// The baseline valid at `date`, from runs strictly before it: each figure the runner gave, else
/// the watch's setting (max HR, threshold and resting HR), else what their runs say.
pub fn at_date(
    date: f64,
    runs: &[RunFacts],
    era: &Era,
    profile: &Profile,
    watch: &WatchHistory,
) -> Baseline {
    let early = era.early.as_slice();
    // Runs are sorted by start: only the last 12 months before the date are ever looked at.
    let lo = runs.partition_point(|r| r.start < date - MAX_HR_WINDOW_S);
    let hi = runs.partition_point(|r| r.start < date).max(lo);
    let lo = lo.max(hi.saturating_sub(MAX_WINDOW_RUNS));
    let year = &runs[lo..hi];
    let first_start = era.first_start;
    let since_break = era.after_break.then_some(first_start);

    let mut watch_notes = Vec::new();
    let mut watch_max_not_used = false;
    let from_watch = |setting: Setting| watch_setting(watch, setting, date);
    // Each figure: the runner's word, else the watch's or the runs' (checked against each other).
    let mut max_hr_guessed = false;
    let mut given_max_note = None;
    let max_hr = match profile.max_hr.as_ref() {
        Some(given) => {
            given_max_note = given_max_passed(given, &Peaks::of(year));
            given_figure(given)
        }
        None => {
            let peaks = Peaks::of(year);
            let derived = derived_max_hr(date, &peaks, first_start, early, since_break);
            match (from_watch(Setting::MaxHr), derived) {
                (Some((w, figure)), derived) => {
                    let guess = derived.as_ref().is_some_and(|d| d.guess);
                    let checked = checked_watch_max(w, figure, derived.map(|d| d.figure), &peaks);
                    watch_max_not_used = checked.not_used;
                    watch_notes.extend(checked.note);
                    max_hr_guessed = guess && checked.not_used;
                    checked.max_hr
                }
                (None, Some(d)) => {
                    max_hr_guessed = d.guess;
                    d.figure
                }
                (None, None) => {
                    max_hr_guessed = true;
                    Figure::new(DEFAULT_MAX_HR, Provenance::Default)
                }
            }
        }
    };
    let in_first_weeks = date < first_start + EARLY_WINDOW_S;
    let paces = Paces::new(year, early, date, in_first_weeks, since_break);
    let easy_speed = match profile.easy_pace_s_per_km.as_ref() {
        Some(given) => given_speed(given),
        None => paces.easy_speed(max_hr.value, in_first_weeks),
    };
    let threshold_speed = match profile.threshold_pace_s_per_km.as_ref() {
        Some(given) => given_speed(given),
        None => derived_threshold(
            &paces.recent,
            paces.recent_reading.as_ref(),
            max_hr.value,
            easy_speed.value,
        ),
    };
    let lthr = match profile.lthr.as_ref() {
        Some(given) => Some(given_figure(given)),
        None => {
            let derived = derived_lthr(year, date, max_hr.value);
            match from_watch(Setting::ThresholdHr) {
                Some((w, figure)) => {
                    if let Some(d) = &derived {
                        watch_notes.extend(disagreement(Setting::ThresholdHr, d.value, w));
                    }
                    Some(figure)
                }
                None => derived,
            }
        }
    };
    let resting_hr = match profile.resting_hr.as_ref() {
        Some(given) => Some(given_figure(given)),
        None => from_watch(Setting::RestingHr).map(|(_, figure)| figure),
    };
    let (base_run_s, easy_hr) = easy_days(paces.set(), max_hr.value);
    let easy_pace_own = matches!(
        easy_speed.provenance,
        Provenance::EarlyEstimate { runs: 1, .. }
    ) && paces.early.first().is_some_and(|r| r.start == date);

    Baseline {
        max_hr,
        easy_speed,
        threshold_speed,
        lthr,
        resting_hr,
        base_run_s,
        easy_hr,
        watch_notes,
        watch_max_not_used,
        given_max_note,
        easy_pace_own,
        max_hr_guessed,
    }
}

/// A line when a clean peak of the runs (one that stands: see [`Peaks::standing_peak`]) went more
/// than [`WATCH_DISAGREE_BPM`] past the max HR the runner gave: "the max HR you gave, 172
/// (runner.toml), is below the clean peak of 186 bpm your heart reached on 2024-07-08: kept, as
/// you gave it, but for the runs that went past it (…); check it (…)". The
/// runner's word stands, as a watch's setting would not (season 34 F5: a profile's 172 for a
/// true 194, every easy run gray, and nothing said).
fn given_max_passed(given: &Given, peaks: &Peaks) -> Option<String> {
    let peak = peaks.standing?;
    if peak <= given.value + WATCH_DISAGREE_BPM {
        return None;
    }
    let on = peaks
        .runs
        .iter()
        .filter(|r| r.peak_hr.is_some_and(|p| p.round() >= peak))
        .map(|r| r.start)
        .next()?;
    Some(format!(
        "the max HR you gave, {:.0} ({}), is below the clean peak of {peak:.0} bpm your heart reached on {}: kept, as you gave it, but for the runs that went past it (each judged against its own peak); check it (a max from 220 − age is often low, and reads easy runs as gray)",
        given.value,
        given.by,
        crate::judge::watch::peak_day(on)
    ))
}

/// A figure the runner gave, as given.
fn given_figure(given: &Given) -> Figure {
    Figure::new(given.value, Provenance::Given(given.by.clone()))
}

/// A pace the runner gave (s/km), as a speed.
fn given_speed(given: &Given) -> Figure {
    Figure::new(1000.0 / given.value, Provenance::Given(given.by.clone()))
}

/// The runner's own setting on their watch at the date, and the figure it gives.
fn watch_setting(
    watch: &WatchHistory,
    setting: Setting,
    date: f64,
) -> Option<(&WatchValue, Figure)> {
    watch.at(setting, date).map(|w| {
        (
            w,
            Figure::new(f64::from(w.bpm), Provenance::Watch(w.provenance(setting))),
        )
    })
}

/// The runs with a pace that the pace figures are read over: the recent weeks', and the export's
/// first weeks' for a date with too few recent runs; and what pace alone says of the recent weeks
/// (read once, for the easy pace and the threshold). After the first weeks, a date whose last 8
/// weeks hold too few runs (back from a break of two months or more, or a runner who runs
/// rarely) reads the 8 weeks up to the last run before it: the runner as they last ran, not the
/// export's first weeks, which may be years older.
struct Paces<'a> {
    recent: Vec<&'a RunFacts>,
    early: Vec<&'a RunFacts>,
    recent_usable: Vec<&'a RunFacts>,
    recent_reading: Option<PaceReading>,
    /// The first weeks are those after a year's break, which began then.
    since_break: Option<f64>,
}

impl<'a> Paces<'a> {
    fn new(
        year: &'a [RunFacts],
        early: &[&'a RunFacts],
        date: f64,
        in_first_weeks: bool,
        since_break: Option<f64>,
    ) -> Self {
        let with_pace: Vec<&'a RunFacts> = year.iter().filter(|r| r.speed.is_some()).collect();
        let from = with_pace.partition_point(|r| r.start < date - PACE_WINDOW_S);
        let mut recent = with_pace[from..].to_vec();
        if recent.len() < MIN_RUNS && !in_first_weeks {
            // The latest run whose 8 weeks up to it hold MIN_RUNS runs with a pace: one pass.
            let latest = (MIN_RUNS - 1..with_pace.len())
                .rev()
                .find(|&i| with_pace[i + 1 - MIN_RUNS].start >= with_pace[i].start - PACE_WINDOW_S);
            if let Some(i) = latest {
                let last = with_pace[i].start;
                let from = with_pace[..=i].partition_point(|r| r.start < last - PACE_WINDOW_S);
                recent = with_pace[from..=i].to_vec();
            }
        }
        let early: Vec<&RunFacts> = early
            .iter()
            .copied()
            .filter(|r| r.speed.is_some())
            .collect();
        let recent_usable = usable_for_pace(&recent);
        let recent_reading = PaceReading::of_window(&recent_usable);
        Paces {
            recent,
            early,
            recent_usable,
            recent_reading,
            since_break,
        }
    }

    /// The recent weeks' runs (or, after a break, the last weeks of running before it) when
    /// there are enough of them, else the export's first weeks'.
    fn set(&self) -> &[&'a RunFacts] {
        if self.recent.len() >= MIN_RUNS {
            &self.recent
        } else {
            &self.early
        }
    }

    /// The usual easy pace (a speed): of the recent weeks (or the last weeks of running before a
    /// break), else of the export's first weeks, else the default.
    fn easy_speed(&self, max_hr: f64, in_first_weeks: bool) -> Figure {
        let asked = Window::Recent { in_first_weeks };
        let from_recent = (self.recent.len() >= MIN_RUNS)
            .then(|| {
                usual_easy_speed(
                    &self.recent_usable,
                    self.recent_reading.as_ref(),
                    max_hr,
                    asked,
                )
            })
            .flatten();
        if let Some(v) = from_recent {
            return Figure::new(v, provenance_of(&self.recent));
        }
        let early_usable = usable_for_pace(&self.early);
        let early_pace = PaceReading::of_window(&early_usable);
        let early = Provenance::EarlyEstimate {
            runs: self.early.len(),
            since_break: self.since_break,
        };
        usual_easy_speed(
            &early_usable,
            early_pace.as_ref(),
            max_hr,
            Window::FirstWeeks,
        )
        .map(|v| Figure::new(v, early))
        .unwrap_or_else(|| Figure::new(DEFAULT_EASY_SPEED, Provenance::Default))
    }
}

/// Lactate-threshold HR from the year before the date (Friel): 95 % of the best average HR of
/// a hard 20-minute effort (85 % of max or more) — or, at least, the average HR of a run held
/// that hard for an hour or more (a half marathon): no one holds more than their threshold HR
/// that long, so a 2-hour race at 171 bpm puts it at 171 or higher, not at 95 % of its best 20
/// minutes.
fn derived_lthr(year: &[RunFacts], date: f64, max_hr: f64) -> Option<Figure> {
    let hard = |h: &f64| *h >= LTHR_EFFORT_MIN_HR_FRACTION * max_hr;
    let held_an_hour = |r: &RunFacts| {
        r.avg_hr
            .filter(hard)
            .filter(|_| r.moving_s >= LTHR_HELD_MIN_S)
    };
    let efforts: Vec<&RunFacts> = year
        .iter()
        .filter(|r| r.start >= date - MAX_HR_WINDOW_S)
        .filter(|r| r.best20_hr.is_some_and(|h| hard(&h)) || held_an_hour(r).is_some())
        .collect();
    efforts
        .iter()
        .flat_map(|r| {
            [
                r.best20_hr.filter(hard).map(|h| h * LTHR_OF_BEST_20MIN_HR),
                held_an_hour(r),
            ]
        })
        .flatten()
        .fold(None, |m: Option<f64>, h| Some(m.map_or(h, |m| m.max(h))))
        .map(|h| Figure::new(h.round(), provenance_of(&efforts)))
}

/// The base run and the easy HR, from the runner's easy days (three quarters of the time under
/// 80 % of max, or no HR) in the set.
fn easy_days(set: &[&RunFacts], max_hr: f64) -> (Option<f64>, Option<f64>) {
    let easy_day =
        |hr_p75: Option<f64>| hr_p75.is_none_or(|h| h < EASY_DAY_MAX_HR_FRACTION * max_hr);
    // A normal easy run's length: the 70th percentile, so that many short recovery days do not
    // make an ordinary easy run look "long" (and a weekly long run does not set the norm either).
    // A run saved in pieces is one run, as long as its pieces together; a workout's warm-up
    // saved on its own is no short easy day.
    let lengths: Vec<f64> = set
        .iter()
        .filter_map(|r| match r.session {
            SessionPart::Alone => easy_day(r.hr_p75).then_some(r.moving_s),
            SessionPart::First { moving_s, hr_p75 } => easy_day(hr_p75).then_some(moving_s),
            SessionPart::Later => None,
        })
        .collect();
    // One run or two is no usual length: judged alone, a 5-hour run would be its own norm, and
    // no long run.
    let base_run_s =
        (lengths.len() >= MIN_RUNS).then(|| Data::new(lengths).percentile(BASE_RUN_PERCENTILE));
    let mut hrs: Vec<f64> = set
        .iter()
        .filter(|r| easy_day(r.hr_p75))
        .filter_map(|r| r.avg_hr)
        .collect();
    let easy_hr = (hrs.len() >= MIN_RUNS).then(|| median(&mut hrs));
    (base_run_s, easy_hr)
}

/// A watch's max HR more than [`WATCH_DISAGREE_BPM`] above the highest the runs of the 12
/// months before the date allow — their standing peak taken as [`TRAINING_PEAK_OF_MAX`] of the
/// max, the least a hard effort reaches — is most often the watch's own guess (220 − age) that its
/// runner never set: it would read their gray-zone runs as easy. The note saying so when it is;
/// only runs that include a hard effort can say it ([`Peaks::hard_effort`]).
fn beyond_what_runs_allow(watch: &WatchValue, year: &Peaks) -> Option<String> {
    if !year.hard_effort() {
        return None;
    }
    let peak = year.standing?;
    let allowed = (peak / TRAINING_PEAK_OF_MAX).round();
    (f64::from(watch.bpm) > allowed + WATCH_DISAGREE_BPM)
        .then(|| watch_max_not_used(watch, peak, allowed))
}

/// A watch's max HR, checked against the runs of the 12 months before the date.
struct CheckedWatchMax {
    max_hr: Figure,
    /// The runs overruled the watch's figure (`note` says why).
    not_used: bool,
    note: Option<String>,
}

/// A watch's max HR is often the watch's own guess (220 − age, on a Garmin) that its runner
/// never set, too high or too low. The runs overrule it when they can: more than 5 bpm above what
/// they allow ([`beyond_what_runs_allow`]), or below a clean peak of theirs that stands
/// ([`Efforts::standing_peak`]: not a lone spike the legs do not confirm), which proves the max is
/// at least that high. Either way the runs' own figure is used (at least that peak), and the note
/// says so. Otherwise the watch's figure is used, with a note where the runs' estimate differs by
/// more than a few beats. A max the runner gave (flag or profile) is their word and is only raised
/// run by run ([`Baseline::raise_max_to_peak`]).
fn checked_watch_max(
    watch: &WatchValue,
    figure: Figure,
    derived: Option<Figure>,
    year: &Peaks,
) -> CheckedWatchMax {
    let overruled = |max_hr: Figure, note: String| CheckedWatchMax {
        max_hr,
        not_used: true,
        note: Some(note),
    };
    // Too high by the runs only if the runs' own figure is lower by more than a few beats: an
    // estimate from the first weeks near or above the watch's says no such thing.
    if let (Some(d), Some(note)) = (
        derived
            .as_ref()
            .filter(|d| d.value + WATCH_DISAGREE_BPM < f64::from(watch.bpm)),
        beyond_what_runs_allow(watch, year),
    ) {
        return overruled(d.clone(), note);
    }
    let passed = year
        .standing
        .filter(|&peak| peak > f64::from(watch.bpm))
        .and_then(|peak| {
            let run = year
                .runs
                .iter()
                .find(|r| r.peak_hr.is_some_and(|p| p.round() == peak))?;
            Some((peak, run.start))
        });
    if let Some((peak, on)) = passed {
        let note = watch_max_passed(watch, peak, on);
        return match derived {
            Some(d) if d.value >= peak => overruled(d, note),
            _ => overruled(
                Figure::new(
                    peak,
                    Provenance::RaisedByRun {
                        was: figure.value,
                        from: figure.provenance.describe(),
                        on: Some(on),
                    },
                ),
                note,
            ),
        };
    }
    CheckedWatchMax {
        note: derived.and_then(|d| disagreement(Setting::MaxHr, d.value, watch)),
        max_hr: figure,
        not_used: false,
    }
}

/// Max HR from the previous 12 months. While the export is younger than that, a handful of easy
/// runs would say nothing about max HR, so the export's first weeks (hard sessions included) set a
/// floor: the "first weeks' estimate" for runs with too little history. A guess from easy runs
/// alone (either figure) gives way to hard efforts the other figure rests on
/// ([`Peaks::hard_efforts_tell`]), higher or lower.
fn derived_max_hr(
    date: f64,
    recent: &Peaks,
    first_start: f64,
    early: &[&RunFacts],
    since_break: Option<f64>,
) -> Option<DerivedMax> {
    let young = date - first_start < MAX_HR_WINDOW_S;
    let from_recent = (recent.runs.len() >= MIN_RUNS)
        .then(|| recent.max_hr())
        .flatten();
    let early_hr = Peaks::new(
        early
            .iter()
            .copied()
            .filter(|r| r.peak_hr.is_some())
            .collect(),
    );
    let from_early = (young || from_recent.is_none())
        .then(|| early_hr.max_hr())
        .flatten();
    let early_runs = early_hr.runs.len();
    // Easy runs alone give a guess (see `max_from_easy_peak`), and a guess gives way to hard
    // efforts that tell the max, whichever is higher: the first weeks' guess is no floor once
    // the months since hold them (a masters runner's easy start had set 181 for a year, their
    // intervals peaking at 156), and the first days' guess no ceiling over first weeks that do
    // (171 for a runner whose intervals a week later said 148).
    let early_is_a_guess = early_hr.all_easy() && recent.hard_efforts_tell();
    let recent_is_a_guess = recent.all_easy() && early_hr.hard_efforts_tell();
    let early_figure = |e: MaxHr| DerivedMax {
        figure: Figure::new(
            e.bpm,
            Provenance::EarlyEstimate {
                runs: early_runs,
                since_break,
            },
        ),
        guess: e.guess,
    };
    match (from_recent, from_early) {
        (Some(r), Some(e))
            if (e.bpm > r.bpm && !early_is_a_guess) || (e.bpm < r.bpm && recent_is_a_guess) =>
        {
            Some(early_figure(e))
        }
        (Some(r), _) => Some(DerivedMax {
            figure: Figure::new(r.bpm, provenance_of(&recent.runs)),
            guess: r.guess,
        }),
        (None, Some(e)) => Some(early_figure(e)),
        (None, None) => None,
    }
}

/// The max HR the runs say, and whether it is only a guess from easy runs.
struct DerivedMax {
    figure: Figure,
    guess: bool,
}

/// A max HR from runs' peaks: `guess` when no run was shown hard ([`Peaks::all_easy`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct MaxHr {
    bpm: f64,
    guess: bool,
}

fn provenance_of(runs: &[&RunFacts]) -> Provenance {
    let from = runs.iter().map(|r| r.start).fold(f64::INFINITY, f64::min);
    let to = runs
        .iter()
        .map(|r| r.start)
        .fold(f64::NEG_INFINITY, f64::max);
    Provenance::Derived {
        runs: runs.len(),
        from,
        to,
    }
}

/// Runs with HR, how fast they went and their standing peak: read once at a date, for the max HR
/// the runs say and for what they say of the watch's.
struct Peaks<'a> {
    runs: Vec<&'a RunFacts>,
    efforts: Efforts,
    standing: Option<f64>,
}

impl<'a> Peaks<'a> {
    /// `runs`: runs with a peak HR.
    fn new(runs: Vec<&'a RunFacts>) -> Peaks<'a> {
        let efforts = Efforts::of(&runs);
        let standing = efforts.standing_peak(&runs);
        Peaks {
            runs,
            efforts,
            standing,
        }
    }

    /// The runs with HR among `runs`.
    fn of(runs: &'a [RunFacts]) -> Peaks<'a> {
        Peaks::new(runs.iter().filter(|r| r.peak_hr.is_some()).collect())
    }

    /// Max HR from runs' peaks. Training seldom reaches max HR: interval reps end at about 95–97 %
    /// of it, so a peak from training is a lower bound, and it is divided by 0.97. A peak from an
    /// all-out sustained effort (a race or time trial: its best 20 minutes average at least 93 % of
    /// the peak) is taken as it is.
    fn max_hr(&self) -> Option<MaxHr> {
        let (runs, efforts) = (&self.runs, &self.efforts);
        let peak = self.standing?;
        let all_out = runs
            .iter()
            .filter(|r| r.peak_hr.is_some_and(|p| p.round() == peak))
            .any(|r| efforts.all_out(r));
        let known = |bpm| MaxHr { bpm, guess: false };
        Some(if all_out {
            // Every hard effort bounds the max from below, each its own way: a race its peak, a
            // set of reps its peak / 0.97. A 10K raced at 96 % of max after 800s that reached
            // 95 % of it is not the max: the reps say more.
            let reps_peak = highest_peak(
                runs.iter()
                    .filter(|r| efforts.strictly_fast(r) && !efforts.all_out(r)),
            );
            known(reps_peak.map_or(peak, |p| peak.max((p / TRAINING_PEAK_OF_MAX).round())))
        } else if self.all_easy() {
            MaxHr {
                bpm: max_from_easy_peak(peak),
                guess: true,
            }
        } else {
            known((peak / TRAINING_PEAK_OF_MAX).round())
        })
    }

    /// Whether no run was shown hard ([`Peaks::shown_hard`]: by the legs, or by the heart of a run
    /// without a pace): the peaks may have come from easy running, which tops out near 85 % of
    /// max HR, not from reps that end at 95–97 % of it (a short history, a comeback, weeks on a
    /// treadmill without a footpod, where an easy runner's peak / 0.97 had read their easy runs
    /// as tempo runs). Their max is then a guess within a range, no floor.
    fn all_easy(&self) -> bool {
        let (runs, efforts) = (&self.runs, &self.efforts);
        let paced = runs.iter().any(|r| held(r).is_some()) && efforts.usual_speed.is_some();
        let hearts_only = efforts.usual_speed.is_none() && efforts.usual_hr.is_some();
        (paced || hearts_only) && self.shown_hard().next().is_none()
    }

    /// The runs shown to be hard efforts whose peak stands: a hard effort the heart alone tells,
    /// peaking alone far above the rest, was set aside as a sensor's fault (`standing_peak`),
    /// and says nothing of the max.
    fn shown_hard(&self) -> impl Iterator<Item = &&'a RunFacts> + '_ {
        self.runs.iter().filter(move |r| {
            self.efforts.strictly_fast(r)
                && r.peak_hr
                    .zip(self.standing)
                    .is_some_and(|(p, s)| p.round() <= s)
        })
    }

    /// Whether they can speak against a watch's max HR: at least [`MIN_RUNS`], one of them a hard
    /// effort shown (by the legs, or the heart of a run without a pace) whose peak stands. Easy
    /// runs alone bound a max only loosely.
    fn hard_effort(&self) -> bool {
        self.runs.len() >= MIN_RUNS && self.shown_hard().next().is_some()
    }

    /// Whether their hard efforts say more of max HR than a guess from easy running: two runs
    /// fast by the legs or more, one of them a set of reps or an all-out effort, the highest
    /// peaking at least as high as any other run. One steady run a tenth faster than usual, or a
    /// faster spell of easy runs, peaking with the easy runs is no such evidence: its peak / 0.97
    /// would read an easy runner's max a tenth low.
    fn hard_efforts_tell(&self) -> bool {
        let (fast, other): (Vec<&RunFacts>, Vec<&RunFacts>) = self
            .runs
            .iter()
            .partition(|r| self.efforts.strictly_fast(r));
        let Some(top_fast) = highest_peak(fast.iter()) else {
            return false;
        };
        let reps_or_all_out = fast.iter().any(|r| {
            self.efforts.all_out(r)
                || self
                    .efforts
                    .usual_speed
                    .zip(r.best_reps_speed)
                    .is_some_and(|(usual, v)| v >= REPS_OVER_USUAL * usual)
        });
        self.runs.len() >= MIN_RUNS
            && fast.len() >= 2
            && reps_or_all_out
            && highest_peak(other.iter()).is_none_or(|p| top_fast >= p)
    }
}

/// Whether a run held its HR near its peak for its best 20 minutes, as an all-out effort does (a
/// race, a time trial; with the legs to say it was fast).
fn all_out_effort(r: &RunFacts) -> bool {
    r.best20_hr
        .zip(r.peak_hr)
        .is_some_and(|(b, p)| b >= ALL_OUT_SUSTAINED_FRACTION * p)
}

/// What a run held: its best 20 minutes, or the whole run when it was shorter (a 14-minute jog
/// is no hard effort for lacking 20 minutes; a 15-minute 5K is one).
fn held(r: &RunFacts) -> Option<f64> {
    r.best20_speed
        .or(r.speed.filter(|_| r.moving_s < BEST_EFFORT_S))
}

/// The heart rate a run held, the same way: its best 20 minutes, or the whole run's average.
fn held_heart(r: &RunFacts) -> Option<f64> {
    r.best20_hr
        .or(r.avg_hr.filter(|_| r.moving_s < BEST_EFFORT_S))
}

/// How fast a set of runs went, to tell their hard efforts from their easy ones by the legs: a
/// steady easy run also holds its HR near its peak for 20 minutes.
struct Efforts {
    /// The runner's easy speed, the one half their running time was run slower than: a hard
    /// effort is well above it. Weighed by time, as the usual easy pace is: a runner's recovery
    /// jogs are short and many (an advanced week holds four), and the slower quarter of the runs
    /// was theirs, which every easy run beat by 10 %: an easy-only runner's easy runs were
    /// "hard efforts" and their peak / 0.97 their max HR (a tenth low: every easy run gray).
    usual_speed: Option<f64>,
    /// For a run without a pace (a treadmill without a footpod), the heart tells: the runner's
    /// usual HR, the one half their running time was run under.
    usual_hr: Option<f64>,
    /// The HR half the running time was run under, whatever the runs' paces: an all-out effort's
    /// heart stands far above it.
    usual_heart: Option<f64>,
}

impl Efforts {
    fn of(runs: &[&RunFacts]) -> Efforts {
        let timed: Vec<(f64, f64)> = runs
            .iter()
            .filter_map(|r| r.speed.map(|v| (v, r.moving_s)))
            .collect();
        let hearts: Vec<(f64, f64)> = runs
            .iter()
            .filter_map(|r| r.avg_hr.map(|h| (h, r.moving_s)))
            .collect();
        let usual_heart = weighted_quantile(&hearts, 0.5);
        Efforts {
            usual_speed: weighted_quantile(&timed, 0.5),
            // Only where a run has no pace of its own to be judged by.
            usual_hr: usual_heart.filter(|_| runs.iter().any(|r| r.speed.is_none())),
            usual_heart,
        }
    }

    /// A hard effort by the legs: its best 20 minutes well above the easy speed (a tempo, a
    /// race), or its best 3 minutes far above it (reps, whose jogs keep 20 minutes near easy).
    /// A run without a pace (a treadmill without a footpod) by the heart: its best 20 minutes
    /// well above the usual HR (a tempo's or a set of reps', not an easy run's drift) — a steady
    /// easy run's heart also holds near its peak for 20 minutes, so it alone says nothing.
    fn fast(&self, r: &RunFacts) -> bool {
        if r.speed.is_none() {
            return self.fast_by_the_heart(r);
        }
        let Some(usual) = self.usual_speed else {
            return true;
        };
        if r.best_reps_speed
            .is_some_and(|v| v >= REPS_OVER_USUAL * usual)
        {
            return true;
        }
        // One too broken up for 20 minutes of running is given the doubt.
        held(r).is_none_or(|v| v >= HARD_EFFORT_OVER_USUAL * usual)
    }

    /// An all-out effort (a race, a time trial): its heart held near its peak for its best 20
    /// minutes, and those minutes at a threshold's pace or faster against the easy speed
    /// ([`MIN_THRESHOLD_OVER_EASY`]). A steady moderate run also holds its heart near its peak,
    /// 10–15 % faster than easy: its peak is a gray run's, 85–90 % of max, and taken as the max
    /// it had read a runner without workouts 20 bpm low (every gray run a race, every easy run
    /// gray) in the weeks its few runs said so. A run without a pace is told by the heart.
    fn all_out(&self, r: &RunFacts) -> bool {
        if !all_out_effort(r) {
            return false;
        }
        // The heart of an all-out effort stands far above the runner's usual: a beginner's
        // steady run 1.2 times as fast as their easy runs, at 162 bpm over their usual 142, was
        // taken as a race, its peak the max (168 for 191: every easy run gray, season 34 F2).
        let heart_far_above = match (held_heart(r), self.usual_heart) {
            (Some(h), Some(usual)) => h >= ALL_OUT_MIN_HR_OVER_USUAL * usual,
            _ => true,
        };
        heart_far_above
            && match (r.speed, self.usual_speed, held(r)) {
                (Some(_), Some(usual), Some(v)) => v >= MIN_THRESHOLD_OVER_EASY * usual,
                _ => self.fast(r),
            }
    }

    fn fast_by_the_heart(&self, r: &RunFacts) -> bool {
        self.usual_hr
            .zip(held_heart(r))
            .is_some_and(|(usual, h)| h >= HARD_EFFORT_HR_OVER_USUAL * usual)
    }

    /// [`Efforts::fast`], shown: by a pace of its own to compare, or by the heart of a run
    /// without one.
    fn strictly_fast(&self, r: &RunFacts) -> bool {
        if r.speed.is_none() {
            return self.fast_by_the_heart(r);
        }
        held(r).is_some() && self.usual_speed.is_some() && self.fast(r)
    }

    fn fast_by_the_legs(&self, r: &RunFacts) -> bool {
        r.speed.is_some() && self.strictly_fast(r)
    }

    /// The highest clean peak of the runs that stands: a peak far above every other is a sensor
    /// fault — unless the legs confirm it: one hard session among easy runs (a first workout
    /// after a break) peaks alone, and truly. The heart cannot confirm its own peak: a strap
    /// that read high for half an hour holds its best 20 minutes high too.
    fn standing_peak(&self, runs: &[&RunFacts]) -> Option<f64> {
        let top_confirmed = highest_peak(runs.iter().filter(|r| self.fast_by_the_legs(r)));
        let robust = robust_top(runs.iter().filter_map(|r| r.peak_hr))?;
        Some(top_confirmed.map_or(robust, |c| c.round().max(robust)))
    }
}

/// The highest peak HR of `runs`.
fn highest_peak<'r>(runs: impl Iterator<Item = &'r &'r RunFacts>) -> Option<f64> {
    runs.filter_map(|r| r.peak_hr)
        .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))))
}

/// Max HR from the peak of runs none of which was fast: the peak is 80–97 % of max (an easy run
/// tops out near 80–85 %, a steady moderate one near 90–97 %), and nothing in the runs says
/// where. The population's max HR (190 ± 12 bpm) weighs the range: the estimate is its mean
/// within [peak / 0.97, peak / 0.80].
fn max_from_easy_peak(peak: f64) -> f64 {
    let (lo, hi) = (peak / TRAINING_PEAK_OF_MAX, peak / EASY_PEAK_OF_MAX);
    let (mu, sd) = (DEFAULT_MAX_HR, MAX_HR_POPULATION_SD);
    let (a, b) = ((lo - mu) / sd, (hi - mu) / sd);
    let pdf = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let cdf = |x: f64| 0.5 * (1.0 + statrs::function::erf::erf(x / std::f64::consts::SQRT_2));
    let mass = cdf(b) - cdf(a);
    let mean = if mass > 1e-9 {
        mu + sd * (pdf(a) - pdf(b)) / mass
    } else if b < 0.0 {
        hi
    } else {
        lo
    };
    mean.clamp(lo, hi).round()
}

/// The highest value unless it stands alone far above the rest: one run with a bad sensor must
/// not set everyone's zones.
fn robust_top(peaks: impl IntoIterator<Item = f64>) -> Option<f64> {
    // The two highest, as the first two of the peaks sorted from the top.
    let (mut top, mut second): (Option<f64>, Option<f64>) = (None, None);
    for p in peaks {
        if top.is_none_or(|t| p.total_cmp(&t).is_gt()) {
            second = top;
            top = Some(p);
        } else if second.is_none_or(|s| p.total_cmp(&s).is_gt()) {
            second = Some(p);
        }
    }
    match (top, second) {
        (None, _) => None,
        (Some(only), None) => Some(only),
        (Some(top), Some(second)) => Some(if top - second <= LONE_PEAK_BPM {
            top
        } else {
            second
        }),
    }
    .map(f64::round)
}

/// The runs the usual easy pace is read over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Window {
    /// The weeks before the date, which may be among the export's first weeks.
    Recent { in_first_weeks: bool },
    /// The export's first weeks: what is asked when the recent weeks cannot say.
    FirstWeeks,
}

/// The usual easy pace of a set of runs (those [`usable_for_pace`]), as a speed, over its easy
/// days. Easy days are told by HR (three quarters of the time under 80 % of max) when the runs
/// have it, else by their pace reading, else by pace alone (the faster third dropped: a runner's
/// hard days are their fastest). A recent window says nothing
/// rather than guess where the export's first weeks can be asked instead: with HR but fewer than
/// 3 easy days, and without HR and without a hard effort to tell the easy days by while the date
/// is among those first weeks (they see as far ahead as back).
fn usual_easy_speed(
    usable: &[&RunFacts],
    pace: Option<&PaceReading>,
    max_hr: f64,
    window: Window,
) -> Option<f64> {
    let by_pace = mostly_without_hr(usable.iter().copied());
    let easy_by_hr: Vec<(f64, f64)> = usable
        .iter()
        .filter(|r| {
            r.hr_p75
                .is_some_and(|h| h < EASY_DAY_MAX_HR_FRACTION * max_hr)
        })
        .filter_map(|r| r.running_speed().map(|v| (v, r.moving_s)))
        .collect();
    let days: Vec<(f64, f64)> = if !by_pace && easy_by_hr.len() >= MIN_RUNS {
        easy_by_hr
    } else if window != Window::FirstWeeks && !by_pace {
        return None;
    } else if let Some(reading) = pace {
        return Some(reading.easy_speed);
    } else if window
        == (Window::Recent {
            in_first_weeks: true,
        })
    {
        return None;
    } else {
        // A race or a tempo the heart tells is no easy day, however few the runs: an export that
        // opens with a half marathon or a marathon has no easy pace yet (the heart decides), not
        // the race's.
        let mut all: Vec<(f64, f64)> = usable
            .iter()
            .filter(|r| {
                r.hr_p75.is_none_or(|h| h < NEVER_EASY_HR_FRACTION * max_hr)
                    && r.best20_hr
                        .is_none_or(|h| h < SUSTAINED_EFFORT_HR_FRACTION * max_hr)
            })
            .filter_map(|r| r.running_speed().map(|v| (v, r.moving_s)))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.truncate((all.len() * 2).div_ceil(3));
        all
    };
    easy_pace_of_days(days)
}

/// The runs a pace is read over: 15 minutes or more with a distance, not on a trail (where pace
/// is the ground's).
fn usable_for_pace<'a>(set: &[&'a RunFacts]) -> Vec<&'a RunFacts> {
    set.iter()
        .copied()
        .filter(|r| r.moving_s >= PACE_RUN_MIN_S && !r.trail && r.speed.is_some())
        .collect()
}

/// What pace alone says of a window whose runs have no HR: the runner's fastest 20 minutes of
/// the window's last 4 weeks are their threshold when that was a sustained hard effort (a tempo
/// run, a race), and the easy days are then the runs that never held a moderate pace against it
/// for 20 minutes (the pace zones' low top). A runner whose "easy" days are mostly gray-zone runs
/// would otherwise set the easy pace with them (the faster third of the runs dropped is not
/// enough when a third of them are gray). The effort is a threshold only if it was well over the
/// easy pace so read (the floor of the HR's sustained efforts): an interval session's 20 minutes,
/// recoveries and all, are not, and a window without such an effort has no reading.
#[derive(Clone, Debug, PartialEq)]
struct PaceReading {
    easy_speed: f64,
    threshold_speed: f64,
    /// The runs whose best 20 minutes were looked at for the threshold.
    threshold_from: Provenance,
}

impl PaceReading {
    /// The reading of runs that passed [`usable_for_pace`], when most of them have no usable HR
    /// (where most have it, the heart tells the easy days and the efforts).
    fn of_window(usable: &[&RunFacts]) -> Option<PaceReading> {
        if !mostly_without_hr(usable.iter().copied()) {
            return None;
        }
        let newest = usable.iter().map(|r| r.start).fold(f64::MIN, f64::max);
        let efforts: Vec<&RunFacts> = usable
            .iter()
            .copied()
            .filter(|r| fresh_pace_effort(r, newest))
            .collect();
        let threshold_speed = efforts
            .iter()
            .filter_map(|r| r.best20_speed)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))?;
        let days: Vec<(f64, f64)> = usable
            .iter()
            .filter(|r| {
                r.best20_speed
                    .or(r.speed)
                    .is_some_and(|v| v < PACE_LOW_TOP * threshold_speed)
            })
            // An interval session's walked recoveries slow its 20 minutes, not its running.
            .filter_map(|r| r.running_speed().map(|v| (v, r.moving_s)))
            .filter(|&(v, _)| v < PACE_LOW_TOP * threshold_speed)
            .collect();
        if days.len() < MIN_RUNS {
            return None;
        }
        let easy_speed = easy_pace_of_days(days)?;
        (threshold_speed >= easy_speed * MIN_THRESHOLD_OVER_EASY
            && threshold_speed <= easy_speed * MAX_THRESHOLD_OVER_EASY)
            .then(|| PaceReading {
                easy_speed,
                threshold_speed,
                threshold_from: provenance_of(&efforts),
            })
    }
}

/// A run without HR is a threshold effort only in the last weeks of its window
/// (`PACE_ONLY_EFFORT_WINDOW_S` before the window's newest run).
fn fresh_pace_effort(r: &RunFacts, newest: f64) -> bool {
    r.avg_hr.is_none() && r.start >= newest - PACE_ONLY_EFFORT_WINDOW_S
}

/// Whether fewer than half of the runs have a usable heart rate: their easy days and hard
/// efforts are then told by pace.
fn mostly_without_hr<'a>(runs: impl IntoIterator<Item = &'a RunFacts>) -> bool {
    let (with_hr, all) = runs.into_iter().fold((0, 0), |(with_hr, all), r| {
        (with_hr + usize::from(r.hr_p75.is_some()), all + 1)
    });
    with_hr * 2 < all
}

/// The usual easy pace of a runner's easy days, (speed, moving time) each.
fn easy_pace_of_days(days: Vec<(f64, f64)>) -> Option<f64> {
    // The speed below which 60 % of the easy days' *running time* was spent: weighting by time
    // lets the long and normal easy runs speak over the short recovery jogs, and the 60th rather
    // than the 50th leans away from the slower recovery days. Read twice: over all the easy days,
    // and over their longer half, since recovery runs are shorter than the normal easy runs (the
    // rule) and an advanced week holds more of them than easy days. Each reading is blind to one
    // kind of slow easy day: the first to many recovery runs, the second to a week whose recovery
    // runs are as long as its easy runs (its longer half is then mostly recovery and long runs).
    // Neither kind of slow day makes the easy runs faster: the faster reading is the easy pace.
    let all_days = weighted_percentile(days.clone(), EASY_DAY_TIME_SHARE);
    let longer = weighted_percentile(longer_half(days), EASY_DAY_TIME_SHARE);
    match (all_days, longer) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The (speed, moving time) days at least as long as the median day.
fn longer_half(mut days: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if days.len() < 2 {
        return days;
    }
    let mut lengths: Vec<f64> = days.iter().map(|d| d.1).collect();
    let mid = (lengths.len() - 1) / 2;
    let median = *lengths.select_nth_unstable_by(mid, f64::total_cmp).1;
    days.retain(|d| d.1 >= median);
    days
}

/// The value below which `share` of the total weight lies, for (value, weight) pairs.
fn weighted_percentile(mut pairs: Vec<(f64, f64)>, share: f64) -> Option<f64> {
    pairs.retain(|(v, w)| v.is_finite() && *w > 0.0);
    weighted_quantile(&pairs, share)
}

/// Threshold speed from a sustained hard effort (a tempo run or race: 20 minutes at ≥ 88 % of max
/// HR) when the recent weeks have one, else the easy pace by the 80 % rule.
fn derived_threshold(
    recent: &[&RunFacts],
    pace: Option<&PaceReading>,
    max_hr: f64,
    easy_speed: f64,
) -> Figure {
    let efforts: Vec<&RunFacts> = recent
        .iter()
        .copied()
        .filter(|r| {
            r.best20_hr
                .is_some_and(|h| h >= SUSTAINED_EFFORT_HR_FRACTION * max_hr)
        })
        .collect();
    let by_hr = efforts
        .iter()
        .filter_map(|r| r.best20_speed)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
        .map(|v| (v, provenance_of(&efforts)));
    // A runner who mostly runs without a usable heart has only pace to say a run was hard: the
    // window's pace reading (none where most runs have HR: the heart tells a threshold effort
    // from a fast gray-zone run, pace cannot).
    let by_pace = pace.map(|p| (p.threshold_speed, p.threshold_from.clone()));
    let best = match (by_hr, by_pace) {
        (Some(h), Some(p)) => Some(if p.0 > h.0 { p } else { h }),
        (h, p) => h.or(p),
    };
    match best {
        Some((v, from))
            if v >= easy_speed * MIN_THRESHOLD_OVER_EASY
                && v <= easy_speed * MAX_THRESHOLD_OVER_EASY =>
        {
            Figure::new(v, from)
        }
        _ => Figure::new(
            easy_speed / EASY_TO_THRESHOLD_SPEED,
            Provenance::Rule("easy pace is about 80 % of threshold speed"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_from_peaks(runs: &[&RunFacts]) -> Option<f64> {
        Peaks::new(runs.to_vec()).max_hr().map(|m| m.bpm)
    }

    fn run(day: f64, speed: f64, avg_hr: f64, peak: f64) -> RunFacts {
        RunFacts {
            start: 1_700_000_000.0 + day * 86_400.0,
            moving_s: 2700.0,
            speed: Some(speed),
            run_walk_speed: None,
            avg_hr: Some(avg_hr),
            peak_hr: Some(peak),
            best20_speed: None,
            best20_hr: None,
            best_reps_speed: None,
            hr_p75: Some(avg_hr),
            trail: false,
            session: SessionPart::Alone,
        }
    }

    #[test]
    fn a_half_marathon_held_at_171_puts_the_threshold_hr_at_171_or_more() {
        // Two hours at an average of 171 (its best 20 minutes at 176), max HR 185: 95 % of the
        // best 20 minutes would say 167, under what the runner held for two hours.
        let mut half = run(0.0, 2.9, 171.0, 180.0);
        half.moving_s = 2.0 * 3600.0;
        half.best20_hr = Some(176.0);
        let date = |day: f64| 1_700_000_000.0 + day * 86_400.0;
        let lthr = derived_lthr(&[half], date(1.0), 185.0).unwrap();
        assert_eq!(lthr.value, 171.0, "{lthr:?}");
        // A 20-minute time trial at 180 says more: 95 % of it, 171 again; at 184, 175.
        let mut trial = run(3.0, 4.0, 178.0, 186.0);
        trial.moving_s = 1500.0;
        trial.best20_hr = Some(184.0);
        let lthr = derived_lthr(&[half, trial], date(4.0), 185.0).unwrap();
        assert_eq!(lthr.value, 175.0, "{lthr:?}");
        // An easy two hours at 140 says nothing of the threshold.
        let mut long = run(0.0, 2.9, 140.0, 150.0);
        long.moving_s = 2.0 * 3600.0;
        assert!(derived_lthr(&[long], date(1.0), 185.0).is_none());
    }

    /// The max HR each run is judged against with a watch that says 170 from the first run.
    fn maxes_with_watch_at_170(runs: &[RunFacts]) -> Vec<(f64, &'static str)> {
        use crate::activity::WatchSettings;
        use crate::judge::watch::Reading;
        let settings = WatchSettings {
            max_hr: Some(170),
            ..WatchSettings::default()
        };
        let watch = WatchHistory::from_readings(runs.iter().map(|r| Reading {
            time: r.start,
            date: chrono::NaiveDate::default(),
            device: None,
            settings: &settings,
        }));
        timeline_with_watch(runs, &Profile::default(), &watch)
            .into_iter()
            .map(|b| (b.max_hr.value, b.max_hr.provenance.code()))
            .collect()
    }

    #[test]
    fn a_watch_max_is_overruled_by_a_peak_that_stands_not_by_a_spike() {
        // Easy runs peaking near 150 at 3 m/s; on day 4 one peaks at 186.
        let runs = |spike_speed: f64| -> Vec<RunFacts> {
            (0..8)
                .map(|d| match d {
                    4 => RunFacts {
                        best20_speed: Some(spike_speed),
                        ..run(f64::from(d), spike_speed, 160.0, 186.0)
                    },
                    _ => RunFacts {
                        best20_speed: Some(3.0),
                        ..run(f64::from(d), 3.0, 138.0, 150.0 + f64::from(d))
                    },
                })
                .collect()
        };
        // A workout (its best 20 minutes 30 % faster than usual): the heart truly went there,
        // and every run after it is judged by what the runs say (186 / 0.97), not by 170.
        let raised = maxes_with_watch_at_170(&runs(3.9));
        // (The workout itself is raised to its own peak by the judge, not here.)
        assert!(
            raised[..5].iter().all(|&m| m == (170.0, "watch")),
            "{raised:?}"
        );
        assert!(
            raised[5..]
                .iter()
                .all(|&m| m == ((186.0f64 / 0.97).round(), "derived")),
            "{raised:?}"
        );
        // The same peak on an easy run, 30 bpm above every other: a strap's fault, which
        // proves nothing about the max (that run alone is raised to its peak, as before).
        let spiked = maxes_with_watch_at_170(&runs(3.0));
        assert!(
            spiked[5..].iter().all(|&m| m == (170.0, "watch")),
            "{spiked:?}"
        );
    }

    #[test]
    fn a_watch_max_is_not_too_high_for_an_estimate_above_it() {
        // Three easy runs peaking at 150 open the export (their max a guess from easy running,
        // near 180); two months later a workout peaks at 155, which allows no more than 160 at
        // 97 %. The watch's 170 is then "too high" only against a figure under it: the estimate
        // in use is the first weeks' (above 170), so the watch's setting stands.
        let easy = |day: f64| RunFacts {
            best20_speed: Some(3.0),
            ..run(day, 3.0, 130.0, 150.0)
        };
        let mut runs: Vec<RunFacts> = [0.0, 2.0, 4.0, 60.0, 62.0].map(easy).to_vec();
        runs.push(RunFacts {
            best20_speed: Some(3.9),
            ..run(64.0, 3.9, 145.0, 155.0)
        });
        runs.push(easy(66.0));
        let maxes = maxes_with_watch_at_170(&runs);
        assert_eq!(maxes.last(), Some(&(170.0, "watch")), "{maxes:?}");
    }

    /// The sessions of `runs` found and marked.
    fn mark_all_sessions(runs: &mut [RunFacts]) {
        let spans: Vec<Option<(f64, f64)>> = runs
            .iter()
            .map(|f| Some((f.start, f.start + f.moving_s)))
            .collect();
        mark_sessions(runs, &session::sessions(&spans));
    }

    #[test]
    fn a_run_saved_in_two_files_is_one_base_run_and_a_warm_up_before_reps_no_easy_day() {
        let profile = Profile {
            max_hr: Some(crate::judge::profile::Given {
                value: 190.0,
                by: "--max-hr".into(),
            }),
            ..Profile::default()
        };
        let base = |runs: &mut Vec<RunFacts>| {
            mark_all_sessions(runs);
            timeline(runs, &profile).last().and_then(|b| b.base_run_s)
        };
        // Four weeks of 45-minute easy runs every other day…
        let whole: Vec<RunFacts> = (0..14)
            .map(|k| run(2.0 * k as f64, 3.0, 135.0, 150.0))
            .collect();
        assert_eq!(base(&mut whole.clone()), Some(2700.0));
        // …each saved in two files, 25 and 20 minutes, 5 minutes apart: the same base run
        // (25 minutes when each file counted as a run of its own).
        let mut halves: Vec<RunFacts> = Vec::new();
        for r in &whole {
            halves.push(RunFacts {
                moving_s: 1500.0,
                ..*r
            });
            halves.push(RunFacts {
                start: r.start + 1800.0,
                moving_s: 1200.0,
                ..*r
            });
        }
        assert_eq!(base(&mut halves), Some(2700.0));
        assert_eq!(
            (halves[0].session, halves[1].session),
            (
                SessionPart::First {
                    moving_s: 2700.0,
                    hr_p75: Some(135.0)
                },
                SessionPart::Later
            )
        );
        // A 12-minute warm-up saved 4 minutes before intervals: the session's highest HR is the
        // reps', so the warm-up is no short easy day.
        let warm_up = RunFacts {
            moving_s: 720.0,
            ..run(1.0, 3.0, 130.0, 140.0)
        };
        let reps = RunFacts {
            start: warm_up.start + 960.0,
            moving_s: 2400.0,
            hr_p75: Some(178.0),
            ..run(1.0, 4.0, 165.0, 185.0)
        };
        let mut session = vec![warm_up, reps];
        mark_all_sessions(&mut session);
        assert_eq!(
            session[0].session,
            SessionPart::First {
                moving_s: 3120.0,
                hr_p75: Some(178.0)
            }
        );
    }

    #[test]
    fn lone_sensor_spike_does_not_set_max_hr() {
        assert_eq!(robust_top(vec![176.0, 181.0, 179.0, 215.0]), Some(181.0));
        // As the first two of the peaks sorted from the top, ties and all.
        let mut rng = testkit::rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        for case in 0..500 {
            let peaks: Vec<f64> = (0..case % 9)
                .map(|_| 170.0 + (rng.next_u64() % 40) as f64 * 0.5)
                .collect();
            let mut sorted = peaks.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let expected = match sorted.as_slice() {
                [] => None,
                [only] => Some(*only),
                [top, second, ..] if top - second <= LONE_PEAK_BPM => Some(*top),
                [_, second, ..] => Some(*second),
            };
            assert_eq!(
                robust_top(peaks.clone()),
                expected.map(f64::round),
                "{peaks:?}"
            );
        }
        assert_eq!(robust_top(vec![176.0, 181.0, 189.0]), Some(189.0));
        assert_eq!(robust_top(vec![176.0, 192.0]), Some(176.0));
    }

    #[test]
    fn easy_pace_comes_from_easy_runs_only_and_early_runs_say_so() {
        let runs: Vec<RunFacts> = (0..20)
            .map(|d| {
                if d % 4 == 0 {
                    run(d as f64, 4.0, 170.0, 185.0) // hard day: fast, high HR
                } else {
                    run(d as f64, 3.0, 135.0, 150.0)
                }
            })
            .collect();
        let timeline = timeline(&runs, &Profile::default());
        let last = &timeline[19];
        // A training peak of 185 is a lower bound: 185 / 0.97.
        assert_eq!(last.max_hr.value, 191.0);
        assert!((last.easy_speed.value - 3.0).abs() < 1e-9);
        assert_eq!(last.easy_speed.provenance.code(), "derived");
        assert_eq!(timeline[0].max_hr.provenance.code(), "early_estimate");
        // No sustained hard effort: threshold from the 80 % rule.
        assert!((last.threshold_speed.value - 3.75).abs() < 1e-9);
    }

    #[test]
    fn an_export_that_opens_with_a_race_has_no_easy_pace_until_an_easy_run() {
        // Day 0: a half marathon at 4.2 m/s, 95 % of a max of 185 most of the time; day 3: a
        // 45-minute easy run at 3.0 m/s. The race's pace is no one's easy pace: alone it gives
        // none (and no threshold by the rule over a default); with the easy run in the first
        // weeks, the easy run's is the easy pace on both days.
        let mut half = run(0.0, 4.2, 175.0, 185.0);
        half.moving_s = 5400.0;
        half.hr_p75 = Some(176.0);
        let alone = &timeline(&[half], &Profile::default())[0];
        assert_eq!(alone.easy_speed.provenance, Provenance::Default);
        assert!(!alone.threshold_pace_known(), "{alone:?}");
        // A marathon's heart sits lower (a quarter of it under 92 %), but its best 20 minutes
        // held 90 % of max: a sustained hard effort, no easy day either.
        let mut marathon = run(0.0, 3.6, 164.0, 180.0);
        marathon.moving_s = 3.5 * 3600.0;
        marathon.hr_p75 = Some(160.0);
        marathon.best20_hr = Some(168.0);
        let alone = &timeline(&[marathon], &Profile::default())[0];
        assert_eq!(
            alone.easy_speed.provenance,
            Provenance::Default,
            "{alone:?}"
        );
        let easy = run(3.0, 3.0, 135.0, 150.0);
        for b in timeline(&[half, easy], &Profile::default()) {
            assert!((b.easy_speed.value - 3.0).abs() < 1e-9, "{b:?}");
            assert!(b.threshold_pace_known(), "{b:?}");
        }
    }

    #[test]
    fn an_advanced_week_of_more_recovery_than_easy_running_keeps_its_easy_pace() {
        // Six weeks of the advanced sample week with hills on Friday: tempo, intervals and hills
        // (hard), an 85-minute long run at 3.6 m/s (4:38/km), and recovery at 3.0 m/s (5:33/km):
        // 45 min and a 27-minute shakeout on Tuesday, 36 on Thursday, a 27-minute jog after the
        // long run. Recovery is 61 % of the easy days' time, so their 60 % mark by time fell among
        // the recovery runs; being shorter than the normal easy runs (the rule), they no longer
        // set the easy pace.
        let mut runs = Vec::new();
        for week in 0..6 {
            let day = |d: f64| (week * 7) as f64 + d;
            for (d, minutes, speed, hr) in [
                (0.0, 50.0, 4.2, 160.0),
                (1.0, 45.0, 3.0, 125.0),
                (1.4, 27.0, 3.0, 125.0),
                (2.0, 50.0, 3.9, 160.0),
                (3.0, 36.0, 3.0, 125.0),
                (4.0, 50.0, 3.5, 160.0),
                (6.0, 85.0, 3.6, 140.0),
                (6.4, 27.0, 3.0, 125.0),
            ] {
                let peak = if hr > 150.0 { 178.0 } else { hr + 12.0 };
                let mut r = run(day(d), speed, hr, peak);
                r.moving_s = minutes * 60.0;
                runs.push(r);
            }
        }
        let timeline = timeline(&runs, &Profile::default());
        let last = timeline.last().map(|b| b.easy_speed.value);
        assert_eq!(last, Some(3.6));
    }

    /// A run without HR on `day`: its moving minutes, speed and best 20 minutes' speed.
    fn without_hr(day: f64, minutes: f64, speed: f64, best20: f64) -> RunFacts {
        RunFacts {
            start: 1_700_000_000.0 + day * 86_400.0,
            moving_s: minutes * 60.0,
            speed: Some(speed),
            run_walk_speed: None,
            avg_hr: None,
            peak_hr: None,
            best20_speed: Some(best20),
            best20_hr: None,
            best_reps_speed: None,
            hr_p75: None,
            trail: false,
            session: SessionPart::Alone,
        }
    }

    /// Six weeks without HR of a runner with two gray-zone runs a week: (weekday, minutes, speed,
    /// best 20 minutes' speed) — gray runs at 3.4 m/s, intervals, a recovery run, a tempo run whose
    /// 20 minutes at threshold are at 3.75 m/s, a long run and an easy run at 3.0 m/s.
    fn gray_weeks_without_hr(tempo_best20: f64) -> Vec<RunFacts> {
        six_weeks_without_hr(&[
            (0.0, 40.0, 3.4, 3.42),
            (1.0, 50.0, 3.1, 3.3),
            (2.0, 30.0, 2.7, 2.72),
            (3.0, 45.0, 3.4, 3.43),
            (4.0, 50.0, 3.3, tempo_best20),
            (5.0, 90.0, 3.0, 3.03),
            (6.0, 40.0, 3.0, 3.02),
        ])
    }

    /// Six weeks of the same week without HR: (weekday, minutes, speed, best 20 minutes' speed).
    fn six_weeks_without_hr(week: &[(f64, f64, f64, f64)]) -> Vec<RunFacts> {
        (0..6)
            .flat_map(|w| {
                week.iter().map(move |&(d, minutes, speed, best20)| {
                    without_hr(f64::from(w) * 7.0 + d, minutes, speed, best20)
                })
            })
            .collect()
    }

    #[test]
    fn a_hill_run_s_speeds_are_read_grade_adjusted() {
        // A steady 5 % climb at 2.6 m/s costs what 3.03 m/s costs on the flat (×1.165): that is
        // the speed the easy pace and the efforts are read at. A mountain run at an easy heart,
        // read at its raw speed, had pulled the easy pace down by 40 s/km.
        let bucket = |ascent_m: f32| Bucket {
            moving_s: 10.0,
            distance_m: 26.0,
            hr_s: 10.0,
            hr_sum: 1300.0,
            ascent_m,
            descent_m: 0.0,
        };
        let mut climb = vec![bucket(1.3); 6];
        let grown = grade_adjust(&mut climb);
        assert!((grown - 1.165).abs() < 1e-6, "{grown}");
        assert!(climb
            .iter()
            .all(|b| (b.distance_m - 26.0 * 1.165).abs() < 1e-4));
        let mut flat = vec![bucket(0.0); 6];
        assert_eq!(grade_adjust(&mut flat), 1.0);
        assert!(flat.iter().all(|b| b.distance_m == 26.0));
    }

    #[test]
    fn without_hr_the_easy_days_are_the_runs_under_the_tempo_runs_moderate_pace() {
        // Told by pace alone (the faster third dropped), the easy days kept the gray runs: easy
        // 3.4 m/s, threshold 4.25 by the rule of thumb, and the gray runs read as easy. The tempo
        // runs' 3.75 m/s put moderate from 3.34 (89 %): the easy days are the runs under it.
        let runs = gray_weeks_without_hr(3.75);
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert_eq!(last.easy_speed.value, 3.0);
        assert_eq!(last.threshold_speed.value, 3.75);
        assert_eq!(last.threshold_speed.provenance.code(), "derived");
        // A tempo run no faster than 1.17× the easy runs is no threshold effort: the easy pace is
        // read as before, over the slower two thirds of the runs, and the threshold is the rule's.
        let runs = gray_weeks_without_hr(3.45);
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert_eq!(last.easy_speed.value, 3.1);
        assert_eq!(last.threshold_speed.provenance.code(), "rule");
    }

    #[test]
    fn without_hr_an_effort_before_a_month_of_lost_fitness_no_longer_sets_the_threshold() {
        // Four weeks of the gray weeks above, then four more 10 % slower (an illness, a break):
        // the tempo run of six weeks ago (3.75 m/s) is a pace this runner no longer holds, and
        // against it the slower runs all read easy. The last four weeks' tempo (3.375) is the one.
        let week = 7.0 * 86_400.0;
        let before = gray_weeks_without_hr(3.75);
        let first = before[0].start;
        let mut runs: Vec<RunFacts> = before
            .iter()
            .filter(|r| r.start < first + 4.0 * week)
            .copied()
            .collect();
        runs.extend(before.iter().take(28).map(|r| RunFacts {
            start: r.start + 4.0 * week,
            speed: r.speed.map(|v| v * 0.9),
            best20_speed: r.best20_speed.map(|v| v * 0.9),
            ..*r
        }));
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert!(
            (last.threshold_speed.value - 3.375).abs() < 1e-9,
            "{last:?}"
        );
        assert!((last.easy_speed.value - 2.7).abs() < 1e-9, "{last:?}");
    }

    #[test]
    fn without_hr_an_effort_the_easy_days_do_not_confirm_is_no_threshold() {
        // No HR, no tempo run: easy runs at 3.0 m/s, recovery runs at 2.5, a slow long run, and
        // intervals whose best 20 minutes (recoveries and all) average 3.4. Against the easy runs
        // under it that is 1.13× easy: no threshold effort. It passed before against the slower
        // easy pace of the fallback reading (the slower two thirds of the runs, 2.8 m/s): the
        // threshold then came from an interval session's jogs; it is the rule's.
        let runs = six_weeks_without_hr(&[
            (0.0, 45.0, 3.0, 3.02),
            (1.0, 50.0, 3.0, 3.4),
            (2.0, 30.0, 2.5, 2.52),
            (3.0, 45.0, 3.0, 3.02),
            (5.0, 90.0, 2.8, 2.82),
            (6.0, 30.0, 2.5, 2.52),
        ]);
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert_eq!(last.threshold_speed.provenance.code(), "rule", "{:?}", last);
        assert!(
            (last.threshold_speed.value - last.easy_speed.value / EASY_TO_THRESHOLD_SPEED).abs()
                < 1e-9
        );
    }

    #[test]
    fn where_most_runs_have_hr_a_fast_run_without_it_sets_no_threshold() {
        // Easy runs with HR and no hard effort, and one run whose strap was off: its 20 minutes
        // at 3.6 m/s may have been a gray-zone run the heart would have told; the threshold stays
        // the rule's (3.0 / 0.8).
        let mut runs: Vec<RunFacts> = (0..12).map(|d| run(d as f64, 3.0, 135.0, 150.0)).collect();
        runs[6].avg_hr = None;
        runs[6].peak_hr = None;
        runs[6].hr_p75 = None;
        runs[6].speed = Some(3.5);
        runs[6].best20_speed = Some(3.6);
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert_eq!(
            last.threshold_speed.provenance.code(),
            "rule",
            "{:?}",
            last.threshold_speed
        );
        assert!((last.threshold_speed.value - 3.75).abs() < 1e-9);
    }

    #[test]
    fn recovery_runs_as_long_as_the_easy_runs_do_not_set_the_easy_pace() {
        // A beginner's first week: easy runs of 30 and 35 minutes at 7:09 and 7:04/km, one of 28
        // with strides at 7:23, recovery runs of 32 and 33 minutes at 7:53 and 8:00, intervals.
        // The longer half of the easy days is the two recovery runs and the 35-minute easy run:
        // read alone, it made the usual easy pace 7:53/km, and the next easy run "56 s/km faster
        // than your easy pace" a gray-zone run.
        let mut runs = Vec::new();
        for (d, minutes, pace_s_per_km, hr, peak) in [
            (0.0, 30.0, 429.0, 135.0, 146.0),
            (1.0, 57.0, 360.0, 165.0, 185.0),
            (2.0, 32.0, 473.0, 126.0, 135.0),
            (3.0, 35.0, 424.0, 140.0, 150.0),
            (4.0, 28.0, 443.0, 136.0, 150.0),
            (6.0, 33.0, 480.0, 123.0, 132.0),
            (7.0, 30.0, 430.0, 135.0, 146.0),
        ] {
            let speed = 1000.0 / pace_s_per_km;
            let mut r = run(d, speed, hr, peak);
            r.moving_s = minutes * 60.0;
            r.best20_speed = Some(speed * 1.02);
            r.best20_hr = Some(hr + 2.0);
            runs.push(r);
        }
        let timeline = timeline(&runs, &Profile::default());
        let easy_pace = timeline.last().map_or(0.0, |b| 1000.0 / b.easy_speed.value);
        // Among the easy runs' paces (7:04–7:23/km), not the recovery runs' 7:53.
        assert!((424.0..=443.0).contains(&easy_pace), "{easy_pace}");
    }

    #[test]
    fn a_race_peak_is_max_hr_as_it_is() {
        let mut race = run(3.0, 4.2, 175.0, 190.0);
        race.best20_hr = Some(180.0); // 95 % of the peak for 20 minutes: all out.
                                      // Interval sessions peak at 182–184 (best 20 minutes ≈ 155: reps and recoveries).
        let mut intervals = run(1.0, 3.6, 160.0, 184.0);
        intervals.best20_hr = Some(156.0);
        let runs = [
            run(0.0, 3.0, 135.0, 150.0),
            intervals,
            run(2.0, 3.0, 136.0, 182.0),
            race,
        ];
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some(190.0));
        let training: Vec<&RunFacts> = runs[..3].iter().collect();
        assert_eq!(max_from_peaks(&training), Some((184.0f64 / 0.97).round()));
    }

    #[test]
    fn a_steady_moderate_run_s_peak_is_no_race_s() {
        // Easy runs at 2.9 m/s and steady runs 14 % faster, their heart held at 160 under a
        // 165 peak for 20 minutes: gray runs, not races, so their peak is a training peak (165 /
        // 0.97), not the max. Taken as it was, it had read a runner without workouts 20 bpm low.
        let held = |day: f64, speed: f64, hr: f64, peak: f64| {
            let mut r = run(day, speed, hr, peak);
            r.best20_speed = Some(speed);
            r.best20_hr = Some(hr);
            r
        };
        let mut runs = vec![
            held(0.0, 2.9, 130.0, 140.0),
            held(1.0, 3.3, 160.0, 165.0),
            held(2.0, 2.9, 131.0, 141.0),
            held(3.0, 3.3, 159.0, 164.0),
            held(4.0, 2.9, 129.0, 139.0),
            held(5.0, 2.9, 130.0, 140.0),
        ];
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((165.0f64 / 0.97).round()));
        // A 10K raced at 1.3× the easy speed, the same way: all out, its peak the max.
        runs.push(held(6.0, 3.8, 176.0, 184.0));
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some(184.0));
        // A beginner's steady runs 1.2 times as fast as their easy runs are as fast as a race
        // by the legs; their heart, 162 over an easy 142 (1.14 times), is a gray run's: a
        // training peak (168 / 0.97), not the max (season 34 F2: 168 for a true 191).
        let beginner: Vec<RunFacts> = (0..9)
            .map(|d| {
                if d % 3 == 1 {
                    held(f64::from(d), 2.94, 162.0, 168.0)
                } else {
                    held(f64::from(d), 2.45, 142.0, 150.0)
                }
            })
            .collect();
        let refs: Vec<&RunFacts> = beginner.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((168.0f64 / 0.97).round()));
    }

    #[test]
    fn after_a_year_without_running_the_first_weeks_are_the_comeback_s() {
        // Four easy runs at 2.4 m/s (6:57/km), then nothing for five years, then a runner at
        // 2.9 m/s (5:45/km). The comeback's second run has one run of history: too little, so
        // the early estimate, which must be the comeback's first weeks, not 2.4 m/s from 2019.
        let mut runs: Vec<RunFacts> = (0..4)
            .map(|d| run(f64::from(d), 2.4, 140.0, 165.0))
            .collect();
        runs.extend((0..4).map(|d| run(5.0 * 365.0 + f64::from(d) * 2.0, 2.9, 140.0, 165.0)));
        let baselines = timeline(&runs, &Profile::default());
        let back = &baselines[5];
        assert!((back.easy_speed.value - 2.9).abs() < 1e-9, "{back:?}");
        assert!(
            matches!(
                back.easy_speed.provenance,
                Provenance::EarlyEstimate {
                    runs: 4,
                    since_break: Some(_)
                }
            ),
            "{back:?}"
        );
        // Before the break, the first weeks are the export's.
        assert!(
            (baselines[2].easy_speed.value - 2.4).abs() < 1e-9,
            "{:?}",
            baselines[2]
        );
        // A break of four months is a comeback within the same stretch: its first weeks are
        // still the export's.
        let mut short: Vec<RunFacts> = (0..4)
            .map(|d| run(f64::from(d), 2.4, 140.0, 165.0))
            .collect();
        short.extend((0..4).map(|d| run(120.0 + f64::from(d) * 2.0, 2.9, 140.0, 165.0)));
        let back = &timeline(&short, &Profile::default())[5];
        assert!((back.easy_speed.value - 2.4).abs() < 1e-9, "{back:?}");
    }

    #[test]
    fn back_from_a_break_of_months_the_easy_pace_is_the_one_before_it() {
        // Eight weeks at 2.4 m/s (6:57/km) open the export, then eight months at 2.9 (5:45/km),
        // then four months off. The comeback's third run has two runs in its last 8 weeks: it
        // reads the 8 weeks before the break (2.9), not the export's first weeks (2.4).
        let mut runs: Vec<RunFacts> = (0..100)
            .map(|k| {
                let day = 3.0 * f64::from(k);
                run(day, if day < 56.0 { 2.4 } else { 2.9 }, 125.0, 165.0)
            })
            .collect();
        let last_before = runs.last().map(|r| r.start).unwrap_or_default();
        runs.extend((0..3).map(|k| run(420.0 + 2.0 * f64::from(k), 2.6, 125.0, 165.0)));
        let baselines = timeline(&runs, &Profile::default());
        let back = &baselines[102];
        assert!((back.easy_speed.value - 2.9).abs() < 1e-9, "{back:?}");
        match back.easy_speed.provenance {
            Provenance::Derived { runs, to, .. } => {
                assert_eq!(runs, 19, "{back:?}");
                assert_eq!(to, last_before);
            }
            ref other => panic!("{other:?}"),
        }
        // In the export's own first weeks the estimate still looks ahead.
        assert!((baselines[1].easy_speed.value - 2.4).abs() < 1e-9);
    }

    #[test]
    fn the_last_weeks_of_running_may_end_at_the_last_run_and_one_run_s_pace_is_no_one_else_s() {
        // One run at 2.4 m/s opens the export; ten weeks later three at 2.9; then four months
        // off. Back on day 200, the last weeks of running are those three (ending at the last
        // run before the date), not the export's one first run.
        let mut runs = vec![run(0.0, 2.4, 125.0, 165.0)];
        runs.extend([70.0, 72.0, 74.0].map(|d| run(d, 2.9, 125.0, 165.0)));
        runs.push(run(200.0, 2.6, 125.0, 165.0));
        let baselines = timeline(&runs, &Profile::default());
        let back = &baselines[4];
        assert!((back.easy_speed.value - 2.9).abs() < 1e-9, "{back:?}");
        assert!(
            matches!(
                back.easy_speed.provenance,
                Provenance::Derived { runs: 3, .. }
            ),
            "{back:?}"
        );
        // The first run's easy pace is its own; a later run read against that one run's pace
        // is not reading its own.
        let two = [run(0.0, 2.4, 125.0, 165.0), run(100.0, 3.0, 125.0, 165.0)];
        let baselines = timeline(&two, &Profile::default());
        assert!(baselines[0].easy_pace_own, "{:?}", baselines[0]);
        assert!(
            matches!(
                baselines[1].easy_speed.provenance,
                Provenance::EarlyEstimate { runs: 1, .. }
            ),
            "{:?}",
            baselines[1]
        );
        assert!(!baselines[1].easy_pace_own, "{:?}", baselines[1]);
    }

    #[test]
    fn a_run_walk_runner_s_easy_pace_is_the_pace_of_their_running() {
        // Eight easy run-walk sessions over two weeks: running at 2.5 m/s (6:40/km) between
        // walks, 2.1 m/s (7:56/km) over the moving time. Against 7:56, every running minute of
        // the next session would be 76 s/km "faster than easy", and its running stretches surges.
        let runs: Vec<RunFacts> = (0..8)
            .map(|d| RunFacts {
                run_walk_speed: Some(2.5),
                ..run(f64::from(d) * 1.75, 2.1, 135.0, 152.0)
            })
            .collect();
        let last = timeline(&runs, &Profile::default())
            .pop()
            .expect("a baseline");
        assert!((last.easy_speed.value - 2.5).abs() < 1e-9, "{last:?}");
        // Told by their pace alone (no HR), the same.
        let no_hr: Vec<RunFacts> = runs
            .iter()
            .map(|r| RunFacts {
                avg_hr: None,
                peak_hr: None,
                hr_p75: None,
                ..*r
            })
            .collect();
        let last = timeline(&no_hr, &Profile::default())
            .pop()
            .expect("a baseline");
        assert!((last.easy_speed.value - 2.5).abs() < 1e-9, "{last:?}");
    }

    #[test]
    fn easy_runs_alone_say_little_of_max_hr() {
        // Three steady easy runs peaking at 151 (a short history, or all there is before a
        // comeback): nothing fast, so 151 / 0.97 = 156 would be the max of a runner who averaged
        // 142 — 91 % "high" on an easy day. The peak is 80–97 % of max; the population weighs it.
        let easy: Vec<RunFacts> = (0..3)
            .map(|d| RunFacts {
                best20_speed: Some(3.45),
                best20_hr: Some(146.0),
                ..run(d as f64, 3.4, 142.0, 151.0)
            })
            .collect();
        let refs: Vec<&RunFacts> = easy.iter().collect();
        let max = max_from_peaks(&refs).unwrap_or(0.0);
        assert!((175.0..=189.0).contains(&max), "{max}");
        // One fast run among them (intervals: best 20 minutes 25 % faster, reps and jogs) and
        // the peaks are training peaks again: 168 / 0.97.
        let mut with_tempo = easy.clone();
        with_tempo.push(RunFacts {
            best20_speed: Some(4.3),
            best20_hr: Some(150.0),
            ..run(3.0, 3.9, 150.0, 168.0)
        });
        let refs: Vec<&RunFacts> = with_tempo.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((168.0f64 / 0.97).round()));
    }

    #[test]
    fn runs_without_a_pace_say_little_of_max_hr() {
        // Weeks on a treadmill without a footpod: heart rate, no pace. Nothing says any run was
        // fast, so the peak is a guess within 80–97 % of max, as easy runs' is — not a training
        // peak (151 / 0.97 = 156: every easy run "high"), nor, held steady for 20 minutes, an
        // all-out effort's (151 itself).
        let treadmill: Vec<RunFacts> = (0..3)
            .map(|d| RunFacts {
                speed: None,
                best20_hr: Some(146.0),
                ..run(d as f64, 0.0, 142.0, 151.0)
            })
            .collect();
        let refs: Vec<&RunFacts> = treadmill.iter().collect();
        let peaks = Peaks::new(refs.clone());
        assert!(peaks.all_easy());
        assert!(!peaks.hard_effort());
        let max = max_from_peaks(&refs).unwrap_or(0.0);
        assert_eq!(max, max_from_easy_peak(151.0));
        assert!((175.0..=189.0).contains(&max), "{max}");
        // Two interval sessions the heart tells (their best 20 minutes 14 % over the usual 142,
        // reps and jogs, not held near the peak as a race is): the peaks are training peaks
        // again, 178 / 0.97.
        let reps = |day: f64, peak: f64| RunFacts {
            speed: None,
            best20_hr: Some(162.0),
            ..run(day, 0.0, 155.0, peak)
        };
        let mut with_reps = treadmill.clone();
        with_reps.extend([reps(3.0, 176.0), reps(4.0, 178.0)]);
        let refs: Vec<&RunFacts> = with_reps.iter().collect();
        assert!(!Peaks::new(refs.clone()).all_easy());
        assert_eq!(max_from_peaks(&refs), Some((178.0f64 / 0.97).round()));
        // One alone, 25 bpm above every other peak, is what a faulty strap also looks like: its
        // heart cannot confirm its own peak, and the easy runs' peak stays a guess.
        let mut one = treadmill.clone();
        one.push(reps(3.0, 176.0));
        let refs: Vec<&RunFacts> = one.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some(max_from_easy_peak(151.0)));
        // Nor can it speak against a watch's max HR: the easy runs' 151 / 0.97 would throw out
        // a true setting of 190 as the watch's own guess.
        assert!(!Peaks::new(refs).hard_effort());
        let refs: Vec<&RunFacts> = with_reps.iter().collect();
        assert!(Peaks::new(refs).hard_effort());
    }

    #[test]
    fn recovery_jogs_do_not_make_the_easy_runs_hard_efforts() {
        // Two weeks of a runner who never runs a workout: a 45-minute easy run twice a week at
        // 2.8 m/s (peaks 148–150), a long run of 90 minutes at 2.7, and three 30-minute
        // recovery jogs at 2.45 (45 s/km slower, as the rules ask). The slower quarter of the
        // runs is the jogs', which every easy run beats by 14 %: the easy runs were "hard
        // efforts", their peak a training peak, and 150 / 0.97 = 155 the max of a runner whose
        // easy days average 138 (89 % of it: gray). Half their running time is at 2.7 or slower:
        // nothing here is fast, and the peak is read as easy running's.
        let mut runs = Vec::new();
        for week in 0..2 {
            let day = |d: usize| (week * 7 + d) as f64;
            for d in [1, 4] {
                runs.push(RunFacts {
                    best20_speed: Some(2.85),
                    best_reps_speed: Some(2.9),
                    ..run(day(d), 2.8, 138.0, 148.0 + d as f64 / 2.0)
                });
            }
            runs.push(RunFacts {
                moving_s: 5400.0,
                best20_speed: Some(2.75),
                best_reps_speed: Some(2.8),
                ..run(day(6), 2.7, 136.0, 147.0)
            });
            for d in [0, 2, 5] {
                runs.push(RunFacts {
                    moving_s: 1800.0,
                    best20_speed: Some(2.47),
                    best_reps_speed: Some(2.5),
                    ..run(day(d), 2.45, 125.0, 133.0)
                });
            }
        }
        let refs: Vec<&RunFacts> = runs.iter().collect();
        let max = max_from_peaks(&refs).unwrap_or(0.0);
        assert!((175.0..=191.0).contains(&max), "{max}");
        // A set of 800 m reps among them: its best 20 minutes, jogs included, are no faster
        // than the easy runs, but its best 3 minutes run at 5K pace (3.6 m/s, 33 % faster than
        // easy): a hard effort, and its 176 a training peak.
        runs.push(RunFacts {
            best20_speed: Some(2.9),
            best_reps_speed: Some(3.6),
            ..run(15.0, 2.75, 150.0, 176.0)
        });
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((176.0f64 / 0.97).round()));
    }

    #[test]
    fn a_race_is_not_the_max_when_reps_say_more() {
        // Easy runs, then a 10K race: fast, its best 20 minutes at 97 % of its peak of 185 — an
        // all-out effort, its peak taken as it is.
        let mut runs: Vec<RunFacts> = (0..6)
            .map(|d| RunFacts {
                best20_speed: Some(3.05),
                best_reps_speed: Some(3.1),
                ..run(d as f64, 3.0, 138.0, 150.0)
            })
            .collect();
        runs.push(RunFacts {
            best20_speed: Some(4.1),
            best20_hr: Some(180.0),
            best_reps_speed: Some(4.3),
            ..run(6.0, 3.8, 170.0, 185.0)
        });
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some(185.0));
        // 800 m reps the week before peaked at 182: reps end at 95–97 % of max, so the max is at
        // least 182 / 0.97 = 188, whatever the race's peak. Their best 20 minutes, jogs
        // included, held 88 % of their peak: no all-out effort, a training peak.
        runs.push(RunFacts {
            best20_speed: Some(3.3),
            best20_hr: Some(160.0),
            best_reps_speed: Some(4.0),
            ..run(2.5, 3.2, 150.0, 182.0)
        });
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((182.0f64 / 0.97).round()));
    }

    #[test]
    fn a_run_under_twenty_minutes_is_read_over_all_of_it() {
        // One 14-minute jog peaking at 153 (judged alone): too short for a best 20 minutes, and
        // no faster than itself. Its peak is 80–97 % of max, not a training peak: 153 / 0.97 =
        // 158 would put its own 142 average at 90 % of max.
        let jog = RunFacts {
            moving_s: 823.0,
            ..run(0.0, 2.62, 142.0, 153.0)
        };
        let max = max_from_peaks(&[&jog]).unwrap_or(0.0);
        assert!((170.0..=191.0).contains(&max), "{max}");
        // A 15-minute 5K among easy runs is fast over all of it: its peak is a training peak.
        let mut runs: Vec<RunFacts> = (0..4)
            .map(|d| RunFacts {
                best20_speed: Some(3.05),
                ..run(d as f64, 3.0, 135.0, 160.0)
            })
            .collect();
        runs.push(RunFacts {
            moving_s: 900.0,
            ..run(4.0, 5.5, 170.0, 178.0)
        });
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((178.0f64 / 0.97).round()));
    }

    #[test]
    fn a_lone_peak_stands_when_the_legs_confirm_it() {
        // Easy runs peak at 150; one fast run peaks at 183. Without its pace that is a sensor
        // fault (a lone peak); with a best 20 minutes 25 % faster than the easy runs it is real.
        let mut runs: Vec<RunFacts> = (0..4)
            .map(|d| RunFacts {
                best20_speed: Some(3.05),
                ..run(d as f64, 3.0, 135.0, 150.0)
            })
            .collect();
        runs.push(RunFacts {
            best20_speed: Some(3.8),
            best20_hr: Some(165.0),
            ..run(4.0, 3.5, 150.0, 183.0)
        });
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert_eq!(max_from_peaks(&refs), Some((183.0f64 / 0.97).round()));
        runs[4].best20_speed = Some(3.05);
        let refs: Vec<&RunFacts> = runs.iter().collect();
        assert!(max_from_peaks(&refs).unwrap_or(999.0) < 183.0);
    }

    #[test]
    fn a_guess_from_easy_first_weeks_gives_way_to_the_hard_efforts_after_them() {
        // A masters runner (max 161): eight weeks of easy runs peaking at 140, then from week 20
        // intervals peaking at 156. The first weeks say only "somewhere in 144–175": the
        // population's max weighs it near the top, and as a floor it held all year, every
        // interval session read against it.
        let mut runs: Vec<RunFacts> = (0..24)
            .map(|k| RunFacts {
                best20_speed: Some(3.05),
                ..run(k as f64 * 2.5, 3.0, 125.0, 140.0)
            })
            .collect();
        for k in 0..6 {
            runs.push(RunFacts {
                best20_speed: Some(3.6),
                best20_hr: Some(134.0),
                best_reps_speed: Some(4.2),
                ..run(140.0 + k as f64 * 7.0, 3.3, 128.0, 156.0)
            });
            runs.push(run(142.0 + k as f64 * 7.0, 3.0, 115.0, 124.0));
        }
        runs.sort_by(|a, b| a.start.total_cmp(&b.start));
        let timeline = timeline(&runs, &Profile::default());
        let first = timeline[0].max_hr.value;
        assert!(first > 165.0, "{first}");
        let last = timeline.last().map_or(0.0, |b| b.max_hr.value);
        assert_eq!(last, (156.0f64 / 0.97).round());
    }

    #[test]
    fn a_guess_from_the_first_days_is_no_ceiling_over_first_weeks_with_hard_efforts() {
        // Four steady runs open the export (peaks 140, nothing fast: a guess near 169); the
        // intervals of the weeks after peak at 150, which says 155. A run on day 7 is judged
        // against the first weeks' 155, not the first days' guess.
        let mut runs: Vec<RunFacts> = [0.0, 1.5, 3.0, 4.5, 7.0]
            .map(|d| RunFacts {
                best20_speed: Some(3.05),
                ..run(d, 3.0, 125.0, 140.0)
            })
            .to_vec();
        for k in 0..5 {
            runs.push(RunFacts {
                best20_speed: Some(3.3),
                best20_hr: Some(128.0),
                best_reps_speed: Some(4.2),
                ..run(9.0 + k as f64 * 7.0, 3.1, 122.0, 150.0)
            });
            runs.push(RunFacts {
                best20_speed: Some(3.05),
                ..run(11.0 + k as f64 * 7.0, 3.0, 125.0, 138.0)
            });
        }
        runs.sort_by(|a, b| a.start.total_cmp(&b.start));
        let timeline = timeline(&runs, &Profile::default());
        assert_eq!(timeline[4].max_hr.value, (150.0f64 / 0.97).round());
    }

    #[test]
    fn one_steady_run_a_tenth_faster_is_no_evidence_against_the_guess() {
        // Easy runs peaking at 150 (a guess near 179), then one steady run 12 % faster peaking
        // at 152, or one easy run with strides: fast by the legs, not by the heart. Taken as
        // hard efforts, 152 / 0.97 = 157 would put every easy run at 86 % of max.
        let easy = |d: f64| RunFacts {
            best20_speed: Some(3.0),
            ..run(d, 3.0, 135.0, 150.0)
        };
        let guess = {
            let runs: Vec<RunFacts> = (0..40).map(|k| easy(k as f64 * 3.0)).collect();
            timeline(&runs, &Profile::default())[39].max_hr.value
        };
        assert!(guess > 170.0, "{guess}");
        for one in [
            RunFacts {
                best20_speed: Some(3.35),
                ..run(70.5, 3.35, 140.0, 152.0)
            },
            RunFacts {
                best20_speed: Some(3.05),
                best_reps_speed: Some(3.7),
                ..run(70.5, 3.05, 136.0, 151.0)
            },
        ] {
            let mut runs: Vec<RunFacts> = (0..40).map(|k| easy(k as f64 * 3.0)).collect();
            runs.push(one);
            runs.sort_by(|a, b| a.start.total_cmp(&b.start));
            let last = timeline(&runs, &Profile::default())[40].max_hr.value;
            assert_eq!(last, guess);
        }
    }

    #[test]
    fn a_given_max_hr_a_clean_peak_passed_is_kept_and_said() {
        // Easy runs peaking at 160–165 and a tempo at 186 (not alone: the intervals at 184 stand
        // with it), against a profile's 172 from 220 − age.
        let mut runs: Vec<RunFacts> = (0..8)
            .map(|d| run(d as f64, 3.0, 140.0, 160.0 + (d % 6) as f64))
            .collect();
        runs.push(run(8.0, 3.8, 170.0, 186.0));
        runs.push(run(9.0, 3.9, 168.0, 184.0));
        runs.push(run(10.0, 3.0, 140.0, 162.0));
        let given = |value: f64| Profile {
            max_hr: Some(crate::judge::profile::Given {
                value,
                by: "profile runner.toml".into(),
            }),
            ..Profile::default()
        };
        let last = timeline(&runs, &given(172.0)).pop().unwrap();
        assert_eq!(last.max_hr.value, 172.0, "the runner's word stands");
        assert_eq!(
            last.given_max_note.as_deref(),
            Some("the max HR you gave, 172 (profile runner.toml), is below the clean peak of 186 bpm your heart reached on 2023-11-22: kept, as you gave it, but for the runs that went past it (each judged against its own peak); check it (a max from 220 − age is often low, and reads easy runs as gray)")
        );
        // Before the tempo, nothing passed it; and a max within 5 bpm of the peak is no news.
        assert_eq!(timeline(&runs, &given(172.0))[5].given_max_note, None);
        assert_eq!(
            timeline(&runs, &given(182.0)).pop().unwrap().given_max_note,
            None
        );
    }

    #[test]
    fn given_figures_win() {
        let runs = vec![run(0.0, 3.0, 135.0, 150.0)];
        let profile = Profile {
            max_hr: Some(crate::judge::profile::Given {
                value: 192.0,
                by: "--max-hr".into(),
            }),
            ..Profile::default()
        };
        let b = &timeline(&runs, &profile)[0];
        assert_eq!(b.max_hr.value, 192.0);
        assert_eq!(b.max_hr.provenance.describe(), "given (--max-hr)");
    }
}
