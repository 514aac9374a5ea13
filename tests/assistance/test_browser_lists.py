"""In Chromium: the secretary filters the requests by province, finds a person's requests by
citizen ID (sent by POST: the number never shows in the address), and on a phone the list
still fits the screen."""

from __future__ import annotations

import pytest

from tests.assistance.test_lists import HEIR_CID, many  # noqa: F401
from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser


def test_requests_filtered_and_a_person_found(transactional_db, live_server, browser, many):  # noqa: F811
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "secretary", "pw-secretary")
    page.goto(f"{live_server.url}/assistance/")
    page.get_by_test_id("queue").wait_for()
    assert "จากทั้งหมด 30 รายการ" in page.get_by_test_id("list-count").inner_text()
    page.get_by_test_id("filter-province").select_option("10")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**province=10**")
    assert "จากทั้งหมด 3 รายการ" in page.get_by_test_id("list-count").inner_text()
    shot(page, "assistance-requests")
    page.goto(f"{live_server.url}/assistance/")
    page.get_by_test_id("person-cid").fill(HEIR_CID)
    page.get_by_test_id("person-search").get_by_role("button").click()
    page.wait_for_url("**person=**")
    assert HEIR_CID not in page.url
    assert many[29].number in page.get_by_test_id("queue").inner_text()
    assert page.get_by_test_id("person-filter").is_visible()
    ctx.close()
    phone = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    browser_login(page, live_server.url, "secretary", "pw-secretary")
    page.goto(f"{live_server.url}/assistance/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "assistance-requests-phone")
    phone.close()
