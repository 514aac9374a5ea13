"""Two allocation runs compared (issue 18, the allocation what-if): a run of the year as it is
and a run of an edited version (other line rates, OP band, IP point-value budget, … edited on
the year's page, ``services.edit_config``) — the money by line, region, province and unit in
each, and the difference, to the satang. Payments are read as stored; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.registry.models import Hospital, Province

from . import services
from .models import Payment, Run

DIMENSIONS = ("line", "region", "province", "payee")
HEADINGS = {
    "line": "รายการงบ / Budget line",
    "region": "เขต / Region",
    "province": "จังหวัด / Province",
    "payee": "ผู้รับเงิน / Payee",
}


@dataclass
class Comparison:
    base: Run
    other: Run
    tables: dict[str, list[dict]]  # dim → rows {key, name, base, other, difference} (baht)
    total_base: Decimal
    total_other: Decimal

    @property
    def total_difference(self) -> Decimal:
        return self.total_other - self.total_base


def _payments(run: Run) -> pl.DataFrame:
    rows = Payment.objects.filter(run=run).values_list(
        "line", "region", "province", "payee", "amount"
    )
    return pl.DataFrame(
        [
            (ln, str(r) if r is not None else None, p or None, payee, int(a * 100))
            for ln, r, p, payee, a in rows
        ],
        schema={
            "line": pl.String,
            "region": pl.String,
            "province": pl.String,
            "payee": pl.String,
            "satang": pl.Int64,
        },
        orient="row",
    )


def _names(dim: str) -> dict[str, str]:
    if dim == "province":
        return dict(Province.objects.values_list("code", "name_th"))
    if dim == "payee":
        return dict(Hospital.objects.values_list("hcode", "name_th"))
    if dim == "region":
        return {str(n): f"เขตสุขภาพที่ {n}" for n in range(1, 14)}
    return {}


def compare(actor: Actor, base_id: int, other_id: int) -> Comparison:
    """Who may read runs (NHSO, admin, funds) compares two of them; they may be of different
    versions of one fiscal year, or of different years."""
    base, other = services.get_run(actor, base_id), services.get_run(actor, other_id)
    if base.pk == other.pk:
        raise SitthiError.one("REQUEST_INVALID", "other", detail="two different runs")
    a, b = _payments(base), _payments(other)
    tables = {}
    for dim in DIMENSIONS:
        joined = (
            a.group_by(key=dim)
            .agg(base=pl.col("satang").sum())
            .join(
                b.group_by(key=dim).agg(other=pl.col("satang").sum()),
                on="key",
                how="full",
                coalesce=True,
            )
            .with_columns(pl.col("base").fill_null(0), pl.col("other").fill_null(0))
            .with_columns(difference=pl.col("other") - pl.col("base"))
        )
        order = (
            joined.sort(pl.col("difference").abs(), descending=True)
            if dim == "payee"
            else joined.sort("key", nulls_last=True)
        )
        names = _names(dim)
        tables[dim] = [
            {
                "key": r["key"],
                "name": names.get(r["key"] or "", ""),
                "base": Decimal(r["base"]) / 100,
                "other": Decimal(r["other"]) / 100,
                "difference": Decimal(r["difference"]) / 100,
            }
            for r in order.iter_rows(named=True)
        ]
    return Comparison(
        base,
        other,
        tables,
        Decimal(int(a["satang"].sum() or 0)) / 100,
        Decimal(int(b["satang"].sum() or 0)) / 100,
    )


def workbook(c: Comparison) -> bytes:
    import io

    from openpyxl import Workbook

    from sitthi.rules.kernel.sheets import xlsx_row

    book = Workbook()
    about = book.active
    about.title = "การเปรียบเทียบ Comparison"
    about.append(xlsx_row(about, ["เปรียบเทียบการจัดสรร / Allocation runs compared"]))
    about.append(
        xlsx_row(
            about,
            ["ฐาน / Base", f"run {c.base.pk}", f"FY {c.base.config.fy} v{c.base.config.version}"],
        )
    )
    about.append(
        xlsx_row(
            about,
            [
                "เทียบกับ / Other",
                f"run {c.other.pk}",
                f"FY {c.other.config.fy} v{c.other.config.version}",
            ],
        )
    )
    about.append(xlsx_row(about, ["รวม / Total", c.total_base, c.total_other, c.total_difference]))
    for dim in DIMENSIONS:
        sheet = book.create_sheet(f"By {dim}")
        sheet.append(
            xlsx_row(
                sheet,
                [
                    HEADINGS[dim],
                    "ชื่อ / Name",
                    "ฐาน / Base (฿)",
                    "เทียบ / Other (฿)",
                    "ผลต่าง / Difference (฿)",
                ],
            )
        )
        for r in c.tables[dim]:
            sheet.append(
                xlsx_row(
                    sheet, [r["key"] or "—", r["name"], r["base"], r["other"], r["difference"]]
                )
            )
        for row in sheet.iter_rows(min_row=2, min_col=3):
            for cell in row:
                cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
