//! What the runner tells grayzone about themselves: flags over the profile file over derived values.
//!
//! The profile file is `grayzone.toml` in the (first) export folder, or the file given with
//! `--profile`. Every key is optional:
//!
//! ```toml
//! max_hr = 188
//! resting_hr = 48
//! lthr = 170
//! easy_pace = "5:40/km"       # or "9:07/mi"
//! threshold_pace = "4:35/km"
//! low_zone_top_pct = 80       # % of max HR: below is low intensity
//! high_zone_start_pct = 88    # % of max HR: at or above is high intensity
//! timezone = "Europe/Paris"
//! units = "metric"            # or "imperial": paces and distances in human output
//! week_start = "monday"       # or "sunday": the first day of a week in every weekly output
//! min_judged_min = 5          # shorter runs keep their row but get no verdict
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::activity::calendar::WeekStart;
use crate::activity::label::{echo, echo_number, Spelling};
use crate::activity::units::Units;
use crate::judge::rules::{DEFAULT_HIGH_START_PCT, DEFAULT_LOW_TOP_PCT, MIN_JUDGED_S};

/// The commented profile `grayzone init` writes: every key, each commented out, so the file changes
/// nothing until the runner uncomments a line.
pub const TEMPLATE: &str = r#"# grayzone.toml: what you tell grayzone about yourself.
#
# grayzone reads this file from the folder of your export (the first PATH you give it), or from
# --profile FILE. Every key is optional: uncomment a line to use it. Command-line flags win over this
# file, and this file wins over what grayzone derives from your runs (`grayzone baseline` shows
# every figure and where it came from).

# Maximum heart rate, bpm (a max test, or the end of a hard race). Unset, grayzone takes the highest
# 5-second heart rate of your runs over the previous 12 months, ignoring strap spikes.
# max_hr = 188

# Resting heart rate, bpm (lying in bed after waking). Runs cannot show it. When given, zones use
# heart-rate reserve: low below 72 %, high from 84 % of (max - resting) above resting.
# resting_hr = 48

# Lactate-threshold heart rate, bpm (e.g. the average of the last 20 minutes of a 30-minute time
# trial). When given, zones follow the 80/20 system: low below 90 % of it, high from 95 %.
# lthr = 170

# Your usual easy pace, "m:ss/km" or "m:ss/mi" (without a unit: in `units` below). Unset, grayzone
# derives it from your easy days of the previous 8 weeks.
# easy_pace = "5:40/km"

# Threshold pace (about the pace you could race for an hour). Unset, it comes from your best
# sustained 20-minute hard effort of the previous 8 weeks, or from the easy pace.
# threshold_pace = "4:35/km"

# Zone boundaries in % of max HR, used when neither lthr nor resting_hr is given: low intensity
# below the first, high from the second, and between them the moderate "gray zone".
# low_zone_top_pct = 80
# high_zone_start_pct = 88

# Time zone of every activity (an IANA name), when the files' own offsets are missing or wrong
# (e.g. a watch that never learnt daylight saving time). --tz wins over it.
# timezone = "Europe/Paris"

# Paces and distances in human output (summary, explain, chart, HTML report): "metric" or
# "imperial". CSV and JSON always carry both. --units wins over it.
# units = "metric"

# The first day of your week: "monday" (ISO weeks, labelled 2024-W05) or "sunday" (weeks labelled
# by the date of their Sunday, 2024-02-04). It moves every week at once: the weekly table, check
# --since/--last, summary, the chart and the HTML report. --week-start wins over it.
# week_start = "monday"

# The shortest run judged, in minutes of moving time. A shorter one (a start pressed by mistake, a
# transition leg of a triathlon) keeps its row, flagged too_short_to_judge, but gets no verdict and
# counts in no week and in no baseline. 0 judges every run.
# min_judged_min = 5
"#;

/// A value the user gave, and where they gave it (for provenance).
#[derive(Clone, Debug, PartialEq)]
pub struct Given {
    pub value: f64,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub max_hr: Option<Given>,
    pub resting_hr: Option<Given>,
    pub lthr: Option<Given>,
    pub easy_pace_s_per_km: Option<Given>,
    pub threshold_pace_s_per_km: Option<Given>,
    pub low_zone_top_pct: f64,
    pub high_zone_start_pct: f64,
    /// Parsed when the profile is read: a profile cannot hold a zone that is not one.
    pub timezone: Option<crate::activity::calendar::Zone>,
    /// Units of human output (`units` in the file); `--units` wins over it.
    pub units: Option<Units>,
    /// First day of the week (`week_start` in the file); `--week-start` wins over it.
    pub week_start: Option<WeekStart>,
    /// Runs with less moving time than this (seconds) are left out of judging (`min_judged_min`).
    pub min_judged_s: f64,
    /// A coach's per-run overrides (`grayzone-overrides.toml` beside the profile).
    pub overrides: Option<OverridesFile>,
}

