"""The webhook pages (issue 17): an office (a hospital, a fund, NHSO, the EMS centre — the
roles of ``/api/v1/webhooks``) lists its webhooks, registers one, removes one (after asking),
and reads its deliveries, each with a button that sends it again. The pages call the same
services as the API, so the same coded refusals and the same audit record follow; another
office's webhook or delivery is answered 404 WEBHOOK_NOT_FOUND."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sitthi.core.errors import SitthiError
from sitthi.rules.kernel import thaitime
from sitthi.web.exports import table_response
from sitthi.web.listing import Listed
from sitthi.web.pages import actor_of as _actor

from . import lists, services
from .models import Delivery

WEBHOOKS_TITLE = ("เว็บฮุกของหน่วยงาน", "Your office's webhooks")
DELIVERIES_TITLE = ("การส่งเว็บฮุก", "Webhook deliveries")


def _bangkok(value):
    return value.astimezone(thaitime.BANGKOK).replace(tzinfo=None) if value else None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def webhooks(request):
    """The list, and the form registering one (a POST here). The new webhook's secret is
    shown once, in the answer to that POST, never kept in the session."""
    actor = _actor(request)
    services.office_of(actor)  # the roles of the API; others are refused (403)
    context = {"form_errors": [], "url": "", "created": None, "secret": None}
    status = 200
    if request.method == "POST":
        url = request.POST.get("url", "")
        try:
            hook, secret = services.register_webhook(actor, url, now=timezone.now())
        except SitthiError as exc:
            context["form_errors"] = exc.as_dict()["errors"]
            context["url"] = url[:500]
            status = exc.status
        else:
            context["created"], context["secret"] = hook, secret
    listed = lists.WEBHOOKS.run(request, actor, services.office_webhooks(actor))
    fmt = request.GET.get("format")
    if request.method == "GET" and fmt in ("csv", "xlsx") and not listed.errors:
        return table_response(
            fmt,
            "webhooks",
            ["id", "URL", "สถานะ / Active", "สร้างเมื่อ / Created (Bangkok time)"],
            ([h.pk, h.url, h.active, _bangkok(h.created_at)] for h in listed.rows),
            title=WEBHOOKS_TITLE,
        )
    if listed.errors and status == 200:
        status = 400
    counts = dict(
        Delivery.objects.filter(webhook__in=[h.pk for h in listed.page])
        .values_list("webhook")
        .annotate(n=Count("id"))
    )
    rows = [(h, counts.get(h.pk, 0)) for h in listed.page]
    context.update({"listed": listed, "page": listed.page, "rows": rows})
    return render(request, "exchange/webhooks.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_remove(request, webhook_id: int):
    """GET asks first (the webhook, how many deliveries wait); POST removes it as
    ``DELETE /api/v1/webhooks/{id}`` does (deliveries not yet made are given up)."""
    actor = _actor(request)
    hook = services.get_webhook(actor, webhook_id)
    if request.method == "POST":
        services.delete_webhook(actor, webhook_id)
        messages.success(
            request, f"ยกเลิกเว็บฮุก {hook.url} แล้ว · The webhook {hook.url} was removed."
        )
        return redirect("webhooks")
    waiting = hook.deliveries.filter(status=Delivery.Status.PENDING).count()
    return render(request, "exchange/webhook_remove.html", {"hook": hook, "waiting": waiting})


def _last_answer(delivery) -> str:
    tries = list(delivery.tries.all())
    if not tries:
        return ""
    last = tries[-1]
    return str(last.status_code) if last.status_code is not None else (last.error or "–")


@login_required
def deliveries(request):
    actor = _actor(request)
    rows = services.deliveries_for(actor).prefetch_related("tries")
    listed = lists.DELIVERIES.run(request, actor, rows)
    if not isinstance(listed, Listed):
        return listed
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not listed.errors:
        return table_response(
            fmt,
            "webhook-deliveries",
            [
                "id",
                "เหตุการณ์ / Event",
                "เรื่อง / Subject",
                "URL",
                "สถานะ / Status",
                "จำนวนครั้งที่ส่ง / Attempts",
                "คำตอบล่าสุด / Last answer",
                "ส่งครั้งถัดไป / Next try (Bangkok time)",
                "เกิดเมื่อ / Occurred (Bangkok time)",
            ],
            (
                [
                    d.pk,
                    d.event.kind,
                    d.event.subject_key,
                    d.webhook.url,
                    d.status,
                    d.attempts,
                    _last_answer(d),
                    _bangkok(d.next_attempt_at),
                    _bangkok(d.event.occurred_at),
                ]
                for d in listed.rows
            ),
            title=DELIVERIES_TITLE,
        )
    shown = [(d, _last_answer(d), lists.kind_words(d.event.kind)) for d in listed.page]
    return render(
        request,
        "exchange/deliveries.html",
        {"listed": listed, "page": listed.page, "rows": shown},
        status=400 if listed.errors else 200,
    )


@login_required
@require_POST
def delivery_replay(request, delivery_id: int):
    """The "ส่งอีกครั้ง / Send again" button: the replay of ``POST /api/v1/webhook-deliveries/{id}/replay``
    (queued for the worker now, audited); back to the list as it was filtered."""
    delivery = services.replay(_actor(request), delivery_id, now=timezone.now())
    messages.success(
        request,
        f"ส่งการแจ้ง {delivery.pk} อีกครั้งแล้ว ระบบจะส่งภายในหนึ่งนาที · "
        f"Delivery {delivery.pk} queued again; it is sent within a minute.",
    )
    back = urlencode(
        [(k, v) for k, v in parse_qsl(request.POST.get("back", ""))[:20] if len(v) <= 100]
    )
    return redirect(reverse("webhook_deliveries") + (f"?{back}" if back else ""))
