"""The worklist pages as their users meet them: what is listed, its status in words, the
links to each child, and who may open each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from everychild.oversight.services import escalate_overdue

from ..people.pages import links, main_text, read
from . import builders as b
from .conftest import NOW

pytestmark = pytest.mark.django_db
MINE, TEAM, OVERDUE = (reverse("oversight:mine"), reverse("oversight:team"),
                       reverse("oversight:overdue"))


def rows(response) -> list[list[str]]:
    """The table rows' cells as text, in order."""
    html = response.content.decode()
    found = []
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return [r for r in found if r and r[0] != "Child"]


def test_my_worklist_page_lists_my_children_with_status_in_words(caseload, client_for, world):
    response = client_for(caseload.sw).get(MINE)
    assert response.status_code == 200
    assert rows(response) == [
        ["Amelia Osei", "Single assessment", "5 February 2026", "Overdue 17 working days late",
         "Allocated worker"],
        ["Bella Soon", "Single assessment", "3 March 2026", "Due soon 1 working day left",
         "Allocated worker"],
    ]
    assert links(response)["Amelia Osei"] == reverse("casework:case",
                                                     kwargs={"ref": world.child.ref})
    page = read(response)
    assert "Hidden" not in main_text(response) and "Elsie" not in main_text(response)
    assert ("Your team's worklist", TEAM) not in page.links  # not a manager


def test_the_team_page_shows_each_childs_worker(caseload, client_for):
    response = client_for(caseload.manager).get(TEAM)
    assert response.status_code == 200
    assert [(r[0], r[3].split()[0], r[4]) for r in rows(response)] == [
        ("Amelia Osei", "Overdue", caseload.sw.get_full_name()),
        ("Bella Soon", "Due", caseload.sw.get_full_name()),
        ("Callum Mate", "On", "Priya Mate"),
    ]
    assert "Dylan" not in main_text(response)


def test_the_overdue_page_has_the_late_work_drift_and_escalations(caseload, client_for):
    escalate_overdue(now=NOW)
    caseload.mates.worker = None
    caseload.mates.save()
    response = client_for(caseload.manager).get(OVERDUE)
    assert response.status_code == 200
    text = main_text(response)
    assert "Overdue (1)" in text and "Due soon (1)" in text
    assert "Drift (2)" in text and "No allocated social worker" in text
    assert "Assessment open beyond its timescale" in text
    assert "Escalations sent (1)" in text
    escalated = [r for r in rows(response) if len(r) == 5 and r[1] == "Single assessment"
                 and "to " in r[3]]
    assert escalated and escalated[0][4] == "Overdue"
    # Once the assessment is done, the escalation shows as resolved.
    caseload.overdue.assessments.update(completed_on=dt.date(2026, 3, 2))
    assert "Resolved" in main_text(client_for(caseload.manager).get(OVERDUE))


def test_empty_lists_say_so(world, client_for):
    assert "Nothing is due for your children." in main_text(
        client_for(world.social_worker).get(MINE))
    text = main_text(client_for(world.users["team_manager"]).get(OVERDUE))
    assert "Nothing is overdue." in text and "No case has drifted." in text


@pytest.mark.parametrize(("role", "mine", "team"), [
    ("social_worker", 200, 403),
    ("conference_chair", 200, 403),
    ("team_manager", 200, 200),
    ("designated_safeguarding_lead", 403, 403),
    ("police_investigator", 403, 403),
    ("inspector", 403, 403),
])
def test_who_may_open_each_page(world, client_for, role, mine, team):
    client = client_for(world.users[role])
    assert client.get(MINE).status_code == mine
    assert client.get(TEAM).status_code == team
    assert client.get(OVERDUE).status_code == team


def test_pages_answer_only_get(world, client_for):
    assert client_for(world.users["team_manager"]).post(TEAM).status_code == 405


def test_the_home_page_links_to_the_worklists_a_role_may_open(world, client_for):
    home = reverse("web:home")
    manager = links(client_for(world.users["team_manager"]).get(home))
    assert manager["Your worklist: what is due for your children"] == MINE
    assert manager["Your team's worklist"] == TEAM
    assert manager["Overdue and at-risk work, drift and escalations"] == OVERDUE
    worker = links(client_for(world.social_worker).get(home))
    assert MINE in worker.values() and TEAM not in worker.values()
    school = links(client_for(world.users["designated_safeguarding_lead"]).get(home))
    assert MINE not in school.values()


def test_a_sealed_child_is_on_no_page_for_those_without_the_sealed_grant(caseload, client_for,
                                                                         world):
    b.assessment(caseload.overdue, "single", dt.date(2025, 12, 1))  # more to show
    for user, url in ((caseload.sw, MINE), (caseload.manager, TEAM), (caseload.manager, OVERDUE)):
        body = client_for(user).get(url).content.decode()
        assert "Sealedchild" not in body and str(world.sealed_child.ref) not in body
