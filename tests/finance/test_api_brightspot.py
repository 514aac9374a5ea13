"""GET /api/v1/finance/brightspot/runs[/{run_id}]: read as the award pages (issue 17)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from sitthi.core.actor import Actor
from sitthi.finance import award
from sitthi.finance.demo import _figures

from .test_brightspot_app import NOW, region7  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(users, region7):  # noqa: F811
    nhso = Actor.of(users["nhso"])
    rng = random.Random(7)
    for code in ("40001", "44001"):
        n = award.nominate(nhso, code, now=NOW)
        award.save_submission(nhso, n.pk, _figures(rng), now=NOW)
    return award.run_award(nhso, now=NOW)


def test_nhso_reads_the_results_others_are_refused(client, users, run):
    client.force_login(users["nhso"])
    listed = client.get("/api/v1/finance/brightspot/runs", {"fiscal_year": run.fiscal_year})
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["items"]] == [run.pk]
    assert listed.json()["count"] == 1
    empty = client.get("/api/v1/finance/brightspot/runs", {"fiscal_year": 1}).json()
    assert empty == {"count": 0, "items": []}
    one = client.get(f"/api/v1/finance/brightspot/runs/{run.pk}").json()
    m2 = {g["code"]: g for g in one["groups"]}["M2"]
    assert sum(Decimal(r["prize"]) for r in m2["rows"]) == Decimal("1600000.00")
    assert all(
        r["prize"].count(".") == 1 and len(r["prize"].split(".")[1]) == 2 for r in m2["rows"]
    )
    missing = client.get(f"/api/v1/finance/brightspot/runs/{run.pk + 99}")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "NOT_FOUND"
    bad = client.get("/api/v1/finance/brightspot/runs", {"region": "x"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "REQUEST_INVALID"
    for who in ("hospital", "fund"):
        client.force_login(users[who])
        r = client.get(f"/api/v1/finance/brightspot/runs/{run.pk}")
        assert r.status_code == 403 and r.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"


def test_the_runs_are_paged_as_the_claims_list(client, users, run):
    """limit / offset and the {count, items} envelope, as GET /api/v1/claims; newest first."""
    nhso = Actor.of(users["nhso"])
    later = [award.run_award(nhso, now=NOW + timedelta(hours=h)) for h in (1, 2)]
    newest_first = [later[1].pk, later[0].pk, run.pk]
    client.force_login(users["nhso"])
    url = "/api/v1/finance/brightspot/runs"
    whole = client.get(url).json()
    assert whole["count"] == 3 and [r["id"] for r in whole["items"]] == newest_first
    first = client.get(url, {"limit": 2}).json()
    assert first["count"] == 3 and [r["id"] for r in first["items"]] == newest_first[:2]
    rest = client.get(url, {"limit": 2, "offset": 2}).json()
    assert rest["count"] == 3 and [r["id"] for r in rest["items"]] == newest_first[2:]
    past = client.get(url, {"offset": 10}).json()
    assert past == {"count": 3, "items": []}
    region = client.get(url, {"region": run.region, "limit": 1}).json()
    assert region["count"] == 3 and len(region["items"]) == 1
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"fiscal_year": 10**30}):
        r = client.get(url, bad)
        assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUEST_INVALID", bad
