"""Opening a child's episode (by hand, and when a front-door decision is signed off),
the procedure set it runs under, and allocating its team and social worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from everychild.access.models import AuditEvent
from everychild.casework.models import Assessment, ChangeKind, CircumstanceChange, Episode
from everychild.casework.services.episodes import episode_allocate, episode_open, rules_on
from everychild.casework.services.procedure import procedure_choose
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.outbox.models import Message
from everychild.people.models import Involvement, Person
from everychild.referrals import services as referrals
from everychild.referrals.models import Referral

from ..factories import InvolvementFactory, PersonFactory, StaffFactory
from ..people.service_checks import last_seq, refused_unchanged
from ..referrals.builders import referral_input
from .pathway_support import choose_rules, days_ago, fresh, open_case, with_emails

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ rules
def test_the_rules_in_force_on_the_referral_date_apply():
    assert rules_on(dt.date(2012, 6, 1)) == "wt2013"  # nothing chosen: 2013 onwards
    choose_rules("wt2006", dt.date(2008, 4, 1))
    choose_rules("wt2013", dt.date(2014, 4, 1))
    assert rules_on(dt.date(2008, 3, 31)) == "wt2013"
    assert rules_on(dt.date(2008, 4, 1)) == "wt2006"
    assert rules_on(dt.date(2014, 3, 31)) == "wt2006"
    assert rules_on(dt.date(2020, 1, 1)) == "wt2013"


def test_procedure_choice_is_for_administrators_and_audited(world):
    with pytest.raises(AccessDenied):
        procedure_choose(actor=world.users["team_manager"], effective_from=dt.date(2009, 1, 1),
                         rules="wt2006")
    seq = last_seq()
    procedure_choose(actor=world.users["administrator"], effective_from=dt.date(2009, 1, 1),
                     rules="wt2006")
    event = AuditEvent.objects.get(seq__gt=seq)
    assert (event.action, event.target_id, event.detail) == (
        "procedure.choose", "2009-01-01", {"rules": "wt2006"})
    err = refused_unchanged(AuditEvent.objects.count, ValidationFailed, lambda: procedure_choose(
        actor=world.users["administrator"], effective_from=dt.date(2009, 1, 1), rules="wt2013"))
    assert "already applies from 1 January 2009" in err.errors["effective_from"][0]


def test_procedure_command_chooses_and_lists(world, capsys):
    call_command("casework_procedure", "--from", "2007-04-01", "--rules", "wt2006")
    call_command("casework_procedure")
    out = capsys.readouterr().out
    assert "from 1 April 2007" in out and "2007-04-01  wt2006" in out
    assert AuditEvent.objects.filter(action="procedure.choose", actor__isnull=True).exists()
    with pytest.raises(CommandError):
        call_command("casework_procedure", "--from", "2007-04-01", "--rules", "wt2013")
    with pytest.raises(CommandError):
        call_command("casework_procedure", "--from", "2007-04-01")


# ------------------------------------------------------------------ opening by hand
def test_opening_gives_social_care_involvement_and_is_audited(world):
    child = PersonFactory(given_name="Nia", family_name="Roberts")
    InvolvementFactory(person=child, agency=world.csc)  # known to social care, no worker
    manager = world.users["team_manager"]
    seq = last_seq()
    episode = episode_open(actor=manager, child=child, referral_date=days_ago(3),
                           primary_need="N1")
    assert (episode.rules, episode.primary_need, episode.closed_on) == ("wt2013", "N1", None)
    entry = AuditEvent.objects.get(seq__gt=seq)
    assert entry.action == "casework.episode_open" and entry.target_id == str(child.ref)
    assert entry.detail["episode"] == episode.pk


def test_a_child_already_open_keeps_their_episode(world):
    first = open_case(world, referral_date=days_ago(10))
    again = episode_open(actor=world.social_worker, child=world.child,
                         referral_date=days_ago(1))
    assert again.pk == first.pk and again.referral_date == days_ago(10)
    assert Episode.objects.filter(child=world.child).count() == 1
    assert AuditEvent.objects.filter(action="casework.episode_open").last().detail[
        "already_open"] is True


def test_opening_is_refused_to_those_outside_the_child_and_to_partners(world):
    stranger_child = world.unrelated_child
    err = refused_unchanged(Episode.objects.count, AccessDenied, lambda: episode_open(
        actor=world.users["team_manager"], child=stranger_child, referral_date=days_ago(1)))
    assert err
    refused_unchanged(Episode.objects.count, AccessDenied, lambda: episode_open(
        actor=world.users["designated_safeguarding_lead"], child=world.child,
        referral_date=days_ago(1)))


def test_opening_checks_its_input(world):
    err = refused_unchanged(Episode.objects.count, ValidationFailed, lambda: episode_open(
        actor=world.social_worker, child=world.child, referral_date=days_ago(-2),
        primary_need="N99"))
    assert err.errors["referral_date"] == ["The referral date must be today or in the past"]
    assert err.errors["primary_need"] == ["Select the child's main need from the list"]


# ------------------------------------------------------------------ from the front door
def _signed_off(world, outcome: str) -> Referral:
    """The school's referral about Tillie and Ronan, matched, decided and signed off."""
    sw, tm = world.social_worker, world.users["team_manager"]
    referral = referrals.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                         data=referral_input())
    for entry in referral.people.filter(person__isnull=True):
        current = fresh(referral)
        referrals.referral_person_create_record(actor=sw, referral=current, entry_id=entry.pk,
                                                version=current.version)
    referral = fresh(referral)
    referrals.referral_decide(actor=sw, referral=referral, outcome=outcome,
                              reasons="Bruising and a disclosure about the lodger",
                              version=referral.version)
    referral = fresh(referral)
    referrals.referral_sign_off(actor=tm, referral=referral, version=referral.version)
    return fresh(referral)


