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


def assign_batch(
    cases: Iterable[tuple[object, str, frozenset[str] | set[str]]], units: list[UnitState]
) -> list[tuple[object, str | None]]:
    """Offer many cases at once — a round's new cases, or every case handed on when a round
    closes — with exactly the result of calling ``choose_unit`` on them one by one in the
    given order (each offer adding to its unit's load), but in O(log n) per case instead of a
    scan over every unit: a heap per district and one over all units, keyed like ``_key``.
    ``cases`` are (case id, district, excluded units); ``units`` are updated in place."""
    import heapq

    by_unit = {u.unit: u for u in units}

    def entry(u: UnitState) -> tuple:
        ratio = Fraction(u.load, u.capacity) if u.capacity else Fraction(1)
        return (ratio, u.unit, u.load)

    everyone: list[tuple] = []
    district_heaps: dict[str, list[tuple]] = {}
    for u in units:
        if u.free > 0:
            everyone.append(entry(u))
            district_heaps.setdefault(u.district, []).append(entry(u))
    heapq.heapify(everyone)
    for heap in district_heaps.values():
        heapq.heapify(heap)

    def best(heap: list[tuple], excluded) -> UnitState | None:
        skipped, found = [], None
        while heap:
            ratio, code, load = heap[0]
            u = by_unit[code]
            if load != u.load or u.free <= 0:
                # Stale (the unit's load moved on: a fresh entry was pushed then) or full.
                heapq.heappop(heap)
                continue
            if code in excluded:
                skipped.append(heapq.heappop(heap))
                continue
            found = u
            break
        for item in skipped:
            heapq.heappush(heap, item)
        return found

    out = []
    for case_id, district, excluded in cases:
        chosen = best(district_heaps.get(district, []), excluded) or best(everyone, excluded)
        if chosen is None:
            out.append((case_id, None))
            continue
        chosen.load += 1
        if chosen.free > 0:
            heapq.heappush(everyone, entry(chosen))
            heapq.heappush(district_heaps[chosen.district], entry(chosen))
        out.append((case_id, chosen.unit))
    return out
