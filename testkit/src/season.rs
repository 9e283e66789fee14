//! Training seasons: weeks of planned runs following COACHING_RULES.md's sample weeks, each run
//! carrying the labels a classifier should find (class, gray zone, accidental workout).
//!
//! Also renders the committed season fixtures (`fixtures/seasons/pass`, `fixtures/seasons/fail`)
//! and the bundled `fixtures/sample-export`.

use super::export::{garmin_export, gzip};
use super::fit_writer::{write_fit, FitOptions};
use super::fixtures::Fixture;
use super::gpx_writer::{write_gpx, GpxStyle, GpxVersion, HrTagStyle};
use super::rng::Rng;
use super::simulate::{
    simulate, Amount, Athlete, Conditions, Faults, Intent, Level, Recording, RunPlan,
};
use super::tcx_writer::write_tcx;
use grayzone::activity::{Activity, Sport, UnixTime};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeasonKind {
    /// COACHING_RULES' beginner week, with realistic slips (the odd gray-zone or accidental run).
    Beginner,
    /// COACHING_RULES' intermediate week, with realistic slips.
    Intermediate,
    /// COACHING_RULES' advanced week (doubles included), with realistic slips.
    Advanced,
    /// One hard session a week among 5–7 runs: meets 80/20 every week, no gray zone.
    Polarized,
    /// The intermediate week with several easy days replaced by gray-zone runs and accidental
    /// workouts: most weeks miss 80/20.
    GrayHeavy,
    /// A real log: week by week a Polarized week (40 %), the level's sample week with slips
    /// (40 %) or a GrayHeavy week (20 %).
    Mixed,
}

/// How a planned run is written to disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Fit,
    Gpx(HrTagStyle),
    Tcx,
}

impl Output {
    /// XML formats are stored gzipped in the seasons (as Strava serves them, and 10× smaller).
    fn extension(self) -> &'static str {
        match self {
            Output::Fit => "fit",
            Output::Gpx(_) => "gpx.gz",
            Output::Tcx => "tcx.gz",
        }
    }
}

/// One planned session with its expected labels.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedRun {
    /// `YYYY-MM-DD-HH-MM-SS.<ext>` in local time, as watches name their files.
    pub file_name: String,
    /// Local calendar date, `YYYY-MM-DD`.
    pub date_local: String,
    /// Week of the season, from 0.
    pub week: u32,
    pub start: UnixTime,
    pub plan: RunPlan,
    pub output: Output,
    pub seed: u64,
    /// `recovery`, `easy`, `hard`, or empty for cross-training.
    pub class: &'static str,
    pub gray_zone: bool,
    pub accidental_workout: bool,
    /// Injected device faults (`strap_spike`, `hr_dropouts+gps_jumps`, …), or `duplicate_of:<file>`.
    pub fault: String,
    /// Variations layered on by [`SeasonOptions`] (`hot`, `hilly`, `after_midnight`, …, joined
    /// with `+`); empty in the plain seasons.
    pub variation: String,
}

impl PlannedRun {
    pub fn intent(&self) -> Intent {
        self.plan.intent
    }

    pub fn sport(&self) -> Sport {
        self.plan.sport
    }

    pub fn is_run(&self) -> bool {
        self.plan.sport.is_run()
    }
}

/// A session in the weekly template: weekday (0 = Monday), local start hour, what and how much.
#[derive(Clone, Copy, Debug)]
struct Slot {
    day: u32,
    hour: f64,
    intent: Intent,
    amount: Amount,
}

fn slot(day: u32, hour: f64, intent: Intent, amount: Amount) -> Slot {
    Slot {
        day,
        hour,
        intent,
        amount,
    }
}

const MILE_KM: f64 = 1.609;

fn miles(mi: f64) -> Amount {
    Amount::Km(mi * MILE_KM)
}

fn minutes(m: f64) -> Amount {
    Amount::Minutes(m)
}

/// Plans `weeks` weeks from `start_monday` (the UTC instant of local midnight starting a Monday).
pub fn season(
    athlete: &Athlete,
    weeks: u32,
    kind: SeasonKind,
    start_monday: UnixTime,
    seed: u64,
) -> Vec<PlannedRun> {
    let mut rng = Rng::new(seed);
    let mut runs = Vec::new();
    for week in 0..weeks {
        let mut week_rng = rng.fork(u64::from(week));
        let slots = week_slots(athlete.level, kind, week, weeks, &mut week_rng);
        // Every fourth week is a cut-back week.
        let volume = if week % 4 == 3 { 0.8 } else { 1.0 };
        for s in slots {
            let run_seed = week_rng.next_u64();
            runs.push(plan_run(
                athlete,
                kind,
                week,
                s,
                volume,
                start_monday,
                run_seed,
                &mut week_rng,
            ));
        }
    }
    runs
}

/// Variations layered on a season for validation sweeps beyond the committed fixtures. The
/// default adds nothing: [`season_with`] with it is [`season`]. The variations draw from their own
/// random stream, so turning one on leaves every other run of the season as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct SeasonOptions {
    /// Multiplies the device-fault rates (1: 5 % strap spikes on easy days, 4 % dropouts, 2 % no
    /// HR, 3 % GPS jumps); above 1 also runs without GPS (footpod distance only).
    pub fault_rate: f64,
    /// Share of runs on a hot, humid day.
    pub hot_share: f64,
    /// Hill amplitude of every outdoor route in metres (0: the usual gently rolling roads).
    pub hills_m: f64,
    /// Long runs of this many minutes (uniform in the range) instead of their planned distance.
    pub long_run_minutes: Option<(f64, f64)>,
    /// Share of easy runs that end with a 4–8 minute fast finish.
    pub fast_finish_share: f64,
    /// A half marathon on the long-run day of the second-to-last week, then a recovery run the
    /// next day and an easy run the day after (both within the 2 days the rules ask to rest).
    pub half_marathon: bool,
    /// Share of runs that start just after local midnight (00:05–00:45).
    pub after_midnight_share: f64,
    /// Share of outdoor runs written as gzipped GPX (no UTC offset in the file) and as TCX.
    pub gpx_share: f64,
    pub tcx_share: f64,
    /// No FIT at all: outdoor runs as GPX, everything else (treadmill runs, rides, walks) as TCX —
    /// an export where no file says its UTC offset.
    pub xml_only: bool,
    /// Runs re-uploaded as a GPX copy, listed after the original with `duplicate_of:`.
    pub duplicates: u32,
    /// Share of runs recorded with heart rate alone: no distance, position or speed (a treadmill
    /// without a footpod, a heart-rate-only watch). Written as FIT or TCX.
    pub no_pace_share: f64,
    // The hard cases of issue 14. Each draws random numbers only when it is on, so a season
    // without them is the season it always was.
    /// Share of quality sessions (intervals, fartlek, hills, tempo) run as short repetitions
    /// instead: half a fartlek of 10–16 surges of 30–55 s with 60–90 s jogs, half 200/400 m
    /// repeats at 5K–3K pace.
    pub short_reps_share: f64,
    /// Share of outdoor easy and long runs run as a steady trail run at gray-zone effort (labelled
    /// hard and gray): pace 30–90 s/km slower than road easy pace.
    pub trail_gray_share: f64,
    /// Share of outdoor easy and long runs on a route with long climbs, HR rising on each (still
    /// easy).
    pub hilly_easy_share: f64,
    /// Share of easy and long runs whose optical sensor locks on the step cadence for 3–15 min.
    pub cadence_lock_share: f64,
    /// Share of recovery runs whose pace sits near the edge of recovery (20–35 s/km slower than
    /// easy, HR still low).
    pub recovery_edge_share: f64,
    /// Share of outdoor easy and long runs made long (100–150 min) on a hot day: HR drifts up
    /// 5–15 bpm at a constant pace (still easy).
    pub drift_share: f64,
    /// Share of quality sessions replaced by a planned progression run ending with 8–15 min at
    /// threshold (hard, and planned: not an accidental workout).
    pub progression_share: f64,
    /// A comeback: either a season starting with only 2–3 easy runs in its first two weeks, or a
    /// break of 8–16 weeks without running after the first 2–4 weeks.
    pub comeback: bool,
    /// Share of easy runs that look like something else but are easy: walk breaks, stop-and-go at
    /// crossings, 4–6 strides, a GPS glitch.
    pub look_alike_share: f64,
    /// No heart rate in any run: a runner without a heart-rate sensor (a phone app, a watch worn
    /// without its strap). Draws nothing.
    pub no_hr_monitor: bool,
    /// The runner's paces change by this share over the season, week by week (0.1: 10 % quicker
    /// by its last week; -0.1: 10 % slower), the HR at each effort as it was. Draws nothing.
    pub fitness_change: f64,
    /// Every run recorded with a record every this many seconds (a watch saving battery, an old
    /// watch's sparse smart recording) instead of smart recording's 1–7 s. Draws nothing.
    pub record_every_s: Option<u32>,
    /// Every run ends with 10–45 s of walking before the watch is stopped: the walk home from
    /// the last corner, the stroll while the watch saves. Draws nothing from the season.
    pub finish_walk: bool,
    /// Every run ends with a 2–8 min cool-down walk before the watch is stopped (the walk home
    /// after the run). Draws nothing from the season.
    pub cooldown_walk: bool,
    /// Every run starts with a 2–8 min walk to the start (the watch started at the door). Draws
    /// nothing from the season.
    pub start_walk: bool,
    /// Every steady run (easy, long, recovery, gray-zone, accidental workout) walks 2–7 min in
    /// its middle (a stitch, a phone call, a friend met). Draws nothing from the season.
    pub mid_walk: bool,
    /// Every interval, short-rep and track session stands still in its recoveries. Draws
    /// nothing from the season.
    pub standing_rests: bool,
}

