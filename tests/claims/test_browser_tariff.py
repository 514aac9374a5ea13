"""In Chromium: NHSO loads a new version of a fee schedule in force; the page shows the
items re-priced, added and removed before anything is stored; confirming replaces it and the
replaced version stays listed (issue 16, "Safe uploads")."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser

HEADER = "schedule,item_code,category,description,unit,unit_price,valid_from,source\n"


def test_a_replacing_fee_schedule_is_previewed_and_kept(
    transactional_db, live_server, browser, users
):
    from django.utils import timezone

    from sitthi.claims.models import TariffVersion
    from sitthi.claims.services import load_tariff
    from sitthi.core.actor import Actor

    first = (
        HEADER
        + "s1,X1,7,ตรวจเลือด,ครั้ง,5.25,2024-01-01,test\ns1,X2,7,เอกซเรย์,ครั้ง,8.00,2024-01-01,test\n"
    )
    load_tariff(Actor.of(users["nhso"]), first.encode(), "s1-2567.csv", now=timezone.now())
    second = first.replace("5.25", "6.50").replace("s1,X2,7,เอกซเรย์", "s1,X3,7,อัลตราซาวด์")
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/claims/tariffs/")
    page.locator("input[type=file]").set_input_files(
        [{"name": "s1-2568.csv", "mimeType": "text/csv", "buffer": second.encode()}]
    )
    page.locator("form.card button").click()
    preview = page.get_by_test_id("preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "5.25" in text and "6.50" in text and "X3" in text and "X2" in text
    shot(page, "tariff-replace-preview")
    assert TariffVersion.objects.count() == 1
    page.get_by_role("button", name="ยืนยันแทนที่ (เก็บฉบับเดิมไว้ในประวัติ)").click()
    replaced = page.get_by_test_id("replaced")
    replaced.wait_for()
    assert "s1-2567.csv" in replaced.inner_text()
    shot(page, "tariff-replaced")
    assert TariffVersion.objects.filter(active=True).get().filename == "s1-2568.csv"
    ctx.close()
