"""Initial-assistance endpoints: the public status look-up, and a request read by the
committee secretary or NHSO."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema

from sitthi.claims.api import money
from sitthi.core import limits
from sitthi.core.api import AUTH, ERRORS, ErrorsOut, actor_of
from sitthi.rules.assistance import STAGE_NAMES, Stage

from . import services

router = Router(tags=["Initial assistance"])


class StatusIn(Schema):
    number: str = Field(..., max_length=20, description="Request number, e.g. S41-2569-00001")
    citizen_id: str = Field(
        ..., max_length=17, description="Citizen ID of the harmed person or of the requester"
    )


class StatusOut(Schema):
    number: str
    programme: str
    stage: str
    stage_th: str
    stage_en: str
    received_on: date
    meeting_on: date | None
    decided_on: date | None
    appeal_received_on: date | None
    appeal_meeting_on: date | None
    appeal_decided_on: date | None
    paid_on: date | None


@router.post(
    "/assistance/status",
    response={200: StatusOut, **ERRORS, 429: ErrorsOut},
    auth=None,
    summary="Public: the stage and dates of an assistance request",
)
def status(request, payload: StatusIn):
    """Needs both the request number and the citizen ID of the harmed person or the requester;
    any mismatch answers ASSIST_STATUS_NO_MATCH alike, and ten misses from one address in 15
    minutes answer ASSIST_TOO_MANY_TRIES (429); more than ten look-ups from one address in a
    minute answer TOO_MANY_LOOKUPS (429). Nothing else about anyone is returned."""
    limits.count_lookup(request, "assistance_status")
    found = services.public_status(
        payload.number, payload.citizen_id, client=limits.client_ip(request)
    )
    th, en = STAGE_NAMES[Stage(found["stage"])]
    return {**found, "stage_th": th, "stage_en": en}


class ReviewOut(Schema):
    level: int
    received_on: date
    meeting_on: date | None
    decided_on: date | None
    outcome: str
    category: str
    amount: str | None = Field(None, description="baht, two decimals")
    ceiling_high: str | None


class RequestOut(Schema):
    number: str
    programme: str
    stage: str
    hospital: str
    province: str
    harm_on: date
    learned_on: date
    received_on: date
    timeliness: str
    deadline: date | None
    reviews: list[ReviewOut]
    awarded: str | None
    paid: str


@router.get(
    "/assistance/requests/{number}",
    response={200: RequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary or NHSO: one request, its reviews and what was paid",
)
def get_request(request, number: str):
    req = services.get_request(actor_of(request), number)
    return {
        "number": req.number,
        "programme": req.programme,
        "stage": req.stage,
        "hospital": req.hospital_id,
        "province": req.province_id,
        "harm_on": req.harm_on,
        "learned_on": req.learned_on,
        "received_on": req.received_on,
        "timeliness": req.timeliness,
        "deadline": req.deadline,
        "reviews": [
            {
                "level": r.level,
                "received_on": r.received_on,
                "meeting_on": r.meeting_on,
                "decided_on": r.decided_on,
                "outcome": r.outcome,
                "category": r.category,
                "amount": money(r.amount),
                "ceiling_high": money(r.ceiling_high),
            }
            for r in req.reviews.all()
        ],
        "awarded": money(services.award(req)),
        "paid": money(services.paid(req)),
    }
