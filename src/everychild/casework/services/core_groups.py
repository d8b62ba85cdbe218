"""A plan's core group: who is in it (members join and leave, never vanish), and its
meetings, each recording whether the plan is working.

A core group that finds the plan is not working is the cue to reconvene a review
conference early; the plan page shows that prompt, and arranging the review stays the
social worker's and chair's decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, Staff
from everychild.core import clock
from everychild.core.errors import NotFound, ValidationFailed
from everychild.people.models import Person

from ..models import CoreGroupMeeting, CoreGroupMember, Plan
from ..selectors.plans import family_of, staff_name
from ._checks import Errors, clean, long_date, may
from .episodes import _involve_agency

MAX_NOTES = 20_000
MAX_ATTENDEES = 60


def _open_plan(plan: Plan, field: str) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.ended_on is not None:
        raise ValidationFailed(errors={field: [
            f"The plan ended on {long_date(current.ended_on)}"]})
    return current


def core_group_member_add(*, actor: StaffLike, plan: Plan, staff_id: int | None = None,
                          agency_id: int | None = None, person: Person | None = None,
                          name: str = "", role: str = "",
                          joined_on: dt.date | None = None) -> CoreGroupMember:
    """Add a worker (with their agency), an agency, or a family member to the core group."""
    child = plan.episode.child
    may(actor, child, "plan.manage")
    name, role = clean(name), clean(role)
    joined_on = joined_on or clock.today()
    errors = Errors()
    staff = agency = None
    if staff_id is not None:
        staff = Staff.objects.filter(pk=staff_id, is_active=True).select_related(
            "agency").first()
        if staff is None:
            errors.add("staff", "Choose the worker from the list")
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id, active=True).first()
        if agency is None:
            errors.add("agency", "Choose the agency from the list")
    if staff is not None and agency is not None and staff.agency_id != agency.pk:
        errors.add("staff", f"{staff_name(staff)} does not work for {agency.name}")
    if person is not None and person.pk not in family_of(child):
        errors.add("person", "Only people who live with the child or are related to them "
                             "can join the core group as family")
    if staff is None and agency is None and person is None and "staff" not in errors:
        errors.add("staff", "Choose a worker, an agency or a family member")
    errors.date("joined_on", joined_on, label="The date they joined",
                not_before=(plan.started_on, "the start of the plan"))
    errors.text("role", role, label="The role", limit=200)
    errors.text("name", name, label="The name", limit=200)
    errors.raise_any()
    if staff is not None:
        agency = agency or staff.agency
        name = name or f"{staff_name(staff)}, {staff.agency.name}"
    elif person is not None:
        name = name or person.full_name
    elif agency is not None:
        name = name or agency.name
    with transaction.atomic():
        current = _open_plan(plan, "staff")
        present = current.members.filter(left_on__isnull=True)
        if (staff is not None and present.filter(staff=staff).exists()) or (
                person is not None and present.filter(person=person).exists()) or (
                staff is None and person is None and agency is not None
                and present.filter(agency=agency, staff__isnull=True).exists()):
            raise ValidationFailed(errors={"staff": [f"{name} is already in the core group"]})
        member = CoreGroupMember.objects.create(
            plan=current, agency=agency, staff=staff, person=person, name=name, role=role,
            joined_on=joined_on)
        if agency is not None:  # a member agency works with the child: it sees the plan
            _involve_agency(actor, child, agency.pk, clock.today())
        audit_record(actor=actor, action="plan.member_add", target_type="person",
                     target_id=child.ref, detail={"plan": current.pk, "member": member.pk})
    return member


def core_group_member_remove(*, actor: StaffLike, plan: Plan, member_id: int,
                             left_on: dt.date | None = None) -> CoreGroupMember:
    """Record that a member left the core group (kept, with the date they left)."""
    child = plan.episode.child
    may(actor, child, "plan.manage")
    left_on = left_on or clock.today()
    with transaction.atomic():
        current = _open_plan(plan, "left_on")
        member = (CoreGroupMember.objects.select_for_update()
                  .filter(plan=current, pk=member_id).first())
        if member is None:
            raise NotFound("That person is not in this plan's core group")
        if member.left_on is not None:
            raise ValidationFailed(errors={"left_on": [
                f"{member.name} left the core group on {long_date(member.left_on)}"]})
        if member.staff_id is not None and member.staff_id == current.key_worker_id:
            raise ValidationFailed(errors={"left_on": [
                f"{member.name} is the key worker: change the key worker first"]})
        errors = Errors()
        errors.date("left_on", left_on, label="The date they left",
                    not_before=(member.joined_on, "the day they joined"))
        errors.raise_any()
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        audit_record(actor=actor, action="plan.member_remove", target_type="person",
                     target_id=child.ref, detail={"plan": current.pk, "member": member.pk})
    return member


def core_group_meeting_record(*, actor: StaffLike, plan: Plan, held_on: dt.date | None,
                              attendee_ids: Sequence[int] = (), others: Sequence[str] = (),
                              notes: str = "", plan_working: bool | None = None
                              ) -> CoreGroupMeeting:
    """A core group meeting: who came (members, and anyone else by name), notes, and
    whether the plan is working."""
    child = plan.episode.child
    may(actor, child, "plan.progress")
    notes = clean(notes)
    others = [clean(o) for o in others if clean(o)]
    errors = Errors()
    errors.date("held_on", held_on, label="The date of the meeting",
                required="Enter the date the core group met",
                not_before=(plan.started_on, "the start of the plan"))
    errors.text("notes", notes, label="The notes", limit=MAX_NOTES)
    if plan_working is None:
        errors.add("plan_working", "Say whether the plan is working")
    if len(attendee_ids) + len(others) > MAX_ATTENDEES or any(len(o) > 200 for o in others):
        errors.add("attendees", f"Name at most {MAX_ATTENDEES} people, 200 characters each")
    errors.raise_any()
    assert held_on is not None
    with transaction.atomic():
        current = _open_plan(plan, "held_on")
        members = {m.pk: m for m in current.members.filter(pk__in=list(attendee_ids))}
        if len(members) != len(set(attendee_ids)):
            raise ValidationFailed(errors={"attendees": [
                "Choose who attended from the core group's members"]})
        if not members and not others:
            raise ValidationFailed(errors={"attendees": ["Say who attended"]})
        attendees = [{"member": m.pk, "name": m.name,
                      "agency": m.agency.name if m.agency else ""}
                     for m in sorted(members.values(), key=lambda m: m.pk)]
        attendees += [{"member": None, "name": o, "agency": ""} for o in others]
        meeting = CoreGroupMeeting.objects.create(
            plan=current, held_on=held_on, attendees=attendees, notes=notes,
            plan_working=bool(plan_working), recorded_by_id=actor.pk,
            recorded_at=clock.now())
        audit_record(actor=actor, action="plan.core_group", target_type="person",
                     target_id=child.ref,
                     detail={"plan": current.pk, "meeting": meeting.pk,
                             "plan_working": meeting.plan_working})
    return meeting
