"""Lists as files people open in Excel: XLSX (openpyxl) and CSV (UTF-8 with BOM, so that Excel
shows Thai correctly).

Every export writes its rows through ``xlsx_row`` or ``csv_row`` (``sitthi.rules.kernel.sheets``), so a text that a
spreadsheet would run as a formula (a claim key sent as ``=HYPERLINK(...)``, ``@SUM(...)``,
``+1+2``, ``=cmd|...``) comes back as the text that was sent, never as a live formula (OWASP,
"CSV Injection"): in XLSX it is a text cell marked as typed text; in CSV it gets a leading
apostrophe, which Excel and LibreOffice read as "this is text" and do not show.

An XLSX for officers reads as a report: a title row (what it is, for whom, when — in the
Buddhist Era), Thai headers with English beside, money as numbers shown ``#,##0.00``, and a
sheet named in Thai (at most 31 characters, none of ``[]:*?/\\``). CSV stays machine-plain
(one header row of field names) so that it reads back into other systems."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.sheets import csv_row, looks_like_formula, xlsx_row

__all__ = [
    "add_sheet",
    "csv_row",
    "header_label",
    "looks_like_formula",
    "sheet_name",
    "statement_response",
    "table_response",
    "title_line",
    "xlsx_response",
    "xlsx_row",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"

#: Field names as officers read them: (Thai, English, is money).
HEADERS: dict[str, tuple[str, str, bool]] = {
    "id": ("ลำดับที่ในระบบ", "ID", False),
    "claim_id": ("ลำดับที่เคลมในระบบ", "Claim ID", False),
    "claim_key": ("เลขที่เคลม", "Claim key", False),
    "hospital": ("หน่วยบริการ", "Hospital", False),
    "citizen_id (masked)": ("เลขประจำตัวประชาชน (ปิดบางหลัก)", "Citizen ID (masked)", False),
    "service_type": ("ประเภทบริการ", "Service type", False),
    "admitted_at (Asia/Bangkok)": ("วันเวลาเข้ารับบริการ", "Admitted (Bangkok time)", False),
    "state": ("สถานะ", "Status", False),
    "fund": ("กองทุน", "Fund", False),
    "charged": ("ยอดเรียกเก็บ (บาท)", "Charged (baht)", True),
    "payable": ("ยอดที่จ่ายได้ (บาท)", "Payable (baht)", True),
    "paid": ("ยอดจ่าย (บาท)", "Paid (baht)", True),
    "notice": ("เลขที่หนังสือแจ้ง", "Notice", False),
    "paid_at (Asia/Bangkok)": ("วันเวลาจ่าย", "Paid at (Bangkok time)", False),
    "payment_reference": ("เลขอ้างอิงการโอนเงิน", "Payment reference", False),
    "checked_at (Asia/Bangkok)": ("วันเวลาตรวจสอบ", "Checked at (Bangkok time)", False),
    "user": ("ผู้ใช้", "User", False),
    "via": ("ช่องทาง", "Via", False),
    "on": ("ณ วันที่", "On date", False),
    "asked_hospital": ("หน่วยบริการที่ถาม", "Hospital asked about", False),
    "in_network": ("อยู่ในเครือข่ายกองทุน", "In the fund's network", False),
    # r16-lists-money: allocation units, finance hospitals, assistance requests
    "unit": ("รหัสหน่วยบริการ", "Unit code", False),
    "unit_name": ("ชื่อหน่วยบริการ", "Unit name", False),
    "province": ("จังหวัด", "Province", False),
    "region": ("เขตสุขภาพ", "Health region", False),
    "request_number": ("เลขที่คำร้อง", "Request number", False),
    "programme": ("ประเภทการช่วยเหลือ", "Programme", False),
    "harmed_name": ("ผู้ได้รับความเสียหาย", "Harmed person", False),
    "harmed_cid (masked)": (
        "เลขประจำตัวประชาชนผู้ได้รับความเสียหาย (ปิดบางหลัก)",
        "Harmed person's citizen ID (masked)",
        False,
    ),
    "hospital_name": ("ชื่อหน่วยบริการ", "Hospital name", False),
    "harm_on": ("วันที่เกิดความเสียหาย", "Day of the harm", False),
    "received_on": ("วันที่รับคำร้อง", "Day received", False),
    "age_days": ("จำนวนวันนับจากรับคำร้อง", "Days since receipt", False),
    "stage": ("ขั้นตอน", "Stage", False),
    "late": ("ยื่นเกินกำหนด", "Late", False),
    "category": ("ระดับความเสียหาย", "Harm category", False),
    "awarded": ("มติจ่าย (บาท)", "Awarded (baht)", True),
    # isolation cases and UCEP episodes (r16-lists-cases)
    "case": ("เลขที่ผู้ป่วย", "Case", False),
    "registered_at (Asia/Bangkok)": ("วันเวลาลงทะเบียน", "Registered (Bangkok time)", False),
    "province (code)": ("รหัสจังหวัด", "Province code", False),
    "district": ("เขต/อำเภอ", "District", False),
    "setting": ("ประเภทการแยกกักตัว", "Setting (HI/CI)", False),
    "test_date": ("วันที่ตรวจพบเชื้อ", "Test date", False),
    "status": ("สถานะ", "Status", False),
    "holder": ("หน่วยบริการที่รับดูแล", "Unit holding the case", False),
    "taken_at (Asia/Bangkok)": ("วันเวลารับดูแล", "Taken (Bangkok time)", False),
    "offered_to": ("เสนอให้หน่วยบริการ", "Offered to", False),
    "offered_at (Asia/Bangkok)": ("วันเวลาที่เสนอ", "Offered (Bangkok time)", False),
    "deadline (Asia/Bangkok)": ("หมดเวลาตอบ", "Deadline (Bangkok time)", False),
    "episode": ("เลขที่ผู้ป่วยฉุกเฉิน", "Episode", False),
    "first_hospital": ("โรงพยาบาลแรกรับ", "First hospital", False),
    "current_hospital": ("โรงพยาบาลที่รักษาอยู่", "Hospital now", False),
    "covid": ("โควิด-19", "COVID-19", False),
    "critical": ("ฉุกเฉินวิกฤต", "Emergency-critical", False),
    "eligible": ("เข้าเกณฑ์ UCEP", "UCEP eligible", False),
    "notified_at (Asia/Bangkok)": ("วันเวลาแจ้งศูนย์ฯ", "EMS notified (Bangkok time)", False),
    "ems_state": ("สถานะที่ศูนย์ประสานฯ", "EMS centre state", False),
    "transfer_back_to": ("โรงพยาบาลรับย้ายกลับ", "Transfer back to", False),
    "transfer_back_group": ("กลุ่มรับย้ายกลับ", "Transfer-back group", False),
    "acknowledged_at (Asia/Bangkok)": (
        "วันเวลากองทุนรับทราบ",
        "Read by the fund (Bangkok time)",
        False,
    ),
    "sent_at (Asia/Bangkok)": ("วันเวลาที่ส่ง", "Sent at (Bangkok time)", False),
    "claims": ("จำนวนเคลม", "Claims", False),
    "total": ("ยอดรวม (บาท)", "Total (baht)", True),
    "payment_due": ("กำหนดจ่าย", "Payment due", False),
    "paid_on": ("วันที่จ่าย", "Paid on", False),
    "paid_amount": ("ยอดที่จ่ายแล้ว (บาท)", "Paid amount (baht)", True),
    "deadline": ("งานที่ต้องทำ", "What is due", False),
    "subject": ("เคลมหรือหนังสือแจ้ง", "Claim or notice", False),
    "amount": ("จำนวนเงิน (บาท)", "Amount (baht)", True),
    "due": ("ครบกำหนด", "Due", False),
    "days_left": ("จำนวนวันที่เหลือ (ติดลบ = เกินกำหนด)", "Days left (negative = overdue)", False),
    # the fee schedules in force (GET /api/v1/fee-schedules)
    "schedule": ("บัญชีอัตราค่าบริการ", "Fee schedule", False),
    "item_code": ("รหัสรายการ", "Item code", False),
    "description": ("รายการ", "Description", False),
    "unit_price": ("ราคาต่อหน่วย (บาท)", "Unit price (baht)", True),
    "pricing": ("วิธีจ่าย", "Pricing", False),
    "valid_from": ("ใช้ตั้งแต่", "Valid from", False),
    "valid_until": ("ใช้ถึง", "Valid until", False),
    "source": ("ที่มา", "Source", False),
}

#: What an export is, by its file name's start: (Thai, English).
TITLES: tuple[tuple[str, str, str], ...] = (
    ("stm-", "รายการจ่ายเงินค่าบริการ (Statement)", "Statement of payment"),
    ("claims", "รายการเคลม", "Claims"),
    ("rights-checks", "ประวัติการตรวจสอบสิทธิ", "Rights checks"),
    ("watch-", "หน่วยบริการที่ต้องติดตามสถานะการเงิน", "Finance watch list"),
    ("brightspot-", "ผลการประเมิน Bright Spot", "Bright Spot award"),
    ("allocation-", "ผลการจัดสรรงบเหมาจ่ายรายหัว", "Capitation allocation"),
    ("assistance-requests", "คำร้องขอรับเงินช่วยเหลือเบื้องต้น", "Initial assistance requests"),
    ("finance-hospitals", "ความเสี่ยงทางการเงินของหน่วยบริการ", "Hospital financial risk"),
    ("isolation-offers", "ผู้ป่วยแยกกักตัวที่เสนอให้หน่วยบริการ", "Isolation cases offered"),
    ("isolation-cases", "ผู้ป่วยแยกกักตัว (HI/CI)", "Isolation cases (HI/CI)"),
    ("ucep-ems", "ผู้ป่วยฉุกเฉินที่แจ้งศูนย์ประสานฯ (UCEP)", "UCEP notifications (EMS centre)"),
    ("ucep-episodes", "ผู้ป่วยฉุกเฉินวิกฤต (UCEP)", "UCEP episodes"),
    ("ucep-fund", "การแจ้งผู้ป่วยฉุกเฉินของสมาชิกกองทุน (UCEP)", "UCEP notifications to the fund"),
    ("notices", "หนังสือแจ้งกองทุนเจ้าของสิทธิ", "Notices to owner funds"),
    ("deadlines", "กำหนดเวลาที่ต้องดำเนินการ", "Deadlines"),
    ("fee-schedules", "อัตราค่าบริการที่ใช้", "Fee schedules in force"),
)

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def header_label(name: str) -> str:
    """``claim_key`` → ``เลขที่เคลม / Claim key``; a header already in two languages stays."""
    known = HEADERS.get(name)
    return f"{known[0]} / {known[1]}" if known else name


def is_money(name: str) -> bool:
    known = HEADERS.get(name)
    if known:
        return known[2]
    lowered = name.lower()
    return "(บาท)" in name or "(baht)" in lowered


def sheet_name(text: str) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, not starting or ending with ``'``, at most
    31 characters (Thai letters count one each), never empty."""
    name = _SHEET_FORBIDDEN.sub(" ", text or "").strip().strip("'")
    name = re.sub(r"\s{2,}", " ", name)[:31].strip()
    return name or "Sheet"


