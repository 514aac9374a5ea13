"""Isolation endpoints: NHSO adds cases; a unit reads its offers and takes or declines."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.links import links
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.web.exports import API_FORMAT_HELP, api_file_format, api_file_responses

from . import lists, queue, services
from .exports import case_file

router = Router(tags=["Isolation"], auth=AUTH)


class CaseIn(Schema):
    citizen_id: str
    contact: str = Field("", max_length=100, description="The patient's phone.")
    address: str = Field("", max_length=300, description="Where the patient isolates.")
    district: str = Field(..., min_length=1, max_length=60)
    province: str = Field("10", description="Province code; the HI Portal network is Bangkok.")
    test_date: str = Field(..., description="YYYY-MM-DD")
    setting: str = Field(..., description="HI or CI")
    assessment: dict = Field(
        default_factory=dict, description="UCEP triage inputs (sitthi.rules.ucep.triage.Assessment)"
    )


class OfferOut(Schema):
    unit: str
    offered_at: datetime
    deadline: datetime
    outcome: str


class PatientOut(Schema):
    age_years: int | None
    district: str
    name: str | None = Field(None, description="Only for NHSO and the unit holding the case.")
    phone: str | None = Field(None, description="Only for NHSO and the unit holding the case.")
    address: str | None = Field(None, description="Only for NHSO and the unit holding the case.")


class CaseOut(Schema):
    id: int
    status: str
    colour: str
    district: str
    setting: str
    test_date: date
    holder: str | None
    offers: list[OfferOut]
    patient: PatientOut


def case_out(case, actor) -> dict:
    """The case as ``actor`` may see it: the patient's name, phone and address only for NHSO
    and the unit holding the case (``services.patient_of``)."""
    return {
        "patient": services.patient_of(actor, case, bangkok_date(timezone.now())),
        "id": case.pk,
        "status": case.status,
        "colour": case.colour,
        "district": case.district,
        "setting": case.setting,
        "test_date": case.test_date,
        "holder": case.holder_id,
        "offers": [
            {
                "unit": o.unit_id,
                "offered_at": o.offered_at,
                "deadline": o.deadline,
                "outcome": o.outcome,
            }
            for o in case.offers.all()
        ],
    }


@router.post(
    "/isolation/cases",
    response={201: CaseOut, **ERRORS},
    summary="NHSO: add a case wanting home/community isolation",
    openapi_extra=links("isolation", (201,), "/id", "case_id", "take", "decline", "reopen"),
)
def add_case(request, payload: CaseIn):
    """Triaged by the UCEP colour rules first: a yellow or red case is refused
    (CASE_NOT_GREEN). A green case is offered at once to one unit, until its round's deadline
    (12:00 or 18:00 Bangkok time)."""
    # Numbers (or their text) as sent: the service reads and bounds them.
    assessment = dict(payload.assessment)
    case = services.add_case(
        actor_of(request),
        services.CaseIn(
            citizen_id=payload.citizen_id,
            contact=payload.contact,
            address=payload.address,
            district=payload.district,
            province=payload.province,
            test_date=payload.test_date,
            setting=payload.setting,
            assessment=assessment,
        ),
        now=timezone.now(),
    )
    return Status(201, case_out(case, actor_of(request)))


class OffersFilter(Schema):
    """The inbox page's filters (``sitthi.isolation.lists.OFFERS``); dates as ``yyyy-mm-dd``
    or ``dd/mm/yyyy`` in the Buddhist Era."""

    q: str | None = Field(None, description="A case number (HI12 or 12) or a district (part).")
    closing: str | None = Field(None, description="Only offers closing within 1-72 hours.")
    setting: str | None = Field(None, description="HI or CI")
    district: str | None = Field(None, description="Part of the district's name.")
    round: str | None = Field(None, description="1 (the 12:00 round) or 2 (the 18:00 round)")
    offered_from: str | None = Field(None, description="Offered on or after this day.")
    offered_to: str | None = Field(None, description="Offered on or before this day.")


@router.get(
    "/isolation/offers",
    response={200: list[CaseOut], **ERRORS},
    summary="A unit: the cases offered to it now",
)
def offers(request, filters: Query[OffersFilter]):
    """Soonest deadline first; the same filters as the inbox page."""
    actor = actor_of(request)
    now = timezone.now()
    rows = lists.OFFERS.apply(
        actor,
        queue.offers_closing(actor, now, filters.closing),
        filters.dict(),
        bangkok_date(now),
    )
    return [case_out(o.case, actor) for o in rows]


class DeclineIn(Schema):
    reason: str = Field("", max_length=300)


@router.post(
    "/isolation/cases/{case_id}/take",
    response={200: CaseOut, **ERRORS},
    summary="A unit takes a case offered to it",
)
def take(request, case_id: int):
    actor = actor_of(request)
    return case_out(services.take(actor, case_id, now=timezone.now()), actor)


class ReopenIn(Schema):
    unit: str = Field(
        "", max_length=5, description="One unit's code; empty: every unit by the policy."
    )
    at: datetime | None = Field(None, description="When to offer it; empty: now.")


@router.post(
    "/isolation/cases/{case_id}/reopen",
    response={200: CaseOut, **ERRORS},
    summary="NHSO: offer a queued case again, to one unit or all, now or at a set time",
)
def reopen(request, case_id: int, payload: ReopenIn):
    """Only a case in the NHSO queue (CASE_NOT_QUEUED otherwise); recorded as an offer like any
    other. A unit that declined the case on an earlier day may be offered it again."""
    actor = actor_of(request)
    case = services.reopen(actor, case_id, unit=payload.unit, at=payload.at, now=timezone.now())
    return case_out(case, actor)


@router.post(
    "/isolation/cases/{case_id}/decline",
    response={200: CaseOut, **ERRORS},
    summary="A unit declines a case, with a reason; it is handed on at once",
)
def decline(request, case_id: int, payload: DeclineIn):
    actor = actor_of(request)
    return case_out(services.decline(actor, case_id, payload.reason, now=timezone.now()), actor)


class CareIn(Schema):
    started: str = Field(..., description="First day of care, YYYY-MM-DD (Asia/Bangkok)")
    ended: str = Field(..., description="Last day of care, YYYY-MM-DD; both days are counted")
    meals: bool = Field(False, description="Three meals a day were provided")
    care_charge: str = Field(..., description="Charge for the days of care, baht (e.g. 6000.00)")
    care_days: int | None = Field(None, description="Days of care; default every day of the stay")
    devices_charge: str = Field("", description="Thermometer and pulse oximeter, baht")
    drugs_charge: str = Field("", description="COVID-19 drugs, baht")
    oxygen_days: int | None = Field(None, description="Days with oxygen")
    oxygen_charge: str = Field("", description="Charge for oxygen, baht")


class CareClaimOut(Schema):
    case: int
    claim: int
    claim_key: str
    state: str
    payable: str | None
    url: str


@router.post(
    "/isolation/cases/{case_id}/claim",
    response={201: CareClaimOut, **ERRORS},
    summary="The unit holding a case claims its HI/CI care through the clearing house",
)
def claim_care(request, case_id: int, payload: CareIn):
    """A claim of service type HICI priced at the HI/CI rates in force on the first day of
    care (FACTS.md, "COVID-19 HI/CI, 2021": 600 baht a day without meals, 1,000 with three
    meals, devices up to 1,100 and drugs up to 7,200 a case, oxygen 450 a day). From 15 May
    2022 the revised rates are an input: refused with RATE_NOT_LOADED until NHSO loads them.
    Only the unit holding the case may claim (CASE_NOT_HELD); the same care sent again
    returns the same claim."""
    claim = services.claim_care(
        actor_of(request), case_id, services.CareIn(**payload.dict()), now=timezone.now()
    )
    return Status(
        201,
        {
            "case": case_id,
            "claim": claim.pk,
            "claim_key": claim.claim_key,
            "state": claim.state,
            "payable": str(claim.payable_total) if claim.payable_total is not None else None,
            "url": f"/claims/{claim.pk}/",
        },
    )


# -- reading cases: one case, a unit's cases, NHSO's queue (issue 17) ---------------------------


class CasesFilter(Schema):
    """The cases page's filters (``sitthi.isolation.lists.cases_listing``): NHSO's ``CASES``
    (status, setting, unit, province, district, round, registration days, ``q``), a unit's
    ``UNIT_CASES`` (the same without unit and province: a filter a role is not offered is
    ignored). Dates as ``yyyy-mm-dd`` or ``dd/mm/yyyy`` in the Buddhist Era."""

    q: str | None = Field(None, max_length=100)
    status: str | None = Field(None, max_length=100)
    setting: str | None = Field(None, max_length=100)
    unit: str | None = Field(None, max_length=100)
    province: str | None = Field(None, max_length=100)
    district: str | None = Field(None, max_length=100)
    round: str | None = Field(None, max_length=100)
    registered_from: str | None = Field(None, max_length=100)
    registered_to: str | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class CasePage(Schema):
    count: int
    items: list[CaseOut]


def _case_page(actor, rows, offset: int, limit: int) -> dict:
    page = rows.prefetch_related("offers")[offset : offset + limit]
    return {"count": rows.count(), "items": [case_out(c, actor) for c in page]}


@router.get(
    "/isolation/cases/{case_id}",
    response={200: CaseOut, **ERRORS},
    summary="One case, as its page shows it",
)
def get_case(request, case_id: int):
    """NHSO and admin any case; a unit only a case that was offered to it (any other: 404).
    The patient's name, phone and address only for NHSO and the unit holding the case."""
    actor = actor_of(request)
    return case_out(services.get_case(actor, case_id), actor)


