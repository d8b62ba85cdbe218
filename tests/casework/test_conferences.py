"""Initial child protection conferences: arranged only after an enquiry that found the
child at continuing risk, within 15 working days of the strategy discussion (or with a
reason); every involved agency and the parents invited and emailed; agencies' reports
submitted and shared with the family; attendance; the decision, which needs a category
to make a plan and makes the plan with its core group."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import (
    Attendance,
    ChangeKind,
    CircumstanceChange,
    Conference,
    ConferenceInvitee,
    ConferenceStatus,
    Episode,
    InviteeKind,
    Plan,
    Section47Outcome,
)
from everychild.casework.services import conference_decisions, conference_reports, conferences
from everychild.core import calendar, clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from everychild.outbox.models import Message

from ..people.service_checks import last_seq, refused_unchanged
from .builders import (
    arrange,
    at,
    decide,
    emails_for,
    episode_after_enquiry,
    everyone_attended,
    fresh,
    mother_of,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (Conference.objects.count(), ConferenceInvitee.objects.count(),
            Message.objects.count(), Plan.objects.count())


# ------------------------------------------------------------------ arranging
def test_an_initial_conference_invites_every_involved_agency_and_the_parents(world):
    emails_for(world)
    episode = episode_after_enquiry(world)
    seq = last_seq()
    conference = arrange(world, episode, invitations=conferences.Invitations(
        extra_agency_ids=(world.police.pk,), child=True))
    invitees = {(i.kind, i.name) for i in conference.invitees.all()}
    sw = world.social_worker.get_full_name()
    assert invitees == {
        ("agency", f"{sw}, {world.csc.name}"), ("agency", world.school.name),
        ("agency", world.police.name), ("family", "Sarah Osei"), ("child", "Amelia Osei")}
    # The lodger lives there but is not a parent: not invited unless chosen.
    # Each invitee with an address gets an invitation, once, naming no one.
    sent = {m.to: m for m in Message.objects.filter(key__startswith="conference-invitation:")}
    assert set(sent) == {world.social_worker.email, world.school.email, world.police.email}
    assert all("Amelia" not in m.body and "Osei" not in m.body for m in sent.values())
    assert "submit the report" in sent[world.school.email].body
    assert AuditEvent.objects.get(seq__gt=seq, action="conference.schedule").target_id == str(
        world.child.ref)


def test_family_members_are_chosen_from_the_childs_household_and_relations(world):
    episode = episode_after_enquiry(world)
    mother = mother_of(world.child)
    stranger = episode_after_enquiry(world, child=world.unrelated_child, family=False)
    assert stranger  # another child's episode, with no family recorded
    outsider = fresh(world.unrelated_child)
    refused = refused_unchanged(counts, ValidationFailed, lambda: arrange(
        world, episode, invitations=conferences.Invitations(family=(
            conferences.FamilyInvite(outsider),))))
    assert "cannot be invited as family" in refused.errors["family"][0]
    conference = arrange(world, episode, invitations=conferences.Invitations(family=(
        conferences.FamilyInvite(mother, "sarah@example.org"),)))
    family = conference.invitees.get(kind=InviteeKind.FAMILY)
    assert (family.person, family.email) == (mother, "sarah@example.org")
    assert Message.objects.filter(to="sarah@example.org").count() == 1


def test_no_conference_before_an_enquiry_finds_the_child_at_continuing_risk(world):
    for outcome in (Section47Outcome.NOT_SUBSTANTIATED,
                    Section47Outcome.SUBSTANTIATED_NOT_AT_RISK):
        episode = episode_after_enquiry(world, outcome=outcome, family=False)
        refused = refused_unchanged(counts, ValidationFailed,
                                    lambda e=episode: arrange(world, e))
        assert "continuing risk of significant harm" in refused.errors["section47"][0]
        Episode.objects.filter(pk=episode.pk).update(closed_on=clock.today(),
                                                     closure_reason="RC8")
    # An enquiry still under way is not enough either.
    episode = episode_after_enquiry(world, completed=False, family=False)
    refused_unchanged(counts, ValidationFailed, lambda: arrange(world, episode))


def test_a_second_initial_conference_for_the_same_enquiry_is_refused(world):
    episode = episode_after_enquiry(world)
    first = arrange(world, episode)
    refused = refused_unchanged(counts, ValidationFailed, lambda: arrange(world, episode))
    assert "already arranged" in refused.errors["section47"][0]
    assert first.status == ConferenceStatus.SCHEDULED


def test_beyond_15_working_days_of_the_strategy_discussion_needs_a_reason(world):
    episode = episode_after_enquiry(world, strategy_days_ago=3)
    due = calendar.add_working_days(calendar.add_working_days(clock.today(), -3), 15)
    late = at(calendar.add_working_days(due, 1))
    refused = refused_unchanged(counts, ValidationFailed, lambda: arrange(world, episode,
                                                                          when=late))
    assert refused.errors["late_reason"] == [
        "The conference should be held within 15 working days of the strategy discussion "
        f"(by {due.day} {due:%B %Y}): say why it cannot be held by then"]
    on_time = arrange(world, episode, when=at(due))
    assert on_time.late_reason == ""
    on_time.status = ConferenceStatus.CANCELLED
    on_time.save()
    moved = arrange(world, episode, when=late,
                    late_reason="The police officer in the case is away until then")
    assert moved.late_reason == "The police officer in the case is away until then"


def test_a_conference_cannot_be_arranged_in_the_past_or_by_a_partner(world):
    episode = episode_after_enquiry(world)
    yesterday = at(clock.today() - dt.timedelta(days=1))
    refused = refused_unchanged(counts, ValidationFailed, lambda: arrange(
        world, episode, when=yesterday))
    assert refused.errors["scheduled_for"] == ["The conference must be arranged for today or "
                                               "later"]
    refused_unchanged(counts, AccessDenied, lambda: arrange(
        world, episode, actor=world.users["designated_safeguarding_lead"]))
    sealed = episode_after_enquiry(world, child=world.sealed_child, family=False)
    refused_unchanged(counts, NotFound, lambda: arrange(world, sealed))


def test_only_someone_who_may_chair_can_be_named_chair(world):
    episode = episode_after_enquiry(world)
    refused = refused_unchanged(counts, ValidationFailed, lambda: arrange(
        world, episode, chair_id=world.users["partner_practitioner"].pk))
    assert "cannot chair" in refused.errors["chair"][0]


# ------------------------------------------------------------------ reports
def test_an_agency_submits_its_report_and_shares_it_with_the_family(world):
    conference = arrange(world, episode_after_enquiry(world))
    dsl = world.users["designated_safeguarding_lead"]
    school = conference.invitees.get(agency=world.school)
    report = conference_reports.conference_report_submit(
        actor=dsl, conference=conference, invitee_id=school.pk, report_version=0,
        report="Amelia often arrives hungry and in unwashed clothes.")
    assert (report.report_version, report.report_shared_with_family_at) == (1, None)
    # A colleague's page, loaded before that submission, cannot overwrite it.
    with pytest.raises(Conflict):
        conference_reports.conference_report_submit(
            actor=dsl, conference=conference, invitee_id=school.pk, report_version=0,
            report="Another version written at the same time.")
    shared = conference_reports.conference_report_share(
        actor=dsl, conference=conference, invitee_id=school.pk, report_version=1)
    assert shared.report_shared_with_family_at is not None
    # Replacing the report means sharing it again.
    again = conference_reports.conference_report_submit(
        actor=dsl, conference=conference, invitee_id=school.pk, report_version=1,
        report="Amelia often arrives hungry; her attendance has fallen to 82%.")
    assert again.report_shared_with_family_at is None


def test_only_the_invited_agencys_staff_write_its_report(world):
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    social_care = conference.invitees.get(agency=world.csc)
    # Police are not involved with Amelia: refused by the policy itself.
    with pytest.raises(AccessDenied):
        conference_reports.conference_report_submit(
            actor=world.users["police_investigator"], conference=conference,
            invitee_id=school.pk, report_version=0, report="Not ours to write at all.")
    # The school may contribute, but not as social care.
    with pytest.raises(AccessDenied):
        conference_reports.conference_report_submit(
            actor=world.users["designated_safeguarding_lead"], conference=conference,
            invitee_id=social_care.pk, report_version=0, report="Not ours to write at all.")
    assert not ConferenceInvitee.objects.exclude(report="").exists()


# ------------------------------------------------------------------ the decision
def test_a_plan_cannot_be_made_without_a_category(world):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    refused = refused_unchanged(counts, ValidationFailed, lambda: decide(
        world, conference, category=""))
    assert refused.errors == {"category": [
        "Select the category of abuse: a child protection plan cannot be made without one"]}
    assert fresh(conference).status == ConferenceStatus.SCHEDULED


def test_the_first_core_group_must_be_within_10_working_days(world):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    latest = calendar.add_working_days(clock.today(), 10)
    refused = refused_unchanged(counts, ValidationFailed, lambda: decide(
        world, conference, first_core_group_on=calendar.add_working_days(latest, 1)))
    assert refused.errors["first_core_group_on"] == [
        "The first core group must be within 10 working days of the conference: by "
        f"{latest.day} {latest:%B %Y}"]
    assert decide(world, conference, first_core_group_on=latest).first_core_group_on == latest


def test_attendance_must_be_recorded_and_unshared_reports_explained(world):
    conference = arrange(world, episode_after_enquiry(world))
    refused = refused_unchanged(counts, ValidationFailed, lambda: decide(world, conference))
    assert refused.errors["attendance"][0].startswith("Record whether each person invited "
                                                      "attended")
    school = conference.invitees.get(agency=world.school)
    conference_reports.conference_report_submit(
        actor=world.users["designated_safeguarding_lead"], conference=conference,
        invitee_id=school.pk, report_version=0, report="Amelia often arrives hungry.")
    everyone_attended(world, conference)
    refused = refused_unchanged(counts, ValidationFailed, lambda: decide(world, conference))
    assert refused.errors["unshared_reports_reason"] == [
        f"The family has not seen every report ({world.school.name}): say why the "
        "conference went ahead without them"]
    done = decide(world, conference, unshared_reports_reason="The report arrived this morning "
                                                             "and was read out instead")
    assert done.unshared_reports_reason.startswith("The report arrived")


def test_a_plan_decision_makes_the_plan_and_tells_every_agency(world):
    emails_for(world)
    episode = episode_after_enquiry(world)
    conference = arrange(world, episode)
    school = conference.invitees.get(agency=world.school)
    everyone_attended(world, conference, absent=(school.pk,))
    seq = last_seq()
    done = decide(world, conference, category="EMO")
    plan = Plan.objects.get(conference=done)
    assert (plan.kind, plan.category, plan.key_worker, plan.started_on) == (
        "cp", "EMO", world.social_worker, clock.today())
    members = {(m.name, m.role) for m in plan.members.all()}
    # Social care attended (its worker is the key worker); the school did not come.
    assert members == {(f"{world.social_worker.get_full_name()}, {world.csc.name}", ""),
                       ("Sarah Osei", "Parent or carer")}
    change = CircumstanceChange.objects.get(episode=episode)
    assert change.kind == ChangeKind.PLAN_STARTED
    assert set(change.agencies_told) == {world.csc.pk, world.school.pk}
    assert Message.objects.filter(key__startswith=f"casework-change:{change.pk}:").count() >= 2
    assert (done.status, done.decision, done.chair) == ("held", "plan",
                                                        world.users["conference_chair"])
    assert done.next_review_on is not None and done.next_review_on > clock.today()
    assert AuditEvent.objects.filter(seq__gt=seq, action="conference.decide").count() == 1


def test_no_plan_makes_no_plan_and_a_stale_decision_is_a_conflict(world):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    stale = fresh(conference).version - 1
    with pytest.raises(Conflict):
        conference_decisions.conference_decide(
            actor=world.users["conference_chair"], conference=fresh(conference),
            held_on=clock.today(), decision="no_plan", category="",
            reasons="Concerns are being met by the family", version=stale)
    done = decide(world, conference, decision="no_plan", category="PHY")
    assert (done.decision, done.category) == ("no_plan", "")
    assert not Plan.objects.exists()


def test_a_partner_cannot_chair(world):
    conference = arrange(world, episode_after_enquiry(world))
    marks = {i.pk: Attendance.ATTENDED for i in conference.invitees.all()}
    for role in ("designated_safeguarding_lead", "social_worker", "partner_practitioner"):
        with pytest.raises(AccessDenied):
            conference_decisions.conference_attendance_record(
                actor=world.users[role], conference=conference, attendance=marks,
                version=conference.version)
        with pytest.raises(AccessDenied):
            decide(world, conference, actor=world.users[role])
    assert fresh(conference).version == conference.version


def test_an_agency_added_later_is_invited_too(world):
    emails_for(world)
    conference = arrange(world, episode_after_enquiry(world))
    added = conferences.conference_invitee_add(actor=world.social_worker,
                                               conference=conference,
                                               agency_id=world.police.pk)
    assert (added.kind, added.email) == ("agency", world.police.email)
    assert Message.objects.filter(key=f"conference-invitation:{conference.pk}:{added.pk}").exists()
    with pytest.raises(ValidationFailed):
        conferences.conference_invitee_add(actor=world.social_worker, conference=conference,
                                           agency_id=world.police.pk)
