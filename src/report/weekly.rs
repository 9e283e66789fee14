//! The weekly 80/20 report: weeks in the runner's local time — ISO weeks (Monday start) unless the
//! runner's week starts on Sunday — the split counted two ways side by side — time in zone and
//! sessions — because they disagree, and the week-level flags a coach looks for.

use std::collections::BTreeMap;

use crate::activity::calendar::{date_to_day, day_to_date, local_day, WeekStart};
use crate::activity::units::counted;
use crate::judge::classify::{Flag, Judgement, RunClass, SessionKind};
use crate::judge::rules::{
    DEFAULT_MIN_EASY_PCT, GRAY_HEAVY_MODERATE_PCT, GRAY_HEAVY_RUNS, RUN_DAYS_NEEDING_RECOVERY,
};
use crate::judge::ActivityRow;
use crate::report::tenths_to_100;
use crate::summarize::row::Status;

/// How the easy share of a week is counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// Share of moving time in the low zone.
    #[default]
    Time,
    /// Share of runs that were easy or recovery.
    Sessions,
}

impl Method {
    /// The name `--method` takes, and the JSON's.
    pub fn name(self) -> &'static str {
        match self {
            Method::Time => "time",
            Method::Sessions => "sessions",
        }
    }

    /// How the easy share is counted, in words: `of moving time low`, `of runs easy`.
    pub fn words(self) -> &'static str {
        match self {
            Method::Time => "of moving time low",
            Method::Sessions => "of runs easy",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Week {
    /// ISO week, e.g. `2024-W05`; for Sunday weeks their Sunday, `Sun 2024-02-04`.
    pub week: String,
    /// Local date of its first day (Monday or Sunday), `2024-01-29`.
    pub week_start: String,
    pub runs: usize,
    pub recovery_runs: usize,
    pub easy_runs: usize,
    pub hard_runs: usize,
    pub gray_zone_runs: usize,
    pub accidental_workouts: usize,
    /// Runs planned recovery or easy and judged hard.
    pub harder_than_planned: usize,
    /// Runs planned as a workout or race and run easy.
    pub easier_than_planned: usize,
    pub moving_time_s: f64,
    pub distance_m: f64,
    pub run_days: usize,
    pub longest_run_s: f64,
    pub low_s: f64,
    pub moderate_s: f64,
    pub high_s: f64,
    pub cross_training_s: f64,
    /// Runs of the week read but left out of judging (too short, implausible): in no figure above.
    pub left_out: usize,
    pub flags: Vec<WeekFlag>,
    /// Local day numbers of the week's hard runs, for back-to-back checks.
    hard_days: Vec<i64>,
    /// …and of its recovery runs: one the day after a week's last hard day may fall in the next.
    recovery_days: Vec<i64>,
    /// Zoned and moderate time of the week's races: a race run at marathon effort is no gray-zone
    /// habit.
    race_zoned_s: f64,
    race_moderate_s: f64,
}

/// A share meets the target when the share as shown (to tenths) is at or over it.
pub fn meets_target(shown_pct: f64, target_pct: f64) -> bool {
    shown_pct + 1e-9 >= target_pct
}

impl Week {
    /// Time in zone, in percent of the zoned moving time of the week's runs (sums to 100).
    pub fn zone_pcts(&self) -> (f64, f64, f64) {
        let total = self.low_s + self.moderate_s + self.high_s;
        if total <= 0.0 {
            return (0.0, 0.0, 0.0);
        }
        let low = self.low_s / total * 100.0;
        let moderate = self.moderate_s / total * 100.0;
        (low, moderate, 100.0 - low - moderate)
    }

    /// The share that counts as every report shows it: to tenths, the week's three zones adding up
    /// to 100. The target is met or missed on the figure the runner reads: a week shown at 80.0 %
    /// low is no miss of 80 (review 36 §1.1).
    pub fn shown_easy_pct(&self, method: Method) -> f64 {
        match method {
            Method::Time => tenths_to_100(self.zone_pcts()).0,
            Method::Sessions => crate::report::round(self.easy_sessions_pct(), 1),
        }
    }

    /// Easy sessions (recovery + easy) in percent of the week's runs.
    pub fn easy_sessions_pct(&self) -> f64 {
        if self.runs == 0 {
            return 0.0;
        }
        (self.recovery_runs + self.easy_runs) as f64 / self.runs as f64 * 100.0
    }

    /// Treff's Polarization Index, log10(Z1/Z2 × Z3 × 100) on zone fractions, defined only for a
    /// polarized distribution (Z1 > Z3 > Z2, Z3 ≥ 0.01); Z2 = 0 counts as 0.01, as Treff does.
    pub fn polarization_index(&self) -> Option<f64> {
        let (l, m, h) = self.zone_pcts();
        let (z1, z2, z3) = (l / 100.0, m / 100.0, h / 100.0);
        if !(z1 > z3 && z3 > z2 && z3 >= 0.01) {
            return None;
        }
        Some((z1 / z2.max(0.01) * z3 * 100.0).log10())
    }
}

/// One session as its week counts it: hard when any of its files is (a workout's), else as its
/// longest file; flagged when any file is; as long as its files together.
struct Session {
    week: i64,
    day: i64,
    /// The weeks after its first that the session's later files fall in (a warm-up on Sunday
    /// night, the race after midnight), each with the session's running time there.
    later_weeks: Vec<(i64, f64)>,
    class: RunClass,
    longest_file_s: f64,
    moving_s: f64,
    gray_zone: bool,
    accidental: bool,
    harder_than_planned: bool,
    easier_than_planned: bool,
}

impl Session {
    fn of(j: &Judgement, week: i64, day: i64, moving_s: f64) -> Session {
        Session {
            week,
            day,
            later_weeks: Vec::new(),
            class: j.class,
            longest_file_s: moving_s,
            moving_s,
            gray_zone: j.gray_zone,
            accidental: j.flags.contains(&Flag::AccidentalWorkout),
            harder_than_planned: j.harder_than_planned(),
            easier_than_planned: j.easier_than_planned(),
        }
    }

    fn add(&mut self, part: Session) {
        if part.week != self.week {
            match self.later_weeks.iter_mut().find(|(w, _)| *w == part.week) {
                Some((_, moving_s)) => *moving_s += part.moving_s,
                None => self.later_weeks.push((part.week, part.moving_s)),
            }
        }
        let hard = [self.class, part.class].contains(&RunClass::Hard);
        if hard {
            self.class = RunClass::Hard;
        } else if part.longest_file_s > self.longest_file_s {
            self.class = part.class;
        }
        self.longest_file_s = self.longest_file_s.max(part.longest_file_s);
        self.moving_s += part.moving_s;
        self.gray_zone |= part.gray_zone;
        self.accidental |= part.accidental;
        self.harder_than_planned |= part.harder_than_planned;
        self.easier_than_planned |= part.easier_than_planned;
    }

    /// Counted in the week it started in, and as a run of each later week it ran into, with
    /// its running there (a week of a race after Sunday midnight, and nothing else, had its time
    /// and no run, and was left out whole: a week shows the running done in it). Its hard day is
    /// the day it started, once: one race is no two hard days back to back.
    fn count_in(self, weeks: &mut BTreeMap<i64, Week>) {
        let later_s: f64 = self.later_weeks.iter().map(|(_, s)| s).sum();
        let first = std::iter::once((self.week, (self.moving_s - later_s).max(0.0)));
        for (k, (at, moving_s)) in first.chain(self.later_weeks.iter().copied()).enumerate() {
            let Some(week) = weeks.get_mut(&at) else {
                continue;
            };
            week.runs += 1;
            match self.class {
                RunClass::Recovery => {
                    week.recovery_runs += 1;
                    if k == 0 {
                        week.recovery_days.push(self.day);
                    }
                }
                RunClass::Easy => week.easy_runs += 1,
                RunClass::Hard => {
                    week.hard_runs += 1;
                    if k == 0 {
                        week.hard_days.push(self.day);
                    }
                }
            }
            week.gray_zone_runs += usize::from(self.gray_zone);
            week.accidental_workouts += usize::from(self.accidental);
            week.harder_than_planned += usize::from(self.harder_than_planned);
            week.easier_than_planned += usize::from(self.easier_than_planned);
            week.longest_run_s = week.longest_run_s.max(moving_s);
        }
    }
}

/// The week holding a local day number: its label, its first day's date, and that day's number.
fn week_of(day: i64, start: WeekStart) -> Option<(String, String, i64)> {
    let first = start.start_of(day_to_date(day)?);
    Some((
        start.label(first),
        first.format("%Y-%m-%d").to_string(),
        date_to_day(first),
    ))
}

/// Builds the ISO (Monday) weeks with at least one judged run, oldest first, flagged against
/// the 80 % target.
pub fn weeks(rows: &[ActivityRow]) -> Vec<Week> {
    weeks_starting(rows, WeekStart::Monday, DEFAULT_MIN_EASY_PCT)
}

/// Builds the weeks starting on `start` with at least one judged run, oldest first; a week's
/// share under `target_pct` (the runner's `--min-easy`) is flagged.
pub fn weeks_starting(rows: &[ActivityRow], start: WeekStart, target_pct: f64) -> Vec<Week> {
    let mut by_first: BTreeMap<i64, Week> = BTreeMap::new();
    let mut run_days: BTreeMap<i64, std::collections::BTreeSet<i64>> = BTreeMap::new();
    let mut session: Option<Session> = None;
    for row in rows {
        let (Some(s), Some(utc)) = (&row.summary, row.start_time()) else {
            continue;
        };
        if !matches!(row.status, Status::Ok | Status::NotRun) {
            continue;
        }
        let day = local_day(utc, row.utc_offset_s);
        let Some((label, first_date, first)) = week_of(day, start) else {
            continue;
        };
        let week = by_first.entry(first).or_insert_with(|| Week {
            week: label,
            week_start: first_date,
            ..Default::default()
        });
        if row.status == Status::NotRun {
            week.cross_training_s += s.moving_time_s;
            continue;
        }
        if row.left_out.is_some() {
            week.left_out += 1;
            continue;
        }
        let Some(j) = &row.judgement else { continue };
        // Files of one session (a workout with its warm-up and cool-down, a run saved in two
        // halves) count once; their time and distance count in full.
        let part = Session::of(j, first, day, s.moving_time_s);
        match session.as_mut() {
            Some(open) if j.continues_session => open.add(part),
            _ => {
                if let Some(done) = session.replace(part) {
                    done.count_in(&mut by_first);
                }
            }
        }
        let week = by_first.entry(first).or_default();
        week.moving_time_s += s.moving_time_s;
        week.distance_m += s.distance_m;
        // The file's time in each zone: a walk home left out of the judging is time on the feet.
        let zones = j.week_zones();
        week.low_s += zones.low_s;
        week.moderate_s += zones.moderate_s;
        if j.session == SessionKind::Race {
            week.race_zoned_s += zones.zoned_s();
            week.race_moderate_s += zones.moderate_s;
        }
        week.high_s += zones.high_s;
        run_days.entry(first).or_default().insert(day);
    }
    if let Some(done) = session {
        done.count_in(&mut by_first);
    }
    let days = ExportDays {
        hard: by_first
            .values()
            .flat_map(|w| w.hard_days.iter().copied())
            .collect(),
        recovery: by_first
            .values()
            .flat_map(|w| w.recovery_days.iter().copied())
            .collect(),
    };
    let race_flagged: std::collections::BTreeSet<i64> = rows
        .iter()
        .filter(|r| {
            r.judgement
                .as_ref()
                .is_some_and(|j| j.flags.contains(&Flag::TooSoonAfterRace))
        })
        .filter_map(|r| r.start_time().map(|t| local_day(t, r.utc_offset_s)))
        .filter_map(|d| week_of(d, start).map(|w| w.2))
        .collect();
    let mut out: Vec<Week> = Vec::new();
    for (first, mut week) in by_first {
        if week.runs == 0 {
            continue;
        }
        week.run_days = run_days.get(&first).map_or(0, |d| d.len());
        week.flags = week_flags(&week, &days, race_flagged.contains(&first), target_pct);
        out.push(week);
    }
    out
}

/// How many of a set of weeks met the target, each way it is counted, and the runs that broke
/// the pattern: the answer to "is my training really 80/20?" in one sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    pub weeks: usize,
    pub by_time: usize,
    pub by_sessions: usize,
    pub gray_zone_runs: usize,
    pub accidental_workouts: usize,
    pub target_pct: f64,
}

