"""Keeping the MatchKey rows in step with the people they are derived from."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Max, Min
from tqdm import tqdm

from ..models import MatchKey, Person
from .keys import stored_keys
from .source import load_records, load_records_between

CHUNK = 5000


def refresh_match_keys(person_ids: Iterable[int]) -> None:
    """Rebuild the keys of these people (call inside the caller's transaction). People
    merged into another record get none, so matching skips them."""
    ids = sorted({int(pid) for pid in person_ids})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        records = load_records(chunk)
        wanted = {(key, pid) for pid, record in records.items() for key in stored_keys(record)}
        have = set(MatchKey.objects.filter(person_id__in=chunk).values_list("key", "person_id"))
        stale = have - wanted
        if stale:
            for pid in {pid for _, pid in stale}:
                MatchKey.objects.filter(
                    person_id=pid, key__in=[k for k, p in stale if p == pid]).delete()
        fresh = wanted - have
        if fresh:
            MatchKey.objects.bulk_create(
                [MatchKey(key=key, person_id=pid) for key, pid in sorted(fresh)],
                batch_size=1000)


@contextlib.contextmanager
def _bulk_settings() -> Iterator[None]:
    """On SQLite, a page cache big enough for the key index while it is filled."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size=-1048576")  # 1 GiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(before)}")


def _insert(rows: list[tuple[str, int]]) -> None:
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY is many times faster here
            with raw.copy(f"COPY {table} (key, person_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (key, person_id) VALUES (%s, %s)",  # noqa: S608
                               rows)


def rebuild_all_match_keys(*, progress: bool = True) -> int:
    """Replace every MatchKey row with keys worked out afresh; returns how many were
    written. One transaction, so matching never sees a half-built index."""
    written = 0
    with transaction.atomic(), _bulk_settings():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(MatchKey._meta.db_table)}")  # noqa: S608
        bounds = Person.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            return 0
        total = Person.objects.filter(merged_into__isnull=True).count()
        with tqdm(total=total, unit=" people", file=sys.stderr, disable=not progress,
                  desc="Match keys", smoothing=0.1) as bar:
            for low in range(bounds["low"], bounds["high"] + 1, CHUNK):
                records = load_records_between(low, low + CHUNK)
                rows = [(key, pid) for pid, record in records.items()
                        for key in sorted(stored_keys(record))]
                _insert(rows)
                written += len(rows)
                bar.update(len(records))
        with connection.cursor() as cursor:
            # Fresh statistics, so the planner reads the new key index for lookups at once
            # rather than after autovacuum gets round to it.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(MatchKey._meta.db_table)}")
    return written
