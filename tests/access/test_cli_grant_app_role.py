"""`everychild db grant-app-role ROLE`: on PostgreSQL the app's role may read and write
but never change or remove audit entries; elsewhere a clear refusal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from everychild.access.audit import audit_record

EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
ROLE = f"everychild_app_test_{os.getpid()}"


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.mark.django_db
def test_on_sqlite_it_refuses_clearly(db):
    if on_postgres():
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="only on PostgreSQL") as failure:
        call_command("grant_app_role", "everychild_app")
    assert failure.value.returncode != 0


def test_the_everychild_command_exits_non_zero_on_sqlite(tmp_path):
    env = {**os.environ, "EVERYCHILD_DATABASE": "sqlite", "EVERYCHILD_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([EVERYCHILD, "db", "grant-app-role", "everychild_app"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "only on PostgreSQL" in result.stderr


@pytest.mark.django_db
def test_an_unknown_role_is_named(db):
    if not on_postgres():
        pytest.skip("PostgreSQL only")
    with pytest.raises(CommandError, match="no PostgreSQL role 'nobody_of_that_name'"):
        call_command("grant_app_role", "nobody_of_that_name")


@pytest.fixture
def app_role(live_db) -> Iterator[str]:
    if not on_postgres():
        pytest.skip("PostgreSQL only: database roles")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
    try:
        yield ROLE
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {ROLE}")
            cursor.execute(f"DROP ROLE {ROLE}")


def connect_as(role: str):
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None,
                           dbname=db["NAME"], user=role, autocommit=True)


def test_the_app_role_can_add_and_read_audit_entries_but_not_change_them(app_role):
    import psycopg

    audit_record(actor=None, action="test.entry", target_type="person", target_id="p-1")
    out = io.StringIO()
    call_command("grant_app_role", app_role, stdout=out)
    assert f"Granted {app_role}" in out.getvalue()

    with connect_as(app_role) as conn:
        assert conn.execute("SELECT count(*) FROM access_auditevent").fetchone()[0] == 1
        conn.execute(
            "INSERT INTO access_auditevent (seq, at, actor_username, actor_role, action, "
            "target_type, target_id, source_address, channel, reason, detail, prev_hash, hash) "
            "VALUES (2, now(), '', '', 'test.entry', '', '', '', '', '', '{}', '', '')")
        assert conn.execute("SELECT count(*) FROM access_auditevent").fetchone()[0] == 2
        # The app's ordinary tables stay writable.
        conn.execute("UPDATE access_audithead SET seq = seq WHERE id = 1")
        for statement in ("UPDATE access_auditevent SET action = 'changed'",
                          "DELETE FROM access_auditevent",
                          "TRUNCATE access_auditevent"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege,
                               match="permission denied"):
                conn.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM access_auditevent WHERE action = 'changed'")
        assert cursor.fetchone()[0] == 0
