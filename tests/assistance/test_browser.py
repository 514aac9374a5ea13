"""In Chromium: the committee secretary registers a Section 41 request with a scanned
document, puts it on the agenda, records an approval (one satang over the ceiling first:
refused with the ceiling shown), records the payment, prints the Thai decision letter as a
PDF; then the requester, logged out, finds the request by its number and citizen ID
(issue 7; DOMAIN.md §5; seed 002_80e7afba8787ed6d.txt line 5)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from sitthi.assistance.models import Request
from sitthi.core.models import User
from sitthi.rules.kernel.thaitime import bangkok_date
from tests.conftest import browser_login, make_cid, shot

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, "PNG")
    return buf.getvalue()


def test_secretary_takes_a_request_to_payment(transactional_db, live_server, browser, hospitals):
    from django.core.cache import cache

    cache.clear()
    User.objects.create_user("s41_sec", password="pw-s41", role="secretary")
    today = bangkok_date(timezone.now())
    harm, received, meeting = (today - timedelta(days=d) for d in (90, 40, 10))
    cid = make_cid()
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "s41_sec", "pw-s41")
    page.goto(f"{live_server.url}/assistance/new/")
    form = page.get_by_test_id("register-form")
    form.locator("input[name=harmed_cid]").fill(cid)
    form.locator("input[name=harmed_name]").fill("สมศรี ทดสอบ")
    form.locator("input[name=hospital]").fill("10670")
    form.locator("input[name=harm_on]").fill(harm.isoformat())
    form.locator("input[name=received_on]").fill(received.isoformat())
    form.locator("textarea[name=description]").fill("ติดเชื้อที่แผลหลังผ่าตัด")
    form.locator("input[name=documents]").set_input_files(
        [{"name": "ใบรับรองแพทย์.png", "mimeType": "image/png", "buffer": _png()}]
    )
    form.get_by_role("button", name="ลงทะเบียนคำร้อง").click()
    page.wait_for_selector("[data-testid=form-schedule]")
    req = Request.objects.get()
    assert page.get_by_test_id("stage").inner_text() == "รับคำร้องแล้ว รอบรรจุวาระ"
    assert "ใบรับรองแพทย์.png" in page.get_by_test_id("documents").inner_text()

    page.get_by_test_id("form-schedule").locator("input[name=meeting_on]").fill(meeting.isoformat())
    page.get_by_test_id("form-schedule").get_by_role("button").click()
    approve = page.get_by_test_id("form-approve")
    approve.wait_for()
    approve.locator("select[name=category]").select_option("injury")
    approve.locator("input[name=amount]").fill("100000.01")
    approve.get_by_role("button").click()
    errors = page.get_by_test_id("errors")
    errors.wait_for()
    assert "ASSIST_OVER_CEILING" in errors.inner_text()
    assert "100,000.00" in errors.inner_text()
    shot(page, "assistance-over-ceiling")
    approve = page.get_by_test_id("form-approve")
    approve.locator("select[name=category]").select_option("injury")
    approve.locator("input[name=amount]").fill("100000")
    approve.get_by_role("button").click()
    pay = page.get_by_test_id("form-pay")
    pay.wait_for()
    pay.locator("input[name=paid_on]").fill(today.isoformat())
    pay.locator("input[name=reference]").fill("TR-1")
    pay.get_by_role("button").click()
    page.wait_for_selector("[data-testid=letter-1]")
    assert page.get_by_test_id("stage").inner_text() == "จ่ายเงินช่วยเหลือแล้ว"
    assert page.get_by_test_id("due").inner_text() == "0.00"
    page.get_by_test_id("letter-1").click()
    page.wait_for_selector("[data-testid=award]")
    assert "หนึ่งแสนบาทถ้วน" in page.get_by_test_id("award").inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    ctx.close()

    public = browser.new_context(locale="th-TH")
    page = public.new_page()
    page.goto(f"{live_server.url}/assistance/status/")
    page.locator("input[name=number]").fill(req.number)
    page.locator("input[name=citizen_id]").fill(make_cid())
    page.get_by_test_id("status-form").get_by_role("button").click()
    assert "ASSIST_STATUS_NO_MATCH" in page.get_by_test_id("errors").inner_text()
    page.locator("input[name=citizen_id]").fill(cid)
    page.get_by_test_id("status-form").get_by_role("button").click()
    status = page.get_by_test_id("status")
    status.wait_for()
    assert page.get_by_test_id("stage").inner_text() == "จ่ายเงินช่วยเหลือแล้ว"
    assert "สมศรี" not in page.content()
    shot(page, "assistance-status")
    public.close()
