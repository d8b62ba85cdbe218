"""Reads of people and households, scoped by the permission policy and audited.

Every function that returns a child's record writes a `*.view` audit entry in the
current transaction. Sealed people never appear for users without the sealed grant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from uuid import UUID

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import (
    Access,
    StaffLike,
    check_action,
    check_record_access,
    may_see_sealed,
)
from everychild.core.errors import BreakGlassRequired, NotFound
from everychild.core.identifiers import (
    la_child_id_problem,
    normalise_nhs_number,
    normalise_upn,
)
from everychild.core.names import name_key, prefix_upper_bound

from .models import (
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
from .relationships import relationships_to_household, relationships_to_person

SEARCH_LIMIT = 50


def _visible_people(actor: StaffLike) -> QuerySet[Person]:
    people = Person.objects.all()
    return people if may_see_sealed(actor) else people.filter(sealed=False)


def _parse_uuid(value: object) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise NotFound("No record was found") from None


def household_is_sealed(household_id: int) -> bool:
    """A household is as sealed as its most sealed member, past or present: an adopted
    child's address must not be found through the people who lived there."""
    return HouseholdMembership.objects.filter(household_id=household_id,
                                              person__sealed=True).exists()


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
        if not sees_sealed and household_is_sealed(m.household_id) and not person.sealed:
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
    check_record_access(actor, action, target_type="household", target_id=str(household.ref),
                        relationships=relationships_to_household(actor, household.pk),
                        sealed=sealed)
    if audit and action == "household.view":
        audit_record(actor=actor, action="household.view", target_type="household",
                     target_id=household.ref)
    return household


def household_members(*, actor: StaffLike, household: Household) -> list[HouseholdMembership]:
    members = HouseholdMembership.objects.filter(household=household).select_related("person")
    if not may_see_sealed(actor):
        members = members.filter(person__sealed=False)
    return list(members.order_by("ended", "started"))


# ------------------------------------------------------------------ search
@dataclass
class SearchHit:
    person: Person
    can_open: bool
    may_break_glass: bool
    matched_other_name: str = ""


_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> dt.date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        if m.group(1):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


def _name_filter(tokens: list[str], given: str, family: str) -> Q:
    """Every token must start the given or the family name."""
    condition = Q()
    for token in tokens:
        upper = prefix_upper_bound(token)
        condition &= (Q(**{f"{given}__gte": token, f"{given}__lt": upper})
                      | Q(**{f"{family}__gte": token, f"{family}__lt": upper}))
    return condition


def person_search(
    *, actor: StaffLike, text: str = "", date_of_birth: dt.date | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[SearchHit]:
    """Find people by name or other name, date of birth, NHS number, UPN or LA child ID.

    Reveals names and dates of birth of people the user is not involved with (that is how
    a worker finds out a child is known), but never a sealed person to a user without the
    sealed grant. Each search is audited, with its terms but not its results.
    """
    check_action(actor, "person.search")
    # A NUL cannot be stored in PostgreSQL text (nor in the audit entry), and is never
    # part of a name or identifier.
    text = (text or "").replace("\x00", "").strip()
    audit_record(actor=actor, action="person.search", detail={
        "text": text, "date_of_birth": date_of_birth.isoformat() if date_of_birth else ""})
    people = _visible_people(actor)
    matched_other: dict[int, str] = {}
    # LA child IDs may be all digits, so they are looked for alongside the other readings.
    la_id = Q(la_child_id__iexact=text) if la_child_id_problem(text) is None else None
    typed_date = parse_date(text) if text else None

    identifier = normalise_nhs_number(text)
    if re.fullmatch(r"\d{10}", identifier):
        condition = Q(nhs_number=identifier)
        if la_id is not None:
            condition |= la_id
        found = people.filter(condition)
    elif re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", normalise_upn(text)):
        upn = normalise_upn(text)
        found = people.filter(Q(upn=upn) | Q(former_upn=upn))
    elif typed_date:
        # As with the date filter below, an unborn child is found by the expected date.
        found = people.filter(Q(date_of_birth=typed_date)
                              | Q(expected_date_of_birth=typed_date))
    else:
        tokens = name_key(text).split()
        if not tokens and la_id is None and date_of_birth is None:
            return []
        found = people
        if tokens or la_id is not None:
            condition = Q(pk__in=[])
            if tokens:
                other_ids = dict(
                    OtherName.objects.filter(_name_filter(tokens, "given_name_key",
                                                          "family_name_key"))
                    .values_list("person_id", "id")[: limit * 4]
                )
                condition = (_name_filter(tokens, "given_name_key", "family_name_key")
                             | Q(pk__in=list(other_ids)))
                if other_ids:
                    for on in OtherName.objects.filter(pk__in=list(other_ids.values())):
                        matched_other[on.person_id] = str(on)
            if la_id is not None:
                condition |= la_id
            found = found.filter(condition)
        if date_of_birth is not None:
            found = found.filter(Q(date_of_birth=date_of_birth)
                                 | Q(expected_date_of_birth=date_of_birth))

    hits = []
    may_break_glass = policy.role_may_break_glass(actor.role)
    for person in found.order_by("family_name_key", "given_name_key", "date_of_birth")[:limit]:
        can_open = policy.allows(actor.role, "person.view",
                                 relationships=relationships_to_person(actor, person))
        hits.append(SearchHit(person, can_open, may_break_glass and not can_open,
                              matched_other.get(person.pk, "")))
    return hits


def people_for_actor(*, actor: StaffLike, limit: int = 50) -> list[Person]:
    """The children the user is currently named on (their caseload), newest first."""
    ids = Involvement.objects.filter(staff_id=actor.pk, ended__isnull=True).values("person_id")
    return list(_visible_people(actor).filter(pk__in=ids).order_by("family_name_key")[:limit])


# ------------------------------------------------------------------ for the HTML pages
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
