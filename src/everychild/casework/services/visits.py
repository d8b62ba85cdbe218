"""Statutory visits: the date, whether the child was seen, and whether seen alone.

A visit counts towards the plan open on the day (the child protection plan first), whose
visit interval (or the authority's setting) says when the next is due. A visit not yet
made cannot be recorded; a child not seen needs the reason on the record.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock

from ..models import Episode, Plan, PlanKind, Visit
from ._checks import MIN_REASON_LENGTH, Errors, clean, may, require_open

MAX_NOTE = 20_000


def _plan_on(episode: Episode, day: dt.date) -> Plan | None:
    plans = (Plan.objects.filter(episode=episode, started_on__lte=day)
             .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day)))
    return (plans.filter(kind=PlanKind.CHILD_PROTECTION).order_by("-started_on").first()
            or plans.order_by("-started_on").first())


def visit_record(*, actor: StaffLike, episode: Episode, visited_on: dt.date | None,
                 child_seen: bool | None, seen_alone: bool | None, not_seen_reason: str = "",
                 note: str = "") -> Visit:
    may(actor, episode.child, "visit.record")
    require_open(episode, "a visit")
    not_seen_reason, note = clean(not_seen_reason), clean(note)
    errors = Errors()
    errors.date("visited_on", visited_on, label="The date of the visit",
                required="Enter the date of the visit",
                not_before=(episode.referral_date, "the referral"))
    if child_seen is None:
        errors.add("child_seen", "Say whether the child was seen")
    elif child_seen:
        if seen_alone is None:
            errors.add("seen_alone", "Say whether the child was seen alone")
    else:
        if seen_alone:
            errors.add("seen_alone", "A child who was not seen cannot have been seen alone")
        errors.text("not_seen_reason", not_seen_reason, label="The reason",
                    minimum=MIN_REASON_LENGTH, limit=MAX_NOTE,
                    required="Say why the child was not seen")
    errors.text("note", note, label="The note", limit=MAX_NOTE)
    errors.raise_any()
    assert visited_on is not None
    with transaction.atomic():
        visit = Visit.objects.create(
            episode=episode, plan=_plan_on(episode, visited_on), visited_on=visited_on,
            child_seen=bool(child_seen), seen_alone=bool(child_seen and seen_alone),
            not_seen_reason="" if child_seen else not_seen_reason, note=note,
            recorded_by_id=actor.pk, recorded_at=clock.now())
        audit_record(actor=actor, action="visit.record", target_type="person",
                     target_id=episode.child.ref,
                     detail={"visit": visit.pk, "plan": visit.plan_id,
                             "child_seen": visit.child_seen, "seen_alone": visit.seen_alone})
    return visit
