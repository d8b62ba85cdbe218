"""Adding an agency's entry to a child's chronology, and correcting it.

An entry is never changed in place. A correction is a new row in the same lineage with
the next revision and the reason for it; the row it replaces is marked superseded, so
every earlier wording stays on the record. Only the agency that recorded an entry may
correct it (or attach its original): it is that agency's account of what happened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from everychild.people.models import Person
from everychild.people.selectors import person_access

from ..models import ChronologyEntry, EntryKind, Sharing, Significance
from ..selectors.visibility import ADD, may_read_entry, sees_every_restricted_entry

MAX_SUMMARY = 200
MAX_DETAIL = 20_000
MAX_REASON = 2_000
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class EntryInput:
    occurred_on: dt.date | None
    kind: str
    summary: str
    detail: str
    significance: str
    sharing: str


def _text(value: object) -> str:
    # A NUL cannot be stored in PostgreSQL text; nobody means to type one.
    return str(value or "").replace("\x00", "").strip()


@dataclass(frozen=True)
class _Checked:
    occurred_on: dt.date
    kind: str
    summary: str
    detail: str
    significance: str
    sharing: str


def entry_problems(data: EntryInput) -> dict[str, list[str]]:
    """Everything wrong with an entry, by field (empty when it may be saved). Forms ask
    this too, so a page lists every problem at once, worded as the service words them."""
    errors: dict[str, list[str]] = {}
    summary, detail = _text(data.summary), _text(data.detail)
    if data.occurred_on is None:
        errors["occurred_on"] = ["Enter the date it happened"]
    elif data.occurred_on > clock.today():
        errors["occurred_on"] = ["The date it happened must be today or in the past"]
    elif data.occurred_on < EARLIEST:
        errors["occurred_on"] = ["The date it happened must be after 1 January 1900"]
    if data.kind not in EntryKind.values:
        errors["kind"] = ["Select the type of entry"]
    if not summary:
        errors["summary"] = ["Enter a summary of what happened"]
    elif len(summary) > MAX_SUMMARY:
        errors["summary"] = [f"The summary must be {MAX_SUMMARY} characters or fewer "
                             f"(it has {len(summary)}): put the rest in the details"]
    if len(detail) > MAX_DETAIL:
        errors["detail"] = [f"The details must be {MAX_DETAIL:,} characters or fewer "
                            f"(they have {len(detail):,})"]
    if data.significance not in Significance.values:
        errors["significance"] = ["Select how significant it is"]
    if data.sharing not in Sharing.values:
        errors["sharing"] = ["Select who can read this entry"]
    return errors


def reason_problems(reason: str) -> dict[str, list[str]]:
    reason = _text(reason)
    if not reason:
        return {"reason": ["Enter why you are correcting this entry"]}
    if len(reason) > MAX_REASON:
        return {"reason": [f"The reason must be {MAX_REASON:,} characters or fewer"]}
    return {}


def _checked(data: EntryInput) -> _Checked:
    """The entry as it will be stored, or every problem with it at once."""
    errors = entry_problems(data)
    if errors or data.occurred_on is None:
        raise ValidationFailed(errors=errors)
    return _Checked(data.occurred_on, data.kind, _text(data.summary), _text(data.detail),
                    data.significance, data.sharing)


def _audit_detail(entry: ChronologyEntry) -> dict[str, Any]:
    # Codes and ids only: the words of the entry stay in the chronology, not the log.
    return {"lineage": str(entry.lineage), "revision": entry.revision,
            "agency": entry.agency_id, "kind": entry.kind,
            "significance": entry.significance, "sharing": entry.sharing}


def entry_add(*, actor: StaffLike, child: Person, occurred_on: dt.date | None, kind: str,
              summary: str, detail: str = "", significance: str = Significance.ROUTINE,
              sharing: str = Sharing.SHARED) -> ChronologyEntry:
    """Add the actor's agency's entry to the child's chronology."""
    person_access(actor=actor, person=child, action=ADD)
    if child.merged_into_id is not None:
        raise ValidationFailed(errors={"child": [
            "This record has been merged into another: add the entry to that record"]})
    data = _checked(EntryInput(occurred_on, kind, summary, detail, significance, sharing))
    now = clock.now()
    with transaction.atomic():
        entry = ChronologyEntry.objects.create(
            lineage=uuid.uuid4(), revision=1, child=child, agency_id=actor.agency_id,
            occurred_on=data.occurred_on, kind=data.kind, significance=data.significance,
            sharing=data.sharing, summary=data.summary, detail=data.detail,
            recorded_by_id=actor.pk, recorded_at=now)
        audit_record(actor=actor, action="chronology.add", target_type="person",
                     target_id=child.ref, detail=_audit_detail(entry))
    return entry


