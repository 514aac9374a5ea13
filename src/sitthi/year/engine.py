"""``price_year``: the claims pricing rule (``rules.claims.price.price``, unchanged) over a year
of Parquet files (``synth``'s layout), on one machine or on Spark (``sitthi.year.spark``).

Both engines read the same folders and write the same thing: one folder per month of
``schema.PRICED`` rows (``OUT/month=2024-01/part-*.parquet``), and return the same totals
(``YearTotals``: per month, the lines read, the lines priced, the payable amount in integer
satang). A line is priced exactly as ``price(claims, lines, tariff)`` prices it over the whole
year at once: the rule reads a line, its claim's programme and the tariff, nothing else.

The local engine streams: one month at a time, and in a month one part (whole claims, at most
``synth_year``'s ``part_lines`` lines) at a time, each read by a lazy Parquet scan of the
columns the rule needs and written before the next is read. Its memory is bounded by one
part, not by the year: bench/year.py measured a peak resident set of 328 MB for 100,000,000
lines in parts of 1,000,000 (the interpreter with Polars and the tariff is some 80 MB of it),
and 176 MB for 2,000,000 lines (parts of about 167,000). Smaller parts (``synth_year``'s
``part_lines``, ``sitthi year synth --part-lines``) lower it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price

ENGINES = ("local", "spark")
#: The columns of a claim the pricing rule reads (``tariff.claim_programmes``).
CLAIM_COLUMNS = ("claim_id", "service_type")
#: ``progress(lines_done, lines_total)`` (local) or ``progress(tasks_done, tasks_total)``
#: (Spark).
Progress = Callable[[int, int], None]


class YearInputError(ValueError):
    """A year folder that cannot be priced: no month folder, a part without its other half,
    a column missing or of another type than ``schema.CLAIMS`` / ``schema.LINES``."""


@dataclass(frozen=True)
class MonthTotals:
    month: str  # "2024-01"
    lines: int  # lines read
    priced: int  # lines with a priced row
    payable_satang: int  # sum of their payable amounts (integer satang, exact)


@dataclass(frozen=True)
class YearTotals:
    months: tuple[MonthTotals, ...]

    @property
    def lines(self) -> int:
        return sum(m.lines for m in self.months)

    @property
    def priced(self) -> int:
        return sum(m.priced for m in self.months)

    @property
    def payable_satang(self) -> int:
        return sum(m.payable_satang for m in self.months)


def month_folders(input_dir: str | Path) -> list[Path]:
    """The ``month=YYYY-MM`` folders of a year, in order; none is an error."""
    folders = sorted(p for p in Path(input_dir).glob("month=*") if p.is_dir())
    if not folders:
        raise YearInputError(f"{input_dir}: no month=YYYY-MM folder")
    return folders


def parts(folder: Path) -> list[tuple[Path, Path]]:
    """The (claims, lines) files of a month folder, paired by part number."""
    claims = sorted(folder.glob("claims-*.parquet"))
    lines = sorted(folder.glob("lines-*.parquet"))
    names = [p.name.removeprefix("claims-") for p in claims]
    if names != [p.name.removeprefix("lines-") for p in lines]:
        raise YearInputError(f"{folder}: claims-*.parquet and lines-*.parquet do not pair up")
    return list(zip(claims, lines, strict=True))


def checked_scan(path: Path, wanted: dict[str, pl.DataType], columns) -> pl.LazyFrame:
    """A lazy scan of ``columns`` of a Parquet file, refused unless each has its type in
    ``wanted`` (a schema of ``rules.claims.schema``)."""
    scan = pl.scan_parquet(path)
    have = scan.collect_schema()
    problems = [
        f"{c}: {'missing' if c not in have else f'{have[c]}, not {wanted[c]}'}"
        for c in columns
        if c not in have or have[c] != wanted[c]
    ]
    if problems:
        raise YearInputError(f"{path}: " + "; ".join(problems))
    return scan.select(columns)


def read_part(claims_path: Path, lines_path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One part's claims (the columns the rule reads, and ``programme`` when the file has it)
    and lines (``schema.LINES``), checked."""
    wanted = {**schema.CLAIMS, **schema.PROGRAMME}
    columns = [*CLAIM_COLUMNS]
    if "programme" in pl.scan_parquet(claims_path).collect_schema():
        columns.append("programme")
    claims = checked_scan(claims_path, wanted, columns).collect()
    lines = checked_scan(lines_path, schema.LINES, list(schema.LINES)).collect()
    return claims, lines


def count_lines(input_dir: str | Path) -> int:
    """The lines of a year, from the Parquet footers (nothing is read)."""
    return sum(
        pl.scan_parquet(lines).select(pl.len()).collect().item()
        for folder in month_folders(input_dir)
        for _, lines in parts(folder)
    )


def price_local(
    input_dir: str | Path,
    output_dir: str | Path,
    tariff: pl.DataFrame,
    progress: Progress | None = None,
) -> YearTotals:
    """The local engine (this module's docstring): ``OUT/month=M/part-NNNN.parquet`` for each
    input part, priced by ``price``."""
    out = Path(output_dir)
    total = count_lines(input_dir) if progress is not None else 0
    done, months = 0, []
    for folder in month_folders(input_dir):
        month = folder.name.removeprefix("month=")
        target = out / folder.name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("part-*.parquet"):
            old.unlink()  # a second run replaces the first, as Spark's overwrite does
        n_lines = n_priced = payable = 0
        for i, (claims_path, lines_path) in enumerate(parts(folder)):
            claims, lines = read_part(claims_path, lines_path)
            priced = price(claims, lines, tariff)
            priced.write_parquet(target / f"part-{i:04d}.parquet")
            n_lines += lines.height
            n_priced += priced.height
            payable += int(priced.get_column("payable_satang").sum() or 0)
            done += lines.height
            del claims, lines, priced
            if progress is not None:
                progress(done, total)
        months.append(MonthTotals(month, n_lines, n_priced, payable))
    return YearTotals(tuple(months))


def read_priced(output_dir: str | Path) -> pl.DataFrame:
    """Every priced row a run wrote, with its ``month``, sorted by claim and line (for
    comparing runs)."""
    return (
        pl.scan_parquet(
            Path(output_dir) / "month=*" / "*.parquet",
            hive_partitioning=True,
            hive_schema={"month": pl.String},
        )
        .select(["month", *schema.PRICED])
        .sort("claim_id", "line_no")
        .collect()
    )


def price_year(
    input_dir: str | Path,
    output_dir: str | Path,
    tariff: pl.DataFrame | None = None,
    engine: str = "local",
    master: str = "local[2]",
    *,
    progress: Progress | None = None,
    spark=None,
    conf: dict[str, str] | None = None,
) -> YearTotals:
    """Price a year (``synth``'s layout) into ``output_dir`` with ``engine`` "local" (one
    machine, streaming) or "spark" (``sitthi.year.spark``: ``master`` "local[2]", a cluster's
    "spark://host:7077" or "yarn"; ``spark`` an existing session instead; ``conf`` more Spark
    settings). ``tariff`` defaults to the demo tariff. The totals are the same whichever the
    engine, to the satang."""
    if tariff is None:
        from sitthi.rules.claims.tariff import default_tariff

        tariff = default_tariff()
    if engine == "local":
        return price_local(input_dir, output_dir, tariff, progress)
    if engine == "spark":
        from sitthi.year import spark as engine_spark

        return engine_spark.price_year_spark(
            input_dir, output_dir, tariff, master=master, spark=spark, conf=conf, progress=progress
        )
    raise ValueError(f"engine {engine!r}: one of {', '.join(ENGINES)}")
