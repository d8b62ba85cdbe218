"""The conference, plan and visit endpoints: the same rules as the pages, as RFC 9457
problems; versions through If-Match or `version`; partners limited to their own agency's
invitation and actions; another child's or a sealed child's records never found."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from everychild.casework.models import (
    ActionProgress,
    Conference,
    ConferenceStatus,
    Plan,
    PlanAction,
    Visit,
)
from everychild.core import calendar, clock
from everychild.outbox.models import Message

from ..casework.builders import (
    arrange,
    cp_plan,
    emails_for,
    episode_after_enquiry,
    everyone_attended,
    fresh,
    mother_of,
)
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def case(child, path: str = "") -> str:
    return f"/api/v1/people/{child.ref}/case/{path}"


def post(client, url: str, body: dict, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def today_at(hour: int) -> str:
    return dt.datetime.combine(clock.today(), dt.time(hour, 0)).isoformat() + "+00:00"


# ------------------------------------------------------------------ conferences
def test_arranging_the_initial_conference(world, api):
    emails_for(world)
    episode_after_enquiry(world)
    mother = mother_of(world.child)
    made = post(api("social_worker"), case(world.child, "conferences/"), {
        "scheduled_for": today_at(23), "venue": "Town Hall",
        "chair": world.users["conference_chair"].pk, "agencies": [world.police.pk],
        "family": [{"person": str(mother.ref), "email": "sarah@example.org"}]})
    assert made.status_code == 201, made.content
    body = made.json()
    conference = Conference.objects.get()
    assert made["Location"].endswith(case(world.child, f"conferences/{conference.pk}/"))
    assert made["ETag"] == f'"{conference.version}"'
    assert {i["name"] for i in body["invitees"]} >= {"Sarah Osei", world.police.name}
    assert body["due"]["rule"] == "strategy_to_icpc"
    assert Message.objects.filter(to="sarah@example.org").exists()
    listed = api("social_worker").get(case(world.child, "conferences/"))
    assert [c["id"] for c in listed.json()["results"]] == [conference.pk]


def test_no_conference_before_a_substantiated_enquiry_and_no_unknown_fields(world, api):
    episode_after_enquiry(world, outcome="substantiated_not_at_risk")
    refused = post(api("social_worker"), case(world.child, "conferences/"),
                   {"scheduled_for": today_at(23)})
    body = assert_problem(refused, 400, "validation-failed")
    assert "continuing risk of significant harm" in body["errors"]["section47"][0]
    unknown = post(api("social_worker"), case(world.child, "conferences/"),
                   {"scheduled_for": today_at(23), "categry": "NEG"})
    assert "categry" in assert_problem(unknown, 400)["errors"]
    assert not Conference.objects.exists()


def test_a_decision_without_a_category_or_a_late_first_core_group_is_refused(world, api):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    url = case(world.child, f"conferences/{conference.pk}/decision/")
    chair = api("conference_chair")
    version = fresh(conference).version
    body = {"held_on": clock.today().isoformat(), "decision": "plan",
            "reasons": "Neglect over many months", "version": version}
    refused = post(chair, url, body)
    assert assert_problem(refused, 400)["errors"] == {"category": [
        "Select the category of abuse: a child protection plan cannot be made without one"]}
    late = calendar.add_working_days(clock.today(), 11).isoformat()
    refused = post(chair, url, {**body, "category": "NEG", "first_core_group_on": late})
    assert "first_core_group_on" in assert_problem(refused, 400)["errors"]
    assert not Plan.objects.exists()
    done = post(chair, url, {**body, "category": "NEG"})
    assert done.status_code == 200, done.content
    assert done.json()["plan_made"] == Plan.objects.get().pk


def test_versions_if_match_and_stale_edits(world, api):
    conference = arrange(world, episode_after_enquiry(world))
    url = case(world.child, f"conferences/{conference.pk}/attendance/")
    chair = api("conference_chair")
    marks = {"attendance": [{"invitee": i.pk, "attendance": "attended"}
                            for i in conference.invitees.all()]}
    assert_problem(post(chair, url, marks), 428)
    assert_problem(post(chair, url, marks, HTTP_IF_MATCH='"99"'), 412)
    assert_problem(post(chair, url, {**marks, "version": conference.version + 5}), 409,
                   "edit-conflict")
    done = post(chair, url, marks, HTTP_IF_MATCH=f'"{conference.version}"')
    assert done.status_code == 200
    assert done["ETag"] == f'"{conference.version + 1}"'


def test_a_partner_cannot_chair(world, api):
    conference = arrange(world, episode_after_enquiry(world))
    for role in ("designated_safeguarding_lead", "partner_practitioner", "health_practitioner"):
        for path in ("decision/", "attendance/", "minutes/send/"):
            response = post(api(role), case(world.child, f"conferences/{conference.pk}/{path}"),
                            {"version": 1})
            assert_problem(response, 403)
        assert_problem(api(role).get(case(world.child, f"conferences/{conference.pk}/")), 403)


def test_an_agency_submits_its_report_only_on_its_own_invitation(world, api):
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    social_care = conference.invitees.get(agency=world.csc)
    base = f"conferences/{conference.pk}/invitations/"
    dsl = api("designated_safeguarding_lead")
    read = dsl.get(case(world.child, f"{base}{school.pk}/"))
    assert read.status_code == 200 and read.json()["invitee"]["report_version"] == 0
    assert_problem(dsl.get(case(world.child, f"{base}{social_care.pk}/")), 403)
    # Probation is not involved with Amelia.
    assert_problem(post(api("partner_practitioner"), case(world.child, f"{base}{school.pk}/report/"),
                        {"report": "Not ours to write", "report_version": 0}), 403)
    sent = post(dsl, case(world.child, f"{base}{school.pk}/report/"),
                {"report": "Amelia often arrives hungry.", "report_version": 0})
    assert sent.status_code == 200 and sent.json()["invitee"]["report_version"] == 1
    assert_problem(post(dsl, case(world.child, f"{base}{school.pk}/report/"),
                        {"report": "Written at the same time", "report_version": 0}), 409)
    shared = post(dsl, case(world.child, f"{base}{school.pk}/report/shared/"),
                  {"report_version": 1})
    assert shared.json()["invitee"]["report_shared_with_family_at"]


def test_the_minutes_reach_every_invitee_absent_ones_included(world, api):
    emails_for(world)
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    everyone_attended(world, conference, absent=(school.pk,))
    chair = api("conference_chair")
    url = case(world.child, f"conferences/{conference.pk}/")
    post(chair, url + "decision/", {"held_on": clock.today().isoformat(), "decision": "no_plan",
                                    "reasons": "The family is working with early help",
                                    "version": fresh(conference).version})
    assert post(chair, url + "minutes/", {"minutes": "No plan was needed.",
                                          "version": fresh(conference).version}).status_code == 200
    mother = conference.invitees.get(kind="family")
    refused = post(chair, url + "minutes/send/", {"version": fresh(conference).version})
    assert "Sarah Osei" in assert_problem(refused, 400)["errors"]["sent_otherwise"][0]
    sent = post(chair, url + "minutes/send/", {"version": fresh(conference).version,
                                               "sent_otherwise": [mother.pk]})
    assert sent.status_code == 200
    assert sent.json()["status"] == ConferenceStatus.CLOSED
    assert all(i["minutes_sent_at"] for i in sent.json()["invitees"])
    assert Message.objects.filter(key=f"conference-minutes:{conference.pk}:{school.pk}",
                                  to=world.school.email).exists()
    asked = post(api("designated_safeguarding_lead"),
                 case(world.child, f"conferences/{conference.pk}/invitations/{school.pk}/"
                                   "amendments/"), {"request": "We were not asked to speak."})
    assert asked.status_code == 200 and asked.json()["amendments"][0]["status"] == "requested"
    amendment = asked.json()["amendments"][0]["id"]
    answered = post(chair, url + f"amendments/{amendment}/",
                    {"accept": False, "response": "The school's apologies are minuted."})
    assert answered.json()["amendments"][0]["status"] == "declined"


def test_a_sealed_or_another_childs_conference_is_not_found(world, api):
    conference = arrange(world, episode_after_enquiry(world))
    assert_problem(api("social_worker").get(case(world.sealed_child,
                                                 f"conferences/{conference.pk}/")), 404)
    assert_problem(api("social_worker").get(case(world.child, "conferences/987654321/")), 404)
    sealed = episode_after_enquiry(world, child=world.sealed_child, family=False)
    now = clock.now()
    hidden = Conference.objects.create(episode=sealed, kind="initial", scheduled_for=now,
                                       created_at=now, updated_at=now)
    response = api("conference_chair").get(case(world.sealed_child,
                                                 f"conferences/{hidden.pk}/"))
    assert_problem(response, 404)
    assert "Sealedchild" not in response.content.decode()


# ------------------------------------------------------------------ plans
def test_reading_a_plan_and_adding_actions(world, api):
    plan = cp_plan(world)
    sw = api("social_worker")
    read = sw.get(case(world.child, f"plans/{plan.pk}/"))
    assert read.status_code == 200 and read["ETag"] == f'"{plan.version}"'
    assert read.json()["category"] == "NEG" and read.json()["key_worker"]["id"] == \
        world.social_worker.pk
    assert {d["rule"] for d in read.json()["due"]} >= {"first_core_group", "first_review"}
    url = case(world.child, f"plans/{plan.pk}/actions/")
    refused = post(sw, url, {"description": "Monitor", "due_on": "2001-01-01"})
    assert set(assert_problem(refused, 400)["errors"]) == {"description", "owner_agency", "due_on"}
    added = post(sw, url, {"description": "School to report attendance every Friday",
                           "owner_agency": world.school.pk,
                           "due_on": (clock.today() + dt.timedelta(days=7)).isoformat()})
    assert added.status_code == 201
    action = PlanAction.objects.get()
    assert_problem(post(api("designated_safeguarding_lead"), url, {
        "description": "A partner cannot write the plan", "owner_name": "Someone",
        "due_on": clock.today().isoformat()}), 403)
    progress = post(api("designated_safeguarding_lead"),
                    case(world.child, f"plans/{plan.pk}/actions/{action.pk}/progress/"),
                    {"note": "Four days out of five this week"})
    assert progress.status_code == 201
    assert ActionProgress.objects.get().note == "Four days out of five this week"
    close = case(world.child, f"plans/{plan.pk}/actions/{action.pk}/close/")
    assert_problem(post(sw, close, {"status": "done", "version": action.version + 1}), 409)
    closed = post(sw, close, {"status": "done"}, HTTP_IF_MATCH=f'"{action.version}"')
    assert closed.status_code == 200 and closed.json()["actions"][0]["status"] == "done"


def test_child_in_need_plans_and_key_workers(world, api):
    episode_after_enquiry(world)
    sw = api("social_worker")
    made = post(sw, case(world.child, "plans/"), {"started_on": clock.today().isoformat()})
    assert made.status_code == 201 and made.json()["kind"] == "cin"
    assert_problem(post(sw, case(world.child, "plans/"),
                        {"started_on": clock.today().isoformat()}), 400)
    plan = Plan.objects.get()
    changed = post(sw, case(world.child, f"plans/{plan.pk}/visit-interval/"),
                   {"visit_interval_working_days": 15, "version": plan.version})
    assert changed.json()["visit_interval"] == 15
    ended = post(sw, case(world.child, f"plans/{plan.pk}/end/"),
                 {"ended_on": clock.today().isoformat(), "end_reason": "Needs are met now",
                  "version": fresh(plan).version})
    assert ended.status_code == 200 and ended.json()["ended_on"] == clock.today().isoformat()
    assert_problem(api("designated_safeguarding_lead").get(case(world.sealed_child, "plans/")),
                   404)


def test_core_groups_and_reconvening(world, api):
    plan = cp_plan(world)
    members = [m.pk for m in plan.members.all()]
    met = post(api("designated_safeguarding_lead"), case(world.child, f"plans/{plan.pk}/core-groups/"),
               {"held_on": clock.today().isoformat(), "attendees": members,
                "plan_working": False, "notes": "Things are getting worse"})
    assert met.status_code == 201
    assert met.json()["reconvene_suggested_by"] == clock.today().isoformat()
    review = post(api("social_worker"), case(world.child, f"plans/{plan.pk}/reviews/"),
                  {"scheduled_for": today_at(23), "reconvened": True})
    assert "reconvene_reason" in assert_problem(review, 400)["errors"]
    review = post(api("social_worker"), case(world.child, f"plans/{plan.pk}/reviews/"),
                  {"scheduled_for": today_at(23), "reconvened": True,
                   "reconvene_reason": "The core group found the plan is not working"})
    assert review.status_code == 201 and review.json()["reconvened"] is True
    again = api("social_worker").get(case(world.child, f"plans/{plan.pk}/"))
    assert again.json()["reconvene_suggested_by"] is None


# ------------------------------------------------------------------ visits
def test_recording_visits(world, api):
    plan = cp_plan(world)
    sw = api("social_worker")
    url = case(world.child, "visits/")
    refused = post(sw, url, {"visited_on": clock.today().isoformat(), "child_seen": False,
                             "seen_alone": True})
    assert set(assert_problem(refused, 400)["errors"]) == {"seen_alone", "not_seen_reason"}
    future = (clock.today() + dt.timedelta(days=1)).isoformat()
    assert "visited_on" in assert_problem(post(sw, url, {"visited_on": future,
                                                         "child_seen": True,
                                                         "seen_alone": False}), 400)["errors"]
    assert_problem(post(sw, url, {"visited_on": clock.today().isoformat(),
                                  "child_seen": "yes"}), 400)
    done = post(sw, url, {"visited_on": clock.today().isoformat(), "child_seen": True,
                          "seen_alone": True})
    assert done.status_code == 201 and done.json()["plan"] == plan.pk
    assert done["Location"].endswith(case(world.child, f"plans/{plan.pk}/"))
    assert_problem(post(api("designated_safeguarding_lead"), url, {
        "visited_on": clock.today().isoformat(), "child_seen": True}), 403)
    assert Visit.objects.count() == 1
