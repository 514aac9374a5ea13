"""The one table reader: a CSV or XLSX file as hospitals and offices send them, into rows
numbered as Excel and text editors number them (the header is row 1).

- Text: UTF-8 (with or without a byte-order mark), else Windows-874 / TIS-620 — what Thai
  hospital systems write (``decode``).
- CSV delimiter: comma, semicolon or tab, whichever the first non-blank line uses most
  (a tie goes to the comma).
- XLSX: a ZIP container, refused when broken, encrypted or larger than ``MAX_UNCOMPRESSED``
  once unpacked (a zip-bomb guard; ``open_zip``); every cell is read whatever size the file
  claims.
- The header is the first non-blank record; a column named twice is a problem; blank rows are
  dropped.
- A reader with header rules of its own (a closed set of columns, say) takes the numbered
  records instead (``csv_records``, ``xlsx_records``) and keeps the bytes, encodings, the
  delimiter and the zip-bomb guard of this one.

Problems go to the caller's ``Collector`` with the file-level codes declared here, and the
codes of a cell that does not read (``CELL_CODES``: a required value left blank, a number, a
date, a value not allowed, an unknown column), which every table reader files.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sitthi.rules.kernel.codes import ErrorCode as _C
from sitthi.rules.kernel.codes import corrective, declare
from sitthi.rules.kernel.problems import Collector

declare(
    _C("FILE_TYPE", 400, "corrective", "ไฟล์ต้องเป็น {allowed}", "The file must be {allowed}."),
    _C(
        "FILE_TOO_LARGE", 400, "corrective", "ไฟล์ใหญ่เกิน {limit}", "The file is larger than {limit}."
    ),
    _C(
        "FILE_MALFORMED",
        400,
        "corrective",
        "อ่านไฟล์ไม่ได้: {detail}",
        "The file cannot be read: {detail}",
    ),
    _C(
        "FILE_MISSING",
        400,
        "corrective",
        "ในไฟล์ ZIP ไม่มีแฟ้ม {value}",
        "The ZIP file has no {value} file.",
    ),
    _C("COLUMN_MISSING", 400, "corrective", "ไม่มีคอลัมน์ {value}", "Column {value} is missing."),
    _C(
        "DUPLICATE_IN_FILE",
        400,
        "corrective",
        "ข้อมูลซ้ำในไฟล์: {value}",
        "Duplicate in the file: {value}",
    ),
)

#: The codes of a cell or a header that does not read, declared here so that a pure reader
#: can file them without the catalogue module (``sitthi.core.errors`` declares the same texts).
CELL_CODES = declare(
    *corrective(
        {
            "VALUE_REQUIRED": ("ต้องกรอกข้อมูลช่องนี้", "This field is required."),
            "NUMBER_INVALID": ("ตัวเลขไม่ถูกต้อง: {value}", "Not a valid number: {value}"),
            "NUMBER_OUT_OF_RANGE": (
                "ตัวเลขอยู่นอกช่วงที่รับได้ ({minimum} ถึง {maximum}): {value}",
                "The number is out of range ({minimum} to {maximum}): {value}",
            ),
            "DATETIME_INVALID": ("วันเวลาไม่ถูกต้อง: {value}", "Not a valid date or time: {value}"),
            "VALUE_INVALID": ("ค่าไม่ถูกต้อง: {value}", "Not an allowed value: {value}"),
            "COLUMN_UNKNOWN": ("ไม่รู้จักคอลัมน์ {value}", "Unknown column {value}."),
        }
    )
)

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_UNCOMPRESSED_TEXT = ("50 MB (ขนาดเมื่อแตกไฟล์)", "50 MB uncompressed")
DELIMITERS = (",", ";", "\t")


# -- bytes -----------------------------------------------------------------------------------


def _looks_like_text(text: str) -> bool:
    """UTF-8 that decodes to Thai, Latin and ordinary punctuation (not, say, stray Latin
    Extended letters, which is what TIS-620 bytes look like when they happen to be valid
    UTF-8)."""
    for ch in text:
        if ch < "\u0080" or "\u0e00" <= ch <= "\u0e7f" or ch in "\u00a0\u00a9\u00ae\u00b0":
            continue
        if "\u2010" <= ch <= "\u2027" or ch in "\u20ac\ufeff\u2122":
            continue
        return False
    return True


def decode(data: bytes) -> tuple[str, str] | None:
    """Text of a file as hospital systems write it: UTF-8 (with or without a BOM), else
    Windows-874 / TIS-620. Returns (text, encoding), or None if it is neither."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text, "utf-8"
    try:
        return data.decode("cp874"), "windows-874"
    except UnicodeDecodeError:
        return (text, "utf-8") if text is not None else None


