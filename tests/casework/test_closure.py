"""Closing a child's episode with a census reason, which every involved agency hears of,
and changes of circumstances, which partner agencies may report too."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import ChangeKind, CircumstanceChange, Episode
from everychild.casework.services import notify
from everychild.casework.services.closure import circumstance_record, episode_close
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.outbox import services as outbox
from everychild.outbox.models import Message
from everychild.people.models import Involvement

from ..factories import InvolvementFactory
from ..people.service_checks import last_seq, refused_unchanged
from .pathway_support import (
    authorise,
    complete,
    days_ago,
    enquiry_of,
    fresh,
    open_case,
    open_plan,
    record_ready,
    start,
    strategy,
    with_emails,
)

pytestmark = pytest.mark.django_db


def _state() -> tuple[int, int, int]:
    return (Episode.objects.filter(closed_on__isnull=True).count(),
            CircumstanceChange.objects.count(), Message.objects.count())


def _close(world, episode: Episode, **kw):
    current = fresh(episode)
    return episode_close(actor=kw.pop("actor", world.social_worker), episode=current,
                         closed_on=kw.pop("closed_on", clock.today()),
                         reason=kw.pop("reason", "RC8"), note=kw.pop("note", ""),
                         version=kw.pop("version", current.version))


def test_closing_tells_every_involved_agency_and_ends_social_cares_involvement(world):
    with_emails(world)
    episode = open_case(world, referral_date=days_ago(20))
    strategy(world, episode, section47=False)  # police and health now involved too
    seq = last_seq()
    closed = _close(world, episode, reason="RC7", note="Family moved on; needs met")
    assert (closed.closed_on, closed.closure_reason) == (clock.today(), "RC7")
    change = CircumstanceChange.objects.get(episode=episode, kind=ChangeKind.CLOSED)
    involved = {world.csc.pk, world.school.pk, world.police.pk, world.gp.pk}
    assert set(change.agencies_told) == involved
    told = set(Message.objects.filter(key__startswith=f"casework-change:{change.pk}:")
               .values_list("to", flat=True))
    assert {world.csc.email, world.school.email, world.police.email, world.gp.email} <= told
    assert world.social_worker.email in told  # the named worker, too
    assert not Involvement.objects.filter(person=world.child, agency=world.csc,
                                          ended__isnull=True).exists()
    assert Involvement.objects.filter(person=world.child, agency=world.school,
                                      ended__isnull=True).exists()
    event = AuditEvent.objects.get(seq__gt=seq)
    assert (event.action, event.detail["reason"]) == ("casework.close", "RC7")


def test_closing_without_telling_the_agencies_is_impossible(world, monkeypatch):
    """If the notices cannot be queued, the case does not close."""
    with_emails(world)
    episode = open_case(world)

    def broken(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(outbox, "message_enqueue", broken)
    monkeypatch.setattr(notify, "message_enqueue", broken)
    with pytest.raises(RuntimeError):
        _close(world, episode)
    assert fresh(episode).closed_on is None
    assert not CircumstanceChange.objects.exists()
    assert Involvement.objects.filter(person=world.child, agency=world.csc,
                                      ended__isnull=True).exists()


def test_closing_is_refused_while_a_child_protection_plan_is_open(world):
    episode = open_case(world)
    open_plan(episode, "cp")
    err = refused_unchanged(_state, ValidationFailed, lambda: _close(world, episode))
    assert "child protection plan" in err.errors["episode"][0]


def test_closing_is_refused_while_an_assessment_or_enquiry_is_open(world):
    episode = open_case(world)
    assessment = start(world, episode)
    strategy(world, episode)
    err = refused_unchanged(_state, ValidationFailed, lambda: _close(world, episode))
    assert len(err.errors["episode"]) == 2
    assert "assessment is in progress" in err.errors["episode"][0]
    assert "section 47 enquiry has no outcome" in err.errors["episode"][1]
    record_ready(world, assessment)
    complete(world, assessment)
    err = refused_unchanged(_state, ValidationFailed, lambda: _close(world, episode))
    assert "waiting for a manager's authorisation" in err.errors["episode"][0]
    authorise(world, assessment)
    enquiry = enquiry_of(episode.strategy_discussions.get())
    from everychild.casework.services.strategy import section47_complete

    section47_complete(actor=world.social_worker, enquiry=enquiry, version=1,
                       outcome="not_substantiated", findings="No evidence of harm was found")
    assert _close(world, episode).closed_on is not None


def test_an_open_child_in_need_plan_ends_with_the_case(world):
    episode = open_case(world, referral_date=days_ago(30))
    plan = open_plan(episode, "cin")
    _close(world, episode, reason="RC7")
    plan = fresh(plan)
    assert plan.ended_on == clock.today() and "closed" in plan.end_reason


def test_closing_refusals(world):
    episode = open_case(world)
    err = refused_unchanged(_state, ValidationFailed, lambda: _close(
        world, episode, reason="RC10", closed_on=days_ago(-1)))
    assert set(err.errors) == {"reason", "closed_on"}
    refused_unchanged(_state, Conflict, lambda: _close(world, episode, version=9))
    refused_unchanged(_state, AccessDenied, lambda: _close(
        world, episode, actor=world.users["designated_safeguarding_lead"]))
    _close(world, episode)
    # Social care's involvement ended with the case, so its staff may no longer act on it.
    refused_unchanged(_state, AccessDenied, lambda: _close(world, episode))
    InvolvementFactory(person=world.child, agency=world.csc, staff=world.social_worker,
                       role="allocated_social_worker")
    err = refused_unchanged(_state, ValidationFailed, lambda: _close(world, episode))
    assert "already closed" in err.errors["episode"][0]


# ------------------------------------------------------------------ changes of circumstances
def test_a_school_reports_a_new_adult_and_every_agency_hears(world):
    with_emails(world)
    episode = open_case(world)
    dsl = world.users["designated_safeguarding_lead"]
    seq = last_seq()
    change = circumstance_record(actor=dsl, episode=episode, kind="new_adult",
                                 summary="Mother's new partner collects Amelia from school",
                                 occurred_on=days_ago(2))
    assert set(change.agencies_told) == {world.csc.pk, world.school.pk}
    assert {world.csc.email, world.school.email} <= set(Message.objects.values_list("to",
                                                                                     flat=True))
    assert all("Amelia" not in m.body for m in Message.objects.all())
    assert AuditEvent.objects.get(seq__gt=seq).action == "circumstance.record"


def test_changes_of_circumstances_refusals(world):
    episode = open_case(world)
    err = refused_unchanged(_state, ValidationFailed, lambda: circumstance_record(
        actor=world.social_worker, episode=episode, kind="closed", summary="short",
        occurred_on=None))
    assert set(err.errors) == {"kind", "summary", "occurred_on"}
    refused_unchanged(_state, AccessDenied, lambda: circumstance_record(
        actor=world.users["police_investigator"], episode=episode, kind="move",
        summary="The family moved to Leeds last week", occurred_on=days_ago(1)))
