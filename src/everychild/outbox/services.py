"""Putting emails in the outbox, cancelling them, and delivering them.

Delivery guarantee: every committed message is sent at least once, and in practice once.
`message_enqueue` writes in the caller's transaction, so a change that rolls back leaves
no email behind and one that commits cannot lose its email. A worker claims due messages
with a lease, sends each through Django's email backend, and marks it sent; a failure
keeps the message with its error and tries again later, without limit. A worker that
dies holding messages loses them only until its lease runs out; then another worker
takes them.

The window that remains: the SMTP server has accepted a message (its reply to DATA) but
the row is not yet marked sent. If the worker dies or loses the database in that
instant, the message goes out again once the lease expires. The window is one small
UPDATE of one row by primary key, made straight after the reply, outside any wider
transaction, with nothing between. The copy carries the same Message-ID as the first
(derived from the key), which mail systems and clients use to drop duplicates. No
design can close this window without the mail server taking part in the transaction.
A cancel that arrives while a message is in the middle of its SMTP conversation cannot
stop it either: the worker checks for cancellation only just before it starts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Q

from everychild.core import clock
from everychild.core.errors import ValidationFailed

from .models import Message

log = logging.getLogger("everychild.outbox")

KEY_MAX = Message._meta.get_field("key").max_length or 200
SUBJECT_MAX = Message._meta.get_field("subject").max_length or 250
ABOUT_TYPE_MAX = Message._meta.get_field("about_type").max_length or 40
ABOUT_REF_MAX = Message._meta.get_field("about_ref").max_length or 100
# After the n-th failed try, wait RETRY_FIRST * 2**(n-1), never more than RETRY_LONGEST.
RETRY_FIRST = dt.timedelta(seconds=30)
RETRY_LONGEST = dt.timedelta(hours=1)
ERROR_MAX = 2000


class NotInTransaction(RuntimeError):
    """A programming error: the email would commit separately from the change it reports."""


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "EVERYCHILD_OUTBOX_LEASE_SECONDS", 300)))


def message_id_for(key: str) -> str:
    """The Message-ID every try of the email with this key carries."""
    domain = getattr(settings, "EVERYCHILD_OUTBOX_MESSAGE_ID_DOMAIN", "") or (
        str(settings.DEFAULT_FROM_EMAIL).rpartition("@")[2].strip(" >") or "everychild.invalid")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}.outbox@{domain}>"


def _clean(*, to: str, subject: str, body: str, key: str, about_type: str,
           about_ref: str, send_after: dt.datetime | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(to)
    except ValidationError:
        errors["to"] = [f"{to!r} is not an email address"]
    if not subject.strip():
        errors["subject"] = ["An email needs a subject"]
    elif "\n" in subject or "\r" in subject:
        # A line break in a header would let the text add headers of its own.
        errors["subject"] = ["The subject must be one line"]
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = [f"The subject must be {SUBJECT_MAX} characters or fewer"]
    if not body.strip():
        errors["body"] = ["An email needs a body"]
    if not key or len(key) > KEY_MAX:
        errors["key"] = [f"The key must be 1 to {KEY_MAX} characters"]
    if len(about_type) > ABOUT_TYPE_MAX or len(about_ref) > ABOUT_REF_MAX:
        errors["about"] = [f"about_type and about_ref are at most {ABOUT_TYPE_MAX} and "
                           f"{ABOUT_REF_MAX} characters"]
    if send_after is not None and send_after.utcoffset() is None:
        errors["send_after"] = ["send_after must carry a time zone"]
    return errors


def message_enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    key: str,
    send_after: dt.datetime | None = None,
    about_type: str = "",
    about_ref: str = "",
    html_body: str = "",
) -> Message:
    """Put an email in the outbox as part of the caller's transaction.

    Idempotent by `key`: if a message with this key exists (pending, sent or cancelled)
    it is returned unchanged and nothing new is queued. Callers that want a second email
    about the same thing give it a key of its own.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(
            "message_enqueue must run inside the transaction of the change it reports")
    to = (to or "").strip()
    errors = _clean(to=to, subject=subject or "", body=body or "", key=key or "",
                    about_type=about_type, about_ref=about_ref, send_after=send_after)
    if errors:
        raise ValidationFailed("The email could not be queued", errors=errors)
    now = clock.now()
    message, created = Message.objects.get_or_create(key=key, defaults={
        "to": to, "subject": subject, "body": body, "html_body": html_body or "",
        "about_type": about_type, "about_ref": about_ref, "created_at": now,
        "send_after": send_after or now, "smtp_message_id": message_id_for(key),
    })
    if not created and (message.to, message.subject, message.body) != (to, subject, body):
        log.warning("outbox: key %s was queued again with different content; the first "
                    "one stands", key)
    return message