impl Default for SeasonOptions {
    fn default() -> Self {
        SeasonOptions {
            fault_rate: 1.0,
            hot_share: 0.0,
            hills_m: 0.0,
            long_run_minutes: None,
            fast_finish_share: 0.0,
            half_marathon: false,
            after_midnight_share: 0.0,
            gpx_share: 0.0,
            tcx_share: 0.0,
            xml_only: false,
            duplicates: 0,
            no_pace_share: 0.0,
            short_reps_share: 0.0,
            trail_gray_share: 0.0,
            hilly_easy_share: 0.0,
            cadence_lock_share: 0.0,
            recovery_edge_share: 0.0,
            drift_share: 0.0,
            progression_share: 0.0,
            comeback: false,
            look_alike_share: 0.0,
            no_hr_monitor: false,
            fitness_change: 0.0,
            record_every_s: None,
            finish_walk: false,
            cooldown_walk: false,
            start_walk: false,
            mid_walk: false,
            standing_rests: false,
        }
    }
}

/// [`season`] with variations layered on (see [`SeasonOptions`]).
pub fn season_with(
    athlete: &Athlete,
    weeks: u32,
    kind: SeasonKind,
    start_monday: UnixTime,
    seed: u64,
    options: &SeasonOptions,
) -> Vec<PlannedRun> {
    let mut runs = season(athlete, weeks, kind, start_monday, seed);
    if *options == SeasonOptions::default() {
        return runs;
    }
    let mut rng = Rng::new(seed ^ 0x5EA5_0B7D_A11E_D0FF);
    if options.half_marathon {
        add_half_marathon(athlete, kind, weeks, start_monday, &mut runs, &mut rng);
    }
    let mut moved_days = std::collections::BTreeSet::new();
    for r in runs.iter_mut() {
        let mut run_rng = rng.fork(r.seed);
        vary_run(
            athlete,
            options,
            start_monday,
            r,
            &mut moved_days,
            &mut run_rng,
        );
    }
    if options.comeback {
        comeback(athlete, weeks, &mut runs, &mut rng);
    }
    add_duplicates(options.duplicates, &mut runs, &mut rng);
    if let Some(every_s) = options.record_every_s {
        for r in runs.iter_mut() {
            r.plan.recording = Recording::Sparse { every_s };
            if r.is_run() {
                tag(r, "sparse");
            }
        }
    }
    if options.finish_walk {
        for r in runs.iter_mut().filter(|r| r.is_run()) {
            r.plan.finish_walk = true;
            tag(r, "finish_walk");
        }
    }
    if options.cooldown_walk {
        for r in runs.iter_mut().filter(|r| r.is_run()) {
            r.plan.cooldown_walk = true;
            tag(r, "cooldown_walk");
        }
    }
    if options.start_walk {
        for r in runs.iter_mut().filter(|r| r.is_run()) {
            r.plan.start_walk = true;
            tag(r, "start_walk");
        }
    }
    if options.mid_walk {
        for r in runs
            .iter_mut()
            .filter(|r| r.is_run() && r.plan.intent.is_steady())
        {
            r.plan.mid_walk = true;
            tag(r, "mid_walk");
        }
    }
    if options.standing_rests {
        for r in runs
            .iter_mut()
            .filter(|r| r.is_run() && r.plan.intent.has_rests())
        {
            r.plan.standing_rests = true;
            tag(r, "standing_rests");
        }
    }
    if options.fitness_change != 0.0 {
        let last_week = f64::from(weeks.saturating_sub(1).max(1));
        for r in runs.iter_mut() {
            r.plan.conditions.fitness = options.fitness_change * f64::from(r.week) / last_week;
            if r.is_run() {
                tag(r, "fitness");
            }
        }
    }
    runs
}

/// A chance that is only drawn when the share is on (keeps the random streams of seasons without
/// the option as they were).
fn hit(rng: &mut Rng, share: f64) -> bool {
    share > 0.0 && rng.chance(share)
}

fn is_quality(i: Intent) -> bool {
    matches!(
        i,
        Intent::Intervals { .. } | Intent::Fartlek | Intent::Hills { .. } | Intent::Tempo { .. }
    )
}

