"""Partners who see a child's plan read its milestones without social care's reasons and
notes (decision 0011): not why the plan ended, what a core group noted, what a visit found
or why the child was not seen. Social care reads them all. Page and API alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from everychild.casework.models import Plan
from everychild.casework.services import conferences, core_groups, visits
from everychild.core import clock

from ..api.conftest import token_client
from ..people.pages import main_text
from .builders import at, cp_plan, decide, everyone_attended, fresh

pytestmark = pytest.mark.django_db

SECRETS = ("MOTHER DISCLOSED VIOLENCE", "FAMILY REFUSED ENTRY", "LODGER HAS LEFT",
           "CORE GROUP HEARD OF ARREST")


def ended_plan_with_notes(world) -> Plan:
    plan = cp_plan(world)
    sw = world.social_worker
    visits.visit_record(actor=sw, episode=plan.episode, visited_on=clock.today(),
                        child_seen=True, seen_alone=True, note=SECRETS[0] + " at the visit")
    visits.visit_record(actor=sw, episode=plan.episode, visited_on=clock.today(),
                        child_seen=False, seen_alone=False,
                        not_seen_reason=SECRETS[1] + " at the door")
    member = plan.members.filter(agency=world.school).first()
    core_groups.core_group_meeting_record(
        actor=sw, plan=fresh(plan), held_on=clock.today(), attendee_ids=[member.pk],
        notes=SECRETS[3] + " last week", plan_working=True)
    review = conferences.review_schedule(actor=sw, plan=fresh(plan),
                                         scheduled_for=at(clock.today(), 17),
                                         chair_id=world.users["conference_chair"].pk)
    everyone_attended(world, review)
    decide(world, review, decision="end_plan", category="",
           reasons=SECRETS[2] + ", so the risk is gone")
    return fresh(plan)


def test_the_plan_page_hides_reasons_and_notes_from_a_partner(world):
    plan = ended_plan_with_notes(world)
    url = reverse("casework:plan", kwargs={"ref": world.child.ref, "plan_id": plan.pk})
    school, social_worker = Client(), Client()
    school.force_login(world.users["designated_safeguarding_lead"])
    social_worker.force_login(world.social_worker)
    partner_text = main_text(school.get(url))
    assert "Ended" in partner_text and "Not seen" in partner_text  # the milestones
    assert "Seen alone" in partner_text
    assert not [s for s in SECRETS if s in partner_text]
    worker_text = main_text(social_worker.get(url))
    # (The page lists visits without their notes; the API carries them.)
    assert [s for s in SECRETS if s in worker_text] == list(SECRETS[1:])


def test_the_plan_api_hides_reasons_and_notes_from_a_partner(world):
    plan = ended_plan_with_notes(world)
    url = f"/api/v1/people/{world.child.ref}/case/plans/{plan.pk}/"
    partner = token_client(world.users["designated_safeguarding_lead"]).get(url)
    assert partner.status_code == 200
    body = partner.json()
    assert body["end_reason"] == "" and body["ended_on"]
    assert {(v["child_seen"], v["note"], v["not_seen_reason"]) for v in body["visits"]} == {
        (True, "", ""), (False, "", "")}
    assert [m["notes"] for m in body["core_groups"]] == [""]
    assert not [s for s in SECRETS if s in partner.content.decode()]
    worker = token_client(world.social_worker).get(url).content.decode()
    assert [s for s in SECRETS if s in worker] == list(SECRETS)
