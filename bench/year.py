"""A year's pricing (issue 18, "a national year in minutes"): N synthetic lines over twelve
months in Parquet (``sitthi.year.synth_year``), read, checked and priced by the local engine
(``price_year``: the unchanged ``price()``, one part at a time), against DuckDB doing the same
pricing in SQL in the same run (an ASOF join on the dated tariff, integer satang, the lower of
charge and tariff or the flat tariff), then Spark ``local[2]`` on a smaller year.

Every engine must give the same totals (per month: lines read, lines priced, payable satang),
asserted. Peak memory is each engine's process's peak resident set (``ru_maxrss`` of a child
process started for it: Polars and DuckDB allocate outside Python's heap, where tracemalloc
sees nothing). Figures are ratios in one run: compare those between machines.

    python bench/year.py                          # 2,000,000 lines; Spark on 1,000,000
    python bench/year.py --lines 100000000 --spark-lines 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

MB = 1024  # ru_maxrss is in KiB on Linux


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _totals_tuple(totals) -> tuple:
    return tuple((m.month, m.lines, m.priced, m.payable_satang) for m in totals.months)


def run_local(input_dir: str, output_dir: str) -> tuple[float, tuple, int, int]:
    """In a fresh process: the local engine's time, totals, peak RSS and RSS before it ran."""
    from sitthi.rules.claims.tariff import default_tariff
    from sitthi.year import price_year

    tariff = default_tariff()
    base = _peak_kib()
    t0 = time.perf_counter()
    totals = price_year(input_dir, output_dir, tariff)
    seconds = time.perf_counter() - t0
    return seconds, _totals_tuple(totals), _peak_kib(), base


def duckdb_sql(input_dir: str, output_dir: str) -> str:
    """The same pricing in DuckDB's SQL: a line's claim gives its programme (the claim's own,
    else its service type's); the tariff row of that programme and item code that starts
    last on or before the line's Bangkok service date prices it if it has not ended by then
    (an ASOF join on instants in µs: a row is in force from the Bangkok midnight starting its
    first day to the one ending its last, as the rule compares them); quantity and charge
    positive; tariff = (unit price × milli-quantity + 500) // 1000 in 128-bit integers;
    payable = the lower of charge and tariff, or the tariff for a flat rate. Priced rows are written as Parquet, a folder per month."""
    from sitthi.rules.claims.schema import SERVICE_TYPES
    from sitthi.rules.claims.tariff import LOWER_OF

    cases = " ".join(f"WHEN '{k}' THEN '{v['programme']}'" for k, v in SERVICE_TYPES.items())
    day_us, offset_us = 86_400_000_000, 7 * 3_600_000_000  # Bangkok is UTC+7 all year
    return f"""
    COPY (
      WITH t AS (  -- each row's first and last instant in force: Bangkok midnights, in µs
        SELECT *,
               date_diff('day', DATE '1970-01-01', valid_from) * {day_us} - {offset_us}
                 AS first_us,
               (date_diff('day', DATE '1970-01-01', valid_until) + 1) * {day_us}
                 - {offset_us} - 1 AS last_us
        FROM tariff
      ), l AS (
        SELECT l.month, l.claim_id, l.line_no, l.item_code, l.quantity_milli,
               l.charged_satang, epoch_us(l.served_at) AS served_us,
               CASE c.service_type {cases} END AS programme
        FROM read_parquet('{input_dir}/month=*/lines-*.parquet', hive_partitioning = true) l
        JOIN read_parquet('{input_dir}/month=*/claims-*.parquet') c USING (claim_id)
        WHERE l.quantity_milli > 0 AND l.charged_satang > 0
      )
      SELECT l.month, l.claim_id, l.line_no, t.schedule, t.unit_price_satang,
             CAST((CAST(t.unit_price_satang AS HUGEINT) * l.quantity_milli + 500) // 1000
                  AS BIGINT) AS tariff_satang,
             CASE WHEN t.pricing = '{LOWER_OF}'
                  THEN least(tariff_satang, l.charged_satang) ELSE tariff_satang
             END AS payable_satang,
             t.pricing AS rule, t.valid_from AS tariff_valid_from,
             t.valid_until AS tariff_valid_until, t.source AS tariff_source, t.illustrative
      FROM l ASOF JOIN t
        ON l.programme = t.programme AND l.item_code = t.item_code
       AND l.served_us >= t.first_us
      WHERE t.last_us IS NULL OR l.served_us <= t.last_us
    ) TO '{output_dir}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)
    """


#: DuckDB's memory limit (its default is 80 % of the machine's memory, which it fills with
#: buffers whether it needs them or not); beyond it, DuckDB spills to disk.
DUCKDB_MEMORY = "2GB"


