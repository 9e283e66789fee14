//! Every figure the judgement rests on, in one table: its name, default, unit, and why it has that
//! value. The rules (baseline, zones, classification, week flags), `explain`'s rule sentences and
//! the README's table (`grayzone rules`, checked by a test) all read them from here, so the code,
//! what it says it does and what the README says cannot drift apart.
//!
//! The figures come from COACHING_RULES.md and the physiology behind it; where the rule gives a
//! range, the value sits at its edge with a margin for GPS, HR lag and an estimated baseline.

use std::fmt;

use crate::summarize::grade;

/// How a figure is measured, for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A duration, stored in seconds (shown as minutes when whole minutes).
    Seconds,
    /// A share of something (0.6 = 60 %).
    Share,
    /// Already a percentage (80 = 80 %).
    Percent,
    /// A multiple (1.05 = 5 % more).
    Ratio,
    /// A pace difference, seconds per km.
    SecondsPerKm,
    /// Beats per minute.
    Bpm,
    /// A count.
    Count,
    /// Calendar days.
    Days,
    /// Metres.
    Metres,
    /// Metres per second.
    MetresPerSecond,
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// The constant's name in the code.
    pub name: &'static str,
    /// Which stage of the judgement uses it.
    pub group: &'static str,
    pub value: f64,
    pub unit: Unit,
    /// Why it has this value.
    pub why: &'static str,
}

