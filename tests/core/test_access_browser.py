"""The access pages in a real browser (Debian's Chromium through Playwright): a fund officer
turns the second factor on by scanning nothing but typing the code computed from the key, logs
in again and is asked the code; the password page refuses a weak password; the public rights
page refuses a citizen ID in the address and too many look-ups; a locked log-in says so."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import browser_login, shot
from tests.core.test_second_factor import code

pytestmark = pytest.mark.browser


def test_second_factor_and_password_pages(transactional_db, live_server, page, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    base = live_server.url
    user = users["fund"]
    browser_login(page, base, user.username, "pw-" + user.username)

    page.goto(f"{base}/accounts/password/")
    page.get_by_label("รหัสผ่านปัจจุบัน").fill("pw-" + user.username)
    page.get_by_label("รหัสผ่านใหม่", exact=True).fill("123456789012")
    page.get_by_label("รหัสผ่านใหม่อีกครั้ง").fill("123456789012")
    page.get_by_role("button", name="เปลี่ยนรหัสผ่าน").click()
    page.get_by_test_id("errors").wait_for()
    shot(page, "access-password-weak")

    page.goto(f"{base}/accounts/second-factor/")
    assert page.locator("[data-testid=qr] svg").count() == 1
    device = TOTPDevice.objects.get(user=user)
    shot(page, "access-second-factor-enrol")
    page.get_by_label("รหัสจากแอป (6 หลัก)").fill(code(device))
    page.get_by_role("button", name="เปิดใช้").click()
    page.get_by_test_id("second-factor-on").wait_for()
    shot(page, "access-second-factor-on")

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(user.username)
    page.get_by_label("รหัสผ่าน").fill("pw-" + user.username)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base}/accounts/second-factor/verify/**")
    page.goto(f"{base}/claims/")
    assert "/accounts/second-factor/verify/" in page.url  # no page before the code
    page.get_by_label("รหัสจากแอป (6 หลัก)").fill("000000" if code(device) != "000000" else "1")
    page.get_by_role("button", name="ยืนยัน").click()
    page.get_by_test_id("errors").wait_for()
    assert "OTP_CODE_WRONG" in page.get_by_test_id("errors").inner_text()
    shot(page, "access-second-factor-verify-wrong")
    page.get_by_label("รหัสจากแอป (6 หลัก)").fill(code(device, 1))
    page.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_url(f"{base}/claims/")


def test_public_refusals_and_a_locked_login(
    transactional_db, live_server, page, person, settings, monkeypatch
):
    # Lower limits, so the browser clicks less (the limits themselves: test_access).
    from sitthi.core import limits

    monkeypatch.setattr(limits, "LOOKUPS_PER_MINUTE", 2)
    settings.AXES_FAILURE_LIMIT = 2
    base = live_server.url
    page.goto(f"{base}/my-rights/?citizen_id={person.citizen_id}")
    assert "CID_IN_ADDRESS" in page.get_by_test_id("errors").inner_text()
    shot(page, "access-cid-in-address")

    page.goto(f"{base}/my-rights/")
    for _ in range(3):
        page.get_by_label("เลขประจำตัวประชาชน (13 หลัก)").fill(person.citizen_id)
        page.locator("input[name=birth_date]").fill("1980-05-17")
        page.get_by_role("button", name="ตรวจสอบ").click()
        page.wait_for_load_state()
        if page.get_by_test_id("errors").count():
            break
    assert "TOO_MANY_LOOKUPS" in page.get_by_test_id("errors").inner_text()
    shot(page, "access-too-many-lookups")

    for i in range(2):
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill("someone")
        page.get_by_label("รหัสผ่าน").fill(f"wrong-{i}")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_load_state()
    assert "LOGIN_LOCKED" in page.get_by_test_id("errors").inner_text()
    shot(page, "access-login-locked")
