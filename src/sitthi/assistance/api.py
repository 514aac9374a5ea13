"""Initial-assistance endpoints: the public status look-up, and the committee secretary's
system doing over the API what the secretary's pages do, through the same services and
scoped as they are: the secretary and NHSO read the requests (the queue's filters, in pages,
as CSV or XLSX) and one request; only the secretary registers a request, schedules it for a
meeting, records the committee's decision, registers an appeal and records the payment (a
token needs the "pay" scope for that). Anyone else is refused ROLE_FORBIDDEN, as on the
pages."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sitthi.core import limits
from sitthi.core.api import AUTH, AUTH_PAY, ERRORS, ErrorsOut, actor_of
from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.assistance import PROGRAMMES, STAGE_NAMES, Stage
from sitthi.rules.kernel.money import amount_text as money
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.web.exports import API_FORMAT_HELP, api_file_format, api_file_responses

from . import lists, services
from .exports import requests_file
from .models import Request

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


#: How a day is sent: as the pages read it (``registry.services.parse_date``).
DAY = "yyyy-mm-dd, or dd/mm/yyyy with a Buddhist-Era year as on the page"


class AssistanceReviewOut(Schema):
    level: int = Field(..., description="1 the first decision, 2 the appeal")
    received_on: date
    appeal_reason: str
    meeting_on: date | None
    decided_on: date | None
    outcome: str = Field(..., description="approved, rejected, or empty while open")
    category: str
    amount: str | None = Field(None, description="baht, two decimals")
    reasons: str
    ceiling_low: str | None
    ceiling_high: str | None
    ceiling_source: str


class AssistancePaymentOut(Schema):
    level: int = Field(..., description="The review whose award was paid")
    amount: str
    paid_on: date
    reference: str
    recorded_at: datetime


class AssistanceRequestOut(Schema):
    number: str
    programme: str
    stage: str
    stage_th: str
    stage_en: str
    hospital: str
    province: str
    harm_on: date
    learned_on: date
    received_on: date
    timeliness: str = Field(..., description="in_time, late or unchecked")
    deadline: date | None
    timeliness_rule: str
    reviews: list[AssistanceReviewOut]
    payments: list[AssistancePaymentOut]
    awarded: str | None
    paid: str
    outstanding: str
    actions: list[str] = Field(
        ..., description="The steps open now: schedule, approve, reject, pay, appeal"
    )
    documents: int


def request_out(req: Request) -> dict:
    th, en = STAGE_NAMES[Stage(req.stage)]
    return {
        "number": req.number,
        "programme": req.programme,
        "stage": req.stage,
        "stage_th": th,
        "stage_en": en,
        "hospital": req.hospital_id,
        "province": req.province_id,
        "harm_on": req.harm_on,
        "learned_on": req.learned_on,
        "received_on": req.received_on,
        "timeliness": req.timeliness,
        "deadline": req.deadline,
        "timeliness_rule": req.timeliness_rule,
        "reviews": [
            {
                "level": r.level,
                "received_on": r.received_on,
                "appeal_reason": r.appeal_reason,
                "meeting_on": r.meeting_on,
                "decided_on": r.decided_on,
                "outcome": r.outcome,
                "category": r.category,
                "amount": money(r.amount),
                "reasons": r.reasons,
                "ceiling_low": money(r.ceiling_low),
                "ceiling_high": money(r.ceiling_high),
                "ceiling_source": r.ceiling_source,
            }
            for r in req.reviews.all()
        ],
        "payments": [
            {
                "level": p.review.level,
                "amount": money(p.amount),
                "paid_on": p.paid_on,
                "reference": p.reference,
                "recorded_at": p.recorded_at,
            }
            for p in req.payments.select_related("review")
        ],
        "awarded": money(services.award(req)),
        "paid": money(services.paid(req)),
        "outstanding": money(services.outstanding(req)),
        "actions": [a.value for a in services.next_actions(req)],
        "documents": req.documents.count(),
    }


def _read(request, number: str) -> dict:
    return request_out(services.get_request(actor_of(request), number))


@router.get(
    "/assistance/requests/{number}",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary or NHSO: one request, its reviews and what was paid",
)
def get_request(request, number: str):
    """By its number (S41-2569-00001). The harmed person's and the requester's names and
    citizen IDs are not in this answer (the list shows the harmed person's name and masked ID,
    as the queue page does); the documents are read on the request's page."""
    return _read(request, number)


