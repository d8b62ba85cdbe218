"""Reads of agencies, teams and staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from everychild.access.records import StaffLike, check_action

from .models import Agency, AgencyKind, Team


@dataclass
class AgencyGroup:
    kind: str
    label: str
    agencies: list[Agency]  # each with .staff_count and .teams (each with .staff_count)


def agency_directory(*, actor: StaffLike) -> list[AgencyGroup]:
    """Active agencies grouped by kind (in the order kinds are listed), with their teams
    and how many active staff each has. Counts only: not a list of who works where."""
    check_action(actor, "agency.view")
    teams = Team.objects.annotate(
        staff_count=Count("members", filter=Q(members__is_active=True))).order_by("name")
    agencies = (Agency.objects.filter(active=True)
                .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
                .prefetch_related(Prefetch("teams", queryset=teams))
                .order_by("name"))
    by_kind: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_kind.setdefault(agency.kind, []).append(agency)
    return [AgencyGroup(kind.value, str(kind.label), by_kind[kind.value])
            for kind in AgencyKind if kind.value in by_kind]
