"""The kernel every area reads its inputs with: one Problem, one table reader, one YAML
reader, one money module, one Bangkok zone (issue 14, "The shape to reach")."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest

from sitthi.rules.kernel import money, tables, thaitime
from sitthi.rules.kernel.codes import REGISTRY, ErrorCode, declare
from sitthi.rules.kernel.documents import DocumentReader
from sitthi.rules.kernel.problems import Collector, InputError, Problem, sort_problems
from sitthi.rules.kernel.yamlio import YamlError, read_yaml

# -- money ---------------------------------------------------------------------------------


def test_to_satang_needs_its_rounding_said():
    with pytest.raises(TypeError):
        money.to_satang(Decimal("1.005"))  # no default rounding
    assert money.to_satang(Decimal("1.005"), rounding=money.HALF_UP) == 101
    assert money.to_satang(Decimal("1.005"), rounding=money.HALF_EVEN) == 100
    assert money.to_satang(Decimal("-1.005"), rounding=money.HALF_UP) == -101
    assert money.to_satang("12.34", rounding=money.EXACT) == 1234
    with pytest.raises(money.FinerThanSatang):
        money.to_satang(Decimal("12.345"), rounding=money.EXACT)
    with pytest.raises(ValueError):
        money.to_satang(Decimal("1"), rounding="ROUND_SOMETIMES")


def test_baht_round_trips_and_text():
    assert money.baht(123456) == Decimal("1234.56")
    assert money.baht_or_none(None) is None
    assert money.baht_text(12345678) == "123,456.78"
    assert money.baht_text(-5) == "-0.05"
    for s in (0, 1, 99, 100, 123456789):
        assert money.to_satang(money.baht(s), rounding=money.EXACT) == s


# -- time ----------------------------------------------------------------------------------


def test_bangkok_is_the_one_zone_and_dates_are_buddhist_era():
    midnight_utc = datetime(2024, 2, 29, 17, 0, tzinfo=UTC)  # 00:00 on 1 March in Bangkok
    assert thaitime.bangkok_date(midnight_utc) == date(2024, 3, 1)
    assert thaitime.be_date(date(2024, 3, 1)) == "1 มี.ค. 2567"
    assert thaitime.be_date(date(2024, 3, 1), "en") == "1 Mar 2567 BE"


# -- problems ------------------------------------------------------------------------------


def test_a_problem_needs_a_declared_code_and_speaks_both_languages():
    with pytest.raises(KeyError):
        Problem("f.csv", 2, "x", "NO_SUCH_CODE_ANYWHERE")
    p = Problem("f.csv", 3, "hospital", "COLUMN_MISSING", "hospital")
    assert p.message("th") == "ไม่มีคอลัมน์ hospital"
    assert p.message("en") == "Column hospital is missing."
    shape = p.as_dict()
    assert shape["file"] == "f.csv" and shape["row"] == 3 and shape["family"] == "corrective"


def test_declaring_one_code_with_two_meanings_is_refused():
    declare(ErrorCode("KERNEL_TEST_CODE", 400, "corrective", "ก", "a"))
    declare(ErrorCode("KERNEL_TEST_CODE", 400, "corrective", "ก", "a"))  # the same: fine
    with pytest.raises(ValueError):
        declare(ErrorCode("KERNEL_TEST_CODE", 409, "corrective", "ข", "b"))
    with pytest.raises(ValueError):
        ErrorCode("X", 400, "whatever", "ก", "a")
    assert REGISTRY["KERNEL_TEST_CODE"].status == 400


def test_input_error_carries_every_problem_in_report_order():
    c = Collector("f.csv")
    c.add("COLUMN_MISSING", row=1, field="b", value="b")
    c.add("COLUMN_MISSING", row=1, field="a", value="a")
    assert len(c) == 2
    with pytest.raises(InputError) as caught:
        c.raise_if_any()
    assert [p.field for p in caught.value.problems] == ["a", "b"]
    assert "2 problem(s)" in str(caught.value)
    Collector("empty.csv").raise_if_any()  # nothing wrong: nothing raised


# -- tables --------------------------------------------------------------------------------


def test_csv_in_tis620_with_semicolons_keeps_excel_row_numbers():
    data = "รหัส;ชื่อ\n\n10001;โรงพยาบาลหนึ่ง\n".encode("cp874")
    c = Collector()
    table = tables.read_table(data, "units.csv", c)
    assert not c
    assert table.columns == {"รหัส": 0, "ชื่อ": 1}
    assert table.rows == [(3, ["10001", "โรงพยาบาลหนึ่ง"])]


def test_xlsx_first_sheet_and_a_duplicate_header():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["code", "Code", "amount"])
    ws.append([10001, 10001, 12.5])
    buf = io.BytesIO()
    book.save(buf)
    c = Collector()
    table = tables.read_table(buf.getvalue(), "a.xlsx", c)
    assert [p.code for p in c.problems] == ["DUPLICATE_IN_FILE"]
    assert dict(table.records())[2]["amount"] == 12.5
    assert not table.require(["code", "rate"], c)
    assert c.problems[-1].code == "COLUMN_MISSING" and c.problems[-1].field == "rate"


def test_bad_files_are_coded_problems_not_exceptions():
    for data, name, code in (
        (b"PK\x03\x04 broken", "a.xlsx", "FILE_MALFORMED"),
        (b"", "a.csv", "FILE_MALFORMED"),
        (b"a,b\n", "a.pdf", "FILE_TYPE"),
    ):
        c = Collector()
        assert tables.read_table(data, name, c) is None
        assert [p.code for p in c.problems] == [code]


# -- YAML ----------------------------------------------------------------------------------


def test_yaml_is_strict_and_exact():
    assert read_yaml("a: 0.1\nb: 7\n") == {"a": Decimal("0.1"), "b": 7}
    assert read_yaml("b: 7\n", integers=Decimal) == {"b": Decimal(7)}
    for bad in ("a: 1\na: 2\n", "a: 010\n", "a: 72:00\n", "a: .inf\n", "d: 2017-02-30\n"):
        with pytest.raises(YamlError):
            read_yaml(bad, origin="t.yaml")


def test_document_reader_collects_every_problem_with_its_path():
    r = DocumentReader("fy.yaml")
    node = r.mapping({"rate": "12.345", "typo": 1}, "", ("rate", "count"), ("count",))
    r.decimal(node["rate"], "rate")
    r.integer(-3, "lines[0].count")
    codes = sorted((p.field, p.code) for p in r.problems)
    assert codes == [
        ("count", "DOC_VALUE_REQUIRED"),
        ("lines[0].count", "DOC_NEGATIVE"),
        ("rate", "DOC_PRECISION"),
        ("typo", "DOC_UNKNOWN_KEY"),
    ]
    with pytest.raises(InputError):
        r.raise_if_any()


# -- what the claims readers brought to the kernel -------------------------------------------


def test_problems_sort_by_place_keep_found_order_within_a_row():
    found = [
        Problem("b.csv", 2, "z", "VALUE_REQUIRED"),
        Problem("a.csv", 3, "y", "VALUE_REQUIRED"),
        Problem("a.csv", 3, "x", "VALUE_REQUIRED"),
        Problem("a.csv", None, None, "FILE_MALFORMED", params={"detail": "d"}),
    ]
    by_place = sort_problems(found, key=Problem.place)
    assert [(p.file, p.row, p.field) for p in by_place] == [
        ("a.csv", None, None),
        ("a.csv", 3, "y"),
        ("a.csv", 3, "x"),
        ("b.csv", 2, "z"),
    ]
    assert [p.field for p in sort_problems(found)][1:3] == ["x", "y"]  # the default key


def test_a_problem_reads_as_the_mapping_of_its_plain_fields():
    p = Problem(None, 4, "unit_price", "NUMBER_INVALID", "abc")
    assert (p["row"], p["field"], p["code"], p["value"], p["file"]) == (
        4,
        "unit_price",
        "NUMBER_INVALID",
        "abc",
        None,
    )
    assert p.get("value") == "abc" and p.get("params", "x") == "x"
    with pytest.raises(KeyError):
        p["params"]


def test_records_keep_every_line_number_and_choose_may_leave_the_default():
    c = Collector()
    assert tables.csv_records(b"a,b\n\n1,2\n", "r.csv", c) == [
        (1, ["a", "b"]),
        (2, []),
        (3, ["1", "2"]),
    ]
    assert tables.text_of(b"\xff\xfe\xdb\xdc", "r.csv", c) is None
    assert [p.code for p in c.problems] == ["FILE_MALFORMED"]
    book = openpyxl.Workbook()
    book.active.title = "first"
    book.active.append(["code"])
    book.create_sheet("second").append(["other"])
    buf = io.BytesIO()
    book.save(buf)
    c = Collector()
    sheets = tables.xlsx_records(buf.getvalue(), "w.xlsx", c, choose=lambda sheets: None)
    assert sheets == {"": ("w.xlsx!first", [(1, ("code",))])}
    wanted = tables.read_xlsx(buf.getvalue(), "w.xlsx", c, choose=lambda s: {"second": s["second"]})
    assert list(wanted["second"].columns) == ["other"] and not c


def test_a_password_protected_zip_is_refused_in_both_languages():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("PAT.txt", b"HN\n")
    data = bytearray(buf.getvalue())
    for mark, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" flag bit
        data[data.index(mark) + at] |= 0x1
    c = Collector()
    assert tables.open_zip(bytes(data), "x.zip", ("ZIP", "ZIP"), c) is None
    (p,) = c.problems
    assert p.message("th") == "อ่านไฟล์ไม่ได้: ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน"
    assert p.message("en") == "The file cannot be read: the file is password-protected"
