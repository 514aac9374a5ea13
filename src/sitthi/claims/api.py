"""Claims endpoints: submit (one or many), read, move through the states, notices, payments,
deadlines, statements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import prefetch_related_objects
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BaseModel, ConfigDict

from sitthi.core.api import AUTH, AUTH_PAY, ERRORS, actor_of
from sitthi.core.errors import SitthiError
from sitthi.core.links import links
from sitthi.registry.services import MAX_ID
from sitthi.rules.citizen_id import normalise as normalise_cid
from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.money import amount_text
from sitthi.web.exports import API_FORMAT_HELP, api_file_format, api_file_responses

from . import frames as fr
from . import lists, services
from .exports import claims_file, notices_file
from .models import Claim, Notice

router = Router(tags=["Claims"], auth=AUTH)
Money = Decimal


class Plain(BaseModel):
    """The base of the claim schemas a bulk request carries by the thousand (claims, lines,
    diagnoses, problems, history): plain pydantic, validated by pydantic-core alone. Ninja's
    ``Schema`` wraps every object it validates, nested ones too, in an attribute getter (for
    ORM objects and ``resolve_`` methods, which these schemas do not use: answers are built
    as dicts by ``claim_out``); for the 12,000 lines of a 300-claim bulk request in and out,
    that wrapper was most of the request's time. The JSON in and out and the OpenAPI document
    are the same (bench/claims_bulk.py, tests/claims)."""

    model_config = ConfigDict(from_attributes=True)


class LineIn(Plain):
    item_code: str = Field(..., min_length=1, max_length=40)
    quantity: Decimal = Field(..., max_digits=14, decimal_places=3)
    served_at: datetime
    charged: Money = Field(
        ...,
        max_digits=14,
        decimal_places=2,
        description='Baht with up to two decimals, e.g. "1250.00".',
    )


class DiagnosisIn(Plain):
    code: str = Field(..., min_length=1, max_length=10, description="ICD-10, e.g. E11.9")
    dx_type: str = Field("1", max_length=2, description='"1" is the principal diagnosis.')


class ClaimIn(Plain):
    claim_key: str = Field(
        ...,
        min_length=1,
        max_length=100,
        description="The hospital's own key: sending it again is safe.",
    )
    hospital: str = Field(..., description="5-digit hospital code (your own).")
    citizen_id: str = Field(
        ...,
        description="13 digits; the printed form 1-2345-67890-12-3 is read too. Anything else "
        "is refused with CID_FORMAT and not stored.",
    )
    service_type: str = Field(
        ...,
        max_length=20,
        description="OP, IP or COVID_BODY. UCEP and HICI claims are made only by billing their "
        "episode (/api/v1/ucep/episodes/{id}/claims) or HI/CI case.",
    )
    admitted_at: datetime = Field(..., description="Visit or admission time, with its offset.")
    discharged_at: datetime | None = None
    diagnoses: list[DiagnosisIn] = Field(default_factory=list, max_length=50)
    lines: list[LineIn] = Field(default_factory=list, max_length=2000)


class ProblemOut(Plain):
    code: str
    family: str
    field: str | None
    message_th: str
    message_en: str


class LineOut(Plain):
    line_no: int
    item_code: str
    quantity: str
    served_at: datetime
    charged: str
    payable: str | None
    explanation_th: str | None
    explanation_en: str | None
    rule: str | None
    schedule: str | None
    tariff_valid_from: date | None
    tariff_valid_until: date | None
    tariff_source: str | None
    illustrative: bool


class EventOut(Plain):
    at: datetime
    from_state: str
    to_state: str
    revision: int
    note: str


class ClaimOut(Plain):
    id: int
    claim_key: str
    hospital: str
    citizen_id_masked: str
    service_type: str
    programme: str = Field(
        ...,
        description="The programme whose fee schedules priced the claim: general, ucep, or "
        "ucep_covid (the annex to the UCEP COVID-19 Plus criteria). Set by the clearing "
        "house from the service type, or by the UCEP episode billed; never sent.",
    )
    admitted_at: datetime
    discharged_at: datetime | None
    state: str
    revision: int
    fund: str | None
    charged_total: str
    payable_total: str | None
    notice: str | None
    notice_due: date | None
    problems: list[ProblemOut]
    lines: list[LineOut]
    history: list[EventOut]
    decided_with: str


class SubmitOut(Plain):
    status: str
    claim: ClaimOut | None
    problems: list[ProblemOut]


#: Amounts as the API writes them (two places, as strings); other areas' APIs import it here.
money = amount_text


def claim_out(claim: Claim) -> dict:
    from sitthi.core.logmask import mask_citizen_id

    from .explain import explain_line

    problems = [p.item().as_dict() for p in claim.problems.all()]
    lines = []
    for ln in claim.lines.all():
        th, en = explain_line(ln) if ln.payable is not None else (None, None)
        lines.append(
            {
                "line_no": ln.line_no,
                "item_code": ln.item_code,
                "quantity": f"{ln.quantity:f}",
                "served_at": ln.served_at,
                "charged": money(ln.charged),
                "payable": money(ln.payable),
                "explanation_th": th,
                "explanation_en": en,
                "rule": ln.rule or None,
                "schedule": ln.schedule or None,
                "tariff_valid_from": ln.tariff_valid_from,
                "tariff_valid_until": ln.tariff_valid_until,
                "tariff_source": ln.tariff_source or None,
                "illustrative": ln.illustrative,
            }
        )
    return {
        "id": claim.pk,
        "claim_key": claim.claim_key,
        "hospital": claim.hospital_id,
        "citizen_id_masked": mask_citizen_id(claim.citizen_id),
        "service_type": claim.service_type,
        "programme": claim.programme,
        "admitted_at": claim.admitted_at,
        "discharged_at": claim.discharged_at,
        "state": claim.state,
        "revision": claim.revision,
        "fund": claim.fund_id,
        "charged_total": money(claim.charged_total),
        "payable_total": money(claim.payable_total),
        "notice": claim.notice.number if claim.notice_id else None,
        "notice_due": claim.notice_due,
        "problems": problems,
        "lines": lines,
        "history": [
            {
                "at": e.at,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "revision": e.revision,
                "note": e.note,
            }
            for e in claim.events.all()
        ],
        "decided_with": claim.tariff_versions,
    }


def _inputs(payloads: list[ClaimIn]) -> fr.Frames:
    return fr.frames_from_inputs(
        [
            fr.ClaimIn(
                claim_key=p.claim_key,
                hospital=p.hospital,
                citizen_id=normalise_cid(p.citizen_id),
                service_type=p.service_type,
                admitted_at=p.admitted_at,
                discharged_at=p.discharged_at,
                diagnoses=[fr.DiagnosisIn(d.code, d.dx_type) for d in p.diagnoses],
                lines=[
                    fr.LineIn(ln.item_code, ln.quantity, ln.served_at, ln.charged) for ln in p.lines
                ],
            )
            for p in payloads
        ]
    )


def _submit_out(outcome: services.Outcome) -> dict:
    return {
        "status": outcome.status,
        "claim": claim_out(outcome.claim) if outcome.claim else None,
        "problems": [e.as_dict() for e in outcome.errors],
    }


@router.post(
    "/claims",
    response={200: SubmitOut, 201: SubmitOut, **ERRORS},
    summary="Submit one claim",
    openapi_extra=links(
        "claims",
        (200, 201),
        "/claim/id",
        "claim_id",
        "get_claim",
        "claim_fhir",
        "documents_complete",
        "return_claim",
    ),
)
def submit_claim(request, payload: ClaimIn):
    """Submit one claim. It is decided at once: `accepted` and priced (each line with its
    explanation), or `rejected` with all its problems. Sending the same claim again answers
    200 with the stored claim (`unchanged`); a different claim under a used key is refused
    with 409 CLAIM_KEY_CONFLICT unless the stored one was rejected or returned — then it is a
    resubmission (`resubmitted`, a new revision). A UCEP or HI/CI claim is refused with 409
    CLAIM_NEEDS_EPISODE / CLAIM_NEEDS_CASE: it is made only by billing its episode or case."""
    (outcome,) = services.submit(
        actor_of(request), _inputs([payload]), via="api", now=timezone.now()
    )
    if outcome.status in ("conflict", "refused"):
        raise SitthiError(*outcome.errors)
    return Status(
        201 if outcome.status in ("created", "resubmitted") else 200, _submit_out(outcome)
    )


class BulkIn(Plain):
    claims: list[ClaimIn] = Field(..., min_length=1, max_length=1000)


class BulkOut(Plain):
    results: list[SubmitOut]


@router.post("/claims/bulk", response={200: BulkOut, **ERRORS}, summary="Submit many claims")
def submit_bulk(request, payload: BulkIn):
    """Up to 1,000 claims; each is decided on its own, as if posted alone. The answer lists
    one result per claim, in order; a UCEP or HI/CI claim is `refused` (CLAIM_NEEDS_EPISODE /
    CLAIM_NEEDS_CASE) and not stored."""
    outcomes = services.submit(
        actor_of(request), _inputs(payload.claims), via="bulk", now=timezone.now()
    )
    # The answers show each claim's lines, problems, history and notice: read them for the
    # whole batch in one query each, not three or four per claim.
    prefetch_related_objects(
        [o.claim for o in outcomes if o.claim], "lines", "problems", "events", "notice"
    )
    return {"results": [_submit_out(o) for o in outcomes]}


class ClaimFilter(Schema):
    """The claims list's filters, as on the page (``sitthi.claims.lists.CLAIMS``): ``q`` a claim
    key (part), hospital code or name, or notice number; dates as ``yyyy-mm-dd`` or
    ``dd/mm/yyyy`` in the Buddhist Era. A filter a role is not offered (a hospital's
    ``hospital``, a fund's ``fund``) is ignored."""

    state: str | None = None
    key: str | None = None
    q: str | None = None
    hospital: str | None = None
    fund: str | None = None
    service_type: str | None = None
    admitted_from: str | None = None
    admitted_to: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class ClaimSummary(Schema):
    id: int
    claim_key: str
    hospital: str
    service_type: str
    admitted_at: datetime
    state: str
    fund: str | None
    charged_total: str
    payable_total: str | None


class ClaimPage(Schema):
    count: int
    items: list[ClaimSummary]


@router.get(
    "/claims",
    response={200: ClaimPage, **ERRORS},
    summary="List claims",
    openapi_extra=api_file_responses(),
)
def list_claims(request, filters: Query[ClaimFilter]):
    """A hospital sees its own claims; a fund the claims it was notified of; NHSO all. With
    ``format=csv|xlsx`` (or ``Accept``) every selected claim as the claims page exports it."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    qs = lists.CLAIMS.apply(
        actor,
        services.claims_for(actor),
        filters.dict(exclude={"key", "limit", "offset", "format"}),
        thaitime.bangkok_date(timezone.now()),
    )
    if filters.key:
        qs = qs.filter(claim_key=filters.key)
    if fmt:
        return claims_file(fmt, qs)
    page = qs[filters.offset : filters.offset + filters.limit]
    return {
        "count": qs.count(),
        "items": [
            {
                "id": c.pk,
                "claim_key": c.claim_key,
                "hospital": c.hospital_id,
                "service_type": c.service_type,
                "admitted_at": c.admitted_at,
                "state": c.state,
                "fund": c.fund_id,
                "charged_total": money(c.charged_total),
                "payable_total": money(c.payable_total),
            }
            for c in page
        ],
    }


@router.get("/claims/{claim_id}", response={200: ClaimOut, **ERRORS}, summary="One claim")
def get_claim(request, claim_id: int):
    return claim_out(services.get_claim(actor_of(request), claim_id))


@router.post(
    "/claims/{claim_id}/documents-complete",
    response={200: ClaimOut, **ERRORS},
    summary="NHSO: the documents are complete",
)
def documents_complete(request, claim_id: int):
    return claim_out(
        services.mark_documents_complete(actor_of(request), claim_id, now=timezone.now())
    )


class ReturnReasonIn(Schema):
    reason: str = Field(..., max_length=1000)


@router.post(
    "/claims/{claim_id}/return",
    response={200: ClaimOut, **ERRORS},
    summary="NHSO: return a claim to the hospital for correction",
)
def return_claim(request, claim_id: int, payload: ReturnReasonIn):
    return claim_out(
        services.return_for_correction(
            actor_of(request), claim_id, payload.reason, now=timezone.now()
        )
    )


class NoticeIn(Schema):
    fund: str
    claim_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., min_length=1, max_length=5000
    )


class NoticeOut(Schema):
    id: int
    number: str
    fund: str
    created_at: datetime
    total: str
    payment_due: date
    paid_amount: str | None
    paid_on: date | None
    payment_reference: str
    claim_ids: list[int]


def notice_out(n: Notice) -> dict:
    return {
        "id": n.pk,
        "number": n.number,
        "fund": n.fund_id,
        "created_at": n.created_at,
        "total": money(n.total),
        "payment_due": n.payment_due,
        "paid_amount": money(n.paid_amount),
        "paid_on": n.paid_on,
        "payment_reference": n.payment_reference,
        "claim_ids": list(n.claims.values_list("pk", flat=True)),
    }


@router.post(
    "/notices",
    response={201: NoticeOut, **ERRORS},
    summary="NHSO: notify an owner fund of verified claims",
    openapi_extra=links("claims", (201,), "/id", "notice_id", "pay_notice"),
)
def create_notice(request, payload: NoticeIn):
    notice = services.create_notice(
        actor_of(request), payload.fund, payload.claim_ids, now=timezone.now()
    )
    return Status(201, notice_out(notice))


class NoticeFilter(Schema):
    """The notices list's filters, as on the page (``sitthi.claims.lists.NOTICES``): ``q`` a
    notice number (N000123) or (part of) the payment reference; ``status`` sent (not paid) or
    paid; ``due`` week (unpaid, due within 7 days, not late) or overdue; ``fund`` (not offered
    to a fund: it sees its own only, the filter is ignored); sent and due dates as
    ``yyyy-mm-dd`` or ``dd/mm/yyyy`` in the Buddhist Era. Newest first, at most ``limit``."""

    q: str | None = None
    status: str | None = None
    due: str | None = None
    fund: str | None = None
    sent_from: str | None = None
    sent_to: str | None = None
    due_from: str | None = None
    due_to: str | None = None
    limit: int = Field(500, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


@router.get(
    "/notices",
    response={200: list[NoticeOut], **ERRORS},
    summary="Notices (a fund sees its own)",
    openapi_extra=api_file_responses(),
)
def list_notices(request, filters: Query[NoticeFilter]):
    """NHSO every notice, a fund its own. With ``format=csv|xlsx`` (or ``Accept``) every
    selected notice as the notices page exports it."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    qs = lists.NOTICES.apply(
        actor,
        services.notices_for(actor),
        filters.dict(exclude={"limit", "offset", "format"}),
        thaitime.bangkok_date(timezone.now()),
    )
    if fmt:
        return notices_file(fmt, qs)
    return [notice_out(n) for n in qs[filters.offset : filters.offset + filters.limit]]


