"""``sitthi serve --production``: collect the static files (hashed, compressed), then hand the
process to gunicorn with several workers. Background jobs are not run here: they belong to
``sitthi worker``."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sitthi.core.production import PRODUCTION

MAX_DEFAULT_WORKERS = 12


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:sitthi.core.gunicorn_conf",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "sitthi.wsgi:application",
    ]


def serve_production(host: str, port: int, workers: int | None, stdout) -> None:
    if getattr(settings, "SITTHI_ENV", None) != PRODUCTION:
        raise CommandError(
            "serve --production needs SITTHI_ENV=production, with SITTHI_SECRET_KEY and "
            "SITTHI_ALLOWED_HOSTS set (README, 'Production'). For a local look use `sitthi serve`."
        )
    workers = workers or default_workers()
    if workers < 1:
        raise CommandError("--workers must be 1 or more")
    call_command("collectstatic", interactive=False, verbosity=0)
    stdout.write(f"Static files collected in {settings.STATIC_ROOT}.")
    # Counters shared by the workers; a directory of this run only (stale files would add up).
    metrics_dir = Path(settings.VAR_DIR) / "prometheus-multiproc"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    env.setdefault("SITTHI_LOG_FORMAT", settings.SITTHI_LOG_FORMAT)
    argv = gunicorn_argv(host, port, workers)
    stdout.write(f"Sitthi (production) on http://{host}:{port}/ with {workers} gunicorn workers.")
    sys.stdout.flush()
    os.execve(argv[0], argv, env)
