"""Many writers at once still make one contiguous, verifiable chain (real commits)."""

from __future__ import annotations

import threading

from django.db import connection, transaction

from everychild.access.audit import audit_record, audit_verify
from everychild.access.models import AuditEvent, AuditHead

THREADS = 8
ENTRIES_EACH = 15


def _run_at_once(work, n: int) -> list[BaseException]:
    barrier = threading.Barrier(n)
    failures: list[BaseException] = []

    def runner(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # reported to the test, not swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer is stuck"
    return failures


def test_concurrent_appends_make_one_contiguous_chain(live_db):
    start = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0

    def append(i: int) -> None:
        for n in range(ENTRIES_EACH):
            audit_record(actor=None, action="test.concurrent", target_id=f"{i}-{n}")

    assert _run_at_once(append, THREADS) == []
    total = THREADS * ENTRIES_EACH
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, start + total + 1))
    assert set(AuditEvent.objects.filter(action="test.concurrent")
               .values_list("target_id", flat=True)) == {
        f"{i}-{n}" for i in range(THREADS) for n in range(ENTRIES_EACH)}
    result = audit_verify()
    assert result.ok and result.checked == start + total
    assert AuditHead.objects.get(pk=1).seq == start + total


def test_concurrent_appends_some_of_which_roll_back_leave_no_gap(live_db):
    """A writer whose work fails after its entry is written gives back its number."""

    def append(i: int) -> None:
        for n in range(6):
            try:
                with transaction.atomic():
                    audit_record(actor=None, action="test.maybe", target_id=f"{i}-{n}")
                    if (i + n) % 3 == 0:
                        raise LookupError("the work failed")
            except LookupError:
                pass

    assert _run_at_once(append, 6) == []
    kept = sum(1 for i in range(6) for n in range(6) if (i + n) % 3)
    assert AuditEvent.objects.filter(action="test.maybe").count() == kept
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_verify().ok
