"""`among(ids)` finds the same rows as a plain list of ids, short or long, on either
database (a long list goes to the database as one parameter)."""

from __future__ import annotations

import pytest
from django.db.models.expressions import RawSQL

from everychild.core.querying import MANY, among
from everychild.people.models import Person

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_short_list_is_passed_as_it_is():
    assert among([3, 1, 2]) == [3, 1, 2]
    assert among([]) == []


def test_a_long_list_finds_exactly_the_rows_a_plain_list_does():
    people = PersonFactory.create_batch(5)
    wanted = [people[0].pk, people[3].pk]
    # Ids that match nothing pad the list past the point where it becomes one parameter.
    ids = wanted + list(range(10**9, 10**9 + MANY)) + [people[3].pk]
    assert isinstance(among(ids), RawSQL)
    found = set(Person.objects.filter(pk__in=among(ids)).values_list("pk", flat=True))
    assert found == set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert found == set(wanted)
    assert not Person.objects.filter(pk__in=among(range(10**9, 10**9 + MANY))).exists()


def test_only_whole_numbers_are_accepted():
    with pytest.raises(ValueError):
        among(["1; DROP TABLE people_person"] * MANY)
