"""What every page view shares: who is asking, and the page that shows a coded refusal."""

from __future__ import annotations

from django.shortcuts import render

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError


def actor_of(request) -> Actor:
    return Actor.of(request.user)


def refused(request, exc: SitthiError):
    """The refusal page: every error with its code and Thai and English message, with the
    error's HTTP status (401, 403, 404, 409 …)."""
    return render(
        request, "web/refused.html", {"errors": exc.as_dict()["errors"]}, status=exc.status
    )
