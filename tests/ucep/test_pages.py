"""UCEP pages: the hospital's episode, the EMS inbox, the fund's notices, the public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.ucep.models import Episode

pytestmark = pytest.mark.django_db


def local(dt):
    return dt.astimezone(BANGKOK).strftime("%Y-%m-%dT%H:%M")


def test_a_hospital_runs_an_episode_on_its_pages(client, ucep_world, person, users):
    client.force_login(ucep_world["90001"])
    admitted = timezone.now() - timedelta(hours=10)
    r = client.post("/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": local(admitted)})
    assert r.status_code == 302
    e = Episode.objects.get()
    r = client.post(f"/ucep/{e.pk}/triage/", {"cardiac_arrest": "yes", "temperature_c": "37"})
    assert r.status_code == 302
    html = client.get(f"/ucep/{e.pk}/").content.decode()
    assert 'data-testid="eligible"' in html and "หัวใจหยุดเต้น" in html
    r = client.post(
        f"/ucep/{e.pk}/charges/",
        {
            "item_code_1": "LAB-1",
            "quantity_1": "1",
            "served_at_1": local(admitted + timedelta(hours=1)),
            "charged_1": "500",
        },
    )
    assert r.status_code == 302
    html = client.get(f"/ucep/{e.pk}/").content.decode()
    assert "payer-ucep" in html
    # a discharge before admission is refused on the page, with its code
    r = client.post(f"/ucep/{e.pk}/discharge/", {"at": local(admitted - timedelta(hours=1))})
    assert r.status_code == 400 and "EPISODE_TIME_ORDER" in r.content.decode()
    # another hospital cannot open it
    client.force_login(ucep_world["90002"])
    assert client.get(f"/ucep/{e.pk}/").status_code == 404
    client.force_login(users["ems"])
    assert client.get("/ucep/ems/").status_code == 200


def test_public_page_answers_in_plain_thai(client):
    r = client.post(
        "/ucep/am-i-covered/", {"fund": "UC", "hospital": "private_outside", "critical": "yes"}
    )
    assert "UCEP คุ้มครองท่าน" in r.content.decode()
    r = client.post("/ucep/am-i-covered/", {"fund": "UC", "hospital": "state", "critical": "yes"})
    html = r.content.decode()
    assert 'data-testid="covered"' in html and "โรงพยาบาลของรัฐ" in html


def test_fund_sees_only_its_ucep_notices(client, users):
    client.force_login(users["fund"])
    assert client.get("/ucep/notices/").status_code == 200
    client.force_login(users["hospital"])
    assert client.get("/ucep/notices/").status_code == 403


def _episode(client, world, person, hours_ago, **triage):
    client.force_login(world["90001"])
    admitted = timezone.now() - timedelta(hours=hours_ago)
    client.post("/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": local(admitted)})
    e = Episode.objects.order_by("-pk").first()
    client.post(f"/ucep/{e.pk}/triage/", triage or {"shock": "yes"})
    return e, admitted


def test_the_ems_inbox_shows_states_contacts_and_late_episodes_and_acts(
    client, ucep_world, person, users
):
    """Issue 13: the inbox has states and actions, episodes past 72 hours highlighted, the
    hospital's contact, and it refreshes by itself."""
    from sitthi.registry.models import Hospital

    Hospital.objects.filter(hcode="90001").update(phone="02-123-4567")
    late, _ = _episode(client, ucep_world, person, 80)
    client.post(f"/ucep/{late.pk}/notify/", {"contact": "ER nurse Malee"})
    fresh, _ = _episode(client, ucep_world, person, 2)
    client.post(f"/ucep/{fresh.pk}/notify/")
    # the hospital cannot take the centre's steps
    r = client.post(f"/ucep/{fresh.pk}/ems-confirm/")
    assert r.status_code == 403 and Episode.objects.get(pk=fresh.pk).ems_state == "new"

    client.force_login(users["ems"])
    html = client.get("/ucep/ems/").content.decode()
    assert 'data-refresh="60"' in html and "autorefresh.js" in html
    assert "02-123-4567" in html and "ER nurse Malee" in html
    late_row = html.split(f'data-testid="row-{late.pk}"')[0].rsplit("<tr", 1)[1]
    fresh_row = html.split(f'data-testid="row-{fresh.pk}"')[0].rsplit("<tr", 1)[1]
    assert 'class="late"' in late_row and 'class="late"' not in fresh_row
    assert f'data-testid="ems-overrule-{fresh.pk}"' in html
    r = client.post(f"/ucep/{fresh.pk}/ems-overrule/", {"reason": "", "back": "inbox"})
    assert r.status_code == 400 and "VALUE_REQUIRED" in r.content.decode()
    r = client.post(
        f"/ucep/{fresh.pk}/ems-overrule/", {"reason": "vital signs normal", "back": "inbox"}
    )
    assert r.status_code == 302 and r.url == "/ucep/ems/"
    fresh.refresh_from_db()
    assert (fresh.ems_state, fresh.eligible) == ("overruled", False)
    html = client.get("/ucep/ems/?state=overruled").content.decode()
    assert f"row-{fresh.pk}" in html and f"row-{late.pk}" not in html
    html = client.get(f"/ucep/{fresh.pk}/").content.decode()
    assert 'data-testid="ems-finding"' in html and "vital signs normal" in html


