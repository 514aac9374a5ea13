"""A claim and its decision as HL7 FHIR R4B ``Claim`` and ``ClaimResponse`` resources
(fhir.resources ships R5 at its root and R4B under ``fhir.resources.R4B``; we use R4B, the
version Thai health-data exchanges build on). Amounts are THB ``Money`` with their satang."""

from __future__ import annotations

from decimal import Decimal

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim
from fhir.resources.R4B.claimresponse import ClaimResponse

from .models import Claim, ClaimState

SYSTEM = "urn:sitthi"
CID_SYSTEM = f"{SYSTEM}:thai-citizen-id"
HCODE_SYSTEM = f"{SYSTEM}:hcode"
FUND_SYSTEM = f"{SYSTEM}:inscl"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
OUTCOME = {
    ClaimState.REJECTED: "error",
    ClaimState.ACCEPTED: "complete",
    ClaimState.DOCUMENTS_COMPLETE: "complete",
    ClaimState.NOTIFIED: "complete",
    ClaimState.PAID: "complete",
    ClaimState.RETURNED: "partial",
    ClaimState.SUBMITTED: "queued",
}


def _money(value: Decimal | None) -> dict | None:
    return None if value is None else {"value": value, "currency": "THB"}


def _org(system: str, code: str, display: str = "") -> dict:
    ref = {"identifier": {"system": system, "value": code}}
    if display:
        ref["display"] = display
    return ref


def fhir_claim(claim: Claim) -> FhirClaim:
    lines = list(claim.lines.all())
    insurer = claim.fund_id or "UNKNOWN"
    return FhirClaim(
        id=f"claim-{claim.pk}",
        identifier=[
            {"system": f"{SYSTEM}:claim-key:{claim.hospital_id}", "value": claim.claim_key}
        ],
        status="active",
        type={
            "coding": [
                {
                    "system": CLAIM_TYPE,
                    "code": "institutional" if claim.service_type == "IP" else "professional",
                }
            ],
            "text": claim.service_type,
        },
        use="claim",
        patient={"identifier": {"system": CID_SYSTEM, "value": claim.citizen_id}},
        created=claim.submitted_at.isoformat(),
        provider=_org(HCODE_SYSTEM, claim.hospital_id, claim.hospital.name_th),
        insurer=_org(FUND_SYSTEM, insurer),
        priority={
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/processpriority",
                    "code": "normal",
                }
            ]
        },
        billablePeriod={
            "start": claim.admitted_at.isoformat(),
            **({"end": claim.discharged_at.isoformat()} if claim.discharged_at else {}),
        },
        insurance=[
            {
                "sequence": 1,
                "focal": True,
                "coverage": {"identifier": {"system": FUND_SYSTEM, "value": insurer}},
            }
        ],
        diagnosis=[
            {
                "sequence": d.seq,
                "diagnosisCodeableConcept": {"coding": [{"system": ICD10, "code": d.code}]},
                "type": [{"text": "principal" if d.dx_type == "1" else f"dxtype {d.dx_type}"}],
            }
            for d in claim.diagnoses.all()
        ]
        or None,
        item=[
            {
                "sequence": ln.line_no,
                "productOrService": {
                    "coding": [{"system": f"{SYSTEM}:item", "code": ln.item_code}]
                },
                "servicedDate": ln.served_at.date().isoformat(),
                "quantity": {"value": ln.quantity},
                "net": _money(ln.charged),
            }
            for ln in lines
        ]
        or None,
        total=_money(claim.charged_total),
    )


def fhir_claim_response(claim: Claim) -> ClaimResponse:
    lines = list(claim.lines.all())
    errors = list(claim.problems.all())
    return ClaimResponse(
        id=f"claimresponse-{claim.pk}",
        status="active",
        type={
            "coding": [
                {
                    "system": CLAIM_TYPE,
                    "code": "institutional" if claim.service_type == "IP" else "professional",
                }
            ]
        },
        use="claim",
        patient={"identifier": {"system": CID_SYSTEM, "value": claim.citizen_id}},
        created=(claim.decided_at or claim.submitted_at).isoformat(),
        insurer=_org(FUND_SYSTEM, claim.fund_id or "UNKNOWN"),
        requestor=_org(HCODE_SYSTEM, claim.hospital_id),
        request={"reference": f"Claim/claim-{claim.pk}"},
        outcome=OUTCOME.get(claim.state, "queued"),
        disposition=claim.get_state_display(),
        item=[
            {
                "itemSequence": ln.line_no,
                "adjudication": [
                    {
                        "category": {"coding": [{"system": ADJUDICATION, "code": "submitted"}]},
                        "amount": _money(ln.charged),
                    },
                    {
                        "category": {"coding": [{"system": ADJUDICATION, "code": "benefit"}]},
                        "amount": _money(ln.payable),
                    },
                ],
            }
            for ln in lines
            if ln.payable is not None
        ]
        or None,
        total=[
            {
                "category": {"coding": [{"system": ADJUDICATION, "code": "submitted"}]},
                "amount": _money(claim.charged_total),
            }
        ]
        + (
            [
                {
                    "category": {"coding": [{"system": ADJUDICATION, "code": "benefit"}]},
                    "amount": _money(claim.payable_total),
                }
            ]
            if claim.payable_total is not None
            else []
        ),
        error=[
            {"code": {"coding": [{"system": f"{SYSTEM}:error", "code": p.code}]}} for p in errors
        ]
        or None,
    )


def fhir_bundle(claim: Claim) -> Bundle:
    return Bundle(
        type="collection",
        entry=[
            {"fullUrl": f"urn:uuid:sitthi-claim-{claim.pk}", "resource": fhir_claim(claim)},
            {
                "fullUrl": f"urn:uuid:sitthi-claimresponse-{claim.pk}",
                "resource": fhir_claim_response(claim),
            },
        ],
    )
