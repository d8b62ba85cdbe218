"""Casework records built straight onto the models, for tests of what is read from them
(deadlines, worklists, drift, escalation). The services that write these records are
tested on their own; here only the dates matter."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from everychild.agencies.models import Staff
from everychild.casework.models import (
    Assessment,
    Conference,
    ConferenceStatus,
    CoreGroupMeeting,
    Episode,
    Plan,
    Section47,
    StrategyDiscussion,
    Visit,
)
from everychild.people.models import InvolvementRole, Person

from ..factories import InvolvementFactory, PersonFactory, StaffFactory

D = dt.date


def _now() -> dt.datetime:
    return timezone.now()


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def child_allocated_to(worker: Staff, **person: object) -> Person:
    """A child with the worker named on an open involvement (as allocation records it)."""
    child = PersonFactory(**person)
    InvolvementFactory(person=child, agency=worker.agency, staff=worker,
                       role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)
    return child


def episode(child: Person, *, referral_date: dt.date, worker: Staff | None = None,
            team: object = None, rules: str = "wt2013",
            closed_on: dt.date | None = None) -> Episode:
    now = _now()
    return Episode.objects.create(
        child=child, referral_date=referral_date, rules=rules, worker=worker,
        team=team if team is not None else (worker.team if worker else None),
        closed_on=closed_on, closure_reason="RC8" if closed_on else "",
        created_at=now, updated_at=now)


def assessment(ep: Episode, kind: str, started_on: dt.date,
               completed_on: dt.date | None = None) -> Assessment:
    now = _now()
    return Assessment.objects.create(episode=ep, kind=kind, started_on=started_on,
                                     completed_on=completed_on, created_at=now, updated_at=now)


def strategy(ep: Episode, held_on: dt.date, *, section47: bool = True,
             by: Staff | None = None) -> StrategyDiscussion:
    return StrategyDiscussion.objects.create(
        episode=ep, held_on=held_on, section47=section47, reasons="Reasonable cause to suspect",
        recorded_by=by or StaffFactory(), recorded_at=_now())


def enquiry(ep: Episode, started_by: StrategyDiscussion, *, outcome: str = "",
            completed_on: dt.date | None = None) -> Section47:
    now = _now()
    return Section47.objects.create(episode=ep, strategy=started_by,
                                    started_on=started_by.held_on, outcome=outcome,
                                    completed_on=completed_on, created_at=now, updated_at=now)


def conference(ep: Episode, kind: str = "initial", *, held_on: dt.date | None = None,
               scheduled_for: dt.date | None = None, chair: Staff | None = None,
               plan: Plan | None = None, first_core_group_on: dt.date | None = None,
               decision: str = "", status: str | None = None) -> Conference:
    now = _now()
    day = scheduled_for or held_on or D(2026, 1, 5)
    return Conference.objects.create(
        episode=ep, kind=kind, plan=plan, scheduled_for=_at(day), chair=chair,
        status=status or (ConferenceStatus.CLOSED if held_on else ConferenceStatus.SCHEDULED),
        held_on=held_on, decision=decision, first_core_group_on=first_core_group_on,
        created_at=now, updated_at=now)


def plan(ep: Episode, started_on: dt.date, *, conference: Conference | None = None,
         key_worker: Staff | None = None, kind: str = "cp", ended_on: dt.date | None = None,
         visit_interval: int | None = None) -> Plan:
    now = _now()
    return Plan.objects.create(episode=ep, kind=kind, conference=conference, category="NEG",
                               started_on=started_on, ended_on=ended_on, key_worker=key_worker,
                               visit_interval_working_days=visit_interval,
                               created_at=now, updated_at=now)


def core_group(p: Plan, held_on: dt.date, *, by: Staff | None = None) -> CoreGroupMeeting:
    return CoreGroupMeeting.objects.create(plan=p, held_on=held_on,
                                           recorded_by=by or StaffFactory(), recorded_at=_now())


def visit(ep: Episode, visited_on: dt.date, *, p: Plan | None = None, seen: bool = True,
          by: Staff | None = None) -> Visit:
    return Visit.objects.create(episode=ep, plan=p, visited_on=visited_on, child_seen=seen,
                                seen_alone=seen, not_seen_reason="" if seen else "Not in",
                                recorded_by=by or StaffFactory(), recorded_at=_now())


def on_plan(child: Person, worker: Staff, *, icpc_on: dt.date, strategy_on: dt.date | None = None,
            first_core_group_on: dt.date | None = None) -> tuple[Episode, Conference, Plan]:
    """An episode through strategy discussion and initial conference to a plan."""
    ep = episode(child, referral_date=(strategy_on or icpc_on) - dt.timedelta(days=7),
                 worker=worker)
    talk = strategy(ep, strategy_on or icpc_on - dt.timedelta(days=14), by=worker)
    enquiry(ep, talk, outcome="substantiated_conference", completed_on=icpc_on)
    icpc = conference(ep, held_on=icpc_on, decision="plan",
                      first_core_group_on=first_core_group_on)
    return ep, icpc, plan(ep, icpc_on, conference=icpc, key_worker=worker)