def text_of(data: bytes, filename: str | None, problems: Collector) -> str | None:
    """The text of a file (``decode``), or None with FILE_MALFORMED filed: neither UTF-8 nor
    TIS-620."""
    decoded = decode(data)
    if decoded is None:
        _malformed(
            problems,
            filename,
            "อ่านตัวอักษรไม่ได้ (ใช้ UTF-8 หรือ TIS-620)",
            "unknown text encoding (use UTF-8 or TIS-620)",
        )
        return None
    return decoded[0]


def _malformed(problems: Collector, filename: str | None, th: str, en: str) -> None:
    problems.add("FILE_MALFORMED", file=filename, detail=(th, en))


def _too_large(problems: Collector, filename: str | None, size: int) -> None:
    problems.add(
        "FILE_TOO_LARGE", file=filename, value=f"{size:,} bytes", limit=MAX_UNCOMPRESSED_TEXT
    )


def open_zip(
    data: bytes, filename: str | None, kind: tuple[str, str], problems: Collector
) -> zipfile.ZipFile | None:
    """A ZIP container (an e-Claim export or an XLSX workbook), or None with the problem
    filed: broken, encrypted, or larger than MAX_UNCOMPRESSED once unpacked (zipfile reads no
    member beyond its declared size, so the declared sizes bound the work)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        _malformed(problems, filename, f"ไม่ใช่ไฟล์ {kind[0]} ที่สมบูรณ์", f"not a valid {kind[1]} file")
        return None
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        _too_large(problems, filename, total)
        return None
    if any(m.flag_bits & 0x1 for m in members):
        _malformed(problems, filename, "ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน", "the file is password-protected")
        return None
    return archive


# -- tables ----------------------------------------------------------------------------------


def plain_header(raw: Any) -> str:
    """A header cell as a column name: ``"Citizen ID (เลขประจำตัว)"`` -> ``citizen_id``."""
    text = cell_text(raw).split("(", 1)[0].strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def cell_text(raw: Any) -> str:
    """A cell as text: a whole float as an integer (Excel stores 10001 as 10001.0), a date
    or datetime in ISO form, text stripped."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return (
            raw.isoformat(sep=" ")
            if (raw.hour or raw.minute or raw.second)
            else raw.date().isoformat()
        )
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


@dataclass
class Table:
    """A sheet or a CSV: ``label`` names it in problems; rows keep their Excel row number."""

    label: str
    header_row: int = 1
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, list]] = field(default_factory=list)

    def cell(self, values: list, name: str) -> Any:
        i = self.columns.get(name)
        return values[i] if i is not None and i < len(values) else None

    def records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """(row number, {column: raw cell}) for each data row."""
        for number, values in self.rows:
            yield number, {name: self.cell(values, name) for name in self.columns}

    def require(self, names: Iterable[str], problems: Collector) -> bool:
        """Each of ``names`` is a column, or a COLUMN_MISSING problem on the header row."""
        missing = [n for n in names if n not in self.columns]
        for name in missing:
            problems.add(
                "COLUMN_MISSING", file=self.label, row=self.header_row, field=name, value=name
            )
        return not missing


def table_of(
    label: str,
    records: Iterable[tuple[int, Iterable[Any]]],
    problems: Collector,
    header_name: Callable[[Any], str] = plain_header,
) -> Table:
    """The first non-blank record is the header; the rest are rows (blank ones dropped)."""
    table = Table(label)
    header_seen = False
    for number, values in records:
        values = list(values)
        if all(is_blank(v) for v in values):
            continue
        if not header_seen:
            header_seen = True
            table.header_row = number
            for i, raw in enumerate(values):
                name = header_name(raw)
                if not name:
                    continue
                if name in table.columns:
                    problems.add(
                        "DUPLICATE_IN_FILE", file=label, row=number, field=name, value=name
                    )
                else:
                    table.columns[name] = i
            continue
        table.rows.append((number, values))
    return table


