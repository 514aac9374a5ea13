"""Uploads that would replace data already stored wait here for the officer's confirmation
(``models.StagedUpload``): ``stage`` keeps what was read under a random token, ``take``
gives it back to the same user once (on confirm), ``drop`` forgets it (on cancel). A token of
another user, an unknown one or one older than ``LIFETIME`` is refused with
UPLOAD_STAGE_UNKNOWN and changes nothing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError

from .models import StagedUpload

LIFETIME = timedelta(hours=12)


def stage(
    actor: Actor, kind: str, payload: dict, *, now: datetime, filename: str = "", data=b""
) -> StagedUpload:
    StagedUpload.objects.filter(created_at__lt=now - LIFETIME).delete()  # stale ones
    return StagedUpload.objects.create(
        token=secrets.token_urlsafe(24),
        kind=kind,
        user=actor.user,
        created_at=now,
        filename=filename[:200],
        data=bytes(data),
        payload=payload,
    )


def _find(actor: Actor, kind: str, token: str, now: datetime) -> StagedUpload:
    found = (
        StagedUpload.objects.filter(
            token=str(token or "")[:64], kind=kind, user=actor.user, created_at__gte=now - LIFETIME
        )
        .select_for_update()
        .first()
    )
    if found is None:
        raise SitthiError.one("UPLOAD_STAGE_UNKNOWN", "stage")
    return found


def take(actor: Actor, kind: str, token: str, *, now: datetime) -> StagedUpload:
    """The staged upload, deleted (call inside the transaction that stores it)."""
    found = _find(actor, kind, token, now)
    found.delete()
    return found


def drop(actor: Actor, kind: str, token: str, *, now: datetime) -> None:
    _find(actor, kind, token, now).delete()
