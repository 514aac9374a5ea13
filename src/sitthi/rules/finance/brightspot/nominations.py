"""Bright Spot: the provinces' nominations and their quotas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitthi.rules.finance.brightspot.criteria import Criteria

# -- nominations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Nomination:
    """A province's nomination of a hospital (``hospital`` is its code) for its level."""

    hospital: str
    province: str
    level: str


def check_nominations(
    nominations: Sequence[Nomination], criteria: Criteria
) -> list[tuple[int, str, str]]:
    """Every problem as ``(index, code, detail)``, in the order given.

    Lines 66-70: "ให้แต่ละจังหวัดคัดเลือกหน่วยบริการ ... ระดับบริการ A S M1 ทุกแห่ง ... M2
    จังหวัดละ 1 แห่ง ... F1 F2 จังหวัดละ 2 แห่ง ... F3 จังหวัดละ 1 แห่ง". The (quota + 1)-th and
    later nomination of a province in a prize group is BRIGHT_OVER_QUOTA (F1 and F2 share the
    quota of 2); the same hospital again is BRIGHT_DUPLICATE (and does not count towards a
    quota); an unknown level is BRIGHT_LEVEL_UNKNOWN.
    """
    problems: list[tuple[int, str, str]] = []
    first_at: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for i, n in enumerate(nominations):
        hospital = str(n.hospital).strip()
        if hospital in first_at:
            problems.append(
                (i, "BRIGHT_DUPLICATE", f"hospital={hospital}, first at index {first_at[hospital]}")
            )
            continue
        first_at[hospital] = i
        try:
            pg = criteria.group_of(n.level)
        except ValueError:
            problems.append((i, "BRIGHT_LEVEL_UNKNOWN", f"hospital={hospital}, level={n.level}"))
            continue
        province = str(n.province).strip()
        key = (province, pg.code)
        counts[key] = counts.get(key, 0) + 1
        if pg.quota is not None and counts[key] > pg.quota:
            problems.append(
                (i, "BRIGHT_OVER_QUOTA", f"province={province}, group={pg.code}, quota={pg.quota}")
            )
    return problems
