"""The initial-assistance queue as the secretary and NHSO search it (issue 16: "Every list …
is paginated, searchable and filterable by the fields people look for (hospital code or name,
citizen ID, status, dates in BE), and exports what it shows"; ``sitthi.web.listing``), the home
page's ``?stage=`` and ``?older=`` still meaning what they did, and the yearly report's
workbook as a report (title row, Thai headers with English, #,##0.00, a Thai sheet name)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sitthi.assistance import services
from sitthi.assistance.models import Request
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db

HEIR_CID = make_cid()
ASKER_CID = make_cid()


@pytest.fixture
def many(sec, registered):
    """30 requests: 26 at Khon Kaen (province 40) received one a day from 1 Feb 2024, the
    first of them approved (injury, 50,000 baht); two at the Bangkok BMA hospital received in
    March; one vaccine request at the Bangkok private hospital asked by an heir; one more at
    Khon Kaen whose harmed person is HEIR_CID."""
    made = []
    for n in range(26):
        day = date(2024, 2, 1) + timedelta(days=n)
        made.append(registered(received_on=day.isoformat(), harm_on="2024-01-10"))
    for day in ("2024-03-15", "2024-03-20"):
        made.append(
            registered(
                hospital="13001", received_on=day, harm_on="2024-03-01", learned_on="2024-03-01"
            )
        )
    made.append(
        registered(
            "vaccine",
            hospital="90001",
            relation="heir",
            requester_cid=ASKER_CID,
            requester_name="นายทายาท ทดสอบ",
            received_on="2024-04-01",
            harm_on="2024-03-20",
            learned_on="2024-03-20",
        )
    )
    made.append(
        registered(
            harmed_cid=HEIR_CID,
            received_on="2024-05-01",
            harm_on="2024-04-20",
            learned_on="2024-04-20",
        )
    )
    now = datetime(2024, 6, 1, 10, tzinfo=BANGKOK)
    services.schedule(sec, made[0].number, "2024-04-15", now=now)
    services.decide(
        sec,
        made[0].number,
        services.DecisionIn("approved", "2024-04-15", "injury", "50000.00"),
        now=now,
    )
    return made


def numbers(response) -> list[str]:
    html = response.content.decode()
    body = re.search(r'data-testid="queue".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r'/assistance/([A-Z0-9-]+)/">', body)


def test_pages_of_25_oldest_first_and_links_keep_the_filters(client, secretary, many):
    client.force_login(secretary)
    first = client.get("/assistance/")
    assert first.status_code == 200
    shown = numbers(first)
    assert shown == [r.number for r in many[:25]]
    second = numbers(client.get("/assistance/", {"page": 2}))
    assert second == [r.number for r in many[25:]]
    page = client.get("/assistance/", {"province": "40", "per": 25}).content.decode()
    assert "province=40&amp;page=2" in page  # the pager keeps the filter


FILTER_CASES = [
    ({"stage": "approved"}, [0]),
    ({"category": "injury"}, [0]),
    ({"programme": "vaccine"}, [28]),
    ({"province": "10"}, [26, 27, 28]),
    ({"q": "13001"}, [26, 27]),  # a hospital's code
    ({"q": "เอกชน"}, [28]),  # a hospital's name
    ({"received_from": "01/03/2567", "received_to": "31/03/2567"}, [26, 27]),  # BE
    ({"received_from": "1/3/2024", "received_to": "31/3/2024"}, [26, 27]),  # CE too
    ({"stage": "received", "province": "10", "programme": "section41"}, [26, 27]),
]


def test_each_filter_and_the_search(client, secretary, many):
    client.force_login(secretary)
    for query, expected in FILTER_CASES:
        r = client.get("/assistance/", {**query, "per": 100})
        assert r.status_code == 200
        assert numbers(r) == [many[i].number for i in expected], query


def test_a_request_number_is_found_by_the_search(client, users, many):
    client.force_login(users["nhso"])
    r = client.get("/assistance/", {"q": many[5].number.lower()})
    assert numbers(r) == [many[5].number]


def test_bad_filters_are_coded_400s_listing_nothing(client, secretary, many):
    client.force_login(secretary)
    r = client.get(
        "/assistance/",
        {"stage": "nowhere", "received_from": "31/02/2567", "received_to": "32/13/2567"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "LIST_FILTER_INVALID" in html and "DATE_INVALID" in html
    assert numbers(r) == []
    r = client.get("/assistance/", {"received_from": "01/04/2567", "received_to": "01/03/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode()
    r = client.get("/assistance/", {"stage": "nowhere", "format": "xlsx"})
    assert r.status_code == 400 and "spreadsheet" not in r["Content-Type"]
    r = client.get("/assistance/", {"older": "abc"})
    assert r.status_code == 400 and "REQUEST_INVALID" in r.content.decode()


def test_the_home_pages_older_and_stage_mean_what_they_meant(client, secretary, sec, many):
    from sitthi.assistance.queue import waiting

    today = bangkok_date(timezone.now())
    cut = (today - date(2024, 2, 20)).days  # received before 20 Feb 2024 (and still open)
    client.force_login(secretary)
    r = client.get("/assistance/", {"older": cut, "per": 100})
    assert r.status_code == 200 and 'data-testid="filter"' in r.content.decode()
    rows, _ = services.queue(sec, today=today, older=cut)
    assert numbers(r) == [x.number for x in rows] == [x.number for x in many[:19]]
    counts = {w.url: w.count for w in waiting(sec, timezone.now())}
    for url, count in counts.items():
        listed = client.get(url + "&per=100")
        assert listed.status_code == 200 and len(numbers(listed)) == min(count, 100), url


def test_person_search_by_post_finds_the_harmed_person_or_the_requester(client, secretary, many):
    client.force_login(secretary)
    for cid, expected in ((HEIR_CID, [29]), (ASKER_CID, [28])):
        r = client.post("/assistance/", {"citizen_id": cid, "province": ""})
        assert r.status_code == 303 and cid not in r["Location"]
        listed = client.get(r["Location"])
        assert numbers(listed) == [many[i].number for i in expected]
        assert cid not in listed.content.decode()  # only its masked form is shown
    r = client.get("/assistance/", {"citizen_id": HEIR_CID})
    assert r.status_code == 400  # CID_IN_ADDRESS
    r = client.post("/assistance/", {"citizen_id": "1234"})
    listed = client.get(r["Location"])
    assert listed.status_code == 400 and numbers(listed) == []


def test_the_export_is_every_filtered_request_as_a_report(client, users, many):
    client.force_login(users["nhso"])
    r = client.get("/assistance/", {"province": "40", "format": "xlsx"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "คำร้องช่วยเหลือเบื้องต้น"
    title = ws["A1"].value
    assert title.startswith("คำร้องขอรับเงินช่วยเหลือเบื้องต้น / Initial assistance requests")
    assert str(date.today().year + 543) in title
    headers = [c.value for c in ws[2]]
    assert "เลขที่คำร้อง / Request number" in headers
    assert "มติจ่าย (บาท) / Awarded (baht)" in headers
    body = list(ws.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in body] == [many[i].number for i in (*range(26), 29)]  # 27 > 25
    awarded = ws.cell(row=3, column=headers.index("มติจ่าย (บาท) / Awarded (baht)") + 1)
    assert awarded.value == 50000 and awarded.number_format == "#,##0.00"
    masked = body[0][
        headers.index(
            "เลขประจำตัวประชาชนผู้ได้รับความเสียหาย (ปิดบางหลัก) / Harmed person's citizen ID (masked)"
        )
    ]
    assert masked != many[0].harmed_cid and masked.endswith(many[0].harmed_cid[-1])
    text = client.get("/assistance/", {"q": "13001", "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "request_number" and len(rows) == 3


def test_only_the_secretary_and_nhso_list_requests_whatever_the_filter(client, users, many):
    for who in ("hospital", "fund"):
        client.force_login(users[who])
        for query in ({}, {"q": "10670"}, {"format": "xlsx"}):
            assert client.get("/assistance/", query).status_code == 403
        assert client.post("/assistance/", {"citizen_id": HEIR_CID}).status_code == 403
    assert Request.objects.count() == 30


def test_the_yearly_report_workbook_reads_as_a_report(client, users, many):
    client.force_login(users["nhso"])
    r = client.get("/assistance/report/", {"fy": 2567, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "รายงานปีงบประมาณ 2567"
    assert ws["A1"].value.startswith("รายงานการช่วยเหลือเบื้องต้น ปีงบประมาณ 2567")
    headers = [c.value for c in ws[2]]
    col = headers.index("มติจ่าย (บาท) / awarded (baht)") + 1
    assert ws.cell(row=ws.max_row, column=1).value == "รวม / total"
    total = ws.cell(row=ws.max_row, column=col)
    assert total.value == 50000 and total.number_format == "#,##0.00"
