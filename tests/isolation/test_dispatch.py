"""HI Portal dispatch (seed 000_a3b7e1d5dbe51319.txt): each case offered to one unit at a time;
round 1 by 12:00, round 2 by 18:00; a case not taken by its deadline goes to another unit."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.isolation import services
from sitthi.isolation.models import Case, Offer
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.web.pagecheck import assert_csp_clean

from .conftest import GREEN, YELLOW

pytestmark = pytest.mark.django_db
MORNING = datetime(2024, 3, 1, 9, 30, tzinfo=BANGKOK)


def add(users, person, district="บางนา", assessment=GREEN, now=MORNING):
    data = services.CaseIn(
        citizen_id=person.citizen_id,
        contact="081",
        district=district,
        province="10",
        test_date="2024-02-29",
        setting="HI",
        assessment={k: (Decimal(v) if isinstance(v, str) else v) for k, v in assessment.items()},
    )
    return services.add_case(Actor.of(users["nhso"]), data, now=now)


def codes(info):
    return [i.code for i in info.value.items]


def test_a_green_case_goes_to_one_unit_in_its_district_until_noon(users, person, units):
    case = add(users, person)
    (offer,) = case.offers.all()
    assert offer.unit_id == "90001" and offer.outcome == "pending"
    assert offer.deadline == datetime(2024, 3, 1, 12, 0, tzinfo=BANGKOK)
    assert LogEntry.objects.get_for_object(case).get().actor == users["nhso"]
    # Issue 18: the offer names the parameter set it was made under, archived.
    from sitthi.core import archive
    from sitthi.rules.params import default_parameters

    assert offer.params_version == default_parameters().version
    assert archive.parameters(offer.params_version).content_hash == (
        default_parameters().content_hash
    )


def test_a_yellow_case_is_refused_for_isolation_and_nothing_is_stored(users, person, units):
    with pytest.raises(SitthiError) as info:
        add(users, person, assessment=YELLOW)
    assert codes(info) == ["CASE_NOT_GREEN"]
    assert not Case.objects.exists() and not Offer.objects.exists()


def test_take_and_decline(users, person, units):
    officers = units["officers"]
    case = add(users, person)
    with pytest.raises(SitthiError) as info:  # never offered to 13001: not its business
        services.take(Actor.of(officers["13001"]), case.pk, now=MORNING)
    assert codes(info) == ["NOT_FOUND"]
    with pytest.raises(SitthiError) as info:
        services.decline(Actor.of(officers["90001"]), case.pk, " ", now=MORNING)
    assert codes(info) == ["REASON_REQUIRED"]
    services.decline(Actor.of(officers["90001"]), case.pk, "ไม่มีเตียง", now=MORNING)
    case.refresh_from_db()
    assert [o.unit_id for o in case.offers.all()] == ["90001", "13001"]
    services.take(Actor.of(officers["13001"]), case.pk, now=MORNING + timedelta(minutes=5))
    case.refresh_from_db()
    assert case.status == "taken" and case.holder_id == "13001"
    with pytest.raises(SitthiError) as info:
        services.take(Actor.of(officers["13001"]), case.pk, now=MORNING)
    assert codes(info) == ["OFFER_CLOSED"]


def test_the_deadline_hands_the_case_on_and_then_to_the_nhso_queue(users, person, units):
    case = add(users, person)
    assert services.close_round(MORNING + timedelta(hours=2, minutes=29)) == {
        "timed_out": 0,
        "handed_on": 0,
        "nhso_queue": 0,
        "reopened": 0,
    }  # 11:59: still open
    result = services.close_round(datetime(2024, 3, 1, 12, 0, tzinfo=BANGKOK))
    assert result == {"timed_out": 1, "handed_on": 1, "nhso_queue": 0, "reopened": 0}
    case.refresh_from_db()
    second = case.offers.get(outcome="pending")
    assert second.unit_id == "13001"
    assert second.deadline == datetime(2024, 3, 1, 18, 0, tzinfo=BANGKOK)  # offered at 12:00
    with pytest.raises(SitthiError) as info:  # too late for the first unit
        services.take(
            Actor.of(units["officers"]["90001"]),
            case.pk,
            now=datetime(2024, 3, 1, 12, 1, tzinfo=BANGKOK),
        )
    assert codes(info) == ["OFFER_CLOSED"]
    services.close_round(datetime(2024, 3, 1, 18, 0, tzinfo=BANGKOK))
    case.refresh_from_db()
    assert case.status == "nhso_queue" and not case.offers.filter(outcome="pending").exists()
    assert case.offers.count() == 2  # every offer kept: never lost, never two holders
    # every time-out and hand-on has its audit record (system actor: the round closer)
    offers = list(case.offers.all())
    assert all(LogEntry.objects.get_for_object(o).exists() for o in offers)
    assert (
        LogEntry.objects.get_for_object(offers[0]).filter(changes__icontains="timed_out").exists()
    )


def test_capacity_counts_pending_offers(users, person, units):
    """13001 takes one case a day: once it holds an offer, the next case goes elsewhere."""
    first = add(users, person, district="พระนคร")
    second = add(users, person, district="พระนคร")
    assert first.offers.get().unit_id == "13001"
    assert second.offers.get().unit_id == "90001"


def test_nhso_board_and_scoping(client, users, person, units):
    case = add(users, person)
    client.force_login(users["nhso"])
    html = assert_csp_clean(client.get("/isolation/board/"))
    assert 'data-testid="chart"' in html and "90001" in html
    client.force_login(units["officers"]["13001"])
    assert client.get(f"/isolation/cases/{case.pk}/").status_code == 404
    assert client.get("/isolation/board/").status_code == 403
    client.force_login(units["officers"]["90001"])
    assert f"HI{case.pk}" in client.get("/isolation/").content.decode()


def test_a_unit_takes_an_offered_case_on_its_page_and_then_sees_the_contact(
    client, users, person, units
):
    from django.utils import timezone

    case = add(users, person)  # offered on 1 Mar 2024: its round closed long ago
    page = f"/isolation/cases/{case.pk}/"
    client.force_login(units["officers"]["90001"])
    assert b'data-testid="take"' not in client.get(page).content  # closed: nothing to take
    Offer.objects.filter(case=case).update(deadline=timezone.now() + timedelta(hours=1))
    html = client.get(page).content.decode()
    assert 'data-testid="take"' in html and 'data-testid="patient-phone"' not in html
    client.force_login(units["officers"]["13001"])  # never offered to it: not its case
    assert client.get(page).status_code == 404
    assert client.post(f"/isolation/cases/{case.pk}/take/", {"back": "case"}).status_code == 404
    client.force_login(units["officers"]["90001"])
    r = client.post(f"/isolation/cases/{case.pk}/take/", {"back": "case"})
    assert r.status_code == 302 and r["Location"] == page
    html = client.get(page).content.decode()
    assert 'data-testid="patient-phone">081<' in html and 'data-testid="take"' not in html
    r = client.post(f"/isolation/cases/{case.pk}/take/")  # taken: the offer is closed
    assert r.status_code == 409 and b"OFFER_CLOSED" in r.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("os").environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="row locks need PostgreSQL; `make test` runs this on PostgreSQL",
)
def test_two_officers_taking_at_once_end_with_one_winner(users, person, units):
    """Real concurrent requests: two officers of the unit press "take" at the same moment; the
    case row is locked, so one wins and the other gets OFFER_CLOSED."""
    from django.db import connection

    case = add(users, person)
    barrier = threading.Barrier(2)
    results = []

    def press(user):
        try:
            barrier.wait()
            services.take(Actor.of(user), case.pk, now=MORNING + timedelta(minutes=1))
            results.append("won")
        except SitthiError as exc:
            results.append(exc.items[0].code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=press, args=(units["officers"][k],)) for k in ("90001", "90001b")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["OFFER_CLOSED", "won"]
    case.refresh_from_db()
    assert case.status == "taken" and Offer.objects.filter(outcome="taken").count() == 1


def test_the_api_adds_takes_and_refuses(client, users, person, units):
    client.force_login(users["nhso"])
    body = {
        "citizen_id": person.citizen_id,
        "district": "บางนา",
        "test_date": "2024-02-29",
        "setting": "CI",
        "assessment": {"cough": True, "spo2_room_air": 97},
    }
    r = client.post("/api/v1/isolation/cases", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["offers"][0]["unit"] == "90001"
    case_id = r.json()["id"]
    yellow = {**body, "assessment": {"cough": True, "spo2_room_air": 92}}
    r = client.post("/api/v1/isolation/cases", yellow, content_type="application/json")
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "CASE_NOT_GREEN"
    client.force_login(units["officers"]["13001"])
    assert client.post(f"/api/v1/isolation/cases/{case_id}/take").status_code == 404
    client.force_login(units["officers"]["90001"])
    assert [c["id"] for c in client.get("/api/v1/isolation/offers").json()] == [case_id]
    r = client.post(f"/api/v1/isolation/cases/{case_id}/take")
    assert r.status_code == 200 and r.json()["holder"] == "90001"


def test_a_cases_file_is_taken_whole_or_not_at_all(client, users, person, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import make_cid

    other = make_cid()
    good = (
        "citizen_id,contact,district,test_date,setting,cough,spo2_room_air\n"
        f"{person.citizen_id},081,บางนา,2024-02-29,HI,yes,97\n"
        f"{other},082,พระนคร,2024-02-29,ci,no,96\n"
    )
    bad = good.replace(",96\n", ",92\n").replace("2024-02-29,HI", "2024-02-30,HI")
    client.force_login(users["nhso"])
    r = client.post("/isolation/cases/new/", {"file": SimpleUploadedFile("c.csv", bad.encode())})
    html = r.content.decode()
    assert r.status_code == 400 and "DATE_INVALID" in html and "CASE_NOT_GREEN" in html
    assert not Case.objects.exists()
    r = client.post("/isolation/cases/new/", {"file": SimpleUploadedFile("c.csv", good.encode())})
    assert r.status_code == 302 and Case.objects.count() == 2
    typo = good.replace("spo2_room_air", "spo2_roomair")
    r = client.post("/isolation/cases/new/", {"file": SimpleUploadedFile("c.csv", typo.encode())})
    assert r.status_code == 400 and "COLUMN_UNKNOWN" in r.content.decode()
