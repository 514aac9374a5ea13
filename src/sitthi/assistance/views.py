"""Initial-assistance pages: the secretary's queue, registering a request with its documents,
the request's page with the committee's steps, the decision letter, the yearly report, and
the public status page."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from openpyxl import Workbook

from sitthi.core import limits
from sitthi.core.errors import SitthiError
from sitthi.core.models import Role
from sitthi.registry.services import parse_integer
from sitthi.rules import assistance as rules
from sitthi.rules.assistance import Stage
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.web.exports import add_sheet, title_line, xlsx_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, services
from .documents import Upload
from .exports import requests_file
from .models import Relation, Review


def _stages():
    return [{"code": s.value, "th": th, "en": en} for s, (th, en) in rules.STAGE_NAMES.items()]


def _programmes():
    return list(rules.PROGRAMMES.values())


@login_required
def queue(request):
    """The requests, oldest received first, filtered and searched as ``lists.REQUESTS`` says;
    the home page's counts (``queue.py``) link here with ``?stage=`` and ``?older=``."""
    actor = _actor(request)
    today = bangkok_date(timezone.now())
    older = lists.read_older(request.GET.get("older"))  # REQUEST_INVALID before anything is listed
    listed = lists.REQUESTS.run(request, actor, services.requests(actor))
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return requests_file(fmt, listed.rows, today)
    counts = services.stage_counts(actor)
    stages = _stages()
    for s in stages:
        s["count"] = counts.get(s["code"], 0)
    names = {s["code"]: s for s in stages}
    for r in listed.page:
        r.stage_name = names[r.stage]
        r.age_days = (today - r.received_on).days
    return render(
        request,
        "assistance/queue.html",
        {
            "listed": listed,
            "page": listed.page,
            "stages": stages,
            "stage": listed.values.get("stage", ""),
            "older": older,
            "total": sum(counts.values()),
            "can_write": actor.role == Role.SECRETARY,
            "fy": services.fiscal_year_of(today),
        },
        status=400 if listed.errors else 200,
    )


def _request_in(post) -> services.RequestIn:
    return services.RequestIn(
        **{
            f: post.get(f, "")
            for f in (
                "programme",
                "harmed_cid",
                "harmed_name",
                "relation",
                "requester_cid",
                "requester_name",
                "requester_contact",
                "hospital",
                "harm_on",
                "learned_on",
                "received_on",
                "description",
            )
        }
    )


def _uploads(files) -> list[Upload]:
    return [Upload(f.name, f.read()) for f in files.getlist("documents") if f.name]


@login_required
def new(request):
    actor = _actor(request)
    actor.require(*services.WRITERS)
    today = bangkok_date(timezone.now())
    context = {
        "programmes": _programmes(),
        "relations": Relation.choices,
        "post": request.POST,
        "errors": [],
        "today": today,
        "ceilings": services.ceilings_table(today),
    }
    if request.method == "POST":
        try:
            created = services.register(
                actor, _request_in(request.POST), _uploads(request.FILES), now=timezone.now()
            )
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "assistance/new.html", context, status=exc.status)
        return redirect("assistance_detail", number=created.number)
    return render(request, "assistance/new.html", context)


def _detail_context(actor, req) -> dict:
    reviews = list(req.reviews.all())
    stage_th, stage_en = rules.STAGE_NAMES[Stage(req.stage)]
    actions = services.next_actions(req)
    due = services.outstanding(req)
    try:
        ceilings = rules.ceilings(req.programme, req.harm_on, default_parameters())
    except ParamLookupError:
        ceilings = {}
    prog = req.programme_info
    for r in reviews:
        if r.category:
            r.category_th, r.category_en = prog.categories[r.category]
    current = reviews[-1] if reviews else None
    return {
        "req": req,
        "prog": prog,
        "stage_th": stage_th,
        "stage_en": stage_en,
        "reviews": reviews,
        "current": current,
        "payments": list(req.payments.select_related("recorded_by")),
        "documents": list(req.documents.defer("data")),
        "actions": [a.value for a in actions] if actor.role == Role.SECRETARY else [],
        "can_write": actor.role == Role.SECRETARY,
        "award": services.award(req),
        "paid": services.paid(req),
        "due": due,
        "ceilings": [
            {"category": k, "th": prog.categories[k][0], "en": prog.categories[k][1], "c": c}
            for k, c in ceilings.items()
        ],
        "ceilings_confirmed": all(c.confirmed for c in ceilings.values()),
        "today": bangkok_date(timezone.now()),
        "age_days": (bangkok_date(timezone.now()) - req.received_on).days,
    }


