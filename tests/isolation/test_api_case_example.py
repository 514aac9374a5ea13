"""Worked example (for the API docs): a unit's system reads a case it holds."""

from __future__ import annotations

import pytest

from tests.isolation.conftest import units  # noqa: F401  (the fixture world)
from tests.isolation.test_lists import world  # noqa: F401

pytestmark = pytest.mark.django_db

REQUEST = "GET /api/v1/isolation/cases?status=taken"
ANSWER = {
    "count": 1,
    "items": [
        {
            "status": "taken",
            "district": "บางนา",
            "setting": "HI",
            "test_date": "2024-03-01",
            "holder": "90001",
            "patient": {
                "district": "บางนา",
                "name": "นายสมชาย ใจดี",
                "phone": "0812345678",
                "address": None,
            },
        }
    ],
}


def test_example_isolation_cases(client, units, world):  # noqa: F811
    client.force_login(units["officers"]["90001"])
    answer = client.get(REQUEST.split(" ", 1)[1]).json()
    item = answer["items"][0]
    for volatile in ("id", "colour", "offers"):
        item.pop(volatile)
    assert item["patient"].pop("age_years") >= 43  # born 17 May 1980: grows with today
    assert answer == ANSWER
