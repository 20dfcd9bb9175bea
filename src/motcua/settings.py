"""The one settings module. Every value comes from the environment (``MOTCUA_*``) with a default
that runs on a laptop with SQLite. Bad values fail loudly at start-up."""

from __future__ import annotations

import copy
import importlib.util
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()  # lets admin/queryset generics be subscripted at run time

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _postgres_options(given: dict[str, str]) -> dict[str, object]:
    """psycopg options from the URL's query. By default parameters are bound on the server and a query
    run 5 times on a connection becomes a prepared statement (parsed and planned once): the hot reads
    and transitions spend more time in planning than in execution. Behind PgBouncer in transaction mode
    older than 1.21 (or without ``max_prepared_statements``) add ``?prepare_threshold=none``."""
    options: dict[str, object] = dict(given)
    threshold = options.pop("prepare_threshold", "5")
    if str(threshold).lower() in {"none", "off", ""}:
        options["prepare_threshold"] = None
    else:
        try:
            options["prepare_threshold"] = int(str(threshold))
        except ValueError:
            raise ImproperlyConfigured(
                f"MOTCUA_DATABASE_URL: prepare_threshold must be a number or 'none', not {threshold!r}"
            ) from None
    binding = str(options.pop("server_side_binding", "on")).lower()
    if binding not in {"on", "off", "true", "false", "1", "0"}:
        raise ImproperlyConfigured(f"MOTCUA_DATABASE_URL: server_side_binding must be on or off, not {binding!r}")
    options["server_side_binding"] = binding in {"on", "true", "1"}
    return options


