"""``capital_replacement`` — seed 003_efb95171d59d7c5f.txt, หมวด 2 ส่วนที่ 7 ค่าบริการทางการแพทย์
ที่เบิกจ่ายในลักษณะงบลงทุน: the line is shared among main units by registered persons; for MOPH
units "ไม่น้อยว่า 90% จ่ายตรงให้หน่วยบริการ ... ไม่เกิน 10% ให้บริหารระดับจังหวัด": in each
province the MOPH units' total gives the province fund at most ``province_share_pct`` %
(rounded *down* to the satang, so the ceiling holds), the rest goes to those units directly.
Other units receive their share directly.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import polars as pl

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.ledger import frame_rows
from sitthi.rules.allocation.methods.common import baht_text
from sitthi.rules.allocation.money import split_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def capital_replacement(run: Run, ln: Line) -> None:
    """The capital line by registered persons; MOPH units' shares split direct / province."""
    rules = run.cfg.capital
    assert rules is not None
    budget = run.ledger.available(ln.code)
    f = split_satang(
        run.units.with_columns(pl.lit(budget).alias("pot")),
        total="pot", weight="persons", key="unit", out="share",
    ).rename({"rounding": "share_rounding"})  # fmt: skip
    pct = Fraction(rules.province_share_pct)
    moph = f.filter(pl.col("moph") & (pl.col("share") > 0))
    per_prov = moph.group_by("province", "region").agg(pl.col("share").sum().alias("T"))
    per_prov = per_prov.with_columns(  # at most pct %: rounded down
        (pl.col("T").cast(pl.Int128) * pct.numerator // (100 * pct.denominator))
        .cast(pl.Int64)
        .alias("fund")
    ).sort("province")
    moph = moph.join(per_prov, on=["province", "region"]).with_columns(
        (pl.col("T") - pl.col("fund")).alias("direct_pot")
    )
    moph = split_satang(moph, total="direct_pot", weight="share", key="unit", by=["province"])
    others = f.filter(~pl.col("moph") & (pl.col("share") > 0)).with_columns(
        pl.col("share").alias("amount"), pl.col("share_rounding").alias("rounding")
    )
    text = (
        "ผู้มีสิทธิ {} คน จาก {} คน ของวงเงิน {} บาท",
        "{} of {} registered persons, of {} baht",
    )
    pb = baht_text(pl.lit(budget))
    run.ledger.rows.append(
        frame_rows(
            others, kind="unit", payee="unit", line=ln.code, part="direct",
            th=pl.format(text[0], "persons", pl.lit(run.P), pb),
            en=pl.format(text[1], "persons", pl.lit(run.P), pb),
        )
    )  # fmt: skip
    run.ledger.rows.append(
        frame_rows(
            moph.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="direct",
            th=pl.format(text[0] + " = {} บาท; หน่วยบริการสังกัด สป.สธ. รับตรงไม่น้อยกว่า {}% "
                         "(ส่วนแบ่งจากเงินหน่วยบริการ สป.สธ. ในจังหวัด {} บาท หลังกันไว้ระดับจังหวัด {} บาท)",
                         "persons", pl.lit(run.P), pb, baht_text(pl.col("share")),
                         pl.lit(str(rules.unit_share_pct)), baht_text(pl.col("T")), baht_text(pl.col("fund"))),
            en=pl.format(text[1] + " = {} baht; an MOPH unit receives at least {} % directly "
                         "(its share of the province's MOPH {} baht after {} baht kept at "
                         "province level)",
                         "persons", pl.lit(run.P), pb, baht_text(pl.col("share")),
                         pl.lit(str(rules.unit_share_pct)), baht_text(pl.col("T")), baht_text(pl.col("fund"))),
        )
    )  # fmt: skip
    run.ledger.rows.append(
        frame_rows(
            per_prov.filter(pl.col("fund") != 0), kind="province", payee="province",
            line=ln.code, part="province_fund", amount="fund",
            th=pl.format("ไม่เกินร้อยละ {} ของเงินหน่วยบริการ สป.สธ. ในจังหวัด {} บาท (ปัดลง)",
                         pl.lit(str(rules.province_share_pct)), baht_text(pl.col("T"))),
            en=pl.format("at most {} % of the province's MOPH units' {} baht (rounded down)",
                         pl.lit(str(rules.province_share_pct)), baht_text(pl.col("T"))),
        )
    )  # fmt: skip
    run.report["capital"] = {
        "budget_satang": budget,
        "moph_satang": int(per_prov["T"].sum()) if per_prov.height else 0,
        "province_funds_satang": int(per_prov["fund"].sum()) if per_prov.height else 0,
    }
