//! `grayzone explain FILE [PATH…]`: why one run got its verdict — the answer to "why did you call
//! my easy run hard?". The run is judged with the other runs given (the runner's export), so the
//! baseline is their own; the text shows that baseline and where each figure came from, the run
//! minute by minute, the time in each zone, the class and session with the rule behind them, every
//! flag with the rule it broke and the run's own figure, and the data-quality notes.
//!
//! The rules are stated here in words, every figure read from the classifier's own constants, so a
//! changed threshold changes the text with it; the verdict itself always comes from the classifier.

use chrono::{FixedOffset, TimeZone};

use crate::activity::calendar::local_day;
use crate::activity::units::{clock, counted, Units};
use crate::judge::baseline::{Baseline, OWN_EASY_PACE_WHY};
use crate::judge::classify::{Flag, GrayBy, HardBy, Judgement, RunClass, SessionKind};
use crate::judge::rules;
use crate::judge::zones::{RunZones, Zone, ZoneSource};
use crate::judge::ActivityRow;
use crate::report::{paint, printable, reason_in};
use crate::summarize::row::{LeftOut, Status};
use crate::summarize::summary::{DistanceSource, Summary};
use crate::summarize::walks;

/// A minute of the strip is judged from this much moving time at least (the last one may be
/// shorter; under this it is left out).
const MIN_LAST_MINUTE_S: f64 = 20.0;
/// Minutes per line of the strip, in groups of ten.
const STRIP_LINE: usize = 60;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ExplainOptions {
    /// ANSI colours (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    pub units: Units,
}

/// The zone of each minute of moving time: the zone most of its seconds were in (ties go to the
/// harder zone), `None` for a minute without data to judge.
pub fn minute_strip(z: &RunZones) -> Vec<Option<Zone>> {
    let mut out = Vec::new();
    let mut secs = [0.0f64; 4];
    let flush = |secs: &mut [f64; 4], out: &mut Vec<Option<Zone>>| {
        let judged = [
            (Zone::High, secs[2]),
            (Zone::Moderate, secs[1]),
            (Zone::Low, secs[0]),
        ];
        let best = judged
            .iter()
            .fold(None::<(Zone, f64)>, |best, &(zone, s)| match best {
                Some((_, b)) if b >= s => best,
                _ if s > 0.0 => Some((zone, s)),
                _ => best,
            });
        out.push(best.filter(|(_, s)| *s >= secs[3]).map(|(zone, _)| zone));
        *secs = [0.0; 4];
    };
    for (zone, moving) in z.buckets.iter().zip(&z.moving) {
        let slot = match zone {
            Some(Zone::Low) => 0,
            Some(Zone::Moderate) => 1,
            Some(Zone::High) => 2,
            None => 3,
        };
        // A bucket straddling a minute's end is split, so every minute is exactly 60 s.
        let mut left = *moving;
        while left > 1e-9 {
            let take = left.min(60.0 - secs.iter().sum::<f64>());
            secs[slot] += take;
            left -= take;
            if secs.iter().sum::<f64>() >= 60.0 - 1e-6 {
                flush(&mut secs, &mut out);
            }
        }
    }
    if secs.iter().sum::<f64>() >= MIN_LAST_MINUTE_S {
        flush(&mut secs, &mut out);
    }
    out
}

fn zone_letter(zone: Option<Zone>, color: bool) -> String {
    match zone {
        Some(Zone::Low) => paint("L", "1;32", color),
        Some(Zone::Moderate) => paint("M", "1;33", color),
        Some(Zone::High) => paint("H", "1;31", color),
        None => "-".to_string(),
    }
}

/// The strip as lines of 60 minutes in groups of ten, each line led by its starting minute.
pub fn render_strip(strip: &[Option<Zone>], color: bool) -> String {
    let mut out = String::new();
    for (line, minutes) in strip.chunks(STRIP_LINE).enumerate() {
        out.push_str(&format!("  {:>4}'  ", line * STRIP_LINE));
        let groups: Vec<String> = minutes
            .chunks(10)
            .map(|g| g.iter().map(|z| zone_letter(*z, color)).collect())
            .collect();
        out.push_str(&groups.join(" "));
        out.push('\n');
    }
    out
}

/// Explains the run at `rows[index]`, judged among `rows`.
pub fn explain(rows: &[ActivityRow], index: usize, options: &ExplainOptions) -> String {
    let Some(row) = rows.get(index) else {
        return String::new();
    };
    let mut out = String::new();
    // Names and texts that come from the files are shown, never obeyed by the terminal.
    // The run by the name the runner gave it, when it has one; the file below.
    if let Some(name) = row.name() {
        out.push_str(&paint(
            &format!("'{}'", printable(name)),
            "1",
            options.color,
        ));
        out.push('\n');
        out.push_str(&printable(&row.path));
    } else {
        out.push_str(&paint(&printable(&row.path), "1", options.color));
    }
    out.push('\n');
    let u = options.units;
    let (Some(s), Some(j)) = (&row.summary, &row.judgement) else {
        if let (Some(s), true) = (&row.summary, row.is_left_out()) {
            out.push_str(&headline(row, s, u));
        }
        out.push_str(&not_judged(row));
        if row.is_left_out() {
            quality(&mut out, row);
        }
        return out;
    };
    out.push_str(&headline(row, s, u));
    verdict(&mut out, j, options);
    let context = Context::of(rows, index);
    baseline(&mut out, row, j, &context, u);
    let detail = detail(s, j);
    strip(&mut out, &detail, s, options.color);
    time_in_zone(&mut out, j, s);
    why(&mut out, j, s, &context, u);
    flags(&mut out, j, row, &context, u);
    quality(&mut out, row);
    out
}

/// The run in one line: when, what, how long, how far, how fast, heart rate.
fn headline(row: &ActivityRow, s: &Summary, u: Units) -> String {
    format!(
        "{} · {} · {} moving · {}{}{}\n\n",
        local_time(row),
        s.sport.name().replace('_', " "),
        clock(s.moving_time_s),
        u.distance(s.distance_m),
        s.pace_s_per_km()
            .map(|p| format!(" · {}", u.pace(p)))
            .unwrap_or_default(),
        s.avg_hr
            .map(|h| format!(
                " · avg HR {h:.0} bpm{}",
                s.max_hr.map(|m| format!(", max {m}")).unwrap_or_default()
            ))
            .unwrap_or_default()
    )
}

fn not_judged(row: &ActivityRow) -> String {
    match row.status {
        Status::Error => format!("cannot be read: {}\n", printable(&row.error)),
        Status::Duplicate => format!(
            "not judged: {}; explain that file instead\n",
            printable(&row.note)
        ),
        Status::NotRun => format!("not a run: {}\n", printable(&row.note)),
        Status::Excluded => format!("left out: {}\n", printable(&row.note)),
        Status::Ok => match &row.left_out {
            // Its description says "not judged as a run: …" already.
            Some(left_out @ LeftOut::Implausible(_)) => format!("{}\n", left_out.describe()),
            Some(left_out) => format!("not judged: {}\n", left_out.describe()),
            None => "not judged: no usable data\n".to_string(),
        },
    }
}

