"""grayzone on Spark: a coach's folder of athletes (or a platform's bucket of them), judged as
`grayzone team` judges it, written as Parquet.

    python examples/spark/grayzone_job.py TEAM_DIR OUT_DIR [--master local[2]]

TEAM_DIR is laid out as `grayzone team` reads it: each sub-folder or `.zip` directly in it is one
athlete, named by it; `ATHLETE/grayzone.toml` (or `ATHLETE.grayzone.toml` beside `ATHLETE.zip`) is
their profile. TEAM_DIR may be any URI Spark reads (`s3a://bucket/teams/club`, `hdfs://...`).

The two stages of grayzone, each where Spark runs it best:

1. `spark.read.format("binaryFile")` reads every file; `mapInArrow` with `grayzone.summarize`
   turns each file's bytes into its activities' summaries (a pure map: every core, every file).
2. `groupBy("athlete").applyInArrow(...)` with `grayzone.judge` judges each athlete on their own
   summaries alone: their time zones, duplicates, dated baseline, verdicts and weeks.

Out: OUT_DIR/activities and OUT_DIR/weekly, Parquet, the columns of `grayzone team --table
activities|weekly` (an `athlete` column first, then the CLI's columns with their types). Needs
PySpark 4.0 or later (`applyInArrow` on grouped data) and Java 17; `pip install ./python pyspark`.
"""

import argparse
import os
import sys

import pyarrow as pa

import grayzone

SUMMARY_COLUMNS = [
    ("athlete", pa.string()),
    ("path", pa.string()),
    ("kind", pa.string()),
    ("status", pa.string()),
    ("error", pa.string()),
    ("sport", pa.string()),
    ("start_time_utc", pa.timestamp("us", tz="UTC")),
    ("moving_time_s", pa.float64()),
    ("distance_m", pa.float64()),
    ("avg_hr", pa.float64()),
    ("summary", pa.binary()),
]
SUMMARY_SCHEMA = pa.schema(SUMMARY_COLUMNS)

_SPARK_TYPES = {
    pa.string(): "string",
    pa.int64(): "bigint",
    pa.float64(): "double",
    pa.bool_(): "boolean",
    pa.binary(): "binary",
    pa.date32(): "date",
    pa.timestamp("us", tz="UTC"): "timestamp",
}


def ddl(schema):
    """A Spark DDL schema for an Arrow schema."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


def athlete_of(relative):
    """Whose file this is, and whether `grayzone team` reads it: `(athlete, take)`. A file
    directly in the team folder is an athlete only as `NAME.zip` (and `NAME.grayzone.toml` is
    that athlete's profile); a profile is only `ATHLETE/grayzone.toml`, directly in the folder."""
    parts = relative.split("/")
    if len(parts) == 1:
        name = parts[0]
        if name.lower().endswith(".zip"):
            return name[: -len(".zip")], True
        if name.endswith(".grayzone.toml"):
            return name[: -len(".grayzone.toml")], True
        return None, False
    athlete = parts[0]
    if parts[-1] == "grayzone.toml" and len(parts) != 2:
        return athlete, False
    return athlete, True


def summarize_batches(root_uri, root_name):
    """The map stage: binaryFile rows (path, content) into summaries, one row per activity."""

    def run(batches):
        for batch in batches:
            paths = batch.column("path").to_pylist()
            contents = batch.column("content")
            parts = []
            for i, uri in enumerate(paths):
                relative = uri[len(root_uri):].lstrip("/")
                athlete, take = athlete_of(relative)
                if not take:
                    continue
                name = f"{root_name}/{relative}"
                table = grayzone.summarize(contents[i].as_py(), name)
                if table.num_rows:
                    column = pa.array([athlete] * table.num_rows, pa.string())
                    parts.append(table.add_column(0, "athlete", column))
            if parts:
                yield from pa.concat_tables(parts).cast(SUMMARY_SCHEMA).to_batches()

    return run


def judged_schemas():
    """The Arrow schemas of judge's two tables, with `athlete` first."""
    empty = pa.table({name: pa.array([], type) for name, type in SUMMARY_COLUMNS})
    activities, weeks = grayzone.judge(empty)
    athlete = pa.field("athlete", pa.string())
    return (
        pa.schema([athlete, *activities.schema]),
        pa.schema([athlete, *weeks.schema]),
    )


def judge_one(which, schema):
    """The per-athlete stage: all of one athlete's summaries into their table `which`
    (0: activities, 1: weekly)."""

    def run(key, table):
        athlete = key[0].as_py()
        judged = grayzone.judge(table)[which]
        column = pa.array([athlete] * judged.num_rows, pa.string())
        return judged.add_column(0, "athlete", column).cast(schema)

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("team", help="the team folder (each sub-folder or .zip is an athlete)")
    parser.add_argument("out", help="output folder: OUT/activities and OUT/weekly, Parquet")
    parser.add_argument("--master", default=None, help="Spark master (default: local[*] unless set)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    # The Python workers run this interpreter, which has grayzone installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("grayzone")
    if args.master or "://" not in args.team:
        builder = builder.master(args.master or "local[*]")
    spark = (
        builder.config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        # Run starts as UTC instants (Parquet TIMESTAMP_MICROS, adjusted to UTC), as the package
        # gives them; not the legacy INT96 that readers take for a local time.
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        root_name = args.team.rstrip("/")
        local = "://" not in args.team
        root_uri = ("file:" + os.path.abspath(root_name)) if local else root_name
        files = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(root_uri)
            .select("path", "content")
        )
        summaries = files.mapInArrow(
            summarize_batches(root_uri, root_name), ddl(SUMMARY_SCHEMA)
        ).cache()
        activities_schema, weekly_schema = judged_schemas()
        grouped = summaries.groupBy("athlete")
        for which, name, schema in [
            (0, "activities", activities_schema),
            (1, "weekly", weekly_schema),
        ]:
            table = grouped.applyInArrow(judge_one(which, schema), ddl(schema))
            table.write.mode("overwrite").parquet(os.path.join(args.out, name))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
