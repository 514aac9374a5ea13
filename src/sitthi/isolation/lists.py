"""The HI Portal's lists as people search them (``sitthi.web.listing``): NHSO's list of every
case (``/isolation/cases/``), a unit's own cases (the same page, scoped by
``services.cases_for``) and a unit's inbox of offers (``/isolation/``, and
``GET /api/v1/isolation/offers`` with the same filters).

NHSO searches a case number, a unit's code or name (the unit holding the case or offered it)
or a district, and a person by citizen ID (POST). A unit searches only a case number or a
district: the other units a case went to are none of its business."""

from __future__ import annotations

import re
from datetime import time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sitthi.core.models import Role
from sitthi.registry.models import Province
from sitthi.rules.isolation import rounds
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.web.listing import Filter, Listing

from .models import Case, Offer

#: What a unit may filter its cases by: offered to it now, or held by it.
UNIT_STATUSES = (Case.Status.OFFERED, Case.Status.TAKEN)


def _statuses(actor) -> list[tuple[str, str]]:
    if actor.role == Role.HOSPITAL:
        return [(s.value, s.label) for s in UNIT_STATUSES]
    return list(Case.Status.choices)


def _provinces(actor) -> list[tuple[str, str]]:
    return [(p.code, f"{p.code} {p.name_th}") for p in Province.objects.order_by("code")]


def _round_times() -> tuple[time, time]:
    """The two round deadlines in force today (``isolation.round_1_deadline``/``_2_``)."""
    first, second = rounds.round_times(bangkok_date(timezone.now()))
    return time(first // 60, first % 60), time(second // 60, second % 60)


def _rounds(actor) -> list[tuple[str, str]]:
    first, second = _round_times()
    return [
        ("1", f"รอบ 1 ภายใน {first:%H:%M} น. / round 1 by {first:%H:%M}"),
        ("2", f"รอบ 2 ภายใน {second:%H:%M} น. / round 2 by {second:%H:%M}"),
    ]


def _in_round(value: str, prefix: str = "") -> Q:
    """Offers of round ``value``: a deadline (Bangkok time, the project's time zone) before the
    round 2 time is round 1's, the others round 2's."""
    second = _round_times()[1]
    lookup = f"{prefix}deadline__time__lt"
    return Q(**{lookup: second}) if value == "1" else ~Q(**{lookup: second})


def _case_in_round(rows, value: str):
    """Cases whose latest offer (``services.cases_for``'s ``last_deadline``) is of the round:
    for a unit, the offer made to it (a case it holds or is offered is offered to no other)."""
    return rows.filter(_in_round(value, "last_"))


_NUMBER = re.compile(r"(?:[Hh][Ii])?0*(\d{1,9})")


def _number(text: str) -> Q:
    found = _NUMBER.fullmatch(text)
    return Q(pk=int(found.group(1))) if found else Q(pk__in=[])


def _search_nhso(rows, text: str):
    """A case number (HI12 or 12), a unit's code or name (holding the case or offered it), a
    district (part of its name)."""
    offered = Offer.objects.filter(case=OuterRef("pk")).filter(
        Q(unit_id=text) | Q(unit__hospital__name_th__icontains=text)
    )
    return rows.filter(
        _number(text)
        | Q(district__icontains=text)
        | Q(holder_id=text)
        | Q(holder__hospital__name_th__icontains=text)
        | Q(Exists(offered))
    )


def _search_unit(rows, text: str):
    """A case number (HI12 or 12) or a district (part of its name)."""
    return rows.filter(_number(text) | Q(district__icontains=text))


def _unit_filter(rows, code: str):
    """Cases the unit ``code`` holds or is offered now."""
    return rows.filter(Q(holder_id=code) | Q(open_unit=code))


_SETTING = Filter(
    "setting", ("ประเภท", "Setting"), "choice", "setting", tuple(Case.Setting.choices)
)
_ROUND = Filter("round", ("รอบ", "Round"), "choice", _case_in_round, _rounds)
_REGISTERED = (
    Filter(
        "registered_from",
        ("ลงทะเบียนตั้งแต่", "Registered from"),
        "date_from",
        "created_at__date__gte",
    ),
    Filter("registered_to", ("ถึงวันที่", "to"), "date_to", "created_at__date__lte"),
)

#: NHSO's list of every case (and an admin's).
CASES = Listing(
    "isolation-cases",
    (
        Filter("status", ("สถานะ", "Status"), "choice", "status", _statuses),
        _SETTING,
        Filter("unit", ("รหัสหน่วยบริการ", "Unit code"), "text", _unit_filter, maxlength=5),
        Filter("province", ("จังหวัด", "Province"), "choice", "province_id", _provinces),
        Filter("district", ("เขต/อำเภอ", "District"), "text", "district__icontains", maxlength=60),
        _ROUND,
        *_REGISTERED,
    ),
    search=_search_nhso,
    search_label=("ค้นหา (เลขที่ HI รหัสหรือชื่อหน่วยบริการ เขต)", "Search"),
    person=lambda rows, cid: rows.filter(citizen_id=cid),
)

#: A unit's own cases: offered to it now or held by it; no citizen-ID search.
UNIT_CASES = Listing(
    "isolation-unit-cases",
    (
        Filter("status", ("สถานะ", "Status"), "choice", "status", _statuses),
        _SETTING,
        Filter("district", ("เขต/อำเภอ", "District"), "text", "district__icontains", maxlength=60),
        _ROUND,
        *_REGISTERED,
    ),
    search=_search_unit,
    search_label=("ค้นหา (เลขที่ HI เขต)", "Search"),
)


def cases_listing(actor) -> Listing:
    return UNIT_CASES if actor.role == Role.HOSPITAL else CASES


def _offer_search(rows, text: str):
    found = _NUMBER.fullmatch(text)
    match = Q(case__district__icontains=text)
    if found:
        match |= Q(case_id=int(found.group(1)))
    return rows.filter(match)


#: A unit's inbox: the offers waiting for it (``services.inbox``). ``closing`` (hours) is read
#: by ``queue.offers_closing`` before the list (REQUEST_INVALID outside 1-72); it is declared
#: here so that paging and exporting keep it.
OFFERS = Listing(
    "isolation-offers",
    (
        Filter(
            "closing",
            ("ปิดรับภายใน (ชั่วโมง)", "Closing within (hours)"),
            "text",
            lambda rows, hours: rows,
            maxlength=3,
        ),
        Filter("setting", ("ประเภท", "Setting"), "choice", "case__setting", Case.Setting.choices),
        Filter(
            "district", ("เขต/อำเภอ", "District"), "text", "case__district__icontains", maxlength=60
        ),
        Filter(
            "round",
            ("รอบ", "Round"),
            "choice",
            lambda rows, value: rows.filter(_in_round(value)),
            _rounds,
        ),
        Filter(
            "offered_from",
            ("เสนอตั้งแต่", "Offered from"),
            "date_from",
            "offered_at__date__gte",
        ),
        Filter("offered_to", ("ถึงวันที่", "to"), "date_to", "offered_at__date__lte"),
    ),
    search=_offer_search,
    search_label=("ค้นหา (เลขที่ HI เขต)", "Search"),
)