/// The overrides file read, and its path for messages.
#[derive(Clone, Debug, PartialEq)]
pub struct OverridesFile {
    pub label: String,
    pub overrides: crate::judge::overrides::Overrides,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            max_hr: None,
            resting_hr: None,
            lthr: None,
            easy_pace_s_per_km: None,
            threshold_pace_s_per_km: None,
            low_zone_top_pct: DEFAULT_LOW_TOP_PCT,
            high_zone_start_pct: DEFAULT_HIGH_START_PCT,
            timezone: None,
            units: None,
            week_start: None,
            min_judged_s: MIN_JUDGED_S,
            overrides: None,
        }
    }
}

/// The profile file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    max_hr: Option<f64>,
    resting_hr: Option<f64>,
    lthr: Option<f64>,
    easy_pace: Option<String>,
    threshold_pace: Option<String>,
    low_zone_top_pct: Option<f64>,
    high_zone_start_pct: Option<f64>,
    timezone: Option<String>,
    units: Option<String>,
    week_start: Option<String>,
    min_judged_min: Option<f64>,
}

/// Figures the runner gives the caller directly (the command line's flags, the Python package's
/// keywords): they win over the profile file.
#[derive(Clone, Debug, Default)]
pub struct GivenFigures {
    pub max_hr: Option<f64>,
    pub resting_hr: Option<f64>,
    pub lthr: Option<f64>,
    pub easy_pace: Option<String>,
    pub threshold_pace: Option<String>,
    /// The units the runner asked for (`--units`): a pace written without one is read in them,
    /// else in the profile's.
    pub units: Option<Units>,
    /// How messages and the baseline's sources name them: `--max-hr` or `max_hr`.
    pub spelling: Spelling,
}

/// A pace the runner wrote, in s/km: without a unit (`9:34`), in the runner's own units (an
/// American's easy pace read per km turned 6 of 8 good weeks into 1: newcomer 37 N1).
pub fn parse_pace_in(text: &str, units: Units) -> Result<f64, String> {
    let t = text.trim().to_ascii_lowercase();
    let has_unit = ["/km", "/mi", "/mile"].iter().any(|u| t.ends_with(u));
    if units == Units::Imperial && !has_unit && t.contains(':') {
        return parse_pace(&format!("{}/mi", text.trim()));
    }
    parse_pace(text)
}

/// Parses a pace: `5:40/km`, `9:07/mi`, `5:40` (per km) or plain seconds per km. Returns s/km.
///
/// ```
/// use grayzone::judge::profile::parse_pace;
/// assert_eq!(parse_pace("5:40/km"), Ok(340.0));
/// assert!((parse_pace("9:07/mi").unwrap() - 339.9).abs() < 0.1);
/// assert!(parse_pace("fast").is_err());
/// ```
pub fn parse_pace(text: &str) -> Result<f64, String> {
    let t = text.trim().to_ascii_lowercase();
    let (clock, per_mile) =
        if let Some(c) = t.strip_suffix("/mi").or_else(|| t.strip_suffix("/mile")) {
            (c, true)
        } else {
            (t.strip_suffix("/km").unwrap_or(&t), false)
        };
    let seconds = match clock.split_once(':') {
        Some((m, s)) => {
            let m: f64 = m.trim().parse().map_err(|_| bad_pace(text))?;
            let s: f64 = s.trim().parse().map_err(|_| bad_pace(text))?;
            if !(0.0..60.0).contains(&s) {
                return Err(bad_pace(text));
            }
            m * 60.0 + s
        }
        None => {
            let unit = if per_mile { "/mi" } else { "/km" };
            if let Some(written) = decimal_minutes(clock.trim()) {
                return Err(format!(
                    "pace '{}': write it {written}{unit} (minutes:seconds, with a colon)",
                    echo(text)
                ));
            }
            clock.trim().parse().map_err(|_| bad_pace(text))?
        }
    };
    let per_km = if per_mile {
        seconds / 1.609_344
    } else {
        seconds
    };
    if !(120.0..=1200.0).contains(&per_km) {
        return Err(format!(
            "pace '{}' is outside 2:00–20:00 per km: is it right?",
            echo(text)
        ));
    }
    Ok(per_km)
}

