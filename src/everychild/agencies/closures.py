"""The authority's closure days: adding and removing them, audited.

The table lives in `everychild.core` because the working-day calendar reads it, and core
sits below the audit log; the writes live here, one layer up, so each is recorded.
Today the command line is the caller (`actor=None`: an operator on the server, who could
change the database anyway). A signed-in user needs the policy action `calendar.manage`
(administrators), ready for a page.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.core.calendar import bank_holiday_name
from everychild.core.errors import NotFound, ValidationFailed
from everychild.core.models import ClosureDay

ACTION = "calendar.manage"
REASON_MAX = ClosureDay._meta.get_field("reason").max_length or 200
TARGET_TYPE = "closure_day"


def _check(actor: StaffLike | None) -> None:
    if actor is not None:
        check_action(actor, ACTION)


def closure_day_add(*, actor: StaffLike | None, day: dt.date, reason: str) -> ClosureDay:
    """Make `day` a non-working day. Deadlines computed from now on step over it."""
    _check(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(errors={"reason": ["Enter why the offices are closed"]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(errors={"reason": [
            f"The reason must be {REASON_MAX} characters or fewer"]})
    if day.weekday() >= 5:
        raise ValidationFailed(errors={"date": [
            f"{day:%A %-d %B %Y} is a weekend day, which is never a working day"]})
    holiday = bank_holiday_name(day)
    if holiday:
        raise ValidationFailed(errors={"date": [
            f"{day:%A %-d %B %Y} is already a bank holiday ({holiday})"]})
    try:
        with transaction.atomic():
            closure = ClosureDay.objects.create(
                date=day, reason=reason, created_by_id=actor.pk if actor else None)
            audit_record(actor=actor, action="calendar.closure_add", target_type=TARGET_TYPE,
                         target_id=day.isoformat(), detail={"reason": reason})
    except IntegrityError:
        existing = ClosureDay.objects.filter(date=day).first()
        raise ValidationFailed(errors={"date": [
            f"{day:%A %-d %B %Y} is already a closure day"
            + (f" ({existing.reason})" if existing else "")]}) from None
    return closure


def closure_day_remove(*, actor: StaffLike | None, day: dt.date) -> ClosureDay:
    """Make `day` a working day again. The audit entry keeps what was removed."""
    _check(actor)
    with transaction.atomic():
        closure = ClosureDay.objects.select_for_update().filter(date=day).first()
        if closure is None:
            raise NotFound(f"{day:%A %-d %B %Y} is not a closure day")
        audit_record(actor=actor, action="calendar.closure_remove", target_type=TARGET_TYPE,
                     target_id=day.isoformat(),
                     detail={"reason": closure.reason,
                             "created_at": closure.created_at.isoformat(),
                             "created_by": closure.created_by_id})
        closure.delete()
    return closure


def closure_day_list(*, since: dt.date | None = None) -> list[ClosureDay]:
    """Closure days in date order, from `since` if given. Not about any child's record,
    so there is nothing to scope."""
    rows = ClosureDay.objects.order_by("date")
    if since is not None:
        rows = rows.filter(date__gte=since)
    return list(rows)
