"""HI Portal pages: NHSO adds cases and watches the board; a unit sees the cases offered to
it with the time left in the round, takes or declines them, and sees its own cases."""

from __future__ import annotations

from dataclasses import fields as dc_fields

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.registry.services import parse_integer, parse_local_datetime
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.rules.ucep.triage import Assessment
from sitthi.ucep.views import FIELD_LABELS
from sitthi.web.exports import table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, queue, services
from .exports import case_file, local_time

#: What NHSO records when adding a case: every input of the UCEP colour triage (seed 004
#: items 1-3 and the green symptoms), so no case reaches isolation because a criterion could
#: not be entered. ``officer_critical`` is general UCEP's, not the colour triage's. Adult or
#: child comes from the registry; ``is_child`` is read only for a person not found there.
TRIAGE_FIELDS = tuple(f.name for f in dc_fields(Assessment) if f.name != "officer_critical")


def _fields():
    out = []
    for f in dc_fields(Assessment):
        if f.name not in TRIAGE_FIELDS:
            continue
        th, en, unit = FIELD_LABELS[f.name]
        kind = "bool" if "bool" in str(f.type) else "number"
        out.append({"name": f.name, "th": th, "en": en, "unit": unit, "kind": kind})
    return out


def _assessment(post) -> dict:
    """The form's yes/no answers and measurements as text; the service reads and bounds the
    numbers (``triage.read_measures``)."""
    out = {}
    for f in _fields():
        raw = post.get(f["name"], "").strip()
        if f["kind"] == "bool":
            if raw in ("yes", "no"):
                out[f["name"]] = raw == "yes"
        elif raw:
            out[f["name"]] = raw
    return out


@login_required
def case_new(request):
    actor = _actor(request)
    actor.require(Role.NHSO)
    context = {"fields": _fields(), "post": request.POST, "errors": [], "report": []}
    if request.method == "POST" and "file" in request.FILES:
        from .upload import read_cases

        upload = request.FILES["file"]
        try:
            report, cases = read_cases(actor, upload.read(), upload.name, now=timezone.now())
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "isolation/new.html", context, status=exc.status)
        if report:
            context.update(report=report, filename=upload.name)
            return render(request, "isolation/new.html", context, status=400)
        return redirect("isolation_board")
    if request.method == "POST":
        p = request.POST
        try:
            case = services.add_case(
                actor,
                services.CaseIn(
                    citizen_id=p.get("citizen_id", ""),
                    contact=p.get("contact", ""),
                    address=p.get("address", ""),
                    district=p.get("district", ""),
                    province=p.get("province", "10"),
                    test_date=p.get("test_date", ""),
                    setting=p.get("setting", ""),
                    assessment=_assessment(p),
                ),
                now=timezone.now(),
            )
            return redirect("isolation_case", case_id=case.pk)
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "isolation/new.html", context, status=exc.status)
    return render(request, "isolation/new.html", context)


#: The unit's latest held cases shown under its offers; the rest are on the cases list.
MINE_SHOWN = 10


