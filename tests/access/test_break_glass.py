"""break_glass_open: a stated reason opens a record for reading, for a limited time, with
exactly one grant, one privacy alert and one audit entry; anything else writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.audit import audit_verify
from everychild.access.models import AuditEvent, BreakGlassGrant, PrivacyAlert
from everychild.access.records import MIN_REASON_LENGTH, break_glass_open
from everychild.core.errors import AccessDenied, BreakGlassRequired, NotFound, ValidationFailed
from everychild.people.selectors import person_record
from everychild.people.services import person_update

pytestmark = pytest.mark.django_db

REASON = "Child brought to A&E with injuries; need history before interview"


def written() -> tuple[int, int, int]:
    return (BreakGlassGrant.objects.count(), PrivacyAlert.objects.count(),
            AuditEvent.objects.count())


def open_for(actor, person, reason=REASON):
    return break_glass_open(actor=actor, target_type="person", target_id=str(person.ref),
                            reason=reason, sealed=person.sealed)


@pytest.mark.parametrize("reason", ["", "   ", "because", "  short   ",
                                    "x" * (MIN_REASON_LENGTH - 1)])
def test_a_reason_too_short_is_refused_and_nothing_is_written(world, reason):
    before = written()
    with pytest.raises(ValidationFailed) as caught:
        open_for(world.users["police_investigator"], world.child, reason)
    assert "at least 10 characters" in caught.value.errors["reason"][0]
    assert written() == before


def test_opening_writes_one_grant_one_alert_and_one_audit_entry(world, settings):
    settings.EVERYCHILD_BREAK_GLASS_SECONDS = 900
    police = world.users["police_investigator"]
    before = written()
    last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    grant = open_for(police, world.child, f"  {REASON}  ")

    assert written() == (before[0] + 1, before[1] + 1, before[2] + 1)
    event = AuditEvent.objects.get(seq=last_seq + 1)
    assert (event.action, event.actor_id, event.target_type, event.target_id, event.reason) == (
        "record.break_glass", police.pk, "person", str(world.child.ref), REASON)
    alert = PrivacyAlert.objects.get()
    assert alert.audit_seq == event.seq
    assert (alert.kind, alert.staff_id, alert.target_id, alert.reason) == (
        "break_glass", police.pk, str(world.child.ref), REASON)
    assert alert.reviewed_at is None
    assert grant.reason == REASON
    assert grant.expires_at - grant.granted_at == dt.timedelta(seconds=900)
    assert audit_verify().ok


def test_after_opening_the_record_can_be_read_but_still_not_changed(world):
    police = world.users["police_investigator"]
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=world.child.ref)
    open_for(police, world.child)
    record = person_record(actor=police, ref=world.child.ref)
    assert record.access.via == "break_glass"
    view = AuditEvent.objects.order_by("-seq").first()
    assert view.action == "person.view" and view.detail == {"via": "break_glass"}
    child = record.person
    with pytest.raises(AccessDenied):
        person_update(actor=police, person=child, version=child.version,
                      changes={"given_name": "Vicky"})


def test_once_the_grant_expires_the_reason_must_be_given_again(world, settings):
    settings.EVERYCHILD_BREAK_GLASS_SECONDS = 0
    police = world.users["police_investigator"]
    open_for(police, world.child)
    with pytest.raises(BreakGlassRequired):
        person_record(actor=police, ref=world.child.ref)


def test_a_sealed_record_cannot_be_broken_into_and_nothing_is_written(world):
    before = written()
    with pytest.raises(NotFound):
        open_for(world.users["police_investigator"], world.sealed_child)
    # Not even when the reason is also missing: the sealed record must stay unknowable.
    with pytest.raises(NotFound):
        open_for(world.users["police_investigator"], world.sealed_child, "")
    assert written() == before


@pytest.mark.parametrize("role", ["board_analyst", "administrator", "privacy_officer",
                                  "inspector"])
def test_roles_without_break_glass_are_refused_and_nothing_is_written(world, role):
    before = written()
    with pytest.raises(AccessDenied) as caught:
        open_for(world.users[role], world.unrelated_child)
    assert type(caught.value) is AccessDenied
    assert written() == before
