"""One HI Portal round (seed 000_a3b7e1d5dbe51319.txt; issue 5): 50,000 new cases offered over
1,000 Bangkok service units, then the round closed at 12:00 — every pending offer whose deadline
has passed is timed out and its case handed on to another unit, the timed-out unit excluded.

Both steps use ``policy.assign_round``. The baseline, measured in the same run, is the same
assignment done by ``policy.choose_unit`` one case at a time in plain Python (a scan over every
unit per case) over a 1 % sample — the first 1 % of the batch in case order, from the same
loads — scaled up to the whole batch. Both must give the same assignment on the sample (by the
definition of a batch, its first cases are decided exactly as they would be alone).

The world is synthetic and seeded: Bangkok's 50 districts with uneven demand (log-normal
weights), units spread over them independently of demand, daily capacities 10-90, a quarter of
the day's capacity already used, so some districts run out and hand cases to others. At the
close, 10 % of units never opened the portal (all their offers time out) and 5 % of the other
offers time out too.

    python bench/isolation_round.py [CASES] [UNITS]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from sitthi.rules.isolation import _engine, policy, rounds
from sitthi.rules.kernel.thaitime import BANGKOK

CASES = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
UNITS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
REPEAT = 3
DISTRICTS = (
    "พระนคร ดุสิต หนองจอก บางรัก บางเขน บางกะปิ ปทุมวัน ป้อมปราบศัตรูพ่าย พระโขนง มีนบุรี "
    "ลาดกระบัง ยานนาวา สัมพันธวงศ์ พญาไท ธนบุรี บางกอกใหญ่ ห้วยขวาง คลองสาน ตลิ่งชัน บางกอกน้อย "
    "บางขุนเทียน ภาษีเจริญ หนองแขม ราษฎร์บูรณะ บางพลัด ดินแดง บึงกุ่ม สาทร บางซื่อ จตุจักร "
    "บางคอแหลม ประเวศ คลองเตย สวนหลวง จอมทอง ดอนเมือง ราชเทวี ลาดพร้าว วัฒนา บางแค หลักสี่ "
    "สายไหม คันนายาว สะพานสูง วังทองหลาง คลองสามวา บางนา ทวีวัฒนา ทุ่งครุ บางบอน"
).split()
assert len(DISTRICTS) == 50
DAY = datetime(2024, 3, 1, tzinfo=BANGKOK)
CLOSE = DAY + timedelta(hours=12)  # the round 1 deadline of that day


def world(seed: int = 2564) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    demand = rng.lognormal(0.0, 0.8, len(DISTRICTS))
    capacity = rng.integers(10, 91, UNITS)
    units = pl.DataFrame(
        {
            "unit": [f"{10001 + i}" for i in range(UNITS)],
            "district": rng.choice(DISTRICTS, UNITS),
            "capacity": capacity,
            "load": (capacity * rng.uniform(0.0, 0.5, UNITS)).astype(np.int64),
        },
        schema=policy.UNITS,
    )
    # new cases arrive from 06:00 to 13:00; case ids in arrival order
    arrived = np.sort(rng.integers(6 * 3600, 13 * 3600, CASES))
    cases = pl.DataFrame(
        {
            "case_id": np.arange(1, CASES + 1),
            "district": rng.choice(DISTRICTS, CASES, p=demand / demand.sum()),
            "excluded": [[] for _ in range(CASES)],
            "offered_at": [DAY + timedelta(seconds=int(s)) for s in arrived],
        },
        schema={**policy.CASES, "offered_at": rounds.TS},
    )
    return cases, units


def best_of(run, repeat: int = REPEAT):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return result, best


def one_by_one(cases: pl.DataFrame, units: pl.DataFrame) -> tuple[list, float]:
    """The baseline: ``choose_unit`` case after case, in plain Python, loads updated as it goes."""
    states = [policy.UnitState(*row) for row in units.select(list(policy.UNITS)).iter_rows()]
    rows = [(i, d, ex) for i, d, ex in cases.select(list(policy.CASES)).iter_rows()]
    t0 = time.perf_counter()
    out = policy.assign_one_by_one(rows, states)
    return out, time.perf_counter() - t0


def baseline(cases: pl.DataFrame, units: pl.DataFrame, batch: pl.DataFrame) -> float:
    """Seconds per case of the one-by-one baseline on the batch's first 1 %, checked against
    the batch's own answer for those cases."""
    sample = cases.head(max(1, cases.height // 100))
    out, seconds = one_by_one(sample, units)
    assert out == list(batch.head(sample.height).iter_rows()), "batch and one by one disagree"
    return seconds / sample.height


def close_round(cases: pl.DataFrame, units: pl.DataFrame, offered: pl.DataFrame, seed: int = 7):
    """At 12:00: which offers timed out, and the frames to hand their cases on with."""
    rng = np.random.default_rng(seed)
    asleep = set(units.filter(pl.Series(rng.random(units.height) < 0.10))["unit"])
    offers = (
        cases.select("case_id", "district", "offered_at")
        .join(offered, on="case_id")
        .filter(pl.col("unit").is_not_null())
        .with_columns(deadline=rounds.deadline_expr("offered_at"))
    )
    # a unit that opened the portal took its offer unless it let it lapse (5 %)
    lapsed = pl.Series(rng.random(offers.height) < 0.05)
    offers = offers.with_columns(
        taken=~(pl.col("unit").is_in(list(asleep)) | lapsed) & (pl.col("deadline") <= CLOSE)
    )
    due = offers.filter(~pl.col("taken") & (pl.col("deadline") <= CLOSE))
    still_pending = offers.filter(pl.col("deadline") > CLOSE)
    load = (
        pl.concat([offers.filter("taken").select("unit"), still_pending.select("unit")])
        .group_by("unit")
        .len("new")
    )
    after = (
        units.join(load, on="unit", how="left")
        .with_columns(load=pl.col("load") + pl.col("new").fill_null(0))
        .select(list(policy.UNITS))
    )
    handed = due.select("case_id", "district", pl.concat_list("unit").alias("excluded"))
    return handed, after


def main() -> None:
    cases, units = world()
    batch = cases.select(list(policy.CASES))

    offered, t_round = best_of(lambda: policy.assign_round(batch, units))
    per_case = baseline(batch, units, offered)
    t_base = per_case * CASES
    stats = paths(batch, units)
    placed = offered["unit"].is_not_null().sum()
    fell_back = (
        batch.join(offered, on="case_id")
        .join(units.select("unit", pl.col("district").alias("unit_district")), on="unit")
        .filter(pl.col("district") != pl.col("unit_district"))
        .height
    )

    def close():
        handed, after = close_round(cases, units, offered)
        return handed, after, policy.assign_round(handed, after)

    (handed, after, handed_on), t_close = best_of(close)
    _, t_close_assign = best_of(lambda: policy.assign_round(handed, after))
    close_per_case = baseline(handed, after, handed_on)
    t_close_base = close_per_case * handed.height
    close_stats = paths(handed, after)

    print(f"one round: {CASES:,} new cases over {UNITS:,} units in {len(DISTRICTS)} districts")
    print(
        f"  offered {placed:,} ({fell_back:,} outside their district), "
        f"{CASES - placed:,} to the NHSO queue"
    )
    print(
        f"  assign_round:               {CASES / t_round:>12,.0f} cases/s  ({t_round:.3f} s; "
        f"{stats.bulk_cases:,} cases without a loop over cases in {stats.rounds} rounds, "
        f"{stats.sequential_cases:,} case by case)"
    )
    print(
        f"  one by one (1 % scaled):    {1 / per_case:>12,.0f} cases/s  ({t_base:.2f} s for "
        f"{CASES:,})"
    )
    print(f"  ratio: {t_base / t_round:.0f}x")
    print(f"closing the round at 12:00: {handed.height:,} offers timed out, handed on")
    print(
        f"  close (deadlines, loads, assign_round): {t_close:.3f} s, of which assign_round "
        f"{t_close_assign:.3f} s ({handed.height / t_close_assign:,.0f} cases/s; "
        f"{close_stats.bulk_cases:,} without a loop, {close_stats.sequential_cases:,} case by case)"
    )
    print(f"  one by one (1 % scaled):    {t_close_base:.2f} s ({1 / close_per_case:,.0f} cases/s)")
    print(f"  ratio (assign_round against one by one): {t_close_base / t_close_assign:.0f}x")
    print(
        f"  handed on {handed_on['unit'].is_not_null().sum():,}, to the NHSO queue "
        f"{handed_on['unit'].is_null().sum():,}"
    )


def paths(cases: pl.DataFrame, units: pl.DataFrame) -> _engine.Stats:
    """Which path the engine took for a batch (cases without a loop, rounds, case by case)."""
    return _engine.assign(*policy._prepare(cases, units)[2])[1]


if __name__ == "__main__":
    main()