@login_required
def unit_inbox(request):
    """A unit's offers (``lists.OFFERS``: paged, filtered, exported) with the time left in the
    round, and its latest held cases. ``?closing=<hours>`` is the home page's "closing soon"."""
    actor = _actor(request)
    now = timezone.now()
    closing = request.GET.get("closing") or ""
    listed = lists.OFFERS.run(request, actor, queue.offers_closing(actor, now, closing))
    if not isinstance(listed, Listed):
        return listed
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return table_response(
            fmt,
            "isolation-offers",
            [
                "case",
                "district",
                "setting",
                "test_date",
                "offered_at (Asia/Bangkok)",
                "deadline (Asia/Bangkok)",
            ],
            (
                [
                    f"HI{o.case_id}",
                    o.case.district,
                    o.case.setting,
                    o.case.test_date,
                    local_time(o.offered_at),
                    local_time(o.deadline),
                ]
                for o in listed.rows.iterator()
            ),
        )
    rows = []
    for o in listed.page:
        left = max(0, int((o.deadline - now).total_seconds() // 60))
        rows.append({"o": o, "hours": left // 60, "minutes": left % 60})
    held = services.my_cases(actor)
    return render(
        request,
        "isolation/inbox.html",
        {
            "rows": rows,
            "listed": listed,
            "mine": held[:MINE_SHOWN],
            "mine_total": held.count(),
            "closing": closing,
        },
        status=400 if listed.errors else 200,
    )


@login_required
def case_list(request):
    """Every case for NHSO (status, unit, province, district, round, registration dates, a
    person by citizen ID); for a unit, the cases it holds or is offered now."""
    actor = _actor(request)
    listing = lists.cases_listing(actor)
    listed = listing.run(request, actor, services.cases_for(actor))
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return case_file(actor, fmt, listed.rows)
    return render(
        request,
        "isolation/cases.html",
        {"listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )


@login_required
@require_POST
def case_action(request, case_id: int, action: str):
    actor = _actor(request)
    now = timezone.now()
    if action == "take":
        services.take(actor, case_id, now=now)
    elif action == "decline":
        services.decline(actor, case_id, request.POST.get("reason", ""), now=now)
    elif action == "reopen":
        services.reopen(
            actor,
            case_id,
            unit=request.POST.get("unit", ""),
            at=_local_time(request.POST.get("at", ""), "at"),
            now=now,
        )
        return redirect("isolation_board")
    else:
        raise SitthiError.one("NOT_FOUND")
    if action == "take" and request.POST.get("back") == "case":
        return redirect("isolation_case", case_id=case_id)  # taken on its page: the contact
    return redirect("isolation_inbox")


def _local_time(text: str, field: str):
    """A datetime-local field as Bangkok time; empty = None."""
    text = (text or "").strip()
    if not text:
        return None
    return parse_local_datetime(text, field)


def _care(post) -> services.CareIn:
    def days(name):
        text = (post.get(name) or "").strip()
        if not text:
            return None
        return parse_integer(text, name, minimum=0, maximum=services.MAX_CARE_DAYS)

    return services.CareIn(
        started=post.get("started", ""),
        ended=post.get("ended", ""),
        meals=post.get("meals") == "yes",
        care_charge=post.get("care_charge", ""),
        care_days=days("care_days"),
        devices_charge=post.get("devices_charge", ""),
        drugs_charge=post.get("drugs_charge", ""),
        oxygen_days=days("oxygen_days"),
        oxygen_charge=post.get("oxygen_charge", ""),
    )


@login_required
def case_detail(request, case_id: int):
    """The case and its history; the unit holding it claims its care here (POST)."""
    actor = _actor(request)
    case = services.get_case(actor, case_id)
    context = {"case": case, "post": request.POST, "errors": []}
    if request.method == "POST":
        try:
            services.claim_care(actor, case_id, _care(request.POST), now=timezone.now())
            return redirect("isolation_case", case_id=case_id)
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            status = exc.status
    else:
        status = 200
    offers = case.offers.select_related("unit__hospital", "decided_by")
    if actor.role == Role.HOSPITAL:
        offers = offers.filter(unit_id=actor.hospital_code)
    context["offers"] = offers
    context["patient"] = services.patient_of(actor, case, bangkok_date(timezone.now()))
    context["can_claim"] = (
        actor.role == Role.HOSPITAL
        and case.status == case.Status.TAKEN
        and case.holder_id == actor.hospital_code
    )
    context["can_take"] = (
        actor.role == Role.HOSPITAL
        and services.inbox(actor).filter(case_id=case.pk, deadline__gt=timezone.now()).exists()
    )
    context["today"] = timezone.localdate()
    return render(request, "isolation/case.html", context, status=status)


@login_required
def board(request):
    actor = _actor(request)
    data = services.board(actor)
    units = list(data["units"])
    chart = {
        "data": [
            {
                "type": "bar",
                "name": name,
                "x": [u.hospital_id for u in units],
                "y": [getattr(u, key) for u in units],
                "marker": {"color": colour},
            }
            for key, name, colour in (
                ("taken", "รับแล้ว taken", "#0b6e4f"),
                ("declined", "ปฏิเสธ declined", "#b42318"),
                ("timed_out", "หมดเวลา timed out", "#9a3412"),
                ("pending", "รอตอบ pending", "#1e4f8a"),
            )
        ],
        "layout": {
            "barmode": "stack",
            "height": 360,
            "margin": {"t": 20, "b": 60},
            "xaxis": {"title": {"text": "หน่วยบริการ / unit"}, "type": "category"},
            "yaxis": {"title": {"text": "ข้อเสนอ / offers"}},
        },
    }
    return render(request, "isolation/board.html", {**data, "units": units, "chart": chart})


@cache_control(max_age=86400, public=True)
def plotly_js(request):
    """The old address of Plotly's script: sent on to the static file under its versioned
    name, compressed and cached (``sitthi.web.finders``), instead of 4.8 MB built per call."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    from sitthi.web.finders import PLOTLY_PATH

    return HttpResponsePermanentRedirect(static(PLOTLY_PATH))
