"""What every Annex A list shares: the six months it covers, who the child is as at the
as-of date, and who the case is allocated to.

The lists are built from plain rows (`values()`), a few queries per list joined in
memory, never a query per child. Everything is told as it stood on the as-of date: a date
after it is treated as not yet come, so an export for a past date reads as it would have
then (except the allocation and the child's details, which are kept only as they are now).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import uuid
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from everychild.insight.census.export import derived_la_child_id

from . import codes

Row = dict[str, Any]
# A row as the database gave it (`values()`).
Record = Mapping[str, Any]

# The child's fields every list reads, through whichever relation leads to the child.
PERSON_FIELDS = ("id", "ref", "la_child_id", "sex", "ethnicity", "date_of_birth",
                 "disabilities")
ALLOCATION_FIELDS = ("team__name", "worker__first_name", "worker__last_name",
                     "worker__username")
DAYS_A_YEAR = 365.25


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when shorter:
    six months before 31 August is 28 or 29 February)."""
    years, month0 = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """The six months before the as-of date, both ends included (as-of 16 March: from
    16 September)."""

    as_of: dt.date

    @property
    def start(self) -> dt.date:
        return months_before(self.as_of, 6)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.as_of

    def known(self, day: dt.date | None) -> dt.date | None:
        """The date if it had come by the as-of date, else nothing."""
        return day if day is not None and day <= self.as_of else None

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as instants in England: from the first day's midnight up to (not
        including) the midnight after the as-of date."""
        return midnight(self.start), midnight(self.as_of + dt.timedelta(days=1))


def midnight(day: dt.date) -> dt.datetime:
    """The instant a day begins in England (the authority's time zone)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def person_values(path: str) -> list[str]:
    """The `values()` names of the child's fields through the relation `path`."""
    return [f"{path}__{name}" for name in PERSON_FIELDS]


def _through(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def allocation_values(path: str = "") -> list[str]:
    """The `values()` names of an episode's allocation, `path` leading to the episode
    (none when reading episodes themselves)."""
    return [_through(path, name) for name in ALLOCATION_FIELDS]


def age_on(born: dt.date | None, day: dt.date) -> float | None:
    """Age in years as Ofsted's sample gives it (days / 365.25), cut to one decimal so it
    never reads older than the child is."""
    if born is None or born > day:
        return None
    return math.floor((day - born).days / DAYS_A_YEAR * 10) / 10


def child_id(ref: uuid.UUID, la_child_id: str) -> str:
    """The authority's child ID, or where none is recorded the one the census derives
    from the record, so a child has the same ID in Annex A as in the census."""
    return la_child_id or derived_la_child_id(ref)


def disability(recorded: list[str] | None) -> str:
    """Whether the child has a disability, from their census codes ("NONE": no
    disability); blank when none have been recorded either way."""
    if not recorded:
        return ""
    return codes.lettered_yes_no(any(code != "NONE" for code in recorded))


def child_cells(row: Mapping[str, Any], path: str, period: Period) -> Row:
    """The opening columns from a row read with `person_values(path)`, and whether the
    child has a disability (for the lists that ask)."""
    born = row[f"{path}__date_of_birth"]
    return {
        "child_id": child_id(row[f"{path}__ref"], row[f"{path}__la_child_id"]),
        "gender": codes.label(codes.GENDER, row[f"{path}__sex"]),
        "ethnicity": codes.label(codes.ETHNICITY, row[f"{path}__ethnicity"]),
        "dob": born,
        "age": age_on(born, period.as_of),
        "disability": disability(row[f"{path}__disabilities"]),
    }


def allocation_cells(row: Mapping[str, Any], path: str = "") -> Row:
    """The team and social worker the case is allocated to (as now: the allocation's
    history is not kept)."""
    first = row[_through(path, "worker__first_name")]
    last = row[_through(path, "worker__last_name")]
    worker = " ".join(p for p in (first, last) if p) or row[_through(path, "worker__username")]
    return {"team": row[_through(path, "team__name")] or "", "worker": worker or ""}


def dates_by_child(pairs: Iterable[tuple[int, dt.date]]) -> dict[int, list[dt.date]]:
    """Each child's dates, sorted, for counting how many fall in a window."""
    out: dict[int, list[dt.date]] = {}
    for child, day in pairs:
        out.setdefault(child, []).append(day)
    for days in out.values():
        days.sort()
    return out


def count_in_year_before(days: list[dt.date], day: dt.date) -> int:
    """How many of the sorted `days` fall in the 12 months before `day` (not on it)."""
    return bisect_left(days, day) - bisect_left(days, months_before(day, 12))

