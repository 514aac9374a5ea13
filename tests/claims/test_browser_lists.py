"""In Chromium (issue 16): the notices, the statement of payment and the deadline board as
officers filter them, and the rights-check history; screenshots in the test artefacts."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from sitthi.core.logmask import mask_citizen_id
from sitthi.registry.models import RightsCheck
from tests.conftest import browser_login, shot

from .test_notice_lists import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_filter_the_notices_statement_deadlines_and_checks(
    transactional_db,
    live_server,
    page,
    users,
    person,
    world,  # noqa: F811
):
    base = live_server.url
    browser_login(page, base, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{base}/notices/")
    page.get_by_test_id("filter-status").select_option("sent")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_selector("[data-testid=list-count]")
    assert "status=sent" in page.url
    assert page.get_by_test_id("notices").locator("tbody tr").count() == 3
    assert "รอจ่าย" in page.get_by_test_id("filter-status").inner_text()
    shot(page, "lists-notices-sent")

    page.goto(f"{base}/claims/deadlines/?due=overdue")
    assert "1–25" in page.get_by_test_id("list-count").inner_text()
    page.get_by_test_id("page-next").click()
    page.wait_for_selector("[data-testid=page-prev]")
    assert page.get_by_test_id("deadlines").locator("tbody tr").count() == 29 - 25
    shot(page, "lists-deadlines-overdue")

    for via in ("page", "api", "api"):
        RightsCheck.objects.create(
            checked_at=timezone.now(),
            user=users["hospital"],
            via=via,
            hospital_id="10670",
            person=person,
            citizen_id=mask_citizen_id(person.citizen_id),
            on=date(2024, 3, 1),
            fund_id="UCS",
        )
    page.goto(f"{base}/rights/checks/")
    page.get_by_test_id("filter-via").select_option("api")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_selector("[data-testid=list-count]")
    assert "via=api" in page.url
    assert page.get_by_test_id("checks").locator("tbody tr").count() == 2
    shot(page, "lists-rights-checks")

    page.context.clear_cookies()
    browser_login(page, base, "kk_officer", "pw-kk_officer")
    page.goto(f"{base}/statements/?from=01/04/2567&to=30/04/2567")
    assert page.get_by_test_id("stm-paid").inner_text() == "7,573.50"
    page.get_by_test_id("filter-fund").select_option("SSS")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_selector("[data-testid=stm-totals-note]")
    assert page.get_by_test_id("stm-paid").inner_text() == "280.50"
    assert "ยอดรวมด้านล่างเป็นยอดของรายการที่ตรงกับตัวกรอง" in page.content()
    shot(page, "lists-statement-sss")
