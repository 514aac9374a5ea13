"""Jobs endpoints: a hospital's claims file queued as a job (202 with the job's address), and
each caller's jobs with their progress."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.errors import SitthiError

from . import services
from .models import Job

router = Router(tags=["Jobs"], auth=AUTH)

#: The largest claims file taken (the e-Claim ZIP of a large hospital's month fits).
MAX_FILE = 20 * 1024 * 1024


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int | None
    message_th: str
    message_en: str
    error_code: str | None
    result: dict
    attempts: int
    hospital: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    links: dict[str, str]


class JobsOut(Schema):
    jobs: list[JobOut]


def job_out(job: Job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message_th": job.message_th,
        "message_en": job.message_en,
        "error_code": job.error_code or None,
        "result": job.result,
        "attempts": job.attempts,
        "hospital": job.hospital_id,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "links": {"self": f"/api/v1/jobs/{job.pk}", "page": f"/jobs/{job.pk}/"},
    }


@router.get("/jobs", response={200: JobsOut, **ERRORS}, summary="Your background jobs")
def list_jobs(request, status: str | None = None, limit: int = 50):
    """The latest jobs the caller may see (a hospital its own, NHSO every one), newest first;
    ``status`` one of queued, running, done, failed."""
    actor = actor_of(request)
    if actor.is_public:
        raise SitthiError.one("AUTH_REQUIRED")
    if status is not None and status not in Job.Status.values:
        raise SitthiError.one("REQUEST_INVALID", "status", detail="queued/running/done/failed")
    qs = services.jobs_for(actor)
    if status:
        qs = qs.filter(status=status)
    return {"jobs": [job_out(j) for j in qs[: max(1, min(limit, 200))]]}


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, summary="One background job")
def get_job(request, job_id: int):
    return job_out(services.get_job(actor_of(request), job_id))


@router.post(
    "/claim-files",
    response={202: JobOut, **ERRORS},
    summary="Send a claims file (CSV, XLSX or e-Claim ZIP) as a background job",
)
def send_claims_file(request, file: File[UploadedFile]):
    """The file is checked and stored whole or not at all by a worker; the answer (202) is the
    job: follow ``links.self`` until its status is done or failed (a refused file's problems
    are in ``result.report``)."""
    if file.size > MAX_FILE:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="20 MB")
    job = services.import_claims(actor_of(request), file.read(), file.name or "claims")
    return Status(202, job_out(job))


class WhatIfIn(Schema):
    date_from: str | None = Field(
        None, alias="from", max_length=20, description="Claims admitted on or after (YYYY-MM-DD)"
    )
    date_to: str | None = Field(None, alias="to", max_length=20, description="… on or before")
    sets: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Parameter changes: name=value@YYYY-MM-DD (the value from that day on).",
    )


@router.post(
    "/claims-whatif/fee-schedule",
    response={202: JobOut, **ERRORS},
    summary="NHSO: decide a period's claims under another fee schedule, as a background job",
)
def claims_whatif_file(request, form: Form[WhatIfIn], file: File[UploadedFile]):
    """As `POST /claims-whatif`, with a fee-schedule file (CSV/XLSX, as the fee schedules page
    loads it) whose schedules replace theirs for the changed run (the page's file field);
    parameter changes may come too as `sets` form fields."""
    from sitthi.registry.services import parse_date

    if file.size > MAX_FILE:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="20 MB")
    days = [
        parse_date(v, name) if v else None
        for v, name in ((form.date_from, "from"), (form.date_to, "to"))
    ]
    job = services.start_whatif(
        actor_of(request),
        date_from=days[0],
        date_to=days[1],
        sets=form.sets,
        tariff=file.read(),
        tariff_filename=file.name or "tariff.csv",
    )
    return Status(202, job_out(job))


@router.post(
    "/claims-whatif",
    response={202: JobOut, **ERRORS},
    summary="NHSO: decide a period's claims under changed parameters, as a background job",
)
def claims_whatif(request, payload: WhatIfIn):
    """The what-if of the page `/claims/whatif/` and of `sitthi whatif`: the period's claims
    decided under the versions in force and under the changed parameters; nothing stored
    changes. The job's `result` holds the totals in satang by fund, region, province,
    hospital and item, and the changed lines (the first 5,000). A change that cannot be read
    is answered at once (400 WHATIF_CHANGE_INVALID)."""
    from sitthi.registry.services import parse_date

    days = [
        parse_date(v, name) if v else None
        for v, name in ((payload.date_from, "from"), (payload.date_to, "to"))
    ]
    job = services.start_whatif(
        actor_of(request), date_from=days[0], date_to=days[1], sets=payload.sets
    )
    return Status(202, job_out(job))
