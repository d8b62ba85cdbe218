"""Writing and verifying the hash-chained audit log.

`audit_record` must be called inside the transaction that does the work it records, so
that the two commit or roll back together. It locks the head row, which serialises
appends and keeps the chain linear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction

from everychild.core import clock, request_context

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


class Actor(Protocol):
    pk: Any
    username: str
    role: str


def _digest(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_username": event.actor_username,
        "actor_role": event.actor_role,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "source_address": event.source_address,
        "channel": event.channel,
        "reason": event.reason,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }


def _stable_json(detail: dict[str, Any]) -> Any:
    """The detail as it will read back from any database: dates and other objects become
    strings, and so do floats, whose stored form varies (PostgreSQL's JSONB returns 1e20
    as an integer), which would make an untouched entry look altered."""
    return json.loads(json.dumps(detail, default=str, allow_nan=False), parse_float=str)


def event_hash(event: AuditEvent) -> str:
    return _digest(_hashed_fields(event))


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target_type: str = "",
    target_id: object = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to the audit log in the current transaction."""
    meta = request_context.current()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            # Stored in UTC to the microsecond; the hash uses the same ISO form that is read
            # back, so the time is put in UTC first whatever zone the clock reports it in.
            at=clock.now().astimezone(dt.UTC),
            actor_id=actor.pk if actor is not None else None,
            actor_username=actor.username if actor is not None else "",
            actor_role=getattr(actor, "role", "") if actor is not None else "",
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            source_address=meta.source_address,
            channel=meta.channel,
            reason=reason,
            detail=_stable_json(detail or {}),
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    problem: str = ""
    first_bad_seq: int | None = None


def _events(batch: int = 5000) -> Iterator[AuditEvent]:
    """Every entry in order, including any wrongly numbered below 1."""
    last: int | None = None
    while True:
        entries = AuditEvent.objects.order_by("seq")
        if last is not None:
            entries = entries.filter(seq__gt=last)
        page = list(entries[:batch])
        if not page:
            return
        yield from page
        last = page[-1].seq


def audit_verify() -> Verification:
    """Walk the chain from the start; report the first tampered or missing entry."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for event in _events():
        if event.seq < expected_seq:
            return Verification(False, checked, f"entry {event.seq} is out of place: the log "
                                "starts at 1 (an entry was inserted)", event.seq)
        if event.seq != expected_seq:
            return Verification(False, checked, f"entry {expected_seq} is missing "
                                f"(the log jumps from {expected_seq - 1} to {event.seq})",
                                expected_seq)
        if event.prev_hash != prev_hash:
            return Verification(False, checked, f"entry {event.seq} does not follow entry "
                                f"{event.seq - 1}: an entry was altered, removed or inserted",
                                event.seq)
        if event_hash(event) != event.hash:
            return Verification(False, checked, f"entry {event.seq} has been altered "
                                "(its contents no longer match its hash)", event.seq)
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != checked or head_hash != prev_hash:
        if head_seq > checked:
            return Verification(False, checked, f"entries {checked + 1} to {head_seq} are "
                                "missing from the end of the log", checked + 1)
        return Verification(False, checked, "the log's head record does not match its last "
                            "entry", checked)
    return Verification(True, checked)


def audit_list_read(*, actor: Actor, action: str, detail: dict[str, Any],
                    people: Iterable[tuple[Any, bool]],
                    sealed_detail: dict[str, Any] | None = None) -> None:
    """Record the reading of a list of children: `people` is each (ref, sealed) shown, in
    order. The entry names them (so "who has looked at this child?" can be answered); a
    sealed child gets an entry of their own instead, which the audit log hides like any
    about a sealed record, so the list's entry stays readable by those without the grant."""
    named = list(dict.fromkeys(people))
    audit_record(actor=actor, action=action, detail={
        **detail, "people": [str(ref) for ref, sealed in named if not sealed]})
    for ref, sealed in named:
        if sealed:
            audit_record(actor=actor, action=action, target_type="person", target_id=ref,
                         detail=sealed_detail or {})
