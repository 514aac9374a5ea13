"""Hostile numbers in UCEP (issue 15, security review: "the UCEP charge form answers 500"):
the charge form's quantity and charge, the triage form's measurements, and the same fields
over the API (as text and as bare JSON numbers). Each answers 400 with a coded error and
stores nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.ucep.models import Charge, Episode, Triage
from tests.hostile import HOSTILE_JSON, HOSTILE_TEXT, NUMBER_CODES, body_with, error_codes

from .test_api import BASE, bearer
from .test_pages import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(client, ucep_world, person, tariff):
    client.force_login(ucep_world["90001"])
    admitted = timezone.now() - timedelta(hours=10)
    client.post("/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": local(admitted)})
    e = Episode.objects.get()
    assert client.post(f"/ucep/{e.pk}/triage/", {"cardiac_arrest": "yes"}).status_code == 302
    return e, admitted


def _page_codes(r) -> bool:
    assert r.status_code == 400, r.status_code
    page = r.content.decode()
    return "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["quantity_1", "charged_1"])
def test_the_charge_form(client, episode, name, value):
    e, admitted = episode
    line = {
        "item_code_1": "LAB-1",
        "quantity_1": "1",
        "served_at_1": local(admitted + timedelta(hours=1)),
        "charged_1": "500",
    }
    assert _page_codes(client.post(f"/ucep/{e.pk}/charges/", {**line, name: value}))
    assert not Charge.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["temperature_c", "age_years", "spo2_room_air"])
def test_the_triage_form(client, episode, name, value):
    e, _ = episode
    before = Triage.objects.count()
    assert _page_codes(client.post(f"/ucep/{e.pk}/triage/", {"shock": "yes", name: value}))
    assert Triage.objects.count() == before


@pytest.mark.parametrize("literal", HOSTILE_JSON + ['"1e300000"', '"0x10"', '"NaN"'])
@pytest.mark.parametrize("name", ["temperature_c", "age_years", "lymphocytes_per_ul"])
def test_the_triage_api(client, episode, ucep_world, name, literal):
    e, _ = episode
    before = Triage.objects.count()
    body = body_with({"assessment": {"shock": True, name: "MARK"}}, "MARK", literal)
    r = client.post(
        f"{BASE}/episodes/{e.pk}/triage",
        body,
        content_type="application/json",
        headers=bearer(ucep_world["90001"]),
    )
    assert error_codes(r) <= NUMBER_CODES
    assert Triage.objects.count() == before


@pytest.mark.parametrize("literal", HOSTILE_JSON + ['"1e300000"', '"0x10"'])
@pytest.mark.parametrize("name", ["quantity", "charged"])
def test_the_charges_api(client, episode, ucep_world, name, literal):
    e, admitted = episode
    line = {"item_code": "LAB-1", "quantity": "1", "charged": "150.00"}
    line |= {"served_at": (admitted + timedelta(hours=1)).isoformat(), name: "MARK"}
    r = client.post(
        f"{BASE}/episodes/{e.pk}/charges",
        body_with({"lines": [line]}, "MARK", literal),
        content_type="application/json",
        headers=bearer(ucep_world["90001"]),
    )
    assert error_codes(r) <= NUMBER_CODES
    assert not Charge.objects.exists()
