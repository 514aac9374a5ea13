"""Labour-cost deduction — seed 003_efb95171d59d7c5f.txt, หมวด 2 ส่วนที่ 10: "ให้สามารถปรับลด
ค่าแรงฯ เพิ่มจากที่สำนักงบประมาณกำหนดได้ เพื่อกันไว้ปรับเกลี่ย ... ระดับประเทศไม่เกิน 1% ... ระดับเขต
... ไม่เกิน 2% ... เกิน 2% แต่ไม่เกิน 5% ให้คณะอนุกรรมการ ... พิจารณาอนุมัติ". For each line in
``applies_to``, the public units' amounts are the base: the national reserve is
``national_pct`` % of the national base, each region's reserve its ``pct`` % of the region's
base (both rounded down), each taken from the public units in proportion to their amounts
(negative rows) and shown as the nation's and regions' reserve (positive rows).

Not a line's method: one pass over the rows of the lines it applies to, after every line is
shared out.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import polars as pl

from sitthi.rules.allocation.ledger import PARTS, frame_rows, one_row
from sitthi.rules.allocation.methods.common import baht_text
from sitthi.rules.allocation.money import split_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def labour_cost(run: Run) -> None:
    """Take the national and regional reserves from the public units' amounts."""
    rules = run.cfg.labour_cost
    assert rules is not None
    public = run.units.filter(pl.col("public")).select("unit")
    rows = pl.concat(run.ledger.rows)
    summary: dict[str, Any] = {"national_satang": {}, "regional_satang": {}}
    for code in rules.applies_to:
        base = (
            rows.filter(
                (pl.col("payee_kind") == "unit")
                & (pl.col("line") == code)
                & (pl.col("amount_satang") > 0)
            )
            .join(public, left_on="payee", right_on="unit")
            .group_by("payee", "province", "region")
            .agg(pl.col("amount_satang").sum().alias("base"))
            .rename({"payee": "unit"})
            .sort("unit")
        )
        if base.height == 0:
            continue
        nat = Fraction(rules.national_pct)
        total = int(base["base"].sum())
        reserve = total * nat.numerator // (100 * nat.denominator)
        f = split_satang(
            base.with_columns(pl.lit(reserve).alias("pot")),
            total="pot", weight="base", key="unit",
        )  # fmt: skip
        run.ledger.rows.append(
            frame_rows(
                f.filter(pl.col("amount") != 0).with_columns(-pl.col("amount")),
                kind="unit", payee="unit", line=code, part="labour_national",
                th=pl.format("หัก {}% ของเงินหน่วยบริการภาครัฐ {} บาท (ส่วนของหน่วย {} บาท)",
                             pl.lit(str(rules.national_pct)), baht_text(pl.lit(total)),
                             baht_text(pl.col("base"))),
                en=pl.format("{} % of the public units' {} baht (this unit's {} baht)",
                             pl.lit(str(rules.national_pct)), baht_text(pl.lit(total)),
                             baht_text(pl.col("base"))),
            )
        )  # fmt: skip
        if reserve:
            th, en = PARTS["labour_national"]
            run.ledger.rows.append(
                one_row("nation", "TH", code, "labour_national", reserve, th, en)
            )
        summary["national_satang"][code] = reserve
        regions = base.group_by("region").agg(pl.col("base").sum().alias("R")).sort("region")
        reserves = {}
        for region, r_base in regions.iter_rows():
            pct = Fraction(rules.regional_pct_for(region))
            reserves[region] = r_base * pct.numerator // (100 * pct.denominator)
        f = base.with_columns(
            pl.col("region").replace_strict(reserves, return_dtype=pl.Int64).alias("pot"),
            pl.col("region")
            .replace_strict({r: str(rules.regional_pct_for(r)) for r in reserves})
            .alias("pct"),
            pl.col("base").sum().over("region").alias("R"),
        )
        f = split_satang(f, total="pot", weight="base", key="unit", by=["region"])
        run.ledger.rows.append(
            frame_rows(
                f.filter(pl.col("amount") != 0).with_columns(-pl.col("amount")),
                kind="unit", payee="unit", line=code, part="labour_regional",
                th=pl.format("หัก {}% ของเงินหน่วยบริการภาครัฐในเขต {} บาท (ส่วนของหน่วย {} บาท)",
                             "pct", baht_text(pl.col("R")), baht_text(pl.col("base"))),
                en=pl.format("{} % of the region's public units' {} baht (this unit's {} baht)",
                             "pct", baht_text(pl.col("R")), baht_text(pl.col("base"))),
            )
        )  # fmt: skip
        th, en = PARTS["labour_regional"]
        for region, amount in reserves.items():
            if amount:
                run.ledger.rows.append(
                    one_row("region", str(region), code, "labour_regional", amount, th, en,
                            region=region)
                )  # fmt: skip
        summary["regional_satang"][code] = reserves
    run.report["labour_cost"] = summary
