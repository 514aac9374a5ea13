"""In Chromium: NHSO opens an allocation run's units, filters them by region and searches a
unit by name; the page keeps the filter across pages and offers the export."""

from __future__ import annotations

import pytest

from tests.allocation.test_allocation_app import registered  # noqa: F401
from tests.allocation.test_lists import run  # noqa: F401
from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser


def test_units_filtered_searched_and_paged(transactional_db, live_server, browser, users, run):  # noqa: F811
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{live_server.url}/allocation/runs/{run.pk}/")
    page.get_by_test_id("all-units").click()
    page.get_by_test_id("units").wait_for()
    assert "จากทั้งหมด 32 รายการ" in page.get_by_test_id("list-count").inner_text()
    page.get_by_test_id("filter-region").select_option("8")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**region=8**")
    assert "จากทั้งหมด 30 รายการ" in page.get_by_test_id("list-count").inner_text()
    page.get_by_test_id("page-next").click()
    page.wait_for_url("**page=2**")
    assert "region=8" in page.url
    assert "รายการที่ 26–30" in page.get_by_test_id("list-count").inner_text()
    shot(page, "allocation-units")
    page.get_by_test_id("filter-q").fill("หนองหาน")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**q=**")
    assert "20007" in page.get_by_test_id("units").inner_text()
    assert page.get_by_test_id("export-xlsx").get_attribute("href").endswith("format=xlsx")
    ctx.close()
