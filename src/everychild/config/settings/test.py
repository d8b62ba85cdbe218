"""Settings for the test suite; the database comes from EVERYCHILD_DATABASE."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Argon2 at full cost makes a thousand sign-ins slow; tests check hashing separately.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AXES_ENABLED = True
