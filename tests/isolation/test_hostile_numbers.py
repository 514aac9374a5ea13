"""Hostile numbers in isolation (issue 15, security review: "the isolation form's age and the
HI/CI claim API answer 500"): the new-case form, the cases API and a cases file (age and the
measurements), the care claim page and API (charges and days). Each answers 400 with a coded
error and stores nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import Claim
from sitthi.isolation.models import Case
from tests.hostile import HOSTILE_JSON, HOSTILE_TEXT, NUMBER_CODES, body_with, error_codes

from .test_care_claim import taken_case

pytestmark = pytest.mark.django_db

BASE = {"district": "บางนา", "test_date": "2024-02-29", "setting": "HI", "province": "10"}


def _page(r) -> str:
    assert r.status_code == 400, r.status_code
    return r.content.decode()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["age_years", "temperature_c"])
def test_the_new_case_form(client, users, person, units, name, value):
    client.force_login(users["nhso"])
    form = {**BASE, "citizen_id": person.citizen_id, "cough": "yes", name: value}
    page = _page(client.post("/isolation/cases/new/", form))
    assert "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page
    assert not Case.objects.exists()


@pytest.mark.parametrize("literal", [*HOSTILE_JSON, '"1e300000"', '"0x10"', "1.5"])
@pytest.mark.parametrize("name", ["age_years", "weight_kg"])
def test_the_cases_api(client, users, person, units, name, literal):
    if literal == "1.5" and name != "age_years":
        return
    client.force_login(users["nhso"])
    body = {**BASE, "citizen_id": person.citizen_id, "assessment": {"cough": True, name: "MARK"}}
    r = client.post(
        "/api/v1/isolation/cases", body_with(body, "MARK", literal), content_type="application/json"
    )
    assert error_codes(r) <= NUMBER_CODES
    assert not Case.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["age_years", "spo2_room_air"])
def test_a_cases_file(client, users, person, units, name, value):
    text = (
        f"citizen_id,contact,district,test_date,setting,cough,{name}\n"
        f"{person.citizen_id},081,บางนา,2024-02-29,HI,yes,{value}\n"
    )
    client.force_login(users["nhso"])
    upload = SimpleUploadedFile("c.csv", text.encode())
    page = _page(client.post("/isolation/cases/new/", {"file": upload}))
    assert "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page
    assert not Case.objects.exists()


CARE = {"started": "2022-04-01", "ended": "2022-04-05", "meals": True, "care_charge": "5000"}


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["care_charge", "care_days"])
def test_the_care_claim_page(client, users, person, units, name, value):
    case = taken_case(users, person, units)
    client.force_login(units["officers"]["90001"])
    form = {**CARE, "oxygen_charge": "450", name: value}
    page = _page(client.post(f"/isolation/cases/{case.pk}/", form))
    assert "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page
    assert not Claim.objects.exists()


@pytest.mark.parametrize("literal", [*HOSTILE_JSON, '"1e300000"', '"NaN"', '"0x10"'])
@pytest.mark.parametrize("name", ["devices_charge", "oxygen_days"])
def test_the_care_claim_api(client, users, person, units, name, literal):
    case = taken_case(users, person, units)
    client.force_login(units["officers"]["90001"])
    body = body_with({**CARE, "oxygen_charge": "450", name: "MARK"}, "MARK", literal)
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/claim", body, content_type="application/json"
    )
    assert error_codes(r) <= NUMBER_CODES
    assert not Claim.objects.exists()
