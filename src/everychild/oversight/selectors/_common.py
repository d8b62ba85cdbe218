"""What every worklist shares: finding open episodes, keeping only the children the user
may see, and turning due items into rows a person can act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q

from everychild.access import policy
from everychild.access.audit import audit_list_read
from everychild.access.records import StaffLike, may_see_sealed
from everychild.agencies.models import Staff
from everychild.casework.models import Episode
from everychild.casework.selectors.facts import due_items_for
from everychild.casework.timescales import DueItem, Standing
from everychild.people.models import Person
from everychild.people.relationships import relationships_to_many

# Reading a worklist opens no record, but each row names a child: a row is shown only if
# the user could open that child's casework.
RECORD_ACTION = "casework.view"
STANDING_ORDER = {Standing.OVERDUE: 0, Standing.DUE_SOON: 1, Standing.ON_TRACK: 2}
AT_RISK = frozenset({Standing.OVERDUE, Standing.DUE_SOON})


@dataclass(frozen=True)
class WorkItem:
    """One thing due for one child, as a worklist shows it."""

    item: DueItem
    child_ref: UUID
    child_name: str
    worker_id: int | None
    worker_name: str  # "" when no worker is allocated
    why: str = ""  # on "mine": allocated worker, key worker or conference chair

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def what(self) -> str:
        return self.item.what

    @property
    def due_on(self) -> dt.date:
        return self.item.due_on

    @property
    def standing(self) -> str:
        return self.item.standing.value

    @property
    def working_days_left(self) -> int | None:
        return self.item.working_days_left


@dataclass(frozen=True)
class Case:
    """An open episode the user may see, with its due items (met, missed and running)."""

    episode: Episode
    items: list[DueItem]

    @property
    def child(self) -> Person:
        return self.episode.child

    @property
    def worker_name(self) -> str:
        worker = self.episode.worker
        return (worker.get_full_name() or worker.username) if worker else ""


# What a worklist reads of an episode and its child: no more (a team has hundreds).
EPISODE_FIELDS = ("ref", "child_id", "referral_date", "rules", "team_id", "worker_id",
                  "closed_on", "child__ref", "child__kind", "child__given_name",
                  "child__middle_names", "child__family_name", "child__sealed",
                  "child__merged_into_id")


def open_episodes(condition: Q) -> list[Episode]:
    episodes = list(Episode.objects.filter(condition, closed_on__isnull=True)
                    .select_related("child").only(*EPISODE_FIELDS).order_by("pk"))
    # Hundreds of episodes have a handful of workers: each is read once, not once an
    # episode (that made a third of a team worklist's time).
    workers = Staff.objects.in_bulk({e.worker_id for e in episodes if e.worker_id})
    for episode in episodes:
        if episode.worker_id is not None:
            episode.worker = workers[episode.worker_id]
    return episodes


def visible(actor: StaffLike, episodes: Iterable[Episode]) -> list[Episode]:
    """The episodes whose child the actor may see: never a sealed child for a role
    without the sealed grant, and only children whose casework the policy lets them
    read (their relationships found in a couple of queries for the whole list)."""
    sees_sealed = may_see_sealed(actor)
    shown = [e for e in episodes if sees_sealed or not e.child.sealed]
    if policy.policy().scope(actor.role, RECORD_ACTION) == policy.Scope.ALL:
        return shown  # the role reads every child's casework: no relationships to find
    children = list({e.child_id: e.child for e in shown}.values())
    relationships = relationships_to_many(actor, children) if children else {}
    return [e for e in shown if policy.allows(actor.role, RECORD_ACTION,
                                              relationships=relationships[e.child_id])]


def cases(episodes: list[Episode], today: dt.date) -> list[Case]:
    items = due_items_for(episodes, today)
    return [Case(e, items.get(e.pk, [])) for e in episodes]


def work_item(case: Case, item: DueItem, why: str = "") -> WorkItem:
    episode = case.episode
    return WorkItem(item=item, child_ref=case.child.ref, child_name=case.child.full_name,
                    worker_id=episode.worker_id, worker_name=case.worker_name, why=why)


def in_order(items: Iterable[WorkItem]) -> list[WorkItem]:
    """Overdue first, then due soon, then on track; soonest due first within each."""
    return sorted(items, key=lambda w: (STANDING_ORDER.get(w.item.standing, 3), w.due_on,
                                        w.child_name, w.key))


def audit_list(actor: StaffLike, action: str, which: str, read: list[Case],
               shown: Iterable[UUID]) -> None:
    """Record a reading of a list: how many cases were read and, in the order shown, the
    refs of the children it named (so "who has looked at this child?" can be answered).

    A sealed child (only on the lists of users with the sealed grant) is not named in
    the list, which the audit log cannot hide from readers without the grant; each gets
    an entry of its own about them instead, which it hides like any about a sealed record.
    """
    sealed = {case.child.ref for case in read if case.child.sealed}
    audit_list_read(actor=actor, action=action,
                    detail={"worklist": which, "children": len(read)},
                    people=((ref, ref in sealed) for ref in shown),
                    sealed_detail={"worklist": which})
