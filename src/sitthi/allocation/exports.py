"""A run as one workbook people open in Excel: lines, regions, provinces, every payment. Each
sheet reads as a report (``sitthi.web.exports``): a title row (the run, its fiscal year and
version, for whom, when in the Buddhist Era), Thai headers with English beside, money as
numbers shown ``#,##0.00``, a sheet named in Thai."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from sitthi.registry.models import Hospital
from sitthi.rules.kernel.money import baht
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.web.exports import add_sheet, table_response, title_line

from .models import Payment, Run

#: The run's money columns per line: (key in the report, Thai, English).
LINE_MONEY = (
    ("budget", "งบประมาณ", "Budget"),
    ("transfer_in", "รับโอนจากรายการอื่น", "Moved in"),
    ("transfer_out", "โอนไปรายการอื่น", "Moved out"),
    ("to_units", "จ่ายหน่วยบริการ", "To units"),
    ("to_others", "จ่ายผู้รับอื่น", "To other payees"),
    ("held", "เก็บไว้ที่ สปสช.", "Held at NHSO"),
    ("rounding", "เศษจากการปัด", "Rounding"),
    ("difference", "ผลต่าง", "Difference"),
)

#: The sheets: (name in the workbook, Thai title, English title).
SHEETS = {
    "lines": ("รายการงบ", "รายการงบและการกระทบยอด", "Budget lines and their reconciliation"),
    "regions": ("เขตสุขภาพ", "งบผู้ป่วยนอกรายเขต", "Outpatient capitation by region"),
    "provinces": ("จังหวัด", "อัตราผู้ป่วยนอกรายจังหวัด", "Outpatient rates by province"),
    "payments": ("รายการจ่าย", "รายการจ่ายทุกรายการ", "Every payment"),
}


def _baht(satang) -> Decimal | None:
    return None if satang is None else baht(int(satang))


def _both(th: str, en: str) -> str:
    return f"{th} / {en}"


def _money(th: str, en: str) -> str:
    return f"{th} (บาท) / {en} (baht)"


def run_workbook(run: Run, audience: str = "") -> bytes:
    data = run.report
    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    fy, version = run.config.fy, run.config.version

    def heading(key: str) -> str:
        _name, th, en = SHEETS[key]
        what = (
            f"{th} · การจัดสรรครั้งที่ {run.pk} ปีงบประมาณ {fy} ฉบับที่ {version}",
            f"{en} · allocation run {run.pk}, fiscal year {fy} version {version}",
        )
        return title_line(what, audience)

    add_sheet(
        wb,
        SHEETS["lines"][0],
        [
            _both("รหัสรายการ", "Line"),
            _both("ชื่อรายการ", "Name (Thai)"),
            _both("ชื่อภาษาอังกฤษ", "Name"),
            _both("วิธีจัดสรร", "Method"),
            *[_money(th, en) for _k, th, en in LINE_MONEY],
        ],
        (
            [ln["line"], ln["name_th"], ln["name_en"], ln["method"]]
            + [_baht(ln.get(f"{k}_satang")) for k, _th, _en in LINE_MONEY]
            for ln in data["lines"]
        ),
        heading=heading("lines"),
    )
    region_money = (
        ("qof_satang", "QOF", "QOF"),
        ("output_satang", "ผลงานบริการ", "Output"),
        ("data_quality_satang", "คุณภาพข้อมูล", "Data quality"),
        ("age_adjusted_satang", "ปรับตามโครงสร้างอายุ", "Age adjusted"),
        ("equal_satang", "อัตราเท่ากัน", "Equal rate"),
        ("global_budget_satang", "วงเงินรวมของเขต", "Global budget"),
    )
    add_sheet(
        wb,
        SHEETS["regions"][0],
        [
            _both("เขตสุขภาพ", "Region"),
            _both("ประชากรที่ลงทะเบียน", "Registered persons"),
            *[_money(th, en) for _k, th, en in region_money],
        ],
        (
            [r["region"], r["persons"], *[_baht(r[k]) for k, _th, _en in region_money]]
            for r in data["op_regions"]
        ),
        heading=heading("regions"),
    )
    add_sheet(
        wb,
        SHEETS["provinces"][0],
        [
            _both("จังหวัด", "Province"),
            _both("เขตสุขภาพ", "Region"),
            _both("ประชากรที่ลงทะเบียน", "Registered persons"),
            _money("อัตราต่อคนก่อนปรับ", "Rate before"),
            _money("อัตราต่อคน", "Rate"),
            _both("ปรับเข้ากรอบ", "Clamped"),
            _money("วงเงินปรับตามอายุ", "Age-adjusted amount"),
            _money("เงินที่ย้ายจากการปรับ", "Moved"),
        ],
        (
            [
                p["province"],
                p["region"],
                p["persons"],
                Decimal(p["rate_before_baht"]),
                Decimal(p["rate_baht"]),
                p["clamped"] or "",
                _baht(p["amount_satang"]),
                _baht(p["moved_satang"]),
            ]
            for p in data["op_provinces"]
        ),
        heading=heading("provinces"),
    )
    add_sheet(
        wb,
        SHEETS["payments"][0],
        [
            _both("ประเภทผู้รับ", "Payee kind"),
            _both("ผู้รับ", "Payee"),
            _both("จังหวัด", "Province"),
            _both("เขตสุขภาพ", "Region"),
            _both("รายการ", "Line"),
            _both("ส่วน", "Part"),
            _money("จำนวนเงิน", "Amount"),
            _both("สตางค์จากการปัด", "Rounding (satang)"),
            _both("ที่มา", "Basis (Thai)"),
            _both("ที่มาภาษาอังกฤษ", "Basis"),
        ],
        (
            [
                p.payee_kind,
                p.payee,
                p.province,
                p.region,
                p.line,
                p.part,
                p.amount,
                p.rounding_satang,
                p.basis_th,
                p.basis_en,
            ]
            for p in Payment.objects.filter(run=run)
            .order_by("payee_kind", "payee", "line", "part")
            .iterator()
        ),
        heading=heading("payments"),
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RUN_HEADERS = [
    "ครั้งที่ / Run",
    "ปีงบประมาณ / Fiscal year",
    "ฉบับที่ / Version",
    "ประชากรที่ลงทะเบียน / Registered persons",
    "หน่วยบริการ / Units",
    "ข้อมูลประชากร / Population",
    "ข้อมูลผลงาน / Service output",
    "วันเวลาที่จัดสรร / Run at (Bangkok time)",
]


def runs_file(fmt: str, runs):
    """Every run of ``runs`` (filtered), one row each: the allocation page's export and the
    API's ``format=csv|xlsx``."""
    return table_response(
        fmt,
        "allocation-runs",
        RUN_HEADERS,
        (
            [
                r.pk,
                r.config.fy,
                r.config.version,
                r.persons,
                r.units,
                r.population_source,
                r.inputs_source,
                r.finished_at.astimezone(BANGKOK).replace(tzinfo=None),
            ]
            for r in runs
        ),
        title=("การจัดสรรงบเหมาจ่ายรายหัว (ทุกครั้ง)", "Capitation allocation runs"),
        sheet="การจัดสรร",
    )