/// `5.40` or `5,40` (minutes and seconds with a dot or a comma, as a watch never shows a pace)
/// as `5:40`; a whole number of minutes, `5`, as `5:00`. `None` when the text is a number of
/// seconds (120 and up) or not a number at all.
fn decimal_minutes(text: &str) -> Option<String> {
    let (minutes, seconds) = match text.split_once(['.', ',']) {
        Some((m, s)) => (m, s),
        None => (text, "00"),
    };
    let m: u32 = minutes.parse().ok()?;
    if !(2..=20).contains(&m) || seconds.len() != 2 || !seconds.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let s: u32 = seconds.parse().ok()?;
    (s < 60).then(|| format!("{m}:{s:02}"))
}

fn bad_pace(text: &str) -> String {
    format!(
        "cannot read pace '{}': write it like 5:40/km or 9:07/mi",
        echo(text)
    )
}

/// The heart rates a runner may give, each in its own range: a max HR of 40 (a resting HR put
/// in the wrong field, a typo for 140) held every steady run at its own peak, "tempo, 100 % of
/// the time high" (review 36 §1.3). A runner on beta-blockers may peak at 120; a resting HR
/// is under 120.
#[derive(Clone, Copy)]
enum HeartRate {
    Max,
    Resting,
    Threshold,
}

impl HeartRate {
    fn range(self) -> (f64, f64, &'static str) {
        match self {
            HeartRate::Max => (100.0, 250.0, "max heart rate"),
            HeartRate::Resting => (25.0, 120.0, "resting heart rate"),
            HeartRate::Threshold => (80.0, 240.0, "threshold heart rate"),
        }
    }
}

fn check_hr(name: &str, value: f64, what: HeartRate) -> Result<f64, String> {
    let (low, high, words) = what.range();
    if (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{name} {} is not a plausible {words} ({low:.0}–{high:.0} bpm)",
            echo_number(value)
        ))
    }
}

