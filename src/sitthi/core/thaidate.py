"""Thai dates for pages: the implementation lives with the rules (it is pure), so rules and
pages word dates the same way."""

from sitthi.rules.kernel.thaitime import (
    BANGKOK,
    BE_OFFSET,
    MONTHS_EN,
    MONTHS_TH,
    bangkok_date,
    be_date,
    be_datetime,
)

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "MONTHS_EN",
    "MONTHS_TH",
    "bangkok_date",
    "be_date",
    "be_datetime",
]
