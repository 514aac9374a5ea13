"""UC fund allocation pages: the fiscal years and their versions, a run with its lines,
regions and provinces (table and charts), and a unit's own statement."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sitthi.core.errors import CATALOGUE, SitthiError
from sitthi.core.models import Role
from sitthi.registry.models import Hospital, Province
from sitthi.rules.kernel.money import baht
from sitthi.web.exports import table_response, xlsx_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, services
from .exports import runs_file, units_file
from .models import Payment

MAX_UPLOAD = services.MAX_CONFIG_BYTES


def _baht(satang) -> Decimal | None:
    return None if satang is None else baht(int(satang))


@login_required
def index(request):
    """NHSO and funds: the fiscal years, their versions and runs. A hospital: the runs that
    pay it, each linking to its own statement."""
    actor = _actor(request)
    if actor.role == Role.HOSPITAL:
        runs = services.runs_for_unit(actor)
        return render(request, "allocation/mine.html", {"runs": runs, "unit": actor.hospital_code})
    context = {"errors": []}
    status = 200
    try:
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                raise SitthiError.one("VALUE_REQUIRED", "file")
            if upload.size > MAX_UPLOAD:
                raise SitthiError.one("FILE_TOO_LARGE", "file", limit="2 MB")
            version = services.load_config(actor, upload.read(), upload.name, now=timezone.now())
            return redirect("allocation_config", config_id=version.pk)
    except SitthiError as exc:
        if exc.status in (401, 403) or not request.method == "POST":
            raise
        context["errors"], status = exc.as_dict()["errors"], exc.status
    listed = lists.RUNS.run(request, actor, services.runs(actor))
    fmt = request.GET.get("format")
    if request.method == "GET" and fmt in ("csv", "xlsx") and not listed.errors:
        return runs_file(fmt, listed.rows)
    if listed.errors:
        status = max(status, 400)
    context.update(configs=services.configs(actor), listed=listed, page=listed.page)
    return render(request, "allocation/index.html", context, status=status)


@login_required
def config_detail(request, config_id: int):
    actor = _actor(request)
    version = services.get_config(actor, config_id)
    cfg = services.fiscal_year(version)
    errors, status = [], 200
    if request.method == "POST" and request.POST.get("action") == "edit":
        try:
            changes = {
                k: v
                for k, v in request.POST.items()
                if k.startswith(("lines.", "op.", "totals.")) and v != request.POST.get(f"was:{k}")
            }
            edited = services.edit_config(actor, version, changes, now=timezone.now())
            return redirect("allocation_config", config_id=edited.pk)
        except SitthiError as exc:
            if exc.status in (401, 403):
                raise
            errors, status = exc.as_dict()["errors"], exc.status
    elif request.method == "POST":  # run it over the registry's population
        try:
            upload = request.FILES.get("service")
            if upload is not None and upload.size > MAX_UPLOAD:
                raise SitthiError.one("FILE_TOO_LARGE", "service", limit="2 MB")
            from sitthi.jobs.services import run_allocation

            # A background job (sitthi.jobs): its page shows the progress, then the run.
            job = run_allocation(
                actor,
                version.pk,
                upload.read() if upload else None,
                upload.name if upload else "",
            )
            if job.status == job.Status.DONE:
                return redirect("allocation_run", run_id=job.result["run_id"])
            if not job.result.get("errors"):
                return redirect("job_detail", job_id=job.pk)
            errors = job.result["errors"]
            status = max(CATALOGUE[e["code"]].status for e in errors)
        except SitthiError as exc:
            if exc.status in (401, 403):
                raise
            errors, status = exc.as_dict()["errors"], exc.status
    lines = [
        {
            "line": ln,
            "budget": (ln.rate * cfg.registered_persons)
            if ln.rate is not None and cfg.registered_persons
            else ln.amount,
        }
        for ln in cfg.lines
    ]
    # a line held "within" another (provider assistance inside IP) is part of that line's rate
    per_person = sum(
        (ln.rate for ln in cfg.lines if ln.rate is not None and ln.capitation and not ln.within),
        Decimal(0),
    )
    return render(
        request,
        "allocation/config.html",
        {
            "version": version,
            "cfg": cfg,
            "lines": lines,
            "per_person": per_person,
            "fixed": sum((ln.amount for ln in cfg.lines if ln.amount is not None), Decimal(0)),
            "start": cfg.start,
            "end": cfg.end,
            "errors": errors,
            "notices": services.notices(cfg),
            "can_run": actor.role in (Role.NHSO, Role.ADMIN),
            "total_fields": [
                (k, getattr(cfg.totals, k), label)
                for k, label in (
                    ("capitation_per_person", _("Stated capitation per person (baht)")),
                    ("fixed", _("Stated total outside capitation (baht)")),
                )
                if getattr(cfg.totals, k) is not None
            ],
            "op_fields": [
                (k, getattr(cfg.op, k), label)
                for k, label in (
                    ("qof_per_person", _("QOF, baht per person (at least 37)")),
                    ("output_per_person", _("Output, baht per person")),
                    ("data_quality_per_person", _("Data quality, baht per person")),
                    ("age_adjusted_share_pct", _("Age-adjusted share (%)")),
                    ("equal_share_pct", _("Equal-rate share (%)")),
                    ("band_pct", _("Band around the national average (±%)")),
                )
            ]
            if cfg.op
            else [],
        },
        status=status,
    )


def _run_context(run) -> dict:
    data = run.report
    report = data["report"]
    provinces = {p.code: p for p in Province.objects.all()}
    lines = [
        {
            **ln,
            **{k.removesuffix("_satang"): _baht(v) for k, v in ln.items() if k.endswith("_satang")},
        }
        for ln in data["lines"]
    ]
    clamp = (report.get("op") or {}).get("clamp") or {}
    op_provinces = [
        {
            **p,
            "name": provinces.get(p["province"]),
            "amount": _baht(p["amount_satang"]),
            "moved": _baht(p["moved_satang"]),
        }
        for p in data["op_provinces"]
    ]
    op_regions = [
        {
            **r,
            **{k.removesuffix("_satang"): _baht(v) for k, v in r.items() if k.endswith("_satang")},
        }
        for r in data["op_regions"]
    ]
    return {
        "run": run,
        "report": report,
        "lines": lines,
        "op_provinces": op_provinces,
        "op_regions": op_regions,
        "clamp": clamp,
        "moved": _baht(clamp.get("moved_satang")),
        "transfers": [{**t, "baht": _baht(t["satang"])} for t in report.get("transfers") or []],
        "totals": {
            k: sum((ln[k] or 0) for ln in lines)
            for k in ("budget", "to_units", "to_others", "held", "difference")
        },
    }


@login_required
def run_detail(request, run_id: int):
    actor = _actor(request)
    run = services.get_run(actor, run_id)
    context = _run_context(run)
    chart = _charts(context)
    units = (
        Payment.objects.filter(run=run, payee_kind="unit")
        .values("payee", "province")
        .annotate(total=Sum("amount"))
        .order_by("-total")[:10]
    )
    names = dict(
        Hospital.objects.filter(hcode__in=[u["payee"] for u in units]).values_list(
            "hcode", "name_th"
        )
    )
    context.update(
        chart=chart,
        top_units=[{**u, "name": names.get(u["payee"], "")} for u in units],
        unit_count=Payment.objects.filter(run=run, payee_kind="unit")
        .values("payee")
        .distinct()
        .count(),
    )
    return render(request, "allocation/run.html", context)


@login_required
def units(request, run_id: int):
    """Every unit a run pays, with its money by line: searched by code or name, filtered by
    region, province, ownership and MOPH, in pages, exported whole (every filtered unit)."""
    actor = _actor(request)
    run = services.get_run(actor, run_id)  # a hospital: ROLE_FORBIDDEN (its own statement only)
    lines = services.unit_lines(run)
    listed = lists.UNITS.run(request, actor, services.unit_rows(run, lines))
    if not isinstance(listed, Listed):
        return listed
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return units_file(fmt, run, lines, listed.rows)
    page_rows = list(listed.page.object_list)
    names = {
        h.hcode: h
        for h in Hospital.objects.filter(hcode__in=[r["payee"] for r in page_rows]).select_related(
            "province"
        )
    }
    for r in page_rows:
        r["hospital"] = names.get(r["payee"])
        r["amounts"] = [r[f"line_{i}"] for i in range(len(lines))]
    listed.page.object_list = page_rows
    return render(
        request,
        "allocation/units.html",
        {"run": run, "lines": lines, "listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )


def _charts(context) -> dict:
    """Plotly figures: each province's OP capitation rate (80 % part, per person) against the
    ±band around the national average, before and after the clamp; money by line."""
    provinces = sorted(context["op_provinces"], key=lambda p: Decimal(p["rate_baht"]))
    clamp = context["clamp"]
    avg = clamp.get("national_rate_baht")
    low, high = clamp.get("band_low_baht"), clamp.get("band_high_baht")
    labels = [f"{p['province']} {p['name'].name_th if p['name'] else ''}" for p in provinces]
    rates = {
        "data": [
            {
                "type": "bar",
                "name": "หลังปรับ / after the band",
                "x": labels,
                "y": [float(p["rate_baht"]) for p in provinces],
                "marker": {"color": "#0f766e"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "ก่อนปรับ / before",
                "x": labels,
                "y": [float(p["rate_before_baht"]) for p in provinces],
                "marker": {"color": "#b45309", "size": 6},
            },
        ],
        "layout": {
            "height": 420,
            "margin": {"t": 50, "b": 140, "l": 70},
            "xaxis": {"title": {"text": "จังหวัด · province"}},
            "yaxis": {"title": {"text": "บาท/คน · baht/person"}},
            "shapes": [
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": float(v),
                    "y1": float(v),
                    "line": {"dash": "dash", "color": c},
                }
                for v, c in ((low, "#dc2626"), (avg, "#334155"), (high, "#dc2626"))
                if v is not None
            ],
            "legend": {"orientation": "h", "x": 0, "y": 1.12},
        },
    }
    # the lines shared out in this run (held lines are paid during the year by their own rules)
    paid = [ln for ln in context["lines"] if (ln["to_units"] or 0) or (ln["to_others"] or 0)]
    money = {
        "data": [
            {
                "type": "bar",
                "name": "ถึงหน่วยบริการ / to units",
                "x": [ln["line"] for ln in paid],
                "y": [float(ln["to_units"] or 0) / 1e6 for ln in paid],
            },
            {
                "type": "bar",
                "name": "ผู้รับอื่น / other payees",
                "x": [ln["line"] for ln in paid],
                "y": [float(ln["to_others"] or 0) / 1e6 for ln in paid],
            },
            {
                "type": "bar",
                "name": "เก็บไว้ที่ สปสช. / held at NHSO",
                "x": [ln["line"] for ln in paid],
                "y": [float(ln["held"] or 0) / 1e6 for ln in paid],
            },
        ],
        "layout": {
            "barmode": "stack",
            "height": 380,
            "margin": {"t": 50},
            "xaxis": {"title": {"text": "รายการงบ · budget line"}},
            "yaxis": {"title": {"text": "ล้านบาท · million baht"}},
            "legend": {"orientation": "h", "x": 0, "y": 1.12},
        },
    }
    return {"rates": rates, "money": money}


@login_required
def statement(request, run_id: int, unit: str):
    actor = _actor(request)
    run, rows = services.statement(actor, run_id, unit)
    hospital = Hospital.objects.filter(hcode=unit).first()
    total = services.describe_statement(run, rows)
    if request.GET.get("format") == "xlsx":
        return _statement_xlsx(run, unit, hospital, rows, total)
    return render(
        request,
        "allocation/statement.html",
        {"run": run, "unit": unit, "hospital": hospital, "rows": rows, "total": total},
    )


def _statement_xlsx(run, unit, hospital, rows, total) -> HttpResponse:
    header = [
        "รายการ / Line",
        "ส่วน / Part",
        "จำนวนเงิน (บาท) / Amount (baht)",
        "สตางค์จากการปัด / Rounding (satang)",
        "ที่มา / Basis (Thai)",
        "ที่มาภาษาอังกฤษ / Basis",
    ]
    body = [
        [f"{r.line} {r.line_th}", r.part_th, r.amount, r.rounding_satang, r.basis_th, r.basis_en]
        for r in rows
    ] + [["รวม / TOTAL", "", total, "", "", ""]]
    fy = run.config.fy
    title = (
        f"รายการจัดสรรของหน่วยบริการ {unit} ปีงบประมาณ {fy} (ครั้งที่ {run.pk})",
        f"Allocation statement of unit {unit}, fiscal year {fy} (run {run.pk})",
    )
    audience = f"{unit} {hospital.name_th}" if hospital else unit
    return table_response(
        "xlsx",
        f"allocation-fy{fy}-run{run.pk}-{unit}",
        header,
        body,
        title=title,
        audience=audience,
        sheet=f"รายการจัดสรร {unit} ปีงบ {fy}",
    )


@login_required
def run_export(request, run_id: int):
    """The whole run as XLSX: lines, regions, provinces, every payment."""
    actor = _actor(request)
    run = services.get_run(actor, run_id)
    from sitthi.web.exports import _audience

    from .exports import run_workbook

    return xlsx_response(
        run_workbook(run, _audience(request)), f"allocation-fy{run.config.fy}-run{run.pk}.xlsx"
    )
