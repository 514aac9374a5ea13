"""The rights pages: a staff officer checks a person's rights on a date (and whether a hospital
is in the fund's network), the checks made so far, one check; anyone checks their own rights.
A refused request raises its ``SitthiError``: ``sitthi.web.middleware.RefusalPage`` draws the
refusal page, with the code, the Thai and English message and the right status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from sitthi.core import limits
from sitthi.core.errors import SitthiError
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.web.exports import table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import services as registry
from .lists import RIGHTS_CHECKS


def _today_bangkok():
    return timezone.now().astimezone(BANGKOK).date()


@login_required
@limits.cid_lookup("rights", limited=False)
def rights_check(request):
    """The citizen ID comes in the form's POST, never in the address (CID_IN_ADDRESS)."""
    actor = _actor(request)
    actor.require(*registry.CHECKERS)
    params = request.POST
    form = {
        "citizen_id": params.get("citizen_id", ""),
        "on": params.get("on") or _today_bangkok().isoformat(),
        "hospital": params.get("hospital", actor.hospital_code or ""),
    }
    context = {"form": form, "answer": None, "errors": []}
    status = 200
    if request.method == "POST":
        try:
            context["answer"] = registry.check_rights(
                actor,
                form["citizen_id"],
                form["on"],
                form["hospital"] or None,
                via="page",
                now=timezone.now(),
            )
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            status = exc.status
    return render(request, "registry/rights_check.html", context, status=status)


@login_required
def rights_checks(request):
    actor = _actor(request)
    # Asking for another hospital's checks is refused (HOSPITAL_SCOPE), not narrowed.
    listed = RIGHTS_CHECKS.run(
        request, actor, registry.checks_for(actor, request.GET.get("hospital") or None)
    )
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        headers = [
            "id",
            "checked_at (Asia/Bangkok)",
            "user",
            "via",
            "hospital",
            "citizen_id (masked)",
            "on",
            "asked_hospital",
            "fund",
            "in_network",
        ]
        rows = (
            [
                c.pk,
                c.checked_at.astimezone(BANGKOK).replace(tzinfo=None),
                c.user.username,
                c.via,
                c.hospital_id,
                c.citizen_id,
                c.on,
                c.asked_hospital_id,
                c.fund_id,
                c.in_network,
            ]
            for c in listed.rows.iterator()
        )
        return table_response(fmt, "rights-checks", headers, rows)
    return render(
        request,
        "registry/rights_checks.html",
        {"listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )


@login_required
def rights_check_detail(request, check_id: int):
    check = registry.get_check(_actor(request), check_id)
    return render(request, "registry/rights_check_detail.html", {"check": check})


@never_cache
@limits.cid_lookup("public_rights")
def public_rights(request):
    """Anyone may check their own rights with citizen ID and birth date; the answer names
    the fund and main unit only. By POST only, a few a minute per address
    (``sitthi.core.limits``)."""
    form = {k: request.POST.get(k, "") for k in ("citizen_id", "birth_date")}
    context, status = {"form": form, "answer": None, "errors": []}, 200
    if request.method == "POST":
        try:
            context["answer"] = registry.public_rights(
                form["citizen_id"], form["birth_date"], _today_bangkok()
            )
        except SitthiError as exc:
            context["errors"], status = exc.as_dict()["errors"], exc.status
    return render(request, "registry/public_rights.html", context, status=status)
