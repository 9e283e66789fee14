//! The words of a verdict: a run's class, the kind of session it was, and the flags a runner
//! looks at. A leaf: the classifier gives them, the overrides and every report name them.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RunClass {
    Recovery,
    Easy,
    Hard,
}

impl RunClass {
    pub fn name(self) -> &'static str {
        match self {
            RunClass::Recovery => "recovery",
            RunClass::Easy => "easy",
            RunClass::Hard => "hard",
        }
    }
}

/// What kind of session a run was, in a coach's words (for reasons and next-day context).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Recovery,
    Easy,
    LongRun,
    GrayZone,
    Intervals,
    Hills,
    Tempo,
    Race,
    Fartlek,
    /// Easy start, building to threshold by the end, on a day planned hard.
    Progression,
    AccidentalWorkout,
    /// The easy jog before a workout, saved as its own file minutes before it.
    WarmUp,
    /// The easy jog after a workout, saved as its own file minutes after it.
    CoolDown,
}

impl SessionKind {
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Recovery => "recovery run",
            SessionKind::Easy => "easy run",
            SessionKind::LongRun => "long run",
            SessionKind::GrayZone => "gray-zone run",
            SessionKind::Intervals => "intervals",
            SessionKind::Hills => "hill repeats",
            SessionKind::Tempo => "tempo run",
            SessionKind::Race => "race effort",
            SessionKind::Fartlek => "fartlek",
            SessionKind::Progression => "progression run",
            SessionKind::AccidentalWorkout => "accidental workout",
            SessionKind::WarmUp => "warm-up",
            SessionKind::CoolDown => "cool-down",
        }
    }

    /// Sessions after which the next day should be easy or recovery (COACHING_RULES: intervals,
    /// tempo or race-pace work, hills, long run). A warm-up or cool-down is not: its workout is.
    pub fn is_hard_session(self) -> bool {
        !matches!(
            self,
            SessionKind::Recovery | SessionKind::Easy | SessionKind::WarmUp | SessionKind::CoolDown
        )
    }

    /// A warm-up or cool-down: part of its workout's session, not a session of its own.
    pub fn is_part_of_a_workout(self) -> bool {
        matches!(self, SessionKind::WarmUp | SessionKind::CoolDown)
    }
}

/// What a verdict flags for the runner to look at: the README's table of flags, one name each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// An easy day that turned into tempo or harder.
    AccidentalWorkout,
    /// The day after a hard session, too fast for the recovery run it should have been.
    RecoveryTooFast,
    /// The day after a hard session, too long for a recovery run.
    RecoveryTooLong,
    /// A recovery run longer than the runner's usual easy runs.
    RecoveryLongerThanBaseRuns,
    /// Planned recovery or easy, run hard.
    HarderThanPlanned,
    /// Planned as a workout or a race, run easy.
    EasierThanPlanned,
    /// Within 2 days after a half marathon or longer.
    TooSoonAfterRace,
    /// Judged by pace: no usable heart rate.
    PaceOnly,
    /// The heart rate was cleaned (strap spikes, dropouts, a sensor locked on cadence).
    HrCleaned,
}

impl Flag {
    /// Every flag, in the README's order.
    pub const ALL: [Flag; 9] = [
        Flag::AccidentalWorkout,
        Flag::RecoveryTooFast,
        Flag::RecoveryTooLong,
        Flag::RecoveryLongerThanBaseRuns,
        Flag::HarderThanPlanned,
        Flag::EasierThanPlanned,
        Flag::TooSoonAfterRace,
        Flag::PaceOnly,
        Flag::HrCleaned,
    ];

    /// The name the outputs carry (`flags` column, `explain`).
    pub fn name(self) -> &'static str {
        match self {
            Flag::AccidentalWorkout => "accidental_workout",
            Flag::RecoveryTooFast => "recovery_too_fast",
            Flag::RecoveryTooLong => "recovery_too_long",
            Flag::RecoveryLongerThanBaseRuns => "recovery_longer_than_base_runs",
            Flag::HarderThanPlanned => "harder_than_planned",
            Flag::EasierThanPlanned => "easier_than_planned",
            Flag::TooSoonAfterRace => "too_soon_after_race",
            Flag::PaceOnly => "pace_only",
            Flag::HrCleaned => "hr_cleaned",
        }
    }
}
