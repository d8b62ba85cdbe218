"""One entry with every revision it has had, and the originals attached to it.

Each revision, and each original, is shown only to those who may read it as it was
recorded: a police entry first recorded restricted and later shared shows its earlier,
restricted wording (and the originals kept while it was restricted) to no one outside
the police, children's social care and inspectors. Such a revision still takes its place
in the history, as one the reader may not read, so the history has no unexplained gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core.errors import NotFound
from everychild.people.models import Person

from ..models import Attachment, ChronologyEntry
from ._common import child_with_access, parse_ref
from .visibility import ADD, VIEW, may_read, may_read_entry, sees_every_restricted_entry


@dataclass(frozen=True)
class Revision:
    """One revision as the reader may see it: `entry` is None for one they may not read,
    so nothing of it (words, dates, author) can reach a page."""

    number: int
    entry: ChronologyEntry | None

    @property
    def hidden(self) -> bool:
        return self.entry is None


@dataclass
class EntryHistory:
    child: Person
    current: ChronologyEntry
    revisions: list[Revision]  # newest first; the first is `current`
    attachments: list[Attachment]  # only those the reader may open
    may_correct: bool  # and attach originals: the recording agency's staff only
    via: str = ""  # how the reader reached the child (for the audit entry)


def entry_history(*, actor: StaffLike, ref: object, lineage: object,
                  audit: bool = True) -> EntryHistory:
    """An entry on the child's chronology, with its history as the actor may read it.
    Audited as a view unless `audit` is false (then call `entry_history_audit` if the
    history is shown after all)."""
    child, access = child_with_access(actor=actor, ref=ref, action=VIEW)
    rows = list(ChronologyEntry.objects.filter(
        lineage=parse_ref(lineage, "chronology entry"), child=child)
        .select_related("agency", "recorded_by").order_by("-revision"))
    all_restricted = sees_every_restricted_entry(actor)
    current = rows[0] if rows else None
    if current is None or current.superseded_at is not None or not may_read_entry(
            actor, current, all_restricted=all_restricted):
        raise NotFound("No chronology entry was found")
    may_correct = (current.agency_id == actor.agency_id
                   and policy.allows(actor.role, ADD, relationships=access.relationships))
    revisions = [Revision(r.revision, r if may_read_entry(actor, r, all_restricted=all_restricted)
                          else None) for r in rows]
    attachments = [a for a in Attachment.objects.filter(lineage=current.lineage)
                   .select_related("uploaded_by")
                   if may_read(actor, sharing=a.sharing, agency_id=current.agency_id,
                               all_restricted=all_restricted)]
    history = EntryHistory(child=child, current=current, revisions=revisions,
                           attachments=attachments, may_correct=may_correct, via=access.via)
    if audit:
        entry_history_audit(actor=actor, history=history)
    return history


def entry_history_audit(*, actor: StaffLike, history: EntryHistory) -> None:
    """Record that the actor was shown the entry (a page re-shown after a failed
    correction shows it as much as the first reading did)."""
    audit_record(actor=actor, action=VIEW, target_type="person", target_id=history.child.ref,
                 detail={"via": history.via, "lineage": str(history.current.lineage),
                         "revisions_withheld": sum(r.hidden for r in history.revisions)})


def entry_shown_audit(*, actor: StaffLike, child: Person, entry: ChronologyEntry, via: str,
                      page: str) -> None:
    """Record that a page about the entry (attaching its original, say) showed the
    actor its current wording."""
    audit_record(actor=actor, action=VIEW, target_type="person", target_id=child.ref,
                 detail={"via": via, "lineage": str(entry.lineage), "page": page})


def form_shown_audit(*, actor: StaffLike, child: Person, via: str, action: str) -> None:
    """Record that a form about the child's chronology (which names the child) was shown,
    as the people app's forms record it: a view of the person, for the action."""
    audit_record(actor=actor, action="person.view", target_type="person", target_id=child.ref,
                 detail={"via": via, "for": action})
