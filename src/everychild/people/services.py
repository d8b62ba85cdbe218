"""Writes to people, households, relationships and involvement.

Each service takes the acting user, checks the policy, validates everything before
writing anything, runs in one transaction and writes its audit entry in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action, check_record_access
from everychild.core import clock
from everychild.core.errors import Conflict, ValidationFailed
from everychild.core.identifiers import (
    la_child_id_problem,
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_problem,
)
from everychild.core.names import name_key
from everychild.core.postcodes import normalise_postcode, postcode_problem

from .models import (
    Household,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    MemberRole,
    OtherName,
    OtherNameKind,
    Person,
    PersonKind,
    PersonName,
    Relationship,
    RelationshipKind,
    Sex,
)
from .relationships import relationships_to_household, relationships_to_person
from .selectors import household_is_sealed, person_access

PERSON_FIELDS = ("kind", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
                 "expected_date_of_birth", "date_of_death", "ethnicity", "nhs_number", "upn",
                 "former_upn", "la_child_id")
NAME_FIELDS = ("given_name", "middle_names", "family_name")


class _Errors:
    """Collects field errors so the user sees every problem at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str | None) -> None:
        if message:
            self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(errors=self.errors)


def _choice(errors: _Errors, name: str, value: str, choices: Any, message: str) -> None:
    if value not in choices.values:
        errors.add(name, message)


# ------------------------------------------------------------------ people
@dataclass
class PersonInput:
    kind: str
    family_name: str
    given_name: str = ""
    middle_names: str = ""
    sex: str = Sex.UNKNOWN
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    date_of_death: dt.date | None = None
    ethnicity: str = ""
    nhs_number: str = ""
    upn: str = ""
    former_upn: str = ""
    la_child_id: str = ""

    def cleaned(self) -> PersonInput:
        # A blank text field may arrive as None (a cleared form field, JSON null).
        return PersonInput(
            kind=self.kind, family_name=_text(self.family_name),
            given_name=_text(self.given_name), middle_names=_text(self.middle_names),
            sex=self.sex or Sex.UNKNOWN, date_of_birth=self.date_of_birth,
            expected_date_of_birth=self.expected_date_of_birth,
            date_of_death=self.date_of_death, ethnicity=_text(self.ethnicity).upper(),
            nhs_number=normalise_nhs_number(_text(self.nhs_number)),
            upn=normalise_upn(_text(self.upn)), former_upn=normalise_upn(_text(self.former_upn)),
            la_child_id=_text(self.la_child_id),
        )


def _text(value: str | None) -> str:
    return (value or "").strip()


# The longest each text field may be, as the database columns allow.
PERSON_TEXT_LIMITS = {"given_name": 100, "middle_names": 200, "family_name": 100,
                      "ethnicity": 4}
CHILD_AGE_LIMIT = 26  # a child's record is for someone under 26 (care leavers up to 25)


