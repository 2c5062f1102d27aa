"""Mundwerk's one settings module: every knob is an environment variable.

`.env.example` lists each variable. A bad value stops start-up with a message
that names the variable, instead of failing later in a request.
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(sorted(choices))}, not {value!r}."
        )
    return value


def events_origins(events_url: str, site_url: str, hosts: list[str], events_port: int) -> list[str]:
    """Return the CSP sources the stream of live updates may be fetched from, besides 'self'.

    An absolute MUNDWERK_EVENTS_URL names its origin; a path (behind a proxy)
    is the page's own origin. Without either, the stream is on the page's host
    at the events port, for every host name the site answers to. CSP cannot
    name IPv6 addresses, and wildcard host names have no one host to name.
    """
    if events_url.startswith(("http://", "https://")):
        parts = urlsplit(events_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    if events_url:
        return []
    names = [urlsplit(site_url).hostname or "", *hosts]
    concrete = [name for name in names if name and not name.startswith((".", "*", "["))]
    return [f"{name}:{events_port}" for name in dict.fromkeys(concrete)]


def load_secret_key(data_dir: Path) -> str:
    """Return SECRET_KEY, or a key generated once and kept in the data dir."""
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        # Several processes may start at once on a new data dir (serve's
        # children): each writes a whole key to a file of its own, then links
        # it into place; the first link wins, and nobody reads a half-written key.
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


def database_config(url: str, data_dir: Path) -> dict[str, Any]:
    if not url:
        url = f"sqlite:///{data_dir / 'mundwerk.sqlite3'}"
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL we understand: {error}"
        ) from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write
            # lock at BEGIN so two writers queue on the busy timeout instead of
            # failing with "database is locked" half-way through a transaction.
            # synchronous=FULL syncs every commit: with NORMAL a power cut could
            # take back replies already acknowledged (0.2 ms a commit here).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000; PRAGMA mmap_size=134217728;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name SQLite (sqlite://) or PostgreSQL.")
    return config


DATA_DIR = Path(env_str("MUNDWERK_DATA_DIR", "data")).resolve()
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = load_secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "mundwerk.core",
    "mundwerk.accounts",
    "mundwerk.spaces",
    "mundwerk.posts",
    "mundwerk.social",
    "mundwerk.notifications",
    "mundwerk.events",
    "mundwerk.reviews",
    "mundwerk.moderation",
    "mundwerk.trust",
    "mundwerk.feed",
    "mundwerk.search",
    "mundwerk.live",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "mundwerk.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mundwerk.core.anonymous_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mundwerk.moderation.middleware.SuspensionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mundwerk.trust.limits.RateLimitMiddleware",
    "mundwerk.trust.activity.ActivityMiddleware",
]

ROOT_URLCONF = "mundwerk.urls"
WSGI_APPLICATION = "mundwerk.wsgi.application"

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
                "mundwerk.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {"default": database_config(env_str("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "mundwerk"),
        }
    }
else:
    # Per process: only for what may differ between processes for a moment
    # (cached pages and post blocks, keyed on versions from the database).
    # Django's default of 300 entries is too few for a busy site.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# A session must end on every app process at once when a member logs out, so
# it is cached only where every process sees the same cache: Redis, or, for
# SQLite (one machine by nature), files in the data directory, which all of
# that machine's processes share. PostgreSQL without Redis may mean several
# machines, so sessions are read from the database there.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if not REDIS_URL and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SESSION_CACHE_ALIAS = "sessions"
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "sessions"),
        # Past this many files Django drops a third of them; those sessions are
        # read from the database again, nobody is logged out.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
elif not REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rate limits must hold across processes: Redis, or files that every process
# of the one machine shares.
if REDIS_URL:
    CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + ":rl"}
else:
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "limits"),
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
# Rate limits (sign-ups, log-ins, posts, flags; the numbers are in the admin).
# Off only for load tests and the test suite, which turns them on where it tests them.
RATE_LIMITS = env_bool("MUNDWERK_RATE_LIMITS", True)
# Site settings are cached per process without Redis, so keep that short.
SITE_SETTINGS_CACHE_SECONDS = 300 if REDIS_URL else 5
# How long logged-out readers may see a page from the cache (0 turns it off).
ANONYMOUS_CACHE_SECONDS = env_int("MUNDWERK_ANONYMOUS_CACHE_SECONDS", 2, minimum=0, maximum=2)

# Live updates (the bell's count, new replies) are server-sent events from a
# separate async process (mundwerk/live, started by `mundwerk serve`), so pages
# stay on the faster WSGI server. Empty URL: the page's host at the events port.
EVENTS_ENABLED = env_bool("MUNDWERK_EVENTS", True)
EVENTS_URL = env_str("MUNDWERK_EVENTS_URL")
if EVENTS_URL and not EVENTS_URL.startswith(("/", "http://", "https://")):
    raise ImproperlyConfigured(
        "MUNDWERK_EVENTS_URL must be a path (/events/) or an http(s):// address."
    )
# Both set by `mundwerk serve` for its children; 0 means "the other one, plus or minus 1".
EVENTS_PORT = env_int("MUNDWERK_EVENTS_PORT", 0, minimum=0, maximum=65535)
PAGES_PORT = env_int("MUNDWERK_PAGES_PORT", 0, minimum=0, maximum=65535)
EVENTS_MAX_STREAMS = env_int("MUNDWERK_EVENTS_MAX_STREAMS", 2000, minimum=1)
EVENTS_POLL_SECONDS: float = 2
EVENTS_HEARTBEAT_SECONDS: float = 15
EVENTS_LIFETIME_SECONDS: float = 300
# How often a running stream checks that its session is still logged in and
# its topic still there (a logout ends the stream within this time).
EVENTS_RECHECK_SECONDS: float = 10

TASKS = {
    "default": {
        "BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Called by core.changes.apply_content_change with (kind, pk) after every change of content.
CONTENT_CHANGE_LISTENERS: list[str] = ["mundwerk.search.indexing.content_changed"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: pseudonymous usernames, log in with either username or email,
# and no writing before the address is confirmed.
ACCOUNT_ADAPTER = "mundwerk.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "mundwerk.accounts.usernames.USERNAME_VALIDATORS"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
ACCOUNT_FORMS = {"signup": "mundwerk.accounts.forms.SignupForm"}
# A field people never see (hidden), which bots fill in: allauth then pretends
# to sign them up and creates nothing.
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "homepage"
# Sign-ups per IP and failed log-ins per account and IP are counted by
# mundwerk.trust (shared cache, numbers in the admin, 429 with Retry-After);
# allauth keeps its own limits on mails (password reset, confirmation).
ACCOUNT_RATE_LIMITS: dict[str, str | None] = {"signup": None, "login_failed": None}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("MUNDWERK_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
NODE_MODULES = Path(env_str("MUNDWERK_NODE_MODULES", str(BASE_DIR.parent / "node_modules")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
SERVE_MEDIA = env_bool("MUNDWERK_SERVE_MEDIA", False)
# Mounts /bench/reference/<topic id>/, the bare-Django page benchmarks compare against.
BENCH_REFERENCE = env_bool("MUNDWERK_BENCH_REFERENCE", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Request limits: a form post above DATA_UPLOAD_MAX_MEMORY_SIZE gets a 400 page,
# a request body above MUNDWERK_MAX_REQUEST_BYTES a 413 before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BYTES = env_int("MUNDWERK_MAX_REQUEST_BYTES", 40 * 1024 * 1024, minimum=1024)
MAX_IMAGE_BYTES = env_int("MUNDWERK_MAX_IMAGE_BYTES", 10 * 1024 * 1024, minimum=1024)
MAX_IMAGE_PIXELS = env_int("MUNDWERK_MAX_IMAGE_PIXELS", 40_000_000, minimum=10_000)

EMAIL_HOST = env_str("EMAIL_HOST")
_email_tls = env_bool("EMAIL_USE_TLS", False)
_email_ssl = env_bool("EMAIL_USE_SSL", False)
if _email_tls and _email_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
# Without an SMTP host the mails (sign-up confirmations, password resets) are
# printed to the console, so a demo needs no mail server.
_delivery: dict[str, Any] = (
    {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": _email_tls,
            "use_ssl": _email_ssl,
            "timeout": 20,
        },
    }
    if EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
)
# Pages queue mail as tasks ("default"); the worker sends it ("delivery").
MAILERS = {
    "default": {"BACKEND": "mundwerk.core.mail.QueuedEmailBackend"},
    "delivery": _delivery,
}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mundwerk <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = SITE_URL.startswith("https")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "mundwerk.core.views.csrf_failure"
_site_port = urlsplit(SITE_URL).port or (443 if SITE_URL.startswith("https") else 80)
# No inline scripts or styles anywhere, and nothing from other hosts (the live
# stream's port on this site's own hosts is ours).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [
        CSP.SELF,
        *events_origins(EVENTS_URL, SITE_URL, ALLOWED_HOSTS, EVENTS_PORT or _site_port + 1),
    ],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "WARNING", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
        ),
    },
}
