"""In Chromium: one transfer case from triage to the EMS inbox to the fund's notice (issue 4,
"Prove it"). A private hospital outside the UC network receives a critical UC patient, triages,
notifies the EMS centre, adds a charge and transfers the patient; the centre sees the episode in
its inbox with the proposed transfer back; the UCEP part is billed, verified and notified, and
the UC fund officer finds the notice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.core.models import User
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser


def local(dt):
    return dt.astimezone(BANGKOK).strftime("%Y-%m-%dT%H:%M")


def test_transfer_case_from_triage_to_the_funds_notice(
    transactional_db, live_server, browser, ucep_world, users, person, tariff
):
    User.objects.create_user("uc_officer", password="pw-uc", role="fund", fund_id="UCS")
    base = live_server.url
    admitted = timezone.now() - timedelta(hours=10)

    def session():
        return browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})

    # 1. The private hospital receives the patient, triages, notifies, charges, transfers.
    ctx = session()
    page = ctx.new_page()
    browser_login(page, base, "pv_officer", "pw-pv_officer")
    page.goto(f"{base}/ucep/new/")
    page.fill("input[name=citizen_id]", person.citizen_id)
    page.fill("input[name=admitted_at]", local(admitted))
    page.get_by_role("button", name="เปิดการรักษา").click()
    page.wait_for_selector("[data-testid=episode]")
    page.select_option("select[name=cardiac_arrest]", "yes")
    page.get_by_role("button", name="บันทึกการคัดแยก").click()
    page.get_by_test_id("eligible").wait_for()
    page.get_by_role("button", name="แจ้ง", exact=True).click()
    page.wait_for_selector("[data-testid=notified]")
    assert page.get_by_test_id("notified").inner_text() != "–"
    page.fill("input[name=item_code_1]", "LAB-1")
    page.fill("input[name=quantity_1]", "1")
    page.fill("input[name=served_at_1]", local(admitted + timedelta(hours=1)))
    page.fill("input[name=charged_1]", "150")
    page.get_by_role("button", name="เพิ่มค่าใช้จ่าย").click()
    page.wait_for_selector(".payer-ucep")
    page.fill("input[name=diagnoses]", "I46.9")
    page.get_by_role("button", name="เรียกเก็บรายการที่ยังไม่เรียกเก็บ").click()
    page.wait_for_selector("[data-testid=payable-total]")
    assert "100.00" in page.get_by_test_id("payable-total").inner_text()
    claim_url = page.url
    page.go_back()
    page.reload()
    page.fill("form[action$='/transfer/'] input[name=to_hospital]", "90002")
    page.fill("form[action$='/transfer/'] input[name=at]", local(admitted + timedelta(hours=2)))
    page.locator("form[action$='/transfer/'] button").click()
    page.wait_for_selector("[data-testid=stays]")
    assert "90002" in page.get_by_test_id("stays").inner_text()
    shot(page, "ucep-episode")
    ctx.close()

    # 2. The EMS centre sees it in its inbox, with the proposed transfer back.
    ctx = session()
    page = ctx.new_page()
    browser_login(page, base, "ems_officer", "pw-ems_officer")
    page.goto(f"{base}/ucep/ems/")
    inbox = page.get_by_test_id("inbox").inner_text()
    assert "90002" in inbox and "10670" in inbox  # now at hospital 2; back to the UC unit
    assert "ใหม่" in inbox  # state: new
    shot(page, "ucep-ems-inbox")
    # the centre confirms the triage, then arranges the transfer back to the proposed hospital
    page.locator("[data-testid^=ems-confirm-]").click()
    page.wait_for_selector("tr[data-state=confirmed]")
    page.locator("[data-testid^=ems-arrange_transfer-]").click()
    page.wait_for_selector("tr[data-state=transfer_arranged]")
    assert "ประสานส่งต่อแล้ว" in page.get_by_test_id("inbox").inner_text()
    ctx.close()

    # 3. NHSO verifies and notifies the UC fund.
    ctx = session()
    page = ctx.new_page()
    browser_login(page, base, "nhso_officer", "pw-nhso_officer")
    page.goto(claim_url)
    page.get_by_role("button", name="เอกสารครบถ้วน").click()
    page.goto(f"{base}/notices/")
    page.get_by_role("button", name="ส่งหนังสือแจ้งถึง UCS").click()
    page.wait_for_selector("[data-testid=notice-total]")
    ctx.close()

    # 4. The UC fund officer finds the UCEP notice.
    ctx = session()
    page = ctx.new_page()
    browser_login(page, base, "uc_officer", "pw-uc")
    page.goto(f"{base}/ucep/notices/")
    assert "90002" in page.get_by_test_id("ucep-notifications").inner_text()
    page.locator("[data-testid^=ack-]").click()
    page.wait_for_selector("[data-testid=ucep-notifications]")
    assert not page.locator("[data-testid^=ack-]").count()
    notices = page.get_by_test_id("ucep-notices").inner_text()
    assert "UCS" in notices and "100.00" in notices
    shot(page, "ucep-fund-notices")
    ctx.close()
