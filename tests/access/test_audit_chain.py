"""The audit log's hash chain: entries link, verification finds the first tampered or
missing entry, writes roll back with their work, and the database refuses changes."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction

from everychild.access import audit_triggers
from everychild.access.audit import GENESIS, audit_record, audit_verify, event_hash
from everychild.access.models import AuditEvent, AuditHead
from everychild.core import clock

pytestmark = pytest.mark.django_db


def write(n: int, actor=None) -> list[AuditEvent]:
    return [audit_record(actor=actor, action="test.entry", target_type="person",
                         target_id=f"p-{i}", detail={"i": i}) for i in range(n)]


def head() -> tuple[int, str]:
    row = AuditHead.objects.filter(pk=1).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


@pytest.fixture
def attacker() -> Iterator[None]:
    """Someone with the database owner's powers: the append-only triggers are lifted."""
    audit_triggers.drop()
    try:
        yield
    finally:
        audit_triggers.install()


def refused(statement: str) -> None:
    with pytest.raises(DatabaseError, match=audit_triggers.MESSAGE), transaction.atomic():
        sql(statement)


# ------------------------------------------------------------------ the chain
def test_entries_chain_from_genesis_with_contiguous_numbers(world):
    events = write(5, actor=world.social_worker)
    assert [e.seq for e in AuditEvent.objects.order_by("seq")] == [1, 2, 3, 4, 5]
    stored = list(AuditEvent.objects.order_by("seq"))
    assert stored[0].prev_hash == GENESIS
    for earlier, later in itertools.pairwise(stored):
        assert later.prev_hash == earlier.hash
    assert all(event_hash(e) == e.hash for e in stored)
    assert head() == (5, events[-1].hash)
    assert stored[0].actor_id == world.social_worker.pk
    assert stored[0].actor_role == "social_worker"


def test_a_fresh_log_verifies(world):
    assert audit_verify() == audit_verify().__class__(True, 0)
    write(4)
    result = audit_verify()
    assert result.ok and result.checked == 4 and result.first_bad_seq is None


def test_details_survive_the_round_trip_through_the_database(world):
    audit_record(actor=world.social_worker, action="test.detail", reason="Zoë’s review",
                 detail={"when": dt.date(2020, 2, 29), "name": "Zoë O'Brien", "n": 3,
                         "ratio": 0.1, "nested": {"b": [1, "two", None], "a": True},
                         "emoji": "🙂", "empty": {}})
    assert audit_verify().ok
    stored = AuditEvent.objects.get(action="test.detail")
    assert stored.detail["when"] == "2020-02-29"


def test_the_chain_holds_whatever_time_zone_the_clock_reports(world, monkeypatch):
    summer = dt.datetime(2025, 7, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))
    monkeypatch.setattr(clock, "now", lambda: summer)
    write(2)
    assert audit_verify().ok
    assert AuditEvent.objects.get(seq=1).at == summer


def test_an_audit_entry_rolls_back_with_the_work_it_records(world):
    write(2)
    before = (AuditEvent.objects.count(), head())
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=world.social_worker, action="person.edit", target_type="person",
                     target_id="p-1")
        raise RuntimeError("the work failed after the entry was written")
    assert (AuditEvent.objects.count(), head()) == before
    nxt = audit_record(actor=None, action="test.after")
    assert nxt.seq == 3 and audit_verify().ok


# ------------------------------------------------------------------ tampering
@pytest.mark.parametrize(("column", "value"), [
    ("reason", "nothing to see"), ("actor_username", "someone.else"),
    ("target_id", "p-99"), ("action", "person.search"), ("source_address", "10.0.0.1"),
])
def test_an_altered_field_in_the_middle_is_found(world, attacker, column, value):
    write(5)
    sql(f"UPDATE access_auditevent SET {column} = %s WHERE seq = 3", [value])
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == 3
    assert "entry 3 has been altered" in result.problem
    assert result.checked == 2


def test_an_altered_time_is_found(world, attacker):
    write(5)
    AuditEvent.objects.filter(seq=2).update(at=clock.now() - dt.timedelta(days=1))
    assert audit_verify().first_bad_seq == 2


