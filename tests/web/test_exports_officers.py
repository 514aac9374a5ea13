"""Exports for officers read as reports: a title row (what, for whom, when in BE), Thai headers
with English beside, money as numbers shown #,##0.00, a Thai sheet name; the statement carries
the fund's payment reference. The formula guard still holds (tests/web/test_formula_injection)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from sitthi.web import exports


def test_sheet_names_are_excel_safe():
    assert exports.sheet_name("รายการเคลม") == "รายการเคลม"
    assert exports.sheet_name("a/b:c*d?[e]\\f") == "a b c d e f"
    long = exports.sheet_name("หน่วยบริการที่ต้องติดตามสถานะการเงินทั้งหมดของเขต")
    assert len(long) <= 31
    assert exports.sheet_name("") == "Sheet"


def test_claims_export_has_title_thai_headers_money_format(client, users):
    client.force_login(users["nhso"])
    r = client.get("/claims/", {"format": "xlsx"})
    book = load_workbook(io.BytesIO(r.content))
    ws = book.active
    assert ws.title == "รายการเคลม"
    title = ws["A1"].value
    assert title.startswith("รายการเคลม / Claims") and "จัดทำเมื่อ / made" in title
    year_be = date.today().year + 543
    assert str(year_be) in title
    headers = [c.value for c in ws[2]]
    assert "เลขที่เคลม / Claim key" in headers
    assert "ยอดเรียกเก็บ (บาท) / Charged (baht)" in headers
    assert ws.freeze_panes == "A3"


def test_money_cells_stay_numbers_with_two_decimals(rf, users):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    exports.add_sheet(
        wb,
        "ทดสอบ",
        ["claim_key", "charged"],
        [["K1", Decimal("1234567.5")], ["K2", None]],
        heading="t",
        money={1},
    )
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))["ทดสอบ"]
    cell = ws["B3"]
    assert cell.value == 1234567.5 and cell.number_format == "#,##0.00"
    assert ws["B4"].value is None


def test_statement_export_names_hospital_period_and_payment_reference(hospitals):
    from types import SimpleNamespace

    from django.utils import timezone

    from sitthi.registry.models import Hospital

    h = Hospital.objects.get(hcode="10670")
    moment = timezone.now()
    notice = SimpleNamespace(number="N-1", payment_reference="KTB-20240315-001")
    claim = SimpleNamespace(
        pk=7,
        claim_key="K-7",
        citizen_id="1101700230705",
        service_type="OP",
        admitted_at=moment,
        fund_id="UCS",
        notice_id=1,
        notice=notice,
        paid_at=moment,
        charged_total=Decimal("1500.00"),
        payable_total=Decimal("1250.50"),
    )
    stm = SimpleNamespace(
        hospital=h,
        date_from=date(2024, 3, 1),
        date_to=date(2024, 3, 31),
        claims=[claim],
        total_charged=Decimal("1500.00"),
        total_paid=Decimal("1250.50"),
    )
    r = exports.statement_response(stm, "xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.title == "Statement 10670"
    title = ws["A1"].value
    assert "1 มี.ค. 2567 – 31 มี.ค. 2567" in title and "10670" in title
    headers = [c.value for c in ws[2]]
    assert "เลขอ้างอิงการโอนเงิน / Payment reference" in headers
    row = [c.value for c in ws[3]]
    assert "KTB-20240315-001" in row
    paid = ws.cell(row=3, column=headers.index("ยอดจ่าย (บาท) / Paid (baht)") + 1)
    assert paid.value == 1250.5 and paid.number_format == "#,##0.00"
    assert ws.cell(row=4, column=1).value == "รวม / TOTAL"