fn local_time(row: &ActivityRow) -> String {
    let Some(start) = row.start_time() else {
        // A start that is no date (year 9999) is said as such, not as none.
        let clock = row.summary.as_deref().map(|s| s.start_time);
        return if clock.is_some_and(|t| t > 0.0) {
            "a start that is no date".into()
        } else {
            "no start time".into()
        };
    };
    let Some(offset) = FixedOffset::east_opt(row.utc_offset_s) else {
        return row.local_start().unwrap_or_default();
    };
    match offset.timestamp_opt(start.floor() as i64, 0).single() {
        Some(t) => t.format("%a %-d %b %Y, %H:%M (UTC%:z)").to_string(),
        None => row.local_start().unwrap_or_default(),
    }
}

fn verdict(out: &mut String, j: &Judgement, options: &ExplainOptions) {
    let (word, code) = match j.class {
        RunClass::Recovery => ("RECOVERY", "1;32"),
        RunClass::Easy => ("EASY", "1;32"),
        RunClass::Hard => ("HARD", "1;31"),
    };
    out.push_str(&format!(
        "Verdict: {} · {}\n  {}\n",
        paint(word, code, options.color),
        j.session.name(),
        // A coach's note from the overrides file is the user's text, as a name is.
        printable(&reason_in(j, options.units))
    ));
    if let Some(p) = &j.planned {
        out.push_str(&format!(
            "Planned: {} (read from {}: {})\n",
            p.planned.name(),
            p.source.name().replace('_', " "),
            printable(&p.evidence.join(", "))
        ));
    }
    if !j.overridden.is_empty() {
        out.push_str(&format!("Overridden: {}\n", j.overridden.join(", ")));
    }
}

/// What the other runs say around this one: the hard session the day before, a long race.
struct Context {
    runs: usize,
    day_after: Option<(String, SessionKind)>,
    after_race: Option<(String, f64, i64)>,
}

impl Context {
    fn of(rows: &[ActivityRow], index: usize) -> Context {
        let runs = rows.iter().filter(|r| r.judgement.is_some()).count();
        let Some(me) = rows.get(index) else {
            return Context {
                runs,
                day_after: None,
                after_race: None,
            };
        };
        let my_day = me
            .summary
            .as_ref()
            .map(|s| local_day(s.start_time, me.utc_offset_s));
        let start = me.start_time().unwrap_or(0.0);
        let earlier = rows.iter().enumerate().filter(|(i, r)| {
            *i != index && r.judgement.is_some() && r.start_time().is_some_and(|t| t < start)
        });
        let mut day_after = None;
        let mut after_race = None;
        for (_, r) in earlier {
            let (Some(s), Some(j), Some(my_day)) = (&r.summary, &r.judgement, my_day) else {
                continue;
            };
            let gap = my_day - local_day(s.start_time, r.utc_offset_s);
            let date = r
                .local_start()
                .and_then(|d| d.get(..10).map(str::to_string))
                .unwrap_or_default();
            if (0..=rules::DAY_AFTER_MAX_DAYS).contains(&gap) && j.session.is_hard_session() {
                day_after = Some((date.clone(), j.session));
            }
            if (1..=rules::DAYS_OFF_AFTER_LONG_RACE).contains(&gap)
                && j.session == SessionKind::Race
                && s.run_distance_m() >= rules::LONG_RACE_M
            {
                after_race = Some((date, s.run_distance_m(), gap));
            }
        }
        Context {
            runs,
            day_after,
            after_race,
        }
    }
}

fn baseline(out: &mut String, row: &ActivityRow, j: &Judgement, context: &Context, u: Units) {
    let b: &Baseline = &j.baseline;
    out.push_str(&format!(
        "\nBaseline on this date (judged among {})\n",
        counted(context.runs, "run", "runs")
    ));
    let line = |out: &mut String, name: &str, value: String, source: String| {
        out.push_str(&format!("  {name:<12} {value:<10} {source}\n"));
    };
    line(
        out,
        "max HR",
        format!("{:.0} bpm", b.max_hr.value),
        b.max_hr.provenance.describe(),
    );
    if let Some(note) = &b.given_max_note {
        out.push_str(&format!("  {:<12} {note}\n", "check"));
    }
    let easy_from = if b.easy_pace_own {
        format!("this run's own pace: {OWN_EASY_PACE_WHY}")
    } else {
        b.easy_speed.provenance.describe()
    };
    line(out, "easy pace", u.pace(b.easy_pace_s_per_km()), easy_from);
    // The rule of thumb over a run's own pace makes a race's threshold faster than any runner's:
    // where the heart judges, no threshold is shown, nor the pace zones drawn from it (see
    // `Thresholds::pace_known`).
    let pace_shown = j.thresholds.pace_known || j.zones.source != Some(ZoneSource::Hr);
    if pace_shown {
        line(
            out,
            "threshold",
            u.pace(b.threshold_pace_s_per_km()),
            b.threshold_speed.provenance.describe(),
        );
    } else {
        line(
            out,
            "threshold",
            "—".to_string(),
            "not from one run's own pace (give --threshold-pace)".to_string(),
        );
    }
    let optional = |f: &Option<crate::judge::baseline::Figure>, missing: &str| match f {
        Some(f) => (format!("{:.0} bpm", f.value), f.provenance.describe()),
        None => ("—".to_string(), missing.to_string()),
    };
    let (v, s) = optional(&b.lthr, "not enough hard 20-minute efforts (give --lthr)");
    line(out, "LTHR", v, s);
    let (v, s) = optional(&b.resting_hr, "not derivable from runs (give --resting-hr)");
    line(out, "resting HR", v, s);
    if let Some(base) = b.base_run_s {
        line(
            out,
            "usual run",
            format!("{:.0} min", base / 60.0),
            "typical moving time of your easy runs".into(),
        );
    }
    // Where the watch's own settings and the runs disagree (or the watch's max was not used),
    // the runner sees it here, not only in `baseline`.
    for note in &b.watch_notes {
        out.push_str(&format!("  {:<12} {note}\n", "watch"));
    }
    let t = &j.thresholds;
    // What the HR zones rest on: a watch's LTHR or resting HR printed above them is reported, not
    // used, unless the runner gave it (newcomer 38 N4: zones under a watch's LTHR that ignored it).
    let given =
        |f: &Option<crate::judge::baseline::Figure>| f.as_ref().is_some_and(|f| f.is_given());
    let basis = if given(&b.lthr) {
        "from your LTHR".to_string()
    } else if given(&b.resting_hr) {
        "from your heart-rate reserve".to_string()
    } else {
        let unused = match (&b.lthr, &b.resting_hr) {
            (Some(_), Some(_)) => {
                "; the LTHR and resting HR above set them only when you give them"
            }
            (Some(_), None) => "; the LTHR above sets them only when you give it",
            (None, Some(_)) => "; the resting HR above sets them only when you give it",
            (None, None) => "",
        };
        format!(
            "{:.0} % / {:.0} % of max HR{unused}",
            t.hr_low_top / b.max_hr.value * 100.0,
            t.hr_high_start / b.max_hr.value * 100.0
        )
    };
    out.push_str(&format!(
        "  zones        by HR: low < {:.0} bpm · moderate {:.0}–{:.0} bpm · high ≥ {:.0} bpm ({basis})\n",
        t.hr_low_top, t.hr_low_top, t.hr_high_start, t.hr_high_start
    ));
    if pace_shown {
        out.push_str(&format!(
            "               by pace: low slower than {} · high from {} (grade-adjusted)\n",
            u.pace(1000.0 / t.speed_low_top),
            u.pace(1000.0 / t.speed_high_start)
        ));
    }
    if context.runs <= 1 {
        out.push_str(&format!(
            "  Judged alone: the baseline is an estimate from this one run. For your own, give your export too:\n    grayzone explain {} EXPORT/\n",
            printable(&row.path)
        ));
    }
}

