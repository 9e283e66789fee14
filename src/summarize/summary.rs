//! Per-run summary: one pass over an activity's samples, after which the samples are dropped.
//!
//! The summary keeps everything later stages need so no file is ever decoded twice: the totals a
//! runner recognises from their watch, the cleaned heart-rate peaks, and a coarse time series
//! (10-second buckets of moving time, distance, heart rate and climb) from which baseline and
//! classification compute zones against whatever baseline applies at the run's date.

use crate::activity::{
    Activity, DeviceTotals, Family, Intent, Pause, QualityNote, Sample, SourceFormat, Sport,
    UnixTime, WatchSettings,
};
use crate::summarize::hr_clean::{self, HrCleaning};
use crate::summarize::motion::{
    classify_intervals, count_stops, per_sample_speed, Interval, Motion, Track,
};
// The series' bucket and the track's source are theirs; said here too, where a summary's
// readers have always found them.
pub use crate::summarize::motion::DistanceSource;
pub use crate::summarize::series::{Bucket, Series, BUCKET_S};
use crate::summarize::sport;
use crate::summarize::vehicle;
use crate::summarize::walks::{self, walk_breaks, WalkBreaks, Walks};

/// Longest series kept (≈ 55 h); later samples pile into the last bucket.
const MAX_BUCKETS: usize = 20_000;
/// Far enough from a bucket's edge that the rounding of a time's division by [`BUCKET_S`] cannot
/// carry it over: the edges are below `MAX_BUCKETS × BUCKET_S` = 2·10^5 s, where a quotient is
/// within 10^-11 of exact.
const EDGE_S: f64 = 1e-6;
/// Altitude must change by this much before it counts as climb (barometer and GPS noise).
const CLIMB_HYSTERESIS_M: f64 = 3.0;
/// Faster than anyone climbs on foot or on a bike (a vertical kilometre's best climb 0.5 m/s): an
/// altitude that moves more than this between two records, beyond the hysteresis, is the
/// altimeter's jump (a barometer settling in the first seconds, +37.5 m in 24 s; a GPS altitude
/// spike), not ground climbed.
const MAX_CLIMB_MPS: f64 = 1.0;

/// The marks of an activity's clock it recorded a fix at, in order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClockMarks(Box<[ClockMark]>);

impl ClockMarks {
    pub fn as_slice(&self) -> &[ClockMark] {
        &self.0
    }
}

impl FromIterator<ClockMark> for ClockMarks {
    fn from_iter<I: IntoIterator<Item = ClockMark>>(marks: I) -> Self {
        ClockMarks(marks.into_iter().collect())
    }
}

/// Where an activity was at a mark of the clock: the first GPS fix at most
/// [`CLOCK_MARK_SLACK_S`] after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClockMark {
    /// The mark: seconds since the epoch over [`CLOCK_MARK_S`].
    pub mark: u32,
    pub lat: f32,
    pub lon: f32,
}

/// Marks every ten minutes of the clock (07:00:00, 07:10:00, … UTC): any two recordings of the
/// same minutes pass the same marks, whenever each was started.
pub const CLOCK_MARK_S: f64 = 600.0;
/// A fix this long after a mark stands for it (a phone may fix every 25 s): at a run's pace, some
/// 100 m on from where the runner was at the mark.
pub const CLOCK_MARK_SLACK_S: f64 = 30.0;

/// Where the activity was at each clock mark it recorded a fix within the slack of (a one-hour
/// run: six, 12 bytes each).
fn clock_marks(samples: &[Sample]) -> ClockMarks {
    let mut marks: Vec<ClockMark> = Vec::new();
    // Samples are in time order: from the first sample at or after a mark, a binary search jumps
    // to the next mark's (a run's handful of marks, whatever its number of samples or its span).
    let mut i = 0;
    while let Some(first) = samples.get(i) {
        let mark = (first.time / CLOCK_MARK_S).floor();
        let at = mark * CLOCK_MARK_S;
        let fix = samples[i..]
            .iter()
            .take_while(|s| s.time - at <= CLOCK_MARK_SLACK_S)
            .find_map(|s| s.position.filter(|p| crate::summarize::geo::plausible(*p)));
        if let (Some(p), true) = (fix, (0.0..=f64::from(u32::MAX)).contains(&mark)) {
            marks.push(ClockMark {
                mark: mark as u32,
                lat: p.0 as f32,
                lon: p.1 as f32,
            });
        }
        let next = at + CLOCK_MARK_S;
        i += samples[i..].partition_point(|s| s.time < next).max(1);
    }
    ClockMarks(marks.into_boxed_slice())
}

/// Everything grayzone keeps of one activity.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub format: SourceFormat,
    pub sport: Sport,
    pub sport_inferred: bool,
    pub sport_raw: String,
    pub device: Option<String>,
    pub start_time: UnixTime,
    pub utc_offset_s: Option<i32>,
    pub moving_time_s: f64,
    pub elapsed_time_s: f64,
    pub timer_time_s: Option<f64>,
    pub distance_m: f64,
    pub distance_source: DistanceSource,
    /// Where each step's distance, and so its pace, came from. Not always the total's source: a
    /// file can carry the session's total distance from the device while its records have only
    /// GPS fixes (or a distance in too few of them to follow), and then the pace of a step is a
    /// pace from fixes. `None` in a summary written before it was
    /// kept: see [`Summary::pace_source`].
    #[serde(default)]
    pub track_source: Option<DistanceSource>,
    /// Mean of the cleaned heart rate over time: each reading held until the next sample, at most
    /// 60 s (`HR_HOLD_MAX_S`), and over records without a reading for up to 15 s; timer pauses
    /// left out (as the device computes its own average).
    pub avg_hr: Option<f64>,
    pub max_hr: Option<u8>,
    /// Highest 5-second rolling median of cleaned HR: a max that no single spike can set.
    pub peak_hr_5s: Option<f64>,
    pub hr_coverage_pct: f64,
    pub elevation_gain_m: Option<f64>,
    pub avg_cadence: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub timer_pauses: u32,
    pub stops: u32,
    pub laps: u32,
    pub has_gps: bool,
    /// Where the activity started (lat, lon), if it has GPS.
    pub start_position: Option<(f64, f64)>,
    /// Where it was at each mark of the clock it passed with GPS (see [`clock_marks`]): two
    /// recordings of one run were in the same places then, two people's runs were not.
    #[serde(default)]
    pub clock_marks: ClockMarks,
    pub samples: usize,
    pub hr_cleaning: HrCleaningReport,
    /// Why these figures cannot be a run's (also a quality note): such a "run" is not judged.
    pub implausible: Option<String>,
    pub quality: Vec<QualityNote>,
    pub series: Series,
    /// A run-walk session's walk breaks, read off the series (see [`crate::summarize::walks`]). Absent from
    /// summaries written before it was kept: none.
    #[serde(default)]
    pub walk_breaks: Option<WalkBreaks>,
    /// The walks the judge leaves out: before the running (to the start), a walk or two in the
    /// middle of it, after it (home); see [`crate::summarize::walks::Walks`]. Absent from
    /// summaries written before it was kept: none.
    #[serde(default, alias = "end_walks")]
    pub walks: Option<Walks>,
    /// What the runner and the watch said the run was meant to be, as decoded.
    pub intent: Intent,
    /// The watch's own heart-rate settings on the day.
    pub watch: WatchSettings,
    /// What the export's index (Strava's `activities.csv`, Garmin's summarized activities) says
    /// of the run: its name, description, id, race or long-run marker. Boxed: most files have
    /// none, and every row would otherwise carry its 168 bytes.
    pub index: Option<Box<crate::ingest::index::IndexEntry>>,
}

/// What HR cleaning removed, without the per-sample vector.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HrCleaningReport {
    pub out_of_range: usize,
    pub spike_s: f64,
    pub dropout_samples: usize,
    /// Seconds of HR dropped as read off the step rate (`hr_cadence_lock`), the step rate it
    /// read, and how far above the surrounding HR at the same pace.
    pub cadence_lock_s: f64,
    pub cadence_lock_steps: f64,
    pub cadence_lock_jump_bpm: f64,
}

impl HrCleaningReport {
    pub fn changed(&self) -> bool {
        self.out_of_range > 0
            || self.spike_s > 0.0
            || self.dropout_samples > 0
            || self.cadence_lock_s > 0.0
    }
}

/// Pace (s/km) over `secs` of moving time and `metres`, when it has ground enough to be one.
fn pace_s_per_km(secs: f64, metres: f64) -> Option<f64> {
    (metres > 50.0 && secs > 0.0).then(|| secs / metres * 1000.0)
}

impl Summary {
    /// Where the pace of each step came from (see [`Summary::track_source`]); for a summary
    /// written before that was kept, the total's source.
    pub fn pace_source(&self) -> DistanceSource {
        self.track_source.unwrap_or(self.distance_source)
    }

    pub fn has_hr(&self) -> bool {
        self.avg_hr.is_some()
    }

    /// A file that names no sport takes the one the export's index gives it (Strava's
    /// `activities.csv` says "Ride" of a phone's GPX without a `<type>`): the runner's own record,
    /// where the evidence and the title could only guess. Returns whether the sport changed.
    pub fn take_sport_from_index(&mut self) -> bool {
        let Some(word) = self.index.as_ref().and_then(|e| e.sport.clone()) else {
            return false;
        };
        let indexed = Sport::from_text(&word, None);
        // A walk by all the evidence (`walk_not_run`) stays one, as when the file says run.
        let walked = self.quality.iter().any(|q| q.code == "walk_not_run");
        // A file that names no sport of its own: none, or TCX's "Other" and FIT's "generic",
        // which say only that it is none of theirs (a Zwift ride's TCX, `Sport="Other"`, stayed
        // "other" where Strava's list says VirtualRide: probe 34 P9).
        let named = !self.sport_raw.trim().is_empty()
            && Sport::from_text(&self.sport_raw, None) != Sport::Other;
        if named || indexed == Sport::Other || indexed == self.sport || walked && indexed.is_run() {
            return false;
        }
        // A "run" faster on average than any runner holds a session is a ride logged as a run:
        // read, not judged, as when the file says run.
        if indexed.is_run() && !self.sport.is_run() && self.implausible.is_none() {
            let speed = self.distance_m / self.moving_time_s.max(1.0);
            if speed > sport::RUN_MAX_MEDIAN_MPS {
                self.implausible = Some(format!(
                    "{speed:.1} m/s on average over the moving time: faster than any runner holds for a session (a ride logged as a run?)"
                ));
            }
        }
        // Steps a minute for a walk or a run, a crank's turns for the rest.
        let steps = |s: Sport| s.on_foot();
        if steps(self.sport) != steps(indexed) {
            let factor = if steps(indexed) { 2.0 } else { 0.5 };
            self.avg_cadence = self.avg_cadence.map(|c| c * factor);
        }
        let guessed = self.sport;
        self.sport = indexed;
        self.sport_inferred = false;
        self.quality.retain(|q| {
            !matches!(
                q.code,
                "sport_inferred" | "sport_unknown" | "sport_from_title"
            )
        });
        self.quality.push(QualityNote::new(
            "sport_from_index",
            format!(
                "no sport in the file: the export's index says \"{}\" (taken as {}, not the {} the file's evidence or title suggested)",
                word.chars().take(40).collect::<String>(),
                indexed.name(),
                guessed.name()
            ),
        ));
        true
    }

    /// Pace in seconds per km over moving time, for activities that cover ground.
    pub fn pace_s_per_km(&self) -> Option<f64> {
        pace_s_per_km(self.moving_time_s, self.distance_m)
    }

    /// Moving time of the run without its walks (see [`Walks`]): what its effort is judged over.
    pub fn run_moving_s(&self) -> f64 {
        self.moving_time_s - self.walks.map_or(0.0, |w| w.walk_s())
    }

    /// Distance of the run without its walks.
    pub fn run_distance_m(&self) -> f64 {
        self.distance_m - self.walks.map_or(0.0, |w| w.walk_m)
    }

    /// Metres climbed per kilometre run, over a kilometre or more: how much of the pace is the
    /// ground's.
    pub fn climb_m_per_km(&self) -> Option<f64> {
        self.elevation_gain_m
            .filter(|_| self.run_distance_m() >= 1000.0)
            .map(|c| c / (self.run_distance_m() / 1000.0))
    }

    /// Pace over the run without its walks (s/km).
    pub fn run_pace_s_per_km(&self) -> Option<f64> {
        pace_s_per_km(self.run_moving_s(), self.run_distance_m())
    }

    /// The run's series as the judge reads it: without its walks.
    pub fn run_series(&self) -> Vec<Bucket> {
        let mut series = self.series.to_vec();
        self.leave_out_walks(&mut series);
        series
    }

    /// Leaves the run's walks out of `series` (this run's, decoded; see [`Walks::leave_out`]).
    pub fn leave_out_walks(&self, series: &mut Vec<Bucket>) {
        if let Some(w) = self.walks {
            w.leave_out(series);
        }
    }

    /// Average HR of the run without its walks: the file's own average when it has none.
    pub fn run_avg_hr(&self) -> Option<f64> {
        match self.walks {
            Some(w) => self.avg_hr.and(w.run_avg_hr),
            None => self.avg_hr,
        }
    }
}

