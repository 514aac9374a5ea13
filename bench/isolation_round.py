"""One HI Portal round: 50,000 new cases over 1,000 Bangkok units (issue 5). The batch policy
(`policy.assign_batch`, heaps) against the baseline of offering case by case with
`policy.choose_unit` (a scan over every unit), measured in the same run; the baseline runs on
a 1 % sample and is scaled up. Both must agree on the sample. Then the time to close the
round: every case timed out and handed on at once, its first unit excluded.

    python bench/isolation_round.py [CASES] [UNITS]
"""

from __future__ import annotations

import random
import sys
import time

from sitthi.rules.isolation import policy

CASES = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
UNITS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
DISTRICTS = [f"district-{i:02d}" for i in range(50)]  # Bangkok has 50 districts


def world(seed: int = 7):
    rng = random.Random(seed)
    units = [
        policy.UnitState(f"{10000 + i}", rng.choice(DISTRICTS), rng.randint(20, 90), 0)
        for i in range(UNITS)
    ]
    cases = [(n, rng.choice(DISTRICTS), frozenset()) for n in range(CASES)]
    return units, cases


def baseline(cases, units):
    out = []
    for n, district, excluded in cases:
        chosen = policy.choose_unit(district, excluded, units)
        if chosen is not None:
            next(u for u in units if u.unit == chosen).load += 1
        out.append((n, chosen))
    return out


def main() -> None:
    units, cases = world()
    sample = cases[: max(1, CASES // 100)]

    t0 = time.perf_counter()
    slow = baseline(sample, world()[0])
    t_base = (time.perf_counter() - t0) * (CASES / len(sample))
    assert policy.assign_batch(sample, world()[0]) == slow, "batch and one-by-one disagree"

    t0 = time.perf_counter()
    offered = policy.assign_batch(cases, units)
    t_batch = time.perf_counter() - t0
    placed = sum(1 for _, u in offered if u)

    # Close the round: nobody answered; every case goes on, its first unit excluded.
    for u in units:
        u.load = 0
    handed = [(n, d, frozenset({u})) for (n, d, _), (_, u) in zip(cases, offered, strict=True) if u]
    t0 = time.perf_counter()
    policy.assign_batch(handed, units)
    t_close = time.perf_counter() - t0

    print(f"one round: {CASES:,} cases over {UNITS:,} units ({placed:,} offered)")
    print(f"  batch (heaps):            {CASES / t_batch:>12,.0f} cases/s  ({t_batch:.2f} s)")
    print(f"  one by one (1 % scaled):  {CASES / t_base:>12,.0f} cases/s  ({t_base:.2f} s)")
    print(f"  ratio: {t_base / t_batch:.1f}x")
    print(f"  closing the round (hand-on of {len(handed):,} cases): {t_close:.2f} s")


if __name__ == "__main__":
    main()