class AssistanceRequestFilter(Schema):
    """The queue's filters, as on the page (``sitthi.assistance.lists.REQUESTS``): ``q`` a
    request number (part), a hospital code or a hospital's name (part); ``stage``,
    ``programme`` (section41, …), ``category`` (the latest review's harm category),
    ``province`` (code); ``received_from``/``received_to`` as yyyy-mm-dd or dd/mm/yyyy in the
    Buddhist Era; ``older`` the open requests received more than that many days ago. Oldest
    received first. The search by citizen ID is the page's (sent by POST, never in an
    address)."""

    q: str | None = None
    stage: str | None = None
    programme: str | None = None
    category: str | None = None
    province: str | None = None
    received_from: str | None = None
    received_to: str | None = None
    older: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class AssistanceRequestSummaryOut(Schema):
    number: str
    programme: str
    stage: str
    harmed_name: str
    harmed_cid_masked: str
    hospital: str
    hospital_name: str
    province: str
    harm_on: date
    received_on: date
    age_days: int = Field(..., description="Days since the request was received")
    late: bool
    category: str | None
    awarded: str | None
    paid: str


class AssistanceRequestPage(Schema):
    count: int
    counts: dict[str, int] = Field(..., description="How many requests are at each stage")
    items: list[AssistanceRequestSummaryOut]


