"""Figures by month and by financial year, from the monthly counts.

A flow indicator's year adds up its months (up to the last month shown, so the current
year reads "to date"); a stock indicator's year is its figure at the year's end (31
March), or at the end of the last month shown if the year has not ended. A percentage
is the numerator over the denominator; a rate is the numerator per 10,000 children in
the authority, and only the authority has one (see `rates`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .compute import AUTHORITY, Figures, Scope
from .model import Indicator, Kind, Unit
from .periods import FinancialYear, Month, months_between


@dataclass(frozen=True)
class Cell:
    period: Month | FinancialYear
    numerator: int
    denominator: int
    value: float | None  # a percentage or a rate; None when there is nothing to divide by
    # The month whose rows make the figure: for a stock's year, the month at whose end it
    # stands; for a flow's year, the last month added (the year may be part-way through).
    through: Month

    @property
    def count(self) -> int:
        return self.numerator


def value(indicator: Indicator, numerator: int, denominator: int, scope: Scope,
          population: int | None) -> float | None:
    if indicator.unit == Unit.PER_10000:
        if scope.level != AUTHORITY or not population:
            return None
        return numerator * 10_000 / population
    return 100 * numerator / denominator if denominator else None


def _counts(figures: Figures, indicator: Indicator, scope: Scope) -> dict[Month, tuple[int, int]]:
    return figures.counts.get(indicator.id, {}).get(scope, {})


def monthly(figures: Figures, indicator: Indicator, scope: Scope, months: list[Month], *,
            population: int | None) -> list[Cell]:
    counts = _counts(figures, indicator, scope)
    cells = []
    for month in months:
        numerator, denominator = counts.get(month, (0, 0))
        cells.append(Cell(month, numerator, denominator,
                          value(indicator, numerator, denominator, scope, population), month))
    return cells


def year_months(year: FinancialYear, end: Month) -> list[Month]:
    """The months of the year that count towards its figure when `end` is the last shown."""
    return months_between(year.first_month, min(year.last_month, end))


def yearly(figures: Figures, indicator: Indicator, scope: Scope, years: list[FinancialYear],
           end: Month, *, population: int | None) -> list[Cell]:
    counts = _counts(figures, indicator, scope)
    cells = []
    for year in years:
        months = year_months(year, end)
        if not months:
            continue
        if indicator.kind == Kind.STOCK:
            numerator, denominator = counts.get(months[-1], (0, 0))
        else:
            numerator = sum(counts.get(m, (0, 0))[0] for m in months)
            denominator = sum(counts.get(m, (0, 0))[1] for m in months)
        cells.append(Cell(year, numerator, denominator,
                          value(indicator, numerator, denominator, scope, population),
                          months[-1]))
    return cells


def last_years(end: Month, count: int) -> list[FinancialYear]:
    """The `count` financial years up to the one `end` falls in, oldest first."""
    latest = end.financial_year
    return [latest.shift(n - count + 1) for n in range(count)]