def _title_of(filename: str) -> tuple[str, str]:
    for start, th, en in TITLES:
        if filename.startswith(start):
            return th, en
    return filename, filename


def _audience(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    if getattr(user, "hospital_id", None):
        return f"{user.hospital.hcode} {user.hospital.name_th}"
    if getattr(user, "fund_id", None):
        return f"{user.fund.code}"
    return f"{user.get_full_name() or user.username} ({user.get_role_display()})"


def title_line(what: tuple[str, str], audience: str = "", when: datetime | None = None) -> str:
    """รายการเคลม / Claims · สำหรับ / for 10670 … · จัดทำ / made 6 ธ.ค. 2569 10:00 น."""
    when = when or timezone.now()
    parts = [f"{what[0]} / {what[1]}"]
    if audience:
        parts.append(f"สำหรับ / for {audience}")
    parts.append(f"จัดทำเมื่อ / made {thaitime.be_datetime(when)}")
    return " · ".join(parts)


def add_sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows,
    *,
    heading: str | None = None,
    money: set[int] | None = None,
) -> None:
    """A sheet named ``title`` (made Excel-safe): an optional bold ``heading`` row, then a
    bold, frozen header row, then ``rows`` (lists of plain values). Columns in ``money`` (or
    whose header says baht) are shown ``#,##0.00`` and stay numbers."""
    ws = wb.create_sheet(sheet_name(title))
    money = set(money or ()) | {i for i, h in enumerate(headers) if is_money(h)}
    if heading:
        ws.append([heading])
        ws["A1"].font = Font(bold=True, size=13)
    ws.append(headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(xlsx_row(ws, row))
        for i in money:
            cell = ws.cell(row=ws.max_row, column=i + 1)
            if isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = MONEY_FORMAT
    ws.freeze_panes = f"A{header_row + 1}"
    for i, h in enumerate(headers):
        width = max(10, min(40, len(str(h)) + 2))
        ws.column_dimensions[ws.cell(row=header_row, column=i + 1).column_letter].width = width


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(
    fmt: str,
    filename: str,
    headers: list[str],
    rows,
    *,
    title: tuple[str, str] | None = None,
    audience: str | None = None,
    sheet: str | None = None,
) -> HttpResponse:
    """``rows`` is an iterable of lists of plain values (str, int, Decimal, date, bool, None).
    XLSX: a title row (``title``, or the one ``TITLES`` gives the file name; for ``audience``,
    by default the signed-in user's hospital, fund or name; now in the Buddhist Era), the
    headers in Thai with English beside, money ``#,##0.00``, a Thai sheet name (``sheet``, or
    the title's Thai)."""
    if fmt == "xlsx":
        from sitthi.core.observe import current_request

        what = title or _title_of(filename)
        if audience is None:
            audience = _audience(current_request())
        wb = Workbook()
        wb.remove(wb.active)
        add_sheet(
            wb,
            sheet or what[0],
            [header_label(h) for h in headers],
            rows,
            heading=title_line(what, audience),
            money={i for i, h in enumerate(headers) if is_money(h)},
        )
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
    else:
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.writer(buf)
        writer.writerow(csv_row(headers))
        writer.writerows(csv_row(row) for row in rows)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


STATEMENT_HEADERS = [
    "claim_id",
    "claim_key",
    "citizen_id (masked)",
    "service_type",
    "admitted_at (Asia/Bangkok)",
    "fund",
    "notice",
    "payment_reference",
    "paid_at (Asia/Bangkok)",
    "charged",
    "paid",
]


def statement_response(stm, fmt: str) -> HttpResponse:
    """A hospital's statement of payment (STM, ``claims.services.Statement``) as a file: one
    line per paid claim with the fund's payment reference (the bank transfer the notice was
    paid by), then the totals; the title names the hospital and the period in BE."""
    from sitthi.core.logmask import mask_citizen_id

    def local(moment):
        return moment.astimezone(thaitime.BANGKOK).replace(tzinfo=None) if moment else None

    rows = [
        [
            c.pk,
            c.claim_key,
            mask_citizen_id(c.citizen_id),
            c.service_type,
            local(c.admitted_at),
            c.fund_id,
            c.notice.number if c.notice_id else None,
            (c.notice.payment_reference or None) if c.notice_id else None,
            local(c.paid_at),
            c.charged_total,
            c.payable_total,
        ]
        for c in stm.claims
    ]
    rows.append(["รวม / TOTAL", *([None] * 8), stm.total_charged, stm.total_paid])
    period = f"{thaitime.be_date(stm.date_from)} – {thaitime.be_date(stm.date_to)}"
    title = (
        f"รายการจ่ายเงินค่าบริการ (Statement) {period}",
        f"Statement of payment {thaitime.be_date(stm.date_from, 'en')} – "
        f"{thaitime.be_date(stm.date_to, 'en')}",
    )
    name = f"stm-{stm.hospital.hcode}-{stm.date_from:%Y%m%d}-{stm.date_to:%Y%m%d}"
    audience = f"{stm.hospital.hcode} {stm.hospital.name_th}"
    if fmt == "xlsx":
        wb = Workbook()
        wb.remove(wb.active)
        add_sheet(
            wb,
            f"Statement {stm.hospital.hcode}",
            [header_label(h) for h in STATEMENT_HEADERS],
            rows,
            heading=title_line(title, audience),
            money={9, 10},
        )
        buf = io.BytesIO()
        wb.save(buf)
        return xlsx_response(buf.getvalue(), f"{name}.xlsx")
    return table_response(fmt, name, STATEMENT_HEADERS, rows)


# -- the JSON API's lists as files -----------------------------------------------------------

#: What an API list answers as a file instead of JSON, by media type.
API_FILE_TYPES = {"text/csv": "csv", XLSX: "xlsx"}
#: JSON first: what ``*/*`` (or no ``Accept``) gets.
_OFFERED = ["application/json", *API_FILE_TYPES]


def api_file_format(request, explicit: str | None) -> str | None:
    """The file an API list is asked for: ``?format=csv|xlsx`` (``json`` or nothing: JSON),
    else the ``Accept`` header's preferred one of JSON, ``text/csv`` and the XLSX type
    (Django's content negotiation, q-values honoured). None means answer JSON. An unknown
    ``?format=`` is REQUEST_INVALID (400), before anything is read."""
    from sitthi.core.errors import SitthiError

    if explicit is not None and explicit.strip():
        value = explicit.strip().lower()
        if value in ("csv", "xlsx"):
            return value
        if value == "json":
            return None
        raise SitthiError.one("REQUEST_INVALID", "format", detail="format: csv, xlsx or json")
    return API_FILE_TYPES.get(request.get_preferred_type(_OFFERED) or "")


def api_file_responses() -> dict:
    """``openapi_extra`` for a list endpoint that also answers as CSV or XLSX: the document
    shows the two file types beside JSON for its 200 answer."""
    return {
        "responses": {
            200: {
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX: {"schema": {"type": "string", "format": "binary"}},
                }
            }
        }
    }


#: The ``format`` query parameter's description, the same on every list endpoint.
API_FORMAT_HELP = (
    "csv or xlsx: the whole filtered list as a file, as the page exports it (XLSX with a "
    "title row, Thai headers with English, money #,##0.00); the same as sending "
    "Accept: text/csv or the XLSX type. json or nothing: this JSON page."
)
