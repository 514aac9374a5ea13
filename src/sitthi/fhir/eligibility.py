"""CoverageEligibilityRequest → CoverageEligibilityResponse: the rights check of
``sitthi.registry.services.check_rights`` (the same service, answers and codes as
``POST /api/v1/rights``), in FHIR.

In: ``patient`` by identifier (urn:sitthi:thai-citizen-id) or a contained Patient carrying it;
``servicedDate`` the day (today when absent); ``provider`` the hospital by identifier
(urn:sitthi:hcode), optional, as ``hospital`` on the JSON API. ``insurer`` is required by
R4B but not read: the answer names the fund the person's right is with.

Out: the person as a contained Patient, the right as a contained Coverage (payor the fund,
period the right's, class ``plan`` the programme, the main registered unit as an extension)
and, when a hospital was named, one ``insurance.item`` whose ``network`` is in or out of the
fund's contract network that day. No right in force: ``insurance`` is empty and the
disposition says so."""

from __future__ import annotations

from datetime import date, datetime

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.registry import services as registry

from . import systems as S


def _identifier(ref, system: str, contained: dict, at: str) -> str | None:
    """The value of ``system`` in a Reference given by identifier or to a contained resource."""
    if ref is None:
        return None
    ident = ref.identifier
    if ident is None and ref.reference and ref.reference.startswith("#"):
        found = contained.get(ref.reference[1:])
        for i in (found and found.identifier) or []:
            if i.system == system:
                return i.value
        return None
    if ident is None:
        return None
    if ident.system != system:
        raise SitthiError.one(
            "FHIR_CODE_UNKNOWN",
            f"{at}.identifier.system",
            at=f"{at}.identifier.system",
            value=ident.system or "(none)",
            known=system,
        )
    return ident.value


def contained_of(resource) -> dict:
    return {c.id: c for c in (resource.contained or []) if getattr(c, "id", None)}


def check(actor: Actor, req, *, now: datetime) -> registry.RightsAnswer:
    contained = contained_of(req)
    cid = _identifier(req.patient, S.CID_SYSTEM, contained, "CoverageEligibilityRequest.patient")
    if not cid:
        raise SitthiError.one(
            "FHIR_ELEMENT_REQUIRED",
            "CoverageEligibilityRequest.patient.identifier",
            at="CoverageEligibilityRequest.patient.identifier",
            detail=f"the citizen ID, system {S.CID_SYSTEM}",
        )
    hospital = _identifier(
        req.provider, S.HCODE_SYSTEM, contained, "CoverageEligibilityRequest.provider"
    )
    on = req.servicedDate.isoformat() if req.servicedDate else None
    return registry.check_rights(actor, cid, on, hospital, via="api", now=now)


def _org_ref(system: str, code: str, display: str) -> dict:
    return {"identifier": {"system": system, "value": code}, "display": display}


def response(req, raw: dict, answer: registry.RightsAnswer, *, now: datetime):
    from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse

    person, right = answer.person, answer.right
    patient = {
        "resourceType": "Patient",
        "id": "patient",
        "identifier": [{"system": S.CID_SYSTEM, "value": person.citizen_id}],
        "name": [{"text": person.full_name}],
    }
    if person.birth_date:
        patient["birthDate"] = person.birth_date.isoformat()
    contained = [patient]
    insurance = []
    if right is not None:
        coverage = {
            "resourceType": "Coverage",
            "id": "coverage",
            "status": "active",
            "beneficiary": {"reference": "#patient"},
            "payor": [_org_ref(S.FUND_SYSTEM, right.fund.code, right.fund.name_th)],
            "period": {
                "start": right.valid_from.isoformat(),
                **({"end": right.valid_until.isoformat()} if right.valid_until else {}),
            },
            "class": [
                {
                    "type": {"coding": [{"system": S.COVERAGE_CLASS, "code": "plan"}]},
                    "value": right.fund.programme or right.fund.code,
                    "name": right.fund.name_en,
                }
            ],
        }
        if right.main_unit is not None:
            coverage["extension"] = [
                {
                    "url": S.MAIN_UNIT_EXTENSION,
                    "valueReference": _org_ref(
                        S.HCODE_SYSTEM, right.main_unit.hcode, right.main_unit.name_th
                    ),
                }
            ]
        contained.append(coverage)
        entry = {"coverage": {"reference": "#coverage"}, "inforce": True}
        if answer.hospital is not None:
            c = answer.network_contract
            network = {True: "in", False: "out"}.get(answer.in_network)
            item = {
                "provider": _org_ref(
                    S.HCODE_SYSTEM, answer.hospital.hcode, answer.hospital.name_th
                ),
                "description": (
                    f"สัญญาเครือข่าย / network contract {c.valid_from.isoformat()}"
                    f"–{c.valid_until.isoformat() if c.valid_until else ''}"
                    if c
                    else "ไม่มีสัญญาเครือข่ายในวันนั้น / no network contract that day"
                ),
            }
            if network:
                item["network"] = {"coding": [{"system": S.BENEFIT_NETWORK, "code": network}]}
            entry["item"] = [item]
        insurance.append(entry)
    disposition = (
        f"สิทธิ {right.fund.name_th} / {right.fund.name_en}"
        if right is not None
        else "ไม่พบสิทธิที่มีผลในวันนั้น / no right in force on that day"
    )
    return CoverageEligibilityResponse(
        id=f"eligibility-{answer.check.pk}",
        identifier=[{"system": f"{S.SYSTEM}:rights-check", "value": str(answer.check.pk)}],
        contained=contained,
        status="active",
        purpose=raw.get("purpose") or ["validation"],
        patient={"reference": "#patient"},
        servicedDate=answer.on.isoformat() if isinstance(answer.on, date) else answer.on,
        created=now.isoformat(),
        request={
            "identifier": (raw.get("identifier") or [{"value": "request"}])[0],
        },
        outcome="complete",
        disposition=disposition,
        insurer=(
            _org_ref(S.FUND_SYSTEM, right.fund.code, right.fund.name_th)
            if right is not None
            else raw.get("insurer") or {"display": "Sitthi"}
        ),
        insurance=insurance or None,
    )
