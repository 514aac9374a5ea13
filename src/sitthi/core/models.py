"""Accounts (people with a role), API tokens for hospital systems, and batch runs."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital claims officer")
    NHSO = "nhso", _("NHSO clearing-house officer")
    FUND = "fund", _("Fund officer")
    EMS = "ems", _("EMS coordination centre")
    SECRETARY = "secretary", _("Initial-assistance committee secretary")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who logs in. A hospital officer is bound to one hospital, a fund officer to
    one fund; the public uses the site without an account."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    hospital = models.ForeignKey(
        "registry.Hospital",
        verbose_name=_("hospital"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    fund = models.ForeignKey(
        "registry.Fund",
        verbose_name=_("fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )

    def clean(self) -> None:
        super().clean()
        if self.role == Role.HOSPITAL and not self.hospital_id:
            raise ValidationError(
                {"hospital": _("A hospital officer must be bound to a hospital.")}
            )
        if self.role == Role.FUND and not self.fund_id:
            raise ValidationError({"fund": _("A fund officer must be bound to a fund.")})
        if self.role != Role.HOSPITAL and self.hospital_id:
            raise ValidationError(
                {"hospital": _("Only hospital officers are bound to a hospital.")}
            )
        if self.role != Role.FUND and self.fund_id:
            raise ValidationError({"fund": _("Only fund officers are bound to a fund.")})

    def has_perm(self, perm, obj=None) -> bool:
        # Administrators manage reference data and accounts in the admin site.
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    def save(self, *args, **kwargs) -> None:
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for an office's own system: a hospital information system (HIS), the EMS
    coordination centre's system or a fund's system. Only its hash is stored; the token itself
    is shown once, when it is made. It acts as the officer who made it, for the office it was
    made for (role, hospital, fund): once the officer moves office it stops working."""

    PREFIX = "sit_"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    role = models.CharField(max_length=20, default="hospital")
    hospital = models.ForeignKey(
        "registry.Hospital",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    fund = models.ForeignKey(
        "registry.Fund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    #: Comma-separated, a subset of SCOPES, at least one: "read" (GET/HEAD), "submit" (any
    #: other write but a payment), "pay" (recording a payment). Tokens made before scopes
    #: (and ``issue`` without scopes) get "read,submit".
    scopes = models.CharField(max_length=40, default="read,submit")
    #: Chosen when the token is made; past it the token answers 401 TOKEN_EXPIRED. Null only
    #: for tokens made before tokens expired.
    expires_at = models.DateTimeField(null=True, blank=True)

    SCOPES = ("read", "submit", "pay")
    #: The lifetimes offered on the page, in days; the default is DEFAULT_DAYS.
    LIFETIMES = (30, 90, 365)
    DEFAULT_DAYS = 90

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint})"

    @property
    def scope_list(self) -> list[str]:
        return [sc for sc in (self.scopes or "").split(",") if sc]

    def expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def acts_for(self, user: User) -> bool:
        """The officer is still in the office the token was made for."""
        return (user.role, user.hospital_id, user.fund_id) == (
            self.role,
            self.hospital_id,
            self.fund_id,
        )

    @classmethod
    def issue(
        cls, user: User, name: str, scopes=("read", "submit"), expires_at=None
    ) -> tuple[ApiToken, str]:
        """``scopes``: a subset of SCOPES; ``expires_at``: by default DEFAULT_DAYS from now."""
        if expires_at is None:
            expires_at = timezone.now() + timedelta(days=cls.DEFAULT_DAYS)
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            role=user.role,
            hospital_id=user.hospital_id,
            fund_id=user.fund_id,
            name=name,
            token_hash=hash_token(raw),
            hint=raw[:8] + "…",
            scopes=",".join(sc for sc in cls.SCOPES if sc in scopes),
            expires_at=expires_at,
        )
        return token, raw


class BatchRun(models.Model):
    """One run of a batch job (demo data, a file load, a national run): who, what, how many."""

    kind = models.CharField(max_length=40)
    parameters = models.JSONField(default=dict)
    rows = models.BigIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class StagedUpload(models.Model):
    """A file read and checked but not yet stored, because storing it would replace data
    already there: the page shows what would be replaced and the officer confirms with this
    row's ``token`` (the file is not sent again). Only the user who uploaded it can confirm
    or cancel it; it is deleted when confirmed or cancelled, and ignored once stale
    (``sitthi.core.staging``)."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)  # "finance.statements", "claims.tariff", …
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    filename = models.CharField(max_length=200, blank=True)
    data = models.BinaryField(blank=True, default=b"")  # the file itself, where it is re-read
    payload = models.JSONField(default=dict)  # what was read, and what it would replace

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} by {self.user_id}"


class ParameterArchive(models.Model):
    """A parameter set a decision used, kept whole (issue 18, replay): content-addressed by its
    hash, written once and never changed, so that ``version`` on a decision can always be
    turned back into the parameters that produced it (``sitthi.core.archive``)."""

    version = models.CharField(max_length=12, unique=True)
    content_hash = models.CharField(max_length=64, unique=True)
    document = models.JSONField()
    archived_at = models.DateTimeField()

    class Meta:
        ordering = ["archived_at"]

    def __str__(self) -> str:
        return f"parameters {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an archived parameter set is never changed")
        super().save(*args, **kwargs)


class LawFileArchive(models.Model):
    """A table or document of the law's data (a CSV or YAML under rules/params/) by the sha256
    of its bytes, as an archived parameter set names it: its bytes, kept once."""

    sha256 = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=300)
    data = models.BinaryField()
    archived_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.path} {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an archived file is never changed")
        super().save(*args, **kwargs)


class IdempotencyRecord(models.Model):
    """One ``Idempotency-Key`` of one caller (``sitthi.core.idempotency``): the request it was
    first sent with (method, full path, the body's SHA-256) and, once that request is done,
    its answer, replayed to a repeat. Deleted after ``idempotency.TTL`` (24 hours) by the
    worker's schedule; the key may then be used again. Not audited: it is the transport's
    memory, not a record of what was decided (the view's own writes are audited)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress"
        DONE = "done"

    #: The caller: the token's officer, or the logged-in officer. Anonymous requests do not
    #: get a record (their key is not honoured).
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    #: Whose keys these are: one token (``token:<id>``) or one officer's session as the office
    #: it works for (``idempotency.caller_of``); a key is replayed to that caller only.
    caller = models.CharField(max_length=100, default="")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.TextField()  # the full path, with its query string
    body_sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    #: The answer's bytes; null while in progress, or when the answer was larger than
    #: ``idempotency.MAX_ANSWER_BYTES`` (or streamed) and was not kept.
    body = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="core_idempotency_caller_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} {self.method} {self.path} {self.state}"
