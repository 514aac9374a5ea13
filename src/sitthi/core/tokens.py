"""API token use cases: a hospital officer makes and revokes its hospital's tokens."""

from __future__ import annotations

from datetime import datetime

from auditlog.context import set_actor
from django.db import transaction

from .actor import Actor
from .errors import SitthiError
from .models import ApiToken, Role


def tokens_for(actor: Actor):
    actor.require(Role.HOSPITAL)
    return ApiToken.objects.filter(hospital_id=actor.hospital_code)


def issue(actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's hospital. The raw token is returned once, never stored."""
    actor.require(Role.HOSPITAL)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise SitthiError.one(
            "REQUEST_INVALID", "name", detail="name: 1–100 characters / ชื่อ 1–100 ตัวอักษร"
        )
    with transaction.atomic(), set_actor(actor.user):
        return ApiToken.issue(actor.user, name)


def revoke(actor: Actor, token_id: int, *, now: datetime) -> ApiToken:
    """Another hospital's token is answered as missing (404), never revoked."""
    token = tokens_for(actor).filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise SitthiError.one("NOT_FOUND")
    with transaction.atomic(), set_actor(actor.user):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token
