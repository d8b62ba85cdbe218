"""The demo's casework: the demo social worker takes over the episodes and plans of the
children handed to them, and their open child protection plans are brought up to today
so that each worklist standing shows (on track, due soon, overdue).

The synthetic authority is described at a fixed date, which may be weeks before the demo
is run. `demo_users` runs on the day, so here, for the demo team's open plans only,
visits and core groups carry on from the last one to today at their usual rhythm; for
one child on a plan (the demo's example) the latest visit is arranged so the next is due
within two working days, the core group is a couple of working days overdue, and one
action is due soon while another is overdue. Run again the same day, it changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from everychild.agencies.models import Staff, Team
from everychild.casework.models import (
    ActionStatus,
    Conference,
    ConferenceStatus,
    CoreGroupMeeting,
    CoreGroupMember,
    Episode,
    Plan,
    PlanAction,
    PlanKind,
    Visit,
)
from everychild.core import clock
from everychild.core.calendar import LONDON, add_working_days

from . import case_text as T


def wd(day: dt.date, n: int) -> dt.date:
    return add_working_days(day, n, closures=())


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON).astimezone(dt.UTC)


def open_cp_children(children: list[int]) -> set[int]:
    return set(Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION, ended_on__isnull=True,
                                   episode__closed_on__isnull=True,
                                   episode__child_id__in=children)
               .values_list("episode__child_id", flat=True))


def hand_over(children: list[int], to: Staff, team: Team | None) -> int:
    """The demo social worker takes over the open episodes (and their plans) of the
    children whose allocation was handed to them."""
    episodes = Episode.objects.filter(child_id__in=children, closed_on__isnull=True) \
        .exclude(worker=to)
    previous = dict(episodes.values_list("pk", "worker_id"))
    count = episodes.update(worker=to, team=team, updated_at=clock.now())
    for plan in Plan.objects.filter(episode_id__in=previous, ended_on__isnull=True):
        old = previous[plan.episode_id]
        if plan.key_worker_id == old:
            Plan.objects.filter(pk=plan.pk).update(key_worker=to, updated_at=clock.now())
        CoreGroupMember.objects.filter(plan=plan, staff_id=old, left_on__isnull=True).update(
            staff=to, name=f"{to.first_name} {to.last_name}")
    return count


@dataclass(frozen=True)
class Example:
    child_id: int
    plan: Plan


def example_plan(caseload: list[int]) -> Example | None:
    """The demo's child on a plan: the longest-running open plan in the caseload."""
    plan = (Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION, ended_on__isnull=True,
                                episode__closed_on__isnull=True,
                                episode__child_id__in=caseload)
            .select_related("episode").order_by("started_on", "pk").first())
    return Example(plan.episode.child_id, plan) if plan is not None else None


def bring_forward(team: Team | None, example: Example | None, today: dt.date) -> None:
    """Carry the demo team's open plans on to today; arrange the example's standings."""
    visit_every = settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS
    group_every = settings.EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS
    plans = Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION, ended_on__isnull=True,
                                episode__closed_on__isnull=True, episode__team=team) \
        .select_related("episode", "conference").order_by("pk")
    for plan in plans:
        rng = random.Random(f"demo:{today.isoformat()}:{plan.pk}")
        if example is not None and plan.pk == example.plan.pk:
            continue
        _carry_on(plan, rng, today, visit_every, group_every)
    if example is not None:
        _arrange(example.plan, today, visit_every, group_every)


def _carry_on(plan: Plan, rng: random.Random, today: dt.date, visit_every: int,
              group_every: int) -> None:
    worker = plan.key_worker_id or plan.episode.worker_id
    if worker is None:
        return
    last = Visit.objects.filter(plan=plan).order_by("-visited_on") \
        .values_list("visited_on", flat=True).first() or plan.started_on
    # Fixed steps, so running again the same day adds nothing.
    while (day := wd(last, visit_every - 1)) < today:
        _visit(plan, worker, day, rng)
        last = day
    held = CoreGroupMeeting.objects.filter(plan=plan).order_by("-held_on") \
        .values_list("held_on", flat=True).first()
    if held is None:
        first = plan.conference.first_core_group_on if plan.conference else None
        if first is None or first >= today:
            return
        _meeting(plan, worker, first)
        held = first
    while (day := wd(held, group_every - 2)) < today:
        _meeting(plan, worker, day)
        held = day


