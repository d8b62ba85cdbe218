"""Writes to the chronology: agencies' entries, corrections and attached originals.

Each service checks permission first, runs in one transaction and audits in it; bad
input raises ValidationFailed and writes nothing.
"""

from .attachments import (
    MAX_BYTES,
    AttachmentDamaged,
    OpenedAttachment,
    attachment_add,
    attachment_open,
    attachments_dir,
)
from .entries import (
    MAX_DETAIL,
    MAX_REASON,
    MAX_SUMMARY,
    EntryInput,
    current_entry,
    entry_add,
    entry_correct,
    entry_problems,
    reason_problems,
)

__all__ = [
    "MAX_BYTES", "MAX_DETAIL", "MAX_REASON", "MAX_SUMMARY", "AttachmentDamaged", "EntryInput",
    "OpenedAttachment", "attachment_add", "attachment_open", "attachments_dir",
    "current_entry", "entry_add", "entry_correct", "entry_problems", "reason_problems",
]
