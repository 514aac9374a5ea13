"""What waits in the clearing house, for each role's home page (``sitthi.web.declared``
explains ``waiting``). Each count is taken with the function its list uses: the claims list
is ``claims_in_state`` (``services.claims_for`` by state), the deadline board shows
``deadlines_due``, a fund's notices to pay ``notices_to_pay``, the statement
``services.statement``; so a count is the rows behind it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.web.declared import Waiting
from sitthi.web.models import last_seen, mark_seen
from sitthi.web.pages import actor_of

from . import services
from .models import ClaimState

#: The deadline board's filters: ?due=week (due within this many days, not yet late) and
#: ?due=overdue.
DUE_SOON_DAYS = 7
DUE_FILTERS = ("", "week", "overdue")

#: The name the statement's last visit is remembered under (``sitthi.web.models.Seen``).
STATEMENT_SEEN = "statement"


def claims_in_state(actor: Actor, state: str):
    """The claims list filtered by ``state`` (the list's ?state=)."""
    qs = services.claims_for(actor)
    return qs.filter(state=state) if state else qs


def deadlines_due(actor: Actor, today: date, due: str = "") -> list[services.Deadline]:
    """The deadline board's rows: all open deadlines, or (``due``) those due within
    ``DUE_SOON_DAYS`` days and not late ("week"), or those past their day ("overdue")."""
    check_due(due)
    return select_due(services.deadlines(actor, today), due)


def check_due(due: str) -> None:
    """An unknown ?due= is refused (REQUEST_INVALID), as the home page's links never send."""
    if due not in DUE_FILTERS:
        raise SitthiError.one("REQUEST_INVALID", "due", detail=f"unknown filter {due}")


def select_due(rows: list[services.Deadline], due: str) -> list[services.Deadline]:
    """The deadlines of ``rows`` that ``due`` selects (the board's ``due`` filter)."""
    if due == "overdue":
        return [d for d in rows if d.overdue]
    if due == "week":
        return [d for d in rows if not d.overdue and d.days_left <= DUE_SOON_DAYS]
    return rows


def notices_to_pay(actor: Actor):
    """The notices list filtered to those not yet paid (the list's ?status=sent, read by the
    list's own filter): a fund pays them there, several from one bank transfer."""
    from .lists import NOTICES

    today = timezone.now().astimezone(BANGKOK).date()
    return NOTICES.apply(actor, services.notices_for(actor), {"status": "sent"}, today)


def statement_since(last_seen: date | None, today: date) -> date:
    """The first day counted as new on the statement: the day after the last visit, or the
    first of this month for a first visit."""
    return last_seen + timedelta(days=1) if last_seen else today.replace(day=1)


def _url(name: str, **query) -> str:
    return reverse(name) + ("?" + urlencode(query) if query else "")


def _deadlines_soon_and_late(actor: Actor, today: date) -> list[Waiting]:
    return [
        Waiting(
            _("Deadlines due within %(n)d days") % {"n": DUE_SOON_DAYS},
            len(deadlines_due(actor, today, "week")),
            _url("deadlines", due="week"),
            "deadlines",
            "soon",
        ),
        Waiting(
            _("Deadlines overdue"),
            len(deadlines_due(actor, today, "overdue")),
            _url("deadlines", due="overdue"),
            "deadlines",
            "bad",
        ),
    ]


def waiting(actor: Actor, now: datetime) -> list[Waiting]:
    today = now.astimezone(BANGKOK).date()
    if actor.role == Role.HOSPITAL:
        rows = [
            Waiting(
                _("Returned claims to correct"),
                claims_in_state(actor, ClaimState.RETURNED).count(),
                _url("claim_list", state=ClaimState.RETURNED),
                "claims",
                "soon",
            ),
            Waiting(
                _("Rejected claims to correct"),
                claims_in_state(actor, ClaimState.REJECTED).count(),
                _url("claim_list", state=ClaimState.REJECTED),
                "claims",
                "bad",
            ),
        ]
        since = statement_since(last_seen(actor.user, STATEMENT_SEEN), today)
        new = 0
        if since <= today and actor.hospital_code:
            new = len(services.statement(actor, actor.hospital_code, since, today).claims)
        rows.append(
            Waiting(
                _("Statement lines paid since your last visit"),
                new,
                reverse("statement_new") if since <= today else None,
                "stm",
            )
        )
        return rows
    if actor.role == Role.NHSO:
        return [
            Waiting(
                _("Claims awaiting documents-complete"),
                claims_in_state(actor, ClaimState.ACCEPTED).count(),
                _url("claim_list", state=ClaimState.ACCEPTED),
                "claims",
            ),
            Waiting(
                _("Deadlines open (notices and payments)"),
                len(deadlines_due(actor, today)),
                _url("deadlines"),
                "deadlines",
            ),
            *_deadlines_soon_and_late(actor, today),
        ]
    if actor.role == Role.FUND:
        return [
            Waiting(
                _("Notices to pay"),
                notices_to_pay(actor).count(),
                _url("notices", status="sent"),
                "notices",
            ),
            *_deadlines_soon_and_late(actor, today),
        ]
    return []


@login_required
def statement_new(request):
    """The hospital's statement of payment from the day after its last visit here to today
    (what the home page counts); opening it remembers today as the last visit."""
    actor = actor_of(request)
    actor.require(Role.HOSPITAL)
    today = timezone.now().astimezone(BANGKOK).date()
    since = statement_since(last_seen(request.user, STATEMENT_SEEN), today)
    mark_seen(request.user, STATEMENT_SEEN, today)
    return redirect(
        _url("statement", **{"from": min(since, today).isoformat(), "to": today.isoformat()})
    )
