"""Assessments under both procedure sets: which kinds may start, what a completion
needs (the child seen, census factors, reasons when late), and authorisation by a
manager who did not write it."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.factors import CODES, factor_label
from everychild.casework.models import Assessment
from everychild.casework.selectors.pathway import case_view
from everychild.casework.services.assessments import (
    assessment_authorise,
    assessment_complete,
    assessment_record,
    assessment_start,
    kinds_startable,
)
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed

from ..factories import StaffFactory
from ..people.service_checks import last_seq, refused_unchanged
from .pathway_support import authorise, complete, days_ago, fresh, open_case, record_ready, start

pytestmark = pytest.mark.django_db


def test_the_factor_list_is_the_census_list():
    assert CODES[:3] == ("1A", "1B", "1C") and "24A" in CODES and "19A" not in CODES
    assert len(CODES) == 42
    assert factor_label("2B") == "Drug misuse: by a parent or carer"


# ------------------------------------------------------------------ starting
def test_single_assessments_under_the_2013_rules(world):
    episode = open_case(world)
    assert kinds_startable(episode) == ["single"]
    for kind in ("initial", "core"):
        err = refused_unchanged(Assessment.objects.count, ValidationFailed,
                                lambda kind=kind: start(world, episode, kind))
        assert "not used under Working Together 2013" in err.errors["kind"][0]
    seq = last_seq()
    assessment = start(world, episode, "single")
    assert (assessment.status, assessment.started_on) == ("in_progress", episode.referral_date)
    assert AuditEvent.objects.get(seq__gt=seq).action == "assessment.start"


def test_initial_then_core_under_the_2006_rules(world):
    episode = open_case(world, rules="wt2006")
    assert kinds_startable(episode) == ["initial"]
    err = refused_unchanged(Assessment.objects.count, ValidationFailed,
                            lambda: start(world, episode, "single"))
    assert "not used under Working Together 2006" in err.errors["kind"][0]
    err = refused_unchanged(Assessment.objects.count, ValidationFailed,
                            lambda: start(world, episode, "core"))
    assert "follows an initial assessment" in err.errors["kind"][0]
    initial = start(world, episode, "initial")
    err = refused_unchanged(Assessment.objects.count, ValidationFailed,
                            lambda: start(world, episode, "core"))
    assert "in progress" in err.errors["kind"][0]
    record_ready(world, initial, outcome="core_assessment")
    complete(world, initial)
    assert kinds_startable(fresh(episode)) == ["core"]
    core = start(world, episode, "core")
    assert core.kind == "core"


def test_a_partner_agency_cannot_start_an_assessment(world):
    episode = open_case(world)
    refused_unchanged(Assessment.objects.count, AccessDenied, lambda: assessment_start(
        actor=world.users["designated_safeguarding_lead"], episode=episode, kind="single"))


# ------------------------------------------------------------------ recording
def test_recording_checks_the_factor_codes(world):
    assessment = start(world, open_case(world))
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed, lambda: assessment_record(
        actor=world.social_worker, assessment=assessment, version=1, factors=["2B", "99Z"]))
    assert err.errors["factors"] == ["These are not census factor codes: 99Z"]
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed, lambda: assessment_record(
        actor=world.social_worker, assessment=assessment, version=1, factors=["21", "3A"]))
    assert "cannot be chosen with other factors" in err.errors["factors"][0]
    done = assessment_record(actor=world.social_worker, assessment=assessment, version=1,
                             factors=["3a", "2B", "2B"])
    assert (done.factors, done.version) == (["2B", "3A"], 2)


def test_a_stale_edit_is_a_conflict(world):
    assessment = start(world, open_case(world))
    assessment_record(actor=world.social_worker, assessment=assessment, version=1,
                      analysis="First thoughts")
    refused_unchanged(AuditEvent.objects.count, Conflict, lambda: assessment_record(
        actor=world.social_worker, assessment=fresh(assessment), version=1,
        analysis="Overwriting"))
    assert fresh(assessment).analysis == "First thoughts"


# ------------------------------------------------------------------ completing
def test_completion_needs_the_child_seen_factors_outcome_and_analysis(world):
    assessment = start(world, open_case(world))
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: complete(world, assessment))
    assert set(err.errors) == {"child_seen_on", "outcome", "factors", "analysis"}
    assert err.errors["child_seen_on"] == [
        "Record the date the child was seen, or why they were not seen"]


def test_a_reason_the_child_was_not_seen_will_do(world):
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    assessment_record(actor=world.social_worker, assessment=fresh(assessment),
                      version=fresh(assessment).version, child_seen_on=None,
                      child_not_seen_reason="The family moved to Wales before a visit")
    done = complete(world, assessment)
    assert (done.status, done.child_seen_on) == ("awaiting_authorisation", None)


def test_no_factors_only_with_no_further_action(world):
    assessment = start(world, open_case(world))
    record_ready(world, assessment, outcome="cin_plan", factors=("21",))
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: complete(world, assessment))
    assert "only be recorded when the outcome is no further action" in err.errors["factors"][0]
    record_ready(world, assessment, outcome="nfa", factors=())
    assert complete(world, assessment).status == "awaiting_authorisation"


def test_a_late_completion_needs_a_reason(world):
    # Referred 40 days ago under the 2006 rules: the initial assessment was due within 7
    # working days.
    episode = open_case(world, rules="wt2006", referral_date=days_ago(40))
    assessment = start(world, episode, "initial")
    record_ready(world, assessment)
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: complete(world, assessment))
    (message,) = err.errors["late_reason"]
    assert message.startswith("The assessment was due on ") and "working days late" in message
    done = complete(world, assessment, late_reason="Mother cancelled three home visits")
    assert (done.status, done.late_reason) == ("awaiting_authorisation",
                                               "Mother cancelled three home visits")
    assert AuditEvent.objects.filter(action="assessment.complete").last().detail["late"] is True


def test_an_assessment_in_time_keeps_no_late_reason(world):
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    done = complete(world, assessment, late_reason="Not needed")
    assert done.late_reason == "" and done.completed_on == assessment.started_on


# ------------------------------------------------------------------ authorising
def test_authorisation_by_another_manager(world):
    manager = world.users["team_manager"]
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    done = complete(world, assessment)
    with pytest.raises(AccessDenied):
        assessment_authorise(actor=world.social_worker, assessment=done, version=done.version)
    seq = last_seq()
    authorised = assessment_authorise(actor=manager, assessment=done, version=done.version)
    assert (authorised.status, authorised.authorised_by) == ("authorised", manager)
    assert AuditEvent.objects.get(seq__gt=seq).action == "assessment.authorise"


def test_a_manager_cannot_authorise_their_own_assessment(world):
    manager = world.users["team_manager"]
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    current = fresh(assessment)
    mine = assessment_complete(actor=manager, assessment=current, version=current.version,
                               primary_need="N1")
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed,
                            lambda: assessment_authorise(actor=manager, assessment=mine,
                                                         version=mine.version))
    assert "cannot authorise it" in err.errors["assessment"][0]
    other = StaffFactory(role="team_manager", agency=world.csc, team=world.team_a)
    assert assessment_authorise(actor=other, assessment=mine,
                                version=mine.version).status == "authorised"


# ------------------------------------------------------------------ what may follow
def test_no_further_action_offers_closure_without_forcing_it(world):
    episode = open_case(world)
    assessment = start(world, episode)
    record_ready(world, assessment, outcome="nfa", factors=("21",))
    complete(world, assessment)
    # Not before the manager has agreed the assessment.
    view = case_view(actor=world.social_worker, ref=world.child.ref)
    assert view.open_episode is not None and view.open_episode.closure_offer == ""
    authorise(world, assessment)
    view = case_view(actor=world.social_worker, ref=world.child.ref)
    assert view.open_episode is not None and view.open_episode.closure_offer == "RC8"
    assert fresh(episode).closed_on is None


def test_early_help_offers_closure_with_rc9(world):
    episode = open_case(world)
    assessment = start(world, episode)
    record_ready(world, assessment, outcome="early_help")
    authorise(world, complete(world, assessment))
    view = case_view(actor=world.social_worker, ref=world.child.ref)
    assert view.open_episode.closure_offer == "RC9"