def _children(referral: Referral) -> list[Person]:
    return [rp.person for rp in referral.people.filter(role__in=("subject_child", "other_child"))
            .order_by("position")]


def test_an_assessment_decision_opens_an_episode_and_an_assessment_for_each_child(world):
    referral = _signed_off(world, "assessment")
    children = _children(referral)
    assert [c.given_name for c in children] == ["Tillie", "Ronan"]
    received = referral.received_at.date()
    for child in children:
        episode = Episode.objects.get(child=child)
        assert (episode.referral_id, episode.referral_date, episode.rules) == (
            referral.pk, received, "wt2013")
        (assessment,) = episode.assessments.all()
        assert (assessment.kind, assessment.started_on, assessment.status) == (
            "single", received, "in_progress")
        # Social care can now see the child's case.
        assert Involvement.objects.filter(person=child, agency=world.csc,
                                          ended__isnull=True).exists()
    # The adults on the referral get no episode.
    assert Episode.objects.count() == 2


def test_under_the_2006_rules_the_first_assessment_is_an_initial_one(world):
    choose_rules("wt2006")
    referral = _signed_off(world, "assessment")
    kinds = {a.kind for a in Assessment.objects.filter(episode__referral=referral)}
    assert kinds == {"initial"}


def test_a_strategy_decision_opens_episodes_without_an_assessment(world):
    referral = _signed_off(world, "strategy_discussion")
    assert Episode.objects.filter(referral=referral).count() == 2
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("outcome", ["nfa", "early_help"])
def test_other_decisions_open_nothing(world, outcome):
    _signed_off(world, outcome)
    assert not Episode.objects.exists()


def test_a_returned_decision_opens_nothing(world):
    sw, tm = world.social_worker, world.users["team_manager"]
    referral = referrals.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                         data=referral_input())
    for entry in referral.people.filter(person__isnull=True):
        current = fresh(referral)
        referrals.referral_person_create_record(actor=sw, referral=current, entry_id=entry.pk,
                                                version=current.version)
    referral = fresh(referral)
    referrals.referral_decide(actor=sw, referral=referral, outcome="assessment",
                              reasons="Bruising and a disclosure", version=referral.version)
    referral = fresh(referral)
    referrals.referral_return(actor=tm, referral=referral, version=referral.version,
                              note="Talk to the school nurse first")
    assert not Episode.objects.exists()


