"""The HI Portal's lists as people search them (issue 16: "Every list … is paginated,
searchable and filterable … and exports what it shows"): NHSO's list of every case, a unit's
cases and its inbox of offers (``sitthi.isolation.lists``)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sitthi.core.actor import Actor
from sitthi.isolation import services
from sitthi.isolation.models import Case, Unit
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.conftest import make_cid

from .conftest import GREEN

pytestmark = pytest.mark.django_db


def _add(users, cid, district, at):
    data = services.CaseIn(
        citizen_id=cid,
        contact="0812345678",
        district=district,
        province="10",
        test_date=at.date().isoformat(),
        setting="CI" if at.day % 5 == 0 else "HI",
        assessment={k: (Decimal(v) if isinstance(v, str) else v) for k, v in GREEN.items()},
    )
    return services.add_case(Actor.of(users["nhso"]), data, now=at)


@pytest.fixture
def world(users, person, units):
    """28 cases of บางนา, one a day from 1 Mar 2024 (09:30, round 1; every 4th day at 14:00,
    round 2; every 5th day CI), all offered to 90001; two of พระนคร offered to 13001. 90001
    takes the first and declines the second (handed on to 13001). The 3rd is someone else's."""
    Unit.objects.update(daily_capacity=100)
    made = []
    for day in range(1, 29):
        at = datetime(2024, 3, day, 14 if day % 4 == 0 else 9, 30, tzinfo=BANGKOK)
        cid = make_cid() if day == 3 else person.citizen_id
        made.append(_add(users, cid, "บางนา", at))
    for day in (1, 2):
        made.append(
            _add(users, person.citizen_id, "พระนคร", datetime(2024, 3, day, 10, 0, tzinfo=BANGKOK))
        )
    officer = Actor.of(units["officers"]["90001"])
    services.take(officer, made[0].pk, now=datetime(2024, 3, 1, 10, 0, tzinfo=BANGKOK))
    services.decline(
        officer, made[1].pk, "ไม่มีเตียง", now=datetime(2024, 3, 2, 10, 0, tzinfo=BANGKOK)
    )
    return made


def shown(response) -> list[int]:
    html = response.content.decode()
    table = re.search(r'data-testid="(?:cases|offers)".*?<tbody>(.*?)</tbody>', html, re.S)
    return [int(n) for n in re.findall(r'data-case="(\d+)"', table.group(1))]


def test_nhso_pages_every_case_and_filters_by_status_unit_and_district(client, users, world):
    client.force_login(users["nhso"])
    first = client.get("/isolation/cases/")
    assert first.status_code == 200 and len(shown(first)) == 25
    assert len(shown(client.get("/isolation/cases/", {"page": 2}))) == 5
    assert len(shown(client.get("/isolation/cases/", {"per": 50}))) == 30
    taken = client.get("/isolation/cases/", {"status": "taken"})
    assert shown(taken) == [world[0].pk]
    # 13001: its two cases of พระนคร and the one 90001 declined
    at_bma = {world[1].pk, world[28].pk, world[29].pk}
    assert set(shown(client.get("/isolation/cases/", {"unit": "13001"}))) == at_bma
    assert set(shown(client.get("/isolation/cases/", {"district": "พระนคร"}))) == {
        world[28].pk,
        world[29].pk,
    }
    assert len(shown(client.get("/isolation/cases/", {"province": "10", "per": 50}))) == 30
    assert shown(client.get("/isolation/cases/", {"province": "40"})) == []
    assert len(shown(client.get("/isolation/cases/", {"setting": "CI"}))) == 5


def test_nhso_searches_a_case_number_or_a_units_code_or_name(client, users, world):
    client.force_login(users["nhso"])
    case = world[6]
    assert shown(client.get("/isolation/cases/", {"q": f"HI{case.pk}"})) == [case.pk]
    assert shown(client.get("/isolation/cases/", {"q": str(case.pk)})) == [case.pk]
    by_name = client.get("/isolation/cases/", {"q": "ทดสอบ กทม."})
    assert set(shown(by_name)) == {world[1].pk, world[28].pk, world[29].pk}
    assert len(shown(client.get("/isolation/cases/", {"q": "90001", "per": 50}))) == 28


