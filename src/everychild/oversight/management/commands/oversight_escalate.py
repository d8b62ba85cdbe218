"""`everychild oversight escalate [--loop] [--interval SECONDS]`: tell managers about
work that has gone overdue (see oversight.services.escalate_overdue).

Without --loop it escalates once and exits. With --loop it runs again every interval
until SIGTERM or SIGINT (Ctrl-C), finishing the pass in hand first. Running it twice, or
two at once, sends nothing twice.
"""

from __future__ import annotations

import argparse
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from everychild.oversight.services import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue casework to the team managers, once per item."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--loop", action="store_true",
                            help="keep running, escalating every interval, until stopped")
        parser.add_argument("--interval", type=float, default=300.0, metavar="SECONDS",
                            help="with --loop, how long to wait between passes (300)")

    def handle(self, *args: Any, **options: Any) -> None:
        interval: float = options["interval"]
        if interval <= 0:
            raise CommandError("--interval must be more than 0", returncode=2)
        self.stopping = False
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        total = 0
        try:
            if options["loop"]:
                self.stdout.write("Escalation worker running (Ctrl-C to stop)")
            while not self.stopping:
                try:
                    run = escalate_overdue()
                except DatabaseError as exc:
                    if not options["loop"]:
                        raise CommandError(f"The database could not be reached: {exc}") from None
                    self.stderr.write(f"Database error, trying again: {exc}")
                    close_old_connections()
                else:
                    total += run.escalated
                    if (run.escalated or run.without_manager) and options["verbosity"] >= 1:
                        self.stdout.write(
                            f"Escalated {run.escalated} overdue item"
                            f"{'s' if run.escalated != 1 else ''} ({run.emails} e-mails)"
                            + (f"; {run.without_manager} with no manager to tell"
                               if run.without_manager else ""))
                if not options["loop"]:
                    break
                self._sleep(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Escalation stopped; {total} escalated")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))