/// Builds the profile: the figures given over the file over defaults. `file` is the profile the
/// caller names, else `grayzone.toml` beside the first input path if it exists.
pub fn load(
    flags: &GivenFigures,
    file: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<Profile, String> {
    // The first path that is there: a mistyped one before the export must not lose its profile.
    let auto_dir = inputs.iter().find(|p| p.exists()).and_then(|p| {
        if p.is_dir() {
            Some(p.clone())
        } else {
            p.parent().map(Path::to_path_buf)
        }
    });
    // Whatever is there by that name is the runner's: a folder, a pipe or a link to nothing (a
    // synced profile that lost its target: hostile round 36 M3) named so is said, not passed
    // over.
    let auto = auto_dir
        .as_ref()
        .map(|dir| dir.join("grayzone.toml"))
        .filter(|candidate| candidate.symlink_metadata().is_ok());
    let named = file.is_some();
    let path = file.map(Path::to_path_buf).or(auto);
    load_at(flags, path, named, auto_dir)
}

/// [`load`] of a profile found beside an export rather than named (a team's zipped athlete's
/// `NAME.grayzone.toml`): only a regular file is read, as beside a folder (a pipe there made a
/// whole `team` wait: hostile round 35 H7).
pub fn load_found(flags: &GivenFigures, found: &Path) -> Result<Profile, String> {
    load_at(
        flags,
        Some(found.to_path_buf()),
        false,
        found.parent().map(Path::to_path_buf),
    )
}

/// The profile at `path` (`named`: by the caller, else found), with the overrides file beside it,
/// or in `auto_dir` when there is none.
fn load_at(
    flags: &GivenFigures,
    path: Option<PathBuf>,
    named: bool,
    auto_dir: Option<PathBuf>,
) -> Result<Profile, String> {
    // The overrides file sits beside the profile, or where the profile would be found.
    let overrides_dir = match &path {
        Some(p) => p.parent().map(Path::to_path_buf),
        None => auto_dir,
    };
    let overrides = match overrides_dir
        .map(|d| d.join(crate::judge::overrides::FILE_NAME))
        .filter(|p| p.exists())
    {
        Some(p) => {
            let label = p.display().to_string();
            let text = read_settings(&p, "overrides", "", false)?;
            Some(OverridesFile {
                overrides: crate::judge::overrides::parse(&label, &text)?,
                label,
            })
        }
        None => None,
    };
    let text = match &path {
        Some(path) => Some(read_settings(
            path,
            "profile",
            &if named {
                format!(
                    " (check the path given to {})",
                    flags.spelling.of("profile")
                )
            } else {
                String::new()
            },
            named,
        )?),
        None => None,
    };
    from_text(flags, path.as_deref().zip(text.as_deref()), overrides)
}

/// The most a settings file (a profile, the overrides) is read to: a profile is a few hundred
/// bytes, and a season's overrides a few hundred lines.
const SETTINGS_MAX_BYTES: u64 = 1 << 20;

/// A settings file's text, read only from a regular file when found beside the export (a pipe
/// would wait forever, a device never end; one named with --profile is read as given) and only
/// up to [`SETTINGS_MAX_BYTES`] (a 10 GB file named grayzone.toml is not
/// one): sizes from what is read, not from what the file system says.
fn read_settings(path: &Path, what: &str, hint: &str, named: bool) -> Result<String, String> {
    use std::io::Read;
    let label = path.display();
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{label}: cannot read {what}: {e}{hint}"))?;
    // Named with --profile, a pipe is the runner's own (`--profile <(cat a.toml b.toml)`), read
    // to the same cap; found beside the export, only a regular file is a profile.
    if meta.is_dir() || !meta.is_file() && !named {
        return Err(format!(
            "{label}: cannot read {what}: not a regular file ({}){hint}",
            if meta.is_dir() {
                "a folder"
            } else {
                "a pipe or a device"
            }
        ));
    }
    let file =
        std::fs::File::open(path).map_err(|e| format!("{label}: cannot read {what}: {e}{hint}"))?;
    let mut bytes = Vec::new();
    file.take(SETTINGS_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{label}: cannot read {what}: {e}{hint}"))?;
    if bytes.len() as u64 > SETTINGS_MAX_BYTES {
        return Err(format!(
            "{label}: cannot read {what}: over {} MB, far more than any {what} file holds; is it the right file?",
            SETTINGS_MAX_BYTES >> 20
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| format!("{label}: cannot read {what}: not text (UTF-8){hint}"))
}

/// Builds the profile from a profile file's text already read (`file`: its path, which names it
/// in messages and in the baseline's sources, and its text): flags over the file over defaults.
/// [`load`] reads the file; the Python package's `judge` is given the text.
/// The profile file's keys, or one line naming the file, the line and what is wrong there.
fn parse_profile_file(path: &Path, text: &str) -> Result<ProfileFile, String> {
    toml::from_str(text).map_err(|e| {
        let number = e
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| before.matches('\n').count() + 1);
        let line = number.map(|n| format!(", line {n}")).unwrap_or_default();
        // A pace or a time written bare, as a runner writes it (`easy_pace = 5:40`): TOML reads
        // no colon in a number, and said "expected newline, `#`" (newcomer 39 N4).
        let bare = number
            .and_then(|n| text.lines().nth(n - 1))
            .and_then(|l| l.split_once('='))
            .map(|(key, value)| (key.trim(), value.trim()))
            .filter(|(_, v)| {
                v.starts_with(|c: char| c.is_ascii_digit()) && v.contains(':') && !v.contains('"')
            });
        if let Some((key, value)) = bare {
            let value = value.split('#').next().unwrap_or(value).trim();
            return format!(
                "{}{line}: {key} = {value}: write it in quotes, {key} = \"{value}\"",
                path.display()
            );
        }
        format!(
            "{}{line}: {} (every key is explained in the template `grayzone init DIR` writes)",
            path.display(),
            // The parser's words, but a runner's: "expected f64" is Rust's.
            e.message()
                .trim()
                .replace('\n', " ")
                .replace("expected f64", "expected a number (180, or 180.5)")
        )
    })
}

pub fn from_text(
    flags: &GivenFigures,
    file: Option<(&Path, &str)>,
    overrides: Option<OverridesFile>,
) -> Result<Profile, String> {
    let (parsed, label) = match file {
        Some((path, text)) => (
            parse_profile_file(path, text)?,
            format!("profile {}", path.display()),
        ),
        None => (ProfileFile::default(), String::new()),
    };
    // Errors name where the figure came from: the flag (or keyword), or the file and its key.
    let given = |flag: Option<f64>,
                 option: &str,
                 from_file: Option<f64>,
                 key: &str,
                 what: HeartRate|
     -> Result<Option<Given>, String> {
        let flag_name = flags.spelling.of(option);
        let flag_name = flag_name.as_str();
        Ok(match (flag, from_file) {
            (Some(v), _) => Some(Given {
                value: check_hr(flag_name, v, what)?,
                by: flag_name.to_string(),
            }),
            (None, Some(v)) => Some(Given {
                value: check_hr(&format!("{label}: {key} ="), v, what)?,
                by: label.clone(),
            }),
            (None, None) => None,
        })
    };
    let file_units = match parsed.units.as_deref() {
        Some(name) => Some(Units::from_name(name).ok_or_else(|| {
            format!("{label}: units = \"{name}\": write \"metric\" or \"imperial\"")
        })?),
        None => None,
    };
    // A pace without a unit is read in the units its writer had in mind: the file's own `units`
    // for the file (as its template says), the command line's for a flag. `--units` asks how
    // output is shown and must not change a verdict (review 38 §1.1: an American's "9:31" read
    // per km under `--units metric` turned a long run into a race).
    let flag_units = flags.units.or(file_units).unwrap_or_default();
    let file_pace_units = file_units.unwrap_or_default();
    let pace = |flag: &Option<String>,
                option: &str,
                from_file: &Option<String>,
                key: &str|
     -> Result<Option<Given>, String> {
        let flag_name = flags.spelling.of(option);
        let flag_name = flag_name.as_str();
        Ok(match (flag, from_file) {
            (Some(v), _) => Some(Given {
                value: parse_pace_in(v, flag_units).map_err(|e| format!("{flag_name}: {e}"))?,
                by: flag_name.to_string(),
            }),
            (None, Some(v)) => Some(Given {
                value: parse_pace_in(v, file_pace_units)
                    .map_err(|e| format!("{label}: {key}: {e}"))?,
                by: label.clone(),
            }),
            (None, None) => None,
        })
    };
    let timezone = match &parsed.timezone {
        Some(zone) => Some(
            crate::activity::calendar::parse_tz(zone)
                .map_err(|e| format!("{label}: timezone: {e}"))?,
        ),
        None => None,
    };
    let profile = Profile {
        max_hr: given(
            flags.max_hr,
            "max-hr",
            parsed.max_hr,
            "max_hr",
            HeartRate::Max,
        )?,
        resting_hr: given(
            flags.resting_hr,
            "resting-hr",
            parsed.resting_hr,
            "resting_hr",
            HeartRate::Resting,
        )?,
        lthr: given(
            flags.lthr,
            "lthr",
            parsed.lthr,
            "lthr",
            HeartRate::Threshold,
        )?,
        easy_pace_s_per_km: pace(
            &flags.easy_pace,
            "easy-pace",
            &parsed.easy_pace,
            "easy_pace",
        )?,
        threshold_pace_s_per_km: pace(
            &flags.threshold_pace,
            "threshold-pace",
            &parsed.threshold_pace,
            "threshold_pace",
        )?,
        low_zone_top_pct: parsed.low_zone_top_pct.unwrap_or(DEFAULT_LOW_TOP_PCT),
        high_zone_start_pct: parsed.high_zone_start_pct.unwrap_or(DEFAULT_HIGH_START_PCT),
        timezone,
        units: file_units,
        week_start: match parsed.week_start.as_deref() {
            Some(name) => Some(WeekStart::from_name(name).ok_or_else(|| {
                format!("{label}: week_start = \"{name}\": write \"monday\" or \"sunday\"")
            })?),
            None => None,
        },
        min_judged_s: match parsed.min_judged_min {
            Some(minutes) if (0.0..=120.0).contains(&minutes) => minutes * 60.0,
            Some(minutes) => {
                return Err(format!(
                    "{label}: min_judged_min = {minutes}: give minutes of moving time from 0 to 120"
                ))
            }
            None => MIN_JUDGED_S,
        },
        overrides,
    };
    if !(50.0..profile.high_zone_start_pct).contains(&profile.low_zone_top_pct)
        || profile.high_zone_start_pct > 100.0
    {
        return Err(format!(
            "{label}: zone boundaries must satisfy 50 ≤ low_zone_top_pct < high_zone_start_pct ≤ 100"
        ));
    }
    check_order(&profile)?;
    Ok(profile)
}

/// A heart at rest beats slower than at threshold, and at threshold slower than at its max:
/// figures given the other way round are a slip (resting 250 with max 30 drew a low zone under
/// 24 bpm: hostile round 34 M5), said with where each came from.
fn check_order(p: &Profile) -> Result<(), String> {
    let figures = [
        ("resting HR", &p.resting_hr),
        ("LTHR", &p.lthr),
        ("max HR", &p.max_hr),
    ];
    let given: Vec<(&str, &Given)> = figures
        .iter()
        .filter_map(|(name, g)| g.as_ref().map(|g| (*name, g)))
        .collect();
    for pair in given.windows(2) {
        let ((low_name, low), (high_name, high)) = (pair[0], pair[1]);
        if low.value >= high.value {
            return Err(format!(
                "the {low_name} given, {} ({}), is not below the {high_name} given, {} ({}): a heart beats slower at rest than at threshold, and at threshold than at its max",
                echo_number(low.value),
                low.by,
                echo_number(high.value),
                high.by
            ));
        }
    }
    // Zones drawn on a reserve of a few beats put every run in one zone (resting 99 with max 100:
    // hostile round 39 M6). The narrowest real reserve, an old untrained heart's, is some 60.
    if let (Some(rest), Some(max)) = (&p.resting_hr, &p.max_hr) {
        if max.value - rest.value < MIN_HR_RESERVE_BPM {
            return Err(format!(
                "the resting HR given, {} ({}), is {} bpm under the max HR given, {} ({}): a heart's reserve is {} bpm or more; is one of them a slip?",
                echo_number(rest.value),
                rest.by,
                echo_number(max.value - rest.value),
                echo_number(max.value),
                max.by,
                echo_number(MIN_HR_RESERVE_BPM)
            ));
        }
    }
    Ok(())
}

/// The least heart-rate reserve (max − resting) taken as given: under it, a figure is a slip.
const MIN_HR_RESERVE_BPM: f64 = 30.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pace_written_with_a_dot_says_how_to_write_it() {
        assert_eq!(
            parse_pace("5.40").unwrap_err(),
            "pace '5.40': write it 5:40/km (minutes:seconds, with a colon)"
        );
        assert_eq!(
            parse_pace("9,07/mi").unwrap_err(),
            "pace '9,07/mi': write it 9:07/mi (minutes:seconds, with a colon)"
        );
        assert_eq!(
            parse_pace("6").unwrap_err(),
            "pace '6': write it 6:00/km (minutes:seconds, with a colon)"
        );
        // Seconds per km still read as such; a dot with seconds over 59 is no pace at all.
        assert_eq!(parse_pace("340"), Ok(340.0));
        // Without a unit, a pace is read in the runner's units (newcomer 37 N1).
        assert_eq!(parse_pace_in("9:34", Units::Metric), Ok(574.0));
        let per_mile = parse_pace_in("9:34", Units::Imperial).unwrap();
        assert!((per_mile - 356.7).abs() < 0.1, "{per_mile}");
        assert_eq!(parse_pace_in("5:56/km", Units::Imperial), Ok(356.0));
        assert_eq!(parse_pace_in("340", Units::Imperial), Ok(340.0));
        assert!(parse_pace("5.75")
            .unwrap_err()
            .contains("outside 2:00–20:00"));
    }

    /// A profile that is a link to nothing is said, not passed over for the defaults (hostile
    /// round 36 M3).
    #[cfg(unix)]
    #[test]
    fn a_profile_linked_to_nothing_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("gone.toml"),
            dir.path().join("grayzone.toml"),
        )
        .unwrap();
        let err = load(&GivenFigures::default(), None, &[dir.path().to_path_buf()]).unwrap_err();
        assert!(err.contains("grayzone.toml: cannot read profile"), "{err}");
    }

    #[test]
    fn heart_rates_given_out_of_order_are_refused_with_where_they_came_from() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("grayzone.toml"), "resting_hr = 110\n").unwrap();
        let flags = GivenFigures {
            max_hr: Some(105.0),
            ..Default::default()
        };
        let err = load(&flags, None, &[dir.path().to_path_buf()]).unwrap_err();
        assert_eq!(
            err,
            format!(
                "the resting HR given, 110 (profile {}), is not below the max HR given, 105 (--max-hr): a heart beats slower at rest than at threshold, and at threshold than at its max",
                dir.path().join("grayzone.toml").display()
            )
        );
        // An LTHR over the max, both flags.
        let flags = GivenFigures {
            max_hr: Some(180.0),
            lthr: Some(185.0),
            ..Default::default()
        };
        assert!(load(&flags, None, &[]).unwrap_err().starts_with(
            "the LTHR given, 185 (--lthr), is not below the max HR given, 180 (--max-hr)"
        ));
        // In order, they load.
        let flags = GivenFigures {
            max_hr: Some(185.0),
            lthr: Some(168.0),
            resting_hr: Some(48.0),
            ..Default::default()
        };
        assert!(load(&flags, None, &[]).is_ok());
    }

    #[test]
    fn paces_in_km_and_miles() {
        assert_eq!(parse_pace("5:40/km"), Ok(340.0));
        assert_eq!(parse_pace("5:40"), Ok(340.0));
        assert!((parse_pace("9:07/mi").unwrap() - 340.0).abs() < 0.5);
        assert!(parse_pace("5:75/km").is_err());
        assert!(parse_pace("fast").is_err());
        assert!(parse_pace("0:40/km").is_err());
    }

    #[test]
    fn flags_beat_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("grayzone.toml"),
            "max_hr = 180\nlthr = 165\neasy_pace = \"6:00/km\"\n",
        )
        .unwrap();
        let flags = GivenFigures {
            max_hr: Some(190.0),
            ..Default::default()
        };
        let p = load(&flags, None, &[dir.path().to_path_buf()]).unwrap();
        assert_eq!(
            p.max_hr.as_ref().map(|g| (g.value, g.by.as_str())),
            Some((190.0, "--max-hr"))
        );
        assert_eq!(p.lthr.as_ref().map(|g| g.value), Some(165.0));
        assert_eq!(p.easy_pace_s_per_km.as_ref().map(|g| g.value), Some(360.0));
        assert!(p
            .lthr
            .as_ref()
            .is_some_and(|g| g.by.starts_with("profile ")));
    }

    #[test]
    fn a_figure_of_the_wrong_type_is_said_in_a_runner_s_words() {
        let err = from_text(
            &GivenFigures::default(),
            Some((Path::new("t/grayzone.toml"), "max_hr = \"high\"\n")),
            None,
        )
        .unwrap_err();
        assert!(
            err.starts_with("t/grayzone.toml, line 1: invalid type: string \"high\", expected a number (180, or 180.5)"),
            "{err}"
        );
        assert!(!err.contains("f64"), "{err}");
    }

    #[test]
    fn a_file_s_pace_is_read_in_the_file_s_units_whatever_units_output_is_shown_in() {
        let file = "units = \"imperial\"\neasy_pace = \"9:31\"\n";
        for shown in [None, Some(Units::Metric), Some(Units::Imperial)] {
            let given = GivenFigures {
                units: shown,
                ..GivenFigures::default()
            };
            let p = from_text(&given, Some((Path::new("us.toml"), file)), None).unwrap();
            let easy = p.easy_pace_s_per_km.unwrap().value;
            assert!((easy - 571.0 / 1.609_344).abs() < 0.1, "{shown:?}: {easy}");
        }
        // A flag's pace without a unit is read in the units the command line asked for, else the
        // file's.
        let given = GivenFigures {
            units: Some(Units::Metric),
            easy_pace: Some("9:31".into()),
            ..GivenFigures::default()
        };
        let p = from_text(&given, Some((Path::new("us.toml"), file)), None).unwrap();
        assert_eq!(p.easy_pace_s_per_km.unwrap().value, 571.0);
        let given = GivenFigures {
            easy_pace: Some("9:31".into()),
            ..GivenFigures::default()
        };
        let p = from_text(&given, Some((Path::new("us.toml"), file)), None).unwrap();
        assert!((p.easy_pace_s_per_km.unwrap().value - 354.8).abs() < 0.1);
    }

    #[test]
    fn figures_are_named_as_their_caller_gave_them() {
        for (spelling, name) in [(Spelling::Flag, "--max-hr"), (Spelling::Keyword, "max_hr")] {
            let given = GivenFigures {
                max_hr: Some(999.0),
                spelling,
                ..GivenFigures::default()
            };
            let err = from_text(&given, None, None).unwrap_err();
            assert!(err.starts_with(&format!("{name} 999 ")), "{err}");
            let given = GivenFigures {
                max_hr: Some(190.0),
                spelling,
                ..GivenFigures::default()
            };
            let p = from_text(&given, None, None).unwrap();
            assert_eq!(p.max_hr.map(|g| g.by), Some(name.to_string()));
        }
    }

    /// The keys the profile file accepts, as the parser itself lists them.
    fn accepted_keys() -> Vec<String> {
        let err = toml::from_str::<ProfileFile>("no_such_key = 1\n")
            .unwrap_err()
            .message()
            .to_string();
        let expected = err.split("expected one of").nth(1).unwrap_or("");
        expected
            .split(',')
            .map(|k| k.trim().trim_matches('`').to_string())
            .filter(|k| !k.is_empty())
            .collect()
    }

    #[test]
    fn the_template_has_every_key_and_changes_nothing_until_uncommented() {
        let keys = accepted_keys();
        assert_eq!(keys.len(), 11, "{keys:?}");
        for key in &keys {
            assert!(
                TEMPLATE.contains(&format!("\n# {key} = ")),
                "the template lacks {key}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grayzone.toml");
        std::fs::write(&path, TEMPLATE).unwrap();
        let p = load(&GivenFigures::default(), Some(&path), &[]).unwrap();
        assert_eq!(p, Profile::default());

        // Every example value, uncommented, is valid and read as written.
        let uncommented: String = TEMPLATE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if keys.iter().any(|k| rest.starts_with(&format!("{k} = "))) => rest,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, uncommented).unwrap();
        let p = load(&GivenFigures::default(), Some(&path), &[]).unwrap();
        assert_eq!(p.max_hr.as_ref().map(|g| g.value), Some(188.0));
        assert_eq!(p.resting_hr.as_ref().map(|g| g.value), Some(48.0));
        assert_eq!(p.lthr.as_ref().map(|g| g.value), Some(170.0));
        assert_eq!(p.easy_pace_s_per_km.as_ref().map(|g| g.value), Some(340.0));
        assert_eq!(
            p.threshold_pace_s_per_km.as_ref().map(|g| g.value),
            Some(275.0)
        );
        assert_eq!((p.low_zone_top_pct, p.high_zone_start_pct), (80.0, 88.0));
        assert_eq!(p.timezone.as_ref().map(|z| z.name()), Some("Europe/Paris"));
        assert_eq!(p.units, Some(Units::Metric));
        assert_eq!(p.week_start, Some(WeekStart::Monday));
        assert_eq!(p.min_judged_s, 300.0);
    }

    #[test]
    fn the_shortest_judged_run_comes_from_the_file_in_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grayzone.toml");
        std::fs::write(&path, "min_judged_min = 2.5\n").unwrap();
        let p = load(&GivenFigures::default(), Some(&path), &[]).unwrap();
        assert_eq!(p.min_judged_s, 150.0);
        std::fs::write(&path, "min_judged_min = -1\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert!(
            err.contains("grayzone.toml") && err.contains("min_judged_min"),
            "{err}"
        );
    }

    #[test]
    fn week_start_comes_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grayzone.toml");
        std::fs::write(&path, "week_start = \"sunday\"\n").unwrap();
        let p = load(&GivenFigures::default(), Some(&path), &[]).unwrap();
        assert_eq!(p.week_start, Some(WeekStart::Sunday));
        std::fs::write(&path, "week_start = \"saturday\"\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert!(
            err.contains("grayzone.toml") && err.contains("\"sunday\""),
            "{err}"
        );
    }

    #[test]
    fn units_come_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grayzone.toml");
        std::fs::write(&path, "units = \"imperial\"\n").unwrap();
        let p = load(&GivenFigures::default(), Some(&path), &[]).unwrap();
        assert_eq!(p.units, Some(Units::Imperial));
        std::fs::write(&path, "units = \"furlongs\"\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert!(
            err.contains("grayzone.toml") && err.contains("\"imperial\""),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_are_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, "maxhr = 180\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert!(err.contains("p.toml"), "{err}");
    }

    #[test]
    fn a_reserve_of_a_few_beats_is_a_slip() {
        let flags = |rest: f64, max: f64| GivenFigures {
            resting_hr: Some(rest),
            max_hr: Some(max),
            ..GivenFigures::default()
        };
        let err = load(&flags(99.0, 100.0), None, &[]).unwrap_err();
        assert!(
            err.starts_with("the resting HR given, 99 (--resting-hr), is 1 bpm under the max HR given, 100 (--max-hr)"),
            "{err}"
        );
        assert!(load(&flags(60.0, 150.0), None, &[]).is_ok());
    }

    #[test]
    fn a_pace_written_bare_is_asked_in_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grayzone.toml");
        std::fs::write(&path, "max_hr = 180\neasy_pace = 5:40   # my usual\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{}, line 2: easy_pace = 5:40: write it in quotes, easy_pace = \"5:40\"",
                path.display()
            )
        );
        // Any other fault keeps the parser's words.
        std::fs::write(&path, "max_hr = 180 180\n").unwrap();
        let err = load(&GivenFigures::default(), Some(&path), &[]).unwrap_err();
        assert!(
            err.contains(", line 1: ") && !err.contains("quotes"),
            "{err}"
        );
    }
}
