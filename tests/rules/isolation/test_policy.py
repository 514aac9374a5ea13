"""The offer policy (sitthi.rules.isolation.policy): which unit a case is offered to, one case
(``choose_unit``) or a whole batch (``assign_round``, equal to one by one in case order).

Seed 000_a3b7e1d5dbe51319.txt: "สปสช. ส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังเครือข่ายหน่วยบริการในพื้นที่
กรุงเทพมหานคร" and "หากหน่วยบริการไม่พิจารณากรณีรับ case ในช่วงเวลาดังกล่าว ทางระบบจะบริหารจัดการโดย
ส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่นเพื่อพิจารณารับดูแลต่อไป". Which other unit is our
stated policy (issue 5): free capacity, not already tried, same district first, least loaded,
ties by code; none left → the NHSO queue."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.rules.isolation import _engine, policy
from sitthi.rules.isolation.policy import UnitState, choose_unit

SEED_000 = "seed 000_a3b7e1d5dbe51319.txt"


def U(unit: str, district: str, capacity: int, load: int = 0) -> UnitState:
    return UnitState(unit, district, capacity, load)


def frames(cases: list[tuple], units: list[tuple]) -> tuple[pl.DataFrame, pl.DataFrame]:
    c = pl.DataFrame(cases, schema=policy.CASES, orient="row")
    u = pl.DataFrame(units, schema=policy.UNITS, orient="row")
    return c, u


def one_by_one(cases: list[tuple], units: list[tuple]) -> list[tuple]:
    """The definition: choose_unit case after case in case_id order, loads growing."""
    states = [UnitState(*row) for row in units]
    ordered = sorted(cases, key=lambda c: c[0])
    return policy.assign_one_by_one([(i, d, ex or []) for i, d, ex in ordered], states)


# --- one case ------------------------------------------------------------------------------------


def test_same_district_first_then_least_loaded_then_code():
    """Seed 000 sends cases to Bangkok's network; our policy: the case's district first (even a
    busier unit), else the lowest load ratio anywhere, equal ratios by the lower code."""
    units = [U("A", "บางนา", 10, 9), U("B", "ดุสิต", 10, 0), U("C", "ดุสิต", 4, 1), U("D", "ดุสิต", 8, 2)]
    assert choose_unit("บางนา", set(), units) == "A"
    assert choose_unit("พระนคร", set(), units) == "B"  # a district with no unit: anywhere
    assert choose_unit("พระนคร", {"B"}, units) == "C"  # 1/4 = 2/8 exactly: C before D
    assert choose_unit("บางนา", {"A"}, units) == "B"  # own district tried: anywhere


def test_ratios_are_compared_exactly():
    """Seed 000's hand-on by our least-loaded rule: 1/3 is more than 333,333/1,000,000 and less
    than 333,334/1,000,000 — compared exactly, not in floating point."""
    units = [U("B", "x", 3, 1), U("A", "x", 1_000_000, 333_334)]
    assert choose_unit("x", set(), units) == "B"
    units = [U("B", "x", 3, 1), U("A", "x", 1_000_000, 333_333)]
    assert choose_unit("x", set(), units) == "A"
    units = [U("B", "x", 3, 1), U("A", "x", 999_999, 333_333)]  # equal: the code decides
    assert choose_unit("x", set(), units) == "A"


def test_full_excluded_and_overfull_units_are_never_chosen():
    """Seed 000: a case goes to a unit "เพื่อพิจารณารับดูแล" — only a unit with room, never one
    that already declined it or let it time out; no such unit left → the NHSO queue (None)."""
    units = [U("A", "x", 2, 2), U("B", "x", 0, 0), U("C", "x", 3, 5), U("D", "y", 5, 0)]
    assert choose_unit("x", set(), units) == "D"
    assert choose_unit("x", {"D"}, units) is None
    assert choose_unit("x", ["D"], units) is None  # any iterable of codes
    assert choose_unit("x", set(), []) is None


def test_unit_state_checks_its_numbers():
    """Seed 000: units declare what they can take; a negative or fractional count is an error."""
    with pytest.raises(ValueError):
        U("A", "x", -1)
    with pytest.raises(ValueError):
        U("A", "x", 5, -1)
    with pytest.raises(ValueError):
        UnitState("A", "x", 2.5, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        U("", "x", 5)
    with pytest.raises(ValueError):
        U("A", "x", policy.MAX_CAPACITY + 1)
    assert U("A", "x", 5, 7).free == -2  # capacity lowered below today's load: no room


# --- a batch ---------------------------------------------------------------------------------------


def test_assign_round_offers_a_batch_in_case_order():
    """Seed 000: NHSO sends each new case to one unit; our batch = one by one in case_id order,
    each offer adding to its unit's load: B (0/2) gets case 1; then case 4, with B at 1/2 and C at
    2/4, goes to D (2/8); case 5 has tried every unit: the NHSO queue."""
    cases = [
        (3, "บางนา", []),
        (1, "พระนคร", None),
        (2, "พระนคร", ["B"]),
        (4, "บางนา", ["A"]),
        (5, "บางนา", ["A", "B", "C", "D"]),
    ]
    units = [("A", "บางนา", 10, 9), ("B", "ดุสิต", 2, 0), ("C", "ดุสิต", 4, 1), ("D", "ดุสิต", 8, 2)]
    got = policy.assign_round(*frames(cases, units))
    assert got.schema == {"case_id": pl.Int64, "unit": pl.String}
    assert got.rows() == [(1, "B"), (2, "C"), (3, "A"), (4, "D"), (5, None)]
    assert got.rows() == one_by_one(cases, units)


def test_a_case_that_runs_out_of_units_goes_to_the_nhso_queue():
    """Seed 000: the system hands a case on; when every unit has declined, timed out or is full
    the case is not lost — ``unit`` is null (the NHSO queue) — and no unit is overfilled."""
    units = [("A", "x", 2, 1), ("B", "y", 1, 0)]
    cases = [(i, "x", []) for i in range(1, 6)]
    got = policy.assign_round(*frames(cases, units))
    assert got["unit"].to_list() == ["A", "B", None, None, None]


def test_case_ids_may_be_text_and_unknown_exclusions_are_ignored():
    """Seed 000's cases are names on a list; an id may be text (sorted as text) and a declined
    unit that no longer exists cannot be chosen anyway."""
    c = pl.DataFrame(
        {"case_id": ["b", "a"], "district": ["x", "x"], "excluded": [["GONE"], None]},
        schema={"case_id": pl.String, "district": pl.String, "excluded": pl.List(pl.String)},
    )
    u = pl.DataFrame([("A", "x", 5, 0)], schema=policy.UNITS, orient="row")
    got = policy.assign_round(c, u)
    assert got.rows() == [("a", "A"), ("b", "A")]
    assert got.schema["case_id"] == pl.String


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c, u: (c.drop("excluded"), u), "missing column"),
        (lambda c, u: (pl.concat([c, c]), u), "unique"),
        (lambda c, u: (c.with_columns(district=pl.lit(None, pl.String)), u), "null"),
        (lambda c, u: (c, pl.concat([u, u])), "duplicate"),
        (lambda c, u: (c, u.with_columns(load=pl.lit(-1, pl.Int64))), "≥ 0"),
        (lambda c, u: (c, u.with_columns(capacity=pl.lit(2_000_000, pl.Int64))), "capacity"),
        (lambda c, u: (c, u.with_columns(capacity=pl.lit(1.5))), "whole number"),
        (lambda c, u: (c.with_columns(case_id=pl.lit(1.5)), u), "case_id"),
        (lambda c, u: (c.with_columns(excluded=pl.lit("A")), u), "List"),
    ],
)
def test_bad_frames_are_refused_with_a_clear_error(change, message):
    """ARCHITECTURE.md: bad input gets a clear error and changes nothing (seed 000's cases)."""
    c, u = frames([(1, "x", [])], [("A", "x", 5, 0)])
    with pytest.raises(ValueError, match=message):
        policy.assign_round(*change(c, u))


def test_assign_batch_keeps_the_given_order_and_updates_loads():
    """Seed 000: the round closer hands cases on in arrival order (not by id): ``assign_batch``
    gives the one-by-one result in the given order and leaves each unit's new load."""
    cases = [(9, "x", set()), (1, "x", {"A"}), (5, "y", frozenset())]
    fast = [U("A", "x", 3, 0), U("B", "x", 2, 1), U("C", "y", 1, 1)]
    slow = [U("A", "x", 3, 0), U("B", "x", 2, 1), U("C", "y", 1, 1)]
    got = policy.assign_batch(cases, fast)
    assert got == policy.assign_one_by_one(cases, slow) == [(9, "A"), (1, "B"), (5, "A")]
    assert [u.load for u in fast] == [u.load for u in slow] == [2, 2, 1]
    with pytest.raises(ValueError, match="duplicate"):
        policy.assign_batch(cases, [U("A", "x", 1), U("A", "y", 1)])


# --- the batch equals one by one -------------------------------------------------------------------

DISTRICTS = ["x", "y", "z", "w"]  # "w" has no unit in most draws
UNIT_ROWS = st.lists(
    st.tuples(st.sampled_from(DISTRICTS[:3]), st.integers(0, 6), st.integers(0, 8)),
    max_size=10,
)
CASE_ROWS = st.lists(
    st.tuples(
        st.integers(-1000, 1000),  # case ids, unique below, in any order
        st.sampled_from(DISTRICTS),
        st.one_of(st.none(), st.lists(st.integers(0, 10), max_size=3)),
    ),
    unique_by=lambda r: r[0],
    max_size=50,
)


def build(unit_rows, case_rows):
    codes = [f"U{i:02d}" for i in range(11)]  # U10 never exists: an exclusion of a gone unit
    units = [(codes[i], d, c, load) for i, (d, c, load) in enumerate(unit_rows)]
    cases = [(i, d, None if ex is None else [codes[x] for x in ex]) for i, d, ex in case_rows]
    return cases, units


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(UNIT_ROWS, CASE_ROWS, st.sampled_from([1, 4, _engine.MIN_BULK, 10**9]))
def test_batch_equals_one_by_one(unit_rows, case_rows, min_bulk):
    """Seed 000's hand-on, by our policy, for a whole batch at once: ``assign_round`` equals
    ``choose_unit`` applied case after case in case_id order with loads growing — through both
    of the engine's paths (``min_bulk`` 1 sends every clean stretch through the whole-array
    path, 10**9 none) — and never gives a unit more than its free capacity."""
    cases, units = build(unit_rows, case_rows)
    c, u = frames(cases, units)
    got = policy.assign_round(c, u, min_bulk=min_bulk)
    assert got.rows() == one_by_one(cases, units)
    given_ = got.drop_nulls("unit").group_by("unit").len()
    room = u.select("unit", free=(pl.col("capacity") - pl.col("load")).clip(0))
    assert given_.join(room, on="unit").filter(pl.col("len") > pl.col("free")).is_empty()


@settings(max_examples=60, deadline=None)
@given(UNIT_ROWS, CASE_ROWS)
def test_assign_batch_equals_one_by_one_loads_included(unit_rows, case_rows):
    """Seed 000's hand-on as the service calls it: same offers and same loads as one by one."""
    cases, units = build(unit_rows, case_rows)
    rows = [(i, d, ex or []) for i, d, ex in cases]
    fast, slow = [UnitState(*r) for r in units], [UnitState(*r) for r in units]
    assert policy.assign_batch(rows, fast) == policy.assign_one_by_one(rows, slow)
    assert [x.load for x in fast] == [x.load for x in slow]


@pytest.mark.parametrize("seed", range(4))
def test_a_large_round_equals_one_by_one(seed):
    """Seed 000's Bangkok network at scale: 3,000 cases over 80 units in 12 districts with a
    capacity shortage (hand-ons across districts and an NHSO queue), then the close of the round
    with every case excluded from the unit it was first offered to — both equal one by one."""
    rng = random.Random(seed)
    districts = [f"d{i:02d}" for i in range(12)]
    weights = [rng.lognormvariate(0, 1) for _ in districts]
    units = []
    for i in range(80):
        cap = rng.randint(5, 40)
        units.append((f"{10001 + i}", rng.choice(districts), cap, rng.randint(0, cap // 2)))
    cases = [(i, rng.choices(districts, weights)[0], []) for i in range(3000)]
    for min_bulk in (500, 10**9):
        first = policy.assign_round(*frames(cases, units), min_bulk=min_bulk)
        assert first.rows() == one_by_one(cases, units)
    handed = [(i, d, [x]) for (i, d, _), (_, x) in zip(cases, first.rows(), strict=True) if x]
    again = policy.assign_round(*frames(handed[::3], units))
    assert again.rows() == one_by_one(handed[::3], units)
