"""Where a user's relationship to a record comes from: their own or their team's or
agency's involvement with the child, and for an adult, the children they live with or
are related to, for as long as those links last."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access import policy
from everychild.access.records import break_glass_open
from everychild.core import clock
from everychild.core.errors import AccessDenied, BreakGlassRequired
from everychild.people.models import (
    HouseholdMembership,
    Involvement,
    InvolvementRole,
    MemberRole,
    Person,
    Relationship,
    RelationshipKind,
)
from everychild.people.relationships import (
    linked_child_ids,
    relationships_to_household,
    relationships_to_person,
)
from everychild.people.selectors import person_record, person_search
from everychild.people.services import (
    membership_end,
    person_update,
    relationship_add,
    relationship_end,
)

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def adult(**kwargs) -> Person:
    return PersonFactory(kind="adult", date_of_birth=dt.date(1985, 1, 1), **kwargs)


@pytest.fixture
def police_child(world) -> Person:
    """A child the police are involved with (no named officer)."""
    child = PersonFactory(given_name="Khyra", family_name="Ishaq")
    InvolvementFactory(person=child, agency=world.police)
    return child


# ------------------------------------------------------------------ adults through children
def test_a_non_family_adult_living_with_the_child_is_open_while_they_live_there(
        world, police_child):
    police = world.users["police_investigator"]
    lodger = adult(given_name="Junaid", family_name="Lodger")
    home = HouseholdFactory()
    MembershipFactory(household=home, person=police_child, role=MemberRole.CHILD)
    stay = MembershipFactory(household=home, person=lodger, role=MemberRole.OTHER_ADULT)

    assert relationships_to_person(police, lodger) == {policy.AGENCY}
    assert person_record(actor=police, ref=lodger.ref).access.via == "relationship"

    membership_end(actor=_allocated(world, police_child), membership=stay,
                   ended=clock.today())
    assert relationships_to_person(police, lodger) == frozenset()
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=lodger.ref)


def _allocated(world, child):
    """A police officer allocated to the child, who may change the household."""
    officer = StaffFactory(role="police_investigator", agency=world.police)
    InvolvementFactory(person=child, agency=world.police, staff=officer,
                       role=InvolvementRole.PRACTITIONER)
    return officer


def test_the_child_leaving_also_ends_the_link(world, police_child):
    police = world.users["police_investigator"]
    lodger = adult()
    home = HouseholdFactory()
    child_stay = MembershipFactory(household=home, person=police_child)
    MembershipFactory(household=home, person=lodger, role=MemberRole.LODGER)
    assert linked_child_ids(lodger) == {police_child.pk}
    HouseholdMembership.objects.filter(pk=child_stay.pk).update(ended=clock.today())
    assert linked_child_ids(lodger) == set()
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=lodger.ref)


def _opened_by_break_glass(officer, person: Person) -> None:
    """A user may link only people they can open; an adult nobody in the officer's agency
    works with yet is opened with a reason first (audited, and the privacy officer told)."""
    break_glass_open(actor=officer, target_type="person", target_id=str(person.ref),
                     reason="Identifying the adults around the child", sealed=False)


@pytest.mark.parametrize("direction", ["adult_to_child", "child_to_adult"])
def test_an_adult_related_to_the_child_is_open_until_the_relationship_ends(
        world, police_child, direction):
    # A colleague of the linking officer, in the same force, with no grant of their own.
    police = world.users["police_investigator"]
    uncle = adult()
    person, related = (uncle, police_child) if direction == "adult_to_child" else (
        police_child, uncle)
    officer = _allocated(world, police_child)
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=uncle.ref)
    _opened_by_break_glass(officer, uncle)
    rel = relationship_add(actor=officer, person=person, related=related, kind="other")
    assert relationships_to_person(police, uncle) == {policy.AGENCY}
    assert person_record(actor=police, ref=uncle.ref).access.via == "relationship"
    relationship_end(actor=officer, relationship=rel, ended=clock.today())
    assert relationships_to_person(police, uncle) == frozenset()
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=uncle.ref)


def test_an_adult_related_only_to_another_adult_gains_nothing(world, police_child):
    officer = _allocated(world, police_child)
    mother, her_partner, her_friend = adult(), adult(), adult()
    for someone in (mother, her_partner, her_friend):
        _opened_by_break_glass(officer, someone)
    relationship_add(actor=officer, person=mother, related=police_child, kind="parent")
    relationship_add(actor=officer, person=her_partner, related=police_child,
                     kind="parents_partner")
    assert linked_child_ids(her_partner) == {police_child.pk}
    # A friend of the mother's, with no link to any child, is not opened through her.
    relationship_add(actor=officer, person=her_friend, related=mother, kind="family_friend")
    assert linked_child_ids(her_friend) == set()
    assert relationships_to_person(world.users["police_investigator"], her_friend) == frozenset()


def test_a_childs_record_takes_nothing_from_the_adults_around_it(world, police_child):
    """Only involvement with the child itself opens a child's record."""
    father = adult()
    InvolvementFactory(person=father, agency=world.gp)
    officer = _allocated(world, police_child)
    _opened_by_break_glass(officer, father)
    relationship_add(actor=officer, person=father, related=police_child, kind="parent")
    assert relationships_to_person(world.users["health_practitioner"], father) == {
        policy.AGENCY}
    assert relationships_to_person(world.users["health_practitioner"],
                                   police_child) == frozenset()


