"""Hospital finance (DOMAIN.md §6, seed 002): quarterly statements with their MOPH risk score,
and the Bright Spot award's nominations, submissions and scored runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}
RATIO = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class CurrentStatements(models.Manager):
    """The statements in force: a replaced version is kept (``superseded_at`` set) but no
    reader sees it through ``Statement.objects`` or ``hospital.statements`` — only the
    hospital's history page, through ``Statement.versions``."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_at__isnull=True)


class Statement(models.Model):
    """One hospital's financial statement at a quarter's end (fiscal-year-to-date figures),
    with the ratios, flags and level computed from it when it was loaded. Loading the quarter
    again (after the officer confirms) keeps this row as it was, marks it superseded and
    stores the new figures as the next ``version``."""

    hospital = models.ForeignKey(
        "registry.Hospital", on_delete=models.PROTECT, related_name="statements"
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    current_assets = models.DecimalField(**MONEY)
    inventory = models.DecimalField(**MONEY)
    other_current_assets = models.DecimalField(**MONEY)
    cash_and_equivalents = models.DecimalField(**MONEY)
    fixed_deposits = models.DecimalField(**MONEY)
    current_liabilities = models.DecimalField(**MONEY)
    revenue = models.DecimalField(**MONEY)
    expenses = models.DecimalField(**MONEY)
    depreciation = models.DecimalField(**MONEY)
    cr = models.DecimalField(**RATIO)
    qr = models.DecimalField(**RATIO)
    cash_ratio = models.DecimalField(**RATIO)
    nwc = models.DecimalField(**MONEY)
    ni = models.DecimalField(**MONEY)
    ebitda = models.DecimalField(**MONEY)
    months_left = models.DecimalField(**RATIO)
    flags = models.JSONField(default=dict)
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200)
    loaded_at = models.DateTimeField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    superseded_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    versions = models.Manager()  # every version, the replaced ones too
    objects = CurrentStatements()  # the default (Meta.default_manager_name): in force only

    class Meta:
        ordering = ["hospital", "fiscal_year", "quarter", "version"]
        default_manager_name = "objects"
        base_manager_name = "versions"
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "fiscal_year", "quarter"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_statement_a_quarter",
            ),
            models.UniqueConstraint(
                fields=["hospital", "fiscal_year", "quarter", "version"],
                name="one_version_number",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "quarter", "level"])]

    def __str__(self) -> str:
        return f"{self.hospital_id} {self.fiscal_year} Q{self.quarter}: level {self.level}"


class Nomination(models.Model):
    """A hospital a province puts forward for the Bright Spot award of a fiscal year."""

    fiscal_year = models.PositiveIntegerField()
    region = models.PositiveSmallIntegerField()
    hospital = models.ForeignKey("registry.Hospital", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=4)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["fiscal_year", "hospital"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "hospital"], name="one_nomination_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.hospital_id} ({self.level})"


class Submission(models.Model):
    """A nominated hospital's figures and the committee's yes/no findings for the criteria."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="submission"
    )
    values = models.JSONField(default=dict)  # input name -> "123.45" or true/false
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"submission of {self.nomination}"


class AwardRun(models.Model):
    """The award of a fiscal year and region as scored: every score and prize, kept whole."""

    fiscal_year = models.PositiveIntegerField()
    region = models.PositiveSmallIntegerField()
    criteria_hash = models.CharField(max_length=64)
    result = models.JSONField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Bright Spot {self.fiscal_year} region {self.region} ({self.created_at:%Y-%m-%d})"
