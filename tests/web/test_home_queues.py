"""Each role's home page is its work queue: every count links to the list of exactly those
items (the test follows the link and counts the list's rows), and no link on a role's home
page or menu leads to a refusal (403) or nowhere (404)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from sitthi.core.models import User

pytestmark = pytest.mark.django_db

#: role -> the demo account that plays it.
LOGINS = {
    "hospital": "hosp_public",
    "nhso": "nhso",
    "fund": "fund_uc",
    "ems": "ems",
    "secretary": "secretary",
    "admin": "admin",
}


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """The demo data, built once for the module inside an outer transaction that is rolled
    back at its end (as Django's TestCase.setUpTestData does): each test runs in its own
    savepoint, so what one test changes is undone before the next sees the data."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("demo_data", persons=0, seed=16, stdout=out)
            for area in ("claims", "ucep", "isolation", "assistance"):
                call_command(area, "demo", stdout=out)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_once, db):
    pass


def _login(client, role):
    client.force_login(User.objects.get(username=LOGINS[role]))
    return client


def _rows(html: str, table: str) -> int:
    """The data rows of the table ``data-testid=table`` (the "nothing here" row not counted)."""
    found = re.search(rf'data-testid="{table}".*?<tbody>(.*?)</tbody>', html, re.S)
    if found is None:
        return 0
    rows = re.findall(r"<tr\b[^>]*>(.*?)</tr>", found.group(1), re.S)
    return sum(1 for r in rows if not r.lstrip().startswith("<td colspan"))


def _queue(html: str) -> list[tuple[str, int, str]]:
    block = html.split('data-testid="waiting"', 1)[1].split("</ul>", 1)[0]
    return [
        (href.replace("&amp;", "&"), int(count), table)
        for href, table, count in re.findall(
            r'<a href="([^"]+)" data-table="([^"]+)"><strong class="count"[^>]*>(\d+)</strong>',
            block,
        )
    ]


def _busy_day():
    """Something in each queue the demo leaves empty: a returned claim, deadlines due this
    week and overdue, a case in the NHSO queue, an offer to the hospital closing within the
    hour."""
    from sitthi.claims.models import Claim, ClaimState
    from sitthi.isolation.models import Case, Offer, Unit

    today = timezone.localdate()
    hospital = User.objects.get(username=LOGINS["hospital"]).hospital_id
    accepted = Claim.objects.filter(hospital_id=hospital, state=ClaimState.ACCEPTED)
    Claim.objects.filter(pk=accepted.first().pk).update(state=ClaimState.RETURNED)
    complete = list(Claim.objects.filter(state=ClaimState.DOCUMENTS_COMPLETE).order_by("pk"))
    assert len(complete) >= 2
    Claim.objects.filter(pk=complete[0].pk).update(notice_due=today - timedelta(days=2))
    Claim.objects.filter(pk=complete[1].pk).update(notice_due=today + timedelta(days=3))
    cases = list(Case.objects.order_by("pk"))
    Case.objects.filter(pk=cases[0].pk).update(status=Case.Status.NHSO_QUEUE)
    unit = Unit.objects.filter(hospital_id=hospital).first()
    if unit is not None:
        Offer.objects.filter(case=cases[-1]).update(
            unit=unit, outcome=Offer.Outcome.PENDING, deadline=timezone.now() + timedelta(hours=1)
        )


def test_every_count_on_the_home_page_is_the_rows_of_the_list_it_links_to(client, demo):
    _busy_day()
    shown = {}
    for role in ("hospital", "nhso", "fund", "ems", "secretary"):
        shown[role] = _counts_are_rows(client, role)
    assert all(n > 0 for _, n, _ in shown["nhso"]), shown["nhso"]
    assert [n for _, n, _ in shown["hospital"]][0] > 0  # the returned claim


def _counts_are_rows(client, role):
    c = _login(client, role)
    home = c.get("/")
    assert home.status_code == 200
    queue = _queue(home.content.decode())
    assert queue, f"{role}: nothing on the work queue"
    assert len(queue) == len(home.context["waiting"])
    for url, count, table in queue:
        r = c.get(url.split("#")[0], follow=True)
        assert r.status_code == 200, url
        assert _rows(r.content.decode(), table) == count, (role, url)
    assert sum(n for _, n, _ in queue) > 0, f"{role}: the demo leaves nothing waiting"
    return queue


def test_the_hospitals_new_statement_lines_count_from_its_last_visit(client, demo):
    from sitthi.claims.models import Claim, ClaimState

    c = _login(client, "hospital")
    user = User.objects.get(username=LOGINS["hospital"])
    paid = Claim.objects.filter(hospital_id=user.hospital_id, state=ClaimState.PAID)
    paid.update(paid_at=timezone.now() - timedelta(days=1))

    def new_lines():
        waiting = {w.table: w for w in c.get("/").context["waiting"]}
        return waiting["stm"]

    first = new_lines()
    assert first.count == paid.count() > 0
    r = c.get(first.url, follow=True)
    assert _rows(r.content.decode(), "stm") == first.count
    after = new_lines()  # the visit is remembered: nothing is new until tomorrow's lines
    assert after.count == 0 and after.url is None


