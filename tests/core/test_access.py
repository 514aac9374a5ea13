"""Access hardening (issue 15): wrong log-ins locked per account and per address, the admin
behind the same log-in, bad API tokens limited per address, citizen IDs only by POST and
public look-ups limited, password rules, the raw API token never in the session, the cookies.
Each test fails on the code before its fix."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from sitthi.core.models import ApiToken, User

pytestmark = pytest.mark.django_db

RIGHT = "a-good-admin-passphrase"


@pytest.fixture
def admin_account(db):
    return User.objects.create_user("boss", password=RIGHT, role="admin")


def _admin_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


# -- 1. log-ins --------------------------------------------------------------------------------


def test_fifteen_wrong_admin_passwords_lock_after_the_fifth(client, admin_account):
    answers = [_admin_login(client, "boss", f"wrong-{i}").status_code for i in range(15)]
    # Four times the form again ("not correct"); the fifth failure locks, and is answered so.
    assert answers[:4] == [200] * 4
    assert answers[4:] == [429] * 11
    locked = _admin_login(client, "boss", "wrong-again")
    html = locked.content.decode()
    assert "LOGIN_LOCKED" in html and "Too many failed log-ins" in html
    assert "เข้าสู่ระบบผิดหลายครั้งเกินไป" in html  # Thai beside the English

    # The right password while locked is refused too, and nobody is logged in.
    r = _admin_login(client, "boss", RIGHT)
    assert r.status_code == 429
    assert client.get("/admin/").status_code == 302

    # Another account from another address is not affected.
    User.objects.create_user("other_admin", password=RIGHT, role="admin")
    other = Client()
    r = _admin_login(other, "other_admin", RIGHT, ip="10.0.0.2")
    assert r.status_code == 302
    assert other.get("/admin/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_an_account_is_locked_from_every_address_and_an_address_for_every_account(
    client, admin_account
):
    for i in range(5):
        _admin_login(client, "boss", f"wrong-{i}", ip=f"10.1.0.{i}")
    # Five addresses, one account: the account is locked, from a sixth address too.
    assert _admin_login(Client(), "boss", RIGHT, ip="10.1.0.99").status_code == 429
    # One address, five accounts: that address is locked for any account.
    for i in range(5):
        _admin_login(client, f"nobody{i}", "wrong", ip="10.2.0.1")
    User.objects.create_user("third", password=RIGHT, role="nhso")
    assert _admin_login(Client(), "third", RIGHT, ip="10.2.0.1").status_code == 429
    assert _admin_login(Client(), "third", RIGHT, ip="10.2.0.2").status_code == 302


def test_the_login_page_is_limited_the_same_way(client, admin_account):
    for i in range(5):
        client.post("/accounts/login/", {"username": "boss", "password": f"x{i}"})
    r = client.post("/accounts/login/", {"username": "boss", "password": RIGHT})
    assert r.status_code == 429 and "LOGIN_LOCKED" in r.content.decode()


def test_the_client_address_comes_from_the_configured_header_only(settings, admin_account):
    from sitthi.core.limits import client_ip

    class R:
        META = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 192.0.2.7"}

    settings.SITTHI_CLIENT_IP_HEADER = None
    assert client_ip(R()) == "10.9.9.9"  # a forged header is not believed without a proxy
    settings.SITTHI_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(R()) == "192.0.2.7"  # the entry the proxy wrote
    R.META["HTTP_X_FORWARDED_FOR"] = "1.1.1.1, not-an-address"
    assert client_ip(R()) == "10.9.9.9"


def test_the_admin_is_behind_the_staff_login(client, users):
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"].startswith("/admin/login/")
    page = client.get(r["Location"])
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    assert "registration/login.html" in [t.name for t in page.templates]  # our form
    client.force_login(users["hospital"])
    assert client.get("/admin/login/").status_code == 403  # not staff: refused, no form
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/core/user/").status_code in (302, 403)
    client.force_login(users["admin"])
    assert client.get("/admin/").status_code == 200


# -- 2. bad API tokens -------------------------------------------------------------------------


def test_twenty_bad_tokens_from_one_address_are_then_refused_with_429(client, users):
    _, raw = ApiToken.issue(users["hospital"], "HIS")
    url = "/api/v1/rights-checks"
    for i in range(20):
        r = client.get(url, HTTP_AUTHORIZATION=f"Bearer sit_wrong{i}", REMOTE_ADDR="10.3.0.1")
        assert r.status_code == 401
    r = client.get(url, HTTP_AUTHORIZATION="Bearer sit_wrong", REMOTE_ADDR="10.3.0.1")
    assert r.status_code == 429 and r.json()["errors"][0]["code"] == "TOO_MANY_BAD_TOKENS"
    # Even the good token from that address waits; from another address it works.
    good = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(url, REMOTE_ADDR="10.3.0.1", **good).status_code == 429
    assert client.get(url, REMOTE_ADDR="10.3.0.2", **good).status_code == 200


# -- 3. citizen IDs by POST only, look-ups limited --------------------------------------------


@pytest.mark.parametrize(
    "url", ["/my-rights/", "/assistance/status/", "/rights/"], ids=["public", "assist", "staff"]
)
def test_a_citizen_id_in_the_address_is_refused_and_not_looked_up(client, users, person, url):
    from sitthi.registry.models import RightsCheck

    client.force_login(users["nhso"]) if url == "/rights/" else None
    r = client.get(url, {"citizen_id": person.citizen_id, "on": "2024-03-01"})
    assert r.status_code == 400 and "CID_IN_ADDRESS" in r.content.decode()
    assert person.first_name not in r.content.decode()
    assert not RightsCheck.objects.exists()
    # A bare 13-digit value under another name is a citizen ID too.
    assert client.get(url, {"q": person.citizen_id}).status_code == 400
    assert client.get(url).status_code == 200


def test_the_staff_rights_page_takes_the_citizen_id_by_post(client, users, person):
    client.force_login(users["nhso"])
    r = client.post("/rights/", {"citizen_id": person.citizen_id, "on": "2024-03-01"})
    assert r.status_code == 200 and 'data-testid="rights-result"' in r.content.decode()
    assert 'method="post"' in client.get("/rights/").content.decode()


def test_public_rights_lookups_are_limited_per_address(client, person):
    form = {"citizen_id": person.citizen_id, "birth_date": "1980-05-17"}
    answers = [client.post("/my-rights/", form).status_code for _ in range(12)]
    assert answers[:10] == [200] * 10 and answers[10:] == [429, 429]
    r = client.post("/my-rights/", form)
    html = r.content.decode()
    assert "TOO_MANY_LOOKUPS" in html and "ค้นหาจากที่อยู่นี้หลายครั้งเกินไป" in html
    assert client.post("/my-rights/", form, REMOTE_ADDR="10.4.0.2").status_code == 200


def test_assistance_status_page_and_api_are_limited_per_address(client):
    form = {"number": "S41-2569-00001", "citizen_id": "1101700203451"}
    first = [client.post("/assistance/status/", form).status_code for _ in range(10)]
    assert 429 not in first
    r = client.post("/assistance/status/", form)
    assert r.status_code == 429 and "TOO_MANY_LOOKUPS" in r.content.decode()
    body = json.dumps(form)

    def api(ip):
        return client.post(
            "/api/v1/assistance/status", body, content_type="application/json", REMOTE_ADDR=ip
        )

    assert api("127.0.0.1").json()["errors"][0]["code"] == "TOO_MANY_LOOKUPS"  # same address
    assert 429 not in [api("10.5.0.2").status_code for _ in range(10)]
    r = api("10.5.0.2")
    assert r.status_code == 429 and r.json()["errors"][0]["code"] == "TOO_MANY_LOOKUPS"


def test_the_rights_api_takes_the_citizen_id_in_a_post_body(client, users, person):
    _, raw = ApiToken.issue(users["hospital"], "HIS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = json.dumps({"citizen_id": person.citizen_id, "on": "2024-03-01"})
    r = client.post("/api/v1/rights", body, content_type="application/json", **auth)
    assert r.status_code == 200, r.content
    assert r.json()["right"]["fund"]["code"] == "UCS"
    old = client.get(f"/api/v1/rights/{person.citizen_id}", {"on": "2024-03-01"}, **auth)
    assert old.status_code == 200 and old.json()["check_id"] != r.json()["check_id"]
    bad = json.dumps({"citizen_id": "1234", "on": "2024-03-01"})
    r = client.post("/api/v1/rights", bad, content_type="application/json", **auth)
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "CID_FORMAT"


# -- 4. passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["sitthi-demo", "password1234", "123456789012345", "boss-the-admin-1"],
    ids=["short", "common", "numeric", "like-username"],
)
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError):
        validate_password(password, User(username="boss-the-admin", first_name="Boss"))


def test_the_demo_password_obeys_the_rules():
    from django.contrib.auth.password_validation import validate_password

    from sitthi.registry import demo

    for u in demo.DEMO_USERS:
        validate_password(demo.DEMO_PASSWORD, User(username=u.username, role=u.role))


def test_a_logged_in_user_changes_the_password_and_weak_ones_are_refused(client, admin_account):
    client.force_login(admin_account)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "เปลี่ยนรหัสผ่าน" in page.content.decode()
    weak = {"old_password": RIGHT, "new_password1": "short", "new_password2": "short"}
    r = client.post("/accounts/password/", weak)
    html = r.content.decode()
    assert r.status_code == 400 and "PASSWORD_TOO_SHORT" in html
    assert "อย่างน้อย 12 ตัวอักษร" in html and "at least 12 characters" in html
    numeric = {"old_password": "nope", "new_password1": "4" * 13, "new_password2": "4" * 13}
    html = client.post("/accounts/password/", numeric).content.decode()
    assert "PASSWORD_WRONG" in html and "PASSWORD_NUMERIC" in html
    admin_account.refresh_from_db()
    assert admin_account.check_password(RIGHT)
    new = "another-long-passphrase-9"
    r = client.post(
        "/accounts/password/",
        {"old_password": RIGHT, "new_password1": new, "new_password2": new},
    )
    assert r.status_code == 302
    admin_account.refresh_from_db()
    assert admin_account.check_password(new)
    assert client.get("/accounts/password/").status_code == 200  # still logged in


# -- 6. the raw API token ----------------------------------------------------------------------


def test_the_raw_token_is_shown_once_and_never_stored_in_the_session(client, users):
    client.force_login(users["hospital"])
    r = client.post("/tokens/new/", {"name": "HIS", "scopes": ["read"], "days": "90"})
    assert r.status_code == 200
    raw = r.content.decode().split('class="token">')[1].split("<")[0]
    assert raw.startswith("sit_")
    assert "no-store" in r.get("Cache-Control", "") or "no-cache" in r.get("Cache-Control", "")
    for s in Session.objects.all():
        assert raw not in json.dumps(s.get_decoded())
        assert raw not in s.session_data
    assert raw not in client.get("/tokens/").content.decode()


# -- 7. cookies --------------------------------------------------------------------------------


def test_session_and_csrf_cookies(client, admin_account):
    r = client.post("/accounts/login/", {"username": "boss", "password": RIGHT})
    assert r.status_code == 302
    cookie = r.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 8 * 3600
    csrf = client.get("/accounts/login/").cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"


def test_the_migration_makes_the_limits_cache_table():
    """``migrate`` alone (``make run``) prepares the counters' table; the test database would
    have it anyway (the test runner runs createcachetable), so it is dropped and made again."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    migration = importlib.import_module("sitthi.core.migrations.0005_limits_cache_table")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name('sitthi_limits')}")
    assert "sitthi_limits" not in connection.introspection.table_names()
    migration.create(None, SimpleNamespace(connection=connection))
    assert "sitthi_limits" in connection.introspection.table_names()
    from django.core.cache import caches

    caches["limits"].set("k", 1)
    assert caches["limits"].get("k") == 1
