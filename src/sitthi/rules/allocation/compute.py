"""The UC fund's yearly allocation: every line of the fiscal year shared out to units, local
funds, CUPs and provinces, exact to the satang, each amount with its reason.

Seed 003_efb95171d59d7c5f.txt (FY 2559). Each line's ``method`` is a module of ``methods``
(``methods.METHODS``), whose docstring quotes the clause it implements:

``op_general`` (หมวด 2 ส่วนที่ 1) — the OP global budget per region: QOF, output and
  data-quality pots, then the capitation rest, 80 % age-adjusted by province within ±10 % of
  the national average, 20 % at one equal rate.
``ip_general`` (หมวด 2 ส่วนที่ 2) — the IP budget by DRG: AdjRW × one national point value.
``psychiatric`` (หมวด 5 ส่วนที่ 2) — per patient up to the target; over it, the year's rule.
``dependent_elderly`` (หมวด 8) — local funds per elder, CUPs per CUP; the rest held.
``capital_replacement`` (หมวด 2 ส่วนที่ 7) — by registered persons; MOPH units ≥ 90 % direct,
  ≤ 10 % at province level.
``per_person`` — shared among main units by registered persons. ``held`` — kept at NHSO and
  paid during the year by the line's own rules (claims, cases, lists): not shared out here.

Labour-cost deduction (หมวด 2 ส่วนที่ 10, ``methods.labour``) runs once, after every line.

Shortfall (หมวด 1 ข้อ 13, ``ledger.Ledger.cover``): "หากเงินที่กำหนดในรายการและประเภทบริการใด
  ไม่เพียงพอ ... ให้ใช้เงินกองทุนจากรายการและประเภทบริการอื่นจ่ายไปก่อน". Lines paid by need
  (``psychiatric``) are shared out first, so what they lack is taken from ``shortfall_from``
  before those lines are shared out; every transfer is reported, and whatever no line could
  cover is reported as unfunded.

Exact money: see ``money`` for the one rounding rule and who gets a rounding satang.
For every line, budget + transfers in − transfers out = paid to units + paid to others + held,
to the satang (checked on every run: ``lines.difference_satang`` is 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sitthi.rules.allocation.config import FiscalYear, check_overall, config_hash
from sitthi.rules.allocation.inputs import Frame, Inputs, Prepared, prepare
from sitthi.rules.allocation.ledger import PARTS, ROWS, Ledger
from sitthi.rules.allocation.methods import labour_cost, method_for
from sitthi.rules.kernel.money import baht

__all__ = ["PARTS", "ROUNDING_RULE", "ROWS", "Result", "Run", "allocate", "unit_statement"]

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
    return Run(cfg, prep).result()


class Run:
    """One run's state, handed to every method: ``cfg``, the prepared inputs (``prep``;
    ``units``, ``P`` registered persons), the ``ledger``, ``notes``, ``report`` and the OP
    tables (``op_provinces``, ``op_regions``)."""

    def __init__(self, cfg: FiscalYear, prep: Prepared) -> None:
        self.cfg, self.prep, self.P = cfg, prep, prep.persons
        self.units = prep.units
        self.ledger = Ledger(cfg, self.P)
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

    # -- the run ----------------------------------------------------------------------------
    def result(self) -> Result:
        cfg = self.cfg
        ledger = self.ledger
        for ln in cfg.lines:
            if ln.within is not None and ln.returned_to_parent:
                ledger.move(ln.code, ln.within, ledger.available(ln.code), "returned_to_parent")
        # lines paid by need first: what they lack is taken before the others are shared out
        order = sorted(cfg.lines, key=lambda ln: ln.method != "psychiatric")
        for ln in order:
            method_for(ln.method)(self, ln)
        if cfg.labour_cost is not None:
            labour_cost(self)
        return self._assemble()

    # -- the result -------------------------------------------------------------------------
    def _assemble(self) -> Result:
        cfg = self.cfg
        rows = pl.concat([pl.DataFrame(schema=ROWS), *self.ledger.rows], how="vertical")
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
            t_in = sum(t["satang"] for t in self.ledger.transfers if t["to"] == ln.code)
            t_out = sum(t["satang"] for t in self.ledger.transfers if t["from"] == ln.code)
            u, o, h, r = sums.get(ln.code, (0, 0, 0, 0))
            available = self.ledger.budget[ln.code] + t_in - t_out
            table.append(
                {
                    "line": ln.code,
                    "name_th": ln.name_th,
                    "name_en": ln.name_en,
                    "method": ln.method,
                    "capitation": ln.capitation,
                    "within": ln.within,
                    "budget_satang": self.ledger.budget[ln.code],
                    "transfer_in_satang": t_in,
                    "transfer_out_satang": t_out,
                    "available_satang": available,
                    "need_satang": self.ledger.need.get(ln.code),
                    "unfunded_satang": self.ledger.unfunded.get(ln.code, 0),
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
        self.report["transfers"] = self.ledger.transfers
        self.report["unfunded"] = [
            {"line": k, "satang": v} for k, v in self.ledger.unfunded.items()
        ]
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
