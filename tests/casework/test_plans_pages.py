"""The plan pages: what a social worker and a partner agency see on a plan, the forms
that write it, progress from the owning agency, refusals and stale forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import ActionProgress, Plan, PlanAction
from everychild.casework.services import plan_actions
from everychild.core import clock

from ..factories import StaffFactory
from ..people.pages import date_fields, links, main_text, read, summary
from ..people.service_checks import last_seq
from .builders import cp_plan, episode_after_enquiry, fresh

pytestmark = pytest.mark.django_db


def url(name: str, plan: Plan, **kw) -> str:
    return reverse(f"casework:{name}", kwargs={"ref": plan.episode.child.ref,
                                               "plan_id": plan.pk, **kw})


def day_fields(prefix: str, day: dt.date) -> dict[str, str]:
    return date_fields(prefix, str(day.day), str(day.month), str(day.year))


def school_action(world, plan: Plan) -> PlanAction:
    return plan_actions.plan_action_add(
        actor=world.social_worker, plan=plan, owner_agency_id=world.school.pk,
        description="School to report Amelia's attendance every Friday",
        due_on=clock.today() + dt.timedelta(days=14))


def test_the_plan_page_shows_the_plan_at_a_glance(world, client_for):
    plan = cp_plan(world)
    school_action(world, plan)
    client = client_for(world.social_worker)
    seq = last_seq()
    page = client.get(url("plan", plan))
    assert page.status_code == 200
    text = main_text(page)
    for expected in ("Child protection plan", "Neglect", world.social_worker.get_full_name(),
                     "Sarah Osei", "School to report Amelia's attendance every Friday",
                     "First core group", "First review conference", "Statutory visit",
                     "Not yet seen alone under this plan"):
        assert expected in text, expected
    viewed = AuditEvent.objects.get(seq__gt=seq)
    assert (viewed.action, viewed.target_id, viewed.detail["plan"]) == (
        "plan.view", str(world.child.ref), plan.pk)
    offered = links(page)
    assert "Add an action (actions)" in offered and "Record a visit (visits)" in offered


def test_a_partner_reads_the_plan_and_reports_on_its_own_actions(world, client_for):
    plan = cp_plan(world)
    action = school_action(world, plan)
    dsl = client_for(world.users["designated_safeguarding_lead"])
    page = dsl.get(url("plan", plan))
    assert page.status_code == 200
    offered = links(page)
    assert "Add an action (actions)" not in offered
    assert any(text.startswith("Record progress") for text in offered)
    assert dsl.get(url("plan-action-add", plan)).status_code == 403
    empty = dsl.post(url("plan-action-progress", plan, action_id=action.pk), {"note": ""})
    assert summary(empty) == ["Say what progress has been made"]
    done = dsl.post(url("plan-action-progress", plan, action_id=action.pk),
                    {"note": "Attendance 4 days out of 5 this week"})
    assert done.status_code == 302
    assert ActionProgress.objects.get().recorded_by == world.users["designated_safeguarding_lead"]
    assert "Attendance 4 days out of 5 this week" in main_text(dsl.get(url("plan", plan)))
    # Probation is not involved with Amelia: not even the plan.
    probation = client_for(world.users["partner_practitioner"])
    assert probation.get(url("plan", plan)).status_code == 403


def test_adding_an_action_keeps_what_was_typed_when_it_is_refused(world, client_for):
    plan = cp_plan(world)
    client = client_for(world.social_worker)
    refused = client.post(url("plan-action-add", plan), {
        "description": "Monitor", "owner_agency": "", **day_fields("due_on", clock.today()
                                                                   - dt.timedelta(days=1))})
    assert refused.status_code == 200
    assert summary(refused) == [
        "Describe the action so that anyone can tell when it is done: at least 4 words",
        "Say who owns the action: an agency, a named worker, or (for a family member) their "
        "name", "The due date must be today or in the future"]
    assert read(refused).inputs["description"] == "Monitor"
    added = client.post(url("plan-action-add", plan), {
        "description": "Health visitor to weigh Amelia weekly", "owner_agency": str(world.gp.pk),
        **day_fields("due_on", clock.today() + dt.timedelta(days=7))})
    assert added.status_code == 302
    assert PlanAction.objects.get().owner_name == world.gp.name


def test_a_stale_key_worker_form_gets_a_409(world, client_for):
    plan = cp_plan(world)
    newcomer = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    client = client_for(world.social_worker)
    version = read(client.get(url("plan-key-worker", plan))).inputs["version"]
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    stale = client.post(url("plan-key-worker", plan), {"key_worker": str(newcomer.pk),
                                                       "version": version})
    assert stale.status_code == 409
    assert "Someone else changed this plan" in summary(stale)[0]
    assert fresh(plan).key_worker == world.social_worker


def test_core_group_meetings_and_members_from_their_pages(world, client_for):
    plan = cp_plan(world)
    client = client_for(world.social_worker)
    members = list(plan.members.all())
    refused = client.post(url("plan-core-group", plan), {**day_fields("held_on", clock.today())})
    assert summary(refused) == ["Say whether the plan is working"]
    done = client.post(url("plan-core-group", plan), {
        **day_fields("held_on", clock.today()), "attendees": [str(m.pk) for m in members],
        "notes": "Good progress", "plan_working": "yes"})
    assert done.status_code == 302
    added = client.post(url("plan-member-add", plan), {"agency": str(world.police.pk),
                                                       **day_fields("joined_on", clock.today())})
    assert added.status_code == 302
    police = plan.members.get(agency=world.police)
    left = client.post(url("plan-member-remove", plan, member_id=police.pk),
                       day_fields("left_on", clock.today()))
    assert left.status_code == 302
    assert fresh(police).left_on == clock.today()
    text = main_text(client.get(url("plan", plan)))
    assert f"Left: {world.police.name}" in text and "Plan working" in text


def test_starting_and_ending_a_child_in_need_plan_from_its_pages(world, client_for):
    episode_after_enquiry(world)
    client = client_for(world.social_worker)
    start = reverse("casework:plan-start", kwargs={"ref": world.child.ref})
    assert client.get(start).status_code == 200
    done = client.post(start, {**day_fields("started_on", clock.today()),
                               "key_worker": str(world.social_worker.pk),
                               "outcomes": "Amelia attends school every day"})
    assert done.status_code == 302
    plan = Plan.objects.get(kind="cin")
    version = read(client.get(url("plan-end", plan))).inputs["version"]
    ended = client.post(url("plan-end", plan), {**day_fields("ended_on", clock.today()),
                                                "end_reason": "Needs met by universal services",
                                                "version": version})
    assert ended.status_code == 302
    assert fresh(plan).ended_on == clock.today()


def test_another_childs_or_a_sealed_childs_plan_is_not_found(world, client_for):
    plan = cp_plan(world)
    client = client_for(world.social_worker)
    other = reverse("casework:plan", kwargs={"ref": world.sealed_child.ref, "plan_id": plan.pk})
    assert client.get(other).status_code == 404
    sealed_episode = episode_after_enquiry(world, child=world.sealed_child, family=False)
    now = clock.now()
    sealed = Plan.objects.create(episode=sealed_episode, kind="cin", started_on=clock.today(),
                                 created_at=now, updated_at=now)
    for role in ("social_worker", "team_manager", "inspector"):
        response = client_for(world.users[role]).get(url("plan", sealed))
        assert response.status_code == 404
        assert "Sealedchild" not in response.content.decode()
