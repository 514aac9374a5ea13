"""UCEP fixtures: private hospitals in and out of networks, and a helper to run an episode."""

from __future__ import annotations

from datetime import date

import pytest

from sitthi.core.models import User
from tests.claims.conftest import bkk, tariff  # noqa: F401  (the fee schedule fixture)


@pytest.fixture
def ucep_world(hospitals, users):
    """90001 private Bangkok, no contract (from conftest); 90002 another private, no
    contract; 90003 private with an SSS contract; officers for each; 13001 is a state
    hospital (group 1). A Bangkok MOPH hospital for the queue: 13002 (group 2)."""
    from sitthi.registry.models import Contract, Hospital

    Hospital.objects.create(
        hcode="90002", name_th="โรงพยาบาลเอกชนสอง", ownership="private", province_id="10"
    )
    h3 = Hospital.objects.create(
        hcode="90003", name_th="โรงพยาบาลเอกชนประกันสังคม", ownership="private", province_id="10"
    )
    Contract.objects.create(hospital=h3, fund_id="SSS", valid_from=date(2015, 1, 1))
    Hospital.objects.create(
        hcode="13002",
        name_th="โรงพยาบาลรัฐเฉพาะทาง",
        ownership="public",
        moph=True,
        province_id="10",
        level="S",
        transfer_back_group=2,
    )
    made = {}
    for code in ("90002", "90003"):
        made[code] = User.objects.create_user(
            f"off_{code}", password="x", role="hospital", hospital_id=code
        )
    made["90001"] = users["other_hospital"]
    made["10670"] = users["hospital"]
    return made


CARDIAC_ARREST = {"cardiac_arrest": True}
