"""Which service unit a new COVID-19 isolation case is offered to (seed 000_a3b7e1d5dbe51319.txt).

The letter says NHSO sends each new case to the Bangkok network of service units through the
HI Portal, and that a case a unit has not taken by its round's deadline is sent on: "ทางระบบจะ
บริหารจัดการโดยส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่นเพื่อพิจารณารับดูแลต่อไป". It does not
say *which* other unit. The policy below is ours (issue 5: "a stated, testable policy"),
offering a case to one unit at a time:

1. **Candidates**: units with free capacity today — declared daily capacity − cases taken today
   − cases currently offered to it and pending (``UnitState.load`` = taken + pending) — that
   have not already declined this case or let it time out *that day* (``excluded``,
   ``excluded_units``): a unit that declined on an earlier day may be offered it again, as
   its capacity and the patient's situation change from day to day.
2. **Same district first**: if any candidate is in the case's district, only those count.
3. **Least loaded**: the lowest load ratio (taken + pending) / capacity, compared exactly.
4. **Ties by unit code** (the lower code, as text).
5. No candidate left → ``None``: the case goes to the NHSO queue; it is never lost.

``choose_unit`` decides one case. ``assign_round`` offers a whole batch — a round's new cases,
or every case handed on when a round closes — and is defined as ``choose_unit`` applied to the
cases one by one in ``case_id`` order, each offer adding one to its unit's load (so no unit is
given more than its free capacity); ``assign_one_by_one`` is that definition run literally.
How the batch is computed without a loop over cases: ``sitthi.rules.isolation._engine``.

Left to people: the district of a case and of a unit, each unit's declared capacity, and the
decision to take or decline. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from sitthi.rules.isolation import _engine
from sitthi.rules.isolation._engine import MAX_CAPACITY

__all__ = [
    "MAX_CAPACITY",
    "CASES",
    "UNITS",
    "ASSIGNED",
    "UnitState",
    "choose_unit",
    "assign_round",
    "assign_one_by_one",
    "assign_batch",
]

#: What ``assign_round`` reads, one row per case. ``case_id``: any integer type or String,
#: unique; the order of offering. ``excluded``: units that already declined this case or let
#: it time out (null = none).
CASES = {"case_id": pl.Int64, "district": pl.String, "excluded": pl.List(pl.String)}

#: One row per unit. ``load`` = cases taken today + cases offered to it and still pending.
UNITS = {"unit": pl.String, "district": pl.String, "capacity": pl.Int64, "load": pl.Int64}

#: What ``assign_round`` returns, in ``case_id`` order: the unit each case is offered to, null
#: when no unit is left (the case goes to the NHSO queue). ``case_id`` keeps its input type.
ASSIGNED = {"case_id": pl.Int64, "unit": pl.String}


@dataclass
class UnitState:
    """A unit as the policy sees it today. ``load`` = cases taken today + offers pending;
    ``assign_batch`` and ``assign_one_by_one`` add to it as they offer."""

    unit: str
    district: str
    capacity: int
    load: int

    def __post_init__(self) -> None:
        for name in ("unit", "district"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ValueError(f"UnitState.{name} must be a non-empty text")
        for name in ("capacity", "load"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
                raise ValueError(f"UnitState.{name} must be a whole number ≥ 0, got {v!r}")
        if self.capacity > MAX_CAPACITY:
            raise ValueError(f"UnitState.capacity above {MAX_CAPACITY:,}: {self.capacity!r}")

    @property
    def free(self) -> int:
        return self.capacity - self.load


def excluded_units(offers: Iterable[tuple[str, date]], today: date) -> set[str]:
    """The units a case may not be offered to on ``today``: those offered it that day (and
    so declined it, let it time out, or hold it now). ``offers``: (unit, Bangkok day offered)."""
    return {unit for unit, on in offers if on == today}


def choose_unit(
    case_district: str, excluded: Iterable[str], units: Sequence[UnitState]
) -> str | None:
    """The unit to offer a case of ``case_district`` to (module docstring, steps 1-5), or
    ``None`` when no unit is left. Unit codes are taken to be unique."""
    if not isinstance(excluded, set | frozenset):
        excluded = set(excluded)
    best = None
    best_outside = True
    best_load = best_cap = 0
    for u in units:
        load, cap = u.load, u.capacity
        if load >= cap or u.unit in excluded:
            continue
        outside = u.district != case_district
        if best is not None:
            if outside != best_outside:
                if outside:
                    continue
            else:
                # load/cap < best_load/best_cap, exactly; equal ratios → the lower code
                left, right = load * best_cap, best_load * cap
                if left > right or (left == right and u.unit > best.unit):
                    continue
        best, best_outside, best_load, best_cap = u, outside, load, cap
    return None if best is None else best.unit


def assign_one_by_one(
    cases: Iterable[tuple[Any, str, Iterable[str]]], units: Sequence[UnitState]
) -> list[tuple[Any, str | None]]:
    """The definition of a batch, run literally: ``choose_unit`` for each (case id, district,
    excluded units) in the given order, adding one to the chosen unit's ``load`` in place.
    O(cases × units); the reference for ``assign_round`` and its benchmark baseline."""
    by_code = {u.unit: u for u in units}
    out = []
    for case_id, district, excluded in cases:
        chosen = choose_unit(district, excluded, units)
        if chosen is not None:
            by_code[chosen].load += 1
        out.append((case_id, chosen))
    return out


# --- a whole batch --------------------------------------------------------------------------------


def _require(frame: pl.DataFrame, columns: dict[str, Any], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {', '.join(missing)}")


def _check_units(units: pl.DataFrame) -> pl.DataFrame:
    _require(units, UNITS, "units")
    u = units.select(list(UNITS))
    for c in ("unit", "district"):
        if u[c].dtype != pl.String:
            raise ValueError(f"units.{c} must be String, not {u[c].dtype}")
    for c in ("capacity", "load"):
        if not u[c].dtype.is_integer():
            raise ValueError(f"units.{c} must be a whole number column, not {u[c].dtype}")
    if u.null_count().sum_horizontal().item():
        raise ValueError("units: no value may be null")
    if (u["unit"].str.len_chars() == 0).any() or (u["district"].str.len_chars() == 0).any():
        raise ValueError("units: unit and district must be non-empty")
    if u["unit"].is_duplicated().any():
        dup = u.filter(pl.col("unit").is_duplicated())["unit"].unique().sort().head(5)
        raise ValueError(f"units: duplicate unit code(s) {', '.join(dup)}")
    if (u["capacity"] < 0).any() or (u["load"] < 0).any():
        raise ValueError("units: capacity and load must be ≥ 0")
    if (u["capacity"] > MAX_CAPACITY).any():
        raise ValueError(f"units: capacity above {MAX_CAPACITY:,}")
    return u.cast({"capacity": pl.Int64, "load": pl.Int64}).sort("unit")


def _check_cases(cases: pl.DataFrame) -> pl.DataFrame:
    _require(cases, CASES, "cases")
    c = cases.select(list(CASES))
    kind = c["case_id"].dtype
    if not (kind.is_integer() or kind == pl.String):
        raise ValueError(f"cases.case_id must be an integer or String column, not {kind}")
    if c["case_id"].null_count() or c["district"].null_count():
        raise ValueError("cases: case_id and district may not be null")
    if c["district"].dtype != pl.String:
        raise ValueError(f"cases.district must be String, not {c['district'].dtype}")
    if c["case_id"].is_duplicated().any():
        raise ValueError("cases: case_id must be unique")
    ex = c["excluded"].dtype
    if ex == pl.Null:
        c = c.with_columns(pl.col("excluded").cast(pl.List(pl.String)))
    elif ex != pl.List(pl.String) and ex != pl.List(pl.Null):
        raise ValueError(f"cases.excluded must be a List of String, not {ex}")
    return c.with_columns(pl.col("excluded").cast(pl.List(pl.String))).sort("case_id")


def _prepare(cases: pl.DataFrame, units: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, tuple]:
    """Checked frames (cases by ``case_id``, units by code) and the engine's arrays."""
    u = _check_units(units)
    c = _check_cases(cases)
    districts = pl.concat([u["district"], c["district"]]).unique().sort()
    codes = {d: i for i, d in enumerate(districts.to_list())}
    unit_district = u["district"].replace_strict(codes, return_dtype=pl.Int64).to_numpy()
    case_district = c["district"].replace_strict(codes, return_dtype=pl.Int64).to_numpy()
    unit_number = u.select(pl.col("unit").alias("code"), pl.int_range(pl.len()).alias("n"))
    pairs = (
        c.select(pl.int_range(pl.len()).alias("i"), pl.col("excluded"))
        .explode("excluded")
        .join(unit_number, left_on="excluded", right_on="code", how="inner")
        .unique(["i", "n"])
        .sort("i", "n")
    )
    counts = np.bincount(pairs["i"].to_numpy(), minlength=c.height)
    excl_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    arrays = (
        case_district,
        excl_ptr,
        pairs["n"].to_numpy().astype(np.int64),
        unit_district,
        u["capacity"].to_numpy(),
        u["load"].to_numpy(),
    )
    return c, u, arrays


