"""Allocation endpoints: what the allocation pages show, scoped as they are, through the same
services. NHSO, funds and admin read every fiscal year's versions and runs and the units a run
pays; a hospital reads the runs that pay it and its own unit's statement (any other unit is
NOT_FOUND, as if it did not exist). NHSO loads a year's configuration file and starts a run as
a background job (``sitthi.jobs``)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.jobs.api import JobOut, job_out
from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.money import amount_text, baht
from sitthi.web.exports import API_FORMAT_HELP, api_file_format, api_file_responses

from . import lists, services
from .exports import runs_file, units_file
from .models import FiscalYearConfig, Run

router = Router(tags=["Allocation"], auth=AUTH)


def _satang(value) -> str | None:
    return None if value is None else amount_text(baht(int(value)))


def _today() -> date:
    return thaitime.bangkok_date(timezone.now())


# -- configuration versions ----------------------------------------------------------------------


class AllocationConfigOut(Schema):
    id: int
    fy: int = Field(..., description="Fiscal year, Buddhist Era (1 Oct – 30 Sep)")
    version: int
    filename: str
    content_hash: str
    created_at: datetime
    created_by: str
    runs: int


class AllocationConfigPage(Schema):
    count: int
    items: list[AllocationConfigOut]


class AllocationBudgetLineOut(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    method: str
    capitation: bool
    within: str | None
    rate: str | None = Field(None, description="baht per registered person, as stated")
    amount: str | None = Field(None, description="a fixed amount, baht")
    source: str


class AllocationNoticeOut(Schema):
    code: str
    field: str
    message_th: str
    message_en: str


class AllocationConfigDetailOut(AllocationConfigOut):
    population_date: date
    registered_persons: int | None
    lines: list[AllocationBudgetLineOut]
    notices: list[AllocationNoticeOut] = Field(
        ..., description="What the year's page says without refusing anything"
    )


def config_out(v: FiscalYearConfig) -> dict:
    return {
        "id": v.pk,
        "fy": v.fy,
        "version": v.version,
        "filename": v.filename,
        "content_hash": v.content_hash,
        "created_at": v.created_at,
        "created_by": v.created_by.username,
        "runs": v.run_count if hasattr(v, "run_count") else v.runs.count(),
    }


class AllocationConfigFilter(Schema):
    fy: int | None = Field(None, ge=2400, le=2800, description="Fiscal year, Buddhist Era")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get(
    "/allocation/configs",
    response={200: AllocationConfigPage, **ERRORS},
    summary="NHSO or fund: the fiscal years' configuration versions",
)
def list_configs(request, filters: Query[AllocationConfigFilter]):
    """Newest fiscal year and version first. A hospital is not offered them (ROLE_FORBIDDEN),
    as on the allocation page, which shows it only the runs that pay it."""
    qs = services.configs(actor_of(request)).annotate(run_count=Count("runs"))
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    return {
        "count": qs.count(),
        "items": [config_out(v) for v in qs[filters.offset : filters.offset + filters.limit]],
    }


@router.get(
    "/allocation/configs/{config_id}",
    response={200: AllocationConfigDetailOut, **ERRORS},
    summary="NHSO or fund: one configuration version with its budget lines",
)
def get_config(request, config_id: int):
    version = services.get_config(actor_of(request), config_id)
    cfg = services.fiscal_year(version)
    notices = services.notices(cfg)
    return {
        **config_out(version),
        "population_date": cfg.population_date,
        "registered_persons": cfg.registered_persons,
        "lines": [
            {
                "code": ln.code,
                "name_th": ln.name_th,
                "name_en": ln.name_en,
                "kind": ln.kind,
                "method": ln.method,
                "capitation": ln.capitation,
                "within": ln.within,
                "rate": None if ln.rate is None else str(ln.rate),
                "amount": amount_text(ln.amount),
                "source": ln.source,
            }
            for ln in cfg.lines
        ],
        "notices": [
            {
                "code": n.code,
                "field": n.field,
                "message_th": n.message_th,
                "message_en": n.message_en,
            }
            for n in notices
        ],
    }


@router.post(
    "/allocation/configs",
    response={200: AllocationConfigOut, 201: AllocationConfigOut, **ERRORS},
    summary="NHSO: load a fiscal year's configuration file (YAML or XLSX)",
)
def load_config(request, file: File[UploadedFile]):
    """The file becomes the year's newest version (201); earlier versions stay, and their runs
    keep pointing at them, so nothing is replaced and nothing is asked first (as on the page).
    The same content as the year's newest version answers that version (200) and stores
    nothing. A file with any problem is refused whole with every problem (ALLOC_* codes, a
    workbook's with their sheet and row) and stores nothing."""
    actor = actor_of(request)
    actor.require(Role.NHSO, Role.ADMIN)
    if file.size > services.MAX_CONFIG_BYTES:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="2 MB")
    now = timezone.now()
    version = services.load_config(actor, file.read(), file.name or "", now=now)
    return Status(201 if version.created_at == now else 200, config_out(version))


