"""Claims as FHIR R4B (issue 17): a Claim in is decided by the same claims service the JSON
API, the bulk API, the file and the form use ("one way to the money"), and answered by a
ClaimResponse with each line's adjudication and its explanation; invalid FHIR is an
OperationOutcome and stores nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import Claim
from sitthi.fhir import systems as S
from tests.claims.conftest import bkk, payload
from tests.claims.intake.files import csv_bytes

from .helpers import FHIR, fhir_claim, issue_codes, parsed, post

pytestmark = pytest.mark.django_db


def _decision(claim: Claim) -> dict:
    """What was decided, independent of the way in: state, programme, fund, each line's
    payable and rule, the totals, the failed edits."""
    return {
        "state": claim.state,
        "fund": claim.fund_id,
        "programme": claim.programme,
        "lines": [
            (ln.line_no, ln.item_code, ln.charged, ln.payable, ln.rule, ln.schedule)
            for ln in claim.lines.order_by("line_no")
        ],
        "charged": claim.charged_total,
        "payable": claim.payable_total,
        "problems": sorted((p.code, p.line_no or 0, p.field) for p in claim.problems.all()),
    }


def _file_row(body: dict) -> list[list[str]]:
    """The claim as the claims file's rows (one per line, as tests/claims/test_one_way.py
    writes them): key, hospital, citizen ID, type, admitted, discharged, diagnosis, item,
    quantity, served, charged."""

    def local(iso):
        return iso[:16].replace("T", " ") if iso else ""

    return [
        [
            body["claim_key"],
            body["hospital"],
            body["citizen_id"],
            body["service_type"],
            local(body["admitted_at"]),
            local(body.get("discharged_at")),
            body["diagnoses"][0]["code"],
            ln["item_code"],
            ln["quantity"],
            local(ln["served_at"]),
            ln["charged"],
        ]
        for ln in body["lines"]
    ]


def _form(body: dict) -> dict:
    def local(iso):
        return iso[:16] if iso else ""

    out = {
        "claim_key": body["claim_key"],
        "service_type": body["service_type"],
        "citizen_id": body["citizen_id"],
        "admitted_at": local(body["admitted_at"]),
        "discharged_at": local(body.get("discharged_at")),
        "diagnoses": "; ".join(d["code"] for d in body["diagnoses"]),
    }
    for i, ln in enumerate(body["lines"], start=1):
        out.update(
            {
                f"item_code_{i}": ln["item_code"],
                f"quantity_{i}": ln["quantity"],
                f"served_at_{i}": local(ln["served_at"]),
                f"charged_{i}": ln["charged"],
            }
        )
    return out


WHEN = bkk(2024, 3, 1, 9, 0)
VARIANTS = {
    # Accepted and priced: LAB-1 at the lower of charge and tariff (100.00 a unit).
    "accepted": {},
    # Rejected: an item the fee schedule does not have, on the second line.
    "rejected": {
        "lines": [
            {
                "item_code": "LAB-1",
                "quantity": "2",
                "served_at": WHEN.isoformat(),
                "charged": "250.00",
            },
            {
                "item_code": "NOPE-9",
                "quantity": "1",
                "served_at": WHEN.isoformat(),
                "charged": "80.50",
            },
        ]
    },
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_one_claim_by_fhir_json_file_and_form_gets_one_decision(
    client, users, person, tariff, variant
):
    """One way to the money: the same claim sent as FHIR, as JSON, as a file row and on the
    form is decided alike (each under its own key, so that none is a repeat of another)."""
    client.force_login(users["hospital"])
    bodies = {
        way: payload(person, key=f"K-{way}", **VARIANTS[variant])
        for way in ("fhir", "json", "file", "form")
    }
    r = post(client, "/fhir/Claim", fhir_claim(bodies["fhir"]))
    assert r.status_code == 201, r.content
    r = client.post("/api/v1/claims", bodies["json"], content_type="application/json")
    assert r.status_code == 201, r.content
    r = client.post(
        "/claims/upload/",
        {"file": SimpleUploadedFile("claims.csv", csv_bytes(_file_row(bodies["file"])))},
    )
    file_answer = r
    r = client.post("/claims/new/", _form(bodies["form"]))
    assert r.status_code == 302, r.content.decode()[:2000]
    claims = {c.claim_key: c for c in Claim.objects.all()}
    decisions = {way: _decision(claims[f"K-{way}"]) for way in bodies if f"K-{way}" in claims}
    assert claims["K-fhir"].via == "fhir"
    if variant == "accepted":
        assert file_answer.status_code in (200, 302), file_answer.content.decode()[:2000]
        assert sorted(claims) == sorted(f"K-{w}" for w in bodies)
        assert decisions["fhir"]["state"] == "accepted"
    else:
        # A file is taken whole or not at all: a claim with a failed edit stops the file,
        # which reports that claim's edits, the same codes the other ways stored.
        assert file_answer.status_code == 400 and "K-file" not in claims
        assert decisions["fhir"]["state"] == "rejected"
        page = file_answer.content.decode()
        for code, _line, _field in decisions["fhir"]["problems"]:
            assert code in page, code
    for way in set(decisions) - {"fhir"}:
        assert decisions[way] == decisions["fhir"], way


def test_the_claim_response_explains_every_line_to_the_satang(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = post(client, "/fhir/Claim", fhir_claim(payload(person)))
    assert r.status_code == 201 and r["Content-Type"].startswith(FHIR)
    from fhir.resources.R4B.claimresponse import ClaimResponse

    ClaimResponse.model_validate_json(r.content)
    body = parsed(r)
    assert body["outcome"] == "complete" and body["use"] == "claim"
    benefit = [
        a["amount"]["value"]
        for item in body["item"]
        for a in item["adjudication"]
        if a["category"]["coding"][0]["code"] == "benefit"
    ]
    # 2 × LAB-1 charged 250.00 (tariff 200.00) and 1 × charged 80.50 (under the tariff).
    assert benefit == [Decimal("200.00"), Decimal("80.50")]
    notes = {n["number"]: n["text"] for n in body["processNote"]}
    assert [i["noteNumber"] for i in body["item"]] == [[1], [2]]
    assert all(" / " in notes[n] for n in (1, 2))
    claim = Claim.objects.get()
    from sitthi.claims.explain import explain_line

    th, en = explain_line(claim.lines.get(line_no=1))
    assert notes[1] == f"{th} / {en}"
    total = {t["category"]["coding"][0]["code"]: t["amount"]["value"] for t in body["total"]}
    assert total == {"submitted": Decimal("330.50"), "benefit": Decimal("280.50")}
    # Sending it again is the same claim: 200, nothing new.
    r = post(client, "/fhir/Claim", fhir_claim(payload(person)))
    assert r.status_code == 200 and Claim.objects.count() == 1


def test_a_rejected_claim_answers_its_edits_as_claim_response_errors(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = post(client, "/fhir/Claim", fhir_claim(payload(person, **VARIANTS["rejected"])))
    assert r.status_code == 201
    body = r.json()
    assert body["outcome"] == "error"
    stored = sorted((p.code, p.line_no) for p in Claim.objects.get().problems.all())
    got = sorted((e["code"]["coding"][0]["code"], e.get("itemSequence")) for e in body["error"])
    assert got == stored and got
    assert all(e["code"]["text"] and e["code"]["coding"][0]["display"] for e in body["error"])


@pytest.mark.parametrize(
    "change, code, at",
    [
        (lambda c: c.pop("billablePeriod"), "FHIR_ELEMENT_REQUIRED", "Claim.billablePeriod.start"),
        (lambda c: c.pop("provider"), "FHIR_ELEMENT_REQUIRED", "Claim.provider"),
        (
            lambda c: c["item"][0].pop("net"),
            "FHIR_ELEMENT_REQUIRED",
            "Claim.item[0].net",
        ),
        (
            lambda c: c["item"][0]["net"].update(currency="USD"),
            "FHIR_CODE_UNKNOWN",
            "Claim.item[0].net.currency",
        ),
        (
            lambda c: c["patient"]["identifier"].update(system="urn:oid:1.2.3"),
            "FHIR_CODE_UNKNOWN",
            "Claim.patient.identifier.system",
        ),
        (lambda c: c.update(use="predetermination"), "FHIR_CODE_UNKNOWN", "Claim.use"),
        (lambda c: c.update(status="not-a-status"), "FHIR_CODE_UNKNOWN", "Claim.status"),
        (lambda c: c.update(status="draft"), "FHIR_INVALID", "Claim.status"),
        (
            lambda c: c["billablePeriod"].update(start="2024-03-01"),
            "FHIR_ELEMENT_REQUIRED",
            "Claim.billablePeriod.start",
        ),
        (lambda c: c.update(resourceType="Patient"), "FHIR_WRONG_RESOURCE", "resourceType"),
    ],
)
def test_invalid_fhir_is_an_operation_outcome_and_stores_nothing(
    client, users, person, tariff, change, code, at
):
    client.force_login(users["hospital"])
    message = fhir_claim(payload(person))
    change(message)
    r = post(client, "/fhir/Claim", message)
    assert r.status_code == 400, r.content
    assert code in issue_codes(r)
    issue = next(i for i in r.json()["issue"] if i["details"]["coding"][0]["code"] == code)
    assert issue["expression"][0].startswith(at), issue
    assert issue["details"]["text"] and issue["diagnostics"]  # Thai, English
    assert not Claim.objects.exists()


def test_not_json_and_not_an_object_are_refused(client, users, person, tariff):
    client.force_login(users["hospital"])
    for body in ("{not json", "[1, 2]", '{"resourceType": "Claim", "total": NaN}'):
        r = post(client, "/fhir/Claim", body)
        assert r.status_code == 400 and issue_codes(r) == ["FHIR_INVALID"]
    assert not Claim.objects.exists()


def test_refusals_keep_the_json_api_codes(client, users, person, tariff):
    """Another hospital's claim, a UCEP claim (made only by billing its episode), a wrong
    citizen-ID check digit: the JSON API's codes and statuses, as OperationOutcome."""
    client.force_login(users["hospital"])
    r = post(client, "/fhir/Claim", fhir_claim(payload(person, hospital="90001")))
    assert r.status_code == 403 and issue_codes(r) == ["HOSPITAL_SCOPE"]
    r = post(client, "/fhir/Claim", fhir_claim(payload(person, service_type="UCEP")))
    assert r.status_code == 409 and issue_codes(r) == ["CLAIM_NEEDS_EPISODE"]
    # A wrong check digit is decided and rejected (CID_CHECK_DIGIT), by both ways alike.
    bad = person.citizen_id[:-1] + str((int(person.citizen_id[-1]) + 1) % 10)
    r_json = client.post(
        "/api/v1/claims", payload(person, citizen_id=bad), content_type="application/json"
    )
    r = post(client, "/fhir/Claim", fhir_claim(payload(person, key="K-2", citizen_id=bad)))
    assert r_json.status_code == r.status_code == 201
    json_codes = sorted(p["code"] for p in r_json.json()["problems"])
    assert "CID_CHECK_DIGIT" in json_codes
    assert sorted(e["code"]["coding"][0]["code"] for e in r.json()["error"]) == json_codes
    assert Claim.objects.filter(hospital_id="90001").count() == 0


