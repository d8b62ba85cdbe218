"""Small helpers the rules share: dates, working days, ages, booleans and UPNs.

Working days are England's (Monday to Friday less bank holidays), from core.calendar.

Values arrive as the raw strings in the file. A helper returns None for a value that is
missing or not valid, so that a rule about order or timing stays silent on a malformed
date (the schema check and the format rules report that).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from everychild.core import calendar
from everychild.insight.census.reader import Record

_NO_CLOSURES: frozenset[dt.date] = frozenset()

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=8192)
def parse_date(value: str | None) -> dt.date | None:
    """A date in the schema's format (YYYY-MM-DD), or None."""
    if not value or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def date_of(record: Record, name: str) -> dt.date | None:
    return parse_date(record.values.get(name))


def is_true(value: str | None) -> bool:
    """The schema's yes/no values: true, TRUE or 1."""
    return value in ("true", "TRUE", "1", "True")


def is_false(value: str | None) -> bool:
    return value in ("false", "FALSE", "0", "False")


@lru_cache(maxsize=65536)
def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# Cached: rules ask the same few questions (e.g. "15 working days after this date") for
# many children, and the answers never change.
@lru_cache(maxsize=65536)
def working_days_after(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (England's bank holidays excluded, as the
    DfE counts; an authority's own closure days are not known from the file)."""
    return calendar.add_working_days(start, days, closures=_NO_CLOSURES)


@lru_cache(maxsize=65536)
def working_days_before(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day before `start`."""
    return calendar.add_working_days(start, -days, closures=_NO_CLOSURES)


@lru_cache(maxsize=65536)
def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    return calendar.working_days_between(start, end, closures=_NO_CLOSURES)
