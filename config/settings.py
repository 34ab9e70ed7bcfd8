"""Settings for every environment, driven by environment variables.

GIAMNGHEO_DATA_DIR   where the embedded SQLite database, uploads and generated files live (./var)
DATABASE_URL         postgres://… for real deployments; unset means SQLite in the data directory
REDIS_URL            redis://… for the cache, login throttling and the Celery broker; unset means
                     in-process equivalents (fine for one commune on one machine)
GIAMNGHEO_SECRET_KEY required when GIAMNGHEO_DEBUG is off
GIAMNGHEO_DEBUG      "1" for development (the demo sets it)
GIAMNGHEO_ALLOWED_HOSTS comma-separated host names
GIAMNGHEO_TRUSTED_PROXIES comma-separated addresses or networks of the reverse proxies in front of the app;
                     only from them is X-Forwarded-For read for the client's address (empty: never)
GIAMNGHEO_IMPORT_MAX_BYTES    largest registry import upload in bytes (50 MB)
GIAMNGHEO_IMPORT_PENDING_DAYS days a staged import waits for its second official before it expires (14)
GIAMNGHEO_SIGNED_SCAN_MAX_BYTES largest signed scan of an issued document in bytes (10 MB)
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from celery.schedules import crontab

from giamngheo.common.config import ConfigError, database_from_url, env_flag

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GIAMNGHEO_DATA_DIR", BASE_DIR / "var")).resolve()

DEBUG = env_flag("GIAMNGHEO_DEBUG", default=False)
SECRET_KEY = os.environ.get("GIAMNGHEO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("GIAMNGHEO_SECRET_KEY must be set when GIAMNGHEO_DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production-use-" + "x" * 20
ALLOWED_HOSTS = [h for h in os.environ.get("GIAMNGHEO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("GIAMNGHEO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
# Reverse proxies whose X-Forwarded-For gives the client's address (giamngheo.common.middleware.client_ip),
# for the lookup's and the login's per-address limits and the logs. Empty: REMOTE_ADDR only.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("GIAMNGHEO_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ConfigError(f"GIAMNGHEO_TRUSTED_PROXIES: {_proxy!r} is not an address or network.") from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "giamngheo.common",
    "giamngheo.geo",
    "giamngheo.accounts",
    "giamngheo.registry",
    "giamngheo.training",
    "giamngheo.review",
    "giamngheo.policies",
    "giamngheo.broadcast",
    "giamngheo.outreach",
    "giamngheo.dashboards",
    "giamngheo.api",
    "giamngheo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "giamngheo.common.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "giamngheo.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "giamngheo.common.cache.ReusingRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the work runs in the web process, right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Periodic jobs, run by `giamngheo worker` (its embedded beat; `--no-beat` on every worker but one).
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "import-expire": {"task": "registry.import_expire", "schedule": crontab(hour=1, minute=30)},
    # Entitlements whose policy or poverty standard started or ended since the last run (e.g. on 01/01/2027).
    "entitlements-dated-refresh": {
        "task": "policies.entitlements_dated_refresh", "schedule": crontab(hour=0, minute=20),
    },
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"
LOGOUT_REDIRECT_URL = "web:home"
# Failed logins allowed per account and per address within the window before a pause.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("GIAMNGHEO_LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60

SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "giamngheo" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese writes 1.200.000: Django's "vi" formats set the separator but no grouping, so `intcomma` would not group.
NUMBER_GROUPING = 3

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages come from npm (package-lock.json) and are served from node_modules, never copied in;
# giamngheo.web.finders lists the files the templates use.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "giamngheo.web.finders.NpmFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Registry import: the largest upload accepted (bytes), and how many days a staged batch may wait for its
# second official before it expires and its staged rows are wiped (`giamngheo import-expire`).
REGISTRY_IMPORT_MAX_BYTES = int(os.environ.get("GIAMNGHEO_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
REGISTRY_IMPORT_PENDING_DAYS = int(os.environ.get("GIAMNGHEO_IMPORT_PENDING_DAYS", "14"))

# Review: the largest signed scan (PDF, JPEG or PNG) of an issued document accepted for upload (bytes).
REVIEW_SIGNED_SCAN_MAX_BYTES = int(os.environ.get("GIAMNGHEO_SIGNED_SCAN_MAX_BYTES", str(10 * 1024 * 1024)))

# Resident lookup: attempts per address (any outcome) and failures per household code, each per window (seconds).
LOOKUP_LIMIT_PER_ADDRESS = int(os.environ.get("GIAMNGHEO_LOOKUP_LIMIT_PER_ADDRESS", "30"))
LOOKUP_ADDRESS_WINDOW_SECONDS = int(os.environ.get("GIAMNGHEO_LOOKUP_ADDRESS_WINDOW_SECONDS", str(10 * 60)))
LOOKUP_LIMIT_PER_CODE = int(os.environ.get("GIAMNGHEO_LOOKUP_LIMIT_PER_CODE", "5"))
LOOKUP_CODE_WINDOW_SECONDS = int(os.environ.get("GIAMNGHEO_LOOKUP_CODE_WINDOW_SECONDS", str(60 * 60)))
# Every failed lookup takes at least this long (wall time), so failures for known and unknown codes look alike.
LOOKUP_FAILURE_FLOOR_MS = float(os.environ.get("GIAMNGHEO_LOOKUP_FAILURE_FLOOR_MS", "5"))

# Encrypts identity numbers at rest; derived from SECRET_KEY unless given.
FIELD_ENCRYPTION_KEY = os.environ.get("GIAMNGHEO_FIELD_ENCRYPTION_KEY", "")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("GIAMNGHEO_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GIAMNGHEO_LOG_LEVEL", "WARNING")},
}
