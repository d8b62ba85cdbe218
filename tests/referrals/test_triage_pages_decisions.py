"""Triage and decision on the front door's pages: the rating, information from partner
agencies, written confirmation, the decision and the manager's sign-off, stale forms,
and the overdue list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everychild.referrals.models import (
    Decision,
    DecisionStatus,
    InformationRequest,
    RagChange,
    Status,
)

from ..people.pages import date_fields, inline_errors, main_text, read, summary, summary_links
from .test_triage_pages import (
    MONDAY_9AM,
    QUEUE,
    FrozenClock,
    fresh,
    receive,
    resolve_everyone,
    triage_url,
    version_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch) -> FrozenClock:
    return FrozenClock(monkeypatch, MONDAY_9AM)


def url(name: str, referral, **kwargs) -> str:
    return reverse(f"referrals:{name}", kwargs={"ref": referral.ref, **kwargs})


def checked(response, name: str) -> str:
    return read(response).inputs.get(name, "")


# ------------------------------------------------------------------ rating
def test_changing_the_rating_needs_a_reason_and_is_kept_in_its_history(world, client_for):
    referral = receive(world)
    client = client_for(world.social_worker)
    version = version_on(client.get(triage_url(referral)))

    refused = client.post(url("rating", referral), {"rag": "red", "reason": "", "version": version})
    assert refused.status_code == 200
    assert summary_links(refused) == {"Say why the rating should change": "#reason"}
    assert checked(refused, "rag") == "red"  # what was chosen stays chosen
    assert fresh(referral).rag == "amber"

    changed = client.post(url("rating", referral), {
        "rag": "red", "reason": "Police say the lodger has a conviction for assault",
        "version": version})
    assert changed.status_code == 302
    assert fresh(referral).rag == "red"
    page = client.get(changed["Location"])
    text = main_text(page)
    assert "The rating is now red" in text
    assert "Police say the lodger has a conviction for assault" in text
    assert world.social_worker.get_full_name() in text
    assert "Rated on receipt" in text
    assert [c.rag for c in RagChange.objects.filter(referral=referral)] == ["amber", "red"]


# ------------------------------------------------------------------ information requests
def test_an_information_request_and_its_answer_say_who_and_when(world, client_for):
    referral = receive(world)
    client = client_for(world.social_worker)
    page = client.get(triage_url(referral))
    missing = client.post(url("information-request", referral),
                          {"agency": "", "question": "", "version": version_on(page)})
    assert summary(missing) == ["Select the agency you asked", "Say what you asked the agency"]

    asked = client.post(url("information-request", referral), {
        "agency": str(world.police.pk), "question": "Is Dean Tolley known to the police?",
        "version": version_on(page)})
    assert asked.status_code == 302
    request = InformationRequest.objects.get(referral=referral)
    text = main_text(client.get(asked["Location"]))
    assert "Your request to Northbrook Police is recorded" in text
    assert "Is Dean Tolley known to the police?" in text
    assert f"Asked by {world.social_worker.get_full_name()}" in text
    assert "Waiting for an answer" in text

    answer_url = url("information-answer", referral, request_id=request.pk)
    form = client.get(answer_url)
    assert form.status_code == 200 and "Is Dean Tolley known to the police?" in main_text(form)
    asked_on = request.requested_at.date()
    blank = client.post(answer_url, {"answer": "", "answered_by_name": "",
                                     **date_fields("answered_on"), "answered_time": ""})
    assert summary(blank) == ["Enter what the agency told you",
                              "Enter who answered, and their role"]
    late_time = client.post(answer_url, {
        "answer": "Yes: a caution in 2019", "answered_by_name": "PC Imran Dale",
        **date_fields("answered_on", str(asked_on.day), str(asked_on.month),
                      str(asked_on.year)),
        "answered_time": "25:00"})
    assert summary_links(late_time) == {
        "Time answered must be a real time, like 14:30": "#answered_time"}
    assert read(late_time).inputs["answered_by_name"] == "PC Imran Dale"

    answered = client.post(answer_url, {
        "answer": "Yes: a caution for assault in 2019", "answered_by_name": "PC Imran Dale",
        **date_fields("answered_on"), "answered_time": ""})
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.answered_by_name == "PC Imran Dale"
    assert request.recorded_by_id == world.social_worker.pk
    text = main_text(client.get(answered["Location"]))
    assert "Yes: a caution for assault in 2019" in text
    assert "Answered by PC Imran Dale" in text
    # Once answered, it cannot be answered again over the top.
    again = client.get(answer_url)
    assert "The answer has been recorded" in main_text(again)


def test_written_confirmation_of_a_phone_referral_is_recorded(world, client_for):
    referral = receive(world, referrer__channel="phone")
    client = client_for(world.social_worker)
    page = client.get(triage_url(referral))
    assert "It has not arrived yet" in main_text(page)
    done = client.post(url("written-confirmation", referral), {"version": version_on(page)})
    assert done.status_code == 302
    assert fresh(referral).written_confirmation_at is not None
    assert "written confirmation arrived" in main_text(client.get(done["Location"]))


# ------------------------------------------------------------------ decisions
def test_a_decision_is_refused_while_someone_on_the_referral_is_unmatched(world, client_for):
    referral = receive(world)
    client = client_for(world.social_worker)
    refused = client.post(url("decide", referral), {
        "outcome": "assessment", "reasons": "Bruising and a disclosure about the lodger",
        "version": version_on(client.get(triage_url(referral)))})
    assert refused.status_code == 200
    [message] = summary(refused)
    assert message.startswith("Match everyone on the referral to a record")
    assert "Dean Tolley" in message
    assert summary_links(refused)[message] == "#people"
    assert read(refused).inputs["reasons"] == "Bruising and a disclosure about the lodger"
    assert not Decision.objects.filter(referral=referral).exists()


def test_early_help_is_refused_for_a_child_protection_concern(world, client_for):
    referral = receive(world, concern__significant_harm=True, concern__harm_categories=["PHY"])
    resolve_everyone(world, referral)
    client = client_for(world.social_worker)
    refused = client.post(url("decide", referral), {
        "outcome": "early_help", "reasons": "Family would benefit from parenting support",
        "version": version_on(client.get(triage_url(referral)))})
    assert refused.status_code == 200
    assert inline_errors(refused)[0].startswith("Early help cannot be chosen")
    assert summary_links(refused)[summary(refused)[0]] == "#outcome"
    assert checked(refused, "outcome") == "early_help"
    assert fresh(referral).status == Status.RECEIVED


def test_a_manager_returns_a_decision_then_signs_off_the_next(world, client_for):
    referral = receive(world)
    resolve_everyone(world, referral)
    worker, manager = client_for(world.social_worker), client_for(world.users["team_manager"])
    decided = worker.post(url("decide", referral), {
        "outcome": "nfa", "reasons": "Explained by a fall; the GP saw it",
        "version": version_on(worker.get(triage_url(referral)))})
    assert decided.status_code == 302
    page = worker.get(decided["Location"])
    assert "A team manager must now sign it off" in main_text(page)
    assert "Sign off" not in [b.strip() for b in read(page).main]  # not for a social worker
    assert "waiting for a team manager to sign it off" in main_text(page)

    # The manager sees the buttons; returning needs a reason.
    page = manager.get(triage_url(referral))
    assert "Return with reasons" in main_text(page)
    no_reason = manager.post(url("sign-off", referral), {
        "action": "return", "note": "", "version": version_on(page)})
    assert summary_links(no_reason) == {"Say why the decision is being returned": "#note"}
    returned = manager.post(url("sign-off", referral), {
        "action": "return", "note": "The lodger's history needs checking with police first",
        "version": version_on(page)})
    assert returned.status_code == 302
    assert fresh(referral).status == Status.RECEIVED

    page = worker.get(triage_url(referral))
    text = main_text(page)
    assert "Returned by the manager" in text  # the returned decision stays on the record
    assert "The lodger's history needs checking with police first" in text
    worker.post(url("decide", referral), {
        "outcome": "assessment", "reasons": "Police confirm the lodger's caution for assault",
        "version": version_on(page)})
    page = manager.get(triage_url(referral))
    signed = manager.post(url("sign-off", referral), {
        "action": "sign_off", "note": "", "version": version_on(page)})
    assert signed.status_code == 302
    assert fresh(referral).status == Status.COMPLETE
    assert [d.status for d in Decision.objects.filter(referral=referral)] == [
        DecisionStatus.RETURNED, DecisionStatus.SIGNED_OFF]
    text = main_text(manager.get(signed["Location"]))
    assert "Signed off by" in text and "Returned by" in text
    assert "Record the decision" not in text and "Change the rating" not in text


def test_a_social_worker_cannot_sign_off(world, client_for):
    referral = receive(world)
    resolve_everyone(world, referral)
    worker = client_for(world.social_worker)
    worker.post(url("decide", referral), {
        "outcome": "nfa", "reasons": "Explained by a fall; the GP saw it",
        "version": version_on(worker.get(triage_url(referral)))})
    refused = worker.post(url("sign-off", referral), {
        "action": "sign_off", "note": "", "version": str(fresh(referral).version)})
    assert refused.status_code == 403
    assert fresh(referral).status == Status.AWAITING_SIGN_OFF


def test_a_stale_form_is_a_conflict_and_keeps_what_was_typed(world, client_for):
    referral = receive(world)
    first, second = client_for(world.social_worker), client_for(world.users["team_manager"])
    version = version_on(first.get(triage_url(referral)))
    assert version_on(second.get(triage_url(referral))) == version
    saved = first.post(url("rating", referral), {
        "rag": "red", "reason": "The child is frightened to go home", "version": version})
    assert saved.status_code == 302

    stale = second.post(url("rating", referral), {
        "rag": "green", "reason": "Mother has asked the lodger to leave", "version": version})
    assert stale.status_code == 409
    [message] = summary(stale)
    assert message.startswith("Someone else changed this referral while you were working on it")
    assert read(stale).inputs["reason"] == "Mother has asked the lodger to leave"
    assert "Start again from the latest version" in main_text(stale)
    assert fresh(referral).rag == "red"


# ------------------------------------------------------------------ overdue
def test_the_overdue_list_shows_a_referral_received_two_working_days_ago(world, client_for,
                                                                         frozen):
    late = receive(world)
    frozen.move(days=2)  # Wednesday: the decision was due by the end of Tuesday
    recent = receive(world)
    manager = client_for(world.users["team_manager"])
    response = manager.get("/front-door/overdue/")
    assert response.status_code == 200
    text = main_text(response)
    overdue_part = text[:text.index("Awaiting your sign-off")]
    assert late.reference in overdue_part and "Overdue" in overdue_part
    assert recent.reference not in overdue_part
    assert client_for(world.social_worker).get("/front-door/overdue/").status_code == 403
    assert "Overdue decisions and sign-offs" in main_text(manager.get(QUEUE))
    home = main_text(manager.get(reverse("web:home")))
    assert "Overdue decisions and decisions to sign off" in home
    assert "Referrals waiting at the front door" in home
