"""The units of an allocation run as officers search them (issue 16: "Every list … is
paginated, searchable and filterable … and exports what it shows"; ``sitthi.web.listing``), and
the run's workbooks as reports (a title row, Thai headers with English, money #,##0.00, Thai
sheet names). A hospital reads its own unit's statement only, never the list of units."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from sitthi.allocation import services
from sitthi.allocation.models import Payment
from sitthi.core.actor import Actor
from tests.allocation.test_allocation_app import NOW, load, registered  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(users, registered):  # noqa: F811
    """A run over the registry (10670 in Khon Kaen, region 7; 13001 in Bangkok, region 13)
    and 30 more units of Udon Thani (province 41, region 8), private from the 21st on, each
    paid 1,000.50 + n baht of OP."""
    from sitthi.registry.models import Hospital

    run = services.run_from_registry(Actor.of(users["nhso"]), load(users), now=NOW)
    for n in range(1, 31):
        code = f"2{n:04d}"
        Hospital.objects.create(
            hcode=code,
            name_th=f"โรงพยาบาลอุดรทดสอบ {n}" if n != 7 else "โรงพยาบาลหนองหานพิเศษ",
            ownership="private" if n > 20 else "public",
            moph=n <= 20,
            province_id="41",
        )
        Payment.objects.create(
            run=run,
            payee_kind="unit",
            payee=code,
            province="41",
            region=8,
            line="OP",
            part="age_adjusted",
            amount=Decimal("1000.50") + n,
        )
    return run


def units_shown(response) -> list[str]:
    html = response.content.decode()
    body = re.search(r'data-testid="units".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r"<tr><td>(\d{5}) ", body)


def test_the_units_in_pages_of_25_most_money_first(client, users, run):
    client.force_login(users["nhso"])
    first = client.get(f"/allocation/runs/{run.pk}/units/")
    assert first.status_code == 200
    shown = units_shown(first)
    assert len(shown) == 25 and set(shown) >= {"10670", "13001"}  # the two big ones first
    assert shown[:2] in (["10670", "13001"], ["13001", "10670"])
    second = units_shown(client.get(f"/allocation/runs/{run.pk}/units/", {"page": 2}))
    assert len(second) == 7 and not set(second) & set(shown)
    assert "รายการที่ 1–25 จากทั้งหมด 32 รายการ" in first.content.decode()
    run_page = client.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert f'href="/allocation/runs/{run.pk}/units/" data-testid="all-units"' in run_page


FILTER_CASES = [
    ({"region": "13"}, {"13001"}),
    ({"region": "8", "ownership": "private"}, {f"2{n:04d}" for n in range(21, 31)}),
    ({"province": "40"}, {"10670"}),
    ({"moph": "yes", "region": "7"}, {"10670"}),
    ({"q": "หนองหาน"}, {"20007"}),  # by name
    ({"q": "10670"}, {"10670"}),  # by code
    ({"q": "2002", "moph": "no"}, {f"2{n:04d}" for n in range(21, 30)}),
]


def test_each_filter_and_the_search(client, users, run):
    client.force_login(users["nhso"])
    for query, expected in FILTER_CASES:
        r = client.get(f"/allocation/runs/{run.pk}/units/", {**query, "per": 100})
        assert r.status_code == 200
        assert set(units_shown(r)) == expected, query


def test_a_bad_filter_is_a_coded_400_and_lists_nothing(client, users, run):
    client.force_login(users["nhso"])
    r = client.get(f"/allocation/runs/{run.pk}/units/", {"region": "99", "moph": "maybe"})
    assert r.status_code == 400
    html = r.content.decode()
    assert html.count("LIST_FILTER_INVALID") >= 2 and units_shown(r) == []
    r = client.get(f"/allocation/runs/{run.pk}/units/", {"region": "99", "format": "xlsx"})
    assert r.status_code == 400 and "spreadsheet" not in r["Content-Type"]


def test_the_export_is_every_filtered_unit_with_title_thai_headers_and_money(client, users, run):
    client.force_login(users["nhso"])
    r = client.get(f"/allocation/runs/{run.pk}/units/", {"region": "8", "format": "xlsx"})
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "หน่วยบริการ ปีงบ 2559"
    title = ws["A1"].value
    assert title.startswith("หน่วยบริการที่ได้รับจัดสรร ปีงบประมาณ 2559") and "จัดทำเมื่อ" in title
    assert str(date.today().year + 543) in title
    headers = [c.value for c in ws[2]]
    assert headers[:4] == [
        "รหัสหน่วยบริการ / Unit code",
        "ชื่อหน่วยบริการ / Unit name",
        "จังหวัด / Province",
        "เขตสุขภาพ / Health region",
    ]
    assert headers[-1] == "ยอดรวม (บาท) / Total (baht)"
    assert any(h.startswith("OP ") and h.endswith("(baht)") for h in headers)
    body = list(ws.iter_rows(min_row=3))
    assert len(body) == 30  # every unit of region 8, not only the 25 of the first page
    assert {row[0].value for row in body} == {f"2{n:04d}" for n in range(1, 31)}
    total = body[0][-1]
    assert total.value == 1030.5 and total.number_format == "#,##0.00"
    csv = client.get(f"/allocation/runs/{run.pk}/units/", {"q": "หนองหาน", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("unit,unit_name,province,region") and len(lines) == 2


def test_a_hospital_cannot_list_the_units_even_through_a_filter(client, users, run):
    client.force_login(users["hospital"])  # an officer of 10670
    for query in ({}, {"q": "10670"}, {"q": "13001", "format": "xlsx"}):
        assert client.get(f"/allocation/runs/{run.pk}/units/", query).status_code == 403
    assert client.get(f"/allocation/runs/{run.pk}/units/13001/").status_code == 404
    assert client.get(f"/allocation/runs/{run.pk}/units/10670/").status_code == 200
    client.force_login(users["fund"])  # a fund reads runs, so their units too
    assert client.get(f"/allocation/runs/{run.pk}/units/").status_code == 200


def test_the_run_workbook_and_a_statement_read_as_reports(client, users, run):
    client.force_login(users["nhso"])
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/allocation/runs/{run.pk}/export/").content)
    )
    for ws in book.worksheets:
        assert f"การจัดสรรครั้งที่ {run.pk} ปีงบประมาณ 2559" in ws["A1"].value
        assert all(" / " in str(c.value) for c in ws[2])  # Thai / English headers
    lines = book["รายการงบ"]
    headers = [c.value for c in lines[2]]
    budget = lines.cell(row=3, column=headers.index("งบประมาณ (บาท) / Budget (baht)") + 1)
    assert isinstance(budget.value, (int, float)) and budget.number_format == "#,##0.00"
    client.force_login(users["hospital"])
    r = client.get(f"/allocation/runs/{run.pk}/units/10670/", {"format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "รายการจัดสรร 10670 ปีงบ 2559"
    assert ws["A1"].value.startswith("รายการจัดสรรของหน่วยบริการ 10670 ปีงบประมาณ 2559")
    assert "โรงพยาบาลทดสอบขอนแก่น" in ws["A1"].value
    headers = [c.value for c in ws[2]]
    amount = ws.cell(row=3, column=headers.index("จำนวนเงิน (บาท) / Amount (baht)") + 1)
    assert amount.number_format == "#,##0.00"


def test_the_runs_by_fiscal_year_and_version(client, users, run):
    client.force_login(users["nhso"])
    page = client.get("/allocation/", {"fy": "2559", "version": "1"})
    assert page.status_code == 200
    assert f'href="/allocation/runs/{run.pk}/"' in page.content.decode()
    r = client.get("/allocation/", {"fy": "2558"})  # no such year loaded
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    assert f'href="/allocation/runs/{run.pk}/"' not in r.content.decode()
    r = client.get("/allocation/", {"fy": "2559", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "การจัดสรร" and ws["A1"].value.startswith("การจัดสรรงบเหมาจ่ายรายหัว")
    assert [row[0] for row in ws.iter_rows(min_row=3, values_only=True)] == [run.pk]
