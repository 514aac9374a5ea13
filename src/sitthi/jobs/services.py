"""Background jobs: queued in the database, run by ``sitthi worker``, shown on /jobs/.

Why django-q2 (1.11, pinned): it is maintained, it has a Django ORM broker — the queue is a
table of the same database, so it runs on PostgreSQL in production and on the embedded SQLite
of ``make run`` alike, with no Redis — and it has schedules (the isolation round close at
12:00 and 18:00) run by the same ``sitthi worker`` cluster. procrastinate is PostgreSQL-only
(SQLite would need a second way to run jobs); django-tasks' database backend has no
schedules yet.

What the library gives and what Sitthi adds:

* The broker hands a task to one worker and, if that worker dies (kill -9) before it
  answers, hands it again after ``Q_CLUSTER["retry"]`` seconds (longer than ``timeout``, so a
  live worker is never doubled). A job's work is applied in ONE transaction that also marks the
  job done, so a dead worker leaves nothing half-written, and a job already done is not done
  again when its task comes back (idempotent by job id).
* The enqueued task is written in the same transaction as the :class:`Job` row (the ORM
  broker's queue is a table), so there is never a job without its task or a task without
  its job.
* Sitthi's own :class:`Job` rows (kind, owner, status, progress, messages, result, error code,
  attempts) are what the pages and the API read; the library's tables stay internal.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role

from .models import Job

log = logging.getLogger("sitthi.jobs")

#: Test hook for the fault tests (never set in production): ``<table>:<n>`` makes a job pause,
#: inside its transaction, once it has written ``n`` rows to ``<table>``; it then creates the
#: file named by ``SITTHI_JOB_PAUSE_MARKER`` and waits there (the test kills the worker).
PAUSE_ENV, MARKER_ENV = "SITTHI_JOB_PAUSE_AFTER", "SITTHI_JOB_PAUSE_MARKER"


class Refused(Exception):
    """The job's input is refused whole (nothing stored): ``code`` and what to show."""

    def __init__(self, code: str, result: dict):
        super().__init__(code)
        self.code, self.result = code, result


# -- progress ---------------------------------------------------------------------------------


class Progress:
    """Writes a job's done/total and message as it goes. The work runs in one transaction, so
    the progress goes through a second connection that commits at once (on PostgreSQL); the
    embedded SQLite has one writer at a time, so there it is written only between phases."""

    def __init__(self, job: Job, every_seconds: float = 0.5):
        self.job = job
        self.every = every_seconds
        self._side = None
        self._last = 0.0

    def set(self, done=None, total=None, th=None, en=None, *, force=True) -> None:
        job = self.job
        if done is not None:
            job.done = done
        if total is not None:
            job.total = total
        if th is not None:
            job.message_th, job.message_en = th[:300], (en or "")[:300]
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        values = [job.done, job.total, job.message_th, job.message_en, job.pk]
        if not connection.in_atomic_block:
            Job.objects.filter(pk=job.pk).update(
                done=job.done, total=job.total, message_th=job.message_th, message_en=job.message_en
            )
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection("default")
            with self._side.cursor() as cur:
                cur.execute(
                    f"UPDATE {Job._meta.db_table} SET done = %s, total = %s, message_th = %s, "
                    "message_en = %s WHERE id = %s",
                    values,
                )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


@contextmanager
def counting_inserts(table: str, on_row: Callable[[int], None]):
    """Calls ``on_row(n)`` as rows are inserted into ``table`` on this connection (``n``: rows
    so far), whether saved one by one or in bulk. Also where the fault tests' pause hook sits."""
    pause_table, _, pause_n = os.environ.get(PAUSE_ENV, "").partition(":")
    marker = os.environ.get(MARKER_ENV)
    prefix = f'INSERT INTO "{table}"'
    seen = [0]

    def watch(execute, sql, params, many, context):
        out = execute(sql, params, many, context)
        if sql.startswith(prefix):
            if many:
                seen[0] += len(params)
            elif "UNNEST(" in sql and params:  # PostgreSQL bulk_create: one array per column
                seen[0] += len(params[0])
            else:  # a bulk insert has one row per VALUES group
                seen[0] += max(1, sql.count("), (") + 1) if " VALUES (" in sql else 1
            on_row(seen[0])
            if table == pause_table and marker and seen[0] >= int(pause_n or 1):
                Path(marker).write_text(str(seen[0]))
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:  # the test kills the worker here
                    on_row(seen[0])
                    time.sleep(0.2)
        return out

    with connection.execute_wrapper(watch):
        yield seen


