"""Claim-line pricing: the vectorised ``price()`` against a plain per-line Python loop (a dict of
the tariff by item code, Decimal arithmetic) over the same synthetic lines, in the same run.

Issue 3, "Prove it": prices 1,000,000 synthetic lines (seeded) over the illustrative tariff and
reports lines per second for both paths; the vectorised path should be at least 50× faster.
Both paths must agree on every line's payable amount (or on its being unpriceable). A ratio,
not an absolute time, is the figure to compare between machines.

    python bench/claims_price.py [LINES]
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import polars as pl

from sitthi.rules.citizen_id import check_digit
from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from sitthi.rules.claims.tariff import LOWER_OF, default_tariff

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
LINES_PER_CLAIM = 4
CID = "110000000000" + str(check_digit("110000000000"))


def make_lines(n: int, tariff: pl.DataFrame, seed: int = 3) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` lines over ``n / 4`` claims: items drawn from the tariff's codes plus 2 % unknown
    codes; service times from April 2017 to December 2024 (so the withdrawn diabetes codes and
    the flat rate from 2022 are sometimes out of force); quantities 0.001 to 10 units (a few
    zero); charges up to 5,000 baht (a few zero)."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(set(tariff["item_code"].to_list())) + ["ZZZ1", "ZZZ2"])
    weights = np.full(len(codes), 0.98 / (len(codes) - 2))
    weights[-2:] = 0.01
    t0 = np.datetime64("2017-03-31T17:00:00", "us")  # 2017-04-01 00:00 in Bangkok (UTC+7)
    span_us = int((date(2025, 1, 1) - date(2017, 4, 1)).days * 86_400 * 1_000_000)
    claims_n = -(-n // LINES_PER_CLAIM)  # the last claim may have fewer lines
    claim_id = np.arange(n, dtype=np.int64) // LINES_PER_CLAIM
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
    claims = pl.DataFrame({"claim_id": np.arange(claims_n, dtype=np.int64)}).join(
        first, on="claim_id"
    )
    claims = claims.select(
        "claim_id",
        pl.lit("10670").alias("hospital"),
        pl.lit(CID).alias("citizen_id"),
        pl.lit("IP").alias("service_type"),
        pl.col("served_at").alias("admitted_at"),
        (pl.col("served_at") + timedelta(days=30)).alias("discharged_at"),
    ).cast(schema.CLAIMS)
    return claims, lines


CENT = Decimal("0.01")
REPEAT = 3


def best_of(n: int, run):
    """The result and the best wall time of ``n`` runs (the first run of either path pays
    one-off costs: thread pools, caches)."""
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return result, best


def loop_price(frame: pl.DataFrame, tariff: pl.DataFrame) -> list[int | None]:
    """The baseline: starting from the same frame of lines, take each line as Python values,
    find the item's tariff row in force on the Bangkok service date by dict lookup, then
    price in Decimal baht (round half up to the satang). Reading the rows out of the frame is
    part of the loop's cost, as it would be for any per-line path given the same data."""
    lines = {
        c: frame[c].to_list()
        for c in ("item_code", "served_at", "quantity_milli", "charged_satang")
    }
    index: dict[str, list[tuple[date, date | None, Decimal, str]]] = {}
    for r in tariff.iter_rows(named=True):
        index.setdefault(r["item_code"], []).append(
            (r["valid_from"], r["valid_until"], Decimal(r["unit_price_satang"]) / 100, r["pricing"])
        )
    out: list[int | None] = []
    for item, served, q, ch in zip(
        lines["item_code"],
        lines["served_at"],
        lines["quantity_milli"],
        lines["charged_satang"],
        strict=True,
    ):
        payable = None
        rows = index.get(item)
        if rows is not None and q > 0 and ch > 0:
            on = served.date()  # aware datetimes in Asia/Bangkok
            for start, end, unit_price, rule in rows:
                if start <= on and (end is None or on <= end):
                    amount = (unit_price * (Decimal(q) / 1000)).quantize(CENT, ROUND_HALF_UP)
                    charge = Decimal(ch) / 100
                    paid = min(amount, charge) if rule == LOWER_OF else amount
                    payable = int(paid * 100)
                    break
        out.append(payable)
    return out


def main() -> None:
    tariff = default_tariff()
    claims, lines = make_lines(N, tariff)

    priced, t_vec = best_of(REPEAT, lambda: price(claims, lines, tariff))
    looped, t_loop = best_of(REPEAT, lambda: loop_price(lines, tariff))

    vectorised = (
        lines.select("claim_id", "line_no")
        .join(
            priced.select("claim_id", "line_no", "payable_satang"),
            on=["claim_id", "line_no"],
            how="left",
        )
        .sort("claim_id", "line_no")["payable_satang"]
        .to_list()
    )
    assert vectorised == looped, "the two paths disagree"
    n_priced = sum(p is not None for p in looped)
    total = sum(p for p in looped if p is not None)
    print(f"claim lines priced: {N:,}  (priceable: {n_priced:,}; payable {total / 100:,.2f} baht)")
    print(f"  vectorised (Polars price()): {N / t_vec:>14,.0f} lines/s  ({t_vec:.3f} s)")
    print(f"  per-line Python loop:        {N / t_loop:>14,.0f} lines/s  ({t_loop:.3f} s)")
    print(
        f"  ratio: {t_loop / t_vec:.1f}x  (issue 3 asks for at least 50x; best of {REPEAT} runs each)"
    )


if __name__ == "__main__":
    main()
