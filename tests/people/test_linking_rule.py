"""Linking two people opens each one's record to the workers of the other, so a user may
link only people whose records they can already open (through their own work, or by
break-glass, which the privacy officer is told of), and may add someone to a household
only through the people already living there: through the person being added only while
nobody does. Each refusal names the person and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from everychild.access.models import AuditEvent, BreakGlassGrant, PrivacyAlert
from everychild.access.records import break_glass_open
from everychild.core import clock
from everychild.core.errors import AccessDenied, NotFound, ValidationFailed
from everychild.people.models import (
    Household,
    HouseholdMembership,
    InvolvementRole,
    MemberRole,
    Person,
    Relationship,
)
from everychild.people.relationships import relationships_to_person
from everychild.people.selectors import person_record
from everychild.people.services import (
    AddressInput,
    household_create,
    membership_add,
    relationship_add,
)

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

REASON = "Checking who the child's visitors are before a home visit"


def counts() -> tuple[int, int, int, int]:
    return (Relationship.objects.count(), HouseholdMembership.objects.count(),
            AuditEvent.objects.count(), PrivacyAlert.objects.count())


def refused(exc_type: type[Exception], call: Callable[[], object]) -> Exception:
    before = counts()
    with pytest.raises(exc_type) as caught:
        call()
    assert counts() == before
    return caught.value


def cannot_open(person: Person) -> list[str]:
    return [f"You cannot open {person.full_name}'s record, so you cannot link them here. "
            "Open their record first (giving a reason if you are not involved)"]


def still_closed(actor, person: Person) -> None:
    with pytest.raises(AccessDenied):  # BreakGlassRequired: a reason would open it
        person_record(actor=actor, ref=person.ref)


@pytest.fixture
def stranger(world) -> Person:
    """An adult only a GP practice works with: nobody in children's social care may open
    his record without giving a reason."""
    adult = PersonFactory(kind="adult", given_name="Declan", family_name="Thorne",
                          sex="M", date_of_birth=dt.date(1979, 8, 14))
    InvolvementFactory(person=adult, agency=world.gp)
    return adult


@pytest.fixture
def colleague(world):
    """Another social worker of the same agency, in the other team."""
    return StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)


# ================================================================== relationships
@pytest.mark.parametrize("adult_is", ["person", "related"])
def test_linking_your_child_to_an_adult_you_cannot_open_is_refused(
        world, stranger, colleague, adult_is):
    person, related = ((stranger, world.child) if adult_is == "person"
                       else (world.child, stranger))
    kind = "parent" if adult_is == "person" else "other"
    error = refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=person, related=related, kind=kind))
    assert error.errors == {adult_is: cannot_open(stranger)}
    # The hole this closes: neither the worker nor their agency got into his record.
    still_closed(world.social_worker, stranger)
    assert relationships_to_person(colleague, stranger) == frozenset()


def test_the_child_side_must_be_open_too(world):
    """An adult the worker works with cannot be tied to a child they do not: that would
    open the adult to the child's agency on the worker's say-so."""
    adult = PersonFactory(kind="adult", given_name="Lena", family_name="Osei")
    InvolvementFactory(person=adult, agency=world.csc, staff=world.social_worker,
                       role=InvolvementRole.PRACTITIONER)
    error = refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=adult, related=world.unrelated_child,
        kind="aunt_uncle"))
    assert error.errors == {"related": cannot_open(world.unrelated_child)}


def test_an_adult_opened_by_break_glass_may_be_linked(world, stranger, colleague):
    grant = break_glass_open(actor=world.social_worker, target_type="person",
                             target_id=str(stranger.ref), reason=REASON, sealed=False)
    rel = relationship_add(actor=world.social_worker, person=stranger, related=world.child,
                           kind="parent")
    assert (rel.person, rel.related, rel.recorded_by_id) == (
        stranger, world.child, world.social_worker.pk)
    # The privacy officer has been told why the worker opened his record.
    alert = PrivacyAlert.objects.get(target_id=str(stranger.ref))
    assert (alert.kind, alert.staff_id, alert.reason) == (
        PrivacyAlert.Kind.BREAK_GLASS, world.social_worker.pk, REASON)
    opened = AuditEvent.objects.get(seq=alert.audit_seq)
    assert (opened.action, opened.target_id) == ("record.break_glass", str(stranger.ref))
    assert AuditEvent.objects.filter(action="relationship.add",
                                     target_id=str(stranger.ref)).count() == 1
    assert grant.expires_at > clock.now()
    # Now that he is the child's father on record, the child's workers may open his.
    assert person_record(actor=colleague, ref=stranger.ref).access.via == "relationship"


def test_a_break_glass_that_has_expired_no_longer_lets_you_link(world, stranger):
    break_glass_open(actor=world.social_worker, target_type="person",
                     target_id=str(stranger.ref), reason=REASON, sealed=False)
    BreakGlassGrant.objects.filter(staff=world.social_worker).update(
        expires_at=clock.now() - dt.timedelta(seconds=1))
    error = refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=stranger, related=world.child, kind="parent"))
    assert error.errors == {"person": cannot_open(stranger)}


def test_a_break_glass_by_someone_else_does_not_count(world, stranger, colleague):
    break_glass_open(actor=colleague, target_type="person", target_id=str(stranger.ref),
                     reason=REASON, sealed=False)
    refused(ValidationFailed, lambda: relationship_add(
        actor=world.social_worker, person=stranger, related=world.child, kind="parent"))


def test_linking_a_sealed_person_is_not_found_and_does_not_name_them(world):
    for person, related in ((world.child, world.sealed_child),
                            (world.sealed_child, world.child)):
        error = refused(NotFound, lambda p=person, r=related: relationship_add(
            actor=world.social_worker, person=p, related=r, kind="sibling"))
        assert not error.errors and "Sealedchild" not in str(error)


# ================================================================== households
@pytest.fixture
def strangers_home(stranger) -> Household:
    household = HouseholdFactory(address_line_1="9 Quarry Row", postcode="NB4 6TT")
    MembershipFactory(household=household, person=stranger, role=MemberRole.PARENT)
    return household


def test_moving_your_child_into_a_strangers_household_is_refused(
        world, stranger, colleague, strangers_home):
    refused(AccessDenied, lambda: membership_add(
        actor=world.social_worker, household=strangers_home, person=world.child,
        role="child", started=clock.today()))
    still_closed(world.social_worker, stranger)
    assert relationships_to_person(colleague, stranger) == frozenset()


def test_break_glass_on_a_resident_opens_their_household_for_reading_only(
        world, stranger, strangers_home):
    break_glass_open(actor=world.social_worker, target_type="person",
                     target_id=str(stranger.ref), reason=REASON, sealed=False)
    refused(AccessDenied, lambda: membership_add(
        actor=world.social_worker, household=strangers_home, person=world.child,
        role="child", started=clock.today()))


def test_the_first_member_of_an_empty_household_comes_in_through_themselves(world):
    household = household_create(actor=world.social_worker, address=AddressInput(
        address_line_1="2 Weir Cottages", town="Northbrook", postcode="NB5 1WD"))
    membership = membership_add(actor=world.social_worker, household=household,
                                person=world.child, role="child", started=clock.today())
    assert (membership.household, membership.person) == (household, world.child)
    # From then on the household is the worker's through the child living there.
    mother = PersonFactory(kind="adult", given_name="Ruth", family_name="Osei")
    InvolvementFactory(person=mother, agency=world.csc)
    assert membership_add(actor=world.social_worker, household=household, person=mother,
                          role="parent", started=clock.today()).pk


def test_a_household_everyone_has_left_is_empty_again(world, stranger, strangers_home):
    HouseholdMembership.objects.filter(household=strangers_home).update(
        ended=clock.today() - dt.timedelta(days=30))
    assert membership_add(actor=world.social_worker, household=strangers_home,
                          person=world.child, role="child", started=clock.today()).pk
    # He left before the child came: living there once opens nothing now.
    still_closed(world.social_worker, stranger)


@pytest.fixture
def childs_home(world) -> Household:
    household = HouseholdFactory(address_line_1="4 Mill Lane", postcode="NB2 3DE")
    MembershipFactory(household=household, person=world.child, role=MemberRole.CHILD)
    return household


def test_adding_someone_you_cannot_open_to_your_childs_household_is_refused(
        world, stranger, colleague, childs_home):
    error = refused(ValidationFailed, lambda: membership_add(
        actor=world.social_worker, household=childs_home, person=stranger, role="lodger",
        started=clock.today()))
    assert error.errors == {"person": cannot_open(stranger)}
    still_closed(world.social_worker, stranger)
    assert relationships_to_person(colleague, stranger) == frozenset()


def test_adding_someone_opened_by_break_glass_to_your_childs_household(
        world, stranger, childs_home):
    break_glass_open(actor=world.social_worker, target_type="person",
                     target_id=str(stranger.ref), reason=REASON, sealed=False)
    assert membership_add(actor=world.social_worker, household=childs_home, person=stranger,
                          role="lodger", started=clock.today()).pk
    assert PrivacyAlert.objects.filter(staff=world.social_worker,
                                       target_id=str(stranger.ref)).exists()


def test_adding_a_sealed_person_to_your_childs_household_is_not_found(world, childs_home):
    error = refused(NotFound, lambda: membership_add(
        actor=world.social_worker, household=childs_home, person=world.sealed_child,
        role="child", started=clock.today()))
    assert not error.errors and "Sealedchild" not in str(error)
