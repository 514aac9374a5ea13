"""The Spark engine of ``price_year``: the same ``rules.claims.price.price``, unchanged, run
on each partition with ``DataFrame.mapInArrow`` over Arrow batches.

- Spark reads the year's Parquet (``synth``'s layout; the ``month=`` folders are a column).
- Each line is joined to its claim's programme columns and the rows are partitioned by claim:
  a claim's lines are in one partition, with its claim row's columns; in a partition they
  are sorted by claim and line.
- The tariff (a few hundred rows) is broadcast to the workers once, as Arrow IPC bytes.
- On a worker, each Arrow batch becomes Polars frames (claims and lines, ``schema``'s types)
  and ``price`` prices them. A batch ends inside a claim at most once: that claim's rows are
  held back and priced with the next batch, so ``price`` always sees whole claims.
- The priced rows (``schema.PRICED`` and ``month``) are written as Parquet, one folder per
  month, and the totals are read back from what was written.

Spark's settings are kept small for a small machine (``LOCAL_CONF``: 1 GB driver, 4 shuffle
partitions, no web UI); on a cluster pass ``master`` (``spark://host:7077``, ``yarn``) and
size it with ``conf`` or ``spark-submit``. The workers need Python with Polars and this
``sitthi`` (``pip install`` it there, or ``--py-files``); ``PYSPARK_PYTHON`` names their
Python (this one by default).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from sitthi.year.engine import (
    CLAIM_COLUMNS,
    MonthTotals,
    Progress,
    YearInputError,
    YearTotals,
    month_folders,
)

#: The Spark settings for one small machine (2 cores here).
LOCAL_CONF = {
    "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": schema.BANGKOK,
    # "2024-01" stays a string (type inference could read it as something else).
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    # Larger Arrow batches: fewer calls of ``price``, each with its small fixed cost.
    "spark.sql.execution.arrow.maxRecordsPerBatch": "100000",
    "spark.driver.extraJavaOptions": "-XX:+UseSerialGC",
    "spark.executor.extraJavaOptions": "-XX:+UseSerialGC",
}

#: What a worker writes: ``schema.PRICED`` and the month, as Spark reads Polars' Arrow.
_SPARK_TYPES = {
    pl.Int64: "long",
    pl.Int32: "int",
    pl.String: "string",
    pl.Date: "date",
    pl.Boolean: "boolean",
}
OUT_COLUMNS = {**schema.PRICED, "month": pl.String}
OUT_DDL = ", ".join(f"{c} {_SPARK_TYPES[t]}" for c, t in OUT_COLUMNS.items())
_ARROW_TYPES = {
    pl.Int64: pa.int64(),
    pl.Int32: pa.int32(),
    pl.String: pa.string(),
    pl.Date: pa.date32(),
    pl.Boolean: pa.bool_(),
}
OUT_ARROW = pa.schema([(c, _ARROW_TYPES[t]) for c, t in OUT_COLUMNS.items()])


def session(master: str = "local[2]", conf: dict[str, str] | None = None):
    """A Spark session for ``master`` with ``LOCAL_CONF`` (for a ``local`` master) and
    ``conf``. A local master's Python workers are this interpreter and import this ``sitthi``
    (its folder goes first on their ``PYTHONPATH``)."""
    from pyspark.sql import SparkSession

    # py4j says "Closing down clientserver connection" at exit, when a test runner may have
    # closed the stream it logs to.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    settings = dict(LOCAL_CONF) if master.startswith("local") else {}
    if master.startswith("local"):
        here = str(Path(__file__).resolve().parents[2])  # the folder holding sitthi/
        path = os.environ.get("PYTHONPATH", "")
        if here not in path.split(os.pathsep):
            os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (here, path) if p)
    settings.update(conf or {})
    builder = SparkSession.builder.master(master).appName("sitthi-year")
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


#: The Spark type of each rule column's Polars type (``rules.claims.schema``).
SPARK_TYPES = {"Int64": "bigint", "Int32": "int", "String": "string", "Datetime": "timestamp"}


def _spark_type(dtype) -> str:
    name = str(dtype).split("(")[0]  # Int64, Datetime(time_unit=…) → Datetime
    return SPARK_TYPES.get(name, name)


def _check_input(lines, claims, claim_columns) -> None:
    """The year as the local engine requires it (``engine.checked_scan``), before anything is
    priced: each column of its type (a float charge would be cut to whole satang by the
    cast), and each claim once (a claim twice would price its lines twice)."""
    wanted = {**schema.CLAIMS, **schema.PROGRAMME}
    problems = []
    for frame, columns, kinds, what in (
        (lines, list(schema.LINES), schema.LINES, "lines"),
        (claims, list(claim_columns), wanted, "claims"),
    ):
        have = dict(frame.dtypes)
        for c in columns:
            expected = _spark_type(kinds[c])
            if have.get(c) != expected:
                problems.append(f"{what}.{c}: {have.get(c, 'missing')}, not {expected}")
    if problems:
        raise YearInputError("; ".join(problems))
    if claims.groupBy("claim_id").count().filter("count > 1").limit(1).count():
        raise YearInputError("claims: a claim_id stands more than once in the year")


def map_in_arrow(frame, func, ddl: str):
    """``frame.mapInArrow(func, ddl)`` (PySpark builds the Arrow UDF through its pandas-UDF
    factory, so pandas is a test dependency though the worker never imports it)."""
    return frame.mapInArrow(func, ddl)


def _priced_arrow(rows: pl.DataFrame, tariff: pl.DataFrame, claim_columns) -> list:
    """``price`` over whole claims' rows (lines joined to their claim's columns, and month):
    the priced rows with their month, as Arrow batches of ``OUT_ARROW``."""
    claims = rows.select(claim_columns).unique("claim_id", maintain_order=True)
    lines = rows.select(list(schema.LINES)).with_columns(
        pl.col("served_at").dt.convert_time_zone(schema.BANGKOK)
    )
    priced = price(claims, lines.cast(schema.LINES), tariff)
    months = rows.select("claim_id", "month").unique("claim_id", maintain_order=True)
    out = priced.join(months, on="claim_id", how="left", maintain_order="left")
    return out.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(OUT_ARROW).to_batches()


def pricer(tariff_ipc, claim_columns: tuple[str, ...]):
    """The function ``mapInArrow`` runs on each partition: Arrow batches of rows sorted by
    claim in, priced Arrow batches out (this module's docstring). ``tariff_ipc``: the
    broadcast tariff."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        tariff = pl.read_ipc(tariff_ipc.value)
        held: pl.DataFrame | None = None
        for batch in batches:
            rows = pl.from_arrow(batch)
            assert isinstance(rows, pl.DataFrame)
            if held is not None:
                rows = pl.concat([held, rows], how="vertical_relaxed")
            if rows.height == 0:
                continue
            last = rows.get_column("claim_id")[-1]
            whole, held = (
                rows.filter(pl.col("claim_id") != last),
                rows.filter(pl.col("claim_id") == last),
            )
            if whole.height:
                yield from _priced_arrow(whole, tariff, claim_columns)
        if held is not None and held.height:
            yield from _priced_arrow(held, tariff, claim_columns)

    return run


def _is_uri(path: str | Path) -> bool:
    """``hdfs://…``, ``s3a://…``, ``file:///…``: a place Spark reads, not a local path."""
    return "://" in str(path)


def _path(path: str | Path) -> str:
    """A URI as it is; a local path made absolute (Spark's workers run elsewhere)."""
    return str(path) if _is_uri(path) else str(Path(path).resolve())


def _ipc(frame: pl.DataFrame) -> bytes:
    import io

    buffer = io.BytesIO()
    frame.write_ipc(buffer)
    return buffer.getvalue()


@contextmanager
def _watch(spark, progress: Progress | None):
    """Report the tasks of the running jobs to ``progress`` every half second."""
    if progress is None:
        yield
        return
    stop = threading.Event()
    tracker = spark.sparkContext.statusTracker()

    def poll() -> None:
        while not stop.wait(0.5):
            done = total = 0
            for stage_id in tracker.getActiveStageIds():
                info = tracker.getStageInfo(stage_id)
                if info is not None:
                    done += info.numCompletedTasks
                    total += info.numTasks
            if total:
                progress(done, total)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def price_year_spark(
    input_dir: str | Path,
    output_dir: str | Path,
    tariff: pl.DataFrame,
    *,
    master: str = "local[2]",
    spark=None,
    conf: dict[str, str] | None = None,
    partitions: int | None = None,
    progress: Progress | None = None,
) -> YearTotals:
    """Price a year on Spark (this module's docstring). ``spark``: a session to use (kept
    open); otherwise one is started for ``master`` and stopped at the end. ``partitions``:
    how many partitions the lines are spread over by claim (default: the session's
    ``spark.sql.shuffle.partitions``). ``input_dir`` and ``output_dir`` may be URIs Spark
    reads (``hdfs://…``, ``s3a://…``): on a cluster they must be on storage every worker
    reads."""
    from pyspark.sql import functions as F

    months_here = []  # a local year is checked before Spark starts: no month folder, an error
    if not _is_uri(input_dir):
        months_here = [f.name.removeprefix("month=") for f in month_folders(input_dir)]
    own = spark is None
    if own:
        spark = session(master, conf)
    try:
        base = _path(input_dir)
        reader = spark.read.option("basePath", base)
        lines = reader.parquet(f"{base}/month=*/lines-*.parquet")
        claims = reader.parquet(f"{base}/month=*/claims-*.parquet")
        claim_columns = tuple(
            [*CLAIM_COLUMNS, *(["programme"] if "programme" in claims.columns else [])]
        )
        _check_input(lines, claims, claim_columns)
        n = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
        rows = (
            lines.select("month", *schema.LINES)
            .join(claims.select(*claim_columns), on="claim_id", how="inner")
            .repartition(n, "claim_id")
            .sortWithinPartitions("claim_id", "line_no")
        )
        tariff_ipc = spark.sparkContext.broadcast(_ipc(tariff.select(list(schema.TARIFF))))
        priced = map_in_arrow(rows, pricer(tariff_ipc, claim_columns), OUT_DDL)
        out = _path(output_dir)
        with _watch(spark, progress):
            priced.write.mode("overwrite").partitionBy("month").parquet(out)
            read = {r["month"]: r["count"] for r in lines.groupBy("month").count().collect()}
            written = (
                spark.read.parquet(out)
                .groupBy("month")
                .agg(
                    F.count("*").alias("priced"),
                    F.sum("payable_satang").alias("payable"),
                )
            )
            sums = {r["month"]: (r["priced"], r["payable"]) for r in written.collect()}
        tariff_ipc.unpersist()
        months = tuple(
            MonthTotals(
                m,
                int(read.get(m, 0)),
                int(sums.get(m, (0, 0))[0]),
                int(sums.get(m, (0, 0))[1] or 0),
            )
            for m in sorted(set(read) | set(months_here))
        )
        return YearTotals(months)
    finally:
        if own:
            spark.stop()
