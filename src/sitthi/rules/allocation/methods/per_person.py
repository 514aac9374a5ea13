"""``per_person`` — shared among main units by registered persons, the seed's way of paying a
line "แบบเหมาจ่ายตามจำนวนผู้มีสิทธิ ... ให้หน่วยบริการประจำ" (seed 003_efb95171d59d7c5f.txt,
หมวด 2 ส่วนที่ 1, 3.2) and of paying out what is left "ให้หน่วยบริการตามจำนวนประชากร" (หมวด 1
ข้อ 14). No FY 2559 line uses it as shipped; a year's configuration may.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.ledger import frame_rows
from sitthi.rules.allocation.methods.common import baht_text
from sitthi.rules.allocation.money import split_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def per_person(run: Run, ln: Line) -> None:
    """The line to main units by registered persons."""
    budget = run.ledger.available(ln.code)
    f = split_satang(
        run.units.with_columns(pl.lit(budget).alias("pot")),
        total="pot", weight="persons", key="unit",
    )  # fmt: skip
    pb = baht_text(pl.lit(budget))
    run.ledger.rows.append(
        frame_rows(
            f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="persons",
            th=pl.format("ผู้มีสิทธิ {} คน จาก {} คน ของวงเงิน {} บาท", "persons", pl.lit(run.P), pb),
            en=pl.format("{} of {} registered persons, of {} baht", "persons", pl.lit(run.P), pb),
        )
    )  # fmt: skip
