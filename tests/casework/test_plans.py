"""Plans: child in need plans (one open per episode), key worker changes, the core group
(members join and leave), actions that are specific, owned and dated, with progress from
the owning agency, and core group meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.casework.models import (
    ActionProgress,
    ChangeKind,
    CircumstanceChange,
    CoreGroupMeeting,
    CoreGroupMember,
    Plan,
    PlanAction,
)
from everychild.casework.selectors.plans import due_items
from everychild.casework.services import core_groups, plan_actions, plans
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed

from ..factories import StaffFactory
from ..people.service_checks import refused_unchanged
from .builders import cp_plan, episode_after_enquiry, fresh, mother_of

pytestmark = pytest.mark.django_db
NEXT_WEEK = dt.timedelta(days=7)


def counts() -> tuple[int, ...]:
    return (Plan.objects.count(), PlanAction.objects.count(), ActionProgress.objects.count(),
            CoreGroupMember.objects.filter(left_on__isnull=True).count(),
            CoreGroupMeeting.objects.count(), CircumstanceChange.objects.count())


def add_action(world, plan: Plan, **kw) -> PlanAction:
    kw.setdefault("description", "School to report Amelia's attendance every Friday")
    kw.setdefault("owner_agency_id", world.school.pk)
    kw.setdefault("due_on", clock.today() + NEXT_WEEK)
    return plan_actions.plan_action_add(actor=kw.pop("actor", world.social_worker), plan=plan,
                                        **kw)


# ------------------------------------------------------------------ child in need plans
def test_one_open_child_in_need_plan_per_episode(world):
    episode = episode_after_enquiry(world)
    plan = plans.cin_plan_start(actor=world.social_worker, episode=episode,
                                started_on=clock.today(), outcomes="Regular school attendance")
    assert (plan.kind, plan.key_worker) == ("cin", world.social_worker)
    assert plan.members.get().role == "Key worker"
    refused = refused_unchanged(counts, ValidationFailed, lambda: plans.cin_plan_start(
        actor=world.social_worker, episode=episode, started_on=clock.today()))
    assert "already has a child in need plan" in refused.errors["started_on"][0]
    # A partner may see the plan but not start one.
    refused_unchanged(counts, AccessDenied, lambda: plans.cin_plan_start(
        actor=world.users["designated_safeguarding_lead"], episode=episode,
        started_on=clock.today()))


def test_ending_a_child_in_need_plan_tells_every_agency_and_needs_a_reason(world):
    episode = episode_after_enquiry(world)
    plan = plans.cin_plan_start(actor=world.social_worker, episode=episode,
                                started_on=clock.today())
    refused = refused_unchanged(counts, ValidationFailed, lambda: plans.plan_end(
        actor=world.social_worker, plan=plan, ended_on=clock.today(), end_reason="",
        version=plan.version))
    assert refused.errors == {"end_reason": ["Say why the plan is ending"]}
    with pytest.raises(Conflict):
        plans.plan_end(actor=world.social_worker, plan=plan, ended_on=clock.today(),
                       end_reason="Amelia's needs are met at home", version=plan.version + 1)
    ended = plans.plan_end(actor=world.social_worker, plan=plan, ended_on=clock.today(),
                           end_reason="Amelia's needs are met at home", version=plan.version)
    assert ended.ended_on == clock.today()
    assert CircumstanceChange.objects.get().kind == ChangeKind.PLAN_ENDED


def test_a_child_protection_plan_is_not_ended_outside_a_conference(world):
    plan = cp_plan(world)
    refused_unchanged(counts, ValidationFailed, lambda: plans.plan_end(
        actor=world.social_worker, plan=plan, ended_on=clock.today(),
        end_reason="Trying to end it here", version=plan.version))


# ------------------------------------------------------------------ key worker
def test_changing_the_key_worker_keeps_the_core_group_history(world):
    plan = cp_plan(world)
    newcomer = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    with pytest.raises(ValidationFailed):
        plans.plan_key_worker_change(actor=world.social_worker, plan=plan,
                                     key_worker_id=world.users["designated_safeguarding_lead"].pk,
                                     version=plan.version)
    changed = plans.plan_key_worker_change(actor=world.social_worker, plan=plan,
                                           key_worker_id=newcomer.pk, version=plan.version)
    assert changed.key_worker == newcomer
    assert plan.members.filter(staff=newcomer, left_on__isnull=True).exists()
    assert CircumstanceChange.objects.filter(kind=ChangeKind.WORKER).exists()
    with pytest.raises(Conflict):
        plans.plan_key_worker_change(actor=world.social_worker, plan=plan,
                                     key_worker_id=world.social_worker.pk,
                                     version=plan.version)


def test_core_group_members_join_and_leave(world):
    plan = cp_plan(world)
    police = core_groups.core_group_member_add(actor=world.social_worker, plan=plan,
                                               agency_id=world.police.pk, role="Police")
    assert police.name == world.police.name
    refused = refused_unchanged(counts, ValidationFailed, lambda: core_groups.core_group_member_add(
        actor=world.social_worker, plan=plan, agency_id=world.police.pk))
    assert "already in the core group" in refused.errors["staff"][0]
    outsider = fresh(world.unrelated_child)
    refused_unchanged(counts, ValidationFailed, lambda: core_groups.core_group_member_add(
        actor=world.social_worker, plan=plan, person=outsider))
    gone = core_groups.core_group_member_remove(actor=world.social_worker, plan=plan,
                                                member_id=police.pk)
    assert gone.left_on == clock.today() and CoreGroupMember.objects.filter(pk=police.pk).exists()
    key = plan.members.get(staff=world.social_worker)
    refused = refused_unchanged(counts, ValidationFailed,
                                lambda: core_groups.core_group_member_remove(
                                    actor=world.social_worker, plan=plan, member_id=key.pk))
    assert "change the key worker first" in refused.errors["left_on"][0]
    with pytest.raises(NotFound):
        core_groups.core_group_member_remove(actor=world.social_worker, plan=plan,
                                             member_id=987654)


# ------------------------------------------------------------------ actions
def test_an_action_must_be_specific_owned_and_dated(world):
    plan = cp_plan(world)
    refused = refused_unchanged(counts, ValidationFailed, lambda: add_action(
        world, plan, description="Monitor", owner_agency_id=None,
        due_on=clock.today() - dt.timedelta(days=1)))
    assert refused.errors == {
        "description": ["Describe the action so that anyone can tell when it is done: at "
                        "least 4 words"],
        "owner_agency": ["Say who owns the action: an agency, a named worker, or (for a "
                         "family member) their name"],
        "due_on": ["The due date must be today or in the future"]}
    refused = refused_unchanged(counts, ValidationFailed, lambda: add_action(
        world, plan, owner_staff_id=world.users["police_investigator"].pk))
    assert "does not work for" in refused.errors["owner_staff"][0]
    by_school = add_action(world, plan)
    assert by_school.owner_name == world.school.name
    by_mother = add_action(world, plan, description="Sarah to take Amelia to the dentist",
                           owner_agency_id=None, owner_name="Sarah Osei (mother)")
    assert by_mother.owner_name == "Sarah Osei (mother)"
    by_worker = add_action(world, plan, owner_agency_id=None,
                           owner_staff_id=world.social_worker.pk,
                           description="Social worker to visit Amelia at home weekly")
    assert (by_worker.owner_agency, by_worker.owner_name) == (
        world.csc, world.social_worker.get_full_name())


def test_partners_record_progress_only_on_their_own_agencys_actions(world):
    plan = cp_plan(world)
    schools = add_action(world, plan)
    police_action = add_action(world, plan, owner_agency_id=world.police.pk,
                               description="Police to share any call-outs to the home")
    dsl = world.users["designated_safeguarding_lead"]
    note = plan_actions.action_progress_record(actor=dsl, plan=plan, action_id=schools.pk,
                                               note="Attendance this week: 4 days out of 5")
    assert note.recorded_by == dsl
    refused_unchanged(counts, AccessDenied, lambda: plan_actions.action_progress_record(
        actor=dsl, plan=plan, action_id=police_action.pk, note="Not ours to report on"))
    # Probation is not involved with the child at all.
    refused_unchanged(counts, AccessDenied, lambda: plan_actions.action_progress_record(
        actor=world.users["partner_practitioner"], plan=plan, action_id=schools.pk,
        note="Should never be recorded"))
    # Social care may report on any action.
    plan_actions.action_progress_record(actor=world.social_worker, plan=plan,
                                        action_id=police_action.pk,
                                        note="Police confirmed no call-outs this month")
    done = plan_actions.plan_action_status_set(actor=dsl, plan=plan, action_id=schools.pk,
                                               status="done", version=schools.version)
    assert (done.status, done.completed_on) == ("done", clock.today())
    refused_unchanged(counts, AccessDenied, lambda: plan_actions.plan_action_status_set(
        actor=dsl, plan=plan, action_id=police_action.pk, status="dropped",
        note="We cannot drop another agency's action", version=police_action.version))
    refused = refused_unchanged(counts, ValidationFailed, lambda: plan_actions.plan_action_status_set(
        actor=world.social_worker, plan=plan, action_id=police_action.pk, status="dropped",
        version=police_action.version))
    assert refused.errors == {"note": ["Say why the action is no longer needed"]}
    with pytest.raises(ValidationFailed):
        plan_actions.action_progress_record(actor=dsl, plan=plan, action_id=schools.pk,
                                            note="Too late: the action is done")


# ------------------------------------------------------------------ core group meetings
def test_a_core_group_meeting_records_who_came_and_whether_the_plan_works(world):
    plan = cp_plan(world)
    members = list(plan.members.all())
    refused = refused_unchanged(counts, ValidationFailed, lambda: core_groups.core_group_meeting_record(
        actor=world.social_worker, plan=plan, held_on=clock.today() + NEXT_WEEK))
    assert set(refused.errors) == {"held_on", "plan_working"}
    meeting = core_groups.core_group_meeting_record(
        actor=world.users["designated_safeguarding_lead"], plan=plan,
        held_on=clock.today(), attendee_ids=[m.pk for m in members],
        others=["Dr Ana Reyes, GP"], notes="Attendance has improved.", plan_working=False)
    assert [a["name"] for a in meeting.attendees][-1] == "Dr Ana Reyes, GP"
    assert meeting.plan_working is False
    # The first core group, due within 10 working days of the conference, is done.
    first = next(i for i in due_items(plan.episode) if i.rule == "first_core_group")
    assert (first.done_on, first.standing) == (clock.today(), "done")
    assert mother_of(world.child).full_name in {a["name"] for a in meeting.attendees}
    refused_unchanged(counts, AccessDenied, lambda: core_groups.core_group_meeting_record(
        actor=world.users["partner_practitioner"], plan=plan, held_on=clock.today(),
        others=["Someone"], plan_working=True))
