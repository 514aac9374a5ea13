"""The FHIR R4B API at ``/fhir/``: what a hospital's or a fund's system may send and read as
FHIR, each through the service the JSON API and the pages use (docs/fhir.md).

Authentication is the JSON API's (a Bearer token with its scopes, or a session); every
answer is ``application/fhir+json``; every refusal an OperationOutcome carrying Sitthi's
error code, with the status the JSON API would answer."""

from __future__ import annotations

import re

from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils import timezone
from ninja import Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from sitthi.claims import frames as fr
from sitthi.claims import services as claims
from sitthi.claims.fhir import fhir_claim, fhir_claim_response
from sitthi.core import dbfaults
from sitthi.core.api import AUTH, AUTH_PAY, SitthiAPI, actor_of, validation_items
from sitthi.core.errors import SitthiError
from sitthi.registry.models import Fund, Hospital
from sitthi.ucep import services as ucep

from . import claims as claim_in
from . import eligibility, payments
from . import systems as S
from .capability import capability_statement
from .messages import FHIR_JSON, answer, error_answer, read

api = SitthiAPI(
    title="Sitthi FHIR R4B API",
    version="R4B",
    description=(
        "HL7 FHIR R4B (4.3.0) beside Sitthi's JSON API (/api/docs): the rights check as "
        "CoverageEligibilityRequest/Response, claims and UCEP pre-authorisations as "
        "Claim/ClaimResponse, a fund's payment as PaymentNotice, the statement (STM) as "
        "PaymentReconciliation. Send `Content-Type: application/fhir+json`. The identifier "
        "systems are listed at /fhir/metadata and in docs/fhir.md. Every refusal is an "
        "OperationOutcome whose issue carries Sitthi's error code (system urn:sitthi:error)."
    ),
    urls_namespace="fhir",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=AUTH,
)


