"""`everychild audit verify`: check the audit log's hash chain from start to end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from everychild.access.audit import audit_verify


class Command(BaseCommand):
    help = ("Check that no audit entry has been altered, removed or inserted. Exits 0 if the "
            "log is intact, 1 if it is not.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if result.ok:
            self.stdout.write(f"Audit log intact: {result.checked} entries")
            return
        self.stderr.write(
            f"Audit log NOT intact: {result.problem}. The {result.checked} entries before it "
            "are intact; treat the log from that entry on as untrustworthy and investigate.")
        # Exit status 1 whether run as `everychild audit verify` or through call_command,
        # so that scripts and monitoring can rely on it.
        raise SystemExit(1)