# ------------------------------------------------------------------ allocated, team, agency
def test_allocated_team_and_agency_relationships(world):
    child = Person.objects.get(pk=world.child.pk)
    team_mate = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    other_team = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    no_team = StaffFactory(role="social_worker", agency=world.csc, team=None)
    assert relationships_to_person(world.social_worker, child) == {
        policy.ALLOCATED, policy.TEAM, policy.AGENCY}
    assert relationships_to_person(team_mate, child) == {policy.TEAM, policy.AGENCY}
    assert relationships_to_person(other_team, child) == {policy.AGENCY}
    assert relationships_to_person(no_team, child) == {policy.AGENCY}
    assert relationships_to_person(world.users["police_investigator"], child) == frozenset()


def test_team_scope_comes_through_a_team_mates_allocation(world):
    child = Person.objects.get(pk=world.child.pk)
    team_mate = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    updated = person_update(actor=team_mate, person=child, version=1,
                            changes={"given_name": "Vicky"})
    assert updated.version == 2
    other_team = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    with pytest.raises(AccessDenied):
        person_update(actor=other_team, person=updated, version=2,
                      changes={"given_name": "Amelia"})
    # ...and the team-mate loses it when the allocation ends.
    Involvement.objects.filter(person=child, staff=world.social_worker).update(
        ended=clock.today())
    with pytest.raises(AccessDenied):
        person_update(actor=team_mate, person=updated, version=2,
                      changes={"given_name": "Amelia"})


def test_search_says_who_may_open_an_adult_through_a_child(world, police_child):
    lodger = adult(given_name="Zebedee", family_name="Quill")
    home = HouseholdFactory()
    MembershipFactory(household=home, person=police_child)
    MembershipFactory(household=home, person=lodger, role=MemberRole.FRIEND)
    [hit] = person_search(actor=world.users["police_investigator"], text="zebedee quill")
    assert hit.can_open and not hit.may_break_glass
    [hit] = person_search(actor=world.users["health_practitioner"], text="zebedee quill")
    assert not hit.can_open and hit.may_break_glass


def test_a_household_is_open_through_anyone_living_there_now(world, police_child):
    police = world.users["police_investigator"]
    home = HouseholdFactory()
    stay = MembershipFactory(household=home, person=police_child)
    assert relationships_to_household(police, home.pk) == {policy.AGENCY}
    HouseholdMembership.objects.filter(pk=stay.pk).update(ended=clock.today())
    assert relationships_to_household(police, home.pk) == frozenset()


def test_work_with_an_adopted_child_does_not_open_the_birth_family(world):
    """The sealed child is linked to a birth parent (household and relationship); a worker
    whose agency is involved with the sealed child gains nothing over the parent."""
    birth_parent = PersonFactory(kind="adult", given_name="Birth", family_name="Parent")
    home = HouseholdFactory()
    MembershipFactory(household=home, person=world.sealed_child, role=MemberRole.CHILD)
    MembershipFactory(household=home, person=birth_parent, role=MemberRole.PARENT)
    Relationship.objects.create(person=birth_parent, related=world.sealed_child,
                                kind=RelationshipKind.PARENT, recorded_at=clock.now())
    assert world.sealed_child.pk not in linked_child_ids(birth_parent)
    # world.sealed_child has children's social care involved, the social worker's agency.
    assert relationships_to_person(world.social_worker, birth_parent) == frozenset()
    with pytest.raises(BreakGlassRequired):
        person_record(actor=world.social_worker, ref=birth_parent.ref)
    hit = person_search(actor=world.social_worker, text="birth parent")[0]
    assert hit.can_open is False
