"""Dates as Thai readers read them: Buddhist Era (พ.ศ. = ค.ศ. + 543), abbreviated months; and
the one declaration of the project's time zone (``ZONE_NAME`` for Polars dtypes, ``BANGKOK``
for datetimes). Django's ``settings.TIME_ZONE`` names the same zone for the web side."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


#: A typed year at or above this is a Buddhist-Era year (พ.ศ.); 1900–2200 is a Christian-Era one.
BE_FROM = 2400
CE_RANGE = (1900, 2200)
#: The earliest date a form accepts, and how many years past today a date may lie.
EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 20
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


class DateUnread(ValueError):
    """Why a typed date was refused: ``code`` is DATE_INVALID (not a date at all, or a day the
    calendar lacks) or DATE_ABSURD (a real date, but outside EARLIEST .. today + YEARS_AHEAD);
    ``params`` fill the message, with the dates in the Buddhist Era."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class DateRead:
    """A typed date and how it was read: ``era`` is "BE" or "CE" (the year as typed)."""

    value: date
    era: str

    def hint(self, lang: str = "th") -> str:
        """อ่านเป็น 1 มี.ค. 2567 (ค.ศ. 2024) — what the form understood."""
        d = self.value
        if lang.startswith("en"):
            return f"read as {d.day} {MONTHS_EN[d.month - 1]} {d.year} CE ({d.year + BE_OFFSET} BE)"
        return f"อ่านเป็น {be_date(d)} (ค.ศ. {d.year})"


def read_date(text: str, today: date) -> DateRead:
    """A date as a Thai form user types it: ``dd/mm/yyyy`` (also ``d/m/yyyy``, with ``.`` or
    ``-``) or ``yyyy-mm-dd``. A year of 2400 or more is Buddhist Era (minus 543), 1900–2200
    Christian Era, any other year is refused. ``today`` (Bangkok) bounds the future."""
    raw = (text or "").strip()
    m = _YMD.match(raw)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DMY.match(raw)
        if not m:
            raise DateUnread("DATE_INVALID", value=raw)
        day, month, year = (int(g) for g in m.groups())
    latest = date(today.year + YEARS_AHEAD, today.month, min(today.day, 28))
    if year >= BE_FROM:
        era, ce_year = "BE", year - BE_OFFSET
    elif CE_RANGE[0] <= year <= CE_RANGE[1]:
        era, ce_year = "CE", year
    else:
        raise DateUnread(
            "DATE_ABSURD",
            value=raw,
            earliest=(be_date(EARLIEST), be_date(EARLIEST, "en")),
            latest=(be_date(latest), be_date(latest, "en")),
        )
    try:
        value = date(ce_year, month, day)
    except ValueError:
        if 1 <= month <= 12:  # a day the month lacks (30 Feb): say it in the Buddhist Era
            be_year = ce_year + BE_OFFSET
            raw = (
                f"{day} {MONTHS_TH[month - 1]} {be_year}",
                f"{day} {MONTHS_EN[month - 1]} {be_year} BE",
            )
        raise DateUnread("DATE_INVALID", value=raw) from None
    if value < EARLIEST or value > latest:
        raise DateUnread(
            "DATE_ABSURD",
            value=(be_date(value), be_date(value, "en")),
            earliest=(be_date(EARLIEST), be_date(EARLIEST, "en")),
            latest=(be_date(latest), be_date(latest, "en")),
        )
    return DateRead(value, era)


def form_value(value: date | str | None) -> str:
    """What a date field shows: a date as dd/mm/yyyy in the Buddhist Era, typed text as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    return str(value)


def form_datetime_value(value: datetime | str | None) -> str:
    """What a date-and-time field shows: a moment as dd/mm/yyyy HH:MM in Bangkok with the
    Buddhist-Era year (01/03/2567 10:30), typed text as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(BANGKOK) if value.tzinfo else value
        return f"{form_value(local.date())} {local:%H:%M}"
    return str(value)


def datetime_hint(value: datetime, lang: str = "th") -> str:
    """อ่านเป็น 1 มี.ค. 2567 10:30 น. (ค.ศ. 2024) — what a date-and-time field understood."""
    if lang.startswith("en"):
        d = value.date()
        return (
            f"read as {d.day} {MONTHS_EN[d.month - 1]} {d.year} {value:%H:%M}"
            f" CE ({d.year + BE_OFFSET} BE)"
        )
    return f"อ่านเป็น {be_date(value.date())} {value:%H:%M} น. (ค.ศ. {value.year})"


_TIME = re.compile(r"^(.+?)[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def read_datetime(text: str, today: date) -> datetime:
    """A date and time as a form sends it (``2024-03-01T10:30``, or ``01/03/2567 10:30``),
    naive (the caller puts it in Bangkok): the date part is read by ``read_date`` (so a
    Buddhist-Era year typed into the field is read as such, and an absurd year refused); a
    time outside 00:00–23:59 is DATETIME_INVALID. An ISO text with an offset is kept as sent."""
    raw = (text or "").strip()
    m = _TIME.match(raw)
    if m is None:
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise DateUnread("DATETIME_INVALID", value=raw) from None
        read_date(value.date().isoformat(), today)  # the year must still be sensible
        return value
    day = read_date(m.group(1), today).value
    hour, minute, second = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateUnread("DATETIME_INVALID", value=raw)
    return datetime(day.year, day.month, day.day, hour, minute, second)
