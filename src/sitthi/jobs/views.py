"""The jobs pages: every job the reader may see with its progress, and one job's outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sitthi.web.pages import actor_of

from . import services
from .models import Job


@login_required
def job_list(request):
    actor = actor_of(request)
    jobs = list(services.jobs_for(actor).select_related("hospital")[:100])
    return render(request, "jobs/list.html", {"jobs": jobs})


def _claims(job: Job) -> list[dict]:
    from sitthi.claims.models import Claim

    outcomes = job.result.get("outcomes") or []
    found = Claim.objects.in_bulk([o["claim_id"] for o in outcomes])
    return [{**o, "claim": found[o["claim_id"]]} for o in outcomes if o["claim_id"] in found]


@login_required
def job_detail(request, job_id: int):
    job = services.get_job(actor_of(request), job_id)
    context = {
        "job": job,
        "report": job.result.get("report") or [],
        "errors": job.result.get("errors") or [],
        "created": _claims(job) if job.kind == Job.Kind.CLAIMS_IMPORT else [],
    }
    return render(request, "jobs/detail.html", context)


@login_required
def job_report(request, job_id: int):
    """A refused file's problems as an Excel sheet (as the upload page gives them)."""
    from sitthi.claims.upload import report_xlsx_from_rows

    job = services.get_job(actor_of(request), job_id)
    response = HttpResponse(
        report_xlsx_from_rows(job.result.get("report") or []),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="job-{job.pk}-report.xlsx"'
    return response