def test_the_fund_page_lists_its_own_members_notifications(client, ucep_world, person, users):
    from sitthi.core.models import User

    e, _ = _episode(client, ucep_world, person, 5)
    client.post(f"/ucep/{e.pk}/notify/")
    ucs = User.objects.create_user("ucs_page", password="x", role="fund", fund_id="UCS")
    client.force_login(users["fund"])  # SSS: not this member's fund
    html = client.get("/ucep/notices/").content.decode()
    assert f"E{e.pk}" not in html
    r = client.post(f"/ucep/{e.pk}/acknowledge/")
    assert r.status_code == 404
    client.force_login(ucs)
    html = client.get("/ucep/notices/").content.decode()
    assert f'data-testid="ack-{e.pk}"' in html
    assert client.post(f"/ucep/{e.pk}/acknowledge/").status_code == 302
    assert Episode.objects.get(pk=e.pk).fund_acknowledged_by == ucs


def test_the_episode_page_shows_billing_and_the_stay_choice(client, ucep_world, person, tariff):
    e, admitted = _episode(client, ucep_world, person, 5, cough="yes")
    html = client.get(f"/ucep/{e.pk}/").content.decode()
    assert 'data-testid="stay-form"' in html and 'data-testid="registry-age"' in html
    assert 'name="is_child"' not in html  # adult or child comes from the registry
    client.post(f"/ucep/{e.pk}/stay/", {"at": local(admitted + timedelta(hours=1))})
    client.post(
        f"/ucep/{e.pk}/charges/",
        {
            "item_code_1": "LAB-1",
            "quantity_1": "1",
            "served_at_1": local(admitted + timedelta(hours=2)),
            "charged_1": "500",
        },
    )
    html = client.get(f"/ucep/{e.pk}/").content.decode()
    assert "payer-patient" in html and 'data-testid="chose-to-stay"' in html
    assert 'data-testid="stay-form"' not in html and "ไม่ใช่กรณี UCEP" in html

    critical, admitted = _episode(client, ucep_world, person, 5)
    for h in (1, 2):
        client.post(
            f"/ucep/{critical.pk}/charges/",
            {
                "item_code_1": "LAB-1",
                "quantity_1": "1",
                "served_at_1": local(admitted + timedelta(hours=h)),
                "charged_1": "100",
            },
        )
        r = client.post(f"/ucep/{critical.pk}/claim/", {"diagnoses": "I46.9"})
        assert r.status_code == 302
    html = client.get(f"/ucep/{critical.pk}/").content.decode()
    assert f"UCEP-{critical.pk}-90001-1" in html and f"UCEP-{critical.pk}-90001-2" in html
