"""Strict reading of small reference tables (CSV or XLSX) into checked rows.

Shared by the fee-schedule reader (``tariff``) and the ICD-10-TM additions (``icd10``). A file
is accepted whole or not at all: every problem is collected, per row, as
``{"row", "field", "code", "value"}`` with the row number a person sees in Excel or a text
editor (the header is row 1, the first data row is row 2) and a code from
``sitthi.core.errors.CATALOGUE`` (ARCHITECTURE.md, "Bad input gets a clear error and changes
nothing").

Pure: reads the bytes it is given; no Django, database, network or clock.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

Source = str | Path | bytes | IO[bytes]


class TableFileError(ValueError):
    """A rejected table file. ``problems``: every problem found, each a dict with ``row``
    (None for the file as a whole), ``field``, ``code`` and ``value``."""

    def __init__(self, problems: list[dict[str, Any]], name: str = "table") -> None:
        self.problems = sorted(
            problems,
            key=lambda p: (p["row"] or 0, p["field"] or "", p["code"], p["value"] or ""),
        )
        shown = "; ".join(
            f"row {p['row']} {p['field']}: {p['code']}"
            + (f" ({p['value']})" if p["value"] is not None else "")
            for p in self.problems[:10]
        )
        more = f" and {len(self.problems) - 10} more" if len(self.problems) > 10 else ""
        super().__init__(f"{name} rejected, {len(self.problems)} problem(s): {shown}{more}")


@dataclass
class Problems:
    """Collects problems while a file is read."""

    items: list[dict[str, Any]]

    def add(self, row: int | None, field: str | None, code: str, value: Any = None) -> None:
        self.items.append(
            {
                "row": row,
                "field": field,
                "code": code,
                "value": None if value is None else str(value),
            }
        )

    def __bool__(self) -> bool:
        return bool(self.items)


def _read_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, ""
    if isinstance(source, str | Path):
        path = Path(source)
        return path.read_bytes(), path.suffix.lower()
    return source.read(), ""


def _csv_rows(data: bytes) -> list[list[Any]]:
    """UTF-8 (with or without the BOM Excel writes); Thai Windows' own encoding (cp874, which
    Excel uses for "CSV" on a Thai system) when the bytes are not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp874")  # every byte sequence decodes; a wrong guess shows as text
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    """The first worksheet's cell values (numbers, dates and booleans as Excel holds them)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def read_table(
    source: Source,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Problems,
    kind: str | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number, {column: cell})`` for each non-blank data row; header problems
    (missing, unknown or repeated columns) and unreadable files go to ``problems`` and yield
    nothing. ``kind`` is "csv" or "xlsx"; by default the file name's suffix, else the content
    (an XLSX file is a ZIP archive, which starts with ``PK``)."""
    data, suffix = _read_bytes(source)
    kind = kind or {".xlsx": "xlsx", ".csv": "csv"}.get(suffix)
    if kind is None:
        kind = "xlsx" if data[:2] == b"PK" else "csv"
    try:
        rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    except Exception as exc:  # a broken ZIP, a bad CSV quote: the file as a whole is unreadable
        problems.add(None, None, "FILE_MALFORMED", f"{type(exc).__name__}: {exc}")
        return
    if not rows or all(_blank(v) for v in rows[0]):
        problems.add(1, None, "FILE_MALFORMED", "no header row")
        return
    header = [str(v).strip().lower() if v is not None else "" for v in rows[0]]
    # trailing empty header cells (Excel's used range) carry nothing
    while header and header[-1] == "":
        header.pop()
    known = set(required) | set(optional)
    for name in sorted({h for h in header if header.count(h) > 1}):
        problems.add(1, name, "DUPLICATE_IN_FILE", f"column {name}")
    for name in header:
        if name not in known:
            problems.add(1, name or None, "COLUMN_UNKNOWN", name)
    for name in required:
        if name not in header:
            problems.add(1, name, "COLUMN_MISSING", name)
    if problems:
        return
    for number, raw in enumerate(rows[1:], start=2):
        cells = list(raw[: len(header)]) + [None] * (len(header) - len(raw))
        extra = raw[len(header) :]
        if any(not _blank(v) for v in extra):
            problems.add(number, None, "FILE_MALFORMED", "more cells than header columns")
            continue
        if all(_blank(v) for v in cells):
            continue
        yield number, dict(zip(header, cells, strict=True))


# --- cell parsers: each returns a value or adds a problem and returns None ----------------


def text(cell: Any) -> str | None:
    """A cell as stripped text; a whole number typed into Excel (1001.0) as "1001"."""
    if _blank(cell):
        return None
    if isinstance(cell, bool):
        return str(cell).lower()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()


_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")


def decimal(cell: Any) -> Decimal | None:
    """A plain decimal number: ``1250``, ``1250.00``, or a numeric Excel cell. No thousands
    separators, exponents or currency signs (a comma is the decimal mark in some locales)."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | Decimal):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell)) if cell == cell and abs(cell) != float("inf") else None
    s = str(cell).strip()
    if not _NUMBER.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: A year this late is a Buddhist-Era year typed where the Christian Era is asked for
#: (2565-04-25 for 2022-04-25): refused rather than read as a date five centuries away.
BE_YEAR_FLOOR = 2400


def day(cell: Any) -> date | None:
    """A calendar day: ISO ``YYYY-MM-DD`` text, or an Excel date cell (midnight only)."""
    if isinstance(cell, datetime):
        if (cell.hour, cell.minute, cell.second, cell.microsecond) != (0, 0, 0, 0):
            return None
        d = cell.date()
    elif isinstance(cell, date):
        d = cell
    elif isinstance(cell, str) and _ISO_DATE.match(cell.strip()):
        try:
            d = date.fromisoformat(cell.strip())
        except ValueError:
            return None
    else:
        return None
    return d if d.year < BE_YEAR_FLOOR else None


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def flag(cell: Any) -> bool | None:
    """An Excel boolean cell, or true/false, yes/no, 1/0 (any case)."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    s = str(cell).strip().lower()
    return True if s in _TRUE else False if s in _FALSE else None
