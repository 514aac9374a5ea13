"""Lists as files people open in Excel: XLSX (openpyxl) and CSV (UTF-8 with BOM, so that Excel
shows Thai correctly)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_sheet(wb: Workbook, title: str, headers: list[str], rows) -> None:
    """A sheet with a bold, frozen header row, then ``rows`` (lists of plain values)."""
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
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
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
