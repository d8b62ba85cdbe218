"""A plan's actions: specific (said in words, not a word), owned (by an agency, a named
worker or a family member) and dated (due no earlier than today), with progress recorded
against them until they are done or no longer needed.

Social care writes the plan (plan.manage). Partner agencies record progress on, and
complete, the actions their own agency owns (plan.progress); another agency's actions
are not theirs to report on.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, Staff
from everychild.core import clock
from everychild.core.errors import AccessDenied, NotFound, ValidationFailed

from ..models import ActionProgress, ActionStatus, Plan, PlanAction
from ..selectors.plans import staff_name
from ._checks import MIN_REASON_LENGTH, Errors, clean, long_date, may
from ._common import bump, locked
from ._plan_common import MIN_ACTION_WORDS, words
from .episodes import _involve_agency

MAX_TEXT = 5_000


def plan_action_add(*, actor: StaffLike, plan: Plan, description: str, due_on: dt.date | None,
                    outcome_sought: str = "", owner_agency_id: int | None = None,
                    owner_staff_id: int | None = None, owner_name: str = "") -> PlanAction:
    child = plan.episode.child
    may(actor, child, "plan.manage")
    description, outcome_sought = clean(description), clean(outcome_sought)
    owner_name = clean(owner_name)
    errors = Errors()
    if not description:
        errors.add("description", "Describe the action")
    elif words(description) < MIN_ACTION_WORDS:
        errors.add("description", "Describe the action so that anyone can tell when it is "
                                  f"done: at least {MIN_ACTION_WORDS} words")
    errors.text("description", description, label="The action", limit=MAX_TEXT)
    errors.text("outcome_sought", outcome_sought, label="The outcome", limit=MAX_TEXT)
    errors.text("owner_name", owner_name, label="The owner's name", limit=200)
    agency = staff = None
    if owner_agency_id is not None:
        agency = Agency.objects.filter(pk=owner_agency_id, active=True).first()
        if agency is None:
            errors.add("owner_agency", "Choose the agency from the list")
    if owner_staff_id is not None:
        staff = Staff.objects.filter(pk=owner_staff_id, is_active=True).select_related(
            "agency").first()
        if staff is None:
            errors.add("owner_staff", "Choose the worker from the list")
        elif agency is not None and staff.agency_id != agency.pk:
            errors.add("owner_staff", f"{staff_name(staff)} does not work for {agency.name}")
    if agency is None and staff is None and not owner_name and not errors.get("owner_agency"):
        errors.add("owner_agency", "Say who owns the action: an agency, a named worker, or "
                                   "(for a family member) their name")
    if due_on is None:
        errors.add("due_on", "Enter the date the action is due")
    elif due_on < clock.today():
        errors.add("due_on", "The due date must be today or in the future")
    errors.raise_any()
    assert due_on is not None
    if staff is not None:
        agency = agency or staff.agency
        owner_name = owner_name or staff_name(staff)
    elif agency is not None:
        owner_name = owner_name or agency.name
    now = clock.now()
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.ended_on is not None:
            raise ValidationFailed(errors={"description": [
                f"The plan ended on {long_date(current.ended_on)}"]})
        action = PlanAction.objects.create(
            plan=current, description=description, outcome_sought=outcome_sought,
            owner_agency=agency, owner_staff=staff, owner_name=owner_name, due_on=due_on,
            created_at=now, updated_at=now)
        if agency is not None:  # the owning agency must be able to open the plan to report
            _involve_agency(actor, child, agency.pk, clock.today())
        audit_record(actor=actor, action="plan.action_add", target_type="person",
                     target_id=child.ref, detail={"plan": current.pk, "action": action.pk})
    return action


def _action(plan: Plan, action_id: int, *, lock: bool = False) -> PlanAction:
    rows = PlanAction.objects.filter(plan=plan, pk=action_id)
    action = (rows.select_for_update() if lock else rows).first()
    if action is None:
        raise NotFound("That action is not in this plan")
    return action


def may_report_on(actor: StaffLike, plan: Plan, action: PlanAction) -> None:
    """Social care may report on any action; a partner only on its own agency's."""
    child = plan.episode.child
    try:
        may(actor, child, "plan.manage")
        return
    except AccessDenied:
        pass
    may(actor, child, "plan.progress")
    if action.owner_agency_id != actor.agency_id and action.owner_staff_id != actor.pk:
        raise AccessDenied("Only the agency that owns this action can record progress on it")


def action_progress_record(*, actor: StaffLike, plan: Plan, action_id: int,
                           note: str) -> ActionProgress:
    note = clean(note)
    action = _action(plan, action_id)
    may_report_on(actor, plan, action)
    errors = Errors()
    errors.text("note", note, label="The progress", minimum=MIN_REASON_LENGTH, limit=MAX_TEXT,
                required="Say what progress has been made")
    errors.raise_any()
    with transaction.atomic():
        current = _action(plan, action_id, lock=True)
        if current.status != ActionStatus.OPEN:
            raise ValidationFailed(errors={"note": [
                f"This action is {current.get_status_display().lower()}"]})
        progress = ActionProgress.objects.create(action=current, note=note,
                                                 recorded_by_id=actor.pk,
                                                 recorded_at=clock.now())
        audit_record(actor=actor, action="plan.action_progress", target_type="person",
                     target_id=plan.episode.child.ref,
                     detail={"plan": plan.pk, "action": current.pk, "progress": progress.pk})
    return progress


def plan_action_status_set(*, actor: StaffLike, plan: Plan, action_id: int, status: str,
                           note: str = "", version: int | None) -> PlanAction:
    """Done (the owning agency or social care) or no longer needed (social care, with
    the reason). The note is kept as the action's last progress."""
    note = clean(note)
    action = _action(plan, action_id)
    if status == ActionStatus.DROPPED:
        may(actor, plan.episode.child, "plan.manage")
    else:
        may_report_on(actor, plan, action)
    errors = Errors()
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        errors.add("status", "Say whether the action is done or no longer needed")
    errors.text("note", note, label="The note", limit=MAX_TEXT,
                minimum=MIN_REASON_LENGTH if status == ActionStatus.DROPPED else 0,
                required="Say why the action is no longer needed"
                if status == ActionStatus.DROPPED else "")
    errors.raise_any()
    with transaction.atomic():
        current = locked(action, version=version, what="action")
        if current.status != ActionStatus.OPEN:
            raise ValidationFailed(errors={"status": [
                f"This action is already {current.get_status_display().lower()}"]})
        if note:
            ActionProgress.objects.create(action=current, note=note, recorded_by_id=actor.pk,
                                          recorded_at=clock.now())
        bump(current, status=status,
             completed_on=clock.today() if status == ActionStatus.DONE else None)
        audit_record(actor=actor, action="plan.action_status", target_type="person",
                     target_id=plan.episode.child.ref,
                     detail={"plan": plan.pk, "action": current.pk, "status": status})
    return current