/// The hard cases of issue 14 on one run (see the `SeasonOptions` fields from `short_reps_share`).
fn hard_cases(o: &SeasonOptions, r: &mut PlannedRun, rng: &mut Rng) {
    let run = r.is_run();
    let outdoor = run && r.plan.sport != Sport::TreadmillRunning;
    if run && is_quality(r.intent()) && hit(rng, o.short_reps_share) {
        let intent = if rng.chance(0.5) {
            Intent::ShortReps {
                reps: rng.int(10, 16) as u32,
                surge_s: rng.range(30.0, 55.0).round(),
                jog_s: rng.range(60.0, 90.0).round(),
            }
        } else {
            let rep_m = if rng.chance(0.5) { 200.0 } else { 400.0 };
            Intent::TrackRepeats {
                reps: if rep_m < 300.0 {
                    rng.int(10, 16) as u32
                } else {
                    rng.int(8, 12) as u32
                },
                rep_m,
                jog_s: rng.range(60.0, 90.0).round(),
            }
        };
        set_intent(r, intent);
        tag(r, "short_reps");
    }
    if run && is_quality(r.intent()) && hit(rng, o.progression_share) {
        set_intent(
            r,
            Intent::Progression {
                minutes: rng.range(8.0, 15.0).round(),
            },
        );
        r.plan.amount = Amount::Minutes(rng.range(45.0, 70.0).round());
        tag(r, "progression");
    }
    let easy_or_long = |r: &PlannedRun| matches!(r.intent(), Intent::Easy | Intent::Long);
    if outdoor && easy_or_long(r) && hit(rng, o.trail_gray_share) {
        set_intent(r, Intent::TrailGray);
        r.plan.sport = Sport::TrailRunning;
        r.plan.traffic_stops = 0;
        tag(r, "trail_gray");
    }
    if outdoor && easy_or_long(r) && hit(rng, o.hilly_easy_share) {
        set_intent(r, Intent::HillyEasy);
        r.plan.conditions.hills_m = rng.range(40.0, 70.0).round();
        tag(r, "hilly_easy");
    }
    if run && r.intent() == Intent::Recovery && hit(rng, o.recovery_edge_share) {
        set_intent(r, Intent::RecoveryEdge);
        r.plan.amount = Amount::Minutes(rng.range(30.0, 35.0).round());
        tag(r, "recovery_edge");
    }
    if outdoor && matches!(r.intent(), Intent::Easy | Intent::Long) && hit(rng, o.drift_share) {
        set_intent(r, Intent::Long);
        r.plan.amount = Amount::Minutes(rng.range(100.0, 150.0).round());
        r.plan.conditions.heat = r.plan.conditions.heat.max(rng.range(0.5, 1.0));
        tag(r, "drift");
    }
    if run && r.intent() == Intent::Easy && hit(rng, o.look_alike_share) {
        let can_glitch = outdoor && !r.plan.faults.no_gps;
        match rng.int(0, 3) {
            0 => {
                set_intent(r, Intent::EasyWalkBreaks);
                tag(r, "walk_breaks");
            }
            1 if outdoor => {
                set_intent(r, Intent::EasyStopAndGo);
                r.plan.traffic_stops = 0;
                tag(r, "stop_and_go");
            }
            2 => {
                set_intent(r, Intent::EasyWithStrides);
                tag(r, "strides");
            }
            _ if can_glitch => {
                r.plan.faults.gps_glitch = true;
                r.fault = r.plan.faults.label();
                tag(r, "gps_glitch");
            }
            _ => {
                set_intent(r, Intent::EasyWalkBreaks);
                tag(r, "walk_breaks");
            }
        }
    }
    let lockable = matches!(
        r.intent(),
        Intent::Easy | Intent::Long | Intent::HillyEasy | Intent::EasyWalkBreaks
    );
    if run && lockable && !r.plan.faults.no_hr && hit(rng, o.cadence_lock_share) {
        r.plan.faults.cadence_lock = true;
        r.fault = r.plan.faults.label();
        tag(r, "cadence_lock");
    }
}

/// Back to running with little history: the season opens with a short easy history (only 2–3
/// easy runs in its first two weeks, or 2–4 weeks of easy running only), then 8–16 weeks without
/// running, then the planned training with its hard efforts. Nothing before the break shows the
/// runner's true max HR.
fn comeback(athlete: &Athlete, weeks: u32, runs: &mut Vec<PlannedRun>, rng: &mut Rng) {
    let short = weeks < 6 || rng.chance(0.5);
    let from = if short { 2 } else { rng.int(2, 4) as u32 };
    if short {
        let keep = rng.int(2, 3) as usize;
        let mut kept = 0;
        runs.retain(|r| {
            if r.week >= from || !r.is_run() {
                return true;
            }
            kept += 1;
            kept <= keep
        });
    }
    let gap = rng.int(8, 16) as u32;
    for r in runs.iter_mut() {
        if r.week < from {
            if r.is_run() {
                if r.class != "easy" {
                    set_intent(r, Intent::Easy);
                }
                tag(r, if short { "short_history" } else { "easy_base" });
            }
            continue;
        }
        r.week += gap;
        r.start += f64::from(gap) * 7.0 * 86_400.0;
        rename(athlete, r);
        if r.week < from + gap + 2 {
            tag(r, "after_break");
        }
    }
}

fn tag(r: &mut PlannedRun, what: &str) {
    if !r.variation.is_empty() {
        r.variation.push('+');
    }
    r.variation.push_str(what);
}

fn set_intent(r: &mut PlannedRun, intent: Intent) {
    r.plan.intent = intent;
    r.class = intent.class();
    r.gray_zone = intent.is_gray_zone();
    r.accidental_workout = intent.is_accidental_workout();
}

/// Renames a run after its (possibly moved) start, keeping its extension.
fn rename(athlete: &Athlete, r: &mut PlannedRun) {
    let local = local_time(r.start, athlete.utc_offset_s);
    r.file_name = format!(
        "{}.{}",
        local.format("%Y-%m-%d-%H-%M-%S"),
        r.output.extension()
    );
    r.date_local = local.format("%Y-%m-%d").to_string();
}

fn day_index(r: &PlannedRun, start_monday: UnixTime) -> i64 {
    ((r.start - start_monday) / 86_400.0).floor() as i64
}

fn vary_run(
    athlete: &Athlete,
    o: &SeasonOptions,
    start_monday: UnixTime,
    r: &mut PlannedRun,
    moved_days: &mut std::collections::BTreeSet<i64>,
    rng: &mut Rng,
) {
    let run = r.is_run();
    let outdoor = run && r.plan.sport != Sport::TreadmillRunning;
    let race = matches!(r.intent(), Intent::Race { .. });
    if run && !race && o.fault_rate > 1.0 {
        let extra = o.fault_rate - 1.0;
        let easy_day = matches!(r.intent(), Intent::Easy | Intent::Recovery);
        let f = &mut r.plan.faults;
        f.strap_spike |= easy_day && rng.chance(0.05 * extra);
        f.hr_dropouts |= rng.chance(0.04 * extra);
        f.no_hr |= rng.chance(0.02 * extra);
        f.gps_jumps |= outdoor && rng.chance(0.03 * extra);
        f.no_gps |= outdoor && rng.chance(0.02 * extra);
        if f.no_hr {
            f.strap_spike = false;
            f.hr_dropouts = false;
        }
        r.fault = f.label();
    }
    // Drawn only when on: a season without it is the season it always was.
    if run && o.no_pace_share > 0.0 && rng.chance(o.no_pace_share) {
        let f = &mut r.plan.faults;
        f.no_distance = true;
        f.no_gps = true;
        f.gps_jumps = false;
        f.no_hr = false;
        r.fault = f.label();
    }
    if run && o.no_hr_monitor {
        let f = &mut r.plan.faults;
        f.no_hr = true;
        f.strap_spike = false;
        f.hr_dropouts = false;
        f.cadence_lock = false;
        r.fault = f.label();
    }
    if run && r.intent() == Intent::Long {
        if let Some((lo, hi)) = o.long_run_minutes {
            r.plan.amount = Amount::Minutes(rng.range(lo, hi).round());
            tag(r, "long_2h");
        }
    }
    if run && r.intent() == Intent::Easy && rng.chance(o.fast_finish_share) {
        set_intent(
            r,
            Intent::FastFinish {
                minutes: rng.range(4.0, 8.0).round(),
            },
        );
        tag(r, "fast_finish");
    }
    let mut conditions = Conditions::default();
    if rng.chance(o.hot_share) && r.plan.sport != Sport::TreadmillRunning {
        conditions.heat = rng.range(0.6, 1.0);
        tag(r, "hot");
    }
    if o.hills_m > 0.0 && outdoor {
        conditions.hills_m = o.hills_m.max(if r.plan.sport == Sport::TrailRunning {
            30.0
        } else {
            0.0
        });
        tag(r, "hilly");
    }
    r.plan.conditions = conditions;
    hard_cases(o, r, rng);
    let day = day_index(r, start_monday);
    if rng.chance(o.after_midnight_share) && moved_days.insert(day) {
        r.start = (start_monday + day as f64 * 86_400.0 + rng.range(300.0, 2700.0)).round();
        tag(r, "after_midnight");
    }
    let can_xml = outdoor && !r.plan.faults.no_gps;
    let u = rng.unit();
    if can_xml && u < o.gpx_share {
        r.output = Output::Gpx(HrTagStyle::Gpxtpx);
        tag(r, "gpx");
    } else if run && !r.plan.faults.no_gps && u < o.gpx_share + o.tcx_share {
        r.output = Output::Tcx;
        tag(r, "tcx");
    }
    if o.xml_only {
        r.output = if can_xml {
            Output::Gpx(HrTagStyle::Gpxtpx)
        } else {
            Output::Tcx
        };
        tag(r, "xml_only");
    } else if r.plan.faults.no_gps && !matches!(r.output, Output::Fit) {
        r.output = Output::Fit;
    }
    rename(athlete, r);
}

