"""Worklists: what is due for the user's own children, and for their team.

Everything is computed from the casework records when the list is read (see
`casework.selectors.facts`): nothing is counted up by a job, so a list is never stale.
Each list is read in a fixed number of queries, however many children it holds. Reading
one is audited (who looked, which list, how many children were read and the refs of
those it named), as each row names a child.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from everychild.access.records import StaffLike, check_action
from everychild.casework.models import Conference, ConferenceStatus, Plan, PlanKind
from everychild.core import clock

from ._common import (
    AT_RISK,
    Case,
    WorkItem,
    audit_list,
    cases,
    in_order,
    open_episodes,
    visible,
    work_item,
)

# A chair is on a case for its conferences, not for the rest of the social worker's work.
CONFERENCE_RULES = frozenset({"strategy_to_icpc", "first_review", "later_review"})
WHY_WORKER, WHY_KEY_WORKER, WHY_CHAIR = "Allocated worker", "Key worker", "Conference chair"


# ------------------------------------------------------------------ mine
def worklist_mine(*, actor: StaffLike, today: dt.date | None = None) -> list[WorkItem]:
    """Open items of the episodes the actor works: as allocated worker, as key worker of
    an open child protection plan, or as chair of a conference still to be held (for
    those, the conference deadlines only). Overdue first."""
    check_action(actor, "worklist.own")
    today = today or clock.today()
    key_worker = set(Plan.objects.filter(key_worker_id=actor.pk, ended_on__isnull=True,
                                         kind=PlanKind.CHILD_PROTECTION)
                     .values_list("episode_id", flat=True))
    chairing = set(Conference.objects.filter(chair_id=actor.pk,
                                             status=ConferenceStatus.SCHEDULED)
                   .values_list("episode_id", flat=True))
    episodes = visible(actor, open_episodes(
        Q(worker_id=actor.pk) | Q(pk__in=key_worker) | Q(pk__in=chairing)))
    rows: list[WorkItem] = []
    found = cases(episodes, today)
    for case in found:
        if case.episode.worker_id == actor.pk:
            why = WHY_WORKER
        elif case.episode.pk in key_worker:
            why = WHY_KEY_WORKER
        else:
            why = WHY_CHAIR
        rows += [work_item(case, item, why) for item in case.items if item.is_open
                 and (why != WHY_CHAIR or item.rule in CONFERENCE_RULES)]
    rows = in_order(rows)
    audit_list(actor, "worklist.own", "mine", found, (w.child_ref for w in rows))
    return rows


# ------------------------------------------------------------------ the team
def team_cases(actor: StaffLike, today: dt.date) -> list[Case]:
    """The open episodes of the manager's team that they may see: those held by the team,
    or allocated to a worker in it. A manager in no team has none."""
    if actor.team_id is None:
        return []
    episodes = visible(actor, open_episodes(Q(team_id=actor.team_id)
                                            | Q(worker__team_id=actor.team_id)))
    return cases(episodes, today)


def team_items(found: list[Case]) -> list[WorkItem]:
    return in_order(work_item(case, item) for case in found for item in case.items
                    if item.is_open)


def worklist_team(*, actor: StaffLike, today: dt.date | None = None) -> list[WorkItem]:
    """Every open item of the team's children, with the worker. Overdue first."""
    check_action(actor, "worklist.team")
    found = team_cases(actor, today or clock.today())
    rows = team_items(found)
    audit_list(actor, "worklist.team", "team", found, (w.child_ref for w in rows))
    return rows


def worklist_overdue(*, actor: StaffLike, today: dt.date | None = None) -> list[WorkItem]:
    """The manager's view: the team's items that are overdue or due soon."""
    check_action(actor, "worklist.team")
    found = team_cases(actor, today or clock.today())
    rows = [w for w in team_items(found) if w.item.standing in AT_RISK]
    audit_list(actor, "worklist.team", "overdue", found, (w.child_ref for w in rows))
    return rows