def test_a_fund_counts_only_its_own_notices(client, demo):
    from sitthi.claims.models import Notice

    c = _login(client, "fund")
    own = User.objects.get(username=LOGINS["fund"]).fund_id
    open_own = Notice.objects.filter(fund_id=own, paid_on__isnull=True).count()
    first = c.get("/").context["waiting"][0]
    assert first.count == open_own
    Notice.objects.filter(fund_id=own).update(fund_id="SSS")
    assert c.get("/").context["waiting"][0].count == 0


def test_an_unknown_queue_filter_is_refused_with_its_code(client, demo):
    c = _login(client, "nhso")
    r = c.get("/claims/deadlines/?due=someday")
    assert r.status_code == 400 and b"REQUEST_INVALID" in r.content
    r = c.get("/assistance/?older=abc")
    assert r.status_code == 400 and b"REQUEST_INVALID" in r.content
    c = _login(client, "fund")
    r = c.get("/notices/?status=yes")
    assert r.status_code == 400 and b"LIST_FILTER_INVALID" in r.content
    c = _login(client, "hospital")
    r = c.get("/isolation/?closing=999")
    assert r.status_code == 400 and b"REQUEST_INVALID" in r.content


SKIP = re.compile(r"^(/static/|/i18n/|/accounts/logout/|/api/)")


def test_no_link_on_a_roles_home_page_or_menu_is_refused_or_missing(client, demo):
    for role in ("public", *LOGINS):
        client.logout()
        _links_open(client, role)


def _links_open(client, role):
    c = client if role == "public" else _login(client, role)
    html = c.get("/").content.decode()
    links = {h.replace("&amp;", "&").split("#")[0] for h in re.findall(r'href="(/[^"]*)"', html)}
    links = sorted(h for h in links if not SKIP.match(h))
    assert len(links) > 3
    bad, seen = [], set(links)
    for h in links:
        r = c.get(h)
        if r.status_code in (403, 404):
            bad.append((h, r.status_code))
        elif r.status_code == 200 and "html" in r.get("Content-Type", ""):
            # one level further: the links of the pages the menu opens (lists, not items)
            for sub in re.findall(r'href="(/[^"#?]*)', r.content.decode()):
                if sub not in seen and not SKIP.match(sub) and not re.search(r"/\d", sub):
                    seen.add(sub)
                    if (s := c.get(sub).status_code) in (403, 404):
                        bad.append((f"{h} -> {sub}", s))
    assert bad == [], f"{role}: links it cannot open"


def test_an_unknown_address_answers_the_thai_404_page_with_a_link_home(client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    html = r.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in html and "Page not found." in html and 'href="/"' in html


def test_a_refused_request_answers_the_thai_403_page(rf):
    from sitthi.web.views import forbidden

    r = forbidden(rf.get("/x/"))
    html = r.content.decode()
    assert r.status_code == 403 and "คุณไม่มีสิทธิ์เปิดหน้านี้" in html and "You may not" in html


def test_the_favicon_is_linked_and_answered(client):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"].endswith("favicon.svg")


def test_a_hospital_counts_only_its_own_claims(client, demo):
    from sitthi.claims.models import Claim, ClaimState

    c = _login(client, "hospital")
    own = User.objects.get(username=LOGINS["hospital"]).hospital_id
    rejected = Claim.objects.filter(hospital_id=own, state=ClaimState.REJECTED)
    n = rejected.count()
    assert n > 0
    assert {w.title: w.count for w in c.get("/").context["waiting"]}[
        "รายการเรียกเก็บที่ถูกปฏิเสธ รอแก้ไข"
    ] == n
    other = User.objects.get(username="hosp_private").hospital_id
    rejected.update(hospital_id=other)
    counts = {w.table: w.count for w in c.get("/").context["waiting"] if "ปฏิเสธ" in w.title}
    assert counts == {"claims": 0}


def test_the_filtered_lists_say_they_are_filtered(client, demo):
    c = _login(client, "hospital")
    assert b'data-testid="filter"' in c.get("/isolation/?closing=2").content
    assert b'data-testid="filter"' not in c.get("/isolation/").content
    c = _login(client, "secretary")
    assert b'data-testid="filter"' in c.get("/assistance/?older=7").content
    c = _login(client, "fund")
    assert b'data-testid="filter"' in c.get("/notices/?status=sent").content
    assert b'data-testid="filter"' not in c.get("/notices/").content
