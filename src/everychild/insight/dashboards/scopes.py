"""Whose figures a user may see: the authority, a team, a worker.

Everyone who may see the indicators (`insight.view`) sees their own work and their
team's, if they work in children's social care (where casework is held). Those who
oversee the service (`insight.authority`) also see the whole authority and every team
that holds cases; a manager (`insight.workers`) also sees each worker in their team.
A scope is written in addresses as "authority", "team-12" or "worker-34".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from everychild.access import policy
from everychild.access.records import StaffLike, check_action
from everychild.agencies.models import AgencyKind, Staff, Team
from everychild.casework.models import Episode
from everychild.core.errors import AccessDenied, ValidationFailed

from ..indicators.compute import AUTHORITY, TEAM, WHOLE_AUTHORITY, WORKER, Scope

VIEW, AUTHORITY_WIDE, WORKERS = "insight.view", "insight.authority", "insight.workers"


@dataclass(frozen=True)
class Choice:
    scope: Scope
    label: str

    @property
    def key(self) -> str:
        return scope_key(self.scope)


def scope_key(scope: Scope) -> str:
    return scope.level if scope.level == AUTHORITY else f"{scope.level}-{scope.id}"


def parse_scope(text: str) -> Scope:
    text = (text or "").strip()
    if text == AUTHORITY:
        return WHOLE_AUTHORITY
    found = re.fullmatch(r"(team|worker)-(\d{1,12})", text)
    if not found:
        raise ValidationFailed("Choose whose figures to show: the authority, a team or a "
                               "worker")
    return Scope(found[1], int(found[2]))


def _in_social_care(actor: StaffLike) -> bool:
    kind = (Staff.objects.filter(pk=actor.pk).values_list("agency__kind", flat=True).first())
    return kind == AgencyKind.CHILDRENS_SOCIAL_CARE


def _name(staff: Staff) -> str:
    return staff.get_full_name() or staff.username


def choices(actor: StaffLike) -> list[Choice]:
    """The scopes the actor may choose, the broadest first."""
    check_action(actor, VIEW)
    found: list[Choice] = []
    authority = policy.allows(actor.role, AUTHORITY_WIDE)
    own_team = Team.objects.filter(pk=actor.team_id).first() if actor.team_id else None
    social_care = _in_social_care(actor)
    if authority:
        found.append(Choice(WHOLE_AUTHORITY, "The whole authority"))
    if own_team is not None and social_care:
        found.append(Choice(Scope(TEAM, own_team.pk), f"Your team: {own_team.name}"))
    if social_care:
        found.append(Choice(Scope(WORKER, actor.pk), "Your own work"))
    if authority:
        holding = Episode.objects.filter(team__isnull=False).values("team_id").distinct()
        for team in Team.objects.filter(pk__in=holding).order_by("name", "pk"):
            if own_team is None or team.pk != own_team.pk:
                found.append(Choice(Scope(TEAM, team.pk), f"Team: {team.name}"))
    if own_team is not None and policy.allows(actor.role, WORKERS):
        for staff in (Staff.objects.filter(team=own_team, is_active=True)
                      .exclude(pk=actor.pk).order_by("last_name", "first_name", "pk")):
            found.append(Choice(Scope(WORKER, staff.pk), f"Worker: {_name(staff)}"))
    return found


def check_scope(actor: StaffLike, scope: Scope) -> str:
    """Allow the actor to see the scope's figures, or raise AccessDenied; returns its
    label. A team or worker that does not exist is refused the same way, so the answer
    says nothing about who works here."""
    check_action(actor, VIEW)
    authority = policy.allows(actor.role, AUTHORITY_WIDE)
    if scope.level == AUTHORITY:
        if authority:
            return "The whole authority"
    elif scope.level == TEAM:
        team = Team.objects.filter(pk=int(scope.id or 0)).first()
        if team is not None and (authority or (team.pk == actor.team_id
                                               and _in_social_care(actor))):
            return team.name
    else:
        staff = Staff.objects.filter(pk=int(scope.id or 0)).first()
        if staff is not None:
            if staff.pk == actor.pk and _in_social_care(actor):
                return f"{_name(staff)} (your own work)"
            if (policy.allows(actor.role, WORKERS) and actor.team_id is not None
                    and staff.team_id == actor.team_id):
                return _name(staff)
    raise AccessDenied("You may not see these figures")


def default_scope(actor: StaffLike) -> Scope:
    """The broadest scope the actor may see (refused if they may see none)."""
    found = choices(actor)
    if not found:
        raise AccessDenied("There are no figures you may see")
    return found[0].scope
