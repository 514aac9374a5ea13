"""The embedded default under real concurrent requests: `sitthi serve` (waitress, 8 threads) on
an SQLite *file*, as `make run` serves it. Two officers press the same button at the same
moment, 20 times for each kind of race; each race has exactly one winner, the loser gets its
area's coded 409 (or, for the same claim sent twice, the stored claim: sending again is safe),
and nothing answers 500 "database is locked"."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from . import live
from .world import claim_in

RACES = 20


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    var = tmp_path_factory.mktemp("sqlite-races")
    env = live.environment(var)
    fixtures = json.loads(
        live.sitthi(env, str(live.HERE / "world.py"), str(RACES)).splitlines()[-1]
    )
    server = live.Server(env, var / "server.log")
    yield server, fixtures
    server.stop()


def race(server, tokens, method_path_body) -> list[tuple[int, dict]]:
    """Both tokens send their request at the same moment; (status, JSON) of each, in order."""
    barrier = threading.Barrier(len(tokens))
    answers: list = [None] * len(tokens)

    def press(i, token):
        method, path, body = method_path_body(i)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        barrier.wait()
        r = session.request(method, server.url(path), json=body, timeout=60)
        try:
            answers[i] = (r.status_code, r.json())
        except ValueError:
            answers[i] = (r.status_code, {"text": r.text[:500]})

    threads = [threading.Thread(target=press, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def codes(answers) -> list:
    return sorted(
        (status, body["errors"][0]["code"] if "errors" in body else body.get("status", ""))
        for status, body in answers
    )


def test_two_officers_taking_one_isolation_case(world):
    server, fx = world
    seen = [
        codes(
            race(
                server,
                fx["private"],
                lambda i, c=case: ("POST", f"/api/v1/isolation/cases/{c}/take", None),
            )
        )
        for case in fx["cases"]
    ]
    assert seen == [[(200, "taken"), (409, "OFFER_CLOSED")]] * RACES, server.log()[-3000:]


def test_two_officers_billing_one_ucep_episode(world):
    server, fx = world
    seen = []
    for e in fx["episodes"]:
        answers = race(
            server,
            fx["private"],
            lambda i, e=e: ("POST", f"/api/v1/ucep/episodes/{e}/claims", {"diagnoses": ["I46.9"]}),
        )
        seen.append(codes(answers))
    assert seen == [[(201, "created"), (409, "NOTHING_TO_CLAIM")]] * RACES, server.log()[-3000:]


def test_two_fund_officers_paying_one_notice(world):
    server, fx = world
    seen = []
    for notice in fx["notices"]:
        body = {"amount": notice["amount"], "paid_on": fx["paid_on"], "reference": "KTB-RACE"}
        answers = race(
            server,
            fx["funds"],
            lambda i, n=notice["id"], b=body: ("POST", f"/api/v1/notices/{n}/payment", b),
        )
        seen.append(
            sorted(
                (s, b["errors"][0]["code"] if "errors" in b else b["paid_on"]) for s, b in answers
            )
        )
    assert seen == [[(200, fx["paid_on"]), (409, "NOTICE_ALREADY_PAID")]] * RACES, server.log()[
        -3000:
    ]


def test_two_systems_sending_one_claim(world):
    """Two systems of one hospital send the same claim at once: it is stored once; the second
    answer is what sending it again answers (200, ``unchanged``, the same claim)."""
    from datetime import datetime

    from sitthi.rules.kernel.thaitime import BANGKOK

    server, fx = world
    seen, ids = [], []
    for i in range(RACES):
        body = claim_in(f"RACE-SAME-{i}", datetime(2025, 3, 1 + i, 10, tzinfo=BANGKOK))
        answers = race(server, fx["public"], lambda _i, b=body: ("POST", "/api/v1/claims", b))
        seen.append(codes(answers))
        ids.append({b["claim"]["id"] for s, b in answers if "claim" in b})
    assert seen == [[(200, "unchanged"), (201, "created")]] * RACES, server.log()[-3000:]
    assert all(len(one) == 1 for one in ids)


def twice_under_one_key(server, token: str, body: dict, key: str) -> list[tuple]:
    """One system sends one claim twice at the same moment under one Idempotency-Key;
    (status, replayed, status word or error code) of each, sorted."""
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def press(j):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        session.headers["Idempotency-Key"] = key
        barrier.wait()
        r = session.post(server.url("/api/v1/claims"), json=body, timeout=60)
        try:
            data = r.json()
        except ValueError:
            data = {"text": r.text[:500]}
        what = data["errors"][0]["code"] if "errors" in data else data.get("status")
        answers[j] = (r.status_code, r.headers.get("Idempotent-Replayed") == "true", what)

    threads = [threading.Thread(target=press, args=(j,)) for j in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(answers)


def test_one_system_sending_one_claim_twice_under_one_key(world):
    """A system retries while its first sending still runs, under one Idempotency-Key: one of
    the two runs; the other gets the first answer back (``Idempotent-Replayed``) or is told to
    wait (409 IDEMPOTENCY_IN_PROGRESS), never runs (200 ``unchanged``) and never 500 "database
    is locked"."""
    from datetime import datetime

    from sitthi.rules.kernel.thaitime import BANGKOK

    server, fx = world
    seen = [
        tuple(
            twice_under_one_key(
                server,
                fx["public"][0],
                claim_in(f"RACE-KEY-{i}", datetime(2025, 6, 1 + i, 10, tzinfo=BANGKOK)),
                f"idem-{i}",
            )
        )
        for i in range(RACES)
    ]
    ran_once = {
        ((201, False, "created"), (201, True, "created")),
        ((201, False, "created"), (409, False, "IDEMPOTENCY_IN_PROGRESS")),
    }
    assert all(one in ran_once for one in seen), (seen, server.log()[-3000:])
