"""Escalation: telling a manager, once, when something on a child's case goes overdue.

`escalate_overdue` is run every few minutes (`everychild oversight escalate --loop`). It
computes every open episode's due items from the records, and for each overdue item not
escalated before it records an `Escalation` and queues one e-mail to each manager of the
episode's team (or, when the team has none, of the allocated worker's agency) who may
read the child's casework, in one transaction per batch of episodes. The unique
`item_key` makes a second run, or two runs at once, send nothing more. A repeating item
(a visit, a core group) gets a new key each time it is done, so the next time it is
missed is escalated afresh. An item with no manager to tell is not recorded, so it is
escalated as soon as someone can be told.

The e-mail names no child: it says what is overdue and links to the manager's overdue
page, which they open under their own permissions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import may_see_sealed
from everychild.agencies.models import Staff
from everychild.casework.models import Episode
from everychild.casework.selectors.facts import due_items_for
from everychild.casework.timescales import DueItem, Standing
from everychild.core import clock
from everychild.outbox.services import message_enqueue
from everychild.people.relationships import relationships_to_many

from .models import Escalation

MANAGER_ROLE = "team_manager"
RECORD_ACTION = "casework.view"
BATCH = 500


@dataclass
class EscalationRun:
    escalated: int = 0  # items newly escalated
    emails: int = 0  # e-mails queued
    without_manager: int = 0  # overdue items with no manager to tell (left for next time)


def escalate_overdue(*, now: dt.datetime | None = None, batch: int = BATCH) -> EscalationRun:
    """Escalate every overdue open item of every open episode that has not been already."""
    now = now or clock.now()
    today = timezone.localdate(now)
    run = EscalationRun()
    ids = list(Episode.objects.filter(closed_on__isnull=True).order_by("pk")
               .values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        episodes = list(Episode.objects.filter(pk__in=ids[start:start + batch],
                                               closed_on__isnull=True)
                        .select_related("child", "worker").order_by("pk"))
        _escalate_batch(episodes, today, now, run)
    return run


def _escalate_batch(episodes: list[Episode], today: dt.date, now: dt.datetime,
                    run: EscalationRun) -> None:
    items = due_items_for(episodes, today)
    overdue = {e.pk: [i for i in items.get(e.pk, []) if i.is_open
                      and i.standing == Standing.OVERDUE] for e in episodes}
    keys = [i.key for found in overdue.values() for i in found]
    if not keys:
        return
    done = set(Escalation.objects.filter(item_key__in=keys).values_list("item_key", flat=True))
    waiting = [(e, i) for e in episodes for i in overdue[e.pk] if i.key not in done]
    if not waiting:
        return
    managers = _managers_for([e for e, _ in waiting])
    with transaction.atomic():
        for episode, item in waiting:
            told = managers.get(episode.pk, [])
            if not told:
                run.without_manager += 1
                continue
            escalation, created = Escalation.objects.get_or_create(item_key=item.key, defaults={
                "episode": episode, "what": item.what[:200], "due_on": item.due_on,
                "manager": told[0], "escalated_at": now})
            if not created:
                continue  # another run got there first
            run.escalated += 1
            for manager in told:
                _notify(manager, episode, item, escalation)
                run.emails += 1
            audit_record(actor=None, action="escalation.raise", target_type="person",
                         target_id=episode.child.ref,
                         detail={"item": item.key, "due_on": item.due_on.isoformat(),
                                 "managers": [m.pk for m in told]})


def _managers_for(episodes: Iterable[Episode]) -> dict[int, list[Staff]]:
    """Each episode's managers: the team managers of its team, or failing that of the
    allocated worker's agency; only those who may read the child's casework (so never,
    without the sealed grant, about a sealed child). A few queries for the whole batch."""
    episodes = list(episodes)
    team_ids = {e.team_id for e in episodes if e.team_id}
    agency_ids = {e.worker.agency_id for e in episodes if e.worker}
    by_team: dict[int, list[Staff]] = defaultdict(list)
    by_agency: dict[int, list[Staff]] = defaultdict(list)
    for staff in Staff.objects.filter(Q(team_id__in=team_ids) | Q(agency_id__in=agency_ids),
                                      role=MANAGER_ROLE, is_active=True).order_by("pk"):
        if staff.team_id in team_ids:
            by_team[staff.team_id].append(staff)
        by_agency[staff.agency_id].append(staff)
    wanted: dict[int, list[Staff]] = {}
    for e in episodes:
        managers = by_team.get(e.team_id, []) if e.team_id else []
        if not managers and e.worker is not None:
            managers = by_agency.get(e.worker.agency_id, [])
        wanted[e.pk] = [m for m in managers if m.email]
    children = {e.child_id: e.child for e in episodes}
    readable: dict[int, set[int]] = {}  # manager -> children they may read
    for manager in {m.pk: m for found in wanted.values() for m in found}.values():
        shown = [c for c in children.values() if may_see_sealed(manager) or not c.sealed]
        relationships = relationships_to_many(manager, shown) if shown else {}
        readable[manager.pk] = {c.pk for c in shown if policy.allows(
            manager.role, RECORD_ACTION, relationships=relationships[c.pk])}
    return {e.pk: [m for m in wanted[e.pk] if e.child_id in readable[m.pk]]
            for e in episodes}


def _notify(manager: Staff, episode: Episode, item: DueItem, escalation: Escalation) -> None:
    link = settings.EVERYCHILD_SITE_URL.rstrip("/") + reverse("oversight:overdue")
    worker = episode.worker
    held_by = (f"The allocated worker is {worker.get_full_name() or worker.username}."
               if worker else "No social worker is allocated.")
    message_enqueue(
        to=manager.email,
        subject=f"Everychild: overdue for a child in your team: {item.what}",
        body=(f"{item.what} for a child in your team was due on "
              f"{item.due_on.day} {item.due_on:%B %Y} and is overdue. {held_by}\n\n"
              f"Sign in to Everychild to see your team's overdue work: {link}\n\n"
              "This message contains no personal details; the record does."),
        key=f"escalation:{escalation.pk}:{manager.pk}",
        about_type="person", about_ref=str(episode.child.ref))
