"""``ip_general`` — seed 003_efb95171d59d7c5f.txt, หมวด 2 ส่วนที่ 2 บริการผู้ป่วยในทั่วไป,
"ค่าบริการ IP ตามระบบ DRG V 5" under a global budget: point value = the line's budget ÷ total
AdjRW; each unit gets AdjRW × point value, split by the largest-remainder rule so the units add
up to the budget exactly. The point value is reported exactly (a fraction), as a Decimal (40
significant digits) and rounded to the satang for display. The budget is national: the seed
gives no regional IP ceiling. With no AdjRW reported, the whole budget is held at NHSO.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import polars as pl

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.ledger import frame_rows
from sitthi.rules.allocation.methods.common import baht_text, e4_text, exact_decimal
from sitthi.rules.allocation.money import split_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def ip_general(run: Run, ln: Line) -> None:
    """The IP budget to units by AdjRW × the point value."""
    budget = run.ledger.available(ln.code)
    total = int(run.units["adjrw_e4"].sum())
    if total == 0:
        run.ledger.held(ln, "held", budget)
        run.notes.append(
            {
                "th": f"{ln.code}: ไม่มี AdjRW เงินทั้งหมดเก็บไว้ที่ สปสช.",
                "en": f"{ln.code}: no AdjRW reported; the whole budget is held at NHSO",
            }
        )
        run.report["ip"] = {"budget_satang": budget, "total_adjrw": Decimal(0)}
        return
    pv = Fraction(budget * 100, total)  # baht per AdjRW = (budget/100) / (total/10^4)
    shown = exact_decimal(pv).quantize(Decimal("0.01"), ROUND_HALF_UP)
    run.report["ip"] = {
        "budget_satang": budget,
        "total_adjrw": Decimal(total) / 10_000,
        "point_value": exact_decimal(pv),
        "point_value_fraction": f"{pv.numerator}/{pv.denominator}",
        "point_value_display": shown,
    }
    f = split_satang(
        run.units.with_columns(pl.lit(budget).alias("pot")),
        total="pot", weight="adjrw_e4", key="unit",
    )  # fmt: skip
    run.ledger.rows.append(
        frame_rows(
            f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="drg",
            th=pl.format("AdjRW {} × {} บาท/AdjRW (วงเงิน {} บาท ÷ AdjRW รวม {})",
                         e4_text(pl.col("adjrw_e4")), pl.lit(str(shown)), baht_text(pl.lit(budget)),
                         e4_text(pl.lit(total))),
            en=pl.format("AdjRW {} × {} baht per AdjRW (budget {} baht ÷ total AdjRW {})",
                         e4_text(pl.col("adjrw_e4")), pl.lit(str(shown)), baht_text(pl.lit(budget)),
                         e4_text(pl.lit(total))),
        )
    )  # fmt: skip
