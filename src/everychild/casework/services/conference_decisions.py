"""What the chair records at and after a conference: attendance, the decision, the date
of the first core group, and any agency's dissent.

An initial conference decides on a child protection plan (with its category of abuse) or
none; a review decides to continue the plan (the category may change) or to end it. A new
plan is made at once, with its key worker and core group, and every involved agency is
told; so is every agency when a review ends a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import calendar, clock
from everychild.core.closures import closure_days
from everychild.core.errors import NotFound, ValidationFailed

from ..models import (
    Attendance,
    Category,
    ChangeKind,
    Conference,
    ConferenceDecision,
    ConferenceInvitee,
    ConferenceKind,
    ConferenceStatus,
    CoreGroupMember,
    Dissent,
    InviteeKind,
    Plan,
    PlanKind,
)
from ..selectors.plans import parents_of, staff_name
from ..timescales import rules_for
from ..timescales.engine import deadline
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may
from ._common import bump, locked
from ._plan_common import staff_for
from .episodes import _involve_agency
from .notify import tell_involved_agencies

FIRST_CORE_GROUP_WORKING_DAYS = 10
DECISIONS: dict[str, tuple[str, ...]] = {
    ConferenceKind.INITIAL: (ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN),
    ConferenceKind.REVIEW: (ConferenceDecision.CONTINUE, ConferenceDecision.END_PLAN)}
WITH_PLAN = (ConferenceDecision.PLAN, ConferenceDecision.CONTINUE)


def first_core_group_by(held_on: dt.date) -> dt.date:
    return calendar.add_working_days(held_on, FIRST_CORE_GROUP_WORKING_DAYS)


def _check_first_core_group(errors: Errors, held_on: dt.date, day: dt.date | None) -> None:
    if day is None:
        return
    latest = first_core_group_by(held_on)
    if day < held_on:
        errors.add("first_core_group_on", "The first core group cannot be before the "
                                          "conference")
    elif day > latest:
        errors.add("first_core_group_on", "The first core group must be within 10 working "
                                          f"days of the conference: by {long_date(latest)}")


# ------------------------------------------------------------------ attendance
def conference_attendance_record(*, actor: StaffLike, conference: Conference,
                                 attendance: Mapping[int, str], version: int | None
                                 ) -> Conference:
    """Who attended, who sent apologies and who did not come, invitee by invitee."""
    may(actor, conference.episode.child, "conference.chair")
    allowed = {a.value for a in Attendance if a.value}
    if any(value not in allowed for value in attendance.values()):
        raise ValidationFailed(errors={"attendance": [
            "For each person, say whether they attended, sent apologies or did not attend"]})
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        if current.status not in (ConferenceStatus.SCHEDULED, ConferenceStatus.HELD):
            raise ValidationFailed(errors={"attendance": [
                "The minutes have been sent: attendance can no longer be changed"]})
        invitees = {i.pk: i for i in current.invitees.select_for_update()}
        unknown = [pk for pk in attendance if pk not in invitees]
        if unknown:
            raise NotFound("That person is not invited to this conference")
        for pk, value in attendance.items():
            invitees[pk].attendance = value
            invitees[pk].save(update_fields=["attendance"])
        bump(current)
        audit_record(actor=actor, action="conference.attendance", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "recorded": len(attendance)})
    return current


# ------------------------------------------------------------------ the decision
def conference_decide(*, actor: StaffLike, conference: Conference, held_on: dt.date | None,
                      decision: str, category: str, reasons: str,
                      first_core_group_on: dt.date | None = None,
                      unshared_reports_reason: str = "", key_worker_id: int | None = None,
                      version: int | None) -> Conference:
    episode = conference.episode
    may(actor, episode.child, "conference.chair")
    reasons, unshared_reports_reason = clean(reasons), clean(unshared_reports_reason)
    errors = Errors()
    errors.date("held_on", held_on, label="The date of the conference",
                required="Enter the date the conference was held",
                not_before=(episode.referral_date, "the referral"))
    if decision not in DECISIONS[conference.kind]:
        errors.add("decision", "Select the conference's decision")
    elif decision in WITH_PLAN and category not in Category.values:
        errors.add("category", "Select the category of abuse: a child protection plan "
                               "cannot be made without one")
    errors.text("reasons", reasons, label="The reasons", minimum=MIN_REASON_LENGTH,
                required="Give the reasons for the decision")
    if decision == ConferenceDecision.PLAN and held_on is not None:
        _check_first_core_group(errors, held_on, first_core_group_on)
    errors.raise_any()
    assert held_on is not None
    key_worker = None
    if decision == ConferenceDecision.PLAN:
        key_worker = staff_for(
            key_worker_id or episode.worker_id, field="key_worker", able_to="visit.record",
            missing="Choose the key worker: the case has no allocated social worker",
            wrong="{name} cannot be a key worker: choose a social worker")
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        if current.status != ConferenceStatus.SCHEDULED:
            raise ValidationFailed(errors={"decision": [
                "The decision on this conference has already been recorded"]})
        invitees = list(current.invitees.all())
        _require_attendance(invitees)
        _require_reason_for_unshared(invitees, unshared_reports_reason)
        plan = _act_on_decision(actor, current, decision, category, reasons, held_on,
                                key_worker, invitees)
        rules = rules_for(episode.rules)
        next_review = None
        if decision in WITH_PLAN:
            rule = rules["first_review" if decision == ConferenceDecision.PLAN
                         else "later_review"]
            next_review = deadline(rule, held_on, rule.amount, closures=closure_days())
        bump(current, status=ConferenceStatus.HELD, held_on=held_on, decision=decision,
             category=category if decision in WITH_PLAN else "", decision_reasons=reasons,
             first_core_group_on=first_core_group_on
             if decision == ConferenceDecision.PLAN else None,
             unshared_reports_reason=unshared_reports_reason
             if _unshared(invitees) else "", next_review_on=next_review,
             chair_id=current.chair_id or actor.pk, decided_at=clock.now())
        audit_record(actor=actor, action="conference.decide", target_type="person",
                     target_id=episode.child.ref, reason=reasons,
                     detail={"conference": current.pk, "decision": decision,
                             "category": current.category, "plan": plan.pk if plan else None})
    return current


def _unshared(invitees: list[ConferenceInvitee]) -> list[ConferenceInvitee]:
    return [i for i in invitees if i.report_submitted_at is not None
            and i.report_shared_with_family_at is None]


def _require_attendance(invitees: list[ConferenceInvitee]) -> None:
    missing = [i.name for i in invitees if not i.attendance]
    if missing:
        raise ValidationFailed(errors={"attendance": [
            "Record whether each person invited attended before recording the decision: "
            + ", ".join(missing)]})


def _require_reason_for_unshared(invitees: list[ConferenceInvitee], reason: str) -> None:
    unshared = _unshared(invitees)
    if unshared and len(reason) < MIN_REASON_LENGTH:
        names = ", ".join(i.agency.name if i.agency else i.name for i in unshared)
        raise ValidationFailed(errors={"unshared_reports_reason": [
            f"The family has not seen every report ({names}): say why the conference went "
            "ahead without them"]})


def _act_on_decision(actor: StaffLike, conference: Conference, decision: str, category: str,
                     reasons: str, held_on: dt.date, key_worker: StaffLike | None,
                     invitees: list[ConferenceInvitee]) -> Plan | None:
    episode = conference.episode
    if decision == ConferenceDecision.PLAN:
        return _start_plan(actor, conference, category, held_on, key_worker, invitees)
    if decision == ConferenceDecision.NO_PLAN:
        return None
    plan = (Plan.objects.select_for_update().filter(pk=conference.plan_id).first()
            if conference.plan_id is not None else None)
    if plan is None:
        raise ValidationFailed(errors={"decision": ["This review is not of a plan"]})
    if plan.ended_on is not None:
        raise ValidationFailed(errors={"decision": ["The plan has already ended"]})
    if held_on < plan.started_on:
        raise ValidationFailed(errors={"held_on": [
            "A review cannot be held before the plan started "
            f"({long_date(plan.started_on)})"]})
    if decision == ConferenceDecision.END_PLAN:
        bump(plan, ended_on=held_on, end_reason=reasons)
        tell_involved_agencies(actor=actor, episode=episode, kind=ChangeKind.PLAN_ENDED,
                               summary="The child protection plan ended at the review "
                                       f"conference on {long_date(held_on)}",
                               occurred_on=held_on)
    elif plan.category != category:
        bump(plan, category=category)
    return plan


def _start_plan(actor: StaffLike, conference: Conference, category: str, held_on: dt.date,
                key_worker: StaffLike | None, invitees: list[ConferenceInvitee]) -> Plan:
    episode = conference.episode
    now = clock.now()
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                episode=episode, kind=PlanKind.CHILD_PROTECTION, conference=conference,
                category=category, started_on=held_on,
                key_worker_id=key_worker.pk if key_worker else None,
                created_at=now, updated_at=now)
    except IntegrityError:
        raise ValidationFailed(errors={"decision": [
            "The child already has a child protection plan"]}) from None
    staff_seen: set[object] = set()
    for i in invitees:
        if i.kind == InviteeKind.AGENCY and i.attendance == Attendance.ATTENDED:
            CoreGroupMember.objects.create(plan=plan, agency_id=i.agency_id,
                                           staff_id=i.staff_id, name=i.name,
                                           joined_on=held_on)
            staff_seen.add(i.staff_id)
            if i.agency_id is not None:  # the core group's agencies must see the plan
                _involve_agency(actor, episode.child, i.agency_id, clock.today())
    if key_worker is not None and key_worker.pk not in staff_seen:
        CoreGroupMember.objects.create(plan=plan, agency_id=key_worker.agency_id,
                                       staff_id=key_worker.pk, name=staff_name(key_worker),
                                       role="Key worker", joined_on=held_on)
        _involve_agency(actor, episode.child, key_worker.agency_id, clock.today())
    for parent in parents_of(episode.child):
        CoreGroupMember.objects.create(plan=plan, person=parent, name=parent.full_name,
                                       role="Parent or carer", joined_on=held_on)
    tell_involved_agencies(actor=actor, episode=episode, kind=ChangeKind.PLAN_STARTED,
                           summary=f"A child protection plan ({Category(category).label.lower()}"
                                   f") was made at the conference on {long_date(held_on)}",
                           occurred_on=held_on)
    return plan


def conference_first_core_group_set(*, actor: StaffLike, conference: Conference,
                                    first_core_group_on: dt.date | None,
                                    version: int | None) -> Conference:
    """The date of the first core group, set before the conference can close."""
    may(actor, conference.episode.child, "conference.chair")
    if first_core_group_on is None:
        raise ValidationFailed(errors={"first_core_group_on": [
            "Enter the date of the first core group"]})
    with transaction.atomic():
        current = locked(conference, version=version, what="conference")
        if current.status != ConferenceStatus.HELD or current.decision != ConferenceDecision.PLAN:
            raise ValidationFailed(errors={"first_core_group_on": [
                "A first core group is set when a conference makes a plan, before its "
                "minutes are sent"]})
        assert current.held_on is not None
        errors = Errors()
        _check_first_core_group(errors, current.held_on, first_core_group_on)
        errors.raise_any()
        bump(current, first_core_group_on=first_core_group_on)
        audit_record(actor=actor, action="conference.first_core_group", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "on": first_core_group_on.isoformat()})
    return current


# ------------------------------------------------------------------ dissent
def conference_dissent_record(*, actor: StaffLike, conference: Conference,
                              agency_id: int | None, view: str) -> Dissent:
    """An agency disagrees with the decision: minuted against that agency."""
    may(actor, conference.episode.child, "conference.chair")
    view = clean(view)
    errors = Errors()
    if not agency_id:
        errors.add("agency", "Select the agency that disagrees")
    errors.text("view", view, label="The agency's view", minimum=MIN_REASON_LENGTH,
                required="Record what the agency disagrees with, and why")
    errors.raise_any()
    assert agency_id is not None
    with transaction.atomic():
        current = Conference.objects.select_for_update().get(pk=conference.pk)
        if current.status != ConferenceStatus.HELD:
            raise ValidationFailed(errors={"agency": [
                "Dissent is recorded once the decision is made and before the minutes are "
                "sent"]})
        invitee = current.invitees.filter(kind=InviteeKind.AGENCY, agency_id=agency_id).first()
        if invitee is None:
            raise ValidationFailed(errors={"agency": [
                "Only an agency invited to the conference can dissent from its decision"]})
        dissent = Dissent.objects.create(conference=current, agency_id=agency_id,
                                         invitee=invitee, view=view, recorded_by_id=actor.pk,
                                         recorded_at=clock.now())
        audit_record(actor=actor, action="conference.dissent", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"conference": current.pk, "agency": agency_id,
                             "dissent": dissent.pk})
    return dissent