class PaymentIn(Schema):
    amount: Money = Field(..., max_digits=14, decimal_places=2)
    paid_on: date
    reference: str = Field(..., max_length=100)


@router.post(
    "/notices/{notice_id}/payment",
    response={200: NoticeOut, **ERRORS},
    auth=AUTH_PAY,
    summary="Fund: record the payment of a notice",
)
def pay_notice(request, notice_id: int, payload: PaymentIn):
    notice = services.record_payment(
        actor_of(request),
        notice_id,
        payload.amount,
        payload.paid_on,
        payload.reference,
        now=timezone.now(),
    )
    return notice_out(notice)


@router.get(
    "/claims/{claim_id}/fhir",
    response={200: dict, **ERRORS},
    summary="The claim and its decision as FHIR R4B (Bundle of Claim + ClaimResponse)",
    # The answer's media type is FHIR's own (found by the stateful schemathesis run).
    openapi_extra={
        "responses": {200: {"content": {"application/fhir+json": {"schema": {"type": "object"}}}}}
    },
)
def claim_fhir(request, claim_id: int):
    """HL7 FHIR **R4B** resources, built and validated with `fhir.resources.R4B`: a
    `collection` Bundle holding the `Claim` (as submitted) and the `ClaimResponse` (the
    decision: outcome, payable per line as the `benefit` adjudication, error codes).
    Money is THB with its satang."""
    from django.http import HttpResponse

    from .fhir import fhir_bundle

    bundle = fhir_bundle(services.get_claim(actor_of(request), claim_id))
    return HttpResponse(
        bundle.model_dump_json(exclude_none=True), content_type="application/fhir+json"
    )


