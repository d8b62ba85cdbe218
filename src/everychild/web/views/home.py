"""The signed-in user's home page: their children and what needs their attention."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from everychild.access import policy
from everychild.people.selectors import people_for_actor


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {
        "title": "Home",
        "nav_active": "home",
        "caseload": people_for_actor(actor=request.user),  # type: ignore[arg-type]
        # Making a referral and following the ones made, for the roles that refer.
        "referring": {action for action in ("referral.create", "referral.track")
                      if policy.allows(request.user.role, action)},  # type: ignore[union-attr]
        # The front door's pages, for the roles that work them.
        "front_door": {action for action in ("referral.triage", "referral.sign_off",
                                             "referral.specialist_review")
                       if policy.allows(request.user.role, action)},  # type: ignore[union-attr]
        # The key indicators, for those who may see them.
        "indicators": policy.allows(request.user.role, "insight.view"),  # type: ignore[union-attr]
        # Worklists: the user's own, and the team's for managers.
        "worklists": {action for action in ("worklist.own", "worklist.team")
                      if policy.allows(request.user.role, action)},  # type: ignore[union-attr]
        # Statutory returns: checking a census.
        "returns": policy.allows(request.user.role, "census.validate"),  # type: ignore[union-attr]
        # A partner agency's conference invitations.
        "invitations": policy.allows(request.user.role,  # type: ignore[union-attr]
                                     "conference.invitations"),
    })
