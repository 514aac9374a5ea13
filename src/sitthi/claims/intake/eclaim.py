"""The hospitals' e-Claim export: a ZIP of the pipe-delimited "16 files" (FACTS.md, "e-Claim
data standard"), read as hospital information systems write them.

Members are found by the first three letters of their name (case-insensitive, any
extension, in any folder: ``export/OPD6703.txt``). Each is a text file whose first line
names the fields, ``|`` between fields (a trailing ``|`` is fine), CRLF or LF, UTF-8 or
Windows-874 / TIS-620 (detected per file). Dates are YYYYMMDD (a year above 2400 is
Buddhist Era), times HHMM or HHMMSS, all in Bangkok time.

What becomes what
=================

* A claim per OPD visit (key HN + SEQ, ``claim_key`` ``OP-{HN}-{SEQ}``, service type ``OP``,
  admitted at DATEOPD + TIMEOPD, not discharged) and per IPD admission (key AN,
  ``IP-{AN}``, ``IP``, DATEADM + TIMEADM, discharged at DATEDSC + TIMEDSC, or null when both
  are blank). OPD visits first, then admissions, each in file order.
* ``hospital`` is the sender: the ``hospital`` argument (the logged-in hospital that
  uploads the ZIP). A PAT row whose HCODE is another hospital is HOSPITAL_SCOPE. INS.HOSPMAIN
  is the patient's registered main unit, not the sender, and is not used.
* ``citizen_id`` from PAT.PERSON_ID of the visit's HN; when blank, INS.CID (the INS row of
  the same AN, or HN + SEQ, else of the HN).
* Diagnoses from ODX (by HN + SEQ) and IDX (by AN): DIAG as ``code``, DXTYPE as ``dx_type``;
  the principal (DXTYPE 1) first, then the others in file order.
* Charge lines: CHA rows first (CHRGITEM as item_code, AMOUNT as charged, quantity 1), then
  ADP rows (CODE as item_code, QTY as quantity, charged = QTY × RATE rounded half up to the
  satang), each in file order. A CHA or ADP row with an AN belongs to that admission; without
  one, to the OPD visit HN + SEQ. Served at: CHA.DATE / ADP.DATEOPD, at the visit or
  admission time when it is that day, at midnight on a later (or earlier) day, and at the
  visit or admission time when blank.

Read but not mapped (no field in the frames yet): PAT names, sex, birth date, address and
nationality; INS scheme and card fields (INSCL, SUBTYPE, DATEIN, DATEEXP, HOSPMAIN, HOSPSUB,
…); OPD.CLINIC, OPD.UUC; IPD.DISCHS, DISCHT, WARDDSC, DEPT, ADM_W, UUC, SVCTYPE; ODX.DATEDX,
CLINIC, DRDX; IDX.DRDX; ADP.TYPE; CHA.PERSON_ID. Not read at all: CHT (bill totals), AER
(accident/emergency authorisations), ORF, OOP, IRF, IOP, LVD, DRU, LAB and any other member.

Problems: a broken or non-ZIP file, or one larger than 50 MB unpacked → FILE_MALFORMED /
FILE_TOO_LARGE; no PAT, or neither OPD nor IPD → FILE_MISSING; two members of one kind →
DUPLICATE_IN_FILE; a field the mapping needs → COLUMN_MISSING (naming the member); then per
row, with the member name and its line number (the header line is 1): VALUE_REQUIRED,
DATETIME_INVALID, NUMBER_INVALID, CID_FORMAT, DUPLICATE_IN_FILE (a visit, admission or
patient twice), ROW_ORPHAN (a row referring to a visit, admission or patient not in the
ZIP), HOSPITAL_SCOPE. Accepted whole or not at all: with any problem the frames are empty.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from sitthi.rules.kernel.problems import Collector
from sitthi.rules.kernel.tables import open_zip, text_of

from .common import (
    BadValue,
    Builder,
    Intake,
    Problem,
    at,
    citizen_id,
    eclaim_date,
    eclaim_time,
    holds_no_claim,
    milli,
    satang,
    satang_of_product,
)

__all__ = ["REQUIRED_COLUMNS", "read_eclaim_zip", "read_pipe_text"]

#: The fields each member must carry for the mapping (others are ignored).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "INS": ("HN", "CID"),
    "PAT": ("HCODE", "HN", "PERSON_ID"),
    "OPD": ("HN", "DATEOPD", "TIMEOPD", "SEQ"),
    "IPD": ("HN", "AN", "DATEADM", "TIMEADM", "DATEDSC", "TIMEDSC"),
    "ODX": ("HN", "DIAG", "DXTYPE", "SEQ"),
    "IDX": ("AN", "DIAG", "DXTYPE"),
    "CHA": ("HN", "AN", "DATE", "CHRGITEM", "AMOUNT", "SEQ"),
    "ADP": ("HN", "AN", "CODE", "QTY", "RATE", "SEQ"),
}


@dataclass
class PipeTable:
    """One member: ``label`` names it in problems; rows keep their line numbers."""

    label: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _field(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


def read_pipe_text(text: str, label: str, problems: list[Problem]) -> PipeTable:
    """Split a pipe-delimited member into its header and rows. CRLF or LF, blank lines and a
    DOS end-of-file mark skipped, trailing ``|`` dropped, a short row padded with blanks; a
    row with more non-blank fields than the header is FILE_MALFORMED."""
    table = PipeTable(label)
    header_seen = False
    for number, line in enumerate(text.replace("\x1a", "").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        fields = [_field(f) for f in line.split("|")]
        if not header_seen:
            header_seen = True
            while fields and not fields[-1]:
                fields.pop()
            table.columns = [f.upper().lstrip("\ufeff") for f in fields]
            continue
        width = len(table.columns)
        if len(fields) > width and any(fields[width:]):
            problems.append(
                Problem(
                    label,
                    number,
                    None,
                    "FILE_MALFORMED",
                    None,
                    {
                        "detail": (
                            f"แถวนี้มี {len(fields)} ช่อง แต่หัวแฟ้มมี {width} ช่อง",
                            f"this line has {len(fields)} fields, the header {width}",
                        )
                    },
                )
            )
            continue
        fields = (fields + [""] * width)[:width]
        table.rows.append((number, dict(zip(table.columns, fields, strict=True))))
    return table


def _members(archive: zipfile.ZipFile, filename: str, problems: list[Problem]):
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        base = posixpath.basename(info.filename.replace("\\", "/"))
        if info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith("."):
            continue
        kind = base[:3].upper()
        if kind not in REQUIRED_COLUMNS:
            continue
        if kind in found:
            problems.append(
                Problem(
                    filename,
                    None,
                    None,
                    "DUPLICATE_IN_FILE",
                    f"{found[kind].filename}, {info.filename}",
                    {
                        "value": (
                            f"มีแฟ้ม {kind} มากกว่าหนึ่งแฟ้ม ({found[kind].filename}, {info.filename})",
                            f"more than one {kind} file ({found[kind].filename}, {info.filename})",
                        )
                    },
                )
            )
            continue
        found[kind] = info
    return found


def _read_member(archive, info, problems: Collector) -> PipeTable | None:
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        problems.add(
            "FILE_MALFORMED",
            file=info.filename,
            detail=(f"แตกไฟล์ไม่ได้ ({exc})", f"cannot unpack it ({exc})"),
        )
        return None
    text = text_of(data, info.filename, problems)
    if text is None:
        return None
    return read_pipe_text(text, info.filename, problems.problems)


class _Reader:
    def __init__(self, hospital: str):
        self.hospital = hospital
        self.problems: list[Problem] = []
        self.builder = Builder()
        #: claim_id -> (member, row) of every row the claim was read from, its PAT/INS row
        #: too: a claim none of whose rows has a problem can still be checked (``checkable``)
        self.rows: dict[int, set] = {}
        self.last_sources: set = set()  # the PAT/INS rows of the last citizen ID read

    def problem(self, table: PipeTable, row: int, name: str | None, code: str, shown=None, **p):
        """A problem on a row; keyword arguments fill the message's placeholders."""
        self.problems.append(Problem(table.label, row, name, code, shown or None, p))

    def required(self, table: PipeTable, row: int, values: dict, *names: str) -> bool:
        ok = True
        for name in names:
            if not values.get(name):
                self.problem(table, row, name, "VALUE_REQUIRED")
                ok = False
        return ok

    def moment(self, table, row, values, date_name, time_name, optional=False):
        """DATE + TIME as an aware datetime; None (and a problem unless ``optional`` and both
        blank) when it cannot be read."""
        day_text, time_text = values.get(date_name, ""), values.get(time_name, "")
        if optional and not day_text and not time_text:
            return None
        if not self.required(table, row, values, date_name, time_name):
            return None
        try:
            day = eclaim_date(day_text)
        except BadValue as bad:
            self.problem(table, row, date_name, bad.code, day_text)
            return None
        try:
            return at(day, eclaim_time(time_text))
        except BadValue as bad:
            self.problem(table, row, time_name, bad.code, time_text)
            return None

    def day(self, table, row, values, name) -> date | None:
        text = values.get(name, "")
        if not text:
            return None
        try:
            return eclaim_date(text)
        except BadValue as bad:
            self.problem(table, row, name, bad.code, text)
            raise

    def number(self, table, row, values, name, parse):
        text = values.get(name, "")
        if not self.required(table, row, values, name):
            raise BadValue("VALUE_REQUIRED")
        try:
            return parse(text)
        except BadValue as bad:
            self.problem(table, row, name, bad.code, text)
            raise

    def read(self, tables: dict[str, PipeTable]) -> None:
        insured = self._ins(tables.get("INS"))
        patients = self._pat(tables["PAT"])
        claims: dict[tuple, tuple] = {}  # ("OP", hn, seq) | ("IP", an) -> (claim_id, admitted)
        pending = []  # built only if nothing went wrong
        sources: dict[tuple, set] = {}  # the PAT/INS rows each visit's citizen ID came from
        if "OPD" in tables:
            table = tables["OPD"]
            for row, values in table.rows:
                if not self.required(table, row, values, "HN", "SEQ"):
                    continue
                hn, seq = values["HN"], values["SEQ"]
                key = ("OP", hn, seq)
                if self._duplicate(table, row, claims, key, "SEQ", f"HN {hn} SEQ {seq}"):
                    continue
                admitted = self.moment(table, row, values, "DATEOPD", "TIMEOPD")
                cid = self._citizen(table, row, hn, patients, insured, (hn, seq))
                claims[key] = None
                if admitted is not None and cid is not None:
                    pending.append((key, f"OP-{hn}-{seq}", cid, "OP", admitted, None, table, row))
                    sources[key] = self.last_sources
        if "IPD" in tables:
            table = tables["IPD"]
            for row, values in table.rows:
                if not self.required(table, row, values, "HN", "AN"):
                    continue
                hn, an = values["HN"], values["AN"]
                key = ("IP", an)
                if self._duplicate(table, row, claims, key, "AN", f"AN {an}"):
                    continue
                admitted = self.moment(table, row, values, "DATEADM", "TIMEADM")
                discharged = self.moment(table, row, values, "DATEDSC", "TIMEDSC", optional=True)
                cid = self._citizen(table, row, hn, patients, insured, an)
                claims[key] = None
                if admitted is not None and cid is not None:
                    pending.append((key, f"IP-{an}", cid, "IP", admitted, discharged, table, row))
                    sources[key] = self.last_sources
        for key, claim_key, cid, service, admitted, discharged, table, row in pending:
            claim_id = self.builder.claim(
                claim_key,
                self.hospital,
                cid,
                service,
                admitted,
                discharged,
                (table.label, row),
            )
            claims[key] = (claim_id, admitted)
            self.rows[claim_id] = {(table.label, row), *sources.get(key, ())}

        diagnoses: dict[int, list] = {}
        for kind in ("ODX", "IDX"):
            if kind in tables:
                self._diagnoses(kind, tables[kind], claims, diagnoses)
        for claim_id, rows in diagnoses.items():
            rows.sort(key=lambda r: r[1] != "1")  # the principal first, the rest in file order
            for code, dx_type, origin in rows:
                self.builder.diagnosis(claim_id, code, dx_type, origin)

        lines: dict[int, list] = {}
        for kind in ("CHA", "ADP"):
            if kind in tables:
                self._lines(kind, tables[kind], claims, lines)
        for claim_id, rows in lines.items():
            for item, quantity, served, charged, origin in rows:
                self.builder.line(claim_id, item, quantity, served, charged, origin)

    # -- the parts ---------------------------------------------------------------------------

    def _duplicate(self, table, row, seen, key, name, text) -> bool:
        if key in seen:
            self.problem(
                table,
                row,
                name,
                "DUPLICATE_IN_FILE",
                text,
                value=(f"{text} ซ้ำในแฟ้ม {table.label}", f"{text} twice in {table.label}"),
            )
            return True
        return False

    def _ins(self, table: PipeTable | None) -> dict:
        """CID by AN, by (HN, SEQ) and by HN (the first non-blank one)."""
        found: dict = {}
        if table is None:
            return found
        for row, values in table.rows:
            cid = values.get("CID", "")
            if not cid:
                continue
            entry = (cid, table, row)
            if values.get("AN"):
                found.setdefault(("AN", values["AN"]), entry)
            if values.get("HN") and values.get("SEQ"):
                found.setdefault(("SEQ", values["HN"], values["SEQ"]), entry)
            if values.get("HN"):
                found.setdefault(("HN", values["HN"]), entry)
        return found

    def _pat(self, table: PipeTable) -> dict:
        patients: dict[str, tuple] = {}
        for row, values in table.rows:
            if not self.required(table, row, values, "HN"):
                continue
            hn, hcode, person = values["HN"], values.get("HCODE", ""), values.get("PERSON_ID", "")
            if hcode and hcode != self.hospital:
                self.problem(table, row, "HCODE", "HOSPITAL_SCOPE", hcode, own=self.hospital)
            if hn in patients:
                first = patients[hn]
                if (first[0], first[1]) != (hcode, person):
                    self.problem(
                        table,
                        row,
                        "HN",
                        "DUPLICATE_IN_FILE",
                        hn,
                        value=(
                            f"HN {hn} ซ้ำกับบรรทัด {first[3]} แต่ข้อมูลไม่ตรงกัน",
                            f"HN {hn} is also on line {first[3]} with other values",
                        ),
                    )
                continue
            patients[hn] = (hcode, person, table, row)
        return patients

    def _citizen(self, table, row, hn, patients, insured, visit) -> str | None:
        """The visit's citizen ID (PAT.PERSON_ID, else INS.CID); problems are reported once
        on the PAT or INS row they come from."""
        patient = patients.get(hn)
        if patient is None:
            self.problem(table, row, "HN", "ROW_ORPHAN", f"HN {hn}")
            return None
        _, person, pat_table, pat_row = patient
        source, name = (person, pat_table, pat_row), "PERSON_ID"
        if not person:
            lookup = ("AN", visit) if isinstance(visit, str) else ("SEQ", *visit)
            source = insured.get(lookup) or insured.get(("HN", hn))
            name = "CID"
            if source is None:
                self._once(pat_table, pat_row, "PERSON_ID", "VALUE_REQUIRED", None)
                return None
        text, src_table, src_row = source
        self.last_sources = {(pat_table.label, pat_row), (src_table.label, src_row)}
        try:
            return citizen_id(text)
        except BadValue as bad:
            self._once(src_table, src_row, name, bad.code, text)
            return None

    def _once(self, table, row, name, code, value) -> None:
        problem = Problem(table.label, row, name, code, value)
        if problem not in self.problems:
            self.problems.append(problem)

    def _owner(self, table, row, values, claims, mode: str):
        """The (claim_id, admitted_at) a row belongs to, or None (ROW_ORPHAN). ``mode``: "IP"
        (by AN), "OP" (by HN + SEQ) or "any" (by AN when the row has one)."""
        if mode == "IP" or (mode == "any" and values.get("AN")):
            an = values.get("AN", "")
            if not self.required(table, row, values, "AN"):
                return None
            key, text = ("IP", an), f"AN {an}"
        else:
            if not self.required(table, row, values, "HN", "SEQ"):
                return None
            key, text = (
                ("OP", values["HN"], values["SEQ"]),
                f"HN {values['HN']} SEQ {values['SEQ']}",
            )
        if key not in claims:
            self.problem(table, row, "AN" if key[0] == "IP" else "SEQ", "ROW_ORPHAN", text)
            return None
        if claims[key] is not None:
            self.rows[claims[key][0]].add((table.label, row))
        return claims[key]  # None while the visit itself has problems

    def _diagnoses(self, kind, table, claims, diagnoses) -> None:
        for row, values in table.rows:
            owner = self._owner(table, row, values, claims, "IP" if kind == "IDX" else "OP")
            if not self.required(table, row, values, "DIAG", "DXTYPE") or owner is None:
                continue
            code = values["DIAG"].upper()
            diagnoses.setdefault(owner[0], []).append((code, values["DXTYPE"], (table.label, row)))

    def _lines(self, kind, table, claims, lines) -> None:
        for row, values in table.rows:
            owner = self._owner(table, row, values, claims, "any")
            try:
                if kind == "CHA":
                    item_name, day_name = "CHRGITEM", "DATE"
                    charged = self.number(table, row, values, "AMOUNT", satang)
                    quantity = 1000
                else:
                    item_name, day_name = "CODE", "DATEOPD"
                    quantity = self.number(table, row, values, "QTY", milli)
                    rate = self.number(table, row, values, "RATE", satang)
                    charged = satang_of_product(quantity, rate)
            except BadValue:
                owner = None
            try:
                day = self.day(table, row, values, day_name)
            except BadValue:
                owner = None
            if not self.required(table, row, values, item_name) or owner is None:
                continue
            claim_id, admitted = owner
            lines.setdefault(claim_id, []).append(
                (values[item_name], quantity, _served(day, admitted), charged, (table.label, row))
            )


