"""The `synth` command's options and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError

from everychild.access.models import AuditEvent
from everychild.people.models import Person

from .helpers import synth

pytestmark = pytest.mark.django_db


def test_if_empty_generates_into_an_empty_database(db):
    synth(60, 1, if_empty=True)
    assert Person.objects.filter(kind="child").count() == 60


def test_if_empty_does_nothing_when_people_exist_and_says_so(db):
    synth(60, 1)
    before = Person.objects.count()
    out = synth(60, 2, if_empty=True)
    assert f"already holds {before:,} people: nothing generated" in out
    assert Person.objects.count() == before
    assert AuditEvent.objects.filter(action="synth.generate").count() == 1


def test_without_if_empty_a_second_run_is_refused_and_changes_nothing(db):
    synth(60, 1)
    before = Person.objects.count()
    with pytest.raises(CommandError, match=r"already holds .* people"):
        synth(60, 2)
    assert Person.objects.count() == before


@pytest.mark.parametrize("children", ["0", "-5", "lots"])
def test_children_must_be_a_positive_whole_number(db, children):
    with pytest.raises(CommandError, match="children"):
        synth(children, 1)  # type: ignore[arg-type]
    assert not Person.objects.exists()


def test_a_date_in_the_future_is_refused(db):
    with pytest.raises(CommandError, match="in the future"):
        synth(10, 1, as_of=dt.date.today() + dt.timedelta(days=30))
    assert not Person.objects.exists()


def test_an_earlier_as_of_date_moves_everyone_back(db):
    synth(40, 1, as_of=dt.date(2020, 9, 1))
    latest = Person.objects.filter(date_of_birth__isnull=False).latest("date_of_birth")
    assert latest.date_of_birth <= dt.date(2020, 9, 1)


def test_summary_names_what_was_made(db):
    out = synth(80, 4)
    for label in ("Agencies", "Staff", "Households", "Children", "Adults", "Other names",
                  "Involvements", "Elapsed"):
        assert label in out
