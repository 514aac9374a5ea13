"""The settings a deployment changes, read from the environment (``settings.py`` applies them).

``SITTHI_ENV`` is ``development`` (the default: ``make run``, the tests) or ``production``.
In production the process refuses to start unless ``SITTHI_SECRET_KEY`` (50 characters or
more) and ``SITTHI_ALLOWED_HOSTS`` are set, DEBUG is off whatever ``SITTHI_DEBUG`` says, and
HTTPS is required: HSTS, a redirect to https (but not for ``/healthz`` and ``/metrics``, which
a load balancer and Prometheus call over plain HTTP inside the network), Secure cookies.

Other variables: ``SITTHI_BEHIND_PROXY`` (1: a reverse proxy terminates TLS and sends
``X-Forwarded-Proto``), ``SITTHI_HSTS_SECONDS`` (default one year), ``SITTHI_HSTS_PRELOAD``
(default 1), ``SITTHI_SSL_REDIRECT`` (default 1), ``SITTHI_LOG_FORMAT`` (``json``, the
production default, or ``plain``), ``SITTHI_METRICS_TOKEN`` (read by ``/metrics``).

This module does not import Django's apps: ``settings.py`` imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

DEVELOPMENT, PRODUCTION = "development", "production"
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
MIN_SECRET_KEY_LENGTH = 50
ONE_YEAR = 365 * 24 * 3600


class SettingsRefused(Exception):
    """The environment cannot run production: the message says which variable and why."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _hosts(env: Mapping[str, str], default: str) -> list[str]:
    return [h.strip() for h in env.get("SITTHI_ALLOWED_HOSTS", default).split(",") if h.strip()]


def environment(env: Mapping[str, str]) -> str:
    value = env.get("SITTHI_ENV", DEVELOPMENT).strip().lower() or DEVELOPMENT
    if value not in {DEVELOPMENT, PRODUCTION}:
        raise SettingsRefused(
            f"SITTHI_ENV={value!r}: use 'development' (the default) or 'production'."
        )
    return value


def settings_from(env: Mapping[str, str], var_dir: Path) -> dict:
    """The settings for this environment, as a dict ``settings.py`` merges into itself."""
    if environment(env) == PRODUCTION:
        return _production(env, var_dir)
    return _development(env)


def _development(env: Mapping[str, str]) -> dict:
    hosts = _hosts(env, "127.0.0.1,localhost")
    return {
        "SITTHI_ENV": DEVELOPMENT,
        "SECRET_KEY": env.get("SITTHI_SECRET_KEY") or DEV_SECRET_KEY,
        "DEBUG": _flag(env, "SITTHI_DEBUG", False),
        "ALLOWED_HOSTS": hosts,
        "CSRF_TRUSTED_ORIGINS": [f"http://{h}:8000" for h in hosts],
        "STATIC_ROOT": env.get("SITTHI_STATIC_ROOT") or None,
        "SITTHI_LOG_FORMAT": env.get("SITTHI_LOG_FORMAT", "plain"),
    }


def _production(env: Mapping[str, str], var_dir: Path) -> dict:
    key = env.get("SITTHI_SECRET_KEY", "")
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5 or key == DEV_SECRET_KEY:
        raise SettingsRefused(
            "SITTHI_ENV=production needs SITTHI_SECRET_KEY: a random secret of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters (it is {'missing' if not key else f'{len(key)} characters'}). "
            "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    hosts = _hosts(env, "")
    if not hosts:
        raise SettingsRefused(
            "SITTHI_ENV=production needs SITTHI_ALLOWED_HOSTS: the host names the site answers "
            "to, comma-separated (e.g. sitthi.example.go.th)."
        )
    behind_proxy = _flag(env, "SITTHI_BEHIND_PROXY", False)
    hsts = int(env.get("SITTHI_HSTS_SECONDS", ONE_YEAR))
    values = {
        "SITTHI_ENV": PRODUCTION,
        "SECRET_KEY": key,
        "DEBUG": False,
        "ALLOWED_HOSTS": hosts,
        "CSRF_TRUSTED_ORIGINS": [f"https://{h.lstrip('.')}" for h in hosts if h != "*"],
        "SECURE_HSTS_SECONDS": hsts,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": _flag(env, "SITTHI_HSTS_PRELOAD", True),
        "SECURE_SSL_REDIRECT": _flag(env, "SITTHI_SSL_REDIRECT", True),
        # Paths without their leading slash, as SecurityMiddleware matches them.
        "SECURE_REDIRECT_EXEMPT": [r"^healthz/?$", r"^metrics/?$"],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,  # no script reads it: forms carry the token
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SAMESITE": "Lax",
        "STATIC_ROOT": env.get("SITTHI_STATIC_ROOT") or str(var_dir / "static"),
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "SITTHI_LOG_FORMAT": env.get("SITTHI_LOG_FORMAT", "json"),
    }
    return values
