"""The feed loses and repeats nothing while events are being committed concurrently (issue 17).

Writer threads, each on its own database connection, commit events; some transactions sleep
after recording their events (holding their sequence numbers before commit), some roll back.
Meanwhile a reader pages the feed with a small limit, keeping only the cursor, as a HIS
polling once a minute would. With row ids as the cursor the slow transactions' events would
commit behind ones already read and be missed; the locked counter numbers them in commit
order. Run on PostgreSQL (``scripts/with-postgres.sh``), where writers truly overlap."""

from __future__ import annotations

import random
import threading
import time
from datetime import datetime

import pytest
from django.db import connection, transaction

from sitthi.core.actor import Actor
from sitthi.exchange import services
from sitthi.exchange.models import Audience, Event
from sitthi.rules.kernel.thaitime import BANGKOK

NOW = datetime(2024, 3, 1, 9, 0, tzinfo=BANGKOK)
WRITERS, ROUNDS = 4, 12


class Rollback(Exception):
    pass


def write(worker: int, committed: list, failures: list) -> None:
    rng = random.Random(worker)
    try:
        for n in range(ROUNDS):
            mark = f"{worker}-{n}"
            size = rng.randint(1, 3)
            events = [
                services.NewEvent(
                    "claim.decided", "test", worker * 1000 + n, f"{mark}-{i}", Audience.NHSO
                )
                for i in range(size)
            ]
            try:
                with transaction.atomic():
                    services.emit_many(events, now=NOW)
                    if rng.random() < 0.4:  # slow: holds its numbers a while before commit
                        time.sleep(rng.uniform(0.02, 0.12))
                    if n % 5 == 4:
                        raise Rollback
            except Rollback:
                continue
            committed.extend(e.subject_key for e in events)
            time.sleep(rng.uniform(0, 0.01))
    except Exception as exc:  # noqa: BLE001 (reported by the test)
        failures.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_no_event_is_lost_or_repeated_across_pages_while_events_are_added(users):
    reader = Actor.of(users["nhso"])
    committed: list[str] = []
    failures: list[Exception] = []
    threads = [
        threading.Thread(target=write, args=(w, committed, failures)) for w in range(WRITERS)
    ]
    for t in threads:
        t.start()
    seen: list[Event] = []
    cursor, pages = None, 0
    while any(t.is_alive() for t in threads):
        rows, cursor = services.events_for(reader, cursor, limit=3)
        seen += rows
        pages += 1
        time.sleep(0.005)
    for t in threads:
        t.join()
    assert not failures, failures
    while True:  # what was committed after the last page read during the writes
        rows, cursor = services.events_for(reader, cursor, limit=3)
        if not rows:
            break
        seen += rows
    keys = [e.subject_key for e in seen]
    seqs = [e.seq for e in seen]
    assert pages > 10  # the reader really read while the writers wrote
    assert len(keys) == len(set(keys)), "an event was repeated"
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert set(keys) == set(committed), "an event was lost (or a rolled-back one shown)"
    assert set(Event.objects.values_list("subject_key", flat=True)) == set(committed)
    # No gaps either: a rolled-back transaction's numbers were handed out again.
    assert seqs == list(range(1, len(seqs) + 1))
