"""The claims area's lists as people search them (``sitthi.web.listing``): the claims list,
the funds' notices. The page, its export and ``GET /api/v1/claims`` read the same filters."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import get_language

from sitthi.core.models import Role
from sitthi.registry.models import Fund
from sitthi.rules.claims.schema import SERVICE_TYPES
from sitthi.web.listing import Filter, Listing

from .models import ClaimState


def _not(role: str):
    return lambda actor: actor.role != role


def _funds(actor) -> list[tuple[str, str]]:
    return [(f.code, f"{f.code} {f.name_th}") for f in Fund.objects.order_by("code")]


def _service_types() -> list[tuple[str, str]]:
    english = (get_language() or "th").startswith("en")
    return [
        (code, f"{code} · {spec.get('en' if english else 'th', code)}")
        for code, spec in SERVICE_TYPES.items()
    ]


def _search_claims(rows, text: str):
    """A claim key (part of it), a hospital code, a hospital's name (part of it) or a notice
    number."""
    match = Q(claim_key__icontains=text) | Q(hospital__name_th__icontains=text)
    notice = re.fullmatch(r"[Nn]?0*(\d{1,9})", text)
    if notice and text[:1] in "Nn":  # a notice number as printed: N000123
        match |= Q(notice_id=int(notice.group(1)))
    if text.isdigit() and len(text) == 5:
        match |= Q(hospital_id=text)
    return rows.filter(match)


CLAIMS = Listing(
    "claims",
    (
        Filter("state", ("สถานะ", "State"), "choice", "state", lambda actor: ClaimState.choices),
        Filter(
            "hospital",
            ("รหัสหน่วยบริการ", "Hospital code"),
            "text",
            "hospital_id",
            shown=_not(Role.HOSPITAL),
            maxlength=5,
        ),
        Filter("fund", ("กองทุน", "Fund"), "choice", "fund_id", _funds, shown=_not(Role.FUND)),
        Filter(
            "service_type",
            ("ประเภทบริการ", "Service type"),
            "choice",
            "service_type",
            lambda actor: _service_types(),
        ),
        Filter(
            "admitted_from",
            ("เข้ารับบริการตั้งแต่", "Admitted from"),
            "date_from",
            "admitted_at__date__gte",
        ),
        Filter("admitted_to", ("ถึงวันที่", "to"), "date_to", "admitted_at__date__lte"),
    ),
    search=_search_claims,
    search_label=("ค้นหา (เลขที่เคลม รหัสหรือชื่อหน่วยบริการ เลขหนังสือแจ้ง)", "Search"),
    person=lambda rows, cid: rows.filter(citizen_id=cid),
)
