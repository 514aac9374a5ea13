"""Initial-assistance requests (DOMAIN.md §5, seed 002): who was harmed and who asks, the
documents, each committee review (the first decision and at most one appeal) and the payments.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.assistance import PROGRAMMES, Stage

PROGRAMME_CHOICES = [(p.code, p.name_en) for p in PROGRAMMES.values()]


class StageChoices(models.TextChoices):
    RECEIVED = Stage.RECEIVED, _("received")
    SCHEDULED = Stage.SCHEDULED, _("scheduled for a meeting")
    APPROVED = Stage.APPROVED, _("approved")
    REJECTED = Stage.REJECTED, _("rejected")
    APPEALED = Stage.APPEALED, _("appeal received")
    APPEAL_SCHEDULED = Stage.APPEAL_SCHEDULED, _("appeal scheduled for a meeting")
    APPEAL_APPROVED = Stage.APPEAL_APPROVED, _("approved on appeal")
    APPEAL_REJECTED = Stage.APPEAL_REJECTED, _("appeal rejected")
    PAID = Stage.PAID, _("paid")


class Relation(models.TextChoices):
    SELF = "self", _("the harmed person")
    HEIR = "heir", _("an heir")
    REPRESENTATIVE = "representative", _("a representative")


class Sequence(models.Model):
    """The last request number given per programme and Buddhist-Era year (row-locked)."""

    programme = models.CharField(max_length=12)
    year_be = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year_be"], name="one_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year_be}: {self.last}"


class Request(models.Model):
    number = models.CharField(_("request number"), max_length=20, unique=True)
    programme = models.CharField(_("programme"), max_length=12, choices=PROGRAMME_CHOICES)
    harmed_cid = models.CharField(max_length=13)
    harmed_name = models.CharField(_("harmed person"), max_length=120)
    relation = models.CharField(_("who asks"), max_length=16, choices=Relation.choices)
    requester_cid = models.CharField(max_length=13)
    requester_name = models.CharField(_("requester"), max_length=120)
    requester_contact = models.CharField(_("contact"), max_length=200, blank=True)
    hospital = models.ForeignKey(
        "registry.Hospital",
        verbose_name=_("where the harm happened"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey("registry.Province", on_delete=models.PROTECT, related_name="+")
    harm_on = models.DateField(_("day of the harm"))
    learned_on = models.DateField(_("day the harm became known"))
    received_on = models.DateField(_("day received"))
    description = models.TextField(_("what happened"))
    #: in_time / late / unchecked, with the deadline and the rule (rules.assistance.timeliness)
    timeliness = models.CharField(max_length=10)
    deadline = models.DateField(null=True, blank=True)
    timeliness_rule = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=StageChoices.choices)
    params_version = models.CharField(max_length=12)
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["stage", "received_on"])]

    def __str__(self) -> str:
        return f"{self.number} {mask_citizen_id(self.harmed_cid)}"

    @property
    def programme_info(self):
        return PROGRAMMES[self.programme]

    @property
    def late(self) -> bool:
        return self.timeliness == "late"


class Document(models.Model):
    """An attached PDF or image, checked by its content (not its name) and size."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.name}"


class Review(models.Model):
    """One committee review: level 1 the first decision, level 2 the appeal."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reviews")
    level = models.PositiveSmallIntegerField()
    received_on = models.DateField()
    appeal_reason = models.TextField(blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    category = models.CharField(max_length=20, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reasons = models.TextField(blank=True)
    #: the ceiling the amount was checked against, as it stood on the day of the harm
    ceiling_low = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    ceiling_high = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    ceiling_confirmed = models.BooleanField(null=True)
    ceiling_source = models.TextField(blank=True)
    params_version = models.CharField(max_length=12, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request", "level"]
        constraints = [
            models.UniqueConstraint(fields=["request", "level"], name="one_review_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} level {self.level}: {self.outcome or 'open'}"

    @property
    def is_appeal(self) -> bool:
        return self.level == 2


class Payment(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="payments")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    reference = models.CharField(max_length=60, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.amount} on {self.paid_on}"