def test_registered_days_typed_in_the_buddhist_era_and_the_round(client, users, world):
    client.force_login(users["nhso"])
    be = client.get(
        "/isolation/cases/",
        {"registered_from": "05/03/2567", "registered_to": "07/03/2567", "district": "บางนา"},
    )
    ce = client.get(
        "/isolation/cases/",
        {"registered_from": "2024-03-05", "registered_to": "2024-03-07", "district": "บางนา"},
    )
    assert sorted(shown(be)) == sorted(c.pk for c in world[4:7]) == sorted(shown(ce))
    afternoon = {c.pk for c in world[:28] if c.created_at.astimezone(BANGKOK).hour == 14}
    assert len(afternoon) == 7
    assert set(shown(client.get("/isolation/cases/", {"round": "2", "per": 50}))) == afternoon
    page = client.get("/isolation/cases/", {"round": "1", "per": 50})
    assert len(shown(page)) == 23
    assert "รอบ 1 ภายใน 12:00 น." in page.content.decode()


def test_a_units_round_is_that_of_the_offer_made_to_it(client, users, world, units):
    """The declined case went to 13001 in round 1; had 90001's offer been of round 2, 13001
    still lists it in round 1 only (another unit's offer says nothing to it)."""
    from sitthi.isolation.models import Offer

    declined = world[1]
    Offer.objects.filter(case=declined, unit_id="90001").update(
        deadline=datetime(2024, 3, 2, 18, 0, tzinfo=BANGKOK)
    )
    client.force_login(units["officers"]["13001"])
    assert declined.pk in shown(client.get("/isolation/cases/", {"round": "1"}))
    assert shown(client.get("/isolation/cases/", {"round": "2"})) == []


