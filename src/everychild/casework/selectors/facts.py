"""Deadlines for many episodes at once: the records read in bulk, the engine run on them.

This is the one place the rest of Everychild gets due dates from (the child's page,
worklists, escalation, the API, the census): `due_items_for(episodes)`. It reads each
kind of record once for the whole batch (seven queries per 500 episodes, whatever their
history, as plain values rather than model objects), builds the `EpisodeFacts` the
timescale engine takes, and evaluates the rules with the authority's closure days and
local frequencies.

No access check here: callers (worklists, the case page, the services) have already
decided the actor may see or act on the children.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from django.conf import settings as django_settings
from django.db.models import Max

from everychild.core import clock
from everychild.core.closures import closure_days
from everychild.core.querying import among

from ..models import (
    Assessment,
    Conference,
    ConferenceStatus,
    CoreGroupMeeting,
    Episode,
    Plan,
    PlanKind,
    Section47,
    Section47Outcome,
    StrategyDiscussion,
    Visit,
)
from ..timescales.engine import (
    AssessmentFacts,
    ConferenceFacts,
    DueItem,
    EpisodeFacts,
    PlanFacts,
    Settings,
    StrategyFacts,
    due_items,
)

# Ids per query: well inside SQLite's limit on bound parameters on every build.
CHUNK = 500
# Local frequencies the rule tables let the authority set (see timescales.rules).
LOCAL_SETTINGS = ("EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS",
                  "EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS")
NO_CONFERENCE = frozenset({Section47Outcome.NOT_SUBSTANTIATED,
                           Section47Outcome.SUBSTANTIATED_NOT_AT_RISK})

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def local_settings() -> Settings:
    """The authority's local frequencies (working days), from Django's settings."""
    return Settings({name: int(getattr(django_settings, name)) for name in LOCAL_SETTINGS
                     if getattr(django_settings, name, None)})


def episode_facts(episodes: Iterable[Episode]) -> dict[int, EpisodeFacts]:
    """The dates the timescale engine needs, for each episode, read in bulk."""
    episodes = list(episodes)
    found: dict[int, EpisodeFacts] = {}
    for chunk in _chunks(episodes):
        found.update(_facts_for_chunk(chunk))
    return found


def facts_of(episode: Episode) -> EpisodeFacts:
    """One episode as the engine sees it."""
    return episode_facts([episode])[episode.pk]


def _facts_for_chunk(episodes: Sequence[Episode]) -> dict[int, EpisodeFacts]:
    ids = [e.pk for e in episodes]
    assessments: dict[int, list[AssessmentFacts]] = defaultdict(list)
    for pk, episode_id, kind, started_on, completed_on in (
            Assessment.objects.filter(episode_id__in=among(ids)).order_by("started_on", "pk")
            .values_list("pk", "episode_id", "kind", "started_on", "completed_on")):
        assessments[episode_id].append(AssessmentFacts(pk, kind, started_on, completed_on))

    strategies = _strategies(ids)

    conferences: dict[int, list[ConferenceFacts]] = defaultdict(list)
    for pk, episode_id, kind, held_on, plan_id, status in (
            Conference.objects.filter(episode_id__in=among(ids)).order_by("scheduled_for", "pk")
            .values_list("pk", "episode_id", "kind", "held_on", "plan_id", "status")):
        conferences[episode_id].append(ConferenceFacts(
            pk, kind, held_on, plan_id, cancelled=status == ConferenceStatus.CANCELLED))

    plans = _plans(ids)
    return {e.pk: EpisodeFacts(
        id=e.pk, rules=e.rules, referral_date=e.referral_date, closed_on=e.closed_on,
        assessments=tuple(assessments[e.pk]), strategy_discussions=tuple(strategies[e.pk]),
        conferences=tuple(conferences[e.pk]), plans=tuple(plans[e.pk]),
    ) for e in episodes}


def _strategies(ids: Sequence[int]) -> dict[int, list[StrategyFacts]]:
    """Strategy discussions, each marked when the enquiry it began (or, having begun none,
    the one under way that it continued) concluded that no conference is needed."""
    enquiries: dict[int, list[tuple[dt.date, dt.date | None, int, str]]] = defaultdict(list)
    for episode_id, strategy_id, started_on, completed_on, outcome in (
            Section47.objects.filter(episode_id__in=among(ids)).order_by("started_on", "pk")
            .values_list("episode_id", "strategy_id", "started_on", "completed_on", "outcome")):
        enquiries[episode_id].append((started_on, completed_on, strategy_id, outcome))
    found: dict[int, list[StrategyFacts]] = defaultdict(list)
    for pk, episode_id, held_on, section47 in (
            StrategyDiscussion.objects.filter(episode_id__in=among(ids)).order_by("held_on", "pk")
            .values_list("pk", "episode_id", "held_on", "section47")):
        own = [o for _, _, s, o in enquiries[episode_id] if s == pk]
        under_way = [o for started, completed, _, o in enquiries[episode_id]
                     if started <= held_on and (completed is None or completed >= held_on)]
        outcome = own[-1] if own else (under_way[-1] if under_way else "")
        found[episode_id].append(StrategyFacts(pk, held_on, section47,
                                               no_conference=outcome in NO_CONFERENCE))
    return found


def _plans(ids: Sequence[int]) -> dict[int, list[PlanFacts]]:
    """Plans with their core group dates and the latest visits at which the child was seen
    (an open plan's latest is among them; an ended plan's visits no longer count)."""
    rows = list(Plan.objects.filter(episode_id__in=among(ids)).order_by("started_on", "pk")
                .values_list("pk", "episode_id", "kind", "started_on", "ended_on",
                             "conference_id", "visit_interval_working_days"))
    cp_ids = [r[0] for r in rows if r[2] == PlanKind.CHILD_PROTECTION]
    groups: dict[int, list[dt.date]] = defaultdict(list)
    visits: dict[int, list[tuple[int | None, dt.date]]] = defaultdict(list)
    if cp_ids:
        for plan_id, held_on in (CoreGroupMeeting.objects.filter(plan_id__in=among(cp_ids))
                                 .values_list("plan_id", "held_on")):
            groups[plan_id].append(held_on)
        cp_episodes = sorted({r[1] for r in rows if r[2] == PlanKind.CHILD_PROTECTION})
        # Only the latest visit matters (the next is due from it, and only while the plan
        # is open), so each plan's latest is read, and the episode's latest that names no
        # plan: a plan on a long history would otherwise read hundreds of rows.
        for episode_id, plan_id, visited_on in (
                Visit.objects.filter(episode_id__in=among(cp_episodes), child_seen=True)
                .values("episode_id", "plan_id").annotate(last=Max("visited_on")).order_by()
                .values_list("episode_id", "plan_id", "last")):
            visits[episode_id].append((plan_id, visited_on))
    found: dict[int, list[PlanFacts]] = defaultdict(list)
    for pk, episode_id, kind, started_on, ended_on, conference_id, interval in rows:
        # A visit counts for the plan it names, or for the plan open on the day it was made.
        seen = tuple(sorted(
            day for plan_id, day in visits[episode_id]
            if plan_id == pk or (plan_id is None and started_on <= day
                                 and (ended_on is None or day <= ended_on))))
        found[episode_id].append(PlanFacts(
            id=pk, kind=kind, started_on=started_on, ended_on=ended_on,
            conference_id=conference_id, visit_interval=interval,
            core_groups=tuple(sorted(groups[pk])), visits=seen))
    return found


def due_items_for(episodes: Iterable[Episode], today: dt.date | None = None
                  ) -> dict[int, list[DueItem]]:
    """Each episode's due items (met, missed and running) on `today` (by default, today),
    by episode id, each episode's in due-date order."""
    today = today or clock.today()
    closures, settings = closure_days(), local_settings()
    return {pk: due_items(facts, today, closures=closures, settings=settings)
            for pk, facts in episode_facts(episodes).items()}
