"""Settings shared by every Everychild deployment.

Configuration comes from the environment (see README): EVERYCHILD_DATABASE chooses
"sqlite" (default, embedded) or "postgres" (libpq's PGHOST, PGPORT, PGDATABASE, PGUSER,
PGPASSWORD); EVERYCHILD_SECRET_KEY, EVERYCHILD_ALLOWED_HOSTS and EVERYCHILD_DATA_DIR
cover the rest.
"""

from __future__ import annotations

import os
from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/everychild
DATA_DIR = Path(os.environ.get("EVERYCHILD_DATA_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("EVERYCHILD_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("EVERYCHILD_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "everychild.core",
    "everychild.access",
    "everychild.agencies",
    "everychild.people",
    "everychild.outbox",
    "everychild.referrals",
    "everychild.casework",
    "everychild.chronology",
    "everychild.oversight",
    "everychild.insight",
    "everychild.synth",
    "everychild.web",
]

MIDDLEWARE = [
    # First, so the time it reports covers everything below it.
    "everychild.web.timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "everychild.access.middleware.RequestMetaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "everychild.access.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "everychild.access.middleware.EndpointPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "everychild.config.urls"
WSGI_APPLICATION = "everychild.config.wsgi.application"
AUTH_USER_MODEL = "agencies.Staff"
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        # Each Everychild app keeps its templates in its own templates/ folder.
        "DIRS": [PACKAGE_DIR / app / "templates" for app in ("web", "people", "agencies",
                                                              "access", "referrals",
                                                              "casework", "chronology",
                                                              "oversight", "insight")],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "everychild.web.jinja.environment"},
    },
    {
        # Only for third-party pages that ship Django templates; Everychild's own use Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]


def _database() -> dict[str, object]:
    engine = os.environ.get("EVERYCHILD_DATABASE", "sqlite")
    if engine == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "everychild"),
            "USER": os.environ.get("PGUSER", ""),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "HOST": os.environ.get("PGHOST", ""),
            "PORT": os.environ.get("PGPORT", ""),
            "ATOMIC_REQUESTS": True,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"options": "-c timezone=UTC"},
            "TEST": {"NAME": os.environ.get("EVERYCHILD_TEST_PGDATABASE", "test_everychild")},
        }
    if engine != "sqlite":
        raise ImproperlyConfigured("EVERYCHILD_DATABASE must be 'sqlite' or 'postgres'")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EVERYCHILD_SQLITE_PATH", str(DATA_DIR / "everychild.sqlite3")),
        # Every request is one transaction, so the audit row commits with the work it records.
        "ATOMIC_REQUESTS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
            # with "database is locked" half-way through; FULL survives power loss.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling: lock a username (from any address) after repeated failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Lock a username wherever the attempts come from, and an address that tries many names.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "everychild.web.views.account.locked_out"
AXES_VERBOSE = False

