"""Diálogo settings, read from environment variables.

Every value has a safe default for the embedded SQLite set-up (`make run`); production
installs set them in the environment (or in ``NAME_FILE`` files for secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read a string setting; ``NAME_FILE`` (a path) wins, for secrets kept in files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-make-run-0123456789abcdef"
# Key for network credentials at rest (Fernet, base64 of 32 bytes). Derived from SECRET_KEY when
# unset, so a development install works; production sets its own (`check --deploy` says so,
# dialogo.E001) and keeps it in a file. Older keys stay readable from the fallbacks until
# `manage.py rotate_encryption_key` has re-encrypted everything (see dialogo/core/crypto.py).
ENCRYPTION_KEY = env("ENCRYPTION_KEY")
ENCRYPTION_KEY_FALLBACKS = env_list("ENCRYPTION_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "dialogo.core",
    "dialogo.networks",
    "dialogo.inbox",
    "dialogo.triage",
    "dialogo.moderation",
    "dialogo.pqrsd",
    "dialogo.knowledge",
    "dialogo.metrics",
    "dialogo.demo",
]

MIDDLEWARE = [
    "dialogo.core.proxy.ProxyMiddleware",  # first: everything after sees the real client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dialogo.core.proxy.IdleSessionMiddleware",
    "dialogo.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dialogo.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "dialogo.urls"
WSGI_APPLICATION = "dialogo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dialogo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dialogo.core.context_processors.membership",
                "dialogo.moderation.context_processors.pending_moderation",
            ],
        },
    },
]

DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, not its folder
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "dialogo.sqlite3"),
            # WAL lets the web process read while the worker writes; IMMEDIATE avoids
            # "database is locked" on write upgrades. A checkpoint every 8,000 pages
            # (32 MB of log) instead of SQLite's 1,000: an import rewrote the same index
            # pages into the database file (and synced it) every few batches, a sixth of
            # its time (bench/import_archive.py); the log is cut back to 64 MB after.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA wal_autocheckpoint=8000; PRAGMA journal_size_limit=67108864;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dialogo_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env("LANGUAGE_CODE", "es-co")  # the default language; users switch in the UI
LANGUAGES = [("es-co", _("Spanish (Colombia)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dialogo" / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "dialogo" / "static", BASE_DIR / "build" / "vendor"]
# In development WhiteNoise serves straight from the finders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
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

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "dialogo@localhost")

# Channel connection forms refuse servers on loopback, private, link-local and reserved
# addresses (networks/hosts.py) unless this installation's servers live there.
ALLOW_PRIVATE_NETWORK_HOSTS = env_bool("ALLOW_PRIVATE_NETWORK_HOSTS", False)

# Public web form: submissions allowed per client IP per hour.
WEBFORM_RATE_LIMIT = env_int("WEBFORM_RATE_LIMIT", 5)
# Login throttling: after LOGIN_FAILURE_LIMIT failed attempts on one account (or
# LOGIN_ADDRESS_FAILURE_LIMIT from one address) within the window, further attempts are refused
# for LOGIN_LOCKOUT_SECONDS, doubled with each new failure, at most LOGIN_LOCKOUT_MAX_SECONDS.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 86400)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 3600)
# Seconds a viewer stays listed on a conversation after their last heartbeat.
PRESENCE_TTL = env_int("PRESENCE_TTL", 30)

# The rows of the public legal reports on requests ("module:attribute"; empty: none shown).
METRICS_PQRSD_SOURCE = env("METRICS_PQRSD_SOURCE", "dialogo.metrics.pqrsd_source:SOURCE")
# A reply claimed by a delivery worker longer than this ago is put back in the queue (the
# worker died); after SEND_MAX_ATTEMPTS claims it is marked failed, for a person to retry.
SEND_LEASE_SECONDS = max(1, env_int("SEND_LEASE_SECONDS", 300))
SEND_MAX_ATTEMPTS = max(1, env_int("SEND_MAX_ATTEMPTS", 3))

# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For and
# X-Forwarded-Proto are believed; without any, neither header is (core/proxy.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    from ipaddress import ip_network

    for _proxy in TRUSTED_PROXIES:
        ip_network(_proxy, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
# A session unused this long (seconds) is logged out; the cookie lasts no longer either.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 8 * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Opt-in: an institution's parent domain (and the browsers' preload list) is not ours to
    # pin. When left off, the deploy checks that recommend them are silenced on purpose.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
    # No SECURE_PROXY_SSL_HEADER: X-Forwarded-Proto is read by core.proxy.ProxyMiddleware,
    # and only from TRUSTED_PROXIES.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
