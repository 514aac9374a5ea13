"""The run's ledger: what each budget line has, the transfers between lines, and the rows of
money paid out — to units and other payees, or held at NHSO.

Seed 003_efb95171d59d7c5f.txt (FY 2559). A line's balance is its budget (a line ``within``
another is already in its parent's rate, so it is taken off the parent) plus what it received
from other lines minus what it gave.

Shortfall (หมวด 1 ข้อ 13): "หากเงินที่กำหนดในรายการและประเภทบริการใดไม่เพียงพอ เนื่องจากผลงาน
  บริการมากกว่าเป้าหมายที่ได้รับงบประมาณ ให้ใช้เงินกองทุนจากรายการและประเภทบริการอื่นจ่ายไปก่อน".
  A line whose need exceeds its money takes the difference from the lines in
  ``shortfall_from``, in order, as far as each can give (OP gives from its capitation rest only:
  its QOF, output and data-quality pots are minimums), before those lines are shared out; every
  transfer is recorded, and whatever no line could cover is recorded as unfunded.

Held: money a line keeps at NHSO — a ``held`` line's whole balance, paid during the year by
the line's own rules, or what a line paid by need does not need (หมวด 1 ข้อ 14: "ให้ สปสช.จ่าย
เงินที่เหลือ ... ตามจำนวนประชากรหรือผลงาน") — is one row payable to NHSO.

A row (``ROWS``): payee_kind (unit, cup, local_fund, province, region, nation, nhso), payee,
province, region, line, part (``PARTS``), amount_satang, rounding, basis_th, basis_en.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sitthi.rules.allocation.config import FiscalYear, Line
from sitthi.rules.kernel.money import EXACT, to_satang

ROWS = {
    "payee_kind": pl.Utf8,  # unit, cup, local_fund, province, region, nation, nhso
    "payee": pl.Utf8,
    "province": pl.Utf8,
    "region": pl.Int64,
    "line": pl.Utf8,
    "part": pl.Utf8,
    "amount_satang": pl.Int64,
    "rounding": pl.Int64,
    "basis_th": pl.Utf8,
    "basis_en": pl.Utf8,
}

PARTS: dict[str, tuple[str, str]] = {
    "qof": ("ตามเกณฑ์คุณภาพและผลงานบริการปฐมภูมิ (QOF)", "Primary-care quality (QOF)"),
    "output": ("ตามผลงานบริการผู้ป่วยนอก", "Outpatient output (visits)"),
    "data_quality": ("คุณภาพข้อมูล", "Data quality"),
    "age_adjusted": (
        "เหมาจ่ายรายหัวปรับตามโครงสร้างอายุระดับจังหวัด",
        "Capitation adjusted for age at province level",
    ),
    "equal": ("เหมาจ่ายรายหัวอัตราเท่ากันทุกกลุ่มอายุ", "Capitation at one equal rate"),
    "drg": ("ผู้ป่วยในตาม DRG (AdjRW × ค่าต่อหน่วย)", "Inpatient care by DRG (AdjRW × point value)"),
    "patients": ("ผู้ป่วยจิตเวชเรื้อรังในชุมชน", "Chronic psychiatric patients"),
    "elders": ("ผู้สูงอายุที่มีภาวะพึ่งพิง (กองทุน อปท.)", "Dependent elders (local fund)"),
    "cup": ("ค่าดำเนินงาน LTC ของ CUP", "LTC support for the CUP"),
    "direct": ("จ่ายตรงให้หน่วยบริการ", "Paid directly to the unit"),
    "province_fund": ("บริหารระดับจังหวัด", "Managed at province level"),
    "persons": ("ตามจำนวนผู้มีสิทธิที่ลงทะเบียน", "By registered persons"),
    "labour_national": ("ปรับลดค่าแรง กันไว้ระดับประเทศ", "Labour-cost deduction, national reserve"),
    "labour_regional": ("ปรับลดค่าแรง กันไว้ระดับเขต", "Labour-cost deduction, regional reserve"),
    "held": (
        "เก็บไว้ที่ สปสช. จ่ายตามหลักเกณฑ์ของรายการระหว่างปี",
        "Held at NHSO, paid by the line's own rules",
    ),
    "unspent": ("เงินเหลือจากเป้าหมาย เก็บไว้ที่ สปสช.", "Left after the target, held at NHSO"),
}


def frame_rows(
    frame: pl.DataFrame,
    *,
    kind: str,
    payee: str,
    line: str,
    part: str,
    th: pl.Expr,
    en: pl.Expr,
    amount: str = "amount",
    province: str | None = "province",
    region: str | None = "region",
) -> pl.DataFrame:
    """``frame``'s rows as ledger rows (``ROWS``): one per row of ``frame``, paid to the payee
    in column ``payee``, the amount in column ``amount``, the basis given by ``th`` / ``en``."""
    return frame.select(
        pl.lit(kind).alias("payee_kind"),
        pl.col(payee).cast(pl.Utf8).alias("payee"),
        (pl.col(province) if province else pl.lit(None)).cast(pl.Utf8).alias("province"),
        (pl.col(region) if region else pl.lit(None)).cast(pl.Int64).alias("region"),
        pl.lit(line).alias("line"),
        pl.lit(part).alias("part"),
        pl.col(amount).cast(pl.Int64).alias("amount_satang"),
        (pl.col("rounding") if "rounding" in frame.columns else pl.lit(0))
        .cast(pl.Int64)
        .alias("rounding"),
        th.cast(pl.Utf8).alias("basis_th"),
        en.cast(pl.Utf8).alias("basis_en"),
    )


def one_row(
    kind: str, payee: str, line: str, part: str, amount: int, th: str, en: str,
    province: str | None = None, region: int | None = None,
) -> pl.DataFrame:  # fmt: skip
    """A single ledger row (``ROWS``)."""
    return pl.DataFrame(
        [[kind], [payee], [province], [region], [line], [part], [amount], [0], [th], [en]],
        schema=ROWS,
        orient="col",
    )


class Ledger:
    """Balances per budget line of ``cfg`` for ``persons`` registered persons: ``budget``,
    ``transfers`` between lines, each line's ``need`` (lines paid by need) and ``unfunded``
    satang, and the ``rows`` paid out so far."""

    def __init__(self, cfg: FiscalYear, persons: int) -> None:
        self.cfg, self.P = cfg, persons
        self.budget = {ln.code: ln.budget_satang(persons) for ln in cfg.lines}
        for ln in cfg.lines:  # a line within another is already in its parent's rate
            if ln.within is not None:
                self.budget[ln.within] -= self.budget[ln.code]
        self.transfers: list[dict[str, Any]] = []
        self.need: dict[str, int] = {}
        self.unfunded: dict[str, int] = {}
        self.rows: list[pl.DataFrame] = []

    def available(self, code: str) -> int:
        got = sum(t["satang"] for t in self.transfers if t["to"] == code)
        gave = sum(t["satang"] for t in self.transfers if t["from"] == code)
        return self.budget[code] + got - gave

    def move(self, src: str, dst: str, satang: int, reason: str) -> None:
        if satang > 0:
            self.transfers.append({"from": src, "to": dst, "satang": satang, "reason": reason})

    def giveable(self, code: str) -> int:
        ln = self.cfg.line(code)
        keep = 0
        if ln.method == "op_general" and self.cfg.op is not None:
            op = self.cfg.op
            per = op.qof_per_person + op.output_per_person + op.data_quality_per_person
            keep = to_satang(per, rounding=EXACT) * self.P
        return max(0, self.available(code) - keep)

    def cover(self, code: str, short: int) -> int:
        """Take ``short`` satang for line ``code`` from ``shortfall_from``, in order."""
        covered = 0
        for src in self.cfg.shortfall_from:
            if covered == short:
                break
            if src == code:
                continue
            give = min(short - covered, self.giveable(src))
            self.move(src, code, give, "shortfall")
            covered += give
        if covered < short:
            self.unfunded[code] = short - covered
        return covered

    def held(self, ln: Line, part: str = "held", amount: int | None = None) -> None:
        """Keep ``amount`` satang of line ``ln`` at NHSO (by default all it has) as ``part``."""
        amount = self.available(ln.code) if amount is None else amount
        if amount:
            th, en = PARTS[part]
            self.rows.append(one_row("nhso", "NHSO", ln.code, part, amount, th, en))