def test_claim_and_claim_response_are_read_by_their_owner_only(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = post(client, "/fhir/Claim", fhir_claim(payload(person)))
    pk = Claim.objects.get().pk
    assert r.json()["request"]["reference"] == f"Claim/claim-{pk}"
    r = client.get(f"/fhir/Claim/claim-{pk}")
    assert r.status_code == 200 and r.json()["resourceType"] == "Claim"
    sub = r.json()["subType"]["coding"][0]
    assert (sub["system"], sub["code"]) == (S.SERVICE_TYPE_SYSTEM, "OP")
    assert client.get(f"/fhir/ClaimResponse/{pk}").json()["resourceType"] == "ClaimResponse"
    client.force_login(users["other_hospital"])
    for path in (f"/fhir/Claim/claim-{pk}", f"/fhir/ClaimResponse/claimresponse-{pk}"):
        r = client.get(path)
        assert r.status_code == 404 and issue_codes(r) == ["NOT_FOUND"]
    client.logout()
    r = client.get(f"/fhir/Claim/claim-{pk}")
    assert r.status_code == 401 and issue_codes(r) == ["AUTH_REQUIRED"]


def test_what_sitthi_writes_reads_back_as_the_same_claim(client, users, person, tariff):
    """The Claim Sitthi writes (GET) is a Claim it takes (POST): sent back, it is the same
    claim (200, unchanged)."""
    client.force_login(users["hospital"])
    post(client, "/fhir/Claim", fhir_claim(payload(person)))
    pk = Claim.objects.get().pk
    written = client.get(f"/fhir/Claim/claim-{pk}").content
    r = post(client, "/fhir/Claim", written)
    assert r.status_code == 200, r.content
    assert Claim.objects.count() == 1 and Claim.objects.get().revision == 1


def test_an_idempotency_key_replays_a_fhir_claim_and_refuses_another_under_it(
    client, users, person, tariff
):
    """Idempotency-Key on every POST, /fhir/ too: the repeat gets the first answer back, and
    another message under the same key is refused as an OperationOutcome."""
    client.force_login(users["hospital"])
    message = fhir_claim(payload(person))
    first = post(client, "/fhir/Claim", message, HTTP_IDEMPOTENCY_KEY="his-0001")
    again = post(client, "/fhir/Claim", message, HTTP_IDEMPOTENCY_KEY="his-0001")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    other = fhir_claim(payload(person, key="K-2"))
    r = post(client, "/fhir/Claim", other, HTTP_IDEMPOTENCY_KEY="his-0001")
    assert r.status_code == 409 and issue_codes(r) == ["IDEMPOTENCY_KEY_REUSED"]
    r = post(client, "/fhir/Claim", other, HTTP_IDEMPOTENCY_KEY="bad key\u0e01")
    assert r.status_code == 400 and issue_codes(r) == ["IDEMPOTENCY_KEY_INVALID"]
    assert Claim.objects.count() == 1