/// The run's zones bucket by bucket, as the judgement saw them: judging keeps only the totals.
fn detail(s: &Summary, j: &Judgement) -> RunZones {
    crate::judge::zones::zones(s, &j.thresholds)
}

fn strip(out: &mut String, z: &RunZones, s: &Summary, color: bool) {
    let minutes = minute_strip(z);
    // Without the walks, minute 0 is the running's first, not the file's, and a walk in the
    // middle is no minutes of it.
    let of = match s.walks {
        Some(w) => format!("the running, {} left out", w.named()),
        None => "moving time".to_string(),
    };
    out.push_str(&format!(
        "\nMinute by minute of {of} ({} low · {} moderate · {} high · - no data)\n",
        zone_letter(Some(Zone::Low), color),
        zone_letter(Some(Zone::Moderate), color),
        zone_letter(Some(Zone::High), color)
    ));
    if minutes.is_empty() {
        out.push_str("  (no moving time with data)\n");
    } else {
        out.push_str(&render_strip(&minutes, color));
    }
}

fn time_in_zone(out: &mut String, j: &Judgement, s: &Summary) {
    let z = &j.zones;
    let (l, m, h) = z.shares();
    let by = match j.zone_source {
        ZoneSource::Hr => "by heart rate (30 s lag), high-zone pace counting as high",
        ZoneSource::Pace => "by pace: no usable heart rate",
        ZoneSource::None => "no heart rate and no pace: not judged",
    };
    out.push_str(&format!(
        "\nTime in zone, {by}\n  low {} ({l:.0} %) · moderate {} ({m:.0} %) · high {} ({h:.0} %)\n",
        clock(z.low_s),
        clock(z.moderate_s),
        clock(z.high_s)
    ));
    if let Some(p) = j.week_by_pace {
        out.push_str(&format!(
            "  the heart drifted at an even pace, and the run was judged by its legs: the week counts it by pace{}, low {} · moderate {} · high {}\n",
            if s.walks.is_some() { ", walks and all" } else { "" },
            clock(p.low_s),
            clock(p.moderate_s),
            clock(p.high_s)
        ));
    } else if let (Some(w), Some(file)) = (s.walks, j.file_zones) {
        out.push_str(&format!(
            "  {} ({}) left out; the week counts the file's: low {} · moderate {} · high {}\n",
            w.named(),
            clock(w.walk_s()),
            clock(file.low_s),
            clock(file.moderate_s),
            clock(file.high_s)
        ));
    }
}

/// Low share over the start of the run (its first 30 %, as the classifier counts it), and
/// moderate-or-high seconds after it.
fn start_and_after(z: &RunZones) -> (f64, f64) {
    let n = z.buckets.len();
    let head = (n * rules::START_TENTHS).div_ceil(10).max(1).min(n);
    let (mut low, mut all, mut after) = (0.0, 0.0, 0.0);
    for (i, (zone, secs)) in z.buckets.iter().zip(&z.moving).enumerate() {
        if i < head {
            all += secs;
            if *zone == Some(Zone::Low) {
                low += secs;
            }
        } else if matches!(zone, Some(Zone::Moderate | Zone::High)) {
            after += secs;
        }
    }
    (if all > 0.0 { low / all * 100.0 } else { 0.0 }, after)
}

/// A share (0.3) as a percentage, `30 %`.
fn pct(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Seconds as minutes, `10 min`.
fn mins(seconds: f64) -> String {
    format!("{:.0} min", seconds / 60.0)
}

fn pace_words(diff: Option<f64>, s: &Summary, u: Units) -> String {
    match diff {
        Some(d) if d.abs() < 1.0 => "at your usual easy pace".to_string(),
        Some(d) if d > 0.0 => format!("{} slower than your usual easy pace", u.pace_gap(d)),
        Some(d) => format!("{} faster than your usual easy pace", u.pace_gap(d)),
        None => no_pace_words(s).to_string(),
    }
}

/// [`pace_words`] of a run's own pace against the easy pace, which may be its own (judged alone).
fn run_pace_words(j: &Judgement, s: &Summary, u: Units) -> String {
    match j.pace_vs_easy_s_per_km {
        Some(_) if j.baseline.easy_pace_own => {
            format!("at its own pace ({OWN_EASY_PACE_WHY})")
        }
        diff => pace_words(diff, s, u),
    }
}

/// Why a run's pace was not set against the easy pace: it has none, or the easy pace is only
/// its own (judged alone, or too few runs before it, with a max HR the runner's watch or flags
/// give: the heart decides).
fn no_pace_words(s: &Summary) -> &'static str {
    if s.pace_s_per_km().is_none() || s.distance_source == DistanceSource::None {
        "no pace"
    } else {
        // The baseline above shows the pace it has, however few runs it rests on: "unknown"
        // under it read as a contradiction (newcomer 38 N6).
        "pace not compared (the easy pace above rests on too few runs to hold a run to)"
    }
}

fn hr_words(j: &Judgement) -> String {
    j.hr_fraction
        .map(|f| format!("average HR {:.0} % of max", f * 100.0))
        .unwrap_or_else(|| "no usable HR".into())
}

