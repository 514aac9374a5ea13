"""Claims intake: the files hospitals send, read into the frames of
``sitthi.rules.claims.schema`` (CLAIMS, DIAGNOSES, LINES) with the hospital's claim keys and
a per-row problem report.

Pure parsing: no Django, no database. A file is accepted whole or not at all: when a
reader finds any problem, every frame of its ``Intake`` is empty and ``problems`` is the
answer (``Intake.ok`` says which).

* ``read_claims_table(data, filename, hospital=None)``: CSV or XLSX (layout: ``tabular``).
* ``read_eclaim_zip(data, filename, hospital)``: the e-Claim "16 files" ZIP (``eclaim``).
* ``read_upload(data, filename, hospital)``: either, by the file name.
* ``report_xlsx(problems)``: the problems as an XLSX report; ``template_xlsx()``: a blank
  spreadsheet template with an explanation sheet.
"""

from __future__ import annotations

from .common import KEYS, MAX_UNCOMPRESSED, ORIGINS, Intake, Problem
from .eclaim import read_eclaim_zip
from .report import report_xlsx  # also importable from .common
from .tabular import read_claims_table, template_xlsx

__all__ = [
    "KEYS",
    "MAX_UNCOMPRESSED",
    "ORIGINS",
    "Intake",
    "Problem",
    "read_claims_table",
    "read_eclaim_zip",
    "read_upload",
    "report_xlsx",
    "template_xlsx",
]


def read_upload(data: bytes, filename: str, hospital: str) -> Intake:
    """An uploaded file from ``hospital``: a ``.zip`` is an e-Claim export, anything else a
    CSV or XLSX claims table (an unknown kind is FILE_TYPE)."""
    if filename.lower().endswith(".zip"):
        return read_eclaim_zip(data, filename, hospital)
    return read_claims_table(data, filename, hospital)
