"""The UC fund's yearly allocation for the whole country (issue 6; seed 003_efb95171d59d7c5f.txt,
FY 2559 as shipped in ``sitthi/rules/params/documents/allocation/fy2559.yaml``).

What is measured: ``allocate()`` over 48.8 million synthetic registered persons, one row each
(``unit`` and ``province`` as Enums, ``age_group`` Int8), about 10,000 main units in the 77
provinces of the 13 regions, with the year's service output (QOF and data-quality scores, OP
visits, AdjRW, psychiatric caseload), 1,000 local funds' dependent elders and 1,000 LTC CUPs:
the counting of the person rows, then every line of the year down to the satang (OP regional
pots, the 80 % province band, the 20 % equal rate, IP point value, capital 90/10, psychiatric,
LTC, labour-cost reserves), the reconciliation and the result frames. Generating the persons
is not timed.

Memory: the process's peak resident set (Linux ``VmHWM``, reset just before the run through
``/proc/self/clear_refs`` so the generator's own peak does not count; where that is not
possible, ``ru_maxrss``, the peak of the whole process, generation included).

The baseline, in the same run: the same counting and the OP, IP and capital allocation written
as plain Python — a loop over person tuples into a dict, then loops over units with integer
largest-remainder splits (the province band through the same exact ``clamp_to_band``) — on a
1 % sample of the persons. Its per-person loop is scaled ×100; its per-unit part is not (the
sample has the same units), so the scaled figure is not inflated. Both paths must give the
same OP, IP and capital amounts for every unit of the sample.

The world is synthetic and seeded: unit sizes log-normal, provinces' age structures drawn
around a national one (so some provinces leave the ±10 % band and the clamp has work to do).

    python bench/allocation.py [PERSONS]
"""

from __future__ import annotations

import math
import resource
import sys
import time
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import polars as pl

from sitthi.rules.allocation import Inputs, allocate, load_fiscal_year
from sitthi.rules.allocation.clamp import clamp_to_band
from sitthi.rules.kernel.money import EXACT, to_satang

PERSONS = int(sys.argv[1]) if len(sys.argv) > 1 else 48_800_000
UNITS = 10_000
SEED = 2559
# FACTS.md, "NHSO regions" [V]: province codes by region
REGIONS = {
    1: "50 51 52 54 55 56 57 58", 2: "53 63 64 65 67", 3: "18 60 61 62 66",
    4: "12 13 14 15 16 17 19 26", 5: "70 71 72 73 74 75 76 77", 6: "11 20 21 22 23 24 25 27",
    7: "40 44 45 46", 8: "38 39 41 42 43 47 48", 9: "30 31 32 36", 10: "33 34 35 37 49",
    11: "80 81 82 83 84 85 86", 12: "90 91 92 93 94 95 96", 13: "10",
}  # fmt: skip
PROVINCE_REGION = {p: r for r, ps in REGIONS.items() for p in ps.split()}
assert len(PROVINCE_REGION) == 77


def world(persons: int, seed: int = SEED):
    """Units, person rows (unit, province, age_group) and the year's inputs."""
    rng = np.random.default_rng(seed)
    provinces = sorted(PROVINCE_REGION)
    codes = [f"{10001 + i:05d}" for i in range(UNITS)]
    unit_prov = rng.integers(0, len(provinces), UNITS)
    moph = rng.random(UNITS) < 0.75
    public = moph | (rng.random(UNITS) < 0.4)
    units = pl.DataFrame(
        {
            "unit": codes,
            "province": [provinces[i] for i in unit_prov],
            "region": [int(PROVINCE_REGION[provinces[i]]) for i in unit_prov],
            "public": public,
            "moph": moph,
            "cup": [codes[i - i % 10] for i in range(UNITS)],
        }
    )
    size = rng.lognormal(0.0, 1.0, UNITS)
    # persons per province in proportion to its units' sizes, then within each province by unit
    # size and by the province's age structure (16 groups, tilted older or younger), then shuffled
    base = np.array([6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 4], dtype=float)
    tilt = rng.normal(0.0, 0.6, len(provinces))
    share = np.bincount(unit_prov, weights=size, minlength=len(provinces))
    per_prov = rng.multinomial(persons, share / share.sum())
    unit_parts, age_parts = [], []
    for p in range(len(provinces)):
        members = np.flatnonzero(unit_prov == p)
        if per_prov[p] == 0 or members.size == 0:
            continue
        w = size[members]
        unit_parts.append(rng.choice(members, per_prov[p], p=w / w.sum()).astype(np.uint32))
        a = base * np.exp(tilt[p] * np.linspace(-1, 1, 16))
        age_parts.append(rng.choice(16, per_prov[p], p=a / a.sum()).astype(np.int8))
    order = rng.permutation(persons)
    unit_of = np.concatenate(unit_parts)[order]
    age = np.concatenate(age_parts)[order]
    del unit_parts, age_parts, order
    unit_enum = pl.Enum(codes)
    prov_enum = pl.Enum(provinces)
    people = pl.DataFrame(
        [
            pl.Series("unit", codes, dtype=unit_enum).gather(pl.Series(unit_of)),
            pl.Series("province", units["province"], dtype=prov_enum).gather(pl.Series(unit_of)),
            pl.Series("age_group", age),
        ]
    )
    del unit_of, age
    service = pl.DataFrame(
        {
            "unit": codes,
            "qof_score": rng.integers(0, 101, UNITS),
            "op_visits": (size * 3_000 * rng.uniform(0.5, 1.5, UNITS)).astype(np.int64),
            "data_quality_score": rng.integers(50, 101, UNITS),
            "adjrw": [
                Decimal(int(x)) / 10_000
                for x in (size * rng.uniform(0, 5e6, UNITS)).astype(np.int64)
            ],
            "psychiatric_patients": rng.poisson(0.9, UNITS),
        },
        schema_overrides={"adjrw": pl.Decimal(18, 4)},
    )
    elders = pl.DataFrame(
        {
            "local_fund": [f"LF{i:04d}" for i in range(1_000)],
            "province": [provinces[i] for i in rng.integers(0, len(provinces), 1_000)],
            "elders": rng.integers(20, 181, 1_000),
        }
    )
    cups = pl.DataFrame({"cup": sorted(set(codes[i - i % 10] for i in range(UNITS)))[:1_000]})
    return units, people, Inputs(service=service, elders=elders, ltc_cups=cups)


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_bytes(reset: bool) -> int:
    if reset:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- the plain-Python baseline ------------------------------------------------------------------


