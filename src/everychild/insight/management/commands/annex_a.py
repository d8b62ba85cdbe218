"""`everychild annex-a --as-of DATE --out FILE.xlsx`: Ofsted's Annex A Lists 1 to 7 for the
six months up to DATE, as an Excel workbook with the sheets and columns of Ofsted's
template. Audited as one bulk read (from the command line, `actor` none)."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.core import request_context
from everychild.insight.annex_a.export import (
    ExportProblem,
    annex_a_export,
    as_of_date,
    output_path,
)


class Command(BaseCommand):
    help = ("Write Ofsted's Annex A Lists 1 to 7 (contacts, early help, referrals, "
            "assessments, section 47 enquiries and initial conferences, children in need, "
            "child protection) for the six months up to a date. List 8 (children looked "
            "after) and later lists are not written: Everychild keeps no care records.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        # Checked in handle(), so that every mistake gets the same plain message however
        # the command is called.
        parser.add_argument("--as-of", metavar="DATE",
                            help="the last day the lists cover, YYYY-MM-DD (today or earlier)")
        parser.add_argument("--out", metavar="FILE.xlsx", help="the workbook to write")

    def handle(self, *args: Any, **options: Any) -> None:
        token = request_context.set_current(request_context.RequestMeta(channel="cli"))
        try:
            as_of = as_of_date(options["as_of"])
            out = output_path(options["out"])
            done = annex_a_export(actor=None, as_of=as_of, out=out)
        except ExportProblem as problem:
            raise CommandError(str(problem), returncode=2) from None
        finally:
            request_context.reset(token)
        period = done.period
        self.stdout.write(f"Annex A for {period.start:%d %B %Y} to {period.as_of:%d %B %Y} "
                          f"written to {done.path}")
        for sheet, count in done.rows.items():
            self.stdout.write(f"  {sheet} ({done.titles[sheet].lower()}): {count:,} rows")
        self.stdout.write("List 8 (children looked after) and Lists 9 to 11 are not written: "
                          "Everychild keeps no care, care leaver or adoption records.")
