"""A claim and its decision as HL7 FHIR R4B ``Claim`` and ``ClaimResponse`` resources
(fhir.resources ships R5 at its root and R4B under ``fhir.resources.R4B``; we use R4B, the
version Thai health-data exchanges build on). Amounts are THB ``Money`` with their satang."""

from __future__ import annotations

from decimal import Decimal

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim
from fhir.resources.R4B.claimresponse import ClaimResponse

from sitthi.fhir.systems import (
    ADJUDICATION,
    CID_SYSTEM,
    CLAIM_KEY_SYSTEM,
    CLAIM_TYPE,
    DX_TYPE_SYSTEM,
    ERROR_SYSTEM,
    FUND_SYSTEM,
    HCODE_SYSTEM,
    ICD10,
    ITEM_SYSTEM,
    NOTICE_SYSTEM,
    RULE_SYSTEM,
    SERVICE_TYPE_SYSTEM,
)

from .models import Claim, ClaimState

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
            {"system": f"{CLAIM_KEY_SYSTEM}:{claim.hospital_id}", "value": claim.claim_key}
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
        subType={"coding": [{"system": SERVICE_TYPE_SYSTEM, "code": claim.service_type}]},
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
                "type": [
                    {
                        "coding": [{"system": DX_TYPE_SYSTEM, "code": d.dx_type}],
                        "text": "principal" if d.dx_type == "1" else f"dxtype {d.dx_type}",
                    }
                ],
            }
            for d in claim.diagnoses.all()
        ]
        or None,
        item=[
            {
                "sequence": ln.line_no,
                "productOrService": {"coding": [{"system": ITEM_SYSTEM, "code": ln.item_code}]},
                # A period of one moment: servicedDate would lose the time of day.
                "servicedPeriod": {
                    "start": ln.served_at.isoformat(),
                    "end": ln.served_at.isoformat(),
                },
                "quantity": {"value": ln.quantity},
                "net": _money(ln.charged),
            }
            for ln in lines
        ]
        or None,
        total=_money(claim.charged_total),
    )


def _adjudication(code: str, amount: Decimal | None, reason: str = "") -> dict:
    out = {"category": {"coding": [{"system": ADJUDICATION, "code": code}]}}
    if amount is not None:
        out["amount"] = _money(amount)
    if reason:
        out["reason"] = {"coding": [{"system": RULE_SYSTEM, "code": reason}]}
    return out


def fhir_claim_response(claim: Claim) -> ClaimResponse:
    """The decision: the outcome, every priced line's submitted and benefit amounts with the
    rule applied and its explanation (a ``processNote`` per line, Thai then English, the line
    pointing to it by ``noteNumber``), the totals, and each failed edit as an ``error`` with
    Sitthi's code (and the line it is on)."""

    from .explain import explain_line

    lines = list(claim.lines.all())
    errors = list(claim.problems.all())
    items, notes = [], []
    for ln in lines:
        if ln.payable is None:
            continue
        th, en = explain_line(ln)
        notes.append({"number": ln.line_no, "type": "display", "text": f"{th} / {en}"})
        items.append(
            {
                "itemSequence": ln.line_no,
                "noteNumber": [ln.line_no],
                "adjudication": [
                    _adjudication("submitted", ln.charged),
                    _adjudication("benefit", ln.payable, ln.rule or ""),
                ],
            }
        )
    total = [_adjudication("submitted", claim.charged_total)]
    if claim.payable_total is not None:
        total.append(_adjudication("benefit", claim.payable_total))
    error = []
    for p in errors:
        shown = p.item().as_dict()
        entry = {
            "code": {
                "coding": [
                    {"system": ERROR_SYSTEM, "code": p.code, "display": shown["message_en"]}
                ],
                "text": shown["message_th"],
            }
        }
        if p.line_no:
            entry["itemSequence"] = p.line_no
        error.append(entry)
    return ClaimResponse(
        id=f"claimresponse-{claim.pk}",
        identifier=[
            {"system": f"{CLAIM_KEY_SYSTEM}:{claim.hospital_id}", "value": claim.claim_key}
        ],
        status="active",
        type={
            "coding": [
                {
                    "system": CLAIM_TYPE,
                    "code": "institutional" if claim.service_type == "IP" else "professional",
                }
            ]
        },
        subType={"coding": [{"system": SERVICE_TYPE_SYSTEM, "code": claim.service_type}]},
        use="claim",
        patient={"identifier": {"system": CID_SYSTEM, "value": claim.citizen_id}},
        created=(claim.decided_at or claim.submitted_at).isoformat(),
        insurer=_org(FUND_SYSTEM, claim.fund_id or "UNKNOWN"),
        requestor=_org(HCODE_SYSTEM, claim.hospital_id),
        request={"reference": f"Claim/claim-{claim.pk}"},
        outcome=OUTCOME.get(claim.state, "queued"),
        disposition=f"{claim.state}: {claim.get_state_display()}",
        item=items or None,
        total=total,
        processNote=notes or None,
        error=error or None,
        payment=None
        if not claim.notice_id
        else {
            # The notice the claim is paid by (and the day it was paid, once it was).
            "type": {"text": "notice"},
            "identifier": {"system": NOTICE_SYSTEM, "value": claim.notice.number},
            "amount": _money(claim.payable_total),
            **({"date": claim.paid_at.date().isoformat()} if claim.paid_at else {}),
        },
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
