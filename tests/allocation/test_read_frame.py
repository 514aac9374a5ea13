"""Allocation's input files are read by the kernel's table reader: text columns (a blank cell
is null), TIS-620 and semicolons, a column named twice or a broken file refused with its code."""

import io
from decimal import Decimal

import openpyxl
import polars as pl
import pytest

from sitthi.allocation.sources import read_frame, read_service
from sitthi.core.errors import SitthiError


def test_a_csv_is_text_columns_with_blanks_null():
    frame = read_frame("unit;ชื่อ\n10670;บางนา\n\n10671;\n".encode("cp874"), "u.csv")
    assert frame.schema == {"unit": pl.String, "ชื่อ": pl.String}
    assert frame.rows() == [("10670", "บางนา"), ("10671", None)]


def test_an_xlsx_whole_number_reads_as_the_figure_it_shows():
    book = openpyxl.Workbook()
    book.active.append(["unit", "op_visits", "qof_score"])
    book.active.append([10670, 300.0, 80.5])
    out = io.BytesIO()
    book.save(out)
    service = read_service(out.getvalue(), "s.xlsx")
    assert service.row(0, named=True) == {
        "unit": "10670",
        "qof_score": Decimal("80.50"),
        "op_visits": 300,
    }


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "s.csv", "FILE_MALFORMED"),
        (b"unit,unit\n1,2\n", "s.csv", "DUPLICATE_IN_FILE"),
        (b"not a zip", "s.xlsx", "FILE_MALFORMED"),
        (b"unit\n1\n", "s.txt", "FILE_TYPE"),
    ],
)
def test_a_file_that_does_not_read_is_refused_with_its_code(data, name, code):
    with pytest.raises(SitthiError) as exc:
        read_frame(data, name)
    assert [i.code for i in exc.value.items] == [code]
    assert "(" not in exc.value.as_dict()["errors"][0]["message_th"]  # a Thai detail, not a pair
