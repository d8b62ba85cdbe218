"""The dates casework accepts at all: from 1900 to ten years ahead.

A four-digit year is not enough: "0001" has four digits, and a referral received in year
one would be kept, counted from and reported. Nothing in a child's casework happened
before 1900, and nothing is arranged more than ten years ahead; both ends are refused
where a date is read (the forms and the API), before any rule about the date is asked.
"""

from __future__ import annotations

import datetime as dt

from everychild.core import clock

EARLIEST = dt.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest() -> dt.date:
    return dt.date(clock.today().year + YEARS_AHEAD, 12, 31)


def out_of_range(value: dt.date, label: str = "The date") -> str:
    """Why the date cannot be right ('' when it can be)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if value < EARLIEST:
        return f"{label} must be in 1900 or later"
    if value > latest():
        return f"{label} must be within the next {YEARS_AHEAD} years"
    return ""
