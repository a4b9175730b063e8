"""Sigap settings: one module driven by the environment.

Defaults are safe for production (DEBUG off, no demo mode, SECRET_KEY required); `make run` sets DEBUG=1 for a
newcomer's laptop (SQLite under var/, demo data allowed). Production sets the secrets through the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIGAP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without configuration must not serve tracebacks, a published key or the
# demo accounts. `make run` and the test settings turn it on.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (
    "dev-only-insecure-key-change-me-in-production-0123456789abcdefghijklmnop" if DEBUG else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Demo accounts with a published password exist only where this is on.
SIGAP_DEMO_MODE = env_bool("SIGAP_DEMO_MODE", DEBUG)
# The city is configuration, not code: its name on every page and message, its time zone and what people call it.
SIGAP_CITY_NAME = os.environ.get("SIGAP_CITY_NAME", "Kota Baubau")
SIGAP_TIME_ZONE_LABEL = os.environ.get("SIGAP_TIME_ZONE_LABEL", "WITA")
SIGAP_KOTA_CODE = os.environ.get("SIGAP_KOTA_CODE", "74.72")
SIGAP_TRACKING_PREFIX = os.environ.get("SIGAP_TRACKING_PREFIX", "BBU")
SIGAP_BASE_URL = os.environ.get("SIGAP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Listed so the API docs page (/api/v1/docs) serves Swagger UI from django-ninja's own static files, never a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "sigap.core",
    "sigap.wilayah",
    "sigap.organization",
    "sigap.calendar",
    "sigap.reports",
    "sigap.notifications",
    "sigap.web",
    "sigap.api",
    "sigap.channels",
    "sigap.chain",
    "sigap.dashboard",
    "sigap.open311",
    "sigap.services",
    "sigap.routing",
    "sigap.surveys",
    "sigap.lapor",
    "sigap.seed",
    "sigap.operations",
    # Top floor with config: /metrics reads every app's tables; the request and task log lines.
    "sigap.monitoring",
]
# Benchmark data (`manage.py seed_synthetic`, benchmarks/synthetic/) is a development and demo tool, not part of the
# product: a real city's database never gets a million made-up reports. It comes with a checkout, not a wheel.
if SIGAP_DEMO_MODE and (BASE_DIR / "benchmarks" / "synthetic").is_dir():
    INSTALLED_APPS.append("benchmarks.synthetic")

MIDDLEWARE = [
    # Outermost: the request id, the log line and the count by status cover every answer, refusals included.
    "sigap.monitoring.middleware.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Before the session is read: a cookie with a control character (U+0000 breaks the lookup) is dropped.
    "sigap.core.refused_input.RefusedCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CSRF and the views, which read the body: an oversized upload is refused from its Content-Length.
    "sigap.core.middleware.RequestSizeLimitMiddleware",
    "sigap.web.login.SessionDeadlineMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session, language and user are known (the refusal page is in the person's language, with the menu).
    "sigap.core.refused_input.RefusedInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sigap.core.middleware.ContentSecurityPolicyMiddleware",
    "sigap.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigap.core.context_processors.city",
                "sigap.web.navigation.staff_menu",
            ],
        },
    }
]
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sigap.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker and the web server write side by side without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20,
         "transaction_mode": "IMMEDIATE"}
    )
    # The dashboard's covering indexes list INCLUDE columns for PostgreSQL's index-only scans; SQLite ignores
    # them and keeps a plain index, which is all it needs (docs/adr/0007).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wherever a password is set (admin, changepassword, createsuperuser, the password-change page). Staff accounts need a
# longer one; the published demo password is refused outright (seed_demo sets it directly, demo mode only).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "sigap.organization.passwords.StaffMinimumLengthValidator",
     "OPTIONS": {"min_length": int(os.environ.get("SIGAP_STAFF_PASSWORD_MIN_LENGTH", "12"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sigap.organization.passwords.DemoPasswordValidator"},
]
# Sign-in throttle (sigap.core.login_throttle): failures per username and per client address within the window lock
# that username or address for the lockout. Counted in the cache, like the intake limits.
SIGAP_LOGIN_FAILURES_PER_USERNAME = int(os.environ.get("SIGAP_LOGIN_FAILURES_PER_USERNAME", "5"))
SIGAP_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGAP_LOGIN_FAILURES_PER_ADDRESS", "30"))
SIGAP_LOGIN_WINDOW_MINUTES = int(os.environ.get("SIGAP_LOGIN_WINDOW_MINUTES", "15"))
SIGAP_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("SIGAP_LOGIN_LOCKOUT_MINUTES", "15"))
# People who can reveal an anonim reporter's identity: their session ends at browser close and within this many hours.
SIGAP_IDENTITY_SESSION_HOURS = int(os.environ.get("SIGAP_IDENTITY_SESSION_HOURS", "9"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/petugas/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("SIGAP_TIME_ZONE", "Asia/Makassar")  # read through sigap.core.timefmt.local_tz
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The whole request: three photos of at most 10 MB each and the form. Refused with 413 from its Content-Length,
# before it is read (sigap.core.middleware); nginx's client_max_body_size must match (docs/deployment.md).
SIGAP_MAX_REQUEST_BYTES = int(os.environ.get("SIGAP_MAX_REQUEST_BYTES", str(32 * 1024 * 1024)))
# Fields other than files (a JSON body, the form's text) are small; uploads above this go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A task claimed longer ago than this by a worker that never finished it is requeued (sigap.core.task_claims).
SIGAP_TASK_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("SIGAP_TASK_CLAIM_TIMEOUT_SECONDS", "600"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if os.environ.get("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache",
        **({"LOCATION": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}),
        # A Redis that stops answering must cost a request a fraction of a second, not a worker's whole timeout:
        # rate limits and dashboards then carry on without it (sigap.core.ratelimit, sigap.core.safe_cache).
        **({"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}} if os.environ.get("REDIS_URL")
           else {}),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sigap Kota Baubau <sigap@baubaukota.go.id>")

WHATSAPP_ACCESS_TOKEN = os.environ.get("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "dev-app-secret" if DEBUG else "")
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "dev-verify-token" if DEBUG else "")
WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0").rstrip("/")
# The city's WhatsApp number as citizens should read it (the home page shows it with a wa.me link); empty hides it.
# The demo's number is one of the demo's own fictional +62 811 0000 00xx range, never a real subscriber.
SIGAP_WHATSAPP_DISPLAY_NUMBER = os.environ.get(
    "SIGAP_WHATSAPP_DISPLAY_NUMBER", "+62 811-0000-0000" if SIGAP_DEMO_MODE else "")
# After this many days an inbox item keeps only its message id (deduplication), and a citizen's WhatsApp contact
# (profile name, number) is dropped once they have been silent that long.
SIGAP_WHATSAPP_INBOX_RETENTION_DAYS = int(os.environ.get("SIGAP_WHATSAPP_INBOX_RETENTION_DAYS", "90"))
# A message handed to a provider that has not confirmed it within this time is marked unconfirmed for a person.
SIGAP_NOTIFICATION_UNKNOWN_MINUTES = int(os.environ.get("SIGAP_NOTIFICATION_UNKNOWN_MINUTES", "60"))
# The real Cloud API sender only when configured; otherwise the recording fake (make run, tests, the simulator).
if WHATSAPP_ACCESS_TOKEN:
    SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": "sigap.channels.transport.WhatsAppTransport"}

# Security: production values; DEBUG keeps plain HTTP usable on a laptop.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A load balancer's health check speaks plain HTTP to the process; a 301 to HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Intake rate limits. Carrier-grade NAT puts many citizens behind one address, so the per-address limit is generous
# and the per-contact one is tight. Counted in the cache: production needs REDIS_URL so processes share the counts.
SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = int(os.environ.get("SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR", "60"))
SIGAP_RATE_INTAKE_PER_CONTACT_DAY = int(os.environ.get("SIGAP_RATE_INTAKE_PER_CONTACT_DAY", "10"))
# How long an intake's Idempotency-Key (or the web form's one-time token) is remembered: a retry within it gets the
# first report back. Swept hourly (docs/adr/0008-idempotent-intake.md).
SIGAP_INTAKE_KEY_HOURS = int(os.environ.get("SIGAP_INTAKE_KEY_HOURS", "24"))
# The reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed; the rightmost hop none of them wrote is
# the client. Empty: the peer address is the client (behind a proxy, every citizen would share the proxy's bucket,
# so `check --deploy` warns, sigap.W002).
SIGAP_TRUSTED_PROXIES = env_list("SIGAP_TRUSTED_PROXIES", "")

# Map tiles are configurable so a city can use its own tile server; pages work without them.
SIGAP_TILE_URL = os.environ.get("SIGAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Shown under every map: tile servers' licences (OpenStreetMap's ODbL among them) require the credit.
SIGAP_TILE_ATTRIBUTION = os.environ.get("SIGAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
SIGAP_TILE_ATTRIBUTION_URL = os.environ.get("SIGAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright")

# /metrics answers only this bearer token (404 otherwise, and to everyone while it is empty). With gunicorn's several
# processes, PROMETHEUS_MULTIPROC_DIR (an empty directory) lets any one of them answer for all (docs/monitoring.md).
SIGAP_METRICS_TOKEN = os.environ.get("SIGAP_METRICS_TOKEN", "")

# The unit-suggestion model (issue 15, ADR 0015): written by `manage.py routing_train`, read only if its metadata
# file beside it vouches for its bytes. No file, no suggestions: the category's rule alone, as before.
SIGAP_ROUTING_MODEL_PATH = Path(os.environ.get("SIGAP_ROUTING_MODEL_PATH", VAR_DIR / "routing" / "model.joblib"))
# Labels that mean "somewhere else": suggested to the desk like any unit, never routed on the model's word alone.
SIGAP_ROUTING_CATCH_ALL = env_list("SIGAP_ROUTING_CATCH_ALL", "lainnya,lain-lain,umum,other")

# One JSON object per line in production, for a log shipper to read by field; plain lines on a laptop (DEBUG).
SIGAP_LOG_FORMAT = os.environ.get("SIGAP_LOG_FORMAT", "text" if DEBUG else "json")
if SIGAP_LOG_FORMAT not in ("json", "text"):
    raise RuntimeError("SIGAP_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "sigap.monitoring.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": SIGAP_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request line (sigap.request) gives every status; django.request's "Not Found: /path" repeats 4xx.
        **({"django.request": {"level": "ERROR"}} if SIGAP_LOG_FORMAT == "json" else {}),
    },
}
