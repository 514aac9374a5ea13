"""The engine behind ``policy.assign_round``: the offer policy applied to a whole batch of
cases, with exactly the result of ``policy.choose_unit`` applied to them one by one in order
(each offer adding one to its unit's load). Arrays only; ``policy`` validates and encodes.

Encoding: units are numbered in ascending code order, so "ties by unit code" is "ties by
number"; districts are small integers; a case's time is its position in the batch.

**Why a batch can be computed at once.** Think of each unit's free capacity as numbered
*slots*: unit u with load L and capacity C offers slots L, L+1, …, C−1, and taking a case
through slot k leaves u at load k+1, so the slot's key — what the policy compares — is the
ratio k/C, ties by unit code. One by one, a case takes the smallest-key free slot of its
district, or, when its district has none, the smallest-key free slot anywhere. Then:

* in each district slots are used in key order (every case that uses a district's slot takes
  its smallest free one), so a district's state at any time is just *how many* of its slots
  are used;
* the cases that fall back (their district full) take slots in global key order.

Process the slots in global key order (a "sweep"): slot s of district D goes to D's next
waiting case unless the next falling-back case came earlier, in which case it goes to that one.
Given where the falling-back stream stands at each slot (the time T_F(s) of its next member),
each district is independent: with q its cases served so far and α(s) the number of its cases
that arrived before T_F(s), the sweep serves one more iff q < α(s). Because T_F only grows
along the sweep, α is non-decreasing and the recursion has a closed form (a running minimum,
``_served``). Which slots the falling-back stream takes (those its districts leave) and who
falls back (a district's cases beyond its slots) then give a new T_F. ``_bulk`` iterates this
to its fixed point, which is the one-by-one result: each case's decision depends only on earlier
cases, so every round settles at least one more case in time order (n + 1 rounds and one to
confirm at worst — held over 20,000 random small batches); a round of 50,000 cases over 1,000
units takes about 20 rounds of whole-array operations. A guard stops a runaway.

**Exclusions break it.** A case that already declined or timed out at unit u must skip u's
slots: the sets of slots cases may use are then "district minus u", which overlap without
nesting, the district is no longer used in key order, and no closed form is known to us. Such
cases go through ``_sequential``: the same policy case by case, with one heap per district and
one over all units (O(log units) per case). Only cases whose excluded units have free capacity at
the start of the batch take that path (a full unit stays full within a batch: loads only grow),
and short clean stretches between them, where whole-array rounds would cost more than they save.

Float keys are exact here: for capacities ≤ ``MAX_CAPACITY`` two different ratios k/C differ by
at least 1e-12, far above the rounding of a correctly rounded division, and equal ratios give
the same float.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

MAX_CAPACITY = 1_000_000

#: Clean stretches shorter than this go through ``_sequential``; set lower in tests to force
#: the whole-array path, higher to force the case-by-case one.
MIN_BULK = 2_000


@dataclass
class Stats:
    """How a batch was computed: cases by path, whole-array runs and their rounds."""

    bulk_cases: int = 0
    sequential_cases: int = 0
    bulk_runs: int = 0
    rounds: int = 0


def assign(
    case_district: np.ndarray,
    excl_ptr: np.ndarray,
    excl_unit: np.ndarray,
    unit_district: np.ndarray,
    capacity: np.ndarray,
    load: np.ndarray,
    min_bulk: int | None = None,
) -> tuple[np.ndarray, Stats]:
    """The unit number offered to each case in order, -1 for none left (the NHSO queue).

    ``excl_ptr``/``excl_unit``: the excluded unit numbers of case i are
    ``excl_unit[excl_ptr[i]:excl_ptr[i + 1]]``."""
    min_bulk = MIN_BULK if min_bulk is None else min_bulk
    n = int(case_district.size)
    n_districts = int(max(unit_district.max(initial=-1), case_district.max(initial=-1))) + 1
    load = load.astype(np.int64, copy=True)
    capacity = capacity.astype(np.int64, copy=False)
    out = np.full(n, -1, dtype=np.int64)
    stats = Stats()

    free_at_start = load < capacity
    owner = np.repeat(np.arange(n), np.diff(excl_ptr))
    dirty = np.zeros(n, dtype=bool)
    dirty[owner[free_at_start[excl_unit]]] = True

    for start, end, bulk in _segments(dirty, min_bulk):
        if bulk:
            got, rounds = _bulk(
                case_district[start:end], unit_district, capacity, load, n_districts
            )
            stats.bulk_cases += end - start
            stats.bulk_runs += 1
            stats.rounds += rounds
        else:
            got = _sequential(
                case_district[start:end],
                excl_ptr[start : end + 1] - excl_ptr[start],
                excl_unit[excl_ptr[start] : excl_ptr[end]],
                unit_district,
                capacity,
                load,
                n_districts,
            )
            stats.sequential_cases += end - start
        out[start:end] = got
        placed = got[got >= 0]
        load += np.bincount(placed, minlength=load.size)
    return out, stats


def _segments(dirty: np.ndarray, min_bulk: int) -> list[tuple[int, int, bool]]:
    """[start, end) pieces in order: clean runs of at least ``min_bulk`` cases are whole-array
    (True); everything between them is case by case (False)."""
    n = dirty.size
    bounds = np.concatenate([[-1], np.flatnonzero(dirty), [n]])
    starts, ends = bounds[:-1] + 1, bounds[1:]
    long = ends - starts >= max(min_bulk, 1)
    pieces: list[tuple[int, int, bool]] = []
    done = 0
    for a, b in zip(starts[long].tolist(), ends[long].tolist(), strict=True):
        if a > done:
            pieces.append((done, a, False))
        pieces.append((a, b, True))
        done = b
    if done < n:
        pieces.append((done, n, False))
    return pieces


# --- whole-array path (no exclusions) ------------------------------------------------------------


def _bulk(
    case_district: np.ndarray,
    unit_district: np.ndarray,
    capacity: np.ndarray,
    load: np.ndarray,
    n_districts: int,
) -> tuple[np.ndarray, int]:
    """One by one without exclusions, computed as the fixed point described in the module
    docstring. Returns (unit number or -1 per case, rounds)."""
    n = int(case_district.size)
    out = np.full(n, -1, dtype=np.int64)
    free = np.clip(capacity - load, 0, n)  # no unit can take more than n cases
    if n == 0 or not free.any():
        return out, 0

    # The slots, and only the first n of each district (at most n cases use its slots).
    total = int(free.sum())
    slot_unit = np.repeat(np.arange(free.size), free)
    first_of_unit = np.repeat(np.cumsum(free) - free, free)
    slot_k = np.arange(total) - first_of_unit + np.repeat(load, free)
    key = slot_k / capacity[slot_unit]
    by_district = np.lexsort((slot_unit, key, unit_district[slot_unit]))
    d_sorted = unit_district[slot_unit[by_district]]
    rank = np.arange(total) - np.searchsorted(d_sorted, d_sorted)
    kept = by_district[rank < n]
    slot_unit, key = slot_unit[kept], key[kept]
    order = np.lexsort((slot_unit, key))  # the sweep: global key order, ties by unit code
    slot_unit = slot_unit[order]
    n_slots = slot_unit.size
    slot_district = unit_district[slot_unit]

    # Slots grouped by district (key order kept inside), cases grouped by district (time order).
    by_d = np.argsort(slot_district, kind="stable")
    s_dist = slot_district[by_d].astype(np.int64)
    s_count = np.bincount(s_dist, minlength=n_districts)
    s_start = np.cumsum(s_count) - s_count
    s_pos = np.arange(n_slots) - s_start[s_dist]
    s_last = s_start + s_count - 1
    has_slots = s_count > 0

    c_order = np.argsort(case_district, kind="stable")
    c_dist = case_district[c_order].astype(np.int64)
    c_start = np.searchsorted(c_dist, np.arange(n_districts))
    c_rank = np.arange(n) - c_start[c_dist]
    never = n  # a time later than every case: "no falling-back case left"
    # α(s), how many cases of the slot's district came before time t, by binary search over
    # (district, time) as one sorted number — 32 bits when it fits: this is the hot spot
    wide = n_districts * (n + 1) >= 2**31
    c_key = (c_dist * (n + 1) + c_order).astype(np.int64 if wide else np.int32)
    s_base = (s_dist * (n + 1)).astype(c_key.dtype)
    seg = s_dist * (2 * (n + n_slots) + 2)  # keeps running minima inside each district
    fallen = np.zeros(n, dtype=bool)

    taken_before = np.zeros(n_slots, dtype=np.int64)  # J(s): slots left to falling back, before s
    fallback = np.zeros(0, dtype=np.int64)  # times of the falling-back cases, ascending
    rounds = 0
    while True:
        rounds += 1
        if rounds > 2 * n + 10:  # pragma: no cover - at most n + 2 (module docstring)
            raise RuntimeError("isolation batch did not settle; please report this input")
        ahead = np.append(fallback, never).astype(c_key.dtype)  # then "none left"
        t_f = ahead[np.minimum(taken_before, fallback.size)]  # T_F(s), the next one's time
        alpha = np.searchsorted(c_key, s_base + t_f[by_d]) - c_start[s_dist]
        served_after = _served(alpha, s_pos, seg)
        served_before = np.empty_like(served_after)
        served_before[1:] = served_after[:-1]
        served_before[s_pos == 0] = 0
        own = served_after > served_before

        served = np.zeros(n_districts, dtype=np.int64)
        served[has_slots] = served_after[s_last[has_slots]]
        fallen[c_order] = c_rank >= served[c_dist]
        new_fallback = np.flatnonzero(fallen)  # already in time order
        left = np.empty(n_slots, dtype=bool)
        left[by_d] = ~own
        new_taken_before = np.concatenate([[0], np.cumsum(left)[:-1]])
        if np.array_equal(new_taken_before, taken_before) and np.array_equal(
            new_fallback, fallback
        ):
            break
        taken_before, fallback = new_taken_before, new_fallback

    mine = np.flatnonzero(own)
    out[c_order[c_start[s_dist[mine]] + served_before[mine]]] = slot_unit[by_d[mine]]
    spare = np.flatnonzero(left & (taken_before < fallback.size))
    out[fallback[taken_before[spare]]] = slot_unit[spare]
    return out, rounds


def _served(alpha: np.ndarray, pos: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Within each district's run of slots: q₀ = 0, q_{k+1} = q_k + [q_k < α_k] for a
    non-decreasing α, in closed form q_{k+1} = min(k + 1, min_{j ≤ k}(α_j − j) + k).
    ``seg`` lowers each later district far enough that running minima never cross runs."""
    running = np.minimum.accumulate(alpha - pos - seg) + seg
    return np.minimum(pos + 1, running + pos)


