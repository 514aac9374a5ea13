"""In Chromium: a unit officer sees an offered isolation case, takes it, and it is gone from
the offers — and no other unit sees it (issue 5, "Prove it")."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import browser_login, shot

from .test_dispatch import add

pytestmark = pytest.mark.browser


def test_a_unit_takes_an_offered_case(transactional_db, live_server, browser, users, person, units):
    case = add(users, person, now=timezone.now())
    assert case.offers.get().unit_id == "90001"
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "pv_officer", "pw-pv_officer")
    page.goto(f"{live_server.url}/isolation/")
    row = page.locator(f"[data-testid=offers] tr[data-case='{case.pk}']")
    row.wait_for()
    assert "บางนา" in row.inner_text()
    shot(page, "isolation-inbox")
    row.get_by_role("button", name="รับ", exact=True).click()
    page.wait_for_selector("[data-testid=mine]")
    assert page.locator(f"[data-testid=offers] tr[data-case='{case.pk}']").count() == 0
    assert f"HI{case.pk}" in page.get_by_test_id("mine").inner_text()
    ctx.close()
    other = browser.new_context(locale="th-TH")
    page = other.new_page()
    browser_login(page, live_server.url, "bma_off", "x")
    page.goto(f"{live_server.url}/isolation/")
    assert f"HI{case.pk}" not in page.get_by_test_id("offers").inner_text()
    other.close()
