"""`make run` loads demo claims and UCEP episodes on top of the demo registry."""

import pytest
from django.core.management import call_command

from sitthi.claims.models import Claim
from sitthi.ucep.models import Episode

pytestmark = pytest.mark.django_db


def test_demo_claims_and_episodes_load_once():
    call_command("demo_data", persons=0, seed=1)
    call_command("claims", "demo")
    call_command("ucep", "demo")
    call_command("ucep", "demo")  # a second run adds nothing
    assert set(Claim.objects.values_list("state", flat=True)) >= {
        "accepted",
        "rejected",
        "documents_complete",
        "notified",
        "paid",
    }
    first, second, third = Episode.objects.order_by("admitted_at")
    assert first.eligible and second.eligible and not third.eligible
    assert set(first.charges.values_list("payer", flat=True)) == {"UCEP", "FUND"}
    assert [first.ems_state, second.ems_state, third.ems_state] == [
        "confirmed",
        "under_review",
        "new",
    ]
    assert list(third.charges.order_by("line_no").values_list("payer", flat=True)) == [
        "FUND_SYSTEM",
        "PATIENT",
    ]
    assert first.first_hospital.phone
    assert Episode.objects.count() == 3
