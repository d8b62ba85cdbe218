"""The child at a glance, at the top of the child's record: status, open plan and
category, what is due next, who is involved and when the child was last seen alone."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import (
    Assessment,
    AssessmentKind,
    Episode,
    Rules,
    Section47,
    StrategyDiscussion,
)
from everychild.chronology.selectors import child_summary
from everychild.core.errors import AccessDenied, NotFound

from ..conftest import signed_in_client
from .builders import at, days_ago, pathway
from .html import between, row, text

pytestmark = pytest.mark.django_db


def test_a_child_on_a_plan_at_a_glance(world):
    steps = pathway(world)
    summary = child_summary(actor=world.social_worker, child=world.child)
    assert summary.status == "child_protection_plan"
    assert summary.category == "Neglect" and summary.since == steps.plan.started_on
    assert summary.plan == steps.plan and summary.worker == world.social_worker.get_full_name()
    assert summary.last_seen_alone == steps.seen_alone.visited_on
    assert summary.last_visit == steps.seen_with_mother.visited_on
    assert {d.rule for d in summary.due} >= {"visit", "first_review"}
    assert all(d.is_open for d in summary.due)
    assert [d.due_on for d in summary.due] == sorted(d.due_on for d in summary.due)
    assert {(i.agency.name, i.staff) for i in summary.involved} == {
        (world.csc.name, world.social_worker), (world.school.name, None)}
    event = AuditEvent.objects.get(action="casework.view")
    assert event.detail["what"] == "summary" and event.target_id == str(world.child.ref)


def _episode(world, **fields):
    now = at(days_ago(5))
    return Episode.objects.create(child=world.child, referral_date=days_ago(5),
                                  rules=Rules.WT2013, created_at=now, updated_at=now, **fields)


def test_status_under_assessment_in_an_enquiry_and_closed(world):
    assert child_summary(actor=world.social_worker, child=world.child).status == "not_known"
    episode = _episode(world, worker=world.social_worker)
    Assessment.objects.create(episode=episode, kind=AssessmentKind.SINGLE,
                              started_on=days_ago(4), created_at=at(days_ago(4)),
                              updated_at=at(days_ago(4)))
    summary = child_summary(actor=world.social_worker, child=world.child)
    assert summary.status == "assessment" and summary.since == days_ago(4)
    assert [d.rule for d in summary.due] == ["single_assessment"]
    strategy = StrategyDiscussion.objects.create(
        episode=episode, held_on=days_ago(3), section47=True, reasons="Bruising",
        recorded_by=world.social_worker, recorded_at=at(days_ago(3)))
    Section47.objects.create(episode=episode, strategy=strategy, started_on=days_ago(3),
                             created_at=at(days_ago(3)), updated_at=at(days_ago(3)))
    assert child_summary(actor=world.social_worker, child=world.child).status == "section47"
    # A partner sees only that the child is open to social care, and the plan's dates.
    partner = child_summary(actor=world.users["designated_safeguarding_lead"],
                            child=world.child)
    assert partner.status == "open" and partner.due == []
    assert AuditEvent.objects.filter(action="plan.view").count() == 1
    episode.closed_on, episode.closure_reason = days_ago(1), "RC8"
    episode.save()
    closed = child_summary(actor=world.social_worker, child=world.child)
    assert closed.status == "closed" and "no further action" in closed.status_label
    assert closed.due == []


def test_who_may_see_the_summary(world):
    pathway(world)
    partner = child_summary(actor=world.users["designated_safeguarding_lead"],
                            child=world.child)
    assert partner.status == "child_protection_plan" and not partner.casework
    assert {d.rule for d in partner.due} <= {"first_core_group", "core_group",
                                             "first_review", "later_review", "visit"}
    with pytest.raises(AccessDenied):
        child_summary(actor=world.users["privacy_officer"], child=world.child)
    with pytest.raises(AccessDenied):
        child_summary(actor=world.users["health_practitioner"], child=world.child)
    with pytest.raises(NotFound):
        child_summary(actor=world.social_worker, child=world.sealed_child)


def _panel(response) -> str | None:
    assert response.status_code == 200
    return between(response.content.decode(), 'id="at-a-glance"', 'id="personal-details"')


def test_the_summary_is_at_the_top_of_the_childs_record(world):
    steps = pathway(world)
    response = signed_in_client(world.social_worker).get(f"/people/{world.child.ref}/")
    panel = _panel(response)
    assert panel is not None  # and before the personal details
    status = row(panel, "status")
    assert "On a child protection plan" in status and "Category: Neglect" in status
    assert "Child protection plan since" in row(panel, "plan")
    due = row(panel, "due")
    assert "Statutory visit" in due and "First review conference" in due
    alone = steps.seen_alone.visited_on
    assert f"{alone.day} {alone:%B %Y}" in row(panel, "seen-alone")
    involved = row(panel, "involved")
    assert world.school.name in involved and world.social_worker.get_full_name() in involved
    assert "View the chronology" in text(panel)


def test_others_see_nothing_extra_on_the_record(world):
    pathway(world)
    privacy = signed_in_client(world.users["privacy_officer"])
    assert _panel(privacy.get(f"/people/{world.child.ref}/")) is None
    # A partner in the core group sees the plan's side of it.
    school = signed_in_client(world.users["designated_safeguarding_lead"])
    panel = _panel(school.get(f"/people/{world.child.ref}/"))
    assert panel is not None and "On a child protection plan" in row(panel, "status")
