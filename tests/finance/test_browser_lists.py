"""In Chromium: NHSO filters the hospitals' risk scores by band and searches one by name; the
watch list filters by region."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, shot
from tests.finance.test_lists import loaded  # noqa: F401
from tests.finance.test_risk_app import region7  # noqa: F401

pytestmark = pytest.mark.browser


def test_hospitals_and_watch_list_filtered(transactional_db, live_server, browser, users, loaded):  # noqa: F811
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/finance/")
    page.get_by_test_id("scores").wait_for()
    assert "จากทั้งหมด 29 รายการ" in page.get_by_test_id("list-count").inner_text()
    page.get_by_test_id("filter-band").select_option("watch")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**band=watch**")
    scores = page.get_by_test_id("scores").inner_text()
    assert "10671" in scores and "10001" in scores and "30001" not in scores
    shot(page, "finance-hospitals")
    page.goto(f"{live_server.url}/finance/watch/")
    page.get_by_test_id("filter-region").select_option("7")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**region=7**")
    watch = page.get_by_test_id("watch").inner_text()
    assert "10671" in watch and "10001" not in watch
    page.wait_for_selector("#levels .main-svg")
    shot(page, "finance-watch-list")
    ctx.close()
