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

# SQLite's default test database lives in shared-cache memory, where a second writer fails
# at once with "database table is locked" instead of waiting its turn as it does on the
# file database Everychild really runs on. Concurrency tests need the real locking, so the
# test database is a file, one per test process so that parallel runs do not collide.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os as _os
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": _os.path.join(_tempfile.gettempdir(),
                              f"everychild-test-{_os.getpid()}.sqlite3"),
    }
