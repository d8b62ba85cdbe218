"""`everychild census validate FILE.xml --year YYYY [--format text|json]`: check any
authority's Children in Need census file against the DfE's schema and validation rules
for the collection year ending 31 March YYYY.

Exit status: 0 when there are no errors (queries alone still pass), 1 when there are
errors, 2 when the file cannot be checked at all (missing, empty, not XML, malformed, not a
CIN census, for another year, too large) or the year is unknown.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.insight.census.reader import CensusFileError
from everychild.insight.census.specs import UnknownYear
from everychild.insight.census.validation import check_file
from everychild.insight.census.validation.report import as_json, text_lines


class Command(BaseCommand):
    help = "Check a Children in Need census file against the DfE rules for a collection year."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE.xml", help="the census file to check")
        parser.add_argument("--year", type=int, required=True, metavar="YYYY",
                            help="the collection year, named by the March it ends in "
                                 "(2025 is 2024-25)")
        parser.add_argument("--format", choices=("text", "json"), default="text",
                            help="how to print the failures (text)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = check_file(options["file"], options["year"])
        except (CensusFileError, UnknownYear) as exc:
            raise CommandError(str(exc), returncode=2) from None
        except MemoryError:
            raise CommandError("The file is too large to check in the memory available.",
                               returncode=2) from None
        if options["format"] == "json":
            self.stdout.write(as_json(result))
        else:
            for line in text_lines(result):
                self.stdout.write(line)
        if result.errors:
            raise CommandError(f"{result.errors:,} error{'s' if result.errors != 1 else ''} "
                               f"to correct.", returncode=1)
