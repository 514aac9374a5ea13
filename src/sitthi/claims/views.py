"""Claims pages: list and detail with every priced line explained, the single-claim form, the
file upload with its per-row report, NHSO's verification and notices, the funds' notices and
payments, the deadline board, and the hospital's statement of payment (STM)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sitthi.core import staging
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.registry.models import Hospital
from sitthi.registry.services import parse_date, parse_local_datetime, parse_number
from sitthi.rules.claims import icd10
from sitthi.rules.claims.schema import PROGRAMMES, SERVICE_TYPES
from sitthi.rules.kernel import money
from sitthi.rules.kernel.thaitime import BANGKOK, form_datetime_value
from sitthi.web.exports import statement_response, table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import frames as fr
from . import lists, queue, services
from .explain import explain_line
from .exports import claims_file, notices_file
from .models import Claim, ClaimState
from .upload import report_xlsx_from_rows

MAX_UPLOAD = 20 * 1024 * 1024


def _today() -> date:
    return timezone.now().astimezone(BANGKOK).date()


@login_required
def claim_list(request):
    actor = _actor(request)
    # The home page counts with the same function (queue.claims_in_state, no state = all).
    listed = lists.CLAIMS.run(request, actor, queue.claims_in_state(actor, ""))
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return claims_file(fmt, listed.rows)
    return render(
        request,
        "claims/list.html",
        {"listed": listed, "page": listed.page},
        status=400 if listed.errors else 200,
    )


@login_required
def claim_detail(request, claim_id: int):
    actor = _actor(request)
    claim = services.get_claim(actor, claim_id)
    lines = []
    names = services.item_names({ln.item_code for ln in claim.lines.all()})
    for ln in claim.lines.all():
        th, en = explain_line(ln) if ln.payable is not None else (None, None)
        lines.append({"line": ln, "th": th, "en": en, "name": names.get(ln.item_code)})
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "reason": services.return_reason(claim),
            "can_resend": actor.role == Role.HOSPITAL
            and claim.state in services.workflow.RESUBMITTABLE,
            "revisions": services.revisions(claim) if claim.revision > 1 else [],
            "diagnoses": [
                {"code": d.code, "type": d.dx_type, "name": icd10.description(d.code)}
                for d in claim.diagnoses.all()
            ],
            "documents": services.documents_of(actor, claim.pk),
            "lines": lines,
            "errors": _problems(claim),
            "illustrative": any(ln.illustrative for ln in claim.lines.all()),
            "service": SERVICE_TYPES.get(claim.service_type, {}),
            "programme": PROGRAMMES.get(claim.programme, {}),
            "history": claim.events.select_related("actor"),
        },
    )


def _problems(claim) -> list[dict]:
    return [p.item().as_dict() for p in claim.problems.all()]


@login_required
@require_POST
def claim_move(request, claim_id: int, move: str):
    actor = _actor(request)
    now = timezone.now()
    if move == "documents-complete":
        services.mark_documents_complete(actor, claim_id, now=now)
    elif move == "return":
        services.return_for_correction(actor, claim_id, request.POST.get("reason", ""), now=now)
    else:
        raise SitthiError.one("NOT_FOUND")
    return redirect("claim_detail", claim_id=claim_id)


def _parse_local(text: str, field: str) -> datetime:
    try:
        value = parse_local_datetime(text, field)
    except (ValueError, AttributeError):
        raise SitthiError.one("DATETIME_INVALID", field, value=text) from None
    return value if value.tzinfo else value.replace(tzinfo=BANGKOK)


def _decimal(text: str, field: str, places: int = 2) -> Decimal:
    """A quantity (``places`` 3) or an amount of baht (2) typed in a form: at most 14 digits,
    bounded before any arithmetic (``registry.services.parse_number``)."""
    return parse_number(text, field, max_digits=14, places=places)


LINE_ROWS = 6
#: The most lines the form takes (the static script adds rows beyond the first six).
MAX_FORM_LINES = 200
_LINE_FIELD = re.compile(r"item_code_(\d{1,3})\Z")


def _form_rows(post) -> list[dict]:
    numbers = sorted(
        {int(m.group(1)) for k in post if (m := _LINE_FIELD.match(k)) and int(m.group(1)) > 0}
    )
    count = max([LINE_ROWS, *[n for n in numbers if n <= MAX_FORM_LINES]])
    return [
        {
            "i": i,
            **{
                k: post.get(f"{k}_{i}", "")
                for k in ("item_code", "quantity", "served_at", "charged")
            },
        }
        for i in range(1, count + 1)
    ]


def _form_context(post, rows) -> dict:
    # UCEP and HI/CI are billed from their episode or case, never typed in here.
    on_form = {k: v for k, v in SERVICE_TYPES.items() if "only_via" not in v}
    return {"services": on_form, "rows": rows, "post": post, "errors": []}


def _claim_from_post(post, hospital: str, rows) -> fr.ClaimIn:
    """The claim a filled form describes; every problem of the form at once (SitthiError)."""
    problems: list[ErrorItem] = []

    def grab(fn, *args):
        try:
            return fn(*args)
        except SitthiError as exc:
            problems.extend(exc.items)

    lines = []
    for r in rows:
        i = r["i"]
        code = post.get(f"item_code_{i}", "").strip()
        if not code:
            continue
        lines.append(
            fr.LineIn(
                code,
                grab(_decimal, post.get(f"quantity_{i}", ""), f"lines[{i}].quantity", 3),
                grab(_parse_local, post.get(f"served_at_{i}", ""), f"lines[{i}].served_at"),
                grab(_decimal, post.get(f"charged_{i}", ""), f"lines[{i}].charged"),
            )
        )
    admitted = grab(_parse_local, post.get("admitted_at", ""), "admitted_at")
    discharged = (
        grab(_parse_local, post["discharged_at"], "discharged_at")
        if post.get("discharged_at", "").strip()
        else None
    )
    codes = [c.strip() for c in post.get("diagnoses", "").replace(",", ";").split(";") if c.strip()]
    if problems:
        raise SitthiError(*problems)
    return fr.ClaimIn(
        claim_key=post.get("claim_key", "").strip(),
        hospital=hospital,
        citizen_id=post.get("citizen_id", "").strip(),
        service_type=post.get("service_type", ""),
        admitted_at=admitted,
        discharged_at=discharged,
        diagnoses=[fr.DiagnosisIn(c, "1" if i == 0 else "2") for i, c in enumerate(codes)],
        lines=lines,
    )


@login_required
def claim_form(request):
    """One claim typed in by a hospital officer; decided like any other."""
    actor = _actor(request)
    actor.require(Role.HOSPITAL)
    post = request.POST
    rows = _form_rows(post)
    context = _form_context(post, rows)
    if request.method != "POST":
        return render(request, "claims/form.html", context)
    try:
        claim = _claim_from_post(post, actor.hospital_code, rows)
    except SitthiError as exc:
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/form.html", context, status=400)
    if not claim.claim_key:
        context["errors"] = SitthiError.one("VALUE_REQUIRED", "claim_key").as_dict()["errors"]
        return render(request, "claims/form.html", context, status=400)
    try:
        (outcome,) = services.submit(
            actor, fr.frames_from_inputs([claim]), via="form", now=timezone.now()
        )
    except SitthiError as exc:
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/form.html", context, status=exc.status)
    if outcome.status in ("conflict", "refused"):
        context["errors"] = [e.as_dict() for e in outcome.errors]
        return render(request, "claims/form.html", context, status=409)
    return redirect("claim_detail", claim_id=outcome.claim.pk)


def _local_input(value: datetime | None) -> str:
    """A stored moment as the form's field shows it: dd/mm/yyyy HH:MM, Bangkok, BE year."""
    return form_datetime_value(value) if value else ""


