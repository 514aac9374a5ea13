"""Bright Spot award pages: the criteria and nominations, a hospital's submission, the scored
run (results table per service level, XLSX) and printable certificates in Thai."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from sitthi.core.errors import SitthiError
from sitthi.registry.services import MAX_ID, parse_integer
from sitthi.web.exports import table_response
from sitthi.web.pages import actor_of as _actor

from . import award


@login_required
def index(request):
    actor = _actor(request)
    errors = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "nominate":
                award.nominate(actor, request.POST.get("hospital", ""), now=timezone.now())
            elif request.POST.get("action") == "withdraw":
                raw = request.POST.get("nomination", "")
                if not raw.strip():
                    raise SitthiError.one("NUMBER_INVALID", "nomination", value="–")
                award.withdraw(actor, parse_integer(raw, "nomination", minimum=1, maximum=MAX_ID))
            elif request.POST.get("action") == "run":
                run = award.run_award(actor, now=timezone.now())
                return redirect("brightspot_run", run_id=run.pk)
            else:
                raise SitthiError.one("REQUEST_INVALID", "action", detail="–")
        except SitthiError as exc:
            errors = exc.as_dict()["errors"]
        else:
            return redirect("brightspot")
    noms = award.nominations(actor)
    latest = award.latest_run(actor)
    c = award.criteria()
    for n in noms:
        n.group = c.group_of(n.level).code
        n.missing = award.missing(n)
    return render(
        request,
        "finance/brightspot.html",
        {
            "c": c,
            "noms": noms,
            "latest": latest,
            "errors": errors,
            "can_write": actor.role in award.WRITERS,
        },
        status=400 if errors else 200,
    )


@login_required
def nomination(request, nomination_id: int):
    actor = _actor(request)
    n = award.get_nomination(actor, nomination_id)
    errors = []
    if request.method == "POST":
        try:
            award.save_submission(actor, nomination_id, request.POST, now=timezone.now())
            return redirect("brightspot")
        except SitthiError as exc:
            errors = exc.as_dict()["errors"]
    c = award.criteria()
    current = getattr(n, "submission", None)
    values = current.values if current else {}
    inputs = [
        {
            "name": name,
            "kind": kind,
            "th": c.label(name)[0],
            "en": c.label(name)[1],
            "value": request.POST.get(name) if request.method == "POST" else values.get(name),
        }
        for name, kind in c.inputs()
    ]
    return render(
        request,
        "finance/nomination.html",
        {"n": n, "inputs": inputs, "errors": errors, "can_write": actor.role in award.WRITERS},
        status=400 if errors else 200,
    )


HEADERS = [
    "กลุ่ม / group",
    "ลำดับ / rank",
    "รหัส / hcode",
    "หน่วยบริการ / hospital",
    "จังหวัด / province",
    "ระดับบริการ / level",
    "นโยบาย / policy (10)",
    "กระบวนการ / process (60)",
    "ผลงาน / outcome (30)",
    "รวม / total (100)",
    "รางวัล / award",
    "เงินรางวัล (บาท) / prize (baht)",
]


def _rows(run):
    for g in run.result["groups"]:
        for r in g["rows"]:
            yield (
                [g["name_th"], r["rank"], r["hospital"], r["name"], r["province"], r["level"]]
                + [Decimal(x) for x in r["subtotals"].values()]
                + [Decimal(r["total"]), r["label_th"], Decimal(r["prize"])]
            )


@login_required
def run_detail(request, run_id: int):
    actor = _actor(request)
    run = award.get_run(actor, run_id)
    if request.GET.get("format") == "xlsx":
        return table_response(
            "xlsx", f"brightspot-{run.fiscal_year}-r{run.region}", HEADERS, _rows(run)
        )
    return render(request, "finance/brightspot_run.html", {"run": run, "c": award.criteria()})


@login_required
def certificate(request, run_id: int, hcode: str):
    actor = _actor(request)
    run = award.get_run(actor, run_id)
    for g in run.result["groups"]:
        for r in g["rows"]:
            if r["hospital"] == hcode and (r["certificate"] or float(r["prize"]) > 0):
                return render(
                    request, "finance/certificate.html", {"run": run, "row": r, "group": g}
                )
    raise SitthiError.one("NOT_FOUND", "hospital")
