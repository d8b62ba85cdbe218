"""`everychild calendar closure add|list|remove`: the authority's extra closure days."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.agencies.closures import closure_day_add, closure_day_list, closure_day_remove
from everychild.core import clock, request_context
from everychild.core.errors import DomainError


def _date(text: str) -> dt.date:
    try:
        if len(text) == 10:  # fromisoformat would also take 20251229
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, "
                                     "e.g. 2025-12-29")


class Command(BaseCommand):
    help = ("Days the authority's offices are closed although they are not weekends or bank "
            "holidays. Working-day deadlines step over them.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, metavar="add|list|remove")
        add = sub.add_parser("add", help="add a closure day")
        add.add_argument("date", type=_date, help="YYYY-MM-DD")
        add.add_argument("--reason", required=True, help="why the offices are closed")
        listing = sub.add_parser("list", help="list closure days")
        listing.add_argument("--all", action="store_true", help="include past days")
        remove = sub.add_parser("remove", help="make a closure day a working day again")
        remove.add_argument("date", type=_date, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        token = request_context.set_current(request_context.RequestMeta(channel="cli"))
        try:
            getattr(self, f"_{options['verb']}")(options)
        except DomainError as exc:
            messages = [m for ms in exc.errors.values() for m in ms] or [exc.message]
            raise CommandError("; ".join(messages), returncode=2) from None
        finally:
            request_context.reset(token)

    def _add(self, options: dict[str, Any]) -> None:
        day: dt.date = options["date"]
        closure = closure_day_add(actor=None, day=day, reason=options["reason"])
        self.stdout.write(f"Added closure day {closure}.")
        if day < clock.today():
            self.stdout.write("It is in the past: deadlines that ran over it move a day later.")

    def _remove(self, options: dict[str, Any]) -> None:
        closure = closure_day_remove(actor=None, day=options["date"])
        self.stdout.write(f"Removed closure day {closure}; it is a working day again.")

    def _list(self, options: dict[str, Any]) -> None:
        rows = closure_day_list(since=None if options["all"] else clock.today())
        if not rows:
            self.stdout.write("No closure days" + ("." if options["all"] else " from today on."))
            return
        for row in rows:
            self.stdout.write(f"{row.date.isoformat()}  {row.date:%a}  {row.reason}")
