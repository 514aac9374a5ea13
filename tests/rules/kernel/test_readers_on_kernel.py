"""The readers that moved onto the kernel (issue 14): the fee schedule and ICD-10-TM tables
(``sitthi.rules.claims._table``) read their bytes with ``sitthi.rules.kernel.tables`` and
report kernel ``Problem``s in a kernel ``InputError``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import sitthi
from sitthi.rules.claims.icd10 import Icd10TableError
from sitthi.rules.claims.tariff import REQUIRED_COLUMNS, TariffFileError, read_tariff
from sitthi.rules.kernel.problems import InputError, Problem


def test_the_table_errors_are_the_kernels_input_error_with_kernel_problems():
    assert issubclass(TariffFileError, InputError) and issubclass(Icd10TableError, InputError)
    with pytest.raises(InputError) as info:
        read_tariff(b"schedule\n", kind="csv")
    assert all(isinstance(p, Problem) for p in info.value.problems)
    assert str(info.value).startswith("fee schedule rejected, ")


def test_a_workbook_named_by_its_file_is_read_as_a_workbook():
    """The upload passes the file's name where the kind goes (``services.load_tariff``): a
    name ending in .xlsx is a workbook, not CSV text."""
    book = openpyxl.Workbook()
    book.active.append(list(REQUIRED_COLUMNS))
    book.active.append(["s", "A1", "1", "d", "u", 12.5, "2024-01-01", "src"])
    buf = io.BytesIO()
    book.save(buf)
    frame = read_tariff(buf.getvalue(), "rates.xlsx")
    assert frame["unit_price_satang"].to_list() == [1250]
    with pytest.raises(TariffFileError) as info:
        read_tariff(b"schedule,item_code\n", "rates.csv")
    assert {p.file for p in info.value.problems} == {"rates.csv"}


def test_a_pure_reading_files_its_codes_without_the_catalogue_module():
    """Every code the table readers file is declared beside them, so a reading that never
    imports ``sitthi.core.errors`` still refuses a bad file with its problems."""
    code = (
        "import sys\n"
        "from sitthi.rules.claims.tariff import TariffFileError, read_tariff\n"
        "h = 'schedule,item_code,category,description,unit,unit_price,valid_from,valid_until,source,oops'\n"
        "rows = ['s,A,1,d,u,-1,2020-01-01,2019-01-01,src,', 's,B,1,d,u,x,2565-01-01,,,']\n"
        "try:\n"
        "    read_tariff(('\\n'.join([h, *rows]) + '\\n').encode())\n"
        "except TariffFileError as exc:\n"
        "    print(sorted({p.code for p in exc.problems}))\n"
        "assert 'sitthi.core.errors' not in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(sitthi.__file__).parents[1])}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(source: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", source], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run(code) == "['COLUMN_UNKNOWN']"
    out = run(code.replace(",oops'", "'"))
    assert out == (
        "['AMOUNT_NOT_POSITIVE', 'DATETIME_INVALID', 'DATE_ORDER', 'NUMBER_INVALID', 'VALUE_REQUIRED']"
    )
