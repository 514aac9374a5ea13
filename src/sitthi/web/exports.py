"""Lists as files people open in Excel: XLSX (openpyxl) and CSV (UTF-8 with BOM, so that Excel
shows Thai correctly).

Every export writes its rows through ``xlsx_row`` or ``csv_row`` (``sitthi.rules.kernel.sheets``), so a text that a
spreadsheet would run as a formula (a claim key sent as ``=HYPERLINK(...)``, ``@SUM(...)``,
``+1+2``, ``=cmd|...``) comes back as the text that was sent, never as a live formula (OWASP,
"CSV Injection"): in XLSX it is a text cell marked as typed text; in CSV it gets a leading
apostrophe, which Excel and LibreOffice read as "this is text" and do not show."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from sitthi.rules.kernel.sheets import csv_row, looks_like_formula, xlsx_row

__all__ = [
    "add_sheet",
    "csv_row",
    "looks_like_formula",
    "table_response",
    "xlsx_response",
    "xlsx_row",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_sheet(wb: Workbook, title: str, headers: list[str], rows) -> None:
    """A sheet with a bold, frozen header row, then ``rows`` (lists of plain values)."""
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(xlsx_row(ws, row))
    ws.freeze_panes = "A2"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(fmt: str, filename: str, headers: list[str], rows) -> HttpResponse:
    """``rows`` is an iterable of lists of plain values (str, int, date, bool, None)."""
    if fmt == "xlsx":
        wb = Workbook()
        wb.remove(wb.active)
        add_sheet(wb, "Sheet", headers, rows)
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
    else:
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.writer(buf)
        writer.writerow(csv_row(headers))
        writer.writerows(csv_row(row) for row in rows)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
