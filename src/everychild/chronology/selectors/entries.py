"""One entry with every revision it has had, and the originals attached to it."""

from __future__ import annotations

from dataclasses import dataclass

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core.errors import NotFound
from everychild.people.models import Person

from ..models import Attachment, ChronologyEntry
from ._common import child_with_access, parse_ref
from .visibility import ADD, VIEW, may_read_entry, sees_every_restricted_entry


@dataclass
class EntryHistory:
    child: Person
    current: ChronologyEntry
    revisions: list[ChronologyEntry]  # newest first; the first is `current`
    attachments: list[Attachment]
    may_correct: bool  # and attach originals: the recording agency's staff only


def entry_history(*, actor: StaffLike, ref: object, lineage: object,
                  audit: bool = True) -> EntryHistory:
    """An entry on the child's chronology, with its history. Audited as a view."""
    child, access = child_with_access(actor=actor, ref=ref, action=VIEW)
    revisions = list(ChronologyEntry.objects.filter(
        lineage=parse_ref(lineage, "chronology entry"), child=child)
        .select_related("agency", "recorded_by").order_by("-revision"))
    current = revisions[0] if revisions else None
    if current is None or current.superseded_at is not None or not may_read_entry(
            actor, current, all_restricted=sees_every_restricted_entry(actor)):
        raise NotFound("No chronology entry was found")
    may_correct = (current.agency_id == actor.agency_id
                   and policy.allows(actor.role, ADD, relationships=access.relationships))
    if audit:
        audit_record(actor=actor, action=VIEW, target_type="person", target_id=child.ref,
                     detail={"via": access.via, "lineage": str(current.lineage)})
    return EntryHistory(
        child=child, current=current, revisions=revisions,
        attachments=list(Attachment.objects.filter(lineage=current.lineage)
                         .select_related("uploaded_by")),
        may_correct=may_correct)
