"""Django settings. Everything a deployment changes comes from the environment:

- ``DATABASE_URL``: any database dj-database-url understands, e.g.
  ``postgres://user:pass@host:5432/sitthi``; default: the embedded SQLite file ``var/sitthi.sqlite3``.
- ``SITTHI_SECRET_KEY``, ``SITTHI_DEBUG`` (1/0), ``SITTHI_ALLOWED_HOSTS`` (comma-separated),
  ``SITTHI_VAR_DIR`` (where the SQLite file and uploads live).
- ``SITTHI_ENV``: ``development`` (default) or ``production``; what production requires and
  sets (HTTPS, Secure cookies, collected static files) is in ``sitthi.core.production``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from sitthi.core import production

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SITTHI_VAR_DIR", Path.cwd() / "var"))

STATIC_URL = "static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "sitthi.web.finders.PlotlyFinder",  # Plotly's script from its package, as a static file
]
WHITENOISE_USE_FINDERS = True
# SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, STATIC_ROOT and, in production, the
# HTTPS and cookie settings (sitthi.core.production).
try:
    globals().update(production.settings_from(os.environ, VAR_DIR))
except production.SettingsRefused as refused:
    raise ImproperlyConfigured(str(refused)) from None
if STATIC_ROOT:  # noqa: F821 (set above); whitenoise wants it before collectstatic fills it
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F821

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "csp",
    "auditlog",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "sitthi.core",
    "sitthi.registry",
    "sitthi.claims",
    "sitthi.ucep",
    "sitthi.isolation",
    "sitthi.allocation",
    "sitthi.assistance",
    "sitthi.finance",
    "sitthi.jobs",
    "sitthi.exchange",
    "sitthi.year",
    "sitthi.web",
]

MIDDLEWARE = [
    "sitthi.core.observe.RequestObservation",  # first: request id, timing, the log line, metrics
    "django.middleware.security.SecurityMiddleware",
    "sitthi.web.finders.StaticFiles",  # whitenoise; Plotly's script compressed and cached
    "sitthi.core.observe.NoStore",  # below whitenoise: static files keep their own caching
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sitthi.web.middleware.ThaiFirstLocale",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sitthi.core.otp.RequireSecondFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "sitthi.core.middleware.ApiErrorShape",
    "sitthi.core.middleware.RejectNulCharacters",
    "sitthi.web.middleware.RefusalPage",
    "axes.middleware.AxesMiddleware",
    # After authentication and the refusals above: the caller is known, bad input refused.
    "sitthi.core.idempotency.IdempotencyKeys",  # Idempotency-Key on /api/ and /fhir/ writes
    "sitthi.core.dbfaults.DatabaseFaults",  # last: the first to see a view's database fault
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
        default=f"sqlite:///{VAR_DIR / 'sitthi.sqlite3'}",
        conn_max_age=60,
        # A kept connection is checked before a request uses it, and replaced when the server
        # closed it (PostgreSQL restarted): the first request after an outage is served.
        conn_health_checks=True,
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Access (sitthi.core.limits, sitthi.core.otp): django-axes refuses a log-in after 5 failures
# of one username, or of one address, for 15 minutes (its database handler: every worker sees
# the same attempts); the answer is LOGIN_LOCKED (429). The client's address is REMOTE_ADDR, or,
# behind a proxy, the header named by SITTHI_CLIENT_IP_HEADER (e.g. X-Forwarded-For).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SITTHI_CLIENT_IP_HEADER = os.environ.get("SITTHI_CLIENT_IP_HEADER") or None
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "sitthi.core.limits.address_of"
AXES_LOCKOUT_CALLABLE = "sitthi.core.limits.lockout_response"
AXES_VERBOSE = False
# Look-up and bad-token counters, shared by every worker (the table: a core migration).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sitthi_limits",
    },
}
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Sitthi"
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


AUDITLOG_INCLUDE_ALL_MODELS = False

# Change feed and webhooks (sitthi.exchange). A failed delivery is tried again after each of
# these minutes in turn (then given up); http:// webhook URLs to this machine (127.0.0.1,
# localhost) are taken when DEBUG is on or SITTHI_WEBHOOK_ALLOW_LOOPBACK=1 (tests). An
# isolation offer's "closing" event comes this many minutes before its deadline, the UCEP
# window's "ending" this many hours before it ends.
WEBHOOK_RETRY_MINUTES = [
    int(m) for m in os.environ.get("SITTHI_WEBHOOK_RETRY_MINUTES", "1,2,4,8,16,32").split(",")
]
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("SITTHI_WEBHOOK_TIMEOUT", "10"))
WEBHOOK_ALLOW_LOOPBACK = os.environ.get("SITTHI_WEBHOOK_ALLOW_LOOPBACK") == "1"
OFFER_CLOSING_MINUTES = int(os.environ.get("SITTHI_OFFER_CLOSING_MINUTES", "60"))
UCEP_WINDOW_ENDING_HOURS = int(os.environ.get("SITTHI_UCEP_WINDOW_ENDING_HOURS", "6"))

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

# Content-Security-Policy (django-csp 4): no inline script anywhere (scripts are static files;
# chart figures travel as json_script data). style-src keeps 'unsafe-inline' because Plotly
# draws its charts with inline style attributes and an injected <style> element (and the API
# docs' Swagger UI does the same); img-src data: for the SVG icons those inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One line per record, JSON in production (sitthi.core.observe); every line passes through
# the citizen-ID mask (sitthi.core.logmask) whatever its format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_cid": {"()": "sitthi.core.logmask.MaskCitizenIds"},
        "request": {"()": "sitthi.core.observe.RequestContext"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_cid", "request"],
            "formatter": SITTHI_LOG_FORMAT,  # noqa: F821 (set by production.settings_from)
        }
    },
    "formatters": {
        "plain": {
            "()": "sitthi.core.logmask.MaskedFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
        "json": {"()": "sitthi.core.observe.JsonFormatter"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
