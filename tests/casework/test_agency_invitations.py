"""A partner agency's list of its conference invitations: what is coming up and the
report it owes, what was held recently, never a child the agency does not work with or
a sealed child, and reading it audited with the children it named."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.selectors.invitations import invitations_for_agency
from everychild.core import clock
from everychild.core.errors import AccessDenied
from everychild.people.models import Involvement, Person

from ..conftest import signed_in_client as signed_in
from .builders import arrange, closed, decide, episode_after_enquiry, everyone_attended, fresh

pytestmark = pytest.mark.django_db


def test_the_school_sees_its_upcoming_invitation_and_the_report_it_owes(world):
    conference = arrange(world, episode_after_enquiry(world))
    dsl = world.users["designated_safeguarding_lead"]
    [invitation] = invitations_for_agency(actor=dsl)
    assert (invitation.conference, invitation.child) == (conference, world.child)
    assert invitation.upcoming and invitation.report_owed
    assert invitation.invitee.agency == world.school
    # The police were not invited: nothing for them.
    assert invitations_for_agency(actor=world.users["police_investigator"]) == []


def test_a_held_conference_stays_three_months_then_leaves(world, monkeypatch):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    closed(world, decide(world, conference))
    dsl = world.users["designated_safeguarding_lead"]
    [invitation] = invitations_for_agency(actor=dsl)
    assert not invitation.upcoming and invitation.invitee.minutes_sent_at is not None
    today = clock.today()
    monkeypatch.setattr(clock, "today", lambda: today + dt.timedelta(days=93))
    assert invitations_for_agency(actor=dsl) == []


def test_an_agency_no_longer_working_with_the_child_loses_the_row(world):
    arrange(world, episode_after_enquiry(world))
    Involvement.objects.filter(person=world.child, agency=world.school).update(
        ended=clock.today())
    assert invitations_for_agency(actor=world.users["designated_safeguarding_lead"]) == []


def test_a_sealed_child_is_never_listed(world):
    arrange(world, episode_after_enquiry(world))
    Person.objects.filter(pk=world.child.pk).update(sealed=True)  # adopted since
    assert invitations_for_agency(actor=world.users["designated_safeguarding_lead"]) == []


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "board_analyst", "inspector"])
def test_roles_without_an_agency_list_are_refused(world, role):
    with pytest.raises(AccessDenied):
        invitations_for_agency(actor=world.users[role])


def test_reading_the_list_is_audited_with_the_children_named(world):
    arrange(world, episode_after_enquiry(world))
    dsl = world.users["designated_safeguarding_lead"]
    invitations_for_agency(actor=dsl)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_id) == ("conference.invitations", dsl.pk)
    assert event.detail == {"invitations": 1, "people": [str(world.child.ref)]}


def test_the_page_links_each_invitation_and_the_home_page_links_the_list(world):
    conference = arrange(world, episode_after_enquiry(world))
    client = signed_in(world.users["designated_safeguarding_lead"])
    home = client.get("/").content.decode()
    assert "Your agency&#39;s conference invitations" in home or \
        "Your agency's conference invitations" in home
    page = client.get("/conferences/invitations/")
    assert page.status_code == 200
    body = page.content.decode()
    invitee = fresh(conference).invitees.get(agency=world.school)
    link = (f"/people/{world.child.ref}/case/conferences/{conference.pk}/"
            f"invitations/{invitee.pk}/")
    assert "Amelia Osei" in body and link in body and "Report due" in body
    assert client.get(link).status_code == 200
    assert signed_in(world.social_worker).get("/conferences/invitations/").status_code == 403


def test_a_conference_past_its_day_with_no_decision_no_longer_asks_for_the_report(
        world, monkeypatch):
    arrange(world, episode_after_enquiry(world))
    dsl = world.users["designated_safeguarding_lead"]
    today = clock.today()
    monkeypatch.setattr(clock, "today", lambda: today + dt.timedelta(days=3))
    [invitation] = invitations_for_agency(actor=dsl)
    assert not invitation.upcoming and not invitation.report_owed


def test_the_page_says_when_a_past_conference_has_no_decision_yet(world, monkeypatch):
    arrange(world, episode_after_enquiry(world))
    today = clock.today()
    monkeypatch.setattr(clock, "today", lambda: today + dt.timedelta(days=3))
    body = signed_in(world.users["designated_safeguarding_lead"]).get(
        "/conferences/invitations/").content.decode()
    assert "no decision recorded yet" in body and "Report due" not in body