class AllocationEditIn(Schema):
    changes: dict[str, str] = Field(
        ...,
        max_length=200,
        description='Figures to replace, as on the year\'s page: {"lines.OP.rate": "1110.00", '
        '"totals.capitation_per_person": "3035.02", "op.band_pct": "10"}.',
    )


@router.post(
    "/allocation/configs/{config_id}/edits",
    response={200: AllocationConfigOut, 201: AllocationConfigOut, **ERRORS},
    summary="NHSO: a new version of the year with some figures changed (the allocation what-if)",
)
def edit_config(request, config_id: int, payload: AllocationEditIn):
    """As "Change figures" on the version's page (``services.edit_config``): the figures
    replaced and the year checked whole like a file — any problem refuses it (ALLOC_* codes,
    ALLOC_UNKNOWN_KEY for a figure that is not one) and stores nothing; no change at all
    answers the same version, and content equal to the year's newest version answers that one
    (200, nothing stored); a new version is 201. Run the new version (…/runs) and compare the
    runs (GET /allocation/compare)."""
    actor = actor_of(request)
    version = services.get_config(actor, config_id)
    for key, value in payload.changes.items():
        if len(key) > 80 or len(value) > 40:
            raise SitthiError.one(
                "REQUEST_INVALID", "changes", detail="a figure's name or value is too long"
            )
    now = timezone.now()
    edited = services.edit_config(actor, version, payload.changes, now=now)
    # stored now (its own time) or an existing version answered
    return Status(201 if edited.created_at == now else 200, config_out(edited))


@router.post(
    "/allocation/configs/{config_id}/runs",
    response={202: JobOut, **ERRORS},
    summary="NHSO: run a configuration version over the registry, as a background job",
)
def start_run(request, config_id: int, service: File[UploadedFile | None] = None):
    """As the version's page does: the allocation over the registry's UC persons, with the
    year's service output (``service``, CSV/XLSX/Parquet) if given. The role, the version and
    the service file are checked at once (a refusal stores nothing); the answer (202) is the
    job: follow ``links.self`` (GET /api/v1/jobs/{job_id}) until it is done (``result.run_id``)
    or failed."""
    from sitthi.jobs.services import run_allocation

    actor = actor_of(request)
    actor.require(Role.NHSO, Role.ADMIN)
    if service is not None and service.size > services.MAX_CONFIG_BYTES:
        raise SitthiError.one("FILE_TOO_LARGE", "service", limit="2 MB")
    job = run_allocation(
        actor,
        config_id,
        service.read() if service is not None else None,
        (service.name or "service") if service is not None else "",
    )
    return Status(202, job_out(job))


# -- runs -----------------------------------------------------------------------------------------


class AllocationRunOut(Schema):
    id: int
    config_id: int
    fy: int
    version: int
    status: str
    persons: int
    units: int
    population_source: str
    inputs_source: str
    started_at: datetime
    finished_at: datetime


class AllocationRunPage(Schema):
    count: int
    items: list[AllocationRunOut]


def run_out(r: Run) -> dict:
    return {
        "id": r.pk,
        "config_id": r.config_id,
        "fy": r.config.fy,
        "version": r.config.version,
        "status": r.status,
        "persons": r.persons,
        "units": r.units,
        "population_source": r.population_source,
        "inputs_source": r.inputs_source,
        "started_at": r.started_at,
        "finished_at": r.finished_at,
    }


