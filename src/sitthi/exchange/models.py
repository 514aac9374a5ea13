"""The change feed's events, the counter that numbers them in commit order, and the
webhooks with their deliveries and attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Whom an event is for: a hospital (also as an isolation unit: a unit is a hospital),
    a fund, NHSO, or the EMS coordination centre."""

    HOSPITAL = "hospital", _("hospital")
    FUND = "fund", _("fund")
    NHSO = "nhso", _("NHSO")
    EMS = "ems", _("EMS centre")


class Kind(models.TextChoices):
    CLAIM_DECIDED = "claim.decided", _("claim decided")
    CLAIM_RETURNED = "claim.returned", _("claim returned for correction")
    CLAIM_DOCUMENTS_COMPLETE = "claim.documents_complete", _("claim documents complete")
    CLAIM_PAID = "claim.paid", _("claim paid")
    NOTICE_SENT = "notice.sent", _("notice sent to the fund")
    NOTICE_PAID = "notice.paid", _("notice paid")
    OFFER_MADE = "isolation.offer_made", _("isolation case offered to a unit")
    OFFER_CLOSING = "isolation.offer_closing", _("isolation offer closing soon")
    UCEP_WINDOW_ENDING = "ucep.window_ending", _("UCEP 72-hour window ending soon")


class EventCounter(models.Model):
    """One row (pk 1): the last sequence number handed out. Taken ``FOR UPDATE`` by every
    transaction that records events and held until it commits (see ``services.emit_many``)."""

    last = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"events up to {self.last}"


class Event(models.Model):
    seq = models.BigIntegerField(unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject_type = models.CharField(max_length=30)  # claim, notice, offer, episode
    subject_id = models.BigIntegerField()
    subject_key = models.CharField(max_length=120, blank=True)  # the claim key, N000012, …
    audience = models.CharField(max_length=10, choices=Audience.choices)
    #: The hospital or fund code (empty for NHSO and EMS, one office each).
    audience_code = models.CharField(max_length=10, blank=True)
    occurred_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    #: Set for the time-based kinds, emitted once per subject (the unique constraint).
    once = models.BooleanField(default=False)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["audience", "audience_code", "seq"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "audience", "audience_code"],
                condition=models.Q(once=True),
                name="event_once_per_subject_kind",
            )
        ]

    def __str__(self) -> str:
        return f"event {self.seq} {self.kind} {self.subject_type}:{self.subject_id}"


class Webhook(models.Model):
    audience = models.CharField(max_length=10, choices=Audience.choices)
    audience_code = models.CharField(max_length=10, blank=True)
    url = models.URLField(max_length=500)
    #: The HMAC key, shown to the office once when the webhook is made.
    secret = models.CharField(max_length=80)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"webhook {self.pk} {self.url}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("gave up")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    replays = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-event__seq", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"delivery {self.pk} of event {self.event_id} {self.status}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["delivery", "at", "id"]

    def __str__(self) -> str:
        return f"attempt {self.pk} of delivery {self.delivery_id}: {self.status_code or self.error}"
