"""After the decision: dissent minuted against the agency that dissents, the first core
group's date set before a conference that made a plan can close, the minutes sent to
every invitee (those absent included), and amendments answered once."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.casework.models import (
    ConferenceStatus,
    Dissent,
    MinutesAmendment,
)
from everychild.casework.selectors.conferences import invitation_page
from everychild.casework.services import conference_decisions, minutes
from everychild.casework.services.conferences import FamilyInvite, Invitations
from everychild.core import calendar
from everychild.core.errors import AccessDenied, ValidationFailed
from everychild.outbox.models import Message

from ..people.service_checks import last_seq, refused_unchanged
from .builders import (
    arrange,
    closed,
    decide,
    emails_for,
    episode_after_enquiry,
    everyone_attended,
    fresh,
    held,
    mother_of,
)

pytestmark = pytest.mark.django_db


def dissents() -> int:
    return Dissent.objects.count()


def test_dissent_is_recorded_against_an_invited_agency_after_the_decision(world):
    conference = arrange(world, episode_after_enquiry(world))
    chair = world.users["conference_chair"]

    def dissent(agency_id: int, view: str = "The school thinks a plan is not needed"):
        return conference_decisions.conference_dissent_record(
            actor=chair, conference=fresh(conference), agency_id=agency_id, view=view)

    refused = refused_unchanged(dissents, ValidationFailed, lambda: dissent(world.school.pk))
    assert "once the decision is made" in refused.errors["agency"][0]
    everyone_attended(world, conference)
    decide(world, conference)
    refused = refused_unchanged(dissents, ValidationFailed, lambda: dissent(world.police.pk))
    assert refused.errors["agency"] == [
        "Only an agency invited to the conference can dissent from its decision"]
    refused_unchanged(dissents, ValidationFailed, lambda: dissent(world.school.pk, view=""))
    recorded = dissent(world.school.pk)
    assert (recorded.agency, recorded.invitee.agency) == (world.school, world.school)
    with pytest.raises(AccessDenied):
        conference_decisions.conference_dissent_record(
            actor=world.users["designated_safeguarding_lead"], conference=fresh(conference),
            agency_id=world.school.pk, view="Recording our own dissent ourselves")


def test_a_conference_making_a_plan_cannot_close_without_the_first_core_group(world):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    done = decide(world, conference, first_core_group_on=None)
    chair = world.users["conference_chair"]
    current = minutes.conference_minutes_save(actor=chair, conference=done,
                                              minutes="A plan was agreed.", version=done.version)
    no_email = [i.pk for i in current.invitees.all() if not i.email]
    refused = refused_unchanged(Message.objects.count, ValidationFailed,
                                lambda: minutes.conference_minutes_send(
                                    actor=chair, conference=current, sent_otherwise=no_email,
                                    version=current.version))
    assert refused.errors == {"first_core_group_on": [
        "Set the date of the first core group: the conference cannot close without it"]}
    assert fresh(conference).status == ConferenceStatus.HELD
    too_late = calendar.add_working_days(current.held_on, 11)
    with pytest.raises(ValidationFailed):
        conference_decisions.conference_first_core_group_set(
            actor=chair, conference=current, first_core_group_on=too_late,
            version=current.version)
    current = conference_decisions.conference_first_core_group_set(
        actor=chair, conference=current,
        first_core_group_on=calendar.add_working_days(current.held_on, 10),
        version=current.version)
    sent = minutes.conference_minutes_send(actor=chair, conference=current,
                                           sent_otherwise=no_email, version=current.version)
    assert sent.status == ConferenceStatus.CLOSED


def test_the_minutes_reach_every_invitee_including_those_absent(world):
    emails_for(world)
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    everyone_attended(world, conference, absent=(school.pk,))
    decide(world, conference)
    done = closed(world, conference, "The school was absent; a plan was agreed.")
    invitees = list(done.invitees.all())
    assert all(i.minutes_sent_at for i in invitees)
    by_email = {m.to: m for m in Message.objects.filter(
        key__startswith=f"conference-minutes:{conference.pk}:")}
    assert set(by_email) == {i.email for i in invitees if i.email}
    assert world.school.email in by_email  # absent, and still sent them
    # Professionals sign in to read them; the family's copy goes by post or by hand.
    assert "The school was absent" not in by_email[world.school.email].body
    mother = done.invitees.get(kind="family")
    assert (mother.minutes_sent_by, mother.email) == ("other", "")
    with pytest.raises(ValidationFailed):
        minutes.conference_minutes_save(actor=world.users["conference_chair"],
                                        conference=done, minutes="Changed afterwards",
                                        version=done.version)


def test_the_family_and_the_child_are_never_emailed_the_minutes(world):
    emails_for(world)
    episode = episode_after_enquiry(world)
    mother = mother_of(world.child)
    conference = arrange(world, episode, invitations=Invitations(
        family=(FamilyInvite(mother, "sarah@example.org"),), child=True,
        child_email="amelia@example.org"))
    everyone_attended(world, conference)
    chair = world.users["conference_chair"]
    done = minutes.conference_minutes_save(
        actor=chair, conference=decide(world, conference),
        minutes="Amelia Osei was seen with bruising; the conference agreed a plan.",
        version=fresh(conference).version)
    family = {i.kind: i for i in done.invitees.exclude(kind="agency")}
    sent = Message.objects.filter(key__startswith=f"conference-minutes:{done.pk}:").count
    # Sending is refused until the chair says each family copy went by post or by hand.
    refused = refused_unchanged(sent, ValidationFailed, lambda: minutes.conference_minutes_send(
        actor=chair, conference=done, sent_otherwise=[family["child"].pk],
        version=done.version))
    assert refused.errors["sent_otherwise"] == [
        "The minutes are not emailed to the family or the child: give or post a copy to "
        "Sarah Osei, and say so"]
    assert fresh(done).status == ConferenceStatus.HELD
    closed_ = minutes.conference_minutes_send(
        actor=chair, conference=done, sent_otherwise=[i.pk for i in family.values()],
        version=done.version)
    assert closed_.status == ConferenceStatus.CLOSED
    for address in ("sarah@example.org", "amelia@example.org"):
        notice = Message.objects.get(to=address, key__startswith="conference-minutes:")
        text = notice.subject + notice.body
        assert "Your social worker will give or post you a copy" in notice.body
        assert "Amelia" not in text and "Osei" not in text and "bruising" not in text
    assert {fresh(i).minutes_sent_by for i in family.values()} == {"other"}
    school = done.invitees.get(agency=world.school)
    assert fresh(school).minutes_sent_by == "email"
    link = Message.objects.get(key=f"conference-minutes:{done.pk}:{school.pk}")
    assert "Sign in to Everychild" in link.body and "bruising" not in link.body


def test_amendments_are_asked_by_the_invited_agency_and_answered_once(world):
    emails_for(world)
    conference = held(world)
    school = conference.invitees.get(agency=world.school)
    dsl = world.users["designated_safeguarding_lead"]
    with pytest.raises(ValidationFailed):  # the minutes have not been sent yet
        minutes.minutes_amendment_request(actor=dsl, conference=conference,
                                          invitee_id=school.pk, request="Please correct it")
    done = closed(world, conference)
    with pytest.raises(AccessDenied):  # not the school's invitation
        minutes.minutes_amendment_request(
            actor=dsl, conference=done, invitee_id=done.invitees.get(agency=world.csc).pk,
            request="Please correct social care's part")
    asked = minutes.minutes_amendment_request(actor=dsl, conference=done, invitee_id=school.pk,
                                              request="Attendance was 82%, not 28%.")
    assert asked.status == "requested"
    assert Message.objects.filter(key=f"conference-amendment:{asked.pk}",
                                  to=world.users["conference_chair"].email).exists()
    chair = world.users["conference_chair"]
    refused = refused_unchanged(MinutesAmendment.objects.filter(status="requested").count,
                                ValidationFailed, lambda: minutes.minutes_amendment_respond(
                                    actor=chair, conference=done, amendment_id=asked.pk,
                                    accept=None, response=""))
    assert set(refused.errors) == {"accept", "response"}
    with pytest.raises(AccessDenied):
        minutes.minutes_amendment_respond(actor=dsl, conference=done, amendment_id=asked.pk,
                                          accept=True, response="Accepting our own request")
    answered = minutes.minutes_amendment_respond(actor=chair, conference=done,
                                                 amendment_id=asked.pk, accept=True,
                                                 response="Agreed: corrected to 82%.")
    assert (answered.status, answered.responded_by) == ("accepted", chair)
    assert Message.objects.filter(key=f"conference-amendment-answer:{asked.pk}",
                                  to=dsl.email).exists()
    with pytest.raises(ValidationFailed):
        minutes.minutes_amendment_respond(actor=chair, conference=done, amendment_id=asked.pk,
                                          accept=False, response="Changing my mind later")


def test_reading_an_invitation_is_audited(world):
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    seq = last_seq()
    view = invitation_page(actor=world.users["designated_safeguarding_lead"],
                           ref=world.child.ref, conference_id=conference.pk,
                           invitee_id=school.pk)
    assert view.invitee == school and not view.minutes_sent
    entry = AuditEvent.objects.get(seq__gt=seq)
    assert (entry.action, entry.target_id, entry.detail["invitee"]) == (
        "conference.invitation_view", str(world.child.ref), school.pk)


def test_the_chronology_times_a_conference_by_its_decision_not_its_minutes(world, monkeypatch):
    import datetime as dt

    from everychild.chronology.selectors.chronology import chronology_for_child
    from everychild.core import clock

    decided = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: decided)
    conference = held(world)
    # The minutes go out a week later; the conference's line must not move with them.
    monkeypatch.setattr(clock, "now", lambda: decided + dt.timedelta(days=7))
    closed(world, conference)
    assert fresh(conference).updated_at > decided
    lines = chronology_for_child(actor=world.social_worker, ref=conference.episode.child.ref,
                                 page_size=None).items
    line = next(i for i in lines if i.key == f"conference:{conference.pk}")
    assert line.recorded_at == decided
