"""The committee secretary's system over the API (/api/v1/assistance/requests…): the same steps
as the secretary's pages (DOMAIN.md §5, seed 002_80e7afba8787ed6d.txt lines 5-7), through the
same services, with the same roles: the secretary writes, NHSO reads, anyone else is refused
ROLE_FORBIDDEN; recording a payment needs a token with the "pay" scope. A refused step changes
nothing."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.assistance import services
from sitthi.assistance.models import Document, Payment, Request, Review
from sitthi.core.models import ApiToken
from sitthi.rules.kernel.thaitime import bangkok_date
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db

BASE = "/api/v1/assistance/requests"


def codes(r) -> list[str]:
    return [e["code"] for e in r.json()["errors"]]


def bearer(user, scopes=("read", "submit")) -> dict:
    _, raw = ApiToken.issue(user, "test", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, path, body, user, scopes=("read", "submit")):
    return client.post(BASE + path, body, content_type="application/json", **bearer(user, scopes))


def form(**overrides) -> dict:
    """A valid request: the harmed person asks for themselves at the Khon Kaen hospital."""
    return {
        "programme": "section41",
        "harmed_cid": make_cid(),
        "harmed_name": "นางสมหญิง ทดสอบ",
        "relation": "self",
        "requester_contact": "081-234-5678",
        "hospital": "10670",
        "harm_on": "2024-01-10",
        "learned_on": "2024-01-15",
        "received_on": "2024-02-01",
        "description": "แพ้ยาหลังได้รับการรักษา",
        **overrides,
    }


def state(number: str) -> tuple:
    """What a refused step must leave as it was."""
    req = Request.objects.get(number=number)
    return (
        req.stage,
        list(Review.objects.filter(request=req).values()),
        list(Payment.objects.filter(request=req).values()),
    )


# -- register ---------------------------------------------------------------------------------------


def test_the_secretary_registers_a_request(client, users):
    r = post(client, "", form(), users["secretary"])
    assert r.status_code == 201, r.json()
    body = r.json()
    req = Request.objects.get()
    assert body["number"] == req.number == "S41-2567-00001"
    assert body["stage"] == "received" and body["actions"] == ["schedule"]
    assert (body["province"], body["hospital"], body["learned_on"]) == ("40", "10670", "2024-01-15")
    assert req.registered_by == users["secretary"] and req.requester_cid == req.harmed_cid
    assert body["reviews"][0]["level"] == 1 and body["paid"] == "0.00"
    # the same harm again: the service's refusal, nothing more stored
    same = post(client, "", form(harmed_cid=req.harmed_cid), users["secretary"])
    assert same.status_code == 409 and codes(same) == ["ASSIST_DUPLICATE"]
    assert Request.objects.count() == 1


def test_a_bad_request_answers_every_problem_and_stores_nothing(client, users):
    r = post(
        client,
        "",
        form(programme="x", harmed_cid="123", relation="friend", hospital="99999", harm_on="31/02"),
        users["secretary"],
    )
    assert r.status_code == 400
    found = set(codes(r))
    assert {"ASSIST_PROGRAMME", "ASSIST_RELATION"} <= found and len(found) >= 4
    assert all(e["message_th"] and e["message_en"] for e in r.json()["errors"])
    r = post(client, "", {"programme": "section41"}, users["secretary"])
    assert r.status_code == 400 and set(codes(r)) == {"REQUEST_INVALID"}
    r = post(client, "", form(received_on="2999-01-01"), users["secretary"])
    assert r.status_code == 400
    assert not Request.objects.exists()


def test_only_the_secretary_registers(client, users):
    for who in ("nhso", "hospital", "fund", "ems"):
        r = post(client, "", form(), users[who])
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], who
    r = post(client, "", form(), users["secretary"], scopes=("read",))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    r = client.post(BASE, form(), content_type="application/json")
    assert r.status_code == 401
    assert not Request.objects.exists()


# -- reading ------------------------------------------------------------------------------------------


def test_the_secretary_and_nhso_list_the_requests_by_stage(client, users, registered, sec):
    first = registered()
    second = registered(received_on="2024-02-05")
    services.schedule(sec, second.number, "2024-03-01", now=first.registered_at)
    for who in ("secretary", "nhso"):
        r = client.get(BASE, **bearer(users[who]))
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["count"] == 2 and body["counts"] == {"received": 1, "scheduled": 1}
        assert [i["number"] for i in body["items"]] == [first.number, second.number]
        item = body["items"][0]
        assert item["harmed_cid_masked"] != first.harmed_cid and item["paid"] == "0.00"
        assert item["hospital_name"] == "โรงพยาบาลทดสอบขอนแก่น"
    scheduled = client.get(f"{BASE}?stage=scheduled", **bearer(users["nhso"])).json()
    assert [i["number"] for i in scheduled["items"]] == [second.number]
    assert (
        client.get(f"{BASE}?q=ขอนแก่น&limit=1&offset=1", **bearer(users["nhso"])).json()["items"][0][
            "number"
        ]
        == second.number
    )
    assert client.get(f"{BASE}?older=10", **bearer(users["nhso"])).json()["count"] == 2
    for query, code in (
        ("stage=done", "LIST_FILTER_INVALID"),
        ("older=abc", "REQUEST_INVALID"),
        ("older=²", "REQUEST_INVALID"),  # a digit to str.isdigit, not to int(): once a 500
        ("older=๓", "REQUEST_INVALID"),
        ("received_from=31/02/2567", "DATE_INVALID"),
        ("format=pdf", "REQUEST_INVALID"),
    ):
        r = client.get(f"{BASE}?{query}", **bearer(users["secretary"]))
        assert r.status_code == 400 and code in codes(r), query


def test_the_list_as_a_file_is_the_queue_pages_export(client, users, registered):
    registered()
    registered(programme="vaccine")
    api = client.get(f"{BASE}?format=csv&programme=vaccine", **bearer(users["nhso"]))
    client.force_login(users["nhso"])
    page = client.get("/assistance/?format=csv&programme=vaccine")
    assert api.status_code == 200 and api["Content-Type"].startswith("text/csv")
    assert api.content == page.content
    rows = list(csv.reader(io.StringIO(api.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0].startswith("VAC-")
    xlsx = client.get(f"{BASE}?format=xlsx", **bearer(users["secretary"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_others_may_not_read_the_requests(client, users, registered):
    req = registered()
    for who in ("hospital", "other_hospital", "fund", "ems"):
        for path in ("", f"/{req.number}"):
            r = client.get(BASE + path, **bearer(users[who]))
            assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], (who, path)
    r = client.get(f"{BASE}/S41-2567-99999", **bearer(users["nhso"]))
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    r = client.get(BASE, **bearer(users["secretary"], scopes=("submit",)))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]


# -- the committee's steps --------------------------------------------------------------------------


def test_the_whole_way_schedule_decide_pay_appeal_pay(client, users, registered):
    number = registered().number
    sec = users["secretary"]
    r = post(client, f"/{number}/meeting", {"meeting_on": "2024-03-01"}, sec)
    assert r.status_code == 200 and r.json()["stage"] == "scheduled"
    assert r.json()["reviews"][0]["meeting_on"] == "2024-03-01"
    decision = {
        "outcome": "approved",
        "decided_on": "05/03/2567",  # as the page reads it: Buddhist Era
        "category": "injury",
        "amount": "80000",
    }
    r = post(client, f"/{number}/decision", decision, sec)
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["stage"] == "approved" and body["awarded"] == "80000.00"
    assert body["outstanding"] == "80000.00" and "pay" in body["actions"]
    assert body["reviews"][0]["ceiling_high"] is not None
    pay = {"paid_on": "2024-03-20", "reference": "TR-0001"}
    r = post(client, f"/{number}/payment", pay, sec, scopes=("pay",))
    assert r.status_code == 200, r.json()
    assert r.json()["stage"] == "paid" and r.json()["paid"] == "80000.00"
    assert r.json()["payments"][0]["reference"] == "TR-0001"
    r = post(client, f"/{number}/appeal", {"received_on": "2024-04-01", "reason": "ขอเพิ่ม"}, sec)
    assert r.status_code == 200 and r.json()["stage"] == "appealed"
    post(client, f"/{number}/meeting", {"meeting_on": "2024-04-10"}, sec)
    r = post(
        client,
        f"/{number}/decision",
        {**decision, "amount": "100000", "decided_on": "2024-04-15"},
        sec,
    )
    assert r.json()["stage"] == "appeal_approved" and r.json()["outstanding"] == "20000.00"
    r = post(client, f"/{number}/payment", {"paid_on": "2024-04-20"}, sec, scopes=("pay",))
    assert r.json()["paid"] == "100000.00" and r.json()["stage"] == "paid"
    # the API's answer is the service's, and what NHSO reads
    req = Request.objects.get(number=number)
    assert r.json()["awarded"] == f"{services.award(req):.2f}"
    assert client.get(f"{BASE}/{number}", **bearer(users["nhso"])).json() == r.json()
    r = post(client, f"/{number}/appeal", {"received_on": "2024-05-01", "reason": "อีก"}, sec)
    assert r.status_code == 409 and codes(r) == ["ASSIST_APPEAL_TWICE"]


def test_a_step_out_of_turn_or_with_bad_input_changes_nothing(client, users, registered):
    number = registered().number
    sec = users["secretary"]
    before = state(number)
    r = post(
        client,
        f"/{number}/decision",
        {"outcome": "approved", "decided_on": "2024-03-05", "category": "injury", "amount": "1"},
        sec,
    )
    assert r.status_code == 409 and codes(r) == ["ASSIST_STAGE"]
    r = post(client, f"/{number}/payment", {"paid_on": "2024-03-20"}, sec, scopes=("pay",))
    assert r.status_code == 409 and codes(r) == ["ASSIST_STAGE"]
    r = post(client, f"/{number}/meeting", {"meeting_on": "2024-01-01"}, sec)  # before receipt
    assert r.status_code == 400 and codes(r) == ["ASSIST_DATE_BEFORE"]
    r = post(client, f"/{number}/meeting", {"meeting_on": "soon"}, sec)
    assert r.status_code == 400 and codes(r) == ["DATE_INVALID"]
    assert state(number) == before
    post(client, f"/{number}/meeting", {"meeting_on": "2024-03-01"}, sec)
    before = state(number)
    over = {"outcome": "approved", "decided_on": "2024-03-05", "category": "injury"}
    r = post(client, f"/{number}/decision", {**over, "amount": "999999999"}, sec)
    assert r.status_code == 400 and codes(r) == ["ASSIST_OVER_CEILING"]
    r = post(client, f"/{number}/decision", {**over, "amount": "1e9"}, sec)
    assert r.status_code == 400
    r = post(
        client, f"/{number}/decision", {"outcome": "rejected", "decided_on": "2024-03-05"}, sec
    )
    assert r.status_code == 400 and codes(r) == ["REASON_REQUIRED"]
    assert state(number) == before
    r = post(client, "/S41-2567-99999/meeting", {"meeting_on": "2024-03-01"}, sec)
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]


def test_only_the_secretary_takes_the_steps(client, users, registered, sec):
    number = registered().number
    services.schedule(sec, number, "2024-03-01", now=Request.objects.get().registered_at)
    before = state(number)
    steps = (
        ("/meeting", {"meeting_on": "2024-03-02"}),
        ("/decision", {"outcome": "rejected", "decided_on": "2024-03-05", "reasons": "x"}),
        ("/appeal", {"received_on": "2024-04-01", "reason": "x"}),
    )
    for who in ("nhso", "hospital", "fund"):
        for path, body in steps:
            r = post(client, f"/{number}{path}", body, users[who])
            assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], (who, path)
        r = post(client, f"/{number}/payment", {"paid_on": "2024-03-20"}, users[who], ("pay",))
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], who
    assert state(number) == before


def test_paying_needs_the_pay_scope(client, users, registered, sec):
    number = registered().number
    now = Request.objects.get().registered_at
    services.schedule(sec, number, "2024-03-01", now=now)
    services.decide(
        sec, number, services.DecisionIn("approved", "2024-03-05", "injury", "80000"), now=now
    )
    before = state(number)
    body = {"paid_on": "2024-03-20", "reference": "TR"}
    r = post(client, f"/{number}/payment", body, users["secretary"], scopes=("read", "submit"))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert "pay" in r.json()["errors"][0]["message_en"]
    soon = (bangkok_date(timezone.now()) + timedelta(days=3)).isoformat()
    r = post(client, f"/{number}/payment", {"paid_on": soon}, users["secretary"], ("pay",))
    assert r.status_code == 400 and codes(r) == ["DATE_IN_FUTURE"]
    assert state(number) == before
    # a person logged in by session is not limited by scopes (the page's own way)
    client.force_login(users["secretary"])
    r = client.post(f"{BASE}/{number}/payment", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["paid"] == "80000.00"


def test_more_documents_as_on_the_page(client, users, registered, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    number = registered().number
    url = f"{BASE}/{number}/documents"
    r = client.post(
        url,
        {"documents": [SimpleUploadedFile("more.pdf", pdf_bytes)]},
        **bearer(users["secretary"]),
    )
    assert r.status_code == 200, r.json()
    assert r.json()["documents"] == 2 and Document.objects.count() == 2
    r = client.post(
        url,
        {"documents": [SimpleUploadedFile("a.pdf", pdf_bytes), SimpleUploadedFile("b.pdf", b"MZ")]},
        **bearer(users["secretary"]),
    )
    assert r.status_code == 400 and codes(r) == ["FILE_TYPE"]
    r = client.post(
        url, {"documents": [SimpleUploadedFile("a.pdf", pdf_bytes)]}, **bearer(users["nhso"])
    )
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    assert Document.objects.count() == 2
