"""What waits for the EMS coordination centre, for its home page (``sitthi.web.declared``):
the notifications of its inbox (``services.ems_inbox``), new ones and all not yet closed."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from sitthi.core.actor import Actor
from sitthi.core.models import Role
from sitthi.web.declared import Waiting

from . import services
from .models import EmsState


def waiting(actor: Actor, now: datetime) -> list[Waiting]:
    if actor.role != Role.EMS:
        return []
    inbox = reverse("ucep_ems")
    return [
        Waiting(
            _("New UCEP notifications"),
            services.ems_inbox(actor, state=EmsState.NEW).count(),
            f"{inbox}?state={EmsState.NEW}",
            "inbox",
            "soon",
        ),
        Waiting(
            _("Open UCEP notifications (not closed)"),
            services.ems_inbox(actor).count(),
            inbox,
            "inbox",
        ),
    ]
