"""The cases file is read by the kernel's table reader (encodings, delimiter, broken
workbooks); its header rules stay its own."""

import io
from datetime import datetime

import openpyxl
import pytest

from sitthi.core.errors import SitthiError
from sitthi.isolation.upload import _records, _report
from sitthi.rules.kernel.problems import Collector


def test_a_tis620_file_with_semicolons_reads():
    problems = Collector()
    data = "citizen_id;district\n\n1;บางนา\n".encode("cp874")
    assert _records(data, "c.csv", problems) == [
        (1, ["citizen_id", "district"]),
        (3, ["1", "บางนา"]),
    ]
    assert not problems


def test_an_empty_or_broken_file_is_one_file_problem():
    for data, name in [(b"", "c.csv"), (b"\n \n", "c.csv"), (b"not a zip", "c.xlsx")]:
        problems = Collector()
        assert _records(data, name, problems) == []
        [row] = _report(problems)
        assert (row["row"], row["field"], row["code"]) == (None, "file", "FILE_MALFORMED")


def test_an_excel_date_time_is_its_date_and_a_whole_number_has_no_decimals():
    book = openpyxl.Workbook()
    book.active.append(["citizen_id", "test_date", "spo2_room_air"])
    book.active.append(["123", datetime(2024, 2, 29, 10, 30), 97.0])
    out = io.BytesIO()
    book.save(out)
    problems = Collector()
    assert _records(out.getvalue(), "c.xlsx", problems)[1] == (2, ["123", "2024-02-29", "97"])


def test_another_kind_of_file_is_refused():
    with pytest.raises(SitthiError) as exc:
        _records(b"x", "c.txt", Collector())
    assert exc.value.items[0].code == "FILE_TYPE"
