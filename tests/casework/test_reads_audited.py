"""A form posted with a mistake is shown again with the record it is about: that is a read
of the child's casework, audited like the GET that first showed it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import Section47
from everychild.casework.services import minutes

from ..people.pages import main_text
from ..people.service_checks import last_seq
from .builders import closed, emails_for, episode_after_enquiry, held
from .pathway_support import complete, open_case, record_ready, start

pytestmark = pytest.mark.django_db


def reads_since(seq: int) -> list[tuple[str, dict]]:
    return [(e.action, e.detail) for e in AuditEvent.objects.filter(seq__gt=seq)
            .order_by("seq")]


def test_an_assessment_shown_again_after_a_mistake_is_audited(world, client_for):
    assessment = complete(world, record_ready(world, start(world, open_case(world))))
    url = reverse("casework:assessment", kwargs={"ref": world.child.ref,
                                                 "assessment_id": assessment.pk})
    client = client_for(world.social_worker)
    seq = last_seq()
    shown = client.post(url, {"version": str(assessment.version), "child_seen_on-day": "99",
                              "child_seen_on-month": "1", "child_seen_on-year": "2020"})
    assert shown.status_code == 200 and "likes her school" in main_text(shown)
    assert [a for a, _ in reads_since(seq)] == ["casework.view"]
    seq = last_seq()
    stale = client.post(url, {"version": "999"})
    assert stale.status_code == 409 and "likes her school" in main_text(stale)
    assert [a for a, _ in reads_since(seq)] == ["casework.view"]


def test_an_enquiry_outcome_posted_again_shows_the_findings_and_is_audited(world,
                                                                          client_for):
    enquiry = Section47.objects.get(episode=episode_after_enquiry(world))  # completed
    url = reverse("casework:enquiry-outcome", kwargs={"ref": world.child.ref,
                                                      "enquiry_id": enquiry.pk})
    seq = last_seq()
    shown = client_for(world.social_worker).post(url, {"version": str(enquiry.version)})
    assert "Injuries consistent with the account" in main_text(shown)
    assert [(a, d["for"]) for a, d in reads_since(seq)] == [("casework.view",
                                                           "strategy.record")]


def test_a_failed_report_share_shows_the_minutes_and_is_audited(world, client_for):
    emails_for(world)
    conference = closed(world, held(world), text="The school's concerns were heard.")
    school = conference.invitees.get(agency=world.school)
    url = reverse("casework:conference-report-share", kwargs={
        "ref": world.child.ref, "conference_id": conference.pk, "invitee_id": school.pk})
    seq = last_seq()
    shown = client_for(world.users["designated_safeguarding_lead"]).post(
        url, {"report_version": "7"})
    assert shown.status_code in (200, 409)
    assert "The school's concerns were heard." in main_text(shown)
    assert reads_since(seq) == [("conference.invitation_view",
                                 {"conference": conference.pk, "invitee": school.pk})]


def test_a_failed_answer_to_an_amendment_is_audited(world, client_for):
    emails_for(world)
    conference = closed(world, held(world))
    school = conference.invitees.get(agency=world.school)
    asked = minutes.minutes_amendment_request(
        actor=world.users["designated_safeguarding_lead"], conference=conference,
        invitee_id=school.pk, request="Attendance was 82%, not 28%.")
    url = reverse("casework:conference-amendment", kwargs={
        "ref": world.child.ref, "conference_id": conference.pk, "amendment_id": asked.pk})
    seq = last_seq()
    shown = client_for(world.users["conference_chair"]).post(url, {"response": ""})
    assert shown.status_code == 200 and "Attendance was 82%" in main_text(shown)
    assert reads_since(seq) == [("casework.view", {"conference": conference.pk,
                                                   "page": "conference_amendment"})]


def test_a_successful_post_audits_the_change_not_a_read(world, client_for):
    assessment = start(world, open_case(world))
    url = reverse("casework:assessment", kwargs={"ref": world.child.ref,
                                                 "assessment_id": assessment.pk})
    seq = last_seq()
    saved = client_for(world.social_worker).post(url, {
        "version": str(assessment.version), "child_views": "She likes her nan's dog."})
    assert saved.status_code == 302
    assert [a for a, _ in reads_since(seq)] == ["assessment.record"]
