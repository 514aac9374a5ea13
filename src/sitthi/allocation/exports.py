"""A run as one workbook people open in Excel: lines, regions, provinces, every payment."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from sitthi.rules.kernel.money import baht
from sitthi.web.exports import add_sheet

from .models import Payment, Run


def _baht(satang) -> Decimal | None:
    return None if satang is None else baht(int(satang))


def run_workbook(run: Run) -> bytes:
    data = run.report
    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    money = [
        "budget",
        "transfer_in",
        "transfer_out",
        "to_units",
        "to_others",
        "held",
        "rounding",
        "difference",
    ]
    add_sheet(
        wb,
        "lines",
        ["line", "ชื่อรายการ", "name", "method", *[f"{m} (baht)" for m in money]],
        (
            [ln["line"], ln["name_th"], ln["name_en"], ln["method"]]
            + [_baht(ln.get(f"{m}_satang")) for m in money]
            for ln in data["lines"]
        ),
    )
    add_sheet(
        wb,
        "regions",
        [
            "region",
            "persons",
            "QOF",
            "output",
            "data quality",
            "age adjusted",
            "equal",
            "global budget",
        ],
        (
            [
                r["region"],
                r["persons"],
                *[
                    _baht(r[k])
                    for k in (
                        "qof_satang",
                        "output_satang",
                        "data_quality_satang",
                        "age_adjusted_satang",
                        "equal_satang",
                        "global_budget_satang",
                    )
                ],
            ]
            for r in data["op_regions"]
        ),
    )
    add_sheet(
        wb,
        "provinces",
        [
            "province",
            "region",
            "persons",
            "rate before (baht)",
            "rate (baht)",
            "clamped",
            "amount (baht)",
            "moved (baht)",
        ],
        (
            [
                p["province"],
                p["region"],
                p["persons"],
                Decimal(p["rate_before_baht"]),
                Decimal(p["rate_baht"]),
                p["clamped"] or "",
                _baht(p["amount_satang"]),
                _baht(p["moved_satang"]),
            ]
            for p in data["op_provinces"]
        ),
    )
    add_sheet(
        wb,
        "payments",
        [
            "payee kind",
            "payee",
            "province",
            "region",
            "line",
            "part",
            "amount (baht)",
            "rounding (satang)",
            "ที่มา",
            "basis",
        ],
        (
            [
                p.payee_kind,
                p.payee,
                p.province,
                p.region,
                p.line,
                p.part,
                p.amount,
                p.rounding_satang,
                p.basis_th,
                p.basis_en,
            ]
            for p in Payment.objects.filter(run=run)
            .order_by("payee_kind", "payee", "line", "part")
            .iterator()
        ),
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
