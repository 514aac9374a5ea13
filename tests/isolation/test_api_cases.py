"""GET /api/v1/isolation/cases/{case_id}, /isolation/cases and /isolation/queue: scoped as
the cases page and the board (issue 17)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from sitthi.core.actor import Actor
from sitthi.isolation import services
from sitthi.isolation.models import Case
from sitthi.rules.kernel.thaitime import BANGKOK

from .test_lists import world  # noqa: F401  (30 cases: 90001 holds the first)

pytestmark = pytest.mark.django_db


def test_a_unit_reads_the_cases_it_holds_and_is_offered_not_others(
    client,
    units,
    world,  # noqa: F811
):
    client.force_login(units["officers"]["90001"])
    held = client.get("/api/v1/isolation/cases", {"status": "taken"}).json()
    assert [c["id"] for c in held["items"]] == [world[0].pk]
    assert held["items"][0]["patient"]["name"]  # the holder may reach its patient
    every = client.get("/api/v1/isolation/cases", {"limit": 5}).json()
    assert every["count"] == len(services.cases_for(Actor.of(units["officers"]["90001"])))
    assert len(every["items"]) == 5
    assert world[1].pk not in {c["id"] for c in every["items"]}
    one = client.get(f"/api/v1/isolation/cases/{world[0].pk}")
    assert one.status_code == 200 and one.json()["holder"] == "90001"
    other = client.get(f"/api/v1/isolation/cases/{world[-1].pk}")  # only offered to 13001
    assert other.status_code == 404 and other.json()["errors"][0]["code"] == "NOT_FOUND"
    bad = client.get("/api/v1/isolation/cases", {"status": "nope"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    queue = client.get("/api/v1/isolation/queue")
    assert queue.status_code == 403 and queue.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"


def test_nhso_lists_every_case_and_its_queue(client, users, units, world):  # noqa: F811
    Case.objects.filter(pk=world[2].pk).update(status=Case.Status.NHSO_QUEUE)
    client.force_login(users["nhso"])
    assert client.get("/api/v1/isolation/cases").json()["count"] == 30
    by_unit = client.get("/api/v1/isolation/cases", {"unit": "90001", "status": "taken"}).json()
    assert by_unit["count"] == 1
    queue = client.get("/api/v1/isolation/queue").json()
    assert [c["id"] for c in queue["items"]] == [world[2].pk] and queue["count"] == 1
    f = client.get("/api/v1/isolation/cases", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(f.content.decode("utf-8-sig"))))
    assert len(rows) == 31 and rows[0][0] == "case"
    client.force_login(users["fund"])
    r = client.get(f"/api/v1/isolation/cases/{world[0].pk}")
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"
    assert datetime(2024, 3, 1, tzinfo=BANGKOK)  # the world's first day
