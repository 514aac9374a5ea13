"""Claims in a CSV or XLSX file filled in Excel (layout: sitthi.claims.intake.tabular)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from sitthi.claims.intake import read_claims_table, read_upload, template_xlsx
from sitthi.rules.claims.schema import CLAIMS, DIAGNOSES, LINES

from .files import CID_1, CID_2, FLAT_HEADER, HOSPITAL, bkk, csv_bytes, xlsx_bytes

GOOD_ROWS = [
    # two lines of an outpatient visit, the claim fields repeated on both
    (
        "OPD-0001",
        HOSPITAL,
        CID_1,
        "OP",
        "01/03/2567 08:30",
        "",
        "E11.9;I10",
        "31",
        "2",
        "",
        "125.50",
    ),
    (
        "OPD-0001",
        HOSPITAL,
        CID_1,
        "OP",
        "2024-03-01 08:30",
        "",
        "E11.9;I10",
        "LAB-1",
        "1",
        "2024-03-01T09:15:00+07:00",
        "1,250.00",
    ),
    # an admission, its later row leaving the claim fields blank
    (
        "IPD-0001",
        HOSPITAL,
        CID_2,
        "ip",
        "05/03/2024 22:15",
        "08/03/2567 10:30",
        "J18.9, E11.9",
        "11",
        "3",
        "06/03/2567",
        "1500",
    ),
    ("IPD-0001", "", "", "", "", "", "", "DRUG-7", "0.125", "2024-03-07 12:00", "12.34"),
]


def codes(intake) -> list[tuple]:
    return [(p.file, p.row, p.field, p.code) for p in intake.problems]


def check_good(intake, file_label, first_row=2):
    assert intake.ok, intake.problems
    assert intake.claims.schema == CLAIMS
    assert intake.diagnoses.schema == DIAGNOSES
    assert intake.lines.schema == LINES
    assert intake.keys.rows() == [(1, "OPD-0001", HOSPITAL), (2, "IPD-0001", HOSPITAL)]
    assert intake.claims.rows() == [
        (1, HOSPITAL, CID_1, "OP", bkk(2024, 3, 1, 8, 30), None),
        (2, HOSPITAL, CID_2, "IP", bkk(2024, 3, 5, 22, 15), bkk(2024, 3, 8, 10, 30)),
    ]
    assert intake.diagnoses.rows() == [
        (1, 1, "E11.9", "1"),  # the first is the principal
        (1, 2, "I10", "4"),
        (2, 1, "J18.9", "1"),
        (2, 2, "E11.9", "4"),
    ]
    assert intake.lines.rows() == [
        (1, 1, "31", 2000, bkk(2024, 3, 1, 8, 30), 12550),  # served_at blank: admitted_at
        (1, 2, "LAB-1", 1000, bkk(2024, 3, 1, 9, 15), 125000),
        (2, 1, "11", 3000, bkk(2024, 3, 6), 150000),
        (2, 2, "DRUG-7", 125, bkk(2024, 3, 7, 12), 1234),
    ]
    for value in intake.claims["admitted_at"]:
        assert value.tzinfo.key == "Asia/Bangkok"
    n = first_row
    assert intake.source_rows == {
        ("OPD-0001", None): n,
        ("OPD-0001", 1): n,
        ("OPD-0001", 2): n + 1,
        ("IPD-0001", None): n + 2,
        ("IPD-0001", 1): n + 2,
        ("IPD-0001", 2): n + 3,
    }
    assert set(intake.origins["file"]) == {file_label}


def test_csv_with_bom():
    data = csv_bytes(GOOD_ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    check_good(read_claims_table(data, "march.csv"), "march.csv")


def test_csv_without_bom_semicolons_and_lf():
    data = csv_bytes(GOOD_ROWS, encoding="utf-8", delimiter=";").replace(b"\r\n", b"\n")
    check_good(read_claims_table(data, "march.CSV"), "march.CSV")


def test_csv_in_windows_874_with_thai_keys():
    rows = [("ก-001", *GOOD_ROWS[0][1:]), ("ก-001", *GOOD_ROWS[1][1:])]
    intake = read_claims_table(csv_bytes(rows, encoding="cp874"), "thai.csv")
    assert intake.ok, intake.problems
    assert intake.keys["claim_key"].to_list() == ["ก-001"]


def test_columns_in_any_order_with_notes_in_brackets_and_extra_columns():
    order = [10, 0, 2, 1, 3, 4, 5, 6, 7, 8, 9]
    header = [FLAT_HEADER[i] for i in order]
    header[2] = "citizen_id (เลขประจำตัวประชาชน)"
    header = [*header, "หมายเหตุ"]
    rows = [[row[i] for i in order] + ["note"] for row in GOOD_ROWS]
    check_good(read_claims_table(csv_bytes(rows, header=header), "any.csv"), "any.csv")


def test_xlsx_with_datetime_cells_thai_text_and_number_cells():
    rows = [
        FLAT_HEADER,
        # a BE-year date cell (typed 01/03/2567 in Excel), numbers as number cells,
        # the citizen ID as a number cell, the hospital code as a number (leading zero lost)
        (
            "ผู้ป่วยนอก-1",
            670,
            int(CID_1),
            "OP",
            datetime(2567, 3, 1, 8, 30),
            None,
            "E11.9",
            "31",
            2,
            None,
            125.5,
        ),
        (
            "ผู้ป่วยนอก-1",
            670,
            int(CID_1),
            "OP",
            datetime(2024, 3, 1, 8, 30),
            None,
            "E11.9",
            "LAB-1",
            1.5,
            datetime(2024, 3, 1, 10, 0),
            99.99,
        ),
    ]
    intake = read_claims_table(xlsx_bytes({"ข้อมูลเดือนมีนาคม": rows}), "มีนาคม.xlsx")
    assert intake.ok, intake.problems
    assert intake.keys.rows() == [(1, "ผู้ป่วยนอก-1", "00670")]
    assert intake.claims.rows() == [(1, "00670", CID_1, "OP", bkk(2024, 3, 1, 8, 30), None)]
    assert intake.lines.rows() == [
        (1, 1, "31", 2000, bkk(2024, 3, 1, 8, 30), 12550),
        (1, 2, "LAB-1", 1500, bkk(2024, 3, 1, 10), 9999),
    ]
    assert intake.origins["file"][0] == "มีนาคม.xlsx!ข้อมูลเดือนมีนาคม"


def test_xlsx_reads_the_first_sheet_only():
    rows = [FLAT_HEADER, *GOOD_ROWS]
    data = xlsx_bytes({"data": rows, "notes": [("anything", "else")]})
    check_good(read_claims_table(data, "book.xlsx"), "book.xlsx!data")


def test_xlsx_three_sheets():
    data = xlsx_bytes(
        {
            "claims": [
                (
                    "claim_key",
                    "hospital",
                    "citizen_id",
                    "service_type",
                    "admitted_at",
                    "discharged_at",
                ),
                ("OPD-0001", HOSPITAL, CID_1, "OP", datetime(2024, 3, 1, 8, 30), None),
                (
                    "IPD-0001",
                    HOSPITAL,
                    CID_2,
                    "IP",
                    "05/03/2567 22:15",
                    datetime(2024, 3, 8, 10, 30),
                ),
            ],
            "diagnoses": [
                ("claim_key", "code", "dx_type"),
                ("OPD-0001", "I10", "2"),
                ("OPD-0001", "E11.9", "1"),  # the principal, given second: it comes first
                ("IPD-0001", "J18.9", None),  # blank: the claim's first is the principal
                ("IPD-0001", "E11.9", None),
            ],
            "lines": [
                ("claim_key", "item_code", "quantity", "served_at", "charged"),
                ("IPD-0001", "11", 3, datetime(2024, 3, 6), 1500),
                ("OPD-0001", "31", 2, None, "125.50"),
            ],
        }
    )
    intake = read_claims_table(data, "three.xlsx")
    assert intake.ok, intake.problems
    assert intake.keys["claim_key"].to_list() == ["OPD-0001", "IPD-0001"]
    assert intake.diagnoses.rows() == [
        (1, 1, "E11.9", "1"),
        (1, 2, "I10", "2"),
        (2, 1, "J18.9", "1"),
        (2, 2, "E11.9", "4"),
    ]
    assert intake.lines.rows() == [
        (1, 1, "31", 2000, bkk(2024, 3, 1, 8, 30), 12550),
        (2, 1, "11", 3000, bkk(2024, 3, 6), 150000),
    ]
    assert intake.source_rows[("IPD-0001", 1)] == 2


def test_xlsx_three_sheets_problems():
    data = xlsx_bytes(
        {
            "claims": [
                ("claim_key", "hospital", "citizen_id", "service_type", "admitted_at"),
                ("K1", HOSPITAL, CID_1, "OP", "2024-03-01 08:30"),
                ("K1", HOSPITAL, CID_1, "OP", "2024-03-01 08:30"),
            ],
            "diagnoses": [("claim_key", "code"), ("K9", "I10"), ("K1", None)],
            "lines": [("claim_key", "item_code", "quantity", "charged"), ("K2", "31", 1, 10)],
        }
    )
    intake = read_claims_table(data, "bad.xlsx")
    assert codes(intake) == [
        ("bad.xlsx!claims", 3, "claim_key", "DUPLICATE_IN_FILE"),
        ("bad.xlsx!diagnoses", 2, "claim_key", "ROW_ORPHAN"),
        ("bad.xlsx!diagnoses", 3, "code", "VALUE_REQUIRED"),
        ("bad.xlsx!lines", 2, "claim_key", "ROW_ORPHAN"),
    ]
    assert (
        intake.problems[0].message("en") == "Duplicate in the file: claim key K1 is also on row 2"
    )
    assert intake.claims.is_empty()


def test_the_hospital_of_the_sender():
    rows = [(r[0], "", *r[2:]) for r in GOOD_ROWS]
    check_good(read_claims_table(csv_bytes(rows), "h.csv", hospital=HOSPITAL), "h.csv")
    # the column may be left out altogether
    header = [h for h in FLAT_HEADER if h != "hospital"]
    rows = [(r[0], *r[2:]) for r in GOOD_ROWS]
    check_good(
        read_claims_table(csv_bytes(rows, header=header), "h.csv", hospital=HOSPITAL), "h.csv"
    )
    # another hospital's code is refused
    intake = read_claims_table(csv_bytes(GOOD_ROWS), "h.csv", hospital="90001")
    assert codes(intake) == [
        ("h.csv", 2, "hospital", "HOSPITAL_SCOPE"),
        ("h.csv", 3, "hospital", "HOSPITAL_SCOPE"),
        ("h.csv", 4, "hospital", "HOSPITAL_SCOPE"),
    ]
    assert intake.problems[0].message("th").endswith("(90001)")


def test_read_upload_picks_the_reader():
    assert read_upload(csv_bytes(GOOD_ROWS), "a.csv", HOSPITAL).ok
    assert read_upload(b"not a zip", "a.zip", HOSPITAL).problems[0].code == "FILE_MALFORMED"


# -- problems ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["claims.xls", "claims.pdf", "claims"])
def test_file_type(name):
    intake = read_claims_table(b"whatever", name)
    assert codes(intake) == [(name, None, None, "FILE_TYPE")]
    assert intake.problems[0].message("en") == "The file must be CSV (.csv), Excel (.xlsx)."


def test_broken_xlsx():
    assert [p.code for p in read_claims_table(b"PK\x03\x04broken", "a.xlsx").problems] == [
        "FILE_MALFORMED"
    ]
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("hello.txt", "hi")
    intake = read_claims_table(not_a_workbook.getvalue(), "a.xlsx")
    assert [p.code for p in intake.problems] == ["FILE_MALFORMED"]


def test_xlsx_zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 * 1024 * 1024 + 1))
    intake = read_claims_table(out.getvalue(), "bomb.xlsx")
    assert codes(intake) == [("bomb.xlsx", None, None, "FILE_TOO_LARGE")]


def test_empty_and_undecodable_csv():
    assert [p.code for p in read_claims_table(b"", "a.csv").problems] == ["FILE_MALFORMED"]
    assert [p.code for p in read_claims_table(b"\xff\xfe\xdb\xdc", "a.csv").problems] == [
        "FILE_MALFORMED"
    ]
    only_header = read_claims_table(csv_bytes([]), "a.csv")
    assert (
        only_header.problems[0].message("en") == "The file cannot be read: the file holds no claim"
    )


def test_columns_missing():
    header = [h for h in FLAT_HEADER if h not in ("citizen_id", "charged")]
    rows = [[c for h, c in zip(FLAT_HEADER, r, strict=True) if h in header] for r in GOOD_ROWS]
    intake = read_claims_table(csv_bytes(rows, header=header), "a.csv")
    assert codes(intake) == [
        ("a.csv", 1, "citizen_id", "COLUMN_MISSING"),
        ("a.csv", 1, "charged", "COLUMN_MISSING"),
    ]
    assert intake.problems[0].message("th") == "ไม่มีคอลัมน์ citizen_id"


def test_every_row_problem_with_its_row_and_field():
    rows = [
        ("A", HOSPITAL, CID_1, "OP", "2024-03-01 08:30", "", "E11.9", "31", "1", "", "10.00"),
        ("", HOSPITAL, CID_1, "OP", "2024-03-01 08:30", "", "", "31", "1", "", "1"),  # row 3
        ("B", HOSPITAL, "12345", "OP", "31/02/2567 08:30", "", "", "31", "1.0001", "", "1.005"),
        ("C", HOSPITAL, CID_2, "OP", "2024-03-01 08:30", "", "", "", "", "", "abc"),  # row 5
        ("A", HOSPITAL, CID_2, "OP", "2024-03-01 09:30", "", "I10", "32", "1", "soon", "5"),
        ("D", HOSPITAL, CID_1, "", "", "", "", "31", "1", "", "1"),  # row 7
    ]
    intake = read_claims_table(csv_bytes(rows), "rows.csv")
    assert [(p.row, p.field, p.code, p.value) for p in intake.problems] == [
        (3, "claim_key", "VALUE_REQUIRED", None),
        (4, "citizen_id", "CID_FORMAT", "12345"),
        (4, "admitted_at", "DATETIME_INVALID", "31/02/2567 08:30"),
        (4, "quantity", "NUMBER_INVALID", "1.0001"),
        (4, "charged", "NUMBER_INVALID", "1.005"),
        (5, "item_code", "VALUE_REQUIRED", None),
        (5, "quantity", "VALUE_REQUIRED", None),
        (5, "charged", "NUMBER_INVALID", "abc"),
        (6, "citizen_id", "DUPLICATE_IN_FILE", CID_2),
        (6, "admitted_at", "DUPLICATE_IN_FILE", "2024-03-01 09:30"),
        (6, "diagnoses", "DUPLICATE_IN_FILE", "I10"),
        (6, "served_at", "DATETIME_INVALID", "soon"),
        (7, "service_type", "VALUE_REQUIRED", None),
        (7, "admitted_at", "VALUE_REQUIRED", None),
    ]
    conflict = intake.problems[8]
    assert (
        conflict.message("en")
        == "Duplicate in the file: claim A has a different citizen_id on row 2"
    )
    assert conflict.message("th") == "ข้อมูลซ้ำในไฟล์: การเรียกเก็บ A มี citizen_id ไม่ตรงกับแถว 2"
    for frame in (intake.claims, intake.diagnoses, intake.lines, intake.keys):
        assert frame.is_empty()


def test_same_values_written_differently_do_not_conflict():
    rows = [
        ("A", HOSPITAL, CID_1, "OP", "01/03/2567 08:30", "", "E11.9;I10", "31", "1", "", "1"),
        (
            "A",
            HOSPITAL,
            CID_1[:1] + "-" + CID_1[1:],
            "op",
            "2024-03-01T08:30",
            "",
            "e11.9, i10",
            "32",
            "1",
            "",
            "2",
        ),
    ]
    intake = read_claims_table(csv_bytes(rows), "same.csv")
    assert intake.ok, intake.problems
    assert intake.claims.height == 1 and intake.lines.height == 2


def test_one_bad_row_rejects_the_whole_file():
    rows = [
        *GOOD_ROWS,
        ("IPD-0002", HOSPITAL, CID_2, "IP", "2024-03-09 08:00", "", "", "11", "1", "", "12.345"),
    ]
    intake = read_claims_table(csv_bytes(rows), "mixed.csv")
    assert codes(intake) == [("mixed.csv", 6, "charged", "NUMBER_INVALID")]
    assert not intake.ok
    for frame in (intake.claims, intake.diagnoses, intake.lines, intake.keys, intake.origins):
        assert frame.is_empty()
    assert intake.source_rows == {}


def test_claim_only_rows_and_blank_rows():
    rows = [
        ("A", HOSPITAL, CID_1, "OP", "2024-03-01 08:30", "", "E11.9", "", "", "", ""),
        ("", "", "", "", "", "", "", "", "", "", ""),
        ("#a note row", "", "", "", "", "", "", "", "", "", "anything"),
        ("A", "", "", "", "", "", "", "31", "1", "", "10"),
    ]
    intake = read_claims_table(csv_bytes(rows), "a.csv")
    assert intake.ok, intake.problems
    assert intake.lines.rows() == [(1, 1, "31", 1000, bkk(2024, 3, 1, 8, 30), 1000)]
    assert intake.source_rows[("A", 1)] == 5


# -- the template ------------------------------------------------------------------------------


def test_template_has_header_example_and_explanations():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    data, notes = book.worksheets
    assert [c.value for c in data[1]] == list(FLAT_HEADER)
    assert data[1][0].font.b and data.freeze_panes == "A2"
    example = [c.value for c in data[2]]
    assert example[0].startswith("#")
    assert isinstance(example[4], datetime)
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(explained) == set(FLAT_HEADER)
    assert "เลขประจำตัวประชาชน" in explained["citizen_id"][2]
    assert "citizen ID" in explained["citizen_id"][3]


def test_template_example_row_is_not_read_and_a_filled_template_is():
    assert [p.code for p in read_claims_table(template_xlsx(), "t.xlsx").problems] == [
        "FILE_MALFORMED"
    ]
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = book.worksheets[0]
    for row in GOOD_ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    # row 2 is the example: the data starts on row 3
    check_good(read_claims_table(out.getvalue(), "filled.xlsx"), "filled.xlsx!claim_lines", 3)
