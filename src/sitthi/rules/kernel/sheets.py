"""Cells for the spreadsheets Sitthi writes: a text a sender chose that a spreadsheet would run
as a formula (OWASP "CSV Injection": = + - @, tab, CR at the start) is written as text — in
XLSX a typed text cell, in CSV behind a leading apostrophe. Pure: openpyxl only, no Django, so
the claims intake's problem report uses it too; ``sitthi.web.exports`` builds on it."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: How a cell starts when a spreadsheet would read it as a formula (or as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_row(ws, row) -> list:
    """``row`` ready for ``ws.append``: a text that looks like a formula becomes a text cell
    (typed text, so editing it in Excel keeps it text); control characters XLSX cannot hold
    become U+FFFD."""
    cells = []
    for value in row:
        if isinstance(value, str):
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if looks_like_formula(value):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                value = cell
        cells.append(value)
    return cells


def csv_row(row) -> list:
    """``row`` ready for ``csv.writer``: a text that looks like a formula gets a leading
    apostrophe."""
    return ["'" + v if looks_like_formula(v) else v for v in row]
