"""Households, their addresses, and who lives in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action, check_record_access
from everychild.core import clock
from everychild.core.postcodes import normalise_postcode, postcode_problem

from ..matching import refresh_match_keys
from ..models import (
    Household,
    HouseholdMembership,
    MemberRole,
    Person,
    PersonKind,
)
from ..relationships import relationships_to_household, relationships_to_person
from ..selectors import household_is_sealed
from ._validation import (
    _check_version,
    _choice,
    _end_once,
    _Errors,
    _must_see,
    _text,
    _too_long,
)


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


@dataclass
class FirstMember:
    person: Person
    role: str
    started: dt.date | None


def household_create(*, actor: StaffLike, address: AddressInput,
                     first_member: FirstMember | None = None) -> Household:
    """Record a household, and with it (all or nothing) its first member: access to a
    household comes through the people living there."""
    check_action(actor, "household.create")
    cleaned = _clean_address(address)
    now = clock.now()
    with transaction.atomic():
        household = Household.objects.create(**vars(cleaned), created_at=now, updated_at=now)
        audit_record(actor=actor, action="household.create", target_type="household",
                     target_id=household.ref, detail={"address": vars(cleaned)})
        if first_member is not None:
            membership_add(actor=actor, household=household, person=first_member.person,
                           role=first_member.role, started=first_member.started)
    return household


def _household_access(actor: StaffLike, household: Household, *,
                      via_person: Person | None = None) -> None:
    """household.edit through the people living there; through `via_person` only while
    nobody does (a new household's first member), so that moving one's own child into a
    stranger's household does not open the stranger's records."""
    relationships = relationships_to_household(actor, household.pk)
    if via_person is not None and not HouseholdMembership.objects.filter(
            household=household, ended__isnull=True).exists():
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
        if "postcode" in changes:
            refresh_match_keys(HouseholdMembership.objects.filter(
                household=household).values_list("person_id", flat=True))
    household.refresh_from_db()
    return household


def membership_add(*, actor: StaffLike, household: Household, person: Person, role: str,
                   started: dt.date | None) -> HouseholdMembership:
    """Record that a person lives at a household. The worker needs a relationship with the
    household (or, for its first member, with that person) and must be able to open the
    person's record."""
    _household_access(actor, household, via_person=person)
    _must_see(actor, person, "person")
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
        refresh_match_keys([person.pk])
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
        _end_once(HouseholdMembership.objects.filter(pk=membership.pk), ended,
                  "stay at this household")
        audit_record(actor=actor, action="household.member_end", target_type="household",
                     target_id=membership.household.ref,
                     detail={"person": str(membership.person.ref), "ended": ended})
        refresh_match_keys([membership.person_id])
    membership.refresh_from_db()
    return membership


# ------------------------------------------------------------------ relationships
