"""The per-row report as XLSX: opens in openpyxl (and so in Excel), Thai messages intact."""

from __future__ import annotations

import io

import openpyxl

from sitthi.claims.intake import Problem, read_claims_table, report_xlsx
from sitthi.claims.intake.common import report_xlsx as report_from_common
from sitthi.core.errors import CATALOGUE

from .files import CID_1, HOSPITAL, csv_bytes


def open_report(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book.worksheets[0]


def test_report_of_a_bad_file():
    rows = [
        ("A", HOSPITAL, "12345", "OP", "31/02/2567 08:30", "", "E11.9", "31", "1", "", "12.345"),
    ]
    intake = read_claims_table(csv_bytes(rows), "มีนาคม.csv")
    sheet = open_report(report_xlsx(intake.problems))
    header = [c.value for c in sheet[1]]
    assert header == ["file", "row", "field", "code", "message_th", "message_en", "value"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    body = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert body == [
        [
            "มีนาคม.csv",
            2,
            "citizen_id",
            "CID_FORMAT",
            CATALOGUE["CID_FORMAT"].th,
            CATALOGUE["CID_FORMAT"].en,
            "12345",
        ],
        [
            "มีนาคม.csv",
            2,
            "admitted_at",
            "DATETIME_INVALID",
            "วันเวลาไม่ถูกต้อง: 31/02/2567 08:30",
            "Not a valid date or time: 31/02/2567 08:30",
            "31/02/2567 08:30",
        ],
        [
            "มีนาคม.csv",
            2,
            "charged",
            "NUMBER_INVALID",
            "ตัวเลขไม่ถูกต้อง: 12.345",
            "Not a valid number: 12.345",
            "12.345",
        ],
    ]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["E"] >= 30 and widths["F"] >= 30  # the messages are readable
    assert 8 <= widths["B"] <= 12  # the row number is not


def test_values_stay_text_even_when_they_look_like_formulas_or_numbers():
    problems = [
        Problem("a.csv", 2, "charged", "NUMBER_INVALID", '=HYPERLINK("http://x")'),
        Problem("a.csv", 3, "citizen_id", "CID_FORMAT", "00123"),
        Problem("a.csv", 4, "claim_key", "VALUE_REQUIRED", "bell\x07"),
    ]
    sheet = open_report(report_xlsx(problems))
    values = [sheet.cell(row=r, column=7) for r in (2, 3, 4)]
    assert [c.value for c in values] == ['=HYPERLINK("http://x")', "00123", "bell\ufffd"]
    assert all(c.data_type == "s" for c in values)


def test_empty_report_and_file_level_problem():
    assert [c.value for c in open_report(report_xlsx([]))[1]][0] == "file"
    problem = Problem("x.zip", None, None, "FILE_MISSING", "PAT")
    row = [c.value for c in open_report(report_from_common([problem]))[2]]
    assert row == [
        "x.zip",
        None,
        None,
        "FILE_MISSING",
        "ในไฟล์ ZIP ไม่มีแฟ้ม PAT",
        "The ZIP file has no PAT file.",
        "PAT",
    ]


def test_same_report_from_the_common_module():
    problem = Problem("a.csv", 2, "citizen_id", "CID_FORMAT", CID_1)
    assert open_report(report_from_common([problem]))[2][3].value == "CID_FORMAT"
