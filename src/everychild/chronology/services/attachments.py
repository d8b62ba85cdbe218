"""Keeping the handwritten original (a scan or photo) with the typed entry, and reading it.

The bytes are stored once under DATA_DIR/attachments, named by their SHA-256, written
to a temporary file and renamed into place so a crash never leaves half a file under a
good name. The row names the file by that hash; reading checks the bytes against it, so
a file altered on disk is refused, never shown as the original. A file is written before
its row: a failure in between leaves an unreferenced file, never a row without its file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import DomainError, NotFound, ValidationFailed
from everychild.people.models import Person
from everychild.people.selectors import person_access

from ..models import Attachment, ChronologyEntry
from ..selectors.visibility import VIEW, may_read, may_read_entry, sees_every_restricted_entry
from .entries import current_entry

MAX_BYTES = 10 * 1024 * 1024
MAX_ID = 2**63 - 1
WRONG_TYPE = "The selected file must be a PDF, JPG, PNG or TIFF"

# What each allowed type starts with, and the names it may be uploaded under.
_SIGNATURES: tuple[tuple[tuple[bytes, ...], str, tuple[str, ...]], ...] = (
    ((b"%PDF-",), "application/pdf", (".pdf",)),
    ((b"\xff\xd8\xff",), "image/jpeg", (".jpg", ".jpeg")),
    ((b"\x89PNG\r\n\x1a\n",), "image/png", (".png",)),
    ((b"II*\x00", b"MM\x00*"), "image/tiff", (".tif", ".tiff")),
)


class AttachmentDamaged(DomainError):
    """The stored file no longer matches the hash recorded when it was uploaded."""

    status = 500
    title = "This file cannot be shown"
    slug = "attachment-damaged"


class Upload(Protocol):
    """What Django's UploadedFile offers (and what tests can hand in)."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = ...) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class OpenedAttachment:
    attachment: Attachment
    content: bytes


def attachments_dir() -> Path:
    return Path(settings.DATA_DIR) / "attachments"


def _stored_path(sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise AttachmentDamaged("The file's record is damaged")
    return attachments_dir() / sha256


def _safe_name(name: str) -> str:
    """The name as uploaded, without any folder, control characters or quotes, so it
    can be put back in a Content-Disposition header."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C" and c not in '"')
    return base.strip()[:200] or "original"


def _kind_of(head: bytes, name: str) -> str:
    """The content type the bytes are, if one we keep and the name agrees."""
    suffix = os.path.splitext(name.lower())[1]
    for magics, content_type, suffixes in _SIGNATURES:
        if any(head.startswith(m) for m in magics):
            if suffix not in suffixes:
                raise ValidationFailed(errors={"file": [
                    f"{WRONG_TYPE}, named to match its contents (this one contains a "
                    f"{suffixes[0][1:].upper()} but is named {suffix or 'without a type'})"]})
            return content_type
    raise ValidationFailed(errors={"file": [WRONG_TYPE]})


def _read_bounded(upload: Upload) -> bytes:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationFailed(errors={"file": ["The selected file must be smaller than 10 MB"]})
    parts: list[bytes] = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > MAX_BYTES:
            raise ValidationFailed(errors={"file": [
                "The selected file must be smaller than 10 MB"]})
        parts.append(chunk)
    content = b"".join(parts)
    if not content:
        raise ValidationFailed(errors={"file": ["The selected file is empty"]})
    return content


def _store(content: bytes, sha256: str) -> None:
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / sha256)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def attachment_add(*, actor: StaffLike, lineage: object, upload: Upload | None,
                   child: Person | None = None) -> Attachment:
    """Keep a scan or photo of the original with the entry (the recording agency only)."""
    entry = current_entry(actor=actor, lineage=lineage, child=child)
    if upload is None:
        raise ValidationFailed(errors={"file": ["Select a file"]})
    name = _safe_name(upload.name or "")
    content = _read_bounded(upload)
    content_type = _kind_of(content[:16], name)
    sha256 = hashlib.sha256(content).hexdigest()
    _store(content, sha256)
    with transaction.atomic():
        # The sharing in force now, read under the lock a correction takes, so a file is
        # never kept as shared while a correction restricting the entry commits.
        in_force = (ChronologyEntry.objects.select_for_update()
                    .filter(lineage=entry.lineage, superseded_at__isnull=True)
                    .values_list("sharing", flat=True).first()) or entry.sharing
        attachment = Attachment.objects.create(
            lineage=entry.lineage, filename=name, content_type=content_type,
            size=len(content), sha256=sha256, uploaded_by_id=actor.pk,
            uploaded_at=clock.now(), sharing=in_force)
        audit_record(actor=actor, action="chronology.attach", target_type="person",
                     target_id=entry.child.ref,
                     detail={"lineage": str(entry.lineage), "attachment": attachment.pk,
                             "sha256": sha256, "size": len(content),
                             "content_type": content_type, "sharing": in_force})
    return attachment


def attachment_open(*, actor: StaffLike, attachment_id: int,
                    child: Person | None = None) -> OpenedAttachment:
    """An attachment's bytes, checked against their hash; the read is audited. A file
    that fails the check is refused, and that is audited too. Only a reader of the entry
    as it stands, and of the revision in force when the file was kept, may open it."""
    if not 1 <= attachment_id <= MAX_ID:
        raise NotFound("No attachment was found")
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("No attachment was found")
    entry = (ChronologyEntry.objects.select_related("child")
             .filter(lineage=attachment.lineage, superseded_at__isnull=True).first())
    if entry is None or (child is not None and entry.child_id != child.pk):
        raise NotFound("No attachment was found")
    person_access(actor=actor, person=entry.child, action=VIEW)
    all_restricted = sees_every_restricted_entry(actor)
    if not (may_read_entry(actor, entry, all_restricted=all_restricted)
            and may_read(actor, sharing=attachment.sharing, agency_id=entry.agency_id,
                         all_restricted=all_restricted)):
        raise NotFound("No attachment was found")
    detail = {"lineage": str(entry.lineage), "attachment": attachment.pk,
              "sha256": attachment.sha256}
    try:
        content = _stored_path(attachment.sha256).read_bytes()
    except FileNotFoundError:
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != attachment.sha256:
        with transaction.atomic():
            audit_record(actor=actor, action="chronology.attachment_damaged",
                         target_type="person", target_id=entry.child.ref,
                         detail={**detail, "missing": content is None})
        raise AttachmentDamaged(
            "This file has been changed or lost since it was uploaded, so it is not shown. "
            "Tell your system administrator: the problem has been logged.")
    with transaction.atomic():
        audit_record(actor=actor, action="chronology.attachment_view", target_type="person",
                     target_id=entry.child.ref, detail=detail)
    return OpenedAttachment(attachment, content)