def _age_on(day: dt.date, born: dt.date) -> int:
    """Whole years from `born` to `day` (someone born on 29 February turns a year older on
    1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _too_long(errors: _Errors, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.add(name, f"Must be {limit} characters or fewer")


def _validate_person(data: PersonInput, *, existing: Person | None) -> None:
    errors = _Errors()
    today = clock.today()
    _choice(errors, "kind", data.kind, PersonKind, "Select whether this is a child or an adult")
    _choice(errors, "sex", data.sex, Sex, "Select the person's sex, or 'Not known'")
    if not data.family_name:
        errors.add("family_name", "Enter a family name (use 'Unknown' if it is not known)")
    for name, limit in PERSON_TEXT_LIMITS.items():
        _too_long(errors, name, getattr(data, name), limit)
    if data.date_of_birth and data.date_of_birth > today:
        errors.add("date_of_birth", "Date of birth must be today or in the past; for an "
                   "unborn child enter the expected date of birth instead")
    if data.date_of_birth and data.date_of_birth.year < 1900:
        errors.add("date_of_birth", "Date of birth must be after 1900")
    if data.expected_date_of_birth:
        if data.kind != PersonKind.CHILD:
            errors.add("expected_date_of_birth", "Only an unborn child has an expected date "
                       "of birth")
        elif data.date_of_birth:
            errors.add("expected_date_of_birth", "Enter either a date of birth or an expected "
                       "date of birth, not both")
        elif data.expected_date_of_birth > today + dt.timedelta(days=300):
            errors.add("expected_date_of_birth", "Expected date of birth must be within the "
                       "next 10 months")
    if data.date_of_death:
        if data.date_of_death > today:
            errors.add("date_of_death", "Date of death must be today or in the past")
        elif data.date_of_birth and data.date_of_death < data.date_of_birth:
            errors.add("date_of_death", "Date of death must be on or after the date of birth")
    if data.kind == PersonKind.CHILD and data.date_of_birth and (
            _age_on(today, data.date_of_birth) >= CHILD_AGE_LIMIT):
        errors.add("date_of_birth", "A child's date of birth must be within the last 25 years "
                   "(care leavers are supported up to 25)")
    if data.nhs_number:
        errors.add("nhs_number", nhs_number_problem(data.nhs_number))
    if data.upn:
        errors.add("upn", upn_problem(data.upn))
    if data.former_upn:
        errors.add("former_upn", upn_problem(data.former_upn))
    if data.la_child_id:
        errors.add("la_child_id", la_child_id_problem(data.la_child_id))
    # One wording whoever holds the identifier, sealed or not, so the message cannot tell a
    # user without the sealed grant that an adopted child holds it.
    others = Person.objects.exclude(pk=existing.pk) if existing else Person.objects.all()
    if data.nhs_number and not errors.errors.get("nhs_number") and others.filter(
            nhs_number=data.nhs_number).exists():
        errors.add("nhs_number", _duplicate("NHS number"))
    if data.upn and not errors.errors.get("upn") and others.filter(upn=data.upn).exists():
        errors.add("upn", _duplicate("Unique Pupil Number"))
    if data.la_child_id and others.filter(la_child_id=data.la_child_id).exists():
        errors.add("la_child_id", _duplicate("local authority child ID"))
    errors.raise_if_any()


def _duplicate(identifier: str) -> str:
    return (f"Another person already has this {identifier}: search for them before recording "
            "a new person, and if you cannot find them, speak to your privacy officer")


def person_create(*, actor: StaffLike, data: PersonInput) -> Person:
    """Record a new person. The recording worker's agency becomes involved with them."""
    check_action(actor, "person.create")
    data = data.cleaned()
    _validate_person(data, existing=None)
    now = clock.now()
    with transaction.atomic():
        person = Person(**{f: getattr(data, f) for f in PERSON_FIELDS},
                        given_name_key=name_key(data.given_name),
                        family_name_key=name_key(data.family_name),
                        created_at=now, updated_at=now)
        try:
            with transaction.atomic():
                person.save(force_insert=True)
        except IntegrityError:
            raise ValidationFailed(errors={"nhs_number": [
                "Another person was recorded with one of these identifiers at the same time"
            ]}) from None
        PersonName.objects.create(person=person, given_name=data.given_name,
                                  middle_names=data.middle_names, family_name=data.family_name,
                                  recorded_from=now, recorded_by_id=actor.pk)
        Involvement.objects.create(person=person, agency_id=actor.agency_id, staff_id=actor.pk,
                                   role=InvolvementRole.PRACTITIONER, started=clock.today(),
                                   recorded_at=now, recorded_by_id=actor.pk)
        audit_record(actor=actor, action="person.create", target_type="person",
                     target_id=person.ref, detail={"fields": _snapshot(person)})
    return person


def _snapshot(person: Person) -> dict[str, Any]:
    return {f: getattr(person, f) for f in PERSON_FIELDS}


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is None:
        raise ValidationFailed(errors={"version": [f"Say which version of the {what} you are "
                                                   "changing"]})
    if current != expected:
        raise Conflict(f"Someone else changed this {what} while you were editing it "
                       f"(you had version {expected}, it is now version {current}). "
                       "Your changes have not been saved: review the current record and make "
                       "them again.")


