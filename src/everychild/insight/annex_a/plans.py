"""Lists 6 and 7: children in need, and children on child protection plans.

- List 6: every episode of need open at some time in the period (open on the as-of date,
  or closed within the six months), except one that was only ever a referral (no
  assessment, strategy discussion or plan by the as-of date). Children on child
  protection plans are children in need too, and are listed with that status.
- List 7: every child protection plan in force on the as-of date or ended in the period.
  The initial category is the one the initial conference set; the latest is the one the
  last review by the as-of date set (or the initial, with no review since).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Max, Q

from everychild.casework.models import (
    Assessment,
    Conference,
    ConferenceKind,
    Episode,
    Plan,
    PlanKind,
    Section47,
    StrategyDiscussion,
    Visit,
)

from . import codes
from .common import (
    Period,
    Record,
    Row,
    allocation_cells,
    allocation_values,
    child_cells,
    person_values,
)


def _open_on(day: dt.date, started: dt.date | None, ended: dt.date | None) -> bool:
    return started is not None and started <= day and (ended is None or ended > day)


class _EpisodeWork:
    """What was under way in each listed episode, read in one query per kind of record."""

    def __init__(self, period: Period) -> None:
        scope = Q(episode__referral_date__lte=period.as_of) & (
            Q(episode__closed_on__isnull=True) | Q(episode__closed_on__gte=period.start))
        day = period.as_of
        self.assessments = self._by_episode(
            Assessment.objects.filter(scope, started_on__lte=day)
            .values("episode_id", "started_on", "authorised_on", "child_seen_on"))
        self.strategies = set(StrategyDiscussion.objects.filter(scope, held_on__lte=day)
                              .values_list("episode_id", flat=True))
        self.enquiries = self._by_episode(
            Section47.objects.filter(scope, started_on__lte=day)
            .values("episode_id", "started_on", "completed_on"))
        self.plans = self._by_episode(
            Plan.objects.filter(scope, started_on__lte=day)
            .values("episode_id", "kind", "started_on", "ended_on"))
        self.last_visit = dict(Visit.objects.filter(scope, child_seen=True, visited_on__lte=day)
                               .values("episode_id").annotate(last=Max("visited_on"))
                               .values_list("episode_id", "last"))

    @staticmethod
    def _by_episode(rows: Any) -> dict[int, list[Record]]:
        out: dict[int, list[Record]] = defaultdict(list)
        for r in rows:
            out[r["episode_id"]].append(r)
        return out

    def any_work(self, episode: int) -> bool:
        return bool(self.assessments.get(episode) or episode in self.strategies
                    or self.plans.get(episode))

    def last_seen(self, episode: int, day: dt.date) -> dt.date | None:
        seen = [a["child_seen_on"] for a in self.assessments.get(episode, ())
                if a["child_seen_on"] is not None and a["child_seen_on"] <= day]
        if episode in self.last_visit:
            seen.append(self.last_visit[episode])
        return max(seen, default=None)

    def status(self, episode: int, closed: dt.date | None, day: dt.date) -> str:
        if closed is not None:
            return codes.CASE_STATUS_CLOSED
        plans = self.plans.get(episode, ())
        for kind, status in ((PlanKind.CHILD_PROTECTION, codes.CASE_STATUS_CP),
                             (PlanKind.CHILD_IN_NEED, codes.CASE_STATUS_CIN)):
            if any(p["kind"] == kind and _open_on(day, p["started_on"], p["ended_on"])
                   for p in plans):
                return status
        if (any(_open_on(day, a["started_on"], a["authorised_on"])
                for a in self.assessments.get(episode, ()))
                or any(_open_on(day, s["started_on"], s["completed_on"])
                       for s in self.enquiries.get(episode, ()))):
            return codes.CASE_STATUS_ASSESSMENT
        # Open with the assessments done and no plan: support continues as a child in need.
        return codes.CASE_STATUS_CIN


def children_in_need(period: Period) -> list[Row]:
    episodes = (Episode.objects
                .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start),
                        referral_date__lte=period.as_of)
                .values("id", "referral_date", "primary_need", "closed_on", "closure_reason",
                        *person_values("child"), *allocation_values())
                .order_by("referral_date", "child_id", "id"))
    work = _EpisodeWork(period)
    rows: list[Row] = []
    for e in episodes:
        if not work.any_work(e["id"]):
            continue
        closed = period.known(e["closed_on"])
        row = child_cells(e, "child", period)
        row.update(cin_start=e["referral_date"],
                   primary_need=codes.label(codes.PRIMARY_NEED, e["primary_need"]),
                   last_seen=work.last_seen(e["id"], period.as_of), closed=closed,
                   closure_reason=(codes.label(codes.CLOSURE_REASON, e["closure_reason"])
                                   if closed else ""),
                   case_status=work.status(e["id"], closed, period.as_of))
        row.update(allocation_cells(e))
        rows.append(row)
    return rows


def child_protection(period: Period) -> list[Row]:
    day = period.as_of
    in_scope = Q(kind=PlanKind.CHILD_PROTECTION, started_on__lte=day) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    plans = list(Plan.objects.filter(in_scope)
                 .values("id", "episode_id", "started_on", "ended_on", "category",
                         "conference__category", *person_values("episode__child"),
                         *allocation_values("episode"))
                 .order_by("started_on", "episode__child_id", "id"))
    reviews: dict[int, list[Record]] = defaultdict(list)
    for r in (Conference.objects
              .filter(kind=ConferenceKind.REVIEW, held_on__isnull=False, held_on__lte=day,
                      plan__kind=PlanKind.CHILD_PROTECTION, plan__started_on__lte=day)
              .filter(Q(plan__ended_on__isnull=True) | Q(plan__ended_on__gte=period.start))
              .values("plan_id", "held_on", "category").order_by("held_on", "id")):
        reviews[r["plan_id"]].append(r)
    visits: dict[int, list[Record]] = defaultdict(list)
    plan_episodes = {p["episode_id"] for p in plans}
    for v in (Visit.objects.filter(visited_on__lte=day,
                                   episode__plans__kind=PlanKind.CHILD_PROTECTION,
                                   episode__plans__started_on__lte=day)
              .values("id", "episode_id", "visited_on", "child_seen", "seen_alone")
              .order_by("visited_on", "id").distinct()):
        if v["episode_id"] in plan_episodes:
            visits[v["episode_id"]].append(v)
    # Every plan each child has had, to count the ones before this.
    starts: dict[int, list[dt.date]] = defaultdict(list)
    for child, started in (Plan.objects
                           .filter(kind=PlanKind.CHILD_PROTECTION, started_on__lte=day)
                           .values_list("episode__child_id", "started_on")):
        starts[child].append(started)
    rows: list[Row] = []
    for p in plans:
        child, ended = p["episode__child__id"], period.known(p["ended_on"])
        initial = p["conference__category"] or p["category"]
        held = reviews.get(p["id"], [])
        latest = next((r["category"] for r in reversed(held) if r["category"]), initial)
        until = ended or day
        last = next((v for v in reversed(visits.get(p["episode_id"], []))
                     if p["started_on"] <= v["visited_on"] <= until), None)
        row = child_cells(p, "episode__child", period)
        row.update(
            plan_start=p["started_on"],
            initial_category=codes.label(codes.CATEGORY, initial),
            latest_category=codes.label(codes.CATEGORY, latest),
            last_visit=last["visited_on"] if last else None,
            seen_alone=(codes.lettered_yes_no(last["child_seen"] and last["seen_alone"])
                        if last else ""),
            last_review=held[-1]["held_on"] if held else None, plan_end=ended,
            # Everychild keeps no record of emergency protection orders or police
            # protection: blank, not "No".
            emergency_protection="",
            previous_plans=sum(1 for s in starts[child] if s < p["started_on"]))
        row.update(allocation_cells(p, "episode"))
        rows.append(row)
    return rows