fn why(out: &mut String, j: &Judgement, s: &Summary, context: &Context, u: Units) {
    let moving_s = s.run_moving_s();
    let (l, m, h) = j.zones.shares();
    let high_min = j.zones.high_s / 60.0;
    let pace = run_pace_words(j, s, u);
    let hr = hr_words(j);
    let recovery_gap = u.pace_gap(rules::RECOVERY_MIN_SLOWER_S_PER_KM);
    let recovery_hr = pct(rules::RECOVERY_MAX_HR_FRACTION);
    let recovery_max = mins(rules::RECOVERY_MAX_S);
    let rep_s = format!("{:.0} s", rules::REP_MIN_S);
    let (rule, figures) = match j.session {
        SessionKind::GrayZone => (
            format!(
                "gray zone: one steady effort (stops at lights and crossings aside), at least {} of the time moderate or high (moderate the most), {} or more faster than your usual easy pace, yet never {} at threshold pace (unless the threshold is only the rule of thumb's and the heart says moderate) and an average HR under {} of max (without pace: moderate ≥ {} of the time, high < {}); or, steady, mostly (≥ {}) moderate or high with under {} high, the pace (or the heart) agreeing that it is no easy run (steady or not, with no reps, surges or block and at most {} high: it never reached threshold); or, steady, {} or more faster than your usual easy pace with the heart at the low zone's top (average HR {} of max or more, at least {} moderate, at most {} high)",
                pct(rules::GRAY_MIN_NOT_LOW),
                u.pace_gap(rules::GRAY_MIN_FASTER_S_PER_KM),
                mins(rules::THRESHOLD_WINDOW_S),
                pct(rules::GRAY_MAX_HR_FRACTION),
                pct(rules::GRAY_MIN_MODERATE),
                pct(rules::GRAY_MAX_HIGH),
                pct(rules::MOSTLY_NOT_LOW),
                pct(rules::GRAY_MAX_HIGH),
                pct(rules::GRAY_UNSTRUCTURED_MAX_HIGH),
                u.pace_gap(rules::GRAY_BY_LEGS_FASTER_S_PER_KM),
                pct(rules::GRAY_BY_LEGS_MIN_HR_FRACTION),
                pct(rules::GRAY_BY_LEGS_MIN_NOT_LOW),
                pct(rules::GRAY_BY_LEGS_MAX_HIGH)
            ),
            format!("moderate or high {:.0} % (moderate {m:.0} %, high {h:.0} %), {pace}, {hr}", m + h),
        ),
        SessionKind::Intervals | SessionKind::Hills | SessionKind::Fartlek | SessionKind::Race | SessionKind::Tempo => (
            format!(
                "workout: at least {} (and {} of the run) high, or {}+ repetitions of {rep_s} or more with {} high in an unsteady run (a dip out of the high zone with the pace held at {} of the reps' is no recovery), or {}+ surges at threshold pace or faster with recoveries between them (short reps: HR lags), or {}+ bursts of 20 s or so at stride pace (strides are a few), or {} or more at {} of threshold speed or faster ({} at threshold speed or faster) with easy running ({} slower) before it ({} or more) and after it ({} or more) (a marathon-pace or tempo block); even reps are intervals, uneven ones a fartlek; tempo holds {} or more unbroken or is mostly (≥ {}) moderate or high with the pace agreeing; hill repeats climb in their reps, at {} or steeper; a race is {} moderate or high (or holds the high zone {} without easing back to low, {} of it high, with at most {} before and after it) at threshold pace, or one all-out effort whose best {} run {:.2} × threshold speed or faster with the heart high {:.0} s or more (a track race, 800 m to a mile, with its warm-up and cool-down)",
                mins(rules::WORKOUT_MIN_HIGH_S),
                pct(rules::WORKOUT_MIN_HIGH_SHARE),
                rules::REPS_FOR_INTERVALS,
                mins(rules::REPS_MIN_HIGH_S),
                pct(rules::REP_RECOVERY_MAX_SPEED),
                rules::STRUCTURE_MIN_SURGES,
                rules::SHORT_REPS_MIN_BURSTS,
                mins(rules::PACED_BLOCK_MIN_S),
                pct(rules::PACED_BLOCK_MIN_OF_THRESHOLD),
                mins(rules::PACED_BLOCK_AT_THRESHOLD_MIN_S),
                pct(rules::PACED_BLOCK_OVER_AROUND - 1.0),
                mins(rules::PACED_BLOCK_MIN_BEFORE_S),
                mins(rules::PACED_BLOCK_MIN_AFTER_S),
                mins(rules::TEMPO_MIN_S),
                pct(rules::MOSTLY_NOT_LOW),
                pct(rules::HILLS_MIN_REP_GRADE),
                pct(rules::RACE_MIN_NOT_LOW),
                mins(rules::RACE_MIN_BLOCK_S),
                pct(rules::HELD_MIN_HIGH_SHARE),
                mins(rules::WARM_UP_MAX_S),
                mins(rules::SHORT_RACE_WINDOW_S),
                rules::SHORT_RACE_MIN_OVER_THRESHOLD,
                rules::SHORT_RACE_MIN_HIGH_S
            ),
            format!("high {:.0} min ({h:.0} %), moderate {m:.0} %, {} of {rep_s} or more, {pace}, {hr}", high_min, counted(j.reps, "repetition", "repetitions")),
        ),
        SessionKind::AccidentalWorkout | SessionKind::Progression => {
            let (start_low, after) = start_and_after(&detail(s, j));
            let day = match &context.day_after {
                Some((date, kind)) => format!(", the day after your {} on {date}", kind.name()),
                None => String::new(),
            };
            let start = pct(rules::START_TENTHS as f64 / 10.0);
            (
                // The classifier's two ways into an accidental workout (a drift from an easy
                // start, or a hard-ish unstructured run the day after a hard session).
                format!(
                    "accidental workout: meant easy, then drifted — started easy (≥ {} low over the first {start}), then ≥ {} moderate or high lasting to the end with the pace ≥ {} faster than at the start, for at most {} of the run and {} (a longer push had a warm-up: a tempo, a progression, a marathon-pace finish); or, within a day after a hard session, an unstructured run (no reps, no tempo block, not a race, not gray) ≥ {} moderate/high at {} or more faster than your usual easy pace; the day after reps, hills or a race, a tempo held no longer than the easy running before it counts too, unless its title, workout or laps planned it",
                    pct(rules::START_MIN_LOW_SHARE),
                    mins(rules::ACCIDENTAL_MIN_S),
                    pct(rules::PUSH_MIN_SPEEDUP - 1.0),
                    pct(rules::PUSH_MAX_SHARE),
                    mins(rules::PUSH_MAX_S),
                    pct(rules::DAY_AFTER_MIN_HARD_SHARE),
                    u.pace_gap(rules::DAY_AFTER_MIN_FASTER_S_PER_KM)
                ),
                format!("first {start}: {start_low:.0} % low; after it {:.0} min moderate or high ({:.0} % of the run); {pace}, {hr}{day}", after / 60.0, after / moving_s.max(1.0) * 100.0),
            )
        }
        SessionKind::WarmUp | SessionKind::CoolDown => (
            format!(
                "{}: a run of {} or less that is not hard, {} a workout within {} — one session saved as several files; judged without the days before, and counted with its workout, not as a session of its own (its time in zone counts)",
                j.session.name(),
                mins(rules::WARM_UP_MAX_S),
                if j.session == SessionKind::WarmUp { "before" } else { "after" },
                mins(rules::SESSION_GAP_S)
            ),
            format!("{}, low {l:.0} %, {pace}, {hr}, {:.0} min", j.class.name(), moving_s / 60.0),
        ),
        SessionKind::Recovery => (
            format!("recovery: {recovery_gap} or more slower than your usual easy pace, average HR at most {recovery_hr} of max, {recovery_max} or less"),
            format!("{pace}, {hr}, {:.0} min", moving_s / 60.0),
        ),
        SessionKind::Easy | SessionKind::LongRun => (
            format!(
                "easy: mostly low (or moderate by heart rate alone: less than {} faster than your usual easy pace, average HR under {} of max), not steady-moderate (gray), no workout; not a recovery run, which is {recovery_gap} or more slower than your usual easy pace, average HR at most {recovery_hr} of max, {recovery_max} or less and without strides ({} or more){}",
                u.pace_gap(rules::GRAY_MIN_FASTER_S_PER_KM),
                pct(rules::GRAY_CLEAR_HR_FRACTION),
                rules::STRIDES_MIN_BURSTS,
                if j.session == SessionKind::LongRun {
                    format!(
                        "; long: {} or more, and {} × your usual run",
                        mins(rules::LONG_RUN_MIN_S),
                        rules::LONG_RUN_BASE_MULTIPLE
                    )
                } else {
                    String::new()
                }
            ),
            format!("low {l:.0} %, {pace}, {hr}, {:.0} min", moving_s / 60.0),
        ),
    };
    out.push_str(&format!("\nWhy {}\n", j.session.name()));
    // The workout rule has a dozen clauses, the gray-zone rule five: the one this run met comes
    // first (newcomer 37 N9: a gray run on a mountain read the road clause's "10 s/km faster"
    // beside its "274 s/km slower", with no word of which clause made it gray).
    if let Some(clause) = matched_clause(j, u) {
        out.push_str(&format!("  matched: {clause}\n"));
    }
    out.push_str(&format!("  rule:  {rule}\n  this run: {figures}\n"));
    for line in evidence(j, s, u) {
        out.push_str(&format!("  evidence: {line}\n"));
    }
}

