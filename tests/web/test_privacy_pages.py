"""The privacy officer's pages: the audit log and the break-glass alerts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from everychild.access.audit import audit_record
from everychild.access.models import AuditEvent, PrivacyAlert
from everychild.access.records import break_glass_open

pytestmark = pytest.mark.django_db

REASON = "Police called about a welfare concern out of hours"


@pytest.fixture
def officer(world, client_for) -> Client:
    return client_for(world.users["privacy_officer"])


@pytest.fixture
def alert(world) -> PrivacyAlert:
    break_glass_open(actor=world.users["police_investigator"], target_type="person",
                     target_id=str(world.child.ref), reason=REASON, sealed=False)
    return PrivacyAlert.objects.get()


# ------------------------------------------------------------------ who may see them
@pytest.mark.parametrize("role", ["social_worker", "team_manager", "inspector", "administrator"])
def test_other_roles_are_refused(world, client_for, alert, role):
    client = client_for(world.users[role])
    assert client.get("/audit/").status_code == 403
    assert client.get("/privacy/alerts/").status_code == 403
    review = f"/privacy/alerts/{alert.pk}/review/"
    assert client.get(review).status_code == 403
    assert client.post(review, {"note": "fine"}).status_code == 403
    alert.refresh_from_db()
    assert alert.reviewed_at is None
    assert not AuditEvent.objects.filter(action="audit.view").exists()


def test_signed_out_users_are_sent_to_sign_in(alert):
    for path in ("/audit/", "/privacy/alerts/", f"/privacy/alerts/{alert.pk}/review/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_navigation_offers_the_pages_to_the_privacy_officer_only(world, officer, client_for):
    assert "/audit/" in officer.get("/account/").content.decode()
    assert "/audit/" not in client_for(world.social_worker).get("/account/").content.decode()


# ------------------------------------------------------------------ the audit log
def test_audit_log_shows_entries_newest_first_in_utc_and_uk_time(world, officer):
    first = audit_record(actor=world.social_worker, action="person.view", target_type="person",
                         target_id=world.child.ref)
    second = audit_record(actor=world.social_worker, action="person.edit", target_type="person",
                          target_id=world.child.ref, reason="Corrected date of birth")
    response = officer.get("/audit/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(f">{second.seq}<") < body.index(f">{first.seq}<")
    assert first.at.strftime("%Y-%m-%d %H:%M:%S") + " UTC" in body
    assert " UK" in body and "Social worker" in body and "Corrected date of birth" in body
    assert f'href="/people/{world.child.ref}/"' in body
    assert AuditEvent.objects.order_by("-seq").first().action == "audit.view"


def test_audit_log_filters(world, officer):
    audit_record(actor=world.social_worker, action="person.view", target_type="person",
                 target_id=world.child.ref)
    audit_record(actor=world.users["team_manager"], action="person.search")
    body = officer.get("/audit/", {"actor": "tm"}).content.decode()
    assert "<code>person.search</code>" in body and "<code>person.view</code>" not in body
    body = officer.get("/audit/", {"action": "person.", "target": str(world.child.ref)}
                       ).content.decode()
    assert "<code>person.view</code>" in body and "<code>person.search</code>" not in body
    assert "Clear filters" in body


@pytest.mark.parametrize("query,field,message", [
    ({"from": "31/2/2026"}, "from", "must be a real date"),
    ({"to": "yesterday"}, "to", "must be a real date"),
    ({"from": "2/3/2026", "to": "1/3/2026"}, "to", "same as or after"),
])
def test_audit_log_bad_dates_are_explained(world, officer, query, field, message):
    response = officer.get("/audit/", query)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body and f'href="#{field}"' in body
    assert not AuditEvent.objects.filter(action="audit.view").exists()


def test_audit_log_pages_through_older_entries(world, officer):
    made = [audit_record(actor=world.social_worker, action="test.ping").seq for _ in range(55)]
    body = officer.get("/audit/", {"action": "test.ping"}).content.decode()
    assert f">{made[-1]}<" in body and f">{made[4]}<" not in body
    older = re.search(r'href="(\?[^"]*older=\d+[^"]*)"', body).group(1).replace("&amp;", "&")
    assert "action=test.ping" in older  # filters are kept while paging
    body = officer.get("/audit/" + older).content.decode()
    assert f">{made[0]}<" in body and f">{made[-1]}<" not in body
    assert "newer=" in body


def test_audit_log_cursor_nonsense_is_ignored(world, officer):
    assert officer.get("/audit/", {"older": "abc", "newer": "-1"}).status_code == 200


# ------------------------------------------------------------------ alerts
def test_alerts_list_links_to_the_record_and_the_review(world, officer, alert):
    body = officer.get("/privacy/alerts/").content.decode()
    assert REASON in body and "Not reviewed" in body
    assert f'href="/people/{world.child.ref}/"' in body
    assert f'href="/privacy/alerts/{alert.pk}/review/"' in body
    assert world.users["police_investigator"].username in body


def test_reviewing_an_alert(world, officer, alert):
    page = officer.get(f"/privacy/alerts/{alert.pk}/review/")
    assert page.status_code == 200 and REASON in page.content.decode()
    response = officer.post(f"/privacy/alerts/{alert.pk}/review/",
                            {"note": "Checked with the duty sergeant: sound reason."})
    assert response.status_code == 302 and response["Location"] == "/privacy/alerts/"
    alert.refresh_from_db()
    assert alert.reviewed_by == world.users["privacy_officer"]
    assert "There are no alerts waiting for review" in officer.get(
        "/privacy/alerts/").content.decode()
    reviewed = officer.get("/privacy/alerts/", {"show": "reviewed"}).content.decode()
    assert "Checked with the duty sergeant" in reviewed


def test_review_without_a_note_is_refused(world, officer, alert):
    response = officer.post(f"/privacy/alerts/{alert.pk}/review/", {"note": ""})
    assert response.status_code == 400
    assert "Enter a note" in response.content.decode()
    alert.refresh_from_db()
    assert alert.reviewed_at is None


def test_second_review_is_a_conflict_not_an_overwrite(world, officer, alert):
    officer.post(f"/privacy/alerts/{alert.pk}/review/", {"note": "First"})
    response = officer.post(f"/privacy/alerts/{alert.pk}/review/", {"note": "Second"})
    assert response.status_code == 409
    assert "already been reviewed" in response.content.decode()
    alert.refresh_from_db()
    assert alert.review_note == "First"


def test_review_of_a_missing_alert_is_not_found(officer):
    assert officer.get("/privacy/alerts/424242/review/").status_code == 404
    assert officer.post("/privacy/alerts/424242/review/", {"note": "x"}).status_code == 404
