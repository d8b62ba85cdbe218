"""`everychild audit verify`: "Audit log intact: N entries" and exit 0, or the first
tampered or missing entry and exit 1."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from everychild.access import audit_triggers
from everychild.access.audit import audit_record

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))


def write(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.entry", target_type="person", target_id=f"p-{i}",
                     detail={"i": i})


def tamper(sql: str, params: list) -> None:
    """Play an attacker with the owner's powers: lift the guard, change the log."""
    audit_triggers.drop()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    """Run the check on a broken log: it must exit with status 1; returns what it said."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_verify", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    return err.getvalue()


@pytest.mark.django_db
def test_an_intact_log_is_reported_with_its_size():
    write(4)
    assert verify().strip() == "Audit log intact: 4 entries"


@pytest.mark.django_db
def test_an_empty_log_is_intact():
    assert verify().strip() == "Audit log intact: 0 entries"


@pytest.mark.django_db
def test_an_altered_entry_is_named_and_the_exit_code_is_1():
    write(5)
    tamper("UPDATE access_auditevent SET action = %s WHERE seq = %s", ["nothing.happened", 3])
    said = verify_fails()
    assert "entry 3 has been altered" in said
    assert "2 entries before it are intact" in said


@pytest.mark.django_db
def test_a_removed_entry_is_named():
    write(5)
    tamper("DELETE FROM access_auditevent WHERE seq = %s", [2])
    assert "entry 2 is missing" in verify_fails()


@pytest.mark.django_db
def test_entries_cut_from_the_end_are_noticed():
    write(5)
    tamper("DELETE FROM access_auditevent WHERE seq >= %s", [4])
    assert "entries 4 to 5 are missing from the end" in verify_fails()


def _command_env() -> dict[str, str]:
    """Environment for an `everychild` process that uses this test's database."""
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "everychild.config.settings.test"}
    if connection.vendor == "postgresql":
        env.update(EVERYCHILD_DATABASE="postgres", PGDATABASE=db["NAME"])
    else:
        if "memory" in str(db["NAME"]):
            pytest.skip("the SQLite test database is in memory, out of another process' reach")
        env.update(EVERYCHILD_DATABASE="sqlite", EVERYCHILD_SQLITE_PATH=str(db["NAME"]))
    return env


def test_the_everychild_command_exits_0_then_1_after_tampering(live_db):
    write(3)
    env = _command_env()
    intact = subprocess.run([EVERYCHILD, "audit", "verify"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.strip() == "Audit log intact: 3 entries"

    tamper("UPDATE access_auditevent SET detail = %s WHERE seq = %s", ['{"i": 99}', 2])
    broken = subprocess.run([EVERYCHILD, "audit", "verify"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert broken.returncode == 1
    assert "entry 2 has been altered" in broken.stderr