def person_update(*, actor: StaffLike, person: Person, version: int | None,
                  changes: dict[str, Any]) -> Person:
    """Change fields of a person's record. Refused if `version` is not the current one."""
    person_access(actor=actor, person=person, action="person.edit")
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationFailed(errors={k: ["This field cannot be changed here"]
                                       for k in sorted(unknown)})
    data = PersonInput(**{**_snapshot(person), **changes}).cleaned()
    _check_version(person.version, version, "record")
    _validate_person(data, existing=person)
    before = _snapshot(person)
    after = {f: getattr(data, f) for f in PERSON_FIELDS}
    diff = {f: [before[f], after[f]] for f in PERSON_FIELDS if before[f] != after[f]}
    if not diff:
        return person
    assert version is not None  # _check_version refused a missing one
    now = clock.now()
    with transaction.atomic():
        # Compare-and-set on the version: of two concurrent edits exactly one succeeds.
        try:
            with transaction.atomic():
                updated = Person.objects.filter(pk=person.pk, version=version).update(
                    **after, given_name_key=name_key(data.given_name),
                    family_name_key=name_key(data.family_name), updated_at=now,
                    version=F("version") + 1,
                )
        except IntegrityError:
            raise ValidationFailed(errors={"nhs_number": [
                "Another person was given one of these identifiers at the same time"
            ]}) from None
        if updated != 1:
            current = Person.objects.get(pk=person.pk).version
            _check_version(current, version, "record")
        if any(f in diff for f in NAME_FIELDS):
            PersonName.objects.filter(person=person, recorded_until__isnull=True).update(
                recorded_until=now)
            PersonName.objects.create(person=person, given_name=data.given_name,
                                      middle_names=data.middle_names,
                                      family_name=data.family_name, recorded_from=now,
                                      recorded_by_id=actor.pk)
        audit_record(actor=actor, action="person.edit", target_type="person",
                     target_id=person.ref, detail={"changes": diff})
    person.refresh_from_db()
    return person


def person_seal(*, actor: StaffLike, person: Person, sealed: bool, reason: str) -> Person:
    person_access(actor=actor, person=person, action="person.seal")
    if not reason.strip():
        raise ValidationFailed(errors={"reason": ["Enter the reason for sealing or unsealing"]})
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(sealed=sealed, version=F("version") + 1,
                                                   updated_at=clock.now())
        audit_record(actor=actor, action="person.seal" if sealed else "person.unseal",
                     target_type="person", target_id=person.ref, reason=reason.strip())
    person.refresh_from_db()
    return person


def other_name_add(*, actor: StaffLike, person: Person, kind: str, given_name: str,
                   family_name: str, agency_id: int | None = None, note: str = "") -> OtherName:
    person_access(actor=actor, person=person, action="person.edit")
    errors = _Errors()
    _choice(errors, "kind", kind, OtherNameKind, "Select what kind of name this is")
    given_name, family_name, note = _text(given_name), _text(family_name), _text(note)
    if not (given_name or family_name):
        errors.add("given_name", "Enter the given name, the family name, or both")
    _too_long(errors, "given_name", given_name, 100)
    _too_long(errors, "family_name", family_name, 100)
    _too_long(errors, "note", note, 300)
    if kind == OtherNameKind.AGENCY_SPELLING and not agency_id:
        errors.add("agency", "Select the agency that uses this spelling")
    elif agency_id and not _agency_is_active(agency_id):
        errors.add("agency", "Select an agency that is still active")
    errors.raise_if_any()
    with transaction.atomic():
        other = OtherName.objects.create(
            person=person, kind=kind, given_name=given_name, family_name=family_name,
            given_name_key=name_key(given_name), family_name_key=name_key(family_name),
            agency_id=agency_id, note=note, recorded_at=clock.now(),
            recorded_by_id=actor.pk,
        )
        audit_record(actor=actor, action="person.other_name_add", target_type="person",
                     target_id=person.ref, detail={"kind": kind, "name": str(other)})
    return other


def _agency_is_active(agency_id: object) -> bool:
    # The people app sits beside agencies, not above it, so it names the model.
    return bool(apps.get_model("agencies", "Agency").objects.filter(pk=agency_id,
                                                                    active=True).exists())


# ------------------------------------------------------------------ households
@dataclass
class AddressInput:
    address_line_1: str
    town: str
    postcode: str
    address_line_2: str = ""


def _clean_address(data: AddressInput) -> AddressInput:
    errors = _Errors()
    cleaned = AddressInput(
        address_line_1=_text(data.address_line_1), address_line_2=_text(data.address_line_2),
        town=_text(data.town), postcode=normalise_postcode(_text(data.postcode)),
    )
    if not cleaned.address_line_1:
        errors.add("address_line_1", "Enter the first line of the address")
    if not cleaned.town:
        errors.add("town", "Enter the town or city")
    _too_long(errors, "address_line_1", cleaned.address_line_1, 200)
    _too_long(errors, "address_line_2", cleaned.address_line_2, 200)
    _too_long(errors, "town", cleaned.town, 100)
    errors.add("postcode", postcode_problem(cleaned.postcode))
    errors.raise_if_any()
    return cleaned


