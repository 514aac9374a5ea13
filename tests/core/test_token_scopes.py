"""Issue 17: every office's system gets tokens, each with scopes (read / submit / pay) and an
expiry. GET needs "read", other writes "submit", recording a payment "pay"; a person logged in
by session is not limited by scopes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.core import tokens
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import ApiToken, User
from sitthi.web.templatetags.thai import be_datetime

PAY = "/api/v1/notices/999999/payment"
PAYMENT = {"amount": "1.00", "paid_on": "2024-03-20", "reference": "X"}
READ = "/api/v1/ucep/fund/notifications"


def codes(r):
    return [e["code"] for e in r.json()["errors"]]


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_scopes_decide_what_a_token_may_call(client, users):
    fund = Actor.of(users["fund"])
    _, read_only = tokens.issue(fund, "reader", ["read"], 90)
    _, writer = tokens.issue(fund, "writer", ["read", "submit"], 90)
    _, payer = tokens.issue(fund, "payer", ["pay"], 90)
    assert client.get(READ, **bearer(read_only)).status_code == 200
    r = client.get(READ, **bearer(payer))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert "read" in r.json()["errors"][0]["message_en"]
    # a payment route is marked AUTH_PAY: "submit" is not enough, "pay" is
    r = client.post(PAY, PAYMENT, content_type="application/json", **bearer(writer))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert "pay" in r.json()["errors"][0]["message_en"]
    r = client.post(PAY, PAYMENT, content_type="application/json", **bearer(payer))
    assert r.status_code == 404  # past the scope check: the notice does not exist
    r = client.post(
        "/api/v1/notices/transfer",
        {"notice_ids": [999999], **PAYMENT},
        content_type="application/json",
        **bearer(writer),
    )
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    # any other write needs "submit"; the refused write changes nothing
    from sitthi.claims.models import Claim

    used_before = ApiToken.objects.get(name="reader").last_used_at
    r = client.post("/api/v1/claims", {}, content_type="application/json", **bearer(read_only))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert "submit" in r.json()["errors"][0]["message_en"]
    assert not Claim.objects.exists()
    assert ApiToken.objects.get(name="reader").last_used_at == used_before


def test_issue_without_scopes_reads_and_submits(users):
    token, _ = ApiToken.issue(users["hospital"], "HIS")
    assert token.scopes == "read,submit" and token.scope_list == ["read", "submit"]
    assert token.expires_at > timezone.now() + timedelta(days=89)


def test_an_nhso_token_works_on_an_nhso_endpoint(client, users):
    _, raw = tokens.issue(Actor.of(users["nhso"]), "NHSO system", ["read"], 365)
    r = client.get("/api/v1/finance/brightspot/runs", **bearer(raw))
    assert r.status_code == 200 and r.json() == {"count": 0, "items": []}
    _, fund_raw = tokens.issue(Actor.of(users["fund"]), "fund", ["read"], 365)
    assert client.get("/api/v1/finance/brightspot/runs", **bearer(fund_raw)).status_code == 403


def test_a_session_is_not_limited_by_scopes(client, users):
    client.force_login(users["fund"])
    r = client.post(PAY, PAYMENT, content_type="application/json")
    assert r.status_code == 404


def test_an_expired_token_answers_401_token_expired(client, users):
    token, raw = tokens.issue(Actor.of(users["fund"]), "old", ["read"], 30)
    assert client.get(READ, **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = client.get(READ, **bearer(raw))
    assert r.status_code == 401 and codes(r) == ["TOKEN_EXPIRED"]
    assert r.json()["errors"][0]["message_th"]


@pytest.mark.parametrize(
    "scopes,days,field",
    [([], 90, "scopes"), (["read", "write"], 90, "scopes"), (["read"], 7, "expires")],
)
def test_scopes_and_expiry_are_checked(users, scopes, days, field):
    with pytest.raises(SitthiError) as info:
        tokens.issue(Actor.of(users["fund"]), "x", scopes, days)
    assert info.value.status == 400 and info.value.as_dict()["errors"][0]["field"] == field
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["hospital", "nhso", "fund", "ems", "secretary"])
def test_every_office_makes_tokens_on_the_page(client, users, role):
    user = users.get(role) or User.objects.create_user("sec", password="x", role="secretary")
    client.force_login(user)
    home = client.get("/tokens/")
    assert home.status_code == 200 and b'href="/tokens/"' in home.content
    now = timezone.now()
    r = client.post("/tokens/new/", {"name": "HIS", "scopes": ["read", "pay"], "days": "30"})
    assert r.status_code == 200 and b"sit_" in r.content
    token = ApiToken.objects.get(user=user)
    assert token.scopes == "read,pay" and token.role == role
    assert timedelta(days=29) < token.expires_at - now <= timedelta(days=30, seconds=5)
    page = client.get("/tokens/").content.decode()
    assert "read, pay" in page
    assert "ไม่เคยใช้" in page or "never" in page
    assert be_datetime(token.created_at) in page and be_datetime(token.expires_at) in page


def test_the_admin_has_no_token_page_link(client, users):
    client.force_login(users["admin"])
    assert b'href="/tokens/"' not in client.get("/").content


def test_the_page_refuses_a_token_without_scopes(client, users):
    client.force_login(users["fund"])
    r = client.post("/tokens/new/", {"name": "HIS", "days": "90"})
    assert r.status_code == 400 and b"REQUEST_INVALID" in r.content
    assert not ApiToken.objects.exists()