@login_required
def detail(request, number: str):
    actor = _actor(request)
    req = services.get_request(actor, number)
    context = _detail_context(actor, req)
    if request.method == "POST":
        action = request.POST.get("action", "")
        p, now = request.POST, timezone.now()
        try:
            if action == "schedule":
                services.schedule(actor, number, p.get("meeting_on", ""), now=now)
            elif action in ("approve", "reject"):
                services.decide(
                    actor,
                    number,
                    services.DecisionIn(
                        outcome="approved" if action == "approve" else "rejected",
                        decided_on=p.get("decided_on", ""),
                        category=p.get("category", ""),
                        amount=p.get("amount", ""),
                        reasons=p.get("reasons", ""),
                    ),
                    now=now,
                )
            elif action == "pay":
                services.pay(actor, number, p.get("paid_on", ""), p.get("reference", ""), now=now)
            elif action == "appeal":
                services.appeal(
                    actor,
                    number,
                    p.get("appeal_received_on", ""),
                    p.get("appeal_reason", ""),
                    now=now,
                )
            elif action == "documents":
                services.add_documents(actor, number, _uploads(request.FILES), now=now)
            else:
                raise SitthiError.one("REQUEST_INVALID", "action", detail=action or "–")
        except SitthiError as exc:
            context.update(errors=exc.as_dict()["errors"], post=p, failed=action)
            return render(request, "assistance/detail.html", context, status=exc.status)
        return redirect("assistance_detail", number=req.number)
    return render(request, "assistance/detail.html", context)


@login_required
def document(request, number: str, doc_id: int):
    actor = _actor(request)
    doc = services.get_document(actor, number, doc_id)
    response = HttpResponse(bytes(doc.data), content_type=doc.content_type)
    response["Content-Disposition"] = f'inline; filename="{doc.pk}-{doc.sha256[:8]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def letter(request, number: str):
    """The decision letter in Thai, laid out for printing (the browser saves it as PDF)."""
    actor = _actor(request)
    req = services.get_request(actor, number)
    level = 2 if request.GET.get("level") == "2" else 1
    review = req.reviews.filter(level=level).first()
    if review is None or not review.outcome:
        raise SitthiError.one("NOT_FOUND", "level")
    prog = req.programme_info
    category = prog.categories.get(review.category, ("", ""))
    paid_before = sum((p.amount for p in req.payments.filter(review__level=1)), Decimal("0.00"))
    if level == 1 or not review.amount:
        paid_before = Decimal("0.00")
    return render(
        request,
        "assistance/letter.html",
        {
            "req": req,
            "prog": prog,
            "review": review,
            "category_th": category[0],
            "approved": review.outcome == Review.Outcome.APPROVED,
            "paid_before": paid_before,
            "pay_more": (review.amount or 0) - paid_before,
        },
    )


def _report_rows(report) -> list[dict]:
    names = {p.code: p for p in rules.PROGRAMMES.values()}
    for row in report["rows"]:
        prog = names[row["programme"]]
        row["programme_th"] = prog.name_th
        row["programme_short"] = prog.short_th
        row["category_th"] = prog.categories[row["category"]][0] if row["category"] else ""
        row["category_en"] = prog.categories[row["category"]][1] if row["category"] else ""
    return report["rows"]


