"""A conference's minutes: written by the chair, sent to every person invited (those who
did not come included), and amendments asked for by the agencies tracked to an answer.

Sending closes the conference. Agency staff with an email address are sent a link through
the outbox and read the minutes in Everychild. The minutes are never emailed to the
family or the child: email names no child and is not a safe way to send such a record.
Their copy is given or posted (their email, if any, only says it is coming), and the
chair records that, as for anyone without an email address, so that "sent to everyone"
is a fact and not a hope. A conference that made a plan cannot close before the first
core group's date is set.

Minutes are never rewritten once sent: an accepted amendment stands beside them with the
chair's response.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed
from everychild.outbox.services import message_enqueue

from ..models import (
    AmendmentStatus,
    Conference,
    ConferenceDecision,
    ConferenceStatus,
    InviteeKind,
    MinutesAmendment,
    MinutesSentBy,
)
from ..selectors.conferences import invitee_of_agency
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may
from ._common import bump, locked

MAX_MINUTES = 100_000


def _conference_link(conference: Conference, invitee_id: int) -> str:
    return settings.EVERYCHILD_SITE_URL.rstrip("/") + reverse(
        "casework:conference-invitation",
        kwargs={"ref": conference.episode.child.ref, "conference_id": conference.pk,
                "invitee_id": invitee_id})


def conference_minutes_save(*, actor: StaffLike, conference: Conference, minutes: str,
                            version: int | None) -> Conference:
    """Save the minutes being written (not yet sent)."""
    may(actor, conference.episode.child, "conference.chair")
    minutes = clean(minutes)
    errors = Errors()
    errors.text("minutes", minutes, label="The minutes", limit=MAX_MINUTES,
                required="Write the minutes")
    errors.raise_any()
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        if current.status != ConferenceStatus.HELD:
            raise ValidationFailed(errors={"minutes": [
                "Minutes are written after the decision is recorded, and cannot be changed "
                "once sent" if current.status == ConferenceStatus.CLOSED else
                "Record the conference's decision before writing the minutes"]})
        bump(current, minutes=minutes)
        audit_record(actor=actor, action="conference.minutes", target_type="person",
                     target_id=current.episode.child.ref, detail={"conference": current.pk})
    return current


def conference_minutes_send(*, actor: StaffLike, conference: Conference,
                            sent_otherwise: Iterable[int] = (), version: int | None
                            ) -> Conference:
    """Send the minutes to every invitee and close the conference."""
    may(actor, conference.episode.child, "conference.chair")
    sent_otherwise = set(sent_otherwise)
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        errors = Errors()
        if current.status != ConferenceStatus.HELD:
            raise ValidationFailed(errors={"minutes": [
                "The minutes have already been sent" if current.status ==
                ConferenceStatus.CLOSED else "Record the conference's decision first"]})
        if not current.minutes:
            errors.add("minutes", "Write the minutes before sending them")
        if current.decision == ConferenceDecision.PLAN and current.first_core_group_on is None:
            errors.add("first_core_group_on", "Set the date of the first core group: the "
                                              "conference cannot close without it")
        invitees = list(current.invitees.select_for_update().order_by("kind", "pk"))
        family = [i.name for i in invitees if i.kind != InviteeKind.AGENCY
                  and i.pk not in sent_otherwise]
        if family:
            errors.add("sent_otherwise", "The minutes are not emailed to the family or the "
                       "child: give or post a copy to " + _names(family) + ", and say so")
        unreachable = [i.name for i in invitees if i.kind == InviteeKind.AGENCY
                       and not i.email and i.pk not in sent_otherwise]
        if unreachable:
            errors.add("sent_otherwise", "There is no email address for "
                       + _names(unreachable) + ": send them the minutes by post or by "
                       "hand, and say so")
        if sent_otherwise - {i.pk for i in invitees}:
            errors.add("sent_otherwise", "Choose people invited to this conference")
        errors.raise_any()
        now = clock.now()
        when = long_date(current.held_on) if current.held_on else ""
        for invitee in invitees:
            if invitee.email:
                _send_minutes(current, invitee.pk, invitee.kind, invitee.email, when)
            by_email = invitee.kind == InviteeKind.AGENCY and invitee.email
            invitee.minutes_sent_by = MinutesSentBy.EMAIL if by_email else MinutesSentBy.OTHER
            invitee.minutes_sent_at = now
            invitee.save(update_fields=["minutes_sent_at", "minutes_sent_by"])
        bump(current, status=ConferenceStatus.CLOSED, minutes_sent_at=now)
        audit_record(actor=actor, action="conference.minutes_send", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "invitees": len(invitees),
                             "sent_otherwise": sorted(sent_otherwise)})
    return current


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _send_minutes(conference: Conference, invitee_id: int, kind: str, email: str,
                  when: str) -> None:
    """Professionals read the minutes in Everychild, under their own permissions. The
    family and the child, who do not sign in, are only told that their copy is coming:
    the minutes themselves name the child, and email must not."""
    what = conference.get_kind_display().lower()
    if kind == InviteeKind.AGENCY:
        body = (f"The minutes of the {what} held on {when} are ready. Sign in to Everychild "
                f"to read them, and to ask for an amendment if something is wrong: "
                f"{_conference_link(conference, invitee_id)}\n")
    else:
        body = (f"The minutes of the {what} you were invited to, held on {when}, are ready. "
                "Your social worker will give or post you a copy. If something in them is "
                "wrong, tell the conference chair's office.\n")
    message_enqueue(to=email, subject=f"Minutes of the {what} on {when}", body=body,
                    key=f"conference-minutes:{conference.pk}:{invitee_id}",
                    about_type="person", about_ref=str(conference.episode.child.ref))


# ------------------------------------------------------------------ amendments
def minutes_amendment_request(*, actor: StaffLike, conference: Conference, invitee_id: int,
                              request: str) -> MinutesAmendment:
    """An invited agency asks for the minutes to be amended."""
    may(actor, conference.episode.child, "conference.contribute")
    request = clean(request)
    errors = Errors()
    errors.text("request", request, label="The amendment", minimum=MIN_REASON_LENGTH,
                required="Say what is wrong in the minutes and how it should read")
    errors.raise_any()
    with transaction.atomic():
        current = Conference.objects.select_for_update().get(pk=conference.pk)
        invitee = invitee_of_agency(actor, current, invitee_id)
        if current.status != ConferenceStatus.CLOSED:
            raise ValidationFailed(errors={"request": [
                "Amendments are asked for once the minutes have been sent"]})
        amendment = MinutesAmendment.objects.create(
            conference=current, invitee=invitee, requested_by_id=actor.pk,
            requested_at=clock.now(), request=request)
        chair = current.chair
        if chair is not None and chair.email:
            message_enqueue(
                to=chair.email, subject="An amendment to conference minutes is asked for",
                body=(f"{invitee.name} has asked for the minutes of the conference on "
                      f"{long_date(current.held_on) if current.held_on else ''} to be "
                      "amended. Sign in to Everychild to answer.\n"),
                key=f"conference-amendment:{amendment.pk}", about_type="person",
                about_ref=str(current.episode.child.ref))
        audit_record(actor=actor, action="conference.amendment_request", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "amendment": amendment.pk})
    return amendment


def minutes_amendment_respond(*, actor: StaffLike, conference: Conference,
                              amendment_id: int, accept: bool | None, response: str
                              ) -> MinutesAmendment:
    """The chair accepts or declines an amendment, saying why."""
    may(actor, conference.episode.child, "conference.chair")
    response = clean(response)
    errors = Errors()
    if accept is None:
        errors.add("accept", "Say whether you accept or decline the amendment")
    errors.text("response", response, label="The response", minimum=MIN_REASON_LENGTH,
                required="Give your response to the person who asked")
    errors.raise_any()
    with transaction.atomic():
        amendment = (MinutesAmendment.objects.select_for_update(of=("self",))
                     .filter(conference=conference, pk=amendment_id)
                     .select_related("requested_by").first())
        if amendment is None:
            raise NotFound("That amendment is not for this conference")
        if amendment.status != AmendmentStatus.REQUESTED:
            raise ValidationFailed(errors={"accept": [
                f"This amendment has already been {amendment.get_status_display().lower()}"]})
        amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.DECLINED
        amendment.response, amendment.responded_at = response, clock.now()
        amendment.responded_by_id = actor.pk
        amendment.save(update_fields=["status", "response", "responded_at", "responded_by"])
        asker = amendment.requested_by
        if asker is not None and asker.email:
            message_enqueue(
                to=asker.email, subject="Your amendment to conference minutes has been "
                                        "answered",
                body=(f"The chair has {amendment.get_status_display().lower()} the amendment "
                      "you asked for. Sign in to Everychild to read the response.\n"),
                key=f"conference-amendment-answer:{amendment.pk}", about_type="person",
                about_ref=str(conference.episode.child.ref))
        audit_record(actor=actor, action="conference.amendment_respond", target_type="person",
                     target_id=conference.episode.child.ref,
                     detail={"conference": conference.pk, "amendment": amendment.pk,
                             "status": amendment.status})
    return amendment
