"""Claims files from hospitals: the reader fits the file's kind, and whatever is wrong — in
the file itself or in the claims it holds — becomes one per-row report. Nothing is stored
unless the whole file is good."""

from __future__ import annotations

from datetime import datetime

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role

from . import frames as fr
from . import services
from .intake import Intake
from .intake import read_upload as read_file
from .intake.common import Problem, report_xlsx


def _row(file, row, field, code, value=None) -> dict:
    item = ErrorItem(code, field, {"value": value or ""}).as_dict()
    return {
        "file": file,
        "row": row,
        "field": field,
        "code": code,
        "message_th": item["message_th"],
        "message_en": item["message_en"],
        "value": value,
    }


def _origins(intake: Intake) -> dict[tuple[str, int | None], tuple[str, int]]:
    """(claim_key, line_no or None) → (file, row) the claim or line came from."""
    keys = dict(intake.keys.select("claim_id", "claim_key").iter_rows())
    found = {}
    for claim_id, part, number, file, row in intake.origins.iter_rows():
        if part in ("claim", "line"):
            found.setdefault((keys[claim_id], number if part == "line" else None), (file, row))
    return found


def read_upload(actor: Actor, data: bytes, filename: str, *, now: datetime):
    """Returns (report rows, outcomes): a non-empty report means nothing was stored. A file
    with problems of its own (a figure that does not read, a missing cell) also has its other
    claims checked, unstored, so that the report lists every problem of the file at once."""
    actor.require(Role.HOSPITAL)
    intake = read_file(data, filename, actor.hospital_code)
    if intake.problems:
        report = [_row(p.file, p.row, p.field, p.code, p.value) for p in intake.problems]
        if intake.checkable is not None:
            report += _checked(actor, intake.checkable, filename, now=now, check_only=True)[0]
        report.sort(key=lambda r: (r["file"] or "", r["row"] or 0))
        return report, []
    report, outcomes = _checked(actor, intake, filename, now=now, check_only=False)
    return report, ([] if report else outcomes)


def _checked(actor: Actor, intake: Intake, filename: str, *, now: datetime, check_only: bool):
    """The claims of a file read without problems, through the claims' checks (stored when
    everything passes, unless ``check_only``): (report rows, outcomes)."""
    frames = fr.Frames(intake.claims, intake.diagnoses, intake.lines, intake.keys)
    kind = "eclaim" if filename.lower().endswith(".zip") else "file"
    try:
        outcomes = services.submit(
            actor, frames, via=kind, now=now, whole_or_nothing=True, check_only=check_only
        )
    except SitthiError as exc:
        return [_row(filename, None, e.field, e.code, e.params.get("value")) for e in exc.items], []
    origins = _origins(intake)
    report = []
    for o in outcomes:
        for e in o.errors:
            line_no = None
            if e.field and e.field.startswith("lines["):
                line_no = int(e.field[6 : e.field.index("]")])
            file, row = origins.get((o.claim_key, line_no)) or origins.get(
                (o.claim_key, None), (filename, None)
            )
            report.append(
                _row(
                    file,
                    row,
                    f"{o.claim_key}: {e.field}",
                    e.code,
                    e.params.get("value") or e.params.get("key"),
                )
            )
    report.sort(key=lambda r: (r["file"] or "", r["row"] or 0))
    return report, outcomes


def report_xlsx_from_rows(rows: list[dict]) -> bytes:
    return report_xlsx(
        [Problem(r["file"], r["row"], r["field"], r["code"], r.get("value")) for r in rows]
    )
