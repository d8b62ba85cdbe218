"""Due dates for the indicator queries, worked out by the casework timescale engine.

The indicators must call an assessment late exactly when the worklists do, so they do
not count working days themselves: for each rule they use, every day in the data's
range is put through `casework.timescales.engine.deadline` (the worklists' function,
with the rule table's amounts, the authority's local frequencies and its closure days),
and the answers go to DuckDB as a table, `due(rule, amount, start, due_on)`. A query
joins it on the rule and the day the clock started (and, for visits, the plan's
interval). Five years of days for eight rules take a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from everychild.casework.models import Rules
from everychild.casework.selectors.facts import local_settings
from everychild.casework.timescales.engine import Settings, deadline
from everychild.casework.timescales.rules import Rule, rules_for
from everychild.core import clock

VISIT = "visit"


def all_rules() -> dict[str, Rule]:
    """Every rule of both procedure sets by key (the ones they share are the same)."""
    return {**rules_for(Rules.WT2006), **rules_for(Rules.WT2013)}


EARLIEST_YEARS_BACK = 25
LATEST_DAYS_AHEAD = 2 * 366


def date_range(tables: Mapping[str, pa.Table]) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest date in any date column of these tables."""
    lows: list[dt.date] = []
    highs: list[dt.date] = []
    for table in tables.values():
        for column in table.schema:
            if pa.types.is_date(column.type) and table.num_rows:
                bounds = pc.min_max(table[column.name]).as_py()
                if bounds["min"] is not None:
                    lows.append(bounds["min"])
                    highs.append(bounds["max"])
    if not lows:
        return None
    # Every day in the range gets its due dates worked out: one stray date (a birth in
    # 1900, a typing slip for 2205) must not make that millions of days. Indicators look
    # back a few years; pathway work outside these bounds has no due date to meet.
    today = clock.today()
    low = max(min(lows), today.replace(year=today.year - EARLIEST_YEARS_BACK, day=1))
    high = min(max(highs), today + dt.timedelta(days=LATEST_DAYS_AHEAD))
    return (low, high) if low <= high else None


def visit_amounts(plans: pa.Table | None, settings: Settings) -> set[int]:
    """The visit intervals in use: the authority's, and each plan's own where it has one."""
    amounts = {settings.amount(all_rules()[VISIT])}
    if plans is not None and plans.num_rows:
        amounts |= {int(v) for v in plans["visit_interval"].unique().to_pylist() if v}
    return amounts


# Answers already worked out, with the closure days they were worked out with: a day's
# deadline changes only when the closure days do (or the rule table, which needs a
# restart). The engine keeps answers too, but only the worklists' few hundred days, and
# years of every day would push theirs out. Replaced whole when the closure days change,
# so a request still working with the old ones never writes into the new table.
Kept = dict[tuple[str, str, int, dt.date], dt.date]
_kept: tuple[frozenset[dt.date], Kept] | None = None


def _kept_for(closures: frozenset[dt.date]) -> Kept:
    global _kept
    held = _kept
    if held is None or held[0] != closures:
        held = (closures, {})
        _kept = held
    return held[1]


def forget() -> None:
    """Drop the answers kept (for a benchmark's cold start)."""
    global _kept
    _kept = None


def due_table(rule_keys: Iterable[str], first: dt.date, last: dt.date, *,
              closures: Collection[dt.date], settings: Settings,
              visit_intervals: Iterable[int] = ()) -> pa.Table:
    """Every due date for clocks started between `first` and `last` (both included)."""
    rules = all_rules()
    closed = frozenset(closures)
    kept = _kept_for(closed)
    plain = set(closed)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    keys: list[str] = []
    amounts: list[int] = []
    starts: list[dt.date] = []
    dues: list[dt.date] = []
    for key in sorted(set(rule_keys)):
        rule = rules[key]
        for amount in (sorted(set(visit_intervals)) if key == VISIT
                       else [settings.amount(rule)]):
            for day in days:
                keys.append(key)
                amounts.append(amount)
                starts.append(day)
                asked = (rule.unit, rule.key, amount, day)
                due = kept.get(asked)
                if due is None:
                    due = kept[asked] = deadline(rule, day, amount, closures=plain)
                dues.append(due)
    return pa.table({"rule": pa.array(keys, pa.string()), "amount": pa.array(amounts, pa.int64()),
                     "start": pa.array(starts, pa.date32()),
                     "due_on": pa.array(dues, pa.date32())})


def default_visit_interval() -> int:
    return local_settings().amount(all_rules()[VISIT])
