"""Properties of the stored money trail (issue 3, "Prove it"): whatever the charges and
quantities, a claim's payable total is the sum of its lines, no line pays more than its
tariff allows or than was charged, and the statement's total equals its lines, to the satang."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.claims import frames as fr
from sitthi.claims import services
from sitthi.claims.models import ClaimLine
from sitthi.core.actor import Actor

from .conftest import bkk

pytestmark = pytest.mark.django_db
_keys = itertools.count(1)

line = st.tuples(
    st.sampled_from(["LAB-1", "FLAT-1"]),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("50"), places=3),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(claims=st.lists(st.lists(line, min_size=1, max_size=5), min_size=1, max_size=4))
def test_totals_equal_their_lines_and_never_exceed_the_tariff(users, person, tariff, claims):
    hospital, nhso = Actor.of(users["hospital"]), Actor.of(users["nhso"])
    inputs = []
    for lines in claims:
        n = next(_keys)  # a visit of its own: never a duplicate of an earlier, paid one
        when = bkk(2024, 3, 1, 8) + timedelta(minutes=n)
        inputs.append(
            fr.ClaimIn(
                f"P-{n}",
                "10670",
                person.citizen_id,
                "OP",
                when,
                None,
                [fr.DiagnosisIn("E11.9")],
                [fr.LineIn(code, qty, when, charged) for code, qty, charged in lines],
            )
        )
    outcomes = services.submit(
        hospital, fr.frames_from_inputs(inputs), via="api", now=bkk(2024, 3, 2, 9)
    )
    stored = [o.claim for o in outcomes]
    assert all(c.state == "accepted" for c in stored)
    for c in stored:
        lines = list(c.lines.all())
        assert c.payable_total == sum(ln.payable for ln in lines)
        assert c.charged_total == sum(ln.charged for ln in lines)
        for ln in lines:
            assert ln.payable <= ln.tariff_amount
            if ln.rule == "lower_of_charge_and_tariff":
                assert ln.payable <= ln.charged
            assert ln.payable == ln.payable.quantize(Decimal("0.01"))
    for c in stored:
        services.mark_documents_complete(nhso, c.pk, now=bkk(2024, 3, 3, 9))
    notice = services.create_notice(nhso, "UCS", [c.pk for c in stored], now=bkk(2024, 3, 4, 9))
    assert notice.total == sum(c.payable_total for c in stored)
    from sitthi.core.models import User

    uc, _ = User.objects.get_or_create(
        username="uc_prop", defaults={"role": "fund", "fund_id": "UCS"}
    )
    services.record_payment(
        Actor.of(uc), notice.pk, notice.total, date(2024, 3, 5), "P", now=bkk(2024, 3, 5, 9)
    )
    stm = services.statement(hospital, "10670", date(2024, 3, 5), date(2024, 3, 5))
    paid_lines = ClaimLine.objects.filter(claim__in=stm.claims)
    assert stm.total_paid == sum(ln.payable for ln in paid_lines)
    assert stm.total_charged == sum(ln.charged for ln in paid_lines)
