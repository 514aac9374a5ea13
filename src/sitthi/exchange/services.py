"""The change feed and webhooks: events recorded in their change's transaction, read by each
office in commit order through an opaque cursor, and delivered to the office's webhooks by
the worker, signed, with retries.

**Why a counter and not the row id.** With auto-increment ids two PostgreSQL transactions
can commit out of id order: T1 takes id 101, T2 takes 102 and commits first; a reader that
has read 102 and stored "after 102" never sees 101 when T1 commits. So an event's ``seq``
is not the id. It is handed out from the single :class:`~.models.EventCounter` row, read
``SELECT … FOR UPDATE`` in the change's own transaction: the row lock is held until that
transaction commits or rolls back, so the next writer waits at the counter and reads the
number the first one committed (or the old one, if it rolled back). Sequence numbers are
therefore committed in increasing order: whenever a reader sees ``seq = n`` committed,
every event with a smaller ``seq`` that will ever exist is committed already. A reader
that keeps "after n" misses nothing and sees nothing twice. A rolled-back transaction
leaves no event and its number is handed out again, so the feed has no gaps either. The
price is that transactions recording events commit one after another from the moment they
record; services record their events near their end. SQLite serialises writers anyway
(one write transaction at a time), so the same code is correct there.

The cursor a client keeps is the base64 of ``seq`` (``"s:<n>"``): opaque, so the numbering
may change without breaking clients that follow the contract (pass ``next`` back)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, transaction

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.rules.kernel.money import amount_text
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date

from .models import Attempt, Audience, Delivery, Event, EventCounter, Kind, Webhook

# -- recording events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEvent:
    kind: str
    subject_type: str
    subject_id: int
    subject_key: str
    audience: str
    audience_code: str = ""
    payload: dict | None = None
    once: bool = False


def emit(kind: str, subject, key: str, to: Iterable[tuple[str, str]], payload: dict, *, now):
    """Record one event per audience in ``to`` (pairs of :class:`Audience` and code) about
    ``subject`` (a model instance), in the caller's transaction."""
    return emit_many(
        [
            NewEvent(kind, type(subject).__name__.lower(), subject.pk, key, a, c or "", payload)
            for a, c in to
        ],
        now=now,
    )


def emit_many(events: list[NewEvent], *, now: datetime) -> list[Event]:
    """Record ``events`` with the next sequence numbers (see the module's docstring: the
    counter row stays locked until the caller's transaction ends), and queue a delivery to
    each active webhook of each event's audience. Must run inside a transaction."""
    if not events:
        return []
    with transaction.atomic():  # a savepoint inside the change's transaction (its commit ends it)
        return _record(events, now)


def _record(events: list[NewEvent], now: datetime) -> list[Event]:
    counter = EventCounter.objects.select_for_update().filter(pk=1).first()
    if counter is None:
        EventCounter.objects.get_or_create(pk=1)
        counter = EventCounter.objects.select_for_update().get(pk=1)
    first = counter.last + 1
    rows = [
        Event(
            seq=first + i,
            kind=e.kind,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            subject_key=e.subject_key[:120],
            audience=e.audience,
            audience_code=e.audience_code,
            occurred_at=now,
            payload=e.payload or {},
            once=e.once,
        )
        for i, e in enumerate(events)
    ]
    Event.objects.bulk_create(rows, batch_size=1000)
    counter.last = first + len(rows) - 1
    counter.save(update_fields=["last"])
    _queue_deliveries(rows, now)
    return rows


def _queue_deliveries(rows: list[Event], now: datetime) -> None:
    offices = {(e.audience, e.audience_code) for e in rows}
    hooks: dict[tuple[str, str], list[int]] = {}
    for hook in Webhook.objects.filter(active=True).values("pk", "audience", "audience_code"):
        key = (hook["audience"], hook["audience_code"])
        if key in offices:
            hooks.setdefault(key, []).append(hook["pk"])
    if not hooks:
        return
    stored = Event.objects.filter(seq__in=[e.seq for e in rows]).only("pk", "seq", "audience")
    Delivery.objects.bulk_create(
        [
            Delivery(webhook_id=h, event=e, created_at=now, next_attempt_at=now)
            for e in stored
            for h in hooks.get((e.audience, e.audience_code), [])
        ],
        batch_size=1000,
    )


def claim_decided(claims, *, now: datetime, resent: bool = False) -> None:
    """The decision on submitted claims (accepted or rejected), for their hospitals."""
    emit_many(
        [
            NewEvent(
                Kind.CLAIM_DECIDED,
                "claim",
                c.pk,
                c.claim_key,
                Audience.HOSPITAL,
                c.hospital_id,
                {
                    "state": c.state,
                    "revision": c.revision,
                    "fund": c.fund_id,
                    "charged_total": amount_text(c.charged_total),
                    "payable_total": amount_text(c.payable_total),
                },
            )
            for c in claims
        ],
        now=now,
    )


