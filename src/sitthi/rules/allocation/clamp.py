"""Province rates held within a band around the national average, keeping the national total.

Seed 003_efb95171d59d7c5f.txt, หลักเกณฑ์งบบริการผู้ป่วยนอกทั่วไป: "ร้อยละ 80 ของเงินบริการ
ผู้ป่วยนอกทั่วไป คำนวณแบบเหมาจ่ายรายหัวตามจำนวนผู้มีสิทธิที่ลงทะเบียนในแต่ละหน่วยบริการประจำ ...
โดยปรับอัตราตามโครงสร้างอายุของผู้มีสิทธิที่ลงทะเบียนในระดับจังหวัด และให้อัตราเหมาจ่ายรายหัวสำหรับ
บริการผู้ป่วยนอกทั่วไปของแต่ละจังหวัดต่างจากค่าเฉลี่ยไม่เกินร้อยละ 10 (ค่าเฉลี่ยประเทศ±10%)".

The pool is shared among provinces in proportion to their age-weighted persons
``M_p = Σ persons × index``: province ``p`` gets ``λ · M_p`` at the *level* ``λ`` (money per
weighted person), so its rate per registered person is ``λ · M_p / n_p``. The national average
rate is ``r̄ = pool / Σ n_p``; the band is ``[L, U] = [r̄(1 − b), r̄(1 + b)]``. A province above
``U`` is held at ``U``, one below ``L`` at ``L``; the money taken from provinces above the band
is spread over the free provinces in proportion to their weighted persons, which raises the
level (and money for provinces raised to ``L`` is taken from the free ones, which lowers it),
until every rate is inside the band and the provinces still add up to the pool.

Water-filling, exactly (``Fraction``): with ``F(λ) = Σ n_p · clip(λ M_p / n_p, L, U) − pool``,
the answer is the level where ``F(λ) = 0``.

* ``F`` is continuous, non-decreasing and linear between the *band edges* ``L n_p / M_p`` and
  ``U n_p / M_p`` (at most ``2n`` of them): crossing an edge moves one province between free
  and held.
* A solution always exists: ``F(0) = Σ n_p L − pool = −b · pool ≤ 0`` and above the last edge
  ``F = Σ n_p U − pool = b · pool ≥ 0``, because the band is centred on the national average
  of the same pool. (So "whenever a feasible solution exists" is always: any ``b ≥ 0``.)
* Start at the proportional level ``λ₀ = pool / Σ M_p``. If ``F(λ₀) < 0`` the level must rise,
  if ``F(λ₀) > 0`` fall; walk the edges in that one direction, one per iteration, until ``F``
  changes sign, then solve the linear piece. The walk never turns back and there are at most
  ``2n`` edges, so it **terminates** after at most ``2n + 1`` iterations (77 provinces: ≤ 155).

Exactly at an edge a province is counted as inside the band (not clamped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Clamped:
    amounts: tuple[Fraction, ...]  # exact province amounts (satang), adding up to the pool
    state: tuple[str | None, ...]  # "high" (held at U), "low" (held at L) or None
    level: Fraction  # λ: satang per weighted person
    average: Fraction  # r̄: satang per registered person
    low: Fraction  # L
    high: Fraction  # U
    iterations: int


def clamp_to_band(
    pool: int, persons: Sequence[int], weighted: Sequence[int], band_pct: Decimal
) -> Clamped:
    """Province amounts within ``band_pct`` % of the national average rate (see module text).
    Every province must have persons > 0 and weighted persons > 0."""
    if len(persons) != len(weighted) or not persons:
        raise ValueError("one weighted count per province, at least one province")
    if any(n <= 0 for n in persons) or any(m <= 0 for m in weighted):
        raise ValueError("every province needs registered and weighted persons")
    n_total = sum(persons)
    b = Fraction(band_pct) / 100
    average = Fraction(pool, n_total)
    low, high = average * (1 - b), average * (1 + b)
    rates = [Fraction(m, n) for n, m in zip(persons, weighted, strict=True)]  # M_p / n_p

    def clip(x: Fraction) -> Fraction:
        return low if x < low else high if x > high else x

    def excess(level: Fraction) -> Fraction:  # F(λ)
        return sum(
            (n * clip(level * w) for n, w in zip(persons, rates, strict=True)), -Fraction(pool)
        )

    level = Fraction(pool, sum(weighted))
    f = excess(level)
    iterations = 1
    if f != 0:
        edges = sorted({e for w in rates for e in (low / w, high / w)})
        if f < 0:  # too little inside the band at λ₀: the level rises
            ahead = [e for e in edges if e > level]
        else:  # too much: the level falls
            ahead = [e for e in reversed(edges) if e < level]
        prev, f_prev = level, f
        for edge in ahead:
            iterations += 1
            f_edge = excess(edge)
            if (f_edge >= 0) if f < 0 else (f_edge <= 0):
                level = prev + (-f_prev) * (edge - prev) / (f_edge - f_prev)
                break
            prev, f_prev = edge, f_edge
        else:  # unreachable: F reaches ±b·pool beyond the last edge
            raise AssertionError("the band walk ran out of edges")
    amounts = tuple(n * clip(level * w) for n, w in zip(persons, rates, strict=True))
    assert sum(amounts) == pool
    state = tuple("high" if level * w > high else "low" if level * w < low else None for w in rates)
    return Clamped(amounts, state, level, average, low, high, iterations)
