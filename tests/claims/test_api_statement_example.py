"""Worked example (for the API docs): a hospital system reads its statement of payment."""

from __future__ import annotations

import pytest

from tests.claims.conftest import tariff  # noqa: F401  (the fixture world)
from tests.claims.test_api_statements import paid  # noqa: F401

pytestmark = pytest.mark.django_db

REQUEST = "GET /api/v1/statements?from=2024-04-01&to=2024-04-30&limit=1"
ANSWER = {
    "hospital": "10670",
    "hospital_name": "โรงพยาบาลทดสอบขอนแก่น",
    "date_from": "2024-04-01",
    "date_to": "2024-04-30",
    "count": 2,
    "total_charged": "661.00",
    "total_paid": "561.00",
    "items": [
        {
            "claim_key": "P-1",
            "service_type": "OP",
            "admitted_at": "2024-03-01T09:00:00+07:00",
            "fund": "UCS",
            "payment_reference": "KTB-7",
            "charged": "330.50",
            "paid": "280.50",
        }
    ],
}


def test_example_statement(client, users, paid):  # noqa: F811
    client.force_login(users["hospital"])
    answer = client.get(REQUEST.split(" ", 1)[1]).json()
    item = answer["items"][0]
    for volatile in ("claim_id", "citizen_id_masked", "notice", "paid_at"):
        assert item.pop(volatile)
    assert answer == ANSWER
