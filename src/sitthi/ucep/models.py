"""Emergency episodes under UCEP (DOMAIN.md §1): the stays across transfers, the triage that
decided emergency-critical, the charges and who pays each, the notification to the EMS
coordination centre, and the persisted queue for transfer back in Bangkok."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitthi.core.logmask import mask_citizen_id
from sitthi.registry.models import Dated

MONEY = {"max_digits": 14, "decimal_places": 2}


class Agreement(Dated):
    """A specific agreement between a private hospital and a fund: it wins over UCEP for that
    fund's patients (seed 001_9fcdabf8e5dd4edb.txt §2 step 9, third exception)."""

    hospital = models.ForeignKey(
        "registry.Hospital", on_delete=models.PROTECT, related_name="ucep_agreements"
    )
    fund = models.ForeignKey("registry.Fund", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.hospital_id} ↔ {self.fund_id}"


class EmsState(models.TextChoices):
    """Where a notified episode stands in the coordination centre's inbox (seed 001 §2.1-2.2)."""

    NEW = "new", _("new")
    UNDER_REVIEW = "under_review", _("under review")
    CONFIRMED = "confirmed", _("triage confirmed")
    OVERRULED = "overruled", _("triage overruled")
    TRANSFER_ARRANGED = "transfer_arranged", _("transfer arranged")
    CLOSED = "closed", _("closed")


class Episode(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("in hospital")
        DISCHARGED = "discharged", _("discharged")

    citizen_id = models.CharField(max_length=13)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(
        "registry.Fund",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The right in force on admission.",
    )
    first_hospital = models.ForeignKey(
        "registry.Hospital", on_delete=models.PROTECT, related_name="ucep_episodes"
    )
    admitted_at = models.DateTimeField()
    covid = models.BooleanField(default=False)
    programme = models.CharField(max_length=20, default="general")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    emergency_critical = models.BooleanField(null=True)
    eligible = models.BooleanField(null=True)
    eligibility_failed = models.JSONField(default=list, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    fit_to_move_at = models.DateTimeField(null=True, blank=True)
    refused_transfer = models.BooleanField(default=False)
    discharged_at = models.DateTimeField(null=True, blank=True)
    #: A patient found not emergency-critical, told to go to the own-rights hospital, chose to
    #: stay: the patient pays from then on (seed 004; ``coverage.payers_not_eligible``).
    chose_to_stay_at = models.DateTimeField(null=True, blank=True)
    #: Who the centre calls at the hospital about this patient (ward, name, phone).
    notify_contact = models.CharField(max_length=200, blank=True)
    ems_state = models.CharField(max_length=20, choices=EmsState.choices, blank=True)
    #: The coordination centre's finding on the hospital's triage: None = not reviewed,
    #: True = confirmed, False = overruled (then the episode is not a UCEP case).
    ems_critical = models.BooleanField(null=True)
    ems_reason = models.CharField(max_length=500, blank=True)
    ems_reviewed_at = models.DateTimeField(null=True, blank=True)
    ems_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fund_acknowledged_at = models.DateTimeField(null=True, blank=True)
    fund_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    params_version = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["-admitted_at", "-id"]

    def __str__(self) -> str:
        return f"E{self.pk} {mask_citizen_id(self.citizen_id)}"

    @property
    def critical(self) -> bool | None:
        """Emergency-critical as it stands: the centre's finding when it reviewed the triage,
        else the hospital's triage."""
        return self.emergency_critical if self.ems_critical is None else self.ems_critical


#: The centre's steps as its history names them (the buttons' words; "notified" is the
#: hospital's notification that opens the inbox item).
EMS_STEP_LABELS = {
    "notified": _("notified"),
    "review": _("Start review"),
    "confirm": _("Confirm triage"),
    "overrule": _("Overrule triage"),
    "arrange_transfer": _("Transfer arranged"),
    "close": _("Close"),
}


class EmsAction(models.Model):
    """One step of the coordination centre on an episode (review, confirm, overrule, transfer
    arranged, close), with its reason: the inbox's history."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="ems_actions")
    action = models.CharField(max_length=20)
    state_from = models.CharField(max_length=20, blank=True)
    state_to = models.CharField(max_length=20)
    reason = models.CharField(max_length=500, blank=True)
    hospital = models.ForeignKey(
        "registry.Hospital", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["episode", "at", "id"]

    def __str__(self) -> str:
        return f"{self.episode_id} {self.state_from}→{self.state_to}"

    @property
    def action_label(self):
        return EMS_STEP_LABELS.get(self.action, self.action)

    @property
    def state_from_label(self):
        return EmsState(self.state_from).label if self.state_from in EmsState.values else ""

    @property
    def state_to_label(self):
        return EmsState(self.state_to).label if self.state_to in EmsState.values else self.state_to


class Triage(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="triages")
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    inputs = models.JSONField()
    colour = models.CharField(max_length=10, blank=True)
    emergency_critical = models.BooleanField()
    criteria = models.JSONField(default=list)
    params_version = models.CharField(max_length=12)

    class Meta:
        ordering = ["episode", "assessed_at", "id"]

    def __str__(self) -> str:
        return f"{self.episode_id} {self.colour or ''} {self.emergency_critical}"


class Stay(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="stays")
    stay_no = models.PositiveSmallIntegerField()
    hospital = models.ForeignKey(
        "registry.Hospital", on_delete=models.PROTECT, related_name="ucep_stays"
    )
    received_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["episode", "stay_no"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "stay_no"], name="one_stay_number")
        ]

    def __str__(self) -> str:
        return f"{self.episode_id}/{self.stay_no} {self.hospital_id}"


class Charge(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="charges")
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="charges")
    line_no = models.PositiveIntegerField()
    item_code = models.CharField(max_length=40)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    served_at = models.DateTimeField()
    charged = models.DecimalField(**MONEY)
    payer = models.CharField(max_length=12, blank=True)
    rule = models.CharField(max_length=40, blank=True)
    #: The parameter set the payer was decided with (archived: ``sitthi.core.archive``).
    params_version = models.CharField(max_length=12, blank=True)
    exception = models.CharField(max_length=30, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ucep_charges",
    )

    class Meta:
        ordering = ["episode", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "line_no"], name="one_charge_number")
        ]

    def __str__(self) -> str:
        return f"{self.episode_id}#{self.line_no} {self.item_code} → {self.payer or '?'}"


class TransferQueue(models.Model):
    """The Bangkok transfer-back rotation over groups 1–3 (seed 001, "ตามคิวที่กำหนด"):
    persisted, so each assignment continues after the last one."""

    name = models.CharField(max_length=30, primary_key=True)
    last_hcode = models.CharField(max_length=5, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_hcode}"


class TransferAssignment(models.Model):
    """A queue assignment, kept so that asking twice for the same episode does not advance
    the queue twice."""

    episode = models.OneToOneField(
        Episode, on_delete=models.CASCADE, related_name="queue_assignment"
    )
    hospital = models.ForeignKey("registry.Hospital", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.episode_id} → {self.hospital_id}"
