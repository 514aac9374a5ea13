"""Properties of pricing and validation over many random frames (Hypothesis).

Issue 3, "Prove it": "property tests (Hypothesis) that pricing never pays more than the tariff
allows"; "Validation and pricing are written once, vectorised over Polars frames; the API passes
a one-row frame through the same functions" — so one claim alone gets exactly the answer it
gets inside a large batch. ARCHITECTURE.md "Money is exact": sums of parts equal the whole to
the satang."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from sitthi.rules.claims.validate import validate
from tests.conftest import make_cid
from tests.rules.claims.builders import TARIFF, at, tariff_row

# --- pricing never pays more than the tariff allows ---------------------------------------------

PRICES = st.integers(1, 10**8)  # 0.01 … 1,000,000.00 baht
QUANTITIES = st.integers(-2000, 10**7)  # -2 … 10,000 units, in milli-units
CHARGES = st.integers(-100, 10**10)


@st.composite
def priced_batch(draw):
    rules = draw(
        st.lists(st.sampled_from(["lower_of_charge_and_tariff", "tariff"]), min_size=1, max_size=4)
    )
    tariff = pl.DataFrame(
        [
            tariff_row(f"I{i}", draw(PRICES), date(2000, 1, 1), pricing=rule)
            for i, rule in enumerate(rules)
        ],
        schema=schema.TARIFF,
    )
    n = draw(st.integers(1, 40))
    lines = pl.DataFrame(
        {
            "claim_id": draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)),
            "line_no": list(range(1, n + 1)),
            "item_code": draw(
                st.lists(st.sampled_from([*tariff["item_code"], "NOPE"]), min_size=n, max_size=n)
            ),
            "quantity_milli": draw(st.lists(QUANTITIES, min_size=n, max_size=n)),
            "served_at": [at(2022, 4, 25, 9)] * n,
            "charged_satang": draw(st.lists(CHARGES, min_size=n, max_size=n)),
        },
        schema=schema.LINES,
    )
    # Inpatient claims (programme general: the test tariff's); nothing else of the claim
    # matters to pricing.
    claims = pl.DataFrame({"claim_id": range(1, 6)}).with_columns(
        [
            (pl.lit("IP") if c == "service_type" else pl.lit(None, dtype=t)).alias(c)
            for c, t in schema.CLAIMS.items()
            if c != "claim_id"
        ]
    )
    return claims.cast(schema.CLAIMS), lines, tariff


def reference_tariff(unit_price_satang: int, quantity_milli: int) -> int:
    """Decimal baht, rounded half up to the satang: what a person with a calculator does."""
    baht = Decimal(unit_price_satang) / 100 * (Decimal(quantity_milli) / 1000)
    return int(baht.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


@settings(max_examples=150, deadline=None)
@given(priced_batch())
def test_payable_never_exceeds_the_tariff_nor_the_charge_under_the_default_rule(batch):
    claims, lines, tariff = batch
    out = price(claims, lines, tariff).join(lines, on=["claim_id", "line_no"])
    assert (out["payable_satang"] <= out["tariff_satang"]).all()
    assert (out["payable_satang"] >= 0).all()
    default = out.filter(pl.col("rule") == "lower_of_charge_and_tariff")
    assert (default["payable_satang"] <= default["charged_satang"]).all()
    flat = out.filter(pl.col("rule") == "tariff")
    assert (flat["payable_satang"] == flat["tariff_satang"]).all()
    for r in out.iter_rows(named=True):
        assert r["tariff_satang"] == reference_tariff(r["unit_price_satang"], r["quantity_milli"])
    # every line with a known item, positive quantity and positive charge is priced
    expected = lines.filter(
        (pl.col("item_code") != "NOPE")
        & (pl.col("quantity_milli") > 0)
        & (pl.col("charged_satang") > 0)
    )
    assert out.height == expected.height


@settings(max_examples=100, deadline=None)
@given(priced_batch())
def test_the_sum_of_lines_equals_the_sum_of_claim_totals_to_the_satang(batch):
    claims, lines, tariff = batch
    out = price(claims, lines, tariff)
    per_claim = out.group_by("claim_id").agg(pl.col("payable_satang").sum())
    assert per_claim["payable_satang"].sum() == out["payable_satang"].sum()
    assert out["payable_satang"].sum() == sum(out["payable_satang"].to_list())


# --- one claim alone answers as it does inside a large random batch ------------------------------

VALID_CID = make_cid(777)
WRONG_CHECK_DIGIT = VALID_CID[:12] + str((int(VALID_CID[12]) + 1) % 10)
OPTIONS = {
    "hospital": ["10670", "10670", "1067", None],
    "citizen_id": [VALID_CID, VALID_CID, WRONG_CHECK_DIGIT, "12", None],
    "service_type": ["IP", "OP", "COVID_BODY", "XX", None],
    "admitted_day": [0, 1, 2, 400],
    "stay_hours": [None, 0, 30, 72, -2],
    "hospital_known": [True, True, False, None],
    "fund": ["UCS", "SSS", None],
    "contract_funds": [["UCS"], ["SSS"], ["UCS", "SSS"], [], None],
    "duplicate_of_paid": [False, False, True, None],
    "n_lines": [0, 1, 2, 3],
    "item_code": [*TARIFF["item_code"], "NOPE", None, " "],
    "quantity_milli": [2000, 1, 333, 0, -1000, None],
    "charged_satang": [90000, 1, 0, -5, None],
    "line_hours": [0, 1, 20, 30, 80, -1, None],
    "n_dx": [0, 1, 2],
    "dx_code": ["E11.9", "U07.1", "XYZ", "E10-E14", None],
    "dx_type": ["1", "2"],
}


def build_claim(pick, claim_id: int) -> tuple[dict, dict, list[dict], list[dict]]:
    """One claim with its facts, diagnoses and lines, every field drawn by ``pick``."""
    admitted = at(2022, 4, 23, 20) + timedelta(days=pick(OPTIONS["admitted_day"]))
    stay = pick(OPTIONS["stay_hours"])
    c = {
        "claim_id": claim_id,
        "hospital": pick(OPTIONS["hospital"]),
        "citizen_id": pick(OPTIONS["citizen_id"]),
        "service_type": pick(OPTIONS["service_type"]),
        "admitted_at": admitted,
        "discharged_at": None if stay is None else admitted + timedelta(hours=stay),
    }
    f = {
        "claim_id": claim_id,
        "hospital_known": pick(OPTIONS["hospital_known"]),
        "fund": pick(OPTIONS["fund"]),
        "contract_funds": pick(OPTIONS["contract_funds"]),
        "duplicate_of_paid": pick(OPTIONS["duplicate_of_paid"]),
    }
    lines = []
    for n in range(1, pick(OPTIONS["n_lines"]) + 1):
        hours = pick(OPTIONS["line_hours"])
        lines.append(
            {
                "claim_id": claim_id,
                "line_no": n,
                "item_code": pick(OPTIONS["item_code"]),
                "quantity_milli": pick(OPTIONS["quantity_milli"]),
                "served_at": None if hours is None else admitted + timedelta(hours=hours),
                "charged_satang": pick(OPTIONS["charged_satang"]),
            }
        )
    dxs = [
        {
            "claim_id": claim_id,
            "seq": s,
            "code": pick(OPTIONS["dx_code"]),
            "dx_type": pick(OPTIONS["dx_type"]),
        }
        for s in range(1, pick(OPTIONS["n_dx"]) + 1)
    ]
    return c, f, dxs, lines


def to_frames(parts) -> dict[str, pl.DataFrame]:
    claims, facts, dxs, lines = [], [], [], []
    for c, f, d, ln in parts:
        claims.append(c)
        facts.append(f)
        dxs += d
        lines += ln
    return {
        "claims": pl.DataFrame(claims, schema=schema.CLAIMS),
        "facts": pl.DataFrame(facts, schema=schema.CLAIM_FACTS),
        "diagnoses": pl.DataFrame(dxs, schema=schema.DIAGNOSES),
        "lines": pl.DataFrame(lines, schema=schema.LINES),
    }


def background(seed: int, n: int = 400) -> list:
    rng = np.random.default_rng(seed)

    def pick(options):
        return options[int(rng.integers(len(options)))]

    return [build_claim(pick, claim_id) for claim_id in range(1, n + 1)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(0, 2**32 - 1))
def test_one_claim_alone_gets_the_same_answer_as_inside_a_large_batch(data, seed):
    def pick(options):
        return data.draw(st.sampled_from(options))

    target = build_claim(pick, claim_id=-1)
    others = background(seed)
    position = data.draw(st.integers(0, len(others)))
    alone = to_frames([target])
    batch = to_frames(others[:position] + [target] + others[position:])

    def errors(f):
        return validate(f["claims"], f["facts"], f["diagnoses"], f["lines"], TARIFF)

    def priced(f):
        return price(f["claims"], f["lines"], TARIFF)

    assert errors(alone).equals(errors(batch).filter(pl.col("claim_id") == -1))
    assert priced(alone).equals(priced(batch).filter(pl.col("claim_id") == -1))
