"""`everychild census export --year YYYY --out FILE.xml`: write the DfE Children in Need
census for the collection year ending 31 March YYYY (see insight.census.export).

The export reads every child in need of the year, so it is audited as one bulk read, by
the command line (`actor` none). A failed export leaves no file behind.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from everychild.core import request_context
from everychild.insight.census.export import CensusExportError, census_export
from everychild.insight.census.specs import UnknownYear


def _year(text: str) -> int:
    if len(text) == 4 and text.isdigit():
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a year: give the year the collection "
                                     "ends in, e.g. 2025 for 2024-25")


class Command(BaseCommand):
    help = ("Write the Children in Need census for the collection year ending 31 March YYYY "
            "(e.g. --year 2025 for 2024-25) to an XML file.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--year", type=_year, required=True, metavar="YYYY",
                            help="the year the collection ends in (2025 is 2024-25)")
        parser.add_argument("--out", required=True, metavar="FILE.xml",
                            help="the file to write (replaced if it exists)")

    def handle(self, *args: Any, **options: Any) -> None:
        token = request_context.set_current(request_context.RequestMeta(channel="cli"))
        try:
            result = census_export(year=options["year"], out=options["out"])
        except (UnknownYear, CensusExportError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        except DatabaseError as exc:
            raise CommandError(f"The database could not be read: {exc}") from None
        finally:
            request_context.reset(token)
        children = f"{result.children:,} child{'ren' if result.children != 1 else ''}"
        self.stdout.write(f"Wrote the {result.spec.label} Children in Need census "
                          f"({children}) to {result.path}")
        if result.early is not None:
            self.stdout.write(f"The {result.spec.label} year ends on 31 March {result.spec.year}: "
                              "this is the census as the records stand on "
                              f"{result.early.day} {result.early:%B %Y}, not yet a return to "
                              "send.")
        for note, count in sorted(result.notes.items()):
            self.stdout.write(f"  {count:,} × {note}")
