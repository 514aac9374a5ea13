"""HI Portal rules. Seed 000_a3b7e1d5dbe51319.txt: "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒
ภายในเวลา ๑๘.๐๐ น. ของทุกวัน ... ทางระบบจะบริหารจัดการโดยส่งรายชื่อ ... ไปยังหน่วยบริการอื่น"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.isolation import policy, rounds
from sitthi.rules.isolation.triage_gate import isolation_allowed
from sitthi.rules.params import default_parameters
from sitthi.rules.ucep.triage import Assessment

BKK = ZoneInfo("Asia/Bangkok")


def at(y, m, d, hh, mm, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=BKK)


@pytest.mark.parametrize(
    ("offered", "due"),
    [
        (at(2024, 3, 1, 11, 59, 59), at(2024, 3, 1, 12, 0)),
        (at(2024, 3, 1, 12, 0), at(2024, 3, 1, 18, 0)),
        (at(2024, 3, 1, 12, 1), at(2024, 3, 1, 18, 0)),
        (at(2024, 3, 1, 17, 59), at(2024, 3, 1, 18, 0)),
        (at(2024, 3, 1, 18, 0), at(2024, 3, 2, 12, 0)),
        (at(2024, 3, 1, 23, 59), at(2024, 3, 2, 12, 0)),
        (at(2024, 3, 2, 0, 0), at(2024, 3, 2, 12, 0)),
        (at(2024, 12, 31, 18, 30), at(2025, 1, 1, 12, 0)),
        (at(2024, 2, 29, 19, 0), at(2024, 3, 1, 12, 0)),
    ],
)
def test_round_deadlines_at_their_boundaries(offered, due):
    assert rounds.deadline(offered) == due


def test_times_in_other_zones_are_read_in_bangkok():
    utc = datetime(2024, 3, 1, 4, 59, tzinfo=ZoneInfo("UTC"))  # 11:59 in Bangkok
    assert rounds.deadline(utc) == at(2024, 3, 1, 12, 0)
    with pytest.raises(TypeError):
        rounds.deadline(datetime(2024, 3, 1, 9, 0))


def test_no_round_before_the_letter():
    from sitthi.rules.params import ParamLookupError

    with pytest.raises(ParamLookupError):
        rounds.deadline(at(2021, 7, 26, 9, 0))


def U(unit, district, capacity, load=0):
    return policy.UnitState(unit, district, capacity, load)


def test_policy_same_district_first_then_least_loaded_then_code():
    units = [U("A", "บางนา", 10, 9), U("B", "ดุสิต", 10, 0), U("C", "ดุสิต", 4, 1), U("D", "ดุสิต", 8, 2)]
    assert policy.choose_unit("บางนา", set(), units) == "A"  # own district, even if busy
    assert policy.choose_unit("พระนคร", set(), units) == "B"  # lowest ratio 0/10
    assert policy.choose_unit("พระนคร", {"B"}, units) == "C"  # 1/4 = 2/8: tie → code C < D
    full = [U("A", "บางนา", 2, 2)]
    assert policy.choose_unit("บางนา", set(), full) is None  # no capacity → NHSO queue


@given(
    st.lists(
        st.tuples(
            st.sampled_from("ABCDEFG"),
            st.sampled_from(["x", "y", "z"]),
            st.integers(0, 5),
            st.integers(0, 6),
        ),
        unique_by=lambda t: t[0],
        max_size=7,
    ),
    st.sampled_from(["x", "y", "z"]),
    st.sets(st.sampled_from("ABCDEFG")),
)
def test_policy_never_offers_to_a_full_or_excluded_unit(rows, district, excluded):
    units = [U(u, d, c, min(load, c)) for u, d, c, load in rows]
    chosen = policy.choose_unit(district, excluded, units)
    eligible = [u for u in units if u.free > 0 and u.unit not in excluded]
    if not eligible:
        assert chosen is None
    else:
        pick = next(u for u in units if u.unit == chosen)
        assert pick.free > 0 and chosen not in excluded
        if any(u.district == district for u in eligible):
            assert pick.district == district


def test_only_green_goes_to_isolation():
    """Seed 004: green → HI/CI; yellow/red → UCEP."""
    params = default_parameters()
    green = isolation_allowed(Assessment(cough=True, spo2_room_air=97), date(2024, 3, 1), params)
    yellow = isolation_allowed(Assessment(cough=True, spo2_room_air=93), date(2024, 3, 1), params)
    assert green.allowed and not yellow.allowed and yellow.colour == "yellow"


@given(
    st.lists(
        st.tuples(st.sampled_from(["x", "y", "z", "w"]), st.integers(0, 4), st.integers(0, 4)),
        min_size=0,
        max_size=12,
    ),
    st.lists(
        st.tuples(st.sampled_from(["x", "y", "z", "q"]), st.sets(st.integers(0, 11), max_size=3)),
        max_size=40,
    ),
)
def test_batch_assignment_equals_one_by_one(unit_rows, case_rows):
    """The fast batch gives exactly what choose_unit gives case by case, loads included."""

    def make():
        return [U(f"U{i:02d}", d, c, min(load, c)) for i, (d, c, load) in enumerate(unit_rows)]

    cases = [(n, d, {f"U{i:02d}" for i in ex}) for n, (d, ex) in enumerate(case_rows)]
    slow_units = make()
    slow = []
    for n, d, ex in cases:
        chosen = policy.choose_unit(d, ex, slow_units)
        if chosen is not None:
            next(u for u in slow_units if u.unit == chosen).load += 1
        slow.append((n, chosen))
    fast_units = make()
    assert policy.assign_batch(cases, fast_units) == slow
    assert [u.load for u in fast_units] == [u.load for u in slow_units]
