"""Reading people from the database as MatchRecords: three queries for any number."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db import connection

from ..models import Household, HouseholdMembership, OtherName, OtherNameKind, Person
from .dates import PartialDate
from .records import MatchRecord, prepare

OTHER_NAME_WORDS = {
    OtherNameKind.ALIAS: "alias",
    OtherNameKind.NICKNAME: "nickname",
    OtherNameKind.FORMER: "former name",
    OtherNameKind.AGENCY_SPELLING: "spelling an agency uses",
}

def load_records(person_ids: Collection[int]) -> dict[int, MatchRecord]:
    """MatchRecords for the given people, leaving out any merged into another record."""
    ids = [int(pid) for pid in person_ids]
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    return _load(f"IN ({marks})", ids)


def load_records_between(low: int, high: int) -> dict[int, MatchRecord]:
    """MatchRecords for people with low <= id < high (for rebuilding every key)."""
    return _load(">= %s AND {column} < %s", [low, high])


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _load(condition: str, params: list[int]) -> dict[int, MatchRecord]:
    """Plain SQL: a lookup reads a couple of hundred people, a rebuild a million, and
    the ORM's per-row work was most of a lookup's time. Table and column names come from
    the models; values are parameters."""
    def where(column: str) -> str:
        return f"{column} {condition.format(column=column)}"

    person, other, member, home = (m._meta.db_table for m in (
        Person, OtherName, HouseholdMembership, Household))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, given_name, middle_names, family_name, sex, date_of_birth, "  # noqa: S608
            "expected_date_of_birth, nhs_number, upn, former_upn "
            f"FROM {person} WHERE {where('id')} AND merged_into_id IS NULL", params)
        people = cursor.fetchall()
        if not people:
            return {}
        others: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        cursor.execute(f"SELECT person_id, given_name, family_name, kind FROM {other} "  # noqa: S608
                       f"WHERE {where('person_id')}", params)
        for pid, given, family, kind in cursor.fetchall():
            others[pid].append((given, family, OTHER_NAME_WORDS.get(kind, "other name")))
        now: dict[int, list[str]] = defaultdict(list)
        before: dict[int, list[str]] = defaultdict(list)
        cursor.execute(f"SELECT m.person_id, h.postcode, m.ended FROM {member} m "  # noqa: S608
                       f"JOIN {home} h ON h.id = m.household_id WHERE {where('m.person_id')}",
                       params)
        for pid, postcode, ended in cursor.fetchall():
            (before if ended is not None else now)[pid].append(postcode)
    return {
        pid: prepare(given_name=given, family_name=family, middle_names=middle,
                     other_names=others.get(pid, ()),
                     dob=PartialDate.of(_date(dob) or _date(expected)), sex=sex,
                     postcodes=now.get(pid, ()), former_postcodes=before.get(pid, ()),
                     nhs_number=nhs, upns=(upn, former_upn))
        for pid, given, middle, family, sex, dob, expected, nhs, upn, former_upn in people
    }