/// The clause of the gray-zone rule that made a run gray, with this run's figures for it.
fn gray_clause(j: &Judgement, by: GrayBy, u: Units) -> String {
    let (_, m, h) = j.zones.shares();
    let hr = j.hr_fraction.map_or_else(|| "—".to_string(), pct);
    match by {
        GrayBy::Road => format!(
            "steady, at least {} moderate or high (moderate the most), {} or more faster than your usual easy pace: {:.0} % moderate or high, {}",
            pct(rules::GRAY_MIN_NOT_LOW),
            u.pace_gap(rules::GRAY_MIN_FASTER_S_PER_KM),
            m + h,
            match j.pace_vs_easy_s_per_km {
                Some(d) if d < 0.0 => format!("{} faster", u.pace_gap(-d)),
                Some(d) => format!("{} slower (grade-adjusted: faster)", u.pace_gap(d)),
                None => "no pace".to_string(),
            }
        ),
        GrayBy::Legs => format!(
            "steady, {} or more faster than your usual easy pace, the heart near the low zone's top (average HR {} of max or more, at least {} moderate, at most {} high): {}, average HR {hr}, {m:.0} % moderate, {h:.0} % high",
            u.pace_gap(rules::GRAY_BY_LEGS_FASTER_S_PER_KM),
            pct(rules::GRAY_BY_LEGS_MIN_HR_FRACTION),
            pct(rules::GRAY_BY_LEGS_MIN_NOT_LOW),
            pct(rules::GRAY_BY_LEGS_MAX_HIGH),
            match j.pace_vs_easy_s_per_km {
                Some(d) => format!("{} faster", u.pace_gap(-d)),
                None => "no pace".to_string(),
            },
        ),
        GrayBy::Terrain => format!(
            "a moderate heart where the ground, not the runner, slowed the pace (a trail, a hilly route, an incline): at least {} moderate or high, average HR {}–{} of max: {:.0} % moderate or high, average HR {hr}",
            pct(rules::GRAY_MIN_NOT_LOW),
            pct(rules::TERRAIN_GRAY_MIN_HR_FRACTION),
            pct(rules::GRAY_MAX_HR_FRACTION),
            m + h
        ),
        GrayBy::Zones => format!(
            "steady, at least {} moderate and under {} high, with no pace and heart to weigh against each other: {m:.0} % moderate, {h:.0} % high",
            pct(rules::GRAY_MIN_MODERATE),
            pct(rules::GRAY_MAX_HIGH)
        ),
        GrayBy::AverageHr => format!(
            "only the average HR is known, and it is in the gray band ({}–{} of max): {hr}",
            pct(rules::GRAY_CLEAR_HR_FRACTION),
            pct(rules::GRAY_MAX_HR_FRACTION)
        ),
        GrayBy::MostlyNotLow => format!(
            "steady, mostly (≥ {}) moderate or high with the pace agreeing, and under {} high: {:.0} % moderate or high",
            pct(rules::MOSTLY_NOT_LOW),
            pct(rules::GRAY_MAX_HIGH),
            m + h
        ),
        GrayBy::NeverThreshold => format!(
            "mostly (≥ {}) moderate or high with the pace agreeing, no reps, surges or block, and at most {} high: {:.0} % moderate, {:.0} % high",
            pct(rules::MOSTLY_NOT_LOW),
            pct(rules::GRAY_UNSTRUCTURED_MAX_HIGH),
            m,
            h
        ),
    }
}

/// The clause of the workout rule that made a hard run hard (or of the gray-zone rule, a gray
/// one), with this run's figure for it.
fn matched_clause(j: &Judgement, u: Units) -> Option<String> {
    if let Some(by) = j.evidence.gray_by {
        return Some(gray_clause(j, by, u));
    }
    let by = j.evidence.hard_by?;
    let (_, m, h) = j.zones.shares();
    let high = mins(j.zones.high_s);
    Some(match by {
        HardBy::AverageHr => format!(
            "only the average HR is known, and it is hard by itself: {} of max (the gray band ends at {})",
            j.hr_fraction.map_or_else(|| "—".to_string(), pct),
            pct(rules::GRAY_MAX_HR_FRACTION)
        ),
        HardBy::HighTime => format!(
            "at least {} (and {} of the run) high: {high} high ({h:.0} %)",
            mins(rules::WORKOUT_MIN_HIGH_S),
            pct(rules::WORKOUT_MIN_HIGH_SHARE)
        ),
        HardBy::Reps => format!(
            "{}+ repetitions of {:.0} s or more with {} high in an unsteady run: {}, {high} high",
            rules::REPS_FOR_INTERVALS,
            rules::REP_MIN_S,
            mins(rules::REPS_MIN_HIGH_S),
            counted(j.reps, "repetition", "repetitions")
        ),
        HardBy::Surges => format!(
            "{}+ surges at threshold pace or faster with recoveries between them: {}",
            rules::STRUCTURE_MIN_SURGES,
            counted(j.evidence.surges.count, "surge", "surges")
        ),
        HardBy::Block => {
            let b = j.evidence.paced_block.unwrap_or_default();
            format!(
                "{} or more at {} of threshold speed or faster, or {} at threshold speed, between easy running: {} at {}{}",
                mins(rules::PACED_BLOCK_MIN_S),
                pct(rules::PACED_BLOCK_MIN_OF_THRESHOLD),
                mins(rules::PACED_BLOCK_AT_THRESHOLD_MIN_S),
                mins(b.secs),
                u.pace(1000.0 / b.speed.max(0.1)),
                if b.at_threshold { ", threshold pace or faster" } else { "" }
            )
        }
        HardBy::ShortRace => format!(
            "one all-out effort whose best {} run {:.2} × threshold speed or faster: {}",
            mins(rules::SHORT_RACE_WINDOW_S),
            rules::SHORT_RACE_MIN_OVER_THRESHOLD,
            j.evidence
                .short_race_speed
                .map_or_else(|| "—".to_string(), |v| u.pace(1000.0 / v.max(0.1)))
        ),
        HardBy::ShortReps => format!(
            "{} or more bursts of 20 s or so at stride pace ({} or faster), 30 s or more apart: {} of them",
            rules::SHORT_REPS_MIN_BURSTS,
            u.pace(1000.0 / (rules::STRIDE_SPEED_OF_THRESHOLD * j.thresholds.threshold_speed).max(0.1)),
            j.evidence.short_reps
        ),
        HardBy::MostlyNotLow => {
            let agreeing = match (j.pace_vs_easy_s_per_km, j.hr_fraction) {
                (Some(d), _) if d <= -rules::GRAY_MIN_FASTER_S_PER_KM => {
                    format!("the pace {} faster than your usual easy pace", u.pace_gap(-d))
                }
                (_, Some(f)) if f >= rules::GRAY_CLEAR_HR_FRACTION => format!(
                    "an average HR of {} of max, hard by the heart alone ({} or more)",
                    pct(f),
                    pct(rules::GRAY_CLEAR_HR_FRACTION)
                ),
                _ => "the pace not compared, so the heart decides".to_string(),
            };
            format!(
                "mostly (≥ {}) moderate or high with the pace agreeing: {:.0} % moderate or high, {agreeing}",
                pct(rules::MOSTLY_NOT_LOW),
                m + h
            )
        }
    })
}

