"""Isolation cases from a CSV or XLSX file, accepted whole or not at all, with a per-row report.

Columns (header row first; other columns are refused so a typo cannot drop a symptom):
``citizen_id, district, test_date (YYYY-MM-DD), setting (HI/CI)``, optionally ``contact`` (the
patient's phone) and ``address``, and any of the UCEP
triage fields of ``sitthi.rules.ucep.triage.Assessment`` — yes/no (also 1/0, true/false, ใช่/ไม่)
for signs and risk factors, numbers for measurements (temperature_c, spo2_room_air, …)."""

from __future__ import annotations

import csv
import io
from dataclasses import fields as dc_fields
from datetime import datetime
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.rules.ucep.triage import Assessment

from . import services

BASE = ("citizen_id", "contact", "district", "test_date", "setting")
OPTIONAL = ("contact", "address")  # the patient's phone, where the patient isolates
TRIAGE = {f.name: ("bool" if "bool" in str(f.type) else "number") for f in dc_fields(Assessment)}
YES, NO = {"yes", "y", "1", "true", "ใช่", "มี"}, {"no", "n", "0", "false", "ไม่", "ไม่มี"}


def _rows(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [
            [
                "" if v is None else (v.date().isoformat() if isinstance(v, datetime) else str(v))
                for v in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
    if not filename.lower().endswith(".csv"):
        raise SitthiError.one("FILE_TYPE", "file", allowed="CSV, XLSX")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp874", errors="replace")
    return list(csv.reader(io.StringIO(text)))


def _problem(row, field, code, value=None) -> dict:
    item = ErrorItem(code, field, {"value": value or ""}).as_dict()
    return {
        "row": row,
        "field": field,
        "code": code,
        "message_th": item["message_th"],
        "message_en": item["message_en"],
    }


def read_cases(actor: Actor, data: bytes, filename: str, *, now):
    """Returns (report, cases): a non-empty report means nothing was stored."""
    rows = _rows(data, filename)
    if not rows:
        return [_problem(None, "file", "FILE_MALFORMED", "empty")], []
    header = [h.strip() for h in rows[0]]
    report = [
        _problem(1, h, "COLUMN_UNKNOWN", h)
        for h in header
        if h and h not in BASE and h not in OPTIONAL and h not in TRIAGE
    ]
    report += [
        _problem(1, c, "COLUMN_MISSING", c) for c in BASE if c not in header and c not in OPTIONAL
    ]
    if report:
        return report, []
    inputs, numbers = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in row):
            continue
        values = dict(zip(header, [str(v).strip() for v in row], strict=False))
        assessment = {}
        for name, kind in TRIAGE.items():
            raw = values.get(name, "")
            if not raw:
                continue
            if kind == "bool":
                if raw.lower() in YES | NO:
                    assessment[name] = raw.lower() in YES
                else:
                    report.append(_problem(n, name, "VALUE_INVALID", raw))
            else:
                try:
                    number = Decimal(raw)
                    assessment[name] = int(number) if name == "age_years" else number
                except InvalidOperation:
                    report.append(_problem(n, name, "NUMBER_INVALID", raw))
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
        report.append(_problem(None, "file", "VALUE_REQUIRED", "rows"))
    if report:
        return report, []
    try:
        return [], services.add_cases(actor, inputs, now=now)
    except SitthiError as exc:
        out = []
        for item in exc.items:
            field, row = item.field or "", numbers[0]
            if field.startswith("rows["):
                index = int(field[5 : field.index("]")])
                row, field = numbers[index - 1], field[field.index("]") + 2 :]
            out.append(_problem(row, field, item.code, item.params.get("value")))
        return out, []
