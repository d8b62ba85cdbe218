"""Closure days as the calendar sees them: read from the database, kept for a minute.

Working-day sums run on every worklist row, so the table (a handful of rows) is read
once and shared. Saving or deleting a `ClosureDay` drops the copy in this process; other
processes (the web server while an administrator uses the command line) pick the change
up within `TTL_SECONDS`. A transaction that changed closure days reads its own view
uncached until it ends, so a rolled-back change never lands in the shared copy.
Bulk `update()`/`delete()` on the table bypass the signals: change it row by row.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

TTL_SECONDS = 60.0
_DIRTY = "everychild_closures_changed"
_cache: tuple[float, frozenset[dt.date]] | None = None


def _read() -> frozenset[dt.date]:
    from .models import ClosureDay

    return frozenset(ClosureDay.objects.values_list("date", flat=True))


def closure_days() -> frozenset[dt.date]:
    global _cache
    conn = connections[DEFAULT_DB_ALIAS]
    if getattr(conn, _DIRTY, False):
        if conn.in_atomic_block:
            return _read()
        # The transaction that made the change is over (committed or rolled back).
        setattr(conn, _DIRTY, False)
        invalidate()
    hit = _cache
    now = time.monotonic()
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    days = _read()
    _cache = (now, days)
    return days


def invalidate() -> None:
    global _cache
    _cache = None


def _changed(*, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    invalidate()
    conn = connections[using]
    if conn.in_atomic_block:
        setattr(conn, _DIRTY, True)

        def committed() -> None:
            setattr(conn, _DIRTY, False)
            invalidate()

        transaction.on_commit(committed, using=using)


def connect_signals() -> None:
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_changed, sender="core.ClosureDay",
                       dispatch_uid=f"everychild_closures_{name}")
