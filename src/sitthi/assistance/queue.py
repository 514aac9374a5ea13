"""What waits in initial assistance, for the home pages of NHSO and the secretary
(``sitthi.web.declared``): the open requests by stage (those at a stage with any) and, for the secretary, the open ones older
than 7 and 30 days; counted by ``services.queue``, the function the queue page lists with."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sitthi.core.actor import Actor
from sitthi.core.models import Role
from sitthi.rules import assistance as rules
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.web.declared import Waiting

from . import services

#: The ages the secretary's home page counts: open requests received more than N days ago.
AGES = (7, 30)


def _url(**query) -> str:
    return reverse("assistance_queue") + "?" + urlencode(query)


def waiting(actor: Actor, now: datetime) -> list[Waiting]:
    if actor.role not in (Role.NHSO, Role.SECRETARY):
        return []
    today = bangkok_date(now)
    _rows, counts = services.queue(actor, today=today)
    lang_th = (get_language() or "th").startswith("th")
    out = []
    for stage, (th, en) in rules.STAGE_NAMES.items():
        if stage not in services.OPEN_STAGES or not counts.get(stage.value):
            continue
        out.append(
            Waiting(
                _("Assistance requests %(stage)s") % {"stage": th if lang_th else en},
                counts.get(stage.value, 0),
                _url(stage=stage.value),
                "queue",
            )
        )
    if actor.role == Role.SECRETARY:
        for days in AGES:
            rows, _counts = services.queue(actor, today=today, older=days)
            out.append(
                Waiting(
                    _("Open requests older than %(n)d days") % {"n": days},
                    len(rows),
                    _url(older=days),
                    "queue",
                    "bad" if days == AGES[-1] else "soon",
                )
            )
    return out
