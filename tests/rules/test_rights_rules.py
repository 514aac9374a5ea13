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


# -- the funds whose network a hospital is in (rights.contract_funds) -----------------------------

CONTRACT_SCHEMA = {
    "hospital": pl.String,
    "fund": pl.String,
    "valid_from": pl.Date,
    "valid_until": pl.Date,
}
#: The conftest's Khon Kaen MOPH hospital: UCS and OFC open-ended, SSS ended 31 Dec 2023; a
#: second contract row of UCS (renewed) overlapping the first.
CONTRACTS = pl.DataFrame(
    [
        ("10670", "UCS", date(2020, 1, 1), None),
        ("10670", "OFC", date(2020, 1, 1), None),
        ("10670", "SSS", date(2020, 1, 1), date(2023, 12, 31)),
        ("10670", "UCS", date(2023, 1, 1), None),
        ("13001", "UCS", date(2024, 1, 1), None),
    ],
    schema=CONTRACT_SCHEMA,
    orient="row",
)


def held(hospital, on, contracts=CONTRACTS, qid=0):
    q = pl.DataFrame(
        {"qid": [qid], "hospital": [hospital], "on": [on]},
        schema={"qid": pl.Int64, "hospital": pl.String, "on": pl.Date},
    )
    return rights.contract_funds(q, contracts)["contract_funds"][0].to_list()


def test_contract_funds_on_the_contracts_boundary_days():
    """Seed 001_9fcdabf8e5dd4edb.txt §1: "กรณีเข้ารับการรักษาในรพ.ของรัฐหรือรพ.เอกชนที่ป็นคู่สัญญากับ
    กองทุนหลักประกันสุขภาพ ... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ" — the hospital is in the network of
    each fund it has a contract with that day; the range is inclusive at both ends."""
    assert held("10670", date(2019, 12, 31)) == []  # the day before the contracts
    assert held("10670", date(2020, 1, 1)) == ["OFC", "SSS", "UCS"]  # their first day
    assert held("10670", date(2023, 12, 31)) == ["OFC", "SSS", "UCS"]  # SSS's last day
    assert held("10670", date(2024, 1, 1)) == ["OFC", "UCS"]  # the day after it ended
    assert held("13001", date(2023, 12, 31)) == [] and held("13001", date(2024, 1, 1)) == ["UCS"]


def test_contract_funds_of_a_hospital_without_contracts_is_empty():
    """Seed 001 §1: "เป็นโรงพยาบาลนอกคู่สัญญากับกองทุนที่ผู้ป่วยมีสิทธิ" — a hospital with no
    contract is outside every fund's network (an empty list, not null)."""
    assert held("90001", date(2024, 1, 1)) == []
    assert held("90001", date(2024, 1, 1), CONTRACTS.clear()) == []
    assert held(None, date(2024, 1, 1)) == []


def test_contract_funds_answers_every_query_once_in_order():
    """One row per query, in the order given (a batch of claims keeps its claims)."""
    q = pl.DataFrame(
        {
            "qid": [7, 3, 5],
            "hospital": ["13001", "10670", "90001"],
            "on": [date(2024, 6, 1), date(2023, 6, 1), date(2024, 6, 1)],
        }
    )
    out = rights.contract_funds(q, CONTRACTS)
    assert out["qid"].to_list() == [7, 3, 5]
    assert out["contract_funds"].to_list() == [["UCS"], ["OFC", "SSS", "UCS"], []]


@given(st.integers(0, 2000), st.lists(st.sampled_from(["UCS", "SSS", "OFC", "LGO"]), max_size=6))
def test_contract_funds_agrees_with_network_fund_by_fund(offset, funds):
    """Seed 001 §1, one fund at a time: ``contract_funds`` lists exactly the funds for which
    ``network`` says ``in_network``."""
    start = date(2020, 1, 1)
    contracts = pl.DataFrame(
        [
            ("10670", f, start + timedelta(days=90 * i), start + timedelta(days=90 * i + 300))
            for i, f in enumerate(funds)
        ],
        schema=CONTRACT_SCHEMA,
        orient="row",
    )
    on = start + timedelta(days=offset)
    q = pl.DataFrame(
        {
            "qid": list(range(4)),
            "hospital": ["10670"] * 4,
            "fund": ["UCS", "SSS", "OFC", "LGO"],
            "on": [on] * 4,
        }
    )
    by_fund = rights.network(q, contracts).filter(pl.col("in_network"))["fund"].sort().to_list()
    assert held("10670", on, contracts) == by_fund
