"""The case's panel on a child's record page: a link to the case for those who may read
it, and, while a case is open, the way for partner agencies to report a change of
circumstances. Registered with the people app in apps.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.template.loader import render_to_string

from everychild.access import policy
from everychild.people.models import PersonKind

from .selectors.pathway import open_episode_of

if TYPE_CHECKING:
    from everychild.people.selectors import PersonRecord


def case_panel(request: HttpRequest, record: PersonRecord) -> str:
    """Nothing for adults, for readers who may neither read the case nor report a change,
    or for a record opened by break-glass (which opens only the record itself)."""
    if record.person.kind != PersonKind.CHILD or record.access.via == "break_glass":
        return ""
    role, rels = getattr(request.user, "role", ""), record.access.relationships
    reads = policy.allows(role, "casework.view", relationships=rels)
    reports = policy.allows(role, "circumstance.record", relationships=rels)
    episode = open_episode_of(record.person) if reads or reports else None
    if not reads and episode is None:
        return ""
    return render_to_string("casework/_case_panel.html", {
        "child": record.person, "episode": episode, "reads": reads,
        "reports": reports and episode is not None,
        "opens": policy.allows(role, "casework.allocate", relationships=rels),
    }, request=request)
