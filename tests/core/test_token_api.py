"""API tokens over the API (issue 17): GET /api/v1/tokens lists the caller's own tokens (never
the token itself), POST makes one (shown once; with a token, no more scopes than it has),
DELETE revokes one of the caller's own. The same service as the page /tokens/: the same
checks, the same audit record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from sitthi.core.models import ApiToken, User

pytestmark = pytest.mark.django_db

URL = "/api/v1/tokens"


def codes(r):
    return [e["code"] for e in r.json()["errors"]]


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def make(user, name="HIS", scopes=("read", "submit"), expires_at=None):
    return ApiToken.issue(user, name, scopes, expires_at)


@pytest.fixture
def colleague(hospitals):
    """Another officer of the same hospital."""
    return User.objects.create_user("kk_second", password="x", role="hospital", hospital_id="10670")


def test_the_list_is_the_callers_own_tokens_without_the_secret(client, users, colleague):
    mine, raw = make(users["hospital"], "HIS")
    old, _ = make(users["hospital"], "old HIS")
    old.revoked_at = timezone.now()
    old.save()
    make(colleague, "colleague's")
    make(users["other_hospital"], "other hospital's")
    r = client.get(URL, **bearer(raw))
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 2 and [t["name"] for t in body["items"]] == ["old HIS", "HIS"]
    first = {t["name"]: t for t in body["items"]}["HIS"]
    assert set(first) == {
        "id",
        "name",
        "hint",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    }
    assert first["scopes"] == ["read", "submit"] and first["revoked_at"] is None
    assert first["last_used_at"] is not None  # this very call
    assert first["hint"] == raw[:8] + "…" and raw not in r.content.decode()
    assert mine.token_hash not in r.content.decode()
    assert {t["name"]: t for t in body["items"]}["old HIS"]["revoked_at"] is not None
    paged = client.get(URL, {"limit": 1, "offset": 1}, **bearer(raw)).json()
    assert paged["count"] == 2 and [t["name"] for t in paged["items"]] == ["HIS"]
    assert client.get(URL, {"limit": 0}, **bearer(raw)).status_code == 400


def test_a_session_makes_a_token_shown_once_and_audited(client, users):
    client.force_login(users["fund"])
    r = client.post(
        URL, {"name": "fund system", "scopes": ["read", "pay"], "days": 30}, "application/json"
    )
    assert r.status_code == 201, r.content
    made = r.json()
    token = ApiToken.objects.get(pk=made["id"])
    assert made["token"].startswith("sit_") and made["scopes"] == ["read", "pay"]
    assert token.user == users["fund"] and token.fund_id == "SSS"
    assert abs(token.expires_at - token.created_at - timedelta(days=30)) < timedelta(minutes=1)
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.actor == users["fund"]
    # it works, and it is never shown again
    client.logout()
    listed = client.get(URL, **bearer(made["token"]))
    assert listed.status_code == 200 and made["token"] not in listed.content.decode()
    assert "token" not in listed.json()["items"][0]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "HIS", "scopes": []}, "scopes"),
        ({"name": "HIS", "scopes": ["read", "admin"]}, "scopes"),
        ({"name": "HIS", "days": 45}, "expires"),
        ({"name": "HIS", "days": 10**12}, "data.days"),
    ],
)
def test_bad_input_is_refused_as_on_the_page_and_makes_nothing(client, users, body, field):
    client.force_login(users["hospital"])
    r = client.post(URL, body, "application/json")
    assert r.status_code == 400 and codes(r) == ["REQUEST_INVALID"], r.content
    assert r.json()["errors"][0]["field"] == field
    assert not ApiToken.objects.exists()


def test_a_token_cannot_make_a_token_with_more_scopes_than_its_own(client, users):
    _, raw = make(users["fund"], "reader and writer", ("read", "submit"))
    r = client.post(
        URL, {"name": "payer", "scopes": ["read", "pay"]}, "application/json", **bearer(raw)
    )
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE_EXCEEDED"]
    error = r.json()["errors"][0]
    assert error["field"] == "scopes" and "read, submit" in error["message_en"]
    assert "pay" in error["message_th"]
    assert ApiToken.objects.count() == 1
    ok = client.post(URL, {"name": "reader", "scopes": ["read"]}, "application/json", **bearer(raw))
    assert ok.status_code == 201 and ok.json()["scopes"] == ["read"]
    # a read-only token makes nothing at all: a write needs "submit"
    _, reader = make(users["fund"], "reader only", ("read",))
    r = client.post(URL, {"name": "x", "scopes": ["read"]}, "application/json", **bearer(reader))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    # the page (a session) is bounded by the role only, as before
    client.force_login(users["fund"])
    page = client.post("/tokens/new/", {"name": "payer", "scopes": ["pay"], "days": "90"})
    assert page.status_code == 200 and ApiToken.objects.filter(name="payer").exists()


def test_a_token_cannot_make_one_that_outlives_it(client, users):
    """Else a leaked token could renew itself for ever."""
    ends = timezone.now() + timedelta(days=1)
    _, raw = make(users["fund"], "ending soon", ("read", "submit"), ends)
    r = client.post(
        URL, {"name": "renewed", "scopes": ["read"], "days": 365}, "application/json", **bearer(raw)
    )
    assert r.status_code == 201, r.content
    assert (
        ApiToken.objects.get(name="renewed").expires_at
        == ApiToken.objects.get(name="ending soon").expires_at
    )


def test_the_caller_revokes_its_own_token_and_nobody_elses(client, users, colleague):
    _, raw = make(users["hospital"], "caller")
    spare, _ = make(users["hospital"], "spare")
    theirs, _ = make(colleague, "colleague's")
    other, _ = make(users["other_hospital"], "other hospital's")
    for token in (theirs, other):
        r = client.delete(f"{URL}/{token.pk}", **bearer(raw))
        assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
        token.refresh_from_db()
        assert token.revoked_at is None
    assert client.delete(f"{URL}/{10**30}", **bearer(raw)).status_code in (400, 404)
    r = client.delete(f"{URL}/{spare.pk}", **bearer(raw))
    assert r.status_code == 204
    spare.refresh_from_db()
    assert spare.revoked_at is not None
    assert LogEntry.objects.get_for_object(spare).latest("pk").actor == users["hospital"]
    again = client.delete(f"{URL}/{spare.pk}", **bearer(raw))
    assert again.status_code == 404 and codes(again) == ["NOT_FOUND"]
    # revoking the token one calls with: it stops at once
    caller = ApiToken.objects.get(name="caller")
    assert client.delete(f"{URL}/{caller.pk}", **bearer(raw)).status_code == 204
    r = client.get(URL, **bearer(raw))
    assert r.status_code == 401 and codes(r) == ["TOKEN_INVALID"]


def test_an_expired_or_revoked_token_is_refused(client, users):
    _, expired = make(users["hospital"], "old", expires_at=timezone.now() - timedelta(minutes=1))
    revoked, revoked_raw = make(users["hospital"], "gone")
    revoked.revoked_at = timezone.now()
    revoked.save()
    for raw, code in ((expired, "TOKEN_EXPIRED"), (revoked_raw, "TOKEN_INVALID")):
        for r in (
            client.get(URL, **bearer(raw)),
            client.post(URL, {"name": "new"}, "application/json", **bearer(raw)),
        ):
            assert r.status_code == 401 and codes(r) == [code]
    assert ApiToken.objects.count() == 2


def test_offices_without_tokens_and_visitors_are_refused(client, users):
    assert client.get(URL).status_code == 401
    client.force_login(users["admin"])
    for r in (client.get(URL), client.post(URL, {"name": "x"}, "application/json")):
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    assert not ApiToken.objects.exists()
