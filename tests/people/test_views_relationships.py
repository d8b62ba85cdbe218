"""Relationships and involvement through the HTML pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.people.models import Involvement, Relationship

from ..factories import InvolvementFactory, PersonFactory, StaffFactory
from .pages import a_family, date_fields, links, main_text, summary, summary_links, value

pytestmark = pytest.mark.django_db


def page(person, name: str, **kwargs: object) -> str:
    return reverse(f"people:{name}", kwargs={"ref": person.ref, **kwargs})


def record(person) -> str:
    return page(person, "person-detail")


# ------------------------------------------------------------------ relationships
def test_people_living_with_the_child_are_offered_first(world, client_for):
    _, mother, lodger = a_family(world.child)
    response = client_for(world.social_worker).get(page(world.child, "relationship-add"))
    offered = links(response)
    assert offered["Sarah Osei"] == f"{page(world.child, 'relationship-add')}?person={mother.ref}"
    assert offered["Kevin Marsh"].endswith(f"?person={lodger.ref}")
    assert "Who is Amelia related to?" in main_text(response)


def test_recording_a_relationship_reads_as_a_sentence(world, client_for):
    _, _, lodger = a_family(world.child)
    client = client_for(world.social_worker)
    url = page(world.child, "relationship-add")
    form = client.get(url, {"person": str(lodger.ref)})
    assert "How is Kevin Marsh related to Amelia Osei?" in main_text(form)
    assert "Kevin Marsh is Amelia Osei’s" in main_text(form)
    done = client.post(url, {"person": str(lodger.ref), "kind": "parents_partner",
                             **date_fields("started", "1", "6", "2024")})
    assert done.status_code == 302 and done["Location"] == record(world.child)
    rel = Relationship.objects.get(person=lodger)
    assert (rel.related, rel.kind, rel.started) == (world.child, "parents_partner",
                                                    dt.date(2024, 6, 1))
    assert "Parent's partner Kevin Marsh" in main_text(client.get(record(world.child)))


def test_a_relationship_can_be_recorded_from_the_other_side(world, client_for):
    # On the child's record: "Baby is Amelia's child" is stored as Amelia is the parent.
    baby = PersonFactory(given_name="Noah", family_name="Osei", sex="M",
                         date_of_birth="2024-12-01")
    InvolvementFactory(person=baby, agency=world.csc)  # social care works with him too
    client = client_for(world.social_worker)
    done = client.post(page(world.child, "relationship-add"), {"person": str(baby.ref),
                                                               "kind": "~parent"})
    assert done.status_code == 302
    rel = Relationship.objects.get(related=baby)
    assert (rel.person, rel.kind) == (world.child, "parent")
    assert "Son Noah Osei" in main_text(client.get(record(world.child)))


def test_a_relationship_needs_a_kind_and_is_not_recorded_twice(world, client_for):
    _, mother, _ = a_family(world.child)
    client = client_for(world.social_worker)
    url = page(world.child, "relationship-add")
    missing = client.post(url, {"person": str(mother.ref), "kind": ""})
    assert summary_links(missing) == {"Select how these two people are related": "#kind"}
    invented = client.post(url, {"person": str(mother.ref), "kind": "cousin"})
    assert summary(invented) == ["Select how these two people are related"]
    twice = client.post(url, {"person": str(mother.ref), "kind": "parent"})
    assert summary(twice) == ["This relationship is already recorded"]
    assert value(twice, "person") == str(mother.ref)
    assert Relationship.objects.count() == 1


def test_nobody_is_related_to_themselves(world, client_for):
    response = client_for(world.social_worker).post(page(world.child, "relationship-add"),
                                                    {"person": str(world.child.ref),
                                                     "kind": "sibling"})
    assert summary(response) == ["A person cannot be related to themselves"]


def test_linking_someone_the_user_cannot_open_is_refused_until_they_open_them(
        world, client_for):
    stranger = PersonFactory(kind="adult", given_name="Declan", family_name="Thorne")
    InvolvementFactory(person=stranger, agency=world.gp)  # not the social worker's agency
    client = client_for(world.social_worker)
    url = page(world.child, "relationship-add")
    posted = {"person": str(stranger.ref), "kind": "parent"}
    refused = client.post(url, posted)
    assert refused.status_code == 200
    assert summary(refused) == [
        "You cannot open Declan Thorne's record, so you cannot link them here. Open their "
        "record first (giving a reason if you are not involved)"]
    assert value(refused, "person") == str(stranger.ref)
    assert not Relationship.objects.exists()
    # Doing as the message says: open his record with a reason, then record the link.
    opened = client.post(reverse("people:person-break-glass", kwargs={"ref": stranger.ref}),
                         {"reason": "The child says this man is her father"})
    assert opened.status_code == 302
    done = client.post(url, posted)
    assert done.status_code == 302 and done["Location"] == record(world.child)
    assert Relationship.objects.get().person == stranger


def test_ending_a_relationship(world, client_for):
    _, _mother, _ = a_family(world.child)
    rel = Relationship.objects.get()
    client = client_for(world.social_worker)
    shown = client.get(record(world.child))
    url = page(world.child, "relationship-end", rel_id=rel.pk)
    assert links(shown)["End relationship with Sarah Osei"] == url
    assert "Sarah Osei is the parent of Amelia Osei" in main_text(client.get(url))
    empty = client.post(url, date_fields("ended"))
    assert summary_links(empty) == {"Enter the date the relationship ended": "#ended-day"}
    done = client.post(url, date_fields("ended", "2", "2", "2025"))
    assert done.status_code == 302
    rel.refresh_from_db()
    assert rel.ended == dt.date(2025, 2, 2)
    assert "Sarah Osei" not in main_text(client.get(record(world.child))).split(
        "Family and relationships")[1]


def test_a_relationship_of_someone_else_is_not_found_through_this_record(world, client_for):
    _, mother, _ = a_family(world.unrelated_child)
    rel = Relationship.objects.get(person=mother)
    response = client_for(world.social_worker).get(page(world.child, "relationship-end",
                                                        rel_id=rel.pk))
    assert response.status_code == 404


# ------------------------------------------------------------------ involvement
def test_allocating_a_worker(world, client_for):
    colleague = StaffFactory(first_name="Priya", last_name="Shah", role="social_worker",
                             agency=world.csc, team=world.team_a)
    client = client_for(world.social_worker)
    url = page(world.child, "involvement-add")
    form = client.get(url)
    assert f'<option value="{world.csc.pk}" selected>' in form.content.decode()
    assert "Priya Shah" in form.content.decode()  # the user's own agency's workers
    done = client.post(url, {"agency": str(world.csc.pk), "staff": str(colleague.pk),
                             "role": "key_worker", **date_fields("started", "3", "3", "2025")})
    assert done.status_code == 302
    involvement = Involvement.objects.get(staff=colleague)
    assert (involvement.role, involvement.started) == ("key_worker", dt.date(2025, 3, 3))
    assert "Priya Shah" in main_text(client.get(record(world.child)))


def test_showing_another_agencys_workers_records_nothing(world, client_for):
    officer = StaffFactory(first_name="Dan", last_name="Okoro", role="police_investigator",
                           agency=world.police)
    client = client_for(world.social_worker)
    before = Involvement.objects.count()
    response = client.post(page(world.child, "involvement-add"),
                           {"agency": str(world.police.pk), "show_workers": "1", "role": "",
                            **date_fields("started")})
    assert response.status_code == 200 and summary(response) == []
    assert f'<option value="{officer.pk}">' in response.content.decode()
    assert Involvement.objects.count() == before


def test_involvement_needs_a_worker_unless_it_is_the_agency_alone(world, client_for):
    client = client_for(world.social_worker)
    url = page(world.child, "involvement-add")
    response = client.post(url, {"agency": str(world.police.pk), "staff": "",
                                 "role": "key_worker", **date_fields("started", "3", "3", "2025")})
    assert summary_links(response) == {
        "Select the worker (or choose 'Agency involved')": "#staff"}
    agency_only = client.post(url, {"agency": str(world.police.pk), "staff": "",
                                    "role": "agency", **date_fields("started", "3", "3", "2025")})
    assert agency_only.status_code == 302
    assert Involvement.objects.filter(agency=world.police, person=world.child).exists()


def test_a_worker_or_agency_that_is_not_a_number_is_refused(world, client_for):
    response = client_for(world.social_worker).post(
        page(world.child, "involvement-add"),
        {"agency": "csc", "staff": "1; drop", "role": "practitioner",
         **date_fields("started", "3", "3", "2025")})
    assert summary(response) == ["Select an agency from the list",
                                 "Select a worker from the list"]
    assert Involvement.objects.filter(person=world.child).count() == 2


def test_a_worker_from_another_agency_is_refused(world, client_for):
    officer = StaffFactory(role="police_investigator", agency=world.police)
    response = client_for(world.social_worker).post(
        page(world.child, "involvement-add"),
        {"agency": str(world.csc.pk), "staff": str(officer.pk), "role": "practitioner",
         **date_fields("started", "3", "3", "2025")})
    assert summary(response) == ["The worker must belong to the agency you selected"]


def test_ending_involvement(world, client_for):
    school = Involvement.objects.get(person=world.child, agency=world.school)
    client = client_for(world.social_worker)
    url = page(world.child, "involvement-end", inv_id=school.pk)
    assert links(client.get(record(world.child)))[
        "End involvement of Northbrook Primary School"] == url
    early = client.post(url, date_fields("ended", "1", "1", "2020"))
    assert summary(early) == ["The end date must be between the start date and today"]
    done = client.post(url, date_fields("ended", "1", "2", "2025"))
    assert done.status_code == 302
    school.refresh_from_db()
    assert school.ended == dt.date(2025, 2, 1)
    text = main_text(client.get(record(world.child)))
    assert "Past involvement (1)" in text


def test_involvement_of_another_child_is_not_found_here(world, client_for):
    other = Involvement.objects.filter(person=world.unrelated_child).first()
    response = client_for(world.social_worker).get(page(world.child, "involvement-end",
                                                        inv_id=other.pk))
    assert response.status_code == 404
