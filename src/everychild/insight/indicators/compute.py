"""Running the indicator queries in DuckDB, and counting their rows by month and scope.

A `Workspace` is an in-memory DuckDB connection holding the operational tables the
chosen indicators read (Arrow tables from `extract`), every month from the earliest
date in them to today's month (`months`), and the due dates of the timescale rules they
use (`due`, from the casework engine). Each indicator's query runs once into a table of
its rows; `figures` counts them for every month, for the authority, each team and each
worker, in one grouped query; `rows` lists the rows behind one figure.

DuckDB may not fetch anything: extensions are neither installed nor loaded on demand,
and the connection may not open files or addresses, so nothing but the tables handed to
it can be read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from everychild.casework.selectors.facts import local_settings
from everychild.core.closures import closure_days

from . import extract
from .deadlines import VISIT, date_range, default_visit_interval, due_table, visit_amounts
from .model import ROW_COLUMNS, Indicator
from .periods import Month, months_between

AUTHORITY, TEAM, WORKER = "authority", "team", "worker"
PARTS = ("numerator", "denominator")


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole authority, one team, or one worker."""

    level: str
    id: int | None = None

    def __post_init__(self) -> None:
        if self.level not in (AUTHORITY, TEAM, WORKER):
            raise ValueError(f"unknown scope {self.level!r}")
        if (self.level == AUTHORITY) != (self.id is None):
            raise ValueError("a team or worker scope names one; the authority's does not")


WHOLE_AUTHORITY = Scope(AUTHORITY)


@dataclass(frozen=True)
class Row:
    """One child-event behind a figure (see model.ROW_COLUMNS)."""

    child_id: int
    episode_id: int | None
    event_date: dt.date
    in_denominator: bool
    in_numerator: bool
    team_id: int | None
    worker_id: int | None
    counted_from: dt.date | None
    due_on: dt.date | None
    done_on: dt.date | None


def connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "enable_external_access": False,
    })


def _months_table(first: Month, last: Month) -> pa.Table:
    months = months_between(first, last)
    return pa.table({"month_start": pa.array([m.start for m in months], pa.date32()),
                     "month_end": pa.array([m.end for m in months], pa.date32())})


