//! `grayzone._native`: the Rust half of the Python package. It hands Python plain columns (a name,
//! a type word and a list of values per column); `grayzone/__init__.py` makes the `pyarrow.Table`s.
//! No Rust Arrow library: the columns are small (one value per run or week), and pyarrow builds
//! them from lists in microseconds.
//!
//! Every failure is a `ValueError` whose message names the file or the option and says why.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use serde::Serialize;
use serde_json::Value;

use grayzone::activity::calendar::{parse_tz, WeekStart};
use grayzone::ingest::discover::{kind_of, Kind};
use grayzone::judge::profile::{self, GivenFigures, Profile};
use grayzone::judge::rules::DEFAULT_MIN_EASY_PCT;
use grayzone::judge::{read_and_judge, ActivityRow, SeriesAfter};
use grayzone::report::records::{baseline_records, ActivityRecord, BaselineRecord, WeekRecord};
use grayzone::report::weekly;
use grayzone::report::window::{self as dates, Spelling, WindowRequest};
use grayzone::summarize::row::FileRow;
use grayzone::summarize::{self as stages, ReadOptions};

/// The `since`/`until`/`last` window, checked before anything is read (as the CLI does).
fn window(
    since: Option<String>,
    until: Option<String>,
    last: Option<usize>,
) -> PyResult<WindowRequest> {
    let date = |name: &str, text: Option<String>| {
        text.map(|d| dates::parse_date(Spelling::Keyword, name, &d))
            .transpose()
            .map_err(error)
    };
    let request = WindowRequest {
        since: date("since", since)?,
        until: date("until", until)?,
        last_weeks: last,
        all: false,
    };
    request.check(Spelling::Keyword).map_err(error)?;
    Ok(request)
}

fn error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// One table as Python gets it: `(names, types, columns)`, `types` one of `int64`, `float64`,
/// `bool`, `string`, `binary`, and `columns` a list of value lists in the names' order.
type Columns = (Vec<String>, Vec<String>, Vec<PyObject>);

/// The CLI's records as columns, cell for cell what its CSV holds (before the CSV's spreadsheet
/// quoting): the types come from the record's fields (a default record gives every column's
/// type, an `Option` field's type is its values'); `int_options` names the `Option` columns that
/// are whole numbers, typed so even when every value is missing.
fn record_columns<T: Serialize + Default>(
    py: Python<'_>,
    records: &[T],
    int_options: &[&str],
) -> PyResult<Columns> {
    let to_object = |r: &T| match serde_json::to_value(r) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error("internal error: a record is not a map")),
        Err(e) => Err(error(format!("internal error: {e}"))),
    };
    let template = to_object(&T::default())?;
    // The CSV's header gives the columns' order (the JSON map here is sorted by name).
    let mut header = Vec::new();
    grayzone::report::csv::write::<T>(&[], &mut header)
        .map_err(|e| error(format!("internal error: {e}")))?;
    let names: Vec<String> = String::from_utf8_lossy(&header)
        .trim_end()
        .split(',')
        .map(str::to_string)
        .collect();
    let mut types: Vec<String> = names
        .iter()
        .map(|name| (name, template.get(name).unwrap_or(&Value::Null)))
        .map(|(name, v)| match v {
            Value::Bool(_) => "bool",
            Value::String(_) => "string",
            Value::Number(n) if n.is_f64() => "float64",
            Value::Number(_) => "int64",
            _ if int_options.contains(&name.as_str()) => "int64",
            _ => "float64",
        })
        .map(str::to_string)
        .collect();
    let objects = records
        .iter()
        .map(to_object)
        .collect::<PyResult<Vec<_>>>()?;
    let mut columns = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let list = PyList::empty(py);
        for object in &objects {
            match object.get(name) {
                None | Some(Value::Null) => list.append(py.None())?,
                Some(Value::Bool(b)) => list.append(*b)?,
                Some(Value::String(s)) => list.append(s)?,
                Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
                    (Some(v), _) if types[i] == "int64" => list.append(v)?,
                    (_, Some(v)) => {
                        types[i] = "float64".into();
                        list.append(v)?
                    }
                    _ => list.append(py.None())?,
                },
                Some(other) => list.append(other.to_string())?,
            }
        }
        columns.push(list.into_any().unbind());
    }
    Ok((names, types, columns))
}

