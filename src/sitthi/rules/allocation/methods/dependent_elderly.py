"""``dependent_elderly`` — seed 003_efb95171d59d7c5f.txt, หมวด 8 ค่าบริการสาธารณสุขสำหรับ
ผู้สูงอายุที่มีภาวะพึ่งพิง: "500 ลบ. ให้กองทุนหลักประกันสุขภาพ อปท. ... อัตรา 5,000 บาท/ราย
ตามจำนวนผู้สูงอายุ" and "100 ลบ. ให้ CUP ในพื้นที่ ... อัตราหนึ่งแสนบาทต่อแห่ง". Each pot pays
its rate when it can; when the pot is short it is averaged over the elders (or CUPs) and the
report says the rate actually paid; money a pot does not need is held at NHSO (หมวด 1 ข้อ 14:
"ให้ สปสช.จ่ายเงินที่เหลือ ... ตามจำนวนประชากรหรือผลงาน").
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.ledger import frame_rows
from sitthi.rules.allocation.methods.common import display_rate
from sitthi.rules.allocation.money import split_satang
from sitthi.rules.kernel.money import EXACT, to_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def dependent_elderly(run: Run, ln: Line) -> None:
    """The LTC line: the local funds' pot by elders, the CUPs' pot per CUP, the rest held."""
    rules = run.cfg.dependent_elderly
    assert rules is not None
    money = run.ledger.available(ln.code)
    fund_pot = min(to_satang(rules.local_fund_pot, rounding=EXACT), money)
    cup_pot = min(to_satang(rules.cup_pot, rounding=EXACT), money - fund_pot)
    report: dict[str, Any] = {}
    paid_total = 0
    for kind, frame, count_col, rate, pot, key in (
        ("local_fund", run.prep.elders, "elders", rules.per_elder, fund_pot, "local_fund"),
        ("cup", run.prep.cups.with_columns(pl.lit(1).alias("one")), "one",
         rules.per_cup, cup_pot, "cup"),
    ):  # fmt: skip
        count = int(frame[count_col].sum()) if frame.height else 0
        need = to_satang(rate, rounding=EXACT) * count
        paid = min(need, pot)
        paid_total += paid
        averaged = need > pot
        per = display_rate(paid, count, "0.01") if count else Decimal(0)
        report[kind] = {
            "count": count,
            "need_satang": need,
            "pot_satang": pot,
            "paid_satang": paid,
            "averaged": averaged,
            "paid_per_item_baht": per,
        }
        if averaged:
            run.notes.append(
                {
                    "th": f"{ln.code}: เงินไม่พอจ่ายอัตรา {rate} บาท เฉลี่ยได้ {per} บาท",
                    "en": f"{ln.code}: the pot cannot pay {rate} baht; averaged to {per}",
                }
            )
        if not frame.height:
            continue
        f = split_satang(
            frame.with_columns(pl.lit(paid).alias("pot")),
            total="pot", weight=count_col, key=key,
        )  # fmt: skip
        how_th = f"เฉลี่ย {per} บาท (เงินไม่พออัตรา {rate} บาท)" if averaged else f"อัตรา {rate} บาท"
        how_en = (
            f"averaged {per} baht (short of the {rate} rate)" if averaged else f"{rate} baht each"
        )
        if kind == "local_fund":
            th = pl.format("ผู้สูงอายุที่มีภาวะพึ่งพิง {} คน, {}", "elders", pl.lit(how_th))
            en = pl.format("{} dependent elders, {}", "elders", pl.lit(how_en))
            part = "elders"
        else:
            th = pl.format("CUP ที่ร่วมดำเนินการ LTC, {}", pl.lit(how_th))
            en = pl.format("CUP taking part in LTC, {}", pl.lit(how_en))
            part = "cup"
        run.ledger.rows.append(
            frame_rows(f.filter(pl.col("amount") != 0), kind=kind, payee=key, line=ln.code,
                       part=part, th=th, en=en)
        )  # fmt: skip
    run.ledger.need[ln.code] = report["local_fund"]["need_satang"] + report["cup"]["need_satang"]
    run.ledger.held(ln, "unspent", money - paid_total)
    run.report["dependent_elderly"] = report
