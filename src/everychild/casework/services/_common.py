"""Steps every casework service shares: locking a versioned row, saving with a new
version, and finding the child's open episode."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from everychild.core import clock
from everychild.core.errors import Conflict, ValidationFailed

M = TypeVar("M", bound=models.Model)


def locked(row: M, *, version: int | None, what: str) -> M:
    """The row re-read under a row lock; a stale version is a conflict, never a lost
    update (two workers editing the same record at once)."""
    if version is None:
        raise ValidationFailed(errors={"version": [f"Say which version of the {what} you are "
                                                   "changing"]})
    current = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if current.version != version:  # type: ignore[attr-defined]
        raise Conflict(f"Someone else changed this {what} while you were working on it (you "
                       f"had version {version}, it is now version "
                       f"{current.version}). Nothing was saved: look at it again and redo "  # type: ignore[attr-defined]
                       "your change.")
    return current


def bump(row: models.Model, **fields: Any) -> None:
    """Save the named fields with a new version and a fresh `updated_at`."""
    for name, value in fields.items():
        setattr(row, name, value)
    row.version += 1  # type: ignore[attr-defined]
    row.updated_at = clock.now()  # type: ignore[attr-defined]
    row.save(update_fields=[*fields, "version", "updated_at"])
