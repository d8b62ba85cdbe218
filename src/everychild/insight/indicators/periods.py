"""Months and financial years (April to March), as the indicators are reported by.

Both are written in addresses and files the way analysts write them: a month as
"2026-03", a financial year as "2025-26". Parsing either says plainly what is wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

EARLIEST_YEAR = 1900


class PeriodError(ValueError):
    """A month or year that cannot be read, or is out of range: the message says which."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        found = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
        if not found:
            raise PeriodError("Enter the month as a year and month, like 2026-03")
        year, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            raise PeriodError("The month must be between 01 and 12")
        if year < EARLIEST_YEAR:
            raise PeriodError(f"The month must be in {EARLIEST_YEAR} or later")
        return cls(year, month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def short(self) -> str:
        return f"{calendar.month_abbr[self.month]} {self.year}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year if self.month >= 4 else self.year - 1)


@dataclass(frozen=True, order=True)
class FinancialYear:
    """April of `first` to March of the next year."""

    first: int

    @classmethod
    def of(cls, day: dt.date) -> FinancialYear:
        return Month.of(day).financial_year

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        found = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
        if not found:
            raise PeriodError("Enter the financial year like 2025-26")
        first = int(found[1])
        if int(found[2]) != (first + 1) % 100:
            raise PeriodError("A financial year runs from April to the next March, so its "
                              "second part is the next year (2025-26)")
        if first < EARLIEST_YEAR:
            raise PeriodError(f"The year must be {EARLIEST_YEAR} or later")
        return cls(first)

    @property
    def key(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return self.key

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.first + 1, 3, 31)

    @property
    def first_month(self) -> Month:
        return Month(self.first, 4)

    @property
    def last_month(self) -> Month:
        return Month(self.first + 1, 3)

    def shift(self, years: int) -> FinancialYear:
        return FinancialYear(self.first + years)


def months_between(first: Month, last: Month) -> list[Month]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [first.shift(n) for n in range(max(count, 0))]

