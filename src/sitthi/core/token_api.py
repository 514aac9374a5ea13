"""API tokens over the API (the page /tokens/ does the same): the caller lists its own
tokens, makes one (the token itself shown once, in the answer) and revokes one of its own.
The use cases are ``sitthi.core.tokens``, shared with the page: the same checks, the same
audit record."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from . import tokens
from .api import AUTH, ERRORS, actor_of
from .models import ApiToken

router = Router(tags=["Tokens"], auth=AUTH)


class TokenOut(Schema):
    id: int
    name: str
    hint: str = Field(..., description="The token's first characters, to tell it apart.")
    scopes: list[str] = Field(..., description="read, submit, pay")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenPage(Schema):
    count: int
    items: list[TokenOut]


class TokenListFilter(Schema):
    """The page of the caller's tokens, named as the other lists' (``GET /claims``)."""

    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class TokenIn(Schema):
    name: str = Field(..., description="1–100 characters, e.g. HIS")
    scopes: list[str] = Field(
        default_factory=lambda: ["read", "submit"],
        max_length=3,
        description="One or more of read, submit, pay; with a token, no more than its own.",
    )
    days: int = Field(
        ApiToken.DEFAULT_DAYS, ge=1, le=3650, description="Lifetime: 30, 90 or 365 days."
    )


class TokenMade(TokenOut):
    token: str = Field(..., description="The token itself: shown only in this answer.")


def token_out(t: ApiToken) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "hint": t.hint,
        "scopes": t.scope_list,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }


@router.get("/tokens", response={200: TokenPage, **ERRORS}, summary="Your own API tokens")
def list_tokens(request, page: Query[TokenListFilter]):
    """The tokens the caller made, newest first, revoked and expired ones too; never the
    token itself (only its first characters, ``hint``)."""
    rows = tokens.own_tokens(actor_of(request))
    chosen = rows[page.offset : page.offset + page.limit]
    return {"count": rows.count(), "items": [token_out(t) for t in chosen]}


@router.post("/tokens", response={201: TokenMade, **ERRORS}, summary="Make an API token")
def create_token(request, data: TokenIn):
    """A new token for the caller's office, acting as the caller. The answer's ``token`` is
    shown only here (only its hash is kept). Called with a token, the new one's scopes may
    not exceed the calling token's (403 TOKEN_SCOPE_EXCEEDED); the calling token needs
    ``submit``, as every write. Audited as on the page."""
    calling = getattr(request, "api_token", None)
    made, raw = tokens.issue(
        actor_of(request),
        data.name,
        data.scopes,
        data.days,
        now=timezone.now(),
        within=calling.scope_list if calling is not None else None,
        until=calling.expires_at if calling is not None else None,
    )
    return Status(201, {**token_out(made), "token": raw})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke a token")
def revoke_token(request, token_id: int):
    """Revoke one of the caller's own tokens (at once: it answers 401 TOKEN_INVALID from
    then on). Another officer's token, or one already revoked, answers 404 NOT_FOUND."""
    tokens.revoke(actor_of(request), token_id, now=timezone.now(), own=True)
    return Status(204, None)
