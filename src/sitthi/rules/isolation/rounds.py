"""The two daily decision rounds of the HI Portal (seed 000_a3b7e1d5dbe51319.txt, NHSO letter
สปสช. ๖.๗๐/ว.๔๗๖๐ of 27 July 2021):

    "ขอความร่วมมือให้หน่วยบริการเข้ามาติดตามจำนวนผู้ป่วยรายใหม่ เพื่อพิจารณารับ case ในระบบ HI
    Portal ไปดูแลรักษา โดยแบ่งเป็น ๒ รอบ รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา
    ๑๘.๐๐ น. ของทุกวัน ทั้งนี้ หากหน่วยบริการไม่พิจารณากรณีรับ case ในช่วงเวลาดังกล่าว ทางระบบจะ
    บริหารจัดการโดยส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่นเพื่อพิจารณารับดูแลต่อไป"

**The rule** (``deadline``): an offer made before 12:00 (Asia/Bangkok) must be decided by
12:00 the same day (round 1); one made at or after 12:00 and before 18:00 by 18:00 the same
day (round 2); one made at or after 18:00 by 12:00 the next day (round 1 of that day).

**The boundaries are our reading** — the letter names the two deadlines and nothing else:

* an offer made at exactly 12:00:00.000000 belongs to round 2 (deadline 18:00): an offer made
  *at* a deadline would otherwise be due the instant it is made, with no time to decide;
* likewise exactly 18:00:00 → 12:00 the next day; 00:00 (midnight) is simply before 12:00;
* a deadline is an instant: the offer is open before it and closed at it (the round closer
  times out every pending offer whose deadline is ≤ now).

The round times are dated parameters, ``isolation.round_1_deadline`` and
``isolation.round_2_deadline`` (unit "HH:MM", from 27 July 2021, the letter's date), read on
**the Bangkok date of the offer**: the rules in force when an offer is made fix its deadline,
including the next day's 12:00 for an evening offer (a later change of the times never moves
an offer already made). An offer before 27 July 2021 is a ``ParamLookupError``: there were no
HI Portal rounds before the letter.

Times are aware datetimes; any zone is read in Asia/Bangkok (fixed UTC+7, no daylight
saving). A naive datetime is a ``TypeError``: its zone would be a guess.

Left to people: whether a unit "decided" (took or declined) is recorded by the service; the
rule only says when the round closes. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import polars as pl

from sitthi.rules.kernel.thaitime import BANGKOK as _BKK
from sitthi.rules.kernel.thaitime import ZONE_NAME as BANGKOK
from sitthi.rules.params import ParameterSet, ParamLookupError, default_parameters

__all__ = [
    "BANGKOK",
    "ROUND_1",
    "ROUND_2",
    "SOURCE",
    "round_times",
    "round_of",
    "deadline",
    "deadline_expr",
    "deadlines",
]

TS = pl.Datetime("us", BANGKOK)

ROUND_1 = "isolation.round_1_deadline"
ROUND_2 = "isolation.round_2_deadline"
SOURCE = (
    'seed 000_a3b7e1d5dbe51319.txt: "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. '
    'ของทุกวัน"'
)

_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])\Z")
_US_PER_MINUTE = 60_000_000
_ONE_DAY = timedelta(days=1)


def _minutes(params: ParameterSet, name: str, on: date) -> int:
    """A "HH:MM" parameter as minutes after midnight; anything else is a ValueError."""
    value = params.value(name, on).value
    match = _HHMM.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{name} on {on.isoformat()}: {value!r} is not a time written HH:MM")
    return int(match[1]) * 60 + int(match[2])


def round_times(on: date, params: ParameterSet | None = None) -> tuple[int, int]:
    """Minutes after midnight of the round 1 and round 2 deadlines in force on the Bangkok day
    ``on`` (720 and 1080 from 27 July 2021). Round 1 must close before round 2."""
    params = default_parameters() if params is None else params
    first, second = _minutes(params, ROUND_1, on), _minutes(params, ROUND_2, on)
    if not first < second:
        raise ValueError(
            f"{ROUND_1} ({first // 60:02d}:{first % 60:02d}) must be earlier than "
            f"{ROUND_2} ({second // 60:02d}:{second % 60:02d}) on {on.isoformat()}"
        )
    return first, second


def _bangkok(offered_at: datetime) -> datetime:
    if not isinstance(offered_at, datetime):
        raise TypeError(f"offered_at must be a datetime, not {type(offered_at).__name__}")
    if offered_at.tzinfo is None or offered_at.utcoffset() is None:
        raise TypeError(
            "offered_at must be an aware datetime (Asia/Bangkok or any zone); a naive time "
            "is ambiguous"
        )
    return offered_at.astimezone(_BKK)


def _micro_of_day(local: datetime) -> int:
    return ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond


def round_of(offered_at: datetime, params: ParameterSet | None = None) -> tuple[date, int]:
    """The round an offer made at ``offered_at`` belongs to: (its Bangkok date, 1 or 2).
    Before 12:00 → (that day, 1); from 12:00 → (that day, 2); from 18:00 → (the next day, 1)."""
    local = _bangkok(offered_at)
    day = local.date()
    first, second = round_times(day, params)
    at = _micro_of_day(local)
    if at < first * _US_PER_MINUTE:
        return day, 1
    if at < second * _US_PER_MINUTE:
        return day, 2
    return day + _ONE_DAY, 1


def deadline(offered_at: datetime, params: ParameterSet | None = None) -> datetime:
    """When the round of an offer made at ``offered_at`` closes: an aware Asia/Bangkok
    datetime (module docstring: before 12:00 → 12:00; from 12:00 → 18:00; from 18:00 → 12:00
    the next day). Round times are read on the offer's Bangkok date."""
    local = _bangkok(offered_at)
    day = local.date()
    first, second = round_times(day, params)
    at = _micro_of_day(local)
    if at < first * _US_PER_MINUTE:
        due_day, minutes = day, first
    elif at < second * _US_PER_MINUTE:
        due_day, minutes = day, second
    else:
        due_day, minutes = day + _ONE_DAY, first
    midnight = datetime(due_day.year, due_day.month, due_day.day, tzinfo=_BKK)
    return midnight + timedelta(minutes=minutes)


