"""Two submissions of one claim key at the same moment (two systems of a hospital, a system
retrying after a time-out) store the claim once, and each is answered as if it had come
alone, one after the other: the first stores the claim, the second finds it stored (the same
claim: ``unchanged``; a different one: CLAIM_KEY_CONFLICT).

``submit`` reads the stored claims of its keys and decides the new ones before its transaction
begins (deciding is the slow part, and holding locks through it would queue every submission
behind it). What it read may have changed by the time it writes:

- a key it found free was taken meanwhile: the unique constraint ``one_claim_per_key`` refuses
  the second insert (PostgreSQL makes it wait for the first transaction, then refuses; SQLite
  takes the write lock at BEGIN IMMEDIATE, so the second finds the row there);
- a stored claim it is about to revise (a resubmission of a rejected or returned claim) was
  revised or moved meanwhile: :func:`lock_as_read` locks those rows inside the transaction and
  compares them with what was read.

Either way nothing of that attempt is written (its transaction, or savepoint inside a caller's
transaction, rolls back) and ``submit`` runs again from the start, reading what is stored now
(:func:`retry_key_races`). A key that keeps changing under it is refused with a coded 409
(CONCURRENT_CHANGE), never a 500."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db import IntegrityError

from sitthi.core.errors import SitthiError

from .models import Claim

#: How many times a submission is run before it is refused with CONCURRENT_CHANGE.
ATTEMPTS = 3


class ChangedMeanwhile(Exception):
    """A stored claim changed between the read before the transaction and the write."""


def is_key_clash(exc: IntegrityError) -> bool:
    """The unique constraint on (hospital, claim key), as PostgreSQL and SQLite name it."""
    text = str(exc)
    return "one_claim_per_key" in text or "claims_claim.claim_key" in text


def retry_key_races(submit):
    """Run ``submit`` again when another submission of one of its keys got there first."""

    @functools.wraps(submit)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return submit(*args, **kwargs)
            except ChangedMeanwhile as exc:
                raced = exc
            except IntegrityError as exc:
                if not is_key_clash(exc):
                    raise
                raced = exc
            if attempt == ATTEMPTS:
                raise SitthiError.one("CONCURRENT_CHANGE", "claim_key") from raced
        raise AssertionError("unreachable")

    return run


def lock_as_read(claims: Iterable[Claim | None]) -> None:
    """Inside the storing transaction: lock the stored claims about to be revised (in one order,
    so two submissions never wait for each other crosswise) and check each is as it was read."""
    read = {c.pk: (c.revision, c.state, c.content_hash) for c in claims if c is not None}
    if not read:
        return
    now = {
        pk: (revision, state, content_hash)
        for pk, revision, state, content_hash in Claim.objects.select_for_update()
        .filter(pk__in=read)
        .order_by("pk")
        .values_list("pk", "revision", "state", "content_hash")
    }
    if now != read:
        raise ChangedMeanwhile