/// Condenses an activity. Consumes it so its samples are freed as soon as we are done.
pub fn summarize(activity: Activity) -> Summary {
    let Activity {
        format,
        sport,
        sport_raw,
        device,
        mut samples,
        mut pauses,
        utc_offset_s,
        totals,
        mut laps,
        lap_starts,
        notes,
        intent,
        watch,
    } = activity;
    samples.retain(|s| s.time.is_finite());
    crate::activity::sort_by_time(&mut samples);
    let mut quality = notes;
    let titled = titled_sport(sport, &sport_raw, intent.title.as_deref(), &mut quality);
    let sport = titled.unwrap_or(sport);
    let totals = possible_totals(totals, &samples, &mut quality);
    let mut totals = drop_samples_outside_session(&mut samples, &totals, &mut quality);
    merge_same_time(&mut samples);

    // Measured the same way whatever the sport (the sport is only read, or guessed, afterwards),
    // but for the cadence lock, which a file that names a ride or a swim rules out.
    let track = leave_out_car_rides(
        sport,
        &mut samples,
        &mut pauses,
        lap_starts,
        &mut laps,
        &mut totals,
        &mut quality,
    );
    let moving = classify_intervals(&samples, &track, &pauses);
    let hr = cleaned_hr(sport, &samples, &track, &moving);

    // One pass over the intervals makes the series and the totals that come from the same sums.
    let (series, sums) = build_series(&samples, &moving, &hr);
    let Measured {
        start_time,
        moving_time_s,
        elapsed_time_s,
        distance_m,
        distance_source,
        fragment,
    } = measure(format, &samples, &totals, &track, &sums, &mut quality);
    let stops = count_stops(&moving);

    let sparse = sparse(fragment, samples.len(), &sums, &mut quality);
    // The walks to the start, home and in the middle are judged apart from the run: their few
    // faster buckets (a GPS track's jitter) must not make them walk breaks. A run-walk session's
    // first and last walks are two of its breaks, read apart from its running with the others,
    // as they always were.
    let (breaks, walked) = if sparse {
        (None, None)
    } else {
        breaks_or_walks(&series)
    };
    let Heart {
        coverage_pct: hr_coverage_pct,
        avg_hr,
        max_hr,
    } = heart(&hr, &sums, &totals, moving_time_s, sparse, &mut quality);
    let peak_hr_5s = peak_rolling_median(&samples, &hr.hr, 5.0);

    let elevation_gain_m = totals.ascent_m.or_else(|| climb(&samples));
    let avg_power_w = mean(
        samples
            .iter()
            .filter_map(|s| s.power_w)
            .filter(|&p| p > 0)
            .map(f64::from),
    );

    if hr.changed() {
        describe_cleaning(&hr, &mut quality);
    }
    let evidence = sport_evidence(sport, &sport_raw, &samples, &track, &moving, &sums, avg_hr);
    let (sport, sport_inferred) =
        settled_sport(sport, &sport_raw, titled.is_some(), &evidence, &mut quality);
    let avg_cadence = average_cadence(&sums, sport);
    let implausible = implausible_speed(distance_m, moving_time_s, elapsed_time_s).or_else(|| {
        sport
            .is_run()
            .then(|| sport::beyond_a_runner(&evidence))
            .flatten()
    });
    if let Some(why) = &implausible {
        quality.push(QualityNote::new("implausible_speed", why.clone()));
    }
    if max_hr.is_none() && from_apple_health(format, device.as_deref()) {
        quality.push(QualityNote::new(
            "apple_health_route",
            "a route from an Apple Health export: the workout's heart rate stays in the export's export.xml, which grayzone does not read, so it is judged by pace; HealthFit or RunGap export Apple Watch workouts as FIT files with it".to_string(),
        ));
    }

    Summary {
        format: format.unwrap_or(SourceFormat::Fit),
        sport,
        sport_inferred,
        sport_raw,
        device,
        start_time,
        utc_offset_s,
        moving_time_s,
        elapsed_time_s,
        timer_time_s: totals.timer_s,
        distance_m,
        distance_source,
        track_source: Some(if sparse {
            DistanceSource::None
        } else {
            track.source
        }),
        avg_hr,
        max_hr,
        peak_hr_5s,
        hr_coverage_pct,
        elevation_gain_m,
        avg_cadence,
        avg_power_w,
        timer_pauses: u32::try_from(pauses.len()).unwrap_or(u32::MAX),
        stops,
        laps,
        has_gps: track.has_gps,
        start_position: samples
            .iter()
            .filter_map(|s| s.position)
            .find(|p| crate::summarize::geo::plausible(*p)),
        clock_marks: clock_marks(&samples),
        samples: samples.len(),
        hr_cleaning: HrCleaningReport::from(&hr),
        implausible,
        quality,
        walks: walked,
        walk_breaks: breaks,
        series: if sparse {
            Series::default()
        } else {
            Series::from(series.as_slice())
        },
        intent,
        watch,
        index: None,
    }
}

/// A run whose watch rode home in a car: the run is what is left (its samples, pauses and laps),
/// and the device's totals, which count the ride, say nothing of it. The track of what is kept.
fn leave_out_car_rides(
    sport: Sport,
    samples: &mut Vec<Sample>,
    pauses: &mut Vec<Pause>,
    lap_starts: Vec<f64>,
    laps: &mut u32,
    totals: &mut DeviceTotals,
    quality: &mut Vec<QualityNote>,
) -> Track {
    let track = Track::build(samples, pauses);
    let Some(run) = sport
        .is_run()
        .then(|| vehicle::run_between_rides(samples, &track, pauses))
        .flatten()
    else {
        return track;
    };
    quality.push(run.note(samples));
    if let Some(kept) = leave_the_rides_out(&run, samples, pauses, lap_starts) {
        *laps = kept;
    }
    *totals = DeviceTotals {
        start_time: totals.start_time.filter(|_| run.before.is_none()),
        ..DeviceTotals::default()
    };
    Track::build(samples, pauses)
}

/// The heart rate cleaned of what no heart does: readings out of range, strap spikes, dropouts,
/// and a wrist sensor that counted steps.
fn cleaned_hr(sport: Sport, samples: &[Sample], track: &Track, moving: &Motion) -> HrCleaning {
    let per_sample_speed = per_sample_speed(samples, moving);
    let mut hr = hr_clean::clean(samples, &per_sample_speed);
    // A wrist reads the arm's swing on foot: a crank's or a stroke's rate near the heart's is no
    // step rate (a ride's 70 rpm is not "141 steps a minute").
    if !matches!(sport.family(), Family::Cycling | Family::Swimming) {
        hr.cadence_lock = hr_clean::remove_cadence_lock(samples, &track.cumulative_m, &mut hr.hr);
    }
    hr
}

/// Records so far apart that nothing inside the run is known (two points 42 minutes apart, as a
/// converter writes a summary): its time and distance count, its intensity cannot be told, and
/// it is judged as a run of lap totals alone (no zones, no shape). Said in a note, unless the
/// run is a fragment (which says so itself).
fn sparse(
    fragment: bool,
    records: usize,
    sums: &IntervalSums,
    quality: &mut Vec<QualityNote>,
) -> bool {
    let too_far_apart =
        records >= 2 && sums.unresolved_s > (1.0 - SPARSE_MAX_SHARE) * sums.moving_s;
    if too_far_apart && !fragment {
        quality.push(QualityNote::new(
            "sparse_records",
            format!(
                "{} records over {} of moving time, {:.0} % of it between records more than {:.0} s apart: too far apart to tell its intensity",
                records,
                crate::activity::units::clock(sums.moving_s),
                sums.unresolved_s / sums.moving_s * 100.0,
                SPARSE_INTERVAL_S
            ),
        ));
    }
    fragment || too_far_apart
}

impl From<&HrCleaning> for HrCleaningReport {
    fn from(hr: &HrCleaning) -> Self {
        HrCleaningReport {
            out_of_range: hr.out_of_range,
            spike_s: hr.spike_s,
            dropout_samples: hr.dropout_samples,
            cadence_lock_s: hr.cadence_lock.seconds,
            cadence_lock_steps: hr.cadence_lock.steps_per_min,
            cadence_lock_jump_bpm: hr.cadence_lock.jump_bpm,
        }
    }
}

/// The sport a file that names none gives in its title ("Morning Run"), with a note saying so.
fn titled_sport(
    sport: Sport,
    sport_raw: &str,
    title: Option<&str>,
    quality: &mut Vec<QualityNote>,
) -> Option<Sport> {
    let named = names_no_sport(sport, sport_raw)
        .then(|| title.and_then(Sport::from_title))
        .flatten()?;
    quality.push(QualityNote::new(
        "sport_from_title",
        format!(
            "no sport in the file: taken as {} from its title \"{}\"",
            named.name(),
            title.map_or(String::new(), |t| t.chars().take(60).collect())
        ),
    ));
    Some(named)
}

/// Cuts a recording down to the run between its rides (`run.keep`), with its pauses; the laps
/// run in the car (the watch's auto-lap every kilometre of the drive) leave the count, which is
/// returned when the file dated its laps and some of the run remains.
fn leave_the_rides_out(
    run: &vehicle::RunBetweenRides,
    samples: &mut Vec<Sample>,
    pauses: &mut Vec<Pause>,
    lap_starts: Vec<f64>,
) -> Option<u32> {
    samples.truncate(run.keep.end() + 1);
    samples.drain(..*run.keep.start());
    let (first, last) = (samples.first()?.time, samples.last()?.time);
    // A pause at the car park, or in the traffic, is none of the run's.
    pauses.retain(|p| p.resumed_at > first && p.stopped_at < last);
    (!lap_starts.is_empty()).then(|| laps_during(lap_starts, first, last))
}

/// The run's start, times and distance.
struct Measured {
    start_time: UnixTime,
    moving_time_s: f64,
    elapsed_time_s: f64,
    distance_m: f64,
    distance_source: DistanceSource,
    /// Trackpoints covering too small a part of a TCX's laps to tell the run's intensity by.
    fragment: bool,
}

/// The run's start: the device's, unless its own time from it cannot reach its records (then
/// the first record's, and a note says so); without a device start, the first record's.
fn start_of(
    totals: &DeviceTotals,
    first: Option<UnixTime>,
    last: Option<UnixTime>,
    quality: &mut Vec<QualityNote>,
) -> UnixTime {
    match (totals.start_time, first, last) {
        (Some(t), Some(first), Some(last))
            if t > 0.0 && !start_meets_records(t, totals, first, last) =>
        {
            quality.push(QualityNote::new(
                "start_off_records",
                if t > last {
                    "the device's start is after its last record: the start is the first record's"
                        .to_owned()
                } else {
                    format!(
                        "the device's start is {} before its first record, and the recording it says it made ends before it: the start is the first record's",
                        crate::activity::units::clock(first - t),
                    )
                },
            ));
            first
        }
        (Some(t), _, _) if t > 0.0 => t,
        (_, Some(t), _) => t,
        _ => 0.0,
    }
}

/// Whether the device's start can be the start of these records: the recording it says it made
/// (to its end, as a FIT session or the TCX laps close it, else its elapsed time, else its timer)
/// reaches the first record, and the start is not after the last. A Garmin Training Center TCX
/// wrote its lap's start six hours before every one of its trackpoints; taken as written, a run
/// near midnight moves to another day. Without an end or a time of its own the start stands.
fn start_meets_records(
    start: UnixTime,
    totals: &DeviceTotals,
    first: UnixTime,
    last: UnixTime,
) -> bool {
    const SLACK_S: f64 = 60.0;
    let positive = |s: &f64| *s > 0.0;
    let Some(end) = totals.end_time.filter(|end| *end > start).or_else(|| {
        let own = totals
            .elapsed_s
            .filter(positive)
            .or(totals.timer_s.filter(positive))?;
        Some(start + own)
    }) else {
        return true;
    };
    end + SLACK_S >= first && start <= last + SLACK_S
}

