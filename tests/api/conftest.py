"""API test helpers: clients that authenticate with a real bearer token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from everychild.access.api_auth import api_token_create
from everychild.agencies.models import Staff
from everychild.core.problems import CONTENT_TYPE as PROBLEM

PEOPLE = "/api/v1/people/"


def token_for(user: Staff, days: int = 30) -> str:
    return api_token_create(actor=user, name="tests", days=days)[1]


def token_client(user: Staff) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_for(user)}"})


@pytest.fixture
def api(world) -> Callable[[str], Client]:
    """api("social_worker") → a client using that role's token from the world fixture."""
    clients: dict[str, Client] = {}

    def make(role: str) -> Client:
        if role not in clients:
            clients[role] = token_client(world.users[role])
        return clients[role]

    return make


def assert_problem(response: Any, status: int, slug: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and kind); returns its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"].startswith("https://")
    if slug is not None:
        assert body["type"].endswith("/" + slug), body
    return body


def person_url(ref: object) -> str:
    return f"{PEOPLE}{ref}/"


def household_url(ref: object) -> str:
    return f"/api/v1/households/{ref}/"
