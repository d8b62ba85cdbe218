"""Match keys follow the record: every service that changes what matching reads rebuilds
the person's keys in the same transaction, so a lookup finds them by what they are now
called and where they now live."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.people.matching import (
    Probe,
    find_candidates,
    rebuild_all_match_keys,
    refresh_match_keys,
)
from everychild.people.matching.keys import stored_keys
from everychild.people.matching.source import load_records
from everychild.people.models import MatchKey, OtherNameKind, Person
from everychild.people.services import (
    AddressInput,
    household_create,
    household_update,
    membership_add,
    membership_end,
    other_name_add,
    person_update,
)

pytestmark = pytest.mark.django_db


def keys_of(person: Person) -> set[str]:
    return set(MatchKey.objects.filter(person=person).values_list("key", flat=True))


def ids_for(**details) -> list[int]:
    return [c.person_id for c in find_candidates(Probe(**details))]


def test_a_new_person_has_keys_at_once(record):
    child = record("Freya", "Ashworth", "2017-09-09", postcode="NB6 2AB")
    keys = keys_of(child)
    assert {"d:2017-09-09:F", "p:NB6 2AB:f"} <= keys
    assert keys == stored_keys(load_records([child.pk])[child.pk])


def test_after_a_change_of_family_name_she_is_found_by_the_new_one(world, record):
    child = record("Freya", "Ashworth", "2017-09-09")
    before = keys_of(child)
    person_update(actor=world.social_worker, person=child, version=child.version,
                  changes={"family_name": "Quinlan"})
    after = keys_of(child)
    assert before != after
    assert not any("ASWR" in k for k in after)  # nothing left of the old name's keys
    assert child.pk in ids_for(given_name="Freya", family_name="Quinlan",
                               date_of_birth="2017")


def test_a_former_name_added_later_finds_her(world, record):
    child = record("Freya", "Quinlan", "2017-09-09")
    assert child.pk not in ids_for(given_name="Freya", family_name="Ashworth",
                                   date_of_birth="2017")
    other_name_add(actor=world.social_worker, person=child, kind=OtherNameKind.FORMER,
                   given_name="", family_name="Ashworth")
    assert child.pk in ids_for(given_name="Freya", family_name="Ashworth",
                               date_of_birth="2017")


def test_a_move_and_a_changed_postcode_are_followed(world, record):
    actor = world.social_worker
    child = record("Freya", "Quinlan", "2017-09-09", postcode="NB6 2AB")
    membership = child.memberships.get()
    home = membership.household
    household_update(actor=actor, household=home, version=home.version,
                     address=AddressInput("1 Mill Lane", "Northbrook", "NB6 3DE"))
    assert "p:NB6 3DE:f" in keys_of(child)
    assert "p:NB6 2AB:f" not in keys_of(child)

    membership_end(actor=actor, membership=membership, ended=dt.date(2025, 1, 1))
    new_home = household_create(actor=actor, address=AddressInput("9 Elm Grove", "Millford",
                                                                   "NB9 1XY"))
    membership_add(actor=actor, household=new_home, person=child, role="child",
                   started=dt.date(2025, 1, 1))
    record_now = load_records([child.pk])[child.pk]
    assert record_now.postcodes == ("NB9 1XY",)
    assert "NB6 3DE" in record_now.postcodes_all  # the former home still counts
    assert {"p:NB9 1XY:f", "p:NB6 3DE:f"} <= keys_of(child)


def test_refreshing_a_merged_record_removes_its_keys(record):
    kept = record("Freya", "Quinlan", "2017-09-09")
    merged = record("Freya", "Quinlan", "2017-09-09")
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    refresh_match_keys([merged.pk])
    assert keys_of(merged) == set()
    assert keys_of(kept)


def test_rebuilding_every_key_gives_the_same_keys_as_the_services(record):
    people = [record("Freya", "Quinlan", "2017-09-09", postcode="NB6 2AB", former="Ashworth"),
              record("Mo", "Khan", "2015-06-01", sex="M"),
              record("", "Wilson", expected="2027-01-15", sex="U", postcode="NB4 1JL")]
    before = {p.pk: keys_of(p) for p in people}
    written = rebuild_all_match_keys(progress=False)
    assert written == MatchKey.objects.count()
    assert {p.pk: keys_of(p) for p in people} == before
