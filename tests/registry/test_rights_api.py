"""The rights check over the API: answers, boundaries, coded refusals that write nothing."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from sitthi.core.models import ApiToken
from sitthi.registry.models import RightsCheck
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(users):
    _, raw = ApiToken.issue(users["hospital"], "HIS")
    return raw


def get(client, path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, params, headers=headers)


def codes(response):
    return [e["code"] for e in response.json()["errors"]]


def test_rights_on_a_date_with_network_at_own_hospital(client, token, person):
    r = get(client, f"/api/v1/rights/{person.citizen_id}", token, on="2024-03-01")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["right"]["fund"]["code"] == "UCS"
    assert body["right"]["main_unit"]["code"] == "10670"
    assert body["right"]["valid_from"] == "2023-07-01"
    # A hospital token is answered for its own hospital when none is named.
    assert body["network"]["hospital"]["code"] == "10670"
    assert body["network"]["in_network"] is True
    assert body["network"]["contract_from"] == "2002-10-01"
    assert RightsCheck.objects.get(pk=body["check_id"]).via == "api"


@pytest.mark.parametrize(
    ("on", "fund", "in_network"),
    [
        ("2015-01-01", "SSS", False),  # first day of the SSS right; SSS contract from 2020
        ("2023-06-30", "SSS", True),  # last day of the SSS right (inclusive)
        ("2023-07-01", "UCS", True),  # the day the UC right starts
    ],
)
def test_the_right_changes_exactly_on_its_dates(client, token, person, on, fund, in_network):
    body = get(client, f"/api/v1/rights/{person.citizen_id}", token, on=on).json()
    assert body["right"]["fund"]["code"] == fund
    assert body["network"]["in_network"] is in_network


def test_contract_end_date_decides_the_network(client, users, person, hospitals):
    """The Khon Kaen hospital's SSS contract ended 31 Dec 2023; an SSS person checked by NHSO
    for that hospital is in network the day before the end and outside the day after."""
    from datetime import date

    from sitthi.registry.models import Right

    person.rights.all().delete()
    Right.objects.create(
        person=person, fund_id="SSS", main_unit=hospitals["khonkaen"], valid_from=date(2020, 1, 1)
    )
    client.force_login(users["nhso"])
    url = f"/api/v1/rights/{person.citizen_id}"
    assert (
        client.get(url, {"on": "2023-12-31", "hospital": "10670"}).json()["network"]["in_network"]
        is True
    )
    assert (
        client.get(url, {"on": "2024-01-01", "hospital": "10670"}).json()["network"]["in_network"]
        is False
    )


def test_no_right_in_force_is_an_answer_not_an_error(client, token, person):
    body = get(client, f"/api/v1/rights/{person.citizen_id}", token, on="2014-12-31").json()
    assert body["right"] is None
    assert body["network"]["in_network"] is None


def test_private_hospital_outside_every_network(client, users, person):
    client.force_login(users["nhso"])
    body = client.get(
        f"/api/v1/rights/{person.citizen_id}", {"on": "2024-03-01", "hospital": "90001"}
    ).json()
    assert body["network"]["in_network"] is False
    assert body["network"]["contract_from"] is None


def _nothing_written(before_checks, before_log):
    assert RightsCheck.objects.count() == before_checks
    assert LogEntry.objects.count() == before_log


@pytest.mark.parametrize(
    ("cid", "params", "status", "expected"),
    [
        ("WRONG", {"on": "2024-03-01"}, 400, ["CID_FORMAT"]),
        ("12345", {"on": "2024-03-01"}, 400, ["CID_FORMAT"]),
        ("CHECK", {"on": "2024-03-01"}, 400, ["CID_CHECK_DIGIT"]),
        ("GOOD", {"on": "2024-13-01"}, 400, ["DATE_INVALID"]),
        ("GOOD", {"on": "2024-02-30"}, 400, ["DATE_INVALID"]),
        ("GOOD", {"on": "01/13/2567"}, 400, ["DATE_INVALID"]),
        ("GOOD", {"on": "1850-03-01"}, 400, ["DATE_ABSURD"]),
        ("GOOD", {}, 400, ["DATE_REQUIRED"]),
        ("CHECK", {"on": "yesterday"}, 400, ["CID_CHECK_DIGIT", "DATE_INVALID"]),
        ("GOOD", {"on": "2024-03-01", "hospital": "1234"}, 400, ["HOSPITAL_FORMAT"]),
        ("GOOD", {"on": "2024-03-01", "hospital": "99999"}, 400, ["HOSPITAL_UNKNOWN"]),
        ("GOOD", {"on": "2024-03-01", "hospital": "90001"}, 403, ["HOSPITAL_SCOPE"]),
        ("NOBODY", {"on": "2024-03-01"}, 404, ["PERSON_UNKNOWN"]),
    ],
)
def test_bad_input_is_refused_with_codes_and_writes_nothing(
    client, token, person, cid, params, status, expected
):
    good = person.citizen_id
    cid = {
        "WRONG": "1234567890abc",
        "12345": "12345",
        "CHECK": good[:12] + str((int(good[12]) + 1) % 10),
        "GOOD": good,
        "NOBODY": make_cid(),
    }[cid]
    before = (RightsCheck.objects.count(), LogEntry.objects.count())
    r = get(client, f"/api/v1/rights/{cid}", token, **params)
    assert r.status_code == status
    assert codes(r) == expected
    for e in r.json()["errors"]:
        assert e["message_th"] and e["message_en"] and e["message_th"] != e["message_en"]
    _nothing_written(*before)


def test_check_digit_error_names_the_field_in_thai_and_english(client, token, person):
    bad = person.citizen_id[:12] + str((int(person.citizen_id[12]) + 1) % 10)
    err = get(client, f"/api/v1/rights/{bad}", token, on="2024-03-01").json()["errors"][0]
    assert err["field"] == "citizen_id"
    assert "หลักตรวจสอบ" in err["message_th"]
    assert "(check) digit" in err["message_en"]


def test_anonymous_and_bad_tokens_are_refused(client, person, users):
    url = f"/api/v1/rights/{person.citizen_id}"
    r = client.get(url, {"on": "2024-03-01"})
    assert r.status_code == 401 and codes(r) == ["AUTH_REQUIRED"]
    r = get(client, url, "sit_not-a-token", on="2024-03-01")
    assert r.status_code == 401 and codes(r) == ["TOKEN_INVALID"]
    token, raw = ApiToken.issue(users["hospital"], "old HIS")
    assert get(client, url, raw, on="2024-03-01").status_code == 200
    from django.utils import timezone

    token.revoked_at = timezone.now()
    token.save()
    r = get(client, url, raw, on="2024-03-01")
    assert r.status_code == 401 and codes(r) == ["TOKEN_INVALID"]


def test_hospital_sees_only_its_own_checks(client, users, person):
    other_token = ApiToken.issue(users["other_hospital"], "other HIS")[1]
    own_token = ApiToken.issue(users["hospital"], "HIS")[1]
    mine = get(client, f"/api/v1/rights/{person.citizen_id}", own_token, on="2024-03-01").json()
    theirs = get(client, f"/api/v1/rights/{person.citizen_id}", other_token, on="2024-03-01").json()

    listed = get(client, "/api/v1/rights-checks", own_token).json()
    assert [c["id"] for c in listed["items"]] == [mine["check_id"]]
    assert listed["items"][0]["citizen_id_masked"] != person.citizen_id
    # Another hospital's check is answered as missing; asking for its list is refused.
    r = get(client, f"/api/v1/rights-checks/{theirs['check_id']}", own_token)
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    r = get(client, "/api/v1/rights-checks", own_token, hospital="90001")
    assert r.status_code == 403 and codes(r) == ["HOSPITAL_SCOPE"]
    assert get(client, f"/api/v1/rights-checks/{mine['check_id']}", own_token).status_code == 200


def test_nhso_sees_every_hospitals_checks_and_fund_officers_none(client, users, person):
    for who in ("hospital", "other_hospital"):
        client.force_login(users[who])
        client.get(f"/api/v1/rights/{person.citizen_id}", {"on": "2024-03-01"})
    client.force_login(users["nhso"])
    assert client.get("/api/v1/rights-checks").json()["count"] == 2
    assert client.get("/api/v1/rights-checks", {"hospital": "90001"}).json()["count"] == 1
    client.force_login(users["fund"])
    r = client.get("/api/v1/rights-checks")
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]


def test_a_check_is_audited_with_its_actor_and_a_masked_id(client, token, users, person):
    body = get(client, f"/api/v1/rights/{person.citizen_id}", token, on="2024-03-01").json()
    entry = LogEntry.objects.get_for_object(RightsCheck.objects.get(pk=body["check_id"])).get()
    assert entry.actor == users["hospital"]
    assert entry.action == LogEntry.Action.CREATE
    assert person.citizen_id not in str(entry.changes)


def test_openapi_document_lists_the_rights_endpoint(client):
    doc = client.get("/api/openapi.json").json()
    assert "/api/v1/rights/{citizen_id}" in doc["paths"]
    assert "CID_CHECK_DIGIT" in doc["info"]["description"]
    assert client.get("/api/docs").status_code == 200


def test_a_token_stops_when_its_officer_moves_to_another_hospital(client, users, person):
    officer = users["hospital"]
    _, raw = ApiToken.issue(officer, "HIS")
    url = f"/api/v1/rights/{person.citizen_id}"
    assert get(client, url, raw, on="2024-03-01").status_code == 200
    officer.hospital_id = "90001"
    officer.save()
    r = get(client, url, raw, on="2024-03-01")
    assert r.status_code == 401 and codes(r) == ["TOKEN_INVALID"]
