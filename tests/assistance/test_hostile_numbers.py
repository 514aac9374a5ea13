"""Hostile numbers in initial assistance (issue 15, security review): the committee's amount
and the report's fiscal year answer a coded 400, store nothing, never a 500."""

from __future__ import annotations

import pytest

from sitthi.assistance.models import Review
from tests.hostile import HOSTILE_TEXT

from .test_pages import _register, clerk  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", HOSTILE_TEXT)
def test_the_committee_amount(client, clerk, value):  # noqa: F811
    req = _register(clerk)
    client.force_login(clerk)
    url = f"/assistance/{req.number}/"
    assert client.post(url, {"action": "schedule", "meeting_on": "2024-04-10"}).status_code == 302
    r = client.post(
        url,
        {"action": "approve", "decided_on": "2024-04-10", "category": "injury", "amount": value},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "NUMBER_INVALID" in page or "NUMBER_OUT_OF_RANGE" in page
    assert not Review.objects.filter(amount__isnull=False).exists()
    req.refresh_from_db()
    assert req.stage == "scheduled"


@pytest.mark.parametrize("value", [*HOSTILE_TEXT, "9" * 4000])
def test_the_report_year(client, clerk, value):  # noqa: F811
    client.force_login(clerk)
    r = client.get("/assistance/report/", {"fy": value})
    assert r.status_code == 400 and "NUMBER_" in r.content.decode()