/// The long run (or 10K race) of the second-to-last week becomes a half marathon; the next two
/// days hold a recovery run and an easy run, whatever was planned.
fn add_half_marathon(
    athlete: &Athlete,
    kind: SeasonKind,
    weeks: u32,
    start_monday: UnixTime,
    runs: &mut Vec<PlannedRun>,
    rng: &mut Rng,
) {
    let Some(week) = weeks.checked_sub(2) else {
        return;
    };
    let candidate = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.week == week && r.is_run())
        .filter(|(_, r)| {
            matches!(
                r.intent(),
                Intent::Long | Intent::Race { .. } | Intent::GrayZone
            )
        })
        .max_by(|a, b| a.1.start.total_cmp(&b.1.start))
        .map(|(i, _)| i);
    let Some(i) = candidate else { return };
    let race_day = day_index(&runs[i], start_monday);
    {
        let r = &mut runs[i];
        set_intent(r, Intent::Race { km: 21.1 });
        r.plan.sport = Sport::Running;
        r.plan.faults = Faults::default();
        r.fault = String::new();
        r.plan.traffic_stops = 0;
        r.plan.timer_pauses = 0;
        r.output = Output::Fit;
        r.start = (start_monday + race_day as f64 * 86_400.0 + 8.0 * 3600.0).round();
        tag(r, "half_marathon");
    }
    // The runs of the next two days are replaced; cross-training stays.
    runs.retain(|r| {
        let d = day_index(r, start_monday);
        !(d > race_day && d <= race_day + 2 && r.is_run())
    });
    for (after, hour, intent, amount) in [
        (1, 10.0, Intent::Recovery, Amount::Minutes(30.0)),
        (2, 7.0, Intent::Easy, Amount::Minutes(40.0)),
    ] {
        let day = race_day + after;
        let Ok(day) = u32::try_from(day) else {
            continue;
        };
        let s = slot(day % 7, hour, intent, amount);
        let mut r = plan_run(
            athlete,
            kind,
            day / 7,
            s,
            1.0,
            start_monday,
            rng.next_u64(),
            rng,
        );
        // Keep these about the race, not the device.
        r.plan.faults = Faults::default();
        r.fault = String::new();
        r.output = Output::Fit;
        rename(athlete, &mut r);
        tag(&mut r, "after_half_marathon");
        runs.push(r);
    }
    runs.sort_by(|a, b| a.start.total_cmp(&b.start));
}

/// GPX copies of some FIT runs, each listed right after its original.
fn add_duplicates(n: u32, runs: &mut Vec<PlannedRun>, rng: &mut Rng) {
    for _ in 0..n {
        let fit_runs: Vec<usize> = (0..runs.len())
            .filter(|&i| {
                let r = &runs[i];
                r.is_run()
                    && matches!(r.output, Output::Fit)
                    && r.plan.sport != Sport::TreadmillRunning
                    && !r.plan.faults.no_gps
                    && !r.fault.starts_with("duplicate_of:")
                    && runs
                        .get(i + 1)
                        .is_none_or(|n| !n.fault.starts_with("duplicate_of:"))
            })
            .collect();
        let Some(&i) = rng.pick(&fit_runs) else {
            return;
        };
        let mut dup = runs[i].clone();
        dup.output = Output::Gpx(HrTagStyle::Gpxtpx);
        dup.fault = format!("duplicate_of:{}", runs[i].file_name);
        dup.file_name = format!(
            "{}.{}",
            runs[i].file_name.trim_end_matches(".fit"),
            dup.output.extension()
        );
        tag(&mut dup, "duplicate");
        runs.insert(i + 1, dup);
    }
}

fn week_slots(level: Level, kind: SeasonKind, week: u32, weeks: u32, rng: &mut Rng) -> Vec<Slot> {
    match kind {
        SeasonKind::Beginner => slip(beginner_week(week, rng), rng),
        SeasonKind::Intermediate => slip(intermediate_week(week, weeks, rng), rng),
        SeasonKind::Advanced => slip(advanced_week(week, rng), rng),
        SeasonKind::Polarized => polarized_week(level, week, weeks, rng),
        SeasonKind::GrayHeavy => gray_heavy_week(rng),
        SeasonKind::Mixed => {
            let u = rng.unit();
            let kind = if u < 0.4 {
                SeasonKind::Polarized
            } else if u < 0.8 {
                match level {
                    Level::Beginner => SeasonKind::Beginner,
                    Level::Intermediate => SeasonKind::Intermediate,
                    Level::Advanced => SeasonKind::Advanced,
                }
            } else {
                SeasonKind::GrayHeavy
            };
            week_slots(level, kind, week, weeks, rng)
        }
    }
}

/// Beginner: Mon rest · Tue easy 3 mi · Wed cross-train · Thu intervals or fartlek ·
/// Fri recovery 20 min · Sat long 5 mi · Sun rest.
fn beginner_week(week: u32, rng: &mut Rng) -> Vec<Slot> {
    let cross = if rng.chance(0.6) {
        slot(2, 18.0, Intent::Ride, minutes(40.0))
    } else {
        slot(2, 18.0, Intent::Walk, minutes(45.0))
    };
    let quality = if week.is_multiple_of(2) {
        Intent::Intervals {
            reps: 6,
            rep_m: 400.0,
            rest_s: 90.0,
        }
    } else {
        Intent::Fartlek
    };
    vec![
        slot(1, 18.0, Intent::Easy, miles(3.0)),
        cross,
        slot(3, 18.0, quality, minutes(40.0)),
        slot(4, 7.0, Intent::Recovery, minutes(20.0)),
        slot(5, 9.0, Intent::Long, miles(5.0)),
    ]
}

/// Intermediate: Mon easy 4 mi · Tue 6 × 800 m at 5K pace · Wed recovery 30 min ·
/// Thu cross-train or rest · Fri tempo 4 mi · Sat long 8 mi · Sun recovery 35 min or rest.
/// The second-to-last week ends with a 10K race instead of the long run.
fn intermediate_week(week: u32, weeks: u32, rng: &mut Rng) -> Vec<Slot> {
    let race_week = weeks >= 4 && week + 2 == weeks;
    let mut v = vec![
        slot(0, 7.0, Intent::Easy, miles(4.0)),
        slot(
            1,
            18.0,
            Intent::Intervals {
                reps: 6,
                rep_m: 800.0,
                rest_s: 120.0,
            },
            minutes(55.0),
        ),
        slot(2, 7.0, Intent::Recovery, minutes(30.0)),
    ];
    if rng.chance(0.35) {
        v.push(slot(3, 18.0, Intent::Ride, minutes(50.0)));
    }
    if race_week {
        v.push(slot(4, 7.0, Intent::EasyWithStrides, miles(3.0)));
        v.push(slot(5, 9.0, Intent::Race { km: 10.0 }, minutes(70.0)));
    } else {
        v.push(slot(4, 7.0, Intent::Tempo { minutes: 28.0 }, minutes(55.0)));
        v.push(slot(5, 8.5, Intent::Long, miles(8.0)));
        if rng.chance(0.6) {
            v.push(slot(6, 9.0, Intent::Recovery, minutes(35.0)));
        }
    }
    v
}

