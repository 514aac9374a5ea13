"""UC fund allocation (seed 003_efb95171d59d7c5f.txt, FY 2559 rules): a fiscal year's
configuration as versioned data, and runs that share its budget among units, provinces and
regions. The computation itself is ``sitthi.rules.allocation`` (pure, Polars)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class FiscalYearConfig(models.Model):
    """One version of a fiscal year's budget lines and rules. A new file or edit makes a new
    version; old versions stay, so a run can always be traced to the rules it used."""

    fy = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    version = models.PositiveIntegerField()
    raw = models.JSONField()  # the configuration as read (decimals as text)
    content_hash = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-fy", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["fy", "version"], name="one_version_number_per_fy")
        ]

    def __str__(self) -> str:
        return f"FY {self.fy} v{self.version}"


class Run(models.Model):
    """One allocation of a fiscal year over a population and the year's service output."""

    class Status(models.TextChoices):
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    config = models.ForeignKey(FiscalYearConfig, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices)
    population_source = models.CharField(max_length=200)
    inputs_source = models.CharField(max_length=200)
    persons = models.BigIntegerField()
    units = models.PositiveIntegerField()
    report = models.JSONField(default=dict)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.config})"


class Payment(models.Model):
    """What one payee receives from one part of one line, and why: a unit (หน่วยบริการ), or
    another payee — a CUP, a local fund, a province or region fund, the nation's reserve, NHSO
    (money held and paid during the year). Deductions are negative rows."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="payments")
    payee_kind = models.CharField(max_length=12, default="unit")
    payee = models.CharField(max_length=20)
    province = models.CharField(max_length=2, blank=True)
    region = models.PositiveSmallIntegerField(null=True)
    line = models.CharField(max_length=32)
    part = models.CharField(max_length=40)
    amount = models.DecimalField(**MONEY)
    rounding_satang = models.IntegerField(default=0)
    basis_th = models.TextField(blank=True)
    basis_en = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "payee_kind", "payee", "line", "part"]
        indexes = [
            models.Index(fields=["run", "payee_kind", "payee"]),
            models.Index(fields=["run", "province"]),
        ]

    def __str__(self) -> str:
        return f"{self.payee_kind}:{self.payee} {self.line}/{self.part} {self.amount}"
