"""The conference pages as their users see them: arranging the conference, the chair's
page and forms, the invited agency's own view, refusals and stale forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import (
    Attendance,
    Conference,
    ConferenceInvitee,
    ConferenceStatus,
    MinutesAmendment,
    Plan,
)
from everychild.core import calendar, clock
from everychild.outbox.models import Message

from ..people.pages import date_fields, main_text, read, summary, summary_links
from ..people.service_checks import last_seq
from .builders import (
    arrange,
    closed,
    emails_for,
    episode_after_enquiry,
    everyone_attended,
    fresh,
    held,
)

pytestmark = pytest.mark.django_db


def url(name: str, conference: Conference | None = None, child=None, **kw) -> str:
    if conference is not None:
        kw["conference_id"] = conference.pk
        child = conference.episode.child
    return reverse(f"casework:{name}", kwargs={"ref": child.ref, **kw})


def day_fields(prefix: str, day) -> dict[str, str]:
    return date_fields(prefix, str(day.day), str(day.month), str(day.year))


# ------------------------------------------------------------------ arranging
def test_arranging_the_initial_conference_from_its_page(world, client_for):
    emails_for(world)
    episode_after_enquiry(world)
    client = client_for(world.social_worker)
    form = client.get(url("conference-schedule", child=world.child))
    assert form.status_code == 200
    text = main_text(form)
    assert "The conference should be held by" in text
    assert world.school.name in text and "Sarah Osei (parent or carer)" in text
    assert read(form).inputs.get("family")  # the mother is ticked already
    refused = client.post(url("conference-schedule", child=world.child), {
        **date_fields("scheduled_on"), "scheduled_time": "25:00"})
    assert refused.status_code == 200
    assert summary(refused) == ["Enter the date of the conference",
                                "Enter the time of the conference, like 14:30"]
    today = clock.today()
    mother = read(form).inputs["family"]
    done = client.post(url("conference-schedule", child=world.child), {
        **day_fields("scheduled_on", today), "scheduled_time": "23:30", "venue": "Town Hall",
        "chair": str(world.users["conference_chair"].pk), "family": mother,
        f"family_email_{mother}": "sarah@example.org", "agencies": str(world.police.pk)})
    assert done.status_code == 302
    conference = Conference.objects.get()
    assert done["Location"] == url("conference", conference)
    assert {i.name for i in conference.invitees.all()} >= {"Sarah Osei", world.police.name}
    assert Message.objects.filter(to="sarah@example.org").exists()
    page = client.get(done["Location"])
    assert "The conference is arranged and the invitations have been sent" in main_text(page)
    assert "Town Hall" in main_text(page)


def test_no_form_to_arrange_a_conference_before_a_substantiated_enquiry(world, client_for):
    episode_after_enquiry(world, outcome="not_substantiated")
    client = client_for(world.social_worker)
    page = client.get(url("conference-schedule", child=world.child))
    assert page.status_code == 200
    assert "continuing risk of significant harm" in main_text(page)
    assert "scheduled_time" not in read(page).inputs
    posted = client.post(url("conference-schedule", child=world.child), {
        **day_fields("scheduled_on", clock.today()), "scheduled_time": "23:00"})
    assert posted.status_code == 200
    assert not Conference.objects.exists()


# ------------------------------------------------------------------ the chair's page
def test_the_chair_sees_the_conference_and_which_reports_are_unshared(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    school = conference.invitees.get(agency=world.school)
    dsl = client_for(world.users["designated_safeguarding_lead"])
    invitation = dsl.get(url("conference-invitation", conference, invitee_id=school.pk))
    assert invitation.status_code == 200
    report = dsl.post(url("conference-report", conference, invitee_id=school.pk), {
        "report": "Amelia often arrives hungry.", "report_version": "0"})
    assert report.status_code == 302
    chair = client_for(world.users["conference_chair"])
    seq = last_seq()
    page = chair.get(url("conference", conference))
    assert page.status_code == 200
    text = main_text(page)
    assert "The family has not yet been given these reports: " + world.school.name in text
    assert "Amelia often arrives hungry." in text
    viewed = AuditEvent.objects.get(seq__gt=seq)
    assert (viewed.action, viewed.target_id) == ("casework.view", str(world.child.ref))
    shared = dsl.post(url("conference-report-share", conference, invitee_id=school.pk),
                      {"report_version": "1"})
    assert shared.status_code == 302
    assert "The family has not yet been given" not in main_text(
        chair.get(url("conference", conference)))


def test_a_conference_without_a_category_is_refused_on_the_page(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    everyone_attended(world, conference)
    chair = client_for(world.users["conference_chair"])
    form = chair.get(url("conference-decision", conference))
    version = read(form).inputs["version"]
    refused = chair.post(url("conference-decision", conference), {
        **day_fields("held_on", clock.today()), "decision": "plan", "category": "",
        "reasons": "Neglect over many months", "version": version})
    assert refused.status_code == 200
    assert summary_links(refused) == {
        "Select the category of abuse: a child protection plan cannot be made without one":
            "#category"}
    assert read(refused).inputs["reasons"] == "Neglect over many months"
    assert fresh(conference).status == ConferenceStatus.SCHEDULED
    late = calendar.add_working_days(clock.today(), 11)
    refused = chair.post(url("conference-decision", conference), {
        **day_fields("held_on", clock.today()), "decision": "plan", "category": "NEG",
        "reasons": "Neglect over many months", **day_fields("first_core_group_on", late),
        "version": version})
    assert summary(refused)[0].startswith("The first core group must be within 10 working days")
    done = chair.post(url("conference-decision", conference), {
        **day_fields("held_on", clock.today()), "decision": "plan", "category": "NEG",
        "reasons": "Neglect over many months", "version": version})
    assert done.status_code == 302
    assert Plan.objects.get().category == "NEG"


def test_a_stale_decision_form_gets_a_409_with_what_was_typed(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    chair = client_for(world.users["conference_chair"])
    version = read(chair.get(url("conference-decision", conference))).inputs["version"]
    everyone_attended(world, conference)  # someone else changes the conference meanwhile
    stale = chair.post(url("conference-decision", conference), {
        **day_fields("held_on", clock.today()), "decision": "no_plan",
        "reasons": "The family is working with early help", "version": version})
    assert stale.status_code == 409
    assert "Someone else changed this conference" in summary(stale)[0]
    assert read(stale).inputs["reasons"] == "The family is working with early help"
    assert fresh(conference).status == ConferenceStatus.SCHEDULED


def test_attendance_minutes_to_everyone_and_amendments(world, client_for):
    emails_for(world)
    conference = arrange(world, episode_after_enquiry(world))
    chair = client_for(world.users["conference_chair"])
    invitees = list(conference.invitees.all())
    form = chair.get(url("conference-attendance", conference))
    incomplete = chair.post(url("conference-attendance", conference),
                            {"version": read(form).inputs["version"]})
    assert incomplete.status_code == 200 and len(summary(incomplete)) == len(invitees)
    school = conference.invitees.get(agency=world.school)
    marks = {f"attendance-{i.pk}": Attendance.ABSENT if i.pk == school.pk
             else Attendance.ATTENDED for i in invitees}
    assert chair.post(url("conference-attendance", conference),
                      {"version": read(form).inputs["version"], **marks}).status_code == 302
    c = fresh(conference)
    chair.post(url("conference-decision", conference), {
        **day_fields("held_on", clock.today()), "decision": "plan", "category": "NEG",
        "reasons": "Neglect over many months",
        **day_fields("first_core_group_on", clock.today()), "version": str(c.version)})
    c = fresh(conference)
    assert chair.post(url("conference-minutes", conference), {
        "minutes": "Everyone agreed a plan for neglect.", "version": str(c.version)}
    ).status_code == 302
    c = fresh(conference)
    mother = c.invitees.get(kind="family")
    page = chair.get(url("conference-minutes-send", conference))
    assert "Sarah Osei: a copy given or posted by their social worker" in main_text(page)
    refused = chair.post(url("conference-minutes-send", conference), {"version": str(c.version)})
    assert ("The minutes are not emailed to the family or the child: give or post a copy to "
            "Sarah Osei") in summary(refused)[0]
    sent = chair.post(url("conference-minutes-send", conference),
                      {"version": str(c.version), "sent_otherwise": str(mother.pk)})
    assert sent.status_code == 302
    # The school sent apologies-by-absence, and still has the minutes.
    assert fresh(school).minutes_sent_at is not None
    assert Message.objects.filter(key=f"conference-minutes:{c.pk}:{school.pk}",
                                  to=world.school.email).exists()
    assert fresh(conference).status == ConferenceStatus.CLOSED
    dsl = client_for(world.users["designated_safeguarding_lead"])
    asked = dsl.post(url("conference-amendment-request", conference, invitee_id=school.pk),
                     {"request": "We said attendance was 82%, not 28%."})
    assert asked.status_code == 302
    amendment = MinutesAmendment.objects.get()
    answer = chair.post(url("conference-amendment", conference, amendment_id=amendment.pk),
                        {"accept": "yes", "response": "Agreed: the minutes are corrected."})
    assert answer.status_code == 302
    assert fresh(amendment).status == "accepted"
    text = main_text(dsl.get(url("conference-invitation", conference, invitee_id=school.pk)))
    assert "Agreed: the minutes are corrected." in text


# ------------------------------------------------------------------ refusals
def test_a_partner_cannot_chair_or_see_the_chairs_page(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    for role in ("designated_safeguarding_lead", "partner_practitioner", "police_investigator"):
        client = client_for(world.users[role])
        for name in ("conference", "conference-decision", "conference-attendance",
                     "conference-minutes-send"):
            assert client.get(url(name, conference)).status_code == 403, (role, name)
        assert client.post(url("conference-decision", conference), {}).status_code == 403


def test_a_partner_sees_only_their_own_agencys_invitation(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    social_care = conference.invitees.get(agency=world.csc)
    school = conference.invitees.get(agency=world.school)
    dsl = client_for(world.users["designated_safeguarding_lead"])
    assert dsl.get(url("conference-invitation", conference,
                       invitee_id=social_care.pk)).status_code == 403
    # Probation is not involved with Amelia at all: refused by the policy.
    probation = client_for(world.users["partner_practitioner"])
    assert probation.get(url("conference-invitation", conference,
                             invitee_id=school.pk)).status_code == 403
    assert probation.post(url("conference-report", conference, invitee_id=school.pk),
                          {"report": "Not ours", "report_version": "0"}).status_code == 403
    assert not ConferenceInvitee.objects.exclude(report="").exists()


def test_another_childs_conference_id_is_not_found(world, client_for):
    conference = arrange(world, episode_after_enquiry(world))
    client = client_for(world.social_worker)
    other = reverse("casework:conference", kwargs={"ref": world.sealed_child.ref,
                                                    "conference_id": conference.pk})
    assert client.get(other).status_code == 404
    missing = url("conference", conference).replace(f"/{conference.pk}/", "/987654/")
    assert client.get(missing).status_code == 404


def test_a_sealed_childs_conference_is_not_found(world, client_for):
    episode = episode_after_enquiry(world, child=world.sealed_child, family=False)
    now = clock.now()
    sealed = Conference.objects.create(episode=episode, kind="initial", scheduled_for=now,
                                       created_at=now, updated_at=now)
    for role in ("social_worker", "conference_chair", "team_manager"):
        client = client_for(world.users[role])
        response = client.get(url("conference", sealed))
        assert response.status_code == 404
        assert "Sealedchild" not in response.content.decode()


def test_a_closed_conference_shows_the_minutes_to_the_social_worker(world, client_for):
    conference = closed(world, held(world))
    page = client_for(world.social_worker).get(url("conference", conference))
    assert "The conference met and agreed a plan." in main_text(page)
    assert "Sent to everyone invited" in main_text(page)
