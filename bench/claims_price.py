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
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sitthi.rules.claims.price import price
from sitthi.rules.claims.tariff import LOWER_OF, default_tariff
from sitthi.year.synth import make_lines

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
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
