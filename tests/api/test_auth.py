"""Who the API lets in: bearer tokens (valid, revoked, expired, malformed) and sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from everychild.access.api_auth import api_token_create, api_token_revoke
from everychild.core import clock

from ..conftest import signed_in_client
from .conftest import PEOPLE, assert_problem, person_url, token_for

pytestmark = pytest.mark.django_db

NEW_ADULT = {"kind": "adult", "family_name": "Osei"}


def _bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def _refused(response) -> dict:
    body = assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="everychild"'
    return body


def test_a_valid_token_lets_its_owner_in_as_themselves(world):
    client = _bearer(token_for(world.social_worker))
    assert client.get(person_url(world.child.ref)).status_code == 200
    # Unsafe methods need no CSRF token with a bearer token.
    created = Client(enforce_csrf_checks=True,
                     headers={"Authorization": f"Bearer {token_for(world.social_worker)}"}
                     ).post(PEOPLE, NEW_ADULT, content_type="application/json")
    assert created.status_code == 201


@pytest.mark.parametrize("url", [PEOPLE + "?q=osei", "/api/v1/audit-events/"])
def test_no_credentials_is_401_with_a_challenge(world, url):
    _refused(Client().get(url))


def test_no_credentials_on_a_record_says_nothing_about_it(world):
    for ref in (world.child.ref, world.sealed_child.ref):
        response = Client().get(person_url(ref))
        _refused(response)
        assert b"Amelia" not in response.content and b"Sealed" not in response.content


def test_a_revoked_token_is_refused(world):
    record, token = api_token_create(actor=world.social_worker, name="laptop")
    client = _bearer(token)
    assert client.get(PEOPLE, {"q": "osei"}).status_code == 200
    api_token_revoke(actor=world.social_worker, token_id=record.pk)
    _refused(client.get(PEOPLE, {"q": "osei"}))


def test_an_expired_token_is_refused(world, monkeypatch):
    token = token_for(world.social_worker, days=1)
    client = _bearer(token)
    assert client.get(PEOPLE, {"q": "osei"}).status_code == 200
    later = clock.now() + dt.timedelta(days=1, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    _refused(client.get(PEOPLE, {"q": "osei"}))


def test_a_token_of_a_user_who_has_left_is_refused(world):
    client = _bearer(token_for(world.social_worker))
    world.social_worker.is_active = False
    world.social_worker.save()
    _refused(client.get(PEOPLE, {"q": "osei"}))


@pytest.mark.parametrize("header", [
    "Bearer ec_not-a-real-token", "Bearer", "Bearer a b", "Token ec_nothing",
    "Basic dXNlcjpwYXNz", "   ", "Bearer \u00e9\u00e8",
])
def test_bad_or_foreign_credentials_are_refused(world, header):
    _refused(Client(headers={"Authorization": header}).get(PEOPLE, {"q": "osei"}))


def test_a_signed_in_session_works_and_needs_csrf_for_changes(world):
    client = signed_in_client(world.social_worker)
    assert client.get(person_url(world.child.ref)).status_code == 200
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.social_worker)
    response = strict.post(PEOPLE, NEW_ADULT, content_type="application/json")
    body = assert_problem(response, 403, "forbidden")
    assert "CSRF" in body["detail"]


def test_a_session_role_refused_at_the_gate_gets_a_problem(world):
    client = signed_in_client(world.users["board_analyst"])
    response = client.get(person_url(world.child.ref))
    assert_problem(response, 403, "forbidden")
    assert b"Amelia" not in response.content