def split_int(total: int, weights: list[int], keys: list[str]) -> list[int]:
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    floors, rems = [], []
    for w in weights:
        q, r = divmod(total * w, whole)
        floors.append(q)
        rems.append(r)
    left = total - sum(floors)
    for i in sorted(range(len(keys)), key=lambda i: (-rems[i], keys[i]))[:left]:
        floors[i] += 1
    return floors


def count_persons(rows: list[tuple[str, str, int]]) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for unit, _province, age in rows:
        counts[(unit, age)] += 1
    return counts


def allocate_plain(cfg, counts, units: pl.DataFrame, service: pl.DataFrame) -> dict:
    """OP (pots, band, equal), IP and capital per unit, in plain Python over ``counts``."""
    op = cfg.op
    index = {g.group: g.index_e4 for g in op.age_index}
    info = {
        u: (p, r, moph)
        for u, p, r, moph in units.select("unit", "province", "region", "moph").rows()
    }
    svc = {row[0]: row[1:] for row in service.select("unit", "qof_score", "op_visits", "data_quality_score", "adjrw").rows()}  # fmt: skip
    persons: dict[str, int] = defaultdict(int)
    weighted: dict[str, int] = defaultdict(int)
    for (unit, age), n in counts.items():
        persons[unit] += n
        weighted[unit] += n * index[age]
    codes = sorted(info)
    total = sum(persons.values())
    out: dict[tuple[str, str, str], int] = {}
    budget = {ln.code: ln.budget_satang(total) for ln in cfg.lines}
    for ln in cfg.lines:
        if ln.within is not None:
            budget[ln.within] -= budget[ln.code]
            if ln.returned_to_parent:
                budget[ln.within] += budget[ln.code]
    by_region: dict[int, list[str]] = defaultdict(list)
    for u in codes:
        by_region[info[u][1]].append(u)
    rates = {
        "qof": to_satang(op.qof_per_person, rounding=EXACT),
        "output": to_satang(op.output_per_person, rounding=EXACT),
        "data_quality": to_satang(op.data_quality_per_person, rounding=EXACT),
    }
    for part, rate in rates.items():
        for members in by_region.values():
            pot = rate * sum(persons[u] for u in members)
            if part == "qof":
                w = [svc[u][0] * 100 * persons[u] for u in members]
            elif part == "output":
                w = [svc[u][1] for u in members]
            else:
                w = [svc[u][2] * 100 * persons[u] for u in members]
            if sum(w) == 0:
                w = [persons[u] for u in members]
            for u, a in zip(members, split_int(pot, w, members), strict=True):
                out[("OP", part, u)] = a
    rest = budget["OP"] - sum(rates.values()) * total
    age_pool = split_int(
        rest, [int(op.age_adjusted_share_pct * 100), int(op.equal_share_pct * 100)], ["a", "e"]
    )
    prov_n: dict[str, int] = defaultdict(int)
    prov_m: dict[str, int] = defaultdict(int)
    for u in codes:
        prov_n[info[u][0]] += persons[u]
        prov_m[info[u][0]] += weighted[u]
    provs = sorted(p for p in prov_n if prov_n[p] > 0)
    c = clamp_to_band(
        age_pool[0], [prov_n[p] for p in provs], [prov_m[p] for p in provs], op.band_pct
    )
    den = math.lcm(*(a.denominator for a in c.amounts))
    prov_amount = dict(
        zip(provs, split_int(age_pool[0], [int(a * den) for a in c.amounts], provs), strict=True)
    )
    members_p: dict[str, list[str]] = defaultdict(list)
    for u in codes:
        members_p[info[u][0]].append(u)
    for p, members in members_p.items():
        for u, a in zip(
            members,
            split_int(prov_amount.get(p, 0), [weighted[u] for u in members], members),
            strict=True,
        ):
            out[("OP", "age_adjusted", u)] = a
    for u, a in zip(codes, split_int(age_pool[1], [persons[u] for u in codes], codes), strict=True):
        out[("OP", "equal", u)] = a
    adjrw = [int(svc[u][3] * 10_000) for u in codes]
    for u, a in zip(codes, split_int(budget["IP"], adjrw, codes), strict=True):
        out[("IP", "drg", u)] = a
    cap = cfg.line_for("capital_replacement")
    share = dict(
        zip(codes, split_int(budget[cap.code], [persons[u] for u in codes], codes), strict=True)
    )
    pct = Fraction(cfg.capital.province_share_pct)
    for members in members_p.values():
        moph = [u for u in members if info[u][2] and share[u] > 0]
        t = sum(share[u] for u in moph)
        fund = t * pct.numerator // (100 * pct.denominator)
        for u, a in zip(moph, split_int(t - fund, [share[u] for u in moph], moph), strict=True):
            out[(cap.code, "direct", u)] = a
        for u in members:
            if not info[u][2] and share[u] > 0:
                out[(cap.code, "direct", u)] = share[u]
    return {k: v for k, v in out.items() if v}


