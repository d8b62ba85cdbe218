"""Strategy discussions and the section 47 enquiries they decide on.

Working Together expects children's social care, the police and health to take part.
A discussion without social care and the police is refused; one without health is
recorded, and the page says health was missing. A decision to make enquiries opens a
section 47 enquiry the same day; its outcome is recorded later, and only "substantiated,
conference" lets an initial conference be arranged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, AgencyKind, Staff
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..models import (
    Episode,
    Section47,
    Section47Outcome,
    StrategyAttendee,
    StrategyDiscussion,
)
from ._checks import MIN_REASON_LENGTH, Errors, clean, may, require_open
from ._common import bump, locked
from .episodes import _involve_agency

HEALTH_KINDS = frozenset({AgencyKind.HEALTH_TRUST, AgencyKind.GP_PRACTICE})
MAX_ATTENDEES = 40


@dataclass(frozen=True)
class AttendeeInput:
    agency_id: int | None
    name: str
    role: str = ""
    staff_id: int | None = None


def health_attended(discussion: StrategyDiscussion) -> bool:
    return any(a.agency.kind in HEALTH_KINDS for a in discussion.attendees.all())


def _attendees(errors: Errors, attendees: Sequence[AttendeeInput]
               ) -> list[tuple[Agency, AttendeeInput]]:
    if not attendees:
        errors.add("attendees", "Add who took part, and their agencies")
        return []
    if len(attendees) > MAX_ATTENDEES:
        errors.add("attendees", f"Add at most {MAX_ATTENDEES} people")
        return []
    agencies = Agency.objects.in_bulk([a.agency_id for a in attendees if a.agency_id])
    found: list[tuple[Agency, AttendeeInput]] = []
    for i, a in enumerate(attendees):
        agency = agencies.get(a.agency_id or 0)
        name, role = clean(a.name), clean(a.role)
        if agency is None or not agency.active:
            errors.add(f"attendees.{i}.agency", "Select the agency each person came from")
            continue
        if not name:
            errors.add(f"attendees.{i}.name", "Enter the name of each person who took part")
        elif len(name) > 200 or len(role) > 200:
            errors.add(f"attendees.{i}.name", "Names and roles must be 200 characters or fewer")
        if a.staff_id is not None and not Staff.objects.filter(
                pk=a.staff_id, agency=agency).exists():
            errors.add(f"attendees.{i}.staff", f"That member of staff is not at {agency.name}")
        found.append((agency, AttendeeInput(agency.pk, name, role, a.staff_id)))
    kinds = {agency.kind for agency, _ in found}
    if found and len(found) == len(attendees):
        missing = [label for kind, label in ((AgencyKind.CHILDRENS_SOCIAL_CARE,
                                              "children's social care"),
                                             (AgencyKind.POLICE, "the police"))
                   if kind not in kinds]
        if missing:
            errors.add("attendees", "A strategy discussion needs children's social care and "
                                    "the police (and health): " + " and ".join(missing)
                       + " did not take part")
    return found


def strategy_record(*, actor: StaffLike, episode: Episode, held_on: dt.date | None,
                    attendees: Sequence[AttendeeInput], information_shared: str,
                    section47: bool | None, reasons: str) -> StrategyDiscussion:
    """Record a strategy discussion; a decision to make enquiries starts one."""
    may(actor, episode.child, "strategy.record")
    information_shared, reasons = clean(information_shared), clean(reasons)
    errors = Errors()
    errors.date("held_on", held_on, label="The date of the discussion",
                required="Enter the date the discussion was held",
                not_before=(episode.referral_date, "the referral"))
    found = _attendees(errors, attendees)
    errors.text("information_shared", information_shared, label="Information shared")
    if section47 is None:
        errors.add("section47", "Say whether a section 47 enquiry will be made")
    errors.text("reasons", reasons, label="The reasons",
                required="Give the reasons for the decision", minimum=MIN_REASON_LENGTH,
                limit=5000)
    errors.raise_any()
    assert held_on is not None and section47 is not None
    with transaction.atomic():
        current = Episode.objects.select_for_update().select_related("child").get(pk=episode.pk)
        require_open(current, "a strategy discussion")
        if section47 and current.enquiries.filter(completed_on__isnull=True).exists():
            raise ValidationFailed(errors={"section47": [
                "A section 47 enquiry is already under way: record its outcome before a new "
                "one is started"]})
        discussion = StrategyDiscussion.objects.create(
            episode=current, held_on=held_on, information_shared=information_shared,
            section47=section47, reasons=reasons, recorded_by_id=actor.pk,
            recorded_at=clock.now())
        StrategyAttendee.objects.bulk_create(
            StrategyAttendee(discussion=discussion, agency=agency, staff_id=a.staff_id,
                             name=a.name, role=a.role) for agency, a in found)
        enquiry = None
        if section47:
            now = clock.now()
            enquiry = Section47.objects.create(episode=current, strategy=discussion,
                                               started_on=held_on, created_at=now,
                                               updated_at=now)
        # Agencies at the discussion are working with the child from now on.
        for agency_id in sorted({agency.pk for agency, _ in found}):
            _involve_agency(actor, current.child, agency_id, held_on)
        audit_record(actor=actor, action="strategy.record", target_type="person",
                     target_id=current.child.ref, detail={
                         "episode": current.pk, "discussion": discussion.pk,
                         "section47": section47, "enquiry": enquiry.pk if enquiry else None,
                         "agencies": sorted({agency.pk for agency, _ in found})})
    return discussion


def section47_complete(*, actor: StaffLike, enquiry: Section47, version: int | None,
                       outcome: str, findings: str,
                       completed_on: dt.date | None = None) -> Section47:
    """Record what the enquiry found; "substantiated_conference" lets a conference be
    arranged."""
    may(actor, enquiry.episode.child, "strategy.record")
    completed_on = completed_on or clock.today()
    findings = clean(findings)
    errors = Errors()
    errors.date("completed_on", completed_on, label="The date the enquiry ended",
                not_before=(enquiry.started_on, "the start of the enquiry"))
    if outcome not in Section47Outcome.values:
        errors.add("outcome", "Select the outcome of the enquiry")
    errors.text("findings", findings, label="The findings",
                required="Write what the enquiry found", minimum=MIN_REASON_LENGTH)
    errors.raise_any()
    with transaction.atomic():
        current = locked(enquiry, version=version, what="enquiry")
        require_open(current.episode, "an enquiry's outcome")
        if current.completed_on is not None:
            raise ValidationFailed(errors={"outcome": [
                "The outcome of this enquiry is already recorded"]})
        bump(current, completed_on=completed_on, outcome=outcome, findings=findings)
        audit_record(actor=actor, action="section47.complete", target_type="person",
                     target_id=current.episode.child.ref, detail={
                         "enquiry": current.pk, "outcome": outcome,
                         "completed_on": completed_on.isoformat()})
    return current
