"""A background job as Sitthi shows it (its own table, so the pages do not depend on the
queue library's), and the guard that makes each isolation round close exactly once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        CLAIMS_IMPORT = "claims_import", _("claims file import")
        ALLOCATION_RUN = "allocation_run", _("allocation run")
        ROUND_CLOSE = "round_close", _("isolation round close")
        CLAIMS_WHATIF = "claims_whatif", _("claims what-if")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The hospital the job works for (its officers see it); empty for NHSO's and the system's.
    hospital = models.ForeignKey(
        "registry.Hospital", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message_th = models.CharField(max_length=300, blank=True)
    message_en = models.CharField(max_length=300, blank=True)
    #: What the job was asked (a file's name, a configuration's id); never personal data.
    params = models.JSONField(default=dict)
    #: The uploaded file the job reads (kept in the database, so any worker can read it);
    #: emptied once the job has finished (it holds personal data).
    payload = models.BinaryField(null=True, blank=True, editable=False)
    result = models.JSONField(default=dict)
    error_code = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["hospital", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, self.done * 100 // self.total)


class RoundClosing(models.Model):
    """One row per isolation round slot closed (its Bangkok deadline, e.g. 12:00 or 18:00 of a
    day), inserted in the same transaction that closes the round: a second closer of the same
    slot hits the unique constraint and closes nothing."""

    slot = models.DateTimeField(unique=True)
    closed_at = models.DateTimeField()
    timed_out = models.PositiveIntegerField(default=0)
    handed_on = models.PositiveIntegerField(default=0)
    nhso_queue = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"round {self.slot.isoformat()}"
