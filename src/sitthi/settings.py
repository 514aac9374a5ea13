"""Django settings. Everything a deployment changes comes from the environment:

- ``DATABASE_URL``: any database dj-database-url understands, e.g.
  ``postgres://user:pass@host:5432/sitthi``; default: the embedded SQLite file ``var/sitthi.sqlite3``.
- ``SITTHI_SECRET_KEY``, ``SITTHI_DEBUG`` (1/0), ``SITTHI_ALLOWED_HOSTS`` (comma-separated),
  ``SITTHI_VAR_DIR`` (where the SQLite file and uploads live).
"""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SITTHI_VAR_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("SITTHI_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = os.environ.get("SITTHI_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SITTHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [f"http://{h}:8000" for h in ALLOWED_HOSTS]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "auditlog",
    "django_q",
    "sitthi.core",
    "sitthi.registry",
    "sitthi.claims",
    "sitthi.ucep",
    "sitthi.isolation",
    "sitthi.allocation",
    "sitthi.assistance",
    "sitthi.finance",
    "sitthi.jobs",
    "sitthi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sitthi.web.middleware.ThaiFirstLocale",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "sitthi.core.middleware.ApiErrorShape",
    "sitthi.core.middleware.RejectNulCharacters",
    "sitthi.web.middleware.RefusalPage",
]

ROOT_URLCONF = "sitthi.urls"
WSGI_APPLICATION = "sitthi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sitthi.web.context.actor",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sitthi.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several threads of the server write; wait for the lock rather than fail at once. Every
    # transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two requests that
    # read and then write (two officers billing one episode) run one after the other instead of
    # one failing with "database is locked" when it upgrades its read lock: what a row lock
    # does on PostgreSQL (select_for_update, ignored by SQLite).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["timeout"] = 20
    options["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Thai first, English beside it.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("SITTHI_STATIC_ROOT")  # only for collectstatic deployments
WHITENOISE_USE_FINDERS = True

AUDITLOG_INCLUDE_ALL_MODELS = False

# Background jobs (sitthi.jobs; django-q2 with its ORM broker: the queue is a table of DATABASES
# ["default"]). A job taking longer than SITTHI_JOB_TIMEOUT seconds is stopped; a task whose
# worker died is handed to another worker after `retry` seconds (longer than the timeout, so a
# live worker is never doubled).
JOB_TIMEOUT = int(os.environ.get("SITTHI_JOB_TIMEOUT", "1800"))
Q_CLUSTER = {
    "name": "sitthi",
    "orm": "default",
    "workers": int(os.environ.get("SITTHI_JOB_WORKERS", "2")),
    "timeout": JOB_TIMEOUT,
    "retry": JOB_TIMEOUT + int(os.environ.get("SITTHI_JOB_RETRY_MARGIN", "60")),
    "max_attempts": 5,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "poll": float(os.environ.get("SITTHI_JOB_POLL", "1")),
    "label": "Job queue",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_cid": {"()": "sitthi.core.logmask.MaskCitizenIds"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_cid"],
            "formatter": "plain",
        }
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