# -- kinds ------------------------------------------------------------------------------------


def _claims_import(job: Job, progress: Progress) -> dict:
    """A hospital's claims file (CSV/XLSX or the 16-file e-Claim ZIP) through the intake service
    (``sitthi.claims.upload.read_upload``): stored whole or not at all."""
    from sitthi.claims.intake import read_upload as read_file
    from sitthi.claims.models import Claim
    from sitthi.claims.upload import read_upload

    actor = Actor.of(job.owner)
    data, filename = bytes(job.payload or b""), job.params["filename"]
    progress.set(0, 0, "กำลังอ่านแฟ้ม", "Reading the file")
    # The file is read once here only to count its claims, so the bar has a total.
    intake = read_file(data, filename, actor.hospital_code)
    total = 0 if intake.problems else intake.keys.height
    progress.set(0, total, "กำลังตรวจและบันทึกเคลม", "Checking and storing the claims")

    def stored(n):
        progress.set(min(n, total), force=False)

    with counting_inserts(Claim._meta.db_table, stored):
        report, outcomes = read_upload(actor, data, filename, now=timezone.now())
    if report:
        raise Refused("JOB_INPUT_REFUSED", {"problems": len(report), "report": report[:500]})
    counts = Counter(o.status for o in outcomes)
    progress.set(total, total, "บันทึกครบแล้ว", "All stored")
    return {
        "claims": len(outcomes),
        "statuses": dict(counts),
        "outcomes": [
            {"claim_id": o.claim.pk, "claim_key": o.claim_key, "status": o.status}
            for o in outcomes[:1000]
            if o.claim is not None
        ],
    }


def _allocation_run(job: Job, progress: Progress) -> dict:
    """A national allocation run over the registry (or a what-if run of an edited version of the
    year): ``sitthi.allocation.services.run_from_registry``, stored whole or not at all."""
    from sitthi.allocation import services as allocation
    from sitthi.allocation.models import Payment
    from sitthi.allocation.sources import read_service

    actor = Actor.of(job.owner)
    version = allocation.get_config(actor, job.params["config_id"])
    name = job.params.get("service_filename") or ""
    progress.set(0, 3, "กำลังอ่านผลงานบริการ", "Reading the service output")
    service = read_service(bytes(job.payload), name) if job.payload else None
    progress.set(1, 3, "กำลังคำนวณการจัดสรร", "Computing the allocation")

    def storing(n):
        progress.set(2, 3, f"กำลังบันทึกการจ่าย {n:,} รายการ", f"Storing {n:,} payments", force=False)

    with counting_inserts(Payment._meta.db_table, storing):
        run = allocation.run_from_registry(
            actor, version, now=timezone.now(), service=service, service_source=name
        )
    progress.set(3, 3, "บันทึกผลการจัดสรรแล้ว", "The run is stored")
    return {
        "run_id": run.pk,
        "fy": version.fy,
        "version": version.version,
        "persons": run.persons,
        "payments": run.payments.count(),
    }


def _whatif_changes(params: dict, payload: bytes | None):
    """The what-if's changes from a job's params (and its fee-schedule file, if any)."""
    from sitthi.claims import whatif

    try:
        what = whatif.changes(sets=params.get("sets") or [], allow_none=bool(payload))
        if payload:
            name = params.get("tariff_filename") or "tariff.csv"
            what.tariff = whatif.tariff_with_file(payload, name, what.params)
            what.described.append(f"บัญชีอัตรา / fee schedule: {name}")
    except whatif.WhatIfError as exc:
        raise SitthiError.one("WHATIF_CHANGE_INVALID", "changes", detail=str(exc)[:300]) from None
    return what


