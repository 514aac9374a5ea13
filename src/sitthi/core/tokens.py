"""API token use cases: an officer of a hospital, a fund or the EMS coordination centre makes
and revokes its office's tokens (the office's own system calls the API with them)."""

from __future__ import annotations

from datetime import datetime

from auditlog.context import set_actor
from django.db import transaction

from .actor import Actor
from .errors import SitthiError
from .models import ApiToken, Role

#: The offices whose systems call the API with a token.
TOKEN_ROLES = (Role.HOSPITAL, Role.EMS, Role.FUND)


def tokens_for(actor: Actor):
    """The tokens of the actor's office: its hospital, its fund, or the EMS centre."""
    actor.require(*TOKEN_ROLES)
    qs = ApiToken.objects.filter(role=actor.role)
    if actor.role == Role.HOSPITAL:
        return qs.filter(hospital_id=actor.hospital_code)
    if actor.role == Role.FUND:
        return qs.filter(fund_id=actor.fund_code)
    return qs


def issue(actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's office. The raw token is returned once, never stored."""
    actor.require(*TOKEN_ROLES)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise SitthiError.one(
            "REQUEST_INVALID", "name", detail="name: 1–100 characters / ชื่อ 1–100 ตัวอักษร"
        )
    with transaction.atomic(), set_actor(actor.user):
        return ApiToken.issue(actor.user, name)


def revoke(actor: Actor, token_id: int, *, now: datetime) -> ApiToken:
    """Another office's token is answered as missing (404), never revoked."""
    token = tokens_for(actor).filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise SitthiError.one("NOT_FOUND")
    with transaction.atomic(), set_actor(actor.user):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token
