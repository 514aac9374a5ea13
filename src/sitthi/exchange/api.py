"""The change feed and webhooks over the API (issue 17): what a hospital's HIS, a fund's
system, NHSO's or the EMS centre's follows to learn of Sitthi's decisions."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from sitthi.core.api import AUTH, ERRORS, actor_of

from . import services
from .models import Delivery, Webhook

router = Router(tags=["Change feed"], auth=AUTH)


class SubjectOut(Schema):
    type: str
    id: int
    key: str


class AudienceOut(Schema):
    type: str
    code: str | None


class FeedEventOut(Schema):
    id: str
    kind: str
    subject: SubjectOut
    audience: AudienceOut
    #: ISO 8601 with the Bangkok offset (+07:00).
    occurred_at: str
    payload: dict


class EventsOut(Schema):
    events: list[FeedEventOut]
    next: str


@router.get("/events", response={200: EventsOut, **ERRORS}, summary="Your office's change feed")
def list_events(
    request,
    after: str | None = Query(None, max_length=100),
    limit: int = Query(100, ge=1, le=500),
):
    """The events for the caller's office (a hospital its own, a fund its own, NHSO's, the
    EMS centre's), oldest first, at most ``limit`` (1–500).

    **How to poll.** Start without ``after``; store the answer's ``next`` once you have
    processed its events and pass it as ``after`` on the next call (e.g. once a minute). When
    nothing is new the answer has no events and the same ``next``. Call again at once while a
    page comes back full.

    **Cursor semantics.** The cursor is opaque (do not parse it). Events are numbered in the
    order their changes committed, so following ``next`` gives every event exactly once, in
    order, even while changes are being committed concurrently; an event's ``id`` is the
    cursor just after it (resume from any event). A malformed cursor is refused
    (400 EVENTS_CURSOR_INVALID).

    **Kinds.** ``claim.decided`` (accepted/rejected on submission and on each resend),
    ``claim.returned``, ``claim.documents_complete``, ``claim.paid``, ``notice.sent``,
    ``notice.paid``, ``isolation.offer_made``, ``isolation.offer_closing`` (once, before the
    deadline), ``ucep.window_ending`` (once, before the 72-hour window ends). Amounts in the
    payload are strings with two decimals; times carry +07:00."""
    rows, cursor = services.events_for(actor_of(request), after, limit)
    return {"events": [services.event_out(e) for e in rows], "next": cursor}


class WebhookIn(Schema):
    url: str


class WebhookOut(Schema):
    id: int
    url: str
    created_at: datetime
    audience: AudienceOut


class WebhookCreated(WebhookOut):
    secret: str


class WebhooksOut(Schema):
    webhooks: list[WebhookOut]


def webhook_out(hook: Webhook) -> dict:
    return {
        "id": hook.pk,
        "url": hook.url,
        "created_at": hook.created_at,
        "audience": {"type": hook.audience, "code": hook.audience_code or None},
    }


@router.post("/webhooks", response={201: WebhookCreated, **ERRORS}, summary="Register a webhook")
def create_webhook(request, data: WebhookIn):
    """Each event of the caller's office is POSTed to ``url`` (https) as the JSON of one
    event of ``GET /events``, by the worker, retried with back-off until a 2xx answer.

    The answer's ``secret`` is shown only here. Each POST carries
    ``X-Sitthi-Timestamp: <unix seconds>`` and
    ``X-Sitthi-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>``:
    recompute it over the raw body, compare in constant time, and refuse old timestamps
    (see docs/change-feed.md). A delivery may come twice: use the event's ``id``."""
    hook, secret = services.register_webhook(actor_of(request), data.url, now=timezone.now())
    return Status(201, {**webhook_out(hook), "secret": secret})


@router.get("/webhooks", response={200: WebhooksOut, **ERRORS}, summary="Your office's webhooks")
def list_webhooks(request):
    return {"webhooks": [webhook_out(h) for h in services.webhooks_for(actor_of(request))]}


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS}, summary="Stop a webhook")
def delete_webhook(request, webhook_id: int):
    """The webhook stops; deliveries not yet made are given up. Another office's webhook
    answers 404 WEBHOOK_NOT_FOUND."""
    services.delete_webhook(actor_of(request), webhook_id)
    return Status(204, None)


class AttemptOut(Schema):
    at: datetime
    status_code: int | None
    error: str
    duration_ms: int
    next_attempt_at: datetime | None


class DeliveryOut(Schema):
    id: int
    webhook: int
    event: FeedEventOut
    status: str
    attempts: list[AttemptOut]
    next_attempt_at: datetime | None


class DeliveriesOut(Schema):
    deliveries: list[DeliveryOut]


def delivery_out(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "webhook": d.webhook_id,
        "event": services.event_out(d.event),
        "status": d.status,
        "attempts": [
            {
                "at": a.at,
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": a.duration_ms,
                "next_attempt_at": a.next_attempt_at,
            }
            for a in d.tries.all()
        ],
        "next_attempt_at": d.next_attempt_at,
    }


@router.get(
    "/webhook-deliveries",
    response={200: DeliveriesOut, **ERRORS},
    summary="Your office's webhook deliveries",
)
def list_deliveries(request, limit: int = 50):
    """The latest deliveries to the caller's office's webhooks, with each attempt."""
    qs = services.deliveries_for(actor_of(request)).prefetch_related("tries")
    return {"deliveries": [delivery_out(d) for d in qs[: max(1, min(limit, 200))]]}


@router.post(
    "/webhook-deliveries/{delivery_id}/replay",
    response={202: DeliveryOut, **ERRORS},
    summary="Send a webhook delivery again",
)
def replay_delivery(request, delivery_id: int):
    """Queue the delivery again (the worker sends it within a minute); audited."""
    delivery = services.replay(actor_of(request), delivery_id, now=timezone.now())
    return Status(202, delivery_out(delivery))
