"""In Chromium (issue 16): a hospital officer follows a returned claim, corrects and resends
it; NHSO marks two claims documents-complete at once; a fund pays two notices from one bank
transfer."""

from __future__ import annotations

import pytest

from sitthi.claims import services
from sitthi.claims.models import Claim, Notice
from sitthi.core.actor import Actor
from sitthi.core.models import User
from tests.conftest import browser_login, shot

from .conftest import bkk
from .test_loop import _claim

pytestmark = pytest.mark.browser


def test_correct_resend_bulk_complete_and_one_transfer(
    transactional_db, live_server, page, users, person, tariff, client
):
    post = lambda user, body: (  # noqa: E731
        client.force_login(user),
        client.post("/api/v1/claims", body, content_type="application/json"),
    )[1]
    nhso = Actor.of(users["nhso"])
    returned = _claim(post, users, person, "RET-1")
    services.return_for_correction(
        nhso, returned, "ค่าบริการบรรทัด 2 ไม่ตรงใบเสร็จ", now=bkk(2024, 3, 5, 10)
    )
    b, c = _claim(post, users, person, "B-1"), _claim(post, users, person, "C-1")
    notices = []
    for key in ("D-1", "E-1"):
        cid = _claim(post, users, person, key)
        services.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 5, 10))
        notices.append(services.create_notice(nhso, "UCS", [cid], now=bkk(2024, 3, 6, 10)))
    User.objects.create_user("uc_officer", password="pw-uc_officer", role="fund", fund_id="UCS")

    # -- the hospital corrects and resends the returned claim
    browser_login(page, live_server.url, "kk_officer", "pw-kk_officer")
    page.goto(f"{live_server.url}/claims/?state=returned")
    page.get_by_test_id("claims").get_by_role("link", name=str(returned)).click()
    assert "ค่าบริการบรรทัด 2 ไม่ตรงใบเสร็จ" in page.get_by_test_id("return-reason").inner_text()
    shot(page, "claims-returned")
    page.get_by_test_id("resend").click()
    page.get_by_label("charged 2").fill("90.00")
    page.get_by_role("button", name="เพิ่มรายการ").click()
    item = page.get_by_label("item 7")
    item.fill("FLA")
    page.locator("#item-options option[value='FLAT-1']").wait_for(state="attached")
    item.fill("FLAT-1")
    page.get_by_label("quantity 7").fill("1")
    page.get_by_label("served 7").fill("2024-03-01T10:00")
    page.get_by_label("charged 7").fill("600.00")
    icd = page.get_by_label("ค้นรหัส ICD-10 จากชื่อโรค")
    icd.fill("essential hyper")
    page.locator("#icd10-options option[value='I10']").wait_for(state="attached")
    icd.fill("I10")  # the officer picks I10 from the list: it is added to the diagnoses
    icd.dispatch_event("change")
    assert page.locator("input[name=diagnoses]").input_value() == "E11.9; I10"
    page.keyboard.press("Escape")
    shot(page, "claims-resend-form")
    with page.expect_navigation():
        page.get_by_role("button", name="แก้ไขและส่งใหม่ · Correct and resend").click()
    page.get_by_test_id("revisions").wait_for()
    assert "790.00" in page.get_by_test_id("payable-total").inner_text()
    changes = page.get_by_test_id("revisions").inner_text()
    assert "80.50 → LAB-1 × 1.000 = 90.00" in changes and "FLAT-1" in changes
    assert "การวินิจฉัย / diagnoses: E11.9 → E11.9; I10" in changes
    assert "Essential (primary) hypertension" in page.get_by_test_id("diagnoses").inner_text()
    shot(page, "claims-resent")
    claim = Claim.objects.get(pk=returned)
    assert claim.revision == 2 and claim.state == "accepted"

    # -- NHSO marks two claims documents-complete at once
    page.context.clear_cookies()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/claims/?state=accepted")
    page.get_by_label(f"claim {b}", exact=True).check()
    page.get_by_label(f"claim {c}", exact=True).check()
    page.get_by_role("button", name="ดำเนินการกับรายการที่เลือก").click()
    results = page.get_by_test_id("bulk-results")
    results.wait_for()
    assert "ดำเนินการแล้ว 2 รายการ" in page.get_by_test_id("bulk-summary").inner_text()
    shot(page, "claims-bulk-complete")
    assert set(Claim.objects.filter(pk__in=[b, c]).values_list("state", flat=True)) == {
        "documents_complete"
    }

    # -- the fund pays two notices from one transfer
    page.context.clear_cookies()
    browser_login(page, live_server.url, "uc_officer", "pw-uc_officer")
    page.goto(f"{live_server.url}/notices/")
    for n in notices:
        page.get_by_label(f"notice {n.number}").check()
    assert page.locator("[data-ticked-sum]").inner_text() == "561.00"
    page.get_by_label("เลขอ้างอิงการโอน").fill("KTB-2567-0042")
    page.get_by_label("จำนวนเงิน (บาท เท่ากับผลรวมของหนังสือแจ้ง)").fill("561.00")
    page.get_by_role("button", name="บันทึกการโอนเงิน").click()
    page.get_by_text("บันทึกการโอนเงินแล้ว").wait_for()
    shot(page, "notices-one-transfer")
    paid = Notice.objects.filter(pk__in=[n.pk for n in notices])
    assert set(paid.values_list("payment_reference", flat=True)) == {"KTB-2567-0042"}
