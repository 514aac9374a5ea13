"""UCEP's lists as people search them (``sitthi.web.listing``): the episodes (``/ucep/``,
``GET /api/v1/ucep/episodes``) and the EMS coordination centre's inbox (``/ucep/ems/``,
``GET /api/v1/ucep/ems/inbox``), each with the same filters on the page, in its export and
over the API. Scoping stays in ``services.episodes_for`` / ``services.ems_inbox``: a hospital
its own episodes, a fund its members'; a filter only narrows."""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q

from sitthi.core.models import Role
from sitthi.registry.models import Fund
from sitthi.web.listing import Filter, Listing

from .models import EmsState, Episode, Stay

YES_NO = (("yes", "ใช่ / yes"), ("no", "ไม่ใช่ / no"))

#: The Bangkok transfer-back queue's groups (seed 001: group 1, 15 large state hospitals;
#: group 2, 6 for specific specialties; group 3, state hospitals of the perimeter).
GROUPS = (
    ("1", "กลุ่ม 1 / group 1"),
    ("2", "กลุ่ม 2 / group 2"),
    ("3", "กลุ่ม 3 / group 3"),
)


def _not(role: str):
    return lambda actor: actor.role != role


def _funds(actor) -> list[tuple[str, str]]:
    return [(f.code, f"{f.code} {f.name_th}") for f in Fund.objects.order_by("code")]


def _stayed(hospital: Q) -> Exists:
    return Exists(Stay.objects.filter(hospital, episode=OuterRef("pk")))


def _search(rows, text: str):
    """An episode number (E12 or 12), a hospital's code or name (part) where the patient was
    treated (any stay)."""
    match = _stayed(Q(hospital__name_th__icontains=text))
    if text.isdigit() and len(text) == 5:
        match |= _stayed(Q(hospital_id=text))
    number = re.fullmatch(r"[Ee]?0*(\d{1,9})", text)
    if number:
        match |= Q(pk=int(number.group(1)))
    return rows.filter(match)


def _filters():
    return (
        Filter(
            "hospital",
            ("รหัสโรงพยาบาล", "Hospital code"),
            "text",
            lambda rows, code: rows.filter(_stayed(Q(hospital_id=code))),
            shown=_not(Role.HOSPITAL),
            maxlength=5,
        ),
        Filter("fund", ("กองทุน", "Fund"), "choice", "fund_id", _funds, shown=_not(Role.FUND)),
        Filter(
            "covid",
            ("ผู้ป่วยโควิด-19", "COVID-19"),
            "choice",
            lambda rows, value: rows.filter(covid=value == "yes"),
            YES_NO,
        ),
        Filter(
            "group",
            ("กลุ่มรับย้ายกลับ", "Transfer-back group"),
            "choice",
            lambda rows, value: rows.filter(
                queue_assignment__hospital__transfer_back_group=int(value)
            ),
            GROUPS,
        ),
        Filter(
            "admitted_from",
            ("เข้ารับการรักษาตั้งแต่", "Admitted from"),
            "date_from",
            "admitted_at__date__gte",
        ),
        Filter("admitted_to", ("ถึงวันที่", "to"), "date_to", "admitted_at__date__lte"),
    )


def _person(rows, cid: str):
    return rows.filter(citizen_id=cid)


SEARCH_LABEL = ("ค้นหา (เลขที่ E รหัสหรือชื่อโรงพยาบาล)", "Search")

#: The episode list: a hospital's own, a fund's members', everyone's for NHSO and the centre.
EPISODES = Listing(
    "ucep-episodes",
    (
        Filter("state", ("สถานะ", "State"), "choice", "state", tuple(Episode.State.choices)),
        Filter(
            "ems_state",
            ("สถานะที่ศูนย์ประสานฯ", "EMS centre state"),
            "choice",
            "ems_state",
            tuple(EmsState.choices),
        ),
        *_filters(),
    ),
    search=_search,
    search_label=SEARCH_LABEL,
    person=_person,
)

#: The centre's inbox. ``state`` is the inbox's tab (the home page links ``?state=new``):
#: without it the inbox holds every notification not closed (``services.ems_inbox``).
EMS_INBOX = Listing(
    "ucep-ems",
    (
        Filter(
            "state",
            ("สถานะที่ศูนย์ประสานฯ", "EMS centre state"),
            "choice",
            "ems_state",
            tuple(EmsState.choices),
        ),
        *_filters(),
    ),
    search=_search,
    search_label=SEARCH_LABEL,
    person=_person,
)


#: A fund's UCEP notifications (``services.fund_inbox``: its own members' only).
FUND_INBOX = Listing(
    "ucep-fund",
    (
        Filter(
            "unread",
            ("ยังไม่ได้รับทราบ", "Not yet read"),
            "choice",
            lambda rows, value: rows.filter(fund_acknowledged_at__isnull=True),
            (("1", "เฉพาะที่ยังไม่ได้รับทราบ / only those not yet read"),),
        ),
        *_filters(),
    ),
    search=_search,
    search_label=SEARCH_LABEL,
    person=_person,
)


def inbox_rows(actor, state: str | None):
    """The inbox's rows before the filters: those of ``state`` when it is a known one, else
    every open one (an unknown ``state`` is then refused by the listing, LIST_FILTER_INVALID)."""
    from . import services

    state = (state or "").strip()
    return services.ems_inbox(actor, state=state if state in EmsState.values else None)