def claim_moved(kind: str, claim, *, now: datetime, **extra) -> None:
    """A claim's move (returned, documents complete, paid), for its hospital."""
    payload = {"state": claim.state, "revision": claim.revision, **extra}
    emit(kind, claim, claim.claim_key, [(Audience.HOSPITAL, claim.hospital_id)], payload, now=now)


def notice_event(kind: str, notice, *, now: datetime) -> None:
    """A notice sent to its fund, or paid by it: for the fund and NHSO."""
    payload = {
        "number": notice.number,
        "total": amount_text(notice.total),
        "payment_due": notice.payment_due.isoformat() if notice.payment_due else None,
        "paid_amount": amount_text(notice.paid_amount),
        "paid_on": notice.paid_on.isoformat() if notice.paid_on else None,
    }
    to = [(Audience.FUND, notice.fund_id), (Audience.NHSO, "")]
    emit(kind, notice, notice.number, to, payload, now=now)


def offers_made(offers: list, *, now: datetime) -> None:
    """Isolation cases offered to units (each a hospital): for each unit."""
    emit_many(
        [
            NewEvent(
                Kind.OFFER_MADE,
                "offer",
                o.pk,
                f"case-{o.case_id}",
                Audience.HOSPITAL,
                o.unit_id,
                {"case": o.case_id, "deadline": o.deadline.astimezone(BANGKOK).isoformat()},
            )
            for o in offers
        ],
        now=now,
    )


# -- time-based events ----------------------------------------------------------------------------


def emit_due(now: datetime) -> dict[str, int]:
    """The time-based events due at ``now``, each once per subject: an isolation offer still
    pending whose deadline is within ``OFFER_CLOSING_MINUTES`` (for its unit), and an open
    UCEP episode whose 72-hour window ends within ``UCEP_WINDOW_ENDING_HOURS`` (for the
    hospital holding the patient and the EMS centre). The queue's schedule runs it every
    minute; ``sitthi exchange-due`` runs it by hand. Two runners at once: the unique
    constraint keeps the second's insert out (its transaction records nothing)."""
    from sitthi.isolation.models import Offer
    from sitthi.rules.params import default_parameters
    from sitthi.rules.ucep import coverage
    from sitthi.ucep.models import Episode
    from sitthi.ucep.services import current_stay, window_of

    soon = now + timedelta(minutes=settings.OFFER_CLOSING_MINUTES)
    offers = list(
        Offer.objects.filter(outcome=Offer.Outcome.PENDING, deadline__gt=now, deadline__lte=soon)
    )
    done = _emitted(Kind.OFFER_CLOSING, [o.pk for o in offers])
    closing = [
        NewEvent(
            Kind.OFFER_CLOSING,
            "offer",
            o.pk,
            f"case-{o.case_id}",
            Audience.HOSPITAL,
            o.unit_id,
            {"case": o.case_id, "deadline": o.deadline.astimezone(BANGKOK).isoformat()},
            once=True,
        )
        for o in offers
        if o.pk not in done
    ]
    ending = []
    horizon = now + timedelta(hours=settings.UCEP_WINDOW_ENDING_HOURS)
    # Only an episode admitted within the window's length (ucep.coverage_window_hours, in
    # force today) can have a window ending now or later; window_of reads each one's own.
    hours = default_parameters().value(coverage.WINDOW_HOURS, bangkok_date(now)).value
    recent = list(
        Episode.objects.filter(
            state=Episode.State.OPEN, admitted_at__gt=now - timedelta(hours=int(hours))
        )
    )
    done = _emitted(Kind.UCEP_WINDOW_ENDING, [e.pk for e in recent])
    recent = [e for e in recent if e.pk not in done]
    for episode in recent:
        _, end = window_of(episode)
        if end is None or not (now < end <= horizon):
            continue
        payload = {
            "window_end": end.astimezone(BANGKOK).isoformat(),
            "admitted_at": episode.admitted_at.astimezone(BANGKOK).isoformat(),
        }
        key = f"episode-{episode.pk}"
        hospital = current_stay(episode).hospital_id
        for audience, code in ((Audience.HOSPITAL, hospital), (Audience.EMS, "")):
            ending.append(
                NewEvent(
                    Kind.UCEP_WINDOW_ENDING,
                    "episode",
                    episode.pk,
                    key,
                    audience,
                    code,
                    payload,
                    once=True,
                )
            )
    try:
        with transaction.atomic():
            emit_many(closing + ending, now=now)
    except IntegrityError:  # another runner recorded them first
        return {"offer_closing": 0, "ucep_window_ending": 0}
    return {"offer_closing": len(closing), "ucep_window_ending": len(ending)}