/// Advanced: Mon tempo 6 mi · Tue recovery 5 mi (+ optional 3 mi shakeout) · Wed 8 × 400 m ·
/// Thu recovery 4 mi · Fri medium-long or hills 7 mi · Sat rest or cross-train ·
/// Sun long 12 mi (+ optional 3 mi recovery jog).
fn advanced_week(week: u32, rng: &mut Rng) -> Vec<Slot> {
    let mut v = vec![
        slot(0, 6.5, Intent::Tempo { minutes: 38.0 }, minutes(65.0)),
        slot(1, 6.5, Intent::Recovery, miles(5.0)),
    ];
    if rng.chance(0.4) {
        v.push(slot(1, 18.5, Intent::Recovery, miles(3.0)));
    }
    v.push(slot(
        2,
        6.5,
        Intent::Intervals {
            reps: 8,
            rep_m: 400.0,
            rest_s: 75.0,
        },
        minutes(55.0),
    ));
    v.push(slot(3, 6.5, Intent::Recovery, miles(4.0)));
    v.push(if week.is_multiple_of(2) {
        slot(4, 6.5, Intent::Long, miles(7.0))
    } else {
        slot(4, 6.5, Intent::Hills { reps: 8 }, miles(7.0))
    });
    if rng.chance(0.5) {
        v.push(slot(5, 9.0, Intent::Ride, minutes(75.0)));
    }
    v.push(slot(6, 7.5, Intent::Long, miles(12.0)));
    if rng.chance(0.3) {
        v.push(slot(6, 17.5, Intent::Recovery, miles(3.0)));
    }
    v
}

/// Realistic slips in an otherwise sound plan: now and then an easy day run as a gray-zone run,
/// or a recovery day that turns into an accidental workout.
fn slip(mut slots: Vec<Slot>, rng: &mut Rng) -> Vec<Slot> {
    for s in &mut slots {
        match s.intent {
            Intent::Easy if rng.chance(0.12) => s.intent = Intent::GrayZone,
            Intent::Recovery if rng.chance(0.1) => s.intent = Intent::AccidentalWorkout,
            _ => {}
        }
    }
    slots
}

/// 80/20 done right: exactly one hard session among 5–7 runs, everything else truly easy.
fn polarized_week(level: Level, week: u32, weeks: u32, rng: &mut Rng) -> Vec<Slot> {
    let scale = match level {
        Level::Beginner => 0.65,
        Level::Intermediate => 1.0,
        Level::Advanced => 1.35,
    };
    let km = |k: f64| Amount::Km(k * scale);
    let race_week = weeks >= 4 && week + 2 == weeks;
    let quality = match week % 3 {
        2 => Intent::Tempo { minutes: 25.0 },
        1 => Intent::Hills { reps: 8 },
        _ => Intent::Intervals {
            reps: 6,
            rep_m: 800.0,
            rest_s: 120.0,
        },
    };
    let mut v = vec![
        slot(0, 7.0, Intent::Easy, km(6.4)),
        if race_week {
            slot(1, 18.0, Intent::EasyWithStrides, km(6.4))
        } else {
            slot(1, 18.0, quality, minutes(55.0))
        },
        slot(2, 7.0, Intent::Recovery, minutes(30.0)),
    ];
    v.push(if rng.chance(0.3) {
        slot(3, 18.0, Intent::Ride, minutes(50.0))
    } else {
        slot(3, 7.0, Intent::Easy, km(8.0))
    });
    v.push(slot(4, 7.0, Intent::EasyWithStrides, km(6.4)));
    v.push(if race_week {
        slot(5, 9.0, Intent::Race { km: 10.0 }, minutes(70.0))
    } else {
        slot(5, 8.5, Intent::Long, km(14.5))
    });
    if rng.chance(0.7) {
        v.push(slot(6, 9.0, Intent::Recovery, minutes(35.0)));
    }
    v
}

/// The intermediate week gone gray: easy days at moderate effort, recovery days that turn into
/// tempo, the odd long run too fast. At least one such run every week.
fn gray_heavy_week(rng: &mut Rng) -> Vec<Slot> {
    let mut v = vec![
        slot(
            0,
            7.0,
            if rng.chance(0.7) {
                Intent::GrayZone
            } else {
                Intent::Easy
            },
            miles(4.0),
        ),
        slot(
            1,
            18.0,
            Intent::Intervals {
                reps: 6,
                rep_m: 800.0,
                rest_s: 120.0,
            },
            minutes(55.0),
        ),
        if rng.chance(0.6) {
            slot(2, 7.0, Intent::AccidentalWorkout, minutes(40.0))
        } else {
            slot(2, 7.0, Intent::Recovery, minutes(30.0))
        },
    ];
    let thursday = rng.unit();
    if thursday < 0.3 {
        v.push(slot(3, 18.0, Intent::Ride, minutes(50.0)));
    } else if thursday < 0.75 {
        let intent = if rng.chance(0.7) {
            Intent::GrayZone
        } else {
            Intent::Easy
        };
        v.push(slot(3, 18.0, intent, miles(4.0)));
    }
    v.push(slot(4, 7.0, Intent::Tempo { minutes: 25.0 }, minutes(50.0)));
    let long = if rng.chance(0.3) {
        Intent::GrayZone
    } else {
        Intent::Long
    };
    v.push(slot(5, 8.5, long, miles(8.0)));
    if rng.chance(0.6) {
        let intent = if rng.chance(0.5) {
            Intent::AccidentalWorkout
        } else {
            Intent::Recovery
        };
        v.push(slot(6, 9.0, intent, minutes(35.0)));
    }
    if !v
        .iter()
        .any(|s| s.intent.is_gray_zone() || s.intent.is_accidental_workout())
    {
        v[0].intent = Intent::GrayZone;
    }
    v
}

#[allow(clippy::too_many_arguments)]
fn plan_run(
    athlete: &Athlete,
    kind: SeasonKind,
    week: u32,
    s: Slot,
    volume: f64,
    start_monday: UnixTime,
    seed: u64,
    rng: &mut Rng,
) -> PlannedRun {
    let amount = match s.amount {
        Amount::Km(k) => Amount::Km((k * volume * rng.range(0.92, 1.08) * 10.0).round() / 10.0),
        Amount::Minutes(m) => Amount::Minutes((m * volume * rng.range(0.92, 1.08)).round()),
    };
    let mut plan = RunPlan::new(s.intent, amount).smart();
    let easy_day = matches!(s.intent, Intent::Easy | Intent::Recovery);
    if plan.sport.is_run() {
        if easy_day && kind != SeasonKind::GrayHeavy && rng.chance(0.08) {
            plan.sport = Sport::TreadmillRunning;
        } else if s.intent == Intent::Long && rng.chance(0.15) {
            plan.sport = Sport::TrailRunning;
        }
        if plan.sport != Sport::TreadmillRunning {
            if rng.chance(0.3) {
                plan.traffic_stops = rng.int(1, 2) as u32;
            }
            if rng.chance(0.12) {
                plan.timer_pauses = 1;
            }
        }
        plan.faults = Faults {
            strap_spike: easy_day && rng.chance(0.05),
            hr_dropouts: rng.chance(0.04),
            no_hr: rng.chance(0.02),
            no_gps: false,
            gps_jumps: plan.sport != Sport::TreadmillRunning && rng.chance(0.03),
            ..Faults::default()
        };
        if plan.faults.no_hr {
            plan.faults.strap_spike = false;
            plan.faults.hr_dropouts = false;
        }
    }
    let start = (start_monday
        + f64::from(week * 7 + s.day) * 86_400.0
        + s.hour * 3600.0
        + rng.range(-1200.0, 1200.0))
    .round();
    let output = choose_output(kind, &plan, rng);
    let local = local_time(start, athlete.utc_offset_s);
    PlannedRun {
        file_name: format!(
            "{}.{}",
            local.format("%Y-%m-%d-%H-%M-%S"),
            output.extension()
        ),
        date_local: local.format("%Y-%m-%d").to_string(),
        week,
        start,
        output,
        seed,
        class: s.intent.class(),
        gray_zone: s.intent.is_gray_zone(),
        accidental_workout: s.intent.is_accidental_workout(),
        fault: plan.faults.label(),
        variation: String::new(),
        plan,
    }
}