def assign_round(
    cases: pl.DataFrame, units: pl.DataFrame, *, min_bulk: int | None = None
) -> pl.DataFrame:
    """Offer a batch of cases (``CASES``) to units (``UNITS``): ``ASSIGNED``, one row per case
    in ``case_id`` order, ``unit`` null when none is left (the NHSO queue).

    The result equals ``choose_unit`` applied to the cases one by one in ``case_id`` order,
    each offer adding one to its unit's load — so no unit is given more than its free capacity
    (a property test holds the two to it). Cases whose excluded units still have free capacity
    are decided case by case (with heaps); the rest without a loop over cases (``_engine``).
    ``min_bulk`` overrides ``_engine.MIN_BULK`` (tests). Bad frames are a ``ValueError``."""
    c, u, arrays = _prepare(cases, units)
    got, _ = _engine.assign(*arrays, min_bulk)
    number = pl.Series("n", got, dtype=pl.Int64)
    number = number.set(number < 0, None)  # -1: no unit left
    return pl.DataFrame(
        [c["case_id"], u["unit"].gather(number).alias("unit")]
        if u.height
        else [c["case_id"], pl.Series("unit", [None] * c.height, dtype=pl.String)]
    )


def assign_batch(
    cases: Iterable[tuple[Any, str, Iterable[str]]], units: list[UnitState]
) -> list[tuple[Any, str | None]]:
    """``assign_round`` for Python objects, in the *given* order (not sorted by id): the same
    result as ``assign_one_by_one``, ``units``' loads updated in place. For the service that
    closes rounds (cases ordered by arrival)."""
    cases = list(cases)
    ordered = sorted(range(len(units)), key=lambda i: units[i].unit)
    number = {units[i].unit: n for n, i in enumerate(ordered)}
    if len(number) != len(units):
        raise ValueError("units: duplicate unit codes")
    districts: dict[str, int] = {}
    unit_district = np.array(
        [districts.setdefault(units[i].district, len(districts)) for i in ordered], dtype=np.int64
    )
    case_district = np.array(
        [districts.setdefault(d, len(districts)) for _, d, _ in cases], dtype=np.int64
    )
    excl = [sorted({number[x] for x in ex if x in number}) for _, _, ex in cases]
    excl_ptr = np.concatenate([[0], np.cumsum([len(x) for x in excl])]).astype(np.int64)
    excl_unit = np.array([x for xs in excl for x in xs], dtype=np.int64)
    capacity = np.array([units[i].capacity for i in ordered], dtype=np.int64)
    load = np.array([units[i].load for i in ordered], dtype=np.int64)
    got, _ = _engine.assign(case_district, excl_ptr, excl_unit, unit_district, capacity, load)
    for n, taken in enumerate(np.bincount(got[got >= 0], minlength=len(units)).tolist()):
        units[ordered[n]].load += taken
    return [
        (case_id, None if g < 0 else units[ordered[g]].unit)
        for (case_id, _, _), g in zip(cases, got.tolist(), strict=True)
    ]
