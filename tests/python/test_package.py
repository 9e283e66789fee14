"""The Python package against the CLI: grayzone.activities/weekly/baseline, and summarize + judge,
give the CLI's CSV rows and values for the same inputs and options, with typed columns that
pandas and polars keep. Run by tests/cmd/python.rs (`cargo test --release`) with GRAYZONE_BIN set
to the built binary; run from the repository's root. Exits 1 naming the first difference.
"""

import csv
import datetime
import io
import math
import os
import subprocess
import sys

import pandas as pd
import polars as pl
import pyarrow as pa

import grayzone

BIN = os.environ.get("GRAYZONE_BIN", "target/release/grayzone")
INPUTS = ["fixtures/files", "fixtures/sample-export", "fixtures/seasons/fail"]


def cli(*args):
    out = subprocess.run([BIN, *args, "-q", "--format", "csv"], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"grayzone {' '.join(args)}: exit {out.returncode}: {out.stderr}")
    return list(csv.reader(io.StringIO(out.stdout)))


def same_cell(cell, value, typ):
    """Whether a CSV cell holds this Arrow value."""
    if value is None:
        return cell == ""
    if pa.types.is_boolean(typ):
        return cell == ("true" if value else "false")
    if pa.types.is_integer(typ):
        return cell != "" and int(cell) == value
    if pa.types.is_floating(typ):
        return cell != "" and (float(cell) == value or (math.isnan(value) and cell == "NaN"))
    if pa.types.is_date(typ):
        return cell == value.isoformat()
    if pa.types.is_timestamp(typ):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        return cell == value.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Text: the CSV quotes what a spreadsheet would run as a formula (OWASP).
    return cell == value or cell == "'" + value


def compare(what, rows, table, drop=()):
    """The CSV's rows (header first) against the table, cell by cell."""
    header, body = rows[0], rows[1:]
    names = [n for n in table.column_names if n not in drop]
    if header != names:
        sys.exit(f"{what}: columns differ:\n CLI    {header}\n Python {names}")
    if len(body) != table.num_rows:
        sys.exit(f"{what}: {len(body)} CLI rows, {table.num_rows} in the table")
    columns = {n: table.column(n).to_pylist() for n in names}
    for i, row in enumerate(body):
        for name, cell in zip(header, row):
            value = columns[name][i]
            if not same_cell(cell, value, table.schema.field(name).type):
                sys.exit(f"{what}: row {i} column {name}: CLI {cell!r}, Python {value!r}")


INT_COLUMNS = {
    "activities": {"max_hr", "timer_pauses", "stops", "laps"},
    "weekly": {
        "runs", "recovery_runs", "easy_runs", "hard_runs", "gray_zone_runs",
        "accidental_workouts", "run_days", "harder_than_planned", "easier_than_planned",
    },
    "baseline": set(),
}


TEXT_COLUMNS = {
    "activities": set(
        "path status error sport start_time class flags reason note format device tz_source "
        "avg_pace_per_km quality quality_detail session zone_source easy_pace_used_per_km "
        "avg_pace_per_mi easy_pace_used_per_mi local_time name "
        "activity_id planned planned_source overridden".split()
    ),
    "weekly": {"week", "flags"},
    "baseline": set(
        "week max_hr_source easy_pace_per_km easy_pace_source threshold_pace_per_km "
        "threshold_pace_source lthr_source resting_hr_source easy_pace_per_mi "
        "threshold_pace_per_mi watch_note".split()
    ),
}


DATE_COLUMNS = {"local_date", "week_start", "date"}
INSTANT_COLUMNS = {"start_time_utc"}


def check_types(what, kind, table):
    """Counts are int64, figures float64, gray_zone bool, dates date32, the start instant a UTC
    timestamp, the rest text, in Arrow, pandas and polars alike."""
    for field in table.schema:
        if field.name in INT_COLUMNS[kind]:
            want = pa.int64()
        elif field.name == "gray_zone":
            want = pa.bool_()
        elif field.name in DATE_COLUMNS:
            want = pa.date32()
        elif field.name in INSTANT_COLUMNS:
            want = pa.timestamp("us", tz="UTC")
        elif field.name in TEXT_COLUMNS[kind]:
            want = pa.string()
        else:
            want = pa.float64()
        if field.type != want:
            sys.exit(f"{what}: column {field.name} is {field.type}, not {want}")
    frame = table.to_pandas()
    for field in table.schema:
        kind_char = frame[field.name].dtype.kind
        has_null = table.column(field.name).null_count > 0
        ok = {
            pa.int64(): "f" if has_null else "i",
            pa.float64(): "f",
            pa.bool_(): "b",
            pa.timestamp("us", tz="UTC"): "M",
        }.get(field.type)
        if ok is not None and kind_char != ok:
            sys.exit(f"{what}: pandas gives {field.name} dtype {frame[field.name].dtype}")
    # pandas' nullable integers keep a count with gaps an integer.
    nullable = table.to_pandas(types_mapper=pd.ArrowDtype)
    for name in INT_COLUMNS[kind]:
        if "int64" not in str(nullable[name].dtype):
            sys.exit(f"{what}: pandas (ArrowDtype) gives {name} {nullable[name].dtype}")
    polars = pl.from_arrow(table)
    want = {
        pa.int64(): pl.Int64,
        pa.float64(): pl.Float64,
        pa.bool_(): pl.Boolean,
        pa.string(): pl.String,
        pa.date32(): pl.Date,
        pa.timestamp("us", tz="UTC"): pl.Datetime("us", "UTC"),
    }
    for field in table.schema:
        if polars.schema[field.name] != want[field.type]:
            sys.exit(f"{what}: polars gives {field.name} {polars.schema[field.name]}")


