"""A user's legitimate relationships to a person's record (see access/policy.toml).

A child's relationships come from open involvements with the child. An adult's come from
their own involvements and from the children they live with or are related to.
"""

from __future__ import annotations

from everychild.access import policy
from everychild.access.records import StaffLike
from everychild.core.querying import among

from .models import HouseholdMembership, Involvement, Person, PersonKind, Relationship


def linked_children(adult_ids: set[int]) -> dict[int, set[int]]:
    """For each adult, the children they currently live with or are related to.

    Sealed children are left out: work with an adopted child must not open the records
    of the birth family it is still linked to.
    """
    links: dict[int, set[int]] = {pk: set() for pk in adult_ids}
    if not adult_ids:
        return links
    homes = HouseholdMembership.objects.filter(person_id__in=adult_ids, ended__isnull=True)
    adults_by_home: dict[int, set[int]] = {}
    for adult, home in homes.values_list("person_id", "household_id"):
        adults_by_home.setdefault(home, set()).add(adult)
    children = HouseholdMembership.objects.filter(
        household_id__in=list(adults_by_home), ended__isnull=True,
        person__kind=PersonKind.CHILD, person__sealed=False,
    ).values_list("household_id", "person_id")
    for home, child in children:
        for adult in adults_by_home[home]:
            links[adult].add(child)
    open_links = Relationship.objects.filter(ended__isnull=True)
    for adult, child in open_links.filter(person_id__in=adult_ids, related__kind=PersonKind.CHILD,
                                          related__sealed=False).values_list("person_id",
                                                                             "related_id"):
        links[adult].add(child)
    for child, adult in open_links.filter(related_id__in=adult_ids, person__kind=PersonKind.CHILD,
                                          person__sealed=False).values_list("person_id",
                                                                            "related_id"):
        links[adult].add(child)
    return links


def linked_child_ids(person: Person) -> set[int]:
    """Children an adult currently lives with or is related to (open links only)."""
    return linked_children({person.pk})[person.pk]


def _relationships(actor: StaffLike, involvements: list[tuple[int | None, int, int | None]]
                   ) -> frozenset[str]:
    """From (staff id, agency id, staff's team id) of open involvements."""
    # Read once: the actor is often request.user, a lazy object slow to read attributes
    # from, and a worklist asks this for hundreds of children.
    actor_id, actor_team, actor_agency = actor.pk, actor.team_id, actor.agency_id
    found: set[str] = set()
    for staff_id, agency_id, team_id in involvements:
        if staff_id is not None and staff_id == actor_id:
            found.add(policy.ALLOCATED)
        if actor_team and team_id == actor_team:
            found.add(policy.TEAM)
        if agency_id == actor_agency:
            found.add(policy.AGENCY)
    return frozenset(found)


def _merged_into(people: list[Person]) -> dict[int, Person]:
    """For each merged record among these, the record it now lives on (following a record
    merged into one that was later merged in turn)."""
    found: dict[int, Person] = {}
    for person in people:
        current, seen = person, {person.pk}
        while current.merged_into_id is not None and current.merged_into_id not in seen:
            seen.add(current.merged_into_id)
            current = Person.objects.get(pk=current.merged_into_id)
        if current.pk != person.pk:
            found[person.pk] = current
    return found


def relationships_to_many(actor: StaffLike, people: list[Person]) -> dict[int, frozenset[str]]:
    """The actor's relationships to each of these people, in a few queries whatever their
    number (for search results). A merged record's work now lives on the record it was
    merged into, so whoever works with that person may open, or unmerge, both."""
    survivors = _merged_into([p for p in people if p.merged_into_id is not None])
    extended = people + [s for s in survivors.values() if s.pk not in {p.pk for p in people}]
    links = linked_children({p.pk for p in extended if p.kind == PersonKind.ADULT})
    through = {p.pk: {p.pk} | links.get(p.pk, set()) for p in extended}
    for pk, survivor in survivors.items():
        through[pk] |= through[survivor.pk]
    through = {p.pk: through[p.pk] for p in people}
    involved: dict[int, list[tuple[int | None, int, int | None]]] = {}
    everyone = set().union(*through.values()) if through else set()
    for person_id, *row in Involvement.objects.filter(
            person_id__in=among(everyone), ended__isnull=True).values_list(
            "person_id", "staff_id", "agency_id", "staff__team_id"):
        involved.setdefault(person_id, []).append(tuple(row))  # type: ignore[arg-type]
    return {pk: _relationships(actor, [row for i in ids for row in involved.get(i, [])])
            for pk, ids in through.items()}


def relationships_to_people(actor: StaffLike, person_ids: set[int]) -> frozenset[str]:
    """The relationships the actor has through open involvements with any of these people."""
    if not person_ids:
        return frozenset()
    rows = Involvement.objects.filter(person_id__in=person_ids, ended__isnull=True).values_list(
        "staff_id", "agency_id", "staff__team_id")
    return _relationships(actor, list(rows))


def relationships_to_person(actor: StaffLike, person: Person) -> frozenset[str]:
    return relationships_to_many(actor, [person])[person.pk]


def relationships_to_household(actor: StaffLike, household_id: int) -> frozenset[str]:
    """Through anyone currently living there."""
    member_ids = set(HouseholdMembership.objects.filter(household_id=household_id,
                                                        ended__isnull=True)
                     .values_list("person_id", flat=True))
    return relationships_to_people(actor, member_ids)