def _prefill(claim) -> dict:
    """The form's fields as the stored claim has them (times in Bangkok)."""
    post = {
        "claim_key": claim.claim_key,
        "citizen_id": claim.citizen_id,
        "service_type": claim.service_type,
        "admitted_at": _local_input(claim.admitted_at),
        "discharged_at": _local_input(claim.discharged_at),
        "diagnoses": "; ".join(d.code for d in claim.diagnoses.all()),
    }
    for ln in claim.lines.all():
        i = ln.line_no
        post[f"item_code_{i}"] = ln.item_code
        post[f"quantity_{i}"] = f"{ln.quantity.normalize():f}"
        post[f"served_at_{i}"] = _local_input(ln.served_at)
        post[f"charged_{i}"] = f"{ln.charged:.2f}"
    return post


@login_required
def claim_resend(request, claim_id: int):
    """แก้ไขและส่งใหม่ / correct and resend: the claim form pre-filled with a rejected or
    returned claim; sending it is a resubmission through ``services.resend`` (the claim
    key's next revision). Only the owning hospital: another one's claim is not found."""
    actor = _actor(request)
    actor.require(Role.HOSPITAL)
    stored = services.get_claim(actor, claim_id)
    post = request.POST if request.method == "POST" else _prefill(stored)
    rows = _form_rows(post)
    context = {
        **_form_context(post, rows),
        "resend": stored,
        "reason": services.return_reason(stored),
        "problems": _problems(stored),
    }
    if stored.state not in services.workflow.RESUBMITTABLE:
        exc = SitthiError.one("CLAIM_NOT_RESENDABLE", "state", state=stored.state)
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/form.html", context, status=exc.status)
    if request.method != "POST":
        return render(request, "claims/form.html", context)
    try:
        claim = _claim_from_post(post, actor.hospital_code, rows)
        outcome = services.resend(actor, claim_id, claim, via="form", now=timezone.now())
    except SitthiError as exc:
        if exc.status in (401, 403, 404):
            raise
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/form.html", context, status=exc.status)
    messages.success(
        request,
        _("Claim resent: revision %(n)s, %(state)s.")
        % {"n": outcome.claim.revision, "state": ClaimState(outcome.claim.state).label},
    )
    return redirect("claim_detail", claim_id=outcome.claim.pk)


