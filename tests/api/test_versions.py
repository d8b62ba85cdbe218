"""Optimistic concurrency in the API: an edit says which version it changes (If-Match or
`version`); a stale or missing one is refused and changes nothing."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent

from ..factories import HouseholdFactory, MembershipFactory
from .conftest import assert_problem, household_url, person_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(world, api):
    """The child's record after one edit, so version 2 is current and 1 is stale."""
    client = api("social_worker")
    response = client.patch(person_url(world.child.ref), {"given_name": "Vicky"},
                            content_type="application/json", headers={"If-Match": '"1"'})
    assert response.status_code == 200
    return client


def _unchanged(world) -> None:
    world.child.refresh_from_db()
    assert (world.child.given_name, world.child.version) == ("Vicky", 2)
    assert AuditEvent.objects.filter(action="person.edit").count() == 1


def _patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", headers=headers)


def test_stale_if_match_is_412_and_changes_nothing(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori"},
                      **{"If-Match": '"1"'})
    body = assert_problem(response, 412, "precondition-failed")
    assert "version 2" in body["detail"]
    _unchanged(world)


def test_stale_version_field_is_409_and_changes_nothing(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori", "version": 1})
    body = assert_problem(response, 409, "edit-conflict")
    assert "version 1" in body["detail"] and "version 2" in body["detail"]
    _unchanged(world)


def test_matching_if_match_with_stale_version_field_is_409(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori", "version": 1},
                      **{"If-Match": '"2"'})
    assert_problem(response, 409, "edit-conflict")
    _unchanged(world)


def test_an_edit_without_a_version_is_428_and_changes_nothing(world, edited):
    body = assert_problem(_patch(edited, person_url(world.child.ref), {"given_name": "Tori"}),
                          428, "precondition-required")
    assert "If-Match" in body["detail"]
    _unchanged(world)


def test_if_match_star_does_not_say_which_version(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori"},
                      **{"If-Match": "*"})
    assert_problem(response, 428, "precondition-required")
    _unchanged(world)


@pytest.mark.parametrize("header", ["2", "'2'", '"2', "", ' , '])
def test_a_malformed_if_match_is_a_bad_request(world, edited, header):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori"},
                      **{"If-Match": header})
    assert "If-Match" in assert_problem(response, 400, "validation-failed")["errors"]
    _unchanged(world)


def test_a_weak_etag_never_matches_an_edit(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori"},
                      **{"If-Match": 'W/"2"'})
    assert_problem(response, 412, "precondition-failed")
    _unchanged(world)


def test_if_match_may_list_several_tags(world, edited):
    response = _patch(edited, person_url(world.child.ref), {"given_name": "Tori"},
                      **{"If-Match": '"1", "2"'})
    assert response.status_code == 200 and response["ETag"] == '"3"'


def test_the_etag_of_a_read_is_what_an_edit_sends_back(world, api):
    client = api("social_worker")
    tag = client.get(person_url(world.child.ref))["ETag"]
    response = _patch(client, person_url(world.child.ref), {"sex": "F"}, **{"If-Match": tag})
    assert response.status_code == 200


def test_an_edit_that_changes_nothing_keeps_the_version(world, api):
    response = _patch(api("social_worker"), person_url(world.child.ref),
                      {"given_name": "Amelia"}, **{"If-Match": '"1"'})
    assert response.status_code == 200 and response["ETag"] == '"1"'


# ------------------------------------------------------------------ households
@pytest.fixture
def home(world):
    household = HouseholdFactory(address_line_1="4 Larch Close", postcode="NB1 4LB")
    MembershipFactory(household=household, person=world.child)
    return household


def _home_unchanged(home) -> None:
    home.refresh_from_db()
    assert (home.address_line_1, home.version) == ("4 Larch Close", 1)


@pytest.mark.parametrize("headers,body,status,slug", [
    ({"If-Match": '"7"'}, {}, 412, "precondition-failed"),
    ({}, {"version": 7}, 409, "edit-conflict"),
    ({}, {}, 428, "precondition-required"),
])
def test_household_edits_need_the_current_version(world, api, home, headers, body, status,
                                                  slug):
    response = _patch(api("social_worker"), household_url(home.ref),
                      {"address_line_1": "5 Larch Close", **body}, **headers)
    assert_problem(response, status, slug)
    _home_unchanged(home)


def test_household_edit_with_the_current_version(world, api, home):
    client = api("social_worker")
    tag = client.get(household_url(home.ref))["ETag"]
    assert tag == '"1"'
    response = _patch(client, household_url(home.ref), {"address_line_1": "5 Larch Close"},
                      **{"If-Match": tag})
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert response.json()["address_line_1"] == "5 Larch Close"
    assert response.json()["postcode"] == "NB1 4LB"
