"""In a real browser (Debian's Chromium through Playwright): a hospital officer logs in,
checks a right, and sees a rejected citizen ID explained."""

from __future__ import annotations

import pytest

from tests.conftest import shot

pytestmark = pytest.mark.browser


def test_hospital_officer_checks_a_right_and_sees_a_rejected_id(
    transactional_db, live_server, page, users, person
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("kk_officer")
    page.get_by_label("รหัสผ่าน").fill("pw-kk_officer")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "10670" in page.get_by_test_id("who").inner_text()

    page.get_by_role("link", name="ตรวจสอบสิทธิผู้ป่วย").first.click()
    page.get_by_label("เลขประจำตัวประชาชน (13 หลัก)").fill(person.citizen_id)
    page.get_by_label("ณ วันที่").fill("2024-03-01")
    assert page.get_by_test_id("date-hint-on").inner_text() == "อ่านเป็น 1 มี.ค. 2567 (ค.ศ. 2024)"
    page.get_by_role("button", name="ตรวจสอบ").click()
    result = page.get_by_test_id("rights-result")
    result.wait_for()
    assert "UCS" in page.get_by_test_id("fund").inner_text()
    assert "10670" in page.get_by_test_id("main-unit").inner_text()
    assert "1 มี.ค. 2567" in result.inner_text()
    assert "เป็นคู่สัญญา" in page.get_by_test_id("network").inner_text()
    shot(page, "rights-check-ok")

    bad = person.citizen_id[:12] + str((int(person.citizen_id[12]) + 1) % 10)
    page.get_by_label("เลขประจำตัวประชาชน (13 หลัก)").fill(bad)
    page.get_by_role("button", name="ตรวจสอบ").click()
    errors = page.get_by_test_id("errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "CID_CHECK_DIGIT" in text
    assert "หลักตรวจสอบ" in text and "check" in text
    assert page.get_by_test_id("rights-result").count() == 0
    shot(page, "rights-check-bad-id")
