"""A user's legitimate relationships to a person's record (see access/policy.toml).

A child's relationships come from open involvements with the child. An adult's come from
their own involvements and from the children they live with or are related to.
"""

from __future__ import annotations

from django.db.models import Q

from everychild.access import policy
from everychild.access.records import StaffLike

from .models import HouseholdMembership, Involvement, Person, PersonKind, Relationship


def linked_child_ids(person: Person) -> set[int]:
    """Children an adult currently lives with or is related to (open links only).

    Sealed children are left out: work with an adopted child must not open the records
    of the birth family it is still linked to.
    """
    households = HouseholdMembership.objects.filter(person=person, ended__isnull=True).values(
        "household_id")
    ids = set(
        HouseholdMembership.objects.filter(
            household_id__in=households, ended__isnull=True, person__kind=PersonKind.CHILD,
            person__sealed=False,
        ).values_list("person_id", flat=True)
    )
    ids |= set(Relationship.objects.filter(person=person, ended__isnull=True,
                                           related__kind=PersonKind.CHILD,
                                           related__sealed=False)
               .values_list("related_id", flat=True))
    ids |= set(Relationship.objects.filter(related=person, ended__isnull=True,
                                           person__kind=PersonKind.CHILD,
                                           person__sealed=False)
               .values_list("person_id", flat=True))
    return ids


def relationships_to_people(actor: StaffLike, person_ids: set[int]) -> frozenset[str]:
    """The relationships the actor has through open involvements with any of these people."""
    if not person_ids:
        return frozenset()
    open_involvements = Involvement.objects.filter(person_id__in=person_ids, ended__isnull=True)
    found: set[str] = set()
    if open_involvements.filter(staff_id=actor.pk).exists():
        found.add(policy.ALLOCATED)
    if actor.team_id and open_involvements.filter(staff__team_id=actor.team_id).exists():
        found.add(policy.TEAM)
    if open_involvements.filter(Q(agency_id=actor.agency_id)).exists():
        found.add(policy.AGENCY)
    return frozenset(found)


def relationships_to_person(actor: StaffLike, person: Person) -> frozenset[str]:
    ids = {person.pk}
    if person.kind == PersonKind.ADULT:
        ids |= linked_child_ids(person)
    return relationships_to_people(actor, ids)


def relationships_to_household(actor: StaffLike, household_id: int) -> frozenset[str]:
    """Through anyone currently living there."""
    member_ids = set(HouseholdMembership.objects.filter(household_id=household_id,
                                                        ended__isnull=True)
                     .values_list("person_id", flat=True))
    return relationships_to_people(actor, member_ids)
