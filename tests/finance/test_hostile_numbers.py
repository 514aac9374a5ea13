"""Hostile numbers in a quarter's statements (issue 15, security review: "the finance API
stores 1e300000 (200)"): through the API (as text and as bare JSON numbers) and in an
uploaded file, each figure is refused with its code (FIN_OUT_OF_RANGE beyond 14 whole
digits, FIN_NOT_A_NUMBER for what is no plain number, REQUEST_INVALID for a JSON number where
the schema wants text) and nothing is stored for that hospital."""

from __future__ import annotations

import pytest

from sitthi.core.models import ApiToken
from sitthi.finance.models import Statement
from tests.hostile import HOSTILE_JSON, HOSTILE_TEXT, body_with

from .test_risk_app import HEALTHY, NOW, _csv, region7  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("region7")]
CODES = {"FIN_OUT_OF_RANGE", "FIN_NOT_A_NUMBER"}


def _post(client, users, body):
    _, raw = ApiToken.issue(users["hospital"], "his")
    return client.post(
        "/api/v1/finance/statements",
        body,
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )


@pytest.mark.parametrize("value", [*HOSTILE_TEXT, "9" * 15, "99999999999999999"])
@pytest.mark.parametrize("field", ["revenue", "current_assets"])
def test_the_api_refuses_each_hostile_figure(client, users, field, value):
    st = {**HEALTHY, "hospital": "10670", field: value}
    r = _post(client, users, {"fiscal_year": 2565, "quarter": 2, "statements": [st]})
    assert r.status_code == 200 and r.json()["scored"] == {}
    assert {p["code"] for p in r.json()["problems"] if p["field"] == field} <= CODES
    assert {p["field"] for p in r.json()["problems"]} >= {field}
    assert all(len(p["value"]) <= 40 for p in r.json()["problems"])
    assert not Statement.objects.exists()


@pytest.mark.parametrize("literal", [*HOSTILE_JSON, "1e3"])
def test_the_api_refuses_bare_json_numbers(client, users, literal):
    st = {**HEALTHY, "hospital": "10670", "revenue": "MARK"}
    body = {"fiscal_year": 2565, "quarter": 2, "statements": [st]}
    r = _post(client, users, body_with(body, "MARK", literal))
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUEST_INVALID"
    assert not Statement.objects.exists()


@pytest.mark.parametrize("literal", [*HOSTILE_JSON, "2565.5", "-1"])
@pytest.mark.parametrize("field", ["fiscal_year", "quarter"])
def test_the_api_refuses_a_hostile_quarter(client, users, field, literal):
    body = {"fiscal_year": 2565, "quarter": 2, "statements": [{**HEALTHY, "hospital": "10670"}]}
    body[field] = "MARK"
    r = _post(client, users, body_with(body, "MARK", literal))
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        assert r.json()["errors"][0]["code"] in (
            "REQUEST_INVALID",
            "FIN_QUARTER",
            "FIN_FISCAL_YEAR",
        )
    else:
        assert r.json()["scored"] == {}
    assert not Statement.objects.exists()


@pytest.mark.parametrize("value", [*HOSTILE_TEXT, "9" * 5000])
def test_an_uploaded_file_refuses_each_hostile_figure(client, users, value):
    client.force_login(users["nhso"])
    upload = _csv([{**HEALTHY, "hospital": "10670", "revenue": value}])
    r = client.post("/finance/", {"fy": "2565", "q": "2", "file": upload})
    assert r.status_code == 400
    page = r.content.decode()
    assert "FIN_OUT_OF_RANGE" in page or "FIN_NOT_A_NUMBER" in page
    assert "9" * 100 not in page
    assert not Statement.objects.exists()


@pytest.mark.parametrize("value", [*HOSTILE_TEXT, "9" * 4000, "-5"])
def test_hostile_numbers_in_the_pages_query_and_forms(client, users, value):
    """A quarter, a region or a nomination number that is not one is a coded 400, never a 500
    (a 4000-digit integer overflows the database's integers); the lists show nothing then."""
    client.force_login(users["nhso"])
    r = client.get("/finance/", {"fy": value, "q": value})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    r = client.get("/finance/watch/", {"region": value})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    r = client.post("/finance/brightspot/", {"action": "withdraw", "nomination": value})
    assert r.status_code == 400 and "NUMBER_" in r.content.decode()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_hostile_bright_spot_figures(users, value):
    from sitthi.core.actor import Actor
    from sitthi.core.errors import SitthiError
    from sitthi.finance import award
    from sitthi.finance.models import Submission

    nhso = Actor.of(users["nhso"])
    n = award.nominate(nhso, "10670", now=NOW)
    with pytest.raises(SitthiError) as info:
        award.save_submission(nhso, n.pk, {"cash_ratio": value}, now=NOW)
    assert {(i.field, i.code) for i in info.value.items} <= {
        ("cash_ratio", "NUMBER_INVALID"),
        ("cash_ratio", "NUMBER_OUT_OF_RANGE"),
    }
    assert not Submission.objects.exists()
