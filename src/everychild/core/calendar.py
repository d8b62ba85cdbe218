"""The working-day calendar for England and Wales.

A working day is Monday to Friday, not a bank holiday in England and Wales (from the
`holidays` package, including substitute days and one-off holidays such as the 2022
State Funeral), and not a closure day an administrator has entered (`ClosureDay`).

Counting rules, chosen so that statutory phrases read straight across:

- `add_working_days(d, n)` for n > 0 is "the n-th working day after d"; d itself never
  counts, whether or not it is a working day. n < 0 counts back the same way. n == 0
  means "d, or the next working day if d is not one": a date rolled forward onto the
  calendar, never moved back.
- `working_days_between(start, end)` counts the working days in (start, end]: after
  start, up to and including end; negative when end is before start. So for n >= 1
  (and for n == 0 from a working day) `working_days_between(d, add_working_days(d, n))`
  is n.
- `working_day_deadline(received, n)` is the last instant of the n-th working day after
  the day of receipt, in London time. A referral received on Friday evening before a
  bank-holiday Monday with one working day allowed is due at the end of Tuesday; one
  received on a Saturday is due at the end of Monday.

Every function takes `closures`, the extra closure days. Without it the closure days
come from the database through `everychild.core.closures` (cached, and refreshed when
a closure day is saved or deleted); tests and pure callers pass a set and need no
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# England and Wales share one set of bank holidays; the package files them under ENG.
LONDON = ZoneInfo("Europe/London")
_SUBDIVISION = "ENG"
_ONE_DAY = dt.timedelta(days=1)
# A guard against a caller passing a count in the wrong unit: no statutory timescale is
# anywhere near this many working days (about forty years).
MAX_WORKING_DAYS = 10_000


@lru_cache(maxsize=256)
def _year(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=_SUBDIVISION, years=year))


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """Bank holidays in England and Wales in one year (substitute days included)."""
    return frozenset(_year(year))


def bank_holiday_name(d: dt.date) -> str | None:
    """What the bank holiday on `d` is called, or None if it is not one."""
    return _year(d.year).get(d)


def _closures(closures: Collection[dt.date] | None) -> Collection[dt.date]:
    if closures is not None:
        return closures
    from .closures import closure_days  # the database, only when the caller gave none

    return closure_days()


def _working(d: dt.date, closures: Collection[dt.date]) -> bool:
    return d.weekday() < 5 and d not in bank_holidays(d.year) and d not in closures


def is_working_day(d: dt.date, *, closures: Collection[dt.date] | None = None) -> bool:
    return _working(_as_date(d), _closures(closures))


def next_working_day(d: dt.date, *, closures: Collection[dt.date] | None = None) -> dt.date:
    """The first working day after `d` (never `d` itself)."""
    return add_working_days(d, 1, closures=closures)


def add_working_days(
    d: dt.date, n: int, *, closures: Collection[dt.date] | None = None
) -> dt.date:
    """The n-th working day after `d` (before it if n < 0); for n == 0, `d` if it is a
    working day, else the next working day."""
    d = _as_date(d)
    _check_count(n)
    closed = _closures(closures)
    if n == 0:
        while not _working(d, closed):
            d += _ONE_DAY
        return d
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if _working(d, closed):
            remaining -= 1
    return d


def working_days_between(
    start: dt.date, end: dt.date, *, closures: Collection[dt.date] | None = None
) -> int:
    """Working days after `start` up to and including `end`; negative if `end` is earlier
    (then it counts the working days after `end` up to and including `start`)."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start, closures=closures)
    closed = _closures(closures)
    # Whole weeks hold five weekdays each; only the remainder and the holidays need a look.
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    d = start + dt.timedelta(weeks=weeks)
    for _ in range(rest):
        d += _ONE_DAY
        if d.weekday() < 5:
            count += 1
    off: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        off.update(bank_holidays(year))
    off.update(closed)
    count -= sum(1 for h in off if start < h <= end and h.weekday() < 5)
    return count


def working_day_deadline(
    received: dt.datetime, n: int, *, closures: Collection[dt.date] | None = None
) -> dt.datetime:
    """The end (23:59:59.999999, London time) of the n-th working day after the day on
    which `received` falls in London. `received` must carry a time zone."""
    if received.tzinfo is None or received.utcoffset() is None:
        raise ValueError("working_day_deadline needs a timezone-aware time of receipt")
    day = received.astimezone(LONDON).date()
    due = add_working_days(day, n, closures=closures)
    # 23:59 exists exactly once on every London day (the clocks change in the small hours).
    return dt.datetime.combine(due, dt.time.max, tzinfo=LONDON)


def _as_date(d: dt.date) -> dt.date:
    # A datetime is a date too; counting from one silently would mix up London and UTC.
    if isinstance(d, dt.datetime):
        raise TypeError("pass a date; for a moment in time use working_day_deadline")
    return d


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("the number of working days must be a whole number")
    if abs(n) > MAX_WORKING_DAYS:
        raise ValueError(f"{n} working days is beyond any timescale Everychild keeps")