/// Mostly FIT; the Polarized season has some GPX (of each HR style), GrayHeavy some TCX. Runs
/// without positions stay FIT (GPX cannot carry them).
fn choose_output(kind: SeasonKind, plan: &RunPlan, rng: &mut Rng) -> Output {
    let can_gpx = plan.sport.is_run() && plan.sport != Sport::TreadmillRunning;
    let u = rng.unit();
    match kind {
        SeasonKind::Polarized if can_gpx && u < 0.12 => {
            let styles = [
                HrTagStyle::Gpxtpx,
                HrTagStyle::Ns3,
                HrTagStyle::DefaultNamespace,
            ];
            Output::Gpx(*rng.pick(&styles).unwrap_or(&HrTagStyle::Gpxtpx))
        }
        SeasonKind::GrayHeavy if plan.sport.is_run() && u < 0.1 => Output::Tcx,
        _ => Output::Fit,
    }
}

fn local_time(t: UnixTime, offset_s: i32) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(t as i64 + i64::from(offset_s), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// Simulates a planned run and writes it in its output format.
pub fn render(athlete: &Athlete, run: &PlannedRun) -> (Activity, Vec<u8>) {
    let activity = simulate(athlete, &run.plan, run.start, run.seed);
    let bytes = match run.output {
        Output::Fit => write_fit(std::slice::from_ref(&activity), &FitOptions::default()),
        Output::Gpx(hr) => gzip(
            write_gpx(
                &activity,
                GpxStyle {
                    hr,
                    version: GpxVersion::V1_1,
                    sport_type: Some("running"),
                    offset_times: false,
                },
            )
            .as_bytes(),
        ),
        Output::Tcx => gzip(write_tcx(std::slice::from_ref(&activity)).as_bytes()),
    };
    (activity, bytes)
}

pub const LABELS_HEADER: &str =
    "file,date_local,intent,sport,class,gray_zone,accidental_workout,fault";

/// `LABELS.csv`: one row per file, in season order.
pub fn labels_csv(runs: &[PlannedRun]) -> String {
    let mut s = format!("{LABELS_HEADER}\n");
    for r in runs {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            r.file_name,
            r.date_local,
            r.intent().name(),
            r.sport().name(),
            r.class,
            r.gray_zone,
            r.accidental_workout,
            r.fault
        );
    }
    s
}

/// Per-week tallies: (runs, recovery, easy, hard, gray_zone, accidental, cross-training).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeekCounts {
    pub runs: u32,
    pub recovery: u32,
    pub easy: u32,
    pub hard: u32,
    pub gray_zone: u32,
    pub accidental_workout: u32,
    pub cross_training: u32,
}

impl WeekCounts {
    /// Share of runs on the hard side (gray-zone runs and accidental workouts included).
    pub fn hard_share(&self) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            f64::from(self.hard) / f64::from(self.runs)
        }
    }

    /// 80/20 by sessions: at most a fifth of the runs hard.
    pub fn meets_80_20(&self) -> bool {
        self.hard_share() <= 0.2
    }
}

pub fn week_counts(runs: &[PlannedRun], weeks: u32) -> Vec<WeekCounts> {
    let mut v = vec![WeekCounts::default(); weeks as usize];
    // A duplicate file is the same session: count it once.
    for r in runs
        .iter()
        .filter(|r| !r.fault.starts_with("duplicate_of:"))
    {
        let Some(w) = v.get_mut(r.week as usize) else {
            continue;
        };
        match r.class {
            "recovery" => w.recovery += 1,
            "easy" => w.easy += 1,
            "hard" => w.hard += 1,
            _ => w.cross_training += 1,
        }
        if !r.class.is_empty() {
            w.runs += 1;
        }
        w.gray_zone += u32::from(r.gray_zone);
        w.accidental_workout += u32::from(r.accidental_workout);
    }
    v
}

// ---------------------------------------------------------------------------------------------
// The committed season fixtures
// ---------------------------------------------------------------------------------------------

/// `seasons/pass`: Monday 2024-01-08, 00:00 at UTC+01:00.
pub const PASS_START: UnixTime = 1_704_668_400.0;
pub const PASS_WEEKS: u32 = 10;
pub const PASS_SEED: u64 = 20_240_108;
/// `seasons/fail`: Monday 2024-04-01, 00:00 at UTC−05:00.
pub const FAIL_START: UnixTime = 1_711_947_600.0;
pub const FAIL_WEEKS: u32 = 6;
pub const FAIL_SEED: u64 = 20_240_401;
/// `sample-export`: Monday 2024-06-03, 00:00 at UTC+02:00.
pub const SAMPLE_START: UnixTime = 1_717_365_600.0;
pub const SAMPLE_WEEKS: u32 = 12;
pub const SAMPLE_SEED: u64 = 20_240_603;
pub const SAMPLE_ZIP: &str = "garmin-connect-export.zip";

pub fn pass_athlete() -> Athlete {
    Athlete::intermediate()
}

pub fn fail_athlete() -> Athlete {
    Athlete {
        utc_offset_s: -18_000,
        home_lat: 40.785_09,
        home_lon: -73.968_29,
        ..Athlete::intermediate()
    }
}

pub fn sample_athlete() -> Athlete {
    Athlete {
        utc_offset_s: 7200,
        home_lat: 50.110_92,
        home_lon: 8.682_13,
        max_hr: 186,
        resting_hr: 50,
        easy_pace_s_per_km: 350.0,
        threshold_pace_s_per_km: 284.0,
        ..Athlete::intermediate()
    }
}

pub fn pass_season() -> Vec<PlannedRun> {
    season(
        &pass_athlete(),
        PASS_WEEKS,
        SeasonKind::Polarized,
        PASS_START,
        PASS_SEED,
    )
}

pub fn fail_season() -> Vec<PlannedRun> {
    season(
        &fail_athlete(),
        FAIL_WEEKS,
        SeasonKind::GrayHeavy,
        FAIL_START,
        FAIL_SEED,
    )
}

/// The sample export's plan, with the GPX duplicate of one run added after its FIT original.
pub fn sample_season() -> Vec<PlannedRun> {
    let mut runs = season(
        &sample_athlete(),
        SAMPLE_WEEKS,
        SeasonKind::Mixed,
        SAMPLE_START,
        SAMPLE_SEED,
    );
    for (i, r) in runs.iter_mut().enumerate() {
        // Garmin names uploads <email>_<activity id>.fit.
        r.file_name = format!(
            "runner@example.com_{}.fit",
            15_310_000_000u64 + i as u64 * 7_919
        );
    }
    // Re-uploaded from another app as GPX (plain, as Garmin keeps uploads): the first long run
    // from week 5 on.
    if let Some(i) = runs
        .iter()
        .position(|r| r.week >= 5 && r.intent() == Intent::Long)
    {
        let mut dup = runs[i].clone();
        dup.output = Output::Gpx(HrTagStyle::Gpxtpx);
        dup.fault = format!("duplicate_of:{}", runs[i].file_name);
        dup.file_name = format!("{}.gpx", runs[i].file_name.trim_end_matches(".fit"));
        runs.insert(i + 1, dup);
    }
    runs
}

