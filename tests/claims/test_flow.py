"""A claim from submission to payment (issue 3; DOMAIN.md §1 steps 6–8, seed
001_9fcdabf8e5dd4edb.txt §2 steps 6–8: NHSO as clearing house notifies the owner fund within
30 days of complete documents; the fund pays within 15 days of the notice)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.claims import services
from sitthi.claims.models import Claim, ClaimEvent, Notice
from sitthi.core.actor import Actor

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db


def codes(response):
    return sorted(e["code"] for e in response.json()["errors"])


def test_an_accepted_claim_is_priced_line_by_line_with_explanations(
    post_claim, users, person, tariff
):
    r = post_claim(users["hospital"], payload(person))
    assert r.status_code == 201, r.content
    body = r.json()
    claim = body["claim"]
    assert body["status"] == "created" and claim["state"] == "accepted"
    # line 1: 2 × 100.00 = 200.00 < 250.00 charged → 200.00; line 2: 80.50 < 100.00 → 80.50
    assert [ln["payable"] for ln in claim["lines"]] == ["200.00", "80.50"]
    assert claim["payable_total"] == "280.50" and claim["charged_total"] == "330.50"
    assert claim["fund"] == "UCS"
    assert all(ln["explanation_th"] and ln["explanation_en"] for ln in claim["lines"])
    assert claim["lines"][0]["tariff_valid_from"] == "2015-01-01"
    assert [h["to_state"] for h in claim["history"]] == ["submitted", "accepted"]
    stored = Claim.objects.get()
    assert LogEntry.objects.get_for_object(stored).get().actor == users["hospital"]


def test_sending_the_same_claim_twice_stores_it_once(post_claim, users, person, tariff):
    first = post_claim(users["hospital"], payload(person))
    again = post_claim(users["hospital"], payload(person))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["status"] == "unchanged"
    assert Claim.objects.count() == 1 and ClaimEvent.objects.count() == 2


def test_a_different_claim_under_a_used_key_is_refused(post_claim, users, person, tariff):
    post_claim(users["hospital"], payload(person))
    before = LogEntry.objects.count()
    changed = payload(person)
    changed["lines"][0]["charged"] = "260.00"
    r = post_claim(users["hospital"], changed)
    assert r.status_code == 409 and codes(r) == ["CLAIM_KEY_CONFLICT"]
    assert Claim.objects.get().charged_total == Decimal("330.50")
    assert LogEntry.objects.count() == before


def test_a_rejected_claim_lists_all_its_problems_and_can_be_resubmitted(
    post_claim, users, person, tariff
):
    bad = payload(
        person,
        diagnoses=[{"code": "X99.99", "dx_type": "1"}],
        lines=[
            {
                "item_code": "LAB-1",
                "quantity": "0",
                "served_at": bkk(2024, 3, 1, 9).isoformat(),
                "charged": "10.00",
            },
            {
                "item_code": "NOPE",
                "quantity": "1",
                "served_at": bkk(2024, 3, 1, 9).isoformat(),
                "charged": "0",
            },
        ],
    )
    r = post_claim(users["hospital"], bad)
    assert r.status_code == 201
    claim = r.json()["claim"]
    assert claim["state"] == "rejected" and claim["payable_total"] is None
    found = sorted(p["code"] for p in claim["problems"])
    assert found == sorted(
        ["DIAGNOSIS_UNKNOWN", "QUANTITY_NOT_POSITIVE", "ITEM_UNKNOWN", "AMOUNT_NOT_POSITIVE"]
    )
    fixed = post_claim(users["hospital"], payload(person))
    assert fixed.status_code == 201 and fixed.json()["status"] == "resubmitted"
    c = fixed.json()["claim"]
    assert c["state"] == "accepted" and c["revision"] == 2 and c["problems"] == []
    assert [h["to_state"] for h in c["history"]] == [
        "submitted",
        "rejected",
        "submitted",
        "accepted",
    ]
    snapshot = ClaimEvent.objects.filter(snapshot__isnull=False).get().snapshot
    assert snapshot["state"] == "rejected" and snapshot["lines"][1][0] == "NOPE"


def test_a_hospital_cannot_claim_for_another_hospital(post_claim, users, person, tariff):
    r = post_claim(users["other_hospital"], payload(person))
    assert r.status_code == 403 and codes(r) == ["HOSPITAL_SCOPE"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("who", ["nhso", "fund", "ems"])
def test_only_hospitals_submit(post_claim, users, person, tariff, who):
    r = post_claim(users[who], payload(person))
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]


def test_rights_and_network_are_judged_on_the_service_date(post_claim, users, person, tariff):
    """The person is SSS until 30 Jun 2023 and UC from 1 Jul 2023; the hospital's SSS
    contract runs 1 Jan 2020 – 31 Dec 2023 (tests/conftest.py)."""
    sss = post_claim(users["hospital"], payload(person, key="S", when=bkk(2023, 6, 30, 10)))
    assert sss.json()["claim"]["fund"] == "SSS" and sss.json()["claim"]["state"] == "accepted"
    early = post_claim(users["hospital"], payload(person, key="E", when=bkk(2019, 6, 1, 10)))
    assert [p["code"] for p in early.json()["claim"]["problems"]] == ["HOSPITAL_NOT_IN_NETWORK"]
    none = post_claim(users["hospital"], payload(person, key="N", when=bkk(2014, 6, 1, 10)))
    assert "RIGHTS_NOT_IN_FORCE" in [p["code"] for p in none.json()["claim"]["problems"]]


@pytest.mark.parametrize(
    ("day", "code", "state"),
    [
        (24, "DM-OLD", "accepted"),
        (25, "DM-OLD", "rejected"),
        (24, "DM-NEW", "rejected"),
        (25, "DM-NEW", "accepted"),
    ],
)
def test_the_diabetes_code_change(post_claim, users, person, tariff, day, code, state):
    """Seed 002_80e7afba8787ed6d.txt: a withdrawn claim code is not paid
    ("หากเบิกรหัสที่ยกเลิกไปแล้วจะไม่ได้รับการจ่ายชดเชย"); the patch is dated 25 Apr 2022."""
    when = bkk(2022, 4, day, 10)
    body = payload(
        person,
        when=when,
        lines=[
            {"item_code": code, "quantity": "1", "served_at": when.isoformat(), "charged": "400"}
        ],
    )
    claim = post_claim(users["hospital"], body).json()["claim"]
    assert claim["state"] == state
    if state == "rejected":
        assert [p["code"] for p in claim["problems"]] == ["ITEM_NOT_IN_FORCE"]


def _accepted(post_claim, users, person, key="K-1"):
    return post_claim(users["hospital"], payload(person, key=key)).json()["claim"]["id"]


def test_verification_notice_and_payment(client, post_claim, users, person, tariff):
    ids = [_accepted(post_claim, users, person, k) for k in ("A", "B")]
    # Only NHSO verifies.
    client.force_login(users["hospital"])
    r = client.post(f"/api/v1/claims/{ids[0]}/documents-complete")
    assert r.status_code == 403
    client.force_login(users["nhso"])
    for cid in ids:
        r = client.post(f"/api/v1/claims/{cid}/documents-complete")
        assert r.status_code == 200 and r.json()["state"] == "documents_complete"
    today = services.bangkok_date(Claim.objects.get(pk=ids[0]).documents_complete_at)
    assert r.json()["notice_due"] == (today + timedelta(days=30)).isoformat()
    # Twice is a state error.
    r = client.post(f"/api/v1/claims/{ids[0]}/documents-complete")
    assert r.status_code == 409 and codes(r) == ["STATE_MOVE_INVALID"]
    # A notice to the wrong fund is refused whole.
    r = client.post(
        "/api/v1/notices", {"fund": "SSS", "claim_ids": ids}, content_type="application/json"
    )
    assert r.status_code == 403 and set(codes(r)) == {"FUND_SCOPE"}
    assert not Notice.objects.exists()
    r = client.post(
        "/api/v1/notices", {"fund": "UCS", "claim_ids": ids}, content_type="application/json"
    )
    assert r.status_code == 201
    notice = r.json()
    assert notice["total"] == "561.00"
    assert notice["payment_due"] == (today + timedelta(days=15)).isoformat()

    # Another fund cannot see or pay it; the right fund must pay the exact total, once.
    client.force_login(users["fund"])  # SSS officer
    assert client.get("/api/v1/notices").json() == []
    r = client.post(
        f"/api/v1/notices/{notice['id']}/payment",
        {"amount": "561.00", "paid_on": "2024-03-20", "reference": "X"},
        content_type="application/json",
    )
    assert r.status_code == 404
    from sitthi.core.models import User

    uc = User.objects.create_user("uc_officer", password="x", role="fund", fund_id="UCS")
    client.force_login(uc)
    r = client.post(
        f"/api/v1/notices/{notice['id']}/payment",
        {"amount": "561.01", "paid_on": "2024-03-20", "reference": "TX-1"},
        content_type="application/json",
    )
    assert r.status_code == 400 and codes(r) == ["PAYMENT_AMOUNT_MISMATCH"]
    r = client.post(
        f"/api/v1/notices/{notice['id']}/payment",
        {"amount": "561.00", "paid_on": "2024-03-20", "reference": "TX-1"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["paid_on"] == "2024-03-20"
    assert set(Claim.objects.values_list("state", flat=True)) == {"paid"}
    r = client.post(
        f"/api/v1/notices/{notice['id']}/payment",
        {"amount": "561.00", "paid_on": "2024-03-21", "reference": "TX-2"},
        content_type="application/json",
    )
    assert r.status_code == 409 and codes(r) == ["NOTICE_ALREADY_PAID"]
    n = Notice.objects.get()
    assert LogEntry.objects.get_for_object(n).filter(actor=uc).exists()


def test_return_for_correction_needs_a_reason_and_allows_resubmission(
    client, post_claim, users, person, tariff
):
    cid = _accepted(post_claim, users, person)
    client.force_login(users["nhso"])
    r = client.post(
        f"/api/v1/claims/{cid}/return", {"reason": "  "}, content_type="application/json"
    )
    assert r.status_code == 400 and codes(r) == ["REASON_REQUIRED"]
    r = client.post(
        f"/api/v1/claims/{cid}/return", {"reason": "ขาดเอกสาร"}, content_type="application/json"
    )
    assert r.json()["state"] == "returned"
    changed = payload(person)
    changed["lines"] = changed["lines"][:1]
    r = post_claim(users["hospital"], changed)
    assert r.json()["status"] == "resubmitted" and r.json()["claim"]["revision"] == 2


def test_a_duplicate_of_a_paid_claim_is_denied(post_claim, users, person, tariff):
    cid = _accepted(post_claim, users, person)
    Claim.objects.filter(pk=cid).update(state="paid")
    r = post_claim(users["hospital"], payload(person, key="K-2"))
    assert [p["code"] for p in r.json()["claim"]["problems"]] == ["DUPLICATE_OF_PAID"]


def test_deadlines_count_days_left_and_overdue(post_claim, users, person, tariff):
    cid = _accepted(post_claim, users, person)
    nhso = Actor.of(users["nhso"])
    claim = services.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 1, 12))
    assert claim.notice_due == date(2024, 3, 31)
    (d,) = services.deadlines(nhso, date(2024, 3, 31))
    assert d.days_left == 0 and not d.overdue
    (d,) = services.deadlines(nhso, date(2024, 4, 2))
    assert d.overdue and d.days_overdue == 2
    notice = services.create_notice(nhso, "UCS", [cid], now=bkk(2024, 3, 10, 12))
    assert notice.payment_due == date(2024, 3, 25)
    (d,) = services.deadlines(nhso, date(2024, 3, 26))
    assert d.kind == "payment" and d.days_overdue == 1
    assert services.deadlines(Actor.of(users["fund"]), date(2024, 3, 26)) == []  # SSS


def test_statement_totals_equal_their_lines(client, post_claim, users, person, tariff):
    ids = [_accepted(post_claim, users, person, k) for k in ("A", "B", "C")]
    nhso = Actor.of(users["nhso"])
    for cid in ids:
        services.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 2, 9))
    notice = services.create_notice(nhso, "UCS", ids, now=bkk(2024, 3, 3, 9))
    from sitthi.core.models import User

    uc = User.objects.create_user("uc2", password="x", role="fund", fund_id="UCS")
    services.record_payment(
        Actor.of(uc), notice.pk, notice.total, date(2024, 3, 10), "TX", now=bkk(2024, 3, 10, 15)
    )
    stm = services.statement(
        Actor.of(users["hospital"]), "10670", date(2024, 3, 1), date(2024, 3, 31)
    )
    assert len(stm.claims) == 3
    assert stm.total_paid == sum(c.payable_total for c in stm.claims) == Decimal("841.50")
    assert stm.total_paid == sum(ln.payable for c in stm.claims for ln in c.lines.all())
    assert (
        services.statement(
            Actor.of(users["hospital"]), "10670", date(2024, 3, 11), date(2024, 3, 31)
        ).claims
        == []
    )
    client.force_login(users["hospital"])
    r = client.get("/statements/", {"from": "2024-03-01", "to": "2024-03-31", "format": "xlsx"})
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert rows[-1][0] == "รวม / TOTAL" and Decimal(str(rows[-1][-1])) == Decimal("841.50")
    r = client.get("/statements/", {"hospital": "90001", "from": "2024-03-01", "to": "2024-03-31"})
    assert r.status_code == 403


def test_fhir_output_validates_and_keeps_satang(client, post_claim, users, person, tariff):
    import json

    from fhir.resources.R4B.bundle import Bundle

    cid = _accepted(post_claim, users, person)
    client.force_login(users["hospital"])
    r = client.get(f"/api/v1/claims/{cid}/fhir")
    assert r.status_code == 200 and r["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(r.content)
    claim, response = (e.resource for e in bundle.entry)
    assert claim.__resource_type__ == "Claim" and response.__resource_type__ == "ClaimResponse"
    raw = json.loads(r.content, parse_float=Decimal)
    money = raw["entry"][1]["resource"]["item"][1]["adjudication"][1]["amount"]
    assert money == {"value": Decimal("80.50"), "currency": "THB"}
    assert raw["entry"][0]["resource"]["total"]["value"] == Decimal("330.50")
    client.force_login(users["other_hospital"])
    assert client.get(f"/api/v1/claims/{cid}/fhir").status_code == 404
