"""Closing a child's episode, and changes of circumstances: both are sent to every
agency involved with the child, in the same transaction as the record, so a case can
never close (nor a change be recorded) without the agencies being told.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import AgencyKind
from everychild.core.errors import ValidationFailed
from everychild.people.models import Involvement

from ..models import (
    AssessmentStatus,
    ChangeKind,
    CircumstanceChange,
    ClosureReason,
    ConferenceStatus,
    Episode,
    PlanKind,
)
from . import notify
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may
from ._common import bump, locked
from ._plan_common import local_day

# The changes anyone involved may report; the others follow from the pathway itself.
REPORTABLE = (ChangeKind.NEW_ADULT, ChangeKind.MOVE, ChangeKind.NEW_BABY, ChangeKind.OTHER)


def closure_blockers(episode: Episode) -> list[str]:
    """What must be finished before the case can close (empty when it can). Reads the
    episode's records through `.all()`, so the case page's prefetched rows serve."""
    found = []
    if any(p.kind == PlanKind.CHILD_PROTECTION and p.ended_on is None
           for p in episode.plans.all()):
        found.append("The child is on a child protection plan: end the plan (at a review "
                     "conference) before closing the case")
    if any(a.status == AssessmentStatus.IN_PROGRESS for a in episode.assessments.all()):
        found.append("An assessment is in progress: complete it before closing the case")
    # The census returns an assessment only once authorised, and not after its case closed.
    if any(a.status == AssessmentStatus.AWAITING_AUTHORISATION
           for a in episode.assessments.all()):
        found.append("An assessment is waiting for a manager's authorisation: have it "
                     "authorised before closing the case")
    if any(q.completed_on is None for q in episode.enquiries.all()):
        found.append("A section 47 enquiry has no outcome yet: record its outcome before "
                     "closing the case")
    # Closing ends social care's involvement, and with it the chair's access: a
    # conference still to meet, or whose minutes are still to go, would be stranded.
    for c in episode.conferences.all():
        if c.status == ConferenceStatus.SCHEDULED:
            found.append(f"A conference is arranged for {long_date(local_day(c.scheduled_for))}"
                         ": cancel it, or hold it, before closing the case")
        elif c.status == ConferenceStatus.HELD:
            found.append("The minutes of the conference held on "
                         f"{long_date(c.held_on or local_day(c.scheduled_for))} have not "
                         "been sent: send them before closing the case")
    return found


def episode_close(*, actor: StaffLike, episode: Episode, closed_on: dt.date | None,
                  reason: str, note: str, version: int | None) -> Episode:
    """Close the episode with a census reason. Any child in need plan ends with it, every
    involved agency is told, and children's social care's involvement ends."""
    may(actor, episode.child, "casework.close")
    note = clean(note)
    errors = Errors()
    errors.date("closed_on", closed_on, label="The closure date",
                required="Enter the date the case closed",
                not_before=(episode.referral_date, "the referral"))
    if reason not in ClosureReason.values:
        errors.add("reason", "Select the reason the case is closing")
    errors.text("note", note, label="The note", limit=5000)
    errors.raise_any()
    assert closed_on is not None
    with transaction.atomic():
        current = locked(episode, version=version, what="case")
        if current.closed_on is not None:
            raise ValidationFailed(errors={"episode": [
                f"The case was already closed on {long_date(current.closed_on)}"]})
        blockers = closure_blockers(current)
        if blockers:
            raise ValidationFailed(errors={"episode": blockers})
        label = ClosureReason(reason).label
        for plan in current.plans.select_for_update().filter(kind=PlanKind.CHILD_IN_NEED,
                                                             ended_on__isnull=True):
            if closed_on < plan.started_on:
                raise ValidationFailed(errors={"closed_on": [
                    "The closure date must be on or after the start of the child in need "
                    f"plan ({long_date(plan.started_on)})"]})
            bump(plan, ended_on=closed_on, end_reason=f"The case closed: {label}")
        bump(current, closed_on=closed_on, closure_reason=reason, closure_note=note)
        # Told while social care is still on the list of those involved.
        change = notify.tell_involved_agencies(
            actor=actor, episode=current, kind=ChangeKind.CLOSED, occurred_on=closed_on,
            summary=f"Children's social care closed the case on {long_date(closed_on)}: "
                    f"{label}.")
        ended = []
        for involvement in Involvement.objects.select_for_update().filter(
                person_id=current.child_id, ended__isnull=True,
                agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE):
            involvement.ended = max(closed_on, involvement.started)
            involvement.save(update_fields=["ended"])
            ended.append(involvement.pk)
        audit_record(actor=actor, action="casework.close", target_type="person",
                     target_id=current.child.ref, detail={
                         "episode": current.pk, "reason": reason,
                         "closed_on": closed_on.isoformat(), "change": change.pk,
                         "agencies_told": change.agencies_told, "involvements_ended": ended})
    return current


def circumstance_record(*, actor: StaffLike, episode: Episode, kind: str, summary: str,
                        occurred_on: dt.date | None) -> CircumstanceChange:
    """Record a change in the child's life; every involved agency hears of it."""
    may(actor, episode.child, "circumstance.record")
    summary = clean(summary)
    errors = Errors()
    if kind not in REPORTABLE:
        errors.add("kind", "Select what has changed")
    errors.text("summary", summary, label="The summary", required="Say what has changed",
                minimum=MIN_REASON_LENGTH, limit=5000)
    errors.date("occurred_on", occurred_on, label="The date of the change",
                required="Enter the date it happened, or when you learnt of it")
    errors.raise_any()
    assert occurred_on is not None
    with transaction.atomic():
        current = Episode.objects.select_for_update().select_related("child").get(pk=episode.pk)
        if current.closed_on is not None:
            raise ValidationFailed(errors={"episode": [
                f"The case closed on {long_date(current.closed_on)}: if the change is a new "
                "concern about the child, make a referral"]})
        change = notify.tell_involved_agencies(actor=actor, episode=current, kind=kind,
                                               summary=summary, occurred_on=occurred_on)
        audit_record(actor=actor, action="circumstance.record", target_type="person",
                     target_id=current.child.ref, detail={
                         "episode": current.pk, "change": change.pk, "kind": kind,
                         "agencies_told": change.agencies_told})
    return change
