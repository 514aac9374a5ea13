"""Claims fixtures: a small fee schedule with dated items and a helper to build payloads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from sitthi.claims.models import TariffItem, TariffVersion
from sitthi.rules.kernel.thaitime import BANGKOK


def bkk(*args) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def tariff(db):
    """Test schedule: LAB-1 100.00 per unit (lower of charge and tariff); FLAT-1 500.00 paid
    as the tariff; the diabetes code change of 25 Apr 2022 (seed 002_80e7afba8787ed6d.txt,
    "การบันทึกเบิกกรณีผู้ป่วยเบาหวาน"): DM-OLD until 24 Apr 2022, DM-NEW from 25 Apr 2022. The
    schedule prices the general and the UCEP programmes (as the shipped illustrative EMS
    schedule does). A second schedule, a test COVID-19 annex (programme ``ucep_covid``, from
    16 Mar 2022, seed 004 step 8), shares LAB-1 at 120.00 and has COV-1 at 50.00: a UCEP claim
    for COVID-19 yellow/red care is priced by it alone."""
    v = TariffVersion.objects.create(
        schedule="test", content_hash="t" * 64, filename="t.csv", rows=4, loaded_at=bkk(2020, 1, 1)
    )
    annex = TariffVersion.objects.create(
        schedule="test-annex",
        content_hash="a" * 64,
        filename="a.csv",
        rows=2,
        loaded_at=bkk(2022, 3, 16),
    )

    def item(code, price, pricing="lower_of_charge_and_tariff", until=None, start=None, **kw):
        for programme in kw.get("programmes", ("general", "ucep")):
            TariffItem.objects.create(
                version=kw.get("version", v),
                programme=programme,
                item_code=code,
                category="7",
                description=code,
                unit="unit",
                unit_price=Decimal(price),
                pricing=pricing,
                valid_from=start or date(2015, 1, 1),
                valid_until=until,
                source="test schedule",
            )

    item("LAB-1", "100.00")
    item("FLAT-1", "500.00", pricing="tariff")
    item("DM-OLD", "300.00", until=date(2022, 4, 24))
    item("DM-NEW", "280.00", start=date(2022, 4, 25))
    covid = {"version": annex, "programmes": ("ucep_covid",), "start": date(2022, 3, 16)}
    item("LAB-1", "120.00", **covid)
    item("COV-1", "50.00", **covid)
    return v


def payload(person, key="K-1", hospital="10670", when=None, lines=None, **extra) -> dict:
    when = when or bkk(2024, 3, 1, 9, 0)
    body = {
        "claim_key": key,
        "hospital": hospital,
        "citizen_id": person.citizen_id,
        "service_type": "OP",
        "admitted_at": when.isoformat(),
        "discharged_at": None,
        "diagnoses": [{"code": "E11.9", "dx_type": "1"}],
        "lines": lines
        or [
            {
                "item_code": "LAB-1",
                "quantity": "2",
                "served_at": when.isoformat(),
                "charged": "250.00",
            },
            {
                "item_code": "LAB-1",
                "quantity": "1",
                "served_at": when.isoformat(),
                "charged": "80.50",
            },
        ],
    }
    body.update(extra)
    return body


@pytest.fixture
def post_claim(client):
    def post(user, body):
        client.force_login(user)
        return client.post("/api/v1/claims", body, content_type="application/json")

    return post
