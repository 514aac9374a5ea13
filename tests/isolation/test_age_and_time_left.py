"""Issue 13 on the HI Portal: adult or child is known from the registry, not typed; the unit
inbox shows the time left in the round (it was blank)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sitthi.core.errors import SitthiError
from sitthi.isolation import services
from sitthi.isolation.models import Case

from .test_dispatch import add

pytestmark = pytest.mark.django_db


def test_an_adult_breathing_26_a_minute_never_reaches_home_isolation(users, person, units):
    """Seed 004 yellow/red item 2: "อัตราการหายใจ ≥ 25 ครั้งต่อนาที ในผู้ใหญ่". Nobody typed
    "adult": the registry birth date (17 May 1980) makes the rate an adult's, so the case is
    yellow and refused for isolation; before, the unknown "adult" let it through as green."""
    with pytest.raises(SitthiError) as info:
        add(users, person, assessment={"cough": True, "respiratory_rate": Decimal("26")})
    assert [i.code for i in info.value.items] == ["CASE_NOT_GREEN"]
    assert not Case.objects.exists()
    case = add(users, person, assessment={"cough": True, "respiratory_rate": Decimal("20")})
    assert case.assessment["age_years"] == 43 and case.assessment["is_child"] is False


def test_the_unit_inbox_shows_the_time_left(client, users, person, units):
    """The "Time left" cell read hours and minutes the view never gave: it was blank."""
    now = timezone.now()
    case = add(users, person, now=now)
    offer = case.offers.get()
    client.force_login(units["officers"]["90001"])
    html = client.get("/isolation/").content.decode()
    row = html.split(f'data-case="{case.pk}"')[1].split("</tr>")[0]
    cell = row.split("<td>")[7].split("</td>")[0]
    left = int((offer.deadline - now).total_seconds() // 60)
    assert cell.split()[0] in (str(left // 60), str((left - 1) // 60)), cell
    assert "ชม." in cell and "นาที" in cell


def test_the_unit_holding_the_case_sees_a_patient_it_can_reach(client, users, person, units):
    """Issue 13: "The unit holding a case sees the patient's name, age, phone and address (and
    only that unit, after taking it; the offered unit sees what it needs to decide, no phone)"."""
    from sitthi.core.actor import Actor

    now = timezone.now()
    case = add(users, person, now=now)
    case.address = "99/1 ซอยสุขุมวิท 105 บางนา"
    case.save(update_fields=["address"])
    officer = units["officers"]["90001"]
    client.force_login(officer)
    offered = client.get(f"/isolation/cases/{case.pk}/").content.decode()
    api_offered = client.get("/api/v1/isolation/offers").json()[0]["patient"]
    assert "081" not in offered and "สมชาย" not in offered and "สุขุมวิท" not in offered
    assert api_offered["phone"] is None and api_offered["name"] is None
    assert api_offered["age_years"] and api_offered["district"] == "บางนา"
    services.take(Actor.of(officer), case.pk, now=now)
    held = client.get(f"/isolation/cases/{case.pk}/").content.decode()
    assert "081" in held and "สมชาย" in held and "สุขุมวิท" in held
    r = client.post(f"/api/v1/isolation/cases/{case.pk}/take")
    assert r.status_code >= 400  # taken once; the answer is coded
    client.force_login(units["officers"]["13001"])
    assert client.get(f"/isolation/cases/{case.pk}/").status_code == 404


# --- NHSO re-opens a queued case ---------------------------------------------------------------


def _queued(users, person, units):
    """A case declined by both units on 1 Mar 2024: in the NHSO queue."""
    from datetime import datetime

    from sitthi.core.actor import Actor
    from sitthi.rules.kernel.thaitime import BANGKOK

    t = datetime(2024, 3, 1, 9, 30, tzinfo=BANGKOK)
    case = add(users, person, now=t)
    services.decline(Actor.of(units["officers"]["90001"]), case.pk, "full", now=t)
    services.decline(Actor.of(units["officers"]["13001"]), case.pk, "far", now=t)
    case.refresh_from_db()
    assert case.status == "nhso_queue"
    return case, t


