"""POST /api/v1/people/{ref}/merge/ and POST /api/v1/merges/{id}/undo/."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.people.models import Person, PersonMerge

from ..factories import InvolvementFactory, PersonFactory, valid_nhs_number
from ..people.merge_records import everything, make_duplicate
from .conftest import PEOPLE, assert_problem, person_url

pytestmark = pytest.mark.django_db
REASON = "The same NHS number, confirmed by the GP practice"


@pytest.fixture
def duplicate(world):
    return make_duplicate(world)


def merge_url(ref) -> str:
    return f"{person_url(ref)}merge/"


def undo_url(merge_id) -> str:
    return f"/api/v1/merges/{merge_id}/undo/"


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def body_for(d, **changes):
    return {"other": str(d.dup.ref), "reason": REASON, "version": d.child.version,
            "other_version": d.dup.version, **changes}


def unchanged():
    return everything(), PersonMerge.objects.count(), AuditEvent.objects.count()


def test_merge_and_undo(world, duplicate, api):
    client = api("social_worker")
    d = duplicate
    before = everything()
    response = post(client, merge_url(d.child.ref), body_for(d))
    assert response.status_code == 201, response.content
    body = response.json()
    merge = PersonMerge.objects.get()
    worker = {"id": world.social_worker.pk, "name": world.social_worker.get_full_name()}
    assert body == {
        "id": merge.pk,
        "survivor": {"ref": str(d.child.ref), "name": "Amelia Osei"},
        "merged": {"ref": str(d.dup.ref), "name": "Amelie Osei-Grant"},
        "reason": REASON, "merged_at": body["merged_at"], "merged_by": worker,
        "moved": {"household memberships": 1, "relationships": 1, "involvements": 2,
                  "other names": 1},
        "filled": ["NHS number", "Unique Pupil Number", "Ethnicity"],
        "names_added": 2, "relationships_ended": 1,
        "undone_at": None, "undone_by": None, "undo_reason": "",
    }
    # The record kept now carries her NHS number; the duplicate has left search.
    child = client.get(person_url(d.child.ref)).json()
    assert child["nhs_number"] == before["people"][d.dup.pk]["nhs_number"]
    refs = {h["ref"] for h in client.get(PEOPLE, {"q": "Osei"}).json()["results"]}
    assert str(d.dup.ref) not in refs and str(d.child.ref) in refs

    undone = post(client, undo_url(merge.pk), {"reason": "Different birth certificates"})
    assert undone.status_code == 200, undone.content
    assert undone.json()["undone_by"] == worker
    assert undone.json()["undo_reason"] == "Different birth certificates"
    assert everything() == before
    assert [e.action for e in AuditEvent.objects.filter(
        action__startswith="person.merge").order_by("seq")] == ["person.merge",
                                                                "person.merge_undo"]


def test_the_version_may_come_as_if_match(world, duplicate, api):
    d = duplicate
    body = body_for(d)
    del body["version"]
    response = post(api("social_worker"), merge_url(d.child.ref), body,
                    HTTP_IF_MATCH=f'"{d.child.version}"')
    assert response.status_code == 201, response.content


# ------------------------------------------------------------------ refusals, as problems
@pytest.mark.parametrize("changes, field", [
    ({"other": None}, "other"),
    ({"other": "not-a-ref"}, "other"),
    ({"reason": 7}, "reason"),
    ({"other_version": "3"}, "other_version"),
    ({"colour": "red"}, "colour"),
])
def test_malformed_bodies_are_refused(world, duplicate, api, changes, field):
    client = api("social_worker")
    before = unchanged()
    body = {k: v for k, v in body_for(duplicate, **changes).items() if v is not None}
    problem = assert_problem(post(client, merge_url(duplicate.child.ref), body),
                             400, "validation-failed")
    assert field in problem["errors"]
    assert unchanged() == before


def test_refusals_name_the_problem(world, duplicate, api):
    client = api("social_worker")
    d = duplicate
    before = unchanged()
    problem = assert_problem(post(client, merge_url(d.child.ref),
                                  body_for(d, other=str(d.child.ref))), 400)
    assert problem["errors"] == {"other": [
        "These are the same record: choose a different record to merge with"]}
    problem = assert_problem(post(client, merge_url(d.child.ref), body_for(d, reason="")), 400)
    assert problem["errors"] == {"reason": ["Enter why these records are the same person"]}
    problem = assert_problem(post(client, merge_url(d.child.ref),
                                  body_for(d, other=str(d.mother.ref))), 400)
    assert "a child's record and the other an adult's" in problem["errors"]["other"][0]
    Person.objects.filter(pk=d.child.pk).update(nhs_number=valid_nhs_number())
    problem = assert_problem(post(client, merge_url(d.child.ref), body_for(d)), 400)
    assert problem["errors"]["other"] == [
        "They have different NHS numbers, so they are different people. If one number is "
        "wrong, correct it first"]
    assert unchanged()[1:] == before[1:]


def test_unknown_and_sealed_records_are_not_found(world, duplicate, api):
    client = api("social_worker")
    d = duplicate
    before = unchanged()
    missing = "00000000-0000-4000-8000-000000000000"
    problem = assert_problem(post(client, merge_url(d.child.ref), body_for(d, other=missing)),
                             404, "not-found")
    assert problem["errors"] == {"other": ["No person was found with this reference"]}
    assert_problem(post(client, merge_url(d.child.ref),
                        body_for(d, other=str(world.sealed_child.ref))), 404, "not-found")
    assert_problem(post(client, merge_url(world.sealed_child.ref), body_for(d)), 404,
                   "not-found")
    assert_problem(post(client, merge_url(missing), body_for(d)), 404, "not-found")
    assert unchanged() == before


def test_permission_is_needed_on_both_records(world, duplicate, api):
    d = duplicate
    clients = [api(role) for role in ("health_practitioner", "designated_safeguarding_lead",
                                      "social_worker")]
    stranger = PersonFactory(given_name="Amelia", family_name="Oseh")
    InvolvementFactory(person=stranger, agency=world.gp)
    before = unchanged()
    assert_problem(post(clients[0], merge_url(d.child.ref), body_for(d)), 403, "forbidden")
    assert_problem(post(clients[1], merge_url(d.child.ref), body_for(d)), 403, "forbidden")
    assert_problem(post(clients[2], merge_url(d.child.ref),
                        body_for(d, other=str(stranger.ref), other_version=1)), 403,
                   "forbidden")
    assert unchanged() == before


def test_stale_versions(world, duplicate, api):
    client = api("social_worker")
    d = duplicate
    before = unchanged()
    problem = assert_problem(post(client, merge_url(d.child.ref), body_for(d, version=9)), 409,
                             "edit-conflict")
    assert "Amelia Osei's record" in problem["detail"]
    problem = assert_problem(post(client, merge_url(d.child.ref),
                                  body_for(d, other_version=9)), 409, "edit-conflict")
    assert "Amelie Osei-Grant's record" in problem["detail"]
    assert "other_version" in problem["errors"]
    body = body_for(d)
    del body["version"]
    assert_problem(post(client, merge_url(d.child.ref), body, HTTP_IF_MATCH='"9"'), 412,
                   "precondition-failed")
    assert_problem(post(client, merge_url(d.child.ref), body), 428, "precondition-required")
    assert unchanged() == before


# ------------------------------------------------------------------ undoing
@pytest.fixture
def merged(world, duplicate, api):
    response = post(api("social_worker"), merge_url(duplicate.child.ref), body_for(duplicate))
    assert response.status_code == 201
    return PersonMerge.objects.get()


def test_undo_refusals(world, duplicate, merged, api):
    client, gp, school = (api(role) for role in ("social_worker", "health_practitioner",
                                                 "designated_safeguarding_lead"))
    before = unchanged()
    problem = assert_problem(post(client, undo_url(merged.pk), {}), 400, "validation-failed")
    assert "reason" in problem["errors"]
    assert_problem(post(client, undo_url(merged.pk), {"reason": " "}), 400)
    assert_problem(post(gp, undo_url(merged.pk), {"reason": "No"}), 403)
    assert_problem(post(school, undo_url(merged.pk), {"reason": "No"}), 403)
    for missing in (merged.pk + 1, 2**63, 10**30):
        assert_problem(post(client, undo_url(missing), {"reason": "No"}), 404, "not-found")
    assert unchanged() == before


def test_an_undo_that_would_overwrite_a_later_change_says_why(world, duplicate, merged, api):
    client = api("social_worker")
    current = client.get(person_url(duplicate.child.ref))
    changed = client.patch(person_url(duplicate.child.ref), {"ethnicity": "BCRB"},
                           content_type="application/json", HTTP_IF_MATCH=current["ETag"])
    assert changed.status_code == 200
    before = unchanged()
    problem = assert_problem(post(client, undo_url(merged.pk), {"reason": "Not her"}), 409,
                             "edit-conflict")
    assert problem["errors"]["merge"] == [
        "Amelia Osei's ethnicity has been changed since the merge"]
    assert unchanged() == before


def test_a_merge_is_undone_once(world, duplicate, merged, api):
    client = api("social_worker")
    assert post(client, undo_url(merged.pk), {"reason": "Not her"}).status_code == 200
    problem = assert_problem(post(client, undo_url(merged.pk), {"reason": "Not her"}), 409)
    assert problem["detail"] == "This merge has already been undone"


def test_a_merged_record_says_where_the_person_is_now(world, duplicate, merged, api):
    body = api("social_worker").get(person_url(duplicate.dup.ref)).json()
    assert body["merged_into"] == {"ref": str(world.child.ref), "name": "Amelia Osei"}
    assert body["households"] == [] and body["involvements"] == []
    assert api("social_worker").get(person_url(world.child.ref)).json()["merged_into"] is None
