"""List 3: referrals received in the period, counted as the CIN census counts them.

A referral is either
- a child's episode of need whose referral date falls in the period (a referral about a
  child whose case is already open adds to that case, not a new referral); it ended in no
  further action if the case closed, by the as-of date, with nothing done (no assessment
  and no strategy discussion); or
- a child on a referral the front door signed off, by the as-of date, as no further
  action or early help, when the child had no case open that day (and was under 18): a
  referral that ended in no further action.

"Number of Referrals in Last 12 Months" counts the child's referrals, of either kind, in
the 12 months before this one's date (not on it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from everychild.casework.models import Assessment, Episode, StrategyDiscussion
from everychild.core import clock
from everychild.people.models import PersonKind
from everychild.referrals.models import (
    CHILD_ROLES,
    DecisionStatus,
    Outcome,
    ReferralPerson,
    Status,
)

from . import codes
from .common import (
    Period,
    Record,
    Row,
    allocation_cells,
    allocation_values,
    child_cells,
    count_in_year_before,
    dates_by_child,
    midnight,
    months_before,
    person_values,
)

# Front-door decisions that end a referral without a case: no further action by social care.
NFA_OUTCOMES = (Outcome.NFA, Outcome.EARLY_HELP)
ADULT_AT = 18


def _open_spans(period: Period, since: dt.date) -> dict[int, list[tuple[dt.date, Any]]]:
    """Each child's episodes that were open at some time from `since` to the as-of date."""
    spans: dict[int, list[tuple[dt.date, Any]]] = defaultdict(list)
    for child, start, end in (Episode.objects
                              .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=since),
                                      referral_date__lte=period.as_of)
                              .values_list("child_id", "referral_date", "closed_on")):
        spans[child].append((start, end))
    return spans


def _adult_on(born: dt.date | None, day: dt.date) -> bool:
    return born is not None and (day.year - born.year
                                 - ((day.month, day.day) < (born.month, born.day))) >= ADULT_AT


def _front_door_nfa(period: Period, since: dt.date) -> list[tuple[dt.date, Record]]:
    """Children on referrals received from `since` to the as-of date that the front door
    closed with no further action, with the day each was received."""
    first, (_, after) = midnight(since), period.moments()
    entries = (ReferralPerson.objects
               .filter(role__in=CHILD_ROLES, person__isnull=False,
                       person__kind=PersonKind.CHILD, person__merged_into__isnull=True,
                       referral__status=Status.COMPLETE, referral__received_at__gte=first,
                       referral__received_at__lt=after,
                       referral__decisions__status=DecisionStatus.SIGNED_OFF,
                       referral__decisions__outcome__in=NFA_OUTCOMES,
                       referral__decisions__reviewed_at__lt=after)
               .values("referral_id", "referral__received_at", "referral__source",
                       *person_values("person"))
               .order_by("referral__received_at", "referral_id", "person_id"))
    open_spans = _open_spans(period, since)
    found: list[tuple[dt.date, Record]] = []
    seen: set[tuple[int, int]] = set()
    for e in entries:
        child, day = e["person__id"], clock.local_day(e["referral__received_at"])
        if (e["referral_id"], child) in seen or _adult_on(e["person__date_of_birth"], day):
            continue
        seen.add((e["referral_id"], child))
        if any(start <= day and (end is None or day < end)
               for start, end in open_spans.get(child, ())):
            continue  # part of the case already open
        found.append((day, e))
    return found


def referrals(period: Period) -> list[Row]:
    year_back = months_before(period.start, 12)
    episodes = list(Episode.objects
                    .filter(referral_date__gte=year_back, referral_date__lte=period.as_of)
                    .values("id", "referral_date", "closed_on", "referral__source",
                            *person_values("child"), *allocation_values()))
    front_door = _front_door_nfa(period, year_back)
    earlier = dates_by_child([(e["child__id"], e["referral_date"]) for e in episodes]
                             + [(e["person__id"], day) for day, e in front_door])
    # Work done in a case begun in the period, by the as-of date: a case closed without
    # any ended in no further action.
    in_period = {"episode__referral_date__gte": period.start,
                 "episode__referral_date__lte": period.as_of}
    worked = set(Assessment.objects.filter(started_on__lte=period.as_of, **in_period)
                 .values_list("episode_id", flat=True))
    worked.update(StrategyDiscussion.objects.filter(held_on__lte=period.as_of, **in_period)
                  .values_list("episode_id", flat=True))
    ordered: list[tuple[tuple[dt.date, int, int], Row]] = []
    for e in episodes:
        day = e["referral_date"]
        if not period.holds(day):
            continue
        row = child_cells(e, "child", period)
        closed = period.known(e["closed_on"]) is not None
        row.update(referral_date=day, source=codes.label(codes.SOURCE, e["referral__source"]),
                   nfa=codes.yes_no(closed and e["id"] not in worked),
                   previous=count_in_year_before(earlier[e["child__id"]], day))
        row.update(allocation_cells(e))
        ordered.append(((day, e["child__id"], e["id"]), row))
    for day, e in front_door:
        if not period.holds(day):
            continue
        row = child_cells(e, "person", period)
        row.update(referral_date=day, source=codes.label(codes.SOURCE, e["referral__source"]),
                   nfa=codes.YES, previous=count_in_year_before(earlier[e["person__id"]], day))
        ordered.append(((day, e["person__id"], -e["referral_id"]), row))
    ordered.sort(key=lambda pair: pair[0])
    return [row for _, row in ordered]