# Sessions: an idle timeout (renewed on each request) and an absolute limit from sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EVERYCHILD_SESSION_IDLE_SECONDS = int(os.environ.get("EVERYCHILD_SESSION_IDLE_SECONDS", 30 * 60))
EVERYCHILD_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("EVERYCHILD_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
)
SESSION_COOKIE_AGE = EVERYCHILD_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Break-glass access lasts this long before the reason must be given again.
EVERYCHILD_BREAK_GLASS_SECONDS = int(os.environ.get("EVERYCHILD_BREAK_GLASS_SECONDS", 4 * 60 * 60))
OTP_TOTP_ISSUER = "Everychild"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# GOV.UK Frontend's compiled CSS asks for its fonts and images under /assets/.
NODE_MODULES = Path(
    os.environ.get("EVERYCHILD_NODE_MODULES", PACKAGE_DIR.parents[1] / "node_modules")
)
GOVUK_FRONTEND_DIST = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [("govuk", GOVUK_FRONTEND_DIST)] if GOVUK_FRONTEND_DIST.exists() else []
WHITENOISE_ROOT = GOVUK_FRONTEND_DIST if GOVUK_FRONTEND_DIST.exists() else None
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "everychild.access.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "everychild.core.problems.drf_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 25,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Everychild API",
    "DESCRIPTION": "Multi-agency child protection: people, households, relationships "
    "and agency involvement. Errors are RFC 9457 problem details.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several choice sets share a field name ("kind", "role"): name each after its model.
    "ENUM_NAME_OVERRIDES": {
        **{f"{name}Enum": f"everychild.people.models.{name}"
           for name in ("PersonKind", "Sex", "OtherNameKind", "MemberRole", "RelationshipKind",
                        "InvolvementRole")},
        # The front door's: a referral's status, a decision's, the referrer's view of it.
        "ReferralStatusEnum": "everychild.referrals.models.Status",
        "DecisionStatusEnum": "everychild.referrals.models.DecisionStatus",
        "ReferrerStatusEnum": "everychild.referrals.api_serializers.ReferrerStatus",
        "ReferralPersonRoleEnum": "everychild.referrals.models.PersonRole",
        "ReferralOutcomeEnum": "everychild.referrals.models.Outcome",
        # Casework's pathway: choice sets that share a field name with others.
        **{f"{name}Enum": f"everychild.casework.models.{name}"
           for name in ("AssessmentKind", "AssessmentStatus", "AssessmentOutcome",
                        "Section47Outcome", "ChangeKind", "ClosureReason")},
        # The chronology's: the kind of an agency's entry, and where a line came from.
        "ChronologyEntryKindEnum": "everychild.chronology.models.EntryKind",
        "ChronologyLineSourceEnum": "everychild.chronology.selectors.items.LineSource",
        # ...whose field name, "source", the referral's census source also has.
        "SourceEnum": "everychild.referrals.models.ReferralSource",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# ---------------------------------------------------------------- the front door
# The address used in links in emails to referrers.
EVERYCHILD_SITE_URL = os.environ.get("EVERYCHILD_SITE_URL", "http://127.0.0.1:8000")
# A referral made by phone is to be confirmed in writing; remind the referrer after this.
EVERYCHILD_WRITTEN_CONFIRMATION_HOURS = int(
    os.environ.get("EVERYCHILD_WRITTEN_CONFIRMATION_HOURS", 48))
# How soon the front door responds to a referral by its rating (hours from receipt);
# every referral is also decided within 1 working day, whichever comes first.
EVERYCHILD_TRIAGE_RESPONSE_HOURS = {"red": 4, "amber": 24, "green": None}

# ---------------------------------------------------------------- email (the outbox)
# Emails go through the outbox (everychild.outbox) and the worker `everychild outbox send`.
# SMTP comes from the environment; settings/local.py writes demo mail to a folder instead.
EMAIL_BACKEND = os.environ.get("EVERYCHILD_EMAIL_BACKEND",
                               "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EVERYCHILD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EVERYCHILD_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EVERYCHILD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EVERYCHILD_EMAIL_PASSWORD", "")
# "starttls" (port 587), "tls" (implicit TLS, port 465) or "none".
_EMAIL_SECURITY = os.environ.get("EVERYCHILD_EMAIL_SECURITY", "none")
if _EMAIL_SECURITY not in ("starttls", "tls", "none"):
    raise ImproperlyConfigured("EVERYCHILD_EMAIL_SECURITY must be starttls, tls or none")
EMAIL_USE_TLS = _EMAIL_SECURITY == "starttls"
EMAIL_USE_SSL = _EMAIL_SECURITY == "tls"
# A stuck SMTP server fails the try (it is retried) rather than holding the worker.
EMAIL_TIMEOUT = int(os.environ.get("EVERYCHILD_EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("EVERYCHILD_EMAIL_FROM", "Everychild <everychild@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
# How long a worker holds the emails it has claimed; after that (it crashed), another
# worker takes them. Far longer than EMAIL_TIMEOUT, so a slow send is never taken over.
EVERYCHILD_OUTBOX_LEASE_SECONDS = float(os.environ.get("EVERYCHILD_OUTBOX_LEASE_SECONDS", 300))
# The right-hand side of Message-IDs; by default the domain of the From address.
EVERYCHILD_OUTBOX_MESSAGE_ID_DOMAIN = os.environ.get("EVERYCHILD_OUTBOX_MESSAGE_ID_DOMAIN", "")

# ---------------------------------------------------------------- casework
# Statutory visits to a child on a plan, and core groups after the first: how often, in
# working days (local procedures choose; every 10 working days to every 4 weeks is usual).
EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS = int(
    os.environ.get("EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS", 10))
EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS = int(
    os.environ.get("EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS", 20))

# ---------------------------------------------------------------- statutory returns
# The authority's three-digit DfE local authority (LEA) code, sent in the census header.
# The default, 990, is outside the numbers given to English authorities (synthetic data).
EVERYCHILD_LA_CODE = os.environ.get("EVERYCHILD_LA_CODE", "990")

# ---------------------------------------------------------------- indicators
# The authority's under-18 population, for the rates per 10,000 children (the ONS
# mid-year estimate). Unset, the indicators count the children under 18 on Everychild's
# own records, which is the population only of a synthetic authority (synth makes every
# child in it, so the rates match its size); a live authority must set it.
_UNDER18 = os.environ.get("EVERYCHILD_UNDER18_POPULATION", "").strip()
if _UNDER18 and not (_UNDER18.isdigit() and int(_UNDER18) > 0):
    raise ImproperlyConfigured("EVERYCHILD_UNDER18_POPULATION must be a whole number of "
                               "children above 0")
EVERYCHILD_UNDER18_POPULATION = int(_UNDER18) if _UNDER18 else None
