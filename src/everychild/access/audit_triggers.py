"""Database triggers that make the audit log append-only.

On SQLite the triggers are the guard. On PostgreSQL they refuse UPDATE, DELETE and
TRUNCATE for everyone, and `everychild db grant-app-role` also withholds those
privileges from the application's own database role.
"""

from __future__ import annotations

from typing import Any

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "access_auditevent"
HEAD_TABLE = "access_audithead"
MESSAGE = "the audit log is append-only"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    # The head may only move forward.
    f"CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON {HEAD_TABLE} "
    f"WHEN NEW.seq < OLD.seq BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON {HEAD_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_forward",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
]
_PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION everychild_audit_refuse() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
    f"""CREATE OR REPLACE FUNCTION everychild_audit_head_forward() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.seq < OLD.seq THEN RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW;
        END $$""",
    f"""CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION everychild_audit_refuse()""",
    f"""CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION everychild_audit_refuse()""",
    f"""CREATE OR REPLACE TRIGGER audit_head_forward BEFORE UPDATE ON {HEAD_TABLE}
        FOR EACH ROW EXECUTE FUNCTION everychild_audit_head_forward()""",
    f"""CREATE OR REPLACE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD_TABLE}
        FOR EACH ROW EXECUTE FUNCTION everychild_audit_refuse()""",
    f"""CREATE OR REPLACE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION everychild_audit_refuse()""",
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_head_forward ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_head_no_delete ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEAD_TABLE}",
]


def _run(statements: list[str], connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper = default_connection) -> None:
    _run(_PG_INSTALL if connection.vendor == "postgresql" else _SQLITE_INSTALL, connection)


def drop(connection: BaseDatabaseWrapper = default_connection) -> None:
    """Remove the guards. Only for tests that play an attacker, or that empty the database."""
    _run(_PG_DROP if connection.vendor == "postgresql" else _SQLITE_DROP, connection)


def install_after_migrate(*, using: str = "default", **_: Any) -> None:
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        install(connection)


APP_ROLE_GRANTS = [
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {{role}}",
    f"REVOKE DELETE, TRUNCATE ON {HEAD_TABLE} FROM {{role}}",
]


def grant_app_role(role: str, connection: BaseDatabaseWrapper = default_connection) -> None:
    """Give the app's PostgreSQL role what it needs and no power over the audit log."""
    if connection.vendor != "postgresql":
        raise ValueError("database roles exist only on PostgreSQL")
    quoted = connection.ops.quote_name(role)
    _run([g.format(role=quoted) for g in APP_ROLE_GRANTS], connection)