impl Figure {
    /// The value as a runner reads it: `5 min`, `60 %`, `25 s/km`, `×1.05`.
    pub fn shown(&self) -> String {
        let v = self.value;
        let plain = |x: f64| {
            if (x - x.round()).abs() < 1e-9 {
                format!("{x:.0}")
            } else {
                let s = format!("{x:.3}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
        };
        match self.unit {
            Unit::Seconds if v >= 86_400.0 && v % 86_400.0 == 0.0 => {
                let days = v / 86_400.0;
                format!("{} day{}", plain(days), if days == 1.0 { "" } else { "s" })
            }
            Unit::Seconds if v >= 60.0 && v % 60.0 == 0.0 => format!("{} min", plain(v / 60.0)),
            Unit::Seconds => format!("{} s", plain(v)),
            Unit::Share => format!("{} %", plain(v * 100.0)),
            Unit::Percent => format!("{} %", plain(v)),
            Unit::Ratio => format!("×{}", plain(v)),
            Unit::SecondsPerKm => format!("{} s/km", plain(v)),
            Unit::Bpm => format!("{} bpm", plain(v)),
            Unit::Count => plain(v),
            Unit::Days => format!("{} day{}", plain(v), if v == 1.0 { "" } else { "s" }),
            Unit::Metres => format!("{} m", plain(v)),
            Unit::MetresPerSecond => format!("{} m/s", plain(v)),
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

/// Declares each figure as a constant of its type and as a row of [`FIGURES`].
macro_rules! figures {
    ($( $group:literal { $( #[doc = $why:literal] $name:ident: $ty:ty = $value:expr, $unit:ident; )+ } )+) => {
        $($( #[doc = $why] pub const $name: $ty = $value; )+)+
        /// The whole table, in the order the rules apply.
        pub const FIGURES: &[Figure] = &[
            $($( Figure {
                name: stringify!($name),
                group: $group,
                value: $name as f64,
                unit: Unit::$unit,
                why: $why.trim_ascii(),
            }, )+)+
        ];
    };
}

const MIN: f64 = 60.0;
const DAY: f64 = 86_400.0;

figures! {
    "judged" {
        /// A run with less moving time than this is left out (`too_short_to_judge`): a start pressed by mistake, a transition leg or a test; a verdict on a minute of data would move a whole week's 80/20. The profile's `min_judged_min` changes it.
        MIN_JUDGED_S: f64 = 5.0 * MIN, Seconds;
        /// A run that starts within 30 minutes of the end of the run before it is the same session: a warm-up, a workout and a cool-down saved as three activities (to stretch, to queue at a start line, because the watch's workout was its own activity). A double is hours apart.
        SESSION_GAP_S: f64 = 30.0 * MIN, Seconds;
        /// A session ends 12 hours after its first run started, whatever follows: a workout with its warm-up and cool-down, or a long run saved in parts, is done by then, while a day of laps each saved on its own (a backyard ultra) or a watch that saves every few minutes would chain into one "session" of weeks.
        SESSION_MAX_SPAN_S: f64 = 12.0 * 60.0 * MIN, Seconds;
        /// A warm-up or cool-down saved on its own lasts at most 40 minutes (a marathoner's before a race, a 5K runner's 20 before a 17-minute race): a longer easy run before a workout is a run of its own.
        WARM_UP_MAX_S: f64 = 40.0 * MIN, Seconds;
    }
    "baseline" {
        /// Max HR is the highest 5-second HR of the previous 12 months: fitness changes, a max from years ago does not hold.
        MAX_HR_WINDOW_S: f64 = 365.0 * DAY, Seconds;
        /// Easy and threshold paces come from the previous 8 weeks: a training block, long enough for several easy days, short enough to follow fitness.
        PACE_WINDOW_S: f64 = 56.0 * DAY, Seconds;
        /// Dates with too little history use the estimate from the export's first 8 weeks instead.
        EARLY_WINDOW_S: f64 = 56.0 * DAY, Seconds;
        /// Fewest runs a derived figure rests on before the early estimate is used: one run is an anecdote.
        MIN_RUNS: usize = 3, Count;
        /// Most runs a window holds (the latest before the date; the first for the early estimate): three a day for a year is more than any runner logs, and it bounds the work per run on a hostile file of 200 000 sessions.
        MAX_WINDOW_RUNS: usize = 1000, Count;
        /// An easy day spends three quarters of its time below the low-zone top (80 % of max).
        EASY_DAY_MAX_HR_FRACTION: f64 = 0.80, Share;
        /// With fewer easy days than that, the first weeks' easy pace is read over all their runs but those that spent a quarter of their time or more at 92 % of max and up (a half marathon at 95 %), or held a sustained hard effort (`SUSTAINED_EFFORT_HR_FRACTION`: a marathon, a tempo run): no easy day however few the runs, where a max HR estimated low from the first few easy runs puts those at 80–88 % (the 80 % of an easy day was tried: it read easy runs as gray).
        NEVER_EASY_HR_FRACTION: f64 = 0.92, Share;
        /// A sustained hard effort averages 88 % of max or more over its best 20 minutes (a tempo run, a race): a threshold pace when the recent weeks hold one, and no easy day.
        SUSTAINED_EFFORT_HR_FRACTION: f64 = 0.88, Share;
        /// Easy pace is the speed below which this share of the running time of the easy days was spent, read over all of them and over their longer half, the faster reading kept: weighting by time lets the normal and long easy runs speak over short recovery jogs, and recovery runs, shorter than the normal easy runs, mostly fall in the shorter half.
        EASY_DAY_TIME_SHARE: f64 = 0.6, Share;
        /// Easy speed is about 80 % of threshold speed for most runners (Daniels' E pace against T pace); used when no sustained hard effort tells the threshold.
        EASY_TO_THRESHOLD_SPEED: f64 = 0.80, Ratio;
        /// Threshold speed is 1.2–1.3× easy speed: a "sustained hard effort" slower than 1.17× easy was a steady moderate run, not threshold.
        MIN_THRESHOLD_OVER_EASY: f64 = 1.17, Ratio;
        /// …and at most 1.5× it: faster than that, the "easy" days were not the runner's easy running (a comeback's walks and jogs), or the effort was a short race's, above threshold.
        MAX_THRESHOLD_OVER_EASY: f64 = 1.5, Ratio;
        /// A pace is read over runs of 15 minutes or more (with a distance, off trails): a shorter jog's pace is its warm-up's.
        PACE_RUN_MIN_S: f64 = 15.0 * MIN, Seconds;
        /// Lactate-threshold HR (Friel) is 95 % of the best 20-minute average HR of a hard effort…
        LTHR_OF_BEST_20MIN_HR: f64 = 0.95, Share;
        /// …one averaging 85 % of max HR or more over those 20 minutes…
        LTHR_EFFORT_MIN_HR_FRACTION: f64 = 0.85, Share;
        /// …or at least the average HR of a run held that hard an hour or more (a half marathon): no one holds more than their threshold HR that long.
        LTHR_HELD_MIN_S: f64 = 60.0 * MIN, Seconds;
        /// Without HR, a run's best 20 minutes tell the threshold (and so every zone) only for 4 weeks: the heart says how hard a pace was on the day, pace alone does not, and after a break or an illness an older effort is a pace the runner no longer holds.
        PACE_ONLY_EFFORT_WINDOW_S: f64 = 28.0 * DAY, Seconds;
        /// A run's 5-second peak this far above every other run's is a sensor fault, not the runner's max (peaks are already medians of cleaned HR, so only a sustained fault gets this far) — unless that run was fast (see `HARD_EFFORT_OVER_USUAL`): one hard session among easy runs peaks alone, and truly.
        LONE_PEAK_BPM: f64 = 10.0, Bpm;
        /// The normal easy-run length is this percentile of the easy days' moving times: a recovery run is shorter than that.
        BASE_RUN_PERCENTILE: usize = 70, Count;
        /// Training seldom reaches max HR: interval reps end at 95–97 % of it, so a training peak is divided by 0.97.
        TRAINING_PEAK_OF_MAX: f64 = 0.97, Share;
        /// A run whose best 20 minutes average 93 % of its peak, at a threshold's pace or faster against the easy speed (`MIN_THRESHOLD_OVER_EASY`), was an all-out effort (a race, a time trial): its peak is taken as it is (a steady moderate run holds its heart near its peak too, at a gray run's 85–90 % of max) — unless reps among the runs say more (their peak / 0.97): every hard effort bounds the max from below.
        ALL_OUT_SUSTAINED_FRACTION: f64 = 0.93, Share;
        /// …and whose heart over them stands 18 % or more above the HR half the runner's running time was run under: a race at 93 % of max over easy running at 70–78 % is 1.2–1.3 times it, a beginner's steady gray run at 85 % over easy running at 74 % 1.15 (taken as a race, its peak as the max, it read a runner's max 20 bpm low and every easy run gray).
        ALL_OUT_MIN_HR_OVER_USUAL: f64 = 1.18, Ratio;
        /// A hard effort's best 20 minutes run at least 10 % faster than the runner's easy speed (the speed half their running time was run slower than: the normal and long easy runs speak over short recovery jogs, which run 37–56 s/km slower); a steady easy run that holds its HR near its peak is not all-out.
        HARD_EFFORT_OVER_USUAL: f64 = 1.10, Ratio;
        /// A run without a pace (a treadmill without a footpod, a heart-rate-only watch) is a hard effort when its best 20 minutes hold the heart at least 12 % above the runner's usual HR (the one half their running time was run under): a tempo's sits 20–25 % above an easy run's, a set of reps' 15 %, a long or hot easy run's drift under 10 %. The heart never confirms a lone peak of its own (see `LONE_PEAK_BPM`), and such a peak set aside speaks neither for a max nor against the watch's.
        HARD_EFFORT_HR_OVER_USUAL: f64 = 1.12, Ratio;
        /// …or its best 3 minutes run at least 20 % faster than that easy speed: a set of reps, whose jogs between them keep its best 20 minutes near the easy speed (no easy run holds 5K pace for 3 minutes; 800 m reps do).
        REPS_OVER_USUAL: f64 = 1.20, Ratio;
        /// When no run of the window was fast (see `HARD_EFFORT_OVER_USUAL`), or none has a pace to say so (a treadmill without a footpod), its peak may come from easy running, which tops out near 80 % of max HR, as well as from steady moderate runs (up to 97 %): a short history or a comeback does not say which…
        EASY_PEAK_OF_MAX: f64 = 0.80, Share;
        /// …so the population's spread of max HR (190 ± 12 bpm; Tanaka's 208 − 0.7 × age over ages 20–60, and the individual scatter around it) weighs the range: the estimate is the population's mean within it.
        MAX_HR_POPULATION_SD: f64 = 12.0, Bpm;
        /// Max HR when nothing at all is known (the population's typical figure for a 30-year-old).
        DEFAULT_MAX_HR: f64 = 190.0, Bpm;
        /// Easy speed when no run has a usable pace (5:45/km).
        DEFAULT_EASY_SPEED: f64 = 1000.0 / 345.0, MetresPerSecond;
    }
    "zones" {
        /// The low zone ends at 80 % of max HR (where most runners cross the first ventilatory threshold).
        DEFAULT_LOW_TOP_PCT: f64 = 80.0, Percent;
        /// The high zone starts at 88 % of max HR (about the second threshold); between the two is the gray band.
        DEFAULT_HIGH_START_PCT: f64 = 88.0, Percent;
        /// With LTHR given, low ends at 90 % of it: the 80/20 system's Zone 2 tops out at 89 %.
        LTHR_LOW_TOP: f64 = 0.90, Share;
        /// With LTHR given, high starts at 95 %, so the 80/20 system's Zone X (90–94 %) is moderate.
        LTHR_HIGH_START: f64 = 0.95, Share;
        /// With resting HR given, low ends at 72 % of heart-rate reserve (Karvonen; about 80 % of max for a typical resting HR).
        HRR_LOW_TOP: f64 = 0.72, Share;
        /// With resting HR given, high starts at 84 % of heart-rate reserve (about 88 % of max).
        HRR_HIGH_START: f64 = 0.84, Share;
        /// Without HR, low is slower than 89 % of threshold speed: where a typical runner's HR crosses 80 % of max.
        PACE_LOW_TOP: f64 = 0.89, Share;
        /// Without HR, high starts at 98 % of threshold speed: where a typical runner's HR crosses 88 % of max.
        PACE_HIGH_START: f64 = 0.98, Share;
        /// High-zone pace (grade-adjusted, against the runner's own threshold, or the rule of thumb's over an easy pace at least `MIN_RUNS` runs tell: one run's guess read a hilly run at 64 % of max a fartlek) held 5 minutes or more counts as high, whether or not the heart answers it: no GPS wobble or descent holds a threshold pace for minutes, and a heart held down (a beta-blocker, a max set too high, a sensor that reads low) does not make a tempo easy (season 36 F1: 25 minutes at threshold pace read "easy, 100 % low").
        PACE_HELD_HIGH_S: f64 = 5.0 * MIN, Seconds;
        /// HR trails effort by 30–60 s: each 10-second step is judged by the HR 30 s later.
        HR_LAG_S: f64 = 30.0, Seconds;
        /// A step at high-zone pace counts as high only if HR then rises by this much within 90 s, and out of the low zone, as it does after a real surge and not after GPS noise or a descent.
        SURGE_HR_RISE_BPM: f64 = 5.0, Bpm;
        /// Uphill the same pace costs more: speed × (1 + 3.3 × grade), about 3.3 % per 1 % of grade.
        GRADE_COST: f64 = grade::CLIMB_COST, Ratio;
        /// Downhill it costs less: speed × (1 − 2 × descent), 2 % per 1 % of descent — about half the oxygen cost's saving (Minetti's), as the heart shows it…
        DESCENT_GRADE_CREDIT: f64 = grade::DESCENT_CREDIT, Ratio;
        /// …down to a 10 % descent: steeper, the legs brake, and it gets no easier.
        DESCENT_CREDIT_MAX_GRADE: f64 = grade::DESCENT_CREDIT_MAX, Share;
        /// A run is zoned by HR when HR covers at least half its moving time; otherwise by pace.
        HR_USABLE_MIN_COVERAGE_PCT: f64 = 50.0, Percent;
    }
    "shape" {
        /// A repetition is at least 30 s of high effort: shorter bursts are strides.
        REP_MIN_S: f64 = 30.0, Seconds;
        /// Two high stretches are one effort when the legs held 92 % of their grade-adjusted speed between them: the heart dipped at the zone's edge, the runner did not recover (a jog recovery is 70–80 % of rep speed, a float at marathon pace 85–90 %).
        REP_RECOVERY_MAX_SPEED: f64 = 0.92, Share;
        /// Strides and surges are bursts at least this far apart.
        BURST_MIN_GAP_S: f64 = 30.0, Seconds;
        /// A burst's 10 seconds at stride pace hold 90 % of it over 20 seconds with a neighbour (a 20-s stride starting mid-bucket still does; a GPS speed 40 % off for 10 s, its neighbour short by as much, does not).
        BURST_PAIR_SHARE: f64 = 0.90, Share;
        /// A burst is a stride only when the running near its pace (90 % of it and up, one 10-second dip bridged) lasts a minute or less: strides are 15–30 s; a 15-minute block held at the stride pace's edge crosses it a few times and is no "3 strides" (season 34 F4).
        STRIDE_MAX_S: f64 = 60.0, Seconds;
        /// Steadiness is judged after the first 5 minutes (warm-up, HR settling).
        STEADY_SKIP_S: f64 = 5.0 * MIN, Seconds;
        /// A steady run's 30-second pace varies by less than 12 % (coefficient of variation); intervals and fartlek swing by 25 % or more.
        STEADY_MAX_SPEED_CV: f64 = 0.12, Share;
        /// A steady run's HR a minute apart swings by less than 4.5 bpm on average (a steady rise is not a swing).
        STEADY_MAX_HR_SWING: f64 = 4.5, Bpm;
        /// Steadiness leaves out the 90 s after a stop (HR fell at the crossing and climbs back), while at least half the run is clear of them.
        STEADY_STOP_SETTLE_S: f64 = 90.0, Seconds;
        /// Reps count as hill repeats when they hold half the run's climb or more…
        HILLS_MIN_CLIMB_IN_REPS: f64 = 0.5, Share;
        /// …of a run that climbs at least this much…
        HILLS_MIN_CLIMB_M: f64 = 20.0, Metres;
        /// …and climb 3 % or steeper on average (a hill rep climbs: reps on a rolling route hold about their share of its climb, and that is not a hill session).
        HILLS_MIN_REP_GRADE: f64 = 0.03, Share;
        /// Threshold pace (grade-adjusted: ten minutes down a long hill are not threshold work) held this long is threshold work, not gray: long enough that GPS noise cannot fake it.
        THRESHOLD_WINDOW_S: f64 = 10.0 * MIN, Seconds;
        /// "Starts easy" looks at the first 3 tenths of the run: long enough to be the run's intent, short enough to leave room for the drift.
        START_TENTHS: usize = 3, Count;
    }
    "structure" {
        /// A surge is run at 95 % of threshold speed or faster (grade-adjusted): 5K pace is about 105 %, so a surge at 5K pace clears it even when GPS shaves a bucket.
        SURGE_MIN_OF_THRESHOLD: f64 = 0.95, Share;
        /// …for at least 20 s of moving time (two 10-second steps: one fast step is a GPS glitch; from or into a standstill, the step that reaches the pace counts too)…
        SURGE_MIN_S: f64 = 20.0, Seconds;
        /// …and at most 8 minutes: longer is a tempo block, which the high zone already shows.
        SURGE_MAX_S: f64 = 8.0 * MIN, Seconds;
        /// A block held at marathon pace or faster (grade-adjusted; marathon pace is about 93 % of threshold speed, less the few % a threshold estimate may be off)…
        PACED_BLOCK_MIN_OF_THRESHOLD: f64 = 0.88, Share;
        /// …for 20 minutes or more (a 60-second dip bridged: a crossing, a drink)…
        PACED_BLOCK_MIN_S: f64 = 20.0 * MIN, Seconds;
        /// …or for 12 minutes when held at threshold pace or faster, a tempo's block (`TEMPO_MIN_S`) told by the legs: a max HR set a few bpm high leaves a threshold effort's heart in the moderate zone, and 15 minutes at threshold pace in an easy run is no easy run with strides (season 34 F4)…
        PACED_BLOCK_AT_THRESHOLD_MIN_S: f64 = 12.0 * MIN, Seconds;
        /// …with easy running before it, at least 5 minutes…
        PACED_BLOCK_MIN_BEFORE_S: f64 = 5.0 * MIN, Seconds;
        /// …and 2 minutes after it: a cool-down jog of a few minutes, the block's end clear of the watch's stop (a block run to the end is the late push's to judge)…
        PACED_BLOCK_MIN_AFTER_S: f64 = 2.0 * MIN, Seconds;
        /// …both 10 % slower or more, is a session: a long run with 40 minutes at marathon pace in its middle reads hard (a tempo), not an easy long run, and a tempo with a cool-down no easy run that pushed on. It never vetoes the gray zone: a gray run with a jog out and home has its shape, and neither pace nor heart tells it from a marathon-pace tempo.
        PACED_BLOCK_OVER_AROUND: f64 = 1.1, Share;
        /// A recovery between surges is at least 20 s below 85 % of threshold speed (a jog, a walk or a standing rest).
        SURGE_RECOVERY_OF_THRESHOLD: f64 = 0.85, Share;
        /// Recoveries last at least this long between two surges.
        SURGE_MIN_RECOVERY_S: f64 = 20.0, Seconds;
        /// On a GPS track, a surge without HR to answer it, or a burst, counts only if it gains this much ground on the run's median speed (for a surge, the median away from the fast stretches: reps that fill most of a session would pull the whole median up to their own pace): a phone's fixes wobble by 5–10 m each, which fakes 20–30-second "surges" and "strides" on a steady run; a rep gains more (30 s at 5K pace, 4:30/km, on a 6:00/km jog: 28 m), and so does a stride (20 s at 1.5× the jog's speed: 28 m). The floor is in metres, as the wobble is: a slower runner's strides (1.5× a 7:30/km jog) gain 22 m and go uncounted on a phone's track without HR.
        GPS_MIN_GAIN_M: f64 = 25.0, Metres;
        /// With HR, a surge counts only if HR rises by `SURGE_HR_RISE_BPM` during it or this long after (HR lags), and out of the low zone: a rep moves the heart, a faster stretch down a hill or after a climb does not.
        SURGE_HR_AFTER_S: f64 = 60.0, Seconds;
        /// …or, for a surge the runner stood or walked after, if HR climbs this much, even inside the low zone: a minute stood still between short reps brings the heart so low that a 30-s rep is over before it leaves the zone; a hill or a GPS wobble lifts a running heart 5–10 bpm, and a pick-up after a stop at the lights, run on from, is the heart coming back from the stop.
        SURGE_HR_RISE_FROM_REST_BPM: f64 = 20.0, Bpm;
        /// A workout by structure holds at least 6 surges (a fartlek's 10–16, a track session's 6–12; strides are 4–8 of 15–20 s)…
        STRUCTURE_MIN_SURGES: usize = 6, Count;
        /// …adding up to at least 3 minutes (8 strides of 20 s add up to under 3)…
        STRUCTURE_MIN_SURGE_S: f64 = 3.0 * MIN, Seconds;
        /// …and to 3 % of the run (a fartlek's surges are a tenth of it or more; 6 × 1 min in a two-hour long run is 5 %): a few short pick-ups scattered over hours — a trail's flat stretches between climbs — are no workout…
        STRUCTURE_MIN_SURGE_SHARE: f64 = 0.03, Share;
        /// …averaging threshold pace or faster (97 % of threshold speed, within the estimate's error)…
        STRUCTURE_MIN_SURGE_SPEED: f64 = 0.97, Share;
        /// …and at least 25 % faster than the recoveries between them: a steady run whose GPS wobbles never swings that far.
        STRUCTURE_MIN_CONTRAST: f64 = 1.25, Ratio;
        /// Reps are even (intervals) when two thirds of them are within 25 % of their median length; more varied ones, played by feel, are a fartlek. The median, so that one rep the GPS split in two does not make a fartlek of a set of 800s.
        INTERVALS_MIN_EVEN_SHARE: f64 = 0.66, Share;
        /// How close to the median length an even rep is.
        INTERVALS_EVEN_WITHIN: f64 = 0.25, Share;
    }
    "terrain" {
        /// A route climbing 15 m per km or more is hilly: pace there says as much about the hills as about the effort.
        HILLY_MIN_CLIMB_M_PER_KM: f64 = 15.0, Metres;
        /// There, with HR, surges make a workout by structure only if they climb (hill repeats: `HILLS_MIN_CLIMB_IN_REPS`) or with 3 minutes of the run in the high zone: a trail's descents and its flats between climbs are fast at an easy heart, even grade-adjusted.
        TERRAIN_SURGES_MIN_HIGH_S: f64 = 3.0 * MIN, Seconds;
        /// On a climb of 3 % or more, high-zone HR while the grade-adjusted pace stays low is the climb's cost and counts as moderate: a hill on an easy run is not a rep. A hill repeat's grade-adjusted pace is high too, and counts.
        CLIMB_MIN_GRADE: f64 = 0.03, Share;
        /// …and for 2 minutes past the crest: HR comes down from a long climb over a minute or two at an easy pace (the 30 s lag is already in the zones).
        CLIMB_HR_AFTER_S: f64 = 2.0 * MIN, Seconds;
        /// …for the first 10 minutes of a climb: a hill's cost on an easy run is a heart that overshoots while it lasts, and most hills of a road or trail take less (a simulated hilly easy run holds the high zone 5–8 minutes up its climbs). Held in the high zone longer than that, the heart says what the runner did, whatever the pace: a vertical race at 91 % of max for 2.5 hours is high, not 130 minutes of moderate (the grade-adjusted pace, 3.3 % a 1 % of grade, also reads steep climbs and power hiking as easier than they are).
        CLIMB_CAP_MAX_S: f64 = 10.0 * MIN, Seconds;
        /// On trails and hilly routes, a steady run averaging 80 % of max HR or more is gray by heart rate alone (with the gray zone's other tests): the pace cannot confirm it there.
        TERRAIN_GRAY_MIN_HR_FRACTION: f64 = 0.80, Share;
    }
    "drift" {
        /// Cardiac drift is a long run's (or a hot day's): a run of at least 20 minutes of moving time; in a shorter one the first third is mostly the heart still rising from rest, not a heart drifting from a settled easy effort…
        DRIFT_MIN_S: f64 = 20.0 * MIN, Seconds;
        /// …HR rising at least 5 bpm from the first to the last third…
        DRIFT_MIN_BPM: f64 = 5.0, Bpm;
        /// …while the pace stays within 3 % (a push speeds up by 5 % or more)…
        DRIFT_MAX_SPEEDUP: f64 = 1.03, Ratio;
        /// …on a run no faster than 10 s/km quicker than the usual easy pace: the legs say easy, heat and duration lifted the heart. Judged by pace (not on a trail, where an even pace is no even effort).
        DRIFT_MAX_FASTER_S_PER_KM: f64 = 10.0, SecondsPerKm;
    }
    "gray zone" {
        /// With pace, a gray-zone run is at least 60 % of the time moderate or high (with moderate ≥ high).
        GRAY_MIN_NOT_LOW: f64 = 0.6, Share;
        /// …and run at least 10 s/km faster than the usual easy pace: by HR alone it would hinge on max HR to a few beats.
        GRAY_MIN_FASTER_S_PER_KM: f64 = 10.0, SecondsPerKm;
        /// …unless its average HR alone is clearly moderate (83 % of max, mid gray band).
        GRAY_CLEAR_HR_FRACTION: f64 = 0.83, Share;
        /// A steady run 35 s/km or more faster than the usual easy pace is gray by its legs when its heart, though mostly low, sits near the low zone's top: an average of 76 % of max or more, moderate a quarter of the time or more, high next to never. A max HR read a few beats high (reps that end at the max, not at 97 % of it) leaves a gray run's heart just under the band, while no one runs that much faster than their easy pace for half an hour at an easy effort.
        GRAY_BY_LEGS_FASTER_S_PER_KM: f64 = 35.0, SecondsPerKm;
        /// …its average HR at least this share of max…
        GRAY_BY_LEGS_MIN_HR_FRACTION: f64 = 0.76, Share;
        /// …at least this much of the time moderate…
        GRAY_BY_LEGS_MIN_NOT_LOW: f64 = 0.25, Share;
        /// …and next to none of it high: a max read high leaves the heart under the band, never in the high zone, where a tempo's block puts a fifth of the run.
        GRAY_BY_LEGS_MAX_HIGH: f64 = 0.05, Share;
        /// A gray-zone run never holds 98.5 % of threshold speed (grade-adjusted; threshold within the estimate's error) for 10 minutes…
        GRAY_MAX_THRESHOLD_SPEED: f64 = 0.985, Share;
        /// …nor 10 unbroken minutes of high-zone HR…
        SUSTAINED_HIGH_S: f64 = 10.0 * MIN, Seconds;
        /// …nor averages 90 % of max HR (threshold HR).
        GRAY_MAX_HR_FRACTION: f64 = 0.90, Share;
        /// Without pace, a gray-zone run is moderate at least half the time…
        GRAY_MIN_MODERATE: f64 = 0.50, Share;
        /// …and high under a quarter of it.
        GRAY_MAX_HIGH: f64 = 0.25, Share;
        /// Mostly moderate with the pace agreeing, no reps, surges or block, and at most this share high: gray, steady or not. A run that never reached threshold is no tempo; its pace swung with the hills, or its heart about the low zone's top.
        GRAY_UNSTRUCTURED_MAX_HIGH: f64 = 0.05, Share;
    }
    "workout" {
        /// A workout spends at least 5 minutes in the high zone…
        WORKOUT_MIN_HIGH_S: f64 = 5.0 * MIN, Seconds;
        /// …and at least 8 % of the run.
        WORKOUT_MIN_HIGH_SHARE: f64 = 0.08, Share;
        /// Clear repetitions (3 or more in an unsteady run) make intervals…
        REPS_FOR_INTERVALS: usize = 3, Count;
        /// …with only 3 minutes high, because HR lags on short reps.
        REPS_MIN_HIGH_S: f64 = 3.0 * MIN, Seconds;
        /// A tempo block is 12 unbroken minutes high…
        TEMPO_MIN_S: f64 = 12.0 * MIN, Seconds;
        /// …and a workout with no reps or surges to its structure that is half of it high or more, or steady, is a tempo too (its HR crossed the boundary a time or two on the way, or climbed at an even pace), not a fartlek, which is played in surges.
        TEMPO_MIN_HIGH_SHARE: f64 = 0.5, Share;
        /// A run this share moderate or high is never easy.
        MOSTLY_NOT_LOW: f64 = 0.5, Share;
        /// A race is run at least 80 % of the time moderate or high (a steady all-out effort)…
        RACE_MIN_NOT_LOW: f64 = 0.8, Share;
        /// …or holds the high zone 40 minutes without easing back to the low zone, with no more than a warm-up before it and a cool-down after it (a 10K with its jog to the start saved in the same file; a tempo holds threshold 20–40 minutes)…
        RACE_MIN_BLOCK_S: f64 = 40.0 * MIN, Seconds;
        /// …a race's warm-up: 25 minutes of jogging and strides at most before a block under an hour (`WARM_UP_MAX_S`, 40, before a half marathon's hour and more). A long run's fast finish or a progression follows more easy running than that, and a run that starts easy and pushes to its end is an accidental workout or a progression, not a race. A tempo held high 45 minutes or more reads as a race effort: its pace is a 10K's within the threshold's error (tried: asking the block for threshold pace or faster named 9 of 73 simulated 10Ks tempo runs and no long tempo less a race).
        RACE_WARM_UP_MAX_S: f64 = 25.0 * MIN, Seconds;
        /// …high for 80 % of that stretch or more (the heart wanders across the high zone's edge in a race, the pace dips on a hill).
        HELD_MIN_HIGH_SHARE: f64 = 0.8, Share;
        /// …over at least a 5K (with GPS slack).
        RACE_MIN_M: f64 = 4_900.0, Metres;
        /// One all-out effort from 800 m to a mile is a race or a time trial, however easy the running around it (a track race saved with its warm-up and cool-down): its best 2 minutes (grade-adjusted) at 1.15 times threshold speed or faster, a mile's pace and quicker…
        SHORT_RACE_MIN_OVER_THRESHOLD: f64 = 1.15, Share;
        /// …over the best 2 minutes: the shortest race a track holds, 800 m, lasts 2 to 3…
        SHORT_RACE_WINDOW_S: f64 = 2.0 * MIN, Seconds;
        /// …with the heart high 90 seconds or more (it lags a short effort by a minute; a GPS glitch's speed has no heart behind it), fewer reps than make a workout, and the threshold the runner's own.
        SHORT_RACE_MIN_HIGH_S: f64 = 90.0, Seconds;
        /// Without pace, a race is high at least 60 % of the time.
        RACE_NO_PACE_MIN_HIGH: f64 = 0.6, Share;
        /// A long race (half marathon and up) is run at least 25 s/km faster than the usual easy pace.
        RACE_MIN_FASTER_S_PER_KM: f64 = 25.0, SecondsPerKm;
        /// A long race: a half marathon or longer (with GPS slack).
        LONG_RACE_M: f64 = 20_500.0, Metres;
        /// After a half marathon or longer: no run for 2 days (the rule says 2–4).
        DAYS_OFF_AFTER_LONG_RACE: i64 = 2, Days;
    }
    "accidental workout" {
        /// A run starts easy when its first 30 % is at least 75 % low.
        START_MIN_LOW_SHARE: f64 = 0.75, Share;
        /// Then at least 3 minutes moderate or high, lasting to the end (a fast finish counts; strides, broken by jogs, do not).
        ACCIDENTAL_MIN_S: f64 = 3.0 * MIN, Seconds;
        /// A minute and a half easy after it does not end the push: the walk to stop the watch (up to a minute), and the half minute before it that the heart's lag reads by the walk's falling HR.
        FINISH_WALK_MAX_S: f64 = 90.0, Seconds;
        /// …run at least 5 % faster than the start, when pace is known: HR drifting up at an even pace is not a push.
        PUSH_MIN_SPEEDUP: f64 = 1.05, Ratio;
        /// …for at most half the run, and the run at most half moderate or high: a warm-up is shorter than the work it leads into, so a run that pushed on for longer than it ran easy (a tempo whose cool-down was not recorded, a progression by thirds) is a workout with its warm-up.
        PUSH_MAX_SHARE: f64 = 0.5, Share;
        /// …and for at most 30 minutes: half an hour at marathon pace or faster to the end of a long run is a marathon-pace finish someone planned, not an easy run that got away (a fast finish runs 5–15 minutes).
        PUSH_MAX_S: f64 = 30.0 * MIN, Seconds;
        /// "The day after" a hard session: the same or the next local day (the rule's "within about 24 h").
        DAY_AFTER_MAX_DAYS: i64 = 1, Days;
        /// The day after a hard session, an unstructured run at least 30 % moderate or high…
        DAY_AFTER_MIN_HARD_SHARE: f64 = 0.30, Share;
        /// …and at least 10 s/km faster than the usual easy pace is an accidental workout.
        DAY_AFTER_MIN_FASTER_S_PER_KM: f64 = 10.0, SecondsPerKm;
    }
    "recovery" {
        /// A recovery run is at least 25 s/km slower than the usual easy pace: the lower edge of the rule's 37–56 s/km, with a margin for GPS and terrain.
        RECOVERY_MIN_SLOWER_S_PER_KM: f64 = 25.0, SecondsPerKm;
        /// …calm: average HR at most 74 % of max (the rule's 60–70 %, with margin for lag, drift and an estimated max)…
        RECOVERY_MAX_HR_FRACTION: f64 = 0.74, Share;
        /// …at most 60 minutes (the advanced runners' limit)…
        RECOVERY_MAX_S: f64 = 60.0 * MIN, Seconds;
        /// …and no longer than the runner's normal easy runs, with 10 % grace.
        BASE_RUN_TOLERANCE: f64 = 1.1, Ratio;
        /// Without pace, or on a trail, HR alone says recovery at the rule's own 70 % of max…
        RECOVERY_HR_ONLY_FRACTION: f64 = 0.70, Share;
        /// …or 8 bpm under the runner's usual easy-day HR.
        RECOVERY_HR_BELOW_EASY_BPM: f64 = 8.0, Bpm;
        /// Strides (3 or more bursts of 20 s at 5K pace) make a run easy, not recovery.
        STRIDES_MIN_BURSTS: usize = 3, Count;
        /// Strides are a few: this many bursts or more at stride pace are a set of short reps (16 × 30/30, 12 × 200 m), a workout whatever the heart did, which lags on reps this short.
        SHORT_REPS_MIN_BURSTS: usize = 12, Count;
        /// 5K pace is about 5 % faster than threshold pace.
        STRIDE_SPEED_OF_THRESHOLD: f64 = 1.05, Ratio;
        /// …and a stride is a sprint against the run it is part of: 20 % faster than the run's median pace or more, in its 10 seconds and over its 20 (a threshold guessed from an easy pace by the rule of thumb may sit at the runner's own easy running, whose 10-second wobble is then no stride).
        STRIDE_SPEED_OF_RUN: f64 = 1.2, Ratio;
        /// A recovery run's figure may miss its edge by a margin when the others clearly agree (a recovery judgement never rests on one figure near its edge): pace up to 10 s/km short of the slower-than-easy edge…
        RECOVERY_EDGE_PACE_S_PER_KM: f64 = 10.0, SecondsPerKm;
        /// …or average HR up to 3 % of max over the calm edge. Length has no such margin: the rule says "always shorter than the normal easy runs", and the 10 % grace below is already its margin.
        RECOVERY_EDGE_HR_FRACTION: f64 = 0.03, Share;
        /// Clearly slow, for the HR margin above: inside the rule's 37–56 s/km, past its lower edge by a GPS's error.
        RECOVERY_CLEAR_SLOWER_S_PER_KM: f64 = 40.0, SecondsPerKm;
        /// The normal easy-run length while the runner has fewer than 3 easy days to tell it.
        DEFAULT_BASE_RUN_S: f64 = 45.0 * MIN, Seconds;
        /// A "recovery-sized" run the day after a hard session: up to 45 minutes (beginner to intermediate durations).
        RECOVERY_SIZED_S: f64 = 45.0 * MIN, Seconds;
        /// A slow run up to 90 minutes the day after a hard session was meant as recovery but went long; longer is a long run.
        RECOVERY_TOO_LONG_MAX_S: f64 = 90.0 * MIN, Seconds;
        /// A long run lasts 90 minutes or more…
        LONG_RUN_MIN_S: f64 = 90.0 * MIN, Seconds;
        /// …and at least 1.5× the runner's normal easy run, so a runner whose every run is long does not have only long runs.
        LONG_RUN_BASE_MULTIPLE: f64 = 1.5, Ratio;
    }
    "week" {
        /// The 80/20 target: share of easy (low) training, in percent.
        DEFAULT_MIN_EASY_PCT: f64 = 80.0, Percent;
        /// Two gray-zone runs in a week is a habit, not an accident…
        GRAY_HEAVY_RUNS: usize = 2, Count;
        /// …and so is 20 % of the week's time moderate.
        GRAY_HEAVY_MODERATE_PCT: f64 = 20.0, Percent;
        /// Recovery runs are only expected of runners who run 4 days a week or more: fewer run days have rest built in.
        RUN_DAYS_NEEDING_RECOVERY: usize = 4, Count;
    }
    "intent" {
        /// A structured-workout step aimed at HR (or power) zone 4 or above is hard work planned: on the watches' default zones zone 4 starts at 80 % of max, the top of grayzone's low zone. Below it is easy, zone 1 recovery; custom HR targets are read against the low-zone top and the recovery HR.
        PLANNED_HARD_HR_ZONE: u8 = 4, Count;
        /// A pace target whose slow end is 10 % faster than the usual easy pace is hard work planned (about 30 s/km at a 5:30/km easy pace: the gray band at least).
        PLANNED_HARD_SPEED_OVER_EASY: f64 = 1.10, Ratio;
        /// Two work steps with rest between (2 × 20 min, 6 × 800 m) are a workout, whatever their targets.
        PLANNED_MIN_REPS: usize = 2, Count;
        /// A planned 18 km is a long run (90 minutes, the long-run rule's length, at a 5:00/km easy pace); planned times use that rule itself.
        PLANNED_LONG_MIN_M: f64 = 18_000.0, Metres;
        /// The watch's max HR and the derived one disagree when they are more than 5 bpm apart: about one HR zone's width at the top, more than the derivation's own error. A watch's max that far above the highest the runs allow (their standing peak as 97 % of max, once a hard effort is among them) is not used (when the runs' own figure is more than 5 bpm lower): most often it is the watch's own guess (220 − age) that its runner never set, and it reads a gray-zone run as easy. One below a clean peak of the runs that stands is not used either: the peak proves it wrong. Either way the runs' own figure is used.
        WATCH_DISAGREE_BPM: f64 = 5.0, Bpm;
    }
}

/// Whether a run's HR is good enough to judge it by (`HR_USABLE_MIN_COVERAGE_PCT`): the one rule
/// the baseline, the zones and the classifier all ask, kept here, below them all.
pub fn hr_usable(summary: &crate::summarize::summary::Summary) -> bool {
    summary.hr_coverage_pct >= HR_USABLE_MIN_COVERAGE_PCT
}

/// The table as Markdown (`grayzone rules`, and the README's copy of it).
pub fn markdown() -> String {
    let mut out = String::from("| rule | figure | default | why |\n| --- | --- | --- | --- |\n");
    for f in FIGURES {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            f.group,
            f.name,
            f.shown(),
            f.why.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_a_runner_reads_them() {
        let shown = |name: &str| {
            FIGURES
                .iter()
                .find(|f| f.name == name)
                .map(Figure::shown)
                .unwrap_or_default()
        };
        assert_eq!(shown("WORKOUT_MIN_HIGH_S"), "5 min");
        assert_eq!(shown("REP_MIN_S"), "30 s");
        assert_eq!(shown("GRAY_MIN_NOT_LOW"), "60 %");
        assert_eq!(shown("PUSH_MIN_SPEEDUP"), "×1.05");
        assert_eq!(shown("RECOVERY_MIN_SLOWER_S_PER_KM"), "25 s/km");
        assert_eq!(shown("MAX_HR_WINDOW_S"), "365 days");
        assert_eq!(shown("DEFAULT_EASY_SPEED"), "2.899 m/s");
        assert_eq!(shown("GRAY_MAX_THRESHOLD_SPEED"), "98.5 %");
    }

    #[test]
    fn every_figure_is_named_once_and_explained() {
        let mut names: Vec<&str> = FIGURES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FIGURES.len());
        assert!(
            FIGURES.iter().all(|f| f.why.len() > 20),
            "a figure without its why"
        );
    }
}
