"""The value parsers every reader shares: money, quantities, dates, text encodings."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pytest

import sitthi.claims.intake
from sitthi.claims.intake import common
from sitthi.claims.intake.common import BadValue, Problem

from .files import bkk


@pytest.mark.parametrize(
    "text, satang",
    [
        ("1250.50", 125050),
        ("1,250.50", 125050),
        (" 1250 ", 125000),
        ("0.1", 10),
        (".5", 50),
        ("12.", 1200),
        ("12.500", 1250),  # trailing zeros are exact
        ("-3.25", -325),  # parsed; validation refuses it
        ("+7", 700),
        (1250.5, 125050),  # a spreadsheet number
        (0.1 + 0.2, 30),  # binary noise of a formula result, as Excel shows it: 0.3
        (42, 4200),
    ],
)
def test_money_is_exact_satang(text, satang):
    assert common.satang(text) == satang


@pytest.mark.parametrize(
    "text", ["12.345", "1e3", "abc", "", "1,25.00", "12,50", "NaN", "--1", float("nan"), True]
)
def test_money_refused(text):
    with pytest.raises(BadValue) as bad:
        common.satang(text)
    assert bad.value.code == "NUMBER_INVALID"


def test_quantity_in_milli_units():
    assert common.milli("2.5") == 2500
    assert common.milli("0.125") == 125
    assert common.milli(3) == 3000
    with pytest.raises(BadValue):
        common.milli("0.1255")


def test_amount_beyond_int64_is_refused():
    with pytest.raises(BadValue):
        common.satang("9" * 20)


def test_product_rounds_half_up_to_the_satang():
    assert common.satang_of_product(2500, 35) == 88  # 2.5 × 0.35 = 0.875
    assert common.satang_of_product(3000, 1225) == 3675
    assert common.satang_of_product(1000, -35) == -35


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-01 08:30", bkk(2024, 3, 1, 8, 30)),
        ("2024-03-01T08:30:00+07:00", bkk(2024, 3, 1, 8, 30)),
        ("2024-03-01T01:30:00Z", bkk(2024, 3, 1, 8, 30)),
        ("2024-03-01T03:30:00+02:00", bkk(2024, 3, 1, 8, 30)),
        ("2024-03-01", bkk(2024, 3, 1)),
        ("01/03/2567 08:30", bkk(2024, 3, 1, 8, 30)),
        ("1/3/2567 8:30:15", bkk(2024, 3, 1, 8, 30, 15)),
        ("01/03/2024 08:30", bkk(2024, 3, 1, 8, 30)),
        ("01-03-2567 08.30 น.", bkk(2024, 3, 1, 8, 30)),
        ("29/02/2567", bkk(2024, 2, 29)),
        ("2567-03-01 08:30", bkk(2024, 3, 1, 8, 30)),
        (datetime(2024, 3, 1, 8, 30), bkk(2024, 3, 1, 8, 30)),
        (datetime(2567, 3, 1, 8, 30), bkk(2024, 3, 1, 8, 30)),  # Excel cell typed in BE
        (date(2024, 3, 1), bkk(2024, 3, 1)),
    ],
)
def test_datetimes_are_bangkok_aware(text, expected):
    value = common.when(text)
    assert value == expected
    assert value.tzinfo.key == "Asia/Bangkok"


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2567",
        "2024-13-01",
        "01/03/24",
        "2024-03-01 25:00",
        "03-01-2024T08:30",
        "yesterday",
        "29/02/2568",  # 2025 CE is not a leap year
        datetime(2568, 2, 29),
        45352.5,  # an Excel serial in a cell not formatted as a date
        time(8, 30),
    ],
)
def test_datetimes_refused(text):
    with pytest.raises(BadValue) as bad:
        common.when(text)
    assert bad.value.code == "DATETIME_INVALID"


def test_eclaim_dates_and_times():
    assert common.eclaim_date("25670301") == date(2024, 3, 1)
    assert common.eclaim_date("20240301") == date(2024, 3, 1)
    assert common.eclaim_date("2024-03-01") == date(2024, 3, 1)
    assert common.eclaim_time("0830") == time(8, 30)
    assert common.eclaim_time("083015") == time(8, 30, 15)
    assert common.eclaim_time("830") == time(8, 30)
    assert common.eclaim_time("08:30") == time(8, 30)
    for bad in ("2567031", "25671301", "abcdefgh"):
        with pytest.raises(BadValue):
            common.eclaim_date(bad)
    for bad in ("2400", "0860", "8", "08300000"):
        with pytest.raises(BadValue):
            common.eclaim_time(bad)


def test_citizen_id_format_only():
    assert common.citizen_id("1-2345-67890-12-1") == "1234567890121"
    assert common.citizen_id(1234567890121) == "1234567890121"  # an Excel number cell
    assert common.citizen_id(123456789012.0) == "0123456789012"  # its leading zero lost
    for bad in ("12345", "123456789012X", "๑๒๓๔๕๖๗๘๙๐๑๒๓"):
        with pytest.raises(BadValue) as caught:
            common.citizen_id(bad)
        assert caught.value.code == "CID_FORMAT"


def test_decode_utf8_bom_and_tis620():
    thai = "สมชาย ใจดี"
    assert common.decode(thai.encode("utf-8")) == (thai, "utf-8")
    assert common.decode(("\ufeff" + thai).encode("utf-8")) == (thai, "utf-8")
    assert common.decode(thai.encode("tis-620")) == (thai, "windows-874")
    # TIS-620 bytes that happen to be valid UTF-8 ("สก" = CA A1 = U+02A1) are still Thai
    assert common.decode("สก".encode("tis-620")) == ("สก", "windows-874")
    assert common.decode(b"\xff\xfe\xdb\xdc") is None


def test_problem_messages_fill_their_placeholders():
    p = Problem("a.csv", 3, "charged", "NUMBER_INVALID", "12.345")
    assert p.message("th") == "ตัวเลขไม่ถูกต้อง: 12.345"
    assert p.message("en") == "Not a valid number: 12.345"
    q = Problem(
        "a.pdf", None, None, "FILE_TYPE", "pdf", {"allowed": ("CSV หรือ XLSX", "CSV or XLSX")}
    )
    assert q.message("th") == "ไฟล์ต้องเป็น CSV หรือ XLSX"
    assert q.message("en") == "The file must be CSV or XLSX."
    assert q.as_dict()["family"] == "corrective"
    assert q._asdict() == {
        "file": "a.pdf",
        "row": None,
        "field": None,
        "code": "FILE_TYPE",
        "value": "pdf",
    }
    with pytest.raises(KeyError):
        Problem("a.csv", 1, None, "NO_SUCH_CODE")


def test_intake_imports_no_django():
    """Pure parsing (the brief): the package imports nothing of Django and needs no settings."""
    root = Path(sitthi.claims.intake.__file__).parent
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                assert not [n for n in names if n.startswith("django")], path.name
    code = (
        "import sys, sitthi.claims.intake; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    env = {"PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_the_intake_reads_with_the_kernel_and_keeps_no_copy():
    """Issue 14: one Problem, one table reader, one Bangkok zone."""
    from sitthi.claims.intake import eclaim, tabular
    from sitthi.rules.kernel import problems, tables, thaitime

    assert Problem is problems.Problem and sitthi.claims.intake.Problem is problems.Problem
    assert common.decode is tables.decode and common.is_blank is tables.is_blank
    assert common.MAX_UNCOMPRESSED is tables.MAX_UNCOMPRESSED
    assert common.BANGKOK is thaitime.BANGKOK
    assert tabular.Table is tables.Table
    for module, gone in (
        (common, ("open_zip", "ZipRefused", "_looks_like_text", "_Fill", "MAX_UNCOMPRESSED_TEXT")),
        (tabular, ("_header_name", "_table", "_require_columns", "_csv_tables", "_xlsx_tables")),
        (eclaim, ("decode", "ZipRefused")),
    ):
        assert [name for name in gone if hasattr(module, name)] == [], module.__name__


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1e300000", "NUMBER_INVALID"),
        ("-1e300000", "NUMBER_INVALID"),
        ("NaN", "NUMBER_INVALID"),
        ("0x10", "NUMBER_INVALID"),
        pytest.param("1" + "0" * 400, "NUMBER_OUT_OF_RANGE", id="1e400-digits"),
        pytest.param("9" * 100_000, "NUMBER_OUT_OF_RANGE", id="9x100000"),
        pytest.param(10**400, "NUMBER_OUT_OF_RANGE", id="int-10^400"),
        (1e300, "NUMBER_INVALID"),
    ],
)
def test_hostile_numbers_in_a_file_are_refused_by_their_text(text, code):
    """Issue 15, security review: a number is bounded before any arithmetic; beyond 18
    digits is out of range, with its own code."""
    for read in (common.satang, common.milli):
        with pytest.raises(BadValue) as bad:
            read(text)
        assert bad.value.code == code


def test_money_in_the_kernel_is_bounded():
    from sitthi.rules.kernel import money

    for hostile in ("1e300000", "1" + "0" * 400):
        with pytest.raises(ValueError):
            money.to_satang(hostile, rounding=money.HALF_UP)
    assert money.to_satang("12.34", rounding=money.EXACT) == 1234
