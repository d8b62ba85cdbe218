"""The demo's casework: the demo social worker holds a child on a plan whose worklist
shows every standing on the day the demo is run, the manager's team has open cases,
the demo chair has conferences, and the school, police and GP demo accounts sit on that
child's core group. Running `demo_users` again the same day changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from everychild.agencies.models import Staff
from everychild.casework.models import (
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    Episode,
    Plan,
    Visit,
)
from everychild.casework.selectors.facts import due_items_for
from everychild.casework.timescales import Standing
from everychild.core import clock
from everychild.people.models import Involvement
from everychild.synth.demo import USERNAMES

from .helpers import synth

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)  # some weeks after the data's date, as a demo would be


@pytest.fixture(scope="module")
def authority(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        synth(2500, 1)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(authority, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    with transaction.atomic():
        call_command("demo_users", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def account(role: str) -> Staff:
    return Staff.objects.get(username=USERNAMES[role])


def example() -> Plan:
    sw = account("social_worker")
    plan = Plan.objects.filter(kind="cp", ended_on__isnull=True, key_worker=sw,
                               episode__worker=sw, episode__closed_on__isnull=True) \
        .select_related("episode").order_by("started_on", "pk").first()
    assert plan is not None, "the demo social worker has no child on a plan"
    return plan


def test_the_example_childs_worklist_shows_every_standing_today(demo):
    plan = example()
    items = due_items_for([plan.episode], TODAY)[plan.episode_id]
    running = {i.rule: i.standing for i in items if i.done_on is None}
    assert running["visit"] == Standing.DUE_SOON
    assert running["core_group"] == Standing.OVERDUE
    actions = sorted(plan.actions.filter(status="open").values_list("due_on", flat=True))
    assert any(d < TODAY for d in actions) and any(d >= TODAY for d in actions)
    sw = account("social_worker")
    everything = due_items_for(Episode.objects.filter(worker=sw, closed_on__isnull=True),
                               TODAY)
    standings = Counter(i.standing for found in everything.values() for i in found
                        if i.done_on is None)
    assert {Standing.ON_TRACK, Standing.DUE_SOON, Standing.OVERDUE} <= set(standings)


def test_the_team_chair_and_partners_have_casework_to_show(demo):
    plan = example()
    sw, manager = account("social_worker"), account("team_manager")
    assert Episode.objects.filter(team=manager.team, closed_on__isnull=True) \
        .exclude(worker=sw).exists()
    chair = account("conference_chair")
    chaired = Conference.objects.filter(chair=chair)
    assert chaired.filter(held_on__isnull=False).exists()
    for conf in chaired.filter(status="scheduled"):
        assert conf.scheduled_for.date() >= TODAY
    members = {m.staff.username for m in CoreGroupMember.objects.filter(
        plan=plan, left_on__isnull=True, staff__isnull=False).select_related("staff")}
    assert "police.demo" in members and sw.username in members
    for role in ("designated_safeguarding_lead", "health_practitioner"):
        staff = account(role)
        if Involvement.objects.filter(person_id=plan.episode.child_id, agency=staff.agency,
                                      ended__isnull=True).exists():
            assert staff.username in members


def test_running_again_the_same_day_changes_nothing(demo):
    counted = (Visit.objects.count(), CoreGroupMeeting.objects.count(),
               CoreGroupMember.objects.count(), Involvement.objects.count())
    call_command("demo_users", stdout=io.StringIO())
    assert (Visit.objects.count(), CoreGroupMeeting.objects.count(),
            CoreGroupMember.objects.count(), Involvement.objects.count()) == counted