def _arrange(plan: Plan, today: dt.date, visit_every: int, group_every: int) -> None:
    """Next visit due within two working days; core group two working days overdue;
    one action due soon, one overdue."""
    worker = plan.key_worker_id or plan.episode.worker_id
    if worker is None:
        return
    start = plan.started_on
    last_visit = max(wd(today, -(visit_every - 1)), wd(start, 1))
    Visit.objects.filter(plan=plan, visited_on__gt=last_visit).delete()
    rng = random.Random(f"demo:{today.isoformat()}:{plan.pk}")
    seen = Visit.objects.filter(plan=plan, child_seen=True).order_by("-visited_on") \
        .values_list("visited_on", flat=True).first() or start
    day = seen
    while (day := wd(day, visit_every - 2)) < last_visit:
        _visit(plan, worker, day, rng)
    if not Visit.objects.filter(plan=plan, visited_on=last_visit, child_seen=True).exists():
        _visit(plan, worker, last_visit, rng, seen=True)
    last_group = max(wd(today, -(group_every + 2)), wd(start, 1))
    CoreGroupMeeting.objects.filter(plan=plan, held_on__gt=last_group).delete()
    held = CoreGroupMeeting.objects.filter(plan=plan).order_by("-held_on") \
        .values_list("held_on", flat=True).first()
    day = held or start
    while held is not None and (day := wd(day, group_every - 2)) < last_group:
        _meeting(plan, worker, day)
    if not CoreGroupMeeting.objects.filter(plan=plan, held_on=last_group).exists():
        _meeting(plan, worker, last_group)
    actions = list(PlanAction.objects.filter(plan=plan).order_by("pk")[:2])
    for action, due_on in zip(actions, (wd(today, 2), wd(today, -3)), strict=False):
        PlanAction.objects.filter(pk=action.pk).update(
            due_on=max(due_on, wd(start, 1)), status=ActionStatus.OPEN, completed_on=None)


def _visit(plan: Plan, worker: int, day: dt.date, rng: random.Random, *,
           seen: bool | None = None) -> None:
    child_seen = rng.random() < 0.95 if seen is None else seen
    Visit.objects.create(
        episode_id=plan.episode_id, plan=plan, visited_on=day, child_seen=child_seen,
        seen_alone=child_seen and rng.random() < 0.7,
        not_seen_reason="" if child_seen else "No answer at the door; visit rearranged.",
        note="", recorded_by_id=worker, recorded_at=_at(day, 16))


def _meeting(plan: Plan, worker: int, day: dt.date) -> None:
    present = [f"{m.name} ({m.role})" for m in CoreGroupMember.objects.filter(
        plan=plan, left_on__isnull=True)]
    CoreGroupMeeting.objects.create(plan=plan, held_on=day, attendees=present,
                                    notes=T.CORE_GROUP_NOTES[0], plan_working=True,
                                    recorded_by_id=worker, recorded_at=_at(day, 15))


def join_core_group(plan: Plan, staff: Staff, role: str) -> None:
    """A demo partner account sits on the example child's core group."""
    if CoreGroupMember.objects.filter(plan=plan, staff=staff, left_on__isnull=True).exists():
        return
    CoreGroupMember.objects.filter(plan=plan, agency=staff.agency, left_on__isnull=True) \
        .exclude(staff__username__endswith=".demo").delete()
    CoreGroupMember.objects.create(plan=plan, agency=staff.agency, staff=staff,
                                   name=f"{staff.first_name} {staff.last_name}", role=role,
                                   joined_on=plan.started_on)


def chair_conferences(chair: Staff, children: list[int], today: dt.date) -> int:
    """The demo chair chairs the conferences of the demo caseload and every conference
    still to be held; those whose date has passed are rearranged for the coming days."""
    mine = Conference.objects.filter(Q(episode__child_id__in=children) | Q(
        status=ConferenceStatus.SCHEDULED))
    mine.update(chair=chair)
    past = Conference.objects.filter(status=ConferenceStatus.SCHEDULED,
                                     scheduled_for__lt=_at(today, 9)).order_by("pk")
    for soon, conf in enumerate(past, start=1):
        day = wd(today, 1 + soon % 5)
        local = conf.scheduled_for.astimezone(LONDON)
        moved = dt.datetime.combine(day, local.time(), tzinfo=LONDON).astimezone(dt.UTC)
        Conference.objects.filter(pk=conf.pk).update(scheduled_for=moved)
    return Conference.objects.filter(chair=chair).count()
