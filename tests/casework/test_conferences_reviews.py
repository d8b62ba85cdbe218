"""Review conferences: within 3 months of the initial conference, then at most every 6
months; reconvened early (with the reason) when the plan is not working; continuing the
plan (the category may change) or ending it, which every involved agency is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.casework.models import ChangeKind, CircumstanceChange, Conference, Plan
from everychild.casework.services import conferences, core_groups
from everychild.casework.timescales.engine import add_months
from everychild.core import calendar, clock
from everychild.core.errors import AccessDenied, ValidationFailed

from ..people.pages import main_text
from ..people.service_checks import refused_unchanged
from .builders import at, cp_plan, decide, everyone_attended, fresh

pytestmark = pytest.mark.django_db


def review(world, plan: Plan, **kw) -> Conference:
    kw.setdefault("scheduled_for", at(clock.today(), 17))
    kw.setdefault("chair_id", world.users["conference_chair"].pk)
    return conferences.review_schedule(actor=kw.pop("actor", world.social_worker),
                                       plan=fresh(plan), **kw)


def count() -> int:
    return Conference.objects.count()


def last_working_day_by(day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_the_first_review_is_due_within_3_months_of_the_initial_conference(world):
    plan = cp_plan(world)
    due = last_working_day_by(add_months(clock.today(), 3))
    late = at(calendar.add_working_days(due, 1))
    refused = refused_unchanged(count, ValidationFailed, lambda: review(world, plan,
                                                                        scheduled_for=late))
    assert refused.errors["late_reason"] == [
        "The conference should be held within 3 months of the initial conference (by "
        f"{due.day} {due:%B %Y}): say why it cannot be held by then"]
    on_time = review(world, plan, scheduled_for=at(due))
    assert (on_time.kind, on_time.plan, on_time.reconvened) == ("review", plan, False)
    refused = refused_unchanged(count, ValidationFailed, lambda: review(world, plan))
    assert "already arranged" in refused.errors["scheduled_for"][0]


def test_later_reviews_are_due_within_6_months(world):
    plan = cp_plan(world)
    first = review(world, plan)
    everyone_attended(world, first)
    decide(world, first, decision="continue", category="NEG")
    due = last_working_day_by(add_months(clock.today(), 6))
    refused = refused_unchanged(count, ValidationFailed, lambda: review(
        world, plan, scheduled_for=at(calendar.add_working_days(due, 1))))
    assert "within 6 months of the last review" in refused.errors["late_reason"][0]
    assert review(world, plan, scheduled_for=at(due)).late_reason == ""


def test_reconvening_early_needs_the_reason(world):
    plan = cp_plan(world)
    refused = refused_unchanged(count, ValidationFailed, lambda: review(world, plan,
                                                                        reconvened=True))
    assert refused.errors == {"reconvene_reason": [
        "Say why the conference is being reconvened early"]}
    early = review(world, plan, reconvened=True,
                   reconvene_reason="A new partner with a history of violence moved in")
    assert early.reconvened and early.reconvene_reason.startswith("A new partner")


def test_a_review_continues_the_plan_and_may_change_its_category(world):
    plan = cp_plan(world)
    conference = review(world, plan)
    everyone_attended(world, conference)
    with pytest.raises(ValidationFailed):
        decide(world, conference, decision="continue", category="")
    decide(world, conference, decision="continue", category="MUL")
    assert (fresh(plan).category, fresh(plan).ended_on) == ("MUL", None)


def test_a_review_ends_the_plan_and_every_agency_is_told(world):
    plan = cp_plan(world)
    conference = review(world, plan)
    everyone_attended(world, conference)
    with pytest.raises(ValidationFailed):  # an initial conference's decision is not offered
        decide(world, conference, decision="no_plan")
    decide(world, conference, decision="end_plan", category="",
           reasons="Amelia is safe: the lodger has left and care has improved")
    ended = fresh(plan)
    assert ended.ended_on == clock.today()
    assert ended.end_reason == "Amelia is safe: the lodger has left and care has improved"
    ended_notice = CircumstanceChange.objects.get(kind=ChangeKind.PLAN_ENDED)
    assert set(ended_notice.agencies_told) == {world.csc.pk, world.school.pk}
    refused_unchanged(count, ValidationFailed, lambda: review(world, plan))


def test_only_social_care_and_the_chair_arrange_reviews(world):
    plan = cp_plan(world)
    refused_unchanged(count, AccessDenied, lambda: review(
        world, plan, actor=world.users["designated_safeguarding_lead"]))


def test_plan_not_working_at_a_core_group_prompts_a_reconvened_review(world, client_for):
    plan = cp_plan(world)
    url = reverse("casework:plan", kwargs={"ref": world.child.ref, "plan_id": plan.pk})
    client = client_for(world.social_worker)
    assert "found the plan is not working" not in main_text(client.get(url))
    core_groups.core_group_meeting_record(
        actor=world.social_worker, plan=plan, held_on=clock.today(),
        others=["Sarah Osei"], plan_working=False, notes="Home conditions have got worse.")
    text = main_text(client.get(url))
    assert f"The core group on {clock.today().day} " in text
    assert "found the plan is not working" in text and "Arrange a review conference" in text
    # Nothing is arranged for them: the prompt is only a prompt.
    assert not Conference.objects.filter(kind="review").exists()
    review(world, plan, reconvened=True, reconvene_reason="The core group found the plan "
                                                          "is not working")
    assert "found the plan is not working" not in main_text(client.get(url))