def run_duckdb(input_dir: str, output_dir: str) -> tuple[float, tuple, int, int]:
    """In a fresh process: DuckDB's time, totals, peak RSS and RSS before it ran (threads:
    the machine's cores, memory limit ``DUCKDB_MEMORY``, rows in no particular order)."""
    import duckdb

    from sitthi.rules.claims.tariff import default_tariff

    tariff = default_tariff().to_arrow()  # noqa: F841  (read by name in the SQL)
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 2}")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET temp_directory = '{output_dir}.tmp'")
    con.execute("CREATE TABLE tariff AS SELECT * FROM tariff")
    base = _peak_kib()
    t0 = time.perf_counter()
    con.execute(duckdb_sql(input_dir, output_dir))
    seconds = time.perf_counter() - t0
    read = dict(
        con.execute(
            f"SELECT month, count(*) FROM read_parquet('{input_dir}/month=*/lines-*.parquet',"
            " hive_partitioning = true) GROUP BY month"
        ).fetchall()
    )
    priced = {
        m: (n, s)
        for m, n, s in con.execute(
            f"SELECT month, count(*), sum(payable_satang) FROM read_parquet("
            f"'{output_dir}/month=*/*.parquet', hive_partitioning = true) GROUP BY month"
        ).fetchall()
    }
    totals = tuple(
        (m, int(read[m]), int(priced.get(m, (0, 0))[0]), int(priced.get(m, (0, 0))[1] or 0))
        for m in sorted(read)
    )
    return seconds, totals, _peak_kib(), base


def in_child(func, *args):
    """``func(*args)`` in a new process (spawned: it inherits no memory of this one)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(func, *args).result()


def synth(folder: Path, lines: int, part_lines: int) -> float:
    from sitthi.rules.claims.tariff import default_tariff
    from sitthi.year import synth_year

    t0 = time.perf_counter()
    synth_year(folder, lines, default_tariff(), part_lines=part_lines)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000, help="lines for local/DuckDB")
    parser.add_argument(
        "--spark-lines", type=int, default=1_000_000, help="lines for Spark (0: no Spark run)"
    )
    parser.add_argument("--part-lines", type=int, default=1_000_000, help="lines a part")
    parser.add_argument("--master", default="local[2]", help="Spark master")
    parser.add_argument("--workdir", default=None, help="folder for the data (default: temp)")
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="sitthi-year-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count()
    try:
        n = args.lines
        big = work / "year"
        # Written by a child too: this process stays small, and a child's ru_maxrss starts
        # from its parent's size at the fork (Linux keeps it across exec).
        t_synth = in_child(synth, big, n, args.part_lines)
        size = sum(f.stat().st_size for f in big.rglob("*.parquet"))
        print(
            f"a synthetic year: {n:,} lines over 12 months, parts of {args.part_lines:,} lines "
            f"({size / 1e6:,.0f} MB of Parquet, written in {t_synth:.1f} s); {cores} cores"
        )
        t_pl, tot_pl, peak_pl, base_pl = in_child(run_local, str(big), str(work / "out-local"))
        t_db, tot_db, peak_db, base_db = in_child(run_duckdb, str(big), str(work / "out-duck"))
        assert tot_pl == tot_db, f"local and DuckDB disagree:\n{tot_pl}\n{tot_db}"
        priced = sum(m[2] for m in tot_pl)
        payable = sum(m[3] for m in tot_pl)
        print(f"  priced {priced:,} lines, payable {payable} satang: the same in both")
        print(
            f"  local engine (Polars price()): {n / t_pl:>12,.0f} lines/s ({t_pl:.1f} s), "
            f"peak RSS {peak_pl / MB:,.0f} MB ({(peak_pl - base_pl) / MB:,.0f} MB above the "
            f"{base_pl / MB:,.0f} MB of the process before it ran)"
        )
        print(
            f"  DuckDB (ASOF join in SQL):     {n / t_db:>12,.0f} lines/s ({t_db:.1f} s), "
            f"peak RSS {peak_db / MB:,.0f} MB ({(peak_db - base_db) / MB:,.0f} MB above "
            f"{base_db / MB:,.0f} MB)"
        )
        print(f"  ratio: local engine {t_db / t_pl:.2f}x DuckDB's speed (time DuckDB / local)")
        shutil.rmtree(work / "out-local")
        shutil.rmtree(work / "out-duck")

        m = args.spark_lines
        if m <= 0:
            return
        small = work / "spark-year"
        in_child(synth, small, m, args.part_lines)
        t_local, tot_local, _, _ = in_child(run_local, str(small), str(work / "out-local-s"))
        from sitthi.year import price_year
        from sitthi.year.spark import session

        t0 = time.perf_counter()
        spark = session(args.master)
        t_start = time.perf_counter() - t0
        runs = []  # cold (the JVM's JIT and the Python workers start), then warm
        try:
            for _ in range(2):
                t0 = time.perf_counter()
                totals = price_year(small, work / "out-spark", engine="spark", spark=spark)
                runs.append(time.perf_counter() - t0)
                assert _totals_tuple(totals) == tot_local, "Spark and the local engine disagree"
        finally:
            spark.stop()
        cold, warm = runs
        print(
            f"Spark {args.master} on {m:,} lines: {m / warm:,.0f} lines/s ({warm:.1f} s; the "
            f"first run {cold:.1f} s, after {t_start:.1f} s to start the session); local engine "
            f"{m / t_local:,.0f} lines/s ({t_local:.1f} s): Spark takes {warm / t_local:.1f}x "
            f"the local engine's time; totals equal ({totals.priced:,} priced, "
            f"{totals.payable_satang} satang)"
        )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
