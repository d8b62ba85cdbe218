"""Reading the outbox. Messages carry no child's details (callers put a reference and a
link in them), so these reads are for operators and for the code that queued them."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Message


def messages_about(*, about_type: str, about_ref: str) -> QuerySet[Message]:
    """The emails queued about one record, oldest first."""
    return Message.objects.filter(about_type=about_type, about_ref=about_ref).order_by(
        "created_at", "pk")


def messages_failing(*, min_attempts: int = 3) -> QuerySet[Message]:
    """Unsent, uncancelled messages whose tries keep failing: for monitoring."""
    return Message.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True,
                                  attempts__gte=min_attempts).exclude(last_error="")
