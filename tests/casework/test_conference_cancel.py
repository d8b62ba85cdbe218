"""A case cannot close while a conference is still to meet (closing ends social care's
involvement, and the chair could then neither hold nor cancel it); a conference that is
no longer needed is cancelled, with a reason, and everyone invited is told."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from everychild.access.models import AuditEvent
from everychild.casework.models import Conference, ConferenceStatus
from everychild.casework.services import closure, conference_cancel
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, ValidationFailed
from everychild.outbox.models import Message

from ..api.conftest import assert_problem, token_client
from ..people.pages import main_text, summary
from ..people.service_checks import last_seq, refused_unchanged
from .builders import (
    arrange,
    decide,
    emails_for,
    episode_after_enquiry,
    everyone_attended,
    fresh,
)

pytestmark = pytest.mark.django_db

REASON = "The family has moved to another authority"


def close(world, episode):
    current = fresh(episode)
    return closure.episode_close(actor=world.users["team_manager"], episode=current,
                                 closed_on=clock.today(), reason="RC5", note="",
                                 version=current.version)


def cancel(world, conference, *, actor=None, reason=REASON, version=None):
    current = fresh(conference)
    return conference_cancel.conference_cancel(
        actor=actor or world.social_worker, conference=current, reason=reason,
        version=current.version if version is None else version)


def scheduled(world):
    emails_for(world)
    episode = episode_after_enquiry(world)
    return episode, arrange(world, episode)


def test_a_case_with_a_conference_to_come_cannot_close(world):
    episode, conference = scheduled(world)
    refused = refused_unchanged(Message.objects.count, ValidationFailed,
                                lambda: close(world, episode))
    assert [m for m in refused.errors["episode"] if "cancel it, or hold it" in m]
    assert fresh(episode).closed_on is None
    assert conference.pk in [c.pk for c in Conference.objects.filter(status="scheduled")]


def test_cancelling_tells_the_invitees_and_lets_the_case_close(world):
    episode, conference = scheduled(world)
    invited = {i.email for i in conference.invitees.all() if i.email}
    seq = last_seq()
    done = cancel(world, conference)
    assert (done.status, done.cancel_reason) == (ConferenceStatus.CANCELLED, REASON)
    assert done.cancelled_at is not None
    told = Message.objects.filter(key__startswith=f"conference-cancelled:{conference.pk}:")
    assert {m.to for m in told} == invited and invited
    for message in told:
        assert "cancelled" in message.body
        assert "Amelia" not in message.subject + message.body
        assert "Osei" not in message.subject + message.body
    entry = AuditEvent.objects.get(seq__gt=seq, action="conference.cancel")
    assert (entry.target_id, entry.reason) == (str(world.child.ref), REASON)
    assert close(world, episode).closed_on == clock.today()


def test_cancelling_is_refused_without_a_reason_a_right_or_a_current_version(world):
    _, conference = scheduled(world)
    unchanged = Message.objects.count
    refused = refused_unchanged(unchanged, ValidationFailed,
                                lambda: cancel(world, conference, reason="  "))
    assert refused.errors == {"reason": ["Say why the conference is cancelled"]}
    refused_unchanged(unchanged, AccessDenied, lambda: cancel(
        world, conference, actor=world.users["designated_safeguarding_lead"]))
    refused_unchanged(unchanged, Conflict, lambda: cancel(world, conference, version=99))
    assert fresh(conference).status == ConferenceStatus.SCHEDULED
    # The chair may call it off too; a conference that has met cannot be.
    cancel(world, conference, actor=world.users["conference_chair"])
    with pytest.raises(ValidationFailed):
        cancel(world, conference)


def test_a_conference_held_with_its_minutes_unsent_also_stops_closure(world):
    episode = episode_after_enquiry(world)
    conference = arrange(world, episode)
    everyone_attended(world, conference)
    decide(world, conference, decision="no_plan", category="")
    with pytest.raises(ValidationFailed) as refused:
        close(world, episode)
    assert [m for m in refused.value.errors["episode"] if "have not been sent" in m]
    with pytest.raises(ValidationFailed):  # held: too late to cancel
        cancel(world, conference)


def test_cancelling_from_the_conference_page(world):
    _, conference = scheduled(world)
    client = Client()
    client.force_login(world.social_worker)
    page_url = reverse("casework:conference", kwargs={"ref": world.child.ref,
                                                      "conference_id": conference.pk})
    url = reverse("casework:conference-cancel", kwargs={"ref": world.child.ref,
                                                        "conference_id": conference.pk})
    assert url in client.get(page_url).content.decode()
    form = client.get(url)
    assert form.status_code == 200 and "Why is the conference cancelled?" in main_text(form)
    refused = client.post(url, {"version": str(conference.version), "reason": ""})
    assert summary(refused) == ["Say why the conference is cancelled"]
    done = client.post(url, {"version": str(conference.version), "reason": REASON})
    assert done.status_code == 302
    assert fresh(conference).status == ConferenceStatus.CANCELLED
    assert REASON in main_text(client.get(page_url))
    school = Client()
    school.force_login(world.users["designated_safeguarding_lead"])
    assert school.get(url).status_code == 403


def test_cancelling_through_the_api(world):
    _, conference = scheduled(world)
    api = token_client(world.social_worker)
    url = f"/api/v1/people/{world.child.ref}/case/conferences/{conference.pk}/cancel/"

    def post(body, **headers):
        return api.post(url, data=json.dumps(body), content_type="application/json",
                        **headers)

    body = assert_problem(post({"reason": "", "version": conference.version}), 400)
    assert "reason" in body["errors"]
    assert_problem(post({"reason": REASON, "version": conference.version + 1}), 409)
    done = post({"reason": REASON}, HTTP_IF_MATCH=f'"{conference.version}"')
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["cancel_reason"]) == ("cancelled", REASON)
    assert_problem(token_client(world.users["designated_safeguarding_lead"]).post(
        url, data=json.dumps({"reason": REASON, "version": 2}),
        content_type="application/json"), 403)
