"""UCEP's lists as people search them (issue 16: "Every list … is paginated, searchable and
filterable … and exports what it shows"): the episodes and the EMS centre's inbox
(``sitthi.ucep.lists``)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from sitthi.ucep.models import Episode, Stay, TransferAssignment
from tests.claims.conftest import bkk
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db


@pytest.fixture
def episodes(ucep_world, users, person):
    """26 episodes of 90001 admitted one a day from 1 Mar 2024 (every 3rd a COVID-19 patient;
    the 3rd someone else; the 10th discharged), 2 of 90002 (the second moved on to 90001).
    Days 1-5 notified and new, 6-7 under review, 8 closed; the queue gave day 1's patient to
    13001 (group 1), day 2's to 13002 (group 2)."""
    made = []

    def make(hcode, day, **kw):
        e = Episode.objects.create(
            citizen_id=kw.pop("cid", person.citizen_id),
            person=person,
            fund_id="UCS",
            first_hospital_id=hcode,
            admitted_at=bkk(2024, 3, day, 9),
            created_at=bkk(2024, 3, day, 9),
            created_by=users["other_hospital"],
            emergency_critical=True,
            eligible=True,
            **kw,
        )
        Stay.objects.create(episode=e, stay_no=1, hospital_id=hcode, received_at=e.admitted_at)
        return e

    for day in range(1, 27):
        kw = {"covid": day % 3 == 0}
        if day == 3:
            kw["cid"] = make_cid()
        if day <= 8:
            kw["notified_at"] = bkk(2024, 3, day, 10)
            kw["ems_state"] = "new" if day <= 5 else "under_review" if day <= 7 else "closed"
        if day == 10:
            kw["state"] = "discharged"
        made.append(make("90001", day, **kw))
    made.append(make("90002", 27))
    moved = make("90002", 28)
    Stay.objects.filter(episode=moved).update(left_at=bkk(2024, 3, 28, 12))
    Stay.objects.create(
        episode=moved, stay_no=2, hospital_id="90001", received_at=bkk(2024, 3, 28, 12)
    )
    made.append(moved)
    for e, hcode in ((made[0], "13001"), (made[1], "13002")):
        TransferAssignment.objects.create(
            episode=e, hospital_id=hcode, assigned_at=bkk(2024, 3, 2, 9)
        )
    return made


def shown(response) -> list[int]:
    html = response.content.decode()
    table = re.search(
        r'data-testid="(?:episodes|inbox|ucep-notifications)".*?<tbody>(.*?)</tbody>', html, re.S
    )
    return [
        int(n) for n in re.findall(r'(?:data-episode="|data-testid="row-)(\d+)"', table.group(1))
    ]


def pks(rows) -> set[int]:
    return {e.pk for e in rows}


def test_the_episode_list_pages_and_filters_by_state_ems_state_and_covid(client, users, episodes):
    client.force_login(users["nhso"])
    first = client.get("/ucep/")
    assert first.status_code == 200 and len(shown(first)) == 25
    assert len(shown(client.get("/ucep/", {"page": 2}))) == 3
    assert shown(client.get("/ucep/", {"state": "discharged"})) == [episodes[9].pk]
    assert set(shown(client.get("/ucep/", {"ems_state": "under_review"}))) == pks(episodes[5:7])
    covid = set(shown(client.get("/ucep/", {"covid": "yes"})))
    assert covid == {e.pk for e in episodes if e.covid} and len(covid) == 8
    assert len(shown(client.get("/ucep/", {"covid": "no", "per": 50}))) == 20
    assert shown(client.get("/ucep/", {"group": "2"})) == [episodes[1].pk]
    assert shown(client.get("/ucep/", {"group": "1"})) == [episodes[0].pk]


def test_search_by_episode_number_or_hospital_code_or_name(client, users, episodes):
    client.force_login(users["nhso"])
    e = episodes[4]
    assert shown(client.get("/ucep/", {"q": f"E{e.pk}"})) == [e.pk]
    at_90002 = pks(episodes[26:])
    assert set(shown(client.get("/ucep/", {"q": "90002"}))) == at_90002
    assert set(shown(client.get("/ucep/", {"q": "เอกชนสอง"}))) == at_90002
    assert set(shown(client.get("/ucep/", {"hospital": "90002"}))) == at_90002
    # the moved patient was treated at 90001 too
    assert len(shown(client.get("/ucep/", {"hospital": "90001", "per": 50}))) == 27