@login_required
def claim_lookup(request):
    """A small JSON look-up for the claim form: ``?kind=icd10|item&q=…`` answers up to 20
    codes with their names."""
    from django.http import JsonResponse

    _actor(request).require(Role.HOSPITAL, Role.NHSO, Role.FUND, Role.ADMIN)
    results = services.lookup(request.GET.get("kind", ""), request.GET.get("q", "")[:60])
    return JsonResponse({"results": results})


@login_required
@require_POST
def claim_documents(request, claim_id: int):
    """The owning hospital attaches a document to its claim."""
    actor = _actor(request)
    upload = request.FILES.get("file")
    if upload is None:
        raise SitthiError.one("VALUE_REQUIRED", "file")
    if upload.size > services.DOCUMENT_MAX:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="10 MB")
    doc = services.attach_document(actor, claim_id, upload.read(), upload.name, now=timezone.now())
    messages.success(request, _("Document %(name)s attached.") % {"name": doc.filename})
    return redirect("claim_detail", claim_id=claim_id)


@login_required
def claim_document(request, claim_id: int, document_id: int):
    doc = services.get_document(_actor(request), claim_id, document_id)
    response = HttpResponse(bytes(doc.data), content_type=doc.content_type)
    response["Content-Disposition"] = f'inline; filename="D{doc.pk}{_EXT[doc.content_type]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


_EXT = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


