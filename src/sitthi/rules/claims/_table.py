"""Strict reading of small reference tables (CSV or XLSX) into checked rows.

Shared by the fee-schedule reader (``tariff``) and the ICD-10-TM additions (``icd10``). The
bytes, encodings, delimiter and the zip-bomb guard are the kernel's table reader
(``sitthi.rules.kernel.tables``); what is this module's own is the header: the first row,
names compared in lower case, a closed set of columns (an unknown one is COLUMN_UNKNOWN) and
no cell beyond the last column. A file is accepted whole or not at all: every problem is
collected as a kernel ``Problem`` with the row number a person sees in Excel or a text editor
(the header is row 1, the first data row is row 2), and the caller raises its own subclass of
the kernel's ``InputError`` with all of them (ARCHITECTURE.md, "Bad input gets a clear error
and changes nothing"). A problem also reads as ``p["row"]``, ``p["field"]``, ``p["code"]``,
``p.get("value")``.

Pure: reads the bytes it is given; no Django, database, network or clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from sitthi.rules.kernel.problems import Collector
from sitthi.rules.kernel.tables import csv_records, is_blank, xlsx_records

Source = str | Path | bytes | IO[bytes]
KINDS = ("csv", "xlsx")


def _opened(source: Source, kind: str | None) -> tuple[bytes, str | None, str]:
    """The bytes, the file's name (None when it has none) and its kind. ``kind``: "csv",
    "xlsx" or a file name ending in one of them; by default the name's ending, else the
    content (an XLSX file is a ZIP archive, which starts with ``PK``)."""
    name = None
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data, name = Path(source).read_bytes(), Path(source).name
    else:
        data = source.read()
    if kind is not None and kind.lower() not in KINDS:
        name = name or kind
        kind = None
    ending = (name or "").lower().rsplit(".", 1)[-1]
    kind = kind or (ending if ending in KINDS else None)
    if kind is None:
        kind = "xlsx" if data[:2] == b"PK" else "csv"
    return data, name, kind.lower()


def read_table(
    source: Source,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Collector,
    kind: str | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number, {column: cell})`` for each non-blank data row; header problems
    (missing, unknown or repeated columns) and unreadable files go to ``problems`` and yield
    nothing. Every problem is filed against the file's name (``problems.file``, when the
    collector has none). ``kind``: see ``_opened``."""
    data, name, kind = _opened(source, kind)
    if problems.file is None:
        problems.file = name
    before = len(problems)
    if kind == "xlsx":
        sheets = xlsx_records(data, name, problems)
        rows = sheets[""][1] if "" in sheets else []
    else:
        rows = csv_records(data, name, problems) or []
    if len(problems) > before:
        return
    if not rows or all(is_blank(v) for v in rows[0][1]):
        problems.add("FILE_MALFORMED", row=1, value="no header row")
        return
    header = [str(v).strip().lower() if v is not None else "" for v in rows[0][1]]
    # trailing empty header cells (Excel's used range) carry nothing
    while header and header[-1] == "":
        header.pop()
    known = set(required) | set(optional)
    for name in sorted({h for h in header if header.count(h) > 1}):
        problems.add("DUPLICATE_IN_FILE", row=1, field=name, value=f"column {name}")
    for name in header:
        if name not in known:
            problems.add("COLUMN_UNKNOWN", row=1, field=name or None, value=name)
    for name in required:
        if name not in header:
            problems.add("COLUMN_MISSING", row=1, field=name, value=name)
    if len(problems) > before:
        return
    for number, raw in rows[1:]:
        raw = list(raw)
        cells = raw[: len(header)] + [None] * (len(header) - len(raw))
        if any(not is_blank(v) for v in raw[len(header) :]):
            problems.add("FILE_MALFORMED", row=number, value="more cells than header columns")
            continue
        if all(is_blank(v) for v in cells):
            continue
        yield number, dict(zip(header, cells, strict=True))


# --- cell parsers: each returns a value or None (the caller files the problem) ---------------


def text(cell: Any) -> str | None:
    """A cell as stripped text; a whole number typed into Excel (1001.0) as "1001"."""
    if is_blank(cell):
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
