"""Background jobs (issue 15): a claims file import and an allocation run as jobs with their
progress, who sees which job, and the isolation round closed once per slot."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sitthi.allocation.models import Run
from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.jobs import rounds, services
from sitthi.jobs.models import Job, RoundClosing
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.allocation.test_allocation_app import load

from .helpers import claims_csv

pytestmark = pytest.mark.django_db


def codes(info):
    return [i.code for i in info.value.items]


def test_a_claims_file_job_stores_every_claim_and_says_so(users, person, tariff):
    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 4), "k.csv")
    assert (job.status, job.done, job.total, job.attempts) == ("done", 4, 4, 1)
    assert job.hospital_id == "10670" and job.result["claims"] == 4
    assert Job.objects.get(pk=job.pk).payload is None  # the file is not kept once applied
    assert Claim.objects.filter(hospital_id="10670").count() == 4
    assert sorted(o["claim_id"] for o in job.result["outcomes"]) == sorted(
        Claim.objects.values_list("pk", flat=True)
    )
    # the task coming back (a worker died after the commit) does nothing again
    assert services.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.attempts == 1 and Claim.objects.count() == 4


def test_a_refused_file_fails_the_job_with_its_report_and_stores_nothing(
    users,
    person,
    tariff,
):
    job = services.import_claims(
        Actor.of(users["hospital"]), claims_csv(person, 3, bad_last=True), "k.csv"
    )
    assert (job.status, job.error_code) == ("failed", "JOB_INPUT_REFUSED")
    assert [r["code"] for r in job.result["report"]] == ["ITEM_UNKNOWN"]
    assert "ไม่มีการบันทึก" in job.message_th and not Claim.objects.exists()
    assert Job.objects.get(pk=job.pk).payload is None


def test_only_a_hospital_queues_a_claims_file_and_each_sees_its_own(users, person, tariff):
    for who in ("nhso", "fund"):
        with pytest.raises(SitthiError) as info:
            services.import_claims(Actor.of(users[who]), b"x", "k.csv")
        assert codes(info) == ["ROLE_FORBIDDEN"]
    assert not Job.objects.exists()
    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 1), "k.csv")
    other = Actor.of(users["other_hospital"])
    with pytest.raises(SitthiError) as info:
        services.get_job(other, job.pk)
    assert codes(info) == ["JOB_NOT_FOUND"]
    assert not services.jobs_for(other).exists()
    assert not services.jobs_for(Actor.of(users["fund"])).exists()
    assert list(services.jobs_for(Actor.of(users["nhso"]))) == [job]
    assert services.get_job(Actor.of(users["hospital"]), job.pk) == job
    with pytest.raises(SitthiError) as info:
        services.get_job(Actor.of(None), job.pk)
    assert codes(info) == ["AUTH_REQUIRED"]


def test_an_allocation_run_is_a_job_for_nhso_only(users, registered):
    version = load(users)
    with pytest.raises(SitthiError) as info:
        services.run_allocation(Actor.of(users["hospital"]), version.pk)
    assert codes(info) == ["ROLE_FORBIDDEN"] and not Job.objects.exists()
    job = services.run_allocation(Actor.of(users["nhso"]), version.pk)
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    run = Run.objects.get()
    assert job.result["run_id"] == run.pk and job.result["payments"] == run.payments.count() > 0
    assert job.hospital_id is None


def test_an_unexpected_error_fails_the_job_and_stores_nothing(users, person, tariff, monkeypatch):
    def boom(*a, **k):
        Claim.objects.create  # noqa: B018
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("sitthi.claims.upload.read_upload", boom)
    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 2), "k.csv")
    assert (job.status, job.error_code) == ("failed", "JOB_FAILED")
    assert not Claim.objects.exists()


def test_metrics_functions(users, person, tariff):
    assert services.jobs_by_status() == {"queued": 0, "running": 0, "done": 0, "failed": 0}
    services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 1), "k.csv")
    assert services.jobs_by_status()["done"] == 1
    assert services.queue_depth() == 0


def test_metrics_page_shows_the_queue_and_the_jobs_by_status(client, users, person, tariff):
    services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 1), "k.csv")
    text = client.get("/metrics").content.decode()  # the test client calls from the loopback
    assert "sitthi_job_queue_depth 0.0" in text
    assert 'sitthi_jobs{status="done"} 1.0' in text
    assert 'sitthi_jobs{status="failed"} 0.0' in text


# -- the round close ---------------------------------------------------------------------------


def test_the_latest_slot_and_the_next_ones():
    at = datetime(2024, 3, 1, 11, 59, tzinfo=BANGKOK)
    assert rounds.latest_slot(at) == datetime(2024, 2, 29, 18, 0, tzinfo=BANGKOK)
    assert rounds.latest_slot(at + timedelta(minutes=1)) == datetime(
        2024, 3, 1, 12, 0, tzinfo=BANGKOK
    )
    assert rounds.latest_slot(datetime(2024, 3, 1, 18, 0, tzinfo=BANGKOK)).hour == 18
    assert rounds.next_slots(at) == [
        datetime(2024, 3, 1, 12, 0, tzinfo=BANGKOK),
        datetime(2024, 3, 1, 18, 0, tzinfo=BANGKOK),
    ]


def test_a_slot_closes_once_and_the_second_closer_does_nothing(users, person, units):
    from tests.isolation.test_dispatch import add

    case = add(users, person)
    noon = datetime(2024, 3, 1, 12, 0, 30, tzinfo=BANGKOK)
    first = rounds.close_due_round(noon)
    assert first["timed_out"] == 1 and first["handed_on"] == 1
    assert rounds.close_due_round(noon + timedelta(seconds=5)) is None
    assert RoundClosing.objects.count() == 1
    assert case.offers.count() == 2
    job = Job.objects.get(kind="round_close")
    assert job.status == "done" and job.result["timed_out"] == 1


def test_the_schedules_are_made_once(db):
    from django_q.models import Schedule

    rounds.ensure_schedules()
    rounds.ensure_schedules()
    assert sorted(Schedule.objects.values_list("name", flat=True)) == sorted(rounds.SCHEDULES)
    daily = Schedule.objects.filter(schedule_type=Schedule.DAILY)
    assert {s.next_run.astimezone(BANGKOK).hour for s in daily} == {12, 18}


def test_a_closer_that_loses_the_race_for_the_slot_changes_nothing(
    users, person, units, monkeypatch
):
    """Two closers that both found the slot open: the second meets the slot's unique row and
    rolls back whatever it had done."""
    from tests.isolation.test_dispatch import add

    case = add(users, person)
    noon = datetime(2024, 3, 1, 12, 0, 30, tzinfo=BANGKOK)
    assert rounds.close_due_round(noon)["timed_out"] == 1
    monkeypatch.setattr(rounds, "_closed", lambda slot: False)
    before = list(case.offers.values_list("pk", "outcome"))
    assert rounds.close_due_round(noon + timedelta(minutes=1)) is None
    assert list(case.offers.values_list("pk", "outcome")) == before
    assert RoundClosing.objects.count() == 1 and Job.objects.filter(kind="round_close").count() == 1


def test_a_job_left_running_past_any_attempt_is_marked_failed(users, person, tariff):
    from django_q.conf import Conf

    job = services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 1), "k.csv")
    started = datetime(2024, 3, 1, 9, 0, tzinfo=BANGKOK)
    fresh = Job.objects.create(
        kind="claims_import",
        status="running",
        created_at=started,
        started_at=started,
        attempts=1,
    )
    late = started + timedelta(seconds=2 * Conf.RETRY - 1)
    assert services.reap_stale(late) == 0
    assert services.reap_stale(late + timedelta(seconds=2)) == 1
    fresh.refresh_from_db()
    assert (fresh.status, fresh.error_code) == ("failed", "JOB_TIMED_OUT")
    job.refresh_from_db()
    assert job.status == "done"  # a finished job is never touched


def test_a_case_reopened_for_a_set_time_is_offered_between_rounds(users, person, units):
    from sitthi.isolation import services as isolation
    from tests.isolation.test_dispatch import add

    case = add(users, person)
    for hour in (12, 18):  # no unit takes it: to the NHSO queue
        rounds.close_due_round(datetime(2024, 3, 1, hour, 0, 30, tzinfo=BANGKOK))
    case.refresh_from_db()
    assert case.status == "nhso_queue"
    at = datetime(2024, 3, 2, 14, 0, tzinfo=BANGKOK)
    isolation.reopen(
        Actor.of(users["nhso"]), case.pk, unit="90001", at=at, now=at - timedelta(hours=5)
    )
    assert rounds.close_due_round(datetime(2024, 3, 2, 12, 0, 30, tzinfo=BANGKOK))["reopened"] == 0
    assert rounds.close_due_round(at - timedelta(minutes=1)) is None  # not yet
    between = rounds.close_due_round(at + timedelta(minutes=1))
    assert between["slot"] is None and between["reopened"] == 1
    case.refresh_from_db()
    assert case.status == "offered" and case.offers.filter(outcome="pending").count() == 1
    assert RoundClosing.objects.count() == 3  # the slots, each once
