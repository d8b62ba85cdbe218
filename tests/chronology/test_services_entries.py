"""Adding entries and correcting them: the agency is the actor's, bad input and refusals
write nothing, corrections are new revisions with the old ones kept."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.access.models import AuditEvent
from everychild.chronology import services
from everychild.chronology.models import ChronologyEntry
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed

from .builders import days_ago, entry

pytestmark = pytest.mark.django_db


def _add(actor, child, **changes):
    values = {"occurred_on": days_ago(2), "kind": "attendance",
              "summary": "Absent on Monday and Tuesday, no call from home",
              "detail": "Third absence this half term.", "significance": "notable",
              "sharing": "shared", **changes}
    return services.entry_add(actor=actor, child=child, **values)


def test_a_school_adds_its_monitoring_note_as_its_own_agency(world):
    dsl = world.users["designated_safeguarding_lead"]
    added = _add(dsl, world.child)
    assert added.agency == world.school and added.recorded_by == dsl
    assert added.revision == 1 and added.superseded_at is None
    event = AuditEvent.objects.get(action="chronology.add")
    assert event.target_id == str(world.child.ref) and event.actor_id == dsl.pk
    assert event.detail["lineage"] == str(added.lineage)
    assert "Absent" not in str(event.detail)  # the words stay in the chronology


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"occurred_on": None}, "occurred_on", "Enter the date it happened"),
    ({"occurred_on": "tomorrow"}, "occurred_on", "must be today or in the past"),
    ({"summary": "   "}, "summary", "Enter a summary"),
    ({"summary": "x" * 201}, "summary", "200 characters or fewer"),
    ({"detail": "x" * (services.MAX_DETAIL + 1)}, "detail", "characters or fewer"),
    ({"kind": "gossip"}, "kind", "Select the type of entry"),
    ({"significance": "huge"}, "significance", "Select how significant"),
    ({"sharing": "everyone"}, "sharing", "Select who can read"),
])
def test_bad_entries_are_refused_and_nothing_is_written(world, changes, field, message):
    if changes.get("occurred_on") == "tomorrow":
        changes = {"occurred_on": clock.today() + dt.timedelta(days=1)}
    with pytest.raises(ValidationFailed) as refused:
        _add(world.social_worker, world.child, **changes)
    assert message in " ".join(refused.value.errors[field])
    assert not ChronologyEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="chronology.add").exists()


def test_an_agency_not_working_with_the_child_cannot_add(world):
    with pytest.raises(AccessDenied):
        _add(world.users["health_practitioner"], world.child)
    with pytest.raises(AccessDenied):  # inspectors read, never write
        _add(world.users["inspector"], world.child)
    with pytest.raises(NotFound):
        _add(world.social_worker, world.sealed_child)
    assert not ChronologyEntry.objects.exists()


def _correct(actor, original, **changes):
    values = {"lineage": original.lineage, "revision": original.revision,
              "occurred_on": original.occurred_on, "kind": original.kind,
              "summary": "Absent on Monday only", "detail": original.detail,
              "significance": original.significance, "sharing": original.sharing,
              "reason": "Tuesday was recorded in error", **changes}
    return services.entry_correct(actor=actor, **values)


def test_a_correction_is_a_new_revision_and_the_old_one_is_kept(world):
    dsl = world.users["designated_safeguarding_lead"]
    original = _add(dsl, world.child)
    corrected = _correct(dsl, original)
    assert corrected.lineage == original.lineage and corrected.revision == 2
    assert corrected.correction_reason == "Tuesday was recorded in error"
    old = ChronologyEntry.objects.get(pk=original.pk)
    assert old.summary == "Absent on Monday and Tuesday, no call from home"
    assert old.superseded_at is not None
    assert ChronologyEntry.objects.filter(lineage=original.lineage).count() == 2
    event = AuditEvent.objects.get(action="chronology.correct")
    assert event.detail["revision"] == 2 and event.detail["replaces"] == 1


def test_a_stale_correction_is_refused_as_a_conflict(world):
    dsl = world.users["designated_safeguarding_lead"]
    original = _add(dsl, world.child)
    _correct(dsl, original)
    with pytest.raises(Conflict, match="revision 2"):
        _correct(dsl, original, summary="Another wording from an old page")
    assert ChronologyEntry.objects.filter(lineage=original.lineage).count() == 2


def test_only_the_recording_agency_may_correct(world):
    original = _add(world.users["designated_safeguarding_lead"], world.child)
    with pytest.raises(AccessDenied, match="Northbrook Primary School"):
        _correct(world.social_worker, original)
    assert ChronologyEntry.objects.filter(lineage=original.lineage).count() == 1


def test_a_correction_needs_a_reason_and_a_change(world):
    dsl = world.users["designated_safeguarding_lead"]
    original = _add(dsl, world.child)
    with pytest.raises(ValidationFailed) as refused:
        _correct(dsl, original, reason="  ")
    assert refused.value.errors["reason"] == ["Enter why you are correcting this entry"]
    with pytest.raises(ValidationFailed) as unchanged:
        _correct(dsl, original, summary=original.summary)
    assert "not changed anything" in unchanged.value.errors["summary"][0]
    with pytest.raises(ValidationFailed):
        _correct(dsl, original, occurred_on=clock.today() + dt.timedelta(days=3))
    assert ChronologyEntry.objects.filter(lineage=original.lineage).count() == 1


def test_another_agencys_restricted_entry_is_not_found_to_correct(world, police_involved):
    secret = entry(world.child, police_involved, sharing="restricted",
                   summary="Police intelligence")
    with pytest.raises(NotFound):
        _correct(world.users["designated_safeguarding_lead"], secret)
    corrected = _correct(police_involved, secret)
    assert corrected.revision == 2 and corrected.sharing == "restricted"
