"""Change-feed fixtures: the claims fee schedule and the claim poster of tests/claims."""

from __future__ import annotations

import pytest

from tests.claims.conftest import bkk, payload, post_claim, tariff  # noqa: F401


@pytest.fixture
def uc_officer(users):
    from sitthi.core.models import User

    return User.objects.create_user("uc_officer", password="x", role="fund", fund_id="UCS")


@pytest.fixture
def feed(client):
    """The caller's events through the API, every page followed (``limit`` a page)."""

    def read(user, after=None, limit=100):
        client.force_login(user)
        seen, cursor = [], after
        while True:
            query = {"limit": limit} | ({"after": cursor} if cursor else {})
            r = client.get("/api/v1/events", query)
            assert r.status_code == 200, r.content
            body = r.json()
            seen += body["events"]
            if not body["events"]:
                return seen, body["next"]
            cursor = body["next"]

    return read
