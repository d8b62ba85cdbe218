"""Several workers at once, a worker killed mid-claim, and the `everychild outbox send`
command stopped by a signal: every email goes exactly once."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import threading

from django.db import connection

from everychild.core import clock
from everychild.outbox.models import Message
from everychild.outbox.services import deliver_due, message_id_for

from .conftest import EVERYCHILD, enqueue, no_leftover, wait_for, worker_env

THREADS = 4


def _keys(n: int, prefix: str = "referral") -> list[str]:
    keys = [f"{prefix}:{i}:acknowledgement" for i in range(n)]
    for key in keys:
        enqueue(key)
    return keys


def test_workers_in_threads_at_once_send_every_email_exactly_once(live_db, smtp):
    keys = _keys(120)
    barrier = threading.Barrier(THREADS)
    failures: list[BaseException] = []
    sent_by: dict[str, int] = {}

    def work(i: int) -> None:
        name = f"worker-{i}"
        try:
            barrier.wait()
            total = 0
            while sent := deliver_due(batch=5, worker_id=name):
                total += sent
            sent_by[name] = total
        except BaseException as exc:  # reported to the test, not swallowed
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a worker is stuck"
    assert failures == []
    assert smtp.inbox.message_ids() == {message_id_for(k): 1 for k in keys}
    assert sum(sent_by.values()) == len(keys)
    assert sum(1 for n in sent_by.values() if n) > 1, sent_by  # they really did share
    assert not Message.objects.filter(sent_at__isnull=True).exists()
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_worker_processes_at_once_send_every_email_exactly_once(live_db, smtp):
    keys = _keys(90)
    env = worker_env(smtp.port)
    workers = [subprocess.Popen([EVERYCHILD, "outbox", "send", "--batch", "4"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(3)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], outputs
    assert smtp.inbox.message_ids() == {message_id_for(k): 1 for k in keys}
    assert Message.objects.filter(sent_at__isnull=False).count() == len(keys)
    said = [out for out, _ in outputs]
    assert sum(int(s.rsplit("; ", 1)[1].split()[0]) for s in said) == len(keys), said


def test_a_killed_worker_s_emails_go_once_its_lease_has_run_out(live_db, smtp, blackhole,
                                                               monkeypatch):
    keys = _keys(3)
    # This worker's mail server never answers, so it hangs holding its claim.
    env = worker_env(blackhole)
    stuck = subprocess.Popen([EVERYCHILD, "outbox", "send", "--loop"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with no_leftover(stuck):
        wait_for(lambda: Message.objects.filter(locked_by__contains=f":{stuck.pid}:").count()
                 == 3, what="the worker to claim all three")
        stuck.send_signal(signal.SIGKILL)
        stuck.wait(timeout=30)
    lease_ends = max(Message.objects.values_list("locked_until", flat=True))

    assert deliver_due(worker_id="rescuer") == 0  # the dead worker's lease still holds
    assert smtp.inbox.received == []

    moved = lease_ends + dt.timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: moved)
    assert deliver_due(worker_id="rescuer") == 3
    assert deliver_due(worker_id="rescuer") == 0
    assert smtp.inbox.message_ids() == {message_id_for(k): 1 for k in keys}
    assert set(Message.objects.values_list("attempts", "locked_by")) == {(2, "rescuer")}


def test_the_command_sends_then_stops_cleanly_on_sigterm(live_db, smtp):
    worker = subprocess.Popen([EVERYCHILD, "outbox", "send", "--loop", "--interval", "0.2"],
                              env=worker_env(smtp.port), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with no_leftover(worker):
        keys = _keys(2)
        wait_for(lambda: len(smtp.inbox.received) == 2, what="two emails")
        enqueue("referral:late:acknowledgement")  # queued while the worker waits
        wait_for(lambda: len(smtp.inbox.received) == 3, what="the third email")
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "Outbox worker stopped; 3 sent" in out
    assert smtp.inbox.message_ids() == {
        message_id_for(k): 1 for k in [*keys, "referral:late:acknowledgement"]}


def test_a_stopped_worker_finishes_the_email_in_hand_and_gives_back_the_rest(live_db, smtp):
    keys = _keys(3)
    smtp.inbox.delay = 2.0  # the server takes its time over each email
    worker = subprocess.Popen([EVERYCHILD, "outbox", "send", "--loop"],
                              env=worker_env(smtp.port), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with no_leftover(worker):
        assert smtp.inbox.entered.wait(timeout=60), "the worker never began to send"
        worker.send_signal(signal.SIGINT)  # Ctrl-C
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert "Outbox worker stopped; 1 sent" in out
    assert smtp.inbox.message_ids() == {message_id_for(keys[0]): 1}
    rest = list(Message.objects.filter(sent_at__isnull=True).values_list(
        "key", "attempts", "locked_by", "locked_until"))
    assert sorted(rest) == [(keys[1], 0, "", None), (keys[2], 0, "", None)]

    smtp.inbox.delay = 0
    assert deliver_due() == 2
    assert smtp.inbox.message_ids() == {message_id_for(k): 1 for k in keys}
