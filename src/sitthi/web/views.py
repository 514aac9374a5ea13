"""The pages every role shares: the home page (each app's tasks for the role, gathered by
``sitthi.web.declared``), API tokens, the rule parameters and the error codes. Every page
builds the Actor from the session and calls the same services as the API; a refused request
raises its ``SitthiError`` and ``sitthi.web.middleware.RefusalPage`` shows the coded
Thai/English message with the right status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sitthi.core import tokens as token_services
from sitthi.core.errors import CATALOGUE
from sitthi.core.models import ApiToken
from sitthi.rules.params import default_parameters
from sitthi.web.declared import queues_for, tasks_for
from sitthi.web.pages import actor_of as _actor


def home(request):
    """The role's work queue first (what waits, each count linked to the list of exactly
    those items), then its tasks."""
    actor = _actor(request)
    waiting = [] if actor.is_public else queues_for(actor, timezone.now())
    return render(request, "web/home.html", {"tasks": tasks_for(actor.role), "waiting": waiting})


def favicon(request):
    """Browsers ask for /favicon.ico: it is the SVG mark in the static files."""
    return redirect(static("sitthi/favicon.svg"), permanent=True)


def forbidden(request, exception=None):
    """403: Thai first, English beside, a link home."""
    return render(request, "web/403.html", status=403)


def not_found(request, exception=None):
    """404: Thai first, English beside, a link home."""
    return render(request, "web/404.html", status=404)


def _tokens_page(request, new_token: str | None = None):
    rows = token_services.tokens_for(_actor(request))
    return render(
        request,
        "web/tokens.html",
        {
            "tokens": rows,
            "new_token": new_token,
            "scopes": ApiToken.SCOPES,
            "lifetimes": ApiToken.LIFETIMES,
            "default_days": ApiToken.DEFAULT_DAYS,
            "now": timezone.now(),
        },
    )


@never_cache
@login_required
def tokens(request):
    return _tokens_page(request)


@never_cache
@login_required
@require_POST
def token_create(request):
    """The new raw token is shown once, in the answer to this POST: it is never put in the
    session (nor anywhere else); only its hash is stored."""
    _, raw = token_services.issue(
        _actor(request),
        request.POST.get("name", ""),
        request.POST.getlist("scopes"),
        request.POST.get("days", ""),
        now=timezone.now(),
    )
    return _tokens_page(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = token_services.revoke(_actor(request), token_id, now=timezone.now())
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("tokens")


def parameters(request):
    """The dated rule parameters in force and past, each with its source: the law as data,
    readable by anyone."""
    ps = default_parameters()
    rows = [ps.parameter(name) for name in ps.names()]
    return render(request, "web/parameters.html", {"parameters": rows, "version": ps.version})


def error_codes(request):
    return render(request, "web/error_codes.html", {"codes": CATALOGUE.values()})
