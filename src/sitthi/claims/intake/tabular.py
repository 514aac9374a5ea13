"""Claims in a spreadsheet: a CSV or XLSX file a claims officer fills in Excel.

The flat layout (CSV, or the first sheet of an XLSX workbook)
=============================================================

One row per **charge line**. The claim's own fields are repeated on every row of the claim
(or left blank on its later rows: a blank claim field takes the claim's value from its other
rows). Rows of one claim share a ``claim_key`` and need not be next to each other.

============== ======== ==================================================================
column         required meaning
============== ======== ==================================================================
claim_key      yes      the hospital's own key for the claim (unique per claim; sending it
                        again is how re-submission stays idempotent)
hospital       yes [1]  5-digit hospital code (HCODE)
citizen_id     yes      13-digit citizen ID; ``1-2345-67890-12-3`` is accepted
service_type   yes      ``OP`` outpatient, ``IP`` inpatient, ``COVID_BODY`` (schema.SERVICE_TYPES;
                        UCEP and HICI are refused: billed from their episode or case)
admitted_at    yes      visit or admission date and time
discharged_at  no       discharge date and time (inpatients; blank for a visit)
diagnoses      no       ICD-10 codes separated by ``;`` (or ``,``), the **first is the
                        principal** (dx_type "1"), the others are dx_type "4" (other)
item_code      yes [2]  the charge item's code (fee schedule item, or e-Claim CHRGITEM)
quantity       yes [2]  up to 3 decimals: ``2``, ``2.5``
served_at      no       when the item was given; blank = the claim's ``admitted_at``
charged        yes [2]  baht charged for the line, up to 2 decimals: ``1250.50``, ``1,250.50``
============== ======== ==================================================================

[1] The column may be left out when the reader is told the sender's hospital (an upload by
a logged-in hospital): blank cells take that hospital, a different code is refused
(HOSPITAL_SCOPE). [2] A row may carry claim fields only (all four line columns blank): such
a claim gets no line from that row. Columns may come in any order; other columns are
ignored; a header may carry a note in brackets (``citizen_id (เลขประจำตัวประชาชน)``).
Rows that are entirely blank are skipped, and so is a row whose ``claim_key`` starts with
``#`` (a note, such as the example row of ``template_xlsx``).

Dates and times: ``2024-03-01 08:30``, ``2024-03-01T08:30:00+07:00``, Thai style
day/month/year ``01/03/2567 08:30`` or ``01/03/2024 08:30`` (also ``08.30 น.``), or an
Excel date cell. A year above 2400 is Buddhist Era (พ.ศ.); a time without an offset is
Bangkok time; a date alone is midnight.

Numbers: a decimal point, optional thousands commas, an optional sign (a negative amount is
read, and refused later by validation). More decimals than allowed → NUMBER_INVALID
(trailing zeros are fine: ``12.500`` baht is 1250 satang).

The multi-sheet layout (XLSX only)
==================================

A workbook with sheets named ``claims`` and ``lines`` (and optionally ``diagnoses``) is read
as three tables joined by ``claim_key``: ``claims`` (claim_key, hospital, citizen_id,
service_type, admitted_at, discharged_at; one row per claim), ``diagnoses`` (claim_key, code,
dx_type — a blank dx_type is "1" for the claim's first diagnosis and "4" after it) and
``lines`` (claim_key, item_code, quantity, served_at, charged). A diagnosis or line whose
claim_key is not in ``claims`` is ROW_ORPHAN.

Encodings: UTF-8 with or without a BOM; Windows-874 / TIS-620 when the bytes are not UTF-8.
Delimiter: comma, or semicolon or tab when the header uses those. Row numbers in problems
are as Excel shows them: the header is row 1.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sitthi.rules.citizen_id import check_digit
from sitthi.rules.claims.schema import SERVICE_TYPES
from sitthi.rules.kernel.problems import Collector
from sitthi.rules.kernel.tables import Table, read_csv, read_xlsx

from .common import (
    BadValue,
    Builder,
    Intake,
    Problem,
    as_text,
    citizen_id,
    digits_text,
    holds_no_claim,
    is_blank,
    milli,
    satang,
    show,
    when,
)

__all__ = ["COLUMNS", "read_claims_table", "template_xlsx"]

#: The service types a file may carry: UCEP and HI/CI claims are made only by billing their
#: episode or case (issue 13, "One way to the money"), so the template does not offer them.
FILE_SERVICE_TYPES = {k: v for k, v in SERVICE_TYPES.items() if "only_via" not in v}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    th: str
    en: str
    example: object = None
    number_format: str = "@"


_DT = "yyyy-mm-dd hh:mm"
_EXAMPLE_CID = "110170023070" + str(check_digit("110170023070"))

#: The flat layout, in template order.
COLUMNS: tuple[Column, ...] = (
    Column(
        "claim_key",
        True,
        "รหัสอ้างอิงการเรียกเก็บของหน่วยบริการ (ไม่ซ้ำกันในแต่ละการเรียกเก็บ) ทุกแถวของการเรียกเก็บเดียวกันใช้รหัสเดียวกัน"
        " แถวที่ขึ้นต้นด้วย # เป็นหมายเหตุ ระบบไม่อ่าน",
        "The hospital's own key for the claim (unique per claim); every row of one claim has "
        "the same key. A row whose key starts with # is a note and is not read.",
        "#EXAMPLE-0001",
    ),
    Column(
        "hospital",
        True,
        "รหัสหน่วยบริการ 5 หลัก (ถ้าส่งในนามหน่วยบริการของท่าน เว้นว่างได้)",
        "5-digit hospital code (may be left blank when you upload as your hospital).",
        "10670",
    ),
    Column(
        "citizen_id",
        True,
        "เลขประจำตัวประชาชน 13 หลักของผู้ป่วย",
        "The patient's 13-digit citizen ID.",
        _EXAMPLE_CID,
    ),
    Column(
        "service_type",
        True,
        "ประเภทบริการ: " + ", ".join(f"{k} = {v['th']}" for k, v in FILE_SERVICE_TYPES.items()),
        "Service type: " + ", ".join(f"{k} = {v['en']}" for k, v in FILE_SERVICE_TYPES.items()),
        "OP",
    ),
    Column(
        "admitted_at",
        True,
        "วันเวลาที่มารับบริการหรือรับไว้รักษา เช่น 01/03/2567 08:30 (พ.ศ.) หรือ 2024-03-01 08:30",
        "Visit or admission date and time, e.g. 01/03/2567 08:30 (BE) or 2024-03-01 08:30.",
        datetime(2024, 3, 1, 8, 30),
        _DT,
    ),
    Column(
        "discharged_at",
        False,
        "วันเวลาจำหน่าย (ผู้ป่วยใน) ผู้ป่วยนอกเว้นว่าง",
        "Discharge date and time (inpatients); blank for an outpatient visit.",
        None,
        _DT,
    ),
    Column(
        "diagnoses",
        False,
        "รหัสการวินิจฉัย ICD-10 คั่นด้วย ; รหัสแรกคือการวินิจฉัยโรคหลัก เช่น E11.9;I10",
        "ICD-10 diagnosis codes separated by ; — the first is the principal diagnosis, "
        "e.g. E11.9;I10.",
        "E11.9;I10",
    ),
    Column(
        "item_code",
        True,
        "รหัสรายการค่าใช้จ่าย (ตามบัญชีอัตราค่าบริการ หรือหมวด CHRGITEM ของ e-Claim)",
        "Charge item code (fee schedule item, or e-Claim CHRGITEM category).",
        "31",
    ),
    Column(
        "quantity",
        True,
        "จำนวน (ทศนิยมได้ไม่เกิน 3 ตำแหน่ง)",
        "Quantity (at most 3 decimals).",
        2,
        "0.###",
    ),
    Column(
        "served_at",
        False,
        "วันเวลาที่ให้บริการรายการนี้ (เว้นว่าง = วันเวลาที่มารับบริการ)",
        "When this item was given (blank = the visit or admission time).",
        datetime(2024, 3, 1, 9, 0),
        _DT,
    ),
    Column(
        "charged",
        True,
        "จำนวนเงินที่เรียกเก็บ (บาท ทศนิยมไม่เกิน 2 ตำแหน่ง) เช่น 1250.50",
        "Amount charged in baht (at most 2 decimals), e.g. 1250.50.",
        1250.5,
        "#,##0.00",
    ),
)

CLAIM_FIELDS = ("hospital", "citizen_id", "service_type", "admitted_at", "discharged_at")
LINE_FIELDS = ("item_code", "quantity", "served_at", "charged")
REQUIRED_CLAIM = ("hospital", "citizen_id", "service_type", "admitted_at")
REQUIRED_LINE = ("item_code", "quantity", "charged")
SHEET_CLAIMS = ("claim_key", *CLAIM_FIELDS)
SHEET_DIAGNOSES = ("claim_key", "code", "dx_type")
SHEET_LINES = ("claim_key", *LINE_FIELDS)


def _diagnoses(raw) -> tuple[str, ...]:
    return tuple(c.upper() for c in re.split(r"[;,\s]+", as_text(raw)) if c)


_PARSE = {
    "hospital": lambda raw: digits_text(raw, 5),
    "citizen_id": citizen_id,
    "service_type": lambda raw: as_text(raw).upper(),
    "admitted_at": when,
    "discharged_at": when,
    "diagnoses": _diagnoses,
    "item_code": as_text,
    "quantity": milli,
    "served_at": when,
    "charged": satang,
    "code": lambda raw: as_text(raw).upper(),
    "dx_type": as_text,
}


# -- tables ----------------------------------------------------------------------------------


def _sheets(sheets: dict) -> dict | None:
    """The multi-sheet layout's sheets when the workbook has ``claims`` and ``lines``; else
    None: the first sheet, the flat layout."""
    if "claims" in sheets and "lines" in sheets:
        return {k: sheets[k] for k in ("claims", "diagnoses", "lines") if k in sheets}
    return None


# -- reading ---------------------------------------------------------------------------------


@dataclass
class _Claim:
    key: str
    label: str
    first_row: int
    values: dict = field(default_factory=dict)  # name -> (parsed, row)
    bad: set = field(default_factory=set)  # fields with a value that did not parse
    diagnoses: list = field(default_factory=list)  # (code, dx_type, row)
    lines: list = field(default_factory=list)  # (row, label, item, qty, served, charged)
    rows: set = field(default_factory=set)  # (label, row) of every row of the claim


class _Reader:
    def __init__(self, hospital: str | None):
        self.hospital = hospital
        self.collector = Collector()
        self.problems: list[Problem] = self.collector.problems  # the same list
        self.claims: dict[str, _Claim] = {}

    def parse(self, label: str, row: int, name: str, raw):
        """The parsed value, or None for a blank cell; a problem (and None) if it does not
        parse."""
        if is_blank(raw):
            return None
        try:
            value = _PARSE[name](raw)
        except BadValue as bad:
            self.problems.append(Problem(label, row, name, bad.code, show(raw)))
            raise
        if name == "hospital" and self.hospital is not None and value != self.hospital:
            self.problems.append(
                Problem(label, row, name, "HOSPITAL_SCOPE", show(raw), {"own": self.hospital})
            )
            raise BadValue("HOSPITAL_SCOPE")
        return value

    def claim_fields(self, claim: _Claim, label: str, row: int, cells: dict, names) -> None:
        for name in names:
            try:
                value = self.parse(label, row, name, cells.get(name))
            except BadValue:
                claim.bad.add(name)
                continue
            if value is None:
                continue
            if name not in claim.values:
                claim.values[name] = (value, row)
            elif claim.values[name][0] != value:
                first = claim.values[name][1]
                self.problems.append(
                    Problem(
                        label,
                        row,
                        name,
                        "DUPLICATE_IN_FILE",
                        show(cells.get(name)),
                        {
                            "value": (
                                f"การเรียกเก็บ {claim.key} มี {name} ไม่ตรงกับแถว {first}",
                                f"claim {claim.key} has a different {name} on row {first}",
                            )
                        },
                    )
                )

    def line(self, claim: _Claim, label: str, row: int, cells: dict) -> None:
        if all(is_blank(cells.get(n)) for n in LINE_FIELDS):
            return
        parsed, ok = {}, True
        for name in LINE_FIELDS:
            raw = cells.get(name)
            if is_blank(raw) and name in REQUIRED_LINE:
                self.problems.append(Problem(label, row, name, "VALUE_REQUIRED", None))
                ok = False
                continue
            try:
                parsed[name] = self.parse(label, row, name, raw)
            except BadValue:
                ok = False
        if ok:
            claim.lines.append(
                (
                    row,
                    label,
                    parsed["item_code"],
                    parsed["quantity"],
                    parsed["served_at"],
                    parsed["charged"],
                )
            )

    def key(self, label: str, row: int, cells: dict) -> str | None:
        raw = cells.get("claim_key")
        key = as_text(raw)
        if not key:
            self.problems.append(Problem(label, row, "claim_key", "VALUE_REQUIRED", None))
            return None
        return key

    # -- the two layouts ---------------------------------------------------------------------

    def flat(self, table: Table) -> None:
        required = ["claim_key", *REQUIRED_CLAIM, *REQUIRED_LINE]
        if self.hospital is not None:
            required.remove("hospital")
        if not table.require(required, self.collector):
            return
        names = [n for n in (*CLAIM_FIELDS, "diagnoses", *LINE_FIELDS) if n in table.columns]
        for row, values in table.rows:
            cells = {n: table.cell(values, n) for n in ("claim_key", *names)}
            if as_text(cells["claim_key"]).startswith("#"):
                continue
            key = self.key(table.label, row, cells)
            if key is None:
                continue
            claim = self.claims.setdefault(key, _Claim(key, table.label, row))
            claim.rows.add((table.label, row))
            self.claim_fields(claim, table.label, row, cells, (*CLAIM_FIELDS, "diagnoses"))
            self.line(claim, table.label, row, cells)
        for claim in self.claims.values():
            if "diagnoses" in claim.values:
                codes, row = claim.values.pop("diagnoses")
                for i, code in enumerate(codes):
                    claim.diagnoses.append((code, "1" if i == 0 else "4", row))

    def sheets(self, tables: dict[str, Table]) -> None:
        claims = tables["claims"]
        required = ["claim_key", *REQUIRED_CLAIM]
        if self.hospital is not None:
            required.remove("hospital")
        ok = claims.require(required, self.collector)
        ok &= tables["lines"].require(["claim_key", *REQUIRED_LINE], self.collector)
        if "diagnoses" in tables:
            ok &= tables["diagnoses"].require(["claim_key", "code"], self.collector)
        if not ok:
            return
        for row, values in claims.rows:
            cells = {n: claims.cell(values, n) for n in SHEET_CLAIMS}
            if as_text(cells["claim_key"]).startswith("#"):
                continue
            key = self.key(claims.label, row, cells)
            if key is None:
                continue
            if key in self.claims:
                first = self.claims[key].first_row
                self.problems.append(
                    Problem(
                        claims.label,
                        row,
                        "claim_key",
                        "DUPLICATE_IN_FILE",
                        key,
                        {
                            "value": (
                                f"รหัส {key} ซ้ำกับแถว {first}",
                                f"claim key {key} is also on row {first}",
                            )
                        },
                    )
                )
                continue
            claim = self.claims[key] = _Claim(key, claims.label, row)
            claim.rows.add((claims.label, row))
            self.claim_fields(claim, claims.label, row, cells, CLAIM_FIELDS)
        if "diagnoses" in tables:
            table = tables["diagnoses"]
            for row, values in table.rows:
                cells = {n: table.cell(values, n) for n in SHEET_DIAGNOSES}
                claim = self._owner(table, row, cells)
                if claim is None:
                    continue
                code, dx_type = as_text(cells["code"]).upper(), as_text(cells["dx_type"])
                if not code:
                    self.problems.append(Problem(table.label, row, "code", "VALUE_REQUIRED", None))
                    continue
                claim.diagnoses.append((code, dx_type or ("4" if claim.diagnoses else "1"), row))
        table = tables["lines"]
        for row, values in table.rows:
            cells = {n: table.cell(values, n) for n in SHEET_LINES}
            claim = self._owner(table, row, cells)
            if claim is not None:
                self.line(claim, table.label, row, cells)

    def _owner(self, table: Table, row: int, cells: dict) -> _Claim | None:
        if as_text(cells["claim_key"]).startswith("#"):
            return None
        key = self.key(table.label, row, cells)
        if key is None:
            return None
        claim = self.claims.get(key)
        if claim is None:
            self.problems.append(Problem(table.label, row, "claim_key", "ROW_ORPHAN", key))
        else:
            claim.rows.add((table.label, row))
        return claim

    def finish(self) -> Intake:
        for claim in self.claims.values():
            if self.hospital is not None and "hospital" not in claim.values:
                claim.values["hospital"] = (self.hospital, claim.first_row)
            for name in REQUIRED_CLAIM:
                if name not in claim.values and name not in claim.bad:
                    self.problems.append(
                        Problem(claim.label, claim.first_row, name, "VALUE_REQUIRED", None)
                    )
        if self.problems:
            # Refused whole; the claims none of whose rows has a problem are still built, for
            # the caller to check them too: every problem of the file in one report.
            bad_rows = {(p.file, p.row) for p in self.problems}
            sound = Builder()
            for claim in self.claims.values():
                if not claim.bad and not claim.rows & bad_rows:
                    self._build(sound, claim)
            refused = Builder().finish(self.problems)
            refused.checkable = sound.finish([]) if sound.keys["claim_id"] else None
            return refused
        builder = Builder()
        for claim in self.claims.values():
            self._build(builder, claim)
        return builder.finish([])

    @staticmethod
    def _build(builder: Builder, claim: _Claim) -> None:
        v = {name: value for name, (value, _) in claim.values.items()}
        claim_id = builder.claim(
            claim.key,
            v["hospital"],
            v["citizen_id"],
            v["service_type"],
            v["admitted_at"],
            v.get("discharged_at"),
            (claim.label, claim.first_row),
        )
        # the principal first (a stable sort: the others keep their order)
        for code, dx_type, row in sorted(claim.diagnoses, key=lambda d: d[1] != "1"):
            builder.diagnosis(claim_id, code, dx_type, (claim.label, row))
        for row, label, item, quantity, served, charged in claim.lines:
            builder.line(
                claim_id, item, quantity, served or v["admitted_at"], charged, (label, row)
            )


def read_claims_table(data: bytes, filename: str, hospital: str | None = None) -> Intake:
    """Read a CSV or XLSX claims file (layouts in the module docstring).

    ``hospital``: the sender's hospital code, when known (an upload by a logged-in hospital):
    blank hospital cells take it, a different code is a problem (HOSPITAL_SCOPE), and the
    ``hospital`` column may be left out. The file is accepted whole or not at all: with any
    problem every frame of the result is empty."""
    name = filename.lower()
    reader = _Reader(hospital)
    if name.endswith((".csv", ".txt")):
        table = read_csv(data, filename, reader.collector)
        if table is not None:
            reader.flat(table)
    elif name.endswith((".xlsx", ".xlsm")):
        sheets = read_xlsx(data, filename, reader.collector, choose=_sheets)
        if "claims" in sheets:
            reader.sheets(sheets)
        elif "" in sheets:
            reader.flat(sheets[""])
    else:
        reader.problems.append(
            Problem(
                filename,
                None,
                None,
                "FILE_TYPE",
                filename.rsplit(".", 1)[-1] if "." in filename else filename,
                {"allowed": "CSV (.csv), Excel (.xlsx)"},
            )
        )
    if not reader.problems and not reader.claims:
        reader.problems.append(holds_no_claim(filename))
    return reader.finish()


# -- the template ----------------------------------------------------------------------------

_NOTES = (
    (
        "หนึ่งแถวต่อหนึ่งรายการค่าใช้จ่าย ข้อมูลของการเรียกเก็บ (claim_key ถึง diagnoses) ซ้ำในทุกแถวของการเรียกเก็บเดียวกัน"
        " หรือเว้นว่างในแถวถัดไปได้ แต่ถ้ากรอกต้องตรงกัน",
        "One row per charge line. The claim's fields (claim_key to diagnoses) repeat on every "
        "row of the claim, or may be left blank on its later rows; if filled they must agree.",
    ),
    (
        "วันที่: วว/ดด/ปปปป ชช:นน (ปี พ.ศ. หรือ ค.ศ. ปีที่มากกว่า 2400 ถือเป็น พ.ศ.) หรือ ปปปป-ดด-วว ชช:นน"
        " หรือเซลล์วันที่ของ Excel เวลาเป็นเวลาประเทศไทย",
        "Dates: dd/mm/yyyy hh:mm (BE or CE; a year above 2400 is BE), yyyy-mm-dd hh:mm, or an "
        "Excel date cell. Times are Bangkok time.",
    ),
    (
        "จำนวนเงินเป็นบาท ทศนิยมไม่เกิน 2 ตำแหน่ง จำนวนทศนิยมไม่เกิน 3 ตำแหน่ง",
        "Amounts in baht with at most 2 decimals; quantities with at most 3 decimals.",
    ),
    (
        "แถวตัวอย่าง (claim_key ขึ้นต้นด้วย #) ระบบไม่อ่าน จะลบหรือเก็บไว้ก็ได้",
        "The example row (claim_key starting with #) is not read; delete it or leave it.",
    ),
    (
        "ระบบรับไฟล์ทั้งไฟล์หรือไม่รับเลย หากมีข้อผิดพลาด จะได้รายงานรายแถวเพื่อแก้ไขแล้วส่งใหม่",
        "A file is accepted whole or not at all; if anything is wrong you get a per-row report "
        "to fix and send again.",
    ),
    (
        "ส่งเป็น .xlsx หรือ .csv (UTF-8) ได้ แผ่นงานแรกคือข้อมูล",
        "Send as .xlsx or .csv (UTF-8); the first sheet holds the data.",
    ),
)


def template_xlsx() -> bytes:
    """A blank template of the flat layout: the header row, one example row (a note row,
    not read), and a second sheet explaining each column in Thai and English."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "claim_lines"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    grey = Font(italic=True, color="808080")
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        head = sheet.cell(row=1, column=i, value=column.name)
        head.font, head.fill = bold, fill
        example = sheet.cell(row=2, column=i, value=column.example)
        example.font = grey
        example.number_format = column.number_format
        sheet.column_dimensions[letter].width = 20 if column.number_format == _DT else 16
        sheet.column_dimensions[letter].number_format = column.number_format
    sheet.freeze_panes = "A2"
    service = DataValidation(
        type="list",
        formula1='"' + ",".join(FILE_SERVICE_TYPES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="service_type",
        error="เลือกจากรายการ / choose from the list: " + ", ".join(FILE_SERVICE_TYPES),
    )
    column = get_column_letter(1 + [c.name for c in COLUMNS].index("service_type"))
    service.add(f"{column}2:{column}100000")
    sheet.add_data_validation(service)

    notes = book.create_sheet("คำอธิบาย (columns)")
    wrap = Alignment(wrap_text=True, vertical="top")
    head = ("column", "จำเป็น / required", "คำอธิบาย", "description", "ตัวอย่าง / example")
    notes.append(head)
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for column in COLUMNS:
        required = "ใช่ / yes" if column.required else "ไม่ / no"
        example = column.example
        if isinstance(example, datetime):
            example = f"{example:%d/%m}/{example.year + 543} {example:%H:%M}"
        notes.append((column.name, required, column.th, column.en, as_text(example)))
    notes.append(())
    for th, en in _NOTES:
        notes.append(("", "", th, en))
    for letter, width in zip("ABCDE", (16, 16, 60, 60, 20), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    notes.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
