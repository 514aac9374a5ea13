"""The one rule that splits an amount into satang (largest remainder, ties by code).

ARCHITECTURE.md: "Money is exact ... sums of parts equal the whole to the satang"; issue 6:
"say which unit gets a rounding satang, and why".
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.allocation.money import apportion, baht, split_satang, to_satang

weights_st = st.lists(st.integers(0, 10**12), min_size=1, max_size=30).filter(lambda w: sum(w) > 0)
total_st = st.integers(0, 15 * 10**12)  # up to 150,000 M baht, the size of a national line


@settings(max_examples=200, deadline=None)
@given(total=total_st, weights=weights_st)
def test_apportion_invariants(total, weights):
    """The parts are the whole; each part is within one satang of its exact share and is its
    share rounded down plus at most one leftover satang; a zero weight gets nothing."""
    keys = [f"{10001 + i}" for i in range(len(weights))]
    parts = apportion(total, weights, keys)
    amounts = [a for a, _ in parts]
    assert sum(amounts) == total  # the parts are the whole
    whole = sum(weights)
    for (amount, extra), w in zip(parts, weights, strict=True):
        exact = Fraction(total * w, whole)
        assert -1 < amount - exact < 1  # never a whole satang away from the exact share
        assert extra in (0, 1) and amount == exact.__floor__() + extra
        if w == 0:
            assert amount == 0
    assert sum(e for _, e in parts) == total - sum(
        Fraction(total * w, whole).__floor__() for w in weights
    )


@settings(max_examples=60, deadline=None)
@given(total=total_st, weights=weights_st, groups=st.integers(1, 3), data=st.data())
def test_polars_split_equals_the_reference(total, weights, groups, data):
    """The vectorised split gives exactly what ``apportion`` gives, group by group, whatever
    the row order."""
    n = len(weights)
    keys = [f"{10001 + i}" for i in range(n)]
    group = [data.draw(st.integers(0, groups - 1)) for _ in range(n)]
    frame = pl.DataFrame({"unit": keys, "g": group, "w": weights})
    frame = frame.with_columns(pl.lit(total).alias("t")).sample(fraction=1.0, shuffle=True, seed=n)
    sums = {g: sum(w for w, gg in zip(weights, group, strict=True) if gg == g) for g in set(group)}
    if total and 0 in sums.values():  # money with nobody to take it is refused
        with pytest.raises(ValueError):
            split_satang(frame, total="t", weight="w", key="unit", by=["g"])
        return
    out = split_satang(frame, total="t", weight="w", key="unit", by=["g"])
    assert out["unit"].to_list() == frame["unit"].to_list()  # row order kept
    got = dict(zip(out["unit"], zip(out["amount"], out["rounding"], strict=True), strict=True))
    for g in set(group):
        members = sorted(k for k, gg in zip(keys, group, strict=True) if gg == g)
        ws = [weights[keys.index(k)] for k in members]
        want = apportion(total, ws, members)
        assert [got[k] for k in members] == want


def test_ties_go_to_the_lower_code_whatever_the_row_order():
    """1.00 baht over three equal units: 33 satang each and the last satang to 10001."""
    frame = pl.DataFrame({"unit": ["10003", "10001", "10002"], "w": [1, 1, 1], "t": [100] * 3})
    out = split_satang(frame, total="t", weight="w", key="unit")
    assert out.select("unit", "amount", "rounding").rows() == [
        ("10003", 33, 0), ("10001", 34, 1), ("10002", 33, 0),
    ]  # fmt: skip
    assert apportion(100, [1, 1, 1], ["10003", "10001", "10002"]) == [(33, 0), (34, 1), (33, 0)]


def test_zero_weights_cannot_take_money():
    """An amount with nobody to share it is an error, never silently dropped."""
    frame = pl.DataFrame({"unit": ["1", "2"], "w": [0, 0], "t": [5, 5]})
    with pytest.raises(ValueError):
        split_satang(frame, total="t", weight="w", key="unit")
    assert split_satang(frame.with_columns(t=0), total="t", weight="w", key="unit")[
        "amount"
    ].to_list() == [0, 0]
    with pytest.raises(ValueError):
        apportion(-1, [1], ["a"])


def test_baht_and_satang():
    """Money is integer satang; a figure finer than a satang is refused, not rounded."""
    assert to_satang(Decimal("1103.92")) == 110_392
    assert baht(110_392) == Decimal("1103.92")
    with pytest.raises(ValueError):
        to_satang(Decimal("0.001"))
