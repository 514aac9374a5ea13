"""Which unit a case is offered to — a stated, testable policy (issue 5): among active units
with free capacity today (daily capacity − cases taken today − offers still pending) that have
not already declined or let this case time out: first the units in the case's district; among
them the lowest load ratio (taken + pending) / capacity; ties by unit code. No unit left → the
case goes to the NHSO queue (``None``); a case is never lost.

The seed (000_a3b7e1d5dbe51319.txt) says only that a case not taken in its round is sent to
another unit; "same district first, then least loaded" is our documented choice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass
class UnitState:
    """A unit as the policy sees it; ``load`` grows as offers are made within one pass."""

    unit: str
    district: str
    capacity: int
    load: int

    @property
    def free(self) -> int:
        return self.capacity - self.load


def _key(state: UnitState, district: str) -> tuple:
    ratio = Fraction(state.load, state.capacity) if state.capacity else Fraction(1)
    return (state.district != district, ratio, state.unit)


def choose_unit(district: str, excluded: Iterable[str], units: Iterable[UnitState]) -> str | None:
    """The unit to offer a case of ``district`` to, or None when no unit is left."""
    excluded = set(excluded)
    candidates = [u for u in units if u.free > 0 and u.unit not in excluded]
    if not candidates:
        return None
    return min(candidates, key=lambda u: _key(u, district)).unit
