"""Hospital finance pages: a quarter's risk scores and the upload, a hospital's ratios, flags
and trend, a region's watch list (levels 6 and 7) with its chart and XLSX export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from sitthi.allocation.sources import read_numbered
from sitthi.core import staging
from sitthi.core.errors import SitthiError
from sitthi.registry.models import Region
from sitthi.registry.services import parse_integer
from sitthi.rules.finance import risk
from sitthi.web.exports import table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, services

MAX_UPLOAD = 10 * 1024 * 1024

FLAG_NAMES = {
    "cr_below_1_5": ("CR < 1.5", "สภาพคล่อง (Current Ratio) ต่ำกว่า 1.5"),
    "qr_below_1": ("QR < 1.0", "สินทรัพย์หมุนเวียนเร็ว (Quick Ratio) ต่ำกว่า 1.0"),
    "cash_below_0_8": ("Cash < 0.8", "อัตราส่วนเงินสด (Cash Ratio) ต่ำกว่า 0.8"),
    "nwc_negative": ("NWC < 0", "ทุนหมุนเวียนสุทธิติดลบ"),
    "ni_negative": ("NI < 0", "รายได้ต่ำกว่าค่าใช้จ่าย (ขาดทุน)"),
    "months_below_6": ("NWC/ANI < 6", "ทุนหมุนเวียนจะหมดภายใน 6 เดือน"),
    "months_below_3": ("NWC/ANI < 3 (×2)", "ทุนหมุนเวียนจะหมดภายใน 3 เดือน (น้ำหนัก 2 เท่า)"),
}


def _quarter_args(request, default=None) -> tuple[int, int]:
    known = services.quarters()
    fallback = default or (known[0] if known else (2565, 1))
    try:
        fy = parse_integer(request.GET.get("fy") or fallback[0], "fy", minimum=2400, maximum=2800)
        q = parse_integer(request.GET.get("q") or fallback[1], "q", minimum=1, maximum=4)
    except SitthiError:
        fy, q = fallback
    return fy, q


def _level(level: int) -> dict:
    th, en = risk.LEVELS[level]
    return {"level": level, "th": th, "en": en, "watch": level in risk.WATCH_LEVELS}


STAGE_KIND = "finance.statements"
ROW_KEYS = ("hospital", *risk.FIELDS)


def _read_upload(upload) -> tuple[list[int], list[dict]]:
    if upload is None:
        raise SitthiError.one("FILE_MISSING", "file")
    if upload.size > MAX_UPLOAD:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="10 MB")
    columns, numbers, rows = read_numbered(upload.read(), upload.name)
    missing = [c for c in ROW_KEYS if c not in columns]
    if missing:
        raise SitthiError.one("COLUMN_MISSING", "file", column=", ".join(missing))
    return numbers, [{k: r.get(k) for k in ROW_KEYS} for r in rows]


def _post(request, actor, now, context) -> int:
    """An upload (read, checked; stored at once unless it replaces something, then staged
    for the preview), a confirmation of a staged one, or its cancellation. Returns the page's
    status; fills the context's report, preview or errors."""
    action = request.POST.get("action", "")
    actor.require(*services.LOADERS)
    if action == "cancel":
        staging.drop(actor, STAGE_KIND, request.POST.get("stage", ""), now=now)
        context["cancelled"] = True
        return 200
    if action == "confirm":
        with transaction.atomic():
            staged = staging.take(actor, STAGE_KIND, request.POST.get("stage", ""), now=now)
            p = staged.payload
            report = services.plan_statements(
                actor, p["rows"], fiscal_year=p["fy"], quarter=p["q"], numbers=p["numbers"]
            )
            services.store_statements(
                actor, report, source=p["source"], now=now, expect=p["expect"]
            )
        context.update(report=report, problems=report.rows(), filename=staged.filename)
        context.update(fy=report.fiscal_year, q=report.quarter, replaced=report.replacing)
        return 200 if not report.problem_rows else 400
    upload = request.FILES.get("file")
    fy, q = services.check_quarter(request.POST.get("fy"), request.POST.get("q"))
    context.update(upload_fy=fy, upload_q=q)
    numbers, rows = _read_upload(upload)
    report = services.plan_statements(actor, rows, fiscal_year=fy, quarter=q, numbers=numbers)
    context.update(report=report, problems=report.rows(), fy=fy, q=q, filename=upload.name)
    if report.replacing:
        # Nothing is written until the officer has seen what would be replaced and confirms.
        staged = staging.stage(
            actor,
            STAGE_KIND,
            {
                "fy": fy,
                "q": q,
                "source": f"upload {upload.name}"[:200],
                "numbers": numbers,
                "rows": rows,
                "expect": {r.hospital: r.old.pk for r in report.replacing}
                | dict.fromkeys(report.new_hospitals, 0),
            },
            now=now,
            filename=upload.name,
        )
        context.update(preview=report, stage=staged.token)
        return 200
    # Nothing in force is replaced: stored at once (the officer's ordinary quarterly load).
    services.store_statements(actor, report, source=f"upload {upload.name}", now=now)
    return 200 if not report.problem_rows else 400


