"""An email backend for the demo: each email is written to its own .eml file in a folder,
which any mail program opens (EMAIL_FILE_PATH, e.g. $EVERYCHILD_DATA_DIR/mail)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class MailFolderBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for email in email_messages:
            data = email.message().as_bytes()
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{hashlib.sha256(data).hexdigest()[:12]}.eml"
            # Written under another name and renamed, so a reader never sees half a file.
            part = self.folder / (name + ".part")
            with open(part, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(part, self.folder / name)
        return len(email_messages)
