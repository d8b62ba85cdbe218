"""person_search: by identifier, typed date of birth, name prefixes, other names and an
unborn child's expected date; capped; never a sealed person without the grant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from everychild.access.models import AuditEvent
from everychild.core import clock
from everychild.people.models import OtherName, Person
from everychild.people.selectors import parse_date, person_search

from ..factories import PersonFactory, valid_nhs_number, valid_upn

pytestmark = pytest.mark.django_db


def found(actor, text="", **kwargs) -> list[int]:
    return [h.person.pk for h in person_search(actor=actor, text=text, **kwargs)]


@pytest.fixture
def ids(world):
    nhs, upn, former = valid_nhs_number(), valid_upn(), valid_upn()
    Person.objects.filter(pk=world.child.pk).update(nhs_number=nhs, upn=upn, former_upn=former,
                                                    la_child_id="NB00417")
    return {"nhs": nhs, "upn": upn, "former": former}


def test_by_nhs_number_however_it_is_spaced(world, ids):
    nhs = ids["nhs"]
    for typed in (nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", f" {nhs[:3]}-{nhs[3:6]}-{nhs[6:]} "):
        assert found(world.social_worker, typed) == [world.child.pk]


def test_by_upn_and_former_upn_in_any_case(world, ids):
    assert found(world.social_worker, ids["upn"]) == [world.child.pk]
    assert found(world.social_worker, ids["upn"].lower()) == [world.child.pk]
    assert found(world.social_worker, ids["former"]) == [world.child.pk]


def test_by_la_child_id(world, ids):
    assert found(world.social_worker, "NB00417") == [world.child.pk]
    assert found(world.social_worker, "nb00417") == [world.child.pk]


@pytest.mark.parametrize("la_id", ["4417", "0012345678"])
def test_by_an_la_child_id_of_digits_only(world, la_id):
    Person.objects.filter(pk=world.child.pk).update(la_child_id=la_id)
    assert found(world.social_worker, la_id) == [world.child.pk]


@pytest.mark.parametrize("typed", ["2/11/2017", "02/11/2017", "2.11.2017", "2-11-2017",
                                   "2017-11-02", " 2017-11-02 "])
def test_by_date_of_birth_typed_in_british_or_iso_order(world, typed):
    assert found(world.social_worker, typed) == [world.child.pk]


def test_date_parsing():
    assert parse_date("4/3/2020") == dt.date(2020, 3, 4)
    assert parse_date("2020-03-04") == dt.date(2020, 3, 4)
    assert parse_date("31/2/2020") is None
    assert parse_date("2020-3-4") is None
    assert parse_date("yesterday") is None


@pytest.mark.parametrize("typed", ["amelia osei", "osei amelia", "ame ose", "OSE AME",
                                   "Osei", "amel", "  amelia   osei  "])
def test_by_name_prefixes_in_either_order(world, typed):
    assert found(world.social_worker, typed) == [world.child.pk]


def test_every_word_must_match(world):
    assert found(world.social_worker, "amelia smith") == []
    assert found(world.social_worker, "toria") == []


def test_names_with_accents_and_apostrophes_match_plain_typing(world):
    person = PersonFactory(given_name="Zoë", family_name="O'Brien")
    assert found(world.social_worker, "zoe obrien") == [person.pk]
    assert found(world.social_worker, "Zoë O’Brien") == [person.pk]
    polish = PersonFactory(given_name="Łucja", family_name="Wałęsa")
    assert found(world.social_worker, "lucja walesa") == [polish.pk]


def test_by_another_name_an_agency_uses(world):
    OtherName.objects.create(person=world.child, kind="agency_spelling", given_name="Anna",
                             family_name="Mensah", given_name_key="anna",
                             family_name_key="mensah", agency=world.gp,
                             recorded_at=clock.now())
    hits = person_search(actor=world.social_worker, text="mensah anna")
    assert [(h.person.pk, h.matched_other_name) for h in hits] == [(world.child.pk,
                                                                    "Anna Mensah")]


def test_a_date_of_birth_filter_narrows_a_name_search(world):
    twin = PersonFactory(given_name="Amelia", family_name="Osei",
                         date_of_birth=dt.date(2019, 1, 1))
    assert sorted(found(world.social_worker, "amelia osei")) == sorted(
        [world.child.pk, twin.pk])
    assert found(world.social_worker, "amelia osei",
                 date_of_birth=dt.date(2019, 1, 1)) == [twin.pk]


def test_a_date_of_birth_filter_finds_an_unborn_child_by_expected_date(world):
    due = clock.today() + dt.timedelta(days=60)
    unborn = PersonFactory(given_name="", family_name="Osei", date_of_birth=None,
                           expected_date_of_birth=due)
    assert found(world.social_worker, "osei", date_of_birth=due) == [unborn.pk]
    assert found(world.social_worker, "", date_of_birth=due) == [unborn.pk]
    # Typed into the search box, the expected date finds the unborn child too.
    assert found(world.social_worker, due.strftime("%d/%m/%Y")) == [unborn.pk]


def test_results_are_capped_at_the_limit(world):
    for i in range(14):
        PersonFactory(given_name=f"Sam{i:02d}", family_name="Crowd")
    hits = person_search(actor=world.social_worker, text="crowd", limit=10)
    assert len(hits) == 10
    assert [h.person.given_name for h in hits] == [f"Sam{i:02d}" for i in range(10)]


def test_a_sealed_person_is_never_found_by_any_route(world):
    nhs, upn = valid_nhs_number(), valid_upn()
    Person.objects.filter(pk=world.sealed_child.pk).update(
        nhs_number=nhs, upn=upn, la_child_id="SEAL1", date_of_birth=dt.date(2016, 7, 7))
    OtherName.objects.create(person=world.sealed_child, kind="former", given_name="Hidden",
                             family_name="Formername", given_name_key="hidden",
                             family_name_key="formername", recorded_at=clock.now())
    for text in (nhs, upn, "SEAL1", "7/7/2016", "hidden", "formername"):
        assert found(world.social_worker, text) == [], text
        assert found(world.users["privacy_officer"], text) == [world.sealed_child.pk], text


def test_empty_or_nameless_search_finds_nothing_but_is_audited(world):
    before = AuditEvent.objects.count()
    assert found(world.social_worker, "") == []
    assert found(world.social_worker, "'!?") == []
    assert AuditEvent.objects.count() == before + 2


def test_search_text_with_a_null_character_is_handled(world):
    """Some databases cannot store a NUL; a search must still answer, not fail."""
    assert found(world.social_worker, "osei\x00") == [world.child.pk]
    assert AuditEvent.objects.filter(action="person.search").exists()
    assert connection.vendor in ("sqlite", "postgresql")


def test_who_may_open_each_hit(world):
    [hit] = person_search(actor=world.social_worker, text="amelia osei")
    assert hit.can_open and not hit.may_break_glass
    [hit] = person_search(actor=world.users["inspector"], text="amelia osei")
    assert hit.can_open and not hit.may_break_glass
    [hit] = person_search(actor=world.users["health_practitioner"], text="amelia osei")
    assert not hit.can_open and hit.may_break_glass