class AllocationRunFilter(Schema):
    """As on the allocation page (``sitthi.allocation.lists.RUNS``): ``fy`` a fiscal year
    (Buddhist Era) and ``version`` a version number that exist."""

    fy: str | None = None
    version: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


@router.get(
    "/allocation/runs",
    response={200: AllocationRunPage, **ERRORS},
    summary="Allocation runs (a hospital: the runs that pay it)",
    openapi_extra=api_file_responses(),
)
def list_runs(request, filters: Query[AllocationRunFilter]):
    """Newest first. NHSO, funds and admin every run; a hospital the runs in which its unit
    receives something (as its allocation page lists them). With ``format=csv|xlsx`` (or
    ``Accept``) every selected run as the page exports it."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    rows = services.runs_for_unit(actor) if actor.role == Role.HOSPITAL else services.runs(actor)
    qs = lists.RUNS.apply(
        actor, rows, filters.dict(exclude={"limit", "offset", "format"}), _today()
    )
    if fmt:
        return runs_file(fmt, qs)
    return {
        "count": qs.count(),
        "items": [run_out(r) for r in qs[filters.offset : filters.offset + filters.limit]],
    }


class AllocationRunLineOut(Schema):
    line: str
    name_th: str
    name_en: str
    method: str
    budget: str | None
    transfer_in: str | None
    transfer_out: str | None
    to_units: str | None
    to_others: str | None
    held: str | None
    rounding: str | None
    difference: str | None


class AllocationRunDetailOut(AllocationRunOut):
    lines: list[AllocationRunLineOut]


@router.get(
    "/allocation/runs/{run_id}",
    response={200: AllocationRunDetailOut, **ERRORS},
    summary="NHSO or fund: one run with its budget lines' reconciliation",
)
def get_run(request, run_id: int):
    """Each budget line's money as the run's page and workbook show it (baht, two decimals):
    the budget, what moved between lines, what went to units and to other payees, what NHSO
    holds, the rounding and the difference. A hospital reads its own statement instead
    (ROLE_FORBIDDEN here, as on the page)."""
    from .exports import LINE_MONEY

    run = services.get_run(actor_of(request), run_id)
    return {
        **run_out(run),
        "lines": [
            {
                "line": ln["line"],
                "name_th": ln["name_th"],
                "name_en": ln["name_en"],
                "method": ln["method"],
                **{k: _satang(ln.get(f"{k}_satang")) for k, _th, _en in LINE_MONEY},
            }
            for ln in run.report["lines"]
        ],
    }


class AllocationUnitFilter(Schema):
    """As on the run's units page (``sitthi.allocation.lists.UNITS``): ``q`` a unit code or
    name (part of it); ``region`` a health region number; ``province`` a province code;
    ``ownership`` public or private; ``moph`` yes or no."""

    q: str | None = None
    region: str | None = None
    province: str | None = None
    ownership: str | None = None
    moph: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class AllocationUnitAmountOut(Schema):
    line: str
    amount: str | None


class AllocationUnitOut(Schema):
    unit: str
    unit_name: str
    province: str
    region: int | None
    amounts: list[AllocationUnitAmountOut]
    total: str


class AllocationUnitPage(Schema):
    count: int
    lines: list[str] = Field(..., description="The run's lines that pay units, in its order")
    items: list[AllocationUnitOut]


@router.get(
    "/allocation/runs/{run_id}/units",
    response={200: AllocationUnitPage, **ERRORS},
    summary="NHSO or fund: the units a run pays, with their money by line",
    openapi_extra=api_file_responses(),
)
def list_units(request, run_id: int, filters: Query[AllocationUnitFilter]):
    """Most money first, filtered as the page filters them. With ``format=csv|xlsx`` (or
    ``Accept``) every selected unit as the page exports it."""
    from sitthi.registry.models import Hospital

    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    run = services.get_run(actor, run_id)
    lines = services.unit_lines(run)
    qs = lists.UNITS.apply(
        actor,
        services.unit_rows(run, lines),
        filters.dict(exclude={"limit", "offset", "format"}),
        _today(),
    )
    if fmt:
        return units_file(fmt, run, lines, qs)
    page = list(qs[filters.offset : filters.offset + filters.limit])
    names = dict(
        Hospital.objects.filter(hcode__in=[r["payee"] for r in page]).values_list(
            "hcode", "name_th"
        )
    )
    return {
        "count": qs.count(),
        "lines": [ln["line"] for ln in lines],
        "items": [
            {
                "unit": r["payee"],
                "unit_name": names.get(r["payee"], ""),
                "province": r["province"],
                "region": r["region"],
                "amounts": [
                    {"line": ln["line"], "amount": amount_text(r[f"line_{i}"])}
                    for i, ln in enumerate(lines)
                ],
                "total": amount_text(r["total"]),
            }
            for r in page
        ],
    }


class AllocationStatementRowOut(Schema):
    line: str
    line_th: str
    line_en: str
    part: str
    part_th: str
    part_en: str
    amount: str
    rounding_satang: int
    basis_th: str
    basis_en: str


class AllocationStatementOut(Schema):
    run_id: int
    fy: int
    version: int
    unit: str
    unit_name: str
    total: str
    rows: list[AllocationStatementRowOut]


@router.get(
    "/allocation/runs/{run_id}/units/{unit}",
    response={200: AllocationStatementOut, **ERRORS},
    summary="A unit's statement: what it receives from a run, and why",
)
def get_statement(request, run_id: int, unit: str):
    """Every line and part the unit receives (deductions negative), each with its basis in
    Thai and English. A hospital reads its own unit only: any other answers NOT_FOUND, as if it
    did not exist."""
    from sitthi.registry.models import Hospital

    run, rows = services.statement(actor_of(request), run_id, unit[:20])
    total = services.describe_statement(run, rows)
    hospital = Hospital.objects.filter(hcode=unit).first()
    return {
        "run_id": run.pk,
        "fy": run.config.fy,
        "version": run.config.version,
        "unit": unit,
        "unit_name": hospital.name_th if hospital else "",
        "total": amount_text(total),
        "rows": [
            {
                "line": r.line,
                "line_th": r.line_th,
                "line_en": r.line_en,
                "part": r.part,
                "part_th": r.part_th,
                "part_en": r.part_en,
                "amount": amount_text(r.amount),
                "rounding_satang": r.rounding_satang,
                "basis_th": r.basis_th,
                "basis_en": r.basis_en,
            }
            for r in rows
        ],
    }


# -- two runs compared (the allocation what-if) ---------------------------------------------------


class AllocationCompareRowOut(Schema):
    key: str | None
    name: str
    base: str
    other: str
    difference: str


class AllocationCompareOut(Schema):
    base_run: int
    other_run: int
    total_base: str
    total_other: str
    total_difference: str
    by_line: list[AllocationCompareRowOut]
    by_region: list[AllocationCompareRowOut]
    by_province: list[AllocationCompareRowOut]
    by_payee: list[AllocationCompareRowOut]


@router.get(
    "/allocation/compare",
    response={200: AllocationCompareOut, **ERRORS},
    summary="Two allocation runs compared: money by line, region, province and payee",
)
def compare_runs(request, base: int, other: int):
    """As the page /allocation/compare/: a run of the year beside a run of an edited version
    (the allocation what-if), each amount and the difference to the satang; payees sorted by
    the largest change. Who reads runs (NHSO, admin, funds) may compare them."""
    from .compare import compare

    c = compare(actor_of(request), base, other)

    def rows(dim):
        return [
            {
                "key": r["key"],
                "name": r["name"],
                "base": amount_text(r["base"]),
                "other": amount_text(r["other"]),
                "difference": amount_text(r["difference"]),
            }
            for r in c.tables[dim]
        ]

    return {
        "base_run": c.base.pk,
        "other_run": c.other.pk,
        "total_base": amount_text(c.total_base),
        "total_other": amount_text(c.total_other),
        "total_difference": amount_text(c.total_difference),
        "by_line": rows("line"),
        "by_region": rows("region"),
        "by_province": rows("province"),
        "by_payee": rows("payee"),
    }