/// The run's start, times and distance, from its records and the device's totals; a note says
/// where they disagreed and which was taken.
fn measure(
    format: Option<SourceFormat>,
    samples: &[Sample],
    totals: &DeviceTotals,
    track: &Track,
    sums: &IntervalSums,
    quality: &mut Vec<QualityNote>,
) -> Measured {
    let first = samples.first().map(|s| s.time);
    let last = samples.last().map(|s| s.time);
    let start_time = start_of(totals, first, last, quality);
    let mut elapsed_time_s = match (first, last) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => totals.elapsed_s.unwrap_or(0.0),
    };

    let mut moving_time_s = sums.moving_s;
    if samples.len() < 2 {
        // One point spans no time: the device's totals are all there is. Without an elapsed
        // total, the timer is the best figure for it too.
        moving_time_s = totals.timer_s.unwrap_or(elapsed_time_s);
        if totals.elapsed_s.is_none() {
            elapsed_time_s = elapsed_time_s.max(moving_time_s);
        }
    }
    // Records that stop early (a file broken mid-way whose session survived) would pair a whole
    // session's distance with minutes of time: take the session's own totals, and say so.
    if let (Some(session_elapsed), Some(timer)) = (totals.elapsed_s, totals.timer_s) {
        if session_elapsed > 60.0 && elapsed_time_s < 0.9 * session_elapsed && samples.len() >= 2 {
            quality.push(QualityNote::new(
                "records_incomplete",
                format!(
                    "records cover {:.0} of the session's {:.0} min: times and distance from the session totals",
                    elapsed_time_s / 60.0,
                    session_elapsed / 60.0
                ),
            ));
            elapsed_time_s = session_elapsed;
            moving_time_s = timer;
        }
    }

    let (mut distance_m, mut distance_source) = match (totals.distance_m, track.source) {
        (Some(d), _) if d > 0.0 => (d, DistanceSource::Device),
        (_, DistanceSource::None) => (totals.distance_m.unwrap_or(0.0), DistanceSource::None),
        (_, source) => (track.total_m(), source),
    };
    // TCX laps and trackpoints are two records of one run; when they disagree, one of them lost a
    // part. Distance and time then come from the same one, so the pace is the run's.
    // Trackpoints covering under half of the laps' time are a fragment of the run: what is inside
    // it (its zones, its shape) is not known, as with records minutes apart.
    let mut fragment = false;
    if format == Some(SourceFormat::Tcx) && samples.len() >= 2 {
        if let Some(laps) = laps_against_trackpoints(totals, track, moving_time_s, elapsed_time_s) {
            fragment = laps.from_laps && elapsed_time_s < 0.5 * laps.moving_s;
            let detail = if fragment {
                format!(
                    "{}; the trackpoints are too small a part of the run to tell its intensity by",
                    laps.detail
                )
            } else {
                laps.detail
            };
            quality.push(QualityNote::new("laps_disagree", detail));
            distance_m = laps.distance_m;
            distance_source = laps.source;
            moving_time_s = laps.moving_s;
            elapsed_time_s = elapsed_time_s.max(laps.moving_s);
        }
    }
    if distance_source == DistanceSource::Gps {
        describe_gps_cleaning(track, distance_m, quality);
    }
    if let Some(backwards) = track.from_increments {
        quality.push(QualityNote::new(
            "distance_increments",
            format!(
                "the records' distances go down at {backwards} of their steps: each is read as the metres since the record before, and summed"
            ),
        ));
    }
    if track.from_speed {
        quality.push(QualityNote::new(
            "distance_from_speed",
            "no distance or position in the records: each step's distance is the device's speed over its time"
                .to_string(),
        ));
    }
    let (moving_time_s, elapsed_time_s) = consistent_times(moving_time_s, elapsed_time_s);
    Measured {
        start_time,
        moving_time_s,
        elapsed_time_s,
        distance_m,
        distance_source,
        fragment,
    }
}

/// The run's heart-rate figures.
struct Heart {
    /// Share of the moving time with a (cleaned) reading, %: 0 for records too sparse to judge,
    /// 100 for readings without moving time.
    coverage_pct: f64,
    avg_hr: Option<f64>,
    max_hr: Option<u8>,
}

/// Coverage, average and max of the cleaned readings; where the records hold under half the
/// run's heart rate, or are too sparse, the device's own average (and its max, if higher),
/// unless the cleaning took readings out, which the device's average still holds.
fn heart(
    hr: &HrCleaning,
    sums: &IntervalSums,
    totals: &DeviceTotals,
    moving_time_s: f64,
    sparse: bool,
    quality: &mut Vec<QualityNote>,
) -> Heart {
    let coverage_pct = if sparse {
        0.0
    } else if moving_time_s > 0.0 {
        // `+ 0.0`: a sum that started at -0.0 must not print as "-0 %".
        (sums.moving_with_hr_s / moving_time_s * 100.0).min(100.0) + 0.0
    } else if hr.hr.iter().any(|h| h.is_some()) {
        100.0
    } else {
        0.0
    };

    let mut max_hr = hr.hr.iter().flatten().copied().max();
    let mut avg_hr = time_weighted_hr(&hr.hr, sums);
    // Records that carry the heart rate of under half the run (a lap-only export, trackpoints
    // cut short) leave the average to the device, which measured all of it — unless the
    // cleaning took readings out (a strap's spikes, a wrist locked on the step rate): the
    // device's average still holds them.
    let possible = |h: &u8| (hr_clean::MIN_VALID_HR..=hr_clean::MAX_VALID_HR).contains(h);
    if let Some(device) = totals
        .avg_hr
        .filter(possible)
        .filter(|_| !hr.changed())
        .filter(|_| sums.moving_with_hr_s < 0.5 * moving_time_s || sparse)
    {
        avg_hr = Some(f64::from(device));
        max_hr = max_hr.max(totals.max_hr.filter(possible)).max(Some(device));
        quality.push(QualityNote::new(
            "hr_from_device_totals",
            format!(
                "heart rate in the records over {} of {} moving: the average HR is the device's own for the whole run",
                crate::activity::units::clock(sums.moving_with_hr_s),
                crate::activity::units::clock(moving_time_s)
            ),
        ));
    }
    Heart {
        coverage_pct,
        avg_hr,
        max_hr,
    }
}

/// A run-walk session's walk breaks, or the walks left out of a run's judging (see
/// [`walks::walks`]).
fn breaks_or_walks(series: &[Bucket]) -> (Option<WalkBreaks>, Option<Walks>) {
    let whole = walk_breaks(series);
    match walks::walks(series) {
        Some(w) if whole.is_some() && walks::run_walk_between(w.running(series)) => (whole, None),
        Some(w) => (None, Some(w)),
        // A run-walk session's breaks stand counted with a GPS track's jitter in them too.
        None => (whole.filter(|_| walks::run_walk_between(series)), None),
    }
}

/// What the records say of the sport: in full for a file that names none or a "run" at a
/// walker's speed, the speeds alone for any other run, nothing when the file names a sport other
/// than a run.
fn sport_evidence(
    sport: Sport,
    sport_raw: &str,
    samples: &[Sample],
    track: &Track,
    moving: &Motion,
    sums: &IntervalSums,
    avg_hr: Option<f64>,
) -> sport::Evidence {
    // A run as slow as a walk: is it one? (`sport::walked`)
    let walking_speed =
        sums.evidence_distance_m < sport::WALK_CHECK_MAX_MPS * sums.evidence_moving_s;
    // Another sport by the file's own word: nothing below reads the evidence.
    let reading = if names_no_sport(sport, sport_raw) || sport.is_run() && walking_speed {
        Some(sport::Reading::Full)
    } else {
        sport.is_run().then_some(sport::Reading::SpeedOnly)
    };
    match reading {
        None => sport::Evidence::default(),
        Some(sport::Reading::Full) => {
            let moving_flags: Vec<bool> = moving.verdicts.iter().map(|v| v.moving).collect();
            sport::evidence(samples, &track.cumulative_m, &moving_flags, avg_hr)
        }
        Some(sport::Reading::SpeedOnly) => sport::speed_only(
            samples,
            &track.cumulative_m,
            |i| moving.verdicts.get(i).is_some_and(|v| v.moving),
            (sums.evidence_moving_s, sums.evidence_distance_m),
            avg_hr,
        ),
    }
}

/// The sport the run is judged as, and whether it was inferred rather than read: the file's, or
/// guessed from the evidence where it names none, or a walk where a "run" went at a walker's pace
/// (`titled`: the sport came from the file's title, which the walk's note says).
fn settled_sport(
    sport: Sport,
    sport_raw: &str,
    titled: bool,
    evidence: &sport::Evidence,
    quality: &mut Vec<QualityNote>,
) -> (Sport, bool) {
    match infer_sport(sport, sport_raw, evidence) {
        Some(guess) if guess.sport == Sport::Other => {
            quality.push(QualityNote::new(
                "sport_unknown",
                format!(
                    "no sport in the file, and the evidence does not tell: {}; not judged as a run",
                    guess.because
                ),
            ));
            (Sport::Other, false)
        }
        Some(guess) => {
            quality.push(QualityNote::new(
                "sport_inferred",
                format!(
                    "no sport in the file: taken as {} ({})",
                    guess.sport.name(),
                    guess.because
                ),
            ));
            (guess.sport, true)
        }
        None => match sport.is_run().then(|| sport::walked(evidence)).flatten() {
            Some(why) => {
                quality.push(QualityNote::new(
                    "walk_not_run",
                    format!(
                        "{} {}, but {why}: taken as a walk, not judged as a run",
                        if titled {
                            "its title says"
                        } else {
                            "the file says"
                        },
                        sport.name()
                    ),
                ));
                (Sport::Walking, true)
            }
            None => (sport, false),
        },
    }
}

/// The sport, guessed from the evidence when the file does not say (`None`: it does, or there is
/// too little to tell).
fn infer_sport(sport: Sport, sport_raw: &str, evidence: &sport::Evidence) -> Option<sport::Guess> {
    if !names_no_sport(sport, sport_raw) {
        return None;
    }
    sport::infer(evidence)
}

/// The file says nothing of its sport: the evidence guesses it.
fn names_no_sport(sport: Sport, sport_raw: &str) -> bool {
    sport == Sport::Other && sport_raw.trim().is_empty()
}

/// Faster on average than anything that moves under its own power (the hour record on a bike is
/// 15.6 m/s): the figures are wrong, whatever the sport.
pub const MAX_AVERAGE_SPEED_MPS: f64 = 25.0;

/// How many of the laps that began at `starts` were run between `first` and `last`: each lap
/// lasts until the next one begins.
fn laps_during(mut starts: Vec<f64>, first: f64, last: f64) -> u32 {
    starts.retain(|t| t.is_finite());
    starts.sort_by(f64::total_cmp);
    let during = (0..starts.len()).filter(|&k| {
        let next = starts.get(k + 1).copied().unwrap_or(f64::INFINITY);
        starts[k] < last && next > first
    });
    u32::try_from(during.count()).unwrap_or(u32::MAX)
}

/// Why the distance and time cannot be one activity's, if they cannot.
fn implausible_speed(distance_m: f64, moving_s: f64, elapsed_s: f64) -> Option<String> {
    let time = if moving_s > 0.0 { moving_s } else { elapsed_s }.max(1.0);
    let speed = distance_m / time;
    (speed > MAX_AVERAGE_SPEED_MPS && distance_m > 100.0).then(|| {
        format!(
            "{:.0} m in {:.0} s is {speed:.1} m/s on average: no one moves that fast (over {MAX_AVERAGE_SPEED_MPS:.0} m/s)",
            distance_m, time
        )
    })
}

/// TCX laps and trackpoints differ by more than this share of distance: one of them lost a part.
const LAPS_DISAGREE_SHARE: f64 = 0.03;
/// …and by more than this, so a short file's few metres of GPS are no disagreement.
const LAPS_DISAGREE_MIN_M: f64 = 50.0;
/// …and trackpoints without a distance by at least this much time.
const LAPS_DISAGREE_MIN_S: f64 = 60.0;

/// The one source of distance and time, when the laps and the trackpoints disagree.
struct LapsVerdict {
    distance_m: f64,
    source: DistanceSource,
    moving_s: f64,
    detail: String,
    /// The trackpoints lost a part: the laps' figures were taken.
    from_laps: bool,
}

/// Compares the laps' totals with the trackpoints. A record can lose a part (trimmed points, a
/// lap missing), never invent one: the larger distance is the whole run, and its time comes
/// from the same record.
fn laps_against_trackpoints(
    totals: &DeviceTotals,
    track: &Track,
    moving_s: f64,
    elapsed_s: f64,
) -> Option<LapsVerdict> {
    if track.source == DistanceSource::None {
        return trackpoints_without_distance(totals, elapsed_s);
    }
    let lap_m = totals.distance_m.filter(|d| *d > 0.0)?;
    let points_m = track.total_m();
    let gap = (lap_m - points_m).abs();
    if gap <= LAPS_DISAGREE_SHARE * lap_m.max(points_m) || gap <= LAPS_DISAGREE_MIN_M {
        return None;
    }
    let lap_s = totals.timer_s.unwrap_or(0.0);
    let said = format!(
        "laps say {:.2} km in {}, trackpoints {:.2} km in {} ({:.0} % apart)",
        lap_m / 1000.0,
        crate::activity::units::clock(lap_s),
        points_m / 1000.0,
        crate::activity::units::clock(elapsed_s),
        gap / lap_m.max(points_m) * 100.0
    );
    Some(if lap_m > points_m && lap_s > 0.0 {
        LapsVerdict {
            distance_m: lap_m,
            source: DistanceSource::Device,
            moving_s: lap_s,
            detail: format!(
                "{said}: trackpoints are missing a part, distance and time from the laps"
            ),
            from_laps: true,
        }
    } else {
        LapsVerdict {
            distance_m: points_m,
            source: track.source,
            moving_s,
            detail: format!(
                "{said}: laps are missing a part, distance and time from the trackpoints"
            ),
            from_laps: false,
        }
    })
}

