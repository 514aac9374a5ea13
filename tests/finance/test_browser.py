"""In Chromium: NHSO uploads a quarter's statements; the bad hospital is listed per field while
the others are scored; a hospital's page shows its level and the trend chart; the watch list
lists the hospital in crisis (issue 8; seed 002_80e7afba8787ed6d.txt, the MOPH risk score)."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, shot

from .test_risk_app import CRISIS, HEALTHY

pytestmark = pytest.mark.browser


def test_upload_score_and_watch(transactional_db, live_server, browser, users, hospitals):
    from sitthi.registry.models import Hospital

    Hospital.objects.create(
        hcode="10671", name_th="โรงพยาบาลชุมชนทดสอบ", ownership="public", province_id="40"
    )
    cols = ["hospital", *HEALTHY]
    lines = [",".join(cols)]
    for code, figures in (("10670", HEALTHY), ("10671", CRISIS), ("99999", HEALTHY)):
        lines.append(",".join([code, *(figures[c] for c in cols[1:])]))
    lines.append(",".join(["10672", *("" for _ in cols[1:])]))
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/finance/")
    form = page.get_by_test_id("upload")
    form.locator("input[name=fy]").fill("2565")
    form.locator("select[name=q]").select_option("2")
    form.locator("input[type=file]").set_input_files(
        [{"name": "q2.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}]
    )
    form.get_by_role("button", name="นำเข้าและประเมิน").click()
    problems = page.get_by_test_id("problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "99999" in text and "FIN_HOSPITAL_UNKNOWN" in text
    shot(page, "finance-upload-problems")
    scores = page.get_by_test_id("scores").inner_text()
    assert "10670" in scores and "10671" in scores
    page.goto(f"{live_server.url}/finance/hospitals/10671/")
    assert "มีภาวะวิกฤตทางการเงินขั้นรุนแรง" in page.get_by_test_id("latest").inner_text()
    page.wait_for_selector("#trend .main-svg")
    page.goto(f"{live_server.url}/finance/watch/?region=7&fy=2565&q=2")
    watch = page.get_by_test_id("watch").inner_text()
    assert "10671" in watch and "10670" not in watch
    page.wait_for_selector("#levels .main-svg")
    shot(page, "finance-watch")
    ctx.close()


def test_a_replacing_upload_is_previewed_confirmed_and_kept_in_the_history(
    transactional_db, live_server, browser, users, hospitals
):
    """Issue 16, "Safe uploads": the form starts at the current quarter; a file that would
    replace 10670's 2565 Q2 statement shows the old and new figures first; confirming stores
    it and the hospital's page lists the replaced version."""
    from datetime import datetime

    from sitthi.core.actor import Actor
    from sitthi.finance import services
    from sitthi.finance.models import Statement
    from sitthi.registry.models import Hospital
    from sitthi.rules.kernel.thaitime import BANGKOK

    Hospital.objects.create(
        hcode="10671", name_th="โรงพยาบาลชุมชนทดสอบ", ownership="public", province_id="40"
    )
    services.load_statements(
        Actor.of(users["nhso"]),
        [{**CRISIS, "hospital": "10670"}],
        fiscal_year=2565,
        quarter=2,
        source="upload q2-first.csv",
        now=datetime(2022, 4, 15, 10, tzinfo=BANGKOK),
    )
    cols = ["hospital", *HEALTHY]
    lines = [",".join(cols)]
    for code in ("10670", "10671"):
        lines.append(",".join([code, *(HEALTHY[c] for c in cols[1:])]))
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/finance/")
    form = page.get_by_test_id("upload")
    fy, q = services.current_quarter(datetime.now(BANGKOK))
    assert form.locator("input[name=fy]").input_value() == str(fy)
    assert form.locator("select[name=q]").input_value() == str(q)
    form.locator("input[name=fy]").fill("2565")
    form.locator("select[name=q]").select_option("2")
    form.locator("input[type=file]").set_input_files(
        [{"name": "q2-again.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}]
    )
    form.get_by_role("button", name="นำเข้าและประเมิน").click()
    preview = page.get_by_test_id("preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "10670" in text and "800,000.00" in text and "3,000,000.00" in text
    assert "10671" in page.get_by_test_id("new-hospitals").inner_text()
    shot(page, "finance-replace-preview")
    assert Statement.objects.get().source == "upload q2-first.csv"  # nothing stored yet
    page.get_by_role("button", name="ยืนยันแทนที่ (เก็บฉบับเดิมไว้ในประวัติ)").click()
    page.get_by_test_id("load-report").wait_for()
    assert "แทนที่งบการเงิน 1 ฉบับ" in page.get_by_test_id("load-report").inner_text()
    page.goto(f"{live_server.url}/finance/hospitals/10670/")
    replaced = page.get_by_test_id("replaced").inner_text()
    assert "2565 Q2" in replaced and "ถูกแทนที่เมื่อ" in replaced and "nhso_officer" in replaced
    page.wait_for_selector("#trend .main-svg")
    shot(page, "finance-replaced-history")
    ctx.close()
