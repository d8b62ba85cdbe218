"""Two people editing the same record at the same moment: exactly one edit wins, the other
is told, and nothing is lost or mixed (real commits, real threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent
from everychild.agencies.models import Staff
from everychild.core.errors import Conflict, ValidationFailed
from everychild.people.models import Person, PersonName
from everychild.people.services import PersonInput, person_create, person_update

from ..factories import (
    AgencyFactory,
    InvolvementFactory,
    PersonFactory,
    StaffFactory,
    valid_nhs_number,
)

ROUNDS = 4


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together; each returns its result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an edit is stuck"
    return results


def _workers() -> tuple[Staff, Staff]:
    agency = AgencyFactory()
    first = StaffFactory(role="team_manager", agency=agency)
    second = StaffFactory(role="team_manager", agency=agency)
    return first, second


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_of_two_simultaneous_edits_exactly_one_wins(live_db, round_):
    first, second = _workers()
    child = PersonFactory(given_name="Original", family_name="Name")
    InvolvementFactory(person=child, agency=first.agency)
    edits = {first.pk: ("Alpha", "One"), second.pk: ("Beta", "Two")}

    def edit(actor: Staff) -> Callable[[], object]:
        def call() -> object:
            loaded = Person.objects.get(pk=child.pk)  # each user read version 1
            given, family = edits[actor.pk]
            return person_update(actor=actor, person=loaded, version=1,
                                 changes={"given_name": given, "family_name": family})
        return call

    results = at_once(edit(first), edit(second))

    winners = [r for r in results if isinstance(r, Person)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert (len(winners), len(losers)) == (1, 1), results
    final = Person.objects.get(pk=child.pk)
    assert final.version == 2
    assert (final.given_name, final.family_name) in edits.values()  # one edit, never a mix
    assert (final.given_name_key, final.family_name_key) == (
        final.given_name.lower(), final.family_name.lower())
    current = PersonName.objects.get(person=child, recorded_until__isnull=True)
    assert (current.given_name, current.family_name) == (final.given_name, final.family_name)
    assert PersonName.objects.filter(person=child).count() == 2
    result = audit_verify()
    assert result.ok, result.problem
    edits_logged = AuditEvent.objects.filter(action="person.edit", target_id=str(child.ref))
    assert edits_logged.count() == 1
    assert edits_logged.get().detail["changes"]["given_name"] == ["Original",
                                                                  final.given_name]


def test_many_simultaneous_edits_still_make_one_version_each(live_db):
    first, _ = _workers()
    child = PersonFactory(given_name="Original")
    InvolvementFactory(person=child, agency=first.agency)
    n = 6

    def edit(i: int) -> Callable[[], object]:
        def call() -> object:
            loaded = Person.objects.get(pk=child.pk)
            return person_update(actor=first, person=loaded, version=loaded.version,
                                 changes={"given_name": f"Name{i}"})
        return call

    results = at_once(*(edit(i) for i in range(n)))
    wins = sum(isinstance(r, Person) for r in results)
    assert all(isinstance(r, Person | Conflict) for r in results), results
    final = Person.objects.get(pk=child.pk)
    assert final.version == 1 + wins
    assert AuditEvent.objects.filter(action="person.edit").count() == wins
    assert audit_verify().ok


def test_two_people_recording_the_same_nhs_number_at_once(live_db):
    first, second = _workers()
    nhs = valid_nhs_number()

    def create(actor: Staff, given: str) -> Callable[[], object]:
        return lambda: person_create(actor=actor, data=PersonInput(
            kind="child", given_name=given, family_name="Twin", nhs_number=nhs))

    results = at_once(create(first, "Ann"), create(second, "Anne"))
    assert sum(isinstance(r, Person) for r in results) == 1, results
    [refusal] = [r for r in results if not isinstance(r, Person)]
    assert isinstance(refusal, ValidationFailed) and "nhs_number" in refusal.errors
    assert Person.objects.filter(nhs_number=nhs).count() == 1
    assert AuditEvent.objects.filter(action="person.create").count() == 1
    assert audit_verify().ok


def test_ending_something_already_ended_by_someone_else_is_a_conflict(world):
    """Two workers load the same open relationship; the second to save is told, and the
    first end date stands (nothing is silently overwritten)."""
    import datetime as dt

    from everychild.core.errors import Conflict
    from everychild.people.models import Relationship
    from everychild.people.services import relationship_end

    from ..factories import PersonFactory

    mother = PersonFactory(kind="adult", given_name="Mum", family_name="Osei")
    rel = Relationship.objects.create(person=mother, related=world.child, kind="parent",
                                      recorded_at=mother.created_at)
    first_copy, second_copy = (Relationship.objects.get(pk=rel.pk) for _ in range(2))
    relationship_end(actor=world.social_worker, relationship=first_copy,
                     ended=dt.date.today() - dt.timedelta(days=3))
    with pytest.raises(Conflict):
        relationship_end(actor=world.social_worker, relationship=second_copy,
                         ended=dt.date.today())
    assert Relationship.objects.get(pk=rel.pk).ended == dt.date.today() - dt.timedelta(days=3)