/// Trackpoints without a distance (a treadmill, an indoor ride) can only be weighed by their
/// time: spanning less than the laps' own time, they lost a part, and the laps' distance over the
/// trackpoints' minutes would be a pace no one ran (5 km "in 16 minutes" of a 2-hour lap).
fn trackpoints_without_distance(totals: &DeviceTotals, elapsed_s: f64) -> Option<LapsVerdict> {
    let timer = totals.timer_s.filter(|s| *s > 60.0)?;
    // Laps that overlap (an exporter's) count their time twice: the least the laps say is the
    // span from the first's start to the last's end.
    let span = totals
        .start_time
        .zip(totals.end_time)
        .map(|(start, end)| end - start)
        .filter(|s| *s > 0.0);
    let lap_s = span.map_or(timer, |span| timer.min(span));
    // A first trackpoint a few seconds late is no lost part.
    if lap_s - elapsed_s <= (LAPS_DISAGREE_SHARE * lap_s).max(LAPS_DISAGREE_MIN_S) {
        return None;
    }
    let lap_m = totals.distance_m.filter(|d| *d > 0.0);
    let clock = crate::activity::units::clock;
    let distance = lap_m.map_or(String::new(), |m| format!("{:.2} km in ", m / 1000.0));
    Some(LapsVerdict {
        distance_m: lap_m.unwrap_or(0.0),
        source: if lap_m.is_some() {
            DistanceSource::Device
        } else {
            DistanceSource::None
        },
        moving_s: lap_s,
        detail: format!(
            "laps say {distance}{}, trackpoints (no distance) span {}: trackpoints are missing a part, {} from the laps",
            clock(lap_s),
            clock(elapsed_s),
            if lap_m.is_some() { "distance and time" } else { "time" }
        ),
        from_laps: true,
    })
}

/// What the GPS distance left out, said when it moves the distance by more than this share: the
/// point-to-point sum of every position (gpxpy's, a GPX viewer's) is then that much longer.
const GPS_CLEANING_NOTE_SHARE: f64 = 0.005;
/// …and by at least this much (a few metres on a 20-metre file are no news).
const GPS_CLEANING_NOTE_MIN_M: f64 = 10.0;

fn describe_gps_cleaning(track: &Track, distance_m: f64, quality: &mut Vec<QualityNote>) {
    if track.wander_m > GPS_CLEANING_NOTE_SHARE * distance_m.max(1.0)
        && track.wander_m >= GPS_CLEANING_NOTE_MIN_M
    {
        quality.push(QualityNote::new(
            "gps_wander_removed",
            format!(
                "{:.0} m of GPS wander while standing still left out ({} stop(s)): a summed track is {:.1} % longer",
                track.wander_m,
                track.stops_with_wander,
                track.wander_m / distance_m.max(1.0) * 100.0
            ),
        ));
    }
    if track.jumps > 0 {
        quality.push(QualityNote::new(
            "gps_jumps_skipped",
            format!(
                "{} position(s) skipped as GPS jumps: reached and left at several times the track's recent speed",
                track.jumps
            ),
        ));
    }
}

/// A reading is held until the next sample, but no longer than this: timer pauses are left out
/// on their own, so a longer gap is lost data (a dropped signal), not a steady heart. Device
/// averages are matched within 1 bpm on 64 of the corpora's 69 FIT sessions with it, against 62
/// with a 10-s hold (the rest: strap logs of swims, and sessions under 65 s).
const HR_HOLD_MAX_S: f64 = 60.0;

/// A record without a heart-rate reading, between two that have one, is covered by the last
/// reading when it came at most this long before: an Apple Watch (through HealthFit and the like)
/// measures every 5 s or so into records written every second, and a strap's reading can miss a
/// record or two. A longer silence is a dropout, and a reading the cleaning left out is never
/// carried over (what it excluded stays excluded).
const HR_CARRY_MAX_S: f64 = 15.0;

/// The average heart rate as the device computes it: each (cleaned) reading weighted by the time
/// it stood for, until the next sample and at most [`HR_HOLD_MAX_S`], and over the records
/// without a reading that follow it for up to [`HR_CARRY_MAX_S`]; timer pauses left out (the sums
/// come from [`build_series`]). A plain mean of the samples weights a stretch recorded every
/// second over one recorded every 8. Held only until the next record, each reading of Strava on
/// an Apple Watch (heart rate and distance in records of their own) weighed the second or two
/// until a distance record: a treadmill run's 143 bpm read 149.
fn time_weighted_hr(hr: &[Option<u8>], sums: &IntervalSums) -> Option<f64> {
    if sums.hr_held_s > 0.0 {
        return Some(sums.hr_held_sum / sums.hr_held_s);
    }
    // One reading, or all at one instant: their plain mean.
    mean(hr.iter().flatten().map(|&h| f64::from(h)))
}

/// A GPX the Health app wrote (`creator="Apple Health Export"`): a workout's route alone.
fn from_apple_health(format: Option<SourceFormat>, device: Option<&str>) -> bool {
    format == Some(SourceFormat::Gpx)
        && device.is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("apple health"))
}

/// An interval between records longer than this tells one average over it: a watch saving
/// battery records every 60 s, and is still read minute by minute.
const SPARSE_INTERVAL_S: f64 = 120.0;
/// A run with less of its moving time than this share in intervals of [`SPARSE_INTERVAL_S`] or
/// shorter is too sparse to judge its intensity (`sparse_records`).
const SPARSE_MAX_SHARE: f64 = 0.5;

/// A broken file can claim a timer longer than its elapsed time, or negative totals; the figures
/// a runner reads must still add up: 0 ≤ moving ≤ elapsed.
fn consistent_times(moving_s: f64, elapsed_s: f64) -> (f64, f64) {
    let real = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let elapsed_s = real(elapsed_s);
    (real(moving_s).min(elapsed_s), elapsed_s)
}

/// Some apps write position and distance as separate records with the same timestamp: one instant,
/// one sample, or the distance between them would fall into a zero-length interval and be lost.
fn merge_same_time(samples: &mut Vec<Sample>) {
    samples.dedup_by(|later, kept| {
        if later.time != kept.time {
            return false;
        }
        kept.position = kept.position.or(later.position);
        kept.distance_m = match (kept.distance_m, later.distance_m) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        kept.speed_mps = kept.speed_mps.or(later.speed_mps);
        kept.altitude_m = kept.altitude_m.or(later.altitude_m);
        kept.heart_rate = kept.heart_rate.or(later.heart_rate);
        kept.cadence = kept.cadence.or(later.cadence);
        kept.power_w = kept.power_w.or(later.power_w);
        true
    });
}

/// No one records a single outing longer than this: the longest races (Tor des Géants' 150-hour
/// cut-off) fit in it; a longer device total is a corrupt field.
pub const MAX_ACTIVITY_S: f64 = 7.0 * 86_400.0;

/// The device's totals without the ones that cannot be true. A duration, distance or climb that
/// is negative or not a number (a total declared signed in a corrupt or hand-made FIT file, a TCX
/// lap of `-5` metres) is `bad_values`; one no device or human produces (an elapsed time of years,
/// 42,950 km in half an hour) is `implausible_total`. Left out, they give way to what the samples
/// say, as a missing total does.
fn possible_totals(
    totals: DeviceTotals,
    samples: &[Sample],
    quality: &mut Vec<QualityNote>,
) -> DeviceTotals {
    let mut dropped = Vec::new();
    let mut keep = |value: Option<f64>, what: &str| match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => {
            dropped.push(format!("{what} {v}"));
            None
        }
        other => other,
    };
    let possible = DeviceTotals {
        elapsed_s: keep(totals.elapsed_s, "elapsed time (s)"),
        timer_s: keep(totals.timer_s, "timer time (s)"),
        distance_m: keep(totals.distance_m, "distance (m)"),
        ascent_m: keep(totals.ascent_m, "ascent (m)"),
        ..totals
    };
    if !dropped.is_empty() {
        quality.push(QualityNote::new(
            "bad_values",
            format!("impossible device totals left out: {}", dropped.join(", ")),
        ));
    }
    let mut implausible = Vec::new();
    let mut within = |value: Option<f64>, what: &str| match value {
        Some(v) if v > MAX_ACTIVITY_S => {
            implausible.push(format!("{what} {:.1} days", v / 86_400.0));
            None
        }
        other => other,
    };
    let mut possible = DeviceTotals {
        elapsed_s: within(possible.elapsed_s, "elapsed time"),
        timer_s: within(possible.timer_s, "timer time"),
        ..possible
    };
    let span = match (samples.first(), samples.last()) {
        (Some(a), Some(b)) => b.time - a.time,
        _ => 0.0,
    };
    let time = possible
        .elapsed_s
        .unwrap_or(0.0)
        .max(possible.timer_s.unwrap_or(0.0))
        .max(span)
        .max(1.0);
    if let Some(d) = possible.distance_m {
        if d / time > MAX_AVERAGE_SPEED_MPS && d > 100.0 {
            implausible.push(format!(
                "distance {:.1} km in {:.0} s ({:.0} m/s)",
                d / 1000.0,
                time,
                d / time
            ));
            possible.distance_m = None;
        }
    }
    if !implausible.is_empty() {
        quality.push(QualityNote::new(
            "implausible_total",
            format!(
                "device totals no one produces left out: {}; the samples' figures are used",
                implausible.join(", ")
            ),
        ));
    }
    possible
}

/// Drops samples timed far outside the session the device wrote (a corrupt record at the point
/// where a file breaks can carry any timestamp). The session runs from its start to its end: an
/// Edge leaves a long manual stop out of its elapsed time, so the end it wrote bounds it where
/// start + elapsed would cut the ride after the stop. A device whose clock was set only after it
/// started (GPS time found a few records in) wrote a start days before its end: then the records
/// lie around one of the two, and the one holding most of them is the session; its start, when
/// the device's was wrong, is its first record's. Returns the totals with that start.
fn drop_samples_outside_session(
    samples: &mut Vec<Sample>,
    totals: &crate::activity::DeviceTotals,
    quality: &mut Vec<QualityNote>,
) -> crate::activity::DeviceTotals {
    let mut totals = *totals;
    let (Some(start), Some(elapsed)) = (totals.start_time, totals.elapsed_s) else {
        return totals;
    };
    if start <= 0.0 || elapsed <= 0.0 {
        return totals;
    }
    let by_elapsed = start + elapsed;
    let end = totals
        .end_time
        .filter(|&end| end >= by_elapsed)
        .unwrap_or(by_elapsed);
    let (from, to) = if end - by_elapsed <= CLOCK_SET_LATE_S {
        (start, end)
    } else {
        let around = |from: f64, to: f64| {
            let (from, to) = (from - SESSION_SLACK_S, to + SESSION_SLACK_S);
            samples
                .iter()
                .filter(|s| s.time >= from && s.time <= to)
                .count()
        };
        if around(end - elapsed, end) > around(start, by_elapsed) {
            totals.start_time = None;
            (end - elapsed, end)
        } else {
            (start, by_elapsed)
        }
    };
    let (from, to) = (from - SESSION_SLACK_S, to + SESSION_SLACK_S);
    let before = samples.len();
    samples.retain(|s| s.time >= from && s.time <= to);
    let dropped = before - samples.len();
    if dropped > 0 {
        quality.push(QualityNote::new(
            "bad_timestamps",
            format!(
                "{} timed outside the session {} ignored",
                crate::activity::units::counted(dropped, "record", "records"),
                if dropped == 1 { "was" } else { "were" }
            ),
        ));
    }
    totals
}

/// How far outside its session a record may lie and still be the session's (a watch that kept
/// recording a while after the session closed, a few records before its start).
const SESSION_SLACK_S: f64 = 3600.0;

/// A session whose end lies more than a day after its start plus its elapsed time was not paused
/// that long: the device's clock was set while it ran.
const CLOCK_SET_LATE_S: f64 = 86_400.0;

fn describe_cleaning(hr: &HrCleaning, quality: &mut Vec<QualityNote>) {
    if hr.out_of_range > 0 {
        quality.push(QualityNote::new(
            "hr_out_of_range",
            format!("{} HR readings outside 30–230 bpm dropped", hr.out_of_range),
        ));
    }
    if hr.spike_s > 0.0 {
        quality.push(QualityNote::new(
            "hr_strap_spike",
            format!(
                "first {:.0} s of HR excluded: far above what the pace supports",
                hr.spike_s
            ),
        ));
    }
    if hr.dropout_samples > 0 {
        quality.push(QualityNote::new(
            "hr_dropout",
            format!("{} HR readings excluded as dropouts", hr.dropout_samples),
        ));
    }
    let lock = &hr.cadence_lock;
    if lock.seconds > 0.0 && lock.blind {
        quality.push(QualityNote::new(
            "hr_cadence_lock",
            format!(
                "{:.1} min of HR excluded: it read a step rate, not a heart ({:.0} a minute), leaping {:.0} bpm above the HR before and after it at the same pace (the file has no cadence to match); judged by pace there",
                lock.seconds / 60.0,
                lock.steps_per_min,
                lock.jump_bpm
            ),
        ));
    } else if lock.seconds > 0.0 {
        quality.push(QualityNote::new(
            "hr_cadence_lock",
            format!(
                "{:.1} min of HR excluded: it read your step rate ({:.0} steps/min), {:.0} bpm above the HR around it at the same pace; judged by pace there",
                lock.seconds / 60.0,
                lock.steps_per_min,
                lock.jump_bpm
            ),
        ));
    }
}

