"""A child protection plan from the initial conference to its end: key worker, core
group, actions with progress, core group meetings, statutory visits and reviews.

A plan ends at the review nearest the length drawn for it. Lengths are log-normal with
a median of about nine months, spread so that about 5.8% of plans last two years or
more (DOMAIN.md §5, NI 64).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from everychild.casework.models import ActionStatus, ChangeKind, ConferenceKind
from everychild.core.calendar import working_days_between

from . import case_text as T
from .case_context import NO_CLOSURES, Stop, due, wd
from .case_plan import ActionSpec, ConferenceSpec, MeetingSpec, MemberSpec, PlanSpec, VisitSpec
from .conferences import at, conference, hold, initial_conference

if TYPE_CHECKING:
    from .pathway import Pathway

__all__ = ["initial_conference", "run_plan", "visits"]

CATEGORIES = (("NEG", 50), ("EMO", 35), ("PHY", 7), ("SAB", 4), ("MUL", 4))
PLAN_MEDIAN_DAYS = 270
# 5.8% beyond two years (z = 1.572).
PLAN_SIGMA = math.log(730 / PLAN_MEDIAN_DAYS) / 1.572
FIRST_CORE_GROUP_IN_TIME = 0.9
CORE_GROUP_IN_TIME = 0.85
REVIEW_IN_TIME = 0.93
RECONVENE = 0.04
VISIT_IN_TIME = 0.88
CHILD_SEEN = 0.95
OPEN_ENDED = dt.date(9000, 1, 1)


def seen_alone_chance(age: float) -> float:
    # Babies are not "seen alone"; most school-age children are.
    return 0.0 if age < 1 else 0.5 if age < 5 else 0.8


def members(p: Pathway, start: dt.date) -> list[MemberSpec]:
    staff, fam, child = p.staff, p.fam, p.child
    out = [MemberSpec(staff.name(p.worker), "Key worker (social worker)", start,
                      agency=staff.a.csc, staff=p.worker)]
    for carer in fam.carers:
        out.append(MemberSpec(fam.full_name(carer), "Parent", start, person=carer))
    school = fam.partner(child, start, "school")
    dsl = staff.one_of(p.c, school.agency) if school is not None else None
    if school is not None and dsl is not None:
        out.append(MemberSpec(dsl.name, dsl.job_title, start, agency=school.agency,
                              staff=dsl.pk))
    visitor = fam.partner(child, start, "health_visitor")
    if visitor is not None and visitor.staff is not None and fam.age(child, start) < 5:
        out.append(MemberSpec(staff.name(visitor.staff), "Health visitor", start,
                              agency=visitor.agency, staff=visitor.staff))
    else:
        gp = fam.partner(child, start, "gp")
        lead = staff.one_of(p.c, gp.agency) if gp is not None else None
        if gp is not None and lead is not None:
            out.append(MemberSpec(lead.name, lead.job_title, start, agency=gp.agency,
                                  staff=lead.pk))
    if p.ep.police is not None:
        officer = p.ep.police[0]
        out.append(MemberSpec(staff.name(officer), "Police", start, agency=staff.a.police,
                              staff=officer))
    return out


def _owner(p: Pathway, plan: PlanSpec, kind: str) -> tuple[int | None, int | None, str]:
    """(agency, staff, name) who owns an action of this kind."""
    a = p.staff.a
    by_agency = {m.agency: m for m in plan.members if m.staff is not None}
    if kind == "family":
        return None, None, p.fam.full_name(p.fam.carers[0])
    if kind == "social_worker":
        return a.csc, p.worker, p.staff.name(p.worker)
    if kind == "housing":
        return a.housing, None, "Housing Options"
    for m in by_agency.values():
        wanted = {"school": "safeguarding lead", "health": "Health visitor", "gp": "GP",
                  "police": "Police"}.get(kind, "")
        if wanted and wanted.lower() in m.role.lower():
            return m.agency, m.staff, m.name
    return a.csc, p.worker, p.staff.name(p.worker)


def actions(p: Pathway, plan: PlanSpec, limit: dt.date) -> None:
    r, c = p.r, p.c
    chosen = r.sample(range(len(T.ACTIONS)), r.randint(3, 5))
    for i in chosen:
        description, outcome, kind = T.ACTIONS[i]
        agency, staff, name = _owner(p, plan, kind)
        created = plan.started_on
        action = ActionSpec(p.text(description), p.text(outcome), name,
                            wd(created, r.randint(15, 90)), created, agency, staff)
        ended = plan.ended_on is not None
        if action.due_on <= limit:
            roll = r.random()
            if roll < 0.72:
                action.status = ActionStatus.DONE
                action.completed_on = max(wd(created, 1), wd(action.due_on, -r.randint(0, 8))
                                          if r.random() < 0.8 else
                                          min(limit, wd(action.due_on, r.randint(1, 10))))
            elif roll < 0.82 or ended:
                action.status = ActionStatus.DROPPED
        elif ended:
            action.status = ActionStatus.DROPPED
        last = min(action.completed_on or limit, limit)
        span = (last - created).days
        writer = staff or p.worker
        for _ in range(c.randint(0, 3) if span > 7 else 0):
            day = created + dt.timedelta(days=c.randint(1, span))
            action.progress.append((p.text(T.PROGRESS), writer, _at(p, day)))
        action.progress.sort(key=lambda n: n[2])
        plan.actions.append(action)


def _at(p: Pathway, day: dt.date) -> dt.datetime:
    return at(p, day)


def visits(p: Pathway, plan: PlanSpec, limit: dt.date, interval: int) -> None:
    """Statutory visits from the start of the plan to `limit` (exclusive when the plan
    has ended on it)."""
    r, c, fam = p.r, p.c, p.fam
    last = plan.started_on
    while True:
        gap = r.randint(max(1, interval - 5), interval) if r.random() < VISIT_IN_TIME \
            else interval + r.randint(1, 6)
        day = wd(last, gap)
        if day > limit or (plan.ended_on is not None and day >= plan.ended_on):
            return
        seen = c.random() < CHILD_SEEN
        alone = seen and c.random() < seen_alone_chance(fam.age(p.child, day))
        p.ep.visits.append(VisitSpec(
            day, seen, alone, plan.key_worker or p.worker, plan,
            not_seen_reason="" if seen else p.text(T.NOT_SEEN),
            note=p.text(T.VISIT_NOTES) if c.random() < 0.4 else ""))
        last = day


def core_groups(p: Pathway, plan: PlanSpec, first: dt.date, limit: dt.date) -> None:
    r = p.r
    day = first
    interval = p.core_group_interval
    while day <= limit and (plan.ended_on is None or day < plan.ended_on):
        present = [f"{m.name} ({m.role})" for m in plan.members if p.c.random() < 0.85]
        working = r.random() > 0.06
        plan.meetings.append(MeetingSpec(day, present, p.text(T.CORE_GROUP_NOTES), working,
                                         plan.key_worker or p.worker))
        gap = r.randint(interval - 5, interval) if r.random() < CORE_GROUP_IN_TIME \
            else interval + r.randint(1, 8)
        day = wd(day, gap)


def run_plan(p: Pathway, icpc: ConferenceSpec) -> dt.date:
    """The plan the initial conference made; returns the day it ended (or stops at the
    horizon with the plan open)."""
    r, ep = p.r, p.ep
    start = icpc.held_on
    assert start is not None
    category = r.choices([k for k, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
    icpc.category = category
    first_group = wd(start, r.randint(4, 10) if r.random() < FIRST_CORE_GROUP_IN_TIME
                     else r.randint(11, 18))
    icpc.first_core_group_on = first_group
    icpc.next_review_on = due(ep.rules, "first_review", start)
    plan = PlanSpec("cp", start, p.worker, conference=icpc, category=category,
                    outcomes="\n".join(p.text(o) for o in r.sample(T.OUTCOMES, 2)))
    ep.plans.append(plan)
    plan.members = members(p, start)
    p.change(ChangeKind.PLAN_STARTED, start)
    length = OPEN_ENDED if p.g.force == "cp" else start + dt.timedelta(
        days=round(r.lognormvariate(math.log(PLAN_MEDIAN_DAYS), PLAN_SIGMA)))

    previous, rule, end = start, "first_review", None
    while True:
        deadline = due(ep.rules, rule, previous)
        room = working_days_between(previous, deadline, closures=NO_CLOSURES)
        if r.random() < RECONVENE and room > 30:
            day, reconvened = wd(previous, r.randint(15, 30)), True
        elif r.random() < REVIEW_IN_TIME:
            day, reconvened = wd(deadline, -r.randint(0, 10)), False
        else:
            day, reconvened = wd(deadline, r.randint(1, 12)), False
        late = day > deadline
        if day > p.h:
            if wd(day, -10) <= p.h and p.g.horizon >= p.h:
                review = conference(p, ConferenceKind.REVIEW, day, wd(day, -10), plan=plan,
                                    reconvened=reconvened)
                review.created_at = min(review.created_at or review.scheduled_for,
                                        _at(p, p.h))
            break
        review = conference(p, ConferenceKind.REVIEW, day, wd(day, -10), plan=plan,
                            reconvened=reconvened)
        if late:
            review.late_reason = p.text(T.CONFERENCE_LATE)
        ending = not reconvened and length <= day + dt.timedelta(days=91)
        hold(p, review, day, "end_plan" if ending else "continue",
             p.text(T.REVIEW_END if ending else T.REVIEW_CONTINUE))
        if not ending:
            review.next_review_on = due(ep.rules, "later_review", day)
        if ending:
            end = day
            break
        previous, rule = day, "later_review"

    limit = end if end is not None else p.h
    if end is not None:
        plan.ended_on, plan.end_reason = end, p.text(T.REVIEW_END)
        plan.version = 3
        for m in plan.members:
            m.left_on = end
    core_groups(p, plan, first_group, limit)
    visits(p, plan, limit, p.visit_interval)
    actions(p, plan, limit)
    p.life_events(start, limit - dt.timedelta(days=1))
    if end is None:
        raise Stop
    p.change(ChangeKind.PLAN_ENDED, end)
    return end
