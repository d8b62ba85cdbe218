"""Dates of birth as referrers give them: whole, year and month, year only, or blank."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_UK = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")
EPOCH = dt.date(1900, 1, 1)


class BadDate(ValueError):
    """A date that is neither blank, nor a year, nor a year and month, nor a whole date."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def is_blank(self) -> bool:
        return self.year is None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    @property
    def date(self) -> dt.date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @property
    def ordinal(self) -> int | None:
        """Days since 1900-01-01 for a whole date (what 'within a year' compares)."""
        whole = self.date
        return (whole - EPOCH).days if whole else None

    def transposed(self) -> PartialDate | None:
        """The date with day and month swapped, where that is another real date."""
        if self.day is None or self.month is None or self.day == self.month or self.day > 12:
            return None
        return PartialDate(self.year, self.day, self.month)

    def iso(self) -> str:
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def of(cls, value: dt.date | None) -> PartialDate:
        return cls() if value is None else cls(value.year, value.month, value.day)


BLANK = PartialDate()


@lru_cache(maxsize=100_000)
def parse_partial_date(text: str) -> PartialDate:
    """'2015-03-04', '2015-03', '2015', '' (and '04/03/2015', '03/2015') -> PartialDate.

    Raises BadDate, saying what is wrong, for anything else."""
    value = (text or "").strip()
    if not value:
        return BLANK
    iso = _ISO.fullmatch(value)
    uk = None if iso else _UK.fullmatch(value)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
    elif uk:
        day, month, year = (int(g) if g else None for g in uk.groups())
    else:
        raise BadDate(f"'{value}' is not a date: use 2015-03-04, 2015-03 or 2015, "
                      "or leave it blank")
    assert year is not None
    if not 1900 <= year <= 2100:
        raise BadDate(f"'{value}' has a year outside 1900 to 2100")
    if month is not None and not 1 <= month <= 12:
        raise BadDate(f"'{value}' has no month {month}")
    if day is not None:
        assert month is not None
        try:
            dt.date(year, month, day)
        except ValueError:
            raise BadDate(f"'{value}' is not a real date") from None
    return PartialDate(year, month, day)
