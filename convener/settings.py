"""Django settings for Convener, read from the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from convener.core.env import database_from_url, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(PACKAGE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (50+ random characters) or DEBUG=true for "
            "local development."
        )
    SECRET_KEY = "dev-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "convener.core.views.errors.csrf_failure"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Daphne first: its runserver serves HTTP and WebSockets (live sessions) from one process.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # the `rqworker` command, for TASKS_BACKEND=redis
    "django_tasks_rq",
    "convener.core",
    "convener.accounts",
    "convener.framework",
    "convener.initiatives",
    "convener.stakeholders",
    "convener.activities",
    "convener.measuring",
    "convener.toolkit",
    "convener.live",
    "convener.consensus",
    "convener.reports",
    "convener.archive",
    "convener.public",
    "convener.demo",
]

MIDDLEWARE = [
    # First, so every response gets the policy: also a 400 for a disallowed Host, which the
    # middleware below answer before any view runs.
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of signed-in sessions (docs/security.md).
    "convener.core.security.SessionLifetimeMiddleware",
    # Times on an initiative's pages in its own zone (set by get_initiative_for).
    "convener.core.page_zone.PageTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "convener.urls"
WSGI_APPLICATION = "convener.wsgi.application"
ASGI_APPLICATION = "convener.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    }
]

if not env_str("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL"), sqlite_default_path=str(DATA_DIR / "convener.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account + address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "initiatives:list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout is keyed on the account and the address together: a whole venue or agency often
# shares one public address, so locking an address alone would lock out everyone there.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form posts the e-mail address in a field named "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None

SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Convener <convener@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Transport security. Defaults are strict whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every asset is served by the app itself: no third-party origins, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Redis, when set, carries live-session messages between worker processes; without it the
# embedded default keeps them in memory, which serves one ASGI process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # No client read timeout: redis-py 8 reads with a 5 s timeout by default, which
            # cuts the layer's blocking receive (BZPOPMIN, 5 s) and closes every idle socket.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# One cache every process shares: rate limits (convener.core.throttle, django-ratelimit) must
# count across workers. Redis when REDIS_URL is set; otherwise the database cache, whose table
# migrate creates (accounts migration 0003 runs createcachetable).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "convener"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "convener_cache",
        }
    }
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)

INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 7)
# Background tasks (convener.core.tasks, Django's Tasks API through the django-tasks backport).
# immediate: in the process that enqueues, right after commit (the embedded default: no extra
# process); database: rows that `convener db_worker` processes run (any deployment with more
# than one web process). Daily tasks are enqueued by `convener daily` (a systemd timer).
# redis: RQ queues in Redis (django-tasks-rq), run by `convener rqworker --job-class
# django_tasks_rq.Job` (a deployment that already runs Redis for the live layer and the cache).
TASKS_BACKEND = env_str("TASKS_BACKEND") or "immediate"
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not one of {', '.join(_TASK_BACKENDS)}."
    )
if TASKS_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=redis needs REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 900}}
# Process-wide garbage-collector and GIL tuning in convener.asgi (off by default): only for
# processes that hold thousands of live-session sockets, where bench/live_load.py shows it helps.
ASGI_GC_TUNING = env_bool("ASGI_GC_TUNING", default=False)
DAILY_TASKS = [
    "convener.archive.jobs.purge_participant_data",
    "convener.activities.tasks.rebuild_ladder_summaries",
    "convener.activities.tasks.send_invitation_reminders",
]
CONTENT_PACK_DIRS = env_list("CONTENT_PACK_DIRS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers also print to the console in DEBUG; they propagate to the root
        # handler instead, so that each line is printed once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},
        # PDF rendering logs every step at INFO; only its problems are worth reading.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Security gate, retention and archives (docs/security.md) ---------------------------------
# A signed-in session ends after this long without a request, and in any case this long after
# sign-in, however active (convener.core.security.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_MAX_AGE_HOURS", 12) * 3600
# Retention of participant data, in days (0 keeps it): `convener purge_participant_data`.
RETENTION_SURVEY_LINK_DAYS = env_int("RETENTION_SURVEY_LINK_DAYS", 180)  # after a round closes
RETENTION_LIVE_PARTICIPANT_DAYS = env_int("RETENTION_LIVE_PARTICIPANT_DAYS", 90)  # after it ends
RETENTION_SESSION_RECORD_DAYS = env_int("RETENTION_SESSION_RECORD_DAYS", 30)  # after sign-out
RETENTION_AUDIT_DAYS = env_int("RETENTION_AUDIT_DAYS", 0)
ARCHIVE_IMPORT_MAX_MB = env_int("ARCHIVE_IMPORT_MAX_MB", 50)