def _emitted(kind: str, subject_ids: list[int]) -> set[int]:
    """Which of these subjects already had their once-only event of ``kind``."""
    return set(
        Event.objects.filter(kind=kind, once=True, subject_id__in=subject_ids).values_list(
            "subject_id", flat=True
        )
    )


# -- reading the feed -----------------------------------------------------------------------------


def office_of(actor: Actor) -> tuple[str, str]:
    """The audience an actor reads and registers webhooks for; other roles are refused."""
    if actor.is_public:
        raise SitthiError.one("AUTH_REQUIRED")
    if actor.role == Role.HOSPITAL and actor.hospital_code:
        return Audience.HOSPITAL.value, actor.hospital_code
    if actor.role == Role.FUND and actor.fund_code:
        return Audience.FUND.value, actor.fund_code
    if actor.role == Role.NHSO:
        return Audience.NHSO.value, ""
    if actor.role == Role.EMS:
        return Audience.EMS.value, ""
    raise SitthiError.one("ROLE_FORBIDDEN")


#: The largest sequence number a cursor can hold (the column is a 64-bit integer).
MAX_SEQ = 2**63 - 1


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if cursor in (None, ""):
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, _, number = text.partition(":")
        seq = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise SitthiError.one("EVENTS_CURSOR_INVALID", "after") from None
    if tag != "s" or not number.isdigit() or seq > MAX_SEQ:
        raise SitthiError.one("EVENTS_CURSOR_INVALID", "after")
    return seq


def events_for(actor: Actor, after: str | None, limit: int = 100) -> tuple[list[Event], str]:
    """The caller's office's events after the cursor, oldest first, at most ``limit``
    (1–500), and the cursor to pass next time (the same one when there is nothing new)."""
    audience, code = office_of(actor)
    start = decode_cursor(after)
    limit = max(1, min(limit, 500))
    rows = list(
        Event.objects.filter(audience=audience, audience_code=code, seq__gt=start).order_by("seq")[
            :limit
        ]
    )
    last = rows[-1].seq if rows else start
    return rows, encode_cursor(last)


def event_out(e: Event) -> dict:
    return {
        "id": encode_cursor(e.seq),
        "kind": e.kind,
        "subject": {"type": e.subject_type, "id": e.subject_id, "key": e.subject_key},
        "audience": {"type": e.audience, "code": e.audience_code or None},
        "occurred_at": e.occurred_at.astimezone(BANGKOK).isoformat(),
        "payload": e.payload,
    }


# -- webhooks ------------------------------------------------------------------------------------

LOOPBACK_NAMES = {"localhost"}


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses ``host`` stands for (itself when it is one; else what it resolves to)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in found]


def _reachable(host: str) -> bool:
    """May Sitthi's server POST to ``host``? Only to public addresses: a webhook must not make
    the server call into its own network (a private, link-local — the cloud metadata address
    169.254.169.254 — or reserved address, by name or by number), except this machine itself
    when loopback is allowed (tests, DEBUG). Checked when the webhook is registered and again
    before every attempt (a name may be pointed elsewhere later)."""
    if _loopback(host):
        return settings.DEBUG or settings.WEBHOOK_ALLOW_LOOPBACK
    addresses = _addresses(host)
    return bool(addresses) and all(a.is_global for a in addresses)


def check_url(url: str) -> str:
    """An https URL to a public host (http:// only to this machine, when loopback is allowed);
    else WEBHOOK_URL_INVALID."""
    url = (url or "").strip()
    parts = urlsplit(url)
    ok = (
        len(url) <= 500
        and parts.hostname is not None
        and not parts.username
        and not parts.password
        and (parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname)))
        and _reachable(parts.hostname)
    )
    if not ok:
        raise SitthiError.one("WEBHOOK_URL_INVALID", "url")
    return url


def webhooks_for(actor: Actor):
    return office_webhooks(actor).filter(active=True)


def office_webhooks(actor: Actor):
    """Every webhook of the caller's office, the removed (inactive) ones too: the page lists
    them with their state, and their deliveries stay on the record."""
    audience, code = office_of(actor)
    return Webhook.objects.filter(audience=audience, audience_code=code)


