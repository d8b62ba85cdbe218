"""`everychild db grant-app-role ROLE`: PostgreSQL privileges for the app's own role."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from everychild.access.audit_triggers import HEAD_TABLE, TABLE, grant_app_role


class Command(BaseCommand):
    help = ("PostgreSQL only: let ROLE read and write Everychild's tables but never update, "
            "delete or truncate the audit log. Run as the database owner after migrate.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("role", help="the PostgreSQL role the app connects as")

    def handle(self, *args: Any, **options: Any) -> None:
        role: str = options["role"].strip()
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles exist only on PostgreSQL; this database is "
                f"{connection.display_name}. On SQLite the audit log is guarded by triggers "
                "alone, and there is nothing to grant.", returncode=2)
        if not role:
            raise CommandError("Give the name of the role, e.g. everychild_app", returncode=2)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no PostgreSQL role {role!r}: create it first "
                                   f"(CREATE ROLE {role} LOGIN PASSWORD '…').", returncode=2)
        try:
            grant_app_role(role)
        except DatabaseError as exc:
            raise CommandError(f"Could not grant privileges to {role!r}: {exc}. Run this as "
                               "the owner of Everychild's tables.", returncode=1) from None
        self.stdout.write(
            f"Granted {role}: read and write on Everychild's tables; no UPDATE, DELETE or "
            f"TRUNCATE on {TABLE}, and no DELETE or TRUNCATE on {HEAD_TABLE}.")
