"""What every reader returns (``Intake``, ``Problem``) and the value parsers they share.

Pure parsing: no Django, no database, no clock. Values become the types of the frame
contract in ``sitthi.rules.claims.schema``: money Int64 satang, quantities Int64
milli-units, datetimes aware in Asia/Bangkok.

``Problem``, the text decoding, the ZIP guard and the blank test are the kernel's
(``sitthi.rules.kernel``), re-exported here for the readers of this package.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import polars as pl

from sitthi.core import errors as _errors  # noqa: F401  (declares every code the readers file)
from sitthi.rules.citizen_id import normalise as normalise_cid
from sitthi.rules.claims.schema import CLAIMS, DIAGNOSES, LINES, empty
from sitthi.rules.kernel import numbers
from sitthi.rules.kernel.problems import Param, Problem, sort_problems
from sitthi.rules.kernel.tables import MAX_UNCOMPRESSED, cell_text, decode, is_blank
from sitthi.rules.kernel.thaitime import BANGKOK, BE_OFFSET

from .report import report_xlsx

__all__ = [
    "BANGKOK",
    "KEYS",
    "MAX_UNCOMPRESSED",
    "ORIGINS",
    "Intake",
    "Param",
    "Problem",
    "decode",
    "is_blank",
    "report_xlsx",
]

#: A year above this is read as Buddhist Era (พ.ศ.): 2567 → 2024.
BE_THRESHOLD = 2400

#: The hospital's own key for each claim of the batch.
KEYS = {"claim_id": pl.Int64, "claim_key": pl.String, "hospital": pl.String}

#: Where each claim, diagnosis and line came from, so that problems found later by
#: validation (``claim_id``, ``line_no``) can be reported against the sender's file and row.
#: ``part``: "claim" (``number`` null), "diagnosis" (``number`` = seq) or "line"
#: (``number`` = line_no).
ORIGINS = {
    "claim_id": pl.Int64,
    "part": pl.String,
    "number": pl.Int32,
    "file": pl.String,
    "row": pl.Int64,
}

INT64_MAX = 2**63 - 1


@dataclass
class Intake:
    """What a reader returns. **Accepted whole or not at all**: when ``problems`` is not
    empty every frame is empty (``ok`` is False) and the problems are the answer.

    ``checkable`` (the table reader, when it refuses a file): the claims of the file none of
    whose rows has a problem, as an Intake of their own, for the caller to run the claims'
    checks on them too — never to store them — so that one report holds every problem."""

    claims: pl.DataFrame
    diagnoses: pl.DataFrame
    lines: pl.DataFrame
    keys: pl.DataFrame
    problems: list[Problem]
    origins: pl.DataFrame = field(default_factory=lambda: empty(ORIGINS))
    checkable: Intake | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def source_rows(self) -> dict[tuple[str, int | None], int]:
        """(claim_key, line_no) → the row the line came from, and (claim_key, None) → the
        claim's (first) row: to point validation's findings at the sender's rows. For an
        e-Claim ZIP the rows are line numbers in the member named by ``origins.file``."""
        claim_keys = dict(self.keys.select("claim_id", "claim_key").iter_rows())
        found: dict[tuple[str, int | None], int] = {}
        for claim_id, part, number, _file, row in self.origins.iter_rows():
            if part == "claim":
                found[(claim_keys[claim_id], None)] = row
            elif part == "line":
                found[(claim_keys[claim_id], number)] = row
        return found

    @classmethod
    def rejected(cls, problems: list[Problem]) -> Intake:
        return cls(
            claims=empty(CLAIMS),
            diagnoses=empty(DIAGNOSES),
            lines=empty(LINES),
            keys=empty(KEYS),
            # by file, then row (file-level problems first); in found order within a row
            problems=sort_problems(problems, key=Problem.place),
            origins=empty(ORIGINS),
        )


def holds_no_claim(filename: str) -> Problem:
    """A file read without a problem that holds no claim at all."""
    return Problem(
        filename,
        None,
        None,
        "FILE_MALFORMED",
        None,
        {"detail": ("ไม่มีรายการเรียกเก็บในไฟล์", "the file holds no claim")},
    )


class Builder:
    """Collects claims, diagnoses and lines row by row, then makes the frames (or the
    rejection, if anything went wrong)."""

    def __init__(self):
        self.claims: dict[str, list] = {k: [] for k in CLAIMS}
        self.diagnoses: dict[str, list] = {k: [] for k in DIAGNOSES}
        self.lines: dict[str, list] = {k: [] for k in LINES}
        self.keys: dict[str, list] = {k: [] for k in KEYS}
        self.origins: dict[str, list] = {k: [] for k in ORIGINS}
        self._dx_seq: dict[int, int] = {}
        self._line_no: dict[int, int] = {}

    def claim(self, key, hospital, citizen_id, service_type, admitted_at, discharged_at, origin):
        claim_id = len(self.keys["claim_id"]) + 1
        for name, value in (
            ("claim_id", claim_id),
            ("hospital", hospital),
            ("citizen_id", citizen_id),
            ("service_type", service_type),
            ("admitted_at", admitted_at),
            ("discharged_at", discharged_at),
        ):
            self.claims[name].append(value)
        self.keys["claim_id"].append(claim_id)
        self.keys["claim_key"].append(key)
        self.keys["hospital"].append(hospital)
        self._origin(claim_id, "claim", None, origin)
        return claim_id

    def diagnosis(self, claim_id: int, code: str, dx_type: str, origin) -> None:
        seq = self._dx_seq[claim_id] = self._dx_seq.get(claim_id, 0) + 1
        self.diagnoses["claim_id"].append(claim_id)
        self.diagnoses["seq"].append(seq)
        self.diagnoses["code"].append(code)
        self.diagnoses["dx_type"].append(dx_type)
        self._origin(claim_id, "diagnosis", seq, origin)

    def line(self, claim_id, item_code, quantity_milli, served_at, charged_satang, origin):
        line_no = self._line_no[claim_id] = self._line_no.get(claim_id, 0) + 1
        self.lines["claim_id"].append(claim_id)
        self.lines["line_no"].append(line_no)
        self.lines["item_code"].append(item_code)
        self.lines["quantity_milli"].append(quantity_milli)
        self.lines["served_at"].append(served_at)
        self.lines["charged_satang"].append(charged_satang)
        self._origin(claim_id, "line", line_no, origin)

    def _origin(self, claim_id, part, number, origin: tuple[str, int | None]) -> None:
        self.origins["claim_id"].append(claim_id)
        self.origins["part"].append(part)
        self.origins["number"].append(number)
        self.origins["file"].append(origin[0])
        self.origins["row"].append(origin[1])

    def finish(self, problems: list[Problem]) -> Intake:
        if problems:
            return Intake.rejected(problems)
        diagnoses = pl.DataFrame(self.diagnoses, schema=DIAGNOSES)
        lines = pl.DataFrame(self.lines, schema=LINES)
        return Intake(
            claims=pl.DataFrame(self.claims, schema=CLAIMS),
            diagnoses=diagnoses.sort("claim_id", "seq", maintain_order=True),
            lines=lines.sort("claim_id", "line_no", maintain_order=True),
            keys=pl.DataFrame(self.keys, schema=KEYS),
            problems=[],
            origins=pl.DataFrame(self.origins, schema=ORIGINS),
        )


# -- values --------------------------------------------------------------------------------


class BadValue(ValueError):
    """A cell that cannot become its field's type; ``code`` says how."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def as_text(raw) -> str:
    """A cell as text: the kernel's ``cell_text`` (numbers without a spurious ".0", everything
    stripped), but a datetime always with its time (midnight too: ``2024-03-01 00:00:00``)."""
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    return cell_text(raw)


