"""Reads for the pages and API endpoints that change records: each checks the
action the change needs, and none audits a view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q

from everychild.access.audit import audit_record
from everychild.access.records import (
    StaffLike,
    check_record_access,
    may_see_sealed,
)
from everychild.core.errors import BreakGlassRequired, NotFound

from ..models import (
    Household,
    HouseholdMembership,
    Involvement,
    Person,
    Relationship,
)
from ..relationships import relationships_to_household, relationships_to_person
from ._common import _parse_uuid, _visible_people, household_is_sealed
from .records import person_access


def _known_person(actor: StaffLike, ref: object) -> Person:
    person = Person.objects.filter(ref=_parse_uuid(ref)).first()
    if person is None or (person.sealed and not may_see_sealed(actor)):
        raise NotFound("No record was found")
    return person


def person_brief(*, actor: StaffLike, ref: object) -> Person:
    """A person the actor may know exists, as search would show them (name and date of
    birth), without access to their record: for naming the other person when two records
    are linked. Pages must show no more of them than search does."""
    return _known_person(actor, ref)


@dataclass(frozen=True)
class BreakGlassTarget:
    """What the break-glass page may show: no more than search already would."""

    ref: UUID
    name: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    sealed: bool
    already_open: bool  # the user may open the record without giving a reason


def person_for_break_glass(*, actor: StaffLike, ref: object) -> BreakGlassTarget:
    """Who the user is about to open a record for. NotFound for a sealed person the user
    may not know of; AccessDenied when the role can neither open it nor break glass."""
    person = _known_person(actor, ref)
    try:
        person_access(actor=actor, person=person, action="person.view")
        already_open = True
    except BreakGlassRequired:
        already_open = False
    return BreakGlassTarget(person.ref, person.full_name, person.date_of_birth,
                            person.expected_date_of_birth, person.sealed, already_open)


def person_for_change(*, actor: StaffLike, ref: object, action: str,
                      audit_view: bool = True) -> Person:
    """A person the actor may do `action` to, for a form about their record. The form shows
    the record, so showing it is audited as a view unless `audit_view` is false (the
    service that takes the submitted form audits the change itself)."""
    person = _known_person(actor, ref)
    access = person_access(actor=actor, person=person, action=action)
    if audit_view:
        audit_record(actor=actor, action="person.view", target_type="person",
                     target_id=person.ref, detail={"via": access.via, "for": action})
    return person


def people_living_with(*, actor: StaffLike, person: Person) -> list[Person]:
    """Everyone who currently shares a household with the person (sealed people only for
    users with the sealed grant): the likely other half of a relationship."""
    households = HouseholdMembership.objects.filter(person=person, ended__isnull=True).values(
        "household_id")
    ids = (HouseholdMembership.objects.filter(household_id__in=households, ended__isnull=True)
           .exclude(person=person).values("person_id"))
    return list(_visible_people(actor).filter(pk__in=ids)
                .order_by("family_name_key", "given_name_key"))


def relationship_for_change(*, actor: StaffLike, person: Person, rel_id: int) -> Relationship:
    """One of a person's relationships, if the actor may change it (as the services decide:
    a relationship to either person will do)."""
    rel = (Relationship.objects.filter(Q(person=person) | Q(related=person), pk=rel_id)
           .select_related("person", "related").first())
    sealed = rel is not None and (rel.person.sealed or rel.related.sealed)
    if rel is None or (sealed and not may_see_sealed(actor)):
        raise NotFound("No relationship was found")
    check_record_access(actor, "relationship.edit", target_type="person",
                        target_id=str(rel.person.ref),
                        relationships=(relationships_to_person(actor, rel.person)
                                       | relationships_to_person(actor, rel.related)),
                        sealed=sealed)
    return rel


def involvement_for_change(*, actor: StaffLike, person: Person, inv_id: int) -> Involvement:
    person_access(actor=actor, person=person, action="involvement.edit")
    involvement = (Involvement.objects.filter(person=person, pk=inv_id)
                   .select_related("agency", "staff", "person").first())
    if involvement is None:
        raise NotFound("No involvement was found")
    return involvement


def _household_for(actor: StaffLike, ref: object) -> Household:
    household = Household.objects.filter(ref=_parse_uuid(ref)).first()
    if household is None or (household_is_sealed(household.pk) and not may_see_sealed(actor)):
        raise NotFound("No household was found")
    return household


def household_for_change(*, actor: StaffLike, ref: object,
                         via_person: Person | None = None) -> Household:
    """A household the actor may change: through anyone living there or, when a person is
    being added or removed, through that person (as the services decide)."""
    household = _household_for(actor, ref)
    relationships = relationships_to_household(actor, household.pk)
    if via_person is not None:
        relationships |= relationships_to_person(actor, via_person)
    check_record_access(actor, "household.edit", target_type="household",
                        target_id=str(household.ref), relationships=relationships,
                        sealed=household_is_sealed(household.pk))
    return household


def membership_for_change(*, actor: StaffLike, household_ref: object,
                          membership_id: int) -> HouseholdMembership:
    """One person's time at a household, if the actor may change it."""
    household = _household_for(actor, household_ref)
    membership = (HouseholdMembership.objects.filter(household=household, pk=membership_id)
                  .select_related("person", "household").first())
    if membership is None:
        raise NotFound("No membership was found")
    household_for_change(actor=actor, ref=household.ref, via_person=membership.person)
    return membership


def agency_choices() -> list[tuple[int, str]]:
    agency = apps.get_model("agencies", "Agency")
    return list(agency.objects.filter(active=True).order_by("name").values_list("pk", "name"))


def staff_choices(agency_id: int | None) -> list[tuple[int, str]]:
    """Active staff of one agency, by name."""
    if agency_id is None:
        return []
    staff = (get_user_model().objects.filter(agency_id=agency_id, is_active=True)
             .order_by("last_name", "first_name"))
    return [(s.pk, s.get_full_name() or s.username) for s in staff]
