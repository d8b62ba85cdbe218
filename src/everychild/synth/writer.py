"""Writing batches of household plans straight into the tables.

A generator's bulk load, not user input: rows go in with one executemany per table and
batch, and the run as a whole gets one audit entry (see generate.py). Django's
bulk_create compiles every value through the field machinery (about 100 µs a row on
SQLite, capped at 999 parameters a statement), which made a million people take a
quarter of an hour; here each row is a plain tuple and the primary keys are counted out
in advance, so related rows can name them without reading them back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from everychild.core.names import name_key
from everychild.people.models import (
    Household,
    HouseholdMembership,
    Involvement,
    OtherName,
    Person,
    PersonKind,
    PersonName,
    Relationship,
)

from .plan import Plan

key = lru_cache(maxsize=100_000)(name_key)


class Table:
    """Rows for one model: the columns the writer gives, then every other column's default."""

    def __init__(self, model: type[Model], columns: Iterable[str]) -> None:
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields}
        columns = tuple(columns)
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ImproperlyConfigured(f"{meta.label} has no field {unknown[0]}")
        rest = [f for f in meta.concrete_fields if f.attname not in columns and not f.primary_key]
        defaults = [f.get_default() for f in rest]
        for f, value in zip(rest, defaults, strict=True):
            if value is None and not f.null:
                raise ImproperlyConfigured(f"synth does not fill {meta.label}.{f.name}, which "
                                           "has no default")
        self.defaults = tuple(f.get_db_prep_save(v, connection)
                              for f, v in zip(rest, defaults, strict=True))
        quote = connection.ops.quote_name
        names = [meta.pk.column, *(fields[c].column for c in columns), *(f.column for f in rest)]
        self.table = meta.db_table
        # Table and column names come from the model and are quoted; values are parameters.
        self.sql = (f"INSERT INTO {quote(self.table)} ({', '.join(quote(n) for n in names)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(names))})")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(self.table)}")  # noqa: S608
            self.next_id = (cursor.fetchone()[0] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []
        self.model = model

    def add(self, *values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values, *self.defaults))
        return pk

    def reserve(self) -> int:
        """A primary key for a row added later with `put` (rows naming each other)."""
        pk = self.next_id
        self.next_id += 1
        return pk

    def put(self, pk: int, *values: Any) -> None:
        self.rows.append((pk, *values, *self.defaults))

    def flush(self) -> int:
        written = len(self.rows)
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows = []
        return written


class Writer:
    def __init__(self, *, recorded_at: dt.datetime) -> None:
        ops = connection.ops
        self.at = ops.adapt_datetimefield_value(recorded_at)
        self.date = ops.adapt_datefield_value
        self.native_uuid = connection.features.has_native_uuid_field
        self.counts: Counter[str] = Counter()
        models = (Household, Person, PersonName, HouseholdMembership, Relationship, Involvement,
                  OtherName)
        if connection.vendor == "postgresql":
            # Primary keys are counted out here, so no one else may insert meanwhile.
            tables = ", ".join(ops.quote_name(m._meta.db_table) for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        self.households = Table(Household, (
            "ref", "address_line_1", "address_line_2", "town", "postcode", "created_at",
            "updated_at"))
        self.people = Table(Person, (
            "ref", "kind", "given_name", "middle_names", "family_name", "given_name_key",
            "family_name_key", "sex", "date_of_birth", "expected_date_of_birth", "ethnicity",
            "nhs_number", "upn", "la_child_id", "sealed", "disabilities", "created_at",
            "updated_at"))
        from .referral_writer import _json  # it imports this module

        self.disabilities = _json(Person, "disabilities")
        self.names = Table(PersonName, (
            "person_id", "given_name", "middle_names", "family_name", "recorded_from"))
        self.members = Table(HouseholdMembership, (
            "household_id", "person_id", "role", "started", "ended", "recorded_at"))
        self.links = Table(Relationship, (
            "person_id", "related_id", "kind", "started", "ended", "note", "recorded_at"))
        self.involvements = Table(Involvement, (
            "person_id", "agency_id", "staff_id", "role", "started", "ended", "recorded_at"))
        self.others = Table(OtherName, (
            "person_id", "kind", "given_name", "family_name", "given_name_key",
            "family_name_key", "agency_id", "note", "recorded_at"))
        self.tables = (self.households, self.people, self.names, self.members, self.links,
                       self.involvements, self.others)

    def uuid(self, value: Any) -> Any:
        return value if self.native_uuid else value.hex

    def write(self, plans: list[Plan]) -> None:
        at, date, counts = self.at, self.date, self.counts
        for plan in plans:
            hid = [self.households.add(self.uuid(ref), a.line_1, a.line_2, a.town, a.postcode,
                                       at, at)
                   for a, ref in zip(plan.addresses, plan.address_refs, strict=True)]
            pid = []
            for p in plan.people:
                pk = self.people.add(
                    self.uuid(p.ref), p.kind, p.given, p.middle, p.family, key(p.given),
                    key(p.family), p.sex, date(p.dob), date(p.edd), p.ethnicity, p.nhs, p.upn,
                    p.la_id, p.sealed, self.disabilities(p.disabilities), at, at)
                pid.append(pk)
                self.names.add(pk, p.given, p.middle, p.family, at)
                if p.kind == PersonKind.CHILD:
                    counts["children"] += 1
                    counts["unborn"] += p.dob is None
                    counts["sealed"] += p.sealed
                else:
                    counts["adults"] += 1
            plan.person_ids = pid
            for m in plan.memberships:
                self.members.add(hid[m.address], pid[m.person], m.role, date(m.started),
                                 date(m.ended), at)
            for r in plan.links:
                self.links.add(pid[r.person], pid[r.related], r.kind, date(r.started),
                               date(r.ended), r.note, at)
            for v in plan.involvements:
                self.involvements.add(pid[v.person], v.agency, v.staff, v.role, date(v.started),
                                      date(v.ended), at)
            for o in plan.other_names:
                self.others.add(pid[o.person], o.kind, o.given, o.family, key(o.given),
                                key(o.family), o.agency, o.note, at)
        written = {t.model: t.flush() for t in self.tables}
        counts.update(households=written[Household], memberships=written[HouseholdMembership],
                      relationships=written[Relationship], involvements=written[Involvement],
                      other_names=written[OtherName])

    def finish(self) -> None:
        """PostgreSQL's id sequences must move past the ids given out here."""
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
