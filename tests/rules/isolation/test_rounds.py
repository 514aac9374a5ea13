"""The two daily HI Portal rounds (sitthi.rules.isolation.rounds).

Seed 000_a3b7e1d5dbe51319.txt, NHSO letter of 27 July 2021: "โดยแบ่งเป็น ๒ รอบ รอบที่ ๑ ภายในเวลา
๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. ของทุกวัน ทั้งนี้ หากหน่วยบริการไม่พิจารณากรณีรับ case ใน
ช่วงเวลาดังกล่าว ทางระบบจะบริหารจัดการโดยส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่น". The
boundaries (an offer at exactly 12:00:00 or 18:00:00 belongs to the next round) are our reading,
tested on both sides: 11:59, 12:00, 12:01, 17:59, 18:00, 18:01, 23:59, midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.isolation import rounds
from sitthi.rules.params import ParamLookupError, default_parameters

BKK = ZoneInfo("Asia/Bangkok")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, us, tzinfo=BKK)


@pytest.mark.parametrize(
    ("offered", "due", "round_"),
    [
        (at(2024, 3, 1, 11, 59, 59, 999_999), at(2024, 3, 1, 12), (date(2024, 3, 1), 1)),
        (at(2024, 3, 1, 12, 0, 0, 0), at(2024, 3, 1, 18), (date(2024, 3, 1), 2)),
        (at(2024, 3, 1, 12, 0, 0, 1), at(2024, 3, 1, 18), (date(2024, 3, 1), 2)),
        (at(2024, 3, 1, 17, 59, 59, 999_999), at(2024, 3, 1, 18), (date(2024, 3, 1), 2)),
        (at(2024, 3, 1, 18, 0, 0, 0), at(2024, 3, 2, 12), (date(2024, 3, 2), 1)),
        (at(2024, 3, 1, 23, 59, 59, 999_999), at(2024, 3, 2, 12), (date(2024, 3, 2), 1)),
        (at(2024, 3, 2, 0, 0, 0, 0), at(2024, 3, 2, 12), (date(2024, 3, 2), 1)),
    ],
)
def test_boundaries_to_the_microsecond(offered, due, round_):
    """Seed 000 "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น.": the last microsecond
    before 12:00 is round 1; 12:00:00.000000 is round 2; 18:00:00.000000 the next day's round 1."""
    assert rounds.deadline(offered) == due
    assert rounds.round_of(offered) == round_


def test_deadline_is_aware_and_in_bangkok():
    """Seed 000 addresses Bangkok units; times are Asia/Bangkok (ARCHITECTURE.md)."""
    due = rounds.deadline(at(2024, 3, 1, 9))
    assert due.tzinfo is not None and due.utcoffset() == timedelta(hours=7)
    assert due.tzinfo.key == "Asia/Bangkok"


def test_other_zones_are_read_in_bangkok():
    """Seed 000: the rounds are Bangkok clock times; 04:59:59 UTC is 11:59:59 in Bangkok."""
    assert rounds.deadline(datetime(2024, 3, 1, 4, 59, 59, tzinfo=UTC)) == at(2024, 3, 1, 12)
    assert rounds.deadline(datetime(2024, 3, 1, 5, 0, tzinfo=UTC)) == at(2024, 3, 1, 18)
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9: 20:00 there is 18:00 in Bangkok
    assert rounds.deadline(datetime(2024, 3, 1, 20, 0, tzinfo=tokyo)) == at(2024, 3, 2, 12)
    # 23:30 UTC on 29 Feb is 06:30 on 1 March in Bangkok: the Bangkok date decides
    assert rounds.round_of(datetime(2024, 2, 29, 23, 30, tzinfo=UTC)) == (date(2024, 3, 1), 1)


@pytest.mark.parametrize("bad", [datetime(2024, 3, 1, 9, 0), date(2024, 3, 1), "2024-03-01T09:00"])
def test_a_naive_or_non_datetime_is_a_type_error(bad):
    """Seed 000 gives clock times in Bangkok; a naive time's zone would be a guess."""
    with pytest.raises(TypeError):
        rounds.deadline(bad)
    with pytest.raises(TypeError):
        rounds.round_of(bad)


def test_no_rounds_before_the_letter():
    """Seed 000 is dated ๒๗ กรกฎาคม ๒๕๖๔ (27 July 2021): no round times before it."""
    with pytest.raises(ParamLookupError):
        rounds.deadline(at(2021, 7, 26, 23, 59))
    assert rounds.deadline(at(2021, 7, 27, 0, 0)) == at(2021, 7, 27, 12)


# --- dated parameters -------------------------------------------------------------------------------

SRC = "test override"


def overridden(first: list[dict], second: list[dict] | None = None):
    over = {rounds.ROUND_1: first}
    if second is not None:
        over[rounds.ROUND_2] = second
    return default_parameters().with_overrides(over)


