"""The UC fund's yearly allocation: every line of the fiscal year shared out to units, local
funds, CUPs and provinces, exact to the satang, each amount with its reason.

Seed 003_efb95171d59d7c5f.txt (FY 2559). What each line's ``method`` does:

``op_general`` — บริการผู้ป่วยนอกทั่วไป, "บริหารแบบ Global budget ระดับเขต ... ภายใต้กลไก อปสข.":
  * per region r, three pots at the configured rate × the region's registered persons ``N_r``:
    QOF ("ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ ให้จ่ายตามเกณฑ์คุณภาพและผลงานบริการปฐมภูมิ"), shared
    among the region's units by QOF score × registered persons; output ("ให้จ่ายตามผลงานการ
    ให้บริการผู้ป่วยนอก", "2.1 ผลงานการให้บริการผู้ป่วยนอก จำนวน OP Visit"), by OP visits; data
    quality ("2.2 คุณภาพข้อมูล 3.00 บ/ปชก."), by data-quality score × registered persons (a
    per-person pot, so a unit's share grows with its persons as well as its score). A region
    whose units report no score (all zero) shares that pot by registered persons, and the
    report says so.
  * the rest ("ส่วนที่เหลือ ... ให้จ่ายแบบเหมาจ่ายตามจำนวนผู้มีสิทธิ", "ส่วนที่ 1 จ่ายแบบเหมาจ่ายต่อ
    ผู้มีสิทธิ ... 1.1 Diff by age ระดับจังหวัด/CUP 80% 1.2 Fixed rate 20%") is computed
    **nationally**: its 80 % is shared among provinces by age-weighted registered persons, "ปรับ
    อัตราตามโครงสร้างอายุของผู้มีสิทธิที่ลงทะเบียนในระดับจังหวัด ... ต่างจากค่าเฉลี่ยไม่เกินร้อยละ 10
    (ค่าเฉลี่ยประเทศ±10%)" — the average is the national one, so the pool is national — with the
    band kept by ``clamp.clamp_to_band``; a province's amount goes to its units by their
    age-weighted persons. The 20 % goes to every unit at one equal rate per registered person
    ("ในอัตราต่อผู้มีสิทธิเท่ากันทุกกลุ่มอายุ"). The band is applied to the rate of the 80 % part,
    the only part that differs between provinces: held within ±10 %, the whole capitation rate
    (with the equal 20 %) is within ±8 %, so either reading of "อัตราเหมาจ่ายรายหัว" is met.
  * A region's global budget is therefore the sum of its units' amounts: the three pots at the
    flat rate plus its provinces' age-adjusted capitation — a rate per person of its own, as the
    seed's region 3 sheet shows ("ค่าบริการทางการแพทย์เหมาจ่ายรายหัว ปี 2559 GB เขต 3 ได้รับ
    (บาท/ปชก.)", "วงเงิน GB เขต-3 ได้รับ (บาท) ... ,658,824,738.17"). ``op_regions`` shows it
    beside the flat rate × persons.

``ip_general`` — บริการผู้ป่วยในทั่วไป, "ค่าบริการ IP ตามระบบ DRG V 5" under a global budget:
  point value = the line's budget ÷ total AdjRW; each unit gets AdjRW × point value, split by
  the largest-remainder rule so the units add up to the budget exactly. The point value is
  reported exactly (a fraction), as a Decimal (40 significant digits) and rounded to the satang
  for display. The budget is national: the seed gives no regional IP ceiling.

``psychiatric`` — ผู้ป่วยจิตเวชเรื้อรังในชุมชน: "เฉลี่ยคนละ 6,000 บาท/ปี ให้หน่วยบริการตามจำนวน
  ผู้ป่วยจิตเภท หากผลงานมากกว่าเป้าหมายที่กำหนดไว้ต้นปีงบประมาณ ให้เฉลี่ยงบประมาณภายในระดับ
  จังหวัด/เขต และหรือกำหนดเพดานการให้งบประมาณ". Up to the target, the rate per patient. Over
  it, ``over_target``: ``average`` — the line's money averaged over all patients (never above
  the rate); ``cap`` — the rate for the target number of patients, shared by caseload; ``pay``
  — the rate for every patient. Whatever the line cannot pay is taken from ``shortfall_from``
  (below). The seed's district and province targets are not inputs: the average is national.

``dependent_elderly`` — ผู้สูงอายุที่มีภาวะพึ่งพิง: "500 ลบ. ให้กองทุนหลักประกันสุขภาพ อปท. ...
  อัตรา 5,000 บาท/ราย ตามจำนวนผู้สูงอายุ" and "100 ลบ. ให้ CUP ในพื้นที่ ... อัตราหนึ่งแสนบาท
  ต่อแห่ง". Each pot pays its rate when it can; when the pot is short it is averaged over the
  elders (or CUPs) and the report says the rate actually paid; money a pot does not need is
  held at NHSO (หมวด 1 ข้อ 14: "ให้ สปสช.จ่ายเงินที่เหลือ ... ตามจำนวนประชากรหรือผลงาน").

``capital_replacement`` — ค่าบริการทางการแพทย์ที่เบิกจ่ายในลักษณะงบลงทุน: the line is shared among
  main units by registered persons; for MOPH units "ไม่น้อยว่า 90% จ่ายตรงให้หน่วยบริการ ...
  ไม่เกิน 10% ให้บริหารระดับจังหวัด": in each province the MOPH units' total gives the province
  fund at most ``province_share_pct`` % (rounded *down* to the satang, so the ceiling holds), the
  rest goes to those units directly. Other units receive their share directly.

``per_person`` — shared among main units by registered persons. ``held`` — kept at NHSO and
  paid during the year by the line's own rules (claims, cases, lists): not shared out here.

Labour-cost deduction (หมวด 2 ส่วนที่ 10): "ให้สามารถปรับลดค่าแรงฯ เพิ่มจากที่สำนักงบประมาณกำหนด
  ได้ เพื่อกันไว้ปรับเกลี่ย ... ระดับประเทศไม่เกิน 1% ... ระดับเขต ... ไม่เกิน 2% ... เกิน 2% แต่
  ไม่เกิน 5% ให้คณะอนุกรรมการ ... พิจารณาอนุมัติ". For each line in ``applies_to``, the public
  units' amounts are the base: the national reserve is ``national_pct`` % of the national base,
  each region's reserve its ``pct`` % of the region's base (both rounded down), each taken
  from the public units in proportion to their amounts (negative rows) and shown as the
  nation's and regions' reserve (positive rows).

Shortfall (หมวด 1 ข้อ 13): "หากเงินที่กำหนดในรายการและประเภทบริการใดไม่เพียงพอ เนื่องจากผลงาน
  บริการมากกว่าเป้าหมายที่ได้รับงบประมาณ ให้ใช้เงินกองทุนจากรายการและประเภทบริการอื่นจ่ายไปก่อน".
  A line whose need exceeds its money takes the difference from the lines in
  ``shortfall_from``, in order, as far as each can give (OP gives from its capitation rest only:
  its QOF, output and data-quality pots are minimums), before those lines are shared out; every
  transfer is reported, and whatever no line could cover is reported as unfunded.

Exact money: see ``money`` for the one rounding rule and who gets a rounding satang.
For every line, budget + transfers in − transfers out = paid to units + paid to others + held,
to the satang (checked on every run: ``lines.difference_satang`` is 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

import polars as pl

from sitthi.rules.allocation.clamp import clamp_to_band
from sitthi.rules.allocation.config import (
    FiscalYear,
    Line,
    check_overall,
    config_hash,
)
from sitthi.rules.allocation.errors import ConfigError, problem
from sitthi.rules.allocation.inputs import Frame, Inputs, Prepared, prepare
from sitthi.rules.allocation.money import apportion, baht, split_satang, to_satang

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

ROUNDING_RULE = (
    "แบ่งเงินเป็นสตางค์ด้วยวิธีเศษเหลือมากที่สุด: ทุกส่วนได้ส่วนแบ่งปัดลงก่อน สตางค์ที่เหลือให้ส่วนที่มีเศษมาก"
    "ที่สุดส่วนละ 1 สตางค์ ถ้าเศษเท่ากันให้รหัสน้อยกว่าก่อน",
    "Amounts are split in satang by the largest remainder: every part first gets its share "
    "rounded down; the satang left go one each to the parts with the largest fractions; equal "
    "fractions go to the lower code first.",
)


@dataclass(frozen=True)
class Result:
    """One run. ``by_unit``: unit, province, region, line, part, amount_satang, rounding,
    basis_th, basis_en (deductions are negative rows). ``by_payee``: the same with payee_kind
    (cup, local_fund, province, region, nation, nhso) and payee instead of unit.
    ``by_province`` / ``by_region``: amount by line (units and payees located there).
    ``lines``: the reconciliation per line. ``op_provinces`` / ``op_regions``: the OP
    capitation's province rates and the regional global budgets. ``report``: the clamp, the IP
    point value, transfers, rounding, notes."""

    fy: int
    config_hash: str
    by_unit: pl.DataFrame
    by_payee: pl.DataFrame
    by_province: pl.DataFrame
    by_region: pl.DataFrame
    lines: pl.DataFrame
    op_provinces: pl.DataFrame
    op_regions: pl.DataFrame
    report: dict[str, Any] = field(default_factory=dict)


def allocate(
    cfg: FiscalYear, population: Frame, units: Frame, inputs: Inputs | None = None
) -> Result:
    """Allocate fiscal year ``cfg`` over ``population`` (persons or counts by unit and age
    group), ``units`` and the year's ``inputs`` (see ``inputs`` for the frames' columns)."""
    prep = prepare(cfg, population, units, inputs or Inputs())
    if cfg.totals.overall is not None and cfg.registered_persons is None:
        check_overall(cfg, prep.persons)
    return _Run(cfg, prep).result()


# -- helpers ------------------------------------------------------------------------------------


def _b(e: pl.Expr) -> pl.Expr:
    """Non-negative satang as baht text, 1234.56."""
    return pl.format("{}.{}", e // 100, (e % 100).cast(pl.Utf8).str.zfill(2))


def _d4(e: pl.Expr) -> pl.Expr:
    """Non-negative ten-thousandths as text, 12.3456."""
    return pl.format("{}.{}", e // 10_000, (e % 10_000).cast(pl.Utf8).str.zfill(4))


def _rate(satang: int | Fraction, persons: int, places: str = "0.0001") -> Decimal:
    """Baht per person as a Decimal rounded for display."""
    if persons == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 40
        value = Decimal(Fraction(satang).numerator) / Decimal(Fraction(satang).denominator)
        return (value / persons / 100).quantize(Decimal(places), ROUND_HALF_UP)


def _exact_decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(x.numerator) / Decimal(x.denominator)


def _rows(
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


def _one(
    kind: str, payee: str, line: str, part: str, amount: int, th: str, en: str,
    province: str | None = None, region: int | None = None,
) -> pl.DataFrame:  # fmt: skip
    return pl.DataFrame(
        [[kind], [payee], [province], [region], [line], [part], [amount], [0], [th], [en]],
        schema=ROWS,
        orient="col",
    )


class _Run:
    def __init__(self, cfg: FiscalYear, prep: Prepared) -> None:
        self.cfg, self.prep, self.P = cfg, prep, prep.persons
        self.units = prep.units
        self.budget = {ln.code: ln.budget_satang(self.P) for ln in cfg.lines}
        for ln in cfg.lines:  # a line within another is already in its parent's rate
            if ln.within is not None:
                self.budget[ln.within] -= self.budget[ln.code]
        self.transfers: list[dict[str, Any]] = []
        self.need: dict[str, int] = {}
        self.unfunded: dict[str, int] = {}
        self.rows: list[pl.DataFrame] = []
        self.notes: list[dict[str, str]] = []
        self.report: dict[str, Any] = {
            "fy": cfg.fy,
            "config_hash": config_hash(cfg),
            "persons": self.P,
            "population_date": cfg.population_date.isoformat(),
            "rounding_rule": {"th": ROUNDING_RULE[0], "en": ROUNDING_RULE[1]},
        }
        self.op_provinces = pl.DataFrame()
        self.op_regions = pl.DataFrame()

    # -- the ledger -------------------------------------------------------------------------
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
            keep = to_satang(per) * self.P
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

    # -- the run ----------------------------------------------------------------------------
    def result(self) -> Result:
        cfg = self.cfg
        for ln in cfg.lines:
            if ln.within is not None and ln.returned_to_parent:
                self.move(ln.code, ln.within, self.available(ln.code), "returned_to_parent")
        # lines paid by need first: what they lack is taken before the others are shared out
        order = sorted(cfg.lines, key=lambda ln: ln.method != "psychiatric")
        for ln in order:
            method = ln.method
            if method == "psychiatric":
                self._psychiatric(ln)
            elif method == "op_general":
                self._op(ln)
            elif method == "ip_general":
                self._ip(ln)
            elif method == "dependent_elderly":
                self._elderly(ln)
            elif method == "capital_replacement":
                self._capital(ln)
            elif method == "per_person":
                self._per_person(ln)
            else:
                self._held(ln)
        if cfg.labour_cost is not None:
            self._labour()
        return self._assemble()

    def _held(self, ln: Line, part: str = "held", amount: int | None = None) -> None:
        amount = self.available(ln.code) if amount is None else amount
        if amount:
            th, en = PARTS[part]
            self.rows.append(_one("nhso", "NHSO", ln.code, part, amount, th, en))

    # -- OP ---------------------------------------------------------------------------------
    def _op(self, ln: Line) -> None:
        op = self.cfg.op
        assert op is not None
        budget = self.available(ln.code)
        u = self.units.with_columns(pl.col("persons").sum().over("region").alias("region_persons"))
        pots = {
            "qof": (to_satang(op.qof_per_person), pl.col("qof_e2") * pl.col("persons")),
            "output": (to_satang(op.output_per_person), pl.col("op_visits")),
            "data_quality": (
                to_satang(op.data_quality_per_person),
                pl.col("dq_e2") * pl.col("persons"),
            ),
        }
        pots_total = sum(rate for rate, _ in pots.values()) * self.P
        rest = budget - pots_total
        if rest < 0:
            raise ConfigError(
                [problem("op", "ALLOC_OP_PARTS_EXCEED_BUDGET", f"{pots_total} > {budget} satang")]
            )
        fallbacks: list[dict[str, Any]] = []
        for part, (rate, weight) in pots.items():
            f = (
                u.with_columns(weight.alias("w"), (pl.col("region_persons") * rate).alias("pot"))
                .with_columns(pl.col("w").sum().over("region").alias("W"))
                .with_columns(
                    (pl.col("W") == 0).alias("fallback"),
                    pl.when(pl.col("W") == 0).then(pl.col("persons")).otherwise("w").alias("w"),
                )
                .with_columns(pl.col("w").sum().over("region").alias("W"))
            )
            f = split_satang(f, total="pot", weight="w", key="unit", by=["region"])
            for r in f.filter(pl.col("fallback") & (pl.col("pot") > 0))["region"].unique().sort():
                fallbacks.append({"part": part, "region": int(r)})
            rate_b = str(baht(rate))
            share_th = pl.format(
                "{} จาก {} ของวงเงินเขต {} = {} บาท ({} บาท × {} คน)",
                "w", "W", "region", _b(pl.col("pot")), pl.lit(rate_b), "region_persons",
            )  # fmt: skip
            share_en = pl.format(
                "{} of {} of region {}'s pot {} baht ({} baht × {} persons)",
                "w", "W", "region", _b(pl.col("pot")), pl.lit(rate_b), "region_persons",
            )  # fmt: skip
            if part == "output":
                what_th = pl.format("OP {} ครั้ง: ", "op_visits")
                what_en = pl.format("{} OP visits: ", "op_visits")
            else:
                score = "qof_e2" if part == "qof" else "dq_e2"
                what_th = pl.format("คะแนน {} × ผู้มีสิทธิ {} คน: ", _b(pl.col(score)), "persons")
                what_en = pl.format("score {} × {} persons: ", _b(pl.col(score)), "persons")
            fb_th = pl.format("ไม่มีคะแนนในเขต แบ่งตามผู้มีสิทธิ {} คน: ", "persons")
            fb_en = pl.format("no scores in the region, by {} registered persons: ", "persons")
            th = pl.when(pl.col("fallback")).then(fb_th).otherwise(what_th) + share_th
            en = pl.when(pl.col("fallback")).then(fb_en).otherwise(what_en) + share_en
            self.rows.append(
                _rows(f.filter(pl.col("amount") != 0), kind="unit", payee="unit",
                      line=ln.code, part=part, th=th, en=en)
            )  # fmt: skip

        age_pool, equal_pool = (
            a
            for a, _ in apportion(
                rest, [op.age_adjusted_share_pct, op.equal_share_pct], ["age_adjusted", "equal"]
            )
        )
        self._op_age(ln, op.band_pct, age_pool, op.age_adjusted_share_pct)
        # the equal 20 %: one rate per registered person, nationally
        f = split_satang(
            self.units.with_columns(pl.lit(equal_pool).alias("pot")),
            total="pot", weight="persons", key="unit",
        )  # fmt: skip
        rate_txt = str(_rate(equal_pool, self.P))
        self.rows.append(
            _rows(
                f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
                part="equal",
                th=pl.format("ผู้มีสิทธิ {} คน จาก {} คน ของวงเงิน {} บาท (≈ {} บาท/คน)",
                             "persons", pl.lit(self.P), _b(pl.lit(equal_pool)), pl.lit(rate_txt)),
                en=pl.format("{} of {} registered persons, of {} baht (≈ {} baht per person)",
                             "persons", pl.lit(self.P), _b(pl.lit(equal_pool)), pl.lit(rate_txt)),
            )
        )  # fmt: skip
        self.report["op"] = {
            "budget_satang": budget,
            "pots_satang": {k: rate * self.P for k, (rate, _) in pots.items()},
            "capitation_rest_satang": rest,
            "age_adjusted_pool_satang": age_pool,
            "equal_pool_satang": equal_pool,
            "equal_rate_baht": _rate(equal_pool, self.P),
            "fallbacks": fallbacks,
            **self.report.get("op", {}),
        }
        for fb in fallbacks:
            self.notes.append(
                {
                    "th": f"เขต {fb['region']}: ไม่มีคะแนน {fb['part']} แบ่งตามจำนวนผู้มีสิทธิ",
                    "en": f"Region {fb['region']}: no {fb['part']} scores; shared by persons",
                }
            )
        self._op_regions(ln)

    def _op_age(self, ln: Line, band: Decimal, pool: int, share: Decimal) -> None:
        prov = self.prep.provinces.filter(pl.col("persons") > 0).sort("province")
        codes = prov["province"].to_list()
        n = prov["persons"].to_list()
        m = prov["index_persons"].to_list()
        c = clamp_to_band(pool, n, m, band)
        before = apportion(pool, m, codes)
        after = apportion(pool, list(c.amounts), codes)
        moved = sum(max(0, b - a) for (b, _), (a, _) in zip(before, after, strict=True))
        self.op_provinces = pl.DataFrame(
            {
                "province": codes,
                "region": prov["region"].to_list(),
                "persons": n,
                "index_persons_e4": m,
                "amount_before_satang": [b for b, _ in before],
                "amount_satang": [a for a, _ in after],
                "rounding": [r for _, r in after],
                "rate_before_baht": [_rate(b, k) for (b, _), k in zip(before, n, strict=True)],
                "rate_baht": [_rate(a, k) for (a, _), k in zip(after, n, strict=True)],
                "clamped": list(c.state),
            },
            schema_overrides={
                "region": pl.Int64,
                "rate_before_baht": pl.Decimal(20, 4),
                "rate_baht": pl.Decimal(20, 4),
                "clamped": pl.Utf8,
            },
        ).with_columns(
            (pl.col("amount_satang") - pl.col("amount_before_satang")).alias("moved_satang")
        )
        self.report["op"] = {
            "age_adjusted_share_pct": share,
            "clamp": {
                "band_pct": band,
                "national_rate_baht": _rate(c.average, 1),
                "band_low_baht": _rate(c.low, 1),
                "band_high_baht": _rate(c.high, 1),
                "level": f"{c.level.numerator}/{c.level.denominator}",
                "iterations": c.iterations,
                "moved_satang": moved,
                "clamped_high": [p for p, s in zip(codes, c.state, strict=True) if s == "high"],
                "clamped_low": [p for p, s in zip(codes, c.state, strict=True) if s == "low"],
            },
        }
        per_prov = self.op_provinces.select(
            "province",
            pl.col("amount_satang").alias("pot"),
            pl.col("rate_baht").cast(pl.Utf8).alias("prov_rate"),
            pl.col("clamped"),
        )
        f = self.units.join(per_prov, on="province", how="left").with_columns(
            pl.col("pot").fill_null(0)
        )
        f = split_satang(f, total="pot", weight="index_persons", key="unit", by=["province"])
        f = f.with_columns(pl.col("index_persons").sum().over("province").alias("M"))
        clamp_th = (
            pl.when(pl.col("clamped") == "high")
            .then(pl.lit(" ปรับลดลงมาที่เพดานบน"))
            .when(pl.col("clamped") == "low")
            .then(pl.lit(" ปรับขึ้นมาที่เพดานล่าง"))
            .otherwise(pl.lit(""))
        )
        clamp_en = (
            pl.when(pl.col("clamped") == "high")
            .then(pl.lit(", held down at the band's top"))
            .when(pl.col("clamped") == "low")
            .then(pl.lit(", raised to the band's bottom"))
            .otherwise(pl.lit(""))
        )
        self.rows.append(
            _rows(
                f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
                part="age_adjusted",
                th=pl.format(
                    "ผู้มีสิทธิถ่วงดัชนีอายุ {} จาก {} ของจังหวัด {} วงเงินจังหวัด {} บาท "
                    "(อัตรา {} บาท/คน{}, ค่าเฉลี่ยประเทศ ±{}%)",
                    _d4(pl.col("index_persons")), _d4(pl.col("M")), "province",
                    _b(pl.col("pot")), "prov_rate", clamp_th, pl.lit(str(band)),
                ),
                en=pl.format(
                    "{} of {} age-weighted persons of province {}, whose amount is {} baht "
                    "({} baht per person{}; national average ±{} %)",
                    _d4(pl.col("index_persons")), _d4(pl.col("M")), "province",
                    _b(pl.col("pot")), "prov_rate", clamp_en, pl.lit(str(band)),
                ),
            )
        )  # fmt: skip

    def _op_regions(self, ln: Line) -> None:
        parts = (
            pl.concat([pl.DataFrame(schema=ROWS), *self.rows])
            .filter(pl.col("line") == ln.code)
            .group_by("region")
            .agg(
                *(
                    pl.col("amount_satang").filter(pl.col("part") == p).sum().alias(f"{p}_satang")
                    for p in ("qof", "output", "data_quality", "age_adjusted", "equal")
                ),
                pl.col("amount_satang").sum().alias("global_budget_satang"),
            )
        )  # fmt: skip
        persons = self.units.group_by("region").agg(pl.col("persons").sum())
        flat = ln.rate is not None and ln.kind == "per_person"
        rate = to_satang(ln.rate) if flat and ln.rate is not None else None
        self.op_regions = (
            persons.join(parts, on="region", how="left")
            .with_columns(pl.exclude("region", "persons").fill_null(0))
            .with_columns(
                (pl.col("persons") * rate if rate is not None else pl.lit(None, pl.Int64)).alias(
                    "flat_budget_satang"
                )
            )
            .with_columns(
                (pl.col("global_budget_satang") - pl.col("flat_budget_satang")).alias(
                    "age_adjustment_satang"
                )
            )
            .sort("region")
        )

    # -- IP ---------------------------------------------------------------------------------
    def _ip(self, ln: Line) -> None:
        budget = self.available(ln.code)
        total = int(self.units["adjrw_e4"].sum())
        if total == 0:
            self._held(ln, "held", budget)
            self.notes.append(
                {
                    "th": f"{ln.code}: ไม่มี AdjRW เงินทั้งหมดเก็บไว้ที่ สปสช.",
                    "en": f"{ln.code}: no AdjRW reported; the whole budget is held at NHSO",
                }
            )
            self.report["ip"] = {"budget_satang": budget, "total_adjrw": Decimal(0)}
            return
        pv = Fraction(budget * 100, total)  # baht per AdjRW = (budget/100) / (total/10^4)
        shown = _exact_decimal(pv).quantize(Decimal("0.01"), ROUND_HALF_UP)
        self.report["ip"] = {
            "budget_satang": budget,
            "total_adjrw": Decimal(total) / 10_000,
            "point_value": _exact_decimal(pv),
            "point_value_fraction": f"{pv.numerator}/{pv.denominator}",
            "point_value_display": shown,
        }
        f = split_satang(
            self.units.with_columns(pl.lit(budget).alias("pot")),
            total="pot", weight="adjrw_e4", key="unit",
        )  # fmt: skip
        self.rows.append(
            _rows(
                f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
                part="drg",
                th=pl.format("AdjRW {} × {} บาท/AdjRW (วงเงิน {} บาท ÷ AdjRW รวม {})",
                             _d4(pl.col("adjrw_e4")), pl.lit(str(shown)), _b(pl.lit(budget)),
                             _d4(pl.lit(total))),
                en=pl.format("AdjRW {} × {} baht per AdjRW (budget {} baht ÷ total AdjRW {})",
                             _d4(pl.col("adjrw_e4")), pl.lit(str(shown)), _b(pl.lit(budget)),
                             _d4(pl.lit(total))),
            )
        )  # fmt: skip

    # -- psychiatric ----------------------------------------------------------------------------
    def _psychiatric(self, ln: Line) -> None:
        rules = self.cfg.psychiatric
        assert rules is not None
        rate = to_satang(rules.per_patient)
        patients = int(self.units["psychiatric_patients"].sum())
        money = self.available(ln.code)
        over = patients > rules.target_patients
        if not over or rules.over_target == "pay":
            need = rate * patients
        elif rules.over_target == "cap":
            need = rate * rules.target_patients
        else:  # average: the line's money over every patient, never above the rate
            need = min(money, rate * patients)
        self.need[ln.code] = need
        if need > money:
            money += self.cover(ln.code, need - money)
        paid = min(need, money)
        f = split_satang(
            self.units.with_columns(pl.lit(paid).alias("pot")),
            total="pot", weight="psychiatric_patients", key="unit",
        )  # fmt: skip
        per = _rate(paid, patients, "0.01") if patients else Decimal(0)
        rule_th = (
            {
                "average": "เกินเป้าหมาย เฉลี่ยงบประมาณ",
                "cap": f"เกินเป้าหมาย จ่ายถึงเพดาน {rules.target_patients} คน",
                "pay": "เกินเป้าหมาย จ่ายทุกคน",
            }[rules.over_target]
            if over
            else "ไม่เกินเป้าหมาย"
        )
        rule_en = (
            {
                "average": "over target: the budget averaged",
                "cap": f"over target: paid up to the cap of {rules.target_patients} patients",
                "pay": "over target: every patient paid",
            }[rules.over_target]
            if over
            else "within target"
        )
        self.rows.append(
            _rows(
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
        self._held(ln, "unspent", self.available(ln.code) - paid)
        self.report["psychiatric"] = {
            "patients": patients,
            "target_patients": rules.target_patients,
            "over_target": over,
            "rule": rules.over_target,
            "need_satang": need,
            "paid_satang": paid,
            "paid_per_patient_baht": per,
        }

    # -- dependent elderly ------------------------------------------------------------------
    def _elderly(self, ln: Line) -> None:
        rules = self.cfg.dependent_elderly
        assert rules is not None
        money = self.available(ln.code)
        fund_pot = min(to_satang(rules.local_fund_pot), money)
        cup_pot = min(to_satang(rules.cup_pot), money - fund_pot)
        report: dict[str, Any] = {}
        paid_total = 0
        for kind, frame, count_col, rate, pot, key in (
            ("local_fund", self.prep.elders, "elders", rules.per_elder, fund_pot, "local_fund"),
            ("cup", self.prep.cups.with_columns(pl.lit(1).alias("one")), "one",
             rules.per_cup, cup_pot, "cup"),
        ):  # fmt: skip
            count = int(frame[count_col].sum()) if frame.height else 0
            need = to_satang(rate) * count
            paid = min(need, pot)
            paid_total += paid
            averaged = need > pot
            per = _rate(paid, count, "0.01") if count else Decimal(0)
            report[kind] = {
                "count": count,
                "need_satang": need,
                "pot_satang": pot,
                "paid_satang": paid,
                "averaged": averaged,
                "paid_per_item_baht": per,
            }
            if averaged:
                self.notes.append(
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
                f"averaged {per} baht (short of the {rate} rate)"
                if averaged
                else f"{rate} baht each"
            )
            if kind == "local_fund":
                th = pl.format("ผู้สูงอายุที่มีภาวะพึ่งพิง {} คน, {}", "elders", pl.lit(how_th))
                en = pl.format("{} dependent elders, {}", "elders", pl.lit(how_en))
                part = "elders"
            else:
                th = pl.format("CUP ที่ร่วมดำเนินการ LTC, {}", pl.lit(how_th))
                en = pl.format("CUP taking part in LTC, {}", pl.lit(how_en))
                part = "cup"
            self.rows.append(
                _rows(f.filter(pl.col("amount") != 0), kind=kind, payee=key, line=ln.code,
                      part=part, th=th, en=en)
            )  # fmt: skip
        self.need[ln.code] = report["local_fund"]["need_satang"] + report["cup"]["need_satang"]
        self._held(ln, "unspent", money - paid_total)
        self.report["dependent_elderly"] = report

    # -- capital replacement ----------------------------------------------------------------
    def _capital(self, ln: Line) -> None:
        rules = self.cfg.capital
        assert rules is not None
        budget = self.available(ln.code)
        f = split_satang(
            self.units.with_columns(pl.lit(budget).alias("pot")),
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
        pb = _b(pl.lit(budget))
        self.rows.append(
            _rows(
                others, kind="unit", payee="unit", line=ln.code, part="direct",
                th=pl.format(text[0], "persons", pl.lit(self.P), pb),
                en=pl.format(text[1], "persons", pl.lit(self.P), pb),
            )
        )  # fmt: skip
        self.rows.append(
            _rows(
                moph.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
                part="direct",
                th=pl.format(text[0] + " = {} บาท; หน่วยบริการสังกัด สป.สธ. รับตรงไม่น้อยกว่า {}% "
                             "(ส่วนแบ่งจากเงินหน่วยบริการ สป.สธ. ในจังหวัด {} บาท หลังกันไว้ระดับจังหวัด {} บาท)",
                             "persons", pl.lit(self.P), pb, _b(pl.col("share")),
                             pl.lit(str(rules.unit_share_pct)), _b(pl.col("T")), _b(pl.col("fund"))),
                en=pl.format(text[1] + " = {} baht; an MOPH unit receives at least {} % directly "
                             "(its share of the province's MOPH {} baht after {} baht kept at "
                             "province level)",
                             "persons", pl.lit(self.P), pb, _b(pl.col("share")),
                             pl.lit(str(rules.unit_share_pct)), _b(pl.col("T")), _b(pl.col("fund"))),
            )
        )  # fmt: skip
        self.rows.append(
            _rows(
                per_prov.filter(pl.col("fund") != 0), kind="province", payee="province",
                line=ln.code, part="province_fund", amount="fund",
                th=pl.format("ไม่เกินร้อยละ {} ของเงินหน่วยบริการ สป.สธ. ในจังหวัด {} บาท (ปัดลง)",
                             pl.lit(str(rules.province_share_pct)), _b(pl.col("T"))),
                en=pl.format("at most {} % of the province's MOPH units' {} baht (rounded down)",
                             pl.lit(str(rules.province_share_pct)), _b(pl.col("T"))),
            )
        )  # fmt: skip
        self.report["capital"] = {
            "budget_satang": budget,
            "moph_satang": int(per_prov["T"].sum()) if per_prov.height else 0,
            "province_funds_satang": int(per_prov["fund"].sum()) if per_prov.height else 0,
        }

    def _per_person(self, ln: Line) -> None:
        budget = self.available(ln.code)
        f = split_satang(
            self.units.with_columns(pl.lit(budget).alias("pot")),
            total="pot", weight="persons", key="unit",
        )  # fmt: skip
        pb = _b(pl.lit(budget))
        self.rows.append(
            _rows(
                f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
                part="persons",
                th=pl.format("ผู้มีสิทธิ {} คน จาก {} คน ของวงเงิน {} บาท", "persons", pl.lit(self.P), pb),
                en=pl.format("{} of {} registered persons, of {} baht", "persons", pl.lit(self.P), pb),
            )
        )  # fmt: skip

    # -- labour-cost deduction --------------------------------------------------------------
    def _labour(self) -> None:
        rules = self.cfg.labour_cost
        assert rules is not None
        public = self.units.filter(pl.col("public")).select("unit")
        rows = pl.concat(self.rows)
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
            self.rows.append(
                _rows(
                    f.filter(pl.col("amount") != 0).with_columns(-pl.col("amount")),
                    kind="unit", payee="unit", line=code, part="labour_national",
                    th=pl.format("หัก {}% ของเงินหน่วยบริการภาครัฐ {} บาท (ส่วนของหน่วย {} บาท)",
                                 pl.lit(str(rules.national_pct)), _b(pl.lit(total)),
                                 _b(pl.col("base"))),
                    en=pl.format("{} % of the public units' {} baht (this unit's {} baht)",
                                 pl.lit(str(rules.national_pct)), _b(pl.lit(total)),
                                 _b(pl.col("base"))),
                )
            )  # fmt: skip
            if reserve:
                th, en = PARTS["labour_national"]
                self.rows.append(_one("nation", "TH", code, "labour_national", reserve, th, en))
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
            self.rows.append(
                _rows(
                    f.filter(pl.col("amount") != 0).with_columns(-pl.col("amount")),
                    kind="unit", payee="unit", line=code, part="labour_regional",
                    th=pl.format("หัก {}% ของเงินหน่วยบริการภาครัฐในเขต {} บาท (ส่วนของหน่วย {} บาท)",
                                 "pct", _b(pl.col("R")), _b(pl.col("base"))),
                    en=pl.format("{} % of the region's public units' {} baht (this unit's {} baht)",
                                 "pct", _b(pl.col("R")), _b(pl.col("base"))),
                )
            )  # fmt: skip
            th, en = PARTS["labour_regional"]
            for region, amount in reserves.items():
                if amount:
                    self.rows.append(
                        _one("region", str(region), code, "labour_regional", amount, th, en,
                             region=region)
                    )  # fmt: skip
            summary["regional_satang"][code] = reserves
        self.report["labour_cost"] = summary

    # -- the result -------------------------------------------------------------------------
    def _assemble(self) -> Result:
        cfg = self.cfg
        rows = pl.concat([pl.DataFrame(schema=ROWS), *self.rows], how="vertical")
        line_order = pl.col("line").replace_strict(
            {ln.code: i for i, ln in enumerate(cfg.lines)}, return_dtype=pl.Int64
        )
        part_order = pl.col("part").replace_strict(
            {p: i for i, p in enumerate(PARTS)}, return_dtype=pl.Int64
        )
        by_unit = (
            rows.filter(pl.col("payee_kind") == "unit")
            .drop("payee_kind")
            .rename({"payee": "unit"})
            .sort(pl.col("unit"), line_order, part_order)
        )
        by_payee = rows.filter(pl.col("payee_kind") != "unit").sort(
            pl.col("payee_kind"), pl.col("payee"), line_order, part_order
        )
        paid = rows.group_by("line").agg(
            pl.col("amount_satang").filter(pl.col("payee_kind") == "unit").sum().alias("u"),
            pl.col("amount_satang")
            .filter(~pl.col("payee_kind").is_in(["unit", "nhso"]))
            .sum()
            .alias("o"),
            pl.col("amount_satang").filter(pl.col("payee_kind") == "nhso").sum().alias("h"),
            pl.col("rounding").sum().alias("r"),
        )
        sums = {line: (u, o, h, r) for line, u, o, h, r in paid.iter_rows()}
        table = []
        for ln in cfg.lines:
            t_in = sum(t["satang"] for t in self.transfers if t["to"] == ln.code)
            t_out = sum(t["satang"] for t in self.transfers if t["from"] == ln.code)
            u, o, h, r = sums.get(ln.code, (0, 0, 0, 0))
            available = self.budget[ln.code] + t_in - t_out
            table.append(
                {
                    "line": ln.code,
                    "name_th": ln.name_th,
                    "name_en": ln.name_en,
                    "method": ln.method,
                    "capitation": ln.capitation,
                    "within": ln.within,
                    "budget_satang": self.budget[ln.code],
                    "transfer_in_satang": t_in,
                    "transfer_out_satang": t_out,
                    "available_satang": available,
                    "need_satang": self.need.get(ln.code),
                    "unfunded_satang": self.unfunded.get(ln.code, 0),
                    "to_units_satang": u,
                    "to_others_satang": o,
                    "held_satang": h,
                    "rounding_satang": r,
                    "difference_satang": available - u - o - h,
                }
            )
        lines = pl.DataFrame(table, schema_overrides={"within": pl.Utf8, "need_satang": pl.Int64})
        bad = lines.filter(pl.col("difference_satang") != 0)
        if bad.height:  # an invariant of the computation, not an input problem
            raise AssertionError(f"lines do not reconcile: {bad.to_dicts()}")
        located = rows.filter(pl.col("province").is_not_null())
        by_province = (
            located.group_by("province", "line")
            .agg(
                pl.col("amount_satang").filter(pl.col("payee_kind") == "unit").sum().alias("to_units_satang"),
                pl.col("amount_satang").filter(pl.col("payee_kind") != "unit").sum().alias("to_others_satang"),
                pl.col("amount_satang").sum().alias("amount_satang"),
            )
            .join(self.prep.provinces.select("province", "region"), on="province", how="left")
            .select("province", "region", "line", "to_units_satang", "to_others_satang", "amount_satang")
            .sort("province", "line")
        )  # fmt: skip
        by_region = (
            rows.filter(pl.col("region").is_not_null())
            .group_by("region", "line")
            .agg(
                pl.col("amount_satang").filter(pl.col("payee_kind") == "unit").sum().alias("to_units_satang"),
                pl.col("amount_satang").filter(pl.col("payee_kind") != "unit").sum().alias("to_others_satang"),
                pl.col("amount_satang").sum().alias("amount_satang"),
            )
            .sort("region", "line")
        )  # fmt: skip
        self.report["transfers"] = self.transfers
        self.report["unfunded"] = [{"line": k, "satang": v} for k, v in self.unfunded.items()]
        self.report["rounding"] = {
            row["line"]: row["rounding_satang"] for row in table if row["rounding_satang"]
        }
        self.report["notes"] = self.notes
        return Result(
            fy=cfg.fy,
            config_hash=self.report["config_hash"],
            by_unit=by_unit,
            by_payee=by_payee,
            by_province=by_province,
            by_region=by_region,
            lines=lines,
            op_provinces=self.op_provinces,
            op_regions=self.op_regions,
            report=self.report,
        )


# -- a unit's own statement -------------------------------------------------------------------


def unit_statement(result: Result, unit: str) -> list[dict[str, Any]]:
    """What ``unit`` receives and why, line by line, in Thai and English, with a total row. A
    unit whose code is a CUP code also sees what its CUP receives for LTC."""
    names = {r["line"]: (r["name_th"], r["name_en"]) for r in result.lines.iter_rows(named=True)}
    own = result.by_unit.filter(pl.col("unit") == unit).drop("unit")
    cup = result.by_payee.filter((pl.col("payee_kind") == "cup") & (pl.col("payee") == unit)).drop(
        "payee_kind", "payee"
    )
    out: list[dict[str, Any]] = []
    total = 0
    for row in pl.concat([own, cup], how="vertical_relaxed").iter_rows(named=True):
        line_th, line_en = names.get(row["line"], (row["line"], row["line"]))
        part_th, part_en = PARTS.get(row["part"], (row["part"], row["part"]))
        extra_th = " รวมเศษ 1 สตางค์จากการปัดเศษ" if row["rounding"] else ""
        extra_en = " (includes 1 satang from rounding)" if row["rounding"] else ""
        total += row["amount_satang"]
        out.append(
            {
                "line": row["line"],
                "part": row["part"],
                "amount_satang": row["amount_satang"],
                "amount_baht": baht(row["amount_satang"]),
                "rounding": row["rounding"],
                "text_th": f"{line_th} — {part_th}: {row['basis_th']}{extra_th}",
                "text_en": f"{line_en} — {part_en}: {row['basis_en']}{extra_en}",
            }
        )
    out.append(
        {
            "line": None,
            "part": "total",
            "amount_satang": total,
            "amount_baht": baht(total),
            "rounding": sum(r["rounding"] for r in out),
            "text_th": f"รวมทั้งสิ้น หน่วยบริการ {unit}",
            "text_en": f"Total for unit {unit}",
        }
    )
    return out
