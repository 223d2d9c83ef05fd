"""Django settings for PMO Portal.

Everything that differs between machines comes from the environment (see README.md, "Configuration").
With DEBUG on and nothing set the portal runs on its embedded defaults: SQLite under var/, a Celery broker on
kombu's filesystem transport (no server needed), and e-mail written to files under var/mail/. With DEBUG off,
DATABASE_URL, REDIS_URL and EMAIL_HOST must each be set: to a real server, or to ``embedded`` to choose the
embedded default deliberately. A bad value stops the start with ImproperlyConfigured naming the variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_celery_beat.tzcrontab import TzAwareCrontab

from pmo_portal.env import (
    env_bool,
    env_choices,
    env_dates,
    env_decimal,
    env_int,
    env_list,
    env_str,
    env_weekly_time,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PMO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-insecure-secret-key-only-for-DEBUG-never-in-production"
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production settings (DEBUG off) refuse to start with a default secret; "
            "set SECRET_KEY, or DEBUG=1 for local development."
        )
    SECRET_KEY = _DEV_SECRET
elif SECRET_KEY == _DEV_SECRET and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")

# --- The servers: DATABASE_URL, REDIS_URL, EMAIL_HOST --------------------------------------------------------
#: The value that chooses a server's embedded default on purpose.
EMBEDDED = "embedded"
_SERVERS = {  # variable: (its embedded default, an example of a real value)
    "DATABASE_URL": ("SQLite under var/", "postgres://user:pass@host:5432/pmo"),
    "REDIS_URL": ("the filesystem broker under var/celery-broker/", "redis://host:6379/0"),
    "EMAIL_HOST": ("e-mail as files under var/mail/", "smtp.example.co.jp"),
}
_missing = [name for name in _SERVERS if not (env_str(name) or "").strip()]
if _missing and not DEBUG:
    raise ImproperlyConfigured(
        f"{', '.join(_missing)} {'is' if len(_missing) == 1 else 'are'} not set. Production settings (DEBUG off) "
        "never fall back silently to an embedded default; set "
        + "; ".join(
            f"{name} (e.g. {example}, or {name}={EMBEDDED} for {default})"
            for name, (default, example) in _SERVERS.items()
            if name in _missing
        )
        + "."
    )


def _server(name: str) -> str:
    """The server named by ``name``, or "" for its embedded default (unset with DEBUG on, or ``embedded``)."""
    value = (env_str(name) or "").strip()
    return "" if value.lower() == EMBEDDED else value


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "csp",
    "axes",
    "pmo_portal",
    "core",
    "projects",
    "standards",
    "knowledge",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.hardening.NoStoreMiddleware",
    "core.hardening.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# make bench only (benchmarks/run.py sets it): each response names its SQL statement count (X-Bench-Queries).
if os.environ.get("PMO_BENCH_QUERY_COUNT") == "1":
    MIDDLEWARE.insert(0, "benchmarks.querycount.QueryCountMiddleware")

ROOT_URLCONF = "pmo_portal.urls"
WSGI_APPLICATION = "pmo_portal.wsgi.application"
ASGI_APPLICATION = "pmo_portal.asgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = _server("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pmo_portal.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own psycopg 3 connection pool (requires CONN_MAX_AGE = 0).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 1),
        "max_size": env_int("DB_POOL_MAX", 10),
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
# A read replica (off by default): the dashboard's and the reports' page reads go there (pmo_portal/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "") or ""
REPLICA_READ_PATHS = env_list("REPLICA_READ_PATHS", ["/dashboard/", "/reports/", "/api/v1/portfolio/"])
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL we understand: {exc}") from exc
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["pmo_portal.db_router.ReplicaRouter"]
    MIDDLEWARE.append("pmo_portal.db_router.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, see core/lockout.py): failures are counted per username and address together, so
# an attacker cannot lock everyone out; after LOGIN_FAILURE_LIMIT failures that pair is refused (429) on the login
# page, the admin login and the token endpoint until LOGIN_COOLOFF_MINUTES have passed without a new failure.
AUTHENTICATION_BACKENDS = ["core.lockout.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
# The client address is REMOTE_ADDR, or the proxy's X-Forwarded-For when USE_X_FORWARDED_PROTO says one is in front.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if env_bool("USE_X_FORWARDED_PROTO", False) else ("REMOTE_ADDR",)
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- I18N -----------------------------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of ja, en; got {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

# --- Static files (served by the portal itself through whitenoise; nothing from a CDN) -------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------------------
EMAIL_HOST = _server("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PMO Portal <pmo-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it, for links in e-mails (no trailing slash needed).
PMO_BASE_URL = env_str("PMO_BASE_URL", "http://127.0.0.1:8000")

# --- Celery ---------------------------------------------------------------------------------------------
REDIS_URL = _server("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
# CELERY_SPLIT_QUEUES=1 (the compose stack): report builds and notification e-mails get queues of their own, so
# a burst of one never waits behind the other; each queue then needs a worker (`celery worker -Q reports` …).
if env_bool("CELERY_SPLIT_QUEUES", False):
    CELERY_TASK_ROUTES = {
        "reporting.tasks.*": {"queue": "reports"},
        "core.tasks.send_notification_email": {"queue": "notifications"},
    }

# The cache: local memory per process, or Redis shared by every web process (CACHE_URL=redis://…).
CACHE_URL = env_str("CACHE_URL", "") or ""
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks. django_celery_beat's DatabaseScheduler writes these into its tables at every beat start (the
# admin can pause them there). The clock is Tokyo's whatever TIME_ZONE says: the PMO's night is Tokyo's night.
CELERY_BEAT_SCHEDULE = {
    "refresh-all-snapshots-nightly": {
        "task": "projects.tasks.refresh_all_snapshots",
        "schedule": TzAwareCrontab(minute="30", hour="2", tz=ZoneInfo("Asia/Tokyo")),
        # A run still queued 6 hours later is dropped (the next night redoes it). "expire_seconds", not "expires":
        # the key django_celery_beat stores (PeriodicTask.expires would disable the entry itself).
        "options": {"expire_seconds": 6 * 60 * 60},
    },
    # Missing weekly reports: hourly from the deadline on (the task does nothing before it; one reminder per
    # project and week however often it runs).
    "remind-missing-reports-hourly": {
        "task": "projects.tasks.remind_missing_reports",
        "schedule": TzAwareCrontab(minute="5", tz=ZoneInfo("Asia/Tokyo")),
        "options": {"expire_seconds": 50 * 60},
    },
    # This week's weekly checklist runs (週次品質チェック) of every active project; idempotent, so a missed night
    # is made up by the next run (and a project created from a blueprint gets its first one at once).
    "standards-weekly-runs-daily": {
        "task": "standards.tasks.ensure_weekly_runs",
        "schedule": TzAwareCrontab(minute="10", hour="0", tz=ZoneInfo("Asia/Tokyo")),
        "options": {"expire_seconds": 20 * 60 * 60},
    },
    # Early warnings (SPI/CPI red, gate slip, overdue issues, risk reviews, over-allocation) and the day's digest:
    # every morning before work. Running it twice raises and e-mails nothing twice.
    # Report work whose task was lost (Redis restarted without persistence, a worker gone, the database down
    # through a task's last retry, beat down at a schedule's time) is queued again from the database's record.
    "recover-lost-report-runs": {
        "task": "reporting.tasks.recover_lost_runs",
        "schedule": TzAwareCrontab(minute="*/5", tz=ZoneInfo("Asia/Tokyo")),
        "options": {"expire_seconds": 4 * 60},
    },
    "raise-early-warnings-daily": {
        "task": "projects.tasks.raise_early_warnings",
        "schedule": TzAwareCrontab(minute="0", hour="7", tz=ZoneInfo("Asia/Tokyo")),
        "options": {"expire_seconds": 6 * 60 * 60},
    },
}

# --- REST API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    # Request bodies are JSON only: one content type per operation, so generated clients import cleanly.
    # (core.parsers: DRF's JSON parser refusing bodies nested too deeply or holding NUL characters with a 400.)
    "DEFAULT_PARSER_CLASSES": ["core.parsers.SafeJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Money and ratios as JSON numbers: integrators compare and sum them without parsing strings (whole amounts
    # as integers, so that a GET can be PUT back unchanged).
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_RENDERER_CLASSES": ["core.renderers.PortalJSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PMO Portal API",
    "DESCRIPTION": "Projects, status reports, issues and risks of the PMO portfolio.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "projects.models.choices.Rag",
        "IssueStatusEnum": "projects.models.choices.IssueStatus",
        "RiskStatusEnum": "projects.models.choices.RiskStatus",
        "ChangeStatusEnum": "projects.models.choices.ChangeStatus",
        "ActionStatusEnum": "projects.models.choices.ActionStatus",
        "ReportStateEnum": "projects.models.choices.ReportState",
        "ProjectStateEnum": "projects.models.choices.ProjectState",
        "StandardStatusEnum": "standards.models.choices.StandardStatus",
        "StandardVersionStateEnum": "standards.models.choices.VersionState",
        "StandardDocumentKindEnum": "standards.models.choices.DocumentKind",
        "ChecklistRunStateEnum": "standards.models.choices.RunState",
        "GateReviewStateEnum": "standards.models.choices.GateState",
        "PhaseEnum": "projects.models.choices.Phase",
        "ReportKindEnum": "reporting.models.choices.ReportKind",
        "ReportRunStateEnum": "reporting.models.choices.RunState",
    },
}

# --- Security -------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token comes from a <meta> tag
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content Security Policy: no inline scripts anywhere; every asset from the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}


def _client_error_without_traceback(record) -> bool:
    """A 4xx (403, 404, 400 of a suspicious request) logs one line, not the traceback of the refusal."""
    if record.name.startswith(("django.request", "django.security")) and getattr(record, "status_code", 400) < 500:
        record.exc_info = None
        record.exc_text = None
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_error_one_line": {
            "()": "django.utils.log.CallbackFilter",
            "callback": _client_error_without_traceback,
        }
    },
    # One line per refused or missing page (django.request, django.security.*); a 500 keeps its traceback.
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_error_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes: lockouts are warnings; its per-login bookkeeping is not worth a line.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# --- Domain settings (the PMO can change these) -----------------------------------------------------------
# Indices (SPI, CPI) are ratios around 1: a green threshold above 1.5 would make every project amber or red.
PMO_RAG_THRESHOLDS = {
    "GREEN_MIN": env_decimal("RAG_GREEN_MIN", "0.95", minimum=Decimal(0), maximum=Decimal("1.5")),
    "AMBER_MIN": env_decimal("RAG_AMBER_MIN", "0.85", minimum=Decimal(0), maximum=Decimal("1.5")),
    "EAC_OVERRUN": env_decimal("RAG_EAC_OVERRUN", "1.10", minimum=Decimal(1), maximum=Decimal(10)),
    "GATE_SLIP_WORKING_DAYS": env_int("RAG_GATE_SLIP_WORKING_DAYS", 10, minimum=0),
    "QUALITY_TOLERANCE": env_decimal("RAG_QUALITY_TOLERANCE", "0.20", minimum=Decimal(0), maximum=Decimal(1)),
}
if PMO_RAG_THRESHOLDS["AMBER_MIN"] > PMO_RAG_THRESHOLDS["GREEN_MIN"]:
    raise ImproperlyConfigured(
        f"RAG_AMBER_MIN ({PMO_RAG_THRESHOLDS['AMBER_MIN']}) must not be above "
        f"RAG_GREEN_MIN ({PMO_RAG_THRESHOLDS['GREEN_MIN']})"
    )
# The weekly status deadline (a weekday and a time in TIME_ZONE); a holiday moves it to the previous working day.
PMO_STATUS_DEADLINE = env_weekly_time("PMO_STATUS_DEADLINE", "FRI 17:00")
# Company closed days besides weekends and Japanese public holidays (祝日), e.g. the New Year break.
PMO_EXTRA_HOLIDAYS = env_dates("PMO_EXTRA_HOLIDAYS")
# How pages show amounts (stored in whole yen): yen (円), thousand (千円) or million (百万円).
PMO_MONEY_UNIT = env_choices("PMO_MONEY_UNIT", ["yen"], allowed=("yen", "thousand", "million"))
if len(PMO_MONEY_UNIT) != 1:
    raise ImproperlyConfigured(f"PMO_MONEY_UNIT must be one of yen, thousand, million, got {PMO_MONEY_UNIT!r}")
PMO_MONEY_UNIT = PMO_MONEY_UNIT[0]
# Early warnings: an open issue is warned about when more than this many working days past due; a phase gate when
# forecast more than this many working days after its baseline (0: any slip).
PMO_WARNING_ISSUE_OVERDUE_DAYS = env_int("PMO_WARNING_ISSUE_OVERDUE_DAYS", 5, minimum=0)
PMO_WARNING_GATE_SLIP_DAYS = env_int("PMO_WARNING_GATE_SLIP_DAYS", 0, minimum=0)
# Reports (reporting.services.recovery): a queued or running run unchanged this long (seconds) has lost its task and
# is queued again; a schedule's slot missed by beat is opened late within the grace period (seconds).
PMO_REPORT_RETRY_BASE = env_int("PMO_REPORT_RETRY_BASE", 30, minimum=1)
PMO_REPORT_STALE_AFTER = env_int("PMO_REPORT_STALE_AFTER", 15 * 60, minimum=60)
PMO_SCHEDULE_GRACE = env_int("PMO_SCHEDULE_GRACE", 6 * 60 * 60, minimum=0)

# --- Standards: uploaded files and phase-gate approvers --------------------------------------------------
# The largest file a user may attach (bytes); uploads live outside STATIC_ROOT and MEDIA_ROOT, served after a check.
PMO_UPLOAD_MAX_BYTES = env_int("PMO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
PMO_UPLOAD_ROOT = Path(env_str("PMO_UPLOAD_ROOT", str(VAR_DIR / "uploads")))
# Who decides phase gates: "executive" (default) and/or "pmo", comma-separated.
PMO_GATE_APPROVERS = env_choices("PMO_GATE_APPROVERS", ["executive"], allowed=("executive", "pmo"))
