"""Pages. Every page builds the Actor from the session and calls the same services as the
API; a refused request shows the coded Thai/English message with the right status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sitthi.core import tokens as token_services
from sitthi.core.errors import CATALOGUE, SitthiError
from sitthi.core.models import Role
from sitthi.core.thaidate import BANGKOK
from sitthi.registry import services as registry
from sitthi.rules.params import default_parameters
from sitthi.web.exports import table_response
from sitthi.web.pages import actor_of as _actor

TASKS = {
    "rights": (
        "rights_check",
        _("Check a person's rights"),
        _("Fund and main unit on a date; is a hospital in the fund's network?"),
    ),
    "checks": ("rights_checks", _("Rights checks"), _("The checks made, newest first.")),
    "tokens": (
        "tokens",
        _("API tokens"),
        _("Tokens for your office's own system (HIS, fund, EMS)."),
    ),
    "api": ("api:openapi-view", _("API documentation"), _("The JSON API for hospital systems.")),
    "claims": ("claim_list", _("Claims"), _("Submitted claims, their decisions and states.")),
    "claim_new": ("claim_form", _("New claim"), _("Type in one claim; it is priced at once.")),
    "upload": (
        "claim_upload",
        _("Upload claims"),
        _("A CSV/Excel file or the e-Claim ZIP, with a per-row report."),
    ),
    "stm": ("statement", _("Statement of payment"), _("What was paid, per period (STM).")),
    "deadlines": ("deadlines", _("Deadlines"), _("Notices and payments due, and overdue.")),
    "notices": ("notices", _("Notices to funds"), _("Notify owner funds; record payments.")),
    "ucep": (
        "ucep_list",
        _("Emergency patients (UCEP)"),
        _("Triage, transfers, the 72-hour window and who pays each charge."),
    ),
    "ucep_ems": (
        "ucep_ems",
        _("EMS inbox"),
        _("Notified emergency patients and where they go back to."),
    ),
    "ucep_fund": ("ucep_fund", _("UCEP notices"), _("UCEP claims notified to your fund.")),
    "ucep_covered": (
        "ucep_covered",
        _("Am I covered in an emergency?"),
        _("UCEP in plain words, for your situation."),
    ),
    "isolation": (
        "isolation_inbox",
        _("Isolation cases (HI/CI)"),
        _("Cases offered to your unit, with the time left in the round."),
    ),
    "isolation_board": (
        "isolation_board",
        _("Isolation dispatch board"),
        _("Add HI/CI cases; watch offers, hand-ons and the NHSO queue."),
    ),
    "tariffs": ("tariffs", _("Fee schedules"), _("Items, prices and their dates.")),
    "allocation": (
        "allocation",
        _("UC fund allocation"),
        _("Fiscal years, their budget lines and rules; runs by unit, province and region."),
    ),
    "allocation_mine": (
        "allocation",
        _("What the UC fund allocates to us"),
        _("Your unit's statement for each allocation run, line by line."),
    ),
    "assistance": (
        "assistance_queue",
        _("Initial assistance requests"),
        _("Section 41, harmed providers, vaccine injury: the queue by stage and age."),
    ),
    "assistance_new": (
        "assistance_new",
        _("Register an assistance request"),
        _("Who was harmed, who asks, where and when, with the documents."),
    ),
    "assistance_report": (
        "assistance_report",
        _("Initial assistance: yearly report"),
        _("By programme, category and province; XLSX and charts."),
    ),
    "assistance_status": (
        "assistance_status",
        _("Where is my assistance request?"),
        _("The stage and dates of a request, by its number and your citizen ID."),
    ),
    "finance": (
        "finance",
        _("Hospital finance: risk score"),
        _("Quarterly statements, the MOPH risk level 0–7 and its trend."),
    ),
    "brightspot": (
        "brightspot",
        _("Bright Spot award"),
        _("Nominations, scores by the criteria, prizes and certificates."),
    ),
    "finance_watch": (
        "finance_watch",
        _("Watch list (levels 6 and 7)"),
        _("A region's hospitals in financial crisis, quarter by quarter."),
    ),
    "params": (
        "parameters",
        _("Rule parameters"),
        _("Rates, deadlines and windows with their dates and sources."),
    ),
    "errors": (
        "error_codes",
        _("Error codes"),
        _("Every error code with its Thai and English message."),
    ),
    "admin": ("admin:index", _("Administration"), _("Reference data, accounts and the audit log.")),
    "public": (
        "public_rights",
        _("Check my own rights"),
        _("With your citizen ID and birth date."),
    ),
    "login": ("login", _("Log in"), _("For hospital, NHSO, fund and EMS staff.")),
}
ROLE_TASKS = {
    Role.HOSPITAL: [
        "rights",
        "ucep",
        "isolation",
        "claims",
        "claim_new",
        "upload",
        "stm",
        "allocation_mine",
        "finance",
        "checks",
        "tokens",
        "tariffs",
        "api",
        "params",
        "errors",
    ],
    Role.NHSO: [
        "claims",
        "deadlines",
        "notices",
        "isolation_board",
        "allocation",
        "assistance",
        "assistance_report",
        "finance",
        "finance_watch",
        "brightspot",
        "ucep",
        "ucep_ems",
        "stm",
        "tariffs",
        "rights",
        "checks",
        "api",
        "params",
        "errors",
    ],
    Role.FUND: [
        "notices",
        "ucep_fund",
        "deadlines",
        "claims",
        "ucep",
        "allocation",
        "rights",
        "tariffs",
        "tokens",
        "api",
        "params",
        "errors",
    ],
    Role.EMS: ["ucep_ems", "ucep", "rights", "tokens", "api", "params", "errors"],
    Role.SECRETARY: [
        "assistance",
        "assistance_new",
        "assistance_report",
        "assistance_status",
        "params",
        "errors",
    ],
    Role.ADMIN: ["admin", "allocation", "tariffs", "rights", "checks", "api", "params", "errors"],
    "public": ["public", "ucep_covered", "assistance_status", "login", "params", "errors"],
}


def home(request):
    actor = _actor(request)
    tasks = [TASKS[key] for key in ROLE_TASKS.get(actor.role, [])]
    return render(request, "web/home.html", {"tasks": tasks})


def _today_bangkok():
    return timezone.now().astimezone(BANGKOK).date()


@login_required
def rights_check(request):
    actor = _actor(request)
    actor.require(*registry.CHECKERS)
    params = request.GET
    form = {
        "citizen_id": params.get("citizen_id", ""),
        "on": params.get("on") or _today_bangkok().isoformat(),
        "hospital": params.get("hospital", actor.hospital_code or ""),
    }
    context = {"form": form, "answer": None, "errors": []}
    status = 200
    if "citizen_id" in params:
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
    hospital = request.GET.get("hospital") or None
    qs = registry.checks_for(actor, hospital)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
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
            for c in qs.iterator()
        )
        return table_response(fmt, "rights-checks", headers, rows)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "registry/rights_checks.html", {"page": page, "hospital": hospital})


@login_required
def rights_check_detail(request, check_id: int):
    check = registry.get_check(_actor(request), check_id)
    return render(request, "registry/rights_check_detail.html", {"check": check})


def public_rights(request):
    """Anyone may check their own rights with citizen ID and birth date; the answer names
    the fund and main unit only."""
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


@login_required
def tokens(request):
    actor = _actor(request)
    rows = token_services.tokens_for(actor)
    new_token = request.session.pop("new_token", None)
    return render(request, "web/tokens.html", {"tokens": rows, "new_token": new_token})


@login_required
@require_POST
def token_create(request):
    _, raw = token_services.issue(_actor(request), request.POST.get("name", ""))
    request.session["new_token"] = raw
    return redirect("tokens")


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
