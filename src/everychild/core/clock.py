"""The one place Everychild asks what time it is, so tests can move time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """Current time, timezone-aware, in UTC."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in England (Europe/London), which is what deadlines use."""
    return timezone.localdate()


def local_day(moment: dt.datetime) -> dt.date:
    """The day in England on which a moment falls."""
    return timezone.localtime(moment).date()
