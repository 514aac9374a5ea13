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


def _as(context, base: str, username: str | None) -> None:
    """Browse as ``username`` (None: the public): its session cookie, made by Django's test
    client, instead of typing the login form at every role (the form has its own tests)."""
    from django.conf import settings
    from django.test import Client

    from sitthi.core.models import User

    context.clear_cookies()
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base}])


def _overflow(page, base: str, path: str) -> tuple[str, int] | None:
    page.goto(f"{base}{path}")
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    if width <= WIDTH:
        return None
    shot(page, "phone-" + (path.strip("/").replace("/", "-") or "home"))  # what overflows
    return (path, width)


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
    # one browser context for every role (the static files, Plotly's among them, fetched once)
    context = browser.new_context(
        locale="th-TH", viewport={"width": WIDTH, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    wide = []
    for username, paths in visits:
        _as(context, base, username)
        if username:  # the session is the role's: its name is on the page
            page.goto(f"{base}/")
            assert username in page.get_by_test_id("who").inner_text()
        wide += [_overflow(page, base, p) for p in paths]
    context.close()
    assert [w for w in wide if w] == []