@login_required
def index(request):
    actor = _actor(request)
    now = timezone.now()
    fy, q = _quarter_args(request)
    upload_fy, upload_q = services.current_quarter(now)
    region = request.GET.get("region") or ""
    context = {
        "fy": fy,
        "q": q,
        "upload_fy": upload_fy,
        "upload_q": upload_q,
        "region": region,
        "regions": Region.objects.order_by("number"),
        "quarters": services.quarters(),
        "can_load": actor.role in services.LOADERS,
        "fields": [(f, *risk.FIELD_NAMES[f]) for f in risk.FIELDS],
        "report": None,
        "errors": [],
    }
    status = 200
    if request.method == "POST":
        try:
            status = _post(request, actor, now, context)
        except SitthiError as exc:
            context.update(errors=exc.as_dict()["errors"], report=None, preview=None)
            status = exc.status
        fy, q = context["fy"], context["q"]  # the quarter loaded, if any, is shown
    listed = _listed(request, lists.HOSPITALS, actor, services.statements(actor), (fy, q))
    fmt = request.GET.get("format")
    if request.method == "GET" and fmt in ("csv", "xlsx") and not listed.errors:
        name = f"finance-hospitals-{listed.values['fy'] or 'all'}Q{listed.values['q'] or 'all'}"
        return table_response(
            fmt, name, LIST_HEADERS, _list_rows(listed.rows), sheet="ความเสี่ยงทางการเงิน"
        )
    for r in listed.page:
        r.level_info = _level(r.level)
    by_level = dict(listed.rows.values_list("level").annotate(n=Count("id")).order_by())
    context.update(
        listed=listed,
        page=listed.page,
        counts=[by_level.get(lv, 0) for lv in range(8)],
        levels=[_level(lv) for lv in range(8)],
        quarters=services.quarters(),  # again: a load may have added one
        shown_fy=listed.values.get("fy", ""),
        shown_q=listed.values.get("q", ""),
    )
    if listed.errors:
        status = max(status, 400)
    return render(request, "finance/index.html", context, status=status)


def _listed(request, listing, actor, rows, quarter) -> Listed:
    """The list of ``rows`` for the page's quarter: without ``fy`` and ``q`` in the address,
    the quarter just loaded or else the latest loaded (as the pages always did); with them
    (even empty: "every quarter"), what they say."""
    known = services.quarters()
    if known and "fy" not in request.GET and "q" not in request.GET:
        fy, q = quarter if tuple(quarter) in known else known[0]
        params = request.GET.copy()
        params["fy"], params["q"] = str(fy), str(q)
        request.GET = params
    return listing.run(request, actor, rows)


LIST_HEADERS = [
    "รหัส / hcode",
    "หน่วยบริการ / hospital",
    "จังหวัด / province",
    "ระดับ / level",
    "ความหมาย / meaning",
    "CR",
    "QR",
    "Cash ratio",
    "ทุนหมุนเวียนสุทธิ (บาท) / NWC (baht)",
    "รายได้สูง(ต่ำ)กว่าค่าใช้จ่าย (บาท) / NI (baht)",
    "เดือนที่ทุนหมุนเวียนเหลือ / months left",
    "เขตสุขภาพ / health region",
    "ปีงบประมาณ / fiscal year",
    "ไตรมาส / quarter",
]