/// The runner's figures given as keywords, and the profile file they override (`grayzone.toml`
/// beside the export unless `profile` names one).
fn runner(flags: GivenFigures, profile: Option<&Path>, paths: &[PathBuf]) -> PyResult<Profile> {
    profile::load(&flags, profile, paths).map_err(error)
}

/// Reads and judges the export as the CLI does (quietly: what it would say on stderr is in the
/// rows), with the zone `tz` for every file when given.
fn judged(
    py: Python<'_>,
    paths: &[PathBuf],
    tz: Option<String>,
    profile: &Profile,
) -> PyResult<Vec<ActivityRow>> {
    let options = ReadOptions {
        tz: tz
            .as_deref()
            .map(|zone| parse_tz(zone).map_err(|e| error(format!("tz={zone:?}: {e}"))))
            .transpose()?,
        ..ReadOptions::default()
    };
    py.allow_threads(|| read_and_judge(paths, &options, profile, SeriesAfter::Dropped))
        .map(|judged| judged.rows)
        .map_err(|e| error(e.to_string()))
}

fn parse_week_start(name: &str) -> PyResult<WeekStart> {
    WeekStart::from_name(name).ok_or_else(|| {
        error(format!(
            "week_start={name:?}: write \"monday\" or \"sunday\""
        ))
    })
}

/// `grayzone activities|weekly|baseline PATH…` with these options, as columns.
#[pyfunction]
#[pyo3(signature = (table, paths, *, tz=None, max_hr=None, resting_hr=None, lthr=None, easy_pace=None, threshold_pace=None, profile=None, week_start=None, since=None, until=None, last=None))]
#[allow(clippy::too_many_arguments)]
fn tables(
    py: Python<'_>,
    table: &str,
    paths: Vec<PathBuf>,
    tz: Option<String>,
    max_hr: Option<f64>,
    resting_hr: Option<f64>,
    lthr: Option<f64>,
    easy_pace: Option<String>,
    threshold_pace: Option<String>,
    profile: Option<PathBuf>,
    week_start: Option<String>,
    since: Option<String>,
    until: Option<String>,
    last: Option<usize>,
) -> PyResult<Columns> {
    if paths.is_empty() {
        return Err(error("no path given: give export folders, zips or files"));
    }
    let week_start = week_start.as_deref().map(parse_week_start).transpose()?;
    let request = window(since, until, last)?;
    let flags = GivenFigures {
        max_hr,
        resting_hr,
        lthr,
        easy_pace,
        threshold_pace,
        units: None,
        spelling: Spelling::Keyword,
    };
    let profile = runner(flags, profile.as_deref(), &paths)?;
    let rows = judged(py, &paths, tz, &profile)?;
    let week_start = week_start.or(profile.week_start).unwrap_or_default();
    let window = request.resolve(&rows, week_start, None);
    let weeks = || {
        window.weeks(&weekly::weeks_starting(
            &rows,
            week_start,
            DEFAULT_MIN_EASY_PCT,
        ))
    };
    match table {
        "activities" => {
            let records: Vec<ActivityRecord> = window
                .rows(&rows)
                .into_iter()
                .map(ActivityRecord::from_row)
                .collect();
            record_columns(py, &records, &["max_hr"])
        }
        "weekly" => {
            let records: Vec<WeekRecord> = weeks().iter().map(WeekRecord::from_week).collect();
            record_columns(py, &records, &[])
        }
        "baseline" => {
            let records: Vec<BaselineRecord> = baseline_records(&rows, &weeks());
            record_columns(py, &records, &[])
        }
        other => Err(error(format!(
            "no table {other:?}: activities, weekly or baseline"
        ))),
    }
}

