"""Worklist pages: the user's own (`mine`), their team's (`team`) and the manager's view
of what is overdue or due soon, with drift and the escalations sent (`overdue`).

Each row names a child and links to their casework page, which opens under the user's
own permissions; the lists themselves show only children the user may see.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from everychild.access import policy
from everychild.people.views.support import actor_of, domain_errors, page, require_GET

from . import selectors
from .selectors._common import AT_RISK


def _counts(items: list[selectors.WorkItem]) -> dict[str, int]:
    counts = {"overdue": 0, "due_soon": 0, "on_track": 0}
    for w in items:
        counts[w.standing] = counts.get(w.standing, 0) + 1
    return counts


def _links(request: HttpRequest) -> dict[str, bool]:
    role = actor_of(request).role
    return {"may_see_team": policy.allows(role, "worklist.team"),
            "may_see_own": policy.allows(role, "worklist.own")}


@require_GET
@domain_errors()
def mine(request: HttpRequest) -> HttpResponse:
    items = selectors.worklist_mine(actor=actor_of(request))
    return page(request, "oversight/mine.html", {
        "title": "Your worklist", "nav_active": "worklists", "items": items,
        "counts": _counts(items), **_links(request),
    })


@require_GET
@domain_errors()
def team(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    items = selectors.worklist_team(actor=actor)
    return page(request, "oversight/team.html", {
        "title": "Your team's worklist", "nav_active": "worklists", "items": items,
        "counts": _counts(items), "team": actor.team, **_links(request),
    })


@require_GET
@domain_errors()
def overdue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    oversight = selectors.team_oversight(actor=actor)
    return page(request, "oversight/overdue.html", {
        "title": "Overdue and at-risk work", "nav_active": "worklists",
        "overdue_items": [w for w in oversight.at_risk if w.standing == "overdue"],
        "due_soon_items": [w for w in oversight.at_risk if w.standing != "overdue"
                           and w.item.standing in AT_RISK],
        "drift": oversight.drift, "escalations": oversight.escalations,
        "team": actor.team, **_links(request),
    })