pub fn season_fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for (dir, athlete, runs) in [
        ("seasons/pass", pass_athlete(), pass_season()),
        ("seasons/fail", fail_athlete(), fail_season()),
    ] {
        for r in &runs {
            out.push(Fixture {
                path: format!("{dir}/{}", r.file_name),
                bytes: render(&athlete, r).1,
            });
        }
        out.push(Fixture {
            path: format!("{dir}/LABELS.csv"),
            bytes: labels_csv(&runs).into_bytes(),
        });
        out.push(Fixture {
            path: format!("{dir}/ATHLETE.txt"),
            bytes: athlete_txt(&athlete).into_bytes(),
        });
    }
    out.push(Fixture {
        path: "seasons/README.md".into(),
        bytes: seasons_readme().into_bytes(),
    });
    let athlete = sample_athlete();
    let runs = sample_season();
    let uploads: Vec<(String, Vec<u8>)> = runs
        .iter()
        .map(|r| {
            let bytes = match r.output {
                // The export keeps uploads as they were sent: no gzip inside the zip.
                Output::Gpx(hr) => {
                    let a = simulate(&athlete, &r.plan, r.start, r.seed);
                    write_gpx(
                        &a,
                        GpxStyle {
                            hr,
                            ..GpxStyle::default()
                        },
                    )
                    .into_bytes()
                }
                _ => render(&athlete, r).1,
            };
            (r.file_name.clone(), bytes)
        })
        .collect();
    let exported_at = SAMPLE_START + f64::from(SAMPLE_WEEKS * 7) * 86_400.0 + 10.0 * 3600.0;
    out.push(Fixture {
        path: format!("sample-export/{SAMPLE_ZIP}"),
        bytes: garmin_export(&uploads, exported_at),
    });
    out.push(Fixture {
        path: "sample-export/LABELS.csv".into(),
        bytes: labels_csv(&runs).into_bytes(),
    });
    out.push(Fixture {
        path: "sample-export/ATHLETE.txt".into(),
        bytes: athlete_txt(&athlete).into_bytes(),
    });
    out
}

/// `team/`: a coach's team over the same weeks from Monday 2024-09-02, one athlete per level:
/// `ana/` a beginner (her own `grayzone.toml` gives her max HR), `ben/` an intermediate who runs
/// his easy days gray and stopped a week before the others, and `cleo.zip` an advanced runner's
/// Garmin export, with her profile beside it (`cleo.grayzone.toml`: max and resting HR).
pub const TEAM_WEEKS: u32 = 4;
pub const TEAM_SEED: u64 = 20_240_902;

pub fn team_athletes() -> Vec<(&'static str, Athlete, Vec<PlannedRun>)> {
    // Local midnight starting Monday 2024-09-02 at each athlete's offset.
    let monday = |a: &Athlete| 1_725_235_200.0 - f64::from(a.utc_offset_s);
    let ana = Athlete::beginner();
    let ben = Athlete {
        utc_offset_s: 3600,
        ..Athlete::intermediate()
    };
    let cleo = Athlete::advanced();
    vec![
        (
            "ana",
            ana.clone(),
            season(
                &ana,
                TEAM_WEEKS,
                SeasonKind::Beginner,
                monday(&ana),
                TEAM_SEED,
            ),
        ),
        (
            "ben",
            ben.clone(),
            season(
                &ben,
                TEAM_WEEKS - 1,
                SeasonKind::GrayHeavy,
                monday(&ben),
                TEAM_SEED + 1,
            ),
        ),
        (
            "cleo",
            cleo.clone(),
            season(
                &cleo,
                TEAM_WEEKS,
                SeasonKind::Polarized,
                monday(&cleo),
                TEAM_SEED + 2,
            ),
        ),
    ]
}

pub fn team_fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for (name, athlete, runs) in team_athletes() {
        let files: Vec<(String, Vec<u8>)> = runs
            .iter()
            .map(|r| (r.file_name.clone(), render(&athlete, r).1))
            .collect();
        if name == "cleo" {
            let exported_at = 1_725_235_200.0 + f64::from(TEAM_WEEKS * 7) * 86_400.0;
            out.push(Fixture {
                path: format!("team/{name}.zip"),
                bytes: garmin_export(&files, exported_at),
            });
            out.push(Fixture {
                path: format!("team/{name}.grayzone.toml"),
                bytes: format!(
                    "max_hr = {}\nresting_hr = {}\n",
                    athlete.max_hr, athlete.resting_hr
                )
                .into_bytes(),
            });
            continue;
        }
        for (file, bytes) in files {
            out.push(Fixture {
                path: format!("team/{name}/{file}"),
                bytes,
            });
        }
        if name == "ana" {
            out.push(Fixture {
                path: format!("team/{name}/grayzone.toml"),
                bytes: format!("max_hr = {}\n", athlete.max_hr).into_bytes(),
            });
        }
    }
    out
}

/// The simulated athlete's true figures, so tests can judge with them given (`--max-hr`) as well
/// as derived.
fn athlete_txt(a: &Athlete) -> String {
    format!(
        "max_hr={}\nresting_hr={}\neasy_pace_s_per_km={}\nthreshold_pace_s_per_km={}\nutc_offset_s={}\n",
        a.max_hr, a.resting_hr, a.easy_pace_s_per_km, a.threshold_pace_s_per_km, a.utc_offset_s
    )
}

