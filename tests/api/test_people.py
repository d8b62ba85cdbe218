"""/api/v1/people/: search, record, read and change a person, and other names."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import AuditEvent
from everychild.access.records import break_glass_open
from everychild.people.models import MemberRole, Person, Relationship, RelationshipKind

from ..factories import AgencyFactory, HouseholdFactory, MembershipFactory, PersonFactory
from .conftest import PEOPLE, assert_problem, person_url

pytestmark = pytest.mark.django_db

NEW_CHILD = {"kind": "child", "given_name": "Amara", "family_name": "Okafor", "sex": "F",
             "date_of_birth": "2019-06-14", "nhs_number": "943 476 5919"}


# ------------------------------------------------------------------ search
def test_search_shows_full_details_of_people_the_user_may_open(world, api):
    response = api("social_worker").get(PEOPLE, {"q": "osei"})
    assert response.status_code == 200
    [hit] = response.json()["results"]
    assert hit["ref"] == str(world.child.ref) and hit["can_open"] is True
    assert hit["given_name"] == "Amelia" and hit["family_name"] == "Osei"
    assert hit["date_of_birth"] == "2017-11-02" and hit["may_break_glass"] is False


def test_search_shows_only_name_and_date_of_birth_of_others(world, api):
    response = api("police_investigator").get(PEOPLE, {"q": "amelia osei"})
    [hit] = response.json()["results"]
    assert hit == {"ref": str(world.child.ref), "name": "Amelia Osei",
                   "date_of_birth": "2017-11-02", "can_open": False, "may_break_glass": True}


def test_sealed_person_never_appears_in_search(world, api):
    for q in ("sealedchild", "hidden", "hidden sealedchild"):
        response = api("social_worker").get(PEOPLE, {"q": q})
        assert response.status_code == 200
        assert response.json()["results"] == []
        assert b"Sealedchild" not in response.content
    found = api("privacy_officer").get(PEOPLE, {"q": "sealedchild"}).json()["results"]
    assert [h["ref"] for h in found] == [str(world.sealed_child.ref)]


def test_search_by_date_of_birth_narrows_by_name(world, api):
    PersonFactory(given_name="Victor", family_name="Osei", date_of_birth=dt.date(2015, 1, 1))
    both = api("social_worker").get(PEOPLE, {"q": "osei"}).json()["results"]
    one = api("social_worker").get(PEOPLE, {"q": "osei", "date_of_birth": "2017-11-02"})
    assert len(both) == 2
    assert [h["ref"] for h in one.json()["results"]] == [str(world.child.ref)]


@pytest.mark.parametrize("value", ["02/11/2017", "2017-13-01", "yesterday", "2017-02-30"])
def test_search_refuses_a_date_of_birth_it_cannot_read(world, api, value):
    body = assert_problem(api("social_worker").get(PEOPLE, {"q": "osei",
                                                            "date_of_birth": value}),
                          400, "validation-failed")
    assert body["errors"]["date_of_birth"]


def test_search_refuses_unknown_parameters_rather_than_ignoring_them(world, api):
    body = assert_problem(api("social_worker").get(PEOPLE, {"text": "osei"}), 400)
    assert "text" in body["errors"]


def test_search_is_refused_to_a_role_without_it(world, api):
    assert_problem(api("board_analyst").get(PEOPLE, {"q": "osei"}), 403, "forbidden")


def test_each_search_is_audited(world, api):
    before = AuditEvent.objects.filter(action="person.search").count()
    api("social_worker").get(PEOPLE, {"q": "osei"})
    assert AuditEvent.objects.filter(action="person.search").count() == before + 1


# ------------------------------------------------------------------ create
def test_record_a_new_person(world, api):
    response = api("social_worker").post(PEOPLE, NEW_CHILD, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(ref=body["ref"])
    assert response["Location"] == "http://testserver" + person_url(person.ref)
    assert response["ETag"] == '"1"' and body["version"] == 1
    assert body["name"] == "Amara Okafor" and body["nhs_number"] == "9434765919"
    # The recording worker's agency is now involved, so they can read it back.
    assert [i["agency"]["name"] for i in body["involvements"]] == [world.csc.name]
    assert api("social_worker").get(response["Location"]).status_code == 200
    assert AuditEvent.objects.filter(action="person.create",
                                     target_id=str(person.ref)).count() == 1


def test_record_a_person_lists_every_problem(world, api):
    response = api("social_worker").post(
        PEOPLE, {"given_name": "x" * 101, "sex": "Q", "date_of_birth": "2019-02-30"},
        content_type="application/json")
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"kind", "family_name", "given_name", "sex", "date_of_birth"}
    assert not Person.objects.filter(given_name__startswith="xxx").exists()


def test_record_a_person_applies_the_services_rules(world, api):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = api("social_worker").post(
        PEOPLE, {**NEW_CHILD, "nhs_number": "1234567890", "date_of_birth": future},
        content_type="application/json")
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"nhs_number", "date_of_birth"}
    assert not Person.objects.filter(family_name="Okafor").exists()


def test_record_a_person_is_refused_to_a_role_without_it(world, api):
    response = api("inspector").post(PEOPLE, NEW_CHILD, content_type="application/json")
    assert_problem(response, 403, "forbidden")
    assert not Person.objects.filter(family_name="Okafor").exists()


# ------------------------------------------------------------------ read
@pytest.fixture
def family(world):
    """Amelia lives with her mother; the mother is recorded as her parent."""
    home = HouseholdFactory(address_line_1="4 Larch Close", postcode="NB1 4LB")
    mother = PersonFactory(kind="adult", given_name="Grace", family_name="Osei",
                           date_of_birth=dt.date(1990, 3, 3))
    MembershipFactory(household=home, person=world.child, role=MemberRole.CHILD)
    MembershipFactory(household=home, person=mother, role=MemberRole.PARENT)
    Relationship.objects.create(person=mother, related=world.child, kind=RelationshipKind.PARENT,
                                recorded_at=mother.created_at)
    return home, mother


def test_read_a_person_with_households_relationships_and_involvement(world, api, family):
    home, mother = family
    response = api("social_worker").get(person_url(world.child.ref))
    assert response.status_code == 200
    body = response.json()
    assert response["ETag"] == f'"{world.child.version}"' and body["version"] == 1
    assert body["ref"] == str(world.child.ref) and body["kind"] == "child"
    assert "id" not in body and "sealed" not in body
    [household] = body["households"]
    assert household["ref"] == str(home.ref) and household["role"] == "child"
    assert {m["ref"] for m in household["members"]} == {str(world.child.ref), str(mother.ref)}
    assert all("id" not in m for m in household["members"])
    assert body["relationships"] == [{"ref": str(mother.ref), "name": "Grace Osei",
                                      "relationship": "parent"}]
    assert {i["agency"]["name"] for i in body["involvements"]} == {world.csc.name,
                                                                  world.school.name}
    worker = next(i["worker"] for i in body["involvements"] if i["worker"])
    assert worker["name"] == world.social_worker.get_full_name()


def test_reading_a_person_writes_exactly_one_view_to_the_audit_log(world, api):
    client = api("social_worker")
    before = AuditEvent.objects.count()
    assert client.get(person_url(world.child.ref)).status_code == 200
    new = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [(e.action, e.target_id, e.channel) for e in new] == [
        ("person.view", str(world.child.ref), "api")]


def test_sealed_flag_is_shown_only_to_users_who_may_see_sealed_records(world, api):
    body = api("privacy_officer").get(person_url(world.sealed_child.ref)).json()
    assert body["sealed"] is True
    assert api("privacy_officer").get(person_url(world.child.ref)).json()["sealed"] is False


def test_a_sealed_person_is_not_found_like_one_that_does_not_exist(world, api):
    client = api("social_worker")
    sealed = assert_problem(client.get(person_url(world.sealed_child.ref)), 404, "not-found")
    missing = assert_problem(client.get(person_url("00000000-0000-4000-8000-000000000000")),
                             404, "not-found")
    assert sealed == missing
    assert not AuditEvent.objects.filter(action="person.view",
                                         target_id=str(world.sealed_child.ref)).exists()


def test_a_person_the_user_is_not_involved_with_needs_break_glass(world, api):
    response = api("police_investigator").get(person_url(world.child.ref))
    body = assert_problem(response, 403, "break-glass-required")
    assert f"/people/{world.child.ref}/open/" in body["detail"]
    assert "Amelia" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.view").exists()


def test_after_break_glass_in_the_web_app_the_api_can_read_the_record(world, api):
    police = world.users["police_investigator"]
    break_glass_open(actor=police, target_type="person", target_id=str(world.child.ref),
                     reason="Joint investigation, strategy discussion today", sealed=False)
    response = api("police_investigator").get(person_url(world.child.ref))
    assert response.status_code == 200 and response.json()["name"] == "Amelia Osei"
    view = AuditEvent.objects.get(action="person.view", actor=police)
    assert view.detail == {"via": "break_glass"}


def test_a_role_that_cannot_read_records_is_refused_without_break_glass(world, api):
    body = assert_problem(api("board_analyst").get(person_url(world.child.ref)), 403, "forbidden")
    assert "open/" not in body.get("detail", "")


@pytest.mark.parametrize("ref", ["not-a-uuid", "1", "0000000-0000-4000-8000-000000000000"])
def test_a_ref_that_is_not_a_uuid_is_not_found(world, api, ref):
    assert_problem(api("social_worker").get(f"{PEOPLE}{ref}/"), 404, "not-found")


# ------------------------------------------------------------------ change
def test_change_a_person_with_if_match(world, api):
    client = api("social_worker")
    response = client.patch(person_url(world.child.ref), {"given_name": "Amelie"},
                            content_type="application/json", headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.content
    assert response.json()["given_name"] == "Amelie" and response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    assert client.get(person_url(world.child.ref)).json()["name"] == "Amelie Osei"
    assert AuditEvent.objects.filter(action="person.edit").count() == 1


def test_change_a_person_with_a_version_field(world, api):
    response = api("social_worker").patch(
        person_url(world.child.ref), {"version": 1, "date_of_birth": "2017-11-03",
                                      "nhs_number": "943 476 5919"},
        content_type="application/json")
    assert response.status_code == 200, response.content
    world.child.refresh_from_db()
    assert world.child.date_of_birth == dt.date(2017, 11, 3)
    assert world.child.nhs_number == "9434765919" and world.child.version == 2


def test_change_can_clear_a_date(world, api):
    response = api("social_worker").patch(person_url(world.child.ref), {"date_of_birth": None},
                                          content_type="application/json",
                                          headers={"If-Match": '"1"'})
    assert response.status_code == 200 and response.json()["date_of_birth"] is None


def test_change_refuses_unknown_and_read_only_fields(world, api):
    response = api("social_worker").patch(
        person_url(world.child.ref), {"given_name": "Vic", "givenname": "Vic", "ref": "x",
                                      "sealed": False, "households": []},
        content_type="application/json", headers={"If-Match": '"1"'})
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"givenname", "ref", "sealed", "households"}
    world.child.refresh_from_db()
    assert world.child.given_name == "Amelia" and world.child.version == 1


def test_change_applies_the_services_rules_and_changes_nothing(world, api):
    response = api("social_worker").patch(
        person_url(world.child.ref), {"family_name": "", "upn": "A12345678901X"},
        content_type="application/json", headers={"If-Match": '"1"'})
    body = assert_problem(response, 400, "validation-failed")
    assert set(body["errors"]) == {"family_name", "upn"}
    world.child.refresh_from_db()
    assert world.child.family_name == "Osei" and world.child.version == 1


def test_change_is_refused_to_a_user_who_may_only_read(world, api):
    # The school's safeguarding lead may read the child's record but not change it.
    client = api("designated_safeguarding_lead")
    assert client.get(person_url(world.child.ref)).status_code == 200
    response = client.patch(person_url(world.child.ref), {"given_name": "X"},
                            content_type="application/json", headers={"If-Match": '"1"'})
    assert_problem(response, 403, "forbidden")
    world.child.refresh_from_db()
    assert world.child.given_name == "Amelia"


def test_change_of_a_sealed_person_is_not_found(world, api):
    response = api("social_worker").patch(person_url(world.sealed_child.ref),
                                          {"given_name": "X"}, content_type="application/json",
                                          headers={"If-Match": '"1"'})
    assert_problem(response, 404, "not-found")


# ------------------------------------------------------------------ other names
def test_add_another_name_and_find_the_person_by_it(world, api):
    client = api("social_worker")
    response = client.post(f"{person_url(world.child.ref)}other-names/",
                           {"kind": "alias", "given_name": "Anna", "family_name": "Mensah"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json() == {"kind": "alias", "given_name": "Anna", "family_name": "Mensah",
                               "agency": None, "note": ""}
    assert response["Location"] == "http://testserver" + person_url(world.child.ref)
    record = client.get(person_url(world.child.ref)).json()
    assert [n["family_name"] for n in record["other_names"]] == ["Mensah"]
    [hit] = client.get(PEOPLE, {"q": "anna mensah"}).json()["results"]
    assert hit["ref"] == str(world.child.ref) and hit["matched_other_name"] == "Anna Mensah"


def test_an_agency_spelling_names_an_active_agency(world, api):
    url = f"{person_url(world.child.ref)}other-names/"
    client = api("social_worker")
    missing = client.post(url, {"kind": "agency_spelling", "family_name": "Osey"},
                          content_type="application/json")
    assert "agency" in assert_problem(missing, 400)["errors"]
    closed = AgencyFactory(active=False)
    for agency in (closed.pk, 10**12):
        wrong = client.post(url, {"kind": "agency_spelling", "family_name": "Osey",
                                  "agency": agency}, content_type="application/json")
        assert "agency" in assert_problem(wrong, 400)["errors"]
    ok = client.post(url, {"kind": "agency_spelling", "family_name": "Osey",
                           "agency": world.school.pk}, content_type="application/json")
    assert ok.status_code == 201
    assert ok.json()["agency"] == {"id": world.school.pk, "name": world.school.name}


def test_another_name_needs_a_name(world, api):
    response = api("social_worker").post(f"{person_url(world.child.ref)}other-names/",
                                         {"kind": "nickname"}, content_type="application/json")
    assert "given_name" in assert_problem(response, 400)["errors"]


def test_another_name_is_refused_without_permission_to_edit(world, api):
    for role, status in (("designated_safeguarding_lead", 403), ("inspector", 403)):
        response = api(role).post(f"{person_url(world.child.ref)}other-names/",
                                  {"kind": "alias", "given_name": "Anna"},
                                  content_type="application/json")
        assert_problem(response, status)
    response = api("social_worker").post(f"{person_url(world.sealed_child.ref)}other-names/",
                                         {"kind": "alias", "given_name": "Anna"},
                                         content_type="application/json")
    assert_problem(response, 404, "not-found")


def test_the_api_reads_and_changes_them(world, api):
    client = api("social_worker")
    url = person_url(world.child.ref)
    assert client.get(url).json()["disabilities"] == []
    changed = client.patch(url, {"disabilities": ["MOB"]}, content_type="application/json",
                           headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.content
    assert changed.json()["disabilities"] == ["MOB"]
    bad = client.patch(url, {"disabilities": ["NONE", "MOB"]}, content_type="application/json",
                       headers={"If-Match": '"2"'})
    assert bad.status_code == 400 and "disabilities" in bad.json()["errors"]
