"""When a referral must be responded to and decided: pure functions over the dates on the
record and the working-day calendar, so nothing is counted up by a job."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from everychild.core.calendar import working_day_deadline

DECISION_WORKING_DAYS = 1
DUE_SOON = dt.timedelta(hours=4)


def decision_due(received_at: dt.datetime) -> dt.datetime:
    """A decision (and its sign-off) is due by the end of the next working day."""
    return working_day_deadline(received_at, DECISION_WORKING_DAYS)


def response_due(received_at: dt.datetime, rag: str) -> dt.datetime:
    """The first response by rating, never later than the decision deadline."""
    due = decision_due(received_at)
    hours = settings.EVERYCHILD_TRIAGE_RESPONSE_HOURS.get(rag)
    if hours is not None:
        due = min(due, received_at + dt.timedelta(hours=hours))
    return due


def written_confirmation_due(received_at: dt.datetime) -> dt.datetime:
    return received_at + dt.timedelta(hours=settings.EVERYCHILD_WRITTEN_CONFIRMATION_HOURS)


def standing(due: dt.datetime, now: dt.datetime, *, done: bool = False) -> str:
    """'done', 'overdue', 'due_soon' or 'on_track': how a due item shows on a worklist."""
    if done:
        return "done"
    if now > due:
        return "overdue"
    if due - now <= DUE_SOON:
        return "due_soon"
    return "on_track"


def is_rereferral(received: dt.datetime, earlier: list[dt.datetime]) -> bool:
    """A referral within 12 months of an earlier referral about the same child."""
    try:
        year_before = received.replace(year=received.year - 1)
    except ValueError:  # 29 February
        year_before = received.replace(year=received.year - 1, day=28)
    return any(year_before <= e < received for e in earlier)


def under_one(date_of_birth: dt.date | None, on: dt.date, *, unborn: bool = False) -> bool:
    if unborn:
        return True
    if date_of_birth is None:
        return False
    try:
        first_birthday = date_of_birth.replace(year=date_of_birth.year + 1)
    except ValueError:
        first_birthday = dt.date(date_of_birth.year + 1, 3, 1)
    return on < first_birthday
