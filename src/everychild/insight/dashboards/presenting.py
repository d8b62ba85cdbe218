"""Turning figures into what the pages print: numbers in words, charts, and the links
from every number to the children behind it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from markupsafe import Markup

from ..indicators.compute import Scope
from ..indicators.model import Direction, Indicator, Kind
from ..indicators.periods import FinancialYear, Month
from ..indicators.series import Cell
from .charts import Bar, bar_chart, describe
from .figures import IndicatorFigures
from .scopes import scope_key

BETTER = {Direction.HIGHER: "Higher is better", Direction.LOWER: "Lower is better",
          Direction.NEITHER: "Neither higher nor lower is better in itself"}


def number(value: float | None, *, percent: bool) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


def figure_text(item: IndicatorFigures, cell: Cell) -> str:
    """The figure as it is read out: "72%", "25.2 per 10,000", "14 children"."""
    indicator = item.indicator
    if item.counts_only:
        return str(cell.numerator)
    if indicator.is_rate:
        return "–" if cell.value is None else f"{number(cell.value, percent=False)} per 10,000"
    return number(cell.value, percent=True)


def national_text(indicator: Indicator, per: str = "year") -> str:
    national = indicator.national
    if national is None:
        return "No national figure in the seed figures"
    monthly = indicator.is_rate and indicator.kind == Kind.FLOW and per == "month"
    value = national.value / 12 if monthly else national.value
    figure = (number(value, percent=not indicator.is_rate)
              + (" per 10,000" if indicator.is_rate else ""))
    year = f" ({national.period})" if national.period else " (year not given)"
    if monthly:
        return f"England {figure} a month (a twelfth of {national.value} a year){year}"
    return f"England {figure}{year}"


@dataclass(frozen=True)
class Links:
    """Addresses that keep the page's scope and last month."""

    scope: Scope
    end: Month

    def _query(self, **params: str) -> str:
        return urlencode({**params, "scope": scope_key(self.scope), "to": self.end.key})

    def indicator(self, indicator: Indicator) -> str:
        return f"{reverse('insight:indicator')}?{self._query(indicator=indicator.id)}"

    def children(self, indicator: Indicator, period: Month | FinancialYear, part: str,
                 csv: bool = False) -> str:
        kind = "month" if isinstance(period, Month) else "year"
        name = "insight:children-csv" if csv else "insight:children"
        return f"{reverse(name)}?" + self._query(indicator=indicator.id, part=part,
                                                 **{kind: period.key})

    def table_csv(self, indicator: Indicator | None, by: str) -> str:
        params = {"by": by, **({"indicator": indicator.id} if indicator else {})}
        return f"{reverse('insight:table-csv')}?{self._query(**params)}"

    def dashboard(self) -> str:
        return f"{reverse('insight:dashboard')}?{self._query()}"


def _month_label(month: Month, first: bool) -> str:
    abbr = month.short.split()[0]
    return f"{abbr}\n{month.year}" if first or month.month == 1 else abbr


def chart(item: IndicatorFigures, by: str, scope_label: str) -> Markup:
    indicator = item.indicator
    cells = item.months if by == "month" else item.years
    percent = not indicator.is_rate and not item.counts_only
    values = [float(c.numerator) if item.counts_only else c.value for c in cells]
    bars = [Bar(_month_label(c.period, n == 0) if isinstance(c.period, Month) else c.period.key,
                v, c.period.label) for n, (c, v) in enumerate(zip(cells, values, strict=True))]
    national = None
    if indicator.national is not None and not item.counts_only:
        national = indicator.national.value
        if indicator.is_rate and by == "month" and indicator.kind == Kind.FLOW:
            national /= 12
    what = f"{indicator.name}, {scope_label}, by {'month' if by == 'month' else 'financial year'}"
    if item.counts_only:
        what += " (number)"
    return bar_chart(
        bars, chart_id=f"chart-{indicator.id}-{by}", title=what,
        description=describe(bars, percent=percent, national=national,
                             national_label="England", what=what),
        percent=percent, national=national, width=640 if by == "month" else 320)