def test_round_times_are_read_on_the_offer_date():
    """Seed 000: the times are dated parameters. What if round 1 closed at 10:00 from 2025: the
    rule in force on the offer's Bangkok date fixes its deadline, the next day's one included."""
    params = overridden(
        [
            {
                "from": date(2021, 7, 27),
                "until": date(2024, 12, 31),
                "value": "12:00",
                "source": SRC,
            },
            {"from": date(2025, 1, 1), "value": "10:00", "source": SRC},
        ]
    )
    assert rounds.round_times(date(2024, 12, 31), params) == (720, 1080)
    assert rounds.round_times(date(2025, 1, 1), params) == (600, 1080)
    assert rounds.deadline(at(2024, 12, 31, 19, 0), params) == at(2025, 1, 1, 12)
    assert rounds.deadline(at(2025, 1, 1, 9, 59), params) == at(2025, 1, 1, 10)
    assert rounds.deadline(at(2025, 1, 1, 10, 0), params) == at(2025, 1, 1, 18)
    assert rounds.deadline(at(2025, 1, 1, 18, 0), params) == at(2025, 1, 2, 10)
    frame = pl.DataFrame(
        {"t": [at(2024, 12, 31, 19), at(2025, 1, 1, 9, 59), at(2025, 1, 1, 10)]},
        schema={"t": rounds.TS},
    )
    got = frame.select(rounds.deadline_expr("t", params))["t"].to_list()
    assert got == [at(2025, 1, 1, 12), at(2025, 1, 1, 10), at(2025, 1, 1, 18)]


@pytest.mark.parametrize("value", ["12.00", "24:00", "9:00", "12:60", "noon"])
def test_a_round_time_not_written_hh_mm_is_refused(value):
    """Seed 000 writes the times ๑๒.๐๐ น. and ๑๘.๐๐ น.; the parameter's unit is "HH:MM"."""
    params = overridden([{"from": date(2021, 7, 27), "value": value, "source": SRC}])
    with pytest.raises(ValueError, match="HH:MM"):
        rounds.deadline(at(2024, 3, 1, 9), params)


def test_round_1_must_close_before_round_2():
    """Seed 000: round 1 (12:00) comes before round 2 (18:00) each day."""
    params = overridden([{"from": date(2021, 7, 27), "value": "18:00", "source": SRC}])
    with pytest.raises(ValueError, match="earlier"):
        rounds.deadline(at(2024, 3, 1, 9), params)


# --- over frames ----------------------------------------------------------------------------------


MOMENTS = st.datetimes(
    min_value=datetime(2021, 7, 27, 7, 0), max_value=datetime(2031, 12, 31, 23, 59)
).map(lambda d: d.replace(tzinfo=UTC))
ZONES = st.sampled_from([BKK, UTC, ZoneInfo("Asia/Tokyo"), ZoneInfo("America/New_York")])


@given(st.lists(st.tuples(MOMENTS, ZONES), max_size=30))
def test_deadline_expr_agrees_with_deadline(moments):
    """Seed 000's rule once, over a frame: the expression gives ``deadline`` for every offer,
    whatever the zone of the column."""
    for zone in ("UTC", "Asia/Bangkok"):
        times = [m.astimezone(z) for m, z in moments]
        frame = pl.DataFrame({"t": times}, schema={"t": pl.Datetime("us", zone)})
        got = frame.select(rounds.deadline_expr("t"))["t"].to_list()
        assert got == [rounds.deadline(t) for t in times]
        assert frame.select(rounds.deadline_expr("t")).schema["t"] == rounds.TS


@given(MOMENTS)
def test_every_deadline_is_a_round_time_within_18_hours(moment):
    """Seed 000: a deadline is 12:00 or 18:00, after the offer and at most 18 hours later (an
    offer at 18:00 waits until 12:00 the next day)."""
    due = rounds.deadline(moment)
    assert (due.hour, due.minute, due.second, due.microsecond) in {(12, 0, 0, 0), (18, 0, 0, 0)}
    assert timedelta(0) < due - moment <= timedelta(hours=18)
    day, number = rounds.round_of(moment)
    assert due.date() == day and due.hour == (12 if number == 1 else 18)


def test_deadline_expr_nulls_nanoseconds_and_days_before_the_letter():
    """Seed 000: no rounds before 27 July 2021 — null in the expression, an error when checked;
    a null time stays null; nanoseconds are cut to microseconds as a Python datetime holds."""
    frame = pl.DataFrame(
        {
            "t": [
                at(2024, 3, 1, 11, 59, 59, 999_999),
                None,
                at(2021, 7, 26, 9),
            ]
        },
        schema={"t": pl.Datetime("us", "Asia/Bangkok")},
    ).with_columns(pl.col("t").dt.cast_time_unit("ns") + pl.duration(nanoseconds=999))
    got = frame.select(rounds.deadline_expr("t"))["t"].to_list()
    assert got == [at(2024, 3, 1, 12), None, None]
    with pytest.raises(ParamLookupError, match="2021-07-26"):
        rounds.deadlines(frame["t"])
    assert rounds.deadlines(frame["t"].head(2)).to_list() == [at(2024, 3, 1, 12), None]


def test_deadlines_refuses_a_naive_series():
    """Seed 000 gives Bangkok clock times; Polars would read a naive column as UTC silently."""
    with pytest.raises(TypeError, match="aware"):
        rounds.deadlines(pl.Series("t", [datetime(2024, 3, 1, 9)]))
    with pytest.raises(TypeError):
        rounds.deadlines(pl.Series("t", ["2024-03-01 09:00"]))
