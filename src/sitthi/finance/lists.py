"""The finance area's lists as people search them (``sitthi.web.listing``): the hospitals with
their risk score quarter by quarter, and the watch list (levels 6 and 7). The page and its
export read the same filters.

The quarter is ``fy`` (Buddhist Era) and ``q`` (1–4), the names the finance pages have always
used, so the hospital search box is ``hospital`` (a code or a name), not ``q``. Who sees what
stays in ``services.statements``: a hospital officer its own statements, and it is offered no
hospital, region or province filter."""

from __future__ import annotations

from django.db.models import Q

from sitthi.core.models import Role
from sitthi.registry.models import Province, Region
from sitthi.rules.finance import risk
from sitthi.web.listing import Filter, Listing

from .models import Statement

#: Levels people speak of together (risk.LEVELS: 0–1 normal, 2–3 expected to improve, 4–5
#: trouble expected, 6–7 the watch list).
BANDS = {
    "normal": ((0, 1), "ปกติ (ระดับ 0–1)"),
    "improving": ((2, 3), "คาดว่าจะดีขึ้น (ระดับ 2–3)"),
    "trouble": ((4, 5), "คาดว่าจะประสบปัญหา (ระดับ 4–5)"),
    "watch": (risk.WATCH_LEVELS, "ต้องติดตาม (ระดับ 6–7)"),
}

QUARTERS = (
    ("1", "ไตรมาส 1 (ต.ค.–ธ.ค.)"),
    ("2", "ไตรมาส 2 (ม.ค.–มี.ค.)"),
    ("3", "ไตรมาส 3 (เม.ย.–มิ.ย.)"),
    ("4", "ไตรมาส 4 (ก.ค.–ก.ย.)"),
)


def _officer(actor) -> bool:
    return actor.role != Role.HOSPITAL


def _years(actor) -> list[tuple[str, str]]:
    years = Statement.objects.values_list("fiscal_year", flat=True).distinct()
    return [(str(y), str(y)) for y in sorted(set(years), reverse=True)]


def _regions(actor) -> list[tuple[str, str]]:
    return [(str(r.number), f"{r.number} {r.name_th}") for r in Region.objects.order_by("number")]


def _provinces(actor) -> list[tuple[str, str]]:
    return [(p.code, p.name_th) for p in Province.objects.order_by("name_th")]


def _levels(levels):
    return lambda actor: [(str(lv), f"{lv} {risk.LEVELS[lv][0]}") for lv in levels]


def _search(rows, text: str):
    """A hospital code (its start) or a hospital's name (part of it, Thai or English)."""
    match = Q(hospital__name_th__icontains=text) | Q(hospital__name_en__icontains=text)
    if text.isdigit():
        match |= Q(hospital__hcode__startswith=text)
    return rows.filter(match)


def _filters(levels, *, bands: bool):
    return (
        Filter(
            "hospital",
            ("ค้นหาหน่วยบริการ (รหัสหรือชื่อ)", "Hospital (code or name)"),
            "search",
            _search,
            shown=_officer,
        ),
        Filter("fy", ("ปีงบประมาณ", "Fiscal year"), "choice", "fiscal_year", _years),
        Filter("q", ("ไตรมาส", "Quarter"), "choice", "quarter", QUARTERS),
        Filter(
            "region",
            ("เขตสุขภาพ", "Health region"),
            "choice",
            "hospital__province__region_id",
            _regions,
            shown=_officer,
        ),
        Filter(
            "province",
            ("จังหวัด", "Province"),
            "choice",
            "hospital__province_id",
            _provinces,
            shown=_officer,
        ),
        Filter("level", ("ระดับความเสี่ยง", "Risk level"), "choice", "level", _levels(levels)),
        *(
            (
                Filter(
                    "band",
                    ("กลุ่มระดับ", "Band"),
                    "choice",
                    lambda rows, v: rows.filter(level__in=BANDS[v][0]),
                    tuple((k, label) for k, (_lv, label) in BANDS.items()),
                ),
            )
            if bands
            else ()
        ),
    )


HOSPITALS = Listing("finance-hospitals", _filters(range(8), bands=True))
WATCH = Listing("finance-watch", _filters(risk.WATCH_LEVELS, bands=False))
