"""Health, metrics, request ids, JSON log lines, no-store caching and the CSP header."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from django.db import OperationalError

from sitthi.core import observe
from sitthi.core.logmask import MaskCitizenIds
from tests.conftest import make_cid
from tests.web.pagecheck import assert_csp_clean, inline_script_problems

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "sitthi"


# -- /healthz --------------------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_answers(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert r["Cache-Control"] == "no-store"


def test_healthz_answers_503_with_its_code_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    r = client.get("/healthz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "unavailable"
    assert body["errors"][0]["code"] == "DATABASE_UNAVAILABLE"
    assert body["errors"][0]["message_th"] and body["errors"][0]["message_en"]


# -- /metrics --------------------------------------------------------------------------------


def test_metrics_count_requests_by_route_and_take_registered_gauges(client):
    observe.register_gauge("sitthi_test_depth", "A test gauge.", lambda: 7)
    observe.register_gauge(
        "sitthi_test_by_status",
        "A labelled test gauge.",
        lambda: [(("queued",), 2), (("done",), 5)],
        labels=["status"],
    )
    observe.register_gauge("sitthi_test_broken", "Fails.", lambda: 1 / 0)
    try:
        client.get("/healthz")
        client.get("/healthz")
        text = client.get("/metrics").content.decode()
    finally:
        for name in ("sitthi_test_depth", "sitthi_test_by_status", "sitthi_test_broken"):
            observe._gauges.pop(name)
    assert 'sitthi_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert (
        'sitthi_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz"}'
        in (text)
    )
    assert "sitthi_test_depth 7.0" in text
    assert 'sitthi_test_by_status{status="queued"} 2.0' in text
    assert "sitthi_test_broken" not in text  # left out, the scrape still answers


def test_metrics_refuse_a_caller_not_on_loopback_without_the_token(client, monkeypatch):
    monkeypatch.setenv("SITTHI_METRICS_TOKEN", "s3cret-metrics-token")
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 403
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"}, **outside)
    assert wrong.status_code == 403
    # through a proxy on the loopback: the proxy's address is not the caller's
    proxied = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403
    good = client.get(
        "/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"}, **outside
    )
    assert good.status_code == 200 and b"sitthi_http_requests_total" in good.content
    assert client.get("/metrics").status_code == 200  # loopback (the test client's 127.0.0.1)


def test_metrics_refuse_everyone_off_loopback_when_no_token_is_set(client, monkeypatch):
    monkeypatch.delenv("SITTHI_METRICS_TOKEN", raising=False)
    r = client.get("/metrics", headers={"Authorization": "Bearer "}, REMOTE_ADDR="198.51.100.1")
    assert r.status_code == 403


def test_register_gauge_refuses_a_bad_name():
    with pytest.raises(ValueError):
        observe.register_gauge("queue depth", "x", lambda: 1)


# -- request ids and log lines ---------------------------------------------------------------


def test_a_sane_request_id_is_echoed_and_an_insane_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc"})["X-Request-ID"] == (
        "lb-1234.abc"
    )
    for bad in ("", "a b", "x" * 200, "<script>", "id\r\nSet-Cookie: x"):
        got = client.get("/healthz", headers={"X-Request-ID": bad})["X-Request-ID"]
        assert got != bad and len(got) == 32


def test_each_request_logs_one_json_line_with_its_fields_and_no_full_citizen_id(
    client, users, caplog
):
    cid = make_cid()
    client.force_login(users["nhso"])
    with caplog.at_level(logging.INFO, logger="sitthi.request"):
        response = client.get(f"/api/v1/rights/{cid}?q={cid}", headers={"X-Request-ID": "req-42"})
    records = [r for r in caplog.records if r.name == "sitthi.request"]
    assert len(records) == 1
    record = records[0]
    observe.RequestContext().filter(record)  # outside the request now: the fields stay set
    MaskCitizenIds().filter(record)
    line = observe.JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert set(entry) >= {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "user_id",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert entry["time"].endswith("+07:00")  # Bangkok
    assert entry["request_id"] == "req-42" and entry["method"] == "GET"
    assert entry["status"] == response.status_code and entry["duration_ms"] >= 0
    assert entry["user_id"] == users["nhso"].pk and entry["path"].startswith("/api/v1/rights/")
    assert cid not in line and cid[:1] + "xxxxxxxx" + cid[-4:] in line


def test_a_log_record_inside_a_request_carries_the_request_and_the_user(rf, users):
    seen = {}

    def view(request):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "inside", None, None)
        observe.RequestContext().filter(record)
        seen.update(vars(record))
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.get("/somewhere", HTTP_X_REQUEST_ID="abc-1")
    request.user = users["hospital"]
    response = observe.RequestObservation(view)(request)
    assert response["X-Request-ID"] == "abc-1"
    assert seen["request_id"] == "abc-1" and seen["user_id"] == users["hospital"].pk
    assert seen["path"] == "/somewhere" and seen["method"] == "GET"


def test_an_exception_in_a_json_line_is_masked_too():
    cid = make_cid()
    try:
        raise ValueError(f"duplicate key (citizen_id)=({cid})")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = observe.JsonFormatter().format(record)
    assert cid not in line and "duplicate key" in line


# -- caching ---------------------------------------------------------------------------------


def test_api_answers_and_pages_are_not_stored(client, users):
    client.force_login(users["hospital"])
    for url in ("/", "/rights/", "/api/v1/claims", "/api/v1/nowhere", "/accounts/login/"):
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_public_assets_keep_their_caching(client):
    from sitthi.web.finders import PLOTLY_PATH

    plotly = client.get("/charts/plotly.js")  # the old address: sent on to the static file
    assert plotly.status_code == 301 and plotly["Location"] == f"/static/{PLOTLY_PATH}"
    assert "public" in plotly["Cache-Control"] and "no-store" not in plotly["Cache-Control"]
    for url in ("/static/sitthi/site.css", f"/static/{PLOTLY_PATH}"):
        static = client.get(url)
        assert static.status_code == 200, url
        assert "no-store" not in static.get("Cache-Control", "")


# -- Content-Security-Policy -----------------------------------------------------------------


def test_no_template_has_an_inline_script_or_handler():
    """Every template of every app, as written: scripts are static files, figures are data."""
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 20
    problems = {
        str(t.relative_to(SRC)): p
        for t in templates
        if (p := inline_script_problems(t.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_pages_carry_the_policy(client, users):
    html = assert_csp_clean(client.get("/"))
    assert "/static/sitthi/actions.js" in html
    client.force_login(users["nhso"])
    policy = client.get("/rights/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