def test_nhso_reopens_a_queued_case_to_all_units_on_a_later_day(users, person, units):
    """Seed 000: a case not taken "ส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่นเพื่อพิจารณารับดูแล
    ต่อไป" — never lost. Our policy: a decline excludes the unit that day only, so the next day
    the units that declined may be offered the case again."""
    from datetime import timedelta

    from sitthi.core.actor import Actor

    case, t = _queued(users, person, units)
    nhso = Actor.of(users["nhso"])
    same_day = services.reopen(nhso, case.pk, now=t + timedelta(hours=1))
    assert same_day.status == "nhso_queue"  # both declined today: no unit left
    next_day = t + timedelta(days=1)
    services.reopen(nhso, case.pk, now=next_day)
    case.refresh_from_db()
    offer = case.offers.get(outcome="pending")
    assert case.status == "offered" and offer.unit_id == "90001"
    assert offer.offered_at == next_day
    with pytest.raises(SitthiError) as info:
        services.reopen(nhso, case.pk, now=next_day)
    assert [i.code for i in info.value.items] == ["CASE_NOT_QUEUED"]


def test_nhso_reopens_to_one_unit_at_a_set_time_and_units_cannot(client, users, person, units):
    from datetime import timedelta

    from sitthi.core.actor import Actor

    case, t = _queued(users, person, units)
    at = t + timedelta(days=1, hours=1)
    services.reopen(Actor.of(users["nhso"]), case.pk, unit="13001", at=at, now=t)
    case.refresh_from_db()
    assert case.status == "nhso_queue" and case.reopen_at == at
    assert services.close_round(at - timedelta(minutes=1))["reopened"] == 0
    assert services.close_round(at)["reopened"] == 1
    case.refresh_from_db()
    assert case.offers.get(outcome="pending").unit_id == "13001" and case.reopen_at is None
    client.force_login(units["officers"]["90001"])
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/reopen", {}, content_type="application/json"
    )
    assert r.status_code == 403
    client.force_login(users["nhso"])
    r = client.post(
        f"/api/v1/isolation/cases/{case.pk}/reopen", {}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "CASE_NOT_QUEUED"


def test_every_colour_criterion_can_be_entered_on_the_page_and_the_api(
    client, users, person, units
):
    """Issue 13: the new-case page and API "record every criterion the colour rules use
    (exercise desaturation, weight, seizure, child signs, risk factors)". Before, the page
    offered 17 of them: a desaturation or a weight could not be entered, so such a case could
    reach home isolation green."""
    from dataclasses import fields as dc_fields

    from sitthi.rules.ucep.triage import Assessment

    client.force_login(users["nhso"])
    html = client.get("/isolation/cases/new/").content.decode()
    wanted = [f.name for f in dc_fields(Assessment) if f.name != "officer_critical"]
    assert [n for n in wanted if f'name="{n}"' not in html] == []
    base = {
        "citizen_id": person.citizen_id,
        "district": "บางนา",
        "test_date": "2024-02-29",
        "setting": "HI",
        "province": "10",
    }
    # exercise desaturation of 3 points is yellow (seed 004 item 2): refused, nothing stored
    r = client.post(
        "/isolation/cases/new/", {**base, "cough": "yes", "exercise_desaturation_points": "3"}
    )
    assert r.status_code == 409 and "CASE_NOT_GREEN" in r.content.decode()
    assert not Case.objects.exists()
    body = {**base, "assessment": {"cough": True, "weight_kg": 70, "seizure": False}}
    r = client.post("/api/v1/isolation/cases", body, content_type="application/json")
    assert r.status_code == 201, r.content
    stored = Case.objects.get().assessment
    assert stored["weight_kg"] == "70" and stored["seizure"] is False