@router.get(
    "/isolation/cases",
    response={200: CasePage, **ERRORS},
    summary="The cases: every one for NHSO; a unit those it holds or is offered now",
    openapi_extra=api_file_responses(),
)
def list_cases(request, filters: Query[CasesFilter]):
    """As the cases page (``/isolation/cases/``): NHSO and admin every case; a unit the cases
    it holds (taken) and those offered to it now. Newest first, paginated; with
    ``format=csv|xlsx`` (or ``Accept``) every selected case as the page exports it. Funds and
    EMS: 403 ROLE_FORBIDDEN; a bad filter a coded 400."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    rows = lists.cases_listing(actor).apply(
        actor,
        services.cases_for(actor),
        filters.dict(exclude={"limit", "offset", "format"}),
        bangkok_date(timezone.now()),
    )
    if fmt:
        return case_file(actor, fmt, rows)
    return _case_page(actor, rows.order_by("-created_at", "-id"), filters.offset, filters.limit)


@router.get(
    "/isolation/queue",
    response={200: CasePage, **ERRORS},
    summary="NHSO: the cases no unit took, waiting for NHSO (the board's queue)",
)
def nhso_queue(
    request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)
):
    """NHSO and admin only (a unit: 403 ROLE_FORBIDDEN), oldest first, as on the board; each
    can be offered again with POST /isolation/cases/{case_id}/reopen."""
    actor = actor_of(request)
    return _case_page(actor, services.nhso_queue(actor).order_by("created_at", "id"), offset, limit)
