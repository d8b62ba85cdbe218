"""What a dashboard shows: each indicator's last 12 months and last 5 financial years,
for one scope, up to a chosen month.

The figures are recomputed from the records on every reading (a whole authority's five
years take a second or two), so they are never stale. The last month shown is the
user's choice; by default the last complete month, or, if the records stop earlier (a
synthetic authority described at a fixed date), the last month they cover in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max

from everychild.access.records import StaffLike
from everychild.casework.models import Episode
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..indicators.catalogue import INDICATORS
from ..indicators.compute import AUTHORITY, Figures, Scope, figures
from ..indicators.model import Indicator
from ..indicators.periods import FinancialYear, Month, PeriodError, months_between
from ..indicators.population import Population, under18_population
from ..indicators.series import Cell, last_years, monthly, yearly
from .scopes import Choice, check_scope, choices, default_scope

MONTHS_SHOWN = 12
YEARS_SHOWN = 5
COVERED_DAYS = 7


@dataclass(frozen=True)
class IndicatorFigures:
    indicator: Indicator
    months: list[Cell]
    years: list[Cell]
    # A rate outside the authority has no population to divide by: its count is shown.
    counts_only: bool

    @property
    def latest(self) -> Cell:
        return self.months[-1]

    @property
    def this_year(self) -> Cell | None:
        return self.years[-1] if self.years else None


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    scope_label: str
    choices: list[Choice]
    end: Month
    end_choices: list[Month]  # newest first
    months: list[Month]
    years: list[FinancialYear]
    population: Population
    items: list[IndicatorFigures]


def default_end(today: dt.date) -> Month:
    """The last complete month, or the last month the records cover."""
    complete = Month.of(today).shift(-1)
    latest = Episode.objects.aggregate(latest=Max("referral_date"))["latest"]
    if latest is None:
        return complete
    # A month is covered once referrals run into its last week: a live authority has
    # them every working day, and a synthetic one stops at the date it describes.
    month = Month.of(latest)
    covered = month if latest > month.end - dt.timedelta(days=COVERED_DAYS) else month.shift(-1)
    return min(complete, covered)


def end_month(text: str | None, first: Month, today: dt.date) -> Month:
    if not text:
        return default_end(today)
    try:
        month = Month.parse(text)
    except PeriodError as exc:
        raise ValidationFailed(str(exc)) from None
    last = Month.of(today)
    if not first <= month <= last:
        raise ValidationFailed(f"Choose a month from {first.label} to {last.label}")
    return month


def resolve_scope(actor: StaffLike, scope: Scope | None) -> tuple[Scope, str]:
    scope = scope or default_scope(actor)
    return scope, check_scope(actor, scope)


def dashboard(*, actor: StaffLike, scope: Scope | None = None, end: str | None = None,
              indicators: Sequence[Indicator] = INDICATORS,
              today: dt.date | None = None) -> Dashboard:
    """The figures the actor asked for (AccessDenied for a scope they may not see,
    ValidationFailed for a month that cannot be read or is out of range)."""
    today = today or clock.today()
    scope, label = resolve_scope(actor, scope)
    found = figures(indicators, today=today)
    last = end_month(end, found.months[0], today)
    months = months_between(last.shift(1 - MONTHS_SHOWN), last)
    years = last_years(last, YEARS_SHOWN)
    population = under18_population(today)
    return Dashboard(
        scope=scope, scope_label=label, choices=choices(actor), end=last,
        end_choices=list(reversed(found.months)), months=months, years=years,
        population=population,
        items=[_figures(found, i, scope, months, years, last, population) for i in indicators])


def _figures(found: Figures, indicator: Indicator, scope: Scope, months: list[Month],
             years: list[FinancialYear], end: Month, population: Population
             ) -> IndicatorFigures:
    return IndicatorFigures(
        indicator,
        monthly(found, indicator, scope, months, population=population.children),
        yearly(found, indicator, scope, years, end, population=population.children),
        counts_only=indicator.is_rate and scope.level != AUTHORITY)
