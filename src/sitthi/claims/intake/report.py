"""The per-row problem report as an XLSX file people open in Excel. (Also importable from
``intake.common``; this module imports nothing else of the intake package.)"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from sitthi.rules.kernel.sheets import xlsx_row

if TYPE_CHECKING:
    from .common import Problem

COLUMNS = ("file", "row", "field", "code", "message_th", "message_en", "value")
#: Excel holds 1,048,576 rows; beyond this many problems the report says how many it left out.
MAX_ROWS = 1_000_000
_MIN_WIDTH, _MAX_WIDTH = 8, 80


def display_width(text: str) -> int:
    """Columns a text takes on screen: Thai vowel and tone marks above or below a letter
    take none."""
    return sum(
        0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text
    )


def report_xlsx(problems: Iterable[Problem], sheet_title: str = "problems") -> bytes:
    """One row per problem: file, row, field, code, message_th, message_en, value. Bold header,
    frozen top row, columns as wide as their text (within reason), Thai text as is. Every
    text cell is written as text, so a value like ``=1+2`` or ``00123`` shows as sent."""
    rows = []
    left_out = 0
    for n, p in enumerate(problems):
        if n >= MAX_ROWS:
            left_out += 1
            continue
        rows.append((p.file, p.row, p.field, p.code, p.message("th"), p.message("en"), p.value))
    if left_out:
        rows.append(
            (
                "…",
                None,
                None,
                None,
                f"และอีก {left_out:,} รายการที่ไม่ได้แสดง",
                f"and {left_out:,} more not shown",
                None,
            )
        )

    widths = [display_width(name) for name in COLUMNS]
    for row in rows[:5000]:  # the first rows are enough to size the columns
        for i, value in enumerate(row):
            if value is not None:
                widths[i] = max(widths[i], display_width(str(value)))

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(
            _MAX_WIDTH, max(_MIN_WIDTH, width + 2)
        )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
