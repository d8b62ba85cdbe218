"""Casework reads dates only from 1900 to ten years ahead: a four-digit year such as 0001
is not a date anyone meant, and neither is one centuries away. Refused as a problem on the
field (API) or a message on the date's year (pages), with nothing written."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from everychild.casework.models import Episode
from everychild.core import clock

from ..casework.builders import cp_plan, episode_after_enquiry
from ..people.pages import date_fields, summary
from .conftest import assert_problem, token_client

pytestmark = pytest.mark.django_db


def post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_referral_in_year_one_is_refused(world):
    api = token_client(world.social_worker)
    refused = post(api, f"/api/v1/people/{world.child.ref}/case/episodes/",
                   {"referral_date": "0001-01-02"})
    body = assert_problem(refused, 400)
    assert body["errors"]["referral_date"] == ["The date must be in 1900 or later"]
    assert not Episode.objects.exists()
    assert post(api, f"/api/v1/people/{world.child.ref}/case/episodes/",
                {"referral_date": "1900-01-01"}).status_code == 201


def test_dates_far_ahead_are_refused(world):
    plan = cp_plan(world)
    api = token_client(world.social_worker)
    far = f"{clock.today().year + 11}-01-01"
    refused = post(api, f"/api/v1/people/{world.child.ref}/case/plans/{plan.pk}/actions/", {
        "description": "Attend every appointment at the clinic", "owner_agency": world.gp.pk,
        "due_on": far})
    body = assert_problem(refused, 400)
    assert body["errors"]["due_on"] == ["The date must be within the next 10 years"]
    review = post(api, f"/api/v1/people/{world.child.ref}/case/plans/{plan.pk}/reviews/", {
        "scheduled_for": "9999-12-31T10:00:00+00:00"})
    assert "scheduled_for" in assert_problem(review, 400)["errors"]


def test_the_pages_refuse_year_one_on_the_year(world):
    episode_after_enquiry(world, completed=False)
    client = Client()
    client.force_login(world.social_worker)
    url = reverse("casework:episode-close", kwargs={
        "ref": world.child.ref, "episode_id": Episode.objects.get().pk})
    refused = client.post(url, {**date_fields("closed_on", "2", "1", "0001"), "reason": "RC7",
                                "version": "1"})
    assert summary(refused) == ["The closure date must be in 1900 or later"]
    assert Episode.objects.get().closed_on is None
