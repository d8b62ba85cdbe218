"""Reads for oversight: worklists, drift and the escalations sent, scoped by the policy
(worklist.own, worklist.team) and by the user's access to each child's casework."""

from ._common import Case, WorkItem
from .drift import (
    DriftItem,
    DriftKind,
    EscalationRow,
    TeamOversight,
    drift_for_team,
    team_oversight,
)
from .worklists import worklist_mine, worklist_overdue, worklist_team

__all__ = ["Case", "DriftItem", "DriftKind", "EscalationRow", "TeamOversight", "WorkItem",
           "drift_for_team", "team_oversight", "worklist_mine", "worklist_overdue",
           "worklist_team"]
