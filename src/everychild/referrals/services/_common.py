"""Shared steps of the front-door services: locking a referral and checking its version."""

from __future__ import annotations

from typing import Any

from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import Conflict, ValidationFailed

from ..models import Referral


def locked(referral: Referral, *, version: int | None, what: str = "referral") -> Referral:
    """The referral re-read under a row lock; a stale version is a conflict, not a lost
    update (two workers triaging the same referral at once)."""
    if version is None:
        raise ValidationFailed(errors={"version": [f"Say which version of the {what} you are "
                                                   "changing"]})
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.version != version:
        raise Conflict(f"Someone else changed this {what} while you were working on it (you "
                       f"had version {version}, it is now version {current.version}). Nothing "
                       "was saved: look at the referral again and redo your change.")
    return current


def bump(referral: Referral, **fields: Any) -> None:
    """Save the named fields with a new version."""
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.version += 1
    referral.updated_at = clock.now()
    referral.save(update_fields=[*fields, "version", "updated_at"])


def require_status(referral: Referral, allowed: tuple[str, ...], message: str) -> None:
    if referral.status not in allowed:
        raise ValidationFailed(errors={"status": [message]})


def staff_name(actor: StaffLike) -> str:
    full = getattr(actor, "get_full_name", None)
    return (full() if callable(full) else "") or actor.username
