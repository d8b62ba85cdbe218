"""The decision on a referral, its sign-off within one working day, and the outcome sent
back to the referrer."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.outbox.models import Message
from everychild.referrals import selectors, services
from everychild.referrals.models import Decision, DecisionStatus, Referral, Status
from everychild.referrals.timescales import decision_due
from tests.people.service_checks import refused_unchanged

from .builders import referral_input

LONDON = ZoneInfo("Europe/London")


def _matched(world, **changes) -> Referral:
    """A received referral whose people have all been matched (new records)."""
    referral = services.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                        data=referral_input(**changes))
    sw = world.users["social_worker"]
    for entry in referral.people.filter(person__isnull=True):
        current = Referral.objects.get(pk=referral.pk)
        services.referral_person_create_record(actor=sw, referral=current, entry_id=entry.pk,
                                               version=current.version)
    return Referral.objects.get(pk=referral.pk)


def test_no_decision_until_everyone_is_matched(world):
    referral = services.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                        data=referral_input())
    err = refused_unchanged(Decision.objects.count, ValidationFailed, lambda: services.referral_decide(
        actor=world.users["social_worker"], referral=referral, outcome="assessment",
        reasons="Bruising and a disclosure about the lodger", version=referral.version))
    assert "Dean Tolley" in err.errors["people"][0]


def test_early_help_is_refused_when_there_is_a_child_protection_concern(world):
    referral = _matched(world, concern__significant_harm=True, concern__harm_categories=["PHY"])
    err = refused_unchanged(Decision.objects.count, ValidationFailed, lambda: services.referral_decide(
        actor=world.users["social_worker"], referral=referral, outcome="early_help",
        reasons="Family would accept support", version=referral.version))
    assert "Early help cannot be chosen" in err.errors["outcome"][0]
    services.referral_decide(actor=world.users["social_worker"], referral=referral,
                             outcome="strategy_discussion",
                             reasons="Disclosure of physical harm by an adult in the home",
                             version=referral.version)


def test_decide_sign_off_and_the_referrer_is_told(world):
    referral = _matched(world)
    sw, tm = world.users["social_worker"], world.users["team_manager"]
    decision = services.referral_decide(actor=sw, referral=referral, outcome="assessment",
                                        reasons="Unexplained bruising; lodger not known",
                                        version=referral.version)
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_SIGN_OFF
    with pytest.raises(AccessDenied):
        services.referral_sign_off(actor=sw, referral=referral, version=referral.version)
    assert not Message.objects.filter(key__contains=":outcome:").exists()
    services.referral_sign_off(actor=tm, referral=referral, version=referral.version,
                               note="Agreed")
    referral.refresh_from_db()
    decision.refresh_from_db()
    assert referral.status == Status.COMPLETE
    assert decision.status == DecisionStatus.SIGNED_OFF and decision.reviewed_by == tm
    outcome = Message.objects.get(key__contains=":outcome:")
    assert outcome.to == "dsl@northbrook-primary.example"
    assert "assess" in outcome.body
    tracked = selectors.referrals_made_by(actor=world.users["designated_safeguarding_lead"])
    assert tracked[0].outcome == "Assessment by children's social care"
    assert tracked[0].status == "Decision made"


def test_a_returned_decision_stays_on_the_record(world):
    referral = _matched(world)
    sw, tm = world.users["social_worker"], world.users["team_manager"]
    services.referral_decide(actor=sw, referral=referral, outcome="nfa",
                             reasons="Injury explained by a fall in the playground",
                             version=referral.version)
    referral.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.referral_return(actor=tm, referral=referral, version=referral.version, note="")
    services.referral_return(actor=tm, referral=referral, version=referral.version,
                             note="The child named the lodger: this needs an assessment")
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    services.referral_decide(actor=sw, referral=referral, outcome="assessment",
                             reasons="Disclosure about the lodger", version=referral.version)
    assert [d.status for d in referral.decisions.all()] == ["returned", "awaiting_sign_off"]
    assert not Message.objects.filter(key__contains=":outcome:").exists()


def test_a_stale_version_is_a_conflict(world):
    referral = _matched(world)
    stale = referral.version
    services.referral_rag_set(actor=world.users["social_worker"], referral=referral, rag="red",
                              reason="Disclosure names an adult in the home", version=stale)
    with pytest.raises(Conflict):
        services.referral_decide(actor=world.users["team_manager"], referral=referral,
                                 outcome="assessment", reasons="Needs assessment",
                                 version=stale)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_the_decision_is_due_by_the_end_of_the_next_working_day():
    # Christmas Eve 2026 is a Thursday; Christmas Day is Friday and Boxing Day's holiday moves
    # to Monday 28 December, so the next working day is Tuesday 29 December.
    received = dt.datetime(2026, 12, 24, 15, 0, tzinfo=LONDON)
    due = decision_due(received).astimezone(LONDON)
    assert due.date() == dt.date(2026, 12, 29)
    friday = dt.datetime(2026, 11, 20, 17, 30, tzinfo=LONDON)
    assert decision_due(friday).astimezone(LONDON).date() == dt.date(2026, 11, 23)


def test_overdue_decisions_are_shown_to_managers(world):
    referral = _matched(world)
    Referral.objects.filter(pk=referral.pk).update(
        received_at=clock.now() - dt.timedelta(days=6))
    fresh = _matched(world)
    overdue = selectors.overdue_decisions(actor=world.users["team_manager"])
    refs = [i.referral.pk for i in overdue]
    assert referral.pk in refs and fresh.pk not in refs
    with pytest.raises(AccessDenied):
        selectors.overdue_decisions(actor=world.users["social_worker"])


def test_triage_rating_changes_need_a_reason_and_are_kept(world):
    referral = _matched(world)
    sw = world.users["social_worker"]
    with pytest.raises(ValidationFailed):
        services.referral_rag_set(actor=sw, referral=referral, rag="red", reason="",
                                  version=referral.version)
    services.referral_rag_set(actor=sw, referral=referral, rag="red",
                              reason="Police hold a record of violence by the lodger",
                              version=referral.version)
    referral.refresh_from_db()
    assert referral.rag == "red"
    assert [c.rag for c in referral.rag_history.all()] == ["amber", "red"]


def test_information_asked_of_partners_is_recorded_with_who_answered(world):
    referral = _matched(world)
    sw = world.users["social_worker"]
    request = services.information_request_add(actor=sw, referral=referral,
                                               agency_id=world.police.pk,
                                               question="Is Dean Tolley known to you?")
    with pytest.raises(ValidationFailed):
        services.information_request_answer(actor=sw, referral=referral, request_id=request.pk,
                                            answer="Yes", answered_by_name="")
    answered = services.information_request_answer(
        actor=sw, referral=referral, request_id=request.pk,
        answer="Two call-outs for domestic abuse in 2025",
        answered_by_name="DC Rhea Vance, public protection unit")
    assert answered.answered_at is not None and answered.recorded_by == sw
    with pytest.raises(ValidationFailed):
        services.information_request_answer(actor=sw, referral=referral, request_id=request.pk,
                                            answer="again", answered_by_name="someone")