def test_a_second_referral_about_an_open_child_adds_nothing(world):
    first = _signed_off(world, "assessment")
    tillie = _children(first)[0]
    episode = Episode.objects.get(child=tillie)
    # A second referral names Tillie again; the front door links her to her record.
    sw, tm = world.social_worker, world.users["team_manager"]
    second = referrals.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                       data=referral_input())
    for entry in second.people.all():
        current = fresh(second)
        if entry.person_id is None and entry.given_name == "Tillie":
            referrals.referral_person_link(actor=sw, referral=current, entry_id=entry.pk,
                                           person=tillie, version=current.version)
        elif entry.person_id is None:
            referrals.referral_person_create_record(actor=sw, referral=current,
                                                    entry_id=entry.pk, version=current.version)
    second = fresh(second)
    referrals.referral_decide(actor=sw, referral=second, outcome="assessment",
                              reasons="A second disclosure at school", version=second.version)
    second = fresh(second)
    referrals.referral_sign_off(actor=tm, referral=second, version=second.version)
    assert list(Episode.objects.filter(child=tillie)) == [episode]
    assert Assessment.objects.filter(episode=episode).count() == 1
    noted = AuditEvent.objects.filter(action="casework.episode_open",
                                      target_id=str(tillie.ref)).last()
    assert noted.detail["already_open"] is True and noted.detail["referral"] == str(second.ref)


# ------------------------------------------------------------------ allocation
def test_allocating_moves_the_worker_and_tells_every_agency(world):
    with_emails(world)
    episode = open_case(world)
    new_worker = StaffFactory(role="social_worker", agency=world.csc, team=world.team_b)
    manager = world.users["team_manager"]
    seq = last_seq()
    done = episode_allocate(actor=manager, episode=fresh(episode), team=world.team_b,
                            worker=new_worker, version=episode.version)
    assert (done.team, done.worker, done.version) == (world.team_b, new_worker, 2)
    allocated = Involvement.objects.filter(person=world.child, role="allocated_social_worker")
    assert {(i.staff_id, i.ended is None) for i in allocated} == {
        (world.social_worker.pk, False), (new_worker.pk, True)}
    change = CircumstanceChange.objects.get(episode=episode)
    assert change.kind == ChangeKind.WORKER and new_worker.get_full_name() in change.summary
    assert set(change.agencies_told) == {world.csc.pk, world.school.pk}
    told = set(Message.objects.values_list("to", flat=True))
    assert {world.csc.email, world.school.email, new_worker.email} <= told
    assert AuditEvent.objects.filter(seq__gt=seq, action="casework.allocate").count() == 1


def test_allocation_refusals(world):
    episode = open_case(world)
    manager = world.users["team_manager"]
    outsider = StaffFactory(role="social_worker", agency=world.csc, team=world.team_a)
    err = refused_unchanged(Involvement.objects.count, ValidationFailed, lambda: episode_allocate(
        actor=manager, episode=fresh(episode), team=world.team_b, worker=outsider,
        version=episode.version))
    assert "is not in Assessment team B" in err.errors["worker"][0]
    police_officer = world.users["police_investigator"]
    err = refused_unchanged(Involvement.objects.count, ValidationFailed, lambda: episode_allocate(
        actor=manager, episode=fresh(episode), team=world.team_a, worker=police_officer,
        version=episode.version))
    assert "cannot be allocated" in err.errors["worker"][0]
    refused_unchanged(Involvement.objects.count, AccessDenied, lambda: episode_allocate(
        actor=world.users["designated_safeguarding_lead"], episode=fresh(episode),
        team=world.team_a, worker=None, version=episode.version))


def test_a_stale_allocation_is_a_conflict_and_changes_nothing(world):
    episode = open_case(world)
    manager = world.users["team_manager"]
    episode_allocate(actor=manager, episode=fresh(episode), team=world.team_a,
                     worker=world.social_worker, version=1)
    refused_unchanged(CircumstanceChange.objects.count, Conflict, lambda: episode_allocate(
        actor=manager, episode=fresh(episode), team=world.team_b, worker=None, version=1))
    assert fresh(episode).team == world.team_a
