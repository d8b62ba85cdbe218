"""The operational rows the indicators read, as Arrow tables for DuckDB.

One plain SELECT per table, through Django's own connection, of only the columns the
indicator queries use: the same code on SQLite and PostgreSQL, and no DuckDB extension
(a database scanner would have to be downloaded). Insight only reads (rule 6 of the
house). Each table is typed explicitly, so an empty table still has its columns and a
date is a date whichever database it came from.

The tables are read one after another, outside a transaction: on SQLite a transaction
would take the write lock (the connection opens them IMMEDIATE), holding up the people
recording casework for the sake of a dashboard. A record written between two reads can
make one figure a moment fresher than another, which the next reading puts right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from django.db.models import Model, Q

from everychild.agencies.models import Staff
from everychild.casework.models import (
    Assessment,
    Conference,
    CoreGroupMeeting,
    Episode,
    Plan,
    Section47,
    StrategyDiscussion,
    Visit,
)
from everychild.core.calendar import LONDON
from everychild.referrals.models import (
    CHILD_ROLES,
    Decision,
    DecisionStatus,
    Referral,
    ReferralPerson,
)

INT, DATE, TEXT, BOOL = pa.int64(), pa.date32(), pa.string(), pa.bool_()


def _london_day(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(LONDON).date() if value is not None else None


@dataclass(frozen=True)
class Column:
    name: str  # the column's name in DuckDB
    type: pa.DataType
    field: str = ""  # the model field read, when it is not called `name`
    convert: Callable[[Any], Any] | None = None

    @property
    def source(self) -> str:
        return self.field or self.name


@dataclass(frozen=True)
class Table:
    model: type[Model]
    columns: tuple[Column, ...]
    where: Q = field(default_factory=Q)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.type) for c in self.columns])


TABLES: dict[str, Table] = {
    "episodes": Table(Episode, (
        Column("id", INT), Column("child_id", INT), Column("referral_id", INT),
        Column("referral_date", DATE), Column("rules", TEXT), Column("team_id", INT),
        Column("worker_id", INT), Column("closed_on", DATE))),
    "assessments": Table(Assessment, (
        Column("id", INT), Column("episode_id", INT), Column("kind", TEXT),
        Column("started_on", DATE), Column("completed_on", DATE), Column("worker_id", INT))),
    "strategies": Table(StrategyDiscussion, (
        Column("id", INT), Column("episode_id", INT), Column("held_on", DATE),
        Column("section47", BOOL))),
    "enquiries": Table(Section47, (
        Column("id", INT), Column("episode_id", INT), Column("strategy_id", INT),
        Column("started_on", DATE), Column("completed_on", DATE), Column("outcome", TEXT))),
    "conferences": Table(Conference, (
        Column("id", INT), Column("episode_id", INT), Column("kind", TEXT),
        Column("plan_id", INT), Column("status", TEXT), Column("held_on", DATE))),
    "plans": Table(Plan, (
        Column("id", INT), Column("episode_id", INT), Column("kind", TEXT),
        Column("conference_id", INT), Column("started_on", DATE), Column("ended_on", DATE),
        Column("key_worker_id", INT),
        Column("visit_interval", INT, "visit_interval_working_days"))),
    "core_groups": Table(CoreGroupMeeting, (Column("plan_id", INT), Column("held_on", DATE))),
    # Visits at which the child was seen: the only ones a statutory visit's timescale counts.
    "visits": Table(Visit, (Column("episode_id", INT), Column("plan_id", INT),
                            Column("visited_on", DATE)), Q(child_seen=True)),
    # The day a referral was received, in England (as the episode's referral date is).
    "referrals": Table(Referral, (
        Column("id", INT), Column("received_on", DATE, "received_at", _london_day)),
        Q(received_at__isnull=False)),
    "referral_children": Table(ReferralPerson, (
        Column("referral_id", INT), Column("child_id", INT, "person_id")),
        Q(role__in=CHILD_ROLES, person__isnull=False)),
    # The live decision on each referral, once a manager has signed it off.
    "decisions": Table(Decision, (Column("referral_id", INT), Column("decided_by_id", INT)),
                       Q(status=DecisionStatus.SIGNED_OFF)),
    "staff": Table(Staff, (Column("id", INT), Column("team_id", INT))),
}


def read_table(name: str) -> pa.Table:
    spec = TABLES[name]
    rows = list(spec.model._default_manager.filter(spec.where).order_by()
                .values_list(*(c.source for c in spec.columns)))
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in spec.columns]
    arrays = []
    for column, values in zip(spec.columns, columns, strict=True):
        if column.convert is not None:
            values = tuple(column.convert(v) for v in values)
        arrays.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(arrays, schema=spec.schema)


def read_tables(names: Iterable[str]) -> dict[str, pa.Table]:
    """Each named table once, in a fixed order."""
    return {name: read_table(name) for name in sorted(set(names))}
