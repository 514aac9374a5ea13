"""The clearing house's records: claims with their lines, diagnoses, decisions and history;
the fee schedules that priced them; the notices sent to owner funds and their payments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.claims import workflow

MONEY = {"max_digits": 14, "decimal_places": 2}


class TariffVersion(models.Model):
    """One loaded fee schedule (a file of items with validity dates). Loading a new version of
    a schedule retires the previous one; decisions keep the hash of the version they used."""

    schedule = models.CharField(max_length=60)
    content_hash = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)
    illustrative = models.BooleanField(default=False)
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["schedule", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule"], condition=models.Q(active=True), name="one_active_tariff"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.content_hash[:12]}"


class TariffItem(models.Model):
    version = models.ForeignKey(TariffVersion, on_delete=models.CASCADE, related_name="items")
    #: The claims this row prices (``sitthi.rules.claims.schema.PROGRAMMES``): a schedule
    #: declares its programmes; a row of a schedule of two programmes is stored once for each.
    programme = models.CharField(max_length=20, default="general")
    item_code = models.CharField(max_length=40)
    category = models.CharField(max_length=10)
    description = models.TextField()
    unit = models.CharField(max_length=40)
    unit_price = models.DecimalField(**MONEY)
    pricing = models.CharField(max_length=40)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    source = models.TextField()
    illustrative = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["version", "item_code"])]

    def __str__(self) -> str:
        return f"{self.item_code} {self.unit_price}"


class ClaimState(models.TextChoices):
    """The states of ``sitthi.rules.claims.workflow`` (which also says the moves between them),
    with their labels."""

    SUBMITTED = workflow.SUBMITTED, _("submitted")
    REJECTED = workflow.REJECTED, _("rejected")
    ACCEPTED = workflow.ACCEPTED, _("accepted")
    RETURNED = workflow.RETURNED, _("returned for correction")
    DOCUMENTS_COMPLETE = workflow.DOCUMENTS_COMPLETE, _("documents complete")
    NOTIFIED = workflow.NOTIFIED, _("owner fund notified")
    PAID = workflow.PAID, _("paid")


class Notice(models.Model):
    """NHSO's notice to an owner fund: a summary of verified claims the fund is to pay within
    the payment deadline (seed 001_9fcdabf8e5dd4edb.txt §2 steps 7–8)."""

    fund = models.ForeignKey("registry.Fund", on_delete=models.PROTECT, related_name="notices")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(**MONEY)
    payment_due = models.DateField()
    paid_amount = models.DecimalField(null=True, blank=True, **MONEY)
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    paid_recorded_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"N{self.pk:06d} {self.fund_id}"

    @property
    def number(self) -> str:
        return f"N{self.pk:06d}"


class Claim(models.Model):
    hospital = models.ForeignKey(
        "registry.Hospital", on_delete=models.PROTECT, related_name="claims"
    )
    claim_key = models.CharField(_("hospital's claim key"), max_length=100)
    content_hash = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(default=1)
    via = models.CharField(max_length=10)  # api, bulk, file, eclaim, form, fhir
    citizen_id = models.CharField(max_length=13)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.CharField(max_length=20)
    programme = models.CharField(
        max_length=20,
        blank=True,
        help_text="The programme whose fee schedules priced the claim (general, ucep, ucep_covid).",
    )
    admitted_at = models.DateTimeField()
    discharged_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=ClaimState.choices)
    fund = models.ForeignKey(
        "registry.Fund",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The owner fund that pays.",
    )
    charged_total = models.DecimalField(**MONEY)
    payable_total = models.DecimalField(null=True, blank=True, **MONEY)
    params_version = models.CharField(max_length=12, blank=True)
    tariff_versions = models.CharField(max_length=400, blank=True)
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    documents_complete_at = models.DateTimeField(null=True, blank=True)
    notice_due = models.DateField(null=True, blank=True)
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hospital", "claim_key"], name="one_claim_per_key")
        ]
        indexes = [
            models.Index(fields=["hospital", "state"]),
            models.Index(fields=["fund", "state"]),
            models.Index(fields=["citizen_id", "service_type", "admitted_at"]),
        ]

    def __str__(self) -> str:
        return f"C{self.pk} {self.hospital_id}/{self.claim_key} {mask_citizen_id(self.citizen_id)}"


class ClaimDiagnosis(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="diagnoses")
    seq = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    dx_type = models.CharField(max_length=2)

    class Meta:
        ordering = ["claim", "seq"]

    def __str__(self) -> str:
        return f"{self.seq}: {self.code}"


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    item_code = models.CharField(max_length=40)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    served_at = models.DateTimeField()
    charged = models.DecimalField(**MONEY)
    # the pricing decision and why
    schedule = models.CharField(max_length=60, blank=True)
    unit_price = models.DecimalField(null=True, blank=True, **MONEY)
    tariff_amount = models.DecimalField(null=True, blank=True, **MONEY)
    payable = models.DecimalField(null=True, blank=True, **MONEY)
    rule = models.CharField(max_length=40, blank=True)
    tariff_valid_from = models.DateField(null=True, blank=True)
    tariff_valid_until = models.DateField(null=True, blank=True)
    tariff_source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim", "line_no"]

    def __str__(self) -> str:
        return f"{self.line_no}: {self.item_code} × {self.quantity}"


class ClaimProblem(models.Model):
    """An edit that failed on the claim's latest revision (why it was rejected)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="problems")
    line_no = models.PositiveIntegerField(null=True, blank=True)
    field = models.CharField(max_length=60)
    code = models.CharField(max_length=40)
    value = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["claim", "line_no", "field", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.field}"

    def item(self):
        """The stored edit as the error item every answer shows (``lines[2].item_code``)."""
        from sitthi.core.errors import ErrorItem

        where = f"lines[{self.line_no}].{self.field}" if self.line_no else self.field
        return ErrorItem(self.code, where, {"value": self.value})


class ClaimEvent(models.Model):
    """The claim's history: every state move with who, when and why; a resubmission keeps
    the replaced revision's content in ``snapshot``."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    revision = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"


class ClaimDocument(models.Model):
    """A supporting document (PDF, JPEG or PNG, recognised by its content) the owning hospital
    attached to a claim; NHSO and the owner fund read it. Stored in the database (one row per
    file, with its SHA-256), so a backup of the database holds it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["claim", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"D{self.pk} {self.filename}"
