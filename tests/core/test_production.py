"""Production settings from the environment, `check --deploy` clean with them, and
`sitthi serve --production` really serving (gunicorn, collected static files)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitthi.core import production
from sitthi.core.server import default_workers
from tests.conftest import make_cid
from tests.logcheck import full_citizen_ids

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(64)


def prod_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SITTHI_", "DJANGO_", "PROMETHEUS_")) and k != "DATABASE_URL"
    }
    env.update(
        SITTHI_ENV="production",
        SITTHI_SECRET_KEY=GOOD_KEY,
        SITTHI_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITTHI_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    )
    env.update(extra)
    return env


# -- the settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, says",
    [
        ({"SITTHI_ALLOWED_HOSTS": "x.go.th"}, "SITTHI_SECRET_KEY"),
        ({"SITTHI_ALLOWED_HOSTS": "x.go.th", "SITTHI_SECRET_KEY": "short"}, "at least 50"),
        ({"SITTHI_ALLOWED_HOSTS": "x.go.th", "SITTHI_SECRET_KEY": "a" * 60}, "SITTHI_SECRET_KEY"),
        ({"SITTHI_SECRET_KEY": GOOD_KEY}, "SITTHI_ALLOWED_HOSTS"),
        ({"SITTHI_SECRET_KEY": GOOD_KEY, "SITTHI_ALLOWED_HOSTS": " , "}, "SITTHI_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_secret_key_and_hosts(env, says):
    with pytest.raises(production.SettingsRefused) as info:
        production.settings_from({"SITTHI_ENV": "production", **env}, Path("/v"))
    assert says in str(info.value)


def test_an_unknown_environment_is_refused():
    with pytest.raises(production.SettingsRefused):
        production.settings_from({"SITTHI_ENV": "staging"}, Path("/v"))


def test_production_settings_require_https_and_secure_cookies():
    got = production.settings_from(
        {
            "SITTHI_ENV": "production",
            "SITTHI_SECRET_KEY": GOOD_KEY,
            "SITTHI_ALLOWED_HOSTS": "sitthi.example.go.th,api.example.go.th",
            "SITTHI_DEBUG": "1",  # ignored in production
            "SITTHI_BEHIND_PROXY": "1",
        },
        Path("/srv/sitthi/var"),
    )
    assert got["DEBUG"] is False
    assert got["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600 and got["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert got["SECURE_SSL_REDIRECT"] and got["SECURE_REDIRECT_EXEMPT"] == [
        r"^healthz/?$",
        r"^metrics/?$",
    ]
    assert got["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"]
    assert got["SESSION_COOKIE_HTTPONLY"] and got["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert got["CSRF_COOKIE_HTTPONLY"] and got["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert got["CSRF_TRUSTED_ORIGINS"] == [
        "https://sitthi.example.go.th",
        "https://api.example.go.th",
    ]
    assert got["STATIC_ROOT"] == "/srv/sitthi/var/static"
    assert got["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )
    hsts = production.settings_from(
        {
            "SITTHI_ENV": "production",
            "SITTHI_SECRET_KEY": GOOD_KEY,
            "SITTHI_ALLOWED_HOSTS": "a.go.th",
            "SITTHI_HSTS_SECONDS": "600",
        },
        Path("/v"),
    )
    assert hsts["SECURE_HSTS_SECONDS"] == 600 and hsts["SECURE_PROXY_SSL_HEADER"] is None


def test_development_stays_as_make_run_has_it():
    got = production.settings_from({}, Path("/v"))
    assert got["SITTHI_ENV"] == "development" and got["DEBUG"] is False
    assert got["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert "SECURE_SSL_REDIRECT" not in got and got["STATIC_ROOT"] is None


def test_default_workers_are_two_per_core_plus_one_at_most_twelve():
    assert default_workers() == min(2 * (os.cpu_count() or 1) + 1, 12)


# -- the commands ----------------------------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "sitthi", "check", "--deploy", "--fail-level", "WARNING"],
        env=prod_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout
    assert "WARNING" not in run.stdout + run.stderr


def test_the_command_refuses_production_without_a_key_in_one_clear_line(tmp_path):
    env = prod_env(tmp_path)
    del env["SITTHI_SECRET_KEY"]
    run = subprocess.run(
        [sys.executable, "-m", "sitthi", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert run.stderr.startswith("sitthi: refusing to start: SITTHI_ENV=production needs")
    assert "Traceback" not in run.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_production_runs_gunicorn_with_collected_static_files(tmp_path):
    port = _free_port()
    env = prod_env(tmp_path, SITTHI_BEHIND_PROXY="1")
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitthi", "serve", "--production", "--port", str(port)]
        + ["--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"{base}/healthz")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        # over plain HTTP (a load balancer's check): not redirected to https
        assert status == 200 and json.loads(body) == {"status": "ok"}
        assert headers["Server"].startswith("gunicorn")
        assert headers["Cache-Control"] == "no-store" and headers["X-Request-ID"]
        # a page over plain HTTP is sent to https
        status, headers, _ = _get(f"{base}/")
        assert status == 301 and headers["Location"].startswith("https://")
        # behind the TLS proxy: the page, with HSTS and the CSP
        status, headers, page = _get(f"{base}/", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "includeSubDomains" in headers["Strict-Transport-Security"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        # the page links the static files by hashed name; they are cached for ever
        manifest = json.loads((tmp_path / "var" / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["sitthi/site.css"]
        assert hashed != "sitthi/site.css" and f"/static/{hashed}" in page.decode()
        status, headers, css = _get(
            f"{base}/static/{hashed}",
            **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
        )
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        cache = headers["Cache-Control"]
        assert "immutable" in cache and int(cache.split("max-age=")[1].split(",")[0]) >= 31536000
        # Plotly's 4.8 MB script too: hashed, compressed, cached for ever
        from sitthi.web.finders import PLOTLY_PATH

        plotly = manifest["paths"][PLOTLY_PATH]
        status, headers, body = _get(
            f"{base}/static/{plotly}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        )
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert len(body) < 2_000_000 and "immutable" in headers["Cache-Control"]
        # an ID in a path or a query string reaches no log line in full (gunicorn's access
        # line nor ours): the run-log check of the suite does not see this process's output
        cid = make_cid()
        _get(
            f"{base}/api/v1/rights/{cid}?q=%20{cid}&p={cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"
        )
        # the workers' counts come together in /metrics (multiprocess mode)
        for _ in range(4):
            _get(f"{base}/healthz")
        status, _, metrics = _get(f"{base}/metrics")
        assert status == 200
        line = next(
            ln
            for ln in metrics.decode().splitlines()
            if ln.startswith('sitthi_http_requests_total{method="GET",route="/healthz"')
        )
        assert float(line.split()[-1]) >= 5
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    output = (tmp_path / "serve.log").read_text()
    json_lines = [json.loads(ln) for ln in output.splitlines() if ln.startswith("{")]
    assert any(e["logger"] == "gunicorn.access" for e in json_lines)
    assert any(e["logger"] == "sitthi.request" and e["path"] == "/healthz" for e in json_lines)
    assert any(
        "/api/v1/rights/" in e["message"] for e in json_lines if e["logger"] == "gunicorn.access"
    )
    assert not [ln for ln in output.splitlines() if full_citizen_ids(ln)]
