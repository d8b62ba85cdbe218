"""`everychild people dedupe PEOPLE.csv --out CLUSTERS.csv`: find the rows of one file
that are the same person."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from everychild.people.matching.batch import (
    DEDUPE_THRESHOLD,
    BadInput,
    check_output,
    dedupe,
    write_csv,
)

from ._matching_options import INPUT_HELP, add_common


class Command(BaseCommand):
    help = ("Group the rows of a people file that are the same person. Writes id,cluster_id "
            "for every row; a cluster is named by its smallest id. Scored with the trained "
            "matching model by Splink.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("people", type=Path, help=INPUT_HELP)
        add_common(parser, default_threshold=DEDUPE_THRESHOLD,
                   threshold_means="pairs at or above this match probability join a cluster")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_output(options["out"])
            rows = dedupe(options["people"], threshold=options["threshold"],
                          backend=options["backend"])
            write_csv(options["out"], ("id", "cluster_id"), rows)
        except BadInput as problem:
            raise CommandError(str(problem)) from None
        clusters = len({cluster for _, cluster in rows})
        self.stdout.write(f"{len(rows):,} rows in {clusters:,} clusters written to "
                          f"{options['out']}")
