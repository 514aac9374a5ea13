"""``psychiatric`` — seed 003_efb95171d59d7c5f.txt, หมวด 5 ส่วนที่ 2 บริการผู้ป่วยจิตเวชเรื้อรังใน
ชุมชน: "เฉลี่ยคนละ 6,000 บาท/ปี ให้หน่วยบริการตามจำนวนผู้ป่วยจิตเภท หากผลงานมากกว่าเป้าหมาย
ที่กำหนดไว้ต้นปีงบประมาณ ให้เฉลี่ยงบประมาณภายในระดับจังหวัด/เขต และหรือกำหนดเพดานการให้
งบประมาณ". Up to the target, the rate per patient. Over it, ``over_target``: ``average`` — the
line's money averaged over all patients (never above the rate); ``cap`` — the rate for the
target number of patients, shared by caseload; ``pay`` — the rate for every patient. Whatever
the line cannot pay is taken from ``shortfall_from`` (หมวด 1 ข้อ 13, ``Ledger.cover``), which
is why this line is shared out before the others. The seed's district and province targets are
not inputs: the average is national. What the line does not need is held at NHSO (unspent).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.ledger import frame_rows
from sitthi.rules.allocation.methods.common import display_rate
from sitthi.rules.allocation.money import split_satang
from sitthi.rules.kernel.money import EXACT, to_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def psychiatric(run: Run, ln: Line) -> None:
    """The psychiatric line to units by caseload, up to the target's rule."""
    rules = run.cfg.psychiatric
    assert rules is not None
    rate = to_satang(rules.per_patient, rounding=EXACT)
    patients = int(run.units["psychiatric_patients"].sum())
    money = run.ledger.available(ln.code)
    over = patients > rules.target_patients
    if not over or rules.over_target == "pay":
        need = rate * patients
    elif rules.over_target == "cap":
        need = rate * rules.target_patients
    else:  # average: the line's money over every patient, never above the rate
        need = min(money, rate * patients)
    run.ledger.need[ln.code] = need
    if need > money:
        money += run.ledger.cover(ln.code, need - money)
    paid = min(need, money)
    f = split_satang(
        run.units.with_columns(pl.lit(paid).alias("pot")),
        total="pot", weight="psychiatric_patients", key="unit",
    )  # fmt: skip
    per = display_rate(paid, patients, "0.01") if patients else Decimal(0)
    rule_th, rule_en = (
        {
            "average": ("เกินเป้าหมาย เฉลี่ยงบประมาณ", "over target: the budget averaged"),
            "cap": (
                f"เกินเป้าหมาย จ่ายถึงเพดาน {rules.target_patients} คน",
                f"over target: paid up to the cap of {rules.target_patients} patients",
            ),
            "pay": ("เกินเป้าหมาย จ่ายทุกคน", "over target: every patient paid"),
        }[rules.over_target]
        if over
        else ("ไม่เกินเป้าหมาย", "within target")
    )
    run.ledger.rows.append(
        frame_rows(
            f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="patients",
            th=pl.format("ผู้ป่วย {} คน จาก {} คน ({}; เฉลี่ย {} บาท/คน อัตรา {} บาท/คน)",
                         "psychiatric_patients", pl.lit(patients), pl.lit(rule_th),
                         pl.lit(str(per)), pl.lit(str(rules.per_patient))),
            en=pl.format("{} of {} patients ({}; {} baht per patient, rate {} baht)",
                         "psychiatric_patients", pl.lit(patients), pl.lit(rule_en),
                         pl.lit(str(per)), pl.lit(str(rules.per_patient))),
        )
    )  # fmt: skip
    run.ledger.held(ln, "unspent", run.ledger.available(ln.code) - paid)
    run.report["psychiatric"] = {
        "patients": patients,
        "target_patients": rules.target_patients,
        "over_target": over,
        "rule": rules.over_target,
        "need_satang": need,
        "paid_satang": paid,
        "paid_per_patient_baht": per,
    }