# -- correct and resend, documents, look-up, bulk work (issue 16) ---------------------------------


class ResendIn(Plain):
    """The corrected claim; its key and hospital are the stored claim's."""

    citizen_id: str
    service_type: str
    admitted_at: datetime
    discharged_at: datetime | None = None
    diagnoses: list[DiagnosisIn] = Field(default_factory=list, max_length=50)
    lines: list[LineIn] = Field(default_factory=list, max_length=2000)


@router.post(
    "/claims/{claim_id}/resend",
    response={201: SubmitOut, **ERRORS},
    summary="Hospital: correct a rejected or returned claim and resend it",
)
def resend_claim(request, claim_id: int, payload: ResendIn):
    """The claim key's next revision, decided like any claim; the replaced revision stays in
    the history. Only the owning hospital (another one gets 404); a claim that is neither
    rejected nor returned: 409 CLAIM_NOT_RESENDABLE; the same content: 409 RESEND_UNCHANGED."""
    claim = fr.ClaimIn(
        claim_key="",
        hospital="",
        citizen_id=payload.citizen_id,
        service_type=payload.service_type,
        admitted_at=payload.admitted_at,
        discharged_at=payload.discharged_at,
        diagnoses=[fr.DiagnosisIn(d.code, d.dx_type) for d in payload.diagnoses],
        lines=[
            fr.LineIn(ln.item_code, ln.quantity, ln.served_at, ln.charged) for ln in payload.lines
        ],
    )
    outcome = services.resend(actor_of(request), claim_id, claim, via="api", now=timezone.now())
    return Status(201, _submit_out(outcome))


class DocumentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


def document_out(d) -> dict:
    return {
        "id": d.pk,
        "filename": d.filename,
        "content_type": d.content_type,
        "size": d.size,
        "sha256": d.sha256,
        "uploaded_at": d.uploaded_at,
        "uploaded_by": d.uploaded_by.username,
    }


@router.post(
    "/claims/{claim_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Hospital: attach a PDF, JPEG or PNG to its claim",
)
def attach_document(request, claim_id: int, file: File[UploadedFile]):
    """multipart/form-data, field ``file``; at most 10 MB; the type is read from the content
    (400 DOCUMENT_TYPE_REFUSED otherwise). Another hospital's claim: 404."""
    if file.size > services.DOCUMENT_MAX:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="10 MB")
    doc = services.attach_document(
        actor_of(request), claim_id, file.read(), file.name or "", now=timezone.now()
    )
    return Status(201, document_out(doc))


@router.get(
    "/claims/{claim_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="A claim's documents (its hospital, NHSO, its owner fund once notified)",
)
def list_documents(request, claim_id: int):
    return [document_out(d) for d in services.documents_of(actor_of(request), claim_id)]


@router.get(
    "/claims/{claim_id}/documents/{document_id}",
    response={200: None, **ERRORS},
    summary="One document's content",
)
def get_document(request, claim_id: int, document_id: int):
    from django.http import HttpResponse

    doc = services.get_document(actor_of(request), claim_id, document_id)
    response = HttpResponse(bytes(doc.data), content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class LookupHit(Schema):
    code: str
    name: str
    unit_price: str | None = None


class LookupOut(Schema):
    results: list[LookupHit]


@router.get(
    "/claims-lookup",
    response={200: LookupOut, **ERRORS},
    summary="Look an ICD-10 code (kind=icd10) or a fee-schedule item (kind=item) up by name",
)
def lookup(request, kind: str, q: str):
    actor_of(request).require(*services.LOOKUP_ROLES)
    return {"results": services.lookup(kind, q[:60])}


class BulkMoveIn(Schema):
    move: str = Field(..., description="documents-complete or return")
    claim_ids: list[int] = Field(..., min_length=1, max_length=services.BULK_MAX)
    reason: str = Field("", max_length=1000)


class ItemResultOut(Schema):
    id: int
    ok: bool
    state: str | None
    errors: list[ProblemOut]


class BulkMoveOut(Schema):
    done: int
    refused: int
    results: list[ItemResultOut]


@router.post(
    "/claims/bulk/moves",
    response={200: BulkMoveOut, **ERRORS},
    summary="NHSO: mark many claims documents-complete, or return them, in one request",
)
def bulk_move(request, payload: BulkMoveIn):
    """Each claim goes through the per-claim move (its own audit record); the answer has one
    result per claim: done with its new state, or refused with its coded reasons."""
    results = services.bulk_move(
        actor_of(request), payload.claim_ids, payload.move, payload.reason, now=timezone.now()
    )
    done = sum(r.ok for r in results)
    return {
        "done": done,
        "refused": len(results) - done,
        "results": [
            {
                "id": r.id,
                "ok": r.ok,
                "state": r.state,
                "errors": [e.as_dict() for e in r.errors],
            }
            for r in results
        ],
    }


class BankTransferIn(Schema):
    notice_ids: list[int] = Field(..., min_length=1, max_length=services.BULK_MAX)
    amount: Money = Field(..., max_digits=14, decimal_places=2)
    paid_on: date
    reference: str = Field(..., max_length=100)


@router.post(
    "/notices/transfer",
    response={200: list[NoticeOut], **ERRORS},
    auth=AUTH_PAY,
    summary="Fund: one bank transfer pays several of its notices (all or nothing)",
)
def pay_by_transfer(request, payload: BankTransferIn):
    """The amount must be the sum of the notices (400 TRANSFER_SUM_MISMATCH); a notice of
    another fund (403 FUND_SCOPE) or already paid (409 NOTICE_ALREADY_PAID) refuses the whole
    transfer, with every problem listed; nothing is written."""
    paid = services.record_transfer(
        actor_of(request),
        payload.notice_ids,
        payload.amount,
        payload.paid_on,
        payload.reference,
        now=timezone.now(),
    )
    return [notice_out(n) for n in paid]