@login_required
@require_POST
def claim_bulk(request):
    """NHSO marks the ticked claims documents-complete, or returns them with one reason: each
    through the per-claim service; the answer is a table of what was done and what refused."""
    actor = _actor(request)
    try:
        ids = [int(x) for x in request.POST.getlist("claim_ids")]
    except ValueError:
        raise SitthiError.one("REQUEST_INVALID", "claim_ids", detail="claim_ids") from None
    move = request.POST.get("move", "")
    # Back to the list the claims were ticked on, with its filters (rebuilt from its pairs, so
    # only a query string of the claims list, never another address).
    back = urlencode(parse_qsl(request.POST.get("back", ""))[:20])
    context = {"move": move, "results": [], "errors": [], "back": "?" + back if back else ""}
    try:
        results = services.bulk_move(
            actor, ids, move, request.POST.get("reason", ""), now=timezone.now()
        )
    except SitthiError as exc:
        if exc.status in (401, 403):
            raise
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/bulk.html", context, status=exc.status)
    context["results"] = [
        {"id": r.id, "ok": r.ok, "state": r.state, "errors": [e.as_dict() for e in r.errors]}
        for r in results
    ]
    context["done"] = sum(r.ok for r in results)
    context["refused"] = len(results) - context["done"]
    return render(request, "claims/bulk.html", context)


@login_required
def claim_upload(request):
    """A CSV/XLSX file of claims or an e-Claim ZIP: accepted whole or not at all, by a
    background job (``sitthi.jobs``). The answer is 202 with the job's page while it runs;
    once it has finished (at once when jobs run in-process) the per-row report, also
    downloadable as XLSX, or the claims stored."""
    from sitthi.jobs.services import import_claims

    actor = _actor(request)
    actor.require(Role.HOSPITAL)
    context = {"report": None, "created": []}
    if request.method != "POST":
        return render(request, "claims/upload.html", context)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise SitthiError.one("VALUE_REQUIRED", "file")
        if upload.size > MAX_UPLOAD:
            raise SitthiError.one("FILE_TOO_LARGE", "file", limit="20 MB")
        job = import_claims(actor, upload.read(), upload.name)
    except SitthiError as exc:
        context["errors"] = exc.as_dict()["errors"]
        return render(request, "claims/upload.html", context, status=exc.status)
    context["filename"], context["job"] = upload.name, job
    if not job.finished:
        return render(request, "claims/upload.html", context, status=202)
    if job.result.get("errors"):
        context["errors"] = job.result["errors"]
        return render(request, "claims/upload.html", context, status=400)
    report = job.result.get("report")
    if report:
        request.session["upload_report"] = report
        context["report"] = report
        return render(request, "claims/upload.html", context, status=400)
    from sitthi.jobs.views import _claims

    context["created"] = _claims(job)
    return render(request, "claims/upload.html", context)


