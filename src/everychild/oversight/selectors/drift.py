"""Drift: cases where the work has stalled, as inspectors look for it.

- a child protection plan with no core group, or no visit at which the child was seen,
  within its interval;
- an initial conference that was held without setting the first core group's date;
- an assessment still open beyond its timescale;
- an open episode with no allocated social worker.

Found from the same due items as the worklists plus one query for conferences, so a team
of hundreds of cases is checked in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from everychild.access.records import StaffLike, check_action
from everychild.casework.models import (
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
)
from everychild.casework.timescales import Standing
from everychild.core import clock

from ..models import Escalation
from ._common import AT_RISK, Case, WorkItem, audit_list
from .worklists import team_cases, team_items


class DriftKind(StrEnum):
    ASSESSMENT = "assessment"
    CORE_GROUP = "core_group"
    VISIT = "visit"
    CORE_GROUP_DATE = "core_group_date"
    UNALLOCATED = "unallocated"


DRIFT_LABELS = {
    DriftKind.ASSESSMENT: "Assessment open beyond its timescale",
    DriftKind.CORE_GROUP: "No core group within its interval",
    DriftKind.VISIT: "No visit seeing the child within the interval",
    DriftKind.CORE_GROUP_DATE: "Initial conference held with no first core group date",
    DriftKind.UNALLOCATED: "No allocated social worker",
}
DRIFT_ORDER = {kind: n for n, kind in enumerate(DriftKind)}
RULE_DRIFT = {"initial_assessment": DriftKind.ASSESSMENT, "core_assessment": DriftKind.ASSESSMENT,
              "single_assessment": DriftKind.ASSESSMENT,
              "first_core_group": DriftKind.CORE_GROUP, "core_group": DriftKind.CORE_GROUP,
              "visit": DriftKind.VISIT}


@dataclass(frozen=True)
class DriftItem:
    kind: DriftKind
    child_ref: UUID
    child_name: str
    worker_name: str
    detail: str
    # Since when: the missed deadline, the conference date, or the referral.
    since: dt.date

    @property
    def label(self) -> str:
        return DRIFT_LABELS[self.kind]


def _drift(found: list[Case]) -> list[DriftItem]:
    by_episode = {case.episode.pk: case for case in found}
    rows: list[DriftItem] = []

    def add(case: Case, kind: DriftKind, detail: str, since: dt.date) -> None:
        rows.append(DriftItem(kind, case.child.ref, case.child.full_name, case.worker_name,
                              detail, since))

    for case in found:
        for item in case.items:
            kind = RULE_DRIFT.get(item.rule)
            if kind is not None and item.is_open and item.standing == Standing.OVERDUE:
                add(case, kind, f"{item.what}: due {_day(item.due_on)}", item.due_on)
        if case.episode.worker_id is None:
            add(case, DriftKind.UNALLOCATED,
                f"Referral received {_day(case.episode.referral_date)}",
                case.episode.referral_date)
    held = (Conference.objects.filter(episode_id__in=list(by_episode), kind=ConferenceKind.INITIAL,
                                      held_on__isnull=False, first_core_group_on__isnull=True)
            .exclude(status=ConferenceStatus.CANCELLED)
            .exclude(decision=ConferenceDecision.NO_PLAN)
            .values_list("episode_id", "held_on")) if by_episode else []
    for episode_id, held_on in held:
        if held_on is not None:  # the query asked for held conferences only
            add(by_episode[episode_id], DriftKind.CORE_GROUP_DATE,
                f"Conference held {_day(held_on)}", held_on)
    rows.sort(key=lambda d: (DRIFT_ORDER[d.kind], d.since, d.child_name))
    return rows


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def drift_for_team(*, actor: StaffLike, today: dt.date | None = None) -> list[DriftItem]:
    check_action(actor, "worklist.team")
    found = team_cases(actor, today or clock.today())
    rows = _drift(found)
    audit_list(actor, "worklist.team", "drift", found, (d.child_ref for d in rows))
    return rows


@dataclass(frozen=True)
class EscalationRow:
    escalation: Escalation
    child_ref: UUID
    child_name: str
    still_overdue: bool  # False once the item is done (or no longer due)


@dataclass
class TeamOversight:
    """The manager's page: what is overdue or due soon, drift, and escalations sent."""

    at_risk: list[WorkItem]
    drift: list[DriftItem]
    escalations: list[EscalationRow] = field(default_factory=list)
    children: int = 0


ESCALATIONS_SHOWN = 100


def team_oversight(*, actor: StaffLike, today: dt.date | None = None) -> TeamOversight:
    """Everything the manager's overdue page shows, from one reading of the team's cases."""
    check_action(actor, "worklist.team")
    found = team_cases(actor, today or clock.today())
    at_risk = [w for w in team_items(found) if w.item.standing in AT_RISK]
    by_episode = {case.episode.pk: case for case in found}
    overdue = {w.key for w in at_risk if w.item.standing == Standing.OVERDUE}
    escalations = [
        EscalationRow(e, by_episode[e.episode_id].child.ref,
                      by_episode[e.episode_id].child.full_name, e.item_key in overdue)
        for e in (Escalation.objects.filter(episode_id__in=list(by_episode))
                  .select_related("manager").order_by("-escalated_at", "-pk")
                  [:ESCALATIONS_SHOWN] if by_episode else [])
    ]
    drift = _drift(found)
    audit_list(actor, "worklist.team", "overdue", found,
               [*(w.child_ref for w in at_risk), *(d.child_ref for d in drift),
                *(e.child_ref for e in escalations)])
    return TeamOversight(at_risk=at_risk, drift=drift, escalations=escalations,
                         children=len(found))
