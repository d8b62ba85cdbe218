"""Break-glass alerts: listing them, reviewing each once with a note, and sealing."""

from __future__ import annotations

import dataclasses

import pytest

from everychild.access import policy
from everychild.access.models import AuditEvent, PrivacyAlert
from everychild.access.records import break_glass_open
from everychild.access.selectors import privacy_alert_get, privacy_alert_list
from everychild.access.services import privacy_alert_review
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db

REASON = "Police called about a welfare concern out of hours"


def _break_glass(world, person, user="police_investigator") -> PrivacyAlert:
    break_glass_open(actor=world.users[user], target_type="person", target_id=str(person.ref),
                     reason=REASON, sealed=person.sealed)
    return PrivacyAlert.objects.order_by("-pk").first()


@pytest.fixture
def alert(world) -> PrivacyAlert:
    return _break_glass(world, world.child)


def test_break_glass_alert_is_listed_for_the_privacy_officer(world, alert):
    alerts = privacy_alert_list(actor=world.users["privacy_officer"])
    assert [a.pk for a in alerts] == [alert.pk]
    assert alerts[0].staff == world.users["police_investigator"]
    assert alerts[0].reason == REASON and alerts[0].target_id == str(world.child.ref)
    assert AuditEvent.objects.order_by("-seq").first().action == "privacy_alert.view"


def test_other_roles_cannot_list_or_review_alerts(world, alert):
    for role in ("social_worker", "police_investigator", "inspector"):
        with pytest.raises(AccessDenied):
            privacy_alert_list(actor=world.users[role])
        with pytest.raises(AccessDenied):
            privacy_alert_review(actor=world.users[role], alert_id=alert.pk, note="fine")
    alert.refresh_from_db()
    assert alert.reviewed_at is None


def test_reviewing_records_who_when_and_the_note(world, alert):
    officer = world.users["privacy_officer"]
    reviewed = privacy_alert_review(actor=officer, alert_id=alert.pk,
                                    note="  Confirmed with the duty inspector.  ")
    assert reviewed.reviewed_by == officer and reviewed.reviewed_at is not None
    assert reviewed.review_note == "Confirmed with the duty inspector."
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "privacy_alert.review" and event.actor_id == officer.pk
    assert event.target_id == str(world.child.ref) and event.detail["alert"] == alert.pk
    assert privacy_alert_list(actor=officer) == []  # no longer waiting
    assert [a.pk for a in privacy_alert_list(actor=officer, status="reviewed")] == [alert.pk]
    assert [a.pk for a in privacy_alert_list(actor=officer, status="all")] == [alert.pk]


def test_a_review_needs_a_note(world, alert):
    with pytest.raises(ValidationFailed) as refused:
        privacy_alert_review(actor=world.users["privacy_officer"], alert_id=alert.pk, note="  ")
    assert "Enter a note" in refused.value.errors["note"][0]
    alert.refresh_from_db()
    assert alert.reviewed_at is None
    assert not AuditEvent.objects.filter(action="privacy_alert.review").exists()


def test_an_alert_is_reviewed_once_and_never_overwritten(world, alert):
    officer = world.users["privacy_officer"]
    privacy_alert_review(actor=officer, alert_id=alert.pk, note="First look")
    with pytest.raises(Conflict, match="already been reviewed"):
        privacy_alert_review(actor=officer, alert_id=alert.pk, note="Second look")
    alert.refresh_from_db()
    assert alert.review_note == "First look"
    assert AuditEvent.objects.filter(action="privacy_alert.review").count() == 1


def test_unknown_alert_is_not_found(world):
    with pytest.raises(NotFound):
        privacy_alert_review(actor=world.users["privacy_officer"], alert_id=999999, note="x")


def test_alert_about_a_record_sealed_later_is_hidden_without_the_grant(world, monkeypatch):
    alert = _break_glass(world, world.unrelated_child)
    world.unrelated_child.sealed = True
    world.unrelated_child.save()
    officer = world.users["privacy_officer"]
    assert [a.pk for a in privacy_alert_list(actor=officer)] == [alert.pk]

    real = policy.policy()
    spec = real.actions["audit.view"]
    review = real.actions["audit.review"]
    changed = dataclasses.replace(real, actions={
        **real.actions,
        "audit.view": dataclasses.replace(spec, scopes={**spec.scopes,
                                                        "inspector": policy.Scope.ALL}),
        "audit.review": dataclasses.replace(review, scopes={**review.scopes,
                                                            "inspector": policy.Scope.ALL}),
    })
    monkeypatch.setattr(policy, "policy", lambda: changed)
    inspector = world.users["inspector"]
    assert privacy_alert_list(actor=inspector, status="all") == []
    with pytest.raises(NotFound):
        privacy_alert_get(actor=inspector, alert_id=alert.pk)
    with pytest.raises(NotFound):
        privacy_alert_review(actor=inspector, alert_id=alert.pk, note="Looks fine")
