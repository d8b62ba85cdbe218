"""Checks shared by the service tests: the audit entries a call wrote, and that a refused
call changed nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db.models import Max

from everychild.access.models import AuditEvent
from everychild.core import clock


def last_seq() -> int:
    return AuditEvent.objects.aggregate(m=Max("seq"))["m"] or 0


def one_entry_since(seq: int, action: str) -> AuditEvent:
    entries = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
    assert [e.action for e in entries] == [action]
    return entries[0]


def refused_unchanged(counts: Callable[[], object], exc_type: type[Exception],
                      call: Callable[[], object]) -> Exception:
    """Run a call that must fail, and check the counted rows did not change."""
    before = counts()
    with pytest.raises(exc_type) as caught:
        call()
    assert counts() == before
    return caught.value


def days_from_today(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)
