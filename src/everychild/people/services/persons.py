"""Recording and changing a person: identity, names, identifiers, sealing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.core import clock
from everychild.core.errors import ValidationFailed
from everychild.core.identifiers import (
    la_child_id_problem,
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_problem,
)
from everychild.core.names import name_key

from ..matching import refresh_match_keys
from ..models import (
    DISABILITY_CODES,
    Involvement,
    InvolvementRole,
    OtherName,
    OtherNameKind,
    Person,
    PersonKind,
    PersonName,
    Sex,
)
from ..selectors import person_access
from ._validation import (
    _agency_is_active,
    _check_version,
    _choice,
    _Errors,
    _text,
    _too_long,
)

PERSON_FIELDS = ("kind", "given_name", "middle_names", "family_name", "sex", "date_of_birth",
                 "expected_date_of_birth", "date_of_death", "ethnicity", "nhs_number", "upn",
                 "former_upn", "la_child_id", "disabilities")
NAME_FIELDS = ("given_name", "middle_names", "family_name")


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
    disabilities: list[str] = field(default_factory=list)

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
            la_child_id=_text(self.la_child_id).upper(),
            disabilities=_codes(self.disabilities),
        )


# The longest each text field may be, as the database columns allow.
PERSON_TEXT_LIMITS = {"given_name": 100, "middle_names": 200, "family_name": 100,
                      "ethnicity": 4}
CHILD_AGE_LIMIT = 26  # a child's record is for someone under 26 (care leavers up to 25)


def _age_on(day: dt.date, born: dt.date) -> int:
    """Whole years from `born` to `day` (someone born on 29 February turns a year older on
    1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _codes(values: object) -> list[str]:
    """Disability codes once each, in the census's order (unknown ones kept to be refused)."""
    given = [_text(v).upper() for v in values] if isinstance(values, list | tuple) else []
    order = {code: n for n, code in enumerate(DISABILITY_CODES)}
    return sorted(dict.fromkeys(v for v in given if v), key=lambda v: order.get(v, 99))


def _validate_person(data: PersonInput, *, existing: Person | None) -> None:
    errors = _Errors()
    today = clock.today()
    unknown = [v for v in data.disabilities if v not in DISABILITY_CODES]
    if unknown:
        errors.add("disabilities", "Select disabilities from the list")
    elif "NONE" in data.disabilities and len(data.disabilities) > 1:
        errors.add("disabilities", "Tick either 'No disability' or the disabilities the person "
                                   "has, not both")
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
            nhs_number=data.nhs_number).exclude(nhs_number="").exists():
        errors.add("nhs_number", _duplicate("NHS number"))
    if data.upn and not errors.errors.get("upn") and others.filter(
            upn=data.upn).exclude(upn="").exists():
        errors.add("upn", _duplicate("Unique Pupil Number"))
    if data.la_child_id and others.filter(
            la_child_id=data.la_child_id).exclude(la_child_id="").exists():
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
        refresh_match_keys([person.pk])
    return person


def _snapshot(person: Person) -> dict[str, Any]:
    return {f: getattr(person, f) for f in PERSON_FIELDS}


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
        refresh_match_keys([person.pk])
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
        refresh_match_keys([person.pk])
    return other
