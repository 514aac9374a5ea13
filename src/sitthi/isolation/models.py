"""HI Portal (seed 000_a3b7e1d5dbe51319.txt): COVID-19 home/community isolation cases offered
to one Bangkok service unit at a time, taken or handed on at the round's deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sitthi.core.logmask import mask_citizen_id


class Unit(models.Model):
    """A service unit of the Bangkok network that takes isolation cases, with the number of
    new cases it can take a day."""

    hospital = models.OneToOneField(
        "registry.Hospital",
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="isolation_unit",
    )
    district = models.CharField(_("district"), max_length=60)
    daily_capacity = models.PositiveIntegerField(_("cases a day"))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["hospital"]

    def __str__(self) -> str:
        return f"{self.hospital_id} ({self.district})"


class Case(models.Model):
    class Setting(models.TextChoices):
        HI = "HI", _("home isolation")
        CI = "CI", _("community isolation")

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered to a unit")
        TAKEN = "taken", _("taken")
        NHSO_QUEUE = "nhso_queue", _("no unit left: NHSO queue")

    citizen_id = models.CharField(max_length=13)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField(max_length=100, blank=True)  # the patient's phone
    #: Where the patient isolates: shown only to NHSO and the unit holding the case.
    address = models.CharField(max_length=300, blank=True)
    district = models.CharField(max_length=60)
    province = models.ForeignKey("registry.Province", on_delete=models.PROTECT, related_name="+")
    test_date = models.DateField()
    setting = models.CharField(max_length=2, choices=Setting.choices)
    assessment = models.JSONField(default=dict)
    colour = models.CharField(max_length=10)
    status = models.CharField(max_length=12, choices=Status.choices)
    holder = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    #: NHSO re-opens a queued case at this time (to ``reopen_unit``, or to every unit by the
    #: policy); the round closer makes the offer when it is due.
    reopen_at = models.DateTimeField(null=True, blank=True)
    reopen_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The clearing-house claim for the care given (service type HICI), once the unit sends it.
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"HI{self.pk} {mask_citizen_id(self.citizen_id)}"


class Offer(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("waiting for the unit")
        TAKEN = "taken", _("taken")
        DECLINED = "declined", _("declined")
        TIMED_OUT = "timed_out", _("not taken by the deadline")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offers")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offers")
    offered_at = models.DateTimeField()
    deadline = models.DateTimeField()
    #: The parameter set in force when the offer was made (archived: ``sitthi.core.archive``).
    params_version = models.CharField(max_length=12, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "offered_at", "id"]
        constraints = [
            # Exactly one unit holds a case's open offer at any time.
            models.UniqueConstraint(
                fields=["case"], condition=Q(outcome="pending"), name="one_open_offer_per_case"
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "deadline"]),
            models.Index(fields=["unit", "outcome"]),
        ]

    def __str__(self) -> str:
        return f"HI{self.case_id} → {self.unit_id} {self.outcome}"
