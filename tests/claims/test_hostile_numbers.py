"""Hostile numbers in every claims input (the security review of issue 15): the claim form's
quantity and charge, the payment form's amount, the claims API's quantity and charge (as text
and as bare JSON numbers) and the payment API's amount. Each answers 400 with a coded error
and stores nothing."""

from __future__ import annotations

import pytest

from sitthi.claims.models import Claim, Notice
from tests.hostile import HOSTILE_JSON, HOSTILE_TEXT, NUMBER_CODES, body_with, error_codes

from .conftest import payload

pytestmark = pytest.mark.django_db


def form(person, **line):
    row = {
        "item_code_1": "LAB-1",
        "quantity_1": "1",
        "served_at_1": "2024-03-01T09:00",
        "charged_1": "100.00",
        **line,
    }
    return {
        "claim_key": "F-1",
        "citizen_id": person.citizen_id,
        "service_type": "OP",
        "admitted_at": "2024-03-01T08:00",
        "diagnoses": "E11.9",
        **row,
    }


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["quantity_1", "charged_1"])
def test_the_claim_form(client, users, person, tariff, name, value):
    client.force_login(users["hospital"])
    r = client.post("/claims/new/", form(person, **{name: value}))
    assert r.status_code == 400
    page = r.content.decode()
    assert "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page
    assert not Claim.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("name", ["quantity", "charged"])
def test_the_claims_api_as_text(post_claim, users, person, tariff, name, value):
    body = payload(person)
    body["lines"][0][name] = value
    assert error_codes(post_claim(users["hospital"], body)) <= NUMBER_CODES
    assert not Claim.objects.exists()


@pytest.mark.parametrize("literal", HOSTILE_JSON)
@pytest.mark.parametrize("name", ["quantity", "charged"])
@pytest.mark.parametrize("path", ["/api/v1/claims", "/api/v1/claims/bulk"])
def test_the_claims_api_as_json_numbers(client, users, person, tariff, name, literal, path):
    body = payload(person)
    body["lines"][0][name] = "MARK"
    if path.endswith("bulk"):
        body = {"claims": [body]}
    client.force_login(users["hospital"])
    r = client.post(path, body_with(body, "MARK", literal), content_type="application/json")
    assert error_codes(r) <= NUMBER_CODES
    assert not Claim.objects.exists()


@pytest.fixture
def notice(client, post_claim, users, person, tariff):
    cid = post_claim(users["hospital"], payload(person)).json()["claim"]["id"]
    client.force_login(users["nhso"])
    client.post(f"/api/v1/claims/{cid}/documents-complete")
    r = client.post(
        "/api/v1/notices", {"fund": "UCS", "claim_ids": [cid]}, content_type="application/json"
    )
    from sitthi.core.models import User

    client.force_login(User.objects.create_user("uc", password="x", role="fund", fund_id="UCS"))
    return r.json()["id"]


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_the_payment_form_and_api(client, notice, value):
    r = client.post(
        f"/notices/{notice}/", {"amount": value, "paid_on": "2024-03-20", "reference": "X"}
    )
    assert r.status_code == 400
    assert "NUMBER_INVALID" in r.content.decode() or "NUMBER_OUT_OF_RANGE" in r.content.decode()
    r = client.post(
        f"/api/v1/notices/{notice}/payment",
        {"amount": value, "paid_on": "2024-03-20", "reference": "X"},
        content_type="application/json",
    )
    assert error_codes(r) <= NUMBER_CODES
    assert Notice.objects.get().paid_on is None


@pytest.mark.parametrize("literal", ["1" + "0" * 30, "-1", "0"])
def test_a_notice_of_claim_ids_beyond_the_database(client, users, literal):
    """Found by schemathesis: a claim id beyond 64 bits overflowed SQLite's integers (500)."""
    client.force_login(users["nhso"])
    body = body_with({"fund": "UCS", "claim_ids": ["MARK"]}, "MARK", literal)
    r = client.post("/api/v1/notices", body, content_type="application/json")
    assert error_codes(r) == {"REQUEST_INVALID"}
    assert not Notice.objects.exists()