def main() -> None:
    cfg = load_fiscal_year(2559)
    t0 = time.perf_counter()
    units, people, inputs = world(PERSONS)
    t_gen = time.perf_counter() - t0
    print(f"synthetic country: {PERSONS:,} persons, {UNITS:,} units, 77 provinces, 13 regions "
          f"(generated in {t_gen:.1f} s, {people.estimated_size() / 2**20:,.0f} MiB as a frame)")  # fmt: skip

    exact_peak = reset_peak()
    t0 = time.perf_counter()
    result = allocate(cfg, people, units, inputs)
    t_run = time.perf_counter() - t0
    peak = peak_bytes(exact_peak)
    clamp = result.report["op"]["clamp"]
    print(f"allocate():            {t_run:6.2f} s, peak memory {peak / 2**30:.2f} GiB "
          f"({'process VmHWM, reset before the run; the loaded persons included' if exact_peak else 'ru_maxrss of the whole process, generation included'})")  # fmt: skip
    print(f"  {result.by_unit.height:,} unit rows, {result.by_payee.height:,} other payees; "
          f"province band ±{clamp['band_pct']} %: {len(clamp['clamped_high'])} held at the top, "
          f"{len(clamp['clamped_low'])} raised to the bottom, {clamp['moved_satang'] / 100:,.2f} baht "
          f"moved in {clamp['iterations']} iterations; IP point value "
          f"{result.report['ip']['point_value_display']:,} baht/AdjRW")  # fmt: skip
    assert result.lines["difference_satang"].abs().sum() == 0

    # the baseline on a 1 % sample, checked against allocate() on the same sample
    step = 100
    sample = people.gather_every(step)
    rows = [(str(u), str(p), int(a)) for u, p, a in sample.iter_rows()]
    t0 = time.perf_counter()
    counts = count_persons(rows)
    t_loop = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = allocate_plain(cfg, counts, units, inputs.service)
    t_units = time.perf_counter() - t0
    vec = allocate(cfg, sample, units, inputs).by_unit.filter(
        pl.col("line").is_in(["OP", "IP", "CAPITAL"]) & ~pl.col("part").str.starts_with("labour")
    )
    assert {
        (ln, p, u): a for u, ln, p, a in vec.select("unit", "line", "part", "amount_satang").rows()
    } == plain, "the baseline and allocate() disagree"
    t_base = t_loop * step + t_units
    print(f"plain Python, 1 % sample: person loop {t_loop:.2f} s (×{step} = {t_loop * step:.1f} s) "
          f"+ per-unit allocation {t_units:.2f} s → {t_base:.1f} s for the country "
          f"(OP, IP and capital only; same amounts as allocate() on the sample)")  # fmt: skip
    print(f"ratio: {t_base / t_run:.0f}x")


if __name__ == "__main__":
    main()
