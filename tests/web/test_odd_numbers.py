"""Numbers typed or linked as Unicode digits ('²', '٣') or far too long are refused
politely, never with a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import signed_in_client

pytestmark = pytest.mark.django_db

ODD = ["²", "٣", "1" * 40, "-1", "1e3"]


@pytest.mark.parametrize("value", ODD)
def test_audit_log_paging_cursor(world, value):
    client = signed_in_client(world.users["privacy_officer"])
    for name in ("older", "newer", "older_than", "newer_than"):
        assert client.get(reverse("web:audit-events"), {name: value}).status_code < 500


@pytest.mark.parametrize("value", ODD)
def test_api_token_forms(world, value):
    client = signed_in_client(world.social_worker)
    url = reverse("web:api-tokens")
    assert client.post(url, {"action": "create", "name": "sync", "days": value}).status_code < 500
    assert client.post(url, {"action": "revoke", "token": value, "token_id": value}
                       ).status_code < 500


@pytest.mark.parametrize("value", ODD)
def test_involvement_agency_choice(world, value):
    client = signed_in_client(world.social_worker)
    url = reverse("people:involvement-add", args=[world.child.ref])
    assert client.get(url, {"agency": value}).status_code < 500
    assert client.post(url, {"agency": value, "role": "agency", "started-day": "1",
                             "started-month": "1", "started-year": "2025"}).status_code < 500