# --- over frames ----------------------------------------------------------------------------


def _segments(params: ParameterSet) -> list[tuple[date, date | None, int, int]]:
    """The date ranges over which both round times are constant: (from, until inclusive or
    None, round 1 minutes, round 2 minutes). Days with no value of either are left out."""
    cuts = set()
    for name in (ROUND_1, ROUND_2):
        for v in params.parameter(name).values:
            cuts.add(v.valid_from)
            if v.valid_until is not None:
                cuts.add(v.valid_until + _ONE_DAY)
    bounds = sorted(cuts)
    out = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - _ONE_DAY if i + 1 < len(bounds) else None
        try:
            first, second = round_times(start, params)
        except ParamLookupError:
            continue  # a gap in either parameter
        out.append((start, end, first, second))
    return out


def deadline_expr(col: str | pl.Expr, params: ParameterSet | None = None) -> pl.Expr:
    """``deadline`` over a column of offer times: a ``Datetime("us", "Asia/Bangkok")``
    expression, the same rule and boundaries, round times read on each offer's Bangkok date.

    The column must be time-zone aware (any zone; nanoseconds are truncated to microseconds,
    as a Python datetime would hold them). Polars reads a naive column as UTC without a word,
    so a frame of unknown provenance goes through ``deadlines`` (checked) instead. A null
    time gives null; so does a date with no round times in force (before 27 July 2021), where
    ``deadline`` and ``deadlines`` raise ``ParamLookupError``."""
    params = default_parameters() if params is None else params
    c = pl.col(col) if isinstance(col, str) else col
    wall = c.dt.convert_time_zone(BANGKOK).dt.cast_time_unit("us").dt.replace_time_zone(None)
    midnight = wall.dt.truncate("1d")
    at = (wall - midnight).dt.total_microseconds()
    day = midnight.dt.date()

    none = pl.lit(None, dtype=pl.Int64)
    first = second = None  # when/then chains, one branch per segment
    for start, end, r1, r2 in _segments(params):
        inside = day >= pl.lit(start) if end is None else day.is_between(start, end)
        us1 = pl.lit(r1 * _US_PER_MINUTE, dtype=pl.Int64)
        us2 = pl.lit(r2 * _US_PER_MINUTE, dtype=pl.Int64)
        first = (pl.when(inside) if first is None else first.when(inside)).then(us1)
        second = (pl.when(inside) if second is None else second.when(inside)).then(us2)
    first_us = none if first is None else first.otherwise(none)
    second_us = none if second is None else second.otherwise(none)

    due = (
        pl.when(at < first_us)
        .then(midnight + pl.duration(microseconds=first_us))
        .when(at < second_us)
        .then(midnight + pl.duration(microseconds=second_us))
        .otherwise(midnight + pl.duration(days=1) + pl.duration(microseconds=first_us))
    )
    # null round times make every branch null, never a silent default
    return pl.when(first_us.is_not_null()).then(due).dt.replace_time_zone(BANGKOK).cast(TS)


def deadlines(offered_at: pl.Series, params: ParameterSet | None = None) -> pl.Series:
    """``deadline`` over a Series, checked: a naive or non-datetime Series is a ``TypeError``
    and an offer on a day with no round times a ``ParamLookupError`` (as the scalar rule);
    null times give null deadlines. The result is named ``deadline``."""
    dtype = offered_at.dtype
    if not isinstance(dtype, pl.Datetime) or dtype.time_zone is None:
        raise TypeError(
            f"offer times must be a time-zone aware Datetime Series, not {dtype}; a naive "
            "time is ambiguous"
        )
    params = default_parameters() if params is None else params
    out = (
        offered_at.to_frame("offered_at")
        .select(deadline_expr("offered_at", params).alias("deadline"))
        .to_series()
    )
    missing = offered_at.is_not_null() & out.is_null()
    if missing.any():
        first = offered_at.filter(missing).dt.convert_time_zone(BANGKOK).dt.date().min()
        round_times(first, params)  # raises ParamLookupError naming the parameter and day
        raise AssertionError("unreachable: round times exist but no deadline was computed")
    return out