def database_from_url(url: str, home: Path) -> dict[str, object]:
    """Parse ``sqlite:///path`` or ``postgres://user:pass@host:port/name?opt=v``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if url.startswith("sqlite:////"):
            name = "/" + path.lstrip("/")
        else:
            name = str(home / path.lstrip("/")) if path.strip("/") else str(home / "motcua.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # A file, not memory, so that tests with several processes share one test database.
            "TEST": {"NAME": str(Path(name).with_name("test-" + Path(name).name))},
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("MOTCUA_DATABASE_URL: PostgreSQL URL needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": _postgres_options(dict(parse_qsl(parts.query))),
            "CONN_MAX_AGE": 60,
        }
    raise ImproperlyConfigured(f"MOTCUA_DATABASE_URL: unsupported scheme {scheme!r} (use sqlite or postgres)")


HOME = Path(env_str("MOTCUA_HOME", str(Path.cwd() / "var"))).resolve()
DEBUG = env_bool("MOTCUA_DEBUG", False)
_secret = os.environ.get("MOTCUA_SECRET_KEY", "")
if not _secret:
    if not DEBUG and env_bool("MOTCUA_PRODUCTION", False):
        raise ImproperlyConfigured("MOTCUA_SECRET_KEY must be set in production")
    _secret = "insecure-development-key-set-MOTCUA_SECRET_KEY-in-production"  # noqa: S105
SECRET_KEY = _secret
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "motcua.core",
    "motcua.organisation",
    "motcua.workdays",
    "motcua.catalogue",
    "motcua.dossiers",
    "motcua.notices",
    "motcua.documents",
    "motcua.engagement",
    "motcua.reports",
    "motcua.floor",
    "motcua.postal",
    "motcua.payments",
    "motcua.signing",
    "motcua.feedback",
    "motcua.staffing",
    "motcua.sync",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.replicas.ReplicaPinMiddleware",  # read-your-writes: outside the session, which it never routes
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.portal.limits.PortalBodyLimitMiddleware",  # before anything reads the body (CSRF does)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

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
            ],
        },
    },
]


def replica_databases(urls: list[str], primary: dict[str, object], home: Path) -> dict[str, dict[str, object]]:
    """``MOTCUA_DATABASE_REPLICA_URL`` (one URL, or several separated by commas) → the aliases ``replica``,
    ``replica2``, … Without one, ``replica`` is the primary's own database, never chosen by the router. In
    tests every replica mirrors the test database (streaming is tested by scripts/replica-test.sh)."""
    if not urls:
        return {"replica": {**copy.deepcopy(primary), "TEST": {"MIRROR": "default"}}}
    replicas: dict[str, dict[str, object]] = {}
    for number, url in enumerate(urls, start=1):
        config = database_from_url(url, home)
        if config["ENGINE"] != primary["ENGINE"]:
            raise ImproperlyConfigured("MOTCUA_DATABASE_REPLICA_URL: a replica must use the primary's engine")
        config["TEST"] = {"MIRROR": "default"}
        replicas["replica" if number == 1 else f"replica{number}"] = config
    return replicas


DATABASES = {"default": database_from_url(env_str("MOTCUA_DATABASE_URL", "sqlite:///motcua.sqlite3"), HOME)}
# Read replicas (core/replicas.py): lag-tolerant reads opt in with replica_reads(); writes and
# read-your-writes stay on the primary; a browser that wrote reads the primary for PIN_SECONDS more.
_replica_urls = env_list("MOTCUA_DATABASE_REPLICA_URL", [])
DATABASES.update(replica_databases(_replica_urls, DATABASES["default"], HOME))
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"] if _replica_urls else []
DATABASE_REPLICA_PIN_SECONDS = env_int("MOTCUA_DATABASE_REPLICA_PIN_SECONDS", 5)
DATABASE_ROUTERS = ["motcua.core.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache (rate limits, sessions of several workers): in-process by default, Redis in production
# (MOTCUA_CACHE_URL=redis://127.0.0.1:6379/1).
_cache_url = env_str("MOTCUA_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"MOTCUA_CACHE_URL: unsupported cache {_cache_url!r} (use redis://… or leave empty)")

# Background work (notices, signing, purges) through the django.tasks API. "database" (default): tasks
# are rows in this database, no server needed; "rq": Redis queues for scale-out (MOTCUA_REDIS_URL);
# "immediate": run inside the request (development only). `motcua worker` runs them.
TASKS_BACKEND = env_str("MOTCUA_TASKS_BACKEND", "database")
REDIS_URL = env_str("MOTCUA_REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_QUEUES = ["priority", "default"]  # the order a worker drains them in
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _task_backends:
    raise ImproperlyConfigured(f"MOTCUA_TASKS_BACKEND: {TASKS_BACKEND!r} is not one of {', '.join(_task_backends)}")
TASKS = {"default": {"BACKEND": _task_backends[TASKS_BACKEND], "QUEUES": TASK_QUEUES}}
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300} for name in TASK_QUEUES}

# Notices to applicants (SMS, e-mail): an outbox row per notice, sent by `motcua worker` (docs/operations.md).
NOTICE_LANGUAGE = env_str("MOTCUA_NOTICE_LANGUAGE", "vi")
NOTICE_MAX_ATTEMPTS = env_int("MOTCUA_NOTICE_MAX_ATTEMPTS", 10)
NOTICE_RETRY_BASE_SECONDS = env_float("MOTCUA_NOTICE_RETRY_BASE_SECONDS", 30.0)
NOTICE_RETRY_MAX_SECONDS = env_float("MOTCUA_NOTICE_RETRY_MAX_SECONDS", 3600.0)
NOTICE_SENDING_TIMEOUT_SECONDS = env_float("MOTCUA_NOTICE_SENDING_TIMEOUT_SECONDS", 120.0)
NOTICE_REQUEUE_AFTER_SECONDS = env_float("MOTCUA_NOTICE_REQUEUE_AFTER_SECONDS", 120.0)
NOTICE_SURVEY_URL = env_str("MOTCUA_NOTICE_SURVEY_URL", "")
# National portal synchronisation (motcua.sync): empty URL = off.
NATIONAL_SYNC_URL = env_str("MOTCUA_NATIONAL_SYNC_URL", "")
NATIONAL_SYNC_TOKEN = env_str("MOTCUA_NATIONAL_SYNC_TOKEN", "")
NATIONAL_SYNC_SOURCE = env_str("MOTCUA_NATIONAL_SYNC_SOURCE", "motcua")
NATIONAL_SYNC_TIMEOUT = env_float("MOTCUA_NATIONAL_SYNC_TIMEOUT", 30.0)
NATIONAL_SYNC_BATCH = env_int("MOTCUA_NATIONAL_SYNC_BATCH", 500)
NATIONAL_SYNC_MAX_ATTEMPTS = env_int("MOTCUA_NATIONAL_SYNC_MAX_ATTEMPTS", 12)
NATIONAL_SYNC_RETRY_BASE_SECONDS = env_float("MOTCUA_NATIONAL_SYNC_RETRY_BASE_SECONDS", 30.0)
NATIONAL_SYNC_RETRY_MAX_SECONDS = env_float("MOTCUA_NATIONAL_SYNC_RETRY_MAX_SECONDS", 3600.0)
NATIONAL_SYNC_SENDING_TIMEOUT_SECONDS = env_float("MOTCUA_NATIONAL_SYNC_SENDING_TIMEOUT_SECONDS", 300.0)
SMS_GATEWAY_URL = env_str("MOTCUA_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TIMEOUT = env_float("MOTCUA_SMS_GATEWAY_TIMEOUT", 10.0)
SMS_SENDER = env_str("MOTCUA_SMS_SENDER", "MOTCUA")
SMS_CALLBACK_SECRET = env_str("MOTCUA_SMS_CALLBACK_SECRET", "")
SMS_ASCII = env_bool("MOTCUA_SMS_ASCII", False)
SMS_QUIET_HOURS = env_str("MOTCUA_SMS_QUIET_HOURS", "21:00-07:00")
# The price of one SMS part (đồng) for the report's SMS cost: parts × price.
SMS_PRICE_PER_PART = env_float("MOTCUA_SMS_PRICE_PER_PART", 0.0)
# Zalo ZNS (template messages to the applicant's phone): set the URL to send them (docs/api.md); the access
# token only in the environment; templates as "event=template id" pairs (events without one send no Zalo).
ZALO_ZNS_URL = env_str("MOTCUA_ZALO_ZNS_URL", "")
ZALO_ZNS_ACCESS_TOKEN = env_str("MOTCUA_ZALO_ZNS_ACCESS_TOKEN", "")
ZALO_ZNS_TEMPLATES = dict(
    (pair.partition("=")[0].strip(), pair.partition("=")[2].strip())
    for pair in env_list("MOTCUA_ZALO_ZNS_TEMPLATES", [])
    if "=" in pair
)
ZALO_ZNS_TIMEOUT = env_float("MOTCUA_ZALO_ZNS_TIMEOUT", 10.0)
# E-mail: printed on the console unless MOTCUA_EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("MOTCUA_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("MOTCUA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MOTCUA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("MOTCUA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("MOTCUA_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("MOTCUA_EMAIL_SSL", False)
EMAIL_TIMEOUT = env_int("MOTCUA_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("MOTCUA_EMAIL_FROM", "motcua@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("MOTCUA_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def s3_storage(environ: dict[str, str]) -> dict[str, object] | None:
    """Uploaded scans, results and form templates on S3-compatible object storage (django-storages' S3
    backend, boto3) when ``MOTCUA_S3_BUCKET`` is set; ``None`` keeps them on the local disk (MEDIA_ROOT).
    MinIO, Ceph RGW and the clouds' S3 all work: set MOTCUA_S3_ENDPOINT_URL and, for most of them,
    MOTCUA_S3_ADDRESSING_STYLE=path. Objects stay private; downloads go through the app (permissions,
    audit), never a public URL."""
    bucket = environ.get("MOTCUA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured("MOTCUA_S3_BUCKET is set but django-storages[s3] (and boto3) are not installed")
    style = environ.get("MOTCUA_S3_ADDRESSING_STYLE", "auto").strip() or "auto"
    if style not in {"auto", "path", "virtual"}:
        raise ImproperlyConfigured(f"MOTCUA_S3_ADDRESSING_STYLE must be auto, path or virtual, not {style!r}")
    options: dict[str, object] = {
        "bucket_name": bucket,
        "location": environ.get("MOTCUA_S3_PREFIX", "").strip().strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,  # as on disk: a name already taken gets a suffix, nothing is replaced
        "addressing_style": style,
        "signature_version": "s3v4",
    }
    for option, name in (
        ("endpoint_url", "MOTCUA_S3_ENDPOINT_URL"),
        ("region_name", "MOTCUA_S3_REGION"),
        ("access_key", "MOTCUA_S3_ACCESS_KEY"),
        ("secret_key", "MOTCUA_S3_SECRET_KEY"),
    ):
        value = environ.get(name, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


_s3 = s3_storage(dict(os.environ))
if _s3 is not None:
    STORAGES["default"] = _s3
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

UPLOAD_MAX_BYTES = env_int("MOTCUA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Bytes of scans one client address may park in online submissions per day (everyone behind one
# address shares it: a centre's kiosks, a mobile carrier's NAT).
UPLOAD_DAILY_BYTES_PER_CLIENT = env_int("MOTCUA_UPLOAD_DAILY_BYTES_PER_CLIENT", 200 * 1024 * 1024)
# How long a browser that looked a dossier up (or submitted it) may see it: short, for shared kiosks.
PORTAL_VERIFIED_SECONDS = env_int("MOTCUA_PORTAL_VERIFIED_SECONDS", 15 * 60)
# The centre floor (motcua.floor): visitor check-ins are purged after this many days (Decree 13/2023),
# a booked appointment not checked in this many minutes after its slot starts releases its place,
# a visit without a recorded departure counts as this long, appointments open this many days ahead.
FLOOR_VISIT_RETENTION_DAYS = env_int("MOTCUA_FLOOR_VISIT_RETENTION_DAYS", 21)
FLOOR_NO_SHOW_MINUTES = env_int("MOTCUA_FLOOR_NO_SHOW_MINUTES", 15)
FLOOR_VISIT_STAY_MINUTES = env_int("MOTCUA_FLOOR_VISIT_STAY_MINUTES", 120)
FLOOR_BOOKING_DAYS = env_int("MOTCUA_FLOOR_BOOKING_DAYS", 30)
# Guidance (motcua.engagement): a request that could not be answered at once is called back within this
# many working hours (counted on the working calendar).
GUIDANCE_CALLBACK_HOURS = env_int("MOTCUA_GUIDANCE_CALLBACK_HOURS", 8)
# Feedback and petitions (PAKN), in working days: refuse (or classify) within 2, transfer one outside the
# agency's competence within 5, ask for more information within 5, answer within 15, publish the answer
# within 2 (national portal limits).
FEEDBACK_REFUSE_DAYS = env_int("MOTCUA_FEEDBACK_REFUSE_DAYS", 2)
FEEDBACK_TRANSFER_DAYS = env_int("MOTCUA_FEEDBACK_TRANSFER_DAYS", 5)
FEEDBACK_INFO_DAYS = env_int("MOTCUA_FEEDBACK_INFO_DAYS", 5)  # ask the citizen for more information
FEEDBACK_ANSWER_DAYS = env_int("MOTCUA_FEEDBACK_ANSWER_DAYS", 15)
FEEDBACK_PUBLISH_DAYS = env_int("MOTCUA_FEEDBACK_PUBLISH_DAYS", 2)
# Feedback a client address may send from the portal per hour.
FEEDBACK_PER_CLIENT_PER_HOUR = env_int("MOTCUA_FEEDBACK_PER_CLIENT_PER_HOUR", 5)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("MOTCUA_UPLOAD_MEMORY_BYTES", 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MOTCUA_DATA_UPLOAD_MAX_BYTES", 10_485_760)

# Production hardening: on unless explicitly debugging. Behind a TLS proxy set MOTCUA_HTTPS=true.
HTTPS = env_bool("MOTCUA_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("MOTCUA_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "WARNING")},
}

# Reverse proxies in front of the app (for the client address used by rate limits).
TRUSTED_PROXY_COUNT = env_int("MOTCUA_TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:inbox"
LOGOUT_REDIRECT_URL = "backoffice:login"

# Agency identifier pattern (QCVN 102:2016) and dossier code pattern live in one configurable place.
AGENCY_IDENTIFIER_REGEX = env_str(
    "MOTCUA_AGENCY_IDENTIFIER_REGEX", r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$"
)
PROVINCE_NAME = env_str("MOTCUA_PROVINCE_NAME", "Quảng Ninh")
# The governing body printed above the agency on slips when the agency tree has none (no parent).
SLIP_GOVERNING_BODY = env_str("MOTCUA_SLIP_GOVERNING_BODY", "")
# The public address printed on slips (QR code of the lookup page).
PUBLIC_BASE_URL = env_str("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# The public postal service's status callback (/api/v1/postal/callback) is signed with HMAC-SHA256 of its
# body under this secret; while it is empty every callback is refused.
POSTAL_CALLBACK_SECRET = env_str("MOTCUA_POSTAL_CALLBACK_SECRET", "")
# Online fees: "local" is the stand-in gateway under /cong-thanh-toan-thu/ (demo and tests); any other
# value names a real gateway reached at MOTCUA_PAYMENT_GATEWAY_URL, its notifications signed with
# HMAC-SHA256 over the sorted fields under MOTCUA_PAYMENT_SECRET.
PAYMENT_GATEWAY = env_str("MOTCUA_PAYMENT_GATEWAY", "local")
PAYMENT_GATEWAY_URL = env_str("MOTCUA_PAYMENT_GATEWAY_URL", "")
PAYMENT_MERCHANT = env_str("MOTCUA_PAYMENT_MERCHANT", "MOTCUA")
PAYMENT_SECRET = env_str("MOTCUA_PAYMENT_SECRET", "")
if not PAYMENT_SECRET:
    if PAYMENT_GATEWAY != "local":
        raise ImproperlyConfigured("MOTCUA_PAYMENT_SECRET must be set for a payment gateway other than 'local'")
    PAYMENT_SECRET = "local-stand-in-gateway-secret"  # noqa: S105
if PAYMENT_GATEWAY != "local" and not PAYMENT_GATEWAY_URL:
    raise ImproperlyConfigured("MOTCUA_PAYMENT_GATEWAY_URL must be set for a payment gateway other than 'local'")
# Signed results (motcua.signing): trust roots a result's signer must chain to (PEM/DER files, comma
# separated; the files in MOTCUA_HOME/signing/trust/ count too), and the stamp's font (1000 units per em).
SIGNING_TRUST_ROOTS = env_list("MOTCUA_SIGNING_TRUST_ROOTS", [])
SIGNING_TRUST_DIR = HOME / "signing" / "trust"
SIGNING_STAMP_FONT = env_str("MOTCUA_SIGNING_STAMP_FONT", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
# B-LT needs revocation information fetched from the CA's CRL/OCSP addresses; off = always B-B.
SIGNING_FETCH_REVOCATION = env_bool("MOTCUA_SIGNING_FETCH_REVOCATION", True)
DOSSIER_CODE_FORMAT = env_str("MOTCUA_DOSSIER_CODE_FORMAT", "{agency}-{day:%y%m%d}-{number:04d}")
# Legal windows in working days (docs/decisions/0005-configurable-legal-windows.md): a request for more
# documents within this many working days of reception; an apology at least this many before the due date.
SUPPLEMENT_WINDOW_DAYS = env_int("MOTCUA_SUPPLEMENT_WINDOW_DAYS", 3)
APOLOGY_LEAD_DAYS = env_int("MOTCUA_APOLOGY_LEAD_DAYS", 1)
# Catalogue governance (#13): a changed procedure must be listed publicly within this many working days of
# the chairman's announcing decision (counted by the working calendar).
CATALOGUE_LISTING_DAYS = env_int("MOTCUA_CATALOGUE_LISTING_DAYS", 5)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create its folder; the embedded default must work on a fresh clone.
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
