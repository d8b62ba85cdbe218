"""The chronology's API: reading a page with filters, adding an entry and correcting it,
with refusals as RFC 9457 problems."""

from __future__ import annotations

import json

import pytest

from everychild.chronology.models import ChronologyEntry

from ..api.conftest import assert_problem, token_client
from .builders import days_ago, entry, pathway

pytestmark = pytest.mark.django_db


def url(child, tail: str = "") -> str:
    return f"/api/v1/people/{child.ref}/chronology/{tail}"


def post(client, address, body):
    return client.post(address, data=json.dumps(body), content_type="application/json")


def test_reading_a_page_of_the_chronology(world):
    pathway(world)
    for n in range(5):
        entry(world.child, world.users["designated_safeguarding_lead"], on=days_ago(n + 1),
              kind="attendance", summary=f"Absent {n}")
    client = token_client(world.social_worker)
    response = client.get(url(world.child), {"type": "attendance,visit", "page_size": 3})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["pages"], body["page"], body["page_size"]) == (7, 3, 1, 3)
    first = body["results"][0]
    assert first["summary"] == "Absent 0" and first["source"] == "entry"
    assert first["agency"] == {"id": world.school.pk, "name": world.school.name}
    assert first["entry"]["revision"] == 1 and first["person"] == str(world.child.ref)
    repeated = client.get(url(world.child) + "?type=visit&type=attendance&order=oldest")
    results = repeated.json()["results"]
    assert [r["date"] for r in results] == sorted(r["date"] for r in results)
    visit = next(r for r in results if r["type"] == "visit")
    assert visit["entry"] is None and visit["source"] == "pathway"


def test_bad_filters_are_refused(world):
    client = token_client(world.social_worker)
    body = assert_problem(client.get(url(world.child), {"type": "gossip"}), 400)
    assert "type" in body["errors"]
    assert_problem(client.get(url(world.child), {"page_size": 10_000}), 400)
    assert_problem(client.get(url(world.child), {"agency": "x"}), 400)
    assert_problem(client.get(url(world.child), {"colour": "red"}), 400)


def test_adding_and_correcting_through_the_api(world):
    client = token_client(world.users["designated_safeguarding_lead"])
    added = post(client, url(world.child), {
        "occurred_on": days_ago(1).isoformat(), "kind": "attendance",
        "summary": "Late every day this week", "significance": "notable"})
    assert added.status_code == 201, added.content
    entry_body = added.json()
    assert entry_body["agency"]["id"] == world.school.pk and entry_body["revision"] == 1
    correction = {"lineage": entry_body["lineage"], "revision": 1,
                  "occurred_on": days_ago(2).isoformat(), "kind": "attendance",
                  "summary": "Late every day last week", "significance": "notable",
                  "sharing": "shared", "reason": "It was last week"}
    corrected = post(client, url(world.child, "corrections/"), correction)
    assert corrected.status_code == 201 and corrected.json()["revision"] == 2
    assert_problem(post(client, url(world.child, "corrections/"), correction), 409,
                   "edit-conflict")
    assert ChronologyEntry.objects.filter(lineage=entry_body["lineage"]).count() == 2
    other = token_client(world.social_worker)
    assert_problem(post(other, url(world.child, "corrections/"),
                        {**correction, "revision": 2, "summary": "Social care's wording"}),
                   403)


def test_refusals_of_entries(world):
    client = token_client(world.users["designated_safeguarding_lead"])
    future = post(client, url(world.child), {"occurred_on": "2999-01-01", "kind": "note",
                                             "summary": "From the future"})
    assert "occurred_on" in assert_problem(future, 400)["errors"]
    assert_problem(post(client, url(world.child), {"kind": "note", "summary": "x",
                                                   "occurred_on": "2024-01-01",
                                                   "agency": 1}), 400)
    assert_problem(post(token_client(world.users["inspector"]), url(world.child),
                        {"kind": "note", "summary": "x", "occurred_on": "2024-01-01"}), 403)
    assert_problem(token_client(world.social_worker).get(url(world.sealed_child)), 404)
    assert not ChronologyEntry.objects.exists()
