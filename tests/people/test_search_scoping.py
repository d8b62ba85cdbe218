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