class Workspace:
    def __init__(self, indicators: Sequence[Indicator], *, today: dt.date,
                 tables: Mapping[str, pa.Table] | None = None) -> None:
        self.indicators = list(indicators)
        self.today = today
        needed = {name for i in self.indicators for name in i.tables}
        self.tables = dict(tables) if tables is not None else extract.read_tables(needed)
        missing = needed - set(self.tables)
        if missing:
            raise ValueError(f"tables not read: {sorted(missing)}")
        self.con = connect()
        for name in sorted(needed):
            self.con.register(name, self.tables[name])
        span = date_range({n: self.tables[n] for n in needed})
        last = Month.of(today)
        first = Month.of(span[0]) if span else last
        self.months = months_between(min(first, last), last)
        self.con.register("months", _months_table(self.months[0], self.months[-1]))
        self.params = {"today": today, "visit_interval": default_visit_interval()}
        rules = {rule for i in self.indicators for rule in i.deadlines}
        start, end = span if span else (today, today)
        settings = local_settings()
        self.con.register("due", due_table(
            rules, start, max(end, start), closures=closure_days(), settings=settings,
            visit_intervals=visit_amounts(self.tables.get("plans"), settings)
            if VISIT in rules else ()))
        self._made: set[str] = set()

    def close(self) -> None:
        self.con.close()

    def execute(self, sql: str, params: Mapping[str, Any] | None = None
                ) -> duckdb.DuckDBPyConnection:
        """Run SQL on the workspace, with whichever of its parameters ($today,
        $visit_interval) and `params` the SQL names (DuckDB refuses any it does not)."""
        given = {**self.params, **(params or {})}
        used = {name: given[name] for name in set(re.findall(r"\$(\w+)", sql))}
        return self.con.execute(sql, used) if used else self.con.execute(sql)

    def rows_table(self, indicator: Indicator) -> str:
        """The indicator's rows, made once: the table's name."""
        name = f"rows_{indicator.id}"
        if name not in self._made:
            self.execute(f"""
                CREATE TEMP TABLE {name} AS
                SELECT child_id::BIGINT AS child_id, episode_id::BIGINT AS episode_id,
                       event_date::DATE AS event_date,
                       coalesce(in_denominator, FALSE) AS in_denominator,
                       coalesce(in_numerator, FALSE) AS in_numerator,
                       team_id::BIGINT AS team_id, worker_id::BIGINT AS worker_id,
                       counted_from::DATE AS counted_from, due_on::DATE AS due_on,
                       done_on::DATE AS done_on
                FROM ({indicator.sql}) AS q
                WHERE event_date IS NOT NULL""")  # noqa: S608 (built from this module's constants)
            self._made.add(name)
        return name

    def counts(self, indicator: Indicator) -> dict[Scope, dict[Month, tuple[int, int]]]:
        """(numerator, denominator) by month, for the authority, each team and each worker."""
        table = self.rows_table(indicator)
        found: dict[Scope, dict[Month, tuple[int, int]]] = {}
        for month, team_id, worker_id, grouping, numerator, denominator in self.con.execute(f"""
                SELECT date_trunc('month', event_date)::DATE AS month, team_id, worker_id,
                       grouping(team_id, worker_id) AS g,
                       count(*) FILTER (WHERE in_denominator AND in_numerator),
                       count(*) FILTER (WHERE in_denominator)
                FROM {table}
                GROUP BY GROUPING SETS ((month), (month, team_id), (month, worker_id))
                """).fetchall():  # noqa: S608 (built from this module's constants)
            if grouping == 3:
                scope = WHOLE_AUTHORITY
            elif grouping == 1 and team_id is not None:
                scope = Scope(TEAM, team_id)
            elif grouping == 2 and worker_id is not None:
                scope = Scope(WORKER, worker_id)
            else:
                continue  # rows with no team or no worker count only for the authority
            found.setdefault(scope, {})[Month.of(month)] = (numerator, denominator)
        return found

    def rows(self, indicator: Indicator, *, first: dt.date, last: dt.date, part: str,
             scope: Scope) -> list[Row]:
        """The rows behind one figure: dated `first` to `last`, in the numerator or the
        denominator, for the scope; in date order."""
        if part not in PARTS:
            raise ValueError(f"part must be one of {PARTS}")
        table = self.rows_table(indicator)
        where = ["event_date BETWEEN $first AND $last", "in_denominator"]
        params: dict[str, Any] = {"first": first, "last": last}
        if part == "numerator":
            where.append("in_numerator")
        if scope.level != AUTHORITY:
            where.append(f"{scope.level}_id = $scope_id")
            params["scope_id"] = scope.id
        result = self.con.execute(
            f"SELECT {', '.join(ROW_COLUMNS)} FROM {table} WHERE {' AND '.join(where)} "  # noqa: S608
            "ORDER BY event_date, child_id, episode_id", params)
        return [Row(*values) for values in result.fetchall()]


@dataclass
class Figures:
    """Monthly numerators and denominators of indicators, for every scope."""

    months: list[Month]  # the first month with any record to today's month
    counts: dict[str, dict[Scope, dict[Month, tuple[int, int]]]]


def figures(indicators: Iterable[Indicator], *, today: dt.date,
            tables: Mapping[str, pa.Table] | None = None) -> Figures:
    indicators = list(indicators)
    workspace = Workspace(indicators, today=today, tables=tables)
    try:
        return Figures(workspace.months, {i.id: workspace.counts(i) for i in indicators})
    finally:
        workspace.close()


def rows_behind(indicator: Indicator, *, first: dt.date, last: dt.date, part: str,
                scope: Scope, today: dt.date) -> list[Row]:
    workspace = Workspace([indicator], today=today)
    try:
        return workspace.rows(indicator, first=first, last=last, part=part, scope=scope)
    finally:
        workspace.close()
