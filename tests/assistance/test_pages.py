"""Initial-assistance pages and API (issue 7): the secretary's queue and steps, the decision
letter, the yearly report (page and XLSX), the public status page, and the refusals.
DOMAIN.md §5; seed 002_80e7afba8787ed6d.txt lines 5-7; FACTS.md "Initial assistance ceilings".
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfWriter

from sitthi.assistance import services
from sitthi.assistance.documents import Upload
from sitthi.assistance.models import Request
from sitthi.core.actor import Actor
from sitthi.core.models import ApiToken, User
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date
from tests.conftest import make_cid
from tests.web.pagecheck import assert_csp_clean

pytestmark = pytest.mark.django_db


def _pdf() -> bytes:
    w = PdfWriter()
    w.add_blank_page(72, 72)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clerk(users):
    return User.objects.create_user("s41_clerk", password="pw-s41_clerk", role="secretary")


def _register(clerk, *, programme="section41", harm=date(2024, 3, 1), received=None, **kw):
    received = received or harm + timedelta(days=20)
    data = services.RequestIn(
        programme=programme,
        harmed_cid=kw.pop("cid", make_cid()),
        harmed_name=kw.pop("name", "สมหญิง ทดสอบ"),
        relation=kw.pop("relation", "self"),
        requester_cid=kw.pop("requester_cid", ""),
        requester_name=kw.pop("requester_name", ""),
        requester_contact="081-000-0000",
        hospital=kw.pop("hospital", "10670"),
        harm_on=harm.isoformat(),
        learned_on="",
        received_on=received.isoformat(),
        description="ติดเชื้อหลังผ่าตัด",
    )
    at = datetime.combine(received, datetime.min.time(), BANGKOK) + timedelta(hours=10)
    return services.register(Actor.of(clerk), data, [Upload("a.pdf", _pdf())], now=at)


def _decided(clerk, amount="100000.00"):
    req = _register(clerk)
    now = datetime(2024, 6, 1, 10, tzinfo=BANGKOK)
    services.schedule(Actor.of(clerk), req.number, "2024-04-15", now=now)
    services.decide(
        Actor.of(clerk),
        req.number,
        services.DecisionIn("approved", "2024-04-15", "injury", amount),
        now=now,
    )
    return req


# -- the queue and the request page ------------------------------------------------------------


def test_queue_oldest_first_with_age_and_refusals(client, users, clerk):
    old = _register(clerk, harm=date(2024, 1, 5))
    new = _register(clerk, harm=date(2024, 5, 5))
    client.force_login(clerk)
    page = client.get("/assistance/").content.decode()
    assert page.index(old.number) < page.index(new.number)
    age = (bangkok_date(timezone.now()) - old.received_on).days
    assert f">{age:,}<" in page
    assert old.harmed_cid not in page  # masked in lists
    filtered = client.get("/assistance/?stage=scheduled").content.decode()
    assert old.number not in filtered
    client.force_login(users["hospital"])
    assert client.get("/assistance/").status_code == 403
    assert client.get(f"/assistance/{old.number}/").status_code == 403
    client.force_login(users["fund"])
    assert client.get("/assistance/report/").status_code == 403
    client.logout()
    assert client.get("/assistance/").status_code == 302  # to the login page


def test_register_through_the_form_with_a_document(client, clerk):
    client.force_login(clerk)
    form = {
        "programme": "vaccine",
        "harmed_cid": make_cid(),
        "harmed_name": "มานะ ทดสอบ",
        "relation": "heir",
        "requester_cid": make_cid(),
        "requester_name": "มานี ทดสอบ",
        "hospital": "13001",
        "harm_on": "2024-02-01",
        "learned_on": "",
        "received_on": "2024-03-01",
        "description": "กล้ามเนื้อหัวใจอักเสบหลังรับวัคซีน",
    }
    bad = io.BytesIO(b"not a pdf at all")
    bad.name = "scan.pdf"
    response = client.post("/assistance/new/", {**form, "documents": [bad]})
    assert response.status_code == 400
    assert "FILE_TYPE" in response.content.decode()
    assert Request.objects.count() == 0
    good = io.BytesIO(_pdf())
    good.name = "scan.pdf"
    response = client.post("/assistance/new/", {**form, "documents": [good]})
    assert response.status_code == 302
    req = Request.objects.get()
    assert response["Location"] == f"/assistance/{req.number}/"
    assert req.number.startswith("VAC-2567-")
    assert req.province_id == "10"
    assert req.documents.get().content_type == "application/pdf"


def test_steps_on_the_page_and_the_ceiling_shown_when_over(client, clerk):
    req = _register(clerk)
    client.force_login(clerk)
    url = f"/assistance/{req.number}/"
    page = client.get(url).content.decode()
    assert 'data-testid="form-schedule"' in page and 'data-testid="form-approve"' not in page
    assert 'data-testid="unconfirmed"' in page  # Section 41's ceilings are a labelled default
    assert client.post(url, {"action": "schedule", "meeting_on": "2024-04-10"}).status_code == 302
    over = client.post(
        url,
        {
            "action": "approve",
            "decided_on": "2024-04-10",
            "category": "injury",
            "amount": "100000.01",
        },
    )
    assert over.status_code == 400
    text = over.content.decode()
    assert "ASSIST_OVER_CEILING" in text and "100,000.00" in text
    req.refresh_from_db()
    assert req.stage == "scheduled"
    ok = client.post(
        url,
        {"action": "approve", "decided_on": "2024-04-10", "category": "injury", "amount": "100000"},
    )
    assert ok.status_code == 302
    assert client.post(url, {"action": "pay", "paid_on": "2024-04-20"}).status_code == 302
    req.refresh_from_db()
    assert req.stage == "paid"
    assert req.payments.get().amount == Decimal("100000.00")
    assert client.post(url, {"action": "pay", "paid_on": "2024-04-21"}).status_code == 409


def test_decision_letter_in_thai_with_the_amount_in_words(client, users, clerk):
    req = _decided(clerk, amount="100000.00")
    client.force_login(clerk)
    letter = assert_csp_clean(client.get(f"/assistance/{req.number}/letter/"))
    assert "หนังสือแจ้งผลการพิจารณาคำร้องขอรับเงินช่วยเหลือเบื้องต้น" in letter
    assert "100,000.00 บาท" in letter and "หนึ่งแสนบาทถ้วน" in letter
    assert "15 เมษายน 2567" in letter  # the decision day, full Thai month, Buddhist Era
    assert "ค่าเริ่มต้นที่รอการยืนยัน" in letter
    # no appeal yet: no letter for level 2
    assert client.get(f"/assistance/{req.number}/letter/?level=2").status_code == 404
    client.force_login(users["nhso"])  # NHSO reads
    assert client.get(f"/assistance/{req.number}/letter/").status_code == 200


def test_documents_only_for_the_secretary(client, users, clerk):
    req = _register(clerk)
    doc = req.documents.get()
    client.force_login(clerk)
    response = client.get(f"/assistance/{req.number}/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    client.force_login(users["nhso"])
    assert client.get(f"/assistance/{req.number}/documents/{doc.pk}/").status_code == 403
    assert client.get(f"/assistance/{req.number}/").status_code == 200


# -- the yearly report -------------------------------------------------------------------------


def test_yearly_report_page_and_xlsx_add_up(client, users, clerk):
    _decided(clerk, amount="60000.00")
    _decided(clerk, amount="40000.50")
    _register(clerk, programme="vaccine", hospital="13001")
    client.force_login(users["nhso"])
    page = assert_csp_clean(client.get("/assistance/report/?fy=2567"))
    assert "100,000.50" in page
    assert 'data-testid="money-chart"' in page
    response = client.get("/assistance/report/?fy=2567&format=xlsx")
    ws = load_workbook(io.BytesIO(response.content))["รายงานปีงบประมาณ 2567"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))  # a title row, the header row
    body, total = rows[:-1], rows[-1]
    assert total[0] == "รวม / total"
    assert total[4] == sum(r[4] for r in body) == 3
    assert Decimal(str(total[9])) == sum(Decimal(str(r[9])) for r in body) == Decimal("100000.50")
    empty = client.get("/assistance/report/?fy=2560").content.decode()
    assert "No requests received" in empty or "ไม่มีคำร้องในปีงบประมาณนี้" in empty
    assert client.get("/assistance/report/?fy=abc").status_code == 400


# -- the public status page and API ----------------------------------------------------------


def test_public_status_needs_both_numbers(client, clerk):
    req = _decided(clerk, amount="87654.00")
    other = _register(clerk, harm=date(2024, 2, 2))
    page = client.get("/assistance/status/").content.decode()
    assert "ค่าเริ่มต้นที่รอการยืนยัน" in page  # the [?] default is labelled for the public too
    found = client.post(
        "/assistance/status/", {"number": req.number.lower(), "citizen_id": req.harmed_cid}
    )
    text = found.content.decode()
    assert found.status_code == 200
    assert "คณะกรรมการมีมติจ่ายเงินช่วยเหลือ" in text
    assert req.harmed_name not in text and "87,654" not in text and "87654" not in text
    answers = set()
    for number, cid in (
        (req.number, other.harmed_cid),  # another request's person
        (req.number, make_cid()),
        ("S41-2567-99999", req.harmed_cid),
        (req.number, ""),
    ):
        r = client.post("/assistance/status/", {"number": number, "citizen_id": cid})
        assert r.status_code == 404
        body = r.content.decode()
        assert req.harmed_name not in body and "คณะกรรมการมีมติ" not in body
        answers.add(body.split('data-testid="errors"')[1].split("</div>\n</div>")[0])
    assert len(answers) == 1  # the same answer, whatever was wrong


def test_public_status_api_and_request_api(client, users, clerk):
    req = _decided(clerk)
    ok = client.post(
        "/api/v1/assistance/status",
        {"number": req.number, "citizen_id": req.harmed_cid},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert set(ok.json()) == {
        "number",
        "programme",
        "stage",
        "stage_th",
        "stage_en",
        "received_on",
        "meeting_on",
        "decided_on",
        "appeal_received_on",
        "appeal_meeting_on",
        "appeal_decided_on",
        "paid_on",
    }
    assert ok.json()["stage"] == "approved"
    miss = client.post(
        "/api/v1/assistance/status",
        {"number": req.number, "citizen_id": make_cid()},
        content_type="application/json",
    )
    assert miss.status_code == 404
    assert miss.json()["errors"][0]["code"] == "ASSIST_STATUS_NO_MATCH"
    client.force_login(users["nhso"])
    read = client.get(f"/api/v1/assistance/requests/{req.number}")
    assert read.status_code == 200
    assert read.json()["reviews"][0]["amount"] == "100000.00"
    assert read.json()["awarded"] == "100000.00" and read.json()["paid"] == "0.00"
    client.logout()
    _, raw = ApiToken.issue(users["hospital"], "his")
    refused = client.get(
        f"/api/v1/assistance/requests/{req.number}", headers={"authorization": f"Bearer {raw}"}
    )
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"


def test_home_shows_the_secretary_its_tasks(client, clerk):
    client.force_login(clerk)
    page = client.get("/").content.decode()
    assert "/assistance/new/" in page and "/assistance/report/" in page
    client.logout()
    assert "/assistance/status/" in client.get("/").content.decode()
