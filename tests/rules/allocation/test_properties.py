"""Properties of the whole allocation over random small countries (Hypothesis).

Issue 6, "Prove it": every line's parts sum to the line to the satang; every province's rate
is within the band; moving persons between age groups or provinces never changes the national
total of a line; the point value times total AdjRW equals the IP budget.
Seed 003_efb95171d59d7c5f.txt for the rules (see test_worked_example.py for each clause).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.rules.allocation import Inputs, allocate, read_config
from tests.rules.allocation.tiny import tiny_raw

AGE_GROUPS = 2
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cfg_with(labour: bool = True, rule: str = "cap"):
    raw = tiny_raw()
    raw["psychiatric"]["over_target"] = rule
    raw["shortfall_from"] = ["HELD", "IP", "OP"]
    if labour:
        raw["labour_cost"] = {
            "applies_to": ["OP", "IP", "CAP"],
            "national_pct": "1",
            "regional_pct": "2",
            "regions": {"2": {"pct": "4.5", "approved": True}},
        }
    return read_config(raw)


@st.composite
def countries(draw):
    n_prov = draw(st.integers(1, 5))
    prov_region = {f"{10 + p}": draw(st.integers(1, 3)) for p in range(n_prov)}
    n_units = draw(st.integers(1, 8))
    units = []
    for i in range(n_units):
        prov = draw(st.sampled_from(sorted(prov_region)))
        units.append(
            {
                "unit": f"{10001 + i}",
                "province": prov,
                "region": prov_region[prov],
                "public": draw(st.booleans()),
                "moph": draw(st.booleans()),
            }
        )
    counts = {(u["unit"], g): draw(st.integers(0, 3_000)) for u in units for g in range(AGE_GROUPS)}
    if sum(counts.values()) == 0:
        counts[(units[0]["unit"], 0)] = 1
    service = pl.DataFrame(
        {
            "unit": [u["unit"] for u in units],
            "qof_score": [draw(st.integers(0, 100)) for _ in units],
            "op_visits": [draw(st.integers(0, 10_000)) for _ in units],
            "data_quality_score": [draw(st.integers(0, 100)) for _ in units],
            "adjrw": [Decimal(draw(st.integers(0, 10**7))) / 10_000 for _ in units],
            "psychiatric_patients": [draw(st.integers(0, 4)) for _ in units],
        },
        schema_overrides={"adjrw": pl.Decimal(14, 4)},
    )
    return pl.DataFrame(units), counts, service


def population(counts: dict) -> pl.DataFrame:
    rows = [(u, g, n) for (u, g), n in counts.items() if n]
    return pl.DataFrame(
        rows, schema={"unit": pl.Utf8, "age_group": pl.Int8, "persons": pl.Int64}, orient="row"
    )


def totals(result) -> dict[str, int]:
    paid = pl.concat(
        [
            result.by_unit.select("line", "amount_satang"),
            result.by_payee.select("line", "amount_satang"),
        ]
    )
    return dict(paid.group_by("line").agg(pl.col("amount_satang").sum()).rows())


@SETTINGS
@given(world=countries(), rule=st.sampled_from(["average", "cap", "pay"]))
def test_every_line_adds_up_to_the_satang(world, rule):
    """For every line: budget + transfers in − out = what units, others and NHSO hold, to the
    satang; the regional OP pots are rate × the region's persons (seed 003: "บริหารแบบ Global
    budget ระดับเขต"); the labour reserves are what was deducted (หมวด 2 ส่วนที่ 10)."""
    units, counts, service = world
    cfg = cfg_with(rule=rule)
    r = allocate(cfg, population(counts), units, Inputs(service=service))
    available = dict(r.lines.select("line", "available_satang").rows())
    paid = totals(r)
    assert {k: paid.get(k, 0) for k in available} == available
    assert r.lines["difference_satang"].to_list() == [0] * r.lines.height
    persons = sum(counts.values())
    # what the nation gave out plus what moved between lines is what the lines were given
    budgets = sum(r.lines["budget_satang"])
    assert budgets == (200 + 50 + 10 + 1) * 100 * persons + 100_000
    assert sum(available.values()) == budgets
    # OP: each region's QOF, output and data-quality parts add up to rate × its persons
    op = r.by_unit.filter(pl.col("line") == "OP")
    region_persons = (
        units.join(
            population(counts).group_by("unit").agg(pl.col("persons").sum()), on="unit", how="left"
        )
        .group_by("region")
        .agg(pl.col("persons").sum().fill_null(0))
    )
    for region, n in region_persons.rows():
        for part, rate in (("qof", 4_000), ("output", 2_000), ("data_quality", 1_000)):
            got = op.filter((pl.col("region") == region) & (pl.col("part") == part))
            assert got["amount_satang"].sum() == rate * n
    # the pool of the labour reserves is what was deducted from the public units
    deducted = r.by_unit.filter(pl.col("part").str.starts_with("labour"))["amount_satang"].sum()
    reserved = r.by_payee.filter(pl.col("part").str.starts_with("labour"))["amount_satang"].sum()
    assert deducted == -reserved