/// What the rules that look past the zones saw: the surges counted, the terrain and its grade,
/// HR on climbs, the heart drifting at an even pace, a recovery figure at its edge, a max HR the
/// run itself raised. HR read off the cadence is in the `hr_cleaned` flag's lines.
fn evidence(j: &Judgement, s: &Summary, u: Units) -> Vec<String> {
    [
        surges_line(j, u),
        strides_line(j, u),
        unanswered_line(j),
        wobbles_line(j),
        walk_breaks_line(j, u),
        walks_left_out_line(j, u),
        terrain_line(j, s, u),
        paced_block_line(j, u),
        heart_without_the_legs_line(j, s, u),
        drift_line(j),
        session_line(j),
        recovery_margin_line(j),
        raised_max_hr_line(j),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The surges counted, against what a workout by its structure takes.
fn surges_line(j: &Judgement, u: Units) -> Option<String> {
    let t = j.thresholds.threshold_speed;
    let su = &j.evidence.surges;
    (su.count > 0).then(|| {
        format!(
            "{} of 20 s–8 min at {} or faster (grade-adjusted) with recoveries slower than {}: {:.1} min in all, averaging {}{} ({}; a workout by structure takes {}+ surges, {}+ in all and {:.0} % of the run, averaging {} or faster and {} × the recoveries' speed){}",
            counted(su.count, "surge", "surges"),
            u.pace(1000.0 / (rules::SURGE_MIN_OF_THRESHOLD * t)),
            u.pace(1000.0 / (rules::SURGE_RECOVERY_OF_THRESHOLD * t)),
            su.total_s / 60.0,
            u.pace(1000.0 / su.surge_speed.max(0.1)),
            // A surge with no recovery timed after it (the run's end) has none to set against
            // (newcomer 38 N12: "against — in the recoveries").
            if su.recovery_speed > 0.0 { format!(" against {} in the recoveries", u.pace(1000.0 / su.recovery_speed)) } else if su.recovery_s > 0.0 { " against standing recoveries".into() } else { String::new() },
            if j.evidence.surges_suffice { "a workout by its structure" } else { "not enough for a workout by themselves" },
            rules::STRUCTURE_MIN_SURGES,
            mins(rules::STRUCTURE_MIN_SURGE_S),
            rules::STRUCTURE_MIN_SURGE_SHARE * 100.0,
            u.pace(1000.0 / (rules::STRUCTURE_MIN_SURGE_SPEED * t)),
            rules::STRUCTURE_MIN_CONTRAST,
            if su.climb_share > 0.0 { format!("; {:.0} % of the climb in the surges", su.climb_share * 100.0) } else { String::new() }
        )
    })
}

fn strides_line(j: &Judgement, u: Units) -> Option<String> {
    let strides = j.evidence.strides;
    (strides > 0).then(|| {
        format!(
            "{} strides (bursts of 20 s or so at {} or faster, {:.0} s or more apart): an easy run with strides, not a recovery run",
            strides,
            u.pace(1000.0 / (rules::STRIDE_SPEED_OF_THRESHOLD * j.thresholds.threshold_speed)),
            rules::BURST_MIN_GAP_S
        )
    })
}

/// Stretches as fast as a surge that the heart did not answer: the terrain's or the GPS's.
fn unanswered_line(j: &Judgement) -> Option<String> {
    let unanswered = j.evidence.surges.unanswered;
    (unanswered > 0).then(|| {
        format!(
            "{} stretch{} as fast as a surge that HR did not answer ({:.0} bpm up and out of the low zone, or {:.0} bpm up before a standing rest, within {:.0} s after): the terrain's or the GPS's, not counted",
            unanswered,
            if unanswered == 1 { "" } else { "es" },
            rules::SURGE_HR_RISE_BPM,
            rules::SURGE_HR_RISE_FROM_REST_BPM,
            rules::SURGE_HR_AFTER_S
        )
    })
}

fn wobbles_line(j: &Judgement) -> Option<String> {
    let wobbles = j.evidence.surges.wobbles;
    (wobbles > 0).then(|| {
        format!(
            "{} as fast as a surge that gained under {:.0} m on the run's median speed (no HR to answer it; a GPS track's fixes wobble that much): not counted",
            counted(wobbles, "stretch", "stretches"),
            rules::GPS_MIN_GAIN_M
        )
    })
}

fn walk_breaks_line(j: &Judgement, u: Units) -> Option<String> {
    let w = j.evidence.walk_breaks?;
    let running = j
        .pace_vs_easy_s_per_km
        .map(|d| format!(", {}", u.pace(j.baseline.easy_pace_s_per_km() + d)))
        .unwrap_or_default();
    Some(format!(
        "walk breaks: {} of {:.0} s or more at a walker's pace, {:.1} min in all: a run-walk session, whose pace is read over its running{running} (the moving pace mixes the walks in)",
        w.count,
        walks::WALK_BREAK_MIN_S,
        w.walk_s / 60.0
    ))
}

/// The walking to the start, in the middle and home, left out of the run's own figures.
fn walks_left_out_line(j: &Judgement, u: Units) -> Option<String> {
    let w = j.evidence.walks?;
    let clock = crate::activity::units::clock;
    let part = |secs: f64, when: &str| (secs > 0.0).then(|| format!("{} {when}", clock(secs)));
    let between = w.between().count();
    let in_the_middle = match between {
        1 => "walking in the middle of the running".to_string(),
        n => format!("in {n} walks in the middle of the running"),
    };
    let parts: Vec<String> = [
        part(w.start_s, "walking to the start before the running"),
        part(w.between_s(), &in_the_middle),
        part(
            w.end_s,
            "walking home after it, before the watch was stopped",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let walks_in_all = parts.len() + between.saturating_sub(1);
    let (all, each) = match walks_in_all {
        1 => ("", "a walk of"),
        _ => (" in all", "each"),
    };
    let joined = match parts.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.concat(),
    };
    Some(format!(
        "walking left out: {joined} ({}{all}; {each} {:.0} s or more at a walker's pace, not up a climb): the run's zones, pace and average HR are judged over its running (the week's zones still count the walking, as the file's moving time does)",
        u.distance(w.walk_m),
        walks::WALK_LEFT_OUT_MIN_S,
    ))
}

/// The block at marathon pace or faster between easy running, and what it did to the verdict.
fn paced_block_line(j: &Judgement, u: Units) -> Option<String> {
    let b = j.evidence.paced_block?;
    let what = if j.evidence.workout_by_block {
        "it made the run a tempo"
    } else if j.gray_zone {
        "a marathon-pace session or a gray run with a jog out and home: pace and heart cannot tell them apart, and the gray zone stands (a title, a watch workout or the overrides file that plans a workout makes it a tempo)"
    } else {
        "the run eased off after it: no drift to judge by pace, no easy run that pushed on to its end"
    };
    Some(format!(
        "{}-pace block: {} at {} (grade-adjusted) between easier running at {}: {what}",
        if b.at_threshold {
            "threshold"
        } else {
            "marathon"
        },
        mins(b.secs),
        u.pace(1000.0 / b.speed.max(0.1)),
        u.pace(1000.0 / b.around_speed.max(0.1)),
    ))
}

fn terrain_line(j: &Judgement, s: &Summary, u: Units) -> Option<String> {
    let e = &j.evidence;
    if !(e.terrain || e.incline_unseen || e.climb_m_per_km.is_some_and(|c| c >= 5.0)) {
        return None;
    }
    let climb = e
        .climb_m_per_km
        // Told as the reason tells it ("34 m of climb per km", in miles under imperial units:
        // review 38 §1.3).
        .map(|c| u.climb(c))
        .unwrap_or_else(|| "no climb recorded".into());
    let gap = e
        .gap_vs_easy_s_per_km
        .map(|d| format!("; grade-adjusted, {}", pace_words(Some(d), s, u)))
        .unwrap_or_default();
    Some(format!(
        "terrain: {climb}{}{gap}{}",
        if e.terrain {
            " (trail or hilly: pace says as much about the ground as the effort, the gray zone is judged by the heart)"
        } else if e.incline_unseen {
            " (a pace without a position, a treadmill's or a footpod's, is blind to an incline: a steady run's gray zone is judged by the heart)"
        } else {
            ""
        },
        if e.climb_capped_s > 0.0 {
            format!("; {:.1} min of high-zone HR on climbs at a low grade-adjusted pace counted moderate", e.climb_capped_s / 60.0)
        } else {
            String::new()
        }
    ))
}

/// A heart mostly over the low zone that the legs do not confirm, under the figure that is hard
/// by the heart alone.
fn heart_without_the_legs_line(j: &Judgement, s: &Summary, u: Units) -> Option<String> {
    if !j.evidence.heart_without_the_legs {
        return None;
    }
    let hr = j
        .hr_fraction
        .map_or("unknown".into(), |f| format!("{:.1} %", f * 100.0));
    let legs = if j.baseline.easy_pace_own {
        format!("{OWN_EASY_PACE_WHY}, so the legs cannot confirm it")
    } else if j.pace_vs_easy_s_per_km.is_none() {
        format!("{}, so the legs cannot confirm it", no_pace_words(s))
    } else {
        format!(
            "but the legs do not confirm it: {} (hard takes {} or more faster)",
            run_pace_words(j, s, u),
            u.pace_gap(rules::GRAY_MIN_FASTER_S_PER_KM)
        )
    };
    // The runner who gave their max knows it: no advice to give it (newcomer 38 N7).
    let max_given = j.baseline.max_hr.is_given();
    Some(format!(
        "mostly moderate or high by heart rate, {legs}, and an average HR of {hr} of max, under the {} that is hard by the heart alone{}",
        pct(rules::GRAY_CLEAR_HR_FRACTION),
        if max_given {
            ""
        } else {
            " — an estimated max HR a few beats off would move it; give --max-hr if you know yours"
        }
    ))
}

fn drift_line(j: &Judgement) -> Option<String> {
    let e = &j.evidence;
    let d = e.drift.filter(|_| e.judged_by_pace_for_drift)?;
    Some(format!(
        "drift: HR {:.0} bpm over the first third, {:.0} over the last, pace {}: the heart drifted, the legs did not (judged by pace)",
        d.early_hr,
        d.late_hr,
        d.speedup.map_or("unknown".into(), |x| format!("{:+.0} %", (x - 1.0) * 100.0))
    ))
}

/// One of several files of one run, judged for its length as the whole.
fn session_line(j: &Judgement) -> Option<String> {
    let total = j.evidence.session_moving_s?;
    Some(format!(
        "one of several files of one {:.0}-min run (each started within {} of the end of the one before, none hard): judged for length — long run, recovery — as the whole; the week counts it once",
        total / 60.0,
        mins(rules::SESSION_GAP_S)
    ))
}

fn recovery_margin_line(j: &Judgement) -> Option<String> {
    let figure = j.evidence.recovery_margin.as_ref()?;
    Some(format!(
        "recovery: its {figure} is just past the rule's edge, while the other figures are clearly recovery (no verdict rests on one figure near its edge)"
    ))
}

fn raised_max_hr_line(j: &Judgement) -> Option<String> {
    (j.baseline.max_hr.provenance.code() == "raised_by_run").then(|| {
        format!(
            "max HR {:.0}: {}",
            j.baseline.max_hr.value,
            j.baseline.max_hr.provenance.describe()
        )
    })
}

/// The rule a flag stands for, and this run's figure against it.
fn flag_rule(
    flag: Flag,
    j: &Judgement,
    row: &ActivityRow,
    context: &Context,
    u: Units,
) -> (String, String) {
    let Some(s) = &row.summary else {
        return (String::new(), String::new());
    };
    let minutes = s.run_moving_s() / 60.0;
    let pace = run_pace_words(j, s, u);
    let hr = hr_words(j);
    let after = match &context.day_after {
        Some((date, kind)) => format!("the day after your {} on {date}", kind.name()),
        None => "after a hard session".to_string(),
    };
    match flag {
        Flag::AccidentalWorkout => accidental_rule(j, s, context, &after, &pace, u),
        Flag::RecoveryTooFast => (
            format!(
                "within a day after a hard session, a recovery-sized run (≤ {}, shorter than your usual runs) should be {} or more slower than easy with average HR ≤ {} of max",
                mins(rules::RECOVERY_SIZED_S),
                u.pace_gap(rules::RECOVERY_MIN_SLOWER_S_PER_KM),
                pct(rules::RECOVERY_MAX_HR_FRACTION)
            ),
            format!("{after}: {minutes:.0} min, {pace}, {hr}"),
        ),
        Flag::RecoveryTooLong => (
            format!(
                "the day after a hard session, a recovery run lasts {} at most",
                mins(rules::RECOVERY_MAX_S)
            ),
            format!("{after}: {minutes:.0} min"),
        ),
        Flag::RecoveryLongerThanBaseRuns => (
            "a recovery run is shorter than your usual easy runs".to_string(),
            match j.baseline.base_run_s {
                Some(base) => format!("{minutes:.0} min, your usual run {:.0} min", base / 60.0),
                None => format!("{minutes:.0} min"),
            },
        ),
        Flag::HarderThanPlanned | Flag::EasierThanPlanned => {
            let planned = j.planned.as_ref();
            (
                if flag == Flag::HarderThanPlanned {
                    "a run planned recovery or easy (by its title, its structured workout, the export or the overrides file) is run easy: run hard, it is an accidental workout by your own word".to_string()
                } else {
                    "a run planned as a workout or a race (by its title, its structured workout, a race marker or the overrides file) is run hard: run easy, it is a missed session".to_string()
                },
                format!(
                    "planned {}, judged {} ({}): {minutes:.0} min, {hr}, {pace}",
                    planned.map_or("?", |p| p.planned.name()),
                    j.class.name(),
                    j.session.name()
                ),
            )
        }
        Flag::TooSoonAfterRace => (
            format!(
                "no run within {} days after a race of half-marathon distance or longer",
                rules::DAYS_OFF_AFTER_LONG_RACE
            ),
            match &context.after_race {
                Some((date, distance, days)) => format!(
                    "{days} day{} after a {} race on {date}",
                    if *days == 1 { "" } else { "s" },
                    u.distance(*distance)
                ),
                None => "after a long race".to_string(),
            },
        ),
        Flag::PaceOnly => (
            format!(
                "zones come from heart rate when it covers at least {} the moving time; otherwise from pace",
                coverage_words(rules::HR_USABLE_MIN_COVERAGE_PCT)
            ),
            format!("heart rate on {:.0} % of the moving time", s.hr_coverage_pct),
        ),
        Flag::HrCleaned => hr_cleaning_rule(s),
    }
}

/// The accidental-workout flag's rule, and this run's figures for it: the share moderate or high
/// the day after, or the easy start and the push.
fn accidental_rule(
    j: &Judgement,
    s: &Summary,
    context: &Context,
    after: &str,
    pace: &str,
    u: Units,
) -> (String, String) {
    let (start_low, after_s) = start_and_after(&detail(s, j));
    let (_, m, h) = j.zones.shares();
    (
        format!(
            "meant easy (starts easy, or the day after a hard session) yet ≥ {} moderate or high to the end with the pace picking up (at most {} of the run and {}), or, within a day after a hard session, an unstructured run ≥ {} moderate/high at {} or more faster than easy (after reps, hills or a race, a tempo held no longer than the easy start too, unless planned)",
            mins(rules::ACCIDENTAL_MIN_S),
            pct(rules::PUSH_MAX_SHARE),
            mins(rules::PUSH_MAX_S),
            pct(rules::DAY_AFTER_MIN_HARD_SHARE),
            u.pace_gap(rules::DAY_AFTER_MIN_FASTER_S_PER_KM)
        ),
        match &context.day_after {
            Some(_) => format!("{after}: moderate or high {:.0} % of the time, {pace}", m + h),
            None => format!(
                "first {} {start_low:.0} % low, then {:.0} min moderate or high, {pace}",
                pct(rules::START_TENTHS as f64 / 10.0),
                after_s / 60.0
            ),
        },
    )
}

/// The cleaning flag's rule, and what was excluded from this run.
fn hr_cleaning_rule(s: &Summary) -> (String, String) {
    let c = &s.hr_cleaning;
    let mut parts = Vec::new();
    if c.out_of_range > 0 {
        parts.push(format!(
            "{} readings outside {}–{} bpm",
            c.out_of_range,
            crate::summarize::hr_clean::MIN_VALID_HR,
            crate::summarize::hr_clean::MAX_VALID_HR
        ));
    }
    if c.spike_s > 0.0 {
        parts.push(format!("{:.0} s of strap spike", c.spike_s));
    }
    if c.dropout_samples > 0 {
        parts.push(format!("{} dropout readings", c.dropout_samples));
    }
    if c.cadence_lock_s > 0.0 {
        parts.push(format!(
            "{:.1} min locked on cadence (HR within 3 bpm of your {:.0} steps/min, {:.0} bpm above the HR around it at the same pace)",
            c.cadence_lock_s / 60.0,
            c.cadence_lock_steps,
            c.cadence_lock_jump_bpm
        ));
    }
    (
        "heart-rate readings that cannot be the runner's (out of range, strap spikes, dropouts, a wrist sensor reading the step rate) are excluded before judging; a stretch without HR is judged by pace".to_string(),
        format!("excluded: {}", parts.join(", ")),
    )
}

/// `half` / `60 % of`, for "at least … the moving time".
fn coverage_words(pct: f64) -> String {
    if pct == 50.0 {
        "half".to_string()
    } else {
        format!("{pct:.0} % of")
    }
}

fn flags(out: &mut String, j: &Judgement, row: &ActivityRow, context: &Context, u: Units) {
    out.push_str("\nFlags\n");
    if j.flags.is_empty() {
        out.push_str("  none\n");
        return;
    }
    for flag in &j.flags {
        let (rule, figure) = flag_rule(*flag, j, row, context, u);
        out.push_str(&format!("  {}\n    rule: {rule}\n", flag.name()));
        if !figure.is_empty() {
            out.push_str(&format!("    this run: {figure}\n"));
        }
    }
}

fn quality(out: &mut String, row: &ActivityRow) {
    let Some(s) = &row.summary else { return };
    out.push_str("\nData quality\n");
    // Its local time a guess: 19:00 UTC may be another day where it was run.
    let utc_guessed = row.tz_source == Some(crate::summarize::timezone::TzSource::Utc);
    if s.quality.is_empty() && !utc_guessed {
        out.push_str("  no problem found in the file\n");
    }
    for note in &s.quality {
        out.push_str(&format!("  {}: {}\n", note.code, note.detail));
    }
    if utc_guessed {
        out.push_str(&format!(
            "  local time: UTC, a guess: the file gives no offset or position, and no run within {:.0} days does (--tz or the profile's timezone sets it)\n",
            crate::summarize::timezone::BORROW_MAX_S / 86_400.0
        ));
    }
    let distance = match s.distance_source {
        crate::summarize::summary::DistanceSource::Device => "the device's own distance",
        crate::summarize::summary::DistanceSource::Gps => "distance from the GPS track",
        crate::summarize::summary::DistanceSource::None => "no distance",
    };
    out.push_str(&format!(
        "  heart rate on {:.0} % of moving time · {distance} · {} · {} · {} file, {}\n",
        s.hr_coverage_pct,
        counted(s.timer_pauses as usize, "timer pause", "timer pauses"),
        counted(s.stops as usize, "stop", "stops"),
        s.format.name(),
        printable(s.device.as_deref().unwrap_or("unknown device"))
    ));
}

/// `1 stop`, `3 stops`.
#[cfg(test)]
mod tests {
    use super::*;

    fn zones(buckets: &[(Option<Zone>, f64)]) -> RunZones {
        RunZones {
            buckets: buckets.iter().map(|b| b.0).collect(),
            moving: buckets.iter().map(|b| b.1).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn minutes_take_the_zone_of_most_of_their_seconds() {
        let low = (Some(Zone::Low), 10.0);
        let moderate = (Some(Zone::Moderate), 10.0);
        let high = (Some(Zone::High), 10.0);
        let none = (None, 10.0);
        let z = zones(&[
            // Minute 1: 4 low, 2 moderate → low.
            low, low, moderate, low, moderate, low,
            // Minute 2: 3 moderate, 3 high → the tie goes to high.
            moderate, high, moderate, high, moderate, high,
            // Minute 3: 4 without data, 2 low → no data.
            none, none, low, none, low, none,
            // A last 20 s of moderate still counts; 10 s would not.
            moderate, moderate,
        ]);
        assert_eq!(
            minute_strip(&z),
            [
                Some(Zone::Low),
                Some(Zone::High),
                None,
                Some(Zone::Moderate)
            ]
        );
        let short = zones(&[low; 7]);
        assert_eq!(minute_strip(&short), [Some(Zone::Low)]);
        // Buckets that do not divide a minute are split at its end: 60 × 13 s is 13 minutes.
        let uneven = zones(&[(Some(Zone::High), 13.0); 60]);
        assert_eq!(minute_strip(&uneven), vec![Some(Zone::High); 13]);
    }

    #[test]
    fn the_strip_is_plain_letters_without_colour() {
        let strip: Vec<Option<Zone>> = (0..65)
            .map(|i| match i % 3 {
                0 => Some(Zone::Low),
                1 => Some(Zone::Moderate),
                _ => None,
            })
            .collect();
        let plain = render_strip(&strip, false);
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            "     0'  LM-LM-LM-L M-LM-LM-LM -LM-LM-LM- LM-LM-LM-L M-LM-LM-LM -LM-LM-LM-"
        );
        assert_eq!(lines[1], "    60'  LM-LM");
        assert!(!plain.contains('\x1b'));
        let coloured = render_strip(&strip, true);
        assert!(coloured.contains("\x1b[1;32mL\x1b[0m") && coloured.contains("\x1b[1;33mM\x1b[0m"));
    }
}
