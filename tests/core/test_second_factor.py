"""The optional second factor (TOTP through django-otp): enrolment with a QR code, a wrong code
refused, a right code (computed from the device's key) accepted, and, once an account has a
device, every page (and the API by session) blocked after a password log-in until the code."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong(device: TOTPDevice) -> str:
    return "000000" if code(device) != "000000" else "111111"


@pytest.fixture
def no_throttle(settings):
    """django-otp makes one wait after a wrong code (1 s, doubling); the tests do not wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/accounts/second-factor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<main>")[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = html.split('data-testid="secret">')[1].split("<")[0].replace(" ", "")
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode().rstrip("=")
    used = code(device)
    r = client.post("/accounts/second-factor/", {"action": "confirm", "code": used})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    device.used_code = used
    return device


def test_enrolment_refuses_a_wrong_code_and_confirms_with_the_right_one(client, users, no_throttle):
    client.force_login(users["nhso"])
    client.get("/accounts/second-factor/")
    device = TOTPDevice.objects.get(user=users["nhso"])
    r = client.post("/accounts/second-factor/", {"action": "confirm", "code": wrong(device)})
    assert r.status_code == 400 and "OTP_CODE_WRONG" in r.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    r = client.post("/accounts/second-factor/", {"action": "confirm", "code": code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # Confirming counted as this session's second factor: pages open.
    assert client.get("/").status_code == 200
    assert (
        'data-testid="second-factor-on"' in client.get("/accounts/second-factor/").content.decode()
    )


def test_after_a_password_login_every_page_waits_for_the_code(users, no_throttle):
    user = users["fund"]
    user.set_password("a-long-fund-passphrase")
    user.save()
    device = _enrol(Client(), user)

    c = Client()
    r = c.post(
        "/accounts/login/", {"username": user.username, "password": "a-long-fund-passphrase"}
    )
    assert r.status_code == 302
    for url in ("/", "/claims/", "/accounts/password/", "/accounts/second-factor/"):
        r = c.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/second-factor/verify/")
    api = c.get("/api/v1/rights-checks")
    assert api.status_code == 401 and api.json()["errors"][0]["code"] == "SECOND_FACTOR_REQUIRED"

    page = c.get("/accounts/second-factor/verify/?next=/claims/")
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    r = c.post("/accounts/second-factor/verify/", {"code": wrong(device), "next": "/claims/"})
    assert r.status_code == 400 and "OTP_CODE_WRONG" in r.content.decode()
    assert c.get("/").status_code == 302  # still blocked
    # The code used at enrolment is spent: the next step's code is accepted.
    r = c.post("/accounts/second-factor/verify/", {"code": code(device, 1), "next": "/claims/"})
    assert r.status_code == 302 and r["Location"] == "/claims/"
    assert c.get("/").status_code == 200
    assert c.get("/api/v1/rights-checks").status_code != 401


def test_a_code_is_not_accepted_twice(users, no_throttle):
    user = users["admin"]
    device = _enrol(Client(), user)
    c = Client()
    c.force_login(user)
    r = c.post("/accounts/second-factor/verify/", {"code": device.used_code})
    assert r.status_code == 400 and "OTP_CODE_WRONG" in r.content.decode()


def test_a_wrong_code_makes_the_next_try_wait(users):
    user = users["nhso"]
    device = _enrol(Client(), user)
    c = Client()
    c.force_login(user)
    assert c.post("/accounts/second-factor/verify/", {"code": wrong(device)}).status_code == 400
    # Within the throttle (1 s after one failure) even the right code is refused.
    assert c.post("/accounts/second-factor/verify/", {"code": code(device, 1)}).status_code == 400


def test_offered_to_nhso_fund_and_admin_not_asked_of_hospitals(client, users):
    for who in ("nhso", "fund", "admin"):
        client.force_login(users[who])
        assert client.get("/accounts/second-factor/").status_code == 200
    client.force_login(users["hospital"])
    r = client.get("/accounts/second-factor/")
    assert r.status_code == 403 and "ROLE_FORBIDDEN" in r.content.decode()
    assert client.get("/").status_code == 200  # never asked for a code


def test_the_second_factor_can_be_turned_off_from_a_verified_session(client, users):
    _enrol(client, users["nhso"])
    r = client.post("/accounts/second-factor/", {"action": "remove"})
    assert r.status_code == 302
    assert not TOTPDevice.objects.filter(user=users["nhso"]).exists()
