"""The what-if page (NHSO): try other parameter values or another fee schedule over a
period's claims, as a background job with its progress; the result as tables, a chart and a
workbook (``sitthi.claims.whatif``; the command is ``sitthi whatif``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.jobs import services as jobs
from sitthi.jobs.models import Job
from sitthi.registry.services import parse_date
from sitthi.web.pages import actor_of

from . import whatif

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(post, name):
    text = (post.get(name) or "").strip()
    return parse_date(text, name) if text else None


@login_required
def whatif_form(request):
    """The form and the what-ifs run so far."""
    actor = actor_of(request)
    actor.require(Role.NHSO, Role.ADMIN)
    context = {
        "post": request.POST,
        "errors": [],
        "runs": Job.objects.filter(kind=Job.Kind.CLAIMS_WHATIF).order_by("-created_at")[:20],
    }
    if request.method == "POST":
        upload = request.FILES.get("tariff")
        try:
            problems = []
            days = {}
            for name in ("from", "to"):
                try:
                    days[name] = _day(request.POST, name)
                except SitthiError as exc:
                    problems.extend(exc.items)
            if problems:
                raise SitthiError(*problems)
            job = jobs.start_whatif(
                actor,
                date_from=days["from"],
                date_to=days["to"],
                sets=(request.POST.get("sets") or "").splitlines(),
                tariff=upload.read() if upload else None,
                tariff_filename=upload.name if upload else "",
            )
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "claims/whatif.html", context, status=exc.status)
        return redirect("job_detail", job_id=job.pk)
    return render(request, "claims/whatif.html", context)


def _job(request, job_id: int) -> Job:
    actor = actor_of(request)
    actor.require(Role.NHSO, Role.ADMIN)
    job = jobs.get_job(actor, job_id)
    if job.kind != Job.Kind.CLAIMS_WHATIF or job.status != Job.Status.DONE:
        raise Http404
    return job


def _baht(satang) -> Decimal:
    return Decimal(satang or 0) / 100


def _label(row) -> str:
    return row["key"] or "ไม่มีผู้จ่าย (ปฏิเสธ) / none (rejected)"


@login_required
def whatif_result(request, job_id: int):
    job = _job(request, job_id)
    result = job.result
    tables = {
        dim: [
            {
                "key": r["key"],
                "name": r.get("name") or "",
                "before": _baht(r["before"]),
                "after": _baht(r["after"]),
                "difference": _baht(r["difference"]),
            }
            for r in result["totals"][dim]
        ]
        for dim in whatif.DIMENSIONS
    }
    funds = tables["fund"]
    chart = {
        "data": [
            {
                "type": "bar",
                "name": "ก่อน / before",
                "x": [_label(r) for r in funds],
                "y": [float(r["before"]) for r in funds],
                "marker": {"color": "#94a3b8"},
            },
            {
                "type": "bar",
                "name": "หลัง / after",
                "x": [_label(r) for r in funds],
                "y": [float(r["after"]) for r in funds],
                "marker": {"color": "#0f766e"},
            },
        ],
        "layout": {
            "barmode": "group",
            "height": 360,
            "margin": {"t": 40, "b": 60, "l": 90},
            "xaxis": {"title": {"text": "กองทุน · fund"}},
            "yaxis": {"title": {"text": "บาท · baht"}},
            "legend": {"orientation": "h", "x": 0, "y": 1.15},
        },
    }
    changed = [
        {**r, "before": _baht(r["payable_before"]), "after": _baht(r["payable_after"])}
        for r in result["changed"][:200]
    ]
    return render(
        request,
        "claims/whatif_result.html",
        {
            "job": job,
            "result": result,
            "tables": [
                {"dim": dim, "heading": whatif.HEADINGS[dim], "rows": rows}
                for dim, rows in tables.items()
            ],
            "period": [
                date.fromisoformat(job.params[k]) if job.params.get(k) else None
                for k in ("from", "to")
            ],
            "chart": chart,
            "changed": changed,
        },
    )


@login_required
def whatif_xlsx(request, job_id: int):
    job = _job(request, job_id)
    response = HttpResponse(whatif.workbook_of(job.result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="whatif-{job.pk}.xlsx"'
    return response
