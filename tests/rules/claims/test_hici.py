"""COVID-19 home / community isolation (HI/CI) care as claims (issue 5, "Care in isolation
becomes claims through the clearing house at the dated HI/CI rates of the service date").

The 2021 rates: FACTS.md, "COVID-19 HI/CI, 2021 [V]": "care 600 baht/day without meals, 1,000
baht/day with three meals; thermometer and pulse oximeter at cost up to 1,100 baht/case; COVID
drugs at cost up to 7,200 baht/case; oxygen 450 baht/day. The maximum days: not found."
In force from 11 July 2021 (the HI/CI payment letter สปสช.6.70/ว.4322 that seed
000_a3b7e1d5dbe51319.txt refers to) to 14 May 2022; revised from 15 May 2022 (seed
002_80e7afba8787ed6d.txt, "ปรับอัตราการจ่ายโควิด-19 วันที่15พ.ค.65") with figures we do not have:
"an input until their source is known — separate dated values, never a guess" (issue 5)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import explain, price
from sitthi.rules.claims.tariff import (
    PARAMETER_ITEMS,
    combine,
    flat_rate_rows,
    pending_revisions,
)
from sitthi.rules.claims.validate import payer, validate
from sitthi.rules.params import default_parameters
from tests.rules.claims.builders import at, claim, dx, fact, line, tariff_row

PARAMS = default_parameters()
TARIFF = flat_rate_rows(PARAMS)
REVISIONS = pending_revisions(PARAMS)
FIRST, LAST, REVISED = date(2021, 7, 11), date(2022, 5, 14), date(2022, 5, 15)


def hici(day: date, days: int = 10, fund: str = "SSS", **kw) -> dict:
    """An HI/CI claim: admitted at 09:00 on ``day``, discharged at 10:00 ``days - 1`` later."""
    start = at(day.year, day.month, day.day, 9)
    end = start.replace(hour=10) + timedelta(days=days - 1)
    return {
        "claims": [claim(service_type="HICI", admitted_at=start, discharged_at=end)],
        "facts": [fact(fund=fund, contract_funds=kw.get("contract_funds", []))],
        "diagnoses": [dx(code="U07.1")],
        "lines": kw["lines"](start),
    }


def frames(spec: dict) -> dict[str, pl.DataFrame]:
    return {
        "claims": pl.DataFrame(spec["claims"], schema=schema.CLAIMS),
        "facts": pl.DataFrame(spec["facts"], schema=schema.CLAIM_FACTS),
        "diagnoses": pl.DataFrame(spec["diagnoses"], schema=schema.DIAGNOSES),
        "lines": pl.DataFrame(spec["lines"], schema=schema.LINES),
    }


def errors(spec: dict, tariff: pl.DataFrame = TARIFF) -> list[tuple]:
    f = frames(spec)
    out = validate(f["claims"], f["facts"], f["diagnoses"], f["lines"], tariff, REVISIONS)
    return [(r["line_no"], r["code"], r["value"]) for r in out.iter_rows(named=True)]


def priced(spec: dict, tariff: pl.DataFrame = TARIFF) -> dict[int, int]:
    f = frames(spec)
    out = price(f["claims"], f["lines"], tariff)
    return {r["line_no"]: r["payable_satang"] for r in out.iter_rows(named=True)}


def care(code="HICI-CARE", qty=10, charge=1_000_000, no=1):
    return lambda start: [
        line(
            line_no=no,
            item_code=code,
            quantity_milli=qty * 1000,
            served_at=start,
            charged_satang=charge,
        )
    ]


# --- the dated rates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "satang", "rule", "unit"),
    [
        ("HICI-CARE", 60_000, "tariff", "day"),
        ("HICI-CARE-MEALS", 100_000, "tariff", "day"),
        ("HICI-DEVICES", 110_000, "lower_of_charge_and_tariff", "case"),
        ("HICI-DRUGS", 720_000, "lower_of_charge_and_tariff", "case"),
        ("HICI-OXYGEN", 45_000, "tariff", "day"),
    ],
)
def test_the_2021_rates_are_dated_parameters_citing_facts(code, satang, rule, unit):
    """FACTS.md "COVID-19 HI/CI, 2021 [V]": each figure with its unit and rule (a daily rate
    paid as such; "at cost up to" a ceiling paid as the lower of charge and ceiling)."""
    (row,) = TARIFF.filter(pl.col("item_code") == code).to_dicts()
    assert (row["unit_price_satang"], row["pricing"], row["unit"]) == (satang, rule, unit)
    assert (row["valid_from"], row["valid_until"]) == (FIRST, LAST)
    assert "COVID-19 HI/CI, 2021 [V]" in row["source"]
    p = PARAMS.parameter(PARAMETER_ITEMS[code].parameter)
    assert "ว.4322" in p.values[0].note and "15พ.ค.65" in p.values[0].note


def test_only_the_hici_items_wait_for_the_revision():
    """The revision of 15 May 2022 is stated for the COVID-19 rates of HI/CI; whether it changed
    body handling is not stated, and body handling has no end date."""
    assert dict(REVISIONS.iter_rows()) == {
        c: REVISED for c in PARAMETER_ITEMS if c.startswith("HICI-")
    }


@pytest.mark.parametrize(
    ("day", "expected_errors", "payable"),
    [
        (date(2021, 7, 10), [(1, "ITEM_NOT_IN_FORCE", "HICI-CARE")], None),
        (FIRST, [], 600_000),
        (LAST, [], 600_000),
        (REVISED, [(1, "RATE_NOT_LOADED", "HICI-CARE")], None),
        (date(2022, 6, 1), [(1, "RATE_NOT_LOADED", "HICI-CARE")], None),
    ],
)
def test_care_is_priced_by_the_rate_of_its_service_date(day, expected_errors, payable):
    """The day before, of and after each end of the 2021 rates (ARCHITECTURE.md, "the day
    before, of and after each rate change"): 10 days × 600 = 6,000 baht whatever the charge;
    from 15 May 2022 the claim waits for the revised rate instead of being priced at the old."""
    spec = hici(day, lines=care())
    assert errors(spec) == expected_errors
    assert priced(spec).get(1) == payable


def test_a_revised_rate_loaded_by_nhso_prices_from_15_may_2022():
    """The revision is "an input": once NHSO loads it as a fee schedule (here a made-up test
    figure of 500.00, not a real rate) the same claim is priced, and the 2021 rate still prices
    14 May."""
    loaded = pl.DataFrame(
        [tariff_row("HICI-CARE", 50_000, REVISED, schedule="covid-2022", pricing="tariff")],
        schema=schema.TARIFF,
    )
    both = combine(TARIFF, loaded)
    assert errors(hici(REVISED, lines=care()), both) == []
    assert priced(hici(REVISED, lines=care()), both) == {1: 500_000}
    assert priced(hici(LAST, lines=care()), both) == {1: 600_000}


def test_devices_and_drugs_are_paid_at_cost_up_to_the_ceiling():
    def lines(start):
        return [
            line(
                line_no=1,
                item_code="HICI-DEVICES",
                quantity_milli=1000,
                served_at=start,
                charged_satang=90_000,
            ),
            line(
                line_no=2,
                item_code="HICI-DRUGS",
                quantity_milli=1000,
                served_at=start,
                charged_satang=900_000,
            ),
            line(
                line_no=3,
                item_code="HICI-CARE-MEALS",
                quantity_milli=3000,
                served_at=start,
                charged_satang=1,
            ),
        ]

    spec = hici(date(2021, 9, 1), days=3, lines=lines)
    assert errors(spec) == []
    assert priced(spec) == {1: 90_000, 2: 720_000, 3: 300_000}
    f = frames(spec)
    rows = price(f["claims"], f["lines"], TARIFF).to_dicts()
    drug = explain({**rows[1], **f["lines"].row(1, named=True)})
    assert "7,200.00" in drug["th"] and "9,000.00" in drug["th"]
    assert "11 ก.ค. 2564 – 14 พ.ค. 2565" in drug["th"]


# --- how much one claim may carry -------------------------------------------------------------------


@pytest.mark.parametrize(("qty", "ok"), [(10, True), (11, False)])
def test_care_days_are_at_most_the_days_of_the_stay(qty, ok):
    """10 calendar days admitted 1 Sep and discharged 10 Sep: 10 days of care, not 11. FACTS.md:
    "The maximum days: not found" — the stay is the only limit."""
    spec = hici(date(2021, 9, 1), days=10, lines=care(qty=qty))
    assert errors(spec) == ([] if ok else [(1, "QUANTITY_OVER_LIMIT", "HICI-CARE")])


def test_care_with_and_without_meals_share_the_days():
    def lines(start):
        return [
            line(
                line_no=1,
                item_code="HICI-CARE",
                quantity_milli=6000,
                served_at=start,
                charged_satang=1,
            ),
            line(
                line_no=2,
                item_code="HICI-CARE-MEALS",
                quantity_milli=5000,
                served_at=start,
                charged_satang=1,
            ),
        ]

    assert errors(hici(date(2021, 9, 1), days=10, lines=lines)) == [
        (2, "QUANTITY_OVER_LIMIT", "HICI-CARE")
    ]
    assert errors(hici(date(2021, 9, 1), days=11, lines=lines)) == []


@pytest.mark.parametrize("code", ["HICI-DEVICES", "HICI-DRUGS"])
def test_a_per_case_item_is_paid_once(code):
    def two(start):
        return [
            line(
                line_no=1, item_code=code, quantity_milli=1000, served_at=start, charged_satang=100
            ),
            line(
                line_no=2, item_code=code, quantity_milli=500, served_at=start, charged_satang=100
            ),
        ]

    assert errors(hici(date(2021, 9, 1), lines=two)) == [(2, "QUANTITY_OVER_LIMIT", code)]


def test_body_handling_is_paid_once_per_deceased():
    """Seed 002: "2,500 บาทต่อผู้เสียชีวิต"."""
    start = at(2022, 5, 1, 9)
    spec = {
        "claims": [claim(service_type="COVID_BODY", admitted_at=start, discharged_at=None)],
        "facts": [fact()],
        "diagnoses": [dx(code="U07.1")],
        "lines": [line(item_code="COVID-BODY", quantity_milli=2000, served_at=start)],
    }
    assert errors(spec) == [(1, "QUANTITY_OVER_LIMIT", "COVID-BODY")]


# --- who pays ---------------------------------------------------------------------------------------


def test_the_patients_own_fund_pays_without_a_contract_and_a_discharge_is_needed():
    """Green patients go to HI/CI "under their own scheme" (FACTS.md, UCEP COVID-19 Plus): an SSS
    patient's care is paid by SSS, though the unit holds no SSS contract (the case came through
    the HI Portal); HI/CI is a stay with an end."""
    spec = hici(date(2021, 9, 1), fund="SSS", contract_funds=[], lines=care())
    f = frames(spec)
    assert errors(spec) == []
    assert payer(f["claims"], f["facts"])["payer"].to_list() == ["SSS"]
    spec["claims"][0]["discharged_at"] = None
    assert (None, "DISCHARGE_REQUIRED", None) in errors(spec)
    spec = hici(date(2021, 9, 1), fund=None, lines=care())
    assert [e[1] for e in errors(spec)] == ["RIGHTS_NOT_IN_FORCE"]
