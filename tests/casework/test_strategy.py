"""Strategy discussions (who took part, by agency), the decision on a section 47
enquiry, and the enquiry's outcome."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import Section47, StrategyAttendee, StrategyDiscussion
from everychild.casework.selectors.pathway import case_view
from everychild.casework.services.strategy import (
    AttendeeInput,
    section47_complete,
    strategy_record,
)
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.people.models import Involvement

from ..people.service_checks import last_seq, refused_unchanged
from .pathway_support import attendees, enquiry_of, fresh, open_case, strategy

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, int, int]:
    return (StrategyDiscussion.objects.count(), StrategyAttendee.objects.count(),
            Section47.objects.count())


def test_a_decision_to_enquire_opens_a_section_47_the_same_day(world):
    episode = open_case(world)
    seq = last_seq()
    discussion = strategy(world, episode)
    enquiry = enquiry_of(discussion)
    assert (enquiry.episode, enquiry.started_on, enquiry.outcome) == (episode, clock.today(), "")
    assert [a.agency for a in discussion.attendees.all()] == [world.csc, world.police, world.gp]
    event = AuditEvent.objects.get(seq__gt=seq)
    assert (event.action, event.detail["enquiry"]) == ("strategy.record", enquiry.pk)


def test_a_decision_not_to_enquire_opens_none(world):
    episode = open_case(world)
    strategy(world, episode, section47=False)
    assert not Section47.objects.exists()


def test_social_care_and_police_must_take_part(world):
    episode = open_case(world)
    only_us = [AttendeeInput(world.csc.pk, "Sam Okafor", "Social worker"),
               AttendeeInput(world.gp.pk, "Dr Ana Reyes", "GP")]
    err = refused_unchanged(_rows, ValidationFailed,
                            lambda: strategy(world, episode, attendees=only_us))
    assert err.errors["attendees"] == [
        "A strategy discussion needs children's social care and the police (and health): "
        "the police did not take part"]
    no_name = [*attendees(world), AttendeeInput(world.police.pk, "", "")]
    err = refused_unchanged(_rows, ValidationFailed,
                            lambda: strategy(world, episode, attendees=no_name))
    assert "attendees.3.name" in err.errors


def test_health_missing_is_recorded_and_shown(world):
    episode = open_case(world)
    discussion = strategy(world, episode, attendees=attendees(world, health=False))
    view = case_view(actor=world.social_worker, ref=world.child.ref)
    assert view.open_episode.without_health == {discussion.pk}


def test_agencies_that_took_part_become_involved(world):
    episode = open_case(world)
    assert not Involvement.objects.filter(person=world.child, agency=world.police).exists()
    strategy(world, episode)
    assert Involvement.objects.filter(person=world.child, agency=world.police,
                                      ended__isnull=True).exists()


def test_only_one_enquiry_at_a_time(world):
    episode = open_case(world)
    strategy(world, episode)
    err = refused_unchanged(_rows, ValidationFailed, lambda: strategy(world, episode))
    assert "already under way" in err.errors["section47"][0]


def test_partners_cannot_record_a_strategy_discussion(world):
    episode = open_case(world)
    refused_unchanged(_rows, AccessDenied, lambda: strategy_record(
        actor=world.users["designated_safeguarding_lead"], episode=episode,
        held_on=clock.today(), attendees=attendees(world), information_shared="",
        section47=True, reasons="A reason long enough"))


def test_the_enquiry_outcome(world):
    episode = open_case(world)
    enquiry = enquiry_of(strategy(world, episode))
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: section47_complete(actor=world.social_worker,
                                                       enquiry=enquiry, version=1,
                                                       outcome="maybe", findings=""))
    assert set(err.errors) == {"outcome", "findings"}
    done = section47_complete(actor=world.social_worker, enquiry=enquiry, version=1,
                              outcome="substantiated_conference",
                              findings="Injuries consistent with the account Amelia gave")
    assert (done.outcome, done.completed_on, done.version) == (
        "substantiated_conference", clock.today(), 2)
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: section47_complete(actor=world.social_worker,
                                                       enquiry=fresh(done), version=2,
                                                       outcome="not_substantiated",
                                                       findings="Changed my mind about it"))
    assert "already recorded" in err.errors["outcome"][0]


def test_a_stale_enquiry_outcome_is_a_conflict(world):
    enquiry = enquiry_of(strategy(world, open_case(world)))
    refused_unchanged(AuditEvent.objects.count, Conflict, lambda: section47_complete(
        actor=world.social_worker, enquiry=enquiry, version=7, outcome="not_substantiated",
        findings="Nothing found to support the concern"))


def test_there_is_no_enquiry_without_a_strategy_discussion(world):
    episode = open_case(world)
    view = case_view(actor=world.social_worker, ref=world.child.ref)
    assert view.open_episode.enquiries == [] and view.open_episode.open_enquiry is None
    # An enquiry belongs to the discussion that decided on it: the model cannot hold one
    # without.
    assert not Section47._meta.get_field("strategy").null
    assert episode.enquiries.count() == 0
