from __future__ import annotations

import pytest

from sitthi.core.models import User


@pytest.fixture
def units(hospitals, users):
    """Two Bangkok units: 90001 in บางนา (2 cases a day) and 13001 in พระนคร (1 a day), with
    two officers at 90001 and one at 13001."""
    from sitthi.isolation.models import Unit

    a = Unit.objects.create(hospital=hospitals["private"], district="บางนา", daily_capacity=2)
    b = Unit.objects.create(hospital=hospitals["bma"], district="พระนคร", daily_capacity=1)
    officers = {
        "90001": users["other_hospital"],
        "90001b": User.objects.create_user(
            "pv2", password="x", role="hospital", hospital_id="90001"
        ),
        "13001": User.objects.create_user(
            "bma_off", password="x", role="hospital", hospital_id="13001"
        ),
    }
    return {"a": a, "b": b, "officers": officers}


GREEN = {"cough": True, "temperature_c": "37.8", "spo2_room_air": "97", "age_years": 30}
YELLOW = {"cough": True, "spo2_room_air": "92", "age_years": 30}
