"""The worklists in the API: the same lists as the pages, as JSON, with problems for
refusals."""

from __future__ import annotations

import pytest

from ..api.conftest import assert_problem, token_client

pytestmark = pytest.mark.django_db
MINE, TEAM = "/api/v1/worklists/mine/", "/api/v1/worklists/team/"


def test_my_worklist_as_json(caseload, world):
    response = token_client(caseload.sw).get(MINE)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["child"]["name"], r["standing"]) for r in results] == [
        ("Amelia Osei", "overdue"), ("Bella Soon", "due_soon")]
    first = results[0]
    assessment = caseload.overdue.assessments.get()
    assert first == {
        "key": f"assessment:{assessment.pk}", "rule": "single_assessment",
        "what": "Single assessment", "counted_from": "2025-12-01", "due_on": "2026-02-05",
        "standing": "overdue", "working_days_left": -17,
        "child": {"ref": str(world.child.ref), "name": "Amelia Osei"},
        "worker": {"id": caseload.sw.pk, "name": caseload.sw.get_full_name()},
        "why": "Allocated worker",
    }


def test_the_team_worklist_as_json(caseload):
    caseload.mates.worker = None
    caseload.mates.save()
    results = token_client(caseload.manager).get(TEAM).json()["results"]
    assert [r["child"]["name"] for r in results] == ["Amelia Osei", "Bella Soon", "Callum Mate"]
    assert results[2]["worker"] is None and results[2]["why"] == ""


def test_sealed_and_other_teams_children_are_not_in_the_api(caseload, world):
    for user, url in ((caseload.sw, MINE), (caseload.manager, TEAM)):
        body = token_client(user).get(url).content.decode()
        for hidden in ("Sealedchild", str(world.sealed_child.ref), "Otherteam"):
            assert hidden not in body


@pytest.mark.parametrize(("role", "url"), [
    ("social_worker", TEAM), ("conference_chair", TEAM),
    ("designated_safeguarding_lead", MINE), ("police_investigator", MINE),
    ("health_practitioner", TEAM), ("inspector", MINE),
])
def test_roles_without_the_list_get_a_403_problem(world, role, url):
    assert_problem(token_client(world.users[role]).get(url), 403)


def test_only_get_is_answered(world):
    response = token_client(world.users["team_manager"]).post(TEAM, data="{}",
                                                              content_type="application/json")
    assert response.status_code in (403, 405)
