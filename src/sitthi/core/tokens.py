"""API token use cases: an officer of any office (a hospital, a fund, the EMS coordination
centre, NHSO, the initial-assistance committee secretary) makes and revokes its office's
tokens (the office's own system calls the API with them). A token has scopes (read / submit /
pay, at least one) and an expiry chosen when it is made."""

from __future__ import annotations

from datetime import datetime, timedelta

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from .actor import Actor
from .errors import SitthiError
from .models import ApiToken, Role

#: The offices whose systems call the API with a token.
TOKEN_ROLES = (Role.HOSPITAL, Role.EMS, Role.FUND, Role.NHSO, Role.SECRETARY)


def tokens_for(actor: Actor):
    """The tokens of the actor's office: its hospital, its fund, or the EMS centre, NHSO or
    the secretary (one office each)."""
    actor.require(*TOKEN_ROLES)
    qs = ApiToken.objects.filter(role=actor.role)
    if actor.role == Role.HOSPITAL:
        return qs.filter(hospital_id=actor.hospital_code)
    if actor.role == Role.FUND:
        return qs.filter(fund_id=actor.fund_code)
    return qs


def own_tokens(actor: Actor):
    """The actor's own tokens (made by this officer), newest first: what
    ``GET /api/v1/tokens`` lists."""
    actor.require(*TOKEN_ROLES)
    return ApiToken.objects.filter(user=actor.user).order_by("-created_at", "-id")


def issue(
    actor: Actor,
    name: str,
    scopes=("read", "submit"),
    days: int | str = ApiToken.DEFAULT_DAYS,
    *,
    now: datetime | None = None,
    within: list[str] | None = None,
    until: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the actor's office (the page and ``POST /api/v1/tokens``). The raw
    token is returned once, never stored. ``scopes``: a non-empty subset of ApiToken.SCOPES;
    ``days``: one of ApiToken.LIFETIMES; ``within``: the scopes of the token the request came
    with (None for a session): a token cannot make one with more (TOKEN_SCOPE_EXCEEDED);
    ``until``: that token's expiry: the new one expires no later, so a token cannot renew
    itself past its own life."""
    actor.require(*TOKEN_ROLES)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise SitthiError.one(
            "REQUEST_INVALID", "name", detail="name: 1–100 characters / ชื่อ 1–100 ตัวอักษร"
        )
    scopes = list(scopes or [])
    if not scopes or any(sc not in ApiToken.SCOPES for sc in scopes):
        raise SitthiError.one(
            "REQUEST_INVALID",
            "scopes",
            detail="scopes: one or more of read, submit, pay / ขอบเขต: read, submit, pay"
            " อย่างน้อยหนึ่ง",
        )
    if within is not None and set(scopes) - set(within):
        raise SitthiError.one(
            "TOKEN_SCOPE_EXCEEDED",
            "scopes",
            allowed=", ".join(sc for sc in ApiToken.SCOPES if sc in within) or "-",
            asked=", ".join(sc for sc in ApiToken.SCOPES if sc in scopes),
        )
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days not in ApiToken.LIFETIMES:
        raise SitthiError.one(
            "REQUEST_INVALID",
            "expires",
            detail="expires: 30, 90 or 365 days / อายุโทเคน 30, 90 หรือ 365 วัน",
        )
    now = now or timezone.now()
    expires = now + timedelta(days=days)
    if until is not None:
        expires = min(expires, until)
    with transaction.atomic(), set_actor(actor.user):
        return ApiToken.issue(actor.user, name, scopes, expires)


def revoke(actor: Actor, token_id: int, *, now: datetime, own: bool = False) -> ApiToken:
    """Another office's token is answered as missing (404), never revoked; with ``own`` (the
    API) so is another officer's, even of the same office."""
    rows = own_tokens(actor) if own else tokens_for(actor)
    token = rows.filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise SitthiError.one("NOT_FOUND")
    with transaction.atomic(), set_actor(actor.user):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token
