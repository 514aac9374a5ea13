"""Watching the running service: structured logs, request ids and Prometheus metrics.

- ``RequestObservation`` (the first middleware) gives every request an id (the caller's
  ``X-Request-ID`` when it is sane, else a new one), echoes it in the response, times the
  request, writes one log line for it (logger ``sitthi.request``) and counts it for ``/metrics``.
- ``RequestContext`` (a logging filter) puts the request's id, user, method and path on every
  record logged while the request runs; ``JsonFormatter`` writes a record as one JSON object on
  one line, time in Bangkok, the whole line through the citizen-ID mask.
- ``NoStore``: ``Cache-Control: no-store`` on every answer that is not explicitly public.
- ``register_gauge(name, help, fn)``: another area adds a gauge computed at each scrape.

Metrics work in one process (waitress) and across gunicorn's workers (multiprocess mode, when
``PROMETHEUS_MULTIPROC_DIR`` is set before the workers start: ``sitthi serve --production``).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from sitthi.core.logmask import mask_citizen_id

BANGKOK = ZoneInfo("Asia/Bangkok")
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")

_current_request: contextvars.ContextVar = contextvars.ContextVar("sitthi_request", default=None)
request_log = logging.getLogger("sitthi.request")

# -- metrics ------------------------------------------------------------------------------

REQUESTS = Counter(
    "sitthi_http_requests",
    "HTTP requests answered, by method, route (the URL pattern, not the path) and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "sitthi_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

GaugeFn = Callable[[], "float | Iterable[tuple[tuple[str, ...], float]]"]
_gauges: dict[str, tuple[str, tuple[str, ...], GaugeFn]] = {}
_gauges_lock = threading.Lock()


def register_gauge(name: str, help: str, fn: GaugeFn, labels: Iterable[str] = ()) -> None:
    """Add a gauge to ``/metrics``, computed by ``fn()`` at each scrape (in the process that
    answers the scrape, so it may read the database). Without ``labels`` ``fn`` returns a
    number; with them, pairs ``(label values, number)``, e.g. jobs by status::

        register_gauge("sitthi_jobs", "Jobs by status.", jobs_by_status, labels=["status"])

    Registering a name again replaces it. A gauge whose ``fn`` fails is left out of that scrape
    (and logged), never failing the others."""
    if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", name):
        raise ValueError(f"not a Prometheus metric name: {name!r}")
    with _gauges_lock:
        _gauges[name] = (help, tuple(labels), fn)


class _GaugeCollector:
    def collect(self):
        with _gauges_lock:
            gauges = list(_gauges.items())
        for name, (help_text, labels, fn) in gauges:
            try:
                value = fn()
                family = GaugeMetricFamily(name, help_text, labels=list(labels) or None)
                if labels:
                    for label_values, number in value:
                        family.add_metric([str(v) for v in label_values], float(number))
                else:
                    family.add_metric([], float(value))
            except Exception:
                logging.getLogger("sitthi.metrics").exception("gauge %s failed", name)
                continue
            yield family


def metrics_registry() -> CollectorRegistry:
    """What a scrape reads: every worker's counters (multiprocess mode) or this process's, and
    the registered gauges."""
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(_GaugeCollector())
    return registry


# -- request observation ------------------------------------------------------------------


def _request_id(request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if _SANE_REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "/" + match.route
    from django.conf import settings

    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "<unmatched>"


def _user_id(request):
    """The user's id if authentication has already run (never triggers a session read)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    from django.utils.functional import empty

    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestObservation:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        token = _current_request.set(request)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = request.request_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = _route(request)
            REQUESTS.labels(request.method, route, str(status)).inc()
            LATENCY.labels(request.method, route).observe(elapsed)
            duration_ms = round(elapsed * 1000, 1)
            request_log.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s %sms",
                request.method,
                mask_citizen_id(request.path),  # an API path may hold one (/rights/{id})
                status,
                duration_ms,
                extra={"status": status, "duration_ms": duration_ms},
            )
            _current_request.reset(token)


# -- logs ---------------------------------------------------------------------------------


def current_request():
    """The request being answered in this context (None outside a request)."""
    return _current_request.get()


class RequestContext(logging.Filter):
    """Puts the current request's id, user id, method and path on the record (None outside a
    request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        if request is not None:
            record.request_id = getattr(request, "request_id", None)
            record.user_id = _user_id(request)
            record.method = request.method
            record.path = mask_citizen_id(request.path)
        return True


_FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (Bangkok, ISO 8601), level, logger, message, the request
    fields and, if any, the exception. The whole line is masked (sitthi.core.logmask)."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):  # a handler without the filter
            RequestContext().filter(record)
        entry = {
            "time": datetime.fromtimestamp(record.created, BANGKOK).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _FIELDS:
            entry[field] = getattr(record, field, None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return mask_citizen_id(json.dumps(entry, ensure_ascii=False, default=str))


# -- caching ------------------------------------------------------------------------------


class NoStore:
    """Answers carry personal data unless shown otherwise: ``Cache-Control: no-store`` on every
    page and API answer, except one that declared itself public (``cache_control(public=True)``,
    e.g. Plotly's script). Static files are answered by whitenoise above this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response