UNIT_HEADERS = ["unit", "unit_name", "province", "region"]


def units_file(fmt: str, run: Run, lines: list[dict], rows):
    """Every unit of ``rows`` (``services.unit_rows``, filtered) with its money by line: the
    units page's export and the API's ``format=csv|xlsx``."""
    rows = list(rows)
    names = dict(
        Hospital.objects.filter(hcode__in=[r["payee"] for r in rows]).values_list(
            "hcode", "name_th"
        )
    )
    headers = [
        *UNIT_HEADERS,
        *[f"{ln['line']} {ln['name_th']} (บาท) / {ln['name_en']} (baht)" for ln in lines],
        "total",
    ]
    body = (
        [
            r["payee"],
            names.get(r["payee"], ""),
            r["province"],
            r["region"],
            *[r[f"line_{i}"] for i in range(len(lines))],
            r["total"],
        ]
        for r in rows
    )
    fy = run.config.fy
    title = (
        f"หน่วยบริการที่ได้รับจัดสรร ปีงบประมาณ {fy} (ครั้งที่ {run.pk})",
        f"Units allocated, fiscal year {fy} (run {run.pk})",
    )
    return table_response(
        fmt,
        f"allocation-fy{fy}-run{run.pk}-units",
        headers,
        body,
        title=title,
        sheet=f"หน่วยบริการ ปีงบ {fy}",
    )
