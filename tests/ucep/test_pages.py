"""UCEP pages: the hospital's episode, the EMS inbox, the fund's notices, the public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sitthi.core.thaidate import BANGKOK
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
