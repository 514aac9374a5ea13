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
