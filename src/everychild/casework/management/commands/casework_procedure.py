"""`everychild casework procedure [--from DATE --rules wt2006|wt2013]`: choose which
Working Together procedure set the authority works to from a date, or list the choices.

An episode keeps the set in force on its referral date; with no choice at all, the 2013
onwards rules apply. Each choice is audited (as the command line, `actor` none).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.casework.models import Rules
from everychild.casework.selectors.pathway import procedure_list
from everychild.casework.services.procedure import procedure_choose
from everychild.core import request_context
from everychild.core.errors import DomainError


def _date(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, "
                                     "e.g. 2013-04-15")


class Command(BaseCommand):
    help = ("Choose the Working Together procedure set from a date (--from and --rules), "
            "or list the choices (no arguments).")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--from", dest="effective_from", type=_date, metavar="DATE",
                            help="the first referral date the rules apply to (YYYY-MM-DD)")
        parser.add_argument("--rules", choices=Rules.values,
                            help="wt2006: initial and core assessments; wt2013: single "
                                 "assessments")

    def handle(self, *args: Any, **options: Any) -> None:
        when, rules = options["effective_from"], options["rules"]
        if when is None and rules is None:
            self._list()
            return
        if when is None or rules is None:
            raise CommandError("Give both --from DATE and --rules, or neither to list",
                               returncode=2)
        token = request_context.set_current(request_context.RequestMeta(channel="cli"))
        try:
            choice = procedure_choose(actor=None, effective_from=when, rules=rules)
        except DomainError as exc:
            messages = [m for ms in exc.errors.values() for m in ms] or [exc.message]
            raise CommandError("; ".join(messages), returncode=2) from None
        finally:
            request_context.reset(token)
        self.stdout.write(f"{Rules(choice.rules).label} applies to referrals from "
                          f"{choice.effective_from.day} {choice.effective_from:%B %Y}.")

    def _list(self) -> None:
        choices = procedure_list()
        if not choices:
            self.stdout.write(f"No choice made: {Rules.WT2013.label} applies.")
            return
        for c in choices:
            self.stdout.write(f"{c.effective_from.isoformat()}  {c.rules}  "
                              f"{Rules(c.rules).label}")
