"""Children's disabilities in a synthetic authority: every child's are recorded, most as
NONE, always with census codes; a child in need because of their own disability has one."""

from __future__ import annotations

from collections import Counter

import pytest

from everychild.casework.models import Episode
from everychild.insight.census.specs import census_year
from everychild.people.models import Person

from .helpers import synth

pytestmark = pytest.mark.django_db


def test_every_child_has_census_disability_codes_mostly_none():
    synth(600, seed=5)
    codes = set(census_year(2025).codes("disabilitytype"))
    children = dict(Person.objects.filter(kind="child").values_list("pk", "disabilities"))
    assert all(d and set(d) <= codes and len(set(d)) == len(d) for d in children.values())
    assert all(d == ["NONE"] or "NONE" not in d for d in children.values())
    shares = Counter("none" if d == ["NONE"] else "disabled" for d in children.values())
    assert 0.8 < shares["none"] / len(children) < 0.95, shares
    for child in Episode.objects.filter(primary_need="N2").values_list("child_id", flat=True):
        assert children[child] != ["NONE"]
    assert not Person.objects.filter(kind="adult").exclude(disabilities=[]).exists()
