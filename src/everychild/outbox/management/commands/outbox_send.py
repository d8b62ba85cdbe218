"""`everychild outbox send [--loop] [--interval SECONDS]`: the outbox worker.

Without --loop it sends what is due and exits. With --loop it keeps going until SIGTERM
or SIGINT (Ctrl-C); then it finishes the message in hand, gives back the rest of its
claim, and exits 0. Any number of workers may run at once.
"""

from __future__ import annotations

import argparse
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from everychild.outbox.services import default_worker_id, deliver_due


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox."
    # The worker serves no pages: a fault in, say, a URL pattern must not stop the email.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--loop", action="store_true",
                            help="keep running, checking for due emails, until stopped")
        parser.add_argument("--interval", type=float, default=5.0, metavar="SECONDS",
                            help="with --loop, how long to wait when nothing is due (5)")
        parser.add_argument("--batch", type=int, default=50,
                            help="how many emails to claim at a time (50)")

    def handle(self, *args: Any, **options: Any) -> None:
        interval: float = options["interval"]
        batch: int = options["batch"]
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be more than 0", returncode=2)
        self.stopping = False
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        worker_id = default_worker_id()
        total = 0
        try:
            if options["loop"]:
                self.stdout.write(f"Outbox worker {worker_id} running (Ctrl-C to stop)")
            while not self.stopping:
                try:
                    sent = deliver_due(batch=batch, worker_id=worker_id,
                                       should_stop=lambda: self.stopping)
                except DatabaseError as exc:
                    if not options["loop"]:
                        raise CommandError(f"The database could not be reached: {exc}") from None
                    self.stderr.write(f"Database error, trying again: {exc}")
                    close_old_connections()
                    sent = 0
                total += sent
                if sent and options["verbosity"] >= 1:
                    self.stdout.write(f"Sent {sent} email{'s' if sent != 1 else ''}")
                if sent == batch:
                    continue  # there may be more due already
                if not options["loop"]:
                    break
                self._sleep(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Outbox worker stopped; {total} sent")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        # Only a flag: the message being sent is finished, the next one is not started.
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))
