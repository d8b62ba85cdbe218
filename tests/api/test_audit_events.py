"""/api/v1/audit-events/: the audit log, for the privacy officer."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent

from .conftest import PEOPLE, assert_problem, person_url

pytestmark = pytest.mark.django_db

AUDIT = "/api/v1/audit-events/"


def test_privacy_officer_reads_the_log_newest_first(world, api):
    api("social_worker").get(person_url(world.child.ref))
    response = api("privacy_officer").get(AUDIT, {"action": "person.view"})
    assert response.status_code == 200
    body = response.json()
    [event] = body["results"]
    assert event["actor"] == "sw" and event["actor_role"] == "social_worker"
    assert event["target_type"] == "person" and event["target_id"] == str(world.child.ref)
    assert event["channel"] == "api" and event["detail"] == {"via": "relationship"}
    assert body["older_than"] is None and body["newer_than"] is None


def test_reading_the_log_is_itself_recorded(world, api):
    api("privacy_officer").get(AUDIT, {"actor": "sw"})
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.action == "audit.view" and last.detail["actor_username"] == "sw"


def test_the_log_is_read_a_page_at_a_time(world, api):
    client = api("social_worker")
    for _ in range(5):
        client.get(PEOPLE, {"q": "osei"})
    officer = api("privacy_officer")
    first = officer.get(AUDIT, {"action": "person.search", "page_size": 2}).json()
    seqs = [e["seq"] for e in first["results"]]
    assert len(seqs) == 2 and seqs == sorted(seqs, reverse=True)
    second = officer.get(AUDIT, {"action": "person.search", "page_size": 2,
                                 "older_than": first["older_than"]}).json()
    assert [e["seq"] for e in second["results"]] < seqs
    assert second["newer_than"] == second["results"][0]["seq"]
    back = officer.get(AUDIT, {"action": "person.search", "page_size": 2,
                               "newer_than": second["newer_than"]}).json()
    assert [e["seq"] for e in back["results"]] == seqs


def test_the_log_is_refused_to_everyone_else(world, api):
    for role in ("social_worker", "inspector", "administrator"):
        assert_problem(api(role).get(AUDIT), 403, "forbidden")


@pytest.mark.parametrize("params,field", [
    ({"date_from": "last week"}, "date_from"),
    ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
    ({"older_than": "1", "newer_than": "2"}, "newer_than"),
    ({"page_size": "0"}, "page_size"),
    ({"older_than": str(2**64)}, "older_than"),
    ({"who": "sw"}, "who"),
])
def test_bad_filters_are_named(world, api, params, field):
    body = assert_problem(api("privacy_officer").get(AUDIT, params), 400, "validation-failed")
    assert field in body["errors"]
