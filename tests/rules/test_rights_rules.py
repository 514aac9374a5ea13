"""Rights in force on a date and contract networks, over Polars frames.
DOMAIN.md "Identifiers and reference data" (one main right at a time, with dates; dated
contracts) and seed 001_9fcdabf8e5dd4edb.txt §1 (a hospital in the fund's contract network
uses the fund's normal system)."""

from datetime import date, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules import rights

RIGHTS = pl.DataFrame(
    {
        "id": [1, 2, 3],
        "citizen_id": ["A", "A", "B"],
        "valid_from": [date(2015, 1, 1), date(2023, 7, 1), date(2020, 1, 1)],
        "valid_until": [date(2023, 6, 30), None, date(2020, 12, 31)],
    }
)


def ask(cid, on, qid=0):
    return pl.DataFrame({"qid": [qid], "citizen_id": [cid], "on": [on]})


def test_boundaries_are_inclusive():
    assert rights.rights_on(ask("A", date(2014, 12, 31)), RIGHTS)["id"][0] is None
    assert rights.rights_on(ask("A", date(2015, 1, 1)), RIGHTS)["id"][0] == 1
    assert rights.rights_on(ask("A", date(2023, 6, 30)), RIGHTS)["id"][0] == 1
    assert rights.rights_on(ask("A", date(2023, 7, 1)), RIGHTS)["id"][0] == 2
    assert rights.rights_on(ask("B", date(2021, 1, 1)), RIGHTS)["id"][0] is None
    assert rights.rights_on(ask("C", date(2021, 1, 1)), RIGHTS)["id"][0] is None


def test_every_query_row_comes_back_once_even_with_overlaps():
    bad = pl.concat(
        [
            RIGHTS,
            pl.DataFrame(
                {
                    "id": [9],
                    "citizen_id": ["A"],
                    "valid_from": [date(2023, 1, 1)],
                    "valid_until": [None],
                },
                schema=RIGHTS.schema,
            ),
        ]
    )
    queries = pl.concat(
        [
            ask("A", date(2023, 2, 1), 0),
            ask("A", date(2010, 1, 1), 1),
            ask("B", date(2020, 5, 5), 2),
        ]
    )
    out = rights.rights_on(queries, bad).sort("qid")
    assert out["qid"].to_list() == [0, 1, 2]
    assert out["id"].to_list() == [1, None, 3]
    assert out["overlap"].to_list() == [True, False, False]


def test_network_by_contract_dates():
    contracts = pl.DataFrame(
        {
            "id": [7],
            "hospital": ["10670"],
            "fund": ["SSS"],
            "valid_from": [date(2020, 1, 1)],
            "valid_until": [date(2023, 12, 31)],
        }
    )
    q = pl.DataFrame(
        {
            "qid": [0, 1, 2, 3, 4],
            "hospital": ["10670", "10670", "10670", "90001", None],
            "fund": ["SSS", "SSS", "UCS", "SSS", "SSS"],
            "on": [
                date(2023, 12, 31),
                date(2024, 1, 1),
                date(2023, 1, 1),
                date(2023, 1, 1),
                date(2023, 1, 1),
            ],
        }
    )
    out = rights.network(q, contracts).sort("qid")
    assert out["in_network"].to_list() == [True, False, False, False, None]


@st.composite
def periods(draw):
    """Non-overlapping inclusive periods for one person, with gaps."""
    start = date(2000, 1, 1) + timedelta(days=draw(st.integers(0, 100)))
    rows = []
    for i in range(draw(st.integers(1, 5))):
        length = draw(st.integers(0, 400))
        open_end = draw(st.booleans()) and i == 4
        rows.append((i, start, None if open_end else start + timedelta(days=length)))
        start = start + timedelta(days=length + 1 + draw(st.integers(0, 30)))
    return rows


@given(periods(), st.integers(0, 3000))
def test_the_answer_is_the_one_period_that_contains_the_day(rows, offset):
    table = pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "citizen_id": ["X"] * len(rows),
            "valid_from": [r[1] for r in rows],
            "valid_until": [r[2] for r in rows],
        },
        schema={
            "id": pl.Int64,
            "citizen_id": pl.String,
            "valid_from": pl.Date,
            "valid_until": pl.Date,
        },
    )
    on = date(2000, 1, 1) + timedelta(days=offset)
    expected = [r[0] for r in rows if r[1] <= on and (r[2] is None or on <= r[2])]
    got = rights.rights_on(ask("X", on), table)["id"][0]
    assert got == (expected[0] if expected else None)
    assert len(expected) <= 1


def test_ranges_overlap():
    d = date
    assert rights.ranges_overlap(d(2020, 1, 1), d(2020, 12, 31), d(2020, 12, 31), None)
    assert not rights.ranges_overlap(d(2020, 1, 1), d(2020, 12, 31), d(2021, 1, 1), None)
    assert rights.ranges_overlap(d(2020, 1, 1), None, d(2030, 1, 1), d(2030, 1, 2))
