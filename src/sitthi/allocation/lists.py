"""The allocation area's list as people search it (``sitthi.web.listing``): the units an
allocation run pays, each with its money by line. The page and its export read the same
filters. Who may see a run at all is ``services.get_run``'s (NHSO, funds, admin); a hospital
reads its own unit's statement only and never this list."""

from __future__ import annotations

from django.db.models import Q

from sitthi.registry.models import Hospital, Province, Region
from sitthi.web.listing import Filter, Listing

from .models import FiscalYearConfig

MOPH_CHOICES = (("yes", "สังกัดกระทรวงสาธารณสุข (สธ.)"), ("no", "ไม่สังกัด สธ."))


def _regions(actor) -> list[tuple[str, str]]:
    return [(str(r.number), f"{r.number} {r.name_th}") for r in Region.objects.order_by("number")]


def _provinces(actor) -> list[tuple[str, str]]:
    return [(p.code, f"{p.code} {p.name_th}") for p in Province.objects.order_by("name_th")]


def _ownerships(actor) -> list[tuple[str, str]]:
    return [("public", "รัฐ (public)"), ("private", "เอกชน (private)")]


def _units_where(rows, **hospital):
    """The rows whose payee is a registry hospital matching ``hospital`` (payees are codes)."""
    return rows.filter(payee__in=Hospital.objects.filter(**hospital).values("hcode"))


def _search_units(rows, text: str):
    """A unit code (part of it) or a unit's name (part of it, Thai or English)."""
    names = Hospital.objects.filter(Q(name_th__icontains=text) | Q(name_en__icontains=text))
    return rows.filter(Q(payee__icontains=text) | Q(payee__in=names.values("hcode")))


UNITS = Listing(
    "allocation-units",
    (
        Filter("region", ("เขตสุขภาพ", "Health region"), "choice", "region", _regions),
        Filter("province", ("จังหวัด", "Province"), "choice", "province", _provinces),
        Filter(
            "ownership",
            ("ประเภทหน่วยบริการ", "Ownership"),
            "choice",
            lambda rows, v: _units_where(rows, ownership=v),
            _ownerships,
        ),
        Filter(
            "moph",
            ("สังกัด สธ.", "MOPH"),
            "choice",
            lambda rows, v: _units_where(rows, moph=v == "yes"),
            MOPH_CHOICES,
        ),
    ),
    search=_search_units,
    search_label=("ค้นหา (รหัสหรือชื่อหน่วยบริการ)", "Search (unit code or name)"),
)


def _years(actor) -> list[tuple[str, str]]:
    years = FiscalYearConfig.objects.values_list("fy", flat=True).distinct()
    return [(str(y), f"ปีงบประมาณ {y}") for y in sorted(set(years), reverse=True)]


def _versions(actor) -> list[tuple[str, str]]:
    versions = FiscalYearConfig.objects.values_list("version", flat=True).distinct()
    return [(str(v), f"ฉบับที่ {v}") for v in sorted(set(versions))]


#: The runs of the allocation page: by fiscal year and the version of its rules.
RUNS = Listing(
    "allocation-runs",
    (
        Filter("fy", ("ปีงบประมาณ", "Fiscal year"), "choice", "config__fy", _years),
        Filter("version", ("ฉบับที่", "Version"), "choice", "config__version", _versions),
    ),
)
