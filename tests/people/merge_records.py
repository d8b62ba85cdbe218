"""Two records of one child, for the merge tests (services, pages and API), and a way to
read everything a merge may touch so a round trip can be compared exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    OtherName,
    Person,
    PersonName,
    Relationship,
)

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    valid_nhs_number,
    valid_upn,
)


@dataclass
class Duplicate:
    child: Person  # world.child, Amelia Osei: the record social care keeps
    dup: Person  # Amelie Osei-Grant: the same girl, recorded again by the police
    mother: Person
    home: Household
    between: Relationship  # recorded between the two records (as sisters, wrongly)


def make_duplicate(world) -> Duplicate:
    """Each test module's `duplicate` fixture builds this on the `world` fixture."""
    child = world.child
    dup = PersonFactory(given_name="Amelie", family_name="Osei-Grant", sex="U",
                        date_of_birth=dt.date(2017, 11, 2), nhs_number=valid_nhs_number(),
                        upn=valid_upn(), ethnicity="BAFR")
    # Her name before her mother remarried, in the duplicate's name history.
    PersonName.objects.create(person=dup, given_name="Amelie", family_name="Grant",
                              recorded_from=dup.created_at - dt.timedelta(days=400),
                              recorded_until=dup.created_at - dt.timedelta(days=1))
    InvolvementFactory(person=dup, agency=world.police)
    InvolvementFactory(person=dup, agency=world.csc, staff=world.social_worker,
                       role=InvolvementRole.PRACTITIONER)
    home = HouseholdFactory(address_line_1="7 Weaver Close", postcode="NB2 6TT")
    mother = PersonFactory(kind="adult", given_name="Joy", family_name="Osei-Grant",
                           date_of_birth=dt.date(1991, 3, 9))
    MembershipFactory(household=home, person=dup, role="child")
    MembershipFactory(household=home, person=mother, role="parent")
    Relationship.objects.create(person=mother, related=dup, kind="parent",
                                recorded_at=timezone.now())
    between = Relationship.objects.create(person=dup, related=child, kind="sibling",
                                          recorded_at=timezone.now())
    OtherName.objects.create(person=dup, kind="nickname", given_name="Millie",
                             given_name_key="millie", recorded_at=timezone.now())
    return Duplicate(child, dup, mother, home, between)


def everything() -> dict[str, object]:
    """Every row a merge may change, with every value (versions and update times aside,
    which a merge and its undoing move on)."""
    people = {p["id"]: {k: v for k, v in p.items() if k not in ("version", "updated_at")}
              for p in Person.objects.values()}
    return {
        "people": people,
        "memberships": sorted(HouseholdMembership.objects.values_list(
            "pk", "person_id", "household_id", "role", "started", "ended")),
        "relationships": sorted(Relationship.objects.values_list(
            "pk", "person_id", "related_id", "kind", "ended")),
        "involvements": sorted(Involvement.objects.values_list(
            "pk", "person_id", "agency_id", "staff_id", "ended")),
        "other_names": sorted(OtherName.objects.values_list(
            "pk", "person_id", "kind", "given_name", "family_name")),
        "names": sorted(PersonName.objects.values_list(
            "pk", "person_id", "given_name", "family_name", "recorded_until")),
    }
