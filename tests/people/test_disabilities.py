"""A person's disabilities, as the census codes them: recorded on the record's form and
through the API, kept in the census's order, 'No disability' never beside a disability,
shown on the record, and filled in by a merge when the record kept has none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.core.errors import ValidationFailed
from everychild.people import services
from everychild.people.models import Person

from ..factories import PersonFactory
from .pages import date_fields, main_text, summary, summary_links
from .service_checks import refused_unchanged

pytestmark = pytest.mark.django_db


def _update(world, person: Person, codes: list[str]) -> Person:
    person.refresh_from_db()
    return services.person_update(actor=world.social_worker, person=person,
                                  version=person.version, changes={"disabilities": codes})


def test_codes_are_kept_once_each_in_the_census_order_and_audited(world):
    updated = _update(world, world.child, ["aut", "COMM", "AUT"])
    assert updated.disabilities == ["COMM", "AUT"]
    event = AuditEvent.objects.filter(action="person.edit").latest("seq")
    assert event.detail["changes"] == {"disabilities": [[], ["COMM", "AUT"]]}
    assert _update(world, world.child, []).disabilities == []  # back to not yet known


@pytest.mark.parametrize(("codes", "message"), [
    (["NONE", "AUT"], "not both"),
    (["WINGS"], "Select disabilities from the list"),
])
def test_impossible_codes_are_refused_and_nothing_changes(world, codes, message):
    world.child.refresh_from_db()
    err = refused_unchanged(lambda: Person.objects.get(pk=world.child.pk).disabilities,
                            ValidationFailed, lambda: _update(world, world.child, codes))
    assert message in err.errors["disabilities"][0]


def _edit_form(world) -> dict[str, object]:
    child = world.child
    return {"kind": "child", "given_name": child.given_name, "middle_names": "",
            "family_name": child.family_name, "sex": child.sex or "U", "ethnicity": "",
            "version": str(child.version), **date_fields("date_of_birth", "2", "11", "2017"),
            **date_fields("date_of_death", "", "", "")}


def test_the_record_form_ticks_and_shows_them(world, client_for):
    client = client_for(world.social_worker)
    url = reverse("people:person-edit", kwargs={"ref": world.child.ref})
    assert "Disabilities (optional)" in main_text(client.get(url))
    response = client.post(url, {**_edit_form(world), "disabilities": ["HEAR", "LD"]})
    assert response.status_code == 302, summary(response)
    world.child.refresh_from_db()
    assert world.child.disabilities == ["LD", "HEAR"]
    record = main_text(client.get(reverse("people:person-detail", args=[world.child.ref])))
    assert "Disabilities Learning, Hearing" in record


def test_the_form_refuses_none_with_a_disability_and_keeps_the_ticks(world, client_for):
    client = client_for(world.social_worker)
    url = reverse("people:person-edit", kwargs={"ref": world.child.ref})
    response = client.post(url, {**_edit_form(world), "disabilities": ["NONE", "VIS"]})
    (message,) = summary(response)
    assert "not both" in message and summary_links(response)[message] == "#disabilities"
    assert 'value="VIS" checked' in response.content.decode()
    world.child.refresh_from_db()
    assert world.child.disabilities == []


def test_a_merge_fills_them_when_the_record_kept_has_none(world):
    duplicate = PersonFactory(given_name="Amelia", family_name="Osei",
                              date_of_birth=world.child.date_of_birth, disabilities=["AUT"])
    from everychild.people.models import Involvement

    Involvement.objects.create(person=duplicate, agency=world.csc,
                               staff=world.social_worker, started=world.child.created_at.date(),
                               recorded_at=world.child.created_at)
    world.child.refresh_from_db()
    duplicate.refresh_from_db()
    services.person_merge(actor=world.social_worker, survivor=world.child, merged=duplicate,
                          reason="The same child recorded twice by the school",
                          survivor_version=world.child.version,
                          merged_version=duplicate.version)
    world.child.refresh_from_db()
    assert world.child.disabilities == ["AUT"]
