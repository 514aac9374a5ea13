"""When the database cannot answer: a clear, coded refusal instead of a 500 with a traceback.

PostgreSQL restarting, a network cut, a connection the server closed, or SQLite still locked
after its busy timeout raise Django's ``OperationalError`` or ``InterfaceError`` wherever the
database is first touched: in a view, or in a middleware (the session, the logged-in user).
Such a request is answered **503 DATABASE_UNAVAILABLE** (``Retry-After``, ``no-store``): JSON
in the API's one error shape under ``/api/``, a Thai page with English beside it elsewhere
(drawn without touching the database: no request context, no menus). What the request was
writing is either not saved (its transaction could not commit) or, when the database went away
just after the commit, saved whole; never half: sending it again is answered as a second
sending is (a claim ``unchanged``, a paid notice NOTICE_ALREADY_PAID).

A transaction PostgreSQL aborted because it lost a race (serialization failure, deadlock:
SQLSTATE 40001 / 40P01) is the other kind of OperationalError: answered **409
CONCURRENT_CHANGE** (send it again), not 503.

Two places catch them: :class:`DatabaseFaults`, a middleware whose ``process_exception`` sees
what a view raises (the API re-raises what it has no handler for), and :func:`server_error`,
the site's ``handler500``, which sees what a middleware raised (Django turns that into a 500
and calls the handler while the exception is being handled). Every other error keeps Django's
500.

Recovery needs nothing: with ``CONN_HEALTH_CHECKS`` Django checks a kept connection before a
request uses it and opens a new one when the old one died, so the first request after the
database is back is served."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from .errors import ErrorItem

log = logging.getLogger("sitthi.dbfaults")

#: PostgreSQL's SQLSTATEs of a transaction aborted for losing a race.
LOST_RACE = {"40001", "40P01"}
#: Seconds a client is asked to wait before trying again (``Retry-After``).
RETRY_AFTER = 5

_TITLES = {
    "DATABASE_UNAVAILABLE": ("ระบบไม่พร้อมให้บริการชั่วคราว", "Temporarily unavailable"),
    "CONCURRENT_CHANGE": ("มีการแก้ไขรายการนี้พร้อมกัน", "Changed at the same moment"),
}


def code_of(exc: BaseException | None) -> str | None:
    """DATABASE_UNAVAILABLE or CONCURRENT_CHANGE for a database fault, None for anything else."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return None
    if getattr(exc.__cause__, "sqlstate", None) in LOST_RACE:
        return "CONCURRENT_CHANGE"
    return "DATABASE_UNAVAILABLE"


def answer(request: HttpRequest, exc: BaseException | None) -> HttpResponse | None:
    """The coded answer to a database fault, or None when ``exc`` is not one."""
    code = code_of(exc)
    if code is None:
        return None
    item = ErrorItem(code).as_dict()
    status = 503 if code == "DATABASE_UNAVAILABLE" else 409
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    log.warning("%s %s answered %s %s: %s", request.method, request.path, status, code, first_line)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"errors": [item]}, status=status)
    else:
        th, en = _TITLES[code]
        html = render_to_string(
            "core/database_unavailable.html",
            {"error": item, "title_th": th, "title_en": en, "path": request.path},
        )
        response = HttpResponse(html, status=status)
        response["Content-Language"] = "th"
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseFaults:
    """A view's database fault answered with its code (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return answer(request, exception)


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """``handler500``: a database fault raised outside the view (in a middleware) is answered
    with its code too; any other error is Django's 500."""
    return answer(request, sys.exc_info()[1]) or defaults.server_error(request, *args, **kwargs)
