"""The rights check, UCEP pre-authorisation, a fund's payment and the statement as FHIR R4B
(issue 17), each through the service the JSON API uses, with its answers and codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sitthi.claims.models import Claim, Notice
from sitthi.core.models import ApiToken, User
from sitthi.fhir import systems as S
from sitthi.registry.models import RightsCheck
from sitthi.ucep.models import Episode
from tests.claims.conftest import payload

from .helpers import eligibility_request, fhir_claim, issue_codes, parsed, post

pytestmark = pytest.mark.django_db


def bearer(user, scopes=("read", "submit")) -> dict:
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'HIS', scopes=scopes)[1]}"}


# -- rights ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "on, hospital",
    [
        ("2023-03-01", "10670"),  # SSS, in the SSS network (contract until 31 Dec 2023)
        ("2024-03-01", "10670"),  # UC, its main unit
        ("2024-03-01", None),  # a hospital's token asks for its own when none is named
        ("2010-01-01", "10670"),  # no right in force yet
    ],
)
def test_coverage_eligibility_answers_as_the_rights_api(client, users, person, on, hospital):
    """Seed rules of the rights check (DOMAIN.md §Rights): the fund and main unit in force on
    the day, and the network; FHIR and JSON give the same answer."""
    who = bearer(users["hospital"])
    r = post(
        client,
        "/fhir/CoverageEligibilityRequest",
        eligibility_request(person.citizen_id, on, hospital),
        headers=who,
    )
    assert r.status_code == 200, r.content
    from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse

    CoverageEligibilityResponse.model_validate_json(r.content)
    fhir = r.json()
    j = client.post(
        "/api/v1/rights",
        {"citizen_id": person.citizen_id, "on": on, "hospital": hospital},
        content_type="application/json",
        headers=who,
    ).json()
    contained = {c["resourceType"]: c for c in fhir["contained"]}
    assert contained["Patient"]["identifier"][0]["value"] == person.citizen_id
    assert fhir["servicedDate"] == j["on"]
    if j["right"] is None:
        assert "insurance" not in fhir and "Coverage" not in contained
        assert "no right in force" in fhir["disposition"]
        return
    coverage = contained["Coverage"]
    assert coverage["payor"][0]["identifier"]["value"] == j["right"]["fund"]["code"]
    assert fhir["insurer"]["identifier"]["value"] == j["right"]["fund"]["code"]
    assert coverage["period"]["start"] == j["right"]["valid_from"]
    assert coverage.get("period", {}).get("end") == j["right"]["valid_until"]
    (unit,) = coverage["extension"]
    assert unit["url"] == S.MAIN_UNIT_EXTENSION
    assert unit["valueReference"]["identifier"]["value"] == j["right"]["main_unit"]["code"]
    (insurance,) = fhir["insurance"]
    assert insurance["inforce"] is True
    (item,) = insurance["item"]
    assert item["provider"]["identifier"]["value"] == j["network"]["hospital"]["code"]
    network = {True: "in", False: "out"}[j["network"]["in_network"]]
    assert item["network"]["coding"][0]["code"] == network
    # Each way records its check, as the JSON API does.
    assert RightsCheck.objects.count() == 2


def test_eligibility_refusals_are_the_rights_api_codes_and_store_nothing(client, users, person):
    who = bearer(users["hospital"])
    bad = person.citizen_id[:-1] + str((int(person.citizen_id[-1]) + 1) % 10)
    r = post(client, "/fhir/CoverageEligibilityRequest", eligibility_request(bad), headers=who)
    j = client.post(
        "/api/v1/rights", {"citizen_id": bad}, content_type="application/json", headers=who
    )
    assert r.status_code == j.status_code == 400
    assert issue_codes(r) == [e["code"] for e in j.json()["errors"]]
    # Another hospital's network is not this hospital's to ask about (as on the JSON API).
    r = post(
        client,
        "/fhir/CoverageEligibilityRequest",
        eligibility_request(person.citizen_id, "2024-03-01", "90001"),
        headers=who,
    )
    assert r.status_code == 403 and issue_codes(r) == ["HOSPITAL_SCOPE"]
    message = eligibility_request(person.citizen_id)
    message.pop("patient")
    r = post(client, "/fhir/CoverageEligibilityRequest", message, headers=who)
    assert r.status_code == 400 and issue_codes(r) == ["FHIR_ELEMENT_REQUIRED"]
    assert r.json()["issue"][0]["expression"] == ["CoverageEligibilityRequest.patient"]
    r = post(client, "/fhir/CoverageEligibilityRequest", fhir_claim(payload(person)), headers=who)
    assert r.status_code == 400 and issue_codes(r) == ["FHIR_WRONG_RESOURCE"]
    assert not RightsCheck.objects.exists()


# -- UCEP pre-authorisation: the notification to the EMS centre --------------------------------


def _episode(client, who, person) -> int:
    r = client.post(
        "/api/v1/ucep/episodes",
        {"citizen_id": person.citizen_id, "admitted_at": "2024-03-01T08:00:00+07:00"},
        content_type="application/json",
        headers=who,
    )
    assert r.status_code == 201, r.content
    eid = r.json()["id"]
    r = client.post(
        f"/api/v1/ucep/episodes/{eid}/triage",
        {"assessment": {"cardiac_arrest": True}},
        content_type="application/json",
        headers=who,
    )
    assert r.status_code == 200, r.content
    return eid


def _preauth(person, eid: int, cid: str | None = None) -> dict:
    message = fhir_claim(payload(person, hospital="90001"), use="preauthorization")
    message["identifier"] = [{"system": S.EPISODE_SYSTEM, "value": str(eid)}]
    message["patient"]["identifier"]["value"] = cid or person.citizen_id
    message["supportingInfo"] = [
        {
            "sequence": 1,
            "category": {"coding": [{"system": "urn:sitthi:info", "code": "contact"}]},
            "valueString": "ER, 02-111-2222",
        }
    ]
    return message


def test_a_preauthorization_notifies_the_ems_centre(client, users, person, tariff):
    """Seed 001 §2 step 2: the hospital notifies the coordination centre (the FHIR
    pre-authorisation is that notification, through ucep.services.notify_ems)."""
    who = bearer(users["other_hospital"])  # 90001, a private hospital
    eid = _episode(client, who, person)
    r = post(client, "/fhir/Claim", _preauth(person, eid), headers=who)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["use"] == "preauthorization" and body["preAuthRef"] == f"UCEP-{eid}"
    assert body["outcome"] == "queued" and body["disposition"] == "ems:new"
    episode = Episode.objects.get(pk=eid)
    assert episode.notified_at is not None and episode.ems_state == "new"
    assert episode.notify_contact == "ER, 02-111-2222"
    start, end = body["preAuthPeriod"]["start"], body["preAuthPeriod"]["end"]
    assert start.startswith("2024-03-01T08:00:00") and end.startswith("2024-03-04T08:00:00")
    assert not Claim.objects.exists()  # a notification, not a claim


def test_a_preauthorization_for_another_patient_or_hospital_is_refused(
    client, users, person, tariff
):
    who = bearer(users["other_hospital"])
    eid = _episode(client, who, person)
    from tests.conftest import make_cid

    r = post(client, "/fhir/Claim", _preauth(person, eid, cid=make_cid(987654)), headers=who)
    assert r.status_code == 409 and issue_codes(r) == ["FHIR_PATIENT_MISMATCH"]
    r = post(client, "/fhir/Claim", _preauth(person, eid), headers=bearer(users["hospital"]))
    assert r.status_code == 404 and issue_codes(r) == ["NOT_FOUND"]
    message = _preauth(person, eid)
    message["identifier"] = []
    r = post(client, "/fhir/Claim", message, headers=who)
    assert r.status_code == 400 and issue_codes(r) == ["FHIR_ELEMENT_REQUIRED"]
    assert Episode.objects.get(pk=eid).notified_at is None


# -- a fund's payment and the statement --------------------------------------------------------


@pytest.fixture
def notice(client, users, person, tariff):
    """Two accepted UC claims, complete, on one notice to UCS (561.00)."""
    who = bearer(users["hospital"])
    ids = []
    for key in ("A", "B"):
        r = post(client, "/fhir/Claim", fhir_claim(payload(person, key=key)), headers=who)
        ids.append(int(r.json()["request"]["reference"].split("-")[-1]))
    nhso = bearer(users["nhso"])
    for pk in ids:
        client.post(f"/api/v1/claims/{pk}/documents-complete", headers=nhso)
    r = client.post(
        "/api/v1/notices",
        {"fund": "UCS", "claim_ids": ids},
        content_type="application/json",
        headers=nhso,
    )
    assert r.status_code == 201, r.content
    return Notice.objects.get()


def _payment(notice, amount="561.00", reference="TX-1") -> dict:
    return {
        "resourceType": "PaymentNotice",
        "status": "active",
        "request": {"identifier": {"system": S.NOTICE_SYSTEM, "value": notice.number}},
        "created": "2024-03-20T10:00:00+07:00",
        "payment": {"identifier": {"system": S.PAYMENT_REF_SYSTEM, "value": reference}},
        "paymentDate": "2024-03-20",
        "recipient": {"display": "NHSO"},
        "amount": {"value": amount, "currency": "THB"},
    }


def test_a_fund_pays_a_notice_by_payment_notice(client, users, notice):
    """Seed 001 §2 step 8: the owner fund pays the notice (in full, once)."""
    ucs = User.objects.create_user("ucs_pay", password="x", role="fund", fund_id="UCS")
    no_pay = bearer(ucs)
    r = post(client, "/fhir/PaymentNotice", _payment(notice), headers=no_pay)
    assert r.status_code == 403 and issue_codes(r) == ["TOKEN_SCOPE"]
    payer = bearer(ucs, scopes=("read", "pay"))
    r = post(
        client,
        "/fhir/PaymentNotice",
        _payment(notice),
        headers=bearer(users["fund"], scopes=("read", "pay")),
    )  # the SSS fund: not its notice
    assert r.status_code == 404 and issue_codes(r) == ["NOT_FOUND"]
    r = post(client, "/fhir/PaymentNotice", _payment(notice, "561.01"), headers=payer)
    assert r.status_code == 400 and issue_codes(r) == ["PAYMENT_AMOUNT_MISMATCH"]
    message = _payment(notice)
    message["payment"]["identifier"]["system"] = "urn:bank"
    r = post(client, "/fhir/PaymentNotice", message, headers=payer)
    assert r.status_code == 400 and issue_codes(r) == ["FHIR_CODE_UNKNOWN"]
    notice.refresh_from_db()
    assert notice.paid_on is None
    r = post(client, "/fhir/PaymentNotice", _payment(notice), headers=payer)
    assert r.status_code == 200, r.content
    body = parsed(r)
    assert body["amount"]["value"] == Decimal("561.00") and body["paymentDate"] == "2024-03-20"
    notice.refresh_from_db()
    assert notice.paid_on.isoformat() == "2024-03-20" and notice.payment_reference == "TX-1"
    assert set(Claim.objects.values_list("state", flat=True)) == {"paid"}
    r = post(client, "/fhir/PaymentNotice", _payment(notice, reference="TX-2"), headers=payer)
    assert r.status_code == 409 and issue_codes(r) == ["NOTICE_ALREADY_PAID"]


def test_payment_reconciliation_is_the_statement_to_the_satang(client, users, notice):
    ucs = User.objects.create_user("ucs_pay", password="x", role="fund", fund_id="UCS")
    post(client, "/fhir/PaymentNotice", _payment(notice), headers=bearer(ucs, ("read", "pay")))
    who = bearer(users["hospital"])
    paid = Claim.objects.first().paid_at.date().isoformat()
    query = {"from": "2024-01-01", "to": paid}
    r = client.get("/fhir/PaymentReconciliation", query, headers=who)
    assert r.status_code == 200, r.content
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate_json(r.content)
    bundle = parsed(r)
    stm = client.get("/api/v1/statements", query, headers=who).json()
    (entry,) = bundle["entry"]
    rec = entry["resource"]
    assert rec["paymentAmount"]["value"] == Decimal(stm["total_paid"]) == Decimal("561.00")
    assert rec["paymentIdentifier"]["value"] == "TX-1" and rec["paymentDate"] == "2024-03-20"
    assert rec["paymentIssuer"]["identifier"]["value"] == "UCS"
    assert sorted(d["identifier"]["value"] for d in rec["detail"]) == sorted(
        i["claim_key"] for i in stm["items"]
    )
    assert sum(d["amount"]["value"] for d in rec["detail"]) == Decimal("561.00")
    r = client.get("/fhir/PaymentReconciliation", {**query, "hospital": "90001"}, headers=who)
    assert r.status_code == 403 and issue_codes(r) == ["HOSPITAL_SCOPE"]
    r = client.get("/fhir/PaymentReconciliation", query, headers=bearer(users["fund"]))
    assert r.status_code == 403 and issue_codes(r) == ["ROLE_FORBIDDEN"]


# -- what the server supports, organisations ------------------------------------------------------


def test_the_capability_statement_lists_what_is_served(client):
    r = client.get("/fhir/metadata")
    assert r.status_code == 200
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

    CapabilityStatement.model_validate_json(r.content)
    body = r.json()
    assert body["fhirVersion"] == "4.3.0"
    served = {
        res["type"]: [i["code"] for i in res["interaction"]] for res in body["rest"][0]["resource"]
    }
    assert served["Claim"] == ["create", "read"] and "PaymentReconciliation" in served
    assert S.CID_SYSTEM in body["rest"][0]["documentation"]
    # Each interaction listed is a route of the FHIR API.
    from sitthi.fhir.api import api

    paths = api.get_openapi_schema()["paths"]
    for resource, interactions in served.items():
        if "create" in interactions:
            assert "post" in paths[f"/fhir/{resource}"], resource
        if "read" in interactions:
            assert any(p.startswith(f"/fhir/{resource}/{{") for p in paths), resource
        if "search-type" in interactions:
            assert "get" in paths[f"/fhir/{resource}"], resource


def test_organizations_are_read_by_code(client, users):
    who = bearer(users["hospital"])
    r = client.get("/fhir/Organization/10670", headers=who)
    assert r.status_code == 200 and r.json()["identifier"][0]["system"] == S.HCODE_SYSTEM
    r = client.get("/fhir/Organization/UCS", headers=who)
    assert r.status_code == 200 and r.json()["identifier"][0]["system"] == S.FUND_SYSTEM
    r = client.get("/fhir/Organization/99999", headers=who)
    assert r.status_code == 404 and issue_codes(r) == ["NOT_FOUND"]
    assert client.get("/fhir/Organization/10670").status_code == 401
