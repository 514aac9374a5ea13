"""``op_general`` — seed 003_efb95171d59d7c5f.txt, หมวด 2 ส่วนที่ 1 บริการผู้ป่วยนอกทั่วไป,
"บริหารแบบ Global budget ระดับเขต ... ภายใต้กลไก อปสข.":

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

The line gives to a short line (``shortfall_from``) from its capitation rest only: the three
pots are minimums (``Ledger.giveable``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from sitthi.rules.allocation.clamp import clamp_to_band
from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.errors import ConfigError, problem
from sitthi.rules.allocation.ledger import ROWS, frame_rows
from sitthi.rules.allocation.methods.common import baht_text, display_rate, e4_text
from sitthi.rules.allocation.money import apportion, split_satang
from sitthi.rules.kernel.money import EXACT, baht, to_satang

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def op_general(run: Run, ln: Line) -> None:
    """The OP global budget: the three regional pots, then the capitation rest (80 % by
    age-adjusted persons per province within the band, 20 % at one equal rate)."""
    op = run.cfg.op
    assert op is not None
    budget = run.ledger.available(ln.code)
    u = run.units.with_columns(pl.col("persons").sum().over("region").alias("region_persons"))
    pots = {
        "qof": (to_satang(op.qof_per_person, rounding=EXACT), pl.col("qof_e2") * pl.col("persons")),
        "output": (to_satang(op.output_per_person, rounding=EXACT), pl.col("op_visits")),
        "data_quality": (
            to_satang(op.data_quality_per_person, rounding=EXACT),
            pl.col("dq_e2") * pl.col("persons"),
        ),
    }
    pots_total = sum(rate for rate, _ in pots.values()) * run.P
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
            "w", "W", "region", baht_text(pl.col("pot")), pl.lit(rate_b), "region_persons",
        )  # fmt: skip
        share_en = pl.format(
            "{} of {} of region {}'s pot {} baht ({} baht × {} persons)",
            "w", "W", "region", baht_text(pl.col("pot")), pl.lit(rate_b), "region_persons",
        )  # fmt: skip
        if part == "output":
            what_th = pl.format("OP {} ครั้ง: ", "op_visits")
            what_en = pl.format("{} OP visits: ", "op_visits")
        else:
            score = "qof_e2" if part == "qof" else "dq_e2"
            what_th = pl.format("คะแนน {} × ผู้มีสิทธิ {} คน: ", baht_text(pl.col(score)), "persons")
            what_en = pl.format("score {} × {} persons: ", baht_text(pl.col(score)), "persons")
        fb_th = pl.format("ไม่มีคะแนนในเขต แบ่งตามผู้มีสิทธิ {} คน: ", "persons")
        fb_en = pl.format("no scores in the region, by {} registered persons: ", "persons")
        th = pl.when(pl.col("fallback")).then(fb_th).otherwise(what_th) + share_th
        en = pl.when(pl.col("fallback")).then(fb_en).otherwise(what_en) + share_en
        run.ledger.rows.append(
            frame_rows(f.filter(pl.col("amount") != 0), kind="unit", payee="unit",
                       line=ln.code, part=part, th=th, en=en)
        )  # fmt: skip

    age_pool, equal_pool = (
        a
        for a, _ in apportion(
            rest, [op.age_adjusted_share_pct, op.equal_share_pct], ["age_adjusted", "equal"]
        )
    )
    _age_adjusted(run, ln, op.band_pct, age_pool, op.age_adjusted_share_pct)
    # the equal 20 %: one rate per registered person, nationally
    f = split_satang(
        run.units.with_columns(pl.lit(equal_pool).alias("pot")),
        total="pot", weight="persons", key="unit",
    )  # fmt: skip
    rate_txt = str(display_rate(equal_pool, run.P))
    run.ledger.rows.append(
        frame_rows(
            f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="equal",
            th=pl.format("ผู้มีสิทธิ {} คน จาก {} คน ของวงเงิน {} บาท (≈ {} บาท/คน)",
                         "persons", pl.lit(run.P), baht_text(pl.lit(equal_pool)), pl.lit(rate_txt)),
            en=pl.format("{} of {} registered persons, of {} baht (≈ {} baht per person)",
                         "persons", pl.lit(run.P), baht_text(pl.lit(equal_pool)), pl.lit(rate_txt)),
        )
    )  # fmt: skip
    run.report["op"] = {
        "budget_satang": budget,
        "pots_satang": {k: rate * run.P for k, (rate, _) in pots.items()},
        "capitation_rest_satang": rest,
        "age_adjusted_pool_satang": age_pool,
        "equal_pool_satang": equal_pool,
        "equal_rate_baht": display_rate(equal_pool, run.P),
        "fallbacks": fallbacks,
        **run.report.get("op", {}),
    }
    for fb in fallbacks:
        run.notes.append(
            {
                "th": f"เขต {fb['region']}: ไม่มีคะแนน {fb['part']} แบ่งตามจำนวนผู้มีสิทธิ",
                "en": f"Region {fb['region']}: no {fb['part']} scores; shared by persons",
            }
        )
    _regions(run, ln)


def _age_adjusted(run: Run, ln: Line, band: Decimal, pool: int, share: Decimal) -> None:
    """The 80 % part: ``pool`` among provinces by age-weighted persons, each province's rate
    kept within ±``band`` % of the national average, then to each province's units."""
    prov = run.prep.provinces.filter(pl.col("persons") > 0).sort("province")
    codes = prov["province"].to_list()
    n = prov["persons"].to_list()
    m = prov["index_persons"].to_list()
    c = clamp_to_band(pool, n, m, band)
    before = apportion(pool, m, codes)
    after = apportion(pool, list(c.amounts), codes)
    moved = sum(max(0, b - a) for (b, _), (a, _) in zip(before, after, strict=True))
    run.op_provinces = pl.DataFrame(
        {
            "province": codes,
            "region": prov["region"].to_list(),
            "persons": n,
            "index_persons_e4": m,
            "amount_before_satang": [b for b, _ in before],
            "amount_satang": [a for a, _ in after],
            "rounding": [r for _, r in after],
            "rate_before_baht": [display_rate(b, k) for (b, _), k in zip(before, n, strict=True)],
            "rate_baht": [display_rate(a, k) for (a, _), k in zip(after, n, strict=True)],
            "clamped": list(c.state),
        },
        schema_overrides={
            "region": pl.Int64,
            "rate_before_baht": pl.Decimal(20, 4),
            "rate_baht": pl.Decimal(20, 4),
            "clamped": pl.Utf8,
        },
    ).with_columns((pl.col("amount_satang") - pl.col("amount_before_satang")).alias("moved_satang"))
    run.report["op"] = {
        "age_adjusted_share_pct": share,
        "clamp": {
            "band_pct": band,
            "national_rate_baht": display_rate(c.average, 1),
            "band_low_baht": display_rate(c.low, 1),
            "band_high_baht": display_rate(c.high, 1),
            "level": f"{c.level.numerator}/{c.level.denominator}",
            "iterations": c.iterations,
            "moved_satang": moved,
            "clamped_high": [p for p, s in zip(codes, c.state, strict=True) if s == "high"],
            "clamped_low": [p for p, s in zip(codes, c.state, strict=True) if s == "low"],
        },
    }
    per_prov = run.op_provinces.select(
        "province",
        pl.col("amount_satang").alias("pot"),
        pl.col("rate_baht").cast(pl.Utf8).alias("prov_rate"),
        pl.col("clamped"),
    )
    f = run.units.join(per_prov, on="province", how="left").with_columns(pl.col("pot").fill_null(0))
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
    run.ledger.rows.append(
        frame_rows(
            f.filter(pl.col("amount") != 0), kind="unit", payee="unit", line=ln.code,
            part="age_adjusted",
            th=pl.format(
                "ผู้มีสิทธิถ่วงดัชนีอายุ {} จาก {} ของจังหวัด {} วงเงินจังหวัด {} บาท "
                "(อัตรา {} บาท/คน{}, ค่าเฉลี่ยประเทศ ±{}%)",
                e4_text(pl.col("index_persons")), e4_text(pl.col("M")), "province",
                baht_text(pl.col("pot")), "prov_rate", clamp_th, pl.lit(str(band)),
            ),
            en=pl.format(
                "{} of {} age-weighted persons of province {}, whose amount is {} baht "
                "({} baht per person{}; national average ±{} %)",
                e4_text(pl.col("index_persons")), e4_text(pl.col("M")), "province",
                baht_text(pl.col("pot")), "prov_rate", clamp_en, pl.lit(str(band)),
            ),
        )
    )  # fmt: skip


def _regions(run: Run, ln: Line) -> None:
    """Each region's global budget (its units' OP amounts by part) beside the flat rate ×
    persons."""
    parts = (
        pl.concat([pl.DataFrame(schema=ROWS), *run.ledger.rows])
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
    persons = run.units.group_by("region").agg(pl.col("persons").sum())
    flat = ln.rate is not None and ln.kind == "per_person"
    rate = to_satang(ln.rate, rounding=EXACT) if flat and ln.rate is not None else None
    run.op_regions = (
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