def test_a_deleted_middle_entry_is_reported_missing(world, attacker):
    write(5)
    sql("DELETE FROM access_auditevent WHERE seq = 3")
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 3
    assert "entry 3 is missing" in result.problem


def test_a_deleted_first_entry_is_reported_missing(world, attacker):
    write(3)
    sql("DELETE FROM access_auditevent WHERE seq = 1")
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 1


def test_a_deleted_tail_entry_is_found_through_the_head(world, attacker):
    write(5)
    sql("DELETE FROM access_auditevent WHERE seq >= 4")
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 4
    assert "entries 4 to 5 are missing from the end" in result.problem


def test_a_head_that_does_not_match_the_last_entry_is_found(world, attacker):
    write(3)
    sql("UPDATE access_audithead SET hash = %s WHERE id = 1", ["f" * 64])
    result = audit_verify()
    assert not result.ok and "head record does not match" in result.problem


def test_a_re_hashed_forgery_breaks_the_link_to_the_next_entry(world, attacker):
    write(5)
    forged = AuditEvent.objects.get(seq=3)
    forged.reason = "nothing happened"
    forged.hash = event_hash(forged)  # the forger recomputes this entry's own hash
    sql("UPDATE access_auditevent SET reason = %s, hash = %s WHERE seq = 3",
        [forged.reason, forged.hash])
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == 4
    assert "entry 4 does not follow entry 3" in result.problem


def test_an_entry_inserted_before_the_start_is_found(world):
    """Inserting is allowed (the log is append-only), but not before entry 1."""
    write(2)
    fake = AuditEvent(seq=0, at=clock.now(), action="person.view", target_type="person",
                      target_id="p-1", actor_username="someone.else", prev_hash=GENESIS)
    fake.hash = event_hash(fake)
    fake.save(force_insert=True)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 0


def test_the_first_bad_entry_is_reported_when_several_are_bad(world, attacker):
    write(8)
    sql("UPDATE access_auditevent SET reason = 'x' WHERE seq IN (3, 6)")
    sql("DELETE FROM access_auditevent WHERE seq = 7")
    result = audit_verify()
    assert result.first_bad_seq == 3 and result.checked == 2
    sql("DELETE FROM access_auditevent WHERE seq = 2")
    assert audit_verify().first_bad_seq == 2


# ------------------------------------------------------------------ the database refuses
def test_the_database_refuses_to_change_or_delete_entries(world):
    write(3)
    refused("UPDATE access_auditevent SET reason = 'x' WHERE seq = 2")
    refused("DELETE FROM access_auditevent WHERE seq = 3")
    refused("DELETE FROM access_auditevent")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(reason="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()
    assert AuditEvent.objects.count() == 3
    assert audit_verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_the_database_refuses_to_truncate_the_log(world):
    write(2)
    refused("TRUNCATE access_auditevent")
    refused("TRUNCATE access_audithead")
    assert AuditEvent.objects.count() == 2


def test_the_head_cannot_move_backwards_or_be_deleted(world):
    write(3)
    refused("UPDATE access_audithead SET seq = 2 WHERE id = 1")
    refused("DELETE FROM access_audithead")
    assert head()[0] == 3
    sql("UPDATE access_audithead SET seq = 3 WHERE id = 1")  # standing still is allowed


def test_triggers_come_back_after_an_attacker_test(world):
    """install() after drop() restores the guard (the attacker fixture relies on it)."""
    audit_triggers.drop()
    audit_triggers.install()
    write(1)
    refused("DELETE FROM access_auditevent")


@pytest.mark.django_db
def test_details_that_databases_store_differently_still_verify():
    """JSONB returns 1e20 as an integer and may reorder keys; the chain must not care."""
    import datetime as dt

    from everychild.access.audit import audit_record, audit_verify

    audit_record(actor=None, action="test.detail", detail={
        "big": 1e20, "small": 0.1, "when": dt.date(2026, 3, 4), "nested": {"b": 1, "a": [1.5]},
        "text": "Zoë", "none": None, "flag": True})
    result = audit_verify()
    assert result.ok, result.problem
