"""How ``price`` finds a line's tariff row without a join (sitthi.rules.claims.price).

``price`` casts the item code to an ``Enum`` of the tariff's codes, picks among the dated rows
of a revised code by the time segment of the service instant, and checks the row is in force
with two integer comparisons of that instant (``in_force_instants``) instead of a Bangkok date
per line. These tests hold it to the
join it replaced — the lines joined with the tariff on item code, then filtered on the Bangkok
service date (``lines_in_force``) — row for row and value for value, in the same order; and
the instants to ``in_force_expr(service_date_expr(...))``. DOMAIN.md §3: "a claim is priced by
the rates in force on its service date"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import payable_expr, price, tariff_satang_expr
from sitthi.rules.claims.tariff import (
    check_tariff,
    claim_programmes,
    default_tariff,
    in_force_expr,
    in_force_instants,
    lines_in_force,
    service_date_expr,
)
from tests.rules.claims.builders import BKK, at, claim, frames, line, tariff_row

DAY_US = 86_400 * 1_000_000
BKK_OFFSET_US = 7 * 3600 * 1_000_000
#: 1920-04-01 00:00 Bangkok Mean Time, when Bangkok took UTC+7 (tariff._BKK_FIXED_SINCE_US).
FIXED_SINCE_US = -1_570_084_924 * 1_000_000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def join_price(claims: pl.DataFrame, lines: pl.DataFrame, tariff: pl.DataFrame) -> pl.DataFrame:
    """The pricing ``price`` replaced, kept as its oracle: a join on the claim's programme and
    the item code, the in-force filter on the Bangkok date, and the amounts in 128 bits."""
    check_tariff(tariff)
    priceable = (
        lines.lazy()
        .select(list(schema.LINES))
        .filter(
            pl.col("claim_id").is_in(claims.get_column("claim_id").implode()),
            pl.col("quantity_milli") > 0,
            pl.col("charged_satang") > 0,
        )
        .join(claim_programmes(claims), on="claim_id", how="inner", maintain_order="left")
    )
    return (
        lines_in_force(priceable, tariff)
        .with_columns(tariff_satang=tariff_satang_expr(wide=True))
        .select(
            "claim_id",
            "line_no",
            "schedule",
            "unit_price_satang",
            "tariff_satang",
            payable_expr().alias("payable_satang"),
            pl.col("pricing").alias("rule"),
            pl.col("valid_from").alias("tariff_valid_from"),
            pl.col("valid_until").alias("tariff_valid_until"),
            pl.col("source").alias("tariff_source"),
            "illustrative",
        )
        .collect()
        .cast(schema.PRICED)
    )


# --- codes with several dated rows -----------------------------------------------------------

BASE = date(2022, 4, 20)
#: Days around 1 April 1920, when Bangkok took UTC+7 (before it, no service date).
BASES = st.sampled_from([BASE, date(1920, 3, 29)])


def dated(
    code: str, start: int, end: int | None, price_satang: int, base: date = BASE, **kw
) -> dict:
    return tariff_row(
        code,
        price_satang,
        base + timedelta(days=start),
        None if end is None else base + timedelta(days=end),
        source=f"{code} from day {start}",
        **kw,
    )


def test_a_code_with_several_dated_rows_is_priced_by_the_row_of_the_service_date():
    """A price change on day 5, a gap on days 9-11, a flat rate from day 12; before the first
    row, in the gap and with no service time nothing is priced."""
    tariff = pl.DataFrame(
        [
            dated("ROOM", 12, None, 250000, pricing="tariff"),  # rows in any order
            dated("ROOM", 0, 4, 35000),
            dated("UNIT", 0, None, 100),
            dated("ROOM", 5, 8, 40000),
        ],
        schema=schema.TARIFF,
    )

    def served(day: int, us: int = 0) -> datetime:
        return datetime.combine(BASE + timedelta(days=day), datetime.min.time(), BKK) + timedelta(
            microseconds=us
        )

    cases = [  # (day, µs after Bangkok midnight, expected unit price or None)
        (-1, 0, None),
        (0, -1, None),
        (0, 0, 35000),
        (4, DAY_US - 1, 35000),
        (5, 0, 40000),
        (8, DAY_US - 1, 40000),
        (9, 0, None),
        (11, DAY_US - 1, None),
        (12, 0, 250000),
        (4000, 0, 250000),
    ]
    lines = [
        line(line_no=i, item_code="ROOM", served_at=served(day, us), charged_satang=10**6)
        for i, (day, us, _) in enumerate(cases, start=1)
    ]
    lines.append(line(line_no=99, item_code="ROOM", served_at=None))
    lines.append(line(line_no=100, item_code="UNIT", served_at=served(-1)))
    f = frames(lines=lines)
    out = price(f["claims"], f["lines"], tariff)
    priced = [(i, p) for i, (_, _, p) in enumerate(cases, start=1) if p is not None]
    assert list(zip(out["line_no"], out["unit_price_satang"], strict=True)) == priced
    assert out.filter(pl.col("unit_price_satang") == 250000)["payable_satang"].to_list() == [
        500000,
        500000,
    ]  # 2 units at the flat rate, whatever the charge
    assert out.equals(join_price(f["claims"], f["lines"], tariff))


@st.composite
def dated_tariff(draw, base: date) -> pl.DataFrame:
    """One to five codes, each with one to three dated rows from around ``base`` (adjacent,
    with gaps, one-day, open-ended), in shuffled order."""
    rows = []
    for code in draw(st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), min_size=1, unique=True)):
        start, count = draw(st.integers(-3, 3)), draw(st.integers(1, 3))
        for n in range(count):
            if n:
                start += draw(st.integers(0, 3))  # 0: adjacent to the row before
            length = draw(st.integers(0, 4))  # 0: a one-day row
            end = None if n == count - 1 and draw(st.booleans()) else start + length
            rows.append(
                dated(
                    code,
                    start,
                    end,
                    draw(st.integers(1, 10**7)),
                    base,
                    pricing=draw(st.sampled_from(["lower_of_charge_and_tariff", "tariff"])),
                    schedule=draw(st.sampled_from(["s1", "s2"])),
                    illustrative=draw(st.booleans()),
                )
            )
            start = (end or 0) + 1
    return pl.DataFrame(draw(st.permutations(rows)), schema=schema.TARIFF)


def instants_near(base: date) -> st.SearchStrategy[datetime]:
    """Around the UTC+7 midnights of the days near ``base`` (in UTC: a Bangkok wall time of
    the 1920 change may not exist)."""
    midnight = datetime.combine(base, datetime.min.time(), UTC) - timedelta(hours=7)
    return st.builds(
        lambda day, us: midnight + timedelta(days=day, microseconds=us),
        st.integers(-5, 25),
        st.sampled_from([0, 1, -1, DAY_US // 2, DAY_US - 1]),
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_price_agrees_with_the_join_it_replaced(data):
    base = data.draw(BASES)
    tariff = data.draw(dated_tariff(base))
    n = data.draw(st.integers(1, 30))

    def column(strategy):
        return data.draw(st.lists(strategy, min_size=n, max_size=n))

    lines = pl.DataFrame(
        {
            "claim_id": column(st.integers(1, 4)),
            "line_no": list(range(1, n + 1)),
            "item_code": column(st.sampled_from(["A", "B", "C", "D", "E", "a", "A ", ""])),
            "quantity_milli": column(st.integers(-1000, 10**7)),
            "served_at": column(st.none() | instants_near(base)),
            "charged_satang": column(st.integers(-100, 10**10)),
        },
        schema=schema.LINES,
    )
    claims = pl.DataFrame([claim(1), claim(2), claim(3)], schema=schema.CLAIMS)
    assert price(claims, lines, tariff).equals(join_price(claims, lines, tariff))


def revised(tariff: pl.DataFrame, on: date, by_satang: int) -> pl.DataFrame:
    """``tariff`` with every open-ended row that started before ``on`` closed the day before
    and continued from ``on`` at a new price: a fee schedule revision."""
    open_ended = pl.col("valid_until").is_null() & (pl.col("valid_from") < on)
    closed = tariff.with_columns(
        valid_until=pl.when(open_ended)
        .then(pl.lit(on - timedelta(days=1)))
        .otherwise("valid_until")
    )
    continued = tariff.filter(open_ended).with_columns(
        valid_from=pl.lit(on), unit_price_satang=pl.col("unit_price_satang") + by_satang
    )
    return pl.concat([closed, continued])


@pytest.mark.parametrize("revisions", [0, 1, 2])
def test_a_national_batch_is_priced_as_the_join_did_in_the_same_order(revisions):
    """Enough lines for the streaming engine to split the work in many morsels, over the
    demo tariff (withdrawn diabetes codes, a flat rate from 2022), as shipped and revised
    once or twice: same rows, same order."""
    tariff = default_tariff()
    days = [date(2019, 10, 1), date(2023, 1, 1)][:revisions]
    for on in days:
        tariff = revised(tariff, on, 1234)
    rng = np.random.default_rng(7)
    n = 300_000
    codes = np.array([*sorted(set(tariff["item_code"])), "ZZZ1"])
    start = np.datetime64("2017-03-31T12:00:00", "us")
    lines = pl.DataFrame(
        {
            "claim_id": rng.permutation(n) // 4,
            "line_no": (np.arange(n) % 4 + 1).astype(np.int32),
            "item_code": rng.choice(codes, n),
            "quantity_milli": rng.integers(-10, 10_001, n),
            "served_at": start + rng.integers(0, 8 * 366 * DAY_US, n).astype("timedelta64[us]"),
            "charged_satang": rng.integers(-10, 500_001, n),
        }
    ).with_columns(pl.col("served_at").dt.replace_time_zone("UTC"))
    lines = lines.cast(schema.LINES)
    claims = pl.DataFrame([claim(i) for i in range(0, n // 4, 3)], schema=schema.CLAIMS)
    out = price(claims, lines, tariff)
    assert out.height > n // 4
    assert set(days) <= set(out["tariff_valid_from"])
    assert out.equals(join_price(claims, lines, tariff))


# --- the instants a tariff row is in force ------------------------------------------------------

DAYS = st.one_of(
    st.integers(-30_000, 30_000),  # 1888 … 2052
    st.integers(-(2**31), 2**31 - 1),  # the whole Date range
    st.sampled_from([-(2**31), -18_172, -18_171, 106_751_990, 106_751_991, 2**31 - 1]),
)


#: Epoch µs that ``service_date_expr`` can date: it adds 7 h to the Int64.
DATABLE = st.integers(INT64_MIN, INT64_MAX - BKK_OFFSET_US)


def edges(ranges: list[tuple[int, int | None]]) -> list[int]:
    """The instants around each Bangkok midnight that starts or ends a range, and around the
    1920 switch to UTC+7."""
    days = {d for lo, hi in ranges for d in (lo, None if hi is None else hi + 1) if d is not None}
    near = [d * DAY_US - BKK_OFFSET_US + us for d in days for us in (-1, 0, 1)]
    near += [FIXED_SINCE_US + us for us in (-1, 0, 1)]
    return [e for e in near if INT64_MIN <= e <= INT64_MAX - BKK_OFFSET_US]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(DAYS, st.none() | DAYS), min_size=1, max_size=5),
    st.lists(DATABLE, max_size=10),
    st.sampled_from(["UTC", schema.BANGKOK]),
)
def test_in_force_instants_agree_with_the_bangkok_service_date(ranges, epochs, zone):
    """``first_us <= at <= last_us`` is ``in_force_expr`` on ``service_date_expr(at)`` (no date:
    not in force), for any dates a tariff can carry and any instant that can be dated, in
    particular the microseconds around the midnights where a row starts and ends."""
    rows = [(lo, hi) if hi is None or hi >= lo else (hi, lo) for lo, hi in ranges]
    tariff = pl.DataFrame(
        {"valid_from": [lo for lo, _ in rows], "valid_until": [hi for _, hi in rows]},
        schema={"valid_from": pl.Int32, "valid_until": pl.Int32},
    ).cast(pl.Date)
    bounds = in_force_instants(tariff)
    served = pl.Series("at", epochs + edges(rows), dtype=pl.Int64).cast(pl.Datetime("us", zone))
    pairs = pl.concat([tariff, bounds], how="horizontal").join(
        pl.DataFrame({"at": served}), how="cross"
    )
    out = pairs.select(
        fast=pl.col("at").dt.epoch("us").is_between("first_us", "last_us"),
        slow=in_force_expr(service_date_expr("at")).fill_null(False),
    )
    assert out["fast"].to_list() == out["slow"].to_list()


def test_in_force_instants_of_a_row():
    """From 00:00 of the first day in Bangkok (17:00 UTC the day before) to the last µs of the
    last day; open-ended to the largest instant; never before 1 April 1920 (UTC+7 since)."""
    tariff = pl.DataFrame(
        {
            "valid_from": [date(2022, 4, 25), date(1900, 1, 1)],
            "valid_until": [date(2022, 4, 25), None],
        }
    )
    first, last = in_force_instants(tariff).rows()[0]
    utc = datetime(1970, 1, 1)
    assert utc + timedelta(microseconds=first) == datetime(2022, 4, 24, 17)
    assert utc + timedelta(microseconds=last + 1) == datetime(2022, 4, 25, 17)
    assert in_force_instants(tariff).row(1) == (FIXED_SINCE_US, INT64_MAX)
    assert int(at(2022, 4, 25).timestamp()) * 1_000_000 == first