def household_create(*, actor: StaffLike, address: AddressInput) -> Household:
    check_action(actor, "household.create")
    cleaned = _clean_address(address)
    now = clock.now()
    with transaction.atomic():
        household = Household.objects.create(**vars(cleaned), created_at=now, updated_at=now)
        audit_record(actor=actor, action="household.create", target_type="household",
                     target_id=household.ref, detail={"address": vars(cleaned)})
    return household


def _household_access(actor: StaffLike, household: Household, *,
                      via_person: Person | None = None) -> None:
    relationships = relationships_to_household(actor, household.pk)
    if via_person is not None:
        relationships |= relationships_to_person(actor, via_person)
    check_record_access(actor, "household.edit", target_type="household",
                        target_id=str(household.ref), relationships=relationships,
                        sealed=household_is_sealed(household.pk))


def household_update(*, actor: StaffLike, household: Household, version: int | None,
                     address: AddressInput) -> Household:
    _household_access(actor, household)
    _check_version(household.version, version, "household")
    cleaned = _clean_address(address)
    before = {k: getattr(household, k) for k in vars(cleaned)}
    changes = {k: [before[k], v] for k, v in vars(cleaned).items() if before[k] != v}
    if not changes:
        return household  # nothing to record, and no new version to conflict with
    assert version is not None  # _check_version refused a missing one
    with transaction.atomic():
        updated = Household.objects.filter(pk=household.pk, version=version).update(
            **vars(cleaned), version=F("version") + 1, updated_at=clock.now())
        if updated != 1:
            _check_version(Household.objects.get(pk=household.pk).version, version, "household")
        audit_record(actor=actor, action="household.edit", target_type="household",
                     target_id=household.ref, detail={"changes": changes})
    household.refresh_from_db()
    return household


def membership_add(*, actor: StaffLike, household: Household, person: Person, role: str,
                   started: dt.date | None) -> HouseholdMembership:
    """Record that a person lives at a household (a worker with a relationship to either
    the household or the person may do this)."""
    _household_access(actor, household, via_person=person)
    errors = _Errors()
    _choice(errors, "role", role, MemberRole, "Select how this person lives in the household")
    if started is None:
        errors.add("started", "Enter the date they started living here")
    elif started > clock.today():
        errors.add("started", "The date they started living here must be today or in the past")
    if role == MemberRole.CHILD and person.kind != PersonKind.CHILD:
        errors.add("role", "Only a child can be a child of the household")
    if HouseholdMembership.objects.filter(household=household, person=person,
                                          ended__isnull=True).exists():
        errors.add("person", "This person is already recorded as living here")
    errors.raise_if_any()
    assert started is not None
    with transaction.atomic():
        membership = HouseholdMembership.objects.create(
            household=household, person=person, role=role, started=started,
            recorded_at=clock.now(), recorded_by_id=actor.pk)
        audit_record(actor=actor, action="household.member_add", target_type="household",
                     target_id=household.ref,
                     detail={"person": str(person.ref), "role": role, "started": started})
    return membership


def membership_end(*, actor: StaffLike, membership: HouseholdMembership,
                   ended: dt.date | None) -> HouseholdMembership:
    _household_access(actor, membership.household, via_person=membership.person)
    errors = _Errors()
    if membership.ended is not None:
        errors.add("ended", "This person is already recorded as having left")
    elif ended is None:
        errors.add("ended", "Enter the date they left")
    elif ended < membership.started:
        errors.add("ended", "The date they left must be on or after the date they arrived")
    elif ended > clock.today():
        errors.add("ended", "The date they left must be today or in the past")
    errors.raise_if_any()
    with transaction.atomic():
        HouseholdMembership.objects.filter(pk=membership.pk).update(ended=ended)
        audit_record(actor=actor, action="household.member_end", target_type="household",
                     target_id=membership.household.ref,
                     detail={"person": str(membership.person.ref), "ended": ended})
    membership.refresh_from_db()
    return membership


# ------------------------------------------------------------------ relationships
def relationship_add(*, actor: StaffLike, person: Person, related: Person, kind: str,
                     started: dt.date | None = None, note: str = "") -> Relationship:
    """Record '<person> is the <kind> of <related>'."""
    relationships = relationships_to_person(actor, person) | relationships_to_person(actor,
                                                                                      related)
    check_record_access(actor, "relationship.edit", target_type="person",
                        target_id=str(person.ref), relationships=relationships,
                        sealed=person.sealed or related.sealed)
    errors = _Errors()
    _choice(errors, "kind", kind, RelationshipKind, "Select how these two people are related")
    if person.pk == related.pk:
        errors.add("related", "A person cannot be related to themselves")
    if started and started > clock.today():
        errors.add("started", "The date must be today or in the past")
    if Relationship.objects.filter(person=person, related=related, kind=kind,
                                   ended__isnull=True).exists():
        errors.add("kind", "This relationship is already recorded")
    note = _text(note)
    _too_long(errors, "note", note, 300)
    errors.raise_if_any()
    with transaction.atomic():
        rel = Relationship.objects.create(person=person, related=related, kind=kind,
                                          started=started, note=note,
                                          recorded_at=clock.now(), recorded_by_id=actor.pk)
        audit_record(actor=actor, action="relationship.add", target_type="person",
                     target_id=person.ref,
                     detail={"related": str(related.ref), "kind": kind})
    return rel


