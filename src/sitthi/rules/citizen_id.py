"""Thai citizen ID (เลขประจำตัวประชาชน): 13 digits, the last a mod-11 check digit.

FACTS.md "Citizen ID" [V]: weights 13 … 2 on the first 12 digits; check digit =
(11 − sum mod 11) mod 10. The single-ID check uses python-stdnum (``stdnum.th.pin``),
the well-kept implementation; the Polars expression below does the same over a column
for batches, and a property test holds the two to the same answers.
"""

from __future__ import annotations

import polars as pl
from stdnum.th import pin

WEIGHTS = tuple(range(13, 1, -1))  # 13, 12, …, 2


def check_digit(first12: str) -> int:
    """The 13th digit for the first twelve."""
    return int(pin.calc_check_digit(first12))


def problem(citizen_id: str) -> str | None:
    """None for a valid ID, else the error code: CID_FORMAT or CID_CHECK_DIGIT."""
    if len(citizen_id) != 13 or not citizen_id.isascii() or not citizen_id.isdigit():
        return "CID_FORMAT"
    # stdnum's ``validate`` also refuses a first digit of 0 or 9; the register does hold
    # type-0 IDs (people without Thai nationality), so only the check digit decides here.
    if pin.calc_check_digit(citizen_id) != citizen_id[12]:
        return "CID_CHECK_DIGIT"
    return None


def normalise(text: str) -> str:
    """Accept the printed form 1-2345-67890-12-3 and spaces; keep digits only."""
    return "".join(ch for ch in text.strip() if ch not in "- ")


def problem_expr(column: str | pl.Expr) -> pl.Expr:
    """Vectorised ``problem``: null for a valid ID, else "CID_FORMAT" / "CID_CHECK_DIGIT"."""
    col = pl.col(column) if isinstance(column, str) else column
    well_formed = col.str.contains(r"^[0-9]{13}$").fill_null(False)
    digits = [col.str.slice(i, 1).cast(pl.Int32, strict=False) for i in range(13)]
    total = pl.sum_horizontal([d * w for d, w in zip(digits[:12], WEIGHTS, strict=True)])
    expected = (11 - total % 11) % 10
    return (
        pl.when(~well_formed)
        .then(pl.lit("CID_FORMAT"))
        .when(expected != digits[12])
        .then(pl.lit("CID_CHECK_DIGIT"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
