"""Reference data (regions, provinces, funds, agencies, hospitals and their contracts) and the
beneficiary register (persons and their dated rights)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.rights import ranges_overlap

five_digits = RegexValidator(r"^\d{5}$", _("A hospital code is 5 digits."))
two_digits = RegexValidator(r"^\d{2}$", _("A province code is 2 digits."))


class Region(models.Model):
    """NHSO health region (เขต 1–13; 13 is Bangkok). FACTS.md, "NHSO regions"."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"เขต {self.number} {self.name_th}"


class Province(models.Model):
    """A province by its standard two-digit code."""

    code = models.CharField(max_length=2, primary_key=True, validators=[two_digits])
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    bangkok_perimeter = models.BooleanField(_("Bangkok perimeter (ปริมณฑล)"), default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def is_bangkok(self) -> bool:
        return self.region_id == 13


class Fund(models.Model):
    """A scheme (สิทธิ) keyed by the INSCL code hospitals already use (FACTS.md)."""

    class Programme(models.TextChoices):
        UC = "UC", _("Universal Coverage (NHSO)")
        SSS = "SSS", _("Social Security")
        CSMBS = "CSMBS", _("Civil Servant Medical Benefit Scheme")
        OTHER = "OTHER", _("Other public scheme")

    code = models.CharField(max_length=5, primary_key=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    programme = models.CharField(max_length=8, choices=Programme.choices)
    owner_th = models.CharField(_("fund owner"), max_length=200)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"


class Agency(models.Model):
    """A government agency: a CSMBS employer, or the body a non-MOPH hospital belongs to."""

    code = models.CharField(max_length=20, primary_key=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    own_hospital = models.ForeignKey(
        "Hospital",
        verbose_name=_("agency's own hospital"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name_th


class Hospital(models.Model):
    """A service unit (หน่วยบริการ) by its 5-digit code (FACTS.md, "Hospital code")."""

    class Ownership(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    class Level(models.TextChoices):
        A = "A"
        S = "S"
        M1 = "M1"
        M2 = "M2"
        F1 = "F1"
        F2 = "F2"
        F3 = "F3"

    class TransferBackGroup(models.IntegerChoices):
        """DOMAIN.md §1, seed 001 "แนวทางรับย้ายกลับ รพ. รัฐ"."""

        LARGE_BANGKOK = 1, _("1: large Bangkok state hospital, all specialties")
        SPECIALTY_BANGKOK = 2, _("2: Bangkok state hospital, specific specialties")
        PERIMETER_GENERAL = 3, _("3: general hospital in the Bangkok perimeter")

    hcode = models.CharField(
        _("hospital code"), max_length=5, primary_key=True, validators=[five_digits]
    )
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    ownership = models.CharField(max_length=8, choices=Ownership.choices)
    moph = models.BooleanField(_("Ministry of Public Health"), default=False)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hospitals",
        help_text=_("The affiliation when the hospital is not under MOPH."),
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="hospitals")
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("The number the EMS coordination centre calls about a patient."),
    )
    level = models.CharField(max_length=2, choices=Level.choices, blank=True)
    transfer_back_group = models.PositiveSmallIntegerField(
        choices=TransferBackGroup.choices, null=True, blank=True
    )
    temporary = models.BooleanField(_("temporary unit (field hospital, hospitel)"), default=False)

    class Meta:
        ordering = ["hcode"]

    def __str__(self) -> str:
        return f"{self.hcode} {self.name_th}"

    def clean(self) -> None:
        errors = {}
        if self.ownership == self.Ownership.PRIVATE and (self.moph or self.agency_id):
            errors["ownership"] = _("A private hospital has no MOPH or agency affiliation.")
        if self.ownership == self.Ownership.PUBLIC and not (self.moph or self.agency_id):
            errors["agency"] = _("A public hospital is under MOPH or another agency.")
        if self.moph and self.agency_id:
            errors["agency"] = _("A MOPH hospital has no other agency.")
        group = self.transfer_back_group
        if group and self.ownership != self.Ownership.PUBLIC:
            errors["transfer_back_group"] = _("Only state hospitals take patients back.")
        elif group in (1, 2) and self.province_id != "10":
            errors["transfer_back_group"] = _("Groups 1 and 2 are Bangkok hospitals.")
        elif group == 3 and self.province_id and not self.province.bangkok_perimeter:
            errors["transfer_back_group"] = _("Group 3 is in the Bangkok perimeter.")
        if errors:
            raise ValidationError(errors)


class DatedQuerySet(models.QuerySet):
    def in_force(self, on):
        """Rows whose inclusive [valid_from, valid_until] range contains ``on``."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on)


class Dated(models.Model):
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until (inclusive)"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date is before the start date.")})


class Contract(Dated):
    """A hospital's contract with a fund: inside that fund's network on those dates."""

    hospital = models.ForeignKey(Hospital, on_delete=models.CASCADE, related_name="contracts")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="contracts")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["hospital", "fund", "valid_from"]
        indexes = [models.Index(fields=["hospital", "fund"])]

    def __str__(self) -> str:
        return f"{self.hospital_id} ↔ {self.fund_id} {self.valid_from}…{self.valid_until or ''}"


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "1", _("male")
        FEMALE = "2", _("female")

    citizen_id = models.CharField(max_length=13, unique=True)
    title = models.CharField(max_length=30, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField()
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{mask_citizen_id(self.citizen_id)} {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"


class Right(Dated):
    """A person's main right (one at a time): the fund, the main registered unit
    (หน่วยบริการประจำ) and, for CSMBS, the employing agency."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rights")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    main_unit = models.ForeignKey(
        Hospital, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["person", "valid_from"]
        indexes = [models.Index(fields=["person", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.valid_from}…{self.valid_until or ''}"

    def clean(self) -> None:
        """One main right at a time (DOMAIN.md, Identifiers); a CSMBS right names its agency."""
        super().clean()
        if self.fund_id and self.fund.programme == Fund.Programme.CSMBS and not self.agency_id:
            raise ValidationError({"agency": _("A CSMBS right must name the employing agency.")})
        if not (self.person_id and self.valid_from):
            return
        others = Right.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
        for other in others:
            if ranges_overlap(
                self.valid_from, self.valid_until, other.valid_from, other.valid_until
            ):
                raise ValidationError(
                    _("These dates overlap another right of this person: %(other)s")
                    % {"other": other}
                )


class RightsCheck(models.Model):
    """One answered rights check: the hospital's own record of whom it checked and what it
    was told. Only the masked citizen ID is kept here."""

    checked_at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=8)  # "page" or "api"
    hospital = models.ForeignKey(
        Hospital,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rights_checks",
        help_text="The checking officer's hospital.",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    citizen_id = models.CharField(max_length=13)  # stored masked
    on = models.DateField()
    asked_hospital = models.ForeignKey(
        Hospital, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_network = models.BooleanField(null=True)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.citizen_id} @ {self.on}"
