"""At phone width (390 px) the public pages, the UCEP pages and the assistance pages do not
overflow sideways: the page is no wider than the screen (wide tables scroll inside their own
box). Measured in Chromium on the demo data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import shot

pytestmark = pytest.mark.browser

WIDTH = 390
PUBLIC = [
    "/",
    "/my-rights/",
    "/rules/parameters/",
    "/help/errors/",
    "/accounts/login/",
    "/ucep/am-i-covered/",
    "/assistance/status/",
]


def _login(page, base: str, username: str) -> None:
    from sitthi.registry.demo import DEMO_PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base}/")


def _overflow(page, base: str, path: str) -> tuple[str, int] | None:
    page.goto(f"{base}{path}")
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    name = "phone-" + (path.strip("/").replace("/", "-") or "home")
    shot(page, name)
    return None if width <= WIDTH else (path, width)


def test_pages_fit_a_phone(transactional_db, live_server, browser):
    from sitthi.assistance.demo import load_demo_assistance
    from sitthi.assistance.models import Request
    from sitthi.ucep.demo import load_demo_episodes
    from sitthi.ucep.models import Episode

    # an earlier transactional test's flush removes the reference rows the migrations load
    call_command("load_reference", stdout=StringIO())
    call_command("demo_data", persons=0, seed=1, verbosity=0)
    load_demo_episodes()
    load_demo_assistance()
    episode = Episode.objects.order_by("pk").first()
    request = Request.objects.order_by("pk").first()
    base = live_server.url
    visits = [
        (None, PUBLIC),
        ("hosp_public", ["/ucep/", "/ucep/new/"]),
        ("ems", ["/ucep/ems/", f"/ucep/{episode.pk}/"]),
        (
            "secretary",
            [
                "/assistance/",
                "/assistance/new/",
                "/assistance/report/",
                f"/assistance/{request.number}/",
            ],
        ),
    ]
    wide = []
    for username, paths in visits:
        context = browser.new_context(
            locale="th-TH", viewport={"width": WIDTH, "height": 844}, is_mobile=True
        )
        page = context.new_page()
        if username:
            _login(page, base, username)
        wide += [_overflow(page, base, p) for p in paths]
        context.close()
    assert [w for w in wide if w] == []
