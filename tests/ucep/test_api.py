"""The UCEP API for hospital information systems, the EMS centre and the funds (issue 13): the
whole episode over /api/v1/ucep/…, scoped like the pages, with coded refusals."""

from __future__ import annotations

import pytest

from sitthi.claims.models import Claim
from sitthi.core.models import ApiToken, User
from sitthi.ucep.models import Episode

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ucep"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'HIS')[1]}"}


def post(client, path, who, body=None):
    return client.post(f"{BASE}{path}", body or {}, content_type="application/json", headers=who)


def get(client, path, who, **params):
    return client.get(f"{BASE}{path}", params, headers=who)


def codes(r) -> list[str]:
    return [e["code"] for e in r.json()["errors"]]


@pytest.fixture
def tokens(ucep_world, users):
    ofc = User.objects.create_user("ofc_api", password="x", role="fund", fund_id="OFC")
    ucs = User.objects.create_user("ucs_api", password="x", role="fund", fund_id="UCS")
    return {
        "pv": bearer(ucep_world["90001"]),
        "pv2": bearer(ucep_world["90002"]),
        "kk": bearer(ucep_world["10670"]),
        "ems": bearer(users["ems"]),
        "ucs": bearer(ucs),
        "ofc": bearer(ofc),
    }


def test_a_hospital_system_runs_a_whole_episode_over_the_api(client, tokens, person, tariff):
    """Open, triage, notify, charges (payer with reason and source), the window, transfer-back
    advice, fit to move, billing twice, discharge: every page action, over the API."""
    pv = tokens["pv"]
    r = post(
        client,
        "/episodes",
        pv,
        {"citizen_id": person.citizen_id, "admitted_at": "2024-03-01T08:00:00+07:00"},
    )
    assert r.status_code == 201, r.content
    eid = r.json()["id"]
    assert r.json()["citizen_id_masked"] != person.citizen_id
    r = post(client, f"/episodes/{eid}/triage", pv, {"assessment": {"cardiac_arrest": True}})
    assert r.status_code == 200 and r.json()["eligible"] is True
    assert r.json()["triage"]["params_version"]
    r = post(client, f"/episodes/{eid}/notify", pv, {"contact": "ER, 02-111-2222"})
    assert r.json()["ems"]["state"] == "new" and r.json()["ems"]["contact"] == "ER, 02-111-2222"
    line = {"item_code": "LAB-1", "quantity": "1", "charged": "150.00"}
    r = post(
        client,
        f"/episodes/{eid}/charges",
        pv,
        {
            "lines": [
                {**line, "served_at": "2024-03-01T09:00:00+07:00"},
                {**line, "served_at": "2024-03-05T09:00:00+07:00"},
            ]
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert [c["payer"] for c in body["charges"]] == ["UCEP", "FUND"]
    assert body["charges"][0]["charged"] == "150.00"
    assert "seed 001" in body["charges"][0]["source"] and body["charges"][0]["reason_th"]
    assert body["window_start"].startswith("2024-03-01T08:00:00+07:00")
    assert body["params_version"] and body["totals"] == {"FUND": "150.00", "UCEP": "150.00"}
    # Issue 18: each charge's payer names the parameter set it was decided with, archived.
    from sitthi.core import archive
    from sitthi.rules.params import default_parameters

    versions = {c["params_version"] for c in body["charges"]}
    assert versions == {default_parameters().version}
    assert archive.parameters(versions.pop()).content_hash == default_parameters().content_hash
    r = get(client, f"/episodes/{eid}/transfer-back", pv)
    assert r.status_code == 200 and r.json()["hospital"] == "10670"
    r = post(client, f"/episodes/{eid}/claims", pv, {"diagnoses": ["I46.9"]})
    assert r.status_code == 201 and r.json()["claim"]["claim_key"] == f"UCEP-{eid}-90001-1"
    r = post(client, f"/episodes/{eid}/claims", pv, {"diagnoses": ["I46.9"]})
    assert r.status_code == 409 and codes(r) == ["NOTHING_TO_CLAIM"]
    r = post(
        client,
        f"/episodes/{eid}/charges",
        pv,
        {"lines": [{**line, "served_at": "2024-03-02T09:00:00+07:00"}]},
    )
    assert r.json()["billing"]["unbilled_lines"] == [3]
    r = post(client, f"/episodes/{eid}/claims", pv, {"diagnoses": ["I46.9"]})
    assert r.json()["claim"]["claim_key"] == f"UCEP-{eid}-90001-2"
    r = post(client, f"/episodes/{eid}/fit-to-move", pv, {"at": "2024-03-02T10:00:00+07:00"})
    assert r.json()["fit_to_move_at"].startswith("2024-03-02T10:00:00")
    r = post(client, f"/episodes/{eid}/discharge", pv, {"at": "2024-03-06T10:00:00+07:00"})
    assert r.json()["state"] == "discharged"
    billing = get(client, f"/episodes/{eid}", pv).json()["billing"]
    assert [b["claim_key"] for b in billing["claims"]] == [
        f"UCEP-{eid}-90001-1",
        f"UCEP-{eid}-90001-2",
    ]
    assert billing["unbilled"] == "0.00"


def _open(client, tokens, person, **triage):
    r = post(
        client,
        "/episodes",
        tokens["pv"],
        {"citizen_id": person.citizen_id, "admitted_at": "2024-03-01T08:00:00+07:00"},
    )
    eid = r.json()["id"]
    post(client, f"/episodes/{eid}/triage", tokens["pv"], {"assessment": triage or {"shock": True}})
    return eid


def test_scoping_and_refusals(client, tokens, person):
    """A hospital sees only its episodes; the EMS centre all; a fund its own members'. Each
    refusal is coded and changes nothing."""
    eid = _open(client, tokens, person)
    assert get(client, f"/episodes/{eid}", tokens["pv2"]).status_code == 404
    assert get(client, "/episodes", tokens["pv2"]).json()["results"] == []
    assert [e["id"] for e in get(client, "/episodes", tokens["ems"]).json()["results"]] == [eid]
    assert [e["id"] for e in get(client, "/episodes", tokens["ucs"]).json()["results"]] == [eid]
    assert get(client, "/episodes", tokens["ofc"]).json()["results"] == []
    assert get(client, f"/episodes/{eid}", tokens["ofc"]).status_code == 404
    r = post(client, f"/episodes/{eid}/charges", tokens["pv2"], {"lines": []})
    assert r.status_code == 404
    r = post(
        client,
        "/episodes",
        tokens["ems"],
        {"citizen_id": person.citizen_id, "admitted_at": "2024-03-01T08:00:00+07:00"},
    )
    assert r.status_code == 403
    assert Episode.objects.count() == 1
    r = post(client, f"/episodes/{eid}/ems", tokens["pv"], {"action": "confirm"})
    assert r.status_code == 403
    r = post(client, f"/episodes/{eid}/ems", tokens["ems"], {"action": "confirm"})
    assert r.status_code == 409 and codes(r) == ["EMS_NOT_NOTIFIED"]
    assert get(client, "/ems/inbox", tokens["pv"]).status_code == 403
    assert get(client, "/fund/notifications", tokens["pv"]).status_code == 403
    r = post(
        client,
        "/episodes",
        tokens["pv"],
        {"citizen_id": "1234567890123", "admitted_at": "2024-03-01T08:00:00+07:00"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["message_th"]
    assert client.get(f"{BASE}/episodes").status_code == 401


def test_the_centre_and_the_fund_over_the_api(client, tokens, person):
    eid = _open(client, tokens, person)
    post(client, f"/episodes/{eid}/notify", tokens["pv"])
    inbox = get(client, "/ems/inbox", tokens["ems"]).json()["results"]
    assert [(e["id"], e["ems_state"], e["past_window"]) for e in inbox] == [(eid, "new", True)]
    assert get(client, "/ems/inbox", tokens["ems"], state="bogus").status_code == 400
    r = post(client, f"/episodes/{eid}/ems", tokens["ems"], {"action": "overrule"})
    assert r.status_code == 400 and codes(r) == ["VALUE_REQUIRED"]
    r = post(
        client,
        f"/episodes/{eid}/ems",
        tokens["ems"],
        {"action": "overrule", "reason": "not critical on review"},
    )
    assert r.status_code == 200
    assert (r.json()["ems"]["state"], r.json()["eligible"]) == ("overruled", False)
    r = post(client, f"/episodes/{eid}/ems", tokens["ems"], {"action": "review"})
    assert r.status_code == 409 and codes(r) == ["EMS_STATE"]
    notes = get(client, "/fund/notifications", tokens["ucs"]).json()["results"]
    assert [n["id"] for n in notes] == [eid]
    assert get(client, "/fund/notifications", tokens["ofc"]).json()["results"] == []
    assert post(client, f"/episodes/{eid}/acknowledge", tokens["ofc"]).status_code == 404
    r = post(client, f"/episodes/{eid}/acknowledge", tokens["ucs"])
    assert r.status_code == 200 and r.json()["ems"]["fund_acknowledged_at"]
    unread = get(client, "/fund/notifications", tokens["ucs"], unread="true").json()
    assert unread["results"] == []


def test_the_stay_choice_over_the_api(client, tokens, person, tariff):
    eid = _open(client, tokens, person, cough=True)
    r = post(
        client, f"/episodes/{eid}/stay-choice", tokens["pv"], {"at": "2024-03-01T09:00:00+07:00"}
    )
    assert r.status_code == 200 and r.json()["chose_to_stay_at"]
    r = post(
        client,
        f"/episodes/{eid}/charges",
        tokens["pv"],
        {
            "lines": [
                {
                    "item_code": "LAB-1",
                    "quantity": "1",
                    "charged": "90.00",
                    "served_at": "2024-03-01T10:00:00+07:00",
                }
            ]
        },
    )
    assert [(c["payer"], c["rule"]) for c in r.json()["charges"]] == [
        ("PATIENT", "stayed_not_critical")
    ]
    r = post(client, f"/episodes/{eid}/claims", tokens["pv"], {"diagnoses": ["J00"]})
    assert r.status_code == 409 and codes(r) == ["NOT_ELIGIBLE"]
    assert not Claim.objects.exists()


def test_office_tokens_for_the_fund_and_the_centre(client, users, person):
    """Every action a person takes on a page can be taken by the system that person's office
    runs: the EMS centre and a fund make tokens too. A token acts for the office it was made
    for; another office cannot revoke it; an officer moved to another fund takes no token along."""
    from sitthi.core import tokens
    from sitthi.core.actor import Actor
    from sitthi.core.errors import SitthiError

    sss = Actor.of(users["fund"])
    token, raw = tokens.issue(sss, "SSS system")
    assert (token.role, token.fund_id, token.hospital_id) == ("fund", "SSS", None)
    who = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"{BASE}/fund/notifications", headers=who).status_code == 200
    other = User.objects.create_user("ofc_x", password="x", role="fund", fund_id="OFC")
    with pytest.raises(SitthiError) as info:
        tokens.revoke(Actor.of(other), token.pk, now=token.created_at)
    assert info.value.status == 404
    users["fund"].fund_id = "OFC"
    users["fund"].save()
    r = client.get(f"{BASE}/fund/notifications", headers=who)
    assert r.status_code == 401 and codes(r) == ["TOKEN_INVALID"]
    _, ems_raw = tokens.issue(Actor.of(users["ems"]), "EMS system")
    r = client.get(f"{BASE}/ems/inbox", headers={"Authorization": f"Bearer {ems_raw}"})
    assert r.status_code == 200
    # NHSO's system makes tokens too (issue 17); an administrator has no office to act for.
    nhso_token, _ = tokens.issue(Actor.of(users["nhso"]), "NHSO")
    assert nhso_token.role == "nhso"
    admin = User.objects.create_user("adm_x", password="x", role="admin")
    with pytest.raises(SitthiError) as info:
        tokens.issue(Actor.of(admin), "admin")
    assert info.value.status == 403