def _claims_whatif(job: Job, progress: Progress) -> dict:
    """A period's claims decided under the versions in force and under changed ones
    (``sitthi.claims.whatif``): nothing is stored but the job's result (the totals and the
    changed lines)."""
    from datetime import date

    from sitthi.claims import whatif

    what = _whatif_changes(job.params, bytes(job.payload) if job.payload else None)
    day = job.params.get
    qs = whatif.period_claims(
        date.fromisoformat(day("from")) if day("from") else None,
        date.fromisoformat(day("to")) if day("to") else None,
    )
    total = qs.count()
    progress.set(0, total, "กำลังคำนวณเรื่องเบิกสองแบบ", "Deciding the claims both ways")
    done = 0

    def step(n):
        nonlocal done
        done += n
        progress.set(done, total, force=False)

    result = whatif.run(qs.iterator(chunk_size=whatif.BATCH), what, progress=step)
    progress.set(total, total, "คำนวณครบแล้ว", "All decided")
    return whatif.payload_of(result)


HANDLERS: dict[str, Callable[[Job, Progress], dict]] = {
    Job.Kind.CLAIMS_IMPORT: _claims_import,
    Job.Kind.ALLOCATION_RUN: _allocation_run,
    Job.Kind.CLAIMS_WHATIF: _claims_whatif,
}


# -- running ----------------------------------------------------------------------------------


def run(job_id: int) -> str:
    """The queue's task: run job ``job_id`` once. A job already finished is left alone (its task
    came back after a worker died when the job had in fact committed). Marks the job running
    (its own commit, so the page shows it), then does the work and marks it done in ONE
    transaction; a refusal or an error marks it failed and stores nothing."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return "gone" if job is None else job.status
        job.status, job.attempts = Job.Status.RUNNING, job.attempts + 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "attempts", "started_at"])
    attempt = job.attempts
    progress = Progress(job)
    try:
        with transaction.atomic():
            result = HANDLERS[job.kind](job, progress)
            # Only the attempt that still owns the job may finish it.
            owned = Job.objects.filter(
                pk=job.pk, status=Job.Status.RUNNING, attempts=attempt
            ).update(
                status=Job.Status.DONE,
                result=result,
                payload=None,  # the file (personal data) is not kept once it is applied
                done=job.done,
                total=job.total,
                message_th=job.message_th,
                message_en=job.message_en,
                finished_at=timezone.now(),
            )
            if not owned:
                raise RuntimeError(f"job {job.pk}: attempt {attempt} lost it to another attempt")
            _audit_finish(job)
        return Job.Status.DONE
    except Refused as exc:
        _fail(job, attempt, exc.code, exc.result)
    except SitthiError as exc:
        _fail(job, attempt, exc.items[0].code, exc.as_dict())
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, attempt, "JOB_FAILED", {})
    finally:
        progress.close()
    return Job.Status.FAILED


def _fail(job: Job, attempt: int, code: str, result: dict) -> None:
    item = ErrorItem(code).as_dict()
    if Job.objects.filter(pk=job.pk, attempts=attempt).update(
        status=Job.Status.FAILED,
        error_code=code,
        payload=None,
        result=result,
        message_th=item["message_th"][:300],
        message_en=item["message_en"][:300],
        finished_at=timezone.now(),
    ):
        _audit_finish(job)


def _audit_finish(before: Job) -> None:
    """A job's finish is a guarded UPDATE (only the attempt that owns it), which sends no save
    signal: write the audit record a save would have (not the payload nor the result)."""
    from sitthi.core.audit import log_changed

    log_changed(before, Job.objects.get(pk=before.pk))


def _enqueue(kind: str, actor: Actor, *, params: dict, payload: bytes | None, th: str, en: str):
    from django_q.conf import Conf
    from django_q.tasks import async_task

    def task(job):
        async_task("sitthi.jobs.services.run", job.pk, task_name=f"sitthi-job-{job.pk}", group=kind)

    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            owner=actor.user,
            hospital_id=actor.hospital_code if actor.role == Role.HOSPITAL else None,
            params=params,
            payload=payload,
            message_th=th,
            message_en=en,
            created_at=timezone.now(),
        )
        if not Conf.SYNC:  # the queue is a table: the task commits with its job
            task(job)
    if Conf.SYNC:  # run at once, in this process (tests)
        task(job)
        job.refresh_from_db()
    return job


def import_claims(actor: Actor, data: bytes, filename: str) -> Job:
    """Queue a hospital's claims file; refused at once for any other role."""
    actor.require(Role.HOSPITAL)
    return _enqueue(
        Job.Kind.CLAIMS_IMPORT,
        actor,
        params={"filename": filename[:200]},
        payload=data,
        th=f"รอคิวนำเข้าแฟ้ม {filename[:100]}",
        en=f"Waiting to import {filename[:100]}",
    )


