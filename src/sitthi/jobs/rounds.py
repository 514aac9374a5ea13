"""The isolation round close as a scheduled job, exactly once per round slot.

The queue's schedules (``ensure_schedules``: daily at the round times, 12:00 and 18:00
Bangkok, and a catch-up every minute) call :func:`close_due_round`. However many workers (or
web processes, or a cron ``sitthi isolation close-round``) run it, a slot is closed once: the
:class:`~sitthi.jobs.models.RoundClosing` row of the slot is inserted in the same transaction
that closes the round (``sitthi.isolation.services.close_round``), and a second closer of the
same slot meets the unique constraint and closes nothing."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from sitthi.rules.isolation.rounds import round_times
from sitthi.rules.kernel.thaitime import BANGKOK

from .models import Job, RoundClosing

log = logging.getLogger("sitthi.jobs")

FUNC = "sitthi.jobs.rounds.close_due_round"


def _at(day, minutes: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BANGKOK) + timedelta(minutes=minutes)


def latest_slot(now: datetime) -> datetime:
    """The latest round deadline at or before ``now`` (a Bangkok datetime)."""
    local = now.astimezone(BANGKOK)
    day = local.date()
    first, second = round_times(day)
    if local >= _at(day, second):
        return _at(day, second)
    if local >= _at(day, first):
        return _at(day, first)
    yesterday = day - timedelta(days=1)
    return _at(yesterday, round_times(yesterday)[1])


def next_slots(now: datetime) -> list[datetime]:
    """The next occurrence of each of the day's two round times after ``now``."""
    local = now.astimezone(BANGKOK)
    out = []
    for index in (0, 1):
        day = local.date()
        at = _at(day, round_times(day)[index])
        if at <= local:
            day += timedelta(days=1)
            at = _at(day, round_times(day)[index])
        out.append(at)
    return out


def _closed(slot: datetime) -> bool:
    return RoundClosing.objects.filter(slot=slot).exists()


def close_due_round(now: datetime | None = None) -> dict | None:
    """Close the latest round slot if nobody has: returns what the close did, or None when the
    slot was closed already (by this or another process)."""
    from sitthi.isolation.services import close_round

    now = timezone.now() if now is None else now
    slot = latest_slot(now)
    if _closed(slot):  # the common case, without a failed insert in the database's log
        return _between_rounds(now)
    try:
        with transaction.atomic():
            closing = RoundClosing.objects.create(slot=slot, closed_at=now)
            result = close_round(now)
            for key, value in result.items():
                setattr(closing, key, value)
            closing.save()
            Job.objects.create(
                kind=Job.Kind.ROUND_CLOSE,
                status=Job.Status.DONE,
                done=1,
                total=1,
                message_th=f"ปิดรอบ {slot.astimezone(BANGKOK):%H:%M} น.",
                message_en=f"Round of {slot.astimezone(BANGKOK):%H:%M} closed",
                params={"slot": slot.isoformat()},
                result=result,
                attempts=1,
                created_at=now,
                started_at=now,
                finished_at=timezone.now(),
            )
    except IntegrityError:  # another closer inserted the slot first: it closed the round
        log.info("round %s: closed by another process", slot.isoformat())
        return None
    log.info("round %s closed: %s", slot.isoformat(), result)
    return {"slot": slot.isoformat(), **result}


def _between_rounds(now: datetime) -> dict | None:
    """Between two slots: a case NHSO re-opens at a set time (``reopen_at``) is offered when
    that time comes, and an offer committed just after its slot was closed is timed out, as the
    in-server closer did every minute. ``close_round`` locks what it takes (skip locked), so
    two closers never hand one case on twice."""
    from sitthi.isolation.models import Case, Offer
    from sitthi.isolation.services import close_round

    due = (
        Case.objects.filter(status=Case.Status.NHSO_QUEUE, reopen_at__lte=now).exists()
        or Offer.objects.filter(outcome=Offer.Outcome.PENDING, deadline__lte=now).exists()
    )
    if not due:
        return None
    result = close_round(now)
    log.info("between rounds: %s", result)
    return {"slot": None, **result}


SCHEDULES = (
    "isolation round 1",
    "isolation round 2",
    "isolation round catch-up",
    "jobs: stale running jobs",
    "exchange: events due and webhook deliveries",  # sitthi.exchange.services.SCHEDULE
    "core: expired idempotency keys",
)


def ensure_schedules(now: datetime | None = None) -> None:
    """Create the queue's schedules (once; ``sitthi worker`` calls it): the round close, the
    check for jobs left running (``services.reap_stale``), the purge of expired idempotency
    keys and the change feed's."""
    from django_q.models import Schedule

    now = timezone.now() if now is None else now
    first, second = next_slots(now)
    wanted = {
        SCHEDULES[0]: {"schedule_type": Schedule.DAILY, "next_run": first},
        SCHEDULES[1]: {"schedule_type": Schedule.DAILY, "next_run": second},
        SCHEDULES[2]: {"schedule_type": Schedule.MINUTES, "minutes": 1, "next_run": now},
    }
    with transaction.atomic():
        for name, fields in wanted.items():
            Schedule.objects.get_or_create(
                name=name, defaults={"func": FUNC, "repeats": -1, **fields}
            )
        Schedule.objects.get_or_create(
            name=SCHEDULES[3],
            defaults={
                "func": "sitthi.jobs.services.reap_stale",
                "repeats": -1,
                "schedule_type": Schedule.MINUTES,
                "minutes": 5,
                "next_run": now,
            },
        )
        # Idempotency-Key records past their 24 hours (sitthi.core.idempotency), hourly.
        Schedule.objects.get_or_create(
            name=SCHEDULES[5],
            defaults={
                "func": "sitthi.core.idempotency.purge_expired",
                "repeats": -1,
                "schedule_type": Schedule.HOURLY,
                "next_run": now,
            },
        )
        from sitthi.exchange.services import ensure_schedules as exchange_schedules

        exchange_schedules(now)  # the change feed's time-based events and webhook deliveries