def register_webhook(actor: Actor, url: str, *, now: datetime) -> tuple[Webhook, str]:
    """A webhook for the caller's office; the secret is returned here only."""
    audience, code = office_of(actor)
    url = check_url(url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    with transaction.atomic(), set_actor(actor.user):
        hook = Webhook.objects.create(
            audience=audience,
            audience_code=code,
            url=url,
            secret=secret,
            created_at=now,
            created_by=actor.user,
        )
    return hook, secret


def get_webhook(actor: Actor, webhook_id: int) -> Webhook:
    hook = webhooks_for(actor).filter(pk=webhook_id).first()
    if hook is None:
        raise SitthiError.one("WEBHOOK_NOT_FOUND")
    return hook


def delete_webhook(actor: Actor, webhook_id: int) -> None:
    """The webhook stops (kept, inactive, with its deliveries' record)."""
    with transaction.atomic(), set_actor(actor.user):
        hook = get_webhook(actor, webhook_id)
        hook.active = False
        hook.save()
        hook.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, next_attempt_at=None
        )


def deliveries_for(actor: Actor):
    audience, code = office_of(actor)
    return Delivery.objects.filter(
        webhook__audience=audience, webhook__audience_code=code
    ).select_related("webhook", "event")


def replay(actor: Actor, delivery_id: int, *, now: datetime) -> Delivery:
    """Send a delivery again ("ส่งอีกครั้ง"): it is queued for the worker now (audited)."""
    with transaction.atomic(), set_actor(actor.user):
        found = deliveries_for(actor).filter(pk=delivery_id, webhook__active=True).first()
        if found is None:
            raise SitthiError.one("WEBHOOK_NOT_FOUND")
        delivery = Delivery.objects.select_for_update().get(pk=found.pk)
        delivery.status = Delivery.Status.PENDING
        delivery.next_attempt_at = now
        delivery.replays += 1
        delivery.save()
    return delivery


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``<timestamp>.<body>`` with the webhook's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook's answer is its status: a redirect is not followed (it could point the server
    at an address the URL check refused) and counts as a failed attempt."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    host = urlsplit(url).hostname or ""
    if not _reachable(host):
        return None, f"refused: {host} is not a public address"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _OPENER.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as r:
            return r.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def attempt(delivery_id: int, *, now: datetime) -> Attempt | None:
    """One attempt at a pending delivery (the worker's task): the POST outside any
    transaction, then the outcome recorded; a failure is scheduled again after the next
    interval of ``WEBHOOK_RETRY_MINUTES``, or given up after the last."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook", "event")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        # Taken: not due again until this attempt records its outcome (or a worker that died
        # mid-POST is forgiven after the timeout).
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3)
        delivery.save(update_fields=["next_attempt_at"])
    hook, event = delivery.webhook, delivery.event
    body = json.dumps(event_out(event), ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Sitthi-Webhook/1",
        "X-Sitthi-Event": event.kind,
        "X-Sitthi-Delivery": str(delivery.pk),
        "X-Sitthi-Timestamp": timestamp,
        "X-Sitthi-Signature": sign(hook.secret, timestamp, body),
    }
    started = time.monotonic()
    status, error = _post(hook.url, body, headers)
    duration = int((time.monotonic() - started) * 1000)
    ok = status is not None and 200 <= status < 300
    schedule = settings.WEBHOOK_RETRY_MINUTES
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.attempts += 1
        tries_left = delivery.attempts <= len(schedule)
        if ok:
            delivery.status, delivery.next_attempt_at = Delivery.Status.DELIVERED, None
        elif tries_left:
            wait = schedule[delivery.attempts - 1]
            delivery.next_attempt_at = now + timedelta(minutes=wait)
        else:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        delivery.save()
        return Attempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=status,
            error=error if not ok else "",
            duration_ms=duration,
            next_attempt_at=delivery.next_attempt_at,
        )


def deliver_due(now: datetime | None = None, limit: int = 100) -> int:
    """Attempt every pending delivery due at ``now`` (the queue's schedule runs it every
    minute); returns how many were attempted."""
    from django.utils import timezone

    now = timezone.now() if now is None else now
    due = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now, webhook__active=True
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if attempt(pk, now=now) is not None)


def run_due(now: datetime | None = None) -> dict:
    """The worker's every-minute task: the time-based events, then the due deliveries."""
    from django.utils import timezone

    now = timezone.now() if now is None else now
    return {**emit_due(now), "delivered": deliver_due(now)}


SCHEDULE = "exchange: events due and webhook deliveries"


def ensure_schedules(now: datetime) -> None:
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=SCHEDULE,
        defaults={
            "func": "sitthi.exchange.services.run_due",
            "repeats": -1,
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "next_run": now,
        },
    )