def current_entry(*, actor: StaffLike, lineage: object, child: Person | None = None
                  ) -> ChronologyEntry:
    """The current revision of an entry the actor may read and add to (for correcting it
    or attaching its original), or NotFound. Checks `chronology.add` on its child."""
    entry = (ChronologyEntry.objects.select_related("child", "agency")
             .filter(lineage=_uuid(lineage), superseded_at__isnull=True).first())
    if entry is None or (child is not None and entry.child_id != child.pk):
        raise NotFound("No chronology entry was found")
    person_access(actor=actor, person=entry.child, action=ADD)
    if not may_read_entry(actor, entry,
                          all_restricted=sees_every_restricted_entry(actor)):
        raise NotFound("No chronology entry was found")
    if entry.agency_id != actor.agency_id:
        raise AccessDenied(f"Only staff of {entry.agency.name} can change or add to this "
                           "entry: it is their agency's record")
    return entry


def _uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound("No chronology entry was found") from None


def entry_correct(*, actor: StaffLike, lineage: object, revision: int | None,
                  occurred_on: dt.date | None, kind: str, summary: str, detail: str,
                  significance: str, sharing: str, reason: str,
                  child: Person | None = None) -> ChronologyEntry:
    """Correct an entry: a new revision with the reason, the old one kept as superseded.
    `revision` is the one the user read and is correcting; an older one is a conflict."""
    entry = current_entry(actor=actor, lineage=lineage, child=child)
    if revision is None:
        raise ValidationFailed(errors={"revision": [
            "Say which revision of the entry you are correcting"]})
    problems = {**entry_problems(EntryInput(occurred_on, kind, summary, detail,
                                            significance, sharing)),
                **reason_problems(reason)}
    if problems:
        raise ValidationFailed(errors=problems)
    data = _checked(EntryInput(occurred_on, kind, summary, detail, significance, sharing))
    reason = _text(reason)
    now = clock.now()
    try:
        with transaction.atomic():
            current = (ChronologyEntry.objects.select_for_update()
                       .filter(lineage=entry.lineage, superseded_at__isnull=True).first())
            if current is None or current.revision != revision:
                latest = current.revision if current is not None else entry.revision + 1
                raise Conflict(
                    f"Someone else corrected this entry while you were working on it (you "
                    f"had revision {revision}, it is now revision {latest}). Nothing was "
                    "saved: read the entry again and redo your correction.")
            if _unchanged(current, data):
                raise ValidationFailed(errors={"summary": [
                    "You have not changed anything: change the entry, or cancel"]})
            current.superseded_at = now
            current.save(update_fields=["superseded_at"])
            corrected = ChronologyEntry.objects.create(
                lineage=current.lineage, revision=current.revision + 1, child_id=current.child_id,
                agency_id=current.agency_id, occurred_on=data.occurred_on, kind=data.kind,
                significance=data.significance, sharing=data.sharing, summary=data.summary,
                detail=data.detail, recorded_by_id=actor.pk, recorded_at=now,
                correction_reason=reason)
            audit_record(actor=actor, action="chronology.correct", target_type="person",
                         target_id=entry.child.ref,
                         detail={**_audit_detail(corrected), "replaces": current.revision})
    except IntegrityError:
        # Two corrections of the same revision raced past each other's lock (SQLite has
        # no row locks); the unique revision refused the second.
        raise Conflict("Someone else corrected this entry at the same moment. Nothing was "
                       "saved: read the entry again and redo your correction.") from None
    return corrected


def _unchanged(entry: ChronologyEntry, data: _Checked) -> bool:
    return (entry.occurred_on, entry.kind, entry.summary, entry.detail, entry.significance,
            entry.sharing) == (data.occurred_on, data.kind, data.summary, data.detail,
                               data.significance, data.sharing)
