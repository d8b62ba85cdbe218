"""Closure days entered by an administrator: the command, the audit entries, and the
calendar seeing them (through its cached read of the table) without being told."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from everychild.access.models import AuditEvent
from everychild.agencies.closures import closure_day_add, closure_day_list, closure_day_remove
from everychild.core import calendar, clock, closures
from everychild.core.errors import AccessDenied, NotFound, ValidationFailed
from everychild.core.models import ClosureDay

D = dt.date
EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
# Monday 29 December 2025, between Boxing Day and New Year's Day.
CLOSED = D(2025, 12, 29)


@pytest.fixture(autouse=True)
def _fresh_cache():
    closures.invalidate()
    yield
    closures.invalidate()


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("calendar_closure", *args, stdout=out)
    return out.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


@pytest.mark.django_db
def test_a_closure_day_moves_deadlines_until_it_is_removed():
    received = dt.datetime(2025, 12, 24, 16, tzinfo=calendar.LONDON)
    assert calendar.working_day_deadline(received, 1).date() == CLOSED

    said = run("add", "2025-12-29", "--reason", "Council offices closed")
    assert said.startswith("Added closure day 29 December 2025: Council offices closed")
    assert not calendar.is_working_day(CLOSED)
    assert calendar.working_day_deadline(received, 1).date() == D(2025, 12, 30)
    assert calendar.working_days_between(D(2025, 12, 24), D(2025, 12, 31)) == 2

    said = run("remove", "2025-12-29")
    assert "it is a working day again" in said
    assert calendar.is_working_day(CLOSED)
    assert calendar.working_day_deadline(received, 1).date() == CLOSED


@pytest.mark.django_db
def test_adding_and_removing_are_audited_with_the_reason():
    closure_day_add(actor=None, day=CLOSED, reason="  Council   offices closed ")
    closure_day_remove(actor=None, day=CLOSED)
    events = list(AuditEvent.objects.filter(target_type="closure_day").order_by("seq"))
    assert [e.action for e in events] == ["calendar.closure_add", "calendar.closure_remove"]
    assert all(e.target_id == "2025-12-29" for e in events)
    assert events[0].detail == {"reason": "Council offices closed"}
    assert events[1].detail["reason"] == "Council offices closed"
    assert not ClosureDay.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_days_from_today_unless_all_are_asked_for(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: D(2025, 12, 1))
    assert run("list") == "No closure days from today on.\n"
    closure_day_add(actor=None, day=D(2025, 11, 3), reason="Flooded offices")
    closure_day_add(actor=None, day=CLOSED, reason="Council offices closed")
    assert run("list") == "2025-12-29  Mon  Council offices closed\n"
    assert run("list", "--all") == ("2025-11-03  Mon  Flooded offices\n"
                                     "2025-12-29  Mon  Council offices closed\n")
    assert [c.date for c in closure_day_list()] == [D(2025, 11, 3), CLOSED]


@pytest.mark.django_db
def test_a_day_in_the_past_is_accepted_with_a_note(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 1, 5))
    said = run("add", "2025-12-29", "--reason", "Snow")
    assert "It is in the past: deadlines that ran over it move a day later." in said


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (("add", "2025-12-27", "--reason", "x"), "Saturday 27 December 2025 is a weekend day"),
    (("add", "2025-12-26", "--reason", "x"),
     "Friday 26 December 2025 is already a bank holiday (Boxing Day)"),
    (("add", "2023-05-08", "--reason", "x"), "already a bank holiday (Coronation of Charles III)"),
    (("add", "2025-12-29", "--reason", "   "), "Enter why the offices are closed"),
    (("add", "2025-12-29", "--reason", "x" * 201), "200 characters or fewer"),
    (("remove", "2025-12-30"), "Tuesday 30 December 2025 is not a closure day"),
])
def test_refusals_say_why_and_change_nothing(args, message):
    before = AuditEvent.objects.count()
    assert message in refusal(*args)
    assert not ClosureDay.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_the_same_day_twice_is_refused_naming_the_first_reason():
    run("add", "2025-12-29", "--reason", "Council offices closed")
    assert "already a closure day (Council offices closed)" in refusal(
        "add", "2025-12-29", "--reason", "Again")
    assert ClosureDay.objects.get().reason == "Council offices closed"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["29/12/2025", "2025-13-01", "20251229", "tomorrow"])
def test_a_date_not_written_as_yyyy_mm_dd_is_refused(text):
    assert "write it as YYYY-MM-DD" in refusal("add", text, "--reason", "x")


@pytest.mark.django_db
def test_an_administrator_may_change_closure_days_and_is_named(world):
    admin = world.users["administrator"]
    closure = closure_day_add(actor=admin, day=CLOSED, reason="Council offices closed")
    assert closure.created_by == admin
    event = AuditEvent.objects.get(action="calendar.closure_add")
    assert (event.actor_id, event.actor_role) == (admin.pk, "administrator")
    closure_day_remove(actor=admin, day=CLOSED)
    assert not ClosureDay.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["social_worker", "team_manager", "privacy_officer"])
def test_other_roles_may_not_change_closure_days(world, role):
    user = world.users[role]
    with pytest.raises(AccessDenied):
        closure_day_add(actor=user, day=CLOSED, reason="Council offices closed")
    closure_day_add(actor=None, day=CLOSED, reason="Council offices closed")
    with pytest.raises(AccessDenied):
        closure_day_remove(actor=user, day=CLOSED)
    assert ClosureDay.objects.count() == 1
    assert not AuditEvent.objects.filter(actor_id=user.pk).exists()


@pytest.mark.django_db
def test_direct_service_errors_are_domain_errors():
    with pytest.raises(ValidationFailed) as caught:
        closure_day_add(actor=None, day=D(2025, 12, 25), reason="x")
    assert "Christmas Day" in caught.value.errors["date"][0]
    with pytest.raises(NotFound):
        closure_day_remove(actor=None, day=CLOSED)


# ------------------------------------------------------------------ the cached read
def _in_another_connection(work) -> None:
    failures: list[BaseException] = []

    def runner() -> None:
        try:
            work()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    t = threading.Thread(target=runner)
    t.start()
    t.join(timeout=60)
    assert not failures, failures


def test_a_change_committed_here_is_seen_at_once(live_db):
    assert calendar.is_working_day(CLOSED)  # now cached
    closure_day_add(actor=None, day=CLOSED, reason="Council offices closed")
    assert not calendar.is_working_day(CLOSED)
    closure_day_remove(actor=None, day=CLOSED)
    assert calendar.is_working_day(CLOSED)


def test_a_rolled_back_change_never_reaches_the_shared_copy(live_db):
    assert calendar.is_working_day(CLOSED)
    with pytest.raises(RuntimeError), transaction.atomic():
        closure_day_add(actor=None, day=CLOSED, reason="Council offices closed")
        assert not calendar.is_working_day(CLOSED)  # this transaction sees its own change
        _in_another_connection(lambda: calendar.is_working_day(CLOSED))  # others do not
        raise RuntimeError("the request failed")
    assert calendar.is_working_day(CLOSED)
    assert closures.closure_days() == frozenset()


def test_another_process_change_is_seen_once_the_copy_is_a_minute_old(live_db, monkeypatch):
    ticks = [1000.0]
    monkeypatch.setattr(closures.time, "monotonic", lambda: ticks[0])
    assert calendar.is_working_day(CLOSED)
    # A change made elsewhere (another process: no signal reaches this one).
    ClosureDay.objects.bulk_create([ClosureDay(date=CLOSED, reason="Council offices closed")])
    ticks[0] += closures.TTL_SECONDS - 1
    assert calendar.is_working_day(CLOSED)
    ticks[0] += 2
    assert not calendar.is_working_day(CLOSED)


def test_the_two_word_command_works_from_the_shell(live_db):
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "everychild.config.settings.test"}
    if connection.vendor == "postgresql":
        env.update(EVERYCHILD_DATABASE="postgres", PGDATABASE=db["NAME"])
    else:
        env.update(EVERYCHILD_DATABASE="sqlite", EVERYCHILD_SQLITE_PATH=str(db["NAME"]))
    added = subprocess.run([EVERYCHILD, "calendar", "closure", "add", "2025-12-29", "--reason",
                            "Council offices closed"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert added.returncode == 0, added.stderr
    assert ClosureDay.objects.get().date == CLOSED
    again = subprocess.run([EVERYCHILD, "calendar", "closure", "add", "2025-12-29", "--reason",
                            "x"], env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2
    assert "already a closure day" in again.stderr
