"""WFA Portal settings: one file, driven by the environment.

Embedded default (nothing set): SQLite inside the project, background work
in-process after commit, local-memory cache. Production: DATABASE_URL,
REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and the e-mail variables (README).
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest (or WFA_TESTING=1 for tooling) a development key and plain static storage are fine.
TESTING = env_bool("WFA_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "axes",
    "organizations",
    "circulars",
    "schedules",
    "notifications",
    "monitoring",
    "attendance",
    "standing",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wfa_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the login, messages and headers: its 400 page is rendered like any other page.
    "wfa_portal.middleware.RefuseNulMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wfa_portal.urls"
WSGI_APPLICATION = "wfa_portal.wsgi.application"
AUTH_USER_MODEL = "organizations.User"

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
                "organizations.context_processors.actor",
                "notifications.context_processors.bell",
            ],
            # The one date format of the portal: {{ day|long_date }} in every template.
            "builtins": ["organizations.templatetags.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Wait for the writer instead of failing at once when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is a soft dependency of every request: stopped or frozen, it may cost a
# request at most one short timeout, after which this process leaves it alone for
# REDIS_RETRY_AFTER seconds (the cache falls back to local memory, enqueues to the
# outbox sweeper). See wfa_portal/soft_cache.py and wfa_portal/broker.py.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.3"))
REDIS_RETRY_AFTER = float(os.environ.get("REDIS_RETRY_AFTER", "10"))


def redis_cache(url: str) -> dict:
    """The cache on Redis, with the short timeouts (tests point it at their own Redis)."""
    return {
        "BACKEND": "wfa_portal.redis_cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Figures derived from rows (resolved policies, the bell's count) kept in that cache
# under a version their writers change (wfa_portal/soft_cache.py ``versioned``).
# The test suite turns it off, except in the tests of the cache itself.
CACHE_FIGURES = env_bool("WFA_CACHE_FIGURES", default=True)

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Behind a reverse proxy: how many proxies in front of the app append to
# X-Forwarded-For. 0 (the default) trusts no forwarded header: the client is
# REMOTE_ADDR. With N, the client is the N-th address from the right of
# X-Forwarded-For (the one the outermost trusted proxy saw). One rule for the API
# throttles (DRF's NUM_PROXIES), django-axes and the public pages' limiter:
# wfa_portal.client_ip.client_ip.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Failed logins are throttled per username and client address together; the
# address is resolved as above (X-Forwarded-For only with TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "wfa_portal.client_ip.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "wfa_portal.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "wfa_portal.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests WhiteNoise serves straight from the app and static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# A roster grid posted without JavaScript has one field per open cell: 1,000 staff
# over a five-day week is 5,000 fields, over Django's default limit of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Limits of an uploaded table (organizations.tables reads every import through
# them, before and while loading; README lists them). An .xlsx is a zip: its
# members are checked from the zip's directory before anything is unpacked.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
UPLOAD_MAX_ROWS = int(os.environ.get("UPLOAD_MAX_ROWS", "60000"))
UPLOAD_MAX_COLUMNS = int(os.environ.get("UPLOAD_MAX_COLUMNS", "50"))
UPLOAD_MAX_CELLS = int(os.environ.get("UPLOAD_MAX_CELLS", "500000"))
UPLOAD_MAX_CELL_CHARS = int(os.environ.get("UPLOAD_MAX_CELL_CHARS", "1000"))
UPLOAD_MAX_UNZIPPED_BYTES = int(os.environ.get("UPLOAD_MAX_UNZIPPED_BYTES", str(50 * 1024 * 1024)))
UPLOAD_MAX_ZIP_RATIO = int(os.environ.get("UPLOAD_MAX_ZIP_RATIO", "100"))
IMPORT_MAX_EMPLOYEES = int(os.environ.get("IMPORT_MAX_EMPLOYEES", "20000"))
IMPORT_MAX_ATTENDANCE_ROWS = int(os.environ.get("IMPORT_MAX_ATTENDANCE_ROWS", "50000"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# E-mail: console in development; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# Seconds an SMTP operation may block: a hung mail server must not hold a
# notification's claim (below) or a worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes here.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# The portal's public address, for absolute links in e-mails ("https://wfa.example.go.id").
SITE_URL = os.environ.get("SITE_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WFA Portal <noreply@wfa-portal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as the broker in production. Without REDIS_URL the same task
# code runs in-process (see wfa_portal/celery.py and notifications).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The worker's and beat's connection: reads wait longer than the worker's 1 s BRPOP.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A request's enqueue (wfa_portal.broker): one short try, then the outbox sweeper.
BROKER_PUBLISH_TRANSPORT_OPTIONS = {
    "max_retries": 0,  # kombu would otherwise retry with growing sleeps
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing never retries: the outbox row is the retry (notifications.services).
CELERY_TASK_PUBLISH_RETRY = False
# A worker killed mid-send leaves its claimed notifications "sending"; after this
# many seconds the sweeper hands them back. With the sweeper every 30 s, such a
# notification is late by at most about 90 s (notifications.services).
NOTIFICATION_CLAIM_TIMEOUT = int(os.environ.get("NOTIFICATION_CLAIM_TIMEOUT", "60"))
CELERY_BEAT_SCHEDULE: dict = {
    # Delivers what a missed enqueue, a failed send or a killed worker left pending.
    "notifications-sweep-outbox": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    # Reminders (Asia/Jakarta): each job is idempotent per day.
    "notifications-summary-missing-rosters": {
        "task": "notifications.tasks.summarize_missing_rosters",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-remind-roster-deadlines": {
        "task": "notifications.tasks.remind_roster_deadlines",
        "schedule": crontab(hour=9, minute=0),
    },
    "notifications-notify-tomorrow": {
        "task": "notifications.tasks.notify_tomorrow",
        "schedule": crontab(hour=17, minute=0),
    },
}
# The daily WFO/WFA figure per OPD goes to each agency's BKPSDM at this time (HH:MM, local).
ATTENDANCE_FIGURE_TIME = os.environ.get("ATTENDANCE_FIGURE_TIME", "13:00")
CELERY_BEAT_SCHEDULE["attendance-daily-figure"] = {
    "task": "attendance.tasks.send_daily_figures",
    "schedule": crontab(
        hour=int(ATTENDANCE_FIGURE_TIME.split(":")[0]),
        minute=int(ATTENDANCE_FIGURE_TIME.split(":")[1]),
    ),
}

# Security: strict unless DEBUG. `manage.py check --deploy` runs clean in CI.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# A page reads its session from Redis, the database only on a miss: one query fewer
# per request (#18). Through the Redis breaker, a copy kept at most 5 minutes; with
# only the embedded local-memory cache, sessions stay in the database alone (one
# worker's memory must not outlive a logout seen by another): wfa_portal/session_store.py.
SESSION_ENGINE = "wfa_portal.session_store"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): scripts only from the portal's own static
# files (no inline <script>, no on*= attributes: static/js/*.js), nothing from a CDN.
# Styles may be inline (style= attributes in a few templates, Chart.js and Swagger UI),
# never scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# REST API (/api/v1/): sessions for the browser, personal tokens for integrations.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403.
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser with a nesting limit (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "60/min"),
        "user": os.environ.get("API_RATE_USER", "600/min"),
        "token": os.environ.get("API_RATE_TOKEN", "10/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # DRF's own rule for X-Forwarded-For (None would trust it blindly); the portal's
    # throttles resolve the client with wfa_portal.client_ip, which follows the same rule.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# The public pages (/publik/, no login): requests per client address (wfa_portal.ratelimit).
PUBLIC_RATES = {
    "page": os.environ.get("PUBLIC_RATE_PAGE", "60/min"),
    "pdf": os.environ.get("PUBLIC_RATE_PDF", "20/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WFA Portal API",
    "DESCRIPTION": "API integrasi WFA Portal (surat edaran, jadwal, pegawai).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Vendored Swagger UI (static/vendor/swagger-ui): no CDN on closed government networks.
    "SWAGGER_UI_DIST": f"/{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"/{STATIC_URL}vendor/swagger-ui/favicon-32x32.png",
    "ENUM_NAME_OVERRIDES": {
        "ServiceCategoryEnum": "organizations.models.ServiceCategory",
        "RoleTagEnum": "organizations.models.RoleTag",
        "RoleKindEnum": "organizations.models.Role.Kind",
        "CircularStatusEnum": "circulars.models.Circular.Status",
        "CircularPhaseEnum": "circulars.models.Phase",
        "AwayRequestStatusEnum": "schedules.models.AwayRequest.Status",
        "JobTypeEnum": "organizations.models.JobType",
        "CircumstanceKindEnum": "organizations.models.EmployeeCircumstance.Kind",
        "CheckInSourceEnum": "attendance.models.CheckIn.Source",
        "DayVerificationStatusEnum": "attendance.models.DayVerification.Status",
        "ModeEnum": "schedules.models.ModeChoices",
        "StandingAwayModeEnum": "standing.models.AwayMode",
    },
}

# Tests against real services: with WFA_REQUIRE_SERVICES=1 a test that needs
# PostgreSQL or Redis fails instead of skipping when the service is missing.
WFA_REQUIRE_SERVICES = env_bool("WFA_REQUIRE_SERVICES")


# --- Operations (issue 19): probes, request ids, logs, metrics, error reports ---------------
# Kept in one block: the reverse-proxy and Redis-timeout settings live elsewhere (issue 13).
from ops.logs import logging_config  # noqa: E402  (imports nothing from Django's apps)

INSTALLED_APPS += ["ops"]
# First: /healthz, /readyz and /metrics answer before sessions, CSRF, language, the HTTPS
# redirect and the host check; every other request gets its request id here.
MIDDLEWARE.insert(0, "ops.middleware.OpsMiddleware")
# LOG_FORMAT=json: one JSON object a line (for journald, Loki, Elastic); else plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = logging_config(log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))
# Behind PgBouncer in transaction pooling, .iterator() must not hold a server-side cursor
# across transactions (docs/scaling.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS")
# /metrics is served only when a token is set, to `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from ops.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
