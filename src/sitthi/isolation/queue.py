"""What waits in isolation dispatch, for each role's home page (``sitthi.web.declared``): a
unit's offers about to close (the inbox's ?closing=<hours>, ``offers_closing``) and NHSO's
queue of cases no unit took (the board's queue, ``nhso_queue``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.web.declared import Waiting

from . import services

#: "About to close": an offer whose deadline is within this many hours.
CLOSING_HOURS = 2


def offers_closing(actor: Actor, now: datetime, hours: str | int | None):
    """The unit's waiting offers (``services.inbox``); with ``hours``, only those still open
    whose deadline is within that many hours of ``now``."""
    qs = services.inbox(actor)
    if hours in (None, ""):
        return qs
    try:
        h = int(hours)
        if not 0 < h <= 72:
            raise ValueError
    except ValueError:
        raise SitthiError.one("REQUEST_INVALID", "closing", detail="closing: 1-72 hours") from None
    return qs.filter(deadline__gt=now, deadline__lte=now + timedelta(hours=h))


def waiting(actor: Actor, now: datetime) -> list[Waiting]:
    if actor.role == Role.HOSPITAL:
        return [
            Waiting(
                _("Isolation offers closing within %(n)d hours") % {"n": CLOSING_HOURS},
                offers_closing(actor, now, CLOSING_HOURS).count(),
                reverse("isolation_inbox") + "?" + urlencode({"closing": CLOSING_HOURS}),
                "offers",
                "soon",
            )
        ]
    if actor.role == Role.NHSO:
        return [
            Waiting(
                _("Isolation cases in the NHSO queue"),
                services.nhso_queue(actor).count(),
                reverse("isolation_board") + "#queue",
                "queue",
            )
        ]
    return []
