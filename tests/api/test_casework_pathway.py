"""The pathway through the API: the case read (audited), opening and allocating, the
assessment steps, strategy discussions and enquiries, closure and changes, with problem
details for every refusal and ETag/If-Match on versioned records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import Episode
from everychild.core import clock
from everychild.outbox.models import Message

from ..casework.pathway_support import (
    days_ago,
    enquiry_of,
    fresh,
    open_case,
    open_plan,
    record_ready,
    start,
    strategy,
    with_emails,
)
from ..factories import InvolvementFactory, PersonFactory
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def case_url(child: Any, rest: str = "") -> str:
    return f"/api/v1/people/{child.ref}/case/{rest}"


def post(client, url: str, body: dict[str, Any], **headers: str):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def patch(client, url: str, body: dict[str, Any], **headers: str):
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


# ------------------------------------------------------------------ reading the case
def test_the_case_with_due_items_is_audited(world, api):
    episode = open_case(world, referral_date=days_ago(2))
    start(world, episode)
    strategy(world, episode)
    before = AuditEvent.objects.filter(action="casework.view").count()
    response = api("social_worker").get(case_url(world.child))
    assert response.status_code == 200
    body = response.json()
    assert body["child"] == str(world.child.ref)
    (ep,) = body["episodes"]
    assert ep["episode"]["id"] == episode.pk and ep["episode"]["rules"] == "wt2013"
    assert [a["kind"] for a in ep["assessments"]] == ["single"]
    assert ep["strategy_discussions"][0]["health_attended"] is True
    assert ep["enquiries"][0]["outcome"] == ""
    keys = {i["key"]: i for i in ep["due"]}
    assessment_item = keys[f"assessment:{ep['assessments'][0]['id']}"]
    assert assessment_item["standing"] == "on_track" and assessment_item["rule"] == (
        "single_assessment")
    assert AuditEvent.objects.filter(action="casework.view").count() == before + 1


def test_partners_are_refused_and_sealed_children_not_found(world, api):
    open_case(world)
    assert_problem(api("designated_safeguarding_lead").get(case_url(world.child)), 403)
    response = api("social_worker").get(case_url(world.sealed_child))
    body = assert_problem(response, 404)
    assert "Sealedchild" not in json.dumps(body)


# ------------------------------------------------------------------ episodes
def test_opening_and_reopening_an_episode(world, api):
    client = api("social_worker")
    response = post(client, case_url(world.child, "episodes/"),
                    {"referral_date": clock.today().isoformat(), "primary_need": "N4"})
    assert response.status_code == 201 and response["ETag"] == '"1"'
    assert response["Location"].endswith(case_url(world.child))
    again = post(client, case_url(world.child, "episodes/"),
                 {"referral_date": clock.today().isoformat()})
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    assert Episode.objects.count() == 1
    bad = post(client, case_url(world.child, "episodes/"), {"referral_date": "soon", "x": 1})
    assert set(assert_problem(bad, 400)["errors"]) == {"referral_date", "x"}


def test_allocation_with_if_match(world, api):
    with_emails(world)
    episode = open_case(world)
    client = api("team_manager")
    url = case_url(world.child, f"episodes/{episode.pk}/allocation/")
    body = {"team": world.team_a.pk, "worker": world.social_worker.pk}
    assert_problem(post(client, url, body), 428)
    assert_problem(post(client, url, body, HTTP_IF_MATCH='"7"'), 412)
    done = post(client, url, body, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["worker"]["id"] == world.social_worker.pk
    assert done["ETag"] == '"2"'
    assert Message.objects.filter(to=world.school.email).exists()
    stale = post(client, url, {**body, "version": 1, "worker": None})
    assert_problem(stale, 409, "edit-conflict")
    unknown = post(client, url, {"team": 999999, "version": 2})
    assert assert_problem(unknown, 400)["errors"] == {"team": ["No team has this id"]}


def test_another_childs_episode_is_not_found(world, api):
    episode = open_case(world)
    # Another child the same worker is allocated, named with Amelia's episode id.
    other = PersonFactory(given_name="Sib")
    InvolvementFactory(person=other, agency=world.csc, staff=world.social_worker,
                       role="allocated_social_worker")
    response = post(api("social_worker"), case_url(other, f"episodes/{episode.pk}/allocation/"),
                    {"team": world.team_a.pk, "version": 1})
    assert_problem(response, 404)


# ------------------------------------------------------------------ assessments
def test_the_assessment_steps(world, api):
    episode = open_case(world)
    sw, tm = api("social_worker"), api("team_manager")
    wrong = post(sw, case_url(world.child, f"episodes/{episode.pk}/assessments/"),
                 {"kind": "initial"})
    assert "not used under" in assert_problem(wrong, 400)["errors"]["kind"][0]
    started = post(sw, case_url(world.child, f"episodes/{episode.pk}/assessments/"),
                   {"kind": "single"})
    assert started.status_code == 201
    url = started["Location"]
    assessment_id = started.json()["id"]
    assert url.endswith(case_url(world.child, f"assessments/{assessment_id}/"))
    read = sw.get(case_url(world.child, f"assessments/{assessment_id}/"))
    assert read.status_code == 200 and read["ETag"] == '"1"'
    recorded = patch(sw, case_url(world.child, f"assessments/{assessment_id}/"), {
        "child_seen_on": clock.today().isoformat(), "child_views": "Wants to stay home",
        "factors": ["2B", "3B"], "analysis": "Mother's drug use", "outcome": "cin_plan"},
        HTTP_IF_MATCH='"1"')
    assert recorded.status_code == 200
    assert [f["code"] for f in recorded.json()["factors"]] == ["2B", "3B"]
    assert recorded.json()["factors"][0]["label"] == "Drug misuse: by a parent or carer"
    completion = case_url(world.child, f"assessments/{assessment_id}/completion/")
    # The case has no main need yet: the completion must give it (the census needs it).
    needless = assert_problem(post(sw, completion, {"version": 2}), 400)
    assert "main need" in needless["errors"]["primary_need"][0]
    done = post(sw, completion, {"version": 2, "primary_need": "N1"})
    assert done.json()["status"] == "awaiting_authorisation"
    assert fresh(episode).primary_need == "N1"
    authorisation = case_url(world.child, f"assessments/{assessment_id}/authorisation/")
    assert_problem(post(sw, authorisation, {"version": 3}), 403)
    assert post(tm, authorisation, {"version": 3}).json()["status"] == "authorised"


def test_a_late_completion_without_a_reason_is_refused(world, api):
    episode = open_case(world, rules="wt2006", referral_date=days_ago(40))
    assessment = start(world, episode, "initial")
    record_ready(world, assessment)
    url = case_url(world.child, f"assessments/{assessment.pk}/completion/")
    body = assert_problem(post(api("social_worker"), url, {"version": 2, "primary_need": "N4"}),
                          400)
    assert "late" in body["errors"]["late_reason"][0]
    ok = post(api("social_worker"), url, {"version": 2, "late_reason": "Family away for weeks",
                                          "primary_need": "N4"})
    assert ok.status_code == 200 and ok.json()["late_reason"] == "Family away for weeks"


def test_a_manager_may_not_authorise_their_own(world, api):
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    tm = api("team_manager")
    post(tm, case_url(world.child, f"assessments/{assessment.pk}/completion/"),
         {"version": 2, "primary_need": "N1"})
    response = post(tm, case_url(world.child, f"assessments/{assessment.pk}/authorisation/"),
                    {"version": 3})
    assert "cannot authorise it" in assert_problem(response, 400)["errors"]["assessment"][0]


# ------------------------------------------------------------------ strategy and s47
def _strategy_body(world, **changes: Any) -> dict[str, Any]:
    return {"held_on": clock.today().isoformat(), "section47": True,
            "reasons": "Disclosure of being hit by an adult",
            "attendees": [{"agency": world.csc.pk, "name": "Sam Okafor"},
                          {"agency": world.police.pk, "name": "DC Price",
                           "role": "Investigator"}], **changes}


def test_a_strategy_discussion_and_its_enquiry(world, api):
    episode = open_case(world)
    sw = api("social_worker")
    url = case_url(world.child, f"episodes/{episode.pk}/strategy-discussions/")
    only_us = _strategy_body(world, attendees=[{"agency": world.csc.pk, "name": "Sam"}])
    assert "police" in assert_problem(post(sw, url, only_us), 400)["errors"]["attendees"][0]
    assert_problem(post(sw, url, _strategy_body(world, section47="yes")), 400)
    done = post(sw, url, _strategy_body(world))
    assert done.status_code == 201 and done.json()["health_attended"] is False
    enquiry = enquiry_of(episode.strategy_discussions.get())
    outcome_url = case_url(world.child, f"enquiries/{enquiry.pk}/outcome/")
    recorded = post(sw, outcome_url, {"outcome": "substantiated_conference",
                                      "findings": "Injuries match the account"},
                    HTTP_IF_MATCH='"1"')
    assert recorded.status_code == 200 and recorded["ETag"] == '"2"'
    assert fresh(enquiry).outcome == "substantiated_conference"


def test_no_enquiry_outcome_without_an_enquiry(world, api):
    open_case(world)
    response = post(api("social_worker"), case_url(world.child, "enquiries/987654/outcome/"),
                    {"outcome": "not_substantiated", "findings": "Nothing", "version": 1})
    assert_problem(response, 404)


# ------------------------------------------------------------------ closure and changes
def test_closing_tells_the_agencies_and_refuses_with_a_plan_open(world, api):
    with_emails(world)
    episode = open_case(world)
    plan = open_plan(episode, "cp")
    url = case_url(world.child, f"episodes/{episode.pk}/closure/")
    refused = post(api("social_worker"), url, {"reason": "RC7", "version": 1})
    assert "child protection plan" in assert_problem(refused, 400)["errors"]["episode"][0]
    plan.ended_on = clock.today()
    plan.save()
    closed = post(api("social_worker"), url, {"reason": "RC7", "version": 1})
    assert closed.status_code == 200 and closed.json()["closure_reason"] == "RC7"
    told = set(Message.objects.values_list("to", flat=True))
    assert {world.csc.email, world.school.email} <= told


def test_a_partner_records_a_change(world, api):
    with_emails(world)
    episode = open_case(world)
    url = case_url(world.child, f"episodes/{episode.pk}/changes/")
    response = post(api("designated_safeguarding_lead"), url,
                    {"kind": "new_baby", "summary": "Mother has had a baby boy"})
    assert response.status_code == 201
    assert set(response.json()["agencies_told"]) == {world.csc.pk, world.school.pk}
    refused = post(api("designated_safeguarding_lead"), url,
                   {"kind": "closed", "summary": "Trying to close it this way"})
    assert "kind" in assert_problem(refused, 400)["errors"]
    assert_problem(post(api("police_investigator"), url,
                        {"kind": "move", "summary": "The family moved away"}), 403)
