"""The Spark job (examples/spark/grayzone_job.py) in local mode on the team fixture gives the rows
of `grayzone team --table activities|weekly`, cell for cell, with the CLI's types. Run by
tests/cmd/python.rs with GRAYZONE_BIN set; from the repository's root. Exits 1 naming the first
difference.
"""

import csv
import io
import os
import subprocess
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(__file__)))
from test_package import same_cell  # noqa: E402

BIN = os.environ["GRAYZONE_BIN"]
TEAM = "fixtures/team"


def team_csv(table):
    out = subprocess.run(
        [BIN, "team", TEAM, "-q", "--format", "csv", "--table", table],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"grayzone team: exit {out.returncode}: {out.stderr}")
    return list(csv.reader(io.StringIO(out.stdout)))


def main():
    with tempfile.TemporaryDirectory() as out:
        job = subprocess.run(
            [sys.executable, "examples/spark/grayzone_job.py", TEAM, out, "--master", "local[2]"],
            capture_output=True,
            text=True,
        )
        if job.returncode != 0:
            sys.exit(f"the Spark job failed ({job.returncode}):\n{job.stderr[-4000:]}")
        for table in ["activities", "weekly"]:
            spark = pq.read_table(os.path.join(out, table))
            rows = team_csv(table)
            header, body = rows[0], rows[1:]
            # The team table ends with athlete_error, empty for an athlete who was read.
            if header[-1] != "athlete_error" or any(r[-1] for r in body):
                sys.exit(f"team {table}: an athlete could not be read: {body}")
            header = header[:-1]
            if spark.column_names != header:
                sys.exit(f"{table}: columns differ:\n CLI   {header}\n Spark {spark.column_names}")
            if spark.num_rows != len(body):
                sys.exit(f"{table}: {len(body)} CLI rows, {spark.num_rows} from Spark")
            # Spark's output is in no particular order: both sorted by athlete, then as judged.
            key = ["athlete", "path"] if table == "activities" else ["athlete", "week"]
            spark = spark.sort_by([(k, "ascending") for k in key])
            index = [header.index(k) for k in key]
            body = sorted(body, key=lambda r: [r[i] for i in index])
            columns = {n: spark.column(n).to_pylist() for n in header}
            for i, row in enumerate(body):
                for name, cell in zip(header, row):
                    value = columns[name][i]
                    if not same_cell(cell, value, spark.schema.field(name).type):
                        sys.exit(f"{table}: row {i} ({row[0]}) column {name}: CLI {cell!r}, Spark {value!r}")
            types = {str(f.type) for f in spark.schema}
            typed = {"string", "int64", "double", "bool", "date32[day]", "timestamp[us, tz=UTC]"}
            if not types <= typed or "int64" not in types:
                sys.exit(f"{table}: Parquet types {types}")
            athletes = sorted(set(spark.column("athlete").to_pylist()))
            print(f"ok Spark {table}: {spark.num_rows} rows of {athletes} equal `grayzone team --table {table}`")
    print("all ok")


main()
