"""person_record: one audited view per call, and sealed people and households never shown
to users without the sealed grant."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent
from everychild.core.errors import AccessDenied, BreakGlassRequired, NotFound
from everychild.people.models import MemberRole, Person, Relationship
from everychild.people.selectors import household_get, person_get, person_record

from ..factories import HouseholdFactory, InvolvementFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def views_of(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="person.view", target_id=str(person.ref)))


@pytest.fixture
def birth_family(world):
    """A birth mother whose son was adopted (sealed) and who now lives with the child the
    social worker is allocated to. Her old household, where the adopted son lived, is still
    shown, without him; his new (adoptive) household is sealed while he lives there."""
    mother = PersonFactory(kind="adult", given_name="Lisa", family_name="Arthur",
                           date_of_birth=dt.date(1986, 4, 4))
    adopted = world.sealed_child
    old_home = HouseholdFactory(address_line_1="1 Old Road")
    MembershipFactory(household=old_home, person=mother, role=MemberRole.PARENT,
                      ended=dt.date(2022, 1, 1))
    MembershipFactory(household=old_home, person=adopted, role=MemberRole.CHILD,
                      ended=dt.date(2022, 1, 1))
    new_home = HouseholdFactory(address_line_1="2 New Road")
    MembershipFactory(household=new_home, person=mother, role=MemberRole.PARENT,
                      started=dt.date(2022, 1, 1))
    MembershipFactory(household=new_home, person=world.child, role=MemberRole.CHILD,
                      started=dt.date(2022, 1, 1))
    Relationship.objects.create(person=mother, related=adopted, kind="parent",
                                recorded_at=mother.created_at)
    Relationship.objects.create(person=mother, related=world.child, kind="parent",
                                recorded_at=mother.created_at)
    adoptive_home = HouseholdFactory(address_line_1="3 Hidden Lane")
    MembershipFactory(household=adoptive_home, person=adopted, role=MemberRole.CHILD,
                      started=dt.date(2022, 1, 1))
    return mother, old_home, new_home


def test_each_call_writes_exactly_one_view_entry(world):
    child = world.child
    for n in range(1, 4):
        record = person_record(actor=world.social_worker, ref=child.ref)
        assert len(views_of(child)) == n
    entry = views_of(child)[-1]
    assert (entry.actor_id, entry.detail) == (world.social_worker.pk, {"via": "relationship"})
    assert record.person == child
    assert audit_verify().ok


def test_a_refused_read_writes_no_view_entry(world):
    before = AuditEvent.objects.count()
    with pytest.raises(BreakGlassRequired):
        person_record(actor=world.users["police_investigator"], ref=world.child.ref)
    with pytest.raises(NotFound):
        person_record(actor=world.social_worker, ref=world.sealed_child.ref)
    with pytest.raises(AccessDenied):
        person_record(actor=world.users["board_analyst"], ref=world.child.ref)
    assert AuditEvent.objects.count() == before


# A fixed unknown uuid: a random one would name the test differently in each xdist worker.
@pytest.mark.parametrize("ref", ["not-a-uuid", "", "0b6f8a52-3c1e-4d7a-9f20-5e8b1c2d3a4f", None, 42])
def test_a_missing_or_malformed_ref_is_not_found(world, ref):
    with pytest.raises(NotFound):
        person_record(actor=world.social_worker, ref=ref)


def test_a_sealed_record_looks_exactly_like_a_missing_one(world):
    with pytest.raises(NotFound) as sealed:
        person_record(actor=world.social_worker, ref=world.sealed_child.ref)
    with pytest.raises(NotFound) as missing:
        person_record(actor=world.social_worker, ref=uuid.uuid4())
    assert sealed.value.message == missing.value.message
    with pytest.raises(NotFound):
        person_get(actor=world.social_worker, ref=world.sealed_child.ref)


def test_the_record_hides_sealed_relatives_and_their_households(world, birth_family):
    mother, old_home, new_home = birth_family
    record = person_record(actor=world.social_worker, ref=mother.ref)
    assert [h.household for h in record.households] == [new_home]
    # Her old home is still hers to see; the adopted son's row in it is not shown.
    assert [h.household for h in record.past_households] == [old_home]
    assert [r.person for r in record.relationships] == [world.child]
    shown = {m.person_id for h in record.households + record.past_households
             for m in h.members}
    assert world.sealed_child.pk not in shown and mother.pk in shown


def test_the_privacy_officer_sees_the_sealed_relatives_and_households(world, birth_family):
    mother, old_home, new_home = birth_family
    record = person_record(actor=world.users["privacy_officer"], ref=mother.ref)
    assert [h.household for h in record.households] == [new_home]
    assert [h.household for h in record.past_households] == [old_home]
    assert {r.person for r in record.relationships} == {world.child, world.sealed_child}
    assert world.sealed_child.pk in {m.person_id for m in record.past_households[0].members}


def test_a_household_is_sealed_while_a_sealed_child_lives_there(world, birth_family):
    from everychild.people.models import Household
    from everychild.people.selectors import household_members

    _, old_home, _new_home = birth_family
    adoptive_home = Household.objects.get(address_line_1="3 Hidden Lane")
    with pytest.raises(NotFound):
        household_get(actor=world.social_worker, ref=adoptive_home.ref)
    assert household_get(actor=world.users["privacy_officer"],
                         ref=adoptive_home.ref) == adoptive_home
    # Once he has left, the birth household is an ordinary one, listed without him.
    members = household_members(actor=world.social_worker, household=old_home)
    assert world.sealed_child.pk not in {m.person_id for m in members} and members
    privacy = household_members(actor=world.users["privacy_officer"], household=old_home)
    assert world.sealed_child.pk in {m.person_id for m in privacy}


def test_the_privacy_officer_opens_a_sealed_childs_record(world):
    record = person_record(actor=world.users["privacy_officer"], ref=world.sealed_child.ref)
    assert record.person == world.sealed_child and record.access.via == "scope"
    assert views_of(world.sealed_child)[0].actor_id == world.users["privacy_officer"].pk


def test_the_record_lists_current_and_past_involvement(world):
    ended = InvolvementFactory(person=world.child, agency=world.police,
                               ended=dt.date(2024, 6, 1))
    record = person_record(actor=world.social_worker, ref=world.child.ref)
    assert ended in record.past_involvements
    assert ended not in record.involvements
    assert {i.agency for i in record.involvements} == {world.csc, world.school}


def test_break_glass_on_a_child_opens_their_current_household_too(world):
    from everychild.access.records import break_glass_open
    from everychild.core.errors import AccessDenied

    police = world.users["police_investigator"]
    home = HouseholdFactory()
    MembershipFactory(household=home, person=world.child, role=MemberRole.CHILD)
    with pytest.raises(AccessDenied):
        household_get(actor=police, ref=home.ref)
    break_glass_open(actor=police, target_type="person", target_id=str(world.child.ref),
                     reason="Child seen injured at a police call-out tonight", sealed=False)
    assert household_get(actor=police, ref=home.ref) == home
    entry = AuditEvent.objects.order_by("-seq").first()
    assert (entry.action, entry.detail) == ("household.view", {"via": "break_glass"})
    # Reading is all it gives: changing the household still needs a real relationship.
    with pytest.raises(AccessDenied):
        household_get(actor=police, ref=home.ref, action="household.edit")