impl Verdict {
    /// Over the weeks with runs among `weeks` (a week without one meets no target and misses
    /// none).
    pub fn of<'a>(weeks: impl IntoIterator<Item = &'a Week>, target_pct: f64) -> Verdict {
        let mut v = Verdict {
            weeks: 0,
            by_time: 0,
            by_sessions: 0,
            gray_zone_runs: 0,
            accidental_workouts: 0,
            target_pct,
        };
        for w in weeks.into_iter().filter(|w| w.runs > 0) {
            v.weeks += 1;
            v.by_time += usize::from(meets_target(w.shown_easy_pct(Method::Time), target_pct));
            v.by_sessions +=
                usize::from(meets_target(w.shown_easy_pct(Method::Sessions), target_pct));
            v.gray_zone_runs += w.gray_zone_runs;
            v.accidental_workouts += w.accidental_workouts;
        }
        v
    }

    /// "8 of 12 weeks had at least 80 % of their moving time low; 5 of 12 by easy runs.", then
    /// on a line of its own "2 gray-zone runs, 3 accidental workouts."
    pub fn sentence(&self) -> String {
        self.sentence_with(|count| count.to_string(), "\n")
    }

    /// The sentence with its two counts of weeks (`8 of 12`) put as `emphasis` puts them (the
    /// HTML page's bold), its two parts joined by `between`.
    pub fn sentence_with(&self, emphasis: impl Fn(&str) -> String, between: &str) -> String {
        // No week with runs meets or misses anything: "0 of 0 weeks had at least 80 %" said
        // nothing a runner could use (newcomer 37 N16, 38 N12).
        if self.weeks == 0 {
            return "No week with runs to count.".to_string();
        }
        format!(
            "{} {} had at least {:.0} % of their moving time low; {} by easy runs.{between}{}, {}.",
            emphasis(&format!("{} of {}", self.by_time, self.weeks)),
            if self.weeks == 1 { "week" } else { "weeks" },
            self.target_pct,
            emphasis(&format!("{} of {}", self.by_sessions, self.weeks)),
            counted(self.gray_zone_runs, "gray-zone run", "gray-zone runs"),
            counted(
                self.accidental_workouts,
                "accidental workout",
                "accidental workouts"
            ),
        )
    }
}

