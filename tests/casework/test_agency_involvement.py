"""An agency brought into the child's work (invited to a conference, added to the core
group, named owner of a plan's action) becomes involved with the child, so its staff can
open what they were brought in for instead of meeting a 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from everychild.casework.models import Plan
from everychild.casework.services import conferences, core_groups, plan_actions
from everychild.core import clock
from everychild.people.models import Involvement, InvolvementRole

from .builders import arrange, cp_plan, decide, episode_after_enquiry, everyone_attended, fresh

pytestmark = pytest.mark.django_db


def opens(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def involved(world, agency) -> bool:
    return Involvement.objects.filter(person=world.child, agency=agency, ended__isnull=True,
                                      role=InvolvementRole.AGENCY).exists()


def invitation_url(conference, invitee) -> str:
    return reverse("casework:conference-invitation", kwargs={
        "ref": conference.episode.child.ref, "conference_id": conference.pk,
        "invitee_id": invitee.pk})


def plan_url(plan: Plan) -> str:
    return reverse("casework:plan", kwargs={"ref": plan.episode.child.ref, "plan_id": plan.pk})


def test_an_agency_invited_when_arranging_can_open_its_invitation(world):
    assert not involved(world, world.police)
    conference = arrange(world, episode_after_enquiry(world), invitations=conferences.Invitations(
        extra_agency_ids=(world.police.pk,)))
    invitee = conference.invitees.get(agency=world.police)
    assert involved(world, world.police)
    assert opens(world.users["police_investigator"], invitation_url(conference, invitee)) == 200
    # Once it has attended, the plan the conference makes is open to it too.
    everyone_attended(world, conference)
    decide(world, conference)
    plan = Plan.objects.get(conference=conference)
    assert plan.members.filter(agency=world.police).exists()
    assert opens(world.users["police_investigator"], plan_url(plan)) == 200


def test_an_agency_invited_afterwards_can_open_its_invitation(world):
    conference = arrange(world, episode_after_enquiry(world))
    invitee = conferences.conference_invitee_add(actor=world.social_worker,
                                                 conference=fresh(conference),
                                                 agency_id=world.gp.pk)
    assert involved(world, world.gp)
    assert opens(world.users["health_practitioner"], invitation_url(conference, invitee)) == 200


def test_a_core_group_member_agency_can_open_the_plan(world):
    plan = cp_plan(world)
    police = world.users["police_investigator"]
    assert opens(police, plan_url(plan)) == 403
    core_groups.core_group_member_add(actor=world.social_worker, plan=fresh(plan),
                                      agency_id=world.police.pk, role="Investigating officer")
    assert opens(police, plan_url(plan)) == 200


def test_the_agency_owning_an_action_can_open_the_plan_to_report_on_it(world):
    plan = cp_plan(world)
    gp = world.users["health_practitioner"]
    assert opens(gp, plan_url(plan)) == 403
    action = plan_actions.plan_action_add(
        actor=world.social_worker, plan=fresh(plan), owner_agency_id=world.gp.pk,
        description="Register Amelia with the GP and arrange a health check",
        due_on=clock.today() + dt.timedelta(days=14))
    assert opens(gp, plan_url(plan)) == 200
    plan_actions.action_progress_record(actor=gp, plan=fresh(plan), action_id=action.pk,
                                        note="Registered; health check booked for Monday")
