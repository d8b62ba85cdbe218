"""Search reveals people by policy but never a sealed person without the sealed grant."""

import pytest

from everychild.access.models import AuditEvent
from everychild.people.selectors import person_search

pytestmark = pytest.mark.django_db


def test_search_finds_child_and_says_who_may_open(world):
    hits = person_search(actor=world.users["police_investigator"], text="amelia osei")
    assert [h.person.pk for h in hits] == [world.child.pk]
    # Police are not involved with this child: they learn she is known, not her record.
    assert hits[0].can_open is False and hits[0].may_break_glass is True


def test_search_never_reveals_sealed_child_without_the_grant(world):
    assert person_search(actor=world.social_worker, text="sealedchild") == []
    hits = person_search(actor=world.users["privacy_officer"], text="sealedchild")
    assert [h.person.pk for h in hits] == [world.sealed_child.pk]


def test_each_search_is_audited_with_its_terms(world):
    before = AuditEvent.objects.count()
    person_search(actor=world.social_worker, text="osei")
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "person.search" and event.detail["text"] == "osei"


def test_can_open_in_results_matches_opening_each_record(world):
    """Search works out many people's relationships at once; each answer must agree with
    what opening that record one at a time decides."""
    import datetime as dt

    from everychild.core.errors import DomainError
    from everychild.people.models import MemberRole, Relationship, RelationshipKind
    from everychild.people.selectors import person_record

    from ..factories import HouseholdFactory, MembershipFactory, PersonFactory

    home = HouseholdFactory()
    MembershipFactory(household=home, person=world.child, role=MemberRole.CHILD)
    lodger = PersonFactory(kind="adult", given_name="Lodger", family_name="Osei",
                           date_of_birth=dt.date(1980, 1, 1))
    MembershipFactory(household=home, person=lodger, role=MemberRole.LODGER)
    aunt = PersonFactory(kind="adult", given_name="Aunt", family_name="Osei")
    Relationship.objects.create(person=aunt, related=world.child,
                                kind=RelationshipKind.AUNT_UNCLE, recorded_at=aunt.created_at)
    PersonFactory(kind="adult", given_name="Stranger", family_name="Osei")
    PersonFactory(kind="child", given_name="Cousin", family_name="Osei")
    from everychild.access import policy

    for actor in world.users.values():
        if not policy.allows(actor.role, "person.search"):
            continue
        hits = person_search(actor=actor, text="osei")
        assert len(hits) == 5
        for hit in hits:
            try:
                person_record(actor=actor, ref=hit.person.ref)
                opened = True
            except DomainError:
                opened = False
            assert hit.can_open is opened, (actor.role, hit.person.given_name)


def test_for_someone_you_cannot_open_search_shows_name_and_date_of_birth_only(world, client_for):
    from everychild.people.services import other_name_add

    other_name_add(actor=world.social_worker, person=world.child, kind="alias",
                   given_name="Zuzanna", family_name="Quell")
    police = world.users["police_investigator"]
    [hit] = person_search(actor=police, text="zuzanna quell")
    assert hit.can_open is False and hit.matched_other_name == ""
    page = client_for(police).get("/people/", {"text": "zuzanna quell"}).content.decode()
    assert "Amelia Osei" in page and "Zuzanna" not in page.split("<tbody")[1]
    assert "Female" not in page
    [mine] = person_search(actor=world.social_worker, text="zuzanna quell")
    assert mine.matched_other_name == "Zuzanna Quell"