@router.get(
    "/assistance/requests",
    response={200: AssistanceRequestPage, **ERRORS},
    auth=AUTH,
    summary="Secretary or NHSO: the requests, by stage and the queue's filters",
    openapi_extra=api_file_responses(),
)
def list_requests(request, filters: Query[AssistanceRequestFilter]):
    """With ``format=csv|xlsx`` (or ``Accept``) every selected request as the queue page
    exports it (the citizen ID masked)."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    today = bangkok_date(timezone.now())
    lists.read_older(filters.older)  # REQUEST_INVALID before anything is listed
    qs = lists.REQUESTS.apply(
        actor,
        services.requests(actor),
        filters.dict(exclude={"limit", "offset", "format"}),
        today,
    )
    if fmt:
        return requests_file(fmt, qs, today)
    return {
        "count": qs.count(),
        "counts": dict(services.stage_counts(actor)),
        "items": [
            {
                "number": r.number,
                "programme": r.programme,
                "stage": r.stage,
                "harmed_name": r.harmed_name,
                "harmed_cid_masked": mask_citizen_id(r.harmed_cid),
                "hospital": r.hospital_id,
                "hospital_name": r.hospital.name_th,
                "province": r.province_id,
                "harm_on": r.harm_on,
                "received_on": r.received_on,
                "age_days": (today - r.received_on).days,
                "late": r.late,
                "category": r.latest_category,
                "awarded": money(r.awarded),
                "paid": money(r.paid_total) or "0.00",
            }
            for r in qs[filters.offset : filters.offset + filters.limit]
        ],
    }


class AssistanceRegisterIn(Schema):
    """A received request, as the secretary's form takes it; every field is checked and every
    problem answered at once (nothing is stored). The documents are attached on the request's
    page."""

    programme: str = Field(..., max_length=20, description=", ".join(PROGRAMMES))
    harmed_cid: str = Field(..., max_length=17, description="13 digits")
    harmed_name: str = Field(..., max_length=120)
    relation: str = Field(..., max_length=20, description="self, heir or representative")
    requester_cid: str = Field("", max_length=17, description="Not needed when relation=self")
    requester_name: str = Field("", max_length=120)
    requester_contact: str = Field("", max_length=200)
    hospital: str = Field(..., max_length=10, description="Where the harm happened (5 digits)")
    harm_on: str = Field(..., max_length=20, description=DAY)
    learned_on: str = Field("", max_length=20, description=DAY + "; by default the day of the harm")
    received_on: str = Field(..., max_length=20, description=DAY)
    description: str = Field(..., max_length=5000)


@router.post(
    "/assistance/requests",
    response={201: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary: register a received request",
)
def register(request, payload: AssistanceRegisterIn):
    """Answered with the request and its number (201). A late request is registered and
    flagged (``timeliness`` late, with the rule it breaks): the committee still decides. The
    same harm registered twice (programme, person, day, place) is ASSIST_DUPLICATE."""
    created = services.register(
        actor_of(request),
        services.RequestIn(**payload.dict()),
        [],
        now=timezone.now(),
    )
    return Status(201, _read(request, created.number))


class AssistanceMeetingIn(Schema):
    meeting_on: str = Field(..., max_length=20, description=DAY)


@router.post(
    "/assistance/requests/{number}/meeting",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary: put a request (or its appeal) on a meeting's agenda",
)
def schedule(request, number: str, payload: AssistanceMeetingIn):
    """Again to move the meeting. A request at a stage that has no meeting to set answers
    ASSIST_STAGE (409)."""
    services.schedule(actor_of(request), number, payload.meeting_on, now=timezone.now())
    return _read(request, number)


class AssistanceDecisionIn(Schema):
    outcome: str = Field(..., max_length=10, description="approved or rejected")
    decided_on: str = Field(..., max_length=20, description=DAY)
    category: str = Field("", max_length=20, description="The harm category (approved)")
    amount: str = Field(
        "",
        max_length=30,
        description='Baht (approved), within the ceiling in force on the day of the harm, e.g. "100000.00"',
    )
    reasons: str = Field("", max_length=5000, description="Required when rejected")


@router.post(
    "/assistance/requests/{number}/decision",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary: record the committee's decision on a request or its appeal",
)
def decide(request, number: str, payload: AssistanceDecisionIn):
    """An amount over the category's ceiling (or under a provider range's least amount) is
    refused with the ceiling in the message; a rejection needs its reasons."""
    services.decide(
        actor_of(request), number, services.DecisionIn(**payload.dict()), now=timezone.now()
    )
    return _read(request, number)


class AssistanceAppealIn(Schema):
    received_on: str = Field(..., max_length=20, description=DAY)
    reason: str = Field(..., max_length=5000)


@router.post(
    "/assistance/requests/{number}/appeal",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary: register an appeal against the first decision",
)
def appeal(request, number: str, payload: AssistanceAppealIn):
    """At most one per request (ASSIST_APPEAL_TWICE)."""
    services.appeal(
        actor_of(request), number, payload.received_on, payload.reason, now=timezone.now()
    )
    return _read(request, number)


class AssistancePayIn(Schema):
    paid_on: str = Field(..., max_length=20, description=DAY)
    reference: str = Field("", max_length=60, description="The transfer's reference")


@router.post(
    "/assistance/requests/{number}/payment",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH_PAY,
    summary="Secretary: record the payment of what the committee awarded",
)
def pay(request, number: str, payload: AssistancePayIn):
    """What is awarded and not yet paid (after an appeal that raised the award, the
    difference). A token needs the "pay" scope (TOKEN_SCOPE otherwise)."""
    services.pay(actor_of(request), number, payload.paid_on, payload.reference, now=timezone.now())
    return _read(request, number)


@router.post(
    "/assistance/requests/{number}/documents",
    response={200: AssistanceRequestOut, **ERRORS},
    auth=AUTH,
    summary="Secretary: attach more documents to a request (PDF, JPEG or PNG)",
)
def add_documents(request, number: str, documents: File[list[UploadedFile]]):
    """Multipart, the files under ``documents``; each is judged by what its bytes are, not by
    its name. Any file refused refuses them all and nothing is stored."""
    from .documents import Upload

    services.add_documents(
        actor_of(request),
        number,
        [Upload(f.name or "", f.read()) for f in documents],
        now=timezone.now(),
    )
    return _read(request, number)
