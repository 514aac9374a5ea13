"""Seeded synthetic claims and lines: one batch (``make_lines``, also bench/claims_price.py's)
and a year of them in Parquet, one folder per month (``synth_year``).

The layout ``price_year`` reads (Hive-style folder names, so Spark and Polars both see the
month as a column)::

    DIR/month=2024-01/claims-0000.parquet   schema.CLAIMS, claim ids unique over the year
    DIR/month=2024-01/lines-0000.parquet    schema.LINES of those claims only
    DIR/month=2024-01/claims-0001.parquet   ...

A part holds whole claims (a claim's lines are in the part of its claim row) and at most
``part_lines`` lines: the local engine prices a part at a time, so the part size bounds its
memory. Every line of a claim is served in the claim's month (Bangkok time).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from sitthi.rules.citizen_id import check_digit
from sitthi.rules.claims import schema

LINES_PER_CLAIM = 4
CID = "110000000000" + str(check_digit("110000000000"))
#: The synthetic batch's default span (bench/claims_price.py): April 2017 to December 2024, so
#: the withdrawn diabetes codes and the flat rate from 2022 are sometimes out of force.
FIRST_DAY, END_DAY = date(2017, 4, 1), date(2025, 1, 1)
#: Bangkok is UTC+7 all year (no daylight saving since 1920).
_BANGKOK_OFFSET = timedelta(hours=7)


def _utc_midnight(day: date) -> np.datetime64:
    """Bangkok's midnight at the start of ``day``, as a UTC instant."""
    return np.datetime64(datetime.combine(day, datetime.min.time()) - _BANGKOK_OFFSET, "us")


def make_lines(
    n: int,
    tariff: pl.DataFrame,
    seed: int | Sequence[int] = 3,
    *,
    first_day: date = FIRST_DAY,
    end_day: date = END_DAY,
    first_claim: int = 0,
    ucep_share: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` lines (``schema.LINES``) over ``ceil(n / 4)`` claims (``schema.CLAIMS``), numbered
    from ``first_claim``: items drawn from the tariff's codes plus 2 % unknown codes; service
    times from ``first_day`` (Bangkok midnight) to before ``end_day``; quantities 0.001 to 10
    units (a few zero); charges up to 5,000 baht (a few zero). Claims are inpatient ("IP",
    priced by the general programme) except a ``ucep_share`` of UCEP claims (priced by the
    EMS fee schedule: a batch of two programmes). Same arguments, same frames."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(set(tariff["item_code"].to_list())) + ["ZZZ1", "ZZZ2"])
    weights = np.full(len(codes), 0.98 / (len(codes) - 2))
    weights[-2:] = 0.01
    t0 = _utc_midnight(first_day)
    span_us = int((end_day - first_day).days * 86_400 * 1_000_000)
    claims_n = -(-n // LINES_PER_CLAIM)  # the last claim may have fewer lines
    claim_id = first_claim + np.arange(n, dtype=np.int64) // LINES_PER_CLAIM
    line_no = (np.arange(n) % LINES_PER_CLAIM + 1).astype(np.int32)
    qty = rng.integers(1, 10_001, size=n, dtype=np.int64)
    qty[rng.random(n) < 0.005] = 0
    charged = rng.integers(1, 500_001, size=n, dtype=np.int64)
    charged[rng.random(n) < 0.005] = 0
    served = t0 + rng.integers(0, span_us, size=n).astype("timedelta64[us]")
    lines = pl.DataFrame(
        {
            "claim_id": claim_id,
            "line_no": line_no,
            "item_code": rng.choice(codes, size=n, p=weights),
            "quantity_milli": qty,
            "served_at": served,
            "charged_satang": charged,
        }
    ).with_columns(
        pl.col("served_at").dt.replace_time_zone("UTC").dt.convert_time_zone(schema.BANGKOK)
    )
    lines = lines.cast(schema.LINES)
    first = lines.group_by("claim_id").agg(pl.col("served_at").min())
    ids = first_claim + np.arange(claims_n, dtype=np.int64)
    kinds = np.full(claims_n, "IP", dtype=object)
    if ucep_share > 0:  # drawn last: the default batch is the same as before programmes
        kinds[rng.random(claims_n) < ucep_share] = "UCEP"
    claims = pl.DataFrame({"claim_id": ids, "service_type": kinds.tolist()}).join(
        first, on="claim_id", maintain_order="left"
    )
    claims = claims.select(
        "claim_id",
        pl.lit("10670").alias("hospital"),
        pl.lit(CID).alias("citizen_id"),
        "service_type",
        pl.col("served_at").alias("admitted_at"),
        (pl.col("served_at") + timedelta(days=30)).alias("discharged_at"),
    ).cast(schema.CLAIMS)
    return claims, lines


def month_name(year: int, month: int) -> str:
    """``2024-01``: a month folder's name is ``month=2024-01``."""
    return f"{year:04d}-{month:02d}"


def _months(year: int, first_month: int, months: int) -> list[tuple[int, int]]:
    out, y, m = [], year, first_month
    for _ in range(months):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def synth_year(
    out_dir: str | Path,
    lines: int,
    tariff: pl.DataFrame,
    *,
    year: int = 2024,
    first_month: int = 1,
    months: int = 12,
    seed: int = 2567,
    part_lines: int = 1_000_000,
    ucep_share: float = 0.1,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write ``lines`` synthetic lines over ``months`` months from ``year``-``first_month``
    into ``out_dir`` (the layout of this module's docstring), spread evenly over the months
    (the first months take the remainder), each month in parts of at most ``part_lines``
    lines. Part ``p`` of month ``i`` is ``make_lines`` seeded by ``(seed, i, p)``: the same
    arguments write the same files. One part is in memory at a time. ``progress`` is called
    with the number of lines of each part written. Returns the month folders."""
    if lines < 0 or months < 1 or part_lines < LINES_PER_CLAIM:
        raise ValueError("lines >= 0, months >= 1 and part_lines >= 4 are needed")
    part_lines -= part_lines % LINES_PER_CLAIM  # parts hold whole claims
    out = Path(out_dir)
    folders, next_claim = [], 0
    per_month, extra = divmod(lines, months)
    for i, (y, m) in enumerate(_months(year, first_month, months)):
        n_month = per_month + (1 if i < extra else 0)
        first = date(y, m, 1)
        end = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        folder = out / f"month={month_name(y, m)}"
        folder.mkdir(parents=True, exist_ok=True)
        for p, start in enumerate(range(0, max(n_month, 1), part_lines)):
            n = min(part_lines, n_month - start)
            claims, part = make_lines(
                n,
                tariff,
                (seed, i, p),
                first_day=first,
                end_day=end,
                first_claim=next_claim,
                ucep_share=ucep_share,
            )
            next_claim += claims.height
            claims.write_parquet(folder / f"claims-{p:04d}.parquet")
            part.write_parquet(folder / f"lines-{p:04d}.parquet")
            if progress is not None:
                progress(n)
        folders.append(folder)
    return folders