def test_admission_days_typed_in_the_buddhist_era(client, users, episodes):
    client.force_login(users["nhso"])
    be = client.get("/ucep/", {"admitted_from": "05/03/2567", "admitted_to": "07/03/2567"})
    ce = client.get("/ucep/", {"admitted_from": "2024-03-05", "admitted_to": "2024-03-07"})
    assert set(shown(be)) == pks(episodes[4:7]) == set(shown(ce))


def test_bad_filters_are_coded_and_list_nothing(client, users, episodes):
    client.force_login(users["nhso"])
    r = client.get("/ucep/", {"state": "lost", "admitted_to": "32/01/2567", "group": "4"})
    body = r.content.decode()
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in body and "DATE_INVALID" in body
    assert shown(r) == []
    r = client.get("/ucep/", {"admitted_from": "10/03/2567", "admitted_to": "01/03/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode()
    r = client.get("/ucep/", {"covid": "maybe", "format": "xlsx"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_the_export_holds_every_filtered_episode_with_citizen_ids_masked(
    client, users, person, episodes
):
    client.force_login(users["nhso"])
    r = client.get("/ucep/", {"covid": "no", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 20 and {row[5] for row in rows[1:]} == {"no"}
    assert person.citizen_id not in r.content.decode()
    r = client.get("/ucep/", {"group": "1", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert values[0][0].startswith("ผู้ป่วยฉุกเฉินวิกฤต (UCEP) / UCEP episodes")
    assert values[2][0] == f"E{episodes[0].pk}" and values[2][-1] == 1


def test_a_person_is_searched_by_post_never_in_the_address(client, users, episodes):
    client.force_login(users["ems"])
    other = episodes[2].citizen_id
    r = client.get("/ucep/", {"q": other})
    assert r.status_code == 400 and "CID_IN_ADDRESS" in r.content.decode()
    r = client.post("/ucep/", {"citizen_id": other})
    assert r.status_code == 303 and other not in r["Location"]
    found = client.get(r["Location"])
    assert shown(found) == [episodes[2].pk] and other not in found.content.decode()
    r = client.post("/ucep/ems/", {"citizen_id": other, "state": "new"})
    assert r.status_code == 303 and "state=new" in r["Location"]
    assert shown(client.get(r["Location"])) == [episodes[2].pk]


def test_a_hospital_never_sees_another_hospitals_episodes_whatever_it_filters(
    client, ucep_world, episodes
):
    client.force_login(ucep_world["90002"])
    own = pks(episodes[26:])
    assert set(shown(client.get("/ucep/"))) == own
    r = client.get("/ucep/", {"hospital": "90001"})
    assert set(shown(r)) == own and 'name="hospital"' not in r.content.decode()
    assert shown(client.get("/ucep/", {"q": f"E{episodes[0].pk}"})) == []
    # 90001 treated the moved patient after 90002: the search narrows, never widens
    assert shown(client.get("/ucep/", {"q": "90001"})) == [episodes[27].pk]
    export = client.get("/ucep/", {"q": "เอกชน", "format": "csv"}).content.decode("utf-8-sig")
    assert {row[0] for row in list(csv.reader(io.StringIO(export)))[1:]} == {
        f"E{e.pk}" for e in episodes[26:]
    }


def test_the_ems_inbox_keeps_its_tabs_and_filters(client, users, episodes):
    client.force_login(users["ems"])
    open_ = client.get("/ucep/ems/")
    assert open_.status_code == 200 and set(shown(open_)) == pks(episodes[:7])
    html = open_.content.decode()
    assert 'data-testid="ems-tabs"' in html and 'data-refresh="60"' in html
    assert set(shown(client.get("/ucep/ems/", {"state": "new"}))) == pks(episodes[:5])
    assert shown(client.get("/ucep/ems/", {"state": "closed"})) == [episodes[7].pk]
    covid_new = client.get("/ucep/ems/", {"state": "new", "covid": "yes"})
    assert shown(covid_new) == [episodes[2].pk]
    assert shown(client.get("/ucep/ems/", {"group": "2"})) == [episodes[1].pk]
    days = client.get("/ucep/ems/", {"admitted_from": "02/03/2567", "admitted_to": "03/03/2567"})
    assert set(shown(days)) == pks(episodes[1:3])
    assert shown(client.get("/ucep/ems/", {"hospital": "90002"})) == []
    r = client.get("/ucep/ems/", {"state": "bogus"})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    assert shown(r) == []
    r = client.get("/ucep/ems/", {"state": "new", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 5 and {row[1] for row in rows[1:]} == {"new"}
    assert rows[0][-1] == "transfer_back_to" and {row[-1] for row in rows[1:]} == {"10670"}


def test_a_funds_notifications_are_its_own_members_filtered_and_exported(client, users, episodes):
    from sitthi.core.models import User

    client.force_login(User.objects.create_user("ucs_officer", role="fund", fund_id="UCS"))
    notified = pks(episodes[:8])
    r = client.get("/ucep/notices/")
    assert r.status_code == 200 and set(shown(r)) == notified
    assert 'name="fund"' not in r.content.decode()
    Episode.objects.filter(pk=episodes[0].pk).update(fund_acknowledged_at=bkk(2024, 3, 1, 11))
    assert set(shown(client.get("/ucep/notices/", {"unread": "1"}))) == notified - {episodes[0].pk}
    assert shown(client.get("/ucep/notices/", {"covid": "yes", "admitted_to": "05/03/2567"})) == [
        episodes[2].pk
    ]
    r = client.get("/ucep/notices/", {"unread": "yes"})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()
    r = client.get("/ucep/notices/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 8 and rows[0][-1] == "acknowledged_at (Asia/Bangkok)"
    r = client.get("/api/v1/ucep/fund/notifications", {"covid": "yes", "unread": "true"})
    assert {e["id"] for e in r.json()["results"]} == {episodes[2].pk, episodes[5].pk}
    # Another fund sees none of them, whatever it asks for.
    client.force_login(users["fund"])
    assert shown(client.get("/ucep/notices/", {"fund": "UCS"})) == []
    assert client.get("/api/v1/ucep/fund/notifications", {"fund": "UCS"}).json()["results"] == []


def test_the_api_reads_the_same_filters(client, users, ucep_world, episodes):
    client.force_login(users["nhso"])
    r = client.get(
        "/api/v1/ucep/episodes", {"admitted_from": "05/03/2567", "admitted_to": "2024-03-07"}
    )
    assert r.status_code == 200 and r.json()["count"] == 3
    assert {e["id"] for e in r.json()["results"]} == pks(episodes[4:7])
    r = client.get("/api/v1/ucep/episodes", {"limit": 5, "offset": 25})
    assert r.json()["count"] == 28 and len(r.json()["results"]) == 3
    r = client.get("/api/v1/ucep/episodes", {"covid": "perhaps"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    r = client.get("/api/v1/ucep/ems/inbox", {"state": "new", "covid": "yes"})
    assert [e["id"] for e in r.json()["results"]] == [episodes[2].pk]
    client.force_login(ucep_world["90002"])
    r = client.get("/api/v1/ucep/episodes", {"hospital": "90001"})
    assert {e["id"] for e in r.json()["results"]} == pks(episodes[26:])


@pytest.mark.browser
def test_in_chromium_the_ems_centre_filters_its_inbox_and_the_tabs_keep_working(
    transactional_db, live_server, page, users, episodes
):
    from tests.conftest import browser_login, shot

    base = live_server.url
    browser_login(page, base, "ems_officer", "pw-ems_officer")
    page.goto(f"{base}/ucep/ems/?state=new")
    inbox = page.get_by_test_id("inbox")
    inbox.wait_for()
    assert inbox.locator("tbody tr").count() == 5
    page.get_by_test_id("filter-covid").select_option("yes")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**covid=yes*")
    assert "state=new" in page.url
    assert page.get_by_test_id(f"row-{episodes[2].pk}").get_attribute("data-state") == "new"
    assert page.get_by_test_id("inbox").locator("tbody tr").count() == 1
    shot(page, "ucep-ems-filtered")
    page.goto(f"{base}/ucep/?admitted_from=01/03/2567&admitted_to=10/03/2567")
    assert page.get_by_test_id("episodes").locator("tbody tr").count() == 10
    shot(page, "ucep-episodes")
