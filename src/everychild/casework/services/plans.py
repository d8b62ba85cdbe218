"""Plans: child in need plans started and ended by social care; the key worker and the
statutory visit interval of any plan.

A child protection plan is made and ended by a conference (see conference_decisions);
a child in need plan is started and ended here. An episode has at most one open plan of
each kind. Ending a plan, or changing its key worker, is told to every involved agency.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..models import ChangeKind, CoreGroupMember, Episode, Plan, PlanKind
from ..selectors.plans import staff_name
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may, require_open
from ._common import bump, locked
from ._plan_common import staff_for
from .notify import tell_involved_agencies

MAX_OUTCOMES = 20_000
# Statutory visits: from weekly to every six weeks, in working days.
VISIT_INTERVAL_RANGE = (5, 30)


def _key_worker(staff_id: int | None, fallback: int | None) -> StaffLike:
    return staff_for(staff_id or fallback, field="key_worker", able_to="visit.record",
                     missing="Choose the key worker",
                     wrong="{name} cannot be a key worker: choose a social worker")


def cin_plan_start(*, actor: StaffLike, episode: Episode, started_on: dt.date | None,
                   key_worker_id: int | None = None, outcomes: str = "") -> Plan:
    may(actor, episode.child, "plan.manage")
    require_open(episode, "a plan")
    outcomes = clean(outcomes)
    errors = Errors()
    errors.date("started_on", started_on, label="The start date",
                required="Enter the date the plan started",
                not_before=(episode.referral_date, "the referral"))
    errors.text("outcomes", outcomes, label="What must change", limit=MAX_OUTCOMES)
    errors.raise_any()
    assert started_on is not None
    key_worker = _key_worker(key_worker_id, episode.worker_id)
    now = clock.now()
    try:
        with transaction.atomic():
            plan = Plan.objects.create(episode=episode, kind=PlanKind.CHILD_IN_NEED,
                                       started_on=started_on, key_worker_id=key_worker.pk,
                                       outcomes=outcomes, created_at=now, updated_at=now)
            CoreGroupMember.objects.create(plan=plan, agency_id=key_worker.agency_id,
                                           staff_id=key_worker.pk,
                                           name=staff_name(key_worker), role="Key worker",
                                           joined_on=started_on)
            audit_record(actor=actor, action="plan.start", target_type="person",
                         target_id=episode.child.ref,
                         detail={"plan": plan.pk, "kind": PlanKind.CHILD_IN_NEED})
    except IntegrityError:
        raise ValidationFailed(errors={"started_on": [
            "The child already has a child in need plan in this episode: end it before "
            "starting another"]}) from None
    return plan


def plan_end(*, actor: StaffLike, plan: Plan, ended_on: dt.date | None, end_reason: str,
             version: int | None) -> Plan:
    """End a child in need plan; every involved agency is told."""
    episode = plan.episode
    may(actor, episode.child, "plan.manage")
    end_reason = clean(end_reason)
    errors = Errors()
    if plan.kind == PlanKind.CHILD_PROTECTION:
        raise ValidationFailed(errors={"ended_on": [
            "A child protection plan is ended by a review conference"]})
    errors.date("ended_on", ended_on, label="The end date",
                required="Enter the date the plan ended",
                not_before=(plan.started_on, "the start of the plan"))
    errors.text("end_reason", end_reason, label="The reason", minimum=MIN_REASON_LENGTH,
                required="Say why the plan is ending")
    errors.raise_any()
    assert ended_on is not None
    with transaction.atomic():
        current = locked(plan, version=version, what="plan")
        if current.ended_on is not None:
            raise ValidationFailed(errors={"ended_on": [
                f"The plan already ended, on {long_date(current.ended_on)}"]})
        bump(current, ended_on=ended_on, end_reason=end_reason)
        tell_involved_agencies(actor=actor, episode=episode, kind=ChangeKind.PLAN_ENDED,
                               summary=f"The child in need plan ended on {long_date(ended_on)}",
                               occurred_on=ended_on)
        audit_record(actor=actor, action="plan.end", target_type="person",
                     target_id=episode.child.ref, reason=end_reason,
                     detail={"plan": current.pk})
    return current


def plan_key_worker_change(*, actor: StaffLike, plan: Plan, key_worker_id: int | None,
                           version: int | None) -> Plan:
    """A new key worker joins the core group in place of the last; agencies are told."""
    episode = plan.episode
    may(actor, episode.child, "plan.manage")
    key_worker = _key_worker(key_worker_id, None)
    today = clock.today()
    with transaction.atomic():
        current = locked(plan, version=version, what="plan")
        if current.ended_on is not None:
            raise ValidationFailed(errors={"key_worker": ["The plan has ended"]})
        if current.key_worker_id == key_worker.pk:
            raise ValidationFailed(errors={"key_worker": [
                f"{staff_name(key_worker)} is already the key worker"]})
        previous = current.key_worker_id
        if previous is not None:
            CoreGroupMember.objects.filter(plan=current, staff_id=previous, role="Key worker",
                                           left_on__isnull=True).update(left_on=today)
        if not current.members.filter(staff_id=key_worker.pk, left_on__isnull=True).exists():
            CoreGroupMember.objects.create(plan=current, agency_id=key_worker.agency_id,
                                           staff_id=key_worker.pk,
                                           name=staff_name(key_worker), role="Key worker",
                                           joined_on=today)
        bump(current, key_worker_id=key_worker.pk)
        tell_involved_agencies(actor=actor, episode=episode, kind=ChangeKind.WORKER,
                               summary=f"The key worker for the {current.get_kind_display()} "
                                       "changed")
        audit_record(actor=actor, action="plan.key_worker", target_type="person",
                     target_id=episode.child.ref,
                     detail={"plan": current.pk, "from": previous, "to": key_worker.pk})
    return current


def plan_visit_interval_set(*, actor: StaffLike, plan: Plan, working_days: int | None,
                            version: int | None) -> Plan:
    """How often the child on this plan must be visited; None for the authority's
    usual interval."""
    may(actor, plan.episode.child, "plan.manage")
    low, high = VISIT_INTERVAL_RANGE
    if working_days is not None and not low <= working_days <= high:
        raise ValidationFailed(errors={"visit_interval_working_days": [
            f"The visit interval must be between {low} and {high} working days"]})
    with transaction.atomic():
        current = locked(plan, version=version, what="plan")
        if current.ended_on is not None:
            raise ValidationFailed(errors={"visit_interval_working_days": [
                "The plan has ended"]})
        previous = current.visit_interval_working_days
        bump(current, visit_interval_working_days=working_days)
        audit_record(actor=actor, action="plan.visit_interval", target_type="person",
                     target_id=current.episode.child.ref,
                     detail={"plan": current.pk, "from": previous, "to": working_days})
    return current
