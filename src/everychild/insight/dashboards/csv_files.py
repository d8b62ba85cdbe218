"""The dashboard's tables and lists as CSV files for spreadsheets.

A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe, so a name typed into a record can
never become a command on an analyst's machine. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from ..indicators.model import Indicator
from ..indicators.series import Cell
from .children import ChildList
from .figures import IndicatorFigures

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


TABLE_HEADER = ("indicator", "title", "scope", "period", "numerator", "denominator",
                "figure", "unit", "national_figure", "national_year")


def _figure(cell: Cell, item: IndicatorFigures) -> object:
    if item.counts_only:
        return cell.numerator
    return round(cell.value, 2) if cell.value is not None else None


def _unit(item: IndicatorFigures) -> str:
    if item.counts_only:
        return "count"
    return "per 10,000 under-18s" if item.indicator.is_rate else "percent"


def table_rows(items: Iterable[IndicatorFigures], scope_label: str, by: str
               ) -> Iterable[list[object]]:
    for item in items:
        indicator: Indicator = item.indicator
        national = indicator.national
        for cell in (item.months if by == "month" else item.years):
            yield [indicator.id, indicator.name, scope_label, cell.period.key, cell.numerator,
                   None if indicator.is_rate else cell.denominator, _figure(cell, item),
                   _unit(item), national.value if national else None,
                   national.period if national else None]


CHILDREN_HEADER = ("child", "child_ref", "date", "in_numerator", "counted_from", "due",
                   "done", "team", "worker")


def children_rows(found: ChildList) -> Iterable[list[object]]:
    for line in found.lines:
        row = line.row
        yield [line.name, str(line.ref), row.event_date.isoformat(),
               "yes" if row.in_numerator else "no",
               row.counted_from.isoformat() if row.counted_from else None,
               row.due_on.isoformat() if row.due_on else None,
               row.done_on.isoformat() if row.done_on else None, line.team, line.worker]
