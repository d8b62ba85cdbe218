"""Sessions end after a spell of inactivity and after an absolute time since sign-in:
pages send the user to sign in with a notice, the API answers 401 problem details."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from everychild.access.middleware import LAST_SEEN_AT, SIGNED_IN_AT

from .helpers import sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(world) -> Client:
    client = Client()
    assert sign_in(client, "sw").status_code == 302  # a real sign-in stamps the session
    assert client.session.get(SIGNED_IN_AT) is not None
    return client


def _age(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_activity_within_the_limits_keeps_the_session(client, settings):
    _age(client, LAST_SEEN_AT, settings.EVERYCHILD_SESSION_IDLE_SECONDS - 60)
    assert client.get("/account/").status_code == 200
    # Each request renews the idle clock.
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_idle_session_sends_the_user_to_sign_in_with_a_notice(client, settings):
    _age(client, LAST_SEEN_AT, settings.EVERYCHILD_SESSION_IDLE_SECONDS + 1)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?timeout=1")
    assert signed_in_user_id(client) is None
    notice = client.get(response["Location"]).content.decode()
    assert "You were signed out" in notice and "30 minutes without activity" in notice
    # Signing in again returns the user to where they were.
    again = sign_in(client, "sw", next="/account/")
    assert again["Location"] == "/account/"


def test_absolute_limit_ends_even_a_busy_session(client, settings):
    _age(client, SIGNED_IN_AT, settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS + 1)
    response = client.get("/")
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert signed_in_user_id(client) is None


def test_small_limits_from_settings_are_obeyed(client, settings):
    settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS = 5
    _age(client, SIGNED_IN_AT, 6)
    assert client.get("/account/").status_code == 302
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("stamp", [LAST_SEEN_AT, SIGNED_IN_AT])
def test_api_answers_401_problem_when_the_session_has_ended(client, settings, stamp):
    limit = (settings.EVERYCHILD_SESSION_IDLE_SECONDS if stamp == LAST_SEEN_AT
             else settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS)
    _age(client, stamp, limit + 1)
    response = client.get("/api/v1/people/", {"q": "osei"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    problem = json.loads(response.content)
    assert problem["status"] == 401 and problem["type"].endswith("/session-expired")
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("key,limit", [(LAST_SEEN_AT, "idle"), (SIGNED_IN_AT, "absolute")])
def test_a_timed_out_session_is_recorded_in_the_audit_log(client, settings, world, key, limit):
    from everychild.access.models import AuditEvent

    seconds = (settings.EVERYCHILD_SESSION_IDLE_SECONDS if key == LAST_SEEN_AT
               else settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS)
    _age(client, key, seconds + 1)
    client.get("/")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "account.session_expired"
    assert event.actor_id == world.social_worker.pk and event.detail == {"limit": limit}
