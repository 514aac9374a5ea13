"""``/healthz`` and ``/metrics``: what a load balancer and Prometheus call.

``/healthz`` answers 200 ``{"status": "ok"}`` when the database answers a query, else 503 with
the code DATABASE_UNAVAILABLE. ``/metrics`` answers in Prometheus' text format to a caller on
the loopback address (not through a proxy: no ``X-Forwarded-For``) or one that sends
``Authorization: Bearer`` with ``SITTHI_METRICS_TOKEN``; anyone else gets 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from sitthi.core.errors import ErrorItem

log = logging.getLogger("sitthi.health")


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is the same answer to a load balancer
        log.warning("health check: database unavailable: %s", type(exc).__name__)
        return JsonResponse(
            {"status": "unavailable", "errors": [ErrorItem("DATABASE_UNAVAILABLE").as_dict()]},
            status=503,
        )
    return JsonResponse({"status": "ok"})


def _loopback(request) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False  # came through a proxy, which may itself be on the loopback
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _token_ok(request) -> bool:
    expected = os.environ.get("SITTHI_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").strip(), expected)


@require_GET
def metrics(request):
    if not (_token_ok(request) or _loopback(request)):
        return HttpResponse(
            "metrics: loopback or Authorization: Bearer <SITTHI_METRICS_TOKEN> only\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from sitthi.core.observe import metrics_registry

    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
