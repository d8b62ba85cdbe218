"""Emails waiting to be sent, and a record of those that were.

A row is written in the same transaction as the change it reports, so the email exists
if and only if the change committed; a worker (`everychild outbox send`) sends it later.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Message(models.Model):
    # The caller's name for this email, e.g. "referral:<ref>:acknowledgement". One row per
    # key, so enqueueing twice (a retried request, a double click) sends once.
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    # What the email is about, to find the messages of a record ("referral", its ref).
    about_type = models.CharField(max_length=40, blank=True)
    about_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    send_after = models.DateTimeField()
    # Claims so far, including any by a worker that died before it could say how it went.
    attempts = models.PositiveIntegerField(default=0)
    # Nobody tries the message before this: the lease of the worker holding it
    # (`locked_by`), or after a failure the back-off before the next try.
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=120, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The Message-ID header, derived from the key: every try of this email carries the same
    # one, so a mail system that sees it twice can drop the copy.
    smtp_message_id = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["send_after"], name="outbox_pending_by_due",
                         condition=Q(sent_at__isnull=True, cancelled_at__isnull=True)),
            models.Index(fields=["about_type", "about_ref"], name="outbox_about"),
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.to} ({self.status})"

    @property
    def status(self) -> str:
        """'sent', 'cancelled', 'failing' (tried, last try failed) or 'pending'."""
        if self.sent_at is not None:
            return "sent"
        if self.cancelled_at is not None:
            return "cancelled"
        return "failing" if self.last_error else "pending"
