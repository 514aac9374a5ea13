"""Care in isolation becomes a clearing-house claim (issue 5, "Care in isolation becomes claims
through the clearing house at the dated HI/CI rates of the service date"; DOMAIN.md §2: "the
unit then claims HI/CI care through the clearing house").

Rates: FACTS.md "COVID-19 HI/CI, 2021 [V]" (600 baht a day without meals, 1,000 with three
meals, devices at cost up to 1,100, drugs at cost up to 7,200 a case, oxygen 450 a day), in
force 11 Jul 2021 – 14 May 2022; revised from 15 May 2022 (seed 002_80e7afba8787ed6d.txt,
"ปรับอัตราการจ่ายโควิด-19 วันที่15พ.ค.65") with figures that are an input.

The case is added on 1 Apr 2022: the green gate's colour rules (seed 004) are in force from
16 Mar 2022. The patient (conftest ``person``) holds an SSS right until 30 Jun 2023, so the SSS
pays: green patients are cared for "under their own scheme" (FACTS.md, UCEP COVID-19 Plus)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.isolation import services
from sitthi.rules.kernel.thaitime import BANGKOK

from .conftest import GREEN

pytestmark = pytest.mark.django_db
ADDED = datetime(2022, 4, 1, 9, 30, tzinfo=BANGKOK)
LATER = datetime(2022, 4, 20, 10, 0, tzinfo=BANGKOK)


def taken_case(users, person, units, added=ADDED, test_date="2022-03-31"):
    data = services.CaseIn(
        citizen_id=person.citizen_id,
        contact="081",
        district="บางนา",
        province="10",
        test_date=test_date,
        setting="HI",
        assessment={k: (Decimal(v) if isinstance(v, str) else v) for k, v in GREEN.items()},
    )
    case = services.add_case(Actor.of(users["nhso"]), data, now=added)
    return services.take(Actor.of(units["officers"]["90001"]), case.pk, now=added)


def care(**kw) -> services.CareIn:
    values = {
        "started": "2022-04-01",
        "ended": "2022-04-10",
        "meals": False,
        "care_charge": "8000",
        "devices_charge": "1500",
        "drugs_charge": "5000.50",
    }
    return services.CareIn(**{**values, **kw})


def codes(info):
    return [(i.code, i.field) for i in info.value.items]


def test_the_holder_claims_the_care_and_it_is_priced_at_the_2021_rates(users, person, units):
    case = taken_case(users, person, units)
    officer = Actor.of(units["officers"]["90001"])
    claim = services.claim_care(officer, case.pk, care(), now=LATER)
    assert (claim.claim_key, claim.service_type, claim.state) == (
        f"HI{case.pk}",
        "HICI",
        "accepted",
    )
    assert claim.fund_id == "SSS" and claim.via == "isolation"
    # 10 days × 600 (flat, whatever the 8,000 charged) + devices 1,100 (ceiling below 1,500)
    # + drugs 5,000.50 (at cost, below the 7,200 ceiling)
    lines = {ln.item_code: (ln.quantity, ln.payable) for ln in claim.lines.all()}
    assert lines == {
        "HICI-CARE": (Decimal("10.000"), Decimal("6000.00")),
        "HICI-DEVICES": (Decimal("1.000"), Decimal("1100.00")),
        "HICI-DRUGS": (Decimal("1.000"), Decimal("5000.50")),
    }
    assert claim.payable_total == Decimal("12100.50")
    assert [d.code for d in claim.diagnoses.all()] == ["U07.1"]
    case.refresh_from_db()
    assert case.claim_id == claim.pk
    entry = LogEntry.objects.get_for_object(case).order_by("-timestamp").first()
    assert entry.actor == units["officers"]["90001"] and "claim" in entry.changes_dict

    # the same care again: the same claim, nothing new; another officer of the same unit may send
    again = services.claim_care(Actor.of(units["officers"]["90001b"]), case.pk, care(), now=LATER)
    assert again.pk == claim.pk and Claim.objects.count() == 1


def test_meals_and_oxygen(users, person, units):
    case = taken_case(users, person, units)
    claim = services.claim_care(
        Actor.of(units["officers"]["90001"]),
        case.pk,
        care(
            meals=True,
            care_days=7,
            devices_charge="",
            drugs_charge="",
            oxygen_days=2,
            oxygen_charge="2000",
        ),
        now=LATER,
    )
    lines = {ln.item_code: (ln.quantity, ln.payable) for ln in claim.lines.all()}
    assert lines == {
        "HICI-CARE-MEALS": (Decimal("7.000"), Decimal("7000.00")),
        "HICI-OXYGEN": (Decimal("2.000"), Decimal("900.00")),
    }


def test_only_the_unit_holding_the_case_may_claim(users, person, units):
    case = taken_case(users, person, units)
    with pytest.raises(SitthiError) as info:  # never offered to 13001: not its business
        services.claim_care(Actor.of(units["officers"]["13001"]), case.pk, care(), now=LATER)
    assert codes(info) == [("NOT_FOUND", None)]
    with pytest.raises(SitthiError) as info:
        services.claim_care(Actor.of(users["nhso"]), case.pk, care(), now=LATER)
    assert codes(info)[0][0] == "ROLE_FORBIDDEN"
    assert not Claim.objects.exists()


def test_an_offered_case_not_yet_taken_cannot_be_claimed(users, person, units):
    data = services.CaseIn(
        citizen_id=person.citizen_id,
        contact="",
        district="บางนา",
        province="10",
        test_date="2022-03-31",
        setting="HI",
        assessment={"cough": True, "age_years": 30},
    )
    case = services.add_case(Actor.of(users["nhso"]), data, now=ADDED)
    with pytest.raises(SitthiError) as info:
        services.claim_care(Actor.of(units["officers"]["90001"]), case.pk, care(), now=LATER)
    assert codes(info) == [("CASE_NOT_HELD", None)]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"ended": "2022-03-30"}, [("DATE_ORDER", "ended")]),
        ({"started": "2022-03-30"}, [("CARE_BEFORE_TEST", "started")]),
        ({"ended": "2022-04-21"}, [("DATE_IN_FUTURE", "ended")]),
        ({"started": "1/13/2565"}, [("DATE_INVALID", "started")]),
        (
            {"care_charge": "abc", "drugs_charge": "-5", "devices_charge": "1.005"},
            [
                ("NUMBER_INVALID", "care_charge"),
                ("NUMBER_INVALID", "devices_charge"),
                ("AMOUNT_NOT_POSITIVE", "drugs_charge"),
            ],
        ),
        ({"care_days": 0}, [("QUANTITY_NOT_POSITIVE", "care_days")]),
        ({"oxygen_charge": "100"}, [("VALUE_REQUIRED", "oxygen_days")]),
        ({"oxygen_days": 2}, [("VALUE_REQUIRED", "oxygen_charge")]),
        # the clearing house's own edits: 11 days of care in a 10-day stay
        ({"care_days": 11}, [("QUANTITY_OVER_LIMIT", "lines[1].quantity")]),
    ],
)
def test_bad_care_is_refused_with_every_problem_and_nothing_is_stored(
    users, person, units, change, expected
):
    case = taken_case(users, person, units)
    with pytest.raises(SitthiError) as info:
        services.claim_care(
            Actor.of(units["officers"]["90001"]), case.pk, care(**change), now=LATER
        )
    assert codes(info) == expected
    case.refresh_from_db()
    assert case.claim_id is None and not Claim.objects.exists()


def test_from_15_may_2022_the_claim_waits_for_the_revised_rates(users, person, units):
    """Issue 5: "the rates revised from 15 May 2022 are an input until their source is known —
    separate dated values, never a guess": not priced at the 2021 rates, refused with
    RATE_NOT_LOADED on every HI/CI line, nothing stored. 14 May is still the 2021 rate."""
    added = datetime(2022, 5, 14, 9, 0, tzinfo=BANGKOK)
    case = taken_case(users, person, units, added=added, test_date="2022-05-13")
    officer = Actor.of(units["officers"]["90001"])
    later = datetime(2022, 6, 1, 9, 0, tzinfo=BANGKOK)
    with pytest.raises(SitthiError) as info:
        services.claim_care(
            officer, case.pk, care(started="2022-05-15", ended="2022-05-24"), now=later
        )
    assert codes(info) == [
        ("RATE_NOT_LOADED", "lines[1].item_code"),
        ("RATE_NOT_LOADED", "lines[2].item_code"),
        ("RATE_NOT_LOADED", "lines[3].item_code"),
    ]
    assert not Claim.objects.exists()
    claim = services.claim_care(
        officer, case.pk, care(started="2022-05-14", ended="2022-05-23"), now=later
    )
    assert claim.payable_total == Decimal("12100.50")


def test_the_api_and_the_page(client, users, person, units):
    case = taken_case(users, person, units)
    body = {
        "started": "2022-04-01",
        "ended": "2022-04-05",
        "meals": True,
        "care_charge": "5000",
    }
    client.force_login(units["officers"]["13001"])
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/claim", body, content_type="application/json"
    )
    assert r.status_code == 404 and r.json()["errors"][0]["code"] == "NOT_FOUND"
    client.force_login(units["officers"]["90001"])
    html = client.get(f"/isolation/cases/{case.pk}/").content.decode()
    assert 'data-testid="care-form"' in html
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/claim",
        {**body, "started": "2022-03-01", "ended": "2022-02-28"},
        content_type="application/json",
    )
    assert r.status_code == 400 and [e["code"] for e in r.json()["errors"]] == [
        "DATE_ORDER",
        "CARE_BEFORE_TEST",
    ]
    assert not Claim.objects.exists()
    r = client.post(f"/isolation/cases/{case.pk}/", {**body, "care_days": "five"})
    assert r.status_code == 400 and "NUMBER_INVALID" in r.content.decode()
    assert not Claim.objects.exists()
    r = client.post(f"/isolation/cases/{case.pk}/", {**body, "meals": "yes"})
    assert r.status_code == 302
    claim = Claim.objects.get()
    assert claim.payable_total == Decimal("5000.00")  # 5 days × 1,000 with meals
    html = client.get(f"/isolation/cases/{case.pk}/").content.decode()
    assert 'data-testid="care-claim"' in html and f"/claims/{claim.pk}/" in html
    assert 'data-testid="care-form"' not in html
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/claim", body, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["claim"] == claim.pk


def test_once_nhso_loads_the_revised_rates_the_same_care_is_priced(users, person, units):
    """The revised rates are "an input": NHSO loads them as a fee schedule (the figures below
    are made up for the test, not the real 2022 rates) and care from 15 May 2022 is priced by
    them, while 14 May keeps the 2021 rate."""
    from sitthi.claims.services import load_tariff

    header = "schedule,item_code,category,description,unit,unit_price,pricing,valid_from,source\n"
    rows = (
        "covid-2022,HICI-CARE,flat-rate,care,day,500.00,tariff,2022-05-15,test figure\n"
        "covid-2022,HICI-DEVICES,ceiling,devices,case,1000.00,,2022-05-15,test figure\n"
        "covid-2022,HICI-DRUGS,ceiling,drugs,case,7000.00,,2022-05-15,test figure\n"
    )
    load_tariff(Actor.of(users["nhso"]), (header + rows).encode(), "rates.csv", now=ADDED)
    added = datetime(2022, 5, 16, 9, 0, tzinfo=BANGKOK)
    case = taken_case(users, person, units, added=added, test_date="2022-05-15")
    claim = services.claim_care(
        Actor.of(units["officers"]["90001"]),
        case.pk,
        care(started="2022-05-16", ended="2022-05-25"),
        now=datetime(2022, 6, 1, 9, 0, tzinfo=BANGKOK),
    )
    # 10 × 500 + devices 1,000 (ceiling below 1,500 charged) + drugs 5,000.50 (at cost)
    assert claim.payable_total == Decimal("11000.50")
