"""Fifty at once on PostgreSQL, through the whole request stack (middleware, API, services),
each request in its own thread with its own database connection: a notice is paid once, and a
claim sent fifty times at once is stored once. (The same races on the embedded SQLite file are
in test_sqlite_races, against a live server.)"""

from __future__ import annotations

import os
import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from sitthi.claims import services
from sitthi.claims.models import Claim, ClaimEvent, Notice
from sitthi.core.actor import Actor
from sitthi.core.models import ApiToken, User

from ..claims.conftest import bkk, payload

N = 50

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="fifty connections at once need PostgreSQL; `make test` runs this on PostgreSQL "
        "(the embedded SQLite file has its own live-server races, test_sqlite_races)",
    ),
]


def officers(role: str, n: int, **office) -> list[str]:
    """``n`` officers of one office, each with its own API token (its own system)."""
    made = [
        User.objects.create_user(f"{role}-{i}", password="x", role=role, **office) for i in range(n)
    ]
    return [ApiToken.issue(user, "race", scopes=("read", "submit", "pay"))[1] for user in made]


def at_once(tokens: list[str], path: str, bodies) -> list[tuple[int, dict]]:
    """Every token posts its body to ``path`` at the same moment; (status, JSON) of each."""
    barrier = threading.Barrier(len(tokens))
    answers: list = [None] * len(tokens)

    def post(i: int, token: str) -> None:
        client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
        try:
            barrier.wait()
            r = client.post(path, bodies(i), content_type="application/json")
            answers[i] = (
                r.status_code,
                r.json() if r.get("Content-Type", "").startswith("application/json") else {},
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def tally(answers) -> dict:
    out: dict = {}
    for status, body in answers:
        what = body["errors"][0]["code"] if "errors" in body else body.get("status", "")
        out[(status, what)] = out.get((status, what), 0) + 1
    return out


def submit_one(user, body):
    """The claim stored the way a first submission stores it (through the API)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    r = client.post("/api/v1/claims", body, content_type="application/json")
    assert r.status_code == 201, r.content
    return r.json()["claim"]["id"]


def test_fifty_payments_of_one_notice_pay_it_once(users, person, tariff):
    nhso = Actor.of(users["nhso"])
    claim_id = submit_one(users["hospital"], payload(person))
    services.mark_documents_complete(nhso, claim_id, now=bkk(2024, 3, 2, 9))
    notice = services.create_notice(nhso, "UCS", [claim_id], now=bkk(2024, 3, 3, 9))
    body = {"amount": f"{notice.total:.2f}", "paid_on": "2024-03-10", "reference": "KTB-1"}
    tokens = officers("fund", N, fund_id="UCS")

    answers = at_once(
        tokens, f"/api/v1/notices/{notice.pk}/payment", lambda i: {**body, "reference": f"KTB-{i}"}
    )

    assert tally(answers) == {(200, ""): 1, (409, "NOTICE_ALREADY_PAID"): N - 1}
    (winner,) = [b for s, b in answers if s == 200]
    notice.refresh_from_db()
    assert (
        notice.paid_on == date(2024, 3, 10)
        and notice.payment_reference == winner["payment_reference"]
    )
    assert Claim.objects.get(pk=claim_id).state == "paid"
    assert ClaimEvent.objects.filter(claim_id=claim_id, to_state="paid").count() == 1
    assert Notice.objects.filter(paid_on__isnull=False).count() == 1


def test_fifty_identical_submissions_store_one_claim(users, person, tariff):
    """Fifty systems (or one retrying) send one claim at once: one stores it (201 created); each
    other is answered as a second sending is (200 unchanged, the same claim). Before the unique
    key clash was handled, the losers answered 500 (IntegrityError)."""
    tokens = officers("hospital", N, hospital_id="10670")
    answers = at_once(tokens, "/api/v1/claims", lambda i: payload(person, key="SAME-1"))

    assert tally(answers) == {(201, "created"): 1, (200, "unchanged"): N - 1}
    assert {b["claim"]["id"] for s, b in answers} == {Claim.objects.get(claim_key="SAME-1").pk}
    claim = Claim.objects.get(claim_key="SAME-1")
    assert claim.revision == 1 and claim.lines.count() == 2
    assert ClaimEvent.objects.filter(claim=claim).count() == 2  # submitted, accepted


def test_fifty_different_claims_under_one_key_store_the_first(users, person, tariff):
    tokens = officers("hospital", N, hospital_id="10670")

    def differing(i):
        body = payload(person, key="SAME-2")
        body["lines"][0]["charged"] = f"{300 + i}.00"
        return body

    answers = at_once(tokens, "/api/v1/claims", differing)

    assert tally(answers) == {(201, "created"): 1, (409, "CLAIM_KEY_CONFLICT"): N - 1}
    assert Claim.objects.filter(claim_key="SAME-2").count() == 1


def test_fifty_resubmissions_of_a_rejected_claim_make_one_revision(users, person, tariff):
    """The claim read before the transaction is locked and checked inside it: fifty corrections
    of one rejected claim at once make revision 2 once (without the check, every one of them
    rewrote the claim: revision 51)."""
    bad = payload(person, key="SAME-3", diagnoses=[{"code": "X99.99", "dx_type": "1"}])
    claim_id = submit_one(users["hospital"], bad)
    tokens = officers("hospital", N, hospital_id="10670")

    answers = at_once(tokens, "/api/v1/claims", lambda i: payload(person, key="SAME-3"))

    assert tally(answers) == {(201, "resubmitted"): 1, (200, "unchanged"): N - 1}
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.revision, claim.state) == (2, "accepted")
    assert ClaimEvent.objects.filter(claim=claim, note="resubmitted").count() == 1
    assert claim.lines.count() == 2


def test_fifty_officers_taking_one_isolation_case(users, hospitals):
    """Fifty officers of one unit press "take" on one offered case at once: one takes it, the
    others are told the offer is closed (OFFER_CLOSED), and the case has one holder."""
    from datetime import timedelta

    from django.utils import timezone

    from sitthi.isolation.models import Case, Offer, Unit

    now = timezone.now()
    unit = Unit.objects.create(hospital=hospitals["private"], district="บางนา", daily_capacity=9)
    case = Case.objects.create(
        citizen_id="1" * 13,
        district="บางนา",
        province_id="10",
        test_date=now.date(),
        setting="HI",
        colour="green",
        status=Case.Status.OFFERED,
        created_at=now,
        created_by=users["nhso"],
    )
    Offer.objects.create(case=case, unit=unit, offered_at=now, deadline=now + timedelta(days=1))
    tokens = officers("hospital", N, hospital_id="90001")

    answers = at_once(tokens, f"/api/v1/isolation/cases/{case.pk}/take", lambda i: None)

    assert tally(answers) == {(200, "taken"): 1, (409, "OFFER_CLOSED"): N - 1}
    case.refresh_from_db()
    assert (case.status, case.holder_id) == ("taken", "90001")
    assert Offer.objects.filter(case=case, outcome="taken").count() == 1


# -- Idempotency-Key (sitthi.core.idempotency) -------------------------------------------------


def same_key_at_once(token: str, path: str, body: dict, n: int = N) -> list[tuple]:
    """One system sends one request ``n`` times at once under one Idempotency-Key (a retry
    loop gone wild); (status, replayed, JSON) of each."""
    barrier = threading.Barrier(n)
    answers: list = [None] * n

    def send(i: int) -> None:
        client = Client(
            raise_request_exception=False,
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY="race-key-1",
        )
        try:
            barrier.wait()
            r = client.post(path, body, content_type="application/json")
            answers[i] = (
                r.status_code,
                r.get("Idempotent-Replayed") == "true",
                r.json() if r.get("Content-Type", "").startswith("application/json") else {},
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def idempotent_tally(answers) -> dict:
    out: dict = {}
    for status, replayed, body in answers:
        what = body["errors"][0]["code"] if "errors" in body else body.get("status", "")
        key = (status, "replayed" if replayed else "ran", what)
        out[key] = out.get(key, 0) + 1
    return out


def test_fifty_sendings_under_one_key_run_the_claim_once(users, person, tariff):
    """Without the key the losers would be answered 200 ``unchanged`` (they ran); with it
    exactly one runs, each other is told to wait or gets the first answer back."""
    (token,) = officers("hospital", 1, hospital_id="10670")
    answers = same_key_at_once(token, "/api/v1/claims", payload(person, key="IDEM-1"))

    seen = idempotent_tally(answers)
    assert seen.pop((201, "ran", "created")) == 1, seen
    assert set(seen) <= {(201, "replayed", "created"), (409, "ran", "IDEMPOTENCY_IN_PROGRESS")}
    assert sum(seen.values()) == N - 1
    (first,) = [b for s, replayed, b in answers if s == 201 and not replayed]
    assert all(b == first for s, _, b in answers if s == 201)
    claim = Claim.objects.get(claim_key="IDEM-1")
    assert ClaimEvent.objects.filter(claim=claim).count() == 2  # submitted, accepted: once
    from sitthi.core.models import IdempotencyRecord

    assert IdempotencyRecord.objects.get().state == "done"


def test_fifty_sendings_under_one_key_make_one_webhook(users, settings):
    """A webhook is made anew by each POST: under one key, fifty at once make one."""
    from sitthi.exchange.models import Webhook

    settings.WEBHOOK_ALLOW_LOOPBACK = True
    (token,) = officers("hospital", 1, hospital_id="10670")
    answers = same_key_at_once(token, "/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook"})

    assert all(s in (201, 409) for s, _, _ in answers), idempotent_tally(answers)
    assert [s for s, replayed, _ in answers if not replayed].count(201) == 1
    assert Webhook.objects.count() == 1
    assert {b["id"] for s, _, b in answers if s == 201} == {Webhook.objects.get().pk}
