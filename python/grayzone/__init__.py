"""grayzone from Python: is your training really 80/20?

The CLI's tables as typed ``pyarrow.Table`` s, and its two stages apart for a cluster:

* ``activities(paths, **options)``, ``weekly(...)``, ``baseline(...)``: what ``grayzone activities``,
  ``weekly`` and ``baseline`` write as CSV for the same paths and options, row for row and value for
  value, with typed columns (whole counts ``int64``, figures ``float64``, ``gray_zone`` ``bool``,
  text ``string``; ``local_date``, ``week_start`` and ``date`` Arrow ``date32``,
  ``start_time_utc`` a UTC ``timestamp``).
* ``summarize(data, name)``: one file's bytes into its activities' summaries (one row each);
  ``judge(summaries, profile=None)``: one athlete's summaries into their activities and weeks, as
  ``grayzone team`` judges that athlete.

Options (keyword only): ``tz`` (IANA name), ``max_hr``, ``resting_hr``, ``lthr``, ``easy_pace``,
``threshold_pace`` (``"5:40/km"``), ``profile`` (a grayzone.toml path), ``week_start``
(``"monday"``/``"sunday"``), ``since``/``until`` (``"YYYY-MM-DD"``), ``last`` (weeks).
Errors are ``ValueError`` s naming the file or option and why.
"""

import os

import pyarrow as pa
import pyarrow.compute as pc

from . import _native

__version__ = _native.__version__
__all__ = ["activities", "weekly", "baseline", "summarize", "judge"]

_TYPES = {
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "string": pa.string(),
    "binary": pa.binary(),
}


# Calendar dates (the run's local date, a week's first day, a baseline row's date) and the UTC
# instant a run started: the CLI writes them as ISO text; here they are Arrow dates and
# timestamps, which pandas and polars read as dates and datetimes. `start_time` (with its own
# UTC offset, which changes across DST) and `local_time` stay text.
_DATE_COLUMNS = {"local_date", "week_start", "date"}
_INSTANT_COLUMNS = {"start_time_utc"}
DATE = pa.date32()
INSTANT = pa.timestamp("us", tz="UTC")


def _typed(name, array):
    if name not in _DATE_COLUMNS and name not in _INSTANT_COLUMNS:
        return array
    blank = pc.equal(array, "")
    array = pc.if_else(blank, pa.scalar(None, pa.string()), array)
    if name in _DATE_COLUMNS:
        return array.cast(DATE)
    seconds = pc.strptime(array, format="%Y-%m-%dT%H:%M:%SZ", unit="s", error_is_null=False)
    return seconds.cast(pa.timestamp("s", tz="UTC")).cast(INSTANT)


def _table(columns):
    names, types, values = columns
    return pa.table(
        {
            n: _typed(n, pa.array(v, type=_TYPES[t]))
            for n, t, v in zip(names, types, values)
        }
    )


def _paths(paths):
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return [os.fsdecode(p) for p in paths]


def activities(paths, **options):
    """One row per activity (per session of a multisport file): ``grayzone activities``."""
    return _table(_native.tables("activities", _paths(paths), **options))


def weekly(paths, **options):
    """One row per week, the 80/20 split and the week flags: ``grayzone weekly``."""
    return _table(_native.tables("weekly", _paths(paths), **options))


def baseline(paths, **options):
    """The runner's dated baseline week by week: ``grayzone baseline``."""
    return _table(_native.tables("baseline", _paths(paths), **options))


def summarize(data, name):
    """One file's bytes (.fit .gpx .tcx, each also .gz, or a .zip export) into a table of its
    activities, one row each: ``path``, ``kind`` (``activity``, or ``profile`` for a
    grayzone.toml), ``status``, ``error``, ``sport``, ``start_time_utc``, ``moving_time_s``,
    ``distance_m``, ``avg_hr`` and ``summary`` (binary: everything ``judge`` needs). ``name`` is
    the file's path as the CLI would name it. A file the CLI skips in a folder gives no row."""
    return _table(_native.summarize(bytes(data), str(name)))


def judge(summaries, profile=None, profile_name=None, **options):
    """One athlete's summaries (a table, or batches, from ``summarize``; any order) judged as
    ``grayzone team`` judges that athlete: returns ``(activities, weekly)`` tables with the CLI's
    columns. ``profile`` is the text of their grayzone.toml (``str`` or ``bytes``), else a
    ``profile`` row among the summaries is used; ``profile_name`` its path (it names the file in
    the baseline's sources and in errors)."""
    if isinstance(summaries, pa.RecordBatch):
        summaries = pa.Table.from_batches([summaries])
    elif not isinstance(summaries, pa.Table):
        summaries = pa.Table.from_batches(list(summaries))
    kinds = summaries.column("kind").to_pylist() if summaries.num_rows else []
    blobs = summaries.column("summary").to_pylist() if summaries.num_rows else []
    paths = summaries.column("path").to_pylist() if summaries.num_rows else []
    rows = [b for k, b in zip(kinds, blobs) if k == "activity"]
    if profile is None:
        found = sorted((p, b) for k, p, b in zip(kinds, paths, blobs) if k == "profile")
        if found:
            profile_name, profile = found[0]
    if isinstance(profile, (bytes, bytearray)):
        try:
            profile = bytes(profile).decode("utf-8")
        except UnicodeDecodeError as e:
            raise ValueError(f"{profile_name or 'profile'}: not UTF-8 text: {e}") from None
    acts, weeks = _native.judge(rows, profile, profile_name, **options)
    return _table(acts), _table(weeks)
