"""Calling off a conference that has not met: a scheduled conference that is no longer
needed (the case is closing, the family moved away) or must be re-arranged.

Cancelling keeps the conference on the record, with why and when, and tells each invitee
with an email address through the outbox, in the same transaction. Like the invitation,
the email names the meeting and never the child.
"""

from __future__ import annotations

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import Access, StaffLike
from everychild.core import clock
from everychild.core.errors import AccessDenied, ValidationFailed
from everychild.outbox.services import message_enqueue
from everychild.people.models import Person

from ..models import Conference, ConferenceInvitee, ConferenceStatus
from ._checks import MIN_REASON_LENGTH, Errors, clean, may
from ._common import bump, locked
from .conferences import long_when


def may_cancel(actor: StaffLike, child: Person) -> Access:
    """Those who arrange conferences may call them off, and so may the chair."""
    try:
        return may(actor, child, "conference.schedule")
    except AccessDenied:
        return may(actor, child, "conference.chair")


def conference_cancel(*, actor: StaffLike, conference: Conference, reason: str,
                      version: int | None) -> Conference:
    """Cancel a scheduled conference, saying why; every invitee with an email address is
    told it will not take place."""
    child = conference.episode.child
    may_cancel(actor, child)
    reason = clean(reason)
    errors = Errors()
    errors.text("reason", reason, label="The reason", minimum=MIN_REASON_LENGTH, limit=5000,
                required="Say why the conference is cancelled")
    errors.raise_any()
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        if current.status != ConferenceStatus.SCHEDULED:
            raise ValidationFailed(errors={"reason": [
                "Only a conference that has not yet met can be cancelled: this one is "
                f"{current.get_status_display().lower()}"]})
        now = clock.now()
        bump(current, status=ConferenceStatus.CANCELLED, cancelled_at=now,
             cancel_reason=reason)
        told = [_tell(current, invitee) for invitee in current.invitees.order_by("pk")
                if invitee.email]
        audit_record(actor=actor, action="conference.cancel", target_type="person",
                     target_id=child.ref, reason=reason,
                     detail={"conference": current.pk, "kind": current.kind,
                             "invitees_told": told})
    return current


def _tell(conference: Conference, invitee: ConferenceInvitee) -> int:
    what = conference.get_kind_display().lower()
    when = long_when(conference.scheduled_for)
    message_enqueue(
        to=invitee.email, subject=f"Cancelled: the {what} on {when}",
        body=(f"The {what} you were invited to, on {when}, has been cancelled and will not "
              "take place. If it is arranged again, you will be sent a new invitation.\n"),
        key=f"conference-cancelled:{conference.pk}:{invitee.pk}",
        about_type="person", about_ref=str(conference.episode.child.ref))
    return invitee.pk
