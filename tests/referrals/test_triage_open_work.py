"""The front door sees open plans and cases beside each child and family member, so a new
referral about a child already on a plan is never read as an isolated incident."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.casework.models import Category, Episode, Plan, PlanKind, Rules
from everychild.core import clock
from everychild.people.models import Relationship

from ..factories import HouseholdFactory, MembershipFactory, PersonFactory
from ..people.pages import main_text
from .test_triage_pages import MONDAY_9AM, FrozenClock, link, one_child, receive, triage_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch) -> FrozenClock:
    return FrozenClock(monkeypatch, MONDAY_9AM)


def _episode(child, opened: dt.date, worker=None) -> Episode:
    now = clock.now()
    return Episode.objects.create(child=child, referral_date=opened, rules=Rules.WT2013,
                                  worker=worker, created_at=now, updated_at=now)


def test_triage_shows_the_childs_open_plan_and_a_siblings_open_case(world, client_for, frozen):
    home = HouseholdFactory()
    MembershipFactory(household=home, person=world.child, role="child")
    sister = PersonFactory(given_name="Nia", family_name="Osei", sex="F",
                           date_of_birth="2011-06-01")
    MembershipFactory(household=home, person=sister, role="child")
    Relationship.objects.create(person=sister, related=world.child, kind="sibling",
                                recorded_at=clock.now())
    now = clock.now()
    episode = _episode(world.child, dt.date(2026, 9, 1))
    Plan.objects.create(episode=episode, kind=PlanKind.CHILD_PROTECTION,
                        category=Category.NEGLECT, started_on=dt.date(2026, 10, 5),
                        created_at=now, updated_at=now)
    _episode(sister, dt.date(2027, 1, 11), worker=world.social_worker)

    referral = receive(world, people=one_child("Amelia", "Osei", "2017-11-02"))
    link(world, referral, 0, world.child)
    text = " ".join(main_text(client_for(world.social_worker).get(triage_url(referral))).split())

    assert "Open plans and cases Child protection plan (neglect) since 5 October 2026" in text
    assert "Open to children's social care since 11 January 2027" in text


def test_a_closed_plan_is_not_shown_as_open(world, client_for, frozen):
    now = clock.now()
    episode = _episode(world.child, dt.date(2026, 1, 5))
    Plan.objects.create(episode=episode, kind=PlanKind.CHILD_PROTECTION,
                        category=Category.EMOTIONAL, started_on=dt.date(2026, 2, 2),
                        ended_on=dt.date(2026, 11, 30), created_at=now, updated_at=now)
    Episode.objects.filter(pk=episode.pk).update(closed_on=dt.date(2026, 12, 1),
                                                 closure_reason="RC7")

    referral = receive(world, people=one_child("Amelia", "Osei", "2017-11-02"))
    link(world, referral, 0, world.child)
    text = " ".join(main_text(client_for(world.social_worker).get(triage_url(referral))).split())

    assert "Open plans and cases None" in text
    assert "Child protection plan" not in text
