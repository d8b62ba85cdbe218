"""Production: PostgreSQL, HTTPS, secrets from the environment (see README)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Set EVERYCHILD_SECRET_KEY")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set EVERYCHILD_ALLOWED_HOSTS")
if not os.environ.get("EVERYCHILD_EMAIL_HOST") or not os.environ.get("EVERYCHILD_EMAIL_FROM"):
    raise ImproperlyConfigured(
        "Set EVERYCHILD_EMAIL_HOST and EVERYCHILD_EMAIL_FROM (and EVERYCHILD_EMAIL_PORT, "
        "_USER, _PASSWORD, _SECURITY as your mail server needs): referrers are told by email")
if os.environ.get("EVERYCHILD_DATABASE") != "postgres":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set EVERYCHILD_DATABASE=postgres")

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