/// Totals over the intervals, summed in interval order as the series is built.
struct IntervalSums {
    moving_s: f64,
    /// Moving seconds in intervals longer than [`SPARSE_INTERVAL_S`].
    unresolved_s: f64,
    /// Moving seconds that end on a (cleaned) heart-rate reading, or on a record without one
    /// within [`HR_CARRY_MAX_S`] of the last.
    moving_with_hr_s: f64,
    /// Cadence readings (> 0) at the end of moving intervals, and how many.
    cadence_sum: f64,
    cadence_n: usize,
    /// Each reading times the seconds it held, and those seconds (see [`time_weighted_hr`]).
    hr_held_sum: f64,
    hr_held_s: f64,
    /// Moving time and distance summed as [`sport::evidence`] sums them (from 0, over moving
    /// intervals, steps that are finite and forward), for [`sport::speed_only`].
    evidence_moving_s: f64,
    evidence_distance_m: f64,
}

fn build_series(
    samples: &[Sample],
    motion: &Motion,
    hr: &HrCleaning,
) -> (Vec<Bucket>, IntervalSums) {
    let mut sums = IntervalSums {
        // Where `Iterator::sum` starts, so a run without moving time still sums to -0.0.
        moving_s: -0.0,
        unresolved_s: 0.0,
        moving_with_hr_s: -0.0,
        cadence_sum: 0.0,
        cadence_n: 0,
        hr_held_sum: 0.0,
        hr_held_s: 0.0,
        evidence_moving_s: 0.0,
        evidence_distance_m: 0.0,
    };
    let Some(t0) = samples.first().map(|s| s.time) else {
        return (Vec::new(), sums);
    };
    let span = samples.last().map_or(0.0, |s| s.time - t0);
    let buckets = ((span / BUCKET_S).max(0.0) as usize).saturating_add(1);
    let mut series: Vec<Bucket> = Vec::with_capacity(buckets.min(MAX_BUCKETS));
    let mut climb = Climb::new();
    // One sum after another waits on the last; kept in memory, each also waits on its own store.
    // So the bucket being filled lives in registers (consecutive intervals nearly always share
    // it) and goes back to the series when the interval moves on to another.
    let mut filling: Option<usize> = None;
    let mut bucket = Bucket::default();
    // The last reading the records without one may stand on, and when it was taken (none yet:
    // never).
    let (mut carried_hr, mut carried_at) = match hr.hr.first().copied().flatten() {
        Some(h) => (h, t0),
        None => (0, f64::NEG_INFINITY),
    };
    for (i, (iv, verdict)) in motion.iter().zip(&motion.verdicts).enumerate() {
        // The last reading holds over the interval, unless the timer was paused: its own if the
        // interval starts on one, else the one the records between readings stand on (until
        // `HR_CARRY_MAX_S` after it was taken, as for the zones).
        let paused = !verdict.moving && !verdict.stopped;
        let start = &samples[i];
        let (start_hr, held) = match hr.hr.get(i).copied().flatten() {
            Some(h) => (Some(h), iv.dt.min(HR_HOLD_MAX_S)),
            None if start.heart_rate.is_some() => (None, 0.0),
            None => (
                Some(carried_hr),
                iv.dt.min(carried_at + HR_CARRY_MAX_S - start.time),
            ),
        };
        let end = &samples[i + 1];
        let end_hr = match hr.hr.get(i + 1).copied().flatten() {
            Some(h) => {
                (carried_hr, carried_at) = (h, end.time);
                Some(h)
            }
            // A reading the cleaning left out: nothing stands for it.
            None if end.heart_rate.is_some() => {
                carried_at = f64::NEG_INFINITY;
                None
            }
            None => (end.time - carried_at <= HR_CARRY_MAX_S).then_some(carried_hr),
        };
        sums.moving_s += iv.moving_s;
        if let (Some(h), false) = (start_hr, paused || held <= 0.0) {
            sums.hr_held_sum += f64::from(h) * held;
            sums.hr_held_s += held;
        }
        let since_start = end.time - iv.dt / 2.0 - t0;
        let index = bucket_of(since_start, filling);
        if filling != Some(index) {
            if let Some(done) = filling {
                series[done] = bucket;
            }
            if series.len() <= index {
                series.resize(index + 1, Bucket::default());
            }
            bucket = series[index];
            filling = Some(index);
        }
        let b = &mut bucket;
        let change = end
            .altitude_m
            .map_or(0.0, |a| climb.push(end.time, a as f64));
        if change > 0.0 {
            b.ascent_m += change as f32;
        } else if change < 0.0 {
            b.descent_m -= change as f32;
        }
        if iv.moving_s <= 0.0 {
            continue;
        }
        sums.evidence_moving_s += iv.moving_s;
        // The interval's distance is the step when that is finite and forward, 0 or infinite
        // otherwise (see `Motion::iter`).
        if iv.distance_m.is_finite() && iv.distance_m > 0.0 {
            sums.evidence_distance_m += iv.distance_m;
        }
        if end_hr.is_some() {
            sums.moving_with_hr_s += iv.moving_s;
        }
        if iv.dt <= BUCKET_S {
            b.moving_s += iv.moving_s as f32;
            b.distance_m += iv.distance_m as f32;
            if let Some(h) = end_hr {
                b.hr_s += iv.moving_s as f32;
                b.hr_sum += h as f32 * iv.moving_s as f32;
            }
        } else {
            // A longer interval (a watch recording every 20 s or more, a silence with the timer
            // running) is spread over the buckets it spans, as its seconds were: credited to one,
            // it would leave the others empty, and an empty bucket in a run reads as a stop.
            series[index] = bucket;
            let to = end.time - t0;
            spread(&mut series, to - iv.dt, to, &iv, end_hr);
            if iv.dt > SPARSE_INTERVAL_S {
                sums.unresolved_s += iv.moving_s;
            }
            bucket = series[index];
        }
        if let Some(c) = end.cadence.filter(|&c| c > 0) {
            sums.cadence_sum += f64::from(c);
            sums.cadence_n += 1;
        }
    }
    if let Some(done) = filling {
        series[done] = bucket;
    }
    (series, sums)
}

/// Credits a moving interval from `from` to `to` seconds into the run to each bucket it spans, in
/// proportion to the seconds it spends there (the last bucket the series may hold takes what lies
/// beyond it).
fn spread(series: &mut Vec<Bucket>, from: f64, to: f64, iv: &Interval, hr: Option<u8>) {
    let bucket = |t: f64| ((t / BUCKET_S).max(0.0) as usize).min(MAX_BUCKETS - 1);
    // An interval ending on a bucket's edge ends in the bucket before it.
    let (first, last) = (bucket(from), bucket(to - 1e-6).max(bucket(from)));
    if series.len() <= last {
        series.resize(last + 1, Bucket::default());
    }
    for (k, b) in series.iter_mut().enumerate().take(last + 1).skip(first) {
        let lo = if k == first {
            from
        } else {
            k as f64 * BUCKET_S
        };
        let hi = if k == last {
            to
        } else {
            (k + 1) as f64 * BUCKET_S
        };
        let share = ((hi - lo) / iv.dt).min(1.0);
        // An unknown step (infinite) stays unknown in every bucket; an empty piece adds nothing.
        if share <= 0.0 {
            continue;
        }
        let moving = (iv.moving_s * share) as f32;
        b.moving_s += moving;
        b.distance_m += (iv.distance_m * share) as f32;
        if let Some(h) = hr {
            b.hr_s += moving;
            b.hr_sum += f32::from(h) * moving;
        }
    }
}

/// The bucket of the moment `since_start` seconds into the run: `since_start / BUCKET_S` rounded
/// down, within the series. Well inside the bucket being filled, the moment is in it: the
/// division (a slow instruction, at every interval) only decides near an edge, where it must
/// round as it always has.
#[inline]
fn bucket_of(since_start: f64, filling: Option<usize>) -> usize {
    match filling {
        Some(k)
            if k < MAX_BUCKETS
                && since_start > k as f64 * BUCKET_S + EDGE_S
                && since_start < (k + 1) as f64 * BUCKET_S - EDGE_S =>
        {
            k
        }
        _ => ((since_start / BUCKET_S).max(0.0) as usize).min(MAX_BUCKETS - 1),
    }
}

/// Elevation change with hysteresis, so altimeter noise does not add up to fake hills.
struct Climb {
    reference: Option<f64>,
    /// The last record's time and altitude.
    last: Option<(f64, f64)>,
}

impl Climb {
    fn new() -> Self {
        Climb {
            reference: None,
            last: None,
        }
    }

    /// Feeds a record's altitude at `time`; returns the climb (positive) or descent (negative) it
    /// completes, 0 most of the time. A jump faster than [`MAX_CLIMB_MPS`] moves the reference
    /// with it and counts for nothing.
    fn push(&mut self, time: f64, altitude: f64) -> f64 {
        if !altitude.is_finite() {
            return 0.0;
        }
        let last = self.last.replace((time, altitude));
        let Some(reference) = self.reference else {
            self.reference = Some(altitude);
            return 0.0;
        };
        let change = altitude - reference;
        if change.abs() < CLIMB_HYSTERESIS_M {
            return 0.0;
        }
        // Asked only here, where a change would count: the common record costs nothing more.
        if let Some((t0, a0)) = last {
            let jump = altitude - a0;
            if jump.abs() > CLIMB_HYSTERESIS_M + MAX_CLIMB_MPS * (time - t0).max(0.0) {
                self.reference = Some(reference + jump);
                return 0.0;
            }
        }
        self.reference = Some(altitude);
        change
    }
}

fn climb(samples: &[Sample]) -> Option<f64> {
    let mut c = Climb::new();
    let mut any = false;
    let mut gain = 0.0;
    for (t, a) in samples.iter().filter_map(|s| Some((s.time, s.altitude_m?))) {
        any = true;
        gain += c.push(t, a as f64).max(0.0);
    }
    any.then_some(gain)
}

