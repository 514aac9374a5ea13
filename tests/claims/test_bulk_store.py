"""A batch of claims is stored set-wise (issue 15: 300 claims in one bulk request took 12 s,
the service path not the rules): one INSERT per table for the whole batch, the lines copied
from the decided frame. What is stored, audited and answered must be what storing each claim
alone stored: each claim its own audit record, each line its values to the satang and the
microsecond, a resubmission its history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitthi.claims.models import Claim, ClaimEvent, ClaimLine
from sitthi.core import audit

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db


def bulk(client, user, claims):
    client.force_login(user)
    return client.post("/api/v1/claims/bulk", {"claims": claims}, content_type="application/json")


def line(code, qty, when, charged):
    return {"item_code": code, "quantity": qty, "served_at": when.isoformat(), "charged": charged}


def test_each_claim_of_a_batch_has_its_audit_record_with_the_actor(client, users, person, tariff):
    r = bulk(client, users["hospital"], [payload(person, key=f"A-{i}") for i in range(5)])
    assert r.status_code == 200
    for claim in Claim.objects.all():
        entry = LogEntry.objects.get_for_object(claim).get()
        assert entry.action == LogEntry.Action.CREATE
        assert entry.actor == users["hospital"]
        assert entry.changes["claim_key"] == ["None", claim.claim_key]
        # the citizen ID masked in the audit record, as auditlog's signal masks it
        assert person.citizen_id not in str(entry.changes)
        assert entry.object_repr == str(claim)


def test_a_bulk_audit_record_is_the_one_the_signal_writes(users, person, hospitals):
    """``audit.log_created`` after ``bulk_create`` writes what auditlog's post_save receiver
    writes after ``save()``: same fields changed, same masked values, same actor."""
    fields = dict(
        hospital=hospitals["khonkaen"],
        content_hash="h" * 64,
        via="bulk",
        citizen_id=person.citizen_id,
        service_type="OP",
        admitted_at=bkk(2024, 3, 1, 9),
        state="accepted",
        charged_total=Decimal("330.50"),
        payable_total=Decimal("280.50"),
        submitted_at=bkk(2024, 3, 2),
    )
    with set_actor(users["hospital"]):
        saved = Claim.objects.create(claim_key="ONE", **fields)
        (batched,) = Claim.objects.bulk_create([Claim(claim_key="TWO", **fields)])
        assert LogEntry.objects.get_for_object(batched).count() == 0  # no signal for bulk
        audit.log_created([batched])
    one = LogEntry.objects.get_for_object(saved).get()
    two = LogEntry.objects.get_for_object(batched).get()
    skip = {"id", "claim_key"}
    assert {k: v for k, v in one.changes.items() if k not in skip} == {
        k: v for k, v in two.changes.items() if k not in skip
    }
    assert person.citizen_id not in str(one.changes) + str(two.changes)
    assert one.changes["citizen_id"] == two.changes["citizen_id"]
    assert (two.actor, two.action, two.content_type) == (one.actor, one.action, one.content_type)
    assert two.object_id == batched.pk and two.object_pk == str(batched.pk)


def test_lines_read_back_exactly_as_sent_and_priced(client, users, person, tariff):
    """Thousandths of a unit, satang, microseconds and whole seconds, negative charges on a
    rejected claim: every value the copy writes reads back as the ORM would have stored it."""
    when = bkk(2024, 3, 1, 9, 0)
    odd = when + timedelta(seconds=7, microseconds=123_456)
    accepted = payload(
        person,
        key="OK",
        lines=[
            line("LAB-1", "0.001", odd, "0.01"),
            line("LAB-1", "2.5", when, "250.00"),
            line("FLAT-1", "1", when, "12345678.91"),
        ],
    )
    strange = 'A,"B\nC\\N ยา'  # CSV's delimiter, quote, newline, COPY's \N, Thai
    rejected = payload(
        person,
        key="BAD",
        lines=[
            line("LAB-1", "1", when, "-5.50"),
            line("NOPE", "3", odd, "1"),
            line(strange, "1", when, "1"),
        ],
    )
    r = bulk(client, users["hospital"], [accepted, rejected])
    assert [x["claim"]["state"] for x in r.json()["results"]] == ["accepted", "rejected"]

    ok = {ln.line_no: ln for ln in Claim.objects.get(claim_key="OK").lines.all()}
    assert [ok[n].quantity for n in (1, 2, 3)] == [
        Decimal("0.001"),
        Decimal("2.500"),
        Decimal("1.000"),
    ]
    assert ok[1].served_at == odd and ok[2].served_at == when
    # 0.001 × 100.00 = 0.10 by the schedule, 0.01 charged: the lower is paid
    assert ok[1].charged == Decimal("0.01") and ok[1].payable == Decimal("0.01")
    assert ok[1].tariff_amount == Decimal("0.10")
    assert ok[2].payable == Decimal("250.00") and ok[2].tariff_amount == Decimal("250.00")
    assert ok[3].charged == Decimal("12345678.91") and ok[3].payable == Decimal("500.00")
    assert (ok[3].rule, ok[3].schedule, ok[3].tariff_source) == ("tariff", "test", "test schedule")
    assert ok[2].unit_price == Decimal("100.00") and str(ok[2].tariff_valid_from) == "2015-01-01"
    assert ok[2].tariff_valid_until is None and ok[2].illustrative is False

    bad = {ln.line_no: ln for ln in Claim.objects.get(claim_key="BAD").lines.all()}
    assert bad[1].charged == Decimal("-5.50") and bad[1].payable is None
    assert (bad[2].schedule, bad[2].rule, bad[2].unit_price, bad[2].payable) == ("", "", None, None)
    assert bad[2].served_at == odd
    assert bad[3].item_code == strange and bad[3].schedule == ""
    # the answer is read back from what was stored
    first = r.json()["results"][0]["claim"]["lines"]
    assert [x["quantity"] for x in first] == ["0.001", "2.500", "1.000"]
    assert [x["payable"] for x in first] == ["0.01", "250.00", "500.00"]


def test_a_batch_is_stored_in_a_number_of_queries_that_does_not_grow_with_it(
    client, users, person, tariff
):
    def queries(n, prefix):
        claims = [payload(person, key=f"{prefix}-{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert bulk(client, users["hospital"], claims).status_code == 200
        return len(ctx.captured_queries)

    queries(1, "WARM")  # the session, content types and fee schedule read once
    assert queries(2, "S") == queries(30, "L")
    assert ClaimLine.objects.count() == 66


def test_a_resubmission_in_a_batch_keeps_its_history_and_gets_new_lines(
    client, users, person, tariff
):
    bad = payload(person, key="R", diagnoses=[])
    first = bulk(client, users["hospital"], [bad]).json()["results"][0]
    assert first["claim"]["state"] == "rejected"
    fixed = payload(person, key="R")
    again = bulk(client, users["hospital"], [fixed, payload(person, key="NEW")]).json()
    assert [x["status"] for x in again["results"]] == ["resubmitted", "created"]
    claim = Claim.objects.get(claim_key="R")
    assert claim.revision == 2 and claim.state == "accepted"
    assert [e.to_state for e in claim.events.all()] == [
        "submitted",
        "rejected",
        "submitted",
        "accepted",
    ]
    assert ClaimEvent.objects.get(claim=claim, note="resubmitted").snapshot["state"] == "rejected"
    assert [ln.payable for ln in claim.lines.all()] == [Decimal("200.00"), Decimal("80.50")]
    assert not claim.problems.exists()
    assert LogEntry.objects.get_for_object(claim).count() == 2  # created, then changed
