"""Faults with real workers (issue 15): two ``sitthi worker``s close a due round once; a worker
killed with SIGKILL in the middle of a claims file import or an allocation save leaves nothing
half-written, and the job completes once a worker runs again.

The kill is made deterministic by the jobs' test hook (``SITTHI_JOB_PAUSE_AFTER``): the job
stops inside its transaction after writing some rows and creates a marker file; the test
waits for the marker and kills the worker's whole process group (the cluster and its worker
processes). PostgreSQL only: the workers are other processes on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sitthi.allocation.models import Payment, Run
from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.jobs import rounds, services
from sitthi.jobs.models import Job, RoundClosing
from tests.allocation.test_allocation_app import load

from .helpers import claims_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need PostgreSQL"),
]
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def _queued_for_real_workers(monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)


class Worker:
    """A ``sitthi worker`` on the test database, in its own process group."""

    def __init__(self, log: Path, **env):
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        url = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "PYTHONPATH": str(SRC),
            "SITTHI_JOB_TIMEOUT": "10",  # the task comes back 11 s after a worker took it
            "SITTHI_JOB_RETRY_MARGIN": "1",
            "SITTHI_JOB_POLL": "0.2",
            "SITTHI_JOB_WORKERS": "2",
            **env,
        }
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitthi", "worker"],
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        """At the end of a test: its jobs are over, so no graceful stop is waited for."""
        if self.proc.poll() is None:
            self.kill9()


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(**env):
        w = Worker(tmp_path / f"worker{len(started)}.log", **env)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def wait_for(check, seconds=25.0, logs=()):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    text = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    raise AssertionError(f"gave up after {seconds} s waiting for {check}\n{text}")


def status(job) -> str:
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def test_two_workers_close_a_due_round_once(users, person, units, workers):
    from django.utils import timezone
    from django_q.models import Schedule
    from django_q.tasks import async_task

    from tests.isolation.test_dispatch import add

    cases = [add(users, person) for _ in range(3)]  # offered on 1 Mar 2024, due at 12:00
    rounds.ensure_schedules()
    Schedule.objects.update(next_run=timezone.now())  # every schedule due now
    for _ in range(4):  # and more closers queued beside them
        async_task(rounds.FUNC)
    a, b = workers(), workers()
    wait_for(lambda: RoundClosing.objects.exists(), logs=(a.log, b.log))
    wait_for(
        lambda: not Schedule.objects.filter(next_run__lte=timezone.now()).exists(),
        logs=(a.log, b.log),
    )
    from django_q.models import OrmQ

    wait_for(lambda: not OrmQ.objects.exists(), logs=(a.log, b.log))
    assert RoundClosing.objects.count() == 1
    closing = RoundClosing.objects.get()
    assert closing.timed_out == 3 and closing.handed_on + closing.nhso_queue == 3
    for case in cases:  # each case dispatched once: its first offer timed out, one more made
        outcomes = sorted(case.offers.values_list("outcome", flat=True))
        assert outcomes in (["pending", "timed_out"], ["timed_out"]), outcomes
    assert Job.objects.filter(kind="round_close").count() == 1


def test_a_worker_killed_in_a_claims_import_leaves_nothing_and_the_job_completes(
    users, person, tariff, workers, tmp_path
):
    marker = tmp_path / "paused"
    first = workers(SITTHI_JOB_PAUSE_AFTER="claims_claim:3", SITTHI_JOB_PAUSE_MARKER=str(marker))
    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 6), "k.csv")
    assert job.status == "queued"
    wait_for(marker.exists, logs=(first.log,))
    # the claims are written (one bulk insert, or one by one), inside the job's open transaction
    wait_for(lambda: Job.objects.get(pk=job.pk).done >= 3)
    running = Job.objects.get(pk=job.pk)
    assert (running.status, running.total, running.attempts) == ("running", 6, 1)
    assert Claim.objects.count() == 0  # not committed: nobody sees half a file
    first.kill9()
    assert Claim.objects.count() == 0
    second = workers()
    wait_for(lambda: status(job) == "done", 45, logs=(second.log,))
    job.refresh_from_db()
    assert job.attempts == 2 and (job.done, job.total) == (6, 6)
    assert Claim.objects.count() == 6
    assert sorted(Claim.objects.values_list("claim_key", flat=True)) == [
        f"K-{i}" for i in range(1, 7)
    ]


def test_a_worker_killed_in_an_allocation_save_leaves_nothing_and_the_job_completes(
    users, registered, workers, tmp_path
):
    marker = tmp_path / "paused"
    version = load(users)
    first = workers(
        SITTHI_JOB_PAUSE_AFTER="allocation_payment:1", SITTHI_JOB_PAUSE_MARKER=str(marker)
    )
    job = services.run_allocation(Actor.of(users["nhso"]), version.pk)
    wait_for(marker.exists, logs=(first.log,))
    assert status(job) == "running"
    assert Run.objects.count() == 0 and Payment.objects.count() == 0
    first.kill9()
    assert Run.objects.count() == 0 and Payment.objects.count() == 0
    second = workers()
    wait_for(lambda: status(job) == "done", 45, logs=(second.log,))
    job.refresh_from_db()
    run = Run.objects.get()
    assert job.attempts == 2 and job.result["run_id"] == run.pk
    assert Payment.objects.count() == job.result["payments"] > 0
