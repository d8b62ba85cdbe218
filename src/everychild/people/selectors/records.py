"""A person's or household's record, for reading: access checked, views audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from everychild.access.audit import audit_record
from everychild.access.records import (
    Access,
    StaffLike,
    active_grant,
    check_record_access,
    may_see_sealed,
)
from everychild.core.errors import AccessDenied, NotFound

from ..models import (
    RELATIONSHIP_INVERSE,
    Household,
    HouseholdMembership,
    Involvement,
    OtherName,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
)
from ..relationships import relationships_to_household, relationships_to_person
from ._common import _parse_uuid, household_is_sealed


# ------------------------------------------------------------------ access to one person
def person_access(*, actor: StaffLike, person: Person, action: str) -> Access:
    return check_record_access(
        actor, action, target_type="person", target_id=str(person.ref),
        relationships=relationships_to_person(actor, person), sealed=person.sealed,
    )


def person_get(*, actor: StaffLike, ref: object, action: str = "person.view") -> Person:
    """Fetch a person the actor may act on, without auditing a view (services use this)."""
    person = Person.objects.filter(ref=_parse_uuid(ref)).first()
    if person is None or (person.sealed and not may_see_sealed(actor)):
        raise NotFound("No record was found")
    person_access(actor=actor, person=person, action=action)
    return person


@dataclass
class RelatedPerson:
    person: Person
    label: str
    relationship: Relationship | None = None  # the row itself, for ending it


@dataclass
class HouseholdView:
    household: Household
    membership: HouseholdMembership
    members: list[HouseholdMembership]


@dataclass
class PersonRecord:
    person: Person
    access: Access
    name_history: list[PersonName]
    other_names: list[OtherName]
    households: list[HouseholdView]
    past_households: list[HouseholdView]
    relationships: list[RelatedPerson]
    involvements: list[Involvement]
    past_involvements: list[Involvement] = field(default_factory=list)


def person_record(*, actor: StaffLike, ref: object) -> PersonRecord:
    """A person's whole record, for reading. Audited as a view."""
    person = Person.objects.filter(ref=_parse_uuid(ref)).first()
    if person is None or (person.sealed and not may_see_sealed(actor)):
        raise NotFound("No record was found")
    access = person_access(actor=actor, person=person, action="person.view")
    audit_record(actor=actor, action="person.view", target_type="person",
                 target_id=person.ref, detail={"via": access.via})

    sees_sealed = may_see_sealed(actor)
    memberships = list(
        HouseholdMembership.objects.filter(person=person).select_related("household")
        .order_by("-started")
    )
    current: list[HouseholdView] = []
    past: list[HouseholdView] = []
    for m in memberships:
        if not sees_sealed and household_is_sealed(m.household_id):
            continue
        members = [
            other for other in HouseholdMembership.objects.filter(household=m.household)
            .select_related("person").order_by("ended", "started")
            if sees_sealed or not other.person.sealed
        ]
        (past if m.ended else current).append(HouseholdView(m.household, m, members))

    related: list[RelatedPerson] = []
    for rel in Relationship.objects.filter(person=person, ended__isnull=True).select_related(
            "related"):
        if sees_sealed or not rel.related.sealed:
            related.append(RelatedPerson(rel.related, _describe(rel, outward=True), rel))
    for rel in Relationship.objects.filter(related=person, ended__isnull=True).select_related(
            "person"):
        if sees_sealed or not rel.person.sealed:
            related.append(RelatedPerson(rel.person, _describe(rel, outward=False), rel))

    involvements = list(Involvement.objects.filter(person=person)
                        .select_related("agency", "staff", "staff__team").order_by("-started"))
    return PersonRecord(
        person=person,
        access=access,
        name_history=list(person.name_history.all()),
        other_names=list(person.other_names.select_related("agency")),
        households=current,
        past_households=past,
        relationships=related,
        involvements=[i for i in involvements if i.ended is None],
        past_involvements=[i for i in involvements if i.ended is not None],
    )


def _describe(rel: Relationship, *, outward: bool) -> str:
    """How the *other* person stands to the record's subject."""
    if outward:  # subject is the <kind> of other, so other is the subject's <inverse>
        return RELATIONSHIP_INVERSE[rel.kind]
    return RelationshipKind(rel.kind).label


# ------------------------------------------------------------------ households
def household_get(*, actor: StaffLike, ref: object, action: str = "household.view",
                  audit: bool = True) -> Household:
    household = Household.objects.filter(ref=_parse_uuid(ref)).first()
    if household is None:
        raise NotFound("No household was found")
    sealed = household_is_sealed(household.pk)
    via = "relationship"
    try:
        check_record_access(actor, action, target_type="household",
                            target_id=str(household.ref),
                            relationships=relationships_to_household(actor, household.pk),
                            sealed=sealed)
    except AccessDenied:
        # Someone who opened a resident's record by break-glass may read where they live.
        if action != "household.view" or not _resident_opened_by_break_glass(actor, household):
            raise
        via = "break_glass"
    if audit and action == "household.view":
        audit_record(actor=actor, action="household.view", target_type="household",
                     target_id=household.ref, detail={"via": via})
    return household


def _resident_opened_by_break_glass(actor: StaffLike, household: Household) -> bool:
    residents = HouseholdMembership.objects.filter(household=household, ended__isnull=True)
    return any(active_grant(actor, "person", str(ref))
               for ref in residents.values_list("person__ref", flat=True))


def household_members(*, actor: StaffLike, household: Household) -> list[HouseholdMembership]:
    members = HouseholdMembership.objects.filter(household=household).select_related("person")
    if not may_see_sealed(actor):
        members = members.filter(person__sealed=False)
    return list(members.order_by("ended", "started"))


@dataclass
class HouseholdRecord:
    household: Household
    relationships: frozenset[str]  # the actor's, through the people living there
    members: list[HouseholdMembership]


def household_record(*, actor: StaffLike, ref: object) -> HouseholdRecord:
    """A household's address and members, for reading. Audited as a view."""
    household = household_get(actor=actor, ref=ref)
    return HouseholdRecord(household, relationships_to_household(actor, household.pk),
                           household_members(actor=actor, household=household))


# Agencies and staff, for choosing who is involved. The people app may not import the
# agencies app (they are independent layers), so it names the model instead.