def _served(day: date | None, admitted: datetime) -> datetime:
    """A line's service time from its date: the visit/admission time on that day, midnight
    on another day, the visit/admission time when no date is given."""
    if day is None or day == admitted.date():
        return admitted
    return at(day)


def read_eclaim_zip(data: bytes, filename: str, hospital: str) -> Intake:
    """Read an e-Claim "16 files" ZIP sent by ``hospital`` (the uploading hospital's code).
    Accepted whole or not at all: with any problem every frame is empty and the problems
    are the answer. See the module docstring for the mapping."""
    collector = Collector()
    problems = collector.problems
    archive = open_zip(data, filename, ("ZIP", "ZIP"), collector)
    if archive is None:
        (problem,) = problems
        if problem.code == "FILE_MALFORMED" and not filename.lower().endswith(".zip"):
            problem = Problem(
                filename,
                None,
                None,
                "FILE_TYPE",
                filename.rsplit(".", 1)[-1] if "." in filename else filename,
                {"allowed": "ZIP (.zip)"},
            )
        return Intake.rejected([problem])
    with archive:
        members = _members(archive, filename, problems)
        for kind, label in (("PAT", "PAT"), ("OPD|IPD", "OPD / IPD")):
            if not any(k in members for k in kind.split("|")):
                problems.append(Problem(filename, None, None, "FILE_MISSING", label))
        if problems:
            return Intake.rejected(problems)
        tables: dict[str, PipeTable] = {}
        for kind, info in members.items():
            table = _read_member(archive, info, collector)
            if table is None:
                continue
            missing = [c for c in REQUIRED_COLUMNS[kind] if c not in table.columns]
            for name in missing:
                problems.append(Problem(table.label, 1, name, "COLUMN_MISSING", name))
            tables[kind] = table
    if problems:
        return Intake.rejected(problems)
    reader = _Reader(hospital)
    reader.read(tables)
    if not reader.problems and not reader.builder.keys["claim_id"]:
        reader.problems.append(holds_no_claim(filename))
    if not reader.problems:
        return reader.builder.finish([])
    # Refused whole; the claims none of whose rows has a problem are kept aside for the
    # caller to check too (never to store): every problem of the file in one report.
    bad = {(p.file, p.row) for p in reader.problems}
    sound = [cid for cid, rows in reader.rows.items() if not rows & bad]
    refused = Intake.rejected(reader.problems)
    if sound:
        whole = reader.builder.finish([])
        only = pl.col("claim_id").is_in(sound)
        refused.checkable = Intake(
            claims=whole.claims.filter(only),
            diagnoses=whole.diagnoses.filter(only),
            lines=whole.lines.filter(only),
            keys=whole.keys.filter(only),
            problems=[],
            origins=whole.origins.filter(only),
        )
    return refused
