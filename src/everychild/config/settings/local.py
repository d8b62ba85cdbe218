"""Settings for `make demo`: a laptop, SQLite, served on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = False  # the demo shows the same error pages a user would see in production
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECRET_KEY = "demo-only-not-secret-" + str(DATA_DIR)
# Demo emails are written one .eml file each to $EVERYCHILD_DATA_DIR/mail, not sent.
EMAIL_BACKEND = "everychild.outbox.backends.MailFolderBackend"