@api.exception_handler(SitthiError)
def _sitthi_error(request, exc: SitthiError):
    return error_answer(exc)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_fault(request, exc):
    return dbfaults.answer(request, exc)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return error_answer(SitthiError(*validation_items(exc)))


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return error_answer(SitthiError.one("AUTH_REQUIRED"))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_answer(SitthiError.one("NOT_FOUND"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    err = SitthiError.one("REQUEST_INVALID", detail=str(exc))
    response = error_answer(err)
    response.status_code = exc.status_code
    return response


def _body(resource: str, example: dict | None = None) -> dict:
    """The OpenAPI request body of a FHIR resource (not a Ninja schema: read and validated
    by ``fhir.resources``)."""
    media = {"schema": {"type": "object", "description": f"A FHIR R4B {resource}"}}
    if example:
        media["example"] = example
    return {"requestBody": {"required": True, "content": {FHIR_JSON: media}}}


def _responses(*resources: str) -> dict:
    return {
        "responses": {
            200: {
                "description": " or ".join(resources),
                "content": {FHIR_JSON: {"schema": {"type": "object"}}},
            },
            400: {"description": "OperationOutcome (invalid FHIR or input)"},
            401: {"description": "OperationOutcome AUTH_REQUIRED / TOKEN_INVALID"},
            403: {"description": "OperationOutcome (role, office or scope)"},
            404: {"description": "OperationOutcome NOT_FOUND"},
            409: {"description": "OperationOutcome (conflict)"},
        }
    }


def _extra(resource_in: str | None, *resources_out: str) -> dict:
    out = _responses(*resources_out)
    if resource_in:
        out.update(_body(resource_in))
    return out


def _id(value: str, prefix: str) -> int:
    found = re.fullmatch(rf"(?:{prefix}-)?(\d{{1,18}})", value)
    if not found:
        raise SitthiError.one("NOT_FOUND")
    return int(found.group(1))


@api.get(
    "/metadata",
    auth=None,
    summary="CapabilityStatement: what this server supports",
    openapi_extra=_responses("CapabilityStatement"),
)
def metadata(request):
    return answer(capability_statement(request.build_absolute_uri("/fhir/")))


@api.post(
    "/CoverageEligibilityRequest",
    summary="Rights check: CoverageEligibilityRequest → CoverageEligibilityResponse",
    openapi_extra=_extra("CoverageEligibilityRequest", "CoverageEligibilityResponse"),
)
def coverage_eligibility(request):
    """The rights check of `POST /api/v1/rights` (same service, answers and codes): the
    patient's citizen ID by identifier, `servicedDate` the day, `provider` the hospital."""
    req, raw = read(request, "CoverageEligibilityRequest")
    now = timezone.now()
    found = eligibility.check(actor_of(request), req, now=now)
    return answer(eligibility.response(req, raw, found, now=now))


@api.post(
    "/Claim",
    summary="A claim (use=claim) or a UCEP triage notification (use=preauthorization)",
    openapi_extra=_extra("Claim", "ClaimResponse"),
)
def submit_claim(request):
    """`use` = `claim`: decided at once by the claims service, as `POST /api/v1/claims`
    decides it (201 a new claim or a resubmission, 200 the same claim sent again); the
    ClaimResponse has every line's adjudication (submitted, benefit) with its explanation and
    each failed edit as an `error`. A claim refused outright (a key used by another claim,
    UCEP or HI/CI claims that only their episode or case may bill) is an OperationOutcome
    with the same code and status. `use` = `preauthorization`: the UCEP notification of an
    open episode to the EMS coordination centre (`POST /api/v1/ucep/episodes/{id}/notify`);
    the ClaimResponse carries `preAuthRef` and the 72-hour window as `preAuthPeriod`."""
    claim, _raw = read(request, "Claim")
    actor = actor_of(request)
    now = timezone.now()
    if claim.use == "preauthorization":
        return _preauthorization(actor, claim, now)
    if claim.use != "claim":
        raise SitthiError.one(
            "FHIR_CODE_UNKNOWN",
            "Claim.use",
            at="Claim.use",
            value=claim.use,
            known="claim, preauthorization",
        )
    (outcome,) = claims.submit(
        actor, fr.frames_from_inputs([claim_in.claim_input(claim)]), via="fhir", now=now
    )
    if outcome.status in ("conflict", "refused"):
        raise SitthiError(*outcome.errors)
    status = 201 if outcome.status in ("created", "resubmitted") else 200
    return answer(fhir_claim_response(outcome.claim), status)


def _preauthorization(actor, claim, now):
    from fhir.resources.R4B.claimresponse import ClaimResponse

    episode_id, cid = claim_in.episode_of(claim)
    episode = ucep.get_episode(actor, episode_id)
    if cid != episode.citizen_id:
        raise SitthiError.one("FHIR_PATIENT_MISMATCH", "Claim.patient")
    episode = ucep.notify_ems(actor, episode_id, now=now, contact=claim_in.contact_of(claim))
    try:
        start, end = ucep.window_of(episode)
    except SitthiError:
        start = end = None
    response = {
        "id": f"ucep-{episode.pk}",
        "identifier": [{"system": S.EPISODE_SYSTEM, "value": str(episode.pk)}],
        "status": "active",
        "type": {"coding": [{"system": S.CLAIM_TYPE, "code": "institutional"}]},
        "use": "preauthorization",
        "patient": {"identifier": {"system": S.CID_SYSTEM, "value": episode.citizen_id}},
        "created": now.isoformat(),
        "insurer": {"identifier": {"system": S.FUND_SYSTEM, "value": episode.fund_id or "UNKNOWN"}},
        "requestor": {"identifier": {"system": S.HCODE_SYSTEM, "value": actor.hospital_code}},
        "request": {"identifier": {"system": S.EPISODE_SYSTEM, "value": str(episode.pk)}},
        # The centre reviews the triage next: queued until it confirms or overrules it.
        "outcome": "queued",
        "disposition": f"ems:{episode.ems_state}",
        "preAuthRef": f"UCEP-{episode.pk}",
    }
    if start is not None:
        response["preAuthPeriod"] = {
            "start": start.isoformat(),
            **({"end": end.isoformat()} if end is not None else {}),
        }
    return answer(ClaimResponse(**response))


@api.get("/Claim/{claim_id}", summary="A claim as submitted", openapi_extra=_responses("Claim"))
def read_claim(request, claim_id: str):
    """`claim_id` as Sitthi writes it (`claim-12`) or the claim's number (`12`). A hospital
    reads its own claims, a fund its members', NHSO all (as `GET /api/v1/claims/{id}`)."""
    return answer(fhir_claim(claims.get_claim(actor_of(request), _id(claim_id, "claim"))))


@api.get(
    "/ClaimResponse/{claim_id}",
    summary="A claim's decision",
    openapi_extra=_responses("ClaimResponse"),
)
def read_claim_response(request, claim_id: str):
    """`claim_id` as `claimresponse-12` or `12`; scoped as the claim is."""
    found = claims.get_claim(actor_of(request), _id(claim_id, "claimresponse"))
    return answer(fhir_claim_response(found))


@api.post(
    "/PaymentNotice",
    auth=AUTH_PAY,
    summary="Fund: the payment of a notice (needs the pay scope)",
    openapi_extra=_extra("PaymentNotice", "PaymentNotice"),
)
def payment_notice(request):
    """The fund records that it paid a notice in full, as `POST /api/v1/notices/{id}/payment`
    (same service and codes: another fund's notice is NOT_FOUND, a second payment
    NOTICE_ALREADY_PAID, a wrong amount PAYMENT_AMOUNT_MISMATCH)."""
    notice_in, _raw = read(request, "PaymentNotice")
    now = timezone.now()
    notice = payments.pay(actor_of(request), notice_in, now=now)
    return answer(payments.notice_resource(notice, now=now))


class ReconciliationQuery(Schema):
    hospital: str | None = Field(None, max_length=5, description="NHSO names the hospital.")
    date_from: str | None = Field(None, alias="from", max_length=40)
    date_to: str | None = Field(None, alias="to", max_length=40)
    fund: str | None = Field(None, max_length=10)


@api.get(
    "/PaymentReconciliation",
    summary="The statement of payment (STM) as PaymentReconciliation, one per payment",
    openapi_extra=_responses("Bundle of PaymentReconciliation"),
)
def payment_reconciliation(request, filters: Query[ReconciliationQuery]):
    """The statement `GET /api/v1/statements` reads (same period defaults, filters, scope and
    codes), as a searchset Bundle: one PaymentReconciliation per payment (fund, transfer
    reference, day), each detail a paid claim with its amount."""
    params = filters.dict(by_alias=True, exclude={"hospital"})
    return answer(
        payments.reconciliation(actor_of(request), filters.hospital, params, now=timezone.now())
    )


@api.get(
    "/Organization/{org_id}",
    summary="A hospital (by its 5-digit code) or a fund (by its code)",
    openapi_extra=_responses("Organization"),
)
def organization(request, org_id: str):
    hospital = Hospital.objects.filter(hcode=org_id).first() if len(org_id) <= 5 else None
    if hospital is not None:
        phone = [{"system": "phone", "value": hospital.phone}] if hospital.phone else None
        return answer(_organization(S.HCODE_SYSTEM, hospital, hospital.hcode, "prov", phone))
    fund = Fund.objects.filter(code=org_id).first() if len(org_id) <= 10 else None
    if fund is None:
        raise SitthiError.one("NOT_FOUND")
    return answer(_organization(S.FUND_SYSTEM, fund, fund.code, "pay"))


def _organization(system: str, org, code: str, kind: str, telecom=None):
    """A hospital (``prov``, a healthcare provider) or a fund (``pay``, a payer) as FHIR."""
    from fhir.resources.R4B.organization import Organization

    return Organization(
        id=code,
        identifier=[{"system": system, "value": code}],
        active=True,
        type=[{"coding": [{"system": S.ORGANIZATION_TYPE, "code": kind}]}],
        name=org.name_th,
        alias=[org.name_en] if org.name_en else None,
        telecom=telecom,
    )