def relationship_end(*, actor: StaffLike, relationship: Relationship,
                     ended: dt.date | None) -> Relationship:
    relationships = (relationships_to_person(actor, relationship.person)
                     | relationships_to_person(actor, relationship.related))
    check_record_access(actor, "relationship.edit", target_type="person",
                        target_id=str(relationship.person.ref), relationships=relationships,
                        sealed=relationship.person.sealed or relationship.related.sealed)
    errors = _Errors()
    if relationship.ended is not None:
        errors.add("ended", "This relationship has already ended")
    elif ended is None:
        errors.add("ended", "Enter the date the relationship ended")
    elif ended > clock.today():
        errors.add("ended", "The date must be today or in the past")
    elif relationship.started and ended < relationship.started:
        errors.add("ended", "The date it ended must be on or after the date it started")
    errors.raise_if_any()
    with transaction.atomic():
        Relationship.objects.filter(pk=relationship.pk).update(ended=ended)
        audit_record(actor=actor, action="relationship.end", target_type="person",
                     target_id=relationship.person.ref,
                     detail={"related": str(relationship.related.ref), "ended": ended})
    relationship.refresh_from_db()
    return relationship


# ------------------------------------------------------------------ involvement
def involvement_add(*, actor: StaffLike, person: Person, agency_id: int | None,
                    staff_id: int | None, role: str, started: dt.date | None) -> Involvement:
    """Record that an agency (and optionally a named worker) is involved with a child."""
    person_access(actor=actor, person=person, action="involvement.edit")
    errors = _Errors()
    _choice(errors, "role", role, InvolvementRole, "Select the kind of involvement")
    staff = None
    if staff_id is not None:
        staff = get_user_model().objects.filter(pk=staff_id, is_active=True).first()
        if staff is None:
            errors.add("staff", "Select a worker who is still active")
        elif agency_id is not None and staff.agency_id != agency_id:
            errors.add("staff", "The worker must belong to the agency you selected")
        else:
            agency_id = staff.agency_id
    if agency_id is None:
        errors.add("agency", "Select the agency that is involved")
    if role != InvolvementRole.AGENCY and staff_id is None:
        errors.add("staff", "Select the worker (or choose 'Agency involved')")
    if started is None:
        errors.add("started", "Enter the date the involvement started")
    elif started > clock.today():
        errors.add("started", "The start date must be today or in the past")
    errors.raise_if_any()
    if not _agency_is_active(agency_id):
        errors.add("agency", "Select an agency that is still active")
        errors.raise_if_any()
    assert started is not None and agency_id is not None
    with transaction.atomic():
        involvement = Involvement.objects.create(
            person=person, agency_id=agency_id, staff_id=staff.pk if staff else None, role=role,
            started=started, recorded_at=clock.now(), recorded_by_id=actor.pk)
        audit_record(actor=actor, action="involvement.add", target_type="person",
                     target_id=person.ref,
                     detail={"agency": agency_id, "staff": staff.pk if staff else None,
                             "role": role, "started": started})
    return involvement


def involvement_end(*, actor: StaffLike, involvement: Involvement,
                    ended: dt.date | None) -> Involvement:
    person_access(actor=actor, person=involvement.person, action="involvement.edit")
    errors = _Errors()
    if involvement.ended is not None:
        errors.add("ended", "This involvement has already ended")
    elif ended is None:
        errors.add("ended", "Enter the date the involvement ended")
    elif ended < involvement.started or ended > clock.today():
        errors.add("ended", "The end date must be between the start date and today")
    errors.raise_if_any()
    with transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(ended=ended)
        audit_record(actor=actor, action="involvement.end", target_type="person",
                     target_id=involvement.person.ref,
                     detail={"involvement": involvement.pk, "ended": ended})
    involvement.refresh_from_db()
    return involvement