def tables():
    cases = [
        ([], {}),
        (["--max-hr", "190", "--tz", "Europe/Paris"], {"max_hr": 190, "tz": "Europe/Paris"}),
        (["--since", "2024-05-01", "--until", "2024-06-30", "--week-start", "sunday"],
         {"since": "2024-05-01", "until": "2024-06-30", "week_start": "sunday"}),
    ]
    for flags, options in cases:
        for kind, function in [
            ("activities", grayzone.activities),
            ("weekly", grayzone.weekly),
            ("baseline", grayzone.baseline),
        ]:
            what = f"grayzone.{kind}({INPUTS}, {options})"
            table = function(INPUTS, **options)
            rows = cli(kind, *INPUTS, *flags)
            if kind == "baseline" and "max_hr" in options:
                # Each names the figure as its caller gave it: the flag, the keyword.
                said = {c for row in rows[1:] for c in row if "max-hr" in c or "max_hr" in c}
                if not said or any("--max-hr" not in c for c in said):
                    sys.exit(f"{what}: the CLI's sources do not name --max-hr: {said}")
                python = set(table.column("max_hr_source").to_pylist())
                if any("--" in c or "max_hr" not in c for c in python):
                    sys.exit(f"{what}: the sources do not name the keyword max_hr: {python}")
                rows = [[c.replace("--max-hr", "max_hr") for c in row] for row in rows]
            compare(what, rows, table)
            check_types(what, kind, table)
            print(f"ok {what}: {table.num_rows} rows")


def files_of(root):
    """Every file under root, named as the CLI names a file it finds in a folder."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            out.append(os.path.join(folder, f))
    return out


def summarize_and_judge():
    for root, profile in [
        ("fixtures/files", None),
        ("fixtures/sample-export", None),
        ("fixtures/team/ana", "fixtures/team/ana/grayzone.toml"),
    ]:
        parts = []
        for path in files_of(root):
            with open(path, "rb") as f:
                parts.append(grayzone.summarize(f.read(), path))
        summaries = pa.concat_tables(parts)
        # The summary table reads as any other.
        if summaries.schema.field("summary").type != pa.binary():
            sys.exit("summarize: the summary column is not binary")
        pl.from_arrow(summaries.drop_columns(["summary"]))
        # In any order: judge sorts as the CLI does.
        shuffled = summaries.take(list(reversed(range(summaries.num_rows))))
        activities, weeks = grayzone.judge(shuffled)
        compare(f"judge(summarize({root}/*)) activities", cli("activities", root), activities)
        compare(f"judge(summarize({root}/*)) weekly", cli("weekly", root), weeks)
        check_types(f"judge({root}) activities", "activities", activities)
        check_types(f"judge({root}) weekly", "weekly", weeks)
        print(f"ok summarize+judge {root}: {summaries.num_rows} summaries, "
              f"{activities.num_rows} activities, {weeks.num_rows} weeks")
    # Errors are Python exceptions naming the file and why.
    try:
        grayzone.judge(pa.table({"path": ["x"], "kind": ["activity"], "summary": [b"nonsense"]}))
        sys.exit("judge took a summary that is no summary")
    except ValueError as e:
        print(f"ok judge refuses a bad summary: {e}")
    try:
        grayzone.weekly(INPUTS, max_hr=999)
        sys.exit("weekly took a max HR of 999")
    except ValueError as e:
        if "max_hr 999" not in str(e) or "--" in str(e):
            sys.exit(f"the error does not name the keyword max_hr: {e}")
        print(f"ok a bad keyword is named as a keyword: {e}")
    try:
        grayzone.weekly(["fixtures/no-such-folder"])
        sys.exit("weekly read a folder that does not exist")
    except ValueError as e:
        if "fixtures/no-such-folder" not in str(e):
            sys.exit(f"the error does not name the folder: {e}")
        print(f"ok weekly names a missing folder: {e}")
    try:
        grayzone.judge(pa.concat_tables([grayzone.summarize(b"max_hr = 'high'", "t/grayzone.toml")]))
        sys.exit("judge took a bad profile")
    except ValueError as e:
        if "t/grayzone.toml" not in str(e):
            sys.exit(f"the error does not name the profile: {e}")
        print(f"ok judge names a bad profile: {e}")
    rows = grayzone.summarize(b"garbage", "x/bad.fit")
    if rows.column("status").to_pylist() != ["error"] or not rows.column("error")[0].as_py():
        sys.exit(f"summarize of garbage: {rows.drop_columns(['summary']).to_pylist()}")
    print("ok an unreadable file is an error row, as in the CLI")


if __name__ == "__main__":
    tables()
    summarize_and_judge()
    print("all ok")