fn seasons_readme() -> String {
    let summary = |runs: &[PlannedRun], weeks: u32| {
        let counts = week_counts(runs, weeks);
        let meets = counts.iter().filter(|c| c.meets_80_20()).count();
        let total = |f: fn(&WeekCounts) -> u32| counts.iter().map(f).sum::<u32>();
        format!(
            "{} files, {} runs ({} recovery, {} easy, {} hard of which {} gray-zone and {} accidental workouts), \
             {} cross-training; {meets} of {weeks} weeks meet 80/20 by sessions",
            runs.len(),
            total(|c| c.runs),
            total(|c| c.recovery),
            total(|c| c.easy),
            total(|c| c.hard),
            total(|c| c.gray_zone),
            total(|c| c.accidental_workout),
            total(|c| c.cross_training),
        )
    };
    let pass = pass_season();
    let fail = fail_season();
    let sample = sample_season();
    format!(
        "# Season fixtures\n\n\
         Generated by `cargo run --example make_fixtures` from `testkit/src/season.rs`. Each folder has a\n\
         `LABELS.csv` (`{LABELS_HEADER}`) with the truth for every file: `class` is recovery / easy /\n\
         hard (gray-zone runs and accidental workouts count as hard), empty for cross-training.\n\
         File names are local start times, as watches write them; they give nothing away.\n\n\
         - `pass/`: intermediate runner (max HR 188, easy 5:45/km, threshold 4:40/km), {PASS_WEEKS} weeks from\n  \
           Monday 2024-01-08, UTC+01:00, Polarized plan (one hard session a week), FIT plus some GPX, smart\n  \
           recording, GPX gzipped. {}. Expected: every week meets 80/20, no gray-zone run.\n\
         - `fail/`: the same runner in New York (UTC−05:00), {FAIL_WEEKS} weeks from Monday 2024-04-01, GrayHeavy\n  \
           plan, FIT plus some gzipped TCX. {}. Expected: most weeks miss 80/20.\n\
         - `../sample-export/{SAMPLE_ZIP}`: Garmin GDPR export of an intermediate runner in Frankfurt\n  \
           (UTC+02:00, max HR 186), {SAMPLE_WEEKS} weeks from Monday 2024-06-03, a Mixed plan (polarized weeks,\n  \
           sample-plan weeks, gray-heavy weeks), FIT files and one GPX re-upload of a FIT\n  \
           run (`fault` = `duplicate_of:…`). {}. Its `LABELS.csv` names the files inside the inner\n  \
           `UploadedFiles_0-_Part1.zip`.\n",
        summary(&pass, PASS_WEEKS),
        summary(&fail, FAIL_WEEKS),
        summary(&sample, SAMPLE_WEEKS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarized_weeks_have_exactly_one_hard_session_and_meet_80_20() {
        for level in [Level::Beginner, Level::Intermediate, Level::Advanced] {
            let a = Athlete {
                level,
                ..Athlete::intermediate()
            };
            let runs = season(&a, 12, SeasonKind::Polarized, PASS_START, 7);
            for (w, c) in week_counts(&runs, 12).iter().enumerate() {
                assert_eq!(c.hard, 1, "week {w}: {c:?}");
                assert!((5..=7).contains(&c.runs), "week {w}: {c:?}");
                assert!(c.meets_80_20(), "week {w}: {c:?}");
                assert_eq!(c.gray_zone + c.accidental_workout, 0);
            }
        }
    }

    #[test]
    fn gray_heavy_weeks_mostly_miss_80_20() {
        let runs = season(
            &Athlete::intermediate(),
            8,
            SeasonKind::GrayHeavy,
            FAIL_START,
            3,
        );
        let counts = week_counts(&runs, 8);
        for c in &counts {
            assert!(c.gray_zone + c.accidental_workout >= 1, "{c:?}");
            assert!(c.hard >= 3, "{c:?}");
        }
        assert!(counts.iter().filter(|c| !c.meets_80_20()).count() >= 6);
    }

    #[test]
    fn intermediate_week_follows_the_sample_week() {
        let runs = season(
            &Athlete::intermediate(),
            6,
            SeasonKind::Intermediate,
            PASS_START,
            11,
        );
        for w in 0..6 {
            let week: Vec<&PlannedRun> = runs.iter().filter(|r| r.week == w).collect();
            let on = |day: u32| {
                week.iter().filter(move |r| {
                    ((r.start - PASS_START) / 86_400.0).floor() as u32 == w * 7 + day
                })
            };
            // Tuesday is always 6 × 800 m; Wednesday a recovery run (or its accidental slip).
            assert!(on(1).all(|r| matches!(r.intent(), Intent::Intervals { reps: 6, .. })));
            assert_eq!(on(1).count(), 1);
            assert!(
                on(2).all(|r| matches!(r.intent(), Intent::Recovery | Intent::AccidentalWorkout))
            );
            // Saturday is the long run, except the race week (second to last).
            let sat: Vec<Intent> = on(5).map(|r| r.intent()).collect();
            if w == 4 {
                assert_eq!(sat, [Intent::Race { km: 10.0 }]);
            } else {
                assert_eq!(sat, [Intent::Long]);
            }
            // Thursday is rest or a ride, never a run.
            assert!(on(3).all(|r| r.intent() == Intent::Ride));
        }
    }

    #[test]
    fn advanced_doubles_fall_on_the_same_day_with_distinct_names() {
        let runs = season(
            &Athlete::advanced(),
            10,
            SeasonKind::Advanced,
            PASS_START,
            5,
        );
        let mut names: Vec<&str> = runs.iter().map(|r| r.file_name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), runs.len());
        let doubles = runs
            .windows(2)
            .filter(|w| w[0].date_local == w[1].date_local)
            .count();
        assert!(doubles >= 3, "{doubles} doubles");
    }

    #[test]
    fn labels_follow_the_intent() {
        for r in pass_season().iter().chain(&fail_season()) {
            assert_eq!(r.class, r.intent().class());
            assert_eq!(r.gray_zone, r.intent() == Intent::GrayZone);
            assert_eq!(
                r.accidental_workout,
                r.intent() == Intent::AccidentalWorkout
            );
            assert_eq!(r.class.is_empty(), !r.is_run());
        }
        let csv = labels_csv(&fail_season());
        assert!(csv.starts_with(
            "file,date_local,intent,sport,class,gray_zone,accidental_workout,fault\n"
        ));
        assert!(csv.contains(",gray_zone,running,hard,true,false,"));
    }

    #[test]
    fn dates_and_names_are_local() {
        let runs = fail_season();
        let first = &runs[0];
        // Monday 2024-04-01 07:00 ± 20 min at UTC−05:00.
        assert_eq!(first.date_local, "2024-04-01");
        assert!(
            first.file_name.starts_with("2024-04-01-0"),
            "{}",
            first.file_name
        );
        let sample = sample_season();
        assert_eq!(
            sample
                .iter()
                .filter(|r| r.fault.starts_with("duplicate_of:"))
                .count(),
            1
        );
    }

    #[test]
    fn season_with_default_options_is_the_plain_season() {
        let a = Athlete::advanced();
        let plain = season(&a, 6, SeasonKind::Mixed, FAIL_START, 9);
        let same = season_with(
            &a,
            6,
            SeasonKind::Mixed,
            FAIL_START,
            9,
            &SeasonOptions::default(),
        );
        assert_eq!(plain, same);
        assert!(plain.iter().all(|r| r.variation.is_empty()));
    }

    #[test]
    fn variations_change_only_what_they_say() {
        let a = Athlete::intermediate();
        let plain = season(&a, 8, SeasonKind::Polarized, PASS_START, 4);
        let hot = season_with(
            &a,
            8,
            SeasonKind::Polarized,
            PASS_START,
            4,
            &SeasonOptions {
                hot_share: 0.5,
                ..SeasonOptions::default()
            },
        );
        assert_eq!(plain.len(), hot.len());
        let mut heated = 0;
        for (p, h) in plain.iter().zip(&hot) {
            assert_eq!((p.start, p.seed, p.intent()), (h.start, h.seed, h.intent()));
            if h.plan.conditions.heat > 0.0 {
                heated += 1;
                assert_eq!(h.variation, "hot");
            }
        }
        assert!(
            (10..=40).contains(&heated),
            "{heated} hot runs of {}",
            hot.len()
        );
    }

    #[test]
    fn half_marathon_is_followed_by_a_recovery_and_an_easy_run() {
        let a = Athlete::intermediate();
        let runs = season_with(
            &a,
            6,
            SeasonKind::Intermediate,
            PASS_START,
            11,
            &SeasonOptions {
                half_marathon: true,
                ..SeasonOptions::default()
            },
        );
        let i = runs
            .iter()
            .position(|r| r.intent() == Intent::Race { km: 21.1 })
            .unwrap();
        let race_day = day_index(&runs[i], PASS_START);
        let after: Vec<(i64, Intent)> = runs
            .iter()
            .filter(|r| r.is_run())
            .map(|r| (day_index(r, PASS_START) - race_day, r.intent()))
            .filter(|(d, _)| (1..=2).contains(d))
            .collect();
        assert_eq!(after, [(1, Intent::Recovery), (2, Intent::Easy)]);
        assert_eq!(runs[i].week, 4);
        assert!(runs.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn midnight_starts_xml_only_exports_and_duplicates() {
        let a = Athlete {
            utc_offset_s: 34_200,
            ..Athlete::intermediate()
        };
        // PASS_START is local midnight at UTC+01:00; this runner lives at UTC+09:30.
        let monday = PASS_START + 3600.0 - 34_200.0;
        let runs = season_with(
            &a,
            8,
            SeasonKind::Mixed,
            monday,
            2,
            &SeasonOptions {
                after_midnight_share: 0.3,
                xml_only: true,
                ..SeasonOptions::default()
            },
        );
        let midnight: Vec<&PlannedRun> = runs
            .iter()
            .filter(|r| r.variation.contains("after_midnight"))
            .collect();
        assert!(midnight.len() >= 5);
        for r in &midnight {
            // Local time in the first hour of the day, and the name says so.
            let local = local_time(r.start, a.utc_offset_s);
            assert_eq!(local.format("%H").to_string(), "00", "{}", r.file_name);
            assert!(r.file_name.starts_with(&format!("{}-00-", r.date_local)));
        }
        assert!(runs.iter().all(|r| !matches!(r.output, Output::Fit)));
        // Duplicates are GPX copies of FIT runs, right after their original.
        let runs = season_with(
            &a,
            8,
            SeasonKind::Mixed,
            monday,
            2,
            &SeasonOptions {
                duplicates: 2,
                ..SeasonOptions::default()
            },
        );
        let dups: Vec<usize> = (0..runs.len())
            .filter(|&i| runs[i].fault.starts_with("duplicate_of:"))
            .collect();
        assert_eq!(dups.len(), 2);
        for i in dups {
            assert_eq!(
                runs[i].fault,
                format!("duplicate_of:{}", runs[i - 1].file_name)
            );
            assert_eq!(
                (runs[i].start, runs[i].seed),
                (runs[i - 1].start, runs[i - 1].seed)
            );
        }
    }
}
