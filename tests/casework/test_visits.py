"""Statutory visits: seen alone only if seen; a reason when not seen; never in the future;
counted for the plan open that day, whose interval (or the authority's) sets the next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import Visit
from everychild.casework.selectors.plans import due_items
from everychild.casework.services import plans, visits
from everychild.core import calendar, clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed

from ..people.pages import date_fields, main_text, summary
from ..people.service_checks import last_seq, refused_unchanged
from .builders import cp_plan, episode_after_enquiry, fresh

pytestmark = pytest.mark.django_db


def count() -> int:
    return Visit.objects.count()


def record(world, episode, **kw) -> Visit:
    kw.setdefault("visited_on", clock.today())
    kw.setdefault("child_seen", True)
    kw.setdefault("seen_alone", True)
    return visits.visit_record(actor=kw.pop("actor", world.social_worker), episode=episode,
                               not_seen_reason=kw.pop("not_seen_reason", ""),
                               note=kw.pop("note", ""), **kw)


def test_seen_alone_means_seen_and_not_seen_needs_a_reason(world):
    episode = episode_after_enquiry(world)
    refused = refused_unchanged(count, ValidationFailed, lambda: record(
        world, episode, child_seen=False, seen_alone=True))
    assert refused.errors == {
        "seen_alone": ["A child who was not seen cannot have been seen alone"],
        "not_seen_reason": ["Say why the child was not seen"]}
    refused = refused_unchanged(count, ValidationFailed, lambda: record(
        world, episode, child_seen=None, seen_alone=None))
    assert refused.errors == {"child_seen": ["Say whether the child was seen"]}
    not_seen = record(world, episode, child_seen=False, seen_alone=None,
                      not_seen_reason="No one answered the door; a card was left")
    assert (not_seen.child_seen, not_seen.seen_alone) == (False, False)


def test_a_visit_in_the_future_is_refused(world):
    episode = episode_after_enquiry(world)
    refused = refused_unchanged(count, ValidationFailed, lambda: record(
        world, episode, visited_on=clock.today() + dt.timedelta(days=1)))
    assert refused.errors == {"visited_on": ["The date of the visit must be today or in the "
                                             "past"]}


def test_only_social_care_records_visits_and_never_for_a_hidden_child(world):
    episode = episode_after_enquiry(world)
    for role in ("designated_safeguarding_lead", "conference_chair", "inspector"):
        refused_unchanged(count, AccessDenied, lambda r=role: record(world, episode,
                                                                     actor=world.users[r]))
    sealed = episode_after_enquiry(world, child=world.sealed_child, family=False)
    refused_unchanged(count, NotFound, lambda: record(world, sealed))


def test_a_visit_counts_for_the_plan_and_sets_the_next_one_due(world, settings):
    settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS = 10
    plan = cp_plan(world)
    seq = last_seq()
    visit = record(world, plan.episode)
    assert visit.plan == plan
    assert AuditEvent.objects.get(seq__gt=seq).action == "visit.record"
    due = next(i for i in due_items(plan.episode) if i.rule == "visit" and i.is_open)
    assert due.due_on == calendar.add_working_days(clock.today(), 10)
    # The interval is the plan's own, where one is set.
    changed = plans.plan_visit_interval_set(actor=world.social_worker, plan=plan,
                                            working_days=20, version=plan.version)
    due = next(i for i in due_items(plan.episode) if i.rule == "visit" and i.is_open)
    assert due.due_on == calendar.add_working_days(clock.today(), 20)
    with pytest.raises(ValidationFailed):
        plans.plan_visit_interval_set(actor=world.social_worker, plan=plan, working_days=90,
                                      version=changed.version)
    with pytest.raises(Conflict):
        plans.plan_visit_interval_set(actor=world.social_worker, plan=plan, working_days=15,
                                      version=plan.version)
    with pytest.raises(AccessDenied):
        plans.plan_visit_interval_set(actor=world.users["designated_safeguarding_lead"],
                                      plan=plan, working_days=15, version=changed.version)
    back = plans.plan_visit_interval_set(actor=world.social_worker, plan=plan,
                                         working_days=None, version=changed.version)
    assert back.visit_interval_working_days is None


def test_recording_a_visit_on_its_page(world, client_for):
    plan = cp_plan(world)
    client = client_for(world.social_worker)
    url = reverse("casework:visit-record", kwargs={"ref": world.child.ref})
    assert client.get(url).status_code == 200
    today = clock.today()
    day = date_fields("visited_on", str(today.day), str(today.month), str(today.year))
    refused = client.post(url, {**day, "child_seen": "no", "seen_alone": "yes"})
    assert refused.status_code == 200
    assert summary(refused) == ["A child who was not seen cannot have been seen alone",
                                "Say why the child was not seen"]
    done = client.post(url, {**day, "child_seen": "yes", "seen_alone": "yes"})
    assert done.status_code == 302
    page = client.get(done["Location"])
    assert "The visit is recorded: Amelia Osei was seen alone" in main_text(page)
    assert f"Last seen alone on {today.day} " in main_text(page)
    assert fresh(plan).visits.count() == 1
    partner = client_for(world.users["designated_safeguarding_lead"])
    assert partner.get(url).status_code == 403
    sealed = reverse("casework:visit-record", kwargs={"ref": world.sealed_child.ref})
    assert client.get(sealed).status_code == 404