def message_cancel(*, key: str) -> Message | None:
    """Stop a message that has not been sent (e.g. a reminder no longer needed).

    Returns the message, whose `cancelled_at` says whether it is now cancelled (a sent
    message stays sent), or None if there is no message with this key."""
    now = clock.now()
    with transaction.atomic():
        Message.objects.filter(key=key, sent_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=now)
        return Message.objects.filter(key=key).first()


# ------------------------------------------------------------------------- delivery
def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _due(now: dt.datetime) -> Q:
    return (Q(sent_at__isnull=True, cancelled_at__isnull=True, send_after__lte=now)
            & (Q(locked_until__isnull=True) | Q(locked_until__lte=now)))


def _claim(*, worker_id: str, batch: int) -> list[Message]:
    """Lease up to `batch` due messages to this worker, oldest due first."""
    now = clock.now()
    with transaction.atomic():
        due = Message.objects.filter(_due(now)).order_by("send_after", "pk")
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: concurrent workers pass over each other's rows instead of waiting.
            # SQLite has no row locks; its IMMEDIATE transactions take turns instead.
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:batch])
        if not ids:
            return []
        Message.objects.filter(pk__in=ids).update(
            locked_until=now + _lease(), locked_by=worker_id, last_attempt_at=now,
            attempts=F("attempts") + 1)
    return list(Message.objects.filter(pk__in=ids).order_by("send_after", "pk"))


def _still_mine(message: Message, worker_id: str) -> bool:
    """Renew the lease just before sending; False if the message was cancelled meanwhile
    or the lease was lost (so another worker may have it)."""
    now = clock.now()
    return bool(Message.objects.filter(
        pk=message.pk, locked_by=worker_id, locked_until__gt=now,
        sent_at__isnull=True, cancelled_at__isnull=True,
    ).update(locked_until=now + _lease()))


def _mark_sent(message: Message, worker_id: str) -> None:
    done = Message.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        sent_at=clock.now(), locked_until=None, locked_by=worker_id, last_error="")
    if not done:
        log.warning("outbox: %s was already marked sent by another worker: it went twice, "
                    "both with Message-ID %s", message.key, message.smtp_message_id)


def _mark_failed(message: Message, worker_id: str, error: BaseException) -> None:
    wait = min(RETRY_FIRST * 2 ** max(message.attempts - 1, 0), RETRY_LONGEST)
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX]
    Message.objects.filter(pk=message.pk, locked_by=worker_id, sent_at__isnull=True).update(
        locked_until=clock.now() + wait, locked_by="", last_error=text)
    log.warning("outbox: sending %s failed (try %d), next try in %s: %s",
                message.key, message.attempts, wait, text)


def _release(messages: list[Message], worker_id: str) -> None:
    """Give back claimed messages this worker will not try, so others need not wait for
    the lease; the claim does not count as a try."""
    Message.objects.filter(pk__in=[m.pk for m in messages], locked_by=worker_id,
                           sent_at__isnull=True).update(
        locked_until=None, locked_by="", attempts=F("attempts") - 1)


def _email(message: Message, backend: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to], connection=backend,
        headers={"Message-ID": message.smtp_message_id,
                 # Automatic replies (out-of-office) should not answer a system's email.
                 "Auto-Submitted": "auto-generated"})
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    return email


def deliver_due(
    *,
    batch: int = 50,
    worker_id: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Send up to `batch` due messages; return how many were sent.

    Call it outside any transaction: each claim and each result commits on its own, so
    that what the mail server was told is recorded at once. `should_stop` is asked
    before each message; when it says yes the worker gives back the rest of its claim.
    """
    worker_id = worker_id or default_worker_id()
    backend = get_connection(fail_silently=False)  # a misconfigured backend fails before a claim
    claimed = _claim(worker_id=worker_id, batch=batch)
    if not claimed:
        return 0
    sent = 0
    try:
        for i, message in enumerate(claimed):
            if should_stop is not None and should_stop():
                _release(claimed[i:], worker_id)
                break
            if not _still_mine(message, worker_id):
                continue
            try:
                if backend.send_messages([_email(message, backend)]) != 1:
                    raise RuntimeError("the email backend did not accept the message")
            except Exception as exc:  # any failure is kept on the row and retried
                _mark_failed(message, worker_id, exc)
                with contextlib.suppress(Exception):
                    backend.close()  # start the next message on a fresh connection
                continue
            _mark_sent(message, worker_id)
            sent += 1
    finally:
        with contextlib.suppress(Exception):
            backend.close()
    return sent
