"""Dates as Thai readers read them: Buddhist Era (พ.ศ. = ค.ศ. + 543), abbreviated months; and
the one declaration of the project's time zone (``ZONE_NAME`` for Polars dtypes, ``BANGKOK``
for datetimes). Django's ``settings.TIME_ZONE`` names the same zone for the web side."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

#: The zone every rule judges time in (fixed UTC+7, no daylight saving since 1920).
ZONE_NAME = "Asia/Bangkok"
BANGKOK = ZoneInfo(ZONE_NAME)
BE_OFFSET = 543
MONTHS_TH = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def be_date(value: date | datetime | None, lang: str = "th") -> str:
    """1 มี.ค. 2567 (Thai) or 1 Mar 2567 BE (English). Datetimes are shown in Bangkok time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BANGKOK) if value.tzinfo else value
        d = value.date()
    else:
        d = value
    year = d.year + BE_OFFSET
    if lang.startswith("en"):
        return f"{d.day} {MONTHS_EN[d.month - 1]} {year} BE"
    return f"{d.day} {MONTHS_TH[d.month - 1]} {year}"


def be_datetime(value: datetime | None, lang: str = "th") -> str:
    """1 มี.ค. 2567 08:00 น. in Bangkok time."""
    if value is None:
        return ""
    local = value.astimezone(BANGKOK)
    suffix = " น." if not lang.startswith("en") else ""
    return f"{be_date(local, lang)} {local:%H:%M}{suffix}"


def bangkok_date(moment: datetime) -> date:
    """The calendar date of an aware moment in Bangkok: the day rules are judged by."""
    return moment.astimezone(BANGKOK).date()


def completed_years(born: date, on: date) -> int:
    """Age in completed years (อายุเต็มปี) on ``on``: the birthday itself counts; a person born
    on 29 February turns a year older on 1 March in a common year. ``on`` before ``born`` is
    an error, never a negative age."""
    if on < born:
        raise ValueError(f"{on} is before the birth date {born}")
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