@SETTINGS
@given(world=countries())
def test_every_province_rate_is_within_the_band(world):
    """Exactly before rounding; after rounding to the satang a province's amount is within one
    satang of an amount inside the band."""
    units, counts, service = world
    r = allocate(cfg_with(labour=False), population(counts), units, Inputs(service=service))
    op = r.report["op"]
    pool = op["age_adjusted_pool_satang"]
    persons = sum(counts.values())
    low = Fraction(pool, persons) * Fraction(9, 10)
    high = Fraction(pool, persons) * Fraction(11, 10)
    for n, amount in r.op_provinces.select("persons", "amount_satang").rows():
        assert n * low - 1 < amount < n * high + 1
    assert r.op_provinces["amount_satang"].sum() == pool
    assert sum(op["pots_satang"].values()) + op["capitation_rest_satang"] == 20_000 * persons


@st.composite
def moves(draw, counts):
    """Move some persons to another unit (perhaps another province) and/or age group."""
    keys = sorted(k for k, n in counts.items() if n)
    src = draw(st.sampled_from(keys))
    dst = draw(st.sampled_from(sorted(counts)))
    k = draw(st.integers(1, counts[src]))
    moved = dict(counts)
    moved[src] -= k
    moved[dst] += k
    return moved


@SETTINGS
@given(data=st.data(), world=countries())
def test_moving_persons_never_changes_a_lines_national_total(data, world):
    """Seed 003 rates are per registered person: moving persons between units, provinces or
    age groups moves money between them but never changes a line's national total."""
    units, counts, service = world
    moved = data.draw(moves(counts))
    cfg = cfg_with()
    before = allocate(cfg, population(counts), units, Inputs(service=service))
    after = allocate(cfg, population(moved), units, Inputs(service=service))
    assert totals(before) == totals(after)
    cols = ["line", "budget_satang", "available_satang"]
    assert before.lines.select(cols).equals(after.lines.select(cols))
    assert before.by_unit.filter(pl.col("line") == "OP")[
        "amount_satang"
    ].sum() + before.by_payee.filter(pl.col("line") == "OP")["amount_satang"].sum() == 20_000 * sum(
        counts.values()
    )


@SETTINGS
@given(world=countries())
def test_point_value_times_total_adjrw_is_the_ip_budget(world):
    """Seed 003, "ค่าบริการ IP ตามระบบ DRG V 5" under a global budget: point value × total
    AdjRW = the budget exactly (as a fraction; as the 40-digit Decimal to the satang), and the
    units' satang add up to it."""
    units, counts, service = world
    r = allocate(cfg_with(labour=False), population(counts), units, Inputs(service=service))
    ip = r.report["ip"]
    if ip["total_adjrw"] == 0:
        assert r.lines.filter(pl.col("line") == "IP")["held_satang"].item() == ip["budget_satang"]
        return
    budget_baht = Fraction(ip["budget_satang"], 100)
    total = Fraction(ip["total_adjrw"])
    assert Fraction(ip["point_value_fraction"]) * total == budget_baht  # exactly
    with localcontext() as ctx:
        ctx.prec = 60
        product = (ip["point_value"] * ip["total_adjrw"]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert product * 100 == ip["budget_satang"]
    drg = r.by_unit.filter(pl.col("part") == "drg")
    assert drg["amount_satang"].sum() == ip["budget_satang"]
    # and each unit within a satang of AdjRW × point value
    adjrw = dict(service.select("unit", "adjrw").rows())
    for unit, amount in drg.select("unit", "amount_satang").rows():
        exact = Fraction(adjrw[unit]) * Fraction(ip["point_value_fraction"]) * 100
        assert abs(amount - exact) < 1
