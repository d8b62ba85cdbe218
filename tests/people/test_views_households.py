"""Households through the HTML pages: recording an address with the person who lives
there (both or neither), the household page, changing the address, people arriving and
leaving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.core import clock
from everychild.people.models import Household, HouseholdMembership

from ..factories import InvolvementFactory, PersonFactory
from .pages import (
    a_family,
    current_members,
    date_fields,
    links,
    main_text,
    summary,
    summary_links,
    value,
)

pytestmark = pytest.mark.django_db

CREATE = "/people/households/new/"


def address(**overrides: str) -> dict[str, str]:
    data = {"address_line_1": "3 Mill Lane", "address_line_2": "", "town": "Northbrook",
            "postcode": "nb2 7rt", "role": "child", **date_fields("started", "1", "9", "2024")}
    data.update(overrides)
    return data


def household_url(household: Household, page: str = "household-detail") -> str:
    return reverse(f"people:{page}", kwargs={"ref": household.ref})


def test_a_new_household_starts_by_choosing_who_lives_there(world, client_for):
    client = client_for(world.social_worker)
    page = client.get(CREATE)
    assert "Who lives at this address?" in main_text(page)
    found = client.get(CREATE, {"text": "osei"})
    assert links(found)["Choose Amelia Osei"] == f"{CREATE}?person={world.child.ref}"


def test_recording_a_household_adds_the_person_in_the_same_step(world, client_for):
    client = client_for(world.social_worker)
    response = client.post(f"{CREATE}?person={world.child.ref}", address())
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail",
                                           kwargs={"ref": world.child.ref})
    household = Household.objects.get()
    assert (household.address_line_1, household.postcode) == ("3 Mill Lane", "NB2 7RT")
    assert current_members(household) == {"Amelia Osei"}
    text = main_text(client.get(response["Location"]))
    assert "Amelia Osei has been recorded as living at 3 Mill Lane" in text
    assert "has lived here since 1 September 2024 (child of the household)" in text


def test_a_bad_address_records_neither_the_household_nor_the_membership(world, client_for):
    response = client_for(world.social_worker).post(
        f"{CREATE}?person={world.child.ref}", address(address_line_1="", postcode="NOT A CODE"))
    assert summary_links(response) == {"Enter the first line of the address": "#address_line_1",
                                       "Enter a real postcode, like SW1A 2AA": "#postcode"}
    assert value(response, "postcode") == "NOT A CODE"
    assert not Household.objects.exists()


def test_a_bad_membership_rolls_back_the_new_household_too(world, client_for):
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = client_for(world.social_worker).post(
        f"{CREATE}?person={world.child.ref}",
        address(**date_fields("started", str(tomorrow.day), str(tomorrow.month),
                              str(tomorrow.year))))
    assert summary_links(response) == {
        "The date they started living here must be today or in the past": "#started-day"}
    assert not Household.objects.exists() and not HouseholdMembership.objects.exists()


def test_the_role_and_start_date_are_asked_for(world, client_for):
    response = client_for(world.social_worker).post(
        f"{CREATE}?person={world.child.ref}", address(role="", **date_fields("started")))
    assert summary(response) == ["Select how this person lives in the household",
                                 "Enter the date they started living here"]
    assert not Household.objects.exists()


def test_a_worker_with_no_link_to_the_person_cannot_record_their_household(world, client_for):
    response = client_for(world.social_worker).post(
        f"{CREATE}?person={world.unrelated_child.ref}", address())
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_household_page_shows_who_lives_there_and_who_is_not_family(world, client_for):
    home, _mother, lodger = a_family(world.child)
    HouseholdMembership.objects.filter(person=lodger).update(ended=dt.date(2025, 1, 31))
    response = client_for(world.social_worker).get(household_url(home))
    assert response.status_code == 200
    text = main_text(response)
    assert "Living here now" in text and "Sarah Osei 15 June 1990 Parent or main carer" in text
    now, before = text.split("Lived here before")
    assert "Kevin Marsh" not in now
    assert "Kevin Marsh Lodger Not family 1 January 2020 31 January 2025" in before
    assert links(response)["Amelia Osei"] == reverse("people:person-detail",
                                                       kwargs={"ref": world.child.ref})


def test_changing_an_address_and_a_stale_change(world, client_for):
    home, _, _ = a_family(world.child)
    first, second = client_for(world.social_worker), client_for(world.users["team_manager"])
    url = household_url(home, "household-edit")
    version = value(first.get(url), "version")
    assert value(second.get(url), "address_line_1") == "14 Canal Row"
    form = {"address_line_1": "14 Canal Row", "address_line_2": "Flat 2", "town": "Northbrook",
            "postcode": "NB1 4QT", "version": version}
    assert first.post(url, form).status_code == 302
    stale = second.post(url, {**form, "address_line_2": "Flat 9"})
    assert stale.status_code == 409
    assert summary(stale)[0].startswith("Someone else changed this household")
    assert value(stale, "address_line_2") == "Flat 9"
    home.refresh_from_db()
    assert home.address_line_2 == "Flat 2"


def test_adding_someone_to_a_household_by_search(world, client_for):
    home, _, _ = a_family(world.child)
    grandmother = PersonFactory(kind="adult", given_name="Grace", family_name="Osei",
                                date_of_birth="1960-03-03")
    InvolvementFactory(person=grandmother, agency=world.csc)
    client = client_for(world.social_worker)
    url = household_url(home, "membership-add")
    found = client.get(url, {"text": "grace osei"})
    chosen = links(found)["Choose Grace Osei"]
    assert chosen == f"{url}?person={grandmother.ref}"
    form_page = client.get(chosen)
    assert "Grace Osei" in main_text(form_page)
    child_role = client.post(url, {"person": str(grandmother.ref), "role": "child",
                                   **date_fields("started", "1", "1", "2025")})
    assert summary(child_role) == ["Only a child can be a child of the household"]
    done = client.post(url, {"person": str(grandmother.ref), "role": "relative",
                             **date_fields("started", "1", "1", "2025")})
    assert done.status_code == 302 and done["Location"] == household_url(home)
    assert "Grace Osei" in current_members(home)
    twice = client.post(url, {"person": str(grandmother.ref), "role": "relative",
                              **date_fields("started", "2", "1", "2025")})
    assert summary(twice) == ["This person is already recorded as living here"]


def test_recording_that_someone_has_left(world, client_for):
    home, _, lodger = a_family(world.child)
    membership = HouseholdMembership.objects.get(person=lodger)
    client = client_for(world.social_worker)
    url = reverse("people:membership-end", kwargs={"ref": home.ref,
                                                   "membership_id": membership.pk})
    before = client.post(url, date_fields("ended", "1", "1", "2019"))
    assert summary(before) == ["The date they left must be on or after the date they arrived"]
    done = client.post(url, date_fields("ended", "1", "3", "2025"))
    assert done.status_code == 302 and done["Location"] == household_url(home)
    membership.refresh_from_db()
    assert membership.ended == dt.date(2025, 3, 1)
    assert current_members(home) == {"Amelia Osei", "Sarah Osei"}


def test_leaving_recorded_from_the_persons_record_returns_there(world, client_for):
    _home, _, _ = a_family(world.child)
    membership = HouseholdMembership.objects.get(person=world.child)
    client = client_for(world.social_worker)
    record = client.get(reverse("people:person-detail", kwargs={"ref": world.child.ref}))
    url = links(record)["Record Amelia leaving (14 canal row, northbrook nb1 4qt)"]
    assert url.endswith("?back=person")
    done = client.post(url, {"back": "person", **date_fields("ended", "1", "3", "2025")})
    assert done["Location"] == reverse("people:person-detail", kwargs={"ref": world.child.ref})
    membership.refresh_from_db()
    assert membership.ended == dt.date(2025, 3, 1)


def test_a_household_nobody_involved_lives_in_is_refused(world, client_for):
    home, _, _ = a_family(world.unrelated_child)
    client = client_for(world.social_worker)
    assert client.get(household_url(home)).status_code == 403
    assert client.get(household_url(home, "household-edit")).status_code == 403
    assert client.get(household_url(home, "membership-add")).status_code == 403
