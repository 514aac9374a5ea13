"""The rights-check history as officers search it (issue 16); the machinery is
``sitthi.web.listing``, the list ``sitthi.registry.lists.RIGHTS_CHECKS``."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from sitthi.core.logmask import mask_citizen_id
from sitthi.core.models import User
from sitthi.registry.models import Person, RightsCheck
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(users, person, hospitals):
    """30 checks by the Khon Kaen officer (one a day from 1 Mar 2024, 9:00 Bangkok; every
    third by API), 2 by a second Khon Kaen officer, 3 by the private hospital's officer (about
    someone else), 1 by NHSO."""
    other = Person.objects.create(
        citizen_id=make_cid(),
        first_name="สมหญิง",
        last_name="ดีใจ",
        birth_date=date(1990, 1, 1),
        province_id="10",
    )
    second = User.objects.create_user(
        "kk_second", password="x", role="hospital", hospital=hospitals["khonkaen"]
    )

    def check(user, who, day, via="page", asked=None):
        return RightsCheck.objects.create(
            checked_at=datetime(2024, 3, 1, 9, tzinfo=BANGKOK) + timedelta(days=day),
            user=user,
            via=via,
            hospital_id=user.hospital_id,
            person=who,
            citizen_id=mask_citizen_id(who.citizen_id),
            on=date(2024, 3, 1),
            asked_hospital=asked,
            fund_id="UCS",
            in_network=True if asked else None,
        )

    for day in range(30):
        check(users["hospital"], person, day, "api" if day % 3 == 0 else "page")
    for day in (3, 4):
        check(second, person, day, asked=hospitals["bma"])
    for day in (5, 6, 7):
        check(users["other_hospital"], other, day)
    check(users["nhso"], person, 8, "api")


def ids(response) -> list[int]:
    return [int(x) for x in re.findall(r'href="/rights/checks/(\d+)/"', response.content.decode())]


def listed(client, **query) -> list[RightsCheck]:
    r = client.get("/rights/checks/", {**query, "per": 100})
    assert r.status_code == 200, r.content
    return list(RightsCheck.objects.filter(pk__in=ids(r)))


def test_pages_and_each_filter(client, users, checks):
    client.force_login(users["nhso"])
    first = client.get("/rights/checks/")
    assert len(ids(first)) == 25 and "1–25" in first.content.decode()
    assert len(ids(client.get("/rights/checks/", {"page": 2}))) == 36 - 25
    assert {c.hospital_id for c in listed(client, hospital="90001")} == {"90001"}
    assert len(listed(client, hospital="90001")) == 3
    assert {c.user.username for c in listed(client, user="second")} == {"kk_second"}
    assert len(listed(client, via="api")) == 10 + 1
    assert {c.via for c in listed(client, via="page")} == {"page"}
    # 5 – 7 มี.ค. 2567 = 5 – 7 Mar 2024, whichever era is typed.
    be = listed(client, checked_from="05/03/2567", checked_to="07/03/2567")
    ce = listed(client, checked_from="2024-03-05", checked_to="2024-03-07")
    assert len(be) == 3 + 3 and be == ce
    assert {c.checked_at.astimezone(BANGKOK).day for c in be} == {5, 6, 7}


def test_search_by_hospital_code_name_or_user_name(client, users, checks):
    client.force_login(users["nhso"])
    assert len(listed(client, q="90001")) == 3
    assert len(listed(client, q="เอกชน")) == 3
    assert len(listed(client, q="13001")) == 2  # the hospital asked about
    assert len(listed(client, q="กทม")) == 2
    assert {c.user.username for c in listed(client, q="KK_OFF")} == {"kk_officer"}


def test_bad_filters_are_coded_errors_and_list_nothing(client, users, checks):
    client.force_login(users["admin"])
    r = client.get("/rights/checks/", {"checked_from": "10/03/2567", "checked_to": "01/03/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode() and ids(r) == []
    r = client.get("/rights/checks/", {"via": "fax", "checked_from": "32/01/2567"})
    body = r.content.decode()
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in body and "DATE_INVALID" in body
    r = client.get("/rights/checks/", {"via": "fax", "format": "csv"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_the_export_holds_every_filtered_row(client, users, checks):
    client.force_login(users["nhso"])
    r = client.get("/rights/checks/", {"hospital": "10670", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == 32 and {row[4] for row in rows} == {"10670"}
    r = client.get("/rights/checks/", {"via": "api", "user": "kk_officer", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert values[0][0].startswith("ประวัติการตรวจสอบสิทธิ / Rights checks")
    assert len(values[2:]) == 10 and {v[3] for v in values[2:]} == {"api"}
    page = client.get("/rights/checks/", {"via": "api"}).content.decode()
    assert 'href="?via=api&amp;format=xlsx"' in page


def test_the_person_search_by_post(client, users, person, checks):
    client.force_login(users["nhso"])
    r = client.post("/rights/checks/", {"citizen_id": person.citizen_id, "via": "api"})
    assert r.status_code == 303 and person.citizen_id not in r["Location"]
    found = listed_at(client, r["Location"])
    assert len(found) == 11 and {c.person_id for c in found} == {person.pk}
    r = client.post("/rights/checks/", {"citizen_id": make_cid()})
    assert listed_at(client, r["Location"]) == []
    assert client.get("/rights/checks/", {"q": person.citizen_id}).status_code == 400


def listed_at(client, location: str) -> list[RightsCheck]:
    r = client.get(location + "&per=100")
    assert r.status_code == 200
    return list(RightsCheck.objects.filter(pk__in=ids(r)))


def test_a_hospital_sees_only_its_own_checks_whatever_it_filters(client, users, checks):
    client.force_login(users["hospital"])
    assert {c.hospital_id for c in listed(client)} == {"10670"} and len(listed(client)) == 32
    assert listed(client, q="90001") == [] and listed(client, q="เอกชน") == []
    r = client.get("/rights/checks/", {"hospital": "90001"})
    assert r.status_code == 403 and "HOSPITAL_SCOPE" in r.content.decode()
    assert 'name="hospital"' not in client.get("/rights/checks/").content.decode()


def test_the_api_reads_the_same_filters(client, users, checks):
    client.force_login(users["nhso"])
    got = client.get("/api/v1/rights-checks", {"via": "api", "checked_from": "05/03/2567"}).json()
    assert got["count"] == 8 + 1  # days 6, 9, …, 27 by API, and NHSO's on day 8
    assert client.get("/api/v1/rights-checks", {"q": "เอกชน"}).json()["count"] == 3
    r = client.get("/api/v1/rights-checks", {"via": "fax"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    client.force_login(users["hospital"])
    assert client.get("/api/v1/rights-checks", {"q": "90001"}).json()["count"] == 0
