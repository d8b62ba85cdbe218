"""Two workers merging the same duplicate at the same moment: one merge happens, the
other is told, and the records are never half-merged (real commits, real threads)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from everychild.access.audit import audit_verify
from everychild.core.errors import Conflict, ValidationFailed
from everychild.people.models import Person, PersonMerge
from everychild.people.services import person_merge

from ..factories import AgencyFactory, InvolvementFactory, PersonFactory, StaffFactory
from .test_services_concurrency import at_once


def _merge(actor, survivor: Person, merged: Person) -> Callable[[], object]:
    def call() -> object:
        kept, gone = Person.objects.get(pk=survivor.pk), Person.objects.get(pk=merged.pk)
        return person_merge(actor=actor, survivor=kept, merged=gone, reason="Same child",
                            survivor_version=1, merged_version=1)
    return call


@pytest.mark.parametrize("crossed", [False, True])
def test_of_two_simultaneous_merges_exactly_one_happens(live_db, crossed):
    agency = AgencyFactory()
    first, second = (StaffFactory(role="team_manager", agency=agency) for _ in range(2))
    a, b, c = (PersonFactory(given_name=name, family_name="Osei")
               for name in ("Amelia", "Amelie", "Emilia"))
    for person in (a, b, c):
        InvolvementFactory(person=person, agency=agency)
    # Either both fold B into a different record, or each folds the other's record away.
    calls = ((_merge(first, a, b), _merge(second, b, a)) if crossed
             else (_merge(first, a, b), _merge(second, c, b)))
    results = at_once(*calls)
    done = [r for r in results if isinstance(r, PersonMerge)]
    refused = [r for r in results if isinstance(r, ValidationFailed | Conflict)]
    assert (len(done), len(refused)) == (1, 1), results
    assert PersonMerge.objects.count() == 1
    merged = Person.objects.filter(merged_into__isnull=False)
    assert [p.pk for p in merged] == [done[0].merged_id]
    assert audit_verify().ok