def _report_charts(report) -> dict:
    """Plotly figures: awarded money by programme and category; requests by province."""
    by_prog: dict[str, dict[str, float]] = {}
    by_province: dict[str, int] = {}
    for row in report["rows"]:
        label = row["category_th"] or "ยังไม่มีมติ/ไม่จ่าย"
        by_prog.setdefault(label, {})
        by_prog[label][row["programme"]] = by_prog[label].get(row["programme"], 0) + float(
            row["awarded"]
        )
        name = f"{row['province_name']}"
        by_province[name] = by_province.get(name, 0) + row["requests"]
    progs = list(rules.PROGRAMMES)
    money = {
        "data": [
            {
                "type": "bar",
                "name": label,
                "x": [rules.PROGRAMMES[p].short_th for p in progs],
                "y": [values.get(p, 0) / 1000 for p in progs],
            }
            for label, values in by_prog.items()
        ],
        "layout": {
            "barmode": "stack",
            "height": 380,
            "margin": {"t": 50},
            "xaxis": {"title": {"text": "ประเภทการช่วยเหลือ · programme"}},
            "yaxis": {"title": {"text": "พันบาท · thousand baht"}},
            "legend": {"orientation": "h", "x": 0, "y": 1.15},
        },
    }
    provinces = sorted(by_province.items(), key=lambda kv: -kv[1])[:20]
    counts = {
        "data": [
            {
                "type": "bar",
                "x": [k for k, _ in provinces],
                "y": [v for _, v in provinces],
                "marker": {"color": "#0f766e"},
            }
        ],
        "layout": {
            "height": 360,
            "margin": {"t": 20, "b": 110},
            "xaxis": {"title": {"text": "จังหวัด · province"}},
            "yaxis": {"title": {"text": "คำร้อง · requests"}},
        },
    }
    return {"money": money, "counts": counts}


REPORT_HEADERS = [
    "ประเภท / programme",
    "ระดับความเสียหาย / category",
    "จังหวัด / province",
    "ชื่อจังหวัด / province name",
    "คำร้อง / requests",
    "ยื่นเกินกำหนด / late",
    "จ่าย / approved",
    "ไม่จ่าย / rejected",
    "รอพิจารณา / open",
    "มติจ่าย (บาท) / awarded (baht)",
    "จ่ายแล้ว (บาท) / paid (baht)",
]


def _report_xlsx(report, audience: str = "") -> HttpResponse:
    """The year's report as a workbook: a title row (the fiscal year, for whom, when in BE),
    Thai headers with English, one row per programme, category and province, then the totals;
    money ``#,##0.00``; the sheet named in Thai."""
    fy = report["fy"]
    t = report["totals"]
    body = [
        [
            r["programme_th"],
            r["category_th"] or "–",
            r["province"],
            r["province_name"],
            r["requests"],
            r["late"],
            r["approved"],
            r["rejected"],
            r["open"],
            r["awarded"],
            r["paid"],
        ]
        for r in report["rows"]
    ]
    body.append(
        ["รวม / total", "", "", "", t["requests"], t["late"], t["approved"], t["rejected"]]
        + [t["open"], t["awarded"], t["paid"]]
    )
    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(
        wb,
        f"รายงานปีงบประมาณ {fy}",
        REPORT_HEADERS,
        body,
        heading=title_line(
            (
                f"รายงานการช่วยเหลือเบื้องต้น ปีงบประมาณ {fy}",
                f"Initial assistance, fiscal year {fy}",
            ),
            audience,
        ),
    )
    buf = io.BytesIO()
    wb.save(buf)
    return xlsx_response(buf.getvalue(), f"assistance-fy{fy}.xlsx")


@login_required
def report(request):
    actor = _actor(request)
    today = bangkok_date(timezone.now())
    fy = parse_integer(
        request.GET.get("fy") or services.fiscal_year_of(today), "fy", minimum=2400, maximum=2800
    )
    data = services.yearly_report(actor, fy)
    _report_rows(data)
    if request.GET.get("format") == "xlsx":
        from sitthi.web.exports import _audience

        return _report_xlsx(data, _audience(request))
    return render(
        request,
        "assistance/report.html",
        {
            "report": data,
            "chart": _report_charts(data),
            "years": range(services.fiscal_year_of(today), services.fiscal_year_of(today) - 6, -1),
        },
    )


def _client(request) -> str:
    return limits.client_ip(request)


@never_cache
@limits.cid_lookup("assistance_status")
def status(request):
    """Public: a request's stage and dates, by its number and a citizen ID."""
    today = bangkok_date(timezone.now())
    context = {"post": request.POST, "errors": [], "ceilings": services.ceilings_table(today)}
    if request.method == "POST":
        try:
            found = services.public_status(
                request.POST.get("number", ""),
                request.POST.get("citizen_id", ""),
                client=_client(request),
            )
        except SitthiError as exc:
            context["errors"] = exc.as_dict()["errors"]
            return render(request, "assistance/status.html", context, status=exc.status)
        th, en = rules.STAGE_NAMES[Stage(found["stage"])]
        prog = rules.PROGRAMMES[found["programme"]]
        context.update(found=found, stage_th=th, stage_en=en, prog=prog)
    return render(request, "assistance/status.html", context)
