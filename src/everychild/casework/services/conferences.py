"""Arranging child protection conferences and inviting people to them.

An initial conference follows a section 47 enquiry that found the child at continuing
risk of significant harm, within 15 working days of the strategy discussion; a review
conference follows a plan, within 3 months of the initial conference and then at most
every 6 months, or earlier ("reconvened") when the plan is not working. Arranging one
beyond its timescale needs a reason on the record.

Every agency involved with the child is invited, with the family members chosen (by
default the parents and carers) and, if chosen, the child. Each invitee with an email
address is sent an invitation through the outbox, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, Staff
from everychild.core import clock
from everychild.core.errors import ValidationFailed
from everychild.outbox.services import message_enqueue
from everychild.people.models import Involvement, InvolvementRole, Person

from ..models import (
    Conference,
    ConferenceInvitee,
    ConferenceKind,
    ConferenceStatus,
    Episode,
    InviteeKind,
    Plan,
    PlanKind,
    Section47,
    Section47Outcome,
)
from ..selectors.plans import family_of, open_due, staff_name
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may, require_open
from ._plan_common import local_day, staff_for
from .episodes import _involve_agency

MAX_EMAIL = 254


@dataclass(frozen=True)
class FamilyInvite:
    """A family member to invite, with the email address to send the invitation to."""

    person: Person
    email: str = ""


@dataclass(frozen=True)
class Invitations:
    """Who to invite besides every involved agency (which is always invited)."""

    extra_agency_ids: tuple[int, ...] = ()
    # None: the child's parents and carers.
    family: tuple[FamilyInvite, ...] | None = None
    child: bool = False
    child_email: str = ""


def long_when(moment: dt.datetime) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return f"{long_date(local.date())} at {local:%H:%M}"


# ------------------------------------------------------------------ arranging
def conference_schedule(*, actor: StaffLike, episode: Episode, scheduled_for: dt.datetime,
                        venue: str = "", chair_id: int | None = None, late_reason: str = "",
                        invitations: Invitations | None = None) -> Conference:
    """Arrange the initial child protection conference after a section 47 enquiry."""
    may(actor, episode.child, "conference.schedule")
    require_open(episode, "a conference")
    enquiry = (Section47.objects.filter(episode=episode, completed_on__isnull=False,
                                        outcome=Section47Outcome.SUBSTANTIATED_CONFERENCE)
               .order_by("-completed_on", "-pk").first())
    if enquiry is None:
        raise ValidationFailed(errors={"section47": [
            "An initial child protection conference can only be arranged once a section 47 "
            "enquiry has concluded that the child is at continuing risk of significant harm"]})
    _refuse_second_initial(episode, enquiry)
    due = open_due(episode, ("strategy_to_icpc",))
    return _arrange(actor=actor, episode=episode, kind=ConferenceKind.INITIAL,
                    scheduled_for=scheduled_for, venue=venue, chair_id=chair_id,
                    late_reason=late_reason, due_on=due.due_on if due else None,
                    invitations=invitations or Invitations(), section47=enquiry,
                    timescale="15 working days of the strategy discussion")


def review_schedule(*, actor: StaffLike, plan: Plan, scheduled_for: dt.datetime,
                    venue: str = "", chair_id: int | None = None, reconvened: bool = False,
                    reconvene_reason: str = "", late_reason: str = "",
                    invitations: Invitations | None = None) -> Conference:
    """Arrange a review of a child protection plan: when due, or reconvened early
    because the plan is not working (the reason is then required)."""
    episode = plan.episode
    may(actor, episode.child, "conference.schedule")
    require_open(episode, "a conference")
    if plan.kind != PlanKind.CHILD_PROTECTION or plan.ended_on is not None:
        raise ValidationFailed(errors={"plan": [
            "Review conferences are for a child protection plan that is still in place"]})
    _refuse_second_review(plan)
    reconvene_reason = clean(reconvene_reason)
    if reconvened:
        errors = Errors()
        errors.text("reconvene_reason", reconvene_reason, label="The reason",
                    required="Say why the conference is being reconvened early",
                    minimum=MIN_REASON_LENGTH)
        errors.raise_any()
    due = open_due(episode, ("first_review", "later_review"), subject_id=plan.pk)
    first = not Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW,
                                          held_on__isnull=False).exists()
    return _arrange(actor=actor, episode=episode, kind=ConferenceKind.REVIEW,
                    scheduled_for=scheduled_for, venue=venue, chair_id=chair_id,
                    late_reason=late_reason, due_on=None if reconvened or due is None
                    else due.due_on, invitations=invitations or Invitations(), plan=plan,
                    reconvene_reason=reconvene_reason if reconvened else "",
                    timescale="3 months of the initial conference" if first
                    else "6 months of the last review")


def _refuse_second_initial(episode: Episode, enquiry: Section47) -> None:
    if Plan.objects.filter(episode=episode, kind=PlanKind.CHILD_PROTECTION,
                           ended_on__isnull=True).exists():
        raise ValidationFailed(errors={"section47": [
            "The child already has a child protection plan: arrange a review conference "
            "instead"]})
    already = (Conference.objects.filter(section47=enquiry, kind=ConferenceKind.INITIAL)
               .exclude(status=ConferenceStatus.CANCELLED).first())
    if already is not None:
        raise ValidationFailed(errors={"section47": [
            "An initial conference for this enquiry is already arranged, for "
            f"{long_when(already.scheduled_for)}"]})


def _refuse_second_review(plan: Plan) -> None:
    pending = Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW,
                                        status=ConferenceStatus.SCHEDULED).first()
    if pending is not None:
        raise ValidationFailed(errors={"scheduled_for": [
            f"A review conference is already arranged, for {long_when(pending.scheduled_for)}"]})
    if Plan.objects.filter(pk=plan.pk, ended_on__isnull=False).exists():
        raise ValidationFailed(errors={"plan": [
            "Review conferences are for a child protection plan that is still in place"]})


def _arrange(*, actor: StaffLike, episode: Episode, kind: str, scheduled_for: dt.datetime,
             venue: str, chair_id: int | None, late_reason: str, due_on: dt.date | None,
             invitations: Invitations, timescale: str, section47: Section47 | None = None,
             plan: Plan | None = None, reconvene_reason: str = "") -> Conference:
    venue, late_reason = clean(venue), clean(late_reason)
    errors = Errors()
    if scheduled_for is None:
        errors.add("scheduled_for", "Enter the date and time of the conference")
    elif local_day(scheduled_for) < clock.today():
        errors.add("scheduled_for", "The conference must be arranged for today or later")
    elif due_on is not None and local_day(scheduled_for) > due_on:
        errors.text("late_reason", late_reason, label="The reason", minimum=MIN_REASON_LENGTH,
                    required=f"The conference should be held within {timescale} (by "
                             f"{long_date(due_on)}): say why it cannot be held by then")
    if len(venue) > 200:
        errors.add("venue", "The venue must be 200 characters or fewer")
    chair = None
    if chair_id:
        try:
            chair = staff_for(chair_id, field="chair", able_to="conference.chair",
                              missing="Choose the chair from the list",
                              wrong="{name} cannot chair a child protection conference")
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    errors.add(name, message)
    family = _family_invites(episode.child, invitations, errors)
    extra = _extra_agencies(invitations.extra_agency_ids, errors)
    child_email = clean(invitations.child_email)
    _check_email(errors, "child_email", child_email)
    errors.raise_any()
    now = clock.now()
    with transaction.atomic():
        # Two people arranging at once: the episode's lock makes the second wait, and the
        # checks made before are made again under it, so it finds the first's conference.
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        require_open(current, "a conference")
        if section47 is not None:
            _refuse_second_initial(current, section47)
        if plan is not None:
            _refuse_second_review(plan)
        conference = Conference.objects.create(
            episode=episode, kind=kind, section47=section47, plan=plan,
            reconvened=bool(reconvene_reason), reconvene_reason=reconvene_reason,
            scheduled_for=scheduled_for, venue=venue, chair=chair,
            late_reason=late_reason if due_on and local_day(scheduled_for) > due_on else "",
            created_at=now, updated_at=now)
        for agency, staff in _agencies_to_invite(episode.child, extra):
            # An agency invited is involved: its staff open their invitation and, once
            # it is in the core group, the plan, as their involvement allows.
            _involve_agency(actor, episode.child, agency.pk, clock.today())
            _invite(conference, kind=InviteeKind.AGENCY, agency=agency, staff=staff,
                    name=f"{staff_name(staff)}, {agency.name}" if staff else agency.name,
                    email=(staff.email if staff and staff.email else agency.email))
        for invite in family:
            _invite(conference, kind=InviteeKind.FAMILY, person=invite.person,
                    name=invite.person.full_name, email=invite.email)
        if invitations.child:
            _invite(conference, kind=InviteeKind.CHILD, person=episode.child,
                    name=episode.child.full_name, email=child_email)
        audit_record(actor=actor, action="conference.schedule", target_type="person",
                     target_id=episode.child.ref, reason=late_reason or reconvene_reason,
                     detail={"conference": conference.pk, "kind": kind,
                             "invitees": conference.invitees.count(),
                             "late": bool(conference.late_reason),
                             "reconvened": conference.reconvened})
    return conference


def conference_invitee_add(*, actor: StaffLike, conference: Conference,
                           agency_id: int | None = None, person: Person | None = None,
                           email: str = "") -> ConferenceInvitee:
    """Invite one more agency or family member to a conference not yet held."""
    episode = conference.episode
    may(actor, episode.child, "conference.schedule")
    email = clean(email)
    errors = Errors()
    if (agency_id is None) == (person is None):
        errors.add("invitee", "Choose an agency or a family member to invite")
    _check_email(errors, "email", email)
    errors.raise_any()
    with transaction.atomic():
        current = Conference.objects.select_for_update().get(pk=conference.pk)
        if current.status != ConferenceStatus.SCHEDULED:
            raise ValidationFailed(errors={"invitee": [
                "The conference has been held: no one else can be invited"]})
        invited = current.invitees.all()
        if agency_id is not None:
            agency = _extra_agencies((agency_id,), errors)
            errors.raise_any()
            if invited.filter(kind=InviteeKind.AGENCY, agency_id=agency_id).exists():
                raise ValidationFailed(errors={"invitee": [
                    f"{agency[0].name} is already invited"]})
            staff = _named_worker(episode.child, agency[0])
            _involve_agency(actor, episode.child, agency[0].pk, clock.today())
            invitee = _invite(current, kind=InviteeKind.AGENCY, agency=agency[0],
                              staff=staff, name=agency[0].name if staff is None else
                              f"{staff_name(staff)}, {agency[0].name}",
                              email=email or (staff.email if staff and staff.email
                                              else agency[0].email))
        else:
            assert person is not None
            is_child = person.pk == episode.child_id
            if not is_child and person.pk not in family_of(episode.child):
                raise ValidationFailed(errors={"invitee": [
                    "Only people who live with the child or are related to them can be "
                    "invited as family"]})
            if invited.filter(person=person).exists():
                raise ValidationFailed(errors={"invitee": [
                    f"{person.full_name} is already invited"]})
            invitee = _invite(current, kind=InviteeKind.CHILD if is_child
                              else InviteeKind.FAMILY, person=person, name=person.full_name,
                              email=email)
        audit_record(actor=actor, action="conference.invite", target_type="person",
                     target_id=episode.child.ref,
                     detail={"conference": current.pk, "invitee": invitee.pk,
                             "kind": invitee.kind})
    return invitee


# ------------------------------------------------------------------ who is invited
def _check_email(errors: Errors, name: str, email: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if not email:
        return
    try:
        validate_email(email)
    except ValidationError:
        errors.add(name, "Enter an email address in the correct format, like "
                         "name@example.com")
        return
    if len(email) > MAX_EMAIL:
        errors.add(name, f"The email address must be {MAX_EMAIL} characters or fewer")


def _family_invites(child: Person, invitations: Invitations, errors: Errors
                    ) -> list[FamilyInvite]:
    family = family_of(child)
    if invitations.family is None:
        return [FamilyInvite(p) for p, carer in sorted(family.values(),
                                                       key=lambda f: f[0].pk) if carer]
    chosen: list[FamilyInvite] = []
    for invite in invitations.family:
        if invite.person.pk not in family:
            errors.add("family", f"{invite.person.full_name} does not live with the child and "
                                 "is not related to them: they cannot be invited as family")
            continue
        email = clean(invite.email)
        _check_email(errors, f"family_email_{invite.person.pk}", email)
        if invite.person.pk not in {c.person.pk for c in chosen}:
            chosen.append(FamilyInvite(invite.person, email))
    return chosen


def _extra_agencies(ids: Iterable[int], errors: Errors) -> list[Agency]:
    ids = list(dict.fromkeys(ids))
    found = {a.pk: a for a in Agency.objects.filter(pk__in=ids, active=True)}
    if len(found) != len(ids):
        errors.add("agencies", "Choose agencies from the list")
    return [found[i] for i in ids if i in found]


def _named_worker(child: Person, agency: Agency) -> Staff | None:
    """The agency's named worker for the child: the allocated social worker or key
    worker first, then any named practitioner."""
    rows = (Involvement.objects.filter(person=child, agency=agency, ended__isnull=True,
                                       staff__isnull=False, staff__is_active=True)
            .select_related("staff").order_by("started", "pk"))
    ranked = sorted(rows, key=lambda i: i.role not in (
        InvolvementRole.ALLOCATED_SOCIAL_WORKER, InvolvementRole.KEY_WORKER))
    return ranked[0].staff if ranked else None


def _agencies_to_invite(child: Person, extra: list[Agency]
                        ) -> list[tuple[Agency, Staff | None]]:
    involved_ids = (Involvement.objects.filter(person=child, ended__isnull=True)
                    .values_list("agency_id", flat=True).distinct())
    agencies = list(Agency.objects.filter(pk__in=list(involved_ids)).order_by("name", "pk"))
    agencies += [a for a in extra if a.pk not in {b.pk for b in agencies}]
    return [(a, _named_worker(child, a)) for a in agencies]


def _invite(conference: Conference, *, kind: str, name: str, email: str,
            agency: Agency | None = None, staff: StaffLike | None = None,
            person: Person | None = None) -> ConferenceInvitee:
    invitee = ConferenceInvitee.objects.create(
        conference=conference, kind=kind, agency=agency, staff_id=staff.pk if staff else None,
        person=person, name=name[:200], email=email, invited_at=clock.now())
    if email:
        _send_invitation(conference, invitee)
    return invitee


def _send_invitation(conference: Conference, invitee: ConferenceInvitee) -> None:
    """The invitation names the meeting, never the child: the record says who it is
    about, opened under the reader's own permissions."""
    what = conference.get_kind_display().lower()
    when = long_when(conference.scheduled_for)
    where = f" at {conference.venue}" if conference.venue else ""
    if invitee.kind == InviteeKind.AGENCY:
        link = settings.EVERYCHILD_SITE_URL.rstrip("/") + reverse(
            "casework:conference-invitation",
            kwargs={"ref": conference.episode.child.ref, "conference_id": conference.pk,
                    "invitee_id": invitee.pk})
        follow = ("Please send your agency's report before the conference, so that it can "
                  f"be shared with the family. Sign in to Everychild to see the invitation "
                  f"and submit the report: {link}")
    else:
        follow = ("The conference chair's office will contact you before the conference. "
                  "You will be able to read the agencies' reports before it.")
    message_enqueue(
        to=invitee.email, subject=f"Invitation to a {what} on {when}",
        body=f"You are invited to a {what} on {when}{where}.\n\n{follow}\n",
        key=f"conference-invitation:{conference.pk}:{invitee.pk}",
        about_type="person", about_ref=str(conference.episode.child.ref))
