"""/api/v1/relationships/ and /api/v1/involvements/."""

from __future__ import annotations

import pytest

from everychild.people.models import Involvement, Person, Relationship

from ..factories import PersonFactory, StaffFactory
from .conftest import PEOPLE, assert_problem, person_url

pytestmark = pytest.mark.django_db

RELATIONSHIPS = "/api/v1/relationships/"
INVOLVEMENTS = "/api/v1/involvements/"


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def mother(world):
    return PersonFactory(kind="adult", given_name="Grace", family_name="Osei")


def test_record_a_relationship(world, api):
    client = api("social_worker")
    # The worker records the mother first (their agency becomes involved), then links her.
    recorded = _post(client, PEOPLE, {"kind": "adult", "given_name": "Grace",
                                      "family_name": "Osei", "sex": "F"})
    assert recorded.status_code == 201, recorded.content
    mother = Person.objects.get(ref=recorded.json()["ref"])
    response = _post(client, RELATIONSHIPS, {"person": str(mother.ref),
                                             "related": str(world.child.ref), "kind": "parent",
                                             "started": "2017-11-02", "note": "birth mother"})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "person": {"ref": str(mother.ref), "name": "Grace Osei"},
        "related": {"ref": str(world.child.ref), "name": "Amelia Osei"},
        "kind": "parent", "started": "2017-11-02", "ended": None, "note": "birth mother"}
    child = client.get(person_url(world.child.ref)).json()
    assert child["relationships"] == [{"ref": str(mother.ref), "name": "Grace Osei",
                                       "relationship": "parent"}]


def test_a_relationship_is_checked(world, api, mother):
    client = api("social_worker")
    body = assert_problem(_post(client, RELATIONSHIPS, {"person": "x", "kind": "aunt"}), 400)
    assert set(body["errors"]) == {"person", "related", "kind"}
    hidden = _post(client, RELATIONSHIPS, {"person": str(mother.ref),
                                           "related": str(world.sealed_child.ref),
                                           "kind": "parent"})
    assert assert_problem(hidden, 404, "not-found")["errors"] == {
        "related": ["No person was found with this reference"]}
    itself = _post(client, RELATIONSHIPS, {"person": str(world.child.ref),
                                           "related": str(world.child.ref), "kind": "sibling"})
    assert "related" in assert_problem(itself, 400)["errors"]
    assert not Relationship.objects.exists()


def test_a_relationship_to_someone_the_user_cannot_open_is_refused(world, api, mother):
    # The social worker works with the child, but nobody in their agency with the mother.
    response = _post(api("social_worker"), RELATIONSHIPS,
                     {"person": str(world.child.ref), "related": str(mother.ref),
                      "kind": "other"})
    body = assert_problem(response, 400, "validation-failed")
    assert body["errors"] == {"related": [
        "You cannot open Grace Osei's record, so you cannot link them here. Open their "
        "record first (giving a reason if you are not involved)"]}
    assert not Relationship.objects.exists()
    assert_problem(api("social_worker").get(person_url(mother.ref)), 403,
                   "break-glass-required")


def test_a_relationship_needs_a_link_to_one_of_the_two(world, api, mother):
    response = _post(api("police_investigator"), RELATIONSHIPS,
                     {"person": str(mother.ref), "related": str(world.child.ref),
                      "kind": "parent"})
    assert_problem(response, 403, "forbidden")
    assert_problem(_post(api("inspector"), RELATIONSHIPS, {}), 403, "forbidden")
    assert not Relationship.objects.exists()


def test_record_an_agencys_involvement(world, api):
    client = api("social_worker")
    response = _post(client, INVOLVEMENTS, {"person": str(world.child.ref),
                                            "agency": world.police.pk, "role": "agency",
                                            "started": "2024-05-01"})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "person": {"ref": str(world.child.ref), "name": "Amelia Osei"},
        "agency": {"id": world.police.pk, "name": world.police.name}, "worker": None,
        "role": "agency", "started": "2024-05-01", "ended": None}
    child = client.get(person_url(world.child.ref)).json()
    assert world.police.name in {i["agency"]["name"] for i in child["involvements"]}


def test_allocate_a_named_worker(world, api):
    colleague = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b,
                             first_name="Jo", last_name="Mensah")
    response = _post(api("social_worker"), INVOLVEMENTS,
                     {"person": str(world.child.ref), "worker": colleague.pk,
                      "role": "key_worker", "started": "2024-05-01"})
    assert response.status_code == 201, response.content
    assert response.json()["worker"] == {"id": colleague.pk, "name": "Jo Mensah"}
    assert response.json()["agency"]["id"] == world.csc.pk


def test_involvement_is_checked_in_the_apis_own_words(world, api):
    client = api("social_worker")
    body = assert_problem(_post(client, INVOLVEMENTS, {"person": str(world.child.ref),
                                                       "role": "key_worker",
                                                       "started": "2024-05-01"}), 400)
    assert set(body["errors"]) == {"worker", "agency"}  # never the service's word "staff"
    outsider = StaffFactory(agency=world.police)
    body = assert_problem(_post(client, INVOLVEMENTS, {
        "person": str(world.child.ref), "agency": world.csc.pk, "worker": outsider.pk,
        "role": "key_worker", "started": "2024-05-01"}), 400)
    assert set(body["errors"]) == {"worker"}
    body = assert_problem(_post(client, INVOLVEMENTS, {
        "person": str(world.child.ref), "agency": 2**63, "worker": 0, "role": "agency",
        "started": "2024-05-01"}), 400)
    assert set(body["errors"]) == {"agency", "worker"}
    assert Involvement.objects.filter(person=world.child).count() == 2


def test_involvement_is_refused_without_permission(world, api):
    response = _post(api("police_investigator"), INVOLVEMENTS,
                     {"person": str(world.child.ref), "agency": world.police.pk,
                      "role": "agency", "started": "2024-05-01"})
    assert_problem(response, 403, "forbidden")
    hidden = _post(api("social_worker"), INVOLVEMENTS,
                   {"person": str(world.sealed_child.ref), "agency": world.police.pk,
                    "role": "agency", "started": "2024-05-01"})
    assert "person" in assert_problem(hidden, 404, "not-found")["errors"]