/// What a coach looks for in a week, beyond its split. The CSV and JSON give each by its name,
/// `;`-joined; people read its words.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeekFlag {
    /// Less of the moving time low than the target (80 % unless `--min-easy` says otherwise).
    BelowTarget {
        target_pct: f64,
    },
    /// Fewer easy and recovery runs than the target.
    BelowTargetSessions {
        target_pct: f64,
    },
    GrayZoneHeavy,
    HardDaysBackToBack,
    AccidentalWorkout,
    NoRecoveryRun,
    TooSoonAfterRace,
}

impl WeekFlag {
    /// The name the CSV and JSON carry: the two target flags keep theirs (`below_80_20`) at any
    /// target, so a script reading them never meets a changed schema.
    pub fn name(self) -> &'static str {
        match self {
            WeekFlag::BelowTarget { .. } => "below_80_20",
            WeekFlag::BelowTargetSessions { .. } => "below_80_20_sessions",
            WeekFlag::GrayZoneHeavy => "gray_zone_heavy",
            WeekFlag::HardDaysBackToBack => "hard_days_back_to_back",
            WeekFlag::AccidentalWorkout => Flag::AccidentalWorkout.name(),
            WeekFlag::NoRecoveryRun => "no_recovery_run",
            WeekFlag::TooSoonAfterRace => Flag::TooSoonAfterRace.name(),
        }
    }

    /// As a runner reads it: `low < 75 %` against the target the week was flagged at.
    pub fn words(self) -> String {
        match self {
            WeekFlag::BelowTarget { target_pct } => {
                format!("low < {} %", crate::report::target_words(target_pct))
            }
            WeekFlag::BelowTargetSessions { target_pct } => {
                format!("easy runs < {} %", crate::report::target_words(target_pct))
            }
            WeekFlag::GrayZoneHeavy => "gray-heavy".into(),
            WeekFlag::HardDaysBackToBack => "hard days back to back".into(),
            WeekFlag::AccidentalWorkout => "accidental workout".into(),
            WeekFlag::NoRecoveryRun => "no recovery run".into(),
            WeekFlag::TooSoonAfterRace => "ran too soon after a race".into(),
        }
    }

    /// The two that say the week missed its target.
    pub fn is_target(self) -> bool {
        matches!(
            self,
            WeekFlag::BelowTarget { .. } | WeekFlag::BelowTargetSessions { .. }
        )
    }
}

