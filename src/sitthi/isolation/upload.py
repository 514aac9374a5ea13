"""Isolation cases from a CSV or XLSX file, accepted whole or not at all, with a per-row report.

Columns (header row first; other columns are refused so a typo cannot drop a symptom):
``citizen_id, district, test_date (YYYY-MM-DD), setting (HI/CI)``, optionally ``contact`` (the
patient's phone) and ``address``, and any of the UCEP
triage fields of ``sitthi.rules.ucep.triage.Assessment`` — yes/no (also 1/0, true/false, ใช่/ไม่)
for signs and risk factors, numbers for measurements (temperature_c, spo2_room_air, …)."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import datetime
from typing import Any

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.rules.kernel.numbers import NumberError, shown
from sitthi.rules.kernel.problems import Collector, Problem
from sitthi.rules.kernel.tables import cell_text, csv_records, is_blank, xlsx_records
from sitthi.rules.ucep.triage import Assessment, read_measure

from . import services

BASE = ("citizen_id", "contact", "district", "test_date", "setting")
OPTIONAL = ("contact", "address")  # the patient's phone, where the patient isolates
TRIAGE = {f.name: ("bool" if "bool" in str(f.type) else "number") for f in dc_fields(Assessment)}
YES, NO = {"yes", "y", "1", "true", "ใช่", "มี"}, {"no", "n", "0", "false", "ไม่", "ไม่มี"}


def _text(raw: Any) -> str:
    """A cell as text (``kernel.tables.cell_text``); an Excel date-time is its date, as the one
    date column (test_date) is read."""
    return raw.date().isoformat() if isinstance(raw, datetime) else cell_text(raw)


def _records(data: bytes, filename: str, problems: Collector) -> list[tuple[int, list[str]]]:
    """The file's records numbered as Excel and text editors number them (the kernel's table
    reader: encodings, delimiter, the zip-bomb guard), cells as text; [] with the problem
    filed when the file cannot be read. The header rules are this reader's own (a closed set
    of columns, names as written)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        sheet = xlsx_records(data, filename, problems).get("")
        records = sheet[1] if sheet else []
    elif name.endswith(".csv"):
        records = csv_records(data, filename, problems) or []
    else:
        raise SitthiError.one("FILE_TYPE", "file", allowed="CSV, XLSX")
    rows = [
        (n, [_text(v) for v in values]) for n, values in records if not all(map(is_blank, values))
    ]
    if not rows and not problems:
        problems.add(
            "FILE_MALFORMED",
            field="file",
            value="empty",
            detail=("ไฟล์ว่างเปล่า", "the file is empty"),
        )
    return rows


def _report(problems: Collector) -> list[dict]:
    """The per-row report the page shows, in the file's order: row, field, code and the Thai
    and English message."""
    return [
        {
            "row": p.row,
            "field": p.field or "file",
            "code": p.code,
            "message_th": p.message("th"),
            "message_en": p.message("en"),
        }
        for p in sorted(problems.problems, key=Problem.place)
    ]


def read_cases(actor: Actor, data: bytes, filename: str, *, now):
    """Returns (report, cases): a non-empty report means nothing was stored."""
    problems = Collector()
    rows = _records(data, filename, problems)
    if problems:
        return _report(problems), []
    header_row, header = rows[0][0], [h.strip() for h in rows[0][1]]
    for h in header:
        if h and h not in BASE and h not in OPTIONAL and h not in TRIAGE:
            problems.add("COLUMN_UNKNOWN", row=header_row, field=h, value=h)
    for c in BASE:
        if c not in header and c not in OPTIONAL:
            problems.add("COLUMN_MISSING", row=header_row, field=c, value=c)
    if problems:
        return _report(problems), []
    inputs, numbers = [], []
    for n, row in rows[1:]:
        values = dict(zip(header, [v.strip() for v in row], strict=False))
        assessment = {}
        for name, kind in TRIAGE.items():
            raw = values.get(name, "")
            if not raw:
                continue
            if kind == "bool":
                if raw.lower() in YES | NO:
                    assessment[name] = raw.lower() in YES
                else:
                    problems.add("VALUE_INVALID", row=n, field=name, value=raw)
            else:
                try:
                    assessment[name] = read_measure(name, raw)
                except NumberError as exc:
                    bounds = {k: v for k, v in exc.params.items() if k != "value"}
                    problems.add(exc.code, row=n, field=name, value=shown(raw), **bounds)
        inputs.append(
            services.CaseIn(
                citizen_id=values.get("citizen_id", ""),
                contact=values.get("contact", ""),
                address=values.get("address", ""),
                district=values.get("district", ""),
                province="10",
                test_date=values.get("test_date", ""),
                setting=values.get("setting", "").upper(),
                assessment=assessment,
            )
        )
        numbers.append(n)
    if not inputs:
        problems.add("VALUE_REQUIRED", field="file", value="rows")
        return _report(problems), []
    # The service's checks of every row too, whatever the triage columns said: every problem
    # of the file in one report, each on its row (not the columns first, then the rest).
    _, refused = services.check_cases(actor, inputs, now=now)
    for item in refused:
        field, row = item.field or "", numbers[0]
        if field.startswith("rows["):
            index = int(field[5 : field.index("]")])
            row, field = numbers[index - 1], field[field.index("]") + 2 :]
        problems.extend([_refusal(row, field, item.code, item.params)])
    if problems:
        return _report(problems), []
    return [], services.add_cases(actor, inputs, now=now)


def _refusal(row: int, field: str, code: str, params: dict) -> Problem:
    """A service's refusal of one case as a problem of its row, its message filled from the
    refusal's parameters (``value`` left out is shown as nothing, as before)."""
    value = params.get("value")
    filled = {k: str(v) for k, v in params.items()} | {"value": "" if value is None else str(value)}
    return Problem(None, row, field, code, None if value is None else str(value), filled)