def test_bad_filters_are_coded_and_list_nothing(client, users, world):
    client.force_login(users["nhso"])
    r = client.get("/isolation/cases/", {"status": "lost", "registered_from": "31/02/2567"})
    body = r.content.decode()
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in body and "DATE_INVALID" in body
    assert shown(r) == []
    r = client.get(
        "/isolation/cases/", {"registered_from": "10/03/2567", "registered_to": "1/3/2567"}
    )
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode()
    r = client.get("/isolation/cases/", {"round": "3", "format": "csv"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_the_export_is_every_filtered_case_with_citizen_ids_masked(client, users, person, world):
    client.force_login(users["nhso"])
    r = client.get("/isolation/cases/", {"district": "บางนา", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 28 and rows[0][0] == "case"
    assert person.citizen_id not in r.content.decode()
    assert all(re.fullmatch(r"\dx{8}\d{4}", row[1]) for row in rows[1:])
    r = client.get("/isolation/cases/", {"status": "taken", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert values[0][0].startswith("ผู้ป่วยแยกกักตัว (HI/CI) / Isolation cases (HI/CI)")
    assert values[1][0] == "เลขที่ผู้ป่วย / Case"
    assert [v[0] for v in values[2:]] == [f"HI{world[0].pk}"]
    assert person.citizen_id not in str(values)


def test_nhso_finds_a_persons_cases_by_post_never_by_address(client, users, person, world):
    client.force_login(users["nhso"])
    other = Case.objects.get(pk=world[2].pk).citizen_id
    r = client.get("/isolation/cases/", {"q": other})
    assert r.status_code == 400 and "CID_IN_ADDRESS" in r.content.decode()
    r = client.post("/isolation/cases/", {"citizen_id": other})
    assert r.status_code == 303 and other not in r["Location"]
    found = client.get(r["Location"])
    assert shown(found) == [world[2].pk] and other not in found.content.decode()
    export = client.get(r["Location"] + "&format=csv")
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == 2


def test_a_unit_lists_only_what_is_offered_to_it_or_held_and_never_what_it_declined(
    client, users, world, units
):
    client.force_login(units["officers"]["90001"])
    r = client.get("/isolation/cases/", {"per": 50})
    mine = set(shown(r))
    assert mine == {c.pk for c in world[:28]} - {world[1].pk}  # the declined one is gone
    html = r.content.decode()
    assert 'data-testid="person-search"' not in html and 'name="unit"' not in html
    # Another unit's code, name or case number never widens the list.
    assert set(shown(client.get("/isolation/cases/", {"unit": "13001", "per": 50}))) == mine
    assert shown(client.get("/isolation/cases/", {"q": f"HI{world[28].pk}"})) == []
    assert shown(client.get("/isolation/cases/", {"q": f"HI{world[1].pk}"})) == []
    assert shown(client.get("/isolation/cases/", {"q": "ทดสอบ กทม."})) == []
    r = client.get("/isolation/cases/", {"status": "nhso_queue"})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    assert shown(client.get("/isolation/cases/", {"status": "taken"})) == [world[0].pk]
    # A citizen ID is not a unit's search: the POST lists as a GET would, no redirect.
    r = client.post(
        "/isolation/cases/", {"citizen_id": Case.objects.get(pk=world[2].pk).citizen_id}
    )
    assert r.status_code == 200 and len(shown(r)) == 25
    export = client.get("/isolation/cases/", {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    assert len(rows) == 1 + 27
    # the masked citizen ID only of the case it holds
    assert [row[0] for row in rows[1:] if row[1]] == [f"HI{world[0].pk}"]


def test_the_unit_inbox_filters_and_pages_its_offers(client, users, world, units):
    client.force_login(units["officers"]["90001"])
    r = client.get("/isolation/")
    assert r.status_code == 200 and len(shown(r)) == 25
    assert 'data-testid="mine-more"' in r.content.decode()
    everything = client.get("/isolation/", {"per": 50})
    assert len(shown(everything)) == 26  # 28, less the one taken and the one declined
    case = world[9]
    assert shown(client.get("/isolation/", {"q": f"HI{case.pk}"})) == [case.pk]
    assert shown(client.get("/isolation/", {"q": f"HI{world[28].pk}"})) == []  # 13001's
    assert len(shown(client.get("/isolation/", {"round": "2", "per": 50}))) == 7
    days = client.get("/isolation/", {"offered_from": "10/03/2567", "offered_to": "12/03/2567"})
    assert sorted(shown(days)) == sorted(c.pk for c in world[9:12])
    assert len(shown(client.get("/isolation/", {"setting": "CI", "per": 50}))) == 5
    r = client.get("/isolation/", {"round": "x"})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    assert shown(r) == []
    r = client.get("/isolation/", {"setting": "CI", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5 and {row[2] for row in rows[1:]} == {"CI"}


def test_the_home_pages_closing_filter_still_works_and_pages_keep_it(client, users, world, units):
    from datetime import timedelta

    from django.utils import timezone

    from sitthi.isolation.models import Offer

    soon = Offer.objects.filter(case__in=world[20:23], outcome="pending")
    soon.update(deadline=timezone.now() + timedelta(hours=1))
    client.force_login(units["officers"]["90001"])
    r = client.get("/isolation/", {"closing": "2"})
    assert sorted(shown(r)) == sorted(c.pk for c in world[20:23])
    assert 'data-testid="filter"' in r.content.decode()
    assert "closing=2&amp;format=csv" in r.content.decode()
    r = client.get("/isolation/", {"closing": "999"})
    assert r.status_code == 400 and b"REQUEST_INVALID" in r.content


def test_the_offers_api_reads_the_same_filters(client, users, world, units):
    client.force_login(units["officers"]["90001"])
    r = client.get(
        "/api/v1/isolation/offers", {"offered_from": "10/03/2567", "offered_to": "2024-03-12"}
    )
    assert r.status_code == 200 and sorted(c["id"] for c in r.json()) == sorted(
        c.pk for c in world[9:12]
    )
    assert len(client.get("/api/v1/isolation/offers", {"round": "2"}).json()) == 7
    r = client.get("/api/v1/isolation/offers", {"round": "9"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    r = client.get("/api/v1/isolation/offers", {"closing": "0"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUEST_INVALID"


def test_the_board_keeps_its_chart_and_numbers_and_links_the_list(client, users, world):
    client.force_login(users["nhso"])
    html = client.get("/isolation/board/").content.decode()
    assert 'data-testid="chart"' in html and 'id="chart-data"' in html
    assert 'data-testid="numbers"' in html and 'href="/isolation/cases/"' in html


@pytest.mark.browser
def test_in_chromium_nhso_finds_a_persons_cases_and_a_unit_filters_its_offers(
    transactional_db, live_server, page, users, person, world, units
):
    from tests.conftest import browser_login, shot

    base = live_server.url
    browser_login(page, base, "nhso_officer", "pw-nhso_officer")
    page.goto(f"{base}/isolation/board/")
    page.get_by_test_id("all-cases").click()
    page.get_by_test_id("cases").wait_for()
    assert page.get_by_test_id("cases").locator("tbody tr").count() == 25
    other = Case.objects.get(pk=world[2].pk).citizen_id
    page.get_by_test_id("person-cid").fill(other)
    page.get_by_role("button", name="ค้นหารายการของบุคคลนี้").click()
    page.get_by_test_id("person-filter").wait_for()
    assert other not in page.url
    assert page.get_by_test_id("cases").locator("tbody tr").count() == 1
    shot(page, "isolation-cases-person")
    page.goto(f"{base}/isolation/cases/?district=บางนา&round=2")
    assert page.get_by_test_id("cases").locator("tbody tr").count() == 7
    shot(page, "isolation-cases")
    page.context.clear_cookies()
    browser_login(page, base, "pv_officer", "pw-pv_officer")
    page.goto(f"{base}/isolation/")
    page.get_by_test_id("filter-q").fill(f"HI{world[9].pk}")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**q=HI*")
    assert page.get_by_test_id("offers").locator("tbody tr").count() == 1
    shot(page, "isolation-inbox-filtered")
