"""/api/v1/households/: record a household, read and change it, add members."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.people.models import Household, HouseholdMembership

from ..factories import HouseholdFactory, InvolvementFactory, MembershipFactory, PersonFactory
from .conftest import assert_problem, household_url

pytestmark = pytest.mark.django_db

HOUSEHOLDS = "/api/v1/households/"
ADDRESS = {"address_line_1": "12 Alder Road", "town": "Northbrook", "postcode": "nb2 7hq"}


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_record_a_household_then_add_a_child_to_it(world, api):
    client = api("social_worker")
    created = _post(client, HOUSEHOLDS, ADDRESS)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["postcode"] == "NB2 7HQ" and body["members"] == [] and body["version"] == 1
    assert created["ETag"] == '"1"' and created["Location"] == "http://testserver" + household_url(body["ref"])
    assert "id" not in body
    # Nobody lives there yet, so the worker may add the child they are involved with.
    added = _post(client, f"{household_url(body['ref'])}members/",
                  {"person": str(world.child.ref), "role": "child", "started": "2024-02-01"})
    assert added.status_code == 201, added.content
    [member] = added.json()["members"]
    assert member == {"ref": str(world.child.ref), "name": "Amelia Osei", "kind": "child",
                      "role": "child", "started": "2024-02-01", "ended": None}
    # Now the worker is involved with someone living there, so may read it.
    read = client.get(household_url(body["ref"]))
    assert read.status_code == 200 and read.json()["members"] == [member]
    # Two reads of who lives there: the answer to adding the child, and this GET.
    assert AuditEvent.objects.filter(action="household.view",
                                     target_id=body["ref"]).count() == 2
    child = client.get(f"/api/v1/people/{world.child.ref}/").json()
    assert [h["ref"] for h in child["households"]] == [body["ref"]]


def test_a_household_address_is_checked(world, api):
    response = _post(api("social_worker"), HOUSEHOLDS,
                     {"address_line_1": " ", "town": "Northbrook", "postcode": "NOT A CODE"})
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"address_line_1", "postcode"}
    missing = assert_problem(_post(api("social_worker"), HOUSEHOLDS, {}), 400)
    assert set(missing["errors"]) == {"address_line_1", "town", "postcode"}
    assert not Household.objects.exists()


def test_recording_a_household_is_refused_to_a_role_without_it(world, api):
    assert_problem(_post(api("inspector"), HOUSEHOLDS, ADDRESS), 403, "forbidden")


@pytest.fixture
def home(world):
    household = HouseholdFactory(address_line_1="4 Larch Close", postcode="NB1 4LB")
    MembershipFactory(household=household, person=world.child)
    return household


def test_change_a_household_address(world, api, home):
    response = api("social_worker").patch(
        household_url(home.ref), {"postcode": "nb1 9zz", "version": 1},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["postcode"] == "NB1 9ZZ" and response["ETag"] == '"2"'


def test_a_bad_address_change_is_refused_and_changes_nothing(world, api, home):
    response = api("social_worker").patch(
        household_url(home.ref), {"postcode": "XX", "town": "", "flat": "2"},
        content_type="application/json", headers={"If-Match": '"1"'})
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"flat"}  # unknown fields are refused before the rules
    response = api("social_worker").patch(
        household_url(home.ref), {"postcode": "XX", "town": ""},
        content_type="application/json", headers={"If-Match": '"1"'})
    assert set(assert_problem(response, 400)["errors"]) == {"postcode", "town"}
    home.refresh_from_db()
    assert (home.postcode, home.town, home.version) == ("NB1 4LB", "Northbrook", 1)


def test_a_household_where_a_sealed_person_lived_is_not_found(world, api, home):
    MembershipFactory(household=home, person=world.sealed_child)
    for client in (api("social_worker"), api("inspector")):
        assert_problem(client.get(household_url(home.ref)), 404, "not-found")
    response = api("social_worker").patch(household_url(home.ref), {"town": "X"},
                                          content_type="application/json",
                                          headers={"If-Match": '"1"'})
    assert_problem(response, 404, "not-found")
    assert api("privacy_officer").get(household_url(home.ref)).status_code == 200


def test_reading_a_household_of_strangers_needs_break_glass(world, api, home):
    from everychild.access.records import break_glass_open

    police = world.users["police_investigator"]
    assert_problem(api("police_investigator").get(household_url(home.ref)), 403, "forbidden")
    # Break-glass is asked for on a person; it then opens where they live, for reading.
    resident = home.memberships.filter(ended__isnull=True).first().person
    break_glass_open(actor=police, target_type="person", target_id=str(resident.ref),
                     reason="Child reported missing from this address", sealed=False)
    assert api("police_investigator").get(household_url(home.ref)).status_code == 200


def test_adding_a_member_checks_the_person_and_the_role(world, api, home):
    url = f"{household_url(home.ref)}members/"
    client = api("social_worker")
    adult = PersonFactory(kind="adult", given_name="Sam", family_name="Osei")
    InvolvementFactory(person=adult, agency=world.csc)  # so the worker may open his record
    unknown = _post(client, url, {"person": "00000000-0000-4000-8000-000000000000",
                                  "role": "parent", "started": "2024-01-01"})
    sealed = _post(client, url, {"person": str(world.sealed_child.ref), "role": "child",
                                 "started": "2024-01-01"})
    # A hidden person is answered exactly as one who does not exist.
    assert assert_problem(unknown, 404, "not-found") == assert_problem(sealed, 404)
    assert unknown.json()["errors"] == {"person": ["No person was found with this reference"]}
    wrong = _post(client, url, {"person": str(adult.ref), "role": "child",
                                "started": "2024-01-01"})
    assert "role" in assert_problem(wrong, 400)["errors"]
    again = _post(client, url, {"person": str(world.child.ref), "role": "child",
                                "started": "2024-01-01"})
    assert "person" in assert_problem(again, 400)["errors"]
    garbled = _post(client, url, {"person": "nobody", "role": "cousin", "started": "soon"})
    assert set(assert_problem(garbled, 400)["errors"]) == {"person", "role", "started"}
    assert HouseholdMembership.objects.filter(household=home).count() == 1


def test_adding_a_member_is_refused_before_the_body_is_judged(world, api, home):
    # The police are involved with nobody here: refused, whatever the body says.
    url = f"{household_url(home.ref)}members/"
    for body in ({}, {"person": str(world.unrelated_child.ref), "role": "child",
                      "started": "2024-01-01"}):
        assert_problem(_post(api("police_investigator"), url, body), 403, "forbidden")
    missing = "/api/v1/households/00000000-0000-4000-8000-000000000000/members/"
    assert_problem(_post(api("social_worker"), missing, {}), 404, "not-found")
    assert HouseholdMembership.objects.filter(household=home).count() == 1
