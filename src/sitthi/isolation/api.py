"""Isolation endpoints: NHSO adds cases; a unit reads its offers and takes or declines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from sitthi.core.api import AUTH, ERRORS, actor_of

from . import services

router = Router(tags=["isolation"], auth=AUTH)


class CaseIn(Schema):
    citizen_id: str
    contact: str = Field("", max_length=100)
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


class CaseOut(Schema):
    id: int
    status: str
    colour: str
    district: str
    setting: str
    test_date: date
    holder: str | None
    offers: list[OfferOut]


def case_out(case) -> dict:
    return {
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
)
def add_case(request, payload: CaseIn):
    """Triaged by the UCEP colour rules first: a yellow or red case is refused
    (CASE_NOT_GREEN). A green case is offered at once to one unit, until its round's deadline
    (12:00 or 18:00 Bangkok time)."""
    assessment = {
        k: Decimal(str(v))
        if isinstance(v, int | float) and not isinstance(v, bool) and k != "age_years"
        else v
        for k, v in payload.assessment.items()
    }
    case = services.add_case(
        actor_of(request),
        services.CaseIn(
            citizen_id=payload.citizen_id,
            contact=payload.contact,
            district=payload.district,
            province=payload.province,
            test_date=payload.test_date,
            setting=payload.setting,
            assessment=assessment,
        ),
        now=timezone.now(),
    )
    return Status(201, case_out(case))


@router.get(
    "/isolation/offers",
    response={200: list[CaseOut], **ERRORS},
    summary="A unit: the cases offered to it now",
)
def offers(request):
    return [case_out(o.case) for o in services.inbox(actor_of(request))]


class ReasonIn(Schema):
    reason: str = Field("", max_length=300)


@router.post(
    "/isolation/cases/{case_id}/take",
    response={200: CaseOut, **ERRORS},
    summary="A unit takes a case offered to it",
)
def take(request, case_id: int):
    return case_out(services.take(actor_of(request), case_id, now=timezone.now()))


@router.post(
    "/isolation/cases/{case_id}/decline",
    response={200: CaseOut, **ERRORS},
    summary="A unit declines a case, with a reason; it is handed on at once",
)
def decline(request, case_id: int, payload: ReasonIn):
    return case_out(
        services.decline(actor_of(request), case_id, payload.reason, now=timezone.now())
    )