def show(raw) -> str | None:
    """The offending value for a problem report."""
    return None if raw is None else as_text(raw)


def digits_text(raw, width: int) -> str:
    """A code of digits (citizen ID, hospital code). A number cell lost its leading zeros in
    Excel: pad it back to ``width``. Text is kept as sent (stripped)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if isinstance(raw, float) and not raw.is_integer():
            return as_text(raw)
        text = str(int(raw))
        return text.zfill(width) if 0 <= int(raw) and len(text) <= width else text
    return as_text(raw)


def citizen_id(raw) -> str:
    """13 digits. The printed form 1-2345-67890-12-3 and spaces are accepted; anything else
    is CID_FORMAT. (The check digit is validation's: CID_CHECK_DIGIT.)"""
    text = normalise_cid(digits_text(raw, 13))
    if len(text) != 13 or not (text.isascii() and text.isdigit()):
        raise BadValue("CID_FORMAT")
    return text


_NUMBER = re.compile(r"^[+-]?(?:(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+)$")


def decimal(raw) -> Decimal:
    """A number as Decimal: text ("1250.50", "1,250.50", "-3") or a spreadsheet number.
    Spreadsheet floats are taken to the 15 significant digits Excel shows, which drops
    binary noise (0.30000000000000004 → 0.3) and keeps every digit a person typed."""
    if isinstance(raw, bool):
        raise BadValue("NUMBER_INVALID")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise BadValue("NUMBER_INVALID")
        return Decimal(format(raw, ".15g"))
    if isinstance(raw, Decimal):
        return raw
    text = as_text(raw).replace("\u00a0", "")
    if not _NUMBER.match(text):
        raise BadValue("NUMBER_INVALID")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise BadValue("NUMBER_INVALID") from exc


#: Digits a scaled cell may have in all: 18 keeps every value inside Int64 (9.2 × 10^18).
MAX_SCALED_DIGITS = 18


def scaled(raw, places: int) -> int:
    """``raw`` × 10^places as an exact integer, bounded by its text before any arithmetic
    (the kernel's ``numbers.parse_decimal``): NUMBER_INVALID if it is not a plain number or
    has more decimals than ``places`` that are not zeros; NUMBER_OUT_OF_RANGE beyond
    ``MAX_SCALED_DIGITS`` digits (so always inside Int64)."""
    if isinstance(raw, float) and math.isfinite(raw):
        raw = format(raw, ".15g")  # the digits Excel shows (see ``decimal``)
    elif isinstance(raw, str):
        raw = raw.replace("\u00a0", "")
    try:
        value = numbers.parse_decimal(raw, max_digits=MAX_SCALED_DIGITS, places=places)
    except numbers.NumberError as exc:
        raise BadValue(exc.code) from None
    result = int(value.scaleb(places))
    if abs(result) > INT64_MAX:  # pragma: no cover - the digits already bound it
        raise BadValue("NUMBER_OUT_OF_RANGE")
    return result


def satang(raw) -> int:
    """Baht → satang, exactly (at most 2 decimals). Negative amounts are parsed: rejecting
    them is validation's (AMOUNT_NOT_POSITIVE)."""
    return scaled(raw, 2)


def milli(raw) -> int:
    """A quantity → milli-units, exactly (at most 3 decimals)."""
    return scaled(raw, 3)


def satang_of_product(quantity_milli: int, rate_satang: int) -> int:
    """quantity × unit rate, rounded half up to the satang (as the tariff is: schema.PRICED)."""
    value = (Decimal(quantity_milli) * Decimal(rate_satang) / 1000).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    if abs(value) > INT64_MAX:
        raise BadValue("NUMBER_INVALID")
    return int(value)


def ce_year(year: int) -> int:
    """Buddhist Era → Christian Era when the year is above 2400 (2567 → 2024)."""
    return year - BE_OFFSET if year > BE_THRESHOLD else year


_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})"
    r"(?:\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(?:น\.?)?$"
)


