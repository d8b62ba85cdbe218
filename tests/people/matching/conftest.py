"""Recording people through the services, as users do, so that their match keys are
kept by the code under test rather than by the test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from everychild.people.models import Household, MemberRole, OtherNameKind, Person
from everychild.people.services import (
    AddressInput,
    FirstMember,
    PersonInput,
    household_create,
    membership_add,
    other_name_add,
    person_create,
)

Record = Callable[..., Person]


@pytest.fixture
def record(world) -> Record:
    """record("Katherine", "Brown", "2016-05-14", postcode="NB1 2AB", ...) -> Person."""
    actor = world.social_worker
    homes: dict[str, Household] = {}

    def make(given: str, family: str, dob: str = "", sex: str = "F", *, postcode: str = "",
             nhs: str = "", upn: str = "", kind: str = "child", expected: str = "",
             former: str = "", nickname: str = "") -> Person:
        person = person_create(actor=actor, data=PersonInput(
            kind=kind, given_name=given, family_name=family, sex=sex,
            date_of_birth=dt.date.fromisoformat(dob) if dob else None,
            expected_date_of_birth=dt.date.fromisoformat(expected) if expected else None,
            nhs_number=nhs, upn=upn))
        role = MemberRole.CHILD if kind == "child" else MemberRole.PARENT
        if postcode and postcode in homes:
            membership_add(actor=actor, household=homes[postcode], person=person, role=role,
                           started=dt.date(2024, 1, 1))
        elif postcode:
            homes[postcode] = household_create(
                actor=actor, address=AddressInput("1 Mill Lane", "Northbrook", postcode),
                first_member=FirstMember(person, role, dt.date(2024, 1, 1)))
        if former:
            other_name_add(actor=actor, person=person, kind=OtherNameKind.FORMER,
                           given_name="", family_name=former)
        if nickname:
            other_name_add(actor=actor, person=person, kind=OtherNameKind.NICKNAME,
                           given_name=nickname, family_name="")
        person.refresh_from_db()
        return person

    return make