@login_required
def upload_report(request):
    rows = request.session.get("upload_report") or []
    response = HttpResponse(
        report_xlsx_from_rows(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="claims-report.xlsx"'
    return response


@login_required
def upload_template(request):
    from .intake.tabular import template_xlsx

    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="sitthi-claims-template.xlsx"'
    return response


@login_required
def deadlines(request):
    actor = _actor(request)
    today = _today()
    # The home page counts with queue.deadlines_due; the board's ?due= selects the same rows.
    queue.check_due(request.GET.get("due") or "")
    listed = lists.DEADLINES.run(request, actor, queue.deadlines_due(actor, today))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        headers = ["deadline", "subject", "hospital", "fund", "amount", "due", "days_left"]
        rows = (
            [
                d.kind,
                d.subject.number
                if d.kind == "payment"
                else f"#{d.subject.pk} {d.subject.claim_key}",
                d.subject.hospital_id if d.kind == "notice" else None,
                d.subject.fund_id,
                d.subject.total if d.kind == "payment" else d.subject.payable_total,
                d.due,
                d.days_left,
            ]
            for d in listed.rows
        )
        return table_response(fmt, "deadlines", headers, rows)
    return render(
        request,
        "claims/deadlines.html",
        {"listed": listed, "page": listed.page, "today": today},
        status=400 if listed.errors else 200,
    )


@login_required
def notices(request):
    actor = _actor(request)
    listed = lists.NOTICES.run(request, actor, services.notices_for(actor))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return notices_file(fmt, listed.rows)
    ready = {}
    if actor.role == Role.NHSO:
        for c in services.claims_for(actor).filter(state=ClaimState.DOCUMENTS_COMPLETE):
            ready.setdefault(c.fund_id, []).append(c)
    return render(
        request,
        "claims/notices.html",
        {
            "errors": request.session.pop("transfer_errors", []),
            "listed": listed,
            "page": listed.page,
            "ready": sorted(ready.items()),
            "today": _today(),
        },
        status=400 if listed.errors else 200,
    )


@login_required
@require_POST
def notice_create(request):
    actor = _actor(request)
    try:
        ids = [int(x) for x in request.POST.getlist("claim_ids")]
        notice = services.create_notice(
            actor, request.POST.get("fund", ""), ids, now=timezone.now()
        )
    except ValueError:
        raise SitthiError.one("REQUEST_INVALID", "claim_ids", detail="claim_ids") from None
    messages.success(
        request, _("Notice %(n)s sent to %(f)s.") % {"n": notice.number, "f": notice.fund_id}
    )
    return redirect("notice_detail", notice_id=notice.pk)


@login_required
def notice_detail(request, notice_id: int):
    actor = _actor(request)
    notice = services.get_notice(actor, notice_id)
    context = {
        "notice": notice,
        "claims": notice.claims.select_related("hospital"),
        "errors": [],
        "today": _today(),
    }
    status = 200
    if request.method == "POST":
        try:
            amount = _decimal(request.POST.get("amount", ""), "amount")
            paid_on = parse_date(request.POST.get("paid_on"), "paid_on")
            services.record_payment(
                actor,
                notice_id,
                amount,
                paid_on,
                request.POST.get("reference", ""),
                now=timezone.now(),
            )
            messages.success(request, _("Payment recorded."))
            return redirect("notice_detail", notice_id=notice_id)
        except SitthiError as exc:
            context["errors"], status = exc.as_dict()["errors"], exc.status
    return render(request, "claims/notice.html", context, status=status)


@login_required
@require_POST
def notice_transfer(request):
    """A fund records one bank transfer paying the ticked notices (all or nothing)."""
    actor = _actor(request)
    try:
        ids = [int(x) for x in request.POST.getlist("notice_ids")]
    except ValueError:
        raise SitthiError.one("REQUEST_INVALID", "notice_ids", detail="notice_ids") from None
    try:
        amount = _decimal(request.POST.get("amount", ""), "amount")
        paid_on = parse_date(request.POST.get("paid_on"), "paid_on")
        paid = services.record_transfer(
            actor, ids, amount, paid_on, request.POST.get("reference", ""), now=timezone.now()
        )
    except SitthiError as exc:
        if exc.status in (401, 403) and not any(i.code == "FUND_SCOPE" for i in exc.items):
            raise
        request.session["transfer_errors"] = exc.as_dict()["errors"]
        return redirect("notices")
    messages.success(
        request,
        _("Transfer recorded: %(n)s notices paid (%(list)s).")
        % {"n": len(paid), "list": ", ".join(n.number for n in paid)},
    )
    return redirect("notices")


@login_required
def statement(request):
    """The hospital's statement of payment: its paid lines in a period (?from= ?to=, this
    month unless given), filtered, paginated; the totals and the export are of exactly the
    filtered lines."""
    actor = _actor(request)
    actor.require(Role.HOSPITAL, Role.NHSO, Role.ADMIN)
    today = _today()
    hospital = request.GET.get("hospital") or actor.hospital_code or ""
    if not (request.GET.get("from") and request.GET.get("to")):
        query = request.GET.copy()
        for name, value in lists.statement_period(query, today).items():
            query[name] = value  # this month unless the address says otherwise
        request.GET = query
    rows, refused = Claim.objects.none(), []
    if hospital:
        try:
            rows = services.statement_lines(actor, hospital)
        except SitthiError as exc:
            if exc.status in (401, 403):
                raise
            refused = exc.as_dict()["errors"]
    listed = lists.STATEMENT.run(request, actor, rows)
    if not isinstance(listed, Listed):
        return listed  # the citizen-ID search's redirect
    listed.errors = refused + listed.errors
    stm = None
    if hospital and not listed.errors:
        read, _problems = lists.STATEMENT.read(actor, request.GET, today)
        stm = services.statement_of(
            Hospital.objects.get(hcode=hospital),
            read["from"],
            read["to"],
            listed.rows,
        )
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return statement_response(stm, fmt)
    return _statement_page(request, listed, stm, 400 if listed.errors else 200)


def _statement_page(request, listed, stm, status):
    return render(
        request,
        "claims/statement.html",
        {"listed": listed, "page": listed.page, "stm": stm},
        status=status,
    )


TARIFF_STAGE = "claims.tariff"


@login_required
def tariffs(request):
    """The fee schedules in force with every item, price and date, and the versions replaced;
    NHSO loads a new version from a file (accepted whole or not at all, with a per-row
    report). A file that would replace a schedule in force is shown first (items added,
    removed, re-priced) and stored only when the officer confirms; a new schedule is stored at
    once."""
    from sitthi.rules.claims.tariff import TariffFileError

    from .models import TariffVersion

    actor = _actor(request)
    context = {"report": [], "errors": []}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        action = request.POST.get("action", "")
        now = timezone.now()
        try:
            actor.require(Role.NHSO, Role.ADMIN)
            if action == "cancel":
                staging.drop(actor, TARIFF_STAGE, request.POST.get("stage", ""), now=now)
                messages.info(request, _("Upload cancelled: nothing was stored."))
                return redirect("tariffs")
            if action == "confirm":
                with transaction.atomic():
                    staged = staging.take(
                        actor, TARIFF_STAGE, request.POST.get("stage", ""), now=now
                    )
                    version = services.load_tariff(
                        actor,
                        bytes(staged.data),
                        staged.filename,
                        now=now,
                        expect=staged.payload["expect"],
                    )
                messages.success(
                    request,
                    _("Fee schedule %(s)s loaded: %(n)s items.")
                    % {"s": version.schedule, "n": version.rows},
                )
                return redirect("tariffs")
            if upload is None:
                raise SitthiError.one("VALUE_REQUIRED", "file")
            if upload.size > MAX_UPLOAD:
                raise SitthiError.one("FILE_TOO_LARGE", "file", limit="20 MB")
            data = upload.read()
            changes = services.plan_tariff(actor, data, upload.name)
            if any(c.replaces for c in changes):
                # Nothing is stored until the officer has seen what would be replaced.
                staged = staging.stage(
                    actor,
                    TARIFF_STAGE,
                    {"expect": {c.schedule: c.current.pk if c.current else 0 for c in changes}},
                    now=now,
                    filename=upload.name,
                    data=data,
                )
                context.update(preview=changes, stage=staged.token, filename=upload.name)
            else:
                version = services.load_tariff(actor, data, upload.name, now=now)
                messages.success(
                    request,
                    _("Fee schedule %(s)s loaded: %(n)s items.")
                    % {"s": version.schedule, "n": version.rows},
                )
                return redirect("tariffs")
        except TariffFileError as exc:
            context["report"] = [
                {
                    "row": p["row"],
                    "field": p["field"],
                    "code": p["code"],
                    **{
                        k: v
                        for k, v in ErrorItem(
                            p["code"], p["field"], {"value": str(p.get("value") or "")}
                        )
                        .as_dict()
                        .items()
                        if k.startswith("message")
                    },
                }
                for p in exc.problems
            ]
            context["filename"] = upload.name if upload else ""
            status = 400
        except SitthiError as exc:
            if exc.status in (401, 403):
                raise
            context["errors"], status = exc.as_dict()["errors"], exc.status
    versions = TariffVersion.objects.filter(active=True).prefetch_related("items")
    tariff, version = services.tariff_frame()
    flat = tariff.filter(pl.col("source").str.starts_with("parameter ")).sort(
        "item_code", "valid_from"
    )
    flat_rows = [
        {**r, "unit_price": money.baht_or_none(r["unit_price_satang"])} for r in flat.to_dicts()
    ]
    context.update(
        {
            "versions": versions,
            "flat": flat_rows,
            "decided_with": version,
            "replaced": services.replaced_tariffs(),
        }
    )
    return render(request, "claims/tariffs.html", context, status=status)