def bangkok(value: datetime) -> datetime:
    """Aware in Asia/Bangkok: naive times are Bangkok wall-clock times."""
    if value.tzinfo is None:
        return value.replace(tzinfo=BANGKOK)
    return value.astimezone(BANGKOK)


def when(raw) -> datetime:
    """A date and time as people write them, aware in Asia/Bangkok.

    Text: ISO ``2024-03-01 08:30``, ``2024-03-01T08:30:00+07:00`` (another offset is
    converted), ``2024-03-01`` (midnight); Thai style day/month/year ``01/03/2567 08:30``
    or ``1-3-2024 08.30 น.``. Spreadsheet date cells. A year above 2400 is Buddhist Era, in
    every form (a cell typed 01/03/2567 is stored by Excel as the year 2567)."""
    if isinstance(raw, datetime):
        try:
            value = raw.replace(year=ce_year(raw.year))
        except ValueError as exc:  # 29 Feb of a BE year whose CE year is not leap
            raise BadValue("DATETIME_INVALID") from exc
        return bangkok(value)
    if isinstance(raw, date):
        return when(datetime(raw.year, raw.month, raw.day))
    if not isinstance(raw, str):
        raise BadValue("DATETIME_INVALID")
    text = raw.strip()
    try:
        if m := _ISO.match(text):
            y, mo, d, hh, mi, ss, frac, tz = m.groups()
            micro = int((frac or "0").ljust(6, "0"))
            value = datetime(ce_year(int(y)), int(mo), int(d), int(hh or 0), int(mi or 0))
            value = value.replace(second=int(ss or 0), microsecond=micro)
            if tz:
                value = value.replace(tzinfo=_offset(tz))
            return bangkok(value)
        if m := _DMY.match(text):
            d, mo, y, hh, mi, ss = m.groups()
            value = datetime(ce_year(int(y)), int(mo), int(d), int(hh or 0), int(mi or 0))
            return bangkok(value.replace(second=int(ss or 0)))
    except ValueError as exc:
        raise BadValue("DATETIME_INVALID") from exc
    raise BadValue("DATETIME_INVALID")


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def eclaim_date(text: str) -> date:
    """e-Claim dates: YYYYMMDD (also YYYY-MM-DD); a year above 2400 is Buddhist Era."""
    t = text.strip()
    if len(t) == 10 and t[4] in "-/" and t[7] == t[4]:
        t = t[:4] + t[5:7] + t[8:]
    if len(t) != 8 or not (t.isascii() and t.isdigit()):
        raise BadValue("DATETIME_INVALID")
    try:
        return date(ce_year(int(t[:4])), int(t[4:6]), int(t[6:]))
    except ValueError as exc:
        raise BadValue("DATETIME_INVALID") from exc


def eclaim_time(text: str) -> time:
    """e-Claim times: HHMM or HHMMSS (also HH:MM[:SS]); a leading zero lost on the way
    (``830``, ``83000``) is put back."""
    t = text.strip().replace(":", "")
    if not (t.isascii() and t.isdigit()) or len(t) not in (3, 4, 5, 6):
        raise BadValue("DATETIME_INVALID")
    t = t.zfill(4 if len(t) <= 4 else 6)
    try:
        return time(int(t[:2]), int(t[2:4]), int(t[4:6] or 0))
    except ValueError as exc:
        raise BadValue("DATETIME_INVALID") from exc


def at(day: date, clock: time | None = None) -> datetime:
    return datetime.combine(day, clock or time(0), tzinfo=BANGKOK)