def _list_rows(rows):
    for s in rows.iterator():
        yield [
            s.hospital_id,
            s.hospital.name_th,
            s.hospital.province.name_th,
            s.level,
            risk.LEVELS[s.level][0],
            s.cr,
            s.qr,
            s.cash_ratio,
            s.nwc,
            s.ni,
            s.months_left,
            s.hospital.province.region_id,
            s.fiscal_year,
            s.quarter,
        ]


def template_csv(request):
    """An empty file with the columns the upload expects, to fill in Excel."""
    return table_response("csv", "statements-template", ["hospital", *risk.FIELDS], [])


@login_required
def hospital(request, hcode: str):
    actor = _actor(request)
    hosp, statements = services.hospital_history(actor, hcode)
    for st in statements:
        st.level_info = _level(st.level)
        st.fired = [
            {"key": k, "label": FLAG_NAMES[k][0], "th": FLAG_NAMES[k][1], "points": v}
            for k, v in st.flags.items()
            if v
        ]
    latest = statements[-1] if statements else None
    replaced = services.replaced_versions(actor, hcode)
    for st in replaced:
        st.level_info = _level(st.level)
    chart = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [f"{s.fiscal_year}/Q{s.quarter}" for s in statements],
                "y": [s.level for s in statements],
                "line": {"color": "#b42318"},
                "name": "ระดับ / level",
            }
        ],
        "layout": {
            "height": 300,
            "margin": {"t": 20},
            "yaxis": {"range": [-0.5, 7.5], "dtick": 1, "title": {"text": "ระดับ · level"}},
            "xaxis": {
                "type": "category",
                "title": {"text": "ปีงบประมาณ/ไตรมาส · fiscal year/quarter"},
            },
            "shapes": [
                {
                    "type": "rect",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": 5.5,
                    "y1": 7.5,
                    "fillcolor": "#fef3f2",
                    "line": {"width": 0},
                    "layer": "below",
                }
            ],
        },
    }
    return render(
        request,
        "finance/hospital.html",
        {
            "hospital": hosp,
            "statements": statements,
            "latest": latest,
            "replaced": replaced,
            "flag_names": FLAG_NAMES,
            "chart": chart,
        },
    )


@login_required
def watch(request):
    """The hospitals at level 6 or 7 (``lists.WATCH``: a region, a province, the quarter, a
    hospital's code or name), with the levels of the region's (or the nation's) hospitals
    quarter by quarter."""
    actor = _actor(request)
    listed = _listed(request, lists.WATCH, actor, services.watch_statements(actor), (0, 0))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        v = listed.values
        name = f"watch-region{v['region'] or 'all'}-{v['fy'] or 'all'}Q{v['q'] or 'all'}"
        return table_response(
            fmt, name, LIST_HEADERS, _list_rows(listed.rows), sheet="หน่วยบริการที่ต้องติดตาม"
        )
    region = listed.values.get("region") if not listed.errors else ""
    data = {
        "watch": listed.page,
        "region": region,
        "fiscal_year": listed.values.get("fy", ""),
        "quarter": listed.values.get("q", ""),
        "by_quarter": services.levels_by_quarter(actor, int(region) if region else None),
    }
    for s in data["watch"]:
        s.level_info = _level(s.level)
    colours = [
        "#dcfce7",
        "#bbf7d0",
        "#fef9c3",
        "#fde68a",
        "#fed7aa",
        "#fdba74",
        "#f87171",
        "#b91c1c",
    ]
    chart = {
        "data": [
            {
                "type": "bar",
                "name": f"ระดับ {lv}",
                "x": [f"{b['fy']}/Q{b['q']}" for b in data["by_quarter"]],
                "y": [b["levels"][lv] for b in data["by_quarter"]],
                "marker": {"color": colours[lv]},
            }
            for lv in range(8)
        ],
        "layout": {
            "barmode": "stack",
            "height": 360,
            "margin": {"t": 40},
            "yaxis": {"title": {"text": "หน่วยบริการ · hospitals"}},
            "xaxis": {
                "type": "category",
                "title": {"text": "ปีงบประมาณ/ไตรมาส · fiscal year/quarter"},
            },
            "legend": {"orientation": "h", "y": 1.15},
        },
    }
    return render(
        request,
        "finance/watch.html",
        {**data, "chart": chart, "listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )
