"""The finance lists as officers search them (issue 16: "Every list … is paginated, searchable
and filterable … and exports what it shows"; ``sitthi.web.listing``): the hospitals with their
risk level, quarter by quarter, and the watch list (levels 6 and 7). The quarter keeps its
old names ``fy`` and ``q``; the hospital search box is ``hospital`` (code or name)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from sitthi.core.actor import Actor
from sitthi.finance import services
from sitthi.registry.models import Hospital
from tests.finance.test_risk_app import CRISIS, HEALTHY, NOW, region7  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(users, region7):  # noqa: F811
    """2565 Q2: 26 healthy hospitals of Udon Thani (province 41, region 8), 10670 healthy,
    10671 (Khon Kaen, region 7) and 10001 (Chiang Mai, region 1) in crisis; 2565 Q1: 10670
    in crisis."""
    for n in range(1, 27):
        Hospital.objects.create(
            hcode=f"3{n:04d}",
            name_th=f"โรงพยาบาลอุดรการเงิน {n}",
            ownership="public",
            province_id="41",
        )
    nhso = Actor.of(users["nhso"])
    rows = [{**HEALTHY, "hospital": f"3{n:04d}"} for n in range(1, 27)]
    rows += [
        {**HEALTHY, "hospital": "10670"},
        {**CRISIS, "hospital": "10671"},
        {**CRISIS, "hospital": "10001"},
    ]
    report = services.load_statements(nhso, rows, fiscal_year=2565, quarter=2, source="t", now=NOW)
    assert len(report.stored) == 29
    services.load_statements(
        nhso, [{**CRISIS, "hospital": "10670"}], fiscal_year=2565, quarter=1, source="t", now=NOW
    )


def shown(response, table="scores") -> list[str]:
    html = response.content.decode()
    body = re.search(rf'data-testid="{table}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r'href="/finance/hospitals/(\d{5})/"', body)


def test_pages_of_25_of_the_latest_quarter_by_default(client, users, loaded):
    client.force_login(users["nhso"])
    first = client.get("/finance/")
    assert first.status_code == 200
    rows = shown(first)
    assert len(rows) == 25 and rows[:2] == ["10001", "10671"]  # the worst level first
    html = first.content.decode()
    assert "fy=2565&amp;q=2&amp;page=2" in html  # the pager keeps the quarter
    second = shown(client.get("/finance/", {"fy": "2565", "q": "2", "page": 2}))
    assert len(second) == 4 and not set(second) & set(rows)
    everything = shown(client.get("/finance/", {"fy": "", "q": "", "per": 100}))
    assert len(everything) == 30  # every quarter: 10670 twice


FILTER_CASES = [
    ({"region": "7"}, ["10671", "10670"]),
    ({"province": "50"}, ["10001"]),
    ({"level": "7"}, ["10001", "10671"]),
    ({"band": "watch"}, ["10001", "10671"]),
    ({"band": "normal", "region": "7"}, ["10670"]),
    ({"hospital": "10671"}, ["10671"]),  # by code
    ({"hospital": "เชียงใหม่"}, ["10001"]),  # by name
    ({"fy": "2565", "q": "1"}, ["10670"]),
    ({"fy": "", "q": "", "hospital": "10670"}, ["10670", "10670"]),
]


def test_each_filter_and_the_search(client, users, loaded):
    client.force_login(users["nhso"])
    for query, expected in FILTER_CASES:
        r = client.get("/finance/", {"fy": "2565", "q": "2", "per": 100, **query})
        assert r.status_code == 200
        assert shown(r) == expected, query


def test_a_bad_filter_is_a_coded_400_listing_nothing(client, users, loaded):
    client.force_login(users["nhso"])
    r = client.get("/finance/", {"level": "9", "band": "awful", "fy": "2599"})
    assert r.status_code == 400
    assert r.content.decode().count("LIST_FILTER_INVALID") >= 3 and shown(r) == []
    r = client.get("/finance/", {"level": "9", "format": "xlsx"})
    assert r.status_code == 400 and "spreadsheet" not in r["Content-Type"]


def test_the_export_is_every_filtered_hospital_as_a_report(client, users, loaded):
    client.force_login(users["nhso"])
    r = client.get("/finance/", {"fy": "2565", "q": "2", "band": "normal", "format": "xlsx"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "ความเสี่ยงทางการเงิน"
    title = ws["A1"].value
    assert title.startswith("ความเสี่ยงทางการเงินของหน่วยบริการ / Hospital financial risk")
    assert str(date.today().year + 543) in title
    headers = [c.value for c in ws[2]]
    body = list(ws.iter_rows(min_row=3))
    assert len(body) == 27  # every healthy hospital, not only the 25 of a page
    nwc = body[0][headers.index("ทุนหมุนเวียนสุทธิ (บาท) / NWC (baht)")]
    assert nwc.value == 2000000 and nwc.number_format == "#,##0.00"
    csv = client.get("/finance/", {"hospital": "เชียงใหม่", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("10001,")


def test_a_hospital_sees_its_own_statements_whatever_the_filter(client, users, loaded):
    client.force_login(users["hospital"])  # an officer of 10670
    for query in ({}, {"hospital": "10671"}, {"region": "1"}, {"fy": "", "q": ""}):
        r = client.get("/finance/", query)
        assert r.status_code == 200 and set(shown(r)) == {"10670"}, query
    assert 'data-testid="filter-hospital"' not in r.content.decode()  # not offered
    r = client.get("/finance/", {"fy": "", "q": "", "hospital": "10001", "format": "csv"})
    lines = r.content.decode("utf-8-sig").strip().splitlines()[1:]
    assert sorted(line[:5] for line in lines) == ["10670", "10670"]
    assert client.get("/finance/watch/").status_code == 403
    assert client.get("/finance/watch/", {"region": "7", "format": "xlsx"}).status_code == 403


def test_the_watch_list_filters_and_exports(client, users, loaded):
    client.force_login(users["nhso"])
    national = client.get("/finance/watch/")  # every region, the latest quarter
    assert national.status_code == 200 and shown(national, "watch") == ["10001", "10671"]
    assert shown(client.get("/finance/watch/", {"region": "7"}), "watch") == ["10671"]
    assert shown(client.get("/finance/watch/", {"hospital": "เชียงใหม่"}), "watch") == ["10001"]
    q1 = client.get("/finance/watch/", {"fy": "2565", "q": "1"})
    assert shown(q1, "watch") == ["10670"]
    r = client.get("/finance/watch/", {"level": "0"})  # not a watch level
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    r = client.get("/finance/watch/", {"region": "1", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "หน่วยบริการที่ต้องติดตาม"
    assert ws["A1"].value.startswith("หน่วยบริการที่ต้องติดตามสถานะการเงิน")
    assert [row[0] for row in ws.iter_rows(min_row=3, values_only=True)] == ["10001"]
