"""Under the Content-Security-Policy, in Chromium: the charts draw and the page actions work,
and the browser reports no violation (no inline script was left to block)."""

from __future__ import annotations

import pytest

from sitthi.core.actor import Actor
from sitthi.finance import services
from tests.conftest import browser_login, shot
from tests.finance.test_risk_app import CRISIS, HEALTHY, NOW

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    """Script errors, policy violations (Chromium reports them as console errors) and missing
    files, except the favicon the browser asks for on its own."""
    problems: list[str] = []

    def console(message):
        if "Content Security Policy" in message.text:
            problems.append(message.text)
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def response(r):
        if r.status >= 400 and not r.url.endswith("/favicon.ico"):
            problems.append(f"{r.status} {r.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", response)
    return problems


def test_charts_and_actions_run_with_no_policy_violation(
    transactional_db, live_server, page, users, hospitals
):
    nhso = Actor.of(users["nhso"])
    for q, figures in ((1, HEALTHY), (2, CRISIS)):
        services.load_statements(
            nhso,
            [{**figures, "hospital": "10670"}],
            fiscal_year=2565,
            quarter=q,
            source="t",
            now=NOW,
        )
    problems = _watch(page)
    browser_login(page, live_server.url, "nhso_officer", "pw-nhso_officer")

    page.goto(f"{live_server.url}/finance/hospitals/10670/")
    page.locator("#trend .main-svg").first.wait_for()  # Plotly drew it from charts.js
    # with its axes' titles, in Thai (English beside)
    assert page.locator("#trend .xtitle").text_content().startswith("ปีงบประมาณ/ไตรมาส")
    assert page.locator("#trend .ytitle").text_content().startswith("ระดับ")
    shot(page, "csp-finance-chart")

    page.goto(f"{live_server.url}/isolation/board/")
    page.locator("#chart .main-svg").first.wait_for()

    page.goto(f"{live_server.url}/finance/?fy=2565&q=2")
    page.get_by_test_id("filter-q").select_option("1")  # the list's quarter (web/listing)
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**q=1**")
    assert "2565 Q1" in page.get_by_test_id("scores").inner_text()
    shot(page, "csp-finance-actions")

    page.goto(f"{live_server.url}/rights/")
    page.locator("input[data-date-field]").first.fill("01/03/2567")  # be-date.js reads it
    assert page.get_by_test_id("date-hint-on").inner_text() == "อ่านเป็น 1 มี.ค. 2567 (ค.ศ. 2024)"
    assert problems == []