/// Whether a file name is an athlete's profile, as `grayzone team` finds it: `grayzone.toml` in
/// the athlete's folder, `NAME.grayzone.toml` beside `NAME.zip`.
fn is_profile(name: &str) -> bool {
    let base = base_name(name);
    base == "grayzone.toml" || base.ends_with(".grayzone.toml")
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The per-file stage: one file's bytes (any file `grayzone` reads: .fit .gpx .tcx, each also
/// .gz, or a .zip export) into its rows, one per activity, before time zones and duplicates
/// (which need the athlete's other files: `judge` does them). Each row: its path (`name`, and
/// `name!entry` inside a zip, `#2` for a second session), status, a few figures to read, and the
/// whole row serialized (JSON) for `judge`. A profile file (`grayzone.toml`,
/// `NAME.grayzone.toml`) is one row of kind `profile` carrying its text; any other file the CLI
/// would skip in a folder gives no row.
#[pyfunction]
fn summarize(py: Python<'_>, data: &[u8], name: &str) -> PyResult<Columns> {
    let names: Vec<String> = [
        "path",
        "kind",
        "status",
        "error",
        "sport",
        "start_time_utc",
        "moving_time_s",
        "distance_m",
        "avg_hr",
        "summary",
    ]
    .map(String::from)
    .to_vec();
    let types: Vec<String> = [
        "string", "string", "string", "string", "string", "string", "float64", "float64",
        "float64", "binary",
    ]
    .map(String::from)
    .to_vec();
    let mut cells: Vec<Vec<PyObject>> = (0..names.len()).map(|_| Vec::new()).collect();
    let none = || py.None();
    if is_profile(name) {
        let row: [PyObject; 10] = [
            name.into_pyobject(py)?.into_any().unbind(),
            "profile".into_pyobject(py)?.into_any().unbind(),
            none(),
            none(),
            none(),
            none(),
            none(),
            none(),
            none(),
            PyBytes::new(py, data).into_any().unbind(),
        ];
        for (column, cell) in cells.iter_mut().zip(row) {
            column.push(cell);
        }
    } else if matches!(
        kind_of(base_name(name)),
        Some(Kind::Activity { .. } | Kind::Zip)
    ) {
        let rows = py.allow_threads(|| summarize_bytes(data, name))?;
        for row in &rows {
            let summary = serde_json::to_vec(row)
                .map_err(|e| error(format!("{name}: cannot serialize its summary: {e}")))?;
            let s = row.summary.as_deref();
            let start = s
                .map(|s| s.start_time)
                .and_then(|t| chrono::DateTime::from_timestamp(t.floor() as i64, 0))
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            let row: [PyObject; 10] = [
                row.path.clone().into_pyobject(py)?.into_any().unbind(),
                "activity".into_pyobject(py)?.into_any().unbind(),
                row.status.name().into_pyobject(py)?.into_any().unbind(),
                row.error.clone().into_pyobject(py)?.into_any().unbind(),
                match s {
                    Some(s) => s.sport.name().into_pyobject(py)?.into_any().unbind(),
                    None => none(),
                },
                match start {
                    Some(t) => t.into_pyobject(py)?.into_any().unbind(),
                    None => none(),
                },
                match s {
                    Some(s) => s.moving_time_s.into_pyobject(py)?.into_any().unbind(),
                    None => none(),
                },
                match s {
                    Some(s) => s.distance_m.into_pyobject(py)?.into_any().unbind(),
                    None => none(),
                },
                match s.and_then(|s| s.avg_hr) {
                    Some(h) => h.into_pyobject(py)?.into_any().unbind(),
                    None => none(),
                },
                PyBytes::new(py, &summary).into_any().unbind(),
            ];
            for (column, cell) in cells.iter_mut().zip(row) {
                column.push(cell);
            }
        }
    }
    let columns = cells
        .into_iter()
        .map(|c| PyList::new(py, c).map(|l| l.into_any().unbind()))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((names, types, columns))
}

/// Reads one file's bytes as the CLI reads that file: a plain .fit/.gpx/.tcx from memory; a .gz or
/// a zip written to a private temporary folder under its own base name (zips are read from a file,
/// never held whole), read, and its rows named as `name` again.
fn summarize_bytes(data: &[u8], name: &str) -> PyResult<Vec<FileRow>> {
    // A plain activity file is decoded from memory, as the CLI decodes one it has read.
    if let Some(Kind::Activity {
        format,
        gzipped: false,
    }) = kind_of(base_name(name))
    {
        return Ok(stages::rows_for_file(name, format, data));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| error(format!("{name}: cannot make a temporary folder: {e}")))?;
    let path = dir.path().join(base_name(name));
    std::fs::write(&path, data)
        .map_err(|e| error(format!("{name}: cannot write a temporary copy: {e}")))?;
    let (mut rows, _) =
        stages::read_summaries(std::slice::from_ref(&path), &ReadOptions::default())
            .map_err(|e| error(format!("{name}: {e}")))?;
    let label = path.display().to_string();
    for row in &mut rows {
        if let Some(rest) = row.path.strip_prefix(&label) {
            row.path = format!("{name}{rest}");
        }
        row.error = row.error.replace(&label, name);
    }
    Ok(rows)
}

/// The per-athlete stage: one athlete's serialized rows (the `summary` column of `summarize`,
/// from all their files, in any order) judged as `grayzone weekly` judges their folder: time
/// zones, duplicates, dated baseline, verdicts, weeks. `profile`: the text of their profile file
/// and `profile_name` its path (it names the file in errors and in the baseline's sources).
/// Returns the activities and weekly tables.
#[pyfunction]
#[pyo3(signature = (summaries, profile=None, profile_name=None, *, tz=None, week_start=None, since=None, until=None, last=None))]
#[allow(clippy::too_many_arguments)]
fn judge(
    py: Python<'_>,
    summaries: Vec<Bound<'_, PyBytes>>,
    profile: Option<String>,
    profile_name: Option<String>,
    tz: Option<String>,
    week_start: Option<String>,
    since: Option<String>,
    until: Option<String>,
    last: Option<usize>,
) -> PyResult<(Columns, Columns)> {
    let request = window(since, until, last)?;
    let week_start_flag = week_start.as_deref().map(parse_week_start).transpose()?;
    let profile_name = profile_name.unwrap_or_else(|| "grayzone.toml".to_string());
    let profile = match &profile {
        Some(text) => profile::from_text(
            &GivenFigures::default(),
            Some((Path::new(&profile_name), text.as_str())),
            None,
        ),
        None => profile::from_text(&GivenFigures::default(), None, None),
    }
    .map_err(error)?;
    let tz = match (&tz, &profile.timezone) {
        (Some(flag), _) => Some(parse_tz(flag).map_err(|e| error(format!("tz: {e}")))?),
        (None, Some(zone)) => Some(zone.clone()),
        (None, None) => None,
    };
    let mut rows: Vec<FileRow> = Vec::with_capacity(summaries.len());
    for (i, bytes) in summaries.iter().enumerate() {
        rows.push(serde_json::from_slice(bytes.as_bytes()).map_err(|e| {
            error(format!(
                "summary {i}: not a summary from grayzone.summarize (of this version): {e}"
            ))
        })?);
    }
    let (activities, weeks) = py.allow_threads(|| {
        // The order the CLI reads a folder in; the rows are then sorted by start time.
        rows.sort_by(|a, b| a.path.cmp(&b.path));
        stages::finish_rows(&mut rows, tz.as_ref());
        let (rows, _) =
            grayzone::judge::judge_telling(rows, &profile, grayzone::judge::SeriesAfter::Dropped);
        let week_start = week_start_flag.or(profile.week_start).unwrap_or_default();
        let window = request.resolve(&rows, week_start, None);
        let activities: Vec<ActivityRecord> = window
            .rows(&rows)
            .into_iter()
            .map(ActivityRecord::from_row)
            .collect();
        let weeks: Vec<WeekRecord> = window
            .weeks(&weekly::weeks_starting(
                &rows,
                week_start,
                DEFAULT_MIN_EASY_PCT,
            ))
            .iter()
            .map(WeekRecord::from_week)
            .collect();
        (activities, weeks)
    });
    Ok((
        record_columns(py, &activities, &["max_hr"])?,
        record_columns(py, &weeks, &[])?,
    ))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tables, m)?)?;
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    m.add_function(wrap_pyfunction!(judge, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
