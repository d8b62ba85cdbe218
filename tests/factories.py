"""factory_boy factories for test set-up. Tests of behaviour go through the services;
factories only build the world those services act in."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone

from everychild.agencies.models import Agency, AgencyKind, Staff, Team
from everychild.core.identifiers import nhs_check_digit, upn_check_letter
from everychild.core.names import name_key
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    MemberRole,
    Person,
    PersonKind,
    PersonName,
)

PASSWORD = "correct-horse-battery-staple"
_nhs_counter = itertools.count(100000001)
_upn_counter = itertools.count(1)


def valid_nhs_number() -> str:
    while True:
        body = f"{next(_nhs_counter):09d}"
        check = nhs_check_digit(body)
        if check is not None:
            return f"{body}{check}"


def valid_upn() -> str:
    body = f"90120260{next(_upn_counter):04d}"
    return upn_check_letter(body) + body


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE
    code = factory.Sequence(lambda n: f"AG{n:05d}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = "social_worker"
    agency = factory.SubFactory(AgencyFactory)
    team = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    kind = PersonKind.CHILD
    given_name = factory.Sequence(lambda n: f"Child{n}")
    family_name = "Testfamily"
    given_name_key = factory.LazyAttribute(lambda o: name_key(o.given_name))
    family_name_key = factory.LazyAttribute(lambda o: name_key(o.family_name))
    sex = "F"
    date_of_birth = dt.date(2018, 5, 4)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def name_history(obj, create, extracted, **kwargs):
        if create:
            PersonName.objects.create(person=obj, given_name=obj.given_name,
                                      family_name=obj.family_name, recorded_from=obj.created_at)

    @factory.post_generation
    def match_keys(obj, create, extracted, **kwargs):
        # Made without the services, so the matcher's keys are built here as they would be.
        if create:
            from everychild.people.matching import refresh_match_keys

            refresh_match_keys([obj.pk])


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address_line_1 = factory.Sequence(lambda n: f"{n} Test Street")
    town = "Northbrook"
    postcode = "NB1 2AB"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMembership

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.CHILD
    started = dt.date(2020, 1, 1)
    recorded_at = factory.LazyFunction(timezone.now)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    person = factory.SubFactory(PersonFactory)
    staff = None
    agency = factory.SubFactory(AgencyFactory)
    role = InvolvementRole.AGENCY
    started = dt.date(2024, 1, 1)
    recorded_at = factory.LazyFunction(timezone.now)