fn average_cadence(sums: &IntervalSums, sport: Sport) -> Option<f64> {
    let avg = (sums.cadence_n > 0).then(|| sums.cadence_sum / sums.cadence_n as f64)?;
    // Running watches store strides per minute of one foot; runners think in steps per minute.
    Some(if sport.on_foot() { avg * 2.0 } else { avg })
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// A sparse recorder (Garmin's smart recording, older watches and their TCX: a reading every
/// 5–10 s; a watch saving battery: one every 20–60 s) never holds three readings in a few
/// seconds: its window reaches back to the third-last reading, as long as the three lie within
/// this span. Without it such a run's only peak would be in its first seconds, where readings
/// bunch up (a warm-up HR as the runner's peak), or none at all. Over two minutes the median of
/// three readings is a sustained HR, a little under the 5-second peak, but far nearer max HR
/// than no peak.
const SPARSE_PEAK_SPAN_S: f64 = 120.0;
/// …and among the last this many samples: a recorder writing GPS every second and HR every 6 s
/// holds three readings in 13–18 samples.
const SPARSE_PEAK_MAX_SAMPLES: usize = 64;

/// Highest rolling median of HR over `window_s` seconds (or over the last three readings, for a
/// sparse recorder: see [`SPARSE_PEAK_SPAN_S`]).
fn peak_rolling_median(samples: &[Sample], hr: &[Option<u8>], window_s: f64) -> Option<f64> {
    let mut best: Option<u8> = None;
    let mut lo = 0usize;
    // Readings in hr[lo..=i].
    let mut readings = 0usize;
    // The latest reading above the best median so far. A window without one cannot beat the
    // best, so most windows of a run are settled without finding their median.
    let mut last_above: Option<usize> = None;
    let mut window: Vec<u8> = Vec::with_capacity(16);
    for (i, (s, h)) in samples.iter().zip(hr).enumerate() {
        if let Some(h) = *h {
            readings += 1;
            if best.is_none_or(|b| h > b) {
                last_above = Some(i);
            }
        }
        // No reading above the best since the earliest the window can start: this window cannot
        // beat it, nor can the window's start be needed yet. It catches up below when it is, to
        // where it would have been (it only depends on this sample's time). With three readings
        // since `lo`, the window starts at `lo` or later; with fewer, only a sparse window can
        // be, and it starts at the third-last reading (looked up only then: every-second files
        // almost never get here).
        let Some(above) = last_above else {
            continue;
        };
        let earliest = if readings >= 3 {
            lo
        } else {
            match third_last_reading(samples, hr, i) {
                Some(k) => k,
                None => continue,
            }
        };
        if above < earliest {
            continue;
        }
        // `lo < i`: at times so large that subtracting the window changes nothing (a corrupt
        // 64-bit timestamp), the window would otherwise walk past its own end.
        while lo < i && samples[lo].time <= s.time - window_s {
            readings -= usize::from(hr[lo].is_some());
            lo += 1;
        }
        // At least three readings, so one sample alone never sets the peak.
        let start = if readings >= 3 {
            lo
        } else {
            match third_last_reading(samples, hr, i) {
                Some(k) => k,
                None => continue,
            }
        };
        if last_above.is_none_or(|k| k < start) {
            continue;
        }
        let span = &hr[start..=i];
        window.clear();
        window.extend(span.iter().flatten());
        let Some(m) = hr_clean::median_u8(&mut window) else {
            continue;
        };
        if best.is_none_or(|b| m > b) {
            best = Some(m);
            last_above = span
                .iter()
                .rposition(|h| h.is_some_and(|h| h > m))
                .map(|k| start + k);
        }
    }
    best.map(f64::from)
}

/// The sample of the third-last reading up to sample `i`, if the three lie within
/// [`SPARSE_PEAK_SPAN_S`] of it and among its last [`SPARSE_PEAK_MAX_SAMPLES`] samples (the
/// look-back is bounded whatever a file packs into 30 s).
fn third_last_reading(samples: &[Sample], hr: &[Option<u8>], i: usize) -> Option<usize> {
    let now = samples[i].time;
    let mut seen = 0;
    for k in (i.saturating_sub(SPARSE_PEAK_MAX_SAMPLES - 1)..=i).rev() {
        if now - samples[k].time > SPARSE_PEAK_SPAN_S {
            return None;
        }
        seen += usize::from(hr[k].is_some());
        if seen == 3 {
            return Some(k);
        }
    }
    None
}

/// A run of these samples from a file of this format, condensed: what the judge's tests build
/// their runs from.
#[cfg(test)]
pub(crate) fn summarize_run(
    format: crate::activity::SourceFormat,
    samples: Vec<Sample>,
) -> Summary {
    summarize(Activity {
        format: Some(format),
        sport: Sport::Running,
        samples,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_start_its_own_time_cannot_reach_is_the_first_records() {
        let totals = DeviceTotals {
            start_time: Some(1_000.0),
            timer_s: Some(1_371.0),
            ..DeviceTotals::default()
        };
        let mut notes = Vec::new();
        // Six hours before the first record: the first record's time.
        let six_hours_on = 1_000.0 + 6.0 * 3600.0;
        assert_eq!(
            start_of(
                &totals,
                Some(six_hours_on),
                Some(six_hours_on + 1_371.0),
                &mut notes
            ),
            six_hours_on
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].detail.contains(
                "6:00:00 before its first record, and the recording it says it made ends before it"
            ),
            "{:?}",
            notes[0]
        );
        // A start a little before the records (a GPS fix found late) stands.
        assert_eq!(
            start_of(&totals, Some(1_900.0), Some(3_000.0), &mut notes),
            1_000.0
        );
        // After the last record: the first record's.
        assert_eq!(
            start_of(&totals, Some(500.0), Some(800.0), &mut notes),
            500.0
        );
        // Without a time of its own, the device's start stands however far.
        let bare = DeviceTotals {
            start_time: Some(1_000.0),
            ..DeviceTotals::default()
        };
        assert_eq!(
            start_of(
                &bare,
                Some(six_hours_on),
                Some(six_hours_on + 10.0),
                &mut notes
            ),
            1_000.0
        );
        assert_eq!(notes.len(), 2);
        // Laps that reach the records (a first lap without trackpoints, a long pause, then the lap
        // that has them): the start stands, though the timer alone falls short of them.
        let laps = DeviceTotals {
            end_time: Some(six_hours_on + 600.0),
            ..totals
        };
        assert_eq!(
            start_of(
                &laps,
                Some(six_hours_on),
                Some(six_hours_on + 600.0),
                &mut notes
            ),
            1_000.0
        );
        // An elapsed time of 0 is no time: the timer speaks.
        let zero = DeviceTotals {
            elapsed_s: Some(0.0),
            ..totals
        };
        assert_eq!(
            start_of(
                &zero,
                Some(six_hours_on),
                Some(six_hours_on + 10.0),
                &mut notes
            ),
            six_hours_on
        );
        assert_eq!(notes.len(), 3);
    }

    #[test]
    fn a_clock_mark_is_the_first_fix_within_its_slack() {
        // A phone fixing every 25 s from 06:00:20 UTC (t = 21,620): each mark of the clock is
        // stood for by the first fix after it, 20 s on, within the 30 s slack.
        let samples: Vec<Sample> = (0..80)
            .map(|k| Sample {
                time: 21_620.0 + 25.0 * f64::from(k),
                position: Some((45.0 + f64::from(k) * 1e-4, 7.0)),
                ..Sample::default()
            })
            .collect();
        let marks = clock_marks(&samples);
        let at: Vec<(u32, f32)> = marks.as_slice().iter().map(|m| (m.mark, m.lat)).collect();
        // Marks 36 (21,600), 37 (22,200: the fix at 22,220, k = 24), 38 (22,800: 22,820, k = 48),
        // 39 (23,400: 23,420, k = 72).
        assert_eq!(
            at,
            [
                (36, 45.0),
                (37, (45.0 + 24e-4) as f32),
                (38, (45.0 + 48e-4) as f32),
                (39, (45.0 + 72e-4) as f32)
            ]
        );
        // A fix more than 30 s after a mark stands for none: a recorder every 45 s from 22,205.
        let sparse: Vec<Sample> = (0..4)
            .map(|k| Sample {
                time: 22_235.0 + 45.0 * f64::from(k),
                position: Some((45.0, 7.0)),
                ..Sample::default()
            })
            .collect();
        assert!(clock_marks(&sparse).as_slice().is_empty());
    }

    #[test]
    fn peak_median_is_the_best_of_every_window() {
        // Irregular times, gaps and runs of equal readings: the shortcuts (windows that cannot
        // beat the best are skipped, their start catches up later) give what every window gives.
        let mut rng = testkit::rng::Rng::new(0x2545_f491_4f6c_dd1d);
        let mut next = move |m: u64| rng.next_u64() % m;
        for case in 0..200 {
            let mut t = 0.0;
            let mut level = 120i64;
            let n = 5 + case * 3;
            let samples: Vec<Sample> = (0..n)
                .map(|_| {
                    t += [0.0, 1.0, 1.0, 1.0, 2.0, 7.0, 12.0][next(7) as usize];
                    Sample {
                        time: t,
                        ..Default::default()
                    }
                })
                .collect();
            let hr: Vec<Option<u8>> = (0..n)
                .map(|_| {
                    level = (level + next(21) as i64 - 10).clamp(60, 200);
                    (next(5) != 0).then_some(level as u8)
                })
                .collect();
            let mut every_window: Option<u8> = None;
            for (i, s) in samples.iter().enumerate() {
                let lo = samples[..i]
                    .iter()
                    .position(|x| x.time > s.time - 5.0)
                    .unwrap_or(i);
                let mut window: Vec<u8> = hr[lo..=i].iter().flatten().copied().collect();
                if window.len() < 3 {
                    // Sparse: the last three readings up to this sample, if within 30 s.
                    let readings: Vec<usize> = (0..=i).filter(|&k| hr[k].is_some()).collect();
                    let Some(&third) = readings.len().checked_sub(3).map(|k| &readings[k]) else {
                        continue;
                    };
                    if s.time - samples[third].time > SPARSE_PEAK_SPAN_S
                        || i - third >= SPARSE_PEAK_MAX_SAMPLES
                    {
                        continue;
                    }
                    window = hr[third..=i].iter().flatten().copied().collect();
                }
                let m = hr_clean::median_u8(&mut window);
                every_window = every_window.max(m);
            }
            assert_eq!(
                peak_rolling_median(&samples, &hr, 5.0),
                every_window.map(f64::from),
                "case {case}"
            );
        }
    }

    #[test]
    fn a_sparse_recorder_s_peak_is_its_running_not_its_warm_up() {
        // A reading every 6 s (an old watch's TCX): three bunched readings at 100 bpm in the
        // first seconds, then 20 minutes at 170-176. The peak is the run's.
        let mut samples = Vec::new();
        let mut hr = Vec::new();
        for (k, t) in [0.0, 1.0, 2.0].into_iter().enumerate() {
            samples.push(Sample {
                time: t,
                ..Default::default()
            });
            hr.push(Some(98 + k as u8));
        }
        for k in 0..200u32 {
            samples.push(Sample {
                time: 8.0 + 6.0 * f64::from(k),
                ..Default::default()
            });
            hr.push(Some(170 + (k % 7) as u8));
        }
        assert_eq!(peak_rolling_median(&samples, &hr, 5.0), Some(175.0));
        // A watch saving battery writes a reading every 40 s: its peak is the median of three
        // (the 160 between two 150s is one reading, no peak). Before, three readings had to lie
        // within 30 s: such a watch's runs had no peak at all, and max HR came from the few runs
        // recorded otherwise (176 bpm for a runner whose max is 194: every easy run read gray).
        let every_40_s: Vec<Sample> = (0..10)
            .map(|k| Sample {
                time: 40.0 * f64::from(k),
                ..Default::default()
            })
            .collect();
        let mut readings = [Some(150); 10];
        readings[5] = Some(160);
        assert_eq!(
            peak_rolling_median(&every_40_s, &readings, 5.0),
            Some(150.0)
        );
        readings[6] = Some(158);
        assert_eq!(
            peak_rolling_median(&every_40_s, &readings, 5.0),
            Some(158.0)
        );
        // Three readings further apart than 2 minutes are no peak: a reading every 70 s says
        // nothing of a few minutes' effort.
        let lone: Vec<Sample> = (0..10)
            .map(|k| Sample {
                time: 70.0 * f64::from(k),
                ..Default::default()
            })
            .collect();
        assert_eq!(peak_rolling_median(&lone, &[Some(150); 10], 5.0), None);
        // Nor are three readings 100 samples apart, however close in time: the look-back is
        // bounded (a file packing 10 samples a second without HR costs no more than one).
        let packed: Vec<Sample> = (0..1000)
            .map(|k| Sample {
                time: 0.1 * f64::from(k),
                ..Default::default()
            })
            .collect();
        let every_100th: Vec<Option<u8>> =
            (0..1000).map(|k| (k % 100 == 0).then_some(150)).collect();
        assert_eq!(peak_rolling_median(&packed, &every_100th, 5.0), None);
    }

    #[test]
    fn a_moment_falls_in_the_bucket_the_division_gives_whatever_bucket_is_open() {
        let plain = |x: f64| ((x / BUCKET_S).max(0.0) as usize).min(MAX_BUCKETS - 1);
        let mut moments = vec![
            -5.0,
            -0.0,
            0.0,
            1e-300,
            f64::NAN,
            2e5,
            2e5 + 1.0,
            1e9,
            1e300,
        ];
        for k in [0u32, 1, 2, 7, 99, 1234, 19_998, 19_999, 20_000] {
            let edge = f64::from(k) * BUCKET_S;
            moments.extend([edge, edge + 5.0, edge + EDGE_S, edge - EDGE_S, edge + 2e-6]);
            moments.extend([edge - 2e-6, edge + 0.5e-6, edge - 0.5e-6]);
            // The neighbours of the edge itself, one unit in the last place at a time.
            let (mut below, mut above) = (edge, edge);
            for _ in 0..40 {
                below = f64::from_bits(below.to_bits().saturating_sub(1));
                above = f64::from_bits(above.to_bits() + 1);
                moments.extend([below, above]);
            }
        }
        for x in moments {
            let expected = plain(x);
            for open in [
                None,
                Some(0),
                Some(expected.saturating_sub(1)),
                Some(expected),
            ] {
                assert_eq!(
                    bucket_of(x, open),
                    expected,
                    "{x} with bucket {open:?} open"
                );
            }
            assert_eq!(bucket_of(x, Some(expected + 1)), expected, "{x}");
        }
    }
    use crate::activity::{DeviceTotals, Pause};

    fn steady_run(n: usize, speed: f32) -> Activity {
        let samples = (0..n)
            .map(|i| Sample {
                time: 1_700_000_000.0 + i as f64,
                distance_m: Some(i as f64 * speed as f64),
                speed_mps: Some(speed),
                // A real heart wobbles by a beat or two (a frozen sensor does not).
                heart_rate: Some(139 + (i % 3) as u8),
                cadence: Some(85),
                ..Default::default()
            })
            .collect();
        Activity {
            format: Some(SourceFormat::Fit),
            sport: Sport::Running,
            samples,
            ..Default::default()
        }
    }

    #[test]
    fn a_ride_s_heart_at_twice_its_crank_rate_is_no_cadence_lock() {
        // From minute 10 to 15 the heart reads 169–171 (the cadence 85 doubled), having leapt from 140
        // at the same pace: a run's wrist sensor reading the arm's swing, dropped. A ride's crank
        // turning at 85 rpm is nothing a wrist reads: its heart stays.
        let locked = |a: &mut Activity| {
            for (i, s) in a.samples.iter_mut().enumerate().take(900).skip(600) {
                s.heart_rate = Some(169 + (i % 3) as u8);
            }
        };
        let mut run = steady_run(1801, 3.0);
        locked(&mut run);
        let run = summarize(run);
        assert!(run.quality.iter().any(|q| q.code == "hr_cadence_lock"));
        assert!(run.hr_coverage_pct < 85.0, "{}", run.hr_coverage_pct);
        let mut ride = steady_run(1801, 3.0);
        ride.sport = Sport::Cycling;
        locked(&mut ride);
        let ride = summarize(ride);
        assert!(ride.quality.iter().all(|q| q.code != "hr_cadence_lock"));
        assert_eq!(ride.hr_coverage_pct, 100.0);
    }

    #[test]
    fn steady_run_totals() {
        let s = summarize(steady_run(1801, 3.0));
        assert_eq!(s.elapsed_time_s, 1800.0);
        assert_eq!(s.moving_time_s, 1800.0);
        assert_eq!(s.distance_m, 5400.0);
        // 139, 140, 141 in turn: the mean of the per-record heart rates.
        assert!(
            (s.avg_hr.unwrap_or(0.0) - 140.0).abs() < 0.01,
            "{:?}",
            s.avg_hr
        );
        assert_eq!(s.avg_cadence, Some(170.0));
        assert_eq!(s.series.len(), 180);
        assert!((s.pace_s_per_km().unwrap_or(0.0) - 333.33).abs() < 0.01);
        assert_eq!(s.hr_coverage_pct, 100.0);
    }

    #[test]
    fn distances_that_are_each_a_step_s_metres_are_summed() {
        // msimms' running app writes each record's metres since the one before, not a running
        // total: read as one, 30 minutes at 3 m/s were a few metres (probe 36 P1).
        let mut a = steady_run(1801, 3.0);
        for (i, s) in a.samples.iter_mut().enumerate() {
            s.distance_m = Some(if i == 0 {
                0.0
            } else {
                2.9 + 0.2 * (i % 2) as f64
            });
        }
        let s = summarize(a);
        assert_eq!(s.distance_source, DistanceSource::Device);
        assert!((s.distance_m - 5400.0).abs() < 1.0, "{}", s.distance_m);
        let note = s.quality.iter().find(|q| q.code == "distance_increments");
        assert!(note.is_some_and(|n| n.detail.contains("go down at 900 of their steps")));
        // A running total with a glitch or two going back is one still.
        let mut b = steady_run(1801, 3.0);
        for i in [300, 900] {
            b.samples[i].distance_m = b.samples[i].distance_m.map(|d| d - 50.0);
        }
        let s = summarize(b);
        assert!((s.distance_m - 5400.0).abs() < 1.0, "{}", s.distance_m);
        assert!(!s.quality.iter().any(|q| q.code == "distance_increments"));
        // A running total that jitters back at every other record is a running total still: read
        // as steps it would be thousands of kilometres.
        let mut c = steady_run(1801, 3.0);
        for (i, s) in c.samples.iter_mut().enumerate() {
            s.distance_m = s.distance_m.map(|d| d - 5.0 * (i % 2) as f64);
        }
        let s = summarize(c);
        assert!(s.distance_m < 5500.0, "{}", s.distance_m);
        assert!(!s.quality.iter().any(|q| q.code == "distance_increments"));
    }

    #[test]
    fn a_speed_without_distance_or_position_is_summed_into_one() {
        // An indoor run as some apps write it: the device's speed in every record, no distance, no
        // position. It read 0 m, no pace, and was judged by HR against a max the paces could not
        // help estimate. And a timer pause of 300 s between records 1000 and 1001: no metres in it.
        let mut a = steady_run(1801, 3.0);
        for (i, s) in a.samples.iter_mut().enumerate() {
            s.distance_m = None;
            if i > 1000 {
                s.time += 300.0;
            }
        }
        a.pauses = vec![Pause {
            stopped_at: a.samples[1000].time,
            resumed_at: a.samples[1001].time,
        }];
        let s = summarize(a);
        assert_eq!(s.distance_source, DistanceSource::Device);
        // 1,800 intervals at 3 m/s but the paused one.
        assert!((s.distance_m - 5397.0).abs() < 0.01, "{}", s.distance_m);
        assert!(s.quality.iter().any(|q| q.code == "distance_from_speed"));
        let pace = s.pace_s_per_km().unwrap_or(0.0);
        assert!(
            (330.0..=336.0).contains(&pace),
            "{pace} over {} s",
            s.moving_time_s
        );
    }

    /// [`steady_run`] of `n` seconds with a record every `every_s` only, its heart still wobbling
    /// from one reading to the next.
    fn recorded_every(every_s: usize, n: usize) -> Activity {
        let mut a = steady_run(n, 3.0);
        a.samples
            .retain(|x| ((x.time - 1_700_000_000.0) as usize).is_multiple_of(every_s));
        for (k, x) in a.samples.iter_mut().enumerate() {
            x.heart_rate = Some(139 + (k % 3) as u8);
        }
        a
    }

    #[test]
    fn a_record_every_thirty_seconds_fills_every_bucket_it_spans() {
        // A watch saving battery (UltraTrac, a sparse "smart" recording) writes a record every 30
        // s: each interval's seconds, metres and beats were all credited to the bucket of its
        // middle, and the two buckets either side of it stayed empty, which reads as a stop every
        // 20 seconds (and made a steady gray run unsteady).
        let s = summarize(recorded_every(30, 1801));
        assert_eq!(s.moving_time_s, 1800.0);
        assert_eq!(s.distance_m, 5400.0);
        let series = s.series.to_vec();
        assert_eq!(series.len(), 180);
        for (k, b) in series.iter().enumerate() {
            assert!((b.moving_s - 10.0).abs() < 1e-3, "bucket {k}: {b:?}");
            assert!((b.distance_m - 30.0).abs() < 1e-2, "bucket {k}: {b:?}");
            assert!((b.hr_s - 10.0).abs() < 1e-3, "bucket {k}: {b:?}");
        }
        // Nothing lost or made up: the buckets sum to the run.
        let moving: f32 = series.iter().map(|b| b.moving_s).sum();
        let metres: f32 = series.iter().map(|b| b.distance_m).sum();
        assert!((moving - 1800.0).abs() < 0.1 && (metres - 5400.0).abs() < 0.5);
    }

    #[test]
    fn a_run_of_a_start_and_an_end_is_not_read_minute_by_minute() {
        // A converter's summary as a track: two points 42 minutes apart. Spread over the series,
        // it was "100 % low" minute by minute; an interval session saved so would read the same.
        let mut a = steady_run(2541, 3.0);
        a.samples
            .retain(|x| [0.0, 2540.0].contains(&(x.time - 1_700_000_000.0)));
        let s = summarize(a);
        assert_eq!(s.moving_time_s, 2540.0);
        assert_eq!(s.distance_m, 7620.0);
        assert!(s.quality.iter().any(|q| q.code == "sparse_records"));
        assert_eq!(s.pace_source(), DistanceSource::None);
        assert_eq!(s.hr_coverage_pct, 0.0);
        assert!(s.series.to_vec().is_empty());
        // A watch saving battery, a record a minute: read minute by minute as before.
        let s = summarize(recorded_every(60, 2541));
        assert!(!s.quality.iter().any(|q| q.code == "sparse_records"));
        assert_eq!(s.hr_coverage_pct, 100.0);
        assert!(!s.series.to_vec().is_empty());
    }

    #[test]
    fn a_silence_of_days_spreads_over_no_more_than_the_series_room() {
        // Three records a million seconds apart, "moving" at 3 m/s: the spread stops at the
        // series' last bucket (the work is bounded by the room, not by the silence).
        let mut a = steady_run(3, 3.0);
        for (k, x) in a.samples.iter_mut().enumerate() {
            x.time = 1_700_000_000.0 + 1e6 * k as f64;
            x.distance_m = Some(3e6 * k as f64);
        }
        let samples = a.samples.clone();
        let track = Track::build(&samples, &[]);
        let moving = classify_intervals(&samples, &track, &[]);
        let hr = hr_clean::clean(&samples, &per_sample_speed(&samples, &moving));
        let (series, sums) = build_series(&samples, &moving, &hr);
        assert!(series.len() <= MAX_BUCKETS, "{}", series.len());
        let spread: f64 = series.iter().map(|b| f64::from(b.moving_s)).sum();
        assert!(sums.moving_s > 1e6, "{}", sums.moving_s);
        assert!((spread - sums.moving_s).abs() <= 1e-3 * sums.moving_s);
        // And a run of three records days apart tells nothing of its intensity.
        let s = summarize(a);
        assert!(s.quality.iter().any(|q| q.code == "sparse_records"));
        assert!(s.series.to_vec().is_empty());
    }

    /// [`steady_run`] of 30 minutes with a heart-rate reading in one record of `n`.
    fn heart_read_every(n: usize) -> Activity {
        let mut a = steady_run(1801, 3.0);
        for (i, s) in a.samples.iter_mut().enumerate() {
            if i % n != 0 {
                s.heart_rate = None;
            }
        }
        a
    }

    #[test]
    fn a_heart_rate_read_every_five_seconds_covers_the_run() {
        // Records every second, a reading in one of five (an Apple Watch through HealthFit):
        // before, 20 % of the run had HR and it was judged by pace alone.
        let a = heart_read_every(5);
        let s = summarize(a);
        assert_eq!(s.hr_coverage_pct, 100.0);
        // Each bucket holds its two readings' value over its ten seconds.
        let series = s.series.to_vec();
        assert!(
            series.iter().all(|b| b.hr_s == b.moving_s),
            "{:?}",
            &series[..3]
        );
        let hr = series[10].hr().unwrap_or(0.0);
        assert!((139.0..=141.0).contains(&hr), "{hr}");
    }

    #[test]
    fn a_silence_longer_than_the_carry_and_a_dropped_reading_stay_without_heart_rate() {
        // A reading every 20 s: each covers itself and the 15 s after it, 16 records of 20.
        let a = heart_read_every(20);
        let s = summarize(a);
        assert!(
            (s.hr_coverage_pct - 80.0).abs() < 0.1,
            "{}",
            s.hr_coverage_pct
        );
        // A reading out of the heart's range is dropped, and the one before does not stand for
        // it or for the records after it.
        let mut a = heart_read_every(5);
        for s in &mut a.samples[600..900] {
            if s.heart_rate.is_some() {
                s.heart_rate = Some(250);
            }
        }
        let s = summarize(a);
        // Records 600–899 have no usable reading (the carry would have covered all but the
        // dropped readings' own 60): 300 of 1800 moving seconds.
        assert!(
            (s.hr_coverage_pct - (1800.0 - 300.0) / 18.0).abs() < 0.1,
            "{}",
            s.hr_coverage_pct
        );
    }

    /// Strava on an Apple Watch: heart rate and distance in records of their own, the distance
    /// at times written 100 s apart while the runner runs on. `hr_of(i)` is the heart at second i.
    fn split_records(hr_of: impl Fn(usize) -> u8) -> Activity {
        let mut a = steady_run(1801, 3.0);
        let mut split = Vec::new();
        for (i, s) in a.samples.iter().enumerate() {
            // A reading every 6 s, in a record without distance, half a second off the others.
            if i % 6 == 3 {
                split.push(Sample {
                    time: s.time + 0.5,
                    heart_rate: Some(hr_of(i)),
                    ..Default::default()
                });
            }
            // Distance every 3 s, but none from 300 s to 400 s and from 1000 s to 1110 s.
            let silent = (300..400).contains(&i) || (1000..1110).contains(&i);
            if i % 3 == 0 && !silent {
                split.push(Sample {
                    heart_rate: None,
                    ..*s
                });
            }
        }
        a.samples = split;
        a
    }

    #[test]
    fn a_distance_written_rarely_is_covered_at_an_even_pace_between_its_readings() {
        // Carried forward, each silence of the distance was 100 s standing still: "4 stops",
        // a third of the run left out of moving time and the zones, the pace a third fast.
        // 130, 140 and 150 bpm for 600 s each, wobbling by a beat.
        let s = summarize(split_records(|i| {
            129 + (i / 6 % 3) as u8 + (i / 600) as u8 * 10
        }));
        assert_eq!(s.stops, 0, "{:?}", s.moving_time_s);
        assert!(s.moving_time_s >= 1795.0, "{}", s.moving_time_s);
        let pace = s.pace_s_per_km().unwrap_or(0.0);
        assert!((pace - 333.3).abs() < 2.0, "{pace}");
        // Each reading stands for its 6 s, not for the second or so until the next distance
        // record.
        let avg = s.avg_hr.unwrap_or(0.0);
        assert!((avg - 140.0).abs() < 0.5, "{avg}");
    }

    #[test]
    fn a_stop_between_rare_distance_readings_stays_a_stop() {
        // The same records, the runner standing from 300 s to 400 s: the readings either side of
        // the silence are 3 m apart, too slow for moving.
        let mut a = split_records(|i| 139 + (i / 6 % 3) as u8);
        for x in a.samples.iter_mut() {
            let t = x.time - 1_700_000_000.0;
            if let Some(d) = x.distance_m.as_mut() {
                *d -= 3.0 * (t.clamp(300.0, 400.0) - 300.0);
            }
        }
        let s = summarize(a);
        assert!(
            (1690.0..=1712.0).contains(&s.moving_time_s),
            "{}",
            s.moving_time_s
        );
        assert!(s.stops >= 1, "{}", s.stops);
    }

    #[test]
    fn the_seconds_beside_a_gap_in_the_records_are_running_not_standing() {
        // Three 60-s pieces at 4 m/s, recorded every second, with 160 s of rest between them
        // that the file holds no record of (a TCX of an auto-paused session): 7 m over each rest.
        // A window reaching across a rest read its neighbours as standing: 7 s lost a piece.
        let mut samples = Vec::new();
        let (mut t, mut d) = (1_700_000_000.0, 0.0);
        for piece in 0..3 {
            if piece > 0 {
                t += 160.0;
                d += 7.0;
            }
            for second in 0..=60 {
                samples.push(Sample {
                    time: t + f64::from(second),
                    distance_m: Some(d + 4.0 * f64::from(second)),
                    heart_rate: Some(170),
                    ..Default::default()
                });
            }
            t += 60.0;
            d += 240.0;
        }
        let s = summarize(Activity {
            format: Some(SourceFormat::Tcx),
            sport: Sport::Running,
            samples,
            ..Default::default()
        });
        assert_eq!(s.moving_time_s, 180.0);
        assert_eq!(s.stops, 2);
    }

    /// A steep climb at 1.2 m/s as a Suunto writes it: its distance stalls for 15 s in every 60
    /// while its speed holds; the height gained each second is `climb_mps`.
    fn stalled_climb(climb_mps: f32) -> Activity {
        let mut a = steady_run(1801, 1.2);
        let mut stalled_at = 0.0;
        for (i, x) in a.samples.iter_mut().enumerate() {
            x.altitude_m = Some(1000.0 + climb_mps * i as f32);
            let d = x.distance_m.unwrap_or(0.0);
            if i % 60 < 15 {
                x.distance_m = Some(stalled_at);
            } else {
                stalled_at = d;
            }
        }
        a
    }

    #[test]
    fn a_distance_that_stalls_on_a_climb_is_no_stop() {
        // 158 "stops" and 24 minutes of climbing out of a Suunto's mountain run: its distance
        // stood still while its speed said 1–1.5 m/s and it gained 3 m in 13 s.
        let s = summarize(stalled_climb(0.25));
        assert_eq!(s.stops, 0, "{}", s.moving_time_s);
        assert!(s.moving_time_s >= 1795.0, "{}", s.moving_time_s);
        // On the flat, the stalls stay stops: a speed sensor can hold its last value through one.
        let s = summarize(stalled_climb(0.0));
        assert!(s.stops >= 25, "{} stops", s.stops);
        assert!(s.moving_time_s < 1600.0, "{}", s.moving_time_s);
    }

    #[test]
    fn a_gap_in_the_records_across_which_the_barometer_drifted_is_no_climb() {
        // A café stop the watch wrote no record of: 15 minutes without records from t=600, the
        // distance unchanged across them, the speed 3 m/s before and 0 after, and the barometer
        // 5.6 m higher when the records resume. Standing, not climbing.
        let mut a = steady_run(1801, 3.0);
        a.samples
            .retain(|s| !(1_700_000_601.0..1_700_001_500.0).contains(&s.time));
        for x in &mut a.samples {
            let t = x.time - 1_700_000_000.0;
            x.altitude_m = Some(if t < 1500.0 { 100.0 } else { 105.6 });
            if t >= 1500.0 {
                x.distance_m = Some((t - 900.0) * 3.0);
            }
            if t == 1500.0 {
                x.speed_mps = Some(0.0);
            }
        }
        let s = summarize(a);
        assert!(
            (s.moving_time_s - 900.0).abs() <= 3.0,
            "{}",
            s.moving_time_s
        );
        assert_eq!(s.distance_m, 2700.0);
    }

    #[test]
    fn timer_pauses_and_stops_are_not_moving_time() {
        let mut a = steady_run(1801, 3.0);
        // A 60 s stop at a traffic light (speed 0, distance frozen) from t=600 to t=660.
        for (i, s) in a.samples.iter_mut().enumerate() {
            if (600..660).contains(&i) {
                s.speed_mps = Some(0.0);
                s.distance_m = Some(600.0 * 3.0);
            } else if i >= 660 {
                s.distance_m = Some((i as f64 - 60.0) * 3.0);
            }
        }
        // And a timer pause: no samples between 1000 and 1300.
        a.samples
            .retain(|s| !(1_700_001_001.0..1_700_001_300.0).contains(&s.time));
        a.pauses.push(Pause {
            stopped_at: 1_700_001_000.0,
            resumed_at: 1_700_001_300.0,
        });
        let s = summarize(a);
        assert_eq!(s.elapsed_time_s, 1800.0);
        // 1800 − 299 s paused − ~60 s stopped (the window blurs the stop's edges by a second or two).
        assert!(
            (s.moving_time_s - 1441.0).abs() <= 3.0,
            "{}",
            s.moving_time_s
        );
        assert_eq!(s.stops, 1);
        assert_eq!(s.timer_pauses, 1);
    }

    #[test]
    fn many_timer_pauses_are_each_looked_up_not_scanned() {
        // 60,000 one-second samples with a 1-second pause every other second: 30,000 pauses, a
        // few hundred KB of FIT. Every pause scanned for every sample, twice, was 3.6 * 10^9
        // comparisons, growing with the square of the file; a binary search each is instant.
        // Half the time is paused.
        let mut a = steady_run(60_001, 3.0);
        let t0 = a.samples[0].time;
        a.pauses = (0..30_000)
            .map(|k| Pause {
                stopped_at: t0 + 2.0 * k as f64 + 1.0,
                resumed_at: t0 + 2.0 * k as f64 + 2.0,
            })
            .collect();
        let s = summarize(a);
        assert_eq!(s.timer_pauses, 30_000);
        assert_eq!(s.elapsed_time_s, 60_000.0);
        assert!(
            (s.moving_time_s - 30_000.0).abs() <= 2.0,
            "{}",
            s.moving_time_s
        );
    }

    /// An Edge leaves a manual stop out of its elapsed time (a real Edge 1000 ride: elapsed
    /// 2,788 s, start to the session's end 6,508 s): start + elapsed + an hour cut the ride after
    /// a stop of more than an hour. The session's own end bounds it.
    #[test]
    fn records_after_a_long_stop_stay_with_their_session() {
        let mut a = steady_run(3601, 3.0);
        let t0 = a.samples[0].time;
        for s in &mut a.samples[1801..] {
            s.time += 7200.0;
        }
        let end = a.samples[3600].time;
        a.totals = hour_session(t0, end);
        let s = summarize(a);
        assert_eq!(s.elapsed_time_s, 3600.0 + 7200.0);
        // The seconds either side of the stop read as stopping and starting.
        assert!(
            (s.moving_time_s - 3600.0).abs() <= 15.0,
            "{}",
            s.moving_time_s
        );
        assert_eq!(s.distance_m, 10_800.0);
        assert!(
            !s.quality.iter().any(|n| n.code == "bad_timestamps"),
            "{:?}",
            s.quality
        );
    }

    /// A session of one hour's elapsed time, as the device wrote its start and end.
    fn hour_session(start: f64, end: f64) -> DeviceTotals {
        DeviceTotals {
            start_time: Some(start),
            end_time: Some(end),
            elapsed_s: Some(3600.0),
            ..Default::default()
        }
    }

    /// A device whose clock was set by GPS a few records into the ride (two real Edge 1000
    /// rides: the first 17 records and the session's start 8 and 25 days before the rest): the
    /// run is where its records and the session's end are, not at the early clock.
    #[test]
    fn a_clock_set_while_recording_puts_the_run_where_its_records_are() {
        let mut a = steady_run(3601, 3.0);
        let early = 25.0 * 86_400.0;
        for s in &mut a.samples[..17] {
            s.time -= early;
        }
        let (bogus_start, real_first, end) =
            (a.samples[0].time, a.samples[17].time, a.samples[3600].time);
        a.totals = hour_session(bogus_start, end);
        let s = summarize(a);
        assert_eq!(s.start_time, real_first);
        assert_eq!(s.elapsed_time_s, 3600.0 - 17.0);
        assert!(
            (s.moving_time_s - 3583.0).abs() <= 2.0,
            "{}",
            s.moving_time_s
        );
        let note = s.quality.iter().find(|n| n.code == "bad_timestamps");
        assert_eq!(
            note.map(|n| n.detail.as_str()),
            Some("17 records timed outside the session were ignored")
        );
    }

    #[test]
    fn device_totals_win_for_distance() {
        let mut a = steady_run(601, 3.0);
        a.totals = DeviceTotals {
            distance_m: Some(1790.0),
            ..Default::default()
        };
        let s = summarize(a);
        assert_eq!(s.distance_m, 1790.0);
        assert_eq!(s.distance_source, DistanceSource::Device);
    }

    /// pipeline fuzz target: a FIT session whose total_distance was declared sint32 and negative,
    /// in a file with no distance or position in its records, gave a row of -8,556 km.
    #[test]
    fn impossible_device_totals_are_left_out_and_said() {
        let mut a = steady_run(601, 3.0);
        for s in &mut a.samples {
            s.distance_m = None;
            s.position = None;
        }
        a.totals = DeviceTotals {
            distance_m: Some(-8_556_149.77),
            ascent_m: Some(f64::NAN),
            timer_s: Some(-5.0),
            ..Default::default()
        };
        let s = summarize(a);
        // The records' own figure instead: their speed (3 m/s) over the 600 s.
        assert_eq!(s.distance_m, 1800.0);
        assert_eq!(s.elevation_gain_m, None);
        assert_eq!(s.moving_time_s, 600.0);
        let notes: Vec<_> = s
            .quality
            .iter()
            .filter(|n| n.code == "bad_values")
            .collect();
        assert_eq!(notes.len(), 1, "{:?}", s.quality);
        assert!(
            notes[0].detail.contains("distance (m) -8556149.77"),
            "{}",
            notes[0].detail
        );

        // With a track, the track's distance stands in for the impossible total.
        let mut a = steady_run(601, 3.0);
        a.totals.distance_m = Some(-1790.0);
        let s = summarize(a);
        assert_eq!(s.distance_m, 1800.0);
        assert_ne!(s.distance_source, DistanceSource::None);
    }

    #[test]
    fn single_spike_does_not_set_peak_hr() {
        let mut a = steady_run(601, 3.0);
        a.samples[300].heart_rate = Some(199);
        let s = summarize(a);
        assert_eq!(s.max_hr, Some(199));
        // The 5-second median never sees the lone 199: the peak is the wobble's top, 141.
        assert_eq!(s.peak_hr_5s, Some(141.0));
    }

    #[test]
    fn unknown_sport_is_inferred_from_pace_and_said() {
        let mut a = steady_run(601, 3.0);
        a.sport = Sport::Other;
        let s = summarize(a);
        assert_eq!(s.sport, Sport::Running);
        assert!(s.sport_inferred);
        assert!(s.quality.iter().any(|q| q.code == "sport_inferred"));
    }

    #[test]
    fn a_title_names_the_sport_a_file_does_not() {
        // A 3 m/s jog the evidence would take for a run, titled a ride by the app that wrote it.
        let mut a = steady_run(601, 3.0);
        a.sport = Sport::Other;
        a.intent.title = Some("Cycling 4/13/16 6:29 pm".into());
        let s = summarize(a);
        assert_eq!((s.sport, s.sport_inferred), (Sport::Cycling, false));
        assert!(s.quality.iter().all(|q| q.code != "sport_inferred"));
        let said = s.quality.iter().find(|q| q.code == "sport_from_title");
        assert!(said.is_some_and(|q| q.detail.contains("\"Cycling 4/13/16 6:29 pm\"")));
        // The file's own word stands over its title.
        let mut b = steady_run(601, 3.0);
        b.intent.title = Some("Morning Ride".into());
        assert_eq!(summarize(b).sport, Sport::Running);
    }

    #[test]
    fn climb_ignores_noise() {
        let mut c = Climb::new();
        // A record every 5 s.
        let mut t = 0.0;
        let mut at = |c: &mut Climb, a: f64| {
            t += 5.0;
            c.push(t, a)
        };
        let noise: f64 = [100.0, 101.0, 99.5, 100.8, 99.9]
            .iter()
            .map(|&a| at(&mut c, a))
            .sum();
        assert_eq!(noise, 0.0);
        let hill: f64 = (0..=20).map(|i| at(&mut c, 100.0 + i as f64)).sum();
        assert!((17.0..=20.0).contains(&hill), "{hill}");
        // Down the other side: the same steps, negative.
        let down: f64 = (0..=20).map(|i| at(&mut c, 120.0 - i as f64)).sum();
        assert!((-20.0..=-17.0).contains(&down), "{down}");
    }

    #[test]
    fn an_altimeter_s_jump_is_no_climb() {
        // A Suunto's barometer settling: +37.5 m between the first two records, 24 s apart,
        // while the runner moved 7 m. Counted, it was most of the run's "49 m" of climb.
        let mut c = Climb::new();
        assert_eq!(c.push(0.0, 2547.5), 0.0);
        assert_eq!(c.push(24.0, 2585.0), 0.0);
        // The climb after it counts from where the altimeter settled: 10 m in 100 s.
        let hill: f64 = (1..=10)
            .map(|i| c.push(24.0 + 10.0 * i as f64, 2585.0 + i as f64))
            .sum();
        assert!((9.0..=10.0).contains(&hill), "{hill}");
        // A GPS altitude spike up and back a second apart moves nothing either.
        let spike = c.push(125.0, 2605.0) + c.push(126.0, 2595.0);
        assert_eq!(spike, 0.0);
    }

    #[test]
    fn a_descent_is_kept_in_the_series_and_is_no_climb() {
        // Ten minutes at 3 m/s down a 60 m slope (-3.3 %).
        let samples = (0..600)
            .map(|t| Sample {
                time: 1_700_000_000.0 + t as f64,
                distance_m: Some(3.0 * t as f64),
                altitude_m: Some(200.0 - 0.1 * t as f32),
                ..Default::default()
            })
            .collect();
        let s = summarize_run(SourceFormat::Fit, samples);
        assert_eq!(s.elevation_gain_m, Some(0.0));
        let series = s.series.to_vec();
        let descent: f32 = series.iter().map(|b| b.descent_m).sum();
        let ascent: f32 = series.iter().map(|b| b.ascent_m).sum();
        assert!((57.0..=60.0).contains(&descent), "{descent}");
        assert_eq!(ascent, 0.0);
    }
}
