"""FHIR messages for the tests, written as a HIS would send them (docs/fhir.md)."""

from __future__ import annotations

import json
from decimal import Decimal

from sitthi.fhir import systems as S

FHIR = "application/fhir+json"


def fhir_claim(body: dict, use: str = "claim") -> dict:
    """The JSON API's claim body (tests.claims.conftest.payload) as a FHIR R4B Claim."""
    kind = "institutional" if body["service_type"] == "IP" else "professional"
    period = {"start": body["admitted_at"]}
    if body.get("discharged_at"):
        period["end"] = body["discharged_at"]
    return {
        "resourceType": "Claim",
        "identifier": [
            {"system": f"{S.CLAIM_KEY_SYSTEM}:{body['hospital']}", "value": body["claim_key"]}
        ],
        "status": "active",
        "type": {"coding": [{"system": S.CLAIM_TYPE, "code": kind}]},
        "subType": {"coding": [{"system": S.SERVICE_TYPE_SYSTEM, "code": body["service_type"]}]},
        "use": use,
        "patient": {"identifier": {"system": S.CID_SYSTEM, "value": body["citizen_id"]}},
        "created": body["admitted_at"],
        "provider": {"identifier": {"system": S.HCODE_SYSTEM, "value": body["hospital"]}},
        "priority": {"coding": [{"system": S.PROCESS_PRIORITY, "code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "rights check"}}],
        "billablePeriod": period,
        "diagnosis": [
            {
                "sequence": i,
                "diagnosisCodeableConcept": {"coding": [{"system": S.ICD10, "code": d["code"]}]},
                "type": [{"coding": [{"system": S.DX_TYPE_SYSTEM, "code": d["dx_type"]}]}],
            }
            for i, d in enumerate(body["diagnoses"], start=1)
        ],
        "item": [
            {
                "sequence": i,
                "productOrService": {
                    "coding": [{"system": S.ITEM_SYSTEM, "code": ln["item_code"]}]
                },
                "servicedPeriod": {"start": ln["served_at"], "end": ln["served_at"]},
                "quantity": {"value": Decimal(ln["quantity"])},
                "net": {"value": Decimal(ln["charged"]), "currency": "THB"},
            }
            for i, ln in enumerate(body["lines"], start=1)
        ],
    }


def eligibility_request(cid: str, on: str | None = None, hospital: str | None = None) -> dict:
    out = {
        "resourceType": "CoverageEligibilityRequest",
        "identifier": [{"system": "urn:his:request", "value": "R-1"}],
        "status": "active",
        "purpose": ["validation"],
        "patient": {"identifier": {"system": S.CID_SYSTEM, "value": cid}},
        "created": "2024-03-01T09:00:00+07:00",
        "insurer": {"display": "Sitthi"},
    }
    if on:
        out["servicedDate"] = on
    if hospital:
        out["provider"] = {"identifier": {"system": S.HCODE_SYSTEM, "value": hospital}}
    return out


def dumps(resource: dict) -> str:
    return json.dumps(resource, default=str)


def post(client, path: str, resource, **extra):
    body = resource if isinstance(resource, str | bytes) else dumps(resource)
    return client.post(path, body, content_type=FHIR, **extra)


def issue_codes(r) -> list[str]:
    """The Sitthi codes of an OperationOutcome answer."""
    body = r.json()
    assert body["resourceType"] == "OperationOutcome", body
    return [i["details"]["coding"][0]["code"] for i in body["issue"]]


def parsed(r) -> dict:
    return json.loads(r.content, parse_float=Decimal)
