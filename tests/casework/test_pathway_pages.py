"""The pathway's pages as social care and its partners meet them: the child's case page
(audited, offering only what the user may do), and the forms for each step, with the
GOV.UK error summary, what was typed kept, and a 409 for a stale edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import (
    Assessment,
    CircumstanceChange,
    Episode,
    ProcedureChoice,
    Section47,
    StrategyDiscussion,
)
from everychild.core import clock
from everychild.outbox.models import Message

from ..factories import InvolvementFactory, PersonFactory
from ..people.pages import date_fields, links, main_text, summary, summary_links, value
from .pathway_support import (
    authorise,
    complete,
    days_ago,
    enquiry_of,
    fresh,
    open_case,
    record_ready,
    start,
    strategy,
    with_emails,
)

pytestmark = pytest.mark.django_db


def _case(child) -> str:
    return reverse("casework:case", kwargs={"ref": child.ref})


def _url(name: str, child, **ids) -> str:
    return reverse(f"casework:{name}", kwargs={"ref": child.ref, **ids})


def _today() -> dict[str, str]:
    t = clock.today()
    return {"day": str(t.day), "month": str(t.month), "year": str(t.year)}


# ------------------------------------------------------------------ the case page
def test_the_case_page_lists_the_pathway_and_is_audited(world, client_for):
    episode = open_case(world, referral_date=days_ago(3))
    assessment = start(world, episode)
    discussion = strategy(world, episode)
    client = client_for(world.social_worker)
    before = AuditEvent.objects.filter(action="casework.view").count()
    response = client.get(_case(world.child))
    assert response.status_code == 200
    text = main_text(response)
    assert "Open case, referred" in text and "Single assessment" in text
    assert "Strategy discussion" in text and "Under way" in text
    found = links(response)
    assert found["Single assessment"] == _url("assessment", world.child,
                                              assessment_id=assessment.pk)
    assert found["Record the outcome"] == _url("enquiry-outcome", world.child,
                                               enquiry_id=enquiry_of(discussion).pk)
    assert "Close the case" in found and "Allocate" in found
    assert AuditEvent.objects.filter(action="casework.view").count() == before + 1
    entry = AuditEvent.objects.filter(action="casework.view").last()
    assert (entry.target_type, entry.target_id) == ("person", str(world.child.ref))


def test_a_child_with_no_case_is_offered_one(world, client_for):
    response = client_for(world.social_worker).get(_case(world.child))
    assert "has no open case" in main_text(response)
    assert links(response)["Open a case"] == _url("episode-open", world.child)


def test_inspectors_read_but_are_offered_nothing(world, client_for):
    open_case(world)
    response = client_for(world.users["inspector"]).get(_case(world.child))
    assert response.status_code == 200
    assert "Close the case" not in links(response) and "Allocate" not in links(response)


def test_a_partner_agency_may_not_read_the_case(world, client_for):
    open_case(world)
    response = client_for(world.users["designated_safeguarding_lead"]).get(_case(world.child))
    assert response.status_code == 403
    assert "Amelia" not in response.content.decode()


def test_a_sealed_child_is_not_found(world, client_for):
    response = client_for(world.social_worker).get(_case(world.sealed_child))
    assert response.status_code == 404
    assert "Sealedchild" not in response.content.decode()


def test_another_childs_record_is_not_found_through_this_child(world, client_for):
    assessment = start(world, open_case(world))
    # A child social care also works with, in the URL with Amelia's assessment id.
    sibling = PersonFactory(given_name="Sib")
    InvolvementFactory(person=sibling, agency=world.csc)
    response = client_for(world.social_worker).get(
        _url("assessment", sibling, assessment_id=assessment.pk))
    assert response.status_code == 404


# ------------------------------------------------------------------ opening and allocating
def test_opening_a_case_from_the_page(world, client_for):
    client = client_for(world.social_worker)
    response = client.post(_url("episode-open", world.child), date_fields("referral_date"))
    assert summary(response) == ["Enter the date the referral was received"]
    response = client.post(_url("episode-open", world.child),
                           {**date_fields("referral_date", **_today()), "primary_need": "N1"})
    assert response.status_code == 302 and response["Location"] == _case(world.child)
    assert Episode.objects.get(child=world.child).primary_need == "N1"
    response = client.post(_url("episode-open", world.child),
                           date_fields("referral_date", **_today()), follow=True)
    assert "already has an open case" in main_text(response)
    assert Episode.objects.count() == 1


def test_allocating_from_the_page_and_a_stale_form(world, client_for):
    with_emails(world)
    episode = open_case(world)
    client = client_for(world.users["team_manager"])
    page = client.get(_url("episode-allocate", world.child, episode_id=episode.pk))
    assert value(page, "version") == "1"
    body = {"team": str(world.team_a.pk), "worker": str(world.social_worker.pk), "version": "1"}
    response = client.post(_url("episode-allocate", world.child, episode_id=episode.pk), body)
    assert response.status_code == 302
    assert Message.objects.exists()
    stale = client.post(_url("episode-allocate", world.child, episode_id=episode.pk),
                        {**body, "worker": ""})
    assert stale.status_code == 409
    assert "Someone else changed this case" in " ".join(summary(stale))
    assert fresh(episode).worker == world.social_worker


# ------------------------------------------------------------------ assessments
def test_starting_recording_and_completing_an_assessment(world, client_for):
    episode = open_case(world)
    client = client_for(world.social_worker)
    form = client.get(_url("assessment-start", world.child, episode_id=episode.pk))
    assert "Single assessment" in main_text(form)
    response = client.post(_url("assessment-start", world.child, episode_id=episode.pk),
                           {"kind": "core", **date_fields("started_on")})
    assert "not used under Working Together 2013" in summary(response)[0]
    response = client.post(_url("assessment-start", world.child, episode_id=episode.pk),
                           {"kind": "single", **date_fields("started_on")})
    assessment = Assessment.objects.get(episode=episode)
    page_url = _url("assessment", world.child, assessment_id=assessment.pk)
    assert response["Location"] == page_url
    bad = client.post(page_url, {"version": "1", "factors": ["2B", "21"],
                                 "child_views": "She wants to stay at home",
                                 **date_fields("child_seen_on", "31", "2", "2026")})
    assert summary_links(bad) == {
        "The date the child was seen must be a real date": "#child_seen_on-day"}
    assert value(bad, "child_views") == "She wants to stay at home"
    bad = client.post(page_url, {"version": "1", "factors": ["2B", "21"]})
    assert summary_links(bad) == {
        "'No factors identified' cannot be chosen with other factors": "#factors"}
    assert 'value="2B" checked' in bad.content.decode()
    ok = client.post(page_url, {
        "version": "1", "factors": ["2B", "3B"], "outcome": "cin_plan",
        "child_views": "She wants to stay at home", "analysis": "Mother's drug use",
        **date_fields("child_seen_on", **_today())})
    assert ok.status_code == 302
    complete_url = _url("assessment-complete", world.child, assessment_id=assessment.pk)
    # The case has no main need yet: the page asks for it, and keeps the date given.
    (message,) = summary(client.post(complete_url, {"version": "2",
                                                    **date_fields("completed_on")}))
    assert "Select the child's main need" in message
    done = client.post(complete_url, {"version": "2", "primary_need": "N1",
                                      **date_fields("completed_on")})
    assert done.status_code == 302
    assert fresh(assessment).status == "awaiting_authorisation"


def test_a_late_assessment_page_asks_why(world, client_for):
    episode = open_case(world, rules="wt2006", referral_date=days_ago(40))
    assessment = start(world, episode, "initial")
    record_ready(world, assessment)
    client = client_for(world.social_worker)
    url = _url("assessment-complete", world.child, assessment_id=assessment.pk)
    assert "It is due by" in main_text(client.get(url))
    response = client.post(url, {"version": str(fresh(assessment).version),
                                 "primary_need": "N4", **date_fields("completed_on")})
    (message,) = summary(response)
    assert "working days late. Give the reason it is late" in message
    assert summary_links(response)[message] == "#late_reason"


def test_authorising_from_the_page(world, client_for):
    assessment = start(world, open_case(world))
    record_ready(world, assessment)
    done = complete(world, assessment)
    url = _url("assessment-authorise", world.child, assessment_id=done.pk)
    assert client_for(world.social_worker).post(url, {"version": "3"}).status_code == 403
    response = client_for(world.users["team_manager"]).post(url, {"version": str(done.version)})
    assert response.status_code == 302
    assert fresh(done).status == "authorised"


# ------------------------------------------------------------------ strategy and s47
def _attendee(i: int, agency, name: str) -> dict[str, str]:
    return {f"attendee-{i}-agency": str(agency.pk), f"attendee-{i}-name": name,
            f"attendee-{i}-role": ""}


def test_recording_a_strategy_discussion(world, client_for):
    episode = open_case(world)
    client = client_for(world.social_worker)
    url = _url("strategy-record", world.child, episode_id=episode.pk)
    body = {**date_fields("held_on", **_today()), **_attendee(0, world.csc, "Sam Okafor"),
            **_attendee(2, world.gp, "Dr Reyes"), "section47": "yes",
            "reasons": "Disclosure of being hit by an adult"}
    response = client.post(url, body)
    (message,) = summary(response)
    assert "the police did not take part" in message
    assert summary_links(response)[message] == "#attendee-0-agency"
    assert value(response, "attendee-2-name") == "Dr Reyes"
    response = client.post(url, {**body, **_attendee(1, world.police, "DC Price")},
                           follow=True)
    assert "a section 47 enquiry has started" in main_text(response)
    discussion = StrategyDiscussion.objects.get()
    assert Section47.objects.get().strategy == discussion
    page = client.get(_url("strategy", world.child, strategy_id=discussion.pk))
    assert "DC Price" in main_text(page) and "Health did not take part" not in main_text(page)


def test_recording_an_enquiry_outcome(world, client_for):
    enquiry = enquiry_of(strategy(world, open_case(world)))
    client = client_for(world.social_worker)
    url = _url("enquiry-outcome", world.child, enquiry_id=enquiry.pk)
    response = client.post(url, {"version": "1", **date_fields("completed_on")})
    assert summary(response)[0] == "Select the outcome of the enquiry"
    response = client.post(url, {"version": "1", "outcome": "substantiated_conference",
                                 "findings": "Injuries match Amelia's account",
                                 **date_fields("completed_on")}, follow=True)
    assert "Arrange the initial child protection conference" in main_text(response)
    assert fresh(enquiry).outcome == "substantiated_conference"


# ------------------------------------------------------------------ closure and changes
def test_closing_from_the_page_offered_after_no_further_action(world, client_for):
    with_emails(world)
    episode = open_case(world)
    assessment = start(world, episode)
    record_ready(world, assessment, outcome="nfa", factors=("21",))
    authorise(world, complete(world, assessment))
    client = client_for(world.social_worker)
    offer = links(client.get(_case(world.child)))
    href = next(h for t, h in offer.items() if t.startswith("Close the case (case closed"))
    assert href.endswith("?reason=RC8")
    form = client.get(href)
    assert value(form, "reason") == "RC8"
    response = client.post(_url("episode-close", world.child, episode_id=episode.pk),
                           {"reason": "RC8", "version": str(fresh(episode).version),
                            **date_fields("closed_on", **_today())})
    assert response.status_code == 302
    assert fresh(episode).closure_reason == "RC8"
    assert Message.objects.filter(to=world.school.email).exists()


def test_closing_shows_what_stops_it(world, client_for):
    episode = open_case(world)
    start(world, episode)
    client = client_for(world.social_worker)
    url = _url("episode-close", world.child, episode_id=episode.pk)
    assert "An assessment is in progress" in main_text(client.get(url))
    response = client.post(url, {"reason": "RC7", "version": "1",
                                 **date_fields("closed_on", **_today())})
    assert "An assessment is in progress" in summary(response)[0]
    assert fresh(episode).closed_on is None


def test_a_school_reports_a_change_and_goes_back_to_the_childs_record(world, client_for):
    episode = open_case(world)
    client = client_for(world.users["designated_safeguarding_lead"])
    url = _url("circumstance-record", world.child, episode_id=episode.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "move", "summary": "The family moved to Leeds",
                                 **date_fields("occurred_on", **_today())})
    assert response["Location"] == reverse("people:person-detail",
                                           kwargs={"ref": world.child.ref})
    assert CircumstanceChange.objects.get().kind == "move"


def test_the_procedure_page_is_for_administrators(world, client_for):
    url = reverse("casework:procedure")
    assert client_for(world.users["team_manager"]).get(url).status_code == 403
    admin = client_for(world.users["administrator"])
    response = admin.post(url, {"rules": "wt2006", **date_fields("effective_from", "1", "4",
                                                                  "2008")})
    assert response.status_code == 302
    assert "1 April 2008" in main_text(admin.get(url))
    assert ProcedureChoice.objects.get().effective_from == dt.date(2008, 4, 1)


# ------------------------------------------------------------------ from the child's record
def test_the_childs_record_leads_to_the_case_and_to_reporting_a_change(world, client_for):
    record = reverse("people:person-detail", kwargs={"ref": world.child.ref})
    found = links(client_for(world.social_worker).get(record))
    assert found["View the case for Amelia Osei"] == _case(world.child)
    assert "Report a change of circumstances for Amelia Osei" not in {
        t for t in links(client_for(world.users["designated_safeguarding_lead"]).get(record))}
    episode = open_case(world)
    school = links(client_for(world.users["designated_safeguarding_lead"]).get(record))
    assert school["Report a change of circumstances for Amelia Osei"] == _url(
        "circumstance-record", world.child, episode_id=episode.pk)
    assert "View the case for Amelia Osei" not in school