# --- case-by-case path (exclusions) --------------------------------------------------------------


def _sequential(
    case_district: np.ndarray,
    excl_ptr: np.ndarray,
    excl_unit: np.ndarray,
    unit_district: np.ndarray,
    capacity: np.ndarray,
    load: np.ndarray,
    n_districts: int,
) -> np.ndarray:
    """The policy case by case with heaps of (ratio, unit number, load when pushed); an entry
    whose unit's load has moved on is stale and dropped when met."""
    cap = capacity.tolist()
    now = load.tolist()
    districts = unit_district.tolist()
    everyone: list[tuple[float, int, int]] = []
    local: list[list[tuple[float, int, int]]] = [[] for _ in range(n_districts)]
    for u, (c, used) in enumerate(zip(cap, now, strict=True)):
        if used < c:
            entry = (used / c, u, used)
            everyone.append(entry)
            local[districts[u]].append(entry)
    heapq.heapify(everyone)
    for heap in local:
        heapq.heapify(heap)

    def best(heap: list[tuple[float, int, int]], excluded: set[int]) -> int:
        skipped = []
        found = -1
        while heap:
            _, u, at = heap[0]
            if at != now[u] or now[u] >= cap[u]:
                heapq.heappop(heap)
                continue
            if u in excluded:
                skipped.append(heapq.heappop(heap))
                continue
            found = u
            break
        for entry in skipped:
            heapq.heappush(heap, entry)
        return found

    ptr = excl_ptr.tolist()
    excl = excl_unit.tolist()
    out = []
    for i, d in enumerate(case_district.tolist()):
        excluded = set(excl[ptr[i] : ptr[i + 1]])
        u = best(local[d], excluded)
        if u < 0:
            u = best(everyone, excluded)
        if u >= 0:
            now[u] += 1
            if now[u] < cap[u]:
                entry = (now[u] / cap[u], u, now[u])
                heapq.heappush(everyone, entry)
                heapq.heappush(local[districts[u]], entry)
        out.append(u)
    return np.asarray(out, dtype=np.int64)