def run_allocation(
    actor: Actor, config_id: int, service: bytes | None = None, service_filename: str = ""
) -> Job:
    """Queue an allocation run (or a what-if run of an edited version) over the registry. The
    role, the version and the service file are checked now, so a refusal is answered at once."""
    from sitthi.allocation import services as allocation
    from sitthi.allocation.sources import read_service

    actor.require(Role.NHSO, Role.ADMIN)
    version = allocation.get_config(actor, config_id)
    if service is not None:
        read_service(service, service_filename)
    return _enqueue(
        Job.Kind.ALLOCATION_RUN,
        actor,
        params={
            "config_id": version.pk,
            "fy": version.fy,
            "version": version.version,
            "service_filename": service_filename[:200],
        },
        payload=service,
        th=f"รอคิวจัดสรรปีงบประมาณ {version.fy} ฉบับที่ {version.version}",
        en=f"Waiting to allocate FY {version.fy} version {version.version}",
    )


def start_whatif(
    actor: Actor,
    *,
    date_from=None,
    date_to=None,
    sets: list[str] | None = None,
    tariff: bytes | None = None,
    tariff_filename: str = "",
) -> Job:
    """Queue a what-if over the claims admitted in a period (NHSO, admin). The changes are
    read now, so a change that cannot be read is answered at once (WHATIF_CHANGE_INVALID)."""
    actor.require(Role.NHSO, Role.ADMIN)
    if date_from and date_to and date_to < date_from:
        raise SitthiError.one("DATE_ORDER", "to")
    sets = [s.strip() for s in (sets or []) if s.strip()][:20]
    params = {
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
        "sets": sets,
        "tariff_filename": tariff_filename[:200],
    }
    what = _whatif_changes(params, tariff)
    return _enqueue(
        Job.Kind.CLAIMS_WHATIF,
        actor,
        params={**params, "described": what.described},
        payload=tariff,
        th="รอคิวทดลองผลกระทบ: " + "; ".join(what.described)[:200],
        en="Waiting to try: " + "; ".join(what.described)[:200],
    )


def reap_stale(now=None) -> int:
    """Jobs still marked running long after any attempt could have ended (the queue stopped
    one past its time limit, or dropped it after too many dead workers) are marked failed
    (JOB_TIMED_OUT); their work was never committed. A queue schedule runs this."""
    from datetime import timedelta

    from django_q.conf import Conf

    now = timezone.now() if now is None else now
    cutoff = now - timedelta(seconds=2 * Conf.RETRY)
    stale = list(
        Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=cutoff).values_list(
            "pk", "attempts"
        )
    )
    for pk, attempts in stale:
        _fail(Job(pk=pk), attempts, "JOB_TIMED_OUT", {})
    return len(stale)


# -- who sees what ----------------------------------------------------------------------------


def jobs_for(actor: Actor):
    """NHSO and admins see every job; a hospital officer its hospital's; anyone else their own."""
    qs = Job.objects.select_related("owner").defer("payload")
    if actor.role in (Role.NHSO, Role.ADMIN):
        return qs
    if actor.role == Role.HOSPITAL:
        return qs.filter(hospital_id=actor.hospital_code)
    if actor.user is not None:
        return qs.filter(owner=actor.user)
    return qs.none()


def get_job(actor: Actor, job_id: int) -> Job:
    if actor.is_public:
        raise SitthiError.one("AUTH_REQUIRED")
    found = jobs_for(actor).filter(pk=job_id).first()
    if found is None:
        raise SitthiError.one("JOB_NOT_FOUND")
    return found


# -- for the metrics endpoint -----------------------------------------------------------------


def queue_depth() -> int:
    """Tasks waiting in the queue for a worker (not yet handed to one)."""
    from django_q.models import OrmQ

    return OrmQ.objects.filter(lock__lte=timezone.now()).count()


def jobs_by_status() -> dict[str, int]:
    """Sitthi jobs by status, every status named (0 when none)."""
    from django.db.models import Count

    counts = dict.fromkeys(Job.Status.values, 0)
    for row in Job.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts
