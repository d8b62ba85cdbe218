"""Households and who lives in them: addresses are validated, edits carry a version, and
memberships follow the dates and roles of the people in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from everychild.access.models import AuditEvent
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from everychild.people.models import (
    Household,
    HouseholdMembership,
    InvolvementRole,
    MemberRole,
    Person,
)
from everychild.people.services import (
    AddressInput,
    household_create,
    household_update,
    membership_add,
    membership_end,
)

from ..factories import HouseholdFactory, InvolvementFactory, MembershipFactory, PersonFactory
from .service_checks import days_from_today, last_seq, one_entry_since, refused_unchanged

pytestmark = pytest.mark.django_db

ADDRESS = AddressInput(address_line_1="12 Canal Street", town="Northbrook", postcode="nb1 2ab")


def counts() -> tuple[int, int, int]:
    return (Household.objects.count(), HouseholdMembership.objects.count(),
            AuditEvent.objects.count())




def refused(exc_type: type[Exception], call: Callable[[], object]) -> Exception:
    return refused_unchanged(counts, exc_type, call)


_days = days_from_today


@pytest.fixture
def home(world) -> Household:
    """The allocated child's home, where she lives with her mother."""
    household = HouseholdFactory(address_line_1="4 Mill Lane", postcode="NB2 3DE")
    MembershipFactory(household=household, person=world.child, role=MemberRole.CHILD)
    mother = PersonFactory(kind="adult", given_name="Marie", family_name="Osei",
                           date_of_birth=dt.date(1990, 1, 1))
    MembershipFactory(household=household, person=mother, role=MemberRole.PARENT)
    return household


def _mother(home: Household) -> Person:
    return Person.objects.get(memberships__household=home, kind="adult")


# ================================================================== household_create
def test_a_household_is_recorded_with_a_normalised_address_and_one_entry(world):
    seq = last_seq()
    household = household_create(actor=world.social_worker, address=AddressInput(
        address_line_1="  12 Canal Street ", address_line_2=" Flat 3", town=" Northbrook ",
        postcode="nb12ab"))
    assert (household.address_line_1, household.address_line_2, household.town,
            household.postcode, household.version) == (
        "12 Canal Street", "Flat 3", "Northbrook", "NB1 2AB", 1)
    entry = one_entry_since(seq, "household.create")
    assert entry.target_id == str(household.ref)
    assert entry.detail["address"]["postcode"] == "NB1 2AB"


def test_every_address_problem_is_reported_at_once_and_nothing_is_written(world):
    error = refused(ValidationFailed, lambda: household_create(
        actor=world.social_worker,
        address=AddressInput(address_line_1=" ", town="", postcode="NOT A POSTCODE")))
    assert set(error.errors) == {"address_line_1", "town", "postcode"}
    assert error.errors["postcode"] == ["Enter a real postcode, like SW1A 2AA"]


@pytest.mark.parametrize(("address", "field", "message"), [
    (AddressInput("1 Street", "Town", ""), "postcode", "Enter a postcode, like SW1A 2AA"),
    (AddressInput("1 Street", "Town", "   "), "postcode", "Enter a postcode, like SW1A 2AA"),
    (AddressInput("1 Street", "Town", "SW1A 2AAA"), "postcode", "Enter a real postcode"),
    (AddressInput("1" * 201, "Town", "SW1A 2AA"), "address_line_1", "200 characters or fewer"),
    (AddressInput("1 Street", "T" * 101, "SW1A 2AA"), "town", "100 characters or fewer"),
])
def test_each_address_rule(world, address, field, message):
    error = refused(ValidationFailed, lambda: household_create(actor=world.social_worker,
                                                               address=address))
    assert any(message in m for m in error.errors[field])


@pytest.mark.parametrize("role", ["board_analyst", "inspector", "conference_chair",
                                  "privacy_officer"])
def test_roles_that_may_not_record_households_are_refused(world, role):
    refused(AccessDenied, lambda: household_create(actor=world.users[role], address=ADDRESS))


# ================================================================== household_update
def test_an_address_change_bumps_the_version_and_audits_old_and_new(world, home):
    seq = last_seq()
    updated = household_update(actor=world.social_worker, household=home, version=1,
                               address=AddressInput("5 Mill Lane", "Northbrook", "nb2 3de"))
    assert (updated.address_line_1, updated.version) == ("5 Mill Lane", 2)
    entry = one_entry_since(seq, "household.edit")
    assert entry.detail == {"changes": {"address_line_1": ["4 Mill Lane", "5 Mill Lane"]}}


def test_a_stale_household_edit_is_a_conflict_and_changes_nothing(world, home):
    stale = Household.objects.get(pk=home.pk)
    household_update(actor=world.social_worker, household=home, version=1,
                     address=AddressInput("5 Mill Lane", "Northbrook", "NB2 3DE"))
    refused(Conflict, lambda: household_update(
        actor=world.social_worker, household=stale, version=1,
        address=AddressInput("6 Mill Lane", "Northbrook", "NB2 3DE")))
    assert Household.objects.get(pk=home.pk).address_line_1 == "5 Mill Lane"


def test_a_household_edit_without_a_version_is_refused(world, home):
    error = refused(ValidationFailed, lambda: household_update(
        actor=world.social_worker, household=home, version=None,
        address=AddressInput("5 Mill Lane", "Northbrook", "NB2 3DE")))
    assert "version" in error.errors


def test_a_household_edit_is_validated(world, home):
    refused(ValidationFailed, lambda: household_update(
        actor=world.social_worker, household=home, version=1,
        address=AddressInput("", "Northbrook", "NB2 3DE")))
    assert Household.objects.get(pk=home.pk).version == 1


def test_a_household_edit_that_changes_nothing_writes_nothing(world, home):
    before = counts()
    same = household_update(actor=world.social_worker, household=home, version=1,
                            address=AddressInput(" 4 Mill Lane", "Northbrook", "nb23de"))
    assert same.version == 1 and counts() == before


def test_a_worker_with_nobody_in_the_household_may_not_change_it(world, home):
    refused(AccessDenied, lambda: household_update(
        actor=world.users["police_investigator"], household=home, version=1,
        address=AddressInput("5 Mill Lane", "Northbrook", "NB2 3DE")))


# ================================================================== membership_add
def test_a_child_joins_a_new_empty_household_through_the_child(world):
    household = household_create(actor=world.social_worker, address=ADDRESS)
    seq = last_seq()
    membership = membership_add(actor=world.social_worker, household=household,
                                person=world.child, role="child", started=_days(-3))
    assert (membership.person_id, membership.ended) == (world.child.pk, None)
    entry = one_entry_since(seq, "household.member_add")
    assert entry.detail == {"person": str(world.child.ref), "role": "child",
                            "started": _days(-3).isoformat()}


def test_nobody_may_add_a_person_they_have_no_relationship_with_to_an_empty_household(world):
    household = household_create(actor=world.users["police_investigator"], address=ADDRESS)
    refused(AccessDenied, lambda: membership_add(
        actor=world.users["police_investigator"], household=household, person=world.child,
        role="child", started=_days(-1)))


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"started": None}, "started", "Enter the date they started living here"),
    ({"started": _days(1)}, "started", "today or in the past"),
    ({"role": "landlord"}, "role", "Select how this person lives in the household"),
])
def test_membership_rules(world, kwargs, field, message):
    household = HouseholdFactory()
    error = refused(ValidationFailed, lambda: membership_add(**{
        "actor": world.social_worker, "household": household, "person": world.child,
        "role": "child", "started": _days(-1), **kwargs}))
    assert any(message in m for m in error.errors[field])


def test_an_adult_cannot_be_a_child_of_the_household(world, home):
    lodger = PersonFactory(kind="adult", date_of_birth=dt.date(1985, 5, 5))
    InvolvementFactory(person=lodger, agency=world.csc)  # so the worker may open his record
    error = refused(ValidationFailed, lambda: membership_add(
        actor=world.social_worker, household=home, person=lodger, role="child",
        started=_days(-1)))
    assert error.errors["role"] == ["Only a child can be a child of the household"]
    assert membership_add(actor=world.social_worker, household=home, person=lodger,
                          role="lodger", started=_days(-1)).pk


def test_a_person_already_living_there_cannot_be_added_again(world, home):
    error = refused(ValidationFailed, lambda: membership_add(
        actor=world.social_worker, household=home, person=world.child, role="child",
        started=_days(-1)))
    assert error.errors["person"] == ["This person is already recorded as living here"]


def test_a_person_who_left_can_come_back(world, home):
    # While the child is away the household is the worker's only through who lives there
    # then: here the mother, whom the worker also works with.
    InvolvementFactory(person=_mother(home), agency=world.csc, staff=world.social_worker,
                       role=InvolvementRole.PRACTITIONER)
    membership = HouseholdMembership.objects.get(household=home, person=world.child)
    membership_end(actor=world.social_worker, membership=membership, ended=_days(-10))
    assert membership_add(actor=world.social_worker, household=home, person=world.child,
                          role="child", started=_days(-2)).pk


def test_a_sealed_household_is_not_found_by_those_without_the_grant(world):
    household = HouseholdFactory()
    MembershipFactory(household=household, person=world.sealed_child)
    refused(NotFound, lambda: membership_add(
        actor=world.social_worker, household=household, person=world.child, role="child",
        started=_days(-1)))


# ================================================================== membership_end
@pytest.fixture
def membership(world, home) -> HouseholdMembership:
    return HouseholdMembership.objects.get(household=home, person=world.child)


def test_ending_a_membership_records_the_date_and_one_entry(world, membership):
    seq = last_seq()
    ended = membership_end(actor=world.social_worker, membership=membership, ended=_days(0))
    assert ended.ended == _days(0)
    entry = one_entry_since(seq, "household.member_end")
    assert entry.detail == {"person": str(world.child.ref), "ended": _days(0).isoformat()}


@pytest.mark.parametrize(("ended", "message"), [
    (None, "Enter the date they left"),
    (dt.date(2019, 12, 31), "on or after the date they arrived"),
    (_days(1), "today or in the past"),
])
def test_membership_end_rules(world, membership, ended, message):
    error = refused(ValidationFailed, lambda: membership_end(
        actor=world.social_worker, membership=membership, ended=ended))
    assert message in error.errors["ended"][0]
    assert HouseholdMembership.objects.get(pk=membership.pk).ended is None


def test_a_membership_that_has_ended_cannot_end_again(world, home):
    # The mother leaves: the child still lives there, so the household stays the worker's.
    membership = HouseholdMembership.objects.get(household=home, person=_mother(home))
    membership_end(actor=world.social_worker, membership=membership, ended=_days(-1))
    refused(ValidationFailed, lambda: membership_end(
        actor=world.social_worker, membership=membership, ended=_days(0)))
    assert HouseholdMembership.objects.get(pk=membership.pk).ended == _days(-1)


def test_ending_a_membership_needs_permission(world, membership):
    refused(AccessDenied, lambda: membership_end(
        actor=world.users["health_practitioner"], membership=membership, ended=_days(0)))


def test_the_mother_leaving_is_recorded_through_the_child(world, home):
    membership = HouseholdMembership.objects.get(household=home, person=_mother(home))
    assert membership_end(actor=world.social_worker, membership=membership,
                          ended=_days(0)).ended == _days(0)


def test_a_household_and_its_first_member_are_recorded_together_or_not_at_all(world):
    from everychild.people.models import Household
    from everychild.people.services import AddressInput, FirstMember, household_create

    address = AddressInput(address_line_1="4 Ferry Lane", town="Northbrook", postcode="NB3 1AA")
    before = (Household.objects.count(), HouseholdMembership.objects.count())
    with pytest.raises(ValidationFailed):  # a start date in the future
        household_create(actor=world.social_worker, address=address,
                         first_member=FirstMember(world.child, "child", _days(1)))
    assert (Household.objects.count(), HouseholdMembership.objects.count()) == before
    home = household_create(actor=world.social_worker, address=address,
                            first_member=FirstMember(world.child, "child", _days(-1)))
    assert [m.person for m in home.memberships.all()] == [world.child]