Records = list[tuple[int, list[Any]]]


def csv_records(data: bytes, filename: str | None, problems: Collector) -> Records | None:
    """A CSV file's records, numbered from 1 (blank lines included), or None with the problem
    filed: too large, an unknown encoding, or not CSV."""
    if len(data) > MAX_UNCOMPRESSED:
        _too_large(problems, filename, len(data))
        return None
    text = text_of(data, filename, problems)
    if text is None:
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (first.count(d), d == ","))
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1))
    except csv.Error as exc:
        _malformed(problems, filename, f"รูปแบบ CSV ไม่ถูกต้อง ({exc})", f"not valid CSV ({exc})")
        return None


def read_csv(
    data: bytes,
    filename: str,
    problems: Collector,
    header_name: Callable[[Any], str] = plain_header,
) -> Table | None:
    """A CSV file as one table, or None with the problem filed."""
    records = csv_records(data, filename, problems)
    if records is None:
        return None
    if not any(any(v.strip() for v in values) for _, values in records):
        _malformed(problems, filename, "ไฟล์ว่างเปล่า", "the file is empty")
        return None
    return table_of(filename, records, problems, header_name)


Choose = Callable[[dict[str, Any]], dict[str, Any] | None]


def xlsx_records(
    data: bytes, filename: str | None, problems: Collector, choose: Choose | None = None
) -> dict[str, tuple[str, Records]]:
    """The sheets of a workbook as (label ``file!sheet``, records numbered as Excel numbers
    its rows), by lower-case sheet name; {} with the problem filed when the workbook cannot be
    read. ``choose`` picks the sheets (it gets {name: worksheet} and returns the ones wanted,
    or None for the default: the first sheet only, under "")."""
    import openpyxl

    if open_zip(data, filename, ("XLSX", "XLSX"), problems) is None:
        return {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        _malformed(
            problems, filename, f"ไม่ใช่ไฟล์ XLSX ที่สมบูรณ์ ({exc})", f"not a valid XLSX file ({exc})"
        )
        return {}
    try:
        sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
        wanted = choose(sheets) if choose is not None else None
        if wanted is None:
            wanted = {"": book.worksheets[0]} if book.worksheets else {}
        found = {}
        for key, ws in wanted.items():
            ws.reset_dimensions()  # read every cell, whatever the file claims its size is
            records = list(enumerate(ws.iter_rows(min_row=1, values_only=True), 1))
            found[key] = (f"{filename}!{ws.title}", records)
        return found
    except Exception as exc:
        _malformed(problems, filename, f"อ่านแผ่นงานไม่ได้ ({exc})", f"cannot read the sheet ({exc})")
        return {}
    finally:
        book.close()


def read_xlsx(
    data: bytes,
    filename: str,
    problems: Collector,
    header_name: Callable[[Any], str] = plain_header,
    choose: Choose | None = None,
) -> dict[str, Table]:
    """The sheets of a workbook as tables, by lower-case sheet name (``xlsx_records``: by
    default the first sheet only, under "")."""
    return {
        key: table_of(label, records, problems, header_name)
        for key, (label, records) in xlsx_records(data, filename, problems, choose).items()
    }


def read_table(
    data: bytes,
    filename: str,
    problems: Collector,
    header_name: Callable[[Any], str] = plain_header,
    allowed: tuple[str, ...] = (".csv", ".xlsx"),
) -> Table | None:
    """One table from a CSV or the first sheet of an XLSX, by the file's ending; another
    ending is a FILE_TYPE problem."""
    name = filename.lower()
    if name.endswith(".csv") and ".csv" in allowed:
        return read_csv(data, filename, problems, header_name)
    if name.endswith(".xlsx") and ".xlsx" in allowed:
        return read_xlsx(data, filename, problems, header_name).get("")
    problems.add(
        "FILE_TYPE",
        file=filename,
        field="file",
        allowed=", ".join(a.lstrip(".").upper() for a in allowed),
    )
    return None