/// A week's flags as the CSV and JSON carry them: their names, `;`-joined.
pub fn flag_names(flags: &[WeekFlag]) -> String {
    flags.iter().map(|f| f.name()).collect::<Vec<_>>().join(";")
}

/// The export's hard and recovery days (local day numbers), for the checks that look across a
/// week's edge.
#[derive(Default)]
struct ExportDays {
    hard: std::collections::BTreeSet<i64>,
    recovery: std::collections::BTreeSet<i64>,
}

fn week_flags(week: &Week, days: &ExportDays, race: bool, target_pct: f64) -> Vec<WeekFlag> {
    let mut flags = Vec::new();
    let zoned = week.low_s + week.moderate_s + week.high_s > 0.0;
    if zoned && !meets_target(week.shown_easy_pct(Method::Time), target_pct) {
        flags.push(WeekFlag::BelowTarget { target_pct });
    }
    if !meets_target(week.shown_easy_pct(Method::Sessions), target_pct) {
        flags.push(WeekFlag::BelowTargetSessions { target_pct });
    }
    // The habit is in training: a marathon raced at 50 % moderate makes no gray-zone week, and
    // hides none in the runs around it.
    let trained_s = week.low_s + week.moderate_s + week.high_s - week.race_zoned_s;
    let trained_moderate = if trained_s > 0.0 {
        (week.moderate_s - week.race_moderate_s) / trained_s * 100.0
    } else {
        0.0
    };
    if week.gray_zone_runs >= GRAY_HEAVY_RUNS || trained_moderate >= GRAY_HEAVY_MODERATE_PCT {
        flags.push(WeekFlag::GrayZoneHeavy);
    }
    // A hard day whose previous calendar day was hard too (a week's first day may pair with the
    // last day of the week before).
    if week.hard_days.iter().any(|d| days.hard.contains(&(d - 1))) {
        flags.push(WeekFlag::HardDaysBackToBack);
    }
    if week.accidental_workouts > 0 {
        flags.push(WeekFlag::AccidentalWorkout);
    }
    // A recovery run the day after the week's hard day counts though it falls in the next week:
    // Sunday's workout and Monday's recovery run were flagged in Monday weeks and not in Sunday
    // ones (review 37 §1.2).
    let recovered_next_week = week
        .hard_days
        .iter()
        .any(|d| days.recovery.contains(&(d + 1)));
    if week.run_days >= RUN_DAYS_NEEDING_RECOVERY
        && week.hard_runs > 0
        && week.recovery_runs == 0
        && !recovered_next_week
    {
        flags.push(WeekFlag::NoRecoveryRun);
    }
    if race {
        flags.push(WeekFlag::TooSoonAfterRace);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn names(flags: Vec<WeekFlag>) -> Vec<&'static str> {
        flags.into_iter().map(WeekFlag::name).collect()
    }

    #[test]
    fn a_session_of_several_files_counts_once_as_its_hardest_then_its_longest() {
        let part = |class, minutes: f64, gray_zone| Session {
            week: 0,
            day: 3,
            later_weeks: Vec::new(),
            class,
            longest_file_s: minutes * 60.0,
            moving_s: minutes * 60.0,
            gray_zone,
            accidental: false,
            harder_than_planned: false,
            easier_than_planned: false,
        };
        let mut s = part(RunClass::Recovery, 20.0, false);
        s.add(part(RunClass::Easy, 45.0, false));
        assert_eq!(s.class, RunClass::Easy);
        // The 45 minutes stay the longest file.
        s.add(part(RunClass::Recovery, 30.0, false));
        assert_eq!(s.class, RunClass::Easy);
        s.add(part(RunClass::Hard, 10.0, true));
        s.add(part(RunClass::Easy, 60.0, false));
        assert_eq!((s.class, s.gray_zone), (RunClass::Hard, true));
        let mut weeks = BTreeMap::from([(0, Week::default())]);
        s.count_in(&mut weeks);
        let w = &weeks[&0];
        assert_eq!(
            (w.runs, w.hard_runs, w.easy_runs, w.gray_zone_runs),
            (1, 1, 0, 1)
        );
        assert_eq!(
            (w.hard_days.clone(), w.longest_run_s),
            (vec![3], 165.0 * 60.0)
        );
    }

    #[test]
    fn a_session_that_runs_into_the_next_week_is_a_run_of_both() {
        // A warm-up on Sunday night (week 0, day 6), the race after midnight (week 7, day 7):
        // the race's week had its time and no run, and was left out of every table.
        let part = |week, day, class, minutes: f64| Session {
            week,
            day,
            later_weeks: Vec::new(),
            class,
            longest_file_s: minutes * 60.0,
            moving_s: minutes * 60.0,
            gray_zone: false,
            accidental: false,
            harder_than_planned: false,
            easier_than_planned: false,
        };
        let mut s = part(0, 6, RunClass::Easy, 20.0);
        s.add(part(7, 7, RunClass::Hard, 40.0));
        s.add(part(7, 7, RunClass::Easy, 10.0));
        let mut weeks = BTreeMap::from([(0, Week::default()), (7, Week::default())]);
        s.count_in(&mut weeks);
        // A run of each week, with its running there; one hard day, the day it began (two
        // had read as hard days back to back).
        for (at, hard_days, longest) in [(0, vec![6], 20.0), (7, vec![], 50.0)] {
            let w = &weeks[&at];
            assert_eq!((w.runs, w.hard_runs, w.easy_runs), (1, 1, 0), "week {at}");
            assert_eq!(w.hard_days, hard_days, "week {at}");
            assert_eq!(w.longest_run_s, longest * 60.0, "week {at}");
        }
    }

    #[test]
    fn iso_weeks_start_on_monday() {
        // 2024-01-01 was a Monday (ISO 2024-W01); 2023-01-01 a Sunday (ISO 2022-W52).
        let d2024 = date_to_day(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(
            week_of(d2024, WeekStart::Monday).unwrap(),
            ("2024-W01".into(), "2024-01-01".into(), d2024)
        );
        assert_eq!(week_of(d2024 + 6, WeekStart::Monday).unwrap().0, "2024-W01");
        assert_eq!(week_of(d2024 + 7, WeekStart::Monday).unwrap().0, "2024-W02");
        let d2023 = date_to_day(NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert_eq!(week_of(d2023, WeekStart::Monday).unwrap().0, "2022-W52");
        assert_eq!(week_of(d2023, WeekStart::Monday).unwrap().1, "2022-12-26");
    }

    #[test]
    fn sunday_weeks_start_on_sunday_and_are_named_by_it() {
        let day = |y, m, d| date_to_day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        // Sunday 2023-01-01 opens its own Sunday week; the Saturday after is still in it, and
        // the next Sunday opens the next one.
        assert_eq!(
            week_of(day(2023, 1, 1), WeekStart::Sunday).unwrap(),
            (
                "Sun 2023-01-01".into(),
                "2023-01-01".into(),
                day(2023, 1, 1)
            )
        );
        assert_eq!(
            week_of(day(2023, 1, 7), WeekStart::Sunday).unwrap().0,
            "Sun 2023-01-01"
        );
        assert_eq!(
            week_of(day(2023, 1, 8), WeekStart::Sunday).unwrap().0,
            "Sun 2023-01-08"
        );
        // Monday 2024-01-01 belongs to the week of Sunday 2023-12-31, across the new year.
        assert_eq!(
            week_of(day(2024, 1, 1), WeekStart::Sunday).unwrap(),
            (
                "Sun 2023-12-31".into(),
                "2023-12-31".into(),
                day(2023, 12, 31)
            )
        );
        assert_eq!(WeekStart::from_name(" Sunday"), Some(WeekStart::Sunday));
        assert_eq!(WeekStart::from_name("saturday"), None);
    }

    #[test]
    fn a_marathon_s_moderate_hours_make_no_gray_zone_week() {
        // Three easy hours and a marathon half moderate (75 minutes of it): 26 % of the week
        // moderate, all of it the race's. The same 75 minutes in training runs are a habit.
        let none = ExportDays::default();
        let raced = Week {
            runs: 4,
            low_s: 3.0 * 3600.0 + 300.0,
            moderate_s: 75.0 * 60.0,
            high_s: 70.0 * 60.0,
            race_zoned_s: 145.0 * 60.0,
            race_moderate_s: 75.0 * 60.0,
            ..Default::default()
        };
        assert!(raced.zone_pcts().1 >= GRAY_HEAVY_MODERATE_PCT);
        assert!(!names(week_flags(&raced, &none, false, 80.0)).contains(&"gray_zone_heavy"));
        let trained = Week {
            race_zoned_s: 0.0,
            race_moderate_s: 0.0,
            ..raced.clone()
        };
        assert!(names(week_flags(&trained, &none, false, 80.0)).contains(&"gray_zone_heavy"));
        // 3 hours of training 22 % moderate beside a 3.5-hour marathon: the habit is the
        // training's, which the race's hours do not dilute.
        let beside = Week {
            runs: 4,
            low_s: 140.0 * 60.0 + 105.0 * 60.0,
            moderate_s: 40.0 * 60.0 + 105.0 * 60.0,
            high_s: 0.0,
            race_zoned_s: 210.0 * 60.0,
            race_moderate_s: 105.0 * 60.0,
            ..Default::default()
        };
        assert!(names(week_flags(&beside, &none, false, 80.0)).contains(&"gray_zone_heavy"));
    }

    #[test]
    fn a_recovery_run_the_day_after_a_week_s_last_hard_day_counts_across_its_edge() {
        // Four run days, Sunday's intervals, Monday's recovery run in the next week.
        let week = Week {
            runs: 4,
            run_days: 4,
            easy_runs: 3,
            hard_runs: 1,
            hard_days: vec![6],
            ..Week::default()
        };
        let alone = ExportDays::default();
        assert!(names(week_flags(&week, &alone, false, 80.0)).contains(&"no_recovery_run"));
        let recovered = ExportDays {
            recovery: [7].into(),
            ..ExportDays::default()
        };
        assert!(!names(week_flags(&week, &recovered, false, 80.0)).contains(&"no_recovery_run"));
        // Two days after is no recovery run of that workout's.
        let later = ExportDays {
            recovery: [8].into(),
            ..ExportDays::default()
        };
        assert!(names(week_flags(&week, &later, false, 80.0)).contains(&"no_recovery_run"));
    }

    #[test]
    fn below_80_20_is_told_on_the_share_the_week_shows() {
        // 79.96 % low is shown as 80.0 and 80 % of 5 runs are easy: no flag. 79.94 % is 79.9.
        let none = ExportDays::default();
        let week = |low_s: f64| Week {
            runs: 5,
            easy_runs: 4,
            hard_runs: 1,
            low_s,
            moderate_s: 10_000.0 - low_s,
            ..Default::default()
        };
        assert!(!names(week_flags(&week(7_996.0), &none, false, 80.0)).contains(&"below_80_20"));
        assert!(names(week_flags(&week(7_994.0), &none, false, 80.0)).contains(&"below_80_20"));
        assert!(!names(week_flags(&week(7_994.0), &none, false, 80.0))
            .contains(&"below_80_20_sessions"));
    }

    #[test]
    fn a_verdict_over_no_week_says_so() {
        assert_eq!(
            Verdict::of(&[], 80.0).sentence(),
            "No week with runs to count."
        );
        let week = Week {
            runs: 1,
            easy_runs: 1,
            low_s: 100.0,
            ..Default::default()
        };
        assert!(Verdict::of(&[week], 80.0)
            .sentence()
            .starts_with("1 of 1 week had at least 80 %"));
    }

    #[test]
    fn a_week_is_flagged_against_the_runners_target_and_says_which() {
        // 77 % low and 4 of 5 runs easy: a miss of 80, none of 75; a miss of 85 both ways
        // (review 36 §3.1, 37 §3.1: the flag stayed at 80 whatever --min-easy said).
        let none = ExportDays::default();
        let week = Week {
            runs: 5,
            easy_runs: 4,
            hard_runs: 1,
            low_s: 7_700.0,
            high_s: 2_300.0,
            ..Default::default()
        };
        assert_eq!(
            week_flags(&week, &none, false, 80.0),
            vec![WeekFlag::BelowTarget { target_pct: 80.0 }]
        );
        assert_eq!(week_flags(&week, &none, false, 75.0), vec![]);
        let at_85 = week_flags(&week, &none, false, 85.0);
        assert_eq!(
            names(at_85.clone()),
            ["below_80_20", "below_80_20_sessions"]
        );
        let words: Vec<String> = at_85.into_iter().map(WeekFlag::words).collect();
        assert_eq!(words, ["low < 85 %", "easy runs < 85 %"]);
        assert_eq!(
            WeekFlag::BelowTarget { target_pct: 77.5 }.words(),
            "low < 77.5 %"
        );
    }

    #[test]
    fn polarization_index_only_for_polarized_weeks() {
        let w = Week {
            low_s: 80.0,
            moderate_s: 5.0,
            high_s: 15.0,
            ..Default::default()
        };
        let pi = w.polarization_index().unwrap();
        assert!((pi - (0.80f64 / 0.05 * 0.15 * 100.0).log10()).abs() < 1e-9);
        let pyramidal = Week {
            low_s: 80.0,
            moderate_s: 15.0,
            high_s: 5.0,
            ..Default::default()
        };
        assert_eq!(pyramidal.polarization_index(), None);
        let (l, m, h) = pyramidal.zone_pcts();
        assert_eq!(l + m + h, 100.0);
    }
}
