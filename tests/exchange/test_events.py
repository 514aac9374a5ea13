"""The change feed (issue 17): each decision recorded as an event in its change's transaction,
for the office it concerns, read in order through an opaque cursor."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import transaction

from sitthi.claims import services as claims
from sitthi.core.actor import Actor
from sitthi.exchange import services
from sitthi.exchange.models import Event
from sitthi.rules.kernel.thaitime import BANGKOK

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db


def kinds(events):
    return [(e["kind"], e["subject"]["key"], e["payload"].get("state")) for e in events]


def test_a_claims_life_is_followed_by_its_hospital_and_its_fund(
    client, post_claim, users, person, tariff, feed, uc_officer
):
    r = post_claim(users["hospital"], payload(person, key="A"))
    assert r.status_code == 201
    cid = r.json()["claim"]["id"]
    bad = payload(person, key="B")
    bad["lines"][0]["item_code"] = "NOPE"
    assert post_claim(users["hospital"], bad).json()["claim"]["state"] == "rejected"
    nhso = Actor.of(users["nhso"])
    now = bkk(2024, 3, 5, 10, 0)
    claims.return_for_correction(nhso, cid, "ขาดเอกสาร", now=now)
    fixed = payload(person, key="A")
    fixed["lines"][0]["charged"] = "240.00"
    for name in ("claim_key", "hospital"):
        del fixed[name]
    client.force_login(users["hospital"])
    r = client.post(f"/api/v1/claims/{cid}/resend", fixed, content_type="application/json")
    assert r.status_code == 201, r.content
    claims.mark_documents_complete(nhso, cid, now=now)
    notice = claims.create_notice(nhso, "UCS", [cid], now=now)
    claims.record_payment(
        Actor.of(uc_officer), notice.pk, notice.total, now.date(), "TX-1", now=now
    )

    seen, _ = feed(users["hospital"], limit=2)
    assert kinds(seen) == [
        ("claim.decided", "A", "accepted"),
        ("claim.decided", "B", "rejected"),
        ("claim.returned", "A", "returned"),
        ("claim.decided", "A", "accepted"),  # the resend's decision, revision 2
        ("claim.documents_complete", "A", "documents_complete"),
        ("claim.paid", "A", "paid"),
    ]
    assert seen[0]["payload"]["payable_total"] == "280.50"
    assert seen[3]["payload"]["revision"] == 2
    assert seen[2]["payload"]["reason"] == "ขาดเอกสาร"
    assert seen[2]["occurred_at"] == now.isoformat()
    fund, _ = feed(uc_officer)
    assert [e["kind"] for e in fund] == ["notice.sent", "notice.paid"]
    assert fund[0]["subject"]["key"] == notice.number and fund[1]["payload"]["paid_amount"]
    nhso_seen, _ = feed(users["nhso"])
    assert [e["kind"] for e in nhso_seen] == ["notice.sent", "notice.paid"]
    # Another office's events never appear.
    assert feed(users["other_hospital"])[0] == []
    assert feed(users["fund"])[0] == []  # SSS
    assert feed(users["ems"])[0] == []


def test_an_event_exists_only_if_its_change_committed(post_claim, users, person, tariff):
    cid = post_claim(users["hospital"], payload(person)).json()["claim"]["id"]
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        claims.mark_documents_complete(Actor.of(users["nhso"]), cid, now=bkk(2024, 3, 5))
        assert Event.objects.count() == before + 1
        raise RuntimeError("the change fails after its event was recorded")
    assert Event.objects.count() == before
    # A refused change records nothing either.
    with pytest.raises(claims.SitthiError):
        claims.return_for_correction(Actor.of(users["nhso"]), cid, " ", now=bkk(2024, 3, 5))
    assert Event.objects.count() == before


def test_the_cursor_resumes_and_a_bad_one_is_refused(client, post_claim, users, person, tariff):
    for key in ("A", "B", "C"):
        post_claim(users["hospital"], payload(person, key=key))
    client.force_login(users["hospital"])
    first = client.get("/api/v1/events", {"limit": 2}).json()
    assert [e["subject"]["key"] for e in first["events"]] == ["A", "B"]
    assert first["next"] == first["events"][-1]["id"]
    rest = client.get("/api/v1/events", {"after": first["next"]}).json()
    assert [e["subject"]["key"] for e in rest["events"]] == ["C"]
    empty = client.get("/api/v1/events", {"after": rest["next"]}).json()
    assert empty == {"events": [], "next": rest["next"]}
    for bad in ("!!!", "bm9wZQ", services.encode_cursor(1).upper(), "czotMQ"):
        r = client.get("/api/v1/events", {"after": bad})
        assert r.status_code == 400, bad
        (error,) = r.json()["errors"]
        assert error["code"] == "EVENTS_CURSOR_INVALID" and error["field"] == "after"
        assert error["message_th"] and error["message_en"]


@pytest.mark.parametrize("who,status", [("admin", 403), (None, 401)])
def test_roles_without_an_office_have_no_feed(client, users, who, status):
    if who:
        client.force_login(users[who])
    assert client.get("/api/v1/events").status_code == status


def test_isolation_offers_and_their_closing_are_events_for_the_unit(users, person, feed):
    from sitthi.isolation.models import Unit
    from tests.isolation.test_dispatch import MORNING, add

    Unit.objects.create(hospital_id="90001", district="บางนา", daily_capacity=2)
    case = add(users, person)
    (offer,) = case.offers.all()
    unit = users["other_hospital"]  # an officer of 90001
    seen, cursor = feed(unit)
    assert [(e["kind"], e["subject"]["id"]) for e in seen] == [("isolation.offer_made", offer.pk)]
    # Offers close at 12:00; the "closing" event comes an hour before, once.
    assert services.emit_due(MORNING + timedelta(minutes=89))["offer_closing"] == 0
    assert services.emit_due(MORNING + timedelta(minutes=91))["offer_closing"] == 1
    assert services.emit_due(MORNING + timedelta(minutes=100))["offer_closing"] == 0
    later, _ = feed(unit, after=cursor)
    assert [e["kind"] for e in later] == ["isolation.offer_closing"]
    assert later[0]["payload"]["deadline"] == "2024-03-01T12:00:00+07:00"
    assert feed(users["hospital"])[0] == []


def test_a_ucep_window_ending_is_told_once_to_the_hospital_and_the_ems_centre(users, person, feed):
    from sitthi.ucep import services as ucep

    admitted = datetime(2024, 3, 1, 8, 0, tzinfo=BANGKOK)
    hospital = Actor.of(users["other_hospital"])  # 90001, private
    episode = ucep.open_episode(
        hospital, person.citizen_id, admitted, covid=False, now=admitted + timedelta(minutes=5)
    )
    ucep.record_triage(
        hospital, episode.pk, {"cardiac_arrest": True}, now=admitted + timedelta(minutes=10)
    )
    _, end = ucep.window_of(episode)
    assert end == admitted + timedelta(hours=72)
    assert services.emit_due(end - timedelta(hours=7))["ucep_window_ending"] == 0
    assert services.emit_due(end - timedelta(hours=5))["ucep_window_ending"] == 2
    assert services.emit_due(end - timedelta(hours=1))["ucep_window_ending"] == 0
    for user in (users["other_hospital"], users["ems"]):
        (event,) = feed(user)[0]
        assert event["kind"] == "ucep.window_ending"
        assert event["payload"]["window_end"] == end.isoformat()
    assert feed(users["hospital"])[0] == []


def test_the_worker_schedules_the_feed_every_minute(db):
    from django_q.models import Schedule

    from sitthi.jobs import rounds

    rounds.ensure_schedules()
    assert services.SCHEDULE in rounds.SCHEDULES
    schedule = Schedule.objects.get(name=services.SCHEDULE)
    assert schedule.func == "sitthi.exchange.services.run_due" and schedule.minutes == 1
