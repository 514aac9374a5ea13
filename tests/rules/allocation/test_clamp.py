"""The province band (seed 003_efb95171d59d7c5f.txt, บริการผู้ป่วยนอกทั่วไป: "ให้อัตราเหมาจ่าย
รายหัวสำหรับบริการผู้ป่วยนอกทั่วไปของแต่ละจังหวัดต่างจากค่าเฉลี่ยไม่เกินร้อยละ 10 (ค่าเฉลี่ยประเทศ
±10%)"): every rate inside the band, the national total kept, the walk terminates."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.allocation.clamp import clamp_to_band

province_st = st.tuples(st.integers(1, 2_000_000), st.integers(3_000, 40_000))  # persons, index e4


@settings(max_examples=200, deadline=None)
@given(
    provinces=st.lists(province_st, min_size=1, max_size=77),
    pool=st.integers(0, 10**13),
    band=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(5), Decimal(10), Decimal(25)]),
)
def test_every_rate_is_inside_the_band_and_the_total_is_kept(provinces, pool, band):
    """A solution always exists (the band is centred on the national average of the same
    pool), so every draw must come back inside the band, exactly."""
    persons = [n for n, _ in provinces]
    weighted = [n * idx for n, idx in provinces]
    c = clamp_to_band(pool, persons, weighted, band)
    assert sum(c.amounts) == pool
    assert c.average == Fraction(pool, sum(persons))
    for amount, n, state in zip(c.amounts, persons, c.state, strict=True):
        rate = amount / n
        assert c.low <= rate <= c.high
        assert (state == "high") <= (rate == c.high) and (state == "low") <= (rate == c.low)
    # a free province is paid in proportion to its weighted persons, at the one level
    free = [(a, m) for a, m, s in zip(c.amounts, weighted, c.state, strict=True) if s is None]
    assert all(a == c.level * m for a, m in free)
    assert c.iterations <= 2 * len(provinces) + 1


def test_no_clamp_when_every_province_is_inside():
    """Inside the band the provinces keep their proportional amounts (one iteration)."""
    c = clamp_to_band(1_000, [10, 10], [10, 11], Decimal(10))
    assert c.state == (None, None) and c.iterations == 1
    assert c.amounts == (Fraction(1000 * 10, 21), Fraction(1000 * 11, 21))


def test_money_moves_from_the_top_to_the_others_in_proportion():
    """Three provinces of 100 persons with 100, 100 and 200 weighted persons share 1,000
    satang. The average is 3.3333 per person, the band [3.0000, 3.6667]. At the proportional
    level 2.5 the rates are 2.5, 2.5 and 5.0: the third is held at the top (366.67), the
    others would sit at the floor (300 each), F = 966.67 − 1,000 < 0, so the level rises:
    past the edge 3.0 (F still −33.33) to the edge 3.6667 (F = +100); on that piece the two
    free provinces have 200 weighted persons, so the level is 3.0 + 33.33 / 200 = 3.1667:
    316.67 + 316.67 + 366.67 = 1,000, the 133.33 taken from the top province spread evenly."""
    c = clamp_to_band(1_000, [100, 100, 100], [100, 100, 200], Decimal(10))
    assert c.state == (None, None, "high")
    assert c.amounts[2] == Fraction(1100, 3)
    assert c.amounts[0] == c.amounts[1] == Fraction(950, 3)
    assert sum(c.amounts) == 1000 and c.iterations == 3
